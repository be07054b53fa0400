"""Checks of the exact simplex-projection algorithms (Duchi et al., ICML 2008, and related work).

One check, in :mod:`.projection`: every exact algorithm returns the same projection; costs reported.
"""

from . import projection  # noqa: F401  (registers the checks)

__all__ = ["projection"]
