"""Checks of martins2016 (sparsemax): closed form and sort algorithm, properties, Jacobian,
sparsemax loss and conjugate, support size in beta.

Every check compares the statement in exact rational arithmetic (:class:`fractions.Fraction`,
floats read exactly) and the package's float64 functions against it, on score families that
include ties, entries exactly at the threshold, one-hot boundaries at gap exactly 1 and large
offsets (conventions §7).
"""

from __future__ import annotations

import math
from fractions import Fraction as Q

import numpy as np
from hypothesis import strategies as st

from hoptheory.backend import tolerance
from hoptheory.bounds import martins2016 as B
from hoptheory.maps import (
    fenchel_young_loss,
    gini_conjugate,
    sparsemax,
    sparsemax_jacobian,
    sparsemax_loss,
    sparsemax_threshold,
    support_size,
)
from hoptheory.models import SparseHopfield

from .._framework import Observation, check, combine, inequality_check
from .._strategies import seeds, sizes
from ..blondel2020._oracles import (
    BIG,
    SCORE_SHAPES,
    TOL_FD,
    exact,
    exact_bound,
    host,
    log_uniform,
    michelot_exact,
    pivot_exact,
    ratio_search,
    scores,
    simplex_max_slsqp,
    sparsemax_exact,
)

EPS = float(np.finfo(np.float64).eps)
TIGHT = tolerance(np.float64, "tight")
#: Score families: those of the Fenchel–Young checks plus an entry exactly at the threshold, a top
#: gap at or next to 1, and scores offset by 1e8.
SHAPES = SCORE_SHAPES + ("boundary", "gap-one", "large")


@st.composite
def _draw(draw, shapes=SHAPES, M=(2, 10), **extra):
    d = dict(shape=draw(st.sampled_from(shapes)), M=draw(st.integers(*M)), scale=draw(log_uniform(0.1, 10.0)),
             seed=draw(seeds()))
    for k, strat in extra.items():
        d[k] = draw(strat)
    return d


def _pinned(shapes=SHAPES, M=5, **extra):
    return [dict(shape=sh, M=M, scale=1.0, seed=13, **extra) for sh in shapes]


def _z(d) -> np.ndarray:
    """The float64 scores of a draw (every value exactly representable where the family is exact)."""
    rng = np.random.default_rng(d["seed"])
    M, shape = d["M"], d["shape"]
    if shape == "boundary":
        k = int(rng.choice([1, 2, 4][: max(1, min(3, M - 1))]))
        parts = rng.multinomial(16 - k, np.ones(k) / k) + 1          # a dyadic composition of 1
        tau = float(rng.integers(-16, 17)) / 8
        z = [tau + v / 16 for v in parts] + [tau]                   # support, and one entry at tau
        z += [tau - float(rng.integers(1, 24)) / 8 for _ in range(M - len(z))]
        return rng.permutation(np.array(z[:M] if len(z) >= M else z, dtype=float))
    if shape == "gap-one":
        gap = float(rng.choice([1.0, 1.0 - 2.0 ** -20, 1.0 + 2.0 ** -20, 0.75, 1.5]))
        z = -np.abs(np.round(rng.standard_normal(M) * 8) / 8) - gap
        z[0], z[1] = gap, 0.0
        return rng.permutation(z)
    if shape == "large":
        return scores("gaussian", M, d["scale"], d["seed"]) + 1e8
    return scores(shape, M, d["scale"], d["seed"])


def _scores_of(d) -> tuple[np.ndarray, list[Q]]:
    """The scores of a draw as floats and as exact rationals; the floats are recorded in the draw."""
    z = _z(d)
    d["z"] = z
    return z, _q(z)


def _q(z) -> list[Q]:
    return [exact(v) for v in z]


def _f(xs) -> np.ndarray:
    return np.array([float(v) for v in xs])


def _tol(z) -> float:
    """Tight float tolerance of a value of size max(1, |z|): 256 eps (``"tight"``) per unit."""
    return TIGHT.atol * max(1.0, float(np.max(np.abs(z))))


def _nnz(p) -> int:
    return sum(1 for v in p if v > 0)


def _dists(extra=()):
    return [f"scores: families {', '.join(SHAPES)}, M in 2..10, scale log-uniform [0.1, 10]", *extra]


# --------------------------------------------------------------------------- sparsemax-closed-form


def _sort_algorithm(zq: list[Q], rng) -> list[Q]:
    """The library's sort algorithm (steps 1-4 of the catalogue), in rationals, ties in a random order."""
    top = max(zq)
    u = [v - top for v in zq]
    order = sorted(range(len(u)), key=lambda i: (-u[i], float(rng.random())))
    c, kappa, ck = Q(0), 0, Q(0)
    for k, i in enumerate(order, start=1):
        c += u[i]
        if k * u[i] > c - 1:
            kappa, ck = k, c
    tau = (ck - 1) / kappa + top
    return [max(v - tau, Q(0)) for v in zq]


@check("martins2016/sparsemax-closed-form")
def check_sparsemax_closed_form(ctx):
    """``martins2016/sparsemax-closed-form``: closed form, KKT and sort algorithm of sparsemax.

    Families: exact ties, near-ties, an entry exactly at the threshold, top gaps at and next to 1,
    one-hot outputs, large spreads, offsets 1e8.  Exact (rationals): the closed form satisfies the
    KKT conditions of the projection; Michelot's algorithm, the randomised pivot algorithm of
    Duchi et al. (2008) and the library's sort algorithm with a random tie order give the same
    output.  The package's sparsemax, threshold and support size against the exact closed form
    (256 eps per unit of the scores).  SLSQP: no simplex point is closer to z.
    """
    xp = ctx.xp

    def ratios(d):
        z, zq = _scores_of(d)
        rng = np.random.default_rng(d["seed"] + 1)
        p, tau, kappa = sparsemax_exact(zq)
        kkt = (all(v >= 0 for v in p) and sum(p) == 1
               and all((zi - pi == tau) if pi > 0 else (zi <= tau) for zi, pi in zip(zq, p)))
        tol = _tol(z)
        pk = ctx.side("package sparsemax", value=host(sparsemax(xp.asarray(z))))
        tk = ctx.side("package threshold", value=float(host(sparsemax_threshold(xp.asarray(z)))))
        kk = ctx.side("package support size", value=float(host(support_size(xp.asarray(z)))))
        return {"KKT of the closed form (exact)": 0.0 if kkt else BIG,
                "Michelot's algorithm (exact)": 0.0 if michelot_exact(zq) == p else BIG,
                "pivot algorithm of Duchi et al. (exact)": 0.0 if pivot_exact(zq, rng) == p else BIG,
                "library sort algorithm, random tie order (exact)": 0.0 if _sort_algorithm(zq, rng) == p else BIG,
                "package sparsemax": float(np.max(np.abs(pk - _f(p)))) / tol,
                "package threshold": abs(tk - float(tau)) / tol,
                "package support size = kappa": 0.0 if kk == kappa else BIG}

    main = ratio_search(ctx, strategy=_draw(), ratios=ratios, pinned=_pinned(), distributions=_dists())

    def observe_qp(d):
        z = _z(d)
        M = z.size
        p, _, _ = sparsemax_exact(_q(z))
        best, _ = simplex_max_slsqp(lambda q: -float(np.sum((q - z) ** 2)), M,
                                    [np.full(M, 1.0 / M), np.random.default_rng(d["seed"]).dirichlet(np.ones(M))])
        dist2 = float(sum((a - b) ** 2 for a, b in zip(p, _q(z))))
        return Observation(-best, ctx.side("squared distance of the closed form to z", value=dist2, kind="lower"),
                           inputs={**d, "z": z})

    qp = inequality_check(ctx, strategy=_draw(shapes=SCORE_SHAPES + ("boundary", "gap-one")), observe=observe_qp,
                          kind="lower", examples=max(4, ctx.profile.examples // 10),
                          explicit=_pinned(("ties", "boundary", "gap-one")), atol=tolerance(np.float64, "loose").atol,
                          rtol=tolerance(np.float64, "loose").rtol, distributions=_dists(["SLSQP from two starts"]))
    return combine(ctx, [("exact closed form, KKT, three algorithms; the package", main),
                         ("no simplex point closer to z (SLSQP)", qp)])


# --------------------------------------------------------------------------- sparsemax-properties


def _lipschitz_pair(zq, p, rng):
    """A second score vector: along e_i - e_j inside the support (equality case), or a random one."""
    S = [i for i, v in enumerate(p) if v > 0]
    z2 = list(zq)
    if len(S) >= 2 and rng.random() < 0.5:
        i, j = (int(v) for v in rng.choice(S, size=2, replace=False))
        eps = min(p[i], p[j]) / 2
        z2[i] += eps
        z2[j] -= eps
        return z2
    return [v + exact(float(np.round(rng.standard_normal() * 64) / 64)) for v in zq]


@check("martins2016/sparsemax-properties")
def check_sparsemax_properties(ctx):
    """``martins2016/sparsemax-properties``: invariances, 1-Lipschitz, support size, one-hot threshold,
    support gap, and the limits beta -> infinity and beta -> 0.

    Families as for the closed form.  Each fact exactly (rationals, closed form) and for the
    package in float64: translation invariance (package allowance: the rounding of z + c, by
    the Lipschitz bound), permutation equivariance, the Lipschitz bound with its equality case
    (a step along e_i - e_j inside the support), kappa(z) = ||sparsemax(z)||_0, one-hot iff
    z_(1) - z_(2) >= 1 (gap exactly 1 included), 0 <= z_(1) - z_(kappa) < 1, one-hot exactly
    from beta = 1/(z_(1) - z_(2)) and not below, sparsemax(beta z) = 1/M + beta (z - mean z)
    up to beta = 1/(M (mean z - z_(M))) and not above.
    """
    xp = ctx.xp

    def ratios(d):
        z, zq = _scores_of(d)
        M = z.size
        rng = np.random.default_rng(d["seed"] + 2)
        p, tau, kappa = sparsemax_exact(zq)
        pk = host(sparsemax(xp.asarray(z)))
        tol = _tol(z)
        r = {}
        c = exact(float(rng.choice([-3.5, 0.25, 1e3, -1e8])))
        r["translation (exact)"] = 0.0 if sparsemax_exact([v + c for v in zq])[0] == p else BIG
        zc = z + float(c)
        moved = math.sqrt(float(sum((exact(a) - (b + c)) ** 2 for a, b in zip(zc, zq))))
        pkc = ctx.side("package sparsemax(z + c 1)", value=host(sparsemax(xp.asarray(zc))))
        r["translation (package)"] = (float(np.linalg.norm(pkc - pk)) - moved) / _tol(zc)
        perm = rng.permutation(M)
        r["permutation (exact)"] = 0.0 if sparsemax_exact([zq[i] for i in perm])[0] == [p[i] for i in perm] else BIG
        pkp = ctx.side("package sparsemax(P z)", value=host(sparsemax(xp.asarray(z[perm]))))
        r["permutation (package)"] = float(np.max(np.abs(pkp - pk[perm]))) / tol
        z2 = _lipschitz_pair(zq, p, rng)
        dz = math.sqrt(float(sum((a - b) ** 2 for a, b in zip(z2, zq))))
        bound = ctx.side("Lipschitz bound ||z - z'||", value=float(B.sparsemax_lipschitz_bound(z_dist=dz).value))
        dp = math.sqrt(float(sum((a - b) ** 2 for a, b in zip(sparsemax_exact(z2)[0], p))))
        r["1-Lipschitz (exact)"] = (dp - bound) / (4 * EPS * max(1.0, dz))
        dpk = float(np.linalg.norm(host(sparsemax(xp.asarray(_f(z2)))) - pk))
        r["1-Lipschitz (package)"] = (dpk - bound) / (2 * tol + _tol(_f(z2)))
        kap = ctx.side("support size formula kappa(z)", value=kappa)
        r["kappa(z) = ||sparsemax(z)||_0"] = 0.0 if kap == _nnz(p) == int(host(support_size(xp.asarray(z)))) \
            == int(np.count_nonzero(pk)) else BIG
        srt = sorted(zq, reverse=True)
        gap = srt[0] - srt[1]
        hot = _nnz(p) == 1
        suff = ctx.side("one-hot gap threshold 1 (sufficiency)", value=Q(1))
        mini = ctx.side("one-hot gap threshold 1 (minimality)", value=Q(1), kind="lower")
        r["one-hot iff z_(1) - z_(2) >= 1"] = BIG if (gap >= Q(suff) and not hot) or (gap < Q(mini) and hot) \
            or (np.count_nonzero(pk) == 1) != hot else 0.0
        sg = ctx.side("support gap bound 1", value=Q(1))
        r["0 <= z_(1) - z_(kappa) < 1"] = 0.0 if 0 <= srt[0] - srt[kappa - 1] < Q(sg) else BIG
        if gap > 0:
            b = exact_bound(B.sparsemax_one_hot_beta, top_gap=gap)
            bs = Q(ctx.side("one-hot scale 1/(z_(1) - z_(2)) (sufficiency)", value=b))
            bm = Q(ctx.side("one-hot scale 1/(z_(1) - z_(2)) (minimality)", value=b, kind="lower"))
            ok = _nnz(sparsemax_exact([bs * v for v in zq])[0]) == 1 and \
                _nnz(sparsemax_exact([bm * (1 - Q(1, 1024)) * v for v in zq])[0]) > 1
            r["beta -> infinity: one-hot from 1/(z_(1) - z_(2)) on"] = 0.0 if ok else BIG
        mean = sum(zq) / M
        if mean > min(zq):
            b = exact_bound(B.sparsemax_full_support_beta, M=M, mean_gap=mean - min(zq))
            # "beta <= b implies affine": a larger b is the stronger claim (a lower-kind side), and
            # "beta > b implies not affine" is stronger for a smaller b (an upper-kind side)
            bs = Q(ctx.side("full-support scale (sufficiency)", value=b, kind="lower"))
            bm = Q(ctx.side("full-support scale (minimality)", value=b))

            def affine(beta):
                return [Q(1, M) + beta * (v - mean) for v in zq]

            ok = sparsemax_exact([bs * v for v in zq])[0] == affine(bs) and \
                sparsemax_exact([bm * (1 + Q(1, 1024)) * v for v in zq])[0] != affine(bm * (1 + Q(1, 1024)))
            r["beta -> 0: 1/M + beta (z - mean z) up to 1/(M (mean z - z_(M)))"] = 0.0 if ok else BIG
        return r

    res = ratio_search(ctx, strategy=_draw(), ratios=ratios, pinned=_pinned(), distributions=_dists(
        ["shifts c in {-3.5, 0.25, 1e3, -1e8}; random permutations; second points along e_i - e_j in the support "
         "or z + N(0, 1) on a 1/64 grid"]))
    return combine(ctx, [("invariances, Lipschitz, kappa, one-hot, support gap, beta limits", res)])


# --------------------------------------------------------------------------- sparsemax-jacobian


def _jacobian_exact(p) -> list[list[Q]]:
    """Diag(s) - s s^T/|S| in rationals, S the support of p."""
    s = [1 if v > 0 else 0 for v in p]
    k = sum(s)
    return [[Q(s[i] * (i == j)) - Q(s[i] * s[j], k) for j in range(len(p))] for i in range(len(p))]


def _central_exact(zq, h: Q) -> list[list[Q]]:
    """Exact central difference quotients of sparsemax at zq (column j: direction e_j)."""
    M = len(zq)
    cols = []
    for j in range(M):
        plus = sparsemax_exact([v + (h if i == j else 0) for i, v in enumerate(zq)])[0]
        minus = sparsemax_exact([v - (h if i == j else 0) for i, v in enumerate(zq)])[0]
        cols.append([(a - b) / (2 * h) for a, b in zip(plus, minus)])
    return [[cols[j][i] for j in range(M)] for i in range(M)]


def _steps(z: np.ndarray, h: float):
    """Rows z + h e_j and z - h e_j; divide by the representable steps ``diag(plus - minus)``, not 2h
    (at scores of size 1e8 the step h = 1e-2 rounds by about 1e-8)."""
    E = np.eye(z.size) * h
    return z + E, z - E


def _matmul(A, B_):
    return [[sum(A[i][k] * B_[k][j] for k in range(len(B_))) for j in range(len(B_[0]))] for i in range(len(A))]


@check("martins2016/sparsemax-jacobian")
def check_sparsemax_jacobian(ctx):
    """``martins2016/sparsemax-jacobian``: J = Diag(s) - s s^T/|S| where the support is locally constant.

    Families as for the closed form, with entries exactly at the threshold (non-differentiable
    points).  Exact: central difference quotients of the closed form with a step below the
    distance to every breakpoint (sparsemax is piecewise linear, so they are the derivative)
    equal the formula, which is symmetric and idempotent; at z_i = tau the package's element is
    the Jacobian of the side where i leaves the support (the exact Jacobian at z - h e_i).  The
    package's Jacobian against the exact one, float central differences, symmetry, idempotence
    and the matrix-vector formula s (v - mean_S v).  Retrieval at interior kappa = 1 points (a
    second search): J_T(x) = beta Xi J Xi^T = 0 and T(x) = xi_mu exactly, T(xi_mu) = xi_mu when
    beta Delta_mu > 1.
    """
    xp = ctx.xp

    def ratios(d):
        z, zq = _scores_of(d)
        M = z.size
        p, tau, _ = sparsemax_exact(zq)
        Je = _jacobian_exact(p)
        tol = _tol(z)
        Jk = ctx.side("package Jacobian", value=host(sparsemax_jacobian(xp.asarray(z))))
        r = {"package Jacobian = Diag(s) - s s^T/|S| (exact)": float(np.max(np.abs(Jk - np.array(
                [[float(v) for v in row] for row in Je])))) / TIGHT.atol,
             "symmetric, idempotent (exact)": 0.0 if all(Je[i][j] == Je[j][i] for i in range(M) for j in range(M))
             and _matmul(Je, Je) == Je else BIG,
             "symmetric, idempotent (package)": max(float(np.max(np.abs(Jk - Jk.T))),
                                                    float(np.max(np.abs(Jk @ Jk - Jk)))) / TIGHT.atol}
        dist = min(abs(v - tau) for v in zq)
        if dist > 0:
            r["central differences (exact, step below the breakpoints)"] = 0.0 if _central_exact(zq, dist / 4) == Je \
                else BIG
            zp, zm = _steps(z, min(1e-6 * max(1.0, float(np.max(np.abs(z)))), float(dist) / 4))
            out = host(sparsemax(xp.asarray(np.concatenate([zp, zm]))))
            fd = ((out[:M] - out[M:]) / np.diag(zp - zm)[:, None]).T
            r["central differences (package)"] = float(np.max(np.abs(fd - Jk))) / TOL_FD.atol
        else:
            on = [i for i, v in enumerate(zq) if v == tau]
            gaps = [abs(v - tau) for v in zq if v != tau]
            h = (min(gaps) if gaps else Q(1)) / 4
            side = [v - (h if i in on else 0) for i, v in enumerate(zq)]
            r["element at z_i = tau: the side where i leaves the support (exact)"] = \
                0.0 if _jacobian_exact(sparsemax_exact(side)[0]) == Je else BIG
        v = np.round(np.random.default_rng(d["seed"] + 3).standard_normal(M) * 16) / 16
        S = [i for i, w in enumerate(p) if w > 0]
        mean_S = sum(exact(v[i]) for i in S) / len(S)
        formula = ctx.side("matrix-vector formula s (v - mean_S v)",
                           value=_f([(exact(v[i]) - mean_S) if i in S else Q(0) for i in range(M)]))
        r["matrix-vector formula"] = float(np.max(np.abs(Jk @ v - formula))) / (TIGHT.atol * max(1.0, float(np.max(np.abs(v)))))
        return r

    main = ratio_search(ctx, strategy=_draw(), ratios=ratios, pinned=_pinned(), examples=max(10, ctx.profile.examples // 2),
                        distributions=_dists(["vectors v on a 1/16 grid for the matrix-vector formula"]))

    def observe_retrieval(d):
        dd, M = d["dM"]
        rng = np.random.default_rng(d["seed"])
        Xi = rng.standard_normal((dd, M))
        x = rng.standard_normal(dd)
        zs = Xi.T @ x
        mu = int(np.argmax(zs))
        gap = float(zs[mu] - np.max(np.delete(zs, mu)))
        beta = d["excess"] / gap                       # beta (z_mu - max_nu z_nu) = excess > 1: kappa = 1 around x
        model = SparseHopfield(xp.asarray(Xi), beta)
        JT = float(np.max(np.abs(host(model.jacobian(xp.asarray(x))))))
        err = float(np.max(np.abs(host(model.retrieve(xp.asarray(x))) - Xi[:, mu])))
        delta = float(Xi[:, mu] @ Xi[:, mu] - np.max(np.delete(Xi.T @ Xi[:, mu], mu)))
        fixed = float(np.max(np.abs(host(model.retrieve(xp.asarray(Xi[:, mu]))) - Xi[:, mu]))) if beta * delta > 1 else 0.0
        return Observation(JT + err + fixed, 0.0, inputs={**d, "Xi": Xi, "x": x, "beta": beta, "mu": mu},
                           note="||J_T(x)||_max + ||T(x) - xi_mu||_max (+ ||T(xi_mu) - xi_mu|| when beta Delta_mu > 1)")

    strat = st.fixed_dictionaries(dict(dM=sizes((2, 6), (2, 8)), excess=st.floats(1.01, 4.0), seed=seeds()))
    retrieval = inequality_check(ctx, strategy=strat, observe=observe_retrieval, atol=0.0, rtol=0.0,
                                 examples=max(10, ctx.profile.examples // 8),
                                 distributions=["Xi, x i.i.d. N(0, 1), d in 2..6, M in 2..8 (d != M); beta such that "
                                                "beta (z_mu - max_nu z_nu) in [1.01, 4]"])
    return combine(ctx, [("formula, exact difference quotients, symmetry, idempotence, matrix-vector", main),
                         ("J_T = 0 and one-step retrieval at interior kappa = 1 points", retrieval)])


# --------------------------------------------------------------------------- sparsemax-loss-conjugate


@check("martins2016/sparsemax-loss-conjugate")
def check_sparsemax_loss_conjugate(ctx):
    """``martins2016/sparsemax-loss-conjugate``: the sparsemax loss, its gradient, and the three forms of
    the conjugate of Omega(p) = ||p||^2/2 - 1/2.

    Families as for the closed form, shifted to min z = 1 (the conjugate is then positive); labels
    k uniform.  Exact: the three forms agree; the loss's exact central difference quotients (a
    step below every breakpoint: the loss is piecewise quadratic) equal sparsemax(z) - e_k.  The
    package's conjugate, sparsemax loss and Fenchel-Young loss (alpha = 2) against the exact
    values; brute-force maximisation (vertices, 512 Dirichlet points, the closed-form maximiser)
    never exceeds the conjugate; float central differences of the package loss; the entmax
    library's sparsemax-loss formula (1 - ||p||^2)/2 + <p - e_k, z>, transcribed (the library is
    not installed here).
    """
    xp = ctx.xp

    def exact_loss(zq, k):
        p, tau, _ = sparsemax_exact(zq)
        return -zq[k] + Q(1, 2) * sum(v * v - tau * tau for v, w in zip(zq, p) if w > 0) + Q(1, 2)

    def ratios(d):
        z = _z(d)
        z = z - float(np.min(z)) + 1.0
        d["z"] = z
        zq = _q(z)
        M = z.size
        rng = np.random.default_rng(d["seed"] + 4)
        k = int(rng.integers(M))
        p, tau, _ = sparsemax_exact(zq)
        half = Q(1, 2)
        F1 = half * sum(v * v for v in zq) - half * sum((a - b) ** 2 for a, b in zip(p, zq)) + half
        F2 = half * sum(v * v - tau * tau for v, w in zip(zq, p) if w > 0) + half
        F3 = sum(a * b for a, b in zip(p, zq)) - half * sum(a * a for a in p) + half
        tol = 16 * EPS * max(1.0, float(np.max(np.abs(z))))
        e_k = np.eye(M)[k]
        L = exact_loss(zq, k)
        conj = ctx.side("package conjugate", value=float(host(gini_conjugate(xp.asarray(z)))))
        pts = np.vstack([np.eye(M), rng.dirichlet(np.ones(M), 256), rng.dirichlet(np.full(M, 0.1), 256), _f(p)])
        upper = ctx.side("closed-form conjugate (upper bound of the objective)", value=float(F1))
        Lk = ctx.side("package sparsemax loss", value=float(host(sparsemax_loss(xp.asarray(z), k))))
        fy = ctx.side("package Fenchel-Young loss of the Gini negentropy",
                      value=float(host(fenchel_young_loss(xp.asarray(z), xp.asarray(e_k), 2.0))))
        pk = host(sparsemax(xp.asarray(z)))
        lib = ctx.side("entmax library sparsemax loss (transcribed)",
                       value=float((1.0 - pk @ pk) / 2.0 + (pk - e_k) @ z))
        r = {"three forms of the conjugate (exact)": 0.0 if F1 == F2 == F3 else BIG,
             "package conjugate": abs(conj - float(F1)) / tol,
             "brute force: no simplex point above the closed form": float(np.max(pts @ z - 0.5 * np.sum(pts ** 2, 1) + 0.5)
                                                                          - upper) / tol,
             "package sparsemax loss = published formula": abs(Lk - float(L)) / tol,
             "Fenchel-Young loss of Omega = ||p||^2/2 - 1/2": abs(fy - float(L)) / tol,
             "entmax library formula": abs(lib - float(L)) / tol}
        dist = min(abs(v - tau) for v in zq)
        if dist > 0:
            h = dist / 4
            g = [(exact_loss([v + (h if i == j else 0) for i, v in enumerate(zq)], k)
                  - exact_loss([v - (h if i == j else 0) for i, v in enumerate(zq)], k)) / (2 * h) for j in range(M)]
            r["gradient sparsemax(z) - e_k (exact quotients)"] = 0.0 if g == [a - (i == k) for i, a in enumerate(p)] \
                else BIG
            zp, zm = _steps(z, min(1e-6 * max(1.0, float(np.max(np.abs(z)))), float(dist) / 4))
            out = host(sparsemax_loss(xp.asarray(np.concatenate([zp, zm])), k))
            fd = ctx.side("central differences of the sparsemax loss", value=(out[:M] - out[M:]) / np.diag(zp - zm))
            r["gradient (package, central differences)"] = float(np.max(np.abs(fd - (_f(p) - e_k)))) / TOL_FD.atol
        return r

    res = ratio_search(ctx, strategy=_draw(), ratios=ratios, pinned=_pinned(), examples=max(10, ctx.profile.examples // 2),
                       distributions=_dists(["shifted to min z = 1; labels k uniform", "brute force: vertices, 256 Dirichlet(1) and 256 Dirichlet(0.1) "
         "points, the closed-form maximiser"]))
    return combine(ctx, [("three forms, loss, gradient, brute force, library formula", res)])


# --------------------------------------------------------------------------- support-monotone-beta


def _breakpoints(ctx, srt: list[Q]) -> list:
    """beta_k = 1/sum_{j<=k}(z_(j) - z_(k)) for k >= 2 (None where the sum is 0: a tie with the top)."""
    out = []
    for k in range(2, len(srt) + 1):
        g = sum(srt[j] - srt[k - 1] for j in range(k))
        out.append(None if g == 0 else exact_bound(B.sparsemax_support_breakpoint, gap_sum=g))
    vals = [v for v in out if v is not None]
    side = ctx.side("support breakpoints beta_k", value=np.array(vals, dtype=object)) if vals else []
    it = iter(Q(v) for v in side)
    return [None if v is None else next(it) for v in out]


def _entmax_criterion(srt: np.ndarray, beta: float, alpha: float) -> np.ndarray:
    """S_k = sum_{j<k} ((alpha - 1) beta (z_(j) - z_(k)))^(1/(alpha - 1)), k = 1..M (S_1 = 0)."""
    a = alpha - 1.0
    diff = np.clip(srt[None, :] - srt[:, None], 0.0, None)        # [k, j] = z_(j) - z_(k) for j < k
    return np.sum(np.tril((a * beta * diff) ** (1.0 / a), -1), axis=1)


def _decidable_in_float(beta: Q, bps: list, z: np.ndarray) -> bool:
    r"""Whether float64 decides the sparsemax support of :math:`\beta z` the way exact arithmetic does.

    Entry k is in the support iff :math:`1+k\beta z_{(k)}-\sum_{j\le k}\beta z_{(j)}>0`, and that margin is
    :math:`1-\beta/\beta_k`.  Forming the products and the partial sums in float64 errs by at most
    :math:`(k^2+2k)\,\epsilon\,\beta\max|z|\le3M^2\epsilon\,\beta\max|z|`, so only a margin above that (and
    above 1e-9) is decidable; near-tied scores put breakpoints at :math:`\beta\sim10^9`, where
    :math:`\beta_k(1\pm2^{-20})` is not.
    """
    err = Q(3 * z.size**2) * Q(2) ** -52 * Q(float(beta)) * Q(float(np.max(np.abs(z))))
    tol = max(err, Q(1, 10**9))
    return all(b is None or abs(beta / b - 1) > tol for b in bps)


@check("martins2016/support-monotone-beta")
def check_support_monotone_beta(ctx):
    """``martins2016/support-monotone-beta``: ||sparsemax(beta z)||_0 and ||alpha-entmax(beta z)||_0 do not
    increase with beta.

    Families as for the closed form.  Sparsemax, exact: on a grid of beta made of the breakpoints
    beta_k = 1/sum_{j<=k}(z_(j) - z_(k)), beta_k (1 +- 2^-20), midpoints and powers of two, the
    support size of the closed form at beta z equals #{k : beta < beta_k} and does not increase;
    the package's support size agrees where float64 decides the support (margin 1 - beta/beta_k above
    3 M^2 eps beta max|z| and 1e-9).  Entmax (alpha in
    {1.25, 1.5, 3} and random): on a log grid of 13 beta (one row per call), the package's support size equals the
    number of k with S_k = sum_{j<k}((alpha - 1) beta (z_(j) - z_(k)))^(1/(alpha - 1)) < 1 (grid
    points within 1e-9 of the boundary skipped) and does not increase.
    """
    xp = ctx.xp

    def ratios(d):
        z, zq = _scores_of(d)
        srt = sorted(zq, reverse=True)
        bps = _breakpoints(ctx, srt)
        finite = sorted({v for v in bps if v is not None})
        grid = set(finite) | {v * (1 + s * Q(1, 2 ** 20)) for v in finite for s in (-1, 1)}
        grid |= {(a + b) / 2 for a, b in zip(finite, finite[1:])} | {Q(2) ** j for j in range(-6, 7, 3)}
        grid = sorted(g for g in grid if g > 0)
        exact_k = [sparsemax_exact([beta * v for v in zq])[2] for beta in grid]
        pred_ok = all(kap == 1 + sum(1 for b in bps if b is None or beta < b) for beta, kap in zip(grid, exact_k))
        away = [i for i, beta in enumerate(grid) if _decidable_in_float(beta, bps, z)]
        pkg = host(support_size(xp.asarray(np.array([float(grid[i]) * z for i in away]).reshape(len(away), -1))))
        pkg_ok = all(int(a) == exact_k[i] for a, i in zip(pkg, away))
        r = {"sparsemax support size = #{k : beta < beta_k} (exact)": 0.0 if pred_ok else BIG,
             "sparsemax support size non-increasing (exact)": 0.0 if all(a >= b for a, b in zip(exact_k, exact_k[1:]))
             else BIG,
             "package support size (sparsemax)": 0.0 if pkg_ok else BIG}
        alpha = d["alpha"]
        zs = np.sort(z)[::-1] - float(np.max(z))
        spread = max(float(zs[0] - zs[-1]), 1e-12)
        sizes_, ok = [], True
        for beta in np.geomspace(1e-3, 1e3, 13) / spread:
            S = ctx.side("entmax support criterion sums S_k", value=_entmax_criterion(zs, beta, alpha))
            kap = int(host(support_size(xp.asarray(beta * z), alpha)))
            sizes_.append(kap)
            if np.all(np.abs(S - 1.0) > 1e-9):
                ok &= kap == int(np.max(np.flatnonzero(S < 1.0))) + 1
        r["entmax support size = #{k : S_k < 1} (package)"] = 0.0 if ok else BIG
        r["entmax support size non-increasing (package)"] = 0.0 if all(a >= b for a, b in zip(sizes_, sizes_[1:])) \
            else BIG
        return r

    alpha = st.one_of(st.sampled_from([1.25, 1.5, 3.0]), st.floats(1.1, 4.0, allow_nan=False))
    res = ratio_search(ctx, strategy=_draw(alpha=alpha), ratios=ratios, pinned=_pinned(alpha=1.5),
                       examples=max(10, ctx.profile.examples // 4),
                       distributions=_dists(["entmax alpha in {1.25, 1.5, 3} or uniform on [1.1, 4]; 13 beta "
                                             "log-spaced over six decades of 1/(z_(1) - z_(M))"]))
    return combine(ctx, [("support size along beta: breakpoints, monotonicity, the package", res)])
