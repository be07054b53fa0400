"""Tests of the classic capacity baselines: hopfield1982, mceliece1987, krotov2016, demircigil2017."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from hoptheory.bounds import Bound, demircigil2017, hopfield1982, krotov2016, mceliece1987, ramsauer2021

MODULES = (hopfield1982, mceliece1987, krotov2016, demircigil2017)


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.__name__)
def test_bounds_are_declared_and_exported(mod):
    assert mod.BOUNDS and all(isinstance(b, Bound) for b in mod.BOUNDS.values())
    assert set(mod.BOUNDS) <= set(mod.__all__)


@pytest.mark.parametrize("n", range(2, 10))
def test_double_factorial(n):
    assert float(krotov2016.double_factorial_odd(n).value) == math.prod(range(1, 2 * n - 2, 2))
    assert krotov2016.double_factorial_odd.sympy() is not None


@pytest.mark.parametrize("d", [3, 10, 100, 5000])
def test_n2_consistency(d):
    free = float(krotov2016.krotov_capacity_error_free(d, 2).value)
    assert math.isclose(free, float(mceliece1987.mceliece_capacity_most(d).value), rel_tol=1e-14)
    assert math.isclose(2 * float(mceliece1987.mceliece_capacity_all(d).value), free, rel_tol=1e-14)
    small = float(krotov2016.krotov_capacity_small_error(d, 2, 0.14).value)
    assert math.isclose(small, float(hopfield1982.hopfield_capacity(d).value), rel_tol=1e-14)


@pytest.mark.parametrize("d,n", [(10, 2), (40, 3), (24, 4), (1000, 5)])
def test_polynomial_threshold_matches_krotov(d, n):
    alpha = float(demircigil2017.demircigil_polynomial_alpha(n).value)
    assert alpha == 1 / (2 * math.prod(range(1, 2 * n - 2, 2)))
    load = float(demircigil2017.demircigil_polynomial_capacity(d, n, alpha).value)
    assert math.isclose(load, float(krotov2016.krotov_capacity_error_free(d, n).value), rel_tol=1e-13)


def test_exponential_capacity_and_errors():
    for d in (2, 10, 31):
        assert math.isclose(float(demircigil2017.demircigil_exponential_capacity(d).value), 2 ** (d / 2), rel_tol=1e-14)
        with_errors = float(demircigil2017.demircigil_capacity_with_errors(d, 0).value)
        assert math.isclose(with_errors, 2 ** (d / 2) + 1, rel_tol=1e-13)
    thr = float(ramsauer2021.demircigil_exponent_threshold(rho=0.1).value)
    assert math.isclose(float(demircigil2017.demircigil_capacity_with_errors(20, 0.1).value), math.exp(20 * thr) + 1,
                        rel_tol=1e-14)


def test_hypotheses_flag_out_of_range():
    assert not bool(demircigil2017.demircigil_capacity_with_errors(20, 0.6).hypotheses_hold)
    assert not bool(krotov2016.krotov_capacity_error_free(20, 1).hypotheses_hold)
    assert not bool(mceliece1987.mceliece_capacity_most(Fraction(5, 2)).hypotheses_hold)
