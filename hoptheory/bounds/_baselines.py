r"""What the capacity formulas of the binary associative memories share.

The classical Hopfield network (Hopfield 1982; McEliece et al. 1987) and the dense associative
memories (Krotov and Hopfield 2016; Demircigil et al. 2017) state their capacities as values in the
same few parameters: the number of neurons ``d``, the interaction order ``n``, a load constant
``alpha_n`` and a fraction ``rho`` of corrupted bits.  Each parameter name carries one hypothesis,
one set of SymPy assumptions and one meaning (:data:`PARAMETERS`), so :func:`capacity` declares a
formula from its signature alone.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Mapping

from ._core import Bound
from ._declare import bound, glossary
from ._hypotheses import greater_than, in_interval, integer_at_least

__all__ = ["H_ALPHA", "H_D", "H_N", "H_RHO", "INTEGER", "PARAMETERS", "capacity"]

#: SymPy assumptions of an integer count.
INTEGER = {"positive": True, "integer": True}

H_D = integer_at_least("d", 2, r"d\in\mathbb{Z},\ d\geq2")
H_N = integer_at_least("n", 2, r"n\in\mathbb{Z},\ n\geq2")
H_ALPHA = greater_than("alpha_n", 0, r"\alpha_n>0")
H_RHO = in_interval("rho", 0, 0.5, r"0\leq\varrho<\frac{1}{2}", closed_low=True)

#: What each parameter name means, for the ``Parameters`` sections.
PARAMETERS = glossary(r"""
    d : int
        Number of neurons :math:`d\ge2`.
    n : int
        Interaction order :math:`n\ge2`.
    alpha_n : float
        Load constant :math:`\alpha_n>0`.
    rho : float
        Fraction of corrupted bits, :math:`0\le\varrho<1/2`.
""")

# parameter name → (its hypothesis, its SymPy assumptions)
_BY_NAME = {"d": (H_D, INTEGER), "n": (H_N, INTEGER), "alpha_n": (H_ALPHA, None),
            "rho": (H_RHO, {"nonnegative": True})}


def capacity(*, latex: str, source: str, example: Mapping[str, Any], form: str = "published",
             name: str | None = None) -> Callable[[Callable[..., Any]], Bound]:
    """Declare a capacity formula ``formula(F, ...)`` in the parameters ``d``, ``n``, ``alpha_n``, ``rho``.

    A value (:func:`~hoptheory.bounds.bound` with ``kind="value"``) whose hypotheses, SymPy
    assumptions and ``Parameters`` section are those of its parameter names, in signature order.
    """

    def declare(formula: Callable[..., Any]) -> Bound:
        names = list(inspect.signature(formula).parameters)[1:]
        return bound(kind="value", form=form, hypotheses=tuple(_BY_NAME[p][0] for p in names),
                     symbols={p: _BY_NAME[p][1] for p in names if _BY_NAME[p][1]}, latex=latex, source=source,
                     example=example, name=name, parameters=PARAMETERS)(formula)

    return declare
