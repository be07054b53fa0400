r"""Claim record of Hopfield (1982): the classical capacity :math:`\approx0.14\,d` with small errors.

The bounds live in :mod:`hoptheory.bounds.hopfield1982`; the network in :mod:`hoptheory.models`.
"""

from __future__ import annotations

from ..bounds import hopfield1982 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="hopfield1982", title="Neural networks and physical systems with emergent collective computational "
              "abilities", venue="Proc. Natl. Acad. Sci. USA 79", year=1982, authors="J. J. Hopfield")

RECORDS = (
    claim(
        PAPER, "capacity-small-error",
        r"Classical capacity $\approx0.14d$ with small errors",
        "—",
        r"A Hebbian network with zero self-coupling and random $\pm1$ patterns retrieves, with a small fraction "
        r"of bit errors, up to about $0.14\,d$ patterns ($0.15\,d$ in Hopfield's simulations; $0.138\,d$ from "
        r"the replica analysis of Amit, Gutfreund and Sompolinsky).",
        "reconstructed",
        "holds",
        hypotheses=(r"$d\to\infty$",
                    r"$W=\frac{1}{d}\sum_\mu\xi_\mu\xi_\mu^\top$ with zero diagonal",
                    r"unbiased i.i.d. $\pm1$ patterns", "asynchronous sign updates",
                    "small error: a small fraction of flipped bits at the fixed point"),
        bounds=[B.hopfield_capacity, B.ags_capacity],
        check="statistical",
        notes="Asymptotic (d -> infinity), so the verdict is unverified: the check decides the ordering the "
        "catalogue fixes in advance at d = 100 (load 0.05: final bit-error fraction <= 0.02; load 0.3: > 0.05) "
        "and the quoted constants against exact rationals. Unverified rather than the suspected holds because "
        "no finite d can confirm a limit.",
    ),
)
