"""The records of the spherical-code view of capacity and of the computational limits
(``claims-generalized.md``, sections F and G): LaTeX that mathtext renders, and bounds that are
public bounds of :mod:`hoptheory.bounds` (their summary table is compared in ``test_records``).
"""

from __future__ import annotations

import importlib

import pytest
from test_records import _bound_latex, _render, _segments

from hoptheory import bounds, claims
from hoptheory.bounds import Bound

KEYS = ("hu2024khm", "wu2024uhop", "wyner1965", "kabatiansky1978", "rankin1955", "alman2023", "hu2024limits")
#: The bounds modules a record of these papers may draw on (spherical codes serve several papers;
#: the Taylor remainder of the exponential kernel is declared once, in hu2024).
MODULES = ("spherical_codes", "alman2023", "hu2024", "hu2024limits")


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
