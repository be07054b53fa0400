"""Checks of the claims of Ramsauer et al. (2021), "Hopfield Networks is All You Need".

One module per section of the claim catalogue; importing a module registers its checks:

* :mod:`.energy`: log-sum-exp, its conjugate, the energy, its bounds and the update rule;
* :mod:`.dynamics`: CCCP descent, stationary points, the Jacobian bounds, the separations;
* :mod:`.fixed_points`: the global fixed point, concentration, the spheres S_mu, metastable states;
* :mod:`.capacity`: the master inequality, placed patterns, random geometry (Lemmas A13-A15),
  Theorem A5 and Corollary A1; :mod:`.capacity_dimension`: Theorem A6, Corollary A2 and its
  example; :mod:`.capacity_expected`: Lemmas A16, A17, Theorem A7 and its example;
* :mod:`.retrieval`: Theorems 4 and 5 (A8, A9) and the Gaussian separation moments;
* :mod:`.attention`: the correspondence with transformer attention;
* :mod:`.cited`: the result cited from Demircigil et al. (2017).

Private modules: :mod:`._instances` (instance builders and tolerances), :mod:`._oracles`
(independent oracles), :mod:`._common` (host conversions, identity parts, quadrature).
"""

from . import (  # noqa: F401  (importing registers the checks)
    attention,
    capacity,
    capacity_dimension,
    capacity_expected,
    cited,
    dynamics,
    energy,
    fixed_points,
    retrieval,
)

__all__ = ["attention", "capacity", "capacity_dimension", "capacity_expected", "cited", "dynamics", "energy",
           "fixed_points", "retrieval"]
