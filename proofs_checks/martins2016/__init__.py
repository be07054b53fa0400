"""Checks of the claims of Martins & Astudillo, *From Softmax to Sparsemax* (ICML 2016).

One check per claim ID of the martins2016 records of :mod:`hoptheory.claims` (catalogue section B, sparsemax),
registered on import by :mod:`.sparsemax`: the closed form and sort algorithm, the basic
properties, the Jacobian, the sparsemax loss and the conjugate, and the support size in
:math:`\\beta`.  The exact rational and mpmath oracles are those of
:mod:`proofs_checks.blondel2020._oracles`.
"""

from . import sparsemax  # noqa: F401

__all__ = ["sparsemax"]
