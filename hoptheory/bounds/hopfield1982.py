r"""Capacity of the classical Hopfield network with a small fraction of bit errors (Hopfield 1982).

A Hebbian network :math:`W=\frac1d\sum_\mu\xi_\mu\xi_\mu^\top` (zero diagonal) with random
:math:`\pm1` patterns retrieves, with few flipped bits, up to about :math:`0.14\,d` patterns
(:func:`hopfield_capacity`); the replica analysis of Amit, Gutfreund and Sompolinsky gives
:math:`\alpha_c\approx0.138` (:func:`ags_capacity`).  Both are asymptotic (:math:`d\to\infty`).
The network is :mod:`hoptheory.models` (``hebbian_weights``, ``dense_retrieve``).

:data:`BOUNDS` maps each name to its bound.

References
----------
.. [1] J. J. Hopfield, PNAS 79 (1982) 2554–2558.
.. [2] D. J. Amit, H. Gutfreund, H. Sompolinsky, Phys. Rev. Lett. 55 (1985) 1530–1533.
"""

from __future__ import annotations

from ._baselines import capacity
from ._declare import declared_bounds

__all__ = ["BOUNDS", "ags_capacity", "hopfield_capacity"]


@capacity(form="as quoted", latex=r"M\approx0.14\,d",
          source="Hopfield 1982, as usually quoted (hopfield1982/capacity-small-error)", example={"d": 100})
def hopfield_capacity(F, d):
    r"""Classical capacity with a small error fraction, as usually quoted.

    .. math::

        M_{\rm c}(d)=0.14\,d

    Examples
    --------
    >>> float(hopfield_capacity(100).value) == 0.14 * 100
    True
    """
    return F.rational(14, 100) * d


@capacity(form="cited", latex=r"M\approx0.138\,d",
          source="Amit, Gutfreund, Sompolinsky 1985, replica analysis (hopfield1982/capacity-small-error)",
          example={"d": 1000})
def ags_capacity(F, d):
    r"""Replica-theory capacity of the Hebbian network (Amit, Gutfreund and Sompolinsky).

    .. math::

        M_{\rm AGS}(d)=0.138\,d

    Examples
    --------
    >>> abs(float(ags_capacity(1000).value) - 0.138 * 1000) < 1e-12
    True
    """
    return F.rational(138, 1000) * d


#: Every bound of this module, name → :class:`~hoptheory.bounds.Bound`.
BOUNDS = declared_bounds(__name__)
