r"""Checks of ``demircigil2017/exponential-capacity``, ``capacity-with-errors`` and ``polynomial-capacity``.

All three statements are asymptotic (:math:`d\to\infty`): their formulas are compared with
40-digit oracles and a trend at small :math:`d`, fixed in advance, is decided statistically; the
verdicts are at best ``unverified``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np

from hoptheory.backend import logsumexp
from hoptheory.bounds import demircigil2017 as B
from hoptheory.bounds import ramsauer2021 as R
from hoptheory.models import dense_energy, exponential_interaction, polynomial_interaction

from .._framework import binomial_check, check, combine
from .._instances import TOL_ROUND
from .._oracles import DPS
from ..krotov2016._common import (
    binary_patterns,
    fixed_point_experiment,
    formula_part,
    retrieval_experiment,
)
from ..ramsauer2021._common import fact_part

__all__: list[str] = []

_ASYMPTOTIC = "asymptotic statement (d -> infinity): the formulas and a trend at small d are checked"


def _mp(x):
    """An exact number (int, Fraction) or a float as an mpmath number."""
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _rate(a):
    """The oracle I(a) = ((1+a) ln(1+a) + (1-a) ln(1-a))/2 at 40 digits (0 ln 0 = 0)."""
    with mpmath.workdps(DPS):
        a = _mp(a)
        t = lambda u: 0 if u == 0 else u * mpmath.log(u)  # noqa: E731
        return (t(1 + a) + t(1 - a)) / 2


@check("demircigil2017/exponential-capacity", stat_parts=1)
def check_exponential_capacity(ctx):
    r"""``demircigil2017/exponential-capacity``: :math:`E=-\exp(\mathrm{lse}(1,\Xi^\top\sigma))` and :math:`2^{d/2}`.

    Parts: the model energy with :math:`F=e^z` against :math:`-\exp` of a 40-digit mpmath
    log-sum-exp (random :math:`\pm1` memories, :math:`d\in[2,24]`, :math:`M\in[1,64]`), and the
    backend ``logsumexp`` against the same oracle; :math:`2^{d/2}` against exact integers (even
    :math:`d`) and mpmath (odd :math:`d`).  Statistical: at :math:`d=16`,
    :math:`M=2^{d/2}/2=128`, the first memory is a fixed point with probability :math:`\ge0.9`.
    """
    rng = ctx.rng("energies")
    model, lse, oracle = [], [], []
    for _ in range(max(10, ctx.profile.examples // 4)):
        d, M = int(rng.integers(2, 25)), int(rng.integers(1, 65))
        Xi = binary_patterns(rng, 1, d, M)[0]
        s = binary_patterns(rng, 1, d, 1)[0, :, 0]
        z = Xi.T @ s
        model.append(float(dense_energy(Xi, s, exponential_interaction())))
        lse.append(-math.exp(float(logsumexp(z.astype(np.float64)))))
        with mpmath.workdps(DPS):
            oracle.append(float(-mpmath.exp(mpmath.log(mpmath.fsum(mpmath.exp(int(v)) for v in z)))))
    model = np.asarray(ctx.side("E(sigma) = -sum_mu exp(<xi_mu, sigma>)", value=np.array(model)), dtype=float)
    oracle, lse = np.array(oracle), np.array(lse)
    err = max(float(np.max(np.abs(model - oracle) / np.abs(oracle))), float(np.max(np.abs(lse - oracle) / np.abs(oracle))))
    energy = fact_part(ctx, "energy identity", err <= TOL_ROUND, {"instances": len(model), "max_relative_error": err})
    cap = formula_part(ctx, "2^(d/2) (demircigil_exponential_capacity)", B.demircigil_exponential_capacity,
                       [{"d": d} for d in (2, 3, 16, 17, 40, 101)],
                       lambda d: 2 ** (d // 2) if d % 2 == 0 else mpmath.power(2, mpmath.mpf(d) / 2))
    D = 16
    M = 2 ** (D // 2) // 2
    trend = binomial_check(ctx, experiment=fixed_point_experiment(D, M, exponential_interaction()), claimed=0.9,
                           eps=0.1, trials=max(100, ctx.profile.trials // 4), distributions=["binary ±1 patterns"],
                           extra={"d": D, "M": M, "success": "the first memory is a fixed point"})
    return combine(ctx, [("energy identity", energy), ("2^(d/2)", cap), ("fixed points at d = 16", trend)],
                   verdict_if_ok="unverified", notes=_ASYMPTOTIC)


#: Trend with corrupted bits: dimension, flipped bits, fraction of the threshold exponent.
D_ERR, FLIPPED, EXPONENT_FRACTION = 30, 3, 0.9


@check("demircigil2017/capacity-with-errors", stat_parts=1)
def check_capacity_with_errors(ctx):
    r"""``demircigil2017/capacity-with-errors``: the rate function and retrieval from corrupted bits.

    Parts: :math:`I(a)` (``ramsauer2021.demircigil_rate_function``) against mpmath at 40 digits on a
    grid of :math:`[0,1]`, with :math:`I(1)=\ln2` and :math:`I` increasing there; the capacity
    :math:`\exp(dI(1-2\varrho)/2)+1` against mpmath.  Statistical: at :math:`d=30`,
    :math:`\varrho d=3` flipped bits and :math:`M=e^{\alpha d}+1` with :math:`\alpha` at 0.9 of the
    threshold, one asynchronous sweep restores the memory exactly with probability :math:`\ge0.9`.
    """
    grid = [{"a": a} for a in (0, Fraction(1, 10), Fraction(1, 3), Fraction(1, 2), Fraction(9, 10), 1)]
    rate = formula_part(ctx, "I(a) (demircigil_rate_function)", R.demircigil_rate_function, grid, _rate)
    I = [float(R.demircigil_rate_function.mp(a=Fraction(k, 20))) for k in range(21)]
    shape = {"I(1)": I[-1], "ln 2": math.log(2), "increasing_on_grid": bool(np.all(np.diff(I) > 0))}
    shape_part = fact_part(ctx, "I(1) = ln 2 and I increasing", abs(I[-1] - math.log(2)) <= TOL_ROUND
                           and shape["increasing_on_grid"], shape)
    pts = [{"d": d, "rho": r} for d in (10, 30, 100) for r in (0, Fraction(1, 10), Fraction(1, 4))]
    cap = formula_part(ctx, "exp(d I(1-2 rho)/2) + 1 (demircigil_capacity_with_errors)",
                       B.demircigil_capacity_with_errors, pts,
                       lambda d, rho: mpmath.exp(d * _rate(1 - 2 * _mp(rho)) / 2) + 1)
    alpha = EXPONENT_FRACTION * float(_rate(1 - 2 * Fraction(FLIPPED, D_ERR))) / 2
    M = int(math.exp(alpha * D_ERR)) + 1
    trend = binomial_check(ctx, experiment=retrieval_experiment(D_ERR, M, exponential_interaction(), FLIPPED,
                                                                lambda e: e == 0, sweeps=1),
                           claimed=0.9, eps=0.1, trials=max(100, ctx.profile.trials // 4),
                           distributions=["binary ±1 patterns"],
                           extra={"d": D_ERR, "flipped": FLIPPED, "alpha": alpha, "M": M,
                                  "success": "one asynchronous sweep restores the memory"})
    return combine(ctx, [("I(a)", rate), ("I(1) = ln 2, increasing", shape_part), ("capacity", cap),
                         ("retrieval from corrupted bits", trend)],
                   verdict_if_ok="unverified", notes=_ASYMPTOTIC)


#: Polynomial trend: order, dimension, fraction of the threshold constant.
N_POLY, D_POLY, ALPHA_FRACTION = 4, 24, 0.5


@check("demircigil2017/polynomial-capacity", stat_parts=1)
def check_polynomial_capacity(ctx):
    r"""``demircigil2017/polynomial-capacity``: :math:`\alpha_n<1/(2(2n-3)!!)` and fixed points.

    Parts: the threshold :math:`1/(2(2n-3)!!)` against exact rationals (:math:`n=2,\dots,8`); the
    load :math:`\alpha_nd^{n-1}/\ln d` at the threshold against mpmath and so against
    ``krotov2016``'s error-free capacity (the same number).  Statistical: at :math:`n=4`,
    :math:`d=24`, half the threshold, the first memory is a fixed point with probability
    :math:`\ge0.9`.
    """
    thr = formula_part(ctx, "1/(2 (2n-3)!!) (demircigil_polynomial_alpha)", B.demircigil_polynomial_alpha,
                       [{"n": n} for n in range(2, 9)],
                       lambda n: Fraction(1, 2 * math.prod(range(1, 2 * n - 2, 2))))
    pts = [{"d": d, "n": n, "alpha_n": Fraction(1, 2 * math.prod(range(1, 2 * n - 2, 2)))}
           for d in (2, 10, 24, 1000) for n in (2, 3, 4)]
    with mpmath.workdps(DPS):
        load = formula_part(ctx, "alpha_n d^(n-1)/ln d (demircigil_polynomial_capacity)",
                            B.demircigil_polynomial_capacity, pts,
                            lambda d, n, alpha_n: _mp(alpha_n) * mpmath.mpf(d) ** (n - 1) / mpmath.log(d))
    alpha = ALPHA_FRACTION / (2 * math.prod(range(1, 2 * N_POLY - 2, 2)))
    M = max(1, round(alpha * D_POLY ** (N_POLY - 1) / math.log(D_POLY)))
    trend = binomial_check(ctx, experiment=fixed_point_experiment(D_POLY, M, polynomial_interaction(N_POLY)),
                           claimed=0.9, eps=0.1, trials=max(100, ctx.profile.trials // 4),
                           distributions=["binary ±1 patterns"],
                           extra={"n": N_POLY, "d": D_POLY, "M": M, "success": "the first memory is a fixed point"})
    return combine(ctx, [("threshold", thr), ("load at the threshold", load), ("fixed points at n = 4", trend)],
                   verdict_if_ok="unverified", notes=_ASYMPTOTIC)
