"""Tests of the mask constructions and kernel feature maps (Hu et al. 2024 family).

Oracles: explicit Python loops over (memory, query) pairs for the masks; closed-form counts;
an exact binomial test for random-mask inclusion; the exponential kernel, its Taylor series and
a Monte Carlo rate fit for the positive random features.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from hoptheory.backend import get_namespace, to_numpy, tolerance
from hoptheory.maps._features import elu_plus_one, elu_plus_one_derivative, exp_taylor_features
from hoptheory.maps._features import positive_random_features, positive_random_log_features
from hoptheory.maps._features import prf_estimator_variance, prf_weights
from hoptheory.maps._masks import offset_mask, random_subset_indices, random_subset_mask
from hoptheory.maps._masks import sliding_window_count, sliding_window_mask, sqrt_window_mask
from hoptheory.maps._masks import sqrt_window_width, strided_mask, strided_offsets, top_k_mask, window_offsets

TIGHT = tolerance(np.float64, "tight")
DEFAULT = tolerance(np.float64, "default")

# the `xp` fixture is a stateless namespace, so reusing it across Hypothesis examples is safe
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _np(a):
    return np.asarray(to_numpy(a))


def _same_ns(xp, a):
    assert get_namespace(a) is xp


def _slope(x, y):
    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


# --------------------------------------------------------------------------- masks


@given(L=st.integers(1, 12), w=st.integers(0, 12), extra=st.integers(0, 3))
@fixture_ok
def test_sliding_window_mask_matches_loops(xp, L, w, extra):
    M = L + extra
    mask = sliding_window_mask(L, w, n_memories=M, xp=xp)
    _same_ns(xp, mask)
    assert mask.dtype == xp.bool and tuple(mask.shape) == (M, L)
    oracle = np.array([[abs(mu - l) <= w for l in range(L)] for mu in range(M)])
    np.testing.assert_array_equal(_np(mask), oracle)
    if extra == 0 and w <= L - 1:
        assert int(oracle.sum()) == sliding_window_count(L, w)


@given(L=st.integers(1, 30), s=st.integers(1, 8))
@fixture_ok
def test_strided_mask_matches_loops(xp, L, s):
    mask = strided_mask(L, s, xp=xp)
    _same_ns(xp, mask)
    oracle = np.array([[abs(mu - l) < s or (mu - l) % s == 0 for l in range(L)] for mu in range(L)])
    np.testing.assert_array_equal(_np(mask), oracle)
    # the offset form selects the same pairs
    np.testing.assert_array_equal(_np(offset_mask(L, strided_offsets(L, s), xp=xp)), oracle)


@given(L=st.integers(1, 15), w=st.integers(0, 5))
@fixture_ok
def test_offset_mask_window_equals_sliding_window(xp, L, w):
    np.testing.assert_array_equal(_np(offset_mask(L, window_offsets(w), xp=xp)), _np(sliding_window_mask(L, w, xp=xp)))


def test_sqrt_constructions_have_L_three_halves_entries(xp):
    Ls = [24, 48, 96, 192, 336, 720, 1440, 2880]
    band = [int(np.sum(_np(sqrt_window_mask(L, xp=xp)))) for L in Ls]
    strided = [int(np.sum(_np(strided_mask(L, xp=xp)))) for L in Ls]
    for L, c in zip(Ls, band):
        w = sqrt_window_width(L)
        assert w == math.ceil(math.sqrt(L))
        assert c == sliding_window_count(L, w)
    for counts in (band, strided):
        assert 1.4 <= _slope(Ls, counts) <= 1.6
        ratio = np.asarray(counts) / np.asarray(Ls, float) ** 1.5
        assert ratio.max() / ratio.min() < 1.6


@given(M=st.integers(1, 12), data=st.data(), N=st.integers(1, 5), seed=st.integers(0, 2**31))
@fixture_ok
def test_random_subset_mask_sizes_and_indices(xp, M, data, N, seed):
    k = data.draw(st.integers(1, M))
    mask = random_subset_mask(M, k, n_queries=N, seed=seed, xp=xp)
    _same_ns(xp, mask)
    m = _np(mask)
    assert m.shape == (M, N) and (m.sum(axis=0) == k).all()
    idx = _np(random_subset_indices(M, k, n_queries=N, seed=seed, xp=xp))
    assert idx.shape == (k, N)
    for n in range(N):
        assert sorted(np.flatnonzero(m[:, n]).tolist()) == idx[:, n].tolist()
    single = _np(random_subset_mask(M, k, seed=seed, xp=xp))
    assert single.shape == (M,) and single.sum() == k


def test_random_subset_inclusion_frequency_is_k_over_M():
    M, k, N = 13, 4, 4000
    m = _np(random_subset_mask(M, k, n_queries=N, seed=20240403))
    for mu in (0, 6, 12):
        res = binomtest(int(m[mu].sum()), N, k / M)
        assert res.pvalue > 0.01, (mu, m[mu].mean())


@given(M=st.integers(1, 10), N=st.integers(1, 4), seed=st.integers(0, 2**31), data=st.data())
@fixture_ok
def test_top_k_mask_matches_loops_with_index_ties(xp, M, N, seed, data):
    k = data.draw(st.integers(1, M))
    rng = np.random.default_rng(seed)
    z = rng.integers(-2, 3, size=(M, N)).astype(float)  # many ties
    mask = top_k_mask(xp.asarray(z), k)
    _same_ns(xp, mask)
    for n in range(N):
        order = sorted(range(M), key=lambda mu: (-z[mu, n], mu))
        oracle = np.zeros(M, bool)
        oracle[order[:k]] = True
        np.testing.assert_array_equal(_np(mask)[:, n], oracle)
    vec = top_k_mask(xp.asarray(z[:, 0]), k)
    assert tuple(vec.shape) == (M,) and int(np.sum(_np(vec))) == k


def test_mask_bad_input(xp):
    with pytest.raises(ValueError, match="k must satisfy"):
        random_subset_mask(3, 4, seed=0)
    with pytest.raises(TypeError, match="seed"):
        random_subset_mask(3, 1, seed=-1)
    with pytest.raises(ValueError, match="w must be"):
        sliding_window_mask(5, -1)
    with pytest.raises(TypeError, match="integer"):
        sliding_window_mask(5.0, 1)
    with pytest.raises(ValueError, match="closed form"):
        sliding_window_count(3, 3)
    with pytest.raises(ValueError, match="k must satisfy"):
        top_k_mask(xp.asarray([1.0, 2.0]), 3)
    with pytest.raises(ValueError, match="NaN"):
        top_k_mask(xp.asarray([1.0, math.nan]), 1)
    with pytest.raises(TypeError, match="floating"):
        top_k_mask(xp.asarray([1, 2]), 1)
    with pytest.raises(ValueError, match="empty"):
        offset_mask(4, [])


# --------------------------------------------------------------------------- elu + 1


@given(seed=st.integers(0, 2**31), d=st.integers(1, 5), N=st.integers(1, 4))
@fixture_ok
def test_elu_plus_one_formula_and_derivative(xp, seed, d, N):
    rng = np.random.default_rng(seed)
    x = 3.0 * rng.standard_normal((d, N))
    phi = elu_plus_one(xp.asarray(x))
    _same_ns(xp, phi)
    oracle = np.array([[v + 1.0 if v > 0 else math.exp(v) for v in row] for row in x])
    np.testing.assert_allclose(_np(phi), oracle, rtol=TIGHT.rtol, atol=0)
    assert (_np(phi) > 0).all()
    h = 1e-6
    fd = (_np(elu_plus_one(xp.asarray(x + h))) - _np(elu_plus_one(xp.asarray(x - h)))) / (2 * h)
    np.testing.assert_allclose(_np(elu_plus_one_derivative(xp.asarray(x))), fd, rtol=1e-6, atol=1e-8)
    # no overflow warning for huge inputs, exp only of the non-positive part
    big = _np(elu_plus_one(xp.asarray([1e300, -1e300])))
    assert big[0] == 1e300 and big[1] == 0.0


# --------------------------------------------------------------------------- PRF


@given(seed=st.integers(0, 2**31), d=st.integers(1, 4), n_f=st.integers(1, 9), beta=st.floats(0.05, 3.0))
@fixture_ok
def test_prf_formula_and_log_form(xp, seed, d, n_f, beta):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((d, 3)) / math.sqrt(d)
    W = prf_weights(n_f, d, seed=seed, xp=xp)
    phi = positive_random_features(xp.asarray(x), W, beta)
    _same_ns(xp, phi)
    Wn = _np(W)
    oracle = np.empty((n_f, 3))
    for j in range(n_f):
        for n in range(3):
            oracle[j, n] = math.exp(-beta * float(x[:, n] @ x[:, n]) / 2 + math.sqrt(beta) * float(Wn[j] @ x[:, n])) / math.sqrt(n_f)
    np.testing.assert_allclose(_np(phi), oracle, rtol=1e-13, atol=0)
    np.testing.assert_allclose(_np(positive_random_log_features(xp.asarray(x), W, beta)), np.log(oracle), rtol=1e-12, atol=1e-12)
    vec = positive_random_features(xp.asarray(x[:, 0]), W, beta)
    assert tuple(vec.shape) == (n_f,)


def _prf_estimates(u, v, beta, n_f, reps, seed0):
    est = np.empty(reps)
    U = np.stack([u, v], axis=1)
    for r in range(reps):
        phi = positive_random_features(U, prf_weights(n_f, u.shape[0], seed=seed0 + r), beta)
        est[r] = float(phi[:, 0] @ phi[:, 1])
    return est


def test_prf_monte_carlo_rate_is_inverse_sqrt():
    rng = np.random.default_rng(7)
    u, v = rng.standard_normal(3) * 0.5, rng.standard_normal(3) * 0.5
    beta = 0.8
    exact = math.exp(beta * float(u @ v))
    sizes = [64, 128, 256, 512, 1024, 2048, 4096]
    rms = []
    for i, n_f in enumerate(sizes):
        est = _prf_estimates(u, v, beta, n_f, reps=150, seed0=1000 * (i + 1))
        rms.append(math.sqrt(float(np.mean((est - exact) ** 2))))
        # RMS agrees with the closed-form standard deviation (within sampling error of 150 reps)
        sd = math.sqrt(prf_estimator_variance(u, v, beta, n_f))
        assert 0.7 * sd < rms[-1] < 1.3 * sd
    slope = _slope(sizes, rms)
    assert -0.65 <= slope <= -0.35, slope


def test_prf_unbiased_z_test_and_variance():
    rng = np.random.default_rng(11)
    u, v = rng.standard_normal(4) * 0.4, rng.standard_normal(4) * 0.4
    beta, n_f, reps = 1.3, 16, 4000
    exact = math.exp(beta * float(u @ v))
    est = _prf_estimates(u, v, beta, n_f, reps=reps, seed0=5)
    var = prf_estimator_variance(u, v, beta, n_f)
    z = (est.mean() - exact) / math.sqrt(var / reps)
    assert abs(z) < 2.576  # two-sided, 99 %
    from scipy.stats import chi2

    stat = (reps - 1) * est.var(ddof=1) / var
    assert chi2.ppf(0.005, reps - 1) < stat < chi2.ppf(0.995, reps - 1)


def test_prf_orthogonal_rows():
    W = _np(prf_weights(6, 3, seed=4, orthogonal=True))
    assert W.shape == (6, 3)
    for block in (W[:3], W[3:]):
        G = block @ block.T
        np.testing.assert_allclose(G - np.diag(np.diag(G)), 0.0, atol=1e-12)


def test_prf_bad_input(xp):
    W = prf_weights(4, 3, seed=0, xp=xp)
    with pytest.raises(ValueError, match="n_features"):
        prf_weights(0, 3, seed=0)
    with pytest.raises(ValueError, match=r"shape \(n_features, d\)"):
        positive_random_features(xp.asarray([1.0, 2.0]), W, 1.0)
    with pytest.raises(ValueError, match="beta"):
        positive_random_features(xp.asarray([1.0, 2.0, 3.0]), W, 0.0)
    with pytest.raises(ValueError, match="NaN"):
        positive_random_features(xp.asarray([1.0, math.nan, 3.0]), W, 1.0)
    huge = 1000.0 * xp.ones((4, 3), dtype=xp.float64)
    with pytest.raises(OverflowError, match="overflow"):
        positive_random_features(xp.asarray([1.0, 1.0, 1.0]), huge, 1.0)
    # the log form stays finite where explicit features overflow
    assert np.isfinite(_np(positive_random_log_features(xp.asarray([1.0, 1.0, 1.0]), huge, 1.0))).all()
    # beta = 1e8: explicit features underflow (log phi <= |omega|^2 / 2, never overflow), stay finite
    for beta in (1e8, 1e-8):
        phi = _np(positive_random_features(xp.asarray([3.0, 3.0, 3.0]), W, beta))
        assert np.isfinite(phi).all() and (phi >= 0).all()


# --------------------------------------------------------------------------- Taylor features


@given(seed=st.integers(0, 2**31), d=st.integers(1, 3), order=st.integers(0, 4), beta=st.floats(0.05, 2.0))
@fixture_ok
def test_exp_taylor_features_inner_products(xp, seed, d, order, beta):
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((d, 2))
    F = exp_taylor_features(xp.asarray(U), beta, order)
    _same_ns(xp, F)
    assert tuple(F.shape) == (sum(d**j for j in range(order + 1)), 2)
    s = float(U[:, 0] @ U[:, 1])
    series = sum(beta**j * s**j / math.factorial(j) for j in range(order + 1))
    got = float(_np(F)[:, 0] @ _np(F)[:, 1])
    assert abs(got - series) <= 1e-12 * max(1.0, abs(series)) * (order + 1)
    # derived truncation bound for the exponential kernel
    remainder = abs(math.exp(beta * s) - got)
    bound = (beta * abs(s)) ** (order + 1) / math.factorial(order + 1) * math.exp(beta * abs(s))
    assert remainder <= bound * (1 + 1e-9) + 1e-12


def test_exp_taylor_features_tensor_block_d2():
    u, v = np.array([0.3, -1.2]), np.array([0.7, 0.4])
    beta = 1.0
    F = _np(exp_taylor_features(np.stack([u, v], 1), beta, 4))
    start = 0
    for n in range(5):
        block = F[start : start + 2**n]
        start += 2**n
        assert abs(float(block[:, 0] @ block[:, 1]) - float(u @ v) ** n / math.factorial(n)) < 1e-14
