r"""Sparse-structured models: the probability that a random mask contains the target.

Claim ``hu2024/mask-coverage`` (catalogue section *Sparse-structured models*).
"""

from __future__ import annotations

from .._declare import bound
from .._hypotheses import integer_at_least
from ._common import with_parameters
from ._hypotheses import DERIVED, H_K_MASK, POSINT

__all__ = ["random_mask_inclusion_probability"]


@bound(kind="value", hypotheses=(integer_at_least("M", 1, r"M \in \mathbb{Z},\ M \geq 1"), H_K_MASK),
       form="derived", latex=r"\Pr(\mu\in\mathcal{M})=\frac{k}{M}",
       source=DERIVED + "; claim hu2024/mask-coverage (uniform k-subsets)", symbols={"M": POSINT, "k": POSINT},
       example={"k": 3, "M": 5})
@with_parameters
def random_mask_inclusion_probability(F, k, M):
    r"""The probability that a uniformly random :math:`k`-subset of :math:`[M]` contains :math:`\mu`.

    .. math::

        \Pr(\mu\in\mathcal M)=\frac kM

    Examples
    --------
    >>> import math
    >>> b = random_mask_inclusion_probability(3, 5)
    >>> math.isclose(float(b.value), math.comb(4, 2) / math.comb(5, 3))  # subsets containing mu / all subsets
    True
    """
    return F.div(k, M)
