r"""Check of the Kabatiansky–Levenshtein upper bound (``kabatiansky1978/kl-upper-bound``).

The bound is asymptotic, :math:`A(d,\theta)\le2^{d(\rho(\theta)+o(1))}`, so no finite-:math:`d`
inequality is asserted.  What is asserted is what both cited rates imply together: the
Chabauty–Shannon–Wyner rate never exceeds the Kabatiansky–Levenshtein rate,
:math:`-\log_2\sin\theta\le\rho(\theta)` for :math:`0<\theta<\pi/2` (:func:`rate_order`, shared with
``wyner1965/csw-lower-bound``).  Near :math:`\theta=0` the two rates differ by
:math:`1/\ln2-1\approx0.44`, so halving :math:`\rho` or doubling the CSW rate breaks the order
there.  Oracle: both rates rewritten with the angle itself (``mpmath.acos``, ``mpmath.sin``) at
50 digits.  The rates of codes found by the optimiser are reported beside the two exponents.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import sampling
from hoptheory.bounds import spherical_codes as S

from .._framework import Context, Observation, check, combine, inequality_check
from ..hu2024khm._codes import DPS

__all__ = ["mp_rates", "rate_float_range", "rate_order", "rate_table"]


def mp_rates(cos_theta) -> tuple:
    r""":math:`(-\log_2\sin\theta,\ \rho(\theta))` from the angle :math:`\theta=\arccos(\cos\theta)`, at 50 digits."""
    with mpmath.workdps(DPS):
        s = mpmath.sin(mpmath.acos(mpmath.mpf(cos_theta)))
        a, b = (1 + s) / (2 * s), (1 - s) / (2 * s)
        return -mpmath.log(s, 2), a * mpmath.log(a, 2) - b * mpmath.log(b, 2)


def rate_order(ctx: Context):
    r"""Part: :math:`-\log_2\sin\theta\le\rho(\theta)` for :math:`0<\theta<\pi/2`.

    The library formulas are evaluated at 50 digits (:meth:`~hoptheory.bounds.Bound.mp`); both pass through :meth:`~proofs_checks.Context.side` (``csw_exponent`` as a lower
    bound on the rate, ``kl_exponent`` as an upper bound).  Instances: a grid of angles from
    :math:`0.05^\circ` to :math:`89.95^\circ` (finer on the default profile), both ends of the
    range, and :math:`\cos\theta` drawn by Hypothesis.
    """

    def observe(c):
        # the library formulas at 50 digits: in float64 sin(theta) rounds to 1 for cos(theta) < 1e-8,
        # where rho's term b log2 b becomes 0 * log 0 (reported by rate_float_range)
        lhs = ctx.side("csw_exponent", value=float(S.csw_exponent.mp(cos_theta=c)), kind="lower")
        rhs = ctx.side("kl_exponent", value=float(S.kl_exponent.mp(cos_theta=c)), kind="upper")
        return Observation(lhs, rhs, inputs={"cos_theta": c})

    def reevaluate(o):
        csw, kl = mp_rates(o.inputs["cos_theta"])
        return (ctx.side("csw_exponent", value=float(csw), kind="lower"),
                ctx.side("kl_exponent", value=float(kl), kind="upper"))

    n = max(20, int(180 * ctx.profile.fraction))
    rng = ctx.rng("rate grid")
    grid = [math.cos(math.radians(a)) for a in np.linspace(0.05, 89.95, n) + rng.uniform(-0.04, 0.04, n)]
    return inequality_check(
        ctx, strategy=st.floats(1e-9, 1 - 1e-9, allow_nan=False), observe=observe, reevaluate=reevaluate,
        families={"angles 0.05 to 89.95 degrees (jittered grid)": grid,
                  "ends of the range": [1 - 1e-12, 1 - 1e-6, 1e-6, 1e-12]},
        distributions=["cos(theta) uniform on (0, 1) + angle grid"],
        reproduce=("from hoptheory.bounds.spherical_codes import csw_exponent, kl_exponent\n"
                   "lhs = float(csw_exponent(ce['cos_theta']).value)\n"
                   "rhs = float(kl_exponent(ce['cos_theta']).value)"))


def rate_float_range() -> dict:
    """Reported: the smallest :math:`\\cos\\theta` of a decade grid where both rates are finite in float64."""
    finite = [c for c in 10.0 ** -np.arange(1, 17) if math.isfinite(float(S.kl_exponent(c).value))
              and math.isfinite(float(S.csw_exponent(c).value))]
    return {"smallest cos(theta) with finite float64 rates (decade grid)": float(min(finite)) if finite else None,
            "note": "below it sin(theta) rounds to 1 and rho's term b log2 b is 0 * log 0; the checks use 50 digits"}


def rate_table(ctx: Context, dims=(3, 4, 5, 6), factors=(2, 4)) -> list[dict]:
    r"""Reported: rates :math:`\log_2M/d` of optimiser-found codes beside both exponents at their angle.

    Codes of :math:`M=f\cdot d` points (:func:`hoptheory.sampling.optimise_code`, seeded from the
    suite seed); rows whose minimal angle is not below :math:`\pi/2` are skipped (no exponent).
    """
    rows = []
    for d in dims:
        for f in factors:
            M = f * d + 1
            U = sampling.optimise_code(d, M, seed=ctx.subseed("code", d, M) % 2**31, steps=400)
            c = math.cos(sampling.minimal_angle(U))
            if not 0 < c < 1:
                continue
            csw, kl = float(S.csw_exponent(c).value), float(S.kl_exponent(c).value)
            rate = math.log2(M) / d
            rows.append({"d": d, "M": M, "angle_degrees": math.degrees(math.acos(c)), "rate_log2M_over_d": rate,
                         "csw_exponent": csw, "kl_exponent": kl, "rate_over_kl": rate / kl})
    return rows


@check("kabatiansky1978/kl-upper-bound")
def check_kl_upper_bound(ctx):
    r"""``kabatiansky1978/kl-upper-bound``: :math:`\rho(\theta)\ge-\log_2\sin\theta` on a grid of angles.

    Families: a jittered grid of angles in :math:`(0,\pi/2)`, both ends, Hypothesis draws of
    :math:`\cos\theta`.  Oracle: both rates from the angle at 50 digits (mpmath).  Reported: the
    rates of optimiser-found codes in :math:`d=3,\dots,6` (finite :math:`d`: the :math:`o(1)` term
    is large there, so these are not assertions) and :math:`\rho-(-\log_2\sin\theta)` as
    :math:`\theta\to0` (the limit is :math:`1/\ln2-1`).
    """
    order = rate_order(ctx)
    c0 = math.cos(math.radians(0.01))
    gap = float(S.kl_exponent(c0).value) - float(S.csw_exponent(c0).value)
    facts = {"codes (reported)": rate_table(ctx), "float64 range of the rates": rate_float_range(),
             "kl minus csw at 0.01 degrees": {"value": gap, "limit 1/ln2 - 1": 1 / math.log(2) - 1}}
    return combine(ctx, [("rate order csw <= kl", order), ("optimiser codes (reported)", facts)],
                   notes="asymptotic bound: only the order of the two cited rates is asserted")
