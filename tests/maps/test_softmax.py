"""softmax, masked_softmax, topk_softmax, softmax_jacobian: against mpmath and plain loops."""

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from maps_oracles import DEFAULT, assert_namespace, central_jacobian, few, make_scores, np_of, score_cases

from hoptheory.maps import masked_softmax, softmax, softmax_jacobian, topk_softmax


def softmax_mp(row):
    with mpmath.workdps(40):
        e = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
        total = mpmath.fsum(e)
        return np.array([float(v / total) for v in e])


@few(30)
@given(case=score_cases())
def test_softmax_matches_mpmath(xp, case):
    z = make_scores(*case)
    p = softmax(xp.asarray(z))
    assert_namespace(p, xp)
    p = np_of(p)
    for i in range(z.shape[0]):
        np.testing.assert_allclose(p[i], softmax_mp(z[i]), rtol=DEFAULT.rtol, atol=1e-300)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=DEFAULT.atol)
    b = np_of(softmax(xp.asarray(np.ascontiguousarray(z.T)), axis=0))
    np.testing.assert_allclose(b.T, p, rtol=0, atol=DEFAULT.atol)


@few(30)
@given(case=score_cases(), seed=st.integers(0, 2**32 - 1))
def test_masked_softmax_matches_loop(xp, case, seed):
    z = make_scores(*case)
    rng = np.random.default_rng(seed)
    mask = rng.random(z.shape) < 0.6
    mask[np.arange(z.shape[0]), rng.integers(0, z.shape[1], z.shape[0])] = True  # no empty row
    p = masked_softmax(xp.asarray(z), xp.asarray(mask))
    assert_namespace(p, xp)
    p = np_of(p)
    for i in range(z.shape[0]):
        kept = np.flatnonzero(mask[i])
        ref = np.zeros(z.shape[1])
        ref[kept] = softmax_mp(z[i, kept])
        np.testing.assert_allclose(p[i], ref, rtol=DEFAULT.rtol, atol=1e-300)
        assert np.all(p[i, ~mask[i]] == 0.0)  # exactly zero
    # a mask broadcast along the batch axis
    row = mask[0]
    pb = np_of(masked_softmax(xp.asarray(z), xp.asarray(row)))
    for i in range(z.shape[0]):
        ref = np.zeros(z.shape[1])
        ref[row] = softmax_mp(z[i, row])
        np.testing.assert_allclose(pb[i], ref, rtol=DEFAULT.rtol, atol=1e-300)


@few(30)
@given(case=score_cases(), data=st.data())
def test_topk_softmax_matches_loop_with_stable_ties(xp, case, data):
    z = make_scores(*case)  # grid cases carry many ties
    M = z.shape[1]
    k = data.draw(st.integers(1, M))
    p = topk_softmax(xp.asarray(z), k)
    assert_namespace(p, xp)
    p = np_of(p)
    for i in range(z.shape[0]):
        # explicit loop: repeatedly take the largest remaining score, lowest index first
        chosen = []
        for _ in range(k):
            best = None
            for j in range(M):
                if j in chosen:
                    continue
                if best is None or z[i, j] > z[i, best]:
                    best = j
            chosen.append(best)
        ref = np.zeros(M)
        ref[chosen] = softmax_mp(z[i, chosen])
        np.testing.assert_allclose(p[i], ref, rtol=DEFAULT.rtol, atol=1e-300)
        assert np.count_nonzero(p[i] > 0) <= k


@few(25)
@given(case=score_cases(max_m=10, max_n=2))
def test_softmax_jacobian_matches_central_differences(xp, case):
    M, N, seed, scale, grid = case
    z = make_scores(M, N, seed, min(scale, 10.0), grid)
    J = softmax_jacobian(xp.asarray(z))
    assert_namespace(J, xp)
    assert J.shape == (N, M, M)
    J = np_of(J)
    for i in range(N):
        fd = central_jacobian(lambda v: np_of(softmax(xp.asarray(v))), z[i], 1e-6)
        np.testing.assert_allclose(J[i], fd, atol=1e-8)


@pytest.mark.parametrize("scale", [1e8, 1e-8])
def test_softmax_extreme_scales(xp, scale):
    z = np.random.default_rng(5).standard_normal((3, 6)) * scale
    p = np_of(softmax(xp.asarray(z)))
    assert np.all(np.isfinite(p))
    for i in range(3):
        np.testing.assert_allclose(p[i], softmax_mp(z[i]), rtol=DEFAULT.rtol, atol=1e-300)


def test_float32_stays_float32(xp):
    z = xp.asarray(np.random.default_rng(1).standard_normal((3, 5)).astype(np.float32))
    assert softmax(z).dtype == xp.float32
    assert softmax_jacobian(z).dtype == xp.float32
    assert topk_softmax(z, 2).dtype == xp.float32
    assert masked_softmax(z, z > 0.0 * z - 10.0).dtype == xp.float32
