"""The book: the chapter generator (always) and the built HTML in a headless browser.

The HTML tests skip when ``book/_build/html`` is absent (``book/build.sh`` creates it) or
when no Chromium is installed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
HTML = BOOK / "_build" / "html"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_book_{name}", BOOK / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


generate = _load("generate")
check_html = _load("check_html")


# --------------------------------------------------------------------------- generator


def _fake_record(**over):
    from hoptheory.claims import ClaimRecord, Paper

    paper = Paper(key="zz2099", title="A Paper", authors="A. Author", venue="Venue", year=2099)
    base = dict(id="zz2099/some-claim", paper=paper, name="Some claim", label="Theorem 9",
                statement_latex="For all $x$, $f(x)\\le 1$.", provenance="confirmed",
                suspected_status="holds", corrected_latex="$f(x)\\le 2$", hypotheses=("\\beta>0",),
                notes="Because.")
    base.update(over)
    return ClaimRecord(**base)


def test_section_without_check_says_so_and_runs_nothing():
    text = generate.claim_section(_fake_record(), checks={})
    assert "No check is registered for this claim" in text
    assert "run_claim" not in text
    assert "````{prf:theorem} Some claim" in text
    assert ":label: thm-zz2099-some-claim" in text
    assert "For all $x$, $f(x)\\le 1$." in text
    assert "{prf:remark} Corrected form" in text
    assert "- $\\beta>0$" in text
    assert "`confirmed`" in text and "`holds`" in text


def test_section_with_check_runs_it_in_a_cell():
    text = generate.claim_section(_fake_record(corrected_latex=None), checks={"zz2099/some-claim": None})
    assert "run_claim('zz2099/some-claim', profile=hopbook.PROFILE" in text
    assert "hopbook.show_check(result)" in text
    assert "No check is registered" not in text
    assert "Corrected form" not in text


def test_bound_worked_example_and_missing_parameter():
    from hoptheory.bounds import Bound

    good = Bound("b_good", ("beta", "d"), lambda F, beta, d: beta * d)
    odd = Bound("b_odd", ("beta", "zeta_unknown"), lambda F, beta, zeta_unknown: beta)
    text = generate.claim_section(_fake_record(bounds={"b_good": good, "b_odd": odd}), checks={})
    assert "hopbook.worked_example('zz2099/some-claim', 'b_good', {'beta': 1.0, 'd': 20.0})" in text
    assert "hopbook.sweep('zz2099/some-claim', 'b_good'" in text and "'d', list(range(" in text
    assert "no representative value for zeta_unknown" in text


def test_math_block_wraps_bare_latex_only():
    assert generate._math_block("text with $x$") == "text with $x$"
    assert generate._math_block("a = b") == "$$\na = b\n$$"
    assert generate._math_block("plain words") == "plain words"


def test_chapters_cover_every_registered_paper():
    from hoptheory import claims

    assigned = {k for _t, keys, _i in generate.CHAPTERS.values() if keys for k in keys}
    catch_all = [s for s, (_t, keys, _i) in generate.CHAPTERS.items() if keys is None]
    assert len(catch_all) == 1  # every paper not listed lands in exactly one chapter
    stems = set(generate.CHAPTERS) | {"00-intro", "06-errata", "07-api"}
    toc = (BOOK / "_toc.yml").read_text()
    for stem in stems:
        assert f"file: {stem}" in toc or f"root: {stem}" in toc
    fakes = [_fake_record(), _fake_record(id="zz2099/other")] + list(claims.all())
    placed = generate.chapter_records(fakes)
    ids = [r.id for recs in placed.values() for r in recs]
    assert sorted(ids) == sorted(r.id for r in fakes)  # each record in exactly one chapter
    assert {r.id for r in placed[catch_all[0]]} >= {"zz2099/some-claim", "zz2099/other"}
    assert not (assigned & {"zz2099"})


# --------------------------------------------------------------------------- DOM scan


def test_scan_counts_rendered_and_unrendered_math():
    dom = ('<html><body><p><span class="math notranslate nohighlight">'
           '<mjx-container class="MathJax">x</mjx-container></span>'
           '<span class="math notranslate nohighlight">\\(y\\)</span></p>'
           '<pre>$$ in code is fine</pre><p>raw $$x$$ here</p><img src="a.png"></body></html>')
    s = check_html.scan(dom)
    assert (s.math, s.math_rendered, s.mjx) == (2, 1, 1)
    assert s.raw_dollars == ["raw $$x$$ here"]
    assert s.images == ["a.png"]


# --------------------------------------------------------------------------- built HTML

needs_html = pytest.mark.skipif(not (HTML / "00-intro.html").is_file(),
                                reason="book not built (run book/build.sh)")
needs_browser = pytest.mark.skipif(check_html.find_browser() is None, reason="no chromium installed")


@needs_html
@needs_browser
@pytest.mark.parametrize("page", ["00-intro", "02-sparse", "06-errata"])
def test_built_page_math_rendered_and_images_present(page):
    if not (HTML / f"{page}.html").is_file():
        pytest.skip(f"{page}.html not built")
    browser = check_html.find_browser()
    s, problems = check_html.check_page(HTML, page, check_html.dump_dom(browser, HTML / f"{page}.html"))
    assert problems == []
    if page == "00-intro":
        assert s.math > 10 and s.mjx >= s.math
        assert s.images, "the intro figure is missing"


@needs_html
def test_built_html_has_local_mathjax_and_no_cdn():
    html = (HTML / "00-intro.html").read_text()
    assert "_static/mathjax/tex-chtml.js" in html
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    assert (HTML / "_static" / "mathjax" / "tex-chtml.js").is_file()


# --------------------------------------------------------------------------- cell helpers


@pytest.fixture()
def hopbook(monkeypatch, tmp_path):
    pytest.importorskip("IPython")
    mod = _load("hopbook")
    shown = []
    monkeypatch.setattr(mod, "_display", shown.append)
    monkeypatch.setattr(mod, "RESULTS", tmp_path / "results")
    mod.shown = shown
    return mod


def _result(verdict="refuted", a=2.0, b=1.0, kind="upper", reproduce="lhs = ce['a']\nrhs = ce['b']"):
    from proofs_checks import CheckResult

    ce = {"inputs": {"a": a, "b": b}, "kind": kind, "lhs": a, "rhs": b, "reproduce": reproduce}
    return CheckResult("zz2099/some-claim", verdict, {"instances": 3}, counterexample=ce,
                       samples=[(0.1, 0.5, 2.0), (0.2, 0.4, 2.0), (a, b, 2.0)])


def _text(shown):
    return "\n".join(getattr(o, "data", "") if isinstance(getattr(o, "data", ""), str) else "" for o in shown)


def test_show_check_reevaluates_the_stored_counterexample(hopbook):
    hopbook.show_check(_result())
    text = _text(hopbook.shown)
    assert "**Verdict: `refuted`**" in text
    assert "lhs = 2.0  rhs = 1.0  violated: True" in text
    assert any(type(o).__name__ == "Image" for o in hopbook.shown)  # the samples figure
    stored = list((hopbook.RESULTS / "claims").glob("*.json"))
    assert [p.name for p in stored] == ["zz2099__some-claim.json"]


def test_counterexample_that_does_not_reproduce_fails_the_cell(hopbook):
    with pytest.raises(AssertionError, match="does not reproduce"):
        hopbook.show_check(_result(a=0.5, b=1.0))
    with pytest.raises(AssertionError, match="does not reproduce"):
        hopbook.show_check(_result(a=2.0, b=1.0, kind="lower"))


def test_check_that_raised_fails_the_cell(hopbook):
    from proofs_checks import CheckResult

    res = CheckResult("zz2099/some-claim", "error", {"exception": "ZeroDivisionError()", "traceback": "TB"})
    with pytest.raises(RuntimeError, match="raised"):
        hopbook.show_check(res)


def test_confirmed_without_counterexample_or_samples(hopbook):
    from proofs_checks import CheckResult

    hopbook.show_check(CheckResult("zz2099/some-claim", "confirmed", {"instances": 40, "worst_slack": 0.25}))
    text = _text(hopbook.shown)
    assert "**Verdict: `confirmed`**" in text and "| `worst_slack` | 0.25 |" in text
    assert "no (observed, bound) samples" in text


# --------------------------------------------------------------------------- derivations and width


def test_parse_overflow_reads_the_measurement():
    dom = '<html><body data-hop-overflow="{&quot;math&quot;: [{&quot;width&quot;: 900, &quot;column&quot;: 700, ' \
          '&quot;text&quot;: &quot;x&quot;}], &quot;text&quot;: []}"></body></html>'
    over = check_html.parse_overflow(dom)
    assert over["math"][0]["width"] == 900
    assert check_html.overflow_problems("p", over) == ["p: a formula is wider than the column (900 px > 700 px): 'x'"]
    assert check_html.overflow_problems("p", check_html.parse_overflow("<html><body></body></html>")) == [
        "p: the width measurement did not run"]
    assert check_html.overflow_problems("p", {"math": [], "text": []}) == []
    prose = {"math": [{"width": 900, "column": 700, "text": "x", "output": False}], "text": []}
    assert check_html.overflow_problems("p", prose) == []


@needs_browser
def test_width_measurement_in_a_browser(tmp_path):
    """A formula wider than the article is caught; one that fits is not."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main><article style='width:600px'>"
        "<div class='cell_output'><mjx-container><mjx-math style='display:inline-block;width:400px'>"
        "</mjx-math>fits</mjx-container>"
        "<mjx-container><mjx-math style='display:inline-block;width:2000px'></mjx-math>too wide</mjx-container>"
        "</div><p><mjx-container><mjx-math style='display:inline-block;width:3000px'></mjx-math>prose"
        "</mjx-container></p>"
        "</article></main></body></html>")
    over = check_html.measure_overflow(check_html.find_browser(), page, budget_ms=8000)
    assert [(m["text"], m["output"]) for m in over["math"]] == [("too wide", True), ("prose", False)]
    assert len(check_html.overflow_problems("page", over)) == 1
    assert not (tmp_path / "_hopcheck_page.html").exists()


@needs_html
@needs_browser
@pytest.mark.parametrize("page", ["01-dense", "02-sparse", "03-entmax", "04-nonparametric"])
def test_built_derivations_fit_the_column(page):
    if not (HTML / f"{page}.html").is_file():
        pytest.skip(f"{page}.html not built")
    over = check_html.measure_overflow(check_html.find_browser(), HTML / f"{page}.html")
    assert check_html.overflow_problems(page, over) == []


def test_derivation_sections_call_paper_forms():
    for cid, specs in generate.DERIVATIONS.items():
        for spec in specs:
            assert generate._derivation_ok(spec), (cid, spec[0])


def test_show_symbolic_prints_paper_forms_that_fit(hopbook):
    from hoptheory import symbolic

    hopbook.show_symbolic(symbolic.conjugate(symbolic.Gini(), 2), "Gini")
    maths = [o.data for o in hopbook.shown if type(o).__name__ == "Math"]
    assert maths[0] == symbolic.conjugate(symbolic.Gini(), 2).latex(style="paper")
    assert r"L(p,t,\mu)" in maths[1]  # the derivation steps
    hopbook.shown.clear()
    hopbook.show_symbolic(symbolic.energy(symbolic.Tsallis("3/2"), 2, 3))
    hopbook.show_symbolic(symbolic.svr_dual(2, 1))
    hopbook.show_symbolic(symbolic.svr_kkt(1, 1))
    for o in hopbook.shown:
        if type(o).__name__ == "Math":
            assert r"\begin{cases}" not in o.data
            for line in o.data.split(r"\\"):
                assert len(line) < 130, line


def test_paper_latex_breaks_long_sums(hopbook):
    long = " + ".join(f"a_{{{i}}} b_{{{i}}}" for i in range(40))
    out = hopbook.paper_latex(long, width=60)
    assert out.startswith(r"\begin{aligned}") and all(len(x) <= 80 for x in out.split(r"\\"))
    assert hopbook.paper_latex("x + y") == "x + y"


def test_paper_latex_keeps_left_right_pairs_and_fixes_glued_quad(hopbook):
    s = r"\left|a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t + u\right| + x,\quadc=1"
    out = hopbook.paper_latex(s, width=30)
    for line in out.split(r"\\"):
        assert line.count(r"\left") == line.count(r"\right")
    assert r"\quadc" not in out and r"\quad c=1" in out
