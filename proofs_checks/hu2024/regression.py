"""Checks of the regression view (hu2024): ε-SVR primal, dual/KKT, retrieval map, Taylor features,
dense recovery and its (non-)optimality."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy
from hypothesis import strategies as st
from scipy.special import softmax as sp_softmax

from hoptheory import sampling
from hoptheory.bounds import hu2024 as B
from hoptheory.maps._features import exp_taylor_features
from hoptheory.models._kernel import KeyValueHopfield
from hoptheory.models._svr import (dense_recovery_coefficients, normalized_exponential_kernel,
                                   svr_kernel_retrieve, SVRHopfield)

from .._framework import Observation, check, combine, symbolic_result
from .._instances import TOL_FD, TOL_IDENTITY, TOL_KKT, TOL_OPTIMISER, TOL_QP, TOL_SLSQP, TOL_SOLVER
from .._oracles import svr_dual_objective, svr_dual_slsqp, svr_primal_qp
from ._common import host, assert_ns, identity_observation, n_examples, log_beta, run_ineq


# --------------------------------------------------------------------------- instances


@st.composite
def _svr_draw(draw):
    d = draw(st.integers(2, 3))
    M = draw(st.integers(3, 5).filter(lambda v: v != d))
    return dict(
        family=draw(st.sampled_from(["sphere", "gaussian"])), d=d, M=M,
        beta=draw(log_beta(0.1, 2.0)), C=draw(log_beta(0.05, 10.0)), eps=draw(log_beta(1e-3, 0.3)),
        sigma=draw(st.sampled_from([0.0, 0.05, 0.2])), seed=draw(st.integers(0, 2**31 - 1)),
    )


def _svr_instance(ctx, p):
    rng = np.random.default_rng(p["seed"])
    if p["family"] == "sphere":
        Xi = host(sampling.sphere(p["d"], p["M"], 1.0, seed=p["seed"]))
    else:
        Xi = rng.standard_normal((p["d"], p["M"]))
    keys = Xi + p["sigma"] * rng.standard_normal(Xi.shape)
    beta = p["beta"]

    def feat(X):
        return exp_taylor_features(X, beta, 2)

    xp = ctx.xp
    model = SVRHopfield(xp.asarray(Xi), feat, C=p["C"], epsilon=p["eps"], keys=xp.asarray(keys))
    return Xi, keys, feat, model


def _svr_dists():
    return ["memories: uniform on the unit sphere or i.i.d. N(0,1) (d in 2..3, M in 3..5)",
            "keys: memories + N(0, sigma^2 I), sigma in {0, 0.05, 0.2}",
            "features: Taylor features of exp(beta<u,v>) up to order 2; beta log-uniform [0.1, 2]",
            "C log-uniform [0.05, 10], epsilon log-uniform [1e-3, 0.3]"]


# --------------------------------------------------------------------------- svr-primal


@check("hu2024/svr-primal")
def check_svr_primal(ctx):
    """``hu2024/svr-primal``: memory storage as the soft-margin epsilon-SVR primal (no bias).

    Draws: unit-sphere or Gaussian memories (d in 2..3, M in 3..5), keys = memories + noise,
    Taylor features of exp(beta<u, v>) to order 2, C and epsilon log-uniform.  Oracle: the joint
    primal QP and the d separate per-coordinate QPs solved by SLSQP (SciPy), against each other
    and against the weights of the package's dual solver, with the QP tolerance; the
    constraint violation of the SLSQP solution is asserted and reported.
    """
    feas: list[float] = []

    def observe(p):
        Xi, keys, feat, model = _svr_instance(ctx, p)
        P = host(feat(ctx.xp.asarray(keys)))
        W, e, et, val, viol = svr_primal_qp(P, Xi, p["C"], p["eps"])
        feas.append(viol)
        Ws = np.zeros_like(W)
        for i in range(Xi.shape[0]):
            Wi, _, _, _, vi = svr_primal_qp(P, Xi[i:i + 1], p["C"], p["eps"])
            Ws[i] = Wi[0]
            feas.append(vi)
        Wd = host(model.weights)
        assert_ns(ctx, model.weights)
        o1 = identity_observation(ctx, "joint primal W", W, Ws, dict(Xi=Xi, keys=keys, **p), tol=TOL_QP)
        o2 = identity_observation(ctx, "joint primal W (vs dual solver)", W, Wd, {}, tol=TOL_QP)
        lhs = max(o1.lhs - o1.rhs, o2.lhs - o2.rhs, viol - TOL_SLSQP.atol)
        return Observation(lhs, 0.0, inputs=o1.inputs,
                           note="max over: joint vs separate primals, joint vs dual-derived weights, constraint violation")

    r = run_ineq(ctx, strategy=_svr_draw(), observe=observe, examples=n_examples(ctx, 12, 3),
                 distributions=_svr_dists(), atol=0.0, rtol=0.0,
                 extra_evidence={"solver": "SLSQP (joint and d separate QPs) vs the library's dual solver",
                                 "tolerance_qp": vars(TOL_QP)})
    r.evidence["max_constraint_violation"] = max(feas) if feas else None
    return r


# --------------------------------------------------------------------------- svr-dual-kkt


def _symbolic_kkt():
    """Lagrangian stationarity for M = 2, D = 2, one coordinate: w = sum (a - a~) phi and the box."""
    w = sympy.symbols("w0:2", real=True)
    phi = sympy.Matrix(2, 2, sympy.symbols("f0:4", real=True))  # columns phi_mu
    y = sympy.symbols("y0:2", real=True)
    a = sympy.symbols("a0:2", real=True)
    at = sympy.symbols("b0:2", real=True)
    eta = sympy.symbols("e0:2", real=True)
    etat = sympy.symbols("g0:2", real=True)
    lam = sympy.symbols("l0:2", real=True)
    lamt = sympy.symbols("m0:2", real=True)
    C, eps = sympy.symbols("C epsilon", positive=True)
    wv = sympy.Matrix(w)
    L = sympy.Rational(1, 2) * (wv.T * wv)[0] + C * sum(eta[j] + etat[j] for j in range(2))
    for j in range(2):
        f = (wv.T * phi[:, j])[0]
        L -= a[j] * (eps + eta[j] - y[j] + f) + at[j] * (eps + etat[j] + y[j] - f)
        L -= lam[j] * eta[j] + lamt[j] * etat[j]
    sol = sympy.solve([sympy.diff(L, v) for v in w], w, dict=True)[0]
    w_expected = sum(((a[j] - at[j]) * phi[:, j] for j in range(2)), sympy.zeros(2, 1))
    ok_w = all(sympy.simplify(sol[w[i]] - w_expected[i]) == 0 for i in range(2))
    box = [sympy.solve(sympy.diff(L, eta[j]), lam[j])[0] for j in range(2)]
    ok_box = all(sympy.simplify(box[j] - (C - a[j])) == 0 for j in range(2))
    return ok_w and ok_box, {"stationarity_w": str(sol), "lambda_eta": [str(b) for b in box]}


@check("hu2024/svr-dual-kkt")
def check_svr_dual_kkt(ctx):
    """``hu2024/svr-dual-kkt``: the dual problem and its KKT conditions.

    Draws as for ``hu2024/svr-primal``.  Oracles: the primal optimum (SLSQP) equals the sum of
    the per-coordinate dual optima (SLSQP over the box [0, C]^{2M}), which equals the package's
    dual objective; the package's KKT residuals are small.  A symbolic part derives the
    stationarity w = sum (alpha - alpha~) phi and the box multipliers with SymPy.
    """

    def observe(p):
        Xi, keys, feat, model = _svr_instance(ctx, p)
        P = host(feat(ctx.xp.asarray(keys)))
        _, _, _, pval, _ = svr_primal_qp(P, Xi, p["C"], p["eps"])
        K = P.T @ P
        dval = 0.0
        for i in range(Xi.shape[0]):
            v, _ = svr_dual_slsqp(K, Xi[i], p["C"], p["eps"])
            dval += v
        o1 = identity_observation(ctx, "primal optimum (SLSQP)", pval, dval, dict(Xi=Xi, keys=keys, **p), tol=TOL_QP)
        o2 = identity_observation(ctx, "dual optimum (library solver)", model.dual_objective(), dval, {}, tol=TOL_QP)
        kkt = model.kkt_residuals().max
        scale = max(1.0, p["C"]) * max(1.0, float(np.max(np.abs(Xi))))
        lhs = max(o1.lhs - o1.rhs, o2.lhs - o2.rhs, kkt - TOL_KKT * scale)
        return Observation(lhs, 0.0, inputs=o1.inputs,
                           note=f"strong duality, equal dual optima, KKT residual {kkt:.3g}")

    r = run_ineq(ctx, strategy=_svr_draw(), observe=observe, examples=n_examples(ctx, 12, 3),
                 distributions=_svr_dists(), atol=0.0, rtol=0.0,
                 extra_evidence={"solvers": "primal SLSQP, dual SLSQP over the box (both SciPy) vs the library's dual solver"})
    ok, detail = _symbolic_kkt()
    s = symbolic_result(ctx, ok, detail)
    return combine(ctx, [("numeric strong duality and KKT", r), ("symbolic stationarity", s)])


# --------------------------------------------------------------------------- svr-retrieval-map


@check("hu2024/svr-retrieval-map")
def check_svr_retrieval_map(ctx):
    """``hu2024/svr-retrieval-map``: the SVR retrieval map (representer form and the epsilon-tube).

    Draws as for ``hu2024/svr-primal``, queries memories + N(0, 0.09 I).  Oracles: the
    kernel-sum retrieval equals the feature-space retrieval of the package's primal weights;
    at the training keys the residual stays inside epsilon + slack, with the slacks of an
    independent SLSQP primal solve.
    """

    def observe(p):
        Xi, keys, feat, model = _svr_instance(ctx, p)
        xp = ctx.xp
        rng = np.random.default_rng(p["seed"] + 1)
        X = Xi + 0.3 * rng.standard_normal(Xi.shape)  # Q3 queries around the memories
        T_kernel = model.retrieve(xp.asarray(X))
        T_feat = model.retrieve_primal(xp.asarray(X))
        assert_ns(ctx, T_kernel, T_feat)
        o1 = identity_observation(ctx, "kernel-sum retrieval", T_kernel, T_feat, dict(Xi=Xi, keys=keys, **p))
        # epsilon-tube at the training points, with slacks from an independent primal solve
        P = host(feat(xp.asarray(keys)))
        _, e, et, _, _ = svr_primal_qp(P, Xi, p["C"], p["eps"])
        resid = np.abs(host(model.retrieve(xp.asarray(keys))) - Xi)
        tube = ctx.side("epsilon + slack", value=p["eps"] + np.maximum(e, et))
        over = float(np.max(resid - tube))
        lhs = max(o1.lhs - o1.rhs, over - TOL_SOLVER)
        return Observation(lhs, 0.0, inputs=o1.inputs, note="representer identity and the epsilon-tube")

    return run_ineq(ctx, strategy=_svr_draw(), observe=observe, examples=n_examples(ctx, 12, 3),
                    distributions=_svr_dists() + ["queries: memories + N(0, 0.09 I)"], atol=0.0, rtol=0.0)


# --------------------------------------------------------------------------- exp-kernel-features


@st.composite
def _taylor_draw(draw):
    return dict(d=draw(st.integers(2, 3)), n=draw(st.integers(0, 4)), beta=draw(log_beta(0.1, 3.0)),
                t=draw(st.floats(-3.0, math.log10(5.0))), sign=draw(st.sampled_from([1.0, -1.0])),
                seed=draw(st.integers(0, 2**31 - 1)))


@check("hu2024/exp-kernel-features")
def check_exp_kernel_features(ctx):
    """``hu2024/exp-kernel-features``: Taylor features of the exponential kernel and the remainder bound.

    Draws: u, v ~ N(0, I_d) rescaled so that beta<u, v> = ±10^t, t uniform [-3, 0.7], order n in
    0..4, d in 2..3; pinned small cases.  Oracle: the partial sum and the true remainder
    |e^{beta s} - sum_{j<=n} (beta s)^j/j!| in mpmath (40 digits); the feature inner product
    must equal the partial sum (rounding scaled by the sum of the magnitudes of its terms) and
    the remainder must stay below the package's bound.
    """
    xp = ctx.xp

    def pair(p):
        rng = np.random.default_rng(p["seed"])
        u = rng.standard_normal(p["d"])
        v = rng.standard_normal(p["d"])
        s_target = p["sign"] * 10.0 ** p["t"] / p["beta"]  # beta*s = ±10^t
        s0 = float(u @ v)
        if abs(s0) < 1e-3:
            v = v + u
            s0 = float(u @ v)
        v = v * (s_target / s0)
        return u, v, float(u @ v)

    def observe(p):
        u, v, s = pair(p)
        beta, n = p["beta"], p["n"]
        Fu = exp_taylor_features(xp.asarray(u), beta, n)
        Fv = exp_taylor_features(xp.asarray(v), beta, n)
        assert_ns(ctx, Fu)
        inner = float(xp.sum(Fu * Fv))
        with mpmath.workdps(40):
            t = mpmath.mpf(beta) * mpmath.mpf(s)
            partial = mpmath.fsum(t ** j / mpmath.factorial(j) for j in range(n + 1))
            true_rem = abs(mpmath.exp(t) - partial)
        # rounding of the feature inner product scales with the sum of the magnitudes of its terms,
        # sum_j (beta sum_i |u_i v_i|)^j / j!, not with the (possibly cancelled) value <u, v>
        mag = float(np.sum(np.abs(u * v)))
        scale = sum((beta * mag) ** j / math.factorial(j) for j in range(n + 1))
        inner = ctx.side("feature inner product", value=inner)
        o1 = Observation(abs(inner - float(partial)), TOL_IDENTITY.atol + TOL_IDENTITY.rtol * scale)
        bound = float(host(B.exp_kernel_taylor_remainder(beta=beta, s=s, n=n, xp=xp).value))
        bound = ctx.side("Taylor remainder bound", value=bound)
        # one observation: the remainder inequality; the identity is folded in as a large lhs if broken
        lhs = float(true_rem) + (1e6 * (1 + bound) if o1.lhs > o1.rhs else 0.0)
        return Observation(lhs, bound, inputs=dict(u=u, v=v, s=s, beta=beta, n=n),
                           note=f"inner-product identity error {o1.lhs:.3g}")

    explicit = [dict(d=2, n=0, beta=1.0, t=-2.0, sign=1.0, seed=1), dict(d=3, n=1, beta=0.5, t=-1.3, sign=-1.0, seed=2),
                dict(d=2, n=2, beta=2.0, t=-0.7, sign=1.0, seed=3)]
    return run_ineq(ctx, strategy=_taylor_draw(), observe=observe, explicit=explicit,
                    examples=n_examples(ctx, 2),
                    distributions=["u, v ~ N(0, I_d) rescaled so that beta<u,v> = ±10^t, t uniform [-3, 0.7]",
                                   "order n in 0..4, d in 2..3; true remainder in mpmath (40 digits)"])


# --------------------------------------------------------------------------- dense-recovery


@st.composite
def _dense_draw(draw):
    d = draw(st.integers(2, 5))
    M = draw(st.integers(2, 9).filter(lambda v: v != d))
    return dict(d=d, M=M, beta=draw(log_beta(0.05, 5.0)), sigma=draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])),
                family=draw(st.sampled_from(["sphere", "gaussian"])), seed=draw(st.integers(0, 2**31 - 1)),
                qscale=draw(st.floats(0.0, 1.0)))


def _dense_instance(p):
    rng = np.random.default_rng(p["seed"])
    Xi = host(sampling.sphere(p["d"], p["M"], 1.0, seed=p["seed"])) if p["family"] == "sphere" \
        else rng.standard_normal((p["d"], p["M"]))
    keys = Xi + p["sigma"] * rng.standard_normal(Xi.shape)
    X = Xi + p["qscale"] * rng.standard_normal(Xi.shape)
    return Xi, keys, X


@check("hu2024/dense-recovery")
def check_dense_recovery(ctx):
    """``hu2024/dense-recovery``: the dense model recovered from the SVR form (Lemma 3.1).

    Draws: unit-sphere or Gaussian memories (d in 2..5, M in 2..9), keys = memories + noise
    (sigma in {0, 0.1, 0.3}), queries memories + N(0, s^2), beta log-uniform [0.05, 5]; one
    pinned case.  Oracles: the kernel-sum map with the dense coefficients against softmax
    attention written with SciPy; the box threshold C_min against max |xi| Z from its
    definition; the analytic Jacobian against central differences; its symmetry at keys =
    values (the asymmetry otherwise is reported).
    """
    xp = ctx.xp
    asym: list[float] = []

    def observe(p):
        Xi, keys, X = _dense_instance(p)
        beta = p["beta"]
        coef, Cmin = dense_recovery_coefficients(xp.asarray(Xi), beta, keys=xp.asarray(keys))
        kern = normalized_exponential_kernel(xp.asarray(keys), beta)
        T = svr_kernel_retrieve(coef, xp.asarray(keys), xp.asarray(X), kern)
        assert_ns(ctx, T, coef)
        T_ref = Xi @ sp_softmax(beta * (keys.T @ X), axis=0)  # independent: SciPy softmax on the host
        inputs = dict(Xi=Xi, keys=keys, X=X, beta=beta)
        o1 = identity_observation(ctx, "kernel-sum map", T, T_ref, inputs)
        logZ = np.log(np.sum(np.exp(beta * (keys.T @ keys)), axis=0))
        C_ref = float(np.max(np.max(np.abs(Xi), axis=0) * np.exp(logZ)))
        thr = float(host(B.svr_box_feasibility_threshold(xp.asarray(Xi), beta, xp.asarray(keys) - xp.asarray(Xi))))
        o2 = identity_observation(ctx, "box-feasibility threshold", thr, C_ref, {})
        o3 = identity_observation(ctx, "threshold from the coefficients", Cmin, C_ref, {})
        # Jacobian of the map (keys != values: beta Xi (diag p - p p^T) Xi_delta^T)
        model = KeyValueHopfield(xp.asarray(keys), xp.asarray(Xi), beta)
        x0 = X[:, 0]
        J = host(model.jacobian(xp.asarray(x0)))
        h = 1e-5
        Jfd = np.zeros_like(J)
        for j in range(len(x0)):
            e = np.zeros_like(x0)
            e[j] = h
            Jfd[:, j] = (host(model.retrieve(xp.asarray(x0 + e))) - host(model.retrieve(xp.asarray(x0 - e)))) / (2 * h)
        o4 = identity_observation(ctx, "analytic Jacobian", J, Jfd, {}, tol=TOL_FD)
        lhs = max(o.lhs - o.rhs for o in (o1, o2, o3, o4))
        if p["sigma"] == 0.0:
            o5 = identity_observation(ctx, "Jacobian (symmetry)", J, J.T, {})
            lhs = max(lhs, o5.lhs - o5.rhs)
        else:
            asym.append(float(np.linalg.norm(J - J.T, 2)))
        return Observation(lhs, 0.0, inputs=inputs,
                           note="kernel sum = softmax form; C threshold; Jacobian (FD) and symmetry at delta = 0")

    explicit = [dict(d=3, M=4, beta=1.0, sigma=0.0, family="gaussian", seed=11, qscale=0.5)]
    r = run_ineq(ctx, strategy=_dense_draw(), observe=observe, explicit=explicit,
                 examples=n_examples(ctx, 2), atol=0.0, rtol=0.0,
                 distributions=["memories: unit sphere or N(0,1), d in 2..5, M in 2..9",
                                "keys = memories + N(0, sigma^2), sigma in {0, 0.1, 0.3}",
                                "queries: memories + N(0, s^2), s uniform [0, 1]; beta log-uniform [0.05, 5]"])
    r.evidence["jacobian_asymmetry_delta_nonzero"] = {
        "instances": len(asym), "max_norm_J_minus_JT": max(asym) if asym else None,
        "min_norm_J_minus_JT": min(asym) if asym else None}
    return r


# --------------------------------------------------------------------------- dense-recovery-optimality


@st.composite
def _opt_draw(draw):
    d = draw(st.integers(2, 4))
    M = draw(st.integers(2, 7).filter(lambda v: v != d))
    return dict(d=d, M=M, beta=draw(log_beta(0.1, 2.0)), sigma=draw(st.sampled_from([0.0, 0.1])),
                family=draw(st.sampled_from(["sphere", "gaussian"])), seed=draw(st.integers(0, 2**31 - 1)),
                qscale=0.0, factor=draw(st.floats(1.0, 4.0)), eps=draw(log_beta(1e-3, 0.1)))


_OPT_REPRO = """\
try:
    from hoptheory.models import SVRHopfield, dense_recovery_coefficients, normalized_exponential_kernel
except ImportError:
    from hoptheory.models._svr import SVRHopfield, dense_recovery_coefficients, normalized_exponential_kernel
Xi, keys = np.array(ce["Xi"]), np.array(ce["keys"])
coef, C_min = dense_recovery_coefficients(Xi, ce["beta"], keys=keys)
model = SVRHopfield(Xi, kernel=normalized_exponential_kernel(keys, ce["beta"]), C=ce["C"],
                    epsilon=ce["epsilon"], keys=keys)
lhs = model.dual_objective(coef)   # dual value at the dense coefficients
rhs = model.dual_objective()       # dual value at the SVR optimum
"""


@check("hu2024/dense-recovery-optimality")
def check_dense_recovery_optimality(ctx):
    """``hu2024/dense-recovery-optimality``: the dense coefficients as the SVR optimum (a reading of Lemma 3.1).

    Searched: the dual objective at the dense coefficients against the SVR dual optimum
    (lower claim: the dense value must reach the optimum).  Draws: unit-sphere or Gaussian
    memories (d in 2..4, M in 2..7), keys = memories + noise, C = factor * C_min with factor in
    [1, 4], epsilon log-uniform [1e-3, 0.1].  Oracle: both dual values recomputed on the host,
    the optimum by SLSQP over the box per coordinate.
    """
    xp = ctx.xp

    def observe(p):
        Xi, keys, _ = _dense_instance(p)
        beta = p["beta"]
        coef, Cmin = dense_recovery_coefficients(xp.asarray(Xi), beta, keys=xp.asarray(keys))
        C = p["factor"] * Cmin * (1 + 1e-9)
        model = SVRHopfield(xp.asarray(Xi), kernel=normalized_exponential_kernel(xp.asarray(keys), beta),
                            C=C, epsilon=p["eps"], keys=xp.asarray(keys))
        at_dense = model.dual_objective(coef)
        opt = ctx.side("SVR dual optimum", value=model.dual_objective(), kind="lower")
        kkt = model.kkt_residuals(coef)
        return Observation(at_dense, opt, inputs=dict(Xi=Xi, keys=keys, beta=beta, C=C, epsilon=p["eps"]),
                           note=f"KKT residuals at the dense coefficients: box {kkt.box:.3g}, "
                                f"complementarity {kkt.complementarity:.3g}, product {kkt.product:.3g}")

    def reevaluate(o):
        Xi, keys, beta, C, eps = (np.array(o.inputs["Xi"]), np.array(o.inputs["keys"]), o.inputs["beta"],
                                  o.inputs["C"], o.inputs["epsilon"])
        S = beta * (keys.T @ keys)
        logZ = np.log(np.sum(np.exp(S), axis=0))
        K = np.exp(S - logZ[:, None] - logZ[None, :])
        c_dense = Xi * np.exp(logZ)[None, :]
        best = 0.0
        for i in range(Xi.shape[0]):
            v, _ = svr_dual_slsqp(K, Xi[i], C, eps)
            best += v
        return svr_dual_objective(c_dense, K, Xi, eps), best

    return run_ineq(ctx, strategy=_opt_draw(), observe=observe, reevaluate=reevaluate, kind="lower",
                    examples=n_examples(ctx, 4), rtol=TOL_OPTIMISER.rtol, atol=TOL_OPTIMISER.atol, reproduce=_OPT_REPRO,
                    distributions=["memories: unit sphere or N(0,1), d in 2..4, M in 2..7; keys = memories + N(0, sigma^2)",
                                   "normalised exponential kernel; C = factor * C_min, factor in [1, 4]; "
                                   "epsilon log-uniform [1e-3, 0.1]"])
