r"""The :math:`k`-subsets (budget) map: SparseMAP over the :math:`k`-subset polytope."""

from __future__ import annotations

from typing import Any

from ..backend import as_float_array, get_namespace

__all__ = ["budget_bracket", "budget_jacobian", "budget_map"]

#: bisection halvings: reaches the float64 spacing of brackets of width up to 2^10.
_ITERATIONS = 80


def _prepare(z: Any, k: int):
    xp = get_namespace(z)
    z = as_float_array(z, "z", xp=xp, ndim=1)
    M = z.shape[0]
    if not (isinstance(k, int) and 1 <= k <= M):
        raise ValueError(f"k must be an integer in [1, M={M}]; got {k!r}")
    return xp, z, M


def budget_bracket(z: Any, k: int) -> tuple[float, float]:
    r"""The bisection bracket of the budget threshold.

    .. math::

        \tau\in\bigl[\min_i z_i-k/M,\ \max_i z_i-k/M\bigr],\qquad
        g(\tau)=\sum_i\operatorname{clip}(z_i-\tau,0,1)-k,\quad g(\text{low})\ge0\ge g(\text{high}).

    Parameters
    ----------
    z : array, shape (M,)
    k : int
        :math:`1\le k\le M`.

    Returns
    -------
    (low, high) : floats

    Examples
    --------
    >>> import numpy as np
    >>> budget_bracket(np.array([0.0, 1.0, 2.0]), 1)
    (-0.3333333333333333, 1.6666666666666667)
    """
    xp, z, M = _prepare(z, k)
    return float(xp.min(z)) - k / M, float(xp.max(z)) - k / M


def budget_map(z: Any, k: int):
    r""":math:`k`-subsets SparseMAP (budget map).

    .. math::

        \hat y(z)=\operatorname*{arg\,max}_{0\le p\le1,\ \mathbf 1^\top p=k}\langle z,p\rangle-\tfrac12\lVert p\rVert^2
        =\operatorname{clip}(z-\tau,0,1),

    with :math:`\tau` bisected on :func:`budget_bracket` so that :math:`\mathbf 1^\top p=k`.

    Parameters
    ----------
    z : array, shape (M,)
        Real finite scores.
    k : int
        :math:`1\le k\le M`.

    Returns
    -------
    p : array, shape (M,)
        In :math:`[0,1]^M`, summing to k.

    References
    ----------
    .. [1] S. Santos et al., "Sparse and Structured Hopfield Networks", ICML 2024; the ``entmax``
       library's budget bisection.

    Examples
    --------
    >>> import numpy as np
    >>> budget_map(np.array([3.0, 2.0, 0.0]), 2)
    array([1., 1., 0.])
    """
    xp, z, M = _prepare(z, k)
    lo, hi = budget_bracket(z, k)
    for _ in range(_ITERATIONS):
        mid = 0.5 * (lo + hi)
        if float(xp.sum(xp.clip(z - mid, 0.0, 1.0))) >= k:
            lo = mid
        else:
            hi = mid
    return xp.clip(z - 0.5 * (lo + hi), 0.0, 1.0)


def budget_jacobian(z: Any, k: int):
    r"""Jacobian of :func:`budget_map`, away from its kinks.

    .. math::

        \frac{\partial\hat y}{\partial z}=\operatorname{Diag}(s)-\frac{ss^\top}{|A|},\qquad
        A=\{i:0<\hat y_i<1\},\ s=\mathbf 1_A\quad(0\text{ if }A=\varnothing).

    Parameters
    ----------
    z : array, shape (M,)
    k : int

    Returns
    -------
    J : array, shape (M, M)

    Examples
    --------
    >>> import numpy as np
    >>> budget_jacobian(np.array([0.5, 0.2, -3.0]), 1)
    array([[ 0.5, -0.5,  0. ],
           [-0.5,  0.5,  0. ],
           [ 0. ,  0. ,  0. ]])
    """
    xp, z, M = _prepare(z, k)
    p = budget_map(z, k)
    s = xp.astype((p > 0) & (p < 1), z.dtype)
    n = float(xp.sum(s))
    if n == 0:
        return xp.zeros((M, M), dtype=z.dtype)
    return xp.eye(M, dtype=z.dtype) * s[None, :] - s[:, None] * s[None, :] / n
