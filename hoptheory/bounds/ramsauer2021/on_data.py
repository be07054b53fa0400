r"""Ramsauer et al. (2021) on data: the bounds evaluated at memories ``Xi``, queries ``x``, an index
``mu`` and an inverse temperature ``beta``.

Each ``*_at`` function validates its data once (:class:`~hoptheory.bounds.Data`) and hands the bound
the quantities its parameters name (:func:`~hoptheory.bounds.evaluate`).  The arguments, in this order
where a function takes them: ``Xi`` the memories as columns, shape (d, M) with :math:`M\ge2`; ``x`` one
query, shape (d,), or N queries as columns, shape (d, N) (one value per query); ``mu`` the 0-based
index of the memory; ``beta`` the inverse temperature :math:`\beta>0`; then the function's own
(``epsilon``, ``l``, ``x_star``).  ``strict=True`` raises
:class:`~hoptheory.bounds.BoundHypothesisError` unless the result is valid everywhere.  Each returns
the bound's :class:`~hoptheory.bounds.BoundResult`; bad data raise ``TypeError`` or ``ValueError``
naming the argument.  Besides the shared ones
(``m``, ``M``, ``Delta``, ``query_sep``, ``dist``, ``max_dist``, ``beta``), the dense model's
quantities are registered here:

=======================  =====================================================================  ==========
name                     quantity                                                               shape
=======================  =====================================================================  ==========
``r_c``                  :math:`\max_\mu\lVert\xi_\mu-\bar\xi\rVert`, :math:`\bar\xi` the mean    ()
``softmax_weights``      :math:`p=\mathrm{softmax}(\beta\Xi^\top x)`                             (M,), (M, N)
``softmax_max``          :math:`p_{\max}=\max_\mu p_\mu`                                         (), (N,)
``softmax_tail``         :math:`1-p_{\max}`                                                      (), (N,)
``softmax_spread``       :math:`s=\max_\mu p_\mu(1-p_\mu)`                                       (), (N,)
``max_query_sep``        :math:`\max_\mu\tilde\Delta_\mu(x)=z_{(1)}-z_{(2)}`                     (), (N,)
``dense_fixed_point``    :math:`x^*_\mu`, the limit of :math:`T` iterated from :math:`\xi_\mu`   (d,)
=======================  =====================================================================  ==========
"""

from __future__ import annotations

import numbers

from ...backend import as_float_array, logsumexp, tolerance
from .._core import BoundResult
from .._data import Data, evaluate, quantity
from .capacity import master_inequality_threshold
from .dynamics import (jacobian_norm_bound_coarse, jacobian_norm_bound_refined_corrected, query_separation_lower_bound,
                       query_separation_lower_bound_coarse)
from .fixed_points import (concentration_error_bound, global_contraction_rate, mean_value_jacobian_bound,
                           sphere_self_map_error_bound, well_separation_threshold)
from .metastable import metastable_separation_threshold_corrected
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

#: The most updates :math:`T` takes from :math:`\xi_\mu` to reach the fixed point :math:`x^*_\mu`.
FIXED_POINT_MAX_ITER = 10_000

# --------------------------------------------------------------------------- quantities of the dense model


def _softmax(xp, theta):
    r""":math:`\mathrm{softmax}` over the first axis (memories)."""
    return xp.exp(theta - logsumexp(theta, axis=0, keepdims=True))


@quantity("r_c")
def _r_c(D: Data):
    r""":math:`r_c=\max_\mu\lVert\xi_\mu-\bar\xi\rVert` (Lemma A3)."""
    xp, Xi = D.xp, D.Xi
    return xp.max(xp.linalg.vector_norm(Xi - xp.mean(Xi, axis=1, keepdims=True), axis=0))


@quantity("softmax_weights")
def _softmax_weights(D: Data):
    r""":math:`p=\mathrm{softmax}(\beta\Xi^\top x)`, shape (M,) or (M, N)."""
    D.need("x", "beta")
    xp = D.xp
    return _softmax(xp, D.beta * xp.matmul(xp.matrix_transpose(D.Xi), D.x))


@quantity("softmax_max")
def _softmax_max(D: Data):
    r""":math:`p_{\max}=\max_\mu p_\mu`."""
    return D.xp.max(D["softmax_weights"], axis=0)


@quantity("softmax_tail")
def _softmax_tail(D: Data):
    r""":math:`1-p_{\max}`, the weight off the top memory."""
    return 1 - D["softmax_max"]


@quantity("softmax_spread")
def _softmax_spread(D: Data):
    r""":math:`s=\max_\mu p_\mu(1-p_\mu)` (Lemma A2).

    For a top weight above :math:`\tfrac34`, :math:`1-p_\mu` is summed from the other weights:
    :math:`1-p_\mu` formed by subtraction would carry the absolute error of :math:`p_\mu`
    (about :math:`\varepsilon\,\beta|z|`), which is a large relative error when :math:`p_\mu\approx1`.
    """
    xp = D.xp
    p = D["softmax_weights"]
    idx = xp.arange(p.shape[0])
    if p.ndim == 2:
        idx = xp.reshape(idx, (-1, 1))
    top = idx == xp.argmax(p, axis=0)
    others = xp.sum(xp.where(top, xp.zeros_like(p), p), axis=0)
    return xp.max(p * xp.where(top & (p > 0.75), others, 1 - p), axis=0)


@quantity("max_query_sep")
def _max_query_sep(D: Data):
    r""":math:`\max_\mu\tilde\Delta_\mu(x)=z_{(1)}-z_{(2)}`, the query separation of the top memory."""
    D.need("x")
    xp = D.xp
    zs = xp.sort(xp.matmul(xp.matrix_transpose(D.Xi), D.x), axis=0, descending=True)
    return zs[0, ...] - zs[1, ...]


@quantity("dense_fixed_point")
def _dense_fixed_point(D: Data):
    r"""The fixed point :math:`x^*_\mu` reached by iterating :math:`T` from :math:`\xi_\mu`.

    .. math:: x_{t+1}=\Xi\,\mathrm{softmax}(\beta\Xi^\top x_t),\quad x_0=\xi_\mu,

    stopped when :math:`\lVert x_{t+1}-x_t\rVert\le` ``tolerance("default")`` :math:`\cdot(1+m)`.

    Raises
    ------
    RuntimeError
        If the iteration has not converged after :data:`FIXED_POINT_MAX_ITER` steps (such
        instances are to be excluded and counted, never used silently).
    """
    D.need("mu", "beta")
    xp, Xi, mu = D.xp, D.Xi, D.mu
    beta = float(D.beta)
    tol = tolerance("float32" if "float32" in str(Xi.dtype) else "float64", "default")
    scale = 1.0 + float(D["m"])
    x = Xi[:, mu]
    for _ in range(FIXED_POINT_MAX_ITER):
        x_new = xp.matmul(Xi, _softmax(xp, beta * xp.matmul(xp.matrix_transpose(Xi), x)))
        step = float(xp.linalg.vector_norm(x_new - x))
        x = x_new
        if step <= tol.atol * scale:
            return x
    raise RuntimeError(f"fixed-point iteration from pattern {mu} did not converge in {FIXED_POINT_MAX_ITER} steps "
                       f"(beta = {beta})")


def _near_fixed_point(D: Data, x_star) -> dict:
    r""":math:`r=\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}` and :math:`\lVert x-x^*_\mu\rVert`.

    ``x_star`` is the fixed point :math:`x^*_\mu`, shape (d,); ``None`` iterates it (``dense_fixed_point``).
    """
    xp, Xi = D.xp, D.Xi
    if x_star is None:
        x_star = D["dense_fixed_point"]
    else:
        x_star = as_float_array(x_star, "x_star", xp=xp, ndim=1)
        if x_star.shape[0] != Xi.shape[0]:
            raise ValueError(f"x_star must have shape ({Xi.shape[0]},); got shape {tuple(x_star.shape)}")
    to_star = xp.reshape(x_star, (-1, 1)) if D.x.ndim == 2 else x_star
    return {"r": xp.maximum(D["dist"], xp.linalg.vector_norm(x_star - Xi[:, D.mu])),
            "fixed_point_dist": xp.linalg.vector_norm(D.x - to_star, axis=0)}


def _on_fixed_point(bound, Xi, x, mu, beta, x_star, strict: bool) -> BoundResult:
    """Evaluate a bound of Theorems A8, A9 at the data, with :math:`r` from the fixed point."""
    D = Data(Xi, x, mu, beta)
    return evaluate(bound, D, given=_near_fixed_point(D, x_star), strict=strict)


def _group(D: Data, l) -> dict:  # noqa: E741
    r""":math:`l` and the radius :math:`r_l` of the first :math:`l` memories about their mean (Lemma A12)."""
    M = int(D.Xi.shape[1])
    if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not 1 <= int(l) < M:
        raise ValueError(f"l must be an integer with 1 <= l < M = {M}; got {l!r}")
    return {"l": D.scalar(l), "r_l": Data(D.Xi[:, : int(l)], min_patterns=1)["r_c"]}


# --------------------------------------------------------------------------- the bounds on data


def query_separation_lower_bound_at(Xi, x, mu: int, *, strict: bool = False) -> BoundResult:
    r"""Separation transfer at ``(Xi, x)``.

    .. math:: \tilde\Delta_\mu(x)\ge\Delta_\mu-\lVert x-\xi_\mu\rVert\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert.

    Examples
    --------
    Three memories of norm 2 on the axes: :math:`\Delta_0=4`, :math:`\max_{\nu\ne0}\lVert\xi_0-\xi_\nu\rVert=\sqrt8`.

    >>> import math
    >>> import numpy as np
    >>> res = query_separation_lower_bound_at(2.0 * np.eye(3), np.array([1.5, 0.5, 0.0]), 0)
    >>> math.isclose(float(res), 4.0 - math.sqrt(0.5) * math.sqrt(8.0))
    True
    """
    return evaluate(query_separation_lower_bound, Data(Xi, x, mu), strict=strict)


def query_separation_lower_bound_coarse_at(Xi, x, mu: int, *, strict: bool = False) -> BoundResult:
    r"""Coarse separation transfer :math:`\Delta_\mu-2m\lVert x-\xi_\mu\rVert` at ``(Xi, x)``.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # m = 1, Delta_0 = 1
    >>> value = float(query_separation_lower_bound_coarse_at(Xi, np.array([0.8, 0.1]), 0))
    >>> math.isclose(value, float(query_separation_lower_bound_coarse(1.0, math.hypot(0.2, 0.1), 1.0)))
    True
    """
    return evaluate(query_separation_lower_bound_coarse, Data(Xi, x, mu), strict=strict)


def jacobian_norm_bound_coarse_at(Xi, x, beta: float, *, strict: bool = False) -> BoundResult:
    r""":math:`2\beta Mm^2s` with :math:`s=\max_\mu p_\mu(1-p_\mu)`, :math:`p=\mathrm{softmax}(\beta\Xi^\top x)`.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> Xi, x = 2.0 * np.eye(3), np.array([1.5, 0.5, 0.0])
    >>> p = np.exp(Xi.T @ x) / np.exp(Xi.T @ x).sum()  # beta = 1
    >>> math.isclose(float(jacobian_norm_bound_coarse_at(Xi, x, 1.0)), 2 * 1.0 * 3 * 2.0**2 * np.max(p * (1 - p)))
    True
    """
    D = Data(Xi, x, beta=beta)
    return evaluate(jacobian_norm_bound_coarse, D, given={"s": D["softmax_spread"]}, strict=strict)


def jacobian_norm_bound_refined_at(Xi, x, beta: float, epsilon=None, *, strict: bool = False) -> BoundResult:
    r"""Corrected refined bound :math:`2\beta Mm^2(\epsilon-\epsilon^2)`; by default :math:`\epsilon=1-p_{\max}`.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> z = np.array([3.0, 1.0, 0.0])  # the scores of x = (1.5, 0.5, 0) at Xi = 2 I, beta = 1
    >>> epsilon = 1 - np.exp(3.0) / np.exp(z).sum()
    >>> value = float(jacobian_norm_bound_refined_at(2.0 * np.eye(3), z / 2, 1.0))
    >>> math.isclose(value, 2 * 3 * 4.0 * (epsilon - epsilon**2))
    True
    """
    D = Data(Xi, x, beta=beta)
    eps = D["softmax_tail"] if epsilon is None else D.xp.asarray(epsilon, dtype=D.xp.float64)
    return evaluate(jacobian_norm_bound_refined_corrected, D, given={"epsilon": eps, "p_max": D["softmax_max"]},
                    strict=strict)


def global_contraction_rate_at(Xi, beta: float, *, strict: bool = False) -> BoundResult:
    r""":math:`\beta r_c^2` with :math:`r_c=\max_\mu\lVert\xi_\mu-\bar\xi\rVert` (hypothesis :math:`\beta r_c^2<1`).

    Examples
    --------
    The memories :math:`2e_\mu` of :math:`\mathbb R^3` lie at distance :math:`r_c=\sqrt{24}/3` from their mean.

    >>> import math
    >>> import numpy as np
    >>> math.isclose(float(global_contraction_rate_at(2.0 * np.eye(3), 0.25)), 0.25 * 24 / 9)
    True
    """
    return evaluate(global_contraction_rate, Data(Xi, beta=beta), strict=strict)


def concentration_error_bound_at(Xi, x, mu: int | None, beta: float, *, strict: bool = False) -> BoundResult:
    r"""Lemma A4's :math:`2\epsilon m` at ``(Xi, x)``.

    With ``mu=None`` the published form: the pattern with the largest query separation,
    :math:`\max_\mu\tilde\Delta_\mu(x)=z_{(1)}-z_{(2)}`; with an index, the generalised form with
    :math:`\tilde\Delta_\mu(x)`.

    Examples
    --------
    The scores of :math:`x=(1.5,0.5,0)` at :math:`\Xi=2I` are :math:`(3,1,0)`: :math:`\tilde\Delta_0(x)=2`, and
    memory 0 has the top score, so both forms agree.

    >>> import math
    >>> import numpy as np
    >>> Xi, x = 2.0 * np.eye(3), np.array([1.5, 0.5, 0.0])
    >>> math.isclose(float(concentration_error_bound_at(Xi, x, 0, 1.0)), 2 * 2 * math.exp(-2.0) * 2.0)
    True
    >>> float(concentration_error_bound_at(Xi, x, None, 1.0)) == float(concentration_error_bound_at(Xi, x, 0, 1.0))
    True
    """
    D = Data(Xi, x, mu, beta)
    return evaluate(concentration_error_bound, D, given=None if mu is not None else {"query_sep": D["max_query_sep"]},
                    strict=strict)


def well_separation_threshold_at(Xi, beta: float, *, strict: bool = False) -> BoundResult:
    r"""Lemma A5's threshold at ``Xi`` (compare with :math:`\Delta_\mu`).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> value = float(well_separation_threshold_at(np.diag([1.0, 2.0, 2.0]), 1.0))  # M = 3, m = 2
    >>> math.isclose(value, 2 / 3 + math.log(2 * 2 * 3 * 1.0 * 4.0))
    True
    """
    return evaluate(well_separation_threshold, Data(Xi, beta=beta), strict=strict)


def sphere_self_map_error_bound_at(Xi, mu: int, beta: float, *, strict: bool = False) -> BoundResult:
    r"""Lemma A5's :math:`2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m` at ``Xi`` (hypothesis: well-separated).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> res = sphere_self_map_error_bound_at(2.0 * np.eye(3), 0, 2.0)  # Delta_0 = 4: well separated
    >>> math.isclose(float(res), float(sphere_self_map_error_bound(2.0, 3, 2.0, 4.0)))
    True
    """
    return evaluate(sphere_self_map_error_bound, Data(Xi, mu=mu, beta=beta), strict=strict)


def master_inequality_threshold_at(Xi, beta: float, *, strict: bool = False) -> BoundResult:
    r"""Right side of the master inequality at ``Xi`` (compare with :math:`\Delta_{\min}`).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> Xi = np.array([[3.0, 0.0], [0.0, 1.0]])  # M = 2, m = 3
    >>> math.isclose(float(master_inequality_threshold_at(Xi, 0.5)), 2 / (0.5 * 2) + math.log(2 * 4 * 0.5 * 9) / 0.5)
    True
    """
    return evaluate(master_inequality_threshold, Data(Xi, beta=beta), strict=strict)


def metastable_separation_threshold_at(Xi, beta: float, l: int, *, strict: bool = False) -> BoundResult:  # noqa: E741
    r"""Lemma A12's threshold (corrected form) for the group of the first ``l`` memories.

    :math:`r_l=\max_{\mu<l}\lVert\xi_\mu-\bar\xi_l\rVert`, :math:`\bar\xi_l` the mean of the first
    ``l`` columns; compare with :math:`\Delta_{\mathrm{meta}}`.

    Examples
    --------
    The group of the first two memories :math:`2e_1, 2e_2` has the mean :math:`(1,1,0)` and :math:`r_l=\sqrt2`.

    >>> import math
    >>> import numpy as np
    >>> res = metastable_separation_threshold_at(2.0 * np.eye(3), 0.25, 2)
    >>> math.isclose(float(res), float(metastable_separation_threshold_corrected(0.25, 3, 2.0, math.sqrt(2), 2)))
    True
    """
    D = Data(Xi, beta=beta)
    return evaluate(metastable_separation_threshold_corrected, D, given=_group(D, l), strict=strict)


def mean_value_jacobian_bound_at(Xi, x, mu: int, beta: float, x_star=None, *, strict: bool = False) -> BoundResult:
    r"""Eq. (180) at ``(Xi, x)``; ``x_star`` defaults to the fixed point iterated from :math:`\xi_\mu`.

    Examples
    --------
    With the fixed point given, :math:`r=\max\{\lVert x-\xi_0\rVert,\lVert x^*-\xi_0\rVert\}`.

    >>> import math
    >>> import numpy as np
    >>> Xi, x_star = 2.0 * np.eye(3), np.array([1.9, 0.0, 0.0])
    >>> res = mean_value_jacobian_bound_at(Xi, np.array([1.5, 0.5, 0.0]), 0, 2.0, x_star=x_star)
    >>> math.isclose(float(res), float(mean_value_jacobian_bound(2.0, 3, 2.0, 4.0, math.sqrt(0.5))))
    True
    """
    return _on_fixed_point(mean_value_jacobian_bound, Xi, x, mu, beta, x_star, strict)


def one_step_retrieval_error_bound_at(Xi, x, mu: int, beta: float, x_star=None, *,
                                      strict: bool = False) -> BoundResult:
    r"""Theorem A8's bound on :math:`\lVert T(x)-x^*_\mu\rVert` at ``(Xi, x)``.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> x, x_star = np.array([2.0, 0.3, 0.0]), np.array([2.0, 0.0, 0.0])
    >>> res = one_step_retrieval_error_bound_at(2.0 * np.eye(3), x, 0, 2.0, x_star=x_star)
    >>> math.isclose(float(res), float(one_step_retrieval_error_bound(2.0, 3, 2.0, 4.0, 0.3, 0.3)))
    True
    """
    return _on_fixed_point(one_step_retrieval_error_bound, Xi, x, mu, beta, x_star, strict)


def retrieval_error_bound_published_at(Xi, x, mu: int, beta: float, x_star=None, *,
                                       strict: bool = False) -> BoundResult:
    r"""Theorem A9's :math:`2(M-1)e^{-\beta(\Delta_\mu-2rm)}m` at ``(Xi, x)``.

    :math:`r=\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}`; ``x_star`` defaults to the
    fixed point iterated from :math:`\xi_\mu`.  ``x`` may be a ``(d, N)`` batch.

    Examples
    --------
    One value per query of a batch:

    >>> import math
    >>> import numpy as np
    >>> X = np.array([[2.0, 1.5], [0.0, 0.5], [0.0, 0.0]])  # the queries xi_0 and (1.5, 0.5, 0)
    >>> res = retrieval_error_bound_published_at(2.0 * np.eye(3), X, 0, 2.0, x_star=np.array([2.0, 0.0, 0.0]))
    >>> naive = [2 * 2 * math.exp(-2.0 * (4.0 - 2 * r * 2.0)) * 2.0 for r in (0.0, math.sqrt(0.5))]
    >>> bool(np.allclose(res.value, naive, rtol=1e-14))
    True
    """
    return _on_fixed_point(retrieval_error_bound_published, Xi, x, mu, beta, x_star, strict)


def fixed_point_offset_bound_at(Xi, x, mu: int, beta: float, x_star=None, *, strict: bool = False) -> BoundResult:
    r"""Theorem A9's second part at ``(Xi, x)`` (hypothesis :math:`r\le1/(2\beta m)`).

    Examples
    --------
    The query and the fixed point are within :math:`1/(2\beta m)=1/8` of the memory :math:`\xi_1=2e_2`.

    >>> import math
    >>> import numpy as np
    >>> x = np.array([0.0, 2.0, 0.1])
    >>> res = fixed_point_offset_bound_at(2.0 * np.eye(3), x, 1, 2.0, x_star=np.array([0.0, 1.99, 0.0]))
    >>> math.isclose(float(res), 2 * math.e * 2 * 2.0 * math.exp(-2.0 * 4.0))
    True
    """
    return _on_fixed_point(fixed_point_offset_bound, Xi, x, mu, beta, x_star, strict)
