r"""Claim record of McEliece, Posner, Rodemich and Venkatesh (1987): exact-recall capacity.

The bounds live in :mod:`hoptheory.bounds.mceliece1987`.
"""

from __future__ import annotations

from ..bounds import krotov2016 as K
from ..bounds import mceliece1987 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="mceliece1987", title="The capacity of the Hopfield associative memory",
              venue="IEEE Trans. Inf. Theory 33(4)", year=1987,
              authors="R. J. McEliece, E. C. Posner, E. R. Rodemich, S. S. Venkatesh")

RECORDS = (
    claim(
        PAPER, "capacity-exact-recall",
        r"Exact recall $d/(2\log d)$ and $d/(4\log d)$",
        "label unconfirmed",
        r"For $d$ neurons and $M$ random $\pm1$ memories stored by the outer-product rule, asymptotically most "
        r"memories are exactly recoverable if $M\le d/(2\log d)$, and every memory is exactly recoverable if "
        r"$M\le d/(4\log d)$.",
        "confirmed",
        "holds",
        hypotheses=(r"$d\to\infty$", "random unbiased memories", "the outer-product rule"),
        bounds=[B.mceliece_capacity_most, B.mceliece_capacity_all, K.krotov_capacity_error_free],
        check="statistical, deterministic",
        notes="Asymptotic, so unverified: the check evaluates both loads against exact oracles and the n = 2 "
        "case of krotov2016/capacity, and decides at d = 200 that the first memory is a fixed point with "
        "probability >= 0.75 at M = d/(2 ln d) and that all memories are at M = d/(4 ln d) with probability "
        ">= 0.9; the fraction at 2 d/(2 ln d) is reported. Unverified rather than the suspected holds because "
        "no finite d can confirm a limit.",
    ),
)
