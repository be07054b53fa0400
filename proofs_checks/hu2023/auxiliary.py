"""Checks of the auxiliary results of Hu et al. 2023 (optimisation tools, angle inequality)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import maps, models
from hoptheory.bounds import hu2023 as B

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_PROPAGATED
from .._oracles import DPS, gini_conjugate_dual
from .._strategies import Instance, instances
from ._common import _np, _f, _part, _given, _energy_step, _fam, _STD, _gaussian_setup

__all__: list[str] = []


@check("hu2023/aux-optimization-tools")
def check_aux_optimization_tools(ctx):
    """``hu2023/aux-optimization-tools``: the conditions of Danskin, Zangwill and CCCP as used.

    Draws: the standard families, x Gaussian or 3 xi_mu (pinned one-hot case).  Oracles: the 1-D
    dual of the conjugate; strict concavity gap at Dirichlet points.  Parts: unique maximiser,
    iterates in conv Xi, continuity (Lipschitz), CCCP decrease.
    """
    xp = ctx.xp
    strat = st.tuples(instances(_STD), st.floats(-1.0, 1.0), st.sampled_from(["gauss", "pattern"]))

    def setup(draw):
        s = _gaussian_setup(draw[:2], xp, 31)
        if s is None or draw[2] != "pattern":
            return s
        inst, Xi, Xn, _ = s
        return inst, Xi, Xn, Xn[:, inst.mu] * 3.0

    @_given(setup)
    def obs_unique(inst, Xi, Xn, x):
        th = inst.beta * (Xn.T @ x)
        p = ctx.side("maximiser of <p, theta> - Omega(p)", value=_np(maps.sparsemax(xp.asarray(th))))
        # any other simplex point is strictly worse (strict concavity): value gap >= ||q - p||^2 / 2
        rng = np.random.default_rng(inst.seed)
        q = rng.dirichlet(np.ones(inst.M))
        val = lambda v: float(v @ th - 0.5 * (v @ v - 1))  # noqa: E731
        lhs = max(abs(val(p) - gini_conjugate_dual(th)) / (1 + abs(val(p))) / TOL_PROPAGATED,
                  (val(q) - val(p) + 0.5 * float((q - p) @ (q - p))) / (TOL_PROPAGATED * (1 + abs(val(p)))))
        return Observation(lhs, 1.0, inputs={"theta": th, "q": q})

    @_given(setup)
    def obs_compact(inst, Xi, Xn, x):
        T = _np(models.SparseHopfield(Xi, inst.beta).retrieve(xp.asarray(x)))
        return Observation(float(np.linalg.norm(T)), ctx.side("m (T(x) in conv Xi)", value=models.max_norm(Xi)),
                           inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    @_given(setup)
    def obs_cont(inst, Xi, Xn, x):
        eta = np.random.default_rng(inst.seed + 2).normal(size=inst.d) * 1e-3
        mo = models.SparseHopfield(Xi, inst.beta)
        dT = _f(xp.linalg.vector_norm(mo.retrieve(xp.asarray(x + eta)) - mo.retrieve(xp.asarray(x))))
        bb = ctx.side("Lipschitz bound (continuity of T)", value=_f(B.sparse_lipschitz_bound_at(Xi, inst.beta, xp.asarray(eta)).value))
        return Observation(dT, bb, inputs={"Xi": Xn, "x": x, "eta": eta, "beta": inst.beta})

    @_given(setup)
    def obs_cccp(inst, Xi, Xn, x):
        _, _, E0, E1, step = _energy_step(models.SparseHopfield(Xi, inst.beta), x, xp)
        rhs = ctx.side("1/2 ||T(x) - x||^2 (CCCP decrease)", value=step * step / 2, kind="lower")
        return Observation(E0 - E1, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    fam = _fam(*_STD) + ["x Gaussian (scale 0.1..10) or 3 xi_mu (one-hot region)"]
    n = max(10, ctx.profile.examples // 2)
    ex = [(Instance("sphere", 3, 5, 1.0, 50.0, 3, 0, 1.0), 0.0, "pattern")]
    parts = [("unique maximiser (strict concavity)", _part(ctx, strat, obs_unique, explicit=ex, distributions=fam, examples=n)),
             ("iterates in conv Xi (compact)", _part(ctx, strat, obs_compact, explicit=ex, distributions=fam, examples=n)),
             ("T continuous (Lipschitz)", _part(ctx, strat, obs_cont, explicit=ex, distributions=fam, examples=n)),
             ("CCCP decreases H_beta", _part(ctx, strat, obs_cccp, kind="lower", explicit=ex, distributions=fam,
                                             examples=n))]
    return combine(ctx, parts)


@check("hu2023/aux-angle-inequality")
def check_aux_angle_inequality(ctx):
    """``hu2023/aux-angle-inequality``: 1 - cos(alpha) >= alpha^2/5 on [0, pi].

    Draws: alpha uniform (pinned pi, 3, 1e-3), mpmath at 40 digits; a certified interval sweep
    of [0.5, pi] and a Taylor argument on [0, 0.5].
    """

    def observe(a):
        with mpmath.workdps(DPS):
            lhs = float(1 - mpmath.cos(mpmath.mpf(a)))
        rhs = ctx.side("alpha^2 / 5", value=_f(B.angle_cosine_lower_bound(alpha=a).value), kind="lower")
        return Observation(lhs, rhs, inputs={"alpha": a})

    res = inequality_check(ctx, strategy=st.floats(0.0, math.pi), observe=observe, kind="lower",
                           explicit=[math.pi, 3.0, 1e-3], distributions=["alpha uniform on [0, pi] (mpmath, 40 digits)"])
    # certified sweep: on [0, 0.5] use 1 - cos a >= a^2/2 - a^4/24 >= a^2/5 (a^2 <= 7.2); intervals elsewhere
    old = mpmath.iv.prec
    mpmath.iv.prec = 80
    try:
        N = int(200 * max(ctx.profile.fraction, 0.25))
        edges = [0.5 + (math.pi - 0.5) * k / N for k in range(N + 1)]
        ok = True
        for lo, hi in zip(edges, edges[1:]):
            I = mpmath.iv.mpf([lo, hi])
            g = (1 - mpmath.iv.cos(I)) - I * I / 5
            ok = ok and g.a >= 0
    finally:
        mpmath.iv.prec = old
    res.evidence["certified_interval_sweep"] = {"intervals": N, "all lower ends >= 0": bool(ok),
                                                "[0, 0.5]": "Taylor: 1 - cos a >= a^2/2 - a^4/24 >= a^2/5 for a^2 <= 7.2"}
    if not ok and res.verdict == "confirmed":
        res.verdict = "unverified"
        res.notes += " the certified sweep could not prove the inequality on every interval."
    return res
