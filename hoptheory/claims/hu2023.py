r"""Claim records of Hu et al. 2023, *On Sparse Modern Hopfield Model* (NeurIPS 2023).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID ``hu2023/<slug>``, in catalogue
order, written with :func:`~hoptheory.claims.claim`.  Statements are in package notation with the paper's symbols kept
(:math:`\mathcal{T}`, :math:`\mathcal{T}_{\rm Dense}`, :math:`\mathcal{H}`, :math:`\Psi^\star`,
:math:`p` for the failure probability); the LaTeX uses only macros that matplotlib's
mathtext renders (``\Vert`` for norms, ``\frac{1}{2}``, ``\leq``/``\geq``).  The bound
functions come from :mod:`hoptheory.bounds.hu2023`.
"""

from __future__ import annotations

from ..bounds import hu2023 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="hu2023", title="On Sparse Modern Hopfield Model", venue="NeurIPS", year=2023, arxiv="2309.12673",
              version="v2", authors="J. Y.-C. Hu, D. Yang, D. Wu, C. Xu, B.-Y. Chen, H. Liu")

_U = "label unconfirmed"


_BALL_HYPS = (r"$M\geq 2$", r"$\Vert\xi_\nu\Vert\leq m$", r"$x\in S_\mu(R)$")

RECORDS = (
    claim(
        PAPER, "dense-model", "Dense energy and retrieval dynamics (background)", f"background ({_U})",
        r"The dense energy is $E(x)=-\mathrm{lse}(\beta,\Xi^\top x)+\frac{1}{2}\langle x,x\rangle$, up to a "
        r"constant, with $\mathrm{lse}(\beta,z)=\beta^{-1}\log\sum_{\mu}\exp(\beta z_\mu)$. The lse is the convex "
        r"conjugate of the negative Shannon entropy, so its gradient is $\mathrm{Softmax}(\beta z)$. The retrieval "
        r"dynamics $\mathcal{T}_{\rm Dense}(x)=\Xi\,\mathrm{Softmax}(\beta\Xi^\top x)$ is the CCCP update of $E$ and "
        r"decreases it.",
        "reconstructed", "holds",
        hypotheses=(r"$\beta>0$", r"$\Xi\in\mathbb{R}^{d\times M}$", r"$x\in\mathbb{R}^d$"),
        bounds={"sufficient_decrease_bound": B.sufficient_decrease_bound},
        check="deterministic",
        notes="No correction needed (Ramsauer et al. 2021). The factor 1/beta inside lse gives grad E = x - T_dense. "
              "Derived: E(T_dense x) <= E(x) - ||T_dense x - x||^2 / 2. Checks: SymPy gradient identity and finite "
              "differences; Shannon conjugate by brute force vs lse; sufficient decrease on gaussian and sphere "
              "instances with beta log-uniform.",
    ),
    claim(
        PAPER, "dense-error-bound-as-quoted", "Dense retrieval error bound as restated",
        f"restatement of Ramsauer et al. ({_U})",
        r"For $x\in S_\mu$, $\Vert\mathcal{T}_{\rm Dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle"
        r"-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle)\}$. It is unconfirmed whether the maximum excludes "
        r"$\nu=\mu$, so both readings are catalogued.",
        "reconstructed", "false-in-general",
        corrected=r"For every $x$, with $\tilde\Delta_\mu(x)=\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\nu,x\rangle$: "
                  r"$\Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm soft}_\mu)\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}"
                  r"\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}$.",
        hypotheses=_BALL_HYPS,
        bounds={"published": B.dense_error_bound_as_quoted, "published_at": B.dense_error_bound_as_quoted_at,
                "weight": B.retrieval_error_weight_bound, "query": B.dense_error_bound_query,
                "query_at": B.dense_error_bound_query_at, "ball": B.dense_error_bound_ball,
                "ball_at": B.dense_error_bound_ball_at},
        check="counterexample search (published form); deterministic (corrected chain)",
        notes="Max over all nu: the exponent is <= 0 whenever <xi_mu, x> <= m^2 on the sphere (vacuous there); it "
              "becomes small only for queries overshooting xi_mu, where it can undercut the true error. Max over "
              "nu != mu: displacing x towards a competitor makes <xi_nu, x> exceed <xi_nu, xi_mu>, so the printed "
              "exponent overstates the true score gap.",
    ),
    claim(
        PAPER, "dense-well-separation-as-quoted", "Dense well-separation condition as restated", f"restatement ({_U})",
        r"If $\Delta_\mu\geq\beta^{-1}\ln(2(M-1)m/R)+2mR$, then $\mathcal{T}_{\rm Dense}$ maps $S_\mu$ into itself.",
        "reconstructed", "holds",
        corrected=r"Holds as printed: for $\Vert x-\xi_\mu\Vert\leq R$ the error is at most "
                  r"$2m(M-1)e^{-\beta(\Delta_\mu-2mR)}\leq R$. Derived remark: for the closest pair "
                  r"$\Delta_\mu\leq 2mR$, so with $R$ half the minimum distance the condition never holds for those "
                  r"patterns; it can hold for other patterns or with a radius $r<R$ in place of $R$.",
        hypotheses=(r"$M\geq 2$", r"$R>0$", r"$\Vert\xi_\nu\Vert\leq m$", r"$x\in S_\mu(R)$"),
        bounds={"threshold": B.dense_well_separation_threshold, "threshold_at": B.dense_well_separation_threshold_at,
                "min_beta": B.dense_well_separation_min_beta},
        check="deterministic",
        notes="Ramsauer's own condition differs (belongs to the Ramsauer et al. 2021 records). Checks use "
              "separated patterns with r < Delta_mu/(2m) or patterns outside the closest pair, at the smallest "
              "admissible beta, and assert ||T_dense(x) - xi_mu|| <= r on S_mu(r); also that the condition fails "
              "at R for the closest pair.",
    ),
    claim(
        PAPER, "sparsemax-definition", r"Sparsemax, threshold $\tau$, support size $\kappa$", f"definition ({_U})",
        r"$\mathrm{Sparsemax}(z):=\arg\min_{p\in\Delta^M}\Vert p-z\Vert^2$, with closed form "
        r"$[\mathrm{Sparsemax}(z)]_\mu=[z_\mu-\tau(z)]_+$, where $\tau(z)=(\sum_{\nu\leq\kappa(z)}z_{(\nu)}-1)/\kappa(z)$ "
        r"and $\kappa(z)=\max\{k\in[M]:1+k\,z_{(k)}>\sum_{\nu\leq k}z_{(\nu)}\}$.",
        "reconstructed", "holds",
        hypotheses=(r"$z\in\mathbb{R}^M$", r"$M\geq 1$"),
        check="deterministic",
        notes="No correction needed (Martins and Astudillo 2016). Derived facts used elsewhere: kappa = "
              "||sparsemax(z)||_0; shift invariance; 1-Lipschitz; one-hot iff z_(1) - z_(2) >= 1; "
              "0 <= z_(1) - z_(kappa) < 1.",
    ),
    claim(
        PAPER, "gini-conjugate", "Convex conjugate of the (negative) Gini entropy", f"lemma/definition ({_U})",
        r"$\Psi^\star$ is motivated as an antiderivative of Sparsemax ($\int\mathrm{Sparsemax}(z)\,dz$) and identified "
        r"via Danskin's theorem as the convex conjugate of the Gini entropy (Tsallis, $\alpha=2$), with closed form "
        r"$\Psi^\star(z)=\frac{1}{2}\Vert z\Vert^2-\frac{1}{2}\Vert\mathrm{Sparsemax}(z)-z\Vert^2+\frac{1}{2}$ and "
        r"$\nabla\Psi^\star(z)=\mathrm{Sparsemax}(z)$.",
        "reconstructed", "holds",
        corrected=r"The closed form is the conjugate of the negentropy $\Omega(p)=\frac{1}{2}\Vert p\Vert^2-\frac{1}{2}$ "
                  r"on $\Delta^M$ (minus the Gini entropy): $\Omega^\star(z)=\langle p^\star,z\rangle-\frac{1}{2}"
                  r"\Vert p^\star\Vert^2+\frac{1}{2}$ with $p^\star=\mathrm{sparsemax}(z)$. With the Gini entropy itself, "
                  r"$\sup_{p\in\Delta^M}\langle p,z\rangle-\frac{1}{2}(1-\Vert p\Vert^2)=\max_\nu z_\nu$ (a vertex; "
                  r"gradient the argmax indicator).",
        hypotheses=(r"$z\in\mathbb{R}^M$", r"$\Omega=+\infty\ \mathrm{off}\ \Delta^M$"),
        check="deterministic",
        notes="Unconfirmed whether the paper says 'Gini entropy' or 'negative Gini entropy'. Derived properties: "
              "convex, C^1 with 1-Lipschitz gradient; max z <= Omega*(z) <= max z + (1 - 1/M)/2; shift rule; "
              "beta^{-1} Omega*(beta z) -> max z. Antiderivative reading only as a potential.",
        derivation=[
            ("Conjugate of the Gini negentropy, $n=3$, sorted chamber", "symbolic.conjugate(symbolic.Gini(), 3)"),
        ],
    ),
    claim(
        PAPER, "sparse-energy", "Sparse Hopfield energy", f"energy definition ({_U})",
        r"$\mathcal{H}(x)=-\Psi^\star(\beta\,\Xi^\top x)+\frac{1}{2}\langle x,x\rangle$, presented as the energy whose "
        r"retrieval dynamics is $\mathcal{T}$.",
        "confirmed", "false-in-general",
        corrected=r"$H_\beta(x)=-\frac{1}{\beta}\Omega^\star(\beta\Xi^\top x)+\frac{1}{2}\Vert x\Vert^2$ with "
                  r"$\nabla H_\beta(x)=x-T_{\rm sparse}(x)$; the printed energy satisfies "
                  r"$\mathcal{H}=\beta H_\beta+\frac{1}{2}(1-\beta)\Vert x\Vert^2$ and "
                  r"$\nabla\mathcal{H}(x)=x-\beta\,T_{\rm sparse}(x)$; they coincide iff $\beta=1$. Lower bound: "
                  r"$H_\beta(x)\geq\frac{1}{2}\Vert x\Vert^2-m\Vert x\Vert-\frac{1}{2\beta}(1-\frac{1}{M})\geq"
                  r"-\frac{m^2}{2}-\frac{1}{2\beta}$.",
        hypotheses=(r"$\beta>0$", r"$\Xi\in\mathbb{R}^{d\times M}$"),
        bounds={"lower": B.sparse_energy_lower_bound, "infimum": B.sparse_energy_infimum_bound},
        check="deterministic (identities); counterexample search (published pairing of energy and dynamics)",
        notes="For beta != 1 every non-zero fixed point x* of T has grad H(x*) = (1 - beta) x* != 0. The package's "
              "energy is H_beta; the printed form is energy_published.",
        derivation=[
            (r"Energy $H_\beta$ of the Gini model, $d=2$, $M=3$", "symbolic.energy(symbolic.Gini(), 2, 3)"),
            (r"The energy as printed (no $\beta^{-1}$), $d=2$, $M=3$", "symbolic.published_energy(symbolic.Gini(), 2, 3)"),
        ],
    ),
    claim(
        PAPER, "sparse-dynamics-monotone", "Sparse retrieval dynamics decrease the energy", f"lemma ({_U})",
        r"With iteration index $t$, the update $\mathcal{T}(x_t):=\nabla_x\Psi^\star(\beta\Xi^\top x)|_{x_t}="
        r"\Xi\,\mathrm{Sparsemax}(\beta\Xi^\top x_t)=x_{t+1}$ decreases $\mathcal{H}$ monotonically; it is derived by "
        r"CCCP with convex part $\frac{1}{2}\Vert x\Vert^2$ and concave part $-\Psi^\star(\beta\Xi^\top x)$.",
        "reconstructed", "false-in-general",
        corrected=r"$\nabla_x\Psi^\star(\beta\Xi^\top x)=\beta\,\Xi\,\mathrm{Sparsemax}(\beta\Xi^\top x)$ (the middle "
                  r"equality holds only at $\beta=1$); the CCCP map of $\mathcal{H}$ is "
                  r"$x\mapsto\beta\,\Xi\,\mathrm{Sparsemax}(\beta\Xi^\top x)$ and decreases $\mathcal{H}$; for "
                  r"$T_{\rm sparse}$: $H_\beta(T(x))\leq H_\beta(x)-\frac{1}{2}\Vert T(x)-x\Vert^2$ and "
                  r"$\Vert T(x)\Vert\leq m$.",
        hypotheses=(r"$\beta>0$", r"$\Xi\in\mathbb{R}^{d\times M}$", r"$x\in\mathbb{R}^d$"),
        bounds={"sufficient_decrease_bound": B.sufficient_decrease_bound},
        check="counterexample search (published form); deterministic (corrected forms)",
        notes="T(x) is the CCCP step of the printed energy rescaled by 1/beta; nothing forces it to lower H for "
              "beta != 1. Search: gaussian patterns, beta log-uniform over the full range, small d and M, target "
              "the increase H(T(x)) - H(x).",
    ),
    claim(
        PAPER, "convergence", "Convergence of the retrieval dynamics (Zangwill)", f"theorem ({_U})",
        r"For any sequence with $x_{t+1}=\mathcal{T}(x_t)$, every limit point is a stationary point of $\mathcal{H}$; "
        r"the proof uses Zangwill's global convergence theorem as applied to CCCP by Sriperumbudur and Lanckriet (2009).",
        "reconstructed", "false-in-general",
        corrected=r"Every limit point is a fixed point of $T_{\rm sparse}$, i.e. a stationary point of $H_\beta$, and "
                  r"$\sum_t\Vert x_{t+1}-x_t\Vert^2\leq 2(H_\beta(x_0)-\inf H_\beta)<\infty$ with "
                  r"$\inf H_\beta\geq-m^2/2-1/(2\beta)$.",
        hypotheses=(r"$\beta>0$", r"$\Xi\in\mathbb{R}^{d\times M}$", r"$x_0\in\mathbb{R}^d$"),
        bounds={"step_sum": B.convergence_step_sum_bound, "infimum": B.sparse_energy_infimum_bound,
                "sufficient_decrease_bound": B.sufficient_decrease_bound},
        check="deterministic (corrected form); counterexample search (published form)",
        notes="A non-zero fixed point is not stationary for the printed H when beta != 1 (grad = (1 - beta) x). "
              "Zangwill's conditions hold for H_beta (iterates in conv Xi for t >= 1; sufficient decrease; T "
              "continuous). Finite termination is typical (piecewise affine T) but not guaranteed; convergence of "
              "the whole sequence is not claimed.",
    ),
    claim(
        PAPER, "one-step-sparse-attention", "One update equals sparsemax attention", f"remark/equation ({_U})",
        r"Identify $\Xi^\top$ with the keys $K=YW_K$ and the query rows with $Q=RW_Q$, and set $\beta=1/\sqrt{d_k}$. "
        r"One application of $\mathcal{T}$, transposed and multiplied by $W_V$, gives $Z=\mathrm{Sparsemax}(\beta QK^\top)V$ "
        r"with $V=YW_KW_V$. The equivalence holds only when the dynamics is applied exactly once.",
        "reconstructed", "holds",
        hypotheses=(r"$\mathrm{one\ update}$", r"$V=KW_V$", r"$\mathrm{row}\mathrm{-}\mathrm{wise\ sparsemax}$"),
        check="deterministic",
        notes="The one-update caveat is confirmed from the paper's text. Compare one T step per query row with a "
              "reference sparsemax attention (package sparsemax and the entmax package), with pairwise distinct "
              "L, M, d, d_k.",
    ),
    claim(
        PAPER, "sparse-hopfield-layers", "SparseHopfield, SparseHopfieldPooling, SparseHopfieldLayer",
        f"layers section ({_U})",
        r"Three layers mirror Ramsauer's with Sparsemax in place of Softmax: SparseHopfield$(R,Y)$, the attention of "
        r"the previous entry with learned $W_Q,W_K,W_V$; SparseHopfieldPooling$(Y)$, a learnable static query with a "
        r"fixed number of rows; SparseHopfieldLayer$(R)$, learnable stored patterns (lookup weights).",
        "reconstructed", "holds",
        hypotheses=(r"$\mathrm{one\ update}$", r"$V=KW_V$", r"$\mathrm{row}\mathrm{-}\mathrm{wise\ sparsemax}$"),
        check="deterministic",
        notes="Definitional. Check shapes, equivalence to one T step, and that the weights really come from "
              "sparsemax (exact zeros for well-separated scores): the authors' released layers apply softmax "
              "whatever mode is chosen, so they are no oracle.",
    ),
    claim(
        PAPER, "stored-retrieved-definition", r"Definition of stored and $\epsilon$-retrieved patterns", f"definition ({_U})",
        r"Each pattern $\xi_\mu$ lies in a ball $S_\mu$ of radius $R:=\frac{1}{2}\min_{\mu,\nu\in[M]}\Vert\xi_\mu-\xi_\nu\Vert$. "
        r"$\xi_\mu$ is stored if $\mathcal{T}$ has a generalized fixed point $x^\star_\mu\in S_\mu$ to which all limit "
        r"points of sequences started in $S_\mu$ converge, and $S_\mu\cap S_\nu=\emptyset$ for $\mu\ne\nu$. $\xi_\mu$ is "
        r"$\epsilon$-retrieved by $\mathcal{T}$ with $x$ if $\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq\epsilon$.",
        "reconstructed", "ill-defined",
        corrected=r"The minimum must run over $\mu\ne\nu$ (otherwise $R=0$); closed balls of radius "
                  r"$\frac{1}{2}\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert$ around the closest pair share their midpoint, "
                  r"so disjointness needs open balls or a radius $r<R$; $\mathcal{T}$ is single-valued, so a generalized "
                  r"fixed point is an ordinary fixed point; $\epsilon$-retrieval is a one-step error.",
        hypotheses=(r"$M\geq 2$", r"$\xi_\mu\ne\xi_\nu\ (\mu\ne\nu)$"),
        bounds={"radius_as_printed": B.separation_radius_as_printed,
                "exact_ball_threshold": B.exact_retrieval_ball_threshold},
        check="deterministic",
        notes="As written the radius is 0; with mu != nu the closed balls of the closest pair intersect. 'Stored' "
              "can be certified by hu2023/exact-one-step-retrieval (a deterministic proof); iterating from sampled "
              "ball points is statistical evidence only.",
    ),
    claim(
        PAPER, "retrieval-error-vs-dense", "Sparse error at most dense error on $S_\\mu$",
        'Theorem "Retrieval Error", part 1; coro:eps_sparse_dense',
        r"For all $x\in S_\mu$: $\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq\Vert\mathcal{T}_{\rm Dense}(x)-\xi_\mu\Vert$.",
        "reconstructed", "false-in-general",
        corrected=r"Derived special cases: for $M=2$ with $z_\mu\geq z_\nu$ the claim holds; if "
                  r"$\beta\tilde\Delta_\mu(x)\geq 1$ the sparse error is $0$; always, when $\xi_\mu$ has the top score, "
                  r"$\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm sp}_\mu)\leq 2m(1-p^{\rm soft}_\mu)$ "
                  r"(a comparison of bounds, not of errors).",
        hypotheses=(r"$x\in S_\mu(R)$", r"$\mathrm{the\ same}\ \beta\ \mathrm{for\ both\ maps}$", r"$\Vert\xi_\nu\Vert\leq m$",
                    r"$M\geq 3\ \mathrm{(general\ claim)}$"),
        bounds={"weight": B.retrieval_error_weight_bound, "weight_at": B.retrieval_error_weight_bound_at,
                "exact_gap_threshold": B.exact_retrieval_gap_threshold, "delta_at": B.retrieval_error_delta_at},
        check="counterexample search; statistical (reported); deterministic (special cases)",
        notes="Sparsemax never puts more total weight off xi_mu than softmax when xi_mu has the top score, but may "
              "concentrate it on one competitor, whereas softmax spreads it over competitors on different sides "
              "whose displacements partly cancel. Search sphere patterns, ball(mu, R) queries, beta log-uniform, "
              "from d = 2, M = 3 upward; maximise sparse error - dense error (= -delta).",
    ),
    claim(
        PAPER, "retrieval-error-sparsity-bound", "Sparsity-dependent explicit error bound",
        'Theorem "Retrieval Error", part 2',
        r"For $x\in S_\mu$: $\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq m+d^{1/2}m\beta\left[\kappa\left(\max_{\nu\in[M]}"
        r"\langle\xi_\nu,x\rangle-[\Xi^\top x]_{(\kappa)}\right)+\frac{1}{\beta}\right]$, where $[\Xi^\top x]_{(\kappa)}$ "
        r"is the $\kappa$-th largest score and $\kappa$ is the sparsemax support size.",
        "confirmed", "holds-but-vacuous",
        corrected=r"The right-hand side equals $m+\sqrt{d}\,m(1+\beta\kappa(z_{(1)}-z_{(\kappa)}))$ and satisfies "
                  r"$2m\leq m(1+\sqrt{d})\leq\mathrm{RHS}<m(1+\sqrt{d}(1+\kappa))$. Informative bound when $\xi_\mu$ has "
                  r"the top score: $\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm sp}_\mu)=\frac{2m}{\kappa}"
                  r"\left(\kappa-1-\beta\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right)\leq 2m\frac{\kappa-1}{\kappa}$.",
        hypotheses=(r"$x\in S_\mu$", r"$\kappa=\kappa(\beta z)\ \mathrm{with\ order\ statistics\ of}\ z$"),
        bounds={"published": B.retrieval_error_sparsity_bound_published,
                "published_at": B.retrieval_error_sparsity_bound_published_at,
                "floor": B.retrieval_error_sparsity_bound_floor, "ceiling": B.retrieval_error_sparsity_bound_ceiling,
                "corrected": B.retrieval_error_sparsity_bound_corrected,
                "corrected_at": B.retrieval_error_sparsity_bound_corrected_at,
                "support": B.retrieval_error_support_bound},
        check="deterministic",
        notes="RHS >= m(1 + sqrt d) >= 2m, the trivial bound, for every d >= 1; it does not vanish at kappa = 1 "
              "(true error 0) and its sqrt(d) comes from a loose norm conversion (||Xi p|| <= m ||p||_1 = m). "
              "Assert err <= 2m <= floor <= RHS < ceiling, record min RHS/(2m), assert the corrected identity; "
              "also evaluate with kappa from unscaled scores (kappa_from='unscaled').",
    ),
    claim(
        PAPER, "tighter-than-dense", "Headline: sparse bound provably tighter than dense", "abstract; contributions",
        r"The sparse model has a sparsity-dependent retrieval-error bound that is provably tighter than the dense "
        r"model's, and the paper identifies when sparsity helps. Readings: (R1) the bound of "
        r"hu2023/retrieval-error-sparsity-bound is at most the dense bound; (R2) the sparse error is at most the "
        r"dense error pointwise (hu2023/retrieval-error-vs-dense).",
        "confirmed", "false-in-general",
        corrected=r"For every $x$ at which $\xi_\mu$ has the top score, $\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq "
                  r"2m(1-p^{\rm sp}_\mu)\leq 2m(1-p^{\rm soft}_\mu)\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}$ (sparsemax's "
                  r"top weight is at least softmax's); for any other $x$ the last expression is at least $2m$.",
        hypotheses=(r"$\mathrm{the\ same}\ \beta\ \mathrm{for\ both\ maps}$",
                    r"$\tilde\Delta_\mu(x)\geq 0\ \mathrm{(for\ the\ chain)}$"),
        bounds={"sparse_published": B.retrieval_error_sparsity_bound_published,
                "sparse_published_at": B.retrieval_error_sparsity_bound_published_at,
                "dense_query": B.dense_error_bound_query, "dense_query_at": B.dense_error_bound_query_at,
                "weight": B.retrieval_error_weight_bound, "weight_at": B.retrieval_error_weight_bound_at},
        check="counterexample search (both readings); deterministic (corrected chain)",
        notes="Abstract, paraphrased. R1 fails whenever the dense bound is below m(1 + sqrt d) (large beta, "
              "separated patterns), since the explicit sparse bound never goes below that value. R2 is false in "
              "general. The corrected comparison and the top-weight lemma hold (assert with exact rational "
              "sparsemax too).",
    ),
    claim(
        PAPER, "noise-robustness", "Noise: linear (sparse) vs exponential (dense)", f"corollary ({_U})",
        r"Consider noise $\eta$ in the query ($\tilde x=x+\eta$) or in a memory ($\tilde\xi_\mu=\xi_\mu+\eta$). The noise "
        r"affects the sparse retrieval error linearly and the dense retrieval error exponentially.",
        "reconstructed", "holds-but-vacuous",
        corrected=r"Both maps are Lipschitz in the query: $\Vert T_{\rm sparse}(x+\eta)-T_{\rm sparse}(x)\Vert\leq"
                  r"\beta\Vert\Xi\Vert_2^2\Vert\eta\Vert$ and $\Vert T_{\rm dense}(x+\eta)-T_{\rm dense}(x)\Vert\leq"
                  r"\frac{\beta}{2}\Vert\Xi\Vert_2^2\Vert\eta\Vert$, so both errors change at most linearly in "
                  r"$\Vert\eta\Vert$.",
        hypotheses=(r"$\beta>0$", r"$x,\eta\in\mathbb{R}^d$"),
        bounds={"sparse_lipschitz": B.sparse_lipschitz_bound, "sparse_lipschitz_at": B.sparse_lipschitz_bound_at,
                "dense_lipschitz": B.dense_lipschitz_bound, "dense_lipschitz_at": B.dense_lipschitz_bound_at,
                "sparse_published": B.retrieval_error_sparsity_bound_published,
                "dense_query": B.dense_error_bound_query},
        check="deterministic (Lipschitz); reported measurement",
        notes="The statement describes the two bound expressions (explicit sparse bound affine in the scores, dense "
              "bound exponential); the linear sensitivity is that of the explicit sparse bound, which is never "
              "below the trivial 2m.",
    ),
    claim(
        PAPER, "faster-convergence", "Rapid convergence, fewer iterations than dense", f"abstract; remark ({_U})",
        r"The sparse model keeps the rapid fixed-point convergence of the dense model. Because of the "
        r"retrieval-error comparison, it also needs no more iterations than the dense model to reach a given accuracy.",
        "reconstructed", "unverified",
        corrected=r"Derived: $T_{\rm sparse}$ is piecewise affine; where $\kappa=1$ on an open region, "
                  r"$J_T=\beta\Xi(\mathrm{Diag}(s)-ss^\top/\kappa)\Xi^\top=0$, so such points reach a pattern in one "
                  r"step; the dense Jacobian $\beta\Xi(\mathrm{Diag}(p)-pp^\top)\Xi^\top$ is non-zero unless all patterns "
                  r"coincide. No general ordering of iteration counts is derived.",
        hypotheses=(r"$\mathrm{the\ same}\ \beta\ \mathrm{and\ starting\ point\ for\ both\ maps}$",),
        check="statistical (reported); deterministic (Jacobian)",
        notes="'Rapid convergence' is confirmed from the abstract; the iteration comparison is reconstructed and "
              "inherits the failure of hu2023/retrieval-error-vs-dense. Report paired iteration counts with a sign "
              "test and a CI for the median difference; assert J_T = 0 at interior kappa = 1 points.",
    ),
    claim(
        PAPER, "well-separation", r"Well-separation condition with $\delta$", f"lemma ({_U})",
        r"With the balls of hu2023/stored-retrieved-definition, $\mathcal{T}$ maps $S_\mu$ onto itself provided that "
        r"(1) $x\in S_\mu$ and (2) $\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta}\right)+2mR$, with "
        r"$\delta:=\Vert\mathcal{T}_{\rm Dense}-\xi_\mu\Vert-\Vert\mathcal{T}-\xi_\mu\Vert$.",
        "reconstructed", "holds",
        corrected=r"With $\delta_\mu:=\inf_{x\in S_\mu}\delta(x)$, $R+\delta_\mu>0$ and 'into' for 'onto': "
                  r"$\Vert T(x)-\xi_\mu\Vert=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\delta(x)\leq"
                  r"2m(M-1)e^{-\beta(\Delta_\mu-2mR)}-\delta_\mu\leq R$. Sufficient conditions without $\delta$: (A) "
                  r"$\Delta_\mu\geq\beta^{-1}\ln(2(M-1)m/R)+2mR$ gives $T_{\rm sparse}(S_\mu)\subseteq S_\mu$; (B) "
                  r"$\beta(\Delta_\mu-2mR)\geq 1$ gives $T_{\rm sparse}(S_\mu)=\{\xi_\mu\}$.",
        hypotheses=(r"$x\in S_\mu(R)$", r"$R+\delta_\mu>0$", r"$M\geq 2$"),
        bounds={"published": B.well_separation_threshold_published,
                "published_at": B.well_separation_threshold_published_at,
                "corrected": B.well_separation_threshold_corrected, "delta_at": B.retrieval_error_delta_at,
                "condition_A": B.dense_well_separation_threshold, "condition_B": B.exact_retrieval_ball_threshold},
        check="deterministic",
        notes="delta depends on x; the uniform delta_mu makes the condition circular (both maps over the whole "
              "ball). With R half the minimum distance and M >= 3 condition (2) fails for both patterns of the "
              "closest pair, so checks also use a radius r < R. Assert (A) and (B) on instances satisfying them "
              "(exact arithmetic for B).",
    ),
    claim(
        PAPER, "well-separation-weaker-than-dense", r"Sparse condition weaker than dense because $\delta\geq 0$",
        f"lemma/remark ({_U})",
        r"Since $\delta\geq 0$, condition (2) is weaker than the dense one (which has $R$ in place of $R+\delta$). So "
        r"the sparse model needs less separation.",
        "reconstructed", "false-in-general",
        corrected=r"The sparse model is certified by the union of (A), exactly the dense condition "
                  r"$\Delta_\mu\geq\beta^{-1}\ln(2(M-1)m/R)+2mR$, and (B) $\beta(\Delta_\mu-2mR)\geq 1$; (B) is strictly "
                  r"weaker than (A) whenever $R<2(M-1)m/e$. In this $\delta$-free form the sparse model needs no more "
                  r"separation than the dense one.",
        hypotheses=(r"$x\in S_\mu(R)$", r"$R+\delta_\mu>0$", r"$M\geq 2$"),
        bounds={"published": B.well_separation_threshold_published, "dense": B.dense_well_separation_threshold,
                "condition_B": B.exact_retrieval_ball_threshold, "delta_at": B.retrieval_error_delta_at},
        check="counterexample search; deterministic (corrected form)",
        notes="delta >= 0 fails wherever the sparse error exceeds the dense error (search shared with "
              "hu2023/retrieval-error-vs-dense); there the delta-condition is stronger than the dense one.",
    ),
    claim(
        PAPER, "capacity", "Memory capacity lower bound (Lambert W)", f"theorem/lemma ({_U})",
        r"Suppose storing and retrieving succeed with probability $1-p$. Then the number of patterns drawn from the "
        r"sphere of radius $m$ that the sparse model can store and retrieve satisfies $M\geq\sqrt{p}\,C^{(d-1)/4}$, where "
        r"$C=\frac{b}{W_0(\exp\{a+\ln b\})}$, $a:=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]"
        r"+1\right\}$, $b:=\frac{4m^2\beta}{5(d-1)}$.",
        "reconstructed", "ill-defined",
        corrected=r"For $p\in(0,1)$, $\sqrt{p}-1<0$, so $a$ is the logarithm of a negative number ($-\infty$ at $p=1$). "
                  r"Derived certificate: for patterns i.i.d. uniform on the sphere of radius $m$ and "
                  r"$\beta^{-1}+2mr\leq m^2$, with $\cos\varphi^\star=1-(\beta^{-1}+2mr)/m^2$: if "
                  r"$M(M-1)\,I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac{1}{2}\right)\leq 4p_{\rm f}$, then with "
                  r"probability at least $1-p_{\rm f}$ every pattern satisfies $T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}$, "
                  r"every pattern is a fixed point, and the balls are pairwise disjoint.",
        hypotheses=(r"$\xi_\mu\ \mathrm{i.i.d.\ uniform\ on\ the\ sphere\ of\ radius}\ m$", r"$p\in(0,1)$",
                    r"$\beta\ \mathrm{sufficiently\ large}$", r"$R,\ \delta\ \mathrm{as\ in\ the\ well}\mathrm{-}"
                    r"\mathrm{separation\ lemma}$"),
        bounds={"a_published": B.capacity_a_published, "b_published": B.capacity_b_published,
                "C_published": B.capacity_constant_published, "lower_bound_published": B.capacity_lower_bound_published,
                "lambert": B.lambert_capacity_constant, "ramsauer_c": B.ramsauer_capacity_constant,
                "ramsauer_lower_bound": B.ramsauer_capacity_lower_bound,
                "certificate_failure_probability": B.capacity_certificate_failure_probability,
                "certificate_patterns": B.capacity_certificate_patterns},
        check="deterministic (domain, Lambert identity, published values); statistical (derived certificate)",
        notes="The factor 4 vs 2, the '+1' and (sqrt p - 1) must be confirmed; the exponential capacity itself is "
              "confirmed from the abstract. C = b/W0(e^{a + ln b}) is the unique positive root of b/C = a + ln C "
              "(sound form). Ramsauer's Theorem 3 values c = 3.1546 and 1.3718 reproduce the Lambert form; his b "
              "is half the printed sparse b in package notation (m = K sqrt(d - 1)). Statistical check: at the "
              "largest M admitted by the certificate, the one-sided 99% Clopper-Pearson lower bound of the "
              "all-certified probability must be >= 1 - p_f (d <= 12 on CPU).",
    ),
    claim(
        PAPER, "capacity-vs-dense", "Sparse capacity bound at least the dense one", f"same result ({_U})",
        r"For sufficiently large $\beta$, the sparse lower bound is at least the dense one, $M\geq M_{\rm Dense}$. The "
        r"dense bound uses $R$ in place of $R+\delta$.",
        "reconstructed", "ill-defined",
        corrected=r"No corrected ordering is claimed: the argument is the monotonicity of $C$ in $a$, it needs "
                  r"$\delta\geq 0$ uniformly, and both constants $a$ are ill-defined as printed. The derived sparse "
                  r"certificate of hu2023/capacity is reported next to Ramsauer's dense bound, with no order asserted.",
        hypotheses=(r"$\xi_\mu\ \mathrm{i.i.d.\ uniform\ on\ the\ sphere\ of\ radius}\ m$", r"$p\in(0,1)$",
                    r"$\beta\ \mathrm{sufficiently\ large}$"),
        bounds={"a_published": B.capacity_a_published, "C_published": B.capacity_constant_published,
                "lower_bound_published": B.capacity_lower_bound_published,
                "a_dense": B.capacity_a_dense_as_quoted, "C_dense": B.capacity_constant_dense_as_quoted,
                "lower_bound_dense": B.capacity_lower_bound_dense_as_quoted,
                "certificate_patterns": B.capacity_certificate_patterns,
                "ramsauer_lower_bound": B.ramsauer_capacity_lower_bound},
        check="deterministic; counterexample search",
        notes="Compares two bounds that are undefined as printed; any repair keeping delta needs delta >= 0, which "
              "fails in general (search shared with hu2023/well-separation-weaker-than-dense).",
    ),
    claim(
        PAPER, "exact-one-step-retrieval", r"Exact one-step retrieval beyond a score gap of $1/\beta$", "—",
        r"Not in the paper. Derived statement: if $\beta\tilde\Delta_\mu(x)\geq 1$, then "
        r"$\mathrm{sparsemax}(\beta\Xi^\top x)=e_\mu$ and $T_{\rm sparse}(x)=\xi_\mu$ exactly; if "
        r"$\beta(\Delta_\mu-r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert)\geq 1$, then $T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}$, "
        r"and in particular $\beta(\Delta_\mu-2mr)\geq 1$ suffices; $\xi_\mu$ is a fixed point whenever "
        r"$\beta\Delta_\mu\geq 1$.",
        "derived", "holds",
        hypotheses=(r"$\beta>0$", r"$x\in S_\mu(r)$"),
        bounds={"gap_threshold": B.exact_retrieval_gap_threshold, "ball_threshold": B.exact_retrieval_ball_threshold,
                "ball_threshold_sharp": B.exact_retrieval_ball_threshold_sharp,
                "ball_threshold_at": B.exact_retrieval_ball_threshold_at},
        check="deterministic",
        notes="Proof: sparsemax is one-hot iff the top gap is at least 1 (margin 1), and on S_mu(r) "
              "query_sep >= Delta_mu - r max_{nu != mu} ||xi_mu - xi_nu||. Check in exact rational arithmetic at "
              "beta * query_sep = 1 (one-hot) and just below (not), and on sampled balls satisfying the ball "
              "condition (every point maps to xi_mu exactly).",
    ),
    claim(
        PAPER, "aux-optimization-tools", "Danskin, Zangwill, CCCP as used in the proofs", f"appendix ({_U})",
        r"Danskin: for $\phi(z)=\max_{p\in\mathcal{C}}f(p,z)$ with $\mathcal{C}$ compact, $f(p,\cdot)$ differentiable and "
        r"a unique maximiser $p^\star(z)$, $\nabla\phi(z)=\nabla_zf(p^\star(z),z)$. Zangwill: if the iterates of "
        r"$x_{t+1}\in A(x_t)$ lie in a compact set, a continuous $\phi$ satisfies $\phi(y)<\phi(x)$ for "
        r"$x\notin\Gamma$, $y\in A(x)$ and $\phi(y)\leq\phi(x)$ for $x\in\Gamma$, and $A$ is closed outside $\Gamma$, "
        r"then every limit point lies in $\Gamma$. CCCP: for $f$ convex and $g$ convex and differentiable, "
        r"$x_{t+1}\in\arg\min_x f(x)-\langle\nabla g(x_t),x\rangle$ decreases $f-g$, and limit points are stationary.",
        "reconstructed", "holds",
        hypotheses=(r"$\mathrm{as\ stated\ in\ each\ result}$",),
        bounds={"sufficient_decrease_bound": B.sufficient_decrease_bound},
        check="deterministic",
        notes="Yuille and Rangarajan 2003; Sriperumbudur and Lanckriet 2009. Verify the conditions as the proofs "
              "use them: unique maximiser of <p, z> - Omega(p) (strict convexity), conv Xi compact, T continuous, "
              "CCCP decreases the energy on sampled instances.",
    ),
    claim(
        PAPER, "aux-angle-inequality", r"$1-\cos\alpha\geq\alpha^2/5$ on $[0,\pi]$", f"appendix ({_U})",
        r"$1-\cos\alpha\geq\alpha^2/5$ for $\alpha\in[0,\pi]$. It is used to turn a minimal pairwise angle "
        r"$\alpha_{\min}$ into $\Delta_{\min}\geq m^2(1-\cos\alpha_{\min})\geq m^2\alpha_{\min}^2/5$.",
        "reconstructed", "holds",
        corrected=r"Holds: $(1-\cos\alpha)/\alpha^2=\frac{1}{2}\left(\frac{\sin(\alpha/2)}{\alpha/2}\right)^2$ is "
                  r"decreasing on $(0,\pi]$ and its minimum $2/\pi^2$ exceeds $1/5$.",
        hypotheses=(r"$\alpha\in[0,\pi]$",),
        bounds={"lower": B.angle_cosine_lower_bound},
        check="deterministic",
        notes="The presence of this inequality in the paper is itself uncertain. Check: certified interval "
              "evaluation over [0, pi] and the SymPy monotonicity argument.",
    ),
    claim(
        PAPER, "limitations-complexity", r'Limitations: "$O(d^2)$" complexity; sparsity not characterised',
        f"conclusion ({_U})",
        r"Like the dense model, the sparse model has $O(d^2)$ complexity, caused by the sparsity-inducing "
        r"normalisation. Because the model is general, the effect of data-dependent sparsity on retrieval error, "
        r"well-separation and capacity cannot be characterised rigorously.",
        "reconstructed", "unverified",
        corrected=r"One retrieval step costs $\Theta(dM)$ per query plus the map ($O(M\log M)$ for sort-based "
                  r"sparsemax, $O(M)$ expected with selection); $L$ queries cost $\Theta(LMd)$; self-attention over a "
                  r"length-$L$ sequence is quadratic in $L$.",
        check="measurement (reported)",
        notes="Paraphrased from a third-party summary. '$O(d^2)$' is probably a slip for 'quadratic in sequence "
              "length'; the meaning of d must be confirmed. Report times and operation counts against d and M "
              "separately with fitted log-log slopes.",
    ),
    claim(
        PAPER, "experiments-retrieval", "Retrieval experiments: sparse at least as good as dense", "experiments section",
        r"Retrieval success (a cosine-based error below a threshold) is measured against the number of stored "
        r"patterns, with half-masked queries, and against Gaussian noise, on MNIST and CIFAR-10 (possibly also "
        r"Tiny-ImageNet and synthetic data), with the dense model and a polynomial separation function as "
        r"baselines. The sparse model matches or beats the baselines, most clearly on sparse data (MNIST rather "
        r"than CIFAR-10).",
        "reconstructed", "unverified",
        hypotheses=(r"$\mathrm{the\ same}\ \beta\ \mathrm{for\ sparse\ and\ dense}$",
                    r"$\mathrm{the\ same\ success\ criterion}$"),
        check="statistical (reported, no assertion)",
        notes="No numbers from the paper are used. Report success-rate curves with Clopper-Pearson intervals for "
              "T_sparse and T_dense at equal beta on synthetic sparse and dense families, plus a variant with the "
              "released validation settings (whose 'sparsemax' curve is the identity separation and whose dense "
              "curve uses beta = 1000 on normalised scores).",
    ),
    claim(
        PAPER, "experiments-mil", "Multiple-instance-learning experiments", "experiments section",
        r"Tasks: bit-pattern bags; MNIST bags with digit 9 as the positive class; CIFAR-10 bags (camera-ready); "
        r"the real-world sets Tiger, Fox, Elephant and UCSB breast cancer. Claims: sparse Hopfield pooling converges "
        r"faster and is more accurate for large bags, and is competitive in test AUC with mi-Net, MI-Net and its "
        r"variants, ABMIL, gated ABMIL and dense Hopfield pooling. The camera-ready version adds entmax-1.5 and "
        r"learnable-$\alpha$ (GSH) variants.",
        "reconstructed", "unverified",
        hypotheses=(r"$\mathrm{the\ layer\ really\ applies\ sparsemax}$",),
        check="none in the default suite",
        notes="Outside the theorem-check suite; recorded for completeness. Table values are not used. Any "
              "reproduction must use a layer verified to apply sparsemax (hu2023/sparse-hopfield-layers); the "
              "released MIL layers compute dense attention.",
    ),
)
