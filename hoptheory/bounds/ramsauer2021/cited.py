r"""Ramsauer et al. (2021), cited results: Theorem A10 (Demircigil et al. 2017), the capacity of the
binary exponential-interaction model.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import in_interval
from ._common import src

__all__ = ["demircigil_exponent_threshold", "demircigil_rate_function"]

_SOURCE = src("Theorem A10 (cited from Demircigil et al. 2017)")


def _xlogx(F, t):
    r""":math:`t\ln t` with :math:`0\ln0:=0` (a negative ``t`` is outside the domain)."""
    return F.cases(t, (
        ("==", 1.0, lambda K, s: 0 * s),
        ("!=", 1.0, lambda K, s: s * K.log(s)),
    ))


def _rate_I(F, a):
    r""":math:`I(a)=\frac12\bigl((1+a)\ln(1+a)+(1-a)\ln(1-a)\bigr)`."""
    return (_xlogx(F, 1 + a) + _xlogx(F, 1 - a)) / 2


@bound(latex=r"I(a)=\frac{1}{2}\left((1+a)\ln(1+a)+(1-a)\ln(1-a)\right)", kind="value", source=_SOURCE,
       form="cited",
       hypotheses=(in_interval("a", -1, 1, r"-1\leq a\leq 1", closed_low=True, closed_high=True,
                               name="-1 <= a <= 1"),),
       symbols={"a": {"real": True}}, example={"a": Fraction(1, 2)})
def demircigil_rate_function(F, a):
    r"""The rate function :math:`I` of Theorem A10 (with :math:`0\ln0:=0`).

    .. math:: I(a)=\frac12\bigl((1+a)\ln(1+a)+(1-a)\ln(1-a)\bigr),\qquad a\in[-1,1].

    Parameters
    ----------
    a : float
        :math:`a\in[-1,1]`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(demircigil_rate_function(0.5)), (1.5 * math.log(1.5) + 0.5 * math.log(0.5)) / 2)
    True
    """
    return _rate_I(F, a)


@bound(latex=r"\alpha<\frac{I(1-2\varrho)}{2}", kind="value", source=_SOURCE, form="cited",
       hypotheses=(in_interval("rho", 0, 0.5, r"0\leq\varrho<\frac{1}{2}", closed_low=True,
                               name="0 <= rho < 1/2"),),
       symbols={"rho": {"nonnegative": True}}, example={"rho": Fraction(1, 4)})
def demircigil_exponent_threshold(F, rho):
    r"""The largest exponent :math:`\alpha` such that :math:`e^{\alpha d}+1` memories are restored (Theorem A10).

    Restored from the Hamming radius :math:`\varrho d`.

    .. math:: \alpha<\frac{I(1-2\varrho)}{2},\qquad0\le\varrho<\tfrac12.

    Parameters
    ----------
    rho : float
        Hamming radius fraction :math:`\varrho\in[0,\tfrac12)`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(demircigil_exponent_threshold(0.25)), (1.5 * math.log(1.5) + 0.5 * math.log(0.5)) / 4)
    True
    """
    return _rate_I(F, 1 - 2 * rho) / 2
