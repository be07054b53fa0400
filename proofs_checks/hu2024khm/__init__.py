"""Checks of the claims of Hu, Wu, Liu, *Provably Optimal Memory Capacity for Modern Hopfield
Models* (NeurIPS 2024, arXiv:2410.23126): section G of the related results.

:mod:`.codes`: optimal capacity (reported), the bounds on the optimal minimal separation and
the code-capacity correspondence; :mod:`.uhop`: the U-Hop+ stage.  :mod:`._codes` holds the
exact and high-precision views of spherical codes that the spherical-code checks share.
"""

from . import codes, uhop  # noqa: F401  (importing registers the checks)

__all__ = ["codes", "uhop"]
