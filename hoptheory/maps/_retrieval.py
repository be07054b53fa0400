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

import numpy as np

from ..backend import get_namespace
from . import _cuda
from ._common import is_numpy
from ._entmax import entmax_rows

__all__ = ["retrieve_rows"]

# the sparse route pays while the stored entries are below this share of N * M
_SPARSE_SHARE = 0.05


def retrieve_rows(Xi, X, beta: float, family):
    r"""One retrieval step for the queries ``X`` (shape ``(d, N)``): returns ``(d, N)``.

    ``family`` is the :class:`hoptheory.maps.Family` of the map; its ``map`` runs on the
    generic route, its ``alpha`` selects the sparse-row and CUDA routes.
    """
    xp = get_namespace(Xi)
    if not is_numpy(xp):
        if family.name in ("softmax", "sparsemax", "entmax") and _cuda.usable(xp):
            return _cuda.retrieve(Xi, X, beta, family.name, family.alpha)
        theta = beta * xp.matmul(xp.matrix_transpose(X), Xi)
        P = family.map(theta, axis=-1)
        return xp.matmul(Xi, xp.matrix_transpose(P))
    theta = np.matmul(X.T, Xi)  # (N, M), C order
    np.multiply(theta, beta, out=theta)
    if family.sparse:
        T = _sparse_step_numpy(Xi, theta, family.alpha)
        if T is not None:
            return T
    P = family.map(theta, axis=-1)
    return np.matmul(Xi, P.T)


def _sparse_step_numpy(Xi, theta, alpha: float):
    rows = entmax_rows(theta, alpha, max_share=_SPARSE_SHARE)  # sparsemax rows for alpha = 2
    if rows is None:
        return None
    counts, cols, vals = rows
    starts = np.cumsum(counts) - counts  # every row has at least one entry (its maximum)
    contrib = np.take(Xi, cols, axis=1)  # (d, nnz)
    contrib *= vals
    return np.add.reduceat(contrib, starts, axis=1)
