"""Validation of the queries and pattern indices that the models and quantities take.

A query is one state ``(d,)`` or a block ``(d, N)`` of states as columns, in the namespace of
the memories; a pattern index is a Python integer ``0 <= mu < M``.
"""

from __future__ import annotations

import numbers
from typing import Any

from hoptheory.backend import as_float_array, get_namespace

__all__ = ["as_query_block", "check_index", "check_query", "unblock"]


def check_query(xp, x, d: int, xi_shape):
    """Validate a query ``(d,)`` or batch ``(d, N)`` in namespace ``xp``.

    ``xi_shape`` (the shape of the memories) is quoted in the error messages.
    """
    if hasattr(x, "shape") and hasattr(x, "dtype"):
        try:
            ns = get_namespace(x)
        except TypeError:
            ns = None
        if ns is not xp:
            raise TypeError(
                f"x must be an array of the same namespace as Xi ({getattr(xp, '__name__', xp)}); "
                f"got {type(x).__module__}.{type(x).__name__}"
            )
        x = as_float_array(x, "x", ndim=(1, 2))
    else:
        x = as_float_array(x, "x", xp=xp, ndim=(1, 2))
    if x.shape[0] != d:
        raise ValueError(
            f"x must have shape (d,) or (d, N) with d = {d} (Xi has shape {tuple(xi_shape)}); "
            f"got shape {tuple(x.shape)}"
        )
    return x


def check_index(mu, M: int, xi_shape) -> int:
    """``mu`` as a Python int, after checking that it is an integer pattern index below ``M``."""
    if isinstance(mu, numbers.Integral) and not isinstance(mu, bool):
        if 0 <= mu < M:
            return int(mu)
        raise ValueError(f"mu must satisfy 0 <= mu < M = {M} (Xi has shape {tuple(xi_shape)}); got {mu}")
    raise TypeError(f"mu must be an integer pattern index; got {mu!r}")


def as_query_block(x, d: int, xp, xi_shape=None) -> tuple[Any, bool]:
    """Validate a query ``(d,)`` or block ``(d, N)``; return the ``(d, N)`` block and whether it was a vector."""
    x = check_query(xp, x, d, (d, "M") if xi_shape is None else xi_shape)
    if x.ndim == 1:
        return xp.reshape(x, (d, 1)), True
    return x, False


def unblock(Y, vector: bool):
    """Undo :func:`as_query_block`: ``(d, 1)`` back to ``(d,)`` for a vector query."""
    return Y[:, 0] if vector else Y
