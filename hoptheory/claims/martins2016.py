r"""Claim records of Martins & Astudillo, *From Softmax to Sparsemax* (ICML 2016).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue of related results
(section B, sparsemax), in its order.  The "as published" statements are *reconstructed* from
secondary descriptions and the library source; ``support-monotone-beta`` is hoptheory's own.
The bound functions live in :mod:`hoptheory.bounds.martins2016`.
"""

from __future__ import annotations

from ..bounds import martins2016 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="martins2016",
              title="From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label Classification",
              venue="ICML 2016 (PMLR 48)", year=2016, arxiv="1602.02068",
              authors="A. F. T. Martins, R. F. Astudillo")

_Z = (r"$z\in\mathbb{R}^M$ with finite entries",)

RECORDS = (
    claim(
        PAPER, "sparsemax-closed-form",
        "Sparsemax closed form and sort algorithm",
        "Proposition 1 (label unconfirmed)",
        r"$\mathrm{sparsemax}(z):=\mathrm{argmin}_{p\in\Delta^M}\Vert p-z\Vert^2$ and $\mathrm{sparsemax}_i(z)=[z_i-\tau(z)]_+$ "
        r"with $\tau(z)=(\sum_{j\le k(z)}z_{(j)}-1)/k(z)$, $k(z)=\max\{k\in[M]:1+k\,z_{(k)}>\sum_{j\le k}z_{(j)}\}$. "
        r"Sort algorithm (library source): subtract $\max z$; sort descending, $c_k=\sum_{j\le k}z_{(j)}$; mark "
        r"$k$ with $k\,z_{(k)}>c_k-1$; with $\kappa$ the largest marked $k$, $\tau=(c_\kappa-1)/\kappa$ and the output is "
        r"$[z-\tau]_+$; tied values may be sorted in any order.",
        "reconstructed", "holds",
        hypotheses=_Z,
        notes="Check: the KKT conditions and the closed form in exact rational arithmetic on tied, boundary "
        "(z_i = tau) and large inputs; the package against it, against SLSQP (no simplex point closer to z) and "
        "against Michelot's and the pivot (Duchi et al.) projection algorithms in exact arithmetic.",
    ),
    claim(
        PAPER, "sparsemax-properties",
        "Invariances, Lipschitz, one-hot threshold, support gap",
        "label unconfirmed",
        r"$\mathrm{sparsemax}(z+c\mathbf{1})=\mathrm{sparsemax}(z)$; sparsemax is permutation equivariant; "
        r"sparsemax is 1-Lipschitz, being a projection onto a convex set.",
        "reconstructed", "holds",
        corrected=(
            r"Derived: $\kappa(z)=\Vert\mathrm{sparsemax}(z)\Vert_0$ (strict inequality); the output is one-hot iff "
            r"$z_{(1)}-z_{(2)}\ge1$; inside the support $0\le z_{(1)}-z_{(\kappa)}<1$; as $\beta\to\infty$, "
            r"$\mathrm{sparsemax}(\beta z)$ is the one-hot argmax from $\beta=1/(z_{(1)}-z_{(2)})$ on (unique maximum), and "
            r"for $\beta\le1/(M(\bar z-z_{(M)}))$ it equals $\mathbf{1}/M+\beta(z-\bar z\mathbf{1})\to\mathbf{1}/M$."
        ),
        hypotheses=_Z,
        bounds=[B.sparsemax_lipschitz_bound, B.sparsemax_one_hot_beta, B.sparsemax_full_support_beta],
        notes="Check: every fact in exact rational arithmetic (closed form) and for the package in float64, with "
        "ties, one-hot boundaries at gap exactly 1 and equality cases of the Lipschitz bound.",
    ),
    claim(
        PAPER, "sparsemax-jacobian",
        "Sparsemax Jacobian",
        "label unconfirmed",
        r"Where the support $S(z)$ is locally constant, $J(z)=\mathrm{Diag}(s)-ss^\top/|S(z)|$ with $s$ the indicator "
        r"of the support; equivalently $Jv=s\odot(v-\frac{1}{|S|}\sum_{j\in S}v_j)$.",
        "reconstructed", "holds",
        corrected=(
            r"Derived: $J$ is symmetric and idempotent (the orthogonal projection onto vectors supported on $S$ with "
            r"zero sum); at $z_i=\tau(z)$ the map is not differentiable and the package returns the Jacobian of the "
            r"side where $i$ leaves the support; for retrieval $J_T(x)=\beta\,\Xi\,J(\beta\Xi^\top x)\,\Xi^\top$ vanishes "
            r"where $\kappa=1$, so a fixed point with $\kappa=1$ is reached in one step from a neighbourhood."
        ),
        hypotheses=(r"the support is locally constant at $z$",),
        notes="Check: exact rational difference quotients (sparsemax is piecewise linear) and float central "
        "differences away from support changes; symmetry, idempotence, the matrix-vector formula; the element "
        "returned at z_i = tau; J_T = 0 and T(x) = xi_mu at interior kappa = 1 points.",
    ),
    claim(
        PAPER, "sparsemax-loss-conjugate",
        "Sparsemax loss and the three forms of its conjugate",
        "label unconfirmed",
        r"The sparsemax loss $L(z;k)=-z_k+\frac{1}{2}\sum_{j\in S(z)}(z_j^2-\tau(z)^2)+\frac{1}{2}$ has "
        r"$\nabla_zL=\mathrm{sparsemax}(z)-e_k$ and is the Fenchel–Young loss of $\Omega(p)=\frac{1}{2}\Vert p\Vert^2-\frac{1}{2}$.",
        "reconstructed", "holds",
        corrected=(
            r"Derived: $\Omega^\star(z)=\frac{1}{2}\Vert z\Vert^2-\frac{1}{2}\Vert\mathrm{sparsemax}(z)-z\Vert^2+\frac{1}{2}"
            r"=\frac{1}{2}\sum_{j\in S}(z_j^2-\tau^2)+\frac{1}{2}=\langle p^\star,z\rangle-\frac{1}{2}\Vert p^\star\Vert^2+\frac{1}{2}$."
        ),
        hypotheses=(r"$z\in\mathbb{R}^M$, $k\in[M]$",),
        notes="Check: the three forms in exact rational arithmetic and the package conjugate and losses against "
        "them; brute-force maximisation (SLSQP, Dirichlet and vertex points); the loss gradient by central "
        "differences; the entmax library's sparsemax-loss formula, transcribed (the library is not installed).",
        derivation=[(r"The conjugate of the Gini negentropy, $M=3$", "symbolic.conjugate(symbolic.Gini(), 3)")],
    ),
    claim(
        PAPER, "support-monotone-beta",
        r"Support size non-increasing in $\beta$",
        "—",
        r"Not in the paper. For fixed $z$, $\kappa(\beta z)=\Vert\mathrm{sparsemax}(\beta z)\Vert_0$ is non-increasing in "
        r"$\beta>0$; more generally $\Vert\alpha\text{-}\mathrm{entmax}(\beta z)\Vert_0$ is non-increasing in $\beta$ for "
        r"every $\alpha>1$. Proof: the $k$-th largest coordinate is in the support iff "
        r"$\sum_{j<k}((\alpha-1)\beta(z_{(j)}-z_{(k)}))^{1/(\alpha-1)}<1$ (for $\alpha=2$: $\beta\sum_{j\le k}(z_{(j)}-z_{(k)})<1$), "
        r"and the left side is non-decreasing in $\beta$ and in $k$.",
        "derived", "holds",
        hypotheses=(r"$\alpha>1$", r"$z$ fixed"),
        bounds=[B.sparsemax_support_breakpoint],
        notes="Check: support sizes on beta grids (exact rationals for sparsemax, the package for entmax with the "
        "support criterion in 50-digit arithmetic), exactly at the breakpoints beta_k and between them.",
    ),
)
