"""Checks of Hu, Lin, Song, Liu, *On Computational Limits of Modern Hopfield Models* (ICML 2024):
section F of the related results.

:mod:`.limits`: the mapping to Alman & Song's attention problem, the criterion ratio
(reported), and the low-rank retrieval map with its derived error bound.
"""

from . import limits  # noqa: F401  (importing registers the checks)

__all__ = ["limits"]
