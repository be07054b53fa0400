"""Sparsemax: the Euclidean projection onto the probability simplex, and its Gini companions."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..backend import as_float_array, get_namespace
from ._common import from_last, normalize_axis, prepare_scores, to_last
from ._threshold import solve_last, sparse_rows_numpy, sparsemax_exact_rows, sparsemax_sorted

__all__ = [
    "gini_conjugate",
    "gini_negentropy",
    "sparsemax",
    "sparsemax_jacobian",
    "sparsemax_threshold",
]

# entries with u = z - max(z) <= -1 are never in the support; clamp the candidates at -2
_CLAMP = -2.0


def _output_generic(xp, u, tau):
    return xp.clip(u - tau[..., None], min=0.0)


def _output_inplace(u, tau):
    np.subtract(u, tau[:, None], out=u)
    np.maximum(u, 0.0, out=u)


def sparsemax_parts(xp, zl, want_output: bool = True):
    """``(zmax, tau_u, p)`` of every slice along the last axis of validated ``zl``.

    ``tau_u`` is the threshold in the shifted frame ``u = z - max(z)``; the threshold of
    :func:`sparsemax_threshold` is ``zmax + tau_u``.
    """
    return solve_last(
        xp, zl, sparsemax_sorted, _CLAMP, _output_generic, _output_inplace, want_output,
        sparsemax_exact_rows, gpu=(1, 2.0, lambda t: t),
    )


def sparsemax_rows(z2, max_share: float = 1.0):
    """Sparsemax of the rows of a C-contiguous NumPy ``(n, M)`` block as sparse rows.

    ``(counts, cols, vals)`` as in :func:`hoptheory.maps._threshold.sparse_rows_numpy`, or
    None when the rows are not sparse enough.  No validation: an internal route.
    """
    def weights(u, tau):
        return np.maximum(u - tau, 0.0)

    return sparse_rows_numpy(z2, sparsemax_sorted, _CLAMP, weights, sparsemax_exact_rows, max_share)


def sparsemax(z: Any, axis: int = -1):
    r"""Sparsemax: the Euclidean projection of the scores onto the probability simplex.

    .. math::

        \operatorname{sparsemax}(z) = \operatorname*{arg\,min}_{p\in\Delta^M}\lVert p - z\rVert^2
        = \operatorname*{arg\,max}_{p\in\Delta^M}\langle z, p\rangle - \tfrac12(\lVert p\rVert^2 - 1),
        \qquad p_i = [z_i - \tau(z)]_+ ,

    with :math:`\tau(z) = (\sum_{j\le\kappa} z_{(j)} - 1)/\kappa` and
    :math:`\kappa = \max\{k : 1 + k z_{(k)} > \sum_{j\le k} z_{(j)}\}` (conventions §2–3).

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores (float32 or float64), finite, of any namespace.
    axis : int
        The axis of length :math:`M` the map acts along (models pass ``axis=0`` on
        ``(M, N)`` score blocks).

    Returns
    -------
    p : array, shape of ``z``, dtype of ``z``
        Non-negative, sums to one along ``axis``; exactly zero off the support.

    Notes
    -----
    Exact (no iteration to a tolerance): the threshold is computed from the sorted top
    entries, in the frame shifted by the maximum (so ``z * 1e8`` keeps full relative
    precision), ties included; slices where a support comparison is within rounding of a
    tie are decided in rational arithmetic, so an entry exactly at the threshold gets
    exactly 0 (``sparsemax([0.1, 0.9, 0.3])`` has support size 2).  On NumPy only the
    entries within 1 of the maximum (the only possible support) are gathered, by one
    comparison pass, and sorted; other namespaces sort each slice (CuPy on a GPU runs one
    kernel per slice).

    References
    ----------
    .. [1] A. F. T. Martins and R. F. Astudillo, "From softmax to sparsemax", ICML 2016, Alg. 1.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([1.0, 0.5, -1.0])
    >>> u, k = np.sort(z)[::-1], np.arange(1, z.size + 1)  # sorted scores z_(k)
    >>> kappa = k[1 + k * u > np.cumsum(u)].max()
    >>> tau = (u[:kappa].sum() - 1) / kappa
    >>> print(sparsemax(z), np.maximum(z - tau, 0.0))
    [0.75 0.25 0.  ] [0.75 0.25 0.  ]
    """
    xp, z, ax = prepare_scores(z, "z", axis)
    _, _, p = sparsemax_parts(xp, to_last(xp, z, ax))
    return from_last(xp, p, ax)


def sparsemax_threshold(z: Any, axis: int = -1):
    r"""Threshold :math:`\tau(z)` of sparsemax, with the mapped axis removed.

    .. math::

        \sum_i [z_i - \tau]_+ = 1, \qquad
        \tau(z) = \frac{\sum_{j\le\kappa} z_{(j)} - 1}{\kappa}
        \quad(\text{conventions §3}).

    Parameters
    ----------
    z : array, shape (..., M, ...)
        Real floating scores.
    axis : int
        The mapped axis.

    Returns
    -------
    tau : array, shape of ``z`` without ``axis``
        :math:`\max z - 1 \le \tau < \max z`; ``sparsemax(z) = max(z - tau, 0)``.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.8, 0.1, 0.6])  # support {0, 2}: tau = (0.8 + 0.6 - 1) / 2
    >>> tau = float(sparsemax_threshold(z))
    >>> round(tau, 12), round(float(np.maximum(z - tau, 0.0).sum()), 12)
    (0.2, 1.0)
    """
    xp, z, ax = prepare_scores(z, "z", axis)
    zmax, tau_u, _ = sparsemax_parts(xp, to_last(xp, z, ax), want_output=False)
    return zmax + tau_u


def sparsemax_jacobian(z: Any):
    r"""Jacobian of sparsemax with respect to its argument, along the last axis.

    .. math::

        J(z) = \frac{\partial\,\operatorname{sparsemax}(z)}{\partial z}
        = \operatorname{diag}(s) - \frac{s s^\top}{\lvert S\rvert},
        \qquad s_i = [\,i\in S(z)\,],

    with :math:`S(z)` the support of :math:`\operatorname{sparsemax}(z)`.

    Parameters
    ----------
    z : array, shape (..., M)
        Real floating scores, mapped along the last axis.

    Returns
    -------
    J : array, shape (..., M, M)
        Symmetric, positive semi-definite, ``J @ 1 = 0``; the derivative wherever
        sparsemax is differentiable (no entry exactly at the threshold); at such a point it is
        one element of the generalised (Clarke) Jacobian.

    References
    ----------
    .. [1] A. F. T. Martins and R. F. Astudillo, "From softmax to sparsemax", ICML 2016, eq. (12).

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([[0.9, 0.7, -1.0]])
    >>> on = (sparsemax(z) > 0).astype(float)  # the indicator of the support S
    >>> J = sparsemax_jacobian(z)
    >>> J.shape, bool(np.allclose(J[0], np.diag(on[0]) - np.outer(on[0], on[0]) / on.sum()))
    ((1, 3, 3), True)
    """
    xp, z, _ = prepare_scores(z, "z", -1)
    _, _, p = sparsemax_parts(xp, z)
    s = xp.astype(p > 0.0, z.dtype)
    size = xp.sum(s, axis=-1)
    eye = xp.eye(z.shape[-1], dtype=z.dtype)
    return s[..., :, None] * eye - (s[..., :, None] * s[..., None, :]) / size[..., None, None]


# --------------------------------------------------------------------------- Gini


def prepare_probabilities(p: Any, axis: Any):
    """Validate a weight array for the negentropies: finite, non-negative, at least 1-d."""
    p = as_float_array(p, "p")
    xp = get_namespace(p)
    if p.ndim == 0:
        raise ValueError("p must have at least one dimension (the simplex axis); got shape ()")
    axis = normalize_axis(axis, p.ndim)
    low = float(xp.min(p))
    if low < 0.0:
        raise ValueError(
            f"p must be entrywise non-negative (a point of the non-negative orthant); smallest "
            f"entry {low!r} (shape {tuple(p.shape)})"
        )
    return xp, p, axis


def gini_negentropy(p: Any, axis: int = -1):
    r"""Gini negentropy (Tsallis α = 2), the regulariser of sparsemax.

    .. math::

        \Omega_2(p) = \tfrac12\bigl(\lVert p\rVert^2 - 1\bigr)

    ``p`` and ``axis`` are as in :func:`tsallis_negentropy` (non-negative weights, the simplex
    axis), which equals this function at :math:`\alpha = 2`; the axis is reduced.

    Examples
    --------
    >>> import numpy as np
    >>> round(float(gini_negentropy(np.array([0.6, 0.4, 0.0]))), 12)  # (0.36 + 0.16 - 1) / 2
    -0.24
    """
    xp, p, ax = prepare_probabilities(p, axis)
    return 0.5 * (xp.sum(p * p, axis=ax) - 1.0)


def gini_conjugate(theta: Any, axis: int = -1):
    r"""Convex conjugate of the Gini negentropy (the sparsemax "log-sum-exp").

    .. math::

        \Omega_2^\star(\theta) = \max_{p\in\Delta^M}\langle\theta,p\rangle - \Omega_2(p)
        = \tfrac12\lVert\theta\rVert^2 - \tfrac12\lVert\operatorname{sparsemax}(\theta)-\theta\rVert^2
          + \tfrac12
        = \tau(\theta) + \tfrac12\bigl(\lVert p^\star\rVert^2 + 1\bigr),

    with :math:`p^\star = \operatorname{sparsemax}(\theta)` and :math:`\tau` its threshold.

    Parameters
    ----------
    theta, axis
        The arguments (scaled scores :math:`\beta z`, real floating, shape ``(..., M, ...)``)
        and the mapped axis, which the result lacks; its gradient is ``sparsemax(theta)``
        (Danskin).

    Notes
    -----
    The published form subtracts two numbers of size :math:`\lVert\theta\rVert^2`, which
    loses every digit for :math:`\theta = 10^8 z`.  On the support
    :math:`\theta_i = p_i + \tau`, so the conjugate equals
    :math:`\tau + \tfrac12(\lVert p\rVert^2 + 1)`; it is evaluated as
    :math:`\max\theta + \bigl(\tau_u + \tfrac12(\lVert p\rVert^2+1)\bigr)` with the threshold
    :math:`\tau_u\in[-1,0)` of :math:`\theta - \max\theta`, a sum of terms of size one.

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([0.4, 1.1, -0.2])
    >>> gap = sparsemax(theta) - theta
    >>> published = 0.5 * theta @ theta - 0.5 * gap @ gap + 0.5
    >>> bool(np.isclose(gini_conjugate(theta), published))
    True
    """
    xp, theta, ax = prepare_scores(theta, "theta", axis)
    zmax, tau_u, p = sparsemax_parts(xp, to_last(xp, theta, ax))
    return zmax + (tau_u + 0.5 * (xp.sum(p * p, axis=-1) + 1.0))
