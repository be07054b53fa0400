r"""Independent oracles of the theorem checks: reference values computed without the package's code paths.

A check compares what :mod:`hoptheory` computes with what one of these functions computes by
another route, and re-evaluates a float-level counterexample with them before it counts:

* **mpmath** at :data:`DPS` digits: softmax and sparsemax (:func:`mp_map`), the one-step
  retrieval map :math:`T` of a softmax or sparsemax Hopfield model (:func:`mp_T`), its error
  (:func:`mp_error`), energies (:func:`mp_energy`) and their gradients by central differences
  (:func:`mp_grad`), the structured maps V1/V2 (:func:`mp_structured_error`) and the
  exponential dense error bound (:func:`mp_dense_error_bound`);
* **exact rationals**: sparsemax in :class:`fractions.Fraction` (:func:`sparsemax_fraction`);
* **NumPy / SciPy by another algorithm**: sparsemax by bisection (:func:`sparsemax_bisect`),
  convex conjugates as 1-D Lagrangian duals minimised by Brent's method
  (:func:`shannon_conjugate_dual`, :func:`gini_conjugate_dual`), dense attention on a
  sub-memory from its definition (:func:`dense_on_submemory`, :func:`masked_v2_retrieve`),
  SLSQP for the ε-SVR primal and dual (:func:`svr_primal_qp`, :func:`svr_dual_slsqp`) and for
  the distance to a convex hull (:func:`hull_distance`);
* **instrumentation**: the number of scores an evaluator computes, counted where the
  arithmetic happens (:func:`count_scores`).

The mpmath functions work at the current precision unless they take ``dps``; wrap them in
``mpmath.workdps``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Sequence

import mpmath
import numpy as np
from scipy import optimize
from scipy.special import logsumexp as sp_lse
from scipy.special import softmax as sp_softmax

__all__ = [
    "DPS",
    "count_scores",
    "dense_on_submemory",
    "dual_min",
    "gini_conjugate_dual",
    "hull_distance",
    "masked_v2_retrieve",
    "mp_T",
    "mp_central_differences",
    "mp_dense_error_bound",
    "mp_energy",
    "mp_error",
    "mp_grad",
    "mp_map",
    "mp_structured_error",
    "rank_mod_prime",
    "shannon_conjugate_dual",
    "sparsemax_bisect",
    "sparsemax_closed",
    "sparsemax_fraction",
    "sparsemax_rows",
    "svr_dual_objective",
    "svr_dual_slsqp",
    "svr_primal_qp",
]

#: Decimal digits of the mpmath oracles (float64 has about 16: 40 leaves every rounding of the
#: float code far above the oracle's own).
DPS = 40


def _mpf(v) -> mpmath.mpf:
    """An mpf kept as it is, anything else through ``float`` (the float64 value exactly)."""
    return v if isinstance(v, mpmath.mpf) else mpmath.mpf(float(v))


# --------------------------------------------------------------------------- sparsemax


def sparsemax_closed(theta: Sequence[Any]) -> list:
    r"""Sparsemax by its closed form, in the number type of ``theta`` (Fraction, mpf, float).

    .. math::

        \operatorname{sparsemax}(\theta)_\nu = [\theta_\nu - \tau(\theta)]_+, \qquad
        \tau = \frac{\sum_{j\le\kappa}\theta_{(j)} - 1}{\kappa}, \qquad
        \kappa = \max\{k : 1 + k\,\theta_{(k)} > \textstyle\sum_{j\le k}\theta_{(j)}\}

    ``theta``: a sequence of ``M`` scores; returns a list of ``M`` weights of the same type.
    Reference: Martins & Astudillo (2016), Prop. 1.
    """
    s = sorted(theta, reverse=True)
    cs, k, css = 0, 0, 0
    for j, v in enumerate(s, 1):
        cs = cs + v
        if 1 + j * v > cs:
            k, css = j, cs
    tau = (css - 1) / k
    zero = theta[0] * 0
    return [t - tau if t > tau else zero for t in theta]


def sparsemax_fraction(theta) -> list[Fraction]:
    r"""Sparsemax of the float scores ``theta`` in exact rationals.

    .. math:: \operatorname{sparsemax}(\theta) \text{ of } \theta_\nu \in \mathbb{Q} \text{ (the float64 values exactly)}

    ``theta``: ``M`` floats; returns ``M`` :class:`~fractions.Fraction` weights
    (:func:`sparsemax_closed`).
    """
    return sparsemax_closed([Fraction(float(t)) for t in theta])


def sparsemax_bisect(theta) -> np.ndarray:
    r"""Sparsemax by bisection on the threshold, then the exact threshold of the support found.

    .. math:: \tau:\ \textstyle\sum_\nu [\theta_\nu - \tau]_+ = 1, \qquad p = [\theta - \tau]_+

    ``theta``: shape ``(M,)``; returns shape ``(M,)``.  200 halvings of
    :math:`[\max\theta - 1, \max\theta]`, then :math:`\tau` recomputed from the support.
    """
    theta = np.asarray(theta, dtype=np.float64)
    lo, hi = float(theta.max()) - 1.0, float(theta.max())
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.maximum(theta - mid, 0.0).sum() >= 1.0:
            lo = mid
        else:
            hi = mid
    S = theta > lo
    tau = (theta[S].sum() - 1.0) / S.sum()
    return np.maximum(theta - tau, 0.0)


def sparsemax_rows(A) -> np.ndarray:
    r"""Row-wise :func:`sparsemax_bisect` of a score matrix.

    .. math:: P_{l\cdot} = \operatorname{sparsemax}(A_{l\cdot})

    ``A``: shape ``(L, M)``; returns shape ``(L, M)``.
    """
    return np.stack([sparsemax_bisect(a) for a in A])


# --------------------------------------------------------------------------- mpmath maps


def mp_map(theta: Sequence[Any], kind: str) -> list:
    r"""Softmax or sparsemax of mpf scores at the current precision.

    .. math:: \operatorname{softmax}(\theta)_\nu = \frac{e^{\theta_\nu - \max\theta}}{\sum_j e^{\theta_j - \max\theta}}
              \quad\text{or}\quad \operatorname{sparsemax}(\theta)

    ``theta``: ``M`` mpf scores; ``kind``: ``"softmax"`` or ``"sparsemax"``.
    """
    if kind == "sparsemax":
        return sparsemax_closed(list(theta))
    mx = max(theta)
    e = [mpmath.exp(t - mx) for t in theta]
    s = mpmath.fsum(e)
    return [v / s for v in e]


def mp_T(Xn: np.ndarray, x, beta: float, kind: str = "softmax"):
    r"""One step of the Hopfield retrieval map in mpmath at the current precision.

    .. math:: T(x) = \Xi\, \sigma(\beta\, \Xi^\top x), \qquad \sigma \in \{\operatorname{softmax}, \operatorname{sparsemax}\}

    ``Xn``: memories, shape ``(d, M)``; ``x``: ``d`` floats or mpf; ``beta > 0``; ``kind`` as in
    :func:`mp_map`.  Returns ``(T, p, z)``: lists of mpf, ``T`` of length ``d``, the weights
    ``p`` and the scores :math:`z = \Xi^\top x` of length ``M``.
    """
    d, M = Xn.shape
    X = [[mpmath.mpf(float(Xn[i, j])) for j in range(M)] for i in range(d)]
    xx = [_mpf(v) for v in x]
    b = mpmath.mpf(float(beta))
    z = [mpmath.fsum(X[i][j] * xx[i] for i in range(d)) for j in range(M)]
    p = mp_map([b * v for v in z], kind)
    return [mpmath.fsum(X[i][j] * p[j] for j in range(M)) for i in range(d)], p, z


def mp_error(Xn: np.ndarray, x, beta: float, mu: int, kind: str = "softmax", dps: int = DPS):
    r"""The retrieval error of one step, in mpmath at ``dps`` digits.

    .. math:: \lVert T(x) - \xi_\mu \rVert_2

    Arguments as in :func:`mp_T`; ``mu``: the target column.  Returns an mpf.
    """
    with mpmath.workdps(dps):
        T, _, _ = mp_T(Xn, x, beta, kind)
        return mpmath.sqrt(mpmath.fsum((T[i] - mpmath.mpf(float(Xn[i, mu]))) ** 2 for i in range(len(T))))


def mp_energy(Xn: np.ndarray, x, beta: float, kind: str, published: bool = False):
    r"""The Hopfield energy from the convex conjugate's definition, in mpmath at the current precision.

    .. math::

        H_\beta(x) = -\tfrac{1}{\beta}\,\Omega^*(\beta\,\Xi^\top x) + \tfrac12 \lVert x\rVert^2, \qquad
        H_{\mathrm{pub}}(x) = -\Omega^*(\beta\,\Xi^\top x) + \tfrac12 \lVert x\rVert^2

    with :math:`\Omega^* = \log\sum\exp` (``kind="softmax"``) or the Gini conjugate
    :math:`\Omega^*(\theta) = \langle p, \theta\rangle - \tfrac12\lVert p\rVert^2 + \tfrac12`,
    :math:`p = \operatorname{sparsemax}(\theta)` (``kind="sparsemax"``).  ``published=True`` gives
    the energy as printed by Hu et al. (2023), without the factor :math:`1/\beta`.
    ``Xn``: shape ``(d, M)``; ``x``: ``d`` floats or mpf.  Returns an mpf.
    """
    d, M = Xn.shape
    xx = [mpmath.mpf(v) if not isinstance(v, mpmath.mpf) else v for v in x]
    b = mpmath.mpf(float(beta))
    z = [mpmath.fsum(mpmath.mpf(float(Xn[i, j])) * xx[i] for i in range(d)) for j in range(M)]
    th = [b * v for v in z]
    if kind == "softmax":
        conj = mpmath.log(mpmath.fsum(mpmath.exp(t) for t in th))
    else:
        p = sparsemax_closed(th)
        conj = mpmath.fsum(pi * t for pi, t in zip(p, th)) - mpmath.fsum(pi * pi for pi in p) / 2 + mpmath.mpf(1) / 2
    half = mpmath.fsum(v * v for v in xx) / 2
    return (-conj if published else -conj / b) + half


def mp_central_differences(fn: Callable[[list], Any], x: Sequence[Any], h) -> list:
    r"""The gradient of a scalar mpmath function by central differences, at the current precision.

    .. math:: g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    ``fn``: takes a list of mpf; ``x``: a list of mpf; ``h``: the step (an mpf).  Returns a list
    of mpf.
    """
    g = []
    for i in range(len(x)):
        xp_, xm_ = list(x), list(x)
        xp_[i] += h
        xm_[i] -= h
        g.append((fn(xp_) - fn(xm_)) / (2 * h))
    return g


def mp_grad(Xn: np.ndarray, x, beta: float, kind: str, published: bool = False, dps: int = DPS) -> np.ndarray:
    r"""The gradient of :func:`mp_energy` by central differences in mpmath.

    .. math:: \partial_i H(x) \approx \frac{H(x + h e_i) - H(x - h e_i)}{2h}, \qquad h = 10^{-12}

    At ``dps`` = 40 digits the truncation error :math:`O(h^2)` and the rounding :math:`10^{-40}/h`
    are both far below float64 resolution.  Arguments as in :func:`mp_energy`; returns shape ``(d,)``.
    """
    with mpmath.workdps(dps):
        xx = [mpmath.mpf(float(v)) for v in x]
        g = mp_central_differences(lambda y: mp_energy(Xn, y, beta, kind, published), xx, mpmath.mpf("1e-12"))
        return np.array([float(v) for v in g])


def mp_dense_error_bound(Xn: np.ndarray, x, mu: int, beta: float, reading: str = "others", dps: int = DPS):
    r"""The exponential dense retrieval-error bound as restated by Hu et al. (2023), in mpmath.

    .. math:: 2m(M-1)\exp\bigl(-\beta(\langle\xi_\mu, x\rangle - \max_\nu \langle\xi_\mu, \xi_\nu\rangle)\bigr),
              \qquad m = \max_\nu \lVert\xi_\nu\rVert

    ``Xn``: shape ``(d, M)``; ``x``: ``d`` floats; ``reading``: the max over ``"all"`` ν or over the
    ``"others"`` (ν ≠ μ).  Every inner product is exact at ``dps`` digits.  Returns an mpf.
    """
    with mpmath.workdps(dps):
        ov = [mpmath.fsum(mpmath.mpf(float(Xn[i, mu])) * mpmath.mpf(float(Xn[i, j])) for i in range(Xn.shape[0]))
              for j in range(Xn.shape[1])]
        if reading == "others":
            ov = [v for j, v in enumerate(ov) if j != mu]
        score = mpmath.fsum(mpmath.mpf(float(Xn[i, mu])) * mpmath.mpf(float(x[i])) for i in range(Xn.shape[0]))
        m = max(mpmath.sqrt(mpmath.fsum(mpmath.mpf(float(Xn[i, j])) ** 2 for i in range(Xn.shape[0])))
                for j in range(Xn.shape[1]))
        return 2 * m * (Xn.shape[1] - 1) * mpmath.exp(-mpmath.mpf(float(beta)) * (score - max(ov)))


def mp_structured_error(Xi: np.ndarray, x: np.ndarray, mu: int, beta: float, mask: np.ndarray | None,
                        variant: str, dps: int = DPS):
    r"""The error of one step of a sparse-structured map (Hu et al. 2024), in mpmath at ``dps`` digits.

    .. math::

        T_1(x) = \sum_{\nu\in\mathcal M} \operatorname{softmax}(\beta\,\Xi^\top x)_\nu\, \xi_\nu, \qquad
        T_2(x) = \Xi_{\mathcal M}\, \operatorname{softmax}(\beta\,\Xi_{\mathcal M}^\top x), \qquad
        \lVert T_{1,2}(x) - \xi_\mu\rVert_2

    ``Xi``: shape ``(d, M)``; ``x``: shape ``(d,)``; ``mask``: boolean ``(M,)`` (``None``: every
    memory, where both variants are the dense map); ``variant``: ``"V1"`` or ``"V2"``.
    Returns an mpf.
    """
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


# --------------------------------------------------------------------------- convex conjugates


def rank_mod_prime(A: Sequence[Sequence[Fraction]], prime: int = 2**61 - 1) -> int:
    r"""Rank of the rational matrix ``A`` reduced modulo ``prime``: a lower bound on its rank over :math:`\mathbb Q`.

    Every entry :math:`a/b` becomes :math:`a\,b^{-1}\bmod p` (denominators prime to :math:`p`); Gauss-Jordan
    elimination over :math:`\mathrm{GF}(p)` counts the pivots.  A minor that vanishes modulo :math:`p` may be
    non-zero over :math:`\mathbb Q`, never the reverse, so the count never exceeds the rational rank.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> rank_mod_prime([[F(1), F(2)], [F(1, 2), F(1)]]), rank_mod_prime([[F(1), F(2)], [F(1, 3), F(1)]])
    (1, 2)
    """
    rows = [[v.numerator % prime * pow(v.denominator % prime, -1, prime) % prime for v in row] for row in A]
    rank = 0
    for c in range(len(rows[0]) if rows else 0):
        piv = next((r for r in range(rank, len(rows)) if rows[r][c]), None)
        if piv is None:
            continue
        rows[rank], rows[piv] = rows[piv], rows[rank]
        inv = pow(rows[rank][c], -1, prime)
        for r in range(len(rows)):
            if r != rank and rows[r][c]:
                f = rows[r][c] * inv % prime
                rows[r] = [(a - f * b) % prime for a, b in zip(rows[r], rows[rank])]
        rank += 1
    return rank


def dual_min(fun: Callable[[float], float], lo: float, hi: float) -> float:
    r"""The minimum of a convex function of one variable on an interval (Brent's bounded method).

    .. math:: \min_{\lambda \in [lo, hi]} f(\lambda)

    Used for Lagrangian duals of conjugates over the simplex; ``xatol`` 1e-13, 500 iterations.
    """
    r = optimize.minimize_scalar(fun, bounds=(lo, hi), method="bounded", options={"xatol": 1e-13, "maxiter": 500})
    return float(r.fun)


def shannon_conjugate_dual(theta) -> float:
    r"""The conjugate of the negative Shannon entropy on the simplex, by its 1-D Lagrangian dual.

    .. math:: \sup_{p\in\Delta^M} \langle\theta, p\rangle - \textstyle\sum_\nu p_\nu\log p_\nu
              = \min_\lambda\ \lambda + \textstyle\sum_\nu e^{\theta_\nu - 1 - \lambda}

    ``theta``: shape ``(M,)``, shifted by its maximum before the minimisation (:func:`dual_min`).
    """
    t = np.asarray(theta, dtype=np.float64)
    c = float(t.max())
    u = t - c
    return c + dual_min(lambda lam: lam + float(np.sum(np.exp(u - 1.0 - lam))), -2.0, math.log(len(t)) + 1.0)


def gini_conjugate_dual(theta) -> float:
    r"""The conjugate of the Gini negentropy on the simplex, by its 1-D Lagrangian dual.

    .. math:: \sup_{p\in\Delta^M} \langle\theta, p\rangle - \tfrac12(\lVert p\rVert^2 - 1)
              = \min_\tau\ \tau + \tfrac12\textstyle\sum_\nu [\theta_\nu - \tau]_+^2 + \tfrac12

    ``theta``: shape ``(M,)``, shifted by its maximum before the minimisation (:func:`dual_min`).
    """
    t = np.asarray(theta, dtype=np.float64)
    c = float(t.max())
    u = t - c
    return c + 0.5 + dual_min(lambda tau: tau + 0.5 * float(np.sum(np.maximum(u - tau, 0.0) ** 2)), -1.5, 0.5)


# --------------------------------------------------------------------------- attention on a sub-memory


def dense_on_submemory(sub: np.ndarray, x: np.ndarray, beta: float):
    r"""Dense retrieval on a sub-memory from its definitions (NumPy/SciPy).

    .. math::

        q = \operatorname{softmax}(\beta\,\Xi_{\mathcal M}^\top x), \quad T = \Xi_{\mathcal M} q, \quad
        E = -\tfrac1\beta \log\textstyle\sum e^{\beta\,\Xi_{\mathcal M}^\top x} + \tfrac12\lVert x\rVert^2, \quad
        J = \beta\, \Xi_{\mathcal M} (\operatorname{diag} q - q q^\top) \Xi_{\mathcal M}^\top

    ``sub``: shape ``(d, k)``; ``x``: shape ``(d,)``.  Returns ``(T, E, J, q)``.
    """
    z = beta * (sub.T @ x)
    q = sp_softmax(z)
    E = -float(sp_lse(z)) / beta + 0.5 * float(x @ x)
    J = beta * sub @ (np.diag(q) - np.outer(q, q)) @ sub.T
    return sub @ q, E, J, q


def masked_v2_retrieve(Xi: np.ndarray, X: np.ndarray, beta: float, sel) -> np.ndarray:
    r"""The masked map V2 from its definition, one query at a time in plain NumPy.

    .. math:: T(x_n) = \Xi_{S_n}\, \operatorname{softmax}(\beta\, \Xi_{S_n}^\top x_n)

    ``Xi``: shape ``(d, M)``; ``X``: queries, shape ``(d, L)``; ``sel[n]``: the memory indices
    :math:`S_n` of query ``n``.  Returns shape ``(d, L)``.
    """
    out = np.empty_like(X)
    for n in range(X.shape[1]):
        sub = Xi[:, list(sel[n])]
        out[:, n] = sub @ sp_softmax(beta * (sub.T @ X[:, n]))
    return out


def hull_distance(point: np.ndarray, V: np.ndarray) -> float:
    r"""The distance from a point to the convex hull of the columns of ``V``, by SLSQP over the simplex.

    .. math:: \min_{w \in \Delta^k} \lVert V w - \text{point}\rVert_2

    ``point``: shape ``(d,)``; ``V``: shape ``(d, k)``.
    """
    k = V.shape[1]
    f = lambda w: 0.5 * float(np.sum((V @ w - point) ** 2))  # noqa: E731
    g = lambda w: V.T @ (V @ w - point)  # noqa: E731
    res = optimize.minimize(f, np.full(k, 1.0 / k), jac=g, method="SLSQP", bounds=[(0, 1)] * k,
                            constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1, "jac": lambda w: np.ones(k)}],
                            options={"ftol": 1e-15, "maxiter": 300})
    return float(np.linalg.norm(V @ res.x - point))


# --------------------------------------------------------------------------- epsilon-SVR


def svr_primal_qp(P: np.ndarray, Y: np.ndarray, C: float, eps: float):
    r"""The joint ε-SVR primal without bias, by SLSQP.

    .. math::

        \min_{W, \eta, \tilde\eta \ge 0}\ \tfrac12\lVert W\rVert_F^2 + C \textstyle\sum (\eta + \tilde\eta)
        \quad\text{s.t.}\quad -\varepsilon - \tilde\eta \le Y - W P \le \varepsilon + \eta

    ``P``: features of the keys, shape ``(D, M)``; ``Y``: targets, shape ``(d, M)``.  Returns
    ``(W, eta, eta~, objective, max constraint violation)``.
    """
    d, M = Y.shape
    D = P.shape[0]
    nW = d * D

    def split(z):
        return z[:nW].reshape(d, D), z[nW:nW + d * M].reshape(d, M), z[nW + d * M:].reshape(d, M)

    def obj(z):
        W, e, et = split(z)
        return 0.5 * float(np.sum(W * W)) + C * float(np.sum(e) + np.sum(et))

    def grad(z):
        W, e, et = split(z)
        return np.concatenate([W.ravel(), C * np.ones(2 * d * M)])

    def cons(z):
        W, e, et = split(z)
        Z = W @ P
        return np.concatenate([(eps + e - Y + Z).ravel(), (eps + et + Y - Z).ravel()])

    # Jacobian of the constraints
    J = np.zeros((2 * d * M, nW + 2 * d * M))
    for i in range(d):
        for mu in range(M):
            r = i * M + mu
            J[r, i * D:(i + 1) * D] = P[:, mu]
            J[r, nW + r] = 1.0
            J[d * M + r, i * D:(i + 1) * D] = -P[:, mu]
            J[d * M + r, nW + d * M + r] = 1.0
    z0 = np.concatenate([np.zeros(nW), np.maximum(Y - eps, 0).ravel(), np.maximum(-Y - eps, 0).ravel()])
    bounds = [(None, None)] * nW + [(0.0, None)] * (2 * d * M)
    res = optimize.minimize(obj, z0, jac=grad, method="SLSQP", bounds=bounds,
                            constraints=[{"type": "ineq", "fun": cons, "jac": lambda z: J}],
                            options={"ftol": 1e-13, "maxiter": 400})
    W, e, et = split(res.x)
    viol = max(0.0, float(-np.min(cons(res.x))), float(-np.min(res.x[nW:])))
    return W, e, et, obj(res.x), viol


def svr_dual_slsqp(K: np.ndarray, y: np.ndarray, C: float, eps: float):
    r"""One coordinate's ε-SVR dual by SLSQP over the box.

    .. math::

        \max_{\alpha, \tilde\alpha \in [0, C]^M}\ -\tfrac12 c^\top K c - \varepsilon \textstyle\sum(\alpha + \tilde\alpha)
        + y^\top c, \qquad c = \alpha - \tilde\alpha

    ``K``: kernel matrix, shape ``(M, M)``; ``y``: shape ``(M,)``.  Returns ``(value, c)``.
    """
    M = len(y)

    def f(z):
        a, at = z[:M], z[M:]
        c = a - at
        Kc = K @ c
        val = 0.5 * c @ Kc + eps * np.sum(a + at) - y @ c
        g = np.concatenate([Kc + eps - y, -Kc + eps + y])
        return val, g

    res = optimize.minimize(f, np.zeros(2 * M), jac=True, method="SLSQP", bounds=[(0.0, C)] * (2 * M),
                            options={"ftol": 1e-15, "maxiter": 500})
    return -float(res.fun), res.x[:M] - res.x[M:]


def svr_dual_objective(c: np.ndarray, K: np.ndarray, Y: np.ndarray, eps: float) -> float:
    r"""The ε-SVR dual objective summed over the coordinates.

    .. math:: \textstyle\sum_i -\tfrac12 c_i^\top K c_i - \varepsilon \lVert c_i\rVert_1 + y_i^\top c_i

    ``c``, ``Y``: shape ``(d, M)``; ``K``: shape ``(M, M)``.
    """
    return float(sum(-0.5 * c[i] @ K @ c[i] - eps * np.sum(np.abs(c[i])) + Y[i] @ c[i] for i in range(Y.shape[0])))


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


def count_scores(fn: Callable[[np.ndarray, np.ndarray], Any], Xi: np.ndarray, X: np.ndarray):
    r"""Run ``fn(Xi, X)`` on instrumented NumPy copies and count the scores it computes.

    .. math:: n = \#\{(\mu, n) : \langle\xi_\mu, x_n\rangle \text{ evaluated}\} = \frac{\text{memory-query products}}{d}

    ``Xi``: memories, shape ``(d, M)``; ``X``: queries, shape ``(d, L)``.  Returns
    ``(result, n_scores)``: the number of scalar products between memory and query data that
    ``fn`` evaluated, divided by ``d`` (one score takes ``d`` products).  The count is measured
    where the arithmetic happens, independently of any count the code under test returns.

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
