"""Reports of a check run: the JSON report, the Markdown errata, figures, the summary table."""

from __future__ import annotations

import json
import math
import textwrap
import time
from pathlib import Path
from typing import Sequence

from ._framework import AGREES, UNDECIDED

__all__ = ["build_report", "errata_markdown", "reproduce_snippet", "summary_table", "write_figures"]


def _record_fields(claim_id: str) -> dict:
    from hoptheory import claims  # noqa: PLC0415

    try:
        rec = claims.get(claim_id)
    except KeyError:
        return {"paper": claim_id.split("/")[0], "name": "", "suspected_status": "unverified", "label": ""}
    return {"paper": rec.paper.key, "name": rec.name, "suspected_status": rec.suspected_status,
            "label": rec.label, "statement_latex": rec.statement_latex}


def build_report(results: Sequence[dict], *, profile: str, backend: str, seed: int,
                 started: float, finished: float) -> dict:
    """The JSON report: run metadata and one entry per claim (see the CLI's documentation)."""
    from hoptheory import __version__  # noqa: PLC0415

    entries = []
    for r in results:
        f = _record_fields(r["id"])
        entry = {
            "id": r["id"],
            "paper": f["paper"],
            "name": f["name"],
            "suspected_status": f["suspected_status"],
            "verdict": r["verdict"],
            "agrees": r["verdict"] in AGREES.get(f["suspected_status"], set()),
            "undecided": r["verdict"] in UNDECIDED,
            "evidence": r.get("evidence", {}),
            "notes": r.get("notes", ""),
            "duration_s": r.get("duration_s", 0.0),
        }
        if r.get("resumed"):
            entry["reused"] = True  # taken from an earlier run by --resume
        if r.get("counterexample") is not None:
            entry["counterexample"] = r["counterexample"]
        entries.append(entry)
    counts: dict[str, int] = {}
    for e in entries:
        counts[e["verdict"]] = counts.get(e["verdict"], 0) + 1
    return {
        "hoptheory_version": __version__,
        "profile": profile,
        "backend": backend,
        "seed": seed,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(finished - started, 3),
        "verdict_counts": counts,
        "reused_results": [e["id"] for e in entries if e.get("reused")],
        "claims": entries,
    }


def _fmt(v) -> str:
    if isinstance(v, float):
        if not math.isfinite(v):
            return str(v)
        return f"{v:.4g}"
    return str(v)


def evidence_line(e: dict) -> str:
    ev = e.get("evidence", {})
    parts = []
    if "instances" in ev:
        parts.append(f"{ev.get('applicable_instances', ev['instances'])}/{ev['instances']} inst")
    if "trials" in ev and "successes" in ev:
        parts.append(f"{ev['successes']}/{ev['trials']} trials, CP [{_fmt(ev.get('clopper_pearson_lower'))}, "
                     f"{_fmt(ev.get('clopper_pearson_upper'))}] vs {_fmt(ev.get('claimed_probability'))}")
    elif "trials" in ev and "mean" in ev:
        parts.append(f"mean {_fmt(ev['mean'])} of {ev['trials']}, CI [{_fmt(ev.get('lower_confidence_bound'))}, "
                     f"{_fmt(ev.get('upper_confidence_bound'))}] vs {_fmt(ev.get('claimed'))}")
    if ev.get("trials_to_decide"):
        parts.append(f"~{ev['trials_to_decide']} trials would decide")
    elif e.get("verdict") == "inconclusive" and "decided_by" in ev:
        part = ev.get("parts", {}).get(ev["decided_by"], {})
        parts.append(f"part {ev['decided_by']!r} undecided"
                     + (f" ({part['successes']}/{part['trials']} trials)" if "trials" in part and "successes" in part
                        else ""))
    for key, short in (("worst_slack", "slack"), ("max_ratio_observed_over_bound", "ratio"),
                       ("max_ratio_bound_over_observed", "ratio"), ("min_bound_over_trivial", "bound/trivial")):
        if key in ev:
            parts.append(f"{short} {_fmt(ev[key])}")
    if e.get("counterexample"):
        ce = e["counterexample"]
        if "lhs" in ce and "rhs" in ce:
            parts.append(f"lhs {_fmt(ce['lhs'])} vs rhs {_fmt(ce['rhs'])}")
    if not parts and e.get("notes"):
        parts.append(e["notes"][:60])
    return "; ".join(parts)


def summary_table(report: dict) -> str:
    """A fixed-width table: claim, suspected status, verdict, agreement, evidence."""
    rows = [("claim", "suspected", "verdict", "", "evidence")]
    for e in report["claims"]:
        mark = "ok" if e["agrees"] else ("?" if e.get("undecided") else "≠")
        rows.append((e["id"], e["suspected_status"], e["verdict"], mark,
                     evidence_line(e)))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(r[j].ljust(w[j]) for j in range(4)) + "  " + r[4])
        if i == 0:
            lines.append("  ".join("-" * w[j] for j in range(4)) + "  " + "-" * 8)
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(report["verdict_counts"].items()))
    agree = sum(e["agrees"] for e in report["claims"])
    undecided = sum(bool(e.get("undecided")) for e in report["claims"])
    lines.append("")
    lines.append(f"{len(report['claims'])} claims ({counts}); {agree} agree with the suspected status, "
                 f"{undecided} undecided (inconclusive: the budget cannot decide), "
                 f"{len(report['claims']) - agree - undecided} disagree; "
                 f"{report['duration_s']:.1f} s, profile {report['profile']}, backend {report['backend']}, "
                 f"seed {report['seed']}")
    return "\n".join(lines)


def reproduce_snippet(claim_id: str, counterexample: dict, report_name: str = "report.json") -> str:
    """Python lines that load a counterexample from the JSON report and re-evaluate it."""
    head = textwrap.dedent(f"""\
        import json
        import numpy as np
        report = json.load(open({report_name!r}))
        entry = next(c for c in report["claims"] if c["id"] == {claim_id!r})
        ce = entry["counterexample"]["inputs"]
        """)
    body = counterexample.get("reproduce") or "# (this check gives no re-evaluation snippet)"
    tail = ""
    kind = counterexample.get("kind", "upper")
    if counterexample.get("reproduce"):
        op = ">" if kind == "upper" else "<"
        tail = f"\nprint('lhs =', lhs, ' rhs =', rhs, ' violated:', lhs {op} rhs)"
    return head + body.rstrip() + tail + "\n"


def errata_markdown(report: dict, report_name: str = "report.json") -> str:
    """Errata: every claim whose verdict differs from "holds" (confirmed), with its evidence."""
    out = ["# Errata report", "",
           f"Profile `{report['profile']}`, backend `{report['backend']}`, seed {report['seed']}, "
           f"hoptheory {report['hoptheory_version']}.", "",
           "Claims whose verdict is not `confirmed`. Each counterexample is stored in the JSON report "
           "and re-evaluated below with public functions of hoptheory; the snippets read "
           f"`{report_name}` by a relative path, so run them from inside the folder of this file.", ""]
    for e in report["claims"]:
        if e["verdict"] == "confirmed":
            continue
        out.append(f"## `{e['id']}`: {e['verdict']}")
        out.append("")
        agreement = "agrees" if e["agrees"] else ("undecided" if e.get("undecided") else "DISAGREES")
        out.append(f"*{e.get('name', '')}*. Suspected status: `{e['suspected_status']}` ({agreement}).")
        if e["verdict"] == "inconclusive":
            out.append("")
            out.append("Inconclusive: a statistical part could not decide with this profile's budget (neither "
                       "the claimed probability excluded nor the claim minus its tolerance reached); a larger "
                       "profile or the GPU raises the number of trials.")
        out.append("")
        if e.get("notes"):
            out.append(e["notes"])
            out.append("")
        out.append(f"Evidence: {evidence_line(e)}.")
        out.append("")
        ce = e.get("counterexample")
        if ce:
            out.append("Counterexample (re-evaluate):")
            out.append("")
            out.append("```python")
            out.append(reproduce_snippet(e["id"], ce, report_name).rstrip())
            out.append("```")
            out.append("")
    return "\n".join(out) + "\n"


def write_figures(results: Sequence[dict], folder: Path) -> list[Path]:
    """For each check with samples: observed vs bound, and bound vs trivial bound (PNG)."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for r in results:
        samples = [s for s in r.get("samples", []) if s and all(
            isinstance(v, (int, float)) and math.isfinite(v) for v in s[:2])]
        if len(samples) < 2:
            continue
        lhs = [s[0] for s in samples]
        rhs = [s[1] for s in samples]
        triv = [s[2] for s in samples if len(s) > 2 and isinstance(s[2], (int, float))]
        ncols = 2 if len(triv) == len(samples) else 1
        fig, axes = plt.subplots(1, ncols, figsize=(4.2 * ncols, 3.6), squeeze=False)
        ax = axes[0][0]
        ax.scatter(rhs, lhs, s=8, alpha=0.6)
        lo = min(min(lhs), min(rhs))
        hi = max(max(lhs), max(rhs))
        ax.plot([lo, hi], [lo, hi], "k--", lw=1, label="observed = bound")
        ax.set_xlabel("bound")
        ax.set_ylabel("observed")
        ax.set_title(r["id"], fontsize=8)
        ax.legend(fontsize=7)
        if ncols == 2:
            ax2 = axes[0][1]
            ax2.scatter(triv, rhs, s=8, alpha=0.6, color="C1")
            lo2 = min(min(triv), min(rhs))
            hi2 = max(max(triv), max(rhs))
            ax2.plot([lo2, hi2], [lo2, hi2], "k--", lw=1, label="bound = trivial")
            ax2.set_xlabel("trivial bound")
            ax2.set_ylabel("bound")
            ax2.legend(fontsize=7)
        fig.tight_layout()
        path = folder / (r["id"].replace("/", "__") + ".png")
        fig.savefig(path, dpi=90)
        plt.close(fig)
        written.append(path)
    return written


def write_report(report: dict, out: Path, json_path: Path | None = None) -> tuple[Path, Path]:
    out = Path(out)
    jp = Path(json_path) if json_path else out / "report.json"
    jp.parent.mkdir(parents=True, exist_ok=True)
    jp.write_text(json.dumps(report, indent=1))
    ep = out / "errata.md"
    ep.write_text(errata_markdown(report, jp.name))
    return jp, ep
