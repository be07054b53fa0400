"""Fenchel–Young losses, the sparsemax loss and the separable threshold map, against independent oracles."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from maps_oracles import (DEFAULT, FD, LOOSE, TIGHT, alphas, assert_namespace, central_gradient, conjugate_slsqp,
                         entmax_mp, few, make_scores, np_of, score_cases, sparsemax_exact, tsallis_omega_np)

from hoptheory.backend import get_namespace
from hoptheory.maps import (
    entmax,
    fenchel_young_loss,
    separable_map,
    separable_threshold,
    softmax,
    sparsemax,
    sparsemax_loss,
)


def _dirichlet(M, N, seed):
    return np.random.default_rng(seed).dirichlet(np.ones(M), size=N)


def _tsallis_generator(alpha, shift):
    """g'(t) and its inverse for g(t) = (t^alpha - t)/(alpha(alpha-1)) + shift*t (NumPy)."""
    a = alpha - 1.0

    def dg(t):
        return (alpha * t ** a - 1.0) / (alpha * a) + shift

    def dgi(s):
        xp = get_namespace(s)
        base = a * (s - shift) + 1.0 / alpha
        return xp.where(base > 0.0, base, xp.zeros_like(base)) ** (1.0 / a)

    return dg, dgi, -1.0 / (alpha * a) + shift


# --------------------------------------------------------------------------- fenchel_young_loss


@few(25)
@given(case=score_cases(max_m=8, max_n=3), alpha=alphas | st.just(1.0))
def test_fy_loss_is_conjugate_plus_negentropy_minus_inner_product(xp, case, alpha):
    M, N, seed, scale, grid = case
    theta = make_scores(M, N, seed, min(max(scale, 0.1), 10.0), grid)
    y = _dirichlet(M, N, seed)
    L = fenchel_young_loss(xp.asarray(theta), xp.asarray(y), alpha)
    assert_namespace(L, xp)
    L = np_of(L)
    assert L.shape == (N,)
    for i in range(N):
        conj = conjugate_slsqp(theta[i], alpha)  # SLSQP: a lower bound of the maximum
        ref = conj + tsallis_omega_np(y[i], alpha) - theta[i] @ y[i]
        assert L[i] >= -TIGHT.atol                       # the Fenchel-Young inequality
        assert L[i] >= ref - LOOSE.atol * max(1.0, abs(ref))
        assert L[i] <= ref + 1e-6 * max(1.0, abs(ref))


@pytest.mark.parametrize("alpha", [1.0, 1.5, 2.0, 3.0])
def test_fy_loss_vanishes_at_the_map_and_its_gradient_is_the_residual(alpha):
    rng = np.random.default_rng(3)
    theta = rng.standard_normal(6) * 2.0
    y = rng.dirichlet(np.ones(6))
    p = np_of(entmax(theta, alpha))
    assert abs(float(fenchel_young_loss(theta, p / p.sum(), alpha))) <= 10 * DEFAULT.atol

    def batch(rows):
        return np_of(fenchel_young_loss(rows, np.broadcast_to(y, rows.shape), alpha))

    grad = central_gradient(batch, theta, 1e-5)
    np.testing.assert_allclose(grad, p - y, atol=FD.atol)


def test_fy_loss_of_shannon_is_the_kl_divergence_and_shift_invariant():
    theta = np.array([0.3, -1.2, 2.0, 0.0])
    y = np.array([0.1, 0.2, 0.3, 0.4])
    p = np_of(softmax(theta))
    kl = float(np.sum(y * np.log(y / p)))
    assert float(fenchel_young_loss(theta, y, 1.0)) == pytest.approx(kl, rel=1e-13)
    big = theta + 1e8
    assert float(fenchel_young_loss(big, y, 1.0)) == pytest.approx(kl, rel=1e-8)
    # the one-hot target: Omega_alpha(e_k) = 0, so L = Omega*(theta) - theta_k
    e = np.eye(4)[2]
    assert float(fenchel_young_loss(theta, e, 1.5)) >= 0.0


def test_fy_loss_axis_and_validation():
    theta = np.arange(6.0).reshape(3, 2)
    y = np.full((3, 2), 1.0 / 3.0)
    a = np_of(fenchel_young_loss(theta, y, 2.0, axis=0))
    b = np_of(fenchel_young_loss(theta.T, y.T, 2.0))
    np.testing.assert_allclose(a, b, rtol=0, atol=TIGHT.atol)
    with pytest.raises(ValueError, match="sum to one"):
        fenchel_young_loss(theta, y, 2.0)
    with pytest.raises(ValueError, match="non-negative"):
        fenchel_young_loss(np.zeros(3), np.array([1.5, -0.5, 0.0]), 2.0)
    with pytest.raises(ValueError, match="shape"):
        fenchel_young_loss(np.zeros(3), np.full(4, 0.25), 2.0)


# --------------------------------------------------------------------------- sparsemax_loss


def _sparsemax_loss_exact(z, k):
    """The published formula -z_k + 1/2 sum_S (z_j^2 - tau^2) + 1/2 in rationals."""
    p, tau, _ = sparsemax_exact(z)
    zf = [Fraction(float(v)) for v in z]
    return -zf[k] + Fraction(1, 2) * sum(v * v - tau * tau for v, pi in zip(zf, p) if pi > 0) + Fraction(1, 2)


@few(30)
@given(case=score_cases(max_m=10, max_n=4))
def test_sparsemax_loss_equals_the_exact_published_formula(xp, case):
    M, N, seed, scale, grid = case
    z = make_scores(M, N, seed, scale, grid)
    k = np.random.default_rng(seed).integers(0, M, size=N)
    L = sparsemax_loss(xp.asarray(z), xp.asarray(k))
    assert_namespace(L, xp)
    L = np_of(L)
    for i in range(N):
        ex = float(_sparsemax_loss_exact(z[i], int(k[i])))
        assert abs(L[i] - ex) <= TIGHT.atol * max(1.0, float(np.max(np.abs(z[i])) - z[i, k[i]]))
    # the Fenchel-Young loss of the Gini negentropy at e_k
    fy = np_of(fenchel_young_loss(z, np.eye(M)[k], 2.0))
    np.testing.assert_allclose(L, fy, rtol=DEFAULT.rtol, atol=DEFAULT.atol * max(1.0, float(np.max(np.abs(z)))))


def test_sparsemax_loss_labels_and_gradient():
    z = np.array([[1.0, 0.5, -1.0], [0.0, 0.0, 0.0]])
    # row 2: p = 1/3, tau = -1/3, L = 3 (0 - 1/9)/2 + 1/2 = 1/3
    assert np_of(sparsemax_loss(z, np.array([1, 2]))) == pytest.approx([0.5625, 1.0 / 3.0], rel=1e-15)
    grad = central_gradient(lambda rows: np_of(sparsemax_loss(rows, 0)), z[0], 1e-6)
    np.testing.assert_allclose(grad, np_of(sparsemax(z[0])) - np.eye(3)[0], atol=FD.atol)
    with pytest.raises(ValueError, match="labels"):
        sparsemax_loss(z, 3)
    with pytest.raises(ValueError, match="integer array"):
        sparsemax_loss(z, np.array([0.0, 1.0]))
    with pytest.raises(TypeError):
        sparsemax_loss(z, True)


# --------------------------------------------------------------------------- separable threshold


@few(25)
@given(case=score_cases(max_m=10, max_n=3), alpha=alphas, shift=st.sampled_from([0.0, -1.0 / 1.5, 0.3]))
def test_separable_map_equals_entmax_for_either_tsallis_generator(xp, case, alpha, shift):
    M, N, seed, scale, grid = case
    theta = make_scores(M, N, seed, min(max(scale, 0.01), 100.0), grid)
    dg, dgi, dg0 = _tsallis_generator(alpha, shift)
    p = separable_map(xp.asarray(theta), dg, dgi, dg_zero=dg0)
    assert_namespace(p, xp)
    p = np_of(p)
    # tau is found to rounding (delta ~ eps * scale); a weight base^(1/(alpha-1)) then moves by at
    # most delta^(1/(alpha-1)) for alpha > 2 (square-root conditioning at the support boundary)
    delta = 4.0 * np.finfo(np.float64).eps * max(1.0, float(np.max(np.abs(theta))))
    atol = 1e-9 + delta ** min(1.0, 1.0 / (alpha - 1.0))
    for i in range(N):
        ref, _ = entmax_mp(theta[i], alpha)
        np.testing.assert_allclose(p[i], ref, rtol=1e-9, atol=atol)


@pytest.mark.parametrize("alpha", [1.25, 1.5, 2.0, 3.0])
@pytest.mark.parametrize("k", [0, 1, 5, 20])
def test_separable_threshold_after_k_halvings_is_certified(alpha, k):
    rng = np.random.default_rng(int(alpha * 100) + k)
    theta = rng.standard_normal((5, 7)) * 2.0
    dg, dgi, dg0 = _tsallis_generator(alpha, 0.0)
    width = dg(1.0) - dg(1.0 / 7)
    tk = np_of(separable_threshold(theta, dg, dgi, dg_zero=dg0, n_iter=k))
    for i in range(5):
        _, tau_pkg = entmax_mp(theta[i], alpha, dps=40)
        tau = (tau_pkg + 1.0 / alpha) / (alpha - 1.0)       # the generator's threshold
        assert -1e-12 <= tau - tk[i] <= width / 2 ** k + 1e-12
    assert np.all(np.sum(dgi(np.maximum(theta - tk[:, None], dg0)), axis=1) >= 1.0 - 1e-12)


def test_separable_map_shannon_is_softmax_and_gini_is_sparsemax():
    theta = np.array([[3.0, 1.0, 0.2, -4.0], [1e8, 1e8 - 0.5, 0.0, 1e8 - 2.0]])
    p = np_of(separable_map(theta, lambda t: np.log(t) + 1.0, lambda s: np.exp(s - 1.0)))
    np.testing.assert_allclose(p, np_of(softmax(theta)), rtol=1e-13, atol=1e-300)
    q = np_of(separable_map(theta, lambda t: t - 0.5, lambda s: s + 0.5, dg_zero=-0.5))
    np.testing.assert_allclose(q, np_of(sparsemax(theta)), rtol=0, atol=TIGHT.atol)
    assert np.all(q[:, -1] == 0.0)


def test_separable_threshold_validation():
    with pytest.raises(ValueError, match="n_iter"):
        separable_threshold(np.zeros(3), lambda t: t, lambda s: s, n_iter=-1)
    with pytest.raises(ValueError, match="n_iter"):
        separable_map(np.zeros(3), lambda t: t, lambda s: s, n_iter=1.5)
