"""The registry holds every claim ID of every catalogue, with renderable LaTeX."""

import re
from pathlib import Path

import pytest

from hoptheory import claims

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec"
CATALOGUES = {"ramsauer2021": "claims-ramsauer2021-dense.md", "hu2023": "claims-hu2023-sparse.md",
              "hu2024": "claims-hu2024-nonparametric.md"}


def summary_table(path: Path) -> dict[str, str]:
    """ID → suspected status from a catalogue's '## Summary' table."""
    text = path.read_text()
    sec = text.split("## Summary", 1)[1]
    out = {}
    for line in sec.splitlines()[1:]:
        if line.startswith("## ") or line.startswith("---"):
            if out:
                break
            continue
        m = re.match(r"\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if m:
            status = m.group(2).split("|")[-1].strip().strip("`")
            out[m.group(1)] = status
    return out


@pytest.mark.parametrize("paper", sorted(CATALOGUES))
def test_every_catalogued_claim_is_registered(paper):
    path = SPEC / CATALOGUES[paper]
    if not path.exists():
        pytest.skip("catalogues not present")
    table = summary_table(path)
    assert len(table) >= 10
    if paper not in claims.papers():
        pytest.fail(f"no records for {paper}")
    recs = claims.by_paper(paper)
    assert [r.id for r in recs] == list(table), "IDs and order must equal the catalogue's summary table"
    for r in recs:
        assert r.suspected_status == table[r.id], r.id


def test_lookup_and_errors():
    recs = claims.all()
    assert len({r.id for r in recs}) == len(recs)
    r = recs[0]
    assert claims.get(r.id) is r
    with pytest.raises(KeyError, match="did you mean"):
        claims.get(r.id + "x")


def _math_segments(text: str):
    for m in re.finditer(r"\$\$(.+?)\$\$|\$(.+?)\$", text, flags=re.S):
        yield (m.group(1) or m.group(2)).strip()


def test_latex_renders_with_mathtext():
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    bad = []
    for r in claims.all():
        for field in ("statement_latex", "corrected_latex"):
            text = getattr(r, field) or ""
            segs = list(_math_segments(text)) or ([text] if text and "\\" in text else [])
            for seg in segs:
                try:
                    parser.parse(f"${seg}$")
                except Exception as exc:  # noqa: BLE001
                    bad.append((r.id, field, seg[:80], str(exc).splitlines()[0][:80]))
    assert not bad, bad[:5]
