r"""The bounds of Hu et al. 2024 evaluated on data: memories, queries, a target and a mask.

Each ``*_at`` function evaluates one bound on :class:`~hoptheory.bounds.Data` (or
:class:`~._data.NoisyData`): the bound's parameters are the data quantities of the same names
(:math:`m`, :math:`k`, :math:`\tilde\Delta_\mu(x)`, …; the paper's own ones are registered in
:mod:`._data`), and the result is the bound's :class:`~hoptheory.bounds.BoundResult` with the
data hypotheses (``mu in mask``, ``x in S_mu(R)``) added to ``failed``.  Bad data (shapes,
namespaces, an index out of range, :math:`\beta\le0`) raises.  Overflow of
:math:`e^{-\beta\tilde\Delta}` (a negative separation at large :math:`\beta`) is reported as
ill-defined ("non-finite value"), never returned as a number.
"""

from __future__ import annotations

from ...backend import as_float_array, get_namespace
from .._core import Bound, BoundResult
from .._data import Data, evaluate
from ._common import with_parameters
from ._data import DATA_HYPOTHESES, NoisyData
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


def _evaluate(bound: Bound, data: Data, strict: bool, *hypotheses: str) -> BoundResult:
    """:func:`~hoptheory.bounds.evaluate` with the named data hypotheses of :data:`DATA_HYPOTHESES` added."""
    return evaluate(bound, data, strict=strict, hypotheses={h: data[DATA_HYPOTHESES[h]] for h in hypotheses})


@with_parameters
def retrieval_error_bound_published_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The published Theorem 4.1 bound evaluated on data.

    .. math::

        m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle
        -\max_{\nu\in[M],\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.retrieval_error_bound_published`, shape ``()`` or ``(N,)``,
        with the data hypotheses ``"mu in mask"`` and ``"x in S_mu(R)"``
        (:math:`\Vert x-\xi_\mu\Vert\le R`).

    Notes
    -----
    Claim ``hu2024/retrieval-error-published`` (reconstructed; suspected ``false-in-general``).

    Examples
    --------
    >>> import numpy as np
    >>> Xi, x = np.eye(3), np.array([1.0, 0.2, 0.1])
    >>> res = retrieval_error_bound_published_at(Xi, x, 0, 2.0, np.array([True, True, False]))
    >>> # k = 2; the published exponent is <xi_0, x> - max_{nu != 0} <xi_0, xi_nu> = 1.0 - 0.0
    >>> float(res.value) == float(retrieval_error_bound_published(2.0, 1.0, 3, 2, 1.0).value)
    True
    >>> res.failed_hypotheses()  # 0 is in the mask and |x - xi_0| = 0.22 <= R = 0.71
    []
    """
    return _evaluate(retrieval_error_bound_published, Data(Xi, x, mu, beta, mask), strict,
                     "mu in mask", "x in S_mu(R)")


@with_parameters
def retrieval_error_bound_published_inclusive_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The inclusive-maximum reading of Theorem 4.1 on data (maximum over all :math:`\nu\in[M]`).

    .. math::

        m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.retrieval_error_bound_published_inclusive`, with the data
        hypotheses ``"mu in mask"`` and ``"x in S_mu(R)"``.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> res = retrieval_error_bound_published_inclusive_at(np.eye(3), np.array([1.0, 0.2, 0.1]), 0, 2.0)
    >>> math.isclose(float(res.value), 1 * (3 + 3 - 2) * math.exp(-2.0 * (1.0 - 1.0)))  # the maximum includes nu = mu
    True
    """
    return _evaluate(retrieval_error_bound_published_inclusive, Data(Xi, x, mu, beta, mask), strict,
                     "mu in mask", "x in S_mu(R)")


@with_parameters
def retrieval_error_bound_rigorous_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The rigorous sparsity-dependent retrieval bound on data (V1 and V2).

    .. math::

        \Vert T_{\mathcal M}(x)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle

    For top-K pass the query's own mask.

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.retrieval_error_bound_rigorous`, with the data hypothesis
        ``"mu in mask"`` (no condition on :math:`x`).

    Notes
    -----
    Claim ``hu2024/retrieval-error-rigorous`` (derived).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # three memories in the plane, m = 1
    >>> res = retrieval_error_bound_rigorous_at(Xi, np.array([0.9, 0.3]), 0, 1.5)
    >>> math.isclose(float(res.value), 1 * (3 + 3 - 2) * math.exp(-1.5 * min(0.9 - 0.3, 0.9 + 0.9)))
    True
    >>> X = np.array([[0.9, 0.0], [0.3, 1.0]])  # two queries as columns: separations 0.6 and -1
    >>> np.allclose(retrieval_error_bound_rigorous_at(Xi, X, 0, 1.5).value, 4 * np.exp(-1.5 * np.array([0.6, -1.0])))
    True
    """
    return _evaluate(retrieval_error_bound_rigorous, Data(Xi, x, mu, beta, mask), strict, "mu in mask")


@with_parameters
def retrieval_error_bound_v2_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The sharper V2 bound on data.

    .. math::

        \Vert T^{(2)}_{\mathcal M}(x)-\xi_\mu\Vert\le2m(k-1)\,e^{-\beta\tilde\Delta^{\mathcal M}_\mu(x)},\qquad
        \tilde\Delta^{\mathcal M}_\mu(x)=\min_{\nu\in\mathcal M\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle

    Where :math:`k=1` the bound is 0 (``query_sep_mask`` is then 0; any finite value gives the
    same result).

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.retrieval_error_bound_v2`, with the data hypothesis
        ``"mu in mask"``.

    Notes
    -----
    Claim ``hu2024/retrieval-error-rigorous`` (derived, V2 only).

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    >>> mask = np.array([True, False, True])  # k = 2: inside the mask only nu = 2 competes with mu = 0
    >>> res = retrieval_error_bound_v2_at(Xi, np.array([0.9, 0.3]), 0, 1.5, mask)
    >>> float(res.value) == float(retrieval_error_bound_v2(1.5, 1.0, 2, 0.9 + 0.9).value)
    True
    """
    return _evaluate(retrieval_error_bound_v2, Data(Xi, x, mu, beta, mask), strict, "mu in mask")


@with_parameters
def retrieval_error_bound_dense_rigorous_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The dense bound on data.

    .. math::

        \Vert T_{\mathrm{Dense}}(x)-\xi_\mu\Vert\le2m(M-1)\,e^{-\beta\tilde\Delta_\mu(x)}

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.retrieval_error_bound_dense_rigorous`.

    Notes
    -----
    Ramsauer et al. 2021, Lemma A4, generalised to every :math:`x`; used by claim
    ``hu2024/sparse-vs-dense-bound``.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> res = retrieval_error_bound_dense_rigorous_at(np.eye(2), np.array([0.7, 0.2]), 1, 3.0)
    >>> math.isclose(float(res.value), 2 * 1 * (2 - 1) * math.exp(-3.0 * (0.2 - 0.7)))  # mu = 1: a negative separation
    True
    """
    return evaluate(retrieval_error_bound_dense_rigorous, Data(Xi, x, mu, beta), strict=strict)


@with_parameters
def query_noise_bound_at(Xi, x, mu, beta, eta, mask=None, *, coarse=False, strict=False) -> BoundResult:
    r"""Query-noise robustness bound on data (V1 and V2, :math:`\mu\in\mathcal M`).

    .. math::

        \Vert T_{\mathcal M}(x+\eta)-\xi_\mu\Vert\le m(M+k-2)
        \exp\{-\beta(\tilde\Delta_\mu(x)-\Vert\eta\Vert\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert)\}

    (``coarse=True``: :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\to2m`), with
    :math:`\tilde\Delta_\mu(x)` of the clean query.

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.query_noise_bound` (or ``query_noise_bound_coarse``), with
        the data hypothesis ``"mu in mask"``.

    Notes
    -----
    Claim ``hu2024/noise-robustness`` (derived form).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> x, eta = np.array([1.0, 0.2, 0.1]), np.array([0.0, 0.1, 0.0])  # the query separation of x is 0.8
    >>> res = query_noise_bound_at(np.eye(3), x, 0, 2.0, eta)
    >>> math.isclose(float(res.value), 1 * (3 + 3 - 2) * math.exp(-2.0 * (0.8 - 0.1 * math.sqrt(2))))
    True
    >>> res = query_noise_bound_at(np.eye(3), x, 0, 2.0, eta, coarse=True)
    >>> math.isclose(float(res.value), 1 * (3 + 3 - 2) * math.exp(-2.0 * (0.8 - 2 * 1 * 0.1)))
    True
    """
    return _evaluate(query_noise_bound_coarse if coarse else query_noise_bound,
                     NoisyData(Xi, x, mu, beta, mask, eta=eta), strict, "mu in mask")


@with_parameters
def memory_noise_bound_at(Xi, x, mu, beta, Xi_noisy, mask=None, *, strict=False) -> BoundResult:
    r"""Memory-noise robustness bound on data (V1 and V2 on the noisy memories).

    .. math::

        \Vert\tilde T_{\mathcal M}(x)-\xi_\mu\Vert\le\tilde m(M+k-2)
        e^{-\beta(\tilde\Delta_\mu(x)-2\Vert x\Vert\eta_{\max})}+\Vert\eta_\mu\Vert

    with :math:`\tilde\Delta_\mu(x)` of the clean memories, :math:`\eta_\nu=\tilde\xi_\nu-\xi_\nu`,
    :math:`\eta_{\max}=\max_\nu\Vert\eta_\nu\Vert`, :math:`\tilde m=\max_\nu\Vert\tilde\xi_\nu\Vert`.

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.memory_noise_bound`, with the data hypothesis
        ``"mu in mask"``.

    Notes
    -----
    Claim ``hu2024/noise-robustness`` (derived form).

    Examples
    --------
    Every memory of :math:`I_2` moves by 0.1; the query :math:`x=(0.6, 0.8)` has norm 1 and
    separation :math:`\tilde\Delta_0(x)=-0.2`:

    >>> import numpy as np
    >>> res = memory_noise_bound_at(np.eye(2), np.array([0.6, 0.8]), 0, 2.0, 1.1 * np.eye(2))
    >>> bool(np.isclose(res.value, 1.1 * (2 + 2 - 2) * np.exp(-2.0 * (-0.2 - 2 * 1.0 * 0.1)) + 0.1))
    True
    """
    return _evaluate(memory_noise_bound, NoisyData(Xi, x, mu, beta, mask, Xi_noisy=Xi_noisy), strict, "mu in mask")


@with_parameters
def well_separation_threshold_at(Xi, beta, k, r=None, *, strict=False) -> BoundResult:
    r"""The derived well-separation threshold on data, the same for every memory.

    .. math::

        \frac1\beta\ln\frac{m(M+k-2)}{r}+2mr

    Memory :math:`\mu` satisfies the condition when :math:`\Delta_\mu` is at least the value.
    The radius ``r`` defaults to :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`; ``k``
    may be an array (the result has its shape).

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.well_separation_threshold`.

    Notes
    -----
    Claim ``hu2024/well-separation-k``; with ``r = R`` see the vacuity argument there.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> R = math.sqrt(2) / 2  # of np.eye(3)
    >>> res = well_separation_threshold_at(np.eye(3), 2.0, 2)
    >>> math.isclose(float(res.value), math.log(1 * (3 + 2 - 2) / R) / 2.0 + 2 * 1 * R)
    True
    >>> math.isclose(float(well_separation_threshold_at(np.eye(3), 2.0, 2, 0.1).value), math.log(3 / 0.1) / 2.0 + 0.2)
    True
    """
    return evaluate(well_separation_threshold, data := Data(Xi, beta=beta), strict=strict,
                    given={"k": k, "r": data["R"] if r is None else r})


@with_parameters
def well_separation_threshold_published_at(Xi, beta, k, *, strict=False) -> BoundResult:
    r"""The expected published threshold on data.

    .. math::

        \frac1\beta\ln\frac{m(M+k-2)}{R}+2mR

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.well_separation_threshold_published`.

    Notes
    -----
    Claim ``hu2024/well-separation-k`` (reconstructed; suspected ``holds-but-vacuous``).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> res = well_separation_threshold_published_at(np.eye(3), 2.0, 2)
    >>> float(res.value) == float(well_separation_threshold_published(2.0, 1.0, 3, 2, math.sqrt(2) / 2).value)
    True
    """
    return evaluate(well_separation_threshold_published, Data(Xi, beta=beta), strict=strict, given={"k": k})


@with_parameters
def v1_jacobian_norm_bound_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The V1 Jacobian norm bound on data.

    .. math::

        \Vert J^{(1)}(x)\Vert_2\le2\beta m^2(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.v1_jacobian_norm_bound`, with the data hypothesis
        ``"mu in mask"``.

    Notes
    -----
    Claim ``hu2024/v1-jacobian`` (derived).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> res = v1_jacobian_norm_bound_at(np.eye(2), np.array([0.8, 0.1]), 0, 1.0, np.array([True, True]))
    >>> math.isclose(float(res.value), 2 * 1.0 * 1 ** 2 * (2 + 2 - 2) * math.exp(-1.0 * (0.8 - 0.1)))
    True
    """
    return _evaluate(v1_jacobian_norm_bound, Data(Xi, x, mu, beta, mask), strict, "mu in mask")


@with_parameters
def v1_contraction_bound_at(Xi, mu, beta, k, r, *, strict=False) -> BoundResult:
    r"""The V1 contraction constant on :math:`S_\mu(r)`, on data.

    .. math::

        2\beta m^2(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}

    V1 with a fixed mask of size :math:`k` containing :math:`\mu` is a contraction on
    :math:`S_\mu(r)` when the value is :math:`<1` (and the well-separation condition makes it a
    self-map).

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.v1_contraction_bound`.

    Notes
    -----
    Claims ``hu2024/v1-jacobian``, ``hu2024/fixed-point-convergence`` (derived).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> res = v1_contraction_bound_at(np.eye(3), 0, 2.0, 2, 0.1)  # Delta_0 = 1
    >>> math.isclose(float(res.value), 2 * 2.0 * 1 ** 2 * (3 + 2 - 2) * math.exp(-2.0 * (1.0 - 2 * 1 * 0.1)))
    True
    """
    return evaluate(v1_contraction_bound, Data(Xi, mu=mu, beta=beta), strict=strict, given={"k": k, "r": r})


def _kernel_arguments(u, v) -> dict:
    """``inner`` :math:`=u^\\top v`, ``norm_sum_sq`` :math:`=\\Vert u+v\\Vert^2` and the namespace ``xp``."""
    u = as_float_array(u, "u", ndim=1)
    xp = get_namespace(u, v)
    v = as_float_array(v, "v", xp=xp, ndim=1)
    if tuple(u.shape) != tuple(v.shape):
        raise ValueError(f"u and v must have the same shape; got {tuple(u.shape)} and {tuple(v.shape)}")
    w = u + v
    return {"inner": xp.sum(u * v), "norm_sum_sq": xp.sum(w * w), "xp": xp}


@with_parameters
def prf_estimator_variance_at(u, v, beta, n_f, *, strict=False) -> BoundResult:
    r"""Variance of the positive-random-feature estimator of :math:`e^{\beta u^\top v}`.

    .. math::

        \frac1{n_f}e^{2\beta u^\top v}\left(e^{\beta\Vert u+v\Vert^2}-1\right)

    Returns
    -------
    BoundResult
        :data:`~hoptheory.bounds.hu2024.prf_estimator_variance`.

    Notes
    -----
    Claim ``hu2024/variant-prf`` (derived).

    Examples
    --------
    >>> import numpy as np
    >>> u, v = np.array([0.3, 0.1]), np.array([0.2, -0.4])  # u.v = 0.02, |u + v|^2 = 0.34
    >>> res = prf_estimator_variance_at(u, v, 0.5, 8)
    >>> bool(np.isclose(res.value, np.exp(2 * 0.5 * 0.02) * np.expm1(0.5 * 0.34) / 8))
    True
    """
    return prf_estimator_variance(beta=beta, n_f=n_f, strict=strict, **_kernel_arguments(u, v))
