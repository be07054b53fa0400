"""Geometric quantities of a pattern set: norms, separations, radii (conventions §1-§2).

All functions take :math:`\\Xi` of shape ``(d, M)`` (patterns as columns) in any array-API
namespace.  Vector results are arrays of that namespace; scalar summaries (:func:`max_norm`,
:func:`min_separation`, :func:`separation_radius`) are Python floats, ready to be plugged
into bound formulas.

Separations and distances are computed from *differences* of patterns,
:math:`\\langle\\xi_\\mu,\\xi_\\mu-\\xi_\\nu\\rangle` and :math:`\\lVert\\xi_\\mu-\\xi_\\nu\\rVert`, rather
than from the Gram matrix: for near-duplicate patterns the Gram form
:math:`\\langle\\xi_\\mu,\\xi_\\mu\\rangle-\\langle\\xi_\\mu,\\xi_\\nu\\rangle` cancels catastrophically
(absolute error of order :math:`\\varepsilon m^2`), while the difference form is exact (zero)
for identical patterns and relatively accurate for close ones.

The pairwise minima are found without an M × M table and without O(M²) elementwise work on
differences: the Gram form is computed block by block with GEMM (O(M) memory per block) only
to select the candidate pairs that lie within its rounding error of each minimum, and the
value is then computed from the differences of those pairs; nearest-neighbour distances of
NumPy pattern sets with d ≤ 16 use a k-d tree (O(M log M)).  The blocked building blocks and
the minimum distance are those of :mod:`hoptheory.sampling._geometry`, which the samplers
share.
"""

from __future__ import annotations

import math

import numpy as np

from hoptheory.backend import as_float_array, get_namespace, to_numpy
from hoptheory.models._queries import check_index, check_query
from hoptheory.sampling._geometry import (
    column_chunks,
    device_of,
    diagonal_mask,
    dot_error,
    min_distance,
    pairs,
    row_blocks,
)

__all__ = [
    "max_norm",
    "min_separation",
    "pattern_separation",
    "query_separation",
    "separation_radius",
]

def _patterns(Xi):
    return as_float_array(Xi, "Xi", ndim=2)


def max_norm(Xi) -> float:
    r"""Largest pattern norm.

    .. math::

        m = \max_{\mu\in[M]}\lVert\xi_\mu\rVert .

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite, non-empty).

    Returns
    -------
    m : float

    Notes
    -----
    Reference: conventions §1 (:math:`m`; Ramsauer et al. 2021 write :math:`M`).

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[3.0, 0.0, 1.0], [4.0, 2.0, 1.0]])
    >>> max_norm(Xi), float(np.linalg.norm(Xi, axis=0).max())
    (5.0, 5.0)
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    # scaled by the largest entry, so that squares of entries near the float range do not overflow
    top = float(xp.max(xp.abs(Xi)))
    if top == 0.0 or not math.isfinite(top):
        return top
    return top * float(xp.max(xp.linalg.vector_norm(Xi / top, axis=0)))


def pattern_separation(Xi):
    r"""Separation of every pattern from the others.

    .. math::

        \Delta_\mu=\min_{\nu\ne\mu}\big(\langle\xi_\mu,\xi_\mu\rangle-\langle\xi_\mu,\xi_\nu\rangle\big)
        =\min_{\nu\ne\mu}\langle\xi_\mu,\xi_\mu-\xi_\nu\rangle,\qquad\mu\in[M].

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns.

    Returns
    -------
    Delta : array, shape (M,)
        Same namespace and dtype as ``Xi``.  :math:`\Delta_\mu` may be negative (a pattern of
        smaller norm than a close neighbour); for :math:`M=1` it is :math:`+\infty` (an empty
        minimum).

    Notes
    -----
    Blocked GEMM selects the candidates, the differences :math:`\xi_\mu-\xi_\nu` give the
    value (see the module notes).
    Reference: conventions §2; Ramsauer et al. 2021 (:math:`\Delta_i`); Hu et al. 2023.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, 0.6], [0.0, 1.0, 0.8]])
    >>> G = Xi.T @ Xi
    >>> naive = [min(G[m, m] - G[m, n] for n in range(3) if n != m) for m in range(3)]
    >>> bool(np.allclose(pattern_separation(Xi), naive))
    True
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    dev = device_of(Xi)
    if M == 1:
        return xp.full((1,), xp.inf, dtype=Xi.dtype, device=dev)
    if d <= 4:
        # a GEMM of inner dimension d <= 4 saves nothing over the differences themselves
        return _separation_exact(xp, Xi, 0, M, dev)
    sq = xp.sum(Xi * Xi, axis=0)  # (M,)
    norms = xp.sqrt(sq)
    m = float(xp.max(norms))
    gamma = dot_error(xp, Xi, d)
    XiT = xp.matrix_transpose(Xi)
    parts = []
    for start, stop in row_blocks(M):
        # Gram form by GEMM, only to find the candidates for the minimum of each row
        approx = xp.reshape(sq[start:stop], (stop - start, 1)) - xp.matmul(XiT[start:stop, :], Xi)
        approx = xp.where(diagonal_mask(xp, start, stop, M, dev), xp.inf, approx)
        rowmin = xp.min(approx, axis=1)
        if not bool(xp.all(xp.isfinite(rowmin))):
            parts.append(_separation_exact(xp, Xi, start, stop, dev))
            continue
        # |error of approx| <= gamma (||xi_mu||^2 + ||xi_mu|| m): the true minimiser lies within twice that
        tol = 2.0 * gamma * norms[start:stop] * (norms[start:stop] + m) + 4.0 * gamma * xp.abs(rowmin)
        cand = approx <= xp.reshape(rowmin + tol, (stop - start, 1))
        if bool(xp.all(xp.sum(xp.astype(cand, xp.int32), axis=1) == 1)):
            # the usual case: one candidate per row, the row's argmin
            rows = xp.arange(start, stop, device=dev)
            exact = pairs(xp, Xi, rows, xp.argmin(approx, axis=1), lambda a, b: xp.sum(a * (a - b), axis=0))
            parts.append(xp.astype(exact, Xi.dtype))
            continue
        rows, cols = xp.nonzero(cand)
        exact = pairs(xp, Xi, rows + start, cols, lambda a, b: xp.sum(a * (a - b), axis=0))
        out = np.full(stop - start, np.inf)
        np.minimum.at(out, to_numpy(rows), to_numpy(exact))
        parts.append(xp.asarray(out, dtype=Xi.dtype, device=dev))
    return parts[0] if len(parts) == 1 else xp.concat(parts)


def _separation_exact(xp, Xi, start, stop, dev):
    """Rows start:stop of the separations from differences (fallback where the GEMM overflows)."""
    d, M = Xi.shape
    vals = []
    for a, b in column_chunks(d, stop - start):
        centre = Xi[:, start + a : start + b, None]  # (d, c, 1)
        v = xp.sum(centre * (centre - Xi[:, None, :]), axis=0)  # (c, M): <xi_mu, xi_mu - xi_nu>
        vals.append(xp.min(xp.where(diagonal_mask(xp, start + a, start + b, M, dev), xp.inf, v), axis=1))
    return vals[0] if len(vals) == 1 else xp.concat(vals)


def min_separation(Xi) -> float:
    r"""Minimal pattern separation.

    .. math::

        \Delta_{\min}=\min_{\mu\in[M]}\Delta_\mu
        =\min_{\mu\ne\nu}\big(\langle\xi_\mu,\xi_\mu\rangle-\langle\xi_\mu,\xi_\nu\rangle\big).

    For patterns ``Xi`` of shape ``(d, M)`` (columns) the result is a float, :math:`+\infty`
    when :math:`M=1` (conventions §2).

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    >>> Delta = [Xi[:, m] @ (Xi[:, m] - Xi[:, n]) for m in range(3) for n in range(3) if m != n]
    >>> min_separation(Xi), float(min(Delta))
    (1.0, 1.0)
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    return float(xp.min(pattern_separation(Xi)))


def query_separation(Xi, x, mu: int):
    r"""Separation of pattern ``mu`` in the scores of a query.

    .. math::

        \tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\big(\langle x,\xi_\mu\rangle-\langle x,\xi_\nu\rangle\big)
        =z_\mu-\max_{\nu\ne\mu}z_\nu,\qquad z=\Xi^\top x .

    Positive iff :math:`\xi_\mu` has the unique top score.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns.
    x : array, shape (d,) or (d, N)
        One query or a batch of N queries as columns (same namespace as ``Xi``).
    mu : int
        Pattern index, :math:`0\le\mu<M`.

    Returns
    -------
    Delta_tilde : array, shape () or (N,)
        :math:`+\infty` when :math:`M=1`.

    Notes
    -----
    Computed as :math:`\min_\nu\langle x,\xi_\mu-\xi_\nu\rangle` (no cancellation for close
    patterns).  Reference: conventions §2.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
    >>> x = np.array([0.8, 0.3])
    >>> z = Xi.T @ x  # z_0 - max(z_1, z_2)
    >>> round(float(query_separation(Xi, x, 0)), 12), round(float(z[0] - max(z[1], z[2])), 12)
    (0.5, 0.5)
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    x = check_query(xp, x, d, Xi.shape)
    mu = check_index(mu, M, Xi.shape)
    diff = Xi[:, mu : mu + 1] - Xi  # (d, M)
    vals = xp.matmul(xp.matrix_transpose(diff), x)  # (M,) or (M, N)
    is_mu = xp.arange(M, device=device_of(Xi)) == mu
    if x.ndim == 2:
        is_mu = is_mu[:, None]
    vals = xp.where(is_mu, xp.inf, vals)
    return xp.min(vals, axis=0)


def separation_radius(Xi) -> float:
    r"""Default ball radius: half the minimal distance between two patterns.

    .. math::

        R=\tfrac12\min_{\mu\ne\nu}\lVert\xi_\mu-\xi_\nu\rVert .

    Parameters
    ----------
    Xi : array, shape (d, M)

    Returns
    -------
    R : float
        :math:`+\infty` when :math:`M=1`; :math:`0` when two patterns coincide.

    Notes
    -----
    Closed balls :math:`S_\mu(R)` around the two closest patterns touch at their midpoint.
    Reference: conventions §2 (balls); Hu et al. 2023.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[0.0, 3.0, 0.0], [0.0, 4.0, 1.0]])
    >>> pairs = [np.linalg.norm(Xi[:, m] - Xi[:, n]) for m in range(3) for n in range(m)]
    >>> separation_radius(Xi), 0.5 * float(min(pairs))
    (0.5, 0.5)
    """
    Xi = _patterns(Xi)
    return 0.5 * min_distance(Xi)
