"""Independent oracles and Hypothesis strategies for the tests of hoptheory.maps.

Nothing here calls hoptheory.maps: exact rational sparsemax, mpmath bisection for entmax,
SciPy SLSQP on the simplex, plain NumPy loops.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from hoptheory.backend import backend_name, get_namespace, to_numpy, tolerance

#: The package's float64 tolerances (:func:`hoptheory.backend.tolerance`) of the comparisons in these tests.
TIGHT, DEFAULT, LOOSE, FD = (tolerance(np.float64, kind) for kind in ("tight", "default", "loose", "fd"))

# the `xp` fixture only names a namespace: nothing in it needs resetting between examples
_SUPPRESS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
FIXTURE_OK = settings(suppress_health_check=_SUPPRESS)


def few(n: int):
    """Settings for an expensive oracle: at most n examples, no deadline (an mpmath oracle at a
    few hundred digits takes longer than Hypothesis's default 200 ms per example)."""
    return settings(max_examples=n, deadline=None, suppress_health_check=_SUPPRESS)


SCALES = [1e-8, 1e-3, 0.1, 1.0, 3.0, 10.0, 1e3, 1e8]


@st.composite
def score_cases(draw, max_m: int = 20, min_m: int = 2, max_n: int = 5):
    """(M, N, seed, scale, grid): N slices of M scores with N != M (transposes fail)."""
    M = draw(st.integers(min_m, max_m))
    N = draw(st.integers(1, max_n).filter(lambda n: n != M))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from(SCALES) | st.floats(1e-2, 1e2))
    grid = draw(st.booleans())
    return M, N, seed, scale, grid


def make_scores(M, N, seed, scale, grid):
    """Scores of shape (N, M).  ``grid``: multiples of 1/4 (ties, dyadic boundary cases)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((N, M))
    if grid:
        z = np.round(z * 4.0) / 4.0
    return z * scale if not grid else z * (2.0 ** round(np.log2(scale)))


def clipped_scores(case, low: float, high: float, grid=None):
    """``make_scores`` of a ``score_cases`` draw with its scale clipped to [low, high]."""
    M, N, seed, scale, drawn_grid = case
    return make_scores(M, N, seed, min(max(scale, low), high), drawn_grid if grid is None else grid)


alphas = st.sampled_from([1.5, 2.0, 3.0, 1.25, 1.1]) | st.floats(1.01, 4.0)


def assert_namespace(x, xp):
    assert backend_name(get_namespace(x)) == backend_name(xp), (type(x), xp)


def np_of(x):
    return np.asarray(to_numpy(x))


# --------------------------------------------------------------------------- sparsemax


def sparsemax_exact(z_row):
    """Exact (rational) sparsemax of one float slice: (p as Fractions, tau, kappa)."""
    zf = [Fraction(float(v)) for v in z_row]
    srt = sorted(zf, reverse=True)
    kappa, cs, total = 0, Fraction(0), Fraction(0)
    for k, v in enumerate(srt, start=1):
        cs += v
        if 1 + k * v > cs:  # strict inequality, conventions §2
            kappa, total = k, cs
    tau = (total - 1) / kappa
    p = [max(v - tau, Fraction(0)) for v in zf]
    return p, tau, kappa


def project_simplex_slsqp(y):
    """argmin_{p in simplex} ||p - y||^2 by SLSQP."""
    M = len(y)
    res = minimize(
        lambda p: 0.5 * np.sum((p - y) ** 2),
        np.full(M, 1.0 / M),
        jac=lambda p: p - y,
        bounds=[(0.0, 1.0)] * M,
        constraints=[{"type": "eq", "fun": lambda p: np.sum(p) - 1.0, "jac": lambda p: np.ones(M)}],
        method="SLSQP",
        options={"ftol": 1e-15, "maxiter": 500},
    )
    return res.x


# --------------------------------------------------------------------------- entmax


def entmax_mp(z_row, alpha, dps: int = 40):
    """α-entmax of one slice by plain bisection on τ in mpmath (conventions §3 threshold)."""
    p, tau = _entmax_mp(tuple(float(v) for v in z_row), float(alpha), int(dps))
    return p.copy(), tau


@functools.lru_cache(maxsize=4096)
def _entmax_mp(z_row, alpha, dps):
    with mpmath.workdps(dps):
        a = mpmath.mpf(alpha) - 1
        q = 1 / a
        y = [a * mpmath.mpf(float(v)) for v in z_row]
        top = max(y)
        lo, hi = top - 1, top

        def f(t):
            return sum((yi - t) ** q for yi in y if yi > t) - 1

        for _ in range(int(dps * 3.4) + 10):
            mid = (lo + hi) / 2
            if f(mid) > 0:
                lo = mid
            else:
                hi = mid
        tau = (lo + hi) / 2
        p = [float((yi - tau) ** q) if yi > tau else 0.0 for yi in y]
        return np.array(p), float(tau)


def entmax_exact(z_row, alpha, dps: int = 50):
    """α-entmax of one float slice in mpmath: ``(p, tau)``, ``p`` a list of mpf (conventions §3).

    Support: ``κ = max{k : Σ_j [(α-1)(z_(j) - z_(k))]_+^{1/(α-1)} < 1}`` on the sorted scores
    (exact differences of the floats).  Threshold: ``τ = (α-1) z_(κ) - b`` with ``b`` the base of
    the last support entry, found by bisection of
    ``Σ_{j<=κ} (b + (α-1)(z_(j) - z_(κ)))^{1/(α-1)} = 1``; then
    ``p_i = [(α-1) z_i - τ]_+^{1/(α-1)} = (b + (α-1)(z_i - z_(κ)))^{1/(α-1)}`` on the support.
    This is the bisection on τ of ``entmax_mp`` with the unknown measured from the last support
    entry.  For α > 2 the bisection runs on that entry's weight ``t = b^{1/(α-1)}`` instead of
    ``b``: at large α an edge base is far below its weight (``b = 1e-455`` for ``t = 1.5e-16`` at
    α = 30), below what a bisection on τ resolves at any fixed precision, while ``t`` keeps all
    ``dps`` digits (for α <= 2 the base is the larger of the two).
    """
    with mpmath.workdps(dps):
        a = mpmath.mpf(float(alpha)) - 1
        q = 1 / a
        z = [mpmath.mpf(v) for v in z_row]
        srt = sorted(z, reverse=True)
        kappa = 1
        for k in range(2, len(srt) + 1):
            if mpmath.fsum((a * (v - srt[k - 1])) ** q for v in srt[: k - 1] if v > srt[k - 1]) < 1:
                kappa = k
        last = srt[kappa - 1]
        e = [a * (v - last) for v in srt[:kappa]]
        power = a if a > 1 else 1  # b = x^power, x the bisection variable in [0, 1]
        lo, hi = mpmath.mpf(0), mpmath.mpf(1)
        for _ in range(int(dps * 3.33) + 10):
            x = (lo + hi) / 2
            b = x**power
            if mpmath.fsum((b + ej) ** q for ej in e) > 1:
                hi = x
            else:
                lo = x
        b = ((lo + hi) / 2) ** power
        tau = a * last - b
        p = [(b + a * (v - last)) ** q if v >= last else mpmath.mpf(0) for v in z]
        return p, tau


def jacobian_mp(p, alpha, dps: int = 50):
    """``diag(g) - g gᵀ/Σg``, ``g_i = p_i^{2-α}`` on the support, in mpmath (a matrix of mpf)."""
    with mpmath.workdps(dps):
        e = 2 - mpmath.mpf(float(alpha))
        g = [mpmath.mpf(v) ** e if v > 0 else mpmath.mpf(0) for v in p]
        total = mpmath.fsum(g)
        M = len(g)
        # the diagonal g_i (Σ_{j≠i} g_j)/Σg without the cancellation g_i - g_i^2/Σg
        others = [mpmath.fsum(g[k] for k in range(M) if k != i) for i in range(M)]
        return [[g[i] * (others[i] if i == j else -g[j]) / total for j in range(M)] for i in range(M)]


def tsallis_omega_np(p, alpha):
    p = np.asarray(p, dtype=float)
    if alpha == 1.0:
        nz = p[p > 0]
        return float(np.sum(nz * np.log(nz)))
    return float((np.sum(p**alpha) - 1.0) / (alpha * (alpha - 1.0)))


def conjugate_slsqp(theta, alpha):
    """max_{p in simplex} <p, theta> - Omega_alpha(p) by SLSQP (several starts)."""
    theta = np.asarray(theta, dtype=float)
    M = theta.size
    best = -np.inf
    starts = [np.full(M, 1.0 / M)]
    e = np.full(M, 1e-3 / M)
    e[int(np.argmax(theta))] += 1.0 - 1e-3
    starts.append(e / e.sum())
    for x0 in starts:

        def obj(p):
            pc = np.clip(p, 1e-300, None) if alpha == 1.0 else np.clip(p, 0.0, None)
            return -(pc @ theta - tsallis_omega_np(pc, alpha))

        res = minimize(
            obj,
            x0,
            bounds=[(0.0, 1.0)] * M,
            constraints=[{"type": "eq", "fun": lambda p: np.sum(p) - 1.0}],
            method="SLSQP",
            options={"ftol": 1e-14, "maxiter": 1000},
        )
        # SLSQP may stop slightly off the simplex (then -res.fun can exceed the maximum):
        # evaluate at the projected feasible point instead, a true lower bound of the maximum
        p = np.clip(res.x, 0.0, None)
        p = p / p.sum()
        best = max(best, -obj(p))
    return best


def central_jacobian(f_batch, z, h):
    """Central finite-difference Jacobian at the 1-d NumPy point z.

    ``f_batch`` maps a (2M, M) NumPy block of points (rows) to their (2M, M) images in one
    call; column j of the result is (f(z + h e_j) - f(z - h e_j)) / 2h.
    """
    M = z.size
    E = np.eye(M) * h
    out = f_batch(np.concatenate([z + E, z - E], axis=0))
    return ((out[:M] - out[M:]) / (2.0 * h)).T


def central_gradient(f_batch, z, h):
    """Central finite-difference gradient of a batched scalar function (rows -> values)."""
    M = z.size
    E = np.eye(M) * h
    out = f_batch(np.concatenate([z + E, z - E], axis=0))
    return (out[:M] - out[M:]) / (2.0 * h)
