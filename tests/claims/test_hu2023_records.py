"""The hu2023 claim records: IDs, order and statuses as in the catalogue; renderable LaTeX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.mathtext import MathTextParser

from hoptheory import claims
from hoptheory.bounds import Bound
from hoptheory.claims import PROVENANCES, STATUSES, ClaimRecord
from hoptheory.claims import hu2023 as H

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec"
CATALOGUE = SPEC / "claims-hu2023-sparse.md"


def summary_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the catalogue's '## Summary' table, in order."""
    text = path.read_text(encoding="utf-8")
    section = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 5, line
        rows.append({"id": cells[0].strip("`"), "name": cells[1], "label": cells[2].replace("`", ""),
                     "provenance": cells[3], "status": cells[4].strip("`")})
    return rows


def _same_tex(a: str, b: str) -> bool:
    """Equal up to the macro normalisation mathtext needs (\\geq for \\ge, ...) and spaces."""
    def norm(s):
        for long, short in ((r"\geq", r"\ge"), (r"\leq", r"\le"), (r"\Vert", r"\lVert")):
            s = s.replace(long, short)
        return re.sub(r"\s+", "", s)
    return norm(a) == norm(b)


@pytest.fixture(scope="module")
def rows():
    if not CATALOGUE.exists():
        pytest.skip(f"catalogue not available at {CATALOGUE}")
    out = summary_rows(CATALOGUE)
    assert len(out) >= 20
    return out


def test_ids_and_order_equal_the_summary_table(rows):
    assert [r.id for r in H.RECORDS] == [row["id"] for row in rows]
    assert len(H.RECORDS) == len(rows) == len({r.id for r in H.RECORDS})


def test_statuses_provenance_names_labels_equal_the_table(rows):
    for rec, row in zip(H.RECORDS, rows):
        assert rec.suspected_status == row["status"], rec.id
        assert rec.provenance == row["provenance"], rec.id
        assert _same_tex(rec.name, row["name"]), rec.id
        assert rec.label == row["label"], rec.id


def test_records_are_well_formed():
    assert H.PAPER.key == "hu2023" and H.PAPER.arxiv == "2309.12673" and H.PAPER.year == 2023
    for rec in H.RECORDS:
        assert isinstance(rec, ClaimRecord) and rec.paper is H.PAPER
        assert rec.suspected_status in STATUSES and rec.provenance in PROVENANCES
        assert rec.statement_latex.strip() and rec.check_type.strip() and rec.notes.strip()
        for name, fn in rec.bounds.items():
            assert isinstance(name, str) and callable(fn), (rec.id, name)
    # claims that carry a formula evaluate it through at least one bound
    with_bounds = {"dense-error-bound-as-quoted", "dense-well-separation-as-quoted", "sparse-energy", "convergence",
                   "retrieval-error-vs-dense", "retrieval-error-sparsity-bound", "tighter-than-dense",
                   "noise-robustness", "well-separation", "well-separation-weaker-than-dense", "capacity",
                   "capacity-vs-dense", "exact-one-step-retrieval", "aux-angle-inequality"}
    for rec in H.RECORDS:
        if rec.slug in with_bounds:
            assert any(isinstance(b, Bound) for b in rec.bounds.values()), rec.id
    without = {"sparsemax-definition", "limitations-complexity", "experiments-retrieval", "experiments-mil",
               "faster-convergence", "one-step-sparse-attention", "sparse-hopfield-layers"}
    for rec in H.RECORDS:
        if rec.slug in without:
            assert not rec.bounds, rec.id


def test_registry_discovers_the_records():
    assert claims.by_paper("hu2023") == H.RECORDS
    assert claims.get("hu2023/capacity") is H.RECORDS[[r.slug for r in H.RECORDS].index("capacity")]
    assert claims.papers()["hu2023"] == H.PAPER


def test_capacity_record_bound_is_ill_defined_and_certificate_is_not():
    rec = claims.get("hu2023/capacity")
    a = rec.bounds["a_published"](d=20, m=1.0, p_fail=0.01, R=0.3, delta=0.0)
    assert bool(a.hypotheses_hold) and bool(a.ill_defined)
    cert = rec.bounds["certificate_patterns"](d=20, beta=10.0, m=1.0, r=0.05, p_fail=0.01)
    assert bool(cert.valid) and float(cert.value) > 2


_PARSER = MathTextParser("path")
_SEGMENT = re.compile(r"\$([^$]+)\$")


def _segments(text: str) -> list[str]:
    assert text.count("$") % 2 == 0, f"unbalanced $ in {text!r}"
    return _SEGMENT.findall(text)


def _render(tex: str, where: str):
    try:
        _PARSER.parse(f"${tex}$")
    except Exception as exc:  # noqa: BLE001  (report which string fails)
        raise AssertionError(f"{where}: mathtext cannot render ${tex}$: {exc}") from exc


@pytest.mark.parametrize("rec", H.RECORDS, ids=lambda r: r.slug)
def test_latex_renders_with_mathtext(rec):
    for field in ("statement_latex", "corrected_latex", "name"):
        text = getattr(rec, field)
        if text is None:
            continue
        for seg in _segments(text):
            _render(seg, f"{rec.id}.{field}")
    for h in rec.hypotheses:
        assert h.startswith("$") and h.endswith("$") and h.count("$") == 2, h
        _render(h[1:-1], f"{rec.id}.hypotheses")
    for b in rec.bounds.values():
        if isinstance(b, Bound):
            _render(b.latex, f"{rec.id}.bounds[{b.name}].latex")
            for h in b.hypotheses:
                _render(h.latex, f"{b.name}.hypothesis {h.name}")


def test_render_check_can_fail():
    with pytest.raises(AssertionError):
        _render(r"\lVert x\rVert", "probe")
    with pytest.raises(AssertionError):
        _segments("unbalanced $x")


def test_statements_follow_the_catalogue_formulas():
    by_slug = {r.slug: r for r in H.RECORDS}
    # a few load-bearing formulas, as printed
    assert r"\sqrt{p}-1" in by_slug["capacity"].statement_latex
    assert r"\frac{4m^2\beta}{5(d-1)}" in by_slug["capacity"].statement_latex
    assert r"d^{1/2}m\beta" in by_slug["retrieval-error-sparsity-bound"].statement_latex
    assert r"\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle" in by_slug["dense-error-bound-as-quoted"].statement_latex
    assert r"\min_{\mu,\nu\in[M]}" in by_slug["stored-retrieved-definition"].statement_latex
    assert by_slug["exact-one-step-retrieval"].provenance == "derived"
    assert by_slug["sparse-energy"].corrected_latex is not None
    assert by_slug["sparsemax-definition"].corrected_latex is None
