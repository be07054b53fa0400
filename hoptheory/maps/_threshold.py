"""Thresholds of sparsemax and α-entmax from sorted candidate scores.

All solvers here work in the *shifted frame*: for one slice ``z`` (length ``M``) let
``u = z - max(z)``, so ``u_(1) = 0``.  The solvers receive the candidates ``us``: the largest
``K`` entries of ``u`` sorted in decreasing order (``K = M`` on the generic route, a few dozen
on the NumPy fast path), clamped from below at ``-2 λ`` (``λ = 1/(α-1)``, the margin).  An
entry ``u_i <= -λ`` is never in the support (the threshold satisfies ``τ >= max - 1`` in the
units of ``(α-1) z``), so the clamp changes no support and no threshold, and it keeps squares
and powers of far-away entries (``β = 1e8``) finite.

Parametrisation.  For α > 1 the map is

.. math::

    p_i = \\bigl[1 + (\\alpha-1)(u_i - s)\\bigr]_+^{1/(\\alpha-1)},
    \\qquad \\sum_i p_i = 1,

with the *offset* ``s >= 0``.  It is related to the threshold of conventions §3,
``p_i = [(α-1) z_i - τ]_+^{1/(α-1)}``, by ``τ = (α-1)(max(z) + s) - 1``.  Solving for ``s``
instead of ``τ`` avoids the cancellation ``1 + τ`` as α → 1, where ``s`` tends to
``logsumexp(u)`` and ``τ`` to ``-1``.  For sparsemax (α = 2) the solvers return
``τ_u = s - 1`` directly (``p = [u - τ_u]_+``).

Every solver returns ``(parameter, kappa)`` where ``kappa`` (int64) is the support size found
among the candidates; a caller that passed only the top ``K < M`` entries must recompute the
rows with ``kappa == K`` on the full slice (their support may extend past the candidates).
"""

from __future__ import annotations

import math

from ._common import chunk_rows, take_last

__all__ = [
    "TOPK",
    "fix_sum",
    "entmax15_sorted",
    "entmax_bisect_sorted",
    "sparsemax_sorted",
    "threshold_generic",
    "solve_last",
    "threshold_numpy",
]

#: number of candidates selected (``np.partition``) on the NumPy fast path before the
#: exact solve; rows whose support reaches it are recomputed from a full sort
TOPK = 32

_INT = "int64"


def _int_dtype(xp):
    return getattr(xp, _INT)


def _arange_k(xp, K, dtype):
    return xp.arange(1, K + 1, dtype=dtype)


# --------------------------------------------------------------------------- sparsemax


def sparsemax_sorted(xp, us):
    """Exact sparsemax threshold ``τ_u`` of sorted candidates ``us`` (shape ``(..., K)``).

    ``τ_k = (Σ_{j<=k} u_(j) - 1)/k`` and ``κ = max{k : u_(k) > τ_k}``, the strict-inequality
    support formula of conventions §2 (``1 + k u_(k) > Σ_{j<=k} u_(j)``) written so that the
    comparison is made against the very threshold that is returned: the entry ``u_(κ)`` then
    satisfies ``u_(κ) - τ_u > 0`` in floating point too.
    """
    K = us.shape[-1]
    ki = _arange_k(xp, K, _int_dtype(xp))
    k = _arange_k(xp, K, us.dtype)
    cs = xp.cumulative_sum(us, axis=-1)
    tau_k = (cs - 1.0) / k
    cond = us > tau_k
    kappa = xp.max(xp.where(cond, ki, xp.zeros_like(ki)), axis=-1)
    tau = take_last(xp, tau_k, kappa - 1)
    return tau, kappa


# --------------------------------------------------------------------------- 1.5-entmax


def entmax15_sorted(xp, us):
    """Exact 1.5-entmax offset ``s`` of sorted candidates (closed form of Peters et al. 2019).

    With ``y = u/2`` and the top-``k`` support, the threshold solves
    ``Σ_{j<=k} (y_(j) - τ)^2 = 1``: ``τ_k = mean_k - sqrt((1 - ss_k)/k)`` where ``ss_k`` is
    ``k`` times the variance of the top ``k`` values.  The support size is
    ``κ = max{k : y_(k) > τ_k}`` and ``s = 2 (1 + τ_κ)``.
    """
    K = us.shape[-1]
    ki = _arange_k(xp, K, _int_dtype(xp))
    k = _arange_k(xp, K, us.dtype)
    y = us * 0.5
    cs = xp.cumulative_sum(y, axis=-1)
    cs2 = xp.cumulative_sum(y * y, axis=-1)
    mean = cs / k
    ss = cs2 - cs * mean
    delta = (1.0 - ss) / k
    tau_k = mean - xp.sqrt(xp.clip(delta, min=0.0))
    cond = y > tau_k
    kappa = xp.max(xp.where(cond, ki, xp.zeros_like(ki)), axis=-1)
    tau = take_last(xp, tau_k, kappa - 1)
    return 2.0 * (1.0 + tau), kappa


# --------------------------------------------------------------------------- generic α


def _support_search(xp, us, a, q):
    """Support size by bisection over the sorted breakpoints of the threshold.

    Entry ``k`` is in the support iff the normalisation evaluated at the threshold value that
    would make it vanish is still below one:
    ``P(k): Σ_j [a (u_j - u_(k))]_+^q < 1`` (``a = α-1``, ``q = 1/a``).  ``P`` holds exactly
    for ``k <= κ`` (ties are in or out together), so ``κ`` is found in ``⌈log2(K+1)⌉`` steps.
    Bases are clamped at 1 (one such term already makes the sum ``>= 1``), so no power
    overflows for large ``q``.
    """
    K = us.shape[-1]
    idt = _int_dtype(xp)
    batch = us.shape[:-1]
    lo = xp.ones(batch, dtype=idt)  # P(1) always holds (empty sum)
    hi = xp.full(batch, K + 1, dtype=idt)  # sentinel: P(K+1) "fails"
    for _ in range(max(1, math.ceil(math.log2(K + 1)))):
        mid = (lo + hi) // 2
        u_mid = take_last(xp, us, xp.minimum(mid, K) - 1)
        base = xp.clip(a * (us - u_mid[..., None]), min=0.0, max=1.0)
        pred = xp.sum(base**q, axis=-1) < 1.0
        lo = xp.where(pred, mid, lo)
        hi = xp.where(pred, hi, mid)
    return lo


def _normaliser(xp, us, S, s, a, q):
    """``E(s) = log Σ_{i∈S} p_i(s)`` and ``dE/ds``, evaluated in the log domain.

    ``log p_i = q log1p(a (u_i - s))``; the sum is a log-sum-exp shifted by its largest term,
    and ``dE/ds = -Σ π_i / v_i`` with ``π = softmax(log p)`` and ``v_i = 1 + a (u_i - s)``.
    Entries with ``v_i <= 0`` are left out (they contribute 0), so nothing is evaluated at a
    pole of the logarithm.
    """
    x = a * (us - s[..., None])
    valid = S & (x > -1.0)
    xs = xp.where(valid, x, xp.zeros_like(x))
    neg_inf = xp.full_like(x, -math.inf)
    logp = xp.where(valid, q * xp.log1p(xs), neg_inf)
    top = xp.max(logp, axis=-1)
    top = xp.where(xp.isfinite(top), top, xp.zeros_like(top))
    E = top + xp.log(xp.sum(xp.exp(logp - top[..., None]), axis=-1))
    pi = xp.exp(logp - E[..., None])
    v = xp.where(valid, 1.0 + xs, xp.ones_like(xs))
    dE = -xp.sum(pi / v, axis=-1)
    return E, dE


def _solve_offset(xp, us, kappa, a, q, lam, eps):
    """Offset ``s`` on the fixed support ``{1..κ}``: safeguarded Newton on ``E(s) = 0``.

    Bracket (all from conventions §3 and ``1/κ <= p_(1)``, ``p_(κ) <= 1/κ``):
    ``s >= 0``, ``s >= u_(κ+1) + λ`` (entry ``κ+1`` vanishes), ``s >= u_(κ) + s_max``,
    ``s <= u_(κ) + λ`` (entry ``κ`` survives), ``s <= s_max = (1 - κ^{-a})/a``.
    Newton steps that leave the bracket are replaced by bisection; the bracket shrinks with
    the sign of ``E`` at every iterate, so the iteration converges for every ``α``; it stops
    when the step is below a few ulps.
    """
    K = us.shape[-1]
    dt = us.dtype
    idt = _int_dtype(xp)
    S = xp.arange(K, dtype=idt) < kappa[..., None]
    kf = xp.astype(kappa, dt)
    u_k = take_last(xp, us, kappa - 1)
    u_next = take_last(xp, us, xp.minimum(kappa, K - 1))
    u_next = xp.where(kappa < K, u_next, xp.full_like(u_next, -math.inf))
    smax = -xp.expm1(-a * xp.log(kf)) / a
    zero = xp.zeros_like(u_k)
    lo = xp.maximum(xp.maximum(zero, u_next + lam), u_k + smax)
    hi = xp.minimum(u_k + lam, smax)
    hi = xp.maximum(hi, lo)
    s = lo
    tol = 4.0 * eps
    for _ in range(200):
        E, dE = _normaliser(xp, us, S, s, a, q)
        below = E >= 0.0  # s at or left of the root (E is decreasing)
        lo = xp.where(below, s, lo)
        hi = xp.where(below, hi, s)
        s_new = s - E / dE
        inside = (s_new >= lo) & (s_new <= hi)
        s_new = xp.where(inside, s_new, 0.5 * (lo + hi))
        done = (xp.abs(s_new - s) <= tol * (1.0 + xp.abs(s))) | (hi - lo <= tol * (1.0 + xp.abs(s)))
        s = s_new
        if bool(xp.all(done)):
            break
    # Every support entry must keep a positive base 1 + a (u_i - s).  Where the map is steep
    # in s (α > 2 with an entry near the boundary: its weight base^(1/(α-1)) jumps between
    # neighbouring floats of s) the iteration may stop on the float where that base is 0; step
    # down to the neighbouring floats (a few ulps at most) and let ``fix_sum`` finish the
    # weights.
    neg_inf = xp.full_like(s, -math.inf)
    for _ in range(8):
        x = a * (us - s[..., None])
        lost = xp.any(S & (x <= -1.0), axis=-1)
        if not bool(xp.any(lost)):
            break
        s = xp.where(lost, xp.nextafter(s, neg_inf), s)
    return s


def entmax_bisect_sorted(xp, us, alpha: float):
    """Exact α-entmax offset ``s`` of sorted candidates, for any α > 1.

    1. the support is identified by bisection over the sorted breakpoints
       (:func:`_support_search`);
    2. on that fixed support ``s`` is solved to full precision (:func:`_solve_offset`);
    3. the support is checked against the solved ``s`` (entries with
       ``1 + (α-1)(u_i - s) > 0``); if it differs (rounding at the boundary) it is replaced by
       the self-consistent one and ``s`` is solved again.
    """
    a = alpha - 1.0
    q = 1.0 / a
    lam = q
    eps = float(xp.finfo(us.dtype).eps)
    kappa = _support_search(xp, us, a, q)
    s = None
    for _ in range(4):
        s = _solve_offset(xp, us, kappa, a, q, lam, eps)
        x = a * (us - s[..., None])
        count = xp.sum(xp.astype(x > -1.0, _int_dtype(xp)), axis=-1)
        count = xp.maximum(count, xp.ones_like(count))
        if bool(xp.all(count == kappa)):
            break
        kappa = count
    return s, kappa


# --------------------------------------------------------------------------- drivers


def threshold_generic(xp, zl, solver, clamp: float):
    """Generic array-API route: full sort of each slice along the last axis.

    Returns ``(zmax, param, u)`` with ``u = zl - zmax``.
    """
    zmax = xp.max(zl, axis=-1)
    u = zl - zmax[..., None]
    us = xp.sort(u, axis=-1, descending=True)
    us = xp.clip(us, min=clamp)
    param, _ = solver(xp, us)
    return zmax, param, u


def threshold_numpy(z2, solver, clamp: float, inplace=None, bound=None):
    """NumPy fast path on a C-contiguous ``(n, M)`` block.

    1. Per chunk of rows (cache-sized): the row maximum, ``u = z - max`` and its top
       ``K = min(M, TOPK)`` entries by ``np.partition`` (linear time), sorted.
    2. One batched exact solve on the ``(n, K)`` candidates.
    3. A row whose support reaches ``K`` entries is solved again on a larger candidate set:
       the solve on the top ``K`` alone is the exact solution of the truncated problem, whose
       threshold is a lower bound of the true one, so ``bound(param)`` (a value of ``u`` at or
       below which no entry is in the support) gives a superset of the support; the largest
       such superset over those rows is selected and solved exactly.
    4. Per chunk, ``inplace(u, param)`` turns ``u`` into the map's output (skipped without
       ``inplace``).

    Returns ``(zmax, param, out)`` (``out`` is None without ``inplace``).
    """
    import numpy as np  # noqa: PLC0415

    from .._backend import get_backend  # noqa: PLC0415

    xp = get_backend("numpy")
    n, M = z2.shape
    K = min(M, TOPK)
    rows = chunk_rows(M)
    zmax = np.empty(n, dtype=z2.dtype)
    cand = np.empty((n, K), dtype=z2.dtype)
    buf = np.empty((min(rows, n), M), dtype=z2.dtype)
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        zc = z2[start:stop]
        m = np.max(zc, axis=1)
        uc = buf[: stop - start]
        np.subtract(zc, m[:, None], out=uc)
        zmax[start:stop] = m
        cand[start:stop] = _top_sorted(np, uc, K, clamp)
    param, kappa = solver(xp, cand)
    param = np.array(param, dtype=z2.dtype, copy=True)
    if K < M:
        redo = np.nonzero(kappa >= K)[0]
        if redo.size:
            ur = z2[redo] - zmax[redo][:, None]
            lower = bound(param[redo])
            K2 = int(np.max(np.sum(ur > lower[:, None], axis=1)))
            K2 = M if K2 > M // 2 else max(K2, 1)
            par_redo, _ = solver(xp, _top_sorted(np, ur, K2, clamp))
            param[redo] = par_redo
    out = None
    if inplace is not None:
        out = np.empty_like(z2)
        for start in range(0, n, rows):
            stop = min(n, start + rows)
            oc = out[start:stop]
            np.subtract(z2[start:stop], zmax[start:stop, None], out=oc)
            inplace(oc, param[start:stop])
    return zmax, param, out


def _top_sorted(np, u, K, clamp):
    """The ``K`` largest entries of each row of ``u``, sorted decreasingly, clamped."""
    M = u.shape[1]
    if K < M:
        cand = np.partition(u, M - K, axis=1)[:, M - K :]
    else:
        cand = u.copy()
    cand.sort(axis=1)
    cand = np.ascontiguousarray(cand[:, ::-1])
    np.maximum(cand, clamp, out=cand)
    return cand


def solve_last(xp, zl, solver, clamp: float, output_generic, inplace_numpy, want_output: bool, bound):
    """Threshold (and optionally the map) of every slice of ``zl`` along its last axis.

    Dispatches on the namespace: NumPy takes :func:`threshold_numpy` on a contiguous
    ``(n, M)`` copy, every other namespace :func:`threshold_generic`.  Returns
    ``(zmax, param, out)`` with ``zmax`` and ``param`` of the batch shape and ``out`` of the
    shape of ``zl`` (None unless ``want_output``).
    """
    from ._common import is_numpy  # noqa: PLC0415

    if is_numpy(xp):
        import numpy as np  # noqa: PLC0415

        M = zl.shape[-1]
        batch = tuple(zl.shape[:-1])
        z2 = np.ascontiguousarray(np.reshape(zl, (-1, M)))
        zmax, param, out = threshold_numpy(
            z2, solver, clamp, inplace_numpy if want_output else None, bound
        )
        zmax = np.reshape(zmax, batch)
        param = np.reshape(param, batch)
        if out is not None:
            out = np.reshape(out, tuple(zl.shape))
        return zmax, param, out
    zmax, param, u = threshold_generic(xp, zl, solver, clamp)
    out = output_generic(xp, u, param) if want_output else None
    return zmax, param, out


def fix_sum(xp, p, alpha: float):
    """Return the weights ``p`` (last axis) with their sum restored to one where it drifted.

    The residual ``r = 1 - Σ p`` is distributed along the derivative of the weights in the
    offset, ``dp_i/ds ∝ g_i = p_i^(2-α)`` (the support direction of the Jacobian): one Newton
    step in ``s`` written in weight space, accurate where ``s`` itself cannot resolve the
    root (neighbouring floats of ``s`` give sums on both sides of one).  Rows whose sum is
    already within ``32 ε`` of one are returned unchanged.
    """
    eps = float(xp.finfo(p.dtype).eps)
    r = 1.0 - xp.sum(p, axis=-1)
    bad = xp.abs(r) > 32.0 * eps
    if not bool(xp.any(bad)):
        return p
    pos = p > 0.0
    e = 2.0 - alpha
    logg = xp.where(pos, e * xp.log(xp.where(pos, p, xp.ones_like(p))), xp.full_like(p, -math.inf))
    ref = xp.max(logg, axis=-1, keepdims=True)
    w = xp.exp(logg - ref)  # g / max(g): no overflow for α > 2 and tiny weights
    fixed = xp.clip(p + r[..., None] * w / xp.sum(w, axis=-1, keepdims=True), min=0.0)
    fixed = fixed / xp.sum(fixed, axis=-1, keepdims=True)
    return xp.where(bad[..., None], fixed, p)
