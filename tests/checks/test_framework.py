"""The check framework decides verdicts from evidence (toy claims with known truth)."""

import math

import pytest
from hypothesis import strategies as st
from scipy import stats

from proofs_checks import PROFILES, Context, Observation, clopper_pearson, inequality_check, statistical_check

ANGLES = st.floats(-10.0, 10.0, allow_nan=False)


def _sin_claim(bound, trivial=None):
    def observe(a):
        return Observation(lhs=abs(math.sin(a)), rhs=bound, trivial=trivial, inputs={"a": a})
    return observe


def test_true_inequality_is_confirmed_with_evidence():
    res = inequality_check("toy/sin", Context(), strategy=ANGLES, observe=_sin_claim(1.0),
                           distributions=["a uniform"])
    assert res.verdict == "confirmed"
    assert res.evidence["instances"] >= PROFILES["quick"].examples // 2
    assert 0 <= res.evidence["worst_slack"] < 0.5
    assert res.evidence["max_ratio_observed_over_bound"] <= 1.0


def test_false_inequality_is_refuted_and_shrunk():
    res = inequality_check("toy/sin", Context(), strategy=ANGLES, observe=_sin_claim(0.5),
                           reevaluate=lambda o: (abs(math.sin(o.inputs["a"])), 0.5))
    assert res.verdict == "refuted"
    ce = res.counterexample
    assert ce["lhs"] > ce["rhs"] == 0.5
    assert abs(math.sin(ce["inputs"]["a"])) > 0.5
    assert ce["confirmed_by"] == "independent re-evaluation"


def test_unconfirmed_candidate_is_not_reported():
    res = inequality_check("toy/sin", Context(), strategy=ANGLES, observe=_sin_claim(0.5),
                           reevaluate=lambda o: (0.0, 0.5))
    assert res.verdict == "confirmed"
    assert "discarded_candidate" in res.evidence


def test_vacuous_and_not_applicable_and_ill_defined():
    res = inequality_check("toy/sin", Context(), strategy=ANGLES, observe=_sin_claim(3.0, trivial=1.0))
    assert res.verdict == "vacuous"
    assert res.evidence["min_bound_over_trivial"] == pytest.approx(3.0)

    res = inequality_check("toy/sin", Context(), strategy=ANGLES,
                           observe=lambda a: Observation(0.0, 1.0, applicable=False))
    assert res.verdict == "not-applicable"

    res = inequality_check("toy/sin", Context(), strategy=ANGLES,
                           observe=lambda a: Observation(0.0, math.nan, ill_defined=a > 0, inputs={"a": a}))
    assert res.verdict == "ill-defined"


def test_lower_bound_direction():
    res = inequality_check("toy/cos", Context(), strategy=ANGLES, kind="lower",
                           observe=lambda a: Observation(2 + math.cos(a), 1.0))
    assert res.verdict == "confirmed"
    res = inequality_check("toy/cos", Context(), strategy=ANGLES, kind="lower",
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

    ctx = Context()
    assert inequality_check("toy/sin", ctx, strategy=ANGLES, observe=observe).verdict == "confirmed"
    ctx.mutation = ("one", "halve")
    assert inequality_check("toy/sin", ctx, strategy=ANGLES, observe=observe).verdict == "refuted"


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


def test_statistical_check_decisions():
    assert statistical_check("toy/p", successes=1000, trials=1000, claimed=0.99).verdict == "confirmed"
    assert statistical_check("toy/p", successes=900, trials=1000, claimed=0.99).verdict == "refuted"
    # a shortfall that is not significant is not a refutation, and says it is inconclusive
    weak = statistical_check("toy/p", successes=98, trials=100, claimed=0.99)
    assert weak.verdict == "confirmed" and weak.evidence["inconclusive"]


def test_search_budget_is_bounded():
    calls = []

    def observe(a):
        calls.append(a)
        return Observation(abs(math.sin(a)), 1.0, inputs={"a": a})

    inequality_check("toy/sin", Context(), strategy=ANGLES, observe=observe, examples=30)
    assert len(calls) <= 3 * 30 + 20
