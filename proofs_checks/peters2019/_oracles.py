r"""Independent oracles of the α-entmax and simplex-projection checks.

Written from the algorithms' published descriptions, without :mod:`hoptheory.maps`:

* **mpmath** at :data:`DPS` digits: α-entmax by 400 bisection steps on
  :math:`\tau` (:func:`mp_entmax`);
* **exact rationals** for 1.5-entmax: the support decided in :class:`~fractions.Fraction`
  arithmetic, the threshold (root of a quadratic) in mpmath (:func:`entmax15_exact`);
* **the `entmax` library's algorithms**, transcribed: bisection with the bracket
  :math:`[\max z' - 1, \max z' - M^{1-\alpha}]` (:func:`library_bisect`), the sort-based
  1.5-entmax threshold with the clamped :math:`\delta_\rho` (:func:`library_entmax15`) and its
  top-:math:`k` doubling (:func:`topk_doubling`);
* **simplex projections** (the sparsemax threshold), each generic over the number type
  (float, Fraction): sort (Held–Wolfe–Crowder, Michelot, Duchi et al.), Michelot's
  iterative elimination, Duchi et al.'s randomised pivot, Condat's algorithm, Kiwiel's
  median breakpoint search, top-:math:`k` doubling (:data:`PROJECTIONS`);
* **SLSQP** maximisation of :math:`\langle p,z\rangle + H^T_\alpha(p)` over the simplex
  (:func:`slsqp_entmax`).
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any, Callable, Sequence

import mpmath
import numpy as np

__all__ = [
    "DPS",
    "PROJECTIONS",
    "entmax15_exact",
    "library_bisect",
    "library_entmax15",
    "mp_entmax",
    "mp_entmax_alpha_derivative",
    "mp_entmax_on_support",
    "objective",
    "slsqp_entmax",
    "topk_doubling",
]

#: Decimal digits of the mpmath oracles.
DPS = 50


# --------------------------------------------------------------------------- mpmath


def _newton_tau(S: list, q, tau):
    r"""Root of :math:`\sum_{v\in S}(v-\tau)^q = 1` by Newton's method from ``tau`` (left of the root)."""
    for _ in range(60):
        f = mpmath.fsum((v - tau) ** q for v in S) - 1
        df = -q * mpmath.fsum((v - tau) ** (q - 1) for v in S)
        step = f / df
        tau = tau - step
        if abs(step) < mpmath.mpf(2) ** (-mpmath.mp.prec) * (1 + abs(tau)):
            break
    return tau


def _scaled(z: Sequence[Any], alpha):
    a = mpmath.mpf(alpha) - 1
    return [a * (v if isinstance(v, mpmath.mpf) else mpmath.mpf(float(v))) for v in z], 1 / a


def mp_entmax(z: Sequence[Any], alpha) -> tuple[list, Any]:
    r"""α-entmax of ``z`` and its threshold :math:`\tau`, in mpmath (current precision).

    .. math:: p_i = [(\alpha-1) z_i - \tau]_+^{1/(\alpha-1)}, \quad \textstyle\sum_i p_i = 1

    120 halvings of :math:`[\max z' - 1, \max z']` (:math:`z' = (\alpha-1)z`) fix the support
    (entries above the lower end), then Newton's method on that support, started at the lower
    end (the mass is convex and decreasing in :math:`\tau`, so the iterates increase
    monotonically to the root), to the working precision.  Returns ``(p, tau)``.
    """
    zp, q = _scaled(z, alpha)
    top = max(zp)
    lo, hi = top - 1, top
    for _ in range(120):
        mid = (lo + hi) / 2
        if mpmath.fsum((v - mid) ** q for v in zp if v > mid) >= 1:
            lo = mid
        else:
            hi = mid
    tau = _newton_tau([v for v in zp if v > lo], q, lo)
    p = [(v - tau) ** q if v > tau else mpmath.mpf(0) for v in zp]
    s = mpmath.fsum(p)
    return [v / s for v in p], tau


def mp_entmax_on_support(z: Sequence[Any], alpha, support: Sequence[bool], tau0) -> list:
    r"""α-entmax of ``z`` on a given support, its threshold by Newton's method from ``tau0``, in mpmath.

    .. math:: \textstyle\sum_{i\in S}((\alpha-1) z_i - \tau)^{1/(\alpha-1)} = 1,
        \quad p_i = ((\alpha-1) z_i - \tau)^{1/(\alpha-1)}\ (i\in S),\ 0 \text{ otherwise}

    For finite differences at a point whose support is known (and locally constant): ``tau0``
    within the quadratic convergence region (the threshold at the unperturbed point).
    """
    zp, q = _scaled(z, alpha)
    tau = _newton_tau([v for v, i in zip(zp, support) if i], q, mpmath.mpf(tau0))
    return [(v - tau) ** q if i else mpmath.mpf(0) for v, i in zip(zp, support)]


def mp_entmax_alpha_derivative(z: Sequence[float], alpha: float, h: float = 1e-12) -> list:
    r"""Central difference :math:`(p(\alpha+h) - p(\alpha-h))/(2h)` of :func:`mp_entmax`, at :data:`DPS` digits.

    .. math:: \partial_\alpha p \approx \frac{p(\alpha+h) - p(\alpha-h)}{2h}

    Error :math:`O(h^2)` plus :math:`10^{-50}/h` of the mpmath rounding.
    """
    with mpmath.workdps(DPS):
        hh = mpmath.mpf(h)
        plus, _ = mp_entmax(z, mpmath.mpf(alpha) + hh)
        minus, _ = mp_entmax(z, mpmath.mpf(alpha) - hh)
        return [float((u - v) / (2 * hh)) for u, v in zip(plus, minus)]


# --------------------------------------------------------------------------- 1.5-entmax


def entmax15_exact(z: Sequence[float]) -> tuple[list[float], int]:
    r"""1.5-entmax of the float scores ``z``: the support in exact rationals, the root in mpmath.

    .. math::

        y = z/2,\quad \kappa = \max\{k : \textstyle\sum_{j\le k}(y_{(j)} - y_{(k)})^2 < 1\},\quad
        \tau = \frac{S_\kappa - \sqrt{S_\kappa^2 - \kappa(Q_\kappa - 1)}}{\kappa}

    with :math:`S_k, Q_k` the sums of the top :math:`k` values and of their squares (Fractions);
    :math:`p = [y - \tau]_+^2`.  Returns ``(p as floats, kappa)``.
    """
    y = [Fraction(float(v)) / 2 for v in z]
    s = sorted(y, reverse=True)
    kappa, S_k, Q_k = 1, Fraction(0), Fraction(0)
    for k, v in enumerate(s, 1):
        S_k, Q_k = S_k + v, Q_k + v * v
        # sum_{j<=k} (s_j - s_k)^2 = Q_k - 2 s_k S_k + k s_k^2
        if Q_k - 2 * v * S_k + k * v * v < 1:
            kappa = k
    S, Q = sum(s[:kappa]), sum(v * v for v in s[:kappa])
    disc = S * S - kappa * (Q - 1)
    with mpmath.workdps(DPS):
        tau = (mpmath.mpf(S.numerator) / S.denominator
               - mpmath.sqrt(mpmath.mpf(disc.numerator) / disc.denominator)) / kappa
        p = [(mpmath.mpf(v.numerator) / v.denominator - tau) ** 2 if v >= s[kappa - 1] else mpmath.mpf(0)
             for v in y]
        return [float(v) for v in p], kappa


# --------------------------------------------------------------------------- library algorithms


def library_bisect(z: Sequence[float], alpha: float, n_iter: int, test: str = "stated") -> dict:
    r"""The `entmax` library's bisection for α-entmax, in float64 (NumPy).

    .. math::

        z' = (\alpha-1) z,\ \tau_{lo} = \max z' - 1,\ \tau_{hi} = \max z' - M^{1-\alpha},\
        \tau_m = \tau_{lo} + \delta,\ \delta \leftarrow \delta/2

    ``test="stated"`` moves :math:`\tau_{lo}` when :math:`\operatorname{sign}(f(\tau)) =
    \operatorname{sign}(f(\tau_{lo}))` (the algorithm as stated); ``test="library"`` when
    :math:`f(\tau) f(\tau_{lo}) \ge 0` (the library's code), which differs only when
    :math:`f(\tau_{lo}) = 0`.  Returns ``tau_lo``, ``tau_hi``, the last midpoint ``tau``, the
    bracket signs and ``p`` normalised as the library does (``ensure_sum_one``).
    """
    zp = (alpha - 1.0) * np.asarray(z, dtype=np.float64)
    M = zp.size
    q = 1.0 / (alpha - 1.0)

    def mass(t):
        return float(np.sum(np.maximum(zp - t, 0.0) ** q)) - 1.0

    lo = float(zp.max()) - 1.0
    hi = float(zp.max()) - M ** (1.0 - alpha)
    f_lo, f_hi = mass(lo), mass(hi)
    dm = hi - lo
    tau = lo
    for _ in range(n_iter):
        dm /= 2.0
        tau = lo + dm
        f = mass(tau)
        if (f * f_lo >= 0) if test == "library" else (np.sign(f) == np.sign(f_lo)):
            lo = tau
    p = np.maximum(zp - tau, 0.0) ** q
    return {"tau": tau, "f_lo": f_lo, "f_hi": f_hi, "p": p / p.sum(),
            "tau_lo0": float(zp.max()) - 1.0, "tau_hi0": float(zp.max()) - M ** (1.0 - alpha)}


def library_entmax15(z: Sequence[float], k: int | None = None, clamp: bool = True) -> tuple[np.ndarray, int]:
    r"""The `entmax` library's sort-based 1.5-entmax on the top ``k`` entries (all when ``None``).

    .. math::

        \tau_\rho = \mathrm{mean}_\rho - \sqrt{\max(\delta_\rho, 0)},\quad
        \delta_\rho = (1 - ss_\rho)/\rho,\quad \kappa = \#\{\rho : \tau_\rho \le z_{(\rho)}\}

    ``clamp=False`` leaves :math:`\delta_\rho<0` unclamped (its :math:`\tau_\rho` is then NaN
    and never passes the test).  Returns ``(p, kappa)``.
    """
    x = np.asarray(z, dtype=np.float64)
    x = (x - x.max()) / 2.0
    s = -np.sort(-x)[: (x.size if k is None else k)]
    rho = np.arange(1, s.size + 1, dtype=np.float64)
    mean = np.cumsum(s) / rho
    mean_sq = np.cumsum(s * s) / rho
    ss = rho * (mean_sq - mean * mean)
    delta = (1.0 - ss) / rho
    with np.errstate(invalid="ignore"):
        root = np.sqrt(np.maximum(delta, 0.0) if clamp else delta)
    tau = mean - root
    kappa = int(np.sum(tau <= s))
    return np.maximum(x - tau[kappa - 1], 0.0) ** 2, kappa


def topk_doubling(solve: Callable[[Sequence[Any], int], tuple[Any, int]], z: Sequence[Any], k0: int = 1):
    r"""Partial sort with doubling: solve on the top ``k`` entries, retry with ``2k`` while :math:`\kappa = k < M`.

    .. math:: k \leftarrow 2k \quad\text{while}\quad \kappa(\text{top-}k) = k < M

    ``solve(z, k) -> (result, kappa)``.  Returns ``(result, kappa, the k used)``.
    """
    M, k = len(z), max(1, k0)
    while True:
        k = min(k, M)
        res, kappa = solve(z, k)
        if kappa < k or k == M:
            return res, kappa, k
        k *= 2


# --------------------------------------------------------------------------- simplex projections
# Each returns the threshold tau of sum_i [v_i - tau]_+ = 1, in the number type of v.


def proj_sort(v: Sequence[Any], k: int | None = None) -> tuple[Any, int]:
    """Held–Wolfe–Crowder / Michelot / Duchi et al.: sort, the largest ρ with u_ρ > (Σ_{j≤ρ} u_j - 1)/ρ."""
    u = sorted(v, reverse=True)[: (len(v) if k is None else k)]
    cs, rho, best = 0, 0, 0
    for j, x in enumerate(u, 1):
        cs = cs + x
        if x * j > cs - 1:
            rho, best = j, cs
    return (best - 1) / rho, rho


def proj_michelot(v: Sequence[Any]) -> tuple[Any, int]:
    """Michelot (1986): drop every entry below the current threshold of the kept set until none drops."""
    kept = list(v)
    while True:
        tau = (sum(kept) - 1) / len(kept)
        new = [x for x in kept if x > tau]
        if len(new) == len(kept):
            return tau, len(kept)
        kept = new


def _breakpoint_search(v: Sequence[Any], pivot: Callable[[list], Any]) -> tuple[Any, int]:
    """Duchi et al. (2008), Fig. 2: keep the candidates above or below a pivot until none is left."""
    U, s, rho = list(v), 0, 0
    while U:
        k = pivot(U)
        G = [x for x in U if x >= k]
        L = [x for x in U if x < k]
        ds, dr = sum(G), len(G)
        if (s + ds) - (rho + dr) * k < 1:
            s, rho, U = s + ds, rho + dr, L
        else:
            G.remove(k)
            U = G
    return (s - 1) / rho, rho


def proj_pivot(v: Sequence[Any], seed: int = 0) -> tuple[Any, int]:
    """Duchi et al. (2008): the breakpoint search with a uniformly random pivot, expected linear time."""
    rng = random.Random(seed)
    return _breakpoint_search(v, lambda U: U[rng.randrange(len(U))])


def proj_condat(v: Sequence[Any]) -> tuple[Any, int]:
    """Condat (2016), Algorithm 1 (the published version with the Michelot-type cleanup)."""
    y = list(v)
    vv, vt = [y[0]], []
    rho = y[0] - 1
    for x in y[1:]:
        if x > rho:
            rho = rho + (x - rho) / (len(vv) + 1)
            if rho > x - 1:
                vv.append(x)
            else:
                vt.extend(vv)
                vv = [x]
                rho = x - 1
    for x in vt:
        if x > rho:
            vv.append(x)
            rho = rho + (x - rho) / len(vv)
    changed = True
    while changed:
        changed = False
        for x in list(vv):
            if x <= rho:
                vv.remove(x)
                rho = rho + (rho - x) / len(vv)
                changed = True
    return rho, len(vv)


def proj_kiwiel(v: Sequence[Any]) -> tuple[Any, int]:
    """Pardalos–Kovoor / Kiwiel (2008): the breakpoint search with the median as pivot (worst-case linear with a linear-time median)."""
    return _breakpoint_search(v, lambda U: sorted(U)[len(U) // 2])


def proj_doubling(v: Sequence[Any]) -> tuple[Any, int]:
    """Partial sort with doubling (the `entmax` library), on :func:`proj_sort`."""
    res, kappa, _ = topk_doubling(lambda w, k: proj_sort(w, k), v)
    return res, kappa


def proj_bisect_refine(v: Sequence[Any]) -> tuple[Any, int]:
    """Bisection on τ (in floats, 100 halvings), then τ solved exactly on the support found."""
    f = [float(x) for x in v]
    lo, hi = max(f) - 1.0, max(f)
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if sum(max(x - mid, 0.0) for x in f) >= 1.0:
            lo = mid
        else:
            hi = mid
    S = [x for x, fx in zip(v, f) if fx > lo]
    return (sum(S) - 1) / len(S), len(S)


#: The exact simplex-projection algorithms: name → ``v -> (tau, support size)``.
PROJECTIONS: dict[str, Callable[[Sequence[Any]], tuple[Any, int]]] = {
    "sort": proj_sort,
    "michelot": proj_michelot,
    "pivot": proj_pivot,
    "condat": proj_condat,
    "kiwiel": proj_kiwiel,
    "doubling": proj_doubling,
    "bisect_refine": proj_bisect_refine,
}


# --------------------------------------------------------------------------- SLSQP


def slsqp_entmax(z: Sequence[float], alpha: float) -> tuple[np.ndarray, float, bool]:
    r"""Maximise :math:`\langle p,z\rangle + H^T_\alpha(p)` over :math:`\Delta^M` with SLSQP.

    .. math:: H^T_\alpha(p) = \frac{1}{\alpha(\alpha-1)}\textstyle\sum_j (p_j - p_j^\alpha)

    Returns ``(p, objective, converged)``, from the uniform point with ftol 1e-15.  SLSQP may stop
    at its iteration limit on a point off the simplex (e.g. a sum of 1.003 at α = 4.19 when the
    maximiser is a vertex), where the objective can exceed the maximum; ``p`` is therefore the
    returned point clipped at 0 and renormalised, ``objective`` is the objective there (a feasible
    value, so never above the maximum beyond rounding), and ``converged`` says whether SLSQP
    reported success on a point within 1e-9 of the simplex (only then is ``p`` near the maximiser).
    """
    from scipy.optimize import minimize  # optional heavy dependency

    z = np.asarray(z, dtype=np.float64)
    M = z.size
    c = 1.0 / (alpha * (alpha - 1.0))

    def f(p):
        pp = np.maximum(p, 0.0)
        return -(p @ z + c * np.sum(pp - pp ** alpha))

    def g(p):
        pp = np.maximum(p, 0.0)
        return -(z + c * (1.0 - alpha * pp ** (alpha - 1.0)))

    r = minimize(f, np.full(M, 1.0 / M), jac=g, method="SLSQP", bounds=[(0.0, 1.0)] * M,
                 constraints=[{"type": "eq", "fun": lambda p: p.sum() - 1.0, "jac": lambda p: np.ones(M)}],
                 options={"ftol": 1e-15, "maxiter": 500})
    feasible = abs(float(r.x.sum()) - 1.0) <= 1e-9 and float(r.x.min()) >= -1e-9
    q = np.maximum(r.x, 0.0)
    q = q / q.sum()
    return q, objective(q, z, alpha), bool(r.success) and feasible


def objective(p: np.ndarray, z: np.ndarray, alpha: float) -> float:
    r"""The entmax objective in float64.

    .. math:: \langle p,z\rangle + \frac{1}{\alpha(\alpha-1)}\textstyle\sum_j (p_j - p_j^\alpha)
    """
    pp = np.maximum(np.asarray(p, dtype=np.float64), 0.0)
    return float(pp @ z + np.sum(pp - pp ** alpha) / (alpha * (alpha - 1.0)))
