"""Negentropies and conjugates: SLSQP maximisation, Danskin, mpmath, limits and scales."""

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from maps_oracles import (DEFAULT, LOOSE, alphas, assert_namespace, central_gradient, clipped_scores,
                         conjugate_slsqp, entmax_mp, few, make_scores, np_of, score_cases)

from hoptheory.maps import gini_conjugate, gini_negentropy, shannon_conjugate, shannon_negentropy
from hoptheory.maps import sparsemax, tsallis, tsallis_conjugate, tsallis_negentropy


all_alphas = st.sampled_from([1.0, 2.0]) | alphas


@few(20)
@given(case=score_cases(max_m=6, max_n=2), alpha=all_alphas)
def test_conjugate_matches_slsqp_maximisation(xp, case, alpha):
    theta = clipped_scores(case, 0.1, 5.0)
    val = tsallis(alpha).conjugate(xp.asarray(theta))
    assert_namespace(val, xp)
    assert val.shape == theta.shape[:1]
    for row, value in zip(theta, np_of(val)):
        best = conjugate_slsqp(row, alpha)
        assert value >= best - LOOSE.atol  # the maximum is not below any feasible value
        assert abs(value - best) <= 10 * LOOSE.atol * max(1.0, abs(best))


@few(25)
@given(case=score_cases(max_m=10, max_n=2), alpha=all_alphas)
def test_danskin_gradient_of_conjugate_is_the_map(xp, case, alpha):
    fam = tsallis(alpha)
    theta = clipped_scores(case, 0.1, 5.0, grid=False)
    p = np_of(fam.map(xp.asarray(theta)))
    for row, weights in zip(theta, p):
        g = central_gradient(lambda v: np_of(fam.conjugate(xp.asarray(v))), row, 1e-6)
        np.testing.assert_allclose(g, weights, atol=1e-7)


@few(30)
@given(case=score_cases(max_m=10, max_n=3), alpha=alphas)
def test_conjugate_value_matches_mpmath_fenchel_identity(xp, case, alpha):
    # Omega*(theta) = <p*, theta> - Omega(p*) with p* from an mpmath bisection
    theta = make_scores(*case)
    val = np_of(tsallis_conjugate(xp.asarray(theta), alpha))
    scale = max(1.0, float(np.max(np.abs(theta))))
    for i in range(theta.shape[0]):
        p_mp, _ = entmax_mp(theta[i], alpha)
        with mpmath.workdps(40):
            pm = [mpmath.mpf(v) for v in p_mp]
            ref = mpmath.fsum(pv * mpmath.mpf(float(t)) for pv, t in zip(pm, theta[i]))
            ref -= (mpmath.fsum(pv**alpha for pv in pm) - 1) / (alpha * (alpha - 1))
        assert abs(val[i] - float(ref)) <= 1e-11 * scale


@few(30)
@given(case=score_cases())
def test_gini_conjugate_published_form_and_tsallis_two(xp, case):
    theta = make_scores(*case)
    tx = xp.asarray(theta)
    val = np_of(gini_conjugate(tx))
    np.testing.assert_array_equal(np_of(tsallis_conjugate(tx, 2.0)), val)
    p = np_of(sparsemax(tx))
    published = 0.5 * np.sum(theta**2, 1) - 0.5 * np.sum((p - theta) ** 2, 1) + 0.5
    scale = max(1.0, float(np.max(theta**2)))
    np.testing.assert_allclose(val, published, rtol=0, atol=DEFAULT.atol * scale * theta.shape[1])
    np.testing.assert_array_equal(np_of(tsallis_conjugate(tx, 1.0)), np_of(shannon_conjugate(tx)))


@few(30)
@given(case=score_cases(), shift=st.floats(-100.0, 100.0), alpha=all_alphas)
def test_conjugate_shift_rule_and_extreme_scale(xp, case, shift, alpha):
    theta = make_scores(*case)
    v0 = np_of(tsallis(alpha).conjugate(xp.asarray(theta)))
    v1 = np_of(tsallis(alpha).conjugate(xp.asarray(theta + shift)))
    assert np.all(np.isfinite(v0))
    scale = 1.0 + abs(shift) + float(np.max(np.abs(theta)))
    np.testing.assert_allclose(v1 - v0, shift, rtol=0, atol=DEFAULT.atol * scale)


@few(30)
@given(case=score_cases(), delta=st.sampled_from([1e-6, 1e-9]))
def test_tsallis_conjugate_alpha_to_one(xp, case, delta):
    theta = clipped_scores(case, 0.0, 10.0)
    near, lse = (np_of(f(xp.asarray(theta))) for f in (tsallis(1.0 + delta).conjugate, shannon_conjugate))
    np.testing.assert_allclose(near, lse, rtol=0, atol=50 * delta * (1.0 + np.max(theta**2)))


@few(30)
@given(M=st.integers(2, 12), seed=st.integers(0, 2**32 - 1), alpha=st.sampled_from([1.0, 2.0]) | alphas)
def test_negentropies_match_mpmath(xp, M, seed, alpha):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(M, 0.5), size=3)
    p[0, 0] = 0.0  # a zero weight (0 log 0 = 0)
    if alpha == 1.0:
        val = shannon_negentropy(xp.asarray(p))
    elif alpha == 2.0:
        val = gini_negentropy(xp.asarray(p))
        np.testing.assert_allclose(np_of(tsallis_negentropy(xp.asarray(p), 2.0)), np_of(val), atol=1e-15)
    else:
        val = tsallis_negentropy(xp.asarray(p), alpha)
    assert_namespace(val, xp)
    val = np_of(val)
    with mpmath.workdps(40):
        for i in range(3):
            pm = [mpmath.mpf(float(v)) for v in p[i]]
            if alpha == 1.0:
                ref = mpmath.fsum(v * mpmath.log(v) for v in pm if v > 0)
            else:
                ref = (mpmath.fsum(v ** mpmath.mpf(alpha) for v in pm) - 1) / (alpha * (alpha - 1))
            assert abs(val[i] - float(ref)) <= 1e-14 * max(1.0, abs(float(ref)))
    # axis: the simplex along axis 0
    val0 = np_of(tsallis_negentropy(xp.asarray(np.ascontiguousarray(p.T)), alpha, axis=0))
    np.testing.assert_allclose(val0, val, rtol=DEFAULT.rtol, atol=DEFAULT.atol)


def test_tsallis_negentropy_near_one_has_no_cancellation(xp):
    # (sum p^alpha - 1) / (alpha (alpha - 1)) evaluated naively loses all digits as alpha -> 1
    p = np.array([0.5, 0.25, 0.125, 0.125])  # sums to one exactly
    shannon = float(np_of(shannon_negentropy(xp.asarray(p))))
    for delta in (1e-6, 1e-10, 1e-14):
        val = float(np_of(tsallis_negentropy(xp.asarray(p), 1.0 + delta)))
        with mpmath.workdps(60):
            a = mpmath.mpf(1.0 + delta)
            ref = (mpmath.fsum(mpmath.mpf(v) ** a for v in p) - 1) / (a * (a - 1))
        assert abs(val - float(ref)) <= 1e-14
        assert abs(val - shannon) <= 10.0 * delta


@pytest.mark.parametrize("alpha", [1.0, 1.5, 2.0, 3.0])
def test_conjugates_finite_at_huge_scale(xp, alpha):
    theta = np.random.default_rng(2).standard_normal((3, 8)) * 1e8
    val = np_of(tsallis(alpha).conjugate(xp.asarray(theta)))
    assert np.all(np.isfinite(val))
    # one-hot maps: the conjugate is the maximum (Omega(e_k) = 0), to relative precision
    np.testing.assert_allclose(val, theta.max(axis=1), rtol=4e-16, atol=0)


@pytest.mark.parametrize("alpha", [1.01, 1.0 + 1e-4, 1.0 + 1e-6, 1.5, 3.0])
@pytest.mark.parametrize("p", [[0.1] * 10, [1.0 / 3.0] * 3, [0.7, 0.2, 0.1], [1.0 / 7.0] * 7])
def test_tsallis_negentropy_takes_the_exact_sum_of_the_weights(xp, alpha, p):
    # float weights that do not sum to one exactly: the term (sum p - 1)/(alpha (alpha - 1)) of
    # the evaluation once took the rounded sum, an error of about M eps / (2 alpha (alpha - 1))
    # (1e-10 for ten weights 0.1 at alpha = 1 + 1e-6); the exact value of the floats, mpmath
    p = np.array(p)
    val = float(np_of(tsallis_negentropy(xp.asarray(p), alpha)))
    with mpmath.workdps(60):
        a = mpmath.mpf(alpha)
        ref = (mpmath.fsum(mpmath.mpf(v) ** a for v in p) - 1) / (a * (a - 1))
    # the remaining rounding: a few ulps of each term p_i expm1((alpha-1) log p_i), summed
    assert abs(val - float(ref)) <= 4 * (p.size + 4) * np.finfo(np.float64).eps * max(1.0, abs(float(ref)))
