"""Checks of the capacity claims (hu2024)."""

from __future__ import annotations

import math

import numpy as np
import sympy
from hypothesis import strategies as st

from hoptheory.bounds import BoundHypothesisError
from hoptheory.bounds import hu2024 as B
from hoptheory.models._structured import StructuredHopfield

from .._framework import Observation, binomial_check, check, combine
from .._instances import TOL_FOUR_DECIMALS, TOL_MAP, TOL_ROUND
from ._common import host, n_examples, log_beta, run_ineq


# --------------------------------------------------------------------------- capacity


@check("hu2024/capacity-published")
def check_capacity_published(ctx):
    """``hu2024/capacity-published``: the published capacity bound (Lemma 4.2 / Proposition 4.1).

    Draws (Hypothesis): beta log-uniform [0.01, 10], m in [0.1, 10], d in 2..100, p in (0, 1),
    R in [1e-3, 5], delta in [-1e-4, 2].  Where the hypotheses hold, the bound is ill-defined
    when the argument of its logarithm, 2m(sqrt p - 1)/(R + delta), is negative.  Oracle: the
    sign of that argument (``capacity_published_log_argument``); the strict evaluation must
    raise :class:`~hoptheory.bounds.BoundHypothesisError` there (reported as a fraction).
    """
    xp = ctx.xp
    raised = []

    @st.composite
    def cdraw(draw):
        return dict(beta=draw(log_beta(0.01, 10.0)), m=draw(st.floats(0.1, 10.0)), d=draw(st.integers(2, 100)),
                    p=draw(st.floats(1e-6, 0.999)), R=draw(st.floats(1e-3, 5.0)), delta=draw(st.floats(-1e-4, 2.0)))

    def observe(q):
        la = float(host(B.capacity_published_log_argument(m=q["m"], p_fail=q["p"], R=q["R"], delta=q["delta"], xp=xp).value))
        res = B.capacity_published(beta=q["beta"], m=q["m"], d=q["d"], p_fail=q["p"], R=q["R"], delta=q["delta"], xp=xp)
        try:
            B.capacity_published(beta=q["beta"], m=q["m"], d=q["d"], p_fail=q["p"], R=q["R"], delta=q["delta"],
                                 xp=xp, strict=True)
            raised.append(False)
        except BoundHypothesisError:
            raised.append(True)
        ill = bool(host(res.ill_defined)) and bool(host(res.hypotheses_hold)) and la < 0
        v = float(host(res.value))
        return Observation(0.0 if ill else v, math.nan if ill else v, applicable=bool(host(res.hypotheses_hold)),
                           ill_defined=ill, inputs=q, note=f"log argument {la:.3g} < 0")

    r = run_ineq(ctx, strategy=cdraw(), observe=observe, examples=n_examples(ctx, 2),
                 distributions=["beta log-uniform [0.01, 10], m in [0.1, 10], d in 2..100, p in (0, 1), R, delta"])
    r.evidence["strict_raises_fraction"] = sum(raised) / len(raised) if raised else None
    return r


@check("hu2024/capacity-sparse-corrected", stat_parts=1)
def check_capacity_sparse_corrected(ctx):
    """``hu2024/capacity-sparse-corrected``: the sparse-aware Ramsauer-style capacity.

    Parts: (1) deterministic constants (rho = 1 reproduces Ramsauer's 3.1546 and 1.3718), c_rho
    decreasing on a grid of rho, the defining equation a c + c ln c = b; (2) statistical: at
    M = floor(sqrt(p) c_rho^{(d-1)/4}) the rho-master inequality holds with probability >= 1 - p
    (:func:`binomial_check`, suite-level error control, replicate before a refutation), instances
    drawn with NumPy from the suite seed and separations computed from the Gram matrix in the
    check; (3) deterministic: one V1 update from inside and the boundary of S_mu(1/(beta M m)),
    random masks containing mu, stays in the ball.
    """
    xp = ctx.xp
    # constants at rho = 1 (Ramsauer's published values)
    c1 = ctx.side("c_rho at (1,3,20,0.001)", value=float(host(B.capacity_constant_sparse(
        beta=1.0, K=3.0, d=20, p_fail=0.001, rho=1.0, xp=xp).value)))
    c2 = ctx.side("c_rho at (1,1,75,0.001)", value=float(host(B.capacity_constant_sparse(
        beta=1.0, K=1.0, d=75, p_fail=0.001, rho=1.0, xp=xp).value)))
    const_ok = abs(c1 - 3.1546) < TOL_FOUR_DECIMALS and abs(c2 - 1.3718) < TOL_FOUR_DECIMALS
    grid = np.linspace(0.05, 1.0, 20)
    cs = [float(host(B.capacity_constant_sparse(beta=1.0, K=3.0, d=20, p_fail=0.001, rho=float(g), xp=xp).value)) for g in grid]
    mono_ok = all(np.diff(cs) < 0)
    # SymPy: c solves a c + c ln c - b = 0
    a = float(host(B.capacity_a_sparse(beta=1.0, K=3.0, d=20, p_fail=0.001, rho=0.5, xp=xp).value))
    b = float(host(B.capacity_b_sparse(beta=1.0, K=3.0, xp=xp).value))
    c = sympy.Float(float(host(B.capacity_constant_sparse(beta=1.0, K=3.0, d=20, p_fail=0.001, rho=0.5, xp=xp).value)), 30)
    resid = abs(float(a * c + c * sympy.log(c) - b))
    det = ctx.result("confirmed" if (const_ok and mono_ok and resid < TOL_MAP) else "refuted",
                      {"instances": 3 + len(grid), "applicable_instances": 3 + len(grid), "c_rho1": [c1, c2], "published": [3.1546, 1.3718],
                       "decreasing_in_rho": mono_ok, "equation_residual": resid},
                      counterexample=None if (const_ok and mono_ok and resid < TOL_MAP) else {"c": [c1, c2], "mono": mono_ok})
    # statistical: the rho-master inequality at M = floor(sqrt(p) c_rho^{(d-1)/4})
    beta, K, d, pf, rho = 1.0, 3.0, 20, 0.001, 0.5
    Mf = float(host(B.capacity_sparse_corrected(beta=beta, K=K, d=d, p_fail=pf, rho=rho, xp=xp).value))
    M = int(math.floor(Mf))
    m = K * math.sqrt(d - 1)
    # the rho-master threshold from its definition (independent of the package's formula object)
    thr = 2.0 / (beta * M) + math.log((1.0 + rho) * beta * M * M * m * m) / beta
    thr_pkg = float(host(B.master_threshold_sparse(beta=beta, m=m, M=float(M), rho=rho, xp=xp).value))
    margins: list[float] = []

    def draw_instances(seed: int, n: int) -> np.ndarray:
        """n independent memory sets, M i.i.d. uniform on the sphere of radius m in R^d: (n, d, M)."""
        g = np.random.default_rng(seed).standard_normal((n, d, M))
        return m * g / np.linalg.norm(g, axis=1, keepdims=True)

    def separations(X: np.ndarray) -> np.ndarray:
        G = np.einsum("nim,nik->nmk", X, X)
        diag = np.einsum("nmm->nm", G).copy()
        G[:, np.arange(M), np.arange(M)] = -np.inf
        return diag - G.max(axis=2)  # (n, M): Delta_mu per instance

    def experiment(seed: int, n: int):
        Dmin = separations(draw_instances(seed, n)).min(axis=1)
        margins.extend((Dmin - thr).tolist()[:50])
        ok = Dmin >= thr
        bad = np.flatnonzero(~ok)
        ce = {"seed": seed, "instance": int(bad[0]), "Delta_min": float(Dmin[bad[0]]), "threshold": thr} if bad.size else None
        return int(ok.sum()), ce

    claimed = ctx.side("claimed probability 1 - p", value=1.0 - pf, kind="lower")
    dists = [f"M = {M} i.i.d. uniform on the sphere of radius K sqrt(d-1) (NumPy Gaussian directions), "
             f"(beta, K, d, p, rho) = ({beta}, {K}, {d}, {pf}, {rho})"]
    if claimed > 1.0:  # no probability exceeds 1: the claim as mutated is false on its face
        stat = ctx.result("refuted", {"claimed_probability": claimed, "distributions": dists},
                           counterexample={"claimed_probability": claimed})
    else:
        stat = binomial_check(ctx, experiment=experiment, claimed=claimed, trials=2000,
                              distributions=dists, extra={"M": M, "master_threshold": thr,
                                                          "master_threshold_package": thr_pkg})
    thr_ok = abs(thr - thr_pkg) <= TOL_ROUND * abs(thr)

    # deterministic: one V1 update from points of S_mu(1/(beta M m)) (inside and on the boundary),
    # with random masks of size rho*M containing mu, stays in S_mu, on instances satisfying the inequality
    rng = ctx.rng("selfmap")
    r_ball = 1.0 / (beta * M * m)
    kk = max(1, int(rho * M))
    worst = 0.0
    n_sm = 0
    X = draw_instances(ctx.subseed("selfmap-instances"), 10)
    D = separations(X)
    for t in range(X.shape[0]):
        if float(D[t].min()) < thr:
            continue
        Xi = X[t]
        for mu in range(M):
            mask = np.zeros(M, bool)
            mask[mu] = True
            mask[rng.choice(np.delete(np.arange(M), mu), size=kk - 1, replace=False)] = True
            G = rng.standard_normal((d, 6))
            rad = r_ball * np.concatenate([np.ones(3), rng.uniform(0, 1, 3) ** (1.0 / d)])
            Q = Xi[:, [mu]] + rad * G / np.linalg.norm(G, axis=0)
            T = host(StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(mask), variant="V1").retrieve(xp.asarray(Q)))
            worst = max(worst, float(np.max(np.linalg.norm(T - Xi[:, [mu]], axis=0))))
            n_sm += Q.shape[1]
    r_side = ctx.side("ball radius 1/(beta M m)", value=r_ball)
    sm_ok = worst <= r_side and thr_ok
    selfmap = ctx.result("confirmed" if sm_ok else "refuted",
                          {"instances": n_sm, "applicable_instances": n_sm, "max_distance_after_update": worst,
                           "radius": r_side, "threshold_definition_vs_package": [thr, thr_pkg],
                           "min_margin_Delta_min_minus_threshold": min(margins) if margins else None},
                          counterexample=None if sm_ok else {"max_distance_after_update": worst, "radius": r_side,
                                                             "threshold": [thr, thr_pkg]},
                          notes=f"max distance after one update / radius = {worst / r_ball:.3g}; min over drawn "
                                f"instances of Delta_min - threshold = {min(margins) if margins else math.nan:.4g}")
    return combine(ctx, [("constants, monotonicity, equation", det), ("master inequality frequency", stat),
                         ("V1 self-map on satisfied instances", selfmap)])
