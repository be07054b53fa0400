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
import sys
import tempfile
import time
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
# The package and the check suite are imported from this checkout.
for _p in (ROOT, BOOK):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

#: Check results of this build (one JSON per claim, in the runner's format).  generate.py
#: empties it, so the errata chapter only reuses results of the same build.
RESULTS = BOOK / "_build" / "check-results"
PROFILE = "quick"
BACKEND = "numpy"
SEED = 20231

__all__ = ["claim_figure", "errata", "figure_kinds", "load_result", "reproduce_stored", "show_check", "show_symbolic",
           "sweep", "worked_example", "worked_examples"]


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
        _display(Math(bound.latex))
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
    plt.rcParams.update(RC)
    fig, ax = plt.subplots(figsize=FIGSIZE)
    ax.plot(grid, np.where(valid, value, np.nan), "-", label="the bound (hypotheses hold)")
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
    ax.set_xlabel(f"${_TEXNAMES.get(var, var)}$")
    ax.set_ylabel(f"value of {bound_name}".replace("_", " "))
    fixed = ", ".join(f"${_TEXNAMES.get(k, k)}={v:g}$" for k, v in params.items() if k != var)
    ax.set_title(f"against ${_TEXNAMES.get(var, var)}$ at {fixed}" if fixed else "")
    ax.legend()
    fig.tight_layout()
    _show_png(fig)


def _show_png(fig) -> None:
    """Display a figure as PNG whatever the Matplotlib backend (the report code selects Agg)."""
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from IPython.display import Image  # noqa: PLC0415

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
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


def show_symbolic(obj, label: str = "") -> None:
    """Render a derived object (``.latex()``, ``.expr`` or a SymPy expression) and its gradient."""
    from IPython.display import Math  # noqa: PLC0415

    if label:
        _md(f"*{label}*")
    _display(Math(_latex_of(obj)))
    for attr in ("closed_form", "notes"):
        v = getattr(obj, attr, None)
        if v not in (None, ""):
            print(f"{attr}: {v}")
    grad = getattr(obj, "gradient", None)
    if grad is not None:
        g = grad() if callable(grad) else grad
        _md("*Gradient:*")
        _display(Math(_latex_of(g)))


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


# --------------------------------------------------------------------------- stored results

#: Matplotlib sizes of every figure of the book (points): readable at the page's width.
RC = {"font.size": 10, "axes.labelsize": 10, "axes.titlesize": 10, "legend.fontsize": 9,
      "xtick.labelsize": 9, "ytick.labelsize": 9, "figure.dpi": 100}
FIGSIZE = (6.4, 3.6)


def load_result(claim_id: str) -> dict:
    """The JSON result of ``claim_id`` written by this build (``generate.py`` runs the checks)."""
    from proofs_checks._runner import result_path  # noqa: PLC0415

    path = result_path(RESULTS, claim_id)
    if not path.is_file():
        raise FileNotFoundError(f"no check result for {claim_id} in {RESULTS}: run book/generate.py first")
    return json.loads(path.read_text())


def _finite_pairs(samples) -> list[tuple[float, float]]:
    out = []
    for s in samples or []:
        try:
            o, b = float(s[0]), float(s[1])
        except (TypeError, ValueError, IndexError):
            continue
        if math.isfinite(o) and math.isfinite(b):
            out.append((o, b))
    return out


def _families(ev: dict) -> list[tuple[str, float]]:
    fams = ev.get("search_families") or {}
    out = []
    for name, f in fams.items():
        r = f.get("max_ratio") if isinstance(f, dict) else None
        if isinstance(r, (int, float)) and math.isfinite(r) and r > 0:
            out.append((name, float(r)))
    return out


def _intervals(ev: dict) -> list[tuple[str, float, float, float]]:
    """(name, lower, upper, claimed) of the statistical parts of a result."""
    out = []
    cands = [("", ev)] + [(n, p) for n, p in (ev.get("parts") or {}).items() if isinstance(p, dict)]
    for name, e in cands:
        lo, hi = e.get("clopper_pearson_lower"), e.get("clopper_pearson_upper")
        cp = e.get("claimed_probability", ev.get("claimed_probability") if not name else None)
        if all(isinstance(v, (int, float)) for v in (lo, hi)):
            out.append((name or "claim", float(lo), float(hi), float(cp) if isinstance(cp, (int, float)) else math.nan))
    return out


def _geometry(ce: dict):
    inputs = (ce or {}).get("inputs") or {}
    xi, x = inputs.get("Xi"), inputs.get("x")
    if (isinstance(xi, list) and len(xi) == 2 and all(isinstance(r, list) for r in xi)
            and isinstance(x, list) and len(x) == 2 and all(isinstance(v, (int, float)) for v in x)):
        return xi, x
    return None


def figure_kinds(result: dict) -> list[str]:
    """The panels :func:`claim_figure` draws for a result; empty when there is nothing to show.

    ``geometry`` (a 2-D counterexample: patterns and query), ``samples`` (observed against
    bound, at least two distinct instances), ``families`` (largest violation ratio per search
    family, at least two families), ``interval`` (confidence intervals of statistical parts
    against the claimed probability), and ``sides`` for a refuted claim with none of these.
    """
    ev = result.get("evidence") or {}
    ce = result.get("counterexample") or {}
    kinds = []
    if _geometry(ce):
        kinds.append("geometry")
    pairs = set(_finite_pairs(result.get("samples")))
    if len(pairs) >= 2:
        kinds.append("samples")
    if len(_families(ev)) >= 2:
        kinds.append("families")
    if _intervals(ev):
        kinds.append("interval")
    if result.get("verdict") == "refuted" and not kinds and "lhs" in ce and "rhs" in ce:
        kinds.append("sides")
    return kinds


def _log_if_decades(ax, axis: str, values) -> None:
    import numpy as np  # noqa: PLC0415

    v = np.asarray([x for x in values if math.isfinite(x)], dtype=float)
    if v.size and v.min() > 0 and v.max() / v.min() > 100:
        (ax.set_xscale if axis == "x" else ax.set_yscale)("log")


def claim_figure(claim_id: str) -> None:
    """The figure of one claim's check, drawn from its stored JSON (panels: :func:`figure_kinds`)."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    data = load_result(claim_id)
    kinds = figure_kinds(data)
    if not kinds:
        raise ValueError(f"{claim_id}: nothing to plot")
    ev = data.get("evidence") or {}
    ce = data.get("counterexample") or {}
    upper = (ce.get("kind") or ev.get("kind") or "upper") == "upper"
    with plt.rc_context(RC):
        fig, axes = plt.subplots(1, len(kinds), figsize=(FIGSIZE[0] if len(kinds) == 1 else 4.2 * len(kinds),
                                                          FIGSIZE[1]), squeeze=False)
        for ax, kind in zip(axes[0], kinds):
            globals()["_panel_" + kind](ax, data, ev, ce, upper)
        fig.tight_layout()
        _show_png(fig)


def _panel_samples(ax, data, ev, ce, upper):
    pairs = _finite_pairs(data.get("samples"))
    obs = [p[0] for p in pairs]
    bnd = [p[1] for p in pairs]
    ax.scatter(bnd, obs, s=14, alpha=0.7, label="checked instances")
    lo, hi = min(obs + bnd), max(obs + bnd)
    ax.plot([lo, hi], [lo, hi], "k--", lw=1, label="observed = bound")
    if "lhs" in ce and "rhs" in ce:
        ax.scatter([float(ce["rhs"])], [float(ce["lhs"])], marker="*", s=160, color="C3", zorder=3,
                   label="counterexample")
    _log_if_decades(ax, "x", bnd)
    _log_if_decades(ax, "y", obs)
    ax.set_xlabel(r"bound $B$ (right-hand side)")
    ax.set_ylabel(r"observed $L$ (left-hand side)")
    ax.set_title("holds where " + (r"$L\leq B$ (below the line)" if upper else r"$L\geq B$ (above the line)"))
    ax.legend(loc="best")


def _panel_families(ax, data, ev, ce, upper):
    fams = _families(ev)
    names = [n if len(n) <= 28 else n[:26].rstrip() + "." for n, _r in fams]
    vals = [r for _n, r in fams]
    ax.barh(range(len(vals)), vals, color=["C3" if v > 1 else "C0" for v in vals])
    ax.set_yticks(range(len(vals)))
    ax.set_yticklabels(names)
    ax.axvline(1.0, color="k", ls="--", lw=1, label="violation above 1")
    _log_if_decades(ax, "x", vals + [1.0])
    ax.set_xlabel(r"largest ratio $L/B$" if upper else r"largest ratio $B/L$")
    ax.set_title("closest approach per search family")
    ax.legend(loc="lower right")


def _panel_interval(ax, data, ev, ce, upper):
    ivs = _intervals(ev)
    ys = range(len(ivs))
    for y, (name, lo, hi, cp) in zip(ys, ivs):
        ax.plot([lo, hi], [y, y], "-", lw=4, color="C0", label="confidence interval" if y == 0 else None)
        if math.isfinite(cp):
            ax.plot([cp], [y], "D", color="C3", label="claimed probability" if y == 0 else None)
    ax.set_yticks(list(ys))
    ax.set_yticklabels([n if len(n) <= 28 else n[:26].rstrip() + "." for n, *_ in ivs])
    ax.set_xlabel(r"success probability $\hat p$")
    ax.set_title("exact (Clopper–Pearson) intervals")
    ax.set_ylim(-0.8, len(ivs) - 0.2)
    ax.legend(loc="best")


def _panel_sides(ax, data, ev, ce, upper):
    lhs, rhs = float(ce["lhs"]), float(ce["rhs"])
    ax.bar([0, 1], [lhs, rhs], color=["C3", "C0"])
    ax.set_xticks([0, 1])
    ax.set_xticklabels([r"left side $L$", r"right side $B$"])
    _log_if_decades(ax, "y", [lhs, rhs])
    ax.set_ylabel("value at the counterexample")
    ax.set_title(r"claimed: $L\leq B$" if upper else r"claimed: $L\geq B$")


def _panel_geometry(ax, data, ev, ce, upper):
    import numpy as np  # noqa: PLC0415

    xi, x = _geometry(ce)
    xi = np.asarray(xi, dtype=float)
    ax.scatter(xi[0], xi[1], s=40, label=r"patterns $\xi_\mu$")
    for mu in range(xi.shape[1]):
        ax.annotate(rf"$\xi_{{{mu + 1}}}$", (xi[0, mu], xi[1, mu]), textcoords="offset points", xytext=(4, 4))
    ax.scatter([x[0]], [x[1]], marker="x", s=60, color="C3", label=r"query $x$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.set_title("the counterexample in the plane")
    ax.legend(loc="best")


def reproduce_stored(claim_id: str) -> None:
    """Re-evaluate the stored counterexample of ``claim_id`` from its JSON form and say so.

    The result is written as a one-claim JSON report and the report's reproduce snippet runs
    on it.  Raises ``AssertionError`` if the snippet does not show the violation.
    """
    from proofs_checks._report import build_report, reproduce_snippet  # noqa: PLC0415

    data = load_result(claim_id)
    ce = data["counterexample"]
    now = time.time()
    report = build_report([data], profile=PROFILE, backend=BACKEND, seed=SEED, started=now, finished=now)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.json"
        path.write_text(json.dumps(report))
        ns: dict = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(reproduce_snippet(claim_id, ce, report_name=str(path)),  # noqa: S102
                         f"<reproduce {claim_id}>", "exec"), ns)
    from narrate import num  # noqa: PLC0415

    lhs, rhs = float(ns["lhs"]), float(ns["rhs"])
    upper = ce.get("kind", "upper") == "upper"
    violated = lhs > rhs if upper else lhs < rhs
    if not violated:
        raise AssertionError(f"{claim_id}: the stored counterexample does not reproduce "
                             f"(lhs = {lhs!r}, rhs = {rhs!r}, kind {ce.get('kind')})")
    _md(f"Re-evaluated from the stored JSON with the snippet below: left side {num(lhs)}, right side "
        f"{num(rhs)}, so the claimed {'upper' if upper else 'lower'} bound is violated.")


def worked_examples(claim_id: str, fixed: dict) -> None:
    """A table of a claim's bounds evaluated at fixed parameters: formula, value, hypotheses."""
    from hoptheory import claims  # noqa: PLC0415
    from hoptheory._backend import to_numpy  # noqa: PLC0415
    from narrate import num  # noqa: PLC0415

    rec = claims.get(claim_id)
    rows = ["| bound | formula | parameters | value | hypotheses hold |", "|---|---|---|---|---|"]
    for name, params in fixed.items():
        b = rec.bounds[name]
        res = b(**params)
        val = float(to_numpy(res.value))
        ok = bool(to_numpy(res.valid))
        lx = " ".join((getattr(b, "latex", "") or "").split()).replace("\\|", "\\Vert ").replace("|", "\\vert ")
        at = ", ".join(f"${_TEXNAMES.get(k, k)}={v:g}$" for k, v in params.items())
        rows.append(f"| `{name}` | {'$' + lx + '$' if lx else ''} | {at} | {num(val)} | {'yes' if ok else 'no'} |")
    _md("\n".join(rows))


_TEXNAMES = {"beta": "\\beta", "p_fail": "p", "alpha": "\\alpha", "kappa": "\\kappa", "epsilon": "\\epsilon",
             "delta": "\\delta", "Delta": "\\Delta", "gamma": "\\gamma"}
