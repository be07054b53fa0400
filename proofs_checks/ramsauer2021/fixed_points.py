r"""Checks of Ramsauer et al. (2021): fixed points (global, near a pattern, metastable).

Claims ``ramsauer2021/global-fixed-point``, ``softmax-concentration``, ``sphere-self-map``,
``sphere-contraction`` and ``metastable-states`` (Lemmas A3-A12).  Instances: the standard
families and antipodal pairs; beta near the roots of the well-separation condition (F5); the
clustered memories of the metastable states (F4) (:mod:`._instances`).  Oracles: the update,
its Jacobian and the Lemma A6 quantities in mpmath (:mod:`._oracles`).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from hoptheory import models
from hoptheory.backend import to_numpy
from hoptheory.bounds import ramsauer2021 as B

from .._framework import Observation, check, combine, shared_search
from .._strategies import Instance, instances
from ._common import (NA, as_float, bound_reproducer, gauss_legendre01, host, identity_part, mean_jacobian, n_examples,
                      on_instance, redo)
from ._instances import (ALL, METASTABLE, QUERY_KINDS, QUERY_TEXT, RATE_FLOOR, RATIO_RESOLUTION, SPHERES, TOL_LIMITS,
                         TOL_RESIDUAL_FLOOR, TOL_X_STAR, centre_radius, draw_std, families_text, meta_setup,
                         pattern_arrays, small_root_draws, sphere_setup, std_setup)
from ._oracles import mp_T_np, mp_error, mp_jacobian_T, mp_value_clipped, mp_wellsep_and_a6

__all__: list[str] = []


@check("ramsauer2021/global-fixed-point")
def check_global_fixed_point(ctx):
    r"""Lemma A3: for beta r_c^2 < 1, T is a contraction with a unique global fixed point.

    Parts: ||J(x)||_2 <= beta r_c^2; ||x_{t+1} - x*|| <= beta r_c^2 ||x_t - x*||; 8 starts reach one
    fixed point x* = T(x*).  Families: the standard ones and antipodal pairs with beta = theta/r_c^2,
    theta in [0.05, 0.9]; queries free, in the hull, perturbed, in a ball.  Oracle: mpmath T and
    Jacobian by central differences.
    """
    xp = ctx.xp
    strat = st.one_of(draw_std(ALL, M=(2, 12)),
                      st.tuples(instances(("antipodal",), M=(2, 2)), QUERY_KINDS, st.floats(-1, 1)))

    @on_instance(std_setup, xp)
    def obs_norm(draw, inst, Xi, Xn, x):
        if inst.family == "antipodal":
            x = x * 1e-3 * inst.radius_fraction
        nJ = float(np.linalg.norm(host(models.DenseHopfield(Xi, inst.beta).jacobian(xp.asarray(x))), 2))
        b = B.global_jacobian_bound(beta=inst.beta, r_c=centre_radius(Xn))
        rhs = ctx.side("beta r_c^2 (Jacobian)", value=as_float(b.value))
        return Observation(nJ, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    def re_norm(o):
        return float(np.linalg.norm(mp_jacobian_T(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"]), 2)), o.rhs

    cstrat = st.tuples(st.one_of(instances(ALL, M=(2, 10)), instances(("antipodal",), M=(2, 2))),
                       st.floats(0.05, 0.9))
    spread = {"max_limit_spread": 0.0, "instances": 0}

    def obs_rate(draw):
        inst, theta = draw
        arr = pattern_arrays(inst, xp, False)
        Xi, Xn = arr
        rc = centre_radius(Xn)
        if rc <= 0:
            return NA
        beta = theta / rc**2
        model = models.DenseHopfield(Xi, beta)
        res = B.global_contraction_rate_at(Xi, beta)
        rate = ctx.side("contraction rate beta r_c^2", value=as_float(res.value))
        rng = np.random.default_rng(inst.seed + 5)
        starts = [rng.normal(size=inst.d) * inst.m * 3 for _ in range(8)]
        if inst.family == "antipodal":
            starts = [Xn[:, 0] * 1e-3 * (j + 1) for j in range(8)]
        worst, worst_in = 0.0, None
        it = model.iterate(xp.asarray(starts[0]), max_steps=3000)
        if not it.converged:
            return Observation(0.0, 1.0, applicable=False, note="no convergence in 3000 steps")
        xs = host(it.final)
        # |x* - fixed point| <= residual / (1 - rate) (Banach); steps closer than 1e3 times that are skipped
        delta = float(host(it.residuals)[-1]) / max(1e-3, 1.0 - rate) + TOL_RESIDUAL_FLOOR
        trajs = [host(model.iterate(xp.asarray(x0), max_steps=60).trajectory) for x0 in starts]
        for X in trajs:
            e = np.linalg.norm(X - xs, axis=1)
            ok = e[:-1] > max(RATE_FLOOR * (1 + inst.m), 1e3 * delta)
            if np.any(ok):
                r = e[1:][ok] / e[:-1][ok]
                j = int(np.argmax(r))
                if r[j] > worst:
                    worst, worst_in = float(r[j]), (e[:-1][ok][j], e[1:][ok][j])
        if worst_in is None:
            return Observation(0.0, rate, applicable=bool(to_numpy(res.hypotheses_hold)),
                               inputs={"Xi": Xn, "beta": beta})
        e0, e1 = worst_in
        return Observation(float(max(0.0, e1 - delta)), float(rate * (e0 + delta)), applicable=bool(to_numpy(res.hypotheses_hold)),
                           inputs={"Xi": Xn, "beta": beta}, note="||x_{t+1} - x*|| vs rate ||x_t - x*||")

    def obs_agree(draw):
        inst, theta = draw
        Xi, Xn = pattern_arrays(inst, xp, False)
        rc = centre_radius(Xn)
        if rc <= 0:
            return NA
        beta = theta / rc**2
        model = models.DenseHopfield(Xi, beta)
        rng = np.random.default_rng(inst.seed + 6)
        L = np.array([host(model.iterate(xp.asarray(rng.normal(size=inst.d) * inst.m * 3), max_steps=3000).final)
                      for _ in range(8)])
        spread["instances"] += 1
        spread["max_limit_spread"] = max(spread["max_limit_spread"], float(np.max(np.linalg.norm(L - L[0], axis=1))))
        xs = ctx.side("global fixed point x*", value=L[0])
        Tm, _ = mp_T_np(Xn, xs, beta)
        return identity_part((float(np.max(np.linalg.norm(L - xs, axis=1))) + float(np.linalg.norm(Tm - xs)))
                             / (1 + inst.m), TOL_LIMITS, {"Xi": Xn, "beta": beta, "_draw": draw})

    fam = families_text(*ALL, "antipodal") + QUERY_TEXT + [
        "contraction: beta = theta / r_c^2, theta in [0.05, 0.9]; 8 starts (60 steps each)"]
    k = n_examples(ctx, 3)
    ex_n = [(Instance("antipodal", 3, 2, 1.0, b, 0, 0, 0.0), "free", 0.0) for b in (0.5, 5.0)]
    ex_r = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), 0.9)]
    search = shared_search(ctx, distributions=fam, examples=k)
    parts = [
        ("||J(x)||_2 <= beta r_c^2", search(strategy=strat, observe=obs_norm, reevaluate=re_norm, explicit=ex_n)),
        ("||x_{t+1} - x*|| <= beta r_c^2 ||x_t - x*|| (beta r_c^2 < 1)",
         search(strategy=cstrat, observe=obs_rate, explicit=ex_r)),
        ("8 starts reach one fixed point x* = T(x*)",
         search(strategy=cstrat, observe=obs_agree, reevaluate=redo(obs_agree), examples=max(4, min(k // 2, 12)))),
    ]
    return combine(ctx, parts, extra={"limits": spread})


@check("ramsauer2021/softmax-concentration")
def check_softmax_concentration(ctx):
    r"""Lemma A4: one update concentrates on the pattern with the largest query separation.

    Parts: the published error bound 2 eps m (mu = argmax of the query separation), its
    generalisation to any mu, the weight bound p_mu >= 1 - eps, the competitor bound, and the
    sharp (1 - p_mu) max distance.  Families: the standard ones plus antipodal pairs; queries
    free, in the hull, perturbed, in a ball.  Where e^{-beta Delta} overflows, the bound's
    50-digit value is used (clipped to the floats).  Oracle: mpmath softmax and T.
    """
    xp = ctx.xp
    strat = st.one_of(draw_std(ALL), st.tuples(instances(("antipodal",), M=(2, 2), beta=(1e-1, 1e2)),
                                               QUERY_KINDS, st.floats(-1, 1)))

    def get(draw, which):
        s = std_setup(draw, xp)
        if s is None:
            return None
        inst, Xi, Xn, x = s
        if inst.family == "antipodal":
            x = Xn[:, 0] * inst.radius_fraction
        z = Xn.T @ x
        mu = int(np.argmax(z)) if which.startswith("published") else inst.mu % inst.M
        return inst, Xi, Xn, x, mu

    def observe_factory(which):
        @on_instance(get, which)
        def observe(draw, inst, Xi, Xn, x, mu):
            model = models.DenseHopfield(Xi, inst.beta)
            xa = xp.asarray(x)
            p = host(model.weights(xa))
            M, m = float(inst.M), models.max_norm(Xi)
            dt = as_float(models.query_separation(Xi, xa, mu))
            kind, triv = "upper", None
            if which in ("published error", "general error"):
                lhs = as_float(model.error(xa, mu))
                b = B.concentration_error_bound_at(Xi, xa, None if which.startswith("published") else mu, inst.beta)
                z = np.sort(Xn.T @ x)[::-1]
                formula = (B.concentration_error_bound,
                           {"beta": inst.beta, "M": M, "m": m,
                            "query_sep": float(z[0] - z[1]) if which.startswith("published") else dt})
                triv = 2 * m
            elif which == "weight":
                lhs = float(p[mu])
                formula = (B.concentration_weight_lower_bound, {"beta": inst.beta, "M": M, "query_sep": dt})
                b = formula[0](**formula[1])
                kind = "lower"
            elif which == "competitors":
                lhs = float(np.max(np.delete(p, mu)))
                formula = (B.concentration_competitor_weight_bound, {"beta": inst.beta, "M": M, "query_sep": dt})
                b = formula[0](**formula[1])
            else:
                lhs = as_float(model.error(xa, mu))
                D = float(np.max(np.linalg.norm(Xn - Xn[:, mu:mu + 1], axis=0)))
                formula = (B.concentration_error_bound_sharp, {"p_mu": float(p[mu]), "max_dist": D})
                b = formula[0](**formula[1])
            value = as_float(b.value)
            ill = bool(to_numpy(b.ill_defined))
            if ill or not math.isfinite(value):
                # e^{-beta query_sep} overflows for a strongly negative query separation: the
                # expression is defined there, so its 50-digit value decides (clipped to the floats)
                value = mp_value_clipped(*formula)
                ill = not math.isfinite(value)
            rhs = ctx.side(f"Lemma A4 {which}", value=value if not ill else math.nan, kind=kind)
            return Observation(lhs, rhs, applicable=bool(to_numpy(b.hypotheses_hold)), ill_defined=ill, trivial=triv,
                               inputs={"Xi": Xn, "x": x, "beta": inst.beta, "mu": mu, "which": which})
        return observe

    def re(o):
        Xn, x, beta, mu, which = (o.inputs[k] for k in ("Xi", "x", "beta", "mu", "which"))
        Tm, pm = mp_T_np(Xn, x, beta)
        if which == "weight":
            return float(pm[mu]), o.rhs
        if which == "competitors":
            return float(np.max(np.delete(pm, mu))), o.rhs
        return mp_error(Xn, x, beta, Xn[:, mu]), o.rhs

    reproduce = bound_reproducer("concentration_error_bound_at(Xi, x, None, beta)",
                                 "float(DenseHopfield(Xi, beta).error(x, mu))", scalars=("beta", "mu"))
    fam = families_text(*ALL, "antipodal") + QUERY_TEXT + [
        "published: mu = argmax of the query separation; generalised: any mu"]
    ex = [(Instance("antipodal", 3, 2, 1.0, b, 0, 0, f), "ball", 0.0) for b, f in ((5.0, 0.9), (30.0, 0.5))]
    search = shared_search(ctx, strategy=strat, reevaluate=re, distributions=fam, examples=n_examples(ctx, 5),
                           explicit=ex)
    parts = [(which, search(observe=observe_factory(which), kind=kd,
                            reproduce=reproduce if which == "published error" else ""))
             for which, kd in (("published error", "upper"), ("general error", "upper"), ("weight", "lower"),
                               ("competitors", "upper"), ("sharp", "upper"))]
    return combine(ctx, parts)


@check("ramsauer2021/sphere-self-map")
def check_sphere_self_map(ctx):
    r"""Definition 3, Lemma A5: well-separation makes S_mu invariant under T.

    Parts: ||xi_mu - T(x)|| <= 2(M-1)e^{-beta(Delta_mu - 2/(beta M))} m; ||xi_mu - T(x)|| <=
    1/(beta M m); the intermediate bound <= 1/(beta M m).  Families (F5): sphere, unequal-norm
    and antipodal memories with beta at the large root of the well-separation condition times
    10^[0, 0.5] or at the small root divided by it; x on the segment towards the smallest-margin
    competitor (boundary and inside) or uniform in S_mu.  Oracle: mpmath T at 40 digits.
    """
    xp = ctx.xp

    def observe_factory(which):
        @on_instance(sphere_setup, xp)
        def observe(draw, inst, Xi, Xn, mu, beta, r, x):
            b = B.sphere_self_map_error_bound_at(Xi, mu, beta)
            ok = bool(to_numpy(b.valid))
            err = as_float(models.DenseHopfield(Xi, beta).error(xp.asarray(x), mu))
            rad = as_float(B.sphere_radius(beta=beta, M=float(inst.M), m=models.max_norm(Xi)).value)
            if which == "intermediate":
                lhs, rhs = err, ctx.side("2(M-1) exp(-beta(Delta - 2/(beta M))) m", value=as_float(b.value))
            elif which == "radius":
                lhs, rhs = err, ctx.side("radius 1/(beta M m) (T(x) in S_mu)", value=rad)
            else:
                lhs, rhs = as_float(b.value), ctx.side("radius 1/(beta M m) (bound <= radius)", value=rad)
            return Observation(lhs, rhs, applicable=ok, trivial=2 * models.max_norm(Xi) if which != "chain" else None,
                               inputs={"Xi": Xn, "x": x, "beta": beta, "mu": mu, "which": which})
        return observe

    def re(o):
        if o.inputs["which"] == "chain":
            Xn, beta, mu = o.inputs["Xi"], o.inputs["beta"], o.inputs["mu"]
            Dl = float(np.min(np.delete(Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn), mu)))
            return float(B.sphere_self_map_error_bound.mp(beta=beta, M=Xn.shape[1],
                                                          m=float(np.linalg.norm(Xn, axis=0).max()), Delta=Dl)), o.rhs
        return mp_error(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"], o.inputs["Xi"][:, o.inputs["mu"]]), o.rhs

    reproduce = bound_reproducer("sphere_self_map_error_bound_at(Xi, mu, beta)",
                                 "float(DenseHopfield(Xi, beta).error(x, mu))", scalars=("beta", "mu"))
    fam = families_text("sphere", "unequal", "antipodal") + [
        "F5: beta = the large root of the well-separation condition times 10^{[0, 0.5]}, or the small root divided",
        "x in S_mu: on the segment towards the smallest-margin competitor (boundary and inside), or uniform"]
    ex = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0, "towards", 0.0)]
    search = shared_search(ctx, strategy=SPHERES, reevaluate=re, distributions=fam, examples=n_examples(ctx, 3),
                           explicit=ex)
    parts = [(w, search(observe=observe_factory(w), reproduce=reproduce if w == "intermediate" else ""))
             for w in ("intermediate", "radius", "chain")]
    parts = [("||xi_mu - T(x)|| <= 2(M-1)e^{-beta(Delta_mu - 2/(beta M))} m", parts[0][1]),
             ("||xi_mu - T(x)|| <= 1/(beta M m) (T maps S_mu into itself)", parts[1][1]),
             ("intermediate bound <= 1/(beta M m)", parts[2][1])]
    return combine(ctx, parts)


@check("ramsauer2021/sphere-contraction")
def check_sphere_contraction(ctx):
    """Lemmas A6, A7 and Eqs. (180), (183): contraction of T on S_mu and its fixed point.

    Parts: the Lemma A6 bound on the mean-value Jacobian (and the empirical contraction ratio)
    as published, under the well-separation condition of Lemma A5 alone; the same bound in the
    regime :math:`2(M-1)M\\beta m^2\\ge1` (derived: there the bound is at least 1/2); Eq. (180) on
    the segment [x*, x]; the a-posteriori bound; Lemma A7 (x* in S_mu, reached from 8 starts).

    Families: F1 sphere, F2 unequal norms and antipodal pairs with beta at the large root of the
    well-separation condition times 10^[0, 0.5] or at the small root divided by 10^[0, 0.5];
    a seeded family with beta just below the small root and M in 5..8 (where the published
    bound is negative); queries on the segment towards the smallest-margin competitor or
    uniform in S_mu.  Oracles: 50-digit mpmath for T, the Jacobian (central differences,
    32-node Gauss-Legendre along the segment), the well-separation slack and the Lemma A6 bound.
    """
    xp = ctx.xp
    fixed = {"instances": 0, "starts_disagree": 0, "outside_S_mu": 0}

    def base(draw):
        s = sphere_setup(draw, xp)
        if s is None:
            return None
        inst, Xi, Xn, mu, beta, r, x = s
        model = models.DenseHopfield(Xi, beta)
        it = model.iterate(xp.asarray(Xn[:, mu]), max_steps=5000)
        if not it.converged:
            return None
        return inst, Xi, Xn, mu, beta, r, x, model, host(it.final)

    def obs_a6_factory(regime):
        side = ("Lemma A6 contraction bound" if regime == "published"
                else "Lemma A6 contraction bound (2(M-1)M beta m^2 >= 1)")

        @on_instance(base)
        def obs_a6(draw, inst, Xi, Xn, mu, beta, r, x, model, xs):
            Delta = float(host(models.pattern_separation(Xi))[mu])
            m = models.max_norm(Xi)
            b = B.sphere_contraction_bound(beta=beta, M=float(inst.M), m=m, Delta=Delta)
            ok = bool(to_numpy(b.valid))
            if regime == "disjoint":
                ok = ok and 2 * (inst.M - 1) * inst.M * beta * m * m >= 1
            rhs = ctx.side(side, value=as_float(b.value))
            rng = np.random.default_rng([inst.seed, 9])
            u = rng.normal(size=inst.d)
            y = x - 1e-3 * r * u / np.linalg.norm(u) if draw[4] < 0.5 else xs
            if np.linalg.norm(y - Xn[:, mu]) > r:
                y = Xn[:, mu] + (y - Xn[:, mu]) * r / np.linalg.norm(y - Xn[:, mu])
            Jm, Jm2 = mean_jacobian(model, xp, x, y)
            nJ = max(float(np.linalg.norm(Jm, 2)), float(np.linalg.norm(Jm2, 2)))
            dxy = float(np.linalg.norm(x - y))
            emp = float(np.linalg.norm(host(model.retrieve(xp.asarray(x))) - host(model.retrieve(xp.asarray(y))))) / dxy \
                if dxy > RATIO_RESOLUTION * (1 + inst.m) else 0.0
            return Observation(max(nJ, emp), rhs, applicable=ok,
                               inputs={"Xi": Xn, "x": x, "y": y, "beta": beta, "mu": mu, "regime": regime})

        def re_a6(o):
            """Both sides at 50 digits; a candidate whose hypotheses fail in exact arithmetic is discarded."""
            Xn, x, y, beta, mu = (o.inputs[k] for k in ("Xi", "x", "y", "beta", "mu"))
            slack, a6, L = mp_wellsep_and_a6(Xn, beta, mu)
            if slack < 0 or (regime == "disjoint" and L < 1):
                return o.lhs, math.inf
            Tx, _ = mp_T_np(Xn, x, beta)
            Ty, _ = mp_T_np(Xn, y, beta)
            s, w = gauss_legendre01(32)
            Jm = sum(wk * mp_jacobian_T(Xn, y + sk * (x - y), beta) for sk, wk in zip(s, w))
            emp = float(np.linalg.norm(Tx - Ty) / np.linalg.norm(x - y)) if np.linalg.norm(x - y) > 0 else 0.0
            return max(float(np.linalg.norm(Jm, 2)), emp), ctx.side(side, value=float(a6))

        return obs_a6, re_a6

    @on_instance(base)
    def obs_180(draw, inst, Xi, Xn, mu, beta, r, x, model, xs):
        x = Xn[:, mu] + (x - Xn[:, mu]) * (1 + 2 * draw[2])      # also outside S_mu (the bound holds for every x)
        Jm, Jm2 = mean_jacobian(model, xp, x, xs)
        nJ = max(float(np.linalg.norm(Jm, 2)), float(np.linalg.norm(Jm2, 2)))
        b = B.mean_value_jacobian_bound_at(Xi, xp.asarray(x), mu, beta, x_star=xp.asarray(xs))
        ill = bool(to_numpy(b.ill_defined))
        rhs = ctx.side("Eq. (180) mean-value Jacobian bound", value=as_float(b.value) if not ill else math.nan)
        return Observation(nJ, rhs, applicable=bool(to_numpy(b.hypotheses_hold)), ill_defined=ill,
                           trivial=beta * models.max_norm(Xi) ** 2,
                           inputs={"Xi": Xn, "x": x, "x_star": xs, "beta": beta, "mu": mu})

    def re_180(o):
        Xn, x, xs, beta = o.inputs["Xi"], o.inputs["x"], o.inputs["x_star"], o.inputs["beta"]
        s, w = gauss_legendre01(32)
        Jm = sum(wk * mp_jacobian_T(Xn, xs + sk * (x - xs), beta) for sk, wk in zip(s, w))
        return float(np.linalg.norm(Jm, 2)), o.rhs

    @on_instance(base)
    def obs_post(draw, inst, Xi, Xn, mu, beta, r, x, model, xs):
        Jm, Jm2 = mean_jacobian(model, xp, x, xs)
        nJ = max(float(np.linalg.norm(Jm, 2)), float(np.linalg.norm(Jm2, 2)))
        Tx = host(model.retrieve(xp.asarray(x)))
        b = B.a_posteriori_error_bound(jacobian_norm=nJ, step_norm=float(np.linalg.norm(x - Tx)))
        ok = bool(to_numpy(b.hypotheses_hold))
        rhs = ctx.side("a-posteriori ||J^m||/(1 - ||J^m||) ||x - T(x)||", value=as_float(b.value) if ok else math.nan)
        lhs = float(np.linalg.norm(Tx - xs))
        # x* itself is known to the iteration tolerance only
        return Observation(max(0.0, lhs - TOL_X_STAR * (1 + inst.m)), rhs, applicable=ok,
                           inputs={"Xi": Xn, "x": x, "x_star": xs, "beta": beta, "mu": mu})

    @on_instance(base)
    def obs_fixed(draw, inst, Xi, Xn, mu, beta, r, x, model, xs):
        rng = np.random.default_rng(inst.seed + 12)
        L = [xs]
        for _ in range(8):
            u = rng.normal(size=inst.d)
            x0 = Xn[:, mu] + r * rng.uniform() ** (1 / inst.d) * u / np.linalg.norm(u)
            it = model.iterate(xp.asarray(x0), max_steps=5000)
            L.append(host(it.final))
        L = np.array(L)
        fixed["instances"] += 1
        spread = float(np.max(np.linalg.norm(L - xs, axis=1)))
        fixed["starts_disagree"] += int(spread > TOL_LIMITS * (1 + inst.m))
        dist = float(np.max(np.linalg.norm(L - Xn[:, mu], axis=1)))
        fixed["outside_S_mu"] += int(dist > r)
        rad = ctx.side("S_mu radius (x* in S_mu, all 8 starts agree)", value=r)
        ok = bool(to_numpy(B.sphere_self_map_error_bound_at(Xi, mu, beta).valid))
        return Observation(dist + spread * 1e6, rad, applicable=ok, inputs={"Xi": Xn, "beta": beta, "mu": mu})

    fam = families_text("sphere", "unequal", "antipodal") + [
        "F5 (beta near the well-separation root); x in S_mu towards the smallest-margin competitor or uniform",
        "mean-value Jacobians: Gauss-Legendre with 16 and 32 nodes (the larger norm is used)"]
    ex = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0, "towards", 0.0),
          (Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0, "towards", 0.9)]
    k = n_examples(ctx, 5)
    obs_pub, re_pub = obs_a6_factory("published")
    obs_dis, re_dis = obs_a6_factory("disjoint")
    small = small_root_draws(ctx, 4)
    a6_reproduce = ("import math\nfrom hoptheory.bounds.ramsauer2021 import sphere_contraction_bound, "
                    "sphere_self_map_error_bound_at\n"
                    "Xi, x, y, beta, mu = np.array(ce['Xi']), np.array(ce['x']), np.array(ce['y']), ce['beta'], ce['mu']\n"
                    "G = Xi.T @ Xi; M = Xi.shape[1]; m = float(np.sqrt(np.max(np.diag(G))))\n"
                    "Delta = float(G[mu, mu] - max(G[mu, j] for j in range(M) if j != mu))\n"
                    "assert bool(sphere_self_map_error_bound_at(Xi, mu, beta).valid)  # Lemma A5's hypothesis\n"
                    "t, w = np.polynomial.legendre.leggauss(32)\n"
                    "def jac(z):\n"
                    "    s = beta * (Xi.T @ z); p = np.exp(s - s.max()); p /= p.sum()\n"
                    "    return beta * (Xi @ np.diag(p) @ Xi.T - np.outer(Xi @ p, Xi @ p))\n"
                    "Jm = sum(wk / 2 * jac(y + (tk + 1) / 2 * (x - y)) for tk, wk in zip(t, w))\n"
                    "lhs = float(np.linalg.norm(Jm, 2))\n"
                    "rhs = float(sphere_contraction_bound(beta=beta, M=M, m=m, Delta=Delta).value)\n")
    search = shared_search(ctx, strategy=SPHERES, distributions=fam, examples=k, explicit=ex)
    parts = [
        ("Lemma A6: ||J^m||_2 and ||T(x) - T(y)||/||x - y|| <= 1 - 2(M-1)^2 e^{-2beta(Delta + 2/(beta M))} beta M m^2",
         search(observe=obs_pub, reevaluate=re_pub, reproduce=a6_reproduce,
                families={"beta just below the small well-separation root, M in 5..8": small})),
        ("Lemma A6 where 2(M-1)M beta m^2 >= 1 (derived regime of disjoint spheres)",
         search(observe=obs_dis, reevaluate=re_dis)),
        ("Eq. (180): ||J^m||_2 on [x*, x] <= 2 beta M m^2 (M-1) e^{-beta(Delta - 2 r m)}",
         search(observe=obs_180, reevaluate=re_180)),
        ("a-posteriori ||T(x) - x*|| <= ||J^m||/(1 - ||J^m||) ||x - T(x)||", search(observe=obs_post)),
        ("Lemma A7: x* in S_mu, reached from 8 starts in S_mu",
         search(observe=obs_fixed, examples=max(4, k // 2), explicit=ex[:1])),
    ]
    return combine(ctx, parts, extra={"fixed_points": fixed})


@check("ramsauer2021/metastable-states")
def check_metastable_states(ctx):
    r"""Lemmas A8-A12: metastable fixed points near the average of similar patterns.

    Parts: Lemma A8's Jacobian bound with the exact gamma and with gamma <= eps; Lemma A12: 8
    starts in S_meta reach one fixed point inside it.  Family F4: l memories around m c with
    spread m 10^{-s} (a symmetric pair, the tight case of Lemma A8, for every third seed) and the
    others opposite; beta = theta / r_l^2, theta in [0.05, 0.95]; x uniform in S_meta or near its
    centre.  Oracle: mpmath Jacobian by central differences.
    """
    xp = ctx.xp
    info = {"limits_in_single_pattern_spheres": 0, "instances": 0}

    def obs_a8(which):
        @on_instance(meta_setup, xp)
        def observe(draw, Xi, Xn, l, beta, r_l, mm, mean, R, x, ok):
            if draw[0][1] % 2 == 0:
                x = mean + (x - mean) * 1e-3     # near the centre: gamma small, J close to beta r_l^2
            model = models.DenseHopfield(Xi, beta)
            p = host(model.weights(xp.asarray(x)))
            gamma = float(np.sum(p[l:]))
            nJ = float(np.linalg.norm(host(model.jacobian(xp.asarray(x))), 2))
            if which == "gamma":
                b = B.metastable_jacobian_bound(beta=beta, r_l=r_l, m=mm, gamma=min(gamma, 1.0))
            else:
                eps = min(1.0, gamma + max(float(draw[6]), 0.0) * 1e-3)
                b = B.metastable_jacobian_bound_eps(beta=beta, r_l=r_l, m=mm, gamma=min(gamma, 1.0), epsilon=eps)
            rhs = ctx.side(f"Lemma A8 ({which})", value=as_float(b.value))
            return Observation(nJ, rhs, applicable=ok and bool(to_numpy(b.hypotheses_hold)),
                               trivial=beta * mm * mm, inputs={"Xi": Xn, "x": x, "beta": beta, "l": l})
        return observe

    def re_a8(o):
        return float(np.linalg.norm(mp_jacobian_T(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"]), 2)), o.rhs

    @on_instance(meta_setup, xp)
    def obs_fix(draw, Xi, Xn, l, beta, r_l, mm, mean, R, x, ok):
        if not ok:
            return NA
        model = models.DenseHopfield(Xi, beta)
        rng = np.random.default_rng(draw[1] + 3)
        L = []
        for _ in range(8):
            u = rng.normal(size=Xn.shape[0])
            it = model.iterate(xp.asarray(mean + R * rng.uniform() ** (1 / Xn.shape[0]) * u / np.linalg.norm(u)),
                               max_steps=5000)
            if not it.converged:
                return Observation(0.0, 1.0, applicable=False, note="not converged")
            L.append(host(it.final))
        L = np.array(L)
        spread = float(np.max(np.linalg.norm(L - L[0], axis=1)))
        dist = float(np.max(np.linalg.norm(L - mean, axis=1)))
        info["instances"] += 1
        rs = 1.0 / (beta * Xn.shape[1] * mm)
        info["limits_in_single_pattern_spheres"] += int(np.min(np.linalg.norm(Xn[:, :l] - L[0][:, None], axis=0)) <= rs)
        rad = ctx.side("S_meta radius 1/(beta r_l)", value=R)
        return Observation(dist + 1e6 * spread, rad, inputs={"Xi": Xn, "beta": beta, "l": l})

    fam = ["F4: l memories around m c with spread m 10^{-s}, s in [1, 2] (a symmetric pair for every third seed); "
           "M - l memories around -m c", "beta = theta / r_l^2, theta in [0.05, 0.95]; Lemma A12's condition checked",
           "x uniform in S_meta, or near its centre"]
    k = n_examples(ctx, 3)
    ex = [((3, 5), 3, 1.0, 1.5, 0.9, 2, 0.0), ((4, 6), 6, 1.0, 2.0, 0.5, 3, 0.5)]
    # the tight case of Lemma A8, drawn from the suite seed: a symmetric pair orthogonal to the
    # cluster's direction (array seed a multiple of 3, q < 0 as the marker), the query at the centre
    # where the pair shares the weight (M even), eps = gamma, so ||J||_2 = beta r_l^2 = the bound
    rng = ctx.rng("tight pair")
    tight = {"symmetric pair orthogonal to the cluster direction, query at the centre, eps = gamma": [
        ((int(rng.integers(2, 7)), 2 * int(rng.integers(2, 5))), 3 * int(rng.integers(1, 2**29)),
         float(rng.uniform(0.5, 2.0)), float(rng.uniform(1.5, 2.0)), float(rng.uniform(0.85, 0.95)), 2, -1.0)
        for _ in range(4)]}
    search = shared_search(ctx, strategy=METASTABLE, distributions=fam, examples=k, explicit=ex)
    parts = [
        ("Lemma A8: ||J||_2 <= beta((1 - gamma) r_l^2 + 2 gamma (2 - gamma) m^2), exact gamma",
         search(observe=obs_a8("gamma"), reevaluate=re_a8, families=tight)),
        ("Lemma A8: ||J||_2 <= beta(r_l^2 + 2 eps (2 - eps) m^2), gamma <= eps",
         search(observe=obs_a8("eps"), reevaluate=re_a8, families=tight)),
        ("Lemma A12: 8 starts in S_meta reach one fixed point in S_meta",
         search(observe=obs_fix, examples=max(4, k // 2))),
    ]
    return combine(ctx, parts, extra={"informational": info},
                   notes="Lemma A12 asserted with the corrected strict condition beta r_l^2 < 1")
