"""Checks of well-separation, capacity and exact one-step retrieval (hu2023)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import models, sampling
from hoptheory.backend import to_numpy
from hoptheory.bounds import hu2023 as B

from .._framework import Observation, binomial_check, check, combine, inequality_check
from .._instances import TOL_ROUND, antipodal, random_rotation
from .._oracles import mp_error, sparsemax_closed, sparsemax_fraction
from .._strategies import betas, seeds, sizes
from ._common import (_ball_draw, _ball_or_tilted, _f, _fam, _fan_family, _Fixed, _fixed_or_ball, _given,
                      _in_ball, _not_applicable, _np, _part, _separated_or_antipodal)

__all__: list[str] = []


# =========================================================================== well-separation and capacity


def _ws_build(draw, xp):
    """Antipodal pairs or separated sets; radius r <= R; beta log-uniform around the exact threshold.

    A :class:`_Fixed` draw (with its radius ``r``) is taken as it is.
    """
    if isinstance(draw, _Fixed):
        Xn = np.asarray(draw.Xi, dtype=np.float64)
        Xi = xp.asarray(Xn)
        return Xi, Xn, draw.mu, draw.r, draw.beta, np.asarray(draw.x), _np(models.pattern_separation(Xi))[draw.mu]
    fam, (d, M), seed, m, rf, lb, xf, mode, angle = draw
    built = _separated_or_antipodal(fam, d, M, m, seed, xp)
    if built is None:
        return None
    Xi, Xn, Delta, mu = built
    R = models.separation_radius(Xi)
    r = rf * R
    if Delta[mu] <= 2 * m * r:
        return None
    beta = 10.0 ** lb / (Delta[mu] - 2 * m * r)
    return Xi, Xn, mu, r, beta, _ball_or_tilted(Xn, mu, xf * r, mode, angle, seed), Delta[mu]


def _antipodal_threshold_family(rng, n):
    r"""Two antipodal patterns +-m e, the query on the boundary of S_mu(r) towards the competitor,
    with r and beta just inside the published condition (2) evaluated with delta(x).

    With x = (m - r) e the scaled score gap is g = 2 beta m (m - r), the sparse error is
    m (1 - g) for g < 1, delta = 2m/(1 + e^g) - m(1 - g), and condition (2) reads
    r + delta >= 2 m e^{-g}.  For g in [0.5, 0.6] the window
    2 e^{-g} - delta/m <= r/m < 2 (1 - g) is non-empty (and r <= R = m): there the condition
    holds and the error m (1 - g) exceeds r/2, so the claimed radius r is within a factor 2 of
    the error (a halved radius is violated).  Drawn: g, the position w in [0.2, 0.6] inside the
    window, m in [0.5, 3], d in [2, 5], a random rotation.
    """
    out = []
    for _ in range(n):
        d, m = int(rng.integers(2, 6)), float(rng.uniform(0.5, 3.0))
        g, w = float(rng.uniform(0.5, 0.6)), float(rng.uniform(0.2, 0.6))
        delta_m = 2 / (1 + math.exp(g)) - (1 - g)
        lo, hi = 2 * math.exp(-g) - delta_m, min(2 * (1 - g), 1.0)
        r = m * (lo + w * (hi - lo))
        beta = g / (2 * m * (m - r))
        Xn = random_rotation(rng, d) @ antipodal(d, m)
        mu = int(rng.integers(2))
        x = Xn[:, mu] + r * (Xn[:, 1 - mu] - Xn[:, mu]) / (2 * m)
        out.append(_Fixed("antipodal-threshold", Xn, x, mu, beta, r))
    return out


_WS_STRAT = st.tuples(st.sampled_from(["separated", "antipodal"]), sizes(d=(2, 6), M=(2, 8)), seeds(),
                      st.floats(0.3, 2.0), st.floats(0.05, 1.0), st.floats(-1.0, 1.5), st.floats(0.0, 1.0),
                      st.sampled_from(["ball", "ray"]), st.floats(0, math.pi / 2))
_WS_EXPLICIT = [("antipodal", (3, 2), 1, 1.0, rf, lb, 1.0, "ray", 0.0) for rf in (0.3, 0.7) for lb in (-0.3, 0.0, 0.3)]


@check("hu2023/well-separation")
def check_well_separation(ctx):
    """``hu2023/well-separation``: condition (2) with delta implies T_sparse(S_mu(r)) in S_mu(r).

    Parts: (2) with delta(x) pointwise and a radius r <= R; (A) the dense condition alone;
    (B) beta (Delta_mu - 2 m r) >= 1 gives exact retrieval (exact rationals).  Families: antipodal
    pairs with the query on the boundary of S_mu(r) and (r, beta) just inside condition (2)
    (:func:`_antipodal_threshold_family`; there the error exceeds r/2), pinned antipodal cases,
    then Hypothesis draws of antipodal pairs and separated sets with beta around the threshold
    and queries uniform in the ball or on rays towards the competitor.  Oracle: the sparse error
    in mpmath; the one-hot output in exact rationals.
    """
    xp = ctx.xp

    @_given(lambda draw: _ws_build(draw, xp))
    def obs_published(Xi, Xn, mu, r, beta, x, Dmu):
        if not _in_ball(Xn, x, mu, r):
            return _not_applicable()
        xa = xp.asarray(x)
        delta = B.retrieval_error_delta_at(Xi, xa, mu, beta)
        m = models.max_norm(Xi)
        if r + delta <= 0:
            return _not_applicable()
        thr = _f(B.well_separation_threshold_corrected(beta=beta, M=float(Xn.shape[1]), m=m, R=r, delta_inf=delta).value)
        err = _f(models.SparseHopfield(Xi, beta).error(xa, mu))
        rhs = ctx.side("radius r (T(x) in S_mu(r))", value=r)
        return Observation(err, rhs, applicable=Dmu >= thr, inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta, "r": r},
                           note="condition (2) with delta(x) and radius r")

    @_given(lambda draw: _ws_build(draw, xp))
    def obs_A(Xi, Xn, mu, r, beta, x, Dmu):
        thr = _f(B.dense_well_separation_threshold_at(Xi, beta, r=r).value)
        err = _f(models.SparseHopfield(Xi, beta).error(xp.asarray(x), mu))
        rhs = ctx.side("radius r under condition (A)", value=r)
        return Observation(err, rhs, applicable=Dmu >= thr, inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta, "r": r})

    @_given(lambda draw: _ws_build(draw, xp))
    def obs_B(Xi, Xn, mu, r, beta, x, Dmu):
        thr = _f(B.exact_retrieval_ball_threshold_at(Xi, mu, beta, r).value)
        T = ctx.side("T_sparse(x) under condition (B)", value=_np(models.SparseHopfield(Xi, beta).retrieve(xp.asarray(x))))
        # exact arithmetic: the rational sparsemax of the float scores is one-hot
        exact = sparsemax_fraction(beta * (Xn.T @ x))
        onehot = sum(1 for v in exact if v > 0) == 1 and exact[mu] == 1
        lhs = float(np.linalg.norm(T - Xn[:, mu])) + (0.0 if onehot else 1.0)
        return Observation(lhs, TOL_ROUND * (1 + models.max_norm(Xi)), applicable=Dmu >= thr,
                           inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta, "r": r})

    fam = ["antipodal pairs and separated sphere sets (0.6 of the packing bound)", "r = f R, f in (0, 1]",
           "beta = 10^u / (Delta_mu - 2 m r), u in [-1, 1.5]", "x in S_mu(r): uniform, or rays towards the competitor"]
    n = max(10, ctx.profile.examples // 2)

    def reeval(o):
        a = o.inputs
        return float(mp_error(a["Xi"], a["x"], a["beta"], a["mu"], "sparsemax")), o.rhs

    near = {"antipodal pair, query on the boundary of S_mu(r), condition (2) just satisfied":
            _antipodal_threshold_family(ctx.rng("antipodal-threshold"), 6)}
    parts = [("published condition with delta(x) (radius r)",
              _part(ctx, _WS_STRAT, obs_published, explicit=_WS_EXPLICIT, families=near, reevaluate=reeval,
                    distributions=fam + ["antipodal pairs at the threshold of condition (2), where the error "
                                         "exceeds r/2 (_antipodal_threshold_family)"], examples=n)),
             ("(A) dense condition suffices", _part(ctx, _WS_STRAT, obs_A, explicit=_WS_EXPLICIT, reevaluate=reeval,
                                                    distributions=fam, examples=n)),
             ("(B) beta (Delta - 2 m r) >= 1 gives exact retrieval", _part(ctx, _WS_STRAT, obs_B,
                                                                          explicit=_WS_EXPLICIT, distributions=fam,
                                                                          examples=n))]
    return combine(ctx, parts, notes="checked with delta(x) pointwise and with a radius r <= R; 'onto' read as 'into'")


_DELTA_REPRO = ("from hoptheory.bounds.hu2023 import retrieval_error_delta_at\n"
                "Xi, x, mu, beta = np.array(ce['Xi']), np.array(ce['x']), ce['mu'], ce['beta']\n"
                "lhs = retrieval_error_delta_at(Xi, x, mu, beta)   # claimed >= 0\n"
                "rhs = 0.0\n")


def _delta_search(ctx, xp, examples=None):
    """Search for delta(x) < 0 with x in S_mu(R): the fan family first, then Hypothesis draws."""
    @_given(lambda draw: _fixed_or_ball(draw, xp))
    def observe(Xi, Xn, x, mu, beta, R):
        delta = B.retrieval_error_delta_at(Xi, xp.asarray(x), mu, beta)
        rhs = ctx.side("zero (delta >= 0)", value=0.0, kind="lower")
        return Observation(delta, rhs, applicable=Xn.shape[1] >= 3 and _in_ball(Xn, x, mu, R),
                           inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta})

    def reevaluate(o):
        a = o.inputs
        return (float(mp_error(a["Xi"], a["x"], a["beta"], a["mu"], "softmax")
                      - mp_error(a["Xi"], a["x"], a["beta"], a["mu"], "sparsemax")), 0.0)

    fams = {"fan: query towards one of two symmetric competitors": _fan_family(ctx.rng("fan-delta"), 8)}
    return inequality_check(ctx, strategy=_ball_draw(("sphere",), d=(2, 6), M=(3, 10), beta=(1e-1, 1e2)),
                            observe=observe, reevaluate=reevaluate, reproduce=_DELTA_REPRO, kind="lower",
                            families=fams, examples=examples,
                            distributions=["fan: two competitors symmetric about xi_mu, x on the ray towards one"]
                            + _fam("sphere") + ["x in S_mu(R)"])


def _thresholds_part(ctx, xp):
    """(B) 1/beta + 2mR is below (A) ln(2(M-1)m/R)/beta + 2mR whenever R < 2(M-1)m/e (asserted)."""
    strat = st.tuples(st.integers(2, 6), st.integers(3, 9), seeds(), betas(1e-1, 1e2))

    def observe(draw):
        d, M, seed, beta = draw
        Xi = sampling.sphere(d, M, 1.0, seed=seed, xp=xp)
        R, m = models.separation_radius(Xi), models.max_norm(Xi)
        a_thr = ctx.side("threshold (A)", value=_f(B.dense_well_separation_threshold_at(Xi, beta).value))
        b_thr = 1 / beta + 2 * m * R
        return Observation(b_thr, a_thr, applicable=R < 2 * (M - 1) * m / math.e,
                           inputs={"Xi": _np(Xi), "beta": beta}, note="(B) threshold <= (A) threshold")

    return inequality_check(ctx, strategy=strat, observe=observe, examples=max(10, ctx.profile.examples // 4),
                            distributions=["sphere patterns, d in [2, 6], M in [3, 9], beta log-uniform [0.1, 100]"])


@check("hu2023/well-separation-weaker-than-dense")
def check_well_separation_weaker_than_dense(ctx):
    """``hu2023/well-separation-weaker-than-dense``: delta(x) >= 0 on S_mu, so condition (2) is weaker.

    Families: the fan (:func:`_fan_family`), then Hypothesis draws of sphere patterns with
    queries in S_mu(R).  Oracle: delta recomputed from both errors in mpmath.  Parts: the
    search; the delta-free comparison of thresholds (B) <= (A) (derived, asserted).  At the
    counterexample the published threshold with delta(x) is compared with the dense one.
    """
    xp = ctx.xp
    res = _delta_search(ctx, xp)
    if res.verdict == "refuted":
        a = res.counterexample["inputs"]
        Xi, x = np.array(a["Xi"]), np.array(a["x"])
        Xa, xa = xp.asarray(Xi), xp.asarray(x)
        R = models.separation_radius(Xa)
        delta = B.retrieval_error_delta_at(Xa, xa, a["mu"], a["beta"])
        pub = B.well_separation_threshold_published_at(Xa, xa, a["mu"], a["beta"])
        den = B.dense_well_separation_threshold_at(Xa, a["beta"])
        res.evidence["at_the_counterexample"] = {
            "delta": delta, "R": R,
            "published_threshold_with_delta": _f(pub.value) if not bool(to_numpy(pub.ill_defined)) else "ill-defined (R + delta <= 0)",
            "dense_threshold": _f(den.value),
            "published threshold is stronger (larger) than the dense one": (not bool(to_numpy(pub.ill_defined)))
            and _f(pub.value) > _f(den.value)}
    parts = [("delta >= 0 (search)", res),
             ("delta-free: threshold (B) below threshold (A)", _thresholds_part(ctx, xp))]
    return combine(ctx, parts)


@check("hu2023/capacity", stat_parts=1)
def check_capacity(ctx):
    """``hu2023/capacity``: M >= sqrt(p) C^{(d-1)/4} with the printed constants a, b.

    Parts, each asserted: the published bound over drawn (d, p, m, R, delta, beta) (ill-defined:
    a takes the logarithm of 2m(sqrt p - 1)/(R + delta) < 0); the Lambert identity (mpmath
    residual of the package's C); Ramsauer's two printed values of c; the derived certificate
    (binomial, claimed 1 - p_f, at the largest M it admits).
    """
    xp = ctx.xp
    strat = st.tuples(st.integers(2, 40), st.floats(1e-4, 0.999), st.floats(0.2, 5.0), st.floats(0.01, 1.0),
                      st.floats(-0.5, 1.0), betas(1e-1, 1e2))

    def observe(draw):
        d, p, m, R, delta, beta = draw
        if R + delta <= 0:
            return _not_applicable()
        b = B.capacity_lower_bound_published(beta=beta, d=float(d), m=m, p_fail=p, R=R, delta=delta)
        ill = bool(to_numpy(b.ill_defined))
        val = ctx.side("published capacity lower bound", value=_f(b.value) if not ill else math.nan, kind="lower")
        a = B.capacity_a_published(d=float(d), m=m, p_fail=p, R=R, delta=delta)
        return Observation(2.0, val, applicable=bool(to_numpy(b.hypotheses_hold)), ill_defined=ill,
                           inputs={"d": d, "p_fail": p, "m": m, "R": R, "delta": delta, "beta": beta},
                           note="a has the logarithm of 2m(sqrt(p) - 1)/(R + delta) < 0: "
                                + "; ".join(a.reasons_ill_defined() or ["ill-defined"]))

    res = inequality_check(ctx, strategy=strat, observe=observe, kind="lower",
                           distributions=["d in [2, 40], p in (0, 1), m, R, delta, beta drawn; R + delta > 0"])

    # Lambert identity: the package's float C solves b/C = a + ln C (residual in mpmath, 50 digits)
    def obs_lambert(draw):
        a, bb = draw
        C = ctx.side("C (Lambert root)", value=_f(B.lambert_capacity_constant(a=a, b=bb).value))
        with mpmath.workdps(50):
            Cm = mpmath.mpf(C)
            resid = abs(bb / Cm - (a + mpmath.log(Cm))) / (abs(bb / Cm) + abs(a) + abs(mpmath.log(Cm)))
        return Observation(float(resid), TOL_ROUND, inputs={"a": a, "b": bb})

    lam = inequality_check(ctx, strategy=st.tuples(st.floats(-5.0, 5.0), betas(1e-2, 1e2)), observe=obs_lambert,
                           explicit=[(-5.0, 1e-2), (5.0, 1e2), (0.0, 1.0)], examples=max(10, ctx.profile.examples // 4),
                           distributions=["a uniform [-5, 5], b log-uniform [1e-2, 1e2]"])

    # Ramsauer's two published values of c (four decimals)
    pub_vals = []
    for kw, printed in (({"beta": 1, "K": 3, "d": 20, "p_fail": 0.001}, 3.1546),
                        ({"beta": 1, "K": 1, "d": 75, "p_fail": 0.001}, 1.3718)):
        c_pkg = ctx.side(f"c{tuple(kw.values())}", value=_f(B.ramsauer_capacity_constant(**kw).value))
        pub_vals.append({"inputs": kw, "package": c_pkg, "printed": printed,
                         "mpmath": float(B.ramsauer_capacity_constant.mp(dps=30, **kw))})
    # printed to four decimals: rounded (3.15461 -> 3.1546) or truncated (1.371878 -> 1.3718)
    vals_ok = all(v["printed"] in (round(v["package"], 4), math.floor(v["package"] * 1e4) / 1e4)
                  and abs(v["package"] - v["mpmath"]) <= TOL_ROUND * v["mpmath"] for v in pub_vals)
    vals = ctx.result("confirmed" if vals_ok else "refuted",
                       {"instances": 2, "applicable_instances": 2, "values": pub_vals,
                        "tolerance": "the printed value is the package's rounded or truncated to four decimals, "
                                     "and the package's float equals mpmath's to 1e-12"},
                       counterexample=None if vals_ok else {"values": pub_vals})

    # statistical: the derived certificate at the largest admitted M
    d, beta, m, r, pf = 8, 4.0, 1.0, 0.05, 0.2
    Mmax = max(2, int(math.floor(_f(B.capacity_certificate_patterns(d=float(d), beta=beta, m=m, r=r, p_fail=pf).value))))
    thr = 1 / beta + 2 * m * r

    def experiment(seed, n):
        rng = np.random.default_rng(seed)
        ok, ce = 0, None
        for _ in range(n):
            Xi = sampling.sphere(d, Mmax, m, seed=int(rng.integers(2**31)), xp=xp)
            good = models.min_separation(Xi) >= thr
            ok += int(good)
            if not good and ce is None:
                ce = {"Xi": _np(Xi), "min_separation": models.min_separation(Xi), "threshold": thr}
        return ok, ce

    stat = binomial_check(ctx, experiment=experiment, claimed=1 - pf,
                          distributions=[f"M = {Mmax} patterns uniform on the sphere of radius {m}, d = {d}; success: "
                                         f"Delta_min >= 1/beta + 2 m r (beta = {beta}, r = {r})"])
    parts = [("published bound (domain of a)", res),
             ("Lambert identity b/C = a + ln C (mpmath residual <= 1e-12)", lam),
             ("Ramsauer's published values of c", vals),
             (f"derived certificate: P(all {Mmax} patterns certified) >= 1 - p_f = {1 - pf}", stat)]
    return combine(ctx, parts, extra={"derived_certificate": {"M": Mmax, "d": d, "beta": beta, "m": m, "r": r,
                                                              "p_fail": pf}})


@check("hu2023/capacity-vs-dense")
def check_capacity_vs_dense(ctx):
    """``hu2023/capacity-vs-dense``: the sparse capacity bound is at least the dense one.

    Draws (d, p, m, R, delta >= 0, beta); both constants a take the logarithm of a negative
    number, so the comparison is ill-defined.  Evidence only: the delta < 0 search of
    hu2023/well-separation-weaker-than-dense (fan family), which shows that no delta >= 0
    repair exists, and the derived sparse certificate beside Ramsauer's dense bound.
    """
    strat = st.tuples(st.integers(2, 40), st.floats(1e-4, 0.999), st.floats(0.2, 5.0), st.floats(0.01, 1.0),
                      st.floats(0.0, 1.0), betas(1e-1, 1e2))

    def observe(draw):
        d, p, m, R, delta, beta = draw
        s = B.capacity_lower_bound_published(beta=beta, d=float(d), m=m, p_fail=p, R=R, delta=delta)
        dn = B.capacity_lower_bound_dense_as_quoted(beta=beta, d=float(d), m=m, p_fail=p, R=R)
        ill = bool(to_numpy(s.ill_defined)) or bool(to_numpy(dn.ill_defined))
        rhs = ctx.side("dense capacity bound", value=math.nan if ill else _f(dn.value), kind="lower")
        return Observation(math.nan if ill else _f(s.value), rhs, ill_defined=ill,
                           applicable=bool(to_numpy(s.hypotheses_hold)) and bool(to_numpy(dn.hypotheses_hold)),
                           inputs={"d": d, "p_fail": p, "m": m, "R": R, "delta": delta, "beta": beta},
                           note="both constants a take the logarithm of a negative number for every p in (0, 1)")

    res = inequality_check(ctx, strategy=strat, observe=observe, kind="lower",
                           distributions=["d in [2, 40], p in (0, 1), m, R, delta >= 0, beta drawn"])
    ds = _delta_search(ctx, ctx.xp, examples=max(10, ctx.profile.examples // 2))
    res.evidence["delta_negative_search"] = {"verdict": ds.verdict, "counterexample_delta":
                                             ds.counterexample["lhs"] if ds.counterexample else None}
    cert = _f(B.capacity_certificate_patterns(d=20.0, beta=10.0, m=3 * math.sqrt(19), r=0.1, p_fail=0.001).value)
    ram = float(B.ramsauer_capacity_lower_bound.mp(dps=30, beta=10, K=3, d=20, p_fail=0.001))
    res.evidence["reported_side_by_side (no order asserted)"] = {
        "derived sparse certificate M (d=20, beta=10, m=3 sqrt(19), r=0.1, p=1e-3)": cert,
        "Ramsauer dense bound (beta=10, K=3, d=20, p=1e-3)": ram}
    return res



@check("hu2023/exact-one-step-retrieval")
def check_exact_one_step_retrieval(ctx):
    """``hu2023/exact-one-step-retrieval``: one-hot output iff beta * query separation >= 1; ball condition.

    Draws: Gaussian scores with a gap g/beta; antipodal pairs and separated sets with beta
    around the ball threshold (pinned antipodal cases first).  Oracle: exact rational sparsemax
    of the float scores.
    """
    xp = ctx.xp
    strat = st.tuples(st.integers(2, 10), seeds(), st.floats(0.3, 2.0), betas())

    def obs_gap(draw):
        M, seed, g, beta = draw
        rng = np.random.default_rng(seed)
        z = rng.normal(size=M)
        z[0] = float(np.max(z[1:])) + g / beta        # beta * query separation = g
        thr = ctx.side("gap threshold 1/beta", value=_f(B.exact_retrieval_gap_threshold(beta=beta).value))
        predicted = (z[0] - np.max(z[1:])) >= thr * (1 - TOL_ROUND)
        theta = beta * z
        exact = sparsemax_fraction(theta)             # exact rationals of the float scores
        onehot = exact[0] == 1
        # the gap that sparsemax sees, exactly; within 1e-9 of 1 the float rounding of beta * z
        # (not the claim) decides, so neither direction counts there
        gap = Fraction(float(theta[0])) - max(Fraction(float(t)) for t in theta[1:])
        edge = abs(gap - 1) <= Fraction(1, 10**9)
        bad = (predicted and not onehot) or (not predicted and onehot)
        return Observation(float(bad and not edge), 0.0, inputs={"z": z, "beta": beta},
                           note=f"beta * gap = {float(gap)!r}")

    @_given(lambda draw: _ws_build(draw, xp))
    def obs_ball(Xi, Xn, mu, r, beta, x, Dmu):
        thr = ctx.side("ball threshold 1/beta + 2 m r",
                       value=_f(B.exact_retrieval_ball_threshold_at(Xi, mu, beta, r).value))
        T = _np(models.SparseHopfield(Xi, beta).retrieve(xp.asarray(x)))
        exact = sparsemax_fraction(beta * (Xn.T @ x))
        err = float(np.linalg.norm(T - Xn[:, mu])) + (0.0 if exact[mu] == 1 else 1.0)
        return Observation(err, TOL_ROUND * (1 + models.max_norm(Xi)), applicable=Dmu >= thr,
                           inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta, "r": r})

    explicit_gap = [(3, 1, 1.0, 2.0), (3, 1, 0.75, 2.0), (5, 2, 0.6, 0.5)]
    # exact rationals at beta * gap = 1 (one-hot) and just below (not one-hot)
    at = sparsemax_closed([Fraction(3), Fraction(2), Fraction(1, 2)])
    below = sparsemax_closed([Fraction(3) - Fraction(1, 2**40), Fraction(2), Fraction(1, 2)])
    n = max(10, ctx.profile.examples // 2)
    parts = [("one-hot iff beta * query separation >= 1", _part(ctx, strat, obs_gap, explicit=explicit_gap,
                                                                distributions=["z Gaussian, gap g/beta, g in [0.3, 2]"],
                                                                examples=n)),
             ("ball condition: T(S_mu(r)) = {xi_mu}", _part(ctx, _WS_STRAT, obs_ball, explicit=_WS_EXPLICIT,
                                                           distributions=["antipodal and separated sets"], examples=n))]
    rational_ok = at == [1, 0, 0] and below[1] > 0
    if not rational_ok:
        parts.append(("exact rationals", ctx.result("refuted", {}, counterexample={"at": str(at), "below": str(below)})))
    return combine(ctx, parts, extra={"exact_rationals": {"gap exactly 1": [str(v) for v in at],
                                                           "gap 1 - 2^-40": [str(v) for v in below]}})
