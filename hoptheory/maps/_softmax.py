"""Softmax and its relatives: masked and top-k softmax, the Jacobian, Shannon companions."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ..backend import get_namespace, logsumexp
from . import _cuda
from ._common import chunk_rows, from_last, is_numpy, prepare_scores, to_last
from ._sparsemax import prepare_probabilities

__all__ = [
    "masked_softmax",
    "shannon_conjugate",
    "shannon_negentropy",
    "softmax",
    "softmax_jacobian",
    "topk_softmax",
]


def _softmax_last(xp, zl):
    """Softmax along the last axis of validated ``zl`` (max-shifted: no term overflows)."""
    if is_numpy(xp):
        M = zl.shape[-1]
        z2 = np.reshape(zl, (-1, M))
        out = np.empty(z2.shape, dtype=z2.dtype)
        rows = chunk_rows(M)
        for start in range(0, z2.shape[0], rows):
            stop = min(z2.shape[0], start + rows)
            oc = out[start:stop]
            zc = z2[start:stop]
            np.subtract(zc, np.max(zc, axis=1)[:, None], out=oc)
            np.exp(oc, out=oc)
            oc /= np.sum(oc, axis=1)[:, None]
        return np.reshape(out, tuple(zl.shape))
    if _cuda.usable(xp):
        M = zl.shape[-1]
        return xp.reshape(_cuda.map_rows(xp.reshape(zl, (-1, M)), 0)[2], tuple(zl.shape))
    e = xp.exp(zl - xp.max(zl, axis=-1, keepdims=True))
    return e / xp.sum(e, axis=-1, keepdims=True)


def softmax(z: Any, axis: int = -1):
    r"""Softmax: the map of the Shannon negentropy.

    .. math::

        \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
        = \operatorname*{arg\,max}_{p\in\Delta^M}\langle z,p\rangle - \sum_i p_i\log p_i

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores (float32 or float64), finite, of any namespace.
    axis : int
        The mapped axis of length :math:`M`.

    Returns
    -------
    p : array, shape and dtype of ``z``
        Positive (up to underflow of :math:`e^{z_i - \max z}`), sums to one along ``axis``.

    Notes
    -----
    The maximum is subtracted before exponentiating, so no term overflows and at least one
    term is exactly one: finite for ``z * 1e8`` and ``z * 1e-8``.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([1.0, 2.0, 0.5])
    >>> bool(np.allclose(softmax(z), np.exp(z) / np.exp(z).sum()))
    True
    """
    xp, z, ax = prepare_scores(z, "z", axis)
    return from_last(xp, _softmax_last(xp, to_last(xp, z, ax)), ax)


def _check_mask(xp, mask, shape):
    if not hasattr(mask, "dtype"):
        raise TypeError(f"mask must be a boolean array; got {type(mask).__name__}")
    get_namespace(xp.zeros(1), mask)  # TypeError when mask is of another namespace than z
    if mask.dtype != xp.bool:
        raise TypeError(f"mask must have the boolean dtype; got {mask.dtype}")
    try:
        return xp.broadcast_to(mask, shape)
    except (ValueError, TypeError, RuntimeError) as exc:
        raise ValueError(
            f"mask of shape {tuple(mask.shape)} does not broadcast to z of shape {tuple(shape)}"
        ) from exc


def masked_softmax(z: Any, mask: Any, axis: int = -1):
    r"""Softmax restricted to the entries selected by a mask.

    .. math::

        p_i = \frac{[i\in A]\,e^{z_i}}{\sum_{j\in A} e^{z_j}},
        \qquad A = \{i : \mathrm{mask}_i\}

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores; every entry must be finite, masked or not.
    mask : boolean array, broadcastable to ``z``
        True for the entries kept.
    axis : int
        The mapped axis.

    Returns
    -------
    p : array, shape and dtype of ``z``
        Exactly zero where ``mask`` is False; softmax of the kept entries elsewhere.

    Raises
    ------
    ValueError
        If a slice along ``axis`` keeps no entry (its softmax is undefined), or ``mask`` does
        not broadcast to ``z``.
    TypeError
        If ``mask`` is not boolean.

    Examples
    --------
    >>> import numpy as np
    >>> z, keep = np.array([0.3, -1.0, 2.0]), np.array([True, False, True])
    >>> e = np.where(keep, np.exp(z), 0.0)  # excluded entries: weight 0
    >>> p = masked_softmax(z, keep)
    >>> float(p[1]), bool(np.allclose(p, e / e.sum()))
    (0.0, True)
    """
    xp, z, ax = prepare_scores(z, "z", axis)
    mask = _check_mask(xp, mask, tuple(z.shape))
    zl = to_last(xp, z, ax)
    ml = to_last(xp, mask, ax)
    if not bool(xp.all(xp.any(ml, axis=-1))):
        raise ValueError(
            f"mask selects no entry in some slice along axis {ax} (z of shape {tuple(z.shape)}); "
            f"the softmax of an empty set is undefined"
        )
    neg_inf = xp.full_like(zl, -math.inf)
    kept = xp.where(ml, zl, neg_inf)
    top = xp.max(kept, axis=-1, keepdims=True)
    # exp(-inf) = 0 exactly: excluded entries get weight exactly 0, without overflow
    e = xp.exp(xp.where(ml, zl - top, neg_inf))
    p = e / xp.sum(e, axis=-1, keepdims=True)
    return from_last(xp, p, ax)


def topk_softmax(z: Any, k: int, axis: int = -1):
    r"""Softmax restricted to the :math:`k` largest scores.

    .. math::

        p_i = \frac{[i\in A_k]\,e^{z_i}}{\sum_{j\in A_k} e^{z_j}},
        \qquad A_k = \{\text{indices of } z_{(1)},\dots,z_{(k)}\}

    Ties are broken stably by index (conventions §2): among equal scores the lower index
    is taken first, so :math:`|A_k| = k` exactly.

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores.
    k : int
        Number of kept entries, :math:`1 \le k \le M`.
    axis : int
        The mapped axis.

    Returns
    -------
    p : array, shape and dtype of ``z``
        Exactly :math:`k` entries of each slice can be non-zero; the others are exactly 0.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.1, 1.5, -0.3, 0.9])
    >>> top = np.exp(z[[1, 3]]) / np.exp(z[[1, 3]]).sum()  # the two largest scores
    >>> p = topk_softmax(z, 2)
    >>> p[[0, 2]].tolist(), bool(np.allclose(p[[1, 3]], top))
    ([0.0, 0.0], True)
    """
    xp, z, ax = prepare_scores(z, "z", axis)
    M = z.shape[ax]
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"k must be an integer; got {k!r}")
    k = int(k)
    if not 1 <= k <= M:
        raise ValueError(f"k must satisfy 1 <= k <= M = {M}; got k = {k}")
    zl = to_last(xp, z, ax)
    # ascending stable argsort of -z = descending order with lower index first among ties
    order = xp.argsort(-zl, axis=-1, stable=True)
    rank = xp.argsort(order, axis=-1)  # inverse permutation: rank of each entry
    return masked_softmax(z, from_last(xp, rank < k, ax), axis=ax)


def softmax_jacobian(z: Any):
    r"""Jacobian of softmax with respect to its argument, along the last axis.

    .. math::

        J(z) = \frac{\partial\,\operatorname{softmax}(z)}{\partial z}
        = \operatorname{diag}(p) - p p^\top, \qquad p = \operatorname{softmax}(z)

    Parameters
    ----------
    z : array, shape (..., M)
        Real floating scores; the map acts along the last axis.

    Returns
    -------
    J : array, shape (..., M, M)
        Symmetric positive semi-definite, ``J @ 1 = 0``.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.2, -0.4, 1.0])
    >>> p = np.exp(z) / np.exp(z).sum()
    >>> bool(np.allclose(softmax_jacobian(z), np.diag(p) - np.outer(p, p)))
    True
    """
    xp, z, _ = prepare_scores(z, "z", -1)
    p = _softmax_last(xp, z)
    eye = xp.eye(z.shape[-1], dtype=z.dtype)
    return p[..., :, None] * eye - p[..., :, None] * p[..., None, :]


def shannon_negentropy(p: Any, axis: int = -1):
    r"""Shannon negentropy, the regulariser of softmax.

    .. math::

        \Omega_1(p) = \sum_i p_i \log p_i, \qquad 0\log 0 = 0

    Parameters
    ----------
    p : array, shape (..., M, ...)
        Entrywise non-negative (a negative entry raises ``ValueError``); the sum along
        ``axis`` is not checked, the formula is evaluated as written (the extended-value
        regulariser would be :math:`+\infty` off the simplex).
    axis : int
        The simplex axis, reduced in the result.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.5, 0.25, 0.25, 0.0])  # 0 log 0 = 0
    >>> round(float(shannon_negentropy(p)), 12) == round(float(0.5 * np.log(0.5) + 0.5 * np.log(0.25)), 12)
    True
    """
    xp, p, ax = prepare_probabilities(p, axis)
    pos = p > 0.0
    safe = xp.where(pos, p, xp.ones_like(p))
    return xp.sum(xp.where(pos, p * xp.log(safe), xp.zeros_like(p)), axis=ax)


def shannon_conjugate(theta: Any, axis: int = -1):
    r"""Convex conjugate of the Shannon negentropy on the simplex: log-sum-exp.

    .. math::

        \Omega_1^\star(\theta) = \max_{p\in\Delta^M}\langle\theta,p\rangle - \sum_i p_i\log p_i
        = \log\sum_i e^{\theta_i}

    Parameters
    ----------
    theta : array, shape (..., M, ...)
        Real floating arguments (scaled scores :math:`\beta z`).
    axis : int
        The mapped axis (reduced).

    Returns
    -------
    array, shape of ``theta`` without ``axis``
        Its gradient is ``softmax(theta)`` (Danskin).

    Notes
    -----
    Evaluated as :math:`\max\theta + \log\sum_i e^{\theta_i - \max\theta}`: no overflow,
    and the logarithm's argument lies in :math:`[1, M]`.

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([3.0, -1.0, 0.5])
    >>> lse = np.log(np.sum(np.exp(theta)))
    >>> print(f"{float(shannon_conjugate(theta)):.12f} {lse:.12f}")
    3.095674329414 3.095674329414
    """
    xp, theta, ax = prepare_scores(theta, "theta", axis)
    return logsumexp(theta, axis=ax)
