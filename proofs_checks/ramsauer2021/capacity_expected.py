r"""Checks of Ramsauer et al. (2021): capacity for the expected minimal separation (Lemmas A16, A17, Theorem A7).

Claims ``ramsauer2021/expected-min-angle``, ``expected-angle-constant``,
``capacity-expected-separation`` and ``capacity-expected-example``.  Oracles: :math:`C_n` and
Theorem A7's condition at 50 digits; Monte Carlo means decided by
:func:`~proofs_checks._framework.mean_check` (Student-t bounds, suite-level error control).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory.bounds import ramsauer2021 as B

from .._framework import Observation, check, combine, inequality_check, mean_check, part_summary
from ._common import host, value_of
from ._instances import min_angles
from ._oracles import DPS_HIGH, mp_C, mp_a7_terms, mpf

__all__: list[str] = []


_A16_GRID = ((3, 40), (5, 80), (10, 120), (20, 150))


@check("ramsauer2021/expected-min-angle", stat_parts=len(_A16_GRID))
def check_expected_min_angle(ctx):
    """Lemma A16: E[M^{2/(d-1)} alpha_min] >= C_{d-1} for M i.i.d. uniform points on S^{d-1}.

    One mean part per (d, M) of :data:`_A16_GRID` (the last point only where the profile runs
    the full grid): fresh point sets from the part's seed, a one-sided Student-t bound with
    suite-level error control (:func:`~proofs_checks._framework.mean_check`, kind "lower");
    confirmed when the lower confidence bound of the mean reaches 0.95 C_{d-1}, refuted only
    when the upper bound falls below C_{d-1} at two independent seeds.  Oracle for C_n: the
    package value is compared with mpmath in ``expected-angle-constant``.
    """
    xp = ctx.xp
    grid = _A16_GRID if ctx.profile.fraction >= 1.0 else _A16_GRID[:-1]
    parts, rows = [], []
    for d, M in grid:
        C = ctx.side("C_{d-1}", value=value_of(B.expected_angle_constant(n=d - 1)), kind="lower")

        def experiment(seed, n, d=d, M=M):
            return M ** (2.0 / (d - 1)) * min_angles(xp, d, M, n, seed % (2**31 - 1000))

        r = mean_check(ctx, experiment=experiment, claimed=C, kind="lower", eps=0.05 * abs(C),
                       distributions=[f"M = {M} i.i.d. uniform points on S^{d - 1}"], extra={"d": d, "M": M})
        rows.append({"d": d, "M": M, "C_{d-1}": C, "ratio_mean_over_C": r.evidence["mean"] / C, **part_summary(r)})
        parts.append((f"d={d}, M={M}", r))
    n = sum(int(r.evidence.get("trials", 0)) for _, r in parts)
    return combine(ctx, parts, extra={"grid": rows, "test": "one-sided t bound of the mean per grid point",
                                      "instances": n, "applicable_instances": n,
                                      "distributions": [f"M i.i.d. uniform points on S^(d-1), (d, M) in {list(grid)}"]})


def _C_lower_check(ctx, *, shift: int, side_name: str, bound_fn, bname: str):
    """C_n >= bound(n) with n = index - shift ... on a grid, Hypothesis, and large n at 50 digits."""
    nmax = 10_000 if ctx.profile.fraction >= 1.0 else 2_500
    ns = np.arange(1 + shift, nmax + 1, dtype=np.float64)
    Cs = host(B.expected_angle_constant(n=ctx.xp.asarray(ns)).value)
    bs = bound_fn(ns)

    def observe(draw):
        if isinstance(draw, tuple):
            rat = bs / Cs
            i = int(np.argmax(rat))
            n, lhs, rhs = float(ns[i]), float(Cs[i]), float(bs[i])
        else:
            n = float(draw)
            with mpmath.workdps(DPS_HIGH):
                lhs = float(B.expected_angle_constant.mp(n=n))
            rhs = float(bound_fn(np.array([n]))[0])
        rhs = ctx.side(side_name, value=rhs, kind="lower")
        return Observation(lhs, rhs, inputs={"n": n})

    def reevaluate(o):
        n = o.inputs["n"]
        with mpmath.workdps(DPS_HIGH):
            return float(mp_C(n)), ctx.side(side_name, value=float(bound_fn(np.array([n]))[0]), kind="lower")

    return inequality_check(
        ctx, strategy=st.integers(1 + shift, 10**8), observe=observe, reevaluate=reevaluate, kind="lower",
        explicit=[("grid",), 1 + shift, 10**5, 10**8],
        distributions=[f"grid n = {1 + shift}..{nmax} (log-gamma); Hypothesis n <= 1e8 at 50 digits"],
        reproduce=("import math\nfrom hoptheory.bounds.ramsauer2021 import expected_angle_constant\n"
                   f"lhs = float(expected_angle_constant.mp(n=ce['n']))\nrhs = {bname}"))


@check("ramsauer2021/expected-angle-constant")
def check_expected_angle_constant(ctx):
    r"""Lemma A17: C_n >= 1 - ln(n+1)/n.

    Searched on the grid n = 1..2500 (10^4 in the default profile, log-gamma) and by Hypothesis
    n <= 1e8 at 50 digits; oracle: C_n in mpmath.
    """
    return _C_lower_check(ctx, shift=0, side_name="1 - ln(n+1)/n",
                          bound_fn=lambda n: 1 - np.log(n + 1) / n, bname="1 - math.log(ce['n'] + 1) / ce['n']")


@check("ramsauer2021/capacity-expected-separation")
def check_capacity_expected_separation(ctx):
    r"""Theorem A7: the printed condition implies the master inequality at the expected separation.

    Parts: C_{d-1} >= 1 - ln(d-1)/(d-1) (the printed bracket) on the grid n = 2..2500 (10^4 in
    the default profile) and Hypothesis n <= 1e8, C_n in mpmath; the implication "printed
    condition => master inequality with alpha_min = C_{d-1} M^{-2/(d-1)}, M = c^{(d-1)/4}" on
    beta, K, c log-uniform and d in 3..400, re-evaluated at 50 digits.
    """
    parts = [("C_{d-1} >= 1 - ln(d-1)/(d-1)", _C_lower_check(
        ctx, shift=1, side_name="printed bracket 1 - ln(d-1)/(d-1)",
        bound_fn=lambda n: 1 - np.log(n) / n, bname="1 - math.log(ce['n']) / ce['n']"))]

    # implication: printed condition => master inequality at alpha_min = C_{d-1} M^{-2/(d-1)}, M = c^{(d-1)/4}
    def observe(draw):
        beta, K, c, d = draw
        inputs = {"beta": beta, "K": K, "c": c, "d": d}
        with mpmath.workdps(30):
            n = d - 1
            br = ctx.side("printed bracket 1 - ln(d-1)/(d-1)", value=float(1 - mpmath.log(n) / n), kind="lower")
            left_p, right = mp_a7_terms(beta, K, c, d, mpf(br))
            if left_p < right:                 # printed condition fails: not applicable
                return Observation(0.0, 0.0, applicable=False, inputs=inputs)
            C = mp_C(n)
            alpha = C * mpf(c) ** (-mpmath.mpf(1) / 2)
            if alpha > mpmath.pi:
                return Observation(0.0, 0.0, applicable=False, inputs=inputs, note="alpha > pi")
            sep = mpf(K) ** 2 * n * (1 - mpmath.cos(alpha))        # m^2 (1 - cos alpha_min)
            thr = right                                              # = 2/(beta M) + ln(2 M^2 beta m^2)/beta
        return Observation(float(sep), float(thr), inputs=inputs)

    def reevaluate(o):
        i = o.inputs
        M = i["c"] ** ((i["d"] - 1) / 4)
        m = i["K"] * math.sqrt(i["d"] - 1)
        with mpmath.workdps(DPS_HIGH):
            alpha = mp_C(i["d"] - 1) / mpmath.sqrt(mpf(i["c"]))
            sep = mpf(m) ** 2 * (1 - mpmath.cos(alpha))
            thr = B.master_inequality_threshold.mp(beta=i["beta"], M=M, m=m)
        return float(sep), float(thr)

    logu = lambda lo, hi: st.floats(math.log10(lo), math.log10(hi)).map(lambda e: float(10**e))  # noqa: E731
    strat = st.tuples(logu(0.1, 10.0), logu(0.5, 10.0), logu(1.0, 20.0), st.integers(3, 400))
    parts.append(("printed condition implies the master inequality", inequality_check(
        ctx, strategy=strat, observe=observe, reevaluate=reevaluate, kind="lower",
        explicit=[(1.0, 3.0, 2.0, 21), (1.0, 3.0, 2.0, 200), (1.0, 1.0, 1.0, 400), (10.0, 3.0, 1.0, 3)],
        distributions=["beta, K, c log-uniform; d uniform in 3..400; instances where the printed condition holds"],
        reproduce=("import math\nfrom hoptheory.bounds.ramsauer2021 import expected_angle_constant, "
                   "master_inequality_margin_sphere\n"
                   "M = ce['c'] ** ((ce['d'] - 1) / 4); m = ce['K'] * math.sqrt(ce['d'] - 1)\n"
                   "alpha = float(expected_angle_constant.mp(n=ce['d'] - 1)) / math.sqrt(ce['c'])\n"
                   "lhs = float(master_inequality_margin_sphere.mp(beta=ce['beta'], M=M, m=m, "
                   "cos_alpha_min=math.cos(alpha)))\nrhs = 0.0"))))
    # side by side: printed, C_{d-1} and Lemma-A17 versions at (1, 3, 2)
    ds = np.arange(3, 201, dtype=np.float64)
    xp = ctx.xp
    side_by_side = {}
    for name, bnd in (("printed", B.expected_capacity_margin_published), ("C_{d-1}", B.expected_capacity_margin_derived),
                      ("Lemma A17 at n=d-1", B.expected_capacity_margin_lemma_a17)):
        v = host(bnd(beta=1.0, K=3.0, c=2.0, d=xp.asarray(ds)).value)
        side_by_side[name] = int(ds[np.argmax(v >= 0)]) if np.any(v >= 0) else None
    return combine(ctx, parts, extra={"smallest_d_at_(beta,K,c)=(1,3,2)": side_by_side,
                                      "note": "deterministic implication at the expected separation; "
                                                "no probability guarantee"})


@check("ramsauer2021/capacity-expected-example")
def check_capacity_expected_example(ctx):
    r"""Worked example of Theorem A7: "the condition holds for beta = 1, K = 3, c = 2 and every d >= 17".

    Searches d in 17..400 (pinned d = 17) for a d where the printed condition fails; oracle: both
    sides at 50 digits (:func:`~._oracles.mp_a7_terms`).  Reports the smallest valid d for the printed bracket, for C_{d-1} and for Lemma A17
    at n = d - 1, and whether the valid set is an up-set.
    """
    beta, K, c = 1.0, 3.0, 2.0
    xp = ctx.xp
    ds = np.arange(3, 201, dtype=np.float64)
    firsts, upset = {}, {}
    for name, bnd in (("printed", B.expected_capacity_margin_published), ("C_{d-1}", B.expected_capacity_margin_derived),
                      ("Lemma A17 at n=d-1", B.expected_capacity_margin_lemma_a17)):
        v = host(bnd(beta=beta, K=K, c=c, d=xp.asarray(ds)).value)
        ok = v >= 0
        firsts[name] = int(ds[np.argmax(ok)]) if np.any(ok) else None
        upset[name] = bool(np.any(ok) and np.all(ok[np.argmax(ok):]))

    def observe(dd):
        dd = int(dd)
        with mpmath.workdps(30):
            left, right = mp_a7_terms(beta, K, c, dd, 1 - mpmath.log(dd - 1) / (dd - 1))
        lhs = ctx.side("printed left side", value=float(left), kind="upper")
        return Observation(lhs, float(right), inputs={"beta": beta, "K": K, "c": c, "d": dd})

    def reevaluate(o):
        i = o.inputs
        with mpmath.workdps(DPS_HIGH):
            left, right = mp_a7_terms(beta, K, c, i["d"], 1 - mpmath.log(mpf(i["d"]) - 1) / (i["d"] - 1))
        return ctx.side("printed left side", value=float(left), kind="upper"), float(right)

    return inequality_check(
        ctx, strategy=st.integers(17, 400), observe=observe, reevaluate=reevaluate, kind="lower",
        explicit=[17], distributions=["the published range d >= 17 (integers 17..400)"],
        extra_evidence={"smallest_valid_d": firsts, "valid_set_is_up_set_up_to_200": upset, "published": "d >= 17"},
        reproduce=("from hoptheory.bounds.ramsauer2021 import expected_capacity_margin_published as A7\n"
                   "lhs = float(A7(beta=ce['beta'], K=ce['K'], c=ce['c'], d=ce['d']).value)\nrhs = 0.0"))
