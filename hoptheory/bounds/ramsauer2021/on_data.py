r"""Ramsauer et al. (2021) on data: the bounds evaluated at memories ``Xi``, queries ``x``, an index ``mu``
and an inverse temperature ``beta``.
"""

from __future__ import annotations

import math
import numbers

from ...backend import as_float_array, check_beta, get_namespace, logsumexp, tolerance
from .._core import BoundResult
from .dynamics import (jacobian_norm_bound_coarse, jacobian_norm_bound_refined_corrected, query_separation_lower_bound,
                       query_separation_lower_bound_coarse)
from .fixed_points import (concentration_error_bound, global_contraction_rate, mean_value_jacobian_bound,
                           sphere_self_map_error_bound, well_separation_threshold)
from .metastable import metastable_separation_threshold_corrected
from .capacity import master_inequality_threshold
from .retrieval import fixed_point_offset_bound, one_step_retrieval_error_bound, retrieval_error_bound_published

__all__ = [
    "concentration_error_bound_at",
    "fixed_point_offset_bound_at",
    "global_contraction_rate_at",
    "jacobian_norm_bound_coarse_at",
    "jacobian_norm_bound_refined_at",
    "master_inequality_threshold_at",
    "mean_value_jacobian_bound_at",
    "metastable_separation_threshold_at",
    "one_step_retrieval_error_bound_at",
    "query_separation_lower_bound_at",
    "query_separation_lower_bound_coarse_at",
    "retrieval_error_bound_published_at",
    "sphere_self_map_error_bound_at",
    "well_separation_threshold_at",
]


def _memories(Xi, min_patterns: int = 2):
    Xi = as_float_array(Xi, "Xi", ndim=2)
    d, M = tuple(Xi.shape)
    if M < min_patterns:
        raise ValueError(f"Xi must hold at least {min_patterns} patterns as columns; got shape {(d, M)}")
    return Xi


def _queries(x, Xi):
    xp = get_namespace(Xi, x) if hasattr(x, "shape") else get_namespace(Xi)
    x = as_float_array(x, "x", xp=xp, ndim=(1, 2))
    if x.shape[0] != Xi.shape[0]:
        raise ValueError(
            f"x must have shape (d,) or (d, N) with d = {Xi.shape[0]} (Xi has shape {tuple(Xi.shape)}); "
            f"got shape {tuple(x.shape)}"
        )
    return x


def _index(mu, M: int) -> int:
    if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
    if not 0 <= int(mu) < M:
        raise ValueError(f"mu must satisfy 0 <= mu < M = {M}; got {mu}")
    return int(mu)


def _scalar(xp, v):
    return xp.asarray(float(v), dtype=xp.float64)


def _max_norm(Xi):
    r""":math:`m=\max_\mu\|\xi_\mu\|` (a 0-d array of ``Xi``'s namespace)."""
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    return xp.max(xp.linalg.vector_norm(Xi, axis=0))


def _others_max(xp, v, mu):
    """max over the first axis of ``v`` excluding row ``mu``."""
    idx = xp.arange(v.shape[0])
    if v.ndim == 2:
        idx = xp.reshape(idx, (-1, 1))
    return xp.max(xp.where(idx == mu, xp.full_like(v, -math.inf), v), axis=0)


def _separation(Xi, mu):
    xp = get_namespace(Xi)
    g = xp.matmul(xp.matrix_transpose(Xi), Xi[:, mu])
    return g[mu] - _others_max(xp, g, mu)


def _max_distance(Xi, mu):
    xp = get_namespace(Xi)
    dist = xp.linalg.vector_norm(Xi - xp.expand_dims(Xi[:, mu], axis=1), axis=0)
    return _others_max(xp, dist, mu)


def _scores(Xi, x):
    xp = get_namespace(Xi)
    return xp.matmul(xp.matrix_transpose(Xi), x)


def _softmax(theta):
    xp = get_namespace(theta)
    return xp.exp(theta - logsumexp(theta, axis=0, keepdims=True))


def _distance(x, y):
    xp = get_namespace(x)
    if x.ndim == 2:
        y = xp.expand_dims(y, axis=1) if y.ndim == 1 else y
    return xp.linalg.vector_norm(x - y, axis=0)


def _dense_fixed_point(Xi, mu: int, beta: float, *, max_iter: int = 10_000):
    r"""The fixed point :math:`x^*_\mu` reached by iterating :math:`T` from :math:`\xi_\mu`.

    .. math:: x_{t+1}=\Xi\,\mathrm{softmax}(\beta\Xi^\top x_t),\quad x_0=\xi_\mu,

    stopped when :math:`\|x_{t+1}-x_t\|\le` ``tolerance("default")`` :math:`\cdot(1+m)`.

    Parameters
    ----------
    Xi : array, shape (d, M)
    mu : int, 0-based index
    beta : float > 0

    Raises
    ------
    RuntimeError
        If the iteration has not converged after ``max_iter`` steps (such instances are to be
        excluded and counted, never used silently).
    """
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    mu = _index(mu, Xi.shape[1])
    beta = check_beta(beta)
    tol = tolerance("float32" if "float32" in str(Xi.dtype) else "float64", "default")
    scale = 1.0 + float(_max_norm(Xi))
    x = Xi[:, mu]
    for _ in range(max_iter):
        x_new = xp.matmul(Xi, _softmax(beta * _scores(Xi, x)))
        step = float(xp.linalg.vector_norm(x_new - x))
        x = x_new
        if step <= tol.atol * scale:
            return x
    raise RuntimeError(f"fixed-point iteration from pattern {mu} did not converge in {max_iter} steps (beta = {beta})")


def _radius_r(Xi, x, mu, beta, x_star):
    xp = get_namespace(Xi)
    if x_star is None:
        x_star = _dense_fixed_point(Xi, mu, beta)
    else:
        x_star = as_float_array(x_star, "x_star", xp=xp, ndim=1)
        if x_star.shape[0] != Xi.shape[0]:
            raise ValueError(f"x_star must have shape ({Xi.shape[0]},); got shape {tuple(x_star.shape)}")
    r_x = _distance(x, Xi[:, mu])
    r_s = xp.linalg.vector_norm(x_star - Xi[:, mu])
    return xp.maximum(r_x, r_s), x_star


def _common(Xi, beta):
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    return Xi, xp, check_beta(beta), _scalar(xp, Xi.shape[1]), _max_norm(Xi)


def query_separation_lower_bound_at(Xi, x, mu: int) -> BoundResult:
    r"""Separation transfer :math:`\Delta_\mu-\|x-\xi_\mu\|\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|` at ``(Xi, x)``."""
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    return query_separation_lower_bound(xp=xp, Delta=_separation(Xi, mu), dist=_distance(x, Xi[:, mu]),
                                        max_dist=_max_distance(Xi, mu))


def query_separation_lower_bound_coarse_at(Xi, x, mu: int) -> BoundResult:
    r"""Coarse separation transfer :math:`\Delta_\mu-2m\|x-\xi_\mu\|` at ``(Xi, x)``."""
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    return query_separation_lower_bound_coarse(xp=xp, Delta=_separation(Xi, mu), dist=_distance(x, Xi[:, mu]),
                                               m=_max_norm(Xi))


def jacobian_norm_bound_coarse_at(Xi, x, beta: float) -> BoundResult:
    r""":math:`2\beta Mm^2s` with :math:`s=\max_\mu p_\mu(1-p_\mu)`, :math:`p=\mathrm{softmax}(\beta\Xi^\top x)`."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    p = _softmax(beta * _scores(Xi, x))
    s = xp.max(p * (1 - p), axis=0)
    return jacobian_norm_bound_coarse(xp=xp, beta=_scalar(xp, beta), M=M, m=m, s=s)


def jacobian_norm_bound_refined_at(Xi, x, beta: float, epsilon=None) -> BoundResult:
    r"""Corrected refined bound :math:`2\beta Mm^2(\epsilon-\epsilon^2)`; default :math:`\epsilon=1-p_{\max}`."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    p = _softmax(beta * _scores(Xi, x))
    p_max = xp.max(p, axis=0)
    eps = 1 - p_max if epsilon is None else xp.asarray(epsilon, dtype=xp.float64)
    return jacobian_norm_bound_refined_corrected(xp=xp, beta=_scalar(xp, beta), M=M, m=m, epsilon=eps, p_max=p_max)


def global_contraction_rate_at(Xi, beta: float) -> BoundResult:
    r""":math:`\beta r_c^2` with :math:`r_c=\max_\mu\|\xi_\mu-\bar\xi\|` (hypothesis :math:`\beta r_c^2<1`)."""
    Xi, xp, beta, _, _ = _common(Xi, beta)
    r_c = xp.max(xp.linalg.vector_norm(Xi - xp.mean(Xi, axis=1, keepdims=True), axis=0))
    return global_contraction_rate(xp=xp, beta=_scalar(xp, beta), r_c=r_c)


def concentration_error_bound_at(Xi, x, beta: float, mu: int | None = None) -> BoundResult:
    r"""Lemma A4's :math:`2\epsilon m` at ``(Xi, x)``.

    With ``mu=None`` the published form: the pattern with the largest query separation,
    :math:`\tilde\Delta^\star(x)=z_{(1)}-z_{(2)}`; with an index, the generalised form with
    :math:`\tilde\Delta_\mu(x)`.
    """
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    z = _scores(Xi, x)
    if mu is None:
        zs = xp.sort(z, axis=0, descending=True)
        dt = zs[0, ...] - zs[1, ...]
    else:
        mu = _index(mu, Xi.shape[1])
        dt = z[mu, ...] - _others_max(xp, z, mu)
    return concentration_error_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, query_sep=dt)


def well_separation_threshold_at(Xi, beta: float) -> BoundResult:
    r"""Lemma A5's threshold at ``Xi`` (compare with :math:`\Delta_\mu`)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    return well_separation_threshold(xp=xp, beta=_scalar(xp, beta), M=M, m=m)


def sphere_self_map_error_bound_at(Xi, beta: float, mu: int) -> BoundResult:
    r"""Lemma A5's :math:`2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m` at ``Xi`` (hypothesis: well-separated)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    mu = _index(mu, Xi.shape[1])
    return sphere_self_map_error_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu))


def master_inequality_threshold_at(Xi, beta: float) -> BoundResult:
    r"""Right side of the master inequality at ``Xi`` (compare with :math:`\Delta_{\min}`)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    return master_inequality_threshold(xp=xp, beta=_scalar(xp, beta), M=M, m=m)


def metastable_separation_threshold_at(Xi, beta: float, l: int) -> BoundResult:  # noqa: E741
    r"""Lemma A12's threshold (corrected form) for the group of the first ``l`` memories.

    :math:`r_l=\max_{\mu<l}\|\xi_\mu-\bar\xi_l\|`, :math:`\bar\xi_l` the mean of the first
    ``l`` columns; compare with :math:`\Delta_{\mathrm{meta}}`.
    """
    Xi, xp, beta, M, m = _common(Xi, beta)
    if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not 1 <= int(l) < Xi.shape[1]:
        raise ValueError(f"l must be an integer with 1 <= l < M = {Xi.shape[1]}; got {l!r}")
    G = Xi[:, : int(l)]
    r_l = xp.max(xp.linalg.vector_norm(G - xp.mean(G, axis=1, keepdims=True), axis=0))
    return metastable_separation_threshold_corrected(xp=xp, beta=_scalar(xp, beta), M=M, m=m, r_l=r_l,
                                                     l=_scalar(xp, l))


def mean_value_jacobian_bound_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Eq. (180) at ``(Xi, x)``; ``x_star`` defaults to ``_dense_fixed_point`` from :math:`\xi_\mu`."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, _ = _radius_r(Xi, x, mu, beta, x_star)
    return mean_value_jacobian_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu), r=r)


def one_step_retrieval_error_bound_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Theorem A8's bound on :math:`\|T(x)-x^*_\mu\|` at ``(Xi, x)``."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, x_star = _radius_r(Xi, x, mu, beta, x_star)
    return one_step_retrieval_error_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu),
                                          r=r, fixed_point_dist=_distance(x, x_star))


def retrieval_error_bound_published_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Theorem A9's :math:`2(M-1)e^{-\beta(\Delta_\mu-2rm)}m` at ``(Xi, x)``.

    :math:`r=\max\{\|x-\xi_\mu\|,\|x^*_\mu-\xi_\mu\|\}`; ``x_star`` defaults to
    ``_dense_fixed_point`` from :math:`\xi_\mu`.  ``x`` may be a ``(d, N)`` batch.
    """
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, _ = _radius_r(Xi, x, mu, beta, x_star)
    return retrieval_error_bound_published(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu), r=r)


def fixed_point_offset_bound_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Theorem A9's second part at ``(Xi, x)`` (hypothesis :math:`r\le1/(2\beta m)`)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, _ = _radius_r(Xi, x, mu, beta, x_star)
    return fixed_point_offset_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu), r=r)
