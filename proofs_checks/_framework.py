"""The machinery of a claim check: contexts, observations, verdicts and the searches.

A check is a function ``check(ctx) -> CheckResult`` registered for one claim ID with
:func:`check`.  It draws instances (small parameters with Hypothesis, arrays from a seed with
:mod:`hoptheory.sampling` on ``ctx.xp``), evaluates the claim and lets one of the deciders
below turn the evidence into a verdict:

* :func:`inequality_check`: a claimed inequality ``lhs <= rhs`` (upper bound) or
  ``lhs >= rhs`` (lower bound), searched with Hypothesis and ``hypothesis.target`` pushing the
  ratio towards violation; a violation is shrunk by Hypothesis, optionally refined by a local
  optimiser, and re-evaluated independently (``reevaluate``) before ``refuted`` is reported.
  Without violations the verdict is ``confirmed`` (or ``vacuous`` when the bound never beats
  its trivial bound), ``ill-defined`` when the formula cannot be evaluated where the
  hypotheses hold, ``not-applicable`` when no drawn instance satisfied the hypotheses.
* :func:`statistical_check`: a probabilistic claim tested with an exact one-sided
  Clopper–Pearson bound at a stated confidence, trials fixed in advance.
* :func:`symbolic_result`: a symbolic identity decided by SymPy.

Every compared quantity goes through :meth:`Context.side`, which is where the mutation test
halves a bound or drops one of its terms to show that the check can fail.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings, target
from hypothesis import seed as hyp_seed
from hypothesis import strategies as st
from scipy import stats

from hoptheory._backend import get_backend, to_numpy, tolerance

__all__ = [
    "PROFILES",
    "VERDICTS",
    "AGREES",
    "CheckResult",
    "Context",
    "Observation",
    "Profile",
    "check",
    "clopper_pearson",
    "combine",
    "inequality_check",
    "jsonable",
    "statistical_check",
    "symbolic_result",
    "unverifiable",
]

#: Verdicts a check can return.
VERDICTS = ("confirmed", "refuted", "vacuous", "ill-defined", "not-applicable", "unverified", "error")

#: Which verdict agrees with which suspected status.
AGREES = {
    "holds": {"confirmed"},
    "holds-but-vacuous": {"vacuous"},
    "false-in-general": {"refuted"},
    "ill-defined": {"ill-defined"},
    "incorrect-example": {"refuted"},
    "unverified": {"unverified", "confirmed", "refuted", "vacuous"},
}


@dataclass(frozen=True)
class Profile:
    """Search budget of a run."""

    name: str
    examples: int        # Hypothesis examples per search
    trials: int          # trials of a statistical check (upper limit; checks may use fewer)
    restarts: int        # local-optimiser restarts for a counterexample refinement
    fraction: float = 1.0  # share of an expensive sub-search (grids, dimensions) to run


PROFILES = {
    "quick": Profile("quick", examples=40, trials=200, restarts=2, fraction=0.25),
    "default": Profile("default", examples=200, trials=1000, restarts=6, fraction=1.0),
    "thorough": Profile("thorough", examples=2000, trials=5000, restarts=20, fraction=2.0),
}


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What a check may use: budget, backend, seed, and the mutation hook.

    ``mutation`` is ``None`` in normal runs.  The mutation test sets it to
    ``(side_name, "halve")`` or ``(side_name, ("drop", i))``; :meth:`side` then returns the
    mutated value for that side and the check must turn ``refuted``.
    """

    profile: Profile = PROFILES["quick"]
    backend: str = "numpy"
    seed: int = 20231
    mutation: tuple[str, Any] | None = None
    sides_seen: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def xp(self):
        return get_backend(self.backend)

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

    def rng(self, salt: int = 0) -> np.random.Generator:
        return np.random.default_rng([self.seed, salt])


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


def registered() -> dict[str, Callable[[Context], CheckResult]]:
    return dict(_CHECKS)


# --------------------------------------------------------------------------- statistics


def clopper_pearson(k: int, n: int, confidence: float = 0.99, side: str = "lower") -> float | tuple[float, float]:
    """Exact Clopper–Pearson bound for a binomial proportion with ``k`` successes in ``n``.

    ``side="lower"``: the one-sided lower confidence bound at level ``confidence``;
    ``"upper"``: the one-sided upper bound; ``"two"``: the two-sided interval.
    """
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n > 0; got k={k}, n={n}")
    a = 1.0 - confidence
    lo = 0.0 if k == 0 else float(stats.beta.ppf(a if side != "two" else a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - (a if side != "two" else a / 2), k + 1, n - k))
    if side == "lower":
        return lo
    if side == "upper":
        return hi
    return (lo, hi)


def statistical_check(claim_id: str, *, successes: int, trials: int, claimed: float,
                      confidence: float = 0.99, distributions: Sequence[str] = (),
                      extra: Mapping[str, Any] | None = None,
                      counterexample: Mapping[str, Any] | None = None) -> CheckResult:
    """Decide a claim "success with probability ≥ ``claimed``" from a binomial experiment.

    ``refuted`` only if the one-sided upper Clopper–Pearson bound at ``confidence`` is below
    ``claimed`` (a significant shortfall); ``confirmed`` otherwise.  When the lower bound does
    not reach ``claimed`` either, the experiment cannot distinguish the claim from a slightly
    smaller probability at this number of trials: the evidence says ``inconclusive`` and
    gives both bounds, so a reader sees how strong the confirmation is.
    """
    lo = clopper_pearson(successes, trials, confidence, "lower")
    hi = clopper_pearson(successes, trials, confidence, "upper")
    ev = {
        "trials": trials, "successes": successes, "claimed_probability": claimed,
        "confidence": confidence, "clopper_pearson_lower": lo, "clopper_pearson_upper": hi,
        "distributions": list(distributions), **(extra or {}),
    }
    if hi < claimed:
        return CheckResult(claim_id, "refuted", ev, counterexample=dict(counterexample or {}) or None,
                           notes="the success rate is significantly below the claimed probability")
    if lo >= claimed:
        return CheckResult(claim_id, "confirmed", ev, notes="the lower confidence bound reaches the claim")
    ev["inconclusive"] = True
    return CheckResult(claim_id, "confirmed", ev,
                       notes="no significant shortfall, but the lower confidence bound does not reach the "
                             "claimed probability at this number of trials")


def symbolic_result(claim_id: str, ok: bool, detail: Mapping[str, Any], *,
                    counterexample: Mapping[str, Any] | None = None) -> CheckResult:
    """A symbolic identity decided exactly by SymPy: ``confirmed`` or ``refuted``."""
    ev = {"method": "symbolic (SymPy)", **detail}
    if ok:
        return CheckResult(claim_id, "confirmed", ev)
    return CheckResult(claim_id, "refuted", ev, counterexample=dict(counterexample or {"detail": detail}))


def unverifiable(claim_id: str, reason: str) -> CheckResult:
    """A claim outside what can be checked (experiments on data sets, training runs)."""
    return CheckResult(claim_id, "unverified", {"reason": reason}, notes=reason)



_SUMMARY_KEYS = ("instances", "applicable_instances", "worst_slack", "max_ratio_observed_over_bound",
                 "max_ratio_bound_over_observed", "min_bound_over_trivial", "distributions", "trials",
                 "successes", "clopper_pearson_lower", "clopper_pearson_upper", "inconclusive")

#: Which verdict a combination reports when no part is refuted (most serious first).
_COMBINED_ORDER = ("error", "ill-defined", "not-applicable", "unverified", "vacuous")


def part_summary(res: CheckResult) -> dict[str, Any]:
    """The headline evidence of one part of a combined check."""
    out: dict[str, Any] = {"verdict": res.verdict}
    out.update({k: res.evidence[k] for k in _SUMMARY_KEYS if k in res.evidence})
    if res.notes:
        out["notes"] = res.notes
    return out


def combine(claim_id: str, parts: Sequence[tuple[str, Any]], *, extra: Mapping[str, Any] | None = None,
            notes: str = "", verdict_if_ok: str = "confirmed") -> CheckResult:
    """One verdict from the parts of a claim (each a :class:`CheckResult`, or a dict of facts).

    ``refuted`` when any part is refuted (its counterexample is the claim's); otherwise the
    most serious other verdict of a part (error, ill-defined, not-applicable, unverified,
    vacuous); otherwise ``verdict_if_ok``.  The evidence lists every part and adds up the
    instances; the parts' samples are kept for the figures.
    """
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
    for n, r in results:
        if r.verdict == "refuted":
            ev["refuted_part"] = n
            ev.update({k: v for k, v in r.evidence.items() if k not in ev})
            return CheckResult(claim_id, "refuted", ev, counterexample=r.counterexample,
                               notes=f"part {n!r} refuted. {r.notes} {notes}".strip(), samples=samples)
    for bad in _COMBINED_ORDER:
        for n, r in results:
            if r.verdict == bad:
                return CheckResult(claim_id, bad, ev, notes=f"part {n!r}: {bad}. {r.notes} {notes}".strip(),
                                   samples=samples)
    return CheckResult(claim_id, verdict_if_ok, ev, notes=notes, samples=samples)

# --------------------------------------------------------------------------- the search


class _Violation(Exception):
    def __init__(self, obs: Observation, draw: Any):
        super().__init__("violation")
        self.obs = obs
        self.draw = draw


@dataclass
class _Stats:
    instances: int = 0
    applicable: int = 0
    ill_defined: int = 0
    worst_slack: float = math.inf
    max_ratio: float = -math.inf
    min_bound_over_trivial: float = math.inf
    all_vacuous: bool = True
    ill_instance: Observation | None = None
    worst_instance: Observation | None = None
    samples: list = field(default_factory=list)


def _ratio(lhs: float, rhs: float, kind: str) -> float:
    """How close to violation: lhs/rhs for an upper bound, rhs/lhs for a lower bound."""
    num, den = (lhs, rhs) if kind == "upper" else (rhs, lhs)
    if den == 0:
        return math.inf if num > 0 else 0.0
    return num / den


def inequality_check(
    claim_id: str,
    ctx: Context,
    *,
    strategy: st.SearchStrategy,
    observe: Callable[[Any], Observation],
    reevaluate: Callable[[Observation], tuple[float, float]] | None = None,
    refine: Callable[[Observation], Observation] | None = None,
    kind: str = "upper",
    distributions: Sequence[str] = (),
    rtol: float | None = None,
    atol: float | None = None,
    examples: int | None = None,
    extra_evidence: Mapping[str, Any] | None = None,
    reproduce: str = "",
    explicit: Sequence[Any] = (),
) -> CheckResult:
    """Search for a violation of ``lhs <= rhs`` (``kind="upper"``) or ``lhs >= rhs`` (``"lower"``).

    Parameters
    ----------
    strategy : hypothesis strategy
        Draws the small parameters of an instance (sizes, β, seed, family, …).
    observe : callable
        ``observe(draw) -> Observation``; it must route each bound through ``ctx.side``.
    reevaluate : callable, optional
        An independent evaluation (high precision, another algorithm) of a violating
        instance, returning ``(lhs, rhs)``; the violation is reported only if it agrees.
    refine : callable, optional
        Local optimisation from a violating (or the worst) instance towards a larger ratio.
    rtol, atol : float
        Violation threshold ``lhs > rhs + atol + rtol*|rhs|``; default from the dtype
        (``tolerance(kind="default")``).
    explicit : sequence
        Draws that are always evaluated first (known edge cases, like ``@example``).
    reproduce : str
        Python lines, using public hoptheory functions, that re-evaluate the saved instance
        (``inputs`` are loaded from the JSON into a dict ``ce``).
    """
    t0 = time.perf_counter()
    tol = tolerance(None, "default")
    rtol = tol.rtol if rtol is None else rtol
    atol = tol.atol if atol is None else atol
    stats_ = _Stats()

    def violated(o: Observation) -> bool:
        if not o.applicable or o.ill_defined:
            return False
        if not (math.isfinite(o.lhs) and math.isfinite(o.rhs)):
            return False
        if kind == "upper":
            return o.lhs > o.rhs + atol + rtol * abs(o.rhs)
        return o.lhs < o.rhs - atol - rtol * abs(o.rhs)

    def record(o: Observation):
        stats_.instances += 1
        if not o.applicable:
            return
        stats_.applicable += 1
        if o.ill_defined:
            stats_.ill_defined += 1
            if stats_.ill_instance is None:
                stats_.ill_instance = o
            return
        slack = (o.rhs - o.lhs) if kind == "upper" else (o.lhs - o.rhs)
        r = _ratio(o.lhs, o.rhs, kind)
        if slack < stats_.worst_slack:
            stats_.worst_slack = slack
        if r > stats_.max_ratio:
            stats_.max_ratio = r
            stats_.worst_instance = o
        if o.trivial is not None and math.isfinite(o.rhs):
            bt = o.rhs / o.trivial if o.trivial != 0 else math.inf
            if kind == "lower":
                bt = o.rhs / o.trivial if o.trivial != 0 else math.inf
            stats_.min_bound_over_trivial = min(stats_.min_bound_over_trivial, bt) if kind == "upper" else \
                min(stats_.min_bound_over_trivial, bt)
            vac = (o.rhs >= o.trivial) if kind == "upper" else (o.rhs <= o.trivial)
            stats_.all_vacuous = stats_.all_vacuous and vac
        else:
            stats_.all_vacuous = False
        if len(stats_.samples) < 2000:
            stats_.samples.append((float(o.lhs), float(o.rhs), None if o.trivial is None else float(o.trivial)))

    found: list[_Violation] = []

    for draw in explicit:
        o = observe(draw)
        record(o)
        if violated(o):
            found.append(_Violation(o, draw))
            break

    if not found:
        n = examples if examples is not None else ctx.profile.examples

        # Hypothesis' target phase is not bounded by max_examples: after `cap` evaluations
        # the property returns at once (no evaluation, no target), which ends the search.
        cap = 3 * n + 20
        calls = [0]

        @hyp_seed(ctx.seed)
        @settings(max_examples=n, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                  phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink])
        @given(strategy)
        def search(draw):
            calls[0] += 1
            if calls[0] > cap:
                return
            o = observe(draw)
            record(o)
            if o.applicable and not o.ill_defined and math.isfinite(o.lhs) and math.isfinite(o.rhs):
                r = _ratio(o.lhs, o.rhs, kind)
                if math.isfinite(r):
                    target(float(r), label="ratio")
            if violated(o):
                raise _Violation(o, draw)

        try:
            search()
        except _Violation as v:
            found.append(v)

    evidence: dict[str, Any] = {
        "instances": stats_.instances,
        "applicable_instances": stats_.applicable,
        "distributions": list(distributions),
        "search": "hypothesis (target: observed/bound ratio) + shrinking"
                  + (" + local optimiser" if refine else ""),
        "profile": ctx.profile.name,
        "seed": ctx.seed,
        "backend": ctx.backend,
        "tolerance": {"rtol": rtol, "atol": atol},
        "kind": kind,
        **(extra_evidence or {}),
    }
    if stats_.applicable:
        evidence["worst_slack"] = stats_.worst_slack
        evidence["max_ratio_observed_over_bound" if kind == "upper" else "max_ratio_bound_over_observed"] = \
            stats_.max_ratio
    if stats_.min_bound_over_trivial < math.inf:
        evidence["min_bound_over_trivial"] = stats_.min_bound_over_trivial

    def finish(verdict: str, **kw) -> CheckResult:
        res = CheckResult(claim_id, verdict, evidence, samples=stats_.samples, **kw)
        res.duration_s = time.perf_counter() - t0
        return res

    if found:
        v = found[0]
        o = v.obs
        if refine is not None:
            try:
                o2 = refine(o)
                if violated(o2) and _ratio(o2.lhs, o2.rhs, kind) >= _ratio(o.lhs, o.rhs, kind):
                    o = o2
            except Exception as exc:  # noqa: BLE001  (refinement is optional)
                evidence["refine_error"] = repr(exc)
        confirmed_by = "none"
        if reevaluate is not None:
            lhs2, rhs2 = reevaluate(o)
            indep = Observation(float(lhs2), float(rhs2), True, False, o.trivial, o.inputs)
            if not violated(indep):
                evidence["discarded_candidate"] = {
                    "lhs": o.lhs, "rhs": o.rhs, "reevaluated_lhs": float(lhs2), "reevaluated_rhs": float(rhs2),
                    "why": "the independent re-evaluation does not confirm the violation",
                }
                return finish("confirmed", notes="a float-level candidate was not confirmed in high precision")
            confirmed_by = "independent re-evaluation"
            evidence["reevaluated"] = {"lhs": float(lhs2), "rhs": float(rhs2)}
        ce = {
            "claim": claim_id,
            "inputs": jsonable(o.inputs),
            "lhs": float(o.lhs),
            "rhs": float(o.rhs),
            "kind": kind,
            "violation": (float(o.lhs) - float(o.rhs)) if kind == "upper" else (float(o.rhs) - float(o.lhs)),
            "confirmed_by": confirmed_by,
            "note": o.note,
            "reproduce": reproduce,
        }
        return finish("refuted", counterexample=ce)

    if stats_.applicable == 0:
        return finish("not-applicable", notes="no drawn instance satisfied the hypotheses")
    if stats_.ill_defined:
        io = stats_.ill_instance
        evidence["ill_defined_instances"] = stats_.ill_defined
        evidence["ill_defined_example"] = {"inputs": jsonable(io.inputs), "note": io.note}
        return finish("ill-defined", notes=io.note or "the formula cannot be evaluated where its hypotheses hold")
    has_trivial = stats_.min_bound_over_trivial < math.inf
    if has_trivial and stats_.all_vacuous:
        return finish("vacuous", notes="true on every instance but never better than the trivial bound")
    return finish("confirmed")


def dumps(result: CheckResult) -> str:
    return json.dumps(result.to_json(), indent=1, sort_keys=False)
