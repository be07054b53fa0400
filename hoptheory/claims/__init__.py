"""The claim registry: one :class:`ClaimRecord` per claim ID of the catalogues.

Records are defined per paper, in a module of this package named after the paper key
(``ramsauer2021``, ``hu2023``, ``hu2024``, …) that exposes ``PAPER`` (a :class:`Paper`) and
``RECORDS`` (a tuple of :class:`ClaimRecord`, each written with :func:`claim`).  Modules are discovered, so adding a paper
means adding a module; the mechanism does not change.

>>> from hoptheory import claims
>>> rec = claims.get("ramsauer2021/capacity-lambert")      # doctest: +SKIP
>>> [r.id for r in claims.all() if r.suspected_status == "ill-defined"]   # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import pkgutil
from ._record import PROVENANCES, STATUSES, ClaimRecord, Derivation, Paper, claim, to_mathtext

__all__ = [
    "PROVENANCES",
    "STATUSES",
    "ClaimRecord",
    "Derivation",
    "Paper",
    "claim",
    "to_mathtext",
    "all",
    "get",
    "papers",
    "by_paper",
]

_REGISTRY: dict[str, ClaimRecord] | None = None
_PAPERS: dict[str, Paper] = {}


def _load() -> dict[str, ClaimRecord]:
    global _REGISTRY
    if _REGISTRY is not None:
        return _REGISTRY
    registry: dict[str, ClaimRecord] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        paper = getattr(mod, "PAPER", None)
        records = getattr(mod, "RECORDS", None)
        if paper is None or records is None:
            continue
        _PAPERS[paper.key] = paper
        for rec in records:
            if rec.id in registry:
                raise RuntimeError(f"duplicate claim id {rec.id!r}")
            registry[rec.id] = rec
    _REGISTRY = registry
    return registry


def get(claim_id: str) -> ClaimRecord:
    """The record of ``claim_id`` (``KeyError`` listing close IDs if unknown)."""
    reg = _load()
    try:
        return reg[claim_id]
    except KeyError:
        import difflib  # noqa: PLC0415

        close = difflib.get_close_matches(claim_id, list(reg), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown claim id {claim_id!r}{hint}") from None


def all() -> tuple[ClaimRecord, ...]:  # noqa: A001  (the registry's public name)
    """Every record, ordered by paper and then as in the catalogue."""
    return tuple(_load().values())


def papers() -> dict[str, Paper]:
    """The papers with records, by key."""
    _load()
    return dict(_PAPERS)


def by_paper(key: str) -> tuple[ClaimRecord, ...]:
    """The records of one paper, in catalogue order."""
    recs = tuple(r for r in all() if r.paper.key == key)
    if not recs:
        raise KeyError(f"no claims for paper {key!r}; known: {sorted(papers())}")
    return recs
