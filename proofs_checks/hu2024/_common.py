"""Code shared by the hu2024 checks: draws, memories, queries, masks and identity observations.

The independent oracles are in :mod:`proofs_checks._oracles`, the query builders and the named
tolerances in :mod:`proofs_checks._instances`.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from hoptheory.backend import backend_name, get_namespace, to_numpy
from hoptheory.maps._masks import random_subset_mask, top_k_mask

from .._framework import CheckResult, Context, Observation, inequality_check
from .._instances import TOL_IDENTITY, patterns, query, random_rotation


def host(a) -> np.ndarray:
    """A float64 NumPy copy of an array of any namespace."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def assert_ns(ctx: Context, *arrays):
    """Results must live in the check's namespace (array API)."""
    for a in arrays:
        if backend_name(get_namespace(a)) != backend_name(ctx.xp):
            raise TypeError(f"result in namespace {backend_name(get_namespace(a))}, expected {backend_name(ctx.xp)}")


def max_abs_diff(a, b) -> tuple[float, float]:
    A, B = host(a), host(b)
    if A.shape != B.shape:
        raise ValueError(f"shapes differ: {A.shape} vs {B.shape}")
    return float(np.max(np.abs(A - B))), float(np.max(np.abs(B))) if B.size else 0.0


def identity_observation(ctx: Context, name: str, a, b, inputs: dict, tol=TOL_IDENTITY, applicable=True, note=""):
    """|side(a) - b| <= atol + rtol*|b| as an upper-bound observation (the side is a)."""
    a = ctx.side(name, value=a)
    diff, scale = max_abs_diff(a, b)
    return Observation(diff, tol.atol + tol.rtol * scale, applicable=applicable, inputs=inputs, note=note)


def n_examples(ctx: Context, divisor: int = 1, minimum: int = 5) -> int:
    return max(minimum, ctx.profile.examples // divisor)


def log_beta(lo=1e-2, hi=1e2):
    return st.floats(math.log10(lo), math.log10(hi), allow_nan=False).map(lambda e: float(10.0 ** e))


def run_ineq(ctx, **kw) -> CheckResult:
    return inequality_check(ctx, **kw)


@st.composite
def _draw(draw, d=(2, 6), M=(3, 12), beta=(0.05, 20.0)):
    dd = draw(st.integers(*d))
    MM = draw(st.integers(*M).filter(lambda v: v != dd))
    return dict(d=dd, M=MM, k=draw(st.integers(1, MM)), beta=draw(log_beta(*beta)),
                family=draw(st.sampled_from(["sphere", "gaussian", "binary"])), mu=draw(st.integers(0, MM - 1)),
                seed=draw(st.integers(0, 2**31 - 1)), sigma=draw(st.floats(0.0, 1.0)),
                masktype=draw(st.sampled_from(["random", "topk", "window"])))


def _patterns(p):
    """The memories of a draw of a sampled family (unit sphere, Gaussian, ±1), on the host."""
    return host(patterns(p["family"], p["d"], p["M"], p["seed"]))


def _near_pattern(p, salt):
    """The memories of a draw and a query xi_mu + sigma g (Q3/Q4), g standard Gaussian from the draw's
    seed + ``salt``: ``(Xi, x, rng)`` with the generator for further draws."""
    Xi = _patterns(p)
    rng = np.random.default_rng(p["seed"] + salt)
    return Xi, Xi[:, p["mu"]] + p["sigma"] * rng.standard_normal(p["d"]), rng


DISTS = ["memories: uniform on the unit sphere, N(0,1) or ±1 entries; d in 2..6, M in 3..12 (d != M)",
         "queries: x = xi_mu + sigma*g, g ~ N(0, I), sigma uniform [0, 1] (Q3/Q4)",
         "masks: uniform random k-subsets, top-k of the scores, windows around mu; beta log-uniform [0.05, 20]"]


def _val(res):
    v = float(host(res.value))
    return v if math.isfinite(v) else math.inf


def _maskv(p, Xi, x, force_mu=True):
    """The mask of a draw: the top-k scores of x, a window of width k around mu, or a uniform random
    k-subset (with mu swapped in when ``force_mu``)."""
    M, k, mu = p["M"], p["k"], p["mu"]
    if p["masktype"] == "topk":
        return host(top_k_mask(np.asarray(Xi.T @ x), k)).astype(bool)
    if p["masktype"] == "window":
        return np.abs(np.arange(M) - mu) <= max(0, (k - 1) // 2)
    m = host(random_subset_mask(M, k, seed=p["seed"] % 10**6)).astype(bool)
    if force_mu and not m[mu]:
        j = int(np.flatnonzero(m)[0])
        m[j], m[mu] = False, True
    return m


@st.composite
def _rdraw(draw):
    p = draw(_draw(beta=(0.1, 30.0)))
    p["variant"] = draw(st.sampled_from(["V1", "V2"]))
    p["q"] = draw(st.sampled_from(["ball", "toward", "perp", "gauss"]))
    p["rf"] = draw(st.floats(0.0, 2.0))
    return p


#: The query placements of :func:`_rdraw` and the :func:`~proofs_checks._instances.query` modes they use.
_QUERY_MODES = {"ball": "sphere", "toward": "largest-norm", "perp": "perp", "gauss": "gaussian"}


def _query(p, Xi):
    """The query of a draw and the separation radius R of its memories: ``p["q"]`` is ``"ball"`` (a
    uniform direction at distance rf R), ``"toward"`` (displaced by min(rf, 0.999) R along the
    competitor of largest norm), ``"perp"`` (the same distance, orthogonally to xi_mu towards the
    competitor of largest overlap: <x, xi_mu> is kept while <x, xi_nu> grows, the direction the
    published exponent ignores) or ``"gauss"`` (xi_mu + sigma g)."""
    R = 0.5 * float(np.min(np.linalg.norm(Xi[:, :, None] - Xi[:, None, :], axis=0) + np.eye(Xi.shape[1]) * 1e300))
    q = p["q"]
    radius = p["rf"] * R if q == "ball" else p["sigma"] if q == "gauss" else min(p["rf"], 0.999) * R
    return query(Xi, p["mu"], radius, _QUERY_MODES[q], seed=p["seed"] + 17), R


def _antipodal_explicit(variant, k, beta=8.0):
    return dict(d=3, M=2, k=k, beta=beta, family="antipodal", mu=0, seed=0, sigma=0.0, masktype="random",
                variant=variant, q="gauss", rf=0.0)


def _instance(p):
    """Memories of a draw: the sampled families of ``_patterns`` or a structured placement.

    Structured placements (the extreme cases of the exponential bounds): ``antipodal`` (±e_1),
    ``orthogonal`` (M orthonormal memories, d >= M) and ``polygon`` (a regular M-gon of unit
    vectors in a random plane); the last two are rotated by a random orthogonal matrix drawn
    from the draw's seed, so different suite seeds place them differently.
    """
    if p["family"] == "antipodal":
        Xi = np.zeros((p["d"], 2))
        Xi[0] = [1.0, -1.0]
        return Xi
    if p["family"] == "orthogonal":
        return random_rotation(np.random.default_rng(p["seed"]), p["d"])[:, : p["M"]].copy()
    if p["family"] == "polygon":
        ang = 2 * np.pi * np.arange(p["M"]) / p["M"]
        return random_rotation(np.random.default_rng(p["seed"]), p["d"])[:, :2] @ np.stack([np.cos(ang), np.sin(ang)])
    return _patterns(p)

