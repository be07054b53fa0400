"""Write the claim chapters of the book from the claim registry.

Run from anywhere: ``python book/generate.py``.  It writes ``01-dense.md`` …
``05-related.md`` (one section per claim record) and ``07-api.md`` (the API reference of
the subpackages that import), and empties the check-result folder of the build so that
the errata chapter only reuses results of the same build.

Each claim section holds the statement as published (a ``prf:theorem`` with the claim's
label) and its provenance, the corrected form when there is one, the hypotheses, a
symbolic derivation where one applies, the record's bounds evaluated on a worked example
with a figure, and the executed quick-profile check (verdict, evidence, re-evaluated
counterexample, figure).  A claim without a registered check says so; nothing is invented.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(ROOT))

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

#: Symbolic derivations: claim ID → list of (label, attribute names of hoptheory.symbolic
#: used, a call whose arguments are bound against the signature at generation time, code).
DERIVATIONS = {
    "hu2023/gini-conjugate": [
        ("Conjugate of the Gini negentropy, $n=3$, sorted chamber", ("conjugate", "Gini"),
         ("conjugate", "Gini()", 3), "symbolic.conjugate(symbolic.Gini(), 3)"),
    ],
    "ramsauer2021/entropy-lse-conjugacy": [
        ("Conjugate of the Shannon negentropy, $n=3$", ("conjugate", "Shannon"),
         ("conjugate", "Shannon()", 3), "symbolic.conjugate(symbolic.Shannon(), 3)"),
    ],
    "wu2024/tsallis-conjugate-closed-form": [
        ("Conjugate of the Tsallis negentropy, $\\alpha=3/2$, $n=2$", ("conjugate", "Tsallis"),
         ("conjugate", "Tsallis('3/2')", 2), "symbolic.conjugate(symbolic.Tsallis('3/2'), 2)"),
    ],
    "ramsauer2021/energy-forms": [
        ("Energy $H_\\beta$ of the Shannon model, $d=2$, $M=3$", ("energy", "Shannon"),
         ("energy", "Shannon()", 2, 3), "symbolic.energy(symbolic.Shannon(), 2, 3)"),
    ],
    "hu2023/sparse-energy": [
        ("Energy $H_\\beta$ of the Gini model, $d=2$, $M=3$", ("energy", "Gini"),
         ("energy", "Gini()", 2, 3), "symbolic.energy(symbolic.Gini(), 2, 3)"),
        ("The energy as printed (no $\\beta^{-1}$), $d=2$, $M=3$", ("published_energy", "Gini"),
         ("published_energy", "Gini()", 2, 3), "symbolic.published_energy(symbolic.Gini(), 2, 3)"),
    ],
    "wu2024/gsh-energy": [
        ("Energy $H_\\beta$ of the Tsallis model, $\\alpha=3/2$, $d=2$, $M=3$", ("energy", "Tsallis"),
         ("energy", "Tsallis('3/2')", 2, 3), "symbolic.energy(symbolic.Tsallis('3/2'), 2, 3)"),
    ],
    "hu2024/svr-primal": [
        ("The $\\epsilon$-SVR primal, $M=2$, $D=2$", ("svr_primal",), ("svr_primal", 2, 2), "symbolic.svr_primal(2, 2)"),
    ],
    "hu2024/svr-dual-kkt": [
        ("The SVR dual, $M=2$, $D=1$", ("svr_dual",), ("svr_dual", 2, 1), "symbolic.svr_dual(2, 1)"),
        ("The KKT conditions, $M=1$, $D=1$", ("svr_kkt",), ("svr_kkt", 1, 1), "symbolic.svr_kkt(1, 1)"),
    ],
    "hu2024/svr-retrieval-map": [
        ("The representer form of the retrieval map, $M=2$, $D=2$", ("svr_representer",),
         ("svr_representer", 2, 2), "symbolic.svr_representer(2, 2)"),
    ],
}

#: Representative parameter values for worked examples, by parameter name.  A bound with a
#: parameter not listed here (and not in EXAMPLES) gets no worked example, and says so.
DEFAULTS = {
    "beta": 1.0, "K": 3.0, "d": 20.0, "p_fail": 0.001, "m": 1.0, "M": 10.0, "N": 10.0,
    "n": 10.0, "L": 10.0, "Delta": 1.0, "delta": 0.1, "kappa": 3.0, "k": 3.0, "alpha": 1.5,
    "gamma": 2.0, "epsilon": 0.1, "r": 0.1, "R": 0.5, "t": 1.0, "c": 1.0, "a": -0.5,
}
#: Per-claim overrides: claim ID → bound name → parameters.
EXAMPLES: dict[str, dict[str, dict[str, float]]] = {
    "ramsauer2021/capacity-lambert": {"capacity_constant": {"beta": 1.0, "K": 3.0, "d": 20.0, "p_fail": 0.001}},
}
#: Sweep variable and grid for the bound figure, in order of preference.
SWEEPS = [
    ("d", "list(range(2, 101, 2))"),
    ("beta", "list(np.logspace(-2, 2, 81))"),
    ("M", "list(range(2, 201, 2))"),
    ("alpha", "list(np.linspace(1.05, 4.0, 60))"),
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


def _derivation_ok(spec) -> bool:
    """The symbolic API the derivation needs exists and accepts the call."""
    try:
        symbolic = importlib.import_module("hoptheory.symbolic")
    except Exception:  # noqa: BLE001
        return False
    _label, names, call, _src = spec
    if not all(hasattr(symbolic, n) for n in names):
        return False
    fn = getattr(symbolic, call[0])
    try:
        inspect.signature(fn).bind(*call[1:])
    except TypeError:
        return False
    except ValueError:  # no signature available: let the build try it
        return True
    return True


def _example_params(claim_id: str, name: str, bound):
    over = EXAMPLES.get(claim_id, {}).get(name)
    if over is not None:
        return over, []
    params = {}
    missing = []
    for p in getattr(bound, "parameters", ()):
        if p in DEFAULTS:
            params[p] = DEFAULTS[p]
        else:
            missing.append(p)
    return params, missing


def claim_section(rec, checks: dict) -> str:
    cid = rec.id
    a = _anchor(cid)
    out = [f"({'claim-' + a})=", f"## `{cid}`: {rec.name}", ""]
    title = rec.name.replace("\n", " ")
    out += [f"````{{prf:theorem}} {title}", f":label: thm-{a}", "", _math_block(rec.statement_latex), "````", ""]
    out.append(f"*Paper:* {rec.paper.citation()}.  *Label:* {rec.label}.  "
               f"*Provenance of the wording:* `{rec.provenance}`.  "
               f"*Suspected status:* `{rec.suspected_status}`.  *Check type:* {rec.check_type}.")
    out.append("")
    if rec.hypotheses:
        out.append("**Hypotheses.**")
        out.append("")
        out += [f"- {_math_block(h) if '$' in h else '$' + h + '$'}" for h in rec.hypotheses]
        out.append("")
    if rec.corrected_latex:
        out += [f"````{{prf:remark}} Corrected form", f":label: cor-{a}", "",
                _math_block(rec.corrected_latex), "````", ""]
    if rec.notes:
        out += [f"**Why this status is suspected.** {rec.notes}", ""]

    derivs = DERIVATIONS.get(cid, [])
    if derivs:
        out += ["**Symbolic derivation** (hoptheory.symbolic).", ""]
        for spec in derivs:
            label, _names, _call, src = spec
            if _derivation_ok(spec):
                out.append(_code(f"obj = {src}\nhopbook.show_symbolic(obj, {label!r})"))
            else:
                out += [f"*{label}: the symbolic function this derivation needs is not available in "
                        "this version of hoptheory.symbolic, so it is not shown.*", ""]

    bounds = dict(rec.bounds or {})
    if bounds:
        out += ["**The bound on a worked example.**", ""]
        swept = False
        for name, bound in bounds.items():
            if not hasattr(bound, "parameters"):
                out += [f"*`{name}` is evaluated on memories and queries; see the check below.*", ""]
                continue
            params, missing = _example_params(cid, name, bound)
            if missing:
                out += [f"*`{name}`: no representative value for {', '.join(missing)}, so no worked "
                        "example is shown.*", ""]
                continue
            out.append(_code(f"hopbook.worked_example({cid!r}, {name!r}, {params!r})"))
            if swept:
                continue  # one figure per claim keeps the build fast
            for var, grid in SWEEPS:
                if var in params:
                    out.append(_code(f"hopbook.sweep({cid!r}, {name!r}, {params!r}, {var!r}, {grid})"))
                    swept = True
                    break
    out += ["**Executed check** (quick profile).", ""]
    if cid in checks:
        out.append(_code(f"result = run_claim({cid!r}, profile=hopbook.PROFILE, seed=hopbook.SEED)\n"
                         "hopbook.show_check(result)"))
    else:
        out += ["```{note}", "No check is registered for this claim in this version of the suite, "
                "so no verdict is shown.", "```", ""]
    return "\n".join(out) + "\n"


def chapter(stem: str, title: str, intro: str, records, checks: dict) -> str:
    n_checked = sum(r.id in checks for r in records)
    body = [FRONT, f"# {title}", "", intro, ""]
    extra = BOOK / f"_{stem.split('-', 1)[1]}_body.md"
    if not records:
        if extra.exists():
            body.append(_code("import hopbook", tags=("remove-output",)))
            body.append(extra.read_text())
        else:
            body += ["```{note}", "No claim of this chapter is in the registry of this version of "
                     "hoptheory.", "```", ""]
        return "\n".join(body) + "\n"
    body += [f"This chapter has {len(records)} claims; {n_checked} have a registered check, run here "
             "with the quick profile.  Papers: "
             + "; ".join(sorted({r.paper.citation() for r in records})) + ".", ""]
    body.append(_code("import numpy as np\nimport hopbook\nfrom proofs_checks import run_claim\n"
                      "from hoptheory import symbolic", tags=("remove-output",)))
    for rec in records:
        body.append(claim_section(rec, checks))
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
    out = ["#### Bounds", "", "```{eval-rst}"]
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
        out.append("")
    out += ["```", ""]
    return out


def api_page() -> str:
    body = ["# API reference", "",
            "Generated with Sphinx autodoc from the docstrings of the public subpackages.", ""]
    for mod in ("hoptheory.bounds", "hoptheory.models", "hoptheory.maps", "hoptheory.symbolic"):
        body.append(f"## `{mod}`")
        body.append("")
        try:
            m = importlib.import_module(mod)
            ok = hasattr(m, "__all__") and m.__file__ is not None
        except Exception:  # noqa: BLE001
            ok = False
        if ok:
            body += _automodule(mod)
            # the per-paper bound modules
            if mod == "hoptheory.bounds":
                for key in ("ramsauer2021", "hu2023", "hu2024"):
                    try:
                        importlib.import_module(f"{mod}.{key}")
                    except ImportError:
                        continue
                    body += [f"### `{mod}.{key}`", ""] + _automodule(f"{mod}.{key}") + _bound_entries(f"{mod}.{key}")
        else:
            body += ["```{note}", f"`{mod}` is not available in this version of hoptheory.", "```", ""]
    return "\n".join(body) + "\n"


def chapter_records(records) -> dict:
    """Chapter stem → its records (papers not listed in :data:`CHAPTERS` go to the catch-all)."""
    assigned = {k for _t, keys, _i in CHAPTERS.values() if keys for k in keys}
    return {stem: [r for r in records if (r.paper.key in keys if keys else r.paper.key not in assigned)]
            for stem, (_title, keys, _intro) in CHAPTERS.items()}


def main() -> int:
    from hoptheory import claims  # noqa: PLC0415
    import proofs_checks  # noqa: PLC0415

    checks = proofs_checks.checks()
    records = claims.all()
    for stem, recs in chapter_records(records).items():
        title, _keys, intro = CHAPTERS[stem]
        (BOOK / f"{stem}.md").write_text(chapter(stem, title, intro, recs, checks))
    (BOOK / "07-api.md").write_text(api_page())
    results = BOOK / "_build" / "check-results"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir(parents=True, exist_ok=True)
    print(f"generate.py: {len(records)} claims, {sum(r.id in checks for r in records)} with checks, "
          f"{len(CHAPTERS)} chapters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
