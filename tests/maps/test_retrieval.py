"""The retrieval step engine: the sparse-row route against the exact maps (NumPy oracles)."""

import numpy as np
import pytest
from maps_oracles import entmax_mp, sparsemax_exact

import dataclasses

from hoptheory.maps import GINI, SHANNON, _retrieval, sparsemax, tsallis


def _patterns(d, M, seed):
    rng = np.random.default_rng(seed)
    Xi = rng.standard_normal((d, M))
    return Xi / np.linalg.norm(Xi, axis=0)


@pytest.mark.parametrize("beta", [4.0, 40.0, 400.0])
def test_sparse_route_equals_exact_sparsemax_step(beta):
    d, M, N = 16, 300, 12
    Xi = _patterns(d, M, 0)
    X = Xi[:, :N] + 0.1 * np.random.default_rng(1).standard_normal((d, N))
    T = _retrieval.retrieve_rows(Xi, X, beta, GINI)
    theta = beta * (X.T @ Xi)
    P = np.array([[float(v) for v in sparsemax_exact(row)[0]] for row in theta])
    np.testing.assert_allclose(T, Xi @ P.T, rtol=0, atol=1e-13)


@pytest.mark.parametrize("alpha", [1.5, 1.25, 3.0])
def test_sparse_route_equals_mpmath_entmax_step(alpha):
    d, M, N, beta = 8, 120, 5, 30.0
    Xi = _patterns(d, M, 2)
    X = Xi[:, :N] + 0.1 * np.random.default_rng(3).standard_normal((d, N))
    T = _retrieval.retrieve_rows(Xi, X, beta, tsallis(alpha))
    theta = beta * (X.T @ Xi)
    P = np.array([entmax_mp(row, alpha)[0] for row in theta])
    np.testing.assert_allclose(T, Xi @ P.T, rtol=0, atol=1e-11)


def test_dense_fallback_when_not_sparse(monkeypatch):
    # tiny beta: every entry is a candidate, the sparse route declines and the GEMM route runs
    Xi = _patterns(6, 50, 4)
    X = Xi[:, :3]
    calls = []
    monkeypatch.setattr(_retrieval, "_SPARSE_SHARE", 0.0)
    counting = dataclasses.replace(GINI, map=lambda t, axis: calls.append(1) or sparsemax(t, axis=axis))
    T = _retrieval.retrieve_rows(Xi, X, 0.01, counting)
    assert calls
    np.testing.assert_allclose(T, Xi @ sparsemax(0.01 * (X.T @ Xi), axis=-1).T, rtol=0, atol=1e-15)
    T = _retrieval.retrieve_rows(Xi, X, 2.0, SHANNON)
    P = np.exp(2.0 * (X.T @ Xi))
    np.testing.assert_allclose(T, Xi @ (P / P.sum(axis=1, keepdims=True)).T, rtol=0, atol=1e-14)
