r"""Ramsauer et al. (2021), capacity from the geometry of the memories: the master inequality
(App. Eqs. (302)–(311)), placed patterns (Theorems A3, A4), the minimal angle of random points and
:math:`\kappa_d` (Lemmas A13, A14) and the quadratic cosine bound (Lemma A15).
"""

from __future__ import annotations

import math
from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis, in_interval
from ._common import H_BETA, H_BMm, H_D1, H_D2, H_M_NORM, array_kit, positive, src, trivial_one, trivial_zero

__all__ = [
    "cosine_upper_bound",
    "kappa_constant",
    "kappa_lower_bound",
    "kappa_upper_bound",
    "master_inequality_margin_sphere",
    "master_inequality_threshold",
    "min_angle_tail_bound",
    "placed_patterns_required_count",
    "sphere_disjointness_margin",
    "spherical_code_cap_bound",
    "spherical_code_rankin_bound",
]

_MASTER_SOURCE = src("App. Eqs. (302)-(311)")
_BMm_EXAMPLE = {"beta": 2, "M": 4, "m": 3}

# --------------------------------------------------------------------------- master inequality


def _master(F, beta, M, m):
    r""":math:`\frac{2}{\beta M}+\frac1\beta\ln(2M^2\beta m^2)`."""
    return 2 / (beta * M) + F.log(2 * M**2 * beta * m**2) / beta


@bound(latex=r"\Delta_{\min}\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln(2M^2\beta m^2)", kind="value",
       source=_MASTER_SOURCE, hypotheses=H_BMm, example=_BMm_EXAMPLE)
def master_inequality_threshold(F, beta, M, m):
    r"""Right side of the master inequality: :math:`\Delta_{\min}` above it makes every memory well separated.

    Lemma A5 for every :math:`\mu` at once, since :math:`M^2>(M-1)M`.

    .. math:: \Delta_{\min}\ge\frac{2}{\beta M}+\frac1\beta\ln\bigl(2M^2\beta m^2\bigr).

    Parameters
    ----------
    beta : float
        Inverse temperature.
    M : int
        Number of memories :math:`M\ge2`.
    m : float
        Largest memory norm.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(master_inequality_threshold(2.0, 4, 3.0)), 2 / 8 + math.log(2 * 16 * 2.0 * 9.0) / 2.0)
    True
    """
    return _master(F, beta, M, m)


H_COS = in_interval("cos_alpha_min", -1, 1, r"-1\leq\cos\alpha_{\min}\leq 1", closed_low=True, closed_high=True)
_SYM_COS = {"cos_alpha_min": {"real": True}}


@bound(latex=r"m^2(1-\cos\alpha_{\min})-\frac{2}{\beta M}-\frac{1}{\beta}\ln(2M^2\beta m^2)", kind="value",
       source=_MASTER_SOURCE, hypotheses=H_BMm + (H_COS,), symbols=_SYM_COS,
       example=dict(_BMm_EXAMPLE, cos_alpha_min=Fraction(1, 2)))
def master_inequality_margin_sphere(F, beta, M, m, cos_alpha_min):
    r"""Margin of the master inequality on the sphere of radius :math:`m` (:math:`\ge0`: every memory is stored).

    On the sphere :math:`\Delta_{\min}=m^2(1-\cos\alpha_{\min})`, :math:`\alpha_{\min}` the smallest angle
    between two memories.

    .. math:: m^2(1-\cos\alpha_{\min})-\frac{2}{\beta M}-\frac1\beta\ln\bigl(2M^2\beta m^2\bigr).

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and the radius :math:`m` of the sphere.
    cos_alpha_min : float
        :math:`\cos\alpha_{\min}\in[-1,1]`.

    Examples
    --------
    >>> import math
    >>> value = float(master_inequality_margin_sphere(2.0, 4, 3.0, 0.5))
    >>> math.isclose(value, 9.0 * (1 - 0.5) - 2 / 8 - math.log(2 * 16 * 2.0 * 9.0) / 2.0)
    True
    """
    return m**2 * (1 - cos_alpha_min) - _master(F, beta, M, m)


@bound(latex=r"2(M-1)M\beta m^2-1>0", kind="value", source=_MASTER_SOURCE, hypotheses=H_BMm,
       example=_BMm_EXAMPLE)
def sphere_disjointness_margin(F, beta, M, m):
    r"""Margin :math:`2(M-1)M\beta m^2-1`; positive (with the master inequality) makes the :math:`S_\mu` disjoint.

    .. math:: 2(M-1)M\beta m^2-1>0.

    Parameters
    ----------
    beta, M : float
        Inverse temperature and number of memories.
    m : float
        Largest memory norm.

    Examples
    --------
    >>> float(sphere_disjointness_margin(2.0, 4, 3.0)) == 2 * 3 * 4 * 2.0 * 9.0 - 1
    True
    """
    return 2 * (M - 1) * M * beta * m**2 - 1


# --------------------------------------------------------------------------- Theorems A3, A4: placed patterns


@bound(latex=r"N_{\mathrm{req}}=\left(\frac{2\pi}{\alpha_{\min}}\right)^{d-1}", kind="value",
       source=src("Theorems A3, A4 (proof premise)"),
       hypotheses=(H_D2, in_interval("alpha_min", 0, math.pi, r"0<\alpha_{\min}\leq\pi", closed_high=True,
                                     name="0 < alpha_min <= pi")),
       example={"d": 3, "alpha_min": 1})
def placed_patterns_required_count(F, d, alpha_min):
    r"""Number of points with pairwise angle :math:`\ge\alpha_{\min}` that the proofs of Theorems A3, A4 place.

    .. math:: N_{\mathrm{req}}=\Bigl(\frac{2\pi}{\alpha_{\min}}\Bigr)^{d-1}.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge2`.
    alpha_min : float
        Smallest angle :math:`\alpha_{\min}\in(0,\pi]`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(placed_patterns_required_count(3, 1.0)), (2 * math.pi / 1.0) ** 2)
    True
    """
    return F.pow(2 * F.pi / alpha_min, d - 1)


@bound(latex=(r"N\leq\frac{1}{\sigma_d(\alpha_{\min}/2)},\quad\sigma_d(\theta)=\frac{1}{2}I_{\sin^2\theta}"
              r"\left(\frac{d-1}{2},\frac{1}{2}\right)"),
       source=src("Theorems A3, A4", "derived refutation"), form="derived",
       hypotheses=(H_D2, in_interval("cos_alpha_min", -1, 1, r"-1\leq\cos\alpha_{\min}<1", closed_low=True)),
       symbols=_SYM_COS, example={"d": 3, "cos_alpha_min": 0})
def spherical_code_cap_bound(F, d, cos_alpha_min):
    r"""Cap-packing bound on the size of a code on :math:`S^{d-1}` with smallest angle :math:`\alpha_{\min}`.

    The caps of angular radius :math:`\alpha_{\min}/2` about the points are disjoint; each covers the
    fraction :math:`\sigma_d(\alpha_{\min}/2)` of the sphere, and
    :math:`\sin^2(\alpha_{\min}/2)=(1-\cos\alpha_{\min})/2`.

    .. math:: N\le\frac{1}{\sigma_d(\alpha_{\min}/2)}=\frac{2}{I_{(1-\cos\alpha_{\min})/2}
        \bigl(\frac{d-1}{2},\frac12\bigr)}.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge2` (the points lie on :math:`S^{d-1}`).
    cos_alpha_min : float
        Cosine of the smallest angle, :math:`\cos\alpha_{\min}\in[-1,1)`.

    Examples
    --------
    >>> from scipy.special import betainc
    >>> import math
    >>> math.isclose(float(spherical_code_cap_bound(3, 0.0)), 2 / betainc(1.0, 0.5, 0.5))
    True
    """
    return F.div(2, F.betainc((d - 1) / 2, F.rational(1, 2), (1 - cos_alpha_min) / 2))


@bound(latex=r"N\leq 2d\quad(\alpha_{\min}\geq\pi/2)", source=src("Theorem A3", "derived refutation"),
       form="derived",
       hypotheses=(H_D2, in_interval("cos_alpha_min", -1, 0, r"\cos\alpha_{\min}\leq 0", closed_low=True,
                                     closed_high=True, name="cos_alpha_min <= 0")),
       symbols=_SYM_COS, example={"d": 3, "cos_alpha_min": Fraction(-1, 2)})
def spherical_code_rankin_bound(F, d, cos_alpha_min):
    r"""Rankin's bound: at most :math:`2d` points of :math:`S^{d-1}` have pairwise angles :math:`\ge\pi/2`.

    .. math:: N\le2d\qquad(\cos\alpha_{\min}\le0).

    Parameters
    ----------
    d : int
        Dimension.
    cos_alpha_min : float
        :math:`\cos\alpha_{\min}\in[-1,0]`; it enters the hypotheses only.

    Examples
    --------
    >>> float(spherical_code_rankin_bound(3, -0.5)) == 2 * 3
    True
    """
    return 2 * d + 0 * cos_alpha_min


# --------------------------------------------------------------------------- Lemmas A13, A14: kappa_d


def _kappa(F, d):
    r""":math:`\kappa_d=\Gamma(\frac{d+1}{2})/(d\sqrt\pi\,\Gamma(\frac d2))`."""
    return F.gamma_ratio((d + 1) / 2, d / 2) / (d * F.sqrt(F.pi))


@bound(latex=r"\kappa_d=\frac{\Gamma((d+1)/2)}{d\sqrt{\pi}\,\Gamma(d/2)}", kind="value", source=src("Lemma A13"),
       hypotheses=(H_D1,), example={"d": 3})
def kappa_constant(F, d):
    r"""The constant :math:`\kappa_d` of Lemma A13.

    .. math:: \kappa_d=\frac{\Gamma(\frac{d+1}{2})}{d\sqrt\pi\,\Gamma(\frac d2)}.

    Parameters
    ----------
    d : int
        The index :math:`d\ge1`, the dimension of the sphere :math:`S^d`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(kappa_constant(3)), math.gamma(2) / (3 * math.sqrt(math.pi) * math.gamma(1.5)))
    True
    """
    return _kappa(F, d)


H_TAIL_MASS = hypothesis("kappa_{d-1} delta^{d-1} / 2 <= 1", r"\frac{\kappa_{d-1}}{2}\delta^{d-1}\leq 1",
                         lambda xp, d, delta, **_: _kappa(array_kit(xp, d), xp.where(d >= 2, d - 1, xp.ones_like(d)))
                         / 2 * delta ** (d - 1) <= 1)


@bound(latex=r"\Pr\left(M^{2/(d-1)}\alpha_{\min}\geq\delta\right)\geq 1-\frac{\kappa_{d-1}}{2}\delta^{d-1}",
       kind="lower", source=src("Lemma A13"), hypotheses=(H_D2, positive("delta", r"\delta"), H_TAIL_MASS),
       trivial=trivial_zero, trivial_latex=r"\Pr(\cdot)\geq 0", example={"d": 3, "delta": Fraction(1, 2)})
def min_angle_tail_bound(F, d, delta):
    r"""Lower bound on the probability that :math:`M` uniform points on :math:`S^{d-1}` have a large smallest angle.

    .. math:: \Pr\bigl(M^{2/(d-1)}\alpha_{\min}\ge\delta\bigr)\ge1-\frac{\kappa_{d-1}}{2}\delta^{d-1}.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge2` of the space of the points.
    delta : float
        Threshold :math:`\delta>0` with :math:`\kappa_{d-1}\delta^{d-1}/2\le1`.

    Examples
    --------
    >>> import math
    >>> kappa_2 = math.gamma(1.5) / (2 * math.sqrt(math.pi) * math.gamma(1.0))
    >>> math.isclose(float(min_angle_tail_bound(3, 0.5)), 1 - kappa_2 / 2 * 0.5**2)
    True
    """
    return 1 - _kappa(F, d - 1) / 2 * F.pow(delta, d - 1)


@bound(latex=r"\kappa_d\geq\frac{1}{e^{1/6}\sqrt{e\pi d}}", kind="lower", source=src("Lemma A14"),
       hypotheses=(H_D1,), example={"d": 3})
def kappa_lower_bound(F, d):
    r"""Lower bound on :math:`\kappa_d` (Lemma A14).

    .. math:: \kappa_d\ge\frac{1}{e^{1/6}\sqrt{e\pi d}}.

    Parameters
    ----------
    d : int
        The index :math:`d\ge1` of :math:`\kappa_d`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(kappa_lower_bound(3)), 1 / (math.exp(1 / 6) * math.sqrt(math.e * math.pi * 3)))
    True
    """
    return F.div(1, F.exp(F.rational(1, 6)) * F.sqrt(F.e * F.pi * d))


@bound(latex=r"\kappa_d\leq\frac{e^{1/12}}{\sqrt{2\pi d}}<1", source=src("Lemma A14"), hypotheses=(H_D1,),
       example={"d": 3})
def kappa_upper_bound(F, d):
    r"""Upper bound on :math:`\kappa_d` (Lemma A14; it is below 1).

    .. math:: \kappa_d\le\frac{e^{1/12}}{\sqrt{2\pi d}}.

    Parameters
    ----------
    d : int
        Index :math:`d` of :math:`\kappa_d`, a positive integer.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(kappa_upper_bound(3)), math.exp(1 / 12) / math.sqrt(2 * math.pi * 3))
    True
    """
    return F.exp(F.rational(1, 12)) / F.sqrt(2 * F.pi * d)


# --------------------------------------------------------------------------- Lemma A15


@bound(latex=r"\cos x\leq 1-\frac{x^2}{5},\quad x\in[0,\pi]", source=src("Lemma A15"),
       hypotheses=(in_interval("x", 0, math.pi, r"0\leq x\leq\pi", closed_low=True, closed_high=True,
                               name="x in [0, pi]"),),
       trivial=trivial_one, trivial_latex=r"\cos x\leq 1", symbols={"x": {"nonnegative": True}},
       example={"x": 1})
def cosine_upper_bound(F, x):
    r"""Quadratic bound on the cosine on :math:`[0,\pi]` (Lemma A15).

    .. math:: \cos x\le1-\frac{x^2}{5},\qquad x\in[0,\pi].

    Parameters
    ----------
    x : float
        An angle in :math:`[0,\pi]`.

    Examples
    --------
    >>> float(cosine_upper_bound(1.0)) == 1 - 1.0**2 / 5
    True
    """
    return 1 - x**2 / 5
