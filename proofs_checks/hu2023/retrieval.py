"""Checks of the retrieval-error claims of Hu et al. 2023 (sparse vs dense, sparsity bound, noise, speed)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy import stats

from hoptheory import models, sampling
from hoptheory.backend import to_numpy
from hoptheory.bounds import hu2023 as B

from .._framework import Observation, binomial_check, check, combine, inequality_check
from .._instances import (ITERATION_TOL, STAT_EPS, TOL_CONVERSION, TOL_FLOOR, TOL_PROPAGATED, TOL_ROUND,
                          antipodal, random_rotation)
from .._oracles import DPS, mp_T, mp_error, mp_map, sparsemax_closed, sparsemax_fraction
from .._strategies import instances
from ._common import (_ERR_REPRO, _QUERY, _STD, _ball_draw, _ball_setup, _err_pair_obs, _err_pair_reeval, _f,
                      _fam, _fan_family, _Fixed, _fixed_or_ball, _given, _np)

__all__: list[str] = []


# =========================================================================== retrieval error


def _special_cases(ctx, xp, n):
    """Items 1-3 of hu2023/retrieval-error-vs-dense on sampled instances: violations counted."""
    rng = ctx.rng(12)
    bad = {"M=2 with top score": 0, "exact when beta*qsep >= 1": 0, "weight chain": 0}
    for _ in range(n):
        d = int(rng.integers(3, 7))
        Xi2 = sampling.sphere(d, 2, 1.0, seed=int(rng.integers(2**31)), xp=xp)
        beta = float(10 ** rng.uniform(-2, 2))
        x = sampling.ball(Xi2, 0, seed=int(rng.integers(2**31)), xp=xp)
        if _f(models.query_separation(Xi2, x, 0)) >= 0:
            bad["M=2 with top score"] += int(_f(models.SparseHopfield(Xi2, beta).error(x, 0)) >
                                              _f(models.DenseHopfield(Xi2, beta).error(x, 0)) + TOL_ROUND)
        M = int(rng.integers(3, 10))
        Xi = sampling.sphere(d, M, 1.0, seed=int(rng.integers(2**31)), xp=xp)
        x = sampling.ball(Xi, 0, seed=int(rng.integers(2**31)), xp=xp)
        qs = _f(models.query_separation(Xi, x, 0))
        if beta * qs >= 1:
            bad["exact when beta*qsep >= 1"] += int(_f(models.SparseHopfield(Xi, beta).error(x, 0)) > TOL_ROUND)
        if qs >= 0:
            es = _f(models.SparseHopfield(Xi, beta).error(x, 0))
            ws = _f(B.retrieval_error_weight_bound_at(Xi, x, 0, beta).value)
            wd = _f(B.retrieval_error_weight_bound_at(Xi, x, 0, beta, map="softmax").value)
            bad["weight chain"] += int(es > ws + TOL_ROUND or ws > wd + TOL_ROUND)
    return bad


def _violation_experiment(xp):
    """Trials of the standard family: sphere patterns, x uniform in S_0(R), beta log-uniform."""

    def experiment(seed, n):
        rng = np.random.default_rng(seed)
        ok, ce = 0, None
        for _ in range(n):
            d, M = int(rng.integers(2, 9)), int(rng.integers(3, 21))
            Xi = sampling.sphere(d, M, 1.0, seed=int(rng.integers(2**31)), xp=xp)
            beta = float(10 ** rng.uniform(-2, 2))
            x = sampling.ball(Xi, 0, seed=int(rng.integers(2**31)), xp=xp)
            es = _f(models.SparseHopfield(Xi, beta).error(x, 0))
            ed = _f(models.DenseHopfield(Xi, beta).error(x, 0))
            if es > ed + TOL_ROUND:
                ce = ce or {"Xi": _np(Xi), "x": _np(x), "mu": 0, "beta": beta, "sparse": es, "dense": ed}
            else:
                ok += 1
        return ok, ce

    return experiment


def _special_cases_part(ctx, xp, n):
    """Items 1-3 of the corrected form, asserted on sampled instances (one part)."""
    bad = _special_cases(ctx, xp, n)
    ev = {"instances": 3 * n, "applicable_instances": 3 * n, "violations": bad,
          "distributions": ["sphere patterns, d in [3, 6], M = 2 and M in [3, 9]; x uniform in S_0(R); "
                            "beta log-uniform [1e-2, 1e2]"]}
    if any(bad.values()):
        return ctx.result("refuted", ev, counterexample={"violations": bad},
                           notes="a derived special case failed")
    return ctx.result("confirmed", ev)


@check("hu2023/retrieval-error-vs-dense", stat_parts=1)
def check_retrieval_error_vs_dense(ctx):
    """``hu2023/retrieval-error-vs-dense``: ||T_sparse(x) - xi_mu|| <= ||T_dense(x) - xi_mu|| on S_mu.

    Families: the fan (two competitors symmetric about xi_mu, query on the ray towards one
    of them, beta m^2 near 1; :func:`_fan_family`), then Hypothesis draws (sphere patterns,
    uniform or ray queries in S_mu(R)).  Oracle: both errors in mpmath at 40 digits.
    Parts: the search (published form); the special cases 1-3 of the catalogue (asserted);
    the violation-free rate on the standard family (binomial, claimed 1).
    """
    xp = ctx.xp
    strat = _ball_draw(("sphere",), d=(2, 6), M=(3, 10), beta=(1e-1, 1e2))
    fams = {"fan: query towards one of two symmetric competitors": _fan_family(ctx.rng("fan"), 8)}
    main = inequality_check(ctx, strategy=strat, observe=lambda d: _err_pair_obs(ctx, d, xp, "dense error"),
                            reevaluate=_err_pair_reeval, reproduce=_ERR_REPRO, families=fams,
                            distributions=["fan: " + (_fan_family.__doc__ or "").split("\n")[0]]
                            + _fam("sphere") + ["x in S_mu(R): uniform or on rays", "M >= 3"])
    freq = binomial_check(ctx, experiment=_violation_experiment(xp), claimed=1.0, eps=STAT_EPS,
                          distributions=["sphere patterns, d in [2, 8], M in [3, 20], x uniform in S_0(R), "
                                         "beta log-uniform [1e-2, 1e2]"])
    parts = [("pointwise comparison (search)", main),
             ("special cases 1-3 (M = 2 with top score, exact when beta*qsep >= 1, weight chain)",
              _special_cases_part(ctx, xp, max(10, ctx.profile.examples // 2))),
             ("violation-free rate on the standard family (claimed 1)", freq)]
    return combine(ctx, parts)


@check("hu2023/retrieval-error-sparsity-bound")
def check_retrieval_error_sparsity_bound(ctx):
    """``hu2023/retrieval-error-sparsity-bound``: err <= m + sqrt(d) m beta [kappa (z_(1) - z_(kappa)) + 1/beta].

    Draws: the standard families, queries uniform in S_mu(rR) or on rays (Hypothesis).  Oracle:
    the sparse error in mpmath.  Vacuity against the trivial bound 2m.  Part 2 asserts the
    sandwich err <= 2m <= m(1 + sqrt d) <= RHS < m(1 + sqrt d (1 + kappa)) and the corrected
    bound 2m(1 - p_mu).
    """
    xp = ctx.xp
    strat = _ball_draw(_STD)
    sand = {"violations": 0, "n": 0, "unscaled_kappa_hypothesis_fails": 0}

    @_given(lambda draw: _ball_setup(draw, xp))
    def observe(inst, Xi, Xn, x, R):
        xa = xp.asarray(x)
        m = models.max_norm(Xi)
        err = _f(models.SparseHopfield(Xi, inst.beta).error(xa, inst.mu))
        b = B.retrieval_error_sparsity_bound_published_at(Xi, xa, inst.mu, inst.beta)
        rhs = ctx.side("published sparsity bound", value=_f(b.value))
        kappa = int(_f(models.SparseHopfield(Xi, inst.beta).support_size(xa)))
        floor = _f(B.retrieval_error_sparsity_bound_floor(m=m, d=float(inst.d)).value)
        ceil_ = _f(B.retrieval_error_sparsity_bound_ceiling(m=m, d=float(inst.d), kappa=float(kappa)).value)
        sand["n"] += 1
        ok = err <= 2 * m * (1 + TOL_ROUND) and 2 * m <= floor * (1 + TOL_ROUND) and floor <= _f(b.value) * (1 + TOL_ROUND) \
            and _f(b.value) < ceil_
        if _f(models.query_separation(Xi, xa, inst.mu)) >= 0:
            c = B.retrieval_error_sparsity_bound_corrected_at(Xi, xa, inst.mu, inst.beta)
            w = _f(B.retrieval_error_weight_bound_at(Xi, xa, inst.mu, inst.beta).value)
            ok = ok and abs(_f(c.value) - w) <= TOL_PROPAGATED * (1 + w) and err <= w + TOL_ROUND
        sand["violations"] += int(not ok)
        bu = B.retrieval_error_sparsity_bound_published_at(Xi, xa, inst.mu, inst.beta, kappa_from="unscaled")
        sand["unscaled_kappa_hypothesis_fails"] += int(not bool(to_numpy(bu.hypotheses_hold)))
        return Observation(err, rhs, applicable=bool(to_numpy(b.hypotheses_hold)), trivial=2 * m,
                           inputs={"Xi": Xn, "x": x, "mu": inst.mu, "beta": inst.beta})

    res = inequality_check(ctx, strategy=strat, observe=observe, reevaluate=lambda o: (
        float(mp_error(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"], o.inputs["mu"], "sparsemax")), o.rhs),
        distributions=_fam(*_STD) + ["x in S_mu(R)"])
    sw = ctx.result("refuted" if sand["violations"] else "confirmed",
                     {"instances": sand["n"], "applicable_instances": sand["n"], **sand,
                      "distributions": ["the instances of the search"]},
                     counterexample={"sandwich_violations": dict(sand)} if sand["violations"] else None)
    return combine(ctx, [("published sparsity bound (search)", res),
                         ("sandwich err <= 2m <= m(1+sqrt d) <= RHS < m(1+sqrt d (1+kappa)); corrected = 2m(1-p_mu)",
                          sw)])


@check("hu2023/tighter-than-dense")
def check_tighter_than_dense(ctx):
    """``hu2023/tighter-than-dense``: the sparse bound is provably tighter than the dense one.

    (R1) published sparse bound <= 2m(M-1)exp(-beta qsep): family antipodal pairs with the
    query at the pattern and large beta (the dense bound falls far below m(1 + sqrt d)), then
    Hypothesis draws.  (R2) sparse error <= dense error: the fan family, then draws.  Oracle:
    both sides in mpmath.  Part 3 asserts the corrected chain and the top-weight lemma (exact
    rationals against mpmath softmax).
    """
    xp = ctx.xp
    strat = st.tuples(instances(("sphere",), d=(2, 6), M=(2, 8), beta=(1.0, 1e3)), _QUERY)

    @_given(lambda draw: _fixed_or_ball(draw, xp))
    def observe(Xi, Xn, x, mu, beta, R):
        xa = xp.asarray(x)
        pub = B.retrieval_error_sparsity_bound_published_at(Xi, xa, mu, beta)
        den = B.dense_error_bound_query_at(Xi, xa, mu, beta)
        ill = bool(to_numpy(den.ill_defined))
        rhs = ctx.side("dense error bound (query separation)", value=_f(den.value) if not ill else math.nan)
        return Observation(_f(pub.value), rhs, applicable=bool(to_numpy(pub.hypotheses_hold)), ill_defined=False,
                           inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta},
                           note="reading R1: published sparse bound <= dense bound")

    def antipodal_at_pattern(rng, n):
        """Antipodal pair, x = xi_mu, beta m^2 log-uniform [3, 300]: the dense bound 2m e^{-2 beta m^2} is
        far below m(1 + sqrt d), the floor of the published sparse bound."""
        out = []
        for _ in range(n):
            d, m = int(rng.integers(2, 6)), float(rng.uniform(0.5, 3.0))
            Xn = random_rotation(rng, d) @ antipodal(d, m)
            mu = int(rng.integers(2))
            out.append(_Fixed("antipodal-at-pattern", Xn, Xn[:, mu].copy(), mu,
                              float(10 ** rng.uniform(math.log10(3), math.log10(300))) / m**2))
        return out

    def reevaluate(o):
        a = o.inputs
        Xn, x, mu, beta = a["Xi"], a["x"], a["mu"], a["beta"]
        m = float(np.max(np.linalg.norm(Xn, axis=0)))
        with mpmath.workdps(DPS):
            _, _, z = mp_T(Xn, x, beta, "sparsemax")
            p = sparsemax_closed([mpmath.mpf(float(beta)) * v for v in z])
            kappa = sum(1 for v in p if v > 0)
            zs = sorted(z, reverse=True)
            b = mpmath.mpf(float(beta))
            pub = m + mpmath.sqrt(Xn.shape[0]) * m * b * (kappa * (zs[0] - zs[kappa - 1]) + 1 / b)
            qs = z[mu] - max(v for j, v in enumerate(z) if j != mu)
            den = 2 * m * (Xn.shape[1] - 1) * mpmath.exp(-b * qs)
        return float(pub), float(den)

    reproduce = ("from hoptheory.bounds.hu2023 import retrieval_error_sparsity_bound_published_at, "
                 "dense_error_bound_query_at\n"
                 "Xi, x, mu, beta = np.array(ce['Xi']), np.array(ce['x']), ce['mu'], ce['beta']\n"
                 "lhs = float(retrieval_error_sparsity_bound_published_at(Xi, x, mu, beta).value)\n"
                 "rhs = float(dense_error_bound_query_at(Xi, x, mu, beta).value)\n")
    main = inequality_check(ctx, strategy=strat, observe=observe, reevaluate=reevaluate, reproduce=reproduce,
                            families={"antipodal pair, query at the pattern, large beta":
                                      antipodal_at_pattern(ctx.rng("antipodal-R1"), 4)},
                            distributions=["antipodal pairs, x = xi_mu, beta m^2 in [3, 300]"]
                            + _fam("sphere") + ["beta log-uniform [1, 1e3]", "x in S_mu(R)"])
    # R2 and the corrected chain with the top-weight lemma (exact rationals)
    r2 = inequality_check(ctx, strategy=_ball_draw(("sphere",), d=(2, 6), M=(3, 10), beta=(1e-1, 1e2)),
                          observe=lambda d: _err_pair_obs(ctx, d, xp, "dense error (R2)"),
                          reevaluate=_err_pair_reeval, reproduce=_ERR_REPRO,
                          families={"fan: query towards one of two symmetric competitors":
                                    _fan_family(ctx.rng("fan-R2"), 4)},
                          examples=max(10, ctx.profile.examples // 2),
                          distributions=["fan: two competitors symmetric about xi_mu, x on the ray towards one"]
                          + _fam("sphere") + ["x in S_mu(R)"])
    rng = ctx.rng(14)
    lemma_bad = 0
    for _ in range(100):
        th = rng.normal(size=int(rng.integers(2, 10))) * 10 ** rng.uniform(-1, 1)
        top = int(np.argmax(th))
        sp = sparsemax_fraction(th)[top]
        with mpmath.workdps(DPS):
            so = mp_map([mpmath.mpf(float(t)) for t in th], "softmax")[top]
        lemma_bad += int(float(sp) < float(so) - TOL_CONVERSION)
    chain = _special_cases_part(ctx, xp, 10)
    chain.evidence["top_weight_lemma_violations (exact rationals vs mpmath softmax)"] = f"{lemma_bad}/100"
    if lemma_bad:
        chain = ctx.result("refuted", chain.evidence, counterexample={"top_weight_lemma_violations": lemma_bad},
                            notes="the top-weight lemma failed")
    return combine(ctx, [("(R1) published sparse bound <= dense bound (search)", main),
                         ("(R2) sparse error <= dense error (search)", r2),
                         ("corrected chain and top-weight lemma (asserted)", chain)])


@check("hu2023/noise-robustness")
def check_noise_robustness(ctx):
    """``hu2023/noise-robustness``: noise acts linearly on the sparse error (published bound).

    Draws: the standard families, x in S_mu(R), eta of norm 1e-3..1 times R (Hypothesis).
    Oracle: none needed beyond vacuity (the bound is compared with the trivial 2m).  Part 2
    asserts both Lipschitz bounds on every drawn pair (x, x + eta).
    """
    xp = ctx.xp
    strat = st.tuples(instances(_STD), _QUERY, st.floats(-3.0, 0.0))
    lip = {"sparse_violations": 0, "dense_violations": 0, "n": 0, "max_ratio_sparse": 0.0, "max_ratio_dense": 0.0}

    @_given(lambda draw: _ball_setup(draw, xp, draw[2]))
    def observe(inst, Xi, Xn, x, R, log_eta):
        eta = np.random.default_rng(inst.seed + 21).normal(size=inst.d)
        eta *= (10.0 ** log_eta) * R / max(np.linalg.norm(eta), 1e-300)
        xa, xe, ea = xp.asarray(x), xp.asarray(x + eta), xp.asarray(eta)
        for name, mdl, bnd in (("sparse", models.SparseHopfield, B.sparse_lipschitz_bound_at),
                               ("dense", models.DenseHopfield, B.dense_lipschitz_bound_at)):
            mo = mdl(Xi, inst.beta)
            dlt = _f(xp.linalg.vector_norm(mo.retrieve(xe) - mo.retrieve(xa)))
            bb = _f(bnd(Xi, inst.beta, ea).value)
            lip[f"{name}_violations"] += int(dlt > bb * (1 + TOL_PROPAGATED) + TOL_FLOOR)
            lip[f"max_ratio_{name}"] = max(lip[f"max_ratio_{name}"], dlt / bb if bb > 0 else 0.0)
        lip["n"] += 1
        err = _f(models.SparseHopfield(Xi, inst.beta).error(xe, inst.mu))
        b = B.retrieval_error_sparsity_bound_published_at(Xi, xe, inst.mu, inst.beta)
        rhs = ctx.side("published sparse bound at the noisy query", value=_f(b.value))
        return Observation(err, rhs, applicable=bool(to_numpy(b.hypotheses_hold)), trivial=2 * models.max_norm(Xi),
                           inputs={"Xi": Xn, "x": x, "eta": eta, "mu": inst.mu, "beta": inst.beta})

    res = inequality_check(ctx, strategy=strat, observe=observe,
                           distributions=_fam(*_STD) + ["x in S_mu(R); eta Gaussian direction, norm 1e-3..1 times R"])
    bad = lip["sparse_violations"] + lip["dense_violations"]
    lipr = ctx.result("refuted" if bad else "confirmed",
                       {"instances": lip["n"], "applicable_instances": lip["n"], **lip,
                        "distributions": ["the instances of the search, (x, x + eta)"]},
                       counterexample={"violations": dict(lip)} if bad else None,
                       notes="||T(x+eta) - T(x)|| <= beta ||Xi||_2^2 ||eta|| (sparse), beta/2 ||Xi||_2^2 ||eta|| (dense)")
    return combine(ctx, [("published sparse bound at the noisy query", res),
                         ("corrected: both maps Lipschitz in the query", lipr)])


@check("hu2023/faster-convergence")
def check_faster_convergence(ctx):
    """``hu2023/faster-convergence``: sparse needs no more iterations than dense.

    ``unverified``: no ordering of iteration counts is derived.  Reported: paired iteration
    counts (sign test) on sphere patterns with ball queries; J_T = 0 at interior kappa = 1
    points.
    """
    xp = ctx.xp
    rng = ctx.rng(15)
    diffs, exact = [], 0
    n = max(20, ctx.profile.trials // 5)
    for _ in range(n):
        d, M = int(rng.integers(2, 9)), int(rng.integers(2, 21))
        if d == M:
            M += 1
        Xi = sampling.sphere(d, M, 1.0, seed=int(rng.integers(2**31)), xp=xp)
        beta = float(10 ** rng.uniform(0, 2))
        x0 = sampling.ball(Xi, 0, seed=int(rng.integers(2**31)), xp=xp)
        its = models.SparseHopfield(Xi, beta).iterate(x0, max_steps=300, tol=ITERATION_TOL)
        itd = models.DenseHopfield(Xi, beta).iterate(x0, max_steps=300, tol=ITERATION_TOL)
        exact += int(its.reason == "fixed_point_exact")
        diffs.append(its.steps - itd.steps)
    diffs = np.array(diffs)
    pos, neg = int(np.sum(diffs > 0)), int(np.sum(diffs < 0))
    sign_p = float(stats.binomtest(pos, pos + neg).pvalue) if pos + neg else 1.0
    # deterministic: J_T = 0 at interior kappa = 1 points
    jbad = jn = 0
    for _ in range(30):
        Xi = sampling.sphere(3, 5, 1.0, seed=int(rng.integers(2**31)), xp=xp)
        x = Xi[:, 0] * 1.0
        beta = 1.0
        qs = _f(models.query_separation(Xi, x, 0))
        if qs <= 0:
            continue
        beta = 2.0 / qs
        J = _np(models.SparseHopfield(Xi, beta).jacobian(x))
        jn += 1
        jbad += int(np.max(np.abs(J)) != 0.0)
    return ctx.result("unverified", {
        "reason": "no general ordering of iteration counts is derived (reported measurement)",
        "paired_runs": int(diffs.size), "sparse_minus_dense_steps_median": float(np.median(diffs)),
        "sparse_fewer": neg, "sparse_more": pos, "sign_test_p": sign_p,
        "sparse_exact_fixed_points": exact, "tolerance": ITERATION_TOL,
        "jacobian_zero_at_interior_kappa1 (violations/points)": f"{jbad}/{jn}",
        "distributions": ["sphere patterns, d in [2,8], M in [2,20]; x0 uniform in S_0(R); beta log-uniform [1, 100]"]},
        notes="reported, no assertion")
