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


def _exact_recall(name: str, c: int, which: str):
    r"""Declare the load :math:`d/(c\ln d)` up to which ``which`` memories are exactly recoverable.

    The two statements of the abstract differ only in the constant :math:`c` (2 for most
    memories, 4 for every memory).
    """

    def formula(F, d):
        return F.div(d, c * F.log(d))

    formula.__name__ = formula.__qualname__ = name
    formula.__doc__ = rf"""Load up to which {which} exactly recoverable.

    .. math::

        M(d)=\frac{{d}}{{{c}\ln d}}

    Examples
    --------
    >>> import math
    >>> math.isclose(float({name}(100).value), 100 / ({c} * math.log(100)), rel_tol=1e-15)
    True
    """
    return capacity(form="published", latex=rf"M\leq\frac{{d}}{{{c}\ln d}}",
                    source="McEliece et al. 1987, abstract (mceliece1987/capacity-exact-recall)",
                    example={"d": 100})(formula)


mceliece_capacity_most = _exact_recall("mceliece_capacity_most", 2, "most memories are")
mceliece_capacity_all = _exact_recall("mceliece_capacity_all", 4, "every memory is")


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
