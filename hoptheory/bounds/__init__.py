"""Bound calculators, one module per paper, in published and corrected forms.

Each bound is a :class:`Bound`: the formula written once and evaluated vectorised on any
array-API backend (``bound(**params)`` returns a :class:`BoundResult` with the value, the
hypotheses that failed, where the formula is ill-defined and whether it is vacuous), as a
SymPy twin (``bound.sympy()``), at high precision (``bound.mp(...)``) and certified with
interval arithmetic (``bound.certified(...)``).

Paper modules: :mod:`~hoptheory.bounds.ramsauer2021`, :mod:`~hoptheory.bounds.hu2023`,
:mod:`~hoptheory.bounds.hu2024`, ``wu2024`` (the α-entmax model); spherical codes and the capacity they certify:
``spherical_codes``.
Computational limits: ``alman2023``, ``hu2024limits``.
"""

from ._core import Bound, BoundHypothesisError, BoundResult, Hypothesis
from ._data import QUANTITIES, Data, evaluate, quantity
from ._declare import bound, declared_bounds
from ._kits import ArrayKit, IntervalKit, MpmathKit, SympyKit
from . import hu2023, hu2024, ramsauer2021  # noqa: E402  (paper modules, built on the kits)
from . import spherical_codes  # noqa: E402
from . import alman2023, hu2024limits  # noqa: E402  (computational limits)
from . import blondel2020, martins2016  # noqa: E402
from . import demircigil2017, hopfield1982, krotov2016, mceliece1987  # noqa: E402
from . import wu2024  # noqa: E402  (the alpha-entmax model, after hu2023)

__all__ = [
    "blondel2020",
    "martins2016",
    "hu2023",
    "hu2024",
    "ramsauer2021",
    "spherical_codes",
    "alman2023",
    "hu2024limits",
    "demircigil2017",
    "hopfield1982",
    "krotov2016",
    "mceliece1987",
    "wu2024",
    "ArrayKit",
    "Bound",
    "BoundHypothesisError",
    "BoundResult",
    "Hypothesis",
    "IntervalKit",
    "MpmathKit",
    "SympyKit",
    "QUANTITIES",
    "Data",
    "bound",
    "declared_bounds",
    "evaluate",
    "quantity",
]
