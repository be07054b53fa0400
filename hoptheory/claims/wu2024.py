r"""Claim records of Wu et al., *STanHop* (ICLR 2024): the Generalized Sparse Hopfield (GSH) model.

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  The GSH
theory is in §3 of the paper; the labels (Definition 3.1, eq. (3.2), Theorem 3.1) are those of
the reviewed submission, the camera-ready numbering is unconfirmed, and every "as published"
statement is *reconstructed* from secondary descriptions.  The paper writes the concave entropy
:math:`\Psi_\alpha` and its :math:`\Psi^\star_\alpha`; here :math:`\Omega_\alpha=-\Psi_\alpha` and
:math:`\Omega^\star_\alpha` (conventions §3).  The model is
:class:`~hoptheory.models.EntmaxHopfield`; the bounds are those of :mod:`hoptheory.bounds.wu2024`
and, where the formula is Hu et al. 2023's, of :mod:`hoptheory.bounds.hu2023`.
"""

from __future__ import annotations

from ..bounds import hu2023 as _hu2023
from ..bounds import wu2024 as _b
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="wu2024", title="STanHop: Sparse Tandem Hopfield Model for Memory-Enhanced Time Series Prediction",
              authors="D. Wu, J. Y.-C. Hu, W. Li, B.-Y. Chen, H. Liu", venue="ICLR 2024", year=2024,
              arxiv="2312.17346", version="submitted version (labels)")

_SIMPLEX = r"$p\in\Delta^M$"

RECORDS = (
    claim(PAPER, "tsallis-entropy-definition", r"Tsallis $\alpha$-entropy (Definition 3.1)",
          "Definition 3.1 (submitted version)",
          r"$\Psi_\alpha(p)=\frac{1}{\alpha(\alpha-1)}\sum_\nu(p_\nu-p_\nu^\alpha)$ for $\alpha\ne1$ and "
          r"$\Psi_1(p)=-\sum_\nu p_\nu\ln p_\nu$; $\alpha=2$ gives the Gini entropy of Hu et al. 2023.",
          "reconstructed", "unverified",
          corrected=r"$\Omega_\alpha=-\Psi_\alpha$ on $\Delta^M$; $\lim_{\alpha\to1}\Psi_\alpha(p)=-\sum_\nu p_\nu\ln p_\nu$; "
                    r"$\Psi_2(p)=\frac{1}{2}(1-\Vert p\Vert^2)$.",
          hypotheses=(_SIMPLEX, r"\alpha>0"),
          notes="A public review of the submitted version reported that its alpha = 1 branch did not reduce to the "
                "Shannon entropy; the camera-ready text is unconfirmed, so the verdict is unverified. Checked: the "
                "SymPy limit, the alpha = 2 identity, and the approach to Shannon in mpmath."),
    claim(PAPER, "conjugate-as-integral", r'$\Psi^\star_\alpha$ written as "$\int\alpha$-EntMax"',
          "eq. (3.2) (submitted version)",
          r"$\Psi^\star_\alpha$ is defined as $\int dz\,\alpha\text{-EntMax}(z)$ (as quoted in a public review).",
          "reconstructed", "ill-defined",
          corrected=r"$\Omega^\star_\alpha(\theta)=\max_{p\in\Delta^M}\langle p,\theta\rangle-\Omega_\alpha(p)$ with "
                    r"$\nabla\Omega^\star_\alpha=\alpha\text{-entmax}$; the line integral of $\alpha$-entmax from "
                    r"$\theta_0$ to $\theta$ along any path is $\Omega^\star_\alpha(\theta)-\Omega^\star_\alpha(\theta_0)$.",
          hypotheses=(r"\alpha>1",),
          notes="As written it is an indefinite integral of a vector-valued map in a vector variable: no scalar "
                "function is defined; only the potential reading (a line integral from a base point) is meaningful. "
                "Check: line integrals along two paths against the closed-form difference."),
    claim(PAPER, "tsallis-conjugate-closed-form", r"Exact $(p^\star,\tau)$ formula for $\Omega_\alpha^\star$", "—",
          r"Derived: for $\alpha>1$, $p^\star=\alpha\text{-entmax}(\theta)$ with threshold $\tau$ "
          r"($p^\star_i=[(\alpha-1)\theta_i-\tau]_+^{1/(\alpha-1)}$) gives $\Omega^\star_\alpha(\theta)="
          r"\frac{\alpha-1}{\alpha}\langle p^\star,\theta\rangle+\frac{1+\tau}{\alpha(\alpha-1)}$.",
          "derived", "holds",
          corrected=r"$\nabla\Omega^\star_\alpha=p^\star$; $\Omega^\star_\alpha(\theta+c\mathbf{1})=\Omega^\star_\alpha(\theta)+c$; "
                    r"at $\alpha=2$ it is $\frac{1}{2}\sum_{i\in S}(\theta_i^2-\tau^2)+\frac{1}{2}$; as $\alpha\downarrow1$ it "
                    r"tends to $\log\sum_ie^{\theta_i}$.",
          hypotheses=(r"\alpha>1", r"$\tau$ in the package convention"),
          notes="On the support p_i^(alpha-1) = (alpha-1) theta_i - tau, so sum p_i^alpha = (alpha-1)<p, theta> - tau; "
                "implemented as maps.tsallis_conjugate, the energy of EntmaxHopfield. Check: SLSQP and mpmath maxima, "
                "finite-difference gradients, the shift and alpha = 2 identities, the limit to lse in mpmath, and a "
                "SymPy derivation on a support."),
    claim(PAPER, "gsh-energy", "GSH energy, retrieval dynamics, one-step attention", "§3 (label unconfirmed)",
          r"Energy $\mathcal{H}(x)=-\Psi^\star_\alpha(\beta\Xi^\top x)+\frac{1}{2}\langle x,x\rangle$; dynamics "
          r"$\mathcal{T}(x)=\Xi\,\alpha\text{-EntMax}(\beta\Xi^\top x)$; its one step is $\alpha$-entmax attention "
          r"(the GSH layer), covering the dense ($\alpha=1$) and sparse ($\alpha=2$) models.",
          "reconstructed", "unverified",
          corrected=r"$H_\beta(x)=-\beta^{-1}\Omega^\star_\alpha(\beta\Xi^\top x)+\frac{1}{2}\Vert x\Vert^2$ with "
                    r"$\nabla H_\beta=x-T_\alpha(x)$; without $\beta^{-1}$, $\nabla\mathcal{H}=x-\beta T_\alpha(x)$.",
          hypotheses=(r"\alpha\ge1", r"\beta>0"),
          notes="Whether the printed energy carries 1/beta is unconfirmed. If it does not, non-zero fixed points of "
                "T are not stationary for beta != 1 (the defect of the Hu et al. 2023 sparse energy). Check: both "
                "gradients by mpmath differences, a fixed point at beta != 1, and one-step attention against the "
                "entmax library's bisection (transcribed)."),
    claim(PAPER, "gsh-convergence", "Monotone decrease and convergence of GSH dynamics", "§3 (label unconfirmed)",
          r"$\mathcal{H}$ does not increase under $\mathcal{T}$ (CCCP), and all limit points of the iteration are "
          r"stationary points of $\mathcal{H}$ (Zangwill).",
          "reconstructed", "unverified",
          corrected=r"$H_\beta(T_\alpha(x))\le H_\beta(x)-\frac{1}{2}\Vert T_\alpha(x)-x\Vert^2$, and the limit points "
                    r"are fixed points of $T_\alpha$.",
          hypotheses=(r"\alpha\ge1", r"\beta>0"),
          notes="Depends on the printed energy: without 1/beta the statements fail for beta != 1 (reported as a "
                "conditional instance). Check: sufficient decrease and fixed-point residuals over alpha grids."),
    claim(PAPER, "retrieval-error-sparse-regime", r"Retrieval error bound for $\alpha\ge2$",
          "Theorem 3.1 (submitted version)",
          r"For $\alpha\ge2$ and $x\in S_\mu$, $\Vert\mathcal{T}(x)-\xi_\mu\Vert\le m+m\,d^{1/2}\beta\left[\kappa\left("
          r"\max_\nu\langle\xi_\nu,x\rangle-[\Xi^\top x]_{(\kappa)}\right)+\frac{1}{\beta}\right]$, $\kappa$ the support "
          r"size of $\alpha\text{-EntMax}(\beta\Xi^\top x)$.",
          "reconstructed", "holds-but-vacuous",
          corrected=r"The bracket is non-negative, so RHS $\ge m(1+\sqrt{d})\ge2m$; informative: $\Vert T_\alpha(x)-"
                    r"\xi_\mu\Vert\le2m(1-p^{(\alpha)}_\mu)$, and $T_\alpha(x)=\xi_\mu$ when $\beta\tilde\Delta_\mu(x)\ge1/(\alpha-1)$.",
          hypotheses=(r"\alpha\ge2", r"$x\in S_\mu$"),
          bounds=(_b.retrieval_error_sparse_regime_published, _hu2023.retrieval_error_sparsity_bound_floor,
                  _b.retrieval_error_sparse_regime_ceiling, _hu2023.retrieval_error_weight_bound,
                  _b.exact_retrieval_query_sep_threshold),
          notes="Trivial bound 2m (conventions §5). A public review confirms the bound changes qualitatively at "
                "alpha = 2. The released STanHop code uses alpha in (1, 2), so this regime is never exercised there."),
    claim(PAPER, "retrieval-error-dense-regime", r"Retrieval error bound for $1\le\alpha\le2$",
          "Theorem 3.1 (submitted version)",
          r"For $x\in S_\mu$: $\Vert\mathcal{T}(x)-\xi_\mu\Vert\le\Vert\mathcal{T}_{\rm Dense}(x)-\xi_\mu\Vert\le2m(M-1)"
          r"\exp\{-\beta(\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle)\}$.",
          "reconstructed", "false-in-general",
          corrected=r"Where $\xi_\mu$ has the top score, for every $\alpha\ge1$: $\Vert T_\alpha(x)-\xi_\mu\Vert\le2m(1-"
                    r"p^{(\alpha)}_\mu)\le2m(1-p^{\rm soft}_\mu)\le2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}$.",
          hypotheses=(r"1\le\alpha\le2", r"the same $\beta$ for both maps", r"$x\in S_\mu(R)$", r"M\ge2"),
          bounds=(_b.retrieval_error_dense_regime_published, _hu2023.retrieval_error_weight_bound,
                  _hu2023.dense_error_bound_query),
          notes="Whether the maximum excludes nu = mu is unconfirmed (both readings are searched). The first "
                "inequality is the sparse-versus-dense error comparison of Hu et al. 2023 at alpha = 2, expected to "
                "fail for alpha in (1, 2) by the same mechanism; the second uses pattern overlaps instead of the "
                "query's scores."),
    claim(PAPER, "error-monotone-alpha", r"Error non-increasing in $\alpha$", "label unconfirmed",
          r"The retrieval error is non-increasing in $\alpha$: more sparsity gives a tighter error.",
          "reconstructed", "false-in-general",
          corrected=r"If $\xi_\mu$ has the top score, $p^{(\alpha)}_\mu$ is non-decreasing in $\alpha\in[1,\infty)$ "
                    r"($\alpha=1$ softmax), so the bound $2m(1-p^{(\alpha)}_\mu)$ is non-increasing.",
          hypotheses=(r"the same $\beta$ and $x$ for all $\alpha$",),
          bounds=(_hu2023.retrieval_error_weight_bound,),
          notes="A counterexample to the sparse-versus-dense error comparison of Hu et al. 2023 is one here, with "
                "alpha = 1 and alpha = 2. Proof of the corrected form: f_alpha(s, delta) = [s^(alpha-1) - "
                "(alpha-1) delta]_+^(1/(alpha-1)) is non-increasing in alpha (mean value theorem), so the root of "
                "sum_j f_alpha(s, delta_j) = 1 grows with alpha."),
    claim(PAPER, "sparsity-monotone-alpha", r"Larger $\alpha$ gives sparser outputs", "label unconfirmed",
          r"Larger $\alpha$ gives sparser retrieval.",
          "reconstructed", "holds",
          corrected=r"For fixed $\theta$, $\Vert\alpha\text{-entmax}(\theta)\Vert_0$ is non-increasing in $\alpha>1$, and "
                    r"$\alpha=1$ has full support; the $k$-th largest entry is in the support iff "
                    r"$\sum_{j<k}((\alpha-1)(\theta_{(j)}-\theta_{(k)}))^{1/(\alpha-1)}<1$.",
          hypotheses=(r"$\theta$ fixed",),
          notes="Proof: each term (u delta)^(1/u), u = alpha - 1, increases in u while u delta < e; a sum below 1 "
                "has every term below 1. Check: support sizes on alpha grids, the exact criterion in mpmath and "
                "the support at its breakpoints."),
    claim(PAPER, "capacity", "Exponential capacity of the GSH model", "label unconfirmed",
          r"The GSH model keeps exponential capacity, with a lower bound $M\ge\sqrt{p}\,C^{(d-1)/4}$, "
          r"$C=b/W_0(\exp\{a+\ln b\})$, as in Hu et al. 2023 (exact constants unconfirmed).",
          "reconstructed", "unverified",
          corrected=r"Margin certificate (derived) with $\lambda_\Omega=1/(\alpha-1)$: patterns i.i.d. uniform on the "
                    r"sphere of radius $m$, $\cos\varphi^\star=1-(\lambda_\Omega/\beta+2mr)/m^2$; if "
                    r"$M(M-1)I_{\sin^2\varphi^\star}(\frac{d-1}{2},\frac{1}{2})\le4p_{\rm f}$ every pattern is retrieved "
                    r"exactly in one step from $S_\mu(r)$ with probability at least $1-p_{\rm f}$.",
          hypotheses=("patterns i.i.d. uniform on the sphere of radius $m$", r"$p_{\rm f}\in(0,1)$"),
          bounds=(_b.margin_capacity_failure_probability, _b.margin_capacity_patterns,
                  _hu2023.capacity_lower_bound_published),
          check="deterministic; statistical",
          notes="If the constants are those of Hu et al. 2023 the published form is ill-defined (a logarithm of a "
                "negative number for every p in (0, 1)); reported as a conditional fact. Tested: the derived "
                "certificate, statistically."),
)
