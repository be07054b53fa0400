"""α-entmax: against mpmath bisection, limits, closed forms, Jacobian, margin, support."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from maps_oracles import (DEFAULT, alphas, assert_namespace, central_jacobian, clipped_scores, entmax_mp, few,
                         make_scores, np_of, score_cases)

from hoptheory.backend import tolerance
from hoptheory.maps import (
    _threshold,
    entmax,
    entmax_jacobian,
    entmax_threshold,
    margin,
    softmax,
    sparsemax,
    sparsemax_threshold,
    support_size,
)


@few(25)
@given(case=score_cases(max_m=12, max_n=3), alpha=alphas, method=st.sampled_from(["auto", "bisect"]))
def test_entmax_matches_mpmath_bisection(xp, case, alpha, method):
    z = make_scores(*case)
    zx = xp.asarray(z)
    p = entmax(zx, alpha, method=method)
    tau = entmax_threshold(zx, alpha, method=method)
    assert_namespace(p, xp)
    assert_namespace(tau, xp)
    p, tau = np_of(p), np_of(tau)
    scale = max(1.0, (alpha - 1.0) * float(np.max(np.abs(z))))
    for i in range(z.shape[0]):
        p_mp, tau_mp = entmax_mp(z[i], alpha)
        np.testing.assert_allclose(p[i], p_mp, rtol=0, atol=1e-12)
        assert abs(tau[i] - tau_mp) <= 1e-12 * scale
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=DEFAULT.atol)


@few(25)
@given(case=score_cases(), alpha=alphas)
def test_threshold_and_support_consistent_with_map(xp, case, alpha):
    z = make_scores(*case)
    zx = xp.asarray(z)
    p = np_of(entmax(zx, alpha))
    tau = np_of(entmax_threshold(zx, alpha))
    kappa = support_size(zx, alpha)
    assert_namespace(kappa, xp)
    kappa = np_of(kappa)
    base = np.clip((alpha - 1.0) * z - tau[:, None], 0.0, None)
    scale = max(1.0, (alpha - 1.0) * float(np.max(np.abs(z))))
    # p recomputed from tau (conventions §3); at large scale tau carries scale * eps
    recomputed = base ** (1.0 / (alpha - 1.0))
    tol = DEFAULT.atol * scale / min(1.0, alpha - 1.0) ** 2
    np.testing.assert_allclose(recomputed, p, rtol=0, atol=max(tol, 1e-11))
    np.testing.assert_array_equal(kappa, np.count_nonzero(p, axis=1))


@few(25)
@given(case=score_cases())
def test_alpha_two_is_sparsemax_and_alpha_one_is_softmax(xp, case):
    z = make_scores(*case)
    zx = xp.asarray(z)
    np.testing.assert_array_equal(np_of(entmax(zx, 2.0)), np_of(sparsemax(zx)))
    np.testing.assert_array_equal(np_of(entmax(zx, 1.0)), np_of(softmax(zx)))
    bis = np_of(entmax(zx, 2.0, method="bisect"))
    np.testing.assert_allclose(bis, np_of(sparsemax(zx)), rtol=0, atol=DEFAULT.atol)
    t2 = np_of(entmax_threshold(zx, 2.0))
    np.testing.assert_array_equal(t2, np_of(sparsemax_threshold(zx)))
    np.testing.assert_array_equal(np_of(entmax_threshold(zx, 1.0)), -1.0)
    np.testing.assert_array_equal(np_of(support_size(zx, 1.0)), z.shape[1])


@few(25)
@given(case=score_cases(), delta=st.sampled_from([1e-5, 1e-7]))
def test_limits_alpha_to_one_and_two(xp, case, delta):
    z = clipped_scores(case, 0.0, 10.0)
    zx = xp.asarray(z)
    # |d entmax / d alpha| is bounded on compact sets: the limits are approached linearly
    lim1 = np_of(entmax(zx, 1.0 + delta))
    np.testing.assert_allclose(lim1, np_of(softmax(zx)), rtol=0, atol=100 * delta * (1 + np.max(z**2)))
    lim2 = np_of(entmax(zx, 2.0 + delta))
    np.testing.assert_allclose(lim2, np_of(sparsemax(zx)), rtol=0, atol=100 * delta * (1 + np.max(z**2)))
    lim2m = np_of(entmax(zx, 2.0 - delta))
    np.testing.assert_allclose(lim2m, np_of(sparsemax(zx)), rtol=0, atol=100 * delta * (1 + np.max(z**2)))


@few(25)
@given(case=score_cases())
def test_closed_form_15_equals_bisection_route(xp, case):
    z = make_scores(*case)
    zx = xp.asarray(z)
    a = np_of(entmax(zx, 1.5, method="sort"))
    b = np_of(entmax(zx, 1.5, method="bisect"))
    np.testing.assert_allclose(a, b, rtol=0, atol=DEFAULT.atol)
    scale = max(1.0, float(np.max(np.abs(z))))
    ta = np_of(entmax_threshold(zx, 1.5, method="sort"))
    tb = np_of(entmax_threshold(zx, 1.5, method="bisect"))
    np.testing.assert_allclose(ta, tb, rtol=0, atol=DEFAULT.atol * scale)


@few(30)
@given(case=score_cases(max_m=9, max_n=2), alpha=alphas)
def test_jacobian_matches_central_differences(xp, case, alpha):
    M, N = case[:2]
    z = clipped_scores(case, 0.3, 5.0, grid=False)
    J = entmax_jacobian(xp.asarray(z), alpha)
    assert_namespace(J, xp)
    assert J.shape == (N, M, M)
    J = np_of(J)
    tau = np_of(entmax_threshold(xp.asarray(z), alpha))
    h = 1e-6
    for i in range(N):
        dist = np.abs((alpha - 1.0) * z[i] - tau[i])
        assume(np.min(dist) > 1e-2)  # away from the support boundary

        def f(v):
            return np_of(entmax(xp.asarray(v), alpha))

        fd = central_jacobian(f, z[i], h)
        np.testing.assert_allclose(J[i], fd, atol=1e-6 * max(1.0, np.max(np.abs(fd))))
        np.testing.assert_allclose(J[i] @ np.ones(M), 0.0, atol=1e-12)


@few(25)
@given(
    M=st.integers(2, 12),
    seed=st.integers(0, 2**32 - 1),
    alpha=st.sampled_from([1.25, 1.5, 2.0, 3.0, 5.0]),  # margins 4, 2, 1, 1/2, 1/4: exact
    factor=st.sampled_from([1.0, 1.0 + 2.0**-30, 2.0, 1.0 - 2.0**-30, 0.5, 0.0]),
)
def test_one_hot_iff_gap_at_least_margin(xp, M, seed, alpha, factor):
    lam = margin(alpha)
    rng = np.random.default_rng(seed)
    rest = -np.abs(np.round(rng.standard_normal(M - 1) * 8.0) / 8.0)
    rest[0] = 0.0
    z = rng.permutation(np.concatenate([[factor * lam], rest]))
    p = np_of(entmax(xp.asarray(z), alpha))
    assert (np.count_nonzero(p) == 1) == (factor >= 1.0)
    assert int(np_of(support_size(xp.asarray(z), alpha))) == np.count_nonzero(p)


def test_margin_values():
    assert margin(1.0) == math.inf
    assert margin(2.0) == 1.0
    assert margin(1.5) == 2.0
    assert margin(3.0) == 0.5


@few(30)
@given(case=score_cases(min_m=5, max_m=20), alpha=alphas)
def test_numpy_selection_path_and_fallback(monkeypatch, case, alpha):
    import array_api_strict

    monkeypatch.setattr(_threshold, "TOPK", 3)
    z = make_scores(*case)
    for method in ("auto", "bisect"):
        fast = entmax(z, alpha, method=method)
        generic = np_of(entmax(array_api_strict.asarray(z), alpha, method=method))
        np.testing.assert_allclose(fast, generic, rtol=0, atol=DEFAULT.atol)


@few(25)
@given(case=score_cases(), alpha=alphas)
def test_float32_stays_float32(xp, case, alpha):
    z = make_scores(*case).astype(np.float32)
    zx = xp.asarray(z)
    for out in (entmax(zx, alpha), entmax_threshold(zx, alpha), entmax_jacobian(zx, alpha)):
        assert out.dtype == xp.float32
    p = np_of(entmax(zx, alpha))
    ref = np_of(entmax(xp.asarray(z.astype(np.float64)), alpha))
    tol32 = tolerance(np.float32, "default")
    np.testing.assert_allclose(p, ref, rtol=0, atol=tol32.atol * 8)


@pytest.mark.parametrize("alpha", [1.0001, 1.3, 1.5, 2.5, 4.0])
@pytest.mark.parametrize("scale", [1e8, 1e-8])
def test_extreme_scales(xp, alpha, scale):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((3, 7)) * scale
    p = np_of(entmax(xp.asarray(z), alpha))
    assert np.all(np.isfinite(p))
    for i in range(3):
        p_mp, _ = entmax_mp(z[i], alpha, dps=60)
        np.testing.assert_allclose(p[i], p_mp, rtol=0, atol=1e-12)


@pytest.mark.parametrize("alpha", [10.0, 30.0, 60.0])
def test_large_alpha_sums_to_one_and_matches_mpmath(xp, alpha):
    # for large alpha the weight of an entry near the boundary jumps between neighbouring
    # floats of the threshold; the weights must still sum to one and match the exact map
    rng = np.random.default_rng(11)
    z = rng.standard_normal((4, 9)) * 0.05
    p = np_of(entmax(xp.asarray(z), alpha))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    for i in range(4):
        p_mp, _ = entmax_mp(z[i], alpha, dps=int(40 + 3 * alpha))  # weights ~ base^(1/(α-1))
        np.testing.assert_allclose(p[i], p_mp, rtol=0, atol=1e-9)


def test_jacobian_rows_sum_to_zero_with_an_entry_at_the_support_edge():
    """alpha > 2 and an entry at the edge of the support: g_j = p_j^(2-alpha) ~ 1e108 dominates the
    sum, and the diagonal g_j - g_j^2/sum(g) once cancelled to 0 (row sums -1 instead of 0)."""
    J = np.asarray(entmax_jacobian(np.array([1000.0, 1000.0 - 1.0 / 9.0]), 10.0))
    assert np.all(np.isfinite(J))
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(J, [[1.0, -1.0], [-1.0, 1.0]], rtol=1e-12)
