"""Checks of Correia, Niculae & Martins, *Adaptively Sparse Transformers* (EMNLP 2019).

One check, in :mod:`.alpha`: the derivative of α-entmax with respect to α.
"""

from . import alpha  # noqa: F401  (registers the checks)

__all__ = ["alpha"]
