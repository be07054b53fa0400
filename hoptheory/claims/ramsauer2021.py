r"""Claim records of Ramsauer et al. (2021), *Hopfield Networks is All You Need*.

One :class:`~hoptheory.claims.ClaimRecord` per row of the catalogue's summary table, in its
order, written with :func:`~hoptheory.claims.claim`.  Statements are in hoptheory notation (memories :math:`\xi_\mu` as columns of
:math:`\Xi`, :math:`M` patterns, largest norm :math:`m`, query :math:`x`); every LaTeX string
is written so that matplotlib's mathtext renders it (``\leq`` for ``\le``, ``\|`` for
``\lVert``, braces after ``\frac`` and font commands).  The bound functions come from
:mod:`hoptheory.bounds.ramsauer2021`.
"""

from __future__ import annotations

from ..bounds import ramsauer2021 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="ramsauer2021", title="Hopfield Networks is All You Need", venue="ICLR", year=2021,
              arxiv="2008.02217", version="v3",
              authors="H. Ramsauer, B. Schäfl, J. Lehner, P. Seidl, M. Widrich, T. Adler, L. Gruber, M. Holzleitner, "
                      "M. Pavlović, G. K. Sandve, V. Greiff, D. Kreil, M. Kopp, G. Klambauer, J. Brandstetter, "
                      "S. Hochreiter")


_WELLSEP = r"$\Delta_\mu\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln\left(2(M-1)M\beta m^2\right)$"
_RMAX = r"\max\{\|x-\xi_\mu\|,\|x_\mu^*-\xi_\mu\|\}"

RECORDS = (
    claim(PAPER, "lse-convexity", "Log-sum-exp: convexity, gradient, Hessian", "App. Lemmas A22/A24",
       r"For $\beta>0$, $\mathrm{lse}(\beta,z)=\beta^{-1}\ln\sum_{\mu=1}^M e^{\beta z_\mu}$ is convex in $z$, "
       r"$\nabla_z\mathrm{lse}=\mathrm{softmax}(\beta z)=:p$ and "
       r"$\nabla_z^2\mathrm{lse}=\beta(\mathrm{diag}\,p-pp^\top)\succeq 0$.",
       "confirmed", "holds",
       hypotheses=(r"$\beta>0$", r"$z\in\mathbb{R}^M,\ M\geq 1$"),
       notes="Standard convex analysis; checks: SymPy gradient/Hessian (M = 2, 3, 4), 1^T p = 1, "
             "Hessian PSD with null vector 1, shift identity lse(z + t1) = lse(z) + t."),
    claim(PAPER, "entropy-lse-conjugacy", "Entropic regulariser and lse are convex conjugates", "—",
       r"With $\Omega(p)=\beta^{-1}\sum_\mu p_\mu\ln p_\mu+\iota_{\Delta^{M-1}}(p)$: "
       r"$\Omega^*(z)=\sup_p\{\langle p,z\rangle-\Omega(p)\}=\mathrm{lse}(\beta,z)$, the maximiser is "
       r"$\mathrm{softmax}(\beta z)$, $\mathrm{lse}(\beta,\cdot)^*=\Omega$, hence $T(x)=\Xi\,\nabla\Omega^*(\Xi^\top x)$.",
       "derived", "holds",
       hypotheses=(r"$\beta>0$", r"$\iota_{\Delta^{M-1}}$ is the indicator of the simplex"),
       notes="Legendre-Fenchel duality; not stated in the paper. Check: symbolic conjugate (M = 2, 3), "
             "SLSQP maximisation, Fenchel-Young inequality with equality at softmax.",
       derivation=[("Conjugate of the Shannon negentropy, $n=3$", "symbolic.conjugate(symbolic.Shannon(), 3)")]),
    claim(PAPER, "energy-forms", "Energy and its Gaussian-mixture form", "Eq. (2); App. Eq. (27)",
       r"$E(x)=-\mathrm{lse}(\beta,\Xi^\top x)+\frac{1}{2}x^\top x+\beta^{-1}\ln M+\frac{1}{2}m^2"
       r"=-\beta^{-1}\ln\left(\frac{1}{M}\sum_{\mu=1}^M e^{-\frac{1}{2}\beta(m^2-\|\xi_\mu\|^2)}"
       r"e^{-\frac{1}{2}\beta\|\xi_\mu-x\|^2}\right)$",
       "confirmed", "holds", corrected=r"$\nabla E(x)=x-T(x)$ (derived corollary)",
       hypotheses=(r"$\beta>0$", r"$M\geq 1$", r"$m=\max_\mu\|\xi_\mu\|$"),
       notes="Algebraic identity; check both forms symbolically (d = 2, M <= 3) and in the log domain, "
             "gradient against central finite differences.",
       derivation=[(r"Energy $H_\beta$ of the Shannon model, $d=2$, $M=3$", "symbolic.energy(symbolic.Shannon(), 2, 3)")]),
    claim(PAPER, "energy-bounds", "Energy is non-negative and bounded on the hull", "Lemma A1",
       r"$E(x)\geq 0$ for all $x$ (equality when all memories coincide and $x$ equals them); for "
       r"$x\in\mathrm{conv}\{\xi_\mu\}$: $E(x)\leq\beta^{-1}\ln M+\frac{1}{2}m^2$ and $E(x)\leq 2m^2$.",
       "confirmed", "holds",
       hypotheses=(r"$\beta>0$", r"upper bounds: $x\in\mathrm{conv}\{\xi_\mu\}$"),
       bounds=(B.energy_upper_bound_hull, B.energy_upper_bound_hull_quadratic),
       notes="The mixture form makes E >= 0 immediate; lse(beta, z) >= beta^{-1} ln M + min z gives E <= 2m^2."),
    claim(PAPER, "update-rule", "Update rule, hull invariance, gradient form", "Eq. (3)",
       r"$x^{\mathrm{new}}=T(x):=\Xi\,p(x)=\Xi\,\mathrm{softmax}(\beta\Xi^\top x)$; after one update $x$ lies in "
       r"the convex hull of the memories, so $\|x\|\leq m$, and all later iterates stay in the hull.",
       "confirmed", "holds",
       corrected=r"$T(x)=\nabla_x\mathrm{lse}(\beta,\Xi^\top x)=x-\nabla E(x)$ (derived)",
       hypotheses=(r"$\beta>0$",),
       notes="Check p >= 0, 1^T p = 1, ||T(x)|| <= m and the gradient identity (finite differences, SymPy)."),
    claim(PAPER, "cccp-descent", "Global convergence of the energy (CCCP)", "Theorem 1 (A1)",
       r"For $x_{t+1}=T(x_t)$, $E(x_t)\to E(x^*)$ for some fixed point $x^*$; with $E_1(x)=\frac{1}{2}x^\top x$ "
       r"(convex), $E_2(x)=-\mathrm{lse}(\beta,\Xi^\top x)$ (concave) and "
       r"$E_C(x,x_t)=E_1(x)+E_2(x_t)+(x-x_t)^\top\nabla E_2(x_t)$: "
       r"$E(x_{t+1})\leq E_C(x_{t+1},x_t)\leq E_C(x_t,x_t)=E(x_t)$.",
       "confirmed", "holds",
       corrected=r"$E(x_t)-E(x_{t+1})\geq\frac{1}{2}\|x_{t+1}-x_t\|^2$ (derived sufficient decrease)",
       hypotheses=(r"$\beta>0$", r"any $x_0\in\mathbb{R}^d$"),
       notes="Check: SymPy minimiser of E_C equals T(x_t); monotone decrease and sufficient decrease on "
             ">= 50-step trajectories from Q4/Q5 starts."),
    claim(PAPER, "stationary-points", "Convergence to stationary points", "Theorem 2 (A2)",
       r"Along $x_{t+1}=T(x_t)$: $E(x_t)\to E^*=E(x^*)$ for a stationary point $x^*$, "
       r"$\|x_{t+1}-x_t\|\to 0$, the limit points form a connected compact subset of "
       r"$\mathcal{L}(E^*)=\{x\in\mathcal{L}:E(x)=E^*\}$ (a single point if $\mathcal{L}(E^*)$ is finite), and "
       r"$E$ decreases strictly unless $x_t$ is stationary.",
       "confirmed", "holds",
       corrected=r"$\sum_t\|x_{t+1}-x_t\|^2\leq 2(E(x_0)-\inf E)\leq 2E(x_0)$ (derived)",
       hypotheses=(r"$\beta>0$",),
       notes="Stationary = fixed point since grad E = x - T(x). Check residual ||x_t - T(x_t)|| -> 0, "
             "strict decrease, cumulative squared steps <= 2E(x_0)."),
    claim(PAPER, "jacobian-bound", "Jacobian of the update and its norm bound", "Lemma A2",
       r"$J(x)=\beta\,\Xi(\mathrm{diag}\,p-pp^\top)\Xi^\top$ is symmetric PSD; with $s:=\max_\mu p_\mu(1-p_\mu)$: "
       r"$\|J\|_2\leq 2\beta\|\Xi\|_2^2s\leq 2\beta Mm^2s$; if $p_{\max}\geq 1-\epsilon$: "
       r"$\|J\|_2\leq 2\beta Mm^2\epsilon-2\epsilon^2\beta Mm^2<2\beta Mm^2\epsilon$.",
       "confirmed", "holds",
       corrected=r"the refined bound $2\beta Mm^2(\epsilon-\epsilon^2)$ needs $1-p_{\max}\leq\epsilon\leq\frac{1}{2}$ "
                 r"or $\epsilon=1-p_{\max}$; the coarse $2\beta Mm^2\epsilon$ holds for every $\epsilon\geq 1-p_{\max}$",
       hypotheses=(r"$\beta>0$", r"refined form: $1-p_{\max}\leq\epsilon\leq\frac{1}{2}$ or $\epsilon=1-p_{\max}$"),
       bounds=(B.jacobian_norm_bound_spectral, B.jacobian_norm_bound_coarse, B.jacobian_norm_bound_concentrated,
               B.jacobian_norm_bound_refined_published, B.jacobian_norm_bound_refined_corrected,
               B.jacobian_norm_bound_coarse_at, B.jacobian_norm_bound_refined_at),
       notes="Gershgorin on diag p - pp^T and ||Xi||_2^2 <= M m^2. A loose epsilon > 1/2 can make the "
             "published refined form underestimate s."),
    claim(PAPER, "separation-identities", "Separation identities and query separation", "Definition 2",
       r"$\Delta_\mu=\min_{\nu\ne\mu}\frac{1}{2}\left(\|\xi_\mu\|^2-\|\xi_\nu\|^2+\|\xi_\mu-\xi_\nu\|^2\right)$; "
       r"with equal norms $\Delta_\mu=\frac{1}{2}\min_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|^2$; on the sphere of radius $m$ "
       r"$\Delta_{\min}=m^2(1-\cos\alpha_{\min})$; "
       r"$\tilde\Delta^\star(x)=\max_\mu\left(\langle x,\xi_\mu\rangle-\max_{\nu\ne\mu}\langle x,\xi_\nu\rangle\right)\geq 0$.",
       "confirmed", "holds",
       corrected=r"$\tilde\Delta_\mu(x)\geq\Delta_\mu-\|x-\xi_\mu\|\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|"
                 r"\geq\Delta_\mu-2m\|x-\xi_\mu\|$ (derived separation transfer)",
       hypotheses=(r"$M\geq 2$",),
       bounds=(B.query_separation_lower_bound, B.query_separation_lower_bound_coarse,
               B.query_separation_lower_bound_at, B.query_separation_lower_bound_coarse_at),
       notes="Identities (SymPy and numeric) and the transfer inequality for every mu."),
    claim(PAPER, "global-fixed-point", "Unique global fixed point for small beta", "Lemma A3",
       r"With $\bar\xi:=\frac{1}{M}\sum_\mu\xi_\mu$ and $r_c:=\max_\mu\|\xi_\mu-\bar\xi\|$: "
       r"$\|J(x)\|_2\leq\beta r_c^2$ for every $x$; if $\beta r_c^2<1$, $T$ is a contraction with a unique "
       r"fixed point in every compact set.",
       "confirmed", "holds",
       corrected=r"$J=\beta\,\mathrm{Cov}_{p(x)}(\xi)$; the fixed point is unique on $\mathbb{R}^d$ (derived)",
       hypotheses=(r"$\beta>0$", r"fixed-point part: $\beta r_c^2<1$"),
       bounds=(B.global_jacobian_bound, B.global_contraction_rate, B.global_contraction_rate_at),
       notes="Check the norm bound at Q4 points, agreement of limits from >= 8 starts, rate beta r_c^2."),
    claim(PAPER, "softmax-concentration", "One update concentrates on the least-separated pattern", "Lemma A4",
       r"Let $\mu$ maximise $\langle x,\xi_\mu\rangle-\max_{\nu\ne\mu}\langle x,\xi_\nu\rangle$ with value "
       r"$\tilde\Delta^\star(x)$ and $\epsilon=(M-1)e^{-\beta\tilde\Delta^\star(x)}$. Then "
       r"$\|\xi_\mu-T(x)\|\leq 2\epsilon m$, $p_\mu\geq 1-\epsilon$ and $p_\nu\leq\epsilon/(M-1)$ for $\nu\ne\mu$.",
       "confirmed", "holds",
       corrected=r"the three inequalities hold for every $\mu$ with $\tilde\Delta_\mu(x)$; sharper: "
                 r"$\|\xi_\mu-T(x)\|\leq(1-p_\mu)\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|$ (derived)",
       hypotheses=(r"$\beta>0$", r"$M\geq 2$"),
       bounds=(B.concentration_epsilon, B.concentration_error_bound, B.concentration_weight_lower_bound,
               B.concentration_competitor_weight_bound, B.concentration_error_bound_sharp,
               B.concentration_error_bound_at),
       notes="p_nu <= p_nu/p_mu = exp(beta <x, xi_nu - xi_mu>)."),
    claim(PAPER, "sphere-self-map", "Well-separation and invariance of S_mu, radius 1/(beta M m)", "Definition 3, Lemma A5",
       r"With $S_\mu$ of radius $1/(\beta Mm)$ and " + _WELLSEP + r": $x\in S_\mu$ implies $T(x)\in S_\mu$, via "
       r"$\|\xi_\mu-T(x)\|\leq 2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m\leq 1/(\beta Mm)$.",
       "confirmed", "holds",
       hypotheses=(r"$\beta>0$", r"$M\geq 2$", _WELLSEP),
       bounds=(B.sphere_radius, B.well_separation_threshold, B.sphere_self_map_error_bound,
               B.well_separation_threshold_at, B.sphere_self_map_error_bound_at),
       notes="Follows from the separation transfer with ||x - xi_mu|| <= 1/(beta M m)."),
    claim(PAPER, "sphere-contraction", "Contraction and fixed point inside S_mu", "Lemmas A6, A7; App. Eqs. (180), (183)",
       r"Under Lemma A5's condition: $\|J^{\mathrm{m}}\|_2\leq 1-2(M-1)^2e^{-2\beta(\Delta_\mu+2/(\beta M))}\beta Mm^2<1$ "
       r"on $S_\mu$; $T$ has a unique fixed point $x_\mu^*\in S_\mu$; near it "
       r"$\|J^{\mathrm{m}}\|_2\leq 2\beta Mm^2(M-1)\exp\left(-\beta(\Delta_\mu-2" + _RMAX + r"m)\right)$, a contraction "
       r"whenever $\Delta_\mu>2" + _RMAX + r"m+\beta^{-1}\ln(2(M-1)M\beta m^2)$; and "
       r"$\|T(x)-x_\mu^*\|\leq\frac{\|J^{\mathrm{m}}\|_2}{1-\|J^{\mathrm{m}}\|_2}\|x-T(x)\|$.",
       "confirmed", "holds",
       hypotheses=(_WELLSEP, r"a-posteriori bound: $\|J^{\mathrm{m}}\|_2<1$ on the segment from $x$ to $x_\mu^*$"),
       bounds=(B.sphere_contraction_bound, B.mean_value_jacobian_bound, B.contraction_separation_threshold,
               B.a_posteriori_error_bound, B.mean_value_jacobian_bound_at),
       notes="Check: all starts in S_mu reach one x*; empirical ratio ||T(x)-T(y)||/||x-y|| <= Lemma A6 bound."),
    claim(PAPER, "metastable-states", "Fixed points near averages of similar patterns", "Lemmas A8–A12",
       r"For the first $l$ memories with $\bar\xi_l$, $r_l$, $\gamma:=\sum_{\mu>l}p_\mu\leq\epsilon$, "
       r"$\Delta_{\mathrm{meta}}:=\bar\xi_l^\top\bar\xi_l-\max_{\nu>l}\bar\xi_l^\top\xi_\nu$ and "
       r"$S_{\mathrm{meta}}:=\{x:\|x-\bar\xi_l\|\leq 1/(\beta r_l)\}$: "
       r"$\|J\|_2\leq\beta\left((1-\gamma)r_l^2+2\gamma(2-\gamma)m^2\right)\leq\beta\left(r_l^2+2\epsilon(2-\epsilon)m^2\right)$ "
       r"(Lemma A8); $T$ has a fixed point in $S_{\mathrm{meta}}$ if "
       r"$\Delta_{\mathrm{meta}}\geq\frac{2m}{\beta r_l}-\frac{1}{\beta}\ln\frac{1-\beta r_l^2}{2\beta(M-l)m\max\{r_l,2m\}}$ "
       r"and $\beta r_l^2\leq 1$ (Lemma A12).",
       "confirmed", "holds",
       corrected=r"the second condition must be strict, $\beta r_l^2<1$ (at equality the logarithm's argument is 0)",
       hypotheses=(r"$1\leq l<M$", r"$\gamma\leq\epsilon\leq 1$", r"$\beta r_l^2<1$ and the $\Delta_{\mathrm{meta}}$ condition"),
       bounds=(B.metastable_jacobian_bound, B.metastable_jacobian_bound_eps, B.metastable_radius,
               B.metastable_separation_threshold_published, B.metastable_separation_threshold_corrected,
               B.metastable_separation_threshold_at),
       notes="Published threshold is ill-defined at beta r_l^2 = 1 although its printed hypothesis allows it."),
    claim(PAPER, "master-inequality", "Master inequality for storing all patterns", "App. Eqs. (302)–(311)",
       r"Lemma A5's condition holds for every $\mu$ if $\Delta_{\min}\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln(2M^2\beta m^2)$; "
       r"the spheres $S_\mu$ are disjoint if moreover $1<2(M-1)M\beta m^2$; on the sphere of radius $m$ the "
       r"condition reads $m^2(1-\cos\alpha_{\min})\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln(2M^2\beta m^2)$.",
       "confirmed", "holds",
       hypotheses=(r"$M\geq 2$", r"$\beta>0$"),
       bounds=(B.master_inequality_threshold, B.master_inequality_margin_sphere, B.sphere_disjointness_margin,
               B.master_inequality_threshold_at),
       notes="Disjointness: ||xi_mu - xi_nu||^2 >= Delta_mu + Delta_nu and ||xi_mu - xi_nu|| <= 2m."),
    claim(PAPER, "placed-patterns", "Capacity for placed patterns", "Theorems A3, A4",
       r"With $\beta=1$: $m=2\sqrt{d-1}$, $d\geq 4$ (or $m=1.7\sqrt{d-1}$, $d\geq 50$) stores $M=2^{2(d-1)}$ "
       r"memories; $m=5\sqrt{d-1}$, $d\geq 3$ (or $m=4\sqrt{d-1}$, $d\geq 13$) stores $M=2^{3(d-1)}$; the proofs "
       r"place $(2\pi/\alpha_{\min})^{d-1}$ points with pairwise angle at least $\alpha_{\min}$, "
       r"$\alpha_{\min}=\pi/2$ (A3) and $\pi/4$ (A4).",
       "confirmed", "false-in-general",
       corrected=None,
       hypotheses=(r"$\beta=1$", r"$m=K\sqrt{d-1}$ with the listed $(K,d)$ ranges"),
       bounds=(B.placed_patterns_required_count, B.spherical_code_cap_bound, B.spherical_code_rankin_bound,
               B.master_inequality_margin_sphere),
       check="counterexample search",
       notes="Packing premise false: at most 2d points with pairwise angles >= pi/2 (Rankin); the cap bound "
             "rules out 8^(d-1) points at pi/4. Conclusions unproven; never an oracle."),
    claim(PAPER, "min-angle-tail", "Tail bound on the minimal angle of random points", "Lemma A13",
       r"For $M$ i.i.d. uniform points on $S^{d-1}$, $\kappa_d:=\frac{\Gamma((d+1)/2)}{d\sqrt{\pi}\,\Gamma(d/2)}$ and "
       r"$\delta>0$ with $\frac{\kappa_{d-1}}{2}\delta^{d-1}\leq 1$: "
       r"$\Pr\left(M^{2/(d-1)}\alpha_{\min}\geq\delta\right)\geq 1-\frac{\kappa_{d-1}}{2}\delta^{d-1}$.",
       "confirmed", "holds",
       hypotheses=(r"$d\geq 2$", r"points i.i.d. uniform on the sphere"),
       bounds=(B.kappa_constant, B.min_angle_tail_bound), check="statistical",
       notes="After Brauchart et al., Prop. 3.5. One-sided exact binomial, 99%, Bonferroni over the delta grid."),
    claim(PAPER, "kappa-bounds", "Bounds on the constant kappa_d", "Lemma A14",
       r"$\frac{1}{e^{1/6}\sqrt{e\pi d}}\leq\kappa_d\leq\frac{e^{1/12}}{\sqrt{2\pi d}}<1$.",
       "confirmed", "holds", hypotheses=(r"$d\geq 1$",),
       bounds=(B.kappa_constant, B.kappa_lower_bound, B.kappa_upper_bound),
       notes="Check with log-gamma for d = 1..10^4 and certified intervals."),
    claim(PAPER, "cosine-bound", "cos x <= 1 - x^2/5 on [0, pi]", "Lemma A15",
       r"$\cos x\leq 1-x^2/5$ for $x\in[0,\pi]$.",
       "confirmed", "holds", hypotheses=(r"$x\in[0,\pi]$",), bounds=(B.cosine_upper_bound,),
       notes="g(x) = 1 - x^2/5 - cos x: g(0) = 0, g' has one zero in (0, pi), g(pi) > 0; interval grid."),
    claim(PAPER, "capacity-lambert", "Exponential storage capacity (Lambert W)", "Theorem 3 (A5)",
       r"Let $0<p\leq 1$, $\beta>0$, $K>0$, $d\geq 2$ and $M$ memories i.i.d. uniform on the sphere of radius "
       r"$m:=K\sqrt{d-1}$; $a:=\frac{2}{d-1}\left(1+\ln(2\beta K^2p(d-1))\right)$, $b:=\frac{2K^2\beta}{5}$, "
       r"$c:=\frac{b}{W_0(\exp(a+\ln b))}$. If $c\geq(2/\sqrt{p})^{4/(d-1)}$, then with probability $1-p$ the number "
       r"of storable memories satisfies $M\geq\sqrt{p}\,c^{\frac{d-1}{4}}$. Published: $c=3.1546$ for "
       r"$(\beta,K,d,p)=(1,3,20,0.001)$ ($a+\ln b>1.27$) and $c=1.3718$ for $(1,1,75,0.001)$ ($a+\ln b<-0.94$).",
       "confirmed", "holds",
       corrected=r"with $M=\lfloor\sqrt{p}\,c^{(d-1)/4}\rfloor\geq 2$, with probability $\geq 1-p$ the master "
                 r"inequality holds and every memory is stored with spheres of radius $1/(\beta Mm)$ (derived reading)",
       hypotheses=(r"$0<p\leq 1$", r"$\beta>0$", r"$K>0$", r"$d\geq 2$", r"$c\geq(2/\sqrt{p})^{4/(d-1)}$"),
       bounds=(B.capacity_a, B.capacity_b, B.capacity_lambert_argument, B.capacity_constant, B.capacity_threshold,
               B.capacity_memories),
       check="deterministic; statistical",
       notes="Constants reproducible; the guarantee is conservative. c >= threshold is exactly M >= 2.",
       example={"beta": 1.0, "K": 3.0, "d": 20.0, "p_fail": 0.001}),
    claim(PAPER, "capacity-lambert-free", "Capacity constant without Lambert W", "Corollary A1",
       r"With $a,b$ of Theorem A5 and $\Omega:=W_0(1)$: "
       r"$c:=b\left[\ln\frac{\Omega e^{a+\ln b}+1}{\Omega(1+\Omega)}\right]^{-1}$ if $a+\ln b\leq 0$ and "
       r"$c:=b\,(a+\ln b)^{-\frac{a+\ln b}{a+\ln b+1}}$ if $a+\ln b>0$; if $c\geq(2/\sqrt{p})^{4/(d-1)}$ then with "
       r"probability $1-p$, $M\geq\sqrt{p}\,c^{(d-1)/4}$. Published: $c\geq 3.1444$ for $(1,3,20,0.001)$ and "
       r"$c\geq 1.2585$ for $(1,1,75,0.001)$.",
       "confirmed", "holds",
       hypotheses=(r"as in Theorem A5",),
       bounds=(B.capacity_constant_lambert_free, B.capacity_memories_lambert_free,
               B.lambert_upper_bound_nonpositive, B.lambert_upper_bound_positive),
       notes="Uses W_0(e^u) <= ln((e^u + y)/(1 + ln y)), y = 1/Omega (u <= 0) and W_0(e^u) <= u^{u/(1+u)} "
             "(u > 0); c_lf <= c of Theorem A5. The formula jumps at u = 0 (Omega vs 1 in the denominator).",
       example={"beta": 1.0, "K": 3.0, "d": 20.0, "p_fail": 0.001}),
    claim(PAPER, "capacity-dimension", "Capacity condition solved for the dimension", "Theorem A6",
       r"With $a:=\frac{\ln c}{2}-\frac{K^2\beta}{5c}$, $b:=1+\ln(2p\beta K^2)$ and $d:=1+\frac{1}{a}W(ae^{-b})$ "
       r"($W_0$ if $a>0$, $W_{-1}$ if $a<0$; $d:=1+e^{-b}$ if $a=0$): if $c\geq(2/\sqrt{p})^{4/(d-1)}$ and "
       r"$ae^{-b}\geq -1/e$, then with probability $1-p$, $M\geq\sqrt{p}\,c^{(d-1)/4}$.",
       "confirmed", "holds",
       corrected=r"Theorem A5's condition is equivalent to $\ln(d-1)+a(d-1)+b\leq 0$; $d$ is a root of "
                 r"$\ln(d-1)+a(d-1)+b=0$ (derived)",
       hypotheses=(r"$c\geq(2/\sqrt{p})^{4/(d-1)}$", r"$ae^{-b}\geq -1/e$"),
       bounds=(B.capacity_dimension_a, B.capacity_dimension_b, B.capacity_dimension, B.capacity_dimension_from_ab,
               B.capacity_dimension_root_principal, B.capacity_dimension_root_lower_branch,
               B.capacity_dimension_residual),
       notes="For a > 0 the residual increases in d; for a < 0 it is concave with two roots (W_0, W_{-1})."),
    claim(PAPER, "capacity-dimension-bound", "Elementary bound on the dimension for a < 0", "Corollary A2",
       r"For $a<0$ (constants of Theorem A6): $d>1+\frac{-\ln(-a)+b}{a}$.",
       "confirmed", "holds-but-vacuous",
       corrected=r"in the validity region $ae^{-b}\in[-1/e,0)$, $\ln(-a)-b\leq -1$, so the bound is at most "
                 r"$1+1/a<1$ (derived)",
       hypotheses=(r"$a<0$", r"$ae^{-b}\geq -1/e$"),
       bounds=(B.capacity_dimension_bound, B.capacity_dimension_bound_from_ab,
               B.capacity_dimension_root_principal, B.capacity_dimension_root_lower_branch),
       check="deterministic; counterexample search",
       notes="As a bound it holds but says nothing; read as a sufficient condition it fails between the roots.",
       example={"beta": 1.0, "K": 3.0, "c": 2.0, "p_fail": 0.001}),
    claim(PAPER, "capacity-dimension-example", "Worked example of Corollary A2", "Corollary A2 (example)",
       r"$(\beta,K,c,p)=(1,3,2,0.001)$ yields $d<24$.",
       "confirmed", "incorrect-example",
       corrected=r"at these parameters $ae^{-b}<-1/e$; $\ln(d-1)+a(d-1)+b\leq 0$ for every $d$; the binding "
                 r"constraint $c\geq(2/\sqrt{p})^{4/(d-1)}$ bounds $d$ from below ($d\geq 24.93$)",
       hypotheses=(r"$(\beta,K,c,p)=(1,3,2,0.001)$",),
       bounds=(B.capacity_dimension_a, B.capacity_dimension_b, B.capacity_dimension_bound,
               B.capacity_dimension_residual, B.capacity_dimension_threshold),
       notes="Smallest integer d with c >= (2/sqrt(p))^(4/(d-1)) is 25; '<24' is most likely a direction typo.",
       example={"beta": 1.0, "K": 3.0, "c": 2.0, "p_fail": 0.001, "d": 24.0}),
    claim(PAPER, "expected-min-angle", "Lower bound on the expected minimal angle", "Lemma A16",
       r"For $M$ i.i.d. uniform points on $S^{d-1}$: $\mathbb{E}\left[M^{2/(d-1)}\alpha_{\min}\right]\geq C_{d-1}$, "
       r"$C_n:=\left(\frac{\Gamma((n+1)/2)}{2n\sqrt{\pi}\,\Gamma(n/2)}\right)^{-\frac{1}{n}}"
       r"\frac{\Gamma(1+\frac{1}{n})\,(n+1)^{-1/n}}{\Gamma(2+\frac{1}{n})}$ (the bracket equals $\kappa_n/2$).",
       "confirmed", "holds", hypotheses=(r"$d\geq 2$", r"points i.i.d. uniform"),
       bounds=(B.expected_angle_constant, B.expected_min_angle_lower_bound), check="statistical",
       notes="One-sided 99% upper confidence bound of the Monte Carlo mean must be >= C_{d-1}."),
    claim(PAPER, "expected-angle-constant", "Elementary lower bound on C_n", "Lemma A17",
       r"$C_n\geq 1-\frac{\ln(n+1)}{n}$.",
       "confirmed", "holds",
       corrected=r"statement fine; proof typos: $(n+1)^{1/n}$ should be $(n+1)^{-1/n}$ and "
                 r"$\Gamma(1+\frac{1}{n})/\Gamma(2+\frac{1}{n})=1/(1+\frac{1}{n})$",
       hypotheses=(r"$n\geq 1$",),
       bounds=(B.expected_angle_constant, B.expected_angle_constant_lower_bound),
       notes="Check with log-gamma for n = 1..10^4 and the large-n expansion."),
    claim(PAPER, "capacity-expected-separation", "Capacity for the expected minimal separation", "Theorem A7",
       r"For every $c\geq 1$ with $\frac{1}{5}(d-1)K^2c^{-1}\left(1-\frac{\ln(d-1)}{d-1}\right)^2\geq"
       r"\frac{2}{\beta c^{(d-1)/4}}+\frac{1}{\beta}\ln\left(2c^{(d-1)/2}\beta(d-1)K^2\right)$, $M=c^{(d-1)/4}$ "
       r"memories on the sphere of radius $m=K\sqrt{d-1}$ are stored, provided the minimal separation equals its "
       r"expected-value bound.",
       "confirmed", "holds",
       corrected=r"the chain of Lemmas A15, A16 and the master inequality gives $C_{d-1}^2$ in place of the squared "
                 r"bracket; Lemma A17 at $n=d-1$ gives $1-\ln d/(d-1)$; no probability guarantee (derived)",
       hypotheses=(r"$c\geq 1$", r"$\beta>0$", r"$K>0$", r"$d\geq 3$"),
       bounds=(B.expected_capacity_margin_published, B.expected_capacity_margin_derived,
               B.expected_capacity_margin_lemma_a17, B.expected_angle_constant),
       notes="Deterministic implication at the expected separation; check C_{d-1} >= 1 - ln(d-1)/(d-1).",
       example={"beta": 1.0, "K": 3.0, "c": 2.0, "d": 17.0}),
    claim(PAPER, "capacity-expected-example", "Worked example of Theorem A7", "Theorem A7 (example)",
       r"The condition of Theorem A7 holds with $\beta=1$, $K=3$, $c=2$ and every $d\geq 17$.",
       "confirmed", "incorrect-example",
       corrected=r"with the printed formula the condition first holds at $d=21$ (and for all larger $d$ up to 200); "
                 r"with $C_{d-1}$ from $d=14$",
       hypotheses=(r"$(\beta,K,c)=(1,3,2)$",),
       bounds=(B.expected_capacity_margin_published, B.expected_capacity_margin_derived,
               B.expected_capacity_margin_lemma_a17),
       notes="Paper-fidelity test expected to fail: 'd >= 17' is inconsistent with the computed threshold.",
       example={"beta": 1.0, "K": 3.0, "c": 2.0, "d": 17.0}),
    claim(PAPER, "one-step-retrieval", "Retrieval with one update", "Theorem 4 (A8)",
       r"$\|T(x)-x_\mu^*\|\leq\|J^{\mathrm{m}}\|_2\,\|x-x_\mu^*\|$ with "
       r"$J^{\mathrm{m}}=\int_0^1J(\lambda x+(1-\lambda)x_\mu^*)\,d\lambda$, and "
       r"$\|J^{\mathrm{m}}\|_2\leq 2\beta Mm^2(M-1)\exp\left(-\beta(\Delta_\mu-2" + _RMAX + r"m)\right)$; hence one "
       r"update gives $\|T(x)-x_\mu^*\|<\epsilon$ for large enough $\Delta_\mu$.",
       "confirmed", "holds",
       hypotheses=(r"$\beta>0$", r"$x_\mu^*$ is a fixed point of $T$"),
       bounds=(B.mean_value_jacobian_bound, B.one_step_retrieval_error_bound, B.mean_value_jacobian_bound_at,
               B.one_step_retrieval_error_bound_at),
       notes="Both inequalities hold for every x and fixed point (mean-value identity + Lemma A2 + transfer)."),
    claim(PAPER, "exp-small-error", "Exponentially small retrieval error", "Theorem 5 (A9)",
       r"$\|T(x)-\xi_\mu\|\leq 2(M-1)\exp\left(-\beta(\Delta_\mu-2" + _RMAX + r"m)\right)m$; if moreover "
       r"$\|\xi_\mu-x_\mu^*\|\leq\frac{1}{2\beta m}$ and $\|\xi_\mu-x\|\leq\frac{1}{2\beta m}$, then "
       r"$\|\xi_\mu-x_\mu^*\|\leq 2e(M-1)m\,e^{-\beta\Delta_\mu}$.",
       "confirmed", "holds",
       corrected=r"the one-step error obeys the same bound under the same preconditions; the proof's intermediate "
                 r"is $\epsilon\leq e(M-1)e^{-\beta\Delta_\mu}$ (no factor $m$) (derived)",
       hypotheses=(r"$\beta>0$", r"$M\geq 2$",
                   r"second part: $\|\xi_\mu-x_\mu^*\|\leq\frac{1}{2\beta m}$ and $\|\xi_\mu-x\|\leq\frac{1}{2\beta m}$"),
       bounds=(B.retrieval_error_bound_published, B.fixed_point_offset_bound, B.fixed_point_epsilon_bound,
               B.retrieval_error_bound_published_at, B.fixed_point_offset_bound_at),
       notes="Record how many instances meet the preconditions so a vacuous run is visible."),
    claim(PAPER, "gaussian-separation-moments", "Moments of the separation of Gaussian vectors", "remark with Theorem 4",
       r"For independent $x,y\sim\mathcal{N}(0,I_d)$: $\mathbb{E}[x^\top x-x^\top y]=d$ and "
       r"$\mathrm{Var}[x^\top x-x^\top y]=3d$.",
       "confirmed", "holds", hypotheses=(r"independent standard Gaussian vectors",),
       bounds=(B.gaussian_separation_mean, B.gaussian_separation_variance),
       check="deterministic (symbolic); statistical sanity check",
       notes="Var(x^T x) = 2d, Var(x^T y) = d, zero covariance."),
    claim(PAPER, "attention-correspondence", "Hopfield update equals transformer attention", "Eq. (10)",
       r"With $Q=RW_Q$, $K=YW_K$, $V=YW_KW_V$, $\beta=1/\sqrt{d_k}$ and row-wise softmax: "
       r"$Z=\mathrm{softmax}(\beta QK^\top)V=\mathrm{softmax}(\beta RW_QW_K^\top Y^\top)\,YW_KW_V$.",
       "confirmed", "holds",
       corrected=r"with $\Xi:=K^\top$ and $X:=Q^\top$: $Z^\top=W_V^\top\,\Xi\,\mathrm{softmax}(\beta\Xi^\top X)$ "
                 r"(column-wise softmax), each output row is $W_V^\top T(x_s)$ (derived)",
       hypotheses=(r"$\beta=1/\sqrt{d_k}$ for the transformer reading; any $\beta>0$ for the identity",),
       notes="In the paper W_V multiplies after W_K; standard transformers use V = Y W_V."),
    claim(PAPER, "demircigil-binary", "Binary exponential-interaction capacity (cited)", "Theorem A10",
       r"For binary memories i.i.d. uniform on $\{\pm 1\}^d$, $F(z)=e^z$, $M=e^{\alpha d}+1$ with "
       r"$0<\alpha<\ln 2/2$ and queries within Hamming distance $\varrho d$ ($\varrho\in[0,\frac{1}{2})$): the "
       r"probability that some bit of some memory is not restored by one update tends to 0 as $d\to\infty$ if "
       r"$\alpha<I(1-2\varrho)/2$, $I(a)=\frac{1}{2}\left((1+a)\ln(1+a)+(1-a)\ln(1-a)\right)$.",
       "confirmed", "unverified",
       hypotheses=(r"as stated (cited from Demircigil et al., 2017)",),
       bounds=(B.demircigil_rate_function, B.demircigil_exponent_threshold),
       check="statistical (informational only)",
       notes="Asymptotic and outside the continuous-state scope; a finite Monte Carlo is informational."),
)
