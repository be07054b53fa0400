"""The words of the book: a check result (the runner's JSON) turned into MyST Markdown.

Every sentence here is a template filled from the evidence of one result, so what the
book says is true of the data of the build: the verdict paragraph of a claim, its
one-line reason for the dashboard, the counterexample table (dimension, number of
patterns, β, the two sides and their ratio) and the full JSON behind a collapsed
dropdown.  Numbers are written with four significant digits as math; nothing is cut.
"""

from __future__ import annotations

import json
import math
import re

#: Verdict → (badge role of sphinx-design, what it means in one phrase).
BADGES = {
    "confirmed": ("bdg-success", "no violation found"),
    "refuted": ("bdg-danger", "a checked counterexample"),
    "vacuous": ("bdg-warning", "true but never better than the trivial bound"),
    "ill-defined": ("bdg-warning", "the formula cannot be evaluated where its hypotheses hold"),
    "inconclusive": ("bdg-secondary", "the budget of this profile cannot decide"),
    "not-applicable": ("bdg-secondary", "no instance met the hypotheses"),
    "unverified": ("bdg-info", "outside what the suite checks"),
    "error": ("bdg-danger-line", "the check raised"),
}
#: Verdicts that get an errata entry.
ERRATA_VERDICTS = ("refuted", "vacuous", "ill-defined", "inconclusive")


# --------------------------------------------------------------------------- formatting


def num(v) -> str:
    """A number as inline math with four significant digits (``$1.234\\times10^{-7}$``)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        low = v.strip().lower()
        if low in ("nan", "inf", "-inf", "+inf"):
            return {"nan": "NaN", "inf": "$\\infty$", "+inf": "$\\infty$", "-inf": "$-\\infty$"}[low]
        return text(v)
    if isinstance(v, int):
        return f"${v}$" if abs(v) < 10**6 else num(float(v))
    if not isinstance(v, float):
        return text(str(v))
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "$\\infty$" if v > 0 else "$-\\infty$"
    if v == 0:
        return "$0$"
    s = f"{v:.4g}"
    if "e" in s:
        mant, exp = s.split("e")
        e = int(exp)
        return f"${mant}\\times10^{{{e}}}$" if mant not in ("1", "-1") else f"${'-' if mant == '-1' else ''}10^{{{e}}}$"
    return f"${s}$"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>$|#])")


_LONG_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d{5,}(?:[eE][-+]?\d+)?(?![\w.])")


def text(s: str) -> str:
    """Prose from a check (notes, family names) with Markdown/MyST syntax escaped and floats
    of more than four decimals written with four significant digits (a whole number, never cut)."""
    s = " ".join(str(s).split())
    s = _LONG_FLOAT.sub(lambda m: f"{float(m.group(0)):.4g}", s)
    return _MD_SPECIAL.sub(r"\\\1", s)


def _sentence(s: str) -> str:
    s = s.strip()
    if s and s[-1] not in ".!?":
        s += "."
    return s[:1].upper() + s[1:] if s else s


def first_sentence(s: str) -> str:
    """The first sentence of ``s``, whole (never cut inside)."""
    s = " ".join(str(s).split())
    m = re.search(r"(?<=[a-z0-9)\]])\. (?=[A-Z(])", s)
    return s[: m.start() + 1] if m else s


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _shape(v):
    """Shape of a nested list (rows, columns) or None for a scalar."""
    if isinstance(v, list):
        if v and isinstance(v[0], list):
            return (len(v), len(v[0]))
        return (len(v),)
    return None


# --------------------------------------------------------------------------- pieces


def badge(verdict: str) -> str:
    role, _ = BADGES.get(verdict, ("bdg-secondary", ""))
    return f"{{{role}}}`{verdict}`"


def ratio(ce: dict) -> float | None:
    """Violation ratio of a counterexample: lhs/rhs for an upper bound, rhs/lhs for a lower one."""
    try:
        lhs, rhs = float(ce["lhs"]), float(ce["rhs"])
    except (KeyError, TypeError, ValueError):
        return None
    kind = ce.get("kind", "upper")
    a, b = (lhs, rhs) if kind == "upper" else (rhs, lhs)
    if not (math.isfinite(a) and math.isfinite(b)) or a <= 0 or b <= 0:
        return None  # a ratio of sides of different signs (or zero) measures nothing
    return a / b


def ce_dimensions(inputs: dict) -> dict:
    """d and M of a counterexample's memories (``Xi`` of shape (d, M)), when it has them."""
    out = {}
    for key in ("Xi", "X", "patterns", "memories"):
        sh = _shape(inputs.get(key))
        if sh and len(sh) == 2:
            out["d"], out["M"] = sh
            break
    for key in ("d", "M"):
        if key in inputs and isinstance(inputs[key], (int, float)) and not isinstance(inputs[key], bool):
            out[key] = inputs[key]
    return out


_SYMBOL = {"beta": "$\\beta$", "d": "$d$", "M": "$M$", "K": "$K$", "c": "$c$", "p_fail": "$p$", "p": "$p$",
           "k": "$k$", "m": "$m$", "alpha": "$\\alpha$", "kappa": "$\\kappa$", "epsilon": "$\\epsilon$",
           "steps": "steps", "r": "$r$", "R": "$R$", "n": "$n$", "L": "$L$", "delta": "$\\delta$"}


def _sym(name: str) -> str:
    return _SYMBOL.get(name, f"`{name}`")


def counterexample_table(ce: dict) -> str:
    """A small table: d, M, β (and the other scalar inputs), the two sides and their ratio."""
    inputs = ce.get("inputs") or {}
    rows = []
    dims = ce_dimensions(inputs) if isinstance(inputs, dict) else {}
    for k in ("d", "M"):
        if k in dims:
            rows.append((_sym(k), num(dims[k])))
    if isinstance(inputs, dict):
        scal = {k: v for k, v in inputs.items() if k not in dims and isinstance(v, (int, float, str))
                and not isinstance(v, bool)}
        order = sorted(scal, key=lambda k: (k != "beta", k))
        for k in order[:8]:
            rows.append((_sym(k), num(scal[k])))
        arrays = [f"`{k}` {' × '.join(map(str, _shape(v)))}" for k, v in inputs.items()
                  if _shape(v) is not None]
        if arrays:
            rows.append(("arrays (in the JSON below)", ", ".join(arrays)))
    kind = ce.get("kind", "upper")
    if "lhs" in ce and "rhs" in ce:
        rows.append(("left-hand side", num(ce["lhs"])))
        rows.append(("right-hand side", num(ce["rhs"])))
        r = ratio(ce)
        if r is not None:
            rows.append(("ratio " + ("left/right" if kind == "upper" else "right/left") + " (above 1: violated)",
                         num(r)))
    if "trials" in ce and "successes" in ce:
        rows.append(("trials", num(ce["trials"])))
        rows.append(("successes", num(ce["successes"])))
    if ce.get("found_by"):
        rows.append(("found by", text(ce["found_by"])))
    if ce.get("confirmed_by"):
        rows.append(("confirmed by", text(ce["confirmed_by"])))
    out = ["| quantity | value |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(out)


def details_json(result: dict, title: str = "Full check result (JSON)") -> str:
    """The whole result (without the plotted samples) in a collapsed dropdown."""
    data = {k: v for k, v in result.items() if k not in ("samples", "resumed")}
    n = len(result.get("samples") or [])
    body = json.dumps(data, indent=1, ensure_ascii=False)
    note = f"The {n} plotted samples are left out here; they are in the JSON report." if n else ""
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", body)), default=0))
    return "\n".join([f":::{{dropdown}} {title}", ":class-container: check-json", "",
                      note, "", f"{fence}json", body, fence, ":::", ""])


def _families(ev: dict) -> str:
    fams = ev.get("search_families") or {}
    if not fams:
        return ""
    bits = []
    for name, f in fams.items():
        if isinstance(f, dict):
            n = f.get("instances")
            r = f.get("max_ratio")
            bit = text(name) + (f" ({_plural(int(n), 'instance')}" if isinstance(n, int) else " (")
            if isinstance(r, (int, float)):
                bit += f", largest ratio {num(float(r))}"
            bits.append(bit + ")")
        else:
            bits.append(text(name))
    return "Search families: " + "; ".join(bits) + "."


def _distributions(ev: dict) -> str:
    d = ev.get("distributions") or []
    if not d:
        return ""
    return "Instances were drawn from: " + "; ".join(text(x) for x in d) + "."


def _ratio_phrase(ev: dict) -> str:
    for key, what in (("max_ratio_observed_over_bound", "observed / bound"),
                      ("max_ratio_bound_over_observed", "bound / observed")):
        v = ev.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f"the largest ratio {what} is {num(float(v))} (a violation needs more than $1$)"
    return ""


def _stat_phrase(ev: dict) -> str:
    if "trials" not in ev or "successes" not in ev:
        return ""
    s = f"{num(ev['successes'])} of {num(ev['trials'])} trials succeeded"
    lo, hi = ev.get("clopper_pearson_lower"), ev.get("clopper_pearson_upper")
    if isinstance(lo, (int, float)) and isinstance(hi, (int, float)):
        conf = ev.get("confidence")
        s += (f"; the exact (Clopper–Pearson) interval is [{num(float(lo))}, {num(float(hi))}]"
              + (f" at confidence {num(float(conf))}" if isinstance(conf, (int, float)) else ""))
    cp = ev.get("claimed_probability")
    if isinstance(cp, (int, float)):
        s += f", against the claimed probability {num(float(cp))}"
    if "mean" in ev:
        s += f"; sample mean {num(ev['mean'])}"
    if "trials_to_decide" in ev and isinstance(ev["trials_to_decide"], (int, float)):
        s += f"; about {num(ev['trials_to_decide'])} trials would decide"
    return s


def _parts_sentence(ev: dict) -> str:
    parts = ev.get("parts")
    if not isinstance(parts, dict) or not parts:
        return ""
    bits = []
    for name, p in parts.items():
        v = p.get("verdict") if isinstance(p, dict) else None
        bits.append(f"{text(name)} ({v if v else 'reported, not asserted'})")
    s = f"The claim is checked in {_plural(len(parts), 'part')}: " + "; ".join(bits) + "."
    if ev.get("decided_by"):
        s += f" The verdict is decided by the part {text(ev['decided_by'])}."
    return s


def _size_sentence(ev: dict) -> str:
    n, a = ev.get("instances"), ev.get("applicable_instances")
    if isinstance(n, int) and n:
        s = f"The check evaluated {_plural(n, 'instance')}"
        if isinstance(a, int):
            s += f", {a} of them inside the hypotheses"
        return s + "."
    return ""


def one_line(result: dict) -> str:
    """The reason for the verdict in one line (for the results dashboard)."""
    v = result.get("verdict", "")
    ev = result.get("evidence") or {}
    ce = result.get("counterexample") or {}
    if v == "refuted" and "lhs" in ce and "rhs" in ce:
        r = ratio(ce)
        rel = ">" if ce.get("kind", "upper") == "upper" else "<"
        s = f"violated: {num(ce['lhs'])} {rel} {num(ce['rhs'])}"
        if r is not None:
            s += f" (ratio {num(r)})"
        if ce.get("found_by"):
            s += f", found by {text(ce['found_by'])}"
        return s
    if v == "refuted" and "trials" in ev:
        return _stat_phrase(ev)
    if v == "confirmed":
        if "trials" in ev and "successes" in ev:
            return _stat_phrase(ev)
        n = ev.get("applicable_instances") or ev.get("instances")
        r = _ratio_phrase(ev)
        bits = []
        if isinstance(n, int) and n:
            bits.append(f"{_plural(n, 'instance')} without a violation")
        if r:
            bits.append(r.replace(" (a violation needs more than $1$)", ""))
        return "; ".join(bits) if bits else text(first_sentence(result.get("notes") or BADGES[v][1]))
    parts = ev.get("parts") if isinstance(ev.get("parts"), dict) else {}
    part = parts.get(ev.get("decided_by")) if ev.get("decided_by") else None
    if v == "inconclusive" and isinstance(part, dict) and _stat_phrase(part):
        return f"part {text(ev['decided_by'])}: {_stat_phrase(part)}"
    if v == "inconclusive" and _stat_phrase(ev):
        return _stat_phrase(ev)
    notes = result.get("notes") or ev.get("reason") or BADGES.get(v, ("", v))[1]
    return text(first_sentence(notes))


def verdict_paragraph(rec, result: dict, *, errata_ref: str | None = None) -> str:
    """What was checked, on which instances, how many, the worst case, and why the verdict."""
    v = result.get("verdict", "")
    ev = result.get("evidence") or {}
    ce = result.get("counterexample") or {}
    run = result.get("run") or {}
    prof = run.get("profile", "quick")
    head = (f"**Verdict {badge(v)}** ({BADGES.get(v, ('', ''))[1]}; profile `{prof}`, seed "
            f"{run.get('seed', '')}, {num(float(result.get('duration_s', 0.0)))} s).")
    body: list[str] = []
    if v == "refuted":
        if "lhs" in ce and "rhs" in ce:
            kind = ce.get("kind", "upper")
            rel = "at most" if kind == "upper" else "at least"
            dims = ce_dimensions(ce.get("inputs") or {}) if isinstance(ce.get("inputs"), dict) else {}
            where = ", ".join(f"{_sym(k)[1:-1] if _sym(k).startswith('$') else k} = {dims[k]}" for k in dims)
            beta = (ce.get("inputs") or {}).get("beta") if isinstance(ce.get("inputs"), dict) else None
            inst = "an instance"
            if where or isinstance(beta, (int, float)):
                inst += " with $" + ", ".join(
                    [f"{k}={dims[k]}" for k in dims]
                    + ([f"\\beta={num(float(beta))[1:-1]}"] if isinstance(beta, (int, float)) else [])) + "$"
            body.append(f"The claim says the left-hand side is {rel} the right-hand side.  The search "
                        f"({text(ce.get('found_by', 'the check'))}) found {inst} where the left side is "
                        f"{num(ce['lhs'])} and the right side {num(ce['rhs'])}"
                        + (f", a ratio of {num(ratio(ce))}" if ratio(ce) is not None else "") + ".")
            if ce.get("confirmed_by") and ce["confirmed_by"] != "none":
                body.append(f"The instance was confirmed by {text(ce['confirmed_by'])}.")
            if ce.get("note"):
                body.append("At this instance: " + _sentence(text(ce["note"])))
        elif "trials" in ev:
            body.append(_sentence(_stat_phrase(ev)))
    elif v == "confirmed":
        body.append(_size_sentence(ev))
        r = _ratio_phrase(ev)
        if r:
            body.append(f"No instance violates the claim: {r}.")
        if "worst_slack" in ev and isinstance(ev["worst_slack"], (int, float)):
            body.append(f"The smallest slack (bound minus observed) is {num(float(ev['worst_slack']))}.")
        st = _stat_phrase(ev)
        if st:
            body.append(_sentence(st))
    elif v == "vacuous":
        body.append(_size_sentence(ev))
        q = ev.get("min_bound_over_trivial")
        body.append("The claim holds on every instance, but the bound never beats the trivial bound"
                    + (f": the smallest ratio bound / trivial bound is {num(float(q))}"
                       if isinstance(q, (int, float)) else "") + ".")
    elif v == "ill-defined":
        body.append(_size_sentence(ev))
        n = ev.get("ill_defined_instances")
        body.append("The formula cannot be evaluated where its hypotheses hold"
                    + (f" ({_plural(int(n), 'instance')})" if isinstance(n, int) else "") + ".")
    elif v == "inconclusive":
        st = _stat_phrase(ev)
        body.append("The budget of this profile does not decide the claim" + (f": {st}" if st else "") + ".")
    elif v == "not-applicable":
        body.append("No drawn instance satisfied the hypotheses, so nothing was tested.")
    elif v == "unverified":
        body.append("The suite does not test this statement as published (an experiment, a training run "
                    "or a derived form only).")
    body.append(_parts_sentence(ev))
    if v not in ("refuted",):
        if result.get("notes"):
            body.append("The check notes: " + _sentence(text(result["notes"])))
        elif ev.get("reason"):
            body.append("Reason: " + _sentence(text(ev["reason"])))
    else:
        if result.get("notes") and not ce.get("note"):
            body.append("The check notes: " + _sentence(text(result["notes"])))
    body.append(_distributions(ev))
    body.append(_families(ev))
    if errata_ref:
        body.append(f"See the errata entry {{ref}}`{errata_ref}`.")
    paragraph = " ".join(b for b in body if b)
    return "\n".join([f"```{{container}} verdict-paragraph verdict-{v}", "", head + " " + paragraph, "```", ""])


def chapter_summary(results: list[dict]) -> str:
    """One sentence: how many claims of a chapter got each verdict."""
    from collections import Counter  # noqa: PLC0415

    c = Counter(r.get("verdict", "") for r in results)
    if not c:
        return "No claim of this chapter has a registered check."
    order = ["confirmed", "refuted", "vacuous", "ill-defined", "inconclusive", "not-applicable", "unverified",
             "error"]
    bits = [f"{c[v]} {badge(v)}" for v in order if c[v]]
    return f"Of {_plural(sum(c.values()), 'checked claim')}: " + ", ".join(bits) + "."


def dashboard_table(rows: list[tuple]) -> str:
    """rows: (claim anchor, claim name, label, verdict, reason)."""
    out = ["| claim | label | verdict | reason |", "|---|---|---|---|"]
    for anchor, name, label, verdict, reason in rows:
        cell = f"{{ref}}`{_role_text(name)} <{anchor}>`"
        out.append(f"| {cell} | {text(label)} | {badge(verdict) if verdict else 'no check'} | {reason} |")
    return "\n".join(out)


def _role_text(s: str) -> str:
    """Link text inside a role: no backticks or angle brackets, math kept as words."""
    s = " ".join(s.split())
    s = re.sub(r"\$([^$]*)\$", lambda m: _latex_words(m.group(1)), s)
    return s.replace("`", "'").replace("<", "‹").replace(">", "›")


_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "kappa": "κ", "lambda": "λ",
          "mu": "μ", "tau": "τ", "xi": "ξ", "Delta": "Δ", "Omega": "Ω", "Phi": "Φ", "tilde": "", "mathrm": "",
          "sqrt": "√", "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥", "infty": "∞", "cdot": "·"}


def _latex_words(s: str) -> str:
    s = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), s)
    return s.replace("{", "").replace("}", "").replace("_", "").replace("^", "")
