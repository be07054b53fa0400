r"""Claim records of Krotov and Hopfield, *Dense Associative Memory for Pattern Recognition* (NeurIPS 2016).

The bounds live in :mod:`hoptheory.bounds.krotov2016`; the network (``dense_energy``,
``dense_async_sweep``) in :mod:`hoptheory.models`.
"""

from __future__ import annotations

from ..bounds import hopfield1982 as H
from ..bounds import krotov2016 as B
from ..bounds import mceliece1987 as Mc
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="krotov2016", title="Dense Associative Memory for Pattern Recognition", venue="NeurIPS",
              year=2016, arxiv="1606.01164", authors="D. Krotov, J. J. Hopfield")

RECORDS = (
    claim(
        PAPER, "energy-update",
        "Dense associative memory energy and update",
        "label unconfirmed",
        r"Energy $E(\sigma)=-\sum_\mu F(\langle\xi_\mu,\sigma\rangle)$ with $F(z)=z^n$ or the rectified polynomial "
        r"($z^n$ for $z>0$, $0$ otherwise); update "
        r"$\sigma_l\leftarrow\mathrm{sgn}\big[\sum_\mu F(\langle\xi_\mu,\sigma^{(l+)}\rangle)-F(\langle\xi_\mu,\sigma^{(l-)}\rangle)\big]$, "
        r"where $\sigma^{(l\pm)}$ is $\sigma$ with $\sigma_l=\pm1$.",
        "reconstructed",
        "holds",
        corrected=r"Derived: each asynchronous update chooses the sign of lower energy, so $E$ does not increase.",
        hypotheses=(r"$\sigma\in\{\pm1\}^d$",),
        notes="Check: after every single-unit update, the energy equals the smaller of the brute-force energies "
        "of the two candidate states (exact integers for polynomial F), and never increases.",
    ),
    claim(
        PAPER, "capacity",
        "Polynomial-interaction capacity",
        "label unconfirmed",
        r"Error-free retrieval: $M\simeq\frac{d^{n-1}}{2(2n-3)!!\log d}$; with a small error fraction "
        r"$M\simeq\alpha_nd^{n-1}$, $\alpha_n$ set by the error threshold; $n=2$ recovers $d/(2\log d)$ and $0.14d$.",
        "reconstructed",
        "holds",
        hypotheses=(r"$d\to\infty$", r"random $\pm1$ patterns", r"$n\ge2$"),
        bounds=[B.double_factorial_odd, B.krotov_capacity_error_free, B.krotov_capacity_small_error,
                Mc.mceliece_capacity_most, H.hopfield_capacity],
        check="deterministic, statistical",
        notes="Asymptotic, so unverified: the check evaluates the formulas against exact rationals (double "
        "factorials), the n = 2 consistency with mceliece1987 and hopfield1982, and decides at n = 3, d = 40 that "
        "the first memory is a fixed point with probability >= 0.9 at half the error-free capacity. Unverified "
        "rather than the suspected holds because no finite d can confirm a limit.",
    ),
)
