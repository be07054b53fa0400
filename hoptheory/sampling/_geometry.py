r"""Pairwise geometry of a pattern set without an :math:`M\times M` table.

The blocked building blocks of the pattern-set quantities (:mod:`hoptheory.models`) and the
minimum distance

.. math::

    \min_{\mu<\nu}\lVert\xi_\mu-\xi_\nu\rVert ,

which the samplers need for the default ball radius :math:`R` (:func:`hoptheory.sampling.ball`)
and :func:`hoptheory.models.separation_radius` reports.  It lives at this level so that the
samplers, which come before the models, share the one implementation.

Every pairwise minimum is found the same way: a Gram form computed block by block with GEMM
(bounded memory per block) only selects the candidate pairs within its rounding error of the
minimum, and the value is computed from the differences of those pairs, so identical
patterns give exactly 0.
"""

from __future__ import annotations

import math

import array_api_compat
import numpy as np

from hoptheory.backend import as_float_array, get_namespace

__all__ = [
    "column_chunks",
    "device_of",
    "diagonal_mask",
    "dot_error",
    "min_distance",
    "pairs",
    "row_blocks",
]

# number of array elements a (d, chunk, M) block of differences may hold
_BLOCK_ELEMENTS = 2**22


def device_of(x):
    """The device of array ``x`` (array-API ``device``)."""
    return array_api_compat.device(x)


def column_chunks(d: int, M: int):
    """Chunks ``(start, stop)`` of ``M`` columns such that a ``(d, chunk, M)`` block fits the budget."""
    step = max(1, _BLOCK_ELEMENTS // max(1, d * M))
    for start in range(0, M, step):
        yield start, min(M, start + step)


def row_blocks(M: int):
    """Blocks of rows of an (M, M) pairwise table, each block at most _BLOCK_ELEMENTS entries."""
    step = max(1, _BLOCK_ELEMENTS // max(1, M))
    for start in range(0, M, step):
        yield start, min(M, start + step)


def diagonal_mask(xp, start: int, stop: int, M: int, device):
    """Boolean (stop-start, M) array, True where the column index equals the row's pattern."""
    rows = xp.arange(start, stop, device=device)
    cols = xp.arange(M, device=device)
    return rows[:, None] == cols[None, :]


def dot_error(xp, Xi, d: int) -> float:
    """Twice the classical bound (d + 2) eps on the relative error of a length-d dot product."""
    return 2.0 * (d + 2) * float(xp.finfo(Xi.dtype).eps)


def pairs(xp, Xi, rows, cols, f):
    """``f(xi_rows, xi_cols)`` over index pairs, gathered in chunks of bounded size."""
    d = Xi.shape[0]
    K = int(rows.shape[0])
    step = max(1, _BLOCK_ELEMENTS // max(1, d))
    out = []
    for a in range(0, K, step):
        r, c = rows[a : min(K, a + step)], cols[a : min(K, a + step)]
        out.append(f(xp.take(Xi, r, axis=1), xp.take(Xi, c, axis=1)))
    return out[0] if len(out) == 1 else xp.concat(out)


def min_distance(Xi) -> float:
    r"""Smallest distance between two patterns (:math:`+\infty` for one pattern).

    .. math::

        \min_{\mu<\nu}\lVert\xi_\mu-\xi_\nu\rVert,\qquad \Xi=[\xi_1,\dots,\xi_M]\in\mathbb R^{d\times M}.

    Not O(M²) in memory, and O(M log M) in time where a k-d tree helps: NumPy arrays with
    d ≤ 16 use :class:`scipy.spatial.cKDTree` (nearest neighbour of every pattern); otherwise
    the Gram form :math:`\lVert\xi_\mu\rVert^2+\lVert\xi_\nu\rVert^2-2\langle\xi_\mu,\xi_\nu\rangle` is
    computed block by block with GEMM (of the centred patterns) and a running minimum, only to
    select the candidate pairs within its rounding error of the minimum; the distance is then
    computed from the differences of those pairs, so identical patterns give exactly 0.
    """
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    if M < 2:
        return math.inf
    if isinstance(Xi, np.ndarray) and d <= 16:
        # SciPy is heavy to import and only this NumPy route needs it: imported here
        from scipy.spatial import cKDTree  # noqa: PLC0415

        pts = np.ascontiguousarray(Xi.T, dtype=np.float64)
        dist, idx = cKDTree(pts).query(pts, k=2)
        # the pairs at the minimum, up to rounding, measured again as every other route measures
        # them (the norm of the difference), so that all backends return the same number
        near = np.flatnonzero(dist[:, 1] <= dist[:, 1].min() * (1 + 1e-9))
        diff = Xi[:, near] - Xi[:, idx[near, 1]]
        return float(np.min(xp.linalg.vector_norm(diff, axis=0)))
    dev = device_of(Xi)
    C = Xi - xp.mean(Xi, axis=1, keepdims=True)  # distances are translation invariant
    sq = xp.sum(C * C, axis=0)
    mc = float(xp.max(xp.sqrt(sq)))
    # rounding of the centring moves a distance by at most 2 delta
    delta = 2.0 * float(xp.finfo(Xi.dtype).eps) * (float(xp.max(xp.linalg.vector_norm(Xi, axis=0))) + mc)
    gamma = dot_error(xp, Xi, d)
    CT = xp.matrix_transpose(C)
    cols = xp.arange(M, device=dev)
    best_approx, best = math.inf, math.inf
    for start, stop in row_blocks(M):
        d2 = xp.reshape(sq[start:stop], (stop - start, 1)) + sq - 2.0 * xp.matmul(CT[start:stop, :], C)
        upper = xp.reshape(xp.arange(start, stop, device=dev), (stop - start, 1)) < cols  # pairs mu < nu
        d2 = xp.where(upper, d2, xp.inf)
        low = float(xp.min(d2))
        if not math.isfinite(low):
            if start + 1 >= M:
                continue
            low = -math.inf  # overflow in the Gram form: every pair of the block is a candidate
        best_approx = min(best_approx, low)
        # |error of d2| <= 4 gamma mc^2 (GEMM) + (2 r + 2 delta) 2 delta (centring), r the distance
        r = math.sqrt(max(best_approx, 0.0)) if math.isfinite(best_approx) else math.inf
        tol = 8.0 * gamma * mc * mc + 8.0 * delta * (r + delta)
        rows, cand = xp.nonzero(upper & (d2 <= best_approx + tol)) if math.isfinite(best_approx) else xp.nonzero(upper)
        if int(rows.shape[0]):
            dist = pairs(xp, Xi, rows + start, cand, lambda a, b: xp.linalg.vector_norm(a - b, axis=0))
            best = min(best, float(xp.min(dist)))
    return best
