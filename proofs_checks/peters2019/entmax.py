r"""Checks of α-entmax (Peters, Niculae & Martins 2019) and of the `entmax` library's algorithms.

Oracles (:mod:`._oracles`): α-entmax in mpmath at 50 digits, 1.5-entmax with its support in
exact rationals, SLSQP over the simplex, the library's algorithms transcribed, central
differences in mpmath on a fixed support.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory.maps import entmax, entmax_jacobian, entmax_threshold, softmax, sparsemax, sparsemax_jacobian

from .._framework import check, combine
from .._instances import TOL_FD, TOL_IDENTITY, TOL_ROUND
from .._oracles import sparsemax_fraction
from . import _oracles as O
from ._common import agree, rows_check, score_draw, scores

#: SLSQP's optimum of the entmax objective against the exact maximiser: ftol 1e-15 on an objective
#: of curvature p^(α-2) ≥ 1 (p ≤ 1, α ≤ 2) leaves the point within about 1e-5 of the maximiser.
TOL_SLSQP_POINT = 1e-5

#: Slack of ordering rows between float quantities of size about 1: 1e-12 (as ``TOL_ROUND``).
EPS = 2.0 ** -52


def _mp(z, alpha):
    with mpmath.workdps(O.DPS):
        p, tau = O.mp_entmax(z, alpha)
        return np.array([float(v) for v in p]), tau


def _alpha(lo=1.05, hi=5.0):
    return st.floats(lo, hi)


# --------------------------------------------------------------------------- definition


def _definition_rows(d, side):
    z, alpha = scores(d), d["alpha"]
    ref, _ = _mp(z, alpha)
    p = side("entmax", value=entmax(z, alpha))
    rows = [agree("entmax", p, ref, TOL_IDENTITY.atol, TOL_IDENTITY.rtol)]
    if float(np.max(np.abs(z))) <= 20.0:  # SLSQP from the uniform point: moderate scores only
        ps, best, converged = O.slsqp_entmax(z, alpha)
        gap = best - O.objective(np.asarray(p, dtype=float), z, alpha)
        rows.append(("entmax", gap, 0.0, 1e-9 * (1.0 + abs(best))))
        # the point is compared only where SLSQP reached the simplex and reported success, and where the
        # objective's curvature p^(alpha - 2) is >= 1 (alpha <= 2): for alpha > 2 it vanishes at small
        # weights, and an optimal value does not pin the point (alpha = 4.42: values equal to 2e-12,
        # points 0.0019 apart); the value gap above decides there
        if converged and alpha <= 2.0:
            rows.append(agree("entmax", p, ps, TOL_SLSQP_POINT))
    q = side("sparsemax at alpha=2", value=entmax(z, 2.0))
    rows.append(agree("sparsemax at alpha=2", q, sparsemax_fraction(z), TOL_ROUND))
    rows.append(agree("sparsemax at alpha=2", side("sparsemax", value=sparsemax(z)), sparsemax_fraction(z), TOL_ROUND))
    # alpha -> 1: |p_alpha - softmax| = O(alpha - 1), with |dp/dalpha| <= (max z - min z)^2 + 1 at alpha = 1
    h = 1e-7
    with mpmath.workdps(O.DPS):
        zm = [mpmath.mpf(float(v)) for v in z]
        e = [mpmath.exp(v - max(zm)) for v in zm]
        sm = [float(v / mpmath.fsum(e)) for v in e]
    span = float(np.max(z) - np.min(z))
    rows.append(agree("entmax near alpha=1", side("entmax near alpha=1", value=entmax(z, 1.0 + h)), sm,
                      h * (1.0 + span) ** 2))
    # alpha -> infinity: one-hot once (alpha - 1) * gap >= 1 (gap between the two largest scores)
    srt = np.sort(z)[::-1]
    gap = float(srt[0] - srt[1]) if z.size > 1 else 1.0
    if gap > 1e-3:
        big = 1.0 + 2.0 / gap
        onehot = (z == srt[0]).astype(float)
        rows.append(agree("entmax at large alpha", side("entmax at large alpha", value=entmax(z, big)), onehot,
                          TOL_IDENTITY.atol))
    return rows


@check("peters2019/entmax-definition", stat_parts=0)
def check_entmax_definition(ctx):
    """``peters2019/entmax-definition``: the argmax of ⟨p,z⟩ + H^T_α(p) is the closed form.

    Families: Gaussian, tied, widely spread and spike scores, α ∈ [1.05, 5].  Oracles: SLSQP
    maximisation over the simplex (objective gap; the point where α ≤ 2 and SLSQP converged),
    the closed form in mpmath at 50 digits, exact-rational sparsemax at α = 2; limits:
    α = 1 + 1e-7 against softmax in mpmath
    (within (1 + span)² (α − 1)), and α = 1 + 2/gap, where the output must be one-hot.
    """
    n = max(8, ctx.profile.examples // 8)
    return rows_check(ctx, _definition_rows, score_draw(alpha=_alpha()), examples=n)


# --------------------------------------------------------------------------- bisection


def _bisection_rows(d, side):
    z, alpha = scores(d), d["alpha"]
    M = z.size
    ref, tau = _mp(z, alpha)
    tau = float(tau)
    lib = O.library_bisect(z, alpha, d["iters"])
    zp_max = (alpha - 1.0) * float(np.max(z))
    q = 1.0 / (alpha - 1.0)
    slack = TOL_ROUND * (1.0 + abs(zp_max))
    # bracket facts in the frame u = z' - max z' (tau_lo, tau_hi at offsets -1, -M^(1-alpha)):
    # one rounding per entry, no cancellation against max z'
    u = (alpha - 1.0) * (z - float(np.max(z)))
    off_hi = M ** (1.0 - alpha)
    with mpmath.workdps(O.DPS):
        tau_off = float(tau - (mpmath.mpf(alpha) - 1) * mpmath.mpf(float(np.max(z))))
    rows = [
        agree("top coordinate at tau_lo", side("top coordinate at tau_lo", value=float(np.max(u) + 1.0) ** q),
              1.0, TOL_ROUND),
        ("top coordinate at tau_hi", float(np.max(u) + off_hi) ** q, side("top coordinate at tau_hi", value=1.0 / M),
         TOL_ROUND),
        ("mass at tau_lo >= 1", 1.0, float(np.sum(np.maximum(u + 1.0, 0.0) ** q)), TOL_ROUND),
        ("mass at tau_hi <= 1", float(np.sum(np.maximum(u + off_hi, 0.0) ** q)), 1.0, TOL_ROUND),
        ("bracket contains tau*", -1.0, tau_off, TOL_ROUND),
        ("bracket contains tau*", tau_off, -off_hi, TOL_ROUND),
    ]
    eps = d["eps"]
    k = max(0, math.ceil(math.log2((1.0 - M ** (1.0 - alpha)) / eps)))
    if not -4.0 * M * EPS <= lib["f_lo"] < 0.0:  # f(tau_lo) >= 0 exactly; a small negative one is rounding
        rows.append(("iteration bound", abs(lib["tau"] - tau),
                     side("iteration bound", value=(1.0 - M ** (1.0 - alpha)) / 2.0 ** d["iters"]), slack))
        lib_k = O.library_bisect(z, alpha, k)
        rows.append(("iterations for tolerance eps", abs(lib_k["tau"] - tau), side("tolerance eps", value=eps),
                     slack))
    else:
        # f(tau_lo) = 0 in exact arithmetic (one score 1/(alpha - 1) or more above the rest): tau* = tau_lo,
        # and float64 rounded f(tau_lo) below 0, so its bisection moves towards tau_hi (e.g.
        # alpha = 1.5, M = 2: lo moved at every step and ended 0.29 from tau*); tau_lo itself must be tau*
        rows.append(("tau* = tau_lo where f(tau_lo) = 0", abs(lib["tau_lo0"] - tau), 0.0, slack))
    # the library's test f(tau) f(tau_lo) >= 0: where f(tau_lo) = 0 (one score 1/(alpha-1) above the
    # rest) tau runs to tau_hi, yet the normalised output is the same one-hot
    libv = O.library_bisect(z, alpha, 60, test="library")
    rows.append(agree("library test output", side("library test output", value=libv["p"]), ref, 1e-9))
    p = side("bisection + refinement", value=entmax(z, alpha, method="bisect"))
    rows.append(agree("bisection + refinement", p, ref, TOL_IDENTITY.atol, TOL_IDENTITY.rtol))
    t = side("threshold", value=float(entmax_threshold(z, alpha, method="bisect")))
    rows.append(agree("threshold", t, tau, TOL_IDENTITY.atol, TOL_IDENTITY.rtol))
    return rows


def _float32_ulps(ctx, n):
    """Reported: ulps between the library's float32 bisection (24 steps) and the rounded exact output."""
    rng = ctx.rng("float32")
    worst = 0.0
    for _ in range(n):
        M, alpha = int(rng.integers(2, 40)), float(rng.uniform(1.1, 4.0))
        z = rng.standard_normal(M).astype(np.float32)
        zp = np.float32(alpha - 1.0) * z
        q = np.float32(1.0 / (alpha - 1.0))
        lo, hi = zp.max() - np.float32(1.0), zp.max() - np.float32(M ** (1.0 - alpha))
        f_lo = np.sum(np.maximum(zp - lo, 0) ** q) - 1
        dm, tau = hi - lo, lo
        for _ in range(24):
            dm = np.float32(dm / 2)
            tau = np.float32(lo + dm)
            if (np.sum(np.maximum(zp - tau, 0) ** q) - 1) * f_lo >= 0:
                lo = tau
        p = np.maximum(zp - tau, 0) ** q
        p = (p / p.sum()).astype(np.float32)
        exact = _mp(z.astype(np.float64), float(np.float32(alpha - 1.0)) + 1.0)[0].astype(np.float32)
        worst = max(worst, float(np.max(np.abs(p - exact) / np.spacing(np.maximum(exact, np.float32(1e-30))))))
    return {"float32 after 24 iterations: max ulps to the rounded exact output": worst, "instances": n,
            "reported, not asserted": True}


@check("peters2019/entmax-bisection", stat_parts=0)
def check_entmax_bisection(ctx):
    """``peters2019/entmax-bisection``: bracket, iteration bound and exactness after refinement.

    Families: Gaussian, tied, spread and spike scores, α ∈ [1.05, 5], 1–30 iterations and
    ε ∈ [1e-10, 1e-2].  Oracle: the threshold τ* in mpmath at 50 digits; the library's bisection
    transcribed (:func:`._oracles.library_bisect`).  Rows: top coordinate 1 at τ_lo and ≤ 1/M at
    τ_hi, the masses' signs, |τ_k − τ*| ≤ (1 − M^{1−α})/2^k, k(ε) iterations reach ε, the
    package's bisection + refinement equals the mpmath map.  Reported: float32 ulps after 24 steps.
    """
    n = max(8, ctx.profile.examples // 8)
    strat = score_draw(M=(2, 30), alpha=_alpha(), iters=st.integers(1, 30),
                       eps=st.floats(-10.0, -2.0).map(lambda e: float(10.0 ** e)))
    main = rows_check(ctx, _bisection_rows, strat, examples=n)
    return combine(ctx, [("bracket, iterations, refinement", main),
                         ("float32 claim (reported)", _float32_ulps(ctx, max(3, n // 4)))])


# --------------------------------------------------------------------------- exact 1.5-entmax


def _exact15_rows(d, side):
    z = scores(d)
    exact, kappa = O.entmax15_exact(z)
    lib, klib = O.library_entmax15(z)
    dbl, kdbl, _ = O.topk_doubling(lambda w, k: O.library_entmax15(w, k), z)
    tol = (TOL_IDENTITY.atol, TOL_IDENTITY.rtol)
    return [
        agree("library sort", side("library sort", value=lib), exact, *tol),
        agree("library support size", side("library support size", value=klib), kappa, 0.5),
        agree("top-k doubling", side("top-k doubling", value=dbl), lib, *tol),
        agree("top-k doubling support size", side("top-k doubling support size", value=kdbl), klib, 0.5),
        agree("package", side("package", value=entmax(z, 1.5)), exact, *tol),
        agree("package bisection", side("package bisection", value=entmax(z, 1.5, method="bisect")), exact, *tol),
    ]


@check("peters2019/entmax15-exact-sort", stat_parts=0)
def check_entmax15_exact_sort(ctx):
    """``peters2019/entmax15-exact-sort``: the library's sort-based 1.5-entmax and its top-k doubling are exact.

    Families: Gaussian, tied (half-integers), widely spread (10^±3) and spike scores, M ≤ 40.
    Oracle: the support decided in exact rationals and the threshold (root of the quadratic) in
    mpmath at 50 digits (:func:`._oracles.entmax15_exact`); also the package's sort and
    bisection routes.
    """
    n = max(10, ctx.profile.examples // 4)
    return rows_check(ctx, _exact15_rows, score_draw(M=(2, 40)), examples=n)


# --------------------------------------------------------------------------- clamp


def _clamp_rows(d, side):
    z = scores(d)
    exact, kappa = O.entmax15_exact(z)
    clamped, kc = O.library_entmax15(z)
    unclamped, ku = O.library_entmax15(z, clamp=False)
    p_bis = entmax(z, 1.5, method="bisect")
    tol = (TOL_IDENTITY.atol, TOL_IDENTITY.rtol)
    rows = [
        agree("clamped support size", side("clamped support size", value=kc), kappa, 0.5),
        agree("unclamped support size", side("unclamped support size", value=ku), kappa, 0.5),
        agree("clamped output", side("clamped output", value=clamped), exact, *tol),
        agree("clamped vs bisection", side("clamped vs bisection", value=clamped), p_bis, *tol),
    ]
    # every rho with delta_rho < 0: the clamped tau_rho = mean_rho exceeds z_(rho) by the margin
    x = np.asarray(z, dtype=float)
    s = -np.sort(-(x - x.max()) / 2.0)
    rho = np.arange(1, s.size + 1, dtype=float)
    mean = np.cumsum(s) / rho
    ss = rho * (np.cumsum(s * s) / rho - mean * mean)
    neg = (1.0 - ss) / rho < 0.0
    if np.any(neg):
        margin = (mean - s)[neg]
        r = rho[neg]
        sharp = side("sharp margin 1/sqrt(rho(rho-1))", value=1.0 / np.sqrt(r * np.maximum(r - 1.0, 1.0)), kind="lower")
        rows.append(("sharp margin 1/sqrt(rho(rho-1))", float(np.max(sharp - margin)), 0.0,
                     TOL_ROUND * (1.0 + float(np.max(np.abs(s))))))
        rows.append(("catalogue margin rho^(-3/2)", float(np.max(r ** -1.5 - margin)), 0.0,
                     TOL_ROUND * (1.0 + float(np.max(np.abs(s))))))
    return rows


def _near_degenerate(n):
    """Pinned near-degenerate inputs: spikes just past the clamp boundary, long flat supports."""
    out = []
    for rho in (2, 3, 5, 8, 20, 60):
        d = math.sqrt(rho / (rho - 1.0))  # in y = z/2 units, ss_rho = 1 exactly at this height
        for f in (1.0 + 1e-9, 1.0 + 1e-6, 1.01):
            out.append({"z": [2.0 * d * f] + [0.0] * (rho - 1)})
    out += [{"z": [0.0] * m} for m in (1, 2, 7, 200)]
    out += [{"z": list(1e-3 * np.arange(m, dtype=float))} for m in (50, 300)]
    out += [{"z": [1e6, 1e6, 1e6 - 1.0, -1e6]}]
    return out[:n]


@check("peters2019/entmax15-clamp", stat_parts=0)
def check_entmax15_clamp(ctx):
    """``peters2019/entmax15-clamp``: clamping δ_ρ at 0 never selects a wrong ρ.

    Families: pinned near-degenerate inputs (a spike just past ss_ρ = 1, long flat and
    arithmetic supports, ties at 1e6), then Gaussian, tied, spread and spike draws with M ≤ 300.
    Oracles: the unclamped algorithm, the support in exact rationals with the mpmath root, the
    package's bisection.  Rows: support sizes and outputs agree; where δ_ρ < 0 the clamped τ_ρ
    exceeds z_(ρ) by at least the sharp margin 1/√(ρ(ρ−1)) (which implies the catalogue's ρ^{-3/2}).
    """
    n = max(10, ctx.profile.examples // 4)
    pinned = _near_degenerate(30)
    return rows_check(ctx, _clamp_rows, score_draw(M=(2, 300)), examples=n,
                      families={"near-degenerate": pinned})


# --------------------------------------------------------------------------- Jacobian


def _fd_jacobian(z, alpha, p_float, tau0, h=1e-20):
    """Central differences of α-entmax in mpmath on the support of ``p_float`` (columns ∂p/∂z_j)."""
    supp = [v > 0 for v in p_float]
    M = len(z)
    J = np.zeros((M, M))
    with mpmath.workdps(O.DPS):
        zm = [mpmath.mpf(float(v)) for v in z]
        hh = mpmath.mpf(h)
        for j in range(M):
            up = list(zm)
            dn = list(zm)
            up[j] += hh
            dn[j] -= hh
            pu = O.mp_entmax_on_support(up, alpha, supp, tau0)
            pd = O.mp_entmax_on_support(dn, alpha, supp, tau0)
            J[:, j] = [float((a - b) / (2 * hh)) for a, b in zip(pu, pd)]
    return J


def _jacobian_rows(d, side):
    z, alpha = scores(d), d["alpha"]
    p, tau = _mp(z, alpha)
    zp = (alpha - 1.0) * z
    # locally constant support: every score at least 1e-6 (relative) away from the threshold
    if float(np.min(np.abs(zp - float(tau)))) < 1e-6 * (1.0 + float(np.max(np.abs(zp)))):
        return None
    fd = _fd_jacobian(z, alpha, p, tau)
    J = side("entmax Jacobian", value=entmax_jacobian(z, alpha))
    scale = 1.0 + float(np.max(np.abs(fd)))
    rows = [agree("entmax Jacobian", J, fd, TOL_ROUND * scale)]
    # alpha = 2: sparsemax Jacobian; alpha -> 1: Diag(p) - p p^T of softmax
    rows.append(agree("sparsemax Jacobian", side("sparsemax Jacobian", value=sparsemax_jacobian(z)),
                      entmax_jacobian(z, 2.0), TOL_ROUND))
    ps = softmax(z)
    span = float(np.max(z) - np.min(z))
    h = 1e-7
    rows.append(agree("Jacobian near alpha=1", side("Jacobian near alpha=1", value=entmax_jacobian(z, 1.0 + h)),
                      np.diag(ps) - np.outer(ps, ps), h * (1.0 + span) ** 3))
    # retrieval Jacobian beta Xi J Xi^T against central differences of T(x) = Xi entmax(beta Xi^T x)
    rng = np.random.default_rng(d["seed"] + 1)
    Xi = rng.standard_normal((3, z.size))
    x = np.linalg.lstsq(Xi.T, z, rcond=None)[0]
    beta = 1.0
    theta = beta * Xi.T @ x
    if float(np.min(np.abs((alpha - 1.0) * theta - float(entmax_threshold(theta, alpha))))) > 1e-4:
        JT = side("retrieval Jacobian", value=beta * Xi @ entmax_jacobian(theta, alpha) @ Xi.T)
        hx = 1e-6
        cols = [(Xi @ entmax(beta * Xi.T @ (x + hx * e), alpha) - Xi @ entmax(beta * Xi.T @ (x - hx * e), alpha))
                / (2 * hx) for e in np.eye(3)]
        rows.append(agree("retrieval Jacobian", JT, np.stack(cols, axis=1), TOL_FD.atol, TOL_FD.rtol))
    return rows


@check("peters2019/entmax-jacobian", stat_parts=0)
def check_entmax_jacobian(ctx):
    """``peters2019/entmax-jacobian``: ∂p/∂z = Diag(s) − ss^T/Σs with s = p^{2−α} on the support.

    Families: Gaussian, tied, spread and spike scores, M ≤ 8, α in {1.25, 1.5, 2, 2.7, 3} and
    [1.05, 5]; draws with a score within 1e-6 of the threshold are not applicable (support
    change).  Oracle: central differences (h = 1e-20) of α-entmax in mpmath at 50 digits on the
    fixed support.  Limits: α = 2 against the sparsemax Jacobian, α = 1 + 1e-7 against
    Diag(p) − pp^T; the retrieval Jacobian βΞJΞ^T against float central differences of T.
    """
    n = max(8, ctx.profile.examples // 8)
    alphas = st.one_of(st.sampled_from([1.25, 1.5, 2.0, 2.7, 3.0]), _alpha())
    return rows_check(ctx, _jacobian_rows, score_draw(M=(2, 8), families=("gaussian", "tied", "spike"), alpha=alphas),
                      examples=n)
