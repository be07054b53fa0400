r"""Instance families, query builders and the named tolerances of the theorem checks.

* **tolerances**: every comparison slack of a check has a name here, with the reason for its
  size.  The kinds of :func:`hoptheory.backend.tolerance` (multiples and powers of the machine
  epsilon :math:`\varepsilon = 2^{-52}` of float64) are used directly where a comparison has
  their shape (:data:`TOL_IDENTITY`, :data:`TOL_OPTIMISER`, :data:`TOL_FD`); the others are the
  values the checks were calibrated with, stated in units of :math:`\varepsilon` beside the
  dtype kinds they fall between.  A check must never compare with a looser slack than the one
  named for its comparison.
* **placements**: :func:`antipodal` pairs (the tight case of the exponential bounds),
  :func:`random_rotation`, the sampled families (:func:`patterns`);
* **queries**: :func:`query` builds a query at a given distance from a memory, in a ball, on a
  ray, towards a competitor or perturbed (one function for every check).
"""

from __future__ import annotations

import math

import numpy as np

from hoptheory import sampling
from hoptheory.backend import Tolerance, to_numpy, tolerance

__all__ = [
    "COINCIDENT",
    "DEGENERATE",
    "ITERATION_TOL",
    "QUERY_MODES",
    "STAT_EPS",
    "STAT_EPS_VARIANCE",
    "TOL_CONVERSION",
    "TOL_FD",
    "TOL_FLOOR",
    "TOL_FOUR_DECIMALS",
    "TOL_GRADIENT",
    "TOL_GRADIENT_SPARSE",
    "TOL_IDENTITY",
    "TOL_KKT",
    "TOL_MAP",
    "TOL_OPTIMISER",
    "TOL_PROPAGATED",
    "TOL_QP",
    "TOL_ROUND",
    "TOL_SLSQP",
    "TOL_SOLVER",
    "TOL_STATIONARY",
    "antipodal",
    "nearest",
    "orthogonal_unit",
    "patterns",
    "query",
    "random_rotation",
]

# --------------------------------------------------------------------------- tolerances
#
# float64: eps = 2.2e-16; tolerance("tight") = 256 eps = 5.7e-14, tolerance("default") = eps^(3/4)
# = 1.8e-12, tolerance("loose") = eps^0.4 = 5.4e-7, tolerance("fd") = 10 eps^(1/3) = 6.1e-5.

#: Two float64 evaluations of one closed form by different algorithms (sorting vs bisection,
#: sums of M terms in another order): rtol = atol = ε^¾ ≈ 1.8e-12 (the dtype's ``"default"``).
TOL_IDENTITY = tolerance(np.float64, "default")

#: An iterative or optimisation-based value (a QP's optimum) against another solver's:
#: rtol = atol = ε^0.4 ≈ 5.4e-7 (the dtype's ``"loose"``).
TOL_OPTIMISER = tolerance(np.float64, "loose")

#: Central finite differences (step ≈ ε^⅓) against an analytic derivative: truncation h² and
#: rounding ε/h balance at 10 ε^⅓ ≈ 6.1e-5 (the dtype's ``"fd"``).
TOL_FD = tolerance(np.float64, "fd")

#: One exact value (rationals, mpmath) rounded to float64 once on each side: 1e-15 ≈ 4.5 ε,
#: below ``"tight"`` (256 ε), which allows a short computation on top.
TOL_CONVERSION = 1e-15

#: Absolute floor of a relative comparison whose compared value can be exactly 0 (a Lipschitz
#: bound at η = 0): 1e-14 ≈ 45 ε, below ``"tight"``.
TOL_FLOOR = 1e-14

#: A float64 quantity after a few dozen operations (scores, one exp or log, a norm) against an
#: exact value or the same quantity by another route, relative (absolute for quantities of size
#: about 1, such as an error that must be exactly 0): 1e-12 ≈ 4.5e3 ε, between ``"tight"``
#: (256 ε; these comparisons include sums of M ≤ 20 terms and an exp) and ``"default"`` (ε^¾).
TOL_ROUND = 1e-12

#: A map or an energy composed of scores, a sparsemax/softmax and a product with Ξ (or the
#: residual of an equation solved in floats), against a second evaluation of it, relative to
#: 1 + |value|: 1e-10 ≈ 4.5e5 ε, loose enough for scores of size β‖Ξ‖‖x‖ up to 10² that
#: amplify the rounding of the weights, tight enough that a wrong map (errors of order 1) fails.
TOL_MAP = 1e-10

#: A quantity that passes through exponentials of large scores (β Δ up to 10³), an iteration,
#: the 1-D dual of a conjugate minimised by Brent (xatol 1e-13), or mpmath central differences
#: at h = 1e-15 rounded to float: 1e-9 ≈ 4.5e6 ε, relative.
TOL_PROPAGATED = 1e-9

#: The float gradient x − T_dense(x) against mpmath central differences of the energy, relative
#: to 1 + ‖∇‖: 1e-8; the float side loses β‖Ξ‖²‖x‖ ε with ‖x‖ up to 10 and β up to 10².
TOL_GRADIENT = 1e-8

#: As :data:`TOL_GRADIENT` for the sparse energies (the Gini conjugate has a kink on the support
#: boundary; the float sparsemax rounds the threshold τ, which enters every weight): 1e-7.
TOL_GRADIENT_SPARSE = 1e-7

#: The package's KKT residuals of the ε-SVR dual, relative to max(1, C) max(1, |Ξ|): 1e-8, the
#: stopping rule of the package's dual solver.
TOL_KKT = 1e-8

#: An optimum by a 1-D bounded Brent search or by SLSQP (ftol ≤ 1e-13) used as a reference
#: value: 1e-6 relative, from the optimisers' stopping rules on functions of curvature ~1.
TOL_SOLVER = 1e-6

#: SLSQP solutions used as bounds (the distance to a convex hull; the constraint violation of a
#: primal QP): rtol = 1e-6 as :data:`TOL_SOLVER`, atol = 1e-7 for optima that are 0.
TOL_SLSQP = Tolerance(rtol=1e-6, atol=1e-7)

#: Generic QP solvers (SLSQP over the joint primal, with d·D + 2·d·M variables) against the
#: exact dual solver of the package: rtol = 1e-5, atol = 1e-6 (their default stopping rules).
TOL_QP = Tolerance(rtol=1e-5, atol=1e-6)

#: The gradient of an energy at the end point of an iteration stopped by its residual, taken as
#: "numerically zero" relative to 1 + ‖x‖: 1e-4 (the iteration stops at step 1e-8 and the
#: gradient is estimated by central differences with h = 1e-6 ‖x‖).
TOL_STATIONARY = 1e-4

#: A constant printed to four decimals against the package's value: half a unit of the fourth
#: decimal plus rounding, taken as 1e-4.
TOL_FOUR_DECIMALS = 1e-4

#: The tolerance ε of a statistical part (:func:`~proofs_checks._statistics.binomial_check`,
#: :func:`~proofs_checks._statistics.mean_check`): a rate or mean within 0.05 of the claimed one
#: confirms; the trials are sized to resolve it at the suite's error rate.
STAT_EPS = 0.05

#: The tolerance of a mean claim about a variance, relative to the variance: 0.25 (the squared
#: deviations have a heavy tail, so the same trials resolve a variance only to about a quarter).
STAT_EPS_VARIANCE = 0.25

#: The step size at which an iteration is taken to have reached its fixed point.
ITERATION_TOL = 1e-8

#: Two memories closer than this are taken as one (the instance is skipped).
COINCIDENT = 1e-9

#: A direction of norm below this is taken as 0 (no orthogonal part, no competitor direction).
DEGENERATE = 1e-12


# --------------------------------------------------------------------------- placements


def antipodal(d: int, m: float) -> np.ndarray:
    r"""Two antipodal memories of norm ``m``, the tight case of the exponential error bounds.

    .. math:: \xi_1 = m e_1, \qquad \xi_2 = -m e_1

    Returns shape ``(d, 2)``.
    """
    Xi = np.zeros((d, 2))
    Xi[0, 0], Xi[0, 1] = m, -m
    return Xi


def random_rotation(rng: np.random.Generator, d: int) -> np.ndarray:
    r"""A random orthogonal matrix: the Q factor of a Gaussian matrix with the signs fixed (Haar).

    .. math:: G = QR,\ G_{ij} \sim \mathcal N(0, 1), \qquad Q' = Q \operatorname{diag}(\operatorname{sign} R_{ii})

    ``rng``: the generator (one ``(d, d)`` standard normal draw); returns shape ``(d, d)``.
    """
    Q, Rq = np.linalg.qr(rng.standard_normal((d, d)))
    return Q * np.sign(np.diag(Rq))


def patterns(family: str, d: int, M: int, seed: int, m: float = 1.0, xp=None):
    r"""Memories of a standard sampled family, on namespace ``xp``.

    .. math::

        \xi_\mu \sim \mathrm{Unif}(m S^{d-1}) \ (\texttt{sphere}), \quad
        \xi_{i\mu} \sim \mathcal N(0, 1) \ (\texttt{gaussian}), \quad
        \xi_{i\mu} \sim \mathrm{Unif}\{\pm 1\} \ (\texttt{binary})

    i.i.d. from ``seed``; ``m`` is used by ``sphere`` only.  Returns shape ``(d, M)``.
    """
    if family == "sphere":
        return sampling.sphere(d, M, m, seed=seed, xp=xp)
    if family == "gaussian":
        return sampling.gaussian(d, M, seed=seed, xp=xp)
    if family == "binary":
        return sampling.binary(d, M, seed=seed, xp=xp)
    raise ValueError(f"unknown family {family!r}")


def nearest(Xn: np.ndarray, mu: int) -> int:
    r"""The memory nearest to :math:`\xi_\mu`.

    .. math:: \nu^* = \operatorname{argmin}_{\nu \ne \mu} \lVert \xi_\nu - \xi_\mu \rVert_2

    ``Xn``: shape ``(d, M)``, ``M >= 2``.
    """
    D = np.linalg.norm(Xn - Xn[:, mu:mu + 1], axis=0)
    D[mu] = np.inf
    return int(np.argmin(D))


def orthogonal_unit(u: np.ndarray, seed: int) -> np.ndarray:
    r"""A random unit vector orthogonal to ``u`` (Gaussian, projected, normalised).

    .. math:: v = \frac{g - \frac{\langle g, u\rangle}{\langle u, u\rangle} u}{\lVert\cdot\rVert}, \qquad g \sim \mathcal N(0, I_d)

    ``u``: shape ``(d,)``; a projection of norm below :data:`DEGENERATE` is returned unnormalised.
    """
    rng = np.random.default_rng(seed)
    v = rng.normal(size=u.shape)
    v = v - (v @ u) / (u @ u) * u
    n = np.linalg.norm(v)
    return v / n if n > DEGENERATE else v


# --------------------------------------------------------------------------- queries

#: The placements :func:`query` builds, and what they are.
QUERY_MODES = {
    "ball": "uniform in the closed ball of the given radius around xi_mu",
    "sphere": "on the sphere of the given radius around xi_mu, uniform direction",
    "gaussian": "xi_mu + radius g, g standard Gaussian",
    "perturb": "xi_mu + radius g / sqrt(d), g standard Gaussian",
    "ray": "on the ray from xi_mu mixing xi_mu's own direction (angle 0: overshoot) and the direction "
           "to its nearest competitor, orthogonalised (angle pi/2)",
    "nearest": "towards the nearest competitor",
    "tilted": "towards the nearest competitor, tilted by angle towards a random orthogonal direction",
    "largest-norm": "along the direction of the competitor of largest norm",
    "perp": "orthogonally to xi_mu towards the competitor of largest overlap <xi_mu, xi_nu>",
}


def query(Xn: np.ndarray, mu: int, radius: float, mode: str = "ball", angle: float = 0.0,
          seed: int = 0) -> np.ndarray:
    r"""A query at distance ``radius`` from the memory :math:`\xi_\mu` (within it for ``"ball"``).

    .. math:: x = \xi_\mu + r\, u, \qquad \lVert u\rVert = 1 \ (\lVert u\rVert \le 1 \text{ for } \texttt{ball})

    ``Xn``: memories as NumPy, shape ``(d, M)``; ``mode``: one of :data:`QUERY_MODES`;
    ``angle``: for ``"ray"`` and ``"tilted"``; ``seed``: the randomness of ``"ball"``,
    ``"sphere"``, ``"gaussian"``, ``"perturb"`` and ``"tilted"`` (one draw of
    :func:`numpy.random.default_rng` or :func:`hoptheory.sampling.ball`).  ``radius <= 0`` gives a copy of :math:`\xi_\mu`.
    Returns shape ``(d,)``.
    """
    xi = Xn[:, mu]
    if radius <= 0:
        return xi.copy()
    if mode == "ball":
        return np.asarray(to_numpy(sampling.ball(np.asarray(Xn), mu, r=radius, seed=seed)), dtype=np.float64)
    if mode in ("sphere", "gaussian", "perturb"):
        g = np.random.default_rng(seed).standard_normal(xi.shape[0])
        if mode == "sphere":
            return xi + radius * g / np.linalg.norm(g)
        if mode == "gaussian":
            return xi + radius * g
        return xi + radius * g / math.sqrt(xi.shape[0])
    if mode == "ray":
        nu = nearest(Xn, mu)
        o = xi / max(np.linalg.norm(xi), 1e-300)
        u = Xn[:, nu] - xi
        u = u - (u @ o) * o
        nu_ = np.linalg.norm(u)
        u = u / nu_ if nu_ > DEGENERATE else np.zeros_like(u)
        direction = math.cos(angle) * o + math.sin(angle) * u
        direction /= max(np.linalg.norm(direction), 1e-300)
        return xi + radius * direction
    if mode == "nearest":
        u = Xn[:, nearest(Xn, mu)] - xi
        return xi + radius * u / max(np.linalg.norm(u), 1e-300)
    if mode == "tilted":
        u = Xn[:, nearest(Xn, mu)] - xi
        u = u / np.linalg.norm(u)
        direction = math.cos(angle) * u + math.sin(angle) * orthogonal_unit(u, seed)
        return xi + radius * direction / np.linalg.norm(direction)
    others = np.arange(Xn.shape[1]) == mu
    if mode == "largest-norm":
        nu = int(np.argmax(np.where(others, -np.inf, np.linalg.norm(Xn, axis=0))))
        return xi + radius * (Xn[:, nu] / max(np.linalg.norm(Xn[:, nu]), 1e-300))
    if mode == "perp":
        G = Xn.T @ xi
        nu = int(np.argmax(np.where(others, -np.inf, G)))
        u = Xn[:, nu] - (G[nu] / max(G[mu], 1e-300)) * xi
        if np.linalg.norm(u) < DEGENERATE:
            u = Xn[:, nu]
        return xi + radius * u / np.linalg.norm(u)
    raise ValueError(f"unknown query mode {mode!r}; expected one of {sorted(QUERY_MODES)}")
