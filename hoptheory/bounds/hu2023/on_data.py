r"""Hu et al. 2023, bounds on data: each bound evaluated at a memory matrix and a query.

Every ``<bound>_at`` function computes the bound's scalar parameters from the memories ``Xi``
(patterns as columns), a query ``x``, a target index ``mu`` and an inverse temperature ``beta``
with :mod:`hoptheory.models`, and returns the bound's :class:`~hoptheory.bounds.BoundResult`.
"""

from __future__ import annotations

import math
import numbers

from ... import models
from ...backend import as_float_array, check_beta, get_namespace, sort_descending
from .._core import BoundResult
from .dense import (dense_error_bound_as_quoted, dense_error_bound_ball, dense_error_bound_query,
                    dense_well_separation_threshold, retrieval_error_weight_bound)
from .retrieval import (dense_lipschitz_bound, retrieval_error_sparsity_bound_corrected,
                        retrieval_error_sparsity_bound_published, sparse_lipschitz_bound)
from .separation import (exact_retrieval_ball_threshold, exact_retrieval_ball_threshold_sharp,
                         well_separation_threshold_published)

__all__ = [
    "dense_error_bound_as_quoted_at",
    "dense_error_bound_query_at",
    "dense_error_bound_ball_at",
    "retrieval_error_weight_bound_at",
    "dense_well_separation_threshold_at",
    "retrieval_error_sparsity_bound_published_at",
    "retrieval_error_sparsity_bound_corrected_at",
    "retrieval_error_delta_at",
    "well_separation_threshold_published_at",
    "exact_retrieval_ball_threshold_at",
    "sparse_lipschitz_bound_at",
    "dense_lipschitz_bound_at",
    "separation_radius_as_printed",
]

_RETURNS = """
    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).
"""


def _instance(Xi, x=None, mu=None, x_name="x"):
    """Validate (Xi, x, mu) and return (xp, Xi, x, mu); errors about x call it ``x_name``."""
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    if x is not None:
        x = as_float_array(x, x_name, ndim=1)
        get_namespace(Xi, x)
        if x.shape[0] != d:
            raise ValueError(f"{x_name} must have shape ({d},) to match Xi of shape {(d, M)}; got {tuple(x.shape)}")
    if mu is not None:
        if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
            raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
        mu = int(mu)
        if not 0 <= mu < M:
            raise ValueError(f"mu must satisfy 0 <= mu < M = {M} (Xi has shape {(d, M)}); got {mu}")
    if M < 2:
        raise ValueError(f"these bounds need M >= 2 patterns; Xi has shape {(d, M)}")
    return xp, Xi, x, mu


def _s(xp, v):
    """A 0-d float64 array of namespace xp."""
    return xp.asarray(float(v), dtype=xp.float64)


def _scores(xp, Xi, x):
    return xp.matmul(xp.matrix_transpose(Xi), x)


def _common(Xi, x, mu):
    """m, R and ||x - xi_mu|| with :mod:`hoptheory.models`."""
    xp = get_namespace(Xi)
    m = float(models.max_norm(Xi))
    R = float(models.separation_radius(Xi))
    dist = float(xp.linalg.vector_norm(x - Xi[:, mu]))
    return m, R, dist


def dense_error_bound_as_quoted_at(Xi, x, mu: int, beta: float, *, reading: str = "all") -> BoundResult:
    r"""The restated dense error bound at a memory matrix and a query.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle
        -\max_{\nu}\langle\xi_\mu,\xi_\nu\rangle)\}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    reading : {"all", "others"}
        The maximum runs over all :math:`\nu\in[M]` (as printed) or over :math:`\nu\ne\mu`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`dense_error_bound_as_quoted` with :math:`m`, :math:`R` and
    :math:`\Vert x-\xi_\mu\Vert` from :mod:`hoptheory.models`; the hypothesis
    :math:`x\in S_\mu(R)` uses the separation radius of ``Xi``.  Source: hu2023/dense-error-bound-as-quoted.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    if reading not in ("all", "others"):
        raise ValueError(f"reading must be 'all' or 'others'; got {reading!r}")
    m, R, dist = _common(Xi, x, mu)
    overlaps = xp.matmul(xp.matrix_transpose(Xi), Xi[:, mu])
    if reading == "others":
        mask = xp.arange(Xi.shape[1]) != mu
        overlaps = xp.where(mask, overlaps, xp.full_like(overlaps, -math.inf))
    score = float(xp.vecdot(Xi[:, mu], x))
    return dense_error_bound_as_quoted(m=_s(xp, m), M=_s(xp, Xi.shape[1]), beta=_s(xp, beta), score=_s(xp, score),
                                       max_overlap=_s(xp, float(xp.max(overlaps))), dist=_s(xp, dist), R=_s(xp, R))


def dense_error_bound_query_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The corrected dense error bound in the query separation, at a memory matrix and a query.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=z_\mu-\max_{\nu\ne\mu}z_\nu

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`dense_error_bound_query` (derived; holds for every :math:`x`).
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    m = float(models.max_norm(Xi))
    qs = float(models.query_separation(Xi, x, mu))
    return dense_error_bound_query(m=_s(xp, m), M=_s(xp, Xi.shape[1]), beta=_s(xp, beta), query_sep=_s(xp, qs))


def dense_error_bound_ball_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The corrected dense error bound in the pattern separation, at a memory matrix and a query.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`dense_error_bound_ball` (derived).
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    m, _, dist = _common(Xi, x, mu)
    Delta = float(models.pattern_separation(Xi)[mu])
    return dense_error_bound_ball(m=_s(xp, m), M=_s(xp, Xi.shape[1]), beta=_s(xp, beta), Delta=_s(xp, Delta),
                                  dist=_s(xp, dist))


def _weights(Xi, x, beta, map_name):
    if map_name == "softmax":
        return models.DenseHopfield(Xi, beta).weights(x)
    if map_name == "sparsemax":
        return models.SparseHopfield(Xi, beta).weights(x)
    raise ValueError(f"map must be 'softmax' or 'sparsemax'; got {map_name!r}")


def retrieval_error_weight_bound_at(Xi, x, mu: int, beta: float, *, map: str = "sparsemax") -> BoundResult:  # noqa: A002
    r"""The weight bound on the one-step error, at a memory matrix and a query.

    .. math::

        \Vert T(x)-\xi_\mu\Vert\leq 2m\,(1-p^\star_\mu),\qquad p^\star=\hat y(\beta\Xi^\top x)

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    map : {"sparsemax", "softmax"}
        The weights of the sparse or of the dense model.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`retrieval_error_weight_bound` (derived; conventions §5).
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    p = _weights(Xi, x, beta, map)
    m = float(models.max_norm(Xi))
    return retrieval_error_weight_bound(m=_s(xp, m), p_mu=_s(xp, float(p[mu])))


def dense_well_separation_threshold_at(Xi, beta: float, *, r: float | None = None) -> BoundResult:
    r"""The right-hand side of the dense well-separation condition for a memory matrix.

    .. math::

        \frac{1}{\beta}\ln\left(\frac{2(M-1)m}{r}\right)+2mr,\qquad r=R\ \text{by default}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    beta : float
        Inverse temperature :math:`\beta>0`.
    r : float, optional
        Radius in place of :math:`R` (default: the separation radius of ``Xi``).

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Pattern :math:`\mu` satisfies the condition iff its separation
    (``hoptheory.models.pattern_separation(Xi)[mu]``) is at least the value.  Evaluates
    :data:`dense_well_separation_threshold`.
    """
    xp, Xi, _, _ = _instance(Xi)
    beta = check_beta(beta)
    m = float(models.max_norm(Xi))
    R = float(models.separation_radius(Xi)) if r is None else float(r)
    return dense_well_separation_threshold(beta=_s(xp, beta), M=_s(xp, Xi.shape[1]), m=_s(xp, m), R=_s(xp, R))


def retrieval_error_sparsity_bound_published_at(Xi, x, mu: int, beta: float, *,
                                                kappa_from: str = "scaled") -> BoundResult:
    r"""The published sparsity-dependent error bound at a memory matrix and a query.

    .. math::

        m+d^{1/2}m\beta\left[\kappa\left(z_{(1)}-z_{(\kappa)}\right)+\frac{1}{\beta}\right]

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    kappa_from : {"scaled", "unscaled"}
        :math:`\kappa=\kappa(\beta\Xi^\top x)` (consistent) or :math:`\kappa(\Xi^\top x)`, to show
        what an implementation that mixes them up computes (the hypothesis ``beta * gap < 1``
        then typically fails).  The order statistics are always those of :math:`z=\Xi^\top x`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`retrieval_error_sparsity_bound_published`.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    if kappa_from not in ("scaled", "unscaled"):
        raise ValueError(f"kappa_from must be 'scaled' or 'unscaled'; got {kappa_from!r}")
    z = _scores(xp, Xi, x)
    # kappa of beta z, or of z itself (the sparse model at beta = 1 sees theta = z)
    kappa = int(models.SparseHopfield(Xi, beta if kappa_from == "scaled" else 1.0).support_size(x))
    zs = sort_descending(z)
    gap = float(zs[0] - zs[kappa - 1])
    m, R, dist = _common(Xi, x, mu)
    return retrieval_error_sparsity_bound_published(
        m=_s(xp, m), d=_s(xp, Xi.shape[0]), beta=_s(xp, beta), kappa=_s(xp, kappa), gap=_s(xp, gap),
        dist=_s(xp, dist), R=_s(xp, R))


def retrieval_error_sparsity_bound_corrected_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The corrected sparsity-dependent error bound at a memory matrix and a query.

    .. math::

        \Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq\frac{2m}{\kappa}\left(\kappa-1-\beta
        \sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right),\qquad\kappa=\kappa(\beta z)

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Valid when :math:`\xi_\mu` has the top score (hypothesis on :math:`\tilde\Delta_\mu(x)`).
    Evaluates :data:`retrieval_error_sparsity_bound_corrected`.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    z = _scores(xp, Xi, x)
    kappa = int(models.SparseHopfield(Xi, beta).support_size(x))
    zs = sort_descending(z)
    gap_sum = float(xp.sum(zs[0] - zs[:kappa]))
    m = float(models.max_norm(Xi))
    qs = float(models.query_separation(Xi, x, mu))
    return retrieval_error_sparsity_bound_corrected(m=_s(xp, m), beta=_s(xp, beta), kappa=_s(xp, kappa),
                                                    gap_sum=_s(xp, gap_sum), query_sep=_s(xp, qs))


def retrieval_error_delta_at(Xi, x, mu: int, beta: float) -> float:
    r"""The difference of the dense and the sparse one-step errors.

    .. math::

        \delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0` (the same for both maps).

    Returns
    -------
    delta : float
        Negative where the sparse error exceeds the dense one.

    Notes
    -----
    The :math:`\delta` of hu2023/well-separation, computed with the models' ``error``.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    return float(models.DenseHopfield(Xi, beta).error(x, mu)) - float(models.SparseHopfield(Xi, beta).error(x, mu))


def well_separation_threshold_published_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The published sparse well-separation threshold with :math:`\delta=\delta(x)`.

    .. math::

        \frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta(x)}\right)+2mR

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Ill-defined where :math:`R+\delta(x)\leq 0`.  Evaluates
    :data:`well_separation_threshold_published` with :func:`retrieval_error_delta_at`.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    delta = retrieval_error_delta_at(Xi, x, mu, beta)
    m = float(models.max_norm(Xi))
    R = float(models.separation_radius(Xi))
    return well_separation_threshold_published(beta=_s(xp, beta), M=_s(xp, Xi.shape[1]), m=_s(xp, m),
                                               R=_s(xp, R), delta=_s(xp, delta))


def exact_retrieval_ball_threshold_at(Xi, mu: int, beta: float, r: float, *, sharp: bool = False) -> BoundResult:
    r"""The separation threshold for exact one-step sparse retrieval on :math:`S_\mu(r)`.

    .. math::

        \frac{1}{\beta}+2mr\quad\text{or, with}\ \texttt{sharp},\quad
        \frac{1}{\beta}+r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    mu : int
        Index of the pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    r : float
        Ball radius :math:`r\geq 0`.
    sharp : bool
        Use the sharper form.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    If :math:`\Delta_\mu` (``hoptheory.models.pattern_separation(Xi)[mu]``) is at least the
    value, then :math:`T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}`.  Evaluates
    :data:`exact_retrieval_ball_threshold` or :data:`exact_retrieval_ball_threshold_sharp`.
    """
    xp, Xi, _, mu = _instance(Xi, None, mu)
    beta = check_beta(beta)
    r = float(r)
    if not (math.isfinite(r) and r >= 0):
        raise ValueError(f"r must be a finite number >= 0; got {r}")
    if sharp:
        dists = xp.linalg.vector_norm(Xi - Xi[:, mu:mu + 1], axis=0)
        dists = xp.where(xp.arange(Xi.shape[1]) != mu, dists, xp.zeros_like(dists))
        return exact_retrieval_ball_threshold_sharp(beta=_s(xp, beta), r=_s(xp, r),
                                                    max_dist=_s(xp, float(xp.max(dists))))
    m = float(models.max_norm(Xi))
    return exact_retrieval_ball_threshold(beta=_s(xp, beta), m=_s(xp, m), r=_s(xp, r))


def _spectral_norm(xp, Xi):
    return float(xp.max(xp.linalg.svdvals(Xi)))


_LIP_DOC = r"""
    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    beta : float
        Inverse temperature :math:`\beta>0`.
    eta : array, shape (d,)
        The noise vector, in the namespace of ``Xi``.
"""


def sparse_lipschitz_bound_at(Xi, beta: float, eta) -> BoundResult:
    xp, Xi, eta, _ = _instance(Xi, eta, x_name="eta")
    beta = check_beta(beta)
    return sparse_lipschitz_bound(beta=_s(xp, beta), spectral_norm=_s(xp, _spectral_norm(xp, Xi)),
                                  eta_norm=_s(xp, float(xp.linalg.vector_norm(eta))))


def dense_lipschitz_bound_at(Xi, beta: float, eta) -> BoundResult:
    xp, Xi, eta, _ = _instance(Xi, eta, x_name="eta")
    beta = check_beta(beta)
    return dense_lipschitz_bound(beta=_s(xp, beta), spectral_norm=_s(xp, _spectral_norm(xp, Xi)),
                                 eta_norm=_s(xp, float(xp.linalg.vector_norm(eta))))


sparse_lipschitz_bound_at.__doc__ = (
    r"""Lipschitz bound of the sparse retrieval map for memories ``Xi`` and query noise ``eta``.

    .. math::

        \Vert T_{\rm sparse}(x+\eta)-T_{\rm sparse}(x)\Vert\leq\beta\Vert\Xi\Vert_2^2\Vert\eta\Vert
""" + _LIP_DOC + _RETURNS + """
    Notes
    -----
    Evaluates :data:`sparse_lipschitz_bound` (:math:`\\Vert\\Xi\\Vert_2` from the singular values).
""")
dense_lipschitz_bound_at.__doc__ = (
    r"""Lipschitz bound of the dense retrieval map for memories ``Xi`` and query noise ``eta``.

    .. math::

        \Vert T_{\rm dense}(x+\eta)-T_{\rm dense}(x)\Vert\leq\frac{\beta}{2}\Vert\Xi\Vert_2^2\Vert\eta\Vert
""" + _LIP_DOC + _RETURNS + """
    Notes
    -----
    Evaluates :data:`dense_lipschitz_bound` (:math:`\\Vert\\Xi\\Vert_2` from the singular values).
""")


def separation_radius_as_printed(Xi) -> float:
    r"""The ball radius as printed, with the minimum over all pairs including :math:`\mu=\nu`.

    .. math::

        R_{\rm printed}=\frac{1}{2}\min_{\mu,\nu\in[M]}\Vert\xi_\mu-\xi_\nu\Vert

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.

    Returns
    -------
    R_printed : float
        :math:`0` for every memory matrix (hu2023/stored-retrieved-definition).

    Notes
    -----
    The intended radius is ``hoptheory.models.separation_radius(Xi)`` (minimum over
    :math:`\mu\ne\nu`).  Computed from the differences (no Gram-matrix cancellation).
    """
    xp, Xi, _, _ = _instance(Xi)
    best = math.inf
    for mu in range(Xi.shape[1]):
        best = min(best, float(xp.min(xp.linalg.vector_norm(Xi - Xi[:, mu:mu + 1], axis=0))))
    return 0.5 * best


