"""Ties: exact support decisions of sparsemax, and α-entmax with tied top scores at large α.

Oracles: exact rational sparsemax (``sparsemax_exact``) and mpmath bisection (``entmax_mp``,
``entmax_exact``).
The project turns RuntimeWarnings raised in hoptheory into errors, so every call here also
checks that no "divide by zero" or "invalid value" warning is emitted.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from maps_oracles import entmax_exact, entmax_mp, few, np_of, sparsemax_exact

from hoptheory.maps import (
    entmax,
    entmax_jacobian,
    entmax_threshold,
    sparsemax,
    sparsemax_threshold,
    support_size,
    tsallis_conjugate,
)

# --------------------------------------------------------------------------- sparsemax


def test_entry_exactly_at_the_threshold_gets_exactly_zero(xp):
    # in exact arithmetic on these doubles tau = 0.1 = z_0: the entry is off the support
    z = xp.asarray([0.1, 0.9, 0.3])
    p = np_of(sparsemax(z))
    assert p[0] == 0.0
    np.testing.assert_allclose(p, [0.0, 0.8, 0.2], rtol=0, atol=1e-15)
    assert int(np_of(support_size(z))) == 2
    assert np.count_nonzero(p) == 2
    _, tau, kappa = sparsemax_exact([0.1, 0.9, 0.3])
    assert kappa == 2
    assert abs(float(np_of(sparsemax_threshold(z))) - float(tau)) <= 1e-16


@few(60)
@given(
    rows=st.lists(
        st.lists(st.integers(-12, 12), min_size=2, max_size=9), min_size=1, max_size=4
    ).filter(lambda r: len({len(x) for x in r}) == 1),
    denom=st.sampled_from([10, 3, 7, 100]),
)
def test_decimal_grids_support_is_exact(xp, rows, denom):
    # k/10, k/3, ...: not dyadic, so exact ties with the threshold are hidden by rounding
    z = np.array(rows, dtype=float) / denom
    p = np_of(sparsemax(xp.asarray(z)))
    kap = np_of(support_size(xp.asarray(z)))
    for i in range(z.shape[0]):
        p_ex, _, k_ex = sparsemax_exact(z[i])
        zero = np.array([v == 0 for v in p_ex])
        assert np.all(p[i][zero] == 0.0), (z[i], p[i])
        assert int(kap[i]) == np.count_nonzero(p[i])
        # an entry may drop out only when its exact weight is below the rounding of z - max
        lost = [float(v) for v, q in zip(p_ex, p[i]) if v > 0 and q == 0.0]
        assert int(kap[i]) + len(lost) == k_ex
        assert all(v <= 4e-16 * max(1.0, float(np.max(np.abs(z[i])))) for v in lost)
        np.testing.assert_allclose(p[i], [float(v) for v in p_ex], rtol=0, atol=4e-16)


# --------------------------------------------------------------------------- large α, ties


def _conjugate_mp(z_row, alpha, dps=60):
    """Ω*(θ) = <p, θ> - Ω_α(p) at the mpmath entmax weights."""
    p, _ = entmax_mp(z_row, alpha, dps=dps)
    with mpmath.workdps(dps):
        a = mpmath.mpf(alpha)
        inner = mpmath.fsum(mpmath.mpf(float(pi)) * mpmath.mpf(float(zi)) for pi, zi in zip(p, z_row))
        omega = (mpmath.fsum(mpmath.mpf(float(pi)) ** a for pi in p) - 1) / (a * (a - 1))
        return float(inner - omega)


ISSUE_CASES = [
    (np.array([1.0, 1.0, 0.0]), 100.0),
    (np.array([1.0, 1.0, 1.0]), 100.0),
    (np.r_[np.ones(57), np.zeros(57)], 10.0),
]


@pytest.mark.parametrize("z, alpha", ISSUE_CASES)
def test_tied_top_scores_large_alpha_no_warning(xp, z, alpha):
    zx = xp.asarray(z)
    p = np_of(entmax(zx, alpha))
    n_top = int(np.sum(z == z.max()))
    np.testing.assert_allclose(p, np.where(z == z.max(), 1.0 / n_top, 0.0), rtol=0, atol=1e-15)
    p_mp, tau_mp = entmax_mp(z, alpha, dps=80)
    np.testing.assert_allclose(p, p_mp, rtol=0, atol=1e-12)
    assert abs(float(np_of(entmax_threshold(zx, alpha))) - tau_mp) <= 1e-12 * alpha
    assert int(np_of(support_size(zx, alpha))) == n_top
    J = np_of(entmax_jacobian(zx, alpha))
    assert np.all(np.isfinite(J))
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-12 * np.max(np.abs(J)))
    assert np.all(J[z < z.max()] == 0.0)
    assert float(np_of(tsallis_conjugate(zx, alpha))) == pytest.approx(_conjugate_mp(z, alpha), abs=1e-12)


@few(40)
@given(
    n_top=st.integers(1, 6),
    n_second=st.integers(0, 6),
    gap_units=st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.001, 2.0]),
    n_rest=st.integers(0, 5),
    alpha=st.sampled_from([5.0, 10.0, 30.0, 100.0]) | st.floats(4.0, 120.0),
    top=st.sampled_from([0.0, 1.0, -3.0, 1e3]),
    seed=st.integers(0, 2**16),
)
def test_ties_at_large_alpha_match_mpmath(xp, n_top, n_second, gap_units, n_rest, alpha, top, seed):
    # a tied top group, a tied second group at a gap measured in margins 1/(α-1) (at, below
    # and above the margin), and a few random scores further down
    lam = 1.0 / (alpha - 1.0)
    rng = np.random.default_rng(seed)
    z = np.r_[
        np.full(n_top, top),
        np.full(n_second, top - gap_units * lam),
        top - lam * (1.0 + 3.0 * rng.random(n_rest)),
    ]
    z = z[rng.permutation(z.size)]
    zx = xp.asarray(z)
    p = np_of(entmax(zx, alpha))
    tau = float(np_of(entmax_threshold(zx, alpha)))
    kap = int(np_of(support_size(zx, alpha)))
    conj = float(np_of(tsallis_conjugate(zx, alpha)))
    p_mp, tau_mp = entmax_mp(z, alpha, dps=int(60 + 3 * alpha))
    # the Jacobian's entries are of size p_min^(2-α): evaluated where that is a float
    if (alpha - 2.0) * -math.log(np.min(p_mp[p_mp > 0])) < 700.0:
        J = np_of(entmax_jacobian(zx, alpha))
        assert np.all(np.isfinite(J))
        # J 1 = 0 up to the rounding of g_i - g_i Σ_j g_j / Σg, of size eps max g
        g_max = float(np.max(p_mp[p_mp > 0] ** (2.0 - alpha)))
        np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-13 * max(1.0, g_max))
    np.testing.assert_allclose(p, p_mp, rtol=0, atol=1e-9)
    assert abs(tau - tau_mp) <= 1e-11 * max(1.0, (alpha - 1.0) * abs(top))
    np.testing.assert_allclose(p.sum(), 1.0, rtol=0, atol=1e-14)
    # ties share their weight exactly
    for group in (z == top, z == top - gap_units * lam):
        if group.any():
            assert np.ptp(p[group]) <= 1e-15
    assert kap == np.count_nonzero(p) or kap == np.count_nonzero(p_mp > 0)
    assert conj == pytest.approx(_conjugate_mp(z, alpha, dps=int(60 + 3 * alpha)), rel=1e-12, abs=1e-12)
    assert math.isfinite(conj)


# --------------------------------------------------------------------------- bad types


@pytest.mark.parametrize("alpha", ["1.5", b"1.5", "2"])
def test_string_alpha_is_rejected(xp, alpha):
    z = xp.asarray([0.3, 0.1])
    for f in (entmax, entmax_threshold, support_size, tsallis_conjugate):
        with pytest.raises(TypeError, match="alpha must be a real number"):
            f(z, alpha)


def test_float16_and_integer_scores_are_rejected():
    for bad in (np.array([1.0, 2.0], dtype=np.float16), np.array([1, 2]), np.array([True, False])):
        for f in (sparsemax, lambda z: entmax(z, 1.5), sparsemax_threshold):
            with pytest.raises(TypeError, match="float32 or float64"):
                f(bad)


@pytest.mark.parametrize("alpha, gap, n_second", [(100.0, 0.999, 1), (30.0, 0.9, 3)])
def test_boundary_entry_below_float_resolution_large_alpha(xp, alpha, gap, n_second):
    # z = [0, -0.999/(α-1)], α = 100: exact weights (1 - 1.01e-5, 1.01e-5); the second
    # entry's base is about 1e-495, far below what 1 + x resolves in double precision
    # (α = 30, gap 0.9: three weights 1.2e-3 with bases near 1e-85).  The support search
    # keeps the entry (its weight is the slack of the support predicate), the offset is moved
    # to keep its base positive, and the sum correction puts the residual on it; the oracle
    # bisects on the last weight, which resolves it (a bisection on tau would need 500 digits)
    z = np.r_[0.0, np.full(n_second, -gap / (alpha - 1.0))]
    p_ex = np.array([float(v) for v in entmax_exact(z, alpha)[0]])
    p = np_of(entmax(xp.asarray(z), alpha))
    # the edge weights are 1 - (top weight), known to the top weight's rounding
    np.testing.assert_allclose(p, p_ex, rtol=0, atol=8 * np.finfo(np.float64).eps)
    assert int(np_of(support_size(xp.asarray(z), alpha))) == 1 + n_second
