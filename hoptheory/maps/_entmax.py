"""α-entmax (Tsallis regularisation) for every α >= 1, its Jacobian, threshold and conjugate."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..backend import check_alpha, get_backend, logsumexp
from ._common import from_last, prepare_scores, to_last
from ._softmax import _softmax_last, shannon_negentropy, softmax_jacobian
from ._sparsemax import gini_conjugate, prepare_probabilities, sparsemax_parts, sparsemax_rows
from ._threshold import entmax15_sorted, entmax_bisect_sorted, fix_sum, solve_last, sparse_rows_numpy

__all__ = [
    "entmax",
    "entmax_jacobian",
    "entmax_threshold",
    "margin",
    "support_size",
    "tsallis_conjugate",
    "tsallis_negentropy",
]

_METHODS = ("auto", "sort", "bisect")


def _resolve_method(alpha: float, method: str) -> str:
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}; got {method!r}")
    if method == "sort" and alpha not in (1.5, 2.0):
        raise ValueError(f"method 'sort' (closed form) exists only for alpha = 1.5 and 2; got alpha = {alpha}")
    if method == "auto":
        return "sort" if alpha in (1.5, 2.0) else "bisect"
    return method


def _output_generic(alpha):
    a = alpha - 1.0
    q = 1.0 / a

    def out(xp, u, s):
        return fix_sum(xp, _weights(xp, u, s), alpha)

    def _weights(xp, u, s):
        x = a * (u - s[..., None])
        if q <= 4.0:
            # direct power: relative error about q ulps
            v = xp.clip(1.0 + x, min=0.0)
            if q == 1.0:
                return v
            if q == 2.0:
                return v * v
            return v**q
        # α close to 1: exp(q log1p(x)) keeps full precision where (1 + x)^q would lose q ulps
        valid = x > -1.0
        xs = xp.where(valid, x, xp.zeros_like(x))
        return xp.where(valid, xp.exp(q * xp.log1p(xs)), xp.zeros_like(x))

    return out


def _output_inplace(alpha):
    a = alpha - 1.0
    q = 1.0 / a

    def weights(u, s):
        np.subtract(u, s[:, None], out=u)
        np.multiply(u, a, out=u)
        if q <= 4.0:
            np.add(u, 1.0, out=u)
            np.maximum(u, 0.0, out=u)
            if q == 2.0:
                np.multiply(u, u, out=u)
            elif q != 1.0:
                np.power(u, q, out=u)
            return
        valid = u > -1.0
        xs = np.where(valid, u, 0.0)
        np.log1p(xs, out=xs)
        np.multiply(xs, q, out=xs)
        np.exp(xs, out=xs)
        xs[~valid] = 0.0
        u[...] = xs

    def finish(u, s):
        weights(u, s)
        eps = float(np.finfo(u.dtype).eps)
        bad = np.abs(1.0 - np.sum(u, axis=1)) > 32.0 * eps
        if np.any(bad):
            u[bad] = fix_sum(get_backend("numpy"), u[bad], alpha)

    return finish


def _solver_for(alpha: float, route: str):
    if route == "sort":
        return entmax15_sorted

    def solver(xp_, us):
        return entmax_bisect_sorted(xp_, us, alpha)

    return solver


def entmax_rows(z2, alpha: float, max_share: float = 1.0):
    """α-entmax (α > 1) of the rows of a C-contiguous NumPy ``(n, M)`` block as sparse rows.

    ``(counts, cols, vals)`` as in :func:`hoptheory.maps._threshold.sparse_rows_numpy`, or
    None when the rows are not sparse enough.  Rows whose weights do not sum to one within
    ``32 ε`` get the correction of :func:`hoptheory.maps._threshold.fix_sum`, as the dense
    map does.  No validation: an internal route.
    """
    if alpha == 2.0:
        return sparsemax_rows(z2, max_share)
    nxp = get_backend("numpy")
    a = alpha - 1.0
    q = 1.0 / a

    def weights(u, s):
        # elementwise (u and the offset of each entry's row), as the dense map evaluates them
        x = a * (u - s)
        if q <= 4.0:
            v = np.maximum(1.0 + x, 0.0)
            return v if q == 1.0 else (v * v if q == 2.0 else v**q)
        valid = x > -1.0
        return np.where(valid, np.exp(q * np.log1p(np.where(valid, x, 0.0))), 0.0)

    lam = 1.0 / (alpha - 1.0)
    route = _resolve_method(alpha, "auto")
    rows = sparse_rows_numpy(z2, _solver_for(alpha, route), -2.0 * lam, weights, None, max_share)
    if rows is None:
        return None
    counts, cols, vals = rows
    starts = np.cumsum(counts) - counts
    eps = float(np.finfo(z2.dtype).eps)
    sums = np.add.reduceat(vals, starts)
    for i in np.nonzero(np.abs(1.0 - sums) > 32.0 * eps)[0]:
        seg = slice(int(starts[i]), int(starts[i] + counts[i]))
        vals[seg] = fix_sum(nxp, vals[seg][None, :], alpha)[0]
    return counts, cols, vals


def entmax_parts(xp, zl, alpha: float, method: str = "auto", want_output: bool = True):
    """``(zmax, s, p)`` for α > 1 along the last axis of validated ``zl``.

    ``s`` is the offset of :mod:`hoptheory.maps._threshold`:
    ``p_i = [1 + (α-1)(z_i - zmax - s)]_+^{1/(α-1)}``, ``τ = (α-1)(zmax + s) - 1``.
    """
    route = _resolve_method(alpha, method)
    if route == "sort" and alpha == 2.0:
        zmax, tau_u, p = sparsemax_parts(xp, zl, want_output)
        return zmax, tau_u + 1.0, p
    lam = 1.0 / (alpha - 1.0)
    # the kernel's threshold t (frame (α-1)(z - max)) is the offset s = (1 + t)/(α-1)
    gpu = (2, alpha, lambda t: (1.0 + t) * lam)
    return solve_last(
        xp, zl, _solver_for(alpha, route), -2.0 * lam, _output_generic(alpha), _output_inplace(alpha),
        want_output, gpu=gpu,
    )


def entmax(z: Any, alpha: float, axis: int = -1, *, method: str = "auto"):
    r"""α-entmax: the map of the Tsallis negentropy :math:`\Omega_\alpha`.

    .. math::

        \operatorname{entmax}_\alpha(z)
        = \operatorname*{arg\,max}_{p\in\Delta^M}\langle z,p\rangle - \Omega_\alpha(p),
        \qquad p_i = \bigl[(\alpha-1) z_i - \tau\bigr]_+^{1/(\alpha-1)},
        \quad \sum_i p_i = 1,

    with :math:`\Omega_\alpha(p) = (\sum_i p_i^\alpha - 1)/(\alpha(\alpha-1))` (conventions §3).
    :math:`\alpha = 1` means softmax (the Shannon limit :math:`\alpha\to1`); :math:`\alpha = 2`
    is sparsemax.

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores (float32 or float64), finite, of any namespace.
    alpha : float
        Tsallis index, :math:`\alpha \ge 1` (``ValueError`` for :math:`\alpha < 1`).
    axis : int
        The mapped axis.
    method : {"auto", "sort", "bisect"}, keyword-only
        ``"sort"``: the exact sort-based closed forms (only :math:`\alpha\in\{1.5, 2\}`,
        Peters et al. 2019, Martins & Astudillo 2016); ``"bisect"``: the route for any
        :math:`\alpha`; ``"auto"`` (default) takes ``"sort"`` where it exists.  Both give the
        same map to rounding; the choice exists for cross-checks and benchmarks.

    Returns
    -------
    p : array, shape and dtype of ``z``
        Non-negative, sums to one along ``axis``, exactly zero off the support.

    Notes
    -----
    Generic route: in the frame :math:`u = z - \max z` the support is found by bisection
    over the sorted breakpoints of the threshold, the threshold is then solved on that fixed
    support by a bracketed Newton iteration on
    :math:`\log\sum_{i\in S}[1+(\alpha-1)(u_i-s)]^{1/(\alpha-1)} = 0` to full precision, and
    the support is re-checked against it (and repaired when rounding at the boundary moved
    an entry).  The unknown is the offset :math:`s = (1+\tau)/(\alpha-1) - \max z`, which
    stays of size one as :math:`\alpha\to1` (where it tends to :math:`\operatorname{lse}(u)`);
    weights are evaluated as :math:`\exp(\log1p(\cdot)/(\alpha-1))` there.  On NumPy only
    the entries within the margin :math:`1/(\alpha-1)` of the maximum (the only possible
    support) are gathered and solved on, with a full sort for the slices that have more
    than 256 of them.

    References
    ----------
    .. [1] B. Peters, V. Niculae, A. F. T. Martins, "Sparse sequence-to-sequence models",
       ACL 2019, §2–3 (Alg. for α = 1.5, bisection for general α).
    .. [2] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel–Young losses",
       JMLR 2020, Prop. 9.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([1.2, 0.4, -0.8])
    >>> lo, hi = 0.5 * z.max() - 1.0, 0.5 * z.max()  # bisection on tau for alpha = 1.5
    >>> for _ in range(60):
    ...     tau = 0.5 * (lo + hi)
    ...     lo, hi = (tau, hi) if (np.maximum(0.5 * z - tau, 0.0) ** 2).sum() > 1 else (lo, tau)
    >>> bool(np.allclose(entmax(z, 1.5), np.maximum(0.5 * z - tau, 0.0) ** 2))
    True
    """
    alpha = check_alpha(alpha, allow_one=True)
    xp, z, ax = prepare_scores(z, "z", axis)
    zl = to_last(xp, z, ax)
    if alpha == 1.0:
        return from_last(xp, _softmax_last(xp, zl), ax)
    _, _, p = entmax_parts(xp, zl, alpha, method)
    return from_last(xp, p, ax)


def entmax_threshold(z: Any, alpha: float, axis: int = -1, *, method: str = "auto"):
    r"""Threshold :math:`\tau` of α-entmax, with the mapped axis removed.

    .. math::

        \sum_i \bigl[(\alpha-1) z_i - \tau\bigr]_+^{1/(\alpha-1)} = 1
        \qquad(\text{conventions §3; the entmax library's convention})

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores.
    alpha : float
        :math:`\alpha \ge 1`.  For :math:`\alpha = 1` the limit :math:`\tau = -1` is returned.
    axis : int
        The mapped axis.
    method : {"auto", "sort", "bisect"}, keyword-only
        As in :func:`entmax`.

    Returns
    -------
    tau : array, shape of ``z`` without ``axis``
        :math:`(\alpha-1)\max z - 1 \le \tau < (\alpha-1)\max z`; for :math:`\alpha = 2` it
        equals :func:`sparsemax_threshold`.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([2.0, 1.5, 0.0])
    >>> tau = float(entmax_threshold(z, 3.0))  # p_i = [2 z_i - tau]_+^(1/2) sums to one
    >>> round(float(np.sqrt(np.maximum(2.0 * z - tau, 0.0)).sum()), 12)
    1.0
    """
    alpha = check_alpha(alpha, allow_one=True)
    xp, z, ax = prepare_scores(z, "z", axis)
    zl = to_last(xp, z, ax)
    if alpha == 1.0:
        return xp.full(tuple(zl.shape[:-1]), -1.0, dtype=z.dtype)
    if alpha == 2.0 and method != "bisect":
        zmax, tau_u, _ = sparsemax_parts(xp, zl, want_output=False)
        return zmax + tau_u
    zmax, s, _ = entmax_parts(xp, zl, alpha, method, want_output=False)
    return (alpha - 1.0) * (zmax + s) - 1.0


def support_size(z: Any, alpha: float = 2.0, axis: int = -1):
    r"""Support size :math:`\kappa = \lVert\operatorname{entmax}_\alpha(z)\rVert_0`.

    .. math::

        \kappa(z) = \bigl|\{i : (\alpha-1) z_i > \tau(z)\}\bigr|,
        \qquad\text{sparsemax: }
        \kappa(z) = \max\{k\in[M] : 1 + k z_{(k)} > \textstyle\sum_{j\le k} z_{(j)}\}

    (conventions §2; the inequality is strict, so an entry exactly at the threshold is not
    counted).

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores (pass :math:`\theta = \beta z` for a model's support).
    alpha : float
        :math:`\alpha \ge 1`, default 2 (sparsemax).  For :math:`\alpha = 1` (softmax) the
        support is all of :math:`[M]`.
    axis : int
        The mapped axis (reduced).

    Returns
    -------
    kappa : int64 array, shape of ``z`` without ``axis``
        For sparsemax it equals the number of non-zeros of :func:`sparsemax` exactly.  For
        other α it counts the entries with a positive base
        :math:`1 + (\alpha-1)(z_i - \max z - s)`, which equals the number of non-zeros of
        :func:`entmax` unless a weight underflows (possible only for α close to 1).

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.9, 0.1, 0.4])
    >>> u, k = np.sort(z)[::-1], np.arange(1, 4)
    >>> int(support_size(z)), int(k[1 + k * u > np.cumsum(u)].max())  # kappa of conventions §2
    (2, 2)
    """
    alpha = check_alpha(alpha, allow_one=True)
    xp, z, ax = prepare_scores(z, "z", axis)
    zl = to_last(xp, z, ax)
    if alpha == 1.0:
        return xp.full(tuple(zl.shape[:-1]), zl.shape[-1], dtype=xp.int64)
    if alpha == 2.0:
        zmax, tau_u, _ = sparsemax_parts(xp, zl, want_output=False)
        inside = (zl - zmax[..., None]) > tau_u[..., None]
    else:
        zmax, s, _ = entmax_parts(xp, zl, alpha, "auto", want_output=False)
        inside = (alpha - 1.0) * ((zl - zmax[..., None]) - s[..., None]) > -1.0
    return xp.sum(xp.astype(inside, xp.int64), axis=-1)


def entmax_jacobian(z: Any, alpha: float):
    r"""Jacobian of α-entmax with respect to its argument, along the last axis.

    .. math::

        J(z) = \operatorname{diag}(g) - \frac{g g^\top}{\sum_i g_i},
        \qquad g_i = \begin{cases} p_i^{2-\alpha} & p_i > 0\\ 0 & p_i = 0\end{cases},
        \quad p = \operatorname{entmax}_\alpha(z)

    :math:`\alpha = 1` gives the softmax Jacobian :math:`\operatorname{diag}(p) - pp^\top`,
    :math:`\alpha = 2` the sparsemax Jacobian.

    Parameters
    ----------
    z : array, shape (..., M)
        Real floating scores; the map acts along the last axis.
    alpha : float
        :math:`\alpha \ge 1`.

    Returns
    -------
    J : array, shape (..., M, M)
        Symmetric positive semi-definite, ``J @ 1 = 0``.  Finite wherever its entries are
        floats, also where a weight at the edge of the support has :math:`g_i` beyond the float
        range (large α); ``inf`` only for entries that are themselves beyond it.

    References
    ----------
    .. [1] B. Peters, V. Niculae, A. F. T. Martins, "Sparse sequence-to-sequence models",
       ACL 2019, §3.2 (the backward pass).

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.9, 0.3, 0.2])
    >>> g = np.sqrt(entmax(z, 1.5))  # p^(2 - alpha) on the support
    >>> naive = np.diag(g) - np.outer(g, g) / g.sum()
    >>> bool(np.allclose(entmax_jacobian(z, 1.5), naive))
    True
    """
    alpha = check_alpha(alpha, allow_one=True)
    if alpha == 1.0:
        return softmax_jacobian(z)
    xp, z, _ = prepare_scores(z, "z", -1)
    _, _, p = entmax_parts(xp, z, alpha)
    return _jacobian_of_weights(xp, p, alpha)


def _jacobian_of_weights(xp, p, alpha: float):
    r"""``diag(g) - g gᵀ/Σg`` with ``g = p^{2-α}`` on the support, without overflow.

    The off-diagonal entries are :math:`-g_ig_j/\sum g = -\min(g_i,g_j)\,r_{\max}`, with
    :math:`r = g/\sum g\in[0,1]` of the entry of larger :math:`g`; ``r`` is formed from the
    ratios :math:`(p_i/p_{\mathrm{ref}})^{2-\alpha}\le1` to the entry of largest ``g``.  At
    large α an entry at the edge of the support has ``g`` beyond the float range
    (:math:`p = 10^{-15}` at α = 30: :math:`g = 10^{420}`) while ``J`` stays of the size of
    the other ``g``: ``g`` enters only through the smaller of two, which is a float wherever
    that entry of ``J`` is.  Where both are beyond the range the product is formed in the log
    domain (``inf`` where it exceeds the range itself).  The diagonal is the sum of the
    off-diagonal magnitudes of its row (``J 1 = 0``, no cancellation where one ``g``
    dominates).
    """
    e = 2.0 - alpha
    M = p.shape[-1]
    pos = p > 0.0
    ones = xp.ones_like(p)
    ps = xp.where(pos, p, ones)
    if e < 0.0:  # the largest g is at the smallest weight
        pref = xp.min(xp.where(pos, p, xp.full_like(p, math.inf)), axis=-1, keepdims=True)
    else:
        pref = xp.max(p, axis=-1, keepdims=True)
    w = xp.where(pos, (ps / pref) ** e, xp.zeros_like(p))
    r = w / xp.sum(w, axis=-1, keepdims=True)
    finfo = xp.finfo(p.dtype)
    big = float(finfo.max) / 4.0
    if e < 0.0:
        # p_i^e <= big for p_i >= floor (entries below: g beyond the float range)
        over = pos & (p < math.exp(math.log(big) / e))
    else:
        over = xp.zeros_like(pos)
    g = xp.where(over, xp.full_like(p, big), xp.where(over, ones, ps) ** e)  # no power of an over entry
    g = xp.where(pos, g, xp.zeros_like(p))
    gi, gj = g[..., :, None], g[..., None, :]
    i_small = gi <= gj
    off = xp.where(i_small, gi, gj) * xp.where(i_small, r[..., None, :], r[..., :, None])
    both = over[..., :, None] & over[..., None, :]
    if bool(xp.any(both)):
        logg = e * xp.log(ps)
        rb = xp.where(i_small, r[..., None, :], r[..., :, None])
        ls = xp.minimum(logg[..., :, None], logg[..., None, :]) + xp.log(xp.where(rb > 0.0, rb, xp.ones_like(rb)))
        top = math.log(float(finfo.max))
        huge = xp.where(ls > top, xp.full_like(ls, math.inf), xp.exp(xp.minimum(ls, top)))
        off = xp.where(both, xp.where(rb > 0.0, huge, xp.zeros_like(huge)), off)
    eye = xp.eye(M, dtype=p.dtype) == 1.0
    off = xp.where(eye, xp.zeros_like(off), off)
    diag = xp.sum(off, axis=-1)
    return xp.where(eye, diag[..., :, None], -off)


def gradient_weights(xp, p, alpha: float):
    r"""The weights :math:`g` of the α-entmax Jacobian :math:`\operatorname{diag}(g)-gg^\top/\sum_ig_i`.

    .. math::

        g_i = p_i^{2-\alpha}\ (p_i > 0),\qquad g_i = 0\ (p_i = 0),

    for weights ``p`` of any shape (elementwise).
    """
    pos = p > 0.0
    safe = xp.where(pos, p, xp.ones_like(p))
    return xp.where(pos, safe ** (2.0 - alpha), xp.zeros_like(p))


def tsallis_negentropy(p: Any, alpha: float, axis: int = -1):
    r"""Tsallis negentropy, the regulariser of α-entmax (conventions §3 scaling).

    .. math::

        \Omega_\alpha(p) = \frac{\sum_i p_i^\alpha - 1}{\alpha(\alpha-1)},
        \qquad \Omega_1(p) = \sum_i p_i\log p_i ,\quad
        \Omega_2(p) = \tfrac12(\lVert p\rVert^2 - 1)

    Parameters
    ----------
    p : array, shape (..., M, ...)
        Non-negative weights (``ValueError`` otherwise).
    alpha : float
        :math:`\alpha \ge 1`; α = 1 is the Shannon negentropy.
    axis : int
        The simplex axis (reduced).

    Returns
    -------
    array, shape of ``p`` without ``axis``

    Notes
    -----
    Evaluated as
    :math:`\bigl[\sum_i p_i\,\operatorname{expm1}((\alpha-1)\log p_i) + (\sum_i p_i - 1)\bigr]/(\alpha(\alpha-1))`,
    which is the same formula without the cancellation :math:`\sum_i p_i^\alpha - 1` as
    :math:`\alpha\to1`; :math:`\sum_i p_i - 1` is summed with error-free transformations, so
    the rounding of :math:`\sum_i p_i` (up to :math:`M\varepsilon/2`) is not divided by
    :math:`\alpha(\alpha-1)` (relative error a few ulps at every α).  The extended-value
    regulariser is :math:`+\infty` off the simplex; this function only evaluates the formula
    and does not check :math:`\sum_i p_i = 1` (the second term is the exact contribution of a
    sum different from one).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.7, 0.2, 0.1])
    >>> bool(np.isclose(tsallis_negentropy(p, 1.5), ((p ** 1.5).sum() - 1) / (1.5 * 0.5)))
    True
    """
    alpha = check_alpha(alpha, allow_one=True)
    if alpha == 1.0:
        return shannon_negentropy(p, axis=axis)
    xp, p, ax = prepare_probabilities(p, axis)
    a = alpha - 1.0
    pos = p > 0.0
    safe = xp.where(pos, p, xp.ones_like(p))
    terms = xp.where(pos, p * xp.expm1(a * xp.log(safe)), xp.zeros_like(p))
    return (xp.sum(terms, axis=ax) + _sum_minus_one(xp, to_last(xp, p, ax))) / (alpha * a)


def _sum_minus_one(xp, p):
    r"""``Σ_i p_i - 1`` along the last axis, to a few ulps of the result.

    Pairwise sums with the exact rounding error of each addition (Knuth's TwoSum:
    :math:`s = a + b`, :math:`e = (a - (s - b')) + (b - b')`, :math:`b' = s - a`) accumulated
    separately.  The plain ``sum(p) - 1`` carries the rounding of ``sum(p)``, up to
    :math:`(M-1)\varepsilon/2`, which the Tsallis negentropy divides by :math:`\alpha(\alpha-1)`:
    an absolute error :math:`\approx M\varepsilon/(2\alpha(\alpha-1))`, 50 times its other
    rounding at α = 1.01 (``2e-14`` for ``M = 2``).
    """
    batch = tuple(p.shape[:-1])
    x = xp.concat([p, xp.full(batch + (1,), -1.0, dtype=p.dtype)], axis=-1)
    err = xp.zeros(batch, dtype=p.dtype)
    while x.shape[-1] > 1:
        if x.shape[-1] % 2:
            x = xp.concat([x, xp.zeros(batch + (1,), dtype=p.dtype)], axis=-1)
        pairs = xp.reshape(x, batch + (x.shape[-1] // 2, 2))
        u, v = pairs[..., 0], pairs[..., 1]
        s = u + v
        vv = s - u
        err = err + xp.sum((u - (s - vv)) + (v - vv), axis=-1)
        x = s
    return x[..., 0] + err


def tsallis_conjugate(theta: Any, alpha: float, axis: int = -1):
    r"""Convex conjugate of the Tsallis negentropy on the simplex.

    .. math::

        \Omega_\alpha^\star(\theta) = \max_{p\in\Delta^M}\langle\theta,p\rangle - \Omega_\alpha(p)
        = \frac{\alpha-1}{\alpha}\langle p^\star,\theta\rangle + \frac{1+\tau}{\alpha(\alpha-1)},

    with :math:`p^\star = \operatorname{entmax}_\alpha(\theta)` and :math:`\tau` its threshold
    (conventions §3).  :math:`\alpha = 1` is log-sum-exp, :math:`\alpha = 2` equals
    :func:`gini_conjugate`.

    Parameters
    ----------
    theta : array, shape (..., M, ...)
        Real floating arguments (scaled scores :math:`\beta z`).
    alpha : float
        :math:`\alpha \ge 1`.
    axis : int
        The mapped axis (reduced).

    Returns
    -------
    array, shape of ``theta`` without ``axis``
        Its gradient is ``entmax(theta, alpha)`` (Danskin).

    Notes
    -----
    With :math:`u = \theta - \max\theta` and the offset :math:`s = (1+\tau)/(\alpha-1) - \max\theta`
    the formula reads
    :math:`\max\theta + \bigl((\alpha-1)\langle p^\star, u\rangle + s\bigr)/\alpha`:
    both terms are of size one (:math:`-1 \le (\alpha-1)\langle p^\star,u\rangle \le 0`,
    :math:`0 \le s \le \log M` roughly), so nothing cancels for :math:`\theta = 10^8 z`, and
    :math:`s` is solved for directly, so nothing cancels as :math:`\alpha\to1` either (where
    :math:`s\to\operatorname{lse}(u)`).

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([0.5, 1.0, -0.3])
    >>> p = entmax(theta, 3.0)
    >>> omega = ((p ** 3).sum() - 1) / 6.0  # Omega_3(p)
    >>> bool(np.isclose(tsallis_conjugate(theta, 3.0), p @ theta - omega))  # Fenchel-Young
    True
    """
    alpha = check_alpha(alpha, allow_one=True)
    if alpha == 1.0:
        xp, theta, ax = prepare_scores(theta, "theta", axis)
        return logsumexp(theta, axis=ax)
    if alpha == 2.0:
        return gini_conjugate(theta, axis=axis)
    xp, theta, ax = prepare_scores(theta, "theta", axis)
    zl = to_last(xp, theta, ax)
    zmax, s, _ = entmax_parts(xp, zl, alpha, "auto", want_output=False)
    u = zl - zmax[..., None]
    p = _output_generic(alpha)(xp, u, s)
    inner = xp.sum(p * u, axis=-1)
    return zmax + ((alpha - 1.0) * inner + s) / alpha


def margin(alpha: float) -> float:
    r"""Margin :math:`\lambda_\Omega` of the Tsallis negentropy (conventions §3).

    .. math::

        \lambda_{\Omega_\alpha} = \frac{1}{\alpha-1}\quad(\alpha>1),
        \qquad \lambda_{\Omega_1} = +\infty

    The smallest :math:`\lambda` with
    :math:`\operatorname{entmax}_\alpha(\theta) = e_k` whenever
    :math:`\theta_k - \max_{j\ne k}\theta_j \ge \lambda`; sparsemax (α = 2) has margin 1.

    Parameters
    ----------
    alpha : float
        :math:`\alpha \ge 1`.

    Returns
    -------
    float

    References
    ----------
    .. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel–Young losses",
       JMLR 2020, Prop. 7 and Table 1 (margin written :math:`m` there).

    Examples
    --------
    >>> import numpy as np
    >>> lam = margin(1.5)  # 1 / (alpha - 1)
    >>> p = entmax(np.array([lam, 0.0, -1.0]), 1.5)  # top score ahead by the margin: a vertex
    >>> lam, np.round(p, 12).tolist(), margin(1.0)
    (2.0, [1.0, 0.0, 0.0], inf)
    """
    alpha = check_alpha(alpha, allow_one=True)
    if alpha == 1.0:
        return math.inf
    return 1.0 / (alpha - 1.0)
