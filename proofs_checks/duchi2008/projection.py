r"""Check of the exact simplex-projection algorithms (the sparsemax threshold).

Oracles: the algorithms transcribed generic over the number type
(:data:`proofs_checks.peters2019._oracles.PROJECTIONS`), run in exact rationals against the
closed form in rationals (:func:`proofs_checks._oracles.sparsemax_fraction`), and in float64
against the package's :func:`hoptheory.maps.sparsemax` and its bisection route.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from hoptheory.maps import entmax, sparsemax

from .._framework import check, combine
from .._oracles import sparsemax_fraction
from ..peters2019 import _oracles as O
from ..peters2019._common import agree, rows_check, score_draw, scores

#: The float64 variants against the package: 16 ε (ε = 2^-52) relative to 1 + max|z| — a few
#: ulps of the scores, which every variant's sums of at most M ≤ 30 terms stay within.
ULPS = 16.0 * 2.0 ** -52

#: Exact rationals: any non-zero difference fails.
EXACT = 1e-300


def _projection_rows(d, side):
    z = scores(d)
    exact = sparsemax_fraction(z)
    v = [Fraction(float(x)) for x in z]
    rows = []
    ref = sparsemax(z)
    scale = 1.0 + float(np.max(np.abs(z)))
    for name, alg in O.PROJECTIONS.items():
        tau, _ = alg(v)
        p = side(f"{name} (rationals)", value=np.array([x - tau if x > tau else Fraction(0) for x in v], dtype=object))
        rows.append(agree(f"{name} (rationals)", [float(a - b) for a, b in zip(p, exact)], [0.0] * len(v), EXACT))
        tf, _ = alg([float(x) for x in z])
        pf = side(f"{name} (float64)", value=np.maximum(z - tf, 0.0))
        rows.append(agree(f"{name} (float64)", pf, ref, ULPS * scale))
    rows.append(agree("package bisection", side("package bisection", value=entmax(z, 2.0, method="bisect")),
                      [float(x) for x in exact], ULPS * scale))
    return rows


def _adversarial():
    """Pinned inputs: all ties, one dominant score, geometric and huge-offset scores, long supports."""
    out = [{"z": [0.0] * m} for m in (1, 2, 9)]
    out += [{"z": [5.0] + [0.0] * 7}, {"z": [1.0, 1.0, 0.0, 0.0]}, {"z": [0.5, 0.5, -0.5, -0.5]}]
    out += [{"z": list(2.0 ** -np.arange(12.0))}, {"z": list(1e8 + np.arange(6.0) * 1e-3)}]
    out += [{"z": list(1e-4 * np.arange(30.0))}, {"z": [1.0, 1.0 - 2.0 ** -40, 0.0]}]
    return out


def _costs(ctx):
    """Reported, not asserted: log-log slopes of the run time of each variant against M (best of three runs)."""
    rng = ctx.rng("costs")
    sizes = [2 ** k for k in range(6, 9 if ctx.profile.fraction < 1 else 11)]
    slopes = {}
    for name, alg in O.PROJECTIONS.items():
        ts = []
        for M in sizes:
            z = list(rng.standard_normal(M))
            best = float("inf")
            for _ in range(3):  # best of three: the least disturbed run
                t0 = time.perf_counter()
                alg(z)
                best = min(best, time.perf_counter() - t0)
            ts.append(max(best, 1e-7))
        slopes[name] = float(np.polyfit(np.log(sizes), np.log(ts), 1)[0])
    return {"fitted log-log slope of time against M (reported, not asserted)": slopes, "sizes": sizes}


@check("duchi2008/simplex-projection-algorithms", stat_parts=0)
def check_simplex_projection_algorithms(ctx):
    """``duchi2008/simplex-projection-algorithms``: every exact algorithm returns the same projection.

    Algorithms: sort (Held–Wolfe–Crowder/Michelot/Duchi), Michelot's elimination, Duchi's
    randomised pivot, Condat's, Kiwiel's median search, top-k doubling, bisection followed by
    the exact threshold on the support.  Families: pinned adversarial inputs (ties, a dominant
    score, geometric, offsets of 1e8, long supports), Gaussian, tied, spread and spike draws.
    Oracles: the closed form in exact rationals (each variant must equal it exactly); in float64
    the package's sparsemax to 16 ε (1 + max|z|).  Costs: log-log slopes, reported only.
    """
    n = max(8, ctx.profile.examples // 8)
    main = rows_check(ctx, _projection_rows, score_draw(M=(1, 30)), examples=n, families={"adversarial": _adversarial()})
    return combine(ctx, [("agreement", main), ("costs (reported)", _costs(ctx))])
