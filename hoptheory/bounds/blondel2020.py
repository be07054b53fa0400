r"""Margins and bisection brackets of Fenchel–Young losses (Blondel, Martins & Niculae 2020).

M. Blondel, A. F. T. Martins, V. Niculae, *Learning with Fenchel–Young Losses*, JMLR 21 (2020),
arXiv:1901.02324 [1]_.  Every formula is a :class:`~hoptheory.bounds.Bound` declared with
:func:`~hoptheory.bounds.bound`.  *Published* forms are reconstructed from secondary descriptions
(labels unconfirmed); *derived* forms are hoptheory's own.  Claim IDs are those of
the blondel2020 records of ``hoptheory.claims``.

Notes
-----
**Symbols.** A separable negentropy is :math:`\Omega(p)=\sum_ig(p_i)` on :math:`\Delta^M`;
``dg_one`` is :math:`g'(1)`, ``dg_zero`` is :math:`g'(0^+)` (finite for a sparse map),
``dg_one_over_M`` is :math:`g'(1/M)`; ``alpha`` is the Tsallis index :math:`\alpha>1`, ``M`` the
number of coordinates, ``width`` the bracket width and ``k`` the number of halvings.

**Bounds**

* ``separable_margin(dg_one, dg_zero)``, *published*: the margin
  :math:`\lambda_\Omega=g'(1)-g'(0)` (claim ``margin``).
* ``tsallis_margin(alpha)``, *derived*: :math:`1/(\alpha-1)`;
  ``tsallis_margin_alpha_scaled(alpha)``: :math:`\alpha/(\alpha-1)` for the scaling
  :math:`(\sum_ip_i^\alpha-1)/(\alpha-1)=\alpha\Omega_\alpha` (claim ``margin``).
* ``threshold_bracket_width(dg_one, dg_one_over_M)``, *published*: the width
  :math:`g'(1)-g'(1/M)` of the bracket
  :math:`\tau\in[\max_i\theta_i-g'(1),\max_i\theta_i-g'(1/M)]` (claim ``separable-threshold``).
* ``tsallis_bracket_width(alpha, M)``, *derived*: :math:`(1-M^{1-\alpha})/(\alpha-1)`, the same
  width for the Tsallis generator (either scaling of it).
* ``bisection_error_bound(width, k)``, *derived*: :math:`\mathrm{width}/2^k`, the distance of
  the bracket's left end to :math:`\tau` after :math:`k` halvings.

References
----------
.. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel–Young losses",
   JMLR 21 (2020), arXiv:1901.02324.
"""

from __future__ import annotations

from fractions import Fraction

from ._declare import bound, glossary
from ._hypotheses import at_least, greater_than, hypothesis, integer_at_least

__all__ = [
    "BOUNDS",
    "bisection_error_bound",
    "separable_margin",
    "threshold_bracket_width",
    "tsallis_bracket_width",
    "tsallis_margin",
    "tsallis_margin_alpha_scaled",
]

_SRC = "Blondel, Martins & Niculae, Learning with Fenchel-Young Losses, JMLR 2020 (label unconfirmed)"
_DERIVED = "hoptheory (derived), after " + _SRC
_REAL = {"real": True}

H_ALPHA = greater_than("alpha", 1.0, r"\alpha>1")
H_M = integer_at_least("M", 1, r"M\in\mathbb{Z},\ M\geq1")
H_K = integer_at_least("k", 0, r"k\in\mathbb{Z},\ k\geq0")
H_WIDTH = at_least("width", 0.0, r"g'(1)-g'(1/M)\geq0")
H_MONOTONE = hypothesis("dg_one >= dg_zero", r"g'(1)\geq g'(0)", lambda xp, **p: p["dg_one"] >= p["dg_zero"])
H_MONOTONE_M = hypothesis("dg_one >= dg_one_over_M", r"g'(1)\geq g'(1/M)",
                          lambda xp, **p: p["dg_one"] >= p["dg_one_over_M"])


#: The parameters of the Tsallis bounds.
_TSALLIS = glossary(r"""
    alpha : float
        Tsallis index :math:`\alpha>1`.
    M : int
        Number of coordinates, :math:`M\geq1`.
""")
# what the two margins of the Tsallis negentropy share
_MARGIN = dict(kind="value", form="derived", hypotheses=(H_ALPHA,), parameters=_TSALLIS,
               source=_DERIVED + "; claim blondel2020/margin", example={"alpha": Fraction(3, 2)})


@bound(kind="value", form="published", hypotheses=(H_MONOTONE,), symbols={"dg_one": _REAL, "dg_zero": _REAL},
       latex=r"\lambda_\Omega=g'(1)-g'(0)", source=_SRC + "; claim blondel2020/margin",
       example={"dg_one": Fraction(2, 3), "dg_zero": Fraction(-4, 3)})
def separable_margin(F, dg_one, dg_zero):
    r"""Margin of the Fenchel–Young loss of a separable negentropy :math:`\Omega(p)=\sum_ig(p_i)`.

    .. math::

        \lambda_\Omega = g'(1) - g'(0^+)

    The smallest :math:`\lambda` with :math:`\hat y_\Omega(\theta)=e_k` whenever
    :math:`\theta_k-\max_{j\ne k}\theta_j\ge\lambda`; there is none when :math:`g'(0^+)=-\infty`.

    Parameters
    ----------
    dg_one, dg_zero : float
        :math:`g'(1)` and the finite :math:`g'(0^+)`.

    Examples
    --------
    >>> alpha = 1.5  # the package's Tsallis generator: g'(1) = 1/alpha, g'(0) = -1/(alpha (alpha - 1))
    >>> float(separable_margin(1 / alpha, -1 / (alpha * (alpha - 1))).value) == 1 / (alpha - 1)
    True
    """
    return dg_one - dg_zero


@bound(**_MARGIN, latex=r"\lambda_{\Omega_\alpha}=\frac{1}{\alpha-1}")
def tsallis_margin(F, alpha):
    r"""Margin of the Tsallis negentropy :math:`\Omega_\alpha=(\sum_ip_i^\alpha-1)/(\alpha(\alpha-1))`.

    .. math::

        \lambda_{\Omega_\alpha} = \frac{1}{\alpha-1}

    Sparsemax (:math:`\alpha=2`) has margin 1.

    Examples
    --------
    >>> [float(tsallis_margin(a).value) for a in (1.25, 1.5, 2.0, 3.0)]
    [4.0, 2.0, 1.0, 0.5]
    """
    return F.div(1, alpha - 1)


@bound(**_MARGIN, latex=r"\lambda_{\alpha\Omega_\alpha}=\frac{\alpha}{\alpha-1}")
def tsallis_margin_alpha_scaled(F, alpha):
    r"""Margin of the Tsallis negentropy in the scaling :math:`(\sum_ip_i^\alpha-1)/(\alpha-1)=\alpha\,\Omega_\alpha`.

    .. math::

        \lambda_{\alpha\Omega_\alpha} = \frac{\alpha}{\alpha-1}

    The map of :math:`\alpha\Omega_\alpha` at :math:`\theta` is :math:`\operatorname{entmax}_\alpha(\theta/\alpha)`.

    Examples
    --------
    >>> float(tsallis_margin_alpha_scaled(1.5).value) == 1.5 / 0.5
    True
    """
    return F.div(alpha, alpha - 1)


@bound(kind="upper", form="published", hypotheses=(H_MONOTONE_M,),
       symbols={"dg_one": _REAL, "dg_one_over_M": _REAL},
       latex=r"\tau-(\max_i\theta_i-g'(1))\leq g'(1)-g'(1/M)",
       source=_SRC + "; claim blondel2020/separable-threshold",
       example={"dg_one": 0, "dg_one_over_M": Fraction(-1, 2)})
def threshold_bracket_width(F, dg_one, dg_one_over_M):
    r"""Width of the bisection bracket of the threshold of a separable negentropy.

    .. math::

        \tau\in\bigl[\max_i\theta_i-g'(1),\ \max_i\theta_i-g'(1/M)\bigr],\qquad
        \text{width} = g'(1) - g'(1/M)

    Both distances :math:`\tau-(\max\theta-g'(1))` and :math:`(\max\theta-g'(1/M))-\tau` are at
    most the width; they reach it at a uniform and at a one-hot output.

    Parameters
    ----------
    dg_one, dg_one_over_M : float
        :math:`g'(1)` and :math:`g'(1/M)`.

    Examples
    --------
    >>> dg = lambda t: t - 0.5  # Gini: g(t) = (t^2 - t)/2
    >>> float(threshold_bracket_width(dg(1), dg(1 / 4)).value)  # M = 4
    0.75
    """
    return dg_one - dg_one_over_M


@bound(kind="upper", form="derived", hypotheses=(H_ALPHA, H_M), parameters=_TSALLIS,
       latex=r"g'(1)-g'(1/M)=\frac{1-M^{1-\alpha}}{\alpha-1}",
       source=_DERIVED + "; claim blondel2020/separable-threshold", example={"alpha": 2, "M": 4})
def tsallis_bracket_width(F, alpha, M):
    r"""Bracket width of the Tsallis threshold, for either generator of the catalogue.

    .. math::

        g'(1)-g'(1/M) = \frac{1-M^{1-\alpha}}{\alpha-1},

    with :math:`g(t)=(t^\alpha-t)/(\alpha(\alpha-1))` (the package) or
    :math:`\tilde g(t)=(t^\alpha-\alpha t)/(\alpha(\alpha-1))` (reference code): they differ by a
    linear term, so :math:`g'-\tilde g'` is constant.

    Examples
    --------
    >>> alpha, M = 1.5, 7
    >>> dg = lambda t: (alpha * t ** (alpha - 1) - 1) / (alpha * (alpha - 1))
    >>> abs(float(tsallis_bracket_width(alpha, M).value) - (dg(1) - dg(1 / M))) < 1e-15
    True
    """
    return F.div(1 - F.pow(M, 1 - alpha), alpha - 1)


@bound(kind="upper", form="derived", hypotheses=(H_WIDTH, H_K), symbols={"width": {"nonnegative": True},
                                                                       "k": {"nonnegative": True, "integer": True}},
       latex=r"0\leq\tau-\tau_k\leq\frac{g'(1)-g'(1/M)}{2^k}",
       source=_DERIVED + "; claim blondel2020/separable-threshold", example={"width": Fraction(3, 4), "k": 3})
def bisection_error_bound(F, width, k):
    r"""Error of the threshold's bisection after :math:`k` halvings of its bracket.

    .. math::

        0 \le \tau - \tau_k \le \frac{g'(1)-g'(1/M)}{2^k},

    with :math:`\tau_k` the left end of the bracket after :math:`k` halvings (the normalisation
    sum is at least one there).  :math:`k\ge\log_2(\text{width}/\varepsilon)` halvings certify an
    error at most :math:`\varepsilon`.

    Parameters
    ----------
    width : float
        The initial bracket width :math:`g'(1)-g'(1/M)\ge0`.
    k : int
        Number of halvings.

    Examples
    --------
    >>> float(bisection_error_bound(0.75, 3).value) == 0.75 / 8
    True
    """
    return F.div(width, F.pow(2, k))


BOUNDS = {b.name: b for b in (separable_margin, tsallis_margin, tsallis_margin_alpha_scaled, threshold_bracket_width,
                              tsallis_bracket_width, bisection_error_bound)}
