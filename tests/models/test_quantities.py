"""Pattern-set quantities against explicit Python loops over the definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hoptheory.sampling._geometry as G
from hoptheory.backend import get_backend, get_namespace, to_numpy
from hoptheory.models import (
    max_norm,
    min_separation,
    pattern_separation,
    query_separation,
    separation_radius,
)

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
seeds = st.integers(0, 2**32 - 1)
sizes = st.tuples(st.integers(1, 7), st.integers(2, 9)).filter(lambda t: t[0] != t[1])


def _dot(a, b):
    return sum(float(u) * float(v) for u, v in zip(a, b))


def _loops(X: np.ndarray):
    d, M = X.shape
    cols = [X[:, j] for j in range(M)]
    m = max(math.sqrt(_dot(c, c)) for c in cols)
    Delta = [min(_dot(cols[a], cols[a]) - _dot(cols[a], cols[b]) for b in range(M) if b != a) for a in range(M)]
    R = 0.5 * min(math.sqrt(_dot(cols[a] - cols[b], cols[a] - cols[b])) for a in range(M) for b in range(M) if a != b)
    return m, Delta, R


def _draw(d, M, seed, kind):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((d, M)) * rng.uniform(0.1, 3.0)
    if kind == "near_duplicate":
        X[:, -1] = X[:, 0] + 1e-9 * rng.standard_normal(d)
    elif kind == "duplicate":
        X[:, -1] = X[:, 0]
    return X


@fixture_ok
@given(dm=sizes, seed=seeds, kind=st.sampled_from(["generic", "near_duplicate", "duplicate"]))
def test_quantities_match_loops(xp, dm, seed, kind):
    d, M = dm
    Xn = _draw(d, M, seed, kind)
    Xi = xp.asarray(Xn)
    m, Delta, R = _loops(Xn)
    scale = m * m
    assert math.isclose(max_norm(Xi), m, rel_tol=1e-14)
    D = pattern_separation(Xi)
    assert get_namespace(D) is xp and tuple(D.shape) == (M,)
    np.testing.assert_allclose(to_numpy(D), Delta, rtol=1e-12, atol=1e-13 * scale)
    assert math.isclose(min_separation(Xi), min(Delta), rel_tol=1e-12, abs_tol=1e-13 * scale)
    assert math.isclose(separation_radius(Xi), R, rel_tol=1e-12, abs_tol=1e-15 * m)
    if kind == "duplicate":
        # exact zeros from the difference form, not rounding noise of a Gram matrix
        assert separation_radius(Xi) == 0.0 and min_separation(Xi) <= 0.0
        pair = pattern_separation(xp.asarray(Xn[:, [0, M - 1]]))
        np.testing.assert_array_equal(to_numpy(pair), [0.0, 0.0])


@fixture_ok
@given(dm=sizes, seed=seeds, N=st.integers(1, 5), data=st.data())
def test_query_separation_matches_loop(xp, dm, seed, N, data):
    d, M = dm
    rng = np.random.default_rng(seed)
    Xn = rng.standard_normal((d, M))
    xn = rng.standard_normal((d, N))
    mu = data.draw(st.integers(0, M - 1))
    z = Xn.T @ xn
    expect = [z[mu, n] - max(z[nu, n] for nu in range(M) if nu != mu) for n in range(N)]
    Xi, x = xp.asarray(Xn), xp.asarray(xn)
    got = query_separation(Xi, x, mu)
    assert get_namespace(got) is xp and tuple(got.shape) == (N,)
    np.testing.assert_allclose(to_numpy(got), expect, rtol=1e-12, atol=1e-12)
    one = query_separation(Xi, x[:, 0], mu)
    assert tuple(one.shape) == ()
    assert math.isclose(float(one), expect[0], rel_tol=1e-12, abs_tol=1e-12)
    # positive iff xi_mu has the unique top score
    for n in range(N):
        top = np.flatnonzero(z[:, n] == z[:, n].max())
        assert (expect[n] > 0) == (list(top) == [mu])


def test_single_pattern_is_infinite(xp):
    Xi = xp.asarray([[1.0], [2.0]])
    assert math.isinf(min_separation(Xi)) and math.isinf(separation_radius(Xi))
    assert math.isinf(float(query_separation(Xi, xp.asarray([1.0, 0.0]), 0)))
    assert max_norm(Xi) == pytest.approx(math.sqrt(5.0))


def test_chunked_blocks_agree(monkeypatch, xp):
    rng = np.random.default_rng(3)
    Xn = rng.standard_normal((4, 13))
    Xi = xp.asarray(Xn)
    whole_D, whole_R = to_numpy(pattern_separation(Xi)), separation_radius(Xi)
    monkeypatch.setattr(G, "_BLOCK_ELEMENTS", 4 * 13 * 3)  # chunks of 3 rows
    np.testing.assert_array_equal(to_numpy(pattern_separation(Xi)), whole_D)
    assert separation_radius(Xi) == whole_R
    _, Delta, R = _loops(Xn)
    np.testing.assert_allclose(whole_D, Delta, rtol=1e-12)


def test_sphere_identity():
    # on the sphere, Delta_mu = m^2 (1 - max cos) and ||xi_mu - xi_nu||^2 = 2 m^2 (1 - cos)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 7))
    X = 2.0 * X / np.linalg.norm(X, axis=0)
    C = (X.T @ X) / 4.0
    np.fill_diagonal(C, -np.inf)
    np.testing.assert_allclose(pattern_separation(X), 4.0 * (1 - C.max(axis=1)), rtol=1e-12)
    assert separation_radius(X) == pytest.approx(0.5 * math.sqrt(8.0 * (1 - C.max())), rel=1e-12)


def test_bad_input():
    good = np.ones((3, 4)) + np.arange(4.0)
    for f in (max_norm, pattern_separation, min_separation, separation_radius):
        with pytest.raises(ValueError, match=r"shape \(3,\)"):
            f(np.ones(3))
        with pytest.raises(ValueError, match="dimension"):
            f(np.ones((2, 3, 4)))
        with pytest.raises(TypeError, match="floating"):
            f(np.ones((3, 4), dtype=np.int64))
        with pytest.raises(TypeError, match="floating"):
            f(np.ones((3, 4), dtype=np.complex128))
        with pytest.raises(ValueError, match="empty"):
            f(np.ones((3, 0)))
        bad = good.copy()
        bad[0, 0] = np.nan
        with pytest.raises(ValueError, match="NaN"):
            f(bad)
    with pytest.raises(ValueError, match=r"d = 3 \(Xi has shape \(3, 4\)\); got shape \(4,\)"):
        query_separation(good, np.ones(4), 0)
    with pytest.raises(ValueError, match="dimension"):
        query_separation(good, np.ones((3, 2, 1)), 0)
    with pytest.raises(ValueError, match=r"0 <= mu < M = 4"):
        query_separation(good, np.ones(3), 4)
    with pytest.raises(TypeError, match="mu"):
        query_separation(good, np.ones(3), 1.0)
    with pytest.raises(TypeError, match="namespace"):
        query_separation(good, get_backend("array_api_strict").asarray(np.ones(3)), 0)
    with pytest.raises(ValueError, match="NaN"):
        query_separation(good, np.array([1.0, np.inf, 0.0]), 0)


# ------------------------------------------------- blocked GEMM and k-d tree routes vs brute force


def _brute(X):
    M = X.shape[1]
    D, R = np.empty(M), math.inf
    for mu in range(M):
        diff = X[:, mu : mu + 1] - X
        v = X[:, mu] @ diff
        v[mu] = np.inf
        D[mu] = v.min()
        dist = np.linalg.norm(diff, axis=0)
        dist[mu] = np.inf
        R = min(R, dist.min())
    return D, 0.5 * R


def _pattern_sets(d, M):
    rng = np.random.default_rng(d * 1000 + M)
    X = rng.standard_normal((d, M))
    dup = X.copy()
    dup[:, -1] = dup[:, 2]
    near = X.copy()
    near[:, -1] = near[:, 2] + 1e-9 * rng.standard_normal(d)
    far = 1e-3 * X + 1e4  # a tight cluster far from the origin: the Gram form cancels
    lattice = np.stack(np.meshgrid(*[np.arange(3.0)] * 2), axis=0).reshape(2, -1)  # many tied distances
    lattice = np.concatenate([lattice, np.zeros((d - 2, lattice.shape[1]))], axis=0) if d > 2 else lattice
    return {"generic": X, "duplicate": dup, "near": near, "far": far, "lattice": lattice}


@pytest.mark.parametrize("d", [2, 3, 16, 17, 40])
@pytest.mark.parametrize("kind", ["generic", "duplicate", "near", "far", "lattice"])
@pytest.mark.parametrize("block", [None, 7])
def test_fast_routes_match_brute_force(xp, d, kind, block, monkeypatch):
    if block is not None:
        monkeypatch.setattr(G, "_BLOCK_ELEMENTS", block * 31)  # many row blocks and pair chunks
    Xn = _pattern_sets(d, 31)[kind]
    D, R = _brute(Xn)
    Xi = xp.asarray(Xn)
    scale = float(np.max(np.sum(Xn * Xn, axis=0)))
    np.testing.assert_allclose(to_numpy(pattern_separation(Xi)), D, rtol=1e-12, atol=1e-13 * scale)
    assert separation_radius(Xi) == pytest.approx(R, rel=1e-12, abs=1e-300)
    if kind == "duplicate":
        assert separation_radius(Xi) == 0.0  # exactly, from the differences


@pytest.mark.parametrize("scale", [1e-200, 1.0, 1e200])
def test_max_norm_neither_overflows_nor_underflows(scale):
    X = np.array([[3.0, 0.0], [4.0, 1.0]]) * scale
    assert max_norm(X) == pytest.approx(5.0 * scale, rel=1e-15)
