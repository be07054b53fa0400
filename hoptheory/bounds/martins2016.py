r"""Lipschitz bound and scale thresholds of sparsemax (Martins & Astudillo 2016).

A. F. T. Martins, R. F. Astudillo, *From Softmax to Sparsemax: A Sparse Model of Attention and
Multi-Label Classification*, ICML 2016, arXiv:1602.02068 [1]_.  Every formula is a
:class:`~hoptheory.bounds.Bound` declared with :func:`~hoptheory.bounds.bound`.  *Published* forms
are reconstructed from secondary descriptions; *derived* forms are hoptheory's own.  Claim IDs
are those of the martins2016 records of ``hoptheory.claims``.

Notes
-----
**Symbols.** Scores :math:`z\in\mathbb R^M` sorted as :math:`z_{(1)}\ge\dots\ge z_{(M)}`;
``z_dist`` is :math:`\lVert z-z'\rVert`; ``top_gap`` is :math:`z_{(1)}-z_{(2)}>0`; ``gap_sum`` is
:math:`\sum_{j\le k}(z_{(j)}-z_{(k)})>0`; ``mean_gap`` is :math:`\bar z-z_{(M)}>0` with
:math:`\bar z` the mean; ``M`` the number of coordinates.

**Bounds**

* ``sparsemax_lipschitz_bound(z_dist)``, *published*:
  :math:`\lVert\mathrm{sparsemax}(z)-\mathrm{sparsemax}(z')\rVert\le\lVert z-z'\rVert` (claim
  ``sparsemax-properties``).
* ``sparsemax_one_hot_beta(top_gap)``, *derived*: :math:`\beta\ge1/(z_{(1)}-z_{(2)})` makes
  :math:`\mathrm{sparsemax}(\beta z)` one-hot (claim ``sparsemax-properties``).
* ``sparsemax_full_support_beta(M, mean_gap)``, *derived*: for
  :math:`\beta\le1/(M(\bar z-z_{(M)}))`, :math:`\mathrm{sparsemax}(\beta z)=\mathbf 1/M+\beta(z-\bar z\mathbf 1)`
  (claim ``sparsemax-properties``).
* ``sparsemax_support_breakpoint(gap_sum)``, *derived*: :math:`\beta_k=1/\sum_{j\le k}(z_{(j)}-z_{(k)})`,
  the scale at which the :math:`k`-th largest score leaves the support (claim
  ``support-monotone-beta``).

References
----------
.. [1] A. F. T. Martins and R. F. Astudillo, "From softmax to sparsemax: a sparse model of
   attention and multi-label classification", ICML 2016, arXiv:1602.02068.
"""

from __future__ import annotations

from fractions import Fraction

from ._declare import bound
from ._hypotheses import at_least, greater_than, integer_at_least

__all__ = [
    "BOUNDS",
    "sparsemax_full_support_beta",
    "sparsemax_lipschitz_bound",
    "sparsemax_one_hot_beta",
    "sparsemax_support_breakpoint",
]

_SRC = "Martins & Astudillo, From Softmax to Sparsemax, ICML 2016 (label unconfirmed)"
_DERIVED = "hoptheory (derived), after " + _SRC


@bound(kind="upper", form="published", hypotheses=(at_least("z_dist", 0.0, r"\Vert z-z'\Vert\geq0"),),
       symbols={"z_dist": {"nonnegative": True}},
       latex=r"\Vert\mathrm{sparsemax}(z)-\mathrm{sparsemax}(z')\Vert\leq\Vert z-z'\Vert",
       source=_SRC + "; claim martins2016/sparsemax-properties", example={"z_dist": Fraction(1, 2)})
def sparsemax_lipschitz_bound(F, z_dist):
    r"""Lipschitz bound of sparsemax, a Euclidean projection onto a convex set.

    .. math::

        \lVert\operatorname{sparsemax}(z)-\operatorname{sparsemax}(z')\rVert \le 1\cdot\lVert z-z'\rVert

    Equality holds when :math:`z'-z` has zero sum and lives on a common support of both outputs.

    Parameters
    ----------
    z_dist : float
        :math:`\lVert z-z'\rVert`.

    Examples
    --------
    >>> float(sparsemax_lipschitz_bound(0.5).value)
    0.5
    """
    return 1 * z_dist


@bound(kind="value", form="derived", hypotheses=(greater_than("top_gap", 0.0, r"z_{(1)}-z_{(2)}>0"),),
       latex=r"\beta\geq\frac{1}{z_{(1)}-z_{(2)}}", source=_DERIVED + "; claim martins2016/sparsemax-properties",
       example={"top_gap": Fraction(1, 4)})
def sparsemax_one_hot_beta(F, top_gap):
    r"""Scale from which :math:`\operatorname{sparsemax}(\beta z)` is the one-hot argmax.

    .. math::

        \beta \ge \frac{1}{z_{(1)}-z_{(2)}} \iff \operatorname{sparsemax}(\beta z) = e_{(1)}

    (the one-hot criterion :math:`\beta(z_{(1)}-z_{(2)})\ge1`, i.e. the margin 1).

    Parameters
    ----------
    top_gap : float
        :math:`z_{(1)}-z_{(2)}>0` (a unique maximum).

    Examples
    --------
    >>> float(sparsemax_one_hot_beta(0.25).value)
    4.0
    """
    return F.div(1, top_gap)


@bound(kind="value", form="derived",
       hypotheses=(integer_at_least("M", 2, r"M\in\mathbb{Z},\ M\geq2"),
                   greater_than("mean_gap", 0.0, r"\bar z-z_{(M)}>0")),
       latex=r"\beta\leq\frac{1}{M(\bar z-z_{(M)})}", source=_DERIVED + "; claim martins2016/sparsemax-properties",
       example={"M": 4, "mean_gap": Fraction(1, 2)})
def sparsemax_full_support_beta(F, M, mean_gap):
    r"""Scale up to which :math:`\operatorname{sparsemax}(\beta z)` is the affine map around the uniform vector.

    .. math::

        \beta \le \frac{1}{M(\bar z-z_{(M)})} \implies
        \operatorname{sparsemax}(\beta z) = \tfrac1M\mathbf 1 + \beta(z-\bar z\mathbf 1),

    with :math:`\bar z=\frac1M\sum_iz_i` (full support: every coordinate
    :math:`\tfrac1M+\beta(z_i-\bar z)\ge0`); hence :math:`\operatorname{sparsemax}(\beta z)\to\mathbf 1/M`
    as :math:`\beta\to0`, at rate :math:`\beta\lVert z-\bar z\mathbf 1\rVert`.

    Parameters
    ----------
    M : int
        Number of coordinates, :math:`M\ge2`.
    mean_gap : float
        :math:`\bar z-z_{(M)}>0` (scores not all equal).

    Examples
    --------
    >>> float(sparsemax_full_support_beta(4, 0.5).value)
    0.5
    """
    return F.div(1, M * mean_gap)


@bound(kind="value", form="derived", hypotheses=(greater_than("gap_sum", 0.0, r"\sum_{j\leq k}(z_{(j)}-z_{(k)})>0"),),
       latex=r"\beta_k=\frac{1}{\sum_{j\leq k}(z_{(j)}-z_{(k)})}",
       source=_DERIVED + "; claim martins2016/support-monotone-beta", example={"gap_sum": Fraction(3, 2)})
def sparsemax_support_breakpoint(F, gap_sum):
    r"""Scale at which the :math:`k`-th largest score leaves the support of :math:`\operatorname{sparsemax}(\beta z)`.

    .. math::

        \beta_k = \frac{1}{\sum_{j\le k}(z_{(j)}-z_{(k)})},\qquad
        z_{(k)}\in S(\beta z) \iff \beta < \beta_k ,

    because the support condition :math:`1+kz_{(k)}>\sum_{j\le k}z_{(j)}` at :math:`\beta z` reads
    :math:`\beta\sum_{j\le k}(z_{(j)}-z_{(k)})<1`.  The sums grow with :math:`k`, so
    :math:`\beta_2\ge\beta_3\ge\dots` and the support size :math:`\#\{k:\beta<\beta_k\}` does not
    increase with :math:`\beta`.

    Parameters
    ----------
    gap_sum : float
        :math:`\sum_{j\le k}(z_{(j)}-z_{(k)})>0`.

    Examples
    --------
    >>> z = [1.0, 0.5, 0.25]          # k = 3: (1 - 0.25) + (0.5 - 0.25) = 1
    >>> float(sparsemax_support_breakpoint(sum(v - z[2] for v in z)).value)
    1.0
    """
    return F.div(1, gap_sum)


BOUNDS = {b.name: b for b in (sparsemax_lipschitz_bound, sparsemax_one_hot_beta, sparsemax_full_support_beta,
                              sparsemax_support_breakpoint)}
