r"""Hu et al. 2023, dense background as restated by the paper: retrieval error and well-separation.

The dense error bound as the paper restates it (``dense_error_bound_as_quoted``), the chain of
corrected bounds that replaces it (weight, query separation, pattern separation), and the dense
well-separation condition with the smallest :math:`\beta` that satisfies it.
"""

from __future__ import annotations

from fractions import Fraction

from .._hypotheses import at_least, hypothesis, in_interval, trivial_2m
from ._common import DERIVED, H_BETA, H_IN_BALL, H_M2, H_M_POS, H_R_LE_M, H_R_POS, NONNEG, PAPER, bound

__all__ = [
    "dense_error_bound_as_quoted",
    "retrieval_error_weight_bound",
    "dense_error_bound_query",
    "dense_error_bound_ball",
    "dense_well_separation_threshold",
    "dense_well_separation_min_beta",
]


@bound(
    hypotheses=(H_M_POS, H_M2, H_BETA, H_R_POS, H_IN_BALL),
    trivial=trivial_2m, trivial_latex="2m",
    latex=r"\Vert\mathcal{T}_{\rm Dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle"
          r"-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle)\}",
    source=f"{PAPER}; restatement of Ramsauer et al.'s retrieval-error theorem (label unconfirmed); "
           "hu2023/dense-error-bound-as-quoted",
    example={"m": 1, "M": 3, "beta": 2, "score": Fraction(9, 10), "max_overlap": Fraction(1, 2),
             "dist": Fraction(1, 10), "R": Fraction(3, 10)},
)
def dense_error_bound_as_quoted(F, m, M, beta, score, max_overlap, dist, R):
    r"""Dense one-step retrieval error bound as restated by Hu et al., in the overlap with :math:`x`.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle
        -\max_{\nu}\langle\xi_\mu,\xi_\nu\rangle)\}\quad\text{for } x\in S_\mu(R)

    The maximum has two readings: over all :math:`\nu\in[M]` (as printed) or over
    :math:`\nu\ne\mu`; pass the corresponding ``max_overlap``.

    Examples
    --------
    >>> import math
    >>> r = dense_error_bound_as_quoted(1.0, 3, 2.0, 0.9, 0.5, 0.1, 0.3)
    >>> math.isclose(float(r.value), 2 * 1.0 * (3 - 1) * math.exp(-2.0 * (0.9 - 0.5)))
    True
    >>> bool(r.hypotheses_hold)
    True
    """
    return 2 * m * (M - 1) * F.exp(-beta * (score - max_overlap))


@bound(
    hypotheses=(H_M_POS, in_interval("p_mu", 0, 1, r"p^\star_\mu\in[0,1]", closed_low=True, closed_high=True)),
    trivial=trivial_2m, trivial_latex="2m", form="corrected",
    latex=r"\Vert T(x)-\xi_\mu\Vert\leq 2m\,(1-p^\star_\mu)",
    source=f"{DERIVED}; first link of the corrected chain of hu2023/dense-error-bound-as-quoted "
           "(conventions §5); holds for every map (softmax, sparsemax)",
    example={"m": 1, "p_mu": Fraction(3, 4)},
)
def retrieval_error_weight_bound(F, m, p_mu):
    r"""Weight bound on the one-step retrieval error of any map of the simplex.

    .. math::

        \Vert T(x)-\xi_\mu\Vert=\Big\Vert\sum_{\nu\ne\mu}p^\star_\nu(\xi_\nu-\xi_\mu)\Big\Vert
        \leq 2m\,(1-p^\star_\mu)

    Examples
    --------
    >>> import math
    >>> math.isclose(float(retrieval_error_weight_bound(1.5, 0.75).value), 2 * 1.5 * (1 - 0.75))
    True
    """
    return 2 * m * (1 - p_mu)


@bound(
    hypotheses=(H_M_POS, H_M2, H_BETA),
    trivial=trivial_2m, trivial_latex="2m", form="corrected",
    latex=r"\Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm soft}_\mu)\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}",
    source=f"{DERIVED}; corrected form of hu2023/dense-error-bound-as-quoted (second link of the chain; "
           "equivalent to Ramsauer et al.'s retrieval-error theorem); holds for every x",
    example={"m": 1, "M": 5, "beta": 2, "query_sep": Fraction(3, 10)},
)
def dense_error_bound_query(F, m, M, beta, query_sep):
    r"""Dense one-step retrieval error bound in the query separation (valid for every query).

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=\langle x,\xi_\mu\rangle-\max_{\nu\ne\mu}\langle x,\xi_\nu\rangle

    Examples
    --------
    >>> import math
    >>> r = dense_error_bound_query(1.0, 5, 2.0, 0.3)
    >>> math.isclose(float(r.value), 2 * 1.0 * 4 * math.exp(-2.0 * 0.3))
    True
    """
    return 2 * m * (M - 1) * F.exp(-beta * query_sep)


@bound(
    hypotheses=(H_M_POS, H_M2, H_BETA, at_least("dist", 0, r"\Vert x-\xi_\mu\Vert\geq 0")),
    trivial=trivial_2m, trivial_latex="2m", form="corrected",
    latex=r"\Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}",
    source=f"{DERIVED}; corrected form of hu2023/dense-error-bound-as-quoted (third link of the chain)",
    symbols={"dist": NONNEG},
    example={"m": 1, "M": 5, "beta": 2, "Delta": Fraction(1, 2), "dist": Fraction(1, 10)},
)
def dense_error_bound_ball(F, m, M, beta, Delta, dist):
    r"""Dense one-step retrieval error bound in the pattern separation and the distance to :math:`\xi_\mu`.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}

    It follows from :math:`\tilde\Delta_\mu(x)\geq\Delta_\mu-2m\Vert x-\xi_\mu\Vert`.

    Examples
    --------
    >>> import math
    >>> r = dense_error_bound_ball(1.0, 5, 2.0, 0.5, 0.1)
    >>> math.isclose(float(r.value), 2 * 1.0 * 4 * math.exp(-2.0 * (0.5 - 2 * 1.0 * 0.1)))
    True
    """
    return 2 * m * (M - 1) * F.exp(-beta * (Delta - 2 * m * dist))


@bound(
    hypotheses=(H_BETA, H_M2, H_M_POS, H_R_POS, H_R_LE_M),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R}\right)+2mR",
    source=f"{PAPER}; dense well-separation condition as restated (label unconfirmed); "
           "hu2023/dense-well-separation-as-quoted; also condition (A) of hu2023/well-separation",
    example={"beta": 2, "M": 5, "m": 1, "R": Fraction(1, 4)},
)
def dense_well_separation_threshold(F, beta, M, m, R):
    r"""Right-hand side of the dense well-separation condition.

    .. math::

        \Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R}\right)+2mR
        \ \Longrightarrow\ T_{\rm dense}(S_\mu(R))\subseteq S_\mu(R)

    :math:`R` may be replaced by any radius :math:`r\leq R`.

    Examples
    --------
    >>> import math
    >>> r = dense_well_separation_threshold(2.0, 5, 1.0, 0.25)
    >>> math.isclose(float(r.value), math.log(2 * 4 * 1.0 / 0.25) / 2.0 + 2 * 1.0 * 0.25)
    True
    """
    return F.div(F.log(F.div(2 * (M - 1) * m, R)), beta) + 2 * m * R


@bound(
    hypotheses=(H_M2, H_M_POS, H_R_POS, H_R_LE_M,
                hypothesis("Delta > 2 m R", r"\Delta_\mu>2mR", lambda xp, **p: p["Delta"] > 2 * p["m"] * p["R"])),
    kind="value", form="derived",
    latex=r"\beta_{\min}=\frac{\ln(2(M-1)m/R)}{\Delta_\mu-2mR}",
    source=f"{DERIVED}; solves the condition of hu2023/dense-well-separation-as-quoted for beta",
    example={"M": 5, "m": 1, "R": Fraction(1, 4), "Delta": 1},
)
def dense_well_separation_min_beta(F, M, m, R, Delta):
    r"""Smallest :math:`\beta` for which the dense well-separation condition holds.

    .. math::

        \beta_{\min}=\frac{\ln(2(M-1)m/R)}{\Delta_\mu-2mR}

    No :math:`\beta` works when :math:`\Delta_\mu\leq 2mR`.

    Examples
    --------
    >>> import math
    >>> r = dense_well_separation_min_beta(5, 1.0, 0.25, 1.0)
    >>> math.isclose(float(r.value), math.log(2 * 4 * 1.0 / 0.25) / (1.0 - 2 * 1.0 * 0.25))
    True
    """
    return F.div(F.log(F.div(2 * (M - 1) * m, R)), Delta - 2 * m * R)
