r"""Ramsauer et al. (2021), capacity for the expected minimal separation: Lemma A16 (the expected
minimal angle and :math:`C_n`), Lemma A17 (an elementary bound on :math:`C_n`) and Theorem A7 with its
worked example.
"""

from __future__ import annotations

from .._declare import bound
from .._hypotheses import at_least
from ._common import H_BETA, H_D2, H_D3, H_K, H_M2, H_N1, src, trivial_zero

__all__ = [
    "expected_angle_constant",
    "expected_angle_constant_lower_bound",
    "expected_capacity_margin_derived",
    "expected_capacity_margin_lemma_a17",
    "expected_capacity_margin_published",
    "expected_min_angle_lower_bound",
]


def _C(F, n):
    r""":math:`C_n=(\kappa_n/2)^{-1/n}\,\Gamma(1+\frac1n)(n+1)^{-1/n}/\Gamma(2+\frac1n)`."""
    bracket = F.gamma_ratio((n + 1) / 2, n / 2) / (2 * n * F.sqrt(F.pi))
    return (F.pow(bracket, -1 / n) * F.gamma_ratio(1 + 1 / n, 2 + 1 / n) * F.pow(n + 1, -1 / n))


@bound(latex=(r"C_n=\left(\frac{\Gamma((n+1)/2)}{2n\sqrt{\pi}\,\Gamma(n/2)}\right)^{-\frac{1}{n}}"
              r"\frac{\Gamma(1+\frac{1}{n})\,(n+1)^{-1/n}}{\Gamma(2+\frac{1}{n})}"),
       kind="value", source=src("Lemma A16"), hypotheses=(H_N1,), example={"n": 2})
def expected_angle_constant(F, n):
    r"""The constant :math:`C_n` of Lemma A16 (the bracket is :math:`\kappa_n/2`).

    .. math:: C_n=\Bigl(\frac{\Gamma(\frac{n+1}{2})}{2n\sqrt\pi\,\Gamma(\frac n2)}\Bigr)^{-1/n}
        \frac{\Gamma(1+\frac1n)\,(n+1)^{-1/n}}{\Gamma(2+\frac1n)}.

    Parameters
    ----------
    n : int
        :math:`n\ge1` (the dimension of the sphere :math:`S^n`).

    Examples
    --------
    >>> import math
    >>> bracket = math.gamma(1.5) / (2 * 2 * math.sqrt(math.pi) * math.gamma(1.0))
    >>> naive = bracket ** (-1 / 2) * math.gamma(1.5) / math.gamma(2.5) * 3 ** (-1 / 2)
    >>> math.isclose(float(expected_angle_constant(2)), naive)
    True
    """
    return _C(F, n)


@bound(latex=r"\mathbb{E}[\alpha_{\min}]\geq C_{d-1}M^{-2/(d-1)}", kind="lower", source=src("Lemma A16"),
       hypotheses=(H_D2, H_M2), trivial=trivial_zero, trivial_latex=r"\mathbb{E}[\alpha_{\min}]\geq 0",
       example={"d": 3, "M": 4})
def expected_min_angle_lower_bound(F, d, M):
    r"""Lower bound on the expected smallest angle between :math:`M` uniform points on :math:`S^{d-1}` (Lemma A16).

    .. math:: \mathbb E[\alpha_{\min}]\ge C_{d-1}M^{-2/(d-1)}.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge2`.
    M : int
        Number of points :math:`M\ge2`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(expected_min_angle_lower_bound(3, 4)), float(expected_angle_constant(2)) * 4 ** (-2 / 2))
    True
    """
    return _C(F, d - 1) * F.pow(M, -2 / (d - 1))


@bound(latex=r"C_n\geq 1-\frac{\ln(n+1)}{n}", kind="lower", source=src("Lemma A17"), hypotheses=(H_N1,),
       trivial=trivial_zero, trivial_latex=r"C_n\geq 0", example={"n": 2})
def expected_angle_constant_lower_bound(F, n):
    r"""Elementary lower bound on :math:`C_n` (Lemma A17).

    .. math:: C_n\ge1-\frac{\ln(n+1)}{n}.

    Parameters
    ----------
    n : int
        A positive integer.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(expected_angle_constant_lower_bound(2)), 1 - math.log(3) / 2)
    True
    """
    return 1 - F.log(n + 1) / n


# --------------------------------------------------------------------------- Theorem A7


def _a7_margin(F, beta, K, c, d, bracket):
    r"""Left minus right side of Theorem A7's condition with the bracket ``bracket``.

    :math:`\ln(2c^{(d-1)/2}\beta(d-1)K^2)` is written as a sum of logarithms (no overflow for large
    :math:`d`).
    """
    rhs = (2 / beta * F.pow(c, -(d - 1) / 4)
           + (F.log(2) + (d - 1) / 2 * F.log(c) + F.log(beta * (d - 1) * K**2)) / beta)
    return (d - 1) * K**2 / (5 * c) * bracket ** 2 - rhs


H_A7 = (H_BETA, H_K, at_least("c", 1, r"c\geq 1"), H_D3)
_A7_RHS_LATEX = r"\frac{2}{\beta c^{(d-1)/4}}+\frac{1}{\beta}\ln\left(2c^{(d-1)/2}\beta(d-1)K^2\right)"
_A7_EXAMPLE = {"beta": 1, "K": 3, "c": 2, "d": 21}


@bound(latex=r"\frac{1}{5}(d-1)K^2c^{-1}\left(1-\frac{\ln(d-1)}{d-1}\right)^2-" + _A7_RHS_LATEX,
       kind="value", source=src("Theorem A7"), hypotheses=H_A7, example=_A7_EXAMPLE)
def expected_capacity_margin_published(F, beta, K, c, d):
    r"""Margin of Theorem A7's condition as printed (:math:`\ge0`: :math:`c^{(d-1)/4}` memories are stored).

    .. math:: \frac{(d-1)K^2}{5c}\Bigl(1-\frac{\ln(d-1)}{d-1}\Bigr)^2-\frac{2}{\beta c^{(d-1)/4}}
        -\frac1\beta\ln\bigl(2c^{(d-1)/2}\beta(d-1)K^2\bigr).

    Parameters
    ----------
    beta, K : float
        Inverse temperature and radius parameter.
    c : float
        Capacity constant :math:`c\ge1`.
    d : int
        Dimension :math:`d\ge3`; the memories lie on the sphere of radius :math:`K\sqrt{d-1}`.

    Examples
    --------
    >>> import math
    >>> rhs = 2 / 2 ** (20 / 4) + math.log(2 * 2 ** 10 * 20 * 9.0)
    >>> value = float(expected_capacity_margin_published(1.0, 3.0, 2.0, 21))
    >>> math.isclose(value, 20 * 9.0 / 10 * (1 - math.log(20) / 20) ** 2 - rhs)
    True
    """
    return _a7_margin(F, beta, K, c, d, 1 - F.log(d - 1) / (d - 1))


@bound(latex=r"\frac{1}{5}(d-1)K^2c^{-1}C_{d-1}^2-" + _A7_RHS_LATEX, kind="value",
       source=src("Theorem A7", "derived"), form="derived", hypotheses=H_A7, example=_A7_EXAMPLE)
def expected_capacity_margin_derived(F, beta, K, c, d):
    r"""Theorem A7's condition with :math:`C_{d-1}` for the printed bracket (Lemmas A15, A16, master inequality).

    .. math:: \frac{(d-1)K^2}{5c}C_{d-1}^2-\frac{2}{\beta c^{(d-1)/4}}
        -\frac1\beta\ln\bigl(2c^{(d-1)/2}\beta(d-1)K^2\bigr).

    Parameters
    ----------
    beta, K, c : float
        Inverse temperature, radius parameter and capacity constant :math:`c\ge1`.
    d : int
        Dimension :math:`d\ge3`, with :math:`C_{d-1}` of :func:`expected_angle_constant`.

    Examples
    --------
    >>> import math
    >>> rhs = 2 / 2 ** 5 + math.log(2 * 2 ** 10 * 20 * 9.0)
    >>> C = float(expected_angle_constant(20))
    >>> math.isclose(float(expected_capacity_margin_derived(1.0, 3.0, 2.0, 21)), 18.0 * C**2 - rhs)
    True
    """
    return _a7_margin(F, beta, K, c, d, _C(F, d - 1))


@bound(latex=r"\frac{1}{5}(d-1)K^2c^{-1}\left(1-\frac{\ln d}{d-1}\right)^2-" + _A7_RHS_LATEX, kind="value",
       source=src("Theorem A7", "derived"), form="derived", hypotheses=H_A7, example=_A7_EXAMPLE)
def expected_capacity_margin_lemma_a17(F, beta, K, c, d):
    r"""Theorem A7's condition with Lemma A17 at :math:`n=d-1`, i.e. the bracket :math:`1-\ln d/(d-1)`.

    .. math:: \frac{(d-1)K^2}{5c}\Bigl(1-\frac{\ln d}{d-1}\Bigr)^2-\frac{2}{\beta c^{(d-1)/4}}
        -\frac1\beta\ln\bigl(2c^{(d-1)/2}\beta(d-1)K^2\bigr).

    Parameters
    ----------
    beta : float
        Inverse temperature.
    K, c, d : float
        Radius parameter, capacity constant :math:`c\ge1` and dimension :math:`d\ge3`.

    Examples
    --------
    >>> import math
    >>> rhs = 1 / 16 + math.log(2 * 1024 * 20 * 9.0)
    >>> value = float(expected_capacity_margin_lemma_a17(1.0, 3.0, 2.0, 21))
    >>> math.isclose(value, 18.0 * (1 - math.log(21) / 20) ** 2 - rhs)
    True
    """
    return _a7_margin(F, beta, K, c, d, 1 - F.log(d) / (d - 1))
