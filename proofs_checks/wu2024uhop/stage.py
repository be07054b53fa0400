r"""The first stage of U-Hop (and of U-Hop+): a linear feature map made uniform on the sphere.

With :math:`\Phi(x)=Wx`, :math:`W\in\mathbb R^{d\times d}`, and the normalised features
:math:`\hat f_i=W\xi_i/\lVert W\xi_i\rVert`, the stage minimises the uniformity loss of
:func:`hoptheory.sampling.uniformity_loss`,

.. math::

    \mathcal L_t(W)=\log\frac{2}{M(M-1)}\sum_{i<j}e^{-t\lVert\hat f_i-\hat f_j\rVert^2}
    =\log\frac{2}{M(M-1)}\sum_{i<j}e^{-2t+2t\langle\hat f_i,\hat f_j\rangle},

whose gradient is, with the pair weights :math:`P_{ij}` (the softmax of the exponents over the
pairs, symmetrised),

.. math::

    \frac{\partial\mathcal L_t}{\partial\hat f_i}=2t\sum_{j\ne i}P_{ij}\hat f_j,\qquad
    \frac{\partial\mathcal L_t}{\partial f_i}=\frac{(I-\hat f_i\hat f_i^\top)}{\lVert f_i\rVert}
    \frac{\partial\mathcal L_t}{\partial\hat f_i},\qquad
    \nabla_W\mathcal L_t=\sum_i\frac{\partial\mathcal L_t}{\partial f_i}\,\xi_i^\top .

:math:`\mathcal L_t(cW)=\mathcal L_t(W)` for :math:`c>0`, so :math:`\langle\nabla_W\mathcal L_t,W\rangle_F=0` and the
descent runs on the Frobenius sphere :math:`\lVert W\rVert_F=\lVert W_0\rVert_F` (projected gradient
descent: a gradient step, then the projection back onto the sphere), with an Armijo
backtracking step (Wu, Hu, Hsiao, Liu, ICML 2024, arXiv:2404.03827, first stage, :math:`t=2`; Hu,
Wu, Liu, NeurIPS 2024, arXiv:2410.23126, U-Hop+).  The loss decrease is checked with the
independent evaluator :func:`hoptheory.sampling.uniformity_loss` and the gradient against
finite differences (``hu2024khm/uhop-plus``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import mpmath
import numpy as np

__all__ = ["StageRun", "correlated_memories", "mp_uniformity_loss", "uhop_stage", "uniformity_loss_and_gradient"]


def uniformity_loss_and_gradient(W: np.ndarray, Xi: np.ndarray, t: float = 2.0) -> tuple[float, np.ndarray]:
    r""":math:`(\mathcal L_t(W),\nabla_W\mathcal L_t)` for the features :math:`W\xi_i` of the columns of ``Xi``."""
    F = W @ Xi
    n = np.linalg.norm(F, axis=0)
    U = F / n
    M = U.shape[1]
    upper = np.triu(np.ones((M, M), dtype=bool), 1)
    expo = np.where(upper, -t * (2.0 - 2.0 * (U.T @ U)), -np.inf)
    top = float(np.max(expo))
    P = np.exp(expo - top)
    total = float(np.sum(P))
    P /= total
    loss = top + math.log(total) - math.log(M * (M - 1) / 2)
    g_hat = 2.0 * t * (U @ (P + P.T))                  # dL / d f_hat_i, columns
    g_f = (g_hat - U * np.sum(U * g_hat, axis=0)) / n   # through the normalisation
    return loss, g_f @ Xi.T


def mp_uniformity_loss(W, Xi, t: float = 2.0, dps: int = 40):
    r""":math:`\mathcal L_t(W)` at ``dps`` digits (mpmath), from the unnormalised features :math:`W\xi_i`.

    ``W`` is a float array or an ``mpmath.matrix`` (finite differences at high precision).
    """
    with mpmath.workdps(dps):
        Wm = W if isinstance(W, mpmath.matrix) else mpmath.matrix(np.asarray(W, dtype=float).tolist())
        Xm = mpmath.matrix(np.asarray(Xi, dtype=float).tolist())
        F = Wm * Xm
        M = F.cols
        cols = []
        for j in range(M):
            c = [F[i, j] for i in range(F.rows)]
            n = mpmath.sqrt(mpmath.fsum(v * v for v in c))
            cols.append([v / n for v in c])
        terms = [mpmath.exp(-t * mpmath.fsum((a - b) ** 2 for a, b in zip(cols[i], cols[j])))
                 for i in range(M) for j in range(i + 1, M)]
        return mpmath.log(mpmath.fsum(terms) / len(terms))


@dataclass
class StageRun:
    """The iterates of :func:`uhop_stage`: ``Ws[k]`` after ``k`` accepted steps and their losses."""

    Ws: list = field(default_factory=list)
    losses: list = field(default_factory=list)

    @property
    def W(self) -> np.ndarray:
        return self.Ws[-1]


def uhop_stage(Xi: np.ndarray, *, t: float = 2.0, steps: int = 60, W0: np.ndarray | None = None,
               armijo: float = 1e-4, halvings: int = 40) -> StageRun:
    r"""Projected gradient descent of :math:`\mathcal L_t(W)` on the sphere :math:`\lVert W\rVert_F=\lVert W_0\rVert_F`.

    Each step tries :math:`W'=P(W-\eta\nabla_W\mathcal L_t)`, :math:`P` the projection onto the
    sphere, and halves :math:`\eta` until
    :math:`\mathcal L_t(W')\le\mathcal L_t(W)-\texttt{armijo}\,\eta\lVert\nabla_W\mathcal L_t\rVert_F^2`
    (at most ``halvings`` times; the run stops when no step is accepted); the next step starts
    from :math:`2\eta`.

    Parameters
    ----------
    Xi : float array, shape (d, M)
        Memories (columns), :math:`M\ge2`.
    t : float
        Temperature of the loss (U-Hop: 2).
    steps : int
        Largest number of accepted steps.
    W0 : float array, shape (d, d), optional
        Start (identity by default).
    """
    W = np.eye(Xi.shape[0]) if W0 is None else np.array(W0, dtype=float)
    radius = float(np.linalg.norm(W))
    loss, grad = uniformity_loss_and_gradient(W, Xi, t)
    run = StageRun([W], [loss])
    eta = 1.0
    for _ in range(steps):
        g2 = float(np.sum(grad * grad))
        if g2 == 0.0:
            break
        for _ in range(halvings):
            Wn = W - eta * grad
            Wn *= radius / np.linalg.norm(Wn)
            ln, gn = uniformity_loss_and_gradient(Wn, Xi, t)
            if ln <= loss - armijo * eta * g2:
                break
            eta /= 2
        else:
            break
        W, loss, grad = Wn, ln, gn
        run.Ws.append(W)
        run.losses.append(loss)
        eta *= 2
    return run


def correlated_memories(d: int, M: int, spread: float, seed: int) -> np.ndarray:
    r"""Unit memories crowded around a common direction: :math:`\xi_\mu\propto c+\sigma g_\mu`, Gaussian :math:`c, g_\mu`."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((d, 1)) + spread * rng.standard_normal((d, M))
    return X / np.linalg.norm(X, axis=0)

