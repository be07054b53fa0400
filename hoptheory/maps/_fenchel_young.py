r"""Fenchel–Young losses and the threshold form of a separable regulariser's map.

* :func:`fenchel_young_loss`: :math:`L_{\Omega_\alpha}(\theta;y)=\Omega_\alpha^\star(\theta)+\Omega_\alpha(y)-\langle\theta,y\rangle`
  for the Tsallis family (Shannon at :math:`\alpha=1`, Gini at :math:`\alpha=2`);
* :func:`sparsemax_loss`: the sparsemax loss of Martins & Astudillo in its published form;
* :func:`separable_threshold` and :func:`separable_map`: the map
  :math:`\hat y_\Omega(\theta)_i=(g')^{-1}(\max\{\theta_i-\tau,g'(0)\})` of any separable
  negentropy :math:`\Omega(p)=\sum_ig(p_i)`, with :math:`\tau` found by bisection on the bracket
  :math:`[\max_i\theta_i-g'(1),\ \max_i\theta_i-g'(1/M)]`.

Every function acts along one axis of a real floating array of any array-API namespace and
works in the frame :math:`u=\theta-\max\theta` (each object here is invariant, or shifts by the
maximum, under :math:`\theta\mapsto\theta+c\mathbf 1`), so scores of size :math:`10^8` keep their
precision.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from ..backend import as_float_array, get_namespace, tolerance
from ._common import from_last, prepare_scores, take_last, to_last
from ._entmax import tsallis_conjugate, tsallis_negentropy
from ._sparsemax import sparsemax, sparsemax_threshold

__all__ = ["fenchel_young_loss", "separable_map", "separable_threshold", "sparsemax_loss"]

#: Bisection steps when ``n_iter`` is None: the bracket of float64 arguments of size one
#: reaches adjacent floating-point numbers after about 60 halvings; the loop stops earlier
#: once no midpoint differs from both ends.
_MAX_HALVINGS = 2200


def _shifted(theta: Any, name: str, axis: int):
    """``(xp, u, zmax, ax)``: validated scores moved to the last axis and shifted by their maximum."""
    xp, theta, ax = prepare_scores(theta, name, axis)
    tl = to_last(xp, theta, ax)
    zmax = xp.max(tl, axis=-1)
    return xp, tl - zmax[..., None], zmax, ax


def fenchel_young_loss(theta: Any, y: Any, alpha: float, axis: int = -1):
    r"""Fenchel–Young loss of the Tsallis negentropy :math:`\Omega_\alpha`.

    .. math::

        L_{\Omega_\alpha}(\theta;y) = \Omega_\alpha^\star(\theta) + \Omega_\alpha(y) - \langle\theta,y\rangle ,
        \qquad y\in\Delta^M ,

    with :math:`\Omega_\alpha(p)=(\sum_ip_i^\alpha-1)/(\alpha(\alpha-1))` (conventions §3), the Shannon
    negentropy at :math:`\alpha=1` and :math:`\tfrac12(\lVert p\rVert^2-1)` at :math:`\alpha=2`.
    It is non-negative (the Fenchel–Young inequality), zero iff
    :math:`y=\operatorname{entmax}_\alpha(\theta)`, convex in :math:`\theta`, and
    :math:`\nabla_\theta L=\operatorname{entmax}_\alpha(\theta)-y`.

    Parameters
    ----------
    theta : array, shape (..., M, ...)
        Real floating scores, finite, of any namespace.
    y : array, shape of ``theta``
        Target weights on the simplex along ``axis`` (non-negative, summing to one within the
        dtype's ``"loose"`` tolerance; ``ValueError`` otherwise), e.g. a one-hot :math:`e_k`.
    alpha : float
        Tsallis index :math:`\alpha\ge1`.
    axis : int
        The simplex axis (reduced).

    Returns
    -------
    array, shape of ``theta`` without ``axis``

    Notes
    -----
    On the simplex the loss is invariant under :math:`\theta\mapsto\theta+c\mathbf 1`; it is
    evaluated at :math:`u=\theta-\max\theta`, where the conjugate is of size one.  In this
    scaling :math:`\Omega_\alpha(e_k)=0`, so :math:`L(\theta;e_k)=\Omega_\alpha^\star(\theta)-\theta_k`.

    References
    ----------
    .. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel–Young losses",
       JMLR 21 (2020), Def. 2 and Prop. 2.

    Examples
    --------
    >>> import numpy as np
    >>> float(fenchel_young_loss(np.array([0.0, 2.0, -1.0]), np.array([0.0, 1.0, 0.0]), 2.0))
    0.0
    """
    xp, u, _, ax = _shifted(theta, "theta", axis)
    y = as_float_array(y, "y")
    get_namespace(u, y)  # TypeError for arrays of two namespaces
    if y.ndim != u.ndim:
        raise ValueError(f"y must have the shape of theta; got {y.ndim} dimension(s), expected {u.ndim}")
    yl = to_last(xp, y, ax)
    if tuple(yl.shape) != tuple(u.shape):
        raise ValueError("y must have the shape of theta")
    if float(xp.min(yl)) < 0.0:
        raise ValueError("y must be entrywise non-negative (a point of the simplex)")
    off = float(xp.max(xp.abs(xp.sum(yl, axis=-1) - 1.0)))
    if off > tolerance(f"float{xp.finfo(y.dtype).bits}", "loose").atol:
        raise ValueError(f"y must sum to one along axis {axis} (a point of the simplex); off by {off:.3g}")
    conj = tsallis_conjugate(u, alpha, axis=-1)
    neg = tsallis_negentropy(yl, alpha, axis=-1)
    return conj + neg - xp.sum(u * yl, axis=-1)


def sparsemax_loss(z: Any, k: Any, axis: int = -1):
    r"""Sparsemax loss of the label :math:`k`.

    .. math::

        L(z;k) = -z_k + \tfrac12\sum_{j\in S(z)}\bigl(z_j^2-\tau(z)^2\bigr) + \tfrac12 ,

    with :math:`S(z)` the support of :math:`\operatorname{sparsemax}(z)` and :math:`\tau(z)` its
    threshold.  It is the Fenchel–Young loss of :math:`\Omega(p)=\tfrac12\lVert p\rVert^2-\tfrac12`
    at :math:`y=e_k`, and :math:`\nabla_zL=\operatorname{sparsemax}(z)-e_k`.

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores.
    k : int or integer array of the shape of ``z`` without ``axis``
        The label(s), in :math:`[0, M)`.
    axis : int
        The mapped axis (reduced).

    Returns
    -------
    array, shape of ``z`` without ``axis``

    Notes
    -----
    The published sum subtracts numbers of size :math:`\lVert z\rVert^2`.  On the support
    :math:`z_j=p_j+\tau`, so :math:`\tfrac12\sum_{j\in S}(z_j^2-\tau^2)=\tau+\tfrac12\lVert p\rVert^2`,
    and the loss is invariant under :math:`z\mapsto z+c\mathbf 1`; it is evaluated as
    :math:`-u_k+\tau_u+\tfrac12(\lVert p\rVert^2+1)` with :math:`u=z-\max z` and
    :math:`\tau_u\in[-1,0)` the threshold of :math:`u`.

    References
    ----------
    .. [1] A. F. T. Martins and R. F. Astudillo, "From softmax to sparsemax", ICML 2016, eq. (17).

    Examples
    --------
    >>> import numpy as np
    >>> float(sparsemax_loss(np.array([1.0, 0.5, -1.0]), 1))  # p = (3/4, 1/4, 0), tau = 1/4
    0.5625
    """
    xp, u, _, _ = _shifted(z, "z", axis)
    M = u.shape[-1]
    batch = tuple(u.shape[:-1])
    if isinstance(k, bool):
        raise TypeError("k must be an integer label")
    if isinstance(k, int):
        kk = xp.full(batch, k, dtype=xp.int64)
    else:
        kk = xp.asarray(k)
        if tuple(kk.shape) != batch or not xp.isdtype(kk.dtype, "integral"):
            raise ValueError(f"k must be an integer array of shape {batch}; got {tuple(kk.shape)}, {kk.dtype}")
    if kk.ndim == 0:
        lo, hi = int(kk), int(kk)
    else:
        lo, hi = (int(xp.min(kk)), int(xp.max(kk))) if math.prod(batch) else (0, 0)
    if lo < 0 or hi >= M:
        raise ValueError(f"labels must lie in [0, {M}); got values in [{lo}, {hi}]")
    p = sparsemax(u, axis=-1)
    tau_u = sparsemax_threshold(u, axis=-1)
    u_k = take_last(xp, u, kk)
    return -u_k + (tau_u + 0.5 * (xp.sum(p * p, axis=-1) + 1.0))


def _check_n_iter(n_iter):
    if n_iter is not None and (isinstance(n_iter, bool) or not isinstance(n_iter, int) or n_iter < 0):
        raise ValueError(f"n_iter must be a non-negative integer or None; got {n_iter!r}")


def _bracket_bisection(xp, u, dg, dg_inverse, dg_zero, n_iter):
    """Left end of the bisection bracket of the threshold of ``u`` (``max u = 0``), batch shape."""
    M = u.shape[-1]
    batch = tuple(u.shape[:-1])
    ends = dg(xp.asarray([1.0, 1.0 / M], dtype=u.dtype))
    lo = xp.full(batch, -float(ends[0]), dtype=u.dtype)
    hi = xp.full(batch, -float(ends[1]), dtype=u.dtype)
    link = _linker(xp, u, dg_inverse, dg_zero)
    steps = _MAX_HALVINGS if n_iter is None else n_iter
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        if n_iter is None and not bool(xp.any((mid > lo) & (mid < hi))):
            break
        above = xp.sum(link(u - mid[..., None]), axis=-1) >= 1.0
        lo = xp.where(above, mid, lo)
        hi = xp.where(above, hi, mid)
    return lo


def _linker(xp, like, dg_inverse, dg_zero):
    r"""``s -> (g')^{-1}(max(s, g'(0)))`` elementwise, exactly 0 where ``s <= g'(0)``.

    The clipped entries are set to 0 rather than evaluated: :math:`(g')^{-1}(g'(0))` rounds to
    a tiny positive base, which a root (:math:`\alpha>2`: :math:`b^{1/(\alpha-1)}`) would turn
    into a weight of order :math:`\sqrt\varepsilon` per entry.
    """
    if dg_zero == -math.inf:
        return dg_inverse
    floor = xp.full_like(like, dg_zero)
    zero = xp.zeros_like(like)

    def link(s):
        return xp.where(s > floor, dg_inverse(xp.maximum(s, floor)), zero)

    return link


def separable_threshold(theta: Any, dg: Callable[[Any], Any], dg_inverse: Callable[[Any], Any], *,
                        dg_zero: float = -math.inf, n_iter: int | None = None, axis: int = -1):
    r"""Threshold of the map of a separable negentropy, by bisection on its bracket.

    .. math::

        \sum_{i=1}^M (g')^{-1}\bigl(\max\{\theta_i-\tau,\ g'(0)\}\bigr) = 1 ,\qquad
        \tau\in\bigl[\max_i\theta_i-g'(1),\ \max_i\theta_i-g'(1/M)\bigr],

    for :math:`\Omega(p)=\sum_ig(p_i)` with :math:`g` strictly convex and differentiable on
    :math:`(0,1]`.  The left side decreases in :math:`\tau`; at the left end of the bracket the
    top coordinate is :math:`1`, at the right end every coordinate is at most :math:`1/M`.

    Parameters
    ----------
    theta : array, shape (..., M, ...)
        Real floating scores.
    dg, dg_inverse : callable
        :math:`g'` and its inverse :math:`(g')^{-1}` (from :math:`[g'(0),g'(1)]` onto :math:`[0,1]`),
        elementwise on arrays of the namespace of ``theta``.
    dg_zero : float
        :math:`g'(0^+)`, finite for a sparse map, :math:`-\infty` (default) otherwise (Shannon).
    n_iter : int, optional
        Number of halvings :math:`k`.  ``None`` halves until the bracket holds adjacent
        floating-point numbers.
    axis : int
        The mapped axis (reduced).

    Returns
    -------
    tau : array, shape of ``theta`` without ``axis``
        The left end :math:`\tau_k` of the bracket after :math:`k` halvings:
        :math:`\tau_k\le\tau\le\tau_k+(g'(1)-g'(1/M))/2^k`, and the normalisation sum at
        :math:`\tau_k` is at least one.  The bisection runs on :math:`\theta-\max\theta`.

    References
    ----------
    .. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel–Young losses",
       JMLR 21 (2020), Prop. 5 and Alg. 1 (bisection).

    Examples
    --------
    >>> import numpy as np
    >>> gini = dict(dg=lambda t: t - 0.5, dg_inverse=lambda s: s + 0.5, dg_zero=-0.5)
    >>> float(separable_threshold(np.array([1.0, 0.5, -1.0]), **gini))  # the sparsemax tau 1/4, minus g'(0)
    0.75
    """
    _check_n_iter(n_iter)
    xp, u, zmax, _ = _shifted(theta, "theta", axis)
    return zmax + _bracket_bisection(xp, u, dg, dg_inverse, dg_zero, n_iter)


def separable_map(theta: Any, dg: Callable[[Any], Any], dg_inverse: Callable[[Any], Any], *,
                  dg_zero: float = -math.inf, n_iter: int | None = None, axis: int = -1):
    r"""Regularised prediction map of a separable negentropy, in threshold form.

    .. math::

        \hat y_\Omega(\theta)_i = (g')^{-1}\bigl(\max\{\theta_i-\tau,\ g'(0)\}\bigr),
        \qquad \hat y_\Omega(\theta)=\operatorname*{arg\,max}_{p\in\Delta^M}\langle\theta,p\rangle-\sum_ig(p_i),

    with :math:`\tau` of :func:`separable_threshold`.

    Parameters
    ----------
    theta, dg, dg_inverse, dg_zero, n_iter, axis
        As in :func:`separable_threshold`.

    Returns
    -------
    p : array, shape and dtype of ``theta``
        Non-negative; exactly zero where :math:`\theta_i-\tau\le g'(0)`.  The weights are not
        renormalised: after ``n_iter`` halvings their sum is at least one.

    Examples
    --------
    >>> import numpy as np
    >>> gini = dict(dg=lambda t: t - 0.5, dg_inverse=lambda s: s + 0.5, dg_zero=-0.5)
    >>> separable_map(np.array([1.0, 0.5, -1.0]), **gini)
    array([0.75, 0.25, 0.  ])
    """
    _check_n_iter(n_iter)
    xp, u, _, ax = _shifted(theta, "theta", axis)
    t = _bracket_bisection(xp, u, dg, dg_inverse, dg_zero, n_iter)
    return from_last(xp, _linker(xp, u, dg_inverse, dg_zero)(u - t[..., None]), ax)
