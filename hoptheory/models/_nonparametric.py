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

from hoptheory.models._iterate import iterate_map
from hoptheory.models._queries import as_query_block, unblock

__all__ = ["as_query_block", "iterate_map", "unblock"]


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
