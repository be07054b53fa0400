"""The hu2024 claim records against the catalogue's summary table, and their LaTeX."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.mathtext as mathtext
import pytest

from hoptheory import claims
from hoptheory.bounds import Bound
from hoptheory.bounds import hu2024 as bounds_mod
from hoptheory.claims import STATUSES
from hoptheory.claims import mathtext as normalise_tex
from hoptheory.claims import hu2024 as C

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "claims-hu2024-nonparametric.md"


def _summary_rows():
    if not SPEC.exists():
        pytest.skip(f"catalogue not found next to the repository ({SPEC.name})")
    text = SPEC.read_text(encoding="utf-8")
    start = text.index("## Summary")
    block = text[start:].split("\n---", 1)[0]
    rows = []
    for line in block.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append(dict(id=cells[0].strip("`"), name=cells[1], label=cells[2], provenance=cells[3],
                         status=cells[4].strip("`")))
    assert rows, "no rows parsed from the summary table"
    return rows


def test_ids_in_catalogue_order():
    rows = _summary_rows()
    assert [r.id for r in C.RECORDS] == [row["id"] for row in rows]
    assert len(C.RECORDS) == len(rows) == 26


def test_statuses_provenance_labels_and_names_match_the_table():
    for rec, row in zip(C.RECORDS, _summary_rows()):
        assert rec.suspected_status == row["status"], rec.id
        assert rec.suspected_status in STATUSES
        assert rec.provenance == row["provenance"], rec.id
        assert rec.label == row["label"], rec.id
        assert rec.name == normalise_tex(row["name"]), rec.id


def test_registry_discovers_the_records():
    recs = claims.by_paper("hu2024")
    assert [r.id for r in recs] == [r.id for r in C.RECORDS]
    assert claims.get("hu2024/capacity-published").suspected_status == "ill-defined"
    assert claims.papers()["hu2024"] is C.PAPER
    assert all(r.paper is C.PAPER for r in C.RECORDS)


_PARSER = mathtext.MathTextParser("path")


def _segments(s):
    assert s.count("$") % 2 == 0, f"unbalanced $ in {s!r}"
    return re.findall(r"\$([^$]+)\$", s)


def _latex_strings():
    out = []
    for rec in C.RECORDS:
        out.append((rec.id, "name", rec.name))
        out.append((rec.id, "statement", rec.statement_latex))
        if rec.corrected_latex is not None:
            out.append((rec.id, "corrected", rec.corrected_latex))
        out.extend((rec.id, "hypothesis", h) for h in rec.hypotheses)
    return out


def _bound_latex():
    out = []
    for name in bounds_mod.__all__:
        obj = getattr(bounds_mod, name)
        if isinstance(obj, Bound):
            out.append((name, "latex", f"${obj.latex}$"))
            out.extend((name, "hypothesis", f"${h.latex}$") for h in obj.hypotheses)
    return out


def test_every_latex_segment_renders_with_mathtext():
    # records (statements, corrected forms, hypotheses, names) and the bounds' printed forms;
    # each distinct segment is parsed once (mathtext parsing is slow)
    where = {}
    for cid, field, s in _latex_strings() + _bound_latex():
        for seg in _segments(s):
            where.setdefault(seg, (cid, field))
    assert len(where) > 150
    failures = []
    for seg, (cid, field) in where.items():
        try:
            _PARSER.parse(f"${seg}$")
        except Exception as exc:  # noqa: BLE001
            failures.append((cid, field, seg, type(exc).__name__))
    assert not failures, failures


def test_normaliser_keeps_mathematics_and_removes_unsupported_macros():
    assert normalise_tex(r"\lVert x\rVert \le \tfrac12 \Big( a \Big) \mathcal M") == r"\Vert x\Vert \leq \frac{1}{2} ( a ) \mathcal{M}"
    assert normalise_tex(r"\left(\geq\right)") == r"\left(\geq\right)"
    with pytest.raises(ValueError):
        _PARSER.parse(r"$\lVert x\rVert$")  # the reason for the normaliser


def test_statements_are_present_and_statuses_consistent():
    for rec in C.RECORDS:
        assert rec.statement_latex.strip() and rec.notes.strip() and rec.check_type.strip(), rec.id
        if rec.provenance == "derived" and rec.suspected_status == "holds":
            assert rec.corrected_latex is None or rec.corrected_latex
    ill = [r.id for r in C.RECORDS if r.suspected_status == "ill-defined"]
    assert ill == ["hu2024/capacity-published"]


def test_bounds_of_records_are_public_bound_functions():
    public = set(bounds_mod.__all__)
    used = set()
    for rec in C.RECORDS:
        for key, fn in rec.bounds.items():
            assert callable(fn), (rec.id, key)
            name = getattr(fn, "name", None) or fn.__name__
            assert name in public, (rec.id, key, name)
            assert getattr(bounds_mod, name) is fn
            used.add(name)
    # every public bound object is attached to at least one claim
    assert {n for n in public if isinstance(getattr(bounds_mod, n), Bound)} <= used
    # claims with formulas carry bounds; pure identity / cost claims may not
    for cid in ("hu2024/retrieval-error-published", "hu2024/retrieval-error-rigorous",
                "hu2024/capacity-published", "hu2024/capacity-sparse-corrected", "hu2024/well-separation-k",
                "hu2024/v1-jacobian", "hu2024/noise-robustness", "hu2024/sparse-vs-dense-bound"):
        assert claims.get(cid).bounds, cid


def test_record_bounds_evaluate():
    rec = claims.get("hu2024/capacity-sparse-corrected")
    c = rec.bounds["c"](beta=1.0, K=3.0, d=20.0, p_fail=0.001, rho=1.0)
    assert abs(float(c.value) - 3.1546) < 1e-4
    pub = claims.get("hu2024/capacity-published").bounds["capacity"]
    res = pub(beta=1.0, m=3.0, d=20.0, p_fail=0.01, R=0.5, delta=0.0)
    assert bool(res.hypotheses_hold) and bool(res.ill_defined)
