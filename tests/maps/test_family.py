"""Families: every bundled object against an oracle that does not call hoptheory.maps.

Jacobians against central differences, the Fenchel–Young equality, the conjugate against a
brute-force maximisation over a grid of the simplex, the threshold against the map formula
written out, the margin against its definition, and the lookup by name.
"""

import dataclasses
import math

import numpy as np
import pytest
from maps_oracles import assert_namespace, central_jacobian, np_of, tsallis_omega_np

from hoptheory.maps import GINI, SHANNON, Family, family, tsallis

FAMILIES = [SHANNON, GINI, tsallis(1.5), tsallis(1.25), tsallis(3.0)]
IDS = [f"{f.name}-{f.alpha:g}" for f in FAMILIES]


def _scores(seed, M=5, N=3, scale=1.5):
    return np.random.default_rng(seed).standard_normal((N, M)) * scale


def _simplex_grid(n):
    """All points of the 3-simplex with coordinates in (1/n) Z, as rows."""
    i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = i + j <= n
    i, j = i[keep], j[keep]
    return np.stack([i, j, n - i - j], axis=1) / n


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jacobian_matches_central_differences(xp, fam, seed):
    z = _scores(seed)
    J = fam.jacobian(xp.asarray(z))
    assert_namespace(J, xp)
    J = np_of(J)
    if fam.sparse:
        tau = np_of(fam.threshold(xp.asarray(z)))
        gap = np.min(np.abs((fam.alpha - 1.0) * z - tau[:, None]))
        assert gap > 1e-3, "the test points must stay away from the support boundary"
    for i in range(z.shape[0]):
        fd = central_jacobian(lambda v: np_of(fam.map(xp.asarray(v))), z[i], 1e-6)
        np.testing.assert_allclose(J[i], fd, rtol=0, atol=1e-7 * max(1.0, np.abs(fd).max()))


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
def test_jacobian_factors_assemble_the_jacobian(xp, fam):
    z = _scores(3)
    g, total = fam.jacobian_factors(xp.asarray(z))
    g = np_of(g)
    total = np.ones(z.shape[0]) if total is None else np_of(total)
    assembled = np.stack([np.diag(g[i]) - np.outer(g[i], g[i]) / total[i] for i in range(z.shape[0])])
    np.testing.assert_allclose(assembled, np_of(fam.jacobian(xp.asarray(z))), rtol=0, atol=1e-13)


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
@pytest.mark.parametrize("seed", [4, 5])
def test_fenchel_young_equality_at_the_map(xp, fam, seed):
    z = _scores(seed)
    p = np_of(fam.map(xp.asarray(z)))
    omega = np_of(fam.negentropy(xp.asarray(p)))
    conj = np_of(fam.conjugate(xp.asarray(z)))
    np.testing.assert_allclose(omega + conj, np.sum(p * z, axis=1), rtol=0, atol=1e-12)
    # the negentropy is the written-out formula of conventions §3
    np.testing.assert_allclose(omega, [tsallis_omega_np(r, fam.alpha) for r in p], rtol=0, atol=1e-13)


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
@pytest.mark.parametrize("seed", [6, 7])
def test_conjugate_is_the_maximum_over_the_simplex(fam, seed):
    n = 600
    grid = _simplex_grid(n)
    omega = np.array([tsallis_omega_np(q, fam.alpha) for q in grid])
    for theta in _scores(seed, M=3, N=2):
        brute = float(np.max(grid @ theta - omega))
        value = float(fam.conjugate(theta))
        assert value >= brute - 1e-12  # a maximum is not below any feasible value
        # the objective is Lipschitz on the grid cells (the Shannon term near 0 dominates)
        assert value - brute <= 4.0 / n * (np.abs(theta).max() + math.log(n) + 2.0)


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
def test_map_is_the_argmax_of_the_grid_objective(fam):
    n = 600
    grid = _simplex_grid(n)
    omega = np.array([tsallis_omega_np(q, fam.alpha) for q in grid])
    theta = np.array([0.7, -0.2, 0.4])
    best = grid[np.argmax(grid @ theta - omega)]
    np.testing.assert_allclose(fam.map(theta), best, rtol=0, atol=3.0 / n)


@pytest.mark.parametrize("fam", [f for f in FAMILIES if f.sparse], ids=IDS[1:])
def test_threshold_gives_the_map_formula(xp, fam):
    z = _scores(8)
    tau = np_of(fam.threshold(xp.asarray(z)))
    a = fam.alpha - 1.0
    want = np.maximum(a * z - tau[:, None], 0.0) ** (1.0 / a)
    np.testing.assert_allclose(np_of(fam.map(xp.asarray(z))), want, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(np_of(fam.support_size(xp.asarray(z))), np.count_nonzero(want, axis=1))


def test_softmax_has_no_threshold_and_full_support(xp):
    z = xp.asarray(_scores(9) * 100.0)
    with pytest.raises(ValueError, match="no threshold"):
        SHANNON.threshold(z)
    np.testing.assert_array_equal(np_of(SHANNON.support_size(z)), [5, 5, 5])


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
@pytest.mark.parametrize("k", [0, 2])
def test_margin_is_the_smallest_gap_that_gives_a_vertex(fam, k):
    M = 4
    rest = np.array([0.0, -0.3, -2.0, -0.1])
    rest[k] = 0.0

    def at_gap(gap):
        theta = rest.copy()
        theta[k] = np.max(np.delete(rest, k)) + gap
        return fam.map(theta)

    e = np.eye(M)[k]
    if math.isinf(fam.margin):
        for gap in (1.0, 10.0, 30.0):
            assert at_gap(gap)[k] < 1.0  # softmax is never a vertex
        return
    lam = fam.margin
    np.testing.assert_allclose(at_gap(lam), e, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(at_gap(lam * 1.01), e)
    assert np.count_nonzero(at_gap(lam * 0.99)) > 1  # a smaller gap is not enough


def test_tsallis_limits_are_the_named_families():
    assert tsallis(1.0) is SHANNON and tsallis(2) is GINI
    assert tsallis(1.5) == tsallis(1.5) and hash(tsallis(1.5)) == hash(tsallis(1.5))
    assert tsallis(1.5) != tsallis(3.0)
    assert tsallis(1.5).margin == 2.0 and tsallis(3.0).margin == 0.5
    assert (SHANNON.sparse, GINI.sparse, tsallis(1.5).sparse) == (False, True, True)
    with pytest.raises(ValueError, match="alpha must be > 1"):
        tsallis(0.5)
    with pytest.raises(TypeError):
        tsallis("1.5")


def test_family_lookup():
    assert family("softmax") is SHANNON and family("Shannon") is SHANNON
    assert family("sparsemax") is GINI and family("gini", alpha=2.0) is GINI
    assert family("entmax", alpha=1.5) == tsallis(1.5) == family("tsallis", 1.5)
    assert family("entmax", alpha=2.0) is GINI
    assert family(GINI) is GINI
    with pytest.raises(ValueError, match="needs alpha"):
        family("entmax")
    with pytest.raises(ValueError, match="has alpha = 1"):
        family("softmax", alpha=1.5)
    with pytest.raises(ValueError, match="contradicts"):
        family(GINI, alpha=1.5)
    with pytest.raises(ValueError, match="unknown family"):
        family("relu")
    with pytest.raises(ValueError, match="unknown family"):
        family(2.0)


def test_families_are_frozen_and_replaceable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        GINI.alpha = 3.0
    calls = []
    counting = dataclasses.replace(GINI, map=lambda z, axis=-1: calls.append(axis) or GINI.map(z, axis))
    assert isinstance(counting, Family) and counting == GINI
    counting.map(np.ones(3))
    assert calls == [-1]


@pytest.mark.parametrize("fam", FAMILIES, ids=IDS)
def test_axis_positional_or_keyword(fam):
    z = _scores(10).T  # (M, N): the map acts along axis 0
    for f in (fam.map, fam.conjugate, fam.support_size):
        np.testing.assert_array_equal(f(z, 0), f(z, axis=0))
        along0, last = f(z, 0), f(z.T)
        np.testing.assert_allclose(along0.T if along0.ndim == 2 else along0, last, rtol=0, atol=1e-14)
