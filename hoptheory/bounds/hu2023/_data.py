r"""The data quantities that only the bounds of Hu et al. 2023 use (registered with :func:`~hoptheory.bounds.quantity`).

With scores :math:`z=\Xi^\top x` sorted as :math:`z_{(1)}\geq z_{(2)}\geq\dots`, one value per
query (shape ``()`` for one query, ``(N,)`` for a block of N queries) unless said otherwise:

* ``score``: :math:`z_\mu=\langle\xi_\mu,x\rangle`;
* ``max_overlap``: :math:`\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle` (over all :math:`\nu`, as
  printed; no query); ``max_overlap_others``: :math:`\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`;
* ``kappa``: :math:`\kappa(\beta z)=\Vert\mathrm{sparsemax}(\beta z)\Vert_0`; ``kappa_unscaled``:
  :math:`\kappa(z)`, the support size at :math:`\beta=1`;
* ``gap``: :math:`z_{(1)}-z_{(\kappa)}` with :math:`\kappa=\kappa(\beta z)`; ``gap_unscaled``: the
  same with :math:`\kappa=\kappa(z)`; ``gap_sum``: :math:`\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})` with
  :math:`\kappa=\kappa(\beta z)`;
* ``softmax_p_mu``, ``sparsemax_p_mu``: the weight of :math:`\xi_\mu` in
  :math:`\mathrm{softmax}(\beta z)` and in :math:`\mathrm{sparsemax}(\beta z)`;
* ``dense_minus_sparse_error``: :math:`\delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert
  -\Vert T_{\rm sparse}(x)-\xi_\mu\Vert`;
* ``spectral_norm``: :math:`\Vert\Xi\Vert_2`, the largest singular value (no query).

The quantities that go through the retrieval maps take one inverse temperature (a scalar
``beta``).
"""

from __future__ import annotations

import math

from ... import models
from ...backend import sort_descending
from .._data import Data, quantity

__all__: list[str] = []


def _model_beta(D: Data) -> float:
    """The data's inverse temperature as one number (the models take a scalar)."""
    D.need("beta")
    if D.beta.ndim != 0:
        raise ValueError("the sparsemax and softmax quantities take one beta (a scalar); "
                         f"got beta of shape {tuple(D.beta.shape)}")
    return float(D.beta)


def _sorted_scores(D: Data):
    """:math:`z=\\Xi^\\top x` sorted in decreasing order along the memories (axis 0)."""
    D.need("x")
    xp = D.xp
    return sort_descending(xp.matmul(xp.matrix_transpose(D.Xi), D.x), axis=0)


def _rank(D: Data, zs):
    """The rank of each row of the sorted scores, shaped to broadcast against them."""
    xp = D.xp
    rank = xp.arange(zs.shape[0], dtype=xp.float64)
    return rank if zs.ndim == 1 else xp.reshape(rank, (-1, 1))


def _gap(D: Data, kappa):
    r""":math:`z_{(1)}-z_{(\kappa)}`: the last of the first :math:`\kappa` sorted scores is their minimum."""
    xp = D.xp
    zs = _sorted_scores(D)
    inside = _rank(D, zs) < kappa
    return zs[0, ...] - xp.min(xp.where(inside, zs, xp.full_like(zs, math.inf)), axis=0)


def _overlaps(D: Data):
    D.need("mu")
    xp = D.xp
    return xp.matmul(xp.matrix_transpose(D.Xi), D.Xi[:, D.mu])


@quantity("score")
def _score(D: Data):
    r""":math:`z_\mu=\langle\xi_\mu,x\rangle`, shape () or (N,)."""
    D.need("x", "mu")
    xp = D.xp
    xi = D.Xi[:, D.mu]
    if D.x.ndim == 1:
        return xp.vecdot(xi, D.x)
    return xp.vecdot(xp.reshape(xi, (1, -1)), xp.matrix_transpose(D.x))


@quantity("max_overlap")
def _max_overlap(D: Data):
    r""":math:`\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle`, over all :math:`\nu` (as printed)."""
    return D.xp.max(_overlaps(D))


@quantity("max_overlap_others")
def _max_overlap_others(D: Data):
    r""":math:`\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`."""
    overlaps = _overlaps(D)
    return D.xp.max(D.xp.concat([overlaps[:D.mu], overlaps[D.mu + 1:]]))


@quantity("kappa")
def _kappa(D: Data):
    r""":math:`\kappa(\beta z)=\Vert\mathrm{sparsemax}(\beta\Xi^\top x)\Vert_0`, as a float."""
    D.need("x")
    return D.xp.astype(models.SparseHopfield(D.Xi, _model_beta(D)).support_size(D.x), D.xp.float64)


@quantity("kappa_unscaled")
def _kappa_unscaled(D: Data):
    r""":math:`\kappa(z)=\Vert\mathrm{sparsemax}(\Xi^\top x)\Vert_0`, as a float."""
    D.need("x")
    return D.xp.astype(models.SparseHopfield(D.Xi, 1.0).support_size(D.x), D.xp.float64)


@quantity("gap")
def _gap_scaled(D: Data):
    r""":math:`z_{(1)}-z_{(\kappa)}` with :math:`\kappa=\kappa(\beta z)`."""
    return _gap(D, D["kappa"])


@quantity("gap_unscaled")
def _gap_of_unscaled(D: Data):
    r""":math:`z_{(1)}-z_{(\kappa)}` with :math:`\kappa=\kappa(z)`."""
    return _gap(D, D["kappa_unscaled"])


@quantity("gap_sum")
def _gap_sum(D: Data):
    r""":math:`\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})` with :math:`\kappa=\kappa(\beta z)`."""
    xp = D.xp
    zs, kappa = _sorted_scores(D), D["kappa"]
    if zs.ndim == 1:
        return xp.sum(zs[0] - zs[:int(kappa)])
    # a block: the same sum per column (its rounding may differ from one query's in the last bits)
    return xp.sum(xp.where(_rank(D, zs) < kappa, zs[0, :] - zs, xp.zeros_like(zs)), axis=0)


@quantity("softmax_p_mu")
def _softmax_p_mu(D: Data):
    r""":math:`p^{\rm soft}_\mu=[\mathrm{softmax}(\beta\Xi^\top x)]_\mu`."""
    D.need("x", "mu")
    return models.DenseHopfield(D.Xi, _model_beta(D)).weights(D.x)[D.mu, ...]


@quantity("sparsemax_p_mu")
def _sparsemax_p_mu(D: Data):
    r""":math:`p^{\rm sp}_\mu=[\mathrm{sparsemax}(\beta\Xi^\top x)]_\mu`."""
    D.need("x", "mu")
    return models.SparseHopfield(D.Xi, _model_beta(D)).weights(D.x)[D.mu, ...]


@quantity("dense_minus_sparse_error")
def _dense_minus_sparse_error(D: Data):
    r""":math:`\delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert`."""
    D.need("x", "mu")
    beta = _model_beta(D)
    return models.DenseHopfield(D.Xi, beta).error(D.x, D.mu) - models.SparseHopfield(D.Xi, beta).error(D.x, D.mu)


@quantity("spectral_norm")
def _spectral_norm(D: Data):
    r""":math:`\Vert\Xi\Vert_2`, the largest singular value of the memories."""
    xp = D.xp
    return xp.max(xp.linalg.svdvals(D.Xi))
