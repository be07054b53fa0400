r"""Claim records of Peters, Niculae & Martins, *Sparse Sequence-to-Sequence Models* (ACL 2019), and of the `entmax` library.

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  The
definition is *reconstructed*; the algorithms, the clamp comment and the Jacobian are *confirmed*
from the library source.  The map itself is :func:`hoptheory.maps.entmax`.
"""

from __future__ import annotations

from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="peters2019", title="Sparse Sequence-to-Sequence Models", venue="ACL", year=2019,
              arxiv="1905.05702", authors="B. Peters, V. Niculae, A. F. T. Martins")

RECORDS = (
    claim(
        PAPER, "entmax-definition",
        r"$\alpha$-entmax: definition, closed form, limits",
        "label unconfirmed",
        r"$\alpha\text{-entmax}(z)=\arg\max_{p\in\Delta^M}\langle p,z\rangle+H^T_\alpha(p)$ with "
        r"$H^T_\alpha(p)=\frac{1}{\alpha(\alpha-1)}\sum_j(p_j-p_j^\alpha)$ ($\alpha\ne1$; Shannon for $\alpha=1$). "
        r"Closed form $p^\star=[(\alpha-1)z-\tau\mathbf{1}]_+^{1/(\alpha-1)}$ with $\sum_ip^\star_i=1$; "
        r"$\alpha=1$ is softmax, $\alpha=2$ sparsemax, $\alpha\to\infty$ argmax.",
        "reconstructed",
        "holds",
        hypotheses=(r"$\alpha\geq1$", r"$z\in\mathbb{R}^M$", r"a unique maximum of $z$ for the limit $\alpha\to\infty$"),
        notes="In package terms $H^T_\\alpha=-\\Omega_\\alpha$. Check: SLSQP maximisation against the closed form; "
        "mpmath closed form; limits α↓1 (softmax) and α→∞ (one-hot); α=2 equals sparsemax.",
    ),
    claim(
        PAPER, "entmax-bisection",
        r"Bisection for $\alpha$-entmax, bracket, iteration count",
        "entmax library, bisection routine",
        r"For $\alpha>1$: $z'=(\alpha-1)z$, $\tau_{\rm lo}=\max z'-1$, $\tau_{\rm hi}=\max z'-M^{1-\alpha}$; "
        r"halve the bracket keeping the sign of $\sum p-1$ at $\tau_{\rm lo}$, $p=[z'-\tau]_+^{1/(\alpha-1)}$; "
        r"return $p/\sum p$. 24 iterations suffice for float32.",
        "confirmed",
        "holds",
        corrected=(
            r"Derived: the bracket is valid (at $\tau_{\rm lo}$ the top coordinate is $1$, at $\tau_{\rm hi}$ every "
            r"coordinate is at most $1/M$); $|\tau_k-\tau^\star|\le(1-M^{1-\alpha})/2^k$, so "
            r"$k=\lceil\log_2((1-M^{1-\alpha})/\varepsilon)\rceil$ iterations reach tolerance $\varepsilon$; "
            r"solving $\tau$ on the identified support gives full precision."
        ),
        hypotheses=(r"$\alpha>1$", "finite scores"),
        notes="Check: bracket signs, the iteration bound against the mpmath threshold, agreement of the package "
        "(bisection + exact refinement) with mpmath to 1e-12; the float32 claim is reported (ulps after 24 steps).",
    ),
    claim(
        PAPER, "entmax15-exact-sort",
        r"Exact sort-based 1.5-entmax; top-$k$ with doubling",
        "entmax library, exact 1.5-entmax threshold routine",
        r"$z\leftarrow(z-\max z)/2$ sorted decreasingly; $\mathrm{mean}_\rho=\frac{1}{\rho}\sum_{j\le\rho}z_{(j)}$, "
        r"$ss_\rho=\sum_{j\le\rho}(z_{(j)}-\mathrm{mean}_\rho)^2$, $\delta_\rho=(1-ss_\rho)/\rho$, "
        r"$\tau_\rho=\mathrm{mean}_\rho-\sqrt{\max(\delta_\rho,0)}$; $\kappa=\#\{\rho:\tau_\rho\le z_{(\rho)}\}$, "
        r"$p=[z-\tau_\kappa]_+^2$. Partial sort with doubling (top $k$, retry with $2k$ while the support has size $k$) is exact.",
        "confirmed",
        "holds",
        corrected=r"Derived: on a support of size $\rho$, $\sum_{j\le\rho}(z_{(j)}-\tau)^2=1$ is a quadratic in $\tau$ and $\tau_\rho$ is its smaller root.",
        hypotheses=("finite scores",),
        notes="Check: the library algorithm and its doubling variant against the package and against the exact "
        "solution (support in rationals, root in mpmath) on random, tied and widely spread inputs.",
    ),
    claim(
        PAPER, "entmax15-clamp",
        r"Library claim: clamped $\delta_\rho$ never selected",
        "entmax library comment",
        r"Clamping $\delta_\rho$ at $0$ departs from the reference algorithm, but the clamped values are never "
        r"wrongly selected by the test $\tau_\rho\le z_{(\rho)}$ (the comment asks for a proof).",
        "confirmed",
        "holds",
        corrected=(
            r"Derived: for $\delta_\rho\ge0$ the test is $\sum_{j\le\rho}(z_{(j)}-z_{(\rho)})^2\le1$, non-decreasing in "
            r"$\rho$; if $\delta_\rho<0$ then $ss_\rho>1$ and $\mathrm{mean}_\rho-z_{(\rho)}>\rho^{-3/2}$, so the clamped "
            r"$\tau_\rho=\mathrm{mean}_\rho$ fails the test by more than $\rho^{-3/2}$."
        ),
        hypotheses=("exact arithmetic for the proof; moderate $\\rho$ for the floating-point margin",),
        check="counterexample search (none expected); deterministic",
        notes="Check: search over near-degenerate inputs (ties, huge spreads, long supports): the clamped and "
        "unclamped algorithms and the exact rational support agree; the margin exceeds $\\rho^{-3/2}$.",
    ),
    claim(
        PAPER, "entmax-jacobian",
        r"$\alpha$-entmax Jacobian",
        "entmax library, backward pass",
        r"On a locally constant support $\frac{\partial p}{\partial z}=\mathrm{Diag}(s)-\frac{ss^\top}{\sum_js_j}$, "
        r"$s_j=p_j^{2-\alpha}$ ($j\in S$), $s_j=0$ otherwise.",
        "confirmed",
        "holds",
        corrected=(
            r"Derived: on $S$, $p_i^{\alpha-1}=(\alpha-1)z_i-\tau$ with $\sum_i\partial p_i/\partial z_j=0$; "
            r"$\alpha=2$ gives the sparsemax Jacobian, $\alpha\to1$ softmax's $\mathrm{Diag}(p)-pp^\top$; "
            r"the retrieval Jacobian is $J_T=\beta\,\Xi\,(\partial p/\partial z)\,\Xi^\top$."
        ),
        hypotheses=(r"$\alpha>1$", "the support is locally constant"),
        notes="Check: mpmath central differences for α ∈ {1.25, 1.5, 2, 2.7, 3} away from support changes; both limits.",
    ),
)
