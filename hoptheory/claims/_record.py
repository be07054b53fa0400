r"""The claim record, the paper it belongs to, and the one constructor of records.

Records are built by :func:`claim`, called by hand or by :func:`load_paper`, which reads a
paper's data file (see there for its format):

>>> paper = Paper(key="zz2099", title="A Paper", authors="A. Author", venue="Venue", year=2099)
>>> rec = claim(paper, "energy-bounds", "Energy is bounded", "Lemma A1", r"$E(x)\le 2m^2$",
...             "confirmed", "holds", hypotheses=(r"\beta>0", "points i.i.d. uniform"))
>>> rec.id, rec.statement_latex, rec.hypotheses
('zz2099/energy-bounds', '$E(x)\\leq 2m^2$', ('$\\beta>0$', 'points i.i.d. uniform'))

Text conventions of a record (checked when it is created):

* ``name``, ``statement_latex``, ``corrected_latex`` and every hypothesis are text with
  inline math between ``$`` signs, and every ``$`` is balanced;
* a hypothesis is either prose (no LaTeX) or carries its mathematics in ``$…$``; :func:`claim`
  wraps a hypothesis written as bare LaTeX (``\beta>0``) into ``$\beta>0$``;
* :func:`claim` rewrites the macros that matplotlib's mathtext lacks (:func:`to_mathtext`), so
  that every formula of a record renders with it.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["ClaimRecord", "Derivation", "Paper", "PROVENANCES", "STATUSES", "claim", "load_paper", "to_mathtext"]

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

#: Macros that mathtext lacks → the equivalent it renders.
_MACROS = (
    (r"\lVert", r"\Vert"),
    (r"\rVert", r"\Vert"),
    (r"\lvert", "|"),
    (r"\rvert", "|"),
    (r"\tfrac", r"\frac"),
    (r"\dfrac", r"\frac"),
    (r"\iff", r"\Leftrightarrow"),
    (r"\implies", r"\Rightarrow"),
    (r"\operatorname", r"\mathrm"),
)
#: Characters that make a ``$``-free hypothesis LaTeX rather than prose.
_LATEX_CHARS = re.compile(r"[\\^_{}=<>]")
#: Characters that must not stand outside ``$…$`` in a hypothesis.
_MATH_ONLY_CHARS = re.compile(r"[\\^_{}]")


def to_mathtext(s: str) -> str:
    r"""``s`` with the LaTeX macros that matplotlib's mathtext lacks rewritten, the mathematics kept.

    ``\lVert``/``\rVert`` → ``\Vert``, ``\tfrac``/``\dfrac`` → ``\frac``, ``\le``/``\ge`` →
    ``\leq``/``\geq``, ``\frac12`` → ``\frac{1}{2}``, ``\mathcal M`` → ``\mathcal{M}``,
    ``\sqrt x`` → ``\sqrt{x}``, ``\operatorname`` → ``\mathrm``; ``\big``-type sizing is dropped.
    Idempotent.
    """
    for a, b in _MACROS:
        s = s.replace(a, b)
    s = re.sub(r"\\[Bb]igg?[lr]?(?![a-zA-Z])", "", s)
    s = re.sub(r"\\le(?![a-zA-Z])", r"\\leq", s)
    s = re.sub(r"\\ge(?![a-zA-Z])", r"\\geq", s)
    s = re.sub(r"\\frac(\d)(\d)", r"\\frac{\1}{\2}", s)
    s = re.sub(r"\\(mathcal|mathbb) ?([A-Za-z])(?![A-Za-z}])", r"\\\1{\2}", s)
    s = re.sub(r"\\sqrt ([A-Za-z0-9])", r"\\sqrt{\1}", s)
    return s


def _hypothesis(h: str) -> str:
    """A hypothesis in record form: bare LaTeX wrapped in ``$…$``, prose and ``$``-text kept."""
    h = to_mathtext(h.strip())
    if "$" not in h and _LATEX_CHARS.search(h):
        return f"${h}$"
    return h


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
class Derivation:
    """A symbolic derivation shown with a claim: one call of :mod:`hoptheory.symbolic`.

    Attributes
    ----------
    label : str
        What is derived, Markdown with ``$…$`` math (``"Energy $H_\\beta$ of the Gini model"``).
    code : str
        One Python expression calling a function of ``symbolic``, for example
        ``"symbolic.conjugate(symbolic.Gini(), 3)"``; the book runs it in a code cell.
    """

    label: str
    code: str

    def __post_init__(self):
        try:
            call = ast.parse(self.code, mode="eval").body
        except SyntaxError as exc:
            raise ValueError(f"derivation {self.label!r}: {self.code!r} is not an expression") from exc
        func = getattr(call, "func", None)
        if not (isinstance(call, ast.Call) and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name) and func.value.id == "symbolic"):
            raise ValueError(f"derivation {self.label!r}: {self.code!r} is not a call symbolic.<name>(...)")
        if self.label.count("$") % 2:
            raise ValueError(f"derivation {self.label!r}: unbalanced $")


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
        The statement as published, text with ``$…$`` math (package notation, paper's scaling).
    provenance : str
        One of :data:`PROVENANCES`.
    corrected_latex : str or None
        The provable or corrected form, when the catalogue gives one.
    hypotheses : tuple of str
        The hypotheses, each prose or text with ``$…$`` math (never bare LaTeX);
        machine-checkable predicates live on the bound functions.
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
    derivation : tuple of Derivation
        The symbolic derivations shown with the claim (empty for most claims).
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
    derivation: tuple[Derivation, ...] = ()

    def __post_init__(self):
        if "/" not in self.id or not self.id.startswith(self.paper.key + "/"):
            raise ValueError(f"claim id {self.id!r} must start with {self.paper.key + '/'!r}")
        if self.suspected_status not in STATUSES:
            raise ValueError(f"{self.id}: unknown suspected status {self.suspected_status!r}")
        if self.provenance not in PROVENANCES:
            raise ValueError(f"{self.id}: unknown provenance {self.provenance!r}")
        for what, text in (("name", self.name), ("statement_latex", self.statement_latex),
                           ("corrected_latex", self.corrected_latex or ""),
                           *(("hypotheses", h) for h in self.hypotheses)):
            if text.count("$") % 2:
                raise ValueError(f"{self.id}: unbalanced $ in {what} {text!r}")
        for h in self.hypotheses:
            if not h.strip() or _MATH_ONLY_CHARS.search(re.sub(r"\$[^$]*\$", "", h)):
                raise ValueError(f"{self.id}: hypothesis {h!r} is empty or has LaTeX outside $…$")
        for key, bound in self.bounds.items():
            if not callable(bound):
                raise ValueError(f"{self.id}: bound {key!r} is not callable")
        for d in self.derivation:
            if not isinstance(d, Derivation):
                raise ValueError(f"{self.id}: derivation {d!r} is not a Derivation")

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]


def _bound_name(b) -> str:
    return getattr(b, "name", None) or b.__name__


def claim(paper: Paper, slug: str, name: str, label: str, statement: str, provenance: str, status: str, *,
          corrected: str | None = None, hypotheses: Iterable[str] = (),
          bounds: Mapping[str, Any] | Iterable[Any] = (), check: str = "deterministic", notes: str = "",
          example: Mapping[str, float] | None = None,
          derivation: Iterable[tuple[str, str]] = ()) -> ClaimRecord:
    r"""The record of claim ``<paper.key>/<slug>``: the one way the paper modules write a record.

    ``name``, ``statement``, ``corrected`` and the ``hypotheses`` pass through :func:`to_mathtext`;
    a hypothesis written as bare LaTeX (``\beta>0``) is stored as ``$\beta>0$``, prose is kept.
    ``bounds`` is a mapping (key → bound, when the checks look bounds up by a key of their own)
    or a sequence of bounds, keyed by their public names.  ``derivation`` lists
    ``(label, code)`` pairs (see :class:`Derivation`); ``example`` is the paper's own instance.
    """
    if isinstance(bounds, Mapping):
        bmap = dict(bounds)
    else:
        bmap = {}
        for b in bounds:
            if _bound_name(b) in bmap:
                raise ValueError(f"{paper.key}/{slug}: bound {_bound_name(b)!r} listed twice")
            bmap[_bound_name(b)] = b
    return ClaimRecord(
        id=f"{paper.key}/{slug}", paper=paper, name=to_mathtext(name), label=label,
        statement_latex=to_mathtext(statement), provenance=provenance, suspected_status=status,
        corrected_latex=None if corrected is None else to_mathtext(corrected),
        hypotheses=tuple(_hypothesis(h) for h in hypotheses), bounds=bmap, check_type=check, notes=notes,
        example=dict(example or {}), derivation=tuple(Derivation(lab, code) for lab, code in derivation),
    )


# --------------------------------------------------------------------------- data files

#: Keys of a ``[[claim]]`` table of a data file: key → (type, required).
_CLAIM_KEYS = {
    "slug": (str, True), "name": (str, True), "label": (str, True), "statement": (str, True),
    "provenance": (str, True), "status": (str, True), "corrected": (str, False), "hypotheses": (list, False),
    "bounds": ((list, dict), False), "check": (str, False), "notes": (str, False), "example": (dict, False),
    "derivation": (list, False),
}
#: Keys of the ``[paper]`` table: key → (type, required).
_PAPER_KEYS = {"key": (str, True), "title": (str, True), "authors": (str, True), "venue": (str, True),
               "year": (int, True), "arxiv": (str, False), "version": (str, False)}


def _fold(text: str) -> str:
    """A text as stored: the lines of a multi-line string, stripped, joined with single spaces."""
    return " ".join(line.strip() for line in text.splitlines()) if "\n" in text else text


def _fields(table: Any, keys: Mapping[str, tuple], where: str) -> dict[str, Any]:
    """``table`` checked against ``keys`` (unknown, missing or mistyped key → ``ValueError`` naming ``where``)."""
    if not isinstance(table, dict):
        raise ValueError(f"{where}: expected a table, got {type(table).__name__}")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(keys)}")
    missing = sorted(k for k, (_t, req) in keys.items() if req and k not in table)
    if missing:
        raise ValueError(f"{where}: missing key(s) {missing}")
    for k, v in table.items():
        if not isinstance(v, keys[k][0]) or isinstance(v, bool):
            want = " or ".join(t.__name__ for t in (keys[k][0] if isinstance(keys[k][0], tuple) else (keys[k][0],)))
            raise ValueError(f"{where}: {k} = {v!r} is not of type {want}")
    return {k: _fold(v) if isinstance(v, str) else v for k, v in table.items()}


def _resolve_bound(name: str) -> Any:
    """The bound ``<module>.<attribute>`` of :mod:`hoptheory.bounds` (``"spherical_codes.rankin_simplex_size"``).

    Raises ``ValueError`` when the module or the attribute does not exist or is not callable.
    """
    module, _, attr = name.rpartition(".")
    if not module or not attr:
        raise ValueError(f"bound name {name!r} is not of the form '<module>.<name>' of hoptheory.bounds")
    try:
        mod = importlib.import_module(f"hoptheory.bounds.{module}")
    except ModuleNotFoundError as exc:
        if not f"hoptheory.bounds.{module}".startswith(exc.name or "-"):
            raise
        raise ValueError(f"unknown bound {name!r}: no module hoptheory.bounds.{module}") from None
    b = getattr(mod, attr, None)
    if not callable(b):
        raise ValueError(f"unknown bound {name!r}: hoptheory.bounds.{module} has no callable {attr!r}")
    return b


def _record(paper: Paper, table: Any, where: str) -> ClaimRecord:
    """One ``[[claim]]`` table as a record, through :func:`claim`."""
    slug = table.get("slug") if isinstance(table, dict) else None
    where = f"{where} ({slug})" if isinstance(slug, str) else where
    f = _fields(table, _CLAIM_KEYS, where)
    for i, h in enumerate(f.get("hypotheses", ())):
        if not isinstance(h, str):
            raise ValueError(f"{where}: hypothesis {i} = {h!r} is not a string")
    hypotheses = [_fold(h) for h in f.get("hypotheses", ())]
    bounds = f.get("bounds", ())
    names = bounds.values() if isinstance(bounds, dict) else bounds
    if not all(isinstance(n, str) for n in names):
        raise ValueError(f"{where}: bounds must be names of hoptheory.bounds, got {bounds!r}")
    try:
        resolved = ({k: _resolve_bound(n) for k, n in bounds.items()} if isinstance(bounds, dict)
                    else [_resolve_bound(n) for n in bounds])
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    example = f.get("example", {})
    for k, v in example.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise ValueError(f"{where}: example {k} = {v!r} is not a number")
    deriv = [_fields(d, {"label": (str, True), "code": (str, True)}, f"{where} derivation {i}")
             for i, d in enumerate(f.get("derivation", ()))]
    try:
        return claim(paper, f["slug"], f["name"], f["label"], f["statement"], f["provenance"], f["status"],
                     corrected=f.get("corrected"), hypotheses=hypotheses, bounds=resolved,
                     check=f.get("check", "deterministic"), notes=f.get("notes", ""), example=example or None,
                     derivation=[(d["label"], d["code"]) for d in deriv])
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def load_paper(text: str, where: str = "<data>") -> tuple[Paper, tuple[ClaimRecord, ...]]:
    r"""The paper and its records, in file order, from the TOML text of a paper's data file.

    The file has one ``[paper]`` table (the fields of :class:`Paper`) and one ``[[claim]]``
    table per record, whose keys are the arguments of :func:`claim`: ``slug``, ``name``,
    ``label``, ``statement``, ``provenance``, ``status`` (required) and ``corrected``,
    ``hypotheses`` (array of texts), ``bounds``, ``check``, ``notes``, ``example`` (table of
    numbers), ``derivation`` (array of tables with ``label`` and ``code``).  ``bounds`` names
    bounds of :mod:`hoptheory.bounds` as ``"<module>.<name>"``: an array (keyed by the bounds'
    public names) or a table (key → name).  A text written over several lines is folded: its
    lines, stripped, are joined with single spaces.  An unknown key, a missing or mistyped
    one, or an unknown bound raises ``ValueError`` naming ``where`` and the record.

    >>> paper, recs = load_paper('''
    ... [paper]
    ... key = "zz2099"
    ... title = "A Paper"
    ... authors = "A. Author"
    ... venue = "Venue"
    ... year = 2099
    ... [[claim]]
    ... slug = "one"
    ... name = "One"
    ... label = "Lemma 1"
    ... statement = "In $d$ dimensions, at most $d+1$ unit\\n    vectors are pairwise obtuse."
    ... provenance = "confirmed"
    ... status = "holds"
    ... bounds = ["spherical_codes.rankin_simplex_size"]
    ... ''')
    >>> recs[0].id, recs[0].statement_latex, list(recs[0].bounds)
    ('zz2099/one', 'In $d$ dimensions, at most $d+1$ unit vectors are pairwise obtuse.', ['rankin_simplex_size'])
    >>> load_paper('[paper]\nkey = "zz"\n[[claim]]\nslug = "x"', "zz.toml")
    Traceback (most recent call last):
    ValueError: zz.toml [paper]: missing key(s) ['authors', 'title', 'venue', 'year']
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"paper", "claim"})
    if unknown:
        raise ValueError(f"{where}: unknown top-level key(s) {unknown}; allowed: ['claim', 'paper']")
    paper = Paper(**_fields(data.get("paper"), _PAPER_KEYS, f"{where} [paper]"))
    tables = data.get("claim", [])
    if not isinstance(tables, list) or not tables:
        raise ValueError(f"{where}: no [[claim]] tables")
    return paper, tuple(_record(paper, t, f"{where} claim {i + 1}") for i, t in enumerate(tables))
