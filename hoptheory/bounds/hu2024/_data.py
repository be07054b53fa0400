r"""The data quantities of Hu et al. 2024 that the shared resolver lacks, and noisy data.

Registered with :func:`~hoptheory.bounds.quantity` (each name means one thing everywhere; shape
``()`` or ``(N,)`` for one query or N queries unless said otherwise):

* ``query_sep_mask``: the query separation inside the mask,
  :math:`\tilde\Delta^{\mathcal M}_\mu(x)=\min_{\nu\in\mathcal M\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle`
  (0 where :math:`\mathcal M\setminus\{\mu\}` is empty);
* ``Delta_pub``: the published exponent
  :math:`\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`;
* ``Delta_pub_inclusive``: its inclusive reading
  :math:`\langle\xi_\mu,x\rangle-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle`;
* ``mu_in_mask``: :math:`\mu\in\mathcal M` (true without a mask);
* ``x_in_S_mu_R``: :math:`x\in S_\mu(R)`, i.e. :math:`\Vert x-\xi_\mu\Vert\le R`;
* ``x_norm``: :math:`\Vert x\Vert`;
* ``eta_norm``: :math:`\Vert\eta\Vert`, the query noise of :class:`NoisyData`;
* ``m_noisy``: :math:`\tilde m=\max_\nu\Vert\tilde\xi_\nu\Vert` of the noisy memories of
  :class:`NoisyData`, shape ``()``;
* ``eta_max``, ``eta_mu``: :math:`\max_\nu\Vert\tilde\xi_\nu-\xi_\nu\Vert` and
  :math:`\Vert\tilde\xi_\mu-\xi_\mu\Vert`, shape ``()``.

:data:`DATA_HYPOTHESES` names the boolean quantities that the functions on data add to a
bound's hypotheses.
"""

from __future__ import annotations

import math

from ...backend import as_float_array, get_namespace
from ...models import max_norm
from .._data import Data, quantity

__all__ = ["DATA_HYPOTHESES", "NoisyData"]

#: hypothesis name (as quoted in reports) → the boolean quantity that tests it
DATA_HYPOTHESES = {"mu in mask": "mu_in_mask", "x in S_mu(R)": "x_in_S_mu_R"}


class NoisyData(Data):
    r""":class:`~hoptheory.bounds.Data` with query noise and/or noisy memories.

    Parameters
    ----------
    Xi, x, mu, beta, mask
        As for :class:`~hoptheory.bounds.Data`.
    eta : array, shape of ``x``, optional
        Query noise :math:`\eta` (the noisy query is :math:`x+\eta`).
    Xi_noisy : array, shape of ``Xi``, optional
        Noisy memories :math:`\tilde\xi_\nu=\xi_\nu+\eta_\nu`, in the namespace of ``Xi``.
    """

    def __init__(self, Xi, x=None, mu=None, beta=None, mask=None, *, eta=None, Xi_noisy=None):
        super().__init__(Xi, x, mu, beta, mask)
        self.eta = None if eta is None else self._noise(eta)
        self.Xi_noisy = None if Xi_noisy is None else self._noisy_memories(Xi_noisy)

    def _noise(self, eta):
        self.need("x")
        eta = self._query(eta, "eta")
        if tuple(eta.shape) != tuple(self.x.shape):
            raise ValueError(f"eta has shape {tuple(eta.shape)}; expected the shape of x, {tuple(self.x.shape)}")
        return eta

    def _noisy_memories(self, Xi_noisy):
        get_namespace(self.Xi, Xi_noisy)
        Xn = as_float_array(Xi_noisy, "Xi_noisy", xp=self.xp, ndim=2)
        if tuple(Xn.shape) != tuple(self.Xi.shape):
            raise ValueError(f"Xi_noisy has shape {tuple(Xn.shape)}; expected the shape of Xi, {tuple(self.Xi.shape)}")
        return Xn


def _needs(D: Data, field: str):
    value = getattr(D, field, None)
    if value is None:
        raise TypeError(f"this quantity needs {field}, which was not given (see NoisyData)")
    return value


def _column(D: Data, v):
    """``v`` as a column when the queries are a batch (d, N)."""
    return D.xp.reshape(v, (-1, 1)) if D.x.ndim == 2 else v


@quantity("query_sep_mask")
def _query_sep_mask(D: Data):
    # computed as query_separation is, from the differences, so the two agree without a mask
    D.need("x", "mu")
    xp, Xi, mu = D.xp, D.Xi, D.mu
    M = int(Xi.shape[1])
    vals = xp.matmul(xp.permute_dims(Xi[:, mu:mu + 1] - Xi, (1, 0)), D.x)  # (M,) or (M, N)
    allowed = xp.ones(vals.shape, dtype=xp.bool) if D.mask is None else D.mask
    sel = allowed & _column(D, xp.arange(M) != mu)
    low = xp.min(xp.where(sel, vals, xp.full_like(vals, math.inf)), axis=0)
    return xp.where(xp.any(sel, axis=0), low, xp.zeros_like(low))


def _published_exponent(D: Data, inclusive: bool):
    D.need("x", "mu")
    xp, Xi, mu = D.xp, D.Xi, D.mu
    xi_mu = Xi[:, mu]
    g = xp.matmul(xp.permute_dims(Xi, (1, 0)), xi_mu)  # <xi_nu, xi_mu>, (M,)
    others = xp.arange(int(Xi.shape[1])) != mu
    top = xp.max(g) if inclusive else xp.max(xp.where(others, g, xp.full_like(g, -math.inf)))
    return xp.matmul(xi_mu, D.x) - top


@quantity("Delta_pub")
def _Delta_pub(D: Data):
    return _published_exponent(D, inclusive=False)


@quantity("Delta_pub_inclusive")
def _Delta_pub_inclusive(D: Data):
    return _published_exponent(D, inclusive=True)


@quantity("mu_in_mask")
def _mu_in_mask(D: Data):
    D.need("mu")
    return D.xp.asarray(True) if D.mask is None else D.mask[D.mu, ...]


@quantity("x_in_S_mu_R")
def _x_in_S_mu_R(D: Data):
    return D["dist"] <= D["R"]


@quantity("x_norm")
def _x_norm(D: Data):
    D.need("x")
    return D.xp.linalg.vector_norm(D.x, axis=0)


@quantity("eta_norm")
def _eta_norm(D: Data):
    return D.xp.linalg.vector_norm(_needs(D, "eta"), axis=0)


@quantity("m_noisy")
def _m_noisy(D: Data):
    return D.scalar(max_norm(_needs(D, "Xi_noisy")))


def _memory_noise(D: Data):
    """:math:`\\Vert\\tilde\\xi_\\nu-\\xi_\\nu\\Vert` for every memory, shape (M,)."""
    return D.xp.linalg.vector_norm(_needs(D, "Xi_noisy") - D.Xi, axis=0)


@quantity("eta_max")
def _eta_max(D: Data):
    return D.xp.max(_memory_noise(D))


@quantity("eta_mu")
def _eta_mu(D: Data):
    D.need("mu")
    return _memory_noise(D)[D.mu]
