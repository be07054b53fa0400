r"""Checks of the retrieval-error claims of the GSH model (wu2024, Theorem 3.1 and its remarks).

The one-step error is :math:`\mathrm{err}_\alpha(x)=\Vert T_\alpha(x)-\xi_\mu\Vert` (softmax at α = 1).  Every
counterexample is re-evaluated with α-entmax and softmax in mpmath at 50 digits (:mod:`._common`).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import models
from hoptheory.bounds import hu2023 as H
from hoptheory.bounds import wu2024 as B

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_CONVERSION, TOL_ROUND
from .._oracles import sparsemax_fraction
from .._strategies import Instance, instances
from ..hu2023._common import _QUERY, _ball_setup, _fan_family, _fixed_or_ball
from ..peters2019._oracles import entmax15_exact
from ._common import DPS, host, model, mp_error, mp_weights

_STD = ("sphere", "gaussian", "binary")
#: α >= 2 of the sparse regime's grid.
SPARSE_ALPHAS = (2.0, 2.5, 3.0, 4.0)


def _err(xp, Xi, x, mu, beta, alpha) -> float:
    return float(host(model(xp, Xi, beta, alpha).error(xp.asarray(x), mu)))


def _pair_obs(ctx, xp, side_name):
    """err(alpha) <= err(alpha_low) at a draw ``(instance, alpha_low, alpha)``: a fan member or a ball draw."""
    def observe(draw):
        inst, a_lo, a_hi = draw
        s = _fixed_or_ball(inst, xp)
        if s is None:
            return Observation(0.0, 1.0, applicable=False)
        Xi, Xn, x, mu, beta, R = s
        e_hi = _err(xp, Xn, x, mu, beta, a_hi)
        e_lo = ctx.side(side_name, value=_err(xp, Xn, x, mu, beta, a_lo))
        inside = float(np.linalg.norm(x - Xn[:, mu])) <= R * (1 + TOL_ROUND)
        return Observation(e_hi, e_lo, applicable=Xn.shape[1] >= 2 and inside, trivial=2 * models.max_norm(Xn),
                           inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta, "alpha": a_hi, "alpha_low": a_lo})
    return observe


def _pair_reeval(o):
    a = o.inputs
    return (mp_error(a["Xi"], a["x"], a["beta"], a["mu"], a["alpha"]),
            mp_error(a["Xi"], a["x"], a["beta"], a["mu"], a["alpha_low"]))


_PAIR_REPRO = ("from hoptheory.models import EntmaxHopfield, DenseHopfield\n"
               "Xi, x, mu, beta = np.array(ce['Xi']), np.array(ce['x']), ce['mu'], ce['beta']\n"
               "lhs = float(EntmaxHopfield(Xi, beta, ce['alpha']).error(x, mu))\n"
               "lo = ce['alpha_low']\n"
               "rhs = float((DenseHopfield(Xi, beta) if lo == 1 else EntmaxHopfield(Xi, beta, lo)).error(x, mu))\n")


def _ball_draw(alphas, beta=(1e-1, 1e2)):
    return st.tuples(instances(("sphere",), d=(2, 6), M=(3, 10), beta=beta), _QUERY).flatmap(
        lambda t: st.tuples(st.just(t), alphas))


def _chain_part(ctx, xp, alphas, n):
    r"""The corrected chain where :math:`\xi_\mu` has the top score, asserted on ball draws:
    :math:`\mathrm{err}_\alpha\le2m(1-p^{(\alpha)}_\mu)\le2m(1-p^{\rm soft}_\mu)\le2m(M-1)e^{-\beta\tilde\Delta_\mu}`."""
    def observe(draw):
        s = _ball_setup(draw[0], xp)
        if s is None:
            return Observation(0.0, 1.0, applicable=False)
        inst, Xi, Xn, x, R = s
        alpha, mu, beta = draw[1], inst.mu, inst.beta
        top = float(host(models.query_separation(Xn, x, mu))) >= 0
        links = [_err(xp, Xn, x, mu, beta, alpha),
                 float(host(B.retrieval_error_weight_bound_at(Xn, x, mu, beta, alpha).value)),
                 float(host(B.retrieval_error_weight_bound_at(Xn, x, mu, beta, 1.0).value)),
                 float(host(H.dense_error_bound_query_at(Xn, x, mu, beta).value))]
        links[1] = ctx.side("2m(1 - p_mu^alpha)", value=links[1])
        worst = max((a - b) / (1.0 + abs(b)) for a, b in zip(links, links[1:]) if math.isfinite(b))
        return Observation(worst, TOL_ROUND, applicable=top, inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta,
                                                                     "alpha": alpha})
    return inequality_check(ctx, strategy=_ball_draw(alphas), observe=observe, examples=n, atol=0.0, rtol=0.0,
                            distributions=["sphere patterns, x in S_mu(R) uniform or on rays, xi_mu top score"])


# --------------------------------------------------------------------------- alpha >= 2


@check("wu2024/retrieval-error-sparse-regime")
def check_retrieval_error_sparse_regime(ctx):
    r"""``wu2024/retrieval-error-sparse-regime``: the published :math:`\alpha\ge2` bound of Theorem 3.1.

    * **published bound** (search): the standard families (sphere, Gaussian, ±1), queries uniform in
      :math:`S_\mu(rR)` or on rays, β in [0.01, 100], α in {2, 2.5, 3, 4} or uniform in [2, 6]; the error
      against ``retrieval_error_sparse_regime_published_at``, vacuity against the trivial :math:`2m`.
      Oracle: the error in mpmath.
    * **sandwich**: :math:`\mathrm{err}\le2m\le m(1+\sqrt d)\le\mathrm{RHS}<m(1+\sqrt d(1+\kappa/(\alpha-1)))` at
      every instance of the search.
    * **weight bound**: :math:`\mathrm{err}\le2m(1-p^{(\alpha)}_\mu)` where :math:`\xi_\mu` has the top score.
    * **exact retrieval**: with :math:`\beta=(1+s)/((\alpha-1)\tilde\Delta_\mu(x))`, s in [0, 1/2], one update
      returns :math:`\xi_\mu` (error at most :math:`10^{-12}m`); at s = 0 a halved margin leaves the
      runner-up a positive weight.
    """
    xp = ctx.xp
    alphas = st.one_of(st.sampled_from(SPARSE_ALPHAS), st.floats(2.0, 6.0))
    strat = st.tuples(st.tuples(instances(_STD), _QUERY), alphas)
    sand = {"instances": 0, "violations": 0, "min_rhs_over_2m": math.inf}

    def observe(draw):
        s = _ball_setup(draw[0], xp)
        if s is None:
            return Observation(0.0, 1.0, applicable=False)
        inst, Xi, Xn, x, R = s
        alpha = float(draw[1])
        m = models.max_norm(Xn)
        err = _err(xp, Xn, x, inst.mu, inst.beta, alpha)
        b = B.retrieval_error_sparse_regime_published_at(Xn, x, inst.mu, inst.beta, alpha)
        value = float(host(b.value))
        rhs = ctx.side("published bound (alpha >= 2)", value=value)
        kappa = float(host(model(xp, Xn, inst.beta, alpha).support_size(xp.asarray(x))))
        floor = float(host(H.retrieval_error_sparsity_bound_floor(m=m, d=float(inst.d)).value))
        ceil_ = float(host(B.retrieval_error_sparse_regime_ceiling(m=m, d=float(inst.d), alpha=alpha,
                                                                    kappa=kappa).value))
        ok = bool(host(b.hypotheses_hold))
        if ok:
            sand["instances"] += 1
            sand["min_rhs_over_2m"] = min(sand["min_rhs_over_2m"], value / (2 * m))
            sand["violations"] += int(not (err <= 2 * m * (1 + TOL_ROUND) and 2 * m <= floor * (1 + TOL_ROUND)
                                           and floor <= value * (1 + TOL_ROUND) and value < ceil_))
        return Observation(err, rhs, applicable=ok, trivial=2 * m,
                           inputs={"Xi": Xn, "x": x, "mu": inst.mu, "beta": inst.beta, "alpha": alpha})

    main = inequality_check(ctx, strategy=strat, observe=observe, reevaluate=lambda o: (
        mp_error(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"], o.inputs["mu"], o.inputs["alpha"]), o.rhs),
        distributions=["sphere, Gaussian and +-1 patterns; x in S_mu(rR) uniform or on rays; "
                       "alpha in {2, 2.5, 3, 4} or U[2, 6]"])
    sw = ctx.result("refuted" if sand["violations"] else "confirmed",
                    {"applicable_instances": sand["instances"], **sand,
                     "distributions": ["the applicable instances of the search"]},
                    counterexample={"sandwich": dict(sand)} if sand["violations"] else None)
    n = max(10, ctx.profile.examples // 2)
    parts = [("published bound (search)", main),
             ("err <= 2m <= m(1 + sqrt d) <= RHS < m(1 + sqrt d (1 + kappa/(alpha-1)))", sw),
             ("weight bound err <= 2m(1 - p_mu)", _chain_part(ctx, xp, alphas, n)),
             ("exact retrieval beyond the margin", _exact_part(ctx, xp, alphas, n))]
    return combine(ctx, parts)


def _exact_part(ctx, xp, alphas, n):
    """One update returns xi_mu when beta qsep >= 1/(alpha - 1) (the margin), on ball draws."""
    def observe(draw):
        (d0, q), alpha, s = draw
        st_ = _ball_setup((d0, q), xp)
        if st_ is None:
            return Observation(0.0, 1.0, applicable=False)
        inst, Xi, Xn, x, R = st_
        qsep = float(host(models.query_separation(Xn, x, inst.mu)))
        if not qsep > 0:
            return Observation(0.0, 1.0, applicable=False)
        lam = ctx.side("margin 1/(alpha - 1)", value=float(host(B.exact_retrieval_query_sep_threshold(alpha, 1.0)
                                                                 .value)))
        beta = lam * (1 + s) / qsep
        err = _err(xp, Xn, x, inst.mu, beta, alpha)
        return Observation(err, 1e-12 * models.max_norm(Xn), trivial=2 * models.max_norm(Xn),
                           inputs={"Xi": Xn, "x": x, "mu": inst.mu, "beta": beta, "alpha": alpha})

    strat = st.tuples(st.tuples(instances(("sphere", "gaussian"), d=(2, 6), M=(2, 10)), _QUERY), alphas,
                      st.sampled_from((0.0, 0.0, 0.1, 0.5)))
    return inequality_check(ctx, strategy=strat, observe=observe, examples=n, atol=0.0, rtol=0.0,
                            reevaluate=lambda o: (mp_error(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"],
                                                           o.inputs["mu"], o.inputs["alpha"]), o.rhs),
                            distributions=["sphere and Gaussian patterns, x in S_mu(rR) with xi_mu on top, "
                                           "beta = (1 + s)/((alpha - 1) qsep)"])


# --------------------------------------------------------------------------- 1 <= alpha <= 2


@check("wu2024/retrieval-error-dense-regime")
def check_retrieval_error_dense_regime(ctx):
    r"""``wu2024/retrieval-error-dense-regime``: err_α <= err_dense <= 2m(M-1)exp(-β(<ξ_μ,x> - max_ν <ξ_μ,ξ_ν>)).

    * **first inequality, α = 2** and **first inequality, α in (1, 2)**: the fan family (two competitors
      symmetric about :math:`\xi_\mu`, query on the ray towards one, :math:`\beta m^2` near 1) with α = 2 and
      α drawn uniform in [1.05, 1.95], then Hypothesis draws (sphere patterns, queries in
      :math:`S_\mu(R)`).  Oracle: both errors in mpmath.
    * **second inequality, both readings**: regular polygons in d = 2 with overshooting queries (pinned),
      then sphere draws; the dense error against ``retrieval_error_dense_regime_published_at``.  Oracle:
      the dense error and the bound in mpmath.
    * **corrected chain** (asserted): :math:`\mathrm{err}_\alpha\le2m(1-p^{(\alpha)}_\mu)\le2m(1-p^{\rm soft}_\mu)
      \le2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}` where :math:`\xi_\mu` has the top score.
    """
    xp = ctx.xp
    rng = ctx.rng("fan")
    fan2 = [(f, 1.0, 2.0) for f in _fan_family(rng, 6)]
    fan_mid = [(f, 1.0, float(rng.uniform(1.05, 1.95))) for f in _fan_family(rng, 6)]
    first = [
        ("first inequality at alpha = 2", fan2, st.just(2.0)),
        ("first inequality at alpha in (1, 2)", fan_mid, st.floats(1.05, 1.95)),
    ]
    parts = []
    for name, fam, alphas in first:
        parts.append((name, inequality_check(
            ctx, strategy=_ball_draw(alphas).map(lambda t: (t[0], 1.0, t[1])),
            observe=_pair_obs(ctx, xp, "dense error"), reevaluate=_pair_reeval, reproduce=_PAIR_REPRO, families={"fan": fam},
            examples=max(10, ctx.profile.examples // 2),
            distributions=["fan: two competitors symmetric about xi_mu, x on the ray towards one",
                           "sphere patterns, x in S_mu(R) uniform or on rays"])))

    def second_obs(draw):
        s = _ball_setup(draw[:2], xp)
        if s is None:
            return Observation(0.0, 1.0, applicable=False)
        inst, Xi, Xn, x, R = s
        alpha, reading = draw[2], draw[3]
        err = _err(xp, Xn, x, inst.mu, inst.beta, 1.0)
        b = B.retrieval_error_dense_regime_published_at(Xn, x, inst.mu, inst.beta, alpha, reading=reading)
        ill = bool(host(b.ill_defined))
        rhs = ctx.side("published dense bound", value=math.nan if ill else float(host(b.value)))
        return Observation(err, rhs, applicable=bool(host(b.hypotheses_hold)), ill_defined=ill,
                           trivial=2 * models.max_norm(Xn),
                           inputs={"Xi": Xn, "x": x, "mu": inst.mu, "beta": inst.beta, "reading": reading})

    def second_reeval(o):
        a = o.inputs
        Xn, x, mu, beta = a["Xi"], a["x"], a["mu"], a["beta"]
        with mpmath.workdps(DPS):
            xs = [mpmath.mpf(float(v)) for v in x]
            xi = [mpmath.mpf(float(v)) for v in Xn[:, mu]]
            over = [mpmath.fsum(u * mpmath.mpf(float(v)) for u, v in zip(xi, Xn[:, j])) for j in range(Xn.shape[1])]
            if a["reading"] == "others":
                over = [v for j, v in enumerate(over) if j != mu]
            m = max(mpmath.sqrt(mpmath.fsum(mpmath.mpf(float(v)) ** 2 for v in Xn[:, j])) for j in range(Xn.shape[1]))
            score = mpmath.fsum(u * v for u, v in zip(xi, xs))
            bound = 2 * m * (Xn.shape[1] - 1) * mpmath.exp(-mpmath.mpf(float(beta)) * (score - max(over)))
        return mp_error(Xn, x, beta, mu, 1), float(bound)

    polygons = [(Instance("polygon", 2, M, 1.0, beta, 0, 0, 1.0), ("ray", a), 1.5, rd)
                for M, beta in ((12, 100.0), (8, 60.0)) for a in (0.0, 0.3) for rd in ("others", "all")]
    strat = st.tuples(instances(("sphere",), d=(2, 6), M=(2, 12), beta=(1e-1, 1e2)), _QUERY,
                      st.floats(1.0, 2.0), st.sampled_from(["all", "others"]))
    parts.append(("second inequality, both readings of the max", inequality_check(
        ctx, strategy=strat, observe=second_obs, reevaluate=second_reeval, explicit=polygons,
        examples=max(10, ctx.profile.examples // 2),
        distributions=["regular polygons in d = 2 with overshooting queries (pinned)", "sphere patterns, x in S_mu(R)"])))
    parts.append(("corrected chain (xi_mu on top)",
                  _chain_part(ctx, xp, st.floats(1.0, 2.0), max(10, ctx.profile.examples // 2))))
    return combine(ctx, parts)


# --------------------------------------------------------------------------- monotonicity in alpha


@check("wu2024/error-monotone-alpha")
def check_error_monotone_alpha(ctx):
    r"""``wu2024/error-monotone-alpha``: the retrieval error is non-increasing in α (same β and x).

    * **error** (search): α = 1 against α = 2 on the fan family, then pairs α < α' drawn from
      {1, 1.25, 1.5, 2, 3} on sphere draws with queries in :math:`S_\mu(R)`.  Oracle: both errors in mpmath.
    * **top weight on grids** (corrected form, asserted): where :math:`\xi_\mu` has the top score,
      :math:`p^{(\alpha)}_\mu` is non-decreasing along α in {1, 1.1, 1.25, 1.5, 2, 2.5, 3, 4, 6}.
    * **exact rationals**: the top sparsemax weight (:class:`~fractions.Fraction`) and the exact
      1.5-entmax top weight are at least the softmax top weight in mpmath.
    """
    xp = ctx.xp
    fan = [(f, 1.0, 2.0) for f in _fan_family(ctx.rng("fan"), 6)]
    pairs = st.sampled_from([(1.0, 1.5), (1.0, 2.0), (1.25, 2.0), (1.5, 3.0), (2.0, 3.0), (1.0, 3.0)])
    strat = st.tuples(instances(("sphere",), d=(2, 6), M=(3, 10), beta=(1e-1, 1e2)), _QUERY).flatmap(
        lambda t: pairs.map(lambda ab: (t, ab[0], ab[1])))
    main = inequality_check(ctx, strategy=strat, observe=_pair_obs(ctx, xp, "error at the smaller alpha"),
                            reevaluate=_pair_reeval, reproduce=_PAIR_REPRO, families={"fan, alpha 1 vs 2": fan},
                            distributions=["fan family (alpha 1 vs 2)", "sphere patterns, x in S_mu(R), alpha pairs"])
    grid = (1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0)

    def weights_obs(draw):
        rng = np.random.default_rng(draw["seed"])
        theta = rng.standard_normal(draw["M"]) * draw["scale"]
        top = int(np.argmax(theta))
        w = [float(host(model(np, np.eye(draw["M"]), 1.0, a).weights(theta))[top]) for a in grid]
        drop = max(w[j] - ctx.side("top weight at the larger alpha", value=w[j + 1]) for j in range(len(grid) - 1))
        return Observation(drop, TOL_ROUND, inputs={"theta": theta})

    wstrat = st.fixed_dictionaries({"M": st.integers(2, 12), "scale": st.floats(0.1, 10.0),
                                    "seed": st.integers(0, 2**31 - 1)})
    exact = _exact_top_weights(ctx)
    return combine(ctx, [("error non-increasing in alpha (search)", main),
                         ("top weight non-decreasing on alpha grids", inequality_check(
                             ctx, strategy=wstrat, observe=weights_obs, examples=max(10, ctx.profile.examples // 2),
                             atol=0.0, rtol=0.0, distributions=["theta Gaussian of scale U[0.1, 10], M in [2, 12]"])),
                         ("exact top weights at alpha 1.5 and 2 vs mpmath softmax", exact)])


def _exact_top_weights(ctx):
    """Sparsemax in exact rationals and exact 1.5-entmax against softmax at 50 digits (top coordinate)."""
    rng = ctx.rng("exact top")
    bad, n = [], 0
    for _ in range(max(20, ctx.profile.examples)):
        theta = np.round(rng.standard_normal(int(rng.integers(2, 10))) * 10 ** rng.uniform(-1, 1), 4)
        top = int(np.argmax(theta))
        with mpmath.workdps(DPS):
            soft = mp_weights(theta, 1)[top]
        sp = sparsemax_fraction(theta)[top]
        e15 = entmax15_exact(theta)[0][top]
        n += 1
        if float(sp) < float(soft) - TOL_CONVERSION or float(e15) < float(soft) - TOL_CONVERSION:
            bad.append({"theta": theta.tolist(), "sparsemax": str(sp), "entmax15": e15, "softmax": float(soft)})
    ev = {"instances": n, "applicable_instances": n, "violations": len(bad),
          "distributions": ["theta Gaussian of scale 10^U[-1, 1] rounded to 1e-4, M in [2, 9]"]}
    return ctx.result("refuted" if bad else "confirmed", ev, counterexample={"violations": bad[:3]} if bad else None)

