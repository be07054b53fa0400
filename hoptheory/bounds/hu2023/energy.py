r"""Hu et al. 2023, sparse energy and dynamics: sufficient decrease, energy bounds, convergence.

The energy is the corrected :math:`H_\beta(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\tfrac12\Vert x\Vert^2`
(conventions §4); its retrieval dynamics :math:`x_{t+1}=T_{\rm sparse}(x_t)` is a CCCP.
"""

from __future__ import annotations

from fractions import Fraction

from .._hypotheses import at_least
from ._common import DERIVED, H_BETA, H_M_POS, bound, integer_ge

__all__ = [
    "sufficient_decrease_bound",
    "sparse_energy_lower_bound",
    "sparse_energy_infimum_bound",
    "convergence_step_sum_bound",
]


@bound(
    hypotheses=(at_least("step", 0, r"\Vert T(x)-x\Vert\geq 0"),),
    form="derived",
    latex=r"H_\beta(T(x))\leq H_\beta(x)-\frac{1}{2}\Vert T(x)-x\Vert^2",
    source=f"{DERIVED}; CCCP with the 1-strongly convex part (1/2)||x||^2; hu2023/dense-model (dense E), "
           "hu2023/sparse-dynamics-monotone and hu2023/convergence (sparse H_beta); not valid for the printed "
           "energy of the paper",
    example={"energy": 1, "step": Fraction(1, 2)},
)
def sufficient_decrease_bound(F, energy, step):
    r"""Sufficient decrease of the energy along one retrieval step (an upper bound on :math:`H_\beta(T(x))`).

    .. math::

        H_\beta(T(x))\leq H_\beta(x)-\tfrac12\Vert T(x)-x\Vert^2

    Examples
    --------
    >>> import math
    >>> math.isclose(float(sufficient_decrease_bound(1.0, 0.5).value), 1.0 - 0.5 ** 2 / 2)
    True
    """
    return energy - step * step / 2


@bound(
    hypotheses=(H_BETA, H_M_POS, integer_ge("M", 1, r"M\geq 1"), at_least("x_norm", 0, r"\Vert x\Vert\geq 0")),
    kind="lower", form="derived",
    latex=r"H_\beta(x)\geq\frac{1}{2}\Vert x\Vert^2-m\Vert x\Vert-\frac{1}{2\beta}\left(1-\frac{1}{M}\right)",
    source=f"{DERIVED}; hu2023/sparse-energy (lower bound of the corrected energy), from "
           "Omega*(theta) <= max theta + (1 - 1/M)/2",
    example={"beta": 2, "m": 1, "M": 4, "x_norm": Fraction(3, 2)},
)
def sparse_energy_lower_bound(F, beta, m, M, x_norm):
    r"""Lower bound on the corrected sparse energy :math:`H_\beta` at :math:`x`.

    .. math::

        H_\beta(x)\geq\tfrac12\Vert x\Vert^2-m\Vert x\Vert-\frac{1}{2\beta}\left(1-\frac{1}{M}\right)

    Examples
    --------
    >>> import math
    >>> r = sparse_energy_lower_bound(2.0, 1.0, 4, 1.5)
    >>> math.isclose(float(r.value), 1.5 ** 2 / 2 - 1.0 * 1.5 - (1 - 1 / 4) / (2 * 2.0))
    True
    """
    return x_norm * x_norm / 2 - m * x_norm - F.div(1 - F.div(1, M), 2 * beta)


@bound(
    hypotheses=(H_BETA, H_M_POS),
    kind="lower", form="derived",
    latex=r"\inf_x H_\beta(x)\geq-\frac{m^2}{2}-\frac{1}{2\beta}",
    source=f"{DERIVED}; hu2023/sparse-energy and hu2023/convergence",
    example={"beta": 2, "m": 1},
)
def sparse_energy_infimum_bound(F, beta, m):
    r"""Lower bound on the infimum of the corrected sparse energy :math:`H_\beta`.

    .. math::

        \inf_x H_\beta(x)\geq-\frac{m^2}{2}-\frac{1}{2\beta}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(sparse_energy_infimum_bound(2.0, 1.0).value), -1.0 / 2 - 1 / (2 * 2.0))
    True
    """
    return -m * m / 2 - F.div(1, 2 * beta)


@bound(
    hypotheses=(H_BETA, H_M_POS),
    form="corrected",
    latex=r"\sum_{t\geq 0}\Vert x_{t+1}-x_t\Vert^2\leq 2\left(H_\beta(x_0)+\frac{m^2}{2}+\frac{1}{2\beta}\right)",
    source=f"{DERIVED}; corrected form of hu2023/convergence (sufficient decrease summed, with the "
           "infimum bound)",
    example={"energy0": Fraction(1, 2), "beta": 2, "m": 1},
)
def convergence_step_sum_bound(F, energy0, beta, m):
    r"""Summability of the squared steps of :math:`x_{t+1}=T_{\rm sparse}(x_t)`.

    .. math::

        \sum_{t\geq 0}\Vert x_{t+1}-x_t\Vert^2\leq 2\left(H_\beta(x_0)+\frac{m^2}{2}+\frac{1}{2\beta}\right)

    Examples
    --------
    >>> import math
    >>> math.isclose(float(convergence_step_sum_bound(0.5, 2.0, 1.0).value), 2 * (0.5 + 1.0 / 2 + 1 / (2 * 2.0)))
    True
    """
    return 2 * (energy0 + m * m / 2 + F.div(1, 2 * beta))
