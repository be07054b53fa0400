r"""From data to a bound's parameters: one resolver for every ``…_at`` function.

A bound is a formula in named scalars (:math:`m`, :math:`M`, :math:`\beta`,
:math:`\tilde\Delta_\mu(x)`, …).  Evaluating it *on data* (memories :math:`\Xi`, queries
:math:`x`, a target index :math:`\mu`, an inverse temperature :math:`\beta`, a support mask)
means computing those scalars from the data, always the same way.  :class:`Data` validates the
data once and computes each named quantity on first use (``QUANTITIES`` says how);
:func:`evaluate` hands a bound the quantities its parameters name, so that every ``…_at``
function is one call.

Code names of the data quantities (the same in every paper module, conventions §2):

==============  ===========================================================  ==================
name            quantity                                                     shape
==============  ===========================================================  ==================
``d``, ``M``    dimension and number of memories                             ()
``m``           :math:`\max_\mu\lVert\xi_\mu\rVert`                          ()
``R``           :math:`\tfrac12\min_{\mu\ne\nu}\lVert\xi_\mu-\xi_\nu\rVert`   ()
``Delta``       :math:`\Delta_\mu=\min_{\nu\ne\mu}\langle\xi_\mu,\xi_\mu-\xi_\nu\rangle`  ()
``Delta_min``   :math:`\min_\mu\Delta_\mu`                                   ()
``query_sep``   :math:`\tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle`  () or (N,)
``dist``        :math:`\lVert x-\xi_\mu\rVert`                               () or (N,)
``max_dist``    :math:`\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert`          ()
``k``           :math:`|\mathcal M|`, the size of the support mask            () or (N,)
``beta``        :math:`\beta` as given (scalar or array)                     any
==============  ===========================================================  ==================

Paper modules register further quantities with :func:`quantity`; a name means one thing
everywhere.
"""

from __future__ import annotations

import dataclasses
import numbers
from typing import Any, Callable, Mapping

import numpy as np

from ..backend import as_float_array, get_namespace
from ..models import max_norm, min_separation, pattern_separation, query_separation, separation_radius
from ._core import Bound, BoundResult

__all__ = ["QUANTITIES", "Data", "evaluate", "quantity"]

#: name → ``f(data)``: how each named quantity is computed from :class:`Data`.
QUANTITIES: dict[str, Callable[["Data"], Any]] = {}


def quantity(name: str):
    """Register ``f(data) -> array`` as the way to compute the quantity ``name``."""

    def register(f: Callable[["Data"], Any]) -> Callable[["Data"], Any]:
        if name in QUANTITIES and QUANTITIES[name].__qualname__ != f.__qualname__:
            raise RuntimeError(f"the quantity {name!r} is already defined by {QUANTITIES[name].__qualname__}")
        QUANTITIES[name] = f
        return f

    return register


class Data:
    r"""Validated data of a bound evaluation and the quantities computed from it.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Memories as columns (real floating, finite), :math:`M\ge` ``min_patterns``.
    x : array, shape (d,) or (d, N), optional
        One query or N queries as columns, in the namespace of ``Xi``.
    mu : int, optional
        Target index, :math:`0\le\mu<M`.
    beta : float or array, optional
        Inverse temperature; every entry must be finite and :math:`>0`.
    mask : bool array, shape (M,) or (M, N), optional
        A support set :math:`\mathcal M` (the default is all memories).
    min_patterns : int
        The fewest memories the bound makes sense for (default 2).

    Raises
    ------
    TypeError, ValueError
        Non-float or non-finite arrays, wrong shapes (quoted), an index out of range,
        :math:`\beta\le0`, a mask that is not boolean or of the wrong shape.

    Notes
    -----
    ``data[name]`` computes the quantity ``name`` of ``QUANTITIES`` once and caches it.
    """

    def __init__(self, Xi, x=None, mu=None, beta=None, mask=None, *, min_patterns: int = 2):
        Xi = as_float_array(Xi, "Xi", ndim=2)
        xp = get_namespace(Xi)
        d, M = (int(s) for s in Xi.shape)
        if M < min_patterns:
            raise ValueError(f"Xi must hold at least {min_patterns} memories as columns; got shape {(d, M)}")
        self.xp, self.Xi = xp, Xi
        self.x = None if x is None else self._query(x, "x")
        self.mu = None if mu is None else _index(mu, M, (d, M))
        self.beta = None if beta is None else self._beta(beta)
        self.mask = None if mask is None else self._mask(mask)
        self._cache: dict[str, Any] = {}

    # -- validation ----------------------------------------------------------------------
    def _query(self, x, name: str):
        xp, Xi = self.xp, self.Xi
        if hasattr(x, "shape") and hasattr(x, "dtype"):
            get_namespace(Xi, x)  # arrays of two namespaces raise TypeError
        x = as_float_array(x, name, xp=xp, ndim=(1, 2))
        if int(x.shape[0]) != int(Xi.shape[0]):
            raise ValueError(f"{name} must have shape (d,) or (d, N) with d = {Xi.shape[0]} "
                             f"(Xi has shape {tuple(Xi.shape)}); got shape {tuple(x.shape)}")
        return x

    def _beta(self, beta):
        xp = self.xp
        if isinstance(beta, (bool, np.bool_)):
            raise TypeError(f"beta must be a real number; got {beta!r}")
        b = as_float_array(beta, "beta", xp=xp) if hasattr(beta, "shape") else None
        if b is None:
            if not isinstance(beta, numbers.Real):
                raise TypeError(f"beta must be a real number or an array; got {type(beta).__name__}")
            b = xp.asarray(float(beta), dtype=xp.float64)
            if not bool(xp.isfinite(b)):
                raise ValueError(f"beta must be finite; got {beta}")
        if not bool(xp.all(b > 0)):
            raise ValueError(f"beta must be > 0; got {beta if b.ndim == 0 else 'an array with entries <= 0'}")
        return b

    def _mask(self, mask):
        xp = self.xp
        M = int(self.Xi.shape[1])
        if not (hasattr(mask, "dtype") and hasattr(mask, "shape")):
            raise TypeError(f"mask must be a boolean array of shape ({M},) or ({M}, N); got {type(mask).__name__}")
        get_namespace(self.Xi, mask)
        if not xp.isdtype(mask.dtype, "bool"):
            raise TypeError(f"mask must have a boolean dtype; got {mask.dtype}")
        batch = self.x is not None and self.x.ndim == 2
        shape = tuple(int(s) for s in mask.shape)
        if not (shape == (M,) or (batch and shape == (M, int(self.x.shape[1])))):
            want = f"({M},)" + (f" or ({M}, {int(self.x.shape[1])})" if batch else "")
            raise ValueError(f"mask has shape {shape}; expected {want}")
        if batch and mask.ndim == 1:
            mask = xp.broadcast_to(xp.reshape(mask, (M, 1)), (M, int(self.x.shape[1])))
        return mask

    # -- quantities ----------------------------------------------------------------------
    def need(self, *fields: str) -> None:
        """Raise ``TypeError`` naming the first of ``fields`` (``"x"``, ``"mu"``, …) that was not given."""
        for f in fields:
            if getattr(self, f) is None:
                raise TypeError(f"this quantity needs {f}, which was not given")

    def scalar(self, v):
        """``v`` as a 0-d float64 array of the data's namespace."""
        return self.xp.asarray(float(v), dtype=self.xp.float64)

    def __getitem__(self, name: str):
        if name not in self._cache:
            if name not in QUANTITIES:
                raise KeyError(f"no quantity named {name!r}; known: {', '.join(sorted(QUANTITIES))}")
            self._cache[name] = QUANTITIES[name](self)
        return self._cache[name]


def evaluate(bound: Bound, data: Data, *, strict: bool = False, given: Mapping[str, Any] | None = None,
             hypotheses: Mapping[str, Any] | None = None) -> BoundResult:
    """Evaluate ``bound`` on ``data``: each parameter from ``given`` if there, else ``data[name]``.

    ``hypotheses`` adds data hypotheses (name → boolean array, e.g. ``"mu in mask"``) to the
    result's ``failed`` and ``hypotheses_hold``; ``strict=True`` then raises
    :class:`~hoptheory.bounds.BoundHypothesisError` unless the result is valid everywhere.
    """
    given = dict(given or {})
    params = {p: given[p] if p in given else data[p] for p in bound.parameters}
    res = bound(xp=data.xp, **params)
    if hypotheses:
        xp = res.xp
        failed, hold = dict(res.failed), res.hypotheses_hold
        for name, ok in hypotheses.items():
            ok = xp.broadcast_to(xp.asarray(ok), tuple(hold.shape))
            failed[name] = ~ok
            hold = hold & ok
        res = dataclasses.replace(res, failed=failed, hypotheses_hold=hold)
    if strict:
        res.require()
    return res


def _index(mu, M: int, shape) -> int:
    if isinstance(mu, (bool, np.bool_)) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
    if not 0 <= int(mu) < M:
        raise ValueError(f"mu must satisfy 0 <= mu < M = {M} (Xi has shape {tuple(shape)}); got {mu}")
    return int(mu)


# --------------------------------------------------------------------------- the shared quantities


@quantity("d")
def _d(D: Data):
    return D.scalar(D.Xi.shape[0])


@quantity("M")
def _M(D: Data):
    return D.scalar(D.Xi.shape[1])


@quantity("m")
def _m(D: Data):
    return D.scalar(max_norm(D.Xi))


@quantity("R")
def _R(D: Data):
    return D.scalar(separation_radius(D.Xi))


@quantity("Delta")
def _Delta(D: Data):
    D.need("mu")
    return pattern_separation(D.Xi)[D.mu]


@quantity("Delta_min")
def _Delta_min(D: Data):
    return D.scalar(min_separation(D.Xi))


@quantity("query_sep")
def _query_sep(D: Data):
    D.need("x", "mu")
    return query_separation(D.Xi, D.x, D.mu)


@quantity("dist")
def _dist(D: Data):
    D.need("x", "mu")
    xp = D.xp
    xi = D.Xi[:, D.mu]
    if D.x.ndim == 2:
        xi = xp.reshape(xi, (-1, 1))
    return xp.linalg.vector_norm(D.x - xi, axis=0)


@quantity("max_dist")
def _max_dist(D: Data):
    D.need("mu")
    xp, Xi = D.xp, D.Xi
    dists = xp.linalg.vector_norm(Xi - xp.reshape(Xi[:, D.mu], (-1, 1)), axis=0)
    others = xp.arange(Xi.shape[1]) != D.mu
    return xp.max(xp.where(others, dists, xp.full_like(dists, -np.inf)))


@quantity("k")
def _k(D: Data):
    xp = D.xp
    if D.mask is None:
        return D["M"]
    return xp.sum(xp.astype(D.mask, xp.float64), axis=0)


@quantity("beta")
def _beta(D: Data):
    D.need("beta")
    return D.beta
