r"""Bounds, thresholds and capacity formulas of Ramsauer et al. (2021), dense Hopfield model.

H. Ramsauer et al., *Hopfield Networks is All You Need*, ICLR 2021, arXiv:2008.02217 (v3).
Every formula is written in hoptheory's notation (conventions); where the catalogue gives a corrected
or derived form it is a separate object whose name says so.

Symbols
-------
=====================  ===========================================  =========================================
paper                  hoptheory (math)                             code parameter
=====================  ===========================================  =========================================
:math:`N`              :math:`M` (number of memories)               ``M``
:math:`x_i`            :math:`\xi_\mu` (columns)                    ``Xi[:, mu]``, ``Xi`` of shape ``(d, M)``
:math:`\xi`            :math:`x` (query)                            ``x``, shape ``(d,)`` or ``(d, N)``
:math:`M`              :math:`m=\max_\mu\|\xi_\mu\|`                ``m``
:math:`\beta`          :math:`\beta>0`                              ``beta``
:math:`\Delta_i`       :math:`\Delta_\mu`                           ``Delta``
:math:`c` (Lemma A4)   :math:`\tilde\Delta_\mu(x)`                  ``query_sep``
:math:`m` (Lemma A2)   :math:`s=\max_\mu p_\mu(1-p_\mu)`            ``s``
:math:`m_{\max}`       :math:`r_c`, :math:`r_l`                     ``r_c``, ``r_l``
:math:`K`              :math:`K`, with :math:`m=K\sqrt{d-1}`        ``K``
:math:`p`              :math:`p_{\mathrm f}` (failure probability)  ``p_fail``
:math:`a, b, c`        :math:`a, b, c`                              ``a``, ``b``, ``c``
:math:`\alpha_{\min}`  :math:`\alpha_{\min}`                        ``alpha_min`` or ``cos_alpha_min``
=====================  ===========================================  =========================================

Further parameters: ``dist`` is :math:`\|x-\xi_\mu\|`, ``max_dist`` is
:math:`\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|`, ``r`` is :math:`\max\{\|x-\xi_\mu\|,\|x^*_\mu-\xi_\mu\|\}`
in the retrieval theorems and ``fixed_point_dist`` is :math:`\|x-x^*_\mu\|` (Theorem A8), ``epsilon``
and ``gamma`` are the tail masses
:math:`\epsilon`, :math:`\gamma` of Lemmas A2 and A8, ``p_max`` is :math:`\max_\mu p_\mu`,
``l`` is the size of a metastable group, ``n`` the index of :math:`C_n`, ``u`` the argument of
:math:`W_0(e^u)`, ``rho`` the Hamming radius fraction :math:`\varrho` of Theorem A10.
Indices ``mu`` are 0-based in code (:math:`\mu\in[M]` in the text).

How to use
----------
Each bound is a :class:`~hoptheory.bounds.Bound`, called with its parameters by position (in the
order of ``bound.parameters``) or by name::

    >>> from hoptheory.bounds.ramsauer2021 import capacity_constant
    >>> round(float(capacity_constant(beta=1.0, K=3.0, d=20, p_fail=0.001)), 4)
    3.1546
    >>> round(float(capacity_constant(1.0, 1.0, 75, 0.001)), 4)   # printed as 1.3718 (truncated)
    1.3719

``bound(...)`` is vectorised over broadcastable arrays of any array-API namespace and returns a
:class:`~hoptheory.bounds.BoundResult` (value, failed hypotheses, ill-definedness, vacuity against
the trivial bound); ``bound.sympy()`` is the SymPy twin, ``bound.mp(...)`` the 50-digit value and
``bound.certified(...)`` an interval that contains the exact value.  ``help(bound)`` shows its
definition, hypotheses and source.  The functions ending in ``_at`` (module :mod:`.on_data`) compute
the parameters from a memory matrix ``Xi`` and a query ``x`` and return the bound's result.

Numerical notes
---------------
* Exponentials are evaluated as printed.  Where a bound's exponent is large and positive (the
  separation hypothesis badly fails, large :math:`\beta`) the value overflows; the result then
  reports it as non-finite (``ill_defined`` with the reason "non-finite value"), never as a
  number.  In the well-separated regime the exponentials underflow harmlessly to 0.
* Piecewise formulas (Corollary A1, Theorem A6, :math:`0\ln0`) use the kits' ``cases``, and the
  Gamma-function constants the kits' ``gamma_ratio``, so each formula is written once and has an
  array, SymPy, mpmath and interval version.
* In Theorem A7 the logarithm :math:`\ln(2c^{(d-1)/2}\beta(d-1)K^2)` is expanded into
  :math:`\ln2+\frac{d-1}{2}\ln c+\ln(\beta(d-1)K^2)` (the same number) so that large
  :math:`d` does not overflow.

Sections (one module each, in the order of the claim catalogue): :mod:`.dynamics`,
:mod:`.fixed_points`, :mod:`.metastable`, :mod:`.capacity`, :mod:`.capacity_lambert`,
:mod:`.dimension`, :mod:`.capacity_expected`, :mod:`.retrieval`, :mod:`.cited`.

Bounds
------
The list below is generated from the bound objects (name, parameters, what the bound is).
"""

from __future__ import annotations

from typing import Any, Callable

from .._core import Bound
from .._declare import declared_bounds
from . import capacity, capacity_expected, capacity_lambert, cited, dimension, dynamics, fixed_points
from . import metastable, on_data, retrieval
from .capacity import *  # noqa: F403
from .dimension import *  # noqa: F403
from .capacity_expected import *  # noqa: F403
from .capacity_lambert import *  # noqa: F403
from .cited import *  # noqa: F403
from .dynamics import *  # noqa: F403
from .fixed_points import *  # noqa: F403
from .metastable import *  # noqa: F403
from .on_data import *  # noqa: F403
from .retrieval import *  # noqa: F403

#: The sections of the paper, in the order of the claim catalogue.
SECTIONS = (dynamics, fixed_points, metastable, capacity, capacity_lambert, dimension, capacity_expected,
            retrieval, cited)

#: Every bound of the paper, name → :class:`~hoptheory.bounds.Bound`, in declaration order.
BOUNDS: dict[str, Bound] = {name: b for section in SECTIONS for name, b in declared_bounds(section.__name__).items()}

#: The bounds evaluated on data (memories, queries, index, inverse temperature), name → function.
AT_FUNCTIONS: dict[str, Callable[..., Any]] = {name: getattr(on_data, name) for name in on_data.__all__}


def _doc_entry(b: Bound) -> str:
    return f"``{b.name}({', '.join(b.parameters)})``\n    {(b.__doc__ or '').splitlines()[0]}\n"


__doc__ = (__doc__ or "") + "\n" + "\n".join(_doc_entry(b) for b in BOUNDS.values())

__all__ = sorted(BOUNDS) + sorted(AT_FUNCTIONS) + ["AT_FUNCTIONS", "BOUNDS", "SECTIONS"]
