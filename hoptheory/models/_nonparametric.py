"""Shared machinery of the nonparametric Hopfield models (Hu et al. 2024).

The models themselves live in

* :mod:`hoptheory.models._svr`: the ε-SVR model and the dense-recovery construction;
* :mod:`hoptheory.models._structured`: the sparse-structured maps V1 and V2;
* :mod:`hoptheory.models._kernel`: linear (elu+1), positive-random-feature and multi-head models;

and are re-exported at the bottom of this module.  This module holds what they share: query
validation (a query is ``(d,)`` or a ``(d, N)`` block of columns) and the fixed-point iteration
:math:`x_{t+1}=T(x_t)` for maps that are not gradient fields (so the CCCP iteration of
:class:`hoptheory.models.HopfieldModel`, which records a descending energy, does not apply);
it returns the same :class:`hoptheory.models.Iteration` record.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable

import numpy as np

from hoptheory.backend import tolerance
from hoptheory.models._hopfield import Iteration
from hoptheory.models._quantities import _query

__all__ = ["as_query_block", "iterate_map", "unblock"]


def as_query_block(x, d: int, xp, xi_shape=None) -> tuple[Any, bool]:
    """Validate a query ``(d,)`` or block ``(d, N)``; return the ``(d, N)`` block and whether it was a vector."""
    x = _query(xp, x, d, (d, "M") if xi_shape is None else xi_shape)
    if x.ndim == 1:
        return xp.reshape(x, (d, 1)), True
    return x, False


def unblock(Y, vector: bool):
    """Undo :func:`as_query_block`: ``(d, 1)`` back to ``(d,)`` for a vector query."""
    return Y[:, 0] if vector else Y


def iterate_map(
    retrieve: Callable,
    x0,
    *,
    d: int,
    xp,
    scale: float,
    energy: Callable | None = None,
    max_steps: int = 100,
    tol: float | None = None,
    xi_shape=None,
) -> Iteration:
    r"""Energy-free fixed-point iteration :math:`x_{t+1}=T(x_t)` with the result of :class:`Iteration`.

    The same stopping rule as :meth:`hoptheory.models.HopfieldModel.iterate`: stop at the first
    :math:`t` with :math:`T(x_t)=x_t` exactly (``"fixed_point_exact"``), with
    :math:`\lVert T(x_t)-x_t\rVert\le` ``tol`` (``"converged"``), after ``max_steps`` updates
    (``"max_steps"``), or at a non-finite iterate (``"non_finite"``).  Unlike the CCCP of a
    gradient model, no descent is implied: the maps here (V1, kernelised, SVR) are in general
    not gradient fields.  ``energies`` holds :math:`E(x_t)` when the model has an energy and is
    NaN (explicitly "not defined") otherwise.

    Parameters
    ----------
    retrieve : callable
        :math:`T`, ``(d,) -> (d,)``.
    x0 : float array, shape ``(d,)``
    d : int
    xp : namespace
    scale : float
        Scale of the iterates (default tolerance ``tolerance(dtype).atol * max(scale, 1)``).
    energy : callable, optional
        :math:`E`, ``(d,) -> ()``.
    max_steps : int
        :math:`\ge0`.
    tol : float, optional
        :math:`>0`.
    xi_shape : tuple, optional
        Shape of the memories, quoted in error messages.
    """
    x = _query(xp, x0, d, (d, "M") if xi_shape is None else xi_shape)
    if x.ndim != 1:
        raise ValueError(f"iterate takes a single query of shape ({d},); got shape {tuple(x.shape)}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, numbers.Integral) or max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative integer; got {max_steps!r}")
    if tol is None:
        tol = tolerance(np.dtype(f"float{xp.finfo(x.dtype).bits}")).atol * max(float(scale), 1.0)
    else:
        if isinstance(tol, bool) or not isinstance(tol, numbers.Real):
            raise TypeError(f"tol must be a real number > 0; got {tol!r}")
        tol = float(tol)
        if not (math.isfinite(tol) and tol > 0):
            raise ValueError(f"tol must be finite and > 0; got {tol}")
    nan = xp.asarray(math.nan, dtype=x.dtype)
    traj, energies, residuals = [], [], []
    t = 0
    while True:
        y = retrieve(x)
        res = float(xp.linalg.vector_norm(y - x))
        en = energy(x) if energy is not None else nan
        traj.append(x)
        energies.append(en)
        residuals.append(res)
        finite_energy = energy is None or math.isfinite(float(en))
        if not (math.isfinite(res) and finite_energy):
            reason = "non_finite"
            break
        if bool(xp.all(y == x)):
            reason = "fixed_point_exact"
            break
        if res <= tol:
            reason = "converged"
            break
        if t >= max_steps:
            reason = "max_steps"
            break
        x = y
        t += 1
    return Iteration(
        trajectory=xp.stack(traj, axis=0),
        energies=xp.stack(energies, axis=0),
        residuals=xp.asarray(residuals, dtype=x.dtype),
        reason=reason,
        converged=reason in ("converged", "fixed_point_exact"),
        steps=t,
        tol=tol,
    )


# --------------------------------------------------------------------------- re-exports
# The model classes are importable from here too.  They are resolved lazily (PEP 562) because
# their modules import the functions above.
_REEXPORTS = {
    "_svr": (
        "Kernel",
        "SVRHopfield",
        "SVRKKTResiduals",
        "dense_recovery_coefficients",
        "exponential_kernel",
        "feature_kernel",
        "normalized_exponential_kernel",
        "svr_dual_objective",
        "svr_kernel_retrieve",
    ),
    "_structured": ("StructuredHopfield", "gathered_masked_retrieve", "offset_masked_retrieve"),
    "_kernel": ("KeyValueHopfield", "LinearHopfield", "MultiHeadHopfield", "PerformerHopfield"),
}


def __getattr__(name: str):
    import importlib  # noqa: PLC0415

    for module, names in _REEXPORTS.items():
        if name in names:
            return getattr(importlib.import_module(f"{__package__}.{module}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
