"""Shared helpers of the hu2024 checks: instances, queries, masks, identity checks, score counting."""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import sampling
from hoptheory.backend import to_numpy, tolerance
from hoptheory.maps._masks import random_subset_mask, top_k_mask

from .._framework import CheckResult, Context, Observation, inequality_check
from .._strategies import sizes

F64 = tolerance(np.float64, "default")
LOOSE = tolerance(np.float64, "loose")
FD = tolerance(np.float64, "fd")


def host(a) -> np.ndarray:
    """A float64 NumPy copy of an array of any namespace."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def xp_of(ctx: Context):
    return ctx.xp


def asx(ctx: Context, a, dtype=None):
    xp = ctx.xp
    return xp.asarray(np.asarray(a, dtype=np.float64) if dtype is None else a)


def assert_ns(ctx: Context, *arrays):
    """Results must live in the check's namespace (array API)."""
    from hoptheory.backend import backend_name, get_namespace  # noqa: PLC0415

    for a in arrays:
        if backend_name(get_namespace(a)) != backend_name(ctx.xp):
            raise TypeError(f"result in namespace {backend_name(get_namespace(a))}, expected {backend_name(ctx.xp)}")


def bool_mask(ctx: Context, flags) -> Any:
    xp = ctx.xp
    return xp.asarray(np.asarray(flags, dtype=bool))


def max_abs_diff(a, b) -> tuple[float, float]:
    A, B = host(a), host(b)
    if A.shape != B.shape:
        raise ValueError(f"shapes differ: {A.shape} vs {B.shape}")
    return float(np.max(np.abs(A - B))), float(np.max(np.abs(B))) if B.size else 0.0


def identity_observation(ctx: Context, name: str, a, b, inputs: dict, tol=F64, applicable=True, note=""):
    """|side(a) - b| <= atol + rtol*|b| as an upper-bound observation (the side is a)."""
    a = ctx.side(name, value=a)
    diff, scale = max_abs_diff(a, b)
    return Observation(diff, tol.atol + tol.rtol * scale, applicable=applicable, inputs=inputs, note=note)




def n_examples(ctx: Context, divisor: int = 1, minimum: int = 5) -> int:
    return max(minimum, ctx.profile.examples // divisor)


def sizes_distinct(d=(2, 6), M=(2, 12)):
    """(d, M) with d ≠ M, drawn without rejection (see :func:`proofs_checks._strategies.sizes`)."""
    return sizes(d, M)


def log_beta(lo=1e-2, hi=1e2):
    return st.floats(math.log10(lo), math.log10(hi), allow_nan=False).map(lambda e: float(10.0 ** e))


def antipodal(d: int, m: float) -> np.ndarray:
    """Two antipodal memories ±m e_1 in R^d (the tight case of the exponential error bounds)."""
    Xi = np.zeros((d, 2))
    Xi[0, 0], Xi[0, 1] = m, -m
    return Xi


def mp_softmax(theta: Sequence[float], dps: int = 40) -> list:
    with mpmath.workdps(dps):
        t = [mpmath.mpf(float(v)) for v in theta]
        mx = max(t)
        e = [mpmath.exp(v - mx) for v in t]
        s = mpmath.fsum(e)
        return [v / s for v in e]


def mp_structured_error(Xi: np.ndarray, x: np.ndarray, mu: int, beta: float, mask: np.ndarray | None,
                        variant: str, dps: int = 40):
    """||T_M(x) - xi_mu|| in mpmath (V1, V2; mask None = full)."""
    d, M = Xi.shape
    mask = np.ones(M, bool) if mask is None else np.asarray(mask, bool)
    with mpmath.workdps(dps):
        X = [[mpmath.mpf(float(Xi[i, j])) for j in range(M)] for i in range(d)]
        xv = [mpmath.mpf(float(v)) for v in x]
        z = [mpmath.fsum(X[i][j] * xv[i] for i in range(d)) for j in range(M)]
        b = mpmath.mpf(float(beta))
        if variant == "V1":
            mx = max(z)
            e = [mpmath.exp(b * (v - mx)) for v in z]
            s = mpmath.fsum(e)
            w = [e[j] / s if mask[j] else mpmath.mpf(0) for j in range(M)]
        else:
            sel = [j for j in range(M) if mask[j]]
            mx = max(z[j] for j in sel)
            e = {j: mpmath.exp(b * (z[j] - mx)) for j in sel}
            s = mpmath.fsum(e.values())
            w = [e[j] / s if mask[j] else mpmath.mpf(0) for j in range(M)]
        T = [mpmath.fsum(X[i][j] * w[j] for j in range(M)) for i in range(d)]
        return mpmath.sqrt(mpmath.fsum((T[i] - X[i][mu]) ** 2 for i in range(d)))


def run_ineq(ctx, **kw) -> CheckResult:
    return inequality_check(ctx, **kw)


# --------------------------------------------------------------------------- counting score evaluations


class _Tracked(np.ndarray):
    """A NumPy array that remembers whether it derives from the memories or the queries.

    Every ufunc call on it is intercepted (``__array_ufunc__``); a product (``multiply`` or
    ``matmul``) with one operand derived from the memories and the other from the queries is a
    score computation, and its scalar products are logged.  The role propagates through views,
    reshapes, gathers and elementwise operations with constants; a product of memory and query
    data is a score and carries no role further.
    """

    role: str | None = None
    log: list | None = None

    def __array_finalize__(self, obj):
        if obj is not None:
            self.role = getattr(obj, "role", None)
            self.log = getattr(obj, "log", None)

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kw):
        roles = {getattr(a, "role", None) for a in inputs}
        logs = [a.log for a in inputs if isinstance(a, _Tracked) and a.log is not None]
        plain = [a.view(np.ndarray) if isinstance(a, _Tracked) else a for a in inputs]
        if out is not None:
            kw["out"] = tuple(o.view(np.ndarray) if isinstance(o, _Tracked) else o for o in out)
        res = getattr(ufunc, method)(*plain, **kw)
        role = None
        if {"mem", "query"} <= roles:
            if method == "__call__" and ufunc in (np.multiply, np.matmul):
                a, b = (np.asarray(v) for v in plain)
                n = np.broadcast(a, b).size if ufunc is np.multiply else int(np.prod(res.shape)) * a.shape[-1]
                logs[0].append((ufunc.__name__, int(n)))
            else:  # memory and query data combined otherwise: not a score we know how to count
                logs[0].append((f"unexpected {ufunc.__name__}.{method}", -1))
        elif "mem" in roles:
            role = "mem"
        elif "query" in roles:
            role = "query"
        if isinstance(res, np.ndarray) and not isinstance(res, _Tracked):
            res = res.view(_Tracked)
            res.role, res.log = role, (logs[0] if logs else None)
        return res


def count_scores(fn, Xi: np.ndarray, X: np.ndarray):
    """Run ``fn(Xi, X)`` on instrumented NumPy copies and count the scores it computes.

    Returns ``(result, n_scores)`` where ``n_scores`` is the number of scalar products between
    memory and query data that ``fn`` evaluated, divided by ``d`` (one score
    :math:`\\langle\\xi_\\mu,x\\rangle` takes ``d`` products).  The count is measured where the
    arithmetic happens, independently of any count the code under test returns.

    Raises
    ------
    RuntimeError
        If memory and query data were combined by an operation other than a product, if no
        score was computed at all (the instrumentation lost track of the arrays), or if the
        number of products is not a multiple of ``d``.
    """
    log: list = []
    d = Xi.shape[0]
    A = np.array(Xi, dtype=np.float64).view(_Tracked)
    A.role, A.log = "mem", log
    B = np.array(X, dtype=np.float64).view(_Tracked)
    B.role, B.log = "query", log
    res = fn(A, B)
    bad = [e for e in log if e[1] < 0]
    if bad:
        raise RuntimeError(f"memory and query data combined by {bad[0][0]}: the score count is not defined")
    n = sum(e[1] for e in log)
    if n == 0:
        raise RuntimeError("the instrumentation saw no score computation (the arrays lost their tracking)")
    if n % d:
        raise RuntimeError(f"{n} memory-query products is not a multiple of d = {d}")
    out = res.view(np.ndarray) if isinstance(res, _Tracked) else res
    return out, n // d


@st.composite
def _draw(draw, d=(2, 6), M=(3, 12), beta=(0.05, 20.0)):
    dd = draw(st.integers(*d))
    MM = draw(st.integers(*M).filter(lambda v: v != dd))
    return dict(d=dd, M=MM, k=draw(st.integers(1, MM)), beta=draw(log_beta(*beta)),
                family=draw(st.sampled_from(["sphere", "gaussian", "binary"])), mu=draw(st.integers(0, MM - 1)),
                seed=draw(st.integers(0, 2**31 - 1)), sigma=draw(st.floats(0.0, 1.0)),
                masktype=draw(st.sampled_from(["random", "topk", "window"])))


def _patterns(p):
    if p["family"] == "sphere":
        return host(sampling.sphere(p["d"], p["M"], 1.0, seed=p["seed"]))
    if p["family"] == "gaussian":
        return host(sampling.gaussian(p["d"], p["M"], seed=p["seed"]))
    return host(sampling.binary(p["d"], p["M"], seed=p["seed"]))


def _mask_for(p, Xi, x):
    M, k, mu = p["M"], p["k"], p["mu"]
    if p["masktype"] == "topk":
        return host(top_k_mask(np.asarray(Xi.T @ x), k)).astype(bool)
    if p["masktype"] == "window":
        w = max(0, (k - 1) // 2)
        return np.abs(np.arange(M) - mu) <= w
    m = host(random_subset_mask(M, k, seed=p["seed"] % 10**6)).astype(bool)
    return m


DISTS = ["memories: uniform on the unit sphere, N(0,1) or ±1 entries; d in 2..6, M in 3..12 (d != M)",
         "queries: x = xi_mu + sigma*g, g ~ N(0, I), sigma uniform [0, 1] (Q3/Q4)",
         "masks: uniform random k-subsets, top-k of the scores, windows around mu; beta log-uniform [0.05, 20]"]



def _val(res):
    v = float(host(res.value))
    return v if math.isfinite(v) else math.inf


def _maskv(p, Xi, x, force_mu=True):
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


def _query(p, Xi):
    rng = np.random.default_rng(p["seed"] + 17)
    mu = p["mu"]
    D = np.linalg.norm(Xi - Xi[:, [mu]], axis=0)
    D[mu] = np.inf
    R = 0.5 * float(np.min(np.linalg.norm(Xi[:, :, None] - Xi[:, None, :], axis=0) + np.eye(Xi.shape[1]) * 1e300))
    if p["q"] == "toward":  # displaced towards the competitor maximising <x - xi_mu, xi_nu>
        nu = int(np.argmax(np.where(np.arange(Xi.shape[1]) == mu, -np.inf, np.linalg.norm(Xi, axis=0))))
        u = Xi[:, nu] / max(np.linalg.norm(Xi[:, nu]), 1e-300)
        return Xi[:, mu] + min(p["rf"], 0.999) * R * u, R
    if p["q"] == "perp":  # towards the competitor nu with the largest <xi_mu, xi_nu>, orthogonally to xi_mu:
        # <x, xi_mu> is kept while <x, xi_nu> grows, the direction the published exponent ignores
        G = Xi.T @ Xi[:, mu]
        nu = int(np.argmax(np.where(np.arange(Xi.shape[1]) == mu, -np.inf, G)))
        u = Xi[:, nu] - (G[nu] / max(G[mu], 1e-300)) * Xi[:, mu]
        if np.linalg.norm(u) < 1e-12:
            u = Xi[:, nu]
        return Xi[:, mu] + min(p["rf"], 0.999) * R * u / np.linalg.norm(u), R
    g = rng.standard_normal(Xi.shape[0])
    if p["q"] == "ball":
        return Xi[:, mu] + p["rf"] * R * g / np.linalg.norm(g), R
    return Xi[:, mu] + p["sigma"] * g, R


def _antipodal_explicit(variant, k, beta=8.0):
    return dict(d=3, M=2, k=k, beta=beta, family="antipodal", mu=0, seed=0, sigma=0.0, masktype="random",
                variant=variant, q="gauss", rf=0.0)


def _rotation(d: int, seed: int) -> np.ndarray:
    """A random orthogonal d x d matrix (QR of a Gaussian matrix, signs fixed)."""
    q, r = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
    return q * np.sign(np.diag(r))


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
        return _rotation(p["d"], p["seed"])[:, : p["M"]].copy()
    if p["family"] == "polygon":
        ang = 2 * np.pi * np.arange(p["M"]) / p["M"]
        return _rotation(p["d"], p["seed"])[:, :2] @ np.stack([np.cos(ang), np.sin(ang)])
    return _patterns(p)

