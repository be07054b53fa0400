"""Support sets (masks) of the sparse-structured Hopfield models.

A mask says which memories a query may attend to.  Every function here returns a **boolean**
array: shape ``(M,)`` (one mask shared by every query) or ``(M, N)`` (column ``l`` is the
support set :math:`\\mathcal M(x_l)` of query ``l``), matching the package's convention that
memories are indexed by the first axis of the score matrix :math:`\\Xi^\\top X`.

Symbol table (Hu et al. 2024, "Nonparametric Modern Hopfield Models", arXiv:2404.03900):

========================  ==============================  =========================
paper                     meaning                          code
========================  ==============================  =========================
:math:`\\mathcal M`        support set (mask)               boolean array
:math:`k=|\\mathcal M|`    mask size                        ``k``
:math:`L`                 sequence length (:math:`M=L`)    ``L``
:math:`w`                 half-width of a sliding window   ``w``
========================  ==============================  =========================

The masked models never give a masked memory a logit of 0: the masks are consumed as
:math:`-\\infty` logits (weight exactly 0), see :mod:`hoptheory.models._structured`.

The random masks are drawn on the host with ``numpy.random.default_rng(seed)`` and converted with
``xp.asarray``, so NumPy and ``array-api-strict`` give identical masks for one seed.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from hoptheory.backend import as_float_array, get_namespace, resolve_namespace

__all__ = [
    "offset_mask",
    "random_subset_indices",
    "random_subset_mask",
    "sliding_window_count",
    "sliding_window_mask",
    "sqrt_window_mask",
    "sqrt_window_width",
    "strided_mask",
    "strided_offsets",
    "top_k_mask",
    "window_offsets",
]


# --------------------------------------------------------------------------- validation


def _int(value: Any, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}")
    return value


def _ns(xp):
    return resolve_namespace(xp)


# --------------------------------------------------------------------------- random


def _random_subset_draw(M, k, n_queries, seed):
    M = _int(M, "M", minimum=1)
    k = _int(k, "k", minimum=1)
    if k > M:
        raise ValueError(f"k must satisfy 1 <= k <= M; got k={k}, M={M}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer; got {seed!r}")
    N = 1 if n_queries is None else _int(n_queries, "n_queries", minimum=1)
    rng = np.random.default_rng(int(seed))
    if 4 * k > M:
        # dense case: the k smallest of M i.i.d. uniforms (a uniform k-subset), O(M log M) per column
        order = np.argsort(rng.random((M, N)), axis=0, kind="stable")
        return M, k, N, np.sort(order[:k, :], axis=0)
    # sparse case, O(k log k) per column: draw r >= k indices with replacement, keep the
    # distinct ones, and pick k of them at random (columns with fewer than k distinct values are
    # redrawn).  The law of the distinct set is invariant under relabelling [M], so given its
    # size it is a uniform subset, and a uniform k-subset of it is a uniform k-subset of [M].
    r = k + 8 + (2 * k * k) // M
    idx = np.empty((k, N), dtype=np.int64)
    todo = np.arange(N)
    while todo.size:
        cand = np.sort(rng.integers(0, M, size=(r, todo.size)), axis=0)
        distinct = np.ones(cand.shape, dtype=bool)
        distinct[1:] = cand[1:] != cand[:-1]
        ok = distinct.sum(axis=0) >= k
        keys = np.where(distinct, rng.random(cand.shape), np.inf)[:, ok]
        pick = np.argsort(keys, axis=0, kind="stable")[:k]
        idx[:, todo[ok]] = np.sort(np.take_along_axis(cand[:, ok], pick, axis=0), axis=0)
        todo = todo[~ok]
    return M, k, N, idx


def random_subset_indices(M: int, k: int, *, n_queries: int | None = None, seed: int, xp=None):
    r"""Indices of uniform random :math:`k`-subsets, the gather form of :func:`random_subset_mask`.

    Same draw as :func:`random_subset_mask` for the same arguments: column ``l`` lists, in
    increasing order, the ``k`` memories that are True in column ``l`` of the mask.

    Returns
    -------
    indices : int64 array, shape ``(k,)`` or ``(k, N)``

    Examples
    --------
    >>> import numpy as np
    >>> idx = random_subset_indices(10, 3, n_queries=4, seed=0)
    >>> mask = random_subset_mask(10, 3, n_queries=4, seed=0)
    >>> idx.shape, all(np.flatnonzero(mask[:, l]).tolist() == idx[:, l].tolist() for l in range(4))
    ((3, 4), True)
    """
    _M, _k, _N, idx = _random_subset_draw(M, k, n_queries, seed)
    xp = _ns(xp)
    out = xp.asarray(idx.astype(np.int64))
    return out[:, 0] if n_queries is None else out


def random_subset_mask(M: int, k: int, *, n_queries: int | None = None, seed: int, xp=None):
    r"""Uniform random :math:`k`-subsets of the memories.

    .. math::

        \mathcal M \sim \mathrm{Unif}\{S\subseteq[M] : |S| = k\},
        \qquad \Pr(\mu\in\mathcal M) = k/M,

    one independent subset per query (the BigBird-like random-mask model).

    Parameters
    ----------
    M : int
        Number of memories, :math:`M\ge1`.
    k : int
        Mask size, :math:`1\le k\le M`.
    n_queries : int, optional
        :math:`N`. When given, the result has shape ``(M, N)`` with an independent subset per
        column; otherwise one subset of shape ``(M,)``.
    seed : int
        Seed of ``numpy.random.default_rng`` (recorded with every instance).
    xp : namespace, optional
        Target array namespace (NumPy when None).

    Returns
    -------
    mask : bool array, shape ``(M,)`` or ``(M, N)``
        Exactly ``k`` True entries per column.

    References
    ----------
    .. [1] Hu et al., "Nonparametric Modern Hopfield Models", arXiv:2404.03900, family appendix
       (random masked model; label unconfirmed).

    Examples
    --------
    >>> mask = random_subset_mask(8, 5, n_queries=3, seed=2)
    >>> mask.shape, mask.sum(axis=0).tolist()  # exactly k memories per query
    ((8, 3), [5, 5, 5])
    """
    M, _k, N, idx = _random_subset_draw(M, k, n_queries, seed)
    host = np.zeros((M, N), dtype=bool)
    np.put_along_axis(host, idx, True, axis=0)
    xp = _ns(xp)
    out = xp.asarray(host)
    return out[:, 0] if n_queries is None else out


# --------------------------------------------------------------------------- positional


def offset_mask(L: int, offsets, *, n_memories: int | None = None, xp=None):
    r"""Positional mask defined by a set of relative offsets.

    .. math::

        \mathcal M(x_\ell) = \{\mu\in[M] : \mu-\ell\in O\},\qquad \ell\in[L],

    with indices counted from 0 in code.

    Parameters
    ----------
    L : int
        Number of queries (positions), :math:`L\ge1`.
    offsets : iterable of int
        The offset set :math:`O` (duplicates are ignored).
    n_memories : int, optional
        :math:`M` (default ``L``, self-attention).

    Returns
    -------
    mask : bool array, shape ``(M, L)``

    Examples
    --------
    >>> import numpy as np
    >>> naive = np.array([[mu - l in (0, 1) for l in range(3)] for mu in range(4)])
    >>> bool(np.array_equal(offset_mask(3, [0, 1], n_memories=4), naive))
    True
    """
    L = _int(L, "L", minimum=1)
    M = L if n_memories is None else _int(n_memories, "n_memories", minimum=1)
    offs = sorted({_int(o, "offset", minimum=-(10**18)) for o in offsets})
    if not offs:
        raise ValueError("offsets must not be empty")
    xp = _ns(xp)
    mu = xp.reshape(xp.arange(M), (M, 1))
    ell = xp.reshape(xp.arange(L), (1, L))
    diff = mu - ell
    mask = xp.zeros((M, L), dtype=xp.bool)
    for o in offs:
        mask = xp.logical_or(mask, diff == o)
    return mask


def window_offsets(w: int) -> list[int]:
    r"""Offsets of the sliding window of half-width :math:`w\ge0`.

    .. math::

        O_w = \{-w,\dots,w\},\qquad \mathcal M(x_\ell)=\{\mu : \mu-\ell\in O_w\}.

    Examples
    --------
    >>> window_offsets(2) == list(range(-2, 3))
    True
    """
    w = _int(w, "w", minimum=0)
    return list(range(-w, w + 1))


def sliding_window_mask(L: int, w: int, *, n_memories: int | None = None, xp=None):
    r"""Sliding-window (Longformer-like) mask.

    .. math::

        \mathcal M(x_\ell) = \{\mu\in[M] : |\mu-\ell|\le w\}.

    Parameters
    ----------
    L : int
        Number of queries (positions).
    w : int
        Half-width, :math:`w\ge0`.
    n_memories : int, optional
        :math:`M` (default ``L``, self-attention).

    Returns
    -------
    mask : bool array, shape ``(M, L)``
        For :math:`M=L` and :math:`w\le L-1` it has :func:`sliding_window_count` True entries.

    References
    ----------
    .. [1] Hu et al., arXiv:2404.03900, family appendix (sliding-window model; label
       unconfirmed).

    Examples
    --------
    >>> import numpy as np
    >>> pos = np.arange(5)
    >>> bool(np.array_equal(sliding_window_mask(5, 1), np.abs(pos[:, None] - pos[None, :]) <= 1))
    True
    """
    L = _int(L, "L", minimum=1)
    w = _int(w, "w", minimum=0)
    M = L if n_memories is None else _int(n_memories, "n_memories", minimum=1)
    xp = _ns(xp)
    mu = xp.reshape(xp.arange(M), (M, 1))
    ell = xp.reshape(xp.arange(L), (1, L))
    return xp.abs(mu - ell) <= w


def sliding_window_count(L: int, w: int) -> int:
    r"""Exact number of (query, memory) pairs of the sliding window, self-attention.

    .. math::

        \sum_{\ell=1}^{L}|\mathcal M(x_\ell)| = (2w+1)L - w(w+1),\qquad 0\le w\le L-1.

    Each query sees :math:`2w+1` positions, minus the :math:`w(w+1)/2` that fall off each end.

    Examples
    --------
    >>> L, w = 6, 2
    >>> sliding_window_count(L, w), sum(min(l + w, L - 1) - max(l - w, 0) + 1 for l in range(L))
    (24, 24)
    """
    L = _int(L, "L", minimum=1)
    w = _int(w, "w", minimum=0)
    if w > L - 1:
        raise ValueError(f"the closed form needs 0 <= w <= L-1; got w={w}, L={L}")
    return (2 * w + 1) * L - w * (w + 1)


def sqrt_window_width(L: int) -> int:
    r"""Half-width :math:`w=\lceil\sqrt L\rceil` of the :math:`O(L\sqrt L)` band construction.

    Examples
    --------
    >>> import math
    >>> [sqrt_window_width(L) for L in (1, 4, 5, 10)], [math.ceil(math.sqrt(L)) for L in (1, 4, 5, 10)]
    ([1, 2, 3, 4], [1, 2, 3, 4])
    """
    L = _int(L, "L", minimum=1)
    return math.isqrt(L - 1) + 1 if L > 1 else 1


def sqrt_window_mask(L: int, *, xp=None):
    r"""The "efficient" :math:`O(L\sqrt L)` model, band reading.

    .. math::

        \mathcal M(x_\ell) = \{\mu\in[L] : |\mu-\ell|\le \lceil\sqrt L\,\rceil\},

    the sliding window of half-width :math:`w=\lceil\sqrt L\rceil`; it has
    :math:`(2w+1)L-w(w+1)=\Theta(L^{3/2})` entries (for :math:`L\ge 3`, where :math:`w\le L-1`).

    Which construction the paper's "efficient" member denotes is not settled (catalogue claim
    ``hu2024/variant-efficient``); :func:`strided_mask` is the other reading.

    Returns
    -------
    mask : bool array, shape ``(L, L)``
        :func:`sliding_window_mask` of half-width :math:`\min(\lceil\sqrt L\rceil, L-1)`.

    Examples
    --------
    >>> import numpy as np
    >>> band = np.abs(np.subtract.outer(np.arange(9), np.arange(9))) <= 3  # w = ceil(sqrt 9)
    >>> bool(np.array_equal(sqrt_window_mask(9), band))
    True
    """
    L = _int(L, "L", minimum=1)
    return sliding_window_mask(L, min(sqrt_window_width(L), L - 1), xp=xp)


def strided_offsets(L: int, stride: int) -> list[int]:
    r"""Offsets of the strided pattern: :math:`\{o : |o|<s\}\cup\{o : s\mid o,\ |o|\le L-1\}`.

    Examples
    --------
    >>> strided_offsets(7, 3)
    [-6, -3, -2, -1, 0, 1, 2, 3, 6]
    >>> sorted(o for o in range(-6, 7) if abs(o) < 3 or o % 3 == 0)
    [-6, -3, -2, -1, 0, 1, 2, 3, 6]
    """
    L = _int(L, "L", minimum=1)
    s = _int(stride, "stride", minimum=1)
    local = set(range(-(s - 1), s))
    far = {j * s for j in range(-((L - 1) // s), (L - 1) // s + 1)}
    return sorted(local | far)


def strided_mask(L: int, stride: int | None = None, *, xp=None):
    r"""The "efficient" :math:`O(L\sqrt L)` model, strided reading (Sparse Transformer kind).

    .. math::

        \mathcal M(x_\ell) = \{\mu\in[L] : |\mu-\ell| < s\}\ \cup\
                             \{\mu\in[L] : \mu\equiv\ell \pmod s\},
        \qquad s = \lceil\sqrt L\,\rceil \text{ by default},

    the union of a local band and a stride (non-causal form of Child et al. 2019).  Each query
    sees at most :math:`2s-1+\lceil L/s\rceil` memories, so the mask has
    :math:`\Theta(L^{3/2})` entries for :math:`s\asymp\sqrt L`.

    Parameters
    ----------
    L : int
        Sequence length.
    stride : int, optional
        :math:`s\ge1` (default :func:`sqrt_window_width`).

    Returns
    -------
    mask : bool array, shape ``(L, L)``

    References
    ----------
    .. [1] R. Child, S. Gray, A. Radford, I. Sutskever, "Generating Long Sequences with Sparse
       Transformers", arXiv:1904.10509 (2019), strided pattern.

    Examples
    --------
    >>> import numpy as np
    >>> diff = np.subtract.outer(np.arange(7), np.arange(7))
    >>> bool(np.array_equal(strided_mask(7, 3), (np.abs(diff) < 3) | (diff % 3 == 0)))
    True
    """
    L = _int(L, "L", minimum=1)
    s = sqrt_window_width(L) if stride is None else _int(stride, "stride", minimum=1)
    xp = _ns(xp)
    mu = xp.reshape(xp.arange(L), (L, 1))
    ell = xp.reshape(xp.arange(L), (1, L))
    diff = mu - ell
    return xp.logical_or(xp.abs(diff) < s, xp.remainder(diff, s) == 0)


# --------------------------------------------------------------------------- content


def top_k_mask(scores, k: int):
    r"""Top-:math:`k` support set of the scores, ties broken by index.

    .. math::

        \mathcal M(x) = \operatorname{argtop}_k\ \langle\xi_\mu, x\rangle,

    the :math:`k` memories with the largest scores :math:`z=\Xi^\top x`; among equal scores the
    smaller index wins (conventions §2), so exactly :math:`k` entries are selected.

    Parameters
    ----------
    scores : float array, shape ``(M,)`` or ``(M, N)``
        Scores :math:`z` (memories on the first axis).
    k : int
        :math:`1\le k\le M`.

    Returns
    -------
    mask : bool array, same shape as ``scores``
        Exactly ``k`` True entries per column.

    Notes
    -----
    The mask is computed from the rank of each score (a stable descending sort followed by a
    stable sort of the permutation), which needs no scatter and runs on every array-API
    backend; cost :math:`O(M\log M)` per query, so a top-K model is not sub-quadratic.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.2, 0.9, 0.2, 0.5, 0.2])
    >>> top_k_mask(z, 3).tolist()  # among the tied 0.2 the lower index wins
    [True, True, False, True, False]
    >>> sorted(np.argsort(-z, kind="stable")[:3].tolist())
    [0, 1, 3]
    """
    z = as_float_array(scores, "scores", ndim=(1, 2))
    k = _int(k, "k", minimum=1)
    M = z.shape[0]
    if k > M:
        raise ValueError(f"k must satisfy 1 <= k <= M; got k={k} with scores of shape {tuple(z.shape)}")
    xp = get_namespace(z)
    order = xp.argsort(z, axis=0, descending=True, stable=True)
    ranks = xp.argsort(order, axis=0, stable=True)
    return ranks < k
