r"""Checks of Ramsauer et al. (2021): the storage capacity (master inequality, Theorems A3-A5, Corollary A1).

Claims ``ramsauer2021/master-inequality``, ``placed-patterns``, ``min-angle-tail``,
``kappa-bounds``, ``cosine-bound``, ``capacity-lambert`` and ``capacity-lambert-free``.  Oracles
(:mod:`._oracles`): mpmath at 50 digits for :math:`\kappa_d` and the Lambert W constants,
``mpmath.iv`` interval arithmetic for certificates, SymPy for the root identity; random
geometry by Monte Carlo decided by :func:`~proofs_checks._framework.binomial_check` under the
suite-level false-alarm rate, each part with its declared share (``stat_parts``).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy
from hypothesis import strategies as st
from scipy import optimize

from hoptheory import models, sampling
from hoptheory.backend import to_numpy
from hoptheory.bounds import ramsauer2021 as B

from .._framework import Observation, binomial_check, check, combine, inequality_check, part_summary, shared_search
from .._strategies import Instance, instances
from ._common import NA, as_float, fact_part, host, identity_part, n_examples, on_instance, value_of
from ._instances import (NORM_ROUNDING, TOL_CLOSED_FORM, families_text, master_beta, min_angles, min_separations,
                         instance_arrays, pattern_arrays)
from ._oracles import DPS_HIGH, TOL_MP_RESIDUAL, mp_cap_ab, mp_cap_c, mp_kappa, mpf

__all__: list[str] = []

#: The paper prints the capacity constants to four decimals: a reproduced value counts when it
#: is within one unit of the last printed digit (a published-rounding tolerance, not a float one).
PUBLISHED_DIGITS = 1e-4


@check("ramsauer2021/master-inequality")
def check_master_inequality(ctx):
    r"""App. Eqs. (302)-(311): the master inequality gives Lemma A5 for every mu and disjoint spheres.

    Parts: master inequality => Lemma A5's threshold <= Delta_mu for every mu; ||xi_mu - xi_nu||^2
    >= Delta_mu + Delta_nu and disjointness ||xi_mu - xi_nu|| > 2/(beta M m) for the closest pair;
    the sphere form m^2(1 - cos alpha_min) equals Delta_min.  Families: sphere, unequal-norm and
    antipodal memories with beta at the large or small root of the master inequality times
    10^[0, 0.3] (inside the region, near its boundary).  Oracle: thresholds at 50 digits.
    """
    xp = ctx.xp
    strat = st.tuples(st.one_of(instances(("sphere", "unequal"), d=(2, 8), M=(2, 20)),
                                instances(("antipodal",), M=(2, 2))),
                      st.sampled_from(["large", "small"]), st.floats(0.0, 1.0))

    @on_instance(instance_arrays, xp, missing=None)
    def setup(draw, inst, Xi, Xn):
        _, branch, lf = draw
        beta = master_beta(Xn, 10.0 ** (0.3 * lf ** 2), branch)
        if beta is None or not (1e-8 < beta < 1e8):
            return None
        thr = B.master_inequality_threshold_at(Xi, beta)
        Dmin = models.min_separation(Xi)
        return inst, Xi, Xn, beta, thr, Dmin

    @on_instance(setup)
    def obs_imp(draw, inst, Xi, Xn, beta, thr, Dmin):
        ok = bool(to_numpy(thr.valid)) and Dmin >= as_float(thr.value)
        ws = as_float(B.well_separation_threshold_at(Xi, beta).value)
        Delta = host(models.pattern_separation(Xi))
        mu = int(np.argmin(Delta))
        rhs = ctx.side("Delta_mu (master => Lemma A5 for every mu)", value=float(Delta[mu]), kind="upper")
        return Observation(ws, rhs, applicable=ok, inputs={"Xi": Xn, "beta": beta, "mu": mu})

    def re_imp(o):
        Xn, beta = o.inputs["Xi"], o.inputs["beta"]
        return float(B.well_separation_threshold.mp(beta=beta, M=Xn.shape[1],
                                                    m=float(np.linalg.norm(Xn, axis=0).max()))), o.rhs

    def obs_pair(which):
        @on_instance(setup)
        def observe(draw, inst, Xi, Xn, beta, thr, Dmin):
            disj = as_float(B.sphere_disjointness_margin(beta=beta, M=float(inst.M), m=models.max_norm(Xi)).value)
            ok = bool(to_numpy(thr.valid)) and Dmin >= as_float(thr.value) and disj > 0
            Dl = np.sqrt(np.sum((Xn[:, :, None] - Xn[:, None, :]) ** 2, axis=0))
            np.fill_diagonal(Dl, np.inf)
            i, j = np.unravel_index(np.argmin(Dl), Dl.shape)
            Delta = host(models.pattern_separation(Xi))
            if which == "sum":
                rhs = ctx.side("Delta_mu + Delta_nu (<= ||xi_mu - xi_nu||^2)", value=float(Delta[i] + Delta[j]),
                               kind="lower")
                lhs = float(Dl[i, j]) ** 2
            else:
                rhs = ctx.side("2/(beta M m) (disjoint spheres)",
                               value=2 * as_float(B.sphere_radius(beta=beta, M=float(inst.M), m=models.max_norm(Xi)).value),
                               kind="lower")
                lhs = float(Dl[i, j])
            return Observation(lhs, rhs, applicable=ok, inputs={"Xi": Xn, "beta": beta, "pair": [int(i), int(j)]})
        return observe

    def obs_sph(draw):
        inst = draw[0]
        if inst.family != "sphere":
            return NA
        Xi, Xn = pattern_arrays(inst, xp, False)
        G = np.clip(Xn.T @ Xn / inst.m**2, -1.0, 1.0)
        np.fill_diagonal(G, -np.inf)
        amin = float(np.arccos(G.max()))
        beta = 10.0 ** (2 * draw[2] - 1)
        marg = as_float(B.master_inequality_margin_sphere(beta=beta, M=float(inst.M), m=inst.m,
                                                          cos_alpha_min=math.cos(amin)).value)
        direct = ctx.side("Delta_min - master threshold (direct)",
                          value=models.min_separation(Xi) - as_float(B.master_inequality_threshold_at(Xi, beta).value))
        return identity_part(abs(marg - direct) / (1.0 + inst.m**2 + abs(direct)), TOL_CLOSED_FORM,
                             {"Xi": Xn, "beta": beta})

    fam = families_text("sphere", "unequal", "antipodal") + [
        "beta at the large or small root of the master inequality times 10^{[0, 0.3]} (inside the region, "
        "near its boundary)"]
    ex = [(Instance("sphere", 3, 20, 1.0, 1.0, 2, 0, 0.0), "large", 0.0),
          (Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0)]
    search = shared_search(ctx, strategy=strat, distributions=fam, examples=n_examples(ctx, 4), explicit=ex)
    parts = [
        ("master inequality => Lemma A5 threshold <= Delta_mu for every mu",
         search(observe=obs_imp, reevaluate=re_imp)),
        ("||xi_mu - xi_nu||^2 >= Delta_mu + Delta_nu (closest pair)", search(observe=obs_pair("sum"), kind="lower")),
        ("disjointness ||xi_mu - xi_nu|| > 2/(beta M m) (closest pair)",
         search(observe=obs_pair("disjoint"), kind="lower")),
        ("sphere form m^2(1 - cos alpha_min) - threshold = Delta_min - threshold", search(observe=obs_sph)),
    ]
    return combine(ctx, parts)


_PLACED = {"A3 (K=2, d>=4)": (2.0, 4, math.pi / 2, 2), "A3 (K=1.7, d>=50)": (1.7, 50, math.pi / 2, 2),
           "A4 (K=5, d>=3)": (5.0, 3, math.pi / 4, 3), "A4 (K=4, d>=13)": (4.0, 13, math.pi / 4, 3)}


@check("ramsauer2021/placed-patterns")
def check_placed_patterns(ctx):
    r"""Theorems A3, A4: M = 2^{2(d-1)} or 2^{3(d-1)} placed patterns can be stored.

    The premise that (2 pi / alpha_min)^{d-1} points with pairwise angle >= alpha_min exist is
    compared, over the four (K, d) ranges (d up to 60 above the start), with the packing upper
    bounds (2d for pi/2; the spherical-cap bound for pi/4); the first d where the required count
    exceeds the bound refutes.  Oracle: the required count at 50 digits and the cap bound from
    mpmath's regularised incomplete beta function at 40 digits.
    """
    strat = st.tuples(st.sampled_from(sorted(_PLACED)), st.integers(0, 60))

    def observe(draw):
        name, k = draw
        K, d0, alpha, e = _PLACED[name]
        d = d0 + k
        req = as_float(B.placed_patterns_required_count(d=float(d), alpha_min=alpha).value)
        if alpha == math.pi / 2:
            cap = as_float(B.spherical_code_rankin_bound(d=float(d), cos_alpha_min=0.0).value)
        else:
            cap = as_float(B.spherical_code_cap_bound(d=float(d), cos_alpha_min=math.cos(alpha)).value)
        cap = ctx.side("largest spherical code with that angle (Rankin 2d / cap bound)", value=cap)
        return Observation(req, cap, applicable=math.isfinite(req) and math.isfinite(cap),
                           inputs={"theorem": name, "d": d, "alpha_min": alpha})

    def re(o):
        d, alpha = o.inputs["d"], o.inputs["alpha_min"]
        req = B.placed_patterns_required_count.mp(d=d, alpha_min=alpha)
        if alpha == math.pi / 2:
            cap = 2 * d
        else:
            with mpmath.workdps(40):
                cap = 2 / mpmath.betainc(mpmath.mpf(d - 1) / 2, mpmath.mpf(1) / 2, 0,
                                         (1 - mpmath.cos(mpmath.mpf(alpha))) / 2, regularized=True)
        return float(req), float(cap)

    reproduce = ("import math\n"
                 "from hoptheory.bounds.ramsauer2021 import (placed_patterns_required_count, spherical_code_cap_bound,\n"
                 "    spherical_code_rankin_bound)\n"
                 "d, a = float(ce['d']), float(ce['alpha_min'])\n"
                 "lhs = float(placed_patterns_required_count(d=d, alpha_min=a).value)\n"
                 "rhs = float((spherical_code_rankin_bound(d=d, cos_alpha_min=0.0) if abs(a - math.pi / 2) < 1e-12\n"
                 "             else spherical_code_cap_bound(d=d, cos_alpha_min=math.cos(a))).value)\n")
    explicit = [(n, 0) for n in sorted(_PLACED)]
    res = inequality_check(ctx, strategy=strat, observe=observe, reevaluate=re, reproduce=reproduce,
                           distributions=["the four (K, d) ranges of Theorems A3/A4, d up to 60 above the start"],
                           explicit=explicit, examples=n_examples(ctx, 2))
    # the arithmetic of the master inequality at the stated parameters (informational)
    margins = {}
    for name, (K, d0, alpha, e) in _PLACED.items():
        d = d0
        mm = K * math.sqrt(d - 1)
        v = B.master_inequality_margin_sphere.mp(beta=1.0, M=mpmath.mpf(2) ** (e * (d - 1)), m=mm,
                                                 cos_alpha_min=math.cos(alpha))
        margins[f"{name}, d={d}"] = float(v)
    res.evidence["master_margin_at_stated_parameters"] = margins
    first = {}
    for name, (K, d0, alpha, e) in _PLACED.items():
        for d in range(d0, d0 + 200):
            o = observe((name, d - d0))
            if o.lhs > o.rhs:
                first[name] = {"d": d, "required": o.lhs, "largest_code_bound": o.rhs}
                break
    res.evidence["first_d_with_required_count_above_code_bound"] = first
    res.notes = ("the proofs' packing premise (2 pi/alpha_min)^(d-1) points with pairwise angle >= alpha_min "
                 "exceeds the largest spherical code; the storage conclusions are unproven (the master "
                 "inequality's arithmetic itself holds where the margin is >= 0)")
    return res


#: (d, M) grid of Lemma A13 and the claimed failure bounds kappa_{d-1} delta^{d-1}/2 tested at each point
_A13_GRID = ((3, 60), (5, 80), (10, 120), (20, 200))
_A13_FAILS = (0.05, 0.25)


@check("ramsauer2021/min-angle-tail", stat_parts=len(_A13_GRID) * len(_A13_FAILS))
def check_min_angle_tail(ctx):
    """Lemma A13: P(M^{2/(d-1)} alpha_min >= delta) >= 1 - kappa_{d-1} delta^{d-1}/2.

    One binomial part per (d, M, delta): M i.i.d. uniform points on S^{d-1}, (d, M) on
    :data:`_A13_GRID` (the last point only where the profile runs the full grid) and delta such
    that the claimed failure bound is 0.05 or 0.25 (the bound is a union bound, nearly tight for
    small failure rates).  Each part draws fresh point sets from its own seed; decided by
    :func:`~proofs_checks._framework.binomial_check` (suite-level error control, sequential
    looks, a replicate before a refutation; confirmed when the data exclude twice the claimed
    failure rate).  Oracle: the minimal angles themselves, from batched Gram matrices of the
    sampled points (:func:`~._instances.min_angles`).
    """
    xp = ctx.xp
    grid = _A13_GRID if ctx.profile.fraction >= 1.0 else _A13_GRID[:-1]
    parts, rows = [], []
    for d, M in grid:
        kap = value_of(B.kappa_constant(d=d - 1))
        for fb in _A13_FAILS:
            delta = (2.0 * fb / kap) ** (1.0 / (d - 1))
            res = B.min_angle_tail_bound(d=d, delta=delta)
            if not bool(res.hypotheses_hold):
                rows.append({"d": d, "M": M, "delta": delta, "skipped": res.summary()})
                continue
            fail_bound = ctx.side("failure bound kappa_{d-1} delta^{d-1}/2", value=1.0 - value_of(res), kind="upper")

            def experiment(seed, n, d=d, M=M, delta=delta):
                scaled = M ** (2.0 / (d - 1)) * min_angles(xp, d, M, n, seed % (2**31 - 1000))
                return int(np.sum(scaled >= delta)), None

            r = binomial_check(ctx, experiment=experiment, claimed=min(1.0, 1.0 - fail_bound),
                               trials=2 * ctx.profile.trials,
                               distributions=[f"M = {M} i.i.d. uniform points on S^{d - 1}"],
                               extra={"d": d, "M": M, "delta": delta, "failure_bound": fail_bound})
            rows.append({"d": d, "M": M, "delta": delta, "bound": 1.0 - fail_bound, **part_summary(r)})
            parts.append((f"d={d}, M={M}, failure bound {fb}", r))
    n = sum(int(r.evidence.get("trials", 0)) for _, r in parts)
    return combine(ctx, parts, extra={"grid": rows, "instances": n, "applicable_instances": n,
                                      "distributions": [f"M i.i.d. uniform points on S^(d-1), (d, M) in {list(grid)}"]})


def _kappa_parts(ctx):
    """The two searches of Lemma A14 (upper and lower bound on kappa_d), with the grid values."""
    nmax = 10_000 if ctx.profile.fraction >= 1.0 else 2_500
    grid = np.arange(1, nmax + 1, dtype=np.float64)
    xp = ctx.xp
    kap = host(B.kappa_constant(d=xp.asarray(grid)).value)
    lo = host(B.kappa_lower_bound(d=xp.asarray(grid)).value)
    up = host(B.kappa_upper_bound(d=xp.asarray(grid)).value)

    def obs_factory(which):
        def observe(draw):
            if isinstance(draw, tuple):                       # the whole vectorised grid
                rhs_all = up if which == "upper" else lo
                rat = kap / rhs_all if which == "upper" else rhs_all / kap
                i = int(np.argmax(rat))
                d, lhs, rhs = float(grid[i]), float(kap[i]), float(rhs_all[i])
            else:
                d = float(draw)
                lhs = value_of(B.kappa_constant(d=d))
                rhs = value_of((B.kappa_upper_bound if which == "upper" else B.kappa_lower_bound)(d=d))
            rhs = ctx.side(f"kappa {which} bound", value=rhs, kind=which)
            return Observation(lhs, rhs, inputs={"d": d})
        return observe

    def reeval_factory(which):
        def reevaluate(o):
            d = o.inputs["d"]
            with mpmath.workdps(DPS_HIGH):
                lhs = mp_kappa(d)
                rhs = (mpmath.exp(mpmath.mpf(1) / 12) / mpmath.sqrt(2 * mpmath.pi * d) if which == "upper"
                       else 1 / (mpmath.exp(mpmath.mpf(1) / 6) * mpmath.sqrt(mpmath.e * mpmath.pi * d)))
            return float(lhs), ctx.side(f"kappa {which} bound", value=float(rhs), kind=which)
        return reevaluate

    strat = st.integers(1, 10**6)
    parts = []
    for which in ("upper", "lower"):
        bname = "kappa_upper_bound" if which == "upper" else "kappa_lower_bound"
        parts.append((f"kappa_d {'<=' if which == 'upper' else '>='} {which} bound", inequality_check(
            ctx, strategy=strat, observe=obs_factory(which), reevaluate=reeval_factory(which), kind=which,
            explicit=[("grid",), 1, 2, 3], distributions=[f"grid d = 1..{nmax} (log-gamma); Hypothesis d <= 1e6"],
            reproduce=(f"from hoptheory.bounds.ramsauer2021 import kappa_constant, {bname}\n"
                       f"lhs = float(kappa_constant.mp(d=ce['d']))\nrhs = float({bname}.mp(d=ce['d']))"))))
    return parts, nmax, kap, up


@check("ramsauer2021/kappa-bounds")
def check_kappa_bounds(ctx):
    r"""Lemma A14: 1/(e^{1/6} sqrt(e pi d)) <= kappa_d <= e^{1/12}/sqrt(2 pi d) < 1.

    Parts: both inequalities on the grid d = 1..2500 (10^4 in the default profile, log-gamma) and
    Hypothesis d <= 1e6, re-evaluated at 50 digits; certified interval enclosures for small d.
    Oracle: kappa_d and both bounds in mpmath at 50 digits (:func:`~._oracles.mp_kappa`).
    """
    parts, nmax, kap, up = _kappa_parts(ctx)
    # certified enclosures for small d
    ncert = 40 if ctx.profile.fraction >= 1.0 else 10
    cert_ok = True
    for d in range(1, ncert + 1):
        k = B.kappa_constant.certified(d=d)
        lo_b = B.kappa_lower_bound.certified(d=d)
        up_b = B.kappa_upper_bound.certified(d=d)
        cert_ok &= bool(lo_b.b < k.a and k.b < up_b.a)
    parts.append(("certified enclosures d = 1..%d" % ncert,
                  fact_part(ctx, "certified", cert_ok, {"certified_strict_for_d_up_to": ncert})))
    extra = {"upper_bound_below_one": bool(np.max(up) < 1.0), "max_upper_bound": float(np.max(up)),
             "max_kappa_over_upper": float(np.max(kap / up))}
    if not extra["upper_bound_below_one"]:
        parts.append(("upper bound < 1", fact_part(ctx, "upper < 1", False, extra)))
    return combine(ctx, parts, extra=extra)


@check("ramsauer2021/cosine-bound")
def check_cosine_bound(ctx):
    r"""Lemma A15: cos x <= 1 - x^2/5 on [0, pi].

    Parts: a search over x uniform on [0, pi] with a grid and the endpoints (mpmath oracle); a
    certificate: g = 1 - x^2/5 - cos x >= 0 by a Taylor bound on [0, sqrt(7.2)] and interval
    arithmetic on [2.6, pi], with the shape of g (one zero of g' in (0, pi), g(pi) > 0).
    """

    def observe(x):
        x = float(x)
        rhs = ctx.side("1 - x^2/5", value=value_of(B.cosine_upper_bound(x=x)), kind="upper")
        return Observation(math.cos(x), rhs, inputs={"x": x})

    def reevaluate(o):
        with mpmath.workdps(DPS_HIGH):
            x = mpf(o.inputs["x"])
            return float(mpmath.cos(x)), ctx.side("1 - x^2/5", value=float(1 - x**2 / 5), kind="upper")

    grid = list(np.linspace(0.0, math.pi, 33))
    part = inequality_check(
        ctx, strategy=st.floats(0.0, math.pi, allow_nan=False), observe=observe, reevaluate=reevaluate,
        explicit=[0.0, 1e-8, math.pi] + grid, distributions=["x uniform on [0, pi] + grid + endpoints"],
        reproduce=("import math\nfrom hoptheory.bounds.ramsauer2021 import cosine_upper_bound\n"
                   "lhs = math.cos(ce['x'])\nrhs = float(cosine_upper_bound(x=ce['x']).value)"))
    # certified: g = 1 - x^2/5 - cos x >= x^2 (3/10 - x^2/24) >= 0 on [0, sqrt(7.2)] (Taylor, cos <= 1 - x^2/2 + x^4/24),
    # then interval arithmetic on [2.6, pi]
    n_iv = 400 if ctx.profile.fraction >= 1.0 else 100
    old = mpmath.iv.prec
    mpmath.iv.prec = 80
    try:
        taylor_edge = mpmath.iv.sqrt(mpmath.iv.mpf("7.2"))
        lo_end = mpmath.iv.mpf("2.6")
        edge_ok = bool(lo_end.b < taylor_edge.a)
        pi_iv = mpmath.iv.pi
        cert_ok = edge_ok
        min_lower = math.inf
        for i in range(n_iv):
            a = lo_end + (pi_iv - lo_end) * i / n_iv
            b = lo_end + (pi_iv - lo_end) * (i + 1) / n_iv
            X = mpmath.iv.mpf([a.a, b.b])
            g = 1 - X**2 / 5 - mpmath.iv.cos(X)
            min_lower = min(min_lower, float(mpmath.mpf(g.a)))
            cert_ok &= bool(g.a > 0)
    finally:
        mpmath.iv.prec = old
    gp = lambda x: math.sin(x) - 0.4 * x  # noqa: E731
    zero = optimize.brentq(gp, 1.0, math.pi)
    xs = np.linspace(1e-6, math.pi, 20001)
    sign_changes = int(np.sum(np.diff(np.sign(np.sin(xs) - 0.4 * xs)) != 0))
    facts = {"g(0)": 0.0 - 0.0, "g_prime_zero_in_(0,pi)": zero, "g_prime_sign_changes": sign_changes,
             "g(pi)": 1 - math.pi**2 / 5 + 1, "certified_intervals_on_[2.6,pi]": n_iv,
             "min_certified_lower_value": min_lower, "taylor_region": "[0, sqrt(7.2)]"}
    ok = cert_ok and sign_changes == 1 and facts["g(pi)"] > 0
    return combine(ctx, [("search", part), ("certified g >= 0 and shape of g", fact_part(ctx, "certified", ok, facts))],
                   extra=facts)


_PUB_A5 = (((1.0, 3.0, 20, 0.001), 3.1546, ">", 1.27), ((1.0, 1.0, 75, 0.001), 1.3718, "<", -0.94))


def _sphere_ok(Xi, beta):
    """Master inequality at Xi (sphere), via the public threshold."""
    Xn = host(Xi)
    G = Xn.T @ Xn
    M = G.shape[0]
    Gm = G - np.diag(np.full(M, np.inf))
    delta_min = float(np.min(np.diag(G) - Gm.max(axis=1)))
    thr = value_of(B.master_inequality_threshold_at(Xi, beta))
    return delta_min >= thr, delta_min, thr


#: parameter sets (beta, K, d, p) of the probability part of Theorem A5 (the third fails the hypothesis)
_A5_STAT_SETS = ((1.0, 3.0, 20, 0.001), (1.0, 1.0, 75, 0.001), (1.0, 2.0, 8, 0.2))


@check("ramsauer2021/capacity-lambert", stat_parts=2)   # the third set fails the hypothesis c >= threshold
def check_capacity_lambert(ctx):
    """Theorem A5: the published constants, the root identity, and storage with probability >= 1 - p.

    Parts: c reproduced at both published parameter sets (mpmath Lambert W oracle, sign of
    a + ln b); SymPy: c = b/W_0(e^{a + ln b}) solves a c + c ln c - b = 0; at
    M = floor(sqrt(p) c^{(d-1)/4}) memories i.i.d. uniform on the sphere of radius K sqrt(d-1),
    the master inequality holds with probability >= 1 - p (binomial part per parameter set, with
    suite-level error control and a replicate); one update from uniform points of each S_mu
    stays in S_mu.  The largest M on a doubling grid at which every replicate stores all
    patterns is reported (how conservative the guarantee is).
    """
    xp = ctx.xp
    parts = []
    consts = []
    for params, pub, rel, ubound in _PUB_A5:
        c = ctx.side("c (Theorem A5)", value=value_of(B.capacity_constant(*params)))
        u = ctx.side("u = a + ln b", value=value_of(B.capacity_lambert_argument(*params)))
        with mpmath.workdps(DPS_HIGH):
            cm = mp_cap_c(*params)
            a, b = mp_cap_ab(*params)
            resid = float(a * cm + cm * mpmath.log(cm) - b)
            c_mp = float(cm)
        thr = value_of(B.capacity_threshold(d=params[2], p_fail=params[3]))
        ok = (abs(c - pub) < PUBLISHED_DIGITS and abs(c - c_mp) < TOL_CLOSED_FORM * c_mp
              and (u > ubound if rel == ">" else u < ubound)
              and c >= thr and abs(resid) < TOL_MP_RESIDUAL * max(1.0, float(b)))
        consts.append({"params(beta,K,d,p)": params, "c": c, "c_mp": c_mp, "published": pub, "u": u,
                       "u_published": f"{rel} {ubound}", "threshold": thr, "residual_ac+clnc-b": resid})
        parts.append((f"constants at {params}", fact_part(ctx, "constants", ok, consts[-1])))
    # SymPy: c = b / W(e^u) solves a c + c ln c - b = 0 (via ln W + W = u)
    a_s, b_s, W = sympy.symbols("a b W", positive=True)
    a_sub = sympy.log(W) + W - sympy.log(b_s)          # a from ln W + W = a + ln b
    c_s = b_s / W
    expr = sympy.simplify(sympy.expand_log(a_sub * c_s + c_s * sympy.log(c_s) - b_s, force=True))
    parts.append(("SymPy root identity", fact_part(ctx, "sympy", expr == 0, {"simplified_residual": str(expr)})))
    # statistical: at M = floor(sqrt(p) c^((d-1)/4)), the master inequality with probability >= 1 - p
    rng = ctx.rng(5)
    stat_rows = []
    stay_viol = 0
    stay_checked = 0
    for beta, K, d, p in _A5_STAT_SETS:
        c = ctx.side("c (Theorem A5)", value=value_of(B.capacity_constant(beta, K, d, p)))
        mres = B.capacity_memories(beta, K, d, p)
        if not bool(mres.hypotheses_hold):
            stat_rows.append({"params": (beta, K, d, p), "skipped": mres.summary()})
            continue
        M = int(math.floor(math.sqrt(p) * c ** ((d - 1) / 4)))
        m = K * math.sqrt(d - 1)
        if M < 2:
            stat_rows.append({"params": (beta, K, d, p), "skipped": f"M = {M} < 2 (c = {c})"})
            parts.append((f"M >= 2 at {(beta, K, d, p)}", fact_part(ctx, "M >= 2", False, {"M": M, "c": c})))
            continue
        thr = value_of(B.master_inequality_threshold(beta=beta, M=M, m=m * (1 + NORM_ROUNDING)))

        def experiment(seed, n, d=d, M=M, m=m, thr=thr):
            return int(np.sum(min_separations(xp, d, M, m, n, seed % (2**31 - 1000)) >= thr)), None

        for t in range(5):                 # one update from Q1 points of each S_mu stays in S_mu
            Xi = sampling.sphere(d, M, m, seed=int(rng.integers(2**31)), xp=xp)
            if not _sphere_ok(Xi, beta)[0]:
                continue
            model = models.DenseHopfield(Xi, beta)
            r = 1.0 / (beta * M * m)
            for mu in range(M):
                q = sampling.ball(Xi, mu, r=r, seed=int(rng.integers(2**31)), xp=xp)
                err = as_float(model.error(q, mu))
                stay_checked += 1
                stay_viol += int(err > r * (1 + NORM_ROUNDING))
        # a claimed 1 - p = 0.999 is confirmed once the data exclude a failure rate of 2p: with no
        # failure that takes ln(alpha)/ln(1 - 2p) trials (6000 at alpha = 6e-6, 10^4 at 2e-9),
        # hence a first look of at least 5000 trials
        r = binomial_check(ctx, experiment=experiment, claimed=1 - p, trials=max(5000, 5 * ctx.profile.trials),
                           distributions=[f"M = {M} points uniform on the sphere of radius {m:.4g} in R^{d}"],
                           extra={"M": M, "master_inequality_threshold": thr})
        stat_rows.append({"params(beta,K,d,p)": (beta, K, d, p), "M": M, **part_summary(r)})
        parts.append((f"probability at {(beta, K, d, p)}", r))
    parts.append(("one update stays in S_mu", fact_part(ctx, "stays", stay_viol == 0,
                                                        {"queries": stay_checked, "violations": stay_viol})))
    # informational: how conservative (largest M on a doubling grid with frequency >= 1 - p)
    info = {}
    beta, K, d, p = 1.0, 3.0, 20, 0.001
    m = K * math.sqrt(d - 1)
    M = 8
    n_info = max(20, ctx.profile.trials // 50)
    cap = 512 if ctx.profile.fraction < 1.0 else 2048
    last_ok = None
    while M <= cap:
        freq = np.mean([_sphere_ok(sampling.sphere(d, M, m, seed=int(rng.integers(2**31)), xp=xp), beta)[0]
                        for _ in range(n_info)])
        if freq < 1 - p:
            break
        last_ok = M
        M *= 2
    info = {"params": (beta, K, d, p), "guaranteed_M": math.floor(math.sqrt(p) * value_of(B.capacity_constant(
        beta, K, d, p)) ** ((d - 1) / 4)), "largest_M_on_doubling_grid_with_all_stored": last_ok,
        "replicates_per_M": n_info, "grid_cap": cap}
    return combine(ctx, parts, extra={"constants": consts, "statistical": stat_rows, "conservativeness": info,
                                      "distributions": ["uniform on the sphere of radius K sqrt(d-1)"]})


_PUB_A1 = (((1.0, 3.0, 20, 0.001), 3.1444), ((1.0, 1.0, 75, 0.001), 1.2585))


@check("ramsauer2021/capacity-lambert-free")
def check_capacity_lambert_free(ctx):
    r"""Corollary A1: the Lambert-free capacity constant, its published values and c_lf <= c.

    Parts: the published values 3.1444 and 1.2585; the two upper bounds on W_0(e^u) (u in
    [-30, 0] and (0, 100], grids plus Hypothesis, mpmath Lambert W at 50 digits) with certified
    interval enclosures at grid points; c_lf <= c (Theorem A5) on beta, K, p log-uniform and d in
    2..200, both re-evaluated in mpmath.
    """
    parts = []
    rows = []
    for params, pub in _PUB_A1:
        c = ctx.side("c (Corollary A1)", value=value_of(B.capacity_constant_lambert_free(*params)))
        ok = abs(c - pub) < PUBLISHED_DIGITS
        rows.append({"params(beta,K,d,p)": params, "c_lambert_free": c, "published": pub})
        parts.append((f"published value at {params}", fact_part(ctx, "published", ok, rows[-1])))

    # the two Lambert bounds (upper bounds on W_0(e^u))
    def lam_observe_factory(branch):
        bnd = B.lambert_upper_bound_nonpositive if branch == "nonpos" else B.lambert_upper_bound_positive

        def observe(u):
            u = float(u)
            rhs = ctx.side(f"Lambert bound ({branch})", value=value_of(bnd(u=u)), kind="upper")
            with mpmath.workdps(30):
                lhs = float(mpmath.re(mpmath.lambertw(mpmath.exp(mpf(u)))))
            return Observation(lhs, rhs, inputs={"u": u})

        def reevaluate(o):
            with mpmath.workdps(DPS_HIGH):
                return (float(mpmath.re(mpmath.lambertw(mpmath.exp(mpf(o.inputs["u"]))))),
                        ctx.side(f"Lambert bound ({branch})", value=float(bnd.mp(u=o.inputs["u"])), kind="upper"))
        return observe, reevaluate, bnd

    n_grid = 2000 if ctx.profile.fraction >= 1.0 else 400
    for branch, lo, hi in (("nonpos", -30.0, 0.0), ("pos", 1e-9, 100.0)):
        observe, reevaluate, bnd = lam_observe_factory(branch)
        grid = list(np.linspace(lo, hi, 41))
        parts.append((f"Lambert bound {branch}", inequality_check(
            ctx, strategy=st.floats(lo, hi, allow_nan=False), observe=observe, reevaluate=reevaluate,
            explicit=[hi if branch == "nonpos" else 100.0, lo] + grid,
            distributions=[f"u uniform on [{lo}, {hi}] + grid"],
            reproduce=("import mpmath\nfrom hoptheory.bounds.ramsauer2021 import " + bnd.name + "\n"
                       "lhs = float(mpmath.lambertw(mpmath.exp(ce['u'])).real)\n"
                       f"rhs = float({bnd.name}.mp(u=ce['u']))"))))
        # certified at grid points: the enclosure of W_0(e^u) never lies above the bound's enclosure
        bad = 0
        strict = 0
        old = mpmath.iv.prec
        for u in np.linspace(lo, hi, n_grid // 10):
            u = float(u)
            r_iv = bnd.certified(u=u)
            mpmath.iv.prec = 80
            try:
                with mpmath.workprec(100):
                    w = mpmath.re(mpmath.lambertw(mpmath.exp(mpf(u))))
                    w_lo, w_hi = w * (1 - mpmath.mpf(2) ** -90), w * (1 + mpmath.mpf(2) ** -90)
                    bad += int(w_lo > mpmath.mpf(r_iv.b))
                    strict += int(w_hi < mpmath.mpf(r_iv.a))
            finally:
                mpmath.iv.prec = old
        parts.append((f"certified grid {branch}", fact_part(ctx, "certified", bad == 0,
                                                            {"points": n_grid // 10, "violations": bad,
                                                             "strictly_below": strict})))

    # c_lf <= c on a parameter grid (applicable: the constants' domain)
    def obs_c(draw):
        beta, K, d, p = draw
        lf = B.capacity_constant_lambert_free(beta, K, d, p)
        c_res = B.capacity_constant(beta, K, d, p)
        if bool(lf.ill_defined) or bool(c_res.ill_defined):
            return Observation(0.0, 0.0, applicable=True, ill_defined=True, inputs=dict(zip("beta K d p".split(), draw)),
                               note="; ".join(lf.reasons_ill_defined() + c_res.reasons_ill_defined()))
        rhs = ctx.side("c (Theorem A5)", value=value_of(c_res), kind="upper")
        return Observation(value_of(lf), rhs, inputs={"beta": beta, "K": K, "d": d, "p_fail": p},
                           note=f"hypothesis c >= threshold: {bool(c_res.hypotheses_hold)}")

    def reeval_c(o):
        i = o.inputs
        with mpmath.workdps(DPS_HIGH):
            return float(B.capacity_constant_lambert_free.mp(beta=i["beta"], K=i["K"], d=i["d"], p_fail=i["p_fail"])), \
                ctx.side("c (Theorem A5)", value=float(mp_cap_c(i["beta"], i["K"], i["d"], i["p_fail"])), kind="upper")

    logu = lambda lo, hi: st.floats(math.log10(lo), math.log10(hi)).map(lambda e: float(10**e))  # noqa: E731
    strat = st.tuples(logu(1e-2, 1e2), logu(0.1, 10.0), st.integers(2, 200), logu(1e-6, 1.0))
    parts.append(("c_lf <= c", inequality_check(
        ctx, strategy=strat, observe=obs_c, reevaluate=reeval_c,
        explicit=[p for p, _ in _PUB_A1], distributions=["beta, K, p log-uniform; d uniform in 2..200"],
        reproduce=("from hoptheory.bounds.ramsauer2021 import capacity_constant, capacity_constant_lambert_free\n"
                   "args = dict(beta=ce['beta'], K=ce['K'], d=ce['d'], p_fail=ce['p_fail'])\n"
                   "lhs = float(capacity_constant_lambert_free.mp(**args))\nrhs = float(capacity_constant.mp(**args))"))))
    return combine(ctx, parts, extra={"published": rows})
