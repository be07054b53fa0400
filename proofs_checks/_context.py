"""Contexts, observations, results and the registry of claim checks.

A check is a function ``check(ctx) -> CheckResult`` registered for one claim ID with
:func:`check`; the claim ID is written once, in the decorator, and reaches the check as
``ctx.claim_id`` (:meth:`Context.result` builds a result for it).  :func:`combine` turns the
parts of a claim into one verdict in the severity order of the verdict rules.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from hoptheory.backend import get_backend, to_numpy

#: Verdicts a check can return.
VERDICTS = ("confirmed", "refuted", "vacuous", "ill-defined", "inconclusive", "not-applicable", "unverified",
            "error")

#: Severity order of part verdicts (most severe first): a multi-part claim reports the first
#: verdict of this order that one of its parts has (``shared/spec`` verdicts, "several parts").
SEVERITY = ("refuted", "ill-defined", "error", "inconclusive", "not-applicable", "vacuous", "unverified",
            "confirmed")

#: False-alarm rate of all statistical parts of one run together (family-wise, Bonferroni over
#: the statistical parts declared by the registered checks; see :func:`part_alpha`).
SUITE_ALPHA = 1e-3

#: Which verdict agrees with which suspected status.
AGREES = {
    "holds": {"confirmed"},
    "holds-but-vacuous": {"vacuous"},
    "false-in-general": {"refuted"},
    "ill-defined": {"ill-defined"},
    "incorrect-example": {"refuted"},
    "unverified": {"unverified", "confirmed", "refuted", "vacuous"},
}

#: Verdicts that neither agree nor disagree with a suspected status: the budget could not decide.
UNDECIDED = {"inconclusive"}


@dataclass(frozen=True)
class Profile:
    """Search budget of a run."""

    name: str
    examples: int        # Hypothesis examples per search
    trials: int          # trials of the first look of a statistical part
    restarts: int        # local-optimiser restarts for a counterexample refinement
    fraction: float = 1.0  # share of an expensive sub-search (grids, dimensions) to run
    looks: int = 3       # sequential looks of a statistical part (trials, 2·trials, 4·trials, …)


PROFILES = {
    "quick": Profile("quick", examples=40, trials=200, restarts=2, fraction=0.25, looks=3),
    "default": Profile("default", examples=200, trials=1000, restarts=6, fraction=1.0, looks=3),
    "thorough": Profile("thorough", examples=2000, trials=5000, restarts=20, fraction=2.0, looks=4),
}


def derive_seed(*labels: Any) -> int:
    """A stable 63-bit seed from labels (suite seed, claim ID, family, …).

    The first 8 bytes of SHA-256 of the labels joined by ``"/"``: independent of the
    process (unlike ``hash``), and adding a claim never shifts the draws of another.
    """
    h = hashlib.sha256("/".join(str(x) for x in labels).encode()).digest()
    return int.from_bytes(h[:8], "big") >> 1


def claim_of(ctx: Any) -> str:
    """The claim ID of a check's :class:`Context` (a decider's first argument)."""
    if not isinstance(ctx, Context):
        raise TypeError(f"a decider takes the check's context first; got {type(ctx).__name__} {ctx!r:.60}")
    return ctx.claim_id


def context_and_claim(ctx: Any, rest: Sequence[Any]) -> tuple["Context", str]:
    """``(ctx, claim_id)`` of a decider called as ``decider(ctx, **options)``."""
    if rest:
        raise TypeError("a decider takes the context as its only positional argument")
    return ctx, claim_of(ctx)


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What a check may use: budget, backend, seed, and the mutation hook.

    ``seed`` is the suite seed; every random stream of a check derives from
    ``(seed, claim_id, label)`` with :func:`derive_seed` (:attr:`claim_seed`, :meth:`rng`,
    :meth:`subseed`), so different suite seeds draw different instances and adding a claim
    never shifts another claim's draws.

    ``mutation`` is ``None`` in normal runs.  The mutation test sets it to
    ``(side_name, "halve")`` or ``(side_name, ("drop", i))``; :meth:`side` then returns the
    mutated value for that side and the check must turn ``refuted``.
    """

    profile: Profile = PROFILES["quick"]
    backend: str = "numpy"
    seed: int = 20231
    mutation: tuple[str, Any] | None = None
    sides_seen: dict[str, dict[str, Any]] = field(default_factory=dict)
    claim_id: str = ""
    searches: int = 0          # inequality searches started (each gets its own Hypothesis seed)
    stat_parts_used: int = 0   # statistical parts decided so far

    @property
    def xp(self):
        return get_backend(self.backend)

    @property
    def claim_seed(self) -> int:
        """The seed of this claim: :func:`derive_seed` of the suite seed and the claim ID."""
        return derive_seed(self.seed, self.claim_id)

    def subseed(self, *labels: Any) -> int:
        """A seed for one family, replicate or sub-experiment of this claim."""
        return derive_seed(self.seed, self.claim_id, *labels)

    def side(self, name: str, value: Any = None, *, terms: Sequence[Any] | None = None,
             kind: str = "upper"):
        """Return the compared quantity ``name`` (a bound or one side of an identity).

        Give either ``value`` or ``terms`` (a sum, so that dropping a term can be mutated).
        ``kind`` says which way weakening goes: halving an upper bound (or doubling a lower
        bound) must break a tight check.
        """
        if (value is None) == (terms is None):
            raise TypeError("side() takes exactly one of value= or terms=")
        rec = self.sides_seen.setdefault(name, {"kind": kind, "terms": 0})
        if terms is not None:
            rec["terms"] = max(rec["terms"], len(terms))
            kept = list(terms)
            if self.mutation and self.mutation[0] == name and isinstance(self.mutation[1], tuple):
                i = self.mutation[1][1]
                kept = [t for j, t in enumerate(terms) if j != i]
            value = sum(kept[1:], kept[0]) if kept else 0.0
        if self.mutation and self.mutation[0] == name and self.mutation[1] == "halve":
            value = value * 0.5 if kind == "upper" else value * 2.0
        return value

    def mutations(self) -> list[tuple[str, Any]]:
        """Mutations of the sides seen so far (after one normal run of the check)."""
        out = []
        for name, rec in self.sides_seen.items():
            out.append((name, "halve"))
            if rec["terms"] > 1:
                out.extend((name, ("drop", i)) for i in range(rec["terms"]))
        return out

    def result(self, verdict: str, evidence: Mapping[str, Any] | None = None, **kw) -> "CheckResult":
        """A :class:`CheckResult` of this context's claim (``kw``: counterexample, notes, samples)."""
        return CheckResult(self.claim_id, verdict, dict(evidence or {}), **kw)

    def rng(self, salt: Any = 0) -> np.random.Generator:
        """A NumPy generator for stream ``salt`` of this claim (differs across suite seeds)."""
        return np.random.default_rng(self.subseed("rng", salt))


# --------------------------------------------------------------------------- results


@dataclass
class Observation:
    """One evaluated instance of an inequality claim.

    ``lhs`` and ``rhs`` are Python floats; the claim is ``lhs <= rhs`` (upper) or
    ``lhs >= rhs`` (lower).  ``applicable`` says whether the hypotheses held;
    ``ill_defined`` whether the formula could not be evaluated although they did;
    ``trivial`` is the trivial bound (for vacuity); ``inputs`` holds every input by name
    (arrays allowed) so the instance can be written as JSON and re-evaluated.
    """

    lhs: float
    rhs: float
    applicable: bool = True
    ill_defined: bool = False
    trivial: float | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class CheckResult:
    """A verdict with its evidence (and, for ``refuted``, the counterexample)."""

    id: str
    verdict: str
    evidence: dict[str, Any] = field(default_factory=dict)
    counterexample: dict[str, Any] | None = None
    notes: str = ""
    samples: list[tuple[float, float, float | None]] = field(default_factory=list)
    duration_s: float = 0.0

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return jsonable(d)


def jsonable(obj: Any) -> Any:
    """Convert arrays (any namespace), NumPy scalars and tuples to JSON-ready values."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else repr(f)
    if obj is None or isinstance(obj, str):
        return obj
    if hasattr(obj, "shape"):
        return jsonable(to_numpy(obj).tolist())
    return repr(obj)


# --------------------------------------------------------------------------- registry

_CHECKS: dict[str, Callable[[Context], CheckResult]] = {}
_META: dict[str, dict[str, Any]] = {}


def check(claim_id: str, **meta):
    """Register ``fn(ctx) -> CheckResult`` as the check of ``claim_id``."""

    def deco(fn):
        if claim_id in _CHECKS:
            raise RuntimeError(f"two checks for {claim_id!r}")
        _CHECKS[claim_id] = fn
        _META[claim_id] = dict(meta)
        fn.claim_id = claim_id
        return fn

    return deco


def check_meta(claim_id: str) -> dict[str, Any]:
    """What the check of ``claim_id`` declares in :func:`check` (e.g. ``stat_parts``)."""
    return dict(_META[claim_id])


def registered() -> dict[str, Callable[[Context], CheckResult]]:
    return dict(_CHECKS)


def symbolic_result(ctx: Context, ok: bool, detail: Mapping[str, Any], *,
                    counterexample: Mapping[str, Any] | None = None) -> CheckResult:
    """A symbolic identity decided exactly by SymPy: ``confirmed`` or ``refuted``."""
    claim_id = claim_of(ctx)
    ev = {"method": "symbolic (SymPy)", **detail}
    if ok:
        return CheckResult(claim_id, "confirmed", ev)
    return CheckResult(claim_id, "refuted", ev, counterexample=dict(counterexample or {"detail": detail}))


def unverifiable(ctx: Context, reason: str) -> CheckResult:
    """A claim outside what can be checked (experiments on data sets, training runs)."""
    claim_id = claim_of(ctx)
    return CheckResult(claim_id, "unverified", {"reason": reason}, notes=reason)


_SUMMARY_KEYS = ("instances", "applicable_instances", "worst_slack", "max_ratio_observed_over_bound",
                 "max_ratio_bound_over_observed", "min_bound_over_trivial", "distributions", "trials",
                 "successes", "clopper_pearson_lower", "clopper_pearson_upper", "tolerance_eps",
                 "trials_to_decide", "search_families", "decided_by")

def part_summary(res: CheckResult) -> dict[str, Any]:
    """The headline evidence of one part of a combined check."""
    out: dict[str, Any] = {"verdict": res.verdict}
    out.update({k: res.evidence[k] for k in _SUMMARY_KEYS if k in res.evidence})
    if res.notes:
        out["notes"] = res.notes
    return out


def combine(ctx: Context, parts: Sequence[tuple[str, Any]], *, extra: Mapping[str, Any] | None = None,
            notes: str = "", verdict_if_ok: str = "confirmed",
            reported: Mapping[str, Any] | None = None) -> CheckResult:
    """One verdict from the parts of a claim (each a :class:`CheckResult`, or a dict of facts).

    The most severe part verdict in the order :data:`SEVERITY` (refuted, ill-defined, error,
    inconclusive, not-applicable, vacuous, unverified, confirmed) decides, and the evidence
    names the part (``decided_by``); a refuted part's counterexample is the claim's.  When
    every part is confirmed the verdict is ``verdict_if_ok`` (``"unverified"`` when the parts
    test derived forms, not the statement as published).  A part given as a dict of facts is
    evidence only and decides nothing; ``reported`` (name → rows) adds such parts
    ``"<name> (reported)": {"rows": rows}`` after the others.  The evidence lists every part
    and adds up the instances; the parts' samples are kept for the figures.
    """
    if verdict_if_ok not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict_if_ok!r}")
    claim_id = claim_of(ctx)
    parts = [*parts, *((f"{name} (reported)", {"rows": rows}) for name, rows in (reported or {}).items())]
    results = [(n, r) for n, r in parts if isinstance(r, CheckResult)]
    ev: dict[str, Any] = {"parts": {n: (part_summary(r) if isinstance(r, CheckResult) else r) for n, r in parts},
                          "instances": sum(int(r.evidence.get("instances", 0)) for _, r in results),
                          "applicable_instances": sum(int(r.evidence.get("applicable_instances", 0))
                                                      for _, r in results)}
    dists: list[str] = []
    for _, r in results:
        for d in r.evidence.get("distributions", []):
            if d not in dists:
                dists.append(d)
    if dists:
        ev["distributions"] = dists
    ev.update(extra or {})
    samples = [smp for _, r in results for smp in r.samples][:2000]
    for bad in SEVERITY[:-1]:
        for n, r in results:
            if r.verdict != bad:
                continue
            ev["decided_by"] = n
            if bad == "refuted":
                ev["refuted_part"] = n
                ev.update({k: v for k, v in r.evidence.items() if k not in ev})
                return CheckResult(claim_id, "refuted", ev, counterexample=r.counterexample,
                                   notes=f"part {n!r} refuted. {r.notes} {notes}".strip(), samples=samples)
            if bad == "unverified" and verdict_if_ok != "confirmed":
                continue
            return CheckResult(claim_id, bad, ev, notes=f"part {n!r}: {bad}. {r.notes} {notes}".strip(),
                               samples=samples)
    return CheckResult(claim_id, verdict_if_ok, ev, notes=notes, samples=samples)

def dumps(result: CheckResult) -> str:
    return json.dumps(result.to_json(), indent=1, sort_keys=False)
