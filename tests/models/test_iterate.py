"""The one fixed-point loop: stopping reasons, energy options and validation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hoptheory.backend import get_backend
from hoptheory.models import DenseHopfield, Iteration
from hoptheory.models._iterate import iterate_map

NP = get_backend("numpy")


def _loop(T, x, tol, max_steps):
    """The stopping rule written out: the iterates and residuals up to the stop."""
    xs, rs = [x], [float(np.linalg.norm(T(x) - x))]
    while rs[-1] > tol and not np.array_equal(T(xs[-1]), xs[-1]) and len(xs) <= max_steps:
        xs.append(T(xs[-1]))
        rs.append(float(np.linalg.norm(T(xs[-1]) - xs[-1])))
    return np.array(xs), np.array(rs)


@pytest.mark.parametrize("tol, max_steps", [(1e-3, 100), (1e-9, 100), (1e-9, 4)])
def test_contraction_matches_the_written_out_loop(tol, max_steps):
    A = np.array([[0.5, 0.2], [-0.1, 0.3]])
    b = np.array([1.0, -1.0])

    def T(x):
        return A @ x + b

    run = iterate_map(T, np.zeros(2), d=2, xp=NP, scale=1.0, tol=tol, max_steps=max_steps)
    xs, rs = _loop(T, np.zeros(2), tol, max_steps)
    assert isinstance(run, Iteration)
    np.testing.assert_array_equal(run.trajectory, xs)
    np.testing.assert_allclose(run.residuals, rs, rtol=1e-15, atol=0)
    assert run.steps == len(xs) - 1 and run.tol == tol
    assert run.reason == ("converged" if rs[-1] <= tol else "max_steps")
    assert run.converged == (run.reason == "converged")
    assert np.all(np.isnan(run.energies)) and run.energies.shape == (len(xs),)


def test_fixed_point_exact_and_non_finite():
    run = iterate_map(lambda x: x, np.ones(3), d=3, xp=NP, scale=1.0)
    assert (run.reason, run.steps, run.converged) == ("fixed_point_exact", 0, True)
    with np.errstate(over="ignore", invalid="ignore"):
        run = iterate_map(lambda x: 10.0 * x * x, np.full(2, 2.0), d=2, xp=NP, scale=1.0, max_steps=50)
    assert run.reason == "non_finite" and not run.converged and not math.isfinite(run.residuals[-1])
    energy = lambda x: np.inf if x[0] > 3 else float(x[0])  # noqa: E731
    run = iterate_map(lambda x: x + 1.0, np.zeros(1), d=1, xp=NP, scale=1.0, energy=energy)
    assert run.reason == "non_finite" and run.steps == 4 and run.energies.tolist()[:4] == [0.0, 1.0, 2.0, 3.0]


def test_energy_per_iterate_equals_the_trace_after_the_loop():
    rng = np.random.default_rng(0)
    Xi = rng.standard_normal((3, 5))
    model = DenseHopfield(Xi, 2.0)
    x0 = Xi[:, 1] + 0.3 * rng.standard_normal(3)
    traced = model.iterate(x0, max_steps=40)
    per_step = iterate_map(model.retrieve, x0, d=3, xp=model.xp, scale=model.m, energy=model.energy, max_steps=40)
    np.testing.assert_array_equal(per_step.trajectory, traced.trajectory)
    np.testing.assert_allclose(per_step.energies, traced.energies, rtol=1e-14, atol=1e-14)
    assert np.all(np.diff(traced.energies) <= 1e-12)  # the CCCP descends
    with pytest.raises(ValueError, match="at most one"):
        iterate_map(model.retrieve, x0, d=3, xp=model.xp, scale=1.0, energy=model.energy, energy_trace=model.energy)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [(dict(max_steps=-1), ValueError, "max_steps"), (dict(max_steps=2.0), ValueError, "max_steps"),
     (dict(tol=0.0), ValueError, "tol"), (dict(tol=math.nan), ValueError, "tol"), (dict(tol="1"), TypeError, "tol")],
)
def test_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        iterate_map(lambda x: x, np.ones(2), d=2, xp=NP, scale=1.0, **kwargs)
    with pytest.raises(ValueError, match="single query"):
        iterate_map(lambda x: x, np.ones((2, 3)), d=2, xp=NP, scale=1.0)
