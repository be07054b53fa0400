r"""Ramsauer et al. (2021), fixed points near a pattern: Lemma A3 (unique global fixed point),
Lemma A4 (concentration after one update), Definition 3 and Lemma A5 (the spheres :math:`S_\mu`),
Lemmas A6, A7 and Eqs. (180), (183) (contraction inside :math:`S_\mu`).
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis, in_interval, trivial_2m
from ._common import (H_BETA, H_BMm, H_M1, H_M2, H_M_NORM, H_R, SYM_DELTA_R, TRIVIAL_JACOBIAN_LATEX, array_kit,
                      nonnegative, src, trivial_jacobian, trivial_one, trivial_zero)

__all__ = [
    "a_posteriori_error_bound",
    "concentration_competitor_weight_bound",
    "concentration_epsilon",
    "concentration_error_bound",
    "concentration_error_bound_sharp",
    "concentration_weight_lower_bound",
    "contraction_separation_threshold",
    "global_contraction_rate",
    "global_jacobian_bound",
    "mean_value_jacobian_bound",
    "sphere_contraction_bound",
    "sphere_radius",
    "sphere_self_map_error_bound",
    "well_separation_threshold",
]

_TRIVIAL_2M_LATEX = r"\|T(x)-\xi_\mu\|\leq 2m"

# --------------------------------------------------------------------------- Lemma A3: global fixed point

_SYM_RC = {"r_c": {"nonnegative": True}}
H_RC = nonnegative("r_c", "r_c")


@bound(latex=r"\|J(x)\|_2\leq\beta r_c^2,\quad r_c=\max_\mu\|\xi_\mu-\bar\xi\|", source=src("Lemma A3"),
       hypotheses=(H_BETA, H_RC), symbols=_SYM_RC, example={"beta": 2, "r_c": 3})
def global_jacobian_bound(F, beta, r_c):
    r"""Jacobian bound of Lemma A3, valid everywhere.

    .. math:: \lVert J_T(x)\rVert_2\le\beta r_c^2,\qquad r_c=\max_\mu\lVert\xi_\mu-\bar\xi\rVert,\quad
        \bar\xi=\tfrac1M\textstyle\sum_\nu\xi_\nu.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    r_c : float
        Largest distance :math:`r_c` of a memory to the mean of the memories.

    Examples
    --------
    >>> float(global_jacobian_bound(2.0, 3.0)) == 2.0 * 3.0**2
    True
    """
    return beta * r_c**2


H_CONTRACTS = hypothesis("beta r_c^2 < 1", r"\beta r_c^2<1", lambda xp, beta, r_c, **_: beta * r_c**2 < 1)


@bound(latex=r"\|T(x)-T(y)\|\leq\beta r_c^2\|x-y\|,\quad\beta r_c^2<1", source=src("Lemma A3"),
       hypotheses=(H_BETA, H_RC, H_CONTRACTS), symbols=_SYM_RC, example={"beta": Fraction(1, 4), "r_c": 1})
def global_contraction_rate(F, beta, r_c):
    r"""Contraction rate of :math:`T` for small :math:`\beta` (a unique global fixed point, Lemma A3).

    .. math:: \lVert T(x)-T(y)\rVert\le\beta r_c^2\lVert x-y\rVert,\qquad\beta r_c^2<1.

    Parameters
    ----------
    beta : float
        Inverse temperature, small: :math:`\beta r_c^2<1`.
    r_c : float
        :math:`r_c=\max_\mu\lVert\xi_\mu-\bar\xi\rVert`.

    Examples
    --------
    >>> float(global_contraction_rate(0.25, 1.5)) == 0.25 * 1.5**2
    True
    """
    return beta * r_c**2


# --------------------------------------------------------------------------- Lemma A4: concentration

_SYM_QS = {"query_sep": {"real": True}}


def _epsilon(F, beta, M, query_sep):
    r""":math:`\epsilon=(M-1)e^{-\beta\tilde\Delta_\mu(x)}`."""
    return (M - 1) * F.exp(-beta * query_sep)


@bound(latex=r"1-p_\mu\leq\epsilon=(M-1)e^{-\beta\tilde\Delta_\mu(x)}", source=src("Lemma A4"),
       hypotheses=(H_BETA, H_M2), trivial=trivial_one, trivial_latex=r"1-p_\mu\leq 1", symbols=_SYM_QS,
       example={"beta": 2, "M": 4, "query_sep": 1})
def concentration_epsilon(F, beta, M, query_sep):
    r"""Lemma A4's :math:`\epsilon`: a bound on the weight :math:`1-p_\mu` off the target after one update.

    .. math:: 1-p_\mu(x)\le\epsilon=(M-1)e^{-\beta\tilde\Delta_\mu(x)},\qquad p=\mathrm{softmax}(\beta\Xi^\top x).

    Parameters
    ----------
    beta : float
        Inverse temperature.
    M : int
        Number of memories.
    query_sep : float
        Query separation :math:`\tilde\Delta_\mu(x)`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(concentration_epsilon(2.0, 4, 1.0)), 3 * math.exp(-2.0))
    True
    """
    return _epsilon(F, beta, M, query_sep)


@bound(latex=r"\|\xi_\mu-T(x)\|\leq 2\epsilon m,\quad\epsilon=(M-1)e^{-\beta\tilde\Delta_\mu(x)}",
       source=src("Lemma A4"), hypotheses=H_BMm, trivial=trivial_2m, trivial_latex=_TRIVIAL_2M_LATEX,
       symbols=_SYM_QS, example={"beta": 2, "M": 4, "m": 3, "query_sep": 1})
def concentration_error_bound(F, beta, M, m, query_sep):
    r"""One-step retrieval error of Lemma A4 (stated for the top pattern; it holds for every :math:`\mu`).

    .. math:: \lVert\xi_\mu-T(x)\rVert\le2\epsilon m=2(M-1)e^{-\beta\tilde\Delta_\mu(x)}m.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    query_sep : float
        Query separation :math:`\tilde\Delta_\mu(x)` (of the top pattern in the published form).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(concentration_error_bound(2.0, 4, 3.0, 1.0)), 2 * 3 * math.exp(-2.0) * 3.0)
    True
    """
    return 2 * (M - 1) * F.exp(-beta * query_sep) * m


@bound(latex=r"p_\mu\geq 1-\epsilon", kind="lower", source=src("Lemma A4"), hypotheses=(H_BETA, H_M2),
       trivial=trivial_zero, trivial_latex=r"p_\mu\geq 0", symbols=_SYM_QS,
       example={"beta": 2, "M": 4, "query_sep": 1})
def concentration_weight_lower_bound(F, beta, M, query_sep):
    r"""Lower bound on the target weight after one update (Lemma A4).

    .. math:: p_\mu(x)\ge1-(M-1)e^{-\beta\tilde\Delta_\mu(x)}.

    Parameters
    ----------
    beta, M : float
        Inverse temperature and number of memories.
    query_sep : float
        Query separation of the target :math:`\mu`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(concentration_weight_lower_bound(2.0, 4, 1.0)), 1 - 3 * math.exp(-2.0))
    True
    """
    return 1 - _epsilon(F, beta, M, query_sep)


@bound(latex=r"p_\nu\leq\frac{\epsilon}{M-1},\quad\nu\ne\mu", source=src("Lemma A4"), hypotheses=(H_BETA, H_M2),
       trivial=trivial_one, trivial_latex=r"p_\nu\leq 1", symbols=_SYM_QS,
       example={"beta": 2, "M": 4, "query_sep": 1})
def concentration_competitor_weight_bound(F, beta, M, query_sep):
    r"""Upper bound on every competitor weight after one update (Lemma A4).

    .. math:: p_\nu(x)\le\frac{\epsilon}{M-1}=e^{-\beta\tilde\Delta_\mu(x)},\qquad\nu\ne\mu.

    Parameters
    ----------
    beta, M, query_sep : float
        Inverse temperature, number of memories and query separation :math:`\tilde\Delta_\mu(x)` of the target.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(concentration_competitor_weight_bound(2.0, 4, 1.0)), math.exp(-2.0))
    True
    """
    return F.div(_epsilon(F, beta, M, query_sep), M - 1)


@bound(latex=r"\|\xi_\mu-T(x)\|\leq(1-p_\mu)\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|",
       source=src("Lemma A4", "derived"), form="derived",
       hypotheses=(in_interval("p_mu", 0, 1, r"0\leq p_\mu\leq 1", closed_low=True, closed_high=True),
                   nonnegative("max_dist", r"\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|")),
       symbols={"p_mu": {"nonnegative": True}, "max_dist": {"nonnegative": True}},
       example={"p_mu": Fraction(3, 4), "max_dist": 2})
def concentration_error_bound_sharp(F, p_mu, max_dist):
    r"""Sharper one-step error from the target weight (derived; it holds for every retrieval map).

    .. math:: \lVert\xi_\mu-T(x)\rVert\le(1-p_\mu)\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert.

    Parameters
    ----------
    p_mu : float
        Target weight :math:`p_\mu\in[0,1]` after the update.
    max_dist : float
        :math:`\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert`.

    Examples
    --------
    >>> float(concentration_error_bound_sharp(0.75, 2.0)) == (1 - 0.75) * 2.0
    True
    """
    return (1 - p_mu) * max_dist


# --------------------------------------------------------------------------- Definition 3, Lemma A5: spheres


def _wellsep_threshold(F, beta, M, m):
    r""":math:`\frac{2}{\beta M}+\frac1\beta\ln(2(M-1)M\beta m^2)`."""
    return 2 / (beta * M) + F.log(2 * (M - 1) * M * beta * m**2) / beta


H_WELLSEP = hypothesis("well-separated", r"\Delta_\mu\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln(2(M-1)M\beta m^2)",
                       lambda xp, beta, M, m, Delta, **_: Delta >= _wellsep_threshold(array_kit(xp, beta), beta, M, m))
_WELLSEP_EXAMPLE = {"beta": 2, "M": 4, "m": 3, "Delta": 4}


@bound(latex=r"r_\mu=\frac{1}{\beta Mm}", kind="value", source=src("Definition 3"),
       hypotheses=(H_BETA, H_M1, H_M_NORM), example={"beta": 2, "M": 4, "m": 3})
def sphere_radius(F, beta, M, m):
    r"""Radius of the spheres :math:`S_\mu` of Definition 3.

    .. math:: r_\mu=\frac{1}{\beta Mm},\qquad S_\mu=\{x:\lVert x-\xi_\mu\rVert\le r_\mu\}.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm (all positive).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(sphere_radius(2.0, 4, 3.0)), 1 / (2.0 * 4 * 3.0))
    True
    """
    return F.div(1, beta * M * m)


@bound(latex=r"\Delta_\mu\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln\left(2(M-1)M\beta m^2\right)", kind="value",
       source=src("Lemma A5"), hypotheses=H_BMm, example={"beta": 2, "M": 4, "m": 3})
def well_separation_threshold(F, beta, M, m):
    r"""Separation :math:`\Delta_\mu` above which :math:`T` maps :math:`S_\mu` into itself (Lemma A5).

    .. math:: \Delta_\mu\ge\frac{2}{\beta M}+\frac1\beta\ln\bigl(2(M-1)M\beta m^2\bigr).

    Parameters
    ----------
    beta : float
        Inverse temperature.
    M, m : float
        Number of memories :math:`M\ge2` and largest memory norm.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(well_separation_threshold(2.0, 4, 3.0)), 2 / 8 + math.log(2 * 3 * 4 * 2.0 * 9) / 2.0)
    True
    """
    return _wellsep_threshold(F, beta, M, m)


@bound(latex=r"\|\xi_\mu-T(x)\|\leq 2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m\leq\frac{1}{\beta Mm}",
       source=src("Lemma A5"), hypotheses=H_BMm + (H_WELLSEP,), trivial=trivial_2m,
       trivial_latex=_TRIVIAL_2M_LATEX, symbols={"Delta": {"real": True}}, example=_WELLSEP_EXAMPLE)
def sphere_self_map_error_bound(F, beta, M, m, Delta):
    r"""One-step error for :math:`x\in S_\mu` under well-separation (Lemma A5; it is at most :math:`1/(\beta Mm)`).

    .. math:: \lVert\xi_\mu-T(x)\rVert\le2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    Delta : float
        Pattern separation :math:`\Delta_\mu`, at least :func:`well_separation_threshold`.

    Examples
    --------
    >>> import math
    >>> value = float(sphere_self_map_error_bound(2.0, 4, 3.0, 4.0))
    >>> math.isclose(value, 2 * 3 * math.exp(-2.0 * (4.0 - 2 / 8)) * 3.0)
    True
    """
    return 2 * (M - 1) * F.exp(-beta * (Delta - 2 / (beta * M))) * m


# --------------------------------------------------------------------------- Lemmas A6, A7; Eqs. (180), (183)


@bound(latex=r"\|J^{\mathrm{m}}\|_2\leq 1-2(M-1)^2e^{-2\beta(\Delta_\mu+2/(\beta M))}\beta Mm^2<1",
       source=src("Lemma A6"), hypotheses=H_BMm + (H_WELLSEP,), symbols={"Delta": {"real": True}},
       example=_WELLSEP_EXAMPLE)
def sphere_contraction_bound(F, beta, M, m, Delta):
    r"""Lemma A6: bound on the mean-value Jacobian between two points of :math:`S_\mu` (a factor below 1).

    .. math:: \lVert J^{\mathrm m}\rVert_2\le1-2(M-1)^2e^{-2\beta(\Delta_\mu+2/(\beta M))}\beta Mm^2.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    Delta : float
        Pattern separation of a well-separated memory.

    Examples
    --------
    >>> import math
    >>> value = float(sphere_contraction_bound(2.0, 4, 3.0, 4.0))
    >>> math.isclose(value, 1 - 2 * 9 * math.exp(-4.0 * (4.0 + 2 / 8)) * 2.0 * 4 * 9.0)
    True
    """
    return 1 - 2 * (M - 1) ** 2 * F.exp(-2 * beta * (Delta + 2 / (beta * M))) * beta * M * m**2


@bound(latex=(r"\|J^{\mathrm{m}}\|_2\leq 2\beta Mm^2(M-1)\exp\left(-\beta(\Delta_\mu-2\max\{\|x-\xi_\mu\|,"
              r"\|x_\mu^*-\xi_\mu\|\}m)\right)"),
       source=src("Eq. (180); Theorem A8"), hypotheses=H_BMm + (H_R,), trivial=trivial_jacobian,
       trivial_latex=TRIVIAL_JACOBIAN_LATEX, symbols=SYM_DELTA_R,
       example={"beta": 2, "M": 4, "m": 3, "Delta": 4, "r": Fraction(1, 8)})
def mean_value_jacobian_bound(F, beta, M, m, Delta, r):
    r"""Mean-value Jacobian bound near the fixed point (Eq. (180), used by Theorem A8).

    .. math:: \lVert J^{\mathrm m}\rVert_2\le2\beta Mm^2(M-1)e^{-\beta(\Delta_\mu-2rm)},\qquad
        r=\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    Delta : float
        Pattern separation :math:`\Delta_\mu`.
    r : float
        Radius :math:`\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}` of the segment
        from :math:`x` to :math:`x^*_\mu`.

    Examples
    --------
    >>> import math
    >>> value = float(mean_value_jacobian_bound(2.0, 4, 3.0, 4.0, 0.125))
    >>> math.isclose(value, 2 * 2.0 * 4 * 9.0 * 3 * math.exp(-2.0 * (4.0 - 2 * 0.125 * 3.0)))
    True
    """
    return 2 * beta * M * m**2 * (M - 1) * F.exp(-beta * (Delta - 2 * r * m))


@bound(latex=r"\Delta_\mu>2\max\{\|x-\xi_\mu\|,\|x_\mu^*-\xi_\mu\|\}m+\beta^{-1}\ln(2(M-1)M\beta m^2)",
       kind="value", source=src("Eq. (183)"), hypotheses=H_BMm + (H_R,), symbols={"r": {"nonnegative": True}},
       example={"beta": 2, "M": 4, "m": 3, "r": Fraction(1, 8)})
def contraction_separation_threshold(F, beta, M, m, r):
    r"""Separation above which the factor of Eq. (180) is below 1 (Eq. (183)).

    .. math:: \Delta_\mu>2rm+\frac1\beta\ln\bigl(2(M-1)M\beta m^2\bigr).

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    r : float
        :math:`\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}`.

    Examples
    --------
    >>> import math
    >>> value = float(contraction_separation_threshold(2.0, 4, 3.0, 0.125))
    >>> math.isclose(value, 2 * 0.125 * 3.0 + math.log(2 * 3 * 4 * 2.0 * 9.0) / 2.0)
    True
    """
    return 2 * r * m + F.log(2 * (M - 1) * M * beta * m**2) / beta


@bound(latex=r"\|T(x)-x_\mu^*\|\leq\frac{\|J^{\mathrm{m}}\|_2}{1-\|J^{\mathrm{m}}\|_2}\|x-T(x)\|",
       source=src("Lemma A7 (a-posteriori bound)"),
       hypotheses=(in_interval("jacobian_norm", 0, 1, r"0\leq\|J^{\mathrm{m}}\|_2<1", closed_low=True,
                               name="0 <= jacobian_norm < 1"),
                   nonnegative("step_norm", r"\|x-T(x)\|")),
       symbols={"jacobian_norm": {"nonnegative": True}, "step_norm": {"nonnegative": True}},
       example={"jacobian_norm": Fraction(1, 2), "step_norm": Fraction(1, 4)})
def a_posteriori_error_bound(F, jacobian_norm, step_norm):
    r"""A-posteriori distance to the fixed point from one step of a contraction (Lemma A7).

    .. math:: \lVert T(x)-x^*_\mu\rVert\le\frac{\lVert J^{\mathrm m}\rVert_2}{1-\lVert J^{\mathrm m}\rVert_2}
        \lVert x-T(x)\rVert,\qquad\lVert J^{\mathrm m}\rVert_2<1.

    Parameters
    ----------
    jacobian_norm : float
        Contraction factor :math:`\lVert J^{\mathrm m}\rVert_2\in[0,1)`.
    step_norm : float
        Step length :math:`\lVert x-T(x)\rVert`.

    Examples
    --------
    >>> float(a_posteriori_error_bound(0.5, 0.25)) == 0.5 / (1 - 0.5) * 0.25
    True
    """
    return F.div(jacobian_norm, 1 - jacobian_norm) * step_norm
