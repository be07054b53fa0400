"""Checks of the claims of Santos et al., *Hopfield–Fenchel–Young Networks* (arXiv:2411.08590).

One check per claim ID of the santos2025 records of :mod:`hoptheory.claims`, registered on import:
:mod:`.post_transforms` (the energy as a difference of Fenchel–Young losses with a post-transform,
and layer normalisation as a post-transform).
"""

from . import post_transforms  # noqa: F401  (registers the checks)

__all__ = ["post_transforms"]
