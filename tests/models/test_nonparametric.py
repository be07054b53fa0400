"""Tests of the nonparametric Hopfield models (Hu et al. 2024): SVR, structured, kernelised.

Independent oracles: explicit Python loops over memories and queries (masked maps), SciPy's
softmax, a direct primal QP solved with SLSQP (SVR), KKT conditions checked from scratch,
central finite differences (every Jacobian), the row-convention multi-head formula, and the
dense model (PRF convergence).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import softmax as sp_softmax

from hoptheory.backend import get_namespace, to_numpy, tolerance
from hoptheory.maps._masks import (
    random_subset_indices,
    random_subset_mask,
    sliding_window_count,
    sliding_window_mask,
    strided_mask,
    strided_offsets,
    top_k_mask,
    window_offsets,
)
from hoptheory.models._kernel import KeyValueHopfield, LinearHopfield, MultiHeadHopfield, PerformerHopfield
from hoptheory.models._structured import StructuredHopfield, gathered_masked_retrieve, offset_masked_retrieve
from hoptheory.models._svr import (
    SVRHopfield,
    dense_recovery_coefficients,
    exponential_kernel,
    normalized_exponential_kernel,
    svr_dual_objective,
    svr_kernel_retrieve,
)

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# fewer examples for the property tests that run finite differences or iterations
heavy = settings(fixture_ok, max_examples=min(25, settings.default.max_examples))

TIGHT = tolerance(np.float64, "tight")
DEFAULT = tolerance(np.float64, "default")
LOOSE = tolerance(np.float64, "loose")
FD = tolerance(np.float64, "fd")

sizes = st.tuples(st.integers(2, 6), st.integers(2, 9)).filter(lambda t: t[0] != t[1])
seeds = st.integers(0, 2**32 - 1)
betas = st.floats(-2.0, 1.0).map(lambda e: 10.0**e)


def _np(a):
    return np.asarray(to_numpy(a))


def _instance(d, M, N, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    Xi = scale * rng.standard_normal((d, M)) / math.sqrt(d)
    X = scale * rng.standard_normal((d, N)) / math.sqrt(d)
    return rng, Xi, X


def _fd_jacobian(f, x, h=1e-6):
    """Central finite differences of f: R^d -> R^k at x (NumPy in, NumPy out)."""
    x = np.asarray(x, float)
    cols = []
    for j in range(x.shape[0]):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((f(x + e) - f(x - e)) / (2 * h))
    return np.stack(cols, axis=1)


def _assert_fd(J, J_fd):
    scale = 1.0 + float(np.max(np.abs(J_fd)))
    np.testing.assert_allclose(J, J_fd, rtol=FD.rtol, atol=FD.atol * scale)


def _loop_structured(Xi, X, beta, mask, variant):
    """V1 / V2 by explicit loops (the definitions), NumPy floats."""
    d, M = Xi.shape
    out = np.zeros((d, X.shape[1]))
    for n in range(X.shape[1]):
        z = [beta * float(Xi[:, mu] @ X[:, n]) for mu in range(M)]
        sel = [mu for mu in range(M) if mask[mu, n]]
        if variant == "V1":
            top = max(z)
            Z = sum(math.exp(zi - top) for zi in z)
            for mu in sel:
                out[:, n] += math.exp(z[mu] - top) / Z * Xi[:, mu]
        else:
            top = max(z[mu] for mu in sel)
            Z = sum(math.exp(z[mu] - top) for mu in sel)
            for mu in sel:
                out[:, n] += math.exp(z[mu] - top) / Z * Xi[:, mu]
    return out


def _dense(Xi, X, beta, keys=None):
    keys = Xi if keys is None else keys
    return Xi @ sp_softmax(beta * keys.T @ X, axis=0)


# --------------------------------------------------------------------------- structured maps


@fixture_ok
@given(dm=sizes, N=st.integers(1, 4), seed=seeds, beta=betas, kind=st.sampled_from(["random", "window", "topk", "shared"]))
def test_structured_maps_match_loops(xp, dm, N, seed, beta, kind):
    d, M = dm
    rng, Xi, X = _instance(d, M, N, seed)
    k = int(rng.integers(1, M + 1))
    if kind == "random":
        mask = _np(random_subset_mask(M, k, n_queries=N, seed=seed % 2**31))
    elif kind == "window":
        mask = _np(sliding_window_mask(N, int(rng.integers(0, 3)), n_memories=M))
    elif kind == "shared":
        mask = np.repeat(_np(random_subset_mask(M, k, seed=seed % 2**31))[:, None], N, axis=1)
    else:
        mask = None
    for variant in ("V1", "V2"):
        if kind == "topk":
            model = StructuredHopfield(xp.asarray(Xi), beta, mask_fn=lambda z: top_k_mask(z, k), variant=variant)
            m_used = _np(top_k_mask(Xi.T @ X, k))
        else:
            if variant == "V2" and not mask.any(axis=0).all():
                continue  # empty window columns: V2 undefined (checked in test_bad_input)
            arg = xp.asarray(mask[:, 0]) if kind == "shared" else xp.asarray(mask)
            model = StructuredHopfield(xp.asarray(Xi), beta, arg, variant=variant)
            m_used = mask
        T = model.retrieve(xp.asarray(X))
        assert get_namespace(T) is xp and tuple(T.shape) == (d, N)
        np.testing.assert_allclose(_np(T), _loop_structured(Xi, X, beta, m_used, variant), rtol=DEFAULT.rtol, atol=DEFAULT.atol)
        w = _np(model.weights(xp.asarray(X)))
        assert (w[~m_used] == 0.0).all()  # masked memories get weight exactly 0
        if variant == "V2":
            np.testing.assert_allclose(w.sum(axis=0), 1.0, rtol=0, atol=TIGHT.atol)


@fixture_ok
@given(dm=sizes, N=st.integers(1, 4), seed=seeds, beta=betas)
def test_v1_is_mask_mass_times_v2_and_full_mask_is_dense(xp, dm, N, seed, beta):
    d, M = dm
    rng, Xi, X = _instance(d, M, N, seed)
    k = int(rng.integers(1, M + 1))
    mask = xp.asarray(random_subset_mask(M, k, n_queries=N, seed=seed % 2**31))
    v1 = StructuredHopfield(xp.asarray(Xi), beta, mask, variant="V1")
    v2 = StructuredHopfield(xp.asarray(Xi), beta, mask, variant="V2")
    P = _np(v1.mask_mass(xp.asarray(X)))
    np.testing.assert_allclose(_np(v1.retrieve(xp.asarray(X))), P * _np(v2.retrieve(xp.asarray(X))), rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    full = xp.ones((M,), dtype=xp.bool)
    for variant in ("V1", "V2"):
        T = _np(StructuredHopfield(xp.asarray(Xi), beta, full, variant=variant).retrieve(xp.asarray(X)))
        np.testing.assert_allclose(T, _dense(Xi, X, beta), rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    # V2 with a fixed mask is the dense model on the sub-memory
    sub = np.flatnonzero(_np(random_subset_mask(M, k, seed=3)))
    T2 = _np(StructuredHopfield(xp.asarray(Xi), beta, random_subset_mask(M, k, seed=3, xp=xp), variant="V2").retrieve(xp.asarray(X)))
    np.testing.assert_allclose(T2, _dense(Xi[:, sub], X, beta), rtol=DEFAULT.rtol, atol=DEFAULT.atol)


@fixture_ok
@given(dm=sizes, seed=seeds, beta=betas)
def test_v1_equals_svr_class_map_with_dense_coefficients_on_the_mask(xp, dm, seed, beta):
    d, M = dm
    rng, Xi, X = _instance(d, M, 3, seed)
    mask = random_subset_mask(M, int(rng.integers(1, M + 1)), seed=seed % 2**31)
    coef, _ = dense_recovery_coefficients(xp.asarray(Xi), beta)
    coef_masked = coef * xp.reshape(xp.asarray(mask.astype(float)), (1, M))
    T_svr = svr_kernel_retrieve(coef_masked, xp.asarray(Xi), xp.asarray(X), normalized_exponential_kernel(xp.asarray(Xi), beta))
    T_v1 = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(mask), variant="V1").retrieve(xp.asarray(X))
    assert get_namespace(T_svr) is xp
    np.testing.assert_allclose(_np(T_svr), _np(T_v1), rtol=DEFAULT.rtol * 10, atol=DEFAULT.atol * 10)


@heavy
@given(dm=sizes, seed=seeds, beta=st.floats(0.05, 5.0), variant=st.sampled_from(["V1", "V2"]))
def test_structured_jacobian_matches_finite_differences(xp, dm, seed, beta, variant):
    d, M = dm
    rng, Xi, X = _instance(d, M, 2, seed)
    mask = random_subset_mask(M, int(rng.integers(1, M + 1)), seed=seed % 2**31)
    model = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(mask), variant=variant)
    J = model.jacobian(xp.asarray(X))
    assert get_namespace(J) is xp and tuple(J.shape) == (2, d, d)
    for n in range(2):
        J_fd = _fd_jacobian(lambda v: _np(model.retrieve(xp.asarray(v))), X[:, n])
        _assert_fd(_np(J)[n], J_fd)
    Jv = _np(model.jacobian(xp.asarray(X[:, 0])))
    # the catalogue's sum form of V1: beta sum_{nu in M} p_nu xi_nu (xi_nu - Xi p)^T
    if variant == "V1":
        p = sp_softmax(beta * Xi.T @ X[:, 0])
        xi_hat = Xi @ p
        S = sum(p[nu] * np.outer(Xi[:, nu], Xi[:, nu] - xi_hat) for nu in range(M) if mask[nu])
        S = S if isinstance(S, np.ndarray) else np.zeros((d, d))  # empty mask: T = 0
        np.testing.assert_allclose(Jv, beta * S, rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    else:
        np.testing.assert_allclose(Jv, Jv.T, rtol=0, atol=TIGHT.atol * (1 + np.abs(Jv).max()))


def test_v1_jacobian_is_not_symmetric_in_general():
    rng = np.random.default_rng(5)
    Xi, x = rng.standard_normal((3, 5)), rng.standard_normal(3)
    mask = np.array([True, True, False, False, True])
    J = _np(StructuredHopfield(Xi, 1.5, mask, variant="V1").jacobian(x))
    assert np.abs(J - J.T).max() > 1e-3


@heavy
@given(dm=sizes, seed=seeds, beta=st.floats(0.05, 5.0), data=st.data())
def test_top_k_jacobian_matches_finite_differences_away_from_ties(xp, dm, seed, beta, data):
    d, M = dm
    k = data.draw(st.integers(1, M - 1))
    _, Xi, X = _instance(d, M, 1, seed)
    z = np.sort(Xi.T @ X[:, 0])[::-1]
    assume(z[k - 1] - z[k] > 1e-3)
    model = StructuredHopfield(xp.asarray(Xi), beta, mask_fn=lambda s: top_k_mask(s, k), variant="V2")
    J_fd = _fd_jacobian(lambda v: _np(model.retrieve(xp.asarray(v))), X[:, 0])
    _assert_fd(_np(model.jacobian(xp.asarray(X[:, 0]))), J_fd)


def test_top_k_is_discontinuous_at_a_tie():
    Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
    model = StructuredHopfield(Xi, 2.0, mask_fn=lambda s: top_k_mask(s, 1), variant="V2")
    eps = 1e-9
    left, right = model.retrieve(np.array([1.0 + eps, 1.0])), model.retrieve(np.array([1.0 - eps, 1.0]))
    assert np.linalg.norm(left - right) > 0.5  # xi_1 versus xi_2


@heavy
@given(dm=sizes, seed=seeds, beta=st.floats(0.05, 5.0))
def test_v2_energy_gradient_and_monotone_iteration(xp, dm, seed, beta):
    d, M = dm
    rng, Xi, X = _instance(d, M, 1, seed)
    mask = random_subset_mask(M, int(rng.integers(1, M + 1)), seed=seed % 2**31, xp=xp)
    model = StructuredHopfield(xp.asarray(Xi), beta, mask, variant="V2")
    x = X[:, 0]
    grad_fd = _fd_jacobian(lambda v: np.atleast_1d(_np(model.energy(xp.asarray(v)))), x)[0]
    np.testing.assert_allclose(grad_fd, x - _np(model.retrieve(xp.asarray(x))), rtol=FD.rtol, atol=FD.atol * (1 + np.abs(x).max()))
    it = model.iterate(xp.asarray(x), max_steps=20)
    E = _np(it.energies)
    assert np.all(np.diff(E) <= TIGHT.atol * (1 + np.abs(E).max()))
    v1 = StructuredHopfield(xp.asarray(Xi), beta, mask, variant="V1")
    it1 = v1.iterate(xp.asarray(x), max_steps=10)
    assert np.isnan(_np(it1.energies)).all() and it1.steps <= 10
    with pytest.raises(NotImplementedError, match="V2 with a fixed mask"):
        v1.energy(xp.asarray(x))


def test_score_evaluation_counts():
    L, w = 40, 5
    Xi = np.random.default_rng(0).standard_normal((3, L))
    mask = sliding_window_mask(L, w)
    assert StructuredHopfield(Xi, 1.0, mask, variant="V2").score_evaluations() == sliding_window_count(L, w)
    assert StructuredHopfield(Xi, 1.0, mask, variant="V1").score_evaluations() == L * L
    shared = random_subset_mask(L, 7, seed=1)
    assert StructuredHopfield(Xi, 1.0, shared, variant="V2").score_evaluations(11) == 77
    topk = StructuredHopfield(Xi, 1.0, mask_fn=lambda z: top_k_mask(z, 3), variant="V2")
    assert topk.score_evaluations(9) == 9 * L


# --------------------------------------------------------------------------- gather-based V2


@fixture_ok
@given(L=st.integers(2, 14), d=st.integers(2, 5), seed=seeds, beta=betas, kind=st.sampled_from(["window", "strided"]), data=st.data())
def test_offset_masked_retrieve_equals_dense_mask(xp, L, d, seed, beta, kind, data):
    assume(L != d)
    _, Xi, X = _instance(d, L, L, seed)
    if kind == "window":
        w = data.draw(st.integers(0, L - 1))
        offs, mask = window_offsets(w), sliding_window_mask(L, w, xp=xp)
    else:
        s = data.draw(st.integers(1, L))
        offs, mask = strided_offsets(L, s), strided_mask(L, s, xp=xp)
    out, count = offset_masked_retrieve(xp.asarray(Xi), xp.asarray(X), beta, offs)
    assert get_namespace(out) is xp
    ref = _loop_structured(Xi, X, beta, _np(mask), "V2")
    np.testing.assert_allclose(_np(out), ref, rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    assert count == int(np.sum(_np(mask)))
    if kind == "window":
        assert count == sliding_window_count(L, w)


@fixture_ok
@given(dm=sizes, N=st.integers(1, 5), seed=seeds, beta=betas, data=st.data())
def test_gathered_masked_retrieve_equals_random_mask_v2(xp, dm, N, seed, beta, data):
    d, M = dm
    k = data.draw(st.integers(1, M))
    _, Xi, X = _instance(d, M, N, seed)
    idx = random_subset_indices(M, k, n_queries=N, seed=seed % 2**31, xp=xp)
    mask = random_subset_mask(M, k, n_queries=N, seed=seed % 2**31, xp=xp)
    out, count = gathered_masked_retrieve(xp.asarray(Xi), xp.asarray(X), beta, idx)
    assert get_namespace(out) is xp and count == k * N
    ref = _np(StructuredHopfield(xp.asarray(Xi), beta, mask, variant="V2").retrieve(xp.asarray(X)))
    np.testing.assert_allclose(_np(out), ref, rtol=DEFAULT.rtol, atol=DEFAULT.atol)


# --------------------------------------------------------------------------- SVR


def _tanh_features(A, b):
    def fm(X):
        xp = get_namespace(X)
        return xp.tanh(A @ X + b)

    def jac(x):
        xp = get_namespace(x)
        t = xp.tanh(A @ x + b[:, 0])
        return xp.reshape(1 - t * t, (-1, 1)) * A

    return fm, jac


def _primal_slsqp(phi, y, C, eps):
    """One coordinate's primal QP in (w, eta, eta~) solved directly with SLSQP (independent oracle)."""
    D, M = phi.shape

    def obj(v):
        w = v[:D]
        return 0.5 * float(w @ w) + C * float(v[D:].sum())

    def grad(v):
        return np.concatenate([v[:D], C * np.ones(2 * M)])

    def cons(v):
        w, e, et = v[:D], v[D : D + M], v[D + M :]
        f = w @ phi
        return np.concatenate([eps + e - (y - f), eps + et - (f - y), e, et])

    res = minimize(obj, np.zeros(D + 2 * M), jac=grad, method="SLSQP",
                   constraints=[{"type": "ineq", "fun": cons}], options={"ftol": 1e-13, "maxiter": 2000})
    # status 8 ("positive directional derivative in line search") is SLSQP stalling at its
    # precision limit; the point is still checked for feasibility and compared below
    assert res.success or res.status == 8, res.message
    assert cons(res.x).min() >= -1e-6
    w = res.x[:D]
    # the objective at w with the exact (feasible) slacks: a true upper bound on the optimum
    return w, 0.5 * float(w @ w) + C * float(np.maximum(np.abs(y - w @ phi) - eps, 0.0).sum())


def _svr_instance(d, M, D, seed, noise):
    rng = np.random.default_rng(seed)
    Xi = rng.standard_normal((d, M))
    keys = Xi + noise * rng.standard_normal((d, M))
    A, b = rng.standard_normal((D, d)), rng.standard_normal((D, 1))
    return rng, Xi, keys, A, b


svr_params = dict(d=st.integers(2, 3), M=st.integers(4, 6), D=st.integers(2, 5), seed=seeds,
                  C=st.floats(0.05, 5.0), eps=st.floats(0.0, 0.3), noise=st.sampled_from([0.0, 0.1]))


@settings(max_examples=min(15, settings.default.max_examples))  # each example solves d QPs twice
@given(**svr_params)
def test_svr_matches_separate_primal_qps(d, M, D, seed, C, eps, noise):
    _, Xi, keys, A, b = _svr_instance(d, M, D, seed, noise)
    fm, _ = _tanh_features(A, b)
    model = SVRHopfield(Xi, fm, C=C, epsilon=eps, keys=keys)
    Phi = np.tanh(A @ keys + b)
    # the joint problem separates into d scalar SVRs: compare with each one solved directly
    total = 0.0
    for i in range(d):
        w_ref, p_ref = _primal_slsqp(Phi, Xi[i], C, eps)
        total += p_ref
        np.testing.assert_allclose(model.weights[i], w_ref, rtol=0, atol=1e-5 * (1 + np.abs(w_ref).max()))
    # the model's optimum is never above the oracle's feasible value, and agrees with it
    assert model.primal_objective() <= total + TIGHT.atol * (1 + abs(total))
    assert total - model.primal_objective() <= 1e-6 * (1 + abs(total))
    assert abs(model.duality_gap) <= LOOSE.atol * (1 + abs(total))


@settings(fixture_ok, max_examples=min(20, settings.default.max_examples))
@given(**svr_params)
def test_svr_kkt_representer_tube_and_jacobian(xp, d, M, D, seed, C, eps, noise):
    rng, Xi, keys, A, b = _svr_instance(d, M, D, seed, noise)
    fm, jac = _tanh_features(xp.asarray(A), xp.asarray(b))
    model = SVRHopfield(xp.asarray(Xi), fm, C=C, epsilon=eps, keys=xp.asarray(keys), feature_jacobian=jac)
    for arr in (model.alpha, model.alpha_tilde, model.coef, model.weights, model.gram):
        assert get_namespace(arr) is xp
    Phi = np.tanh(A @ keys + b)
    K = Phi.T @ Phi
    P = model.primal_objective()
    # strong duality, and the dual value against an independent evaluation
    assert abs(model.duality_gap) <= LOOSE.atol * (1 + abs(P))
    assert abs(model.dual_objective() - svr_dual_objective(model.coef, K, Xi, eps)) <= TIGHT.atol * (1 + abs(P))
    # KKT, from scratch: box, alpha*alpha~ = 0, and the residual pattern of each coefficient
    a, at = _np(model.alpha), _np(model.alpha_tilde)
    r = Xi - (a - at) @ K
    tol = LOOSE.atol * max(1.0, C)
    assert (a >= 0).all() and (at >= 0).all() and (a <= C).all() and (at <= C).all()
    if eps > 0:
        assert (a * at == 0).all()
    interior_a = (a > tol) & (a < C - tol)
    interior_at = (at > tol) & (at < C - tol)
    assert np.all(np.abs(r[interior_a] - eps) <= tol)
    assert np.all(np.abs(r[interior_at] + eps) <= tol)
    assert np.all(r[a <= tol] <= eps + tol) and np.all(r[at <= tol] >= -eps - tol)
    assert np.all(r[a >= C - tol] >= eps - tol) and np.all(r[at >= C - tol] <= -eps + tol)
    assert model.kkt_residuals().max <= tol
    # representer identity and the eps-tube at the training points
    x = rng.standard_normal((d, 3))
    np.testing.assert_allclose(_np(model.retrieve(xp.asarray(x))), _np(model.retrieve_primal(xp.asarray(x))), rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    T_train = _np(model.retrieve(xp.asarray(keys)))
    eta, eta_t = np.maximum(r - eps, 0), np.maximum(-r - eps, 0)
    assert np.all(np.abs(T_train - Xi) <= eps + np.maximum(eta, eta_t) + tol)
    # Jacobian
    J_fd = _fd_jacobian(lambda v: _np(model.retrieve(xp.asarray(v))), x[:, 0])
    _assert_fd(_np(model.jacobian(xp.asarray(x[:, 0]))), J_fd)


def test_svr_exponential_kernel_jacobian_iterate_and_overflow():
    rng = np.random.default_rng(2)
    Xi = rng.standard_normal((3, 5)) * 0.5
    model = SVRHopfield(Xi, kernel=exponential_kernel(0.7), C=2.0, epsilon=0.01)
    x = rng.standard_normal(3) * 0.5
    _assert_fd(model.jacobian(x), _fd_jacobian(model.retrieve, x))
    assert model.duality_gap <= LOOSE.atol * (1 + abs(model.primal_objective()))
    it = model.iterate(x, max_steps=5)
    assert np.isnan(it.energies).all() and it.trajectory.shape[1] == 3
    with pytest.raises(OverflowError):
        SVRHopfield(30 * Xi, kernel=exponential_kernel(10.0), C=1.0, epsilon=0.0)


@heavy
@given(dm=sizes, seed=seeds, beta=betas, noise=st.sampled_from([0.0, 0.2]))
def test_dense_recovery_identity_and_feasibility(xp, dm, seed, beta, noise):
    d, M = dm
    rng, Xi, X = _instance(d, M, 3, seed)
    keys = Xi + noise * rng.standard_normal((d, M))
    coef, C_min = dense_recovery_coefficients(xp.asarray(Xi), beta, keys=xp.asarray(keys))
    assert get_namespace(coef) is xp
    T = svr_kernel_retrieve(coef, xp.asarray(keys), xp.asarray(X), normalized_exponential_kernel(xp.asarray(keys), beta))
    np.testing.assert_allclose(_np(T), _dense(Xi, X, beta, keys), rtol=DEFAULT.rtol * 10, atol=DEFAULT.atol * 10)
    Z = np.exp(beta * keys.T @ keys).sum(axis=0)
    assert abs(C_min - float(np.max(np.abs(Xi) * Z))) <= TIGHT.rtol * C_min
    # keys != values: J = beta Xi (diag p - p p^T) Xi_delta^T, symmetric iff delta = 0
    head = KeyValueHopfield(xp.asarray(keys), xp.asarray(Xi), beta)
    J = _np(head.jacobian(xp.asarray(X[:, 0])))
    kern = normalized_exponential_kernel(keys, beta)
    J_fd = _fd_jacobian(lambda v: svr_kernel_retrieve(_np(coef), keys, v, kern), X[:, 0])
    _assert_fd(J, J_fd)
    if noise == 0.0:
        np.testing.assert_allclose(J, J.T, rtol=0, atol=TIGHT.atol * (1 + np.abs(J).max()))


def test_dense_coefficients_are_not_the_svr_optimum():
    rng = np.random.default_rng(3)
    Xi = rng.standard_normal((2, 5)) * 0.6
    beta, eps = 1.0, 0.05
    coef, C_min = dense_recovery_coefficients(Xi, beta)
    kern = normalized_exponential_kernel(Xi, beta)
    model = SVRHopfield(Xi, kernel=kern, C=1.5 * C_min, epsilon=eps)
    gap = model.dual_objective() - model.dual_objective(coef)
    assert gap > 1e-6  # the dense coefficients are feasible but strictly suboptimal
    assert model.kkt_residuals(coef).complementarity > 1e-6
    assert model.kkt_residuals().max <= LOOSE.atol * max(1.0, 1.5 * C_min)


# --------------------------------------------------------------------------- linear and PRF


@heavy
@given(dm=sizes, N=st.integers(1, 4), seed=seeds)
def test_linear_model_factorised_direct_hull_and_jacobian(xp, dm, N, seed):
    d, M = dm
    _, Xi, X = _instance(d, M, N, seed, scale=2.0)
    model = LinearHopfield(xp.asarray(Xi))
    T = model.retrieve(xp.asarray(X))
    assert get_namespace(T) is xp
    phi = lambda u: np.where(u > 0, u + 1, np.exp(np.minimum(u, 0)))  # noqa: E731
    K = phi(Xi).T @ phi(X)
    ref = Xi @ (K / K.sum(axis=0))
    np.testing.assert_allclose(_np(T), ref, rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    w = _np(model.weights(xp.asarray(X)))
    assert (w > 0).all()
    np.testing.assert_allclose(Xi @ w, _np(T), rtol=DEFAULT.rtol, atol=DEFAULT.atol)
    assert np.all(np.linalg.norm(_np(T), axis=0) <= model.m * (1 + TIGHT.rtol))
    J_fd = _fd_jacobian(lambda v: _np(model.retrieve(xp.asarray(v))), X[:, 0])
    _assert_fd(_np(model.jacobian(xp.asarray(X[:, 0]))), J_fd)
    with pytest.raises(NotImplementedError):
        model.energy(xp.asarray(X[:, 0]))


@heavy
@given(dm=sizes, seed=seeds, beta=st.floats(0.1, 3.0))
def test_performer_weights_hull_and_jacobian(xp, dm, seed, beta):
    d, M = dm
    _, Xi, X = _instance(d, M, 2, seed)
    model = PerformerHopfield(xp.asarray(Xi), beta, n_features=32, seed=seed % 2**31)
    T = model.retrieve(xp.asarray(X))
    assert get_namespace(T) is xp
    W = _np(model.W)
    phi = lambda U: np.exp(math.sqrt(beta) * W @ U - beta * (U * U).sum(0) / 2) / math.sqrt(32)  # noqa: E731
    K = phi(Xi).T @ phi(X)
    np.testing.assert_allclose(_np(T), Xi @ (K / K.sum(0)), rtol=DEFAULT.rtol * 10, atol=DEFAULT.atol * 10)
    assert (_np(model.weights(xp.asarray(X))) > 0).all()
    J_fd = _fd_jacobian(lambda v: _np(model.retrieve(xp.asarray(v))), X[:, 0])
    _assert_fd(_np(model.jacobian(xp.asarray(X[:, 0]))), J_fd)


def test_performer_converges_to_dense():
    # moderate beta * ||u + v||^2 (<= ~0.7) keeps the heavy log-normal tails of the features
    # tame, so 16 replicates estimate the RMS error well (catalogue: hu2024/variant-prf)
    rng = np.random.default_rng(8)
    d, M, beta = 4, 6, 0.7
    Xi = 0.5 * rng.standard_normal((d, M)) / math.sqrt(d)
    X = 0.5 * rng.standard_normal((d, 5)) / math.sqrt(d)
    dense = _dense(Xi, X, beta)
    m = float(np.linalg.norm(Xi, axis=0).max())
    sizes, errs = [64, 512, 4096, 16384], []
    for n_f in sizes:
        e = [np.sqrt(np.mean(np.linalg.norm(PerformerHopfield(Xi, beta, n_f, seed=1600 + s).retrieve(X) - dense, axis=0) ** 2))
             for s in range(16)]
        errs.append(float(np.sqrt(np.mean(np.square(e)))))
    assert all(b < a for a, b in zip(errs, errs[1:]))
    slope = float(np.polyfit(np.log(sizes), np.log(errs), 1)[0])
    assert -0.65 <= slope <= -0.35, (errs, slope)
    assert errs[-1] < 0.01 * m


# --------------------------------------------------------------------------- multi-head


@heavy
@given(seed=seeds, H=st.integers(1, 3), beta=betas)
def test_multi_head_matches_row_convention_formula(xp, seed, H, beta):
    d, dh, dv, M, L, d_out = 5, 2, 3, 7, 4, 6  # pairwise distinct
    rng = np.random.default_rng(seed)
    Xi = rng.standard_normal((d, M))
    X = rng.standard_normal((d, L))
    WQ = [rng.standard_normal((d, dh)) for _ in range(H)]
    WK = [rng.standard_normal((d, dh)) for _ in range(H)]
    WV = [rng.standard_normal((d, dv)) for _ in range(H)]
    WO = rng.standard_normal((H * dv, d_out))
    model = MultiHeadHopfield.from_projections(
        xp.asarray(Xi), beta, [xp.asarray(w) for w in WQ], [xp.asarray(w) for w in WK], [xp.asarray(w) for w in WV], xp.asarray(WO)
    )
    out = model.retrieve(xp.asarray(X))
    assert get_namespace(out) is xp and tuple(out.shape) == (d_out, L)
    R, Y = X.T, Xi.T
    heads = [sp_softmax(beta * (R @ WQ[h]) @ (Y @ WK[h]).T, axis=1) @ (Y @ WV[h]) for h in range(H)]
    Z = np.concatenate(heads, axis=1) @ WO
    np.testing.assert_allclose(_np(out), Z.T, rtol=DEFAULT.rtol * 10, atol=DEFAULT.atol * 10 * (1 + np.abs(Z).max()))
    J_fd = _fd_jacobian(lambda v: _np(model.retrieve(xp.asarray(v))), X[:, 0])
    _assert_fd(_np(model.jacobian(xp.asarray(X[:, 0]))), J_fd)


def test_multi_head_mean_and_iterate():
    rng = np.random.default_rng(1)
    Xi = rng.standard_normal((3, 5))
    heads = [StructuredHopfield(Xi, 1.0, random_subset_mask(5, 3, seed=s), variant="V2") for s in range(2)]
    mh = MultiHeadHopfield(heads, combine="mean")
    x = rng.standard_normal(3)
    np.testing.assert_allclose(mh.retrieve(x), 0.5 * (heads[0].retrieve(x) + heads[1].retrieve(x)), rtol=TIGHT.rtol)
    np.testing.assert_allclose(mh.jacobian(x), 0.5 * (heads[0].jacobian(x) + heads[1].jacobian(x)), rtol=TIGHT.rtol)
    assert mh.iterate(x, max_steps=200).converged
    with pytest.raises(ValueError, match="iterate needs"):
        MultiHeadHopfield(heads).iterate(x)


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("beta", [1e8, 1e-8])
def test_extreme_beta_stays_finite(xp, beta):
    rng = np.random.default_rng(4)
    d, M = 3, 7
    Xi, X = rng.standard_normal((d, M)), rng.standard_normal((d, M))
    mask = xp.asarray(random_subset_mask(M, 3, n_queries=M, seed=2))
    outs = []
    for variant in ("V1", "V2"):
        mdl = StructuredHopfield(xp.asarray(Xi), beta, mask, variant=variant)
        outs += [mdl.retrieve(xp.asarray(X)), mdl.jacobian(xp.asarray(X))]
    topk = StructuredHopfield(xp.asarray(Xi), beta, mask_fn=lambda z: top_k_mask(z, 2), variant="V2")
    outs += [topk.retrieve(xp.asarray(X)), topk.jacobian(xp.asarray(X))]
    perf = PerformerHopfield(xp.asarray(Xi), beta, 16, seed=0)
    outs += [perf.retrieve(xp.asarray(X)), perf.jacobian(xp.asarray(X))]
    outs.append(KeyValueHopfield(xp.asarray(Xi), xp.asarray(Xi), beta).retrieve(xp.asarray(X)))
    outs.append(offset_masked_retrieve(xp.asarray(Xi), xp.asarray(X), beta, window_offsets(2))[0])
    outs.append(gathered_masked_retrieve(xp.asarray(Xi), xp.asarray(X), beta, random_subset_indices(M, 3, n_queries=M, seed=1, xp=xp))[0])
    for o in outs:
        assert get_namespace(o) is xp and np.isfinite(_np(o)).all()
    # at beta = 1e8 V2 is the argmax over the mask
    if beta == 1e8:
        m = _np(mask).astype(bool)
        T2 = _np(StructuredHopfield(xp.asarray(Xi), beta, mask, variant="V2").retrieve(xp.asarray(X)))
        z = np.where(m, Xi.T @ X, -np.inf)
        np.testing.assert_allclose(T2, Xi[:, np.argmax(z, axis=0)], atol=1e-12)


def test_bad_input(xp):
    Xi = xp.asarray(np.random.default_rng(0).standard_normal((3, 4)))
    mask = xp.asarray(np.array([True, False, True, False]))
    with pytest.raises(ValueError, match="beta"):
        StructuredHopfield(Xi, 0.0, mask)
    with pytest.raises(ValueError, match="variant"):
        StructuredHopfield(Xi, 1.0, mask, variant="V3")
    with pytest.raises(ValueError, match="exactly one"):
        StructuredHopfield(Xi, 1.0)
    with pytest.raises(ValueError, match=r"shape \(M,\)"):
        StructuredHopfield(Xi, 1.0, xp.asarray(np.array([True, False])))
    with pytest.raises(TypeError, match="bool"):
        StructuredHopfield(Xi, 1.0, xp.asarray(np.array([1.0, 0.0, 1.0, 0.0])))
    with pytest.raises(ValueError, match="NaN"):
        StructuredHopfield(xp.asarray(np.array([[1.0, math.nan], [0.0, 1.0]])), 1.0, xp.asarray(np.array([True, True])))
    with pytest.raises(TypeError, match="floating"):
        StructuredHopfield(xp.asarray(np.array([[1, 2], [3, 4]])), 1.0, xp.asarray(np.array([True, True])))
    model = StructuredHopfield(Xi, 1.0, xp.asarray(np.zeros((4, 2), bool)), variant="V2")
    with pytest.raises(ValueError, match="at least one selected memory"):
        model.retrieve(xp.ones((3, 2), dtype=xp.float64))
    with pytest.raises(ValueError, match=r"got shape \(2,\)"):
        StructuredHopfield(Xi, 1.0, mask).retrieve(xp.ones((2,), dtype=xp.float64))
    with pytest.raises(ValueError, match="does not match"):
        StructuredHopfield(Xi, 1.0, xp.asarray(np.ones((4, 3), bool))).retrieve(xp.ones((3, 2), dtype=xp.float64))
    with pytest.raises(ValueError, match="exactly one"):
        SVRHopfield(Xi, C=1.0, epsilon=0.1)
    with pytest.raises(ValueError, match="C must be > 0"):
        SVRHopfield(Xi, kernel=exponential_kernel(1.0), C=0.0, epsilon=0.1)
    with pytest.raises(ValueError, match="epsilon"):
        SVRHopfield(Xi, kernel=exponential_kernel(1.0), C=1.0, epsilon=-0.1)
    with pytest.raises(ValueError, match="keys must have the shape"):
        SVRHopfield(Xi, kernel=exponential_kernel(1.0), C=1.0, epsilon=0.1, keys=xp.ones((3, 5), dtype=xp.float64))
    with pytest.raises(ValueError, match="n_features"):
        PerformerHopfield(Xi, 1.0, 0, seed=0)
    with pytest.raises(ValueError, match="distinct"):
        gathered_masked_retrieve(Xi, xp.ones((3, 2), dtype=xp.float64), 1.0, xp.asarray(np.array([[0, 1], [0, 1]])))
    with pytest.raises(ValueError, match=r"\[0, M\)"):
        gathered_masked_retrieve(Xi, xp.ones((3, 2), dtype=xp.float64), 1.0, xp.asarray(np.array([[0, 7]])))
    with pytest.raises(ValueError, match="empty mask|no offset"):
        offset_masked_retrieve(Xi, xp.ones((3, 4), dtype=xp.float64), 1.0, [10])
    with pytest.raises(ValueError, match="same input dimension"):
        MultiHeadHopfield([LinearHopfield(Xi), LinearHopfield(xp.ones((2, 4), dtype=xp.float64))])
