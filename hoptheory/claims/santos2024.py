r"""Claim records of Santos et al., *Sparse and Structured Hopfield Networks* (ICML 2024).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  The
paper stores patterns as rows, :math:`X\in\mathbb R^{N\times D}`; here :math:`\Xi=X^\top`.  Every
"as published" statement is *reconstructed* from secondary descriptions (labels unconfirmed).
"""

from __future__ import annotations

from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="santos2024", title="Sparse and Structured Hopfield Networks", venue="ICML 2024 (PMLR 235)",
              year=2024, arxiv="2402.13725", version="ICML 2024",
              authors="S. Santos, V. Niculae, D. McNamee, A. F. T. Martins")

RECORDS = (
    claim(
        PAPER, "energy-and-update",
        "Fenchel–Young Hopfield energy and CCCP update",
        "label unconfirmed",
        r"Energy $E(q)=-\beta^{-1}\Omega^\star(\beta Xq)+\frac{1}{2}\lVert q\rVert^2+\mathrm{const}$ for a generalized "
        r"negentropy $\Omega$; update $q^{(t+1)}=X^\top\hat y_\Omega(\beta Xq^{(t)})$, a CCCP step, so the energy does "
        r"not increase; a Shannon $\Omega$ gives Ramsauer's energy; the energy equals "
        r"$-\beta^{-1}L_\Omega(\beta Xq;u)+\frac{1}{2}\lVert q-X^\top u\rVert^2+\mathrm{const}$ with $u$ uniform, a "
        r"difference of Fenchel–Young losses.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived: $H_\beta(x)=-\beta^{-1}L_\Omega(\beta\Xi^\top x;u)+\frac{1}{2}\lVert x-\Xi u\rVert^2"
            r"+\beta^{-1}\Omega(u)-\frac{1}{2}\lVert\Xi u\rVert^2$, and $H_\beta(x)-H_\beta(T(x))\ge"
            r"\frac{1}{2}\lVert T(x)-x\rVert^2$."
        ),
        hypotheses=(r"$\Omega$ strictly convex on $\Delta^M$", r"\beta>0"),
        notes="The update is confirmed in the reference code (deep-spin/SSHN). Check: the identity with the loss "
        "built through the Fenchel–Young equality, and sufficient decrease, for softmax and α-entmax.",
    ),
    claim(
        PAPER, "exact-retrieval-margin",
        "Margin implies exact one-step retrieval",
        "label unconfirmed",
        r"If $\Omega$ has margin $\lambda_\Omega$ and $\beta(\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\nu,x\rangle)"
        r"\ge\lambda_\Omega$, then $\hat y_\Omega(\beta\Xi^\top x)=e_\mu$ and one update returns $\xi_\mu$ exactly; "
        r"$\xi_\mu$ is a fixed point when $\beta\Delta_\mu\ge\lambda_\Omega$. For Tsallis with $\alpha>1$: "
        r"$\Delta_\mu\ge1/((\alpha-1)\beta)$.",
        "reconstructed",
        "holds",
        corrected=(
            r"Ball version (derived): if $\beta(\Delta_\mu-r\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert)\ge\lambda_\Omega$ "
            r"then $T(S_\mu(r))=\{\xi_\mu\}$; the certified radius is "
            r"$r^\star=(\Delta_\mu-\lambda_\Omega/\beta)/\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert$."
        ),
        hypotheses=(r"\lambda_\Omega<\infty", r"\beta>0"),
        notes="The margin and the β threshold depend on the scaling of Ω (blondel2020/margin). Check: exact "
        "rational KKT certificates at the threshold and at gap λ-ε, and ball certificates with the library model.",
    ),
    claim(
        PAPER, "normmax",
        "γ-normmax: algorithm and margin 1",
        "label unconfirmed",
        r"$\gamma\text{-normmax}(\theta)=\arg\max_{p\in\Delta^M}\langle\theta,p\rangle-\lVert p\rVert_\gamma$ "
        r"(negentropy $\Omega(p)=\lVert p\rVert_\gamma-1$). Algorithm: $\tilde p=[\theta-\tau]_+^{1/(\gamma-1)}$ with "
        r"$\tau$ bisected on $[\max\theta-1,\max\theta-M^{1-\gamma}]$ so that $\sum_i\tilde p_i^\gamma=1$; return "
        r"$p=\tilde p/\sum_i\tilde p_i$. The margin is $1$ for every $\gamma>1$.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived: on the support $(p_i/\lVert p\rVert_\gamma)^{\gamma-1}=\theta_i-\tau$, so "
            r"$\tilde p=p/\lVert p\rVert_\gamma$ has $\sum\tilde p^\gamma=1$; the bracket is valid; "
            r"$\hat y=e_k$ iff $\theta_k-1\ge\max_{j\ne k}\theta_j$."
        ),
        hypotheses=(r"\gamma>1",),
        notes="Algorithm from the entmax library's normmax bisection; implemented as maps.normmax. Check: "
        "objective against SLSQP, bracket signs in mpmath, exact-rational margin and its tightness.",
    ),
    claim(
        PAPER, "sparsemap-k-subsets",
        "SparseMAP and k-subset (budget) retrieval",
        "label unconfirmed",
        r"SparseMAP: $\hat y(\theta)=\arg\max_{\mu\in\mathrm{conv}\{a_y\}}\langle\theta,\mu\rangle-\frac{1}{2}\lVert\mu\rVert^2$ "
        r"over a marginal polytope. $k$-subsets (budget): $\arg\max_p\langle\theta,p\rangle-\frac{1}{2}\lVert p\rVert^2$ "
        r"subject to $0\le p\le1$, $\mathbf{1}^\top p=k$, solved by $p=\mathrm{clip}(\theta-\tau,0,1)$ with $\tau$ "
        r"bisected on $[\min\theta-k/M,\max\theta-k/M]$; Jacobian $\mathrm{Diag}(s)-ss^\top/|A|$, "
        r"$A=\{i:0<p_i<1\}$, $s$ its indicator ($0$ if $A=\emptyset$). This retrieves associations of $k$ patterns.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived: the bracket is valid (at the low end every clipped value is at least $k/M$, at the high end "
            r"at most $k/M$)."
        ),
        hypotheses=(r"1\le k\le M",),
        notes="Budget algorithm from the entmax library; implemented as maps.budget_map. Sequential k-subsets "
        "(LP-based SparseMAP) are outside the scope; whether the retrieved vector is normalised by k is "
        "unconfirmed. Check: objective against SLSQP, exact bracket signs, Jacobian by finite differences.",
    ),
    claim(
        PAPER, "structured-exact-retrieval",
        "Exact retrieval of pattern associations",
        "label unconfirmed",
        r"Structured (SparseMAP) retrieval returns a pattern association exactly under a structured margin "
        r"condition (exact statement unconfirmed).",
        "reconstructed",
        "unverified",
        corrected=(
            r"Candidate for $k$-subsets (derived): the output is the indicator of the top-$k$ set iff "
            r"$\beta(z_{(k)}-z_{(k+1)})\ge1$ (the threshold must lie in $[\beta z_{(k+1)},\beta z_{(k)}-1]$)."
        ),
        hypotheses=(r"1\le k<M",),
        notes="The paper's statement is unconfirmed, so the verdict is unverified; the derived candidate is "
        "checked in exact rationals and with the library budget map.",
    ),
    claim(
        PAPER, "capacity",
        "Exponential capacity for exact retrieval",
        "label unconfirmed",
        r"Exponential storage capacity is retained for exact retrieval, with a Ramsauer-style lower bound "
        r"$\sqrt p\,\zeta^{(D-1)/4}$ (the constant $\zeta$ is unconfirmed).",
        "reconstructed",
        "unverified",
        corrected=(
            r"Derived certificate: patterns i.i.d. uniform on the sphere of radius $m$ in $\mathbb{R}^d$, margin "
            r"$\lambda_\Omega$, $\lambda_\Omega/\beta+2mr\le m^2$, $\cos\varphi^\star=1-(\lambda_\Omega/\beta+2mr)/m^2$; if "
            r"$M(M-1)I_{\sin^2\varphi^\star}(\frac{d-1}{2},\frac{1}{2})\le4p_{\mathrm{f}}$ then with probability at least "
            r"$1-p_{\mathrm{f}}$ every pattern is retrieved exactly in one step from $S_\mu(r)$."
        ),
        hypotheses=(r"$\lambda_\Omega/\beta+2mr\le m^2$",),
        check="statistical",
        notes="Unverified for the published constant; the derived certificate (cap fraction, union bound over "
        "pairs, then santos2024/exact-retrieval-margin) is tested on sparsemax, 1.5-entmax and 2-normmax.",
    ),
)
