r"""Claim records of Demircigil, Heusel, Löwe, Upgang and Vermet (2017), *On a Model of Associative Memory with
Huge Storage Capacity*.

The bounds live in :mod:`hoptheory.bounds.demircigil2017` (the rate function and the exponent
threshold are those of :mod:`hoptheory.bounds.ramsauer2021`, which cites the same theorem).
"""

from __future__ import annotations

from ..bounds import demircigil2017 as B
from ..bounds import krotov2016 as K
from ..bounds import ramsauer2021 as R
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="demircigil2017", title="On a Model of Associative Memory with Huge Storage Capacity",
              venue="J. Stat. Phys. 168", year=2017, arxiv="1702.01929",
              authors="M. Demircigil, J. Heusel, M. Löwe, S. Upgang, F. Vermet")

_ASYMPTOTIC = ("Asymptotic (d -> infinity), so unverified; unverified rather than the suspected holds because no "
               "finite d can confirm a limit. ")

RECORDS = (
    claim(
        PAPER, "exponential-capacity",
        r"Exponential interaction: capacity $\approx2^{d/2}$",
        "label unconfirmed",
        r"With $F(z)=e^z$, $E(\sigma)=-\sum_\mu\exp(\langle\xi_\mu,\sigma\rangle)=-\exp(\mathrm{lse}(1,\Xi^\top\sigma))$. "
        r"The capacity is about $2^{d/2}$ patterns, and the basins of attraction are almost as large as in the "
        r"classical model.",
        "reconstructed",
        "holds",
        hypotheses=(r"random $\pm1$ patterns", r"$d\to\infty$"),
        bounds=[B.demircigil_exponential_capacity],
        check="deterministic, statistical",
        notes=_ASYMPTOTIC + "Checked: the energy identity against log-sum-exp, 2^{d/2} against exact integers, "
        "and at d = 16 that the first memory is a fixed point with probability >= 0.9 at M = 2^{d/2}/2.",
    ),
    claim(
        PAPER, "capacity-with-errors",
        r"Capacity with $\rho d$ corrupted bits",
        "label unconfirmed",
        r"Take $M=\exp(\alpha d)+1$ random patterns. Retrieval from $\rho d$ corrupted bits succeeds with high "
        r"probability if $\alpha<\frac{1}{2}I(1-2\rho)$, $I(x)=\frac{1}{2}[(1+x)\ln(1+x)+(1-x)\ln(1-x)]$. "
        r"$\rho=0$ gives $\alpha<\frac{1}{2}\ln2$, i.e. $2^{d/2}$.",
        "reconstructed",
        "holds",
        hypotheses=(r"$0\le\rho<\frac{1}{2}$", r"$d\to\infty$"),
        bounds=[R.demircigil_rate_function, R.demircigil_exponent_threshold, B.demircigil_capacity_with_errors],
        check="deterministic, statistical",
        notes=_ASYMPTOTIC + "Checked: I against mpmath, I(1) = ln 2, I increasing on [0, 1], and at d = 30 with "
        "3 corrupted bits that one asynchronous sweep restores the memory with probability >= 0.9 at "
        "M = exp(d I(1-2rho)/2) + 1.",
    ),
    claim(
        PAPER, "polynomial-capacity",
        "Polynomial case, fixed-point capacity",
        "label unconfirmed",
        r"For $F(z)=z^n$, $M=\alpha_nd^{n-1}/\ln d$ patterns are fixed points with high probability if "
        r"$\alpha_n<1/(2(2n-3)!!)$; consistent with krotov2016/capacity.",
        "reconstructed",
        "holds",
        hypotheses=(r"$n\ge2$", r"$d\to\infty$"),
        bounds=[B.demircigil_polynomial_alpha, B.demircigil_polynomial_capacity, K.krotov_capacity_error_free],
        check="deterministic, statistical",
        notes=_ASYMPTOTIC + "Checked: at the threshold alpha_n the load equals krotov2016's error-free capacity "
        "(exact oracle), and at n = 4, d = 24 the first memory is a fixed point with probability >= 0.9 at half "
        "the threshold.",
    ),
)
