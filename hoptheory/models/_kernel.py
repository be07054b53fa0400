"""Kernelised members of the nonparametric family (Hu et al. 2024, family appendix).

* :class:`LinearHopfield`: the linear model with :math:`\\phi=\\operatorname{elu}+1` features;
* :class:`PerformerHopfield`: positive random features for :math:`e^{\\beta\\langle u,v\\rangle}`;
* :class:`KeyValueHopfield`: one attention head, keys :math:`\\ne` values;
* :class:`MultiHeadHopfield`: heads combined by concatenation and an output matrix.

The linear and random-feature models share the normalised (Nadaraya–Watson) form

.. math::

    T_\\phi(x) = \\frac{\\Xi\\,\\phi(\\Xi)^\\top\\phi(x)}{\\mathbf 1^\\top\\phi(\\Xi)^\\top\\phi(x)},

evaluated in factorised order (:math:`S=\\Xi\\phi(\\Xi)^\\top` and :math:`s=\\phi(\\Xi)\\mathbf 1`
once, then :math:`O(dD_\\phi)` per query): cost :math:`O((M+N)dD_\\phi)`, linear in the sequence
length.  The weights are positive, so :math:`T_\\phi(x)\\in\\operatorname{conv}\\{\\xi_\\mu\\}`.
These maps are not gradient fields in general (non-symmetric Jacobians): they have no energy.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

from hoptheory.backend import as_float_array, check_beta, get_namespace
from hoptheory.maps import SHANNON, softmax
from hoptheory.maps._features import (
    elu_plus_one,
    elu_plus_one_derivative,
    positive_random_log_features,
    prf_weights,
)
from hoptheory.models._hopfield import HopfieldModel
from hoptheory.models._iterate import Iteration, iterate_map
from hoptheory.models._queries import as_query_block, unblock


__all__ = ["KeyValueHopfield", "LinearHopfield", "MultiHeadHopfield", "PerformerHopfield"]

_NO_ENERGY = (
    "{name} has no energy: its Jacobian is not symmetric in general, so T is not the gradient "
    "of any function and x - T(x) is not an energy gradient; use iterate() (energy-free)"
)


class _Factorised:
    r"""The normalised kernel map evaluated in factorised order.

    .. math::

        T_\phi(x)=\frac{S\phi(x)}{s^\top\phi(x)},\qquad
        J(x)=\frac{\big(S-T(x)s^\top\big)J_\phi(x)}{s^\top\phi(x)},\qquad
        S=\Xi\phi(\Xi)^\top,\ s=\phi(\Xi)\mathbf 1 .

    A model sets ``Xi, d, m, xp``, stores its key features with :meth:`_store_keys` and
    supplies the query features ``_features(X)`` (``(D, N)``) and their Jacobians
    ``_features_jacobian(X, F)`` (``(N, D, d)``).  Such a map is not a gradient field in
    general: it has no energy, and the iteration is energy-free.
    """

    def _store_keys(self, phi_keys):
        self._phi_keys = phi_keys  # (D, M)
        self._S = self.Xi @ phi_keys.T  # (d, D)
        self._s = self.xp.sum(phi_keys, axis=1)  # (D,)

    def _block(self, x):
        return as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))

    def weights(self, x):
        r"""Normalised kernel weights :math:`p(x)=\phi(\Xi)^\top\phi(x)/(s^\top\phi(x))\in\Delta^M` (direct form).

        Shape ``(M,)`` or ``(M, N)``, as the query.
        """
        X, vector = self._block(x)
        K = self._phi_keys.T @ self._features(X)
        return unblock(K / self.xp.sum(K, axis=0, keepdims=True), vector)

    def retrieve(self, x):
        r"""Factorised :math:`T_\phi(x)=S\phi(x)/(s^\top\phi(x))`, shape as ``x``; cost :math:`O((M+N)dD_\phi)`."""
        X, vector = self._block(x)
        F = self._features(X)
        return unblock((self._S @ F) / (self._s @ F), vector)

    def jacobian(self, x):
        r"""Jacobian :math:`J(x)=\big(S-T(x)s^\top\big)J_\phi(x)/(s^\top\phi(x))`, ``(d, d)`` or ``(N, d, d)``."""
        X, vector = self._block(x)
        xp = self.xp
        F = self._features(X)
        den = self._s @ F
        T = (self._S @ F) / den
        d, D = self._S.shape
        N = T.shape[1]
        A = xp.reshape(self._S, (1, d, D)) - xp.reshape(T.T, (N, d, 1)) * xp.reshape(self._s, (1, 1, D))
        J = (A @ self._features_jacobian(X, F)) / xp.reshape(den, (N, 1, 1))
        return J[0, ...] if vector else J

    def energy(self, x):
        """Raises ``NotImplementedError``: the map is not a gradient field, so there is no energy."""
        raise NotImplementedError(_NO_ENERGY.format(name=type(self).__name__))

    def iterate(self, x0, max_steps: int = 100, tol: float | None = None) -> Iteration:
        """Energy-free fixed-point iteration (``energies`` are NaN), see :func:`hoptheory.models._iterate.iterate_map`."""
        return iterate_map(self.retrieve, x0, d=self.d, xp=self.xp, scale=self.m,
                           max_steps=max_steps, tol=tol, xi_shape=tuple(self.Xi.shape))


class LinearHopfield(_Factorised):
    r"""Linear (Katharopoulos-style) Hopfield model with :math:`\phi=\operatorname{elu}+1`.

    .. math::

        T_{\rm Lin}(x)=\frac{\Xi\,\phi(\Xi)^\top\phi(x)}{\mathbf 1^\top\phi(\Xi)^\top\phi(x)},
        \qquad \phi(u)=\operatorname{elu}(u)+1\ \text{(entrywise, } D_\phi=d).

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
        Memories (columns).

    Attributes
    ----------
    Xi, d, M, m, xp

    Notes
    -----
    :math:`\beta` has no standard place in this kernel and the model takes none.  Weights
    :math:`p_\mu(x)=\phi(\xi_\mu)^\top\phi(x)/\sum_\nu\phi(\xi_\nu)^\top\phi(x)>0`, so
    :math:`\lVert T_{\rm Lin}(x)\rVert\le m`.

    References
    ----------
    .. [1] Hu et al., "Nonparametric Modern Hopfield Models", arXiv:2404.03900, family appendix
       (linear model; label unconfirmed); catalogue claim ``hu2024/variant-linear``.
    .. [2] Katharopoulos et al., "Transformers are RNNs", ICML 2020.

    Examples
    --------
    >>> import numpy as np
    >>> Xi, x = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0]]), np.array([0.4, -0.6])
    >>> phi = lambda u: np.where(u > 0, u + 1, np.exp(u))  # elu + 1
    >>> k = phi(Xi).T @ phi(x)  # kernel values k(xi_mu, x)
    >>> bool(np.allclose(LinearHopfield(Xi).retrieve(x), Xi @ k / k.sum()))
    True
    """

    def __init__(self, Xi):
        Xi = as_float_array(Xi, "Xi", ndim=2)
        self.xp = get_namespace(Xi)
        self.Xi = Xi
        self.d, self.M = int(Xi.shape[0]), int(Xi.shape[1])
        self.m = float(self.xp.max(self.xp.linalg.vector_norm(Xi, axis=0)))
        self._store_keys(elu_plus_one(Xi))

    def _features(self, X):
        return elu_plus_one(X)

    def _features_jacobian(self, X, F):
        """:math:`J_\\phi(x_n)=\\operatorname{diag}\\phi'(x_n)`, shape ``(N, d, d)``."""
        N = X.shape[1]
        eye = self.xp.eye(self.d, dtype=X.dtype)
        dF = elu_plus_one_derivative(X)  # (d, N)
        return self.xp.reshape(eye, (1, self.d, self.d)) * self.xp.reshape(dF.T, (N, self.d, 1))

    def kernel_scores(self, x):
        r"""Kernel values :math:`k_\phi(\xi_\mu,x)=\phi(\xi_\mu)^\top\phi(x)`, shape ``(M,)``/``(M, N)``."""
        X, vector = self._block(x)
        return unblock(self._phi_keys.T @ elu_plus_one(X), vector)

    def __repr__(self) -> str:
        return f"LinearHopfield(d={self.d}, M={self.M})"


class PerformerHopfield(_Factorised, HopfieldModel):
    r"""Positive-random-feature (Performer, FAVOR+) Hopfield model.

    .. math::

        T_{\rm PRF}(x)=\frac{\Xi\,\phi_+(\Xi)^\top\phi_+(x)}{\mathbf 1^\top\phi_+(\Xi)^\top\phi_+(x)},
        \qquad
        \phi_+(u)=\frac{e^{-\beta\lVert u\rVert^2/2}}{\sqrt{n_f}}\big(e^{\sqrt\beta\,\omega_j^\top u}\big)_{j\le n_f},

    with :math:`\omega_j\sim\mathcal N(0,I_d)`; :math:`\phi_+(u)^\top\phi_+(v)` is an unbiased
    estimator of :math:`e^{\beta\langle u,v\rangle}`, so :math:`T_{\rm PRF}\to T_{\rm Dense}` at rate
    :math:`O_P(n_f^{-1/2})`.

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
    beta : float
        :math:`\beta>0`.
    n_features : int
        :math:`n_f\ge1`.
    seed : int
        Seed of the frequencies (:func:`hoptheory.maps.prf_weights`).
    orthogonal : bool
        Orthogonal random features (Performer's ORF).

    Attributes
    ----------
    Xi, beta, d, M, m, xp, W (``(n_f, d)``), n_features
    family : Family
        :data:`hoptheory.maps.SHANNON`, the family whose map the features estimate; the
        support size is :math:`M` (every estimated kernel value is positive).

    Notes
    -----
    Numerical choice: features are formed in the log domain and shifted, per feature :math:`j`
    on the key side by :math:`c_j=\max_\mu\log\phi_+(\xi_\mu)_j` and compensated on the query
    side, then per query column; the shifts cancel exactly in the ratio, and the denominator is
    at least 1, so the map is finite for :math:`\beta=10^{8}` and :math:`10^{-8}` (though the
    estimator is useless when :math:`\beta\lVert u\rVert^2` is large).

    References
    ----------
    .. [1] Choromanski et al., "Rethinking Attention with Performers", ICLR 2021.
    .. [2] Hu et al., arXiv:2404.03900, family appendix (label unconfirmed); catalogue claim
       ``hu2024/variant-prf``.

    Examples
    --------
    >>> import numpy as np
    >>> from hoptheory.maps import positive_random_features
    >>> Xi, x = np.array([[0.6, -0.2, 0.1], [0.1, 0.5, -0.7]]), np.array([0.3, 0.2])
    >>> model = PerformerHopfield(Xi, 1.0, n_features=64, seed=0)
    >>> k = positive_random_features(Xi, model.W, 1.0).T @ positive_random_features(x, model.W, 1.0)
    >>> bool(np.allclose(model.retrieve(x), Xi @ k / k.sum()))  # the estimated softmax weights
    True
    """

    map_name = "positive random features"

    def __init__(self, Xi, beta: float, n_features: int, seed: int, *, orthogonal: bool = False):
        super().__init__(Xi, beta, SHANNON)
        if isinstance(n_features, bool) or not isinstance(n_features, numbers.Integral) or n_features < 1:
            raise ValueError(f"n_features must be a positive integer; got {n_features!r}")
        self.n_features = int(n_features)
        self.W = prf_weights(self.n_features, self.d, seed=seed, xp=self.xp, orthogonal=orthogonal)
        xp = self.xp
        logk = positive_random_log_features(self.Xi, self.W, self.beta)  # (n_f, M)
        self._c = xp.max(logk, axis=1, keepdims=True)  # (n_f, 1)
        self._store_keys(xp.exp(logk - self._c))  # max 1 in every row

    def _features(self, X):
        """Shifted query features: column n equals phi_+(x_n) * e^{c} / (column constant)."""
        xp = self.xp
        logq = positive_random_log_features(X, self.W, self.beta) + self._c  # (n_f, N)
        return xp.exp(logq - xp.max(logq, axis=0, keepdims=True))

    def _features_jacobian(self, X, F):
        r""":math:`\partial\phi_+(x)_j/\partial x=\phi_+(x)_j(\sqrt\beta\,\omega_j-\beta x)`, shape ``(N, n_f, d)``."""
        xp = self.xp
        N, n_f = X.shape[1], self.n_features
        G = math.sqrt(self.beta) * xp.reshape(self.W, (1, n_f, self.d)) - self.beta * xp.reshape(X.T, (N, 1, self.d))
        return xp.reshape(F.T, (N, n_f, 1)) * G


class KeyValueHopfield:
    r"""One attention head: keys :math:`\ne` values.

    .. math::

        T(x) = \Xi_V\,\operatorname{softmax}\big(\beta\,\Xi_K^\top P x\big),

    the SVR view of one head (asymmetric feature maps for queries and keys).

    Parameters
    ----------
    keys : float array, shape ``(d_k, M)``
        :math:`\Xi_K`.
    values : float array, shape ``(d_v, M)``
        :math:`\Xi_V`.
    beta : float
    query_projection : float array, shape ``(d_k, d)``, optional
        :math:`P` (default identity, :math:`d=d_k`).

    Attributes
    ----------
    keys, values, P, beta, d (input dimension), d_out (:math:`d_v`), M, xp

    References
    ----------
    .. [1] Hu et al., arXiv:2404.03900, one head of the multi-head model (label unconfirmed);
       a building block of the catalogue claim ``hu2024/variant-multi-head`` (one head
       per query projection :math:`P`).

    Examples
    --------
    >>> import numpy as np
    >>> keys, values = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[2.0, -1.0]])
    >>> x = np.array([0.5, 0.1])
    >>> q = np.exp(3.0 * keys.T @ x) / np.exp(3.0 * keys.T @ x).sum()
    >>> bool(np.allclose(KeyValueHopfield(keys, values, 3.0).retrieve(x), values @ q))
    True
    """

    def __init__(self, keys, values, beta: float, query_projection=None):
        keys = as_float_array(keys, "keys", ndim=2)
        xp = get_namespace(keys)
        values = as_float_array(values, "values", xp=xp, ndim=2)
        get_namespace(keys, values)
        if keys.shape[1] != values.shape[1]:
            raise ValueError(f"keys (d_k, M) and values (d_v, M) disagree on M: {tuple(keys.shape)}, {tuple(values.shape)}")
        self.beta = check_beta(beta)
        if query_projection is None:
            P = None
            self.d = int(keys.shape[0])
        else:
            P = as_float_array(query_projection, "query_projection", xp=xp, ndim=2)
            get_namespace(keys, P)
            if P.shape[0] != keys.shape[0]:
                raise ValueError(f"query_projection must have shape (d_k, d) with d_k = {keys.shape[0]}; got {tuple(P.shape)}")
            self.d = int(P.shape[1])
        self.keys, self.values, self.P, self.xp = keys, values, P, xp
        self.M, self.d_out = int(keys.shape[1]), int(values.shape[0])

    def _block(self, x):
        return as_query_block(x, self.d, self.xp, (self.d, self.M))

    def weights(self, x):
        r""":math:`\operatorname{softmax}(\beta\Xi_K^\top Px)`, shape ``(M,)``/``(M, N)``."""
        X, vector = self._block(x)
        Q = X if self.P is None else self.P @ X
        theta = self.beta * (self.keys.T @ Q)
        return unblock(softmax(theta, axis=0), vector)

    def retrieve(self, x):
        """:math:`\\Xi_V\\,\\operatorname{softmax}(\\beta\\Xi_K^\\top Px)`, shape ``(d_v,)``/``(d_v, N)``."""
        X, vector = self._block(x)
        return unblock(self.values @ self.weights(X), vector)

    def jacobian(self, x):
        r""":math:`\beta\,\Xi_V(\operatorname{diag}q-qq^\top)\Xi_K^\top P`, shape ``(d_v, d)``/``(N, d_v, d)``."""
        X, vector = self._block(x)
        xp = self.xp
        q = self.weights(X)  # (M, N)
        N = X.shape[1]
        KP = self.keys.T if self.P is None else self.keys.T @ self.P  # (M, d)
        scaled = xp.reshape(self.values, (1, self.d_out, self.M)) * xp.reshape(q.T, (N, 1, self.M))
        first = scaled @ KP
        u = self.values @ q  # (d_v, N)
        v = KP.T @ q  # (d, N)
        J = self.beta * (first - xp.reshape(u.T, (N, self.d_out, 1)) * xp.reshape(v.T, (N, 1, self.d)))
        return J[0, ...] if vector else J


class MultiHeadHopfield:
    r"""Multi-head Hopfield model: heads concatenated, then mixed by an output matrix.

    .. math::

        T(x) = W_O\begin{bmatrix}T_1(x)\\ \vdots\\ T_H(x)\end{bmatrix},

    the column form of :math:`Z=\operatorname{Concat}_h[\operatorname{softmax}(\beta Q_hK_h^\top)V_h]W_O`
    (:meth:`from_projections` converts the paper's row convention).

    Parameters
    ----------
    heads : sequence of models
        Each with ``d`` (input dimension), ``retrieve`` and ``jacobian``; output dimension
        ``d_out`` (or ``d`` if absent).  All must take the same input dimension and namespace.
    combine : None, "mean", or float array of shape ``(d_out, sum_h d_h)``
        ``None``: plain concatenation; ``"mean"``: the average of the heads (equal output
        dimensions); an array: :math:`W_O` in column convention.

    Attributes
    ----------
    heads, W_O (or None), d, d_out, xp

    References
    ----------
    .. [1] Hu et al., arXiv:2404.03900, multi-head model (label unconfirmed); catalogue claim
       ``hu2024/variant-multi-head``.

    Examples
    --------
    >>> import numpy as np
    >>> Xi, x = np.array([[1.0, 0.0, 0.4], [0.0, 1.0, 0.4]]), np.array([0.2, 0.9])
    >>> heads = [KeyValueHopfield(Xi, Xi, beta) for beta in (1.0, 5.0)]
    >>> both = MultiHeadHopfield(heads)  # concatenation of the heads
    >>> out = np.concatenate([Xi @ np.exp(b * Xi.T @ x) / np.exp(b * Xi.T @ x).sum() for b in (1.0, 5.0)])
    >>> both.d_out, bool(np.allclose(both.retrieve(x), out))
    (4, True)
    """

    def __init__(self, heads: Sequence[Any], combine=None):
        heads = list(heads)
        if not heads:
            raise ValueError("heads must contain at least one head")
        dims = {int(h.d) for h in heads}
        if len(dims) != 1:
            raise ValueError(f"all heads must take the same input dimension; got {sorted(dims)}")
        self.heads = heads
        self.d = dims.pop()
        self.xp = heads[0].xp
        self._out_dims = [int(getattr(h, "d_out", h.d)) for h in heads]
        total = sum(self._out_dims)
        self.mode = "concat"
        self.W_O = None
        if combine is None:
            self.d_out = total
        elif isinstance(combine, str):
            if combine != "mean":
                raise ValueError(f"combine must be None, 'mean' or an array; got {combine!r}")
            if len(set(self._out_dims)) != 1:
                raise ValueError(f"'mean' needs equal head output dimensions; got {self._out_dims}")
            self.mode, self.d_out = "mean", self._out_dims[0]
        else:
            W_O = as_float_array(combine, "combine", xp=self.xp, ndim=2)
            if get_namespace(W_O) is not self.xp:
                raise TypeError("combine (W_O) must be an array of the heads' namespace")
            if W_O.shape[1] != total:
                raise ValueError(f"combine (W_O) must have shape (d_out, {total}); got {tuple(W_O.shape)}")
            self.mode, self.W_O, self.d_out = "matrix", W_O, int(W_O.shape[0])

    @classmethod
    def from_projections(cls, Xi, beta: float, W_Q, W_K, W_V, W_O=None):
        r"""Build from the paper's projections (row convention, right multiplication).

        With memories :math:`Y=\Xi^\top` (rows) and queries :math:`R` (rows):
        :math:`Q_h=RW_Q^h`, :math:`K_h=YW_K^h`, :math:`V_h=YW_V^h`; head :math:`h` is the
        :class:`KeyValueHopfield` with :math:`\Xi_K=W_K^{h\top}\Xi`, :math:`\Xi_V=W_V^{h\top}\Xi`,
        :math:`P=W_Q^{h\top}`, and the output matrix is :math:`W_O^\top`.

        Parameters
        ----------
        Xi : float array, shape ``(d, M)``
        beta : float
        W_Q, W_K : sequences of float arrays, each ``(d, d_h)``
        W_V : sequence of float arrays, each ``(d, d_v)``
        W_O : float array, shape ``(H d_v, d_out)``, optional
        """
        Xi = as_float_array(Xi, "Xi", ndim=2)
        if not (len(W_Q) == len(W_K) == len(W_V)) or len(W_Q) == 0:
            raise ValueError(f"W_Q, W_K, W_V must list the same positive number of heads; got {len(W_Q)}, {len(W_K)}, {len(W_V)}")
        heads = [KeyValueHopfield(wk.T @ Xi, wv.T @ Xi, beta, query_projection=wq.T) for wq, wk, wv in zip(W_Q, W_K, W_V)]
        return cls(heads, combine=None if W_O is None else W_O.T)

    def retrieve(self, x):
        """Combined output, shape ``(d_out,)`` or ``(d_out, N)``."""
        xp = self.xp
        outs = [h.retrieve(x) for h in self.heads]
        if self.mode == "mean":
            return sum(outs[1:], outs[0]) / len(outs)
        cat = xp.concat(outs, axis=0)
        return cat if self.mode == "concat" else self.W_O @ cat

    def jacobian(self, x):
        """Jacobian ``(d_out, d)`` or ``(N, d_out, d)``: the combination of the heads' Jacobians."""
        xp = self.xp
        Js = [h.jacobian(x) for h in self.heads]
        if self.mode == "mean":
            return sum(Js[1:], Js[0]) / len(Js)
        cat = xp.concat(Js, axis=-2)
        return cat if self.mode == "concat" else self.W_O @ cat

    def iterate(self, x0, max_steps: int = 100, tol: float | None = None) -> Iteration:
        """Energy-free fixed-point iteration; needs ``d_out == d``."""
        if self.d_out != self.d:
            raise ValueError(f"iterate needs output dimension = input dimension; got d_out={self.d_out}, d={self.d}")
        return iterate_map(self.retrieve, x0, d=self.d, xp=self.xp, scale=1.0,
                           max_steps=max_steps, tol=tol, xi_shape=(self.d, "M"))
