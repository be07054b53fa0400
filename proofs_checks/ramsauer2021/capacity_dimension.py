r"""Checks of Ramsauer et al. (2021): the capacity condition solved for the dimension (Theorem A6, Corollary A2).

Claims ``ramsauer2021/capacity-dimension``, ``capacity-dimension-bound`` and
``capacity-dimension-example``.  Oracles: mpmath Lambert W (both branches) and the residual
:math:`\ln(d-1) + a(d-1) + b` at 50 digits, SymPy for the equivalence with Theorem A5.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy
from hypothesis import strategies as st

from hoptheory.bounds import ramsauer2021 as B

from .._framework import Observation, check, combine, inequality_check
from ._common import fact_part, host, value_of
from ._instances import TOL_BRANCH, TOL_RESIDUAL_SIGN, TOL_ROOT_RESIDUAL, exact_branch_b
from ._oracles import DPS_HIGH, finite_or_mp, mp_cap_ab, mp_dim_ab, mp_residual, mpf

__all__: list[str] = []

#: Roots of the capacity condition closer than this (relative) form a double root, where the
#: sign pattern around each root cannot be resolved: such draws are not applicable.
_DOUBLE_ROOT_GAP = 1e-6


def _dim_strategy():
    """(beta, K, c, p) log-uniform: the parameters of Theorem A6."""
    logu = lambda lo, hi: st.floats(math.log10(lo), math.log10(hi)).map(lambda e: float(10**e))  # noqa: E731
    return st.tuples(logu(0.1, 10.0), logu(0.2, 5.0), logu(1.01, 50.0), logu(1e-4, 1.0))


@check("ramsauer2021/capacity-dimension")
def check_capacity_dimension(ctx):
    r"""Theorem A6: d = 1 + W(a e^-b)/a solves ln(d-1) + a(d-1) + b = 0 and Theorem A5's condition.

    Parts: SymPy equivalence of the two capacity conditions; the root formula on beta, K, c, p
    log-uniform (valid instances) with pinned published cases, residuals and the Lambert branch
    recomputed in mpmath at 50 digits; the sign pattern of the residual on either side of each
    root, from (a, b) drawn directly (a in [-5, 5] without (-1e-3, 1e-3), b on the boundary
    a e^-b = -1/e and beyond).
    """
    parts = []
    # SymPy: (d-1)/(2c) (a5 c + c ln c - b5) == ln(d-1) + a6 (d-1) + b6
    beta, K, c, p, d = sympy.symbols("beta K c p d", positive=True)
    a5 = 2 / (d - 1) * (1 + sympy.log(2 * beta * K**2 * p * (d - 1)))
    b5 = 2 * K**2 * beta / 5
    a6 = sympy.log(c) / 2 - K**2 * beta / (5 * c)
    b6 = 1 + sympy.log(2 * p * beta * K**2)
    diff = sympy.simplify(sympy.expand_log((d - 1) / (2 * c) * (a5 * c + c * sympy.log(c) - b5)
                                           - (sympy.log(d - 1) + a6 * (d - 1) + b6), force=True))
    parts.append(("SymPy equivalence with Theorem A5", fact_part(ctx, "sympy", diff == 0, {"difference": str(diff)})))

    def setup(draw):
        beta_, K_, c_, p_ = draw
        res = B.capacity_dimension(beta_, K_, c_, p_)
        a = value_of(B.capacity_dimension_a(beta_, K_, c_))
        b = value_of(B.capacity_dimension_b(beta_, K_, p_))
        return res, a, b

    def observe_root(draw):
        beta_, K_, c_, p_ = draw
        res, a, b = setup(draw)
        inputs = {"beta": beta_, "K": K_, "c": c_, "p_fail": p_, "a": a, "b": b}
        if not bool(res.hypotheses_hold):
            return Observation(0.0, 0.0, applicable=False, inputs=inputs)
        if bool(res.ill_defined):
            return Observation(0.0, 0.0, ill_defined=True, inputs=inputs, note="; ".join(res.reasons_ill_defined()))
        dd = ctx.side("d (Theorem A6)", value=value_of(res))
        inputs["d"] = dd
        if dd <= 1:
            return Observation(math.inf, 0.0, inputs=inputs, note="d <= 1")
        with mpmath.workdps(DPS_HIGH):
            am, bm = mp_dim_ab(beta_, K_, c_, p_)
            r6 = mp_residual(am, bm, dd)
            scale6 = abs(mpmath.log(mpf(dd) - 1)) + abs(am * (mpf(dd) - 1)) + abs(bm)
            a5m, b5m = mp_cap_ab(beta_, K_, dd, p_)
            r5 = a5m * mpf(c_) + mpf(c_) * mpmath.log(mpf(c_)) - b5m
            scale5 = abs(a5m * c_) + abs(c_ * mpmath.log(c_)) + abs(b5m)
        lhs = max(float(abs(r6) / scale6), float(r5 / scale5))
        return Observation(lhs, TOL_ROOT_RESIDUAL, inputs=inputs)

    def reeval_root(o):
        """The published d evaluated at 50 digits (mpmath W, through the same side), and both conditions there.

        Independent of the package: a float-level candidate caused by the package's evaluation of
        W near the branch point (not by the theorem) is discarded and logged with both values.
        """
        i = o.inputs
        with mpmath.workdps(DPS_HIGH):
            am, bm = mp_dim_ab(i["beta"], i["K"], i["c"], i["p_fail"])
            br = -1 if am < 0 else 0
            d_true = 1 + mpmath.re(mpmath.lambertw(am * mpmath.exp(-bm), br)) / am
            d_true = mpmath.mpf(ctx.side("d (Theorem A6)", value=float(d_true)))
            r6 = mp_residual(am, bm, d_true)
            scale6 = abs(mpmath.log(d_true - 1)) + abs(am * (d_true - 1)) + abs(bm)
            a5m, b5m = mp_cap_ab(i["beta"], i["K"], d_true, i["p_fail"])
            cm = mpf(i["c"])
            r5 = a5m * cm + cm * mpmath.log(cm) - b5m
            scale5 = abs(a5m * cm) + abs(cm * mpmath.log(cm)) + abs(b5m)
        return max(float(abs(r6) / scale6), float(r5 / scale5)), TOL_ROOT_RESIDUAL

    parts.append(("root solves ln(d-1) + a(d-1) + b = 0 and Theorem A5's condition", inequality_check(
        ctx, strategy=_dim_strategy(), observe=observe_root, reevaluate=reeval_root,
        explicit=[(1.0, 3.0, 2.0, 0.5), (1.0, 1.0, 3.0, 0.001), (1.0, 3.0, 3.1546, 0.001)],
        distributions=["beta, K, c, p log-uniform (valid instances of Theorem A6)"],
        reproduce=("import math\nfrom hoptheory.bounds.ramsauer2021 import capacity_dimension, capacity_dimension_residual, "
                   "capacity_dimension_a, capacity_dimension_b\n"
                   "a = float(capacity_dimension_a(beta=ce['beta'], K=ce['K'], c=ce['c']).value)\n"
                   "b = float(capacity_dimension_b(beta=ce['beta'], K=ce['K'], p_fail=ce['p_fail']).value)\n"
                   "d = ce['d']\nlhs = abs(float(capacity_dimension_residual(a=a, b=b, d=d).value)) / "
                   "(abs(math.log(d - 1)) + abs(a * (d - 1)) + abs(b))\n"
                   f"rhs = {TOL_ROOT_RESIDUAL!r}"))))

    # sign pattern of the residual around each root, from (a, b) drawn directly
    def observe_sign(draw):
        a, t = draw
        b = (1 + math.log(-a) + t) if a < 0 else t
        inputs = {"a": a, "b": b}
        if a == 0:
            return Observation(0.0, 0.0, applicable=False, inputs=inputs)
        roots = []
        r0 = B.capacity_dimension_root_principal(a=a, b=b)
        if not bool(r0.valid):
            return Observation(0.0, 0.0, applicable=False, inputs=inputs)
        roots.append(ctx.side("root 1 + W_0(a e^-b)/a", value=value_of(r0)))
        if a < 0:
            r1 = B.capacity_dimension_root_lower_branch(a=a, b=b)
            if not bool(r1.valid):
                return Observation(0.0, 0.0, applicable=False, inputs=inputs)
            roots.append(ctx.side("root 1 + W_-1(a e^-b)/a", value=value_of(r1)))
            # the formula of Theorem A6 picks W_-1 for a < 0
            dA6 = value_of(B.capacity_dimension_from_ab(a=a, b=b))
            if abs(dA6 - value_of(r1)) > TOL_BRANCH * dA6:
                return Observation(1.0, 0.0, inputs={**inputs, "dA6": dA6}, note="Theorem A6 picks the wrong branch")
        inputs["roots"] = roots
        if a < 0 and roots[1] - roots[0] < _DOUBLE_ROOT_GAP * roots[1]:
            return Observation(0.0, 0.0, applicable=False, inputs=inputs, note="double root")
        eta = 1e-4 if a > 0 else min(1e-4, (roots[1] - roots[0]) / (4 * (roots[1] - 1)))
        expect = [(roots[0], -1, +1)] if a > 0 else [(roots[0], -1, +1), (roots[1], +1, -1)]
        mism = 0
        with mpmath.workdps(DPS_HIGH):
            for rt, below, above in expect:
                if rt <= 1:
                    mism += 2
                    continue
                for fac, sgn in ((1 - eta, below), (1 + eta, above)):
                    dd = 1 + (rt - 1) * fac
                    mism += int(mpmath.sign(mp_residual(mpf(a), mpf(b), dd)) != sgn)
        return Observation(float(mism), 0.0, inputs=inputs)

    def reeval_sign(o):
        """The sign pattern again with both roots from mpmath's W_0 and W_{-1} at 50 digits (same sides)."""
        a, b = o.inputs["a"], o.inputs["b"]
        with mpmath.workdps(DPS_HIGH):
            am, bm = mpf(a), mpf(b)
            arg = am * mpmath.exp(-bm)
            if arg < -1 / mpmath.e:
                return 0.0, 0.0
            roots = [mpmath.mpf(ctx.side("root 1 + W_0(a e^-b)/a", value=float(1 + mpmath.re(mpmath.lambertw(arg, 0)) / am)))]
            if a < 0:
                roots.append(mpmath.mpf(ctx.side("root 1 + W_-1(a e^-b)/a",
                                                 value=float(1 + mpmath.re(mpmath.lambertw(arg, -1)) / am))))
                if roots[1] - roots[0] < mpmath.mpf(str(_DOUBLE_ROOT_GAP)) * roots[1]:
                    return 0.0, 0.0
            eta = mpmath.mpf("1e-4") if a > 0 else min(mpmath.mpf("1e-4"), (roots[1] - roots[0]) / (4 * (roots[1] - 1)))
            expect = [(roots[0], -1, +1)] if a > 0 else [(roots[0], -1, +1), (roots[1], +1, -1)]
            mism = 0
            for rt, below, above in expect:
                if rt <= 1:
                    mism += 2
                    continue
                for fac, sgn in ((1 - eta, below), (1 + eta, above)):
                    mism += int(mpmath.sign(mp_residual(am, bm, 1 + (rt - 1) * fac)) != sgn)
        return float(mism), 0.0

    sstrat = st.tuples(st.one_of(st.floats(-5.0, -1e-3), st.floats(1e-3, 5.0)), st.floats(0.0, 20.0))
    parts.append(("sign pattern around the roots", inequality_check(
        ctx, strategy=sstrat, observe=observe_sign, reevaluate=reeval_sign, atol=0.5, rtol=0.0,
        explicit=[(-0.5, 0.01), (-0.5, 5.0), (0.5, 1.0), (-1e-3, 3.0)],
        distributions=["a uniform on [-5, 5] \\ (-1e-3, 1e-3); b = 1 + ln(-a) + t (a < 0) or t, t in [0, 20]"])))
    return combine(ctx, parts)


@check("ramsauer2021/capacity-dimension-bound")
def check_capacity_dimension_bound(ctx):
    """Corollary A2: for a < 0, Theorem A6's d (the W_{-1} root) is at least 1 + (-ln(-a) + b)/a.

    Families: pinned cases (the double root a e^-b = -1/e, tiny |a|, large b), then a uniform on
    [-10, -1e-3] and b = 1 + ln(-a) + t, t in [0, 30] (the whole hypothesis region, its boundary
    included, with b raised by ulps where rounding would leave it).  Oracle: mpmath W_{-1} at
    50 digits.  Trivial bound d >= 2: the corollary's bound is below 1 throughout its region,
    hence ``vacuous``.  The sufficient-condition reading (every d above the bound satisfies the
    capacity condition) is reported, not decided.
    """
    suff = {"found": 0, "example": None}
    stats_ = {"max_bound": -math.inf, "bound_ever_above_1": False}

    def observe(draw):
        a, t = draw
        b = exact_branch_b(a, 1 + math.log(-a) + t)
        res = B.capacity_dimension_bound_from_ab(a=a, b=b)
        inputs = {"a": a, "b": b}
        if not bool(res.hypotheses_hold):
            return Observation(0.0, 0.0, applicable=False, inputs=inputs)
        bound = ctx.side("Corollary A2 bound", value=value_of(res), kind="lower")
        # where a e^-b rounds below -1/e although it is >= -1/e exactly, the float W_{-1} is NaN:
        # the published expression is defined there, so its 50-digit value is used
        d_A6 = finite_or_mp(B.capacity_dimension_from_ab, a=a, b=b)
        d0 = finite_or_mp(B.capacity_dimension_root_principal, a=a, b=b)
        stats_["max_bound"] = max(stats_["max_bound"], bound)
        stats_["bound_ever_above_1"] |= bound > 1
        # sufficient-condition reading: a d above the bound with positive residual (between the roots)
        d_mid = 1 - 1 / a
        resid = value_of(B.capacity_dimension_residual(a=a, b=b, d=d_mid))
        if d_mid > bound and resid > TOL_RESIDUAL_SIGN:
            suff["found"] += 1
            if suff["example"] is None:
                suff["example"] = {"a": a, "b": b, "d": d_mid, "residual": resid, "bound": bound}
        return Observation(d_A6, bound, trivial=2.0, inputs={**inputs, "d_A6": d_A6, "d_small_root": d0})

    def reevaluate(o):
        a, b = mpf(o.inputs["a"]), mpf(o.inputs["b"])
        with mpmath.workdps(DPS_HIGH):
            d1 = 1 + mpmath.re(mpmath.lambertw(a * mpmath.exp(-b), -1)) / a
            bnd = 1 + (-mpmath.log(-a) + b) / a
        return float(d1), ctx.side("Corollary A2 bound", value=float(bnd), kind="lower")

    strat = st.tuples(st.floats(-10.0, -1e-3), st.floats(0.0, 30.0))
    res = inequality_check(
        ctx, strategy=strat, observe=observe, reevaluate=reevaluate, kind="lower",
        explicit=[(-0.1, 0.0), (-1e-3, 0.0), (-5.0, 1e-9), (-0.5, 10.0)],
        distributions=["a uniform on [-10, -1e-3]; b = 1 + ln(-a) + t, t in [0, 30] (a e^-b >= -1/e)"],
        extra_evidence={"bound_reading": "d_A6 (larger root, W_-1) >= 1 + (-ln(-a) + b)/a; trivial d >= 2"},
        reproduce=("from hoptheory.bounds.ramsauer2021 import capacity_dimension_from_ab, capacity_dimension_bound_from_ab\n"
                   "lhs = float(capacity_dimension_from_ab.mp(a=ce['a'], b=ce['b']))\n"
                   "rhs = float(capacity_dimension_bound_from_ab.mp(a=ce['a'], b=ce['b']))"))
    res.evidence.update({"max_bound_value": stats_["max_bound"], "bound_ever_exceeds_1": stats_["bound_ever_above_1"],
                         "sufficient_condition_reading": {
                             "counterexamples_found": suff["found"], "example": suff["example"],
                             "meaning": "d above the bound with ln(d-1) + a(d-1) + b > 0: the capacity condition fails"}})
    return res


@check("ramsauer2021/capacity-dimension-example")
def check_capacity_dimension_example(ctx):
    r"""Worked example of Corollary A2: "(beta, K, c, p) = (1, 3, 2, 0.001) yields d < 24".

    Searches the published range d in 2..23 for a d where Theorem A6's hypothesis
    c >= (2/sqrt p)^{4/(d-1)} fails (pinned d = 23); oracle: the threshold at 50 digits.  Reports
    a, b, a e^-b against -1/e (the corollary's hypothesis), the residual over d = 2..200 and the
    smallest admissible integer d.
    """
    beta, K, c, p = 1.0, 3.0, 2.0, 0.001
    a = value_of(B.capacity_dimension_a(beta, K, c))
    b = value_of(B.capacity_dimension_b(beta, K, p))
    hyp = a * math.exp(-b) >= -1 / math.e
    ds = np.arange(2, 201, dtype=np.float64)
    resid = host(B.capacity_dimension_residual(a=ctx.xp.asarray(np.full_like(ds, a)),
                                               b=ctx.xp.asarray(np.full_like(ds, b)), d=ctx.xp.asarray(ds)).value)
    d_thr = value_of(B.capacity_dimension_threshold(c=c, p_fail=p))
    thr_d = host(B.capacity_threshold(d=ctx.xp.asarray(ds), p_fail=p).value)
    first_int = int(ds[np.argmax(c >= thr_d)]) if np.any(c >= thr_d) else None
    cor_bound = B.capacity_dimension_bound(beta, K, c, p)

    # the published range d < 24: the theorem's hypothesis c >= (2/sqrt(p))^(4/(d-1)) at each d in it
    def observe(dd):
        dd = int(dd)
        rhs = ctx.side("(2/sqrt(p))^(4/(d-1))", value=value_of(B.capacity_threshold(d=dd, p_fail=p)), kind="lower")
        return Observation(c, rhs, inputs={"beta": beta, "K": K, "c": c, "p_fail": p, "d": dd})

    def reevaluate(o):
        with mpmath.workdps(DPS_HIGH):
            thr = float((2 / mpmath.sqrt(mpf(p))) ** (mpmath.mpf(4) / (o.inputs["d"] - 1)))
        return c, ctx.side("(2/sqrt(p))^(4/(d-1))", value=thr, kind="lower")

    res = inequality_check(
        ctx, strategy=st.integers(2, 23), observe=observe, reevaluate=reevaluate, kind="lower",
        explicit=[23], distributions=["the published range d < 24 (integers 2..23)"],
        extra_evidence={"a": a, "b": b, "a_exp(-b)": a * math.exp(-b), "minus_1_over_e": -1 / math.e,
                        "corollary_hypothesis_holds": hyp, "max_residual_d_2_to_200": float(np.max(resid)),
                        "residual_nonpositive_for_all_d": bool(np.all(resid <= 0)),
                        "threshold_real_d": d_thr, "smallest_integer_d_with_c_ge_threshold": first_int,
                        "published": "d < 24", "corollary_bound_summary": cor_bound.summary()},
        reproduce=("from hoptheory.bounds.ramsauer2021 import capacity_threshold\n"
                   "lhs = ce['c']\nrhs = float(capacity_threshold(d=ce['d'], p_fail=ce['p_fail']).value)"))
    return res
