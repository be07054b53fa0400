"""The counterexample search of an inequality claim (:func:`inequality_check`), shared by the parts of a claim
(:func:`shared_search`), and the re-evaluation snippet of its counterexample (:func:`reproduce_text`)."""

from __future__ import annotations

import contextlib
import dataclasses
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings, target
from hypothesis import seed as hyp_seed
from hypothesis import strategies as st

try:  # the pool of numeric literals that Hypothesis reads from local source files (6.13x and later)
    from hypothesis.internal.conjecture import providers as _hyp_providers
except ImportError:  # pragma: no cover  (older Hypothesis has no such pool)
    _hyp_providers = None

from hoptheory.backend import tolerance

from ._context import CheckResult, Context, Observation, context_and_claim, jsonable


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

    if isinstance(draw, dict) and isinstance(draw.get("seed"), int) and not isinstance(draw["seed"], bool):
        return {**draw, "seed": (draw["seed"] + salt) % 2**31}
    if dataclasses.is_dataclass(draw) and not isinstance(draw, type):
        v = getattr(draw, "seed", None)
        if isinstance(v, int) and not isinstance(v, bool):
            return dataclasses.replace(draw, seed=(v + salt) % 2**31)
    return draw


@contextlib.contextmanager
def _draws_from_the_seed_only():
    """Run Hypothesis without the numeric literals of the local source files.

    Recent Hypothesis versions collect the numeric literals of every imported module outside
    site-packages (all of ``hoptheory``, ``proofs_checks`` and a test run's modules) and draw
    one of them instead of a random value in about 5 % of the draws.  The draws of a claim would
    then depend on the literals written anywhere in the code and on which modules happen to be
    imported (a run of one paper, of all papers, or under pytest), so adding a claim elsewhere
    could change them.  With the pool emptied the draws depend on the suite seed and the claim
    only (verdict rules, "Seeds").  Hypothesis' own built-in constants are kept.
    """
    get = getattr(_hyp_providers, "_get_local_constants", None)
    constants = getattr(_hyp_providers, "Constants", None)
    cache = getattr(_hyp_providers, "CONSTANTS_CACHE", None)
    if get is None or constants is None or cache is None:
        yield
        return
    empty = constants()
    _hyp_providers._get_local_constants = lambda: empty
    cache.cache.clear()
    try:
        yield
    finally:
        _hyp_providers._get_local_constants = get
        cache.cache.clear()


def inequality_check(
    ctx: Context,
    *_claim_first,
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
    ctx, claim_id = context_and_claim(ctx, _claim_first)
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
            with _draws_from_the_seed_only():
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



def examples_per_search(ctx: Context, searches: int, floor: int = 8) -> int:
    """The examples of one search when ``searches`` searches share the claim's budget (at least ``floor``)."""
    return max(floor, ctx.profile.examples // searches)


def shared_search(ctx: Context, **shared: Any) -> Callable[..., CheckResult]:
    """:func:`inequality_check` on ``ctx`` with the keyword arguments that the parts of a claim share.

    The returned ``search(**own)`` runs one search with ``shared`` updated by the part's own
    keywords (``observe``, ``reevaluate``, ``kind``, …).  Each call is a new search with its own
    Hypothesis seed, numbered in call order exactly as direct calls of :func:`inequality_check`.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from proofs_checks._context import Context, Observation
    >>> ctx = Context(claim_id="example/claim")
    >>> search = shared_search(ctx, strategy=st.floats(0.0, 1.0), examples=5)
    >>> search(observe=lambda t: Observation(t * t, t)).verdict  # t^2 <= t on [0, 1]
    'confirmed'
    """
    def search(**own: Any) -> CheckResult:
        return inequality_check(ctx, **{**shared, **own})
    return search


def reproduce_text(imports: Mapping[str, str], *, arrays: Sequence[str] = (), scalars: Sequence[str] = (),
                   lines: Sequence[str] = (), lhs: str, rhs: str) -> str:
    """The ``reproduce`` Python text of a search: imports, the saved inputs, ``lhs`` and ``rhs``.

    ``imports`` maps a module to the names imported from it; ``arrays`` are inputs loaded as
    ``np.array(ce[name])``, ``scalars`` as ``ce[name]`` (one assignment, arrays first);
    ``lines`` are statements between the inputs and ``lhs``.

    Examples
    --------
    >>> print(reproduce_text({"math": "exp"}, arrays=["x"], scalars=["beta"], lhs="exp(beta)", rhs="x.sum()"))
    from math import exp
    x, beta = np.array(ce['x']), ce['beta']
    lhs = exp(beta)
    rhs = x.sum()
    <BLANKLINE>
    """
    names = [*arrays, *scalars]
    load = [f"{', '.join(names)} = " + ", ".join([f"np.array(ce['{a}'])" for a in arrays]
                                                 + [f"ce['{s}']" for s in scalars])] if names else []
    head = [f"from {module} import {what}" for module, what in imports.items()]
    return "".join(f"{s}\n" for s in [*head, *load, *lines, f"lhs = {lhs}", f"rhs = {rhs}"])
