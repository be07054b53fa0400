"""Checks of Krotov and Hopfield (2016), *Dense Associative Memory for Pattern Recognition*.

* :mod:`.dense`: the energy and the asynchronous update; the polynomial-interaction capacity.

Private module: :mod:`._common` (±1 memories, formula parts, fixed-point and retrieval
experiments), shared with the checks of hopfield1982, mceliece1987 and demircigil2017.
"""

from . import dense  # noqa: F401  (importing registers the checks)

__all__ = ["dense"]
