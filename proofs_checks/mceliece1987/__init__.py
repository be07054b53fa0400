"""Check of McEliece et al. (1987): exact-recall capacity (:mod:`.capacity`)."""

from . import capacity  # noqa: F401  (importing registers the check)

__all__ = ["capacity"]
