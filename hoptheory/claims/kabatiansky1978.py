r"""Claim record of the Kabatiansky–Levenshtein upper bound on the size of spherical codes (1978).

The bound lives in :mod:`hoptheory.bounds.spherical_codes`.
"""

from __future__ import annotations

from ..bounds import spherical_codes as S
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="kabatiansky1978", year=1978, venue="Problems of Information Transmission 14",
              title="Bounds for packings on a sphere and in space",
              authors="G. A. Kabatiansky, V. I. Levenshtein")

RECORDS = (
    claim(
        PAPER, "kl-upper-bound",
        "Kabatiansky–Levenshtein upper bound on code size",
        "—",
        r"For $0<\theta<\pi/2$, $A(d,\theta)\le2^{\,d(\rho(\theta)+o(1))}$ with "
        r"$\rho(\theta)=\frac{1+\sin\theta}{2\sin\theta}\log_2\frac{1+\sin\theta}{2\sin\theta}"
        r"-\frac{1-\sin\theta}{2\sin\theta}\log_2\frac{1-\sin\theta}{2\sin\theta}$.",
        "reconstructed",
        "holds",
        hypotheses=(r"$0<\theta<\pi/2$", r"asymptotic in $d$"),
        bounds=[S.kl_exponent],
        check="deterministic",
        notes="Classical. Checked: $\\rho(\\theta)\\ge-\\log_2\\sin\\theta$ on a grid of angles (both rates "
              "re-evaluated at 50 digits from the angle); the rates of optimiser-found codes are reported.",
    ),
)
