"""Check of Alman & Song, *Fast Attention Requires Bounded Entries* (NeurIPS 2023): section F of
the related results.

:mod:`.attention`: the error accounting of the polynomial method (entrywise Taylor remainder,
rank count) and a runtime illustration.
"""

from . import attention  # noqa: F401  (importing registers the check)

__all__ = ["attention"]
