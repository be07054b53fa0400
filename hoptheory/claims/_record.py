"""The claim record and the paper it belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["ClaimRecord", "Paper", "PROVENANCES", "STATUSES"]

#: Suspected statuses (conventions.md §6).
STATUSES = (
    "holds",
    "holds-but-vacuous",
    "false-in-general",
    "ill-defined",
    "incorrect-example",
    "unverified",
)

#: Provenance of a statement's wording.
PROVENANCES = ("confirmed", "reconstructed", "derived")


@dataclass(frozen=True)
class Paper:
    """Bibliographic identity of a paper whose claims are catalogued.

    ``key`` is the prefix of its claim IDs (``"hu2023"``) and the name of its module in
    :mod:`hoptheory.bounds` and :mod:`hoptheory.claims`.
    """

    key: str
    title: str
    authors: str
    venue: str
    year: int
    arxiv: str = ""
    version: str = ""

    def citation(self) -> str:
        v = f", {self.version}" if self.version else ""
        a = f", arXiv:{self.arxiv}" if self.arxiv else ""
        return f"{self.authors}, {self.title}, {self.venue} {self.year}{a}{v}"


@dataclass(frozen=True)
class ClaimRecord:
    """One claim of a paper, as catalogued.

    Attributes
    ----------
    id : str
        ``<paper>/<slug>``, exactly as in the catalogue's summary table.
    paper : Paper
    name : str
        Short title.
    label : str
        The paper's label (theorem/lemma number or "label unconfirmed").
    statement_latex : str
        The statement as published, in LaTeX (package notation, paper's scaling).
    provenance : str
        One of :data:`PROVENANCES`.
    corrected_latex : str or None
        The provable or corrected form, when the catalogue gives one.
    hypotheses : tuple of str
        The hypotheses in LaTeX; machine-checkable predicates live on the bound functions.
    bounds : mapping of str to callable
        The bound functions of :mod:`hoptheory.bounds` that evaluate this claim.
    suspected_status : str
        One of :data:`STATUSES`: what the report compares the verdict against.
    check_type : str
        ``deterministic``, ``statistical``, ``counterexample search``, ``symbolic`` (or a
        combination, as in the catalogue).
    notes : str
        Why the status is suspected (short).
    example : mapping of str to float
        The paper's own instance of the claim, parameter name → value (for example
        ``{"beta": 1, "K": 3, "c": 2, "p_fail": 0.001}`` for Corollary A2): worked examples
        evaluate the record's bounds there.  Empty when the paper gives no instance.
    """

    id: str
    paper: Paper
    name: str
    label: str
    statement_latex: str
    provenance: str
    suspected_status: str
    corrected_latex: str | None = None
    hypotheses: tuple[str, ...] = ()
    bounds: Mapping[str, Any] = field(default_factory=dict)
    check_type: str = "deterministic"
    notes: str = ""
    example: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if "/" not in self.id or not self.id.startswith(self.paper.key + "/"):
            raise ValueError(f"claim id {self.id!r} must start with {self.paper.key + '/'!r}")
        if self.suspected_status not in STATUSES:
            raise ValueError(f"{self.id}: unknown suspected status {self.suspected_status!r}")
        if self.provenance not in PROVENANCES:
            raise ValueError(f"{self.id}: unknown provenance {self.provenance!r}")

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]
