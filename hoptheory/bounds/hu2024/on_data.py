r"""The bounds of Hu et al. 2024 evaluated on data: memories, queries, a target and a mask.

Each ``*_at`` function computes the scalar parameters of one bound from memories ``Xi`` of shape
``(d, M)``, queries ``x`` of shape ``(d,)`` or ``(d, N)``, a target index ``mu`` and a boolean
mask of shape ``(M,)`` (or ``(M, N)``, one mask per query), and returns the bound's
:class:`~hoptheory.bounds.BoundResult` with the data hypotheses (``mu in mask``,
``x in S_mu(R)``) added to ``failed``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers

import numpy as np

from ...backend import as_float_array, get_namespace
from ...models import max_norm, pattern_separation, query_separation, separation_radius
from .._core import Bound, BoundResult
from .convergence import v1_contraction_bound, v1_jacobian_norm_bound
from .noise import memory_noise_bound, query_noise_bound, query_noise_bound_coarse
from .retrieval import (
    retrieval_error_bound_dense_rigorous, retrieval_error_bound_published, retrieval_error_bound_published_inclusive,
    retrieval_error_bound_rigorous, retrieval_error_bound_v2,
)
from .variants import prf_estimator_variance
from .well_separation import well_separation_threshold, well_separation_threshold_published

__all__ = [
    "memory_noise_bound_at",
    "prf_estimator_variance_at",
    "query_noise_bound_at",
    "retrieval_error_bound_dense_rigorous_at",
    "retrieval_error_bound_published_at",
    "retrieval_error_bound_published_inclusive_at",
    "retrieval_error_bound_rigorous_at",
    "retrieval_error_bound_v2_at",
    "v1_contraction_bound_at",
    "v1_jacobian_norm_bound_at",
    "well_separation_threshold_at",
    "well_separation_threshold_published_at",
]


# --------------------------------------------------------------------------- quantities on data


def _check_index(mu, M: int) -> int:
    if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer index; got {mu!r}")
    mu = int(mu)
    if not 0 <= mu < M:
        raise ValueError(f"mu = {mu} is out of range for M = {M} memories (0 <= mu < M)")
    return mu


def _memories(Xi, *, min_M: int = 2):
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    d, M = (int(s) for s in Xi.shape)
    if M < min_M:
        raise ValueError(f"Xi must hold at least {min_M} memories (columns); got shape {tuple(Xi.shape)}")
    return xp, Xi, d, M


def _queries(xp, Xi, x, name="x"):
    get_namespace(Xi, x)  # raises for mixed namespaces
    x = as_float_array(x, name, xp=xp, ndim=(1, 2))
    d = int(Xi.shape[0])
    if int(x.shape[0]) != d:
        raise ValueError(
            f"{name} has shape {tuple(x.shape)}; its first axis must have length d = {d} "
            f"(Xi has shape {tuple(Xi.shape)})"
        )
    return x


def _mask(xp, mask, M: int, x):
    """Boolean mask of shape (M,) or (M, N) matching x; None means the full mask."""
    batch = x is not None and x.ndim == 2
    if mask is None:
        mask = xp.ones((M,), dtype=xp.bool)
    else:
        if not hasattr(mask, "dtype"):
            raise TypeError("mask must be a boolean array of shape (M,) or (M, N)")
        get_namespace(mask, x)
        if not xp.isdtype(mask.dtype, "bool"):
            raise TypeError(f"mask must have a boolean dtype; got {mask.dtype}")
        shape = tuple(mask.shape)
        ok = shape == (M,) or (batch and shape == (M, int(x.shape[1])))
        if not ok:
            want = f"({M},)" + (f" or ({M}, {int(x.shape[1])})" if batch else "")
            raise ValueError(f"mask has shape {shape}; expected {want}")
    if batch and mask.ndim == 1:
        mask = xp.broadcast_to(xp.reshape(mask, (M, 1)), (M, int(x.shape[1])))
    return mask


def _column(xp, v, ndim: int):
    return xp.reshape(v, (-1, 1)) if ndim == 2 else v


def _not_mu(xp, M: int, mu: int, ndim: int):
    return _column(xp, xp.arange(M) != mu, ndim)


def _query_separation_in(xp, Xi, x, mu: int, allowed):
    r""":math:`\min_{\nu\in A\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle` and whether A∖{μ} ≠ ∅.

    The mask-restricted version of :func:`hoptheory.models.query_separation` (computed the same
    way, from the differences, so the two agree when A = [M]).
    """
    M = int(Xi.shape[1])
    diff = Xi[:, mu : mu + 1] - Xi  # (d, M)
    vals = xp.matmul(xp.permute_dims(diff, (1, 0)), x)  # (M,) or (M, N)
    sel = allowed & _not_mu(xp, M, mu, vals.ndim)
    has = xp.any(sel, axis=0)
    low = xp.min(xp.where(sel, vals, xp.full_like(vals, math.inf)), axis=0)
    return xp.where(has, low, xp.zeros_like(low)), has


def _published_exponent(xp, Xi, x, mu: int, inclusive: bool):
    M = int(Xi.shape[1])
    xi_mu = Xi[:, mu]
    g = xp.matmul(xp.permute_dims(Xi, (1, 0)), xi_mu)  # <xi_nu, xi_mu>, (M,)
    if inclusive:
        top = xp.max(g)
    else:
        top = xp.max(xp.where(xp.arange(M) != mu, g, xp.full_like(g, -math.inf)))
    return xp.matmul(xi_mu, x) - top


def _pairwise_distances(xp, Xi):
    diff = xp.reshape(Xi, (Xi.shape[0], Xi.shape[1], 1)) - xp.reshape(Xi, (Xi.shape[0], 1, Xi.shape[1]))
    return xp.linalg.vector_norm(diff, axis=0)  # (M, M)


def _count(xp, mask):
    return xp.sum(xp.astype(mask, xp.float64), axis=0)


def _mu_in(xp, mask, mu: int):
    return mask[mu, ...]


def _with_data_hypotheses(res: BoundResult, extra: dict, strict: bool) -> BoundResult:
    xp = res.xp
    failed = dict(res.failed)
    hold = res.hypotheses_hold
    for name, ok in extra.items():
        ok = xp.broadcast_to(ok, tuple(hold.shape))
        failed[name] = ~ok
        hold = hold & ok
    out = dataclasses.replace(res, failed=failed, hypotheses_hold=hold)
    if strict:
        out.require()
    return out


def _evaluate(bound: Bound, xp, params: dict, extra: dict, strict: bool) -> BoundResult:
    # Overflow of exp(-beta * Delta) for a negative separation is reported as ill-defined
    # (non-finite value) by Bound.__call__; silence NumPy's warning for that case only.
    with np.errstate(over="ignore", invalid="ignore"):
        res = bound(xp=xp, **params)
    return _with_data_hypotheses(res, extra, strict)


def _beta_array(xp, beta):
    """β as given (scalar or array): its hypothesis β > 0 is reported by the Bound."""
    if isinstance(beta, bool):
        raise TypeError(f"beta must be a real number; got {beta!r}")
    return beta


# --------------------------------------------------------------------------- functions on data


def retrieval_error_bound_published_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The published Theorem 4.1 bound evaluated on data.

    .. math::

        m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle
        -\max_{\nu\in[M],\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Memories as columns (:math:`M\ge2`).
    x : array, shape (d,) or (d, N)
        Queries.
    mu : int
        Target index, :math:`0\le\mu<M`.
    beta : float
        Inverse temperature.
    mask : bool array, shape (M,) or (M, N), optional
        The support set :math:`\mathcal M` (default: all memories, :math:`k=M`).
    strict : bool
        Raise :class:`~hoptheory.bounds.BoundHypothesisError` unless valid everywhere.

    Returns
    -------
    BoundResult
        Shape ``()`` or ``(N,)``.  Data hypotheses added to ``failed``: ``"mu in mask"`` and
        ``"x in S_mu(R)"`` (:math:`\Vert x-\xi_\mu\Vert\le R`).

    Notes
    -----
    Claim ``hu2024/retrieval-error-published`` (reconstructed; suspected ``false-in-general``).
    """
    return _published_at(retrieval_error_bound_published, Xi, x, mu, beta, mask, strict, inclusive=False)


def retrieval_error_bound_published_inclusive_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The inclusive-maximum reading of Theorem 4.1 on data (maximum over all :math:`\nu\in[M]`).

    .. math::

        m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Parameters and returns as :func:`retrieval_error_bound_published_at`.
    """
    return _published_at(retrieval_error_bound_published_inclusive, Xi, x, mu, beta, mask, strict, inclusive=True)


def _published_at(bound, Xi, x, mu, beta, mask, strict, inclusive):
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    R = separation_radius(Xi)
    xi_mu = _column(xp, Xi[:, mu], x.ndim)
    dist = xp.linalg.vector_norm(x - xi_mu, axis=0)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask))
    params["Delta_pub_inclusive" if inclusive else "Delta_pub"] = _published_exponent(xp, Xi, x, mu, inclusive)
    extra = {"mu in mask": _mu_in(xp, mask, mu), "x in S_mu(R)": dist <= R}
    return _evaluate(bound, xp, params, extra, strict)


def retrieval_error_bound_rigorous_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The rigorous sparsity-dependent retrieval bound on data (V1 and V2).

    .. math::

        \Vert T_{\mathcal M}(x)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle

    Parameters
    ----------
    Xi : array, shape (d, M)
    x : array, shape (d,) or (d, N)
    mu : int
    beta : float
    mask : bool array, shape (M,) or (M, N), optional
        :math:`\mathcal M` (default: all memories).  For top-K pass the query's own mask.
    strict : bool

    Returns
    -------
    BoundResult
        With the data hypothesis ``"mu in mask"``.  No condition on :math:`x`.

    Notes
    -----
    Claim ``hu2024/retrieval-error-rigorous`` (derived).
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask), query_sep=Dq)
    return _evaluate(retrieval_error_bound_rigorous, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def retrieval_error_bound_v2_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The sharper V2 bound on data.

    .. math::

        \Vert T^{(2)}_{\mathcal M}(x)-\xi_\mu\Vert\le2m(k-1)\,e^{-\beta\tilde\Delta^{\mathcal M}_\mu(x)},\qquad
        \tilde\Delta^{\mathcal M}_\mu(x)=\min_{\nu\in\mathcal M\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle

    Parameters as :func:`retrieval_error_bound_rigorous_at`.  Where :math:`k=1` the bound is 0
    (``Delta_qM`` is then set to 0, any finite value gives the same result).

    Notes
    -----
    Claim ``hu2024/retrieval-error-rigorous`` (derived, V2 only).
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    DqM, _ = _query_separation_in(xp, Xi, x, mu, mask)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), k=_count(xp, mask), query_sep_mask=DqM)
    return _evaluate(retrieval_error_bound_v2, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def retrieval_error_bound_dense_rigorous_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The dense bound :math:`2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}` on data.

    Parameters
    ----------
    Xi : array, shape (d, M)
    x : array, shape (d,) or (d, N)
    mu : int
    beta : float
    strict : bool

    Notes
    -----
    Ramsauer et al. 2021, Lemma A4, generalised to every :math:`x`; used by claim
    ``hu2024/sparse-vs-dense-bound``.
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    Dq = query_separation(Xi, x, mu)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), query_sep=Dq)
    return _evaluate(retrieval_error_bound_dense_rigorous, xp, params, {}, strict)


def query_noise_bound_at(Xi, x, eta, mu, beta, mask=None, *, coarse=False, strict=False) -> BoundResult:
    r"""Query-noise robustness bound on data (V1 and V2, :math:`\mu\in\mathcal M`).

    .. math::

        \Vert T_{\mathcal M}(x+\eta)-\xi_\mu\Vert\le m(M+k-2)
        \exp\{-\beta(\tilde\Delta_\mu(x)-\Vert\eta\Vert\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert)\}

    (``coarse=True``: :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\to2m`).

    Parameters
    ----------
    Xi : array, shape (d, M)
    x : array, shape (d,) or (d, N)
        Clean queries.
    eta : array, same shape as ``x``
        Query noise.
    mu : int
    beta : float
    mask : bool array, shape (M,) or (M, N), optional
    coarse : bool
    strict : bool

    Notes
    -----
    Claim ``hu2024/noise-robustness`` (derived form).
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    eta = _queries(xp, Xi, eta, "eta")
    if tuple(eta.shape) != tuple(x.shape):
        raise ValueError(f"eta has shape {tuple(eta.shape)}; expected the shape of x, {tuple(x.shape)}")
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    params = dict(
        beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask), query_sep=Dq,
        eta_norm=xp.linalg.vector_norm(eta, axis=0),
    )
    if coarse:
        bound = query_noise_bound_coarse
    else:
        bound = query_noise_bound
        params["max_dist"] = xp.max(_pairwise_distances(xp, Xi)[mu, :])
    return _evaluate(bound, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def memory_noise_bound_at(Xi, Xi_noisy, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""Memory-noise robustness bound on data (V1 and V2 on the noisy memories).

    .. math::

        \Vert\tilde T_{\mathcal M}(x)-\xi_\mu\Vert\le\tilde m(M+k-2)
        e^{-\beta(\tilde\Delta_\mu(x)-2\Vert x\Vert\eta_{\max})}+\Vert\eta_\mu\Vert

    with :math:`\tilde\Delta_\mu(x)` of the clean memories, :math:`\eta_\nu=\tilde\xi_\nu-\xi_\nu`,
    :math:`\eta_{\max}=\max_\nu\Vert\eta_\nu\Vert`, :math:`\tilde m=\max_\nu\Vert\tilde\xi_\nu\Vert`.

    Parameters
    ----------
    Xi, Xi_noisy : arrays, shape (d, M)
        Clean and noisy memories.
    x : array, shape (d,) or (d, N)
    mu : int
    beta : float
    mask : bool array, shape (M,) or (M, N), optional
    strict : bool

    Notes
    -----
    Claim ``hu2024/noise-robustness`` (derived form).
    """
    xp, Xi, d, M = _memories(Xi)
    get_namespace(Xi, Xi_noisy)
    Xn = as_float_array(Xi_noisy, "Xi_noisy", xp=xp, ndim=2)
    if tuple(Xn.shape) != tuple(Xi.shape):
        raise ValueError(f"Xi_noisy has shape {tuple(Xn.shape)}; expected the shape of Xi, {tuple(Xi.shape)}")
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    eta = xp.linalg.vector_norm(Xn - Xi, axis=0)
    params = dict(
        beta=_beta_array(xp, beta), m_noisy=max_norm(Xn), M=float(M), k=_count(xp, mask), query_sep=Dq,
        x_norm=xp.linalg.vector_norm(x, axis=0), eta_max=xp.max(eta), eta_mu=eta[mu],
    )
    return _evaluate(memory_noise_bound, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def well_separation_threshold_at(Xi, beta, k, r=None, *, strict=False) -> BoundResult:
    r"""The derived well-separation threshold for every memory, on data.

    .. math::

        \frac1\beta\ln\frac{m(M+k-2)}{r}+2mr

    Memory :math:`\mu` satisfies the condition when :math:`\Delta_\mu` is at least the value.

    Parameters
    ----------
    Xi : array, shape (d, M)
    beta : float
    k : int or array
        Mask size (broadcast against the memories).
    r : float, optional
        Ball radius (default: :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`).
    strict : bool

    Returns
    -------
    BoundResult
        Shape of ``k`` (scalar ``k`` gives a scalar: the threshold is the same for every memory).

    Notes
    -----
    Claim ``hu2024/well-separation-k``; with ``r = R`` see the vacuity argument there.
    """
    xp, Xi, d, M = _memories(Xi)
    rr = separation_radius(Xi) if r is None else r
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=k, r=rr)
    return _evaluate(well_separation_threshold, xp, params, {}, strict)


def well_separation_threshold_published_at(Xi, beta, k, *, strict=False) -> BoundResult:
    r"""The expected published threshold :math:`\frac1\beta\ln\frac{m(M+k-2)}{R}+2mR` on data.

    Parameters
    ----------
    Xi : array, shape (d, M)
    beta : float
    k : int or array
    strict : bool

    Notes
    -----
    Claim ``hu2024/well-separation-k`` (reconstructed; suspected ``holds-but-vacuous``).
    """
    xp, Xi, d, M = _memories(Xi)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=k, R=separation_radius(Xi))
    return _evaluate(well_separation_threshold_published, xp, params, {}, strict)


def v1_jacobian_norm_bound_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The V1 Jacobian norm bound on data.

    .. math::

        \Vert J^{(1)}(x)\Vert_2\le2\beta m^2(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}

    Parameters as :func:`retrieval_error_bound_rigorous_at`.

    Notes
    -----
    Claim ``hu2024/v1-jacobian`` (derived); data hypothesis ``"mu in mask"``.
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask), query_sep=Dq)
    return _evaluate(v1_jacobian_norm_bound, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def v1_contraction_bound_at(Xi, mu, beta, k, r, *, strict=False) -> BoundResult:
    r"""The V1 contraction constant on :math:`S_\mu(r)`, on data.

    .. math::

        2\beta m^2(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}

    V1 with a fixed mask of size :math:`k` containing :math:`\mu` is a contraction on
    :math:`S_\mu(r)` when the value is :math:`<1` (and the well-separation condition makes it a
    self-map).

    Parameters
    ----------
    Xi : array, shape (d, M)
    mu : int
    beta : float
    k : int
    r : float
    strict : bool

    Notes
    -----
    Claims ``hu2024/v1-jacobian``, ``hu2024/fixed-point-convergence`` (derived).
    """
    xp, Xi, d, M = _memories(Xi)
    mu = _check_index(mu, M)
    params = dict(
        beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=k,
        Delta=pattern_separation(Xi)[mu], r=r,
    )
    return _evaluate(v1_contraction_bound, xp, params, {}, strict)


def prf_estimator_variance_at(u, v, beta, n_f, *, strict=False) -> BoundResult:
    r"""Variance of the positive-random-feature estimator of :math:`e^{\beta u^\top v}`.

    .. math::

        \frac1{n_f}e^{2\beta u^\top v}\left(e^{\beta\Vert u+v\Vert^2}-1\right)

    Parameters
    ----------
    u, v : arrays, shape (d,)
    beta : float
    n_f : int
        Number of i.i.d. Gaussian features.
    strict : bool

    Notes
    -----
    Claim ``hu2024/variant-prf`` (derived).
    """
    u = as_float_array(u, "u", ndim=1)
    xp = get_namespace(u, v)
    v = as_float_array(v, "v", xp=xp, ndim=1)
    if tuple(u.shape) != tuple(v.shape):
        raise ValueError(f"u and v must have the same shape; got {tuple(u.shape)} and {tuple(v.shape)}")
    w = u + v
    params = dict(beta=beta, inner=xp.sum(u * v), norm_sum_sq=xp.sum(w * w), n_f=n_f)
    return _evaluate(prf_estimator_variance, xp, params, {}, strict)
