"""The data resolver: validated data and the named quantities computed from it."""

import math

import array_api_strict
import numpy as np
import pytest

from hoptheory.bounds._data import QUANTITIES, Data, evaluate, quantity
from hoptheory.bounds._declare import bound


@pytest.fixture
def instance():
    rng = np.random.default_rng(3)
    Xi = rng.standard_normal((4, 6))
    x = Xi[:, 2] + 0.1 * rng.standard_normal(4)
    return Xi, x


def test_quantities_against_naive_formulas(instance):
    Xi, x = instance
    D = Data(Xi, x, 2, 1.5)
    norms = np.linalg.norm(Xi, axis=0)
    z = Xi.T @ x
    others = [j for j in range(6) if j != 2]
    assert float(D["m"]) == pytest.approx(norms.max(), rel=1e-15)
    assert float(D["query_sep"]) == pytest.approx(z[2] - z[others].max(), rel=1e-12)
    assert float(D["dist"]) == pytest.approx(np.linalg.norm(x - Xi[:, 2]), rel=1e-15)
    assert float(D["max_dist"]) == pytest.approx(max(np.linalg.norm(Xi[:, 2] - Xi[:, j]) for j in others), rel=1e-15)
    pair = min(np.linalg.norm(Xi[:, i] - Xi[:, j]) for i in range(6) for j in range(6) if i != j)
    assert float(D["R"]) == pytest.approx(pair / 2, rel=1e-12)
    g = Xi.T @ Xi
    assert float(D["Delta"]) == pytest.approx(min(g[2, 2] - g[2, j] for j in others), rel=1e-12)
    assert float(D["k"]) == 6 and float(D["M"]) == 6 and float(D["d"]) == 4


def test_a_batch_of_queries_and_a_mask(instance):
    Xi, x = instance
    X = np.stack([x, Xi[:, 0]], axis=1)
    mask = np.array([True, True, True, False, False, True])
    D = Data(Xi, X, 2, 1.0, mask)
    assert D["dist"].shape == (2,) and D["query_sep"].shape == (2,)
    assert D["k"].tolist() == [4.0, 4.0]


def test_bad_data_is_refused_with_the_shapes(instance):
    Xi, x = instance
    with pytest.raises(ValueError, match=r"\(4, 1\)"):
        Data(Xi[:, :1])
    with pytest.raises(ValueError, match="got shape \\(3,\\)"):
        Data(Xi, x[:3], 0)
    with pytest.raises(ValueError, match="0 <= mu < M = 6"):
        Data(Xi, x, 6)
    with pytest.raises(TypeError, match="integer"):
        Data(Xi, x, 1.0)
    with pytest.raises(ValueError, match="beta must be > 0"):
        Data(Xi, x, 0, 0.0)
    with pytest.raises(TypeError, match="boolean"):
        Data(Xi, x, 0, 1.0, np.ones(6))
    with pytest.raises(ValueError, match="mask has shape"):
        Data(Xi, x, 0, 1.0, np.ones(5, dtype=bool))
    with pytest.raises(TypeError, match="needs x"):
        Data(Xi, None, 0)["query_sep"]
    with pytest.raises(KeyError, match="no quantity"):
        Data(Xi)["nonsense"]
    with pytest.raises(TypeError):
        Data(array_api_strict.asarray(Xi), x, 0)


def test_evaluate_reads_the_parameters_by_name_and_adds_data_hypotheses(instance):
    Xi, x = instance

    @bound(latex="2m(M-1)e^{-\\beta q}", source="a test", example={"m": 1, "M": 2, "beta": 1, "query_sep": 1})
    def toy_bound_on_data(F, m, M, beta, query_sep):
        """A toy bound."""
        return 2 * m * (M - 1) * F.exp(-beta * query_sep)

    D = Data(Xi, x, 2, 1.5)
    res = evaluate(toy_bound_on_data, D, hypotheses={"x near xi_mu": D["dist"] <= 0.0})
    naive = 2 * np.linalg.norm(Xi, axis=0).max() * 5 * math.exp(-1.5 * float(D["query_sep"]))
    assert float(res.value) == pytest.approx(naive, rel=1e-14)
    assert res.failed_hypotheses() == ["x near xi_mu"]
    res2 = evaluate(toy_bound_on_data, D, given={"query_sep": 0.0})
    assert float(res2.value) == pytest.approx(2 * float(D["m"]) * 5, rel=1e-15)


def test_a_name_means_one_thing():
    with pytest.raises(RuntimeError, match="already defined"):
        quantity("m")(lambda D: 0.0)
    assert {"d", "M", "m", "R", "Delta", "query_sep", "dist", "max_dist", "k", "beta"} <= set(QUANTITIES)
