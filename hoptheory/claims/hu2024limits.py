r"""Claim records of Hu, Lin, Song, Liu, *On Computational Limits of Modern Hopfield Models: A
Fine-Grained Complexity Analysis* (ICML 2024, arXiv:2402.04520).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  The
bounds live in :mod:`hoptheory.bounds.hu2024limits`.
"""

from __future__ import annotations

from ..bounds import hu2024limits as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="hu2024limits", year=2024, venue="ICML", arxiv="2402.04520",
              title="On Computational Limits of Modern Hopfield Models: A Fine-Grained Complexity Analysis",
              authors="J. Y.-C. Hu, T. Lin, Z. Song, H. Liu")

RECORDS = (
    claim(
        PAPER, "efficiency-criterion",
        "Norm-based phase transition for modern Hopfield models",
        "label unconfirmed",
        r"The efficiency of all modern Hopfield models has a phase transition governed by the norms of the "
        r"patterns. For $\mathrm{AHop}(n,d,B,\delta_F)$ with $n=\max\{M,L\}$ and $\beta$-scaled projected "
        r"patterns with entries bounded by $B$: if $B=o(\sqrt{\log n})$, $d=O(\log n)$ and "
        r"$\delta_F=1/\mathrm{poly}(n)$ it is solvable in $n^{1+o(1)}$ time; if $B=\Theta(\sqrt{\log n})$ there "
        r"is no $O(n^{2-q})$ algorithm under SETH.",
        "reconstructed",
        "unverified",
        corrected=r"Derived mapping to Alman-Song: rows $Q=\sqrt{\beta d}\,(W_Qx)^\top$, $K=\sqrt{\beta d}\,(W_K\xi)^\top$ "
                  r"give $QK^\top/d=\beta\,x^\top W_Q^\top W_K\xi$, so "
                  r"$B=\sqrt{\beta d}\cdot\max(\max|W_QX|,\max|W_K\Xi|)$.",
        hypotheses=(r"$d=O(\log n)$", "SETH for the hardness side"),
        bounds=[B.ahop_entry_bound, B.criterion_ratio],
        check="measurement (reported)",
        notes="Asymptotic: the derived mapping (scores and entry bound) is checked, and the ratio "
              "$B/\\sqrt{\\ln n}$ of sampled instances is reported with the side of the transition it suggests.",
    ),
    claim(
        PAPER, "low-rank-retrieval",
        "Almost-linear low-rank retrieval; its error and capacity",
        "label unconfirmed",
        r"Below the criterion, a low-rank (polynomial-method) construction retrieves in almost-linear time; any "
        r"such computation needs time at least linear in $\max\{M,L\}$; a retrieval-error bound and exponential "
        r"capacity are proved for the construction.",
        "reconstructed",
        "unverified",
        hypotheses=("as in hu2024limits/efficiency-criterion",),
        bounds=[B.low_rank_retrieval_error_bound],
        check="measurement (reported); deterministic once the bound is confirmed",
        notes="The paper's error bound and capacity are not confirmed. The approximate retrieval map (Taylor "
              "features, factorised) is implemented; its factorised and direct forms are compared, and its "
              "error against the dense map is checked against a derived bound "
              "(low_rank_retrieval_error_bound) and reported.",
    ),
)
