r"""Claim records of Blondel, Martins & Niculae, *Learning with Fenchel–Young Losses* (JMLR 2020).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue of related results
(section A, Fenchel–Young machinery), in its order.  Every "as published" statement is
*reconstructed* from secondary descriptions (labels unconfirmed); the corrected forms are
hoptheory's own derivations.  The bound functions live in :mod:`hoptheory.bounds.blondel2020`.
"""

from __future__ import annotations

from ..bounds import blondel2020 as B
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="blondel2020", title="Learning with Fenchel–Young Losses", venue="Journal of Machine Learning Research 21",
              year=2020, arxiv="1901.02324", version="JMLR 2020; an earlier version is AISTATS 2019, arXiv:1805.09717",
              authors="M. Blondel, A. F. T. Martins, V. Niculae")

_SEPARABLE = (r"$\Omega(p)=\sum_ig(p_i)$ on $\Delta^M$, $g$ strictly convex and differentiable on $(0,1]$",
              r"$g'$ invertible on $(0,1]$")

RECORDS = (
    claim(
        PAPER, "prediction-map-gradient",
        r"Regularized prediction map is the gradient of $\Omega^\star$",
        "label unconfirmed",
        r"For a convex regulariser $\Omega$ with $\mathrm{dom}\,\Omega\subseteq\Delta^M$, the map "
        r"$\hat y_\Omega(\theta)=\mathrm{argmax}_{p\in\mathrm{dom}\,\Omega}\langle\theta,p\rangle-\Omega(p)$ equals "
        r"$\nabla\Omega^\star(\theta)$ when $\Omega$ is strictly convex (Danskin).",
        "reconstructed", "holds",
        hypotheses=(r"$\Omega$ proper, closed and strictly convex on $\Delta^M$",),
        notes="Danskin's theorem. Check: central differences of the closed-form conjugates against the maps "
        "(Shannon, Tsallis alpha in {1.25, 1.5, 2, 3} and random, gamma-normmax), mpmath re-evaluation; the "
        "closed forms against SLSQP maximisation over the simplex.",
        derivation=[(r"The conjugate of the Tsallis negentropy, $\alpha=3/2$, $M=2$",
                     "symbolic.conjugate(symbolic.Tsallis('3/2'), 2)")],
    ),
    claim(
        PAPER, "fy-loss",
        "Fenchel–Young loss: non-negativity, zero set, gradient",
        "label unconfirmed",
        r"$L_\Omega(\theta;y):=\Omega^\star(\theta)+\Omega(y)-\langle\theta,y\rangle$ satisfies $L_\Omega\ge0$ (the "
        r"Fenchel–Young inequality); $L_\Omega=0$ iff $y=\hat y_\Omega(\theta)$ for strictly convex $\Omega$; it is "
        r"convex in $\theta$; and $\nabla_\theta L_\Omega(\theta;y)=\hat y_\Omega(\theta)-y$.",
        "reconstructed", "holds",
        corrected=(
            r"Derived (the zero set, quantitatively): $L_\Omega(\theta;y)\ge D_\Omega(y,\hat y_\Omega(\theta))$, the "
            r"Bregman divergence of $\Omega$, with equality when $\mathrm{supp}\,y\subseteq\mathrm{supp}\,\hat y_\Omega(\theta)$; "
            r"$D_\Omega(y,\hat y)>0$ for $y\ne\hat y$ since $g$ is strictly convex (Shannon: $L=\mathrm{KL}(y\Vert\mathrm{softmax}(\theta))$)."
        ),
        hypotheses=(r"$y\in\Delta^M$", r"$\Omega$ as in blondel2020/prediction-map-gradient"),
        notes="Check: the Fenchel-Young inequality with equality at the map, the Bregman lower bound, midpoint "
        "convexity (exact along theta + c 1), the gradient by central differences, and the entmax library's loss "
        "formula (transcribed: the library is not installed) for L(theta; e_k), with Omega(e_k) = 0.",
    ),
    claim(
        PAPER, "separable-threshold",
        r"Separable $\Omega$: threshold form and bisection bracket",
        "label unconfirmed",
        r"Let $\Omega(p)=\sum_ig(p_i)$ on $\Delta^M$, $g$ strictly convex and differentiable on $(0,1]$. Then "
        r"$\hat y_\Omega(\theta)_i=(g')^{-1}(\max\{\theta_i-\tau,\,g'(0)\})$ with $\tau$ the unique scalar such that "
        r"$\sum_i\hat y_i=1$; $\tau\in[\max_i\theta_i-g'(1),\,\max_i\theta_i-g'(1/M)]$ and bisection on that bracket "
        r"computes it. For Tsallis the reference code uses $\tilde g(t)=(t^\alpha-\alpha t)/(\alpha(\alpha-1))$, "
        r"$\tilde g'(t)=(t^{\alpha-1}-1)/(\alpha-1)$, $(\tilde g')^{-1}(s)=(1+(\alpha-1)s)^{1/(\alpha-1)}$.",
        "reconstructed", "holds",
        corrected=(
            r"Derived: the package's $g(t)=(t^\alpha-t)/(\alpha(\alpha-1))$ differs from $\tilde g$ by the linear term "
            r"$t/\alpha$, which changes neither $\hat y$ nor $g'(1)-g'(0)$; at $\tau=\max\theta-g'(1)$ the top coordinate "
            r"is 1 and at $\tau=\max\theta-g'(1/M)$ every coordinate is at most $1/M$; after $k$ halvings the error "
            r"is at most $(g'(1)-g'(1/M))/2^k$."
        ),
        hypotheses=_SEPARABLE,
        bounds=[B.threshold_bracket_width, B.tsallis_bracket_width, B.bisection_error_bound],
        notes="Check: residual signs at the bracket ends and the bracket width (tight at uniform and one-hot "
        "outputs), the bisection map against the exact algorithms (sparsemax, sort-based 1.5-entmax, softmax, "
        "entmax) and SLSQP, both Tsallis generators, the certified error after k halvings against mpmath thresholds.",
    ),
    claim(
        PAPER, "margin",
        r"Margin $\lambda_\Omega=g'(1)-g'(0)$; Tsallis margin $1/(\alpha-1)$",
        "label unconfirmed",
        r"$L_\Omega$ has margin $\lambda$ if $L_\Omega(\theta;e_k)=0$ whenever $\theta_k\ge\lambda+\max_{j\ne k}\theta_j$. "
        r"For separable $\Omega$ with $g'(0)>-\infty$ the smallest margin is $g'(1)-g'(0)$; if $g'(0)=-\infty$ there "
        r"is no finite margin.",
        "reconstructed", "holds",
        corrected=(
            r"Derived: for $\Omega$ with one-sided derivatives at the vertex $e_k$, $\hat y_\Omega(\theta)=e_k$ iff "
            r"$\theta_k-\partial_k\Omega(e_k)\ge\theta_j-\partial_j\Omega(e_k)$ for all $j\ne k$; for symmetric $\Omega$, "
            r"$\lambda_\Omega=\partial_k\Omega(e_k)-\partial_j\Omega(e_k)$. Tsallis $\alpha>1$: $1/(\alpha-1)$; sparsemax: 1; "
            r"softmax: none; in the scaling $(\sum_ip_i^\alpha-1)/(\alpha-1)$ the Tsallis margin is $\alpha/(\alpha-1)$."
        ),
        hypotheses=(r"$\Omega$ symmetric (permutation-invariant) and convex, with finite one-sided derivatives at the vertices",),
        bounds=[B.separable_margin, B.tsallis_margin, B.tsallis_margin_alpha_scaled],
        notes="Check: at gap exactly lambda the output is e_k and at lambda - eps it is not, in exact rational "
        "arithmetic (KKT at the vertex) and for the package maps; the margin found from the map by bisection; "
        "g'(1) - g'(0) in SymPy; normmax (non-separable) through the vertex condition; softmax never one-hot.",
        derivation=[(r"The Tsallis negentropy, $\alpha=3/2$ (its margin $g'(1)-g'(0)$)", "symbolic.Tsallis('3/2')")],
    ),
    claim(
        PAPER, "sparsity-criterion",
        r"Sparse outputs iff $g'(0)>-\infty$",
        "label unconfirmed",
        r"For separable $\Omega$, $\hat y_\Omega$ can output zero coordinates iff $g'(0)>-\infty$: Shannon has "
        r"$g'(0)=-\infty$, so softmax always has full support; Tsallis with $\alpha>1$ has $g'(0)$ finite, so its "
        r"outputs can be sparse.",
        "reconstructed", "holds",
        hypotheses=_SEPARABLE,
        notes="Check: g'(0+) as a SymPy limit per family; in 50-digit arithmetic the zero coordinates are exactly "
        "those with theta_i - tau <= g'(0) (none for softmax), on scores with large gaps.",
    ),
)
