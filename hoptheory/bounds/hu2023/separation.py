r"""Hu et al. 2023, well-separation: the condition with :math:`\delta` and exact one-step retrieval.

A pattern is well separated when its separation :math:`\Delta_\mu` reaches a threshold; then
the sparse retrieval map sends the ball :math:`S_\mu` into itself (published condition with
:math:`\delta`, corrected with the uniform :math:`\delta_\mu`), or even onto :math:`\xi_\mu`
(the exact-retrieval thresholds, from the sparsemax margin 1).
"""

from __future__ import annotations

from fractions import Fraction

from .._hypotheses import at_least, hypothesis
from ._common import DERIVED, H_BETA, H_M2, H_M_POS, H_R_LE_M, H_R_POS, NONNEG, PAPER, bound

__all__ = [
    "well_separation_threshold_published",
    "well_separation_threshold_corrected",
    "exact_retrieval_gap_threshold",
    "exact_retrieval_ball_threshold",
    "exact_retrieval_ball_threshold_sharp",
]


def _threshold_with_delta(F, beta, M, m, R, delta):
    r""":math:`\beta^{-1}\ln(2(M-1)m/(R+\delta))+2mR`, the right-hand side of both well-separation conditions."""
    return F.div(F.log(F.div(2 * (M - 1) * m, R + delta)), beta) + 2 * m * R


@bound(
    hypotheses=(H_BETA, H_M2, H_M_POS, H_R_POS, H_R_LE_M),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta}\right)+2mR,\quad"
          r"\delta:=\Vert\mathcal{T}_{\rm Dense}-\xi_\mu\Vert-\Vert\mathcal{T}-\xi_\mu\Vert",
    source=f"{PAPER}; lemma on the well-separation condition (label unconfirmed); hu2023/well-separation",
    example={"beta": 2, "M": 5, "m": 1, "R": Fraction(1, 4), "delta": Fraction(1, 10)},
)
def well_separation_threshold_published(F, beta, M, m, R, delta):
    r"""Right-hand side of the published sparse well-separation condition, with :math:`\delta` at one query.

    .. math::

        \Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta}\right)+2mR,\qquad
        \delta=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert

    As printed: ill-defined where :math:`R+\delta\leq 0`.

    Examples
    --------
    >>> import math
    >>> r = well_separation_threshold_published(2.0, 5, 1.0, 0.25, 0.1)
    >>> math.isclose(float(r.value), math.log(2 * 4 * 1.0 / (0.25 + 0.1)) / 2.0 + 2 * 1.0 * 0.25)
    True
    """
    return _threshold_with_delta(F, beta, M, m, R, delta)


@bound(
    hypotheses=(H_BETA, H_M2, H_M_POS, H_R_POS, H_R_LE_M,
                hypothesis("R + delta_inf > 0", r"R+\delta_\mu>0", lambda xp, **p: p["R"] + p["delta_inf"] > 0)),
    kind="value", form="corrected",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta_\mu}\right)+2mR,\quad"
          r"\delta_\mu:=\inf_{x\in S_\mu}\delta(x)",
    source=f"{DERIVED}; corrected form of hu2023/well-separation (uniform delta, 'into' instead of 'onto'); "
           "the condition is circular: delta_mu needs both maps over the whole ball",
    example={"beta": 2, "M": 5, "m": 1, "R": Fraction(1, 4), "delta_inf": Fraction(1, 10)},
)
def well_separation_threshold_corrected(F, beta, M, m, R, delta_inf):
    r"""Right-hand side of the sparse well-separation condition with the uniform :math:`\delta_\mu`.

    .. math::

        \Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta_\mu}\right)+2mR
        \ \Longrightarrow\ T_{\rm sparse}(S_\mu(R))\subseteq S_\mu(R),\qquad
        \delta_\mu=\inf_{x\in S_\mu}\delta(x)

    It is the published right-hand side with the uniform :math:`\delta_\mu` in place of :math:`\delta`.

    Examples
    --------
    >>> r = well_separation_threshold_corrected(2.0, 5, 1.0, 0.25, 0.1)
    >>> float(r.value) == float(well_separation_threshold_published(2.0, 5, 1.0, 0.25, 0.1).value)
    True
    """
    return _threshold_with_delta(F, beta, M, m, R, delta_inf)


@bound(
    hypotheses=(H_BETA,),
    kind="value", form="derived",
    latex=r"\tilde\Delta_\mu(x)\geq\frac{1}{\beta}\Rightarrow T_{\rm sparse}(x)=\xi_\mu",
    source=f"{DERIVED}; hu2023/exact-one-step-retrieval (sparsemax margin 1); also: Delta_mu >= 1/beta "
           "makes xi_mu a fixed point",
    example={"beta": 2},
)
def exact_retrieval_gap_threshold(F, beta):
    r"""Score gap beyond which one sparse step retrieves :math:`\xi_\mu` exactly.

    .. math::

        \tilde\Delta_\mu(x)\geq\frac{1}{\beta}\ \Longrightarrow\ T_{\rm sparse}(x)=\xi_\mu

    Examples
    --------
    >>> float(exact_retrieval_gap_threshold(4.0).value) == 1 / 4.0
    True
    """
    return F.div(1, beta)


@bound(
    hypotheses=(H_BETA, H_M_POS, at_least("r", 0, r"r\geq 0")),
    kind="value", form="derived",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}+2mr\Rightarrow T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}",
    source=f"{DERIVED}; hu2023/exact-one-step-retrieval; condition (B) of hu2023/well-separation",
    symbols={"r": NONNEG},
    example={"beta": 2, "m": 1, "r": Fraction(1, 4)},
)
def exact_retrieval_ball_threshold(F, beta, m, r):
    r"""Separation beyond which one sparse step maps the whole ball :math:`S_\mu(r)` to :math:`\xi_\mu`.

    .. math::

        \Delta_\mu\geq\frac{1}{\beta}+2mr\ \Longrightarrow\ T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(exact_retrieval_ball_threshold(2.0, 1.0, 0.25).value), 1 / 2.0 + 2 * 1.0 * 0.25)
    True
    """
    return F.div(1, beta) + 2 * m * r


@bound(
    hypotheses=(H_BETA, at_least("r", 0, r"r\geq 0"),
                at_least("max_dist", 0, r"\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\geq 0")),
    kind="value", form="derived",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}+r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\Rightarrow"
          r" T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}",
    source=f"{DERIVED}; hu2023/exact-one-step-retrieval (sharper ball condition)",
    symbols={"r": NONNEG},
    example={"beta": 2, "r": Fraction(1, 4), "max_dist": Fraction(3, 2)},
)
def exact_retrieval_ball_threshold_sharp(F, beta, r, max_dist):
    r"""Sharper separation threshold for exact one-step sparse retrieval on :math:`S_\mu(r)`.

    .. math::

        \Delta_\mu\geq\frac{1}{\beta}+r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert
        \ \Longrightarrow\ T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(exact_retrieval_ball_threshold_sharp(2.0, 0.25, 1.5).value), 1 / 2.0 + 0.25 * 1.5)
    True
    """
    return F.div(1, beta) + r * max_dist
