"""Checks of the variants of the family: random mask, sliding window, efficient, top-k, linear, PRF, multi-head (hu2024)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy.special import softmax as sp_softmax

from hoptheory import sampling
from hoptheory.bounds import hu2024 as B
from hoptheory.maps._features import positive_random_features, prf_weights
from hoptheory.maps._masks import (random_subset_indices, sliding_window_mask, sqrt_window_width,
                                   strided_mask, strided_offsets, top_k_mask, window_offsets)
from hoptheory.models import DenseHopfield
from hoptheory.models._kernel import LinearHopfield, MultiHeadHopfield, PerformerHopfield
from hoptheory.models._structured import StructuredHopfield, gathered_masked_retrieve, offset_masked_retrieve

from .._framework import Observation, check, combine, mean_check
from .._instances import STAT_EPS, STAT_EPS_VARIANCE, TOL_MAP, TOL_ROUND
from .._oracles import count_scores, masked_v2_retrieve
from ._common import (DISTS, _draw, _near_pattern, _patterns, assert_ns, host, identity_observation,
                      log_beta, max_abs_diff, n_examples, run_ineq)


# --------------------------------------------------------------------------- counts


def _count_shapes(rng, pinned, M_hi: int, L_hi: int, fraction: float):
    """The (d, M, L, k) shapes of a count check: the pinned ones, then max(1, 4 fraction) drawn from
    ``rng`` (M in [2, M_hi), d in [2, 5], L in [1, L_hi), k in [1, M])."""
    return pinned + [(int(rng.integers(2, 6)), M, int(rng.integers(1, L_hi)), int(rng.integers(1, M + 1)))
                     for M in rng.integers(2, M_hi, size=max(1, int(4 * fraction)))]


def _gaussian_memories_queries(ctx, i: int, d: int, M: int, L: int):
    """Gaussian memories (d, M) and queries (d, L) of shape ``i`` of a count check, from the suite seed."""
    return (host(sampling.gaussian(d, M, seed=ctx.subseed("patterns", i) % 2**31)),
            host(sampling.gaussian(d, L, seed=ctx.subseed("queries", i) % 2**31)))


def _count_check(ctx, rows, identity: str, diff: float, tol: float,
                 method: str = "exact score counts of the gather-based evaluators"):
    """Score counts against their formulas, and the evaluators' outputs against an oracle.

    ``rows``: (name, observed count, formula), confirmed iff all equal (the formulas go through
    ``ctx.side``); ``diff``: the largest difference of the outputs from the oracle, reported as
    ``identity`` and refuting above ``tol``.
    """
    ev, bad = [], []
    for name, obs, formula in rows:
        f = ctx.side(name.split("@")[0], value=float(formula))
        ev.append({"case": name, "counted": int(obs), "formula": f})
        if abs(obs - f) > 0.5:
            bad.append(ev[-1])
    evidence = {"instances": len(rows), "applicable_instances": len(rows), "counts": ev[:40], "method": method,
                identity: diff}
    if bad:
        return ctx.result("refuted", evidence, counterexample={"mismatches": bad})
    if diff > tol:
        return ctx.result("refuted", evidence, counterexample={identity: diff})
    return ctx.result("confirmed", evidence)


@check("hu2024/variant-random-mask")
def check_variant_random_mask(ctx):
    """``hu2024/variant-random-mask``: the random masked model costs ``L k`` score evaluations with
    a gather-based V2 evaluator and ``L M`` for V1 (whose normaliser runs over all memories).

    The counts are measured, not read back: the memories and queries are instrumented arrays
    (:func:`~proofs_checks._oracles.count_scores`) that log every product of memory and query data where the
    evaluator computes it.  Instances: Gaussian memories and queries, uniform random k-subsets
    per query (from the suite seed), shapes including k = 1, k = M and L > M.  The outputs are
    compared with V2/V1 written from the definitions in plain NumPy (the oracle).
    """
    xp = ctx.xp
    rows, ident = [], []
    rng = ctx.rng("shapes")
    shapes = _count_shapes(rng, [(3, 10, 7, 4), (4, 9, 12, 1), (2, 16, 5, 16)], 20, 15, ctx.profile.fraction)
    for i, (d, M, L, k) in enumerate(shapes):
        beta = float(10 ** rng.uniform(-1, 1))
        Xi, X = _gaussian_memories_queries(ctx, i, d, M, L)
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
        ref2 = masked_v2_retrieve(Xi, X, beta, sel)
        P = sp_softmax(beta * (Xi.T @ X), axis=0)
        ref1 = Xi @ np.where(mask, P, 0.0)
        for got in (out2, host(g2)):
            ident.append(max_abs_diff(got, ref2)[0] / (1.0 + float(np.max(np.abs(ref2)))))
        for got in (out1, host(g1)):
            ident.append(max_abs_diff(got, ref1)[0] / (1.0 + float(np.max(np.abs(ref1)))))
        rows.append((f"V2 scores Lk@{d},{M},{L},{k}", n2, L * k))
        rows.append((f"V1 scores LM@{d},{M},{L},{k}", n1, L * M))
    return _count_check(ctx, rows, "outputs_vs_definition_max_rel_diff", max(ident), TOL_ROUND,
                        method="score evaluations counted where they are computed: products of memory and query "
                               "data logged by instrumented arrays (independent of any count the evaluators return)")


@check("hu2024/variant-sliding-window")
def check_variant_sliding_window(ctx):
    """``hu2024/variant-sliding-window``: the sliding-window model and its score count.

    Instances: Gaussian sequences of length L in {1, 2, 5, 9, 16, 31} (a share set by the
    profile), windows w in {0, 1, L/2, L-1}.  Oracles: the offset-based evaluator against V2 with
    the dense window mask; its score count and the number of True mask entries against the
    package's count formula.
    """
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
    return _count_check(ctx, rows, "window_vs_dense_mask_max_diff", max(ident), TOL_MAP)


@check("hu2024/variant-efficient")
def check_variant_efficient(ctx):
    """``hu2024/variant-efficient``: which construction the "efficient O(L sqrt L)" member denotes is
    not settled, so the verdict is at best ``unverified``.  Tested as a part: the band
    (w = ceil(sqrt L)) and strided (stride ceil(sqrt L)) constructions, at the benchmark's L from 24
    to 2880, give score counts with log-log slope in [1.4, 1.6] and count / L^1.5 within a factor 2;
    the evaluator's count is compared with the number of True entries of the dense mask for L <= 336.
    """
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
    counts = ctx.result("confirmed" if ok else "refuted",
                         {"instances": 2 * len(Ls), "applicable_instances": 2 * len(Ls), **ev,
                          "criterion": "slope in [1.4, 1.6] and max/min of count/L^1.5 below 2"},
                         counterexample=None if ok else ev)
    return combine(ctx, [("both candidate constructions are Theta(L^1.5)", counts)], verdict_if_ok="unverified",
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
    (:func:`~proofs_checks._oracles.count_scores`), against ``L M``, with the outputs compared with top-k V2
    written from the definition in NumPy; (2) the bound ``2m(k-1) exp(-beta Dq_M)`` with
    mu = argmax, searched over unit-sphere/Gaussian/±1 memories, Q3/Q4 queries, and the
    antipodal pair; (3) at a constructed tie (all other scores a gap away), the outputs at
    ``xt ± e`` must differ by the jump between the two fixed-mask maps (the selected sets on
    either side are checked to differ exactly in the tied pair).
    """
    xp = ctx.xp
    rows, ident = [], []
    shapes = _count_shapes(ctx.rng("count-shapes"), [(3, 10, 7, 4), (5, 6, 3, 1), (2, 4, 9, 4)], 16, 12,
                           ctx.profile.fraction)
    for i, (d, M, L, k) in enumerate(shapes):
        Xi, X = _gaussian_memories_queries(ctx, i, d, M, L)
        out, n = count_scores(lambda A, Q, k=k: StructuredHopfield(A, 1.0, mask_fn=lambda z: top_k_mask(z, k),
                                                                  variant="V2").retrieve(Q), Xi, X)
        Z = Xi.T @ X
        sel = [sorted(np.argsort(-Z[:, j], kind="stable")[:k].tolist()) for j in range(L)]
        ref = masked_v2_retrieve(Xi, X, 1.0, sel)
        on_xp = StructuredHopfield(xp.asarray(Xi), 1.0, mask_fn=lambda z, k=k: top_k_mask(z, k),
                                   variant="V2").retrieve(xp.asarray(X))
        ident.append(max(max_abs_diff(out, ref)[0], max_abs_diff(host(on_xp), ref)[0]))
        rows.append((f"top-k scores LM@{d},{M},{L},{k}", n, L * M))
    counts = _count_check(ctx, rows, "outputs_vs_definition_max_abs_diff", max(ident), TOL_ROUND,
                          method="score evaluations counted by instrumented arrays where they are computed")

    def observe(p):
        Xi, x, _ = _near_pattern(p, 2)
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

    bnd = run_ineq(ctx, strategy=_draw(), observe=explicit_obs, explicit=explicit,
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
        Ta = masked_v2_retrieve(Xi, xt[:, None], beta, [np.flatnonzero(ma)])[:, 0]
        Tb = masked_v2_retrieve(Xi, xt[:, None], beta, [np.flatnonzero(mb)])[:, 0]
        # continuity of each fixed-mask map over the step: |T(xt +- h e) - T(xt)| <= beta ||Xi||^2 h (Lipschitz)
        slack = 2 * beta * float(np.linalg.norm(Xi, 2)) ** 2 * h
        if float(np.linalg.norm(Ta - Tb)) <= 100 * slack:
            continue  # the tied pair carries too little weight for the jump to be resolved: no probe
        pred = ctx.side("predicted jump", value=float(np.linalg.norm(Ta - Tb)))
        ok = bool(np.array_equal(sa, ma) and np.array_equal(sb, mb)) and abs(jump - pred) <= slack + TOL_ROUND \
            and pred > slack
        rec = {"d": d, "M": M, "k": k, "beta": beta, "jump": jump, "predicted_jump": pred, "slack": slack,
               "masks_as_constructed": bool(np.array_equal(sa, ma) and np.array_equal(sb, mb))}
        probes.append(rec)
        if not ok:
            bad.append(dict(rec, Xi=Xi.tolist(), x_tie=xt.tolist()))
    disc = ctx.result("refuted" if bad else "confirmed",
                       {"instances": len(probes), "applicable_instances": len(probes), "probes": probes},
                       counterexample={"probes": bad} if bad else None)
    return combine(ctx, [("counts", counts), ("V2 bound with own mask", bnd), ("discontinuity at a tie", disc)])


# --------------------------------------------------------------------------- linear, PRF, multi-head


@check("hu2024/variant-linear")
def check_variant_linear(ctx):
    """``hu2024/variant-linear``: the linear (elu + 1 feature) model and its hull bound ``||T(x)|| <= m``.

    Draws: unit-sphere, Gaussian and ±1 memories, queries xi_mu + 2 sigma g; all-equal memories
    (the hull bound is attained) for the window draws and a pinned case.  Oracle: the
    factorised map written on the host from phi(u) = elu(u) + 1; the weights must be positive.
    """
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
    return run_ineq(ctx, strategy=_draw(), observe=observe, explicit=explicit, examples=n_examples(ctx, 2),
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
    mean = mean_check(ctx, experiment=estimates, claimed=true, kind="equal", eps=STAT_EPS * kern, trials=1000,
                      distributions=dist)
    vpart = mean_check(ctx, experiment=lambda seed, n: (estimates(seed, n) - kern) ** 2, claimed=var,
                       kind="equal", eps=STAT_EPS_VARIANCE * var_pkg, trials=2000, distributions=dist,
                       extra={"variance_definition": var_def, "variance_package": var_pkg})
    if abs(var_def - var_pkg) > TOL_ROUND * var_def and vpart.verdict == "confirmed":
        vpart = ctx.result("refuted", vpart.evidence, counterexample={"variance_definition": var_def,
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
    rate_lo = mean_check(ctx, experiment=neg, claimed=ctx.side("rate band: -slope >= 0.4", value=0.4, kind="lower"),
                         kind="lower", eps=STAT_EPS, trials=100, distributions=rate_dist)
    rate_hi = mean_check(ctx, experiment=neg, claimed=ctx.side("rate band: -slope <= 0.6", value=0.6),
                         kind="upper", eps=STAT_EPS, trials=100, distributions=rate_dist)
    # hull bound, attained by all-equal memories
    m = ctx.side("hull bound m", value=1.0)
    hull = 0.0
    for i, XiH in enumerate((Xi, np.repeat(Xi[:, :1], 4, axis=1))):
        T = host(PerformerHopfield(xp.asarray(XiH), beta, 64, seed=ctx.subseed("hull", i) % 2**31).retrieve(xp.asarray(x)))
        hull = max(hull, float(np.linalg.norm(T)) - m)
    hpart = ctx.result("confirmed" if hull <= TOL_ROUND else "refuted",
                        {"instances": 2, "applicable_instances": 2, "hull_excess_max": hull},
                        counterexample=None if hull <= TOL_ROUND else {"hull_excess_max": hull})
    return combine(ctx, [("unbiased kernel estimate", mean), ("estimator variance", vpart),
                         ("error rate: slope <= -0.4", rate_lo), ("error rate: slope >= -0.6", rate_hi),
                         ("hull bound", hpart)])


@check("hu2024/variant-multi-head")
def check_variant_multi_head(ctx):
    """``hu2024/variant-multi-head``: the multi-head model equals the concatenation of per-head softmax
    attentions times W_O.

    Draws: pairwise-distinct H, d_h, d, M, L in 2..7, Gaussian memories, queries and projections,
    beta log-uniform [0.05, 3].  Oracle: every head written with SciPy softmax on the host.
    """
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

    return run_ineq(ctx, strategy=draw_mh(), observe=observe, examples=n_examples(ctx, 2),
                    distributions=["pairwise-distinct H, d_h, d, M, L; Gaussian memories, queries and projections"])
