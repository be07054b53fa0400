"""Tests of hoptheory.sampling: shapes, laws, reproducibility, guarantees and bad input.

Oracles are independent of the implementation: explicit Python loops for separations and
distances, closed-form laws (Archimedes' hat-box theorem on S^2, the radial law of a uniform
ball) checked with binomial tolerances at fixed seeds, and explicit extremal configurations
(regular simplex, cross-polytope) for the necessary separation bound.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoptheory.backend import backend_name, get_backend, get_namespace, to_numpy
from hoptheory.sampling import add_noise, ball, binary, gaussian, separated, separation_upper_bound, sphere

# the `xp` fixture is a stateless namespace, so reusing it across Hypothesis examples is safe
fixture_ok = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

sizes = st.tuples(st.integers(1, 8), st.integers(1, 20)).filter(lambda t: t[0] != t[1])
seeds = st.integers(0, 2**32 - 1)


def _separations_loop(X: np.ndarray) -> list[float]:
    """Delta_mu by the definition, with explicit loops (independent oracle)."""
    d, M = X.shape
    out = []
    for mu in range(M):
        vals = [
            sum(X[i, mu] * X[i, mu] for i in range(d)) - sum(X[i, mu] * X[i, nu] for i in range(d))
            for nu in range(M)
            if nu != mu
        ]
        out.append(min(vals) if vals else math.inf)
    return out


def _min_distance_loop(X: np.ndarray) -> float:
    d, M = X.shape
    return min(
        math.sqrt(sum((X[i, a] - X[i, b]) ** 2 for i in range(d)))
        for a in range(M)
        for b in range(M)
        if a != b
    )


def _binomial_ok(count: int, n: int, p: float, z: float = 5.0) -> bool:
    """|count - n p| within z standard deviations (a deterministic seed; 5 sigma: no flakes)."""
    return abs(count - n * p) <= z * math.sqrt(n * p * (1 - p)) + 1


# --------------------------------------------------------------------------- patterns


@fixture_ok
@given(dm=sizes, m=st.floats(0.1, 10.0), seed=seeds)
def test_sphere_shape_norms_namespace(xp, dm, m, seed):
    d, M = dm
    X = sphere(d, M, m, seed=seed, xp=xp)
    assert get_namespace(X) is xp
    assert tuple(X.shape) == (d, M)
    assert X.dtype == xp.float64
    norms = np.linalg.norm(to_numpy(X), axis=0)
    np.testing.assert_allclose(norms, m, rtol=1e-14)


@fixture_ok
@given(dm=sizes, seed=seeds, scale=st.floats(0.01, 100.0))
def test_reproducible_and_backends_agree(xp, dm, seed, scale):
    d, M = dm
    ref = get_backend("numpy")
    for make in (
        lambda x: sphere(d, M, 2.0, seed=seed, xp=x),
        lambda x: gaussian(d, M, seed=seed, scale=scale, xp=x),
        lambda x: binary(d, M, seed=seed, xp=x),
    ):
        a, b, c = make(xp), make(xp), make(ref)
        assert get_namespace(a) is xp
        np.testing.assert_array_equal(to_numpy(a), to_numpy(b))  # same seed, same numbers
        if backend_name(xp) != "cupy":
            # NumPy and array-api-strict share the host stream; CuPy draws its own on the device
            np.testing.assert_array_equal(to_numpy(a), to_numpy(c))


def test_different_seeds_differ(xp):
    for f in (sphere, gaussian, binary):
        a = to_numpy(f(6, 9, seed=1, xp=xp))
        b = to_numpy(f(6, 9, seed=2, xp=xp))
        assert not np.array_equal(a, b)


def test_dtype_float32(xp):
    for f in (sphere, gaussian, binary):
        X = f(3, 5, seed=0, xp=xp, dtype=xp.float32)
        assert X.dtype == xp.float32
        assert get_namespace(X) is xp
    X = separated(3, 5, 0.3, seed=0, xp=xp, dtype=xp.float32)
    assert X.dtype == xp.float32


def test_gaussian_matches_documented_stream_and_moments(xp):
    X = to_numpy(gaussian(40, 250, seed=7, scale=3.0, xp=xp))
    if backend_name(xp) == "cupy":
        # documented: CuPy's own device stream, reproducible within the backend only
        np.testing.assert_array_equal(X, to_numpy(gaussian(40, 250, seed=7, scale=3.0, xp=xp)))
    else:
        np.testing.assert_array_equal(X, 3.0 * np.random.default_rng(7).standard_normal((40, 250)))
    n = X.size
    # sample mean within 5 standard errors, sample variance within 5 standard errors
    assert abs(X.mean()) <= 5 * 3.0 / math.sqrt(n)
    assert abs(X.var() - 9.0) <= 5 * 9.0 * math.sqrt(2.0 / n)


def test_binary_entries_and_balance(xp):
    X = to_numpy(binary(50, 200, seed=3, xp=xp))
    assert set(np.unique(X).tolist()) == {-1.0, 1.0}
    assert _binomial_ok(int((X > 0).sum()), X.size, 0.5)
    np.testing.assert_allclose(np.linalg.norm(X, axis=0), math.sqrt(50))


def test_sphere_is_uniform_archimedes(xp):
    # on S^2 each coordinate of a uniform point is uniform on [-m, m] (hat-box theorem)
    m = 2.5
    X = to_numpy(sphere(3, 20000, m, seed=11, xp=xp))
    for i in range(3):
        for lo, hi in ((-m, -0.5 * m), (-0.2 * m, 0.3 * m), (0.9 * m, m)):
            count = int(((X[i] >= lo) & (X[i] < hi)).sum())
            assert _binomial_ok(count, X.shape[1], (hi - lo) / (2 * m))


def test_sphere_d1_is_signs():
    X = sphere(1, 50, 3.0, seed=0)
    assert set(np.unique(X).tolist()) == {-3.0, 3.0}


# --------------------------------------------------------------------------- separated


@fixture_ok
@given(
    # sizes and fractions where rejection sampling succeeds quickly (d = 2 packs few points)
    dm=st.tuples(st.integers(2, 8), st.integers(2, 12)).filter(
        lambda t: t[0] != t[1] and (t[0] >= 3 or t[1] <= 5)
    ),
    frac=st.floats(0.0, 0.3),
    m=st.floats(0.5, 4.0),
    seed=seeds,
)
def test_separated_guarantee(xp, dm, frac, m, seed):
    d, M = dm
    delta = frac * m * m  # well inside the feasible range for these sizes
    X = separated(d, M, delta, m, seed=seed, xp=xp)
    assert get_namespace(X) is xp and tuple(X.shape) == (d, M)
    Xn = to_numpy(X)
    np.testing.assert_allclose(np.linalg.norm(Xn, axis=0), m, rtol=1e-14)
    assert min(_separations_loop(Xn)) >= delta
    # reproducible and identical across backends
    np.testing.assert_array_equal(Xn, separated(d, M, delta, m, seed=seed))


def test_separated_near_the_simplex_bound():
    # d = 2, M = 3: the bound 1.5 m^2 is attained only by the equilateral triangle
    X = separated(2, 3, 1.2, 1.0, seed=0)
    assert min(_separations_loop(X)) >= 1.2


def test_separation_upper_bound_is_attained():
    # regular simplex (M = d + 1) attains m^2 (1 + 1/(M-1)); cross-polytope (M = 2d) attains m^2
    d, m = 4, 1.7
    E = np.eye(d + 1) - 1.0 / (d + 1)
    U, s, _ = np.linalg.svd(E)
    S = (U[:, :d] * s[:d]).T  # (d, d+1) centred simplex in R^d
    S = m * S / np.linalg.norm(S, axis=0)
    assert math.isclose(min(_separations_loop(S)), separation_upper_bound(d, d + 1, m), rel_tol=1e-12)
    C = m * np.concatenate([np.eye(d), -np.eye(d)], axis=1)
    assert math.isclose(min(_separations_loop(C)), separation_upper_bound(d, 2 * d, m), rel_tol=1e-12)
    assert separation_upper_bound(1, 3, 1.0) == 0.0
    assert separation_upper_bound(5, 1, 1.0) == math.inf
    assert separation_upper_bound(3, 2, 2.0) == pytest.approx(8.0)  # antipodal pair: 2 m^2


def test_separated_infeasible_raises():
    with pytest.raises(ValueError, match="necessary condition"):
        separated(3, 4, 1.34, seed=0)  # > 4/3
    with pytest.raises(ValueError, match="Rankin"):
        separated(3, 5, 1.01, seed=0)  # M >= d + 2 needs delta <= m^2
    with pytest.raises(ValueError, match="necessary condition"):
        separated(1, 3, 0.1, seed=0)
    with pytest.raises(ValueError, match="max_tries"):
        separated(3, 4, 1.33, seed=0, max_tries=2000)  # feasible, too hard for rejection
    with pytest.raises(ValueError, match=">= 0"):
        separated(3, 4, -0.1, seed=0)
    with pytest.raises(ValueError, match="finite"):
        separated(3, 4, math.nan, seed=0)
    with pytest.raises(TypeError):
        separated(3, 4, "0.5", seed=0)


def test_separated_single_pattern():
    X = separated(3, 1, 5.0, 2.0, seed=0)
    assert X.shape == (3, 1)
    assert math.isclose(float(np.linalg.norm(X)), 2.0)


# --------------------------------------------------------------------------- ball


@fixture_ok
@given(dm=sizes.filter(lambda t: t[1] >= 2), seed=seeds, n=st.integers(1, 30), data=st.data())
def test_ball_shape_radius_default(xp, dm, seed, n, data):
    d, M = dm
    Xi = gaussian(d, M, seed=seed, xp=xp)
    mu = data.draw(st.integers(0, M - 1))
    Xn = to_numpy(Xi)
    R = 0.5 * _min_distance_loop(Xn)
    x = ball(Xi, mu, n=n, seed=seed)
    assert get_namespace(x) is xp and tuple(x.shape) == (d, n)
    dist = np.linalg.norm(to_numpy(x) - Xn[:, [mu]], axis=0)
    assert np.all(dist <= R * (1 + 1e-12))
    x1 = ball(Xi, mu, 0.3, seed=seed)
    assert tuple(x1.shape) == (d,)
    assert np.linalg.norm(to_numpy(x1) - Xn[:, mu]) <= 0.3 * (1 + 1e-12)
    # reproducible, and the same numbers on every host backend
    np.testing.assert_array_equal(to_numpy(x), to_numpy(ball(Xn, mu, n=n, seed=seed)))


@pytest.mark.parametrize("d", [1, 2, 3, 6])
def test_ball_is_uniform(xp, d):
    Xi = sphere(d, 4, 1.0, seed=5, xp=xp)
    r, n = 0.4, 20000
    x = to_numpy(ball(Xi, 1, r, n, seed=d))
    c = to_numpy(Xi)[:, 1]
    dist = np.linalg.norm(x - c[:, None], axis=0)
    # P(||x - c|| <= s r) = s^d
    assert _binomial_ok(int((dist <= r / 2).sum()), n, 0.5**d)
    assert _binomial_ok(int((dist <= r * 0.5 ** (1 / d)).sum()), n, 0.5)
    # isotropy: every coordinate of the offset is symmetric about 0
    for i in range(d):
        assert _binomial_ok(int((x[i] > c[i]).sum()), n, 0.5)


def test_ball_xp_argument_converts():
    xs = get_backend("array_api_strict")
    Xi = sphere(3, 5, seed=0)
    x = ball(Xi, 0, 0.1, 4, seed=1, xp=xs)
    assert get_namespace(x) is xs


def test_ball_bad_input():
    Xi = sphere(3, 5, seed=0)
    with pytest.raises(ValueError, match=r"0 <= mu < M = 5"):
        ball(Xi, 5, seed=0)
    with pytest.raises(ValueError, match="mu"):
        ball(Xi, -1, seed=0)
    with pytest.raises(TypeError, match="mu"):
        ball(Xi, 1.0, seed=0)
    with pytest.raises(ValueError, match="r must be > 0"):
        ball(Xi, 0, 0.0, seed=0)
    with pytest.raises(ValueError, match="finite"):
        ball(Xi, 0, math.inf, seed=0)
    with pytest.raises(ValueError, match="n must be"):
        ball(Xi, 0, 0.1, 0, seed=0)
    with pytest.raises(ValueError, match="M >= 2"):
        ball(Xi[:, :1], 0, seed=0)
    with pytest.raises(ValueError, match="identical"):
        ball(np.concatenate([Xi, Xi[:, :1]], axis=1), 0, seed=0)
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        ball(Xi[:, 0], 0, seed=0)
    with pytest.raises(TypeError, match="floating"):
        ball(np.ones((3, 4), dtype=np.int64), 0, seed=0)
    bad = Xi.copy()
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        ball(bad, 0, 0.1, seed=0)


# --------------------------------------------------------------------------- noise


def test_add_noise(xp):
    x = sphere(7, 3, seed=0, xp=xp)
    y = add_noise(x, 0.25, seed=4)
    assert get_namespace(y) is xp and tuple(y.shape) == (7, 3) and y.dtype == x.dtype
    np.testing.assert_array_equal(to_numpy(y), to_numpy(add_noise(x, 0.25, seed=4)))
    assert not np.array_equal(to_numpy(y), to_numpy(add_noise(x, 0.25, seed=5)))
    np.testing.assert_array_equal(to_numpy(add_noise(x, 0.0, seed=4)), to_numpy(x))
    big = sphere(20, 2000, seed=1, xp=xp)
    e = to_numpy(add_noise(big, 0.5, seed=2)) - to_numpy(big)
    assert abs(e.std() - 0.5) <= 5 * 0.5 / math.sqrt(2 * e.size)
    x32 = sphere(4, 3, seed=0, xp=xp, dtype=xp.float32)
    assert add_noise(x32, 0.1, seed=0).dtype == xp.float32


def test_add_noise_bad_input():
    x = sphere(3, 2, seed=0)
    with pytest.raises(ValueError, match="sigma"):
        add_noise(x, -1.0, seed=0)
    with pytest.raises(ValueError, match="sigma"):
        add_noise(x, math.nan, seed=0)
    with pytest.raises(TypeError, match="sigma"):
        add_noise(x, "0.1", seed=0)
    with pytest.raises(TypeError, match="floating"):
        add_noise(np.arange(3), 0.1, seed=0)
    with pytest.raises(ValueError, match="NaN"):
        add_noise(np.array([1.0, np.inf]), 0.1, seed=0)
    with pytest.raises(ValueError, match="seed"):
        add_noise(x, 0.1, seed=-3)


# --------------------------------------------------------------------------- generic bad input


@pytest.mark.parametrize("make", [
    lambda **k: sphere(**k),
    lambda **k: gaussian(**k),
    lambda **k: binary(**k),
    lambda **k: separated(delta=0.1, **k),
])
def test_size_seed_dtype_validation(make):
    good = dict(d=3, M=4, seed=0)
    for key, bad, err in (
        ("d", 0, ValueError), ("d", -2, ValueError), ("d", 2.0, TypeError), ("d", True, TypeError),
        ("M", 0, ValueError), ("M", "4", TypeError),
        ("seed", -1, ValueError), ("seed", 1.5, TypeError), ("seed", None, TypeError),
    ):
        with pytest.raises(err, match=key):
            make(**{**good, key: bad})
    with pytest.raises(TypeError, match="dtype"):
        make(**good, dtype=np.int32)
    with pytest.raises(TypeError, match="namespace"):
        make(**good, xp="numpy")


@pytest.mark.parametrize("f", [sphere, separated])
def test_radius_validation(f):
    extra = (0.1,) if f is separated else ()
    for bad in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="m "):
            f(3, 4, *extra, bad, seed=0)


def test_scale_validation():
    for bad in (0.0, -1.0, math.inf):
        with pytest.raises(ValueError, match="scale"):
            gaussian(3, 4, seed=0, scale=bad)


# --------------------------------------------------------------------------- CuPy


def _normal_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _ks_statistic(sample: np.ndarray, cdf) -> float:
    """Kolmogorov-Smirnov distance of a sample to a continuous law (plain NumPy oracle)."""
    x = np.sort(sample)
    n = x.size
    F = np.array([cdf(v) for v in x])
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))


@pytest.mark.gpu
def test_cupy_streams_are_reproducible_and_have_the_right_laws():
    """On CuPy: same seed same numbers, other seed other numbers, and the laws themselves.

    The CuPy stream differs from NumPy's (documented), so the laws are tested instead:
    Kolmogorov-Smirnov of the Gaussian entries and of one sphere coordinate on S^2 (uniform
    on [-m, m] by the hat-box theorem) against their CDFs, at the 1e-4 level
    (critical distance 2.2 / sqrt(n)); ±1 balance of binary entries within 5 sigma.
    """
    import cupy

    xp = get_backend("cupy")
    for f in (sphere, gaussian, binary):
        a, b = to_numpy(f(5, 300, seed=3, xp=xp)), to_numpy(f(5, 300, seed=3, xp=xp))
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, to_numpy(f(5, 300, seed=4, xp=xp)))
    n = 20000
    g = to_numpy(gaussian(1, n, seed=5, xp=xp))[0]
    assert _ks_statistic(g, _normal_cdf) <= 2.2 / math.sqrt(n)
    m = 2.0
    s2 = to_numpy(sphere(3, n, m, seed=6, xp=cupy))  # the plain module is accepted
    assert _ks_statistic(s2[2], lambda v: (v + m) / (2 * m)) <= 2.2 / math.sqrt(n)
    np.testing.assert_allclose(np.linalg.norm(s2, axis=0), m, rtol=1e-14)
    bits = to_numpy(binary(10, 2000, seed=7, xp=cupy))
    assert _binomial_ok(int((bits > 0).sum()), bits.size, 0.5)


@pytest.mark.gpu
def test_cupy_plain_module_at_scale():
    import cupy

    X = sphere(64, 100_000, seed=0, xp=cupy)
    assert X.shape == (64, 100_000)
    assert float(cupy.max(cupy.abs(cupy.linalg.norm(X, axis=0) - 1.0))) < 1e-12
