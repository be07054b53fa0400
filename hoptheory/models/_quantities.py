"""Geometric quantities of a pattern set: norms, separations, radii (conventions §1-§2).

All functions take :math:`\\Xi` of shape ``(d, M)`` (patterns as columns) in any array-API
namespace.  Vector results are arrays of that namespace; scalar summaries (:func:`max_norm`,
:func:`min_separation`, :func:`separation_radius`) are Python floats, ready to be plugged
into bound formulas.

Separations and distances are computed from *differences* of patterns,
:math:`\\langle\\xi_\\mu,\\xi_\\mu-\\xi_\\nu\\rangle` and :math:`\\lVert\\xi_\\mu-\\xi_\\nu\\rVert`, rather
than from the Gram matrix: for near-duplicate patterns the Gram form
:math:`\\langle\\xi_\\mu,\\xi_\\mu\\rangle-\\langle\\xi_\\mu,\\xi_\\nu\\rangle` cancels catastrophically
(absolute error of order :math:`\\varepsilon m^2`), while the difference form is exact (zero)
for identical patterns and relatively accurate for close ones.
"""

from __future__ import annotations

import math
import numbers

from hoptheory._backend import as_float_array, get_namespace

__all__ = [
    "max_norm",
    "min_separation",
    "pattern_separation",
    "query_separation",
    "separation_radius",
]

# number of array elements a (d, chunk, M) block of differences may hold
_BLOCK_ELEMENTS = 2**22


def _patterns(Xi):
    return as_float_array(Xi, "Xi", ndim=2)


def _device(xp, x):
    import array_api_compat  # noqa: PLC0415

    return array_api_compat.device(x)


def _chunks(d: int, M: int):
    step = max(1, _BLOCK_ELEMENTS // max(1, d * M))
    for start in range(0, M, step):
        yield start, min(M, start + step)


def _offdiag_mask(xp, start: int, stop: int, M: int, device):
    """Boolean (stop-start, M) array, True where the column index equals the row's pattern."""
    rows = xp.arange(start, stop, device=device)
    cols = xp.arange(M, device=device)
    return rows[:, None] == cols[None, :]


def max_norm(Xi) -> float:
    r"""Largest pattern norm.

    .. math::

        m = \max_{\mu\in[M]}\lVert\xi_\mu\rVert .

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite, non-empty).

    Returns
    -------
    m : float

    Notes
    -----
    Reference: conventions §1 (:math:`m`; Ramsauer et al. 2021 write :math:`M`).
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    return float(xp.max(xp.linalg.vector_norm(Xi, axis=0)))


def pattern_separation(Xi):
    r"""Separation of every pattern from the others.

    .. math::

        \Delta_\mu=\min_{\nu\ne\mu}\big(\langle\xi_\mu,\xi_\mu\rangle-\langle\xi_\mu,\xi_\nu\rangle\big)
        =\min_{\nu\ne\mu}\langle\xi_\mu,\xi_\mu-\xi_\nu\rangle,\qquad\mu\in[M].

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns.

    Returns
    -------
    Delta : array, shape (M,)
        Same namespace and dtype as ``Xi``.  :math:`\Delta_\mu` may be negative (a pattern of
        smaller norm than a close neighbour); for :math:`M=1` it is :math:`+\infty` (an empty
        minimum).

    Notes
    -----
    Computed from the differences :math:`\xi_\mu-\xi_\nu` (see the module notes).
    Reference: conventions §2; Ramsauer et al. 2021 (:math:`\Delta_i`); Hu et al. 2023.
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    dev = _device(xp, Xi)
    parts = []
    for start, stop in _chunks(d, M):
        centre = Xi[:, start:stop, None]  # (d, c, 1)
        diff = centre - Xi[:, None, :]  # (d, c, M): xi_mu - xi_nu
        vals = xp.sum(centre * diff, axis=0)  # (c, M): <xi_mu, xi_mu - xi_nu>
        vals = xp.where(_offdiag_mask(xp, start, stop, M, dev), xp.inf, vals)
        parts.append(xp.min(vals, axis=1))
    return parts[0] if len(parts) == 1 else xp.concat(parts)


def min_separation(Xi) -> float:
    r"""Minimal pattern separation.

    .. math::

        \Delta_{\min}=\min_{\mu\in[M]}\Delta_\mu
        =\min_{\mu\ne\nu}\big(\langle\xi_\mu,\xi_\mu\rangle-\langle\xi_\mu,\xi_\nu\rangle\big).

    Parameters
    ----------
    Xi : array, shape (d, M)

    Returns
    -------
    Delta_min : float
        :math:`+\infty` when :math:`M=1`.

    Notes
    -----
    Reference: conventions §2.
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    return float(xp.min(pattern_separation(Xi)))


def query_separation(Xi, x, mu: int):
    r"""Separation of pattern ``mu`` in the scores of a query.

    .. math::

        \tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\big(\langle x,\xi_\mu\rangle-\langle x,\xi_\nu\rangle\big)
        =z_\mu-\max_{\nu\ne\mu}z_\nu,\qquad z=\Xi^\top x .

    Positive iff :math:`\xi_\mu` has the unique top score.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns.
    x : array, shape (d,) or (d, N)
        One query or a batch of N queries as columns (same namespace as ``Xi``).
    mu : int
        Pattern index, :math:`0\le\mu<M`.

    Returns
    -------
    Delta_tilde : array, shape () or (N,)
        :math:`+\infty` when :math:`M=1`.

    Notes
    -----
    Computed as :math:`\min_\nu\langle x,\xi_\mu-\xi_\nu\rangle` (no cancellation for close
    patterns).  Reference: conventions §2.
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    x = _query(xp, x, d, Xi.shape)
    mu = _index(mu, M, Xi.shape)
    diff = Xi[:, mu : mu + 1] - Xi  # (d, M)
    vals = xp.matmul(xp.matrix_transpose(diff), x)  # (M,) or (M, N)
    is_mu = xp.arange(M, device=_device(xp, Xi)) == mu
    if x.ndim == 2:
        is_mu = is_mu[:, None]
    vals = xp.where(is_mu, xp.inf, vals)
    return xp.min(vals, axis=0)


def separation_radius(Xi) -> float:
    r"""Default ball radius: half the minimal distance between two patterns.

    .. math::

        R=\tfrac12\min_{\mu\ne\nu}\lVert\xi_\mu-\xi_\nu\rVert .

    Parameters
    ----------
    Xi : array, shape (d, M)

    Returns
    -------
    R : float
        :math:`+\infty` when :math:`M=1`; :math:`0` when two patterns coincide.

    Notes
    -----
    Closed balls :math:`S_\mu(R)` around the two closest patterns touch at their midpoint.
    Reference: conventions §2 (balls); Hu et al. 2023.
    """
    Xi = _patterns(Xi)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    dev = _device(xp, Xi)
    best = math.inf
    for start, stop in _chunks(d, M):
        diff = Xi[:, start:stop, None] - Xi[:, None, :]
        dist = xp.linalg.vector_norm(diff, axis=0)  # (c, M)
        dist = xp.where(_offdiag_mask(xp, start, stop, M, dev), xp.inf, dist)
        best = min(best, float(xp.min(dist)))
    return 0.5 * best


# --------------------------------------------------------------------------- shared checks


def _query(xp, x, d: int, xi_shape):
    """Validate a query (d,) or batch (d, N) in namespace ``xp``."""
    if hasattr(x, "shape") and hasattr(x, "dtype"):
        try:
            ns = get_namespace(x)
        except TypeError:
            ns = None
        if ns is not xp:
            raise TypeError(
                f"x must be an array of the same namespace as Xi ({getattr(xp, '__name__', xp)}); "
                f"got {type(x).__module__}.{type(x).__name__}"
            )
        x = as_float_array(x, "x", ndim=(1, 2))
    else:
        x = as_float_array(x, "x", xp=xp, ndim=(1, 2))
    if x.shape[0] != d:
        raise ValueError(
            f"x must have shape (d,) or (d, N) with d = {d} (Xi has shape {tuple(xi_shape)}); "
            f"got shape {tuple(x.shape)}"
        )
    return x


def _index(mu, M: int, xi_shape):
    if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
    mu = int(mu)
    if not 0 <= mu < M:
        raise ValueError(f"mu must satisfy 0 <= mu < M = {M} (Xi has shape {tuple(xi_shape)}); got {mu}")
    return mu
