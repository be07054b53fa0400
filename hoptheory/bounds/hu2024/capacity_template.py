r"""The published capacity of the sparse-structured models (template constants), ill-defined as printed.

Claim ``hu2024/capacity-published`` (catalogue section *Capacity*).  The constants follow the
template of Hu et al. 2023; the logarithm's argument :math:`2m(\sqrt p-1)/(R+\delta)` is negative
for every :math:`p\in(0,1)`, so every bound that takes its logarithm is ill-defined wherever its
hypotheses hold.  Their declared examples therefore break one hypothesis (:math:`R+\delta>0`,
resp. :math:`R_\Phi>0`) to show a point where the formula can be evaluated.  Lower bounds on the
number of memories compete with the trivial bound 2.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import integer_at_least
from ._common import with_parameters
from ._hypotheses import (
    H_BETA, H_D_DIM, H_M_NORM, H_P_OPEN, H_R_DELTA, H_RR, POSINT, REAL, SRC, positive, trivial_capacity,
)

__all__ = [
    "capacity_published",
    "capacity_published_a",
    "capacity_published_b",
    "capacity_published_c",
    "capacity_published_feature_space",
    "capacity_published_log_argument",
    "capacity_published_p_prefactor",
]

_HYP = (H_BETA, H_M_NORM, H_D_DIM, H_P_OPEN, H_RR, H_R_DELTA)
_SRC = (SRC + ", Lemma 4.2 (v1) / Proposition 4.1 (ICML), label unconfirmed; constants from the template of "
        "Hu et al. 2023 (reconstructed); claim hu2024/capacity-published")
_LATEX_A = r"a=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\}"
_LATEX_B = r"b=\frac{4m^2\beta}{5(d-1)}"
_LATEX_C = r"C=\frac{b}{W_0(\exp(a+\ln b))},\quad " + _LATEX_A + r",\quad " + _LATEX_B
_SYM = {"delta": REAL, "d": POSINT}
# R + delta < 0 (a failed hypothesis) makes the logarithm's argument positive
_EXAMPLE = {"m": 2, "d": 5, "p_fail": Fraction(1, 4), "R": Fraction(1, 2), "delta": -1}

def _log_argument(F, m, p_fail, R, delta):
    return F.div(2 * m * (F.sqrt(p_fail) - 1), R + delta)


def _a(F, m, d, p_fail, R, delta):
    return F.div(4, d - 1) * (F.log(_log_argument(F, m, p_fail, R, delta)) + 1)


def _b(F, beta, m, d):
    return F.div(4 * m ** 2 * beta, 5 * (d - 1))


def _c(F, beta, m, d, p_fail, R, delta):
    b = _b(F, beta, m, d)
    return b / F.wexp(_a(F, m, d, p_fail, R, delta) + F.log(b))


@bound(kind="value", hypotheses=(H_M_NORM, H_P_OPEN, H_RR, H_R_DELTA), form="published",
       latex=r"\frac{2m(\sqrt{p}-1)}{R+\delta}",
       source=SRC + ", Lemma 4.2 (v1) / Proposition 4.1 (ICML), template constants (reconstructed)",
       symbols={"delta": REAL}, example={"m": 2, "p_fail": Fraction(1, 4), "R": Fraction(1, 2), "delta": 0})
@with_parameters
def capacity_published_log_argument(F, m, p_fail, R, delta):
    r"""The argument of the logarithm in the published capacity: negative for every :math:`p\in(0,1)`.

    .. math::

        \frac{2m(\sqrt p-1)}{R+\delta}

    Examples
    --------
    >>> import math
    >>> b = capacity_published_log_argument(2.0, 0.25, 0.5, 0.0)
    >>> math.isclose(float(b.value), 2 * 2.0 * (math.sqrt(0.25) - 1) / (0.5 + 0.0)), bool(b.hypotheses_hold)
    (True, True)
    """
    return _log_argument(F, m, p_fail, R, delta)


@bound(kind="value", hypotheses=(H_M_NORM, H_D_DIM, H_P_OPEN, H_RR, H_R_DELTA), form="published",
       latex=_LATEX_A, source=_SRC, symbols=_SYM, example=_EXAMPLE)
@with_parameters
def capacity_published_a(F, m, d, p_fail, R, delta):
    r"""The published capacity constant :math:`a` (ill-defined: the logarithm of a negative number).

    .. math::

        a=\frac4{d-1}\Big\{\ln\Big[\frac{2m(\sqrt p-1)}{R+\delta}\Big]+1\Big\}

    Examples
    --------
    Ill-defined where the hypotheses hold; with :math:`R+\delta<0` the formula can be evaluated:

    >>> import math
    >>> bool(capacity_published_a(2.0, 5, 0.25, 0.5, 0.0).ill_defined)
    True
    >>> b = capacity_published_a(2.0, 5, 0.25, 0.5, -1.0)
    >>> math.isclose(float(b.value), 4 / (5 - 1) * (math.log(2 * 2.0 * (math.sqrt(0.25) - 1) / (0.5 - 1.0)) + 1))
    True
    >>> b.failed_hypotheses()
    ['R + delta > 0']
    """
    return _a(F, m, d, p_fail, R, delta)


@bound(kind="value", hypotheses=(H_BETA, H_M_NORM, H_D_DIM), form="published", latex=_LATEX_B, source=_SRC,
       symbols={"d": POSINT}, example={"beta": 1, "m": 2, "d": 5})
@with_parameters
def capacity_published_b(F, beta, m, d):
    r"""The published capacity constant :math:`b` (well-defined).

    .. math::

        b=\frac{4m^2\beta}{5(d-1)}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_published_b(1.0, 2.0, 5).value), 4 * 2.0 ** 2 * 1.0 / (5 * (5 - 1)))
    True
    """
    return _b(F, beta, m, d)


@bound(kind="value", hypotheses=_HYP, form="published", latex=_LATEX_C, source=_SRC, symbols=_SYM,
       example={"beta": 1, **_EXAMPLE})
@with_parameters
def capacity_published_c(F, beta, m, d, p_fail, R, delta):
    r"""The published capacity constant :math:`C` (ill-defined through :math:`a`).

    .. math::

        C=\frac{b}{W_0(\exp(a+\ln b))}

    Examples
    --------
    Ill-defined where the hypotheses hold; with :math:`R+\delta<0` the formula can be evaluated:

    >>> import math
    >>> from scipy.special import lambertw
    >>> bool(capacity_published_c(1.0, 2.0, 5, 0.25, 0.5, 0.0).ill_defined)
    True
    >>> a = 4 / (5 - 1) * (math.log(2 * 2.0 * (math.sqrt(0.25) - 1) / (0.5 - 1.0)) + 1)
    >>> b = 4 * 2.0 ** 2 * 1.0 / (5 * (5 - 1))
    >>> C = b / lambertw(math.exp(a + math.log(b))).real
    >>> math.isclose(float(capacity_published_c(1.0, 2.0, 5, 0.25, 0.5, -1.0).value), C)
    True
    """
    return _c(F, beta, m, d, p_fail, R, delta)


@bound(kind="lower", hypotheses=_HYP, trivial=trivial_capacity, trivial_latex="2", form="published",
       latex=r"M_{\mathrm{Sparse}} \geq \sqrt{p}\,C^{\frac{d-1}{4}},\quad " + _LATEX_C, source=_SRC, symbols=_SYM,
       example={"beta": 1, **_EXAMPLE})
@with_parameters
def capacity_published(F, beta, m, d, p_fail, R, delta):
    r"""The published capacity of the sparse-structured models (ill-defined through :math:`a`).

    .. math::

        M_{\mathrm{Sparse}}\ge\sqrt p\,C^{\frac{d-1}4}

    Examples
    --------
    Ill-defined where the hypotheses hold; with :math:`R+\delta<0` the formula can be evaluated,
    and it is :math:`\sqrt p\,C^{(d-1)/4}` with :math:`C` of :data:`capacity_published_c`:

    >>> import math
    >>> bool(capacity_published(1.0, 2.0, 5, 0.25, 0.5, 0.0).ill_defined)
    True
    >>> C = float(capacity_published_c(1.0, 2.0, 5, 0.25, 0.5, -1.0).value)
    >>> math.isclose(float(capacity_published(1.0, 2.0, 5, 0.25, 0.5, -1.0).value), math.sqrt(0.25) * C)  # d = 5
    True
    """
    return F.sqrt(p_fail) * F.pow(_c(F, beta, m, d, p_fail, R, delta), (d - 1) / 4)


@bound(kind="lower", hypotheses=_HYP, trivial=trivial_capacity, trivial_latex="2", form="published",
       latex=r"M_{\mathrm{Sparse}} \geq p\,C^{\frac{d-1}{4}},\quad " + _LATEX_C,
       source=_SRC + " (the prefactor p of one description)", symbols=_SYM, example={"beta": 1, **_EXAMPLE})
@with_parameters
def capacity_published_p_prefactor(F, beta, m, d, p_fail, R, delta):
    r"""The published capacity with the prefactor :math:`p` of one description (ill-defined through :math:`a`).

    .. math::

        M_{\mathrm{Sparse}}\ge p\,C^{\frac{d-1}4}

    Examples
    --------
    Where it can be evaluated (:math:`R+\delta<0`, a failed hypothesis) it is :math:`p\,C^{(d-1)/4}`:

    >>> import math
    >>> C = float(capacity_published_c(1.0, 2.0, 5, 0.25, 0.5, -1.0).value)
    >>> b = capacity_published_p_prefactor(1.0, 2.0, 5, 0.25, 0.5, -1.0)
    >>> math.isclose(float(b.value), 0.25 * C), b.failed_hypotheses()
    (True, ['R + delta > 0'])
    """
    return p_fail * F.pow(_c(F, beta, m, d, p_fail, R, delta), (d - 1) / 4)



@bound(kind="lower", trivial=trivial_capacity, trivial_latex="2", form="cited",
       hypotheses=(H_BETA, integer_at_least("D_Phi", 2, r"D_\Phi \in \mathbb{Z},\ D_\Phi \geq 2"), H_P_OPEN,
                   positive("R_Phi", r"R_\Phi")),
       latex=(r"M \geq \sqrt{p}\,C^{\frac{D_\Phi-1}{4}},\quad a=\frac{4}{D_\Phi-1}\left(\ln\frac{2\sqrt{p}-2}{R_\Phi}"
              r"+1\right),\quad b=\frac{4\beta}{5(D_\Phi-1)}"),
       source="Restatement by the same group (NeurIPS 2024), in feature space; claim hu2024/capacity-published",
       symbols={"D_Phi": POSINT},
       # R_Phi < 0 (a failed hypothesis) makes the logarithm's argument positive
       example={"beta": 1, "D_Phi": 5, "p_fail": Fraction(1, 4), "R_Phi": Fraction(-1, 2)})
@with_parameters
def capacity_published_feature_space(F, beta, D_Phi, p_fail, R_Phi):
    r"""The published capacity restated in feature space (ill-defined: the logarithm of a negative number).

    .. math::

        M\ge\sqrt p\,C^{\frac{D_\Phi-1}4},\quad C=\frac{b}{W_0(e^{a+\ln b})},\quad
        a=\frac4{D_\Phi-1}\Big(\ln\frac{2\sqrt p-2}{R_\Phi}+1\Big),\quad b=\frac{4\beta}{5(D_\Phi-1)}

    Examples
    --------
    Ill-defined where the hypotheses hold; with :math:`R_\Phi<0` the formula can be evaluated:

    >>> import math
    >>> from scipy.special import lambertw
    >>> bool(capacity_published_feature_space(1.0, 5, 0.25, 0.5).ill_defined)
    True
    >>> a = 4 / (5 - 1) * (math.log((2 * math.sqrt(0.25) - 2) / -0.5) + 1)
    >>> b = 4 * 1.0 / (5 * (5 - 1))
    >>> C = b / lambertw(math.exp(a + math.log(b))).real
    >>> value = float(capacity_published_feature_space(1.0, 5, 0.25, -0.5).value)
    >>> math.isclose(value, math.sqrt(0.25) * C ** ((5 - 1) / 4))
    True
    """
    a = F.div(4, D_Phi - 1) * (F.log(F.div(2 * F.sqrt(p_fail) - 2, R_Phi)) + 1)
    b = F.div(4 * beta, 5 * (D_Phi - 1))
    c = b / F.wexp(a + F.log(b))
    return F.sqrt(p_fail) * F.pow(c, (D_Phi - 1) / 4)
