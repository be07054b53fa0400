"""Tests of hoptheory.bounds.ramsauer2021 against independent evaluations.

Every bound is compared with a direct formula written here with ``math``/SciPy (root finding
instead of Lambert W, quadrature instead of the incomplete beta function, log-gamma instead of
the Gamma ratio helper), with its 50-digit mpmath value, with its SymPy twin (exact rational
inputs, ``evalf``) and with its certified interval.
"""

from __future__ import annotations

import inspect
import math
import os
import zlib

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize

import hoptheory.bounds.ramsauer2021 as R
from hoptheory.backend import backend_name, get_backend, get_namespace, to_numpy, tolerance
from hoptheory.bounds import Bound, BoundHypothesisError

TOL = tolerance(np.float64, "default")
LOOSE = tolerance(np.float64, "loose")
OMEGA = 0.5671432904097838729999686622  # W_0(1), the omega constant


# --------------------------------------------------------------------------- independent oracles


def _kappa(d):
    return math.exp(math.lgamma((d + 1) / 2) - math.lgamma(d / 2)) / (d * math.sqrt(math.pi))


def _C(n):
    # Gamma(1 + 1/n) / Gamma(2 + 1/n) = 1 / (1 + 1/n)
    return (_kappa(n) / 2) ** (-1 / n) / (1 + 1 / n) * (n + 1) ** (-1 / n)


def _cap_ab(beta, K, d, p):
    return 2 / (d - 1) * (1 + math.log(2 * beta * K**2 * p * (d - 1))), 2 * K**2 * beta / 5


def _cap_c(beta, K, d, p_fail):
    p = p_fail
    """Root of a c + c ln c - b = 0 (equivalently a + ln c - b/c = 0, increasing in c)."""
    a, b = _cap_ab(beta, K, d, p)
    g = lambda c: a + math.log(c) - b / c  # noqa: E731
    lo, hi = 1e-300, 1.0
    while g(hi) < 0:
        hi *= 2
    return optimize.brentq(g, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)


def _cap_lf(beta, K, d, p_fail):
    p = p_fail
    a, b = _cap_ab(beta, K, d, p)
    u = a + math.log(b)
    if u <= 0:
        return b / math.log((OMEGA * math.exp(u) + 1) / (OMEGA * (1 + OMEGA)))
    return b * u ** (-u / (u + 1))


def _dim_ab(beta, K, c, p):
    return math.log(c) / 2 - K**2 * beta / (5 * c), 1 + math.log(2 * p * beta * K**2)


def _root(a, b, which):
    """Roots of h(y) = ln y + a y + b by bracketing; returns 1 + y."""
    h = lambda y: math.log(y) + a * y + b  # noqa: E731
    if a == 0:
        return 1 + math.exp(-b)
    if a > 0 or which == "small":
        hi = 1.0 if a > 0 else -1 / a
        while a > 0 and h(hi) < 0:
            hi *= 2
        lo = min(hi, 1.0)
        while h(lo) > 0:
            lo /= 2
        return 1 + optimize.brentq(h, lo, hi, xtol=1e-300, rtol=1e-15, maxiter=500)
    lo = -1 / a
    hi = 2 * lo
    while h(hi) > 0:
        hi *= 2
    return 1 + optimize.brentq(h, lo, hi, xtol=1e-300, rtol=1e-15, maxiter=500)


def _cap_area(d, cos_alpha):
    theta = math.acos(cos_alpha) / 2
    f = lambda t: math.sin(t) ** (d - 2)  # noqa: E731
    num = integrate.quad(f, 0, theta, epsabs=0, epsrel=1e-13)[0]
    den = integrate.quad(f, 0, math.pi, epsabs=0, epsrel=1e-13)[0]
    return num / den


def _xlogx(t):
    return 0.0 if t == 0 else t * math.log(t)


def _I(a):
    return (_xlogx(1 + a) + _xlogx(1 - a)) / 2


def _a7(beta, K, c, d, bracket):
    rhs = 2 / (beta * c ** ((d - 1) / 4)) + math.log(2 * c ** ((d - 1) / 2) * beta * (d - 1) * K**2) / beta
    return (d - 1) * K**2 / (5 * c) * bracket**2 - rhs


def _master(beta, M, m):
    return 2 / (beta * M) + math.log(2 * M**2 * beta * m**2) / beta


def _wellsep(beta, M, m):
    return 2 / (beta * M) + math.log(2 * (M - 1) * M * beta * m**2) / beta


def _meta(beta, M, m, r_l, l):
    return 2 * m / (beta * r_l) - math.log((1 - beta * r_l**2) / (2 * beta * (M - l) * m * max(r_l, 2 * m))) / beta


# --------------------------------------------------------------------------- samplers


def LU(rng, lo, hi):
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def I(rng, lo, hi):  # noqa: E743
    return float(rng.integers(lo, hi + 1))


def _s_bMm(rng):
    return dict(beta=LU(rng, 0.05, 20), M=I(rng, 2, 64), m=LU(rng, 0.1, 10))


def _s_exp(rng):
    """Parameters of the exponential retrieval bounds with a moderate exponent."""
    beta, M, m = LU(rng, 0.05, 5), I(rng, 2, 64), LU(rng, 0.1, 3)
    return dict(beta=beta, M=M, m=m, Delta=rng.uniform(-1, 10), r=rng.uniform(0, 1 / (2 * beta * m)))


def _s_cap(rng):
    return dict(beta=LU(rng, 0.1, 10), K=LU(rng, 0.3, 5), d=I(rng, 2, 300), p_fail=LU(rng, 1e-6, 1))


def _s_dim(rng, need_negative=False):
    for _ in range(10_000):
        pr = dict(beta=LU(rng, 0.1, 10), K=LU(rng, 0.3, 5), c=LU(rng, 1.01, 100), p_fail=LU(rng, 1e-6, 1))
        a, b = _dim_ab(pr["beta"], pr["K"], pr["c"], pr["p_fail"])
        if a * math.exp(-b) >= -1 / math.e and (a < 0 or not need_negative) and a != 0:
            return pr
    raise AssertionError("sampler failed")


def _s_ab(rng, sign=None):
    a = rng.uniform(0.01, 2) * (rng.choice([-1, 1]) if sign is None else sign)
    b = 1 + math.log(-a) + rng.uniform(0, 6) if a < 0 else rng.uniform(-5, 5)
    return dict(a=float(a), b=float(b))


def _s_a7(rng):
    return dict(beta=LU(rng, 0.1, 10), K=LU(rng, 0.3, 5), c=LU(rng, 1, 10), d=I(rng, 3, 150))


def _s_pmax(rng, tight=False):
    p_max = rng.uniform(0.05, 1)
    eps = 1 - p_max if tight else rng.uniform(1 - p_max, 1)
    return dict(beta=LU(rng, 0.05, 20), M=I(rng, 2, 64), m=LU(rng, 0.1, 10), epsilon=eps, p_max=p_max)


def _s_meta(rng):
    beta = LU(rng, 0.05, 5)
    r_l = math.sqrt(rng.uniform(0.01, 0.99) / beta)
    M = I(rng, 3, 64)
    return dict(beta=beta, M=M, m=LU(rng, 0.1, 10), r_l=r_l, l=I(rng, 1, int(M) - 1))


def _s_offsets(rng):
    pr = _s_exp(rng)
    pr["fixed_point_dist"] = rng.uniform(0, 2 * pr["m"])
    return pr


SPECS = {
    "energy_upper_bound_hull": (lambda beta, M, m: math.log(M) / beta + m**2 / 2, _s_bMm),
    "energy_upper_bound_hull_quadratic": (lambda m: 2 * m * m, lambda r: dict(m=LU(r, 0.1, 10))),
    "jacobian_norm_bound_spectral": (lambda beta, xi_norm, s: 2 * beta * xi_norm**2 * s,
                                     lambda r: dict(beta=LU(r, 0.05, 20), xi_norm=LU(r, 0.1, 30), s=r.uniform(0, 0.25))),
    "jacobian_norm_bound_coarse": (lambda beta, M, m, s: 2 * beta * M * m**2 * s,
                                   lambda r: dict(_s_bMm(r), s=r.uniform(0, 0.25))),
    "jacobian_norm_bound_concentrated": (lambda beta, M, m, epsilon, p_max: 2 * beta * M * m**2 * epsilon, _s_pmax),
    "jacobian_norm_bound_refined_published": (
        lambda beta, M, m, epsilon, p_max: 2 * beta * M * m**2 * epsilon * (1 - epsilon), _s_pmax),
    "jacobian_norm_bound_refined_corrected": (
        lambda beta, M, m, epsilon, p_max: 2 * beta * M * m**2 * epsilon * (1 - epsilon), lambda r: _s_pmax(r, True)),
    "query_separation_lower_bound": (lambda Delta, dist, max_dist: Delta - dist * max_dist,
                                     lambda g: dict(Delta=g.uniform(-5, 5), dist=g.uniform(0, 3), max_dist=g.uniform(0, 5))),
    "query_separation_lower_bound_coarse": (lambda Delta, dist, m: Delta - 2 * m * dist,
                                            lambda g: dict(Delta=g.uniform(-5, 5), dist=g.uniform(0, 3), m=LU(g, 0.1, 5))),
    "global_jacobian_bound": (lambda beta, r_c: beta * r_c**2, lambda g: dict(beta=LU(g, 0.05, 20), r_c=g.uniform(0, 5))),
    "global_contraction_rate": (lambda beta, r_c: beta * r_c**2,
                                lambda g: (lambda b: dict(beta=b, r_c=math.sqrt(g.uniform(0, 0.99) / b)))(LU(g, 0.05, 20))),
    "concentration_epsilon": (lambda beta, M, query_sep: (M - 1) * math.exp(-beta * query_sep),
                              lambda g: dict(beta=LU(g, 0.05, 5), M=I(g, 2, 64), query_sep=g.uniform(-2, 20))),
    "concentration_error_bound": (lambda beta, M, m, query_sep: 2 * m * (M - 1) * math.exp(-beta * query_sep),
                                  lambda g: dict(beta=LU(g, 0.05, 5), M=I(g, 2, 64), m=LU(g, 0.1, 5),
                                                 query_sep=g.uniform(-2, 20))),
    "concentration_weight_lower_bound": (lambda beta, M, query_sep: 1 - (M - 1) * math.exp(-beta * query_sep),
                                         lambda g: dict(beta=LU(g, 0.05, 5), M=I(g, 2, 64), query_sep=g.uniform(-2, 20))),
    "concentration_competitor_weight_bound": (lambda beta, M, query_sep: math.exp(-beta * query_sep),
                                              lambda g: dict(beta=LU(g, 0.05, 5), M=I(g, 2, 64),
                                                             query_sep=g.uniform(-2, 20))),
    "concentration_error_bound_sharp": (lambda p_mu, max_dist: (1 - p_mu) * max_dist,
                                        lambda g: dict(p_mu=g.uniform(0, 1), max_dist=g.uniform(0, 5))),
    "sphere_radius": (lambda beta, M, m: 1 / (beta * M * m), _s_bMm),
    "well_separation_threshold": (_wellsep, _s_bMm),
    "sphere_self_map_error_bound": (lambda beta, M, m, Delta: 2 * (M - 1) * m * math.exp(-beta * Delta + 2 / M),
                                    lambda g: (lambda p: dict(p, Delta=_wellsep(**p) + g.uniform(0, 5)))(
                                        dict(beta=LU(g, 0.05, 5), M=I(g, 2, 64), m=LU(g, 0.1, 3)))),
    "sphere_contraction_bound": (
        lambda beta, M, m, Delta: 1 - 2 * (M - 1) ** 2 * beta * M * m**2 * math.exp(-2 * beta * Delta - 4 / M),
        lambda g: (lambda p: dict(p, Delta=_wellsep(**p) + g.uniform(0, 5)))(
            dict(beta=LU(g, 0.05, 5), M=I(g, 2, 64), m=LU(g, 0.1, 3)))),
    "mean_value_jacobian_bound": (
        lambda beta, M, m, Delta, r: 2 * beta * M * m**2 * (M - 1) * math.exp(-beta * Delta + 2 * beta * r * m), _s_exp),
    "contraction_separation_threshold": (
        lambda beta, M, m, r: 2 * r * m + math.log(2 * (M - 1) * M * beta * m**2) / beta,
        lambda g: dict(_s_bMm(g), r=g.uniform(0, 2))),
    "a_posteriori_error_bound": (lambda jacobian_norm, step_norm: jacobian_norm * step_norm / (1 - jacobian_norm),
                                 lambda g: dict(jacobian_norm=g.uniform(0, 0.999), step_norm=g.uniform(0, 5))),
    "metastable_jacobian_bound": (
        lambda beta, r_l, m, gamma: beta * ((1 - gamma) * r_l**2 + 2 * gamma * (2 - gamma) * m**2),
        lambda g: dict(beta=LU(g, 0.05, 20), r_l=g.uniform(0, 3), m=LU(g, 0.1, 5), gamma=g.uniform(0, 1))),
    "metastable_jacobian_bound_eps": (
        lambda beta, r_l, m, gamma, epsilon: beta * (r_l**2 + 2 * epsilon * (2 - epsilon) * m**2),
        lambda g: (lambda gam: dict(beta=LU(g, 0.05, 20), r_l=g.uniform(0, 3), m=LU(g, 0.1, 5), gamma=gam,
                                    epsilon=g.uniform(gam, 1)))(g.uniform(0, 1))),
    "metastable_radius": (lambda beta, r_l: 1 / (beta * r_l), lambda g: dict(beta=LU(g, 0.05, 20), r_l=LU(g, 0.01, 5))),
    "metastable_separation_threshold_published": (_meta, _s_meta),
    "metastable_separation_threshold_corrected": (_meta, _s_meta),
    "master_inequality_threshold": (_master, _s_bMm),
    "master_inequality_margin_sphere": (
        lambda beta, M, m, cos_alpha_min: m**2 * (1 - cos_alpha_min) - _master(beta, M, m),
        lambda g: dict(_s_bMm(g), cos_alpha_min=g.uniform(-1, 1))),
    "sphere_disjointness_margin": (lambda beta, M, m: 2 * (M - 1) * M * beta * m**2 - 1, _s_bMm),
    "placed_patterns_required_count": (lambda d, alpha_min: (2 * math.pi / alpha_min) ** (d - 1),
                                       lambda g: dict(d=I(g, 2, 100), alpha_min=g.uniform(0.1, math.pi))),
    "spherical_code_cap_bound": (lambda d, cos_alpha_min: 1 / _cap_area(d, cos_alpha_min),
                                 lambda g: dict(d=I(g, 2, 60), cos_alpha_min=g.uniform(-0.99, 0.99))),
    "spherical_code_rankin_bound": (lambda d, cos_alpha_min: 2 * d,
                                    lambda g: dict(d=I(g, 2, 60), cos_alpha_min=g.uniform(-1, 0))),
    "kappa_constant": (_kappa, lambda g: dict(d=I(g, 1, 10_000))),
    "min_angle_tail_bound": (lambda d, delta: 1 - _kappa(d - 1) / 2 * delta ** (d - 1),
                             lambda g: (lambda d: dict(d=d, delta=g.uniform(0.01, 1) * (2 / _kappa(d - 1)) ** (1 / (d - 1))))(
                                 I(g, 2, 60))),
    "kappa_lower_bound": (lambda d: 1 / (math.exp(1 / 6) * math.sqrt(math.e * math.pi * d)), lambda g: dict(d=I(g, 1, 10_000))),
    "kappa_upper_bound": (lambda d: math.exp(1 / 12) / math.sqrt(2 * math.pi * d), lambda g: dict(d=I(g, 1, 10_000))),
    "cosine_upper_bound": (lambda x: 1 - x * x / 5, lambda g: dict(x=g.uniform(0, math.pi))),
    "capacity_a": (lambda beta, K, d, p_fail: _cap_ab(beta, K, d, p_fail)[0], _s_cap),
    "capacity_b": (lambda beta, K: 2 * K**2 * beta / 5, lambda g: dict(beta=LU(g, 0.1, 10), K=LU(g, 0.3, 5))),
    "capacity_lambert_argument": (lambda beta, K, d, p_fail: _cap_ab(beta, K, d, p_fail)[0]
                                  + math.log(_cap_ab(beta, K, d, p_fail)[1]), _s_cap),
    "capacity_constant": (_cap_c, _s_cap),
    "capacity_threshold": (lambda d, p_fail: (2 / math.sqrt(p_fail)) ** (4 / (d - 1)),
                           lambda g: dict(d=I(g, 2, 300), p_fail=LU(g, 1e-6, 1))),
    "capacity_memories": (lambda beta, K, d, p_fail: math.sqrt(p_fail) * _cap_c(beta, K, d, p_fail) ** ((d - 1) / 4),
                          lambda g: dict(_s_cap(g), d=I(g, 2, 100))),
    "capacity_constant_lambert_free": (_cap_lf, _s_cap),
    "capacity_memories_lambert_free": (
        lambda beta, K, d, p_fail: math.sqrt(p_fail) * _cap_lf(beta, K, d, p_fail) ** ((d - 1) / 4),
        lambda g: dict(_s_cap(g), d=I(g, 2, 100))),
    "lambert_upper_bound_nonpositive": (
        lambda u: math.log((math.exp(u) + 1 / OMEGA) / (1 + math.log(1 / OMEGA))), lambda g: dict(u=g.uniform(-30, 0))),
    "lambert_upper_bound_positive": (lambda u: u ** (u / (1 + u)), lambda g: dict(u=LU(g, 1e-3, 100))),
    "capacity_dimension_a": (lambda beta, K, c: _dim_ab(beta, K, c, 0.5)[0],
                             lambda g: dict(beta=LU(g, 0.1, 10), K=LU(g, 0.3, 5), c=LU(g, 0.1, 100))),
    "capacity_dimension_b": (lambda beta, K, p_fail: _dim_ab(beta, K, 2.0, p_fail)[1],
                             lambda g: dict(beta=LU(g, 0.1, 10), K=LU(g, 0.3, 5), p_fail=LU(g, 1e-6, 1))),
    "capacity_dimension": (lambda beta, K, c, p_fail: _root(*_dim_ab(beta, K, c, p_fail), "large"), _s_dim),
    "capacity_dimension_from_ab": (lambda a, b: _root(a, b, "large"), _s_ab),
    "capacity_dimension_root_principal": (lambda a, b: _root(a, b, "small"), _s_ab),
    "capacity_dimension_root_lower_branch": (lambda a, b: _root(a, b, "large"), lambda g: _s_ab(g, -1)),
    "capacity_dimension_residual": (lambda a, b, d: math.log(d - 1) + a * (d - 1) + b,
                                    lambda g: dict(a=g.uniform(-2, 2), b=g.uniform(-5, 5), d=g.uniform(1.01, 300))),
    "capacity_dimension_threshold": (lambda c, p_fail: 1 + 4 * math.log(2 / math.sqrt(p_fail)) / math.log(c),
                                     lambda g: dict(c=LU(g, 1.01, 100), p_fail=LU(g, 1e-6, 1))),
    "capacity_dimension_bound": (lambda beta, K, c, p_fail: (lambda a, b: 1 + (-math.log(-a) + b) / a)(
        *_dim_ab(beta, K, c, p_fail)), lambda g: _s_dim(g, need_negative=True)),
    "capacity_dimension_bound_from_ab": (lambda a, b: 1 + (-math.log(-a) + b) / a, lambda g: _s_ab(g, -1)),
    "expected_angle_constant": (_C, lambda g: dict(n=I(g, 1, 10_000))),
    "expected_min_angle_lower_bound": (lambda d, M: _C(d - 1) * M ** (-2 / (d - 1)),
                                       lambda g: dict(d=I(g, 2, 100), M=I(g, 2, 10_000))),
    "expected_angle_constant_lower_bound": (lambda n: 1 - math.log(n + 1) / n, lambda g: dict(n=I(g, 1, 10_000))),
    "expected_capacity_margin_published": (
        lambda beta, K, c, d: _a7(beta, K, c, d, 1 - math.log(d - 1) / (d - 1)), _s_a7),
    "expected_capacity_margin_derived": (lambda beta, K, c, d: _a7(beta, K, c, d, _C(d - 1)), _s_a7),
    "expected_capacity_margin_lemma_a17": (lambda beta, K, c, d: _a7(beta, K, c, d, 1 - math.log(d) / (d - 1)), _s_a7),
    "one_step_retrieval_error_bound": (
        lambda beta, M, m, Delta, r, fixed_point_dist: (
            2 * beta * M * m**2 * (M - 1) * math.exp(-beta * (Delta - 2 * r * m)) * fixed_point_dist),
        _s_offsets),
    "retrieval_error_bound_published": (
        lambda beta, M, m, Delta, r: 2 * (M - 1) * m * math.exp(-beta * (Delta - 2 * r * m)), _s_exp),
    "fixed_point_offset_bound": (lambda beta, M, m, Delta, r: 2 * math.e * (M - 1) * m * math.exp(-beta * Delta), _s_exp),
    "fixed_point_epsilon_bound": (lambda beta, M, m, Delta, r: math.e * (M - 1) * math.exp(-beta * Delta), _s_exp),
    "gaussian_separation_mean": (lambda d: d, lambda g: dict(d=I(g, 1, 1000))),
    "gaussian_separation_variance": (lambda d: 3 * d, lambda g: dict(d=I(g, 1, 1000))),
    "demircigil_rate_function": (_I, lambda g: dict(a=g.uniform(-1, 1))),
    "demircigil_exponent_threshold": (lambda rho: _I(1 - 2 * rho) / 2, lambda g: dict(rho=g.uniform(0, 0.5))),
}

# hypothesis-level exceptions: samplers that deliberately do not enforce every hypothesis
_HYP_MAY_FAIL = {"capacity_constant", "capacity_memories", "capacity_constant_lambert_free",
                 "capacity_memories_lambert_free", "capacity_dimension"}


def test_every_bound_has_an_oracle():
    assert set(SPECS) == set(R.BOUNDS)
    for name, b in R.BOUNDS.items():
        assert isinstance(b, Bound) and b.name == name
        assert b.latex and b.source.startswith("Ramsauer et al.") and b.__doc__
        assert b.kind in ("upper", "lower", "value")
        assert name in R.__doc__  # generated documentation lists it


def _close(a, b, tol=TOL, scale=1.0):
    return tol.close(float(a), float(b), scale)


@pytest.mark.parametrize("name", sorted(SPECS))
@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1))
def test_value_matches_independent_oracle(name, seed):
    oracle, sampler = SPECS[name]
    b = R.BOUNDS[name]
    rng = np.random.default_rng(seed)
    points = [sampler(rng) for _ in range(6)]
    grid = {k: np.array([p[k] for p in points]) for k in b.parameters}
    res = b(**grid)
    assert not bool(np.any(res.ill_defined)), (name, res.summary(), points)
    if name not in _HYP_MAY_FAIL:
        assert bool(np.all(res.hypotheses_hold)), (name, res.failed_hypotheses(), points)
    tol = LOOSE if name in ("spherical_code_cap_bound",) else TOL
    for i, p in enumerate(points):
        want = oracle(**p)
        got = float(res.value[i])
        scale = 1.0 + max(abs(float(v)) for v in p.values())  # cancellation in differences of big terms
        assert _close(got, want, tol, scale), (name, p, got, want)
        assert _close(float(b(**p).value), got, tolerance(np.float64, "tight"), scale), (name, p)


SALT = int(os.environ.get("HOPTHEORY_TEST_SALT", "0"))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_mp_sympy_and_certified_agree(name):
    oracle, sampler = SPECS[name]
    b = R.BOUNDS[name]
    # a stable seed per bound (str hashes are salted per process, which made the draws differ)
    rng = np.random.default_rng(zlib.crc32(name.encode()) + SALT)
    for _ in range(2):
        p = sampler(rng)
        hi = b.mp(dps=50, **p)
        assert isinstance(hi, mpmath.mpf)
        scale = 1.0 + max(abs(float(v)) for v in p.values())
        tol = LOOSE if name == "spherical_code_cap_bound" else TOL
        assert _close(float(hi), oracle(**p), tol, scale), (name, p)
        # SymPy twin at exact rational inputs, 30 digits
        twin = b.sympy(**{k: sympy.Rational(v) for k, v in p.items()})
        tv = sympy.N(twin, 30)
        assert tv.is_real or tv.is_number, (name, twin)
        with mpmath.workdps(40):
            assert abs(mpmath.mpf(str(tv)) - hi) <= mpmath.mpf("1e-25") * (1 + abs(hi)), (name, p, tv, hi)
        # certified interval contains the 50-digit value and (up to rounding) the float value
        iv = b.certified(prec=90, strict=False, **p)  # the formula, wherever drawn
        with mpmath.workprec(400):  # read the endpoints without rounding them
            lo, up = mpmath.mpf(iv.a), mpmath.mpf(iv.b)
            assert lo <= hi <= up, (name, p, iv, hi)
            fv = mpmath.mpf(float(b(**p).value))
            slack = tolerance(np.float64, "tight").atol * (1 + abs(fv)) * scale
            assert lo - slack <= fv <= up + slack, (name, p, iv, fv)
            assert up - lo <= mpmath.mpf(2) ** -60 * (1 + abs(hi)), (name, iv)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_kit_at_the_declared_example(name):
    """The example point of a declaration satisfies the hypotheses, and the four kits agree there."""
    b = R.BOUNDS[name]
    ex = b.example
    res = b(**{k: float(v) for k, v in ex.items()})
    assert bool(res.valid), (name, res.summary())
    scale = 1.0 + max(abs(float(v)) for v in ex.values())
    with mpmath.workdps(40):
        hi = b.mp(40, **ex)
        iv = b.certified(**ex)
        assert iv.a <= hi <= iv.b and iv.b - iv.a <= mpmath.mpf(2) ** -60 * (1 + abs(hi)), (name, iv, hi)
        twin = mpmath.mpf(str(sympy.N(b.sympy(**ex), 35)))
        assert abs(twin - hi) <= mpmath.mpf(10) ** -28 * (1 + abs(hi)), (name, twin, hi)
    assert _close(float(res.value), float(hi), tolerance(np.float64, "tight"), scale), (name, float(res.value), hi)


def test_every_bound_and_function_on_data_has_examples():
    for name, obj in list(R.BOUNDS.items()) + list(R.AT_FUNCTIONS.items()):
        assert "Examples\n--------" in inspect.cleandoc(obj.__doc__) and ">>> " in obj.__doc__, name


def test_symbolic_twins_build_and_latex():
    for b in R.BOUNDS.values():
        expr = b.sympy()
        assert isinstance(expr, sympy.Basic)
        assert isinstance(b.latex_twin(), str)
    # the Lambert W twin solves a c + c ln c - b = 0 (ln W + W = a + ln b)
    c = R.capacity_constant.sympy()
    s = R.capacity_constant.sympy_symbols()
    a = R.capacity_a.sympy()
    bb = R.capacity_b.sympy()
    vals = {s["beta"]: sympy.Rational(3, 2), s["K"]: 2, s["d"]: 30, s["p_fail"]: sympy.Rational(1, 100)}
    residual = (a * c + c * sympy.log(c) - bb).subs(vals)
    assert abs(sympy.N(residual, 40)) < 1e-30
    assert isinstance(R.capacity_constant_lambert_free.sympy(), sympy.Piecewise)


# --------------------------------------------------------------------------- published numbers


def test_published_capacity_constants():
    c1 = R.capacity_constant(beta=1, K=3, d=20, p_fail=0.001)
    c2 = R.capacity_constant(1.0, 1.0, 75, 0.001)
    # the paper truncates 1.37188 to 1.3718 (and rounds 1.25850 to 1.2585): agreement to 4 decimals
    assert abs(float(c1) - 3.1546) < 1e-4 and abs(float(c2) - 1.3718) < 1e-4
    assert round(float(c1), 4) == 3.1546 and math.floor(float(c2) * 1e4) / 1e4 == 1.3718
    assert bool(c1.hypotheses_hold) and bool(c2.hypotheses_hold)
    assert float(R.capacity_lambert_argument(1, 3, 20, 0.001)) > 1.27
    assert float(R.capacity_lambert_argument(1, 1, 75, 0.001)) < -0.94
    assert round(float(R.capacity_constant_lambert_free(1, 3, 20, 0.001)), 4) == 3.1444
    assert abs(float(R.capacity_constant_lambert_free(1, 1, 75, 0.001)) - 1.2585) < 1e-4
    # the 50-digit values round the same way
    assert mpmath.nstr(R.capacity_constant.mp(beta=1, K=3, d=20, p_fail=0.001), 5) == "3.1546"
    assert abs(R.capacity_constant.mp(beta=1, K=1, d=75, p_fail=0.001) - mpmath.mpf("1.3718")) < 1e-4


def test_positional_and_keyword_calls_agree():
    assert R.capacity_constant.parameters == ("beta", "K", "d", "p_fail")
    a = float(R.capacity_constant(1.0, 3.0, 20, 0.001))
    assert a == float(R.capacity_constant(beta=1.0, K=3.0, d=20, p_fail=0.001))
    assert a == float(R.capacity_constant(1.0, 3.0, d=20, p_fail=0.001))
    with pytest.raises(TypeError, match="multiple values"):
        R.capacity_constant(1.0, 3.0, 20, 0.001, beta=2.0)
    with pytest.raises(TypeError, match="at most 4"):
        R.capacity_constant(1.0, 3.0, 20, 0.001, 5.0)
    with pytest.raises(TypeError, match="missing"):
        R.capacity_constant(1.0, 3.0)
    with pytest.raises(TypeError):
        R.capacity_constant(True, 3.0, 20, 0.001)
    with pytest.raises(ValueError, match="NaN or inf"):
        R.capacity_constant(float("nan"), 3.0, 20, 0.001)
    assert float(R.capacity_constant.value(1.0, 3.0, 20, 0.001)) == a


def test_corollary_a2_example():
    a = float(R.capacity_dimension_a(1, 3, 2))
    b = float(R.capacity_dimension_b(1, 3, 0.001))
    assert a < 0 and a * math.exp(-b) < -1 / math.e  # the corollary's hypothesis fails
    res = R.capacity_dimension_bound(1, 3, 2, 0.001)
    assert "a exp(-b) >= -1/e" in res.failed_hypotheses()
    with pytest.raises(BoundHypothesisError):
        res.require()
    d = np.arange(2.0, 201.0)
    resid = R.capacity_dimension_residual(a=a, b=b, d=d).value
    assert np.all(resid <= 0)  # the root inequality holds for every d
    thr = float(R.capacity_dimension_threshold(2, 0.001))
    assert 24 < thr < 25 and math.ceil(thr) == 25  # bounds d from below: d >= 25, not "d < 24"
    full = R.capacity_dimension(1, 3, 2, 0.001)
    assert bool(full.ill_defined) and bool(full.ill_defined_reasons["W_{-1} argument outside [-1/e, 0)"])


def test_theorem_a7_example_thresholds():
    d = np.arange(3.0, 201.0)
    out = {}
    for b in (R.expected_capacity_margin_published, R.expected_capacity_margin_derived,
              R.expected_capacity_margin_lemma_a17):
        v = b(beta=1.0, K=3.0, c=2.0, d=d).value
        ok = to_numpy(v) >= 0
        first = int(np.argmax(ok))
        assert ok.any() and ok[first:].all()  # an up-set in d on this range
        out[b.name] = d[first]
    assert out["expected_capacity_margin_published"] == 21.0  # the paper says d >= 17
    assert float(R.expected_capacity_margin_published(1.0, 3.0, 2.0, 17).value) < 0
    assert out["expected_capacity_margin_derived"] == 14.0
    assert out["expected_capacity_margin_lemma_a17"] == 21.0


def test_lemma_a17_and_kappa_bounds_on_range():
    n = np.arange(1.0, 10_001.0)
    C = R.expected_angle_constant(n).value
    assert np.all(C >= R.expected_angle_constant_lower_bound(n).value)
    assert np.all(C[1:] >= 1 - np.log(n[1:]) / n[1:])  # the form Theorem A7 needs
    k = R.kappa_constant(d=n).value
    assert np.all(R.kappa_lower_bound(d=n).value <= k) and np.all(k <= R.kappa_upper_bound(d=n).value)
    assert abs(float(R.expected_angle_constant(1.0)) - math.pi / 2) < 1e-14


def test_placed_patterns_premise_is_false():
    d = np.arange(4.0, 60.0)
    need = R.placed_patterns_required_count(d=d, alpha_min=math.pi / 2).value
    assert np.all(need > R.spherical_code_rankin_bound(d=d, cos_alpha_min=0.0).value)
    d = np.arange(3.0, 60.0)
    need = R.placed_patterns_required_count(d=d, alpha_min=math.pi / 4).value
    cap = R.spherical_code_cap_bound(d=d, cos_alpha_min=math.sqrt(0.5)).value
    assert np.all(need > cap)
    # the cap bound is a real bound: the 2d cross-polytope at pi/2 respects it
    assert np.all(R.spherical_code_cap_bound(d=d, cos_alpha_min=0.0).value >= 2 * d)


# --------------------------------------------------------------------------- hypotheses and definedness


def _hold(b, **p):
    return bool(b(**p).hypotheses_hold)


def test_hypothesis_boundaries():
    c = R.capacity_constant
    base = dict(beta=1.0, K=3.0, d=20.0)
    assert _hold(c, **base, p_fail=1.0) and not _hold(c, **base, p_fail=1.000001)
    assert _hold(c, **base, p_fail=0.999999)
    assert not _hold(c, **base, p_fail=0.0) and not _hold(c, **base, p_fail=-0.001)
    assert not _hold(c, beta=1.0, K=3.0, d=20.5, p_fail=0.001)  # d must be an integer
    assert not _hold(c, beta=1.0, K=3.0, d=1.0, p_fail=0.001)
    assert not _hold(c, beta=0.0, K=3.0, d=20.0, p_fail=0.001)
    # c >= threshold: compare with the oracle on a grid that straddles the boundary
    K = np.linspace(0.3, 3.0, 200)
    res = c(beta=1.0, K=K, d=20.0, p_fail=0.001)
    want = np.array([_cap_c(1.0, k, 20, 0.001) >= (2 / math.sqrt(0.001)) ** (4 / 19) for k in K])
    assert want.any() and (~want).any()
    assert np.array_equal(to_numpy(res.hypotheses_hold), want)
    assert np.array_equal(to_numpy(R.capacity_memories(beta=1.0, K=K, d=20.0, p_fail=0.001).hypotheses_hold), want)
    # Lemma A2, refined form: published vs corrected hypothesis
    pub, cor = R.jacobian_norm_bound_refined_published, R.jacobian_norm_bound_refined_corrected
    p = dict(beta=1.0, M=4.0, m=1.0)
    assert _hold(pub, **p, epsilon=0.6, p_max=0.5) and not _hold(cor, **p, epsilon=0.6, p_max=0.5)
    assert _hold(cor, **p, epsilon=0.5, p_max=0.5) and _hold(cor, **p, epsilon=1 - 0.3, p_max=0.3)
    assert not _hold(pub, **p, epsilon=0.4, p_max=0.5)  # epsilon < 1 - p_max
    # well-separation
    thr = _wellsep(2.0, 5.0, 1.5)
    b = R.sphere_self_map_error_bound
    assert _hold(b, beta=2.0, M=5.0, m=1.5, Delta=thr * (1 + 1e-12))
    assert not _hold(b, beta=2.0, M=5.0, m=1.5, Delta=thr * (1 - 1e-12))
    # Lemma A3
    g = R.global_contraction_rate
    assert _hold(g, beta=1.0, r_c=0.999999) and not _hold(g, beta=1.0, r_c=1.0)
    assert _hold(R.global_jacobian_bound, beta=1.0, r_c=1.0)
    # Lemma A15, Lambert bounds, Theorem A10
    assert _hold(R.cosine_upper_bound, x=math.pi) and not _hold(R.cosine_upper_bound, x=math.pi + 1e-12)
    assert not _hold(R.cosine_upper_bound, x=-1e-300)
    assert _hold(R.lambert_upper_bound_nonpositive, u=0.0) and not _hold(R.lambert_upper_bound_positive, u=0.0)
    assert _hold(R.demircigil_exponent_threshold, rho=0.0) and not _hold(R.demircigil_exponent_threshold, rho=0.5)
    # Theorem A9 second part: r <= 1/(2 beta m)
    f = R.fixed_point_offset_bound
    q = dict(beta=2.0, M=3.0, m=0.5, Delta=1.0)
    assert _hold(f, **q, r=0.5) and not _hold(f, **q, r=0.5 + 1e-12)
    # Lemma A13: kappa_{d-1} delta^{d-1} / 2 <= 1
    d = 6.0
    dmax = (2 / _kappa(d - 1)) ** (1 / (d - 1))
    t = R.min_angle_tail_bound
    assert _hold(t, d=d, delta=dmax * (1 - 1e-9)) and not _hold(t, d=d, delta=dmax * (1 + 1e-9))
    # Lemma A12 index range
    m = R.metastable_separation_threshold_corrected
    assert not _hold(m, beta=0.1, M=4.0, m=1.0, r_l=1.0, l=4.0) and _hold(m, beta=0.1, M=4.0, m=1.0, r_l=1.0, l=3.0)


def test_metastable_threshold_published_hypothesis_admits_an_undefined_point():
    p = dict(beta=1.0, M=5.0, m=2.0, r_l=1.0, l=2.0)  # beta r_l^2 = 1
    pub = R.metastable_separation_threshold_published(**p)
    cor = R.metastable_separation_threshold_corrected(**p)
    assert bool(pub.hypotheses_hold) and bool(pub.ill_defined)
    assert "log of a non-positive number" in pub.reasons_ill_defined()
    assert not bool(cor.hypotheses_hold)
    with pytest.raises(BoundHypothesisError, match="ill-defined"):
        pub.require()
    near = dict(p, r_l=math.sqrt(1 - 1e-9))
    assert bool(R.metastable_separation_threshold_corrected(**near).valid)


def test_lambert_branch_boundary_and_ill_definedness():
    b = R.capacity_dimension_from_ab
    a0 = -1 / math.e  # this float lies just below -1/e: no real W_{-1} although the float test passes
    at = b(a=a0, b=0.0)
    assert bool(at.hypotheses_hold) and bool(at.ill_defined)
    assert bool(at.ill_defined_reasons["W_{-1} argument below -1/e (after rounding)"])
    inside = b(a=a0 * (1 - 1e-12), b=0.0)
    assert bool(inside.valid)
    assert abs(float(inside.value) - (1 + math.e)) < 1e-4  # W_{-1}(-1/e) = -1, d = 1 + e
    out = b(a=a0 * (1 + 1e-9), b=0.0)
    assert not bool(out.hypotheses_hold) and bool(out.ill_defined)
    assert bool(out.ill_defined_reasons["W_{-1} argument outside [-1/e, 0)"])
    with pytest.raises(ArithmeticError):
        b.mp(a=a0 * (1 + 1e-9), b=0.0)
    with pytest.raises(ArithmeticError):
        b.certified(a=a0 * (1 + 1e-9), b=0.0, strict=False)
    with pytest.raises(BoundHypothesisError, match="hypotheses fail"):
        b.certified(a=a0 * (1 + 1e-9), b=0.0)
    # a = 0 branch
    assert float(b(a=0.0, b=0.5).value) == pytest.approx(1 + math.exp(-0.5), rel=1e-15)
    # the principal-branch root with a < 0 is the smaller root
    lo, hi = R.capacity_dimension_root_principal(a=-0.1, b=1.0), R.capacity_dimension_root_lower_branch(a=-0.1, b=1.0)
    assert float(lo.value) < 1 + 10 < float(hi.value)


def test_overflow_is_reported_not_a_number():
    res = R.retrieval_error_bound_published(beta=1e8, M=5.0, m=1.0, Delta=-1.0, r=0.0)
    assert bool(res.ill_defined) and math.isnan(float(res.value[()]))
    assert any("non-finite" in k for k in res.reasons_ill_defined())


def test_extreme_beta_stays_finite():
    for beta in (1e-8, 1e8):
        for b, p in ((R.retrieval_error_bound_published, dict(M=10.0, m=1.0, Delta=0.5, r=0.0)),
                     (R.well_separation_threshold, dict(M=10.0, m=1.0)),
                     (R.master_inequality_threshold, dict(M=10.0, m=1.0)),
                     (R.concentration_error_bound, dict(M=10.0, m=1.0, query_sep=0.3)),
                     (R.capacity_constant, dict(K=3.0, d=20.0, p_fail=0.001)),
                     (R.capacity_constant_lambert_free, dict(K=3.0, d=20.0, p_fail=0.001))):
            r = b(beta=beta, **p)
            assert not bool(r.ill_defined) and math.isfinite(float(r.value)), (b.name, beta, r.summary())
    assert float(R.retrieval_error_bound_published(beta=1e8, M=10.0, m=1.0, Delta=0.5, r=0.0).value) == 0.0


def test_vacuity_against_trivial_bounds():
    r = R.concentration_error_bound(beta=1.0, M=10.0, m=1.0, query_sep=np.array([0.0, 10.0]))
    assert to_numpy(r.vacuous).tolist() == [True, False]
    mem = R.capacity_memories(beta=1.0, K=3.0, d=20.0, p_fail=0.001)
    assert float(mem) > 2 and not bool(mem.vacuous)
    # Corollary A2 is vacuous wherever it is valid (at most 1 + 1/a < 1)
    rng = np.random.default_rng(3)
    pts = [_s_ab(rng, -1) for _ in range(200)]
    a, b = np.array([p["a"] for p in pts]), np.array([p["b"] for p in pts])
    res = R.capacity_dimension_bound_from_ab(a=a, b=b)
    assert bool(np.all(res.valid)) and bool(np.all(res.vacuous)) and np.all(res.value <= 1 + 1 / a + 1e-12)


# --------------------------------------------------------------------------- vectorisation and backends


def test_million_point_grid_equals_scalar_loop():
    beta = np.geomspace(0.1, 10, 10)
    K = np.geomspace(0.3, 5, 10)
    d = np.arange(2.0, 102.0)
    p = np.geomspace(1e-6, 1, 100)
    grid = dict(zip(("beta", "K", "d", "p_fail"), np.meshgrid(beta, K, d, p, indexing="ij")))
    rng = np.random.default_rng(7)
    for b in (R.capacity_constant, R.capacity_constant_lambert_free):
        res = b(**grid)
        assert res.value.shape == (10, 10, 100, 100)
        flat = {k: v.ravel() for k, v in grid.items()}
        vals = res.value.ravel()
        hold = res.hypotheses_hold.ravel()
        for i in rng.choice(vals.size, 20, replace=False):
            one = b(**{k: float(v[i]) for k, v in flat.items()})
            assert _close(float(one.value), vals[i], tolerance(np.float64, "tight")), (b.name, i)
            assert bool(one.hypotheses_hold) == bool(hold[i])


def test_strict_namespace_in_and_out(xp):
    rng = np.random.default_rng(11)
    for name, (oracle, sampler) in SPECS.items():
        b = R.BOUNDS[name]
        pts = [sampler(rng) for _ in range(3)]
        arrs = {k: xp.asarray(np.array([q[k] for q in pts]), dtype=xp.float64) for k in b.parameters}
        res = b(**arrs)
        for arr in (res.value, res.hypotheses_hold, res.ill_defined):
            assert backend_name(get_namespace(arr)) == backend_name(xp), name
        ref = b(**{k: np.array([q[k] for q in pts]) for k in b.parameters})
        np.testing.assert_allclose(to_numpy(res.value), ref.value, rtol=1e-13, atol=0, err_msg=name)


# --------------------------------------------------------------------------- functions of (Xi, x)


def _instance(seed, d, M, scale=1.0):
    rng = np.random.default_rng(seed)
    Xi = rng.normal(size=(d, M))
    Xi *= scale / np.linalg.norm(Xi, axis=0).max()
    return rng, Xi


def _brute(Xi, x, mu):
    d, M = Xi.shape
    m = max(np.linalg.norm(Xi[:, j]) for j in range(M))
    Delta = min(Xi[:, mu] @ Xi[:, mu] - Xi[:, mu] @ Xi[:, j] for j in range(M) if j != mu)
    D = max(np.linalg.norm(Xi[:, mu] - Xi[:, j]) for j in range(M) if j != mu)
    z = Xi.T @ x
    dt = z[mu] - max(z[j] for j in range(M) if j != mu)
    return m, Delta, D, dt


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(2, 7), M=st.integers(2, 9), beta=st.floats(0.1, 20))
def test_at_functions_against_brute_force(seed, d, M, beta):
    if d == M:
        M += 1
    rng, Xi = _instance(seed, d, M, scale=float(rng_scale(seed)))
    mu = int(rng.integers(M))
    x = Xi[:, mu] + 0.05 * rng.normal(size=d)
    m, Delta, D, dt = _brute(Xi, x, mu)
    r = np.linalg.norm(x - Xi[:, mu])
    assert _close(float(R.query_separation_lower_bound_at(Xi, x, mu).value), Delta - r * D, scale=1 + m * m)
    assert _close(float(R.query_separation_lower_bound_coarse_at(Xi, x, mu).value), Delta - 2 * m * r, scale=1 + m * m)
    assert _close(float(R.concentration_error_bound_at(Xi, x, mu, beta).value),
                  2 * m * (M - 1) * math.exp(-beta * dt), scale=1 + m)
    z = np.sort(Xi.T @ x)[::-1]
    assert _close(float(R.concentration_error_bound_at(Xi, x, None, beta).value),
                  2 * m * (M - 1) * math.exp(-beta * (z[0] - z[1])), scale=1 + m)
    assert _close(float(R.well_separation_threshold_at(Xi, beta).value), _wellsep(beta, M, m), scale=1 + m)
    assert _close(float(R.master_inequality_threshold_at(Xi, beta).value), _master(beta, M, m), scale=1 + m)
    theta = beta * (Xi.T @ x)
    p = np.exp(theta - theta.max())
    p /= p.sum()
    s = float(np.max(p * (1 - p)))
    assert _close(float(R.jacobian_norm_bound_coarse_at(Xi, x, beta).value), 2 * beta * M * m * m * s, scale=1 + m)
    res = R.jacobian_norm_bound_refined_at(Xi, x, beta)
    assert bool(res.hypotheses_hold)
    r_c = max(np.linalg.norm(Xi[:, j] - Xi.mean(axis=1)) for j in range(M))
    assert _close(float(R.global_contraction_rate_at(Xi, beta).value), beta * r_c**2, scale=1 + m)
    # retrieval bounds with an explicit fixed point and with the default one
    x_star = _fixed_point(Xi, mu, beta)
    rr = max(r, np.linalg.norm(x_star - Xi[:, mu]))
    want = 2 * (M - 1) * m * math.exp(-beta * (Delta - 2 * rr * m))
    got = R.retrieval_error_bound_published_at(Xi, x, mu, beta, x_star=x_star)
    if math.isfinite(want):
        assert _close(float(got.value), want, LOOSE, scale=1 + m)
        if math.isfinite(float(R.retrieval_error_bound_published_at(Xi, x, mu, beta).value)):
            assert _close(float(R.retrieval_error_bound_published_at(Xi, x, mu, beta).value), want, LOOSE, scale=1 + m)
    # batch of queries (d, N) gives one value per column
    X = np.stack([x, Xi[:, (mu + 1) % M], Xi[:, mu]], axis=1)
    batch = R.retrieval_error_bound_published_at(Xi, X, mu, beta, x_star=x_star)
    assert batch.value.shape == (3,)


def rng_scale(seed):
    return [0.5, 1.0, 3.0][seed % 3]


def _fixed_point(Xi, mu, beta):
    x = Xi[:, mu].copy()
    for _ in range(20_000):
        th = beta * (Xi.T @ x)
        p = np.exp(th - th.max())
        x_new = Xi @ (p / p.sum())
        if np.linalg.norm(x_new - x) < 1e-15:
            return x_new
        x = x_new
    return x


def test_at_functions_on_both_backends(xp):
    rng, Xi = _instance(5, 5, 7, scale=2.0)
    x = Xi[:, 2] + 0.01 * rng.normal(size=5)
    Xs, xs = xp.asarray(Xi), xp.asarray(x)
    for f, args in ((R.retrieval_error_bound_published_at, (Xs, xs, 2, 3.0)),
                    (R.fixed_point_offset_bound_at, (Xs, xs, 2, 3.0)),
                    (R.one_step_retrieval_error_bound_at, (Xs, xs, 2, 3.0)),
                    (R.mean_value_jacobian_bound_at, (Xs, xs, 2, 3.0)),
                    (R.concentration_error_bound_at, (Xs, xs, None, 3.0)),
                    (R.sphere_self_map_error_bound_at, (Xs, 2, 3.0)),
                    (R.metastable_separation_threshold_at, (Xs, 0.05, 3)),
                    (R.jacobian_norm_bound_coarse_at, (Xs, xs, 3.0)),
                    (R.jacobian_norm_bound_refined_at, (Xs, xs, 3.0)),
                    (R.global_contraction_rate_at, (Xs, 0.1)),
                    (R.well_separation_threshold_at, (Xs, 3.0)),
                    (R.master_inequality_threshold_at, (Xs, 3.0)),
                    (R.query_separation_lower_bound_at, (Xs, xs, 2)),
                    (R.query_separation_lower_bound_coarse_at, (Xs, xs, 2))):
        res = f(*args)
        assert backend_name(get_namespace(res.value)) == backend_name(xp), f.__name__
        ref = f(*[(to_numpy(a) if hasattr(a, "shape") else a) for a in args])
        np.testing.assert_allclose(to_numpy(res.value), ref.value, rtol=1e-12, err_msg=f.__name__)
    assert set(R.AT_FUNCTIONS) <= set(R.__all__)


def test_at_functions_reject_bad_input():
    _, Xi = _instance(1, 4, 6)
    x = Xi[:, 0]
    with pytest.raises(ValueError, match=r"\(4, 6\)"):
        R.retrieval_error_bound_published_at(Xi, np.zeros(5), 0, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        R.retrieval_error_bound_published_at(np.where(Xi > 0, np.nan, Xi), x, 0, 1.0)
    with pytest.raises(TypeError):
        R.retrieval_error_bound_published_at(Xi.astype(np.int64), x, 0, 1.0)
    with pytest.raises(ValueError, match="mu"):
        R.retrieval_error_bound_published_at(Xi, x, 6, 1.0)
    with pytest.raises(TypeError, match="mu"):
        R.retrieval_error_bound_published_at(Xi, x, 1.0, 1.0)
    with pytest.raises(ValueError, match="beta"):
        R.retrieval_error_bound_published_at(Xi, x, 0, 0.0)
    with pytest.raises(ValueError, match="at least 2 memories"):
        R.well_separation_threshold_at(Xi[:, :1], 1.0)
    with pytest.raises(ValueError, match="l must be"):
        R.metastable_separation_threshold_at(Xi, 1.0, 6)
    with pytest.raises(TypeError):
        R.retrieval_error_bound_published_at(get_backend("array_api_strict").asarray(Xi), x, 0, 1.0)


def test_at_quantities_agree_with_models_when_available():
    models = pytest.importorskip("hoptheory.models")
    if not hasattr(models, "pattern_separation") or not hasattr(models, "max_norm"):
        pytest.skip("hoptheory.models does not provide the quantities yet")
    _, Xi = _instance(2, 4, 7, scale=2.0)
    sep = to_numpy(models.pattern_separation(Xi))
    m = float(models.max_norm(Xi))
    for mu in range(7):
        res = R.sphere_self_map_error_bound_at(Xi, mu, 2.0)
        want = 2 * 6 * m * math.exp(-2.0 * (sep[mu] - 2 / (2.0 * 7)))
        assert _close(float(res.value), want, scale=1 + m)


@pytest.mark.parametrize("delta", [1e-15, 1e-12, 1e-9, 1e-6, 1e-3])
def test_lower_lambert_branch_near_the_branch_point_matches_mpmath(delta):
    """SciPy's W_{-1} is off by 7e-5 (relative) at -1/e + 1e-9; the array kit must not be."""
    import math

    import mpmath

    from hoptheory.bounds._kits import _wm1_near_branch_point
    from scipy.special import lambertw

    x = np.array([-1.0 / math.e + delta])
    w = _wm1_near_branch_point(x, np.real(lambertw(x, -1)))
    ref = float(mpmath.re(mpmath.lambertw(mpmath.mpf(float(x[0])), -1)))
    # conditioning: one ulp of x moves W by about sqrt(2 e ulp / (1 + e x))... bounded by 2e-8 here
    assert abs(w[0] - ref) <= max(1e-13, 3e-8 * math.sqrt(1e-15 / delta)) * abs(ref)


def test_capacity_dimension_near_the_branch_point_matches_mpmath():
    a, b = -1.8519447887396074, 1.6162363254191943
    for bound in (R.capacity_dimension_root_lower_branch, R.capacity_dimension_from_ab):
        assert float(bound(a=a, b=b).value) == pytest.approx(float(bound.mp(a=a, b=b)), rel=1e-11)
