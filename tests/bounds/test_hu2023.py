"""Tests of hoptheory.bounds.hu2023 against independent evaluations.

Oracles: direct formulas written here with ``math`` (in rewritten but equivalent forms where
the catalogue gives one), SciPy root finding for the Lambert constants (``brentq`` on
b/C = a + ln C, not Lambert W), SciPy quadrature of the spherical-cap density for the
incomplete beta function, mpmath at 50 digits, the SymPy twin evaluated with ``evalf``, and
brute-force NumPy computations of scores, softmax and sparsemax (bisection) for the functions
on (Xi, x).
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import math
import re
import zlib

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special

from hoptheory.backend import get_namespace, to_numpy, tolerance
from hoptheory.bounds import Bound, BoundHypothesisError, BoundResult
from hoptheory.bounds import hu2023 as B

TOL = tolerance(kind="default")
LOOSE = tolerance(kind="loose")

# --------------------------------------------------------------------------- parameter draws


def _u(lo, hi):
    return lambda rng, n: rng.uniform(lo, hi, n)


def _logu(lo, hi):
    return lambda rng, n: 10.0 ** rng.uniform(lo, hi, n)


def _ints(lo, hi):
    return lambda rng, n: rng.integers(lo, hi, n).astype(np.float64) if n is not None else float(rng.integers(lo, hi))


# ranges keep every exponent below 700 (no float overflow) and every denominator away from 0
DRAW = {
    "m": _u(0.2, 2.0), "M": _ints(2, 40), "d": _ints(2, 60), "beta": _logu(-2, 2),
    "score": _u(-2, 2), "max_overlap": _u(-2, 2), "dist": _u(0, 1), "R": _u(0.05, 1.0),
    "p_mu": _u(0, 1), "query_sep": _u(-1, 3), "Delta": _u(-1, 4), "energy": _u(-5, 5),
    "step": _u(0, 3), "x_norm": _u(0, 4), "energy0": _u(-3, 5), "kappa": _ints(1, 12),
    "gap": _u(0, 1), "gap_sum": _u(0, 3), "spectral_norm": _u(0, 5), "eta_norm": _u(0, 2),
    "delta": _u(-0.04, 1), "delta_inf": _u(-0.04, 1), "r": _u(0, 0.5), "max_dist": _u(0, 4),
    "a": _u(-5, 5), "b": _logu(-2, 2), "p_fail": _logu(-4, -0.01), "K": _u(0.5, 4),
    "alpha": _u(0, math.pi),
}


def _certificate_params(rng, n):
    """m, beta, r with 1/beta + 2 m r = u m^2, u in (0.05, 0.9) (phi* < pi/2)."""
    m = rng.uniform(0.5, 3.0, n)
    u = rng.uniform(0.05, 0.9, n)
    beta = 10.0 ** rng.uniform(0, 2, n) * 2 / (u * m * m)
    r = (u * m * m - 1 / beta) / (2 * m)
    return {"m": m, "beta": beta, "r": r}


def _negative_log_argument(rng, n):
    """R + delta < 0: the published capacity constants are then defined (their hypotheses fail)."""
    R = rng.uniform(0.05, 1.0, n)
    return {"R": R, "delta": -R - rng.uniform(0.01, 1.0, n)}


OVERRIDES = {
    "capacity_a_published": _negative_log_argument,
    "capacity_constant_published": _negative_log_argument,
    "capacity_lower_bound_published": _negative_log_argument,
    "capacity_a_dense_as_quoted": lambda rng, n: {"R": -rng.uniform(0.05, 1.0, n)},
    "capacity_constant_dense_as_quoted": lambda rng, n: {"R": -rng.uniform(0.05, 1.0, n)},
    "capacity_lower_bound_dense_as_quoted": lambda rng, n: {"R": -rng.uniform(0.05, 1.0, n)},
    "capacity_certificate_failure_probability": _certificate_params,
    "capacity_certificate_patterns": _certificate_params,
}


def draw_params(bound: Bound, rng, n=None) -> dict:
    params = {p: DRAW[p](rng, n) for p in bound.parameters}
    if bound.name in OVERRIDES:
        params.update(OVERRIDES[bound.name](rng, n))
    if n is None:
        params = {k: float(v) for k, v in params.items()}
    return params


# --------------------------------------------------------------------------- independent oracles


def _lambert_root(a, b):
    """The positive root of b/C = a + ln C (decreasing in C), by bracketing."""
    g = lambda c: b / c - a - math.log(c)  # noqa: E731
    lo, hi = 1e-300, 1.0
    while g(hi) > 0:
        hi *= 2.0
    while g(lo) < 0:  # pragma: no cover  (g(0+) = +inf)
        lo /= 2.0
    return optimize.brentq(g, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)


def _cap_fraction(d, s):
    """Pr[angle(u, v) < phi] for independent uniform directions in R^d with cos phi = s, by quadrature.

    The density of t = <u, v> is proportional to (1 - t^2)^((d - 3)/2) on [-1, 1]; the algebraic
    weight of QUADPACK handles the endpoint singularity of d = 2.
    """
    k = (d - 3) / 2
    num, _ = integrate.quad(lambda t: (1 + t) ** k, s, 1, weight="alg", wvar=(0, k), epsabs=0, epsrel=1e-13)
    den, _ = integrate.quad(lambda t: 1.0, -1, 1, weight="alg", wvar=(k, k), epsabs=0, epsrel=1e-13)
    return num / den


def _cos_star(beta, m, r):
    return 1 - (1 / beta + 2 * m * r) / (m * m)


def _o_cap_a(d, m, p_fail, R, delta):
    return 4 / (d - 1) * (math.log(2 * m * (math.sqrt(p_fail) - 1) / (R + delta)) + 1)


def _o_cap_c(beta, d, m, p_fail, R, delta):
    return _lambert_root(_o_cap_a(d, m, p_fail, R, delta), 4 * m * m * beta / (5 * (d - 1)))


def _o_ram_c(beta, K, d, p_fail):
    a = 2 / (d - 1) * (1 + math.log(2 * beta * K * K * p_fail * (d - 1)))
    return _lambert_root(a, 2 * K * K * beta / 5)


ORACLES = {
    "dense_error_bound_as_quoted": lambda m, M, beta, score, max_overlap, dist, R:
        2 * m * (M - 1) * math.exp(-beta * (score - max_overlap)),
    "retrieval_error_weight_bound": lambda m, p_mu: 2 * m - 2 * m * p_mu,
    "dense_error_bound_query": lambda m, M, beta, query_sep: 2 * m * (M - 1) / math.exp(beta * query_sep),
    "dense_error_bound_ball": lambda m, M, beta, Delta, dist:
        2 * m * (M - 1) * math.exp(-beta * Delta) * math.exp(2 * beta * m * dist),
    "dense_well_separation_threshold": lambda beta, M, m, R:
        (math.log(2) + math.log(M - 1) + math.log(m) - math.log(R)) / beta + 2 * m * R,
    "dense_well_separation_min_beta": lambda M, m, R, Delta: math.log(2 * (M - 1) * m / R) / (Delta - 2 * m * R),
    "sufficient_decrease_bound": lambda energy, step: energy - 0.5 * step ** 2,
    "sparse_energy_lower_bound": lambda beta, m, M, x_norm: 0.5 * (x_norm - m) ** 2 - 0.5 * m * m - (M - 1) / (2 * beta * M),
    "sparse_energy_infimum_bound": lambda beta, m: -(beta * m * m + 1) / (2 * beta),
    "convergence_step_sum_bound": lambda energy0, beta, m: 2 * energy0 + m * m + 1 / beta,
    # the catalogue's rewritten form m + sqrt(d) m (1 + beta kappa gap)
    "retrieval_error_sparsity_bound_published": lambda m, d, beta, kappa, gap, dist, R:
        m + math.sqrt(d) * m * (1 + beta * kappa * gap),
    "retrieval_error_sparsity_bound_floor": lambda m, d: m + m * math.sqrt(d),
    "retrieval_error_sparsity_bound_ceiling": lambda m, d, kappa: m + m * math.sqrt(d) * (1 + kappa),
    # the identity 2m (1 - p_top), p_top = (1 + beta sum)/kappa
    "retrieval_error_sparsity_bound_corrected": lambda m, beta, kappa, gap_sum, query_sep:
        2 * m * (1 - (1 + beta * gap_sum) / kappa),
    "retrieval_error_support_bound": lambda m, kappa, query_sep: 2 * m * (1 - 1 / kappa),
    "sparse_lipschitz_bound": lambda beta, spectral_norm, eta_norm: beta * spectral_norm ** 2 * eta_norm,
    "dense_lipschitz_bound": lambda beta, spectral_norm, eta_norm: 0.5 * beta * spectral_norm ** 2 * eta_norm,
    "well_separation_threshold_published": lambda beta, M, m, R, delta:
        math.log(2 * (M - 1) * m / (R + delta)) / beta + 2 * m * R,
    "well_separation_threshold_corrected": lambda beta, M, m, R, delta_inf:
        math.log(2 * (M - 1) * m / (R + delta_inf)) / beta + 2 * m * R,
    "exact_retrieval_gap_threshold": lambda beta: 1 / beta,
    "exact_retrieval_ball_threshold": lambda beta, m, r: 1 / beta + 2 * m * r,
    "exact_retrieval_ball_threshold_sharp": lambda beta, r, max_dist: 1 / beta + r * max_dist,
    "lambert_capacity_constant": _lambert_root,
    "capacity_a_published": _o_cap_a,
    "capacity_b_published": lambda d, m, beta: 0.8 * m * m * beta / (d - 1),
    "capacity_constant_published": _o_cap_c,
    "capacity_lower_bound_published": lambda beta, d, m, p_fail, R, delta:
        math.sqrt(p_fail) * _o_cap_c(beta, d, m, p_fail, R, delta) ** ((d - 1) / 4),
    "capacity_a_dense_as_quoted": lambda d, m, p_fail, R: _o_cap_a(d, m, p_fail, R, 0.0),
    "capacity_constant_dense_as_quoted": lambda beta, d, m, p_fail, R: _o_cap_c(beta, d, m, p_fail, R, 0.0),
    "capacity_lower_bound_dense_as_quoted": lambda beta, d, m, p_fail, R:
        math.sqrt(p_fail) * _o_cap_c(beta, d, m, p_fail, R, 0.0) ** ((d - 1) / 4),
    "ramsauer_capacity_constant": _o_ram_c,
    "ramsauer_capacity_lower_bound": lambda beta, K, d, p_fail:
        math.sqrt(p_fail) * _o_ram_c(beta, K, d, p_fail) ** ((d - 1) / 4),
    # union over M(M-1)/2 pairs of the cap probability
    "capacity_certificate_failure_probability": lambda M, d, beta, m, r:
        M * (M - 1) / 2 * _cap_fraction(d, _cos_star(beta, m, r)),
    "capacity_certificate_patterns": lambda d, beta, m, r, p_fail:
        0.5 + math.sqrt(0.25 + 2 * p_fail / _cap_fraction(d, _cos_star(beta, m, r))),
    "angle_cosine_lower_bound": lambda alpha: 0.2 * alpha * alpha,
}

LOOSE_ORACLES = {"capacity_certificate_failure_probability", "capacity_certificate_patterns"}
NAMES = list(B.BOUNDS)


def _close(value, expected, params, tol=TOL):
    scale = 1.0 + max(abs(v) for v in params.values()) ** 2
    return tol.close(float(value), float(expected), scale=scale)


def test_every_bound_has_an_oracle():
    assert set(ORACLES) == set(NAMES)
    assert len(NAMES) == len(set(NAMES)) == 35
    for b in B.BOUNDS.values():
        assert getattr(B, b.name) is b
        assert b.name in B.__all__


def at_random_points(max_examples: int):
    """Run ``test(name, bound, params)`` for every bound at ``max_examples`` points drawn by :func:`draw_params`."""

    def decorate(test):
        @pytest.mark.parametrize("name", NAMES)
        @settings(max_examples=max_examples)
        @given(seed=st.integers(0, 2**32 - 1))
        def run(name, seed):
            bound = getattr(B, name)
            test(name, bound, draw_params(bound, np.random.default_rng(seed)))

        run.__name__, run.__qualname__, run.__doc__ = test.__name__, test.__qualname__, test.__doc__
        return run

    return decorate


@at_random_points(max_examples=15)
def test_bound_matches_independent_formula(name, bound, params):
    res = bound(**params)
    assert isinstance(res, BoundResult)
    assert not bool(res.ill_defined), (name, params, res.ill_defined_reasons)
    expected = ORACLES[name](**params)
    tol = LOOSE if name in LOOSE_ORACLES else TOL
    assert _close(res.value, expected, params, tol), (name, params, float(res.value), expected)


@at_random_points(max_examples=4)
def test_high_precision_sympy_twin_and_certified_interval(name, bound, params):
    value = float(bound(**params).value)
    hp = bound.mp(dps=50, **params)
    assert _close(value, hp, params), (name, params, value, hp)
    # SymPy twin, evaluated at the exact binary inputs
    expr = bound.sympy(**{k: sympy.Rational(v) for k, v in params.items()})
    tw = complex(expr.evalf(30))
    assert abs(tw.imag) <= 1e-20 * (1 + abs(tw.real))
    assert _close(value, tw.real, params), (name, params, value, tw)
    # certified enclosure: contains the 50-digit value; the float value lies within float rounding
    iv = bound.certified(prec=80, strict=False, **params)  # the formula, wherever drawn
    with mpmath.workdps(50):
        assert iv.a <= hp <= iv.b, (name, params, iv, hp)
    lo, hi = float(iv.a), float(iv.b)
    slack = TOL.rtol * abs(value) + TOL.atol * (1.0 + max(abs(v) for v in params.values()) ** 2)
    assert lo - slack <= value <= hi + slack, (name, params, iv, value)
    assert hi - lo <= 1e-15 * max(1.0, abs(value))


# --------------------------------------------------------------------------- published numbers


def test_ramsauer_published_capacity_constants():
    c1 = B.ramsauer_capacity_constant(beta=1.0, K=3.0, d=20, p_fail=0.001)
    c2 = B.ramsauer_capacity_constant(beta=1.0, K=1.0, d=75, p_fail=0.001)
    assert bool(c1.hypotheses_hold) and bool(c2.hypotheses_hold)
    # the printed values are truncated to four decimals (c2 = 1.37188.. is printed as 1.3718)
    assert math.floor(float(c1) * 1e4) / 1e4 == 3.1546 and abs(float(c1) - 3.1546) < 1e-4
    assert math.floor(float(c2) * 1e4) / 1e4 == 1.3718 and abs(float(c2) - 1.3718) < 1e-4
    # the printed side conditions a + ln b > 1.27 and < -0.94
    for K, d, sign in ((3.0, 20, 1), (1.0, 75, -1)):
        a = 2 / (d - 1) * (1 + math.log(2 * K * K * 0.001 * (d - 1)))
        y = a + math.log(2 * K * K / 5)
        assert (y > 1.27) if sign > 0 else (y < -0.94)
    # certified digits
    iv = B.ramsauer_capacity_constant.certified(beta=1, K=3, d=20, p_fail="0.001")
    assert iv.a > 3.15455 and iv.b < 3.15465
    # the lower bound sqrt(p) c^((d-1)/4)
    n1 = float(B.ramsauer_capacity_lower_bound(beta=1.0, K=3.0, d=20, p_fail=0.001))
    assert n1 == pytest.approx(math.sqrt(0.001) * float(c1) ** 4.75, rel=1e-13)


def test_ramsauer_b_is_half_the_printed_sparse_b():
    # m = K sqrt(d - 1): Ramsauer's b = 2 K^2 beta / 5 = 2 m^2 beta / (5 (d - 1))
    for K, d, beta in ((3.0, 20, 1.0), (1.0, 75, 2.5)):
        m = K * math.sqrt(d - 1)
        b_sparse = float(B.capacity_b_published(d=d, m=m, beta=beta))
        assert b_sparse == pytest.approx(2 * (2 * K * K * beta / 5), rel=1e-14)


# --------------------------------------------------------------------------- ill-defined formulas


def test_published_capacity_constants_are_ill_defined_for_every_p():
    p = np.concatenate([np.logspace(-12, -1e-9, 40), 1 - np.logspace(-1, -12, 20)])
    m = np.array([0.5, 1.0, 7.0])
    R = np.array([1e-3, 0.3, 2.0])
    frac = np.array([0.0, 0.5, 3.0, -0.999])  # delta = frac * R, so R + delta > 0
    P, Mm, RR, F = np.meshgrid(p, m, R, frac, indexing="ij")
    args = dict(d=np.full(P.shape, 20.0), m=Mm, p_fail=P, R=RR, delta=F * RR)
    for bound in (B.capacity_a_published, B.capacity_constant_published, B.capacity_lower_bound_published):
        extra = {} if bound is B.capacity_a_published else {"beta": np.full(P.shape, 3.0)}
        res = bound(**args, **extra)
        assert bool(np.all(res.hypotheses_hold))
        assert bool(np.all(res.ill_defined))
        assert bool(np.all(np.isnan(res.value)))
        assert res.reasons_ill_defined() == ["log of a non-positive number"]
        with pytest.raises(BoundHypothesisError, match="ill-defined"):
            res.require()
    dense = B.capacity_a_dense_as_quoted(d=np.full(P.shape, 20.0), m=Mm, p_fail=P, R=RR)
    assert bool(np.all(dense.hypotheses_hold & dense.ill_defined))
    # high precision and certified evaluation refuse; the SymPy twin is complex (log of a negative number)
    kw = dict(d=20, m=1.0, p_fail=0.01, R=0.3, delta=0.1)
    with pytest.raises(ArithmeticError):
        B.capacity_a_published.mp(**kw)
    with pytest.raises(ArithmeticError):
        B.capacity_a_published.certified(**kw)
    tw = complex(B.capacity_a_published.sympy(**{k: sympy.Rational(v) for k, v in kw.items()}).evalf(30))
    assert tw.imag == pytest.approx(4 / 19 * math.pi, rel=1e-12)


def test_published_capacity_at_p_equal_one():
    res = B.capacity_a_published(d=20, m=1.0, p_fail=1.0, R=0.3, delta=0.0)
    assert bool(res.ill_defined) and not bool(res.hypotheses_hold)
    assert "p_fail in (0, 1)" in res.failed_hypotheses()
    inside = B.capacity_a_published(d=20, m=1.0, p_fail=0.999999, R=0.3, delta=0.0)
    assert bool(inside.hypotheses_hold) and bool(inside.ill_defined)


def test_well_separation_published_ill_defined_where_r_plus_delta_nonpositive():
    res = B.well_separation_threshold_published(beta=2.0, M=5, m=1.0, R=0.3, delta=np.array([-0.3, -0.5, -0.29]))
    assert to_numpy(res.ill_defined).tolist() == [True, True, False]
    assert bool(np.all(res.hypotheses_hold))
    corr = B.well_separation_threshold_corrected(beta=2.0, M=5, m=1.0, R=0.3, delta_inf=np.array([-0.3, -0.29]))
    assert to_numpy(corr.hypotheses_hold).tolist() == [False, True]


# --------------------------------------------------------------------------- hypotheses at their boundaries

# (bound, base parameters, parameter, value where the hypothesis holds, value where it fails, hypothesis)
_BASE_DENSE = dict(m=1.0, M=5.0, beta=2.0, score=0.9, max_overlap=0.2, dist=0.3, R=0.3)
_BASE_SP = dict(m=1.0, d=10.0, beta=2.0, kappa=3.0, gap=0.25, dist=0.1, R=0.3)
_BASE_CORR = dict(m=1.0, beta=2.0, kappa=3.0, gap_sum=0.5, query_sep=0.0)
_BASE_CAP = dict(beta=2.0, d=20.0, m=1.0, p_fail=0.5, R=0.3, delta=0.0)
_BASE_CERT = dict(M=10.0, d=20.0, beta=4.0, m=1.0, r=0.375)  # 1/beta + 2 m r = 1 = m^2 exactly
_BASE_RAM = dict(beta=1.0, K=3.0, d=20.0, p_fail=0.001)
BOUNDARY_CASES = [
    (B.dense_error_bound_as_quoted, _BASE_DENSE, "dist", 0.3, 0.3 * (1 + 1e-12), "dist <= R (x in S_mu)"),
    (B.dense_error_bound_as_quoted, _BASE_DENSE, "M", 2.0, 1.0, "M >= 2 (integer)"),
    (B.dense_error_bound_as_quoted, _BASE_DENSE, "M", 3.0, 2.5, "M >= 2 (integer)"),
    (B.dense_error_bound_query, dict(m=1.0, M=3.0, beta=1e-300, query_sep=0.5), "beta", 1e-300, 0.0, "beta > 0"),
    (B.retrieval_error_weight_bound, dict(m=1.0, p_mu=1.0), "p_mu", 1.0, 1.0 + 1e-15, "p_mu in [0, 1]"),
    (B.retrieval_error_weight_bound, dict(m=1.0, p_mu=0.0), "p_mu", 0.0, -1e-300, "p_mu in [0, 1]"),
    (B.dense_well_separation_threshold, dict(beta=1.0, M=4.0, m=1.0, R=1.0), "R", 1.0, 1.0 + 1e-15,
     "R <= m (implied by ||xi_nu|| <= m)"),
    (B.dense_well_separation_min_beta, dict(M=4.0, m=1.0, R=0.25, Delta=0.5 + 1e-15), "Delta", 0.5 + 1e-15, 0.5,
     "Delta > 2 m R"),
    (B.retrieval_error_sparsity_bound_published, _BASE_SP, "gap", (1 - 1e-15) / 2.0, 0.5,
     "beta * gap < 1 (kappa is the sparsemax support of beta z)"),
    (B.retrieval_error_sparsity_bound_published, _BASE_SP, "kappa", 1.0, 0.999999, "kappa >= 1 (integer)"),
    (B.retrieval_error_sparsity_bound_published, _BASE_SP, "d", 1.0, 0.0, "d >= 1 (integer)"),
    (B.retrieval_error_sparsity_bound_corrected, _BASE_CORR, "query_sep", 0.0, -1e-300,
     "query_sep >= 0 (xi_mu has the top score)"),
    (B.retrieval_error_sparsity_bound_corrected, _BASE_CORR, "gap_sum", 1.0, 1.0 + 1e-15,
     "beta * gap_sum <= kappa - 1"),
    (B.retrieval_error_support_bound, dict(m=1.0, kappa=2.0, query_sep=0.1), "query_sep", 0.0, -1e-12,
     "query_sep >= 0 (xi_mu has the top score)"),
    (B.capacity_a_published, dict(d=20.0, m=1.0, p_fail=0.5, R=0.3, delta=0.0), "p_fail", 0.999999, 1.0,
     "p_fail in (0, 1)"),
    (B.capacity_a_published, dict(d=20.0, m=1.0, p_fail=0.5, R=0.3, delta=0.0), "p_fail", 1e-300, 0.0,
     "p_fail in (0, 1)"),
    (B.capacity_lower_bound_published, _BASE_CAP, "d", 2.0, 1.0, "d >= 2 (integer)"),
    (B.capacity_lower_bound_published, _BASE_CAP, "delta", -0.3 + 1e-12, -0.3, "R + delta > 0"),
    (B.capacity_certificate_failure_probability, _BASE_CERT, "r", 0.375, 0.375 + 1e-12,
     "1/beta + 2 m r <= m^2 (phi* <= pi/2)"),
    (B.capacity_certificate_patterns, dict(d=20.0, beta=4.0, m=1.0, r=0.1, p_fail=0.01), "p_fail", 0.999999, 1.0,
     "p_fail in (0, 1)"),
    (B.ramsauer_capacity_constant, _BASE_RAM, "p_fail", 0.999999, 1.0, "p_fail in (0, 1)"),
    (B.ramsauer_capacity_constant, _BASE_RAM, "beta", 1.0, 0.01, "c >= (2/sqrt(p))^(4/(d-1))"),
    (B.angle_cosine_lower_bound, dict(alpha=math.pi), "alpha", math.pi, math.pi * (1 + 1e-15), "alpha in [0, pi]"),
    (B.angle_cosine_lower_bound, dict(alpha=0.0), "alpha", 0.0, -1e-300, "alpha in [0, pi]"),
]


@pytest.mark.parametrize("case", BOUNDARY_CASES, ids=lambda c: f"{c[0].name}-{c[2]}-{c[5]}")
def test_hypothesis_reported_on_both_sides_of_its_boundary(case):
    bound, base, key, good, bad, hyp = case
    assert hyp in [h.name for h in bound.hypotheses]
    ok = bound(**{**base, key: good})
    ko = bound(**{**base, key: bad})
    assert not bool(ok.failed[hyp]), (bound.name, key, good)
    assert bool(ko.failed[hyp]), (bound.name, key, bad)
    assert hyp in ko.failed_hypotheses() and hyp not in ok.failed_hypotheses()
    assert not bool(ko.hypotheses_hold)
    with pytest.raises(BoundHypothesisError):
        bound(strict=True, **{**base, key: bad})


def test_ramsauer_requirement_matches_direct_evaluation():
    betas = np.logspace(-2, 1, 61)
    res = B.ramsauer_capacity_constant(beta=betas, K=3.0, d=20, p_fail=0.001)
    need = (2 / math.sqrt(0.001)) ** (4 / 19)
    direct = np.array([_o_ram_c(b, 3.0, 20, 0.001) >= need for b in betas])
    assert to_numpy(res.failed["c >= (2/sqrt(p))^(4/(d-1))"]).tolist() == (~direct).tolist()
    assert direct.any() and (~direct).any()


# --------------------------------------------------------------------------- properties of the formulas


def test_lambert_constant_solves_its_equation_certified():
    rng = np.random.default_rng(7)
    a = rng.uniform(-30, 30, 200)
    b = 10.0 ** rng.uniform(-6, 6, 200)
    C = to_numpy(B.lambert_capacity_constant(a=a, b=b).value)
    assert np.all(C > 0)
    resid = b / C - a - np.log(C)
    assert np.all(np.abs(resid) <= 1e-12 * (np.abs(a) + np.abs(b / C) + np.abs(np.log(C)) + 1))
    for ai, bi in zip(a[:10], b[:10]):
        iv = B.lambert_capacity_constant.certified(a=float(ai), b=float(bi))
        e = mpmath.iv.mpf(float(bi)) / iv - mpmath.iv.mpf(float(ai)) - mpmath.iv.log(iv)
        assert e.a <= 0 <= e.b


def test_lambert_constant_monotone_in_a_and_b():
    a = np.linspace(-20, 20, 401)
    Ca = to_numpy(B.lambert_capacity_constant(a=a, b=2.0).value)
    assert np.all(np.diff(Ca) < 0)
    b = np.logspace(-5, 5, 401)
    Cb = to_numpy(B.lambert_capacity_constant(a=0.3, b=b).value)
    assert np.all(np.diff(Cb) > 0)


def test_sparsity_bound_sandwich_and_vacuity():
    rng = np.random.default_rng(3)
    n = 20000
    m = rng.uniform(0.1, 5, n)
    d = rng.integers(1, 500, n).astype(float)
    beta = 10.0 ** rng.uniform(-8, 8, n)
    kappa = rng.integers(1, 50, n).astype(float)
    gap = rng.uniform(0, 1, n) * (1 - 1e-9) / beta
    pub = B.retrieval_error_sparsity_bound_published(m=m, d=d, beta=beta, kappa=kappa, gap=gap, dist=0 * m, R=1 + 0 * m)
    floor = to_numpy(B.retrieval_error_sparsity_bound_floor(m=m, d=d).value)
    ceil = to_numpy(B.retrieval_error_sparsity_bound_ceiling(m=m, d=d, kappa=kappa).value)
    v = to_numpy(pub.value)
    assert bool(np.all(pub.hypotheses_hold)) and not bool(np.any(pub.ill_defined))
    assert np.all(2 * m <= floor * (1 + 1e-15))
    assert np.all(floor <= v * (1 + 1e-15)) and np.all(v < ceil)
    assert bool(np.all(pub.vacuous))
    assert np.all(np.isfinite(v))


def test_exact_retrieval_condition_B_weaker_than_A():
    # (B) threshold 1/beta + 2mR is below (A) = ln(2(M-1)m/R)/beta + 2mR iff R < 2(M-1)m/e
    M, m = 5.0, 1.0
    R = np.array([0.1, 0.5, 1.0])
    for beta in (1e-8, 0.3, 1e8):
        A = to_numpy(B.dense_well_separation_threshold(beta=beta, M=M, m=m, R=R).value)
        Bt = to_numpy(B.exact_retrieval_ball_threshold(beta=beta, m=m, r=R).value)
        assert np.all(Bt < A) and np.all(np.isfinite(A))


def test_certificate_decays_in_d():
    d = np.arange(2, 200, dtype=float)
    fail = to_numpy(B.capacity_certificate_failure_probability(M=10, d=d, beta=10.0, m=1.0, r=0.05).value)
    assert np.all(np.diff(fail) < 0)
    pats = to_numpy(B.capacity_certificate_patterns(d=d, beta=10.0, m=1.0, r=0.05, p_fail=0.01).value)
    assert np.all(np.diff(pats) > 0) and pats[-1] > 1e6
    # the floor of the root is admissible, one more is not
    for di in (10.0, 40.0):
        Mstar = math.floor(float(B.capacity_certificate_patterns(d=di, beta=10.0, m=1.0, r=0.05, p_fail=0.01)))
        f_ok = float(B.capacity_certificate_failure_probability(M=Mstar, d=di, beta=10.0, m=1.0, r=0.05))
        f_ko = float(B.capacity_certificate_failure_probability(M=Mstar + 1, d=di, beta=10.0, m=1.0, r=0.05))
        assert f_ok <= 0.01 < f_ko


def test_angle_inequality_bound_below_one_minus_cos():
    a = np.linspace(0, math.pi, 10001)
    lb = to_numpy(B.angle_cosine_lower_bound(alpha=a).value)
    assert np.all(lb <= 1 - np.cos(a) + 1e-16)
    assert bool(B.angle_cosine_lower_bound(alpha=0.0).vacuous)


def test_extreme_beta_stays_finite():
    for beta in (1e-8, 1e8):
        vals = [
            B.dense_error_bound_query(m=1.0, M=10, beta=beta, query_sep=0.2),
            B.dense_error_bound_ball(m=1.0, M=10, beta=beta, Delta=0.5, dist=0.1),
            B.dense_well_separation_threshold(beta=beta, M=10, m=1.0, R=0.3),
            B.well_separation_threshold_published(beta=beta, M=10, m=1.0, R=0.3, delta=0.1),
            B.retrieval_error_sparsity_bound_published(m=1.0, d=10, beta=beta, kappa=2, gap=0.5 / beta, dist=0.1, R=0.3),
            B.retrieval_error_sparsity_bound_corrected(m=1.0, beta=beta, kappa=2, gap_sum=0.5 / beta, query_sep=0.1),
            B.sparse_energy_infimum_bound(beta=beta, m=1.0),
            B.convergence_step_sum_bound(energy0=0.3, beta=beta, m=1.0),
            B.ramsauer_capacity_constant(beta=beta, K=3.0, d=20, p_fail=0.001),
            B.capacity_b_published(d=20, m=3.0, beta=beta),
            B.lambert_capacity_constant(a=-3.0, b=beta),
            B.exact_retrieval_ball_threshold(beta=beta, m=1.0, r=0.1),
            B.sparse_lipschitz_bound(beta=beta, spectral_norm=2.0, eta_norm=0.1),
        ]
        for r in vals:
            assert bool(np.isfinite(r.value)) and not bool(r.ill_defined), (r.name, beta)


def test_overflow_is_reported_not_silent():
    with np.errstate(over="ignore"):
        r = B.dense_error_bound_query(m=1.0, M=10, beta=1e8, query_sep=-1.0)
    assert bool(r.ill_defined) and "non-finite" in r.reasons_ill_defined()[0]
    assert B.dense_error_bound_query.mp(m=1.0, M=10, beta=1e8, query_sep=-1.0) > mpmath.mpf(10) ** 4e7


def test_bad_parameters_raise():
    with pytest.raises(ValueError, match="NaN or inf"):
        B.dense_error_bound_query(m=1.0, M=3, beta=float("nan"), query_sep=0.1)
    with pytest.raises(TypeError, match="missing"):
        B.dense_error_bound_query(m=1.0, M=3, beta=1.0)
    with pytest.raises(ValueError, match="broadcast"):
        B.dense_error_bound_query(m=np.ones(3), M=3, beta=np.ones(4), query_sep=0.1)
    with pytest.raises(TypeError):
        B.dense_error_bound_query(m=np.ones(3, dtype=complex), M=3, beta=1.0, query_sep=0.1)


# --------------------------------------------------------------------------- vectorised evaluation


GRID_1E6 = ["dense_error_bound_as_quoted", "retrieval_error_sparsity_bound_published", "ramsauer_capacity_constant",
            "capacity_certificate_failure_probability", "capacity_lower_bound_published",
            "well_separation_threshold_published"]


@pytest.mark.parametrize("name", NAMES)
def test_vectorised_grid_equals_scalar_loop(name):
    bound = getattr(B, name)
    n = 10**6 if name in GRID_1E6 else 10**4
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    params = draw_params(bound, rng, n)
    if name == "capacity_lower_bound_published":  # mix the defined and the ill-defined region
        params["delta"] = np.where(rng.random(n) < 0.5, params["delta"], rng.uniform(0, 1, n))
    res = bound(**params)
    assert tuple(res.value.shape) == (n,)
    vals, hold, ill = to_numpy(res.value), to_numpy(res.hypotheses_hold), to_numpy(res.ill_defined)
    for i in rng.choice(n, 20, replace=False):
        r = bound(**{k: float(v[i]) for k, v in params.items()})
        assert bool(r.hypotheses_hold) == bool(hold[i]) and bool(r.ill_defined) == bool(ill[i])
        if bool(ill[i]):
            assert math.isnan(float(r.value)) and math.isnan(vals[i])
        else:
            assert tolerance(kind="tight").close(float(r.value), float(vals[i])), (name, i)
    if name == "capacity_lower_bound_published":
        assert ill.any() and (~ill).any()


# --------------------------------------------------------------------------- backends


@pytest.mark.parametrize("name", ["dense_error_bound_ball", "ramsauer_capacity_constant", "capacity_a_published",
                                  "capacity_certificate_patterns", "retrieval_error_sparsity_bound_corrected"])
def test_backend_in_backend_out(xp, name):
    bound = getattr(B, name)
    params = draw_params(bound, np.random.default_rng(5), 7)
    ref = bound(**params)
    res = bound(**{k: xp.asarray(v) for k, v in params.items()})
    for arr in (res.value, res.hypotheses_hold, res.ill_defined):
        assert get_namespace(arr) is xp
    np.testing.assert_allclose(to_numpy(res.value), to_numpy(ref.value), rtol=1e-14, atol=0)
    assert to_numpy(res.hypotheses_hold).tolist() == to_numpy(ref.hypotheses_hold).tolist()


# --------------------------------------------------------------------------- functions on (Xi, x)


def _np_sparsemax(theta):
    """Sparsemax by bisection on the threshold (independent of any sort-based closed form)."""
    lo, hi = theta.max() - 1.0, theta.max()
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.maximum(theta - mid, 0).sum() > 1:
            lo = mid
        else:
            hi = mid
    p = np.maximum(theta - 0.5 * (lo + hi), 0)
    return p / p.sum()


def _instance(seed, d, M, beta_exp):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((d, M))
    Xi = g / np.linalg.norm(g, axis=0) * rng.uniform(0.5, 2.0)
    mu = int(rng.integers(M))
    diffs = [np.linalg.norm(Xi[:, i] - Xi[:, j]) for i in range(M) for j in range(M) if i != j]
    R = 0.5 * min(diffs)
    step = rng.standard_normal(d)
    x = Xi[:, mu] + rng.uniform(0, 1.2) * R * step / np.linalg.norm(step)
    return Xi, x, mu, R, 10.0 ** beta_exp


sizes = st.tuples(st.integers(2, 7), st.integers(2, 9)).filter(lambda t: t[0] != t[1])


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])  # xp is a stateless namespace
@given(seed=st.integers(0, 2**32 - 1), dm=sizes, beta_exp=st.floats(-2, 2))
def test_functions_on_memories_match_brute_force(xp, seed, dm, beta_exp):
    d, M = dm
    Xi_np, x_np, mu, R, beta = _instance(seed, d, M, beta_exp)
    Xi, x = xp.asarray(Xi_np), xp.asarray(x_np)
    z = Xi_np.T @ x_np
    m = np.linalg.norm(Xi_np, axis=0).max()
    dist = np.linalg.norm(x_np - Xi_np[:, mu])
    others = [nu for nu in range(M) if nu != mu]
    qsep = z[mu] - max(z[nu] for nu in others)
    Delta = min(Xi_np[:, mu] @ (Xi_np[:, mu] - Xi_np[:, nu]) for nu in others)
    p_soft = special.softmax(beta * z)
    p_sp = _np_sparsemax(beta * z)
    kappa = int(np.sum(p_sp > 0))
    zs = np.sort(z)[::-1]

    def check(res, expected, scale=1.0):
        assert get_namespace(res.value) is xp and tuple(res.value.shape) == ()
        assert not bool(res.ill_defined)
        assert TOL.close(float(res.value), expected, scale=scale) or LOOSE.close(float(res.value), expected, scale=1e-3 * scale)

    for reading, overlap in (("all", max(Xi_np[:, mu] @ Xi_np[:, nu] for nu in range(M))),
                             ("others", max(Xi_np[:, mu] @ Xi_np[:, nu] for nu in others))):
        res = B.dense_error_bound_as_quoted_at(Xi, x, mu, beta, reading=reading)
        check(res, 2 * m * (M - 1) * math.exp(-beta * (z[mu] - overlap)), m * M)
        assert bool(res.hypotheses_hold) == bool(dist <= R)
    check(B.dense_error_bound_query_at(Xi, x, mu, beta), 2 * m * (M - 1) * math.exp(-beta * qsep), m * M)
    check(B.dense_error_bound_ball_at(Xi, x, mu, beta), 2 * m * (M - 1) * math.exp(-beta * (Delta - 2 * m * dist)), m * M)
    # the sparsemax weight needs a looser comparison (bisection oracle)
    ws = B.retrieval_error_weight_bound_at(Xi, x, mu, beta, map="sparsemax")
    assert abs(float(ws.value) - 2 * m * (1 - p_sp[mu])) <= 1e-9 * m
    check(B.retrieval_error_weight_bound_at(Xi, x, mu, beta, map="softmax"), 2 * m * (1 - p_soft[mu]), m)
    check(B.dense_well_separation_threshold_at(Xi, beta), math.log(2 * (M - 1) * m / R) / beta + 2 * m * R, m + 1 / beta)
    pub = B.retrieval_error_sparsity_bound_published_at(Xi, x, mu, beta)
    check(pub, m + math.sqrt(d) * m * (1 + beta * kappa * (zs[0] - zs[kappa - 1])), m * d)
    assert bool(pub.vacuous)
    corr = B.retrieval_error_sparsity_bound_corrected_at(Xi, x, mu, beta)
    if qsep >= 0:
        assert abs(float(corr.value) - 2 * m * (1 - p_sp[mu])) <= 1e-9 * m
        assert bool(corr.hypotheses_hold)
    else:
        assert "query_sep >= 0 (xi_mu has the top score)" in corr.failed_hypotheses()
    delta = np.linalg.norm(Xi_np @ p_soft - Xi_np[:, mu]) - np.linalg.norm(Xi_np @ p_sp - Xi_np[:, mu])
    assert abs(B.retrieval_error_delta_at(Xi, x, mu, beta) - delta) <= 1e-9 * m
    ws_pub = B.well_separation_threshold_published_at(Xi, x, mu, beta)
    assert get_namespace(ws_pub.value) is xp
    if R + delta > 1e-6:
        expected = math.log(2 * (M - 1) * m / (R + delta)) / beta + 2 * m * R
        assert abs(float(ws_pub.value) - expected) <= 1e-7 * (1 + abs(expected))
    r = 0.5 * R
    check(B.exact_retrieval_ball_threshold_at(Xi, mu, beta, r), 1 / beta + 2 * m * r, m + 1 / beta)
    maxd = max(np.linalg.norm(Xi_np[:, mu] - Xi_np[:, nu]) for nu in others)
    check(B.exact_retrieval_ball_threshold_at(Xi, mu, beta, r, sharp=True), 1 / beta + r * maxd, m + 1 / beta)
    eta_np = np.linspace(-0.1, 0.2, d)
    s2 = np.linalg.svd(Xi_np, compute_uv=False).max() ** 2
    check(B.sparse_lipschitz_bound_at(Xi, beta, xp.asarray(eta_np)), beta * s2 * np.linalg.norm(eta_np), beta * s2)
    check(B.dense_lipschitz_bound_at(Xi, beta, xp.asarray(eta_np)), beta * s2 * np.linalg.norm(eta_np) / 2, beta * s2)
    assert B.separation_radius_as_printed(Xi) == 0.0


def test_sparsity_bound_kappa_from_unscaled_scores():
    Xi_np, x_np, mu, R, _ = _instance(4, 4, 6, 0.0)
    beta = 20.0
    z = Xi_np.T @ x_np
    k_unscaled = int(np.sum(_np_sparsemax(z) > 0))
    res = B.retrieval_error_sparsity_bound_published_at(Xi_np, x_np, mu, beta, kappa_from="unscaled")
    zs = np.sort(z)[::-1]
    m_ = np.linalg.norm(Xi_np, axis=0).max()
    expected = m_ + math.sqrt(4) * m_ * (1 + beta * k_unscaled * (zs[0] - zs[k_unscaled - 1]))
    assert float(res.value) == pytest.approx(expected, rel=1e-12)
    assert bool(res.failed["beta * gap < 1 (kappa is the sparsemax support of beta z)"]) == bool(
        beta * (zs[0] - zs[k_unscaled - 1]) >= 1)


def test_functions_on_memories_reject_bad_input():
    Xi = np.random.default_rng(0).standard_normal((3, 5))
    x = Xi[:, 0].copy()
    with pytest.raises(ValueError, match=r"^x must have shape \(d,\) or \(d, N\) with d = 3 .*got shape \(4,\)"):
        B.dense_error_bound_query_at(Xi, np.ones(4), 0, 1.0)
    with pytest.raises(ValueError, match="0 <= mu < M = 5"):
        B.dense_error_bound_query_at(Xi, x, 5, 1.0)
    with pytest.raises(TypeError):
        B.dense_error_bound_query_at(Xi, x, 1.0, 1.0)
    with pytest.raises(ValueError, match="beta"):
        B.dense_error_bound_query_at(Xi, x, 0, 0.0)
    with pytest.raises(ValueError, match="NaN"):
        B.dense_error_bound_query_at(Xi, np.full(3, np.nan), 0, 1.0)
    with pytest.raises(TypeError, match="floating"):
        B.dense_error_bound_query_at(np.ones((3, 5), dtype=int), x, 0, 1.0)
    with pytest.raises(ValueError, match="at least 2 memories"):
        B.dense_error_bound_query_at(Xi[:, :1], x, 0, 1.0)
    with pytest.raises(ValueError, match="reading"):
        B.dense_error_bound_as_quoted_at(Xi, x, 0, 1.0, reading="some")
    with pytest.raises(ValueError, match="map"):
        B.retrieval_error_weight_bound_at(Xi, x, 0, 1.0, map="entmax")



# every function on memories and queries, called on one query or on a block of them
ON_QUERIES = {
    "dense_error_bound_as_quoted_at": lambda Xi, x, mu, beta: B.dense_error_bound_as_quoted_at(Xi, x, mu, beta),
    "dense_error_bound_as_quoted_at-others":
        lambda Xi, x, mu, beta: B.dense_error_bound_as_quoted_at(Xi, x, mu, beta, reading="others"),
    "dense_error_bound_query_at": B.dense_error_bound_query_at,
    "dense_error_bound_ball_at": B.dense_error_bound_ball_at,
    "retrieval_error_weight_bound_at": B.retrieval_error_weight_bound_at,
    "retrieval_error_weight_bound_at-softmax":
        lambda Xi, x, mu, beta: B.retrieval_error_weight_bound_at(Xi, x, mu, beta, map="softmax"),
    "retrieval_error_sparsity_bound_published_at": B.retrieval_error_sparsity_bound_published_at,
    "retrieval_error_sparsity_bound_published_at-unscaled":
        lambda Xi, x, mu, beta: B.retrieval_error_sparsity_bound_published_at(Xi, x, mu, beta, kappa_from="unscaled"),
    "retrieval_error_sparsity_bound_corrected_at": B.retrieval_error_sparsity_bound_corrected_at,
    "retrieval_error_delta_at": B.retrieval_error_delta_at,
    "well_separation_threshold_published_at": B.well_separation_threshold_published_at,
}


@pytest.mark.parametrize("name", sorted(ON_QUERIES))
def test_functions_on_memories_take_a_block_of_queries(xp, name):
    f = ON_QUERIES[name]
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    Xi_np, x_np, mu, R, beta = _instance(11, 5, 7, 0.5)
    steps = rng.standard_normal((5, 6))
    X_np = x_np[:, None] + rng.uniform(0, 1.5, 6) * R * steps / np.linalg.norm(steps, axis=0)
    block = f(xp.asarray(Xi_np), xp.asarray(X_np), mu, beta)
    for j in range(6):
        one = f(xp.asarray(Xi_np), xp.asarray(X_np[:, j]), mu, beta)
        if isinstance(one, float):  # the quantity delta(x): a float for one query, an array for a block
            assert get_namespace(block) is xp and tuple(block.shape) == (6,)
            assert TOL.close(float(block[j]), one, scale=1.0)
            continue
        assert get_namespace(block.value) is xp and tuple(block.value.shape) == (6,)
        assert tuple(one.value.shape) == ()
        assert bool(block.hypotheses_hold[j]) == bool(one.hypotheses_hold)
        assert bool(block.ill_defined[j]) == bool(one.ill_defined)
        assert {k: bool(v[j]) for k, v in block.failed.items()} == {k: bool(v) for k, v in one.failed.items()}
        if not bool(one.ill_defined):
            assert TOL.close(float(block.value[j]), float(one.value), scale=1.0 + abs(float(one.value))), (name, j)


# the published capacity formulas are defined only where their hypotheses fail (R + delta < 0, R < 0)
ILL_DEFINED_AS_PRINTED = {"capacity_a_published", "capacity_constant_published", "capacity_lower_bound_published",
                          "capacity_a_dense_as_quoted", "capacity_constant_dense_as_quoted",
                          "capacity_lower_bound_dense_as_quoted"}


@pytest.mark.parametrize("name", NAMES)
def test_the_four_kits_agree_at_the_declared_example(name):
    """The example point of a declaration: defined, hypotheses hold (unless nowhere defined then), kits agree."""
    bound = B.BOUNDS[name]
    ex = bound.example
    res = bound(**{k: float(v) for k, v in ex.items()})
    assert not bool(res.ill_defined), (name, res.summary())
    assert bool(res.hypotheses_hold) == (name not in ILL_DEFINED_AS_PRINTED), (name, res.summary())
    with mpmath.workdps(40):
        hp = bound.mp(40, **ex)
        iv = bound.certified(strict=False, **ex)
        assert iv.a <= hp <= iv.b and iv.b - iv.a <= mpmath.mpf(2) ** -60 * (1 + abs(hp)), (name, iv, hp)
        twin = bound.sympy(**ex).evalf(35)
        assert twin.is_real and abs(mpmath.mpf(str(twin)) - hp) <= mpmath.mpf(10) ** -28 * (1 + abs(hp)), name
    assert tolerance(kind="tight").close(float(res.value), float(hp), scale=1.0), (name, float(res.value), hp)


def test_the_documented_examples_run():
    """Every declared bound and every function on data has examples, and they pass."""
    for obj in list(B.BOUNDS.values()) + [getattr(B, n) for n in B.on_data.__all__]:
        doc = inspect.cleandoc(obj.__doc__)
        assert "Examples\n--------" in doc and ">>> " in doc, obj.__name__ if inspect.isfunction(obj) else obj.name
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    tests = [t for section in ("dense", "energy", "retrieval", "separation", "capacity", "auxiliary", "on_data")
             for t in finder.find(importlib.import_module(f"hoptheory.bounds.hu2023.{section}")) if t.examples]
    assert len(tests) == len(B.BOUNDS) + len(B.on_data.__all__)
    for test in tests:
        runner.run(test)
    assert runner.failures == 0


# --------------------------------------------------------------------------- documentation


def test_each_bound_is_documented():
    for b in B.BOUNDS.values():
        assert b.latex and b.source and b.__doc__
        assert b.latex in b.__doc__ and "Hypotheses" in b.__doc__ and "Source" in b.__doc__
        assert f"``{b.name}(" in B.__doc__
        for h in b.hypotheses:
            assert h.latex in b.__doc__
        assert ("Hu et al. 2023" in b.source) or ("derived" in b.source) or ("Ramsauer" in b.source)
        if b.kind != "value" and b.name.startswith(("capacity_lower", "ramsauer_capacity_lower")):
            assert b.trivial is not None


def test_plain_functions_are_documented():
    import inspect

    fns = [getattr(B, n) for n in B.__all__ if inspect.isfunction(getattr(B, n))]
    assert len(fns) == 13
    for fn in fns:
        doc = inspect.getdoc(fn)
        assert doc.index(".. math::") < doc.index("Parameters") < doc.index("Returns") < doc.index("Notes"), fn
        for p in inspect.signature(fn).parameters:
            assert re.search(rf"^{p} : ", doc, re.M), (fn.__name__, p)
