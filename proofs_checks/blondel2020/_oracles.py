r"""Independent oracles of the Fenchel–Young and sparsemax checks.

Nothing here calls :mod:`hoptheory.maps`: exact rational sparsemax (the closed form and two
other projection algorithms), α-entmax and softmax in mpmath, γ-normmax by its own threshold
equation, SLSQP maximisation over the simplex, and the instance families of the score vectors.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Sequence

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.optimize import minimize

from hoptheory.backend import to_numpy, tolerance

from .._framework import Observation, inequality_check
from .._instances import TOL_FD, TOL_IDENTITY, TOL_OPTIMISER
from .._oracles import sparsemax_closed

__all__ = [
    "BIG",
    "DPS",
    "SCORE_SHAPES",
    "TOL_FD",
    "TOL_IDENTITY",
    "TOL_OPTIMISER",
    "central_gradient",
    "entmax_mp",
    "exact",
    "exact_bound",
    "host",
    "log_uniform",
    "michelot_exact",
    "normmax",
    "pivot_exact",
    "ratio_search",
    "scores",
    "simplex_max_slsqp",
    "softmax_mp",
    "sparsemax_exact",
    "tsallis_omega",
    "tsallis_omega_mp",
]

#: Digits of the mpmath re-evaluations.
DPS = 50
#: The violation ratio of a failed exact (rational) condition.
BIG = 1e9

#: Shapes of the score families (conventions §7: ties, near-ties, one-hot outputs, large spreads,
#: all scores equal).
SCORE_SHAPES = ("gaussian", "ties", "near-ties", "one-hot", "spread", "uniform")


def host(a) -> np.ndarray:
    """A float64 NumPy copy of an array of any namespace."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def exact(v) -> Fraction:
    """The exact rational value of a float."""
    return Fraction(float(v))


def exact_bound(bound, **params) -> Fraction:
    """A declared bound's value at rational parameters, exactly (its SymPy twin)."""
    v = bound.sympy(**params)
    return Fraction(int(v.p), int(v.q))


def ratio_search(ctx, *, strategy, ratios: Callable[[dict], dict], pinned: Sequence[dict], distributions: Sequence[str],
                 reevaluate: Callable[[dict], dict] | None = None, examples: int | None = None):
    """A counterexample search over sub-claims checked at the same instances.

    ``ratios(draw)`` returns, per sub-claim, its violation over its tolerance (> 1: violated; a
    failed exact condition is :data:`BIG`), every compared quantity routed through ``ctx.side``.
    The observation is the largest ratio against 1; ``reevaluate(draw)`` recomputes the ratios
    with independent oracles (default: ``ratios`` again, for exact conditions).  The evidence
    gives the worst ratio of every sub-claim.
    """
    worst: dict = {}

    def observe(d):
        r = ratios(d)
        for n, v in r.items():
            worst[n] = max(worst.get(n, -math.inf), float(v))
        top = max(r, key=r.get)
        return Observation(float(r[top]), 1.0, inputs=dict(d), note=f"largest violation ratio: {top}")

    def reeval(o):
        return float(max((reevaluate or ratios)(dict(o.inputs)).values())), 1.0

    return inequality_check(ctx, strategy=strategy, observe=observe, reevaluate=reeval, explicit=pinned, atol=0.0,
                            rtol=0.0, examples=examples, extra_evidence={"worst_ratio_by_part": worst},
                            distributions=distributions)


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(lo), math.log10(hi), allow_nan=False).map(lambda e: float(10.0 ** e))


def scores(shape: str, M: int, scale: float, seed: int, offset: float = 0.0) -> np.ndarray:
    """A score vector of ``M`` entries of one family (float64, exactly representable ties)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(M)
    if shape == "ties":
        z = np.round(z * 2.0) / 2.0                    # multiples of 1/2: many exact ties
    elif shape == "near-ties":
        z = np.repeat(rng.standard_normal((M + 1) // 2), 2)[:M] + 1e-9 * rng.standard_normal(M)
    elif shape == "one-hot":
        z = -np.abs(z)
        z[int(rng.integers(M))] = 1.0 + float(rng.uniform(0.0, 3.0))
    elif shape == "spread":
        z = z * 10.0 ** rng.uniform(-2, 2, size=M)
    elif shape == "uniform":
        z = np.zeros(M)
    return scale * z + offset


# --------------------------------------------------------------------------- sparsemax, exact


def sparsemax_exact(z: Sequence) -> tuple[list[Fraction], Fraction, int]:
    r"""The closed form in rationals with its threshold and support size: :math:`p=[z-\tau]_+`,
    :math:`\tau=(\sum_{j\le\kappa}z_{(j)}-1)/\kappa`, :math:`\kappa=\max\{k:1+kz_{(k)}>\sum_{j\le k}z_{(j)}\}`
    (floats are read exactly; :math:`p` by :func:`proofs_checks._oracles.sparsemax_closed`)."""
    zf = [v if isinstance(v, Fraction) else exact(v) for v in z]
    srt = sorted(zf, reverse=True)
    kappa = max(k for k in range(1, len(srt) + 1) if 1 + k * srt[k - 1] > sum(srt[:k]))
    return sparsemax_closed(zf), (sum(srt[:kappa]) - 1) / kappa, kappa


def michelot_exact(z: Sequence) -> list[Fraction]:
    """Michelot's projection onto the simplex (1986), in rationals: shrink the support until stable."""
    zf = [v if isinstance(v, Fraction) else exact(v) for v in z]
    S = list(range(len(zf)))
    while True:
        tau = (sum(zf[i] for i in S) - 1) / len(S)
        S2 = [i for i in S if zf[i] > tau]
        if S2 == S:
            return [max(v - tau, Fraction(0)) for v in zf]
        S = S2


def pivot_exact(z: Sequence, rng: np.random.Generator) -> list[Fraction]:
    """The randomised pivot projection of Duchi et al. (2008, Fig. 2), in rationals."""
    zf = [v if isinstance(v, Fraction) else exact(v) for v in z]
    U = list(range(len(zf)))
    s, rho = Fraction(0), 0
    while U:
        k = U[int(rng.integers(len(U)))]
        G = [j for j in U if zf[j] >= zf[k]]
        ds = sum(zf[j] for j in G)
        if (s + ds) - (rho + len(G)) * zf[k] < 1:
            s, rho = s + ds, rho + len(G)
            U = [j for j in U if zf[j] < zf[k]]
        else:
            U = [j for j in G if j != k]
    tau = (s - 1) / rho
    return [max(v - tau, Fraction(0)) for v in zf]


# --------------------------------------------------------------------------- entmax, softmax, normmax


def _threshold_mp(y: Sequence, r, digits: int):
    r"""The root :math:`\tau` of :math:`\sum_i[y_i-\tau]_+^r=1` by bisection on :math:`[\max y-1,\max y]` to
    ``digits`` decimal digits (mpf ``y`` and ``r``, at the caller's working precision): the lower end, where
    the sum is still at least one."""
    lo, hi = max(y) - 1, max(y)
    for _ in range(int(3.33 * digits) + 8):
        mid = (lo + hi) / 2
        if mpmath.fsum((v - mid) ** r for v in y if v > mid) >= 1:
            lo = mid
        else:
            hi = mid
    return lo


def entmax_mp(theta: Sequence, alpha, dps: int = DPS) -> tuple[list, object]:
    r"""α-entmax (α > 1) in mpmath: bisection on :math:`\sum_i[(\alpha-1)\theta_i-\tau]_+^{1/(\alpha-1)}=1`
    to ``dps`` digits; returns ``(p, tau)`` (mpf, the package's threshold convention)."""
    with mpmath.workdps(dps + 10):
        a = mpmath.mpf(alpha) - 1
        q = 1 / a
        y = [a * mpmath.mpf(v) for v in theta]
        tau = _threshold_mp(y, q, dps + 10)
        return [(v - tau) ** q if v > tau else mpmath.mpf(0) for v in y], tau


def softmax_mp(theta: Sequence, dps: int = DPS) -> list:
    with mpmath.workdps(dps):
        t = [mpmath.mpf(v) for v in theta]
        top = max(t)
        e = [mpmath.exp(v - top) for v in t]
        s = mpmath.fsum(e)
        return [v / s for v in e]


def tsallis_omega(p: np.ndarray, alpha: float) -> float:
    """Ω_α(p) in float64 (Shannon at α = 1, 0 log 0 = 0)."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, None)
    if alpha == 1.0:
        nz = p[p > 0]
        return float(np.sum(nz * np.log(nz)))
    return float((np.sum(p ** alpha) - 1.0) / (alpha * (alpha - 1.0)))


def tsallis_omega_mp(p: Sequence, alpha) -> object:
    """Ω_α(p) in mpmath (Shannon at α = 1)."""
    if alpha == 1:
        return mpmath.fsum(v * mpmath.log(v) for v in p if v > 0)
    a = mpmath.mpf(alpha)
    return (mpmath.fsum(v ** a for v in p if v > 0) - 1) / (a * (a - 1))


def normmax(theta: Sequence, gamma: float, mp: bool = False, n_iter: int = 200):
    r"""γ-normmax, the map of :math:`\Omega(p)=\lVert p\rVert_\gamma-1`, by its threshold equation.

    KKT on the simplex: :math:`p_i=N[\theta_i-\tau]_+^{1/(\gamma-1)}` with :math:`N=\lVert p\rVert_\gamma`,
    so :math:`\sum_i[\theta_i-\tau]_+^{\gamma/(\gamma-1)}=1` (bisection on :math:`[\max\theta-1,\max\theta]`),
    :math:`p=q/\sum_iq_i` with :math:`q_i=[\theta_i-\tau]_+^{1/(\gamma-1)}`, and
    :math:`\Omega^\star(\theta)=\langle p,\theta\rangle-N+1=\tau+1` (derived: :math:`\langle p,\theta\rangle=\tau+N`).
    Returns ``(p, conjugate)`` in float64 (rows of a 2-d ``theta`` at once), or mpf lists with
    ``mp=True`` (``DPS`` digits).
    """
    if mp:
        with mpmath.workdps(DPS + 10):
            t = [mpmath.mpf(v) for v in theta]
            g = mpmath.mpf(gamma)
            r, q = g / (g - 1), 1 / (g - 1)
            lo = _threshold_mp(t, r, DPS + 10)
            qs = [(v - lo) ** q if v > lo else mpmath.mpf(0) for v in t]
            s = mpmath.fsum(qs)
            return [v / s for v in qs], lo + 1
    t = np.asarray(theta, dtype=float)
    top = np.max(t, axis=-1, keepdims=True)
    u = t - top
    r, q = gamma / (gamma - 1.0), 1.0 / (gamma - 1.0)
    lo, hi = np.full(top.shape, -1.0), np.zeros(top.shape)
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        if not np.any((lo < mid) & (mid < hi)):
            break
        above = np.sum(np.clip(u - mid, 0.0, None) ** r, axis=-1, keepdims=True) >= 1.0
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    qs = np.clip(u - lo, 0.0, None) ** q
    conj = (top + lo + 1.0)[..., 0]
    return qs / np.sum(qs, axis=-1, keepdims=True), (float(conj) if conj.ndim == 0 else conj)


# --------------------------------------------------------------------------- optimisation, differences


def simplex_max_slsqp(f: Callable[[np.ndarray], float], M: int, starts: Sequence[np.ndarray]) -> tuple[float, np.ndarray]:
    """``max_{p in simplex} f(p)`` by SLSQP from several starts; the value at the best *feasible*
    point (the optimiser's point clipped and renormalised), a true lower bound of the maximum."""
    best, arg = -math.inf, None
    for x0 in starts:
        res = minimize(lambda p: -f(np.clip(p, 0.0, None)), x0, method="SLSQP", bounds=[(0.0, 1.0)] * M,
                       constraints=[{"type": "eq", "fun": lambda p: np.sum(p) - 1.0, "jac": lambda p: np.ones(M)}],
                       options={"ftol": 1e-15, "maxiter": 500})
        p = np.clip(res.x, 0.0, None)
        p = p / np.sum(p)
        v = f(p)
        if v > best:
            best, arg = v, p
    return best, arg


def central_gradient(f: Callable[[np.ndarray], np.ndarray], z: np.ndarray, h: float) -> np.ndarray:
    """Central differences of a batched scalar function ``f`` (rows → values) at the point ``z``."""
    M = z.size
    E = np.eye(M) * h
    out = np.asarray(f(np.concatenate([z + E, z - E], axis=0)), dtype=float)
    return (out[:M] - out[M:]) / (2.0 * h)
