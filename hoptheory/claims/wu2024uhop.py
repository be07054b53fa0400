r"""Claim records of Wu, Hu, Hsiao, Liu, *Uniform Memory Retrieval with Larger Capacity for Modern
Hopfield Models* (U-Hop; ICML 2024, arXiv:2404.03827).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.
"""

from __future__ import annotations

from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="wu2024uhop", year=2024, venue="ICML", arxiv="2404.03827",
              title="Uniform Memory Retrieval with Larger Capacity for Modern Hopfield Models",
              authors="D. Wu, J. Y.-C. Hu, T.-Y. Hsiao, H. Liu")

RECORDS = (
    claim(
        PAPER, "kernel-separation-capacity",
        "Kernelised separation and capacity (U-Hop)",
        "label unconfirmed",
        r"Energy $E_\Phi(x)=\frac12k_\Phi(x,x)-\mathrm{lse}(\beta,\Phi(\Xi)^\top\Phi(x))$; retrieval "
        r"$T_\Phi(x)=\Xi\,\mathrm{softmax}(\beta\Phi(\Xi)^\top\Phi(x))$ (sparse variants with $\alpha$-entmax); "
        r"separation $\Delta^\Phi_\mu$; capacity $M\ge\sqrt p\,C^{(D_\Phi-1)/4}$ with $\Delta^\Phi$ in place of "
        r"$\Delta$, improved because a first stage (released code: $\Phi(x)=Wx$, minimising the uniformity loss "
        r"$\log\mathrm{mean}_{i<j}\exp(-t\Vert\hat\Phi(\xi_i)-\hat\Phi(\xi_j)\Vert^2)$, $t=2$) increases "
        r"$\Delta^\Phi_{\min}$.",
        "reconstructed",
        "unverified",
        corrected=r"Derived, for linear $\Phi(x)=Wx$ with $W$ invertible: $\nabla E_\Phi(x)=W^\top W\,(x-T_\Phi(x))$, so "
                  r"stationary points are fixed points of $T_\Phi$ and the CCCP step is $T_\Phi$, with "
                  r"$E_\Phi(x)-E_\Phi(T_\Phi(x))\ge\frac12\Vert W(x-T_\Phi(x))\Vert^2$.",
        hypotheses=(r"for the derived identity: $\Phi$ linear and invertible",),
        check="deterministic; measurement (reported)",
        notes="Capacity constants are reconstructed and not checked; the derived gradient identity and the "
              "CCCP decrease are checked against finite differences and 50-digit arithmetic, and "
              "$\\Delta^\\Phi_{\\min}$ before and after the first stage is reported: the stage spreads the "
              "feature directions (the normalised separation grows) but leaves their norms free, so the "
              "kernel separation $\\Delta^\\Phi_{\\min}$ of conventions can fall, even below 0.",
    ),
)
