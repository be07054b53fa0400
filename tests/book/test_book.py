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
moduledocs = _load("moduledocs")


# --------------------------------------------------------------------------- generator


def _fake_record(**over):
    """A record of a made-up paper, written with the registry's constructor (``id`` and
    ``corrected_latex`` name the record's fields)."""
    from hoptheory.claims import Paper, claim

    paper = Paper(key="zz2099", title="A Paper", authors="A. Author", venue="Venue", year=2099)
    base = dict(slug="some-claim", name="Some claim", label="Theorem 9",
                statement="For all $x$, $f(x)\\leq 1$.", provenance="confirmed",
                status="holds", corrected="$f(x)\\leq 2$", hypotheses=("\\beta>0",),
                notes="Because.")
    if "id" in over:
        base["slug"] = over.pop("id").split("/", 1)[1]
    if "corrected_latex" in over:
        base["corrected"] = over.pop("corrected_latex")
    base.update(over)
    return claim(paper, **base)


def test_section_without_check_says_so_and_runs_nothing():
    text = generate.claim_section(_fake_record(), checks={})
    assert "No check is registered for this claim" in text
    assert "run_claim" not in text and "verdict-paragraph" not in text
    assert "````{admonition} Theorem 9: Some claim" in text and ":class: claim-box claim-theorem" in text
    assert "(claim-zz2099-some-claim)=" in text
    assert "For all $x$, $f(x)\\leq 1$." in text
    assert "Corrected form" in text
    assert "- $\\beta>0$" in text
    assert "Wording confirmed against the paper." in text and "`holds`" in text
    assert "{ref}`A. Author 2099 <bib-zz2099>`" not in text  # single author: no et al.
    assert "<bib-zz2099>" in text


def _stored(verdict="refuted"):
    ce = {"inputs": {"Xi": [[1.0, 0.0], [0.0, 1.0]], "x": [1.0, 0.0], "beta": 10.0}, "lhs": 9.0, "rhs": 1e-4,
          "kind": "upper", "found_by": "random draws", "confirmed_by": "independent re-evaluation",
          "note": "x is a fixed point", "reproduce": "lhs = 9.0\nrhs = 1e-4"}
    return {"id": "zz2099/some-claim", "verdict": verdict, "notes": "",
            "evidence": {"instances": 7, "applicable_instances": 5, "distributions": ["sphere"],
                         "search_families": {"random draws": {"instances": 7, "max_ratio": 9e4}}},
            "counterexample": ce if verdict == "refuted" else None,
            "samples": [[9.0, 1e-4, None], [0.5, 1.0, None]], "duration_s": 0.25,
            "run": {"profile": "quick", "backend": "numpy", "seed": 1}}


def test_section_with_a_stored_result_has_paragraph_table_figure_and_details():
    text = generate.claim_section(_fake_record(corrected_latex=None), checks={"zz2099/some-claim": None},
                                  result=_stored())
    assert "```{container} verdict-paragraph verdict-refuted" in text
    assert "| $d$ | $2$ |" in text and "| $M$ | $2$ |" in text and "| $\\beta$ | $10$ |" in text
    assert "| ratio left/right (above 1: violated) | $9\\times10^{4}$ |" in text
    assert "hopbook.claim_figure('zz2099/some-claim')" in text
    assert "hopbook.reproduce_stored('zz2099/some-claim')" in text
    assert ":::{dropdown} Full check result (JSON)" in text
    assert "{ref}`errata-zz2099-some-claim`" in text
    assert "run_claim" not in text and "Corrected form" not in text


def test_bound_worked_example_uses_the_records_instance_and_never_a_placeholder():
    from hoptheory.bounds import Bound

    good = Bound("b_good", ("beta", "c", "d"), lambda F, beta, c, d: beta * c * d,
                 example={"beta": 1, "c": 5, "d": 20})
    odd = Bound("b_odd", ("beta", "zeta_unknown"), lambda F, beta, zeta_unknown: beta)
    rec = _fake_record(bounds={"b_good": good, "b_odd": odd}, example={"c": 2.0})
    text = generate.claim_section(rec, checks={})
    assert "hopbook.worked_examples('zz2099/some-claim', {'b_good': {'beta': 1.0, 'c': 2.0, 'd': 20.0}})" in text
    assert "hopbook.sweep('zz2099/some-claim', {'b_good': {'beta': 1.0, 'c': 2.0, 'd': 20.0}}, 'd', list(range(" in text
    assert "at the paper's own instance, $c=2$" in text
    assert "no representative value" not in text
    assert "`b_odd` takes quantities measured on memories and queries" in text


def test_worked_examples_travel_with_the_claim_record():
    from hoptheory import claims

    for cid in ("ramsauer2021/capacity-dimension-example", "ramsauer2021/capacity-expected-example"):
        assert claims.get(cid).example["c"] == 2.0  # the paper's instance, not a global default


def test_forms_of_one_quantity_are_drawn_together():
    assert generate._form_family("expected_capacity_margin_published") == "expected_capacity_margin"
    assert generate._form_family("expected_capacity_margin_derived") == "expected_capacity_margin"
    assert generate._form_family("capacity_dimension_a") is None


def test_claim_kind_and_box_title_use_the_papers_label():
    assert generate.claim_kind(_fake_record(label="Lemma A3")) == "lemma"
    assert generate.box_title(_fake_record(label="Lemma A3")) == "Lemma A3: Some claim"
    assert generate.claim_kind(_fake_record(label="Corollary A2 (example)")) == "corollary"
    assert generate.claim_kind(_fake_record(label="experiments section", name="MIL")) == "experiment"
    assert generate.claim_kind(_fake_record(label="Eq. (3)")) == "claim"
    assert generate.box_title(_fake_record(label="—")) == "Claim: Some claim"


def test_prose_hypotheses_are_text_and_math_stays_math():
    from hoptheory import claims

    assert generate.hypothesis_md("points i.i.d. uniform on the sphere") == "points i.i.d. uniform on the sphere"
    assert generate.hypothesis_md("ties broken by index [a*b]") == "ties broken by index \\[a\\*b\\]"
    assert generate.hypothesis_md("$d\\geq 2$") == "$d\\geq 2$"
    assert generate.hypothesis_md("the mask is $k$-sparse") == "the mask is $k$-sparse"
    # records store bare LaTeX in $…$ form, so the book needs no guess about what is math
    rec = _fake_record(hypotheses=("\\beta>0", "\\mathrm{the\\ same}\\ \\beta"))
    assert [generate.hypothesis_md(h) for h in rec.hypotheses] == ["$\\beta>0$", "$\\mathrm{the\\ same}\\ \\beta$"]
    for r in claims.all():
        for h in r.hypotheses:
            assert "$" in h or "\\" not in h, (r.id, h)


def test_math_block_wraps_bare_latex_only():
    assert generate._math_block("text with $x$") == "text with $x$"
    assert generate._math_block("a = b") == "$$\na = b\n$$"
    assert generate._math_block("plain words") == "plain words"


def test_chapters_cover_every_registered_paper():
    from hoptheory import claims

    assigned = {k for _t, keys, _i in generate.CHAPTERS.values() if keys for k in keys}
    catch_all = [s for s, (_t, keys, _i) in generate.CHAPTERS.items() if keys is None]
    assert len(catch_all) == 1  # every paper not listed lands in exactly one chapter
    fakes = [_fake_record(), _fake_record(id="zz2099/other")] + list(claims.all())
    placed = generate.chapter_records(fakes)
    ids = [r.id for recs in placed.values() for r in recs]
    assert sorted(ids) == sorted(r.id for r in fakes)  # each record in exactly one chapter
    assert {r.id for r in placed[catch_all[0]]} >= {"zz2099/some-claim", "zz2099/other"}
    assert not (assigned & {"zz2099"})
    toc = generate.toc(placed, ["api/hoptheory.maps"])
    for stem in ("00-results", "06-errata", "07-api", "08-bibliography", "api/hoptheory.maps", catch_all[0]):
        assert f"file: {stem}" in toc


def _chapter_text(stem, records):
    title, _keys, intro = generate.CHAPTERS[stem]
    return generate.chapter(stem, title, intro, records, checks={}, results={}, all_records=records)


def _section_papers(stem):
    return [k for _h, keys in generate.SECTIONS[stem] for k in keys]


def test_sections_name_each_listed_paper_once():
    for stem, spec in generate.SECTIONS.items():
        keys = _section_papers(stem)
        assert len(keys) == len(set(keys)), stem
        listed = generate.CHAPTERS[stem][1]
        if listed is not None:  # a chapter with its own paper list: every paper in one of its sections
            assert set(listed) == set(keys), stem
    assert "05-related" in generate.SECTIONS and generate.CHAPTERS["05-related"][1] is None


@pytest.mark.parametrize("stem", ["03-entmax", "05-related"])
def test_related_chapters_list_every_registered_claim_of_their_papers(stem):
    from hoptheory import claims

    records = claims.all()
    papers = set(_section_papers(stem))
    mine = [r for r in records if r.paper.key in papers]
    assert mine, stem
    placed = generate.chapter_records(records)[stem]
    assert {r.id for r in mine} <= {r.id for r in placed}
    text = _chapter_text(stem, placed)
    for r in mine:
        assert f"(claim-{generate._anchor(r.id)})=" in text, r.id
        assert f"<claim-{generate._anchor(r.id)}>`" in text, r.id  # in the dashboard
    # the sections of the catalogue, in order, each with a heading; claims one level below
    heads = [h for h, recs in generate.chapter_sections(stem, placed)]
    assert [h for h, _k in generate.SECTIONS[stem] if any(r.paper.key in _k for r in mine)] == heads
    positions = [text.index(f"\n## {h}\n") for h in heads]
    assert positions == sorted(positions)
    assert "\n### " + " ".join(mine[0].name.split()) in text


def test_related_claims_show_their_bounds_worked_examples_and_api_entries():
    from hoptheory import claims

    generate.BOUND_TARGETS.update(generate.bound_targets())
    rec = claims.get("hu2024khm/separation-bounds")
    text = generate.claim_section(rec, checks={}, level=3)
    assert text.splitlines()[1] == "### Bounds on the optimal minimal separation"
    assert "hopbook.worked_examples('hu2024khm/separation-bounds', {'khm_separation_lower_bound': {'M': 12.0" in text
    assert "<hoptheory.bounds.spherical_codes.khm_separation_upper_bound>`" in text
    # every bound of every record is documented, in the module that declares it
    from hoptheory.bounds import Bound

    modules = set(generate.bound_modules())
    for r in claims.all():
        for b in (r.bounds or {}).values():
            if not isinstance(b, Bound):  # a function of measured data, evaluated by the check
                continue
            home = ".".join(b.__module__.split(".")[:3])
            assert home in modules, (r.id, b.name)
            assert generate.BOUND_TARGETS[id(b)].startswith(home + "."), (r.id, b.name)


def test_a_new_papers_records_are_picked_up_without_a_change_here():
    from hoptheory.claims import Paper, claim

    wu = Paper(key="wu2024", title="STanHop", authors="D. Wu, J. Y.-C. Hu", venue="ICLR", year=2024)
    new = [claim(wu, "capacity", "Exponential capacity", "Theorem 3.4", "$M\\geq 1$", "confirmed", "holds"),
           _fake_record()]
    placed = generate.chapter_records(new)
    assert [r.id for r in placed["03-entmax"]] == ["wu2024/capacity"]
    assert [r.id for r in placed["05-related"]] == ["zz2099/some-claim"]
    assert generate.chapter_sections("03-entmax", placed["03-entmax"])[0][0] == generate.SECTIONS["03-entmax"][0][0]
    assert generate.chapter_sections("05-related", placed["05-related"]) == [(generate.OTHER_SECTION,
                                                                             placed["05-related"])]
    text = _chapter_text("03-entmax", placed["03-entmax"])
    assert "(claim-wu2024-capacity)=" in text and "## The Tsallis negentropy and its map" in text


def test_no_chapter_says_its_claims_are_missing_when_records_exist():
    from hoptheory import claims

    placed = generate.chapter_records(claims.all())
    for stem, recs in placed.items():
        if not recs:
            continue
        text = _chapter_text(stem, recs).lower()
        for phrase in ("not yet in the registry", generate.NO_CLAIMS_NOTE.lower(), "when their records"):
            assert phrase not in text, (stem, phrase)
    assert generate.NO_CLAIMS_NOTE in _chapter_text("03-entmax", [])


def test_papers_sharing_a_short_citation_get_letters():
    from hoptheory import claims

    cites = [generate._short_cite(p) for p in claims.papers().values()]
    assert len(cites) == len(set(cites))
    assert generate._short_cite(claims.papers()["hu2023"]) == "Hu et al. 2023"


def test_empty_chapter_is_not_in_the_table_of_contents():
    placed = {stem: [] for stem in generate.CHAPTERS}
    toc = generate.toc(placed, [])
    assert "file: 05-related" not in toc and "file: 01-dense" not in toc
    assert "file: 03-entmax" in toc  # it has a hand-written body


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


def _stored_on_disk(mod, verdict="refuted", a=2.0, b=1.0, kind="upper", samples=None, evidence=None):
    """A check result written where generate.py writes it, as the runner's JSON."""
    from proofs_checks import CheckResult
    from proofs_checks._runner import result_path

    ce = {"inputs": {"a": a, "b": b}, "kind": kind, "lhs": a, "rhs": b,
          "reproduce": "lhs = ce['a']\nrhs = ce['b']"} if verdict == "refuted" else None
    res = CheckResult("zz2099/some-claim", verdict, evidence or {"instances": 3}, counterexample=ce,
                      samples=[(0.1, 0.5, 2.0), (0.2, 0.4, 2.0), (a, b, 2.0)] if samples is None else samples)
    data = res.to_json()
    data["run"] = {"profile": mod.PROFILE, "backend": mod.BACKEND, "seed": mod.SEED}
    path = result_path(mod.RESULTS, res.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(__import__("json").dumps(data))
    return data


def _text(shown):
    return "\n".join(getattr(o, "data", "") if isinstance(getattr(o, "data", ""), str) else "" for o in shown)


def test_stored_counterexample_is_reevaluated_and_plotted(hopbook):
    data = _stored_on_disk(hopbook)
    assert hopbook.figure_kinds(data) == ["samples"]
    hopbook.reproduce_stored("zz2099/some-claim")
    assert "left side $2$, right side $1$, so the claimed upper bound is violated" in _text(hopbook.shown)
    hopbook.claim_figure("zz2099/some-claim")
    assert type(hopbook.shown[-1]).__name__ == "Image"


def test_counterexample_that_does_not_reproduce_fails_the_cell(hopbook):
    _stored_on_disk(hopbook, a=0.5, b=1.0)
    with pytest.raises(AssertionError, match="does not reproduce"):
        hopbook.reproduce_stored("zz2099/some-claim")
    _stored_on_disk(hopbook, a=2.0, b=1.0, kind="lower")
    with pytest.raises(AssertionError, match="does not reproduce"):
        hopbook.reproduce_stored("zz2099/some-claim")


def test_figure_kinds_follow_the_evidence_and_nothing_is_drawn_empty(hopbook):
    data = _stored_on_disk(hopbook, verdict="confirmed", samples=[])
    assert hopbook.figure_kinds(data) == []
    with pytest.raises(ValueError, match="nothing to plot"):
        hopbook.claim_figure("zz2099/some-claim")
    ev = {"trials": 100, "successes": 90, "clopper_pearson_lower": 0.8, "clopper_pearson_upper": 0.95,
          "claimed_probability": 0.99,
          "search_families": {"a": {"instances": 3, "max_ratio": 0.5}, "b": {"instances": 3, "max_ratio": 2.0}}}
    data = _stored_on_disk(hopbook, verdict="confirmed", samples=[], evidence=ev)
    assert hopbook.figure_kinds(data) == ["families", "interval"]


def test_check_that_raised_fails_the_generation(monkeypatch, tmp_path):
    from proofs_checks import _runner

    monkeypatch.setattr(generate.hopbook, "RESULTS", tmp_path)
    monkeypatch.setattr(_runner, "run", lambda ids, **kw: [{"id": i, "verdict": "error"} for i in ids])
    with pytest.raises(RuntimeError, match="raised an exception: zz2099/a"):
        generate.run_checks(["zz2099/a"], reuse=True, workers=1)


def test_sweep_with_nothing_to_draw_raises(hopbook):
    # a constant curve (nothing varies over the grid) is refused: its figure would be empty
    from hoptheory import claims

    bound = claims.get("ramsauer2021/cosine-bound").bounds["cosine_upper_bound"]
    assert hopbook.sweep_drawable(bound, {}, "x", [0.5, 1.0, 2.0])
    assert not hopbook.sweep_drawable(bound, {}, "x", [1.0, 1.0])
    with pytest.raises(ValueError, match="no varying finite value"):
        hopbook.sweep("ramsauer2021/cosine-bound", {"cosine_upper_bound": {}}, "x", [1.0, 1.0])
    hopbook.sweep("ramsauer2021/cosine-bound", {"cosine_upper_bound": {}}, "x", [0.5, 1.0, 2.0])
    assert type(hopbook.shown[-1]).__name__ == "Image"


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
@pytest.mark.parametrize("page", ["01-dense", "02-sparse", "03-entmax", "04-nonparametric", "05-related"])
def test_built_derivations_fit_the_column(page):
    if not (HTML / f"{page}.html").is_file():
        pytest.skip(f"{page}.html not built")
    over = check_html.measure_overflow(check_html.find_browser(), HTML / f"{page}.html")
    assert check_html.overflow_problems(page, over) == []


def test_derivation_sections_call_paper_forms():
    from hoptheory import claims
    from hoptheory.claims import Derivation

    with_derivation = [r for r in claims.all() if r.derivation]
    assert {r.id for r in with_derivation} >= {"ramsauer2021/energy-forms", "hu2023/sparse-energy",
                                                "hu2024/svr-dual-kkt"}
    for rec in with_derivation:
        for d in rec.derivation:
            assert generate._derivation_ok(d), (rec.id, d.label)
    # the check can fail: an unknown function, or arguments its signature does not take
    assert not generate._derivation_ok(Derivation("x", "symbolic.no_such_derivation(2)"))
    assert not generate._derivation_ok(Derivation("x", "symbolic.svr_dual(1, 2, 3, 4, 5, 6, 7)"))


def test_section_shows_the_records_derivation():
    rec = _fake_record(derivation=[("The SVR dual, $M=2$", "symbolic.svr_dual(2, 1)"),
                                   ("Missing", "symbolic.no_such_derivation(2)")])
    text = generate.claim_section(rec, checks={})
    assert "**Symbolic derivation** (hoptheory.symbolic)." in text
    assert "obj = symbolic.svr_dual(2, 1)\nhopbook.show_symbolic(obj, 'The SVR dual, $M=2$')" in text
    assert "*Missing: the symbolic function this derivation needs is not available" in text
    assert "Symbolic derivation" not in generate.claim_section(_fake_record(), checks={})


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


def test_paper_latex_breaks_at_operators_written_without_spaces(hopbook):
    from hoptheory.bounds import spherical_codes

    out = hopbook.paper_latex(" ".join(spherical_codes.kl_exponent.latex.split()), width=70)
    lines = out.split(r"\\")
    assert len(lines) == 3 and lines[1].startswith(r" &\quad \le\rho(\theta)") and lines[2].startswith(r" &\quad -")
    assert hopbook.paper_latex(r"f(a-b)\le g") == r"f(a-b)\le g"  # short: untouched
    # never inside braces or parentheses
    for line in hopbook.paper_latex("x_{" + "a-" * 40 + "b}-(" + "c+" * 40 + "d)", width=20).split(r"\\"):
        assert line.count("{") == line.count("}") and line.count("(") == line.count(")")


def test_module_docstring_sections_become_rubrics_and_references_are_cited():
    lines = ["Bounds of a paper.", "", "Notes", "-----", "**Symbols.** ``d``.", "", "References", "----------",
             ".. [R0-1] A. Author, A paper.", "   Venue 2099.", ".. [R0-2] Another."]
    out = moduledocs.numpydoc_module_lines(lines)
    assert ".. rubric:: Notes" in out and ".. rubric:: References" in out
    assert "-----" not in out and "----------" not in out
    assert out[-2] == "   [R0-1]_, [R0-2]_" and ".. only:: latex" in out
    assert moduledocs.numpydoc_module_lines(["Text only.", "", "a - b"]) == ["Text only.", "", "a - b"]
    assert moduledocs.numpydoc_module_lines(["   indented", "   ---"]) == ["   indented", "   ---"]
