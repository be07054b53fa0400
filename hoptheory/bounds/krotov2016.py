r"""Capacity of dense associative memories with polynomial interaction (Krotov and Hopfield 2016).

With :math:`F(z)=z^n` and random :math:`\pm1` patterns, error-free retrieval holds up to
:math:`M\simeq d^{n-1}/(2(2n-3)!!\ln d)` (:func:`krotov_capacity_error_free`) and retrieval with a
small error fraction up to :math:`M\simeq\alpha_n d^{n-1}` (:func:`krotov_capacity_small_error`);
:math:`n=2` gives back :math:`d/(2\ln d)` (McEliece et al.) and :math:`0.14\,d` (Hopfield).
:func:`double_factorial_odd` is :math:`(2n-3)!!`.  :data:`BOUNDS` maps each name to its bound.

References
----------
.. [1] D. Krotov, J. J. Hopfield, "Dense Associative Memory for Pattern Recognition", NeurIPS 2016.
"""

from __future__ import annotations

from fractions import Fraction

from ._baselines import capacity
from ._declare import declared_bounds

__all__ = ["BOUNDS", "double_factorial_odd", "krotov_capacity_error_free", "krotov_capacity_small_error"]

@capacity(form="derived", latex=r"(2n-3)!!=\frac{(2n-2)!}{2^{n-1}(n-1)!}",
          source="the odd double factorial in Krotov and Hopfield 2016 (krotov2016/capacity)", example={"n": 4})
def double_factorial_odd(F, n):
    r"""The odd double factorial :math:`(2n-3)!!=1\cdot3\cdots(2n-3)`.

    .. math::

        (2n-3)!!=\frac{(2n-2)!}{2^{n-1}\,(n-1)!}

    Examples
    --------
    >>> float(double_factorial_odd(4).value) == 1 * 3 * 5
    True
    """
    return F.div(F.factorial(2 * n - 2), F.intpow(2, n - 1) * F.factorial(n - 1))


@capacity(form="published", latex=r"M\simeq\frac{d^{\,n-1}}{2\,(2n-3)!!\,\ln d}",
          source="Krotov and Hopfield 2016, error-free capacity (krotov2016/capacity)", example={"d": 100, "n": 3})
def krotov_capacity_error_free(F, d, n):
    r"""Error-free capacity of the dense associative memory with :math:`F(z)=z^n`.

    .. math::

        M(d,n)=\frac{d^{\,n-1}}{2\,(2n-3)!!\,\ln d}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(krotov_capacity_error_free(100, 3).value), 100**2 / (2 * 3 * math.log(100)), rel_tol=1e-14)
    True
    """
    return F.div(F.intpow(d, n - 1), 2 * double_factorial_odd.formula(F, n) * F.log(d))


@capacity(form="published", latex=r"M\simeq\alpha_n\,d^{\,n-1}",
          source="Krotov and Hopfield 2016, capacity with small errors (krotov2016/capacity)",
          example={"d": 100, "n": 2, "alpha_n": Fraction(14, 100)})
def krotov_capacity_small_error(F, d, n, alpha_n):
    r"""Capacity with a small error fraction of the dense associative memory with :math:`F(z)=z^n`.

    .. math::

        M(d,n)=\alpha_n\,d^{\,n-1},

    with :math:`\alpha_n` set by the tolerated error fraction (:math:`\alpha_2\approx0.14`).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(krotov_capacity_small_error(100, 2, 0.14).value), 0.14 * 100, rel_tol=1e-15)
    True
    """
    return alpha_n * F.intpow(d, n - 1)


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
