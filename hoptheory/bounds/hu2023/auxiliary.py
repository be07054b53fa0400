r"""Hu et al. 2023, auxiliary results: the angle inequality of the capacity proof."""

from __future__ import annotations

import math

from .._hypotheses import in_interval
from ._common import PAPER, bound, constant

__all__ = ["angle_cosine_lower_bound"]


@bound(
    hypotheses=(in_interval("alpha", 0, math.pi, r"\alpha\in[0,\pi]", closed_low=True, closed_high=True,
                            name="alpha in [0, pi]"),),
    kind="lower", trivial=constant(0.0), trivial_latex="0",
    latex=r"1-\cos\alpha\geq\frac{\alpha^2}{5}",
    source=f"{PAPER}; appendix of the capacity proof inherited from Ramsauer et al. (label unconfirmed); "
           "hu2023/aux-angle-inequality. (The margin: min over (0, pi] of (1 - cos a)/a^2 is 2/pi^2 > 1/5.)",
    example={"alpha": 1},
)
def angle_cosine_lower_bound(F, alpha):
    r"""Lower bound on :math:`1-\cos\alpha`, used to turn a minimal angle into a separation.

    .. math::

        1-\cos\alpha\geq\frac{\alpha^2}{5},\qquad\alpha\in[0,\pi]

    Examples
    --------
    >>> import math
    >>> r = angle_cosine_lower_bound(2.0)
    >>> math.isclose(float(r.value), 2.0 ** 2 / 5), float(r.value) <= 1 - math.cos(2.0)
    (True, True)
    """
    return alpha * alpha * F.rational(1, 5)
