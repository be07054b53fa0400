"""Check of Hopfield (1982): the classical capacity with small errors (:mod:`.capacity`)."""

from . import capacity  # noqa: F401  (importing registers the check)

__all__ = ["capacity"]
