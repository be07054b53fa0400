"""Checks of the claims of Santos et al., *Sparse and Structured Hopfield Networks* (ICML 2024).

One check per claim ID of the santos2024 records of :mod:`hoptheory.claims`, registered on import:

* :mod:`.retrieval`: exact retrieval under a margin;
* :mod:`.energy`: the Fenchel–Young energy and its CCCP update;
* :mod:`.normmax`: γ-normmax, its bracket and margin;
* :mod:`.structured`: the k-subsets (budget) map and exact retrieval of k-pattern associations;
* :mod:`.capacity`: the derived exact-retrieval capacity certificate.
"""

from . import capacity, energy, normmax, retrieval, structured  # noqa: F401  (registers the checks)

__all__ = ["capacity", "energy", "normmax", "retrieval", "structured"]
