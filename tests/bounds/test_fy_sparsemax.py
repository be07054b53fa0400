"""Tests of hoptheory.bounds.blondel2020 and hoptheory.bounds.martins2016 against independent evaluations.

Oracles: the formulas written here with ``math``; the generator derivatives g' of the Tsallis
negentropy; the maps of hoptheory.maps at the thresholds the bounds state (one-hot at the margin,
full support below the full-support scale, the support breakpoints); the four kits at the examples.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from hoptheory.backend import tolerance
from hoptheory.bounds import Bound, declared_bounds
from hoptheory.bounds import blondel2020 as FY
from hoptheory.bounds import martins2016 as SM
from hoptheory.maps import entmax, sparsemax, support_size

TOL = tolerance(kind="default")

DIRECT = {
    "separable_margin": lambda dg_one, dg_zero: dg_one - dg_zero,
    "tsallis_margin": lambda alpha: 1 / (alpha - 1),
    "tsallis_margin_alpha_scaled": lambda alpha: alpha / (alpha - 1),
    "threshold_bracket_width": lambda dg_one, dg_one_over_M: dg_one - dg_one_over_M,
    "tsallis_bracket_width": lambda alpha, M: (1 - M ** (1 - alpha)) / (alpha - 1),
    "bisection_error_bound": lambda width, k: width / 2 ** k,
    "sparsemax_lipschitz_bound": lambda z_dist: z_dist,
    "sparsemax_one_hot_beta": lambda top_gap: 1 / top_gap,
    "sparsemax_full_support_beta": lambda M, mean_gap: 1 / (M * mean_gap),
    "sparsemax_support_breakpoint": lambda gap_sum: 1 / gap_sum,
}
ALL = {**FY.BOUNDS, **SM.BOUNDS}


def test_modules_declare_exactly_their_bounds():
    assert set(FY.BOUNDS) | set(SM.BOUNDS) == set(DIRECT)
    assert declared_bounds(FY.__name__) == FY.BOUNDS and declared_bounds(SM.__name__) == SM.BOUNDS
    for mod in (FY, SM):
        assert set(mod.__all__) == set(mod.BOUNDS) | {"BOUNDS"}
        assert all(isinstance(b, Bound) for b in mod.BOUNDS.values())


@pytest.mark.parametrize("name", sorted(ALL))
def test_four_kits_agree_with_the_direct_formula_at_the_example(name):
    b = ALL[name]
    ex = b.example
    exact = DIRECT[name](**ex)
    assert sympy.nsimplify(b.sympy(**ex) - sympy.Rational(exact.numerator, exact.denominator)
                           if isinstance(exact, Fraction) else b.sympy(**ex) - exact) == 0
    with mpmath.workdps(40):
        assert abs(b.mp(40, **ex) - mpmath.mpf(float(exact))) < 1e-15
    iv = b.certified(**ex)
    assert iv.b - iv.a < 1e-15 and iv.a - 1e-15 <= float(exact) <= iv.b + 1e-15  # exact is a rational
    res = b(**{k: float(v) for k, v in ex.items()})
    assert bool(res.valid) and math.isclose(float(res.value), float(exact), rel_tol=1e-15)


@given(alpha=st.floats(1.01, 6.0), M=st.integers(1, 50))
def test_tsallis_width_and_margin_from_the_generator_derivatives(alpha, M):
    a = alpha - 1.0
    for dg in (lambda t: (alpha * t ** a - 1) / (alpha * a), lambda t: (t ** a - 1) / a):  # g and the reference g~
        w = float(FY.tsallis_bracket_width(alpha, M).value)
        assert math.isclose(w, dg(1.0) - dg(1.0 / M), rel_tol=1e-12, abs_tol=1e-13)
        lam = float(FY.separable_margin(dg(1.0), dg(0.0)).value)
        assert math.isclose(lam, float(FY.tsallis_margin(alpha).value), rel_tol=1e-12)
    assert math.isclose(float(FY.tsallis_margin_alpha_scaled(alpha).value), alpha * float(FY.tsallis_margin(alpha).value))


@pytest.mark.parametrize("alpha", [1.25, 1.5, 2.0, 3.0])
def test_the_margin_is_where_entmax_turns_one_hot(alpha):
    lam = float(FY.tsallis_margin(alpha).value)
    assert np.array_equal(entmax(np.array([lam, 0.0, -1.0]), alpha), [1.0, 0.0, 0.0])
    assert entmax(np.array([0.9 * lam, 0.0, -1.0]), alpha)[1] > 0.0
    scaled = float(FY.tsallis_margin_alpha_scaled(alpha).value)   # the map of alpha Omega_alpha is entmax(theta/alpha)
    assert entmax(np.array([scaled, 0.0]) / alpha, alpha)[1] == 0.0
    assert entmax(np.array([0.9 * scaled, 0.0]) / alpha, alpha)[1] > 0.0


def test_hypotheses_fail_outside_the_domain():
    assert not bool(FY.tsallis_margin(1.0).hypotheses_hold)
    assert not bool(FY.tsallis_bracket_width(2.0, 1.5).hypotheses_hold)
    assert not bool(FY.bisection_error_bound(1.0, -1).hypotheses_hold)
    assert not bool(FY.separable_margin(-1.0, 0.0).hypotheses_hold)
    assert not bool(SM.sparsemax_one_hot_beta(0.0).hypotheses_hold)
    assert not bool(SM.sparsemax_full_support_beta(1, 0.5).hypotheses_hold)
    res = FY.bisection_error_bound(np.array([1.0, 2.0]), np.array([0.0, 3.0]))
    assert np.allclose(res.value, [1.0, 0.25])


@given(seed=st.integers(0, 2**31 - 1), M=st.integers(2, 9))
def test_sparsemax_scales_against_the_map(seed, M):
    z = np.random.default_rng(seed).standard_normal(M)
    s = np.sort(z)[::-1]
    b1 = float(SM.sparsemax_one_hot_beta(s[0] - s[1]).value)
    assert np.count_nonzero(sparsemax(1.0001 * b1 * z)) == 1
    assert np.count_nonzero(sparsemax(0.999 * b1 * z)) >= 2
    b0 = float(SM.sparsemax_full_support_beta(M, z.mean() - s[-1]).value)
    np.testing.assert_allclose(sparsemax(0.999 * b0 * z), 1 / M + 0.999 * b0 * (z - z.mean()), atol=1e-12)
    assert np.count_nonzero(sparsemax(1.01 * b0 * z)) < M
    for k in range(2, M + 1):
        bk = float(SM.sparsemax_support_breakpoint(float(np.sum(s[:k] - s[k - 1]))).value)
        assert int(support_size(0.999 * bk * z)) >= k
        assert int(support_size(1.001 * bk * z)) <= k - 1
    d = float(np.linalg.norm(z - z[::-1]))
    assert np.linalg.norm(sparsemax(z) - sparsemax(z[::-1])) <= float(SM.sparsemax_lipschitz_bound(d).value) + 1e-12
