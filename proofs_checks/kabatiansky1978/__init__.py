"""Check of the Kabatiansky–Levenshtein bound on spherical codes (section G of the related results).

:mod:`.rates`: the order of the two cited rates on a grid of angles, and the rates of codes
found by the optimiser (reported).
"""

from . import rates  # noqa: F401  (importing registers the check)

__all__ = ["rates"]
