r"""Claim records of Hu, Wu, Liu, *Provably Optimal Memory Capacity for Modern Hopfield Models*
(NeurIPS 2024, arXiv:2410.23126): the spherical-code view of capacity.

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  The
bounds live in :mod:`hoptheory.bounds.spherical_codes` (the bounds on spherical codes serve
several papers, so they are declared once there, not in a module named after this paper).
"""

from __future__ import annotations

from ..bounds import spherical_codes as S
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="hu2024khm", year=2024, venue="NeurIPS", arxiv="2410.23126",
              title="Provably Optimal Memory Capacity for Modern Hopfield Models: Transformer-Compatible "
                    "Dense Associative Memories as Spherical Codes",
              authors="J. Y.-C. Hu, D. Wu, H. Liu")

RECORDS = (
    claim(
        PAPER, "optimal-capacity",
        "Optimal capacity equals an optimal spherical code",
        "label unconfirmed",
        r"Kernelized Hopfield models reach their optimal capacity when the memories form an optimal spherical "
        r"code in feature space; an upper bound matches the known exponential lower bound (tight asymptotic "
        r"capacity); the sub-linear-time algorithm U-Hop+ reaches the optimum; a secondary description states "
        r"$M^\star\asymp c^{D_\Phi}$.",
        "confirmed",
        "unverified",
        hypotheses=("memories normalised in feature space",),
        bounds=[S.csw_exponent, S.kl_exponent],
        check="measurement (reported)",
        notes="Asymptotic, with constants reconstructed: the check reports the rates $\\log_2M/D_\\Phi$ of known "
              "optimal and optimiser-found codes beside the Chabauty-Shannon-Wyner and Kabatiansky-Levenshtein "
              "exponents at their minimal angle; the derived finite form is hu2024khm/code-capacity-correspondence.",
    ),
    claim(
        PAPER, "separation-bounds",
        "Bounds on the optimal minimal separation",
        "Proposition 3.1 (label unconfirmed)",
        r"For $M$ points on $S^{d-1}$, with $\Delta^\star_{\min}(M,d):=\max_{\mathrm{configurations}}\min_{i\ne j}"
        r"(1-\langle u_i,u_j\rangle)$: $\frac{1}{2}\Big[\frac{\sqrt{\pi}}{M}\,\frac{\Gamma(\frac{d+1}{2})}"
        r"{\Gamma(\frac{d}{2}+1)}\Big]^{\frac{2}{d-1}}\le\Delta^\star_{\min}\le2\Big[\frac{2\sqrt{\pi}}{M}\,"
        r"\frac{\Gamma(\frac{d+1}{2})}{\Gamma(\frac{d}{2})}\Big]^{\frac{1}{d-1}}$.",
        "reconstructed",
        "holds",
        corrected=r"Published optima (golden values): $d=3$ (Tammes) $M=4$: $\arccos(-1/3)$; $M=5,6$: $90^\circ$; "
                  r"$M=12$: $63.4349488^\circ$; $M=24$: $43.6907671^\circ$; any $d$: $M=d+1$: "
                  r"$\Delta^\star_{\min}=1+1/d$; $d+2\le M\le2d$: $\Delta^\star_{\min}=1$ (Rankin).",
        hypotheses=(r"$d\geq2$", r"$M\geq2$"),
        bounds=[S.khm_separation_lower_bound, S.khm_separation_upper_bound],
        check="deterministic; measurement (reported)",
        notes="Both bounds are checked against every published optimum (Tammes, simplex, Rankin's orthoplex "
              "range, the regular polygons of d = 2) and the upper bound against optimiser-found codes; for "
              "small M the upper bound is at or above the trivial value 2 (the report gives the range). The lower "
              "bound is below 1/2 for all M, d >= 2, so it stays more than a factor 2 below every known optimum "
              "(closest: 2.015 at d = 3000, M = d + 2); the upper bound is tight as d grows at M = 2.",
    ),
    claim(
        PAPER, "code-capacity-correspondence",
        r"Spherical code with angle $\theta^\star$ = certified capacity",
        "—",
        r"Patterns on the sphere of radius $m$ whose directions form a code of minimal angle $\theta$ have "
        r"$\Delta_{\min}=m^2(1-\cos\theta)$; a map with margin $\lambda_\Omega$ retrieves every pattern exactly in "
        r"one step from $S_\mu(r)$ if $\beta(m^2(1-\cos\theta)-2mr)\ge\lambda_\Omega$; hence the largest $M$ certified "
        r"at $(d,\beta,m,r)$ is $A(d,\theta^\star)$ with $\cos\theta^\star=1-(\lambda_\Omega/\beta+2mr)/m^2$, and bounds "
        r"on $A(d,\theta^\star)$ become capacity bounds.",
        "derived",
        "holds",
        hypotheses=(r"$\lambda_\Omega/\beta+2mr\le2m^2$", "distinct patterns"),
        bounds=[S.code_capacity_angle_cos],
        check="deterministic",
        notes="Derived (no paper label). Checked exactly at the threshold beta*, in rational arithmetic for the "
              "simplex and orthoplex and at 50 digits for the Tammes codes, over the exact worst query of "
              "each ball; sharp at r = 0 (just below beta* some pattern is not a fixed point).",
    ),
    claim(
        PAPER, "uhop-plus",
        "U-Hop+ reaches the optimal code",
        "Algorithm 1 (label unconfirmed)",
        r"U-Hop+ runs projected gradient descent on an average separation loss over normalised features; it is "
        r"claimed to converge to an optimal code as the temperature tends to $0$ and to reduce metastable states "
        r"(outputs with more than one softmax weight above $0.01$).",
        "reconstructed",
        "unverified",
        hypotheses=("as stated",),
        check="deterministic (loss decrease); statistical (reported)",
        notes="Implemented as projected gradient descent of the uniformity loss over the feature map "
              "$\\Phi(x)=Wx$ (W kept on its Frobenius sphere); the loss decrease and the loss gradient are "
              "checked, the separation and the metastable counts are reported. Convergence to an optimal "
              "code is not tested.",
    ),
)
