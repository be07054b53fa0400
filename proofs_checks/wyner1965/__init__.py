"""Check of the Chabauty–Shannon–Wyner bound on spherical codes (section G of the related results).

:mod:`.rates`: its rate against the Kabatiansky–Levenshtein rate, its finite form against its
rate, and known codes beside it (reported).
"""

from . import rates  # noqa: F401  (importing registers the check)

__all__ = ["rates"]
