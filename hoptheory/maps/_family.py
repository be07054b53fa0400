r"""Regulariser families: one probability map bundled with its mathematical objects.

A family is a strictly convex negentropy :math:`\Omega` on the simplex together with

.. math::

    \Omega^\star(\theta)=\max_{p\in\Delta^M}\langle\theta,p\rangle-\Omega(p),\qquad
    \hat y_\Omega(\theta)=\nabla\Omega^\star(\theta)
    =\operatorname*{arg\,max}_{p\in\Delta^M}\langle\theta,p\rangle-\Omega(p),

the Jacobian :math:`J_{\hat y}`, the threshold :math:`\tau` of the sparse maps and the margin
:math:`\lambda_\Omega` (conventions §3).  Every object is one of the functions of
:mod:`hoptheory.maps`; a family only chooses them, so code written against a :class:`Family`
never branches on the name of a map.

=================  =====  ==============  ==========================  ==================
instance           α      map             :math:`\Omega(p)`           :math:`\lambda_\Omega`
=================  =====  ==============  ==========================  ==================
:data:`SHANNON`    1      softmax         :math:`\sum_ip_i\log p_i`   :math:`\infty`
``tsallis(α)``     α > 1  α-entmax        :math:`\Omega_\alpha(p)`    :math:`1/(\alpha-1)`
:data:`GINI`       2      sparsemax       :math:`\tfrac12(\lVert p\rVert^2-1)`   1
=================  =====  ==============  ==========================  ==================

Examples
--------
>>> import numpy as np
>>> from hoptheory.maps import GINI, SHANNON
>>> z = np.array([1.0, 0.25, -0.5])
>>> bool(np.allclose(SHANNON.map(z), np.exp(z) / np.exp(z).sum()))
True
>>> GINI.map(z).tolist(), float(GINI.threshold(z))  # [z - tau]_+ with tau = (1 + 0.25 - 1) / 2
([0.875, 0.125, 0.0], 0.125)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable

from ..backend import check_alpha, get_namespace
from ._entmax import (
    entmax,
    entmax_jacobian,
    entmax_threshold,
    gradient_weights,
    margin,
    support_size,
    tsallis_conjugate,
    tsallis_negentropy,
)
from ._softmax import shannon_conjugate, shannon_negentropy, softmax, softmax_jacobian
from ._sparsemax import gini_conjugate, gini_negentropy, sparsemax, sparsemax_jacobian, sparsemax_threshold

__all__ = ["GINI", "SHANNON", "Family", "family", "tsallis"]


@dataclass(frozen=True)
class Family:
    r"""A negentropy :math:`\Omega` on :math:`\Delta^M` and the objects derived from it.

    .. math::

        \hat y_\Omega(\theta)=\operatorname*{arg\,max}_{p\in\Delta^M}\langle\theta,p\rangle-\Omega(p),
        \qquad
        \Omega^\star(\theta)=\max_{p\in\Delta^M}\langle\theta,p\rangle-\Omega(p),

    so that :math:`\Omega(p)+\Omega^\star(\theta)=\langle p,\theta\rangle` at
    :math:`p=\hat y_\Omega(\theta)` (Fenchel–Young equality) and
    :math:`\nabla\Omega^\star=\hat y_\Omega` (Danskin).  Build one with :data:`SHANNON`,
    :data:`GINI`, :func:`tsallis` or :func:`family`; two families are equal when their
    name and :math:`\alpha` are.

    Attributes
    ----------
    name : str
        The map: ``"softmax"``, ``"sparsemax"`` or ``"entmax"``.
    alpha : float
        Tsallis index :math:`\alpha\ge1` (1 Shannon, 2 Gini).
    margin : float
        :math:`\lambda_\Omega`, the smallest :math:`\lambda` with :math:`\hat y_\Omega(\theta)=e_k`
        whenever :math:`\theta_k-\max_{j\ne k}\theta_j\ge\lambda`: :math:`1/(\alpha-1)`,
        :math:`+\infty` for softmax.
    sparse : bool
        Whether the map can return exact zeros (:math:`\alpha>1`).
    map : callable ``(z, axis=-1) -> p``
        :math:`\hat y_\Omega(z)` along ``axis``.
    jacobian : callable ``(z) -> J``
        :math:`J_{\hat y}(z)`, shape ``(..., M, M)``, along the last axis.
    negentropy : callable ``(p, axis=-1) -> Omega``
        :math:`\Omega(p)`, ``axis`` reduced.
    conjugate : callable ``(theta, axis=-1) -> Omega_star``
        :math:`\Omega^\star(\theta)`, ``axis`` reduced.
    threshold : callable ``(z, axis=-1) -> tau``
        :math:`\tau(z)` with :math:`p_i=[(\alpha-1)z_i-\tau]_+^{1/(\alpha-1)}`, ``axis``
        reduced; ``ValueError`` for softmax (no entry is cut off; the limit
        :math:`\alpha\to1` of the threshold is :math:`-1`).
    support_size : callable ``(z, axis=-1) -> kappa``
        :math:`\kappa(z)=\lVert\hat y_\Omega(z)\rVert_0` (:math:`M` for softmax).
    jacobian_factors : callable ``(z) -> (g, total)``
        The factors of :math:`J_{\hat y}(z)=\operatorname{diag}(g)-gg^\top/\mathrm{total}`
        along the last axis: :math:`g=p` and ``total`` None (meaning 1) for softmax,
        :math:`g_i=[p_i>0]` for sparsemax, :math:`g_i=p_i^{2-\alpha}` on the support for
        α-entmax, with :math:`\mathrm{total}=\sum_ig_i`.  A model's Jacobian
        :math:`\Xi J_{\hat y}\Xi^\top` never needs the :math:`M\times M` matrix.

    References
    ----------
    .. [1] M. Blondel, A. F. T. Martins, V. Niculae, "Learning with Fenchel–Young losses",
       JMLR 2020 (conjugates, margins: Table 1).

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([0.3, -1.2, 0.8])
    >>> p = SHANNON.map(z)
    >>> bool(np.isclose(SHANNON.negentropy(p) + SHANNON.conjugate(z), p @ z))
    True
    >>> GINI.margin, SHANNON.margin, GINI == tsallis(2.0)
    (1.0, inf, True)
    """

    name: str
    alpha: float
    margin: float
    sparse: bool
    map: Callable = field(repr=False, compare=False)
    jacobian: Callable = field(repr=False, compare=False)
    negentropy: Callable = field(repr=False, compare=False)
    conjugate: Callable = field(repr=False, compare=False)
    threshold: Callable = field(repr=False, compare=False)
    support_size: Callable = field(repr=False, compare=False)
    jacobian_factors: Callable = field(repr=False, compare=False)


def _with_alpha(fn: Callable, alpha: float) -> Callable:
    """``fn(x, alpha, ...)`` with ``alpha`` fixed: ``x`` first, then ``fn``'s other arguments."""

    @functools.wraps(fn)
    def bound(x, *args, **kwargs):
        return fn(x, alpha, *args, **kwargs)

    return bound


def _no_threshold(z: Any, axis: int = -1):
    raise ValueError(
        "softmax has no threshold: every weight is positive (the alpha -> 1 limit of the "
        "entmax threshold is -1, entmax_threshold(z, 1.0))"
    )


def _shannon_factors(z):
    return softmax(z), None


def _gini_factors(z):
    xp = get_namespace(z)
    s = xp.astype(sparsemax(z) > 0.0, z.dtype)
    return s, xp.sum(s, axis=-1)


def _tsallis_factors(z, alpha: float):  # (z, alpha) as the map functions, for _with_alpha
    g = gradient_weights(get_namespace(z), entmax(z, alpha), alpha)
    return g, get_namespace(g).sum(g, axis=-1)


def _build(name, alpha, map_, jacobian, negentropy, conjugate, threshold, factors) -> Family:
    """The family of index ``alpha`` from its functions; margin, sparsity, support derived."""
    return Family(
        name=name, alpha=alpha, margin=margin(alpha), sparse=alpha > 1.0, map=map_, jacobian=jacobian,
        negentropy=negentropy, conjugate=conjugate, threshold=threshold,
        support_size=_with_alpha(support_size, alpha), jacobian_factors=factors,
    )


#: Shannon negentropy :math:`\Omega(p)=\sum_ip_i\log p_i`: softmax, log-sum-exp, margin :math:`\infty`.
SHANNON = _build(
    "softmax", 1.0, softmax, softmax_jacobian, shannon_negentropy, shannon_conjugate, _no_threshold,
    _shannon_factors,
)

#: Gini negentropy :math:`\Omega(p)=\tfrac12(\lVert p\rVert^2-1)` (Tsallis α = 2): sparsemax, margin 1.
GINI = _build(
    "sparsemax", 2.0, sparsemax, sparsemax_jacobian, gini_negentropy, gini_conjugate, sparsemax_threshold,
    _gini_factors,
)


def tsallis(alpha: float) -> Family:
    r"""The Tsallis family of index :math:`\alpha` (α-entmax).

    .. math::

        \Omega_\alpha(p)=\frac{\sum_ip_i^\alpha-1}{\alpha(\alpha-1)},\qquad
        \hat y_{\Omega_\alpha}(\theta)_i=\bigl[(\alpha-1)\theta_i-\tau\bigr]_+^{1/(\alpha-1)},
        \qquad \lambda_{\Omega_\alpha}=\frac1{\alpha-1}.

    Parameters
    ----------
    alpha : float
        :math:`\alpha\ge1`, finite.  :math:`\alpha=1` returns :data:`SHANNON` (the limit
        :math:`\Omega_1(p)=\sum_ip_i\log p_i`), :math:`\alpha=2` returns :data:`GINI`.

    Returns
    -------
    Family

    Examples
    --------
    >>> import numpy as np
    >>> fam = tsallis(1.5)
    >>> z = np.array([1.0, 0.2, -0.5])
    >>> tau = float(fam.threshold(z))
    >>> bool(np.allclose(fam.map(z), np.maximum(0.5 * z - tau, 0.0) ** 2))
    True
    >>> fam.margin, tsallis(1.0) is SHANNON
    (2.0, True)
    """
    alpha = check_alpha(alpha, allow_one=True)
    if alpha == 1.0:
        return SHANNON
    if alpha == 2.0:
        return GINI
    bound = [_with_alpha(fn, alpha) for fn in (entmax, entmax_jacobian, tsallis_negentropy, tsallis_conjugate)]
    return _build("entmax", alpha, *bound, _with_alpha(entmax_threshold, alpha), _with_alpha(_tsallis_factors, alpha))


_NAMES = {"softmax": 1.0, "shannon": 1.0, "sparsemax": 2.0, "gini": 2.0, "entmax": None, "tsallis": None}


def family(spec: Family | str, alpha: float | None = None) -> Family:
    r"""The family named ``spec``: the one lookup from a name to a :class:`Family`.

    .. math::

        \texttt{"softmax"}\mapsto\Omega_1,\qquad \texttt{"sparsemax"}\mapsto\Omega_2,
        \qquad (\texttt{"entmax"},\alpha)\mapsto\Omega_\alpha .

    Parameters
    ----------
    spec : Family or str
        A family (returned unchanged), or the name of its map or of its negentropy:
        ``"softmax"``/``"shannon"``, ``"sparsemax"``/``"gini"``, ``"entmax"``/``"tsallis"``
        (the last two need ``alpha``).
    alpha : float, optional
        The Tsallis index for ``"entmax"``; for the other names it must be None or agree.

    Returns
    -------
    Family

    Raises
    ------
    ValueError
        For an unknown name, a missing ``alpha`` or one that contradicts the name.

    Examples
    --------
    >>> import numpy as np
    >>> fam = family("sparsemax")
    >>> z = np.array([0.9, 0.1, 0.4])
    >>> tau = (0.9 + 0.4 - 1.0) / 2  # the two largest scores form the support
    >>> bool(np.allclose(fam.map(z), np.maximum(z - tau, 0.0)))
    True
    >>> family("entmax", alpha=1.5) == tsallis(1.5), family(GINI) is GINI
    (True, True)
    """
    if isinstance(spec, Family):
        if alpha is not None and check_alpha(alpha) != spec.alpha:
            raise ValueError(f"alpha = {alpha} contradicts the family {spec}")
        return spec
    if not isinstance(spec, str) or spec.lower() not in _NAMES:
        raise ValueError(f"unknown family {spec!r}; use a Family or one of {sorted(_NAMES)}")
    fixed = _NAMES[spec.lower()]
    if fixed is None:
        if alpha is None:
            raise ValueError(f"family {spec!r} needs alpha (the Tsallis index, alpha >= 1)")
        return tsallis(alpha)
    if alpha is not None and check_alpha(alpha) != fixed:
        raise ValueError(f"family {spec!r} has alpha = {fixed:g}; got alpha = {alpha}")
    return tsallis(fixed)
