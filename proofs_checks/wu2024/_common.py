r"""Code shared by the wu2024 checks: the model of an index α, mpmath oracles, draws and search families.

Independent oracles (no :mod:`hoptheory.maps` code path):

* :func:`mp_weights`: α-entmax by bisection on the threshold in mpmath (``blondel2020._oracles.entmax_mp``,
  robust for large α), normalised, softmax in mpmath at α = 1;
* :func:`mp_conjugate`: :math:`\Omega^\star_\alpha(\theta)=\langle p,\theta\rangle-\Omega_\alpha(p)` at the
  mpmath maximiser (the definition, not the closed form), log-sum-exp at α = 1;
* :func:`mp_error` and :func:`mp_energy`: the one-step error and the energies of the α-model, from
  the two above.
"""

from __future__ import annotations

import mpmath
import numpy as np

from hoptheory import models
from hoptheory.backend import to_numpy

from ..blondel2020._oracles import entmax_mp

__all__ = ["DPS", "host", "model", "mp_conjugate", "mp_energy", "mp_error", "mp_weights",
           "sphere"]

#: Decimal digits of the mpmath oracles of these checks.
DPS = 50


def host(a) -> np.ndarray:
    """Any array as a NumPy float64 array."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def model(xp, Xi, beta: float, alpha: float):
    """The α-model on ``xp``: softmax at α = 1 (:class:`~hoptheory.models.DenseHopfield`), else α-entmax."""
    Xa = xp.asarray(np.asarray(Xi, dtype=np.float64))
    return models.DenseHopfield(Xa, beta) if alpha == 1.0 else models.EntmaxHopfield(Xa, beta, alpha)


def sphere(d: int, M: int, m: float, seed: int) -> np.ndarray:
    """M i.i.d. uniform points on the sphere of radius m in R^d, as columns."""
    g = np.random.default_rng(seed).standard_normal((d, M))
    return m * g / np.linalg.norm(g, axis=0)


def _mpv(v):
    return v if isinstance(v, mpmath.mpf) else mpmath.mpf(float(v))


def mp_weights(theta, alpha) -> list:
    """α-entmax (softmax at α = 1) of ``theta`` in mpmath, at the current precision."""
    t = [_mpv(v) for v in theta]
    if alpha == 1:
        top = max(t)
        e = [mpmath.exp(v - top) for v in t]
        s = mpmath.fsum(e)
        return [v / s for v in e]
    p = entmax_mp(t, alpha, mpmath.mp.dps)[0]
    s = mpmath.fsum(p)
    return [v / s for v in p]


def mp_conjugate(theta, alpha):
    r""":math:`\Omega^\star_\alpha(\theta)` from its definition at the mpmath maximiser (lse at α = 1)."""
    t = [_mpv(v) for v in theta]
    if alpha == 1:
        top = max(t)
        return top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in t))
    a = mpmath.mpf(alpha)
    p = mp_weights(t, alpha)
    omega = (mpmath.fsum(v ** a for v in p if v > 0) - 1) / (a * (a - 1))
    return mpmath.fsum(u * v for u, v in zip(p, t)) - omega


def _scores(Xn, x):
    return [mpmath.fsum(_mpv(Xn[i, j]) * _mpv(x[i]) for i in range(Xn.shape[0])) for j in range(Xn.shape[1])]


def mp_error(Xn, x, beta, mu: int, alpha, dps: int = DPS) -> float:
    r""":math:`\Vert T_\alpha(x)-\xi_\mu\Vert` in mpmath at ``dps`` digits."""
    with mpmath.workdps(dps):
        b = _mpv(beta)
        p = mp_weights([b * v for v in _scores(Xn, x)], alpha)
        T = [mpmath.fsum(_mpv(Xn[i, j]) * p[j] for j in range(Xn.shape[1])) for i in range(Xn.shape[0])]
        return float(mpmath.sqrt(mpmath.fsum((T[i] - _mpv(Xn[i, mu])) ** 2 for i in range(Xn.shape[0]))))


def mp_energy(Xn, x, beta, alpha, published: bool = False):
    r""":math:`H_\beta(x)=-\beta^{-1}\Omega^\star_\alpha(\beta\Xi^\top x)+\tfrac12\Vert x\Vert^2` in mpmath
    (``published``: without :math:`\beta^{-1}`), at the current precision; ``x`` may hold mpf."""
    b = _mpv(beta)
    conj = mp_conjugate([b * v for v in _scores(Xn, x)], alpha)
    half = mpmath.fsum(_mpv(v) ** 2 for v in x) / 2
    return (-conj if published else -conj / b) + half
