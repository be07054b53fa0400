r"""Exact-recall capacity of the outer-product Hopfield network (McEliece et al. 1987).

For :math:`d` neurons and :math:`M` random :math:`\pm1` memories stored by the outer-product rule,
asymptotically most memories are exact fixed points if :math:`M\le d/(2\ln d)`
(:func:`mceliece_capacity_most`) and every memory is if :math:`M\le d/(4\ln d)`
(:func:`mceliece_capacity_all`).  :data:`BOUNDS` maps each name to its bound.

References
----------
.. [1] R. J. McEliece, E. C. Posner, E. R. Rodemich, S. S. Venkatesh, "The capacity of the Hopfield
   associative memory", IEEE Trans. Inf. Theory 33(4) (1987) 461–482.
"""

from __future__ import annotations

from ._baselines import capacity
from ._declare import declared_bounds

__all__ = ["BOUNDS", "mceliece_capacity_all", "mceliece_capacity_most"]


@capacity(form="published", latex=r"M\le\frac{d}{2\ln d}",
          source="McEliece et al. 1987, abstract (mceliece1987/capacity-exact-recall)", example={"d": 100})
def mceliece_capacity_most(F, d):
    r"""Load up to which most memories are exactly recoverable.

    .. math::

        M(d)=\frac{d}{2\ln d}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(mceliece_capacity_most(100).value), 100 / (2 * math.log(100)), rel_tol=1e-15)
    True
    """
    return F.div(d, 2 * F.log(d))


@capacity(form="published", latex=r"M\le\frac{d}{4\ln d}",
          source="McEliece et al. 1987, abstract (mceliece1987/capacity-exact-recall)", example={"d": 100})
def mceliece_capacity_all(F, d):
    r"""Load up to which every memory is exactly recoverable.

    .. math::

        M(d)=\frac{d}{4\ln d}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(mceliece_capacity_all(100).value), 100 / (4 * math.log(100)), rel_tol=1e-15)
    True
    """
    return F.div(d, 4 * F.log(d))


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
