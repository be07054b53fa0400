"""The claim registry: one :class:`ClaimRecord` per claim ID of the catalogues.

Records are data, one file per paper in this package named after the paper key
(``ramsauer2021.toml``, ``hu2023.toml``, …), read by :func:`load_paper` (which documents the
format) into :class:`ClaimRecord` objects built by :func:`claim`.  A module of this package that
exposes ``PAPER`` (a :class:`Paper`) and ``RECORDS`` (a tuple of records written with
:func:`claim`) is registered too.  Files and modules are discovered, so adding a paper means adding
a file; the mechanism does not change.

>>> from hoptheory import claims
>>> rec = claims.get("ramsauer2021/capacity-lambert")      # doctest: +SKIP
>>> [r.id for r in claims.all() if r.suspected_status == "ill-defined"]   # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import importlib.resources
import pkgutil

from ._record import PROVENANCES, STATUSES, ClaimRecord, Derivation, Paper, claim, load_paper, to_mathtext

__all__ = [
    "PROVENANCES",
    "STATUSES",
    "ClaimRecord",
    "Derivation",
    "Paper",
    "claim",
    "load_paper",
    "to_mathtext",
    "all",
    "get",
    "papers",
    "by_paper",
]

_REGISTRY: dict[str, ClaimRecord] | None = None
_PAPERS: dict[str, Paper] = {}


def _sources() -> list[tuple[str, object]]:
    """``(paper key, loader)`` for every data file and every paper module, sorted by key."""
    out = []
    for res in importlib.resources.files(__name__).iterdir():
        if res.name.endswith(".toml") and not res.name.startswith("_"):
            out.append((res.name[:-5], lambda res=res: load_paper(res.read_text(encoding="utf-8"),
                                                                  f"{__name__}/{res.name}")))
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            mod = importlib.import_module(f"{__name__}.{info.name}")
            if getattr(mod, "PAPER", None) is not None and getattr(mod, "RECORDS", None) is not None:
                out.append((info.name, lambda mod=mod: (mod.PAPER, mod.RECORDS)))
    return sorted(out, key=lambda s: s[0])


def _load() -> dict[str, ClaimRecord]:
    global _REGISTRY
    if _REGISTRY is not None:
        return _REGISTRY
    registry: dict[str, ClaimRecord] = {}
    for _name, source in _sources():
        paper, records = source()
        if paper.key in _PAPERS:
            raise RuntimeError(f"paper {paper.key!r} is defined twice (a data file and a module?)")
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
