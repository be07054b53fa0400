r"""Well-separation conditions with sparsity :math:`k`: thresholds on the separation :math:`\Delta_\mu`.

Claim ``hu2024/well-separation-k`` (catalogue section *Retrieval error*).  Memory :math:`\mu`
satisfies a condition when :math:`\Delta_\mu` is at least the threshold; the sparse map then
sends :math:`S_\mu(r)` into itself (V1 and V2, :math:`\mu` in the mask on the ball).
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from ._common import with_parameters
from ._hypotheses import DERIVED, H_BETA, H_K_MASK, H_M_COUNT, H_M_NORM, H_R, H_RR, POSINT, SRC

__all__ = [
    "well_separation_relaxation",
    "well_separation_threshold",
    "well_separation_threshold_dense",
    "well_separation_threshold_published",
]


def _threshold(F, beta, m, c, r):
    r""":math:`\frac1\beta\ln\frac{c}{r}+2mr` for the error constant :math:`c`."""
    return F.log(F.div(c, r)) / beta + 2 * m * r


@bound(kind="value", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, H_R), form="derived",
       latex=r"\Delta_\mu \geq \frac{1}{\beta}\ln\frac{m(M+k-2)}{r}+2mr",
       source=(DERIVED + "; claim hu2024/well-separation-k (free radius r; T_M(S_mu(r)) in S_mu(r) for V1, V2 "
               "when mu is in the mask on the ball; for top-K that holds when m(M+k-2) > r, see H_TOPK_AUTO)"),
       symbols={"M": POSINT, "k": POSINT}, example={"beta": 2, "m": 1, "M": 5, "k": 3, "r": Fraction(1, 4)})
@with_parameters
def well_separation_threshold(F, beta, m, M, k, r):
    r"""The well-separation threshold with sparsity :math:`k` and a free radius :math:`r`.

    .. math::

        \Delta_\mu\ge\frac1\beta\ln\frac{m(M+k-2)}{r}+2mr

    Examples
    --------
    >>> import math
    >>> b = well_separation_threshold(2.0, 1.0, 5, 3, 0.25)
    >>> math.isclose(float(b.value), math.log(1.0 * (5 + 3 - 2) / 0.25) / 2.0 + 2 * 1.0 * 0.25)
    True
    """
    return _threshold(F, beta, m, m * (M + k - 2), r)


@bound(kind="value", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, H_RR), form="published",
       latex=r"\Delta_\mu \geq \frac{1}{\beta}\ln\frac{m(M+k-2)}{R}+2mR",
       source=SRC + ", well-separation corollary (expected form; label unconfirmed); claim hu2024/well-separation-k",
       symbols={"M": POSINT, "k": POSINT}, example={"beta": 2, "m": 1, "M": 5, "k": 3, "R": Fraction(1, 4)})
@with_parameters
def well_separation_threshold_published(F, beta, m, M, k, R):
    r"""The expected published well-separation threshold, at the storage radius :math:`R`.

    .. math::

        \Delta_\mu\ge\frac1\beta\ln\frac{m(M+k-2)}{R}+2mR,\qquad R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert

    Examples
    --------
    >>> import math
    >>> b = well_separation_threshold_published(2.0, 1.0, 5, 3, 0.25)
    >>> math.isclose(float(b.value), math.log(6 / 0.25) / 2.0 + 0.5)  # m(M + k - 2) = 6, 2mR = 0.5
    True
    """
    return _threshold(F, beta, m, m * (M + k - 2), R)


@bound(kind="value", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_R), form="cited",
       latex=r"\Delta_\mu \geq \frac{1}{\beta}\ln\frac{2m(M-1)}{r}+2mr",
       source=("Hu et al. 2023 (sparse modern Hopfield), dense well-separation condition; "
               "claim hu2024/well-separation-k"),
       symbols={"M": POSINT}, example={"beta": 2, "m": 1, "M": 5, "r": Fraction(1, 4)})
@with_parameters
def well_separation_threshold_dense(F, beta, m, M, r):
    r"""The dense well-separation threshold (:math:`k=M`).

    .. math::

        \Delta_\mu\ge\frac1\beta\ln\frac{2m(M-1)}{r}+2mr

    Examples
    --------
    >>> import math
    >>> b = well_separation_threshold_dense(2.0, 1.0, 5, 0.25)
    >>> math.isclose(float(b.value), math.log(2 * 1.0 * (5 - 1) / 0.25) / 2.0 + 2 * 1.0 * 0.25)
    True
    """
    return _threshold(F, beta, m, 2 * m * (M - 1), r)


@bound(kind="value", hypotheses=(H_BETA, H_M_COUNT, H_K_MASK), form="derived",
       latex=r"\frac{1}{\beta}\ln\frac{2(M-1)}{M+k-2} \geq 0",
       source=DERIVED + "; claim hu2024/well-separation-k (dense threshold minus sparse threshold)",
       symbols={"M": POSINT, "k": POSINT}, example={"beta": 2, "M": 5, "k": 3})
@with_parameters
def well_separation_relaxation(F, beta, M, k):
    r"""How much sparsity lowers the threshold: the dense threshold minus the sparse one.

    .. math::

        \frac1\beta\ln\frac{2(M-1)}{M+k-2}\ge0

    Examples
    --------
    >>> import math
    >>> b = well_separation_relaxation(2.0, 5, 3)
    >>> math.isclose(float(b.value), math.log(2 * (5 - 1) / (5 + 3 - 2)) / 2.0)
    True
    """
    return F.log(F.div(2 * (M - 1), M + k - 2)) / beta
