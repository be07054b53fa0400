r"""Ramsauer et al. (2021), exponential storage capacity: Theorem A5 (Theorem 3 of the main text, with
Lambert :math:`W`) and Corollary A1 (the Lambert-free constant).

:math:`p_{\mathrm f}` is the failure probability, :math:`K` the radius parameter of the random memories
(:math:`m=K\sqrt{d-1}`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .._declare import bound
from .._hypotheses import hypothesis
from ._common import H_BETA, H_D2, H_K, H_PFAIL, array_kit, src, trivial_two

__all__ = [
    "capacity_a",
    "capacity_b",
    "capacity_constant",
    "capacity_constant_lambert_free",
    "capacity_lambert_argument",
    "capacity_memories",
    "capacity_memories_lambert_free",
    "capacity_threshold",
    "lambert_upper_bound_nonpositive",
    "lambert_upper_bound_positive",
]

_SOURCE = src("Theorem 3 (A5)")
_EXAMPLE = {"beta": 1, "K": 3, "d": 20, "p_fail": Fraction(1, 1000)}  # the paper's first example


def _cap_a(F, beta, K, d, p_fail):
    r""":math:`a=\frac{2}{d-1}\bigl(1+\ln(2\beta K^2p_{\mathrm f}(d-1))\bigr)`."""
    return 2 / (d - 1) * (1 + F.log(2 * beta * K**2 * p_fail * (d - 1)))


def _cap_b(F, beta, K):
    r""":math:`b=\frac{2K^2\beta}{5}`."""
    return 2 * K**2 * beta / 5


def _cap_c(F, beta, K, d, p_fail):
    r""":math:`c=b/W_0(\exp(a+\ln b))`."""
    b = _cap_b(F, beta, K)
    return b / F.wexp(_cap_a(F, beta, K, d, p_fail) + F.log(b))


def cap_threshold(F, d, p_fail):
    r""":math:`(2/\sqrt{p_{\mathrm f}})^{4/(d-1)}`, the smallest admissible :math:`c` (also Theorem A6's condition)."""
    return F.pow(2 / F.sqrt(p_fail), F.div(4, d - 1))


def _c_hyp(cfun):
    r"""The test of :math:`c\ge(2/\sqrt{p_{\mathrm f}})^{4/(d-1)}` for the constant ``cfun``, false off the domain."""
    def test(xp, beta, K, d, p_fail, **_):
        with np.errstate(all="ignore"):
            k = array_kit(xp, beta)
            ok = (beta > 0) & (K > 0) & (d >= 2) & (p_fail > 0)
            one = xp.ones_like(beta)
            sb, sK = xp.where(ok, beta, one), xp.where(ok, K, one)
            sd, sp = xp.where(ok, d, 2 * one), xp.where(ok, p_fail, one)
            c = cfun(k, sb, sK, sd, sp)
            return ok & (c >= cap_threshold(k, sd, sp))
    return test


H_CAP_DOMAIN = (H_PFAIL, H_BETA, H_K, H_D2)
_C_LATEX = r"c\geq\left(2/\sqrt{p_{\mathrm{f}}}\right)^{4/(d-1)}"
H_CAP_C = hypothesis("c >= (2/sqrt(p_fail))^(4/(d-1))", _C_LATEX, _c_hyp(_cap_c))
_TRIVIAL_M_LATEX = r"M\geq 2\ \text{(a capacity below 2 says nothing)}"


@bound(latex=r"a=\frac{2}{d-1}\left(1+\ln(2\beta K^2p_{\mathrm{f}}(d-1))\right)", kind="value", source=_SOURCE,
       hypotheses=H_CAP_DOMAIN, example=_EXAMPLE)
def capacity_a(F, beta, K, d, p_fail):
    r"""The constant :math:`a` of Theorem A5.

    .. math:: a=\frac{2}{d-1}\Bigl(1+\ln\bigl(2\beta K^2p_{\mathrm f}(d-1)\bigr)\Bigr).

    Parameters
    ----------
    beta : float
        Inverse temperature.
    K : float
        Radius parameter, :math:`m=K\sqrt{d-1}`.
    d : int
        Dimension :math:`d\ge2`.
    p_fail : float
        Failure probability :math:`p_{\mathrm f}\in(0,1]`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_a(1.0, 3.0, 20, 0.001)), 2 / 19 * (1 + math.log(2 * 9.0 * 0.001 * 19)))
    True
    """
    return _cap_a(F, beta, K, d, p_fail)


@bound(latex=r"b=\frac{2K^2\beta}{5}", kind="value", source=_SOURCE, hypotheses=(H_BETA, H_K),
       example={"beta": 1, "K": 3})
def capacity_b(F, beta, K):
    r"""The constant :math:`b` of Theorem A5.

    .. math:: b=\frac{2K^2\beta}{5}.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    K : float
        Radius parameter of the memories.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_b(1.0, 3.0)), 2 * 9.0 * 1.0 / 5)
    True
    """
    return _cap_b(F, beta, K)


@bound(latex=r"u=a+\ln b", kind="value", source=_SOURCE, hypotheses=H_CAP_DOMAIN, example=_EXAMPLE)
def capacity_lambert_argument(F, beta, K, d, p_fail):
    r"""The argument :math:`u=a+\ln b` of :math:`W_0(e^u)` in Theorem A5 (its sign picks the form of Corollary A1).

    .. math:: u=a+\ln b.

    Parameters
    ----------
    beta, K, d, p_fail : float
        Inverse temperature, radius parameter, dimension and failure probability.

    Examples
    --------
    >>> import math
    >>> a = 2 / 19 * (1 + math.log(2 * 9.0 * 0.001 * 19))
    >>> math.isclose(float(capacity_lambert_argument(1.0, 3.0, 20, 0.001)), a + math.log(2 * 9.0 / 5))
    True
    """
    return _cap_a(F, beta, K, d, p_fail) + F.log(_cap_b(F, beta, K))


@bound(latex=r"c=\frac{b}{W_0(\exp(a+\ln b))}", kind="value", source=_SOURCE,
       hypotheses=H_CAP_DOMAIN + (H_CAP_C,), example=_EXAMPLE)
def capacity_constant(F, beta, K, d, p_fail):
    r"""The capacity constant :math:`c` of Theorem A5 (principal branch of Lambert :math:`W`).

    :math:`c` solves :math:`ac+c\ln c-b=0`.

    .. math:: c=\frac{b}{W_0(\exp(a+\ln b))}.

    Parameters
    ----------
    beta, K : float
        Inverse temperature and radius parameter.
    d : int
        Dimension.
    p_fail : float
        Failure probability; the constant must be at least :func:`capacity_threshold`.

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = 2 / 19 * (1 + math.log(2 * 9.0 * 0.001 * 19)), 2 * 9.0 / 5
    >>> math.isclose(float(capacity_constant(1.0, 3.0, 20, 0.001)), b / lambertw(math.exp(a + math.log(b))).real)
    True
    """
    return _cap_c(F, beta, K, d, p_fail)


@bound(latex=r"\left(\frac{2}{\sqrt{p_{\mathrm{f}}}}\right)^{4/(d-1)}", kind="value", source=_SOURCE,
       hypotheses=(H_PFAIL, H_D2), example={"d": 20, "p_fail": Fraction(1, 1000)})
def capacity_threshold(F, d, p_fail):
    r"""The smallest admissible :math:`c`: :math:`c` at least this is :math:`\sqrt{p_{\mathrm f}}\,c^{(d-1)/4}\ge2`.

    .. math:: \Bigl(\frac{2}{\sqrt{p_{\mathrm f}}}\Bigr)^{4/(d-1)}.

    Parameters
    ----------
    d : int
        Dimension.
    p_fail : float
        Failure probability.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_threshold(20, 0.001)), (2 / math.sqrt(0.001)) ** (4 / 19))
    True
    """
    return cap_threshold(F, d, p_fail)


def _memories(F, c, d, p_fail):
    r""":math:`\sqrt{p_{\mathrm f}}\,c^{(d-1)/4}`, the number of memories stored with the constant :math:`c`."""
    return F.sqrt(p_fail) * F.pow(c, (d - 1) / 4)


@bound(latex=r"M\geq\sqrt{p_{\mathrm{f}}}\,c^{\frac{d-1}{4}}", kind="lower", source=_SOURCE,
       hypotheses=H_CAP_DOMAIN + (H_CAP_C,), trivial=trivial_two, trivial_latex=_TRIVIAL_M_LATEX, example=_EXAMPLE)
def capacity_memories(F, beta, K, d, p_fail):
    r"""The number of memories Theorem A5 stores, with probability :math:`1-p_{\mathrm f}`.

    .. math:: M\ge\sqrt{p_{\mathrm f}}\,c^{\frac{d-1}{4}},\qquad c=\frac{b}{W_0(\exp(a+\ln b))}.

    Parameters
    ----------
    beta, K : float
        Inverse temperature and radius parameter.
    d, p_fail : float
        Dimension and failure probability.

    Examples
    --------
    >>> import math
    >>> c = float(capacity_constant(1.0, 3.0, 20, 0.001))
    >>> math.isclose(float(capacity_memories(1.0, 3.0, 20, 0.001)), math.sqrt(0.001) * c ** (19 / 4))
    True
    """
    return _memories(F, _cap_c(F, beta, K, d, p_fail), d, p_fail)


# --------------------------------------------------------------------------- Corollary A1: Lambert-free


def _omega(F):
    r"""The omega constant :math:`\Omega=W_0(1)`."""
    return F.wexp(0)


def _lambert_free_c(F, beta, K, d, p_fail):
    r"""Corollary A1's constant, piecewise in :math:`u=a+\ln b`."""
    b = _cap_b(F, beta, K)
    u = _cap_a(F, beta, K, d, p_fail) + F.log(b)

    def nonpos(Kit, s):
        om = _omega(Kit)
        return b / Kit.log((om * Kit.exp(s) + 1) / (om * (1 + om)))

    def pos(Kit, s):
        return b * Kit.pow(s, -s / (s + 1))

    return F.cases(u, (("<=", -1.0, nonpos), (">", 1.0, pos)))


H_LF = H_CAP_DOMAIN + (hypothesis("c_lf >= (2/sqrt(p_fail))^(4/(d-1))", _C_LATEX, _c_hyp(_lambert_free_c)),)


@bound(latex=(r"c=b\left[\ln\frac{\Omega e^{a+\ln b}+1}{\Omega(1+\Omega)}\right]^{-1}\ (a+\ln b\leq 0),\quad"
              r"c=b\,(a+\ln b)^{-\frac{a+\ln b}{a+\ln b+1}}\ (a+\ln b>0),\quad\Omega=W_0(1)"),
       kind="value", source=src("Corollary A1"), hypotheses=H_LF, example=_EXAMPLE)
def capacity_constant_lambert_free(F, beta, K, d, p_fail):
    r"""The Lambert-free capacity constant of Corollary A1 (a lower bound on :math:`c`), piecewise in :math:`u=a+\ln b`.

    .. math:: c=\begin{cases}b\Bigl[\ln\dfrac{\Omega e^{u}+1}{\Omega(1+\Omega)}\Bigr]^{-1},&u\le0,\\
        b\,u^{-u/(u+1)},&u>0,\end{cases}\qquad\Omega=W_0(1).

    Parameters
    ----------
    beta, K, d : float
        Inverse temperature, radius parameter and dimension.
    p_fail : float
        Failure probability :math:`p_{\mathrm f}`.

    Examples
    --------
    >>> import math
    >>> a, b = 2 / 19 * (1 + math.log(2 * 9.0 * 0.001 * 19)), 2 * 9.0 / 5
    >>> u = a + math.log(b)
    >>> math.isclose(float(capacity_constant_lambert_free(1.0, 3.0, 20, 0.001)), b * u ** (-u / (u + 1)))
    True
    """
    return _lambert_free_c(F, beta, K, d, p_fail)


@bound(latex=r"M\geq\sqrt{p_{\mathrm{f}}}\,c^{\frac{d-1}{4}}", kind="lower", source=src("Corollary A1"),
       hypotheses=H_LF, trivial=trivial_two, trivial_latex=r"M\geq 2", example=_EXAMPLE)
def capacity_memories_lambert_free(F, beta, K, d, p_fail):
    r"""The number of memories stored with the Lambert-free constant of Corollary A1.

    .. math:: M\ge\sqrt{p_{\mathrm f}}\,c_{\mathrm{lf}}^{\frac{d-1}{4}}.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    K, d, p_fail : float
        Radius parameter, dimension and failure probability, as in Corollary A1's constant.

    Examples
    --------
    >>> import math
    >>> u = 2 / 19 * (1 + math.log(2 * 9.0 * 0.001 * 19)) + math.log(3.6)
    >>> memories = math.sqrt(0.001) * (3.6 * u ** (-u / (u + 1))) ** 4.75
    >>> math.isclose(float(capacity_memories_lambert_free(1.0, 3.0, 20, 0.001)), memories)
    True
    """
    return _memories(F, _lambert_free_c(F, beta, K, d, p_fail), d, p_fail)


@bound(latex=r"W_0(e^u)\leq\ln\frac{e^u+y}{1+\ln y},\quad y=1/\Omega,\ u\leq 0", source=src("Corollary A1"),
       hypotheses=(hypothesis("u <= 0", r"u\leq 0", lambda xp, u, **_: u <= 0),), symbols={"u": {"real": True}},
       example={"u": -1})
def lambert_upper_bound_nonpositive(F, u):
    r"""Upper bound on :math:`W_0(e^u)` for :math:`u\le0` used by Corollary A1 (tight at :math:`u=0`).

    .. math:: W_0(e^u)\le\ln\frac{e^u+y}{1+\ln y},\qquad y=1/\Omega,\ \Omega=W_0(1).

    Parameters
    ----------
    u : float
        The argument :math:`u\le0` of :math:`W_0(e^u)`.

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> y = 1 / lambertw(1.0).real
    >>> math.isclose(float(lambert_upper_bound_nonpositive(-1.0)), math.log((math.exp(-1.0) + y) / (1 + math.log(y))))
    True
    """
    return F.log((F.exp(u) + 1 / _omega(F)) / (1 + F.log(1 / _omega(F))))


@bound(latex=r"W_0(e^u)\leq u^{u/(1+u)},\quad u>0", source=src("Corollary A1"),
       hypotheses=(hypothesis("u > 0", r"u>0", lambda xp, u, **_: u > 0),), symbols={"u": {"real": True}},
       example={"u": 1})
def lambert_upper_bound_positive(F, u):
    r"""Upper bound on :math:`W_0(e^u)` for :math:`u>0` used by Corollary A1.

    .. math:: W_0(e^u)\le u^{u/(1+u)},\qquad u>0.

    Parameters
    ----------
    u : float
        :math:`u>0`.

    Examples
    --------
    >>> float(lambert_upper_bound_positive(2.0)) == 2.0 ** (2.0 / 3.0)
    True
    """
    return F.pow(u, u / (1 + u))
