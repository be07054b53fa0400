r"""Check that larger α gives sparser α-entmax outputs (wu2024/sparsity-monotone-alpha).

Support criterion (derived): with :math:`\theta_{(1)}\ge\theta_{(2)}\ge\dots`, the k-th largest entry is in
the support of :math:`\alpha\text{-entmax}(\theta)` iff
:math:`S_k(\alpha)=\sum_{j<k}\big((\alpha-1)(\theta_{(j)}-\theta_{(k)})\big)^{1/(\alpha-1)}<1`; the support is a
prefix of the sorted order.  Every map is evaluated one vector at a time.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import maps

from .._framework import Observation, check, combine, inequality_check
from ..blondel2020._oracles import entmax_mp
from ._common import DPS, host

#: The α grid (1 = softmax, full support).
GRID = (1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0)


def _kappa(theta, alpha) -> int:
    """Support size of α-entmax (softmax: M) from the package, one vector."""
    if alpha == 1.0:
        return int(theta.size)
    return int(host(maps.support_size(theta, alpha)))


def criterion_sum(theta, k: int, alpha):
    r""":math:`S_k(\alpha)` in mpmath (k is 1-based in the decreasing order)."""
    srt = sorted((mpmath.mpf(float(v)) for v in theta), reverse=True)
    a = mpmath.mpf(alpha) - 1
    return mpmath.fsum((a * (srt[j] - srt[k - 1])) ** (1 / a) for j in range(k - 1))


def criterion_support(theta, alpha) -> int:
    """Support size by the criterion: the number of k with S_k(alpha) < 1 (a prefix)."""
    with mpmath.workdps(DPS):
        return sum(1 for k in range(1, theta.size + 1) if criterion_sum(theta, k, alpha) < 1)


@st.composite
def _draw(draw):
    M = draw(st.integers(2, 12))
    return dict(M=M, scale=float(10 ** draw(st.floats(-1.0, 1.5))), ties=draw(st.integers(0, 3)),
                alpha=float(draw(st.one_of(st.sampled_from(GRID[1:]), st.floats(1.05, 6.0)))),
                seed=draw(st.integers(0, 2**31 - 1)))


def _theta(d) -> np.ndarray:
    """Gaussian scores of the given scale, with ``ties`` entries copied onto others (tied scores)."""
    rng = np.random.default_rng(d["seed"])
    theta = rng.standard_normal(d["M"]) * d["scale"]
    for _ in range(d["ties"]):
        i, j = rng.integers(d["M"], size=2)
        theta[i] = theta[j]
    return theta


def _margin_family():
    """Scores at the margin of each grid index: (lambda, 0, 0, -1), one-hot exactly at the boundary."""
    return [dict(theta=np.array([1.0 / (a - 1.0), 0.0, 0.0, -1.0]), M=4) for a in GRID[1:]]


@check("wu2024/sparsity-monotone-alpha")
def check_sparsity_monotone_alpha(ctx):
    r"""``wu2024/sparsity-monotone-alpha``: :math:`\Vert\alpha\text{-entmax}(\theta)\Vert_0` is non-increasing in α.

    * **grids**: along α in {1, 1.1, 1.25, 1.5, 2, 2.5, 3, 4, 6}, :math:`\kappa` never grows; θ Gaussian of
      scale 10^U[-1, 1.5], M in [2, 12], with up to three tied entries, and scores exactly at the margin.
    * **criterion** (mpmath): at random α in [1.05, 6], the package's support size equals the number of
      k with :math:`S_k(\alpha)<1`, and the criterion is monotone: :math:`S_k` at 1.01 α is at least
      :math:`S_k(\alpha)` for every k with :math:`S_k(\alpha)<1` (the proof's step 3).
    * **breakpoints**: for the last support entry k (k >= 2) at α, the α* > α with :math:`S_k(\alpha^\star)=1`
      (bisection in mpmath) separates :math:`\kappa\ge k` just below from :math:`\kappa\le k-1` just above
      (package map and mpmath bisection, at :math:`\alpha^\star(1\mp10^{-6})`).
    """
    def grid_obs(d):
        theta = d["theta"] if "theta" in d else _theta(d)
        ks = [_kappa(theta, a) for a in GRID]
        prev = [ctx.side("support size at the smaller alpha", value=k) for k in ks[:-1]]
        j = int(np.argmax([ks[i + 1] - prev[i] for i in range(len(prev))]))
        return Observation(float(ks[j + 1]), float(prev[j]), inputs={"theta": theta, "kappas": ks,
                                                                     "alpha": GRID[j + 1], "alpha_low": GRID[j]})

    def grid_reeval(o):
        theta = np.asarray(o.inputs["theta"], dtype=float)
        with mpmath.workdps(DPS):
            return float(sum(1 for v in entmax_mp(theta, o.inputs["alpha"])[0] if v > 0)), o.rhs

    def criterion_obs(d):
        theta, alpha = _theta(d), d["alpha"]
        crit = criterion_support(theta, alpha)
        pkg = ctx.side("support size by the criterion", value=crit)
        with mpmath.workdps(DPS):
            later = [k for k in range(1, theta.size + 1) if criterion_sum(theta, k, alpha) < 1
                     and criterion_sum(theta, k, 1.01 * alpha) < criterion_sum(theta, k, alpha)]
        return Observation(float(abs(_kappa(theta, alpha) - pkg) + len(later)), 0.0,
                           inputs={"theta": theta, "alpha": alpha, "criterion": crit})

    def breakpoint_obs(d):
        theta, alpha = _theta(d), d["alpha"]
        k = criterion_support(theta, alpha)
        if k < 2:
            return Observation(0.0, 0.0, applicable=False)
        with mpmath.workdps(DPS):
            lo, hi = mpmath.mpf(alpha), mpmath.mpf(alpha)
            while criterion_sum(theta, k, hi) < 1 and hi < 40:
                hi *= 2
            if criterion_sum(theta, k, hi) < 1:
                return Observation(0.0, 0.0, applicable=False)
            for _ in range(80):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if criterion_sum(theta, k, mid) < 1 else (lo, mid)
            star = float((lo + hi) / 2)
            below = [sum(1 for v in entmax_mp(theta, star * (1 - 1e-6))[0] if v > 0), _kappa(theta, star * (1 - 1e-6))]
            above = [sum(1 for v in entmax_mp(theta, star * (1 + 1e-6))[0] if v > 0), _kappa(theta, star * (1 + 1e-6))]
        bad = sum(max(0, k - b) for b in below) + sum(max(0, a - (k - 1)) for a in above)
        return Observation(float(bad), 0.0, inputs={"theta": theta, "alpha": alpha, "k": k, "alpha_star": star,
                                                    "below": below, "above": above})

    n = max(10, ctx.profile.examples // 2)
    parts = [
        ("support size non-increasing on alpha grids", inequality_check(
            ctx, strategy=_draw(), observe=grid_obs, reevaluate=grid_reeval, families={"at the margin": _margin_family()},
            atol=0.0, rtol=0.0,
            distributions=["theta Gaussian of scale 10^U[-1, 1.5], M in [2, 12], up to 3 ties; scores at the margin"])),
        ("support = criterion count; criterion monotone (mpmath)", inequality_check(
            ctx, strategy=_draw(), observe=criterion_obs, examples=n, atol=0.0, rtol=0.0)),
        ("support at the breakpoints", inequality_check(
            ctx, strategy=_draw(), observe=breakpoint_obs, examples=max(6, n // 2), atol=0.0, rtol=0.0)),
    ]
    return combine(ctx, parts)
