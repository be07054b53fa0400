"""α-entmax: against mpmath bisection, limits, closed forms, Jacobian, margin, support."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from maps_oracles import (DEFAULT, alphas, assert_namespace, central_jacobian, clipped_scores, entmax_exact,
                         entmax_mp, few, jacobian_mp, make_scores, np_of, score_cases)

from hoptheory.maps import (
    _threshold,
    entmax,
    entmax_jacobian,
    entmax_threshold,
    margin,
    softmax,
    sparsemax,
    sparsemax_threshold,
    support_size,
)

EPS = float(np.finfo(np.float64).eps)


@few(25)
@given(case=score_cases(max_m=12, max_n=3), alpha=alphas, method=st.sampled_from(["auto", "bisect"]))
def test_entmax_matches_mpmath_bisection(xp, case, alpha, method):
    z = make_scores(*case)
    zx = xp.asarray(z)
    p = entmax(zx, alpha, method=method)
    tau = entmax_threshold(zx, alpha, method=method)
    assert_namespace(p, xp)
    assert_namespace(tau, xp)
    p, tau = np_of(p), np_of(tau)
    scale = max(1.0, (alpha - 1.0) * float(np.max(np.abs(z))))
    for i in range(z.shape[0]):
        p_mp, tau_mp = entmax_mp(z[i], alpha)
        np.testing.assert_allclose(p[i], p_mp, rtol=0, atol=1e-12)
        assert abs(tau[i] - tau_mp) <= 1e-12 * scale
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=DEFAULT.atol)


@few(25)
@given(case=score_cases(), alpha=alphas)
def test_threshold_and_support_consistent_with_map(xp, case, alpha):
    z = make_scores(*case)
    zx = xp.asarray(z)
    p = np_of(entmax(zx, alpha))
    tau = np_of(entmax_threshold(zx, alpha))
    kappa = support_size(zx, alpha)
    assert_namespace(kappa, xp)
    kappa = np_of(kappa)
    base = np.clip((alpha - 1.0) * z - tau[:, None], 0.0, None)
    scale = max(1.0, (alpha - 1.0) * float(np.max(np.abs(z))))
    # p recomputed from tau (conventions §3); at large scale tau carries scale * eps
    recomputed = base ** (1.0 / (alpha - 1.0))
    tol = DEFAULT.atol * scale / min(1.0, alpha - 1.0) ** 2
    np.testing.assert_allclose(recomputed, p, rtol=0, atol=max(tol, 1e-11))
    # kappa counts the support {(α-1) z_i > τ}; a support weight [.]^{1/(α-1)} may underflow to
    # 0 (α = 1.01: a base below 8.5e-4 gives a weight below 1e-308), so kappa exceeds the
    # non-zeros of p by exactly the support entries whose exact weight is below the smallest
    # subnormal (exact weights: mpmath)
    nnz = np.count_nonzero(p, axis=1)
    for i in range(z.shape[0]):
        if kappa[i] != nnz[i]:
            p_ex, _ = entmax_exact(z[i], alpha)
            under = sum(1 for v, w in zip(p_ex, p[i]) if v > 0 and w == 0.0 and v < 2.0**-1074)
            assert kappa[i] == nnz[i] + under, (z[i], kappa[i], nnz[i], under)


@few(25)
@given(case=score_cases())
def test_alpha_two_is_sparsemax_and_alpha_one_is_softmax(xp, case):
    z = make_scores(*case)
    zx = xp.asarray(z)
    np.testing.assert_array_equal(np_of(entmax(zx, 2.0)), np_of(sparsemax(zx)))
    np.testing.assert_array_equal(np_of(entmax(zx, 1.0)), np_of(softmax(zx)))
    bis = np_of(entmax(zx, 2.0, method="bisect"))
    np.testing.assert_allclose(bis, np_of(sparsemax(zx)), rtol=0, atol=DEFAULT.atol)
    t2 = np_of(entmax_threshold(zx, 2.0))
    np.testing.assert_array_equal(t2, np_of(sparsemax_threshold(zx)))
    np.testing.assert_array_equal(np_of(entmax_threshold(zx, 1.0)), -1.0)
    np.testing.assert_array_equal(np_of(support_size(zx, 1.0)), z.shape[1])


@few(25)
@given(case=score_cases(), delta=st.sampled_from([1e-5, 1e-7]))
def test_limits_alpha_to_one_and_two(xp, case, delta):
    z = clipped_scores(case, 0.0, 10.0)
    zx = xp.asarray(z)
    # |d entmax / d alpha| is bounded on compact sets: the limits are approached linearly
    lim1 = np_of(entmax(zx, 1.0 + delta))
    np.testing.assert_allclose(lim1, np_of(softmax(zx)), rtol=0, atol=100 * delta * (1 + np.max(z**2)))
    lim2 = np_of(entmax(zx, 2.0 + delta))
    np.testing.assert_allclose(lim2, np_of(sparsemax(zx)), rtol=0, atol=100 * delta * (1 + np.max(z**2)))
    lim2m = np_of(entmax(zx, 2.0 - delta))
    np.testing.assert_allclose(lim2m, np_of(sparsemax(zx)), rtol=0, atol=100 * delta * (1 + np.max(z**2)))


@few(25)
@given(case=score_cases())
def test_closed_form_15_equals_bisection_route(xp, case):
    z = make_scores(*case)
    zx = xp.asarray(z)
    a = np_of(entmax(zx, 1.5, method="sort"))
    b = np_of(entmax(zx, 1.5, method="bisect"))
    np.testing.assert_allclose(a, b, rtol=0, atol=DEFAULT.atol)
    scale = max(1.0, float(np.max(np.abs(z))))
    ta = np_of(entmax_threshold(zx, 1.5, method="sort"))
    tb = np_of(entmax_threshold(zx, 1.5, method="bisect"))
    np.testing.assert_allclose(ta, tb, rtol=0, atol=DEFAULT.atol * scale)


@few(30)
@given(case=score_cases(max_m=9, max_n=2), alpha=alphas)
def test_jacobian_matches_central_differences(xp, case, alpha):
    M, N = case[:2]
    z = clipped_scores(case, 0.3, 5.0, grid=False)
    J = entmax_jacobian(xp.asarray(z), alpha)
    assert_namespace(J, xp)
    assert J.shape == (N, M, M)
    J = np_of(J)
    tau = np_of(entmax_threshold(xp.asarray(z), alpha))
    h = 1e-6
    for i in range(N):
        dist = np.abs((alpha - 1.0) * z[i] - tau[i])
        assume(np.min(dist) > 1e-2)  # away from the support boundary

        def f(v):
            return np_of(entmax(xp.asarray(v), alpha))

        fd = central_jacobian(f, z[i], h)
        np.testing.assert_allclose(J[i], fd, atol=1e-6 * max(1.0, np.max(np.abs(fd))))
        np.testing.assert_allclose(J[i] @ np.ones(M), 0.0, atol=1e-12)


@few(25)
@given(
    M=st.integers(2, 12),
    seed=st.integers(0, 2**32 - 1),
    alpha=st.sampled_from([1.25, 1.5, 2.0, 3.0, 5.0]),  # margins 4, 2, 1, 1/2, 1/4: exact
    factor=st.sampled_from([1.0, 1.0 + 2.0**-30, 2.0, 1.0 - 2.0**-30, 0.5, 0.0]),
)
def test_one_hot_iff_gap_at_least_margin(xp, M, seed, alpha, factor):
    lam = margin(alpha)
    rng = np.random.default_rng(seed)
    rest = -np.abs(np.round(rng.standard_normal(M - 1) * 8.0) / 8.0)
    rest[0] = 0.0
    z = rng.permutation(np.concatenate([[factor * lam], rest]))
    p = np_of(entmax(xp.asarray(z), alpha))
    assert (np.count_nonzero(p) == 1) == (factor >= 1.0)
    assert int(np_of(support_size(xp.asarray(z), alpha))) == np.count_nonzero(p)


def test_margin_values():
    assert margin(1.0) == math.inf
    assert margin(2.0) == 1.0
    assert margin(1.5) == 2.0
    assert margin(3.0) == 0.5


@few(30)
@given(case=score_cases(min_m=5, max_m=20), alpha=alphas)
def test_numpy_selection_path_and_fallback(monkeypatch, case, alpha):
    import array_api_strict

    monkeypatch.setattr(_threshold, "TOPK", 3)
    z = make_scores(*case)
    for method in ("auto", "bisect"):
        fast = entmax(z, alpha, method=method)
        generic = np_of(entmax(array_api_strict.asarray(z), alpha, method=method))
        np.testing.assert_allclose(fast, generic, rtol=0, atol=DEFAULT.atol)


@few(25)
@given(case=score_cases(), alpha=alphas)
def test_float32_stays_float32(xp, case, alpha):
    z = make_scores(*case).astype(np.float32)
    zx = xp.asarray(z)
    for out in (entmax(zx, alpha), entmax_threshold(zx, alpha), entmax_jacobian(zx, alpha)):
        assert out.dtype == xp.float32
    p = np_of(entmax(zx, alpha))
    ref = np_of(entmax(xp.asarray(z.astype(np.float64)), alpha))  # the same (rounded) scores
    # the error model of map_tolerance with the float32 eps (the float64 map is exact by comparison)
    eps32 = float(np.finfo(np.float32).eps)
    for row, ref_row in zip(p, ref):
        np.testing.assert_allclose(row, ref_row, rtol=0, atol=map_tolerance(ref_row, alpha, eps32))


@pytest.mark.parametrize("alpha", [1.0001, 1.3, 1.5, 2.5, 4.0])
@pytest.mark.parametrize("scale", [1e8, 1e-8])
def test_extreme_scales(xp, alpha, scale):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((3, 7)) * scale
    p = np_of(entmax(xp.asarray(z), alpha))
    assert np.all(np.isfinite(p))
    for i in range(3):
        p_mp, _ = entmax_mp(z[i], alpha, dps=60)
        np.testing.assert_allclose(p[i], p_mp, rtol=0, atol=1e-12)


@pytest.mark.parametrize("alpha", [10.0, 30.0, 60.0])
def test_large_alpha_sums_to_one_and_matches_mpmath(xp, alpha):
    # for large alpha the weight of an entry near the boundary jumps between neighbouring
    # floats of the threshold; the weights must still sum to one and match the exact map
    rng = np.random.default_rng(11)
    z = rng.standard_normal((4, 9)) * 0.05
    p = np_of(entmax(xp.asarray(z), alpha))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    for i in range(4):
        p_mp, _ = entmax_mp(z[i], alpha, dps=int(40 + 3 * alpha))  # weights ~ base^(1/(α-1))
        np.testing.assert_allclose(p[i], p_mp, rtol=0, atol=1e-9)


def test_jacobian_rows_sum_to_zero_with_an_entry_at_the_support_edge():
    """alpha > 2 and an entry at the edge of the support: g_j = p_j^(2-alpha) ~ 1e108 dominates the
    sum, and the diagonal g_j - g_j^2/sum(g) once cancelled to 0 (row sums -1 instead of 0)."""
    J = np.asarray(entmax_jacobian(np.array([1000.0, 1000.0 - 1.0 / 9.0]), 10.0))
    assert np.all(np.isfinite(J))
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(J, [[1.0, -1.0], [-1.0, 1.0]], rtol=1e-12)


# --------------------------------------------------------------------------- exact oracle


def _floats(rows):
    return np.array([[float(v) for v in r] for r in rows])


@few(20)
@given(case=score_cases(max_m=8, max_n=2), alpha=alphas)
def test_exact_oracle_agrees_with_threshold_bisection(case, alpha):
    # the two mpmath oracles (bisection on tau, bisection on the last weight) give one map
    z = make_scores(*case)
    for row in z:
        p, tau = entmax_exact(row, alpha)
        p_tau, tau_tau = entmax_mp(row, alpha, dps=50)
        np.testing.assert_allclose([float(v) for v in p], p_tau, rtol=0, atol=1e-30)
        assert abs(float(tau) - tau_tau) <= 1e-14 * max(1.0, abs(tau_tau))
        assert abs(float(mpmath.fsum(p)) - 1.0) <= 1e-40



def _edge_rows(alpha, c=0.0):
    """Rows [c, c - λ(1 - t), ...]: the runner-up just inside the margin λ = 1/(α-1)."""
    lam = 1.0 / (alpha - 1.0)
    rows = [[c, c - lam * (1.0 - t)] for t in (2e-16, 1e-15, 1e-13, 1e-10, 1e-7, 1e-6, 1e-5, 1e-3)]
    rows += [[c, c - lam * (1.0 + t)] for t in (1e-16, 1e-12)]  # just outside
    return np.array(rows)


@pytest.mark.parametrize("alpha", [3.7, 5.0, 10.0, 30.0, 50.0])
@pytest.mark.parametrize("c", [0.0, -3.0, 100.0])
def test_runner_up_inside_the_margin_batched_equals_rows_and_mpmath(xp, alpha, c):
    """One score ahead of the runner-up by slightly less than the margin 1/(α-1): the runner-up
    weight is about the deficit (≈ 3.5e-7 for a deficit of 3.5e-7 at α = 3.7).  Batched calls
    once dropped it (one-hot rows) where the single-row call kept it: the Newton iteration
    went on for converged rows of a batch, and the support check then counted the runner-up
    out because its base 1 + (α-1)(u - s), about 1e-18, rounds to 0 (the weight 1e-18^{1/(α-1)}
    of a base at the resolution eps of 1 + x is up to 1.6e-6 at α = 3.7)."""
    z = _edge_rows(alpha, c)
    pb = np_of(entmax(xp.asarray(z), alpha))
    kb = np_of(support_size(xp.asarray(z), alpha))
    for i, row in enumerate(z):
        pr = np_of(entmax(xp.asarray(row), alpha))
        p_ex = np.array([float(v) for v in entmax_exact(row, alpha)[0]])
        # the weights are the exact map of the rounded scores: the runner-up's weight is
        # known to the rounding of the top weight, a few eps (the top weight is 1 - p_2)
        tol = 8 * EPS * max(1.0, (alpha - 1.0) * abs(c))
        np.testing.assert_allclose(pb[i], p_ex, rtol=0, atol=tol, err_msg=f"batched, row {row}")
        np.testing.assert_allclose(pr, p_ex, rtol=0, atol=tol, err_msg=f"single, row {row}")
        np.testing.assert_allclose(pb[i], pr, rtol=0, atol=4 * EPS)
        assert int(kb[i]) == np.count_nonzero(pb[i])


def test_jacobian_at_the_support_edge_at_large_alpha_does_not_overflow():
    """α = 30, z = [-3, -3 - 1/29]: the gap is below the margin 1/29 by 1.5e-16, the runner-up
    weight p_2 is of that size, and g_2 = p_2^{-28} overflows (it once raised "overflow in
    power" and gave NaN).  J only needs g_1 g_2/(g_1 + g_2) ≈ g_1: J ≈ [[1, -1], [-1, 1]]."""
    z = np.array([-3.0, -3.0 - 1.0 / 29.0])
    p = np.asarray(entmax(z, 30.0))
    J = np.asarray(entmax_jacobian(z, 30.0))
    assert np.all(np.isfinite(J))
    J_mp = _floats(jacobian_mp(p, 30.0))
    np.testing.assert_allclose(J, J_mp, rtol=64 * EPS, atol=0)
    if p[1] > 0:  # p_2 is below the rounding of p_1 = 1 - p_2, so 0 would be as accurate
        np.testing.assert_allclose(J, [[1.0, -1.0], [-1.0, 1.0]], rtol=1e-13)


@pytest.mark.parametrize("alpha", [10.0, 30.0, 50.0])
@pytest.mark.parametrize("t", [1e-13, 1e-10, 1e-6])
def test_jacobian_with_an_overflowing_edge_weight_matches_mpmath(xp, alpha, t):
    # runner-up inside the margin by t λ: weight about t λ, g = p^{2-α} up to 1e660 (α = 50),
    # J of size one; against diag(g) - g gᵀ/Σg at the exact weights
    lam = 1.0 / (alpha - 1.0)
    z = np.array([[0.0, -lam * (1.0 - t), -3.0 * lam], [-lam * (1.0 - t), -3.0 * lam, 0.0]])
    J = np_of(entmax_jacobian(xp.asarray(z), alpha))
    for i, row in enumerate(z):
        p_ex, _ = entmax_exact(row, alpha)
        J_ex = _floats(jacobian_mp(p_ex, alpha))
        # first order in the weights' error (map_tolerance) through J ≈ g_1 (1 - r_1) [[1, -1], [-1, 1]]
        tol = abs(alpha - 2.0) * map_tolerance(p_ex, alpha) / float(max(p_ex)) + 64 * EPS
        np.testing.assert_allclose(J[i], J_ex, rtol=0, atol=tol * float(np.max(np.abs(J_ex))))


# --------------------------------------------------------------------------- batches, Jacobian


def map_tolerance(p_ex, alpha, eps=EPS):
    """Bound on ``|p - p_exact|`` over one slice, from the error model of the bisection route.

    A support weight is ``p = b^q`` (``q = 1/(α-1)``) with the base ``b = 1 + (α-1)(u - s)``
    formed with ``|δb| <= 2ε + 4(α-1)ε(1 + s)`` (the rounding of ``(α-1)(u - s) ∈ [-1, 0]`` and
    of ``1 + x``; the Newton iteration stops at steps below ``4ε(1 + |s|)``, ``s <= λ = q``),
    so ``|δp| <= q (p/b) |δb| <= ε(6q + 4) g <= 8ε(q + 1) g`` with ``g = p^{2-α} = p/b``.  An
    edge entry (``b <= 512 ε``: its base is not resolved) takes the residual of the others
    (``fix_sum``, applied beyond ``32 ε``).  So every entry is within
    ``8ε(q + 1)(1 + G) + 32ε``, ``G = Σ g`` over the resolved support entries (``ε`` of the
    dtype).
    """
    q = 1.0 / (alpha - 1.0)
    with mpmath.workdps(30):
        p_ex = [mpmath.mpf(v) for v in p_ex]
        G = mpmath.fsum(v ** (2 - mpmath.mpf(alpha)) for v in p_ex if v > 0 and v ** (alpha - 1) > 512 * eps)
        return float(8 * eps * (q + 1) * (1 + G) + 32 * eps)


@st.composite
def edge_rows(draw, M):
    """Rows of M scores with the runner-up inside the margin by a relative deficit 10^-16 .. 10^-2."""
    rows = []
    for _ in range(draw(st.integers(0, 2))):
        t = 10.0 ** draw(st.floats(-16.0, -2.0))
        c = draw(st.sampled_from([0.0, -3.0, 7.5]))
        rest = draw(st.lists(st.floats(1.0, 4.0), min_size=M, max_size=M))
        perm = draw(st.permutations(range(M)))
        rows.append((c, t, rest, perm))
    return rows


def _with_edge_rows(z, alpha, rows):
    lam = 1.0 / (alpha - 1.0)
    out = [z]
    for c, t, rest, perm in rows:
        row = c - lam * np.array(rest)
        row[0], row[1] = c, c - lam * (1.0 - t)
        out.append(row[list(perm)][None, :])
    return np.concatenate(out, axis=0)


wide_alphas = st.sampled_from([1.01, 1.5, 2.5, 3.7, 10.0, 30.0, 50.0]) | st.floats(1.01, 50.0)


@few(25)
@given(case=score_cases(max_m=7, max_n=3), alpha=wide_alphas, data=st.data())
def test_batched_and_row_wise_calls_agree_and_match_the_exact_map(xp, case, alpha, data):
    z = _with_edge_rows(make_scores(*case), alpha, data.draw(edge_rows(case[0])))
    pb = np_of(entmax(xp.asarray(z), alpha))
    kb = np_of(support_size(xp.asarray(z), alpha))
    for i, row in enumerate(z):
        p_ex, _ = entmax_exact(row, alpha)
        tol = map_tolerance(p_ex, alpha)
        pr = np_of(entmax(xp.asarray(row), alpha))
        ex = np.array([float(v) for v in p_ex])
        np.testing.assert_allclose(pb[i], ex, rtol=0, atol=tol, err_msg="batched")
        np.testing.assert_allclose(pr, ex, rtol=0, atol=tol, err_msg="single row")
        np.testing.assert_allclose(pb[i], pr, rtol=0, atol=tol, err_msg="batched vs single row")
        assert int(kb[i]) >= np.count_nonzero(pb[i])


def _assert_jacobian_close(J, J_mp, tol):
    """Entrywise |J - J_mp| <= tol; entries beyond the float range must be ±inf."""
    fmax = float(np.finfo(np.float64).max)
    for (i, j), v in np.ndenumerate(np.empty(J.shape)):
        ref = J_mp[i][j]
        if abs(ref) > fmax:
            assert np.isinf(J[i, j]) and np.sign(J[i, j]) == np.sign(float(ref)), (i, j, J[i, j], ref)
        else:
            assert abs(J[i, j] - float(ref)) <= float(tol[i][j]), (i, j, J[i, j], float(ref), float(tol[i][j]))


@few(25)
@given(case=score_cases(max_m=6, max_n=2), alpha=wide_alphas, data=st.data())
def test_jacobian_evaluation_matches_mpmath_at_the_maps_own_weights(xp, case, alpha, data):
    """diag(g) - g gᵀ/Σg at the package's own weights, also where g_i = p_i^{2-α} is beyond the
    float range (an edge weight at large α): each entry is min(g_i, g_j) r times a ratio,
    relative error ``ε(|α-2|/2 + M + 4)`` off the diagonal, ``M ε`` more on it (same-sign sums)."""
    z = _with_edge_rows(make_scores(*case), alpha, data.draw(edge_rows(case[0])))
    J = np_of(entmax_jacobian(xp.asarray(z), alpha))
    p = np_of(entmax(xp.asarray(z), alpha))
    M = z.shape[1]
    for i in range(z.shape[0]):
        J_mp = jacobian_mp(p[i], alpha)
        tol = [[2 * EPS * (abs(alpha - 2.0) + 2 * M + 4) * abs(v) for v in r] for r in J_mp]
        _assert_jacobian_close(J[i], J_mp, tol)


@few(20)
@given(M=st.integers(2, 5), seed=st.integers(0, 2**32 - 1), spread=st.floats(0.2, 3.0), alpha=wide_alphas)
def test_jacobian_matches_the_derivative_of_the_exact_map(xp, M, seed, spread, alpha):
    """J against mpmath: diag(g) - g gᵀ/Σg at the exact weights (the derivative of the exact map,
    checked against its central differences in the oracle test), over α in (1, 50], scores spread
    over ``spread`` margins.  Tolerance: the weights' error bound (``map_tolerance``) carried to
    first order through ``∂J_ij/∂g_k = δ_ikδ_jk - δ_ik r_j - δ_jk r_i + r_i r_j`` (``r = g/Σg``),
    ``|δg_k| = |2-α| g_k |δp_k|/p_k``, plus the evaluation rounding."""
    lam = 1.0 / (alpha - 1.0)
    z = np.random.default_rng(seed).standard_normal(M) * spread * lam
    p_ex, _ = entmax_exact(z, alpha)
    tol_p = map_tolerance(p_ex, alpha)
    pos = [v > 0 for v in p_ex]
    p = np_of(entmax(xp.asarray(z), alpha))
    assume(list(p > 0) == pos)  # the same support (else J differs by its jump at the edge)
    assume(all(abs(alpha - 2.0) * tol_p / float(v) <= 1e-3 for v in p_ex if v > 0))  # first order
    J = np_of(entmax_jacobian(xp.asarray(z), alpha))
    J_ex = jacobian_mp(p_ex, alpha)
    with mpmath.workdps(30):
        e = 2 - mpmath.mpf(alpha)
        g = [v**e if v > 0 else mpmath.mpf(0) for v in p_ex]
        total = mpmath.fsum(g)
        r = [v / total for v in g]
        dg = [abs(e) * g[k] * tol_p / p_ex[k] if pos[k] else 0 for k in range(M)]

        def d(i, j, k):
            return abs((1 if i == j == k else 0) - (r[j] if i == k else 0) - (r[i] if j == k else 0) + r[i] * r[j])

        tol = [[mpmath.fsum(d(i, j, k) * dg[k] for k in range(M)) + 2 * EPS * (abs(e) + 2 * M + 4) * abs(J_ex[i][j])
                for j in range(M)] for i in range(M)]
    _assert_jacobian_close(J, J_ex, tol)
    np.testing.assert_allclose(J @ np.ones(M), 0.0, atol=4 * M * EPS * max(1.0, float(np.max(np.abs(J)))))


@pytest.mark.parametrize("alpha, z", [(1.3, [0.2, -0.5, 0.9]), (3.7, [0.0, -0.1, -0.2]),
                                      (30.0, [0.0, -0.01, -0.02, -0.2]), (50.0, [0.0, -1e-3, -5e-3])])
def test_exact_jacobian_oracle_is_the_derivative_of_the_exact_map(alpha, z):
    # mpmath central differences of entmax_exact (h = 1e-30 at 90 digits) against jacobian_mp
    z = [mpmath.mpf(v) for v in z]
    M = len(z)
    with mpmath.workdps(90):
        h = mpmath.mpf(10) ** -30
        cols = []
        for j in range(M):
            zp = [v + (h if k == j else 0) for k, v in enumerate(z)]
            zm = [v - (h if k == j else 0) for k, v in enumerate(z)]
            pp, pm = entmax_exact(zp, alpha, dps=90)[0], entmax_exact(zm, alpha, dps=90)[0]
            cols.append([(a - b) / (2 * h) for a, b in zip(pp, pm)])
        J = jacobian_mp(entmax_exact(z, alpha, dps=90)[0], alpha, dps=90)
        scale = max(abs(v) for row in J for v in row)
        for i in range(M):
            for j in range(M):
                assert abs(cols[j][i] - J[i][j]) <= mpmath.mpf(10) ** -20 * scale
