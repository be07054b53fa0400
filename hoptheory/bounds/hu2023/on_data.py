r"""Hu et al. 2023, bounds on data: each bound evaluated at memories, queries, a target and :math:`\beta`.

Every ``<bound>_at`` function validates its data once with :class:`~hoptheory.bounds.Data`
(memories ``Xi`` as columns, one query of shape ``(d,)`` or N queries of shape ``(d, N)``, a
target index ``mu``, an inverse temperature ``beta``), hands the bound the quantities its
parameters name (shared ones such as ``m``, ``query_sep``, ``dist``, and this paper's own, see
:mod:`._data`) and returns the bound's :class:`~hoptheory.bounds.BoundResult`, with arrays of
shape ``()`` or ``(N,)`` in the namespace of ``Xi``.
"""

from __future__ import annotations

import inspect
import re
import math

from ...backend import as_float_array, get_namespace
from .._core import Bound, BoundResult
from .._data import Data, evaluate
from . import _data  # noqa: F401  (registers this paper's data quantities)
from ._common import glossary, parameters_section, with_sections
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

#: The arguments of the functions on data, for their docstrings.
_ARGUMENTS = glossary(r"""
    Xi : array, shape (d, M)
        Memories as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,) or (d, N)
        One query, or N queries as columns, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    reading : {"all", "others"}
        The maximum of the overlaps runs over all :math:`\nu\in[M]` (as printed) or over :math:`\nu\ne\mu`.
    map : {"sparsemax", "softmax"}
        The weights of the sparse or of the dense model.
    kappa_from : {"scaled", "unscaled"}
        :math:`\kappa=\kappa(\beta\Xi^\top x)` (consistent) or :math:`\kappa(\Xi^\top x)`, to show what an
        implementation that mixes them up computes (the hypothesis ``beta * gap < 1`` then typically fails).
        The order statistics are always those of :math:`z=\Xi^\top x`.
    r : float
        A ball radius :math:`r\geq 0` in place of :math:`R` (``None``: the separation radius :math:`R` of ``Xi``).
    sharp : bool
        Use the sharper threshold (with the largest distance to another pattern).
    eta : array, shape (d,)
        The noise vector, in the namespace of ``Xi``.
    strict : bool
        Raise :class:`~hoptheory.bounds.BoundHypothesisError` unless the bound's hypotheses hold and it is
        well-defined everywhere.
""")
_RETURNS = """Returns
-------
BoundResult
    Arrays of shape ``()`` for one query, ``(N,)`` for N queries, in the namespace of ``Xi``
    (value, hypotheses, definedness, vacuity)."""


def _documented(function):
    """Insert the ``Parameters`` (and, unless it has its own, the ``Returns``) of a function on data."""
    sections = parameters_section(inspect.signature(function).parameters, _ARGUMENTS)
    if not re.search(r"\n\s*Returns\n", function.__doc__):
        sections += "\n\n" + _RETURNS
    return with_sections(function, sections)


def _evaluate(bound: Bound, data: Data, strict: bool, **quantity_of: str) -> BoundResult:
    """:func:`~hoptheory.bounds.evaluate`, with each parameter of ``quantity_of`` read from the quantity named there."""
    return evaluate(bound, data, strict=strict, given={p: data[q] for p, q in quantity_of.items()})


def _option(name: str, value, options: dict):
    """The entry of ``options`` that the keyword argument ``name=value`` selects."""
    if value not in options:
        raise ValueError(f"{name} must be {' or '.join(repr(k) for k in options)}; got {value!r}")
    return options[value]


def _radius(r) -> float:
    r = float(r)
    if not (math.isfinite(r) and r >= 0):
        raise ValueError(f"r must be a finite number >= 0; got {r}")
    return r


def _lipschitz_at(bound: Bound, Xi, beta, eta, strict: bool) -> BoundResult:
    """A Lipschitz bound at memories ``Xi`` and one noise vector ``eta`` (the bound reads its norm)."""
    data = Data(Xi, beta=beta)
    eta = as_float_array(eta, "eta", ndim=1)
    get_namespace(data.Xi, eta)
    d, M = data.Xi.shape
    if eta.shape[0] != d:
        raise ValueError(f"eta must have shape ({d},) to match Xi of shape {(d, M)}; got {tuple(eta.shape)}")
    return evaluate(bound, data, strict=strict, given={"eta_norm": data.xp.linalg.vector_norm(eta)})


def _plain(v):
    """A 0-d array as a Python float; a block of values as it is."""
    return float(v) if v.ndim == 0 else v


@_documented
def dense_error_bound_as_quoted_at(Xi, x, mu, beta, *, reading="all", strict=False) -> BoundResult:
    r"""The dense error bound as restated by Hu et al., at memories and queries.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle
        -\max_{\nu}\langle\xi_\mu,\xi_\nu\rangle)\}

    Notes
    -----
    Evaluates :data:`dense_error_bound_as_quoted`; the hypothesis :math:`x\in S_\mu(R)` uses
    the separation radius of ``Xi``.  Source: hu2023/dense-error-bound-as-quoted.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi, x = np.eye(3), np.array([0.8, 0.1, 0.0])
    >>> r = dense_error_bound_as_quoted_at(Xi, x, 0, 2.0)  # the maximum over all nu: <xi_0, xi_0> = 1
    >>> math.isclose(float(r.value), 2 * 1.0 * 2 * math.exp(-2.0 * (0.8 - 1.0))), bool(r.hypotheses_hold)
    (True, True)
    >>> r = dense_error_bound_as_quoted_at(Xi, x, 0, 2.0, reading="others")  # over nu != 0: 0
    >>> math.isclose(float(r.value), 2 * 1.0 * 2 * math.exp(-2.0 * 0.8))
    True
    """
    return _evaluate(dense_error_bound_as_quoted, Data(Xi, x, mu, beta), strict,
                     max_overlap=_option("reading", reading, {"all": "max_overlap", "others": "max_overlap_others"}))


@_documented
def dense_error_bound_query_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The corrected dense error bound in the query separation, at memories and queries.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=z_\mu-\max_{\nu\ne\mu}z_\nu

    Notes
    -----
    Evaluates :data:`dense_error_bound_query` (derived; holds for every :math:`x`).

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    >>> z = Xi.T @ np.array([0.9, 0.1])  # the scores 0.9, 0.1, -0.9
    >>> r = dense_error_bound_query_at(Xi, np.array([0.9, 0.1]), 0, 2.0)
    >>> math.isclose(float(r.value), 2 * 1.0 * (3 - 1) * math.exp(-2.0 * (z[0] - max(z[1], z[2]))))
    True
    >>> X = np.array([[0.9, 0.0], [0.1, 1.0]])  # two queries as columns
    >>> dense_error_bound_query_at(Xi, X, 0, 2.0).value.shape
    (2,)
    """
    return evaluate(dense_error_bound_query, Data(Xi, x, mu, beta), strict=strict)


@_documented
def dense_error_bound_ball_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The corrected dense error bound in the pattern separation, at memories and queries.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}

    Notes
    -----
    Evaluates :data:`dense_error_bound_ball` (derived).

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi = np.array([[2.0, 0.0], [0.0, 1.0]])  # m = 2, Delta_0 = <xi_0, xi_0 - xi_1> = 4
    >>> dist = math.hypot(1.9 - 2.0, 0.2)
    >>> r = dense_error_bound_ball_at(Xi, np.array([1.9, 0.2]), 0, 0.5)
    >>> math.isclose(float(r.value), 2 * 2.0 * (2 - 1) * math.exp(-0.5 * (4.0 - 2 * 2.0 * dist)))
    True
    """
    return evaluate(dense_error_bound_ball, Data(Xi, x, mu, beta), strict=strict)


@_documented
def retrieval_error_weight_bound_at(Xi, x, mu, beta, *, map="sparsemax", strict=False) -> BoundResult:  # noqa: A002
    r"""The weight bound on the one-step error, at memories and queries.

    .. math::

        \Vert T(x)-\xi_\mu\Vert\leq 2m\,(1-p^\star_\mu),\qquad p^\star=\hat y(\beta\Xi^\top x)

    Notes
    -----
    Evaluates :data:`retrieval_error_weight_bound` (derived; conventions §5).

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi, x = np.eye(2), np.array([1.0, 0.5])  # beta z = (1, 0.5): sparsemax (0.75, 0.25)
    >>> math.isclose(float(retrieval_error_weight_bound_at(Xi, x, 0, 1.0).value), 2 * 1.0 * (1 - 0.75))
    True
    >>> p_soft = 1 / (1 + math.exp(0.5 - 1.0))
    >>> r = retrieval_error_weight_bound_at(Xi, x, 0, 1.0, map="softmax")
    >>> math.isclose(float(r.value), 2 * 1.0 * (1 - p_soft))
    True
    """
    return _evaluate(retrieval_error_weight_bound, Data(Xi, x, mu, beta), strict,
                     p_mu=_option("map", map, {"sparsemax": "sparsemax_p_mu", "softmax": "softmax_p_mu"}))


@_documented
def dense_well_separation_threshold_at(Xi, beta, *, r=None, strict=False) -> BoundResult:
    r"""The right-hand side of the dense well-separation condition for memories.

    .. math::

        \frac{1}{\beta}\ln\left(\frac{2(M-1)m}{r}\right)+2mr,\qquad r=R\ \text{by default}

    Notes
    -----
    Pattern :math:`\mu` satisfies the condition iff its separation
    (``hoptheory.models.pattern_separation(Xi)[mu]``) is at least the value.  Evaluates
    :data:`dense_well_separation_threshold`.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # m = 1, R = sqrt(2)/2
    >>> R = math.sqrt(2) / 2
    >>> math.isclose(float(dense_well_separation_threshold_at(Xi, 2.0).value), math.log(4 / R) / 2.0 + 2 * R)
    True
    >>> math.isclose(float(dense_well_separation_threshold_at(Xi, 2.0, r=0.1).value), math.log(4 / 0.1) / 2.0 + 0.2)
    True
    """
    return evaluate(dense_well_separation_threshold, Data(Xi, beta=beta), strict=strict,
                    given=None if r is None else {"R": float(r)})


@_documented
def retrieval_error_sparsity_bound_published_at(Xi, x, mu, beta, *, kappa_from="scaled",
                                                strict=False) -> BoundResult:
    r"""The published sparsity-dependent error bound at memories and queries.

    .. math::

        m+d^{1/2}m\beta\left[\kappa\left(z_{(1)}-z_{(\kappa)}\right)+\frac{1}{\beta}\right]

    Notes
    -----
    Evaluates :data:`retrieval_error_sparsity_bound_published`.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi, x = np.eye(3), np.array([0.6, 0.5, 0.0])  # z = x; sparsemax(z) = (0.55, 0.45, 0): kappa = 2
    >>> r = retrieval_error_sparsity_bound_published_at(Xi, x, 0, 1.0)
    >>> by_hand = retrieval_error_sparsity_bound_published(1.0, 3, 1.0, 2, 0.6 - 0.5, math.hypot(0.4, 0.5),
    ...                                                    math.sqrt(2) / 2)
    >>> math.isclose(float(r.value), float(by_hand.value)), bool(r.vacuous)
    (True, True)
    """
    return _evaluate(retrieval_error_sparsity_bound_published, Data(Xi, x, mu, beta), strict,
                     **_option("kappa_from", kappa_from, {"scaled": {"kappa": "kappa", "gap": "gap"},
                                                          "unscaled": {"kappa": "kappa_unscaled",
                                                                       "gap": "gap_unscaled"}}))


@_documented
def retrieval_error_sparsity_bound_corrected_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The corrected sparsity-dependent error bound at memories and queries.

    .. math::

        \Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq\frac{2m}{\kappa}\left(\kappa-1-\beta
        \sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right),\qquad\kappa=\kappa(\beta z)

    Notes
    -----
    Valid when :math:`\xi_\mu` has the top score (hypothesis on :math:`\tilde\Delta_\mu(x)`).
    Evaluates :data:`retrieval_error_sparsity_bound_corrected`.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi = 2 * np.eye(3)  # z = (1.0, 0.6, 0): kappa = 2, p_top = (1 + 0.4) / 2
    >>> r = retrieval_error_sparsity_bound_corrected_at(Xi, np.array([0.5, 0.3, 0.0]), 0, 1.0)
    >>> math.isclose(float(r.value), 2 * 2.0 * (1 - 0.7)), bool(r.hypotheses_hold)
    (True, True)
    """
    return evaluate(retrieval_error_sparsity_bound_corrected, Data(Xi, x, mu, beta), strict=strict)


@_documented
def retrieval_error_delta_at(Xi, x, mu, beta):
    r"""The difference of the dense and the sparse one-step errors.

    .. math::

        \delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert

    Returns
    -------
    delta : float or array of shape (N,)
        A float for one query, an array in the namespace of ``Xi`` for N queries; negative
        where the sparse error exceeds the dense one.

    Notes
    -----
    The :math:`\delta` of hu2023/well-separation, computed with the models' ``error`` (the
    same :math:`\beta` for both maps).

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi, x = np.eye(2), np.array([1.0, 0.2])  # beta z = (2, 0.4): sparsemax (1, 0), exact retrieval
    >>> p1 = 1 / (1 + math.exp(2.0 - 0.4))  # the softmax weight of xi_1
    >>> math.isclose(retrieval_error_delta_at(Xi, x, 0, 2.0), math.sqrt(2) * p1)
    True
    """
    return _plain(Data(Xi, x, mu, beta)["dense_minus_sparse_error"])


@_documented
def well_separation_threshold_published_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The published sparse well-separation threshold with :math:`\delta=\delta(x)`.

    .. math::

        \frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta(x)}\right)+2mR

    Notes
    -----
    Ill-defined where :math:`R+\delta(x)\leq 0`.  Evaluates
    :data:`well_separation_threshold_published` with :func:`~hoptheory.bounds.hu2023.retrieval_error_delta_at`.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi, x = np.eye(2), np.array([0.9, 0.3])
    >>> delta, R = retrieval_error_delta_at(Xi, x, 0, 2.0), math.sqrt(2) / 2
    >>> r = well_separation_threshold_published_at(Xi, x, 0, 2.0)
    >>> math.isclose(float(r.value), math.log(2 * (2 - 1) * 1.0 / (R + delta)) / 2.0 + 2 * 1.0 * R)
    True
    """
    return _evaluate(well_separation_threshold_published, Data(Xi, x, mu, beta), strict,
                     delta="dense_minus_sparse_error")


@_documented
def exact_retrieval_ball_threshold_at(Xi, mu, beta, r, *, sharp=False, strict=False) -> BoundResult:
    r"""The separation threshold for exact one-step sparse retrieval on :math:`S_\mu(r)`.

    .. math::

        \frac{1}{\beta}+2mr\quad\text{or, with}\ \texttt{sharp},\quad
        \frac{1}{\beta}+r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert

    Notes
    -----
    If :math:`\Delta_\mu` (``hoptheory.models.pattern_separation(Xi)[mu]``) is at least the
    value, then :math:`T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}`.  Evaluates
    :data:`exact_retrieval_ball_threshold` or :data:`exact_retrieval_ball_threshold_sharp`.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])  # from xi_0: distances sqrt(2) and 2
    >>> math.isclose(float(exact_retrieval_ball_threshold_at(Xi, 0, 2.0, 0.1).value), 1 / 2.0 + 2 * 1.0 * 0.1)
    True
    >>> float(exact_retrieval_ball_threshold_at(Xi, 0, 2.0, 0.1, sharp=True).value) == 1 / 2.0 + 0.1 * 2.0
    True
    """
    return evaluate(exact_retrieval_ball_threshold_sharp if sharp else exact_retrieval_ball_threshold,
                    Data(Xi, mu=mu, beta=beta), strict=strict, given={"r": _radius(r)})


def _lipschitz_at_function(bound: Bound, model: str, examples: str):
    """The function on data of a Lipschitz bound: memories ``Xi``, noise ``eta`` (``examples``: its doctest)."""

    def at(Xi, beta, eta, *, strict=False) -> BoundResult:
        return _lipschitz_at(bound, Xi, beta, eta, strict)

    at.__name__ = at.__qualname__ = f"{bound.name}_at"
    at.__doc__ = f"""Lipschitz bound of the {model} retrieval map for memories ``Xi`` and query noise ``eta``.

    .. math::

        {bound.latex}

    Notes
    -----
    Evaluates :data:`{bound.name}` (:math:`\\Vert\\Xi\\Vert_2` from the singular values).

    Examples
    --------
    >>> import math, numpy as np
{examples}
    True
    """
    return _documented(at)


sparse_lipschitz_bound_at = _lipschitz_at_function(sparse_lipschitz_bound, "sparse", """\
    >>> r = sparse_lipschitz_bound_at(np.diag([3.0, 1.0]), 2.0, np.array([0.3, 0.4]))
    >>> math.isclose(float(r.value), 2.0 * 3.0 ** 2 * 0.5)""")
dense_lipschitz_bound_at = _lipschitz_at_function(dense_lipschitz_bound, "dense", """\
    >>> Xi, eta = np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([0.1, 0.0])
    >>> r = dense_lipschitz_bound_at(Xi, 4.0, eta)
    >>> math.isclose(float(r.value), 4.0 / 2 * np.linalg.norm(Xi, 2) ** 2 * 0.1)""")


@_documented
def separation_radius_as_printed(Xi) -> float:
    r"""The ball radius as printed, with the minimum over all pairs including :math:`\mu=\nu`.

    .. math::

        R_{\rm printed}=\frac{1}{2}\min_{\mu,\nu\in[M]}\Vert\xi_\mu-\xi_\nu\Vert

    Returns
    -------
    R_printed : float
        :math:`0` for every memory matrix (hu2023/stored-retrieved-definition).

    Notes
    -----
    The intended radius is ``hoptheory.models.separation_radius(Xi)`` (minimum over
    :math:`\mu\ne\nu`).  Computed from the differences (no Gram-matrix cancellation).

    Examples
    --------
    >>> import numpy as np
    >>> separation_radius_as_printed(np.array([[1.0, 0.0], [0.0, 3.0]]))
    0.0
    """
    data = Data(Xi)
    xp, Xi = data.xp, data.Xi
    best = math.inf
    for mu in range(Xi.shape[1]):
        best = min(best, float(xp.min(xp.linalg.vector_norm(Xi - Xi[:, mu:mu + 1], axis=0))))
    return 0.5 * best
