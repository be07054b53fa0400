r"""Check of ``hopfield1982/capacity-small-error``: the classical capacity :math:`\approx0.14\,d`.

The statement is asymptotic; the catalogue fixes a trend at finite :math:`d` in advance, which the
check decides statistically, and the quoted constants are compared with exact rationals.
"""

from __future__ import annotations

from fractions import Fraction

from hoptheory.bounds import hopfield1982 as B
from hoptheory.models import polynomial_interaction

from .._framework import binomial_check, check, combine
from ..krotov2016._common import formula_part, retrieval_experiment

__all__: list[str] = []

#: Dimension of the trend experiment and the loads M/d on either side of 0.14, fixed in advance.
D, LOW_LOAD, HIGH_LOAD = 100, Fraction(5, 100), Fraction(30, 100)
#: Bit-error fractions: "small" at the low load, "not small" at the high load.
SMALL_ERROR, LARGE_ERROR = 0.02, 0.05


@check("hopfield1982/capacity-small-error", stat_parts=2)
def check_capacity_small_error(ctx):
    r"""``hopfield1982/capacity-small-error``: bit errors of the Hebbian network below and above :math:`0.14\,d`.

    Parts: the constants :math:`0.14\,d` and :math:`0.138\,d` against exact rationals (oracle:
    ``fractions``); at :math:`d=100`, starting each network at its first memory and running
    asynchronous sign updates (the dense update with :math:`F(z)=z^2`, equal to the Hebbian rule
    with zero diagonal) to a fixed point, the final bit-error fraction is :math:`\le0.02` with
    probability :math:`\ge0.9` at load :math:`0.05` and :math:`>0.05` with probability :math:`\ge0.75` at load :math:`0.3`.  The
    statement is a limit :math:`d\to\infty`, so the verdict is at best ``unverified``.
    """
    ds = [{"d": d} for d in (2, 10, 100, 1000, 12345)]
    consts = formula_part(ctx, "0.14 d (hopfield_capacity)", B.hopfield_capacity, ds,
                          lambda d: Fraction(14, 100) * d)
    ags = formula_part(ctx, "0.138 d (ags_capacity)", B.ags_capacity, ds, lambda d: Fraction(138, 1000) * d)
    m_low, m_high = round(LOW_LOAD * D), round(HIGH_LOAD * D)
    F2 = polynomial_interaction(2)
    trials = max(100, ctx.profile.trials // 4)
    low = binomial_check(ctx, experiment=retrieval_experiment(D, m_low, F2, 0, lambda e: e <= SMALL_ERROR),
                         claimed=0.9, eps=0.1, trials=trials, distributions=["binary ±1 patterns"],
                         extra={"d": D, "M": m_low, "load": m_low / D, "success": f"bit errors <= {SMALL_ERROR}"})
    high = binomial_check(ctx, experiment=retrieval_experiment(D, m_high, F2, 0, lambda e: e > LARGE_ERROR),
                          claimed=0.75, eps=0.25, trials=trials, distributions=["binary ±1 patterns"],
                          extra={"d": D, "M": m_high, "load": m_high / D, "success": f"bit errors > {LARGE_ERROR}"})
    return combine(ctx, [("constants 0.14 d", consts), ("constant 0.138 d", ags),
                         ("small errors at load 0.05", low), ("large errors at load 0.3", high)],
                   verdict_if_ok="unverified",
                   notes="asymptotic statement (d -> infinity): the trend at d = 100 and the constants are checked")
