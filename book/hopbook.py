"""Helpers for the code cells of the book: figures of the checks, bounds and derivations.

Every function here displays what the library computes and adds no number of its own.
The checks run once per build, in ``generate.py``, which writes their results as JSON to
:data:`RESULTS`; the cells read them back from there.  A counterexample that does not
reproduce raises, and so does a figure with nothing to draw: a cell that raises fails the
(strict) book build.
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
for _p in (ROOT, BOOK):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

#: Check results of this build (one JSON per claim, in the runner's format), written by
#: generate.py (which empties the folder first unless told to reuse it).
RESULTS = BOOK / "_build" / "check-results"
PROFILE = "quick"
BACKEND = "numpy"
SEED = 20231

__all__ = ["claim_figure", "figure_kinds", "load_result", "paper_latex", "registry_counts", "reproduce_stored",
           "show_symbolic", "sweep", "sweep_drawable", "worked_examples"]


def _display(obj):
    from IPython.display import display  # noqa: PLC0415

    display(obj)


def _md(text: str):
    from IPython.display import Markdown  # noqa: PLC0415

    _display(Markdown(text))


# --------------------------------------------------------------------------- bounds


def sweep_values(bound, params: dict, var: str, grid):
    """(grid, value, valid, trivial) of a bound over ``grid`` (other parameters fixed), as NumPy arrays."""
    import numpy as np  # noqa: PLC0415

    from hoptheory.backend import to_numpy  # noqa: PLC0415

    grid = np.asarray(grid, dtype=np.float64)
    res = bound(**{**params, var: grid})
    value = np.broadcast_to(np.asarray(to_numpy(res.value), dtype=float), grid.shape)
    valid = np.broadcast_to(np.asarray(to_numpy(res.valid), dtype=bool), grid.shape)
    trivial = None if res.trivial is None else np.broadcast_to(np.asarray(to_numpy(res.trivial), dtype=float),
                                                               grid.shape)
    return grid, value, valid, trivial


def sweep_drawable(bound, params: dict, var: str, grid) -> bool:
    """The sweep has at least two finite values that differ (else its figure would be empty or flat)."""
    import numpy as np  # noqa: PLC0415

    try:
        _g, value, _v, _t = sweep_values(bound, params, var, grid)
    except Exception:  # noqa: BLE001
        return False
    finite = value[np.isfinite(value)]
    return finite.size >= 2 and float(finite.max()) > float(finite.min())


def sweep(claim_id: str, curves: dict, var: str, grid) -> None:
    """Plot bounds of a claim against ``var`` over ``grid``; ``curves`` maps each bound's name to
    its other (fixed) parameters.  Several curves are forms of one quantity (published,
    corrected, …) drawn together.

    Raises ``ValueError`` when a curve has no finite value that varies over the grid: an empty
    figure fails the cell.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    from hoptheory import claims  # noqa: PLC0415

    rec = claims.get(claim_id)
    sym = f"${_TEXNAMES.get(var, var)}$"
    allv = []
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for i, (name, params) in enumerate(curves.items()):
            bound = rec.bounds[name]
            if not sweep_drawable(bound, params, var, grid):
                raise ValueError(f"{claim_id}: {name} has no varying finite value over the {var} grid")
            g, value, valid, trivial = sweep_values(bound, params, var, grid)
            label = name.replace("_", " ") if len(curves) > 1 else "the bound"
            ax.plot(g, np.where(valid, value, np.nan), "-", color=f"C{i}", label=f"{label} (hypotheses hold)")
            if not bool(valid.all()):
                ax.plot(g, np.where(valid, np.nan, value), ":", color=f"C{i}", label=f"{label} (hypotheses fail)")
            if i == 0 and trivial is not None and np.isfinite(trivial).any():
                ax.plot(g, trivial, "k--", lw=1, label="trivial bound")
            allv += list(value[np.isfinite(value)])
        _log_if_decades(ax, "x", list(np.asarray(grid, dtype=float)))
        _log_if_decades(ax, "y", allv)
        ax.set_xlabel(sym)
        ax.set_ylabel(r"bound $B$")
        first = next(iter(curves.values()))
        fixed = ", ".join(_param(k, v, plot=True) for k, v in first.items() if k != var)
        title = next(iter(curves)).replace("_", " ") if len(curves) == 1 else "forms of the bound"
        ax.set_title(f"{title} against {sym}" + (f" ({fixed})" if fixed else ""))
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


def paper_latex(s: str, width: int = 90) -> str:
    """Fit LaTeX to the column: an ``aligned`` block broken between terms (lines of ~width chars)."""
    from hoptheory.symbolic._paper import split_top, tex  # noqa: PLC0415

    s = re.sub(r"\\quad(?=[A-Za-z])", r"\\quad ", tex(s))  # "\quadc" (no space) is not a macro
    if r"\begin{aligned}" in s or len(s) <= width:
        return s
    lines, cur = [], ""
    # operators written without spaces (``a\le b-c``) are break points too, after the spaced forms
    seps = (" + ", " - ", r", \ ", r",\ ", r",\quad", r"\quad\text{s.t.}\quad ", r"\Leftrightarrow",
            r"\leq", r"\geq", r"\le ", r"\ge ", r"\le", r"\ge", "+", "-")
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


# --------------------------------------------------------------------------- counts


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
    """Log scale when the positive values span more than two decades (symlog when zeros occur)."""
    import numpy as np  # noqa: PLC0415

    v = np.asarray([x for x in values if math.isfinite(x)], dtype=float)
    pos = v[v > 0]
    if not pos.size or pos.max() / pos.min() <= 100:
        return
    setter = ax.set_xscale if axis == "x" else ax.set_yscale
    if v.min() > 0:
        setter("log")
    elif v.min() == 0:
        setter("symlog", linthresh=float(pos.min()))


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
    import numpy as np  # noqa: PLC0415

    both = np.asarray(obs + bnd, dtype=float)
    pos = both[both > 0]
    lo, hi = (float(pos.min()), float(both.max())) if pos.size else (float(both.min()), float(both.max()))
    line = np.geomspace(lo, hi, 200) if pos.size and hi > lo > 0 else np.linspace(lo, hi, 200)
    ax.plot(line, line, "k--", lw=1, label="observed = bound")
    if "lhs" in ce and "rhs" in ce:
        ax.scatter([float(ce["rhs"])], [float(ce["lhs"])], marker="*", s=160, color="C3", zorder=3,
                   label="counterexample")
    _log_if_decades(ax, "x", bnd + obs)
    _log_if_decades(ax, "y", obs + bnd)
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
    """A claim's bounds evaluated at fixed parameters: per bound its formula (displayed, broken
    between terms so it fits the column), the parameters, the value and whether the hypotheses
    hold.  A list, not a table: a table with formulas in its cells grows wider than the column."""
    from hoptheory import claims  # noqa: PLC0415
    from hoptheory.backend import to_numpy  # noqa: PLC0415
    from narrate import num  # noqa: PLC0415

    rec = claims.get(claim_id)
    items = []
    for name, params in fixed.items():
        b = rec.bounds[name]
        res = b(**params)
        val = float(to_numpy(res.value))
        ok = bool(to_numpy(res.valid))
        lx = " ".join((getattr(b, "latex", "") or "").split()).replace("\\|", "\\Vert ").replace("|", "\\vert ")
        at = ", ".join(_param(k, v) for k, v in params.items())
        item = [f"- `{name}` at {at}: value {num(val)}; hypotheses hold: {'yes' if ok else 'no'}."]
        if lx:
            item += ["", "  $$", "  " + paper_latex(lx, width=70).replace("\n", "\n  "), "  $$"]
        items.append("\n".join(item))
    _md("\n\n".join(items))


def _param(name: str, value: float, plot: bool = False) -> str:
    """A parameter and its value: as math for a symbol (beta, d, M), by name for a named
    quantity such as jacobian_norm (in code font in Markdown, plain in a figure)."""
    if name in _TEXNAMES or (len(name) <= 2 and "_" not in name):
        return f"${_TEXNAMES.get(name, name)}={value:g}$"
    return f"{name} = {value:g}" if plot else f"`{name}` = ${value:g}$"


_TEXNAMES = {"beta": "\\beta", "p_fail": "p", "alpha": "\\alpha", "kappa": "\\kappa", "epsilon": "\\epsilon",
             "delta": "\\delta", "Delta": "\\Delta", "gamma": "\\gamma"}
