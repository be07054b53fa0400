"""Tests of hoptheory.bounds.wu2024 against independent evaluations.

Oracles: each formula written here with ``math``/SciPy; the maps of hoptheory.maps at the
thresholds the bounds state (one-hot at the margin, not below); brute-force order statistics and
supports from sorted NumPy scores; the four kits at the examples; mpmath for the dense bound.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betainc

from hoptheory.bounds import Bound, declared_bounds
from hoptheory.bounds import wu2024 as W
from hoptheory.maps import entmax, softmax

DIRECT = {
    "retrieval_error_sparse_regime_published":
        lambda m, d, beta, alpha, kappa, gap, dist, R: m + math.sqrt(d) * m * beta * (kappa * gap + 1 / beta),
    "retrieval_error_sparse_regime_ceiling": lambda m, d, alpha, kappa: m * (1 + math.sqrt(d) * (1 + kappa / (alpha - 1))),
    "retrieval_error_dense_regime_published":
        lambda m, M, beta, alpha, score, max_overlap, dist, R: 2 * m * (M - 1) * math.exp(-beta * (score - max_overlap)),
    "exact_retrieval_query_sep_threshold": lambda alpha, beta: 1 / ((alpha - 1) * beta),
    "margin_capacity_failure_probability": lambda M, d, alpha, beta, m, r: M * (M - 1) / 4 * betainc(
        (d - 1) / 2, 0.5, 1 - (1 - (1 / ((alpha - 1) * beta) + 2 * m * r) / m**2) ** 2),
    "margin_capacity_patterns": lambda d, alpha, beta, m, r, p_fail: (1 + math.sqrt(1 + 16 * p_fail / betainc(
        (d - 1) / 2, 0.5, 1 - (1 - (1 / ((alpha - 1) * beta) + 2 * m * r) / m**2) ** 2))) / 2,
}


def test_the_module_declares_exactly_its_bounds():
    assert set(W.BOUNDS) == set(DIRECT)
    assert declared_bounds(W.__name__) == W.BOUNDS
    assert all(isinstance(b, Bound) for b in W.BOUNDS.values())
    assert set(W.BOUNDS) | {"BOUNDS"} <= set(W.__all__)


@pytest.mark.parametrize("name", sorted(DIRECT))
def test_four_kits_agree_with_the_direct_formula_at_the_example(name):
    b = W.BOUNDS[name]
    ex = {k: float(v) for k, v in b.example.items()}
    direct = DIRECT[name](**ex)
    res = b(**ex)
    assert bool(res.valid), res.summary()
    assert math.isclose(float(res.value), direct, rel_tol=1e-12)
    with mpmath.workdps(40):
        assert abs(float(b.mp(40, **b.example)) - direct) <= 1e-12 * max(1.0, abs(direct))
        iv = b.certified(**b.example)
        assert iv.a - 1e-12 <= direct <= iv.b + 1e-12
    assert abs(float(sympy.N(b.sympy(**b.example), 30)) - direct) <= 1e-12 * max(1.0, abs(direct))


def _data(seed, d, M, m=1.0):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((d, M))
    Xi = m * g / np.linalg.norm(g, axis=0)
    return Xi, rng


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), d=st.integers(2, 6), M=st.integers(2, 9),
       alpha=st.one_of(st.sampled_from([2.0, 3.0]), st.floats(2.0, 6.0)), beta=st.floats(0.1, 30.0))
def test_sparse_regime_on_data_equals_brute_force_and_is_never_below_2m(seed, d, M, alpha, beta):
    Xi, rng = _data(seed, d, M)
    x = Xi[:, 0] + 0.1 * rng.standard_normal(d)
    z = Xi.T @ x
    p = entmax(beta * z, alpha)
    kappa = int(np.sum(p > 0))
    zs = np.sort(z)[::-1]
    direct = 1.0 + math.sqrt(d) * beta * (kappa * (zs[0] - zs[kappa - 1]) + 1 / beta)
    r = W.retrieval_error_sparse_regime_published_at(Xi, x, 0, beta, alpha)
    assert math.isclose(float(r.value), direct, rel_tol=1e-12)
    assert float(r.value) >= 2.0 * (1 - 1e-12)  # m = 1: the floor m(1 + sqrt d) >= 2m
    ceiling = W.retrieval_error_sparse_regime_ceiling(1.0, d, alpha, kappa)
    assert float(r.value) < float(ceiling.value)
    assert not bool(r.failed["(alpha - 1) beta gap < 1 (kappa is the alpha-entmax support of beta z)"])


def test_sparse_regime_on_a_block_of_queries_matches_one_at_a_time():
    Xi, rng = _data(3, 4, 6)
    X = Xi[:, :3] + 0.2 * rng.standard_normal((4, 3))
    block = W.retrieval_error_sparse_regime_published_at(Xi, X, 1, 2.0, 2.5).value
    one = [float(W.retrieval_error_sparse_regime_published_at(Xi, X[:, j], 1, 2.0, 2.5).value) for j in range(3)]
    np.testing.assert_allclose(block, one, rtol=1e-12)


@pytest.mark.parametrize("reading", ["all", "others"])
def test_dense_regime_on_data_against_mpmath(reading):
    Xi, rng = _data(5, 3, 5, m=1.5)
    x = Xi[:, 2] + 0.05 * rng.standard_normal(3)
    r = W.retrieval_error_dense_regime_published_at(Xi, x, 2, 3.0, 1.5, reading=reading)
    with mpmath.workdps(40):
        over = [mpmath.fsum(mpmath.mpf(a) * mpmath.mpf(b) for a, b in zip(Xi[:, 2], Xi[:, j])) for j in range(5)]
        if reading == "others":
            over = over[:2] + over[3:]
        score = mpmath.fsum(mpmath.mpf(a) * mpmath.mpf(b) for a, b in zip(Xi[:, 2], x))
        m = max(mpmath.sqrt(mpmath.fsum(mpmath.mpf(v) ** 2 for v in Xi[:, j])) for j in range(5))
        exact = 2 * m * 4 * mpmath.exp(-3 * (score - max(over)))
    assert math.isclose(float(r.value), float(exact), rel_tol=1e-12)


@pytest.mark.parametrize("alpha", [1.0, 1.25, 1.5, 2.0, 3.0])
def test_weight_bound_on_data_uses_the_alpha_weight(alpha):
    Xi, rng = _data(7, 4, 5)
    x = Xi[:, 1] + 0.3 * rng.standard_normal(4)
    theta = 1.7 * (Xi.T @ x)
    p = softmax(theta) if alpha == 1.0 else entmax(theta, alpha)
    r = W.retrieval_error_weight_bound_at(Xi, x, 1, 1.7, alpha)
    assert math.isclose(float(r.value), 2 * (1 - p[1]), rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize("alpha", [1.25, 1.5, 2.0, 3.0])
def test_the_query_separation_threshold_is_where_one_update_turns_exact(alpha):
    beta = 2.5
    t = float(W.exact_retrieval_query_sep_threshold(alpha, beta).value)
    at = entmax(beta * np.array([t, 0.0, -0.3]), alpha)
    below = entmax(beta * np.array([0.99 * t, 0.0, -0.3]), alpha)
    assert at.tolist() == [1.0, 0.0, 0.0]
    assert below[1] > 0


def test_capacity_on_data_and_the_certified_count_agree():
    Xi = np.eye(24)[:, :12]
    r = W.margin_capacity_failure_probability_at(Xi, 1.5, 2.0 / 0.3, 0.05)
    direct = W.margin_capacity_failure_probability(12, 24, 1.5, 2.0 / 0.3, 1.0, 0.05)
    assert float(r.value) == float(direct.value) and bool(r.valid)
    root = float(W.margin_capacity_patterns(24, 1.5, 2.0 / 0.3, 1.0, 0.05, 0.1).value)
    M = math.floor(root)
    assert float(W.margin_capacity_failure_probability(M, 24, 1.5, 2.0 / 0.3, 1.0, 0.05).value) <= 0.1 * (1 + 1e-12)
    assert float(W.margin_capacity_failure_probability(M + 1, 24, 1.5, 2.0 / 0.3, 1.0, 0.05).value) > 0.1


def test_hypotheses_are_reported():
    r = W.retrieval_error_sparse_regime_published(1.0, 4, 2.0, 1.5, 2, Fraction(1, 8), 0.1, 0.3)
    assert r.failed_hypotheses() and not bool(r.hypotheses_hold)  # alpha < 2
    r = W.retrieval_error_dense_regime_published(1.0, 3, 2.0, 2.5, 0.9, 0.5, 0.1, 0.3)
    assert not bool(r.hypotheses_hold)  # alpha > 2
    r = W.margin_capacity_failure_probability(10, 20, 1.5, 0.5, 1.0, 0.125)  # 1/((alpha-1) beta) + 2mr > m^2
    assert not bool(r.hypotheses_hold)


@pytest.mark.parametrize("bad,exc", [(0.5, ValueError), (float("nan"), ValueError), ("2", TypeError), (True, TypeError)])
def test_bad_alpha_raises(bad, exc):
    Xi = np.eye(3)
    with pytest.raises(exc):
        W.retrieval_error_sparse_regime_published_at(Xi, np.ones(3), 0, 1.0, bad)


def test_bad_data_raises():
    Xi = np.eye(3)
    with pytest.raises(ValueError, match="beta"):
        W.retrieval_error_weight_bound_at(Xi, np.ones(3), 0, -1.0, 2.0)
    with pytest.raises(ValueError, match="shape"):
        W.retrieval_error_weight_bound_at(Xi, np.ones(4), 0, 1.0, 2.0)
    with pytest.raises(ValueError, match="reading"):
        W.retrieval_error_dense_regime_published_at(Xi, np.ones(3), 0, 1.0, 1.5, reading="some")
    with pytest.raises(ValueError, match="mu"):
        W.retrieval_error_sparse_regime_published_at(Xi, np.ones(3), 5, 1.0, 2.0)
