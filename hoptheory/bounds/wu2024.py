r"""Retrieval-error and capacity bounds of the Generalized Sparse Hopfield model (Wu et al. 2024, STanHop).

D. Wu, J. Y.-C. Hu, W. Li, B.-Y. Chen, H. Liu, *STanHop: Sparse Tandem Hopfield Model for
Memory-Enhanced Time Series Prediction*, ICLR 2024, arXiv:2312.17346 [1]_.  The model is the
:math:`\alpha`-entmax Hopfield model :class:`~hoptheory.models.EntmaxHopfield`,
:math:`T_\alpha(x)=\Xi\,\alpha\text{-entmax}(\beta\Xi^\top x)`.  Every formula is a
:class:`~hoptheory.bounds.Bound` declared with :func:`~hoptheory.bounds.bound`; the functions
``…_at`` evaluate them on data (memories ``Xi`` as columns, queries ``x``, a target ``mu``,
:math:`\beta` and :math:`\alpha`).  *Published* forms are reconstructed from secondary
descriptions (the labels are those of the submitted version); *derived* forms are hoptheory's
own.  Claim IDs are those of the wu2024 records in ``hoptheory.claims``.

Notes
-----
**Bounds**

* ``retrieval_error_sparse_regime_published``: Theorem 3.1 for :math:`\alpha\ge2`,
  :math:`m+m\sqrt d\,\beta[\kappa(z_{(1)}-z_{(\kappa)})+1/\beta]`; its value lies in
  :math:`[m(1+\sqrt d),\ m(1+\sqrt d(1+\kappa/(\alpha-1))))` (the lower end is
  ``hu2023.retrieval_error_sparsity_bound_floor``, the upper end
  ``retrieval_error_sparse_regime_ceiling``), so it is never below the trivial :math:`2m`.
* ``retrieval_error_dense_regime_published``: the second inequality of Theorem 3.1 for
  :math:`1\le\alpha\le2`, :math:`2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle-\max_\nu\langle\xi_\mu,\xi_\nu\rangle)\}`.
  The corrected chain is ``hu2023.retrieval_error_weight_bound`` (with the α-entmax weight)
  :math:`\le` ``hu2023.retrieval_error_weight_bound`` (softmax weight) :math:`\le`
  ``hu2023.dense_error_bound_query``.
* ``exact_retrieval_query_sep_threshold``: :math:`1/((\alpha-1)\beta)`; a query separation at
  least this value makes one update return :math:`\xi_\mu` exactly (the margin
  :math:`1/(\alpha-1)`).
* ``margin_capacity_failure_probability`` and ``margin_capacity_patterns``: the margin-based
  exact-retrieval capacity certificate with :math:`\lambda_\Omega=1/(\alpha-1)`.

The published capacity constants are unconfirmed; read as those of Hu et al. 2023 they are
``hu2023.capacity_lower_bound_published``.

References
----------
.. [1] D. Wu, J. Y.-C. Hu, W. Li, B.-Y. Chen, H. Liu, "STanHop: Sparse Tandem Hopfield Model for
   Memory-Enhanced Time Series Prediction", ICLR 2024, arXiv:2312.17346.
"""

from __future__ import annotations

import inspect
from fractions import Fraction

from .. import models
from ..backend import sort_descending
from ._core import BoundResult
from ._data import Data, evaluate
from ._declare import bound, declared_bounds, glossary, with_parameters
from ._hypotheses import at_least, greater_than, hypothesis, in_interval, integer_at_least, trivial_2m
from .hu2023 import retrieval_error_weight_bound

__all__ = [
    "BOUNDS",
    "exact_retrieval_query_sep_threshold",
    "margin_capacity_failure_probability",
    "margin_capacity_failure_probability_at",
    "margin_capacity_patterns",
    "retrieval_error_dense_regime_published",
    "retrieval_error_dense_regime_published_at",
    "retrieval_error_sparse_regime_ceiling",
    "retrieval_error_sparse_regime_published",
    "retrieval_error_sparse_regime_published_at",
    "retrieval_error_weight_bound_at",
]

_SRC = "Wu et al., STanHop, ICLR 2024 (arXiv:2312.17346), submitted version"
_DERIVED = "hoptheory (derived), after " + _SRC
#: What each parameter name means in this module (one meaning per name), for the documentation.
_PARAMS = glossary(r"""
    m : float
        Largest pattern norm :math:`m>0` (the radius of the pattern sphere in the capacity bounds).
    d : int
        Pattern dimension :math:`d`.
    M : int
        Number of patterns :math:`M`.
    beta : float
        Inverse temperature :math:`\beta>0` (one scalar on data).
    alpha : float
        Tsallis index :math:`\alpha` (each bound's hypotheses state its range; 1 is softmax on data).
    kappa : int
        Support size :math:`\kappa=\Vert\alpha\text{-entmax}(\beta\Xi^\top x)\Vert_0`.
    gap : float
        Score gap :math:`z_{(1)}-z_{(\kappa)}` (order statistics of :math:`z=\Xi^\top x`).
    dist : float
        Distance of the query to the pattern, :math:`\Vert x-\xi_\mu\Vert`.
    R : float
        Radius of the balls :math:`S_\mu(R)`.
    score : float
        The score :math:`\langle\xi_\mu,x\rangle`.
    max_overlap : float
        :math:`\max_\nu\langle\xi_\mu,\xi_\nu\rangle`, over all :math:`\nu` or over :math:`\nu\ne\mu` as read.
    r : float
        Query radius :math:`r>0`.
    p_fail : float
        Failure probability :math:`p_{\rm f}\in(0,1)`.
    Xi : array, shape (d, M)
        Memories as columns (real floating, finite).
    x : array, shape (d,) or (d, N)
        One query, or N queries as columns, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    reading : {"all", "others"}
        The maximum of the overlaps over all :math:`\nu` (as printed) or over :math:`\nu\ne\mu`.
    strict : bool
        Raise :class:`~hoptheory.bounds.BoundHypothesisError` unless the hypotheses hold and the value is defined.
""")
#: SymPy assumptions of the parameters that are not positive reals.
_ASSUME = {"d": {"positive": True, "integer": True}, "M": {"positive": True, "integer": True},
           "kappa": {"positive": True, "integer": True}, "gap": {"real": True, "nonnegative": True},
           "score": {"real": True}, "max_overlap": {"real": True}}
_DOC = {"parameters": _PARAMS, "assumptions": _ASSUME}

H_M = greater_than("m", 0, r"m>0")
H_D = integer_at_least("d", 1, r"d\in\mathbb{Z},\ d\geq1")
H_BETA = greater_than("beta", 0, r"\beta>0")
H_KAPPA = integer_at_least("kappa", 1, r"\kappa\in\mathbb{Z},\ \kappa\geq1")
H_ALPHA_SPARSE = at_least("alpha", 2, r"\alpha\geq2")
H_ALPHA_DENSE = in_interval("alpha", 1, 2, r"1\leq\alpha\leq2", closed_low=True, closed_high=True)
H_ALPHA = greater_than("alpha", 1, r"\alpha>1")
H_IN_BALL = hypothesis("dist <= R (x in S_mu)", r"\Vert x-\xi_\mu\Vert\leq R",
                       lambda xp, **p: (p["dist"] >= 0) & (p["dist"] <= p["R"]))
H_SUPPORT = hypothesis("(alpha - 1) beta gap < 1 (kappa is the alpha-entmax support of beta z)",
                       r"(\alpha-1)\beta(z_{(1)}-z_{(\kappa)})<1",
                       lambda xp, **p: (p["alpha"] - 1) * p["beta"] * p["gap"] < 1)
H_R = greater_than("r", 0, r"r>0")
H_ANGLE = hypothesis("1/((alpha - 1) beta) + 2 m r <= m^2", r"\frac{1}{(\alpha-1)\beta}+2mr\leq m^2",
                     lambda xp, **p: 1 + 2 * p["m"] * p["r"] * (p["alpha"] - 1) * p["beta"]
                     <= p["m"] * p["m"] * (p["alpha"] - 1) * p["beta"])


def _one(F, **_):
    return 1


def _two(F, **_):
    return 2


# --------------------------------------------------------------------------- retrieval error, alpha >= 2


@bound(**_DOC, hypotheses=(H_M, H_D, H_BETA, H_ALPHA_SPARSE, H_KAPPA,
                           at_least("gap", 0, r"z_{(1)}-z_{(\kappa)}\geq0"), H_SUPPORT, greater_than("R", 0, r"R>0"),
                           H_IN_BALL),
       trivial=trivial_2m, trivial_latex="2m",
       latex=r"\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq m+m\,d^{1/2}\beta\left[\kappa\left(\max_\nu\langle\xi_\nu,x\rangle"
             r"-[\Xi^\top x]_{(\kappa)}\right)+\frac{1}{\beta}\right]",
       source=_SRC + "; Theorem 3.1, case alpha >= 2; claim wu2024/retrieval-error-sparse-regime",
       example={"m": 1, "d": 4, "beta": 2, "alpha": 3, "kappa": 2, "gap": Fraction(1, 8),
                "dist": Fraction(1, 10), "R": Fraction(3, 10)})
def retrieval_error_sparse_regime_published(F, m, d, beta, alpha, kappa, gap, dist, R):
    r"""Retrieval-error bound of the GSH model for :math:`\alpha\ge2`, as published.

    .. math::

        \Vert T_\alpha(x)-\xi_\mu\Vert\le m+m\sqrt d\,\beta\Big[\kappa\big(z_{(1)}-z_{(\kappa)}\big)
        +\frac1\beta\Big]\quad\text{for }x\in S_\mu(R),

    with :math:`\kappa` the support size of :math:`\alpha\text{-entmax}(\beta z)` and the order
    statistics of :math:`z=\Xi^\top x`.  The bracket is at least :math:`1/\beta`, so the value
    is at least :math:`m(1+\sqrt d)\ge2m`: never better than the trivial bound.

    Examples
    --------
    >>> import math
    >>> r = retrieval_error_sparse_regime_published(1.0, 4, 2.0, 3.0, 2, 0.125, 0.1, 0.3)
    >>> math.isclose(float(r.value), 1.0 + 1.0 * math.sqrt(4) * 2.0 * (2 * 0.125 + 1 / 2.0)), bool(r.vacuous)
    (True, True)
    """
    return m + F.sqrt(d) * m * beta * (kappa * gap + F.div(1, beta))


@bound(**_DOC, kind="value", form="derived", hypotheses=(H_M, H_D, H_ALPHA, H_KAPPA),
       latex=r"\mathrm{RHS}<m\left(1+\sqrt{d}\left(1+\frac{\kappa}{\alpha-1}\right)\right)",
       source=_DERIVED + "; claim wu2024/retrieval-error-sparse-regime (strict upper end of the published value)",
       example={"m": 1, "d": 4, "alpha": 3, "kappa": 2})
def retrieval_error_sparse_regime_ceiling(F, m, d, alpha, kappa):
    r"""Strict upper end of the published :math:`\alpha\ge2` bound.

    .. math::

        m+m\sqrt d\,\beta\Big[\kappa\big(z_{(1)}-z_{(\kappa)}\big)+\frac1\beta\Big]
        <m\Big(1+\sqrt d\Big(1+\frac{\kappa}{\alpha-1}\Big)\Big),

    because every support entry satisfies :math:`(\alpha-1)\beta(z_{(1)}-z_{(k)})<1` (the
    threshold is at least :math:`(\alpha-1)\beta z_{(1)}-1`).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(retrieval_error_sparse_regime_ceiling(1.5, 9, 3.0, 2).value), 1.5 * (1 + 3 * (1 + 2 / 2)))
    True
    """
    return m * (1 + F.sqrt(d) * (1 + F.div(kappa, alpha - 1)))


# --------------------------------------------------------------------------- retrieval error, 1 <= alpha <= 2


@bound(**_DOC, hypotheses=(H_M, integer_at_least("M", 2, r"M\in\mathbb{Z},\ M\geq2"), H_BETA, H_ALPHA_DENSE,
                   greater_than("R", 0, r"R>0"), H_IN_BALL),
       trivial=trivial_2m, trivial_latex="2m",
       latex=r"\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq\Vert\mathcal{T}_{\rm Dense}(x)-\xi_\mu\Vert\leq2m(M-1)"
             r"\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle-\max_{\nu}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}",
       source=_SRC + "; Theorem 3.1, case 1 <= alpha <= 2 (second inequality); "
                     "claim wu2024/retrieval-error-dense-regime",
       example={"m": 1, "M": 3, "beta": 2, "alpha": Fraction(3, 2), "score": Fraction(9, 10),
                "max_overlap": Fraction(1, 2), "dist": Fraction(1, 10), "R": Fraction(3, 10)})
def retrieval_error_dense_regime_published(F, m, M, beta, alpha, score, max_overlap, dist, R):
    r"""The dense bound that Theorem 3.1 chains the :math:`1\le\alpha\le2` error to, as published.

    .. math::

        \Vert T_\alpha(x)-\xi_\mu\Vert\le\Vert T_{\rm dense}(x)-\xi_\mu\Vert
        \le2m(M-1)e^{-\beta(\langle\xi_\mu,x\rangle-\max_\nu\langle\xi_\mu,\xi_\nu\rangle)}
        \quad\text{for }x\in S_\mu(R).

    The value is the last term; the maximum runs over all :math:`\nu` or over
    :math:`\nu\ne\mu` (unconfirmed) according to the ``max_overlap`` passed.  It compares a
    pattern-pattern overlap with a query score, not the query separation.

    Examples
    --------
    >>> import math
    >>> r = retrieval_error_dense_regime_published(1.0, 3, 2.0, 1.5, 0.9, 0.5, 0.1, 0.3)
    >>> math.isclose(float(r.value), 2 * 1.0 * 2 * math.exp(-2.0 * 0.4)), bool(r.hypotheses_hold)
    (True, True)
    """
    return 2 * m * (M - 1) * F.exp(-beta * (score - max_overlap))


@bound(**_DOC, kind="value", form="derived", hypotheses=(H_ALPHA, H_BETA),
       latex=r"\tilde\Delta_\mu(x)\geq\frac{1}{(\alpha-1)\beta}\Rightarrow T_\alpha(x)=\xi_\mu",
       source=_DERIVED + "; claim wu2024/retrieval-error-sparse-regime (margin 1/(alpha-1), blondel2020/margin)",
       example={"alpha": Fraction(3, 2), "beta": 4})
def exact_retrieval_query_sep_threshold(F, alpha, beta):
    r"""Query separation beyond which one update of the GSH model retrieves :math:`\xi_\mu` exactly.

    .. math::

        \tilde\Delta_\mu(x)\ge\frac{1}{(\alpha-1)\beta}
        \ \Longrightarrow\ \alpha\text{-entmax}(\beta\Xi^\top x)=e_\mu,\quad T_\alpha(x)=\xi_\mu,

    since the margin of the Tsallis negentropy is :math:`\lambda=1/(\alpha-1)`; the threshold is
    sharp (a smaller separation leaves the runner-up a positive weight).

    Examples
    --------
    >>> import numpy as np
    >>> from hoptheory.maps import entmax
    >>> t = float(exact_retrieval_query_sep_threshold(1.5, 4.0).value)
    >>> t == 1 / (0.5 * 4.0), entmax(4.0 * np.array([t, 0.0, -0.2]), 1.5).tolist()
    (True, [1.0, 0.0, 0.0])
    """
    return F.div(1, (alpha - 1) * beta)


# --------------------------------------------------------------------------- capacity


def _cap_fraction(F, d, alpha, beta, m, r):
    r""":math:`I_{\sin^2\varphi^\star}(\tfrac{d-1}2,\tfrac12)` with :math:`1-\cos\varphi^\star=u`."""
    u = F.div(F.div(1, (alpha - 1) * beta) + 2 * m * r, m * m)
    return F.betainc(F.div(d - 1, 2), F.rational(1, 2), u * (2 - u))


@bound(**_DOC, hypotheses=(integer_at_least("M", 2, r"M\in\mathbb{Z},\ M\geq2"),
                   integer_at_least("d", 2, r"d\in\mathbb{Z},\ d\geq2"), H_ALPHA, H_BETA, H_M, H_R, H_ANGLE),
       trivial=_one, trivial_latex="1", form="derived",
       latex=r"\Pr[\exists\mu:\ T_\alpha(S_\mu(r))\neq\{\xi_\mu\}]\leq\frac{M(M-1)}{4}"
             r"I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac{1}{2}\right),\ "
             r"\cos\varphi^\star=1-\frac{1/((\alpha-1)\beta)+2mr}{m^2}",
       source=_DERIVED + "; claim wu2024/capacity (the certificate of santos2024/capacity with margin 1/(alpha-1)); "
                         "patterns i.i.d. uniform on the sphere of radius m",
       example={"M": 10, "d": 20, "alpha": Fraction(3, 2), "beta": 8, "m": 1, "r": Fraction(1, 8)})
def margin_capacity_failure_probability(F, M, d, alpha, beta, m, r):
    r"""Union bound on the probability that some pattern misses the margin certificate of exact retrieval.

    .. math::

        \Pr\big[\exists\mu:\ T_\alpha(S_\mu(r))\ne\{\xi_\mu\}\big]\le\frac{M(M-1)}4
        I_{\sin^2\varphi^\star}\Big(\frac{d-1}2,\frac12\Big),\qquad
        \cos\varphi^\star=1-\frac{\lambda/\beta+2mr}{m^2},\ \lambda=\frac1{\alpha-1}.

    A pattern is certified when :math:`\beta(\Delta_\mu-r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert)\ge\lambda`;
    for patterns on the sphere of radius :math:`m` this holds unless a pair makes an angle
    below :math:`\varphi^\star`, which has probability
    :math:`\tfrac12I_{\sin^2\varphi^\star}((d-1)/2,1/2)` per pair.

    Examples
    --------
    >>> import math
    >>> from scipy.special import betainc
    >>> u = (1 / (0.5 * 8.0) + 2 * 1.0 * 0.125) / 1.0
    >>> naive = 10 * 9 / 4 * betainc(19 / 2, 0.5, 1 - (1 - u) ** 2)
    >>> math.isclose(float(margin_capacity_failure_probability(10, 20, 1.5, 8.0, 1.0, 0.125).value), naive)
    True
    """
    return M * (M - 1) * _cap_fraction(F, d, alpha, beta, m, r) * F.rational(1, 4)


@bound(**_DOC, hypotheses=(integer_at_least("d", 2, r"d\in\mathbb{Z},\ d\geq2"), H_ALPHA, H_BETA, H_M, H_R,
                           H_ANGLE, in_interval("p_fail", 0, 1, r"p_{\rm f}\in(0,1)")),
       kind="lower", trivial=_two, trivial_latex="2", form="derived",
       latex=r"M\leq\frac{1}{2}\left(1+\sqrt{1+\frac{16p_{\rm f}}{I_{\sin^2\varphi^\star}((d-1)/2,1/2)}}\right)",
       source=_DERIVED + "; claim wu2024/capacity (largest M the certificate admits at failure probability p_f)",
       example={"d": 20, "alpha": Fraction(3, 2), "beta": 8, "m": 1, "r": Fraction(1, 8), "p_fail": Fraction(1, 100)})
def margin_capacity_patterns(F, d, alpha, beta, m, r, p_fail):
    r"""Real root bounding the number of patterns the margin certificate stores at failure probability :math:`p_{\rm f}`.

    .. math::

        \frac{M(M-1)}4I_{\sin^2\varphi^\star}\Big(\frac{d-1}2,\frac12\Big)\le p_{\rm f}
        \iff M\le\frac12\Big(1+\sqrt{1+\frac{16p_{\rm f}}{I_{\sin^2\varphi^\star}}}\Big);

    the certified capacity is the floor of the value, exponential in :math:`d` at fixed angle.

    Examples
    --------
    >>> import math
    >>> from scipy.special import betainc
    >>> u = (1 / (0.5 * 8.0) + 2 * 1.0 * 0.125) / 1.0
    >>> inc = betainc(19 / 2, 0.5, 1 - (1 - u) ** 2)
    >>> r = margin_capacity_patterns(20, 1.5, 8.0, 1.0, 0.125, 0.01)
    >>> math.isclose(float(r.value), (1 + math.sqrt(1 + 16 * 0.01 / inc)) / 2)
    True
    """
    return (1 + F.sqrt(1 + F.div(16 * p_fail, _cap_fraction(F, d, alpha, beta, m, r)))) * F.rational(1, 2)


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)


# --------------------------------------------------------------------------- on data


_RETURNS = """Returns
-------
BoundResult
    Arrays of shape ``()`` for one query, ``(N,)`` for N queries, in the namespace of ``Xi``
    (value, hypotheses, definedness, vacuity).

"""


def _documented(f):
    """Write the ``Parameters`` and ``Returns`` sections of a function on data (the glossary of the module)."""
    doc = inspect.cleandoc(f.__doc__)
    cut = min(i for i in (doc.find("\nNotes\n"), doc.find("\nExamples\n")) if i >= 0) + 1
    f.__doc__ = doc[:cut] + _RETURNS + doc[cut:]
    return with_parameters(f, _PARAMS)


def _alpha(alpha) -> float:
    """``alpha`` as a float >= 1 (``TypeError``/``ValueError`` otherwise)."""
    from ..backend import check_alpha  # noqa: PLC0415

    if isinstance(alpha, (bool, str, bytes)):
        raise TypeError(f"alpha must be a real number >= 1; got {type(alpha).__name__} {alpha!r}")
    return check_alpha(alpha, allow_one=True)


def _model(data: Data, alpha: float):
    """The model of index ``alpha`` (softmax at 1) on the data's memories, at one scalar beta."""
    data.need("beta")
    if data.beta.ndim != 0:
        raise ValueError(f"the alpha-entmax quantities take one beta (a scalar); got shape {tuple(data.beta.shape)}")
    beta = float(data.beta)
    return models.DenseHopfield(data.Xi, beta) if alpha == 1.0 else models.EntmaxHopfield(data.Xi, beta, alpha)


def _support_and_gap(data: Data, alpha: float):
    r""":math:`\kappa` of :math:`\alpha\text{-entmax}(\beta z)` (as float) and :math:`z_{(1)}-z_{(\kappa)}`."""
    data.need("x")
    xp = data.xp
    kappa = xp.astype(_model(data, alpha).support_size(data.x), xp.float64)
    zs = sort_descending(xp.matmul(xp.matrix_transpose(data.Xi), data.x), axis=0)
    rank = xp.arange(zs.shape[0], dtype=xp.float64)
    rank = rank if zs.ndim == 1 else xp.reshape(rank, (-1, 1))
    low = xp.min(xp.where(rank < kappa, zs, xp.full_like(zs, float("inf"))), axis=0)
    return kappa, zs[0, ...] - low


@_documented
def retrieval_error_sparse_regime_published_at(Xi, x, mu, beta, alpha, *, strict=False) -> BoundResult:
    r"""The published :math:`\alpha\ge2` bound of Theorem 3.1 at memories and queries.

    .. math::

        m+m\sqrt d\,\beta\Big[\kappa\big(z_{(1)}-z_{(\kappa)}\big)+\frac1\beta\Big],\qquad
        \kappa=\Vert\alpha\text{-entmax}(\beta\Xi^\top x)\Vert_0

    Notes
    -----
    For a block of queries the support comes from the batched entmax; near the margin at
    large non-sparsemax :math:`\alpha` evaluate one query at a time.

    Examples
    --------
    >>> import math, numpy as np
    >>> from hoptheory.maps import entmax
    >>> Xi, x = np.eye(3), np.array([0.6, 0.5, 0.0])  # z = x; 3-entmax(z) has support {0, 1}
    >>> kappa = int((entmax(x, 3.0) > 0).sum())
    >>> r = retrieval_error_sparse_regime_published_at(Xi, x, 0, 1.0, 3.0)
    >>> kappa, math.isclose(float(r.value), 1 + math.sqrt(3) * (kappa * (0.6 - 0.5) + 1))
    (2, True)
    """
    alpha = _alpha(alpha)
    data = Data(Xi, x, mu, beta)
    kappa, gap = _support_and_gap(data, alpha)
    return evaluate(retrieval_error_sparse_regime_published, data, strict=strict,
                    given={"alpha": data.scalar(alpha), "kappa": kappa, "gap": gap})


@_documented
def retrieval_error_dense_regime_published_at(Xi, x, mu, beta, alpha, *, reading="all", strict=False) -> BoundResult:
    r"""The published dense bound of Theorem 3.1 (:math:`1\le\alpha\le2`) at memories and queries.

    .. math::

        2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle-\max_\nu\langle\xi_\mu,\xi_\nu\rangle)\}

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi, x = np.eye(3), np.array([0.8, 0.1, 0.0])
    >>> r = retrieval_error_dense_regime_published_at(Xi, x, 0, 2.0, 1.5)  # max over all nu: <xi_0, xi_0> = 1
    >>> math.isclose(float(r.value), 2 * 1.0 * 2 * math.exp(-2.0 * (0.8 - 1.0)))
    True
    >>> r = retrieval_error_dense_regime_published_at(Xi, x, 0, 2.0, 1.5, reading="others")
    >>> math.isclose(float(r.value), 2 * 1.0 * 2 * math.exp(-2.0 * 0.8))
    True
    """
    alpha = _alpha(alpha)
    if reading not in ("all", "others"):
        raise ValueError(f"reading must be 'all' or 'others'; got {reading!r}")
    data = Data(Xi, x, mu, beta)
    xp = data.xp
    overlaps = xp.matmul(xp.matrix_transpose(data.Xi), data.Xi[:, data.mu])
    if reading == "others":
        overlaps = xp.concat([overlaps[:data.mu], overlaps[data.mu + 1:]])
    score = xp.matmul(data.Xi[:, data.mu], data.x)
    return evaluate(retrieval_error_dense_regime_published, data, strict=strict,
                    given={"alpha": data.scalar(alpha), "score": score, "max_overlap": xp.max(overlaps)})


@_documented
def retrieval_error_weight_bound_at(Xi, x, mu, beta, alpha, *, strict=False) -> BoundResult:
    r"""The weight bound :math:`2m(1-p^{(\alpha)}_\mu)` of the one-step GSH error at memories and queries.

    .. math::

        \Vert T_\alpha(x)-\xi_\mu\Vert\le2m\big(1-p^{(\alpha)}_\mu\big),\qquad
        p^{(\alpha)}=\alpha\text{-entmax}(\beta\Xi^\top x)\ (\text{softmax at }\alpha=1)

    Evaluates ``hu2023.retrieval_error_weight_bound`` with the α-entmax weight; the weight is
    non-decreasing in :math:`\alpha` where :math:`\xi_\mu` has the top score
    (wu2024/error-monotone-alpha), so the bound is non-increasing.

    Examples
    --------
    >>> import math, numpy as np
    >>> from hoptheory.maps import entmax
    >>> Xi, x = np.eye(2), np.array([1.0, 0.5])
    >>> p = entmax(np.array([1.0, 0.5]), 1.5)
    >>> math.isclose(float(retrieval_error_weight_bound_at(Xi, x, 0, 1.0, 1.5).value), 2 * (1 - p[0]))
    True
    """
    alpha = _alpha(alpha)
    data = Data(Xi, x, mu, beta)
    data.need("x")
    p_mu = _model(data, alpha).weights(data.x)[data.mu, ...]
    return evaluate(retrieval_error_weight_bound, data, strict=strict, given={"p_mu": p_mu})


@_documented
def margin_capacity_failure_probability_at(Xi, alpha, beta, r, *, strict=False) -> BoundResult:
    r"""The union bound of the margin capacity certificate for the size of the memories ``Xi``.

    .. math::

        \frac{M(M-1)}4I_{\sin^2\varphi^\star}\Big(\frac{d-1}2,\frac12\Big),\qquad
        \cos\varphi^\star=1-\frac{1/((\alpha-1)\beta)+2mr}{m^2}

    with :math:`d`, :math:`M` and :math:`m` read from ``Xi``.

    Examples
    --------
    >>> import math, numpy as np
    >>> Xi = np.eye(20)[:, :10]  # d = 20, M = 10, m = 1
    >>> direct = margin_capacity_failure_probability(10, 20, 1.5, 8.0, 1.0, 0.125)
    >>> math.isclose(float(margin_capacity_failure_probability_at(Xi, 1.5, 8.0, 0.125).value), float(direct.value))
    True
    """
    alpha = _alpha(alpha)
    data = Data(Xi, beta=beta)
    return evaluate(margin_capacity_failure_probability, data, strict=strict,
                    given={"alpha": data.scalar(alpha), "r": data.scalar(r)})
