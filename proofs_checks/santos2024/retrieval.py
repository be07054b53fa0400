r"""Checks of exact retrieval under a margin (santos2024).

The margin of the Tsallis negentropy in hoptheory's scaling is
:math:`\lambda_{\Omega_\alpha}=1/(\alpha-1)` (sparsemax: 1).  The exact oracle is the KKT
certificate of a one-hot output: by strict convexity the output is :math:`e_\mu` iff
:math:`\tau=(\alpha-1)\theta_\mu-1` leaves every other coordinate clipped, i.e. iff
:math:`r(\theta)=\max_{\nu\ne\mu}[(\alpha-1)(\theta_\nu-\theta_\mu)+1]_+` is zero; it is evaluated
in exact rationals (:class:`fractions.Fraction`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from hoptheory import maps
from hoptheory.models import EntmaxHopfield

from .._framework import Observation, check, combine, inequality_check
from ._common import host

#: α with an exactly representable margin 1/(α-1): 2 (sparsemax), 3/2, 3, 5/4.
ALPHAS_EXACT = (Fraction(2), Fraction(3, 2), Fraction(3), Fraction(5, 4))
#: α for the float ball certificates (the exponent 1/(α-1) >= 1 keeps rounding of τ below tolerance).
ALPHAS_FLOAT = (2.0, 1.5, 1.25)


def kkt_residual(theta, mu: int, alpha: Fraction) -> Fraction:
    r"""Exact :math:`\max_{\nu\ne\mu}[(\alpha-1)(\theta_\nu-\theta_\mu)+1]_+` (zero iff the output is
    :math:`e_\mu`)."""
    a1 = alpha - 1
    return max(max(a1 * (t - theta[mu]) + 1, Fraction(0)) for j, t in enumerate(theta) if j != mu)


def _rational_instance(p):
    """Integer memories Ξ (d, M) and a query with entries in Z/4, the top score's index mu and the
    exact query separation of x (None when the top two scores tie)."""
    rng = np.random.default_rng(p["seed"])
    Xi = rng.integers(-3, 4, size=(p["d"], p["M"]))
    x = rng.integers(-8, 9, size=p["d"])
    s = [sum(Fraction(int(Xi[i, j])) * Fraction(int(x[i]), 4) for i in range(p["d"])) for j in range(p["M"])]
    mu = int(np.argmax([float(v) for v in s]))
    sep = s[mu] - max(v for j, v in enumerate(s) if j != mu)
    return Xi, x, s, mu, (sep if sep > 0 else None)


@st.composite
def _exact_draw(draw):
    return dict(d=draw(st.integers(2, 5)), M=draw(st.integers(2, 7)), alpha=draw(st.sampled_from(ALPHAS_EXACT)),
                eps=draw(st.sampled_from((Fraction(1, 2), Fraction(1, 8), Fraction(1, 1024)))),
                seed=draw(st.integers(0, 2**31 - 1)))


@st.composite
def _ball_draw(draw):
    return dict(d=draw(st.integers(2, 6)), M=draw(st.integers(2, 8)), alpha=draw(st.sampled_from(ALPHAS_FLOAT)),
                s=draw(st.floats(0.1, 0.9)), m=draw(st.sampled_from((0.5, 1.0, 3.0))),
                seed=draw(st.integers(0, 2**31 - 1)))


def _lib_runner_up(theta, mu: int, alpha: float) -> float:
    """The largest non-mu coordinate of the library map (float) at scores ``theta``."""
    p = host(maps.sparsemax(np.asarray(theta, dtype=np.float64)) if alpha == 2.0
              else maps.entmax(np.asarray(theta, dtype=np.float64), alpha))
    return float(max(p[j] for j in range(len(p)) if j != mu))


def _sphere(d: int, M: int, m: float, seed: int) -> np.ndarray:
    g = np.random.default_rng(seed).standard_normal((d, M))
    return m * g / np.linalg.norm(g, axis=0)


@check("santos2024/exact-retrieval-margin")
def check_exact_retrieval_margin(ctx):
    r"""``santos2024/exact-retrieval-margin``: margin implies exact one-step retrieval, in three parts.

    * **threshold** (exact rationals): integer memories, a query in :math:`\mathbb Z^d/4`, mu the top
      score, :math:`\beta=\lambda_\Omega/\tilde\Delta_\mu(x)` exactly, α in {2, 3/2, 3, 5/4}, with
      :math:`\lambda_\Omega` = ``maps.margin(α)``; the KKT residual of :math:`e_\mu` must be 0.  A
      violation is re-evaluated with the library map (sparsemax / entmax, float).
    * **tightness** (exact rationals): at score gap :math:`\lambda_\Omega-\varepsilon` the residual is
      exactly :math:`(\alpha-1)\varepsilon>0` and the library map's runner-up coordinate is positive
      (not one-hot).
    * **ball** (float, library model): memories on the sphere of radius m, :math:`\beta` with
      :math:`\lambda_\Omega/\beta=s\,\Delta_\mu`, and queries in :math:`S_\mu(r^\star)`,
      :math:`r^\star=(\Delta_\mu-\lambda_\Omega/\beta)/\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert`
      (uniform inside, uniform on the boundary, and on the boundary towards the farthest competitor);
      one ``EntmaxHopfield`` update must return :math:`\xi_\mu`.  For M = 2 the last point makes the
      radius tight (a doubled radius leaves the one-hot region).
    """
    def lam_side(alpha) -> Fraction:
        return Fraction(ctx.side("margin 1/(alpha-1)", value=maps.margin(float(alpha))))

    def threshold_obs(p):
        Xi, x, s, mu, sep = _rational_instance(p)
        if sep is None:
            return Observation(0.0, 0.0, applicable=False)
        beta = lam_side(p["alpha"]) / sep
        theta = [beta * v for v in s]
        return Observation(float(kkt_residual(theta, mu, p["alpha"])), 0.0,
                           inputs=dict(theta=[str(t) for t in theta], mu=mu, alpha=str(p["alpha"])))

    def threshold_re(o):
        theta = [float(Fraction(t)) for t in o.inputs["theta"]]
        return _lib_runner_up(theta, o.inputs["mu"], float(Fraction(o.inputs["alpha"]))), 0.0

    def tight_obs(p):
        Xi, x, s, mu, sep = _rational_instance(p)
        if sep is None:
            return Observation(0.0, 0.0, applicable=False)
        lam = Fraction(ctx.side("margin 1/(alpha-1) (smallest)", value=maps.margin(float(p["alpha"])),
                                kind="lower"))
        eps = p["eps"] * lam
        theta = [(lam - eps) / sep * v for v in s]
        res = kkt_residual(theta, mu, p["alpha"])
        lib = _lib_runner_up([float(t) for t in theta], mu, float(p["alpha"]))
        return Observation(float(res) if lib > 0 else 0.0, float((p["alpha"] - 1) * eps),
                           inputs=dict(theta=[str(t) for t in theta], mu=mu, alpha=str(p["alpha"])))

    def ball_obs(p):
        d, M, alpha = p["d"], p["M"], p["alpha"]
        Xi = _sphere(d, M, p["m"], p["seed"])
        G = Xi.T @ Xi
        seps = [G[j, j] - max(G[j, k] for k in range(M) if k != j) for j in range(M)]
        mu = int(np.argmax(seps))
        lam = ctx.side("margin 1/(alpha-1)", value=maps.margin(alpha))
        beta = maps.margin(alpha) / (p["s"] * seps[mu])
        dists = [np.linalg.norm(Xi[:, mu] - Xi[:, k]) for k in range(M) if k != mu]
        r = ctx.side("certified radius r*", value=(seps[mu] - lam / beta) / max(dists), kind="lower")
        if not r > 0:
            return Observation(0.0, 0.0, applicable=False)
        rng = np.random.default_rng(p["seed"] + 1)
        u = rng.standard_normal(d)
        u /= np.linalg.norm(u)
        far = max((k for k in range(M) if k != mu), key=lambda k: np.linalg.norm(Xi[:, mu] - Xi[:, k]))
        w = (Xi[:, far] - Xi[:, mu]) / np.linalg.norm(Xi[:, far] - Xi[:, mu])
        shrink = 1.0 - 1e-9
        X = np.stack([Xi[:, mu] + r * shrink * rng.uniform() ** (1.0 / d) * u,
                      Xi[:, mu] + r * shrink * u, Xi[:, mu] + r * shrink * w], axis=1)
        xp = ctx.xp
        T = host(EntmaxHopfield(xp.asarray(Xi), beta, alpha).retrieve(xp.asarray(X)))
        err = float(np.max(np.abs(T - Xi[:, mu:mu + 1])))
        return Observation(err, 0.0, trivial=2 * p["m"], inputs=dict(Xi=Xi, X=X, mu=mu, beta=beta, alpha=alpha))

    n = max(10, ctx.profile.examples // 2)
    exact_fam = {"sparsemax, gap 1/2": [dict(d=2, M=2, alpha=Fraction(2), eps=Fraction(1, 2), seed=1)]}
    parts = [
        ("threshold", inequality_check(ctx, strategy=_exact_draw(), observe=threshold_obs, reevaluate=threshold_re,
                                       families=exact_fam, examples=n, atol=0.0, rtol=0.0,
                                       distributions=["integer memories, queries in Z^d/4, beta at the margin"])),
        ("tightness", inequality_check(ctx, strategy=_exact_draw(), observe=tight_obs, kind="lower",
                                       families=exact_fam, examples=n, atol=0.0, rtol=0.0)),
        ("ball", inequality_check(ctx, strategy=_ball_draw(), observe=ball_obs, examples=n,
                                  families={"M = 2 (tight radius)": [
                                      dict(d=d, M=2, alpha=a, s=0.5, m=1.0, seed=7 + d) for d in (2, 3)
                                      for a in ALPHAS_FLOAT]},
                                  distributions=["memories on the sphere of radius m, queries in S_mu(r*)"])),
    ]
    return combine(ctx, parts)
