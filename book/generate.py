"""Write the book's generated pages from the claim registry and this build's check results.

Run from anywhere: ``python book/generate.py`` (``--reuse`` keeps the check results already
in ``_build/check-results`` for the same profile, backend and seed).  It runs every
registered check once with the quick profile (the runner writes one JSON per claim), then
writes, from the records and those results:

* ``00-results.md``: the results at a glance, a summary per chapter and one table per paper
  (claim, label, verdict badge, the reason in one line, a link to its section);
* ``01-dense.md`` … (one section per claim record): the statement in a box of its kind titled
  with the paper's label, the hypotheses, the corrected form, the verdict paragraph written
  from the evidence (:mod:`narrate`), for a refutation the counterexample table, figure and
  re-evaluation, the full JSON in a collapsed block, the derivation and the worked examples at
  the record's own instance; a chapter that gathers several papers groups its claims by the
  catalogue's sections (:data:`SECTIONS`), after its hand-written body (``_<name>_body.md``)
  when it has one; a chapter without claims (and without a hand-written body) is neither
  written nor in the table of contents;
* ``06-errata.md``: one section per refuted, vacuous, ill-defined or inconclusive claim;
* ``07-api.md`` and ``api/<module>.md``: the API reference, one page per module;
* ``08-bibliography.md`` and ``_toc.yml``.

Every verdict and every number in these pages comes from the results of this build; code
cells (figures, re-evaluations, worked examples) read them back with :mod:`hopbook`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import shutil
import sys
import time
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BOOK))

import hopbook  # noqa: E402
import narrate  # noqa: E402

#: file stem → (title, paper keys or None for "every paper not listed elsewhere", intro).
CHAPTERS = {
    "01-dense": (
        "The dense model (Ramsauer et al. 2021)",
        ["ramsauer2021"],
        "Modern Hopfield networks with the log-sum-exp energy, the softmax update and the "
        "exponential storage capacity of *Hopfield Networks is All You Need* (ICLR 2021).",
    ),
    "02-sparse": (
        "The sparse model (Hu et al. 2023)",
        ["hu2023"],
        "The sparsemax (Gini) model of *On Sparse Modern Hopfield Model* (NeurIPS 2023): its "
        "energy, dynamics, retrieval-error bounds and capacity.",
    ),
    "03-entmax": (
        "α-entmax and Fenchel–Young margins",
        ["wu2024", "santos2024", "santos2025", "blondel2020", "martins2016", "peters2019",
         "correia2019", "duchi2008"],
        "The generalized sparse model with α-entmax (Tsallis negentropies), the Fenchel–Young "
        "view of exact retrieval through the margin $\\lambda_\\Omega$, and the facts about "
        "sparsemax and entmax that the models rely on.",
    ),
    "04-nonparametric": (
        "The nonparametric family (Hu et al. 2024)",
        ["hu2024"],
        "The support-vector-regression view of modern Hopfield models and its sparse-structured "
        "variants (random masks, sliding windows, top-$k$, linear and random-feature kernels).",
    ),
    "05-related": (
        "Related results: capacity baselines, limits, kernels, codes",
        None,
        "Classic capacity baselines, the computational-limits threshold, kernelised models and "
        "the spherical-code view of capacity.",
    ),
}

#: Chapter stem → its sections, each (heading, paper keys), in the order they are shown; the
#: catalogue groups the related papers so.  A section without records is left out, and a paper of
#: the chapter named in no section (a new paper in the catch-all chapter) goes to a last section,
#: :data:`OTHER_SECTION`.  A chapter not listed here shows its claims without sections.
SECTIONS = {
    "03-entmax": (
        ("The generalized sparse Hopfield model (α-entmax)", ["wu2024"]),
        ("Fenchel–Young Hopfield networks: margins and exact retrieval", ["santos2024", "santos2025"]),
        ("Fenchel–Young machinery", ["blondel2020"]),
        ("Sparsemax, entmax, normmax: facts, exact algorithms, Jacobians",
         ["martins2016", "peters2019", "correia2019", "duchi2008"]),
    ),
    "05-related": (
        ("Classic capacity baselines", ["hopfield1982", "mceliece1987", "krotov2016", "demircigil2017"]),
        ("Computational limits", ["alman2023", "hu2024limits"]),
        ("The spherical-code view of capacity",
         ["hu2024khm", "wu2024uhop", "wyner1965", "kabatiansky1978", "rankin1955"]),
    ),
}
OTHER_SECTION = "Other results"
#: The note of a chapter that has neither claims nor a hand-written body.
NO_CLAIMS_NOTE = "No claim of this chapter is in the registry of this version of hoptheory."

#: Sweep variable, the grid as written in the cell, and the same grid as values (to check at
#: generation time that the figure will not be empty), in order of preference.
SWEEPS = [
    ("d", "list(range(2, 101, 2))", lambda: list(range(2, 101, 2))),
    ("beta", "list(np.logspace(-2, 2, 81))", lambda: [10 ** (-2 + i / 20) for i in range(81)]),
    ("M", "list(range(2, 201, 2))", lambda: list(range(2, 201, 2))),
    ("alpha", "list(np.linspace(1.05, 4.0, 60))", lambda: [1.05 + i * (4.0 - 1.05) / 59 for i in range(60)]),
]

FRONT = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _anchor(claim_id: str) -> str:
    return claim_id.replace("/", "-").replace("_", "-").lower()


def _math_block(latex: str) -> str:
    """Statement text: Markdown with $…$ math, or bare LaTeX shown as display math."""
    s = latex.strip()
    if "$" in s:
        return s
    if "\\" in s or "=" in s:
        return "$$\n" + s + "\n$$"
    return s


def _code(src: str, tags: tuple[str, ...] = ()) -> str:
    head = "```{code-cell} ipython3\n"
    if tags:
        head += ":tags: [" + ", ".join(tags) + "]\n"
    return head + src.rstrip() + "\n```\n"


def _derivation_ok(derivation) -> bool:
    """The symbolic API a record's derivation calls exists and accepts the call's arguments."""
    try:
        symbolic = importlib.import_module("hoptheory.symbolic")
    except Exception:  # noqa: BLE001
        return False
    call = ast.parse(derivation.code, mode="eval").body
    names = {n.attr for n in ast.walk(call)
             if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "symbolic"}
    if not all(hasattr(symbolic, n) for n in names):
        return False
    try:
        fn = getattr(symbolic, call.func.attr)
        inspect.signature(fn).bind(*call.args, **{k.arg: k.value for k in call.keywords})
    except TypeError:
        return False
    except ValueError:  # no signature available: let the build try it
        return True
    return True


#: Claim kind → the box a claim is typeset in (the title shows the paper's own label).
KINDS = ("theorem", "lemma", "corollary", "proposition", "definition", "remark")
NON_THEOREM = {"experiment": "Experiment", "limitation": "Limitation", "conclusion": "Limitation"}
PROVENANCE_WORDS = {
    "confirmed": "Wording confirmed against the paper.",
    "reconstructed": "Wording reconstructed (not confirmed against the paper's text).",
    "derived": "A derived statement (not printed in the paper).",
}


def claim_kind(rec) -> str:
    """``theorem``, ``lemma``, … from the paper's label; ``experiment``/``limitation`` for
    non-theorem claims; ``claim`` when the label names no kind (equations, restatements)."""
    low = (rec.label + " " + rec.name).lower()
    for word, kind in (("experiment", "experiment"), ("limitation", "limitation")):
        if word in low:
            return kind
    lab = rec.label.lower()
    for k in KINDS:
        if re.match(rf"\W*{k}", lab):
            return k
    for k in KINDS:
        if re.search(rf"\b{k}", lab):
            return k
    return "claim"


def box_title(rec) -> str:
    """The box title: the paper's label (with the kind when the label names none) and the name."""
    kind = claim_kind(rec)
    label = " ".join(rec.label.split()).lstrip("—- ").strip()
    word = NON_THEOREM.get(kind, kind).capitalize()
    if not label:
        head = word
    elif label.startswith("("):
        head = f"{word} {label}"
    elif kind == "claim" or kind in label.lower() or word.lower() in label.lower():
        head = label[0].upper() + label[1:]
    else:
        head = f"{word} ({label})"
    return f"{head}: {' '.join(rec.name.split())}"


def hypothesis_md(h: str) -> str:
    """A hypothesis as Markdown: records keep their mathematics in ``$…$`` (kept as it is) and
    prose without it (escaped)."""
    return h if "$" in h else narrate.text(h)


def _bib_ref(paper) -> str:
    return f"{{ref}}`{_short_cite(paper)} <bib-{paper.key}>`"


def _cite_base(paper) -> str:
    first = paper.authors.split(",")[0].strip().split()[-1]
    more = " et al." if "," in paper.authors else ""
    return f"{first}{more} {paper.year}"


def _short_cite(paper) -> str:
    """``Hu et al. 2024``; papers of the registry that would share it get a letter in the order of
    their keys (``2024a``, ``2024b``, …)."""
    from hoptheory import claims  # noqa: PLC0415

    base = _cite_base(paper)
    same = sorted({k for k, p in claims.papers().items() if _cite_base(p) == base} | {paper.key})
    return base + ("abcdefghijklmnopqrstuvwxyz"[same.index(paper.key)] if len(same) > 1 else "")


def _example_for(rec, bound):
    """Parameters of a worked example: the record's own instance, then the bound's declared example
    (a point where its hypotheses hold and its formula is defined)."""
    own, declared = rec.example, getattr(bound, "example", {})
    params, missing = {}, []
    for p in getattr(bound, "parameters", ()):
        if p in own:
            params[p] = float(own[p])
        elif p in declared:
            params[p] = float(declared[p])
        else:
            missing.append(p)
    return params, missing


def _evaluates(bound, params: dict) -> bool:
    """The bound evaluates at ``params`` without raising (checked when the chapter is written)."""
    try:
        bound(**params)
    except Exception:  # noqa: BLE001  (such a bound is left to the check's instances)
        return False
    return True


_SWEPT: set = set()
#: Words that name a form of the same quantity (drawn together in one sweep figure).
_FORMS = ("published", "corrected", "derived", "rigorous", "sharp", "coarse", "refined", "dense", "sparse")


def _form_family(name: str) -> str | None:
    """``expected_capacity_margin_published`` → ``expected_capacity_margin``: the quantity a bound
    is a form of, or None when its name names no form (then it is drawn alone)."""
    toks = name.split("_")
    rest = [t for t in toks if t not in _FORMS]
    return "_".join(rest) if len(rest) < len(toks) else None


def _api_target(bound) -> str | None:
    return BOUND_TARGETS.get(id(bound))


def related_claims(rec, records) -> list:
    """Other claims that share a bound function with ``rec`` or name its label."""
    mine = {id(b) for b in (rec.bounds or {}).values()}
    out = []
    for r in records:
        if r.id == rec.id:
            continue
        shared = mine & {id(b) for b in (r.bounds or {}).values()}
        lab = rec.label.split("(")[0].strip()
        named = len(lab) > 6 and lab[0].isupper() and lab in (r.statement_latex + " " + r.label)
        if shared or named:
            out.append(r)
    return out[:6]


def claim_section(rec, checks: dict, result: dict | None = None, records=(), level: int = 2) -> str:
    """One claim's section, its heading at ``level`` (3 inside a chapter's sections)."""
    cid = rec.id
    a = _anchor(cid)
    kind = claim_kind(rec)
    out = [f"({'claim-' + a})=", f"{'#' * level} {' '.join(rec.name.split())}", ""]
    cls = f"claim-box claim-{kind}"
    out += ["````{admonition} " + box_title(rec), f":class: {cls}", "", _math_block(rec.statement_latex), "",
            f"*{PROVENANCE_WORDS.get(rec.provenance, rec.provenance)}*", "````", ""]
    out.append(f"Claim `{cid}` of {_bib_ref(rec.paper)}; suspected status `{rec.suspected_status}`; "
               f"check type: {narrate.text(rec.check_type)}.")
    out.append("")
    if rec.hypotheses:
        out.append("**Hypotheses.**")
        out.append("")
        out += [f"- {hypothesis_md(h)}" for h in rec.hypotheses]
        out.append("")
    if rec.corrected_latex:
        out += ["````{admonition} Corrected form", ":class: claim-box claim-remark", "",
                _math_block(rec.corrected_latex), "````", ""]
    if rec.notes:
        out += [f"**Why this status is suspected.** {narrate.text(rec.notes)}", ""]

    # ---- the executed check
    out += ["**The check** (quick profile).", ""]
    if result is not None:
        v = result.get("verdict", "")
        ref = f"errata-{a}" if v in narrate.ERRATA_VERDICTS else None
        out.append(narrate.verdict_paragraph(rec, result, errata_ref=ref))
        if result.get("counterexample"):
            out += ["**Counterexample.**", "", narrate.counterexample_table(result["counterexample"]), ""]
        if hopbook_figure_kinds(result):
            out.append(_code(f"hopbook.claim_figure({cid!r})", tags=("hide-input",)))
        if (result.get("counterexample") or {}).get("reproduce"):
            from proofs_checks._report import reproduce_snippet  # noqa: PLC0415

            out.append(_code(f"hopbook.reproduce_stored({cid!r})", tags=("hide-input",)))
            out += [":::{dropdown} Re-evaluation snippet (loads the instance from the JSON report)", "",
                    "```python", reproduce_snippet(cid, result["counterexample"]).rstrip(), "```", ":::", ""]
        out.append(narrate.details_json(result))
    elif cid in checks:
        out += ["```{note}", "This claim's check did not run in this build.", "```", ""]
    else:
        out += ["```{note}", "No check is registered for this claim in this version of the suite, "
                "so no verdict is shown.", "```", ""]

    if rec.derivation:
        out += ["**Symbolic derivation** (hoptheory.symbolic).", ""]
        for d in rec.derivation:
            if _derivation_ok(d):
                out.append(_code(f"obj = {d.code}\nhopbook.show_symbolic(obj, {d.label!r})"))
            else:
                out += [f"*{d.label}: the symbolic function this derivation needs is not available in "
                        "this version of hoptheory.symbolic, so it is not shown.*", ""]

    bounds = dict(rec.bounds or {})
    if bounds:
        fixed: dict = {}
        measured = []
        for name, bound in bounds.items():
            if not hasattr(bound, "parameters"):
                measured.append(name)
                continue
            params, missing = _example_for(rec, bound)
            if missing or not _evaluates(bound, params):
                measured.append(name)
                continue
            fixed[name] = params
        own = rec.example
        where = ("at the paper's own instance, " + ", ".join(hopbook._param(k, v) for k, v in own.items())
                 if own else "at representative values")
        if fixed:
            out += [f"**The bounds on a worked example** ({where}).", ""]
            out.append(_code(f"hopbook.worked_examples({cid!r}, {fixed!r})", tags=("hide-input",)))
            for name, params in fixed.items():
                var, src, values = next(((v, g, f) for v, g, f in SWEEPS if v in params), (None, "", None))
                if var is None or not hopbook.sweep_drawable(bounds[name], params, var, values()):
                    continue
                curves = {n: p for n, p in fixed.items() if n == name or (
                    _form_family(name) is not None and _form_family(n) == _form_family(name) and var in p
                    and hopbook.sweep_drawable(bounds[n], p, var, values()))}
                key = (tuple(sorted((id(bounds[n]), tuple(sorted(p.items()))) for n, p in curves.items())), var)
                if key in _SWEPT:
                    continue
                _SWEPT.add(key)
                out.append(_code(f"hopbook.sweep({cid!r}, {curves!r}, {var!r}, {src})", tags=("hide-input",)))
                break
        if measured:
            links = []
            for name in measured:
                t = _api_target(bounds[name])
                links.append(f"{{py:data}}`{name} <{t}>`" if t else f"`{name}`")
            out += [("The bounds " if len(measured) > 1 else "The bound ") + ", ".join(links)
                    + (" take" if len(measured) > 1 else " takes")
                    + " quantities measured on memories and queries; the check above evaluates "
                    + ("them" if len(measured) > 1 else "it") + " on each of its instances.", ""]
        api = [f"{{py:data}}`{n} <{_api_target(b)}>`" for n, b in bounds.items()
               if n not in measured and _api_target(b)]
        if api:
            out += ["API entries: " + ", ".join(api) + ".", ""]
    rel = related_claims(rec, records)
    if rel:
        out += ["**Related claims:** " + "; ".join(
            f"{{ref}}`{narrate._role_text(r.name)} <claim-{_anchor(r.id)}>`" for r in rel) + ".", ""]
    return "\n".join(out) + "\n"


def hopbook_figure_kinds(result: dict) -> list[str]:
    """Which figures :func:`hopbook.claim_figure` draws for a result (the same rule, imported)."""
    return hopbook.figure_kinds(result)


def chapter_sections(stem: str, records) -> list[tuple[str | None, list]]:
    """(heading, records) of each section of a chapter, in order (:data:`SECTIONS`); a chapter
    without sections is one section without a heading.  Empty sections are left out."""
    spec = SECTIONS.get(stem)
    if not spec:
        return [(None, list(records))] if records else []
    out = [(head, [r for r in records if r.paper.key in keys]) for head, keys in spec]
    named = {k for _h, keys in spec for k in keys}
    out.append((OTHER_SECTION, [r for r in records if r.paper.key not in named]))
    return [(head, recs) for head, recs in out if recs]


def _section_order(stem: str):
    """Sort key of a record within its chapter: its section, then its paper in that section's
    list, then the registry's order (the sort is stable)."""
    keys = [k for _h, ks in SECTIONS.get(stem, ()) for k in ks]
    return lambda r: keys.index(r.paper.key) if r.paper.key in keys else len(keys)


def chapter(stem: str, title: str, intro: str, records, checks: dict, results: dict | None = None,
            all_records=()) -> str:
    """A chapter: the intro, the dashboard of its claims, its hand-written body (``_<name>_body.md``,
    when there is one) and one section per claim, grouped by :data:`SECTIONS`."""
    results = results or {}
    records = sorted(records, key=_section_order(stem))
    n_checked = sum(r.id in checks for r in records)
    body = [FRONT, f"({stem})=", f"# {title}", "", intro, ""]
    extra = BOOK / f"_{stem.split('-', 1)[1]}_body.md"
    if not records:
        body += ["```{note}", NO_CLAIMS_NOTE, "```", ""]
        if extra.exists():
            body.append(_code("import hopbook", tags=("remove-cell",)))
            body.append(extra.read_text())
        return "\n".join(body) + "\n"
    papers = list({r.paper.key: r.paper for r in records}.values())
    body += [f"This chapter has {len(records)} claims; {n_checked} have a registered check, run with the "
             "quick profile when the book is built.  Papers: "
             + "; ".join(_bib_ref(p) for p in papers) + ".", ""]
    body += ["## Results of this chapter", "",
             narrate.chapter_summary([results[r.id] for r in records if r.id in results]), "",
             narrate.dashboard_table(dashboard_rows(records, results)), ""]
    body.append(_code("import numpy as np\nimport hopbook\nfrom hoptheory import symbolic", tags=("remove-cell",)))
    if extra.exists():
        body.append(extra.read_text())
    for head, recs in chapter_sections(stem, records):
        level = 2
        if head is not None:
            level = 3
            cites = "; ".join(_bib_ref(p) for p in {r.paper.key: r.paper for r in recs}.values())
            body += [f"## {head}", "", f"{narrate._plural(len(recs), 'claim')} of {cites}.", ""]
        for rec in recs:
            body.append(claim_section(rec, checks, results.get(rec.id), all_records, level=level))
    return "\n".join(body) + "\n"


def dashboard_rows(records, results: dict) -> list[tuple]:
    rows = []
    for r in records:
        res = results.get(r.id)
        rows.append((f"claim-{_anchor(r.id)}", r.name, r.label, res["verdict"] if res else "",
                     narrate.one_line(res) if res else "no check is registered"))
    return rows


def results_page(placed: dict, results: dict) -> str:
    """The landing view of the claims: a summary per chapter and one table per paper."""
    allres = [results[r.id] for recs in placed.values() for r in recs if r.id in results]
    body = ["(results)=", "# Results at a glance", "",
            "Every verdict below was computed when this book was built, by the check registered for the "
            "claim, with the quick profile.  " + narrate.chapter_summary(allres)
            + "  Each claim links to its section; the {ref}`errata <errata>` explain every claim that "
            "is not confirmed.", ""]
    for stem, recs in placed.items():
        if not recs:
            continue
        title = CHAPTERS[stem][0]
        body += [f"## {title}", "", f"{{ref}}`Chapter <{stem}>`: "
                 + narrate.chapter_summary([results[r.id] for r in recs if r.id in results]), ""]
        for key in dict.fromkeys(r.paper.key for r in recs):  # papers in the order of the chapter
            prs = [r for r in recs if r.paper.key == key]
            body += [f"### {_short_cite(prs[0].paper)}: {prs[0].paper.title}", "",
                     narrate.dashboard_table(dashboard_rows(prs, results)), ""]
    return "\n".join(body) + "\n"


ERRATA_INTRO = """\
The published claims whose check did not confirm them in this build: refuted (a counterexample,
re-evaluated independently), vacuous (true but never better than the trivial bound), ill-defined
(the formula cannot be evaluated where its hypotheses hold) and inconclusive (the budget of the
quick profile cannot decide a statistical part).  Each entry gives the statement as published,
what fails, the counterexample and the corrected statement where the catalogue has one.  The same
results are written as a JSON report by `hoptheory check --profile quick`.
"""


def errata_page(placed: dict, results: dict) -> str:
    body = ["(errata)=", "# Errata", "", ERRATA_INTRO, ""]
    entries = [(stem, r) for stem, recs in placed.items() for r in recs
               if results.get(r.id, {}).get("verdict") in narrate.ERRATA_VERDICTS]
    from collections import Counter  # noqa: PLC0415

    c = Counter(results[r.id]["verdict"] for _s, r in entries)
    body += [f"This build has {len(entries)} entries: "
             + ", ".join(f"{c[v]} {narrate.badge(v)}" for v in narrate.ERRATA_VERDICTS if c[v]) + "."
             if entries else "Every check of this build confirms its claim; there is no erratum.", ""]
    for key in dict.fromkeys(r.paper.key for _s, r in entries):  # papers in the order of the chapters
        recs = [r for _s, r in entries if r.paper.key == key]
        body += [f"## {_short_cite(recs[0].paper)}: {recs[0].paper.title}", ""]
        for rec in recs:
            res = results[rec.id]
            a = _anchor(rec.id)
            body += [f"(errata-{a})=", f"### {' '.join(rec.name.split())} {narrate.badge(res['verdict'])}", "",
                     f"{narrate.text(box_title(rec))}, claim `{rec.id}` of {_bib_ref(rec.paper)}; full section: "
                     f"{{ref}}`{narrate._role_text(rec.name)} <claim-{a}>`.", "",
                     "**As published.**", "", _math_block(rec.statement_latex), "",
                     "**What fails.**", "", narrate.verdict_paragraph(rec, res)]
            if res.get("counterexample"):
                body += ["**Counterexample.**", "", narrate.counterexample_table(res["counterexample"]), ""]
            body += ["**Corrected statement.**", "",
                     _math_block(rec.corrected_latex) if rec.corrected_latex else
                     "The catalogue gives no corrected form for this claim.", ""]
    return "\n".join(body) + "\n"


def bibliography_page(papers: dict) -> str:
    body = ["(bibliography)=", "# Bibliography", "",
            "The papers whose claims this book checks.  Each chapter and claim section links here.", ""]
    for key, p in sorted(papers.items()):
        link = f" [arXiv:{p.arxiv}](https://arxiv.org/abs/{p.arxiv})" if p.arxiv else ""
        ver = f" ({narrate.text(p.version)})" if p.version else ""
        body += [f"(bib-{key})=", f"## {_short_cite(p)}", "",
                 f"{narrate.text(p.authors)}. *{narrate.text(p.title)}*. {narrate.text(p.venue)}, {p.year}."
                 f"{link}{ver}", ""]
    return "\n".join(body) + "\n"


def _automodule(mod: str) -> list[str]:
    """An autodoc block for ``mod``; the docstrings are reStructuredText (numpydoc), so the
    directive runs inside ``eval-rst`` instead of being parsed as MyST."""
    return ["```{eval-rst}", f".. automodule:: {mod}", "   :members:", "   :imported-members:", "```", ""]


def _bound_entries(modname: str) -> list[str]:
    """One ``py:data`` entry per :class:`~hoptheory.bounds.Bound` of a paper module.

    Bounds are objects, not functions, so autodoc has nothing to say about them; this lists
    each with its printed formula, parameters, kind, hypotheses and source.
    """
    from hoptheory.bounds import Bound  # noqa: PLC0415

    mod = importlib.import_module(modname)
    out = ["## Bounds", "", "```{eval-rst}"]
    for name in getattr(mod, "__all__", []):
        b = getattr(mod, name, None)
        if not isinstance(b, Bound):
            continue
        doc = getattr(b, "description", "") or ""
        if not doc and b.__doc__ and b.__doc__ != type(b).__doc__:
            doc = b.__doc__.strip().split("\n\n")[0]
        out.append(f".. py:data:: {name}")
        out.append(f"   :module: {modname}")
        out.append("")
        if doc:
            out += ["   " + line for line in " ".join(doc.split()).splitlines()] + [""]
        if b.latex:
            out += ["   .. math::", "", "      " + " ".join(b.latex.split()), ""]
        out.append(f"   :Parameters: ``{', '.join(b.parameters)}``")
        out.append(f"   :Kind: {b.kind}")
        if b.hypotheses:
            out.append("   :Hypotheses: " + "; ".join(f":math:`{' '.join(h.latex.split())}`" for h in b.hypotheses))
        if b.source:
            out.append(f"   :Source: {' '.join(b.source.split())}")
        claims_of = BOUND_CLAIMS.get(id(b), [])
        if claims_of:
            out.append("   :Claims: " + ", ".join(f":ref:`{narrate._role_text(n)} <{a}>`" for a, n in claims_of))
        out.append("")
    out += ["```", ""]
    return out


API_MODULES = ("hoptheory.bounds", "hoptheory.models", "hoptheory.maps", "hoptheory.symbolic")
#: id(Bound object) → its documented target (filled by :func:`bound_targets`).
BOUND_TARGETS: dict[int, str] = {}
#: id(Bound object) → (section label, name) of the claims that use it (filled by :func:`main`).
BOUND_CLAIMS: dict[int, list[tuple[str, str]]] = {}


def bound_modules() -> tuple[str, ...]:
    """The modules of :mod:`hoptheory.bounds` (one per paper, or per topic such as spherical codes),
    found in the package, so that a new paper's module is documented without a change here."""
    import pkgutil  # noqa: PLC0415

    import hoptheory.bounds as pkg  # noqa: PLC0415

    return tuple(sorted(f"hoptheory.bounds.{i.name}" for i in pkgutil.iter_modules(pkg.__path__)
                        if not i.name.startswith("_")))


def bound_targets() -> dict[int, str]:
    """Every :class:`~hoptheory.bounds.Bound` that :func:`_bound_entries` documents, by object id.

    A bound listed by several modules links to the entry of the module that declares it."""
    from hoptheory.bounds import Bound  # noqa: PLC0415

    out: dict[int, str] = {}
    for modname in bound_modules():
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        for name in getattr(mod, "__all__", []):
            b = getattr(mod, name, None)
            if not isinstance(b, Bound):
                continue
            home = str(getattr(b, "__module__", ""))
            if id(b) not in out or home == modname or home.startswith(modname + "."):
                out[id(b)] = f"{modname}.{name}"
    return out


def api_pages() -> dict[str, str]:
    """``api/<module>`` → page text: one page per module, and the index page ``07-api``."""
    pages = {}
    index = ["(api)=", "# API reference", "",
             "Generated with Sphinx autodoc from the docstrings of the public subpackages, one page per "
             "module.  The bounds of each paper are listed with their formula, parameters and source; "
             "the claim sections link to them.", ""]
    for mod in API_MODULES + bound_modules():
        try:
            m = importlib.import_module(mod)
            ok = hasattr(m, "__all__") and m.__file__ is not None
        except Exception:  # noqa: BLE001
            ok = False
        if not ok:
            continue
        body = [f"# `{mod}`", ""] + _automodule(mod)
        if mod.count(".") == 2 and mod.startswith("hoptheory.bounds."):
            body += _bound_entries(mod)
        pages[f"api/{mod}"] = "\n".join(body) + "\n"
        index.append(f"- {{doc}}`{mod} <api/{mod}>`")
    pages["07-api"] = "\n".join(index) + "\n"
    return pages


def chapter_records(records) -> dict:
    """Chapter stem → its records in the order they are shown (:data:`SECTIONS`); papers not
    listed in :data:`CHAPTERS` go to the catch-all chapter."""
    assigned = {k for _t, keys, _i in CHAPTERS.values() if keys for k in keys}
    return {stem: sorted([r for r in records if (r.paper.key in keys if keys else r.paper.key not in assigned)],
                         key=_section_order(stem))
            for stem, (_title, keys, _intro) in CHAPTERS.items()}


def toc(placed: dict, api: list[str]) -> str:
    """The table of contents: a chapter only when it holds claims (or a hand-written body)."""
    lines = ["# Written by generate.py: a chapter is listed only when it has claims or a written body.",
             "format: jb-book", "root: 00-intro", "chapters:", "  - file: 00-results"]
    for stem, recs in placed.items():
        if recs or (BOOK / f"_{stem.split('-', 1)[1]}_body.md").exists():
            lines.append(f"  - file: {stem}")
    lines += ["  - file: 06-errata", "  - file: 07-api", "    sections:"]
    lines += [f"      - file: {p}" for p in api]
    lines += ["  - file: 08-bibliography"]
    return "\n".join(lines) + "\n"


def _run_pool(ids: list[str], workers: int) -> None:
    """Run the checks of ``ids`` in ``workers`` processes, writing each result as the runner does.

    Seeds are derived per claim, so a result does not depend on which process ran it.
    """
    import json  # noqa: PLC0415
    import os  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    from proofs_checks import _runner  # noqa: PLC0415

    run = {"profile": hopbook.PROFILE, "backend": hopbook.BACKEND, "seed": hopbook.SEED}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_runner.run_one_json, cid, run["profile"], run["backend"], run["seed"])
                   for cid in ids]
        for fut in futures:
            data = fut.result()
            data["run"] = run
            path = _runner.result_path(hopbook.RESULTS, data["id"])
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(data, indent=1))
            os.replace(tmp, path)


def run_checks(ids: list[str], reuse: bool, workers: int = 2) -> dict:
    """Run every registered check once (quick profile), writing the runner's JSON per claim.

    Without ``reuse`` the results folder is emptied first; the checks run in ``workers``
    processes.  Raises ``RuntimeError`` naming the claims whose check raised.
    """
    from proofs_checks import _runner  # noqa: PLC0415

    if not reuse:
        shutil.rmtree(hopbook.RESULTS, ignore_errors=True)
    (hopbook.RESULTS / "claims").mkdir(parents=True, exist_ok=True)
    todo = [c for c in ids if not _runner.result_path(hopbook.RESULTS, c).is_file()]
    if todo and workers > 1:
        _run_pool(todo, workers)
    res = _runner.run(ids, out=hopbook.RESULTS, profile=hopbook.PROFILE, backend=hopbook.BACKEND,
                      seed=hopbook.SEED, resume=True)
    errors = [r["id"] for r in res if r["verdict"] == "error"]
    if errors:
        raise RuntimeError("checks raised an exception: " + ", ".join(errors))
    return {r["id"]: r for r in res}


def main(argv: list[str] | None = None) -> int:
    from hoptheory import claims  # noqa: PLC0415
    import proofs_checks  # noqa: PLC0415

    argv = sys.argv[1:] if argv is None else argv
    checks = proofs_checks.checks()
    records = claims.all()
    BOUND_TARGETS.update(bound_targets())
    for r in records:
        for b in (r.bounds or {}).values():
            BOUND_CLAIMS.setdefault(id(b), []).append((f"claim-{_anchor(r.id)}", r.name))
    _SWEPT.clear()
    t0 = time.perf_counter()
    results = run_checks([r.id for r in records if r.id in checks], reuse="--reuse" in argv)
    t1 = time.perf_counter()
    placed = chapter_records(records)
    for stem, recs in placed.items():
        title, _keys, intro = CHAPTERS[stem]
        path = BOOK / f"{stem}.md"
        if recs or (BOOK / f"_{stem.split('-', 1)[1]}_body.md").exists():
            path.write_text(chapter(stem, title, intro, recs, checks, results, records))
        elif path.exists():
            path.unlink()
    (BOOK / "00-results.md").write_text(results_page(placed, results))
    (BOOK / "06-errata.md").write_text(errata_page(placed, results))
    (BOOK / "08-bibliography.md").write_text(bibliography_page(claims.papers()))
    api = api_pages()
    shutil.rmtree(BOOK / "api", ignore_errors=True)
    (BOOK / "api").mkdir()
    for name, text in api.items():
        (BOOK / f"{name}.md").write_text(text)
    (BOOK / "_toc.yml").write_text(toc(placed, [p for p in api if p.startswith("api/")]))
    print(f"generate.py: {len(records)} claims, {len(results)} checks run in {t1 - t0:.1f} s, "
          f"{sum(bool(r) for r in placed.values())} chapters with claims")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
