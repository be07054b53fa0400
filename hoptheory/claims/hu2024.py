r"""Claim records of Hu et al., *Nonparametric Modern Hopfield Models* (arXiv:2404.03900).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  Every
"as published" statement is *reconstructed* from secondary descriptions (labels unconfirmed);
*derived* statements are hoptheory's own.  Statements are LaTeX with inline ``$...$`` math;
:func:`~hoptheory.claims.claim` rewrites the macros that matplotlib's mathtext lacks
(``\le``, ``\lVert``, ``\operatorname``).  The bound functions live in :mod:`hoptheory.bounds.hu2024`.
"""

from __future__ import annotations

from ..bounds import hu2024 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="hu2024", title="Nonparametric Modern Hopfield Models", venue="arXiv preprint (ICML 2025, PMLR 267)",
              year=2024, arxiv="2404.03900", version="v1 (April 2024); numbering differs in the ICML version",
              authors="J. Y.-C. Hu, B.-Y. Chen, D. Wu, F. Ruan, H. Liu")

_SVR_HYP = (r"$C>0$", r"$\epsilon\geq0$", r"$\Phi$ a feature map with kernel $\mathcal{K}$; $D_\Phi$ may be infinite")

RECORDS = (
    claim(
        PAPER, "svr-primal",
        "Memory storage as soft-margin ε-SVR (primal)",
        "§3 (label unconfirmed)",
        r"Training set $\mathcal{D}=\{(\xi_\mu+\delta\xi_\mu,\ \xi_\mu)\}_{\mu\in[M]}$, model $T(x)=W\Phi(x)$; "
        r"storage solves, with no bias term, "
        r"$\min_{W,\eta,\tilde\eta}\ \frac{1}{2}\Vert W\Vert^2+C\sum_{\mu=1}^M\langle\mathbf{1},\eta_\mu+\tilde\eta_\mu\rangle$ "
        r"subject to $\xi_\mu[i]-\langle w_i,\Phi(\xi_\mu+\delta\xi_\mu)\rangle\le\epsilon+\eta_\mu[i]$, "
        r"$\langle w_i,\Phi(\xi_\mu+\delta\xi_\mu)\rangle-\xi_\mu[i]\le\epsilon+\tilde\eta_\mu[i]$, "
        r"$\eta,\tilde\eta\ge0$ for all $\mu\in[M]$, $i\in[d]$.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived: $\Vert W\Vert^2=\sum_i\Vert w_i\Vert^2$, so the problem separates into $d$ independent "
            r"scalar SVRs, each with a unique $w_i$ (strictly convex objective in $W$)."
        ),
        hypotheses=_SVR_HYP,
        notes="A well-posed convex QP. Check: joint and per-coordinate primals coincide; constraints hold.",
        derivation=[
            (r"The $\epsilon$-SVR primal, $M=2$, $D=2$", "symbolic.svr_primal(2, 2)"),
        ],
    ),
    claim(
        PAPER, "svr-dual-kkt",
        "Dual problem and KKT conditions",
        "—",
        r"For each $i$: $\max_{\alpha,\tilde\alpha\in[0,C]^M}\ -\frac{1}{2}(\alpha-\tilde\alpha)^\top K_\delta(\alpha-\tilde\alpha)"
        r"-\epsilon\mathbf{1}^\top(\alpha+\tilde\alpha)+\Xi[i,:](\alpha-\tilde\alpha)$ with "
        r"$K_\delta[\mu,\nu]=\mathcal{K}(\xi_\mu+\delta\xi_\mu,\xi_\nu+\delta\xi_\nu)$; KKT: "
        r"$w_i=\sum_\mu(\alpha_\mu[i]-\tilde\alpha_\mu[i])\Phi(\xi_\mu+\delta\xi_\mu)$, $0\le\alpha,\tilde\alpha\le C$, "
        r"$\alpha_\mu[i](\epsilon+\eta_\mu[i]-r_\mu[i])=0$, $\tilde\alpha_\mu[i](\epsilon+\tilde\eta_\mu[i]+r_\mu[i])=0$, "
        r"$(C-\alpha_\mu[i])\eta_\mu[i]=0$, $(C-\tilde\alpha_\mu[i])\tilde\eta_\mu[i]=0$, where "
        r"$r_\mu[i]=\xi_\mu[i]-\langle w_i,\Phi(\xi_\mu+\delta\xi_\mu)\rangle$. Consequences: "
        r"$\alpha_\mu[i]\tilde\alpha_\mu[i]=0$ if $\epsilon>0$; $0<\alpha_\mu[i]<C\Rightarrow r_\mu[i]=\epsilon$; "
        r"$0<\tilde\alpha_\mu[i]<C\Rightarrow r_\mu[i]=-\epsilon$; $|r_\mu[i]|<\epsilon\Rightarrow\alpha_\mu[i]=\tilde\alpha_\mu[i]=0$.",
        "derived",
        "holds",
        hypotheses=_SVR_HYP,
        check="symbolic, deterministic",
        notes="Standard ε-SVR duality (no bias, so no equality constraint). Check: strong duality and KKT to "
        "solver tolerance; SymPy stationarity for small M.",
        derivation=[
            ("The SVR dual, $M=2$, $D=1$", "symbolic.svr_dual(2, 1)"),
            ("The KKT conditions, $M=1$, $D=1$", "symbolic.svr_kkt(1, 1)"),
        ],
    ),
    claim(
        PAPER, "svr-retrieval-map",
        "SVR retrieval dynamics",
        "Theorem 3.1 (label unconfirmed)",
        r"$w_i^\star=\sum_\mu(\alpha_\mu[i]-\tilde\alpha_\mu[i])\Phi(\xi_\mu+\delta\xi_\mu)$ and "
        r"$x^{\mathrm{new}}[i]=T_{\mathrm{SVR}}(x)[i]=\langle w_i^\star,\Phi(x)\rangle"
        r"=\sum_\mu(\alpha_\mu[i]-\tilde\alpha_\mu[i])\,\mathcal{K}(\xi_\mu+\delta\xi_\mu,x)$.",
        "reconstructed",
        "holds",
        hypotheses=_SVR_HYP,
        notes="The representer theorem. Check: features vs kernel sum; the ε-tube at training points.",
        derivation=[
            ("The representer form of the retrieval map, $M=2$, $D=2$", "symbolic.svr_representer(2, 2)"),
        ],
    ),
    claim(
        PAPER, "exp-kernel-features",
        "Taylor feature map of the exponential kernel",
        "part of Lemma 3.1 (label unconfirmed)",
        r"$\Phi^{(n)}(x)=\sqrt{\beta^n/n!}\,x^{\otimes n}$ for $n\ge0$, so that "
        r"$\langle\Phi(u),\Phi(v)\rangle=\sum_n\beta^n\langle u,v\rangle^n/n!=e^{\beta\langle u,v\rangle}$.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived: truncation after order $n$ leaves a remainder at most "
            r"$\frac{(\beta|\langle u,v\rangle|)^{n+1}}{(n+1)!}e^{\beta|\langle u,v\rangle|}$."
        ),
        hypotheses=(r"$\beta>0$",),
        bounds={"taylor_remainder": B.exp_kernel_taylor_remainder},
        check="symbolic, deterministic",
        notes="Feature map reconstructed, remainder bound derived (Lagrange remainder).",
    ),
    claim(
        PAPER, "dense-recovery",
        "Dense modern Hopfield model recovered from SVR",
        "Lemma 3.1 (label unconfirmed)",
        r"With the exponential-kernel features the SVR retrieval map reproduces "
        r"$T_{\mathrm{Dense}}(x)=\Xi\,\mathrm{Softmax}(\beta\,\Xi_\delta^\top x)$; with $\delta\xi\equiv0$ this is "
        r"Ramsauer's update.",
        "reconstructed",
        "holds",
        corrected=(
            r"Representational (derived): with $Z(x)=\sum_\nu e^{\beta\langle\xi_\nu+\delta\xi_\nu,x\rangle}$, "
            r"$\bar\Phi=\Phi/Z$ and coefficients $(\alpha-\tilde\alpha)_\mu[i]=\xi_\mu[i]\,Z(\xi_\mu+\delta\xi_\mu)$, the "
            r"kernel sum equals $[\Xi\,\mathrm{softmax}(\beta\Xi_\delta^\top x)]_i$ for every $x$; box-feasible iff "
            r"$C\ge\max_{\mu,i}|\xi_\mu[i]|\,Z(\xi_\mu+\delta\xi_\mu)$. For $\delta\xi\ne0$ the Jacobian "
            r"$\beta\Xi(\mathrm{diag}\,p-pp^\top)\Xi_\delta^\top$ is not symmetric in general."
        ),
        hypotheses=(r"$\beta>0$", r"$C$ large enough for box feasibility"),
        bounds={"box_feasibility_threshold": B.svr_box_feasibility_threshold},
        notes="Holds as a representational statement (a Nadaraya–Watson smoother in the SVR class); the "
        "mechanism is reported inconsistently.",
    ),
    claim(
        PAPER, "dense-recovery-optimality",
        "Dense coefficients as the SVR optimum",
        "— (reading of Lemma 3.1)",
        r"Reading: solving the SVR with the exponential-kernel features yields the dense map, i.e. "
        r"$(\alpha-\tilde\alpha)_\mu[i]=\xi_\mu[i]\,Z(\xi_\mu+\delta\xi_\mu)$ is the dual optimum.",
        "derived",
        "false-in-general",
        hypotheses=(r"kernel $\bar{\mathcal{K}}$", r"$C$ above the feasibility threshold", r"$\epsilon\geq0$"),
        bounds={"box_feasibility_threshold": B.svr_box_feasibility_threshold},
        check="counterexample search",
        notes="Coefficients strictly inside the box need residuals of exactly ±ε, but the dense map's residuals "
        "vary across (μ, i), so the KKT conditions fail in general.",
    ),
    claim(
        PAPER, "sparse-structured-map",
        "Sparse-structured retrieval map, readings V1 and V2",
        "Theorem 3.2 (label unconfirmed)",
        r"Imposing the SVR constraints only for $\mu\in\mathcal{M}$, $|\mathcal{M}|=k$, gives "
        r"$\alpha_\mu=\tilde\alpha_\mu=0$ for $\mu\notin\mathcal{M}$ and "
        r"$T_{\mathrm{Sparse}}(x)=\sum_{\mu\in\mathcal{M}}[\mathrm{Softmax}(\beta\,\cdot^\top x)]_\mu\,\xi_\mu$ "
        r"(softmax argument $\Xi$, $\Xi_\delta$ or $\Xi_{\mathcal{M}}$ depending on the description).",
        "reconstructed",
        "unverified",
        corrected=(
            r"V1: $T^{(1)}_{\mathcal{M}}(x)=\sum_{\mu\in\mathcal{M}}p_\mu(x)\xi_\mu$, $p=\mathrm{softmax}(\beta\Xi^\top x)$; "
            r"V2: $T^{(2)}_{\mathcal{M}}(x)=\Xi_{\mathcal{M}}\mathrm{softmax}(\beta\Xi_{\mathcal{M}}^\top x)$; "
            r"$T^{(1)}_{\mathcal{M}}=P_{\mathcal{M}}T^{(2)}_{\mathcal{M}}$ with $P_{\mathcal{M}}=\sum_{\mu\in\mathcal{M}}p_\mu$."
        ),
        hypotheses=(r"the mask is fixed or query-dependent", r"retrieval results need $\mu\in\mathcal{M}$"),
        notes="Which map the paper means is unsettled; every sparse claim is tested for both V1 and V2.",
    ),
    claim(
        PAPER, "sparse-v2-reduction",
        "V2 with a fixed mask is the dense model on a sub-memory",
        "—",
        r"For a fixed mask, $T^{(2)}_{\mathcal{M}}$ is Ramsauer's model on $\Xi_{\mathcal{M}}$: every dense result "
        r"applies with $M\to k$, $m\to m_{\mathcal{M}}=\max_{\mu\in\mathcal{M}}\Vert\xi_\mu\Vert$, separations inside "
        r"$\mathcal{M}$ and radius $1/(\beta k m_{\mathcal{M}})$, including the energy "
        r"$E_{\mathcal{M}}(x)=-\mathrm{lse}(\beta,\Xi_{\mathcal{M}}^\top x)+\frac{1}{2}\Vert x\Vert^2$ and CCCP descent.",
        "derived",
        "holds",
        hypotheses=(r"the mask does not depend on $x$ or on the iteration",),
        notes="Re-run the dense property tests on V2 with fixed random masks.",
    ),
    claim(
        PAPER, "mask-coverage",
        "Probability that the target lies in the mask",
        "—",
        r"Random $k$-subsets: $\Pr(\mu\in\mathcal{M})=k/M$. Top-K: $\mu=\arg\max_\nu\langle\xi_\nu,x\rangle$ lies in "
        r"every top-$k$ set. Window: $\mu\in\mathcal{M}(x_\ell)$ iff $|\mu-\ell|\le w$. Under the derived "
        r"well-separation condition with $m(M+k-2)>r$, top-K masks contain $\mu$ on all of $S_\mu(r)$. If "
        r"$\mu\notin\mathcal{M}$, the V2 error is at least $\mathrm{dist}(\xi_\mu,\mathrm{conv}\,\Xi_{\mathcal{M}})$.",
        "derived",
        "holds",
        hypotheses=(r"as listed per mask type",),
        bounds={
            "inclusion_probability": B.random_mask_inclusion_probability,
            "well_separation_threshold": B.well_separation_threshold,
        },
        check="statistical, deterministic",
        notes="Statistical (two-sided exact binomial, 99%) for random masks; deterministic otherwise.",
    ),
    claim(
        PAPER, "variant-random-mask",
        "Random masked model",
        "App. C / E family (label unconfirmed)",
        r"Each query gets a random support set, i.i.d. across queries; cost $O(kL)$, i.e. $O(Lkd)$.",
        "reconstructed",
        "holds",
        corrected=(
            r"The $O(Lkd)$ cost holds for V2 with a gather-based implementation; V1 needs all $M$ scores "
            r"($O(LMd)$). With masks resampled at every step the iteration is a random map."
        ),
        hypotheses=(r"uniform $k$-subsets", r"$\mu\in\mathcal{M}$ for retrieval statements"),
        notes="Holds for V2. Check: exactly Lk score evaluations for V2, LM for V1.",
    ),
    claim(
        PAPER, "variant-sliding-window",
        "Sliding-window model",
        "App. C / E family (label unconfirmed)",
        r"V2 with $\mathcal{M}(x_\ell)=\{\mu\in[L]:|\mu-\ell|\le w\}$; cost $O(Lwd)$, reported as "
        r"$O(L\sqrt{L})$ for $w=\Theta(\sqrt{L})$.",
        "reconstructed",
        "holds",
        corrected=r"Exact count (derived): $\sum_\ell|\mathcal{M}(x_\ell)|=(2w+1)L-w(w+1)$ for $0\le w\le L-1$.",
        hypotheses=(r"self-attention ($M=L$)", r"$0\leq w\leq L-1$"),
        bounds={"score_count": B.sliding_window_score_count},
        notes="Instrumented counts equal the formula.",
    ),
    claim(
        PAPER, "variant-efficient",
        "\"Efficient\" $O(L\\sqrt L)$ model",
        "App. C / E family (label unconfirmed)",
        r"The family contains an efficient member of cost $O(L\sqrt{L})$: a band with $w\asymp\sqrt{L}$ or a "
        r"strided pattern with stride $\asymp\sqrt{L}$.",
        "reconstructed",
        "unverified",
        corrected=r"Both candidate constructions cost $\Theta(L^{3/2}d)$ (derived).",
        hypotheses=(r"self-attention",),
        bounds={"score_count": B.sliding_window_score_count},
        notes="Construction unconfirmed. Check: log–log slope of exact counts in [1.4, 1.6] for both.",
    ),
    claim(
        PAPER, "variant-top-k",
        "Top-K model",
        "App. C / E family (label unconfirmed)",
        r"V2 with $\mathcal{M}(x)=\mathrm{argtop}_k\langle\xi_\mu,x\rangle$; not sub-quadratic.",
        "reconstructed",
        "holds",
        corrected=(
            r"Selection needs all $M$ scores ($O(LMd)$ plus $O(LM)$); the map is piecewise smooth and "
            r"discontinuous where the selected set changes."
        ),
        hypotheses=(r"$1\leq k\leq M$", r"ties broken by index"),
        bounds={
            "rigorous": B.retrieval_error_bound_rigorous_at,
            "rigorous_v2": B.retrieval_error_bound_v2_at,
        },
        notes="Check: LM score count, argmax inclusion, rigorous V2 bound with the query's mask, discontinuity probe.",
    ),
    claim(
        PAPER, "variant-linear",
        "Linear model with $\\operatorname{elu}+1$ features",
        "App. C / E family (label unconfirmed)",
        r"$T_{\mathrm{Lin}}(x)=\frac{\Xi\,\phi(\Xi)^\top\phi(x)}{\mathbf{1}^\top\phi(\Xi)^\top\phi(x)}$ with "
        r"$\phi(u)=\mathrm{elu}(u)+1$ elementwise, $D_\phi=d$; cost $O(MdD_\phi)$ once, $O(dD_\phi)$ per query.",
        "reconstructed",
        "holds",
        corrected=r"Derived: $\phi>0$, so $T_{\mathrm{Lin}}(x)\in\mathrm{conv}\{\xi_\mu\}$ and $\Vert T_{\mathrm{Lin}}(x)\Vert\le m$.",
        hypotheses=(r"finite inputs",),
        notes="Check: factorised vs direct normalised-kernel sum; positive weights; norm bound.",
    ),
    claim(
        PAPER, "variant-prf",
        "Positive random features model",
        "App. C / E family (label unconfirmed)",
        r"Same normalised form with $\phi_+(u)=\frac{e^{-\beta\Vert u\Vert^2/2}}{\sqrt{n_f}}"
        r"(e^{\sqrt{\beta}\,\omega_j^\top u})_{j=1}^{n_f}$, $\omega_j\sim\mathcal{N}(0,I_d)$; "
        r"$\mathrm{E}[\phi_+(u)^\top\phi_+(v)]=e^{\beta u^\top v}$; cost $O((M+L)n_fd)$.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived (i.i.d. $\omega_j$): variance $\frac{1}{n_f}e^{2\beta u^\top v}(e^{\beta\Vert u+v\Vert^2}-1)$; "
            r"$\Vert T_{\mathrm{PRF}}(x)-T_{\mathrm{Dense}}(x)\Vert=O_P(n_f^{-1/2})$; $\Vert T_{\mathrm{PRF}}(x)\Vert\le m$."
        ),
        hypotheses=(r"i.i.d. Gaussian $\omega_j$", r"moderate $\beta\Vert u\Vert^2$"),
        bounds={
            "variance": B.prf_estimator_variance,
            "variance_performer": B.prf_estimator_variance_performer,
            "variance_at": B.prf_estimator_variance_at,
        },
        check="statistical, deterministic",
        notes="Statistical: unbiasedness (z-test), variance (chi-square), rate slope in [-0.6, -0.4]; hull deterministic.",
    ),
    claim(
        PAPER, "variant-multi-head",
        "Multi-head model",
        "App. C / E family (label unconfirmed)",
        r"$Z=\mathrm{Concat}_{h=1}^H[\mathrm{softmax}(\beta Q_hK_h^\top)V_h]W_O$, $Q_h=RW_Q^h$, $K_h=YW_K^h$, "
        r"$V_h=YW_V^h$: $H$ separate regressions with asymmetric feature maps; cost $H$ times the single head.",
        "reconstructed",
        "holds",
        corrected=(
            r"Derived: each head is $x\mapsto\Xi_V\mathrm{softmax}(\beta\Xi_K^\top x)$ with $\Xi_K=K_h^\top$, "
            r"$\Xi_V=V_h^\top$."
        ),
        hypotheses=(r"none beyond shapes",),
        notes="Numeric identity per head and for the concatenation, pairwise-distinct H, d_h, L, M.",
    ),
    claim(
        PAPER, "retrieval-error-published",
        "Sparsity-dependent retrieval error, published exponent",
        "Theorem 4.1 (label unconfirmed)",
        r"For $x\in S_\mu$ (radius $R$), $\mu\in\mathcal{M}$, $k=|\mathcal{M}|$: "
        r"$\Vert T_{\mathrm{Sparse}}(x)-\xi_\mu\Vert\le m(M+k-2)\exp\{-\beta(\langle\xi_\mu,x\rangle"
        r"-\max_{\nu\in[M],\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle)\}$; $k=M$ gives $2m(M-1)\exp\{\cdots\}$.",
        "reconstructed",
        "false-in-general",
        corrected=r"See hu2024/retrieval-error-rigorous: the exponent must be $\tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle$.",
        hypotheses=(r"$\beta>0$, $M\geq2$, $1\leq k\leq M$", r"$\mu\in\mathcal{M}$", r"$x\in S_\mu(R)$"),
        bounds={
            "published": B.retrieval_error_bound_published,
            "published_inclusive": B.retrieval_error_bound_published_inclusive,
            "published_dense": B.retrieval_error_bound_published_dense,
            "published_at": B.retrieval_error_bound_published_at,
            "published_inclusive_at": B.retrieval_error_bound_published_inclusive_at,
        },
        check="counterexample search",
        notes="The printed exponent replaces <x, xi_nu> by <xi_mu, xi_nu>; <x - xi_mu, xi_nu> can be positive, "
        "so the exponent can overstate the query's separation. Agrees at x = xi_mu.",
    ),
    claim(
        PAPER, "retrieval-error-rigorous",
        "Sparsity-dependent retrieval error, rigorous form",
        "—",
        r"For V1 and V2, every $x\in\mathbb{R}^d$ and every $\mu\in\mathcal{M}$: "
        r"$\Vert T_{\mathcal{M}}(x)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}$. V2: "
        r"$\Vert T^{(2)}_{\mathcal{M}}(x)-\xi_\mu\Vert\le(1-q_\mu)\max_{\nu\in\mathcal{M}}\Vert\xi_\mu-\xi_\nu\Vert"
        r"\le2m(k-1)e^{-\beta\tilde\Delta^{\mathcal{M}}_\mu(x)}$. On a ball $\Vert x-\xi_\mu\Vert\le r$: "
        r"$\tilde\Delta_\mu(x)\ge\Delta_\mu-2mr$.",
        "derived",
        "holds",
        hypotheses=(r"$\beta>0$, $M\geq2$", r"$\mu\in\mathcal{M}$", r"no condition on $x$ (informative only if $\tilde\Delta_\mu(x)>0$)"),
        bounds={
            "rigorous": B.retrieval_error_bound_rigorous,
            "v2": B.retrieval_error_bound_v2,
            "v2_weight": B.retrieval_error_bound_v2_weight,
            "ball": B.retrieval_error_bound_ball,
            "rigorous_at": B.retrieval_error_bound_rigorous_at,
            "v2_at": B.retrieval_error_bound_v2_at,
        },
        notes="Proof for V1: T - xi_mu = -(1 - p_mu) xi_mu + sum over mask minus mu of p_nu xi_nu, with "
        "1 - p_mu <= (M-1) e^{-beta Delta} and p_nu <= e^{-beta Delta}.",
    ),
    claim(
        PAPER, "sparse-vs-dense-bound",
        "Sparse bound is tighter than dense bound",
        "Corollary 4.1.1 (label unconfirmed)",
        r"The sparsity-dependent bound is tighter than the dense one: $m(M+k-2)\le2m(M-1)$, with equality iff $k=M$.",
        "reconstructed",
        "holds",
        hypotheses=(r"$1\leq k\leq M$",),
        bounds={
            "constant_sparse": B.error_constant_sparse,
            "constant_dense": B.error_constant_dense,
            "rigorous": B.retrieval_error_bound_rigorous,
            "dense_rigorous": B.retrieval_error_bound_dense_rigorous,
            "rigorous_at": B.retrieval_error_bound_rigorous_at,
            "dense_rigorous_at": B.retrieval_error_bound_dense_rigorous_at,
        },
        check="symbolic, deterministic",
        notes="A comparison of upper bounds only (difference m(M - k) >= 0).",
    ),
    claim(
        PAPER, "sparse-vs-dense-pointwise",
        "Sparse error is pointwise below dense error",
        "reading of Corollary 4.1.1",
        r"$\Vert T_{\mathrm{Sparse}}(x)-\xi_\mu\Vert\le\Vert T_{\mathrm{Dense}}(x)-\xi_\mu\Vert$ at every query.",
        "reconstructed",
        "false-in-general",
        hypotheses=(r"$\mu\in\mathcal{M}$",),
        check="counterexample search",
        notes="V1 shrinks the output by P_M(x); for V2 and top-K, removing competitors can remove cancellations.",
    ),
    claim(
        PAPER, "noise-robustness",
        "Robustness to noise",
        "main-text corollary (label unconfirmed)",
        r"Sparse-structured models are more robust to noise than dense ones (exact statement unknown; the "
        r"earlier sparse paper states that noise affects the retrieval error linearly rather than exponentially).",
        "reconstructed",
        "unverified",
        corrected=(
            r"Derived, V1 and V2, $\mu\in\mathcal{M}$. Query noise: $\Vert T_{\mathcal{M}}(x+\eta)-\xi_\mu\Vert\le "
            r"m(M+k-2)\exp\{-\beta(\tilde\Delta_\mu(x)-\Vert\eta\Vert\max_\nu\Vert\xi_\mu-\xi_\nu\Vert)\}\le "
            r"m(M+k-2)e^{-\beta(\tilde\Delta_\mu(x)-2m\Vert\eta\Vert)}$. Memory noise: "
            r"$\Vert\tilde T_{\mathcal{M}}(x)-\xi_\mu\Vert\le\tilde m(M+k-2)e^{-\beta(\tilde\Delta_\mu(x)-2\Vert x\Vert\eta_{\max})}"
            r"+\Vert\eta_\mu\Vert$."
        ),
        hypotheses=(r"$\mu\in\mathcal{M}$", r"any noise"),
        bounds={
            "query_noise": B.query_noise_bound,
            "query_noise_coarse": B.query_noise_bound_coarse,
            "memory_noise": B.memory_noise_bound,
            "query_noise_at": B.query_noise_bound_at,
            "memory_noise_at": B.memory_noise_bound_at,
        },
        notes="Published statement unknown; the derived forms are property-tested. Sparse-vs-dense growth is "
        "informational only.",
    ),
    claim(
        PAPER, "well-separation-k",
        "Well-separation condition with sparsity $k$",
        "corollary (label unconfirmed)",
        r"Expected form: $\Delta_\mu\ge\frac{1}{\beta}\ln\frac{m(M+k-2)}{R}+2mR$, with $R$ the storage definition's radius.",
        "reconstructed",
        "holds-but-vacuous",
        corrected=(
            r"Derived, free radius $r>0$: if $\Delta_\mu\ge\frac{1}{\beta}\ln\frac{m(M+k-2)}{r}+2mr$ then "
            r"$T_{\mathcal{M}}(S_\mu(r))\subseteq S_\mu(r)$ for V1 and V2 when $\mu\in\mathcal{M}(x)$ on the ball "
            r"(automatic for top-K when $m(M+k-2)>r$); the relaxation against the dense condition is "
            r"$\frac{1}{\beta}\ln\frac{2(M-1)}{M+k-2}\ge0$. With $r=R$ the condition fails for the smaller-norm member "
            r"of the closest pair ($\Delta_\mu\le2R^2\le2mR$)."
        ),
        hypotheses=(r"$\beta>0$, $M\geq2$", r"$\mu\in\mathcal{M}(x)$ on the ball"),
        bounds={
            "threshold_published": B.well_separation_threshold_published,
            "threshold": B.well_separation_threshold,
            "threshold_dense": B.well_separation_threshold_dense,
            "relaxation": B.well_separation_relaxation,
            "threshold_at": B.well_separation_threshold_at,
            "threshold_published_at": B.well_separation_threshold_published_at,
        },
        check="deterministic, symbolic, counterexample search",
        notes="With R the hypothesis cannot hold for all memories at once (except a degenerate antipodal k = 1 "
        "case); with a free radius the derived condition is useful.",
    ),
    claim(
        PAPER, "fixed-point-convergence",
        "Fixed-point convergence without an energy",
        "Lemma 4.1 (v1) / Corollary 4.1.3 (ICML), label unconfirmed",
        r"Sparse-structured models have fixed-point convergence even without knowledge of the underlying "
        r"Hopfield energy (hypotheses, and existence vs convergence, unknown).",
        "reconstructed",
        "unverified",
        corrected=(
            r"Derived: (1) fixed mask $\ni\mu$ and the derived well-separation condition give a fixed point in "
            r"$S_\mu(r)$ (Brouwer); (2) if also $2\beta m^2(M+k-2)e^{-\beta(\Delta_\mu-2mr)}<1$ (V1; for V2 Ramsauer's "
            r"Lemmas A2/A6 with $M\to k$), iterates converge geometrically to the unique fixed point and "
            r"$\Vert x_\mu^*-\xi_\mu\Vert\le m(M+k-2)e^{-\beta(\Delta_\mu-2mr)}$; (3) top-K and resampled masks: "
            r"empirical only; (4) V2 with a fixed mask has the CCCP energy $E_{\mathcal{M}}$; V1 is not a CCCP update."
        ),
        hypotheses=(r"as in each numbered item",),
        bounds={
            "well_separation_threshold": B.well_separation_threshold,
            "contraction": B.v1_contraction_bound,
            "fixed_point_distance": B.retrieval_error_bound_ball,
            "contraction_at": B.v1_contraction_bound_at,
        },
        check="deterministic",
        notes="Published hypotheses unknown; if they use R the statement inherits the vacuity of "
        "hu2024/well-separation-k. Informational for top-K and resampled masks.",
    ),
    claim(
        PAPER, "v1-jacobian",
        "Jacobian of V1 and its norm bound",
        "—",
        r"$J^{(1)}(x)=\beta\sum_{\nu\in\mathcal{M}}p_\nu(x)\,\xi_\nu(\xi_\nu-\hat\xi(x))^\top$, $\hat\xi=\Xi p$; not "
        r"symmetric in general; for $\mu\in\mathcal{M}$, $\Vert J^{(1)}(x)\Vert_2\le2\beta m^2(M+k-2)\,"
        r"e^{-\beta\tilde\Delta_\mu(x)}$; contraction on $S_\mu(r)$ if $2\beta m^2(M+k-2)e^{-\beta(\Delta_\mu-2mr)}<1$.",
        "derived",
        "holds",
        hypotheses=(r"$\beta>0$", r"$\mu\in\mathcal{M}$", r"fixed mask"),
        bounds={
            "jacobian_norm": B.v1_jacobian_norm_bound,
            "contraction": B.v1_contraction_bound,
            "jacobian_norm_at": B.v1_jacobian_norm_bound_at,
            "contraction_at": B.v1_contraction_bound_at,
        },
        notes="Check: analytic J against central differences; asymmetry reported; the bound over F1–F5 with Q1–Q4.",
    ),
    claim(
        PAPER, "capacity-published",
        "Memory capacity of sparse-structured models",
        "Lemma 4.2 (v1) / Proposition 4.1 (ICML), label unconfirmed",
        r"Memories on a sphere of radius $m$; with probability $1-p$, $M_{\mathrm{Sparse}}\ge\sqrt{p}\,C^{\frac{d-1}{4}}$ "
        r"(one description: prefactor $p$), $C=b/W_0(\exp(a+\ln b))$, template "
        r"$a=\frac{4}{d-1}\{\ln[\frac{2m(\sqrt{p}-1)}{R+\delta}]+1\}$, $b=\frac{4m^2\beta}{5(d-1)}$; feature-space "
        r"restatement $a=\frac{4}{D_\Phi-1}(\ln\frac{2\sqrt{p}-2}{R_\Phi}+1)$, $b=\frac{4\beta}{5(D_\Phi-1)}$.",
        "reconstructed",
        "ill-defined",
        corrected=r"See hu2024/capacity-sparse-corrected.",
        hypotheses=(r"$0<p<1$", r"$\beta>0$", r"$d\geq2$"),
        bounds={
            "log_argument": B.capacity_published_log_argument,
            "a": B.capacity_published_a,
            "b": B.capacity_published_b,
            "c": B.capacity_published_c,
            "capacity": B.capacity_published,
            "capacity_p_prefactor": B.capacity_published_p_prefactor,
            "capacity_feature_space": B.capacity_published_feature_space,
        },
        notes="sqrt(p) - 1 < 0 for p in (0, 1): the logarithm's argument is negative (consistent with an algebra "
        "slip); the prefactor is inconsistent; R inherits the well-separation vacuity; delta is undefined.",
    ),
    claim(
        PAPER, "capacity-sparse-corrected",
        "Sparse-aware capacity, Ramsauer-style",
        "—",
        r"$M$ memories i.i.d. uniform on the sphere of radius $m=K\sqrt{d-1}$, balls of radius $1/(\beta Mm)$, masks "
        r"of size $k\le\rho M$ containing the target, map V1. Self-map condition "
        r"$\Delta_\mu\ge\frac{2}{\beta M}+\frac{1}{\beta}\ln(\beta M(M+k-2)m^2)$. With "
        r"$a_\rho=\frac{2}{d-1}(1+\ln((1+\rho)\beta K^2p(d-1)))$, $b=\frac{2K^2\beta}{5}$, "
        r"$c_\rho=\frac{b}{W_0(e^{a_\rho+\ln b})}$: if $c_\rho\ge(2/\sqrt{p})^{4/(d-1)}$, then with probability "
        r"$\ge1-p$ all $M=\lfloor\sqrt{p}\,c_\rho^{(d-1)/4}\rfloor$ memories satisfy the V1 self-map condition for every "
        r"admissible mask.",
        "derived",
        "holds",
        hypotheses=(r"$0<p\leq1$, $\beta>0$, $K>0$, $d\geq2$, $0<\rho\leq1$", r"$c_\rho\geq(2/\sqrt{p})^{4/(d-1)}$"),
        bounds={
            "a": B.capacity_a_sparse,
            "b": B.capacity_b_sparse,
            "c": B.capacity_constant_sparse,
            "capacity": B.capacity_sparse_corrected,
            "self_map_threshold": B.self_map_threshold_sparse,
            "master_threshold": B.master_threshold_sparse,
        },
        check="deterministic, statistical",
        notes="At rho = 1 c reproduces Ramsauer's 3.1546 (1, 3, 20, 0.001) and 1.3718 (1, 1, 75, 0.001). "
        "Uniqueness needs the contraction check of hu2024/v1-jacobian.",
    ),
)
