"""Helpers for the code cells of the book: show checks, bounds, derivations and errata.

Every function here displays what the library computes and adds no number of its own.
A check whose verdict is ``error`` raises, and so does a counterexample that does not
reproduce: a cell that raises fails the (strict) book build.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import sys
import tempfile
import time
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
# The package and the check suite are imported from this checkout.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Check results of this build (one JSON per claim, in the runner's format).  generate.py
#: empties it, so the errata chapter only reuses results of the same build.
RESULTS = BOOK / "_build" / "check-results"
PROFILE = "quick"
BACKEND = "numpy"
SEED = 20231

__all__ = ["errata", "paper_latex", "show_check", "show_symbolic", "sweep", "worked_example"]


def _display(obj):
    from IPython.display import display  # noqa: PLC0415

    display(obj)


def _md(text: str):
    from IPython.display import Markdown  # noqa: PLC0415

    _display(Markdown(text))


def _fmt(v) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return f"{v:.6g}" if math.isfinite(v) else str(v)
    if isinstance(v, (list, tuple)):
        s = json.dumps(v)
        return s if len(s) <= 80 else s[:77] + "..."
    if isinstance(v, dict):
        s = json.dumps(v, default=str)
        return s if len(s) <= 80 else s[:77] + "..."
    return str(v)


def _cell_text(s: str) -> str:
    """A Markdown table cell: no pipes or newlines."""
    return s.replace("|", "\\|").replace("\n", " ")


# --------------------------------------------------------------------------- checks


def _store(data: dict) -> None:
    from proofs_checks._runner import result_path  # noqa: PLC0415

    data = dict(data)
    data["run"] = {"profile": PROFILE, "backend": BACKEND, "seed": SEED}
    path = result_path(RESULTS, data["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


def show_check(result) -> None:
    """Display a :class:`~proofs_checks.CheckResult`: verdict, evidence, counterexample, figure.

    Raises ``RuntimeError`` when the check itself failed (verdict ``error``).
    """
    from hoptheory import claims  # noqa: PLC0415
    from proofs_checks import AGREES, UNDECIDED  # noqa: PLC0415

    if result.verdict == "error":
        tb = result.evidence.get("traceback", result.evidence.get("exception", ""))
        raise RuntimeError(f"the check of {result.id} raised:\n{tb}")
    data = result.to_json()
    _store(data)
    try:
        suspected = claims.get(result.id).suspected_status
    except KeyError:
        suspected = "unverified"
    agrees = result.verdict in AGREES.get(suspected, set())
    lines = [
        f"**Verdict: `{result.verdict}`** (profile `{PROFILE}`, backend `{BACKEND}`, seed {SEED}, "
        f"{result.duration_s:.2f} s). Suspected status `{suspected}`: "
        + ("the verdict agrees." if agrees else
           ("the budget of this profile cannot decide a statistical part (see the evidence for the number "
            "of trials that would)." if result.verdict in UNDECIDED
            else "**the verdict disagrees with the suspected status.**")),
        "",
    ]
    if result.notes:
        lines += [_cell_text(result.notes), ""]
    ev = {k: v for k, v in data.get("evidence", {}).items() if k not in ("traceback",)}
    if ev:
        lines += ["| evidence | value |", "|---|---|"]
        lines += [f"| `{k}` | {_cell_text(_fmt(v))} |" for k, v in ev.items()]
        lines.append("")
    _md("\n".join(lines))
    if data.get("counterexample"):
        reproduce(result)
    figure(result)


def reproduce(result) -> None:
    """Re-evaluate a counterexample from its JSON form with the report's reproduce snippet.

    The result is turned into a one-claim report in memory, written to JSON (so the
    instance is re-read from the serialised form only) and the snippet is executed.
    Raises ``AssertionError`` if the snippet does not show the violation.
    """
    from proofs_checks._report import build_report, reproduce_snippet  # noqa: PLC0415

    data = result.to_json()
    ce = data["counterexample"]
    now = time.time()
    report = build_report([data], profile=PROFILE, backend=BACKEND, seed=SEED, started=now, finished=now)
    inputs = ce.get("inputs")
    if inputs is not None:
        _md("**Counterexample** (as stored in the JSON report):\n\n```json\n"
            + json.dumps(inputs, indent=1)[:4000] + "\n```")
    if not ce.get("reproduce"):
        _md("This check gives no re-evaluation snippet for its counterexample; the instance above is "
            "what the check found.")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.json"
        path.write_text(json.dumps(report))
        snippet = reproduce_snippet(result.id, ce, report_name=str(path))
        shown = reproduce_snippet(result.id, ce, report_name="report.json")
        ns: dict = {}
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(snippet, f"<reproduce {result.id}>", "exec"), ns)  # noqa: S102
    _md("**Re-evaluation** of the stored instance (the snippet the errata report prints):\n\n"
        "```python\n" + shown.rstrip() + "\n```\n\nOutput:\n\n```text\n" + buf.getvalue().rstrip() + "\n```")
    if "lhs" in ns and "rhs" in ns:
        kind = ce.get("kind", "upper")
        lhs, rhs = float(ns["lhs"]), float(ns["rhs"])
        violated = lhs > rhs if kind == "upper" else lhs < rhs
        if not violated:
            raise AssertionError(f"{result.id}: the stored counterexample does not reproduce "
                                 f"(lhs = {lhs!r}, rhs = {rhs!r}, kind {kind})")


def figure(result) -> None:
    """Observed value vs bound for the check's samples (written by the report's figure code)."""
    from IPython.display import Image  # noqa: PLC0415
    from proofs_checks._report import write_figures  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_figures([result.to_json()], Path(tmp))
        for p in paths:
            _display(Image(filename=str(p)))
    if not paths:
        _md("*The check records no (observed, bound) samples, so there is no figure of them.*")


# --------------------------------------------------------------------------- bounds


def worked_example(claim_id: str, bound_name: str, params: dict) -> None:
    """Evaluate one bound of a claim's record at ``params`` and print its summary."""
    from IPython.display import Math  # noqa: PLC0415

    from hoptheory import claims  # noqa: PLC0415

    bound = claims.get(claim_id).bounds[bound_name]
    if getattr(bound, "latex", ""):
        _display(Math(paper_latex(bound.latex)))
    res = bound(**params)
    print("parameters:", ", ".join(f"{k} = {v!r}" for k, v in params.items()))
    print(res.summary())
    if res.trivial is not None:
        print(f"trivial bound: {float(res.trivial):.6g} ({res.kind} bound)")


def sweep(claim_id: str, bound_name: str, params: dict, var: str, grid) -> None:
    """Plot one bound of a claim against ``var`` over ``grid`` (other parameters fixed)."""
    import matplotlib.pyplot as plt  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    from hoptheory import claims  # noqa: PLC0415
    from hoptheory._backend import to_numpy  # noqa: PLC0415

    bound = claims.get(claim_id).bounds[bound_name]
    grid = np.asarray(grid, dtype=np.float64)
    res = bound(**{**params, var: grid})
    value = to_numpy(res.value)
    valid = to_numpy(res.valid)
    fig, ax = plt.subplots(figsize=(5.2, 3.4))
    ax.plot(grid, np.where(valid, value, np.nan), "-", label=f"{bound_name} (hypotheses hold)")
    if not bool(valid.all()):
        ax.plot(grid, np.where(valid, np.nan, value), ":", color="C3",
                label="hypotheses fail or ill-defined")
    if res.trivial is not None:
        ax.plot(grid, to_numpy(res.trivial), "k--", lw=1, label="trivial bound")
    if var == "beta" or (grid.min() > 0 and grid.max() / grid.min() > 1e3):
        ax.set_xscale("log")
    finite = value[np.isfinite(value)]
    if finite.size and finite.min() > 0 and finite.max() / finite.min() > 1e3:
        ax.set_yscale("log")
    ax.set_xlabel(var)
    ax.set_ylabel(bound_name)
    fixed = ", ".join(f"{k}={v:g}" for k, v in params.items() if k != var)
    ax.set_title(f"{claim_id} ({fixed})", fontsize=8)
    ax.legend(fontsize=7)
    fig.tight_layout()
    _show_png(fig)


def _show_png(fig) -> None:
    """Display a figure as PNG whatever the Matplotlib backend (the report code selects Agg)."""
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from IPython.display import Image  # noqa: PLC0415

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    _display(Image(data=buf.getvalue(), format="png"))


# --------------------------------------------------------------------------- symbolic


def _latex_of(obj) -> str:
    import sympy  # noqa: PLC0415

    lx = getattr(obj, "latex", None)
    if callable(lx):
        return lx()
    if isinstance(lx, str):
        return lx
    expr = getattr(obj, "expr", obj)
    return sympy.latex(expr)


def paper_latex(s: str, width: int = 90) -> str:
    """Fit LaTeX to the column: an ``aligned`` block broken between terms (lines of ~width chars)."""
    from hoptheory.symbolic._paper import split_top, tex  # noqa: PLC0415

    s = re.sub(r"\\quad(?=[A-Za-z])", r"\\quad ", tex(s))  # "\quadc" (no space) is not a macro
    if r"\begin{aligned}" in s or len(s) <= width:
        return s
    lines, cur = [], ""
    seps = (" + ", " - ", r", \ ", r",\ ", r",\quad", r"\quad\text{s.t.}\quad ", r"\Leftrightarrow")
    for part in split_top(s, seps):
        if cur and len(cur) + len(part) > width:
            lines.append(cur)
            cur = r"\quad " + part
        else:
            cur = f"{cur} {part}".strip()
    lines.append(cur)
    return r"\begin{aligned}&" + r"\\ &".join(lines) + r"\end{aligned}"


_ENERGY_HEADS = {
    "energy": r"H_\beta(x) = -\beta^{-1}\,\Omega^*(\beta\,\Xi^\top x) + \tfrac12\lVert x\rVert^2",
    "published_energy": r"H_{\rm pub}(x) = -\Omega^*(\beta\,\Xi^\top x) + \tfrac12\lVert x\rVert^2",
}


def show_symbolic(obj, label: str = "") -> None:
    """Render a derived object in paper form.

    A conjugate: its canonical pieces (support, region, Ω*, τ) and the verified derivation
    steps (Lagrangian, KKT, threshold, closed form).  An energy: its definition and the
    conjugate's paper form in z = βΞᵀx.  Anything else: its LaTeX, broken between terms to
    fit the column.
    """
    import textwrap  # noqa: PLC0415

    from IPython.display import Math  # noqa: PLC0415

    from hoptheory.symbolic import Conjugate, derive_conjugate  # noqa: PLC0415

    if label:
        _md(f"*{label}*")
    conj = obj if isinstance(obj, Conjugate) else None
    if conj is None and getattr(obj, "name", None) in _ENERGY_HEADS and getattr(obj, "conjugate", None) is not None:
        _display(Math(_ENERGY_HEADS[obj.name] + r",\quad z = \beta\,\Xi^\top x,"))
        _md("with, on the region of each support $S$,")
        _display(Math(obj.conjugate.latex(style="paper")))
        res = obj.check()
        print(textwrap.fill(f"verified ({res.method}): {res.detail}", 76))
        return
    if conj is None:
        _display(Math(paper_latex(_latex_of(obj))))
        check = getattr(obj, "check", None)
        if callable(check):
            with contextlib.suppress(NotImplementedError):
                res = check()
                print(textwrap.fill(f"verified ({res.method}): {res.detail}", 76))
        return
    _display(Math(conj.latex(style="paper")))
    print(textwrap.fill(f"closed_form: {conj.closed_form}; notes: {conj.notes}", 76))
    der = derive_conjugate(conj.regulariser, conj.n, conj.chamber)
    _md("*Derivation* (each step verified by SymPy):")
    _display(Math(der.latex()))
    ok = sum(s.fact.holds for s in der.steps)
    print(textwrap.fill(f"{ok} of {len(der.steps)} steps verified: " + ", ".join(
        f"{s.title} [{s.fact.method}]" for s in der.steps if s.fact.holds), 76))


# --------------------------------------------------------------------------- errata


def errata() -> dict:
    """Collect this build's quick-profile results (running the missing ones) and render the errata.

    Returns the JSON report (as a dict).
    """
    import proofs_checks  # noqa: PLC0415
    from hoptheory import claims  # noqa: PLC0415
    from proofs_checks import _report, _runner  # noqa: PLC0415

    registry = proofs_checks.checks()
    ids = [r.id for r in claims.all() if r.id in registry]
    ids += [c for c in registry if c not in ids]
    t0 = time.time()
    results = _runner.run(ids, out=RESULTS, profile=PROFILE, backend=BACKEND, seed=SEED, resume=True)
    errors = [r["id"] for r in results if r["verdict"] == "error"]
    if errors:
        raise RuntimeError(f"checks raised an exception: {', '.join(errors)}")
    report = _report.build_report(results, profile=PROFILE, backend=BACKEND, seed=SEED,
                                  started=t0, finished=time.time())
    (RESULTS / "report.json").write_text(json.dumps(report, indent=1))
    reused = sum(1 for r in results if r.get("resumed"))
    registered = len(ids)
    total = len(claims.all())
    _md(f"{total} claims in the registry, {registered} with a registered check "
        f"({reused} results reused from the chapters of this build, {registered - reused} run here).")
    if not results:
        _md("*No check is registered yet, so there is nothing to report.*")
        return report
    print(_report.summary_table(report))
    _md(_demote(_report.errata_markdown(report)))
    return report


def _demote(md: str) -> str:
    """Errata Markdown as cell output: drop the top title, headings become bold paragraphs."""
    out = []
    for line in md.splitlines():
        if line.startswith("# "):
            continue
        if line.startswith("#"):
            out.append("**" + line.lstrip("#").strip() + "**")
        else:
            out.append(line)
    return "\n".join(out)


def registry_counts() -> str:
    """One line: claims, checks registered, papers (for the introduction)."""
    import proofs_checks  # noqa: PLC0415
    from hoptheory import claims  # noqa: PLC0415

    recs = claims.all()
    reg = proofs_checks.checks()
    return (f"{len(recs)} claims from {len(claims.papers())} papers; "
            f"{sum(r.id in reg for r in recs)} have a registered check.")


if os.environ.get("HOPBOOK_DEBUG"):  # pragma: no cover
    print("hopbook loaded from", BOOK)
