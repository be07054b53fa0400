"""sparsemax, its threshold, support size, Jacobian: against exact and independent oracles."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from maps_oracles import (DEFAULT, FD, LOOSE, TIGHT, assert_namespace, central_jacobian, clipped_scores, few,
                         make_scores, np_of, project_simplex_slsqp, score_cases, sparsemax_exact)

from hoptheory.backend import tolerance
from hoptheory.maps import _threshold, sparsemax, sparsemax_jacobian, sparsemax_threshold, support_size


@few(30)
@given(case=score_cases())
def test_sparsemax_equals_exact_rational_projection(xp, case):
    z = make_scores(*case)
    zx = xp.asarray(z)
    p = sparsemax(zx)
    tau = sparsemax_threshold(zx)
    kappa = support_size(zx)
    for out in (p, tau, kappa):
        assert_namespace(out, xp)
    assert p.shape == z.shape and tau.shape == (z.shape[0],) and kappa.shape == (z.shape[0],)
    p, tau, kappa = np_of(p), np_of(tau), np_of(kappa)
    scale = max(1.0, float(np.max(np.abs(z))))
    for i in range(z.shape[0]):
        p_ex, tau_ex, k_ex = sparsemax_exact(z[i])
        p_ex = np.array([float(v) for v in p_ex])
        assert kappa[i] == k_ex
        assert np.count_nonzero(p[i]) == k_ex  # strict inequality: nnz equals the formula
        np.testing.assert_allclose(p[i], p_ex, rtol=0, atol=TIGHT.atol)
        assert abs(tau[i] - float(tau_ex)) <= TIGHT.atol * scale
    # KKT of the projection: p >= 0, sum one, z - p = tau on the support, z <= tau off it
    assert np.all(p >= 0.0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=TIGHT.atol)
    on = p > 0
    gap = z - p - tau[:, None]
    assert np.all(np.abs(np.where(on, gap, 0.0)) <= TIGHT.atol * scale)
    assert np.all(np.where(on, 0.0, gap) <= TIGHT.atol * scale)


@few(20)
@given(case=score_cases(max_m=8, max_n=2))
def test_sparsemax_matches_slsqp_projection(xp, case):
    N = case[1]
    z = clipped_scores(case, 0.1, 10.0)
    p = np_of(sparsemax(xp.asarray(z)))
    for i in range(N):
        np.testing.assert_allclose(p[i], project_simplex_slsqp(z[i]), atol=LOOSE.atol * 10)


@few(30)
@given(case=score_cases(), shift=st.floats(-50.0, 50.0))
def test_shift_invariance(xp, case, shift):
    z = make_scores(*case)
    assume(np.max(np.abs(z)) < 1e6)
    p0 = np_of(sparsemax(xp.asarray(z)))
    p1 = np_of(sparsemax(xp.asarray(z + shift)))
    np.testing.assert_allclose(p1, p0, atol=DEFAULT.atol * (1 + abs(shift) + np.max(np.abs(z))))
    t0 = np_of(sparsemax_threshold(xp.asarray(z)))
    t1 = np_of(sparsemax_threshold(xp.asarray(z + shift)))
    np.testing.assert_allclose(t1 - t0, shift, atol=DEFAULT.atol * (1 + abs(shift) + np.max(np.abs(z))))


@few(30)
@given(
    M=st.integers(2, 12),
    seed=st.integers(0, 2**32 - 1),
    gap=st.sampled_from([1.0, 1.0 + 2.0**-40, 1.5, 4.0, 1.0 - 2.0**-40, 0.75, 0.0]),
)
def test_one_hot_iff_top_gap_at_least_one(xp, M, seed, gap):
    rng = np.random.default_rng(seed)
    rest = -np.abs(np.round(rng.standard_normal(M - 1) * 8.0) / 8.0)  # dyadic, <= 0
    z = np.concatenate([[gap], rest])  # top gap is exactly `gap` when rest.max() == 0
    z[1] = 0.0
    z = rng.permutation(z)
    p = np_of(sparsemax(xp.asarray(z)))
    one_hot = np.count_nonzero(p) == 1
    assert one_hot == (gap >= 1.0)
    if one_hot:
        assert p[int(np.argmax(z))] == 1.0


def test_ties_and_boundary_exact(xp):
    # ties: equal top scores share the weight; an entry exactly at tau gets exactly 0
    z = xp.asarray([[0.5, 0.5, 0.5, -1.0], [1.0, 0.5, 0.25, 0.0], [2.0, 2.0, 1.0, 1.0]])
    p = np_of(sparsemax(z))
    np.testing.assert_array_equal(p[0], [1 / 3, 1 / 3, 1 / 3, 0.0])
    np.testing.assert_array_equal(p[1], [0.75, 0.25, 0.0, 0.0])  # tau = 0.25 = z_3 exactly
    np.testing.assert_array_equal(p[2], [0.5, 0.5, 0.0, 0.0])  # z_3 = tau - 0.5, outside
    np.testing.assert_array_equal(np_of(support_size(z)), [3, 2, 2])
    np.testing.assert_allclose(np_of(sparsemax_threshold(z)), [1 / 6, 0.25, 1.5], rtol=0, atol=TIGHT.atol)


@few(30)
@given(case=score_cases(max_m=10, max_n=3))
def test_jacobian_matches_central_differences(xp, case):
    M, N = case[:2]
    z = clipped_scores(case, 0.1, 10.0, grid=False)
    J = sparsemax_jacobian(xp.asarray(z))
    assert_namespace(J, xp)
    assert J.shape == (N, M, M)
    J = np_of(J)
    tau = np_of(sparsemax_threshold(xp.asarray(z)))
    h = 1e-6
    for i in range(N):
        assume(np.min(np.abs(z[i] - tau[i])) > 100 * h)  # differentiable: no entry near tau

        def f(v):
            return np_of(sparsemax(xp.asarray(v)))  # rows are points

        np.testing.assert_allclose(J[i], central_jacobian(f, z[i], h), atol=FD.atol)
        np.testing.assert_allclose(J[i], J[i].T, atol=0)


@few(30)
@given(case=score_cases())
def test_axis_argument(xp, case):
    z = make_scores(*case)
    a = np_of(sparsemax(xp.asarray(z)))
    b = np_of(sparsemax(xp.asarray(np.ascontiguousarray(z.T)), axis=0))
    np.testing.assert_array_equal(b.T, a)
    t = np_of(sparsemax_threshold(xp.asarray(np.ascontiguousarray(z.T)), axis=0))
    np.testing.assert_array_equal(t, np_of(sparsemax_threshold(xp.asarray(z))))
    z3 = np.stack([z, z[::-1]], axis=0)  # (2, N, M): mapped axis in the middle
    c = np_of(sparsemax(xp.asarray(np.moveaxis(z3, -1, 1)), axis=1))
    np.testing.assert_array_equal(np.moveaxis(c, 1, -1)[0], a)


@few(30)
@given(case=score_cases(min_m=5, max_m=20))
def test_numpy_selection_path_and_fallback(monkeypatch, case):
    # a tiny candidate count forces np.partition and the fallback for rows with a larger support
    import array_api_strict

    monkeypatch.setattr(_threshold, "TOPK", 3)
    z = make_scores(*case)
    fast = sparsemax(z)
    generic = np_of(sparsemax(array_api_strict.asarray(z)))
    np.testing.assert_allclose(fast, generic, rtol=0, atol=TIGHT.atol)
    for i in range(z.shape[0]):
        _, _, k_ex = sparsemax_exact(z[i])
        assert np.count_nonzero(fast[i]) == k_ex


@few(30)
@given(case=score_cases())
def test_float32_stays_float32(xp, case):
    z = make_scores(*case)
    z32 = xp.asarray(z.astype(np.float32))
    p = sparsemax(z32)
    assert p.dtype == xp.float32
    assert sparsemax_threshold(z32).dtype == xp.float32
    assert sparsemax_jacobian(z32).dtype == xp.float32
    p = np_of(p)
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    tol32 = tolerance(np.float32, "default")
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=tol32.atol * z.shape[1])
    ref = np.array([[float(v) for v in sparsemax_exact(r)[0]] for r in z.astype(np.float32)])
    np.testing.assert_allclose(p, ref, atol=tol32.atol * 4)


@pytest.mark.parametrize("scale", [1e8, 1e-8, 1e15])
def test_extreme_scales_finite_and_exact(xp, scale):
    rng = np.random.default_rng(7)
    z = rng.standard_normal((4, 9)) * scale
    p = np_of(sparsemax(xp.asarray(z)))
    assert np.all(np.isfinite(p))
    for i in range(4):
        ref = np.array([float(v) for v in sparsemax_exact(z[i])[0]])
        np.testing.assert_allclose(p[i], ref, atol=TIGHT.atol)
