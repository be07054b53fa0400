r"""Binary associative memories: the classical Hopfield network and dense associative memories.

States and patterns are :math:`\pm1` vectors.  Memories are batched: ``Xi`` has shape
``(B, d, M)`` (``B`` independent networks, patterns as columns) or ``(d, M)`` (one network);
states ``sigma`` have shape ``(B, d)`` or ``(d,)``.  The simulations run on host NumPy arrays
(integer arithmetic for polynomial interactions, so energies and fields are exact).

* Interaction functions :math:`F`: :func:`polynomial_interaction` :math:`z^n`,
  :func:`rectified_polynomial_interaction` :math:`\max(z,0)^n`, :func:`exponential_interaction`
  :math:`e^z`.
* :func:`dense_energy` :math:`E(\sigma)=-\sum_\mu F(\langle\xi_\mu,\sigma\rangle)`.
* :func:`dense_async_sweep`: one asynchronous sweep of the Krotov–Hopfield update; with
  :math:`F(z)=z^2` it is the classical sign update with Hebbian weights and zero diagonal.
* :func:`dense_retrieve`: sweeps until a fixed point (or a sweep limit).
* :func:`hebbian_weights` :math:`W=\frac1d\sum_\mu\xi_\mu\xi_\mu^\top` with zero diagonal and
  :func:`hebbian_sign_update`: one asynchronous sweep of :math:`\sigma_i\leftarrow\operatorname{sgn}(W\sigma)_i`.
* :func:`is_fixed_point`: whether no single update changes a state.

References
----------
.. [1] J. J. Hopfield, "Neural networks and physical systems with emergent collective computational
   abilities", PNAS 79 (1982) 2554–2558.
.. [2] D. Krotov, J. J. Hopfield, "Dense Associative Memory for Pattern Recognition", NeurIPS 2016.
.. [3] M. Demircigil, J. Heusel, M. Löwe, S. Upgang, F. Vermet, "On a Model of Associative Memory with
   Huge Storage Capacity", J. Stat. Phys. 168 (2017) 288–299.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = [
    "dense_async_sweep",
    "dense_energy",
    "dense_retrieve",
    "exponential_interaction",
    "hebbian_sign_update",
    "hebbian_weights",
    "is_fixed_point",
    "polynomial_interaction",
    "rectified_polynomial_interaction",
]

Interaction = Callable[[np.ndarray], np.ndarray]


def polynomial_interaction(n: int) -> Interaction:
    r"""The polynomial interaction of order :math:`n`.

    .. math::

        F_n(z)=z^n,

    with :math:`n\ge1` an integer; :math:`n=2` is the classical Hopfield network (Krotov and
    Hopfield 2016).  Integer arguments stay integers (exact).

    Examples
    --------
    >>> z = np.array([-2, 0, 3])
    >>> np.array_equal(polynomial_interaction(3)(z), z**3)
    True
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1; got {n!r}")
    return lambda z: np.asarray(z) ** int(n)


def rectified_polynomial_interaction(n: int) -> Interaction:
    r"""The rectified polynomial interaction of order :math:`n`.

    .. math::

        F_n(z)=\begin{cases}z^n & z>0\\ 0 & z\le0\end{cases}

    with :math:`n\ge1` an integer (Krotov and Hopfield 2016).

    Examples
    --------
    >>> z = np.array([-2, 0, 3])
    >>> np.array_equal(rectified_polynomial_interaction(2)(z), np.where(z > 0, z, 0) ** 2)
    True
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1; got {n!r}")
    return lambda z: np.maximum(np.asarray(z), 0) ** int(n)


def exponential_interaction() -> Interaction:
    r"""The exponential interaction of Demircigil et al. (2017).

    .. math::

        F(z)=e^{z},

    evaluated in float64 (overlaps :math:`|z|\le d`, so :math:`d\lesssim700`).

    Examples
    --------
    >>> z = np.array([-1, 0, 2])
    >>> np.allclose(exponential_interaction()(z), np.exp(z))
    True
    """
    return lambda z: np.exp(np.asarray(z, dtype=np.float64))


def _batched(Xi, sigma):
    Xi = np.asarray(Xi)
    sigma = np.asarray(sigma)
    single = Xi.ndim == 2
    if single:
        Xi, sigma = Xi[None], sigma[None]
    if Xi.ndim != 3 or sigma.ndim != 2 or sigma.shape[:2] != Xi.shape[:2]:
        raise ValueError(f"Xi must have shape (B, d, M) or (d, M) and sigma (B, d) or (d,); got {Xi.shape}, "
                         f"{sigma.shape}")
    return Xi, sigma, single


def _set_sign(s, l, field, flips):
    r"""Asynchronous update of unit ``l``: :math:`s_l\leftarrow\operatorname{sgn}(h)`, a zero field keeping it.

    ``s`` (shape ``(B, d)``) is updated in place and ``flips`` (shape ``(B,)``) counts the units that
    changed; ``field`` (shape ``(B,)``) is :math:`h` for each network.  Returns the new :math:`s_l`.
    """
    new = np.where(field > 0, 1, np.where(field < 0, -1, s[:, l])).astype(s.dtype)
    flips += new != s[:, l]
    s[:, l] = new
    return new


def dense_energy(Xi, sigma, F: Interaction) -> np.ndarray:
    r"""Energy of a dense associative memory.

    .. math::

        E(\sigma)=-\sum_{\mu=1}^M F\big(\langle\xi_\mu,\sigma\rangle\big)

    Parameters
    ----------
    Xi : array, shape (B, d, M) or (d, M)
        :math:`\pm1` memories.
    sigma : array, shape (B, d) or (d,)
        :math:`\pm1` states.
    F : callable
        The interaction function (vectorised).

    Returns
    -------
    ndarray, shape (B,) or scalar

    Examples
    --------
    >>> Xi = np.array([[1, -1], [1, 1], [-1, 1]])
    >>> s = np.array([1, 1, 1])
    >>> int(dense_energy(Xi, s, polynomial_interaction(2))) == -int(np.sum((Xi.T @ s) ** 2))
    True
    """
    X, s, single = _batched(Xi, sigma)
    e = -np.sum(F(np.einsum("bdm,bd->bm", X, s)), axis=-1)
    return e[0] if single else e


def dense_async_sweep(Xi, sigma, F: Interaction, order=None) -> tuple[np.ndarray, np.ndarray]:
    r"""One asynchronous sweep of the dense associative memory update (Krotov and Hopfield 2016).

    .. math::

        \sigma_l\leftarrow\operatorname{sgn}\Big[\sum_{\mu}F\big(\langle\xi_\mu,\sigma^{(l+)}\rangle\big)
        -F\big(\langle\xi_\mu,\sigma^{(l-)}\rangle\big)\Big],

    where :math:`\sigma^{(l\pm)}` is :math:`\sigma` with :math:`\sigma_l=\pm1`; the units
    :math:`l` are visited one at a time in ``order`` (default :math:`0,\dots,d-1`), each update
    seeing the previous ones.  A zero bracket keeps :math:`\sigma_l`.

    Parameters
    ----------
    Xi : array, shape (B, d, M) or (d, M)
        :math:`\pm1` memories.
    sigma : array, shape (B, d) or (d,)
        :math:`\pm1` start states (not modified).
    F : callable
        The interaction function.
    order : sequence of int, optional
        The visiting order of the units.

    Returns
    -------
    (ndarray, ndarray)
        The states after the sweep and the number of flipped units per network.

    Examples
    --------
    >>> Xi = np.array([[1], [1], [-1]])
    >>> s, flips = dense_async_sweep(Xi, np.array([1, -1, -1]), polynomial_interaction(2))
    >>> np.array_equal(s, Xi[:, 0]), int(flips)
    (True, 1)
    """
    X, s, single = _batched(Xi, sigma)
    s = s.copy()
    d = X.shape[1]
    overlaps = np.einsum("bdm,bd->bm", X, s)
    flips = np.zeros(X.shape[0], dtype=np.int64)
    for l in (range(d) if order is None else order):
        xl = X[:, l, :]
        rest = overlaps - xl * s[:, l:l + 1]
        new = _set_sign(s, l, np.sum(F(rest + xl) - F(rest - xl), axis=-1), flips)
        overlaps = rest + xl * new[:, None]
    return (s[0], flips[0]) if single else (s, flips)


def dense_retrieve(Xi, sigma, F: Interaction, max_sweeps: int = 50) -> tuple[np.ndarray, int]:
    r"""Asynchronous sweeps of :func:`dense_async_sweep` until no unit flips.

    .. math::

        \sigma^{(t+1)}=\mathrm{sweep}(\sigma^{(t)}),\qquad\text{stop when }\sigma^{(t+1)}=\sigma^{(t)}
        \text{ for every network or }t=\texttt{max\_sweeps}.

    Returns
    -------
    (ndarray, int)
        The final states and the number of sweeps run.

    Examples
    --------
    >>> Xi = np.array([[1], [1], [-1], [1]])
    >>> s, sweeps = dense_retrieve(Xi, np.array([1, -1, -1, 1]), polynomial_interaction(2))
    >>> np.array_equal(s, Xi[:, 0]), sweeps
    (True, 2)
    """
    s = np.asarray(sigma)
    for t in range(1, max_sweeps + 1):
        s, flips = dense_async_sweep(Xi, s, F)
        if not np.any(flips):
            return s, t
    return s, max_sweeps


def hebbian_weights(Xi) -> np.ndarray:
    r"""Hebbian (outer-product) weights with zero self-coupling (Hopfield 1982).

    .. math::

        W=\frac1d\sum_{\mu=1}^M\xi_\mu\xi_\mu^\top,\qquad W_{ii}=0,

    for :math:`\Xi` of shape ``(B, d, M)`` or ``(d, M)``; returns shape ``(B, d, d)`` or ``(d, d)``.

    Examples
    --------
    >>> Xi = np.array([[1, -1], [1, 1], [-1, 1]])
    >>> W = (Xi @ Xi.T) / 3.0
    >>> np.fill_diagonal(W, 0.0)
    >>> np.array_equal(hebbian_weights(Xi), W)
    True
    """
    X = np.asarray(Xi, dtype=np.float64)
    d = X.shape[-2]
    W = np.einsum("...im,...jm->...ij", X, X) / d
    idx = np.arange(d)
    W[..., idx, idx] = 0.0
    return W


def hebbian_sign_update(W, sigma) -> tuple[np.ndarray, np.ndarray]:
    r"""One asynchronous sweep of the classical sign update.

    .. math::

        \sigma_i\leftarrow\operatorname{sgn}\Big(\sum_jW_{ij}\sigma_j\Big),\qquad i=0,\dots,d-1,

    a zero field keeping :math:`\sigma_i`.  ``W`` of shape ``(B, d, d)`` or ``(d, d)``.

    It is :func:`dense_async_sweep` with :math:`F(z)=z^2`: the bracket of unit :math:`i` there is
    :math:`4d\,(W\sigma)_i`.

    Returns
    -------
    (ndarray, ndarray)
        As :func:`dense_async_sweep`: the new states and the flips per network.

    Examples
    --------
    >>> start = np.array([1, -1, -1, 1, 1])
    >>> Xi = np.array([[1, -1], [1, 1], [-1, 1], [1, 1], [-1, -1]])
    >>> s, flips = hebbian_sign_update(hebbian_weights(Xi), start)
    >>> s_dense, flips_dense = dense_async_sweep(Xi, start, polynomial_interaction(2))
    >>> np.array_equal(s, s_dense), int(flips) == int(flips_dense)
    (True, True)
    """
    W = np.asarray(W, dtype=np.float64)
    s = np.asarray(sigma).copy()
    single = W.ndim == 2
    if single:
        W, s = W[None], s[None]
    flips = np.zeros(W.shape[0], dtype=np.int64)
    for i in range(W.shape[1]):
        _set_sign(s, i, np.einsum("bj,bj->b", W[:, i, :], s), flips)
    return (s[0], flips[0]) if single else (s, flips)


def is_fixed_point(Xi, sigma, F: Interaction) -> np.ndarray:
    r"""Whether a state is a fixed point of the dense update: no single unit would flip.

    .. math::

        \sigma_l\sum_\mu\Big[F\big(\langle\xi_\mu,\sigma^{(l+)}\rangle\big)-F\big(\langle\xi_\mu,\sigma^{(l-)}\rangle\big)\Big]>0
        \quad\text{for every }l,

    (a zero bracket counts as not fixed: the memory is not stable).  Shapes as
    :func:`dense_energy`; returns booleans of shape ``(B,)`` or a scalar.

    Examples
    --------
    >>> Xi = np.array([[1, 1], [1, 1], [1, -1], [1, -1]])
    >>> bool(is_fixed_point(Xi, Xi[:, 0], polynomial_interaction(2)))
    True
    """
    X, s, single = _batched(Xi, sigma)
    overlaps = np.einsum("bdm,bd->bm", X, s)
    rest = overlaps[:, None, :] - X * s[:, :, None]
    bracket = np.sum(F(rest + X) - F(rest - X), axis=-1)
    ok = np.all(bracket * s > 0, axis=-1)
    return ok[0] if single else ok
