r"""Retrieval error of the sparse-structured models and its comparison with the dense model.

Claims ``hu2024/retrieval-error-published``, ``hu2024/retrieval-error-rigorous`` and
``hu2024/sparse-vs-dense-bound`` (catalogue section *Retrieval error*).  Every retrieval-error
bound competes with the trivial bound :math:`2m`.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import at_least, in_interval
from ._common import dense_error, sparse_error, with_parameters
from ._hypotheses import (
    DERIVED, H_BETA, H_K_MASK, H_K_MASK_ONLY, H_M_COUNT, H_M_NORM, H_R, NONNEG, POSINT, REAL, SRC, trivial_2m,
)

__all__ = [
    "error_constant_dense",
    "error_constant_sparse",
    "retrieval_error_bound_ball",
    "retrieval_error_bound_dense_rigorous",
    "retrieval_error_bound_published",
    "retrieval_error_bound_published_dense",
    "retrieval_error_bound_published_inclusive",
    "retrieval_error_bound_rigorous",
    "retrieval_error_bound_v2",
    "retrieval_error_bound_v2_weight",
]

_SPARSE = (H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK)
_DENSE = (H_BETA, H_M_NORM, H_M_COUNT)
_EXAMPLE = {"beta": 1, "m": 2, "M": 5, "k": 3}


@bound(kind="upper", hypotheses=_SPARSE, trivial=trivial_2m, trivial_latex="2m", form="published",
       latex=(r"\|T_{\mathrm{Sparse}}(x)-\xi_\mu\| \leq m(M+k-2)\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle"
              r"-\max_{\nu\in[M],\nu\neq\mu}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}"),
       source=SRC + ", Theorem 4.1 (label unconfirmed; reconstructed); claim hu2024/retrieval-error-published",
       symbols={"Delta_pub": REAL, "M": POSINT, "k": POSINT}, example={**_EXAMPLE, "Delta_pub": Fraction(1, 2)})
@with_parameters
def retrieval_error_bound_published(F, beta, m, M, k, Delta_pub):
    r"""Theorem 4.1 as published: the sparse retrieval error with the published exponent.

    .. math::

        \Vert T_{\mathrm{Sparse}}(x)-\xi_\mu\Vert\le m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle
        -\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Stated for :math:`\mu\in\mathcal M` and :math:`x\in S_\mu(R)`; suspected ``false-in-general``.

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_published(2.0, 1.0, 4, 2, 1.5)
    >>> math.isclose(float(b.value), 1.0 * (4 + 2 - 2) * math.exp(-2.0 * 1.5)), bool(b.vacuous)  # 0.2 < 2m
    (True, False)
    """
    return sparse_error(F, beta, m, M, k, Delta_pub)


@bound(kind="upper", form="published", hypotheses=_SPARSE, trivial=trivial_2m, trivial_latex="2m",
       latex=(r"\|T_{\mathrm{Sparse}}(x)-\xi_\mu\| \leq m(M+k-2)\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle"
              r"-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}"),
       source=SRC + ", Theorem 4.1, inclusive-maximum reading; claim hu2024/retrieval-error-published",
       symbols={"Delta_pub_inclusive": REAL, "M": POSINT, "k": POSINT},
       example={**_EXAMPLE, "Delta_pub_inclusive": Fraction(-1, 4)})
@with_parameters
def retrieval_error_bound_published_inclusive(F, beta, m, M, k, Delta_pub_inclusive):
    r"""Theorem 4.1 read with the maximum over every :math:`\nu\in[M]` (the inclusive reading).

    .. math::

        \Vert T_{\mathrm{Sparse}}(x)-\xi_\mu\Vert\le m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle
        -\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_published_inclusive(1.0, 2.0, 5, 3, -0.25)
    >>> math.isclose(float(b.value), 2.0 * (5 + 3 - 2) * math.exp(1.0 * 0.25))
    True
    """
    return sparse_error(F, beta, m, M, k, Delta_pub_inclusive)


@bound(kind="upper", hypotheses=_DENSE, trivial=trivial_2m, trivial_latex="2m", form="published",
       latex=(r"\|T_{\mathrm{Dense}}(x)-\xi_\mu\| \leq 2m(M-1)\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle"
              r"-\max_{\nu\neq\mu}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}"),
       source=SRC + ", Theorem 4.1 at k = M (reconstructed); claim hu2024/retrieval-error-published",
       symbols={"Delta_pub": REAL, "M": POSINT}, example={"beta": 1, "m": 2, "M": 5, "Delta_pub": Fraction(1, 2)})
@with_parameters
def retrieval_error_bound_published_dense(F, beta, m, M, Delta_pub):
    r"""Theorem 4.1 as published in the dense case :math:`k=M`.

    .. math::

        \Vert T_{\mathrm{Dense}}(x)-\xi_\mu\Vert\le2m(M-1)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle
        -\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_published_dense(1.0, 2.0, 5, 0.5)
    >>> math.isclose(float(b.value), 2 * 2.0 * (5 - 1) * math.exp(-1.0 * 0.5))
    True
    """
    return dense_error(F, beta, m, M, Delta_pub)


@bound(kind="upper", hypotheses=_SPARSE, trivial=trivial_2m, trivial_latex="2m", form="derived",
       latex=r"\|T_{\mathcal{M}}(x)-\xi_\mu\| \leq m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}",
       source=DERIVED + "; claim hu2024/retrieval-error-rigorous (V1 and V2, every x, mu in the mask)",
       symbols={"query_sep": REAL, "M": POSINT, "k": POSINT}, example={**_EXAMPLE, "query_sep": Fraction(1, 2)})
@with_parameters
def retrieval_error_bound_rigorous(F, beta, m, M, k, query_sep):
    r"""The rigorous sparsity-dependent retrieval error of V1 and V2 (every query, :math:`\mu\in\mathcal M`).

    .. math::

        \Vert T_{\mathcal M}(x)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_rigorous(1.0, 2.0, 5, 3, 0.5)
    >>> math.isclose(float(b.value), 2.0 * (5 + 3 - 2) * math.exp(-1.0 * 0.5))
    True
    >>> b.failed_hypotheses(), bool(b.vacuous)  # 11.6 > 2m = 4: valid but vacuous
    ([], True)
    """
    return sparse_error(F, beta, m, M, k, query_sep)


@bound(kind="upper", hypotheses=(H_BETA, H_M_NORM, H_K_MASK_ONLY), trivial=trivial_2m, trivial_latex="2m",
       form="derived",
       latex=r"\|T^{(2)}_{\mathcal{M}}(x)-\xi_\mu\| \leq 2m(k-1)\,e^{-\beta\tilde\Delta^{\mathcal{M}}_\mu(x)}",
       source=DERIVED + "; claim hu2024/retrieval-error-rigorous (sharper V2 form)",
       symbols={"query_sep_mask": REAL, "k": POSINT},
       example={"beta": 1, "m": 2, "k": 3, "query_sep_mask": Fraction(1, 2)})
@with_parameters
def retrieval_error_bound_v2(F, beta, m, k, query_sep_mask):
    r"""The sharper retrieval error of V2, with the query separation inside the mask.

    .. math::

        \Vert T^{(2)}_{\mathcal M}(x)-\xi_\mu\Vert\le2m(k-1)\,e^{-\beta\tilde\Delta^{\mathcal M}_\mu(x)}

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_v2(1.0, 2.0, 3, 0.5)
    >>> math.isclose(float(b.value), 8 * math.exp(-0.5))  # 2m(k - 1) = 8
    True
    >>> float(retrieval_error_bound_v2(1.0, 2.0, 1, 0.5).value)  # k = 1: the mask is {mu}
    0.0
    """
    return 2 * m * (k - 1) * F.exp(-beta * query_sep_mask)


@bound(kind="upper", form="derived",
       hypotheses=(in_interval("q_mu", 0, 1, r"0 \leq q_\mu \leq 1", closed_low=True, closed_high=True),
                   at_least("max_dist_mask", 0, r"D_\mu \geq 0", name="D_mu >= 0")),
       latex=r"\|T^{(2)}_{\mathcal{M}}(x)-\xi_\mu\| \leq (1-q_\mu(x))\max_{\nu\in\mathcal{M}}\|\xi_\mu-\xi_\nu\|",
       source=DERIVED + "; claim hu2024/retrieval-error-rigorous (V2 weight form)",
       symbols={"q_mu": NONNEG, "max_dist_mask": NONNEG}, example={"q_mu": Fraction(9, 10), "max_dist_mask": 2})
@with_parameters
def retrieval_error_bound_v2_weight(F, q_mu, max_dist_mask):
    r"""The one-step error of V2 by the weight of the target.

    .. math::

        \Vert T^{(2)}_{\mathcal M}(x)-\xi_\mu\Vert\le(1-q_\mu(x))\max_{\nu\in\mathcal M}\Vert\xi_\mu-\xi_\nu\Vert

    Examples
    --------
    >>> import math
    >>> math.isclose(float(retrieval_error_bound_v2_weight(0.9, 2.0).value), (1 - 0.9) * 2.0)
    True
    """
    return (1 - q_mu) * max_dist_mask


@bound(kind="upper", hypotheses=_SPARSE + (H_R,), trivial=trivial_2m, trivial_latex="2m", form="derived",
       latex=r"\sup_{x\in S_\mu(r)}\|T_{\mathcal{M}}(x)-\xi_\mu\| \leq m(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}",
       source=DERIVED + "; claims hu2024/retrieval-error-rigorous (on a ball), hu2024/fixed-point-convergence",
       symbols={"Delta": REAL, "M": POSINT, "k": POSINT},
       example={**_EXAMPLE, "Delta": 3, "r": Fraction(1, 4)})
@with_parameters
def retrieval_error_bound_ball(F, beta, m, M, k, Delta, r):
    r"""The retrieval error uniformly on the ball :math:`S_\mu(r)` (also a fixed point's distance).

    .. math::

        \sup_{x\in S_\mu(r)}\Vert T_{\mathcal M}(x)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_ball(1.0, 2.0, 5, 3, 3.0, 0.25)
    >>> math.isclose(float(b.value), 2.0 * (5 + 3 - 2) * math.exp(-1.0 * (3.0 - 2 * 2.0 * 0.25)))
    True
    """
    return sparse_error(F, beta, m, M, k, Delta - 2 * m * r)


@bound(kind="upper", hypotheses=_DENSE, trivial=trivial_2m, trivial_latex="2m", form="derived",
       latex=r"\|T_{\mathrm{Dense}}(x)-\xi_\mu\| \leq 2m(M-1)\,e^{-\beta\tilde\Delta_\mu(x)}",
       source="Ramsauer et al. 2021, Lemma A4 (generalised to every x); claim hu2024/sparse-vs-dense-bound",
       symbols={"query_sep": REAL, "M": POSINT}, example={"beta": 1, "m": 2, "M": 5, "query_sep": Fraction(1, 2)})
@with_parameters
def retrieval_error_bound_dense_rigorous(F, beta, m, M, query_sep):
    r"""The dense retrieval error at every query (Ramsauer et al.'s Lemma A4 generalised).

    .. math::

        \Vert T_{\mathrm{Dense}}(x)-\xi_\mu\Vert\le2m(M-1)\,e^{-\beta\tilde\Delta_\mu(x)}

    Examples
    --------
    >>> import math
    >>> b = retrieval_error_bound_dense_rigorous(1.0, 2.0, 5, 0.5)
    >>> math.isclose(float(b.value), 16 * math.exp(-0.5)), bool(b.vacuous)  # 2m(M - 1) = 16; 9.7 > 2m = 4
    (True, True)
    """
    return dense_error(F, beta, m, M, query_sep)


@bound(kind="value", hypotheses=(H_M_NORM, H_M_COUNT, H_K_MASK), form="published", latex=r"m(M+k-2)",
       source=SRC + ", Corollary 4.1.1 (label unconfirmed; reconstructed); claim hu2024/sparse-vs-dense-bound",
       symbols={"M": POSINT, "k": POSINT}, example={"m": 2, "M": 5, "k": 3})
@with_parameters
def error_constant_sparse(F, m, M, k):
    r"""The constant of the sparse retrieval-error bound.

    .. math::

        m(M+k-2)

    Examples
    --------
    >>> float(error_constant_sparse(2.0, 5, 3).value) == 2.0 * (5 + 3 - 2)
    True
    """
    return m * (M + k - 2)


@bound(kind="value", hypotheses=(H_M_NORM, H_M_COUNT), form="published", latex=r"2m(M-1)",
       source=SRC + ", Corollary 4.1.1 (label unconfirmed; reconstructed); claim hu2024/sparse-vs-dense-bound",
       symbols={"M": POSINT}, example={"m": 2, "M": 5})
@with_parameters
def error_constant_dense(F, m, M):
    r"""The constant of the dense retrieval-error bound (:math:`k=M`).

    .. math::

        2m(M-1)

    Examples
    --------
    >>> float(error_constant_dense(2.0, 5).value) == 2 * 2.0 * (5 - 1)
    True
    """
    return 2 * m * (M - 1)
