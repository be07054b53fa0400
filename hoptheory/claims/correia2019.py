r"""Claim records of Correia, Niculae & Martins, *Adaptively Sparse Transformers* (EMNLP 2019).

The derivative of α-entmax with respect to α, *reconstructed* from reference implementations.
"""

from __future__ import annotations

from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="correia2019", title="Adaptively Sparse Transformers", venue="EMNLP", year=2019,
              arxiv="1909.00015", authors="G. M. Correia, V. Niculae, A. F. T. Martins")

RECORDS = (
    claim(
        PAPER, "alpha-gradient",
        r"Derivative of $\alpha$-entmax with respect to $\alpha$",
        "label unconfirmed",
        r"With $p=\alpha\text{-entmax}(z)$ on support $S$, $s_i=p_i^{2-\alpha}$ on $S$ (zero elsewhere), "
        r"$\tilde p=s/\sum_js_j$ and $h_i=-p_i\log p_i$ (zero off $S$): "
        r"$\frac{\partial p}{\partial\alpha}=\frac{p-\tilde p}{(\alpha-1)^2}+\frac{h-\tilde p\sum_jh_j}{\alpha-1}$.",
        "reconstructed",
        "holds",
        hypotheses=(r"$\alpha>1$", r"the support is locally constant in $\alpha$"),
        notes="Check: mpmath central differences in α (50 digits) away from support changes.",
    ),
)
