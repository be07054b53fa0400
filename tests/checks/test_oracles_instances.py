"""The shared oracles and instance builders of the checks agree with the package and with their definitions."""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from hoptheory import maps, models, sampling
from hoptheory.backend import tolerance
from hoptheory.bounds import hu2023 as B23
from proofs_checks import _instances as I
from proofs_checks import _oracles as O

RNG_SEEDS = range(6)


def _instance(seed, d=4, M=6):
    Xi = np.asarray(sampling.gaussian(d, M, seed=seed), dtype=np.float64)
    x = Xi[:, 0] + 0.4 * np.random.default_rng(seed).standard_normal(d)
    return Xi, x


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_sparsemax_oracles_agree_with_each_other_and_the_package(seed):
    theta = np.random.default_rng(seed).standard_normal(7) * 10.0 ** (seed % 3 - 1)
    exact = np.array([float(v) for v in O.sparsemax_fraction(theta)])
    assert sum(O.sparsemax_fraction(theta)) == 1
    np.testing.assert_allclose(O.sparsemax_bisect(theta), exact, atol=I.TOL_ROUND)
    np.testing.assert_allclose(np.asarray(maps.sparsemax(theta)), exact, atol=I.TOL_ROUND)
    np.testing.assert_allclose(O.sparsemax_rows(np.stack([theta, theta[::-1]]))[1], exact[::-1], atol=I.TOL_ROUND)


def test_sparsemax_closed_form_is_exact_at_the_support_boundary():
    # a gap of exactly 1 between the top two scores: one-hot; a hair below: two memories share the weight
    assert O.sparsemax_closed([Fraction(3), Fraction(2), Fraction(1, 2)]) == [1, 0, 0]
    assert O.sparsemax_closed([Fraction(3) - Fraction(1, 2**40), Fraction(2), Fraction(1, 2)])[1] > 0


@pytest.mark.parametrize("kind,model", [("softmax", models.DenseHopfield), ("sparsemax", models.SparseHopfield)])
@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_mp_T_and_mp_error_agree_with_the_models(kind, model, seed):
    Xi, x = _instance(seed)
    beta = 0.3 + seed
    with mpmath.workdps(O.DPS):
        T, p, z = O.mp_T(Xi, x, beta, kind)
    np.testing.assert_allclose([float(v) for v in T], np.asarray(model(Xi, beta).retrieve(x)), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose([float(v) for v in z], Xi.T @ x, rtol=1e-12, atol=1e-12)
    assert float(mpmath.fsum(p)) == pytest.approx(1.0, abs=1e-30)
    err = float(O.mp_error(Xi, x, beta, 2, kind))
    assert err == pytest.approx(float(model(Xi, beta).error(x, 2)), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("kind,model", [("softmax", models.DenseHopfield), ("sparsemax", models.SparseHopfield)])
def test_mp_energy_differences_and_gradient_agree_with_the_models(kind, model):
    Xi, x = _instance(3)
    y = x + 0.3
    beta = 1.7
    mo = model(Xi, beta)
    with mpmath.workdps(O.DPS):
        dE = float(O.mp_energy(Xi, x, beta, kind) - O.mp_energy(Xi, y, beta, kind))
        dP = float(O.mp_energy(Xi, x, beta, kind, published=True) - O.mp_energy(Xi, y, beta, kind, published=True))
    assert dE == pytest.approx(float(mo.energy(x)) - float(mo.energy(y)), rel=1e-10, abs=1e-12)
    if kind == "sparsemax":  # Hu et al.'s printed energy (the dense model's is Ramsauer's, with other constants)
        assert dP == pytest.approx(float(mo.energy_published(x)) - float(mo.energy_published(y)), rel=1e-10,
                                   abs=1e-12)
    else:
        assert dP == pytest.approx(beta * dE + 0.5 * (1 - beta) * float(x @ x - y @ y), rel=1e-10, abs=1e-12)
    # the gradient of H_beta is x - T(x)
    np.testing.assert_allclose(O.mp_grad(Xi, x, beta, kind), x - np.asarray(mo.retrieve(x)), atol=I.TOL_GRADIENT)


def test_mp_central_differences_of_a_quadratic_have_no_truncation_error():
    with mpmath.workdps(O.DPS):
        x = [mpmath.mpf(1), mpmath.mpf(-2), mpmath.mpf("0.5")]
        g = O.mp_central_differences(lambda y: mpmath.fsum(v * v for v in y), x, mpmath.mpf("1e-12"))
        assert all(abs(gi - 2 * xi) < mpmath.mpf("1e-25") for gi, xi in zip(g, x))  # rounding 1e-40 / h


@pytest.mark.parametrize("reading", ["all", "others"])
def test_mp_dense_error_bound_equals_the_package_bound(reading):
    Xi = np.asarray(sampling.sphere(3, 5, 1.5, seed=4), dtype=np.float64)
    x = Xi[:, 1] + 0.05
    value = float(O.mp_dense_error_bound(Xi, x, 1, 2.0, reading=reading))
    assert value == pytest.approx(float(B23.dense_error_bound_as_quoted_at(Xi, x, 1, 2.0, reading=reading).value),
                                  rel=1e-12)


def test_mp_structured_error_reduces_to_the_dense_error_and_v2_to_the_submemory():
    Xi, x = _instance(5, M=5)
    beta = 2.0
    dense = float(models.DenseHopfield(Xi, beta).error(x, 1))
    assert float(O.mp_structured_error(Xi, x, 1, beta, None, "V1")) == pytest.approx(dense, rel=1e-12)
    assert float(O.mp_structured_error(Xi, x, 1, beta, None, "V2")) == pytest.approx(dense, rel=1e-12)
    mask = np.array([True, True, False, True, False])
    T2, E, J, q = O.dense_on_submemory(Xi[:, mask], x, beta)
    assert float(O.mp_structured_error(Xi, x, 1, beta, mask, "V2")) == pytest.approx(
        float(np.linalg.norm(T2 - Xi[:, 1])), rel=1e-12)
    np.testing.assert_allclose(O.masked_v2_retrieve(Xi, x[:, None], beta, [np.flatnonzero(mask)])[:, 0], T2,
                               rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(J, J.T, atol=1e-14)
    assert q.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_conjugate_duals_agree_with_the_closed_forms(seed):
    theta = np.random.default_rng(seed).standard_normal(6) * 3
    assert O.shannon_conjugate_dual(theta) == pytest.approx(float(maps.shannon_conjugate(theta)), rel=I.TOL_SOLVER)
    assert O.gini_conjugate_dual(theta) == pytest.approx(float(maps.gini_conjugate(theta)), rel=I.TOL_PROPAGATED)


def test_hull_distance_is_zero_inside_and_exact_outside():
    V = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert O.hull_distance(np.array([0.2, 0.2]), V) == pytest.approx(0.0, abs=1e-7)
    assert O.hull_distance(np.array([1.0, 1.0]), V) == pytest.approx(math.sqrt(0.5), rel=1e-6)


def test_svr_primal_and_dual_optima_coincide():
    rng = np.random.default_rng(1)
    P, Y = rng.standard_normal((3, 4)), rng.standard_normal((2, 4))
    C, eps = 1.0, 0.05
    W, e, et, primal, viol = O.svr_primal_qp(P, Y, C, eps)
    K = P.T @ P
    duals = [O.svr_dual_slsqp(K, Y[i], C, eps) for i in range(2)]
    assert viol <= I.TOL_SLSQP.atol
    assert primal == pytest.approx(sum(v for v, _ in duals), rel=I.TOL_QP.rtol, abs=I.TOL_QP.atol)
    c = np.stack([ci for _, ci in duals])
    assert O.svr_dual_objective(c, K, Y, eps) == pytest.approx(sum(v for v, _ in duals), rel=1e-12)


def test_count_scores_counts_a_full_score_matrix_and_rejects_other_combinations():
    rng = np.random.default_rng(0)
    Xi, X = rng.standard_normal((3, 5)), rng.standard_normal((3, 4))
    out, n = O.count_scores(lambda A, Q: A.T @ Q, Xi, X)
    assert n == 5 * 4
    np.testing.assert_allclose(out, Xi.T @ X)
    with pytest.raises(RuntimeError, match="combined by"):
        O.count_scores(lambda A, Q: A[:, :1] + Q[:, :1], Xi, X)


@pytest.mark.parametrize("mode", sorted(I.QUERY_MODES))
def test_query_places_the_query_at_the_given_distance(mode):
    Xn = np.asarray(sampling.sphere(4, 6, 1.0, seed=2), dtype=np.float64)
    x = I.query(Xn, 3, 0.25, mode, angle=0.7, seed=9)
    dist = float(np.linalg.norm(x - Xn[:, 3]))
    if mode in ("ball", "gaussian", "perturb"):
        assert dist > 0 and (dist <= 0.25 * (1 + 1e-12) or mode != "ball")
    else:
        assert dist == pytest.approx(0.25, rel=1e-12)
    if mode == "perp":  # the overlap with xi_mu is kept
        assert float((x - Xn[:, 3]) @ Xn[:, 3]) == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_array_equal(I.query(Xn, 3, 0.0, mode, seed=9), Xn[:, 3])
    np.testing.assert_array_equal(I.query(Xn, 3, 0.25, mode, angle=0.7, seed=9), x)


def test_query_rejects_an_unknown_mode():
    with pytest.raises(ValueError, match="unknown query mode"):
        I.query(np.eye(3), 0, 0.1, "spiral")


def test_placements():
    Q = I.random_rotation(np.random.default_rng(3), 5)
    np.testing.assert_allclose(Q.T @ Q, np.eye(5), atol=1e-14)
    A = I.antipodal(3, 2.0)
    np.testing.assert_array_equal(A[:, 0], -A[:, 1])
    assert np.linalg.norm(A[:, 0]) == 2.0
    assert I.nearest(np.array([[0.0, 1.0, 3.0]]), 2) == 1
    u = np.array([1.0, 2.0, 2.0])
    v = I.orthogonal_unit(u, 4)
    assert abs(v @ u) < 1e-12 and np.linalg.norm(v) == pytest.approx(1.0)
    for family in ("sphere", "gaussian", "binary"):
        assert np.asarray(I.patterns(family, 3, 4, seed=1, m=2.0)).shape == (3, 4)
    with pytest.raises(ValueError, match="unknown family"):
        I.patterns("cube", 3, 4, seed=1)


def test_named_tolerances_sit_where_their_comments_put_them():
    eps = float(np.finfo(np.float64).eps)
    tight, default = tolerance(np.float64, "tight"), tolerance(np.float64, "default")
    assert I.TOL_IDENTITY == default and I.TOL_OPTIMISER == tolerance(np.float64, "loose")
    assert I.TOL_FD == tolerance(np.float64, "fd")
    assert I.TOL_CONVERSION < I.TOL_FLOOR < tight.rtol < I.TOL_ROUND < default.rtol < I.TOL_MAP
    assert I.TOL_MAP < I.TOL_PROPAGATED < I.TOL_GRADIENT < I.TOL_GRADIENT_SPARSE < I.TOL_SOLVER < I.TOL_QP.rtol
    assert I.TOL_SLSQP.rtol == I.TOL_SOLVER and I.TOL_SLSQP.atol < I.TOL_SLSQP.rtol
    assert 4e3 < I.TOL_ROUND / eps < 5e3 and 4 < I.TOL_CONVERSION / eps < 5


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_rank_mod_prime_is_the_rational_rank(seed):
    """Against SymPy's exact rank over the rationals, and a small prime where a minor vanishes mod p."""
    import sympy

    rng = np.random.default_rng(seed)
    n, m, r = int(rng.integers(2, 7)), int(rng.integers(2, 7)), int(rng.integers(1, 4))
    L, R = rng.integers(-9, 10, (n, r)), rng.integers(-9, 10, (r, m))
    A = [[Fraction(int(v), den) for v in row] for row, den in zip(L @ R, rng.integers(1, 9, n).tolist())]  # rank <= r
    assert O.rank_mod_prime(A) == sympy.Matrix(A).rank()
    assert O.rank_mod_prime([[Fraction(1), Fraction(1)], [Fraction(1), Fraction(6)]], prime=5) == 1  # det 5
    assert O.rank_mod_prime([]) == 0
