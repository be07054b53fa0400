r""":math:`\gamma`-normmax: the map of the norm negentropy :math:`\Omega(p)=\lVert p\rVert_\gamma-1`."""

from __future__ import annotations

from typing import Any

from ._common import from_last, prepare_scores, to_last

__all__ = ["normmax", "normmax_bracket"]

#: bisection halvings: the bracket has width at most 1, so 64 halvings reach the float64 spacing.
_ITERATIONS = 64


def _check_gamma(gamma: float) -> float:
    gamma = float(gamma)
    if not gamma > 1.0:
        raise ValueError(f"normmax needs gamma > 1; got {gamma!r}")
    return gamma


def normmax_bracket(z: Any, gamma: float, axis: int = -1):
    r"""The bisection bracket of the normmax threshold.

    .. math::

        \tau\in\bigl[\max_i z_i-1,\ \max_i z_i-M^{1-\gamma}\bigr],
        \qquad f(\tau)=\sum_i[z_i-\tau]_+^{\gamma/(\gamma-1)}-1,\quad f(\text{low})\ge0\ge f(\text{high}).

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores, finite.
    gamma : float
        :math:`\gamma>1`.
    axis : int
        The axis of length :math:`M`.

    Returns
    -------
    (low, high) : arrays, shape of ``z`` without ``axis``

    References
    ----------
    .. [1] S. Santos et al., "Sparse and Structured Hopfield Networks", ICML 2024; the ``entmax``
       library's normmax bisection.

    Examples
    --------
    >>> import numpy as np
    >>> [float(v) for v in normmax_bracket(np.array([1.0, 0.0]), 2.0)]
    [0.0, 0.5]
    """
    gamma = _check_gamma(gamma)
    xp, z, ax = prepare_scores(z, "z", axis)
    zl = to_last(xp, z, ax)
    top = xp.max(zl, axis=-1)
    M = zl.shape[-1]
    return top - 1.0, top - float(M) ** (1.0 - gamma)


def normmax(z: Any, gamma: float, axis: int = -1):
    r""":math:`\gamma`-normmax.

    .. math::

        \operatorname{normmax}_\gamma(z)=\operatorname*{arg\,max}_{p\in\Delta^M}\langle z,p\rangle-\lVert p\rVert_\gamma,
        \qquad p=\tilde p/\textstyle\sum_i\tilde p_i,\quad \tilde p_i=[z_i-\tau]_+^{1/(\gamma-1)},

    with :math:`\tau` the root of :math:`\sum_i\tilde p_i^{\gamma}=1` (KKT: :math:`\tilde p=p/\lVert p\rVert_\gamma`),
    found by bisection on :func:`normmax_bracket`.  The margin is 1: the output is :math:`e_k` iff
    :math:`z_k-1\ge\max_{j\ne k}z_j`.

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores, finite, of any array namespace.
    gamma : float
        :math:`\gamma>1`.
    axis : int
        The axis of length :math:`M` the map acts along.

    Returns
    -------
    p : array, shape and dtype of ``z``
        Non-negative, sums to one along ``axis``.

    References
    ----------
    .. [1] S. Santos et al., "Sparse and Structured Hopfield Networks", ICML 2024.

    Examples
    --------
    >>> import numpy as np
    >>> normmax(np.array([2.0, 1.0, 0.0]), 2.0)
    array([1., 0., 0.])
    """
    gamma = _check_gamma(gamma)
    xp, z, ax = prepare_scores(z, "z", axis)
    zl = to_last(xp, z, ax)
    lo, hi = normmax_bracket(zl, gamma)
    lo, hi = lo[..., None], hi[..., None]
    e = gamma / (gamma - 1.0)
    for _ in range(_ITERATIONS):
        mid = 0.5 * (lo + hi)
        u = zl - mid
        f = xp.sum(xp.where(u > 0, u, 0.0) ** e, axis=-1, keepdims=True) - 1.0
        lo = xp.where(f >= 0, mid, lo)
        hi = xp.where(f >= 0, hi, mid)
    u = zl - hi
    pt = xp.where(u > 0, u, 0.0) ** (1.0 / (gamma - 1.0))
    p = pt / xp.sum(pt, axis=-1, keepdims=True)
    return from_last(xp, p, ax)
