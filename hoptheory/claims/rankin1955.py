r"""Claim record of Rankin's bounds on spherical codes with angles at least :math:`\pi/2` (1955).

The bounds live in :mod:`hoptheory.bounds.spherical_codes`.
"""

from __future__ import annotations

from ..bounds import spherical_codes as S
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="rankin1955", year=1955, venue="Proceedings of the Glasgow Mathematical Association 2",
              title="The closest packing of spherical caps in n dimensions", authors="R. A. Rankin")

RECORDS = (
    claim(
        PAPER, "simplex-orthoplex-bounds",
        r"Rankin bounds for angles $\ge\pi/2$",
        "—",
        r"In $\mathbb R^d$, at most $d+1$ unit vectors can have pairwise angles greater than $\pi/2$, and at most "
        r"$2d$ can have pairwise angles of at least $\pi/2$.",
        "reconstructed",
        "holds",
        corrected=r"Refinement (derived): for $\cos\theta<0$, $A(d,\theta)\le\lfloor1-1/\cos\theta\rfloor$, from "
                  r"$0\le\Vert\sum_iu_i\Vert^2\le M+M(M-1)\cos\theta$; the regular simplex attains $d+1$ and the "
                  r"orthoplex $2d$.",
        hypotheses=(r"unit vectors in $\mathbb R^d$",),
        bounds=[S.rankin_simplex_size, S.rankin_orthoplex_size, S.rankin_code_size_bound],
        check="deterministic",
        notes="Classical. Checked: the simplex and the orthoplex attain the bounds (signs of the inner products "
              "in exact rational arithmetic), no optimiser-found obtuse code exceeds them, and the refinement "
              "holds on optimiser-found codes (re-evaluated at 50 digits).",
    ),
)
