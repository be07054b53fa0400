r"""Claim record of Alman & Song, *Fast Attention Requires Bounded Entries* (NeurIPS 2023,
arXiv:2302.13214).

The rank count lives in :mod:`hoptheory.bounds.alman2023`; the entrywise error is the Taylor
remainder of the exponential kernel, :data:`hoptheory.bounds.hu2024.exp_kernel_taylor_remainder`
at :math:`\beta=1/d`.
"""

from __future__ import annotations

from ..bounds import alman2023 as B
from ..bounds import hu2024
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="alman2023", year=2023, venue="NeurIPS", arxiv="2302.13214",
              title="Fast Attention Requires Bounded Entries", authors="J. Alman, Z. Song")

RECORDS = (
    claim(
        PAPER, "bounded-entries-threshold",
        r"Fast attention iff entries $o(\sqrt{\log n})$",
        "label unconfirmed",
        r"Let $Q,K,V\in\mathbb R^{n\times d}$ have entries bounded by $B$ and "
        r"$\mathrm{Att}(Q,K,V)=\mathrm{diag}(A\mathbf{1}_n)^{-1}AV$, $A=\exp(QK^\top/d)$. If $d=O(\log n)$ and "
        r"$B=o(\sqrt{\log n})$, an $n^{1+o(1)}$-time algorithm approximates Att to additive error "
        r"$1/\mathrm{poly}(n)$ (polynomial-method low-rank approximation of $\exp$); if $d=O(\log n)$ and "
        r"$B=\Theta(\sqrt{\log n})$, then under SETH no algorithm reaches error $1/\mathrm{poly}(n)$ in time "
        r"$n^{2-\Omega(1)}$.",
        "confirmed",
        "holds",
        corrected=r"Algorithmic side (derived): $|\langle q,k\rangle/d|\le B^2$, so the degree-$g$ Taylor polynomial "
                  r"$P_g$ of $\exp$ satisfies $|e^t-P_g(t)|\le B^{2(g+1)}e^{B^2}/(g+1)!$ entrywise, and "
                  r"$P_g(QK^\top/d)$ has rank at most $\binom{d+g}{g}$.",
        hypotheses=(r"$d=O(\log n)$", "the hardness side is conditional on SETH"),
        bounds={"taylor_remainder": hu2024.exp_kernel_taylor_remainder,
                "polynomial_feature_rank": B.polynomial_feature_rank},
        check="deterministic; measurement (reported)",
        notes=r"A cited theorem, asymptotic in n and conditional on SETH. Verdict unverified, against the suspected "
              r"holds: only the construction's error accounting (derived) is checked, and every part of it is "
              r"confirmed at every quick seed 1-10 - the measured entrywise error stays below the Taylor remainder "
              r"(ratio up to 0.998 at q = k = B 1 with B^2 small) and the rank of $P_g(QK^\top/d)$ equals "
              r"$\binom{d+g}{g}$ for generic rows - while the statement as published (an $n^{1+o(1)}$ algorithm for "
              r"$B=o(\sqrt{\log n})$, SETH hardness at $\Theta(\sqrt{\log n})$) is not tested; the runtime crossover "
              r"is an illustration.",
    ),
)
