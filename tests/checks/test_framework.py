"""The check framework decides verdicts from evidence (toy claims with known truth)."""

import math

import pytest
from hypothesis import strategies as st
from scipy import stats

from dataclasses import dataclass

import numpy as np

from proofs_checks import (
    PROFILES,
    SUITE_ALPHA,
    CheckResult,
    Context,
    Observation,
    binomial_check,
    clopper_pearson,
    combine,
    derive_seed,
    examples_per_search,
    inequality_check,
    mean_check,
    part_alpha,
    reproduce_text,
    shared_search,
    statistical_check,
)
from proofs_checks._framework import Profile

ANGLES = st.floats(-10.0, 10.0, allow_nan=False)


def _sin_claim(bound, trivial=None):
    def observe(a):
        return Observation(lhs=abs(math.sin(a)), rhs=bound, trivial=trivial, inputs={"a": a})
    return observe


def test_true_inequality_is_confirmed_with_evidence():
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(1.0),
                           distributions=["a uniform"])
    assert res.verdict == "confirmed"
    assert res.evidence["instances"] >= PROFILES["quick"].examples // 2
    assert 0 <= res.evidence["worst_slack"] < 0.5
    assert res.evidence["max_ratio_observed_over_bound"] <= 1.0


def test_false_inequality_is_refuted_and_shrunk():
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(0.5),
                           reevaluate=lambda o: (abs(math.sin(o.inputs["a"])), 0.5))
    assert res.verdict == "refuted"
    ce = res.counterexample
    assert ce["lhs"] > ce["rhs"] == 0.5
    assert abs(math.sin(ce["inputs"]["a"])) > 0.5
    assert ce["confirmed_by"] == "independent re-evaluation"


def test_unconfirmed_candidate_is_not_reported():
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(0.5),
                           reevaluate=lambda o: (0.0, 0.5))
    assert res.verdict == "confirmed"
    assert res.evidence["discarded_candidates"]
    # the search went on after the first unconfirmed candidate
    assert res.evidence["instances"] >= PROFILES["quick"].examples


def test_vacuous_and_not_applicable_and_ill_defined():
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(3.0, trivial=1.0))
    assert res.verdict == "vacuous"
    assert res.evidence["min_bound_over_trivial"] == pytest.approx(3.0)

    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES,
                           observe=lambda a: Observation(0.0, 1.0, applicable=False))
    assert res.verdict == "not-applicable"

    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES,
                           observe=lambda a: Observation(0.0, math.nan, ill_defined=a > 0, inputs={"a": a}))
    assert res.verdict == "ill-defined"


def test_lower_bound_direction():
    res = inequality_check(Context(claim_id="toy/cos"), strategy=ANGLES, kind="lower",
                           observe=lambda a: Observation(2 + math.cos(a), 1.0))
    assert res.verdict == "confirmed"
    res = inequality_check(Context(claim_id="toy/cos"), strategy=ANGLES, kind="lower",
                           observe=lambda a: Observation(2 + math.cos(a), 1.5))
    assert res.verdict == "refuted"


def test_side_mutations_halve_and_drop_terms():
    ctx = Context()
    assert ctx.side("b", terms=[1.0, 2.0, 4.0]) == 7.0
    assert ctx.mutations() == [("b", "halve"), ("b", ("drop", 0)), ("b", ("drop", 1)), ("b", ("drop", 2))]
    ctx.mutation = ("b", ("drop", 1))
    assert ctx.side("b", terms=[1.0, 2.0, 4.0]) == 5.0
    ctx.mutation = ("b", "halve")
    assert ctx.side("b", value=3.0) == 1.5
    assert ctx.side("b", value=3.0, kind="lower") == 6.0


def test_mutated_bound_is_refuted_by_the_search():
    def observe(a):
        return Observation(abs(math.sin(a)), ctx.side("one", value=1.0), inputs={"a": a})

    ctx = Context(claim_id="toy/sin")
    assert inequality_check(ctx, strategy=ANGLES, observe=observe).verdict == "confirmed"
    ctx.mutation = ("one", "halve")
    assert inequality_check(ctx, strategy=ANGLES, observe=observe).verdict == "refuted"


def test_clopper_pearson_against_scipy_and_known_values():
    # k = 0: the lower bound is 0 and the one-sided upper bound solves (1 - p)^n = 1 - c
    assert clopper_pearson(0, 100, 0.99, "lower") == 0.0
    assert clopper_pearson(0, 100, 0.99, "upper") == pytest.approx(1 - 0.01 ** (1 / 100), rel=1e-10)
    assert clopper_pearson(100, 100, 0.99, "lower") == pytest.approx(0.01 ** (1 / 100), rel=1e-10)
    # the defining property: P(Bin(n, lo) >= k) = 1 - c
    k, n = 37, 120
    lo = clopper_pearson(k, n, 0.99, "lower")
    assert stats.binom.sf(k - 1, n, lo) == pytest.approx(0.01, rel=1e-8)
    lo2, hi2 = clopper_pearson(k, n, 0.95, "two")
    assert lo2 < k / n < hi2


def test_reported_binomial_never_refutes():
    assert statistical_check(Context(claim_id="toy/p"), successes=1000, trials=1000, claimed=0.99).verdict == "confirmed"
    # without a replicate and error control a shortfall is not a refutation
    assert statistical_check(Context(claim_id="toy/p"), successes=900, trials=1000, claimed=0.99).verdict == "inconclusive"
    assert statistical_check(Context(claim_id="toy/p"), successes=98, trials=100, claimed=0.99).verdict == "inconclusive"


def _bernoulli(p, fail_at=None):
    """experiment(seed, n): n Bernoulli(p) trials; counts the calls and their seeds."""
    seen = []

    def experiment(seed, n):
        seen.append((seed, n))
        k = int(np.random.default_rng(seed).binomial(n, p))
        return k, {"seed": seed}
    experiment.seen = seen
    return experiment


def test_binomial_check_confirms_refutes_with_a_replicate_and_is_inconclusive_between():
    ctx = Context(profile=PROFILES["quick"], claim_id="toy/p")
    exp = _bernoulli(1.0)
    res = binomial_check(ctx, experiment=exp, claimed=0.9)
    assert res.verdict == "confirmed" and res.evidence["clopper_pearson_lower"] >= 0.8
    # a true rate far below the claim: refuted, with a replicate on another seed
    exp = _bernoulli(0.5)
    res = binomial_check(ctx, experiment=exp, claimed=0.9)
    assert res.verdict == "refuted" and "replicate" in res.evidence
    assert len({s for s, _ in exp.seen}) == len(exp.seen) >= 2
    assert res.evidence["replicate"]["clopper_pearson_upper"] < 0.9
    # the rate of 84/100 against 0.8 cannot decide with 100 trials: inconclusive, with the n that would
    one = Profile("one", examples=10, trials=100, restarts=1, looks=1)
    res = binomial_check(Context(profile=one, claim_id="toy/p"), experiment=lambda s, n: (84 * n // 100, None),
                         claimed=0.8, eps=0.01)
    assert res.verdict == "inconclusive"
    assert res.evidence["trials_to_decide"] > 100
    # 1 - p = 0.999 from 100 trials never confirms (the lower bound cannot reach 0.998)
    res = binomial_check(Context(profile=one, claim_id="toy/p"), experiment=lambda s, n: (n, None), claimed=0.999)
    assert res.verdict == "inconclusive"


def test_binomial_check_needs_a_replicate_to_refute():
    calls = []

    def experiment(seed, n):  # fails badly once, then behaves
        calls.append(seed)
        return (0 if len(calls) == 1 else n), None
    res = binomial_check(Context(profile=PROFILES["quick"], claim_id="toy/p"), experiment=experiment, claimed=0.9)
    assert res.verdict == "inconclusive" and res.evidence["replicate"]["successes"] > 0


def test_binomial_check_false_alarm_rate_is_controlled():
    """A true claim (rate exactly at the claimed level) is refuted in no run of 300 (alpha_i is tiny)."""
    refuted = 0
    for s in range(300):
        ctx = Context(profile=PROFILES["quick"], seed=s, claim_id="toy/p")
        refuted += binomial_check(ctx, experiment=_bernoulli(0.9), claimed=0.9).verdict == "refuted"
    assert refuted == 0
    assert part_alpha(Context()) <= SUITE_ALPHA


def test_mean_check():
    ctx = Context(profile=PROFILES["quick"], claim_id="toy/m")
    normal = lambda mu: (lambda seed, n: np.random.default_rng(seed).normal(mu, 1.0, n))  # noqa: E731
    assert mean_check(ctx, experiment=normal(0.0), claimed=0.0, eps=0.5).verdict == "confirmed"
    assert mean_check(ctx, experiment=normal(1.0), claimed=0.0, eps=0.5).verdict == "refuted"
    assert mean_check(ctx, experiment=normal(0.0), claimed=0.0, eps=1e-3).verdict == "inconclusive"
    assert mean_check(ctx, experiment=normal(-1.0), claimed=0.0, kind="upper", eps=0.1).verdict == \
        "confirmed"
    with pytest.raises(FloatingPointError):
        mean_check(ctx, experiment=lambda s, n: np.full(n, np.nan), claimed=0.0, eps=0.1)


def test_non_finite_observations_are_ill_defined_never_applicable():
    res = inequality_check(Context(claim_id="toy/nan"), strategy=ANGLES,
                           observe=lambda a: Observation(math.nan, 1.0, inputs={"a": a}))
    assert res.verdict == "ill-defined" and "non-finite" in res.notes
    res = inequality_check(Context(claim_id="toy/inf"), strategy=ANGLES,
                           observe=lambda a: Observation(0.5, math.inf if a > 0 else 1.0, inputs={"a": a}))
    assert res.verdict == "ill-defined"


def test_call_cap_never_turns_a_counterexample_into_an_error():
    """A violation found late in the target phase, after the budget cap, is still reported."""
    # the bound is violated only near a = 9.9; target pushes there slowly
    for seed in range(5):
        res = inequality_check(Context(seed=seed, claim_id="toy/late"), strategy=st.floats(0.0, 10.0), examples=5,
                               observe=lambda a: Observation(a, 9.9, inputs={"a": a}),
                               reevaluate=lambda o: (o.inputs["a"], 9.9))
        assert res.verdict in ("refuted", "confirmed")
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(0.5), examples=3,
                           reevaluate=lambda o: (abs(math.sin(o.inputs["a"])), 0.5))
    assert res.verdict == "refuted"


def test_unconfirmed_candidate_then_a_confirmed_one_is_refuted():
    seen = []

    def reeval(o):  # the first candidate is a float artefact, later ones are real
        seen.append(o)
        return (o.lhs, o.rhs) if len(seen) > 1 else (0.0, 0.5)
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(0.5), reevaluate=reeval)
    assert res.verdict == "refuted" and len(res.evidence["discarded_candidates"]) == 1


def test_structured_families_come_first_and_are_reported():
    res = inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=_sin_claim(0.99),
                           families={"peaks": [math.pi / 2]},
                           reevaluate=lambda o: (abs(math.sin(o.inputs["a"])), 0.99))
    assert res.verdict == "refuted" and res.counterexample["found_by"] == "peaks"
    assert res.evidence["search_families"]["peaks"]["instances"] == 1


def test_local_search_reaches_a_narrow_violation():
    @dataclass(frozen=True)
    class D:
        x: float

    # violated only on |x - 0.7| < 0.02; random draws land there with probability ~4 %
    obs = lambda d: Observation(1.0 - abs(d.x - 0.7), 0.98, inputs={"x": d.x})  # noqa: E731
    strat = st.builds(D, st.floats(0.0, 1.0))
    res = inequality_check(Context(profile=Profile("tiny", 8, 10, 6), claim_id="toy/narrow"), strategy=strat,
                           observe=obs, local_search=True,
                           reevaluate=lambda o: (1.0 - abs(o.inputs["x"] - 0.7), 0.98))
    assert res.verdict == "refuted"


def test_seeds_are_derived_per_claim_and_differ_across_suite_seeds():
    assert derive_seed(1, "a/b") == derive_seed(1, "a/b") != derive_seed(2, "a/b") != derive_seed(1, "a/c")
    a, b = Context(seed=1, claim_id="x/y"), Context(seed=2, claim_id="x/y")
    assert a.rng().random() != b.rng().random()
    assert a.subseed("f") != Context(seed=1, claim_id="x/z").subseed("f")


def test_combine_orders_part_verdicts_by_severity():
    parts = [("a", CheckResult("t", "confirmed")), ("b", CheckResult("t", "inconclusive")),
             ("c", CheckResult("t", "vacuous"))]
    res = combine(Context(claim_id="t"), parts)
    assert res.verdict == "inconclusive" and res.evidence["decided_by"] == "b"
    assert combine(Context(claim_id="t"), parts + [("d", CheckResult("t", "error"))]).verdict == "error"
    # derived forms only: unverified
    assert combine(Context(claim_id="t"), [("a", CheckResult("t", "confirmed"))], verdict_if_ok="unverified").verdict == "unverified"


def test_search_budget_is_bounded():
    calls = []

    def observe(a):
        calls.append(a)
        return Observation(abs(math.sin(a)), 1.0, inputs={"a": a})

    inequality_check(Context(claim_id="toy/sin"), strategy=ANGLES, observe=observe, examples=30)
    assert len(calls) <= 3 * 30 + 20


def test_the_claim_id_comes_from_the_context():
    ctx = Context(claim_id="toy/id")
    res = inequality_check(ctx, strategy=ANGLES, observe=_sin_claim(1.0), examples=3)
    assert res.id == "toy/id"
    assert ctx.result("confirmed", {"a": 1}).id == "toy/id"
    assert combine(ctx, [("part", ctx.result("refuted"))]).verdict == "refuted"
    with pytest.raises(TypeError, match="context"):
        inequality_check(ctx, ctx, strategy=ANGLES, observe=_sin_claim(1.0))
    with pytest.raises(TypeError, match="context first"):
        combine("toy/id", [("part", ctx.result("confirmed"))])


def test_draws_do_not_depend_on_literals_in_the_source(tmp_path, monkeypatch):
    """A module with new numeric literals, imported between two runs, changes no draw."""
    import importlib

    seen = []

    def observe(a):
        seen.append(a)
        return Observation(abs(math.sin(a)), 1.0, inputs={"a": a})

    def run():
        seen.clear()
        inequality_check(Context(claim_id="toy/literals", seed=5), strategy=st.floats(0.0, 1.0),
                         observe=observe, examples=60)
        return list(seen)

    first = run()
    lits = ", ".join(repr(0.1234567 + k * 1e-3) for k in range(200))
    (tmp_path / "literal_pool_module.py").write_text(f"VALUES = [{lits}]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("literal_pool_module")
    assert run() == first


def test_shared_search_equals_direct_searches_in_the_same_order():
    """Shared keywords plus a part's own give the searches (and draws) of direct calls."""
    def run(shared):
        seen = []

        def observe(a):
            seen.append(a)
            return Observation(abs(math.sin(a)), 1.0, inputs={"a": a})

        ctx = Context(claim_id="toy/shared", seed=3)
        if shared:
            search = shared_search(ctx, strategy=ANGLES, observe=observe, examples=20)
            res = [search(), search(kind="lower", observe=_sin_claim(-1.0)), search(examples=10)]
        else:
            res = [inequality_check(ctx, strategy=ANGLES, observe=observe, examples=20),
                   inequality_check(ctx, strategy=ANGLES, observe=_sin_claim(-1.0), kind="lower", examples=20),
                   inequality_check(ctx, strategy=ANGLES, observe=observe, examples=10)]
        return [(r.verdict, r.evidence["instances"], r.evidence.get("worst_slack")) for r in res], seen, ctx.searches

    assert run(True) == run(False)
    assert run(True)[2] == 3


def test_examples_per_search_shares_the_budget_with_a_floor():
    ctx = Context(claim_id="toy/budget", profile=Profile("toy", examples=100, trials=10, restarts=1))
    assert examples_per_search(ctx, 4) == 25
    assert examples_per_search(ctx, 40) == 8
    assert examples_per_search(ctx, 40, floor=3) == 3


def test_reproduce_text_runs_and_loads_the_saved_inputs():
    text = reproduce_text({"math": "exp", "hoptheory.models": "max_norm"}, arrays=["Xi", "x"], scalars=["beta"],
                          lines=["z = Xi.T @ x"], lhs="exp(beta * float(z.max()))", rhs="max_norm(Xi)")
    assert text.splitlines()[:3] == ["from math import exp", "from hoptheory.models import max_norm",
                                     "Xi, x, beta = np.array(ce['Xi']), np.array(ce['x']), ce['beta']"]
    ns = {"np": np, "ce": {"Xi": [[3.0, 0.0], [4.0, 1.0]], "x": [1.0, 0.0], "beta": 0.5}}
    exec(text, ns)  # noqa: S102  (the snippet a refuted claim's errata runs)
    assert ns["lhs"] == pytest.approx(math.exp(0.5 * 3.0)) and ns["rhs"] == pytest.approx(5.0)
    assert reproduce_text({}, lhs="1", rhs="2") == "lhs = 1\nrhs = 2\n"


def test_combine_adds_reported_rows_that_decide_nothing():
    ctx = Context(claim_id="toy/reported")
    ok = ctx.result("confirmed", {"instances": 3, "applicable_instances": 3})
    res = combine(ctx, [("part", ok)], reported={"table": [{"a": 1}]})
    direct = combine(ctx, [("part", ok), ("table (reported)", {"rows": [{"a": 1}]})])
    assert res.verdict == direct.verdict == "confirmed"
    assert res.evidence == direct.evidence
    assert list(res.evidence["parts"]) == ["part", "table (reported)"]
