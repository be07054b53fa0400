"""Instance builders of the ramsauer2021 checks: pattern families, queries, parameter regimes.

Hypothesis draws small parameters (sizes, beta, a seed, the family); the arrays are generated
here from the seed, so a draw always gives the same instance.  Families (conventions §7 and the
catalogue): sphere, Gaussian, binary (:data:`STD`), clustered and unequal-norm memories
(:data:`ALL`), antipodal pairs and coincident memories (tight cases); queries free, in the hull,
perturbed, in a ball (:func:`query`) or at a given radius (:func:`query_at_radius`); beta near
the roots of the well-separation condition and of the master inequality; the clustered
memories of the metastable states; the retrieval instances with their fixed points.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import models, sampling
from hoptheory.backend import Tolerance, to_numpy, tolerance
from hoptheory.bounds import ramsauer2021 as B

from .._strategies import FAMILIES, Instance, instances, make_patterns, seeds, sizes
from ._common import as_float, host, mean_jacobian_panels
from ._oracles import DPS_HIGH, mpf

# --------------------------------------------------------------------------- tolerances
#
# Every tolerance of the checks is derived from the float64 tolerances of the backend
# (``tight`` = 256 eps = 2^-44, ``default`` = eps^(3/4) = 2^-39, ``loose`` = eps^0.4); the
# powers of two below put each one at most at the literal value the checks used before.
# Errors are relative to ``1 + |quantity|`` unless said otherwise.

_TIGHT = tolerance(np.float64, "tight")
_DEFAULT = tolerance(np.float64, "default")
_LOOSE = tolerance(np.float64, "loose")

#: The same closed form evaluated twice in float64 (a few roundings apart).
TOL_SAME_FORMULA = _TIGHT.rtol
#: Two float64 routes through the same score arithmetic (z_(1) - z_(2) by sorting against
#: max_mu of the query separations; attention rows against Hopfield columns): O(d + M)
#: roundings of unit-scale terms, far below 2^-40 = default/2.
TOL_SCORES = _DEFAULT.rtol / 2
#: An energy rise E(x_{t+1}) - E(x_t) relative to 1 + max|E| that is rounding, not ascent:
#: each E is a log-sum-exp of M <= 20 terms plus |x|^2/2, rounded to a few eps |E|.
TOL_ENERGY_RISE = _DEFAULT.rtol / 2
#: lse(beta, z + t1) against lse(beta, z) + t: the float64 log-sum-exp at shifted scores,
#: rounded to O(M) eps relative; 4 default = 2^-37.
TOL_SHIFT = _DEFAULT.rtol * 4
#: A float64 closed form (softmax weights, T(x), the energy, the separation identities,
#: the master-inequality margin, the capacity constant) against its 40- or 50-digit oracle:
#: rounding of O(M d) terms amplified by the exponent range beta |z| <= 1e2; 32 default = 2^-34.
TOL_CLOSED_FORM = _DEFAULT.rtol * 2**5
#: |x* - T(x*)| / (1 + m) at a limit of the package iteration, which stops at a residual of
#: default max(m, 1): 32 default = 2^-34 leaves room for the float64 T at x*.
TOL_FIXED_POINT = _DEFAULT.atol * 2**5
#: Limits of the iteration from 8 starts (contraction rate <= 0.9): each within ten
#: residuals default max(m, 1) of the fixed point; 512 default = 2^-30.
TOL_LIMITS = _DEFAULT.atol * 2**9
#: Log-sum-exp gradient and Hessian (softmax and its Jacobian, times beta <= 1e2) and
#: Xi grad lse against 40-digit central differences: the float64 softmax of scores up to 55 in
#: absolute value carries 55 eps relative, times beta in the Hessian; 512 default = 2^-30.
TOL_LSE_DERIVATIVES = _DEFAULT.rtol * 2**9
#: Float64 grad E, T(x) = x - grad H and the Jacobian of T against 40-digit central
#: differences of the mpmath energy or update: rounding amplified by beta m^2 <= 1.6e3 and,
#: in the Jacobian, by beta once more; 4096 default = 2^-27.
TOL_FD_ORACLE = _DEFAULT.rtol * 2**12
#: The mean-value identity T(x) - x* = J^m (x - x*) with J^m by quadrature (stable to
#: TOL_QUADRATURE) and x* to the iteration tolerance, relative to the size of both sides.
TOL_MEAN_VALUE = _DEFAULT.rtol * 2**12
#: Composite Gauss-Legendre J^m with n and 2n panels agree to this (relative to 1 + |J^m|):
#: otherwise the quadrature has not converged and the instance is dropped; 32 default = 2^-34.
TOL_QUADRATURE = _DEFAULT.rtol * 2**5
#: The optimisation oracles of the conjugacy (SLSQP over the simplex, BFGS over the scores)
#: locate the optimum only to about the square root of their stopping tolerance: ``loose``.
TOL_OPTIMISER = _LOOSE.atol
#: The fixed point x* of the spheres S_mu is known to the package's iteration tolerance
#: default max(m, 1) divided by 1 - ||J^m||: 4 default (1 + m) is subtracted from ||T(x) - x*||.
TOL_X_STAR = _DEFAULT.atol * 4
#: Informational count of violations of the published refined Jacobian bound: ||J||_2 and
#: the bound in float64, each to O(M) eps; only excesses beyond rounding are counted.
TOL_BOUND_COUNT = Tolerance(rtol=_DEFAULT.rtol * 2**9, atol=_DEFAULT.atol / 2)
#: Relative residual of the float64 root d of Theorem A6 and of Theorem A5's condition there,
#: both at 50 digits: the root carries the rounding of W near its branch point; 64 tight = 2^-38.
TOL_ROOT_RESIDUAL = 64 * _TIGHT.rtol
#: Theorem A6's formula and the package's W_{-1} root (two float64 evaluations of one root) agree
#: to this, relative; a larger gap means the formula took the other branch.
TOL_BRANCH = _DEFAULT.rtol * 2**9
#: A residual of the capacity condition above rounding (informational reading of Corollary A2).
TOL_RESIDUAL_SIGN = _DEFAULT.atol * 2**9
#: A step of the iteration whose half squared length is below this times 1 + |E| cannot be
#: resolved against the rounding of E in float64 (sufficient decrease skips it).
TOL_STEP_RESOLUTION = _DEFAULT.rtol * 2**9
#: Distances ||x_t - x*|| below this times 1 + m are not used for an empirical contraction
#: ratio (their float64 ratio carries the rounding of x_t and x*): loose/8 = 2^-23.8.
RATE_FLOOR = _LOOSE.atol / 8
#: An absolute floor (4 eps) of the distance of the computed x* to the fixed point.
TOL_RESIDUAL_FLOOR = _TIGHT.atol / 64
#: Pairs x, y closer than this times 1 + m give no empirical ratio ||T(x) - T(y)|| / ||x - y||.
RATIO_RESOLUTION = _DEFAULT.rtol * 2**9
#: Residual at which the fixed point of a retrieval instance is accepted, times 1 + |xi_mu|:
#: tight/8 = 32 eps, a few roundings of T at a point of norm |xi_mu|.
TOL_RETRIEVAL_ITERATION = _TIGHT.atol / 8
#: Points sampled on the sphere of radius m have norm m up to d eps: the master threshold is
#: taken at m (1 + default) so that rounding cannot let a failing pattern set pass, and a query
#: error counts as leaving S_mu only beyond radius (1 + default).
NORM_ROUNDING = _DEFAULT.rtol

#: Two patterns closer than this, relative to 1 + max |Xi|, count as coinciding (the instance is
#: dropped where distinct patterns are needed).  A family parameter, not a rounding tolerance.
DISTINCT = 1e-6

#: The standard families of conventions §7, and with clustered and unequal-norm memories.
STD = ("sphere", "gaussian", "binary")
ALL = ("sphere", "gaussian", "binary", "clustered", "unequal")
#: How each family is described in the evidence.
FAMILY_TEXT = dict(FAMILIES, clustered="clusters: a few centres on the sphere of radius m plus perturbations",
                   unequal="uniform directions, norms uniform on [m/4, m], one of norm exactly m",
                   antipodal="two antipodal patterns of norm m (explicit tight case)")


def families_text(*names):
    """The evidence lines ``"family: description"`` of the named families."""
    return [f"{n}: {FAMILY_TEXT[n]}" for n in names]


# --------------------------------------------------------------------------- patterns and queries


def patterns_np(inst: Instance) -> np.ndarray:
    """The memories (d, M) of an instance as NumPy (families of conventions §7 plus F2, F4)."""
    d, M, m = inst.d, inst.M, inst.m
    rng = np.random.default_rng([inst.seed, 17])
    if inst.family == "antipodal":
        Xn = np.zeros((d, M))
        Xn[0, 0::2], Xn[0, 1::2] = m, -m
        return Xn
    if inst.family == "clustered":
        k = max(1, M // 4)
        C = rng.normal(size=(d, k))
        C *= m / np.linalg.norm(C, axis=0)
        tau = m * (0.02 + 0.3 * inst.radius_fraction)
        return C[:, np.arange(M) % k] + tau * rng.normal(size=(d, M)) / math.sqrt(d)
    if inst.family == "unequal":
        U = rng.normal(size=(d, M))
        U /= np.linalg.norm(U, axis=0)
        r = rng.uniform(m / 4, m, size=M)
        r[int(rng.integers(M))] = m
        return U * r
    return host(make_patterns(inst, None))


def pattern_arrays(inst: Instance, xp, distinct: bool = True):
    """(Xi on xp, Xi as NumPy); None when two patterns (nearly) coincide and ``distinct``."""
    Xn = patterns_np(inst)
    if distinct and inst.M >= 2:
        D = np.linalg.norm(Xn[:, :, None] - Xn[:, None, :], axis=0)
        D[np.arange(inst.M), np.arange(inst.M)] = np.inf
        if D.min() <= DISTINCT * (1.0 + np.abs(Xn).max()):
            return None
    return xp.asarray(Xn), Xn


def std_query(Xn, mu, kind, scale, seed):
    """Q1 ball, Q3 perturbation, Q4 free (far outside the hull included), Q5 hull."""
    rng = np.random.default_rng([seed, 29])
    d, M = Xn.shape
    m = float(np.linalg.norm(Xn, axis=0).max())
    if kind == "free":
        return rng.normal(size=d) * m * 10.0 ** scale
    if kind == "hull":
        return Xn @ rng.dirichlet(np.full(M, 10.0 ** scale))
    if kind == "pert":
        return Xn[:, mu] + rng.normal(size=d) * m * 10.0 ** (scale - 1)
    u = rng.normal(size=d)
    return Xn[:, mu] + m * 10.0 ** (scale - 1) * rng.uniform() ** (1 / d) * u / np.linalg.norm(u)


QUERY_KINDS = st.sampled_from(["free", "hull", "pert", "ball"])


QUERY_TEXT = ["queries: Q4 free Gaussian of scale m 10^s, s in [-1, 1]; Q5 hull (Dirichlet weights); "
              "Q3 xi_mu + Gaussian noise; Q1 uniform ball around xi_mu"]


def draw_std(families=ALL, d=(2, 8), M=(2, 20), beta=(1e-2, 1e2), m=(0.5, 4.0)):
    """A standard draw: (instance, query kind, query scale s in [-1, 1])."""
    return st.tuples(instances(families, d=d, M=M, beta=beta, m=m), QUERY_KINDS, st.floats(-1.0, 1.0))


def instance_arrays(draw, xp, distinct=True):
    """(instance, Xi on xp, Xi as NumPy) of a draw whose first field is the instance; None when patterns coincide."""
    arr = pattern_arrays(draw[0], xp, distinct)
    return None if arr is None else (draw[0], *arr)


def std_setup(draw, xp, distinct=False):
    """(instance, Xi on xp, Xi as NumPy, query x) of a standard draw; None when patterns coincide."""
    inst, kind, scale = draw[0], draw[1], draw[2]
    arr = pattern_arrays(inst, xp, distinct)
    if arr is None:
        return None
    Xi, Xn = arr
    x = std_query(Xn, inst.mu, kind, scale, inst.seed)
    return inst, Xi, Xn, x


def nearest_competitor(Xn, mu):
    """The competitor with the smallest margin <xi_mu, xi_mu - xi_nu> (ties: first)."""
    g = Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn)
    g[mu] = np.inf
    return int(np.argmin(g))


def unit_towards(Xn, mu, nu):
    """The unit vector from xi_mu towards xi_nu (zero when they coincide)."""
    u = Xn[:, nu] - Xn[:, mu]
    n = np.linalg.norm(u)
    return u / n if n > 0 else u


def coincident(d, M, m):
    """M copies of m e_1: coincident memories (the equality case E = 0 with x at them)."""
    Xn = np.zeros((d, M))
    Xn[0, :] = m
    return Xn


def centre_radius(Xn):
    r"""The radius :math:`r_c = \max_\mu \lVert \xi_\mu - \bar\xi\rVert` of the patterns about their mean (Lemma A3)."""
    return float(np.max(np.linalg.norm(Xn - Xn.mean(axis=1, keepdims=True), axis=0)))


# --------------------------------------------------------------------------- trajectories


def trajectory(model, x0, xp, steps):
    """x_0 .. x_n (rows) and the published energies E(x_t), n <= steps (stops at a fixed point)."""
    it = model.iterate(xp.asarray(x0), max_steps=steps)
    X = host(it.trajectory)
    E = host(model.energy_published(xp.asarray(X.T)))
    return X, E, it


TRAJECTORIES = st.tuples(instances(ALL, beta=(1e-2, 1e2)), st.sampled_from(["free", "hull"]), st.floats(-1.0, 1.0))


# --------------------------------------------------------------------------- the spheres S_mu (beta near a root)


def _beta_near_root(f, Delta, factor, branch):
    r"""A beta where the convex condition :math:`f(\beta)\ge0` holds, near one of its roots.

    :math:`f(\beta)=\beta\Delta-2/M-\ln(c\,\beta m^2)` is convex with its minimum at
    :math:`1/\Delta`; the condition holds beyond the large root (``branch="large"``) and below
    the small root (``"small"``).  The root is bracketed by doubling (halving) from
    :math:`1/\Delta` and bisected 200 times; returns it times ``factor >= 1`` (large) or
    divided by it (small), or :math:`\textit{factor}/\Delta` when the condition holds there.
    """
    b0 = 1.0 / Delta
    if f(b0) >= 0:
        return b0 * factor
    if branch == "large":
        lo, hi = b0, 2 * b0
        while f(hi) < 0:
            lo, hi = hi, 2 * hi
    else:
        lo, hi = b0 / 2, b0
        while f(lo) < 0:
            lo, hi = lo / 2, lo
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if (f(mid) >= 0) == (branch == "large"):
            hi = mid
        else:
            lo = mid
    return hi * factor if branch == "large" else lo / factor


def wellsep_beta(Xn, mu, factor, branch):
    r"""A beta at which pattern ``mu`` is well separated (Lemma A5), near a root of the condition.

    The slack :math:`\beta\Delta_\mu-2/M-\ln(2(M-1)M\beta m^2)` is located with
    :func:`_beta_near_root`; None when :math:`\Delta_\mu\le0`.
    """
    M = Xn.shape[1]
    m = float(np.linalg.norm(Xn, axis=0).max())
    Delta = float(np.min(np.delete(Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn), mu)))
    if Delta <= 0:
        return None
    return _beta_near_root(lambda beta: beta * Delta - 2.0 / M - math.log(2 * (M - 1) * M * beta * m * m),
                           Delta, factor, branch)


SPHERES = st.tuples(
    st.one_of(instances(("sphere", "unequal"), d=(2, 6), M=(2, 8), m=(0.5, 2.0)),
              instances(("antipodal",), d=(2, 5), M=(2, 2), m=(0.5, 2.0))),
    st.sampled_from(["large", "large", "small"]), st.floats(0.0, 1.0), st.sampled_from(["towards", "ball"]),
    st.floats(0.0, 1.0))


def sphere_setup(draw, xp):
    """(instance, Xi, Xi as NumPy, mu, beta, radius r = 1/(beta M m), x in S_mu) of a :data:`SPHERES` draw.

    beta is near a root of the well-separation condition of pattern mu (:func:`wellsep_beta`);
    x is on the segment towards the smallest-margin competitor (up to the boundary) or uniform
    in the sphere S_mu.  None when patterns coincide, mu is not separated or beta is out of range.
    """
    inst, branch, lf, mode, t = draw
    arr = pattern_arrays(inst, xp, True)
    if arr is None:
        return None
    Xi, Xn = arr
    mu = inst.mu % inst.M
    beta = wellsep_beta(Xn, mu, 10.0 ** (0.5 * lf ** 2), branch)
    if beta is None or not (1e-8 < beta < 1e8):
        return None
    M, m = inst.M, float(np.linalg.norm(Xn, axis=0).max())
    r = 1.0 / (beta * M * m)
    if mode == "towards":
        u = unit_towards(Xn, mu, nearest_competitor(Xn, mu))
        x = Xn[:, mu] + (1.0 - 0.5 * t ** 4) * r * u
    else:
        x = std_query(Xn, mu, "ball", 0.0, inst.seed)
        x = Xn[:, mu] + (x - Xn[:, mu]) / max(np.linalg.norm(x - Xn[:, mu]), 1e-300) * r * t ** (1 / inst.d)
    return inst, Xi, Xn, mu, beta, r, x


def small_root_draws(ctx, n):
    """Seeded draws with beta just below the small root of the well-separation condition, M in 5..8.

    There :math:`2(M-1)M\\beta m^2=e^{\\beta\\Delta_\\mu-2/M}<1` and the Lemma A6 bound equals
    :math:`1-(M-1)e^{-\\beta\\Delta_\\mu-6/M}` (up to the factor 1.012 by which beta is lowered),
    which is negative for every M >= 5 because :math:`\\beta\\Delta_\\mu\\le 1/(M(M-1))` there.
    """
    rng = ctx.rng("small-root family")
    out = []
    for _ in range(n):
        M = int(rng.integers(5, 9))
        inst = Instance(str(rng.choice(["sphere", "unequal"])), int(rng.integers(2, 7)), M,
                        float(rng.uniform(0.5, 2.0)), 1.0, int(rng.integers(2**31)), int(rng.integers(M)), 0.0)
        out.append((inst, "small", 0.1, str(rng.choice(["towards", "ball"])), float(rng.uniform())))
    return out


# --------------------------------------------------------------------------- metastable states


METASTABLE = st.tuples(sizes(d=(2, 6), M=(3, 10)), seeds(), st.floats(0.5, 2.0), st.floats(1.0, 2.0),
                       st.floats(0.05, 0.95), st.integers(2, 9), st.floats(0.0, 1.0))


def meta_setup(draw, xp):
    """A cluster of l memories (spread m 10^{-s}) and M - l memories on the opposite side, beta = theta/r_l^2."""
    (d, M), seed, m, s, theta, l, q = draw
    l = min(l, M - 1)
    rng = np.random.default_rng([seed, 31])
    c = rng.normal(size=d)
    c /= np.linalg.norm(c)
    G = rng.normal(size=(d, l))
    if seed % 3 == 0 and l >= 2:   # symmetric pair around the centre
        if q < 0:
            # q < 0 marks the tight case of Lemma A8 (family "tight pair"): the pair orthogonal
            # to c, so both are equally close to the centre, and the query at the centre
            G[:, 0] -= (G[:, 0] @ c) * c
            q = 0.0
        G[:, 1] = -G[:, 0]
    q = max(q, 0.0)
    cluster = m * c[:, None] + m * 10.0 ** (-s) * G / np.linalg.norm(G, axis=0)
    out = -m * c[:, None] + 0.3 * m * rng.normal(size=(d, M - l)) / math.sqrt(d)
    Xn = np.concatenate([cluster, out], axis=1)
    Xi = xp.asarray(Xn)
    mean = Xn[:, :l].mean(axis=1)
    r_l = float(np.max(np.linalg.norm(Xn[:, :l] - mean[:, None], axis=0)))
    if r_l <= 0:
        return None
    beta = theta / r_l**2
    mm = float(np.linalg.norm(Xn, axis=0).max())
    Dmeta = float(mean @ mean - np.max(mean @ Xn[:, l:]))
    thr = B.metastable_separation_threshold_at(Xi, beta, l)
    ok = bool(to_numpy(thr.valid)) and Dmeta >= as_float(thr.value)
    R = 1.0 / (beta * r_l)
    u = rng.normal(size=d)
    x = mean + R * q ** (1 / d) * u / np.linalg.norm(u)
    return Xi, Xn, l, beta, r_l, mm, mean, R, x, ok


# --------------------------------------------------------------------------- capacity: master inequality, random points


def master_beta(Xn, factor, branch):
    r"""A beta at which the master inequality holds, near one of its roots (like :func:`wellsep_beta`).

    The margin :math:`\beta\Delta_{\min}-2/M-\ln(2M^2\beta m^2)`; None when :math:`\Delta_{\min}\le0`.
    """
    M = Xn.shape[1]
    m = float(np.linalg.norm(Xn, axis=0).max())
    G = Xn.T @ Xn
    D = np.diag(G)[:, None] - G
    np.fill_diagonal(D, np.inf)
    Dmin = float(D.min())
    if Dmin <= 0:
        return None
    return _beta_near_root(lambda b: b * Dmin - 2.0 / M - math.log(2 * M * M * b * m * m), Dmin, factor, branch)


def batched_gram(xp, X, T: int, M: int):
    """Gram matrices (T, M, M) of the T consecutive groups of M columns of ``X`` (d, T M).

    NumPy's batched matmul is only fast on contiguous operands, so both are made contiguous
    there; other namespaces get the views.
    """
    d = X.shape[0]
    Y = xp.reshape(xp.matrix_transpose(X), (T, M, d))
    if isinstance(Y, np.ndarray):
        return np.matmul(np.ascontiguousarray(Y), np.ascontiguousarray(Y.transpose(0, 2, 1)))
    return xp.matmul(Y, xp.matrix_transpose(Y))


def min_angles(xp, d: int, M: int, trials: int, seed: int, chunk: int = 100) -> np.ndarray:
    """alpha_min of ``trials`` independent sets of M uniform points on S^{d-1} (xp arrays)."""
    out = []
    done = 0
    s = seed
    while done < trials:
        T = min(chunk, trials - done)
        G = batched_gram(xp, sampling.sphere(d, M * T, 1.0, seed=s, xp=xp), T, M) - 3.0 * xp.eye(M, dtype=xp.float64)
        cmax = xp.max(xp.reshape(G, (T, M * M)), axis=1)
        out.append(np.arccos(np.clip(host(cmax), -1.0, 1.0)))
        done += T
        s += 1
    return np.concatenate(out)


def min_separations(xp, d: int, M: int, m: float, trials: int, seed: int, chunk: int = 100) -> np.ndarray:
    """Delta_min of ``trials`` independent sets of M uniform points on the sphere of radius m."""
    out, done, s = [], 0, seed
    while done < trials:
        T = min(chunk, trials - done)
        G = host(batched_gram(xp, sampling.sphere(d, M * T, m, seed=s, xp=xp), T, M))
        diag = np.diagonal(G, axis1=1, axis2=2).copy()
        idx = np.arange(M)
        G[:, idx, idx] = -np.inf
        out.append(np.min(diag - G.max(axis=2), axis=1))
        done += T
        s += 1
    return np.concatenate(out)


def exact_branch_b(a: float, b: float) -> float:
    """The smallest float >= ``b`` with :math:`ae^{-b}\\ge-1/e` in exact arithmetic of the floats.

    ``b = 1 + ln(-a) + t`` puts :math:`ae^{-b}` at :math:`-e^{-1-t}`; at ``t = 0`` (the double
    root, a boundary case of Corollary A2) rounding can put it just below :math:`-1/e`, outside
    the hypothesis.  Raising ``b`` by a few ulps keeps the instance on the boundary, inside.
    """
    with mpmath.workdps(DPS_HIGH):
        for _ in range(64):
            if mpf(a) * mpmath.exp(-mpf(b)) >= -1 / mpmath.e:
                return b
            b = float(np.nextafter(b, math.inf))
    return b


# --------------------------------------------------------------------------- retrieval instances


def antipodal_np(d, m, copies=1):
    """xi_1 = m e_1 and ``copies`` competitors at -m e_1 (the tight case of the retrieval bounds)."""
    Xn = np.zeros((d, 1 + copies))
    Xn[0, 0] = m
    Xn[0, 1:] = -m
    return Xn


def fixed_point(model, xi, xp):
    """The fixed point reached from ``xi`` (iteration to 1e-14 (1 + |xi|)); None without convergence."""
    it = model.iterate(xi, max_steps=3000, tol=TOL_RETRIEVAL_ITERATION * (1.0 + float(np.linalg.norm(host(xi)))))
    if not it.converged:
        return None
    return it.final


def query_at_radius(Xn, mu, radius, mode, seed):
    """A query at distance ``radius`` from xi_mu: in a uniform ball (``"ball"``), a Gaussian perturbation
    (``"perturb"``) or towards the nearest competitor (otherwise)."""
    xi = Xn[:, mu]
    if radius <= 0:
        return xi.copy()
    if mode == "ball":
        return host(sampling.ball(np.asarray(Xn), mu, r=radius, seed=seed))
    if mode == "perturb":
        g = np.random.default_rng(seed).standard_normal(xi.shape[0])
        return xi + radius * g / math.sqrt(xi.shape[0])
    D = np.linalg.norm(Xn - Xn[:, mu:mu + 1], axis=0)
    D[mu] = np.inf
    nu = int(np.argmin(D))
    u = Xn[:, nu] - xi
    return xi + radius * u / max(np.linalg.norm(u), 1e-300)


_RETRIEVAL_CACHE: dict = {}


def retrieval_setup(draw, xp):
    """Xi, x, x*, T(x), J^m (NumPy) for a draw; None when the fixed-point iteration fails."""
    key = (draw, getattr(xp, "__name__", str(xp)))
    if key in _RETRIEVAL_CACHE:
        return _RETRIEVAL_CACHE[key]
    kind = draw[0]
    if kind == "antipodal":
        _, d, m, beta, copies, rfrac = draw
        Xn = antipodal_np(d, m, copies)
        mu = 0
        x = Xn[:, 0].copy()
        x[0] -= rfrac / (2 * beta * m)             # towards the competitors, at a fraction of 1/(2 beta m)
    else:
        _, inst, mode, scale = draw
        Xi0 = make_patterns(inst, xp)
        Xn = host(Xi0)
        if inst.family == "binary" and len({tuple(c) for c in Xn.T}) < Xn.shape[1]:
            _RETRIEVAL_CACHE[key] = None
            return None
        beta, mu = inst.beta, inst.mu
        m = float(np.max(np.linalg.norm(Xn, axis=0)))
        radius = inst.radius_fraction * (m if scale == "m" else 1.0 / (2 * beta * m))
        x = query_at_radius(Xn, mu, radius, mode, inst.seed)
    Xi = xp.asarray(Xn)
    model = models.DenseHopfield(Xi, beta)
    xs = fixed_point(model, Xi[:, mu], xp)
    if xs is None:
        _RETRIEVAL_CACHE[key] = None
        return None
    xs_n = host(xs)
    xq = xp.asarray(x)
    Tx = host(model.retrieve(xq))
    # mean-value Jacobian by composite Gauss-Legendre quadrature: panels on which the exponent
    # beta <x, xi_mu - xi_nu> changes by at most about one, doubled until the result is stable
    D = float(np.max(np.linalg.norm(Xn[:, :, None] - Xn[:, None, :], axis=0)))
    panels = int(min(256, math.ceil(float(beta) * float(np.linalg.norm(x - xs_n)) * D / 8) + 1))
    Jm = mean_jacobian_panels(model, xs_n, x, panels, xp)
    Jm2 = mean_jacobian_panels(model, xs_n, x, 2 * panels, xp)
    if np.linalg.norm(Jm2 - Jm) > TOL_QUADRATURE * (1.0 + np.linalg.norm(Jm2)):
        _RETRIEVAL_CACHE[key] = None
        return None
    Jm = Jm2
    out = {"Xi": Xn, "x": x, "x_star": xs_n, "Tx": Tx, "Jm": Jm, "beta": float(beta), "mu": int(mu),
           "m": float(np.max(np.linalg.norm(Xn, axis=0))), "Xi_xp": Xi, "model": model}
    if len(_RETRIEVAL_CACHE) > 4000:
        _RETRIEVAL_CACHE.clear()
    _RETRIEVAL_CACHE[key] = out
    return out


def retrieval_strategy(scale: str):
    """Retrieval draws: standard memories with queries at radius up to m (``scale="m"``) or up to
    1/(2 beta m) (``"near"``), or antipodal memories (the tight case)."""
    inst = instances(STD, d=(2, 8), M=(2, 12), beta=(1e-2, 1e2), m=(0.5, 4.0))
    generic = st.tuples(st.just("generic"), inst, st.sampled_from(["ball", "adversarial", "perturb"]), st.just(scale))
    anti = st.tuples(st.just("antipodal"), st.integers(2, 6), st.floats(0.5, 3.0), st.floats(0.5, 20.0),
                     st.integers(1, 4), st.floats(0.0, 1.0))
    return st.one_of(generic, anti)


ANTIPODAL_EXPLICIT = [("antipodal", 3, 1.0, 1.0, 1, 0.1), ("antipodal", 3, 1.0, 10.0, 1, 0.999),
                      ("antipodal", 4, 2.0, 5.0, 3, 0.999), ("antipodal", 2, 1.0, 3.0, 1, 0.0)]


def retrieval_inputs(s):
    """The saved inputs of a retrieval instance (for the counterexample JSON)."""
    return {"Xi": s["Xi"], "x": s["x"], "x_star": s["x_star"], "beta": s["beta"], "mu": s["mu"]}


def retrieval_radius(Xn, mu, x, x_star):
    r"""The radius :math:`r = \max(\lVert x - \xi_\mu\rVert, \lVert x^* - \xi_\mu\rVert)` of Eq. (180)."""
    xi = Xn[:, mu]
    return max(float(np.linalg.norm(x - xi)), float(np.linalg.norm(x_star - xi)))


def separation_np(Xn, mu):
    r"""The pattern separation of Definition 2 (float64, from the Gram column of ``mu``).

    .. math::

       \Delta_\mu = \langle\xi_\mu,\xi_\mu\rangle - \max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle
    """
    g = Xn.T @ Xn[:, mu]
    others = np.delete(g, mu)
    return float(g[mu] - np.max(others))
