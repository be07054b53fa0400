"""Tests of hoptheory.bounds.spherical_codes.

Oracles: each formula rewritten naively in mpmath with trigonometric functions of the angle
(``mpmath.sin``, ``mpmath.acos``) and ``mpmath.gamma``; the published optimal separations
(Tammes optima in d = 3, the simplex and Rankin's orthoplex range in every d); codes built or
found by :mod:`hoptheory.sampling`.
"""

from __future__ import annotations

import doctest
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import hoptheory.bounds.spherical_codes as sc
from hoptheory.backend import to_numpy
from hoptheory.bounds import Bound, spherical_codes
from hoptheory.sampling import (
    TAMMES_ANGLES_DEGREES,
    min_separation_unit,
    minimal_angle,
    optimise_code,
    orthoplex_code,
    simplex_code,
)


def _mp(x):
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _theta(c):
    return mpmath.acos(_mp(c))


# naive formulas in mpmath, written from the catalogue with the angle itself
NAIVE = {
    "rankin_simplex_size": lambda d: _mp(d) + 1,
    "rankin_orthoplex_size": lambda d: 2 * _mp(d),
    "rankin_code_size_bound": lambda cos_theta: 1 - 1 / _mp(cos_theta),
    "csw_lower_bound": lambda d, cos_theta: mpmath.sqrt(2 * mpmath.pi * d) * mpmath.cos(_theta(cos_theta))
    / mpmath.sin(_theta(cos_theta)) ** (d - 1),
    "csw_exponent": lambda cos_theta: -mpmath.log(mpmath.sin(_theta(cos_theta)), 2),
    "kl_exponent": lambda cos_theta: _rho(mpmath.sin(_theta(cos_theta))),
    "khm_separation_lower_bound": lambda M, d: mpmath.mpf(1) / 2 * (
        mpmath.sqrt(mpmath.pi) / M * mpmath.gamma(mpmath.mpf(d + 1) / 2) / mpmath.gamma(mpmath.mpf(d) / 2 + 1)
    ) ** (mpmath.mpf(2) / (d - 1)),
    "khm_separation_upper_bound": lambda M, d: 2 * (
        2 * mpmath.sqrt(mpmath.pi) / M * mpmath.gamma(mpmath.mpf(d + 1) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)
    ) ** (mpmath.mpf(1) / (d - 1)),
    "code_capacity_angle_cos": lambda lambda_margin, beta, m, r: 1 - (
        _mp(lambda_margin) / _mp(beta) + 2 * _mp(m) * _mp(r)) / _mp(m) ** 2,
}


def _rho(s):
    a, b = (1 + s) / (2 * s), (1 - s) / (2 * s)
    return a * mpmath.log(a, 2) - b * mpmath.log(b, 2)


def test_the_module_declares_exactly_the_listed_bounds():
    assert sorted(sc.BOUNDS) == sorted(NAIVE)
    assert all(isinstance(b, Bound) for b in sc.BOUNDS.values())
    assert set(sc.__all__) == set(NAIVE) | {"BOUNDS", "rankin_code_size"}
    assert spherical_codes is sc


@pytest.mark.parametrize("name", sorted(NAIVE))
def test_the_four_kits_agree_with_the_mpmath_oracle_at_the_example(name):
    b = sc.BOUNDS[name]
    ex = b.example
    with mpmath.workdps(50):
        oracle = NAIVE[name](**ex)
        assert abs(b.mp(50, **ex) - oracle) <= mpmath.mpf(10) ** -45 * max(1, abs(oracle))
        assert abs(sympy.N(b.sympy(**ex), 50) - sympy.Float(oracle, 50)) <= 1e-40 * max(1, abs(float(oracle)))
    iv = b.certified(**ex)
    assert iv.a <= oracle <= iv.b and float(iv.b - iv.a) <= 1e-18 * max(1.0, abs(float(oracle)))
    res = b(**{k: float(v) for k, v in ex.items()})
    assert bool(res.hypotheses_hold) and not bool(res.ill_defined)
    assert float(res.value) == pytest.approx(float(oracle), rel=1e-13)


def test_vectorised_on_the_backends(xp):
    thetas = np.linspace(0.05, math.pi / 2 - 0.05, 17)
    c = xp.asarray(np.cos(thetas))
    for name in ("csw_exponent", "kl_exponent"):
        got = to_numpy(sc.BOUNDS[name](cos_theta=c, strict=True).value)
        want = [float(NAIVE[name](float(x))) for x in np.cos(thetas)]
        np.testing.assert_allclose(got, want, rtol=1e-12)
    Ms = xp.asarray(np.arange(2.0, 40.0))
    up = to_numpy(sc.khm_separation_upper_bound(Ms, 5.0, strict=True).value)
    np.testing.assert_allclose(up, [float(NAIVE["khm_separation_upper_bound"](int(M), 5)) for M in range(2, 40)],
                               rtol=1e-13)


def test_docstring_examples():
    assert doctest.testmod(sc).failed == 0


# --------------------------------------------------------------------------- Rankin


@pytest.mark.parametrize("d", [1, 2, 3, 4, 6, 10])
def test_simplex_and_orthoplex_attain_rankin(xp, d):
    S, O = simplex_code(d, xp=xp), orthoplex_code(d, xp=xp)
    assert S.shape[1] == float(sc.rankin_simplex_size(d).value) == sc.rankin_code_size(Fraction(-1, d))
    assert O.shape[1] == float(sc.rankin_orthoplex_size(d).value)
    assert math.cos(minimal_angle(S)) == pytest.approx(-1.0 / d, abs=1e-15)  # angles > pi/2
    assert minimal_angle(O) == (math.pi / 2 if d > 1 else math.pi)
    # the real refinement at the simplex's cosine is d + 1 (exactly, for the exact cosine)
    assert sc.rankin_code_size_bound.mp(30, cos_theta=Fraction(-1, d)) == d + 1


def test_rankin_refinement_holds_on_optimised_obtuse_codes():
    """Every optimiser code with cos(theta_min) < 0 has M <= 1 - 1/cos(theta_min)."""
    checked = 0
    for d in (2, 3, 4, 5):
        for M in range(2, d + 2):
            U = optimise_code(d, M, seed=d * 10 + M, steps=800)
            c = math.cos(minimal_angle(U))
            assert c < 0
            bound = float(sc.rankin_code_size_bound(c, strict=True).value)
            # the codes are close to the simplex, where the bound is tight: allow rounding of c only
            assert M <= bound * (1 + 64 * np.finfo(np.float64).eps)
            checked += 1
    assert checked == 14


def test_rankin_code_size_is_exact_and_checks_its_input():
    assert sc.rankin_code_size(-1) == 2
    assert sc.rankin_code_size(Fraction(-1, 7)) == 8
    assert sc.rankin_code_size(Fraction(-1, 7) - Fraction(1, 10**30)) == 7
    assert sc.rankin_code_size(-1 / 3) == 4  # float64 -1/3 lies just above -1/3
    for bad in (0, 0.5, -1.5, Fraction(-3, 2)):
        with pytest.raises(ValueError):
            sc.rankin_code_size(bad)
    for bad in (True, "x", None, complex(-1, 0)):
        with pytest.raises(TypeError):
            sc.rankin_code_size(bad)
    with pytest.raises(ValueError):
        sc.rankin_code_size(float("nan"))
    assert "cos_theta in [-1, 0)" in sc.rankin_code_size_bound(0.2).failed_hypotheses()


# --------------------------------------------------------------------------- KHM separation bounds


def _golden():
    """(M, d, optimal separation) from the published optima."""
    out = [(M, 3, 1 - math.cos(math.radians(a))) for M, a in TAMMES_ANGLES_DEGREES.items()]
    for d in range(2, 13):
        out.append((d + 1, d, 1 + 1 / d))
        out += [(M, d, 1.0) for M in range(d + 2, 2 * d + 1)]
    return out


@pytest.mark.parametrize("M, d, opt", _golden(), ids=[f"M{M}-d{d}" for M, d, _ in _golden()])
def test_golden_separations_lie_between_the_khm_bounds(M, d, opt):
    lo = float(sc.khm_separation_lower_bound(M, d, strict=True).value)
    up = float(sc.khm_separation_upper_bound(M, d, strict=True).value)
    assert lo <= opt <= up


def test_where_the_khm_upper_bound_is_trivial():
    """Upper bound >= 2 exactly for M <= 2 sqrt(pi) Gamma((d+1)/2) / Gamma(d/2) (checked at 40 digits)."""
    expected = {2: 3, 3: 4, 4: 4, 5: 5, 6: 5, 7: 6, 8: 6, 9: 7, 10: 7, 16: 9, 32: 14, 64: 19}
    for d, last in expected.items():
        with mpmath.workdps(40):
            trivial = [M for M in range(2, 60) if sc.khm_separation_upper_bound.mp(40, M=M, d=d) >= 2]
            threshold = 2 * mpmath.sqrt(mpmath.pi) * mpmath.gamma(mpmath.mpf(d + 1) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)
            # d = 3: the threshold is exactly 4, where the bound equals 2
            assert last == int(mpmath.floor(threshold + mpmath.mpf(10) ** -30))
        assert trivial == list(range(2, last + 1))
    # d = 3: the bound is 2 sqrt(4 / M), exactly the trivial 2 at M = 4
    assert sc.khm_separation_upper_bound.mp(40, M=4, d=3) == 2
    res = sc.khm_separation_upper_bound(np.arange(2.0, 12.0), 3.0)
    assert to_numpy(res.vacuous)[4:].tolist() == [False] * 6 and to_numpy(res.vacuous)[:2].all()


@pytest.mark.parametrize("d, M", [(4, 12), (4, 20), (5, 16), (6, 24), (8, 40)])
def test_optimised_codes_do_not_exceed_the_khm_upper_bound(d, M):
    found = min_separation_unit(optimise_code(d, M, seed=1, steps=800))
    up = float(sc.khm_separation_upper_bound(M, d, strict=True).value)
    lo = float(sc.khm_separation_lower_bound(M, d, strict=True).value)
    assert found <= up
    assert lo <= found  # a good code beats the guaranteed separation


# --------------------------------------------------------------------------- asymptotic exponents


def test_kl_exponent_dominates_csw_exponent_on_a_grid():
    thetas = np.linspace(1e-3, math.pi / 2 - 1e-3, 2001)
    c = np.cos(thetas)
    kl = to_numpy(sc.kl_exponent(c, strict=True).value)
    csw = to_numpy(sc.csw_exponent(c, strict=True).value)
    assert np.all(kl >= csw)
    assert np.all(csw > 0)
    # at the extremes: both rates -> infinity as theta -> 0 and -> 0 as theta -> pi/2
    assert kl[-1] < 1e-2 and csw[-1] < 1e-5 and kl[0] > 10


def _kl_at_any_precision(c: float):
    """rho(theta) from its definition, at enough digits that 1 - sin(theta) keeps 40 of them."""
    dps = 50 + int(2 * max(0.0, -math.log10(c)))
    with mpmath.workdps(dps):
        return +_rho(mpmath.sin(_theta(c)))


def test_kl_exponent_keeps_its_accuracy_as_cos_theta_tends_to_zero():
    """Below cos(theta) ~ 1e-8, sin(theta) rounds to 1 in float64; the rate must tend to 0, not be NaN."""
    c = np.concatenate([np.logspace(-320, -1, 181), np.linspace(0.1, 0.99, 90)])
    res = sc.kl_exponent(c, strict=True)
    value = to_numpy(res.value)
    assert not np.any(np.isnan(value)) and not bool(np.any(to_numpy(res.ill_defined)))
    for ci, vi in zip(c, value):
        exact = _kl_at_any_precision(float(ci))
        if exact < 1e-300:  # below the normal range: the float can only be 0 or subnormal
            assert 0 <= vi <= 1e-299, (ci, vi, exact)
        else:
            assert abs(mpmath.mpf(float(vi)) - exact) <= 1e-14 * exact, (ci, vi, exact)
    # the high-precision kit and the interval enclosure agree with the definition there too
    for ci in (1e-9, 1e-30, 1e-200):
        exact = _kl_at_any_precision(ci)
        assert abs(sc.kl_exponent.mp(50, cos_theta=ci) - exact) <= mpmath.mpf(10) ** -45 * exact
        enclosure = sc.kl_exponent.certified(cos_theta=ci)
        assert enclosure.a <= exact <= enclosure.b


def test_csw_lower_bound_grows_with_its_exponent():
    """log2 of the CSW term over d tends to -log2 sin(theta)."""
    c = 0.5
    rate = [math.log2(float(sc.csw_lower_bound(d, c, strict=True).value)) / d for d in (10, 100, 1000)]
    target = float(sc.csw_exponent(c).value)
    assert abs(rate[2] - target) < abs(rate[1] - target) < abs(rate[0] - target) and abs(rate[2] - target) < 1e-2
    assert "cos_theta in (0, 1)" in sc.csw_lower_bound(5, -0.2).failed_hypotheses()


# --------------------------------------------------------------------------- capacity correspondence


@given(lam=st.floats(0.0, 5.0), beta=st.floats(0.05, 50.0), m=st.floats(0.1, 5.0), r=st.floats(0.0, 1.0),
       cos=st.floats(-1.0, 1.0))
def test_code_capacity_angle_is_the_margin_certificate(lam, beta, m, r, cos):
    """cos(theta) <= cos(theta*) iff beta (m^2 (1 - cos theta) - 2 m r) >= lambda (up to rounding)."""
    res = sc.code_capacity_angle_cos(lam, beta, m, r)
    c_star = float(res.value)
    assert bool(res.hypotheses_hold) == (lam / beta + 2 * m * r <= 2 * m * m)
    certificate = beta * (m * m * (1 - cos) - 2 * m * r) - lam
    scale = 8 * np.finfo(np.float64).eps * (beta * m * m * 2 + beta * 2 * m * r + lam)
    if abs(certificate) > scale:
        assert (cos <= c_star) == (certificate >= 0)


def test_code_capacity_angle_hypotheses():
    assert "lambda_margin/beta + 2 m r <= 2 m^2" in sc.code_capacity_angle_cos(5.0, 1.0, 1.0, 0.0).failed_hypotheses()
    assert float(sc.code_capacity_angle_cos(4.0, 2.0, 1.0, 0.0).value) == -1.0  # the boundary case
