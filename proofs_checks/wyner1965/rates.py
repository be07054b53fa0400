r"""Check of the Chabauty–Shannon–Wyner lower bound (``wyner1965/csw-lower-bound``).

:math:`A(d,\theta)\ge(1+o(1))\sqrt{2\pi d}\cos\theta/\sin^{d-1}\theta` is asymptotic: no finite-:math:`d`
inequality is asserted.  Asserted: its rate :math:`-\log_2\sin\theta` never exceeds the
Kabatiansky–Levenshtein rate (the shared part
:func:`proofs_checks.kabatiansky1978.rates.rate_order`), and the finite form is the rate's:
:math:`\log_2 L(d,\theta)=\tfrac12\log_2(2\pi d)+\log_2\cos\theta+(d-1)(-\log_2\sin\theta)` for
``csw_lower_bound`` :math:`L` and ``csw_exponent`` (an exact identity; oracle: the naive formula
with the angle at 50 digits).  Reported: the size of known optimal codes at :math:`60^\circ`
(kissing configurations, Conway & Sloane 1999) and of the icosahedron and snub cube beside the
bound.
"""

from __future__ import annotations

import math

import mpmath
from hypothesis import strategies as st

from hoptheory import sampling
from hoptheory.bounds import spherical_codes as S

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_IDENTITY
from ..hu2024khm._codes import DPS
from ..kabatiansky1978.rates import rate_order

__all__: list[str] = []

#: Sizes of the known optimal codes with minimal angle 60 degrees (the kissing configurations of
#: the root systems A2, A3, D4, E8 and of the Leech lattice; Conway & Sloane 1999, ch. 1 §2).
_KISSING = {2: 6, 3: 12, 4: 24, 8: 240, 24: 196560}


def _mp_log2_csw(d: int, cos_theta: float):
    r""":math:`\log_2\big(\sqrt{2\pi d}\cos\theta/\sin^{d-1}\theta\big)` from the angle at 50 digits."""
    with mpmath.workdps(DPS):
        th = mpmath.acos(mpmath.mpf(cos_theta))
        return mpmath.log(mpmath.sqrt(2 * mpmath.pi * d) * mpmath.cos(th) / mpmath.sin(th) ** (d - 1), 2)


def _finite_form(ctx):
    r"""Part: :math:`\log_2L(d,\theta)` equals :math:`\tfrac12\log_2(2\pi d)+\log_2\cos\theta+(d-1)\,e(\theta)`."""

    def observe(p):
        d, c = p
        L = ctx.side("csw_lower_bound", value=float(S.csw_lower_bound(d, c).value), kind="lower")
        e = ctx.side("csw_exponent", value=float(S.csw_exponent(c).value), kind="lower")
        rhs_log = 0.5 * math.log2(2 * math.pi * d) + math.log2(c) + (d - 1) * e
        if not (math.isfinite(L) and L > 0):
            return Observation(math.nan, math.nan, applicable=False, inputs={"d": d, "cos_theta": c},
                               note="the bound over- or underflows float64 here")
        diff = abs(math.log2(L) - rhs_log)
        return Observation(diff, TOL_IDENTITY.atol + TOL_IDENTITY.rtol * abs(rhs_log), inputs={"d": d, "cos_theta": c})

    def reevaluate(o):
        d, c = o.inputs["d"], o.inputs["cos_theta"]
        L = ctx.side("csw_lower_bound", value=float(S.csw_lower_bound.mp(d=d, cos_theta=c)), kind="lower")
        e = ctx.side("csw_exponent", value=float(S.csw_exponent.mp(cos_theta=c)), kind="lower")
        truth = _mp_log2_csw(d, c)
        worst = max(abs(math.log2(L) - float(truth)),
                    abs(0.5 * math.log2(2 * math.pi * d) + math.log2(c) + (d - 1) * e - float(truth)))
        return worst, o.rhs

    pinned = [(d, math.cos(math.radians(a))) for d in (1, 2, 8, 24, 100) for a in (10.0, 45.0, 60.0, 80.0)]
    return inequality_check(
        ctx, strategy=st.tuples(st.integers(1, 400), st.floats(0.05, 0.999, allow_nan=False)),
        observe=observe, reevaluate=reevaluate, explicit=pinned,
        distributions=["d uniform in 1..400, cos(theta) uniform on [0.05, 0.999]"],
        reproduce=("import math\nfrom hoptheory.bounds.spherical_codes import csw_lower_bound, csw_exponent\n"
                   "d, c = ce['d'], ce['cos_theta']\n"
                   "lhs = abs(math.log2(float(csw_lower_bound(d, c).value)) - (0.5 * math.log2(2 * math.pi * d) "
                   "+ math.log2(c) + (d - 1) * float(csw_exponent(c).value)))\nrhs = 1e-11"))


def _known_codes() -> list[dict]:
    """Reported: known code sizes beside the bound's leading term (not an assertion: finite d)."""
    rows = [{"code": f"kissing configuration, d = {d}", "d": d, "M": M, "angle_degrees": 60.0,
             "csw_leading_term": float(S.csw_lower_bound(d, 0.5).value)} for d, M in _KISSING.items()]
    for M in (12, 24):
        c = math.cos(sampling.minimal_angle(sampling.tammes_code(M)))
        rows.append({"code": f"Tammes optimum M = {M}", "d": 3, "M": M, "angle_degrees": math.degrees(math.acos(c)),
                     "csw_leading_term": float(S.csw_lower_bound(3, c).value)})
    for r in rows:
        r["M_over_csw"] = r["M"] / r["csw_leading_term"]
    return rows


@check("wyner1965/csw-lower-bound")
def check_csw_lower_bound(ctx):
    r"""``wyner1965/csw-lower-bound``: the CSW rate never exceeds the KL rate; the bound is its rate's finite form.

    Families: a jittered grid of angles in :math:`(0,\pi/2)` and Hypothesis draws (rate order);
    pinned :math:`(d,\theta)` with :math:`d\in\{1,2,8,24,100\}` and Hypothesis draws
    :math:`d\le400` (finite form).  Oracles: both rates and :math:`\log_2` of the bound from the
    angle at 50 digits (mpmath).  Reported: known codes beside the bound (finite :math:`d`).
    """
    parts = [("rate order csw <= kl", rate_order(ctx)),
             ("finite form matches the rate", _finite_form(ctx)),
             ("known codes (reported)", {"rows": _known_codes()})]
    return combine(ctx, parts, notes="asymptotic bound: no finite-d inequality is asserted")
