"""The claim records of every paper: the catalogues' summary tables, well-formed records with
public bounds, LaTeX that mathtext renders, and the registry that discovers them.

Every catalogue ``claims-*.md`` of the spec is parsed; per paper key, the registered IDs, their
order and the suspected statuses must equal the summary table's.  Further facts of the three
main papers (identity, which claims carry which bounds) are data in ``PAPERS``.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from matplotlib.mathtext import MathTextParser

from hoptheory import claims
from hoptheory.bounds import Bound
from hoptheory.claims import PROVENANCES, STATUSES, ClaimRecord, to_mathtext

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec"

#: Per paper: identity, which claims carry bounds (slug → a key its bounds must have, or None: at
#: least one Bound object) and which carry none, and what else the paper's records promise.
PAPERS = {
    "ramsauer2021": dict(
        arxiv="2008.02217", year=2021,
        with_bounds={"capacity-lambert": "capacity_constant", "exp-small-error": "retrieval_error_bound_published_at"},
        without_bounds={"lse-convexity", "entropy-lse-conjugacy", "attention-correspondence"},
        bound_keys_are_names=True, every_public_bound_attached=False, ill_defined=None, min_segments=0,
    ),
    "hu2023": dict(
        arxiv="2309.12673", year=2023,
        with_bounds=dict.fromkeys(
            ("dense-error-bound-as-quoted", "dense-well-separation-as-quoted", "sparse-energy", "convergence",
             "retrieval-error-vs-dense", "retrieval-error-sparsity-bound", "tighter-than-dense", "noise-robustness",
             "well-separation", "well-separation-weaker-than-dense", "capacity", "capacity-vs-dense",
             "exact-one-step-retrieval", "aux-angle-inequality")),
        without_bounds={"sparsemax-definition", "limitations-complexity", "experiments-retrieval", "experiments-mil",
                        "faster-convergence", "one-step-sparse-attention", "sparse-hopfield-layers"},
        bound_keys_are_names=False, every_public_bound_attached=False, ill_defined=None, min_segments=0,
    ),
    "hu2024": dict(
        arxiv="2404.03900", year=2024,
        with_bounds=dict.fromkeys(
            ("retrieval-error-published", "retrieval-error-rigorous", "capacity-published", "capacity-sparse-corrected",
             "well-separation-k", "v1-jacobian", "noise-robustness", "sparse-vs-dense-bound")),
        without_bounds=set(),
        bound_keys_are_names=False, every_public_bound_attached=True, ill_defined=["hu2024/capacity-published"],
        min_segments=150,
    ),
}

#: How a record's name compares with the table's (default: equal up to spacing and the macros
#: mathtext needs): ``"exact"``, or ``None`` where the records spell the names in ASCII or Unicode
#: where the table has math.
NAMES = {"hu2024": "exact", "ramsauer2021": None, "santos2024": None}
#: Papers whose record labels are more specific than the table's (the entmax library routine named).
LABELS_MORE_SPECIFIC = {"peters2019"}


def _bounds_module(paper: str):
    return importlib.import_module(f"hoptheory.bounds.{paper}")


def summary_table(path: Path) -> list[dict[str, str]]:
    """The rows of a catalogue's '## Summary' table, in order; every row of the table must parse."""
    section = re.split(r"\n## |\n---", path.read_text(encoding="utf-8").split("\n## Summary", 1)[1])[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|") or re.fullmatch(r"\|[-|: ]+\|", line.strip()) or line.startswith("| ID"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 5 and re.fullmatch(r"`[a-z0-9]+/[a-z0-9-]+`", cells[0]), f"{path.name}: row {line!r}"
        rows.append({"id": cells[0].strip("`"), "name": cells[1], "label": cells[2].replace("`", ""),
                     "provenance": cells[3], "status": cells[4].strip("`")})
    assert len(rows) >= 10, f"{path.name}: no rows parsed from the summary table"
    return rows


def catalogue_rows() -> dict[str, list[dict[str, str]]]:
    """Paper key → its rows, over every catalogue of the spec (empty without the spec)."""
    out: dict[str, list[dict[str, str]]] = {}
    for path in sorted(SPEC.glob("claims-*.md")) if SPEC.is_dir() else ():
        for row in summary_table(path):
            out.setdefault(row["id"].split("/", 1)[0], []).append({**row, "catalogue": path.name})
    return out


CATALOGUE = catalogue_rows()


def _same_tex(a: str, b: str) -> bool:
    """Equal up to the macro normalisation mathtext needs (\\geq for \\ge, ...) and spaces."""
    return re.sub(r"\s+", "", to_mathtext(a)) == re.sub(r"\s+", "", to_mathtext(b))


def test_every_catalogue_is_parsed():
    if not CATALOGUE:
        pytest.skip(f"catalogues claims-*.md not available in {SPEC}")
    names = {row["catalogue"] for rows in CATALOGUE.values() for row in rows}
    assert names == {p.name for p in SPEC.glob("claims-*.md")} and "claims-generalized.md" in names
    ids = [row["id"] for rows in CATALOGUE.values() for row in rows]
    assert len(ids) == len(set(ids)), "an ID stands twice in the catalogues"
    for key, rows in CATALOGUE.items():
        assert len({row["catalogue"] for row in rows}) == 1, f"{key} is split over catalogues"


@pytest.mark.parametrize("paper", sorted(set(CATALOGUE) | set(claims.papers())))
def test_registry_equals_the_catalogues_summary_tables(paper):
    """IDs, their order, suspected statuses and provenance of the registry equal the summary table."""
    if not CATALOGUE:
        pytest.skip(f"catalogues claims-*.md not available in {SPEC}")
    rows = CATALOGUE.get(paper, [])
    recs = claims.by_paper(paper) if paper in claims.papers() else ()
    table_ids, ids = [row["id"] for row in rows], [r.id for r in recs]
    missing = [i for i in table_ids if i not in ids]
    extra = [i for i in ids if i not in table_ids]
    assert not missing and not extra, (
        f"{paper}: not registered: {missing}; registered but not in the catalogues: {extra}")
    assert ids == table_ids, f"{paper}: IDs in a different order than the summary table"
    for rec, row in zip(recs, rows):
        assert (rec.suspected_status, rec.provenance) == (row["status"], row["provenance"]), rec.id
        if paper not in LABELS_MORE_SPECIFIC:
            assert rec.label == row["label"], rec.id
        how = NAMES.get(paper, "up to spacing")
        if how == "exact":
            assert rec.name == to_mathtext(row["name"]), rec.id
        elif how == "up to spacing":
            assert _same_tex(rec.name, row["name"]), rec.id


def test_registry_check_can_fail(monkeypatch):
    """The comparison reports a registered ID missing from the table, and a changed status."""
    key = next(iter(CATALOGUE), None)
    if key is None:
        pytest.skip(f"catalogues claims-*.md not available in {SPEC}")
    rows = CATALOGUE[key]
    for changed in (rows[:-1], [{**rows[0], "status": "ill-defined" if rows[0]["status"] != "ill-defined"
                                 else "holds"}, *rows[1:]]):
        monkeypatch.setitem(CATALOGUE, key, changed)
        with pytest.raises(AssertionError):
            test_registry_equals_the_catalogues_summary_tables(key)


@pytest.mark.parametrize("paper", sorted(claims.papers()))
def test_records_are_registered_and_well_formed(paper):
    recs, registered = claims.by_paper(paper), claims.papers()[paper]
    assert registered.key == paper and recs
    if paper in PAPERS:
        assert (registered.arxiv, registered.year) == (PAPERS[paper]["arxiv"], PAPERS[paper]["year"])
    for rec in recs:
        assert isinstance(rec, ClaimRecord) and rec.paper is registered and claims.get(rec.id) is rec
        assert rec.suspected_status in STATUSES and rec.provenance in PROVENANCES
        assert rec.name.strip() and rec.statement_latex.strip() and rec.check_type.strip() and rec.notes.strip()
        assert rec.corrected_latex is None or rec.corrected_latex.strip()
        assert all(isinstance(h, str) and h.strip() for h in rec.hypotheses)
    ill = [r.id for r in recs if r.suspected_status == "ill-defined"]
    if paper in PAPERS and PAPERS[paper]["ill_defined"] is not None:
        assert ill == PAPERS[paper]["ill_defined"]


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_record_bounds_are_the_public_bounds_of_the_paper(paper):
    recs, facts, bmod = claims.by_paper(paper), PAPERS[paper], _bounds_module(paper)
    public, used = set(bmod.__all__), set()
    for rec in recs:
        for key, fn in rec.bounds.items():
            assert isinstance(key, str) and callable(fn), (rec.id, key)
            name = getattr(fn, "name", None) or fn.__name__
            assert name in public and getattr(bmod, name) is fn, (rec.id, key, name)
            if facts["bound_keys_are_names"]:
                assert key == name, (rec.id, key)
            used.add(name)
    if facts["every_public_bound_attached"]:
        assert {n for n in public if isinstance(getattr(bmod, n), Bound)} <= used
    by_slug = {r.slug: r for r in recs}
    for slug, key in facts["with_bounds"].items():
        assert any(isinstance(b, Bound) for b in by_slug[slug].bounds.values()), slug
        assert key is None or key in by_slug[slug].bounds, (slug, key)
    for slug in facts["without_bounds"]:
        assert not by_slug[slug].bounds, slug


# --------------------------------------------------------------------------- LaTeX

_PARSER = MathTextParser("path")


def _segments(text: str) -> list[str]:
    """The math of a text: its ``$$…$$`` and ``$…$`` segments; bare LaTeX (no ``$``) whole."""
    assert text.count("$") % 2 == 0, f"unbalanced $ in {text!r}"
    segs = [(m.group(1) or m.group(2)).strip()
            for m in re.finditer(r"\$\$(.+?)\$\$|\$(.+?)\$", text, flags=re.S)]
    return segs or ([text] if "\\" in text else [])


def _render(tex: str, where: str):
    try:
        _PARSER.parse(f"${tex}$")
    except ValueError as exc:  # report which string fails
        raise AssertionError(f"{where}: mathtext cannot render ${tex}$: {exc}") from exc


def _bound_latex(bounds) -> list[tuple[str, str]]:
    out = []
    for b in bounds:
        if isinstance(b, Bound):
            out += [(b.name, t) for t in (b.latex, getattr(b, "trivial_latex", "")) if t]
            out += [(f"{b.name}.hypothesis {h.name}", h.latex) for h in b.hypotheses]
    return out


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_latex_renders_with_mathtext(paper):
    """Every formula of the records (name, statement, corrected form, hypotheses) and of the
    paper's bounds renders; every record carries mathematics; each distinct one is parsed once."""
    where: dict[str, str] = {}
    for rec in claims.by_paper(paper):
        n = 0
        for field, text in (("name", rec.name), ("statement", rec.statement_latex),
                            ("corrected", rec.corrected_latex or ""), *(("hypothesis", h) for h in rec.hypotheses)):
            for seg in _segments(text):
                where.setdefault(seg, f"{rec.id}.{field}")
                n += field != "name"
        assert n >= 1, f"{rec.id}: no mathematics in statement, hypotheses or corrected form"
        for h in rec.hypotheses:  # math in $…$, prose without LaTeX
            assert "$" in h or "\\" not in h, (rec.id, h)
    module_bounds = [getattr(_bounds_module(paper), n) for n in _bounds_module(paper).__all__]
    record_bounds = [b for rec in claims.by_paper(paper) for b in rec.bounds.values()]
    for name, tex in _bound_latex(module_bounds + record_bounds):
        where.setdefault(tex, name)
    assert len(where) > PAPERS[paper]["min_segments"]
    for tex, place in where.items():
        _render(tex, place)


def test_render_check_can_fail():
    for bad in (r"\lVert x\rVert", r"\tfrac12", r"a\le b"):  # the macros mathtext lacks
        with pytest.raises(AssertionError):
            _render(bad, "probe")
    with pytest.raises(AssertionError):
        _segments("unbalanced $x")
    assert _segments(r"a $x$ and $$y$$") == ["x", "y"] and _segments(r"\alpha") == [r"\alpha"]


# --------------------------------------------------------------------------- the registry


def test_lookup_and_errors():
    recs = claims.all()
    assert len({r.id for r in recs}) == len(recs)
    assert {r.paper.key for r in recs} >= set(PAPERS)
    r = recs[0]
    assert claims.get(r.id) is r
    with pytest.raises(KeyError, match="did you mean"):
        claims.get(r.id + "x")
    with pytest.raises(KeyError, match="no claims for paper"):
        claims.by_paper("zz2099")


# --------------------------------------------------------------------------- facts of one paper


def test_hu2023_statements_follow_the_catalogue_formulas():
    by_slug = {r.slug: r for r in claims.by_paper("hu2023")}
    # a few load-bearing formulas, as printed
    assert r"\sqrt{p}-1" in by_slug["capacity"].statement_latex
    assert r"\frac{4m^2\beta}{5(d-1)}" in by_slug["capacity"].statement_latex
    assert r"d^{1/2}m\beta" in by_slug["retrieval-error-sparsity-bound"].statement_latex
    assert r"\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle" in by_slug["dense-error-bound-as-quoted"].statement_latex
    assert r"\min_{\mu,\nu\in[M]}" in by_slug["stored-retrieved-definition"].statement_latex
    assert by_slug["exact-one-step-retrieval"].provenance == "derived"
    assert by_slug["sparse-energy"].corrected_latex is not None
    assert by_slug["sparsemax-definition"].corrected_latex is None


def test_hu2023_capacity_bound_is_ill_defined_and_certificate_is_not():
    rec = claims.get("hu2023/capacity")
    a = rec.bounds["a_published"](d=20, m=1.0, p_fail=0.01, R=0.3, delta=0.0)
    assert bool(a.hypotheses_hold) and bool(a.ill_defined)
    cert = rec.bounds["certificate_patterns"](d=20, beta=10.0, m=1.0, r=0.05, p_fail=0.01)
    assert bool(cert.valid) and float(cert.value) > 2


def test_hu2024_record_bounds_evaluate():
    rec = claims.get("hu2024/capacity-sparse-corrected")
    c = rec.bounds["c"](beta=1.0, K=3.0, d=20.0, p_fail=0.001, rho=1.0)
    assert abs(float(c.value) - 3.1546) < 1e-4
    pub = claims.get("hu2024/capacity-published").bounds["capacity"]
    res = pub(beta=1.0, m=3.0, d=20.0, p_fail=0.01, R=0.5, delta=0.0)
    assert bool(res.hypotheses_hold) and bool(res.ill_defined)
    assert claims.get("hu2024/capacity-published").suspected_status == "ill-defined"
