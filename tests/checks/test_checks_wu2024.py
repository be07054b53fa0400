"""The wu2024 oracles agree with the package and with brute force; the checks decide as argued and can fail.

Oracles: mpmath α-entmax, conjugate and energy (50 digits) against hoptheory.maps and the models;
the support criterion against the support of the mpmath map; the line integral against the closed
form; the fan family's error inversion in mpmath; mutated checks turn ``refuted``.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from hoptheory import maps, models
from proofs_checks import PROFILES, Context
from proofs_checks._runner import run_one
from proofs_checks.blondel2020._oracles import entmax_mp
from proofs_checks.hu2023._common import _fan_family
from proofs_checks.wu2024 import _common as C
from proofs_checks.wu2024.capacity import certified_count
from proofs_checks.wu2024.conjugate import _line_integral
from proofs_checks.wu2024.sparsity import criterion_support


@pytest.mark.parametrize("alpha", [1.0, 1.25, 1.5, 2.0, 3.0, 6.0])
def test_mpmath_weights_and_conjugate_match_the_package(alpha):
    rng = np.random.default_rng(int(alpha * 100))
    for _ in range(5):
        theta = rng.standard_normal(int(rng.integers(2, 9))) * 3
        with mpmath.workdps(C.DPS):
            p = C.mp_weights(theta, alpha)
            conj = C.mp_conjugate(theta, alpha)
        np.testing.assert_allclose([float(v) for v in p], maps.tsallis(alpha).map(theta), atol=1e-13)
        assert math.isclose(float(conj), float(maps.tsallis(alpha).conjugate(theta)), rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize("alpha", [1.0, 1.5, 2.0, 3.0])
def test_mpmath_energies_match_the_model(alpha):
    rng = np.random.default_rng(3)
    Xi, x, beta = rng.standard_normal((3, 5)), rng.standard_normal(3), 2.5
    mdl = C.model(np, Xi, beta, alpha)
    with mpmath.workdps(C.DPS):
        H = float(C.mp_energy(Xi, x, beta, alpha))
    assert math.isclose(H, float(mdl.energy(x)), rel_tol=1e-12)
    if alpha > 1.0:
        with mpmath.workdps(C.DPS):
            Hp = float(C.mp_energy(Xi, x, beta, alpha, published=True))
        assert math.isclose(Hp, float(mdl.energy_published(x)), rel_tol=1e-12)
    assert math.isclose(C.mp_error(Xi, x, beta, 1, alpha), float(mdl.error(x, 1)), rel_tol=1e-10, abs_tol=1e-14)


@pytest.mark.parametrize("alpha", [1.5, 2.0])
def test_the_fan_family_inverts_the_errors_in_mpmath(alpha):
    for f in _fan_family(np.random.default_rng(0), 3):
        assert C.mp_error(f.Xi, f.x, f.beta, f.mu, alpha) > C.mp_error(f.Xi, f.x, f.beta, f.mu, 1)


def test_support_criterion_equals_the_mpmath_support():
    rng = np.random.default_rng(11)
    for _ in range(20):
        theta = rng.standard_normal(int(rng.integers(2, 10))) * 10 ** rng.uniform(-1, 1)
        alpha = float(rng.uniform(1.05, 6.0))
        with mpmath.workdps(C.DPS):
            brute = sum(1 for v in entmax_mp(theta, alpha)[0] if v > 0)
        assert criterion_support(theta, alpha) == brute == int(maps.support_size(theta, alpha))


@pytest.mark.parametrize("alpha", [1.5, 2.0, 3.0])
def test_line_integral_of_entmax_is_the_conjugate_difference(alpha):
    rng = np.random.default_rng(2)
    a, b, c = (rng.standard_normal(4) for _ in range(3))
    diff = float(maps.tsallis_conjugate(b, alpha)) - float(maps.tsallis_conjugate(a, alpha))
    assert math.isclose(_line_integral([a, b], alpha), diff, rel_tol=1e-9, abs_tol=1e-10)
    assert math.isclose(_line_integral([a, c, b], alpha), diff, rel_tol=1e-9, abs_tol=1e-10)


def test_certified_count_is_the_largest_admissible_size():
    from hoptheory.bounds import wu2024 as W

    M = certified_count(24, 1.5, 2.0 / 0.3, 1.0, 0.05, 0.1)
    assert M >= 2
    assert float(W.margin_capacity_failure_probability(M, 24, 1.5, 2.0 / 0.3, 1.0, 0.05).value) <= 0.1
    assert float(W.margin_capacity_failure_probability(M + 1, 24, 1.5, 2.0 / 0.3, 1.0, 0.05).value) > 0.1


@pytest.mark.parametrize("cid,verdict", [("wu2024/retrieval-error-dense-regime", "refuted"),
                                         ("wu2024/error-monotone-alpha", "refuted"),
                                         ("wu2024/retrieval-error-sparse-regime", "vacuous"),
                                         ("wu2024/sparsity-monotone-alpha", "confirmed")])
def test_quick_verdicts(cid, verdict):
    res = run_one(cid, profile="quick")
    assert res.verdict == verdict, res.evidence
    if verdict == "refuted":
        ce = res.counterexample
        assert ce["confirmed_by"] == "independent re-evaluation"
        a = ce["inputs"]
        lo = a["alpha_low"]
        lhs = C.mp_error(np.array(a["Xi"]), np.array(a["x"]), a["beta"], a["mu"], a["alpha"])
        rhs = C.mp_error(np.array(a["Xi"]), np.array(a["x"]), a["beta"], a["mu"], lo)
        assert lhs > rhs


def test_a_mutated_check_is_refuted():
    ctx = Context(profile=PROFILES["quick"], mutation=("support size at the smaller alpha", "halve"))
    assert run_one("wu2024/sparsity-monotone-alpha", context=ctx).verdict == "refuted"


def test_the_model_retrieves_exactly_beyond_the_margin():
    Xi = np.array([[1.0, 0.0, -0.6], [0.0, 1.0, 0.8]])
    x = np.array([0.9, 0.1])
    qsep = float(models.query_separation(Xi, x, 0))
    for alpha in (1.5, 2.0, 3.0):
        beta = 1.0 / ((alpha - 1) * qsep)
        assert models.EntmaxHopfield(Xi, beta, alpha).retrieve(x).tolist() == Xi[:, 0].tolist()
        assert float(models.EntmaxHopfield(Xi, 0.9 * beta, alpha).error(x, 0)) > 0


#: A run that converges linearly with rate about 0.99: 2129 steps to the iteration tolerance.  With a
#: budget of 500 steps the convergence check once counted it as a violation of the claim.
_SLOW_XI = [[0.769410626224512, 0.39222455056930533, 0.2985993134329426, 0.5755811294435265, 0.663884459989741],
            [-0.27310616586279207, -0.7378620192093622, 0.8562433196155592, -0.0545193729748621,
             -0.058459243023579376],
            [-0.41309683274486336, -0.1386388608075716, -0.2983733122800014, 0.6123203495416862,
             0.37679809209181153],
            [-0.4034492746265532, 0.5315061700610518, -0.2977569380386681, 0.5392567022634855,
             -0.6433219555441977]]
_SLOW_X0 = [-1.6518672902382963, -0.4189919104731001, -1.2387336686179555, 1.4441527861558026]


def test_a_slow_run_converges_within_the_budget_and_never_raises_the_energy():
    from proofs_checks._instances import ITERATION_TOL
    from proofs_checks.wu2024.dynamics import RUN_STEPS

    it = models.EntmaxHopfield(np.array(_SLOW_XI), 2.6306964145505938, 1.5).iterate(
        np.array(_SLOW_X0), max_steps=RUN_STEPS, tol=ITERATION_TOL)
    assert it.converged and 1000 < it.steps < RUN_STEPS
    E = np.asarray(it.energies)
    assert np.all(np.diff(E) <= 1e-12 * (1 + np.abs(E[:-1])))


@pytest.mark.parametrize("p, u", [([0.9999999999999999, 1.961843881809071e-16], -0.01),
                                  ([2.0815084561531883e-17, 1.0], -0.01),
                                  ([1.70592870692002e-14, 0.9999999999999831], -0.01)])
def test_the_remainder_bound_of_the_approach_to_shannon_holds_where_the_first_order_term_times_1_1_did_not(p, u):
    # near-one-hot weights with |u log p_i| about 0.37: the default profile once refuted the claim there
    with mpmath.workdps(100):
        u = mpmath.mpf(u)
        qs = [mpmath.mpf(v) for v in p]
        H = -mpmath.fsum(v * mpmath.log(v) for v in qs)
        V = mpmath.fsum(v * mpmath.log(v) ** 2 for v in qs)
        W = mpmath.fsum(v * mpmath.log(v) ** 2 * mpmath.exp(abs(u * mpmath.log(v))) for v in qs)
        err = abs(mpmath.fsum(v - v ** (1 + u) for v in qs) / ((1 + u) * u) - H)
        assert err > mpmath.mpf("1.1") * abs(u) * (H + V / 2)          # the old constant is not a bound here
        assert err <= abs(u) * (H + W / 2) / (1 + u)                    # the derived remainder bound is
        assert err >= abs(u) * (H + V / 2) / (1 + u) * mpmath.mpf("0.9")  # and tight to first order
