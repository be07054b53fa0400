"""Checks of the claims of Blondel, Martins & Niculae, *Learning with Fenchel–Young Losses* (JMLR 2020).

One check per claim ID of the blondel2020 records of :mod:`hoptheory.claims` (catalogue section A, the
Fenchel–Young machinery), registered on import:

* :mod:`.maps`: the map is the gradient of the conjugate; the Fenchel–Young loss;
* :mod:`.separable`: the threshold form of a separable regulariser's map and its bisection
  bracket, the margin, the sparsity criterion.

:mod:`._oracles` holds the independent oracles (exact rational sparsemax and projection
algorithms, mpmath entmax, softmax and normmax, SLSQP over the simplex) that the martins2016
checks share.
"""

from . import maps, separable  # noqa: F401

__all__ = ["maps", "separable"]
