r"""Bounds on spherical codes and the capacity they certify (the spherical-code view of capacity).

A spherical code is a set of :math:`M` unit vectors of :math:`\mathbb R^d` with pairwise angles at
least :math:`\theta`; :math:`A(d,\theta)` is the largest such :math:`M`, and

.. math::

    \Delta^\star_{\min}(M,d)=\max_{u_1,\dots,u_M\in S^{d-1}}\ \min_{i\ne j}\big(1-\langle u_i,u_j\rangle\big)

is the best minimal separation of :math:`M` points (``hoptheory.sampling`` builds the known
optimal codes and measures codes).  Every formula is a :class:`~hoptheory.bounds.Bound`, written
once over an evaluation kit.

Notes
-----
**Symbols.** ``cos_theta``: :math:`\cos\theta` of the minimal angle :math:`\theta` (the angle enters
through its cosine: :math:`\sin\theta=\sqrt{1-\cos^2\theta}` for :math:`0<\theta<\pi/2`); ``d``:
dimension; ``M``: code size; ``lambda_margin``: the margin :math:`\lambda_\Omega` of the map
(conventions §3); ``beta``, ``m``, ``r``: inverse temperature, pattern norm and ball radius.

**Bounds**

* Rankin (claim ``rankin1955/simplex-orthoplex-bounds``): ``rankin_simplex_size(d)`` :math:`d+1`,
  ``rankin_orthoplex_size(d)`` :math:`2d`, and the refinement ``rankin_code_size_bound(cos_theta)``
  :math:`1-1/\cos\theta` for :math:`\cos\theta<0`, whose floor is :func:`rankin_code_size`.
* Asymptotic exponents (claims ``wyner1965/csw-lower-bound``, ``kabatiansky1978/kl-upper-bound``):
  ``csw_lower_bound(d, cos_theta)`` :math:`\sqrt{2\pi d}\cos\theta/\sin^{d-1}\theta`,
  ``csw_exponent(cos_theta)`` :math:`-\log_2\sin\theta` and ``kl_exponent(cos_theta)``
  :math:`\rho(\theta)`.
* Separation (claim ``hu2024khm/separation-bounds``): ``khm_separation_lower_bound(M, d)`` and
  ``khm_separation_upper_bound(M, d)``.
* Capacity (claim ``hu2024khm/code-capacity-correspondence``): ``code_capacity_angle_cos(lambda_margin,
  beta, m, r)``, the :math:`\cos\theta^\star` at which a code certifies one-step exact retrieval.

:data:`BOUNDS` maps each name to its bound.

References
----------
.. [1] R. A. Rankin, "The closest packing of spherical caps in n dimensions", Proc. Glasgow Math.
   Assoc. 2 (1955) 139–144.
.. [2] A. D. Wyner, "Capabilities of bounded discrepancy decoding", Bell Syst. Tech. J. 44 (1965)
   1061–1122; C. E. Shannon, Bell Syst. Tech. J. 38 (1959) 611–656.
.. [3] G. A. Kabatiansky, V. I. Levenshtein, "Bounds for packings on a sphere and in space",
   Probl. Inf. Transm. 14 (1978) 1–17.
.. [4] J. Y.-C. Hu, D. Wu, H. Liu, "Provably Optimal Memory Capacity for Modern Hopfield Models",
   NeurIPS 2024, arXiv:2410.23126.
.. [5] J. H. Conway, N. J. A. Sloane, *Sphere Packings, Lattices and Groups*, 3rd ed., 1999.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

from ._declare import bound, declared_bounds, glossary
from ._hypotheses import at_least, greater_than, hypothesis, in_interval, integer_at_least

__all__ = [
    "BOUNDS",
    "code_capacity_angle_cos",
    "csw_exponent",
    "csw_lower_bound",
    "khm_separation_lower_bound",
    "khm_separation_upper_bound",
    "kl_exponent",
    "rankin_code_size",
    "rankin_code_size_bound",
    "rankin_orthoplex_size",
    "rankin_simplex_size",
]

_INTEGER = {"positive": True, "integer": True}
H_D = integer_at_least("d", 1, r"d\in\mathbb{Z},\ d\geq1")
H_D2 = integer_at_least("d", 2, r"d\in\mathbb{Z},\ d\geq2")
H_M2 = integer_at_least("M", 2, r"M\in\mathbb{Z},\ M\geq2")
H_OBTUSE = in_interval("cos_theta", -1, 0, r"-1\leq\cos\theta<0", closed_low=True)
H_ACUTE = in_interval("cos_theta", 0, 1, r"0<\cos\theta<1\ (0<\theta<\pi/2)")


#: What the parameters of the Rankin and rate bounds mean (the KHM separation bounds and the
#: Rankin refinement state theirs in their own docstrings).
_PARAMETERS = glossary(r"""
    d : int
        Dimension :math:`d\ge1`.
    cos_theta : float
        :math:`\cos\theta\in(0,1)`.
""")


def _trivial_zero(F, **_):
    """A lower bound on a separation or a rate at most 0 says nothing."""
    return 0


def _trivial_two(F, **_):
    r"""Unit-vector separation :math:`1-\cos\le2`; a code-size lower bound below 2 says nothing."""
    return 2


def _sin(F, cos_theta):
    r""":math:`\sin\theta=\sqrt{1-\cos^2\theta}` for :math:`0\le\theta\le\pi`."""
    return F.sqrt(1 - cos_theta * cos_theta)


# --------------------------------------------------------------------------- Rankin


@bound(parameters=_PARAMETERS, kind="upper", form="cited", hypotheses=(H_D,), symbols={"d": _INTEGER},
       latex=r"A(d,\theta)\leq d+1\quad(\theta>\pi/2)",
       source="Rankin 1955, Theorem 1 (rankin1955/simplex-orthoplex-bounds)", example={"d": 3})
def rankin_simplex_size(F, d):
    r"""Rankin's bound for obtuse codes: at most :math:`d+1` unit vectors have pairwise angles :math:`>\pi/2`.

    .. math::

        A(d,\theta)\le d+1\qquad\text{for }\theta>\pi/2,

    attained by the regular simplex (:func:`hoptheory.sampling.simplex_code`).

    Examples
    --------
    >>> float(rankin_simplex_size(3).value) == 3 + 1
    True
    """
    return d + 1


@bound(parameters=_PARAMETERS, kind="upper", form="cited", hypotheses=(H_D,), symbols={"d": _INTEGER},
       latex=r"A(d,\pi/2)\leq 2d", source="Rankin 1955, Theorem 2 (rankin1955/simplex-orthoplex-bounds)",
       example={"d": 3})
def rankin_orthoplex_size(F, d):
    r"""Rankin's bound for right-angle codes: at most :math:`2d` unit vectors have pairwise angles :math:`\ge\pi/2`.

    .. math::

        A(d,\pi/2)\le 2d,

    attained by the cross-polytope :math:`\{\pm e_i\}` (:func:`hoptheory.sampling.orthoplex_code`).

    Examples
    --------
    >>> float(rankin_orthoplex_size(3).value) == 2 * 3
    True
    """
    return 2 * d


@bound(kind="upper", form="derived", hypotheses=(H_OBTUSE,), symbols={"cos_theta": {"negative": True}},
       latex=r"A(d,\theta)\leq 1-\frac{1}{\cos\theta}\quad(\cos\theta<0)",
       source="hoptheory derivation refining Rankin 1955 (rankin1955/simplex-orthoplex-bounds)",
       example={"cos_theta": Fraction(-1, 3)})
def rankin_code_size_bound(F, cos_theta):
    r"""Size of a code with obtuse minimal angle: the refinement of Rankin's simplex bound.

    .. math::

        A(d,\theta)\le 1-\frac1{\cos\theta}\qquad(\cos\theta<0),

    from :math:`0\le\lVert\sum_iu_i\rVert^2=M+\sum_{i\ne j}\langle u_i,u_j\rangle\le M+M(M-1)\cos\theta`.
    The code size is an integer, so :math:`A(d,\theta)\le\lfloor1-1/\cos\theta\rfloor`
    (:func:`rankin_code_size`); at :math:`\cos\theta=-1/d` this is the simplex's :math:`d+1`.

    Parameters
    ----------
    cos_theta : float
        :math:`\cos\theta\in[-1,0)`, the cosine of the minimal angle.

    Examples
    --------
    >>> c = -0.3
    >>> math.isclose(float(rankin_code_size_bound(c).value), 1 - 1 / c, rel_tol=1e-15)
    True
    """
    return 1 - F.div(1, cos_theta)


def rankin_code_size(cos_theta) -> int:
    r"""The integer Rankin refinement :math:`\lfloor1-1/\cos\theta\rfloor` for :math:`-1\le\cos\theta<0`.

    .. math::

        A(d,\theta)\le\Big\lfloor1-\frac1{\cos\theta}\Big\rfloor,

    the floor of :data:`rankin_code_size_bound`, computed in exact rational arithmetic from the
    number given (a float is its exact binary value, so ``-1/3`` in float64, slightly above
    :math:`-1/3`, gives 4; ``Fraction(-1, 3)`` gives exactly 4).

    Parameters
    ----------
    cos_theta : int, float or Fraction
        :math:`\cos\theta\in[-1,0)`.

    Returns
    -------
    int

    Examples
    --------
    >>> rankin_code_size(Fraction(-1, 5)), math.floor(1 - 1 / Fraction(-1, 5))
    (6, 6)
    >>> rankin_code_size(-0.45)
    3
    """
    if isinstance(cos_theta, bool) or not isinstance(cos_theta, (numbers.Rational, float)):
        raise TypeError(f"cos_theta must be an int, float or Fraction; got {cos_theta!r}")
    if isinstance(cos_theta, float) and not math.isfinite(cos_theta):
        raise ValueError(f"cos_theta must be finite; got {cos_theta}")
    c = Fraction(cos_theta)
    if not -1 <= c < 0:
        raise ValueError(f"the Rankin refinement needs -1 <= cos_theta < 0; got {cos_theta!r}")
    return math.floor(1 - 1 / c)


# --------------------------------------------------------------------------- asymptotic exponents


@bound(parameters=_PARAMETERS, kind="lower", form="cited", hypotheses=(H_D, H_ACUTE), trivial=_trivial_two,
       trivial_latex="2", symbols={"d": _INTEGER},
       latex=r"A(d,\theta)\geq(1+o(1))\sqrt{2\pi d}\,\frac{\cos\theta}{\sin^{d-1}\theta}",
       source="Chabauty 1953, Shannon 1959, Wyner 1965 (wyner1965/csw-lower-bound); asymptotic in d",
       example={"d": 16, "cos_theta": Fraction(1, 2)})
def csw_lower_bound(F, d, cos_theta):
    r"""The Chabauty–Shannon–Wyner lower bound on the code size (its leading term as :math:`d\to\infty`).

    .. math::

        A(d,\theta)\ge(1+o(1))\,\sqrt{2\pi d}\,\frac{\cos\theta}{\sin^{d-1}\theta},\qquad
        0<\theta<\pi/2,\quad \sin\theta=\sqrt{1-\cos^2\theta}.

    Asymptotic: no finite-:math:`d` inequality is asserted.

    Examples
    --------
    >>> d, c = 16, 0.5
    >>> naive = math.sqrt(2 * math.pi * d) * c / math.sin(math.acos(c)) ** (d - 1)
    >>> math.isclose(float(csw_lower_bound(d, c).value), naive, rel_tol=1e-13)
    True
    """
    return F.sqrt(2 * F.pi * d) * F.div(cos_theta, F.pow(_sin(F, cos_theta), d - 1))


@bound(parameters=_PARAMETERS, kind="lower", form="cited", hypotheses=(H_ACUTE,), trivial=_trivial_zero,
       trivial_latex="0",
       latex=r"\liminf_{d\to\infty}\frac{1}{d}\log_2A(d,\theta)\geq-\log_2\sin\theta",
       source="Chabauty 1953, Shannon 1959, Wyner 1965 (wyner1965/csw-lower-bound)",
       example={"cos_theta": Fraction(1, 2)})
def csw_exponent(F, cos_theta):
    r"""The Chabauty–Shannon–Wyner rate: the exponent per dimension of :data:`csw_lower_bound`.

    .. math::

        \liminf_{d\to\infty}\frac1d\log_2A(d,\theta)\ge-\log_2\sin\theta
        =-\frac{\log(1-\cos^2\theta)}{2\log2},\qquad0<\theta<\pi/2.

    Examples
    --------
    >>> c = 0.5
    >>> math.isclose(float(csw_exponent(c).value), -math.log2(math.sin(math.acos(c))), rel_tol=1e-14)
    True
    """
    return -F.div(F.log(1 - cos_theta * cos_theta), 2 * F.log(2))


@bound(parameters=_PARAMETERS, kind="upper", form="cited", hypotheses=(H_ACUTE,),
       latex=r"\limsup_{d\to\infty}\frac{1}{d}\log_2A(d,\theta)\leq\rho(\theta)="
             r"\frac{1+\sin\theta}{2\sin\theta}\log_2\frac{1+\sin\theta}{2\sin\theta}"
             r"-\frac{1-\sin\theta}{2\sin\theta}\log_2\frac{1-\sin\theta}{2\sin\theta}",
       source="Kabatiansky & Levenshtein 1978 (kabatiansky1978/kl-upper-bound)",
       example={"cos_theta": Fraction(1, 2)})
def kl_exponent(F, cos_theta):
    r"""The Kabatiansky–Levenshtein rate :math:`\rho(\theta)`: :math:`A(d,\theta)\le2^{d(\rho(\theta)+o(1))}`.

    .. math::

        \rho(\theta)=\frac{1+s}{2s}\log_2\frac{1+s}{2s}-\frac{1-s}{2s}\log_2\frac{1-s}{2s},
        \qquad s=\sin\theta=\sqrt{1-\cos^2\theta},\quad0<\theta<\pi/2.

    It is evaluated as :math:`\rho=\big[(1+b)\ln(1+b)-b\ln b\big]/\ln2` with
    :math:`b=\frac{1-s}{2s}=\frac{\cos^2\theta}{2s(1+s)}` and :math:`\ln b=2\ln\cos\theta-\ln(2s(1+s))`,
    so that it keeps its relative accuracy as :math:`\cos\theta\to0`, where :math:`s` rounds to 1
    and :math:`\rho\to0` (:math:`\rho\approx b(1-\ln b)/\ln2`).

    Examples
    --------
    >>> c = 0.5
    >>> s = math.sin(math.acos(c))
    >>> a, b = (1 + s) / (2 * s), (1 - s) / (2 * s)
    >>> math.isclose(float(kl_exponent(c).value), a * math.log2(a) - b * math.log2(b), rel_tol=1e-13)
    True
    >>> c = 1e-10  # s rounds to 1; the leading term b(1 - ln b)/ln 2 with b = c^2/4
    >>> b = c * c / 4
    >>> math.isclose(float(kl_exponent(c).value), b * (1 - math.log(b)) / math.log(2), rel_tol=1e-12)
    True
    """
    s = _sin(F, cos_theta)
    q = 2 * s * (1 + s)
    b = F.div(cos_theta * cos_theta, q)  # (1-s)/(2s), without the cancellation in 1-s
    # a = 1+b; ln b = 2 ln cos(theta) - ln q stays finite where b underflows to 0
    return F.div((1 + b) * F.log1p(b) - b * (2 * F.log(cos_theta) - F.log(q)), F.log(2))


# --------------------------------------------------------------------------- separation (KHM)


# what the two separation bounds of Hu, Wu, Liu share
_KHM = dict(form="published", hypotheses=(H_M2, H_D2), symbols={"M": _INTEGER, "d": _INTEGER},
            example={"M": 12, "d": 3},
            source="Hu, Wu, Liu 2024 (arXiv:2410.23126), Proposition 3.1 as reconstructed from the released "
                   "code (hu2024khm/separation-bounds)")


@bound(kind="lower", trivial=_trivial_zero, trivial_latex="0", **_KHM,
       latex=r"\Delta^\star_{\min}(M,d)\geq\frac{1}{2}\left[\frac{\sqrt{\pi}}{M}\,"
             r"\frac{\Gamma(\frac{d+1}{2})}{\Gamma(\frac{d}{2}+1)}\right]^{\frac{2}{d-1}}")
def khm_separation_lower_bound(F, M, d):
    r"""Lower bound on the best minimal separation of :math:`M` points on :math:`S^{d-1}`.

    .. math::

        \Delta^\star_{\min}(M,d)\ge\frac12\Big[\frac{\sqrt\pi}{M}\,
        \frac{\Gamma(\frac{d+1}2)}{\Gamma(\frac d2+1)}\Big]^{\frac2{d-1}},\qquad
        \Delta^\star_{\min}(M,d)=\max_{u_i\in S^{d-1}}\min_{i\ne j}(1-\langle u_i,u_j\rangle).

    Parameters
    ----------
    M : int
        Code size :math:`M\ge2`.
    d : int
        Dimension :math:`d\ge2`.

    Examples
    --------
    >>> M, d = 12, 3
    >>> naive = 0.5 * (math.sqrt(math.pi) / M * math.gamma((d + 1) / 2) / math.gamma(d / 2 + 1)) ** (2 / (d - 1))
    >>> math.isclose(float(khm_separation_lower_bound(M, d).value), naive, rel_tol=1e-13)
    True
    """
    base = F.div(F.sqrt(F.pi), M) * F.gamma_ratio((d + 1) / 2, d / 2 + 1)
    return F.pow(base, F.div(2, d - 1)) / 2


@bound(kind="upper", trivial=_trivial_two, trivial_latex="2", **_KHM,
       latex=r"\Delta^\star_{\min}(M,d)\leq2\left[\frac{2\sqrt{\pi}}{M}\,"
             r"\frac{\Gamma(\frac{d+1}{2})}{\Gamma(\frac{d}{2})}\right]^{\frac{1}{d-1}}")
def khm_separation_upper_bound(F, M, d):
    r"""Upper bound on the best minimal separation of :math:`M` points on :math:`S^{d-1}`.

    .. math::

        \Delta^\star_{\min}(M,d)\le2\Big[\frac{2\sqrt\pi}{M}\,
        \frac{\Gamma(\frac{d+1}2)}{\Gamma(\frac d2)}\Big]^{\frac1{d-1}}.

    It is below the trivial value :math:`2` exactly when
    :math:`M>2\sqrt\pi\,\Gamma(\frac{d+1}2)/\Gamma(\frac d2)` (:math:`M>4` for :math:`d=3`).

    Parameters
    ----------
    M, d : int
        Code size :math:`M\ge2` and dimension :math:`d\ge2`.

    Examples
    --------
    >>> M, d = 12, 3
    >>> naive = 2 * (2 * math.sqrt(math.pi) / M * math.gamma((d + 1) / 2) / math.gamma(d / 2)) ** (1 / (d - 1))
    >>> math.isclose(float(khm_separation_upper_bound(M, d).value), naive, rel_tol=1e-13)
    True
    """
    base = F.div(2 * F.sqrt(F.pi), M) * F.gamma_ratio((d + 1) / 2, d / 2)
    return 2 * F.pow(base, F.div(1, d - 1))


# --------------------------------------------------------------------------- capacity


H_DEFINED_ANGLE = hypothesis(
    "lambda_margin/beta + 2 m r <= 2 m^2", r"\lambda_\Omega/\beta+2mr\leq2m^2",
    lambda xp, **k: k["lambda_margin"] / k["beta"] + 2 * k["m"] * k["r"] <= 2 * k["m"] * k["m"],
)


@bound(kind="value", form="derived",
       hypotheses=(at_least("lambda_margin", 0, r"\lambda_\Omega\geq0"), greater_than("beta", 0, r"\beta>0"),
                   greater_than("m", 0, r"m>0"), at_least("r", 0, r"r\geq0"), H_DEFINED_ANGLE),
       symbols={"r": {"nonnegative": True, "real": True}},
       latex=r"\cos\theta^\star=1-\frac{\lambda_\Omega/\beta+2mr}{m^2}",
       source="hoptheory derivation (hu2024khm/code-capacity-correspondence)",
       example={"lambda_margin": 1, "beta": 2, "m": 1, "r": Fraction(1, 10)})
def code_capacity_angle_cos(F, lambda_margin, beta, m, r):
    r"""The cosine of the smallest code angle that certifies one-step exact retrieval.

    .. math::

        \cos\theta^\star=1-\frac{\lambda_\Omega/\beta+2mr}{m^2}.

    Patterns on the sphere of radius :math:`m` whose directions form a code of minimal angle
    :math:`\theta` have :math:`\Delta_{\min}=m^2(1-\cos\theta)`, and a map with margin
    :math:`\lambda_\Omega` retrieves every pattern exactly in one step from :math:`S_\mu(r)` when
    :math:`\beta(m^2(1-\cos\theta)-2mr)\ge\lambda_\Omega`, i.e. when :math:`\cos\theta\le\cos\theta^\star`.
    The largest certified number of patterns is therefore :math:`A(d,\theta^\star)`.

    Parameters
    ----------
    lambda_margin : float
        The margin :math:`\lambda_\Omega\ge0` of the map (1 for sparsemax, :math:`1/(\alpha-1)` for
        :math:`\alpha`-entmax).
    beta : float
        Inverse temperature :math:`\beta>0`.
    m : float
        Pattern norm :math:`m>0`.
    r : float
        Query radius :math:`r\ge0`.

    Examples
    --------
    >>> lam, beta, m, r = 1.0, 2.0, 1.5, 0.1
    >>> math.isclose(float(code_capacity_angle_cos(lam, beta, m, r).value), 1 - (lam / beta + 2 * m * r) / m**2)
    True
    """
    return 1 - F.div(F.div(lambda_margin, beta) + 2 * m * r, m * m)


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
