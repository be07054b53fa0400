"""The α-entmax and simplex-projection oracles agree with each other and with known values; the row helper can fail."""

from fractions import Fraction

import mpmath
import numpy as np
import pytest

from hoptheory.maps import entmax, entmax_jacobian, sparsemax
from proofs_checks import PROFILES, Context
from proofs_checks._oracles import sparsemax_fraction
from proofs_checks.peters2019 import _oracles as O
from proofs_checks.peters2019._common import agree, rows_check, score_draw, scores


def test_known_values():
    assert O.entmax15_exact([0.0, 0.0]) == ([0.5, 0.5], 2)
    assert O.entmax15_exact([10.0, 0.0]) == ([1.0, 0.0], 1)
    with mpmath.workdps(O.DPS):
        p, tau = O.mp_entmax([0.0, 0.0, 0.0], 3.0)
    assert all(abs(float(v) - 1 / 3) < 1e-15 for v in p)
    assert float(tau) == pytest.approx(-(1 / 3) ** 2)  # (0 - tau)^(1/2) = 1/3


@pytest.mark.parametrize("seed", range(5))
def test_projection_variants_are_exact_in_rationals(seed):
    rng = np.random.default_rng(seed)
    for _ in range(20):
        z = np.round(rng.standard_normal(int(rng.integers(1, 15))), 1)
        v = [Fraction(float(x)) for x in z]
        exact = sparsemax_fraction(z)
        for name, alg in O.PROJECTIONS.items():
            tau, k = alg(v)
            assert [x - tau if x > tau else 0 for x in v] == exact, name
            assert k == sum(1 for p in exact if p > 0) or name in ("bisect_refine",), name


@pytest.mark.parametrize("seed", range(3))
def test_library_algorithms_match_the_package(seed):
    rng = np.random.default_rng(seed)
    for _ in range(20):
        z = rng.standard_normal(int(rng.integers(2, 20))) * 3
        p, _ = O.library_entmax15(z)
        np.testing.assert_allclose(p, entmax(z, 1.5), atol=1e-12)
        dbl, k, used = O.topk_doubling(lambda w, kk: O.library_entmax15(w, kk), z)
        np.testing.assert_allclose(dbl, p, atol=1e-14)
        assert used >= k
        lib = O.library_bisect(z, 1.7, 60)
        np.testing.assert_allclose(lib["p"], entmax(z, 1.7), atol=1e-9)


def test_library_sign_test_differs_only_when_the_lower_end_is_a_root():
    z = [3.0, 0.0, 0.0]  # (alpha - 1) * 3 - 1 >= 0: f(tau_lo) = 0
    stated = O.library_bisect(z, 2.0, 40)
    lib = O.library_bisect(z, 2.0, 40, test="library")
    assert stated["f_lo"] == 0.0
    assert abs(stated["tau"] - 2.0) < 1e-10 and abs(lib["tau"] - stated["tau_hi0"]) < 1e-10
    np.testing.assert_array_equal(lib["p"], [1.0, 0.0, 0.0])


def test_slsqp_finds_the_closed_form():
    z = np.array([0.3, -0.2, 1.1, 0.0])
    ps, _, converged = O.slsqp_entmax(z, 1.5)
    assert converged
    np.testing.assert_allclose(ps, entmax(z, 1.5), atol=1e-5)


def test_slsqp_stopped_off_the_simplex_gives_a_feasible_point_and_value():
    # SLSQP hits its iteration limit at sum(p) = 1.003 here; that point's objective exceeded the maximum
    # (at the vertex e_1) by 0.018, which once refuted peters2019/entmax-definition at the thorough profile
    z = np.array([6.123868429279325, 0.515608879022611, 5.773501589599746])
    alpha = 4.19044814954095
    ps, best, converged = O.slsqp_entmax(z, alpha)
    assert not converged
    assert abs(ps.sum() - 1.0) < 1e-15 and ps.min() >= 0.0
    assert best <= O.objective(entmax(z, alpha), z, alpha) + 1e-12


def test_mp_alpha_derivative_and_jacobian_on_support():
    z = [0.5, 0.1, -0.3]
    d = O.mp_entmax_alpha_derivative(z, 1.5)
    h = 1e-6
    fd = (entmax(np.array(z), 1.5 + h) - entmax(np.array(z), 1.5 - h)) / (2 * h)
    np.testing.assert_allclose(d, fd, atol=1e-6)
    with mpmath.workdps(O.DPS):
        p, tau = O.mp_entmax(z, 1.5)
        q = O.mp_entmax_on_support(z, 1.5, [v > 0 for v in p], tau)
    np.testing.assert_allclose([float(v) for v in q], [float(v) for v in p], atol=1e-30)
    assert entmax_jacobian(np.array(z), 1.5).shape == (3, 3)


def test_scores_families_and_pinned():
    for fam in ("gaussian", "tied", "spread", "spike"):
        z = scores({"M": 7, "scale": 1.0, "family": fam, "seed": 3})
        assert z.shape == (7,) and np.all(np.isfinite(z))
    assert scores({"z": [1.0, 2.0]}).tolist() == [1.0, 2.0]


def test_rows_check_refutes_a_wrong_identity():
    def rows(d, side):
        z = scores(d)
        return [agree("sparsemax", side("sparsemax", value=sparsemax(z) * 0.5), sparsemax_fraction(z), 1e-12)]

    ctx = Context(profile=PROFILES["quick"], claim_id="test/rows")
    assert rows_check(ctx, rows, score_draw(), examples=5).verdict == "refuted"
