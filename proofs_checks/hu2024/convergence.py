"""Checks of convergence without an energy: fixed points and the V1 Jacobian (hu2024)."""

from __future__ import annotations

import math

import numpy as np

from hoptheory import sampling
from hoptheory.bounds import hu2024 as B
from hoptheory.models._structured import StructuredHopfield

from .._framework import Observation, check, combine
from .._instances import TOL_FD, TOL_PROPAGATED, TOL_ROUND
from ._common import (DISTS, _antipodal_explicit, _draw, _instance, _maskv, _query, _rdraw, _val, host,
                      identity_observation, n_examples, run_ineq)


# --------------------------------------------------------------------------- fixed points, Jacobian


@check("hu2024/fixed-point-convergence")
def check_fixed_point_convergence(ctx):
    """``hu2024/fixed-point-convergence``: the published hypotheses are unknown, so the verdict is
    at best ``unverified``; tested is the derived form (fixed masks containing mu, the derived
    well-separation condition and the contraction condition on S_mu(r)), for V1 and V2:

    * the limits of 8 starts in S_mu(r) agree and lie within ``m(M+k-2) exp(-beta(Delta_mu - 2mr))``
      of xi_mu;
    * geometric decay: every step ``|x_{t+1} - x_t| <= lam |x_t - x_{t-1}|`` (while the steps are
      above rounding), with the Jacobian bounds on the ball, ``lam_1 = 2 beta m^2 (M+k-2) e`` for V1
      (``hu2024/v1-jacobian``) and, for V2, ``lam_2 = beta eps D^2 (eps + (1+eps)^2)`` with
      ``eps = (k-1) e``, ``e = exp(-beta(Delta_mu - 2mr))``, ``D = max_nu |xi_mu - xi_nu|`` (from
      ``J_2 = beta sum_nu q_nu (xi_nu - T)(xi_nu - T)^T``, ``1 - q_mu <= eps`` and
      ``|xi_mu - T| <= (1 - q_mu) D``); the segment between iterates stays in the convex ball;
    * V2's energy ``E_M`` never increases along the iteration.

    Families: the antipodal pair with a small radius (r = 0.01, 0.02) and beta in {4, 6}, where the
    distance and V1 rate bounds are within a factor e^{2 beta r} of the truth; then separated
    unit-sphere memories (Delta_min >= 0.6), r = Delta_mu / 10, beta >= 20.
    """
    xp = ctx.xp
    mono = []
    decay = {"V1": [0, 0.0], "V2": [0, 0.0]}  # steps asserted, max observed ratio / lam

    def observe(p):
        if p["family"] == "antipodal":
            Xi, mu, k, r, beta = _instance(p), p["mu"], 2, p["r"], p["beta"]
            M = 2
        else:
            d, M = p["d"], min(p["M"], 6)
            Xi = host(sampling.separated(d, M, 0.6, 1.0, seed=p["seed"]))
            mu = p["mu"] % M
            k = max(1, min(p["k"], M))
            beta = 20.0 + p["beta"]
            r = None
        G = Xi.T @ Xi
        Delta = float(G[mu, mu] - max(G[mu, j] for j in range(M) if j != mu))
        r = 0.1 * Delta if r is None else r
        m = float(np.max(np.linalg.norm(Xi, axis=0)))
        e = math.exp(-beta * (Delta - 2 * m * r))
        lam1 = 2 * beta * m * m * (M + k - 2) * e
        lam1_pkg = _val(B.v1_contraction_bound_at(xp.asarray(Xi), mu, beta, k, r))
        thr = _val(B.well_separation_threshold_at(xp.asarray(Xi), beta, k, r))
        if not (lam1 < 1 and Delta >= thr):
            return Observation(0.0, 1.0, applicable=False)
        mask = _maskv(dict(p, M=M, k=k, mu=mu, masktype="random"), Xi, Xi[:, mu])
        starts = host(sampling.ball(xp.asarray(Xi), mu, r, 8, seed=p["seed"] % 10**6))
        dist_b = ctx.side("distance bound m(M+k-2)exp(-beta(Delta-2mr))", value=m * (M + k - 2) * e)
        D = float(np.max(np.linalg.norm(Xi[:, mask] - Xi[:, [mu]], axis=0)))
        eps_ = (k - 1) * e
        lam = {"V1": ctx.side("V1 decay rate bound", value=lam1),
               "V2": ctx.side("V2 decay rate bound", value=beta * eps_ * D * D * (eps_ + (1 + eps_) ** 2))}
        worst = 0.0 if abs(lam1 - lam1_pkg) <= TOL_PROPAGATED * lam1 else 2.0
        for variant in ("V1", "V2"):
            model = StructuredHopfield(xp.asarray(Xi), beta, xp.asarray(mask), variant=variant)
            lims = []
            for j in range(starts.shape[1]):
                it = model.iterate(xp.asarray(starts[:, j]), max_steps=200)
                traj = host(it.trajectory)
                lims.append(traj[-1])
                steps = np.linalg.norm(np.diff(traj, axis=0), axis=1)
                for t in range(1, len(steps)):
                    if steps[t - 1] > TOL_PROPAGATED * m and steps[t] > TOL_ROUND * m:
                        ratio = steps[t] / (lam[variant] * steps[t - 1])
                        decay[variant][0] += 1
                        decay[variant][1] = max(decay[variant][1], ratio)
                        worst = max(worst, ratio)
                if variant == "V2":
                    E = np.asarray(host(it.energies)) if it.energies is not None else np.array([])
                    mono.append(bool(np.all(np.diff(E) <= TOL_ROUND * (1 + np.abs(E[:-1])))) if E.size > 1 else True)
            L = np.stack(lims, axis=1)
            spread = float(np.max(np.linalg.norm(L - L[:, :1], axis=0)))
            dist = float(np.max(np.linalg.norm(L - Xi[:, [mu]], axis=0)))
            worst = max(worst, dist / dist_b if dist_b > 0 else (math.inf if dist > 0 else 0.0),
                        (1.0 + spread) if spread > TOL_PROPAGATED else 0.0)
        if mono and not mono[-1]:
            worst = max(worst, 2.0)
        return Observation(worst, 1.0, inputs=dict(Xi=Xi, mu=mu, r=r, beta=beta, k=k, mask=mask))

    rng = ctx.rng("fixed-point-families")
    tight = [dict(_antipodal_explicit("V1", 2, b), d=int(rng.integers(2, 5)), r=rr, seed=int(rng.integers(2**31)))
             for b in (6.0, 4.0) for rr in (0.01, 0.02)]
    r = run_ineq(ctx, strategy=_draw(d=(3, 6), M=(2, 6)), observe=observe, examples=n_examples(ctx, 4),
                 families={"antipodal pair, small radius (bounds within e^{2 beta r} of the truth)": tight},
                 distributions=["antipodal pair, r in {0.01, 0.02}, beta in {4, 6}",
                                "separated unit-sphere patterns (Delta_min >= 0.6), r = Delta_mu/10, beta >= 20",
                                "fixed random masks containing mu; 8 starts in S_mu(r); V1 and V2"])
    r.evidence["v2_energy_monotone_runs"] = [sum(mono), len(mono)]
    r.evidence["decay_steps_asserted_and_max_ratio_over_bound"] = decay
    return combine(ctx, [("derived: limits, distance bound, geometric decay, V2 energy descent", r)],
                   verdict_if_ok="unverified",
                   extra={"decay_steps_asserted_and_max_ratio_over_bound": decay},
                   notes="derived forms (fixed masks, contraction condition); the published hypotheses are unknown")


@check("hu2024/v1-jacobian")
def check_v1_jacobian(ctx):
    """``hu2024/v1-jacobian``: the analytic Jacobian of V1 and the bound on its norm.

    Draws: unit-sphere, Gaussian and ±1 memories, queries uniform at radius rf R, displaced
    towards a competitor or Gaussian around xi_mu, fixed random or window masks containing mu;
    pinned: the antipodal pair (the tight case).  Oracle: central differences of the package's map
    (step 1e-6 |x|), compared at the fd tolerance after scaling by beta m^2; the asymmetry
    ||J - J^T|| is reported.
    """
    xp = ctx.xp
    asym = []

    def observe(p):
        Xi = _instance(p)
        x, _ = _query(p, Xi)
        mask = _maskv(dict(p, masktype="random" if p["masktype"] == "topk" else p["masktype"]), Xi, x)
        mu = p["mu"]
        model = StructuredHopfield(xp.asarray(Xi), p["beta"], xp.asarray(mask), variant="V1")
        J = host(model.jacobian(xp.asarray(x)))
        h = 1e-6 * max(1.0, float(np.linalg.norm(x)))
        Jfd = np.zeros_like(J)
        for j in range(len(x)):
            e = np.zeros_like(x); e[j] = h
            Jfd[:, j] = (host(model.retrieve(xp.asarray(x + e))) - host(model.retrieve(xp.asarray(x - e)))) / (2 * h)
        scale = p["beta"] * float(np.max(np.linalg.norm(Xi, axis=0))) ** 2
        o1 = identity_observation(ctx, "analytic V1 Jacobian", J / scale, Jfd / scale, {}, tol=TOL_FD)
        asym.append(float(np.linalg.norm(J - J.T, 2)))
        nrm = float(np.linalg.norm(J, 2))
        b = ctx.side("Jacobian norm bound", value=_val(B.v1_jacobian_norm_bound_at(
            xp.asarray(Xi), xp.asarray(x), mu, p["beta"], xp.asarray(mask))))
        bad = o1.lhs > o1.rhs
        return Observation(nrm + (10 * b + 1 if bad else 0.0), b, trivial=None,
                           inputs=dict(Xi=Xi, x=x, mu=mu, beta=p["beta"], mask=mask), note=f"FD error {o1.lhs:.3g}")

    explicit = [_antipodal_explicit("V1", 1, 6.0), _antipodal_explicit("V1", 2, 6.0)]
    r = run_ineq(ctx, strategy=_rdraw(), observe=observe, explicit=explicit, examples=n_examples(ctx, 2),
                 distributions=DISTS + ["V1 with fixed masks containing mu; antipodal pair (tight case)"])
    r.evidence["asymmetry_norm_J_minus_JT"] = {"max": max(asym) if asym else None,
                                               "nonzero_fraction": (sum(a > TOL_ROUND for a in asym) / len(asym)) if asym else None}
    return r
