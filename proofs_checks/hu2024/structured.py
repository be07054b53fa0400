"""Checks of the sparse-structured maps (V1, V2), mask coverage and the variants of the family (hu2024)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import optimize, stats
from scipy.special import logsumexp as sp_lse
from scipy.special import softmax as sp_softmax

from hoptheory import sampling
from hoptheory.bounds import hu2024 as B
from hoptheory.maps import masked_softmax
from hoptheory.maps._features import elu_plus_one, positive_random_features, prf_weights
from hoptheory.maps._masks import (
    random_subset_indices,
    random_subset_mask,
    sliding_window_mask,
    sqrt_window_width,
    strided_mask,
    strided_offsets,
    top_k_mask,
    window_offsets,
)
from hoptheory.models import DenseHopfield
from hoptheory.models._kernel import LinearHopfield, MultiHeadHopfield, PerformerHopfield
from hoptheory.models._structured import StructuredHopfield, gathered_masked_retrieve, offset_masked_retrieve
from hoptheory.models._svr import normalized_exponential_kernel, svr_kernel_retrieve

from .._framework import CheckResult, Observation, check, combine, mean_check
from ._util import F64, FD, assert_ns, count_scores, host, identity_observation, log_beta, max_abs_diff, n_examples, run_ineq


@st.composite
def _draw(draw, d=(2, 6), M=(3, 12), beta=(0.05, 20.0)):
    dd = draw(st.integers(*d))
    MM = draw(st.integers(*M).filter(lambda v: v != dd))
    return dict(d=dd, M=MM, k=draw(st.integers(1, MM)), beta=draw(log_beta(*beta)),
                family=draw(st.sampled_from(["sphere", "gaussian", "binary"])), mu=draw(st.integers(0, MM - 1)),
                seed=draw(st.integers(0, 2**31 - 1)), sigma=draw(st.floats(0.0, 1.0)),
                masktype=draw(st.sampled_from(["random", "topk", "window"])))


def _patterns(p):
    if p["family"] == "sphere":
        return host(sampling.sphere(p["d"], p["M"], 1.0, seed=p["seed"]))
    if p["family"] == "gaussian":
        return host(sampling.gaussian(p["d"], p["M"], seed=p["seed"]))
    return host(sampling.binary(p["d"], p["M"], seed=p["seed"]))


def _mask_for(p, Xi, x):
    M, k, mu = p["M"], p["k"], p["mu"]
    if p["masktype"] == "topk":
        return host(top_k_mask(np.asarray(Xi.T @ x), k)).astype(bool)
    if p["masktype"] == "window":
        w = max(0, (k - 1) // 2)
        return np.abs(np.arange(M) - mu) <= w
    m = host(random_subset_mask(M, k, seed=p["seed"] % 10**6)).astype(bool)
    return m


DISTS = ["memories: uniform on the unit sphere, N(0,1) or ±1 entries; d in 2..6, M in 3..12 (d != M)",
         "queries: x = xi_mu + sigma*g, g ~ N(0, I), sigma uniform [0, 1] (Q3/Q4)",
         "masks: uniform random k-subsets, top-k of the scores, windows around mu; beta log-uniform [0.05, 20]"]


# --------------------------------------------------------------------------- sparse-structured-map


@check("hu2024/sparse-structured-map")
def check_sparse_structured_map(ctx):
    """``hu2024/sparse-structured-map`` (Theorem 3.2 as reconstructed): which softmax argument the
    paper means is not settled, so the verdict is at best ``unverified``.  Tested as a part: V1
    equals the SVR-class kernel map with coefficients xi_mu Z_mu on the mask; V2 equals softmax
    attention on Xi_M written in SciPy; T1 = P_M T2; both equal the dense map for the full mask.
    Draws: unit-sphere, Gaussian and ±1 memories, Q3/Q4 queries, random, top-k and window masks.
    """
    cid = "hu2024/sparse-structured-map"
    xp = ctx.xp

    def observe(p):
        Xi = _patterns(p)
        rng = np.random.default_rng(p["seed"] + 7)
        x = Xi[:, p["mu"]] + p["sigma"] * rng.standard_normal(p["d"])
        mask = _mask_for(p, Xi, x)
        beta = p["beta"]
        mx = xp.asarray(mask)
        T1 = StructuredHopfield(xp.asarray(Xi), beta, mx, variant="V1").retrieve(xp.asarray(x))
        m2 = StructuredHopfield(xp.asarray(Xi), beta, mx, variant="V2")
        T2 = m2.retrieve(xp.asarray(x))
        assert_ns(ctx, T1, T2)
        inputs = dict(Xi=Xi, x=x, mask=mask, beta=beta)
        # V1 = the SVR-class map with coefficients xi_mu Z_mu on the mask (normalised kernel, keys = Xi)
        logZ = sp_lse(beta * (Xi.T @ Xi), axis=0)
        if float(np.max(logZ)) < 600:
            coef = Xi * np.exp(logZ)[None, :] * mask[None, :]
            Tsvr = host(svr_kernel_retrieve(xp.asarray(coef), xp.asarray(Xi), xp.asarray(x),
                                            normalized_exponential_kernel(xp.asarray(Xi), beta)))
        else:
            Tsvr = host(T1)
        o1 = identity_observation(ctx, "V1", T1, Tsvr, inputs)
        sel = np.flatnonzero(mask)
        sub = Xi[:, sel]
        o2 = identity_observation(ctx, "V2", T2, sub @ sp_softmax(beta * (sub.T @ x)), {})
        p_full = sp_softmax(beta * (Xi.T @ x))
        PM = float(np.sum(p_full[mask]))
        o3 = identity_observation(ctx, "P_M * V2", PM * host(T2), host(T1), {})
        full = np.ones(p["M"], bool)
        Td = host(DenseHopfield(xp.asarray(Xi), beta).retrieve(xp.asarray(x)))
        T1f = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(full), variant="V1").retrieve(xp.asarray(x))
        T2f = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(full), variant="V2").retrieve(xp.asarray(x))
        o4 = identity_observation(ctx, "V1 full mask", T1f, Td, {})
        o5 = identity_observation(ctx, "V2 full mask", T2f, Td, {})
        lhs = max(o.lhs - o.rhs for o in (o1, o2, o3, o4, o5))
        return Observation(lhs, 0.0, inputs=inputs, note="V1 = SVR-class map; V2 = dense on Xi_M; T1 = P_M T2; full mask")

    r = run_ineq(cid, ctx, strategy=_draw(beta=(0.05, 5.0)), observe=observe, examples=n_examples(ctx, 2),
                 atol=0.0, rtol=0.0, distributions=DISTS)
    return combine(cid, [("V1 = SVR-class map, V2 = dense on Xi_M, T1 = P_M T2, full mask = dense", r)],
                   verdict_if_ok="unverified",
                   notes="both readings V1 and V2 are internally consistent and implemented; which one the paper "
                         "means is not settled, so the statement as published is not tested")


# --------------------------------------------------------------------------- sparse-v2-reduction


def _v2_oracle(sub: np.ndarray, x: np.ndarray, beta: float):
    """Dense retrieval on the sub-memory from the definitions (NumPy/SciPy): ``(T, E, J, q)`` with
    ``T = Xi_M q``, ``E = -lse(beta Xi_M^T x)/beta + |x|^2/2``, ``J = beta Xi_M (diag q - q q^T) Xi_M^T``."""
    z = beta * (sub.T @ x)
    q = sp_softmax(z)
    E = -float(sp_lse(z)) / beta + 0.5 * float(x @ x)
    J = beta * sub @ (np.diag(q) - np.outer(q, q)) @ sub.T
    return sub @ q, E, J, q


@check("hu2024/sparse-v2-reduction")
def check_sparse_v2_reduction(ctx):
    """``hu2024/sparse-v2-reduction``: V2 with a fixed mask is the dense model on Xi_M.

    The package's V2 (``StructuredHopfield``) is compared with an oracle written in the check from
    the definitions (:func:`_v2_oracle`: softmax attention on the sub-memory, its log-sum-exp
    energy and its Jacobian, in NumPy/SciPy), and the dense-file properties are asserted on it:
    the map, energy differences and the Jacobian equal the oracle's; CCCP descent
    ``E(x) - E(T x) >= |T x - x|^2 / 2``; the one-step error ``|T x - xi_mu| <= (1 - q_mu)
    max_nu |xi_mu - xi_nu|`` (nu in the mask).  Draws: unit-sphere, Gaussian and ±1 memories,
    Q3/Q4 queries, uniform random masks of size >= 2 containing mu, beta log-uniform [0.01, 10].
    """
    cid = "hu2024/sparse-v2-reduction"
    xp = ctx.xp

    def observe(p):
        Xi = _patterns(p)
        rng = np.random.default_rng(p["seed"] + 3)
        mask = host(random_subset_mask(p["M"], max(2, p["k"]), seed=p["seed"] % 10**6)).astype(bool)
        mask[p["mu"]] = True
        x = Xi[:, p["mu"]] + p["sigma"] * rng.standard_normal(p["d"])
        y = x + 0.5 * rng.standard_normal(p["d"])
        beta = p["beta"]
        sel = np.flatnonzero(mask)
        sub = Xi[:, sel]
        model = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(mask), variant="V2")
        T = host(model.retrieve(xp.asarray(x)))
        Tref, Ex, Jref, q = _v2_oracle(sub, x, beta)
        _, Ey, _, _ = _v2_oracle(sub, y, beta)
        inputs = dict(Xi=Xi, x=x, mask=mask, beta=beta, mu=p["mu"])
        o1 = identity_observation(ctx, "V2 map", T, Tref, inputs)
        dE = float(host(model.energy(xp.asarray(x)))) - float(host(model.energy(xp.asarray(y))))
        scaleE = abs(Ex) + abs(Ey) + 1.0
        dE = ctx.side("V2 energy difference", value=dE)
        e_bad = abs(dE - (Ex - Ey)) > F64.atol + F64.rtol * scaleE
        J = host(model.jacobian(xp.asarray(x)))
        o3 = identity_observation(ctx, "V2 Jacobian", J, Jref, {})
        # CCCP descent: E(x) - E(T(x)) >= 1/2 ||T(x) - x||^2, energies from the oracle
        _, ET, _, _ = _v2_oracle(sub, T, beta)
        desc = Ex - ET
        lb = ctx.side("CCCP descent bound", value=0.5 * float(np.sum((T - x) ** 2)), kind="lower")
        cccp_bad = desc - lb < -1e-10 * scaleE
        # one-step error, the dense Lemma on the sub-memory: ||T - xi_mu|| <= (1 - q_mu) max_nu ||xi_mu - xi_nu||
        j = int(np.flatnonzero(sel == p["mu"])[0])
        Dmu = float(np.max(np.linalg.norm(sub - Xi[:, [p["mu"]]], axis=0)))
        err = float(np.linalg.norm(T - Xi[:, p["mu"]]))
        ub = ctx.side("dense one-step error bound on Xi_M", value=(1.0 - q[j]) * Dmu)
        err_bad = err > ub + 1e-12 * (1 + ub)
        lhs = max(o1.lhs - o1.rhs, o3.lhs - o3.rhs, 1.0 if (e_bad or cccp_bad or err_bad) else 0.0)
        return Observation(lhs, 0.0, inputs=inputs,
                           note=f"descent {desc:.4g} >= {lb:.4g}; error {err:.4g} <= {ub:.4g}")

    rng = ctx.rng("v2-families")
    # tight cases: two memories (the one-step bound is an equality: T - xi_mu = (1 - q_mu)(xi_nu - xi_mu)),
    # and beta -> 0 (the energy is nearly linear along the step, CCCP descent nearly an equality)
    explicit = [dict(d=int(rng.integers(2, 5)), M=M, k=2, beta=float(b), family=fam, mu=int(rng.integers(0, M)),
                     seed=int(rng.integers(2**31)), sigma=float(rng.uniform(0, 1)), masktype="random")
                for M in (2, 3) for b in (0.01, 1.0) for fam in ("gaussian", "sphere")]
    return run_ineq(cid, ctx, strategy=_draw(beta=(0.01, 10.0)), observe=observe, explicit=explicit,
                    examples=n_examples(ctx, 2), atol=0.0, rtol=0.0,
                    distributions=DISTS[:2] + ["fixed uniform random masks of size >= 2 containing mu"])


# --------------------------------------------------------------------------- mask-coverage


def _hull_distance(point: np.ndarray, V: np.ndarray) -> float:
    """dist(point, conv(columns of V)) by SLSQP over the simplex."""
    k = V.shape[1]
    f = lambda w: 0.5 * float(np.sum((V @ w - point) ** 2))  # noqa: E731
    g = lambda w: V.T @ (V @ w - point)  # noqa: E731
    res = optimize.minimize(f, np.full(k, 1.0 / k), jac=g, method="SLSQP", bounds=[(0, 1)] * k,
                            constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1, "jac": lambda w: np.ones(k)}],
                            options={"ftol": 1e-15, "maxiter": 300})
    return float(np.linalg.norm(V @ res.x - point))


@check("hu2024/mask-coverage", stat_parts=3)
def check_mask_coverage(ctx):
    """``hu2024/mask-coverage``: the target lies in the mask.

    Parts: (1-3) for uniform random k-subsets, the inclusion frequency of a fixed index equals
    k/M (:func:`mean_check` on the indicators, tolerance 0.05, three (M, k) configurations, fresh
    masks from the seed of each look); (4) top-k masks contain the argmax, and when mu is missed
    the V2 error is at least dist(xi_mu, conv Xi_M) (a small QP by SLSQP); (5) under the derived
    well-separation condition, top-k masks contain mu at 16 uniform points of S_mu(r).
    """
    cid = "hu2024/mask-coverage"
    xp = ctx.xp
    # (1) random masks: the inclusion frequency of a fixed index equals k/M, one mean claim per
    # configuration on the indicators (suite-level error control, replicate before a refutation)
    configs = [(7, 3, 2), (12, 6, 0), (5, 1, 4)]
    stat_parts = []
    for M, k, mu in configs:
        claimed = ctx.side("inclusion probability k/M", value=float(host(B.random_mask_inclusion_probability(
            k=k, M=M, xp=xp).value)), kind="lower")

        def indicators(seed, n, M=M, k=k, mu=mu):
            return host(random_subset_mask(M, k, n_queries=n, seed=seed % 2**31, xp=xp))[mu].astype(float)

        stat_parts.append((f"random-mask inclusion (M, k) = ({M}, {k})",
                           mean_check(cid, ctx, experiment=indicators, claimed=claimed, kind="equal", eps=0.05,
                                      trials=4000, distributions=[f"uniform random {k}-subsets of [{M}], index {mu}"])))

    # (2) top-K argmax inclusion, (3) the missed-target hull lower bound (V2)
    def observe(p):
        Xi = _patterns(p)
        rng = np.random.default_rng(p["seed"] + 1)
        x = Xi[:, p["mu"]] + p["sigma"] * rng.standard_normal(p["d"])
        z = Xi.T @ x
        mask = host(top_k_mask(xp.asarray(z), p["k"])).astype(bool)
        arg = int(np.argmax(z))
        missed_argmax = not mask[arg]
        # missed target: a mask without mu; V2 output is in conv(Xi_M)
        others = np.array([j for j in range(p["M"]) if j != p["mu"]])
        kk = min(p["k"], len(others))
        sel = np.sort(rng.choice(others, size=kk, replace=False))
        mmask = np.zeros(p["M"], bool)
        mmask[sel] = True
        T = host(StructuredHopfield(xp.asarray(Xi), p["beta"], xp.asarray(mmask), variant="V2").retrieve(xp.asarray(x)))
        err = float(np.linalg.norm(T - Xi[:, p["mu"]]))
        dist = ctx.side("distance to conv(Xi_M)", value=_hull_distance(Xi[:, p["mu"]], Xi[:, sel]), kind="lower")
        lhs = err if not missed_argmax else -1.0
        return Observation(lhs, dist, inputs=dict(Xi=Xi, x=x, mu=p["mu"], mask=mmask, beta=p["beta"]),
                           note="top-k contains the argmax; ||T2 - xi_mu|| >= dist(xi_mu, conv Xi_M) when mu is missed")

    explicit = [dict(d=3, M=5, k=1, beta=1.0, family="gaussian", mu=0, seed=4, sigma=0.2, masktype="topk")]
    det = run_ineq(cid, ctx, strategy=_draw(), observe=observe, explicit=explicit, kind="lower",
                   examples=n_examples(ctx, 2), atol=1e-7, rtol=1e-6, distributions=DISTS)

    # (4) top-K under the derived well-separation condition: mu is the argmax on the whole ball
    def observe_ws(p):
        d, M = p["d"], p["M"]
        beta = 10.0
        Xi = host(sampling.separated(d, M, 0.5, 1.0, seed=p["seed"]))
        Delta = host(__import__("hoptheory.models", fromlist=["pattern_separation"]).pattern_separation(xp.asarray(Xi)))
        r = 0.5 * float(Delta[p["mu"]]) / 2.0 * p["sigma"] + 1e-3
        thr = float(host(B.well_separation_threshold_at(xp.asarray(Xi), beta, p["k"], r).value))
        applicable = float(Delta[p["mu"]]) >= thr and (M + p["k"] - 2) > r
        X = host(sampling.ball(xp.asarray(Xi), p["mu"], r, 16, seed=p["seed"] % 10**6))
        z = Xi.T @ X
        inc = all(bool(host(top_k_mask(xp.asarray(z[:, j]), p["k"]))[p["mu"]]) for j in range(X.shape[1]))
        return Observation(1.0 if inc else 0.0, 1.0, applicable=applicable, inputs=dict(Xi=Xi, r=r, mu=p["mu"]),
                           note="mu in the top-k mask at 16 uniform points of S_mu(r)")

    ws = run_ineq(cid, ctx, strategy=_draw(d=(3, 6), M=(2, 5)), observe=observe_ws, kind="lower",
                  examples=n_examples(ctx, 4), atol=0.0, rtol=0.0,
                  distributions=["separated patterns (Delta_min >= 0.5) on the unit sphere, beta = 10, r <= Delta_mu/4"])
    return combine(cid, [*stat_parts, ("top-k argmax and missed-target hull", det),
                         ("top-k inclusion on well-separated balls", ws)])


# --------------------------------------------------------------------------- counts


def _count_check(cid, ctx, rows):
    """rows: (name, observed count, formula) -> confirmed iff all equal; formulas go through ctx.side."""
    ev, bad = [], []
    for name, obs, formula in rows:
        f = ctx.side(name.split("@")[0], value=float(formula))
        ev.append({"case": name, "counted": int(obs), "formula": f})
        if abs(obs - f) > 0.5:
            bad.append(ev[-1])
    res = CheckResult(cid, "refuted" if bad else "confirmed", {"instances": len(rows), "applicable_instances": len(rows), "counts": ev[:40],
                                                               "method": "exact score counts of the gather-based evaluators"},
                      counterexample={"mismatches": bad} if bad else None)
    return res


def _masked_v2_oracle(Xi: np.ndarray, X: np.ndarray, beta: float, sel) -> np.ndarray:
    """V2 from the definition, one query at a time in plain NumPy: ``sel[n]`` lists the memories
    of query ``n``; ``T(x_n) = Xi_sel softmax(beta Xi_sel^T x_n)``."""
    out = np.empty_like(X)
    for n in range(X.shape[1]):
        sub = Xi[:, list(sel[n])]
        out[:, n] = sub @ sp_softmax(beta * (sub.T @ X[:, n]))
    return out


@check("hu2024/variant-random-mask")
def check_variant_random_mask(ctx):
    """``hu2024/variant-random-mask``: the random masked model costs ``L k`` score evaluations with
    a gather-based V2 evaluator and ``L M`` for V1 (whose normaliser runs over all memories).

    The counts are measured, not read back: the memories and queries are instrumented arrays
    (:func:`._util.count_scores`) that log every product of memory and query data where the
    evaluator computes it.  Instances: Gaussian memories and queries, uniform random k-subsets
    per query (from the suite seed), shapes including k = 1, k = M and L > M.  The outputs are
    compared with V2/V1 written from the definitions in plain NumPy (the oracle).
    """
    cid = "hu2024/variant-random-mask"
    xp = ctx.xp
    rows, ident = [], []
    rng = ctx.rng("shapes")
    shapes = [(3, 10, 7, 4), (4, 9, 12, 1), (2, 16, 5, 16)]
    shapes += [(int(rng.integers(2, 6)), M, int(rng.integers(1, 15)), int(rng.integers(1, M + 1)))
               for M in rng.integers(2, 20, size=max(1, int(4 * ctx.profile.fraction)))]
    for i, (d, M, L, k) in enumerate(shapes):
        beta = float(10 ** rng.uniform(-1, 1))
        Xi = host(sampling.gaussian(d, M, seed=ctx.subseed("patterns", i) % 2**31))
        X = host(sampling.gaussian(d, L, seed=ctx.subseed("queries", i) % 2**31))
        idx = host(random_subset_indices(M, k, n_queries=L, seed=ctx.subseed("mask", i) % 2**31)).astype(np.int64)
        sel = [sorted(int(j) for j in idx[:, n]) for n in range(L)]
        mask = np.zeros((M, L), bool)
        for n in range(L):
            mask[sel[n], n] = True
        out2, n2 = count_scores(lambda A, Q: gathered_masked_retrieve(A, Q, beta, idx)[0], Xi, X)
        out1, n1 = count_scores(lambda A, Q: StructuredHopfield(A, beta, mask, variant="V1").retrieve(Q), Xi, X)
        # the evaluators on the check's backend against the definitions (NumPy, one query at a time)
        g2, _ = gathered_masked_retrieve(xp.asarray(Xi), xp.asarray(X), beta, xp.asarray(idx))
        g1 = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(mask), variant="V1").retrieve(xp.asarray(X))
        ref2 = _masked_v2_oracle(Xi, X, beta, sel)
        P = sp_softmax(beta * (Xi.T @ X), axis=0)
        ref1 = Xi @ np.where(mask, P, 0.0)
        for got in (out2, host(g2)):
            ident.append(max_abs_diff(got, ref2)[0] / (1.0 + float(np.max(np.abs(ref2)))))
        for got in (out1, host(g1)):
            ident.append(max_abs_diff(got, ref1)[0] / (1.0 + float(np.max(np.abs(ref1)))))
        rows.append((f"V2 scores Lk@{d},{M},{L},{k}", n2, L * k))
        rows.append((f"V1 scores LM@{d},{M},{L},{k}", n1, L * M))
    r = _count_check(cid, ctx, rows)
    r.evidence["method"] = ("score evaluations counted where they are computed: products of memory and query "
                            "data logged by instrumented arrays (independent of any count the evaluators return)")
    r.evidence["outputs_vs_definition_max_rel_diff"] = max(ident)
    if max(ident) > 1e-12 and r.verdict == "confirmed":
        r.verdict = "refuted"
        r.counterexample = {"outputs_vs_definition_max_rel_diff": max(ident)}
    return r


@check("hu2024/variant-sliding-window")
def check_variant_sliding_window(ctx):
    cid = "hu2024/variant-sliding-window"
    xp = ctx.xp
    rows, ident = [], []
    for L in [1, 2, 5, 9, 16, 31][: max(3, int(6 * ctx.profile.fraction) + 2)]:
        X = host(sampling.gaussian(3, L, seed=ctx.subseed("queries", L) % 2**31))
        for w in sorted({0, 1, L // 2, max(0, L - 1)}):
            out, n = offset_masked_retrieve(xp.asarray(X), xp.asarray(X), 0.9, window_offsets(w))
            mask = sliding_window_mask(L, w, xp=xp)
            ref = StructuredHopfield(xp.asarray(X), 0.9, mask, variant="V2").retrieve(xp.asarray(X))
            ident.append(identity_observation(ctx, "window V2", out, ref, {}).lhs)
            formula = float(host(B.sliding_window_score_count(L=L, w=w, xp=xp).value))
            rows.append((f"window count@{L},{w}", n, formula))
            rows.append((f"window count@mask {L},{w}", int(np.sum(host(mask))), formula))
    r = _count_check(cid, ctx, rows)
    r.evidence["window_vs_dense_mask_max_diff"] = max(ident)
    if max(ident) > 1e-10 and r.verdict == "confirmed":
        r.verdict = "refuted"
        r.counterexample = {"window_vs_dense_mask_max_diff": max(ident)}
    return r


@check("hu2024/variant-efficient")
def check_variant_efficient(ctx):
    """``hu2024/variant-efficient``: which construction the "efficient O(L sqrt L)" member denotes is
    not settled, so the verdict is at best ``unverified``.  Tested as a part: the band
    (w = ceil(sqrt L)) and strided (stride ceil(sqrt L)) constructions, at the benchmark's L from 24
    to 2880, give score counts with log-log slope in [1.4, 1.6] and count / L^1.5 within a factor 2;
    the evaluator's count is compared with the number of True entries of the dense mask for L <= 336.
    """
    cid = "hu2024/variant-efficient"
    xp = ctx.xp
    Ls = [24, 48, 96, 192, 336, 720, 1440, 2880]
    ev = {}
    ok = True
    for name in ("band w = ceil(sqrt L)", "strided s = ceil(sqrt L)"):
        counts = []
        for L in Ls:
            X = xp.ones((1, L), dtype=xp.float64)
            s = sqrt_window_width(L)
            offs = window_offsets(min(s, L - 1)) if name.startswith("band") else strided_offsets(L, s)
            _, n = offset_masked_retrieve(X, X, 1.0, offs)
            if L <= 336:  # the dense-mask count, an independent count on small L
                mk = sliding_window_mask(L, min(s, L - 1), xp=xp) if name.startswith("band") else strided_mask(L, s, xp=xp)
                if int(np.sum(host(mk))) != n:
                    ok = False
            counts.append(n)
        slope = float(np.polyfit(np.log(Ls), np.log(counts), 1)[0])
        ratios = [c / L ** 1.5 for c, L in zip(counts, Ls)]
        band = max(ratios) / min(ratios)
        ok &= ctx.side("slope band lower end 1.4", value=1.4, kind="lower") <= slope \
            <= ctx.side("slope band upper end 1.6", value=1.6) and band < 2.0
        ev[name] = {"L": Ls, "counts": counts, "loglog_slope": slope, "count_over_L^1.5": ratios,
                    "ratio_band": band}
    counts = CheckResult(cid, "confirmed" if ok else "refuted",
                         {"instances": 2 * len(Ls), "applicable_instances": 2 * len(Ls), **ev,
                          "criterion": "slope in [1.4, 1.6] and max/min of count/L^1.5 below 2"},
                         counterexample=None if ok else ev)
    return combine(cid, [("both candidate constructions are Theta(L^1.5)", counts)], verdict_if_ok="unverified",
                   notes="which construction the paper's 'efficient' member denotes is not settled; both "
                         "candidates (band and strided) are Theta(L^1.5)")


def _tie_instance(rng, d: int, M: int, k: int):
    """Memories and a query at which the k-th and (k+1)-th scores tie, with every other score
    at least ``gap`` away from the tied value (so the selected set changes only between the
    tied pair on either side); ``None`` when the draw does not give such a tie."""
    Xi = rng.standard_normal((d, M))
    x = rng.standard_normal(d)
    z = Xi.T @ x
    order = np.argsort(-z)
    a, b = int(order[k - 1]), int(order[k])
    u = Xi[:, a] - Xi[:, b]
    xt = x - (z[a] - z[b]) / float(u @ u) * u  # now <xi_a - xi_b, xt> = 0
    zt = Xi.T @ xt
    others = np.delete(zt, [a, b])
    above, below = others[others > zt[a]], others[others < zt[a]]
    gap = float(np.min(np.abs(others - zt[a]))) if others.size else math.inf
    if len(above) != k - 1 or len(below) != M - k - 1 or gap < 1e-3 * (1.0 + abs(zt[a])):
        return None
    top = [int(j) for j in np.flatnonzero(zt > zt[a] + 0.5 * gap)]
    return Xi, xt, a, b, top, u / np.linalg.norm(u), gap


@check("hu2024/variant-top-k")
def check_variant_top_k(ctx):
    """``hu2024/variant-top-k``: V2 with the query's top-k mask; it needs all ``L M`` scores
    (selection), obeys the rigorous V2 error bound with its own mask, and jumps where the k-th and
    (k+1)-th scores tie.

    Parts: (1) score evaluations counted by instrumented arrays where they are computed
    (:func:`._util.count_scores`), against ``L M``, with the outputs compared with top-k V2
    written from the definition in NumPy; (2) the bound ``2m(k-1) exp(-beta Dq_M)`` with
    mu = argmax, searched over unit-sphere/Gaussian/±1 memories, Q3/Q4 queries, and the
    antipodal pair; (3) at a constructed tie (all other scores a gap away), the outputs at
    ``xt ± e`` must differ by the jump between the two fixed-mask maps (the selected sets on
    either side are checked to differ exactly in the tied pair).
    """
    cid = "hu2024/variant-top-k"
    xp = ctx.xp
    rows, ident = [], []
    rng_s = ctx.rng("count-shapes")
    shapes = [(3, 10, 7, 4), (5, 6, 3, 1), (2, 4, 9, 4)]
    shapes += [(int(rng_s.integers(2, 6)), M, int(rng_s.integers(1, 12)), int(rng_s.integers(1, M + 1)))
               for M in rng_s.integers(2, 16, size=max(1, int(4 * ctx.profile.fraction)))]
    for i, (d, M, L, k) in enumerate(shapes):
        Xi = host(sampling.gaussian(d, M, seed=ctx.subseed("patterns", i) % 2**31))
        X = host(sampling.gaussian(d, L, seed=ctx.subseed("queries", i) % 2**31))
        out, n = count_scores(lambda A, Q, k=k: StructuredHopfield(A, 1.0, mask_fn=lambda z: top_k_mask(z, k),
                                                                  variant="V2").retrieve(Q), Xi, X)
        Z = Xi.T @ X
        sel = [sorted(np.argsort(-Z[:, j], kind="stable")[:k].tolist()) for j in range(L)]
        ref = _masked_v2_oracle(Xi, X, 1.0, sel)
        on_xp = StructuredHopfield(xp.asarray(Xi), 1.0, mask_fn=lambda z, k=k: top_k_mask(z, k),
                                   variant="V2").retrieve(xp.asarray(X))
        ident.append(max(max_abs_diff(out, ref)[0], max_abs_diff(host(on_xp), ref)[0]))
        rows.append((f"top-k scores LM@{d},{M},{L},{k}", n, L * M))
    counts = _count_check(cid, ctx, rows)
    counts.evidence["method"] = "score evaluations counted by instrumented arrays where they are computed"
    counts.evidence["outputs_vs_definition_max_abs_diff"] = max(ident)
    if max(ident) > 1e-12 and counts.verdict == "confirmed":
        counts.verdict = "refuted"
        counts.counterexample = {"outputs_vs_definition_max_abs_diff": max(ident)}

    def observe(p):
        Xi = _patterns(p)
        rng = np.random.default_rng(p["seed"] + 2)
        x = Xi[:, p["mu"]] + p["sigma"] * rng.standard_normal(p["d"])
        z = Xi.T @ x
        mu = int(np.argmax(z))
        k = p["k"]
        model = StructuredHopfield(xp.asarray(Xi), p["beta"], mask_fn=lambda zz: top_k_mask(zz, k), variant="V2")
        mask = model.support(xp.asarray(x))
        T = host(model.retrieve(xp.asarray(x)))
        err = float(np.linalg.norm(T - Xi[:, mu]))
        res = B.retrieval_error_bound_v2_at(xp.asarray(Xi), xp.asarray(x), mu, p["beta"], mask)
        val = float(host(res.value))
        if not bool(host(res.hypotheses_hold)):
            return Observation(err, val, applicable=False)
        bound = ctx.side("V2 bound with the query's mask", value=val if math.isfinite(val) else math.inf)
        return Observation(err, bound, trivial=2 * float(np.max(np.linalg.norm(Xi, axis=0))),
                           inputs=dict(Xi=Xi, x=x, mu=mu, beta=p["beta"], k=k))

    explicit = [dict(d=3, M=2, k=2, beta=3.0, family="sphere", mu=0, seed=1, sigma=0.0, masktype="topk")]

    def explicit_obs(p):
        if p["M"] == 2 and p["seed"] == 1:
            Xi = np.zeros((3, 2)); Xi[0] = [1.0, -1.0]
            x = Xi[:, 0]
            T = host(StructuredHopfield(xp.asarray(Xi), p["beta"], mask_fn=lambda zz: top_k_mask(zz, 2),
                                        variant="V2").retrieve(xp.asarray(x)))
            val = float(host(B.retrieval_error_bound_v2_at(xp.asarray(Xi), xp.asarray(x), 0, p["beta"],
                                                            xp.asarray(np.ones(2, bool))).value))
            return Observation(float(np.linalg.norm(T - Xi[:, 0])), ctx.side("V2 bound with the query's mask", value=val),
                               trivial=2.0, inputs=dict(Xi=Xi, x=x, mu=0, beta=p["beta"], k=2))
        return observe(p)

    bnd = run_ineq(cid, ctx, strategy=_draw(), observe=explicit_obs, explicit=explicit,
                   examples=n_examples(ctx, 2), distributions=DISTS[:2] + ["top-k masks of the query, mu = argmax"])

    # discontinuity probe at a constructed tie between the k-th and (k+1)-th score
    rng = ctx.rng("tie")
    probes, bad = [], []
    n_probes = 3 if ctx.profile.name == "quick" else 8
    while len(probes) < n_probes:
        d, M = int(rng.integers(2, 6)), int(rng.integers(3, 9))
        k = int(rng.integers(1, M))
        beta = float(10 ** rng.uniform(-0.5, 0.7))
        inst = _tie_instance(rng, d, M, k)
        if inst is None:
            continue
        Xi, xt, a, b, top, e, gap = inst
        h = 1e-3 * gap / (1.0 + float(np.max(np.linalg.norm(Xi, axis=0))))
        model = StructuredHopfield(xp.asarray(Xi), beta, mask_fn=lambda zz, k=k: top_k_mask(zz, k), variant="V2")
        sa = host(model.support(xp.asarray(xt + h * e))).astype(bool)
        sb = host(model.support(xp.asarray(xt - h * e))).astype(bool)
        ma, mb = np.zeros(M, bool), np.zeros(M, bool)
        ma[top + [a]] = True
        mb[top + [b]] = True
        jump = float(np.linalg.norm(host(model.retrieve(xp.asarray(xt + h * e))) - host(model.retrieve(xp.asarray(xt - h * e)))))
        Ta = _masked_v2_oracle(Xi, xt[:, None], beta, [np.flatnonzero(ma)])[:, 0]
        Tb = _masked_v2_oracle(Xi, xt[:, None], beta, [np.flatnonzero(mb)])[:, 0]
        # continuity of each fixed-mask map over the step: |T(xt +- h e) - T(xt)| <= beta ||Xi||^2 h (Lipschitz)
        slack = 2 * beta * float(np.linalg.norm(Xi, 2)) ** 2 * h
        if float(np.linalg.norm(Ta - Tb)) <= 100 * slack:
            continue  # the tied pair carries too little weight for the jump to be resolved: no probe
        pred = ctx.side("predicted jump", value=float(np.linalg.norm(Ta - Tb)))
        ok = bool(np.array_equal(sa, ma) and np.array_equal(sb, mb)) and abs(jump - pred) <= slack + 1e-12 \
            and pred > slack
        rec = {"d": d, "M": M, "k": k, "beta": beta, "jump": jump, "predicted_jump": pred, "slack": slack,
               "masks_as_constructed": bool(np.array_equal(sa, ma) and np.array_equal(sb, mb))}
        probes.append(rec)
        if not ok:
            bad.append(dict(rec, Xi=Xi.tolist(), x_tie=xt.tolist()))
    disc = CheckResult(cid, "refuted" if bad else "confirmed",
                       {"instances": len(probes), "applicable_instances": len(probes), "probes": probes},
                       counterexample={"probes": bad} if bad else None)
    return combine(cid, [("counts", counts), ("V2 bound with own mask", bnd), ("discontinuity at a tie", disc)])


# --------------------------------------------------------------------------- linear, PRF, multi-head


@check("hu2024/variant-linear")
def check_variant_linear(ctx):
    cid = "hu2024/variant-linear"
    xp = ctx.xp

    def observe(p):
        Xi = _patterns(p)
        if p["masktype"] == "window":  # duplicated memory: the hull bound is attained
            Xi = np.repeat(Xi[:, :1], p["M"], axis=1)
        rng = np.random.default_rng(p["seed"] + 4)
        x = 2.0 * p["sigma"] * rng.standard_normal(p["d"]) + Xi[:, p["mu"]]
        model = LinearHopfield(xp.asarray(Xi))
        T = model.retrieve(xp.asarray(x))
        w = host(model.weights(xp.asarray(x)))
        assert_ns(ctx, T)
        phi = lambda u: np.where(u > 0, u + 1.0, np.exp(u))  # noqa: E731  (elu + 1, on the host)
        s = np.array([phi(Xi[:, j]) @ phi(x) for j in range(p["M"])])
        ref = sum(s[j] * Xi[:, j] for j in range(p["M"])) / s.sum()
        o1 = identity_observation(ctx, "linear map (factorised)", T, ref, dict(Xi=Xi, x=x))
        m = ctx.side("hull bound m", value=float(np.max(np.linalg.norm(Xi, axis=0))))
        nrm = float(np.linalg.norm(host(T)))
        bad = (o1.lhs > o1.rhs) or float(np.min(w)) <= 0.0
        return Observation(nrm + (10 * m + 1 if bad else 0.0), m, inputs=o1.inputs,
                           note=f"min weight {float(np.min(w)):.3g}")

    explicit = [dict(d=3, M=4, k=1, beta=1.0, family="gaussian", mu=0, seed=2, sigma=0.5, masktype="window")]
    return run_ineq(cid, ctx, strategy=_draw(), observe=observe, explicit=explicit, examples=n_examples(ctx, 2),
                    distributions=DISTS[:2] + ["also all-equal memories (the hull bound is attained)"])


@check("hu2024/variant-prf", stat_parts=4)
def check_variant_prf(ctx):
    """``hu2024/variant-prf``: positive random features, ``E[phi(u).phi(v)] = exp(beta u.v)``, the
    variance formula, the ``n_f^(-1/2)`` rate of the retrieval error, and the hull bound.

    Statistical parts (:func:`mean_check`: suite-level error control, sequential looks, a
    replicate on an independent seed before any refutation): (1) the mean of the estimator
    against ``exp(beta u.v)`` (computed with ``math.exp``), tolerance 5 % of the kernel value;
    (2) the mean squared deviation from ``exp(beta u.v)`` against the closed-form variance,
    tolerance 25 % of it; (3, 4) per replicate, the slope ``(log e(n_hi) - log e(n_lo)) / log(n_hi /
    n_lo)`` of the error ``e = ||T_PRF(x) - T_Dense(x)||`` with independent features at
    ``n_lo = 2^6`` and ``n_hi = 2^12``; its mean must lie in the catalogue's band [-0.6, -0.4]
    (-1/2 by the delta method; the band, not -1/2 itself, because at finite n_f the mean slope
    is -1/2 only up to higher-order terms: measured -0.46 to -0.51), tolerance 0.05.
    Features are drawn from the seed each look receives, so every suite seed draws new ones.
    Deterministic part (4): the output norm never exceeds ``m``; all-equal memories attain it.
    """
    cid = "hu2024/variant-prf"
    xp = ctx.xp
    rng = ctx.rng("points")
    d, beta, n_f = 3, 0.5, 16
    # |u| = |v| = 0.4 in random directions: beta |u + v|^2 <= 0.32 keeps the estimator's fourth moment
    # moderate (the catalogue's hypothesis "moderate beta |u|^2"; otherwise the tests lose power)
    u, v = (0.4 * g / np.linalg.norm(g) for g in rng.standard_normal((2, d)))
    kern = math.exp(beta * float(u @ v))
    var_def = math.exp(2 * beta * float(u @ v)) * (math.exp(beta * float((u + v) @ (u + v))) - 1.0) / n_f
    var_pkg = float(host(B.prf_estimator_variance_at(xp.asarray(u), xp.asarray(v), beta, n_f).value))
    true = ctx.side("kernel value exp(beta u.v)", value=kern)
    var = ctx.side("PRF variance formula", value=var_pkg)
    UV = xp.asarray(np.stack([u, v], axis=1))

    def estimates(seed: int, n: int) -> np.ndarray:
        """n independent estimates, each from its own n_f Gaussian features: one call of the package's
        map with n * n_f features, regrouped (its 1/sqrt(n n_f) normaliser becomes 1/sqrt(n_f))."""
        W = prf_weights(n * n_f, d, seed=seed % 2**31, xp=xp)
        F = host(positive_random_features(UV, W, beta))  # (n n_f, 2)
        return n * np.sum((F[:, 0] * F[:, 1]).reshape(n, n_f), axis=1)

    dist = [f"omega_j i.i.d. N(0, I_{d}), n_f = {n_f}, beta = {beta}; u, v of norm 0.4 in directions from the suite seed"]
    mean = mean_check(cid, ctx, experiment=estimates, claimed=true, kind="equal", eps=0.05 * kern, trials=1000,
                      distributions=dist)
    vpart = mean_check(cid, ctx, experiment=lambda seed, n: (estimates(seed, n) - kern) ** 2, claimed=var,
                       kind="equal", eps=0.25 * var_pkg, trials=2000, distributions=dist,
                       extra={"variance_definition": var_def, "variance_package": var_pkg})
    if abs(var_def - var_pkg) > 1e-12 * var_def and vpart.verdict == "confirmed":
        vpart = CheckResult(cid, "refuted", vpart.evidence, counterexample={"variance_definition": var_def,
                                                                            "variance_package": var_pkg})
    # rate: slope of the log error between n_lo and n_hi features, one sample per replicate
    Xi = host(sampling.sphere(d, 5, 1.0, seed=ctx.subseed("patterns") % 2**31))
    x = Xi[:, 0] + 0.3 * rng.standard_normal(d)
    Td = host(DenseHopfield(xp.asarray(Xi), beta).retrieve(xp.asarray(x)))
    n_lo, n_hi = 2 ** 6, 2 ** 12

    def slopes(seed: int, n: int) -> np.ndarray:
        g = np.random.default_rng(seed)
        out = np.empty(n)
        for r in range(n):
            e = [float(np.linalg.norm(host(PerformerHopfield(xp.asarray(Xi), beta, nf, seed=int(g.integers(2**31)))
                                           .retrieve(xp.asarray(x))) - Td)) for nf in (n_lo, n_hi)]
            out[r] = (math.log(e[1]) - math.log(e[0])) / math.log(n_hi / n_lo)
        return out

    # the rate band of the catalogue, slope in [-0.6, -0.4], as two one-sided mean claims on -slope
    rate_dist = ["rate: unit-sphere memories (M = 5), query xi_0 + N(0, 0.09 I); features at 2^6 and 2^12"]
    neg = lambda seed, n: -slopes(seed, n)  # noqa: E731
    rate_lo = mean_check(cid, ctx, experiment=neg, claimed=ctx.side("rate band: -slope >= 0.4", value=0.4, kind="lower"),
                         kind="lower", eps=0.05, trials=100, distributions=rate_dist)
    rate_hi = mean_check(cid, ctx, experiment=neg, claimed=ctx.side("rate band: -slope <= 0.6", value=0.6),
                         kind="upper", eps=0.05, trials=100, distributions=rate_dist)
    # hull bound, attained by all-equal memories
    m = ctx.side("hull bound m", value=1.0)
    hull = 0.0
    for i, XiH in enumerate((Xi, np.repeat(Xi[:, :1], 4, axis=1))):
        T = host(PerformerHopfield(xp.asarray(XiH), beta, 64, seed=ctx.subseed("hull", i) % 2**31).retrieve(xp.asarray(x)))
        hull = max(hull, float(np.linalg.norm(T)) - m)
    hpart = CheckResult(cid, "confirmed" if hull <= 1e-12 else "refuted",
                        {"instances": 2, "applicable_instances": 2, "hull_excess_max": hull},
                        counterexample=None if hull <= 1e-12 else {"hull_excess_max": hull})
    return combine(cid, [("unbiased kernel estimate", mean), ("estimator variance", vpart),
                         ("error rate: slope <= -0.4", rate_lo), ("error rate: slope >= -0.6", rate_hi),
                         ("hull bound", hpart)])


@check("hu2024/variant-multi-head")
def check_variant_multi_head(ctx):
    cid = "hu2024/variant-multi-head"
    xp = ctx.xp

    @st.composite
    def draw_mh(draw):
        vals = draw(st.lists(st.integers(2, 7), min_size=5, max_size=5, unique=True))
        return dict(H=vals[0] % 4 + 1, dh=vals[1], d=vals[2], M=vals[3], L=vals[4], beta=draw(log_beta(0.05, 3.0)),
                    seed=draw(st.integers(0, 2**31 - 1)))

    def observe(p):
        rng = np.random.default_rng(p["seed"])
        H, dh, d, M, L = p["H"], p["dh"], p["d"], p["M"], p["L"]
        Xi = rng.standard_normal((d, M))
        Rq = rng.standard_normal((L, d))
        WQ = [rng.standard_normal((d, dh)) / math.sqrt(d) for _ in range(H)]
        WK = [rng.standard_normal((d, dh)) / math.sqrt(d) for _ in range(H)]
        WV = [rng.standard_normal((d, dh)) for _ in range(H)]
        WO = rng.standard_normal((H * dh, d + 1))
        model = MultiHeadHopfield.from_projections(xp.asarray(Xi), p["beta"], [xp.asarray(w) for w in WQ],
                                                   [xp.asarray(w) for w in WK], [xp.asarray(w) for w in WV],
                                                   xp.asarray(WO))
        out = model.retrieve(xp.asarray(Rq.T))  # (d_out, L)
        assert_ns(ctx, out)
        Y = Xi.T
        heads = [sp_softmax(p["beta"] * (Rq @ WQ[h]) @ (Y @ WK[h]).T, axis=1) @ (Y @ WV[h]) for h in range(H)]
        Z = np.concatenate(heads, axis=1) @ WO  # (L, d_out)
        return identity_observation(ctx, "multi-head output", out, Z.T, dict(Xi=Xi, R=Rq, **p))

    return run_ineq(cid, ctx, strategy=draw_mh(), observe=observe, examples=n_examples(ctx, 2),
                    distributions=["pairwise-distinct H, d_h, d, M, L; Gaussian memories, queries and projections"])
