"""Checks of the dense background as restated by Hu et al. 2023 (energy, error bound, well-separation)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from hoptheory import maps, models, sampling
from hoptheory.backend import to_numpy
from hoptheory.bounds import hu2023 as B

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_GRADIENT, TOL_ROUND, TOL_SOLVER
from .._oracles import mp_dense_error_bound, mp_error, mp_grad, shannon_conjugate_dual
from .._strategies import Instance, instances, seeds, sizes
from ._common import (_QUERY, _STD, _ball_or_tilted, _ball_setup, _energy_step, _f, _fam, _gaussian_setup,
                      _given, _np, _part, _separated_or_antipodal)

__all__: list[str] = []


@check("hu2023/dense-model")
def check_dense_model(ctx):
    """``hu2023/dense-model``: grad E = x - T_dense(x), lse = Shannon conjugate, sufficient decrease.

    Draws: sphere, Gaussian and binary patterns, x Gaussian (scale log-uniform), beta
    log-uniform (Hypothesis).  Oracles: mpmath central differences of the energy; the 1-D
    Lagrangian dual of the Shannon conjugate (Brent).  Three parts, each a search.
    """
    xp = ctx.xp
    strat = st.tuples(instances(_STD), st.floats(-2.0, 1.0))

    def setup(draw):
        return _gaussian_setup(draw, xp, 7)

    @_given(setup)
    def obs_grad(inst, Xi, Xn, x):
        model = models.DenseHopfield(Xi, inst.beta)
        g = _np(xp.asarray(x) - model.retrieve(xp.asarray(x)))
        g = ctx.side("grad E = x - T_dense(x)", value=g)
        g_fd = mp_grad(Xn, x, inst.beta, "softmax")
        lhs = float(np.linalg.norm(g - g_fd)) / (1.0 + float(np.linalg.norm(g_fd)))
        return Observation(lhs, TOL_GRADIENT, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    @_given(setup)
    def obs_conj(inst, Xi, Xn, x):
        theta = inst.beta * (Xn.T @ x)
        lse = _f(maps.shannon_conjugate(xp.asarray(theta)))
        lse = ctx.side("Omega*(theta) = log sum exp", value=lse)

        bf = shannon_conjugate_dual(theta)
        return Observation(abs(lse - bf) / (1.0 + abs(bf)), TOL_SOLVER, inputs={"theta": theta})

    @_given(setup)
    def obs_decrease(inst, Xi, Xn, x):
        _, _, E0, E1, step = _energy_step(models.DenseHopfield(Xi, inst.beta), x, xp)
        bound = _f(B.sufficient_decrease_bound(energy=E0, step=step).value)
        rhs = ctx.side("1/2 ||T(x) - x||^2 (sufficient decrease)", value=E0 - bound, kind="lower")
        return Observation(E0 - E1, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    fam = _fam(*_STD) + ["x: Gaussian, scale log-uniform on [1e-2, 10]", "beta log-uniform on [1e-2, 1e2]"]
    n = max(10, ctx.profile.examples // 2)
    parts = [
        ("gradient (mpmath finite differences)", _part(ctx, strat, obs_grad, distributions=fam, examples=n)),
        ("lse = Shannon conjugate (1-D Lagrangian dual, Brent)",
         _part(ctx, strat, obs_conj, distributions=fam, examples=n)),
        ("sufficient decrease of E along T_dense",
         _part(ctx, st.tuples(instances(_STD, beta=(1e-3, 1e2)), st.floats(-2.0, 1.0)), obs_decrease,
               kind="lower", distributions=fam, examples=n)),
    ]
    return combine(ctx, parts)



@check("hu2023/dense-error-bound-as-quoted")
def check_dense_error_bound_as_quoted(ctx):
    """``hu2023/dense-error-bound-as-quoted``: ||T_dense(x) - xi_mu|| <= 2m(M-1) exp(-beta(<xi_mu, x> - max_nu <xi_mu, xi_nu>)).

    Both readings of the max (all nu, nu != mu).  Families: pinned regular polygons in d = 2
    with overshooting queries, then Hypothesis draws (sphere patterns, queries uniform in
    S_mu(rR) or on rays mixing xi_mu's direction and the direction to its nearest competitor).
    Oracle: the error and the bound in mpmath.  Part 2 asserts the corrected chain.
    """
    xp = ctx.xp
    strat = st.tuples(instances(("sphere",), d=(2, 6), M=(2, 12), beta=(1e-1, 1e2)), _QUERY,
                      st.sampled_from(["all", "others"]))

    @_given(lambda draw: _ball_setup(draw, xp, *draw[2:]))
    def observe(inst, Xi, Xn, x, R, reading):
        xa = xp.asarray(x)
        err = _f(models.DenseHopfield(Xi, inst.beta).error(xa, inst.mu))
        b = B.dense_error_bound_as_quoted_at(Xi, xa, inst.mu, inst.beta, reading=reading)
        ok = bool(to_numpy(b.hypotheses_hold))
        ill = bool(to_numpy(b.ill_defined))
        rhs = ctx.side("published dense error bound", value=_f(b.value) if not ill else math.nan)
        return Observation(err, rhs, applicable=ok, ill_defined=ill, trivial=2 * models.max_norm(Xi),
                           inputs={"Xi": Xn, "x": x, "mu": inst.mu, "beta": inst.beta, "reading": reading})

    def reevaluate(o):
        Xn, x, mu, beta = o.inputs["Xi"], o.inputs["x"], o.inputs["mu"], o.inputs["beta"]
        return (float(mp_error(Xn, x, beta, mu, "softmax")),
                float(mp_dense_error_bound(Xn, x, mu, beta, reading=o.inputs["reading"])))

    reproduce = (
        "from hoptheory.models import DenseHopfield\n"
        "from hoptheory.bounds.hu2023 import dense_error_bound_as_quoted_at\n"
        "Xi, x, mu, beta = np.array(ce['Xi']), np.array(ce['x']), ce['mu'], ce['beta']\n"
        "lhs = float(DenseHopfield(Xi, beta).error(x, mu))\n"
        "rhs = float(dense_error_bound_as_quoted_at(Xi, x, mu, beta, reading=ce['reading']).value)\n")
    fam = _fam("sphere") + ["x: uniform in S_mu(rR), or on rays from xi_mu mixing its own direction "
                            "(overshoot) and the direction to its nearest competitor", "beta log-uniform [0.1, 100]",
                            "reading of the max: over all nu, or over nu != mu"]
    explicit = [(Instance("polygon", 2, M, 1.0, beta, 0, 0, 1.0), ("ray", a), rd)
                for M, beta in ((12, 100.0), (8, 60.0)) for a in (0.0, 0.3) for rd in ("others", "all")]
    main = inequality_check(ctx, strategy=strat, observe=observe, reevaluate=reevaluate, reproduce=reproduce,
                            distributions=fam + ["explicit: regular polygons in d = 2 (overshooting queries)"],
                            explicit=explicit)

    # the corrected chain, asserted at every sampled instance (reported)
    @_given(lambda draw: _ball_setup(draw, xp))
    def chain(inst, Xi, Xn, x, R):
        xa = xp.asarray(x)
        err = _f(models.DenseHopfield(Xi, inst.beta).error(xa, inst.mu))
        links = [err, _f(B.retrieval_error_weight_bound_at(Xi, xa, inst.mu, inst.beta, map="softmax").value),
                 _f(B.dense_error_bound_query_at(Xi, xa, inst.mu, inst.beta).value),
                 _f(B.dense_error_bound_ball_at(Xi, xa, inst.mu, inst.beta).value)]
        worst = max((a - b) / (1.0 + abs(b)) for a, b in zip(links, links[1:]) if math.isfinite(b))
        return Observation(worst, 0.0, inputs={"Xi": Xn, "x": x, "mu": inst.mu, "beta": inst.beta})

    ch = inequality_check(ctx, strategy=strat, observe=chain, examples=max(10, ctx.profile.examples // 2),
                          explicit=explicit, distributions=fam)
    return combine(ctx, [("published bound (search, both readings)", main),
                         ("corrected chain err <= 2m(1-p_mu) <= 2m(M-1)e^{-beta qsep} <= ball form", ch)])


@check("hu2023/dense-well-separation-as-quoted")
def check_dense_well_separation_as_quoted(ctx):
    """``hu2023/dense-well-separation-as-quoted``: the dense condition maps S_mu(r) into itself.

    Families: pinned antipodal pairs with queries on the boundary towards the competitor, then
    Hypothesis draws of separated sets and antipodal pairs with r < Delta_mu/(2m) and beta from
    1 to 3 times the smallest admissible one.  Oracle: the dense error in mpmath.  Part 2
    asserts the derived remark (the condition fails at R for the closest pair).
    """
    xp = ctx.xp
    strat = st.tuples(st.sampled_from(["separated", "antipodal"]), sizes(d=(2, 6), M=(2, 8)), seeds(),
                      st.floats(0.3, 2.0), st.floats(0.05, 0.95), st.floats(1.0, 3.0), st.floats(0.0, 1.0),
                      st.sampled_from(["ball", "ray"]), st.floats(0, math.pi / 2))
    explicit = [("antipodal", (3, 2), 1, 1.0, f, 1.0, 1.0, "ray", 0.0) for f in (0.1, 0.3, 0.6)]

    def build(draw):
        fam, (d, M), seed, m, rf, bf, xf, mode, angle = draw
        built = _separated_or_antipodal(fam, d, M, m, seed, xp)
        if built is None:
            return None
        Xi, Xn, Delta, mu = built
        M = Xn.shape[1]
        r = min(rf * Delta[mu] / (2 * m), models.separation_radius(Xi))   # r < Delta_mu / (2m)
        bmin = _f(B.dense_well_separation_min_beta(M=float(M), m=models.max_norm(Xi), R=r, Delta=Delta[mu]).value)
        beta = bmin * bf
        return Xi, Xn, mu, r, beta, _ball_or_tilted(Xn, mu, xf * r, mode, angle, seed), Delta[mu]

    @_given(build)
    def observe(Xi, Xn, mu, r, beta, x, Dmu):
        thr = _f(B.dense_well_separation_threshold_at(Xi, beta, r=r).value)
        ok = Dmu >= thr * (1 - TOL_ROUND)
        err = _f(models.DenseHopfield(Xi, beta).error(xp.asarray(x), mu))
        rhs = ctx.side("radius r of the ball mapped into itself", value=r)
        return Observation(err, rhs, applicable=ok, inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta, "r": r})

    def reevaluate(o):
        return float(mp_error(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"], o.inputs["mu"], "softmax")), o.rhs

    fam = ["separated patterns on the sphere (0.6 of the packing bound) and antipodal pairs",
           "r = f Delta_mu/(2m), beta = c beta_min(r), c in [1, 3]", "x in S_mu(r), rays towards the competitor"]
    main = inequality_check(ctx, strategy=strat, observe=observe, reevaluate=reevaluate, explicit=explicit,
                            distributions=fam)
    # the remark: the condition never holds at R for the closest pair
    fails = total = 0
    rng = ctx.rng(5)
    for k in range(max(10, ctx.profile.examples // 4)):
        d, M = int(rng.integers(2, 7)), int(rng.integers(3, 10))
        Xi = sampling.sphere(d, M, 1.0, seed=int(rng.integers(2**31)), xp=xp)
        Xn = _np(Xi)
        D = np.linalg.norm(Xn[:, :, None] - Xn[:, None, :], axis=0) + np.eye(M) * 1e9
        mu = int(np.unravel_index(np.argmin(D), D.shape)[0])
        beta = 10 ** rng.uniform(-2, 3)
        thr = _f(B.dense_well_separation_threshold_at(Xi, beta).value)
        total += 1
        fails += int(_np(models.pattern_separation(Xi))[mu] < thr)
    remark = ctx.result("confirmed" if fails == total else "refuted",
                         {"instances": total, "applicable_instances": total,
                          "closest_pair_condition_fails_at_R": f"{fails}/{total}",
                          "distributions": ["sphere patterns, d in [2, 6], M in [3, 9], beta log-uniform [1e-2, 1e3]"]},
                         counterexample=None if fails == total else {"fails": fails, "total": total},
                         notes="derived remark: the condition never holds at R for the closest pair")
    return combine(ctx, [("T_dense(S_mu(r)) in S_mu(r) under the condition", main),
                         ("derived remark: the condition fails at R for the closest pair", remark)])
