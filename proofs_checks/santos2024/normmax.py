r"""Checks of :math:`\gamma`-normmax: the bisection algorithm, its bracket and its margin (santos2024)."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import maps

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_OPTIMISER
from ._common import GAPS, SCALES, dyadic, gaussian_scores, host, seeds
from .retrieval import kkt_residual

GAMMAS = (1.5, 2.0, 3.0, 4.0)


def _objective(theta, p, gamma) -> float:
    return float(theta @ p) - float(np.sum(np.abs(p) ** gamma) ** (1.0 / gamma))


def slsqp_normmax(theta, gamma) -> np.ndarray:
    r"""SLSQP on the simplex for :math:`\max_p\langle\theta,p\rangle-\lVert p\rVert_\gamma`, from the uniform
    point and from the vertex of the top score (the better optimum)."""
    from scipy.optimize import minimize  # noqa: PLC0415  (optional heavy dependency)

    M = len(theta)
    best = None
    for x0 in (np.full(M, 1.0 / M), 0.9 * np.eye(M)[int(np.argmax(theta))] + 0.1 / M):
        r = minimize(lambda p: -_objective(theta, p, gamma), x0, method="SLSQP", bounds=[(0.0, 1.0)] * M,
                     constraints=[{"type": "eq", "fun": lambda p: np.sum(p) - 1.0}],
                     options={"ftol": 1e-14, "maxiter": 500})
        p = np.clip(r.x, 0.0, None)
        p /= p.sum()
        if best is None or _objective(theta, p, gamma) > _objective(theta, best, gamma):
            best = p
    return best


def _bracket_f(theta, tau, gamma):
    """mpmath (30 digits) value of sum_i [theta_i - tau]_+^{gamma/(gamma-1)} - 1."""
    with mpmath.workdps(30):
        e = mpmath.mpf(gamma) / (mpmath.mpf(gamma) - 1)
        return float(sum((mpmath.mpf(float(t)) - mpmath.mpf(float(tau))) ** e
                         for t in theta if t > tau) - 1)


@st.composite
def _draw(draw):
    return dict(M=draw(st.integers(2, 8)), gamma=draw(st.sampled_from(GAMMAS)), scale=draw(st.sampled_from(SCALES)),
                seed=draw(seeds()))


@st.composite
def _gap_draw(draw):
    return dict(M=draw(st.integers(2, 8)), gamma=draw(st.sampled_from(GAMMAS)), eps=draw(st.sampled_from(GAPS)),
                seed=draw(seeds()))


def _scores(p):
    """Scores with max >= 1.5 (so that the optimum is positive): Gaussian times ``scale``, shifted."""
    th = gaussian_scores(p)
    return th - th.max() + 1.5


def _gap_scores(p, gap: Fraction):
    """Dyadic scores in [-4, 0] plus a top score exactly ``gap`` above the runner-up: (theta, k)."""
    rng = np.random.default_rng(p["seed"])
    rest = dyadic(rng, -256, 1, p["M"] - 1)
    k = int(rng.integers(0, p["M"]))
    return rest[:k] + [max(rest) + gap] + rest[k:], k


@check("santos2024/normmax")
def check_normmax(ctx):
    r"""``santos2024/normmax``: γ-normmax (``maps.normmax``) for γ ∈ {1.5, 2, 3, 4}, M ∈ [2, 8].

    * **solver**: its objective :math:`\langle\theta,p\rangle-\lVert p\rVert_\gamma` is at least SLSQP's on the
      simplex (oracle: scipy SLSQP from two starts), to ``TOL_OPTIMISER``; scores with max 1.5 keep the
      optimum positive, so a doubled SLSQP side is caught.
    * **bracket**: :math:`f(\max\theta-1)\ge0\ge f(\max\theta-M^{1-\gamma})`, f evaluated in mpmath.
    * **margin** (exact): dyadic scores with top gap exactly λ = 1: the output is exactly :math:`e_k`
      (re-evaluated by the exact rational KKT certificate); **tightness**: at gap :math:`1-\varepsilon`
      the KKT residual is exactly ε and the library's runner-up coordinate is positive.
    """
    def solver_obs(p):
        theta, g = _scores(p), p["gamma"]
        ours = _objective(theta, host(maps.normmax(theta, g)), g)
        ref = ctx.side("SLSQP optimum", value=_objective(theta, slsqp_normmax(theta, g), g), kind="lower")
        return Observation(ours, ref, inputs=dict(theta=theta, gamma=g))

    def bracket_obs(p):
        theta, g = _scores(p), p["gamma"]
        lo, hi = (float(v) for v in maps.normmax_bracket(theta, g))
        return Observation(max(-_bracket_f(theta, lo, g), _bracket_f(theta, hi, g)), 0.0,
                           inputs=dict(theta=theta, gamma=g, low=lo, high=hi))

    def margin_obs(p):
        lam = Fraction(ctx.side("margin 1", value=1.0))
        theta, k = _gap_scores(p, lam)
        q = host(maps.normmax(np.array([float(t) for t in theta]), p["gamma"]))
        return Observation(float(np.max(np.abs(q - np.eye(len(q))[k]))), 0.0,
                           inputs=dict(theta=[str(t) for t in theta], k=k, gamma=p["gamma"]))

    def margin_re(o):
        return float(kkt_residual([Fraction(t) for t in o.inputs["theta"]], o.inputs["k"], Fraction(2))), 0.0

    def tight_obs(p):
        lam = Fraction(ctx.side("margin 1 (smallest)", value=1.0, kind="lower"))
        theta, k = _gap_scores(p, lam - p["eps"])
        q = host(maps.normmax(np.array([float(t) for t in theta]), p["gamma"]))
        res = kkt_residual(theta, k, Fraction(2))
        runner = max(q[j] for j in range(len(q)) if j != k)
        return Observation(float(res) if runner > 0 else 0.0, float(p["eps"]),
                           inputs=dict(theta=[str(t) for t in theta], k=k, gamma=p["gamma"]))

    n = max(8, ctx.profile.examples // 4)
    parts = [
        ("solver", inequality_check(ctx, strategy=_draw(), observe=solver_obs, kind="lower", examples=n,
                                    rtol=TOL_OPTIMISER.rtol, atol=TOL_OPTIMISER.atol,
                                    distributions=["Gaussian scores, max shifted to 1.5"])),
        ("bracket", inequality_check(ctx, strategy=_draw(), observe=bracket_obs, examples=n, atol=0.0, rtol=0.0)),
        ("margin", inequality_check(ctx, strategy=_gap_draw(), observe=margin_obs, reevaluate=margin_re,
                                    examples=n, atol=0.0, rtol=0.0,
                                    distributions=["dyadic scores, top gap exactly 1"])),
        ("tightness", inequality_check(ctx, strategy=_gap_draw(), observe=tight_obs, kind="lower", examples=n,
                                       atol=0.0, rtol=0.0)),
    ]
    return combine(ctx, parts)
