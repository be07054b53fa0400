"""The Ramsauer et al. (2021) claim records against the catalogue's summary table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.mathtext import MathTextParser

from hoptheory import claims
from hoptheory.bounds import Bound
from hoptheory.claims import PROVENANCES, STATUSES
from hoptheory.claims import ramsauer2021 as C

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "claims-ramsauer2021-dense.md"


def _summary_rows():
    if not SPEC.exists():
        pytest.skip(f"catalogue {SPEC.name} not available")
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`ramsauer2021/"):
            rows.append(dict(id=cells[0].strip("`"), name=cells[1], label=cells[2], provenance=cells[3],
                             status=cells[4].strip("`")))
    assert rows, "no rows parsed from the summary table"
    return rows


def test_ids_and_order_equal_the_summary_table():
    rows = _summary_rows()
    assert [r.id for r in C.RECORDS] == [row["id"] for row in rows]
    assert len(C.RECORDS) == len(rows) == 33


def test_statuses_provenance_and_labels_equal_the_table():
    for rec, row in zip(C.RECORDS, _summary_rows()):
        assert rec.suspected_status == row["status"], rec.id
        assert rec.provenance == row["provenance"], rec.id
        assert rec.label == row["label"], rec.id


def test_records_are_registered_and_well_formed():
    assert claims.papers()["ramsauer2021"] == C.PAPER
    assert tuple(claims.by_paper("ramsauer2021")) == C.RECORDS
    assert C.PAPER.arxiv == "2008.02217" and C.PAPER.year == 2021
    for rec in C.RECORDS:
        assert rec.paper is C.PAPER and rec.suspected_status in STATUSES and rec.provenance in PROVENANCES
        assert rec.statement_latex and rec.name and rec.check_type and rec.notes
        assert all(isinstance(h, str) and h for h in rec.hypotheses)
        for key, fn in rec.bounds.items():
            assert callable(fn)
            assert (fn.name if isinstance(fn, Bound) else fn.__name__) == key
    by_id = {r.id: r for r in C.RECORDS}
    assert "capacity_constant" in by_id["ramsauer2021/capacity-lambert"].bounds
    assert "retrieval_error_bound_published_at" in by_id["ramsauer2021/exp-small-error"].bounds
    # claims with no formula carry no bound
    for slug in ("lse-convexity", "entropy-lse-conjugacy", "attention-correspondence"):
        assert not by_id[f"ramsauer2021/{slug}"].bounds


_PARSER = MathTextParser("path")


def _segments(text):
    assert text.count("$") % 2 == 0, f"unbalanced $ in {text!r}"
    return re.findall(r"\$(.+?)\$", text)


@pytest.mark.parametrize("rec", C.RECORDS, ids=lambda r: r.slug)
def test_latex_renders_with_mathtext(rec):
    texts = [rec.statement_latex, *(rec.hypotheses), rec.corrected_latex or ""]
    n = 0
    for t in texts:
        for seg in _segments(t):
            _PARSER.parse(f"${seg}$")
            n += 1
    assert n >= 1  # every statement carries mathematics
    for key, b in rec.bounds.items():
        if isinstance(b, Bound):
            for t in (b.latex, getattr(b, "trivial_latex", ""), *b.hypotheses_latex()):
                if t:
                    _PARSER.parse(f"${t}$")


def test_mathtext_parser_rejects_unsupported_macros():
    # the check above can fail: these are the macros the records avoid
    for bad in (r"\lVert x\rVert", r"\tfrac12", r"a\le b"):
        with pytest.raises(ValueError):
            _PARSER.parse(f"${bad}$")
