"""Tests of hoptheory.bounds.hu2024 against independent evaluations.

Oracles: direct formulas written here with ``math``/SciPy, mpmath at 50 digits (the Bound's
mpmath kit), the SymPy twin evaluated with exact rational inputs, certified intervals, brute-force
loops over memories and masks, Monte Carlo for the random-feature variance, and the retrieval maps
V1/V2 written here in NumPy.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import math
import pkgutil
import pydoc

import array_api_compat
import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq
from scipy.special import lambertw

from hoptheory.backend import get_backend, to_numpy, tolerance
from hoptheory.bounds import Bound, BoundHypothesisError
from hoptheory.bounds import hu2024 as H

TOL = tolerance(kind="default")
TIGHT = tolerance(kind="tight")


def _close(a, b, tol=TOL):
    return abs(a - b) <= tol.atol + tol.rtol * max(abs(a), abs(b))


# --------------------------------------------------------------------------- direct formulas


def _w_exp(y):
    return float(np.real(lambertw(math.exp(y))))


def _c_rho(beta, K, d, p_fail, rho):
    a = 2 / (d - 1) * (1 + math.log((1 + rho) * beta * K * K * p_fail * (d - 1)))
    b = 2 * K * K * beta / 5
    return b / _w_exp(a + math.log(b))


DIRECT = {
    "retrieval_error_bound_published": lambda beta, m, M, k, Delta_pub: m * (M + k - 2) * math.exp(-beta * Delta_pub),
    "retrieval_error_bound_published_inclusive": lambda beta, m, M, k, Delta_pub_inclusive: m * (M + k - 2)
    * math.exp(-beta * Delta_pub_inclusive),
    "retrieval_error_bound_published_dense": lambda beta, m, M, Delta_pub: 2 * m * (M - 1) * math.exp(-beta * Delta_pub),
    "retrieval_error_bound_rigorous": lambda beta, m, M, k, query_sep: m * (M + k - 2) * math.exp(-beta * query_sep),
    "retrieval_error_bound_v2": lambda beta, m, k, query_sep_mask: 2 * m * (k - 1) * math.exp(-beta * query_sep_mask),
    "retrieval_error_bound_v2_weight": lambda q_mu, max_dist_mask: (1 - q_mu) * max_dist_mask,
    "retrieval_error_bound_ball": lambda beta, m, M, k, Delta, r: m * (M + k - 2) * math.exp(-beta * (Delta - 2 * m * r)),
    "retrieval_error_bound_dense_rigorous": lambda beta, m, M, query_sep: 2 * m * (M - 1) * math.exp(-beta * query_sep),
    "error_constant_sparse": lambda m, M, k: m * (M + k - 2),
    "error_constant_dense": lambda m, M: 2 * m * (M - 1),
    "query_noise_bound": lambda beta, m, M, k, query_sep, eta_norm, max_dist: m * (M + k - 2)
    * math.exp(-beta * (query_sep - eta_norm * max_dist)),
    "query_noise_bound_coarse": lambda beta, m, M, k, query_sep, eta_norm: m * (M + k - 2)
    * math.exp(-beta * (query_sep - 2 * m * eta_norm)),
    "memory_noise_bound": lambda beta, m_noisy, M, k, query_sep, x_norm, eta_max, eta_mu: m_noisy * (M + k - 2)
    * math.exp(-beta * (query_sep - 2 * x_norm * eta_max)) + eta_mu,
    "well_separation_threshold_published": lambda beta, m, M, k, R: math.log(m * (M + k - 2) / R) / beta + 2 * m * R,
    "well_separation_threshold": lambda beta, m, M, k, r: math.log(m * (M + k - 2) / r) / beta + 2 * m * r,
    "well_separation_threshold_dense": lambda beta, m, M, r: math.log(2 * m * (M - 1) / r) / beta + 2 * m * r,
    "well_separation_relaxation": lambda beta, M, k: math.log(2 * (M - 1) / (M + k - 2)) / beta,
    "v1_jacobian_norm_bound": lambda beta, m, M, k, query_sep: 2 * beta * m * m * (M + k - 2)
    * math.exp(-beta * query_sep),
    "v1_contraction_bound": lambda beta, m, M, k, Delta, r: 2 * beta * m * m * (M + k - 2)
    * math.exp(-beta * (Delta - 2 * m * r)),
    "capacity_published_log_argument": lambda m, p_fail, R, delta: 2 * m * (math.sqrt(p_fail) - 1) / (R + delta),
    "capacity_published_b": lambda beta, m, d: 4 * m * m * beta / (5 * (d - 1)),
    "capacity_a_sparse": lambda beta, K, d, p_fail, rho: 2 / (d - 1)
    * (1 + math.log((1 + rho) * beta * K * K * p_fail * (d - 1))),
    "capacity_b_sparse": lambda beta, K: 2 * K * K * beta / 5,
    "capacity_constant_sparse": _c_rho,
    "capacity_sparse_corrected": lambda beta, K, d, p_fail, rho: math.sqrt(p_fail)
    * _c_rho(beta, K, d, p_fail, rho) ** ((d - 1) / 4),
    "self_map_threshold_sparse": lambda beta, m, M, k: 2 / (beta * M) + math.log(beta * M * (M + k - 2) * m * m) / beta,
    "master_threshold_sparse": lambda beta, m, M, rho: 2 / (beta * M) + math.log((1 + rho) * beta * M * M * m * m) / beta,
    "exp_kernel_taylor_remainder": lambda beta, s, n: (beta * abs(s)) ** (n + 1) / math.factorial(int(n) + 1)
    * math.exp(beta * abs(s)),
    "prf_estimator_variance": lambda beta, inner, norm_sum_sq, n_f: math.exp(2 * beta * inner)
    * math.expm1(beta * norm_sum_sq) / n_f,
    "prf_estimator_variance_performer": lambda inner, norm_sum_sq, n_f: math.exp(norm_sum_sq)
    * math.exp(inner) ** 2 * (1 - math.exp(-norm_sum_sq)) / n_f,
    "sliding_window_score_count": lambda L, w: sum(
        sum(1 for mu in range(int(L)) if abs(mu - ell) <= w) for ell in range(int(L))
    ),
    "random_mask_inclusion_probability": lambda k, M: math.comb(int(M) - 1, int(k) - 1) / math.comb(int(M), int(k)),
}

# The published capacity template is ill-defined wherever its hypotheses hold; tested separately.
ILL_DEFINED = {
    "capacity_published_a",
    "capacity_published_c",
    "capacity_published",
    "capacity_published_p_prefactor",
    "capacity_published_feature_space",
}

ALL_BOUNDS = {n: getattr(H, n) for n in H.__all__ if isinstance(getattr(H, n), Bound)}


def test_every_bound_has_an_oracle():
    assert set(ALL_BOUNDS) == set(DIRECT) | ILL_DEFINED


def test_bounds_registry_is_every_public_bound():
    assert set(H.BOUNDS) == set(ALL_BOUNDS)
    assert all(H.BOUNDS[n] is b for n, b in ALL_BOUNDS.items())
    assert set(H.BOUNDS) <= set(H.__all__)


def test_a_bound_is_called_by_position_or_by_name():
    want = 1.0 * (5 + 2 - 2) * math.exp(-1.0 * 0.3)
    by_position = H.retrieval_error_bound_rigorous(1.0, 1.0, 5, 2, 0.3)
    by_name = H.retrieval_error_bound_rigorous(beta=1.0, m=1.0, M=5, k=2, query_sep=0.3)
    assert float(by_position.value) == float(by_name.value) == pytest.approx(want, rel=1e-15)
    for name, bound in ALL_BOUNDS.items():
        ex = {k: float(v) for k, v in bound.example.items()}
        a, b = bound(*[ex[p] for p in bound.parameters]), bound(**ex)
        same = np.isnan(float(a.value)) and np.isnan(float(b.value)) or float(a.value) == float(b.value)
        assert same and a.failed_hypotheses() == b.failed_hypotheses(), name


def test_help_shows_each_bounds_own_documentation():
    for name, bound in ALL_BOUNDS.items():
        text = pydoc.render_doc(bound, renderer=pydoc.plaintext)
        first = bound.formula.__doc__.strip().splitlines()[0]
        assert first in text and bound.latex in text and bound.source in text, name
        assert "Parameters" in text and all(f"{p} : " in text for p in bound.parameters), name
        assert str(inspect.signature(bound)).startswith("(" + ", ".join(bound.parameters) + ", *"), name


# --------------------------------------------------------------------------- parameter strategies

_unit = st.floats(0.0, 1.0)


_LOG_BETA = st.floats(-2, 1).map(lambda e: 10 ** e)
_SIGNED = st.floats(-3.0, 3.0)
_PLAIN = {
    "beta": _LOG_BETA, "m": st.floats(0.1, 5.0), "M": st.integers(2, 40).map(float),
    "Delta": _SIGNED, "query_sep": _SIGNED, "query_sep_mask": _SIGNED, "Delta_pub": _SIGNED,
    "Delta_pub_inclusive": _SIGNED, "s": _SIGNED, "inner": _SIGNED,
    "r": st.floats(0.01, 2.0), "R": st.floats(0.01, 2.0), "K": st.floats(0.5, 5.0),
    "d": st.integers(2, 200).map(float), "p_fail": st.floats(-6, -0.001).map(lambda e: 10 ** e),
    "rho": st.floats(0.01, 1.0), "n": st.integers(0, 20).map(float), "n_f": st.integers(1, 10_000).map(float),
    "norm_sum_sq": st.floats(0.0, 5.0), "L": st.integers(1, 60).map(float), "q_mu": _unit,
    "max_dist_mask": st.floats(0.0, 10.0), "eta_norm": st.floats(0.0, 1.0), "max_dist": st.floats(0.0, 4.0),
    "m_noisy": st.floats(0.1, 5.0), "x_norm": st.floats(0.0, 5.0), "eta_max": st.floats(0.0, 1.0),
}


@st.composite
def params_for(draw, bound: Bound):
    """Parameters inside every hypothesis of ``bound`` (exponents kept below overflow)."""
    names = bound.parameters
    P = {n: draw(_PLAIN[n]) for n in names if n in _PLAIN}
    if "k" in names:
        P["k"] = float(draw(st.integers(1, int(P.get("M", 40)))))
    if "w" in names:
        P["w"] = float(draw(st.integers(0, int(P["L"]) - 1)))
    if "delta" in names:
        P["delta"] = draw(st.floats(-0.99, 2.0)) * P["R"]
    if "eta_mu" in names:
        P["eta_mu"] = draw(_unit) * P["eta_max"]
    if bound is H.capacity_sparse_corrected:
        # the theorem needs c_rho >= (2/sqrt p)^(4/(d-1)): large K and beta make it hold
        P["K"] = draw(st.floats(2.0, 5.0))
        P["beta"] = draw(st.floats(1.0, 5.0))
        P["d"] = float(draw(st.integers(5, 200)))
        c = _c_rho(P["beta"], P["K"], P["d"], P["p_fail"], P["rho"])
        assume(math.log(c) >= 4 / (P["d"] - 1) * math.log(2 / math.sqrt(P["p_fail"])))
    return {n: P[n] for n in names}


def _bound_cases():
    return sorted(DIRECT)


# --------------------------------------------------------------------------- value oracles


@pytest.mark.parametrize("name", _bound_cases())
def test_float_and_mp_agree_with_direct_formula(name):
    bound = ALL_BOUNDS[name]
    direct = DIRECT[name]

    @settings(max_examples=15)
    @given(params_for(bound))
    def run(p):
        res = bound(**p)
        assert bool(res.hypotheses_hold), res.failed_hypotheses()
        assert not bool(res.ill_defined)
        want = direct(**p)
        got = float(res.value)
        assert _close(got, want), (p, got, want)
        hi = bound.mp(dps=50, **p)
        assert _close(float(hi), want), (p, hi, want)

    run()


@pytest.mark.parametrize("name", _bound_cases())
def test_sympy_twin_and_certified_interval(name):
    bound = ALL_BOUNDS[name]

    @settings(max_examples=3)
    @given(params_for(bound))
    def run(p):
        hi = bound.mp(dps=50, **p)
        expr = bound.sympy(**{k: sympy.Rational(v) for k, v in p.items()})
        sym = sympy.N(expr, 50)
        assert sym.is_real
        with mpmath.workdps(50):
            assert abs(mpmath.mpf(str(sym)) - hi) <= mpmath.mpf(10) ** -40 * (1 + abs(hi))
        iv = bound.certified(prec=80, strict=False, **p)  # the formula, wherever drawn
        with mpmath.workdps(50):
            assert iv.a <= hi <= iv.b
        # the float value is inside the interval up to its own rounding (256 ulp)
        f = float(bound(**p).value)
        slack = TIGHT.rtol * abs(f) + 1e-300
        assert float(iv.a) - slack <= f <= float(iv.b) + slack

    run()


def test_sympy_twins_are_expressions_with_declared_symbols():
    for name, bound in ALL_BOUNDS.items():
        expr = bound.sympy()
        assert isinstance(expr, sympy.Basic), name
        assert {str(s) for s in expr.free_symbols} <= {str(s) for s in bound.sympy_symbols().values()}, name
        assert bound.latex and bound.source, name
        assert bound.latex_twin()


# --------------------------------------------------------------------------- published reproduction numbers


def test_capacity_constant_reproduces_ramsauer_at_rho_one():
    c1 = float(H.capacity_constant_sparse(beta=1.0, K=3.0, d=20.0, p_fail=0.001, rho=1.0).value)
    c2 = float(H.capacity_constant_sparse(beta=1.0, K=1.0, d=75.0, p_fail=0.001, rho=1.0).value)
    # the published values are truncated (not rounded) to 4 decimals: c2 = 1.371877...
    assert math.floor(c1 * 1e4) / 1e4 == 3.1546 and abs(c1 - 3.1546) < 1e-4
    assert math.floor(c2 * 1e4) / 1e4 == 1.3718 and abs(c2 - 1.3718) < 1e-4
    # the published sign/size of a + ln b
    y1 = float(H.capacity_a_sparse(beta=1.0, K=3.0, d=20.0, p_fail=0.001, rho=1.0).value) + math.log(3.6)
    y2 = float(H.capacity_a_sparse(beta=1.0, K=1.0, d=75.0, p_fail=0.001, rho=1.0).value) + math.log(0.4)
    assert y1 > 1.27 and y2 < -0.94
    # and the 50-digit value agrees with an mpmath evaluation written here
    with mpmath.workdps(50):
        a = mpmath.mpf(2) / 19 * (1 + mpmath.log(2 * 9 * mpmath.mpf("0.001") * 19))
        b = mpmath.mpf(36) / 10
        ref = b / mpmath.lambertw(mpmath.exp(a + mpmath.log(b))).real
        hi = H.capacity_constant_sparse.mp(dps=50, beta=1, K=3, d=20, p_fail="0.001", rho=1)
        assert abs(hi - ref) < mpmath.mpf(10) ** -45


def test_capacity_constant_solves_the_defining_equation():
    # c solves a c + c ln c - b = 0 (Ramsauer's step 4), at 50 digits
    for beta, K, d, p, rho in [(1, 3, 20, "0.001", 1), (1, 1, 75, "0.001", "0.5"), (2, "0.7", 9, "0.1", "0.05")]:
        kw = dict(beta=beta, K=K, d=d, p_fail=p, rho=rho)
        with mpmath.workdps(50):
            c = H.capacity_constant_sparse.mp(dps=50, **kw)
            a = H.capacity_a_sparse.mp(dps=50, **kw)
            b = H.capacity_b_sparse.mp(dps=50, beta=beta, K=K)
            assert abs(a * c + c * mpmath.log(c) - b) < mpmath.mpf(10) ** -40


def test_capacity_constant_decreases_in_rho():
    rho = np.linspace(0.01, 1.0, 500)
    c = to_numpy(H.capacity_constant_sparse(beta=1.0, K=3.0, d=20.0, p_fail=0.001, rho=rho).value)
    assert np.all(np.diff(c) < 0)
    # sign of the derivative from the SymPy twin at a few points
    expr = H.capacity_constant_sparse.sympy()
    rsym = H.capacity_constant_sparse.sympy_symbols()["rho"]
    deriv = sympy.diff(expr, rsym)
    syms = H.capacity_constant_sparse.sympy_symbols()
    for r in (0.1, 0.5, 1.0):
        val = deriv.subs({syms["beta"]: 1, syms["K"]: 3, syms["d"]: 20, syms["p_fail"]: sympy.Rational(1, 1000),
                          rsym: sympy.Rational(r)})
        assert sympy.N(val, 30) < 0


# --------------------------------------------------------------------------- hypotheses at their boundaries


def _holds(bound, **p):
    return bool(bound(**p).hypotheses_hold)


def test_capacity_hypotheses_on_both_sides():
    base = dict(beta=1.0, K=3.0, d=20.0, p_fail=0.001, rho=1.0)
    B = H.capacity_sparse_corrected
    assert _holds(B, **{**base, "p_fail": 1.0})
    assert not _holds(B, **{**base, "p_fail": 1.000001})
    assert "p_fail in (0, 1]" in B(**{**base, "p_fail": 1.000001}).failed_hypotheses()
    assert not _holds(B, **{**base, "p_fail": 0.0})
    assert _holds(B, **{**base, "rho": 1.0}) and not _holds(B, **{**base, "rho": 1.0 + 1e-12})
    assert not _holds(B, **{**base, "rho": 0.0})
    assert "d integer >= 2" not in B(**{**base, "d": 2.0}).failed_hypotheses()
    assert "d integer >= 2" in B(**{**base, "d": 1.5}).failed_hypotheses()
    assert "d integer >= 2" in B(**{**base, "d": 20.5}).failed_hypotheses()
    assert not _holds(B, **{**base, "beta": 0.0}) and not _holds(B, **{**base, "K": -1.0})
    # published template: p in (0, 1) open
    P = H.capacity_published
    pb = dict(beta=1.0, m=3 * math.sqrt(19), d=20.0, R=0.5, delta=0.0)
    assert _holds(P, **pb, p_fail=0.999999) and not _holds(P, **pb, p_fail=1.0)
    assert _holds(P, **{**pb, "delta": -0.5 + 1e-9}, p_fail=0.5)
    assert "R + delta > 0" in P(**{**pb, "delta": -0.5}, p_fail=0.5).failed_hypotheses()


@pytest.mark.parametrize("bracket, holds_above", [((1.0, 5.0), True), ((0.01, 0.1), False)])
def test_capacity_c_condition_on_both_sides_of_its_boundary(bracket, holds_above):
    # c_rho = (2/sqrt p)^(4/(d-1)) has two roots in K (c blows up as K -> 0); test both sides of each
    beta, d, p, rho = 1.0, 20.0, 0.001, 0.5

    def gap(K):
        return math.log(_c_rho(beta, K, d, p, rho)) - 4 / (d - 1) * math.log(2 / math.sqrt(p))

    Kstar = brentq(gap, *bracket, xtol=1e-14)
    name = "c_rho >= (2/sqrt(p))^(4/(d-1))"
    K_good, K_bad = (Kstar * (1 + 1e-8), Kstar * (1 - 1e-8))[:: 1 if holds_above else -1]
    good = H.capacity_sparse_corrected(beta=beta, K=K_good, d=d, p_fail=p, rho=rho)
    bad = H.capacity_sparse_corrected(beta=beta, K=K_bad, d=d, p_fail=p, rho=rho)
    assert bool(good.hypotheses_hold) and bad.failed_hypotheses() == [name]
    # the condition is exactly sqrt(p) c^((d-1)/4) >= 2: the value crosses 2 there
    assert float(good.value) >= 2 > float(bad.value)
    assert not bool(good.vacuous) and bool(bad.vacuous)
    with pytest.raises(BoundHypothesisError, match="c_rho"):
        H.capacity_sparse_corrected(beta=beta, K=K_bad, d=d, p_fail=p, rho=rho, strict=True)


@pytest.mark.parametrize(
    "bound, good, bad, hyp",
    [
        (H.retrieval_error_bound_rigorous, dict(k=5.0), dict(k=6.0), "k integer in [1, M]"),
        (H.retrieval_error_bound_rigorous, dict(k=1.0), dict(k=0.0), "k integer in [1, M]"),
        (H.retrieval_error_bound_rigorous, dict(k=2.0), dict(k=1.5), "k integer in [1, M]"),
        (H.retrieval_error_bound_rigorous, dict(M=2.0, k=2.0), dict(M=1.0, k=1.0), "M integer >= 2"),
        (H.retrieval_error_bound_rigorous, dict(beta=1e-300), dict(beta=0.0), "beta > 0"),
        (H.retrieval_error_bound_rigorous, dict(beta=1e-300), dict(beta=-1.0), "beta > 0"),
    ],
)
def test_retrieval_hypotheses_on_both_sides(bound, good, bad, hyp):
    base = dict(beta=1.0, m=1.0, M=5.0, k=3.0, query_sep=0.5)
    assert _holds(bound, **{**base, **good})
    res = bound(**{**base, **bad})
    assert hyp in res.failed_hypotheses() and not bool(res.hypotheses_hold)
    with pytest.raises(BoundHypothesisError):
        bound(strict=True, **{**base, **bad})


def test_other_hypotheses_on_both_sides():
    S = H.sliding_window_score_count
    assert _holds(S, L=10.0, w=9.0) and not _holds(S, L=10.0, w=10.0) and not _holds(S, L=10.0, w=-1.0)
    T = H.exp_kernel_taylor_remainder
    assert _holds(T, beta=1.0, s=0.3, n=0.0) and not _holds(T, beta=1.0, s=0.3, n=-1.0)
    assert not _holds(T, beta=1.0, s=0.3, n=2.5)
    V = H.prf_estimator_variance
    assert _holds(V, beta=1.0, inner=0.1, norm_sum_sq=0.0, n_f=1.0)
    assert not _holds(V, beta=1.0, inner=0.1, norm_sum_sq=-1e-9, n_f=1.0)
    assert not _holds(V, beta=1.0, inner=0.1, norm_sum_sq=1.0, n_f=0.0)
    W = H.retrieval_error_bound_v2_weight
    assert _holds(W, q_mu=1.0, max_dist_mask=1.0) and not _holds(W, q_mu=1.0 + 1e-12, max_dist_mask=1.0)
    N = H.memory_noise_bound
    nb = dict(beta=1.0, m_noisy=1.0, M=4.0, k=2.0, query_sep=0.1, x_norm=1.0, eta_max=0.2)
    assert _holds(N, **nb, eta_mu=0.2) and not _holds(N, **nb, eta_mu=0.2 + 1e-12)
    Rm = H.random_mask_inclusion_probability
    assert _holds(Rm, k=7.0, M=7.0) and not _holds(Rm, k=8.0, M=7.0)
    assert _holds(H.well_separation_threshold, beta=1.0, m=1.0, M=3.0, k=3.0, r=1e-300)
    assert not _holds(H.well_separation_threshold, beta=1.0, m=1.0, M=3.0, k=3.0, r=0.0)


def test_top_k_automatic_inclusion_hypothesis():
    h = H.H_TOPK_AUTO
    xp = get_backend("numpy")
    kw = {k: xp.asarray(v) for k, v in dict(m=1.0, M=3.0, k=1.0).items()}
    assert bool(h.test(xp, r=xp.asarray(1.999), **kw))  # m(M + k - 2) = 2 > 1.999
    assert not bool(h.test(xp, r=xp.asarray(2.0), **kw))


# --------------------------------------------------------------------------- ill-defined published capacity


def test_published_capacity_is_ill_defined_wherever_its_hypotheses_hold():
    rng = np.random.default_rng(7)
    p = np.concatenate([rng.uniform(1e-9, 1 - 1e-9, 200), [1e-12, 0.5, 0.999999]])
    m = rng.uniform(0.1, 10, p.shape)
    R = rng.uniform(0.01, 3, p.shape)
    delta = rng.uniform(-0.9, 2, p.shape) * R
    arg = H.capacity_published_log_argument(m=m, p_fail=p, R=R, delta=delta)
    assert bool(np.all(arg.hypotheses_hold)) and bool(np.all(to_numpy(arg.value) < 0))
    for bound in (H.capacity_published_a, H.capacity_published_c, H.capacity_published,
                  H.capacity_published_p_prefactor):
        kw = dict(m=m, d=np.full(p.shape, 20.0), p_fail=p, R=R, delta=delta)
        if "beta" in bound.parameters:
            kw["beta"] = np.ones(p.shape)
        res = bound(**kw)
        assert bool(np.all(res.hypotheses_hold)) and bool(np.all(res.ill_defined))
        assert bool(np.all(np.isnan(to_numpy(res.value))))
        assert res.reasons_ill_defined() == ["log of a non-positive number"]
        with pytest.raises(BoundHypothesisError, match="ill-defined"):
            bound(strict=True, **kw)
        one = {k: float(v[0]) for k, v in kw.items()}
        with pytest.raises(ArithmeticError):
            bound.mp(**one)
        with pytest.raises(ArithmeticError):
            bound.certified(**one)
        # the SymPy twin is not real there (independent confirmation)
        val = sympy.N(bound.sympy(**{k: sympy.Rational(v) for k, v in one.items()}), 30)
        assert val.is_real is False or sympy.im(val) != 0
    fs = H.capacity_published_feature_space(beta=1.0, D_Phi=50.0, p_fail=p, R_Phi=R)
    assert bool(np.all(fs.hypotheses_hold)) and bool(np.all(fs.ill_defined))
    # b alone is fine
    assert not bool(np.any(H.capacity_published_b(beta=1.0, m=m, d=20.0).ill_defined))


# --------------------------------------------------------------------------- vectorised vs scalar


def _grid_vs_loop(bound, grid, n_sample=20, seed=0):
    with np.errstate(over="ignore"):
        res = bound(**grid)
    shape = tuple(res.value.shape)
    assert math.prod(shape) == 10 ** 6
    flat = {k: np.broadcast_to(v, shape).ravel() for k, v in grid.items()}
    vals = to_numpy(res.value).ravel()
    hold = to_numpy(res.hypotheses_hold).ravel()
    idx = np.random.default_rng(seed).choice(vals.size, n_sample, replace=False)
    for i in idx:
        r = bound(**{k: float(v[i]) for k, v in flat.items()})
        a, b = float(r.value), float(vals[i])
        assert (math.isnan(a) and math.isnan(b)) or abs(a - b) <= TIGHT.rtol * abs(a), (i, a, b)
        assert bool(r.hypotheses_hold) == bool(hold[i])


def test_vectorised_capacity_grid_equals_scalar_loop():
    grid = dict(
        beta=np.logspace(-2, 1, 10).reshape(10, 1, 1, 1, 1),
        K=np.linspace(0.5, 5, 10).reshape(1, 10, 1, 1, 1),
        d=np.arange(2.0, 12.0).reshape(1, 1, 10, 1, 1) * 5,
        p_fail=np.logspace(-6, 0, 10).reshape(1, 1, 1, 10, 1),
        rho=np.linspace(0.01, 1, 100).reshape(1, 1, 1, 1, 100),
    )
    _grid_vs_loop(H.capacity_sparse_corrected, grid)


def test_vectorised_retrieval_grid_equals_scalar_loop():
    grid = dict(
        beta=np.logspace(-2, 2, 10).reshape(10, 1, 1, 1, 1),
        m=np.linspace(0.1, 5, 10).reshape(1, 10, 1, 1, 1),
        M=np.arange(2.0, 12.0).reshape(1, 1, 10, 1, 1),
        k=np.arange(1.0, 11.0).reshape(1, 1, 1, 10, 1),
        query_sep=np.linspace(-3, 3, 100).reshape(1, 1, 1, 1, 100),
    )
    _grid_vs_loop(H.retrieval_error_bound_rigorous, grid)


# --------------------------------------------------------------------------- backends


def test_results_live_in_the_input_namespace(xp):
    res = H.capacity_sparse_corrected(
        beta=xp.asarray([1.0, 1.0]), K=xp.asarray([3.0, 1.0]), d=xp.asarray([20.0, 75.0]),
        p_fail=xp.asarray(0.001), rho=xp.asarray(1.0),
    )
    assert array_api_compat.array_namespace(res.value) is xp
    assert array_api_compat.array_namespace(res.hypotheses_hold) is xp
    np.testing.assert_allclose(to_numpy(res.value), [math.sqrt(0.001) * _c_rho(1, 3, 20, 0.001, 1) ** 4.75,
                                                     math.sqrt(0.001) * _c_rho(1, 1, 75, 0.001, 1) ** 18.5],
                               rtol=TOL.rtol)
    t = H.exp_kernel_taylor_remainder(beta=xp.asarray([0.5, 2.0]), s=xp.asarray([-1.0, 0.25]), n=xp.asarray([3.0, 0.0]))
    assert array_api_compat.array_namespace(t.value) is xp
    np.testing.assert_allclose(to_numpy(t.value), [DIRECT["exp_kernel_taylor_remainder"](0.5, -1.0, 3),
                                                   DIRECT["exp_kernel_taylor_remainder"](2.0, 0.25, 0)],
                               rtol=TOL.rtol)


# --------------------------------------------------------------------------- extreme beta


@pytest.mark.parametrize("beta", [1e-8, 1e8])
def test_extreme_beta_stays_finite(beta):
    c = H.capacity_constant_sparse(beta=beta, K=3.0, d=20.0, p_fail=0.001, rho=0.5)
    assert bool(c.valid) and math.isfinite(float(c.value)) and float(c.value) > 0
    with mpmath.workdps(30):
        assert _close(float(c.value), float(H.capacity_constant_sparse.mp(dps=30, beta=beta, K=3.0, d=20.0,
                                                                          p_fail=0.001, rho=0.5)))
    for b in (H.well_separation_threshold, H.well_separation_threshold_published):
        kw = dict(beta=beta, m=2.0, M=10.0, k=3.0)
        kw["r" if "r" in b.parameters else "R"] = 0.1
        v = b(**kw)
        assert bool(v.valid) and math.isfinite(float(v.value))
    e = H.retrieval_error_bound_rigorous(beta=beta, m=1.0, M=10.0, k=3.0, query_sep=0.5)
    assert bool(e.valid) and math.isfinite(float(e.value))
    s = H.self_map_threshold_sparse(beta=beta, m=1.0, M=10.0, k=3.0)
    assert bool(s.valid) and math.isfinite(float(s.value))


def test_overflow_is_reported_not_silent():
    with np.errstate(over="ignore"):
        e = H.retrieval_error_bound_rigorous(beta=1e8, m=1.0, M=10.0, k=3.0, query_sep=-0.5)
    assert bool(e.ill_defined) and "non-finite" in e.reasons_ill_defined()[0]


# --------------------------------------------------------------------------- identities between bounds


def _mp_at(bound, **p):
    return bound.mp(dps=50, **p)


@settings(max_examples=30)
@given(params_for(H.well_separation_threshold))
def test_relaxation_is_dense_minus_sparse_threshold(p):
    with mpmath.workdps(50):
        dense = _mp_at(H.well_separation_threshold_dense, beta=p["beta"], m=p["m"], M=p["M"], r=p["r"])
        sparse = _mp_at(H.well_separation_threshold, **p)
        relax = _mp_at(H.well_separation_relaxation, beta=p["beta"], M=p["M"], k=p["k"])
        assert abs(dense - sparse - relax) < mpmath.mpf(10) ** -40 * (1 + abs(dense))
        assert relax >= 0


@settings(max_examples=30)
@given(params_for(H.self_map_threshold_sparse))
def test_self_map_threshold_is_well_separation_at_ramsauer_radius(p):
    r = 1 / (p["beta"] * p["M"] * p["m"])
    with mpmath.workdps(50):
        a = _mp_at(H.self_map_threshold_sparse, **p)
        b = _mp_at(H.well_separation_threshold, **p, r=r)
        assert abs(a - b) < mpmath.mpf(10) ** -12 * (1 + abs(a))  # r is rounded to a float
    # k = M is Ramsauer's Lemma A5 condition; rho = 1 is the master inequality
    beta, m, M = p["beta"], p["m"], p["M"]
    a5 = 2 / (beta * M) + math.log(2 * (M - 1) * M * beta * m * m) / beta
    assert _close(float(H.self_map_threshold_sparse(beta=beta, m=m, M=M, k=M).value), a5)
    master = 2 / (beta * M) + math.log(2 * M * M * beta * m * m) / beta
    assert _close(float(H.master_threshold_sparse(beta=beta, m=m, M=M, rho=1.0).value), master)


def test_master_threshold_dominates_self_map_threshold_for_admissible_masks():
    M = np.arange(2.0, 60.0).reshape(-1, 1)
    rho = np.linspace(0.02, 1.0, 50).reshape(1, -1)
    k = np.maximum(np.floor(rho * M), 1.0)
    ok = k <= rho * M
    s = to_numpy(H.self_map_threshold_sparse(beta=0.7, m=2.0, M=M, k=k).value)
    t = to_numpy(H.master_threshold_sparse(beta=0.7, m=2.0, M=M, rho=rho).value)
    assert np.all(s[ok] <= t[ok] + 1e-12)


def test_sparse_constant_below_dense_constant_symbolically():
    diff = sympy.simplify(H.error_constant_dense.sympy() - H.error_constant_sparse.sympy())
    syms = H.error_constant_sparse.sympy_symbols()
    assert sympy.simplify(diff - syms["m"] * (syms["M"] - syms["k"])) == 0


def test_prf_variance_equals_performer_form_at_beta_one():
    rng = np.random.default_rng(3)
    inner, t, nf = rng.uniform(-2, 2, 50), rng.uniform(0, 4, 50), rng.integers(1, 100, 50).astype(float)
    a = to_numpy(H.prf_estimator_variance(beta=1.0, inner=inner, norm_sum_sq=t, n_f=nf).value)
    b = to_numpy(H.prf_estimator_variance_performer(inner=inner, norm_sum_sq=t, n_f=nf).value)
    np.testing.assert_allclose(a, b, rtol=TOL.rtol)


def test_prf_variance_against_monte_carlo():
    rng = np.random.default_rng(11)
    d, beta, n = 3, 0.7, 400_000
    u, v = rng.normal(size=d) * 0.4, rng.normal(size=d) * 0.4
    omega = rng.normal(size=(n, d))
    est = np.exp(-beta * (u @ u + v @ v) / 2) * np.exp(np.sqrt(beta) * omega @ (u + v))  # n_f = 1 samples
    var = float(H.prf_estimator_variance_at(u, v, beta, 1).value)
    assert abs(est.mean() - math.exp(beta * (u @ v))) < 5 * math.sqrt(var / n)
    assert abs(est.var() / var - 1) < 0.05
    assert _close(float(H.prf_estimator_variance_at(u, v, beta, 8).value), var / 8)


def test_taylor_remainder_bounds_the_true_remainder():
    rng = np.random.default_rng(5)
    with mpmath.workdps(40):
        for _ in range(40):
            beta, s, n = float(10 ** rng.uniform(-1, 0.5)), float(rng.uniform(-3, 3)), int(rng.integers(0, 12))
            t = mpmath.mpf(beta) * mpmath.mpf(s)
            true = abs(mpmath.exp(t) - sum(t ** j / mpmath.factorial(j) for j in range(n + 1)))
            assert true <= H.exp_kernel_taylor_remainder.mp(dps=40, beta=beta, s=s, n=n)


# --------------------------------------------------------------------------- functions on data

def _softmax(t):
    e = np.exp(t - t.max())
    return e / e.sum()


def _brute(Xi, x, mu, mask):
    """Quantities by explicit loops (oracle for the *_at helpers)."""
    d, M = Xi.shape
    m = max(np.linalg.norm(Xi[:, j]) for j in range(M))
    Dq = min(x @ (Xi[:, mu] - Xi[:, j]) for j in range(M) if j != mu)
    others = [j for j in range(M) if j != mu and mask[j]]
    DqM = min(x @ (Xi[:, mu] - Xi[:, j]) for j in others) if others else 0.0
    pub = Xi[:, mu] @ x - max(Xi[:, mu] @ Xi[:, j] for j in range(M) if j != mu)
    pub_incl = Xi[:, mu] @ x - max(Xi[:, mu] @ Xi[:, j] for j in range(M))
    R = 0.5 * min(np.linalg.norm(Xi[:, i] - Xi[:, j]) for i in range(M) for j in range(M) if i != j)
    return m, Dq, DqM, pub, pub_incl, R


@st.composite
def instances(draw):
    d = draw(st.integers(2, 6))
    M = draw(st.integers(2, 9).filter(lambda M: M != d))
    seed = draw(st.integers(0, 2 ** 31 - 1))
    beta = 10 ** draw(st.floats(-1, 1))
    rng = np.random.default_rng(seed)
    Xi = rng.normal(size=(d, M)) * rng.uniform(0.5, 2.0, size=M)  # unequal norms
    mu = int(rng.integers(M))
    x = Xi[:, mu] + rng.normal(size=d) * draw(st.floats(0.0, 0.6))
    mask = rng.random(M) < 0.6
    mask[mu] = True
    return Xi, x, mu, beta, mask


@settings(max_examples=40)
@given(instances())
def test_at_helpers_match_brute_force_and_the_bounds_hold(inst):
    Xi, x, mu, beta, mask = inst
    M = Xi.shape[1]
    k = int(mask.sum())
    m, Dq, DqM, pub, pub_incl, R = _brute(Xi, x, mu, mask)
    with np.errstate(over="ignore"):
        rig = H.retrieval_error_bound_rigorous_at(Xi, x, mu, beta, mask)
        v2 = H.retrieval_error_bound_v2_at(Xi, x, mu, beta, mask)
        pb = H.retrieval_error_bound_published_at(Xi, x, mu, beta, mask)
        pbi = H.retrieval_error_bound_published_inclusive_at(Xi, x, mu, beta, mask)
        jac = H.v1_jacobian_norm_bound_at(Xi, x, mu, beta, mask)
        den = H.retrieval_error_bound_dense_rigorous_at(Xi, x, mu, beta)
    want = {
        "rig": m * (M + k - 2) * math.exp(-beta * Dq), "v2": 2 * m * (k - 1) * math.exp(-beta * DqM),
        "pb": m * (M + k - 2) * math.exp(-beta * pub), "pbi": m * (M + k - 2) * math.exp(-beta * pub_incl),
        "jac": 2 * beta * m * m * (M + k - 2) * math.exp(-beta * Dq), "den": 2 * m * (M - 1) * math.exp(-beta * Dq),
    }
    for key, res in dict(rig=rig, v2=v2, pb=pb, pbi=pbi, jac=jac, den=den).items():
        assert _close(float(res.value), want[key]), key
        assert bool(res.hypotheses_hold) == (key not in ("pb", "pbi") or np.linalg.norm(x - Xi[:, mu]) <= R)
    assert "x in S_mu(R)" in pb.failed and "mu in mask" in pb.failed
    # the rigorous bounds are bounds: V1 and V2 computed here
    p = _softmax(beta * (Xi.T @ x))
    t1 = Xi[:, mask] @ p[mask]
    t2 = Xi[:, mask] @ _softmax(beta * (Xi[:, mask].T @ x))
    e1, e2 = np.linalg.norm(t1 - Xi[:, mu]), np.linalg.norm(t2 - Xi[:, mu])
    slack = 1 + 1e-9
    assert e1 <= float(rig.value) * slack + 1e-12 and e2 <= float(rig.value) * slack + 1e-12
    assert e2 <= float(v2.value) * slack + 1e-12
    assert float(v2.value) <= float(rig.value) * slack + 1e-12
    assert float(rig.value) <= float(den.value) * slack + 1e-12
    # V1 Jacobian bound against the closed-form Jacobian written here
    xh = Xi @ p
    J = beta * sum(p[j] * np.outer(Xi[:, j], Xi[:, j] - xh) for j in range(M) if mask[j])
    assert np.linalg.norm(J, 2) <= float(jac.value) * slack + 1e-12


def test_published_exponent_equals_query_separation_at_the_memory():
    rng = np.random.default_rng(2)
    Xi = rng.normal(size=(4, 7))
    for mu in range(7):
        a = H.retrieval_error_bound_published_at(Xi, Xi[:, mu], mu, 1.3)
        b = H.retrieval_error_bound_rigorous_at(Xi, Xi[:, mu], mu, 1.3)
        assert _close(float(a.value), float(b.value))
        assert bool(a.hypotheses_hold)


def test_batched_queries_and_per_query_masks(xp):
    rng = np.random.default_rng(4)
    d, M, N = 3, 5, 4
    Xi_np, x_np = rng.normal(size=(d, M)), rng.normal(size=(d, N))
    mask_np = rng.random((M, N)) < 0.5
    mask_np[1, :2] = True
    mask_np[1, 2:] = False
    Xi, x, mask = xp.asarray(Xi_np), xp.asarray(x_np), xp.asarray(mask_np)
    for f in (H.retrieval_error_bound_rigorous_at, H.retrieval_error_bound_v2_at,
              H.retrieval_error_bound_published_at, H.v1_jacobian_norm_bound_at):
        res = f(Xi, x, 1, 0.8, mask)
        assert array_api_compat.array_namespace(res.value) is xp
        assert tuple(res.value.shape) == (N,)
        np.testing.assert_array_equal(to_numpy(res.failed["mu in mask"]), [False, False, True, True])
        for j in range(N):
            one = f(Xi_np, x_np[:, j], 1, 0.8, mask_np[:, j])
            assert _close(float(one.value), float(to_numpy(res.value)[j]))
    q = H.query_noise_bound_at(Xi, x, 1, 0.8, 0.1 * x)
    mn = H.memory_noise_bound_at(Xi, x, 1, 0.8, Xi * 1.01)
    assert array_api_compat.array_namespace(q.value) is xp and array_api_compat.array_namespace(mn.value) is xp
    assert tuple(q.value.shape) == (N,) and tuple(mn.value.shape) == (N,)


@settings(max_examples=30)
@given(instances(), st.floats(0.0, 0.5))
def test_noise_bounds_match_brute_force_and_hold(inst, scale):
    Xi, x, mu, beta, mask = inst
    M = Xi.shape[1]
    k = int(mask.sum())
    rng = np.random.default_rng(int(abs(x[0]) * 1e6) % 2 ** 31)
    eta = rng.normal(size=x.shape) * scale
    m, Dq, *_ = _brute(Xi, x, mu, mask)
    D = max(np.linalg.norm(Xi[:, mu] - Xi[:, j]) for j in range(M))
    with np.errstate(over="ignore"):
        q = H.query_noise_bound_at(Xi, x, mu, beta, eta, mask)
        qc = H.query_noise_bound_at(Xi, x, mu, beta, eta, mask, coarse=True)
    en = np.linalg.norm(eta)
    assert _close(float(q.value), m * (M + k - 2) * math.exp(-beta * (Dq - en * D)))
    assert _close(float(qc.value), m * (M + k - 2) * math.exp(-beta * (Dq - 2 * m * en)))
    assert float(q.value) <= float(qc.value) * (1 + 1e-12)
    xn = x + eta
    p = _softmax(beta * (Xi.T @ xn))
    e1 = np.linalg.norm(Xi[:, mask] @ p[mask] - Xi[:, mu])
    assert e1 <= float(q.value) * (1 + 1e-9) + 1e-12
    # memory noise
    Xn = Xi + rng.normal(size=Xi.shape) * scale
    with np.errstate(over="ignore"):
        mb = H.memory_noise_bound_at(Xi, x, mu, beta, Xn, mask)
    etas = np.linalg.norm(Xn - Xi, axis=0)
    mt = np.linalg.norm(Xn, axis=0).max()
    want = mt * (M + k - 2) * math.exp(-beta * (Dq - 2 * np.linalg.norm(x) * etas.max())) + etas[mu]
    assert _close(float(mb.value), want)
    pn = _softmax(beta * (Xn.T @ x))
    t2 = Xn[:, mask] @ _softmax(beta * (Xn[:, mask].T @ x))
    for t in (Xn[:, mask] @ pn[mask], t2):
        assert np.linalg.norm(t - Xi[:, mu]) <= float(mb.value) * (1 + 1e-9) + 1e-12


def test_well_separation_with_definition_radius_fails_for_the_closest_pair():
    # the vacuity argument: the smaller-norm member of the closest pair violates the condition at r = R
    for seed in range(25):
        rng = np.random.default_rng(seed)
        d, M = int(rng.integers(2, 7)), int(rng.integers(2, 12))
        Xi = rng.normal(size=(d, M)) * rng.uniform(0.2, 3.0, size=M)
        beta, k = float(10 ** rng.uniform(-2, 2)), int(rng.integers(1, M + 1))
        dist = np.linalg.norm(Xi[:, :, None] - Xi[:, None, :], axis=0) + np.diag(np.full(M, np.inf))
        i, j = np.unravel_index(np.argmin(dist), dist.shape)
        mu = i if np.linalg.norm(Xi[:, i]) <= np.linalg.norm(Xi[:, j]) else j
        G = Xi.T @ Xi
        Delta_mu = G[mu, mu] - max(G[mu, n] for n in range(M) if n != mu)
        thr = H.well_separation_threshold_published_at(Xi, beta, k)
        same = H.well_separation_threshold_at(Xi, beta, k)  # r = R by default
        assert _close(float(thr.value), float(same.value))
        R = 0.5 * dist.min()
        m = np.linalg.norm(Xi, axis=0).max()
        assert _close(float(thr.value), math.log(m * (M + k - 2) / R) / beta + 2 * m * R)
        assert Delta_mu < float(thr.value)


def test_contraction_bound_at_matches_brute_force():
    rng = np.random.default_rng(9)
    Xi = rng.normal(size=(5, 4))
    G = Xi.T @ Xi
    m = np.linalg.norm(Xi, axis=0).max()
    for mu in range(4):
        Delta = G[mu, mu] - max(G[mu, n] for n in range(4) if n != mu)
        res = H.v1_contraction_bound_at(Xi, mu, 0.9, 3, 0.05)
        assert _close(float(res.value), 2 * 0.9 * m * m * 5 * math.exp(-0.9 * (Delta - 2 * m * 0.05)))


def test_svr_box_feasibility_threshold_against_loops(xp):
    rng = np.random.default_rng(6)
    Xi_np, dX_np = rng.normal(size=(3, 5)), 0.1 * rng.normal(size=(3, 5))
    keys = Xi_np + dX_np
    beta = 0.8
    want = max(abs(Xi_np[i, mu]) * sum(math.exp(beta * keys[:, nu] @ keys[:, mu]) for nu in range(5))
               for mu in range(5) for i in range(3))
    got = H.svr_box_feasibility_threshold(xp.asarray(Xi_np), beta, xp.asarray(dX_np))
    assert array_api_compat.array_namespace(got) is xp
    assert _close(float(got), want)
    assert _close(float(H.svr_box_feasibility_threshold(xp.asarray(Xi_np), beta, xp.asarray(dX_np), log=True)),
                  math.log(want))
    big = H.svr_box_feasibility_threshold(xp.asarray(Xi_np * 30), 10.0, log=True)
    assert math.isfinite(float(big))


# --------------------------------------------------------------------------- input validation


def test_bad_inputs_raise_clear_errors():
    rng = np.random.default_rng(0)
    Xi, x = rng.normal(size=(3, 5)), rng.normal(size=3)
    with pytest.raises(ValueError, match=r"\(4,\)"):
        H.retrieval_error_bound_rigorous_at(Xi, rng.normal(size=4), 0, 1.0)
    with pytest.raises(ValueError, match=r"0 <= mu < M = 5"):
        H.retrieval_error_bound_rigorous_at(Xi, x, 5, 1.0)
    with pytest.raises(TypeError, match="integer"):
        H.retrieval_error_bound_rigorous_at(Xi, x, 1.0, 1.0)
    with pytest.raises(TypeError, match="boolean"):
        H.retrieval_error_bound_rigorous_at(Xi, x, 0, 1.0, np.ones(5))
    with pytest.raises(ValueError, match=r"\(4,\)"):
        H.retrieval_error_bound_rigorous_at(Xi, x, 0, 1.0, np.ones(4, dtype=bool))
    bad = Xi.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        H.retrieval_error_bound_rigorous_at(bad, x, 0, 1.0)
    with pytest.raises(TypeError, match="floating"):
        H.retrieval_error_bound_rigorous_at(np.ones((3, 5), dtype=int), x, 0, 1.0)
    with pytest.raises(ValueError, match="at least 2"):
        H.retrieval_error_bound_rigorous_at(Xi[:, :1], x, 0, 1.0)
    strict = get_backend("array_api_strict")
    with pytest.raises(TypeError):
        H.retrieval_error_bound_rigorous_at(strict.asarray(Xi), x, 0, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        H.capacity_constant_sparse(beta=float("nan"), K=3.0, d=20.0, p_fail=0.001, rho=1.0)
    with pytest.raises(TypeError):
        H.capacity_constant_sparse(beta=True, K=3.0, d=20.0, p_fail=0.001, rho=1.0)
    with pytest.raises(TypeError, match="missing"):
        H.capacity_constant_sparse(beta=1.0, K=3.0, d=20.0, p_fail=0.001)
    with pytest.raises(ValueError, match="beta"):
        H.svr_box_feasibility_threshold(Xi, 0.0)
    for beta in (-1.0, 0.0, np.array([1.0, -1.0])):
        with pytest.raises(ValueError, match="beta must be > 0"):
            H.retrieval_error_bound_rigorous_at(Xi, x, 0, beta)
    mask = np.zeros(5, dtype=bool)
    mask[1:] = True
    res = H.retrieval_error_bound_rigorous_at(Xi, x, 0, 1.0, mask)
    assert res.failed_hypotheses() == ["mu in mask"]
    with pytest.raises(BoundHypothesisError, match="mu in mask"):
        H.retrieval_error_bound_rigorous_at(Xi, x, 0, 1.0, mask, strict=True)


# --------------------------------------------------------------------------- documentation


def test_the_examples_in_the_documentation_run():
    tried = 0
    for info in pkgutil.iter_modules(H.__path__):
        module = importlib.import_module(f"{H.__name__}.{info.name}")
        result = doctest.testmod(module, verbose=False, report=False)
        assert result.failed == 0, module.__name__
        tried += result.attempted
    # every declared bound, every function on data and the SVR threshold carries an example
    examples = [b for b in ALL_BOUNDS.values() if "Examples" in b.__doc__]
    at = [n for n in H.__all__ if n.endswith("_at") and "Examples" in getattr(H, n).__doc__]
    assert len(examples) == len(ALL_BOUNDS) and len(at) == sum(n.endswith("_at") for n in H.__all__)
    assert tried > 2 * (len(examples) + len(at))
