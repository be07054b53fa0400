r"""Check of the derivative of α-entmax with respect to α (Correia et al. 2019).

Oracle: central differences in α of α-entmax in mpmath at 50 digits
(:func:`proofs_checks.peters2019._oracles.mp_entmax_alpha_derivative`).
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory.maps import entmax

from .._framework import check
from .._instances import TOL_ROUND
from ..peters2019 import _oracles as O
from ..peters2019._common import agree, rows_check, score_draw, scores


def _alpha_rows(d, side):
    z, alpha = scores(d), d["alpha"]
    with mpmath.workdps(O.DPS):
        p_mp, tau = O.mp_entmax(z, alpha)
        zp = (alpha - 1.0) * z
        # support locally constant in alpha: every score 1e-6 away from the threshold
        if float(np.min(np.abs(zp - float(tau)))) < 1e-6 * (1.0 + float(np.max(np.abs(zp)))):
            return None
    fd = O.mp_entmax_alpha_derivative(z, alpha)
    p = entmax(z, alpha)
    S = p > 0.0
    s = np.where(S, np.where(S, p, 1.0) ** (2.0 - alpha), 0.0)
    pt = s / s.sum()
    h = np.where(S, -np.where(S, p, 1.0) * np.log(np.where(S, p, 1.0)), 0.0)
    grad = side("d entmax / d alpha", terms=[(p - pt) / (alpha - 1.0) ** 2, (h - pt * h.sum()) / (alpha - 1.0)])
    scale = 1.0 + float(np.max(np.abs(fd)))
    return [agree("d entmax / d alpha", grad, fd, TOL_ROUND * scale / (alpha - 1.0) ** 2)]


@check("correia2019/alpha-gradient", stat_parts=0)
def check_alpha_gradient(ctx):
    """``correia2019/alpha-gradient``: ∂p/∂α = (p − p̃)/(α−1)² + (h − p̃ Σh)/(α−1).

    Families: Gaussian, tied and spike scores, M ≤ 10, α ∈ [1.1, 4]; draws with a score within
    1e-6 of the threshold are not applicable (support change).  Oracle: central differences in
    α (h = 1e-12) of α-entmax in mpmath at 50 digits.  The two terms are separate sides, so
    dropping either must fail.
    """
    n = max(8, ctx.profile.examples // 8)
    return rows_check(ctx, _alpha_rows, score_draw(M=(2, 10), scale=(0.1, 5.0), families=("gaussian", "tied", "spike"),
                                                   alpha=st.floats(1.1, 4.0)), examples=n)
