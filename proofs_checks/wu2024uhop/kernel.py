r"""Check of the kernelised separation claim of U-Hop (``wu2024uhop/kernel-separation-capacity``).

For a linear feature map :math:`\Phi(x)=Wx` the kernelised energy and retrieval are the dense
model's on the transformed memories :math:`W\Xi` seen from :math:`Wx`:

.. math::

    E_\Phi(x)=\tfrac12\lVert Wx\rVert^2-\mathrm{lse}\big(\beta,(W\Xi)^\top Wx\big)=H^{W\Xi}_\beta(Wx),\qquad
    T_\Phi(x)=\Xi\,\mathrm{softmax}\big(\beta(W\Xi)^\top Wx\big),

so the models of :mod:`hoptheory.models` evaluate both.  Checked (derived, :math:`W` invertible):

* :math:`\nabla E_\Phi(x)=W^\top W\,(x-T_\Phi(x))` against central finite differences of
  :math:`E_\Phi` (re-evaluated at 50 digits with a step of :math:`10^{-20}`);
* the CCCP step is :math:`T_\Phi` and decreases the energy by at least
  :math:`\tfrac12\lVert W(x-T_\Phi(x))\rVert^2` (the convex part :math:`\tfrac12\lVert Wx\rVert^2` has Hessian
  :math:`W^\top W`; the gap is the Bregman divergence of the log-sum-exp part, small for small
  :math:`\beta`), re-evaluated at 50 digits.

Reported: :math:`\Delta^\Phi_{\min}` before and after the first stage (:func:`.stage.uhop_stage`,
:math:`t=2`).  The capacity constants are reconstructed and not checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import models, sampling

from .._framework import Context, Observation, check, combine, examples_per_search, reproduce_text, shared_search
from .._instances import TOL_FD
from .._oracles import mp_central_differences
from .._strategies import betas
from .stage import correlated_memories, uhop_stage

__all__: list[str] = []

_DPS = 50
_W_FAMILIES = ("gaussian", "orthogonal", "diagonal", "ill-conditioned")


@dataclass(frozen=True)
class KernelCase:
    d: int
    M: int
    beta: float
    W_family: str
    query: str   # "near a memory" or "gaussian"
    seed: int


def _instance(case: KernelCase):
    """``(W, Xi, x)`` of a case: memories on the unit sphere, an invertible ``W``, a query."""
    rng = np.random.default_rng(case.seed)
    d = case.d
    Xi = np.asarray(sampling.sphere(d, case.M, seed=case.seed))
    Q = np.linalg.qr(rng.standard_normal((d, d)))[0]
    if case.W_family == "gaussian":
        W = rng.standard_normal((d, d)) / math.sqrt(d) + 0.5 * np.eye(d)
    elif case.W_family == "orthogonal":
        W = Q
    elif case.W_family == "diagonal":
        W = np.diag(rng.uniform(0.3, 3.0, d))
    else:
        W = Q @ np.diag(10.0 ** -rng.uniform(0, 3, d)) @ np.linalg.qr(rng.standard_normal((d, d)))[0]
    if case.query == "near a memory":
        x = Xi[:, int(rng.integers(case.M))] + 0.1 * rng.standard_normal(d)
    else:
        x = rng.standard_normal(d)
    return W, Xi, x


def _energy(W, Xi, beta, x) -> float:
    return float(models.DenseHopfield(W @ Xi, beta).energy(W @ x))


def _T(W, Xi, beta, x) -> np.ndarray:
    return Xi @ np.asarray(models.DenseHopfield(W @ Xi, beta).weights(W @ x))


def _mp_energy_and_T(W, Xi, beta, x, dps: int = _DPS):
    """:math:`E_\\Phi(x)` and :math:`T_\\Phi(x)` at ``dps`` digits (mpmath vectors of floats' exact values)."""
    with mpmath.workdps(dps):
        Wm, Xm = mpmath.matrix(W.tolist()), mpmath.matrix(Xi.tolist())
        xm = x if isinstance(x, mpmath.matrix) else mpmath.matrix([float(v) for v in x])
        y = Wm * xm
        K = Wm * Xm
        s = [mpmath.mpf(beta) * mpmath.fsum(K[i, j] * y[i] for i in range(K.rows)) for j in range(K.cols)]
        top = max(s)
        e = [mpmath.exp(v - top) for v in s]
        tot = mpmath.fsum(e)
        lse = (top + mpmath.log(tot)) / beta
        E = mpmath.fsum(v * v for v in y) / 2 - lse
        T = Xm * mpmath.matrix([v / tot for v in e])
        return E, T


def _cases():
    return st.builds(KernelCase, d=st.integers(2, 7), M=st.integers(2, 12), beta=betas(),
                     W_family=st.sampled_from(_W_FAMILIES), query=st.sampled_from(("near a memory", "gaussian")),
                     seed=st.integers(0, 2**31 - 1))


def _pinned(ctx: Context) -> list[KernelCase]:
    rng = ctx.rng("kernel cases")
    return [KernelCase(int(rng.integers(2, 7)), int(rng.integers(2, 12)), beta, fam, q, int(rng.integers(0, 2**31 - 1)))
            for fam in _W_FAMILIES for beta, q in ((0.02, "gaussian"), (8.0, "near a memory"))]


def _inputs(case, W, Xi, x) -> dict:
    return {"beta": case.beta, "W": W, "Xi": Xi, "x": x, "W_family": case.W_family, "seed": case.seed}


_CASES_TEXT = ["unit-sphere memories, d = 2..7, M = 2..12, beta log-uniform on [0.01, 100]; W Gaussian + I/2, "
               "orthogonal, positive diagonal, ill-conditioned (cond <= 1e3); x near a memory or Gaussian"]


def _search(ctx: Context, distributions=_CASES_TEXT):
    """The search of a kernel part: drawn and pinned kernel cases, a quarter of the budget (at least 10 examples)."""
    return shared_search(ctx, strategy=_cases(), explicit=_pinned(ctx), examples=examples_per_search(ctx, 4, floor=10),
                         distributions=distributions)


def _gradient_part(ctx: Context):
    r"""Part: :math:`\nabla E_\Phi(x)=W^\top W(x-T_\Phi(x))` against central differences of :math:`E_\Phi`."""

    def observe(case):
        W, Xi, x = _instance(case)
        g = ctx.side("W^T W (x - T_Phi(x))", value=W.T @ W @ (x - _T(W, Xi, case.beta, x)))
        h = np.finfo(float).eps ** (1 / 3) * np.maximum(1.0, np.abs(x))
        fd = np.array([(_energy(W, Xi, case.beta, x + h[i] * e) - _energy(W, Xi, case.beta, x - h[i] * e)) / (2 * h[i])
                       for i, e in enumerate(np.eye(case.d))])
        scale = float(np.max(np.abs(fd))) + np.linalg.norm(W.T @ W, 2) * np.linalg.norm(x)
        return Observation(float(np.max(np.abs(g - fd))), TOL_FD.atol + TOL_FD.rtol * scale, inputs=_inputs(case, W, Xi, x))

    def reevaluate(o):
        W, Xi, x = (np.asarray(o.inputs[k]) for k in ("W", "Xi", "x"))
        beta = o.inputs["beta"]
        g = ctx.side("W^T W (x - T_Phi(x))", value=W.T @ W @ (x - _T(W, Xi, beta, x)))
        with mpmath.workdps(_DPS):
            fd = mp_central_differences(lambda y: _mp_energy_and_T(W, Xi, beta, mpmath.matrix(y))[0],
                                        [mpmath.mpf(float(v)) for v in x], mpmath.mpf(10) ** -20)
        return float(np.max(np.abs(g - np.array([float(v) for v in fd])))), o.rhs

    reproduce = reproduce_text(
        {"hoptheory": "models"}, arrays=["W", "Xi", "x"], scalars=["beta"], rhs="1e-4",
        lines=["H = models.DenseHopfield(W @ Xi, beta)", "T = Xi @ np.asarray(H.weights(W @ x))", "h = 1e-6",
               "fd = np.array([(float(H.energy(W @ (x + h * e))) - float(H.energy(W @ (x - h * e)))) / (2 * h)"
               " for e in np.eye(len(x))])"],
        lhs="float(np.max(np.abs(W.T @ W @ (x - T) - fd)))")
    return _search(ctx)(observe=observe, reevaluate=reevaluate, reproduce=reproduce)


def _cccp_part(ctx: Context):
    r"""Part: :math:`E_\Phi(x)-E_\Phi(T_\Phi(x))\ge\tfrac12\lVert W(x-T_\Phi(x))\rVert^2`."""

    def observe(case):
        W, Xi, x = _instance(case)
        T = _T(W, Xi, case.beta, x)
        low = ctx.side("CCCP decrease 1/2 |W (x - T_Phi(x))|^2", value=0.5 * float(np.sum((W @ (x - T)) ** 2)),
                       kind="lower")
        drop = _energy(W, Xi, case.beta, x) - _energy(W, Xi, case.beta, T)
        return Observation(drop, low, inputs=_inputs(case, W, Xi, x))

    def reevaluate(o):
        W, Xi, x = (np.asarray(o.inputs[k]) for k in ("W", "Xi", "x"))
        beta = o.inputs["beta"]
        with mpmath.workdps(_DPS):
            E0, T = _mp_energy_and_T(W, Xi, beta, x)
            E1, _ = _mp_energy_and_T(W, Xi, beta, T)
            diff = mpmath.matrix(W.tolist()) * (mpmath.matrix([float(v) for v in x]) - T)
            low = ctx.side("CCCP decrease 1/2 |W (x - T_Phi(x))|^2", value=float(mpmath.fsum(v * v for v in diff) / 2),
                           kind="lower")
            return float(E0 - E1), low

    reproduce = reproduce_text(
        {"hoptheory": "models"}, arrays=["W", "Xi", "x"], scalars=["beta"],
        lines=["H = models.DenseHopfield(W @ Xi, beta)", "T = Xi @ np.asarray(H.weights(W @ x))"],
        lhs="float(H.energy(W @ x) - H.energy(W @ T))", rhs="0.5 * float(np.sum((W @ (x - T)) ** 2))")
    search = _search(ctx, ["as the gradient part"])
    return search(observe=observe, reevaluate=reevaluate, kind="lower", reproduce=reproduce)


def stage_separation(ctx: Context, shapes=((4, 10), (8, 30), (16, 64))) -> list[dict]:
    r"""Reported: :math:`\Delta^\Phi_{\min}` (kernel, :math:`\lVert W\rVert_F=\sqrt d`) and the normalised separation
    before (:math:`W=I`) and after the first stage, on memories crowded around a common direction."""
    rows = []
    for d, M in shapes:
        Xi = correlated_memories(d, M, 0.5, ctx.subseed("stage memories", d, M) % 2**31)
        run = uhop_stage(Xi, steps=60)
        rows.append({"d": d, "M": M, "steps": len(run.Ws) - 1, "loss_before": run.losses[0], "loss_after": run.losses[-1],
                     "kernel_separation_before": models.min_separation(Xi),
                     "kernel_separation_after": models.min_separation(run.W @ Xi),
                     "normalised_separation_before": sampling.min_separation_unit(Xi),
                     "normalised_separation_after": sampling.min_separation_unit(run.W @ Xi)})
    return rows


@check("wu2024uhop/kernel-separation-capacity")
def check_kernel_separation(ctx):
    r"""``wu2024uhop/kernel-separation-capacity`` (derived forms): :math:`\nabla E_\Phi=W^\top W(x-T_\Phi(x))` and the
    CCCP decrease for linear invertible :math:`\Phi(x)=Wx`.

    Families: unit-sphere memories (:math:`d\le7`, :math:`M\le12`), :math:`W` Gaussian, orthogonal,
    diagonal and ill-conditioned, :math:`\beta` log-uniform on :math:`[10^{-2},10^2]`, queries near a
    memory or Gaussian.  Oracles: central finite differences (float), then 50-digit energies with
    a :math:`10^{-20}` step; the CCCP decrease at 50 digits.  Reported: :math:`\Delta^\Phi_{\min}`
    before and after the first stage.  Unverified overall: the capacity statement is not checked.
    """
    parts = [("gradient identity (finite differences)", _gradient_part(ctx)),
             ("CCCP step decreases E_Phi by >= 1/2 |W (x - T)|^2", _cccp_part(ctx))]
    return combine(ctx, parts, reported={"separation before and after the first stage": stage_separation(ctx)},
                   verdict_if_ok="unverified",
                   notes="the capacity M >= sqrt(p) C^((D_Phi - 1)/4) with Delta^Phi is reconstructed and not checked")
