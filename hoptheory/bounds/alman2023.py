r"""The rank count of the polynomial method behind fast attention (Alman & Song 2023).

The algorithmic side of "fast attention requires bounded entries" replaces the entries
:math:`e^{t}`, :math:`t=\langle q,k\rangle/d`, of :math:`A=\exp(QK^\top/d)` by the degree-:math:`g`
Taylor polynomial :math:`P_g(t)=\sum_{j\le g}t^j/j!`.  The matrix :math:`P_g(QK^\top/d)` factors
through the monomials of degree at most :math:`g` in :math:`d` variables, so its rank is at
most their number, :data:`polynomial_feature_rank`.  The entrywise error of the approximation,
:math:`|e^t-P_g(t)|\le\frac{|t|^{g+1}}{(g+1)!}e^{|t|}\le\frac{B^{2(g+1)}}{(g+1)!}e^{B^2}` for entries of
:math:`Q,K` bounded by :math:`B`, is the Taylor remainder of the exponential kernel,
:data:`hoptheory.bounds.hu2024.exp_kernel_taylor_remainder` with :math:`\beta=1/d` and
:math:`s=dB^2` (one mathematical object, declared once).

Notes
-----
**Symbols.** ``d``: dimension of the rows of :math:`Q` and :math:`K`; ``g``: degree of the
polynomial.  :data:`BOUNDS` maps each name to its bound.

References
----------
.. [1] J. Alman, Z. Song, "Fast Attention Requires Bounded Entries", NeurIPS 2023,
   arXiv:2302.13214 (claim ``alman2023/bounded-entries-threshold``).
"""

from __future__ import annotations

import math  # noqa: F401  (the doctests use math)

from ._declare import bound, declared_bounds
from ._hypotheses import integer_at_least

__all__ = ["BOUNDS", "polynomial_feature_rank"]

_INTEGER = {"integer": True, "nonnegative": True}


@bound(kind="upper", form="derived",
       hypotheses=(integer_at_least("d", 1, r"d\in\mathbb{Z},\ d\geq1"), integer_at_least("g", 0, r"g\in\mathbb{Z},\ g\geq0")),
       symbols={"d": {"integer": True, "positive": True}, "g": _INTEGER},
       latex=r"\mathrm{rank}\,P_g(QK^\top/d)\leq\binom{d+g}{g}",
       source="hoptheory derivation of the polynomial method of Alman & Song 2023 "
              "(alman2023/bounded-entries-threshold)",
       example={"d": 3, "g": 2})
def polynomial_feature_rank(F, d, g):
    r"""Number of monomials of degree at most :math:`g` in :math:`d` variables: the rank bound of :math:`P_g(QK^\top/d)`.

    .. math::

        \operatorname{rank}P_g\big(QK^\top/d\big)\le\binom{d+g}{g}
        =\#\{\alpha\in\mathbb N^d:|\alpha|\le g\},\qquad
        P_g(t)=\sum_{j=0}^g\frac{t^j}{j!},

    since :math:`P_g(\langle q,k\rangle/d)=\sum_{|\alpha|\le g}\frac{q^\alpha k^\alpha}{\alpha!\,d^{|\alpha|}}`
    (multinomial theorem) factors :math:`P_g(QK^\top/d)=\phi(Q)\phi(K)^\top` through the
    monomials :math:`\phi(u)_\alpha=u^\alpha/\sqrt{\alpha!\,d^{|\alpha|}}`.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge1` of the rows of :math:`Q` and :math:`K`.
    g : int
        Degree :math:`g\ge0` of the Taylor polynomial.

    Examples
    --------
    >>> float(polynomial_feature_rank(3, 2).value) == math.comb(3 + 2, 2)
    True
    """
    return F.div(F.factorial(d + g), F.factorial(d) * F.factorial(g))


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
