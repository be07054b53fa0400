"""What a referee reads: the verdict words (``book/narrate.py``) and the built HTML.

The unit tests feed the scanner of ``book/check_html.py`` small pages that break each rule
once, so each rule is shown able to fail; the last test runs it over the built book (skipped
when ``book/_build/html`` is absent: ``book/build.sh`` creates it).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
HTML = BOOK / "_build" / "html"


if str(BOOK) not in sys.path:
    sys.path.insert(0, str(BOOK))  # the book's modules are scripts next to its pages
narrate = importlib.import_module("narrate")
check_html = importlib.import_module("check_html")


# --------------------------------------------------------------------------- narrate


def test_numbers_are_math_with_four_digits_and_never_cut():
    assert narrate.num(43991.46105404121) == "$4.399\\times10^{4}$"
    assert narrate.num(0.0003533631220067525) == "$0.0003534$"
    assert narrate.num(1e-12) == "$10^{-12}$"
    assert narrate.num(7) == "$7$"
    assert narrate.num("nan") == "NaN" and narrate.num(float("inf")) == "$\\infty$"


def test_text_escapes_markdown_and_first_sentence_is_whole():
    assert narrate.text("a_b *c* $x$ {r}`y` | z") == "a\\_b \\*c\\* \\$x\\$ \\{r\\}\\`y\\` \\| z"
    s = "The bound fails at beta = 10. The rest explains why."
    assert narrate.first_sentence(s) == "The bound fails at beta = 10."
    assert narrate.first_sentence("no full stop here") == "no full stop here"
    assert narrate.text("(lhs=nan, rhs=0.13635000864819757), v1.2.3") == "(lhs=nan, rhs=0.1364), v1.2.3"


def _refuted():
    ce = {"inputs": {"Xi": [[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]], "x": [1.0, 0.0], "beta": 10.0},
          "lhs": 9.0, "rhs": 0.5, "kind": "upper", "found_by": "antipodal pairs",
          "confirmed_by": "independent re-evaluation", "note": "x is a fixed point of T"}
    return {"id": "zz/c", "verdict": "refuted", "notes": "",
            "evidence": {"instances": 12, "applicable_instances": 10, "distributions": ["sphere"],
                         "search_families": {"antipodal pairs": {"instances": 4, "max_ratio": 18.0},
                                             "random draws": {"instances": 8, "max_ratio": 0.9}}},
            "counterexample": ce, "samples": [], "duration_s": 0.5, "run": {"profile": "quick", "seed": 3}}


def test_refuted_paragraph_states_the_counterexample_from_the_data():
    res = _refuted()
    p = narrate.verdict_paragraph(None, res, errata_ref="errata-zz-c")
    assert "verdict-refuted" in p and "{bdg-danger}`refuted`" in p
    assert "$d=2, M=3, \\beta=10$" in p
    assert "the left side is $9$ and the right side $0.5$, a ratio of $18$" in p
    assert "antipodal pairs (4 instances, largest ratio $18$)" in p
    assert "At this instance: X is a fixed point of T." in p
    assert "{ref}`errata-zz-c`" in p
    res["counterexample"]["lhs"] = 3.0   # the words follow the data
    assert "the left side is $3$" in narrate.verdict_paragraph(None, res)


def test_counterexample_table_has_dimensions_sides_and_ratio():
    t = narrate.counterexample_table(_refuted()["counterexample"])
    for row in ("| $d$ | $2$ |", "| $M$ | $3$ |", "| $\\beta$ | $10$ |", "| left-hand side | $9$ |",
                "| right-hand side | $0.5$ |", "| ratio left/right (above 1: violated) | $18$ |",
                "| arrays (in the JSON below) | `Xi` 2 × 3, `x` 2 |"):
        assert row in t
    lower = dict(_refuted()["counterexample"], kind="lower", lhs=0.5, rhs=9.0)
    assert "| ratio right/left (above 1: violated) | $18$ |" in narrate.counterexample_table(lower)


def test_inconclusive_and_confirmed_paragraphs_say_what_was_measured():
    inc = {"verdict": "inconclusive", "evidence": {"trials": 100, "successes": 84, "clopper_pearson_lower": 0.72,
                                                   "clopper_pearson_upper": 0.91, "claimed_probability": 0.8,
                                                   "trials_to_decide": 2400}, "notes": ""}
    p = narrate.verdict_paragraph(None, inc)
    assert "$84$ of $100$ trials succeeded" in p and "[$0.72$, $0.91$]" in p and "$2400$ trials would decide" in p
    ok = {"verdict": "confirmed", "evidence": {"instances": 40, "applicable_instances": 38,
                                               "max_ratio_observed_over_bound": 0.25}, "notes": ""}
    p = narrate.verdict_paragraph(None, ok)
    assert "40 instances, 38 of them inside the hypotheses" in p and "observed / bound is $0.25$" in p
    assert narrate.one_line(ok) == "38 instances without a violation; the largest ratio observed / bound is $0.25$"


def test_details_json_is_collapsed_whole_and_unescaped():
    res = _refuted()
    res["evidence"]["distributions"] = ["binary: ±1 entries"]
    d = narrate.details_json(res)
    assert d.startswith(":::{dropdown} Full check result (JSON)")
    assert "±1" in d and "\\u00b1" not in d
    assert '"lhs": 9.0' in d and "…" not in d


# --------------------------------------------------------------------------- the scanner can fail

GOOD = """<html><body><section id="a"><span id="claim-zz-a"></span><h2>A<a class="headerlink" href="#a">#</a></h2>
<div class="verdict-paragraph verdict-refuted docutils container"><p>Refuted: see
<a class="reference internal" href="#b">B</a>.</p></div>
<table><tr><td>left-hand side</td><td>9</td></tr><tr><td>right-hand side</td><td>1</td></tr></table>
<img src="fig.png"><details><pre>{"lhs": 9.0}</pre></details>
<span class="math notranslate nohighlight">\\(\\mathrm{points\\ uniform}\\ x_i\\)</span></section></body></html>"""


def test_scanner_passes_a_good_section():
    s = check_html.read_scan(GOOD)
    assert [c.anchor for c in s.sections] == ["claim-zz-a"]
    sec = s.sections[0]
    assert (sec.verdict_paragraphs, sec.refuted, sec.links, sec.counterexample_tables, sec.images) == \
        (1, True, 1, 1, ["fig.png"])
    assert not s.raw_json and not s.cut_values and not s.placeholders
    assert [check_html.prose_in_math(t) for t in s.math_tex] == [None]


@pytest.mark.parametrize("bad, what", [
    (GOOD.replace("<details>", "<div>").replace("</details>", "</div>"), "raw_json"),
    (GOOD.replace("Refuted:", "value 0.123…"), "cut_values"),
    (GOOD.replace("Refuted:", "no representative value for x"), "placeholders"),
])
def test_scanner_flags_text_a_referee_should_not_read(bad, what):
    assert getattr(check_html.read_scan(bad), what)


def test_scanner_flags_missing_paragraph_link_table_and_prose_math():
    s = check_html.read_scan(GOOD.replace("verdict-paragraph verdict-refuted", "x")
                             .replace('class="reference internal"', "").replace("left-hand side", "l"))
    sec = s.sections[0]
    assert (sec.verdict_paragraphs, sec.links, sec.counterexample_tables) == (0, 0, 0)
    assert check_html.prose_in_math("pointsi.i.d.uniformonthesphere") == "pointsi"
    assert check_html.prose_in_math("\\text{points uniform on the sphere}+\\beta") is None


def test_empty_and_duplicate_figures_are_found(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def save(name, draw):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        if draw:
            ax.plot(range(50), [i * i for i in range(50)], lw=3)
            ax.set_xlabel("$d$")
            ax.legend(["a curve"])
        fig.savefig(tmp_path / name, dpi=100)
        plt.close(fig)
        return f"{name}"

    pages = tmp_path / "p.html"
    save("full.png", True)
    save("copy.png", True)
    save("empty.png", False)
    body = ('<section id="s"><span id="claim-zz-a"></span><div class="verdict-paragraph">'
            '<a class="reference external" href="x">x</a></div>'
            '<img src="full.png"><img src="copy.png"><img src="empty.png"></section>')
    pages.write_text(f"<html><body>{body}</body></html>")
    problems, counts = check_html.referee_problems(tmp_path, pages=("p",))
    assert counts["images"] == 3
    assert any("copy.png duplicates" in p for p in problems)
    assert any("empty.png is (nearly) empty" in p for p in problems)
    assert not any("full.png" in p and "empty" in p for p in problems)


# --------------------------------------------------------------------------- the built book

needs_html = pytest.mark.skipif(not (HTML / "00-results.html").is_file(),
                                reason="book not built (run book/build.sh)")


@needs_html
def test_built_book_reads_like_a_book():
    """No cut values, no raw JSON outside details, no placeholder, a verdict paragraph and a
    link in every claim section, a counterexample table and a figure for every refuted claim,
    no empty or duplicate figure, no prose typeset as math."""
    problems, counts = check_html.referee_problems(HTML)
    assert problems == []
    assert counts["sections"] >= 80 and counts["refuted"] >= 1 and counts["images"] >= counts["refuted"]


@needs_html
def test_built_book_has_dashboard_errata_bibliography_and_split_api():
    results = (HTML / "00-results.html").read_text()
    assert results.count('class="reference internal"') >= 80 and "sd-bg-danger" in results
    errata = (HTML / "06-errata.html").read_text()
    assert 'id="errata-' in errata and "Corrected statement" in errata
    assert "https://arxiv.org/abs/" in (HTML / "08-bibliography.html").read_text()
    assert len(list((HTML / "api").glob("*.html"))) >= 4
    assert not (HTML / "05-related.html").exists() or "05-related" in (BOOK / "_toc.yml").read_text()


def test_no_ratio_is_printed_for_sides_of_different_signs():
    ce = dict(_refuted()["counterexample"], lhs=0.0037, rhs=-0.534)
    assert narrate.ratio(ce) is None
    assert "ratio" not in narrate.counterexample_table(ce)
    assert "ratio" not in narrate.one_line({"verdict": "refuted", "counterexample": ce, "evidence": {}})
