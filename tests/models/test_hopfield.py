"""Hopfield models against independent oracles.

* grad H_beta = x - T(x) by central finite differences (all models, alpha in {1.5, 2, 2.7, 3});
* the CCCP sufficient decrease H(T(x)) <= H(x) - 1/2 ||T(x) - x||^2;
* energies against SLSQP maximisation of <p, theta> - Omega(p) over the simplex, and the dense
  energy against scipy.special.logsumexp;
* weights against maps written here from their KKT conditions (sorting, bisection);
* the Jacobian against finite differences of retrieve;
* batches against column-by-column evaluation; the published energies' relations;
* iterate; errors and support sizes; finiteness at beta = 1e8 and 1e-8; bad input.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from _models_oracles import (
    energy_np,
    fenchel_energy_np,
    lse_energy_np,
    map_np,
    negentropy_np,
)
from hoptheory import maps
from hoptheory.backend import get_backend, get_namespace, to_numpy, tolerance
from hoptheory.models import (
    DenseHopfield,
    EntmaxHopfield,
    HopfieldModel,
    Iteration,
    SparseHopfield,
)

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def fewer(fraction: float) -> settings:
    """The profile's example budget scaled down for the most expensive properties."""
    return settings(fixture_ok, max_examples=max(10, int(settings.default.max_examples * fraction)))


KINDS = [("dense", None), ("sparse", None), ("entmax", 1.5), ("entmax", 2.0), ("entmax", 2.7), ("entmax", 3.0)]
kinds = st.sampled_from(KINDS)
seeds = st.integers(0, 2**32 - 1)
log_beta = st.floats(-2.0, 2.0).map(lambda t: 10.0**t)  # beta log-uniform on [1e-2, 1e2]
sizes = st.tuples(st.integers(2, 6), st.integers(2, 8)).filter(lambda t: t[0] != t[1])

EPS = float(np.finfo(np.float64).eps)
FD = tolerance(kind="fd")
DEFAULT = tolerance()
LOOSE = tolerance(kind="loose")


def make(kind, alpha, Xi, beta) -> HopfieldModel:
    if kind == "dense":
        return DenseHopfield(Xi, beta)
    if kind == "sparse":
        return SparseHopfield(Xi, beta)
    return EntmaxHopfield(Xi, beta, alpha)


def instance(xp, d, M, seed, query="near"):
    """Patterns on the unit sphere or Gaussian, and a query near a pattern or generic."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((d, M))
    if rng.random() < 0.5:
        X = X / np.linalg.norm(X, axis=0)
    if query == "near":
        x = X[:, rng.integers(M)] + rng.uniform(0.0, 1.0) * rng.standard_normal(d) / math.sqrt(d)
    else:
        x = rng.standard_normal(d)
    return X, x, xp.asarray(X), xp.asarray(x)


def modelled(xp, dm, seed, beta, kind, query="near"):
    """An instance of size ``dm`` and the model of ``kind`` on it: ``d, M, Xn, xn, Xi, x, model``."""
    d, M = dm
    Xn, xn, Xi, x = instance(xp, d, M, seed, query)
    return d, M, Xn, xn, Xi, x, make(*kind, Xi, beta)


def fd_points(xn, beta, m):
    """Central-difference step ``h``, the unit vectors and the ``(d, 2d)`` batch ``x ± h e_i``.

    The step is eps^(1/3) in the units of x, shrunk by the curvature scale beta m^2 so a kink
    of the (piecewise) Hessian of the sparse energies costs O(eps^(1/3)) at most.
    """
    h = EPS ** (1 / 3) * max(1.0, float(np.linalg.norm(xn))) / (1.0 + beta * m**2)
    E = np.eye(xn.size)
    return h, E, np.concatenate([xn[:, None] + h * E, xn[:, None] - h * E], axis=1)


def f(a) -> np.ndarray:
    return np.asarray(to_numpy(a), dtype=np.float64)


# --------------------------------------------------------------------------- shapes and batches


@fewer(0.5)
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds, N=st.integers(1, 4), data=st.data())
def test_shapes_namespaces_and_batches(xp, dm, seed, beta, kind, N, data):
    d, M = dm
    rng = np.random.default_rng(seed)
    Xn = rng.standard_normal((d, M))
    xn = rng.standard_normal((d, N))
    model = make(*kind, xp.asarray(Xn), beta)
    assert model.xp is xp and (model.d, model.M) == (d, M) and model.beta == beta
    assert math.isclose(model.m, float(np.linalg.norm(Xn, axis=0).max()), rel_tol=1e-14)
    xb = xp.asarray(xn)
    outs = {
        "scores": (model.scores(xb), (M, N)),
        "weights": (model.weights(xb), (M, N)),
        "retrieve": (model.retrieve(xb), (d, N)),
        "energy": (model.energy(xb), (N,)),
        "energy_published": (model.energy_published(xb), (N,)),
        "jacobian": (model.jacobian(xb), (N, d, d)),
        "error": (model.error(xb, M - 1), (N,)),
        "support_size": (model.support_size(xb), (N,)),
    }
    for name, (val, shape) in outs.items():
        assert get_namespace(val) is xp, name
        assert tuple(val.shape) == shape, name
    for n in sorted({0, data.draw(st.integers(0, N - 1), label="column")}):
        col = xp.asarray(xn[:, n])
        single = {
            "scores": model.scores(col),
            "weights": model.weights(col),
            "retrieve": model.retrieve(col),
            "energy": model.energy(col),
            "energy_published": model.energy_published(col),
            "jacobian": model.jacobian(col),
            "error": model.error(col, M - 1),
            "support_size": model.support_size(col),
        }
        for name, val in single.items():
            batch = f(outs[name][0])
            ref = batch[n] if name in ("jacobian", "energy", "energy_published", "error", "support_size") else batch[:, n]
            assert tuple(val.shape) == ref.shape, name
            scale = 1.0 + np.max(np.abs(ref))
            np.testing.assert_allclose(f(val), ref, rtol=DEFAULT.rtol, atol=DEFAULT.atol * scale, err_msg=name)
    p = f(outs["weights"][0])
    assert np.all(p >= 0) and np.allclose(p.sum(axis=0), 1.0, atol=1e-12)


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds)
def test_weights_and_retrieve_match_oracle_maps(xp, dm, seed, beta, kind):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    theta = beta * (Xn.T @ xn)
    p_ref = map_np(kind[0], theta, kind[1])
    np.testing.assert_allclose(f(model.scores(x)), Xn.T @ xn, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(f(model.weights(x)), p_ref, atol=1e-10)
    np.testing.assert_allclose(f(model.retrieve(x)), Xn @ p_ref, atol=1e-10 * (1 + model.m))
    # support size: count of oracle non-zeros, unless an entry sits at the numerical boundary
    assume(not np.any((p_ref > 0) & (p_ref < 1e-8)))
    kappa = int(f(model.support_size(x)))
    assert kappa == (M if kind[0] == "dense" else int(np.count_nonzero(p_ref)))


# --------------------------------------------------------------------------- energy


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds, query=st.sampled_from(["near", "generic"]))
# an instance where a 2.7-entmax once returned weights violating its KKT conditions
@example(dm=(2, 8), seed=6, beta=0.9432801181514993, kind=("entmax", 2.7), query="near")
def test_energy_gradient_is_x_minus_T(xp, dm, seed, beta, kind, query):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind, query)
    h, _, pts = fd_points(xn, beta, model.m)
    H = f(model.energy(xp.asarray(pts)))
    grad_fd = (H[:d] - H[d:]) / (2 * h)
    grad = xn - f(model.retrieve(x))
    scale = 1.0 + float(np.linalg.norm(xn)) + model.m
    # rounding of H divided by h, plus the truncation term
    atol = FD.atol * scale + 64 * EPS * (1.0 + float(np.max(np.abs(H)))) / h
    np.testing.assert_allclose(grad_fd, grad, rtol=FD.rtol, atol=atol)


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds, query=st.sampled_from(["near", "generic"]))
def test_sufficient_decrease(xp, dm, seed, beta, kind, query):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind, query)
    y = model.retrieve(x)
    H0, H1 = float(model.energy(x)), float(model.energy(y))
    step = float(np.linalg.norm(f(y) - xn))
    slack = DEFAULT.atol * (1.0 + abs(H0) + abs(H1))
    assert H1 <= H0 - 0.5 * step**2 + slack


@fixture_ok
@given(
    dm=st.tuples(st.integers(2, 5), st.integers(2, 5)).filter(lambda t: t[0] != t[1]),
    seed=seeds,
    beta=st.floats(-1.0, 1.0).map(lambda t: 10.0**t),
    kind=kinds,
)
def test_energy_matches_slsqp(xp, dm, seed, beta, kind):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    H = float(model.energy(x))
    H_ref = energy_np(kind[0], Xn, xn, beta, kind[1])
    assert math.isclose(H, H_ref, rel_tol=LOOSE.rtol, abs_tol=LOOSE.atol * (1 + abs(H_ref)) / beta)


@fixture_ok
@given(dm=sizes, seed=seeds, beta=st.one_of(log_beta, st.sampled_from([1e-8, 1e8])))
def test_dense_energy_matches_logsumexp(xp, dm, seed, beta):
    d, M = dm
    Xn, xn, Xi, x = instance(xp, d, M, seed, "generic")
    H = float(DenseHopfield(Xi, beta).energy(x))
    H_ref = lse_energy_np(Xn, xn, beta)
    assert math.isclose(H, H_ref, rel_tol=DEFAULT.rtol, abs_tol=DEFAULT.atol * (1 + abs(H_ref)))


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds)
def test_fenchel_equality(xp, dm, seed, beta, kind):
    # beta^{-1} Omega*(beta z) = <p*, z> - beta^{-1} Omega(p*), Omega by its formula
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    p = f(model.weights(x))
    z = Xn.T @ xn
    conj = float(p @ z) - negentropy_np(kind[0], p, kind[1]) / beta
    H_ref = -conj + 0.5 * float(xn @ xn)
    H = float(model.energy(x))
    assert math.isclose(H, H_ref, rel_tol=1e-9, abs_tol=1e-9 * (1 + abs(H_ref)))


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds, N=st.integers(1, 3))
def test_published_energies(xp, dm, seed, beta, kind, N):
    d, M = dm
    rng = np.random.default_rng(seed)
    Xn, xn = rng.standard_normal((d, M)), rng.standard_normal((d, N))
    model = make(*kind, xp.asarray(Xn), beta)
    x = xp.asarray(xn)
    H, P = f(model.energy(x)), f(model.energy_published(x))
    sq = np.sum(xn * xn, axis=0)
    if kind[0] == "dense":
        expect = H + math.log(M) / beta + 0.5 * model.m**2
        np.testing.assert_allclose(f(model.energy(x, ramsauer_constant=True)), expect, rtol=1e-14, atol=1e-14)
    else:
        expect = beta * H + 0.5 * (1.0 - beta) * sq
    np.testing.assert_allclose(P, expect, rtol=1e-12, atol=1e-12 * (1 + np.max(np.abs(expect))))


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=st.sampled_from(KINDS[1:]))
@example(dm=(2, 8), seed=6, beta=0.9432801181514993, kind=("entmax", 2.7))
def test_published_gradient_is_x_minus_beta_T(xp, dm, seed, beta, kind):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    h, _, pts = fd_points(xn, beta, model.m)
    P = f(model.energy_published(xp.asarray(pts)))
    grad_fd = (P[:d] - P[d:]) / (2 * h)
    grad = xn - beta * f(model.retrieve(x))
    scale = (1.0 + float(np.linalg.norm(xn)) + model.m) * (1.0 + beta)
    atol = FD.atol * scale + 64 * EPS * (1.0 + float(np.max(np.abs(P)))) / h
    np.testing.assert_allclose(grad_fd, grad, rtol=FD.rtol, atol=atol)


# --------------------------------------------------------------------------- jacobian


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds)
def test_jacobian_matches_finite_differences(xp, dm, seed, beta, kind):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    h, E, pts = fd_points(xn, beta, model.m)
    # finite differences are only meaningful where the support does not change (the sparse
    # maps are piecewise smooth), and away from the support edge where the alpha > 2 maps
    # have unbounded derivatives
    wide = np.concatenate([xn[:, None] + 10 * h * E, xn[:, None] - 10 * h * E, xn[:, None]], axis=1)
    supp = f(model.weights(xp.asarray(wide))) > 0
    assume(np.all(supp == supp[:, -1:]))
    p = f(model.weights(x))
    if kind[0] != "dense":
        assume(p[p > 0].min() > 1e-4)
    T = f(model.retrieve(xp.asarray(pts)))
    J_fd = (T[:, :d] - T[:, d:]) / (2 * h)  # column i = dT/dx_i
    J = f(model.jacobian(x))
    assert J.shape == (d, d)
    scale = 1.0 + beta * model.m**2
    np.testing.assert_allclose(J, J_fd, rtol=FD.rtol, atol=FD.atol * scale)
    # J_T is symmetric positive semi-definite (a Hessian of the convex beta^{-1} Omega*(beta Xi^T x))
    np.testing.assert_allclose(J, J.T, atol=1e-12 * scale)
    assert np.linalg.eigvalsh(0.5 * (J + J.T)).min() >= -1e-10 * scale


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds, batch=st.booleans())
def test_jacobian_equals_the_product_with_the_map_jacobian(xp, dm, seed, beta, kind, batch):
    # oracle: Xi J_y Xi^T with the M x M Jacobian of hoptheory.maps, formed explicitly
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    X = np.stack([xn, -0.5 * xn], axis=1) if batch else xn
    theta = beta * (Xn.T @ X)
    thetas = theta.T if batch else theta[None, :]
    want = np.stack([beta * Xn @ f(model.family.jacobian(xp.asarray(t))) @ Xn.T for t in thetas])
    got = f(model.jacobian(xp.asarray(X)))
    want = want if batch else want[0]
    assert got.shape == want.shape
    scale = 1.0 + beta * model.m**2
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12 * scale)


def test_jacobian_never_forms_the_memory_square():
    # M = 10^6 patterns: an M x M float64 matrix would need 7.3 TiB
    rng = np.random.default_rng(0)
    Xi = rng.standard_normal((4, 10**6)) / 2.0
    x = Xi[:, 0].copy()
    for model in (DenseHopfield(Xi, 4.0), SparseHopfield(Xi, 4.0)):
        J = model.jacobian(x)
        assert J.shape == (4, 4) and np.all(np.isfinite(J))


# --------------------------------------------------------------------------- iterate, error


@fewer(0.5)
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds)
def test_iterate(xp, dm, seed, beta, kind):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    it = model.iterate(x, max_steps=30)
    assert isinstance(it, Iteration)
    traj, En, res = f(it.trajectory), f(it.energies), f(it.residuals)
    for arr in (it.trajectory, it.energies, it.residuals):
        assert get_namespace(arr) is xp
    assert traj.shape == (it.steps + 1, d) and En.shape == (it.steps + 1,) and res.shape == (it.steps + 1,)
    np.testing.assert_array_equal(traj[0], xn)
    assert it.reason in ("converged", "fixed_point_exact", "max_steps")
    assert it.converged == (it.reason != "max_steps")
    assert (it.steps == 30) if it.reason == "max_steps" else (it.steps <= 30)
    if it.converged:
        assert res[-1] <= it.tol
    else:
        assert res[-1] > it.tol
    assert np.all(res[:-1] > it.tol)  # it did not run past convergence
    for t in range(it.steps):
        np.testing.assert_allclose(traj[t + 1], Xn @ map_np(kind[0], beta * (Xn.T @ traj[t]), kind[1]), atol=1e-9)
        assert math.isclose(res[t], np.linalg.norm(traj[t + 1] - traj[t]), rel_tol=1e-9, abs_tol=1e-12)
        # monotone, with the CCCP sufficient decrease
        slack = DEFAULT.atol * (1 + abs(En[t]) + abs(En[t + 1]))
        assert En[t + 1] <= En[t] - 0.5 * res[t] ** 2 + slack
    np.testing.assert_allclose(En, [fenchel_energy_np(kind[0], Xn, traj[t], beta, kind[1]) for t in range(it.steps + 1)],
                               rtol=1e-9, atol=1e-9 * (1 + np.max(np.abs(En))))


def test_iterate_stopping_reasons(xp):
    Xn = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    Xi = xp.asarray(Xn)
    # sparsemax at a well-separated pattern with large beta: exactly one-hot, T(xi) = xi
    it = SparseHopfield(Xi, 50.0).iterate(Xi[:, 1])
    assert it.reason == "fixed_point_exact" and it.steps == 0 and it.converged
    # an exact fixed point reached after one step from a nearby query
    it = SparseHopfield(Xi, 50.0).iterate(xp.asarray([0.1, 0.9]))
    assert it.reason == "fixed_point_exact" and it.steps == 1
    np.testing.assert_array_equal(f(it.final), Xn[:, 1])
    # a budget of zero steps
    it = DenseHopfield(Xi, 0.3).iterate(xp.asarray([2.0, -1.0]), max_steps=0)
    assert it.reason == "max_steps" and it.steps == 0 and not it.converged
    # dense with small beta converges linearly to the unique fixed point
    it = DenseHopfield(Xi, 0.3).iterate(xp.asarray([2.0, -1.0]), max_steps=500)
    assert it.reason == "converged" and it.steps > 1
    it2 = DenseHopfield(Xi, 0.3).iterate(xp.asarray([2.0, -1.0]), max_steps=500, tol=1e-4)
    assert it2.reason == "converged" and it2.steps < it.steps and it2.tol == 1e-4


@fixture_ok
@given(dm=sizes, seed=seeds, beta=log_beta, kind=kinds, data=st.data())
def test_error_and_trivial_bounds(xp, dm, seed, beta, kind, data):
    d, M, Xn, xn, Xi, x, model = modelled(xp, dm, seed, beta, kind)
    mu = data.draw(st.integers(0, M - 1))
    err = float(model.error(x, mu))
    p = f(model.weights(x))
    Tx = f(model.retrieve(x))
    assert math.isclose(err, float(np.linalg.norm(Tx - Xn[:, mu])), rel_tol=1e-13, abs_tol=1e-14)
    far = max(np.linalg.norm(Xn[:, nu] - Xn[:, mu]) for nu in range(M) if nu != mu)
    assert err <= (1.0 - p[mu]) * far + 1e-12 * (1 + model.m)
    assert err <= 2 * model.m + 1e-12


# --------------------------------------------------------------------------- extreme beta


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: f"{k[0]}{k[1] or ''}")
@pytest.mark.parametrize("beta", [1e-8, 1e8])
def test_extreme_beta_is_finite_and_asymptotic(xp, kind, beta):
    d, M = 3, 5
    Xn, xn, Xi, x = instance(xp, d, M, 7, "generic")
    xb = xp.asarray(np.stack([xn, -xn, Xn[:, 2]], axis=1))
    model = make(*kind, Xi, beta)
    for val in (model.retrieve(xb), model.energy(xb), model.energy_published(xb), model.jacobian(xb),
                model.weights(xb), model.error(xb, 0)):
        assert np.all(np.isfinite(f(val)))
    it = model.iterate(x, max_steps=20)
    assert np.all(np.isfinite(f(it.energies))) and np.all(np.isfinite(f(it.trajectory)))
    z = Xn.T @ xn
    H = float(model.energy(x))
    half = 0.5 * float(xn @ xn)
    a = {"dense": 1.0, "sparse": 2.0}.get(kind[0], kind[1])
    if beta == 1e8:
        # beta -> inf: H -> -max z + 1/2 ||x||^2 (softmax within log(M)/beta; the sparse maps
        # are exactly one-hot once beta * gap >= the margin)
        assert math.isclose(H, -z.max() + half, rel_tol=0, abs_tol=math.log(M) / beta + 1e-12)
    else:
        # beta -> 0: p* -> uniform u, beta^{-1} Omega*(beta z) = -Omega(u)/beta + mean z + O(beta)
        if a == 1.0:
            omega_u = -math.log(M)
        else:
            omega_u = (M ** (1 - a) - 1) / (a * (a - 1))
        expect = omega_u / beta - z.mean() + half
        assert math.isclose(H, expect, rel_tol=1e-13, abs_tol=1e-6)


def test_entmax_two_is_sparse(xp):
    Xn, xn, Xi, x = instance(xp, 4, 6, 3)
    xb = xp.asarray(np.stack([xn, 2 * xn], axis=1))
    a, b = EntmaxHopfield(Xi, 2.5, 2.0), SparseHopfield(Xi, 2.5)
    for name in ("weights", "retrieve", "energy", "energy_published", "jacobian", "support_size"):
        np.testing.assert_array_equal(f(getattr(a, name)(xb)), f(getattr(b, name)(xb)), err_msg=name)


@pytest.mark.parametrize(
    "spec, cls",
    [(("softmax",), DenseHopfield), (("gini",), SparseHopfield), (("entmax", 1.5), EntmaxHopfield),
     ((maps.tsallis(2.7),), EntmaxHopfield), ((maps.SHANNON,), DenseHopfield)],
    ids=["softmax", "gini", "entmax1.5", "tsallis2.7", "SHANNON"],
)
def test_model_of_a_family_equals_the_named_model(xp, spec, cls):
    Xn, xn, Xi, x = instance(xp, 4, 6, 5)
    xb = xp.asarray(np.stack([xn, -xn, 0.5 * xn], axis=1))
    generic = HopfieldModel(Xi, 1.7, *spec)
    alpha = generic.family.alpha
    named = cls(Xi, 1.7, alpha) if cls is EntmaxHopfield else cls(Xi, 1.7)
    assert generic.family == named.family and generic.map_name == named.map_name
    for name in ("weights", "retrieve", "energy", "jacobian", "support_size"):
        np.testing.assert_array_equal(f(getattr(generic, name)(xb)), f(getattr(named, name)(xb)), err_msg=name)
    np.testing.assert_array_equal(f(generic.iterate(x).trajectory), f(named.iterate(x).trajectory))
    assert f"family={generic.family.name!r}" in repr(generic)
    with pytest.raises(NotImplementedError):
        generic.energy_published(x)


def test_model_family_lookup_errors():
    Xn = np.arange(12.0).reshape(3, 4) / 10.0
    with pytest.raises(ValueError, match="unknown family"):
        HopfieldModel(Xn, 1.0, "relu")
    with pytest.raises(ValueError, match="needs alpha"):
        HopfieldModel(Xn, 1.0, "entmax")
    with pytest.raises(ValueError, match="has alpha = 2"):
        HopfieldModel(Xn, 1.0, "sparsemax", alpha=1.5)
    assert EntmaxHopfield(Xn, 1.0, 2.0).family is maps.GINI


def test_dense_support_is_M_even_when_softmax_underflows(xp):
    Xn, xn, Xi, x = instance(xp, 3, 5, 1, "generic")
    model = DenseHopfield(Xi, 1e8)
    assert np.count_nonzero(f(model.weights(x))) < 5  # underflow to exact zeros
    assert int(f(model.support_size(x))) == 5


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: f"{k[0]}{k[1] or ''}")
def test_bad_input(kind):
    Xn = np.arange(12.0).reshape(3, 4) / 10.0
    make(*kind, Xn, 1.0)  # fine
    bad_Xi = [
        (np.ones(3), ValueError, r"shape \(3,\)"),
        (np.ones((2, 3, 4)), ValueError, "dimension"),
        (np.ones((3, 4), dtype=np.int64), TypeError, "floating"),
        (np.ones((3, 4), dtype=np.complex128), TypeError, "floating"),
        (np.ones((3, 0)), ValueError, "empty"),
        (np.ones((0, 4)), ValueError, "empty"),
        (np.where(np.eye(3, 4) > 0, np.nan, 1.0), ValueError, "NaN"),
        ([[1, 2], [3, 4]], TypeError, "integers"),
    ]
    for Xi, err, msg in bad_Xi:
        with pytest.raises(err, match=msg):
            make(*kind, Xi, 1.0)
    for beta, err in ((0.0, ValueError), (-1.0, ValueError), (math.nan, ValueError), (math.inf, ValueError),
                      ("1", TypeError), (None, TypeError)):
        with pytest.raises(err, match="beta"):
            make(*kind, Xn, beta)
    model = make(*kind, Xn, 1.0)
    methods = ["scores", "weights", "retrieve", "energy", "energy_published", "jacobian", "support_size"]
    calls = [getattr(model, name) for name in methods] + [lambda x: model.error(x, 0), model.iterate]
    strict = get_backend("array_api_strict")
    for call in calls:
        with pytest.raises(ValueError, match=r"d = 3 \(Xi has shape \(3, 4\)\); got shape \(4,\)"):
            call(np.ones(4))
        with pytest.raises(ValueError, match=r"got shape \(4, 2\)"):
            call(np.ones((4, 2)))
        with pytest.raises(ValueError, match="dimension"):
            call(np.ones((3, 2, 2)))
        with pytest.raises(ValueError, match="empty"):
            call(np.ones((3, 0)))
        with pytest.raises(TypeError, match="floating"):
            call(np.ones(3, dtype=np.int32))
        with pytest.raises(ValueError, match="NaN"):
            call(np.array([0.0, np.nan, 1.0]))
        with pytest.raises(TypeError, match="namespace"):
            call(strict.asarray([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match=r"0 <= mu < M = 4"):
        model.error(np.ones(3), 4)
    with pytest.raises(TypeError, match="mu"):
        model.error(np.ones(3), 0.0)
    with pytest.raises(ValueError, match="single query"):
        model.iterate(np.ones((3, 2)))
    for steps in (-1, 1.5, True):
        with pytest.raises(ValueError, match="max_steps"):
            model.iterate(np.ones(3), max_steps=steps)
    for tol, err in ((0.0, ValueError), (-1e-3, ValueError), (math.nan, ValueError), ("1e-3", TypeError)):
        with pytest.raises(err, match="tol"):
            model.iterate(np.ones(3), tol=tol)


def test_entmax_alpha_validation():
    Xn = np.arange(12.0).reshape(3, 4) / 10.0
    with pytest.raises(ValueError, match="DenseHopfield"):
        EntmaxHopfield(Xn, 1.0, 1.0)
    for alpha in (0.5, -2.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="alpha"):
            EntmaxHopfield(Xn, 1.0, alpha)
    with pytest.raises(TypeError, match="alpha"):
        EntmaxHopfield(Xn, 1.0, "two")
    assert EntmaxHopfield(Xn, 1.0, 1.5).alpha == 1.5
    assert "alpha=1.5" in repr(EntmaxHopfield(Xn, 1.0, 1.5))


def test_lists_are_accepted_for_float_entries():
    model = DenseHopfield([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]], 2.0)
    assert tuple(model.retrieve([0.3, 0.1]).shape) == (2,)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: f"{k[0]}{k[1] or ''}")
def test_float32_stays_float32(xp, kind):
    Xn, xn, _, _ = instance(xp, 4, 6, 2)
    Xi, x = xp.asarray(Xn, dtype=xp.float32), xp.asarray(xn, dtype=xp.float32)
    model = make(*kind, Xi, 3.0)
    for name in ("scores", "weights", "retrieve", "energy", "energy_published", "jacobian"):
        assert getattr(model, name)(x).dtype == xp.float32, name
    it = model.iterate(x, max_steps=200)
    assert it.trajectory.dtype == xp.float32 and it.energies.dtype == xp.float32
    # the default tolerance follows the dtype (float32 epsilon, not float64's)
    assert it.tol == pytest.approx(tolerance(np.float32).atol * max(model.m, 1.0))
    ref = make(*kind, xp.asarray(Xn), 3.0)
    np.testing.assert_allclose(f(model.retrieve(x)), f(ref.retrieve(xp.asarray(xn))), atol=1e-4)
    assert ref.iterate(xp.asarray(xn)).tol < it.tol


@pytest.mark.parametrize("cls", [DenseHopfield, SparseHopfield])
@pytest.mark.parametrize("method", ["retrieve", "energy", "jacobian", "support_size", "weights"])
def test_overflow_is_reported_in_terms_of_the_inputs(cls, method):
    rng = np.random.default_rng(1)
    Xi, x = rng.standard_normal((5, 7)), rng.standard_normal(5)
    with pytest.raises(ValueError, match=r"^the scores Xi\^T x overflow floating point: Xi has entries up to"):
        getattr(cls(Xi * 1e200, 1.0), method)(x * 1e200)
    with pytest.raises(ValueError, match=r"^beta \* Xi\^T x overflows floating point: beta = 1e\+307"):
        getattr(cls(Xi, 1e307), method)(10 * x)
