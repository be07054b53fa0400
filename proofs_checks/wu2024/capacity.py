r"""Check of the exponential capacity of the GSH model (wu2024): the margin certificate, statistically.

Patterns i.i.d. uniform on the sphere of radius m in :math:`\mathbb R^d`, α-entmax with margin
:math:`\lambda=1/(\alpha-1)`, :math:`\lambda/\beta+2mr\le m^2`.  If
:math:`\frac{M(M-1)}4I_{\sin^2\varphi^\star}(\tfrac{d-1}2,\tfrac12)\le p_{\rm f}`
(``bounds.wu2024.margin_capacity_failure_probability``) every pattern is retrieved exactly in one
step from :math:`S_\mu(r)` with probability at least :math:`1-p_{\rm f}`.
"""

from __future__ import annotations

import numpy as np

from hoptheory import models
from hoptheory.bounds import hu2023 as H
from hoptheory.bounds import wu2024 as B

from .._framework import binomial_check, check, combine
from ._common import host, sphere

D, RADIUS_M, R, P_FAIL = 24, 1.0, 0.05, 0.1
#: α → β with λ/β = 0.3 (λ = 1/(α - 1)).
ALPHAS = {1.5: 2.0 / 0.3, 3.0: 0.5 / 0.3}


def certified_count(d: int, alpha: float, beta: float, m: float, r: float, p_fail: float) -> int:
    """The largest integer M with the union bound at most p_fail (the floor of ``margin_capacity_patterns``)."""
    M = int(float(host(B.margin_capacity_patterns(d, alpha, beta, m, r, p_fail, strict=True).value)))
    while float(host(B.margin_capacity_failure_probability(M, d, alpha, beta, m, r).value)) > p_fail:
        M -= 1
    return M


def _decide(ctx, claimed: float, **binomial):
    """The binomial test of probability >= ``claimed``; ``refuted`` on its face when a (mutated) claim exceeds 1."""
    if claimed <= 1.0:
        return binomial_check(ctx, claimed=claimed, **binomial)
    return ctx.result("refuted", {"claimed_probability": claimed}, counterexample={"claimed_probability": claimed})


def _unit(rng: np.random.Generator, d: int) -> np.ndarray:
    """A uniform unit vector of R^d."""
    g = rng.standard_normal(d)
    return g / np.linalg.norm(g)


def _published_reading() -> dict:
    """Evidence only: the published form with Hu et al. 2023's constants, at a point of its hypotheses."""
    res = H.capacity_lower_bound_published(beta=1.0, d=20, m=3.0, p_fail=0.001, R=0.5, delta=0.1)
    return {"reading": "constants as in Hu et al. 2023 (hu2023.capacity_lower_bound_published)",
            "point": {"beta": 1.0, "d": 20, "m": 3.0, "p_fail": 0.001, "R": 0.5, "delta": 0.1},
            "ill_defined": bool(host(res.ill_defined)), "reasons": sorted(k for k, v in res.ill_defined_reasons.items() if bool(host(v))),
            "why": "ln[2m(sqrt(p) - 1)/(R + delta)] takes the log of a negative number for every p in (0, 1)"}


@check("wu2024/capacity", stat_parts=2)
def check_capacity(ctx):
    r"""``wu2024/capacity``: the published constants are unconfirmed, so the verdict is at best ``unverified``.

    Tested: the derived margin certificate at d = 24, m = 1, r = 0.05, :math:`\lambda/\beta=0.3`,
    :math:`p_{\rm f}=0.1`, at the largest M it admits, for α = 1.5 (λ = 2) and α = 3 (λ = 1/2): a trial
    succeeds when every pattern meets :math:`\beta(\Delta_\mu-r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert)\ge\lambda`
    and one update of α-entmax from a uniform point of the boundary of :math:`S_\mu(r)` returns
    :math:`\xi_\mu` (to 1e-12).  One-sided Clopper–Pearson test of probability at least :math:`1-p_{\rm f}`.
    Reported: the published form under the reading "constants of Hu et al. 2023" (ill-defined there).
    """
    trials = max(200, ctx.profile.trials // 4)
    parts, counts = [], {}
    for alpha, beta in ALPHAS.items():
        lam = 1.0 / (alpha - 1.0)
        M = certified_count(D, alpha, beta, RADIUS_M, R, P_FAIL)
        counts[f"alpha = {alpha}"] = M

        def experiment(seed, n, alpha=alpha, beta=beta, lam=lam, M=M):
            rng = np.random.default_rng(seed)
            ok, ce = 0, None
            for t in range(n):
                Xi = sphere(D, M, RADIUS_M, int(rng.integers(2**31)))
                mdl = models.EntmaxHopfield(Xi, beta, alpha)
                # the certificate beta (Delta_mu - r max_nu ||xi_mu - xi_nu||) >= lambda, for every mu
                far = np.linalg.norm(Xi[:, :, None] - Xi[:, None, :], axis=0).max(axis=1)
                certified = bool(np.all(beta * (host(models.pattern_separation(Xi)) - R * far) >= lam))
                # one update from a uniform point of the boundary of S_mu(r), one query at a time
                exact = all(float(host(mdl.error(Xi[:, mu] + R * _unit(rng, D), mu))) <= 1e-12 for mu in range(M))
                ok += certified and exact
                if not (certified and exact) and ce is None:
                    ce = {"seed": seed, "trial": t, "alpha": alpha, "M": M, "certified": certified, "exact": exact}
            return ok, ce

        claimed = ctx.side(f"claimed probability 1 - p_f (alpha = {alpha})", value=1.0 - P_FAIL, kind="lower")
        dists = [f"M = {M} i.i.d. uniform on the sphere of radius {RADIUS_M} in R^{D}, alpha = {alpha}, "
                 f"beta = {beta:.4g}, r = {R}"]
        parts.append((f"certificate, alpha = {alpha}", _decide(ctx, claimed, experiment=experiment, trials=trials,
                                                               distributions=dists, extra={"M": M})))
    parts.append(("published form, constants of Hu et al. 2023 (conditional)", _published_reading()))
    return combine(ctx, parts, verdict_if_ok="unverified", extra={"M_certified": counts},
                   notes="the published constants are unconfirmed; the derived margin certificate is tested")

