"""Checks of the claims of Hu et al., *Nonparametric Modern Hopfield Models* (arXiv:2404.03900).

One check per claim ID of :mod:`hoptheory.claims.hu2024`, registered on import:

* :mod:`.regression`: the ε-SVR view (primal, dual/KKT, retrieval map), the Taylor features of
  the exponential kernel, dense recovery and its non-optimality;
* :mod:`.structured`: the sparse-structured maps V1/V2, mask coverage and the variants of the
  family (random mask, sliding window, efficient, top-K, linear, PRF, multi-head);
* :mod:`.theory`: retrieval-error bounds, noise robustness, well-separation, fixed points,
  the V1 Jacobian and capacity.
"""

from . import regression, structured, theory  # noqa: F401

__all__ = ["regression", "structured", "theory"]
