"""martins2016 checks: where float64 can decide the sparsemax support, and where it cannot."""

from __future__ import annotations

from fractions import Fraction as Q

import numpy as np

from hoptheory.maps import support_size
from proofs_checks.blondel2020._oracles import sparsemax_exact
from proofs_checks.martins2016.sparsemax import _decidable_in_float

#: Near-tied scores (pairs equal to about 1e-9): their breakpoints beta_k lie near 1e9.  The thorough
#: profile once refuted martins2016/support-monotone-beta because the package's support at
#: beta_k (1 +- 2^-20) differed from the exact one there, which float64 cannot resolve.
Z = np.array([-1.1053092311847466, -1.1053092318378608, 0.12670596924514468, 0.12670596986399618,
              1.2797061999838373, 1.279706199920973, -0.362478483445969, -0.3624784840521801,
              0.2390938185043706, 0.2390938171182793])


def _breakpoints(z):
    srt = sorted((Q(float(v)) for v in z), reverse=True)
    return [None if (g := sum(srt[j] - srt[k - 1] for j in range(k))) == 0 else 1 / g for k in range(2, len(srt) + 1)]


def test_float_cannot_decide_the_support_next_to_a_large_breakpoint():
    bps = _breakpoints(Z)
    zq = [Q(float(v)) for v in Z]
    undecided_disagree = 0
    for b in (v for v in bps if v is not None):
        for beta in (b * (1 - Q(1, 2**20)), b * (1 + Q(1, 2**20)), b * 2, b / 2):
            exact = sparsemax_exact([beta * v for v in zq])[2]
            pkg = int(support_size(float(beta) * Z))
            if _decidable_in_float(beta, bps, Z):
                assert pkg == exact, (float(beta), pkg, exact)
            else:
                undecided_disagree += pkg != exact
    # the instance needs the criterion: float64 disagrees with exact arithmetic somewhere it calls undecidable
    assert undecided_disagree > 0
    assert max(float(v) for v in bps if v is not None) > 1e8
