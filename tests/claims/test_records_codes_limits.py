"""The records of the spherical-code view of capacity and of the computational limits
(``claims-generalized.md``, sections F and G): the summary table, LaTeX that mathtext renders,
and bounds that are public bounds of :mod:`hoptheory.bounds`.
"""

from __future__ import annotations

import importlib
import re

import pytest
from test_records import SPEC, _bound_latex, _render, _same_tex, _segments

from hoptheory import bounds, claims
from hoptheory.bounds import Bound

KEYS = ("hu2024khm", "wu2024uhop", "wyner1965", "kabatiansky1978", "rankin1955", "alman2023", "hu2024limits")
#: The bounds modules a record of these papers may draw on (spherical codes serve several papers;
#: the Taylor remainder of the exponential kernel is declared once, in hu2024).
MODULES = ("spherical_codes", "alman2023", "hu2024", "hu2024limits")


def _table() -> dict[str, list[str]]:
    path = SPEC / "claims-generalized.md"
    if not path.exists():
        pytest.skip("catalogue claims-generalized.md not available")
    summary = path.read_text(encoding="utf-8").split("## Summary", 1)[1].split("\n---", 1)[0]
    rows = {}
    for m in re.finditer(r"^\| `([^`]+)` \|(.+)\|\s*$", summary, flags=re.M):
        rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return rows


@pytest.mark.parametrize("key", KEYS)
def test_records_follow_the_summary_table(key):
    table = _table()
    recs = claims.by_paper(key)
    ids = [cid for cid in table if cid.startswith(key + "/")]
    assert [r.id for r in recs] == ids
    for rec in recs:
        name, label, provenance, status = table[rec.id]
        assert _same_tex(rec.name, name), rec.id
        assert (rec.label, rec.provenance, rec.suspected_status) == (label, provenance, status.strip("`")), rec.id
        assert rec.notes.strip() and rec.statement_latex.strip(), rec.id


@pytest.mark.parametrize("key", KEYS)
def test_latex_renders(key):
    for rec in claims.by_paper(key):
        texts = [rec.name, rec.statement_latex, rec.corrected_latex or "", *rec.hypotheses]
        for text in texts:
            for seg in _segments(text):
                _render(seg, rec.id)
        # the bounds of the modules written for these papers (spherical_codes is checked with its own module)
        own = [b for b in rec.bounds.values() if b.__module__.rsplit(".", 1)[-1] in ("alman2023", "hu2024limits")]
        for name, tex in _bound_latex(own):
            _render(tex, f"{rec.id}: {name}")


@pytest.mark.parametrize("key", KEYS)
def test_record_bounds_are_public_bounds(key):
    public = {id(getattr(getattr(bounds, mod), n)) for mod in MODULES
              for n in importlib.import_module(f"hoptheory.bounds.{mod}").__all__}
    for rec in claims.by_paper(key):
        for b in rec.bounds.values():
            assert isinstance(b, Bound) and id(b) in public, (rec.id, b)


def test_claims_with_bounds():
    with_bounds = {r.id for k in KEYS for r in claims.by_paper(k) if r.bounds}
    assert with_bounds == {
        "hu2024khm/optimal-capacity", "hu2024khm/separation-bounds", "hu2024khm/code-capacity-correspondence",
        "wyner1965/csw-lower-bound", "kabatiansky1978/kl-upper-bound", "rankin1955/simplex-orthoplex-bounds",
        "alman2023/bounded-entries-threshold", "hu2024limits/efficiency-criterion", "hu2024limits/low-rank-retrieval"}
