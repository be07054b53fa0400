"""The ramsauer2021 checks: the cases that once gave wrong verdicts, and the parts of a refuted claim."""

import math

import mpmath
import numpy as np
import pytest

import proofs_checks
from hoptheory.bounds import ramsauer2021 as B
from proofs_checks import PROFILES, Context
from proofs_checks._runner import run_one
from proofs_checks.ramsauer2021 import _instances as I
from proofs_checks.ramsauer2021 import _oracles as O

CHECKS = proofs_checks.checks()


def test_small_root_family_satisfies_lemma_a5_and_makes_the_a6_bound_negative():
    """At the small root of the well-separation condition (M >= 5) Lemma A6's bound is < 0 < ||J^m||."""
    ctx = Context(profile=PROFILES["quick"], seed=3, claim_id="ramsauer2021/sphere-contraction")
    draws = I.small_root_draws(ctx, 6)
    assert len({d[0].seed for d in draws}) == 6
    for draw in draws:
        inst, Xi, Xn, mu, beta, r, x = I.sphere_setup(draw, np)
        slack, a6, L = O.mp_wellsep_and_a6(Xn, beta, mu)
        assert slack >= 0 and L < 1 and a6 < 0, (inst, float(slack), float(a6), float(L))
        # the package's bound agrees with the 50-digit value of the published formula
        Delta = float(np.min(np.delete(Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn), mu)))
        m = float(np.linalg.norm(Xn, axis=0).max())
        pkg = float(B.sphere_contraction_bound(beta=beta, M=inst.M, m=m, Delta=Delta).value)
        assert pkg == pytest.approx(float(a6), rel=1e-9)


def test_small_root_family_changes_with_the_suite_seed():
    a = I.small_root_draws(Context(seed=1, claim_id="ramsauer2021/sphere-contraction"), 4)
    b = I.small_root_draws(Context(seed=2, claim_id="ramsauer2021/sphere-contraction"), 4)
    assert [d[0] for d in a] != [d[0] for d in b]


@pytest.mark.slow
def test_sphere_contraction_parts_each_catch_their_own_mutation():
    """The claim is refuted (Lemma A6), so the suite's mutation test skips it: every other part is
    checked here to turn refuted when its own bound is halved."""
    cid = "ramsauer2021/sphere-contraction"
    ctx = Context(profile=PROFILES["quick"])
    base = run_one(cid, context=ctx)
    assert base.verdict == "refuted" and base.evidence["refuted_part"].startswith("Lemma A6:")
    first = list(base.evidence["parts"])
    assert [p["verdict"] for p in base.evidence["parts"].values()][1:] == ["confirmed"] * (len(first) - 1)
    own = {"Lemma A6 contraction bound (2(M-1)M beta m^2 >= 1)": 1, "Eq. (180) mean-value Jacobian bound": 2,
           "a-posteriori ||J^m||/(1 - ||J^m||) ||x - T(x)||": 3, "S_mu radius (x* in S_mu, all 8 starts agree)": 4}
    muts = [m for m in ctx.mutations() if m[0] in own]
    assert len(muts) == len(own)
    for mut in muts:
        res = run_one(cid, context=Context(profile=PROFILES["quick"], mutation=mut))
        verdicts = [p["verdict"] for p in res.evidence["parts"].values()]
        assert verdicts[own[mut[0]]] == "refuted", (mut, verdicts)


def test_corollary_a2_boundary_instance_stays_inside_the_hypothesis():
    """b = 1 + ln(-a) exactly rounds a e^-b below -1/e (W_{-1} undefined): the check raises b by ulps."""
    a = -4.06096515294462
    b0 = 1 + math.log(-a)
    with mpmath.workdps(50):
        assert mpmath.mpf(a) * mpmath.exp(-mpmath.mpf(b0)) < -1 / mpmath.e
    b = I.exact_branch_b(a, b0)
    assert b >= b0 and b - b0 < 1e-14
    with mpmath.workdps(50):
        assert mpmath.mpf(a) * mpmath.exp(-mpmath.mpf(b)) >= -1 / mpmath.e
    d = O.finite_or_mp(B.capacity_dimension_from_ab, a=a, b=b)
    assert d == pytest.approx(1 - 1 / a, rel=1e-6)          # the double root 1 + W_{-1}(-1/e)/a


def test_corollary_a2_is_vacuous_not_ill_defined():
    res = run_one("ramsauer2021/capacity-dimension-bound", context=Context(profile=PROFILES["quick"], seed=1))
    assert res.verdict == "vacuous", res.notes


def test_lemma_a4_overflowing_bound_is_evaluated_not_ill_defined():
    """A strongly negative query separation overflows e^{-beta Delta}: the 50-digit value decides."""
    v = O.mp_value_clipped(B.concentration_weight_lower_bound, {"beta": 50.0, "M": 4.0, "query_sep": -40.0})
    assert v == -1e300
    assert math.isnan(O.mp_value_clipped(B.concentration_error_bound_sharp, {"p_mu": math.nan, "max_dist": 1.0}))
    res = run_one("ramsauer2021/softmax-concentration", context=Context(profile=PROFILES["quick"], seed=7))
    assert res.verdict == "confirmed", res.notes


def test_batched_gram_matches_each_group():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 3 * 4))
    G = I.batched_gram(np, X, 3, 4)
    for t in range(3):
        Y = X[:, 4 * t:4 * t + 4]
        np.testing.assert_allclose(G[t], Y.T @ Y, rtol=1e-14)


@pytest.mark.parametrize("cid", ["ramsauer2021/min-angle-tail", "ramsauer2021/expected-min-angle",
                                 "ramsauer2021/capacity-lambert", "ramsauer2021/gaussian-separation-moments"])
def test_statistical_parts_are_declared_and_decided(cid):
    declared = proofs_checks._framework.check_meta(cid)["stat_parts"]
    ctx = Context(profile=PROFILES["quick"], seed=5)
    res = run_one(cid, context=ctx)
    assert ctx.stat_parts_used <= declared
    assert res.verdict == "confirmed", res.notes
    stat = [p for p in res.evidence["parts"].values() if "trials" in p]
    assert stat and all(p["verdict"] == "confirmed" for p in stat)
