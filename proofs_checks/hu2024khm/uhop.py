r"""Check of U-Hop+ (``hu2024khm/uhop-plus``): projected gradient descent of the average separation
loss over normalised features.

The stage is :func:`proofs_checks.wu2024uhop.stage.uhop_stage` (features :math:`\Phi(x)=Wx`, the
uniformity loss of :func:`hoptheory.sampling.uniformity_loss`, :math:`W` on its Frobenius sphere,
Armijo steps).  Asserted: every accepted step decreases the loss, measured by the independent
blocked evaluator :func:`hoptheory.sampling.uniformity_loss` (re-evaluated at 40 digits), and
the closed-form gradient the stage descends along equals central finite differences of that
evaluator (re-evaluated with 40-digit differences).  Reported: the minimal separation before and
after the stage and the metastable states (outputs with more than one softmax weight above
0.01) with two-sided 99% Clopper–Pearson intervals.  The convergence to an optimal code as the
temperature tends to 0 is not tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import models, sampling

from .._framework import (Context, Observation, check, clopper_pearson, combine, examples_per_search, reproduce_text,
                          shared_search)
from .._instances import TOL_FD
from ..wu2024uhop.stage import correlated_memories, mp_uniformity_loss, uhop_stage, uniformity_loss_and_gradient

__all__: list[str] = []

_DPS = 40
#: A softmax weight above this counts towards a metastable state (Hu, Wu, Liu 2024).
METASTABLE_WEIGHT = 0.01


@dataclass(frozen=True)
class StageCase:
    d: int
    M: int
    spread: float   # sigma of the memories around their common direction
    t: float
    seed: int


def _cases():
    return st.builds(StageCase, d=st.integers(2, 8), M=st.integers(3, 24), spread=st.floats(0.1, 2.0),
                     t=st.sampled_from((1.0, 2.0, 4.0)), seed=st.integers(0, 2**31 - 1))


def _pinned(ctx: Context) -> list[StageCase]:
    rng = ctx.rng("stage cases")
    return [StageCase(d, M, s, 2.0, int(rng.integers(0, 2**31 - 1))) for d, M, s in ((2, 7, 0.3), (4, 10, 0.5),
                                                                                     (8, 24, 0.5), (3, 5, 1.5))]


_CASES_TEXT = ["unit memories around a common direction (sigma in [0.1, 2]), d = 2..8, M = 3..24, t in {1, 2, 4}"]


def _search(ctx: Context, distributions=_CASES_TEXT):
    """The search of a stage part: drawn and pinned stage cases, a tenth of the budget (at least 5 examples)."""
    return shared_search(ctx, strategy=_cases(), explicit=_pinned(ctx), examples=examples_per_search(ctx, 10, floor=5),
                         distributions=distributions)


def _decrease_part(ctx: Context):
    r"""Part: :math:`e^{\mathcal L(W_{k+1})}\le e^{\mathcal L(W_k)}` at every accepted step (worst step shown)."""
    name = "mean pair kernel before the step"

    def observe(case):
        Xi = correlated_memories(case.d, case.M, case.spread, case.seed)
        run = uhop_stage(Xi, t=case.t, steps=max(10, ctx.profile.examples // 5))
        if len(run.Ws) < 2:
            return Observation(math.nan, math.nan, applicable=False, note="no step accepted",
                               inputs={"Xi": Xi, "t": case.t})
        kernel = [math.exp(sampling.uniformity_loss(W @ Xi, case.t)) for W in run.Ws]
        k = int(np.argmax(np.array(kernel[1:]) / np.array(kernel[:-1])))
        return Observation(kernel[k + 1], ctx.side(name, value=kernel[k]),
                           inputs={"Xi": Xi, "t": case.t, "W_before": run.Ws[k], "W_after": run.Ws[k + 1],
                                   "steps": len(run.Ws) - 1, "loss_first": run.losses[0], "loss_last": run.losses[-1]})

    def reevaluate(o):
        Xi, t = np.asarray(o.inputs["Xi"]), o.inputs["t"]
        with mpmath.workdps(_DPS):
            before = mpmath.exp(mp_uniformity_loss(np.asarray(o.inputs["W_before"]), Xi, t, _DPS))
            after = mpmath.exp(mp_uniformity_loss(np.asarray(o.inputs["W_after"]), Xi, t, _DPS))
        return float(after), ctx.side(name, value=float(before))

    reproduce = reproduce_text({"hoptheory.sampling": "uniformity_loss"}, arrays=["Xi", "W_after", "W_before"],
                               scalars=["t"], lhs="np.exp(uniformity_loss(W_after @ Xi, t))",
                               rhs="np.exp(uniformity_loss(W_before @ Xi, t))")
    return _search(ctx)(observe=observe, reevaluate=reevaluate, reproduce=reproduce)


def _gradient_part(ctx: Context):
    r"""Part: the stage's closed-form :math:`\nabla_W\mathcal L_t` equals central differences of the loss."""
    name = "closed-form gradient of the uniformity loss"

    def observe(case):
        Xi = correlated_memories(case.d, case.M, case.spread, case.seed)
        W = np.eye(case.d) + 0.5 * np.random.default_rng(case.seed + 1).standard_normal((case.d, case.d))
        G = ctx.side(name, value=uniformity_loss_and_gradient(W, Xi, case.t)[1])
        h = np.finfo(float).eps ** (1 / 3) * np.maximum(1.0, np.abs(W))
        fd = np.zeros_like(W)
        for i, j in np.ndindex(*W.shape):
            E = np.zeros_like(W)
            E[i, j] = h[i, j]
            fd[i, j] = (sampling.uniformity_loss((W + E) @ Xi, case.t)
                        - sampling.uniformity_loss((W - E) @ Xi, case.t)) / (2 * h[i, j])
        scale = float(np.max(np.abs(fd))) + 2 * case.t
        return Observation(float(np.max(np.abs(G - fd))), TOL_FD.atol + TOL_FD.rtol * scale,
                           inputs={"Xi": Xi, "W": W, "t": case.t})

    def reevaluate(o):
        Xi, W, t = np.asarray(o.inputs["Xi"]), np.asarray(o.inputs["W"]), o.inputs["t"]
        G = ctx.side(name, value=uniformity_loss_and_gradient(W, Xi, t)[1])
        fd = np.zeros_like(W)
        with mpmath.workdps(_DPS):
            h = mpmath.mpf(10) ** -15
            for i, j in np.ndindex(*W.shape):
                Wp, Wm = (mpmath.matrix(W.tolist()) for _ in range(2))
                Wp[i, j] += h
                Wm[i, j] -= h
                fd[i, j] = float((mp_uniformity_loss(Wp, Xi, t, _DPS) - mp_uniformity_loss(Wm, Xi, t, _DPS)) / (2 * h))
        return float(np.max(np.abs(G - fd))), o.rhs

    reproduce = reproduce_text(
        {"hoptheory.sampling": "uniformity_loss", "proofs_checks.wu2024uhop.stage": "uniformity_loss_and_gradient"},
        arrays=["Xi", "W"], scalars=["t"], lhs="float(np.max(np.abs(G - fd)))", rhs="1e-4",
        lines=["G = uniformity_loss_and_gradient(W, Xi, t)[1]", "fd = np.zeros_like(W)",
               "for i, j in np.ndindex(*W.shape):", "    E = np.zeros_like(W); E[i, j] = 1e-6",
               "    fd[i, j] = (uniformity_loss((W + E) @ Xi, t) - uniformity_loss((W - E) @ Xi, t)) / 2e-6"])
    return _search(ctx, ["as the decrease part; W = I + Gaussian / 2"])(observe=observe, reevaluate=reevaluate,
                                                                        reproduce=reproduce)


def _metastable(W, Xi, beta, X) -> int:
    """Outputs of :math:`T_\\Phi` with more than one softmax weight above :data:`METASTABLE_WEIGHT`."""
    P = np.asarray(models.DenseHopfield(W @ Xi, beta).weights(W @ X))
    return int(np.sum(np.sum(P > METASTABLE_WEIGHT, axis=0) > 1))


def stage_report(ctx: Context) -> list[dict]:
    r"""Reported: :math:`\Delta^\Phi_{\min}` (kernel :math:`\langle W\xi_\mu,W\xi_\nu\rangle`, :math:`\lVert W\rVert_F=\sqrt d`), the
    separation of the normalised features, before and after the stage, and metastable counts with 99% intervals."""
    rows = []
    n = 200 if ctx.profile.name == "quick" else 1000
    for d, M in ((4, 10), (8, 30)):
        Xi = correlated_memories(d, M, 0.5, ctx.subseed("report memories", d, M) % 2**31)
        run = uhop_stage(Xi, steps=60)
        rng = ctx.rng(("report queries", d, M))
        X = Xi[:, rng.integers(0, M, n)] + 0.05 * rng.standard_normal((d, n))
        row = {"d": d, "M": M, "steps": len(run.Ws) - 1,
               "kernel_separation_before": models.min_separation(Xi),
               "kernel_separation_after": models.min_separation(run.W @ Xi),
               "normalised_separation_before": sampling.min_separation_unit(Xi),
               "normalised_separation_after": sampling.min_separation_unit(run.W @ Xi), "queries": n}
        for beta in (4.0, 32.0):
            for label, W in (("before", np.eye(d)), ("after", run.W)):
                k = _metastable(W, Xi, beta, X)
                row[f"metastable_{label}_beta_{beta:g}"] = {"count": k, "interval_99": clopper_pearson(k, n, 0.99, "two")}
        rows.append(row)
    return rows


@check("hu2024khm/uhop-plus")
def check_uhop_plus(ctx):
    r"""``hu2024khm/uhop-plus``: the U-Hop+ stage decreases its loss along the loss's gradient.

    Families: unit memories crowded around a common direction (:math:`d\le8`, :math:`M\le24`,
    spreads :math:`0.1..2`), temperatures :math:`t\in\{1,2,4\}`.  Oracles: the independent
    evaluator :func:`hoptheory.sampling.uniformity_loss` and its 40-digit twin for the decrease;
    central differences of that evaluator (float, then 40 digits) for the gradient.  Reported:
    separations and metastable counts before and after the stage.  Unverified overall: the
    convergence to an optimal code is not tested.
    """
    parts = [("every accepted step decreases the loss", _decrease_part(ctx)),
             ("the descent direction is the loss gradient", _gradient_part(ctx))]
    return combine(ctx, parts, reported={"separation and metastable states": stage_report(ctx)}, verdict_if_ok="unverified",
                   notes="convergence to an optimal code as the temperature tends to 0 is not tested")
