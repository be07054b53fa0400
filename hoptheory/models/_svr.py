"""The regression view of memory storage: the ε-SVR Hopfield model of Hu et al. 2024.

Storage fits one ε-insensitive support-vector regression per output coordinate on the training
set :math:`\\{(\\xi_\\mu+\\delta\\xi_\\mu,\\ \\xi_\\mu)\\}_{\\mu\\in[M]}` (noisy key → clean memory);
retrieval evaluates the fitted map.  By the representer theorem the map is a kernel sum,

.. math::

    T_{\\rm SVR}(x)[i] = \\sum_\\mu(\\alpha_\\mu[i]-\\tilde\\alpha_\\mu[i])\\,\\mathcal K(\\xi_\\mu+\\delta\\xi_\\mu, x),

so it needs only the kernel :math:`\\mathcal K`; explicit (finite-dimensional) features give in
addition the primal weights :math:`W`.

Symbol table (catalogue ``claims-hu2024-nonparametric.md``, claims ``hu2024/svr-*`` and
``hu2024/dense-recovery*``):

=====================================  ====================================  ================
paper                                   meaning                               code
=====================================  ====================================  ================
:math:`\\Xi` (columns :math:`\\xi_\\mu`)    targets (clean memories), ``(d, M)``    ``Xi``
:math:`\\Xi_\\delta` (columns             inputs (keys), ``(d, M)``               ``keys``
:math:`\\xi_\\mu+\\delta\\xi_\\mu`)
:math:`\\Phi`, :math:`D_\\Phi`             feature map, feature dimension          ``feature_map``
:math:`\\mathcal K`                       kernel                                  ``kernel``
:math:`K_\\delta`                         Gram matrix of the keys, ``(M, M)``     ``gram``
:math:`\\alpha_\\mu[i]`,                  dual variables, ``(d, M)`` each         ``alpha``,
:math:`\\tilde\\alpha_\\mu[i]`                                                     ``alpha_tilde``
:math:`\\alpha-\\tilde\\alpha`             representer coefficients, ``(d, M)``    ``coef``
:math:`W=[w_1,\\dots,w_d]^\\top`           primal weights, ``(d, D_Φ)``            ``weights``
:math:`\\eta,\\tilde\\eta`                  slacks, ``(d, M)`` each                 ``eta``, ``eta_tilde``
:math:`C`, :math:`\\epsilon`               box bound, insensitivity                ``C``, ``epsilon``
=====================================  ====================================  ================

Numerical choice: the dual is a small box-constrained concave QP; it is solved on the host with
NumPy (a primal-dual interior-point method, then an active-set polish that solves the linear
KKT system on the free coefficients; cost :math:`O(M^3)` per coordinate and iteration, meant
for small :math:`M`).  Inputs and outputs stay in the caller's array
namespace; only the solve converts to NumPy.  The solution is returned with its duality gap
and KKT residuals, so a caller never has to trust the solver blindly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from hoptheory.backend import (
    as_float_array,
    check_beta,
    check_positive,
    get_namespace,
    logsumexp,
    to_numpy,
)

from hoptheory.models._iterate import Iteration, iterate_map
from hoptheory.models._queries import as_query_block, unblock


__all__ = [
    "Kernel",
    "SVRHopfield",
    "SVRKKTResiduals",
    "dense_recovery_coefficients",
    "exponential_kernel",
    "feature_kernel",
    "normalized_exponential_kernel",
    "svr_dual_objective",
    "svr_kernel_retrieve",
]


# --------------------------------------------------------------------------- kernels


@dataclass(frozen=True)
class Kernel:
    r"""A positive semi-definite kernel :math:`\mathcal K(u,v)` on :math:`\mathbb R^d`.

    Attributes
    ----------
    fn : callable
        ``fn(U, V)`` with ``U`` of shape ``(d, A)`` and ``V`` of shape ``(d, B)`` returns the
        ``(A, B)`` matrix :math:`[\mathcal K(u_a, v_b)]`.
    grad : callable or None
        ``grad(U, x)`` with ``x`` of shape ``(d,)`` returns the ``(A, d)`` matrix whose row
        ``a`` is :math:`\nabla_x\mathcal K(u_a, x)`; needed for Jacobians.
    name : str

    Examples
    --------
    >>> import numpy as np
    >>> quadratic = Kernel(fn=lambda U, V: (U.T @ V) ** 2, name="<u, v>^2")
    >>> U, V = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([[0.5], [-1.0]])
    >>> quadratic(U, V).ravel().tolist(), [float(U[:, a] @ V[:, 0]) ** 2 for a in range(2)]
    ([0.25, 0.0], [0.25, 0.0])
    """

    fn: Callable
    grad: Callable | None = None
    name: str = "kernel"

    def __call__(self, U, V):
        return self.fn(U, V)


def exponential_kernel(beta: float) -> Kernel:
    r"""The exponential kernel :math:`\mathcal K(u,v)=e^{\beta\langle u,v\rangle}`.

    Its Taylor feature map is :func:`hoptheory.maps.exp_taylor_features`
    (:math:`D_\Phi=\infty`).  Entries overflow for :math:`\beta\langle u,v\rangle\gtrsim709`
    (float64), which raises ``OverflowError``; the normalised form
    :func:`normalized_exponential_kernel` is computed in the log domain instead.

    Examples
    --------
    >>> import numpy as np
    >>> U, V = np.array([[1.0, 0.0], [0.5, 2.0]]), np.array([[0.3], [-0.2]])
    >>> bool(np.allclose(exponential_kernel(0.5)(U, V), np.exp(0.5 * U.T @ V)))
    True
    """
    beta = check_beta(beta)

    def fn(U, V):
        logk = beta * (U.T @ V)
        xp = get_namespace(logk)
        if bool(xp.any(logk > 700.0)):
            raise OverflowError(
                f"exponential kernel overflows: beta*<u,v> reaches {float(xp.max(logk)):.4g} > 700"
            )
        return xp.exp(logk)

    def grad(U, x):
        k = fn(U, get_namespace(x).reshape(x, (x.shape[0], 1)))  # (A, 1)
        return beta * k * U.T

    return Kernel(fn=fn, grad=grad, name=f"exp(beta=<u,v>), beta={beta:g}")


def normalized_exponential_kernel(keys, beta: float) -> Kernel:
    r"""The normalised exponential kernel of the dense-recovery construction.

    .. math::

        \bar{\mathcal K}(u,v) = \frac{e^{\beta\langle u,v\rangle}}{Z(u)\,Z(v)},\qquad
        Z(u) = \sum_{\nu=1}^M e^{\beta\langle k_\nu, u\rangle},

    with features :math:`\bar\Phi(u)=\Phi(u)/Z(u)` (:math:`\Phi` the exponential-kernel features),
    so it is positive semi-definite.  Evaluated in the log domain (no overflow).

    Parameters
    ----------
    keys : float array, shape ``(d, M)``
        The keys :math:`k_\nu=\xi_\nu+\delta\xi_\nu` defining :math:`Z`.
    beta : float
        :math:`\beta>0`.

    Examples
    --------
    >>> import numpy as np
    >>> keys = np.array([[1.0, 0.0, 0.3], [0.0, 1.0, 0.3]])
    >>> u, v = np.array([[0.2], [0.4]]), np.array([[-0.1], [0.6]])
    >>> Z = lambda w: np.exp(2.0 * keys.T @ w).sum()  # Z(w) = sum_nu exp(beta <k_nu, w>)
    >>> value = normalized_exponential_kernel(keys, 2.0)(u, v)
    >>> bool(np.isclose(value[0, 0], np.exp(2.0 * u[:, 0] @ v[:, 0]) / (Z(u) * Z(v))))
    True
    """
    keys = as_float_array(keys, "keys", ndim=2)
    beta = check_beta(beta)

    def log_z(U):
        return logsumexp(beta * (keys.T @ U), axis=0)  # (A,)

    def fn(U, V):
        xp = get_namespace(U, V)
        logk = beta * (U.T @ V) - xp.reshape(log_z(U), (-1, 1)) - xp.reshape(log_z(V), (1, -1))
        return xp.exp(logk)

    def grad(U, x):
        xp = get_namespace(U, x)
        X = xp.reshape(x, (x.shape[0], 1))
        k = fn(U, X)  # (A, 1)
        s = beta * (keys.T @ X)
        p = xp.exp(s - logsumexp(s, axis=0, keepdims=True))  # softmax over keys, (M, 1)
        # grad_x log Kbar(u, x) = beta u - beta Ξ_δ p(x)
        mean = xp.reshape(keys @ p, (1, -1))
        return beta * k * (U.T - mean)

    return Kernel(fn=fn, grad=grad, name=f"normalised exp kernel, beta={beta:g}")


def feature_kernel(feature_map: Callable, feature_jacobian: Callable | None = None) -> Kernel:
    r"""The kernel :math:`\mathcal K(u,v)=\langle\Phi(u),\Phi(v)\rangle` of explicit features.

    Parameters
    ----------
    feature_map : callable
        ``feature_map(X)`` maps ``(d, N)`` to ``(D, N)``.
    feature_jacobian : callable, optional
        ``feature_jacobian(x)`` maps ``(d,)`` to the ``(D, d)`` Jacobian of :math:`\Phi` at ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> square = feature_kernel(lambda X: X**2)  # Phi(u) = u * u entrywise
    >>> U, V = np.array([[1.0, 2.0], [3.0, 0.5]]), np.array([[2.0], [1.0]])
    >>> square(U, V).ravel().tolist(), [float((U[:, a] ** 2) @ (V[:, 0] ** 2)) for a in range(2)]
    ([13.0, 16.25], [13.0, 16.25])
    """

    def fn(U, V):
        return feature_map(U).T @ feature_map(V)

    grad = None
    if feature_jacobian is not None:

        def grad(U, x):
            return feature_map(U).T @ feature_jacobian(x)

    return Kernel(fn=fn, grad=grad, name=getattr(feature_map, "__name__", "features"))


# --------------------------------------------------------------------------- dual QP (host)


def _dual_value(c: np.ndarray, K: np.ndarray, y: np.ndarray, eps: float) -> float:
    """Dual objective of one coordinate at the minimum-l1 split of ``c = alpha - alpha_tilde``."""
    return float(-0.5 * c @ K @ c - eps * np.abs(c).sum() + y @ c)


def _gap(c: np.ndarray, K: np.ndarray, Y: np.ndarray, C: float, eps: float) -> np.ndarray:
    """Duality gap per coordinate (rows of ``c``) at the primal point w = Phi c with optimal slacks."""
    Kc = c @ K
    r = Y - Kc
    quad = np.einsum("im,im->i", c, Kc)
    primal = 0.5 * quad + C * (np.maximum(np.abs(r) - eps, 0.0)).sum(axis=1)
    dual = -0.5 * quad - eps * np.abs(c).sum(axis=1) + np.einsum("im,im->i", Y, c)
    return primal - dual


def _box_qp(H: np.ndarray, g: np.ndarray, C: float, tol: float, max_iter: int = 200) -> np.ndarray:
    r"""Minimise :math:`	frac12v^	op Hv+g^	op v` over :math:`[0,C]^n` (H PSD, possibly singular).

    Primal-dual interior-point method with Mehrotra's predictor-corrector steps on the bound
    constraints.  Each Newton system :math:`(H+Z_\ell S_\ell^{-1}+Z_uS_u^{-1})\,\Delta v=\cdots` is
    positive definite in the interior, so singular :math:`H` needs no special care.
    """
    n = g.shape[0]
    v = np.full(n, 0.5 * C)
    zl = np.ones(n)
    zu = np.ones(n)
    gscale = 1.0 + float(np.abs(g).max()) + float(np.abs(H).max()) * C

    def step_to_boundary(x, dx):
        neg = dx < 0
        return float(np.min(-x[neg] / dx[neg])) if neg.any() else np.inf

    for _ in range(max_iter):
        sl, su = v, C - v
        grad = H @ v + g
        rd = grad - zl + zu
        mu = float(sl @ zl + su @ zu) / (2 * n)
        if float(np.abs(rd).max()) <= tol * gscale and mu <= tol * gscale:
            break
        D = zl / sl + zu / su
        A = H + np.diag(D)  # positive definite in the interior

        def solve(rl, ru):
            # complementarity targets: sl*zl -> rl, su*zu -> ru (affine: 0, corrector: sigma*mu - ...)
            rhs = -rd + (rl / sl - zl) - (ru / su - zu)
            dv = np.linalg.solve(A, rhs)
            dzl = (rl - sl * zl - zl * dv) / sl
            dzu = (ru - su * zu + zu * dv) / su
            return dv, dzl, dzu

        # predictor (affine scaling)
        dv, dzl, dzu = solve(np.zeros(n), np.zeros(n))
        a = min(1.0, step_to_boundary(sl, dv), step_to_boundary(su, -dv), step_to_boundary(zl, dzl), step_to_boundary(zu, dzu))
        mu_aff = float((sl + a * dv) @ (zl + a * dzl) + (su - a * dv) @ (zu + a * dzu)) / (2 * n)
        sigma = (mu_aff / mu) ** 3 if mu > 0 else 0.0
        # corrector with centring
        dv, dzl, dzu = solve(sigma * mu - dv * dzl, sigma * mu + dv * dzu)
        a = min(1.0, 0.995 * min(step_to_boundary(sl, dv), step_to_boundary(su, -dv),
                                 step_to_boundary(zl, dzl), step_to_boundary(zu, dzu)))
        v = np.clip(v + a * dv, 1e-300, C - 1e-300 * max(C, 1.0))
        zl = np.maximum(zl + a * dzl, 1e-300)
        zu = np.maximum(zu + a * dzu, 1e-300)
    return v


def _solve_dual(K: np.ndarray, Y: np.ndarray, C: float, eps: float, tol: float) -> np.ndarray:
    r"""Maximise the ε-SVR duals of all coordinates; return c = α - α̃ (minimum-l1 split), (d, M).

    Each coordinate's dual is the box-constrained QP
    :math:`\min_{v=(lpha,	ildelpha)\in[0,C]^{2M}}	frac12 v^	opegin{bmatrix}K&-K\-K&K\end{bmatrix}v
    +egin{bmatrix}\epsilon\mathbf 1-y\ \epsilon\mathbf 1+y\end{bmatrix}^	op v`, solved by an
    interior-point method (:func:`_box_qp`), then refined by an active-set polish that solves
    the KKT equalities on the free coefficients exactly; the polished point is kept where it
    certifies a smaller duality gap.
    """
    d, M = Y.shape
    H = np.block([[K, -K], [-K, K]])
    c = np.empty((d, M))
    for i in range(d):
        g = np.concatenate([eps - Y[i], eps + Y[i]])
        v = _box_qp(H, g, C, tol)
        c[i] = v[:M] - v[M:]
    out = np.stack([_polish(c[i], K, Y[i], C, eps, 1e-7) for i in range(d)])
    better = _gap(out, K, Y, C, eps) <= _gap(c, K, Y, C, eps)
    return np.where(better[:, None], out, c)


def _polish(c: np.ndarray, K: np.ndarray, y: np.ndarray, C: float, eps: float, tol: float) -> np.ndarray:
    r"""Active-set refinement: solve the KKT equalities on the free set exactly.

    On the free set :math:`0<|c_\mu|<C` the KKT conditions are the linear equations
    :math:`r_\mu = y_\mu-(Kc)_\mu = \epsilon\,\mathrm{sign}(c_\mu)`; the bound and zero
    coefficients are held fixed.  A refined point is kept only if it stays in the box and does
    not lower the dual objective.
    """
    best = c.copy()
    best_val = _dual_value(best, K, y, eps)
    scale = max(C, 1.0)
    for _ in range(8):
        at_up = best >= C - tol * scale
        at_lo = best <= -C + tol * scale
        at_zero = np.abs(best) <= tol * scale
        free = ~(at_up | at_lo | at_zero)
        fixed = best.copy()
        fixed[at_up] = C
        fixed[at_lo] = -C
        fixed[at_zero] = 0.0
        if free.any():
            s = np.sign(best[free])
            rhs = y[free] - eps * s - K[np.ix_(free, ~free)] @ fixed[~free]
            sol = np.linalg.lstsq(K[np.ix_(free, free)], rhs, rcond=None)[0]
            if np.any(np.abs(sol) > C) or np.any(np.sign(sol) != s):
                # the free set guess is inconsistent: keep the snapped point only
                sol = np.clip(best[free], -C, C)
            fixed[free] = sol
        val = _dual_value(fixed, K, y, eps)
        if val >= best_val - 1e-14 * max(1.0, abs(best_val)):
            if np.array_equal(fixed, best):
                break
            best, best_val = fixed, val
        else:
            break
    return best


def svr_dual_objective(coef, gram, Xi, epsilon: float):
    r"""Dual objective of the ε-SVR at coefficients :math:`c=\alpha-\tilde\alpha` (summed over :math:`i`).

    .. math::

        D(\alpha,\tilde\alpha) = \sum_{i=1}^d\Big[-\tfrac12 c_i^\top K_\delta c_i
            -\epsilon\,\mathbf 1^\top(\alpha_i+\tilde\alpha_i) + \Xi[i,:]\,c_i\Big],

    evaluated at the minimum-:math:`\ell_1` split :math:`\alpha=[c]_+`, :math:`\tilde\alpha=[-c]_+`
    (optimal for :math:`\epsilon>0`, and the value does not depend on the split at :math:`\epsilon=0`).

    Parameters
    ----------
    coef : float array, shape ``(d, M)``
    gram : float array, shape ``(M, M)``
        :math:`K_\delta`.
    Xi : float array, shape ``(d, M)``
        Targets.
    epsilon : float
        :math:`\epsilon\ge0`.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> c, K, Y = np.array([[0.5, -0.2]]), np.array([[1.0, 0.3], [0.3, 2.0]]), np.array([[1.0, -1.0]])
    >>> naive = -0.5 * c[0] @ K @ c[0] - 0.1 * np.abs(c).sum() + Y[0] @ c[0]  # epsilon = 0.1
    >>> bool(np.isclose(svr_dual_objective(c, K, Y, 0.1), naive))
    True
    """
    c = np.asarray(to_numpy(coef), dtype=np.float64)
    K = np.asarray(to_numpy(gram), dtype=np.float64)
    Y = np.asarray(to_numpy(Xi), dtype=np.float64)
    if c.shape != Y.shape or K.shape != (Y.shape[1], Y.shape[1]):
        raise ValueError(
            f"shapes must be coef (d, M), gram (M, M), Xi (d, M); got {c.shape}, {K.shape}, {Y.shape}"
        )
    return float(sum(_dual_value(c[i], K, Y[i], float(epsilon)) for i in range(Y.shape[0])))


# --------------------------------------------------------------------------- result records


@dataclass(frozen=True)
class SVRKKTResiduals:
    r"""KKT residuals of an ε-SVR solution (all maxima over :math:`(i,\mu)`; 0 at the optimum).

    Attributes
    ----------
    box : float
        :math:`\max(0,-\alpha,\alpha-C,-\tilde\alpha,\tilde\alpha-C)`.
    complementarity : float
        Largest of :math:`|\alpha(\epsilon+\eta-r)|`, :math:`|\tilde\alpha(\epsilon+\tilde\eta+r)|`,
        :math:`|(C-\alpha)\eta|`, :math:`|(C-\tilde\alpha)\tilde\eta|`, with the residual
        :math:`r_\mu[i]=\xi_\mu[i]-\langle w_i,\Phi(\xi_\mu+\delta\xi_\mu)\rangle` and the optimal
        slacks :math:`\eta=[r-\epsilon]_+`, :math:`\tilde\eta=[-r-\epsilon]_+`.
    tube : float
        Largest primal-constraint violation :math:`|r|-\epsilon-\max(\eta,\tilde\eta)` (0 by
        construction of the slacks; reported for completeness).
    product : float
        :math:`\max\alpha\tilde\alpha` (must vanish when :math:`\epsilon>0`).

    Examples
    --------
    >>> res = SVRKKTResiduals(box=0.0, complementarity=3e-12, tube=0.0, product=1e-13)
    >>> res.max == max(0.0, 3e-12, 0.0, 1e-13)
    True
    """

    box: float
    complementarity: float
    tube: float
    product: float

    @property
    def max(self) -> float:
        return max(self.box, self.complementarity, self.tube, self.product)


# --------------------------------------------------------------------------- the model


class SVRHopfield:
    r"""ε-SVR Hopfield model: storage by support-vector regression, retrieval by its kernel sum.

    .. math::

        \min_{W,\eta,\tilde\eta}\ \tfrac12\lVert W\rVert^2
            + C\sum_{\mu=1}^M\langle\mathbf 1,\eta_\mu+\tilde\eta_\mu\rangle
        \quad\text{s.t.}\quad
        \begin{cases}
        \xi_\mu[i]-\langle w_i,\Phi(\xi_\mu+\delta\xi_\mu)\rangle\le\epsilon+\eta_\mu[i],\\
        \langle w_i,\Phi(\xi_\mu+\delta\xi_\mu)\rangle-\xi_\mu[i]\le\epsilon+\tilde\eta_\mu[i],\\
        \eta,\tilde\eta\ge0,
        \end{cases}

    (no bias term), solved through its dual, one box-constrained QP per coordinate :math:`i`:

    .. math::

        \max_{\alpha,\tilde\alpha\in[0,C]^M}
        -\tfrac12(\alpha-\tilde\alpha)^\top K_\delta(\alpha-\tilde\alpha)
        -\epsilon\mathbf 1^\top(\alpha+\tilde\alpha)+\Xi[i,:](\alpha-\tilde\alpha),

    and retrieval is the representer form
    :math:`T_{\rm SVR}(x)[i]=\sum_\mu(\alpha_\mu[i]-\tilde\alpha_\mu[i])\,\mathcal K(\xi_\mu+\delta\xi_\mu,x)`.

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
        Targets :math:`\Xi` (memories as columns).
    feature_map : callable, optional
        Explicit features :math:`\Phi`: ``(d, N) -> (D_Φ, N)``.  Gives the primal ``weights``.
    kernel : Kernel, optional
        Alternatively the kernel (possibly :math:`D_\Phi=\infty`), e.g. :func:`exponential_kernel`.
        Exactly one of ``feature_map`` and ``kernel`` must be given.
    C : float
        Box bound :math:`C>0`.
    epsilon : float
        Insensitivity :math:`\epsilon\ge0`.
    keys : float array, shape ``(d, M)``, optional
        Training inputs :math:`\Xi_\delta=\Xi+\delta\Xi` (default :math:`\Xi`, i.e.
        :math:`\delta\xi\equiv0`).
    feature_jacobian : callable, optional
        ``(d,) -> (D_Φ, d)``; enables :meth:`jacobian` for a ``feature_map``.

    Attributes
    ----------
    Xi, keys, d, M, C, epsilon, xp
    alpha, alpha_tilde, coef : arrays of shape ``(d, M)`` (namespace of ``Xi``)
    gram : array ``(M, M)``, :math:`K_\delta`
    weights : array ``(d, D_Φ)`` or None (kernel only)

    Hypotheses: :math:`C>0`, :math:`\epsilon\ge0`, :math:`\mathcal K` positive semi-definite.  The
    problem separates into :math:`d` scalar SVRs (:math:`\lVert W\rVert^2=\sum_i\lVert w_i\rVert^2`);
    :math:`W` is unique (strictly convex objective), the coefficients need not be (singular
    :math:`K_\delta`).

    Notes
    -----
    The map depends on :math:`\Xi_\delta` through the kernel and on :math:`\Xi` through the
    coefficients; it is not the gradient field of an energy in general.

    References
    ----------
    .. [1] Hu et al., "Nonparametric Modern Hopfield Models", arXiv:2404.03900, §3 and
       Theorem 3.1 (labels unconfirmed); catalogue claims ``hu2024/svr-primal``,
       ``hu2024/svr-dual-kkt``, ``hu2024/svr-retrieval-map``.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    >>> model = SVRHopfield(Xi, lambda X: X, C=10.0, epsilon=0.0)  # linear features Phi(u) = u
    >>> x = np.array([0.3, 0.7])
    >>> bool(np.allclose(model.retrieve(x), model.coef @ (Xi.T @ x)))  # sum_mu c_mu <xi_mu, x>
    True
    >>> bool(abs(model.duality_gap) < 1e-8), bool(np.allclose(model.retrieve(Xi), Xi, atol=1e-6))
    (True, True)
    """

    def __init__(
        self,
        Xi,
        feature_map: Callable | None = None,
        *,
        kernel: Kernel | None = None,
        C: float,
        epsilon: float,
        keys=None,
        feature_jacobian: Callable | None = None,
    ):
        Xi = as_float_array(Xi, "Xi", ndim=2)
        xp = get_namespace(Xi)
        if keys is None:
            keys = Xi
        keys = as_float_array(keys, "keys", xp=xp, ndim=2)
        get_namespace(Xi, keys)
        if tuple(keys.shape) != tuple(Xi.shape):
            raise ValueError(f"keys must have the shape of Xi {tuple(Xi.shape)}; got {tuple(keys.shape)}")
        if (feature_map is None) == (kernel is None):
            raise ValueError("give exactly one of feature_map (explicit features) and kernel")
        self.C = check_positive(C, "C")
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or not math.isfinite(epsilon) or epsilon < 0:
            raise ValueError(f"epsilon must be a finite real number >= 0; got {epsilon!r}")
        self.epsilon = float(epsilon)
        self.Xi, self.keys, self.xp = Xi, keys, xp
        self.d, self.M = int(Xi.shape[0]), int(Xi.shape[1])
        self.feature_map = feature_map
        self.kernel = kernel if kernel is not None else feature_kernel(feature_map, feature_jacobian)
        gram = self.kernel(keys, keys)
        as_float_array(gram, "gram matrix K_delta", ndim=2)
        self.gram = gram

        # ---- host-side QP (documented NumPy step)
        K = np.asarray(to_numpy(gram), dtype=np.float64)
        K = 0.5 * (K + K.T)
        Y = np.asarray(to_numpy(Xi), dtype=np.float64)
        coef = _solve_dual(K, Y, self.C, self.epsilon, tol=1e-13)
        self._coef_host, self._K_host, self._Y_host = coef, K, Y
        self.coef = xp.asarray(coef, dtype=Xi.dtype)
        self.alpha = xp.asarray(np.maximum(coef, 0.0), dtype=Xi.dtype)
        self.alpha_tilde = xp.asarray(np.maximum(-coef, 0.0), dtype=Xi.dtype)
        self.weights = None
        if feature_map is not None:
            self.weights = self.coef @ feature_map(keys).T

    # ------------------------------------------------------------------ objectives

    def training_residuals(self):
        r"""Residuals :math:`r_\mu[i]=\xi_\mu[i]-T_{\rm SVR}(\xi_\mu+\delta\xi_\mu)[i]`, shape ``(d, M)``."""
        return self.Xi - self.coef @ self.gram

    def primal_objective(self) -> float:
        r"""Primal value at :math:`w_i=\sum_\mu c_\mu[i]\Phi(k_\mu)` with optimal slacks.

        :math:`\tfrac12\sum_i c_i^\top K_\delta c_i + C\sum_{\mu,i}\big([r-\epsilon]_++[-r-\epsilon]_+\big)`.
        """
        c, K, Y = self._coef_host, self._K_host, self._Y_host
        r = Y - c @ K
        slack = np.maximum(r - self.epsilon, 0.0) + np.maximum(-r - self.epsilon, 0.0)
        return float(0.5 * np.einsum("im,mn,in->", c, K, c) + self.C * slack.sum())

    def dual_objective(self, coef=None) -> float:
        """Dual value (:func:`svr_dual_objective`) at ``coef`` (default: the solution)."""
        c = self._coef_host if coef is None else coef
        return svr_dual_objective(c, self._K_host, self._Y_host, self.epsilon)

    @property
    def duality_gap(self) -> float:
        """Primal minus dual objective (>= 0; 0 at the optimum by strong duality)."""
        return self.primal_objective() - self.dual_objective()

    def kkt_residuals(self, coef=None) -> SVRKKTResiduals:
        """KKT residuals (:class:`SVRKKTResiduals`) at ``coef`` (default: the solution)."""
        c = self._coef_host if coef is None else np.asarray(to_numpy(coef), dtype=np.float64)
        a, at = np.maximum(c, 0.0), np.maximum(-c, 0.0)
        C, eps = self.C, self.epsilon
        r = self._Y_host - c @ self._K_host
        eta, eta_t = np.maximum(r - eps, 0.0), np.maximum(-r - eps, 0.0)
        box = max(0.0, float(np.max(c - C)), float(np.max(-c - C)))
        comp = max(
            float(np.max(np.abs(a * (eps + eta - r)))),
            float(np.max(np.abs(at * (eps + eta_t + r)))),
            float(np.max(np.abs((C - a) * eta))),
            float(np.max(np.abs((C - at) * eta_t))),
        )
        tube = max(0.0, float(np.max(np.abs(r) - eps - np.maximum(eta, eta_t))))
        return SVRKKTResiduals(box=box, complementarity=comp, tube=tube, product=float(np.max(a * at)))

    # ------------------------------------------------------------------ the map

    def retrieve(self, x):
        r"""Representer form :math:`T_{\rm SVR}(x)=(\alpha-\tilde\alpha)\,\mathcal K(\Xi_\delta, x)`.

        ``x`` of shape ``(d,)`` or ``(d, N)``; returns the same shape.
        """
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        return unblock(self.coef @ self.kernel(self.keys, X), vector)

    def retrieve_primal(self, x):
        r"""Feature form :math:`T(x)=W\Phi(x)` (explicit features only)."""
        if self.feature_map is None:
            raise ValueError("retrieve_primal needs explicit features (the model was built from a kernel)")
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        return unblock(self.weights @ self.feature_map(X), vector)

    def jacobian(self, x):
        r"""Jacobian :math:`J(x)=\sum_\mu c_\mu\,\nabla_x\mathcal K(k_\mu,x)^\top`, ``(d, d)`` or ``(N, d, d)``."""
        if self.kernel.grad is None:
            raise ValueError(
                "this kernel has no gradient; pass feature_jacobian= (or a Kernel with grad) for a Jacobian"
            )
        X, vector = as_query_block(x, self.d, self.xp, tuple(self.Xi.shape))
        xp = self.xp
        mats = [self.coef @ self.kernel.grad(self.keys, X[:, n]) for n in range(X.shape[1])]
        return mats[0] if vector else xp.stack(mats, axis=0)

    def iterate(self, x0, max_steps: int = 100, tol: float | None = None) -> Iteration:
        """Fixed-point iteration :math:`x_{t+1}=T_{\\rm SVR}(x_t)` (energy-free, see ``hoptheory.models._iterate.iterate_map``)."""
        scale = float(self.xp.max(self.xp.linalg.vector_norm(self.Xi, axis=0)))
        return iterate_map(self.retrieve, x0, d=self.d, xp=self.xp, scale=scale, max_steps=max_steps, tol=tol, xi_shape=tuple(self.Xi.shape))


# --------------------------------------------------------------------------- dense recovery


def dense_recovery_coefficients(Xi, beta: float, keys=None):
    r"""Representer coefficients under which the SVR map is the dense Hopfield map.

    .. math::

        (\alpha-\tilde\alpha)_\mu[i] = \xi_\mu[i]\,Z(\xi_\mu+\delta\xi_\mu),\qquad
        Z(u)=\sum_\nu e^{\beta\langle\xi_\nu+\delta\xi_\nu,u\rangle},

    so that with the normalised kernel :func:`normalized_exponential_kernel`
    :math:`\bar{\mathcal K}(u,v)=e^{\beta\langle u,v\rangle}/(Z(u)Z(v))` the kernel sum is

    .. math::

        \sum_\mu(\alpha-\tilde\alpha)_\mu[i]\,\bar{\mathcal K}(\xi_\mu+\delta\xi_\mu,x)
        = \big[\Xi\operatorname{softmax}(\beta\,\Xi_\delta^\top x)\big]_i\quad\text{for every }x.

    The coefficients are box-feasible, with :math:`\alpha,\tilde\alpha` their positive and negative
    parts, iff :math:`C\ge C_{\min}:=\max_{\mu,i}|\xi_\mu[i]|\,Z(\xi_\mu+\delta\xi_\mu)`.  This is a
    representational statement (the dense map lies in the SVR hypothesis class, as a
    Nadaraya–Watson smoother); the coefficients are in general *not* the SVR optimum (claim
    ``hu2024/dense-recovery-optimality``: compare :func:`svr_dual_objective`).

    Parameters
    ----------
    Xi : float array, shape ``(d, M)``
        Values (memories).
    beta : float
        :math:`\beta>0`.
    keys : float array, shape ``(d, M)``, optional
        :math:`\Xi_\delta` (default ``Xi``).

    Returns
    -------
    coef : float array, shape ``(d, M)``
    C_min : float
        The box-feasibility threshold (``inf`` if it overflows).

    References
    ----------
    .. [1] Hu et al., arXiv:2404.03900, Lemma 3.1 (label unconfirmed); catalogue claim
       ``hu2024/dense-recovery`` (derived representational form).

    Examples
    --------
    >>> import numpy as np
    >>> Xi, x = np.array([[1.0, 0.0, 0.4], [0.0, 1.0, 0.4]]), np.array([0.6, -0.3])
    >>> coef, C_min = dense_recovery_coefficients(Xi, 2.0)
    >>> T = svr_kernel_retrieve(coef, Xi, x, normalized_exponential_kernel(Xi, 2.0))
    >>> bool(np.allclose(T, Xi @ np.exp(2.0 * Xi.T @ x) / np.exp(2.0 * Xi.T @ x).sum()))  # the dense map
    True
    """
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    keys = Xi if keys is None else as_float_array(keys, "keys", xp=xp, ndim=2)
    get_namespace(Xi, keys)
    if tuple(keys.shape) != tuple(Xi.shape):
        raise ValueError(f"keys must have the shape of Xi {tuple(Xi.shape)}; got {tuple(keys.shape)}")
    beta = check_beta(beta)
    log_z = logsumexp(beta * (keys.T @ keys), axis=0)  # log Z(k_mu), shape (M,)
    if bool(xp.any(log_z > 700.0)):
        raise OverflowError(
            f"Z(k_mu) overflows (log Z up to {float(xp.max(log_z)):.4g}); the coefficients are not representable"
        )
    coef = Xi * xp.reshape(xp.exp(log_z), (1, -1))
    return coef, float(xp.max(xp.abs(coef)))


def svr_kernel_retrieve(coef, keys, x, kernel: Kernel):
    r"""Kernel-sum map :math:`x\mapsto\sum_\mu c_\mu\,\mathcal K(k_\mu,x)` for given coefficients.

    Parameters
    ----------
    coef : float array, shape ``(d_out, M)``
    keys : float array, shape ``(d, M)``
    x : float array, shape ``(d,)`` or ``(d, N)``
    kernel : Kernel

    Returns
    -------
    float array, shape ``(d_out,)`` or ``(d_out, N)``

    Examples
    --------
    >>> import numpy as np
    >>> coef, keys = np.array([[1.0, -2.0]]), np.array([[0.5, 1.0], [0.0, -1.0]])
    >>> x = np.array([0.2, 0.4])
    >>> T = svr_kernel_retrieve(coef, keys, x, exponential_kernel(1.0))
    >>> bool(np.isclose(T[0], np.exp(keys[:, 0] @ x) - 2.0 * np.exp(keys[:, 1] @ x)))
    True
    """
    coef = as_float_array(coef, "coef", ndim=2)
    keys = as_float_array(keys, "keys", ndim=2)
    xp = get_namespace(coef, keys)
    if coef.shape[1] != keys.shape[1]:
        raise ValueError(f"coef (d_out, M) and keys (d, M) disagree on M: {tuple(coef.shape)}, {tuple(keys.shape)}")
    X, vector = as_query_block(x, keys.shape[0], xp)
    return unblock(coef @ kernel(keys, X), vector)
