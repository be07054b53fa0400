"""Checks of Demircigil, Heusel, Löwe, Upgang and Vermet (2017), *On a Model of Associative Memory with Huge
Storage Capacity* (:mod:`.capacity`: exponential and polynomial interaction).

The rate function and the exponent threshold are the bounds of :mod:`hoptheory.bounds.ramsauer2021`
(its claim ``ramsauer2021/demircigil-binary`` cites the same theorem); the experiments are those of
:mod:`proofs_checks.krotov2016._common`.
"""

from . import capacity  # noqa: F401  (importing registers the checks)

__all__ = ["capacity"]
