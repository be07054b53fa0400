r"""Ramsauer et al. (2021), the capacity condition solved for the dimension: Theorem A6 (with
Lambert :math:`W`), Corollary A2 (an elementary bound for :math:`a<0`) and its worked example.

The condition :math:`c\ge(2/\sqrt{p_{\mathrm f}})^{4/(d-1)}` of Theorem A5 reads
:math:`\ln(d-1)+a(d-1)+b\le0`; its roots are :math:`d=1+W(ae^{-b})/a`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .._declare import bound
from .._hypotheses import greater_than, hypothesis
from ._common import H_BETA, H_C_POS, H_K, H_PFAIL, array_kit, src, trivial_two
from .capacity_lambert import cap_threshold

__all__ = [
    "capacity_dimension",
    "capacity_dimension_a",
    "capacity_dimension_b",
    "capacity_dimension_bound",
    "capacity_dimension_bound_from_ab",
    "capacity_dimension_from_ab",
    "capacity_dimension_residual",
    "capacity_dimension_root_lower_branch",
    "capacity_dimension_root_principal",
    "capacity_dimension_threshold",
]

_SYM_AB = {"a": {"real": True}, "b": {"real": True}}
_EXAMPLE = {"beta": 1, "K": 2, "c": 2, "p_fail": Fraction(1, 2)}  # a < 0 and a e^{-b} >= -1/e
_AB_EXAMPLE = {"a": Fraction(-1, 10), "b": 1}
_ROOT_LATEX = r"d=1+\frac{1}{a}W(ae^{-b})\ (W_0\ \text{if}\ a>0,\ W_{-1}\ \text{if}\ a<0),\quad d=1+e^{-b}\ (a=0)"


def _dim_a(F, beta, K, c):
    r""":math:`a=\frac{\ln c}{2}-\frac{K^2\beta}{5c}`."""
    return F.log(c) / 2 - K**2 * beta / (5 * c)


def _dim_b(F, beta, K, p_fail):
    r""":math:`b=1+\ln(2p_{\mathrm f}\beta K^2)`."""
    return 1 + F.log(2 * p_fail * beta * K**2)


def _dim_root(F, a, b):
    r""":math:`1+W(ae^{-b})/a` (:math:`W_0` if :math:`a>0`, :math:`W_{-1}` if :math:`a<0`); :math:`1+e^{-b}` at 0."""
    def pos(Kit, s):
        return 1 + Kit.div(Kit.lambertw(s * Kit.exp(-b)), s)

    def neg(Kit, s):
        return 1 + Kit.div(Kit.lambertw_lower(s * Kit.exp(-b)), s)

    def zero(Kit, s):
        return 1 + Kit.exp(-b) + 0 * s

    return F.cases(a, ((">", 1.0, pos), ("<", -1e-300, neg), ("==", 0.0, zero)))


def _branch_arg_ok(xp, a, b):
    r""":math:`ae^{-b}\ge-1/e` (a real :math:`W` exists)."""
    with np.errstate(all="ignore"):
        return a * xp.exp(-b) >= -1.0 / math.e


def _h_dim_c(xp, beta, K, c, p_fail, **_):
    r""":math:`c\ge(2/\sqrt{p_{\mathrm f}})^{4/(d-1)}` at Theorem A6's :math:`d`, false off the domain."""
    with np.errstate(all="ignore"):
        ok = (beta > 0) & (K > 0) & (c > 0) & (p_fail > 0)
        one = xp.ones_like(beta)
        sb, sK, sc, sp = (xp.where(ok, v, one) for v in (beta, K, c, p_fail))
        k = array_kit(xp, beta)
        a, b = _dim_a(k, sb, sK, sc), _dim_b(k, sb, sK, sp)
        good = ok & _branch_arg_ok(xp, a, b)
        d = _dim_root(k, xp.where(good, a, one), xp.where(good, b, one))
        good = good & (d > 1)
        d = xp.where(good, d, 2 * one)
        return good & (c >= cap_threshold(k, d, sp))


def _safe_a(xp, beta, K, c):
    """Theorem A6's a for a hypothesis test, with c replaced by 1 where it is not positive."""
    return _dim_a(array_kit(xp, beta), beta, K, xp.where(c > 0, c, xp.ones_like(c)))


def _safe_b(xp, beta, K, p_fail):
    """Theorem A6's b for a hypothesis test, with p_fail replaced by 1 where it is not positive."""
    return _dim_b(array_kit(xp, beta), beta, K, xp.where(p_fail > 0, p_fail, xp.ones_like(p_fail)))


_BRANCH_LATEX = r"ae^{-b}\geq -1/e"
H_AB = hypothesis("a exp(-b) >= -1/e", _BRANCH_LATEX, lambda xp, a, b, **_: _branch_arg_ok(xp, a, b))
H_AB_PAPER = hypothesis("a exp(-b) >= -1/e", _BRANCH_LATEX,
                        lambda xp, beta, K, c, p_fail, **_: _branch_arg_ok(xp, _safe_a(xp, beta, K, c),
                                                                           _safe_b(xp, beta, K, p_fail)))
H_DIM_DOMAIN = (H_PFAIL, H_BETA, H_K, H_C_POS)
H_A_NEG = hypothesis("a < 0", r"a<0", lambda xp, a, **_: a < 0)


@bound(latex=r"a=\frac{\ln c}{2}-\frac{K^2\beta}{5c}", kind="value", source=src("Theorem A6"),
       hypotheses=(H_BETA, H_K, H_C_POS), example={"beta": 1, "K": 3, "c": 2})
def capacity_dimension_a(F, beta, K, c):
    r"""The constant :math:`a` of Theorem A6.

    .. math:: a=\frac{\ln c}{2}-\frac{K^2\beta}{5c}.

    Parameters
    ----------
    beta, K : float
        Inverse temperature and radius parameter (:math:`m=K\sqrt{d-1}`).
    c : float
        Capacity constant :math:`c>0`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_dimension_a(1.0, 3.0, 2.0)), math.log(2.0) / 2 - 9.0 / 10)
    True
    """
    return _dim_a(F, beta, K, c)


@bound(latex=r"b=1+\ln(2p_{\mathrm{f}}\beta K^2)", kind="value", source=src("Theorem A6"),
       hypotheses=(H_PFAIL, H_BETA, H_K), example={"beta": 1, "K": 3, "p_fail": Fraction(1, 1000)})
def capacity_dimension_b(F, beta, K, p_fail):
    r"""The constant :math:`b` of Theorem A6.

    .. math:: b=1+\ln\bigl(2p_{\mathrm f}\beta K^2\bigr).

    Parameters
    ----------
    beta, K : float
        Inverse temperature and radius parameter.
    p_fail : float
        Failure probability.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_dimension_b(1.0, 3.0, 0.001)), 1 + math.log(2 * 0.001 * 9.0))
    True
    """
    return _dim_b(F, beta, K, p_fail)


@bound(latex=_ROOT_LATEX, kind="value", source=src("Theorem A6"),
       hypotheses=H_DIM_DOMAIN + (H_AB_PAPER, hypothesis("c >= (2/sqrt(p_fail))^(4/(d-1))",
                                                         r"c\geq\left(2/\sqrt{p_{\mathrm{f}}}\right)^{4/(d-1)}",
                                                         _h_dim_c)),
       example=_EXAMPLE)
def capacity_dimension(F, beta, K, c, p_fail):
    r"""The dimension of Theorem A6 at which :math:`c^{(d-1)/4}` memories are stored.

    .. math:: d=1+\frac{W(ae^{-b})}{a}\quad(W_0\text{ for }a>0,\ W_{-1}\text{ for }a<0),\qquad
        d=1+e^{-b}\quad(a=0),

    with :math:`a`, :math:`b` of :func:`capacity_dimension_a`, :func:`capacity_dimension_b`.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    K : float
        Radius parameter.
    c : float
        Capacity constant.
    p_fail : float
        Failure probability; :math:`c\ge(2/\sqrt{p_{\mathrm f}})^{4/(d-1)}` at the returned :math:`d`.

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = math.log(2.0) / 2 - 4.0 / 10, 1 + math.log(2 * 0.5 * 4.0)
    >>> math.isclose(float(capacity_dimension(1.0, 2.0, 2.0, 0.5)), 1 + lambertw(a * math.exp(-b), -1).real / a)
    True
    """
    return _dim_root(F, _dim_a(F, beta, K, c), _dim_b(F, beta, K, p_fail))


@bound(latex=_ROOT_LATEX, kind="value", source=src("Theorem A6"), hypotheses=(H_AB,), symbols=_SYM_AB,
       example=_AB_EXAMPLE)
def capacity_dimension_from_ab(F, a, b):
    r"""Theorem A6's root formula as a function of :math:`(a,b)`.

    .. math:: d=1+\frac{W(ae^{-b})}{a}\quad(W_0\text{ for }a>0,\ W_{-1}\text{ for }a<0),\qquad
        d=1+e^{-b}\quad(a=0).

    Parameters
    ----------
    a, b : float
        The constants of Theorem A6, with :math:`ae^{-b}\ge-1/e`.

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> math.isclose(float(capacity_dimension_from_ab(-0.1, 1.0)), 1 + lambertw(-0.1 * math.exp(-1.0), -1).real / -0.1)
    True
    """
    return _dim_root(F, a, b)


@bound(latex=r"d_0=1+\frac{1}{a}W_0(ae^{-b})", kind="value", source=src("Theorem A6", "derived"), form="derived",
       hypotheses=(H_AB, hypothesis("a != 0", r"a\ne 0", lambda xp, a, **_: a != 0)), symbols=_SYM_AB,
       example=_AB_EXAMPLE)
def capacity_dimension_root_principal(F, a, b):
    r"""The root :math:`1+W_0(ae^{-b})/a` of :math:`\ln(d-1)+a(d-1)+b=0` (for :math:`a<0` the smaller one).

    .. math:: d_0=1+\frac{W_0(ae^{-b})}{a}.

    Parameters
    ----------
    a : float
        :math:`a\ne0`.
    b : float
        :math:`b` with :math:`ae^{-b}\ge-1/e`.

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> value = float(capacity_dimension_root_principal(-0.1, 1.0))
    >>> math.isclose(value, 1 + lambertw(-0.1 * math.exp(-1.0)).real / -0.1)
    True
    """
    return 1 + F.div(F.lambertw(a * F.exp(-b)), a)


@bound(latex=r"d_{-1}=1+\frac{1}{a}W_{-1}(ae^{-b})", kind="value", source=src("Theorem A6", "derived"),
       form="derived", hypotheses=(H_AB, H_A_NEG), symbols=_SYM_AB, example=_AB_EXAMPLE)
def capacity_dimension_root_lower_branch(F, a, b):
    r"""The root :math:`1+W_{-1}(ae^{-b})/a` of :math:`\ln(d-1)+a(d-1)+b=0` (for :math:`a<0` the larger one).

    .. math:: d_{-1}=1+\frac{W_{-1}(ae^{-b})}{a}.

    Parameters
    ----------
    a : float
        :math:`a<0`.
    b : float
        Any real :math:`b` with :math:`ae^{-b}\ge-1/e` (then :math:`W_{-1}` is real).

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> value = float(capacity_dimension_root_lower_branch(-0.1, 1.0))
    >>> math.isclose(value, 1 + lambertw(-0.1 * math.exp(-1.0), -1).real / -0.1)
    True
    """
    return 1 + F.div(F.lambertw_lower(a * F.exp(-b)), a)


@bound(latex=r"\ln(d-1)+a(d-1)+b\leq 0", kind="value", source=src("Theorem A6", "derived"), form="derived",
       hypotheses=(greater_than("d", 1, r"d>1"),), symbols=_SYM_AB, example=dict(_AB_EXAMPLE, d=10))
def capacity_dimension_residual(F, a, b, d):
    r"""Residual :math:`\ln(d-1)+a(d-1)+b` of Theorem A6's root equation.

    It is :math:`\le0` exactly when Theorem A5's condition :math:`a_5c+c\ln c-b_5\le0` holds (derived).

    .. math:: \ln(d-1)+a(d-1)+b.

    Parameters
    ----------
    a, b : float
        The constants of Theorem A6.
    d : float
        Dimension :math:`d>1`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_dimension_residual(-0.1, 1.0, 10.0)), math.log(9.0) - 0.1 * 9.0 + 1.0)
    True
    """
    return F.log(d - 1) + a * (d - 1) + b


@bound(latex=r"d\geq 1+\frac{4\ln(2/\sqrt{p_{\mathrm{f}}})}{\ln c}", kind="value",
       source=src("Corollary A2 (example)", "derived"), form="derived",
       hypotheses=(H_PFAIL, greater_than("c", 1, r"c>1")), example={"c": 2, "p_fail": Fraction(1, 1000)})
def capacity_dimension_threshold(F, c, p_fail):
    r"""The smallest real :math:`d` with :math:`c\ge(2/\sqrt{p_{\mathrm f}})^{4/(d-1)}` (derived; a lower bound).

    .. math:: d\ge1+\frac{4\ln(2/\sqrt{p_{\mathrm f}})}{\ln c}.

    Parameters
    ----------
    c : float
        Capacity constant :math:`c>1`.
    p_fail : float
        Failure probability.

    Examples
    --------
    >>> import math
    >>> naive = 1 + 4 * math.log(2 / math.sqrt(0.001)) / math.log(2.0)
    >>> math.isclose(float(capacity_dimension_threshold(2.0, 0.001)), naive)
    True
    """
    return 1 + 4 * F.log(2 / F.sqrt(p_fail)) / F.log(c)


def _dim_bound(F, a, b):
    r""":math:`1+(-\ln(-a)+b)/a`."""
    return 1 + (-F.log(-a) + b) / a


_BOUND_LATEX = r"d>1+\frac{-\ln(-a)+b}{a}"


@bound(latex=_BOUND_LATEX, kind="lower", source=src("Corollary A2"),
       hypotheses=H_DIM_DOMAIN + (hypothesis("a < 0", r"a<0",
                                             lambda xp, beta, K, c, **_: _safe_a(xp, beta, K, c) < 0),
                                  H_AB_PAPER),
       trivial=trivial_two, trivial_latex=r"d\geq 2", example=_EXAMPLE)
def capacity_dimension_bound(F, beta, K, c, p_fail):
    r"""Corollary A2's elementary lower bound on the dimension, for :math:`a<0`.

    .. math:: d>1+\frac{-\ln(-a)+b}{a}.

    Parameters
    ----------
    beta, K, c, p_fail : float
        Inverse temperature, radius parameter, capacity constant and failure probability (with :math:`a<0`).

    Examples
    --------
    >>> import math
    >>> a, b = math.log(2.0) / 2 - 4.0 / 10, 1 + math.log(2 * 0.5 * 4.0)
    >>> math.isclose(float(capacity_dimension_bound(1.0, 2.0, 2.0, 0.5)), 1 + (-math.log(-a) + b) / a)
    True
    """
    return _dim_bound(F, _dim_a(F, beta, K, c), _dim_b(F, beta, K, p_fail))


@bound(latex=_BOUND_LATEX, kind="lower", source=src("Corollary A2"), hypotheses=(H_A_NEG, H_AB),
       trivial=trivial_two, trivial_latex=r"d\geq 2", symbols=_SYM_AB, example=_AB_EXAMPLE)
def capacity_dimension_bound_from_ab(F, a, b):
    r"""Corollary A2's bound as a function of :math:`(a,b)`.

    .. math:: d>1+\frac{-\ln(-a)+b}{a},\qquad a<0.

    Parameters
    ----------
    a, b : float
        :math:`a<0` and :math:`b` with :math:`ae^{-b}\ge-1/e` (Corollary A2's hypothesis).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_dimension_bound_from_ab(-0.1, 1.0)), 1 + (-math.log(0.1) + 1.0) / -0.1)
    True
    """
    return _dim_bound(F, a, b)
