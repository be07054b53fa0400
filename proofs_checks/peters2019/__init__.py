"""Checks of α-entmax (Peters, Niculae & Martins, ACL 2019) and the `entmax` library's algorithms.

One check per claim ID of the peters2019 records of :mod:`hoptheory.claims`, registered on import, in one section
module, :mod:`.entmax`: the definition and its limits, the bisection, the exact sort-based 1.5-entmax
with top-k doubling, the library's clamp, the Jacobian.  The oracles are in :mod:`._oracles`.
"""

from . import entmax  # noqa: F401  (registers the checks)

__all__ = ["entmax"]
