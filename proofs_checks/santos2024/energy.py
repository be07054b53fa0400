r"""Checks of the Fenchel–Young Hopfield energy and its CCCP update (santos2024).

Package form of the energy (conventions §4): :math:`H_\beta(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)
+\tfrac12\lVert x\rVert^2`, update :math:`T(x)=\Xi\,\hat y_\Omega(\beta\Xi^\top x)`.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from hoptheory import maps
from hoptheory.models import DenseHopfield, EntmaxHopfield

from .._framework import Observation, check, combine, inequality_check
from .._instances import TOL_IDENTITY
from ._common import host

ALPHAS = (1.0, 1.5, 2.0, 3.0)


def _model(xp, Xi, beta, alpha):
    if alpha == 1.0:
        return DenseHopfield(xp.asarray(Xi), beta)
    return EntmaxHopfield(xp.asarray(Xi), beta, alpha)


def _map(theta, alpha):
    if alpha == 1.0:
        return host(maps.softmax(theta))
    return host(maps.sparsemax(theta) if alpha == 2.0 else maps.entmax(theta, alpha))


def _negentropy(p, alpha) -> float:
    if alpha == 1.0:
        return float(host(maps.shannon_negentropy(p)))
    return float(host(maps.gini_negentropy(p) if alpha == 2.0 else maps.tsallis_negentropy(p, alpha)))


def fy_loss(theta, y, alpha) -> float:
    r"""Fenchel–Young loss :math:`L_\Omega(\theta;y)=\Omega^\star(\theta)+\Omega(y)-\langle\theta,y\rangle`,
    with :math:`\Omega^\star(\theta)=\langle\theta,\hat p\rangle-\Omega(\hat p)` at :math:`\hat p=\hat y_\Omega(\theta)`
    (the Fenchel–Young equality; no conjugate routine is used)."""
    p = _map(theta, alpha)
    conj = float(theta @ p) - _negentropy(p, alpha)
    return conj + _negentropy(y, alpha) - float(theta @ y)


@st.composite
def _draw(draw):
    d = draw(st.integers(2, 6))
    M = draw(st.integers(2, 9).filter(lambda v: v != d))
    return dict(d=d, M=M, alpha=draw(st.sampled_from(ALPHAS)),
                beta=float(10.0 ** draw(st.floats(-1.5, 1.5))), sigma=draw(st.sampled_from((0.05, 0.5, 2.0))),
                seed=draw(st.integers(0, 2**31 - 1)))


def _instance(p):
    rng = np.random.default_rng(p["seed"])
    Xi = rng.standard_normal((p["d"], p["M"]))
    x = Xi[:, 0] + p["sigma"] * rng.standard_normal(p["d"])
    return Xi, x


@check("santos2024/energy-and-update")
def check_energy_and_update(ctx):
    r"""``santos2024/energy-and-update``: two parts, on softmax (α = 1) and α-entmax (α ∈ {1.5, 2, 3}),
    memories with d ≠ M (rows/columns not interchangeable), Gaussian memories and queries at distance
    σ ∈ {0.05, 0.5, 2} of a memory, β ∈ [0.03, 30].

    * **identity**: the model's energy equals the difference of Fenchel–Young losses
      :math:`-\beta^{-1}L_\Omega(\beta\Xi^\top x;u)+\tfrac12\lVert x-\Xi u\rVert^2+\beta^{-1}\Omega(u)-\tfrac12\lVert\Xi u\rVert^2`
      with u uniform; the loss is built from the map and the negentropy through the Fenchel–Young
      equality (independent of the model's conjugate routine), each of the four terms a side.
    * **sufficient decrease**: :math:`H(x)-H(T(x))\ge\tfrac12\lVert T(x)-x\rVert^2` (CCCP with a
      concave :math:`-\beta^{-1}\Omega^\star`); equality when the output is the same one-hot vector at
      x and T(x) (large β near a memory), so a doubled right side is caught.
    """
    xp = ctx.xp

    def identity_obs(p):
        Xi, x = _instance(p)
        beta, alpha, M = p["beta"], p["alpha"], p["M"]
        H = float(host(_model(xp, Xi, beta, alpha).energy(xp.asarray(x))))
        u = np.full(M, 1.0 / M)
        Xu = Xi @ u
        rhs = ctx.side("difference of Fenchel-Young losses", terms=[
            -fy_loss(beta * (Xi.T @ x), u, alpha) / beta, 0.5 * float((x - Xu) @ (x - Xu)),
            _negentropy(u, alpha) / beta, -0.5 * float(Xu @ Xu)])
        scale = max(abs(H), float(x @ x), float(np.max(np.abs(Xi.T @ x))))
        return Observation(abs(rhs - H), TOL_IDENTITY.atol + TOL_IDENTITY.rtol * scale,
                           inputs=dict(Xi=Xi, x=x, beta=beta, alpha=alpha))

    def decrease_obs(p):
        Xi, x = _instance(p)
        model = _model(xp, Xi, p["beta"], p["alpha"])
        y = host(model.retrieve(xp.asarray(x)))
        drop = float(host(model.energy(xp.asarray(x)))) - float(host(model.energy(xp.asarray(y))))
        return Observation(drop, ctx.side("half squared step", value=0.5 * float((y - x) @ (y - x)), kind="lower"),
                           inputs=dict(Xi=Xi, x=x, beta=p["beta"], alpha=p["alpha"]))

    n = max(10, ctx.profile.examples // 2)
    near = {"one-hot at x and T(x)": [dict(d=3, M=4, alpha=2.0, beta=30.0, sigma=0.05, seed=s) for s in (1, 2)]}
    parts = [
        ("identity", inequality_check(ctx, strategy=_draw(), observe=identity_obs, examples=n, atol=0.0, rtol=0.0,
                                      distributions=["Gaussian memories, queries near a memory"])),
        ("sufficient decrease", inequality_check(ctx, strategy=_draw(), observe=decrease_obs, kind="lower",
                                                 families=near, examples=n, atol=1e-12, rtol=1e-12)),
    ]
    return combine(ctx, parts)
