r"""The retrieval step :math:`T(x) = \Xi\,\hat y_\Omega(\beta\,\Xi^\top x)` for a batch of queries.

Private engine of :meth:`hoptheory.models.HopfieldModel.retrieve`.  Work is laid out with one
row per query: the scores :math:`\Theta = \beta\,X^\top\Xi` have shape ``(N, M)`` (C order, so
the map runs along contiguous rows and nothing is transposed in memory), the weights are
mapped row by row, and :math:`T = \Xi P^\top` has shape ``(d, N)``.

Routes:

* NumPy, sparse maps (sparsemax, α-entmax with α > 1): the weights are produced as sparse
  rows (only the entries within the margin of each row's maximum, a superset of the
  support; see :func:`hoptheory.maps._threshold.sparse_rows_numpy`) and
  :math:`T` is gathered from the columns of :math:`\Xi` they name, :math:`O(d\cdot
  \mathrm{nnz})` instead of a second GEMM.  When the candidates are not sparse (small
  :math:`\beta`) the dense route is taken.
* CuPy on a working GPU: fused kernels (:mod:`hoptheory.maps._cuda`).
* Every other case: the dense map and a GEMM, in the namespace of :math:`\Xi`.
"""

from __future__ import annotations

from ._common import is_numpy

__all__ = ["retrieve_rows"]

# the sparse route pays while the stored entries are below this share of N * M
_SPARSE_SHARE = 0.05


def retrieve_rows(Xi, X, beta: float, mapname: str, alpha: float | None, dense_map):
    r"""One retrieval step for the queries ``X`` (shape ``(d, N)``): returns ``(d, N)``.

    ``mapname`` is ``"softmax"``, ``"sparsemax"`` or ``"entmax"`` (with ``alpha``);
    ``dense_map(theta, axis)`` is the model's map, used on the generic route.
    """
    from ..backend import get_namespace  # noqa: PLC0415

    xp = get_namespace(Xi)
    if not is_numpy(xp):
        from . import _cuda  # noqa: PLC0415

        if mapname in ("softmax", "sparsemax", "entmax") and _cuda.usable(xp):
            return _cuda.retrieve(Xi, X, beta, mapname, alpha)
        theta = beta * xp.matmul(xp.matrix_transpose(X), Xi)
        P = dense_map(theta, -1)
        return xp.matmul(Xi, xp.matrix_transpose(P))
    import numpy as np  # noqa: PLC0415

    theta = np.matmul(X.T, Xi)  # (N, M), C order
    np.multiply(theta, beta, out=theta)
    if mapname in ("sparsemax", "entmax"):
        T = _sparse_step_numpy(Xi, theta, mapname, alpha)
        if T is not None:
            return T
    P = dense_map(theta, -1)
    return np.matmul(Xi, P.T)


def _sparse_step_numpy(Xi, theta, mapname, alpha):
    import numpy as np  # noqa: PLC0415

    from ._entmax import entmax_rows  # noqa: PLC0415
    from ._sparsemax import sparsemax_rows  # noqa: PLC0415

    N, M = theta.shape
    if mapname == "sparsemax" or alpha == 2.0:
        rows = sparsemax_rows(theta, max_share=_SPARSE_SHARE)
    else:
        rows = entmax_rows(theta, alpha, max_share=_SPARSE_SHARE)
    if rows is None:
        return None
    counts, cols, vals = rows
    starts = np.cumsum(counts) - counts  # every row has at least one entry (its maximum)
    contrib = np.take(Xi, cols, axis=1)  # (d, nnz)
    contrib *= vals
    return np.add.reduceat(contrib, starts, axis=1)
