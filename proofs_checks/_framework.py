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

import hashlib
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

from hoptheory.backend import get_backend, to_numpy, tolerance

__all__ = [
    "SEVERITY",
    "SUITE_ALPHA",
    "UNDECIDED",
    "binomial_check",
    "derive_seed",
    "mean_check",
    "part_alpha",
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


def declared_stat_parts() -> int:
    """Statistical parts declared by all registered checks (``@check(..., stat_parts=k)``)."""
    return max(1, sum(int(m.get("stat_parts", 0)) for m in _META.values()))


def part_alpha(ctx: Context, points: int = 1) -> float:
    """The false-alarm rate of the next statistical part of ``ctx``'s claim.

    Bonferroni: ``SUITE_ALPHA`` split evenly over every statistical part that the registered
    checks declare, then over ``points`` simultaneous tests inside the part (a grid).  The
    split does not depend on which claims a run selects, so a claim's verdict does not
    either.  A check that decides more parts than it declares raises: the suite-level rate
    would no longer hold.
    """
    if points < 1:
        raise ValueError(f"points must be >= 1, got {points}")
    ctx.stat_parts_used += 1
    declared = int(_META.get(ctx.claim_id, {}).get("stat_parts", 0))
    if ctx.claim_id in _META and ctx.stat_parts_used > declared:
        raise RuntimeError(f"{ctx.claim_id} decides {ctx.stat_parts_used} statistical parts but declares "
                           f"stat_parts={declared}")
    return SUITE_ALPHA / declared_stat_parts() / points


def _trials_to_decide(k: int, n: int, claimed: float, target_lo: float, alpha: float) -> int | None:
    """Trials that would decide at the observed rate ``k/n`` (confirm or refute), or ``None``."""
    p = k / n
    best = None
    for goal in ("confirm", "refute"):
        if goal == "confirm" and p < target_lo:
            continue
        if goal == "refute" and p >= claimed:
            continue
        m = n
        for _ in range(40):
            m *= 2
            km = min(m, max(0, round(p * m)))
            ok = (clopper_pearson(km, m, 1 - alpha, "lower") >= target_lo if goal == "confirm"
                  else clopper_pearson(km, m, 1 - alpha, "upper") < claimed)
            if ok:
                best = m if best is None else min(best, m)
                break
    return best


def binomial_check(claim_id: str, ctx: Context, *, experiment: Callable[[int, int], tuple[int, Any]],
                   claimed: float, eps: float | None = None, trials: int | None = None, points: int = 1,
                   distributions: Sequence[str] = (), extra: Mapping[str, Any] | None = None) -> CheckResult:
    """Decide "success with probability ≥ ``claimed``" with error control and a replicate.

    ``experiment(seed, n) -> (successes, counterexample_or_None)`` runs ``n`` independent
    trials from ``seed``.  The part gets the rate ``α_i`` of :func:`part_alpha`, split over
    ``ctx.profile.looks`` sequential looks at ``trials``, 2·``trials``, 4·``trials``, …
    cumulative trials (``trials`` defaults to the profile's).  At each look, with the exact
    one-sided Clopper–Pearson bounds at level ``1 − α_i/looks``:

    * upper bound < ``claimed``: a candidate refutation; a replicate of as many trials on an
      independent seed must reject too, else the part is ``inconclusive``;
    * lower bound ≥ ``claimed − eps``: ``confirmed`` (``eps`` defaults to ``1 − claimed``:
      the data exclude a failure rate twice the claimed one);
    * otherwise the next look; after the last, ``inconclusive`` with the trials that would
      decide at the observed rate.
    """
    if not 0.0 < claimed <= 1.0:
        raise ValueError(f"claimed probability must be in (0, 1], got {claimed}")
    if eps is None:
        if claimed >= 1.0:
            raise ValueError("a claimed probability of 1 needs an explicit tolerance eps")
        eps = 1.0 - claimed
    target_lo = claimed - eps
    alpha = part_alpha(ctx, points)
    looks = max(1, ctx.profile.looks)
    a_look = alpha / looks
    n0 = int(trials or ctx.profile.trials)
    part = ctx.stat_parts_used
    k_tot = n_tot = 0
    ce = None
    verdict = "inconclusive"
    history = []
    for j in range(looks):
        n_j = n0 * 2 ** j - n_tot
        k, c = experiment(ctx.subseed("binomial", part, "look", j), n_j)
        k_tot += int(k)
        n_tot += n_j
        ce = ce or c
        lo = clopper_pearson(k_tot, n_tot, 1 - a_look, "lower")
        hi = clopper_pearson(k_tot, n_tot, 1 - a_look, "upper")
        history.append({"trials": n_tot, "successes": k_tot})
        if hi < claimed:
            verdict = "candidate"
            break
        if lo >= target_lo:
            verdict = "confirmed"
            break
    ev: dict[str, Any] = {
        "trials": n_tot, "successes": k_tot, "claimed_probability": claimed, "tolerance_eps": eps,
        "alpha_part": alpha, "confidence": 1 - a_look, "looks": history,
        "clopper_pearson_lower": lo, "clopper_pearson_upper": hi,
        "distributions": list(distributions), **(extra or {}),
    }
    notes = ""
    if verdict == "candidate":
        kr, cr = experiment(ctx.subseed("binomial", part, "replicate"), n_tot)
        hr = clopper_pearson(int(kr), n_tot, 1 - a_look, "upper")
        ev["replicate"] = {"trials": n_tot, "successes": int(kr), "clopper_pearson_upper": hr}
        if hr < claimed:
            verdict = "refuted"
            notes = (f"the success rate is significantly below {claimed} (upper bound {hi:.4g}) and an "
                     f"independent replicate rejects too (upper bound {hr:.4g})")
        else:
            verdict = "inconclusive"
            notes = "a shortfall was significant once, but the independent replicate does not confirm it"
    elif verdict == "confirmed":
        notes = f"the lower confidence bound {lo:.4g} reaches {claimed} - {eps:g}"
    if verdict == "inconclusive":
        ev["trials_to_decide"] = _trials_to_decide(k_tot, n_tot, claimed, target_lo, a_look)
        notes = notes or (f"neither the claimed {claimed} is excluded (upper bound {hi:.4g}) nor "
                          f"{claimed} - {eps:g} reached (lower bound {lo:.4g}) with {n_tot} trials")
    counterexample = None
    if verdict == "refuted":
        counterexample = dict(ce or {}) or {"trials": n_tot, "successes": k_tot, **ev["replicate"]}
    return CheckResult(claim_id, verdict, ev, counterexample=counterexample, notes=notes)


def mean_check(claim_id: str, ctx: Context, *, experiment: Callable[[int, int], Any], claimed: float,
               kind: str = "equal", eps: float, trials: int | None = None, points: int = 1,
               distributions: Sequence[str] = (), extra: Mapping[str, Any] | None = None) -> CheckResult:
    """Decide a claim about a mean — ``E[X] = claimed`` (``kind="equal"``), ``≤`` (``"upper"``)
    or ``≥`` (``"lower"``) — from i.i.d. samples, with error control and a replicate.

    ``experiment(seed, n)`` returns ``n`` samples of ``X``.  Student-t confidence bounds at
    the rate of :func:`part_alpha` split over the sequential looks (as :func:`binomial_check`).
    A claim is ``confirmed`` when the interval lies within ``eps`` of what is claimed (for an
    equality, inside ``[claimed − eps, claimed + eps]``), a candidate refutation when it
    excludes the claim, which a replicate on an independent seed must confirm; otherwise
    ``inconclusive``.
    """
    if kind not in ("equal", "upper", "lower"):
        raise ValueError(f"kind must be 'equal', 'upper' or 'lower', got {kind!r}")
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    alpha = part_alpha(ctx, points)
    looks = max(1, ctx.profile.looks)
    a_look = alpha / looks
    n0 = int(trials or ctx.profile.trials)
    part = ctx.stat_parts_used

    def bounds(x):
        n = x.size
        m = float(np.mean(x))
        se = float(np.std(x, ddof=1)) / math.sqrt(n) if n > 1 else math.inf
        a = a_look / 2 if kind == "equal" else a_look
        t = float(stats.t.ppf(1 - a, n - 1)) if n > 1 else math.inf
        return m, m - t * se, m + t * se

    def excludes(lo, hi):
        return (lo > claimed or hi < claimed) if kind == "equal" else (lo > claimed if kind == "upper"
                                                                         else hi < claimed)

    def within(lo, hi):
        if kind == "equal":
            return claimed - eps <= lo and hi <= claimed + eps
        return hi <= claimed + eps if kind == "upper" else lo >= claimed - eps

    xs = np.empty(0)
    verdict = "inconclusive"
    for j in range(looks):
        n_j = n0 * 2 ** j - xs.size
        new = np.asarray(to_numpy(experiment(ctx.subseed("mean", part, "look", j), n_j)), dtype=float).ravel()
        if not np.all(np.isfinite(new)):
            raise FloatingPointError(f"{claim_id}: non-finite samples in a mean check")
        xs = np.concatenate([xs, new])
        m, lo, hi = bounds(xs)
        if excludes(lo, hi):
            verdict = "candidate"
            break
        if within(lo, hi):
            verdict = "confirmed"
            break
    ev: dict[str, Any] = {"trials": int(xs.size), "mean": m, "lower_confidence_bound": lo,
                          "upper_confidence_bound": hi, "claimed": claimed, "kind": kind, "tolerance_eps": eps,
                          "alpha_part": alpha, "confidence": 1 - a_look, "distributions": list(distributions),
                          **(extra or {})}
    notes = ""
    if verdict == "candidate":
        rep = np.asarray(to_numpy(experiment(ctx.subseed("mean", part, "replicate"), xs.size)), dtype=float).ravel()
        mr, lr, hr = bounds(rep)
        ev["replicate"] = {"trials": int(rep.size), "mean": mr, "lower_confidence_bound": lr,
                           "upper_confidence_bound": hr}
        if excludes(lr, hr):
            verdict = "refuted"
            notes = f"the confidence interval [{lo:.4g}, {hi:.4g}] excludes {claimed}, and so does a replicate"
        else:
            verdict = "inconclusive"
            notes = "the interval excluded the claim once, but the independent replicate does not"
    elif verdict == "confirmed":
        notes = f"the confidence interval [{lo:.4g}, {hi:.4g}] lies within {eps:g} of {claimed}"
    else:
        notes = f"the confidence interval [{lo:.4g}, {hi:.4g}] with {xs.size} samples decides neither way"
    ce = {"claimed": claimed, "kind": kind, **ev.get("replicate", {}), "mean": m} if verdict == "refuted" else None
    return CheckResult(claim_id, verdict, ev, counterexample=ce, notes=notes)


def statistical_check(claim_id: str, *, successes: int, trials: int, claimed: float,
                      confidence: float = 0.99, distributions: Sequence[str] = (),
                      extra: Mapping[str, Any] | None = None,
                      counterexample: Mapping[str, Any] | None = None) -> CheckResult:
    """A reported binomial experiment that does not decide a verdict on its own.

    Kept for parts whose trials cannot be re-run from a seed: it never refutes and never
    confirms (no error control, no replicate).  The verdict is ``inconclusive`` unless the
    lower bound reaches the claim.  Prefer :func:`binomial_check`.
    """
    lo = clopper_pearson(successes, trials, confidence, "lower")
    hi = clopper_pearson(successes, trials, confidence, "upper")
    ev = {
        "trials": trials, "successes": successes, "claimed_probability": claimed,
        "confidence": confidence, "clopper_pearson_lower": lo, "clopper_pearson_upper": hi,
        "distributions": list(distributions), **(extra or {}),
    }
    if lo >= claimed:
        return CheckResult(claim_id, "confirmed", ev, notes="the lower confidence bound reaches the claim")
    return CheckResult(claim_id, "inconclusive", ev,
                       notes="the lower confidence bound does not reach the claimed probability at this number "
                             "of trials", counterexample=dict(counterexample or {}) or None)


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
                 "successes", "clopper_pearson_lower", "clopper_pearson_upper", "tolerance_eps",
                 "trials_to_decide", "search_families", "decided_by")

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

    The most severe part verdict in the order :data:`SEVERITY` (refuted, ill-defined, error,
    inconclusive, not-applicable, vacuous, unverified, confirmed) decides, and the evidence
    names the part (``decided_by``); a refuted part's counterexample is the claim's.  When
    every part is confirmed the verdict is ``verdict_if_ok`` (``"unverified"`` when the parts
    test derived forms, not the statement as published).  A part given as a dict of facts is
    evidence only and decides nothing.  The evidence lists every part and adds up the
    instances; the parts' samples are kept for the figures.
    """
    if verdict_if_ok not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict_if_ok!r}")
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

# --------------------------------------------------------------------------- the search


class _Stop(Exception):
    """Ends a Hypothesis search from inside the property (a confirmed violation, or the budget)."""


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
    best: list = field(default_factory=list)          # (ratio, draw, observation): the closest to violation
    discarded: list = field(default_factory=list)     # unconfirmed float-level candidates
    by_family: dict = field(default_factory=dict)     # family → [instances, max ratio]


def _ratio(lhs: float, rhs: float, kind: str) -> float:
    """How close to violation: lhs/rhs for an upper bound, rhs/lhs for a lower bound."""
    num, den = (lhs, rhs) if kind == "upper" else (rhs, lhs)
    if den == 0:
        return math.inf if num > 0 else 0.0
    return num / den


def _perturb_draw(draw: Any, rng: np.random.Generator, scale: float, ranges: Mapping[str, tuple[float, float]]):
    """A nearby draw: every float field of a dataclass draw moved by a relative step ``scale``,
    kept inside the range of that field over all drawn instances (so the perturbed draw stays
    in the distribution the strategy describes); ``None`` for other draws."""
    import dataclasses  # noqa: PLC0415

    if not dataclasses.is_dataclass(draw):
        return None
    changes = {}
    for f in dataclasses.fields(draw):
        v = getattr(draw, f.name)
        if isinstance(v, float) and not isinstance(v, bool) and f.name in ranges:
            lo, hi = ranges[f.name]
            if hi > lo:
                nv = v * math.exp(scale * rng.standard_normal()) if v > 0 and lo > 0 else \
                    v + scale * (hi - lo) * rng.standard_normal()
                changes[f.name] = float(min(hi, max(lo, nv)))
    return dataclasses.replace(draw, **changes) if changes else None


def _salt_seed(draw: Any, salt: int) -> Any:
    """The draw with its array seed (a ``seed`` field or key) moved by ``salt``.

    Hypothesis starts every search with its simplest example (all parameters at their
    minimum, array seed 0 included), whatever its own seed; moving the array seed by a salt
    derived from (suite seed, claim, search) makes even that first instance differ between
    suite seeds.  The moved seed is what ``observe`` sees and records.
    """
    import dataclasses  # noqa: PLC0415

    if isinstance(draw, dict) and isinstance(draw.get("seed"), int) and not isinstance(draw["seed"], bool):
        return {**draw, "seed": (draw["seed"] + salt) % 2**31}
    if dataclasses.is_dataclass(draw) and not isinstance(draw, type):
        v = getattr(draw, "seed", None)
        if isinstance(v, int) and not isinstance(v, bool):
            return dataclasses.replace(draw, seed=(v + salt) % 2**31)
    return draw


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
    families: Mapping[str, Sequence[Any]] | None = None,
    local_search: bool | Callable[[Any, np.random.Generator, float], Any] = False,
) -> CheckResult:
    """Search for a violation of ``lhs <= rhs`` (``kind="upper"``) or ``lhs >= rhs`` (``"lower"``).

    The search has three stages, each stated in the evidence (``search_families``):

    1. **structured families** (``families``: name → draws; ``explicit``: pinned cases) that
       theory points at — near-duplicates, the query at a pattern or on the ray towards the
       nearest competitor, antipodal and regular placements, β at the hypotheses' thresholds;
    2. **random draws** from ``strategy`` with Hypothesis, seeded from (suite seed, claim,
       search number), ``hypothesis.target`` pushing the observed/bound ratio up; the array
       seed of a draw (a ``seed`` field or key) is moved by a salt of the same origin, so even
       Hypothesis' first, simplest example differs between suite seeds;
    3. **local refinement** from the best draws: ``refine(observation)`` (a check-specific
       optimiser) on the three closest instances, and, with ``local_search``, a (1+1)
       random walk on the float fields of dataclass draws (or a ``perturb(draw, rng,
       scale)`` callable) within the drawn ranges.

    A float-level violation counts only once ``reevaluate`` (an independent evaluation:
    mpmath or another algorithm) confirms it; an unconfirmed candidate is logged
    (``discarded_candidates``) and the search goes on.  An instance whose ``lhs`` or ``rhs``
    is not finite although its hypotheses hold is ``ill-defined`` (never silently
    applicable).  The search budget can never turn a found counterexample into an error.

    Parameters
    ----------
    strategy : hypothesis strategy
        Draws the small parameters of an instance (sizes, β, seed, family, …).
    observe : callable
        ``observe(draw) -> Observation``; it must route each bound through ``ctx.side``.
    reevaluate : callable, optional
        ``(lhs, rhs)`` of a violating instance recomputed independently.
    refine : callable, optional
        Local optimisation from an instance towards a larger ratio.
    rtol, atol : float
        Violation threshold ``lhs > rhs + atol + rtol*|rhs|``; default from the dtype
        (``tolerance(kind="default")``).
    reproduce : str
        Python lines, using public hoptheory functions, that re-evaluate the saved instance
        (``inputs`` are loaded from the JSON into a dict ``ce``).
    """
    t0 = time.perf_counter()
    tol = tolerance(None, "default")
    rtol = tol.rtol if rtol is None else rtol
    atol = tol.atol if atol is None else atol
    stats_ = _Stats()
    ctx.searches += 1
    search_no = ctx.searches
    fams = dict(families or {})
    if explicit:
        fams = {"pinned cases": list(explicit), **fams}

    def violated(o: Observation) -> bool:
        if not o.applicable or o.ill_defined:
            return False
        if not (math.isfinite(o.lhs) and math.isfinite(o.rhs)):
            return False
        if kind == "upper":
            return o.lhs > o.rhs + atol + rtol * abs(o.rhs)
        return o.lhs < o.rhs - atol - rtol * abs(o.rhs)

    def record(o: Observation, draw: Any, family: str):
        stats_.instances += 1
        fam = stats_.by_family.setdefault(family, [0, -math.inf])
        fam[0] += 1
        if not o.applicable:
            return
        stats_.applicable += 1
        if not o.ill_defined and not (math.isfinite(o.lhs) and math.isfinite(o.rhs)):
            o.ill_defined = True
            o.note = (o.note + "; " if o.note else "") + f"non-finite observation (lhs={o.lhs!r}, rhs={o.rhs!r})"
        if o.ill_defined:
            stats_.ill_defined += 1
            if stats_.ill_instance is None:
                stats_.ill_instance = o
            return
        slack = (o.rhs - o.lhs) if kind == "upper" else (o.lhs - o.rhs)
        r = _ratio(o.lhs, o.rhs, kind)
        fam[1] = max(fam[1], r)
        if slack < stats_.worst_slack:
            stats_.worst_slack = slack
        if r > stats_.max_ratio:
            stats_.max_ratio = r
            stats_.worst_instance = o
        stats_.best.append((r, draw, o))
        stats_.best.sort(key=lambda t: -t[0] if math.isfinite(t[0]) else -1e300)
        del stats_.best[3:]
        if o.trivial is not None and math.isfinite(o.rhs):
            bt = o.rhs / o.trivial if o.trivial != 0 else math.inf
            stats_.min_bound_over_trivial = min(stats_.min_bound_over_trivial, bt)
            vac = (o.rhs >= o.trivial) if kind == "upper" else (o.rhs <= o.trivial)
            stats_.all_vacuous = stats_.all_vacuous and vac
        else:
            stats_.all_vacuous = False
        if len(stats_.samples) < 2000:
            stats_.samples.append((float(o.lhs), float(o.rhs), None if o.trivial is None else float(o.trivial)))

    def confirm(o: Observation) -> tuple[bool, tuple[float, float] | None]:
        """Independent re-evaluation of a float-level violation."""
        if reevaluate is None:
            return True, None
        lhs2, rhs2 = reevaluate(o)
        indep = Observation(float(lhs2), float(rhs2), True, False, o.trivial, o.inputs)
        ok = violated(indep)
        if not ok and len(stats_.discarded) < 10:
            stats_.discarded.append({"lhs": o.lhs, "rhs": o.rhs, "reevaluated_lhs": float(lhs2),
                                     "reevaluated_rhs": float(rhs2), "inputs": jsonable(o.inputs)})
        return ok, (float(lhs2), float(rhs2))

    found: list[tuple[Observation, tuple[float, float] | None, str]] = []

    def consider(draw: Any, family: str) -> Observation:
        o = observe(draw)
        record(o, draw, family)
        if violated(o):
            ok, re = confirm(o)
            if ok:
                found.append((o, re, family))
        return o

    # 1. structured families
    for fam, draws in fams.items():
        for draw in draws:
            consider(draw, fam)
            if found:
                break
        if found:
            break

    # 2. random draws with Hypothesis
    if not found:
        n = examples if examples is not None else ctx.profile.examples
        # Hypothesis' target phase is not bounded by max_examples: after `cap` evaluations the
        # property stops the search by raising (never by returning: a property that returns
        # where it raised before would make Hypothesis report a flaky failure).
        cap = 3 * n + 20
        calls = [0]
        salt = ctx.subseed("array seeds", search_no) % 2**31

        @hyp_seed(ctx.subseed("hypothesis", search_no) % 2**32)
        @settings(max_examples=n, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                  phases=[Phase.explicit, Phase.generate, Phase.target])
        @given(strategy)
        def search(draw):
            calls[0] += 1
            if calls[0] > cap:
                raise _Stop("budget")
            o = consider(_salt_seed(draw, salt), "random draws")
            if found:
                raise _Stop("violation")
            if o.applicable and not o.ill_defined and math.isfinite(o.lhs) and math.isfinite(o.rhs):
                r = _ratio(o.lhs, o.rhs, kind)
                if math.isfinite(r):
                    target(float(r), label="ratio")

        try:
            search()
        except _Stop:
            pass
        except BaseException as exc:  # noqa: BLE001  (Hypothesis wraps what the property raised)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            inner = getattr(exc, "exceptions", ())
            if not (found or all(isinstance(e, _Stop) for e in inner) and inner):
                raise

    # 3. local refinement from the closest draws
    refined = 0
    if not found and stats_.best and (refine is not None or local_search):
        rng = ctx.rng(("local", search_no))
        ranges: dict[str, tuple[float, float]] = {}
        if local_search is True:
            import dataclasses  # noqa: PLC0415

            for _, d, _o in stats_.best:
                if dataclasses.is_dataclass(d):
                    for f in dataclasses.fields(d):
                        v = getattr(d, f.name)
                        if isinstance(v, float):
                            lo, hi = ranges.get(f.name, (v, v))
                            ranges[f.name] = (min(lo, v), max(hi, v))
        starts = list(stats_.best)
        for r0, d0, o0 in starts:
            if found:
                break
            if refine is not None:
                try:
                    o2 = refine(o0)
                    record(o2, d0, "local optimiser")
                    refined += 1
                    if violated(o2):
                        ok, re = confirm(o2)
                        if ok:
                            found.append((o2, re, "local optimiser"))
                            break
                except Exception:  # noqa: BLE001  (a failed refinement is logged, not fatal)
                    stats_.by_family.setdefault("local optimiser failures", [0, -math.inf])[0] += 1
            if local_search:
                best_d, best_r = d0, r0
                budget = 4 * ctx.profile.restarts + 4
                for step in range(budget):
                    scale = 0.3 * 0.7 ** (step // 4)
                    cand = (local_search(best_d, rng, scale) if callable(local_search)
                            else _perturb_draw(best_d, rng, scale, ranges))
                    if cand is None:
                        break
                    try:
                        o2 = consider(cand, "local random walk")
                    except Exception:  # noqa: BLE001
                        continue
                    refined += 1
                    if found:
                        break
                    if o2.applicable and not o2.ill_defined:
                        r2 = _ratio(o2.lhs, o2.rhs, kind)
                        if r2 > best_r:
                            best_d, best_r = cand, r2

    evidence: dict[str, Any] = {
        "instances": stats_.instances,
        "applicable_instances": stats_.applicable,
        "distributions": list(distributions),
        "search_families": {k: {"instances": v[0], "max_ratio": v[1] if math.isfinite(v[1]) else None}
                            for k, v in stats_.by_family.items()},
        "search": "structured families + hypothesis (target: observed/bound ratio)"
                  + (" + local refinement" if (refine or local_search) else ""),
        "profile": ctx.profile.name,
        "seed": ctx.seed,
        "backend": ctx.backend,
        "tolerance": {"rtol": rtol, "atol": atol},
        "kind": kind,
        **(extra_evidence or {}),
    }
    if stats_.discarded:
        evidence["discarded_candidates"] = stats_.discarded
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
        o, re, fam = found[0]
        if refine is not None and fam != "local optimiser":
            try:
                o2 = refine(o)
                if violated(o2) and _ratio(o2.lhs, o2.rhs, kind) >= _ratio(o.lhs, o.rhs, kind):
                    ok, re2 = confirm(o2)
                    if ok:
                        o, re = o2, re2
            except Exception as exc:  # noqa: BLE001  (refinement is optional)
                evidence["refine_error"] = repr(exc)
        evidence["found_by"] = fam
        if re is not None:
            evidence["reevaluated"] = {"lhs": re[0], "rhs": re[1]}
        ce = {
            "claim": claim_id,
            "inputs": jsonable(o.inputs),
            "lhs": float(o.lhs),
            "rhs": float(o.rhs),
            "kind": kind,
            "violation": (float(o.lhs) - float(o.rhs)) if kind == "upper" else (float(o.rhs) - float(o.lhs)),
            "confirmed_by": "independent re-evaluation" if re is not None else "none",
            "found_by": fam,
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
    if stats_.discarded:
        return finish("confirmed", notes=f"{len(stats_.discarded)} float-level candidate(s) were not confirmed by "
                                         "the independent re-evaluation and were discarded")
    return finish("confirmed")


def dumps(result: CheckResult) -> str:
    return json.dumps(result.to_json(), indent=1, sort_keys=False)
