"""Tests of hoptheory.bounds.alman2023 and hoptheory.bounds.hu2024limits.

Oracles: each formula rewritten naively in mpmath (``mpmath.binomial``, the Taylor remainder
written out); the rank of the polynomial matrix computed from the matrix itself (NumPy), the
attention scores of the AHop mapping formed row by row, and the one-step error of the
polynomial-method retrieval measured against the dense map at 50 digits.
"""

from __future__ import annotations

import doctest
import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hoptheory.bounds.alman2023 as A
import hoptheory.bounds.hu2024limits as H
from hoptheory import bounds, maps, models, sampling
from hoptheory.backend import to_numpy
from hoptheory.bounds import Bound


def _mp(x):
    return mpmath.mpf(x.numerator) / x.denominator if hasattr(x, "denominator") else mpmath.mpf(x)


def _delta(beta, s, g):
    return (_mp(beta) * _mp(s)) ** (g + 1) / mpmath.factorial(g + 1) * mpmath.exp(2 * _mp(beta) * _mp(s))


NAIVE = {
    "polynomial_feature_rank": lambda d, g: mpmath.binomial(d + g, g),
    "ahop_entry_bound": lambda beta, d, max_entry: mpmath.sqrt(_mp(beta) * d) * _mp(max_entry),
    "criterion_ratio": lambda B, n: _mp(B) / mpmath.sqrt(mpmath.log(n)),
    "low_rank_retrieval_error_bound": lambda m, beta, s, g: _mp(m) * _delta(beta, s, g) / (1 - _delta(beta, s, g)),
}
ALL = {**A.BOUNDS, **H.BOUNDS}


def test_the_modules_declare_exactly_the_listed_bounds():
    assert sorted(ALL) == sorted(NAIVE) and all(isinstance(b, Bound) for b in ALL.values())
    assert set(A.__all__) == set(A.BOUNDS) | {"BOUNDS"} and set(H.__all__) == set(H.BOUNDS) | {"BOUNDS"}
    assert bounds.alman2023 is A and bounds.hu2024limits is H


@pytest.mark.parametrize("name", sorted(NAIVE))
def test_the_four_kits_agree_with_the_mpmath_oracle_at_the_example(name):
    b = ALL[name]
    ex = b.example
    with mpmath.workdps(50):
        oracle = NAIVE[name](**ex)
        assert abs(b.mp(50, **ex) - oracle) <= mpmath.mpf(10) ** -45 * max(1, abs(oracle))
    iv = b.certified(**ex)
    assert iv.a <= oracle <= iv.b
    res = b(**{k: float(v) for k, v in ex.items()})
    assert bool(res.hypotheses_hold) and not bool(res.ill_defined)
    assert float(res.value) == pytest.approx(float(oracle), rel=1e-13)
    import sympy  # noqa: PLC0415  (only this test needs it)

    assert abs(float(sympy.N(b.sympy(**ex), 30)) - float(oracle)) <= 1e-13 * max(1.0, abs(float(oracle)))


def test_docstring_examples():
    assert doctest.testmod(A).failed == 0 and doctest.testmod(H).failed == 0


def test_vectorised_on_the_backends(xp):
    g = xp.asarray(np.arange(0.0, 6.0))
    got = to_numpy(A.polynomial_feature_rank(4.0, g, strict=True).value)
    assert got.tolist() == [math.comb(4 + k, k) for k in range(6)]
    s = xp.asarray(np.linspace(0.0, 0.5, 6))
    res = H.low_rank_retrieval_error_bound(1.0, 1.0, s, 3.0, strict=True)
    want = [float(NAIVE["low_rank_retrieval_error_bound"](1.0, 1.0, float(v), 3)) for v in np.linspace(0, 0.5, 6)]
    np.testing.assert_allclose(to_numpy(res.value), want, rtol=1e-13, atol=0)


@pytest.mark.parametrize("d, g", [(1, 3), (2, 2), (3, 3), (4, 2)])
def test_the_rank_count_is_attained_by_generic_rows(d, g):
    rng = np.random.default_rng(d * 10 + g)
    n = math.comb(d + g, g) + 5
    Q, K = rng.uniform(-1, 1, (n, d)), rng.uniform(-1, 1, (n, d))
    T = Q @ K.T / d
    P = sum(T**j / math.factorial(j) for j in range(g + 1))
    assert np.linalg.matrix_rank(P) == float(A.polynomial_feature_rank(d, g).value)
    # the Taylor features factor the same matrix (their width sum_j d^j exceeds the rank for d > 1)
    F = lambda X: np.asarray(maps.exp_taylor_features(X.T, 1.0 / d, g))  # noqa: E731
    np.testing.assert_allclose(F(Q).T @ F(K), P, rtol=1e-12, atol=1e-13)


def test_the_entry_bound_is_the_largest_entry_of_the_attention_instance():
    rng = np.random.default_rng(3)
    d, beta = 5, 2.5
    Xi, X = rng.standard_normal((d, 7)), rng.standard_normal((d, 4))
    WQ, WK = rng.standard_normal((6, d)), rng.standard_normal((6, d))
    c = math.sqrt(beta * 6)
    Q, K = c * (WQ @ X).T, c * (WK @ Xi).T
    np.testing.assert_allclose(Q @ K.T / 6, beta * (WQ @ X).T @ (WK @ Xi), rtol=1e-12)
    top = max(np.max(np.abs(WQ @ X)), np.max(np.abs(WK @ Xi)))
    assert float(H.ahop_entry_bound(beta, 6, top).value) == pytest.approx(max(np.abs(Q).max(), np.abs(K).max()))
    assert "n >= 2" in H.criterion_ratio(1.0, 1.5).failed_hypotheses()


@given(beta=st.floats(0.05, 5.0), g=st.integers(0, 5), seed=st.integers(0, 2**20), scale=st.floats(0.05, 1.5))
def test_the_retrieval_error_bound_holds(beta, g, seed, scale):
    """||T_g(x) - T(x)|| <= m delta / (1 - delta) wherever delta < 1 (both maps at 50 digits)."""
    Xi = np.asarray(sampling.sphere(3, 6, m=1.3, seed=seed))
    x = Xi[:, 0] * scale
    s = float(np.max(np.abs(Xi.T @ x)))
    res = H.low_rank_retrieval_error_bound(1.3, beta, s, g)
    if not bool(res.valid):
        return
    with mpmath.workdps(50):
        t = [_mp(beta) * mpmath.fsum(_mp(a) * _mp(b) for a, b in zip(Xi[:, j], x)) for j in range(6)]
        dense = [mpmath.exp(v) for v in t]
        poly = [mpmath.fsum(v**j / mpmath.factorial(j) for j in range(g + 1)) for v in t]
        T = [[mpmath.fsum(w[j] * _mp(Xi[i, j]) for j in range(6)) / mpmath.fsum(w) for i in range(3)]
             for w in (dense, poly)]
        err = mpmath.sqrt(mpmath.fsum((a - b) ** 2 for a, b in zip(*T)))
    assert float(err) <= float(res.value) * (1 + 1e-12)


def test_the_retrieval_error_bound_is_tight_for_antipodal_memories():
    """Two antipodal memories and x along them: the error approaches the bound as beta s -> 0 (even g)."""
    m, beta, g = 1.0, 1.0, 2
    Xi = np.array([[m, -m], [0.0, 0.0]])
    ratios = []
    for s in (0.2, 0.05, 0.01):
        x = np.array([s / m, 0.0])
        t = beta * (Xi.T @ x)
        a = sum(t**j / math.factorial(j) for j in range(g + 1))
        approx = Xi @ a / a.sum()
        err = np.linalg.norm(approx - np.asarray(models.DenseHopfield(Xi, beta).retrieve(x)))
        ratios.append(err / float(H.low_rank_retrieval_error_bound(m, beta, s, g).value))
    assert ratios[0] < ratios[1] < ratios[2] < 1 and ratios[2] > 0.9
    assert "relative Taylor error delta < 1" in H.low_rank_retrieval_error_bound(1.0, 1.0, 3.0, 1).failed_hypotheses()
