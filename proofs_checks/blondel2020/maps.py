"""Checks of blondel2020 (Fenchel–Young machinery, part 1): the map is the gradient of the
conjugate, and the Fenchel–Young loss."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.special import logsumexp

from hoptheory.maps import (
    entmax,
    fenchel_young_loss,
    shannon_conjugate,
    softmax,
    tsallis_conjugate,
    tsallis_negentropy,
)

from .._framework import Observation, check, combine, inequality_check
from .._oracles import mp_central_differences
from .._strategies import seeds
from ._oracles import (
    DPS,
    SCORE_SHAPES,
    TOL_FD,
    TOL_IDENTITY,
    TOL_OPTIMISER,
    central_gradient,
    entmax_mp,
    host,
    log_uniform,
    normmax,
    ratio_search,
    scores,
    simplex_max_slsqp,
    softmax_mp,
    tsallis_omega,
    tsallis_omega_mp,
)

#: Tsallis indices named by the catalogue, and the γ of normmax.
ALPHAS = (1.25, 1.5, 2.0, 3.0)
GAMMAS = (1.5, 2.0, 3.0)
#: Central-difference step (the error h²|f'''| + ε|f|/h balances near 1e-5 for scores of size 1-100).
H_FD = 1e-5


def _index(reg: str):
    if reg == "tsallis":
        return st.one_of(st.sampled_from(ALPHAS), st.floats(1.01, 4.0, allow_nan=False))
    if reg == "normmax":
        return st.one_of(st.sampled_from(GAMMAS), st.floats(1.2, 4.0, allow_nan=False))
    return st.just(1.0)


@st.composite
def _draw(draw, regs=("shannon", "tsallis", "normmax"), targets=()):
    reg = draw(st.sampled_from(regs))
    d = dict(reg=reg, index=draw(_index(reg)), M=draw(st.integers(2, 8)), shape=draw(st.sampled_from(SCORE_SHAPES)),
             scale=draw(log_uniform(0.1, 10.0)), seed=draw(seeds()))
    if targets:
        d["target"] = draw(st.sampled_from(targets))
    return d


def _theta(d) -> np.ndarray:
    """Scores of a draw, shifted so that the maximum is at least 1 (then every conjugate is positive)."""
    t = scores(d["shape"], d["M"], d["scale"], d["seed"])
    return t + (1.0 - min(0.0, float(np.max(t))))


def _pinned(reg_index, M=4, **extra):
    """Structured cases: uniform scores, exact ties, a one-hot output, a near-tie, a large spread."""
    out = []
    for shape in ("ties", "one-hot", "near-ties", "spread"):
        for reg, idx in reg_index:
            out.append(dict(reg=reg, index=idx, M=M, shape=shape, scale=1.0, seed=7, **extra))
    return out


# --------------------------------------------------------------------------- the maps and conjugates


def map_and_conjugate(ctx, reg: str, index: float, theta: np.ndarray):
    """``(p, Omega*(theta))`` in float64: the package's maps and conjugates (normmax: the oracle)."""
    if reg == "normmax":
        return normmax(theta, index)
    xp = ctx.xp
    t = xp.asarray(theta)
    if reg == "shannon":
        return host(softmax(t, axis=-1)), float(host(shannon_conjugate(t, axis=-1)))
    return host(entmax(t, index, axis=-1)), float(host(tsallis_conjugate(t, index, axis=-1)))


def conjugate_rows(ctx, reg: str, index: float, rows: np.ndarray) -> np.ndarray:
    """``Omega*`` of every row of a block (the package's vectorised conjugates)."""
    if reg == "normmax":
        return normmax(rows, index)[1]
    t = ctx.xp.asarray(rows)
    if reg == "shannon":
        return host(shannon_conjugate(t, axis=-1))
    return host(tsallis_conjugate(t, index, axis=-1))


def omega(reg: str, index: float, p: np.ndarray) -> float:
    if reg == "normmax":
        return float(np.sum(np.clip(p, 0.0, None) ** index) ** (1.0 / index) - 1.0)
    return tsallis_omega(p, 1.0 if reg == "shannon" else index)


def mp_map_and_conjugate(reg: str, index: float, theta):
    """``(p, Omega*)`` in mpmath (``DPS`` digits): bisection oracles and closed forms."""
    with mpmath.workdps(DPS):
        t = [v if isinstance(v, mpmath.mpf) else mpmath.mpf(float(v)) for v in theta]
        if reg == "normmax":
            return normmax(theta, index, mp=True)
        if reg == "shannon":
            top = max(t)
            return softmax_mp(theta), top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in t))
        p, tau = entmax_mp(theta, index)
        a = mpmath.mpf(index)
        return p, (a - 1) / a * mpmath.fsum(pi * ti for pi, ti in zip(p, t)) + (1 + tau) / (a * (a - 1))


def mp_gradient(reg: str, index: float, theta, h=mpmath.mpf(10) ** -25):
    """Central differences of the mpmath conjugate (step 1e-25 at ``DPS`` digits)."""
    with mpmath.workdps(DPS):
        x = [mpmath.mpf(float(v)) for v in theta]
        return mp_central_differences(lambda t: mp_map_and_conjugate(reg, index, t)[1], x, h)


def _dists(extra=()):
    return ["regularisers: Shannon; Tsallis alpha in {1.25, 1.5, 2, 3} or uniform on (1.01, 4]; gamma-normmax, "
            "gamma in {1.5, 2, 3} or uniform on [1.2, 4]",
            f"scores: families {', '.join(SCORE_SHAPES)}, M in 2..8, scale log-uniform [0.1, 10], max >= 1",
            *extra]


# --------------------------------------------------------------------------- prediction-map-gradient


@check("blondel2020/prediction-map-gradient")
def check_prediction_map_gradient(ctx):
    """``blondel2020/prediction-map-gradient``: the regularised prediction map is the gradient of
    the conjugate (Danskin).

    Regularisers: Shannon, Tsallis (alpha in {1.25, 1.5, 2, 3} and random), gamma-normmax.
    Families: exact ties, one-hot outputs, near-ties, large spreads, Gaussian scores.  Parts:
    central differences of the closed-form conjugate against the map, re-evaluated in 50-digit
    mpmath (bisection oracles); the closed form against SLSQP maximisation over the simplex
    (no feasible point does better); the closed form against the objective at the map.
    """
    pinned = _pinned([("shannon", 1.0), ("tsallis", 1.5), ("tsallis", 3.0), ("normmax", 2.0)])

    def observe(d):
        theta = _theta(d)
        p, conj = map_and_conjugate(ctx, d["reg"], d["index"], theta)
        fd = central_gradient(lambda rows: conjugate_rows(ctx, d["reg"], d["index"], rows), theta, H_FD)
        fd = ctx.side("central differences of the conjugate", value=fd)
        conj = ctx.side("closed-form conjugate", value=conj)
        at_map = float(theta @ p) - omega(d["reg"], d["index"], p)
        tol = TOL_IDENTITY.atol * max(1.0, float(np.max(np.abs(theta))))
        return Observation(max(float(np.max(np.abs(fd - p))) / TOL_FD.atol, abs(conj - at_map) / tol), 1.0,
                           inputs={**d, "theta": theta},
                           note="max of |central differences - map| / 6.1e-5 and |closed form - objective at the "
                                "map| / (1.8e-12 max|theta|)")

    def reevaluate(o):
        d = o.inputs
        p, conj = mp_map_and_conjugate(d["reg"], d["index"], d["theta"])
        p = np.array([float(v) for v in p])
        g = np.array([float(v) for v in mp_gradient(d["reg"], d["index"], d["theta"])])
        g = ctx.side("central differences of the conjugate", value=g)
        conj = ctx.side("closed-form conjugate", value=float(conj))
        theta = np.asarray(d["theta"])
        at_map = float(theta @ p) - omega(d["reg"], d["index"], p)
        tol = TOL_IDENTITY.atol * max(1.0, float(np.max(np.abs(theta))))
        return max(float(np.max(np.abs(g - p))) / TOL_FD.atol, abs(conj - at_map) / tol), 1.0

    danskin = inequality_check(ctx, strategy=_draw(), observe=observe, reevaluate=reevaluate, explicit=pinned,
                               atol=0.0, rtol=0.0, distributions=_dists(["central differences, step 1e-5"]))

    def observe_slsqp(d):
        theta = _theta(d)
        M = theta.size
        p, conj = map_and_conjugate(ctx, d["reg"], d["index"], theta)
        rng = np.random.default_rng(d["seed"])
        vertex = np.full(M, 1e-3 / M)
        vertex[int(np.argmax(theta))] += 1.0 - 1e-3
        best, arg = simplex_max_slsqp(lambda q: float(theta @ q) - omega(d["reg"], d["index"], q), M,
                                      [np.full(M, 1.0 / M), vertex, rng.dirichlet(np.ones(M))])
        return Observation(best, ctx.side("closed-form conjugate", value=conj),
                           inputs={**d, "theta": theta, "p_slsqp": arg})

    def reeval_slsqp(o):
        d = o.inputs
        _, conj = mp_map_and_conjugate(d["reg"], d["index"], d["theta"])
        with mpmath.workdps(DPS):
            q = [mpmath.mpf(float(v)) for v in d["p_slsqp"]]
            t = [mpmath.mpf(float(v)) for v in d["theta"]]
            if d["reg"] == "normmax":
                om = mpmath.fsum(v ** d["index"] for v in q) ** (1 / mpmath.mpf(d["index"])) - 1
            else:
                om = tsallis_omega_mp(q, 1 if d["reg"] == "shannon" else d["index"])
            val = mpmath.fsum(a * b for a, b in zip(q, t)) - om
        return float(val), ctx.side("closed-form conjugate", value=float(conj))

    slsqp = inequality_check(ctx, strategy=_draw(), observe=observe_slsqp, reevaluate=reeval_slsqp,
                             examples=max(4, ctx.profile.examples // 20), explicit=pinned[:4],
                             atol=TOL_OPTIMISER.atol, rtol=TOL_OPTIMISER.rtol,
                             distributions=_dists(["SLSQP from the uniform point, a near-vertex and a Dirichlet draw"]))
    return combine(ctx, [("gradient of the conjugate = map (central differences); the closed form is attained "
                          "at the map", danskin),
                         ("no simplex point beats the closed form (SLSQP)", slsqp)])


# --------------------------------------------------------------------------- fy-loss

_TARGETS = ("dirichlet", "sparse", "one-hot", "map", "map-perturbed")


def _target(d, theta: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The target y of a draw: a point of the simplex of one kind (``map-perturbed`` stays on the support of p)."""
    rng = np.random.default_rng(d["seed"] + 1)
    M = theta.size
    kind = d.get("target", "dirichlet")
    if kind == "dirichlet":
        return rng.dirichlet(np.ones(M))
    if kind == "sparse":
        y = np.zeros(M)
        idx = rng.choice(M, size=int(rng.integers(1, M + 1)), replace=False)
        y[idx] = rng.dirichlet(np.ones(idx.size))
        return y
    if kind == "one-hot":
        return np.eye(M)[int(rng.integers(M))]
    if kind == "map":
        return p / np.sum(p)
    S = np.flatnonzero(p > 1e-3)
    y = p.copy()
    if S.size >= 2:
        v = rng.standard_normal(S.size)
        v -= v.mean()
        t = 0.5 * float(np.min(p[S] / np.maximum(np.abs(v), 1e-300)))
        y[S] = p[S] + t * v
    return np.clip(y, 0.0, None) / np.sum(np.clip(y, 0.0, None))


def _bregman(alpha: float, theta: np.ndarray, y: np.ndarray, p: np.ndarray) -> float:
    r"""The Bregman divergence :math:`D_\Omega(y,p)`, p the map's output (Shannon: KL, in the log domain)."""
    if alpha == 1.0:
        logp = theta - logsumexp(theta)
        nz = y > 0
        return float(np.sum(y[nz] * (np.log(y[nz]) - logp[nz])))
    a = alpha
    g = lambda t: (np.clip(t, 0.0, None) ** a - t) / (a * (a - 1.0))  # noqa: E731
    dg = (a * np.clip(p, 0.0, None) ** (a - 1.0) - 1.0) / (a * (a - 1.0))
    return float(np.sum(g(y) - g(p) - dg * (y - p)))


def _mp_loss(theta, y, alpha):
    """L(theta; y) in mpmath: the oracle conjugate plus the negentropy minus the inner product."""
    _, conj = mp_map_and_conjugate("shannon" if alpha == 1.0 else "tsallis", alpha, theta)
    with mpmath.workdps(DPS):
        yq = [mpmath.mpf(float(v)) for v in y]
        return conj + tsallis_omega_mp(yq, 1 if alpha == 1.0 else alpha) - mpmath.fsum(
            a * mpmath.mpf(float(b)) for a, b in zip(yq, theta))


def _mp_bregman(alpha, y, p):
    with mpmath.workdps(DPS):
        y = [mpmath.mpf(float(v)) for v in y]
        if alpha == 1.0:
            return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(y, p) if a > 0)
        a = mpmath.mpf(alpha)
        g = lambda t: (t ** a - t) / (a * (a - 1)) if t > 0 else mpmath.mpf(0)  # noqa: E731
        return mpmath.fsum(g(yi) - g(pi) - (a * pi ** (a - 1) - 1) / (a * (a - 1)) * (yi - pi) for yi, pi in zip(y, p))


def _library_loss(theta, p, k, alpha) -> float:
    r"""The entmax library's loss at label k, transcribed: :math:`\omega(p)+\langle p-e_k,\theta\rangle` with
    :math:`\omega(p)=(1-\sum_ip_i^\alpha)/(\alpha(\alpha-1))` (Entmax15Loss, SparsemaxLoss, EntmaxBisectLoss);
    cross-entropy :math:`\operatorname{lse}(\theta)-\theta_k` at α = 1."""
    if alpha == 1.0:
        return float(logsumexp(theta) - theta[k])
    return float((1.0 - np.sum(p ** alpha)) / (alpha * (alpha - 1.0)) + p @ theta - theta[k])


#: The sides of the Fenchel–Young loss check, and the sub-claims they stand for.
_FY_PARTS = {
    "Bregman divergence D(y, map(theta))": "L >= D(y, map) >= 0, equality when supp y is in the support (zero set)",
    "chord of the loss": "midpoint convexity in theta",
    "central differences of the loss": "gradient = map(theta) - y",
    "entmax library loss formula": "L(theta; e_k) = the entmax library's formula (transcribed)",
}


@check("blondel2020/fy-loss")
def check_fy_loss(ctx):
    """``blondel2020/fy-loss``: non-negativity, zero set, convexity and gradient of the Fenchel–Young loss.

    Regularisers: Tsallis alpha in {1 (Shannon), 1.25, 1.5, 2, 3} and random.  Targets y:
    Dirichlet, sparse, one-hot, y = map(theta) and y moved along the map's support.  At every
    instance, each within its own tolerance: the loss is at least the Bregman divergence
    D(y, map(theta)) (computed independently, >= 0, and 0 only at y = map), with equality when
    supp y lies in the support; midpoint convexity along theta + c 1 (where the loss is constant)
    or a random direction; the gradient map(theta) - y by central differences; L(theta; e_k)
    against the entmax library's loss formula omega(p) + <p - e_k, theta>, transcribed (the
    library is not installed here).  Violations are re-evaluated in 50-digit mpmath.
    """
    regs = ("shannon", "tsallis")
    pinned = _pinned([("shannon", 1.0), ("tsallis", 1.5), ("tsallis", 2.0), ("tsallis", 3.0)], target="map-perturbed")
    pinned += _pinned([("tsallis", 2.0), ("tsallis", 1.25)], target="one-hot")

    def instance(d):
        theta = _theta(d)
        alpha = 1.0 if d["reg"] == "shannon" else d["index"]
        p, _ = map_and_conjugate(ctx, d["reg"], alpha, theta)
        rng = np.random.default_rng(d["seed"] + 2)
        other = theta + (float(rng.uniform(-3, 3)) if rng.random() < 0.5 else rng.standard_normal(theta.size))
        return theta, alpha, p, _target(d, theta, p), other, int(rng.integers(theta.size))

    def ratios(d, theta, alpha, p, y, other, k, L, L_other, L_mid, L_k, fd, D):
        """Each sub-claim's violation over its tolerance (> 1: violated)."""
        s = max(1.0, float(np.max(np.abs(theta))), float(np.max(np.abs(other))))
        tol = 16 * TOL_IDENTITY.atol * s
        D = ctx.side("Bregman divergence D(y, map(theta))", value=D, kind="lower")
        chord = ctx.side("chord of the loss", value=0.5 * (L + L_other))
        fd = ctx.side("central differences of the loss", value=fd)
        lib = ctx.side("entmax library loss formula", value=_library_loss(theta, p, k, alpha))
        return {"Bregman divergence D(y, map(theta))": (D - L) / tol,
                "chord of the loss": (L_mid - chord) / tol,
                "central differences of the loss": float(np.max(np.abs(fd - (p - y)))) / TOL_FD.atol,
                "entmax library loss formula": abs(L_k - lib) / tol}

    def measured(d):
        theta, alpha, p, y, other, k = instance(d)
        d.update(theta=theta, y=y, other=other, k=k)
        M = theta.size
        E = np.eye(M) * H_FD
        rows = np.vstack([theta, other, 0.5 * (theta + other), theta + E, theta - E, theta])
        ys = np.vstack([np.broadcast_to(y, (3 + 2 * M, M)), np.eye(M)[k]])
        L = host(fenchel_young_loss(ctx.xp.asarray(rows), ctx.xp.asarray(ys), alpha, axis=-1))
        fd = (L[3:3 + M] - L[3 + M:3 + 2 * M]) / (2 * H_FD)
        D = _bregman(alpha, theta, y, p)
        r = ratios(d, theta, alpha, p, y, other, k, L[0], L[1], L[2], L[-1], fd, D)
        if D < -16 * TOL_IDENTITY.atol:
            r["Bregman divergence D(y, map(theta))"] = np.inf  # g would not be convex: no zero set to speak of
        return r

    def high_precision(d):
        theta, alpha, _, y, other, k = instance(d)
        reg = "shannon" if alpha == 1.0 else "tsallis"
        p_mp, _ = mp_map_and_conjugate(reg, alpha, theta)
        p = np.array([float(v) for v in p_mp])
        grad = np.array([float(v) for v in mp_gradient(reg, alpha, theta)]) - y
        losses = [float(_mp_loss(t, yy, alpha)) for t, yy in ((theta, y), (other, y), (0.5 * (theta + other), y),
                                                            (theta, np.eye(theta.size)[k]))]
        return ratios(d, theta, alpha, p, y, other, k, *losses, grad, float(_mp_bregman(alpha, y, p_mp)))

    res = ratio_search(ctx, strategy=_draw(regs, _TARGETS), ratios=measured, reevaluate=high_precision, pinned=pinned,
                       distributions=_dists(["targets: " + ", ".join(_TARGETS),
                                             "pairs: theta + c 1 or theta + N(0, I); labels k uniform",
                                             "central differences, step 1e-5"]))
    zero = float(host(tsallis_negentropy(ctx.xp.asarray(np.eye(3)[1]), 1.5)))
    return combine(ctx, [("; ".join(_FY_PARTS.values()), res),
                         ("Omega_alpha(e_k) in the package scaling (fact)", {"Omega_1.5(e_2)": zero})])
