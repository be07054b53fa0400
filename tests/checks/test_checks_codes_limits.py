"""The oracles and algorithms of the spherical-code and computational-limits checks.

Each helper is compared with a slower or independent computation: exact Gram matrices with
rational arithmetic element by element, the rank modulo a prime with NumPy's rank, the U-Hop
stage's gradient with finite differences of :func:`hoptheory.sampling.uniformity_loss`, the
50-digit entmax with :func:`hoptheory.maps.entmax`, the factorised polynomial-method retrieval
with its direct form.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from hoptheory import maps, sampling
from proofs_checks.alman2023.attention import _rank_mod_p, low_rank_scores
from proofs_checks._instances import random_rotation
from proofs_checks.hu2024khm._codes import exact_gram, mp_gram, mp_max_cos, orthoplex_gram, simplex_gram
from proofs_checks.hu2024khm.codes import _mp_entmax
from proofs_checks.hu2024limits.limits import low_rank_retrieve
from proofs_checks.wu2024uhop.stage import (
    correlated_memories,
    mp_uniformity_loss,
    uhop_stage,
    uniformity_loss_and_gradient,
)


def test_exact_gram_is_the_rational_gram_matrix():
    U = np.random.default_rng(0).standard_normal((4, 5))
    U[0, 0], U[1, 1] = 0.0, 1e-300  # a zero and a subnormal-scale entry
    want = [[sum((Fraction(float(a)) * Fraction(float(b)) for a, b in zip(U[:, i], U[:, j])), Fraction(0))
             for j in range(5)] for i in range(5)]
    assert exact_gram(U) == want


@pytest.mark.parametrize("d", [1, 2, 3, 6])
def test_known_gram_matrices_match_the_codes(d):
    for G, U in ((simplex_gram(d), sampling.simplex_code(d)), (orthoplex_gram(d), sampling.orthoplex_code(d))):
        np.testing.assert_allclose(np.asarray(U).T @ np.asarray(U), np.array(G, dtype=float), atol=1e-15)
    R = random_rotation(np.random.default_rng(d), d)
    np.testing.assert_allclose(R.T @ R, np.eye(d), atol=1e-14)
    c = mp_max_cos(R @ np.asarray(sampling.simplex_code(d)))
    assert abs(float(c) + 1 / d) < 1e-15
    assert abs(float(mp_gram(np.asarray(sampling.orthoplex_code(d)))[0][0]) - 1) == 0


@pytest.mark.parametrize("d, g", [(1, 2), (2, 2), (3, 1), (2, 3)])
def test_rank_modulo_a_prime_equals_the_rank_of_generic_matrices(d, g):
    rng = np.random.default_rng(10 * d + g)
    n = math.comb(d + g, g) + 3
    Q, K = rng.uniform(-1, 1, (n, d)), rng.uniform(-1, 1, (n, d))
    P = low_rank_scores(Q, K, g)
    assert _rank_mod_p(Q, K, g) == np.linalg.matrix_rank(P) == math.comb(d + g, g)
    # a repeated row does not add to the rank
    assert _rank_mod_p(np.vstack([Q, Q[:1]]), K, g) == math.comb(d + g, g)


def test_stage_gradient_and_descent():
    Xi = correlated_memories(4, 9, 0.5, seed=7)
    W = np.eye(4) + 0.3 * np.random.default_rng(1).standard_normal((4, 4))
    loss, G = uniformity_loss_and_gradient(W, Xi, 2.0)
    assert loss == pytest.approx(sampling.uniformity_loss(W @ Xi, 2.0), abs=1e-13)
    assert float(mp_uniformity_loss(W, Xi, 2.0)) == pytest.approx(loss, abs=1e-13)
    h = 1e-6
    fd = np.zeros_like(W)
    for i, j in np.ndindex(4, 4):
        E = np.zeros_like(W)
        E[i, j] = h
        fd[i, j] = (sampling.uniformity_loss((W + E) @ Xi) - sampling.uniformity_loss((W - E) @ Xi)) / (2 * h)
    np.testing.assert_allclose(G, fd, atol=1e-7)
    assert abs(float(np.sum(G * W))) < 1e-12  # scale invariance: the gradient is tangent to the sphere
    run = uhop_stage(Xi, steps=30)
    assert len(run.Ws) == 31 and all(b <= a for a, b in zip(run.losses, run.losses[1:]))
    assert all(np.linalg.norm(W_) == pytest.approx(2.0) for W_ in run.Ws)
    assert sampling.min_separation_unit(run.W @ Xi) > sampling.min_separation_unit(Xi)


@pytest.mark.parametrize("alpha", [Fraction(3, 2), Fraction(2), Fraction(3)])
def test_mp_entmax_matches_the_library(alpha):
    theta = np.random.default_rng(int(alpha * 4)).standard_normal(7) * 2
    p = np.array([float(v) for v in _mp_entmax(list(theta), alpha)])
    np.testing.assert_allclose(p, np.asarray(maps.entmax(theta, float(alpha))), atol=1e-12)
    assert abs(p.sum() - 1) < 1e-15


def test_low_rank_retrieval_factorised_equals_direct():
    Xi = np.asarray(sampling.sphere(4, 9, seed=2))
    X = Xi[:, :3] + 0.1 * np.random.default_rng(2).standard_normal((4, 3))
    for g in (0, 1, 3):
        A = sum((0.7 * (Xi.T @ X)) ** j / math.factorial(j) for j in range(g + 1))
        np.testing.assert_allclose(low_rank_retrieve(Xi, X, 0.7, g), Xi @ A / A.sum(axis=0), rtol=1e-12, atol=1e-14)
