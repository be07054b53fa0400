"""γ-normmax, the k-subsets budget map and the HFY post-transforms against independent oracles."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from hoptheory import maps


def _slsqp(fun, M, bounds, constraints, x0):
    return minimize(fun, x0, method="SLSQP", bounds=bounds, constraints=constraints,
                    options={"ftol": 1e-15, "maxiter": 500}).x


@pytest.mark.parametrize("gamma", [1.5, 2.0, 3.0])
@pytest.mark.parametrize("seed", range(4))
def test_normmax_matches_slsqp(gamma, seed):
    theta = np.random.default_rng(seed).standard_normal(5)
    p = maps.normmax(theta, gamma)
    obj = lambda q: -(theta @ q - np.sum(np.abs(q) ** gamma) ** (1 / gamma))  # noqa: E731
    ref = _slsqp(obj, 5, [(0, 1)] * 5, [{"type": "eq", "fun": lambda q: q.sum() - 1}], np.full(5, 0.2))
    assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-12
    assert -obj(p) >= -obj(ref) - 1e-7


@pytest.mark.parametrize("gamma", [1.5, 2.0, 4.0])
def test_normmax_margin_one(gamma):
    assert np.array_equal(maps.normmax(np.array([0.5, 1.5, -1.0]), gamma), np.array([0.0, 1.0, 0.0]))
    assert maps.normmax(np.array([0.5, 1.25, -1.0]), gamma)[0] > 0


def test_normmax_axis_and_batch():
    z = np.random.default_rng(0).standard_normal((4, 3))
    np.testing.assert_allclose(maps.normmax(z, 2.0, axis=0), np.stack([maps.normmax(z[:, j], 2.0) for j in range(3)], 1))
    with pytest.raises(ValueError):
        maps.normmax(z, 1.0)


@pytest.mark.parametrize("k", [1, 2, 4])
@pytest.mark.parametrize("seed", range(4))
def test_budget_map_matches_qp_and_fd(k, seed):
    theta = np.random.default_rng(seed).standard_normal(5)
    p = maps.budget_map(theta, k)
    ref = _slsqp(lambda q: -(theta @ q - 0.5 * q @ q), 5, [(0, 1)] * 5,
                 [{"type": "eq", "fun": lambda q: q.sum() - k}], np.full(5, k / 5))
    np.testing.assert_allclose(p, ref, atol=1e-6)
    assert abs(p.sum() - k) < 1e-12
    lo, hi = maps.budget_bracket(theta, k)
    assert np.clip(theta - lo, 0, 1).sum() >= k >= np.clip(theta - hi, 0, 1).sum()
    h = 1e-6
    fd = np.stack([(maps.budget_map(theta + h * e, k) - maps.budget_map(theta - h * e, k)) / (2 * h)
                   for e in np.eye(5)], axis=1)
    np.testing.assert_allclose(maps.budget_jacobian(theta, k), fd, atol=1e-5)


def test_budget_map_rejects_bad_k():
    with pytest.raises(ValueError):
        maps.budget_map(np.zeros(3), 4)


def test_post_transforms():
    v = np.array([3.0, 4.0, 0.0])
    np.testing.assert_allclose(maps.ball_post_transform(v, 1.0), v / 5)
    np.testing.assert_allclose(maps.ball_post_transform(v, 10.0), v)
    y = maps.layer_norm_post_transform(v)
    np.testing.assert_allclose(y, (v - v.mean()) / v.std())
    assert abs(y.sum()) < 1e-12 and abs(np.linalg.norm(y) - np.sqrt(3)) < 1e-12
    with pytest.raises(ValueError):
        maps.layer_norm_post_transform(np.ones(3))
    with pytest.raises(ValueError):
        maps.ball_post_transform(v, 0.0)
