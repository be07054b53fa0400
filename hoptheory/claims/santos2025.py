r"""Claim records of Santos et al., *Hopfield–Fenchel–Young Networks* (arXiv:2411.08590).

One :class:`~hoptheory.claims.ClaimRecord` per claim ID of the catalogue, in its order.  The
statements are paraphrased from the abstract (confirmed); the package forms are derived.
"""

from __future__ import annotations

from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="santos2025", title="Hopfield–Fenchel–Young Networks: A Unified Framework for Associative "
              "Memory Retrieval", venue="arXiv preprint (journal version 2025)", year=2025, arxiv="2411.08590",
              version="v1 (November 2024)",
              authors="S. Santos, V. Niculae, D. McNamee, A. F. T. Martins")

RECORDS = (
    claim(
        PAPER, "post-transform-energy",
        "HFY: difference of two Fenchel–Young losses; post-transforms",
        "label unconfirmed",
        r"The energies are differences of two Fenchel–Young losses: one, parameterised by a generalized entropy, "
        r"defines the scoring; the other applies a post-transformation to the Hopfield output. Tsallis and norm "
        r"entropies are covered, and $\ell_2$-normalisation and layer normalisation arise as post-transformations.",
        "confirmed",
        "holds",
        corrected=(
            r"Derived: $H(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\Upsilon(x)$ with $\Upsilon$ closed and convex; "
            r"CCCP step $x_{t+1}=\nabla\Upsilon^\star(\Xi\hat y_\Omega(\beta\Xi^\top x_t))$ and $H(x_{t+1})\le H(x_t)$; "
            r"$\Upsilon=\frac{1}{2}\lVert\cdot\rVert^2+\iota_{\{\lVert y\rVert\le\rho\}}$ gives "
            r"$\nabla\Upsilon^\star(v)=v\min(1,\rho/\lVert v\rVert)$."
        ),
        hypotheses=(r"$\Upsilon$ closed and convex, with a unique minimiser in the CCCP step",),
        notes="The placement of Ψ versus Ψ* in the paper's notation is not checked against this update. Check: "
        "sufficient decrease for the quadratic and ball post-transforms; the ball post-transform against SLSQP.",
    ),
    claim(
        PAPER, "layernorm-post-transform",
        "HFY: layer normalisation as a post-transform",
        "label unconfirmed",
        r"Layer normalisation arises as a post-transformation.",
        "confirmed",
        "unverified",
        corrected=(
            r"Candidate (derived): $\Upsilon=\iota_C$, $C=\{y:\mathbf{1}^\top y=0,\ \lVert y\rVert\le\sqrt d\}$; "
            r"$\arg\max_{y\in C}\langle y,v\rangle=\sqrt d\,(v-\bar v\mathbf{1})/\lVert v-\bar v\mathbf{1}\rVert$ "
            r"(layer normalisation without affine parameters), and CCCP with this $\Upsilon$ decreases $H$."
        ),
        hypotheses=(r"$v$ not constant",),
        notes="The construction in the paper is unconfirmed, so the verdict is unverified; the derived candidate "
        "is tested (LayerNorm formula, SLSQP over C, decrease of H).",
    ),
)
