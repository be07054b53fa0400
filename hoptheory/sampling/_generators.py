"""Seeded pattern and query generators (the standard instance families, conventions §7).

Every generator takes an explicit integer ``seed`` and a target namespace ``xp``.  On NumPy and
``array-api-strict`` the numbers are drawn on the host with ``numpy.random.default_rng(seed)``
and converted with ``xp.asarray``, so the two backends give *identical* arrays for one seed.
On CuPy they are drawn on the device with ``cupy.random.default_rng(seed)`` (a different
stream: CuPy and NumPy arrays for one seed are each reproducible, but not equal).

Patterns are columns: a pattern set has shape ``(d, M)``.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import array_api_compat
import numpy as np

from hoptheory.backend import (
    as_float_array,
    check_positive,
    get_namespace,
    resolve_namespace,
    to_numpy,
    tolerance,
)
from hoptheory.sampling._geometry import min_distance

__all__ = ["add_noise", "ball", "binary", "gaussian", "separated", "separation_upper_bound", "sphere"]


# --------------------------------------------------------------------------- validation


def _check_size(value: Any, name: str) -> int:
    """A positive Python int (``bool`` and floats such as ``3.0`` are rejected)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    value = int(value)
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (>= 1); got {value}")
    return value


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be a non-negative integer (seeds are recorded with every instance); got {seed!r}"
        )
    seed = int(seed)
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed}")
    return seed


def _namespace(xp):
    # None, the plain numpy/cupy modules (wrapped) or an array-API namespace
    return resolve_namespace(xp)


def _float_dtype(xp, dtype):
    if dtype is None:
        return xp.float64
    try:
        ok = bool(xp.isdtype(dtype, "real floating"))
    except Exception:  # noqa: BLE001  (not a dtype of this namespace at all)
        ok = False
    if not ok:
        raise TypeError(f"dtype must be a real floating dtype of the namespace (e.g. xp.float32); got {dtype!r}")
    return dtype


def _pattern_args(d, M, seed, xp, dtype):
    """The validated ``(d, M, seed, xp, dtype)`` of a pattern generator."""
    d, M, seed = _check_size(d, "d"), _check_size(M, "M"), _check_seed(seed)
    xp = _namespace(xp)
    return d, M, seed, xp, _float_dtype(xp, dtype)


def _is_cupy(xp) -> bool:
    return bool(array_api_compat.is_cupy_namespace(xp))


def _rng(xp, seed: int):
    """The generator for backend ``xp``: CuPy's on the device, NumPy's otherwise."""
    if _is_cupy(xp):
        import cupy  # noqa: PLC0415  (optional dependency: imported only for the CuPy namespace)

        return cupy.random.default_rng(seed)
    return np.random.default_rng(seed)


def _device_of(x):
    try:
        return array_api_compat.device(x)
    except Exception:  # noqa: BLE001
        return None


def _asarray(xp, a, dtype, device=None):
    if device is None:
        return xp.asarray(a, dtype=dtype)
    return xp.asarray(a, dtype=dtype, device=device)


# --------------------------------------------------------------------------- patterns


def sphere(d: int, M: int, m: float = 1.0, *, seed: int, xp=None, dtype=None):
    r"""M patterns drawn i.i.d. uniformly on the sphere of radius ``m`` in :math:`\mathbb R^d`.

    .. math::

        \xi_\mu = m\,\frac{g_\mu}{\lVert g_\mu\rVert},\qquad g_\mu\sim\mathcal N(0, I_d)
        \ \text{i.i.d.},\quad \mu\in[M],

    which is uniform on :math:`\{y\in\mathbb R^d:\lVert y\rVert=m\}` by rotation invariance of
    the standard Gaussian.

    Parameters
    ----------
    d, M : int
        Pattern dimension :math:`d\ge1` and number of patterns :math:`M\ge1`.
    m : float
        Radius :math:`m>0`; every column has norm :math:`m` (to rounding).
    seed : int
        Non-negative seed of the generator.
    xp : namespace, optional
        Target array namespace (NumPy when None).
    dtype : dtype, optional
        Real floating dtype of ``xp`` (float64 when None).

    Returns
    -------
    Xi : array, shape (d, M)
        Patterns as columns.

    Notes
    -----
    For :math:`d=1` the sphere is :math:`\{-m, m\}` and the patterns are random signs times
    :math:`m`. Reference: conventions §7 (``sphere(d, M, m)``).
    """
    d, M, seed, xp, dtype = _pattern_args(d, M, seed, xp, dtype)
    m = check_positive(m, "m")
    g = _rng(xp, seed).standard_normal((d, M))
    if _is_cupy(xp):
        g = xp.asarray(g)
        norms = xp.linalg.vector_norm(g, axis=0, keepdims=True)
        return xp.astype(m * (g / norms), dtype)
    # a zero Gaussian column has probability zero; guard anyway so no NaN can appear
    norms = np.linalg.norm(g, axis=0, keepdims=True)
    if np.any(norms == 0.0):  # pragma: no cover  (probability zero)
        raise RuntimeError("a standard Gaussian column was exactly zero; use another seed")
    return _asarray(xp, m * (g / norms), dtype)


def gaussian(d: int, M: int, *, seed: int, scale: float = 1.0, xp=None, dtype=None):
    r"""M patterns with i.i.d. centred Gaussian entries of standard deviation ``scale``.

    .. math::

        \Xi_{i\mu}\sim\mathcal N(0,\sigma^2)\ \text{i.i.d.},\qquad i\in[d],\ \mu\in[M],
        \ \sigma=\texttt{scale}.

    Parameters
    ----------
    d, M, seed, xp, dtype
        As in :func:`sphere`.
    scale : float
        Standard deviation :math:`\sigma>0` of each entry.

    Returns
    -------
    Xi : array, shape (d, M)
        Reference: conventions §7 (``gaussian(d, M)``).
    """
    d, M, seed, xp, dtype = _pattern_args(d, M, seed, xp, dtype)
    scale = check_positive(scale, "scale")
    g = _rng(xp, seed).standard_normal((d, M))
    return xp.astype(xp.asarray(scale * g), dtype) if _is_cupy(xp) else _asarray(xp, scale * g, dtype)


def binary(d: int, M: int, *, seed: int, xp=None, dtype=None):
    r"""M patterns with i.i.d. uniform :math:`\pm1` entries (returned as floats).

    .. math::

        \Xi_{i\mu}\in\{-1,+1\},\qquad \Pr[\Xi_{i\mu}=1]=\Pr[\Xi_{i\mu}=-1]=\tfrac12\ \text{i.i.d.}

    Takes the sizes ``d, M``, the ``seed``, the namespace ``xp`` and the ``dtype`` as
    :func:`sphere` does, and returns ``Xi`` of shape ``(d, M)``: every column has norm
    :math:`\sqrt d`, so :math:`m=\sqrt d`.  Duplicate columns occur with probability
    :math:`\le\binom M2 2^{-d}` (then :math:`\Delta_{\min}=0`); they are not removed.
    Reference: conventions §7 (``binary(d, M)``).
    """
    d, M, seed, xp, dtype = _pattern_args(d, M, seed, xp, dtype)
    bits = _rng(xp, seed).integers(0, 2, size=(d, M))
    if _is_cupy(xp):
        return xp.astype(2 * xp.asarray(bits) - 1, dtype)
    return _asarray(xp, (2 * bits - 1).astype(np.float64), dtype)


# --------------------------------------------------------------------------- separated sets


def _separations_np(Xi: np.ndarray) -> np.ndarray:
    """Delta_mu = min_{nu != mu} <xi_mu, xi_mu> - <xi_mu, xi_nu> in float64 on the host."""
    G = Xi.T @ Xi
    D = np.diag(G)[:, None] - G
    np.fill_diagonal(D, np.inf)
    return D.min(axis=1)


def separation_upper_bound(d: int, M: int, m: float = 1.0) -> float:
    r"""A necessary bound on the separation of M points on the sphere of radius m in R^d.

    .. math::

        \Delta_{\min}\le m^2\Big(1+\frac1{M-1}\Big)\quad(M\ge2),\qquad
        \Delta_{\min}\le m^2\quad(M\ge d+2),\qquad \Delta_{\min}=0\quad(d=1,\ M\ge3).

    The first is the simplex bound: :math:`0\le\lVert\sum_\mu\xi_\mu\rVert^2
    = Mm^2+\sum_{\mu\ne\nu}\langle\xi_\mu,\xi_\nu\rangle`, so some pair has
    :math:`\langle\xi_\mu,\xi_\nu\rangle\ge-m^2/(M-1)`, and on the sphere
    :math:`\Delta_\mu=m^2-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`.  The second is Rankin's:
    among more than :math:`d+1` points of :math:`S^{d-1}` two make a non-obtuse angle.  On the
    line (:math:`d=1`) three points of :math:`\{\pm m\}` repeat one.  :math:`M=1` returns
    :math:`+\infty` (an empty minimum).
    """
    d, M = _check_size(d, "d"), _check_size(M, "M")
    m = check_positive(m, "m")
    if M == 1:
        return math.inf
    if d == 1 and M >= 3:
        return 0.0
    bound = m * m * (1.0 + 1.0 / (M - 1))
    if M >= d + 2:
        bound = min(bound, m * m)
    return bound


def separated(
    d: int,
    M: int,
    delta: float,
    m: float = 1.0,
    *,
    seed: int,
    xp=None,
    dtype=None,
    max_tries: int = 200_000,
):
    r"""M patterns on the sphere of radius ``m`` with minimal separation at least ``delta``.

    Returns :math:`\Xi=[\xi_1,\dots,\xi_M]` with :math:`\lVert\xi_\mu\rVert=m` and

    .. math::

        \Delta_{\min}=\min_\mu\min_{\nu\ne\mu}\big(\langle\xi_\mu,\xi_\mu\rangle
        -\langle\xi_\mu,\xi_\nu\rangle\big)\;\ge\;\delta .

    On the sphere :math:`\Delta_\mu=m^2(1-\max_{\nu\ne\mu}\cos\angle(\xi_\mu,\xi_\nu))`, so the
    condition is :math:`\langle\xi_\mu,\xi_\nu\rangle\le m^2-\delta` for every pair.

    Parameters
    ----------
    d, M : int
        Pattern dimension and number of patterns (both :math:`\ge1`).
    delta : float
        Required separation :math:`\delta\ge0` (finite).
    m : float
        Sphere radius :math:`m>0`.
    seed : int
        Non-negative seed.
    xp, dtype
        Target namespace (NumPy when None) and real floating dtype (float64 when None).
    max_tries : int
        Number of uniform candidates drawn before giving up.

    Returns
    -------
    Xi : array, shape (d, M)

    Raises
    ------
    ValueError
        If :math:`\delta` exceeds the necessary bound of :func:`separation_upper_bound`
        (impossible), or if ``max_tries`` candidates did not yield a set (possibly feasible
        but too hard for rejection sampling; lower ``delta`` or raise ``max_tries``).

    Notes
    -----
    Algorithm: sequential rejection with restarts.  Uniform candidates on the sphere are drawn
    in blocks and accepted when they are :math:`\delta`-separated (with a rounding margin of
    256 machine epsilons of ``dtype`` times :math:`m^2`) from every accepted pattern; when
    4096 consecutive candidates bring no progress the partial set is discarded and the search
    restarts.  The result is the first complete set: random, but not uniform on the
    constrained configuration space (it is the law of this sequential procedure).  The final set is
    re-checked in float64 with the formula above (and again after casting to ``dtype``).
    This sampler always draws on the host with ``numpy.random.default_rng(seed)`` (also for
    CuPy, where the result is then copied to the device), because the sequential rejection
    gains nothing from a device; the arrays are therefore identical on every backend.
    Reference: conventions §2 (separation) and §7 (``separated(d, M, Δ)``).
    """
    d, M = _check_size(d, "d"), _check_size(M, "M")
    m = check_positive(m, "m")
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real):
        raise TypeError(f"delta must be a real number; got {delta!r}")
    delta = float(delta)
    if not math.isfinite(delta):
        raise ValueError(f"delta must be finite; got {delta}")
    if delta < 0:
        raise ValueError(
            f"delta must be >= 0; got {delta} (on the sphere every set has Delta_min >= 0)"
        )
    max_tries = _check_size(max_tries, "max_tries")
    seed = _check_seed(seed)
    xp = _namespace(xp)
    dtype = _float_dtype(xp, dtype)
    bound = separation_upper_bound(d, M, m)
    if delta > bound:
        raise ValueError(
            f"no {M} points on the sphere of radius m={m} in R^{d} have Delta_min >= delta={delta}: "
            f"a necessary condition is delta <= {bound!r} (simplex bound m^2 (1 + 1/(M-1))"
            + (", Rankin's bound m^2 for M >= d + 2" if M >= d + 2 and d > 1 else "")
            + (", and 0 on the line for M >= 3" if d == 1 and M >= 3 else "")
            + ")"
        )
    rng = np.random.default_rng(seed)
    # rounding margin in the units of the returned dtype, so the cast cannot undo the guarantee
    margin = tolerance(np.dtype(f"float{xp.finfo(dtype).bits}"), "tight").atol * m * m
    threshold = m * m - delta - margin  # accept when <c, xi> <= threshold for all accepted xi
    accepted = np.empty((d, 0))
    best = 0
    tried = 0
    block = 256
    stall_limit = 16 * block  # candidates without progress before the partial set is discarded
    stalled = 0
    while accepted.shape[1] < M and tried < max_tries:
        n = min(block, max_tries - tried)
        g = rng.standard_normal((d, n))
        cand = m * g / np.linalg.norm(g, axis=0, keepdims=True)
        tried += n
        before = accepted.shape[1]
        # vectorised filter against the patterns accepted so far
        if accepted.shape[1] > 0:
            ok = np.all(accepted.T @ cand <= threshold, axis=0)
            cand = cand[:, ok]
        # sequential acceptance inside the block (new patterns constrain each other)
        for j in range(cand.shape[1]):
            c = cand[:, j]
            if accepted.shape[1] > 0 and np.any(accepted.T @ c > threshold):
                continue
            accepted = np.concatenate([accepted, c[:, None]], axis=1)
            if accepted.shape[1] == M:
                break
        best = max(best, accepted.shape[1])
        stalled = 0 if accepted.shape[1] > before else stalled + n
        if stalled >= stall_limit and accepted.shape[1] < M:
            # the early patterns block every completion: restart from an empty set
            accepted = np.empty((d, 0))
            stalled = 0
    if accepted.shape[1] < M:
        raise ValueError(
            f"separated: found at most {best} of M={M} patterns with Delta_min >= {delta} "
            f"(d={d}, m={m}) after max_tries={max_tries} candidates; delta may be feasible "
            f"(necessary bound {bound!r}) but is too close to it for rejection sampling; "
            f"lower delta or raise max_tries"
        )
    out = _asarray(xp, accepted, dtype)
    if M > 1:
        # the guarantee is checked on the numbers actually returned (after the dtype cast)
        host = to_numpy(out).astype(np.float64)
        achieved = float(_separations_np(host).min())
        if achieved < delta:
            raise ValueError(
                f"separated: after casting to {dtype} the achieved Delta_min={achieved!r} < delta={delta}; "
                f"request float64 or a slightly smaller delta"
            )
    return out


# --------------------------------------------------------------------------- queries


def ball(Xi, mu: int, r: float | None = None, n: int | None = None, *, seed: int, xp=None):
    r"""Queries drawn uniformly from the closed ball :math:`S_\mu(r)` around pattern ``mu``.

    .. math::

        x=\xi_\mu+r\,U^{1/d}\,\frac{g}{\lVert g\rVert},\qquad g\sim\mathcal N(0,I_d),\
        U\sim\mathrm{Unif}[0,1]\ \text{independent},

    which is uniform on :math:`S_\mu(r)=\{x:\lVert x-\xi_\mu\rVert\le r\}`
    (:math:`\Pr[\lVert x-\xi_\mu\rVert\le s]=(s/r)^d`).

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite).
    mu : int
        Index of the centre pattern, :math:`0\le\mu<M` (Python indexing).
    r : float, optional
        Radius :math:`r>0`.  Default: :math:`R=\tfrac12\min_{\mu\ne\nu}\lVert\xi_\mu-\xi_\nu\rVert`
        (undefined, and an error, when :math:`M=1` or two patterns coincide).
    n : int, optional
        Number of queries; None returns one query of shape ``(d,)``, an int returns ``(d, n)``.
    seed : int
        Non-negative seed.
    xp : namespace, optional
        Namespace of the result; default the namespace of ``Xi`` (``Xi`` is copied over when
        they differ).

    Returns
    -------
    x : array, shape (d,) or (d, n)
        In the dtype of ``Xi``.  Points may have :math:`\lVert x\rVert>m`.

    Notes
    -----
    Reference: conventions §2 (balls :math:`S_\mu(r)`, default radius :math:`R`) and §7
    (``ball(μ, r)``).
    """
    if xp is not None:
        xp = _namespace(xp)
        try:
            same = get_namespace(Xi) is xp
        except TypeError:
            same = False
        if not same and hasattr(Xi, "shape"):
            Xi = xp.asarray(to_numpy(Xi))
    Xi = as_float_array(Xi, "Xi", xp=xp, ndim=2)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
    mu = int(mu)
    if not 0 <= mu < M:
        raise ValueError(f"mu must satisfy 0 <= mu < M = {M} (Xi has shape {(d, M)}); got {mu}")
    if r is None:
        if M == 1:
            raise ValueError("the default radius R = 1/2 min_{mu != nu} ||xi_mu - xi_nu|| needs M >= 2; give r")
        r = 0.5 * min_distance(Xi)
        if r <= 0:
            raise ValueError(
                f"the default radius R is 0: Xi (shape {(d, M)}) has two identical patterns; give r > 0"
            )
    else:
        r = check_positive(r, "r")
    single = n is None
    count = 1 if single else _check_size(n, "n")
    seed = _check_seed(seed)
    rng = _rng(xp, seed)
    g = rng.standard_normal((d, count))
    u = rng.random(count)
    dev = _device_of(Xi)
    if _is_cupy(xp):
        g, u = xp.asarray(g), xp.asarray(u)
        step = xp.astype(r * (u ** (1.0 / d)) * g / xp.linalg.vector_norm(g, axis=0, keepdims=True), Xi.dtype)
    else:
        step = _asarray(xp, r * (u ** (1.0 / d)) * g / np.linalg.norm(g, axis=0, keepdims=True), Xi.dtype, dev)
    centre = Xi[:, mu : mu + 1]
    x = centre + step
    return x[:, 0] if single else x


def add_noise(x, sigma: float, *, seed: int):
    r"""Additive i.i.d. Gaussian noise of standard deviation ``sigma``.

    .. math::

        \tilde x = x + \sigma\,\varepsilon,\qquad \varepsilon_{i}\sim\mathcal N(0,1)\ \text{i.i.d.}

    Parameters
    ----------
    x : array, any shape
        Real floating, finite, non-empty array (e.g. a query ``(d,)``, a batch ``(d, N)`` or a
        pattern set ``(d, M)``).
    sigma : float
        Noise level :math:`\sigma\ge0` (finite); ``0`` returns a copy.
    seed : int
        Non-negative seed.

    Returns
    -------
    x_noisy : array
        Same namespace, device, shape and dtype as ``x``.
    """
    x = as_float_array(x, "x")
    xp = get_namespace(x)
    if isinstance(sigma, bool) or not isinstance(sigma, numbers.Real):
        raise TypeError(f"sigma must be a real number; got {sigma!r}")
    sigma = float(sigma)
    if not math.isfinite(sigma) or sigma < 0:
        raise ValueError(f"sigma must be finite and >= 0; got {sigma}")
    seed = _check_seed(seed)
    shape = tuple(x.shape)
    eps = _rng(xp, seed).standard_normal(shape)
    if _is_cupy(xp):
        noise = xp.astype(sigma * xp.asarray(eps), x.dtype)
    else:
        noise = _asarray(xp, sigma * eps, x.dtype, _device_of(x))
    return x + noise
