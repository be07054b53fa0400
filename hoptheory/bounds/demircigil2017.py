r"""Capacity of dense associative memories with exponential or polynomial interaction (Demircigil et al. 2017).

* Exponential interaction :math:`F(z)=e^z`: about :math:`2^{d/2}` random :math:`\pm1` patterns
  (:func:`demircigil_exponential_capacity`); with :math:`\varrho d` corrupted bits,
  :math:`M=e^{\alpha d}+1` patterns for :math:`\alpha<\frac12I(1-2\varrho)`
  (:func:`demircigil_capacity_with_errors`; the rate function :math:`I` and the threshold are the
  bounds ``demircigil_rate_function`` and ``demircigil_exponent_threshold`` of
  :mod:`hoptheory.bounds.ramsauer2021`, which cites the same theorem).
* Polynomial interaction :math:`F(z)=z^n`: :math:`M=\alpha_n d^{n-1}/\ln d` patterns are fixed
  points for :math:`\alpha_n<1/(2(2n-3)!!)` (:func:`demircigil_polynomial_capacity`,
  :func:`demircigil_polynomial_alpha`).

All are asymptotic (:math:`d\to\infty`).  :data:`BOUNDS` maps each name to its bound.

References
----------
.. [1] M. Demircigil, J. Heusel, M. Löwe, S. Upgang, F. Vermet, "On a Model of Associative Memory with
   Huge Storage Capacity", J. Stat. Phys. 168 (2017) 288–299, arXiv:1702.01929.
"""

from __future__ import annotations

from fractions import Fraction

from ._baselines import capacity
from ._declare import declared_bounds
from .krotov2016 import double_factorial_odd
from .ramsauer2021 import demircigil_exponent_threshold

__all__ = ["BOUNDS", "demircigil_capacity_with_errors", "demircigil_exponential_capacity",
           "demircigil_polynomial_alpha", "demircigil_polynomial_capacity"]

@capacity(form="published", latex=r"M\approx2^{d/2}",
          source="Demircigil et al. 2017 (demircigil2017/exponential-capacity)", example={"d": 20})
def demircigil_exponential_capacity(F, d):
    r"""Capacity of the exponential-interaction memory without corrupted bits.

    .. math::

        M(d)=2^{d/2}=e^{d\ln2/2}

    Examples
    --------
    >>> float(demircigil_exponential_capacity(20).value) == 2.0**10
    True
    """
    return F.pow(2, F.div(d, 2))


@capacity(form="published", latex=r"M=e^{\alpha d}+1,\ \alpha=\frac{1}{2}I(1-2\varrho)",
          source="Demircigil et al. 2017 (demircigil2017/capacity-with-errors)",
          example={"d": 20, "rho": Fraction(1, 10)})
def demircigil_capacity_with_errors(F, d, rho):
    r"""Number of patterns at the exponent threshold for retrieval from :math:`\varrho d` corrupted bits.

    .. math::

        M(d,\varrho)=\exp\Big(\frac{d}{2}I(1-2\varrho)\Big)+1,\qquad
        I(x)=\tfrac12\big[(1+x)\ln(1+x)+(1-x)\ln(1-x)\big];

    retrieval succeeds with high probability for :math:`M=e^{\alpha d}+1` with :math:`\alpha` below
    the threshold.  :math:`\varrho=0` gives :math:`2^{d/2}+1`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(demircigil_capacity_with_errors(20, 0).value), 2**10 + 1, rel_tol=1e-14)
    True
    """
    return F.exp(d * demircigil_exponent_threshold.formula(F, rho)) + 1


@capacity(form="published", latex=r"\alpha_n<\frac{1}{2(2n-3)!!}",
          source="Demircigil et al. 2017, polynomial case (demircigil2017/polynomial-capacity)", example={"n": 3})
def demircigil_polynomial_alpha(F, n):
    r"""Largest load constant of the polynomial case.

    .. math::

        \alpha_n^\star=\frac{1}{2\,(2n-3)!!}

    Examples
    --------
    >>> float(demircigil_polynomial_alpha(3).value) == 1 / (2 * 3)
    True
    """
    return F.div(1, 2 * double_factorial_odd.formula(F, n))


@capacity(form="published", latex=r"M=\alpha_n\frac{d^{\,n-1}}{\ln d}",
          source="Demircigil et al. 2017, polynomial case (demircigil2017/polynomial-capacity)",
          example={"d": 100, "n": 3, "alpha_n": Fraction(1, 6)})
def demircigil_polynomial_capacity(F, d, n, alpha_n):
    r"""Number of patterns of the polynomial case at load constant :math:`\alpha_n`.

    .. math::

        M(d,n,\alpha_n)=\alpha_n\,\frac{d^{\,n-1}}{\ln d}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(demircigil_polynomial_capacity(100, 3, 0.1).value), 0.1 * 100**2 / math.log(100), rel_tol=1e-14)
    True
    """
    return F.div(alpha_n * F.intpow(d, n - 1), F.log(d))


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
