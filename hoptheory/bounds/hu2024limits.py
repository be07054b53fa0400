r"""The entry bound of the approximate retrieval problem and the error of its low-rank solution.

Hu, Lin, Song, Liu (ICML 2024) map approximate modern-Hopfield retrieval to the attention
problem of Alman & Song: with the rows :math:`Q=\sqrt{\beta d}\,(W_Qx_l)^\top` and
:math:`K=\sqrt{\beta d}\,(W_K\xi_\mu)^\top`, :math:`QK^\top/d=\beta\,(W_QX)^\top(W_K\Xi)`, so the entries of
:math:`Q` and :math:`K` are bounded by :data:`ahop_entry_bound`, and the phase transition of
the cost is read from :data:`criterion_ratio` :math:`B/\sqrt{\ln n}`.  Below the criterion the
exponential kernel is replaced by its Taylor polynomial (the polynomial method); the one-step
error of that approximate retrieval map against the exact dense map is bounded by
:data:`low_rank_retrieval_error_bound` (derived here: the paper's own bound is not confirmed).

Notes
-----
**Symbols.** ``beta``: inverse temperature; ``d``: dimension of the (projected) patterns;
``max_entry``: the largest absolute entry of the projected queries and memories; ``B``: the
entry bound; ``n``: :math:`\max\{M,L\}` (memories, queries); ``m``: largest pattern norm;
``s``: :math:`\max_\mu|\langle\xi_\mu,x\rangle|`; ``g``: Taylor degree.  :data:`BOUNDS` maps
each name to its bound.

References
----------
.. [1] J. Y.-C. Hu, T. Lin, Z. Song, H. Liu, "On Computational Limits of Modern Hopfield Models:
   A Fine-Grained Complexity Analysis", ICML 2024, arXiv:2402.04520.
.. [2] J. Alman, Z. Song, "Fast Attention Requires Bounded Entries", NeurIPS 2023.
"""

from __future__ import annotations

import math  # noqa: F401  (the doctests use math)

import numpy as np
from scipy.special import gammaln

from ._declare import bound, declared_bounds
from ._hypotheses import at_least, greater_than, hypothesis, integer_at_least, trivial_2m
from .hu2024 import exp_kernel_taylor_remainder

__all__ = ["BOUNDS", "ahop_entry_bound", "criterion_ratio", "low_rank_retrieval_error_bound"]

_SRC = "Hu, Lin, Song, Liu 2024 (arXiv:2402.04520)"
H_BETA = greater_than("beta", 0, r"\beta>0")
H_D = integer_at_least("d", 1, r"d\in\mathbb{Z},\ d\geq1")


@bound(kind="value", form="derived", hypotheses=(H_BETA, H_D, at_least("max_entry", 0, r"\max|\cdot|\geq0")),
       symbols={"d": {"integer": True, "positive": True}, "max_entry": {"nonnegative": True}},
       latex=r"B=\sqrt{\beta d}\,\max(\max_{i,l}|(W_QX)_{il}|,\ \max_{i,\mu}|(W_K\Xi)_{i\mu}|)",
       source=f"hoptheory derivation mapping AHop to Alman & Song's attention, after {_SRC} "
              "(hu2024limits/efficiency-criterion)",
       example={"beta": 2, "d": 8, "max_entry": 0.5})
def ahop_entry_bound(F, beta, d, max_entry):
    r"""The entry bound :math:`B` of the attention instance of an approximate retrieval problem.

    .. math::

        B=\sqrt{\beta d}\,\max\big(\max_{i,l}|(W_QX)_{il}|,\ \max_{i,\mu}|(W_K\Xi)_{i\mu}|\big),

    the largest absolute entry of :math:`Q=\sqrt{\beta d}\,(W_QX)^\top` and
    :math:`K=\sqrt{\beta d}\,(W_K\Xi)^\top`, whose scaled scores are
    :math:`QK^\top/d=\beta\,(W_QX)^\top(W_K\Xi)`.

    Parameters
    ----------
    beta : float
        Inverse temperature :math:`\beta>0`.
    d : int
        Dimension of the projected patterns (the width of :math:`Q` and :math:`K`).
    max_entry : float
        :math:`\max(\max|W_QX|,\max|W_K\Xi|)\ge0`.

    Examples
    --------
    >>> math.isclose(float(ahop_entry_bound(2.0, 8, 0.5).value), math.sqrt(2.0 * 8) * 0.5)
    True
    """
    return F.sqrt(beta * d) * max_entry


@bound(kind="value", form="derived",
       hypotheses=(at_least("B", 0, r"B\geq0"), at_least("n", 2, r"n\geq2")),
       symbols={"B": {"nonnegative": True}},
       latex=r"B/\sqrt{\ln n},\qquad n=\max\{M,L\}",
       source=f"{_SRC}, the norm-based phase transition (hu2024limits/efficiency-criterion)",
       example={"B": 2, "n": 1000})
def criterion_ratio(F, B, n):
    r"""Where an instance lies relative to the phase transition at :math:`B=\Theta(\sqrt{\log n})`.

    .. math::

        \frac{B}{\sqrt{\ln n}},\qquad n=\max\{M,L\}.

    Sub-quadratic retrieval is possible for :math:`B=o(\sqrt{\log n})` and excluded under SETH for
    :math:`B=\Theta(\sqrt{\log n})` (with :math:`d=O(\log n)`): the statement is asymptotic, so the
    ratio of one instance is a measurement, not a verdict.

    Parameters
    ----------
    B : float
        Entry bound :math:`B\ge0` (:data:`ahop_entry_bound`).
    n : float
        :math:`n=\max\{M,L\}\ge2`.

    Examples
    --------
    >>> math.isclose(float(criterion_ratio(2.0, 1000).value), 2.0 / math.sqrt(math.log(1000)))
    True
    """
    return F.div(B, F.sqrt(F.log(n)))


def _relative_taylor_error(xp, beta, s, g):
    r""":math:`\delta=\frac{(\beta s)^{g+1}}{(g+1)!}e^{2\beta s}` on the host (for the hypothesis)."""
    bs = np.asarray(beta * s, dtype=np.float64)
    with np.errstate(divide="ignore"):
        log_delta = (np.asarray(g) + 1) * np.log(bs) + 2 * bs - gammaln(np.asarray(g, dtype=np.float64) + 2)
    return xp.asarray(np.exp(log_delta))


H_DELTA = hypothesis("relative Taylor error delta < 1", r"\delta=\frac{(\beta s)^{g+1}}{(g+1)!}e^{2\beta s}<1",
                     lambda xp, **k: _relative_taylor_error(xp, k["beta"], k["s"], k["g"]) < 1)


@bound(kind="upper", form="derived", trivial=trivial_2m, trivial_latex="2m",
       hypotheses=(greater_than("m", 0, r"m>0"), H_BETA, at_least("s", 0, r"s\geq0"),
                   integer_at_least("g", 0, r"g\in\mathbb{Z},\ g\geq0"), H_DELTA),
       symbols={"s": {"nonnegative": True}, "g": {"integer": True, "nonnegative": True}},
       latex=r"\Vert\tilde T_g(x)-T(x)\Vert\leq\frac{m\delta}{1-\delta},\quad"
             r"\delta=\frac{(\beta s)^{g+1}}{(g+1)!}e^{2\beta s},\ s=\max_\mu|\langle\xi_\mu,x\rangle|",
       source=f"hoptheory derivation for the low-rank retrieval of {_SRC} (hu2024limits/low-rank-retrieval)",
       example={"m": 1, "beta": 1, "s": 0.5, "g": 3})
def low_rank_retrieval_error_bound(F, m, beta, s, g):
    r"""One-step error of the degree-:math:`g` polynomial-method retrieval against the dense map.

    .. math::

        \lVert\tilde T_g(x)-T(x)\rVert\le\frac{m\,\delta}{1-\delta},\qquad
        \delta=\frac{(\beta s)^{g+1}}{(g+1)!}\,e^{2\beta s},\qquad s=\max_\mu|\langle\xi_\mu,x\rangle|,

    where :math:`T(x)=\Xi\,\mathrm{softmax}(\beta\Xi^\top x)` and
    :math:`\tilde T_g(x)=\Xi\hat a/\mathbf 1^\top\hat a` with :math:`\hat a_\mu=P_g(\beta\langle\xi_\mu,x\rangle)`,
    :math:`P_g(t)=\sum_{j\le g}t^j/j!` (computed through the Taylor features, rank
    :math:`\binom{d+g}{g}`).  Derivation: the Taylor remainder
    (:data:`~hoptheory.bounds.hu2024.exp_kernel_taylor_remainder`) gives
    :math:`|\hat a_\mu/a_\mu-1|\le\delta` with :math:`a_\mu=e^{\beta\langle\xi_\mu,x\rangle}\ge e^{-\beta s}`; the
    ratios :math:`r_\mu=\hat a_\mu/a_\mu\in[1-\delta,1+\delta]` reweight :math:`p=\mathrm{softmax}` to
    :math:`\hat p_\mu=p_\mu r_\mu/\bar r`, so :math:`\lVert\hat p-p\rVert_1=\sum_\mu p_\mu|r_\mu-\bar r|/\bar r\le\delta/(1-\delta)`
    (the mean absolute deviation of a law on an interval of width :math:`2\delta` is at most
    :math:`\delta`), and :math:`\lVert\Xi(\hat p-p)\rVert\le\tfrac12\max_{\mu,\nu}\lVert\xi_\mu-\xi_\nu\rVert\,\lVert\hat p-p\rVert_1`.
    Two antipodal memories with :math:`\beta s\to0` approach equality.

    Parameters
    ----------
    m : float
        Largest pattern norm :math:`m>0`.
    beta : float
        Inverse temperature :math:`\beta>0`.
    s : float
        :math:`s=\max_\mu|\langle\xi_\mu,x\rangle|\ge0`.
    g : int
        Taylor degree :math:`g\ge0`, with :math:`\delta<1`.

    Examples
    --------
    >>> m, beta, s, g = 1.0, 1.0, 0.5, 3
    >>> delta = (beta * s) ** (g + 1) / math.factorial(g + 1) * math.exp(2 * beta * s)
    >>> math.isclose(float(low_rank_retrieval_error_bound(m, beta, s, g).value), m * delta / (1 - delta))
    True
    """
    delta = exp_kernel_taylor_remainder.formula(F, beta, s, g) * F.exp(beta * s)
    return F.div(m * delta, 1 - delta)


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
