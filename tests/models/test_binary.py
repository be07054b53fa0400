"""Tests of the binary associative memories (hoptheory.models._binary) against plain-loop oracles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hoptheory.models import (
    dense_async_sweep,
    dense_energy,
    dense_retrieve,
    exponential_interaction,
    hebbian_sign_update,
    hebbian_weights,
    is_fixed_point,
    polynomial_interaction,
    rectified_polynomial_interaction,
)

FS = {
    "z^2": (polynomial_interaction(2), lambda z: z**2),
    "z^3": (polynomial_interaction(3), lambda z: z**3),
    "rect z^3": (rectified_polynomial_interaction(3), lambda z: max(z, 0) ** 3),
    "exp": (exponential_interaction(), math.exp),
}


def _pm1(rng, *shape):
    return rng.choice(np.array([-1, 1], dtype=np.int64), size=shape)


def _energy(Xi, s, f):
    return -sum(f(int(Xi[:, mu] @ s)) for mu in range(Xi.shape[1]))


@pytest.mark.parametrize("name", sorted(FS))
def test_energy_matches_loop(name):
    F, f = FS[name]
    rng = np.random.default_rng(0)
    Xi, s = _pm1(rng, 7, 4), _pm1(rng, 7)
    assert math.isclose(float(dense_energy(Xi, s, F)), _energy(Xi, s, f), rel_tol=1e-13)
    B = _pm1(rng, 3, 7, 4)
    S = _pm1(rng, 3, 7)
    np.testing.assert_allclose(dense_energy(B, S, F), [_energy(B[b], S[b], f) for b in range(3)], rtol=1e-13)


@pytest.mark.parametrize("name", sorted(FS))
def test_sweep_takes_the_lower_energy_sign(name):
    F, f = FS[name]
    rng = np.random.default_rng(1)
    for _ in range(20):
        d, M = int(rng.integers(2, 9)), int(rng.integers(1, 6))
        Xi, s = _pm1(rng, d, M), _pm1(rng, d)
        for l in range(d):
            plus, minus = s.copy(), s.copy()
            plus[l], minus[l] = 1, -1
            ep, em = _energy(Xi, plus, f), _energy(Xi, minus, f)
            new, flips = dense_async_sweep(Xi, s, F, order=[l])
            expect = s[l] if ep == em else (1 if ep < em else -1)
            assert new[l] == expect and int(flips) == int(new[l] != s[l])
            s = new


def test_quadratic_sweep_is_the_hebbian_rule():
    rng = np.random.default_rng(2)
    Xi = _pm1(rng, 5, 8, 3)
    S = _pm1(rng, 5, 8)
    a, fa = dense_async_sweep(Xi, S, polynomial_interaction(2))
    b, fb = hebbian_sign_update(hebbian_weights(Xi), S)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(fa, fb)


def test_hebbian_weights():
    Xi = np.array([[1, -1], [1, 1], [-1, 1]])
    W = hebbian_weights(Xi)
    expect = (Xi @ Xi.T) / 3.0
    np.fill_diagonal(expect, 0.0)
    np.testing.assert_array_equal(W, expect)


def test_fixed_point_by_brute_force():
    rng = np.random.default_rng(3)
    F = polynomial_interaction(3)
    for _ in range(30):
        d, M = 5, int(rng.integers(1, 5))
        Xi, s = _pm1(rng, d, M), _pm1(rng, d)
        e = _energy(Xi, s, lambda z: z**3)
        strict = all(_energy(Xi, s * np.where(np.arange(d) == l, -1, 1), lambda z: z**3) > e for l in range(d))
        assert bool(is_fixed_point(Xi, s, F)) == strict


def test_retrieve_stops_at_a_fixed_point():
    rng = np.random.default_rng(4)
    Xi = _pm1(rng, 40, 30, 3)
    s, sweeps = dense_retrieve(Xi, Xi[:, :, 0], polynomial_interaction(2), max_sweeps=50)
    again, flips = dense_async_sweep(Xi, s, polynomial_interaction(2))
    assert sweeps < 50 and not flips.any()
    np.testing.assert_array_equal(again, s)


def test_bad_input():
    with pytest.raises(ValueError):
        polynomial_interaction(0)
    with pytest.raises(ValueError):
        rectified_polynomial_interaction(1.5)
    with pytest.raises(ValueError):
        dense_energy(np.ones((3, 2)), np.ones(4), polynomial_interaction(2))
