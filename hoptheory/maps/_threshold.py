"""Thresholds of sparsemax and α-entmax from sorted candidate scores.

All solvers here work in the *shifted frame*: for one slice ``z`` (length ``M``) let
``u = z - max(z)``, so ``u_(1) = 0``.  The solvers receive the candidates ``us``: entries of
``u`` sorted in decreasing order (all ``M`` on the generic route; on the NumPy fast path those
within the margin of the maximum, padded), clamped from below at ``-2 λ`` (``λ = 1/(α-1)``,
the margin).  An
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
among the candidates (the sparsemax solver adds a flag of the slices whose support decision
is within rounding of a tie, decided again exactly by :func:`sparsemax_exact_rows`).  The
candidates always include every entry with ``u > -λ``, a superset of the support.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from array_api_compat import device

from ..backend import get_backend, to_numpy
from . import _cuda
from ._common import chunk_rows, is_numpy, take_last

__all__ = [
    "TOPK",
    "fix_sum",
    "entmax15_sorted",
    "entmax_bisect_sorted",
    "sparsemax_exact_rows",
    "sparsemax_sorted",
    "threshold_generic",
    "solve_last",
    "sparse_rows_numpy",
    "threshold_numpy",
]

#: largest number of candidates (entries within the margin of the maximum) that the NumPy
#: fast path solves on; slices with more are solved from a full sort
TOPK = 256

_INT = "int64"


def _int_dtype(xp):
    return getattr(xp, _INT)


def _arange_k(xp, K, dtype):
    return xp.arange(1, K + 1, dtype=dtype)


# --------------------------------------------------------------------------- sparsemax


def sparsemax_sorted(xp, us):
    """Exact sparsemax threshold ``τ_u`` of sorted candidates ``us`` (shape ``(..., K)``).

    ``τ_k = (Σ_{j<=k} u_(j) - 1)/k`` and ``κ = max{k : u_(k) > τ_k}``, the strict-inequality
    support formula of conventions §2 (``1 + k u_(k) > Σ_{j<=k} u_(j)``).  The returned
    threshold is ``max(τ_κ, u_(κ+1))``: in exact arithmetic ``u_(κ+1) <= τ_κ``, so this only
    moves ``τ`` by the rounding error of ``τ_κ``, and it makes every entry outside the support
    come out as exactly ``0`` in ``[u - τ]_+``.

    Returns ``(tau, kappa, ambiguous)``; ``ambiguous`` flags the slices where the float
    comparisons at ``κ`` or ``κ+1`` are within their rounding error (ties with the threshold
    in exact arithmetic, such as ``[0.1, 0.9, 0.3]``): those are decided again exactly, in
    rational arithmetic on the original scores, by :func:`sparsemax_exact_rows`.
    """
    K = us.shape[-1]
    ki = _arange_k(xp, K, _int_dtype(xp))
    k = _arange_k(xp, K, us.dtype)
    cs = xp.cumulative_sum(us, axis=-1)
    tau_k = (cs - 1.0) / k
    cond = us > tau_k
    kappa = xp.max(xp.where(cond, ki, xp.zeros_like(ki)), axis=-1)
    tau = take_last(xp, tau_k, kappa - 1)
    u_in = take_last(xp, us, kappa - 1)
    nxt = take_last(xp, us, xp.minimum(kappa, K - 1))
    nxt = xp.where(kappa < K, nxt, xp.full_like(nxt, -math.inf))
    # rounding of u = z - max (relative eps/2 each) and of the prefix sum: a generous bound
    eps = float(xp.finfo(us.dtype).eps)
    tol = 8.0 * eps * (1.0 - take_last(xp, cs, kappa - 1))  # cs <= 0: 1 - cs = 1 + sum |u|
    ambiguous = (u_in - tau <= tol) | (nxt - tau >= -tol)
    return xp.maximum(tau, nxt), kappa, ambiguous


def sparsemax_exact_rows(z_rows, zmax):
    """Exact support and consistent threshold of sparsemax for a few float slices (host).

    ``z_rows`` (NumPy, shape ``(r, M)``) are the original scores and ``zmax`` their maxima.
    The support size ``κ = max{k : 1 + k z_(k) > Σ_{j<=k} z_(j)}`` is decided in rational
    arithmetic (``fractions.Fraction`` of the floats, so no rounding at all); the threshold in
    the shifted frame is then ``max((Σ_{j<=κ} u_(j) - 1)/κ, u_(κ+1))`` with ``u = z - max``
    and a correctly rounded sum.  Returns ``(tau_u, kappa)`` as NumPy arrays.
    """
    r, M = z_rows.shape
    tau = np.empty(r, dtype=z_rows.dtype)
    kap = np.empty(r, dtype=np.int64)
    for i in range(r):
        row = np.sort(z_rows[i])[::-1]
        u = row - zmax[i]
        kappa, total = 0, Fraction(0)
        for k, v in enumerate(row.tolist(), start=1):
            fv = Fraction(v)
            total += fv
            if 1 + k * fv > total:
                kappa = k
            elif v <= row[0] - 1.0:
                break  # entries at or below max - 1 are never in the support
        t = (math.fsum(u[:kappa].tolist()) - 1.0) / kappa
        if kappa < M:
            t = max(t, float(u[kappa]))
        tau[i] = t
        kap[i] = kappa
    return tau, kap


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
    total = xp.sum(xp.exp(logp - top[..., None]), axis=-1)
    # no valid entry (s at or past the right end of the bracket, e.g. ties at large α):
    # E = log 0 = -inf and the Newton step is discarded; evaluated without log(0) or inf - inf
    empty = total <= 0.0
    total = xp.where(empty, xp.ones_like(total), total)
    E_fin = top + xp.log(total)
    pi = xp.exp(logp - E_fin[..., None])
    v = xp.where(valid, 1.0 + xs, xp.ones_like(xs))
    dE = -xp.sum(pi / v, axis=-1)
    E = xp.where(empty, xp.full_like(E_fin, -math.inf), E_fin)
    dE = xp.where(empty, -xp.ones_like(dE), dE)
    return E, dE


def _solve_offset(xp, us, kappa, a, q, lam, eps):
    """Offset ``s`` on the fixed support ``{1..κ}``: safeguarded Newton on ``E(s) = 0``.

    Bracket (all from conventions §3 and ``1/κ <= p_(1)``, ``p_(κ) <= 1/κ``):
    ``s >= 0``, ``s >= u_(κ+1) + λ`` (entry ``κ+1`` vanishes), ``s >= u_(κ) + s_max``,
    ``s <= u_(κ) + λ`` (entry ``κ`` survives), ``s <= s_max = (1 - κ^{-a})/a``.
    Newton steps that leave the bracket are replaced by bisection; the bracket shrinks with
    the sign of ``E`` at every iterate, so the iteration converges for every ``α``; a slice
    stops when its step is below a few ulps and keeps that iterate while the other slices of
    the batch go on, so every slice gets the same ``s`` alone as in any batch.  Then
    :func:`_keep_edge`.
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
    active = xp.ones(tuple(s.shape), dtype=xp.bool)
    for _ in range(200):
        E, dE = _normaliser(xp, us, S, s, a, q)
        below = E >= 0.0  # s at or left of the root (E is decreasing)
        lo = xp.where(below, s, lo)
        hi = xp.where(below, hi, s)
        s_new = s - E / dE
        inside = (s_new >= lo) & (s_new <= hi)
        s_new = xp.where(inside, s_new, 0.5 * (lo + hi))
        done = (xp.abs(s_new - s) <= tol * (1.0 + xp.abs(s))) | (hi - lo <= tol * (1.0 + xp.abs(s)))
        s = xp.where(active, s_new, s)
        active = active & ~done
        if not bool(xp.any(active)):
            break
    return _keep_edge(xp, us, S, kappa, u_k, s, a, q, eps)


def _keep_edge(xp, us, S, kappa, u_k, s, a, q, eps):
    """``s`` moved down where a support entry's base rounds to ``<= 0`` but its weight is resolved.

    The base ``1 + a (u_i - s)`` is formed with an absolute error of about ``ε`` (``a (u_i - s)``
    is near ``-1`` at the edge of the support), while the weight of an edge entry is about
    ``1 - P(κ)``, the slack of the support predicate ``P(κ) = Σ_j [a (u_j - u_(κ))]_+^q`` of
    :func:`_support_search` (for α > 2: the base ``p^{α-1}`` is far below the weight ``p``;
    ``p = 3.5e-7`` at α = 3.7 has the base ``3.6e-18``).  Such an entry comes out of the solve
    with a base that rounds to 0, and the support check of :func:`entmax_bisect_sorted` would
    drop it: an error of up to ``ε^{1/(α-1)}`` (``1.6e-6`` at α = 3.7).  Where the slack is
    above its rounding error ``2 (κ + 4) ε``, ``s`` is moved down by a few ulps of ``u_(κ) - s``
    (doubling steps) until the base is positive; its weight is then finished by
    :func:`fix_sum`, which puts the residual of the sum on the entries of largest
    ``p^{2-α}``, the edge entries.  Elsewhere the entry's weight is below that rounding error
    and the support check drops it.
    """
    x = a * (us - s[..., None])
    lost = xp.any(S & (x <= -1.0), axis=-1)
    if not bool(xp.any(lost)):
        return s
    base = xp.clip(a * (us - u_k[..., None]), min=0.0, max=1.0)
    slack = 1.0 - xp.sum(base**q, axis=-1)
    lost = lost & (slack > 2.0 * (xp.astype(kappa, us.dtype) + 4.0) * eps)
    step = eps * (xp.abs(u_k) + xp.abs(s))
    for _ in range(12):
        if not bool(xp.any(lost)):
            break
        s = xp.where(lost, s - step, s)
        step = 2.0 * step
        x = a * (us - s[..., None])
        lost = lost & xp.any(S & (x <= -1.0), axis=-1)
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


def _solve(xp, solver, us):
    """Run a solver; returns ``(param, kappa, ambiguous-or-None)``."""
    res = solver(xp, us)
    return res[0], res[1], (res[2] if len(res) > 2 else None)


def threshold_generic(xp, zl, solver, clamp: float, exact=None):
    """Generic array-API route: full sort of each slice along the last axis.

    Returns ``(zmax, param, u)`` with ``u = zl - zmax``.  ``exact(z_rows, zmax_rows)`` (host
    NumPy in, ``(param, kappa)`` out) re-decides the slices the solver flags as ambiguous.
    """
    zmax = xp.max(zl, axis=-1)
    u = zl - zmax[..., None]
    us = xp.sort(u, axis=-1, descending=True)
    us = xp.clip(us, min=clamp)
    param, _, amb = _solve(xp, solver, us)
    if exact is not None and amb is not None and bool(xp.any(amb)):
        param = _apply_exact(xp, zl, zmax, param, amb, exact)
    return zmax, param, u


def _apply_exact(xp, zl, zmax, param, amb, exact):
    """Replace ``param`` on the flagged slices by ``exact`` on the host (rare: exact ties)."""
    M = zl.shape[-1]
    z_h = np.reshape(to_numpy(zl), (-1, M))
    m_h = np.reshape(to_numpy(zmax), (-1,))
    p_h = np.array(np.reshape(to_numpy(param), (-1,)), copy=True)
    rows = np.nonzero(np.reshape(to_numpy(amb), (-1,)))[0]
    p_h[rows] = exact(z_h[rows], m_h[rows])[0]
    out = xp.asarray(np.reshape(p_h, tuple(param.shape)))
    try:  # same device as the input (CuPy)
        return xp.asarray(out, device=device(param))
    except Exception:  # noqa: BLE001
        return out


def _gather_numpy(z2, clamp: float):
    """Row maxima and candidates of a C-contiguous ``(n, M)`` NumPy block.

    The candidates are the entries with ``u = z - max > -λ`` (``λ = -clamp/2``, the margin,
    widened by the rounding of ``max - λ``): no other entry can be in the support.  Found per
    cache-sized chunk of rows by one comparison and a 1-d ``flatnonzero``.  Returns
    ``(zmax, counts, flat, u)``: ``flat`` the flat indices of the candidates in row-major
    order (row ``flat // M``), ``u`` their shifted values, ``counts`` per row.
    """
    n, M = z2.shape
    dt = z2.dtype
    lam = -0.5 * clamp
    eps = float(np.finfo(dt).eps)
    rows = chunk_rows(M)
    zmax = np.empty(n, dtype=dt)
    counts = np.empty(n, dtype=np.int64)
    parts_f, parts_v = [], []
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        zc = z2[start:stop]
        m = np.max(zc, axis=1)
        zmax[start:stop] = m
        # below the exact m - λ by more than its rounding: a superset of {u > -λ}
        cut = m - (lam + 4.0 * eps * (np.abs(m) + lam))
        flat = np.flatnonzero(zc > cut[:, None])  # 1-d: far faster than a 2-d nonzero
        r = flat // M
        counts[start:stop] = np.bincount(r, minlength=stop - start)
        parts_f.append(flat + start * M)
        parts_v.append(np.ravel(zc)[flat] - m[r])
    return zmax, counts, np.concatenate(parts_f), np.concatenate(parts_v)


def _solve_numpy(z2, zmax, counts, flat, u, solver, clamp: float, exact=None):
    """Exact parameter of every row from its candidates (see :func:`threshold_numpy`)."""
    xp = get_backend("numpy")
    n, M = z2.shape
    dt = z2.dtype
    param = np.empty(n, dtype=dt)
    big = counts > TOPK
    small = ~big
    if np.any(small):
        K = int(np.max(counts[small]))
        r_all = flat // M
        starts = np.cumsum(counts) - counts
        keep = small[r_all]
        rk = r_all[keep]
        pos = np.arange(r_all.size)[keep] - starts[rk]
        compact = np.cumsum(small) - 1  # row -> index among the small rows
        cand = np.full((int(np.count_nonzero(small)), K), clamp, dtype=dt)
        cand[compact[rk], pos] = np.maximum(u[keep], clamp)
        cand.sort(axis=1)
        cand = np.ascontiguousarray(cand[:, ::-1])
        par_s, _, amb = _solve(xp, solver, cand)
        param[small] = par_s
        if exact is not None and amb is not None and np.any(amb):
            idx = np.nonzero(small)[0][amb]
            param[idx] = exact(z2[idx], zmax[idx])[0]
    if np.any(big):
        idx = np.nonzero(big)[0]
        ub = z2[idx] - zmax[idx][:, None]
        ub.sort(axis=1)
        ub = np.ascontiguousarray(ub[:, ::-1])
        np.maximum(ub, clamp, out=ub)
        par_b, _, amb = _solve(xp, solver, ub)
        param[idx] = par_b
        if exact is not None and amb is not None and np.any(amb):
            param[idx[amb]] = exact(z2[idx[amb]], zmax[idx[amb]])[0]
    return param


def threshold_numpy(z2, solver, clamp: float, inplace=None, exact=None):
    """NumPy fast path on a C-contiguous ``(n, M)`` block.

    1. Per chunk of rows (cache-sized): the row maximum and the *candidates*, the entries
       with ``u = z - max > -λ`` (``λ = -clamp/2``, the margin): no other entry can be in
       the support, so the candidates are an exact superset of it, found by one comparison
       pass (no sort, no partial sort).  For scores of spread larger than ``λ`` they are few.
    2. Slices with at most ``TOPK`` candidates: one batched exact solve on the ``(n, K)``
       sorted candidates (padded with ``clamp``, which is never in the support).  Slices with
       more candidates: a full sort of the slice (the generic route).
    3. ``exact(z_rows, zmax)`` re-decides the slices that the solver flags as ambiguous.
    4. Per chunk, ``inplace(u, param)`` turns ``u`` into the map's output (skipped without
       ``inplace``).

    Returns ``(zmax, param, out)`` (``out`` is None without ``inplace``).
    """
    n, M = z2.shape
    zmax, counts, flat, u = _gather_numpy(z2, clamp)
    param = _solve_numpy(z2, zmax, counts, flat, u, solver, clamp, exact)
    out = None
    if inplace is not None:
        out = np.empty_like(z2)
        rows = chunk_rows(M)
        for start in range(0, n, rows):
            stop = min(n, start + rows)
            oc = out[start:stop]
            np.subtract(z2[start:stop], zmax[start:stop, None], out=oc)
            inplace(oc, param[start:stop])
    return zmax, param, out


def sparse_rows_numpy(z2, solver, clamp: float, weights, exact=None, max_share: float = 1.0):
    """The map of every row of ``z2`` as sparse rows, without writing the dense output.

    Returns ``(counts, cols, vals)``: row ``i`` has ``counts[i]`` stored entries (its
    candidates, a superset of its support; weights off the support are exactly 0), in row-major
    order, at columns ``cols`` with weights ``vals``.  ``weights(u, param_of_entry)`` maps
    shifted scores to weights elementwise.  Used by the retrieval step, where the product
    with the patterns then costs ``O(d · nnz)`` instead of a second GEMM.  Returns None
    when the candidates are more than ``max_share`` of all entries (the dense route pays).
    """
    n, M = z2.shape
    zmax, counts, flat, u = _gather_numpy(z2, clamp)
    if flat.size > max_share * n * M:
        return None
    param = _solve_numpy(z2, zmax, counts, flat, u, solver, clamp, exact)
    r = flat // M
    vals = weights(u, param[r])
    return counts, flat - r * M, vals


def solve_last(
    xp, zl, solver, clamp: float, output_generic, inplace_numpy, want_output: bool, exact=None,
    gpu=None,
):
    """Threshold (and optionally the map) of every slice of ``zl`` along its last axis.

    Dispatches on the namespace: NumPy takes :func:`threshold_numpy` on a contiguous
    ``(n, M)`` copy, every other namespace :func:`threshold_generic`.  Returns
    ``(zmax, param, out)`` with ``zmax`` and ``param`` of the batch shape and ``out`` of the
    shape of ``zl`` (None unless ``want_output``).
    """
    if is_numpy(xp):
        M = zl.shape[-1]
        batch = tuple(zl.shape[:-1])
        z2 = np.ascontiguousarray(np.reshape(zl, (-1, M)))
        zmax, param, out = threshold_numpy(
            z2, solver, clamp, inplace_numpy if want_output else None, exact
        )
        zmax = np.reshape(zmax, batch)
        param = np.reshape(param, batch)
        if out is not None:
            out = np.reshape(out, tuple(zl.shape))
        return zmax, param, out
    if gpu is not None and _cuda.usable(xp):
        # gpu = (kernel mode, alpha, t -> param): one kernel launch, one row per block
        mode, alpha, to_param = gpu
        M = zl.shape[-1]
        batch = tuple(zl.shape[:-1])
        zmax, t, out = _cuda.map_rows(xp.reshape(zl, (-1, M)), mode, alpha)
        param = xp.astype(to_param(t), zl.dtype)
        out = xp.reshape(out, tuple(zl.shape)) if want_output else None
        return xp.reshape(zmax, batch), xp.reshape(param, batch), out
    zmax, param, u = threshold_generic(xp, zl, solver, clamp, exact)
    out = output_generic(xp, u, param) if want_output else None
    return zmax, param, out


def fix_sum(xp, p, alpha: float):
    """Return the weights ``p`` (last axis) with their sum restored to one where it drifted.

    The residual ``r = 1 - Σ p`` is distributed along the derivative of the weights in the
    offset, ``dp_i/ds ∝ g_i = p_i^(2-α)`` (the support direction of the Jacobian): one Newton
    step in ``s`` written in weight space, accurate where ``s`` itself cannot resolve the
    root (neighbouring floats of ``s`` give sums on both sides of one).  Rows whose sum is
    already within ``32 ε`` of one are returned unchanged.

    For α > 2 a weight whose base ``p_i^{α-1}`` is within ``512 ε`` of 0 (an entry at the edge
    of the support, whose base ``1 + (α-1)(u_i - s)`` was formed with an absolute error of a
    few ``ε``) may be wrong by far more than the linear step assumes (``0.34`` instead of
    ``3.4e-12`` at α = 30): where a row has such entries the residual goes to them alone
    (still in proportion to ``g``), and the other weights, accurate to a few ulps, are kept;
    unless that leaves an edge entry at ``<= 0`` (its exact weight is then below the rounding of
    the others), where the linear step is kept.
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
    share = w / xp.sum(w, axis=-1, keepdims=True)
    if alpha > 2.0:
        edge = pos & (xp.where(pos, p, xp.ones_like(p)) ** (alpha - 1.0) <= 512.0 * eps)
        w_edge = xp.where(edge, w, xp.zeros_like(w))
        total = xp.sum(w_edge, axis=-1, keepdims=True)
        share_edge = w_edge / xp.where(total > 0.0, total, xp.ones_like(total))
        # the edge entries keep a positive weight (else their exact weight is below the
        # rounding of the others, and the linear step over all entries is as good)
        stays = xp.all(~edge | (p + r[..., None] * share_edge > 0.0), axis=-1, keepdims=True)
        share = xp.where((total > 0.0) & stays, share_edge, share)
    fixed = xp.clip(p + r[..., None] * share, min=0.0)
    fixed = fixed / xp.sum(fixed, axis=-1, keepdims=True)
    return xp.where(bad[..., None], fixed, p)
