r"""Claim record of the Chabauty–Shannon–Wyner lower bound on the size of spherical codes
(Chabauty 1953; Shannon 1959; Wyner 1965).

The bounds live in :mod:`hoptheory.bounds.spherical_codes`.
"""

from __future__ import annotations

from ..bounds import spherical_codes as S
from ._record import Paper, claim

__all__ = ["PAPER", "RECORDS"]

PAPER = Paper(key="wyner1965", year=1965, venue="Bell System Technical Journal 44",
              title="Capabilities of bounded discrepancy decoding", authors="A. D. Wyner")

RECORDS = (
    claim(
        PAPER, "csw-lower-bound",
        "Chabauty–Shannon–Wyner lower bound on code size",
        "—",
        r"For fixed $0<\theta<\pi/2$, as $d\to\infty$, "
        r"$A(d,\theta)\ge(1+o(1))\,\sqrt{2\pi d}\,\frac{\cos\theta}{\sin^{d-1}\theta}$.",
        "reconstructed",
        "holds",
        hypotheses=(r"$0<\theta<\pi/2$", r"asymptotic in $d$"),
        bounds=[S.csw_lower_bound, S.csw_exponent],
        check="deterministic",
        notes="Classical (Chabauty 1953, Shannon 1959, Wyner 1965). Checked: its rate $-\\log_2\\sin\\theta$ never "
              "exceeds the Kabatiansky-Levenshtein rate on a grid of angles, and the bound is the rate's finite "
              "form; no finite-d assertion is made (known codes are reported beside it).",
    ),
)
