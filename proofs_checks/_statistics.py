"""Statistical deciders with suite-wide error control: binomial and mean checks.

Every statistical part gets a share of :data:`~proofs_checks._context.SUITE_ALPHA`
(Bonferroni over the parts the registered checks declare), is decided with exact one-sided
bounds at sequential looks, and a refutation needs a replicate on an independent seed.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from scipy import stats

from hoptheory.backend import to_numpy

from ._context import _META, SUITE_ALPHA, CheckResult, Context, claim_of, context_and_claim


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


def binomial_check(ctx: Context, *_claim_first, experiment: Callable[[int, int], tuple[int, Any]],
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
    ctx, claim_id = context_and_claim(ctx, _claim_first)
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


def mean_check(ctx: Context, *_claim_first, experiment: Callable[[int, int], Any], claimed: float,
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
    ctx, claim_id = context_and_claim(ctx, _claim_first)
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


def statistical_check(ctx: Context, *, successes: int, trials: int, claimed: float,
                      confidence: float = 0.99, distributions: Sequence[str] = (),
                      extra: Mapping[str, Any] | None = None,
                      counterexample: Mapping[str, Any] | None = None) -> CheckResult:
    """A reported binomial experiment that does not decide a verdict on its own.

    Kept for parts whose trials cannot be re-run from a seed: it never refutes and never
    confirms (no error control, no replicate).  The verdict is ``inconclusive`` unless the
    lower bound reaches the claim.  Prefer :func:`binomial_check`.
    """
    claim_id = claim_of(ctx)
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

