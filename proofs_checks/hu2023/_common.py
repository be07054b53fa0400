"""Code shared by the hu2023 checks: array conversion, search families, strategies and query set-ups.

The independent oracles are in :mod:`proofs_checks._oracles`, the query builders and the named
tolerances in :mod:`proofs_checks._instances`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from hoptheory import models, sampling
from hoptheory.backend import to_numpy

from .._framework import Observation, inequality_check
from .._instances import COINCIDENT, TOL_ROUND, antipodal, query, random_rotation
from .._oracles import mp_error
from .._strategies import FAMILIES, instances, make_patterns

__all__: list[str] = []


# =========================================================================== arrays and instances


def _np(a) -> np.ndarray:
    return np.asarray(to_numpy(a), dtype=np.float64)


def _f(a) -> float:
    return float(np.asarray(to_numpy(a), dtype=np.float64))


def _arrays(inst, xp):
    """(Xi on xp, Xi as NumPy) of an instance, or None when two patterns coincide."""
    if inst.family == "polygon":   # regular polygon in the first two coordinates (explicit edge cases)
        k = np.arange(inst.M) * 2 * math.pi / inst.M
        Xn = np.zeros((inst.d, inst.M))
        Xn[0], Xn[1] = inst.m * np.cos(k), inst.m * np.sin(k)
        Xi = xp.asarray(Xn)
    else:
        Xi = make_patterns(inst, xp)
        Xn = _np(Xi)
    if inst.M >= 2:
        D = np.linalg.norm(Xn[:, :, None] - Xn[:, None, :], axis=0)
        D[np.arange(inst.M), np.arange(inst.M)] = np.inf
        if D.min() <= COINCIDENT:
            return None
    return Xi, Xn


@dataclass(frozen=True)
class _Fixed:
    """A structured instance given by its arrays (a member of a search family)."""

    family: str
    Xi: np.ndarray
    x: np.ndarray
    mu: int
    beta: float
    r: float = math.nan


def _fan_family(rng, n):
    r"""Queries on the ray towards one of two competitors placed symmetrically about xi_mu.

    xi_mu = m e_1 and xi_{1,2} = m (cos phi, +-sin phi); the query is xi_mu + f R u with u the
    unit vector towards xi_1, so x is in S_mu(R).  Sparsemax puts the off-target weight on
    xi_1 alone; softmax spreads a larger weight over xi_1 and xi_2, whose displacements
    xi_nu - xi_mu cancel across the axis, so the dense error is the smaller one.  Drawn (from
    ``rng``): phi in [0.6, 1.1], f in [0.75, 1], beta m^2 log-uniform in [10^-0.2, 10^0.2],
    m in [0.5, 3], d in [2, 5], a random rotation and a random order of the columns.  On this
    box the sparse error exceeds the dense one by a factor >= 1.18 (measured on 2000 draws).
    """
    out = []
    for _ in range(n):
        d, m = int(rng.integers(2, 6)), float(rng.uniform(0.5, 3.0))
        phi, f = float(rng.uniform(0.6, 1.1)), float(rng.uniform(0.75, 1.0))
        beta = float(10 ** rng.uniform(-0.2, 0.2)) / m**2
        Xn = np.zeros((d, 3))
        Xn[:2] = m * np.array([[1.0, math.cos(phi), math.cos(phi)], [0.0, math.sin(phi), -math.sin(phi)]])
        Xn = random_rotation(rng, d) @ Xn
        perm = rng.permutation(3)
        Xn = Xn[:, perm]
        mu, nu = int(np.flatnonzero(perm == 0)[0]), int(np.flatnonzero(perm == 1)[0])
        R = models.separation_radius(Xn)
        u = (Xn[:, nu] - Xn[:, mu]) / np.linalg.norm(Xn[:, nu] - Xn[:, mu])
        out.append(_Fixed("fan", Xn, Xn[:, mu] + f * R * u, mu, beta))
    return out


def _overshoot_family(rng, n):
    r"""Queries x = c xi_mu beyond a pattern, inside its one-hot region, with beta != 1.

    Where sparsemax(beta Xi^T y) = e_mu for y = x and y = xi_mu, the printed energy is
    H(y) = -beta <xi_mu, y> + ||y||^2 / 2, so H(T x) - H(x) = H(xi_mu) - H(c xi_mu)
    = ||xi_mu||^2 (c - 1)(beta - (c + 1)/2): an increase for 1 < c < 2 beta - 1 (and for
    2 beta - 1 < c < 1 when beta < 1).  Drawn: sphere patterns (d in [2, 6], M in [2, 8],
    m in [0.5, 3]), mu the best separated pattern, beta = max(1.5, 2/Delta_mu) times
    10^U[0, 1], c = 1 + (2 beta - 2) v with v in [0.2, 0.8].
    """
    out = []
    for _ in range(n):
        d, M, m = int(rng.integers(2, 7)), int(rng.integers(2, 9)), float(rng.uniform(0.5, 3.0))
        Xn = _np(sampling.sphere(d, M, m, seed=int(rng.integers(2**31))))
        Delta = _np(models.pattern_separation(Xn))
        mu = int(np.argmax(Delta))
        if not Delta[mu] > 0:
            continue
        beta = max(1.5, 2.0 / Delta[mu]) * float(10 ** rng.uniform(0.0, 1.0))
        c = 1.0 + (2 * beta - 2) * float(rng.uniform(0.2, 0.8))
        out.append(_Fixed("overshoot", Xn, c * Xn[:, mu], mu, beta))
    return out


# --- combining parts -----------------------------------------------------------------


def _part(ctx, strategy, observe, **kw):
    """One part of a claim: an inequality search (:func:`~proofs_checks._search.inequality_check`)."""
    return inequality_check(ctx, strategy=strategy, observe=observe, **kw)


def _not_applicable() -> Observation:
    """The observation of a draw whose instance could not be built: outside the hypotheses."""
    return Observation(0.0, 1.0, applicable=False)


def _given(setup):
    """``@_given(setup)`` turns ``obs(*instance)`` into ``observe(draw)``: the draw is built by
    ``setup(draw)``, and a draw it cannot build (``None``: two memories coincide, no separated set
    was found) is not applicable."""

    def deco(obs):
        def observe(draw):
            built = setup(draw)
            return _not_applicable() if built is None else obs(*built)

        return observe

    return deco


def _separated_or_antipodal(fam, d, M, m, seed, xp):
    """Memories of a well-separation draw: two antipodal patterns of norm m (``fam == "antipodal"``), or
    M patterns on the sphere of radius m separated by 0.6 of the packing bound; with their
    separations and the best separated pattern: ``(Xi, Xn, Delta, mu)``, or None when no separated
    set was found quickly."""
    if fam == "antipodal":
        Xn = antipodal(d, m)
    else:
        try:
            Xn = _np(sampling.separated(d, M, 0.6 * sampling.separation_upper_bound(d, M, m), m, seed=seed,
                                        max_tries=2000))
        except Exception:  # noqa: BLE001  (no separated set found quickly)
            return None
    Xi = xp.asarray(Xn)
    Delta = _np(models.pattern_separation(Xi))
    return Xi, Xn, Delta, int(np.argmax(Delta))


def _energy_step(model, x, xp):
    """One step of ``model`` from x: ``(x, T(x), E(x), E(T(x)), ||T(x) - x||)``, x and T(x) on ``xp``."""
    xa = xp.asarray(x)
    Tx = model.retrieve(xa)
    return xa, Tx, _f(model.energy(xa)), _f(model.energy(Tx)), _f(xp.linalg.vector_norm(Tx - xa))


def _ball_or_tilted(Xn, mu, radius, mode, angle, seed):
    """A query in S_mu(radius): uniform in the ball (``mode == "ball"``), else on its boundary in the
    direction of the nearest competitor tilted by ``angle`` towards a random orthogonal direction."""
    if mode == "ball":
        return query(Xn, mu, radius, "ball", 0.0, seed + 3)
    return query(Xn, mu, radius, "tilted", angle, seed)


def _fam(*names):
    return [f"{n}: {FAMILIES[n]}" for n in names]


_STD = ("sphere", "gaussian", "binary")

_QUERY = st.tuples(st.sampled_from(["ball", "ray"]), st.floats(0.0, math.pi))


def _ball_draw(families=("sphere",), d=(2, 8), M=(2, 20), beta=(1e-2, 1e2), m=(0.5, 4.0)):
    return st.tuples(instances(families, d=d, M=M, beta=beta, m=m), _QUERY)


def _gaussian_setup(draw, xp, salt):
    """``(inst, Xi, Xn, x)`` of a draw ``(instance, s)``: x Gaussian of scale 10^s from the instance's
    seed + ``salt``; None when two memories coincide."""
    inst, lsc = draw
    arr = _arrays(inst, xp)
    if arr is None:
        return None
    Xi, Xn = arr
    x = np.random.default_rng(inst.seed + salt).normal(size=inst.d) * 10.0 ** lsc
    return inst, Xi, Xn, x


def _ball_setup(draw, xp, *extra):
    """``(inst, Xi, Xn, x, R, *extra)`` of a draw ``(instance, (mode, angle), ...)``: x in S_mu(rR) by
    :func:`~proofs_checks._instances.query`; None when two memories coincide."""
    inst, (mode, angle) = draw[0], draw[1]
    arr = _arrays(inst, xp)
    if arr is None:
        return None
    Xi, Xn = arr
    R = models.separation_radius(Xi)
    x = query(Xn, inst.mu, inst.radius_fraction * R, mode, angle, inst.seed + 11)
    return inst, Xi, Xn, x, R, *extra


_ERR_REPRO = ("from hoptheory.models import SparseHopfield, DenseHopfield\n"
              "Xi, x, mu, beta = np.array(ce['Xi']), np.array(ce['x']), ce['mu'], ce['beta']\n"
              "lhs = float(SparseHopfield(Xi, beta).error(x, mu))\n"
              "rhs = float(DenseHopfield(Xi, beta).error(x, mu))\n")


def _fixed_or_ball(draw, xp):
    """(Xi, Xn, x, mu, beta, R) of a structured (:class:`_Fixed`) or a drawn instance, or None."""
    if isinstance(draw, _Fixed):
        Xn = np.asarray(draw.Xi, dtype=np.float64)
        Xi = xp.asarray(Xn)
        return Xi, Xn, np.asarray(draw.x, dtype=np.float64), draw.mu, draw.beta, models.separation_radius(Xi)
    s = _ball_setup(draw, xp)
    if s is None:
        return None
    inst, Xi, Xn, x, R = s
    return Xi, Xn, x, inst.mu, inst.beta, R


def _in_ball(Xn, x, mu, R):
    return float(np.linalg.norm(x - Xn[:, mu])) <= R * (1 + TOL_ROUND)


def _err_pair_obs(ctx, draw, xp, side_name):
    s = _fixed_or_ball(draw, xp)
    if s is None:
        return _not_applicable()
    Xi, Xn, x, mu, beta, R = s
    xa = xp.asarray(x)
    es = _f(models.SparseHopfield(Xi, beta).error(xa, mu))
    ed = ctx.side(side_name, value=_f(models.DenseHopfield(Xi, beta).error(xa, mu)))
    return Observation(es, ed, applicable=Xn.shape[1] >= 3 and _in_ball(Xn, x, mu, R),
                       inputs={"Xi": Xn, "x": x, "mu": mu, "beta": beta})


def _err_pair_reeval(o):
    a = o.inputs
    return (float(mp_error(a["Xi"], a["x"], a["beta"], a["mu"], "sparsemax")),
            float(mp_error(a["Xi"], a["x"], a["beta"], a["mu"], "softmax")))

