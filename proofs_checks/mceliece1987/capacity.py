r"""Check of ``mceliece1987/capacity-exact-recall``: :math:`d/(2\ln d)` and :math:`d/(4\ln d)`.

Asymptotic statement: the loads are compared with 50-digit oracles and with the :math:`n=2` case
of ``krotov2016/capacity``; the fixed-point frequencies at :math:`d=200` are decided on a trend fixed
in advance.
"""

from __future__ import annotations

import mpmath

from hoptheory.bounds import krotov2016 as K
from hoptheory.bounds import mceliece1987 as B
from hoptheory.models import polynomial_interaction

from .._framework import binomial_check, check, combine
from .._oracles import DPS
from ..krotov2016._common import fixed_point_experiment, formula_part

__all__: list[str] = []

#: Dimension of the trend experiment; the load multiples c of d/(2 ln d) reported.
D, MULTIPLES = 200, (0.5, 1.0, 2.0)


def _load(d, c):
    """The oracle c·d/(2 ln d) at 40 digits."""
    with mpmath.workdps(DPS):
        return c * mpmath.mpf(d) / (2 * mpmath.log(d))


@check("mceliece1987/capacity-exact-recall", stat_parts=2)
def check_capacity_exact_recall(ctx):
    r"""``mceliece1987/capacity-exact-recall``: exact fixed points of the outer-product rule.

    Parts: :math:`d/(2\ln d)` and :math:`d/(4\ln d)` against mpmath at 40 digits, and
    ``krotov_capacity_error_free(d, 2)`` against :math:`d/(2\ln d)` (the :math:`n=2` consistency);
    at :math:`d=200` (fresh random memories per trial, oracle: the single-flip test of every unit)
    the first memory is a fixed point with probability :math:`\ge0.75` at
    :math:`M=\mathrm{round}(d/(2\ln d))` ("most"), and all memories are with probability
    :math:`\ge0.9` at :math:`M=\mathrm{round}(d/(4\ln d))` ("every"); the fraction at
    :math:`c\,d/(2\ln d)`, :math:`c\in\{1/2,1,2\}`, is reported.  Asymptotic, so ``unverified``.
    """
    ds = [{"d": d} for d in (2, 3, 10, 200, 10**4)]
    most = formula_part(ctx, "d/(2 ln d) (mceliece_capacity_most)", B.mceliece_capacity_most, ds,
                        lambda d: _load(d, 1))
    every = formula_part(ctx, "d/(4 ln d) (mceliece_capacity_all)", B.mceliece_capacity_all, ds,
                         lambda d: _load(d, 0.5))
    n2 = formula_part(ctx, "krotov_capacity_error_free(d, 2)", K.krotov_capacity_error_free,
                      [{"d": p["d"], "n": 2} for p in ds], lambda d, n: _load(d, 1))
    F2 = polynomial_interaction(2)
    m_most, m_all = round(float(_load(D, 1))), round(float(_load(D, 0.5)))
    trials = max(100, ctx.profile.trials // 4)
    p_most = binomial_check(ctx, experiment=fixed_point_experiment(D, m_most, F2), claimed=0.75, eps=0.15,
                            trials=trials, distributions=["binary ±1 patterns"],
                            extra={"d": D, "M": m_most, "success": "the first memory is a fixed point"})
    p_all = binomial_check(ctx, experiment=fixed_point_experiment(D, m_all, F2, every=True), claimed=0.9, eps=0.1,
                           trials=trials, distributions=["binary ±1 patterns"],
                           extra={"d": D, "M": m_all, "success": "every memory is a fixed point"})
    rng = ctx.rng("reported fractions")
    reported = {}
    for c in MULTIPLES:
        M = max(1, round(float(_load(D, c))))
        k, _ = fixed_point_experiment(D, M, F2)(int(rng.integers(2**62)), trials)
        reported[f"c={c}"] = {"M": M, "fraction_fixed": k / trials, "trials": trials}
    return combine(ctx, [("d/(2 ln d)", most), ("d/(4 ln d)", every), ("n = 2 of krotov2016/capacity", n2),
                         ("most memories fixed at d/(2 ln d)", p_most), ("all memories fixed at d/(4 ln d)", p_all),
                         ("fractions at c d/(2 ln d)", reported)],
                   verdict_if_ok="unverified",
                   notes="asymptotic statement (d -> infinity): the loads and the trend at d = 200 are checked")
