"""Check of Rankin's bounds on spherical codes (section G of the related results).

:mod:`.codes`: the simplex and orthoplex bounds, their attainment and the refinement.
"""

from . import codes  # noqa: F401  (importing registers the check)

__all__ = ["codes"]
