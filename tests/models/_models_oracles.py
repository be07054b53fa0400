"""Independent NumPy/SciPy oracles for the model tests (written from the definitions only).

Nothing here calls hoptheory.maps: maps by sorting/bisection from their KKT conditions,
negentropies by their formulas, conjugates by SLSQP over the simplex.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp


def softmax_np(theta: np.ndarray) -> np.ndarray:
    e = np.exp(theta - theta.max())
    return e / e.sum()


def entmax_np(theta: np.ndarray, alpha: float) -> np.ndarray:
    """alpha-entmax (alpha > 1) by bisection on tau in p_i = [(alpha-1) theta_i - tau]_+^{1/(alpha-1)}."""
    t = (alpha - 1.0) * np.asarray(theta, dtype=np.float64)
    k = 1.0 / (alpha - 1.0)
    lo, hi = t.max() - 1.0, t.max()  # sum >= 1 at lo (top entry alone gives 1), 0 at hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.sum(np.clip(t - mid, 0.0, None) ** k) >= 1.0:
            lo = mid
        else:
            hi = mid
    p = np.clip(t - lo, 0.0, None) ** k
    return p / p.sum()


def sparsemax_np(theta: np.ndarray) -> np.ndarray:
    """Sparsemax by the sorted-threshold formula (Martins & Astudillo 2016)."""
    s = np.sort(theta)[::-1]
    cs = np.cumsum(s)
    ks = np.arange(1, len(s) + 1)
    kappa = ks[1 + ks * s > cs].max()
    tau = (cs[kappa - 1] - 1.0) / kappa
    return np.clip(theta - tau, 0.0, None)


def map_np(kind: str, theta: np.ndarray, alpha: float | None = None) -> np.ndarray:
    if kind == "dense":
        return softmax_np(theta)
    if kind == "sparse" or (kind == "entmax" and alpha == 2.0):
        return sparsemax_np(theta)
    return entmax_np(theta, alpha)


def negentropy_np(kind: str, p: np.ndarray, alpha: float | None = None) -> float:
    if kind == "dense":
        q = p[p > 0]
        return float(np.sum(q * np.log(q)))
    a = 2.0 if kind == "sparse" else alpha
    return float((np.sum(p**a) - 1.0) / (a * (a - 1.0)))


def conjugate_slsqp(kind: str, theta: np.ndarray, alpha: float | None = None) -> float:
    """max_{p in simplex} <p, theta> - Omega(p) by SLSQP (several starts, best value)."""
    M = theta.shape[0]
    a = 2.0 if kind == "sparse" else alpha

    if kind == "dense":
        def omega(p):
            q = np.clip(p, 1e-300, None)
            return np.sum(q * np.log(q))

        def domega(p):
            return np.log(np.clip(p, 1e-300, None)) + 1.0
    else:
        def omega(p):
            return (np.sum(np.clip(p, 0, None) ** a) - 1.0) / (a * (a - 1.0))

        def domega(p):
            return np.clip(p, 0, None) ** (a - 1.0) / (a - 1.0)

    def f(p):
        return -(p @ theta - omega(p))

    def g(p):
        return -(theta - domega(p))

    cons = [{"type": "eq", "fun": lambda p: p.sum() - 1.0, "jac": lambda p: np.ones(M)}]
    bounds = [(0.0, 1.0)] * M
    starts = [np.full(M, 1.0 / M), softmax_np(theta), np.eye(M)[int(np.argmax(theta))] * 0.9 + 0.1 / M]
    best = -math.inf
    for p0 in starts:
        res = minimize(f, p0, jac=g, bounds=bounds, constraints=cons, method="SLSQP",
                       options={"ftol": 1e-15, "maxiter": 1000})
        p = np.clip(res.x, 0, None)
        p = p / p.sum()
        best = max(best, float(p @ theta - omega(p)))
    # the vertices are feasible too (important when the optimum is one-hot)
    for mu in range(M):
        e = np.zeros(M)
        e[mu] = 1.0
        best = max(best, float(theta[mu] - omega(e)))
    return best


def energy_np(kind: str, Xi: np.ndarray, x: np.ndarray, beta: float, alpha: float | None = None) -> float:
    """H_beta(x) from the conjugate computed by SLSQP."""
    theta = beta * (Xi.T @ x)
    return -conjugate_slsqp(kind, theta, alpha) / beta + 0.5 * float(x @ x)


def lse_energy_np(Xi: np.ndarray, x: np.ndarray, beta: float) -> float:
    return -float(logsumexp(beta * (Xi.T @ x))) / beta + 0.5 * float(x @ x)


def fenchel_energy_np(kind: str, Xi: np.ndarray, x: np.ndarray, beta: float, alpha: float | None = None) -> float:
    """H_beta(x) = -(<p*, z> - Omega(p*)/beta) + 1/2 ||x||^2 with the oracle map p* (Fenchel equality)."""
    z = Xi.T @ x
    p = map_np(kind, beta * z, alpha)
    return -(float(p @ z) - negentropy_np(kind, p, alpha) / beta) + 0.5 * float(x @ x)
