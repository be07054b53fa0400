"""The theorem-check suite: one module per paper, one check per claim ID.

Each paper module (``ramsauer2021``, ``hu2023``, ``hu2024``, …) registers its checks with
:func:`~proofs_checks._framework.check`.  :func:`checks` imports them all and returns the
mapping claim ID → check function; :func:`run_claim` runs one check and returns its result
as a JSON-ready dict; :func:`~proofs_checks._runner.run` runs many, locally or on a Dask
cluster, writing each result as it finishes.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import _framework
from ._framework import *  # noqa: F403  (the framework's public names are the suite's)
from ._framework import registered as _registered

__all__ = [*_framework.__all__, "checks", "run_claim"]

_loaded = False


def checks() -> dict:
    """Claim ID → check function, for every paper module in this package."""
    global _loaded
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            if info.name.startswith("_") or info.name.startswith("test"):
                continue
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return _registered()


def run_claim(claim_id: str, profile: str = "quick", backend: str = "numpy", seed: int = 20231,
              mutation=None):
    """Run the check of ``claim_id`` and return the :class:`CheckResult`."""
    from ._runner import run_one  # noqa: PLC0415

    return run_one(claim_id, profile=profile, backend=backend, seed=seed, mutation=mutation)
