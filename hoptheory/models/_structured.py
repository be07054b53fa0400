"""Sparse-structured Hopfield models (Hu et al. 2024, Theorem 3.2; label unconfirmed).

Two maps are possible readings of the paper's sparse-structured retrieval; hoptheory implements
both and names them (catalogue claim ``hu2024/sparse-structured-map``):

* **V1, full-normalised**: :math:`T^{(1)}_{\\mathcal M}(x)=\\sum_{\\mu\\in\\mathcal M}p_\\mu(x)\\xi_\\mu`
  with :math:`p=\\operatorname{softmax}(\\beta\\Xi^\\top x)` over *all* memories, restricted to the
  mask and **not** renormalised (weights sum to :math:`P_{\\mathcal M}(x)\\le1`);
* **V2, renormalised** (masked attention):
  :math:`T^{(2)}_{\\mathcal M}(x)=\\Xi_{\\mathcal M}\\operatorname{softmax}(\\beta\\Xi_{\\mathcal M}^\\top x)`.

Masked memories get weight exactly 0 (logit :math:`-\\infty`), never logit 0.

Besides the dense-mask model :class:`StructuredHopfield` (cost :math:`O(MNd)` whatever the mask),
two gather-based V2 evaluators compute only the selected scores:
:func:`offset_masked_retrieve` (positional masks: sliding window, strided; cost
:math:`O(|O|Ld)`) and :func:`gathered_masked_retrieve` (index lists, e.g. random
:math:`k`-subsets; cost :math:`O(kNd)`).  Both return the exact number of score evaluations.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from hoptheory.backend import as_float_array, check_beta, get_namespace
from hoptheory.maps import SHANNON, masked_softmax
from hoptheory.models._hopfield import HopfieldModel
from hoptheory.models._iterate import Iteration, iterate_map
from hoptheory.models._queries import as_query_block, unblock


__all__ = ["StructuredHopfield", "gathered_masked_retrieve", "offset_masked_retrieve"]

_VARIANTS = ("V1", "V2")


# --------------------------------------------------------------------------- probability maps


def _masked_lse0(theta, mask):
    """``log sum_{mask} exp(theta)`` per column; at least one True entry per column."""
    xp = get_namespace(theta)
    neg = xp.full(theta.shape, -math.inf, dtype=theta.dtype)
    logits = xp.where(mask, theta, neg)
    mx = xp.max(logits, axis=0, keepdims=True)
    return xp.log(xp.sum(xp.exp(logits - mx), axis=0)) + mx[0, :]


# --------------------------------------------------------------------------- the model


class StructuredHopfield(HopfieldModel):
    r"""Sparse-structured Hopfield model with a support set :math:`\mathcal M` per query.

    .. math::

        T^{(1)}_{\mathcal M}(x) = \sum_{\mu\in\mathcal M}p_\mu(x)\,\xi_\mu,\quad
        p = \operatorname{softmax}(\beta\Xi^\top x)\qquad\text{(V1)},

        T^{(2)}_{\mathcal M}(x) = \Xi_{\mathcal M}\,q(x),\quad
        q = \operatorname{softmax}(\beta\Xi_{\mathcal M}^\top x)\qquad\text{(V2)},

    and :math:`T^{(1)}_{\mathcal M}=P_{\mathcal M}\,T^{(2)}_{\mathcal M}` with
    :math:`P_{\mathcal M}(x)=\sum_{\mu\in\mathcal M}p_\mu(x)`.

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
        Memories :math:`\Xi` (columns).
    beta : float
        Inverse temperature :math:`\beta>0`.
    mask : bool array, shape ``(M,)`` or ``(M, N)``, optional
        A fixed mask (one per query column when ``(M, N)``; the queries must then be
        ``(d, N)``).  See the mask builders of :mod:`hoptheory.maps` (e.g.
        :func:`hoptheory.maps.top_k_mask`).
    mask_fn : callable, optional
        Query-dependent mask: ``mask_fn(z)`` maps the scores :math:`z=\Xi^\top x` of shape
        ``(M, N)`` to a boolean ``(M, N)`` array (e.g. ``lambda z: top_k_mask(z, k)``).
        Exactly one of ``mask`` and ``mask_fn`` must be given.
    variant : {"V1", "V2"}

    Attributes
    ----------
    Xi, beta, d, M, m, xp, variant

    Hypotheses: the retrieval results of the catalogue need the target :math:`\mu\in\mathcal M`.
    V2 needs at least one selected memory per query.

    References
    ----------
    .. [1] Hu et al., "Nonparametric Modern Hopfield Models", arXiv:2404.03900, Theorem 3.2
       (label unconfirmed); catalogue claims ``hu2024/sparse-structured-map``,
       ``hu2024/sparse-v2-reduction``, ``hu2024/v1-jacobian``.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    >>> x, mask = np.array([0.7, 0.1]), np.array([True, False, True])
    >>> p = np.exp(2.0 * Xi.T @ x) / np.exp(2.0 * Xi.T @ x).sum()  # softmax over all memories
    >>> v1 = StructuredHopfield(Xi, 2.0, mask, variant="V1")
    >>> bool(np.allclose(v1.retrieve(x), Xi[:, mask] @ p[mask]))  # masked, not renormalised
    True
    >>> v2 = StructuredHopfield(Xi, 2.0, mask, variant="V2")
    >>> bool(np.allclose(v2.retrieve(x), Xi[:, mask] @ (p[mask] / p[mask].sum())))
    True
    """

    def __init__(self, Xi, beta: float, mask=None, *, mask_fn: Callable | None = None, variant: str = "V1"):
        super().__init__(Xi, beta, SHANNON)
        if variant not in _VARIANTS:
            raise ValueError(f"variant must be one of {_VARIANTS}; got {variant!r}")
        self.variant = variant
        if (mask is None) == (mask_fn is None):
            raise ValueError("give exactly one of mask (fixed) and mask_fn (query-dependent)")
        if mask is not None:
            mask = self._check_mask(mask, None)
        self.mask, self.mask_fn = mask, mask_fn

    # ------------------------------------------------------------------ masks

    def _check_mask(self, mask, N: int | None):
        xp = self.xp
        if not hasattr(mask, "dtype"):
            raise TypeError(f"mask must be a boolean array; got {type(mask).__name__}")
        get_namespace(mask, self.Xi)
        if mask.dtype != xp.bool:
            raise TypeError(f"mask must have dtype bool; got {mask.dtype} (use mask != 0 explicitly)")
        if mask.ndim not in (1, 2) or mask.shape[0] != self.M:
            raise ValueError(f"mask must have shape (M,) or (M, N) with M = {self.M}; got shape {tuple(mask.shape)}")
        if N is not None and mask.ndim == 2 and mask.shape[1] != N:
            raise ValueError(f"mask of shape {tuple(mask.shape)} does not match {N} query column(s)")
        return mask

    def support(self, x):
        """Boolean mask :math:`\\mathcal M(x)` of shape ``(M,)`` or ``(M, N)`` (as the query)."""
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        return unblock(self._mask_block(X), vector)

    def _mask_block(self, X, z=None):
        xp = self.xp
        N = X.shape[1]
        if self.mask_fn is not None:
            z = self.Xi.T @ X if z is None else z
            mask = self._check_mask(self.mask_fn(z), N)
        else:
            mask = self._check_mask(self.mask, N)
        if mask.ndim == 1:
            mask = xp.broadcast_to(xp.reshape(mask, (self.M, 1)), (self.M, N))
        return mask

    # ------------------------------------------------------------------ the map

    def _weights_block(self, X):
        z = self.Xi.T @ X
        mask = self._mask_block(X, z)
        theta = self.beta * z
        if self.variant == "V1":
            p = self.family.map(theta, axis=0)
            w = self.xp.where(mask, p, self.xp.zeros_like(p))
            return w, p
        if not bool(self.xp.all(self.xp.any(mask, axis=0))):
            raise ValueError("V2 needs at least one selected memory per query; a mask column is empty")
        q = masked_softmax(theta, mask, axis=0)
        return q, q

    def weights(self, x):
        r"""Weights on the memories: :math:`p\odot\mathbb 1_{\mathcal M}` (V1) or :math:`q` (V2), shape ``(M,)``/``(M, N)``."""
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        return unblock(self._weights_block(X)[0], vector)

    def mask_mass(self, x):
        r"""Softmax mass on the mask :math:`P_{\mathcal M}(x)=\sum_{\mu\in\mathcal M}p_\mu(x)`, shape ``()``/``(N,)``."""
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        xp = self.xp
        z = self.Xi.T @ X
        mask = self._mask_block(X, z)
        p = self.family.map(self.beta * z, axis=0)
        mass = xp.sum(xp.where(mask, p, xp.zeros_like(p)), axis=0)
        return mass[0] if vector else mass

    def retrieve(self, x):
        r"""Retrieval :math:`T_{\mathcal M}(x)=\Xi w(x)`, shape as ``x``."""
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        return unblock(self.Xi @ self._weights_block(X)[0], vector)

    def jacobian(self, x):
        r"""Closed-form Jacobian, ``(d, d)`` or ``(N, d, d)``.

        .. math::

            J^{(1)}(x) = \beta\,\Xi\big(\operatorname{diag}(p_{\mathcal M})-p_{\mathcal M}p^\top\big)\Xi^\top
                       = \beta\sum_{\nu\in\mathcal M}p_\nu\,\xi_\nu(\xi_\nu-\Xi p)^\top,
            \qquad
            J^{(2)}(x) = \beta\,\Xi\big(\operatorname{diag}(q)-qq^\top\big)\Xi^\top,

        with :math:`p_{\mathcal M}=p\odot\mathbb 1_{\mathcal M}`.  Derivation (V1):
        :math:`T^{(1)}=\Xi\,D_{\mathcal M}\,p` with the constant diagonal 0/1 matrix
        :math:`D_{\mathcal M}`, and :math:`\partial p/\partial x=\beta(\operatorname{diag}p-pp^\top)\Xi^\top`,
        so :math:`J^{(1)}=\beta\Xi D_{\mathcal M}(\operatorname{diag}p-pp^\top)\Xi^\top` and
        :math:`D_{\mathcal M}\operatorname{diag}p=\operatorname{diag}p_{\mathcal M}`,
        :math:`D_{\mathcal M}p\,p^\top=p_{\mathcal M}p^\top`.  :math:`J^{(1)}` is not symmetric in
        general; :math:`J^{(2)}` is.  For a query-dependent mask (top-K) this is the derivative
        with the mask held fixed, which is the Jacobian wherever the selected set is locally
        constant (everywhere except at ties between the :math:`k`-th and :math:`(k+1)`-th score).
        """
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        xp = self.xp
        w, p = self._weights_block(X)  # (M, N) each
        N = X.shape[1]
        # beta * Xi diag(w_n) Xi^T  for every column n: (N, d, M) @ (M, d)
        scaled = xp.reshape(self.Xi, (1, self.d, self.M)) * xp.reshape(w.T, (N, 1, self.M))
        first = scaled @ self.Xi.T
        u = self.Xi @ w  # (d, N)
        v = self.Xi @ p
        outer = xp.reshape(u.T, (N, self.d, 1)) * xp.reshape(v.T, (N, 1, self.d))
        J = self.beta * (first - outer)
        return J[0, ...] if vector else J

    def energy(self, x):
        r"""Energy of V2 with a fixed mask, :math:`E_{\mathcal M}(x)=-\beta^{-1}\log\sum_{\mu\in\mathcal M}e^{\beta z_\mu}+\tfrac12\lVert x\rVert^2`.

        V2 with a fixed mask is the dense model on the sub-memory :math:`\Xi_{\mathcal M}`
        (claim ``hu2024/sparse-v2-reduction``), so :math:`\nabla E_{\mathcal M}=x-T^{(2)}_{\mathcal M}`.
        V1 and query-dependent masks have no such energy (non-symmetric Jacobian, or a
        discontinuous map) and raise ``NotImplementedError``.
        """
        if self.variant != "V2" or self.mask_fn is not None:
            raise NotImplementedError(
                "an energy with gradient x - T(x) exists only for V2 with a fixed mask; V1 has a "
                "non-symmetric Jacobian, and query-dependent masks make T discontinuous"
            )
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        xp = self.xp
        mask = self._mask_block(X)
        if not bool(xp.all(xp.any(mask, axis=0))):
            raise ValueError("V2 needs at least one selected memory per query; a mask column is empty")
        lse = _masked_lse0(self.beta * (self.Xi.T @ X), mask)
        E = -lse / self.beta + 0.5 * xp.sum(X * X, axis=0)
        return E[0] if vector else E

    def score_evaluations(self, n_queries: int | None = None) -> int:
        r"""Number of scores :math:`\langle\xi_\mu,x\rangle` the map needs for ``n_queries`` queries.

        V1 needs all :math:`M` scores per query (its normaliser runs over :math:`[M]`); so do
        query-dependent masks (selection).  V2 with a fixed mask needs exactly
        :math:`\sum_\ell|\mathcal M(x_\ell)|` (what a gather-based evaluator computes, see
        :func:`gathered_masked_retrieve`); this class itself always forms all scores.
        """
        if self.mask is not None and self.mask.ndim == 2:
            N = int(self.mask.shape[1]) if n_queries is None else int(n_queries)
            if N != self.mask.shape[1]:
                raise ValueError(f"the fixed mask has {self.mask.shape[1]} columns; got n_queries={n_queries}")
        else:
            if n_queries is None:
                raise ValueError("n_queries is required for a shared (M,) mask or a query-dependent mask")
            N = int(n_queries)
        if self.variant == "V1" or self.mask_fn is not None:
            return self.M * N
        xp = self.xp
        per_column = int(xp.sum(xp.astype(self.mask, xp.int64)))
        return per_column if self.mask.ndim == 2 else per_column * N

    def support_size(self, x):
        r"""Support size :math:`|\mathcal M(x)|` (softmax on the mask is strictly positive there).

        The mathematical support, even where weights underflow to 0 in floating point.
        Returns an integer array of shape ``()`` or ``(N,)``.
        """
        xp = self.xp
        mask = self.support(x)
        return xp.sum(xp.astype(mask, xp.int64), axis=0)

    def iterate(self, x0, max_steps: int = 100, tol: float | None = None) -> Iteration:
        r"""Fixed-point iteration :math:`x_{t+1}=T_{\mathcal M}(x_t)`, energy-free.

        Same stopping rule and record as :meth:`HopfieldModel.iterate`.  ``energies`` holds
        :math:`E_{\mathcal M}(x_t)` for V2 with a fixed mask (monotone, CCCP) and NaN otherwise
        (V1 and query-dependent masks have no energy).  With a fixed ``(M, N)`` mask the query
        must match its single column (``N = 1``).
        """
        has_energy = self.variant == "V2" and self.mask_fn is None
        return iterate_map(
            self.retrieve,
            x0,
            d=self.d,
            xp=self.xp,
            scale=self.m,
            energy=self.energy if has_energy else None,
            max_steps=max_steps,
            tol=tol,
            xi_shape=tuple(self.Xi.shape),
        )


# --------------------------------------------------------------------------- gather-based V2


def _retrieve_inputs(Xi, X, beta):
    Xi = as_float_array(Xi, "Xi", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    xp = get_namespace(Xi, X)
    if X.shape[0] != Xi.shape[0]:
        raise ValueError(f"X must have shape (d, N) with d = Xi.shape[0]; got Xi {tuple(Xi.shape)}, X {tuple(X.shape)}")
    return xp, Xi, X, check_beta(beta)


def offset_masked_retrieve(Xi, X, beta: float, offsets) -> tuple[Any, int]:
    r"""V2 retrieval with a positional mask, computing only the selected scores.

    .. math::

        T(x_\ell) = \sum_{\mu\in\mathcal M_\ell} q_{\mu\ell}\,\xi_\mu,\quad
        q_{\cdot\ell} = \operatorname{softmax}\big(\beta\langle\xi_\mu,x_\ell\rangle\big)_{\mu\in\mathcal M_\ell},\quad
        \mathcal M_\ell = \{\mu\in[M] : \mu-\ell\in O\}.

    One pass per offset :math:`o\in O` over the aligned slices
    :math:`(\xi_{\ell+o},x_\ell)`: cost :math:`O(|O|\,L\,d)` time and :math:`O(|O|L+Ld)` memory,
    never the :math:`M\times L` score matrix.  With the window offsets
    :math:`\{-w..w\}`, :math:`w=\lceil\sqrt L\rceil`, or the strided offsets, this is the
    :math:`O(L^{3/2}d)` model.

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
    X : float array, shape ``(d, L)``
        Queries; query ``l`` sits at position ``l``.
    beta : float
    offsets : iterable of int
        The offset set :math:`O` (e.g. :func:`hoptheory.maps.window_offsets`).

    Returns
    -------
    out : float array, shape ``(d, L)``
    n_scores : int
        Exact number of scores computed, :math:`\sum_\ell|\mathcal M_\ell|`.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.random.default_rng(0).standard_normal((2, 5))
    >>> T, n_scores = offset_masked_retrieve(Xi, Xi, 1.0, [-1, 0, 1])  # queries = memories
    >>> near = np.abs(np.subtract.outer(np.arange(5), np.arange(5))) <= 1  # |mu - l| <= 1
    >>> e = np.where(near, np.exp(Xi.T @ Xi), 0.0)
    >>> n_scores, bool(np.allclose(T, Xi @ (e / e.sum(axis=0))))
    (13, True)
    """
    xp, Xi, X, beta = _retrieve_inputs(Xi, X, beta)
    d, M = Xi.shape
    L = X.shape[1]
    offs = sorted({int(o) for o in offsets})
    spans = [(o, max(0, -o), min(L, M - o)) for o in offs]
    spans = [(o, lo, hi) for o, lo, hi in spans if hi > lo]
    if not spans:
        raise ValueError("no offset selects any memory: every query would have an empty mask")
    # zero-pad the memories once so that every offset is one aligned slice of width L:
    # column l of the slice for offset o is xi_{l+o} (zeros outside [M], masked below)
    left = max(0, -min(o for o, _, _ in spans))
    right = max(0, max(o for o, _, _ in spans) + L - M)
    parts = [Xi]
    if left:
        parts.insert(0, xp.zeros((d, left), dtype=Xi.dtype))
    if right:
        parts.append(xp.zeros((d, right), dtype=Xi.dtype))
    Xi_pad = xp.concat(parts, axis=1) if len(parts) > 1 else Xi
    pos = xp.arange(L)
    neg = xp.full((L,), -math.inf, dtype=X.dtype)
    rows = []
    n_scores = 0
    for o, lo, hi in spans:
        s = beta * xp.sum(Xi_pad[:, left + o : left + o + L] * X, axis=0)
        if lo > 0 or hi < L:
            s = xp.where(xp.logical_and(pos >= lo, pos < hi), s, neg)
        rows.append(s)
        n_scores += hi - lo
    logits = xp.stack(rows, axis=0)  # (|O|, L), -inf where the offset leaves [M]
    mx = xp.max(logits, axis=0, keepdims=True)
    if not bool(xp.all(xp.isfinite(mx))):
        raise ValueError("some query has an empty mask (no offset lands inside [M] for it)")
    e = xp.exp(logits - mx)
    q = e / xp.sum(e, axis=0, keepdims=True)
    out = xp.zeros((d, L), dtype=X.dtype)
    for r, (o, _lo, _hi) in enumerate(spans):
        out = out + q[r, :] * Xi_pad[:, left + o : left + o + L]
    return out, n_scores


def gathered_masked_retrieve(Xi, X, beta: float, indices) -> tuple[Any, int]:
    r"""V2 retrieval with index-list masks, computing only the selected scores.

    .. math::

        T(x_n) = \sum_{j=1}^{k} q_{jn}\,\xi_{I_{jn}},\qquad
        q_{\cdot n} = \operatorname{softmax}\big(\beta\langle\xi_{I_{jn}},x_n\rangle\big)_{j\le k}.

    Cost :math:`O(kNd)` (the BigBird-like random-mask model with a gather-based
    implementation).

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
    X : float array, shape ``(d, N)``
    beta : float
    indices : integer array, shape ``(k, N)``
        Distinct memory indices per column (e.g.
        :func:`hoptheory.maps.random_subset_indices`).

    Returns
    -------
    out : float array, shape ``(d, N)``
    n_scores : int
        :math:`kN`.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, 0.5, -1.0], [0.0, 1.0, 0.5, 0.0]])
    >>> X, idx = np.array([[0.3, -0.2], [0.6, 0.4]]), np.array([[0, 1], [2, 3]])
    >>> T, n_scores = gathered_masked_retrieve(Xi, X, 2.0, idx)
    >>> col = [Xi[:, idx[:, n]] @ np.exp(2.0 * Xi[:, idx[:, n]].T @ X[:, n]) for n in range(2)]
    >>> norm = [np.exp(2.0 * Xi[:, idx[:, n]].T @ X[:, n]).sum() for n in range(2)]
    >>> n_scores, bool(np.allclose(T, np.stack(col, axis=1) / np.array(norm)))
    (4, True)
    """
    xp, Xi, X, beta = _retrieve_inputs(Xi, X, beta)
    get_namespace(Xi, indices)
    d, M = Xi.shape
    N = X.shape[1]
    if not hasattr(indices, "dtype") or not xp.isdtype(indices.dtype, "integral"):
        raise TypeError("indices must be an integer array of shape (k, N)")
    if indices.ndim != 2 or indices.shape[1] != N or indices.shape[0] < 1:
        raise ValueError(f"indices must have shape (k, N) with N = {N}, k >= 1; got {tuple(indices.shape)}")
    k = int(indices.shape[0])
    if bool(xp.any(indices < 0)) or bool(xp.any(indices >= M)):
        raise ValueError(f"indices must lie in [0, M) with M = {M}")
    srt = xp.sort(indices, axis=0)
    if k > 1 and bool(xp.any(srt[1:, :] == srt[:-1, :])):
        raise ValueError("indices must be distinct within each column")
    flat = xp.reshape(indices.T, (N * k,))
    G = xp.reshape(xp.take(Xi, flat, axis=1), (d, N, k))  # G[:, n, j] = xi_{I[j, n]}
    logits = beta * xp.sum(G * xp.reshape(X, (d, N, 1)), axis=0)  # (N, k)
    mx = xp.max(logits, axis=1, keepdims=True)
    e = xp.exp(logits - mx)
    q = e / xp.sum(e, axis=1, keepdims=True)
    out = xp.sum(G * xp.reshape(q, (1, N, k)), axis=2)
    return out, k * N
