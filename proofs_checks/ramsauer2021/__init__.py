"""Checks of the claims of Ramsauer et al. (2021), "Hopfield Networks is All You Need".

``_dynamics``: energy, update rule, convergence, Jacobian, fixed points, attention.
``_capacity``: random-pattern geometry, capacity theorems and their examples, retrieval errors.
"""

from . import _capacity, _dynamics  # noqa: F401  (importing registers the checks)
