r"""The sparse-aware capacity, Ramsauer-style, and the separation thresholds it rests on.

Claim ``hu2024/capacity-sparse-corrected`` (catalogue section *Capacity*), hoptheory's derived
form: Ramsauer et al. 2021, Theorem A5, with :math:`M(M+k-2)\le(1+\rho)M^2` for masks of size
:math:`k\le\rho M`; at :math:`\rho=1` the constants are Theorem A5's (3.1546, 1.3718).  The
capacity is a lower bound on the number of memories and competes with the trivial bound 2.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis
from .._kits import ArrayKit
from ._common import with_parameters
from ._hypotheses import (
    DERIVED, H_BETA, H_D_DIM, H_K_MASK, H_K_SPHERE, H_M_COUNT, H_M_NORM, H_P_HALF_OPEN, H_RHO, POSINT,
    trivial_capacity,
)

__all__ = [
    "capacity_a_sparse",
    "capacity_b_sparse",
    "capacity_constant_sparse",
    "capacity_sparse_corrected",
    "master_threshold_sparse",
    "self_map_threshold_sparse",
]

_HYP = (H_BETA, H_K_SPHERE, H_D_DIM, H_P_HALF_OPEN, H_RHO)
_LATEX_A = r"a_\rho=\frac{2}{d-1}\left(1+\ln((1+\rho)\beta K^2p(d-1))\right)"
_LATEX = _LATEX_A + r",\quad b=\frac{2K^2\beta}{5},\quad c_\rho=\frac{b}{W_0(e^{a_\rho+\ln b})}"
_SRC = (DERIVED + "; claim hu2024/capacity-sparse-corrected (Ramsauer et al. 2021 Theorem A5 with "
        "M(M+k-2) <= (1+rho)M^2; rho = 1 gives Theorem A5)")
_EXAMPLE = {"beta": 1, "K": 3, "d": 20, "p_fail": Fraction(1, 1000), "rho": Fraction(1, 2)}


def _a(F, beta, K, d, p_fail, rho):
    return F.div(2, d - 1) * (1 + F.log((1 + rho) * beta * K ** 2 * p_fail * (d - 1)))


def _b(F, beta, K):
    return 2 * K ** 2 * beta / 5


def _c(F, beta, K, d, p_fail, rho):
    b = _b(F, beta, K)
    return b / F.wexp(_a(F, beta, K, d, p_fail, rho) + F.log(b))


def _c_rho_condition(xp, beta, K, d, p_fail, rho):
    """:math:`c_\\rho \\ge (2/\\sqrt p)^{4/(d-1)}`, evaluated where the domain hypotheses hold."""
    ok = (beta > 0) & (K > 0) & (d >= 2) & (p_fail > 0) & (p_fail <= 1) & (rho > 0)
    one = xp.ones_like(beta)
    sb, sK, sd, sp, sr = (xp.where(ok, v, one) for v in (beta, K, d, p_fail, rho))
    sd = xp.where(ok, sd, 2 * one)
    c = _c(ArrayKit(xp, tuple(beta.shape)), sb, sK, sd, sp, sr)
    # compare logarithms: (2/sqrt(p))^(4/(d-1)) overflows for tiny p
    cpos = c > 0
    logc = xp.log(xp.where(cpos, c, one))
    rhs = 4 / (sd - 1) * (math.log(2.0) - 0.5 * xp.log(sp))
    return ok & cpos & (logc >= rhs)


_H_C_RHO = hypothesis("c_rho >= (2/sqrt(p))^(4/(d-1))", r"c_\rho \geq (2/\sqrt{p})^{4/(d-1)}",
                      lambda xp, beta, K, d, p_fail, rho, **_: _c_rho_condition(xp, beta, K, d, p_fail, rho))


@bound(kind="value", hypotheses=_HYP, form="derived", latex=_LATEX_A, source=_SRC, symbols={"d": POSINT},
       example=_EXAMPLE)
@with_parameters
def capacity_a_sparse(F, beta, K, d, p_fail, rho):
    r"""The capacity constant :math:`a_\rho` of masks with :math:`k\le\rho M`.

    .. math::

        a_\rho=\frac2{d-1}\big(1+\ln((1+\rho)\beta K^2p(d-1))\big)

    Examples
    --------
    >>> import math
    >>> b = capacity_a_sparse(1.0, 3.0, 20, 0.001, 0.5)
    >>> math.isclose(float(b.value), 2 / (20 - 1) * (1 + math.log((1 + 0.5) * 1.0 * 3.0 ** 2 * 0.001 * (20 - 1))))
    True
    """
    return _a(F, beta, K, d, p_fail, rho)


@bound(kind="value", hypotheses=(H_BETA, H_K_SPHERE), form="derived", latex=r"b=\frac{2K^2\beta}{5}", source=_SRC,
       example={"beta": 1, "K": 3})
@with_parameters
def capacity_b_sparse(F, beta, K):
    r"""The capacity constant :math:`b` (Ramsauer et al.'s, independent of the mask).

    .. math::

        b=\frac{2K^2\beta}5

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_b_sparse(1.0, 3.0).value), 2 * 3.0 ** 2 * 1.0 / 5)
    True
    """
    return _b(F, beta, K)


@bound(kind="value", hypotheses=_HYP, form="derived", latex=_LATEX, source=_SRC, symbols={"d": POSINT},
       example=_EXAMPLE)
@with_parameters
def capacity_constant_sparse(F, beta, K, d, p_fail, rho):
    r"""The capacity constant :math:`c_\rho`, the solution of :math:`a_\rho c+c\ln c-b=0`.

    .. math::

        c_\rho=\frac{b}{W_0(e^{a_\rho+\ln b})}

    Examples
    --------
    At :math:`\rho=1` it is Ramsauer et al.'s constant 3.1546 (:math:`\beta=1`, :math:`K=3`, :math:`d=20`,
    :math:`p=0.001`):

    >>> import math
    >>> from scipy.special import lambertw
    >>> a = 2 / (20 - 1) * (1 + math.log((1 + 1.0) * 1.0 * 3.0 ** 2 * 0.001 * (20 - 1)))
    >>> b = 2 * 3.0 ** 2 * 1.0 / 5
    >>> c = float(capacity_constant_sparse(1.0, 3.0, 20, 0.001, 1.0).value)
    >>> math.isclose(c, b / lambertw(math.exp(a + math.log(b))).real), round(c, 4)
    (True, 3.1546)
    """
    return _c(F, beta, K, d, p_fail, rho)


@bound(kind="lower", hypotheses=_HYP + (_H_C_RHO,), trivial=trivial_capacity, trivial_latex="2", form="derived",
       latex=r"M \geq \left\lfloor\sqrt{p}\,c_\rho^{\frac{d-1}{4}}\right\rfloor,\quad " + _LATEX,
       source=_SRC + "; the value is the real number whose floor is the guaranteed M", symbols={"d": POSINT},
       example=_EXAMPLE)
@with_parameters
def capacity_sparse_corrected(F, beta, K, d, p_fail, rho):
    r"""The sparse-aware capacity: the guaranteed number of memories is the floor of the value.

    .. math::

        M\ge\Big\lfloor\sqrt p\,c_\rho^{\frac{d-1}4}\Big\rfloor

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a = 2 / (20 - 1) * (1 + math.log((1 + 0.5) * 1.0 * 3.0 ** 2 * 0.001 * (20 - 1)))
    >>> b = 2 * 3.0 ** 2 * 1.0 / 5
    >>> c = b / lambertw(math.exp(a + math.log(b))).real
    >>> value = float(capacity_sparse_corrected(1.0, 3.0, 20, 0.001, 0.5).value)
    >>> math.isclose(value, math.sqrt(0.001) * c ** ((20 - 1) / 4))
    True
    """
    return F.sqrt(p_fail) * F.pow(_c(F, beta, K, d, p_fail, rho), (d - 1) / 4)


@bound(kind="value", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK), form="derived",
       latex=r"\Delta_\mu \geq \frac{2}{\beta M}+\frac{1}{\beta}\ln\left(\beta M(M+k-2)m^2\right)",
       source=(DERIVED + "; claim hu2024/capacity-sparse-corrected (V1 self-map of S_mu(1/(beta M m)); k = M is "
               "Ramsauer's Lemma A5 condition)"),
       symbols={"M": POSINT, "k": POSINT}, example={"beta": 1, "m": 2, "M": 5, "k": 3})
@with_parameters
def self_map_threshold_sparse(F, beta, m, M, k):
    r"""The separation under which V1 maps :math:`S_\mu(1/(\beta Mm))` into itself.

    .. math::

        \Delta_\mu\ge\frac2{\beta M}+\frac1\beta\ln\big(\beta M(M+k-2)m^2\big)

    Examples
    --------
    >>> import math
    >>> b = self_map_threshold_sparse(1.0, 2.0, 5, 3)
    >>> math.isclose(float(b.value), 2 / (1.0 * 5) + math.log(1.0 * 5 * (5 + 3 - 2) * 2.0 ** 2) / 1.0)
    True
    """
    return F.div(2, beta * M) + F.log(beta * M * (M + k - 2) * m ** 2) / beta


@bound(kind="value", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_RHO), form="derived",
       latex=r"\Delta_{\min} \geq \frac{2}{\beta M}+\frac{1}{\beta}\ln\left((1+\rho)\beta M^2m^2\right)",
       source=(DERIVED + "; claim hu2024/capacity-sparse-corrected (the rho-master inequality; rho = 1 is "
               "Ramsauer's master inequality)"),
       symbols={"M": POSINT}, example={"beta": 1, "m": 2, "M": 5, "rho": Fraction(1, 2)})
@with_parameters
def master_threshold_sparse(F, beta, m, M, rho):
    r"""The :math:`\rho`-master inequality: one separation for every mask with :math:`k\le\rho M`.

    .. math::

        \Delta_{\min}\ge\frac2{\beta M}+\frac1\beta\ln\big((1+\rho)\beta M^2m^2\big)

    Examples
    --------
    >>> import math
    >>> b = master_threshold_sparse(1.0, 2.0, 5, 0.5)
    >>> math.isclose(float(b.value), 2 / (1.0 * 5) + math.log((1 + 0.5) * 1.0 * 5 ** 2 * 2.0 ** 2) / 1.0)
    True
    """
    return F.div(2, beta * M) + F.log((1 + rho) * beta * M ** 2 * m ** 2) / beta
