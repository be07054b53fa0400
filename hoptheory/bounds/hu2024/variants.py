r"""Variants of the family: positive random features and the sliding window.

Claims ``hu2024/variant-prf``, ``hu2024/variant-sliding-window`` and ``hu2024/variant-efficient``
(catalogue section *Variants of the family*).
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis, integer_at_least
from ._common import with_parameters
from ._hypotheses import DERIVED, H_BETA, NONNEG, NONNEGINT, POSINT, REAL, nonnegative

__all__ = ["prf_estimator_variance", "prf_estimator_variance_performer", "sliding_window_score_count"]

_H_PRF = (nonnegative("norm_sum_sq", r"\|u+v\|^2"), integer_at_least("n_f", 1, r"n_f \in \mathbb{Z},\ n_f \geq 1"))
_SYM = {"inner": REAL, "norm_sum_sq": NONNEG, "n_f": POSINT}


@bound(kind="value", hypotheses=(H_BETA,) + _H_PRF, form="derived",
       latex=(r"\mathrm{Var}\left[\phi_+(u)^\top\phi_+(v)\right]=\frac{1}{n_f}e^{2\beta u^\top v}"
              r"\left(e^{\beta\|u+v\|^2}-1\right)"),
       source=DERIVED + "; claim hu2024/variant-prf (i.i.d. Gaussian features)", symbols=_SYM,
       example={"beta": Fraction(1, 2), "inner": Fraction(1, 4), "norm_sum_sq": 2, "n_f": 8})
@with_parameters
def prf_estimator_variance(F, beta, inner, norm_sum_sq, n_f):
    r"""The variance of the positive-random-feature estimator of :math:`e^{\beta u^\top v}`.

    .. math::

        \mathrm{Var}\big[\phi_+(u)^\top\phi_+(v)\big]
        =\frac1{n_f}e^{2\beta u^\top v}\big(e^{\beta\Vert u+v\Vert^2}-1\big)

    Examples
    --------
    >>> import math
    >>> b = prf_estimator_variance(0.5, 0.25, 2.0, 8)
    >>> math.isclose(float(b.value), math.exp(2 * 0.5 * 0.25) * (math.exp(0.5 * 2.0) - 1) / 8)
    True
    """
    return F.div(F.exp(2 * beta * inner) * F.expm1(beta * norm_sum_sq), n_f)


@bound(kind="value", hypotheses=_H_PRF, form="cited",
       latex=r"\frac{1}{n_f}e^{\|u+v\|^2}\mathrm{SM}(u,v)^2\left(1-e^{-\|u+v\|^2}\right)",
       source="Choromanski et al. (Performer), positive random features at beta = 1; claim hu2024/variant-prf",
       symbols=_SYM, example={"inner": Fraction(1, 4), "norm_sum_sq": 2, "n_f": 8})
@with_parameters
def prf_estimator_variance_performer(F, inner, norm_sum_sq, n_f):
    r"""Performer's form of the positive-random-feature variance (:math:`\beta=1`).

    .. math::

        \frac1{n_f}e^{\Vert u+v\Vert^2}\mathrm{SM}(u,v)^2\big(1-e^{-\Vert u+v\Vert^2}\big),\qquad
        \mathrm{SM}(u,v)=e^{u^\top v}

    Examples
    --------
    >>> import math
    >>> b = prf_estimator_variance_performer(0.25, 2.0, 8)
    >>> math.isclose(float(b.value), math.exp(2.0) * math.exp(0.25) ** 2 * (1 - math.exp(-2.0)) / 8)
    True
    """
    sm = F.exp(inner)
    return F.div(F.exp(norm_sum_sq) * sm ** 2 * (-F.expm1(-norm_sum_sq)), n_f)


@bound(kind="value", form="derived",
       hypotheses=(integer_at_least("L", 1, r"L \in \mathbb{Z},\ L \geq 1"),
                   hypothesis("w integer in [0, L - 1]", r"w \in \mathbb{Z},\ 0 \leq w \leq L-1",
                              lambda xp, **p: (p["w"] >= 0) & (p["w"] <= p["L"] - 1) & (xp.floor(p["w"]) == p["w"]))),
       latex=r"\sum_{\ell=1}^{L}|\mathcal{M}(x_\ell)|=(2w+1)L-w(w+1)",
       source=DERIVED + "; claims hu2024/variant-sliding-window, hu2024/variant-efficient",
       symbols={"L": POSINT, "w": NONNEGINT}, example={"L": 10, "w": 3})
@with_parameters
def sliding_window_score_count(F, L, w):
    r"""The number of scores a sliding window of half-width :math:`w` computes over :math:`L` positions.

    .. math::

        \sum_{\ell=1}^L|\mathcal M(x_\ell)|=(2w+1)L-w(w+1)

    Examples
    --------
    >>> b = sliding_window_score_count(10, 3)
    >>> float(b.value) == sum(1 for ell in range(10) for mu in range(10) if abs(ell - mu) <= 3)
    True
    """
    return (2 * w + 1) * L - w * (w + 1)
