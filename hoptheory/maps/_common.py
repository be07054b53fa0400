"""Shared plumbing of the probability maps: validation, axis handling, row chunking.

Every public map validates its input with :func:`prepare_scores`, moves the mapped axis to
the end, works on arrays of shape ``(..., M)`` and moves the axis back.  The NumPy fast paths
(:func:`numpy_rows`) work on a contiguous ``(n, M)`` copy in row chunks that fit in the
CPU cache; every other namespace (CuPy, array-api-strict, ...) takes the generic array-API
route.
"""

from __future__ import annotations

import numbers
from typing import Any

import array_api_compat

from ..backend import as_float_array, get_namespace

__all__ = [
    "check_finite",
    "chunk_rows",
    "from_last",
    "is_numpy",
    "normalize_axis",
    "prepare_scores",
    "take_last",
    "to_last",
]

# rows per chunk in the NumPy fast paths: about 64 Ki entries (512 KiB in float64), so a
# chunk stays in the L2 cache while it is reduced, selected and written
_CHUNK_ENTRIES = 1 << 16


def is_numpy(xp) -> bool:
    """Whether ``xp`` is NumPy (the plain module or the array-api-compat wrapper)."""
    return bool(array_api_compat.is_numpy_namespace(xp))


def normalize_axis(axis: Any, ndim: int) -> int:
    """Return ``axis`` as a non-negative int, with a clear error when it is out of range."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer; got {axis!r}")
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for an array with {ndim} dimension(s)")
    return axis % ndim


def check_finite(xp, x, name: str) -> None:
    """Raise ``ValueError`` if ``x`` has a NaN or an infinite entry.

    Uses two reductions (NaN propagates through ``max`` in the array API standard) instead
    of an elementwise ``isfinite`` pass, which would allocate a boolean array of ``x``'s size.
    """
    top = xp.max(x)
    bottom = xp.min(x)
    if not (bool(xp.isfinite(top)) and bool(xp.isfinite(bottom))):
        raise ValueError(f"{name} contains NaN or infinite entries (shape {tuple(x.shape)})")


def prepare_scores(z: Any, name: str = "z", axis: Any = -1):
    """Validate a score array and its axis.

    Returns ``(xp, z, axis)`` with ``z`` a finite real floating array of at least one
    dimension, no empty axis, and ``axis`` normalised to ``0 <= axis < z.ndim``.
    """
    z = as_float_array(z, name, finite=False)
    xp = get_namespace(z)
    if z.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (the mapped axis); got shape ()")
    axis = normalize_axis(axis, z.ndim)
    check_finite(xp, z, name)
    return xp, z, axis


def to_last(xp, x, axis: int):
    """Move ``axis`` of ``x`` to the end (a view where the namespace allows it)."""
    if axis == x.ndim - 1:
        return x
    return xp.moveaxis(x, axis, -1)


def from_last(xp, x, axis: int):
    """Inverse of :func:`to_last` for an array of the same number of dimensions."""
    if axis == x.ndim - 1:
        return x
    return xp.moveaxis(x, -1, axis)


def chunk_rows(n_cols: int) -> int:
    """Number of rows of an ``(n, n_cols)`` block processed at once by the NumPy fast paths."""
    return max(1, _CHUNK_ENTRIES // max(1, n_cols))


def take_last(xp, x, index):
    """``x[..., index[...]]`` for an integer array ``index`` of the batch shape of ``x``.

    Uses ``take_along_axis`` (array API 2024.12); the result has the batch shape.
    """
    picked = xp.take_along_axis(x, xp.expand_dims(index, axis=-1), axis=-1)
    return xp.squeeze(picked, axis=-1)
