r"""Checks of ``krotov2016/energy-update`` and ``krotov2016/capacity``."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np

from hoptheory.bounds import hopfield1982 as H
from hoptheory.bounds import krotov2016 as B
from hoptheory.models import (
    dense_async_sweep,
    dense_energy,
    exponential_interaction,
    hebbian_sign_update,
    hebbian_weights,
    polynomial_interaction,
    rectified_polynomial_interaction,
)

from .._framework import binomial_check, check, combine
from .._instances import TOL_ROUND
from .._oracles import DPS
from ..ramsauer2021._common import fact_part
from ._common import binary_patterns, fixed_point_experiment, formula_part

__all__: list[str] = []

#: Interaction families: name → (model F, scalar oracle on Python ints, exact).
FAMILIES = {
    "z^2": (polynomial_interaction(2), lambda z: z**2, True),
    "z^3": (polynomial_interaction(3), lambda z: z**3, True),
    "z^4": (polynomial_interaction(4), lambda z: z**4, True),
    "rectified z^2": (rectified_polynomial_interaction(2), lambda z: max(z, 0)**2, True),
    "rectified z^3": (rectified_polynomial_interaction(3), lambda z: max(z, 0)**3, True),
    "exp": (exponential_interaction(), math.exp, False),
}


def _energy_oracle(Xi: np.ndarray, sigma: np.ndarray, f) -> float:
    """E(σ) = -Σ_μ f(<ξ_μ, σ>) by a plain loop over Python integers."""
    d, M = Xi.shape
    return -sum(f(sum(int(Xi[i, mu]) * int(sigma[i]) for i in range(d))) for mu in range(M))


@check("krotov2016/energy-update")
def check_energy_update(ctx):
    r"""``krotov2016/energy-update``: each asynchronous update takes the sign of lower energy.

    Families: polynomial :math:`z^n` (:math:`n=2,3,4`), rectified :math:`z^2, z^3` and :math:`e^z`;
    random :math:`\pm1` memories (:math:`d\in[2,12]`, :math:`M\in[1,8]`) and start states, units
    visited in a random order.  After every single-unit update of ``dense_async_sweep`` the model's
    energy must equal the smaller of the two candidate energies :math:`E(\sigma^{(l\pm)})`, computed
    by brute force over Python integers (independent oracle; exact for polynomials, relative
    ``TOL_ROUND`` for the exponential), so the energy never increases.  A second part checks that
    with :math:`F(z)=z^2` the sweep equals the classical Hebbian sign sweep (zero diagonal) at
    :math:`d\in\{4,8,16\}` (weights exact in binary).
    """
    rng = ctx.rng("instances")
    n_inst = max(12, ctx.profile.examples // 2)
    got, want, before, tols, where = [], [], [], [], []
    for k in range(n_inst):
        name = list(FAMILIES)[k % len(FAMILIES)]
        F, f, exact = FAMILIES[name]
        d, M = int(rng.integers(2, 13)), int(rng.integers(1, 9))
        Xi = binary_patterns(rng, 1, d, M)[0]
        s = rng.choice(np.array([-1, 1], dtype=np.int64), size=d)
        for l in rng.permutation(d):
            plus, minus = s.copy(), s.copy()
            plus[l], minus[l] = 1, -1
            e_before = _energy_oracle(Xi, s, f)
            s, _ = dense_async_sweep(Xi, s, F, order=[int(l)])
            got.append(float(dense_energy(Xi, s, F)))
            want.append(float(min(_energy_oracle(Xi, plus, f), _energy_oracle(Xi, minus, f))))
            before.append(float(e_before))
            tols.append(0.0 if exact else TOL_ROUND)
            where.append({"family": name, "d": d, "M": M, "unit": int(l), "Xi": Xi.tolist()})
    got = np.asarray(ctx.side("E after one asynchronous update", value=np.array(got), kind="upper"), dtype=float)
    want, before, tols = np.array(want), np.array(before), np.array(tols)
    err = np.abs(got - want) / np.maximum(np.abs(want), 1.0)
    bad = np.flatnonzero(err > tols)
    first = int(bad[0]) if bad.size else int(np.argmax(err))
    lower = fact_part(ctx, "energy after the update is the lower candidate energy", not bad.size,
                      {"updates": len(got), "instances": n_inst, "max_relative_error": float(err.max()),
                       "instance": where[first], "model_energy": float(got[first]), "oracle_min": float(want[first])})
    monotone = {"energy_increases": int(np.sum(got > before + tols * np.maximum(np.abs(before), 1.0))),
                "updates": len(got)}
    same, tested = True, 0
    for d in (4, 8, 16):
        Xi = binary_patterns(rng, 20, d, int(rng.integers(1, d)))
        s0 = binary_patterns(rng, 20, d, 1)[:, :, 0]
        a, _ = dense_async_sweep(Xi, s0, polynomial_interaction(2))
        b, _ = hebbian_sign_update(hebbian_weights(Xi), s0)
        same &= bool(np.array_equal(a, b))
        tested += 20
    classical = fact_part(ctx, "F = z^2 is the Hebbian sign update", same, {"networks": tested})
    return combine(ctx, [("lower candidate energy", lower), ("energy never increases", monotone),
                         ("n = 2 is the classical network", classical)])


def _double_factorial(n: int) -> int:
    """(2n-3)!! = 1·3···(2n-3) as an exact integer product."""
    return math.prod(range(1, 2 * n - 2, 2))


def _error_free(d, n):
    """The oracle d^{n-1} / (2 (2n-3)!! ln d) at 40 digits."""
    with mpmath.workdps(DPS):
        return mpmath.mpf(d) ** (n - 1) / (2 * _double_factorial(n) * mpmath.log(d))


#: Trend experiment: order n, dimension d, fraction of the error-free capacity, fixed in advance.
N_TREND, D_TREND, LOAD_TREND = 3, 40, 0.5


@check("krotov2016/capacity", stat_parts=1)
def check_capacity(ctx):
    r"""``krotov2016/capacity``: the polynomial-interaction capacity formulas and their trend.

    Parts: :math:`(2n-3)!!` against exact integer products (:math:`n=2,\dots,9`); the error-free
    capacity against mpmath at 40 digits (:math:`d\in\{2,10,40,1000\}`, :math:`n\in\{2,\dots,5\}`);
    :math:`\alpha_2d` at :math:`\alpha_2=0.14` against ``hopfield_capacity`` (exact rationals),
    the :math:`n=2` consistency.  Statistical: at :math:`n=3`, :math:`d=40`, half the error-free
    capacity, the first memory is a fixed point (single-flip test of every unit) with probability
    :math:`\ge0.9`.  Asymptotic, so ``unverified``.
    """
    dfac = formula_part(ctx, "(2n-3)!! (double_factorial_odd)", B.double_factorial_odd,
                        [{"n": n} for n in range(2, 10)], _double_factorial)
    pts = [{"d": d, "n": n} for d in (2, 10, 40, 1000) for n in (2, 3, 4, 5)]
    free = formula_part(ctx, "d^(n-1)/(2 (2n-3)!! ln d) (krotov_capacity_error_free)",
                        B.krotov_capacity_error_free, pts, _error_free)
    ds = [{"d": d, "n": 2, "alpha_n": Fraction(14, 100)} for d in (2, 10, 100, 12345)]
    small = formula_part(ctx, "alpha_n d^(n-1) (krotov_capacity_small_error)", B.krotov_capacity_small_error, ds,
                         lambda d, n, alpha_n: alpha_n * d)
    hop = formula_part(ctx, "0.14 d (hopfield_capacity, n = 2)", H.hopfield_capacity, [{"d": p["d"]} for p in ds],
                       lambda d: float(B.krotov_capacity_small_error.mp(d=d, n=2, alpha_n=Fraction(14, 100))))
    M = max(1, round(LOAD_TREND * float(_error_free(D_TREND, N_TREND))))
    trend = binomial_check(ctx, experiment=fixed_point_experiment(D_TREND, M, polynomial_interaction(N_TREND)),
                           claimed=0.9, eps=0.1, trials=max(100, ctx.profile.trials // 4),
                           distributions=["binary ±1 patterns"],
                           extra={"n": N_TREND, "d": D_TREND, "M": M, "success": "the first memory is a fixed point"})
    return combine(ctx, [("(2n-3)!!", dfac), ("error-free capacity", free), ("small-error capacity", small),
                         ("n = 2: 0.14 d", hop), ("fixed points at n = 3", trend)],
                   verdict_if_ok="unverified",
                   notes="asymptotic statement (d -> infinity): the formulas and the trend at n = 3, d = 40 are checked")
