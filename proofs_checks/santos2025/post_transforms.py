r"""Checks of the Hopfield–Fenchel–Young energies with post-transforms (santos2025).

Energy :math:`H(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\Upsilon(x)`, CCCP step
:math:`x_{t+1}=\nabla\Upsilon^\star(\Xi\hat y_\Omega(\beta\Xi^\top x_t))`.  The concave part is the
model's energy minus :math:`\tfrac12\lVert x\rVert^2` (``EntmaxHopfield`` / ``DenseHopfield``).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from hoptheory import maps
from hoptheory.backend import to_numpy
from hoptheory.models import DenseHopfield, EntmaxHopfield

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_IDENTITY, TOL_OPTIMISER

ALPHAS = (1.0, 1.5, 2.0)


def _host(a) -> np.ndarray:
    return np.asarray(to_numpy(a), dtype=np.float64)


def _model(xp, Xi, beta, alpha):
    return DenseHopfield(xp.asarray(Xi), beta) if alpha == 1.0 else EntmaxHopfield(xp.asarray(Xi), beta, alpha)


def concave_part(model, xp, x) -> float:
    r""":math:`-\beta^{-1}\Omega^\star(\beta\Xi^\top x)` = the model's energy minus :math:`\tfrac12\lVert x\rVert^2`."""
    return float(_host(model.energy(xp.asarray(x)))) - 0.5 * float(x @ x)


def slsqp_argmin(fun, x0, constraints) -> np.ndarray:
    """SLSQP minimiser of ``fun`` under ``constraints`` (the solver oracle of the post-transforms)."""
    from scipy.optimize import minimize  # noqa: PLC0415  (optional heavy dependency)

    return minimize(fun, x0, method="SLSQP", constraints=constraints,
                    options={"ftol": 1e-15, "maxiter": 500}).x


@st.composite
def _draw(draw):
    d = draw(st.integers(3, 6))
    return dict(d=d, M=draw(st.integers(2, 8)), alpha=draw(st.sampled_from(ALPHAS)),
                beta=float(10.0 ** draw(st.floats(-1.0, 1.5))), sigma=draw(st.sampled_from((0.05, 0.5, 2.0))),
                rho=draw(st.sampled_from((0.5, 1.0, 3.0))), seed=draw(st.integers(0, 2**31 - 1)))


def _instance(p):
    rng = np.random.default_rng(p["seed"])
    Xi = rng.standard_normal((p["d"], p["M"]))
    return Xi, Xi[:, 0] + p["sigma"] * rng.standard_normal(p["d"]), rng


def _one_hot_family(**kw):
    return [dict(d=4, M=3, alpha=2.0, beta=30.0, sigma=0.05, rho=5.0, seed=s, **kw) for s in (1, 2, 3)]


@check("santos2025/post-transform-energy")
def check_post_transform_energy(ctx):
    r"""``santos2025/post-transform-energy``: for softmax, 1.5-entmax and sparsemax scorings, Gaussian
    memories, queries near a memory, β ∈ [0.1, 30]:

    * **decrease**, :math:`\Upsilon\in\{\tfrac12\lVert\cdot\rVert^2,\ \tfrac12\lVert\cdot\rVert^2+\iota_{\{\lVert y\rVert\le\rho\}}\}`:
      one CCCP step (the start projected into the ball) has
      :math:`H(x_t)-H(x_{t+1})\ge\tfrac12\lVert x_{t+1}-x_t\rVert^2` (Υ is 1-strongly convex); equality
      where the output stays one-hot inside the ball, so a doubled right side is caught;
    * **solver**: :func:`hoptheory.maps.ball_post_transform` equals the SLSQP minimiser of
      :math:`\tfrac12\lVert y\rVert^2-\langle y,v\rangle` over the ball (oracle: scipy SLSQP), to ``TOL_OPTIMISER``.
    """
    xp = ctx.xp

    def decrease_obs(p):
        Xi, x, _ = _instance(p)
        model = _model(xp, Xi, p["beta"], p["alpha"])
        rho = p["rho"] if p["seed"] % 2 else np.inf   # the plain quadratic, or with the ball
        x = _host(maps.ball_post_transform(x, rho)) if np.isfinite(rho) else x
        v = _host(model.retrieve(xp.asarray(x)))
        y = _host(maps.ball_post_transform(v, rho)) if np.isfinite(rho) else v
        drop = concave_part(model, xp, x) + 0.5 * float(x @ x) - concave_part(model, xp, y) - 0.5 * float(y @ y)
        return Observation(drop, ctx.side("half squared step", value=0.5 * float((y - x) @ (y - x)), kind="lower"),
                           inputs=dict(Xi=Xi, x=x, beta=p["beta"], alpha=p["alpha"], rho=float(rho)))

    def solver_obs(p):
        _, _, rng = _instance(p)
        v = 3.0 * rng.standard_normal(p["d"])
        rho = p["rho"]
        y = ctx.side("ball post-transform", value=_host(maps.ball_post_transform(v, rho)))
        ref = slsqp_argmin(lambda z: 0.5 * z @ z - z @ v, np.zeros(p["d"]),
                           [{"type": "ineq", "fun": lambda z: rho * rho - z @ z}])
        return Observation(float(np.max(np.abs(y - ref))), TOL_OPTIMISER.atol + TOL_OPTIMISER.rtol * float(np.max(np.abs(ref))),
                           inputs=dict(v=v, rho=rho))

    n = max(10, ctx.profile.examples // 3)
    parts = [
        ("decrease", inequality_check(ctx, strategy=_draw(), observe=decrease_obs, kind="lower", examples=n,
                                      families={"one-hot inside the ball": _one_hot_family()},
                                      atol=1e-12, rtol=1e-12,
                                      distributions=["Gaussian memories, queries near a memory"])),
        ("solver", inequality_check(ctx, strategy=_draw(), observe=solver_obs, examples=max(8, n // 2),
                                    atol=0.0, rtol=0.0)),
    ]
    return combine(ctx, parts)


@check("santos2025/layernorm-post-transform")
def check_layernorm_post_transform(ctx):
    r"""``santos2025/layernorm-post-transform``: the paper's construction is unconfirmed, so the verdict
    is at best ``unverified``; tested is the derived candidate :math:`\Upsilon=\iota_C`,
    :math:`C=\{\mathbf 1^\top y=0,\ \lVert y\rVert\le\sqrt d\}`:

    * **layer norm**: :func:`hoptheory.maps.layer_norm_post_transform` equals LayerNorm without affine
      parameters, :math:`(v-\bar v)/\sigma(v)` with the population standard deviation (to
      ``TOL_IDENTITY``), and the SLSQP maximiser of :math:`\langle y,v\rangle` over C (to ``TOL_OPTIMISER``);
    * **decrease**: one CCCP step from :math:`x_t\in C` has
      :math:`H(x_t)-H(x_{t+1})\ge\langle v,x_{t+1}-x_t\rangle\ge0`, :math:`v=\Xi\hat y_\Omega(\beta\Xi^\top x_t)`
      (concavity of the first term); equality where the output stays one-hot, so a doubled right side
      is caught.
    """
    xp = ctx.xp

    def ln_obs(p):
        _, _, rng = _instance(p)
        v = p["rho"] * rng.standard_normal(p["d"]) + rng.standard_normal()
        y = ctx.side("layer-norm post-transform", value=_host(maps.layer_norm_post_transform(v)))
        ln = (v - v.mean()) / np.sqrt(np.mean((v - v.mean()) ** 2))
        d = p["d"]
        ref = slsqp_argmin(lambda z: -(z @ v), np.zeros(d),
                           [{"type": "eq", "fun": lambda z: np.sum(z)},
                            {"type": "ineq", "fun": lambda z: d - z @ z}])
        err = max(float(np.max(np.abs(y - ln))) / (TOL_IDENTITY.atol + TOL_IDENTITY.rtol * np.sqrt(d)),
                  float(np.max(np.abs(y - ref))) / (TOL_OPTIMISER.atol + TOL_OPTIMISER.rtol * np.sqrt(d)))
        return Observation(err, 1.0, inputs=dict(v=v))

    def decrease_obs(p):
        Xi, x, _ = _instance(p)
        model = _model(xp, Xi, p["beta"], p["alpha"])
        x = _host(maps.layer_norm_post_transform(x))
        v = _host(model.retrieve(xp.asarray(x)))
        y = _host(maps.layer_norm_post_transform(v))
        drop = concave_part(model, xp, x) - concave_part(model, xp, y)   # Υ = 0 on C
        return Observation(drop, ctx.side("linear gain <v, x_{t+1} - x_t>", value=float(v @ (y - x)), kind="lower"),
                           inputs=dict(Xi=Xi, x=x, beta=p["beta"], alpha=p["alpha"]))

    n = max(10, ctx.profile.examples // 3)
    parts = [
        ("layer norm", inequality_check(ctx, strategy=_draw(), observe=ln_obs, examples=n, atol=0.0, rtol=0.0,
                                        distributions=["Gaussian vectors with a random offset"])),
        ("decrease", inequality_check(ctx, strategy=_draw(), observe=decrease_obs, kind="lower", examples=n,
                                      families={"one-hot": _one_hot_family()}, atol=1e-12, rtol=1e-12)),
    ]
    return combine(ctx, parts, verdict_if_ok="unverified",
                   notes="the paper's layer-normalisation construction is unconfirmed; the derived candidate is tested")
