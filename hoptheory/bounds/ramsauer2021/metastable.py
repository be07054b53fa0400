r"""Ramsauer et al. (2021), metastable states: Lemmas A8–A12 (a fixed point near the mean of a group
of :math:`l` memories).
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis, in_interval
from ._common import H_BETA, H_M2, H_M_NORM, TRIVIAL_JACOBIAN_LATEX, nonnegative, positive, src, trivial_jacobian

__all__ = [
    "metastable_jacobian_bound",
    "metastable_jacobian_bound_eps",
    "metastable_radius",
    "metastable_separation_threshold_corrected",
    "metastable_separation_threshold_published",
]

_SYM_META = {"gamma": {"nonnegative": True}, "r_l": {"nonnegative": True}}


@bound(latex=r"\|J\|_2\leq\beta\left((1-\gamma)r_l^2+2\gamma(2-\gamma)m^2\right)", source=src("Lemma A8"),
       hypotheses=(H_BETA, H_M_NORM, nonnegative("r_l", "r_l"),
                   in_interval("gamma", 0, 1, r"0\leq\gamma\leq 1", closed_low=True, closed_high=True)),
       trivial=trivial_jacobian, trivial_latex=TRIVIAL_JACOBIAN_LATEX, symbols=_SYM_META,
       example={"beta": 2, "r_l": 1, "m": 3, "gamma": Fraction(1, 4)})
def metastable_jacobian_bound(F, beta, r_l, m, gamma):
    r"""Jacobian bound of Lemma A8 with the weight :math:`\gamma` outside a group of :math:`l` memories.

    .. math:: \lVert J_T(x)\rVert_2\le\beta\bigl((1-\gamma)r_l^2+2\gamma(2-\gamma)m^2\bigr),\qquad
        \gamma=\textstyle\sum_{\nu>l}p_\nu,\quad r_l=\max_{\mu\le l}\lVert\xi_\mu-\bar\xi_l\rVert.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    r_l : float
        Radius :math:`r_l` of the group about its mean :math:`\bar\xi_l`.
    m : float
        Largest memory norm.
    gamma : float
        Weight :math:`\gamma\in[0,1]` outside the group.

    Examples
    --------
    >>> import math
    >>> value = float(metastable_jacobian_bound(2.0, 1.0, 3.0, 0.25))
    >>> math.isclose(value, 2.0 * ((1 - 0.25) * 1.0 + 2 * 0.25 * (2 - 0.25) * 9.0))
    True
    """
    return beta * ((1 - gamma) * r_l**2 + 2 * gamma * (2 - gamma) * m**2)


H_GAMMA_EPS = hypothesis("0 <= gamma <= epsilon <= 1", r"0\leq\gamma\leq\epsilon\leq 1",
                         lambda xp, gamma, epsilon, **_: (gamma >= 0) & (gamma <= epsilon) & (epsilon <= 1))


@bound(latex=r"\|J\|_2\leq\beta\left(r_l^2+2\epsilon(2-\epsilon)m^2\right),\quad\gamma\leq\epsilon\leq 1",
       source=src("Lemma A8"), hypotheses=(H_BETA, H_M_NORM, nonnegative("r_l", "r_l"), H_GAMMA_EPS),
       trivial=trivial_jacobian, trivial_latex=TRIVIAL_JACOBIAN_LATEX, symbols=_SYM_META,
       example={"beta": 2, "r_l": 1, "m": 3, "gamma": Fraction(1, 4), "epsilon": Fraction(1, 2)})
def metastable_jacobian_bound_eps(F, beta, r_l, m, gamma, epsilon):
    r"""Jacobian bound of Lemma A8 with a bound :math:`\epsilon\ge\gamma` on the outside weight.

    .. math:: \lVert J_T(x)\rVert_2\le\beta\bigl(r_l^2+2\epsilon(2-\epsilon)m^2\bigr),\qquad
        \gamma\le\epsilon\le1.

    Parameters
    ----------
    beta, r_l, m : float
        Inverse temperature, radius of the group about its mean and largest memory norm.
    gamma, epsilon : float
        Weight :math:`\gamma` outside the group and its bound :math:`\epsilon\in[\gamma,1]`.

    Examples
    --------
    >>> import math
    >>> value = float(metastable_jacobian_bound_eps(2.0, 1.0, 3.0, 0.25, 0.5))
    >>> math.isclose(value, 2.0 * (1.0 + 2 * 0.5 * (2 - 0.5) * 9.0))
    True
    """
    return beta * (r_l**2 + 2 * epsilon * (2 - epsilon) * m**2)


H_RL = positive("r_l", "r_l")


@bound(latex=r"S_{\mathrm{meta}}=\{x:\|x-\bar\xi_l\|\leq 1/(\beta r_l)\}", kind="value", source=src("Lemma A12"),
       hypotheses=(H_BETA, H_RL), example={"beta": 2, "r_l": Fraction(1, 2)})
def metastable_radius(F, beta, r_l):
    r"""Radius of the metastable sphere :math:`S_{\mathrm{meta}}` about the group mean (Lemma A12).

    .. math:: S_{\mathrm{meta}}=\Bigl\{x:\lVert x-\bar\xi_l\rVert\le\frac{1}{\beta r_l}\Bigr\}.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    r_l : float
        Radius :math:`r_l>0` of the group about its mean.

    Examples
    --------
    >>> float(metastable_radius(2.0, 0.5)) == 1 / (2.0 * 0.5)
    True
    """
    return F.div(1, beta * r_l)


def _meta_threshold(F, beta, M, m, r_l, l):
    r""":math:`\frac{2m}{\beta r_l}-\frac1\beta\ln\frac{1-\beta r_l^2}{2\beta(M-l)m\max\{r_l,2m\}}`."""
    return 2 * m / (beta * r_l) - F.log(
        F.div(1 - beta * r_l**2, 2 * beta * (M - l) * m * F.maximum(r_l, 2 * m))) / beta


_META_LATEX = (r"\Delta_{\mathrm{meta}}\geq\frac{2m}{\beta r_l}-\frac{1}{\beta}\ln\frac{1-\beta r_l^2}"
               r"{2\beta(M-l)m\max\{r_l,2m\}}")
H_L = hypothesis("l integer, 1 <= l < M", r"l\in\mathbb{Z},\ 1\leq l<M",
                 lambda xp, l, M, **_: (l >= 1) & (l < M) & (xp.floor(l) == l))
H_META = (H_BETA, H_M2, H_M_NORM, H_RL, H_L)
_META_EXAMPLE = {"beta": Fraction(1, 4), "M": 5, "m": 2, "r_l": 1, "l": 2}


@bound(latex=_META_LATEX + r",\quad\beta r_l^2\leq 1", kind="value", source=src("Lemma A12"),
       hypotheses=H_META + (hypothesis("beta r_l^2 <= 1", r"\beta r_l^2\leq 1",
                                       lambda xp, beta, r_l, **_: beta * r_l**2 <= 1),),
       example=_META_EXAMPLE)
def metastable_separation_threshold_published(F, beta, M, m, r_l, l):
    r"""Separation :math:`\Delta_{\mathrm{meta}}` for a fixed point in :math:`S_{\mathrm{meta}}`, published hypothesis.

    With :math:`\beta r_l^2\le1` as printed, the logarithm's argument is 0 at equality (the formula is then
    ill-defined where its hypothesis holds).

    .. math:: \Delta_{\mathrm{meta}}\ge\frac{2m}{\beta r_l}-\frac1\beta\ln\frac{1-\beta r_l^2}
        {2\beta(M-l)m\max\{r_l,2m\}}.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    r_l : float
        Radius of the group of the first :math:`l` memories about its mean, :math:`\beta r_l^2\le1`.
    l : int
        Size of the group, :math:`1\le l<M`.

    Examples
    --------
    >>> import math
    >>> value = float(metastable_separation_threshold_published(0.25, 5, 2.0, 1.0, 2))
    >>> math.isclose(value, 2 * 2.0 / 0.25 - math.log((1 - 0.25) / (2 * 0.25 * 3 * 2.0 * 4.0)) / 0.25)
    True
    """
    return _meta_threshold(F, beta, M, m, r_l, l)


@bound(latex=_META_LATEX + r",\quad\beta r_l^2<1", kind="value", source=src("Lemma A12", "corrected"),
       form="corrected",
       hypotheses=H_META + (hypothesis("beta r_l^2 < 1", r"\beta r_l^2<1",
                                       lambda xp, beta, r_l, **_: beta * r_l**2 < 1),),
       example=_META_EXAMPLE)
def metastable_separation_threshold_corrected(F, beta, M, m, r_l, l):
    r"""The threshold of Lemma A12 with the corrected strict hypothesis :math:`\beta r_l^2<1`.

    .. math:: \Delta_{\mathrm{meta}}\ge\frac{2m}{\beta r_l}-\frac1\beta\ln\frac{1-\beta r_l^2}
        {2\beta(M-l)m\max\{r_l,2m\}},\qquad\beta r_l^2<1.

    Parameters
    ----------
    beta, M, m, r_l : float
        Inverse temperature, number of memories, largest memory norm and the radius :math:`r_l` of the group
        (:math:`\beta r_l^2<1`).
    l : int
        Number :math:`l` of memories in the group (the first :math:`l` columns).

    Examples
    --------
    >>> import math
    >>> value = float(metastable_separation_threshold_corrected(0.25, 5, 2.0, 1.0, 2))
    >>> math.isclose(value, 8 * 2.0 - math.log(0.75 / (2 * 0.25 * (5 - 2) * 2.0 * max(1.0, 4.0))) / 0.25)
    True
    """
    return _meta_threshold(F, beta, M, m, r_l, l)
