"""Checks of the claims of Hu et al., *Nonparametric Modern Hopfield Models* (arXiv:2404.03900).

One check per claim ID of the hu2024 records of :mod:`hoptheory.claims`, registered on import, in one module per
section of the catalogue:

* :mod:`.regression`: the ε-SVR view (primal, dual/KKT, retrieval map), the Taylor features of
  the exponential kernel, dense recovery and its non-optimality;
* :mod:`.structured`: the sparse-structured maps V1/V2 and mask coverage;
* :mod:`.variants`: the variants of the family (random mask, sliding window, efficient, top-K,
  linear, PRF, multi-head);
* :mod:`.retrieval`: retrieval-error bounds, noise robustness and well-separation;
* :mod:`.convergence`: fixed-point convergence without an energy and the V1 Jacobian;
* :mod:`.capacity`: the capacity bounds.
"""

from . import capacity, convergence, regression, retrieval, structured, variants  # noqa: F401  (registers the checks)

__all__ = ["capacity", "convergence", "regression", "retrieval", "structured", "variants"]
