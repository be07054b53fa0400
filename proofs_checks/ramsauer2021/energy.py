r"""Checks of Ramsauer et al. (2021): log-sum-exp, its conjugate, the energy and the update rule.

Claims ``ramsauer2021/lse-convexity``, ``entropy-lse-conjugacy``, ``energy-forms``,
``energy-bounds`` and ``update-rule`` (catalogue section "Log-sum-exp, energy and dynamics").
Every compared quantity passes through :meth:`~proofs_checks.Context.side`; instances are drawn
with Hypothesis (small parameters) and their arrays are generated from a seed
(:mod:`._instances`); the oracles (mpmath, SciPy optimisation, SymPy) are in :mod:`._oracles`.
A claim with several parts runs one search per part and one refuted part refutes the claim.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import maps, models
from hoptheory import symbolic as S
from hoptheory.backend import to_numpy
from hoptheory.bounds import ramsauer2021 as B

from .._framework import Observation, check, combine, reproduce_text, shared_search, symbolic_result
from .._strategies import Instance, instances, seeds
from ._common import as_float, bound_reproducer, host, identity_part, n_examples, on_instance, redo
from ._instances import (ALL, QUERY_TEXT, TOL_CLOSED_FORM, TOL_FD_ORACLE, TOL_LSE_DERIVATIVES, TOL_OPTIMISER,
                         TOL_SHIFT, coincident, draw_std, families_text, pattern_arrays, patterns_np, std_query,
                         std_setup)
from ._oracles import (DPS, MP, bfgs_biconjugate, fd_step, mp_T_np, mp_energy, mp_grad, mp_lse, mp_mixture_energy,
                       mp_scores, mp_softmax, mpf, newton_conjugate, slsqp_conjugate, sym_lse_facts,
                       sym_mixture_forms, sym_update_gradient)

__all__: list[str] = []


@check("ramsauer2021/lse-convexity")
def check_lse_convexity(ctx):
    r"""App. Lemmas A22/A24: gradient, Hessian and shift property of log-sum-exp.

    Parts: gradient = softmax with 1^T p = 1; the Hessian formula, PSD, Hessian 1 = 0; lse(z + t1)
    = lse(z) + t; the symbolic forms (SymPy, M = 2, 3, 4).  Draws: z uniform with entries up to
    +-50/beta, tied (integer grid) or one-hot, beta log-uniform on [1e-2, 1e2], M in 1..9.
    Oracle: mpmath lse and softmax, central differences.
    """
    xp = ctx.xp
    strat = st.tuples(st.integers(1, 9), seeds(), st.floats(-2.0, 2.0, allow_nan=False),
                      st.floats(0.0, 1.0, allow_nan=False), st.sampled_from(["gauss", "tied", "one-hot"]))

    def scores(draw):
        M, seed, lb, amp, mode = draw
        beta = 10.0 ** lb
        rng = np.random.default_rng([seed, 3])
        if mode == "tied":
            z = rng.integers(-2, 3, size=M) * (amp + 0.1) / beta
        elif mode == "one-hot":
            z = np.zeros(M)
            z[0] = 50.0 * (amp + 0.1) / beta
        else:
            z = rng.uniform(-1, 1, size=M) * 50.0 * amp / beta
        return beta, z

    def obs_grad(draw):
        beta, z = scores(draw)
        p = host(maps.softmax(xp.asarray(beta * z)))
        p = ctx.side("grad lse = softmax(beta z)", value=p)
        g = mp_grad(lambda v: mp_lse(v, beta), z, h="1e-18")
        err = float(np.abs(p - g).max()) + abs(float(np.sum(p)) - 1.0)
        return identity_part(err, TOL_LSE_DERIVATIVES, {"z": z, "beta": beta, "_draw": draw})

    def obs_hess(draw):
        beta, z = scores(draw)
        H = beta * host(maps.softmax_jacobian(xp.asarray(beta * z)))
        H = ctx.side("Hessian beta(diag p - pp^T)", value=H)
        with mpmath.workdps(MP["dps"]):
            M = len(z)
            h = mpmath.mpf("1e-18")
            Hfd = np.zeros((M, M))
            for j in range(M):
                a = [mpf(v) for v in z]
                b = list(a)
                a[j] += h
                b[j] -= h
                pa = mp_softmax([mpf(beta) * v for v in a])
                pb = mp_softmax([mpf(beta) * v for v in b])
                Hfd[:, j] = [float((u - w) / (2 * h)) for u, w in zip(pa, pb)]
        scale = 1.0 + float(np.abs(Hfd).max())
        lam = float(np.linalg.eigvalsh((H + H.T) / 2).min())
        err = (float(np.abs(H - Hfd).max()) + max(0.0, -lam) + float(np.abs(H @ np.ones(len(z))).max())) / scale
        return identity_part(err, TOL_LSE_DERIVATIVES, {"z": z, "beta": beta, "_draw": draw})

    def obs_shift(draw):
        beta, z = scores(draw)
        t = float(np.random.default_rng(draw[1]).normal()) * 10.0 / beta
        l1 = as_float(maps.shannon_conjugate(xp.asarray(beta * (z + t)))) / beta
        l1 = ctx.side("lse(beta, z + t1)", value=l1)
        with mpmath.workdps(MP["dps"]):
            l0 = float(mp_lse([mpf(v) for v in z], beta) + mpf(t))
        return identity_part(abs(l1 - l0) / (1.0 + abs(l0)), TOL_SHIFT, {"z": z, "beta": beta, "t": t, "_draw": draw})

    explicit = [(3, 1, 0.0, 1.0, "one-hot"), (2, 5, 2.0, 0.5, "tied"), (4, 7, -2.0, 1.0, "gauss")]
    fam = ["z: uniform with entries up to +-50/beta, tied (integer grid), one-hot (one large entry)",
           "beta log-uniform on [1e-2, 1e2]", "M in 1..9"]
    search = shared_search(ctx, strategy=strat, distributions=fam, examples=n_examples(ctx, 3), explicit=explicit)
    parts = [(label, search(observe=obs, reevaluate=redo(obs))) for label, obs in (
        ("gradient = softmax, 1^T p = 1 (mpmath finite differences)", obs_grad),
        ("Hessian formula, PSD, Hessian 1 = 0 (mpmath finite differences of softmax)", obs_hess),
        ("shift: lse(z + t1) = lse(z) + t", obs_shift))]
    ok, detail = sym_lse_facts()
    parts.append(("symbolic (SymPy, M = 2, 3, 4)", symbolic_result(ctx, ok, detail)))
    return combine(ctx, parts)


def _omega_beta(p, beta):
    r"""The entropic regulariser :math:`\Omega_\beta(p) = \beta^{-1}\sum_i p_i \ln p_i` (0 ln 0 = 0)."""
    p = np.asarray(p, dtype=np.float64)
    q = p[p > 0]
    return float(np.sum(q * np.log(q))) / beta


@check("ramsauer2021/entropy-lse-conjugacy")
def check_entropy_lse_conjugacy(ctx):
    r"""Derived: the entropic regulariser and log-sum-exp are convex conjugates.

    Parts: numeric conjugate by SLSQP over the simplex (a candidate polished by Newton on the KKT
    system at 50 digits) equals lse with maximiser softmax;
    Fenchel-Young with equality at softmax; the biconjugate by BFGS; T(x) = Xi grad Omega*(Xi^T x)
    (mpmath finite differences); the symbolic conjugate of the Shannon negentropy (n = 2, 3).
    Draws: z Gaussian of scale 10^s / sqrt(beta) plus a shift, beta log-uniform on [0.03, 30], p
    at softmax (equality case) or Dirichlet.
    """
    xp = ctx.xp
    strat = st.tuples(st.integers(2, 7), seeds(), st.floats(-1.5, 1.5, allow_nan=False),
                      st.floats(-1.0, 1.0, allow_nan=False), st.floats(-3.0, 3.0, allow_nan=False))

    def build(draw):
        M, seed, lb, lsc, shift = draw
        beta = 10.0 ** lb
        rng = np.random.default_rng([seed, 5])
        z = rng.normal(size=M) * 10.0 ** lsc / beta ** 0.5 + shift
        return beta, z, rng

    def lse_pkg(z, beta):
        return as_float(maps.shannon_conjugate(xp.asarray(beta * z))) / beta

    def obs_sup(draw):
        beta, z, _ = build(draw)
        lse = ctx.side("Omega*(z) = lse(beta, z)", value=lse_pkg(z, beta))
        val, pstar = slsqp_conjugate(z, beta)
        sm = ctx.side("argmax = softmax(beta z)", value=host(maps.softmax(xp.asarray(beta * z))))
        err = abs(lse - val) / (1.0 + abs(val)) + float(np.abs(sm - pstar).max())
        return identity_part(err, TOL_OPTIMISER, {"z": z, "beta": beta, "p_slsqp": pstar})

    def re_sup(o):
        """SLSQP stops within about 1e-6 of the maximiser: Newton on the KKT system at 50 digits polishes it."""
        z, beta = o.inputs["z"], o.inputs["beta"]
        val, pstar = newton_conjugate(z, beta, o.inputs["p_slsqp"])
        lse = ctx.side("Omega*(z) = lse(beta, z)", value=lse_pkg(z, beta))
        sm = ctx.side("argmax = softmax(beta z)", value=host(maps.softmax(xp.asarray(beta * z))))
        return abs(lse - val) / (1.0 + abs(val)) + float(np.abs(sm - pstar).max()), TOL_OPTIMISER

    def obs_fy(draw):
        beta, z, rng = build(draw)
        k = int(rng.integers(0, 3))
        p = host(maps.softmax(xp.asarray(beta * z))) if k == 0 else rng.dirichlet(np.full(len(z), 0.5 + k))
        rhs = ctx.side("Omega(p) + lse(beta, z) (Fenchel-Young)", value=_omega_beta(p, beta) + lse_pkg(z, beta))
        return Observation(float(p @ z), rhs, inputs={"z": z, "beta": beta, "p": p})

    def re_fy(o):
        with mpmath.workdps(DPS):
            z, beta, p = o.inputs["z"], o.inputs["beta"], o.inputs["p"]
            lhs = mpmath.fsum(mpf(a) * mpf(b) for a, b in zip(p, z))
        return float(lhs), o.rhs

    def obs_bi(draw):
        beta, z, rng = build(draw)
        p = rng.dirichlet(np.full(len(z), 2.0))
        om = ctx.side("lse(beta, .)^* = Omega", value=_omega_beta(p, beta))
        val = bfgs_biconjugate(p, beta)
        return identity_part(abs(om - val) / (1.0 + abs(val)), TOL_OPTIMISER, {"p": p, "beta": beta})

    def obs_T(draw):
        beta, z, rng = build(draw)
        d = len(z) + 1
        Xn = rng.normal(size=(d, len(z)))
        x = rng.normal(size=d)
        Tx = ctx.side("T(x) = Xi grad Omega*(Xi^T x)",
                      value=host(models.DenseHopfield(xp.asarray(Xn), beta).retrieve(xp.asarray(x))))
        g = mp_grad(lambda v: mp_lse(v, beta), Xn.T @ x, h="1e-18")
        return identity_part(float(np.abs(Tx - Xn @ g).max()) / (1.0 + float(np.abs(Tx).max())), TOL_LSE_DERIVATIVES,
                             {"Xi": Xn, "x": x, "beta": beta, "_draw": draw})

    explicit = [(3, 1, 1.0, 0.5, 3.0), (2, 4, -1.0, -1.0, 2.5), (5, 9, 0.0, 0.0, 1.0)]
    fam = ["z Gaussian of scale 10^s / sqrt(beta) plus a shift in [-3, 3]", "beta log-uniform on [0.03, 30]",
           "p: softmax(beta z) (equality case) or Dirichlet"]
    search = shared_search(ctx, strategy=strat, distributions=fam, examples=n_examples(ctx, 4), explicit=explicit)
    parts = [
        ("numeric conjugate (SLSQP) = lse, maximiser = softmax", search(observe=obs_sup, reevaluate=re_sup)),
        ("Fenchel-Young <p,z> <= Omega(p) + lse, equality at softmax", search(observe=obs_fy, reevaluate=re_fy)),
        ("biconjugate lse* = Omega (BFGS)", search(observe=obs_bi)),
        ("T(x) = Xi grad Omega*(Xi^T x) (mpmath finite differences)", search(observe=obs_T, reevaluate=redo(obs_T))),
    ]
    detail, ok = {}, True
    for n in (2, 3):
        c = S.conjugate(S.Shannon(), n, "all")
        facts = {f.name: bool(f.holds) for f in (c.check_known_form(), c.check_danskin(), c.check_fenchel_young())}
        detail[f"n={n}"] = {"conjugate": str(c.expr), **facts}
        ok = ok and all(facts.values())
    parts.append(("symbolic conjugate of the Shannon negentropy (n = 2, 3; beta by scaling)",
                  symbolic_result(ctx, ok, detail)))
    return combine(ctx, parts, notes="Omega_beta = beta^{-1} Omega_1 gives Omega_beta^*(z) = beta^{-1} lse(beta z)")


@check("ramsauer2021/energy-forms")
def check_energy_forms(ctx):
    r"""Eq. (2) and App. Eq. (27): the energy equals its Gaussian-mixture form, grad E = x - T(x).

    Parts: E = mixture form and grad E = x - T(x) on the standard families with beta log-uniform
    on [1e-2, 1e2] (mpmath in the log domain, central differences); the symbolic identity
    exp(-beta E) of both forms term by term (d = 2, M = 1, 2, 3).
    """
    xp = ctx.xp
    strat = draw_std(ALL, beta=(1e-2, 1e2))

    @on_instance(std_setup, xp)
    def obs_mix(draw, inst, Xi, Xn, x):
        E = as_float(models.DenseHopfield(Xi, inst.beta).energy_published(xp.asarray(x)))
        E = ctx.side("E(x) = -lse + |x|^2/2 + ln M/beta + m^2/2", value=E)
        with mpmath.workdps(MP["dps"]):
            Em = float(mp_mixture_energy(Xn, x, inst.beta))
        return identity_part(abs(E - Em) / (1.0 + abs(Em)), TOL_CLOSED_FORM,
                             {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    @on_instance(std_setup, xp)
    def obs_grad(draw, inst, Xi, Xn, x):
        g = x - host(models.DenseHopfield(Xi, inst.beta).retrieve(xp.asarray(x)))
        g = ctx.side("grad E = x - T(x)", value=g)
        h = fd_step(inst.beta, Xn)
        gfd = mp_grad(lambda v: mp_mixture_energy(Xn, v, inst.beta), x, h=h)
        return identity_part(float(np.abs(g - gfd).max()) / (1.0 + float(np.abs(gfd).max())), TOL_FD_ORACLE,
                             {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    fam = families_text(*ALL) + QUERY_TEXT + ["beta log-uniform on [1e-2, 1e2]"]
    search = shared_search(ctx, strategy=strat, distributions=fam, examples=n_examples(ctx, 2))
    ok, detail = sym_mixture_forms()
    parts = [(label, search(observe=obs, reevaluate=redo(obs))) for label, obs in (
        ("E = mixture form (mpmath, log domain)", obs_mix),
        ("grad E = x - T(x) (mpmath finite differences of the mixture form)", obs_grad))]
    parts.append(("symbolic: exp(-beta E) of both forms agree term by term (d = 2, M = 1, 2, 3)",
                  symbolic_result(ctx, ok, detail)))
    return combine(ctx, parts)


@check("ramsauer2021/energy-bounds")
def check_energy_bounds(ctx):
    r"""Lemma A1: 0 <= E, E <= ln M / beta + m^2/2 and E <= 2 m^2 on the hull.

    Families: sphere, Gaussian, binary, clustered, unequal-norm and antipodal memories; queries
    free, in the hull, perturbed patterns, in a ball; coincident memories with x at them (the
    equality case E = 0).  Oracle: the energy at 40 digits in mpmath.
    """
    xp = ctx.xp

    # E >= 0  <=>  lse(beta, Xi^T x) <= |x|^2/2 + ln M/beta + m^2/2
    strat = st.tuples(st.one_of(draw_std(ALL), st.tuples(
        instances(("sphere",), M=(2, 6)), st.just("coincident"), st.floats(-1.0, 1.0))))

    def setup_lower(draw):
        draw = draw[0]
        inst, kind = draw[0], draw[1]
        if kind == "coincident":
            Xn = coincident(inst.d, inst.M, inst.m)
            x = Xn[:, 0] + (0.0 if draw[2] < 0 else draw[2] * 1e-3) * np.ones(inst.d)
            return inst, xp.asarray(Xn), Xn, x
        return std_setup(draw, xp)

    @on_instance(setup_lower)
    def obs_nonneg(draw, inst, Xi, Xn, x):
        model = models.DenseHopfield(Xi, inst.beta)
        lse = as_float(maps.shannon_conjugate(xp.asarray(inst.beta * (Xn.T @ x)))) / inst.beta
        m = models.max_norm(Xi)
        rhs = ctx.side("|x|^2/2 + ln M/beta + m^2/2 (E >= 0)",
                       value=0.5 * float(x @ x) + math.log(inst.M) / inst.beta + 0.5 * m * m)
        E = as_float(model.energy_published(xp.asarray(x)))
        return Observation(lse, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta}, note=f"E = {E:.6g}")

    def re_nonneg(o):
        with mpmath.workdps(DPS):
            Xn, x = o.inputs["Xi"], o.inputs["x"]
            return float(mp_lse(mp_scores(Xn, [mpf(v) for v in x]), o.inputs["beta"])), o.rhs

    # upper bounds on the hull: hull points and iterates T^t(x0)
    hstrat = st.one_of(
        st.tuples(instances(ALL), st.sampled_from(["hull", "iterate"]), st.floats(-1.0, 1.0)),
        st.tuples(instances(("sphere",), M=(3, 20), beta=(1e-3, 1e-1)), st.just("skewed"), st.floats(0.0, 1.0)),
        st.tuples(instances(("sphere",), M=(2, 2), beta=(1.0, 1e2)), st.just("antipodal-centre"),
                  st.floats(0.0, 1.0)))

    def setup_hull(draw):
        inst, kind, s = draw
        if kind == "skewed":       # xi_1 = a, the others near -a: E -> 2m^2 as beta -> 0
            Xn = np.zeros((inst.d, inst.M))
            Xn[0, 0] = inst.m
            rng = np.random.default_rng(inst.seed)
            Xn[0, 1:] = -inst.m
            Xn[1, 1:] = 1e-3 * inst.m * rng.uniform(-1, 1, size=inst.M - 1)
            Xn *= inst.m / np.linalg.norm(Xn, axis=0)
            return inst, xp.asarray(Xn), Xn, Xn[:, 0] * (1 - 1e-3 * s)
        if kind == "antipodal-centre":   # x = 0 in the hull: E = m^2/2 vs ln M/beta + m^2/2
            Xn = patterns_np(Instance("antipodal", inst.d, 2, inst.m, inst.beta, 0, 0, 0.0))
            return inst, xp.asarray(Xn), Xn, s * 1e-3 * Xn[:, 0]
        arr = pattern_arrays(inst, xp, False)
        Xi, Xn = arr
        if kind == "hull":
            x = std_query(Xn, inst.mu, "hull", s, inst.seed)
        else:
            x0 = std_query(Xn, inst.mu, "free", s, inst.seed)
            it = models.DenseHopfield(Xi, inst.beta).iterate(xp.asarray(x0), max_steps=int(1 + 5 * abs(s)))
            x = host(it.final) if it.steps >= 1 else host(models.DenseHopfield(Xi, inst.beta).retrieve(xp.asarray(x0)))
        return inst, Xi, Xn, x

    def obs_upper(which):
        def observe(draw):
            inst, Xi, Xn, x = setup_hull(draw)
            E = as_float(models.DenseHopfield(Xi, inst.beta).energy_published(xp.asarray(x)))
            m = models.max_norm(Xi)
            if which == "log":
                b = B.energy_upper_bound_hull(beta=inst.beta, M=float(inst.M), m=m)
                rhs = ctx.side("ln M/beta + m^2/2 (hull)", value=as_float(b.value))
            else:
                b = B.energy_upper_bound_hull_quadratic(m=m)
                rhs = ctx.side("2 m^2 (hull)", value=as_float(b.value))
            return Observation(E, rhs, applicable=bool(to_numpy(b.hypotheses_hold)),
                               inputs={"Xi": Xn, "x": x, "beta": inst.beta})
        return observe

    def re_upper(o):
        with mpmath.workdps(DPS):
            return float(mp_energy(o.inputs["Xi"], list(o.inputs["x"]), o.inputs["beta"], constants=True)), o.rhs

    reproduce = bound_reproducer("energy_upper_bound_hull(beta=beta, M=float(Xi.shape[1]), m=mdl.m)",
                                 "float(mdl.energy_published(x))", lines=["mdl = DenseHopfield(Xi, beta)"])
    fam = families_text(*ALL, "antipodal") + QUERY_TEXT + [
        "coincident memories with x at them (equality case E = 0)",
        "skewed: xi_1 = a, the others near -a, small beta (E near 2m^2)", "hull: Dirichlet points, iterates T^t"]
    search = shared_search(ctx, distributions=fam, examples=n_examples(ctx, 3))
    ex_low = [((Instance("sphere", 3, 4, 1.5, 0.7, 1, 0, 0.5), "coincident", -1.0),)]
    ex_log = [(Instance("sphere", 3, 2, 2.0, 30.0, 0, 0, 0.0), "antipodal-centre", 0.0)]
    ex_q = [(Instance("sphere", 3, 20, 1.0, 1e-3, 4, 0, 0.0), "skewed", 0.0)]
    parts = [
        ("E >= 0 (as lse <= |x|^2/2 + ln M/beta + m^2/2; equality for coincident memories)",
         search(strategy=strat, observe=obs_nonneg, reevaluate=re_nonneg, explicit=ex_low)),
        ("E <= ln M/beta + m^2/2 on the hull",
         search(strategy=hstrat, observe=obs_upper("log"), reevaluate=re_upper, reproduce=reproduce, explicit=ex_log)),
        ("E <= 2 m^2 on the hull",
         search(strategy=hstrat, observe=obs_upper("quad"), reevaluate=re_upper, explicit=ex_q)),
    ]
    return combine(ctx, parts)


@check("ramsauer2021/update-rule")
def check_update_rule(ctx):
    r"""Eq. (3): the update rule, hull invariance and the gradient form.

    Parts: p >= 0, 1^T p = 1, T(x) = Xi p (mpmath); ||T(x)|| <= m and ||T(T(x))|| <= m; T(x) = x -
    grad H(x) (mpmath finite differences); the symbolic gradient identity (d = 2, M = 3).
    Families: the standard ones; beta log-uniform on [1e-2, 1e2].
    """
    xp = ctx.xp
    strat = draw_std(ALL)

    @on_instance(std_setup, xp)
    def obs_T(draw, inst, Xi, Xn, x):
        model = models.DenseHopfield(Xi, inst.beta)
        p = ctx.side("p(x) = softmax(beta Xi^T x)", value=host(model.weights(xp.asarray(x))))
        Tx = ctx.side("T(x) = Xi p(x)", value=host(model.retrieve(xp.asarray(x))))
        Tm, pm = mp_T_np(Xn, x, inst.beta)
        err = (float(np.abs(p - pm).max()) + abs(float(p.sum()) - 1.0) + max(0.0, -float(p.min()))
               + float(np.abs(Tx - Tm).max()) / (1.0 + models.max_norm(Xi)))
        return identity_part(err, TOL_CLOSED_FORM, {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    nstrat = st.one_of(draw_std(("sphere", "unequal", "clustered"), beta=(1.0, 1e2)), draw_std(ALL))

    @on_instance(std_setup, xp)
    def obs_norm(draw, inst, Xi, Xn, x):
        model = models.DenseHopfield(Xi, inst.beta)
        x1 = model.retrieve(xp.asarray(x))
        x2 = model.retrieve(x1)
        lhs = max(as_float(xp.linalg.vector_norm(x1)), as_float(xp.linalg.vector_norm(x2)))
        rhs = ctx.side("m (||T(x)||, ||T(T(x))|| <= m)", value=models.max_norm(Xi))
        return Observation(lhs, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    def re_norm(o):
        Xn, x, beta = o.inputs["Xi"], o.inputs["x"], o.inputs["beta"]
        T1, _ = mp_T_np(Xn, x, beta)
        T2, _ = mp_T_np(Xn, T1, beta)
        return max(float(np.linalg.norm(T1)), float(np.linalg.norm(T2))), o.rhs

    @on_instance(std_setup, xp)
    def obs_grad(draw, inst, Xi, Xn, x):
        Tx = ctx.side("T(x) = x - grad H(x)", value=host(models.DenseHopfield(Xi, inst.beta).retrieve(xp.asarray(x))))
        h = fd_step(inst.beta, Xn)
        g = mp_grad(lambda v: mp_energy(Xn, v, inst.beta), x, h=h)
        return identity_part(float(np.abs(Tx - (x - g)).max()) / (1.0 + float(np.abs(x).max())), TOL_FD_ORACLE,
                             {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    reproduce = reproduce_text({"hoptheory.models": "DenseHopfield"}, arrays=["Xi", "x"], scalars=["beta"],
                               lines=["mdl = DenseHopfield(Xi, beta)", "T1 = mdl.retrieve(x)"], rhs="mdl.m",
                               lhs="max(np.linalg.norm(T1), np.linalg.norm(mdl.retrieve(T1)))")
    fam = families_text(*ALL) + QUERY_TEXT + ["beta log-uniform on [1e-2, 1e2] (and [1, 1e2] for the norm part)"]
    search = shared_search(ctx, distributions=fam, examples=n_examples(ctx, 3))
    ok, detail = sym_update_gradient()
    parts = [
        ("p >= 0, 1^T p = 1, T(x) = Xi p (mpmath)", search(strategy=strat, observe=obs_T, reevaluate=redo(obs_T))),
        ("||T(x)|| <= m and ||T(T(x))|| <= m (hull invariance)",
         search(strategy=nstrat, observe=obs_norm, reevaluate=re_norm, reproduce=reproduce,
                explicit=[(Instance("sphere", 3, 5, 2.0, 100.0, 3, 0, 0.5), "pert", -1.0)])),
        ("T(x) = x - grad H(x) (mpmath finite differences)",
         search(strategy=strat, observe=obs_grad, reevaluate=redo(obs_grad))),
        ("symbolic gradient identity (SymPy, d = 2, M = 3)", symbolic_result(ctx, ok, detail)),
    ]
    return combine(ctx, parts)
