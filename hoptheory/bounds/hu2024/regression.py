r"""The regression view: the Taylor features of the exponential kernel and the SVR box constraint.

Claims ``hu2024/exp-kernel-features``, ``hu2024/dense-recovery`` and
``hu2024/dense-recovery-optimality`` (catalogue section *The regression view*).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ...backend import as_float_array, check_beta, get_namespace, logsumexp
from .._data import Data
from .._declare import bound
from .._hypotheses import integer_at_least
from ._common import with_parameters
from ._hypotheses import DERIVED, H_BETA, NONNEGINT, REAL

__all__ = ["exp_kernel_taylor_remainder", "svr_box_feasibility_threshold"]


@bound(kind="upper", hypotheses=(H_BETA, integer_at_least("n", 0, r"n \in \mathbb{Z},\ n \geq 0")), form="derived",
       latex=(r"\left|e^{\beta s}-\sum_{j=0}^{n}\frac{(\beta s)^j}{j!}\right| \leq "
              r"\frac{(\beta|s|)^{n+1}}{(n+1)!}e^{\beta|s|},\quad s=\langle u,v\rangle"),
       source=DERIVED + "; claim hu2024/exp-kernel-features (truncation of the Taylor feature map)",
       symbols={"s": REAL, "n": NONNEGINT}, example={"beta": 2, "s": -Fraction(3, 4), "n": 3})
@with_parameters
def exp_kernel_taylor_remainder(F, beta, s, n):
    r"""The tail of the exponential kernel's Taylor series after order :math:`n` (finite for :math:`n\le169`).

    .. math::

        \Big|e^{\beta s}-\sum_{j=0}^n\frac{(\beta s)^j}{j!}\Big|\le\frac{(\beta|s|)^{n+1}}{(n+1)!}e^{\beta|s|}

    Examples
    --------
    >>> import math
    >>> b = exp_kernel_taylor_remainder(2.0, -0.75, 3)
    >>> t = 2.0 * abs(-0.75)
    >>> math.isclose(float(b.value), t ** 4 / math.factorial(4) * math.exp(t))
    True
    """
    t = beta * F.abs(s)
    return F.intpow(t, n + 1) / F.factorial(n + 1) * F.exp(t)


def svr_box_feasibility_threshold(Xi, beta, dXi=None, *, log=False):
    r"""Smallest :math:`C` for which the dense coefficients are box-feasible in the SVR dual.

    .. math::

        C^\star=\max_{\mu\in[M],\,i\in[d]}|\xi_\mu[i]|\,Z(\xi_\mu+\delta\xi_\mu),\qquad
        Z(x)=\sum_{\nu=1}^M e^{\beta\langle\xi_\nu+\delta\xi_\nu,x\rangle}

    With the normalised kernel :math:`\bar{\mathcal K}(u,v)=e^{\beta\langle u,v\rangle}/(Z(u)Z(v))`
    and coefficients :math:`(\alpha-\tilde\alpha)_\mu[i]=\xi_\mu[i]Z(\xi_\mu+\delta\xi_\mu)`, the
    kernel sum is :math:`\Xi\,\mathrm{softmax}(\beta\Xi_\delta^\top x)`; the positive and negative
    parts lie in :math:`[0,C]` iff :math:`C\ge C^\star`.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Memories (the regression targets), :math:`M\ge1`.
    beta : float
        Inverse temperature, :math:`\beta>0`.
    dXi : array, shape (d, M), optional
        Perturbations :math:`\delta\xi_\mu` of the keys (default 0).
    log : bool
        Return :math:`\log C^\star` (computed with a log-sum-exp; finite where :math:`C^\star`
        itself overflows; :math:`-\infty` when :math:`\Xi=0`).

    Returns
    -------
    array, shape ()
        In the namespace of ``Xi``.

    Notes
    -----
    Claims ``hu2024/dense-recovery`` and ``hu2024/dense-recovery-optimality`` (derived).

    Examples
    --------
    Two orthonormal memories: :math:`Z(\xi_\mu)=e+1` and :math:`\max_i|\xi_\mu[i]|=1`.

    >>> import math
    >>> import numpy as np
    >>> math.isclose(float(svr_box_feasibility_threshold(np.eye(2), 1.0)), math.e + 1)
    True
    """
    beta = check_beta(beta)
    D = Data(Xi, min_patterns=1)
    xp, Xi = D.xp, D.Xi
    if dXi is None:
        keys = Xi
    else:
        get_namespace(Xi, dXi)
        dXi = as_float_array(dXi, "dXi", xp=xp, ndim=2)
        if tuple(dXi.shape) != tuple(Xi.shape):
            raise ValueError(f"dXi has shape {tuple(dXi.shape)}; expected the shape of Xi, {tuple(Xi.shape)}")
        keys = Xi + dXi
    scores = beta * xp.matmul(xp.permute_dims(keys, (1, 0)), keys)  # [nu, mu] = beta <key_nu, key_mu>
    logZ = logsumexp(scores, axis=0)  # (M,)
    amax = xp.max(xp.abs(Xi), axis=0)  # (M,)
    pos = amax > 0
    with np.errstate(divide="ignore"):
        logamax = xp.where(pos, xp.log(xp.where(pos, amax, xp.ones_like(amax))), xp.full_like(amax, -math.inf))
    logC = xp.max(logamax + logZ)
    if log:
        return logC
    with np.errstate(over="ignore"):
        return xp.exp(logC)
