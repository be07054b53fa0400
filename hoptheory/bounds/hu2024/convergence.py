r"""Convergence without an energy: the Jacobian of V1 and its contraction constant on a ball.

Claims ``hu2024/v1-jacobian`` and ``hu2024/fixed-point-convergence`` (catalogue section
*Convergence without an energy*), in hoptheory's derived form.  Both compete with the trivial
Jacobian bound :math:`2\beta m^2`.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from ._common import jacobian_norm, with_parameters
from ._hypotheses import DERIVED, H_BETA, H_K_MASK, H_M_COUNT, H_M_NORM, H_R, POSINT, REAL, trivial_jacobian

__all__ = ["v1_contraction_bound", "v1_jacobian_norm_bound"]

_HYP = (H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK)


@bound(kind="upper", hypotheses=_HYP, trivial=trivial_jacobian, trivial_latex=r"2\beta m^2", form="derived",
       latex=r"\|J^{(1)}(x)\|_2 \leq 2\beta m^2(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}",
       source=DERIVED + "; claim hu2024/v1-jacobian (mu in the mask)",
       symbols={"query_sep": REAL, "M": POSINT, "k": POSINT},
       example={"beta": 1, "m": 2, "M": 5, "k": 3, "query_sep": Fraction(3, 2)})
@with_parameters
def v1_jacobian_norm_bound(F, beta, m, M, k, query_sep):
    r"""The spectral norm of the Jacobian of V1 at a query (:math:`\mu\in\mathcal M`).

    .. math::

        \Vert J^{(1)}(x)\Vert_2\le2\beta m^2(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}

    Examples
    --------
    >>> import math
    >>> b = v1_jacobian_norm_bound(1.0, 2.0, 5, 3, 1.5)
    >>> math.isclose(float(b.value), 2 * 1.0 * 2.0 ** 2 * (5 + 3 - 2) * math.exp(-1.0 * 1.5))
    True
    """
    return jacobian_norm(F, beta, m, M, k, query_sep)


@bound(kind="upper", hypotheses=_HYP + (H_R,), trivial=trivial_jacobian, trivial_latex=r"2\beta m^2",
       form="derived",
       latex=r"\sup_{x\in S_\mu(r)}\|J^{(1)}(x)\|_2 \leq 2\beta m^2(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}",
       source=DERIVED + "; claims hu2024/v1-jacobian, hu2024/fixed-point-convergence (contraction when < 1)",
       symbols={"Delta": REAL, "M": POSINT, "k": POSINT},
       example={"beta": 1, "m": 2, "M": 5, "k": 3, "Delta": 4, "r": Fraction(1, 4)})
@with_parameters
def v1_contraction_bound(F, beta, m, M, k, Delta, r):
    r"""The contraction constant of V1 on the ball :math:`S_\mu(r)` (a contraction where it is :math:`<1`).

    .. math::

        \sup_{x\in S_\mu(r)}\Vert J^{(1)}(x)\Vert_2\le2\beta m^2(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}

    Examples
    --------
    >>> import math
    >>> b = v1_contraction_bound(1.0, 2.0, 5, 3, 4.0, 0.25)
    >>> math.isclose(float(b.value), 2 * 1.0 * 2.0 ** 2 * (5 + 3 - 2) * math.exp(-1.0 * (4.0 - 2 * 2.0 * 0.25)))
    True
    """
    return jacobian_norm(F, beta, m, M, k, Delta - 2 * m * r)
