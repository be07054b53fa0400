"""Kernel feature maps of the kernelised and linearised Hopfield models.

A feature map :math:`\\phi:\\mathbb R^d\\to\\mathbb R^{D}` acts on a query ``(d,)`` or on a block
of columns ``(d, N)`` and returns ``(D,)`` or ``(D, N)``; the kernel is
:math:`k_\\phi(u,v)=\\langle\\phi(u),\\phi(v)\\rangle` (conventions §4).

* :func:`elu_plus_one`: :math:`\\phi(u)=\\operatorname{elu}(u)+1` (Katharopoulos et al. 2020),
  the linear model of Hu et al. 2024.
* :func:`positive_random_features`: the positive random features of Performer (FAVOR+,
  Choromanski et al. 2021) for the exponential kernel :math:`e^{\\beta\\langle u,v\\rangle}`,
  with the :math:`\\beta` scaling written out; :func:`prf_weights` draws the frequencies and
  :func:`prf_estimator_variance` is the closed-form variance of the kernel estimator.
* :func:`exp_taylor_features`: the truncated Taylor feature map of the exponential kernel,
  :math:`\\Phi^{(n)}(u)=\\sqrt{\\beta^n/n!}\\,u^{\\otimes n}`, :math:`n\\le` ``order``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from hoptheory.backend import as_float_array, check_beta, get_namespace, resolve_namespace, to_numpy

__all__ = [
    "elu_plus_one",
    "elu_plus_one_derivative",
    "exp_taylor_features",
    "positive_random_features",
    "positive_random_log_features",
    "prf_estimator_variance",
    "prf_weights",
]


def elu_plus_one(x):
    r"""The feature map :math:`\phi(u)=\operatorname{elu}(u)+1`, entrywise.

    .. math::

        \phi(u)_j = \begin{cases} u_j + 1, & u_j > 0,\\ e^{u_j}, & u_j \le 0.\end{cases}

    Parameters
    ----------
    x : float array, shape ``(d,)`` or ``(d, N)``

    Returns
    -------
    phi : float array, same shape and namespace; every entry is :math:`>0` (for finite input
        above :math:`\approx-745`, where :math:`e^{u}` underflows in float64).

    References
    ----------
    .. [1] A. Katharopoulos, A. Vyas, N. Pappas, F. Fleuret, "Transformers are RNNs", ICML 2020.
    .. [2] Hu et al., "Nonparametric Modern Hopfield Models", arXiv:2404.03900, linear model.

    Examples
    --------
    >>> import numpy as np
    >>> u = np.array([-1.0, 0.0, 2.0])
    >>> bool(np.allclose(elu_plus_one(u), np.where(u > 0, u, np.exp(u) - 1) + 1))  # elu(u) + 1
    True
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    xp = get_namespace(x)
    # exp only of the non-positive part, so no overflow warning on large positive entries
    return xp.where(x > 0, x + 1, xp.exp(xp.minimum(x, xp.zeros_like(x))))


def elu_plus_one_derivative(x):
    r"""Entrywise derivative of :func:`elu_plus_one`.

    .. math::

        \phi'(u)_j = \begin{cases} 1, & u_j > 0,\\ e^{u_j}, & u_j \le 0,\end{cases}

    for ``x`` of shape ``(d,)`` or ``(d, N)``; the result has the shape of ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> u, h = np.array([-0.5, 1.5]), 1e-6
    >>> central = (elu_plus_one(u + h) - elu_plus_one(u - h)) / (2 * h)
    >>> bool(np.allclose(elu_plus_one_derivative(u), central, atol=1e-8))
    True
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    xp = get_namespace(x)
    return xp.where(x > 0, xp.ones_like(x), xp.exp(xp.minimum(x, xp.zeros_like(x))))


def prf_weights(n_features: int, d: int, *, seed: int, xp=None, orthogonal: bool = False):
    r"""Frequencies :math:`\omega_1,\dots,\omega_{n_f}\sim\mathcal N(0,I_d)` of the PRF map.

    Parameters
    ----------
    n_features : int
        :math:`n_f\ge1`.
    d : int
        Dimension :math:`d\ge1`.
    seed : int
        Seed of ``numpy.random.default_rng`` (drawn on the host, converted with ``xp.asarray``).
    xp : namespace, optional
        Target namespace (NumPy when None).
    orthogonal : bool
        Orthogonalise blocks of :math:`d` rows (Performer's ORF variant) and rescale each row to
        a :math:`\chi_d` norm, so each row is still marginally :math:`\mathcal N(0,I_d)`.

    Returns
    -------
    W : float64 array, shape ``(n_features, d)``; row :math:`j` is :math:`\omega_j^\top`.

    Examples
    --------
    >>> import numpy as np
    >>> W = prf_weights(3, 2, seed=0)
    >>> W.shape, bool(np.array_equal(W, np.random.default_rng(0).standard_normal((3, 2))))
    ((3, 2), True)
    """
    for value, name in ((n_features, "n_features"), (d, "d")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer; got {seed!r}")
    xp = resolve_namespace(xp)
    rng = np.random.default_rng(int(seed))
    if not orthogonal:
        host = rng.standard_normal((int(n_features), int(d)))
    else:
        blocks = []
        for _ in range(-(-int(n_features) // int(d))):
            q, _r = np.linalg.qr(rng.standard_normal((int(d), int(d))))
            norms = np.sqrt(rng.chisquare(int(d), size=int(d)))
            blocks.append(q.T * norms[:, None])
        host = np.concatenate(blocks, axis=0)[: int(n_features)]
    return xp.asarray(host, dtype=xp.float64)


def _check_prf_inputs(x, W, beta):
    x = as_float_array(x, "x", ndim=(1, 2))
    xp = get_namespace(x)
    W = as_float_array(W, "W", xp=xp, ndim=2)
    get_namespace(x, W)
    beta = check_beta(beta)
    if W.shape[1] != x.shape[0]:
        raise ValueError(
            f"W must have shape (n_features, d) with d = x.shape[0]; got W of shape "
            f"{tuple(W.shape)} and x of shape {tuple(x.shape)}"
        )
    return xp, x, W, beta


def positive_random_log_features(x, W, beta):
    r"""Logarithm of :func:`positive_random_features` (finite where the features overflow).

    .. math::

        \log\phi_+(u)_j = \sqrt\beta\,\omega_j^\top u - \tfrac\beta2\lVert u\rVert^2
                          - \tfrac12\log n_f .

    Examples
    --------
    >>> import numpy as np
    >>> W, u = prf_weights(4, 2, seed=1), np.array([0.3, -0.2])
    >>> naive = np.sqrt(2.0) * W @ u - u @ u - 0.5 * np.log(4)  # beta = 2
    >>> bool(np.allclose(positive_random_log_features(u, W, 2.0), naive))
    True
    """
    xp, x, W, beta = _check_prf_inputs(x, W, beta)
    n_f = W.shape[0]
    proj = math.sqrt(beta) * (W @ x)
    sq = xp.sum(x * x, axis=0)
    return proj - 0.5 * beta * sq - 0.5 * math.log(n_f)


def positive_random_features(x, W, beta):
    r"""Positive random features of the exponential kernel :math:`e^{\beta\langle u,v\rangle}`.

    .. math::

        \phi_+(u) = \frac{e^{-\beta\lVert u\rVert^2/2}}{\sqrt{n_f}}
                    \Big(e^{\sqrt\beta\,\omega_j^\top u}\Big)_{j=1}^{n_f},
        \qquad
        \mathbb E_\omega\big[\phi_+(u)^\top\phi_+(v)\big] = e^{\beta\langle u,v\rangle}.

    Unbiasedness: :math:`\mathbb E\,e^{\sqrt\beta\,\omega^\top s}=e^{\beta\lVert s\rVert^2/2}` with
    :math:`s=u+v`, and :math:`\lVert u+v\rVert^2-\lVert u\rVert^2-\lVert v\rVert^2=2\langle u,v\rangle`.

    Parameters
    ----------
    x : float array, shape ``(d,)`` or ``(d, N)``
        Points :math:`u` (columns).
    W : float array, shape ``(n_f, d)``
        Frequencies, rows :math:`\omega_j^\top\sim\mathcal N(0,I_d)` (:func:`prf_weights`).
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    phi : float array, shape ``(n_f,)`` or ``(n_f, N)``; every entry :math:`>0`.

    Raises
    ------
    OverflowError
        If a feature is not representable in the dtype (large :math:`\beta\lVert u\rVert^2`);
        use :func:`positive_random_log_features`, or a model that normalises, instead.

    References
    ----------
    .. [1] K. Choromanski et al., "Rethinking Attention with Performers", ICLR 2021, Lemma 1
       (positive random features, :math:`\beta=1`).
    .. [2] Hu et al., arXiv:2404.03900, positive-random-features model (label unconfirmed).

    Examples
    --------
    >>> import numpy as np
    >>> W = prf_weights(20000, 2, seed=0)
    >>> u, v = np.array([0.3, 0.1]), np.array([-0.2, 0.4])
    >>> estimate = positive_random_features(u, W, 1.0) @ positive_random_features(v, W, 1.0)
    >>> bool(abs(estimate - np.exp(u @ v)) < 0.02)  # unbiased for exp(beta <u, v>)
    True
    """
    logphi = positive_random_log_features(x, W, beta)
    xp = get_namespace(logphi)
    limit = math.log(float(xp.finfo(logphi.dtype).max))
    if bool(xp.any(logphi > limit)):
        raise OverflowError(
            f"positive random features overflow (largest log-feature {float(xp.max(logphi)):.4g} "
            f"> {limit:.4g}); beta * ||u||^2 is too large for explicit features"
        )
    return xp.exp(logphi)


def prf_estimator_variance(u, v, beta, n_features: int) -> float:
    r"""Variance of the PRF estimator :math:`\phi_+(u)^\top\phi_+(v)` for i.i.d. frequencies.

    .. math::

        \operatorname{Var} = \frac1{n_f}\,e^{2\beta\langle u,v\rangle}
                             \big(e^{\beta\lVert u+v\rVert^2}-1\big).

    Derived from :math:`\mathbb E\,e^{2\sqrt\beta\,\omega^\top s}=e^{2\beta\lVert s\rVert^2}`; at
    :math:`\beta=1` this is Performer's Lemma 2.  Returns a Python float (``inf`` on overflow).

    Examples
    --------
    >>> import numpy as np
    >>> u, v = np.array([0.5, 0.0]), np.array([0.2, 0.3])
    >>> s = u + v
    >>> bool(np.isclose(prf_estimator_variance(u, v, 1.0, 100), np.exp(2 * u @ v) * np.expm1(s @ s) / 100))
    True
    """
    u = _host(u, "u")
    v = _host(v, "v")
    beta = check_beta(beta)
    if u.shape != v.shape:
        raise ValueError(f"u and v must have the same shape; got {u.shape} and {v.shape}")
    if isinstance(n_features, bool) or not isinstance(n_features, numbers.Integral) or n_features < 1:
        raise ValueError(f"n_features must be a positive integer; got {n_features!r}")
    uv = float(u @ v)
    s2 = float((u + v) @ (u + v))
    log_var = 2.0 * beta * uv + beta * s2 + math.log(-math.expm1(-beta * s2)) - math.log(n_features) if s2 > 0 else -math.inf
    return math.exp(log_var) if log_var < 709.0 else math.inf


def _host(a, name):
    a = as_float_array(a, name, ndim=1)
    return np.asarray(to_numpy(a), dtype=np.float64)


def exp_taylor_features(x, beta, order: int):
    r"""Truncated Taylor feature map of the exponential kernel.

    .. math::

        \Phi(u) = \big(\Phi^{(0)}(u),\dots,\Phi^{(n)}(u)\big),\qquad
        \Phi^{(j)}(u) = \sqrt{\beta^j/j!}\;u^{\otimes j}\in\mathbb R^{d^j},

    so that :math:`\langle\Phi(u),\Phi(v)\rangle=\sum_{j\le n}\beta^j\langle u,v\rangle^j/j!\to
    e^{\beta\langle u,v\rangle}` as :math:`n\to\infty`.

    Parameters
    ----------
    x : float array, shape ``(d,)`` or ``(d, N)``
    beta : float
        :math:`\beta>0`.
    order : int
        Truncation order :math:`n\ge0`; the feature dimension is :math:`\sum_{j\le n}d^j`.

    Returns
    -------
    Phi : float array, shape ``(D,)`` or ``(D, N)`` with :math:`D=\sum_{j=0}^n d^j`.

    References
    ----------
    .. [1] Hu et al., arXiv:2404.03900, Lemma 3.1 (label unconfirmed): the dense model arises
       from the Taylor feature map of the exponential kernel.

    Examples
    --------
    >>> import numpy as np
    >>> u, v = np.array([0.4, -0.1]), np.array([0.2, 0.5])
    >>> k = exp_taylor_features(u, 2.0, 3) @ exp_taylor_features(v, 2.0, 3)
    >>> t = 2.0 * (u @ v)  # beta <u, v>: the kernel is the Taylor polynomial of exp(t)
    >>> bool(np.isclose(k, 1 + t + t**2 / 2 + t**3 / 6))
    True
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    xp = get_namespace(x)
    beta = check_beta(beta)
    if isinstance(order, bool) or not isinstance(order, numbers.Integral) or order < 0:
        raise ValueError(f"order must be a non-negative integer; got {order!r}")
    vector = x.ndim == 1
    X = xp.reshape(x, (x.shape[0], 1)) if vector else x
    d, N = X.shape
    if sum(d**j for j in range(int(order) + 1)) > 10**7:
        raise ValueError(f"feature dimension sum_j d^j too large for d={d}, order={order}")
    blocks = []
    power = xp.ones((1, N), dtype=X.dtype)
    for j in range(int(order) + 1):
        if j > 0:
            # u^{(x) j} = u^{(x) j-1} (x) u, as a (d^j, N) block
            power = xp.reshape(
                xp.reshape(power, (power.shape[0], 1, N)) * xp.reshape(X, (1, d, N)),
                (power.shape[0] * d, N),
            )
        blocks.append(math.sqrt(beta**j / math.factorial(j)) * power)
    out = xp.concat(blocks, axis=0)
    return out[:, 0] if vector else out
