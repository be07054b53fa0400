r"""Spherical codes: known optimal codes, their minimal angle, and codes found by optimisation.

A *spherical code* is a finite set of unit vectors :math:`u_1,\dots,u_M\in S^{d-1}`, stored as the
columns of a ``(d, M)`` array like a pattern set.  Its minimal angle and minimal separation are

.. math::

    \theta_{\min}(U)=\min_{i\ne j}\angle(u_i,u_j),\qquad
    \Delta_{\min}(U)=\min_{i\ne j}\big(1-\langle u_i,u_j\rangle\big)=1-\cos\theta_{\min}(U),

and on the sphere of radius :math:`m` the pattern separation of conventions §2 is
:math:`m^2\Delta_{\min}(U)`.  The largest size of a code with minimal angle at least
:math:`\theta` in :math:`\mathbb R^d` is :math:`A(d,\theta)`; the bounds on it live in
:mod:`hoptheory.bounds.spherical_codes`.

* Known codes: :func:`simplex_code` (:math:`M=d+1`, Rankin's bound for obtuse angles),
  :func:`orthoplex_code` (:math:`M=2d`, Rankin's bound for right angles),
  :func:`icosahedron_code` and :func:`tammes_code` (the proven Tammes optima in :math:`d=3`);
  their published angles are :data:`TAMMES_ANGLES_DEGREES`.
* :func:`minimal_angle`, :func:`min_separation_unit`: blocked, :math:`O(M^2d)` time, bounded memory.
* :func:`uniformity_loss` and :func:`optimise_code`: the U-Hop uniformity loss and a code found by
  projected gradient descent on it.

References: R. A. Rankin, "The closest packing of spherical caps in n dimensions", Proc. Glasgow
Math. Assoc. 2 (1955) 139–144; J. H. Conway, N. J. A. Sloane, *Sphere Packings, Lattices and
Groups*, 3rd ed., Springer 1999, ch. 1 §2.3 (Tammes problem, table of optima); R. M. Robinson,
"Arrangement of 24 points on a sphere", Math. Ann. 144 (1961) 17–48 (the snub cube).
"""

from __future__ import annotations

import itertools
import math

import array_api_compat
import numpy as np

from hoptheory.backend import as_float_array, check_positive, get_namespace
from hoptheory.sampling._generators import (
    _asarray,
    _check_seed,
    _check_size,
    _float_dtype,
    _namespace,
    sphere,
)

__all__ = [
    "TAMMES_ANGLES_DEGREES",
    "icosahedron_code",
    "min_separation_unit",
    "minimal_angle",
    "optimise_code",
    "orthoplex_code",
    "simplex_code",
    "tammes_code",
    "uniformity_loss",
]

#: Published optimal minimal angles (degrees, 7 decimals) of the Tammes problem in :math:`d=3`
#: for the sizes :func:`tammes_code` builds (Conway & Sloane 1999, ch. 1 §2.3; Robinson 1961).
TAMMES_ANGLES_DEGREES = {4: 109.4712206, 5: 90.0, 6: 90.0, 12: 63.4349488, 24: 43.6907671}

# entries of one (rows, M) block of a pairwise table (2**22 float64 = 32 MiB)
_BLOCK_ELEMENTS = 1 << 22


def _known(xp, dtype, host: np.ndarray):
    """A host-built float64 code handed to namespace ``xp`` in ``dtype``."""
    xp = _namespace(xp)
    return _asarray(xp, host, _float_dtype(xp, dtype))


# --------------------------------------------------------------------------- known codes


def simplex_code(d: int, *, xp=None, dtype=None):
    r"""The regular simplex: :math:`d+1` unit vectors in :math:`\mathbb R^d` with equal inner products.

    .. math::

        \langle u_i,u_j\rangle=-\frac1d\quad(i\ne j),\qquad \sum_{i=1}^{d+1}u_i=0,\qquad
        u_i=\sqrt{\tfrac{d+1}{d}}\,He_i,

    where :math:`H\in\mathbb R^{d\times(d+1)}` is the Helmert matrix, whose rows
    :math:`h_k=(1,\dots,1,-k,0,\dots,0)/\sqrt{k(k+1)}` (:math:`k` ones) are an orthonormal basis of
    :math:`\mathbf 1^\perp`, so :math:`H^\top H=I-\mathbf 1\mathbf 1^\top/(d+1)`.  Its minimal angle
    :math:`\arccos(-1/d)` is the largest possible for :math:`d+1` points (Rankin 1955), and
    :math:`\Delta_{\min}=1+1/d`.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge1`.
    xp, dtype
        Target namespace (NumPy when None) and real floating dtype (float64 when None).

    Returns
    -------
    U : array, shape (d, d + 1)
        Unit columns.
    """
    d = _check_size(d, "d")
    H = np.zeros((d, d + 1))
    for k in range(1, d + 1):
        H[k - 1, :k] = 1.0
        H[k - 1, k] = -float(k)
        H[k - 1] /= math.sqrt(k * (k + 1))
    return _known(xp, dtype, math.sqrt((d + 1) / d) * H)


def orthoplex_code(d: int, *, xp=None, dtype=None):
    r"""The cross-polytope (orthoplex): the :math:`2d` unit vectors :math:`\pm e_i` of :math:`\mathbb R^d`.

    .. math::

        U=[e_1,\dots,e_d,-e_1,\dots,-e_d],\qquad \langle u_i,u_j\rangle\in\{0,-1\}\quad(i\ne j).

    Its minimal angle :math:`\pi/2` is the largest possible for :math:`d+2\le M\le2d` points
    (Rankin 1955), so :math:`\Delta_{\min}=1`.

    Parameters
    ----------
    d, xp, dtype
        The dimension :math:`d\ge1`, the target namespace and the dtype, as in :func:`simplex_code`.

    Returns
    -------
    U : array, shape (d, 2 d)
        Unit columns; column :math:`d+i` is minus column :math:`i`.
    """
    d = _check_size(d, "d")
    eye = np.eye(d)
    return _known(xp, dtype, np.concatenate([eye, -eye], axis=1))


def icosahedron_code(*, xp=None, dtype=None):
    r"""The 12 vertices of the regular icosahedron on :math:`S^2`.

    .. math::

        u\in\frac{1}{\sqrt{1+\varphi^2}}\big\{(0,\pm1,\pm\varphi),(\pm1,\pm\varphi,0),(\pm\varphi,0,\pm1)\big\},
        \qquad \varphi=\tfrac{1+\sqrt5}2,

    with inner products :math:`\pm1/\sqrt5` and :math:`-1`, hence minimal angle
    :math:`\arccos(1/\sqrt5)\approx63.4349488^\circ`, the Tammes optimum for :math:`M=12`
    (Conway & Sloane 1999, ch. 1 §2.3).

    Parameters
    ----------
    xp, dtype
        Target namespace (NumPy when None) and real floating dtype (float64 when None).

    Returns
    -------
    U : array, shape (3, 12)
        Unit columns.
    """
    phi = (1.0 + math.sqrt(5.0)) / 2.0
    pts = []
    for s1, s2 in itertools.product((1.0, -1.0), repeat=2):
        a, b = s1, s2 * phi
        pts += [(0.0, a, b), (a, b, 0.0), (b, 0.0, a)]
    return _known(xp, dtype, np.array(pts).T / math.sqrt(1.0 + phi * phi))


def _tribonacci() -> float:
    r"""The real root :math:`t\approx1.8392867552` of :math:`t^3=t^2+t+1` (two Newton steps from Cardano's form)."""
    r = math.sqrt(33.0)
    t = (1.0 + (19.0 + 3.0 * r) ** (1.0 / 3.0) + (19.0 - 3.0 * r) ** (1.0 / 3.0)) / 3.0
    for _ in range(2):
        t -= (t**3 - t**2 - t - 1.0) / (3.0 * t**2 - 2.0 * t - 1.0)
    return t


def _snub_cube() -> np.ndarray:
    r"""The 24 vertices of the snub cube (one chirality) as unit columns.

    The even permutations of :math:`(\pm1,\pm1/t,\pm t)` with an even number of plus signs and the
    odd permutations with an odd number, :math:`t` the tribonacci constant.
    """
    t = _tribonacci()
    base = (1.0, 1.0 / t, t)
    even, odd = ((0, 1, 2), (1, 2, 0), (2, 0, 1)), ((0, 2, 1), (2, 1, 0), (1, 0, 2))
    pts = []
    for signs in itertools.product((1.0, -1.0), repeat=3):
        perms = even if sum(s > 0 for s in signs) % 2 == 0 else odd
        pts += [tuple(s * base[p] for s, p in zip(signs, perm)) for perm in perms]
    U = np.array(pts).T
    return U / np.linalg.norm(U, axis=0)


def tammes_code(M: int, *, xp=None, dtype=None):
    r"""An optimal code of the Tammes problem on :math:`S^2` for :math:`M\in\{4,5,6,12,24\}`.

    .. math::

        U^\star\in\arg\max_{u_1,\dots,u_M\in S^2}\ \min_{i\ne j}\angle(u_i,u_j).

    * :math:`M=4`: the regular tetrahedron (:func:`simplex_code` with :math:`d=3`), angle
      :math:`\arccos(-1/3)\approx109.4712206^\circ`;
    * :math:`M=5`: the triangular bipyramid (poles :math:`\pm e_3`, three equatorial points at
      :math:`120^\circ`), angle :math:`90^\circ` (the optimum is not unique);
    * :math:`M=6`: the octahedron (:func:`orthoplex_code` with :math:`d=3`), :math:`90^\circ`;
    * :math:`M=12`: the icosahedron (:func:`icosahedron_code`), :math:`63.4349488^\circ`;
    * :math:`M=24`: the snub cube, :math:`43.6907671^\circ` (Robinson 1961), built exactly from the
      tribonacci constant :math:`t^3=t^2+t+1` (vertices: even permutations of
      :math:`(\pm1,\pm1/t,\pm t)` with an even number of plus signs and odd permutations with an
      odd number, normalised).

    The published angles are :data:`TAMMES_ANGLES_DEGREES` (Conway & Sloane 1999, ch. 1 §2.3).

    Parameters
    ----------
    M : int
        Code size, one of 4, 5, 6, 12, 24.
    xp, dtype
        Target namespace (NumPy when None) and real floating dtype (float64 when None).

    Returns
    -------
    U : array, shape (3, M)
        Unit columns.
    """
    M = _check_size(M, "M")
    if M == 4:
        return simplex_code(3, xp=xp, dtype=dtype)
    if M == 6:
        return orthoplex_code(3, xp=xp, dtype=dtype)
    if M == 12:
        return icosahedron_code(xp=xp, dtype=dtype)
    if M == 5:
        c, s = -0.5, math.sqrt(3.0) / 2.0
        host = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0], [1.0, 0.0, 0.0], [c, s, 0.0], [c, -s, 0.0]]).T
        return _known(xp, dtype, host)
    if M == 24:
        return _known(xp, dtype, _snub_cube())
    raise ValueError(f"tammes_code builds the proven optima for M in {sorted(TAMMES_ANGLES_DEGREES)}; got M={M}")


# --------------------------------------------------------------------------- minimal angle


def _directions(U):
    """The columns of ``U`` divided by their norms (a zero column has no direction)."""
    U = as_float_array(U, "U", ndim=2)
    xp = get_namespace(U)
    norms = xp.linalg.vector_norm(U, axis=0)
    if bool(xp.any(norms == 0)):
        raise ValueError(f"U (shape {tuple(U.shape)}) has a zero column, which has no direction")
    return xp, U / norms


def _row_blocks(M: int):
    rows = max(1, _BLOCK_ELEMENTS // M)
    return [(s, min(M, s + rows)) for s in range(0, M, rows)]


def _closest_pair(U):
    r"""Directions :math:`V` and the pair :math:`i<j` minimising :math:`\lVert v_i-v_j\rVert` (None for M < 2).

    The Gram matrix :math:`V^\top V` is formed block by block of rows (GEMM, at most
    ``_BLOCK_ELEMENTS`` entries at a time) with a running maximum :math:`g` of
    :math:`\langle v_i,v_j\rangle` over :math:`i<j`.  Every pair with a computed inner product
    :math:`\ge g-\epsilon_G` is a candidate, :math:`\epsilon_G=4(d+4)\,\varepsilon` a bound on the
    rounding error of a computed inner product of normalised columns.  The candidates (at most
    ``_BLOCK_ELEMENTS // d`` per block, those of largest computed inner product) are measured
    again by :math:`\lVert v_i-v_j\rVert^2` from the differences, which has no cancellation for
    close directions.  For unit vectors :math:`\lVert v_i-v_j\rVert^2=2-2\langle v_i,v_j\rangle`,
    so the pair found is the pair of smallest angle; when more pairs than the cap tie within
    :math:`\epsilon_G` (highly symmetric codes), the value is still within :math:`4\epsilon_G` of
    the minimal :math:`\lVert v_i-v_j\rVert^2`.
    """
    xp, V = _directions(U)
    d, M = V.shape
    if M < 2:
        return xp, V, None
    tol = 4.0 * (d + 4) * float(xp.finfo(V.dtype).eps)
    dev = array_api_compat.device(V)
    VT = xp.matrix_transpose(V)
    cap = max(1, _BLOCK_ELEMENTS // d)
    g_best, best = -math.inf, (math.inf, 0, 1)
    for s, e in _row_blocks(M):
        # pairs i < j of rows s..e: the upper triangle of the diagonal square, then all later columns
        idx = xp.arange(e - s, device=dev)
        parts = [(s, xp.where(xp.reshape(idx, (e - s, 1)) < idx, xp.matmul(VT[s:e, :], V[:, s:e]), -math.inf))]
        if e < M:
            parts.append((e, xp.matmul(VT[s:e, :], V[:, e:])))
        for c0, G in parts:
            top = float(xp.max(G))
            if top == -math.inf or top < g_best - tol:  # no pair i < j here, or none close to the best
                continue
            g_best = max(g_best, top)
            rows, cand = xp.nonzero(G >= g_best - tol)
            if int(rows.shape[0]) > cap:
                order = xp.argsort(xp.take(xp.reshape(G, (-1,)), rows * G.shape[1] + cand), descending=True)
                rows, cand = xp.take(rows, order[:cap]), xp.take(cand, order[:cap])
            i, j = rows + s, cand + c0
            diff = xp.take(V, i, axis=1) - xp.take(V, j, axis=1)
            sq = xp.sum(diff * diff, axis=0)
            a = int(xp.argmin(sq))
            if float(sq[a]) < best[0]:
                best = (float(sq[a]), int(i[a]), int(j[a]))
    return xp, V, best


def minimal_angle(U) -> float:
    r"""The minimal angle between the directions of the columns of ``U``, in radians.

    .. math::

        \theta_{\min}(U)=\min_{i\ne j}\angle(u_i,u_j),\qquad
        \angle(u,v)=2\operatorname{atan2}\big(\lVert\hat u-\hat v\rVert,\ \lVert\hat u+\hat v\rVert\big),
        \quad \hat u=u/\lVert u\rVert .

    The two-argument form is accurate for every angle, including near-duplicate directions,
    where :math:`\arccos\langle\hat u,\hat v\rangle` loses half the digits.  Columns of any
    non-zero norm are allowed: only their directions count.

    Parameters
    ----------
    U : array, shape (d, M)
        Real floating columns (no zero column), any array-API namespace.

    Returns
    -------
    float
        :math:`\theta_{\min}\in[0,\pi]`; :math:`+\infty` when :math:`M=1` (an empty minimum).

    Notes
    -----
    :math:`O(M^2d)` time and memory bounded by one block of :math:`2^{22}` Gram entries (see
    the blocked closest-pair search in the module source).
    """
    xp, V, best = _closest_pair(U)
    if best is None:
        return math.inf
    _, i, j = best
    a, b = V[:, i], V[:, j]
    return 2.0 * math.atan2(float(xp.linalg.vector_norm(a - b)), float(xp.linalg.vector_norm(a + b)))


def min_separation_unit(U) -> float:
    r"""The minimal separation of the directions of the columns of ``U``.

    .. math::

        \Delta_{\min}(U)=\min_{i\ne j}\big(1-\langle\hat u_i,\hat u_j\rangle\big)
        =\min_{i\ne j}\tfrac12\lVert\hat u_i-\hat u_j\rVert^2=1-\cos\theta_{\min}(U),
        \qquad\hat u=u/\lVert u\rVert,

    computed from the differences (no cancellation for close directions).  For unit columns
    this is the pattern separation :math:`\Delta_{\min}` of conventions §2 with :math:`m=1`.
    ``U`` is as in :func:`minimal_angle`; the result is a float in :math:`[0,2]`, and
    :math:`+\infty` when :math:`M=1`.
    """
    _, _, best = _closest_pair(U)
    return math.inf if best is None else 0.5 * best[0]


# --------------------------------------------------------------------------- optimised codes


def uniformity_loss(U, t: float = 2.0) -> float:
    r"""The uniformity loss of the directions of the columns of ``U`` (U-Hop's first stage).

    .. math::

        \mathcal L_t(U)=\log\Big(\frac{2}{M(M-1)}\sum_{i<j}e^{-t\lVert\hat u_i-\hat u_j\rVert^2}\Big),
        \qquad \hat u=u/\lVert u\rVert,

    a log-mean-exp, i.e. a smooth maximum of :math:`-t\lVert\hat u_i-\hat u_j\rVert^2`:
    :math:`-t\,D_{\min}-\log\binom M2\le\mathcal L_t\le -t\,D_{\min}` with
    :math:`D_{\min}=\min_{i<j}\lVert\hat u_i-\hat u_j\rVert^2=2\Delta_{\min}(U)`.  Wu et al. use
    :math:`t=2` (Wu, Hu, Hsiao, Liu, ICML 2024, arXiv:2404.03827; Wang & Isola, ICML 2020).

    Parameters
    ----------
    U : array, shape (d, M)
        Real floating columns (no zero column), :math:`M\ge2`, any array-API namespace.
    t : float
        Temperature :math:`t>0`.

    Returns
    -------
    float
        :math:`\mathcal L_t(U)\le0`, computed block by block with a running log-sum-exp.
    """
    t = check_positive(t, "t")
    xp, V = _directions(U)
    d, M = V.shape
    if M < 2:
        raise ValueError(f"the uniformity loss needs M >= 2 columns; got U of shape {(d, M)}")
    dev = array_api_compat.device(V)
    VT = xp.matrix_transpose(V)
    cols = xp.arange(M, device=dev)
    top, total = -math.inf, 0.0
    for s, e in _row_blocks(M):
        upper = xp.reshape(xp.arange(s, e, device=dev), (e - s, 1)) < cols
        expo = xp.where(upper, -t * (2.0 - 2.0 * xp.matmul(VT[s:e, :], V)), -math.inf)
        hi = float(xp.max(expo))
        if hi == -math.inf:
            continue
        new_top = max(top, hi)
        total = total * math.exp(top - new_top) + float(xp.sum(xp.exp(expo - new_top)))
        top = new_top
    return top + math.log(total) - math.log(M * (M - 1) / 2)


def optimise_code(d: int, M: int, *, seed: int, steps: int = 2000, t_start: float = 2.0,
                  t_end: float = 1.0e4, xp=None, dtype=None):
    r"""A spherical code of :math:`M` points in :math:`\mathbb R^d` found by projected gradient descent.

    Minimises the uniformity loss (:func:`uniformity_loss`) while its temperature is annealed,

    .. math::

        \mathcal L_{t}(U)=\log\frac{2}{M(M-1)}\sum_{i<j}e^{-t\lVert u_i-u_j\rVert^2},\qquad
        \nabla_{u_i}\mathcal L_t=-4t\sum_{j\ne i}P_{ij}(u_i-u_j),\quad
        P_{ij}=\frac{e^{-t\lVert u_i-u_j\rVert^2}}{\sum_{k\ne l}e^{-t\lVert u_k-u_l\rVert^2}},

    by the steps :math:`G\leftarrow(I-u_iu_i^\top)\nabla_{u_i}\mathcal L_{t_k}` (the tangential
    part), :math:`u_i\leftarrow(u_i-\eta_kG_i/\max_l\lVert G_l\rVert)/\lVert\cdot\rVert`, with
    :math:`t_k` geometric from ``t_start`` to ``t_end`` and :math:`\eta_k` geometric from
    :math:`10^{-1}` to :math:`10^{-4}`.  As :math:`t\to\infty` the loss is
    :math:`-t\min_{i<j}\lVert u_i-u_j\rVert^2+O(\log M)`, so the annealing drives the code towards a
    local maximiser of the minimal angle (the Tammes problem).  U-Hop+ (Hu, Wu, Liu, NeurIPS 2024,
    arXiv:2410.23126) runs this kind of descent on normalised features.

    Parameters
    ----------
    d, M : int
        Dimension and code size (both :math:`\ge1`).
    seed : int
        Non-negative seed of the start, :func:`~hoptheory.sampling.sphere` ``(d, M, seed=seed)``.
        The result is deterministic given the seed and the backend.
    steps : int
        Number of gradient steps (:math:`\ge0`; 0 returns the start).
    t_start, t_end : float
        First and last temperature (:math:`0<t`); ``t_start=2`` is U-Hop's value.
    xp, dtype
        Target namespace (NumPy when None) and real floating dtype of the result (float64 when
        None; the descent runs in float64).

    Returns
    -------
    U : array, shape (d, M)
        Unit columns.

    Notes
    -----
    Each step forms the :math:`M\times M` Gram matrix: :math:`O(M^2d)` time and :math:`O(M^2)`
    memory per step, meant for codes of up to a few thousand points.  In :math:`d=3` the default
    schedule reaches within :math:`10^{-3}` (relative) of the Tammes optima for
    :math:`M\in\{4,5,6,12,24\}`, and of the simplex and orthoplex angles in :math:`d=4,5`.
    """
    d, M = _check_size(d, "d"), _check_size(M, "M")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative int; got {steps!r}")
    t0, t1 = check_positive(t_start, "t_start"), check_positive(t_end, "t_end")
    seed = _check_seed(seed)
    xp = _namespace(xp)
    dtype = _float_dtype(xp, dtype)
    U = sphere(d, M, seed=seed, xp=xp)
    eta0, eta1 = 1e-1, 1e-4
    if M >= 2:
        dev = array_api_compat.device(U)
        idx = xp.arange(M, device=dev)
        off = xp.reshape(idx, (M, 1)) != idx
        for k in range(steps):
            f = k / max(steps - 1, 1)
            t, eta = t0 * (t1 / t0) ** f, eta0 * (eta1 / eta0) ** f
            expo = xp.where(off, -t * (2.0 - 2.0 * xp.matmul(xp.matrix_transpose(U), U)), -math.inf)
            P = xp.exp(expo - xp.max(expo))
            P = P / xp.sum(P)
            grad = -4.0 * t * (U * xp.sum(P, axis=1) - xp.matmul(U, P))
            grad = grad - U * xp.sum(U * grad, axis=0)
            scale = float(xp.max(xp.linalg.vector_norm(grad, axis=0)))
            if scale == 0.0:
                break
            U = U - (eta / scale) * grad
            U = U / xp.linalg.vector_norm(U, axis=0)
    return xp.astype(U, dtype)
