r"""Executable checks of the dynamics claims of Ramsauer et al. (2021), *Hopfield Networks is All You Need*.

One check per claim ID ``ramsauer2021/<slug>`` (log-sum-exp, conjugacy, energy, update rule,
CCCP, stationary points, Jacobian, separation, fixed points, spheres, metastable states, the
master inequality, the placed-pattern theorems and the attention correspondence).  Every
compared quantity passes through :meth:`~proofs_checks.Context.side`; instances are drawn with
Hypothesis (small parameters) and their arrays are generated from a seed.

Independent oracles (not the package's code paths):

* mpmath at 40 digits: softmax, log-sum-exp, the update :math:`T`, the energy and its mixture
  form (:func:`_mp_T`, :func:`_mp_lse`, :func:`_mp_energy`), with central finite differences
  for gradients, Hessians and Jacobians;
* SciPy optimisation (SLSQP over the simplex, BFGS over the scores) for conjugates;
* SymPy for the symbolic identities (gradient, Hessian, mixture form, separation identity) and
  the package's symbolic engine (:mod:`hoptheory.symbolic`) for the CCCP surrogate, the
  Shannon conjugate and one-step attention;
* Gauss–Legendre quadrature of the analytic Jacobian for mean-value Jacobians, with the
  number of nodes doubled as a convergence test.

A claim with several parts runs one search per part (:func:`~proofs_checks._framework.combine`); one refuted part
refutes the claim.  A re-evaluation recomputes the observed side in mpmath (or by another
algorithm) and routes the bound through the same :meth:`~proofs_checks.Context.side`.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st
from scipy import optimize
from scipy.special import softmax as _sp_softmax

from hoptheory import maps, models, sampling
from hoptheory import symbolic as S
from hoptheory.backend import to_numpy, tolerance
from hoptheory.bounds import ramsauer2021 as B

from .._framework import (
    CheckResult,
    Observation,
    check,
    combine,
    inequality_check,
    symbolic_result,
)
from .._strategies import FAMILIES, Instance, instances, make_patterns, seeds, sizes

__all__: list[str] = []

_DPS = 40
_TOL = tolerance(np.float64, "default")
_STD = ("sphere", "gaussian", "binary")
_ALL = ("sphere", "gaussian", "binary", "clustered", "unequal")
_FAMDESC = dict(FAMILIES, clustered="clusters: a few centres on the sphere of radius m plus perturbations",
                unequal="uniform directions, norms uniform on [m/4, m], one of norm exactly m",
                antipodal="two antipodal patterns of norm m (explicit tight case)")


# =========================================================================== helpers


def _np(a) -> np.ndarray:
    return np.asarray(to_numpy(a), dtype=np.float64)


def _f(a) -> float:
    return float(np.asarray(to_numpy(a), dtype=np.float64))


def _fam(*names):
    return [f"{n}: {_FAMDESC[n]}" for n in names]


def _patterns_np(inst: Instance) -> np.ndarray:
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
    return _np(make_patterns(inst, None))


def _arrays(inst: Instance, xp, distinct: bool = True):
    """(Xi on xp, Xi as NumPy); None when two patterns (nearly) coincide and ``distinct``."""
    Xn = _patterns_np(inst)
    if distinct and inst.M >= 2:
        D = np.linalg.norm(Xn[:, :, None] - Xn[:, None, :], axis=0)
        D[np.arange(inst.M), np.arange(inst.M)] = np.inf
        if D.min() <= 1e-6 * (1.0 + np.abs(Xn).max()):
            return None
    return xp.asarray(Xn), Xn


def _query(Xn, mu, kind, scale, seed):
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


_QKIND = st.sampled_from(["free", "hull", "pert", "ball"])
_QDESC = ["queries: Q4 free Gaussian of scale m 10^s, s in [-1, 1]; Q5 hull (Dirichlet weights); "
          "Q3 xi_mu + Gaussian noise; Q1 uniform ball around xi_mu"]


def _draw_std(families=_ALL, d=(2, 8), M=(2, 20), beta=(1e-2, 1e2), m=(0.5, 4.0)):
    return st.tuples(instances(families, d=d, M=M, beta=beta, m=m), _QKIND, st.floats(-1.0, 1.0))


def _setup(draw, xp, distinct=False):
    inst, kind, scale = draw[0], draw[1], draw[2]
    arr = _arrays(inst, xp, distinct)
    if arr is None:
        return None
    Xi, Xn = arr
    x = _query(Xn, inst.mu, kind, scale, inst.seed)
    return inst, Xi, Xn, x


def _nearest_competitor(Xn, mu):
    """The competitor with the smallest margin <xi_mu, xi_mu - xi_nu> (ties: first)."""
    g = Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn)
    g[mu] = np.inf
    return int(np.argmin(g))


def _unit_towards(Xn, mu, nu):
    u = Xn[:, nu] - Xn[:, mu]
    n = np.linalg.norm(u)
    return u / n if n > 0 else u


# --- mpmath oracles ------------------------------------------------------------------

_MP = {"dps": _DPS}


def _mpf(v):
    return mpmath.mpf(float(v))


def _mp_scores(Xn, x):
    d, M = Xn.shape
    return [mpmath.fsum(_mpf(Xn[i, j]) * x[i] for i in range(d)) for j in range(M)]


def _mp_softmax(theta):
    mx = max(theta)
    e = [mpmath.exp(t - mx) for t in theta]
    s = mpmath.fsum(e)
    return [v / s for v in e]


def _mp_lse_list(z, beta):
    b = _mpf(beta)
    th = [b * v for v in z]
    mx = max(th)
    return (mx + mpmath.log(mpmath.fsum(mpmath.exp(t - mx) for t in th))) / b


def _mp_T(Xn, x, beta):
    """T(x) and p(x) in mpmath (x a list of mpf or floats)."""
    d, M = Xn.shape
    x = [v if isinstance(v, mpmath.mpf) else _mpf(v) for v in x]
    p = _mp_softmax([_mpf(beta) * v for v in _mp_scores(Xn, x)])
    return [mpmath.fsum(_mpf(Xn[i, j]) * p[j] for j in range(M)) for i in range(d)], p


def _mp_energy(Xn, x, beta, constants=False):
    """H_beta(x) (or Ramsauer's E with constants) in mpmath."""
    x = [v if isinstance(v, mpmath.mpf) else _mpf(v) for v in x]
    H = -_mp_lse_list(_mp_scores(Xn, x), beta) + mpmath.fsum(v * v for v in x) / 2
    if constants:
        m = max(mpmath.sqrt(mpmath.fsum(_mpf(v) ** 2 for v in Xn[:, j])) for j in range(Xn.shape[1]))
        H = H + mpmath.log(Xn.shape[1]) / _mpf(beta) + m * m / 2
    return H


def _mp_mixture_energy(Xn, x, beta):
    r"""Ramsauer's E as a Gaussian mixture: -β^{-1} ln((1/M) Σ e^{-β(m²-|ξ|²)/2} e^{-β|ξ-x|²/2})."""
    d, M = Xn.shape
    b = _mpf(beta)
    x = [v if isinstance(v, mpmath.mpf) else _mpf(v) for v in x]
    n2 = [mpmath.fsum(_mpf(v) ** 2 for v in Xn[:, j]) for j in range(M)]
    m2 = max(n2)
    ex = [-b * (m2 - n2[j]) / 2 - b * mpmath.fsum((_mpf(Xn[i, j]) - x[i]) ** 2 for i in range(d)) / 2
          for j in range(M)]
    mx = max(ex)
    return -(mx + mpmath.log(mpmath.fsum(mpmath.exp(e - mx) for e in ex) / M)) / b


def _mp_grad(fun, x, h="1e-15"):
    """Central differences of an mpmath scalar function (exact to O(h²) at 40 digits)."""
    with mpmath.workdps(_MP["dps"]):
        h = mpmath.mpf(h)
        xx = [_mpf(v) for v in x]
        g = []
        for i in range(len(xx)):
            a, b = list(xx), list(xx)
            a[i] += h
            b[i] -= h
            g.append((fun(a) - fun(b)) / (2 * h))
        return np.array([float(v) for v in g])


def _mp_jacobian_T(Xn, x, beta, h="1e-15"):
    """Jacobian of T by central differences of the mpmath T (columns = directions)."""
    with mpmath.workdps(_MP["dps"]):
        h = mpmath.mpf(h)
        xx = [_mpf(v) for v in x]
        d = len(xx)
        J = np.zeros((d, d))
        for j in range(d):
            a, b = list(xx), list(xx)
            a[j] += h
            b[j] -= h
            Ta, _ = _mp_T(Xn, a, beta)
            Tb, _ = _mp_T(Xn, b, beta)
            J[:, j] = [float((u - v) / (2 * h)) for u, v in zip(Ta, Tb)]
        return J


def _mp_T_np(Xn, x, beta):
    with mpmath.workdps(_MP["dps"]):
        T, p = _mp_T(Xn, list(x), beta)
        return np.array([float(v) for v in T]), np.array([float(v) for v in p])


def _mp_error(Xn, x, beta, target):
    with mpmath.workdps(_MP["dps"]):
        T, _ = _mp_T(Xn, list(x), beta)
        return float(mpmath.sqrt(mpmath.fsum((T[i] - _mpf(target[i])) ** 2 for i in range(len(T)))))


def _at_dps(fn, dps=60):
    """Run ``fn`` with the mpmath oracles at ``dps`` digits (re-evaluation of a candidate)."""
    old = _MP["dps"]
    _MP["dps"] = dps
    try:
        return fn()
    finally:
        _MP["dps"] = old


# --- combining parts -----------------------------------------------------------------






def _n(ctx, k):
    """Examples per part when a check runs ``k`` searches."""
    return max(8, ctx.profile.examples // k)


def _identity(o_lhs, tol, inputs, note=""):
    return Observation(float(o_lhs), float(tol), inputs=inputs, note=note)


def _redo(observe):
    """Re-evaluation of an identity part: the same observation with 60-digit oracles."""
    def re(o):
        r = _at_dps(lambda: observe(o.inputs["_draw"]))
        return r.lhs, r.rhs
    return re


_NA = Observation(0.0, 1.0, applicable=False)


# =========================================================================== lse-convexity


def _sym_lse(M):
    z = sp.symbols(f"z1:{M + 1}", real=True)
    b = sp.Symbol("beta", positive=True)
    lse = sp.log(sp.Add(*[sp.exp(b * v) for v in z])) / b
    Z = sp.Add(*[sp.exp(b * v) for v in z])
    p = [sp.exp(b * v) / Z for v in z]
    return z, b, lse, p


def _zero(expr) -> bool:
    """Exact zero test for rational functions of exponentials (cancel, then simplify if needed)."""
    e = sp.cancel(sp.together(expr))
    return e == 0 or sp.simplify(e) == 0


@functools.lru_cache(maxsize=None)
def _symbolic_lse_facts():
    detail = {}
    ok = True
    for M in (2, 3, 4):
        z, b, lse, p = _sym_lse(M)
        g_ok = all(_zero(sp.diff(lse, z[i]) - p[i]) for i in range(M))
        H = sp.Matrix(M, M, lambda i, j: sp.diff(lse, z[i], z[j]))
        P = sp.Matrix(p)
        Hc = b * (sp.diag(*p) - P * P.T)
        h_ok = all(_zero(H[i, j] - Hc[i, j]) for i in range(M) for j in range(M))
        s_ok = _zero(sp.Add(*p) - 1)
        detail[f"M={M}"] = {"gradient = softmax": g_ok, "Hessian = beta(diag p - pp^T)": h_ok, "1^T p = 1": s_ok}
        ok = ok and g_ok and h_ok and s_ok
    return ok, detail


@check("ramsauer2021/lse-convexity")
def check_lse_convexity(ctx):
    r"""App. Lemmas A22/A24: gradient, Hessian and shift property of log-sum-exp.

    Parts: gradient = softmax with 1^T p = 1; the Hessian formula, PSD, Hessian 1 = 0; lse(z + t1)
    = lse(z) + t; the symbolic forms (SymPy, M = 2, 3, 4).  Draws: z uniform with entries up to
    +-50/beta, tied (integer grid) or one-hot, beta log-uniform on [1e-2, 1e2], M in 1..9.
    Oracle: mpmath lse and softmax, central differences.
    """
    cid = "ramsauer2021/lse-convexity"
    xp = ctx.xp
    strat = st.tuples(st.integers(1, 9), seeds(), st.floats(-2.0, 2.0, allow_nan=False),
                      st.floats(0.0, 1.0, allow_nan=False), st.sampled_from(["gauss", "tied", "one-hot"]))

    def scores(draw):
        M, seed, lb, amp, mode = draw
        beta = 10.0 ** lb
        rng = np.random.default_rng([seed, 3])
        if mode == "tied":
            z = rng.integers(-2, 3, size=M) * (amp + 0.1) / beta
        elif mode == "one-hot":
            z = np.zeros(M)
            z[0] = 50.0 * (amp + 0.1) / beta
        else:
            z = rng.uniform(-1, 1, size=M) * 50.0 * amp / beta
        return beta, z

    def obs_grad(draw):
        beta, z = scores(draw)
        p = _np(maps.softmax(xp.asarray(beta * z)))
        p = ctx.side("grad lse = softmax(beta z)", value=p)
        g = _mp_grad(lambda v: _mp_lse_list(v, beta), z, h="1e-18")
        err = float(np.abs(p - g).max()) + abs(float(np.sum(p)) - 1.0)
        return _identity(err, 1e-9, {"z": z, "beta": beta, "_draw": draw})

    def obs_hess(draw):
        beta, z = scores(draw)
        H = beta * _np(maps.softmax_jacobian(xp.asarray(beta * z)))
        H = ctx.side("Hessian beta(diag p - pp^T)", value=H)
        with mpmath.workdps(_MP["dps"]):
            M = len(z)
            h = mpmath.mpf("1e-18")
            Hfd = np.zeros((M, M))
            for j in range(M):
                a = [_mpf(v) for v in z]
                b = list(a)
                a[j] += h
                b[j] -= h
                pa = _mp_softmax([_mpf(beta) * v for v in a])
                pb = _mp_softmax([_mpf(beta) * v for v in b])
                Hfd[:, j] = [float((u - w) / (2 * h)) for u, w in zip(pa, pb)]
        scale = 1.0 + float(np.abs(Hfd).max())
        lam = float(np.linalg.eigvalsh((H + H.T) / 2).min())
        err = (float(np.abs(H - Hfd).max()) + max(0.0, -lam) + float(np.abs(H @ np.ones(len(z))).max())) / scale
        return _identity(err, 1e-9, {"z": z, "beta": beta, "_draw": draw})

    def obs_shift(draw):
        beta, z = scores(draw)
        t = float(np.random.default_rng(draw[1]).normal()) * 10.0 / beta
        l1 = _f(maps.shannon_conjugate(xp.asarray(beta * (z + t)))) / beta
        l1 = ctx.side("lse(beta, z + t1)", value=l1)
        with mpmath.workdps(_MP["dps"]):
            l0 = float(_mp_lse_list([_mpf(v) for v in z], beta) + _mpf(t))
        return _identity(abs(l1 - l0) / (1.0 + abs(l0)), 1e-11, {"z": z, "beta": beta, "t": t, "_draw": draw})

    explicit = [(3, 1, 0.0, 1.0, "one-hot"), (2, 5, 2.0, 0.5, "tied"), (4, 7, -2.0, 1.0, "gauss")]
    fam = ["z: uniform with entries up to +-50/beta, tied (integer grid), one-hot (one large entry)",
           "beta log-uniform on [1e-2, 1e2]", "M in 1..9"]
    k = _n(ctx, 3)
    parts = [
        ("gradient = softmax, 1^T p = 1 (mpmath finite differences)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_grad, reevaluate=_redo(obs_grad),
                          distributions=fam, examples=k, explicit=explicit)),
        ("Hessian formula, PSD, Hessian 1 = 0 (mpmath finite differences of softmax)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_hess, reevaluate=_redo(obs_hess),
                          distributions=fam, examples=k, explicit=explicit)),
        ("shift: lse(z + t1) = lse(z) + t",
         inequality_check(cid, ctx, strategy=strat, observe=obs_shift, reevaluate=_redo(obs_shift),
                          distributions=fam, examples=k, explicit=explicit)),
    ]
    ok, detail = _symbolic_lse_facts()
    parts.append(("symbolic (SymPy, M = 2, 3, 4)", symbolic_result(cid, ok, detail)))
    return combine(cid, parts)


# =========================================================================== entropy-lse-conjugacy


def _omega_beta(p, beta):
    p = np.asarray(p, dtype=np.float64)
    q = p[p > 0]
    return float(np.sum(q * np.log(q))) / beta


def _slsqp_conjugate(z, beta):
    """max_p <p, z> - Omega_beta(p) over the simplex (SLSQP from several starts)."""
    M = len(z)
    zc = z - z.max()

    def negf(p):
        q = np.clip(p, 1e-300, None)
        return -(float(q @ zc) - float(np.sum(q * np.log(q))) / beta)

    def grad(p):
        q = np.clip(p, 1e-300, None)
        return -(zc - (np.log(q) + 1.0) / beta)

    best = None
    for p0 in (np.full(M, 1.0 / M), _sp_softmax(beta * zc * 0.5)):
        r = optimize.minimize(negf, p0, jac=grad, method="SLSQP", bounds=[(1e-300, 1.0)] * M,
                              constraints=[{"type": "eq", "fun": lambda p: np.sum(p) - 1.0,
                                            "jac": lambda p: np.ones(M)}],
                              options={"ftol": 1e-15, "maxiter": 500})
        if best is None or r.fun < best.fun:
            best = r
    return -best.fun + float(z.max()), best.x


def _newton_conjugate(z, beta, p0, steps=60):
    """max_p <p, z> - Omega_beta(p) over the simplex by Newton on its KKT system, at 50 digits.

    Unknowns q = ln p and the multiplier lambda of 1^T p = 1; equations
    z_i - (q_i + 1)/beta - lambda = 0 and sum_i e^{q_i} = 1; started from ``p0`` (the SLSQP point).
    Returns (value, maximiser) as floats.
    """
    M = len(z)
    with mpmath.workdps(50):
        b = mpmath.mpf(float(beta))
        zz = [mpmath.mpf(float(v)) for v in z]
        q = [mpmath.log(mpmath.mpf(max(float(v), 1e-300))) for v in p0]
        lam = mpmath.fsum(zz[i] - (q[i] + 1) / b for i in range(M)) / M
        for _ in range(steps):
            F = [zz[i] - (q[i] + 1) / b - lam for i in range(M)] + [mpmath.fsum(mpmath.exp(v) for v in q) - 1]
            J = mpmath.zeros(M + 1, M + 1)
            for i in range(M):
                J[i, i] = -1 / b
                J[i, M] = -1
                J[M, i] = mpmath.exp(q[i])
            delta = mpmath.lu_solve(J, mpmath.matrix(F))
            q = [q[i] - delta[i] for i in range(M)]
            lam -= delta[M]
            if max(abs(v) for v in delta) < mpmath.mpf(10) ** -45:
                break
        p = [mpmath.exp(v) for v in q]
        val = mpmath.fsum(p[i] * zz[i] for i in range(M)) - mpmath.fsum(p[i] * q[i] for i in range(M)) / b
        return float(val), np.array([float(v) for v in p])


def _biconjugate(p, beta):
    """sup_z <p, z> - lse(beta, z) by BFGS over z (z_M = 0, shift invariance)."""
    M = len(p)

    def neg(u):
        z = np.append(u, 0.0)
        th = beta * z
        mx = th.max()
        lse = (mx + math.log(np.exp(th - mx).sum())) / beta
        g = p - _sp_softmax(th)
        return -(float(p @ z) - lse), -g[:-1]

    u0 = (np.log(p[:-1]) - math.log(p[-1])) / beta * 0.5
    r = optimize.minimize(neg, u0, jac=True, method="BFGS", options={"gtol": 1e-12, "maxiter": 2000})
    return -float(r.fun)


@check("ramsauer2021/entropy-lse-conjugacy")
def check_entropy_lse_conjugacy(ctx):
    r"""Derived: the entropic regulariser and log-sum-exp are convex conjugates.

    Parts: numeric conjugate by SLSQP over the simplex (a candidate polished by Newton on the KKT
    system at 50 digits) equals lse with maximiser softmax;
    Fenchel-Young with equality at softmax; the biconjugate by BFGS; T(x) = Xi grad Omega*(Xi^T x)
    (mpmath finite differences); the symbolic conjugate of the Shannon negentropy (n = 2, 3).
    Draws: z Gaussian of scale 10^s / sqrt(beta) plus a shift, beta log-uniform on [0.03, 30], p
    at softmax (equality case) or Dirichlet.
    """
    cid = "ramsauer2021/entropy-lse-conjugacy"
    xp = ctx.xp
    strat = st.tuples(st.integers(2, 7), seeds(), st.floats(-1.5, 1.5, allow_nan=False),
                      st.floats(-1.0, 1.0, allow_nan=False), st.floats(-3.0, 3.0, allow_nan=False))

    def build(draw):
        M, seed, lb, lsc, shift = draw
        beta = 10.0 ** lb
        rng = np.random.default_rng([seed, 5])
        z = rng.normal(size=M) * 10.0 ** lsc / beta ** 0.5 + shift
        return beta, z, rng

    def lse_pkg(z, beta):
        return _f(maps.shannon_conjugate(xp.asarray(beta * z))) / beta

    def obs_sup(draw):
        beta, z, _ = build(draw)
        lse = ctx.side("Omega*(z) = lse(beta, z)", value=lse_pkg(z, beta))
        val, pstar = _slsqp_conjugate(z, beta)
        sm = ctx.side("argmax = softmax(beta z)", value=_np(maps.softmax(xp.asarray(beta * z))))
        err = abs(lse - val) / (1.0 + abs(val)) + float(np.abs(sm - pstar).max())
        return _identity(err, 1e-6, {"z": z, "beta": beta, "p_slsqp": pstar})

    def re_sup(o):
        """SLSQP stops within about 1e-6 of the maximiser: Newton on the KKT system at 50 digits polishes it."""
        z, beta = o.inputs["z"], o.inputs["beta"]
        val, pstar = _newton_conjugate(z, beta, o.inputs["p_slsqp"])
        lse = ctx.side("Omega*(z) = lse(beta, z)", value=lse_pkg(z, beta))
        sm = ctx.side("argmax = softmax(beta z)", value=_np(maps.softmax(xp.asarray(beta * z))))
        return abs(lse - val) / (1.0 + abs(val)) + float(np.abs(sm - pstar).max()), 1e-6

    def obs_fy(draw):
        beta, z, rng = build(draw)
        k = int(rng.integers(0, 3))
        p = _np(maps.softmax(xp.asarray(beta * z))) if k == 0 else rng.dirichlet(np.full(len(z), 0.5 + k))
        rhs = ctx.side("Omega(p) + lse(beta, z) (Fenchel-Young)", value=_omega_beta(p, beta) + lse_pkg(z, beta))
        return Observation(float(p @ z), rhs, inputs={"z": z, "beta": beta, "p": p})

    def re_fy(o):
        with mpmath.workdps(_DPS):
            z, beta, p = o.inputs["z"], o.inputs["beta"], o.inputs["p"]
            lhs = mpmath.fsum(_mpf(a) * _mpf(b) for a, b in zip(p, z))
        return float(lhs), o.rhs

    def obs_bi(draw):
        beta, z, rng = build(draw)
        p = rng.dirichlet(np.full(len(z), 2.0))
        om = ctx.side("lse(beta, .)^* = Omega", value=_omega_beta(p, beta))
        val = _biconjugate(p, beta)
        return _identity(abs(om - val) / (1.0 + abs(val)), 1e-6, {"p": p, "beta": beta})

    def obs_T(draw):
        beta, z, rng = build(draw)
        d = len(z) + 1
        Xn = rng.normal(size=(d, len(z)))
        x = rng.normal(size=d)
        Tx = ctx.side("T(x) = Xi grad Omega*(Xi^T x)",
                      value=_np(models.DenseHopfield(xp.asarray(Xn), beta).retrieve(xp.asarray(x))))
        g = _mp_grad(lambda v: _mp_lse_list(v, beta), Xn.T @ x, h="1e-18")
        return _identity(float(np.abs(Tx - Xn @ g).max()) / (1.0 + float(np.abs(Tx).max())), 1e-9,
                         {"Xi": Xn, "x": x, "beta": beta, "_draw": draw})

    explicit = [(3, 1, 1.0, 0.5, 3.0), (2, 4, -1.0, -1.0, 2.5), (5, 9, 0.0, 0.0, 1.0)]
    fam = ["z Gaussian of scale 10^s / sqrt(beta) plus a shift in [-3, 3]", "beta log-uniform on [0.03, 30]",
           "p: softmax(beta z) (equality case) or Dirichlet"]
    k = _n(ctx, 4)
    parts = [
        ("numeric conjugate (SLSQP) = lse, maximiser = softmax",
         inequality_check(cid, ctx, strategy=strat, observe=obs_sup, reevaluate=re_sup, distributions=fam,
                          examples=k, explicit=explicit)),
        ("Fenchel-Young <p,z> <= Omega(p) + lse, equality at softmax",
         inequality_check(cid, ctx, strategy=strat, observe=obs_fy, reevaluate=re_fy, distributions=fam,
                          examples=k, explicit=explicit)),
        ("biconjugate lse* = Omega (BFGS)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_bi, distributions=fam, examples=k,
                          explicit=explicit)),
        ("T(x) = Xi grad Omega*(Xi^T x) (mpmath finite differences)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_T, reevaluate=_redo(obs_T), distributions=fam,
                          examples=k, explicit=explicit)),
    ]
    detail, ok = {}, True
    for n in (2, 3):
        c = S.conjugate(S.Shannon(), n, "all")
        facts = {f.name: bool(f.holds) for f in (c.check_known_form(), c.check_danskin(), c.check_fenchel_young())}
        detail[f"n={n}"] = {"conjugate": str(c.expr), **facts}
        ok = ok and all(facts.values())
    parts.append(("symbolic conjugate of the Shannon negentropy (n = 2, 3; beta by scaling)",
                  symbolic_result(cid, ok, detail)))
    return combine(cid, parts, notes="Omega_beta = beta^{-1} Omega_1 gives Omega_beta^*(z) = beta^{-1} lse(beta z)")


# =========================================================================== energy-forms


def _symbolic_mixture(d=2, Ms=(1, 2, 3)):
    """exp(-beta E) in both forms has the same terms: the exponents agree term by term."""
    out = {}
    b = sp.Symbol("beta", positive=True)
    m = sp.Symbol("m", positive=True)
    for M in Ms:
        Xi = sp.Matrix(d, M, lambda i, j: sp.Symbol(f"xi_{i + 1}{j + 1}", real=True))
        x = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
        ok = True
        for j in range(M):
            col = Xi[:, j]
            e1 = b * (col.T * x)[0] - b * (x.T * x)[0] / 2 - b * m**2 / 2   # term of e^{-beta E}, form (2)
            e2 = -b * (m**2 - (col.T * col)[0]) / 2 - b * ((col - x).T * (col - x))[0] / 2
            ok = ok and sp.expand(e1 - e2) == 0
        out[f"M={M}"] = ok
    return all(out.values()), out


@check("ramsauer2021/energy-forms")
def check_energy_forms(ctx):
    r"""Eq. (2) and App. Eq. (27): the energy equals its Gaussian-mixture form, grad E = x - T(x).

    Parts: E = mixture form and grad E = x - T(x) on the standard families with beta log-uniform
    on [1e-2, 1e2] (mpmath in the log domain, central differences); the symbolic identity
    exp(-beta E) of both forms term by term (d = 2, M = 1, 2, 3).
    """
    cid = "ramsauer2021/energy-forms"
    xp = ctx.xp
    strat = _draw_std(_ALL, beta=(1e-2, 1e2))

    def obs_mix(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        E = _f(models.DenseHopfield(Xi, inst.beta).energy_published(xp.asarray(x)))
        E = ctx.side("E(x) = -lse + |x|^2/2 + ln M/beta + m^2/2", value=E)
        with mpmath.workdps(_MP["dps"]):
            Em = float(_mp_mixture_energy(Xn, x, inst.beta))
        return _identity(abs(E - Em) / (1.0 + abs(Em)), 1e-10, {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    def obs_grad(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        g = x - _np(models.DenseHopfield(Xi, inst.beta).retrieve(xp.asarray(x)))
        g = ctx.side("grad E = x - T(x)", value=g)
        h = "1e-12" if inst.beta * float(np.abs(Xn).max()) ** 2 < 1e4 else "1e-16"
        gfd = _mp_grad(lambda v: _mp_mixture_energy(Xn, v, inst.beta), x, h=h)
        return _identity(float(np.abs(g - gfd).max()) / (1.0 + float(np.abs(gfd).max())), 1e-8,
                         {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    fam = _fam(*_ALL) + _QDESC + ["beta log-uniform on [1e-2, 1e2]"]
    k = _n(ctx, 2)
    ok, detail = _symbolic_mixture()
    parts = [
        ("E = mixture form (mpmath, log domain)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_mix, reevaluate=_redo(obs_mix), distributions=fam,
                          examples=k)),
        ("grad E = x - T(x) (mpmath finite differences of the mixture form)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_grad, reevaluate=_redo(obs_grad),
                          distributions=fam, examples=k)),
        ("symbolic: exp(-beta E) of both forms agree term by term (d = 2, M = 1, 2, 3)",
         symbolic_result(cid, ok, detail)),
    ]
    return combine(cid, parts)


# =========================================================================== energy-bounds


def _coincident(d, M, m):
    Xn = np.zeros((d, M))
    Xn[0, :] = m
    return Xn


@check("ramsauer2021/energy-bounds")
def check_energy_bounds(ctx):
    r"""Lemma A1: 0 <= E, E <= ln M / beta + m^2/2 and E <= 2 m^2 on the hull.

    Families: sphere, Gaussian, binary, clustered, unequal-norm and antipodal memories; queries
    free, in the hull, perturbed patterns, in a ball; coincident memories with x at them (the
    equality case E = 0).  Oracle: the energy at 40 digits in mpmath.
    """
    cid = "ramsauer2021/energy-bounds"
    xp = ctx.xp

    # E >= 0  <=>  lse(beta, Xi^T x) <= |x|^2/2 + ln M/beta + m^2/2
    strat = st.tuples(st.one_of(_draw_std(_ALL), st.tuples(
        instances(("sphere",), M=(2, 6)), st.just("coincident"), st.floats(-1.0, 1.0))))

    def setup_lower(draw):
        draw = draw[0]
        inst, kind = draw[0], draw[1]
        if kind == "coincident":
            Xn = _coincident(inst.d, inst.M, inst.m)
            x = Xn[:, 0] + (0.0 if draw[2] < 0 else draw[2] * 1e-3) * np.ones(inst.d)
            return inst, xp.asarray(Xn), Xn, x
        return _setup(draw, xp)

    def obs_nonneg(draw):
        s = setup_lower(draw)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        model = models.DenseHopfield(Xi, inst.beta)
        lse = _f(maps.shannon_conjugate(xp.asarray(inst.beta * (Xn.T @ x)))) / inst.beta
        m = models.max_norm(Xi)
        rhs = ctx.side("|x|^2/2 + ln M/beta + m^2/2 (E >= 0)",
                       value=0.5 * float(x @ x) + math.log(inst.M) / inst.beta + 0.5 * m * m)
        E = _f(model.energy_published(xp.asarray(x)))
        return Observation(lse, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta}, note=f"E = {E:.6g}")

    def re_nonneg(o):
        with mpmath.workdps(_DPS):
            Xn, x = o.inputs["Xi"], o.inputs["x"]
            return float(_mp_lse_list(_mp_scores(Xn, [_mpf(v) for v in x]), o.inputs["beta"])), o.rhs

    # upper bounds on the hull: hull points and iterates T^t(x0)
    hstrat = st.one_of(
        st.tuples(instances(_ALL), st.sampled_from(["hull", "iterate"]), st.floats(-1.0, 1.0)),
        st.tuples(instances(("sphere",), M=(3, 20), beta=(1e-3, 1e-1)), st.just("skewed"), st.floats(0.0, 1.0)),
        st.tuples(instances(("sphere",), M=(2, 2), beta=(1.0, 1e2)), st.just("antipodal-centre"),
                  st.floats(0.0, 1.0)))

    def setup_hull(draw):
        inst, kind, s = draw
        if kind == "skewed":       # xi_1 = a, the others near -a: E -> 2m^2 as beta -> 0
            Xn = np.zeros((inst.d, inst.M))
            Xn[0, 0] = inst.m
            rng = np.random.default_rng(inst.seed)
            Xn[0, 1:] = -inst.m
            Xn[1, 1:] = 1e-3 * inst.m * rng.uniform(-1, 1, size=inst.M - 1)
            Xn *= inst.m / np.linalg.norm(Xn, axis=0)
            return inst, xp.asarray(Xn), Xn, Xn[:, 0] * (1 - 1e-3 * s)
        if kind == "antipodal-centre":   # x = 0 in the hull: E = m^2/2 vs ln M/beta + m^2/2
            Xn = _patterns_np(Instance("antipodal", inst.d, 2, inst.m, inst.beta, 0, 0, 0.0))
            return inst, xp.asarray(Xn), Xn, s * 1e-3 * Xn[:, 0]
        arr = _arrays(inst, xp, False)
        Xi, Xn = arr
        if kind == "hull":
            x = _query(Xn, inst.mu, "hull", s, inst.seed)
        else:
            x0 = _query(Xn, inst.mu, "free", s, inst.seed)
            it = models.DenseHopfield(Xi, inst.beta).iterate(xp.asarray(x0), max_steps=int(1 + 5 * abs(s)))
            x = _np(it.final) if it.steps >= 1 else _np(models.DenseHopfield(Xi, inst.beta).retrieve(xp.asarray(x0)))
        return inst, Xi, Xn, x

    def obs_upper(which):
        def observe(draw):
            inst, Xi, Xn, x = setup_hull(draw)
            E = _f(models.DenseHopfield(Xi, inst.beta).energy_published(xp.asarray(x)))
            m = models.max_norm(Xi)
            if which == "log":
                b = B.energy_upper_bound_hull(beta=inst.beta, M=float(inst.M), m=m)
                rhs = ctx.side("ln M/beta + m^2/2 (hull)", value=_f(b.value))
            else:
                b = B.energy_upper_bound_hull_quadratic(m=m)
                rhs = ctx.side("2 m^2 (hull)", value=_f(b.value))
            return Observation(E, rhs, applicable=bool(to_numpy(b.hypotheses_hold)),
                               inputs={"Xi": Xn, "x": x, "beta": inst.beta})
        return observe

    def re_upper(o):
        with mpmath.workdps(_DPS):
            return float(_mp_energy(o.inputs["Xi"], list(o.inputs["x"]), o.inputs["beta"], constants=True)), o.rhs

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "from hoptheory.bounds.ramsauer2021 import energy_upper_bound_hull\n"
                 "Xi, x, beta = np.array(ce['Xi']), np.array(ce['x']), ce['beta']\n"
                 "mdl = DenseHopfield(Xi, beta)\n"
                 "lhs = float(mdl.energy_published(x))\n"
                 "rhs = float(energy_upper_bound_hull(beta=beta, M=float(Xi.shape[1]), m=mdl.m).value)\n")
    fam = _fam(*_ALL, "antipodal") + _QDESC + [
        "coincident memories with x at them (equality case E = 0)",
        "skewed: xi_1 = a, the others near -a, small beta (E near 2m^2)", "hull: Dirichlet points, iterates T^t"]
    k = _n(ctx, 3)
    ex_low = [((Instance("sphere", 3, 4, 1.5, 0.7, 1, 0, 0.5), "coincident", -1.0),)]
    ex_log = [(Instance("sphere", 3, 2, 2.0, 30.0, 0, 0, 0.0), "antipodal-centre", 0.0)]
    ex_q = [(Instance("sphere", 3, 20, 1.0, 1e-3, 4, 0, 0.0), "skewed", 0.0)]
    parts = [
        ("E >= 0 (as lse <= |x|^2/2 + ln M/beta + m^2/2; equality for coincident memories)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_nonneg, reevaluate=re_nonneg, distributions=fam,
                          examples=k, explicit=ex_low)),
        ("E <= ln M/beta + m^2/2 on the hull",
         inequality_check(cid, ctx, strategy=hstrat, observe=obs_upper("log"), reevaluate=re_upper,
                          reproduce=reproduce, distributions=fam, examples=k, explicit=ex_log)),
        ("E <= 2 m^2 on the hull",
         inequality_check(cid, ctx, strategy=hstrat, observe=obs_upper("quad"), reevaluate=re_upper,
                          distributions=fam, examples=k, explicit=ex_q)),
    ]
    return combine(cid, parts)


# =========================================================================== update-rule


@functools.lru_cache(maxsize=None)
def _sym_update_gradient(d=2, M=3):
    b = sp.Symbol("beta", positive=True)
    Xi = sp.Matrix(d, M, lambda i, j: sp.Symbol(f"xi_{i + 1}{j + 1}", real=True))
    x = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
    z = Xi.T * x
    Z = sp.Add(*[sp.exp(b * z[j]) for j in range(M)])
    lse = sp.log(Z) / b
    p = sp.Matrix([sp.exp(b * z[j]) / Z for j in range(M)])
    T = Xi * p
    E = -lse + (x.T * x)[0] / 2
    ok = all(_zero(sp.diff(lse, x[i]) - T[i]) and _zero(x[i] - sp.diff(E, x[i]) - T[i]) for i in range(d))
    return ok, {"d": d, "M": M, "grad_x lse(beta, Xi^T x) = T(x) = x - grad E": ok}


@check("ramsauer2021/update-rule")
def check_update_rule(ctx):
    r"""Eq. (3): the update rule, hull invariance and the gradient form.

    Parts: p >= 0, 1^T p = 1, T(x) = Xi p (mpmath); ||T(x)|| <= m and ||T(T(x))|| <= m; T(x) = x -
    grad H(x) (mpmath finite differences); the symbolic gradient identity (d = 2, M = 3).
    Families: the standard ones; beta log-uniform on [1e-2, 1e2].
    """
    cid = "ramsauer2021/update-rule"
    xp = ctx.xp
    strat = _draw_std(_ALL)

    def obs_T(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        model = models.DenseHopfield(Xi, inst.beta)
        p = ctx.side("p(x) = softmax(beta Xi^T x)", value=_np(model.weights(xp.asarray(x))))
        Tx = ctx.side("T(x) = Xi p(x)", value=_np(model.retrieve(xp.asarray(x))))
        Tm, pm = _mp_T_np(Xn, x, inst.beta)
        err = (float(np.abs(p - pm).max()) + abs(float(p.sum()) - 1.0) + max(0.0, -float(p.min()))
               + float(np.abs(Tx - Tm).max()) / (1.0 + models.max_norm(Xi)))
        return _identity(err, 1e-10, {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    nstrat = st.one_of(_draw_std(("sphere", "unequal", "clustered"), beta=(1.0, 1e2)), _draw_std(_ALL))

    def obs_norm(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        model = models.DenseHopfield(Xi, inst.beta)
        x1 = model.retrieve(xp.asarray(x))
        x2 = model.retrieve(x1)
        lhs = max(_f(xp.linalg.vector_norm(x1)), _f(xp.linalg.vector_norm(x2)))
        rhs = ctx.side("m (||T(x)||, ||T(T(x))|| <= m)", value=models.max_norm(Xi))
        return Observation(lhs, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    def re_norm(o):
        Xn, x, beta = o.inputs["Xi"], o.inputs["x"], o.inputs["beta"]
        T1, _ = _mp_T_np(Xn, x, beta)
        T2, _ = _mp_T_np(Xn, T1, beta)
        return max(float(np.linalg.norm(T1)), float(np.linalg.norm(T2))), o.rhs

    def obs_grad(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        Tx = ctx.side("T(x) = x - grad H(x)", value=_np(models.DenseHopfield(Xi, inst.beta).retrieve(xp.asarray(x))))
        h = "1e-12" if inst.beta * float(np.abs(Xn).max()) ** 2 < 1e4 else "1e-16"
        g = _mp_grad(lambda v: _mp_energy(Xn, v, inst.beta), x, h=h)
        return _identity(float(np.abs(Tx - (x - g)).max()) / (1.0 + float(np.abs(x).max())), 1e-8,
                         {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "Xi, x, beta = np.array(ce['Xi']), np.array(ce['x']), ce['beta']\n"
                 "mdl = DenseHopfield(Xi, beta)\n"
                 "lhs = max(np.linalg.norm(mdl.retrieve(x)), np.linalg.norm(mdl.retrieve(mdl.retrieve(x))))\n"
                 "rhs = mdl.m\n")
    fam = _fam(*_ALL) + _QDESC + ["beta log-uniform on [1e-2, 1e2] (and [1, 1e2] for the norm part)"]
    k = _n(ctx, 3)
    ok, detail = _sym_update_gradient()
    parts = [
        ("p >= 0, 1^T p = 1, T(x) = Xi p (mpmath)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_T, reevaluate=_redo(obs_T), distributions=fam,
                          examples=k)),
        ("||T(x)|| <= m and ||T(T(x))|| <= m (hull invariance)",
         inequality_check(cid, ctx, strategy=nstrat, observe=obs_norm, reevaluate=re_norm, reproduce=reproduce,
                          distributions=fam, examples=k,
                          explicit=[(Instance("sphere", 3, 5, 2.0, 100.0, 3, 0, 0.5), "pert", -1.0)])),
        ("T(x) = x - grad H(x) (mpmath finite differences)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_grad, reevaluate=_redo(obs_grad),
                          distributions=fam, examples=k)),
        ("symbolic gradient identity (SymPy, d = 2, M = 3)", symbolic_result(cid, ok, detail)),
    ]
    return combine(cid, parts)


# =========================================================================== cccp-descent / stationary points


def _trajectory(model, x0, xp, steps):
    """x_0 .. x_n (rows) and the published energies E(x_t), n <= steps (stops at a fixed point)."""
    it = model.iterate(xp.asarray(x0), max_steps=steps)
    X = _np(it.trajectory)
    E = _np(model.energy_published(xp.asarray(X.T)))
    return X, E, it


_TRAJ = st.tuples(instances(_ALL, beta=(1e-2, 1e2)), st.sampled_from(["free", "hull"]), st.floats(-1.0, 1.0))


@check("ramsauer2021/cccp-descent")
def check_cccp_descent(ctx):
    r"""Theorem 1 (A1): the update decreases the energy (CCCP).

    Parts: sufficient decrease E(x_t) - E(x_{t+1}) >= |x_{t+1} - x_t|^2 / 2 at the worst step of
    each trajectory; monotone energy; the symbolic CCCP step argmin E_C(., x_t) = T(x_t) (d = 2,
    M = 3).  Families: sphere, Gaussian, binary, clustered and unequal-norm memories, starts free
    or in the hull, trajectories of up to 60 steps.  Oracle: the energy in mpmath (log domain).
    """
    cid = "ramsauer2021/cccp-descent"
    xp = ctx.xp

    def obs(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x0 = s
        model = models.DenseHopfield(Xi, inst.beta)
        X, E, _ = _trajectory(model, x0, xp, 60)
        steps = np.sum(np.diff(X, axis=0) ** 2, axis=1) / 2
        dec = E[:-1] - E[1:]
        # a step whose half squared length is below the rounding of E cannot be resolved in float64
        ok = steps > 1e-9 * (1.0 + np.abs(E[:-1]))
        if not np.any(ok):
            return Observation(0.0, 0.0, applicable=False)
        idx = np.flatnonzero(ok)
        t = int(idx[np.argmin(dec[idx] / steps[idx])])
        rhs = ctx.side("|x_{t+1} - x_t|^2 / 2 (sufficient decrease)", value=float(steps[t]), kind="lower")
        return Observation(float(dec[t]), rhs, inputs={"Xi": Xn, "x_t": X[t], "beta": inst.beta, "t": t})

    def re(o):
        with mpmath.workdps(_DPS):
            Xn, xt, beta = o.inputs["Xi"], list(o.inputs["x_t"]), o.inputs["beta"]
            T, _ = _mp_T(Xn, xt, beta)
            return float(_mp_energy(Xn, xt, beta) - _mp_energy(Xn, T, beta)), o.rhs

    def obs_mono(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x0 = s
        model = models.DenseHopfield(Xi, inst.beta)
        X, E, it = _trajectory(model, x0, xp, 60)
        rise = float(np.max(E[1:] - E[:-1])) if len(E) > 1 else 0.0
        return Observation(rise, 1e-12 * (1.0 + float(np.abs(E).max())),
                           inputs={"Xi": Xn, "x0": x0, "beta": inst.beta}, note=f"steps {it.steps}")

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "Xi, xt, beta = np.array(ce['Xi']), np.array(ce['x_t']), ce['beta']\n"
                 "mdl = DenseHopfield(Xi, beta)\n"
                 "x1 = mdl.retrieve(xt)\n"
                 "lhs = float(mdl.energy(xt) - mdl.energy(x1))\n"
                 "rhs = 0.5 * float(np.sum((x1 - xt) ** 2))\n")
    fam = _fam(*_ALL) + ["starts: Q4 free, Q5 hull", "trajectories of up to 60 steps"]
    k = _n(ctx, 2)
    # the surrogate's minimiser is T(x_t): symbolic, with the package's engine
    fact = S.cccp_step(S.Shannon(), 2, 3).check()
    parts = [
        ("sufficient decrease E(x_t) - E(x_{t+1}) >= |x_{t+1} - x_t|^2/2 (worst step of each trajectory)",
         inequality_check(cid, ctx, strategy=_TRAJ, observe=obs, reevaluate=re, reproduce=reproduce, kind="lower",
                          distributions=fam, examples=k,
                          explicit=[(Instance("sphere", 3, 7, 1.0, 0.01, 2, 0, 0.5), "free", 1.0)])),
        ("monotone E(x_{t+1}) <= E(x_t) + tol",
         inequality_check(cid, ctx, strategy=_TRAJ, observe=obs_mono, distributions=fam, examples=k)),
        ("symbolic CCCP step: argmin E_C(., x_t) = T(x_t) (d = 2, M = 3)",
         symbolic_result(cid, bool(fact.holds), {"detail": fact.detail})),
    ]
    return combine(cid, parts)


@check("ramsauer2021/stationary-points")
def check_stationary_points(ctx):
    r"""Theorem 2 (A2): the iteration converges to stationary points.

    Parts: sum |x_{t+1} - x_t|^2 <= 2(E(x_0) - E(x_n)) <= 2 E(x_0); the limit satisfies
    |x* - T(x*)| <= tol (mpmath T).  Families: the standard ones; starts free or in the hull;
    coincident memories (the tight case of 2 E(x_0)).
    """
    cid = "ramsauer2021/stationary-points"
    xp = ctx.xp
    counts = {"runs": 0, "converged": 0}

    def run(draw):
        inst, kind, s = draw
        if kind == "coincident":
            Xn = _coincident(inst.d, inst.M, inst.m)
            Xi = xp.asarray(Xn)
            x0 = Xn[:, 0] + inst.m * 10.0 ** s * np.random.default_rng(inst.seed).normal(size=inst.d)
        else:
            r = _setup(draw, xp)
            if r is None:
                return None
            inst, Xi, Xn, x0 = r
        model = models.DenseHopfield(Xi, inst.beta)
        X, E, it = _trajectory(model, x0, xp, 3000)
        return inst, Xi, Xn, x0, X, E, it

    strat = st.one_of(_TRAJ, st.tuples(instances(("sphere",), M=(2, 6)), st.just("coincident"), st.floats(-1, 1)))

    def obs_sum(which):
        def observe(draw):
            r = run(draw)
            if r is None:
                return _NA
            inst, Xi, Xn, x0, X, E, it = r
            lhs = float(np.sum(np.diff(X, axis=0) ** 2))
            if which == "gap":
                rhs = ctx.side("2(E(x_0) - E(x_n))", value=2.0 * float(E[0] - E[-1]))
            else:
                rhs = ctx.side("2 E(x_0)", value=2.0 * float(E[0]))
            return Observation(lhs, rhs, inputs={"Xi": Xn, "x0": x0, "beta": inst.beta, "steps": it.steps})
        return observe

    def re_sum(o):
        Xn, x, beta = o.inputs["Xi"], o.inputs["x0"], o.inputs["beta"]
        tot = 0.0
        for _ in range(int(o.inputs["steps"])):
            y, _ = _mp_T_np(Xn, x, beta)
            tot += float(np.sum((y - x) ** 2))
            x = y
        return tot, o.rhs

    def obs_limit(draw):
        r = run(draw)
        if r is None:
            return _NA
        inst, Xi, Xn, x0, X, E, it = r
        counts["runs"] += 1
        if not it.converged:
            return Observation(0.0, 1.0, applicable=False, note="not converged within 3000 steps")
        counts["converged"] += 1
        xs = ctx.side("limit x*", value=X[-1])
        Tm, _ = _mp_T_np(Xn, xs, inst.beta)
        m = models.max_norm(Xi)
        return Observation(float(np.linalg.norm(xs - Tm)) / (1.0 + m), 1e-10,
                           inputs={"Xi": Xn, "x0": x0, "beta": inst.beta, "_draw": draw})

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "Xi, x0, beta = np.array(ce['Xi']), np.array(ce['x0']), ce['beta']\n"
                 "mdl = DenseHopfield(Xi, beta)\n"
                 "it = mdl.iterate(x0, max_steps=ce['steps'])\n"
                 "X = np.asarray(it.trajectory)\n"
                 "lhs = float(np.sum(np.diff(X, axis=0) ** 2))\n"
                 "rhs = 2.0 * float(mdl.energy_published(x0))\n")
    fam = _fam(*_ALL) + ["starts: Q4 free, Q5 hull; coincident memories (tight case of 2E(x_0))",
                         "iteration to the package tolerance, at most 3000 steps"]
    k = _n(ctx, 3)
    ex = [(Instance("sphere", 3, 4, 1.0, 0.5, 0, 0, 0.0), "coincident", 0.5)]
    ex_gap = [(Instance("sphere", 3, 7, 1.0, 0.01, 2, 0, 0.5), "free", 1.0)]
    parts = [
        ("sum |x_{t+1} - x_t|^2 <= 2(E(x_0) - E(x_n))",
         inequality_check(cid, ctx, strategy=strat, observe=obs_sum("gap"), reevaluate=re_sum, distributions=fam,
                          examples=k, explicit=ex_gap)),
        ("sum |x_{t+1} - x_t|^2 <= 2 E(x_0)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_sum("E0"), reevaluate=re_sum, reproduce=reproduce,
                          distributions=fam, examples=k, explicit=ex)),
        ("limit is a stationary point: |x* - T(x*)| <= tol (mpmath T)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_limit, reevaluate=_redo(obs_limit),
                          distributions=fam, examples=k)),
    ]
    return combine(cid, parts, extra={"trajectories_converged": f"{counts['converged']}/{counts['runs']}"},
                    notes="strict decrease away from fixed points is the sufficient decrease of cccp-descent")


# =========================================================================== jacobian-bound


@check("ramsauer2021/jacobian-bound")
def check_jacobian_bound(ctx):
    r"""Lemma A2: the Jacobian of the update and its norm bounds.

    Parts: the analytic J equals finite differences of the mpmath T, symmetric and PSD; ||J||_2 <=
    the spectral, coarse, concentrated and refined bounds (epsilon = 1 - p_max or uniform on
    [1 - p_max, 1/2] in the refined form).  Families: the standard ones plus antipodal pairs;
    queries free, in the hull, perturbed, in a ball.
    """
    cid = "ramsauer2021/jacobian-bound"
    xp = ctx.xp
    strat = st.one_of(_draw_std(_ALL, M=(2, 12)),
                      st.tuples(instances(("antipodal",), M=(2, 2), beta=(1e-1, 1e2)), _QKIND, st.floats(-1, 1)))

    def get(draw):
        s = _setup(draw, xp)
        if s is None:
            return None
        inst, Xi, Xn, x = s
        if inst.family == "antipodal":
            x = Xn[:, 0] * (2 * inst.radius_fraction - 1) + 0.1 * (x - Xn[:, 0])
        model = models.DenseHopfield(Xi, inst.beta)
        J = _np(model.jacobian(xp.asarray(x)))
        p = _np(model.weights(xp.asarray(x)))
        return inst, Xi, Xn, x, J, p

    def obs_fd(draw):
        g = get(draw)
        if g is None:
            return _NA
        inst, Xi, Xn, x, J, p = g
        J = ctx.side("J = beta Xi (diag p - pp^T) Xi^T", value=J)
        h = "1e-12" if inst.beta * float(np.abs(Xn).max()) ** 2 < 1e4 else "1e-16"
        Jfd = _mp_jacobian_T(Xn, x, inst.beta, h=h)
        sc = 1.0 + float(np.abs(Jfd).max())
        lam = float(np.linalg.eigvalsh((J + J.T) / 2).min())
        err = (float(np.abs(J - Jfd).max()) + float(np.abs(J - J.T).max()) + max(0.0, -lam)) / sc
        return _identity(err, 1e-8, {"Xi": Xn, "x": x, "beta": inst.beta, "_draw": draw})

    def obs_bound(which):
        def observe(draw):
            g = get(draw)
            if g is None:
                return _NA
            inst, Xi, Xn, x, J, p = g
            nJ = float(np.linalg.norm(J, 2))
            xa = xp.asarray(x)
            M, m = float(inst.M), models.max_norm(Xi)
            if which == "spectral":
                s = float(np.max(p * (1 - p)))
                b = B.jacobian_norm_bound_spectral(beta=inst.beta, xi_norm=float(np.linalg.norm(Xn, 2)), s=min(s, 0.25))
            elif which == "coarse":
                b = B.jacobian_norm_bound_coarse_at(Xi, xa, inst.beta)
            elif which == "concentrated":
                b = B.jacobian_norm_bound_concentrated(beta=inst.beta, M=M, m=m, epsilon=float(1 - p.max()),
                                                       p_max=float(p.max()))
            else:
                rng = np.random.default_rng(inst.seed + 1)
                e0 = float(1 - p.max())
                eps = e0 if (e0 >= 0.5 or rng.uniform() < 0.5) else float(rng.uniform(e0, 0.5))
                b = B.jacobian_norm_bound_refined_at(Xi, xa, inst.beta, epsilon=eps)
            ok = bool(to_numpy(b.hypotheses_hold))
            ill = bool(to_numpy(b.ill_defined))
            rhs = ctx.side(f"Lemma A2 {which} bound", value=_f(b.value) if not ill else math.nan)
            return Observation(nJ, rhs, applicable=ok, ill_defined=ill, trivial=inst.beta * m * m,
                               inputs={"Xi": Xn, "x": x, "beta": inst.beta})
        return observe

    def re_bound(o):
        Jfd = _mp_jacobian_T(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"])
        return float(np.linalg.norm(Jfd, 2)), o.rhs

    # informational: the published refined form with a loose epsilon > 1/2
    loose = {"instances": 0, "violations": 0}

    def obs_loose(draw):
        g = get(draw)
        if g is None:
            return _NA
        inst, Xi, Xn, x, J, p = g
        e0 = float(1 - p.max())
        eps = float(np.random.default_rng(inst.seed + 2).uniform(max(e0, 0.5), 1.0))
        b = B.jacobian_norm_bound_refined_published(beta=inst.beta, M=float(inst.M), m=models.max_norm(Xi),
                                                    epsilon=eps, p_max=float(p.max()))
        loose["instances"] += 1
        loose["violations"] += int(float(np.linalg.norm(J, 2)) > _f(b.value) * (1 + 1e-9) + 1e-12)
        return Observation(0.0, 1.0)

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "from hoptheory.bounds.ramsauer2021 import jacobian_norm_bound_coarse_at\n"
                 "Xi, x, beta = np.array(ce['Xi']), np.array(ce['x']), ce['beta']\n"
                 "lhs = float(np.linalg.norm(np.asarray(DenseHopfield(Xi, beta).jacobian(x)), 2))\n"
                 "rhs = float(jacobian_norm_bound_coarse_at(Xi, x, beta).value)\n")
    fam = _fam(*_ALL, "antipodal") + _QDESC + ["refined form: epsilon = 1 - p_max or uniform on [1 - p_max, 1/2]"]
    k = _n(ctx, 5)
    ex = [(Instance("antipodal", 3, 2, 1.0, b, 0, 0, f), "ball", -1.0) for b, f in ((1.0, 0.5), (20.0, 0.9))]
    parts = [("analytic J = finite differences (mpmath), symmetric, PSD",
              inequality_check(cid, ctx, strategy=strat, observe=obs_fd, reevaluate=_redo(obs_fd),
                               distributions=fam, examples=k, explicit=ex))]
    for which in ("spectral", "coarse", "concentrated", "refined"):
        parts.append((f"||J||_2 <= {which} bound",
                      inequality_check(cid, ctx, strategy=strat, observe=obs_bound(which), reevaluate=re_bound,
                                       reproduce=reproduce if which == "coarse" else "", distributions=fam,
                                       examples=k, explicit=ex)))
    inequality_check(cid, ctx, strategy=strat, observe=obs_loose, examples=k)
    return combine(cid, parts, extra={"published_refined_with_loose_epsilon_above_half (informational)": loose},
                    notes="refined bound asserted only under the corrected hypothesis")


# =========================================================================== separation-identities


def _sym_separation(d=3):
    a = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"a_{i + 1}", real=True))
    b = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"b_{i + 1}", real=True))
    lhs = (a.T * a)[0] - (a.T * b)[0]
    rhs = ((a.T * a)[0] - (b.T * b)[0] + ((a - b).T * (a - b))[0]) / 2
    return sp.expand(lhs - rhs) == 0


@check("ramsauer2021/separation-identities")
def check_separation_identities(ctx):
    r"""Definition 2: separation identities and the transfer of separation to queries.

    Parts: the Delta_mu identities (general, equal norms, sphere with alpha_min); Delta~*(x) =
    z_(1) - z_(2) >= 0; the transfer bounds Delta~_mu(x) >= Delta_mu - |x - xi_mu| max |xi_mu -
    xi_nu| >= Delta_mu - 2m|x - xi_mu| with x towards the smallest-margin competitor; the symbolic
    identity (d = 3).  Families: the standard ones plus antipodal pairs.
    """
    cid = "ramsauer2021/separation-identities"
    xp = ctx.xp
    strat = _draw_std(_ALL)

    def obs_id(draw):
        s = _setup(draw, xp, distinct=True)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        D = ctx.side("Delta_mu (package)", value=_np(models.pattern_separation(Xi)))
        n2 = np.sum(Xn * Xn, axis=0)
        dist2 = np.sum((Xn[:, :, None] - Xn[:, None, :]) ** 2, axis=0)
        alt = 0.5 * (n2[:, None] - n2[None, :] + dist2)
        np.fill_diagonal(alt, np.inf)
        alt = alt.min(axis=1)
        err = float(np.abs(D - alt).max())
        if inst.family == "sphere":   # equal norms; the sphere identity with the minimal angle
            np.fill_diagonal(dist2, np.inf)
            err += float(np.abs(D - 0.5 * dist2.min(axis=1)).max())
            G = np.clip((Xn.T @ Xn) / inst.m**2, -1, 1)
            np.fill_diagonal(G, -np.inf)
            amin = float(np.arccos(G.max()))
            err += abs(float(D.min()) - inst.m**2 * (1 - math.cos(amin)))
        return _identity(err / (1.0 + float(n2.max())), 1e-10, {"Xi": Xn})

    def obs_star(draw):
        s = _setup(draw, xp, distinct=True)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        qs = [_f(models.query_separation(Xi, xp.asarray(x), mu)) for mu in range(inst.M)]
        z = Xn.T @ x
        zs = np.sort(z)[::-1]
        star = ctx.side("max_mu Delta~_mu(x) = z_(1) - z_(2)", value=max(qs))
        return _identity(abs(star - (zs[0] - zs[1])) / (1.0 + float(np.abs(z).max())) + max(0.0, -star), 1e-12,
                         {"Xi": Xn, "x": x})

    tstrat = st.one_of(
        st.tuples(instances(_ALL), st.sampled_from(["ball", "towards"]), st.floats(-1.0, 1.0)),
        st.tuples(instances(("antipodal",), M=(2, 2)), st.just("towards"), st.floats(-1.0, 1.0)))

    def transfer(which):
        def observe(draw):
            inst, kind, s = draw
            arr = _arrays(inst, xp, True)
            if arr is None:
                return _NA
            Xi, Xn = arr
            mu = inst.mu % inst.M
            if kind == "towards":
                nu = _nearest_competitor(Xn, mu)
                D = _np(models.pattern_separation(Xi))[mu]
                dmax = float(np.max(np.linalg.norm(Xn - Xn[:, mu:mu + 1], axis=0)))
                x = Xn[:, mu] + 10.0 ** s * 0.3 * max(D, 1e-3) / dmax * _unit_towards(Xn, mu, nu)
            else:
                x = _query(Xn, mu, "ball", s, inst.seed)
            lhs = _f(models.query_separation(Xi, xp.asarray(x), mu))
            b = (B.query_separation_lower_bound_at if which == "fine" else B.query_separation_lower_bound_coarse_at)(
                Xi, xp.asarray(x), mu)
            rhs = ctx.side(f"separation transfer ({which})", value=_f(b.value), kind="lower")
            return Observation(lhs, rhs, applicable=bool(to_numpy(b.hypotheses_hold)),
                               inputs={"Xi": Xn, "x": x, "mu": mu})
        return observe

    def re_t(o):
        with mpmath.workdps(_DPS):
            Xn, x, mu = o.inputs["Xi"], o.inputs["x"], o.inputs["mu"]
            z = _mp_scores(Xn, [_mpf(v) for v in x])
            return float(z[mu] - max(v for j, v in enumerate(z) if j != mu)), o.rhs

    reproduce = ("from hoptheory.models import query_separation\n"
                 "from hoptheory.bounds.ramsauer2021 import query_separation_lower_bound_at\n"
                 "Xi, x, mu = np.array(ce['Xi']), np.array(ce['x']), ce['mu']\n"
                 "lhs = float(query_separation(Xi, x, mu))\n"
                 "rhs = float(query_separation_lower_bound_at(Xi, x, mu).value)\n")
    fam = _fam(*_ALL, "antipodal") + _QDESC + ["transfer: x = xi_mu + r u, u towards the smallest-margin competitor"]
    k = _n(ctx, 4)
    ex = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "towards", 0.0)]
    parts = [
        ("Delta_mu identities (general, equal norms, sphere with alpha_min)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_id, distributions=fam, examples=k)),
        ("Delta~*(x) = z_(1) - z_(2) >= 0",
         inequality_check(cid, ctx, strategy=strat, observe=obs_star, distributions=fam, examples=k)),
        ("transfer Delta~_mu(x) >= Delta_mu - |x - xi_mu| max |xi_mu - xi_nu|",
         inequality_check(cid, ctx, strategy=tstrat, observe=transfer("fine"), reevaluate=re_t, kind="lower",
                          reproduce=reproduce, distributions=fam, examples=k, explicit=ex)),
        ("transfer Delta~_mu(x) >= Delta_mu - 2m|x - xi_mu|",
         inequality_check(cid, ctx, strategy=tstrat, observe=transfer("coarse"), reevaluate=re_t, kind="lower",
                          distributions=fam, examples=k, explicit=ex)),
        ("symbolic identity (SymPy, d = 3)", symbolic_result(cid, _sym_separation(), {"d": 3})),
    ]
    return combine(cid, parts)


# =========================================================================== global-fixed-point


def _rc(Xn):
    return float(np.max(np.linalg.norm(Xn - Xn.mean(axis=1, keepdims=True), axis=0)))


@check("ramsauer2021/global-fixed-point")
def check_global_fixed_point(ctx):
    r"""Lemma A3: for beta r_c^2 < 1, T is a contraction with a unique global fixed point.

    Parts: ||J(x)||_2 <= beta r_c^2; ||x_{t+1} - x*|| <= beta r_c^2 ||x_t - x*||; 8 starts reach one
    fixed point x* = T(x*).  Families: the standard ones and antipodal pairs with beta = theta/r_c^2,
    theta in [0.05, 0.9]; queries free, in the hull, perturbed, in a ball.  Oracle: mpmath T and
    Jacobian by central differences.
    """
    cid = "ramsauer2021/global-fixed-point"
    xp = ctx.xp
    strat = st.one_of(_draw_std(_ALL, M=(2, 12)),
                      st.tuples(instances(("antipodal",), M=(2, 2)), _QKIND, st.floats(-1, 1)))

    def obs_norm(draw):
        s = _setup(draw, xp)
        if s is None:
            return _NA
        inst, Xi, Xn, x = s
        if inst.family == "antipodal":
            x = x * 1e-3 * inst.radius_fraction
        nJ = float(np.linalg.norm(_np(models.DenseHopfield(Xi, inst.beta).jacobian(xp.asarray(x))), 2))
        b = B.global_jacobian_bound(beta=inst.beta, r_c=_rc(Xn))
        rhs = ctx.side("beta r_c^2 (Jacobian)", value=_f(b.value))
        return Observation(nJ, rhs, inputs={"Xi": Xn, "x": x, "beta": inst.beta})

    def re_norm(o):
        return float(np.linalg.norm(_mp_jacobian_T(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"]), 2)), o.rhs

    cstrat = st.tuples(st.one_of(instances(_ALL, M=(2, 10)), instances(("antipodal",), M=(2, 2))),
                       st.floats(0.05, 0.9))
    spread = {"max_limit_spread": 0.0, "instances": 0}

    def obs_rate(draw):
        inst, theta = draw
        arr = _arrays(inst, xp, False)
        Xi, Xn = arr
        rc = _rc(Xn)
        if rc <= 0:
            return _NA
        beta = theta / rc**2
        model = models.DenseHopfield(Xi, beta)
        res = B.global_contraction_rate_at(Xi, beta)
        rate = ctx.side("contraction rate beta r_c^2", value=_f(res.value))
        rng = np.random.default_rng(inst.seed + 5)
        starts = [rng.normal(size=inst.d) * inst.m * 3 for _ in range(8)]
        if inst.family == "antipodal":
            starts = [Xn[:, 0] * 1e-3 * (j + 1) for j in range(8)]
        worst, worst_in = 0.0, None
        it = model.iterate(xp.asarray(starts[0]), max_steps=3000)
        if not it.converged:
            return Observation(0.0, 1.0, applicable=False, note="no convergence in 3000 steps")
        xs = _np(it.final)
        # |x* - fixed point| <= residual / (1 - rate) (Banach); steps closer than 1e3 times that are skipped
        delta = float(_np(it.residuals)[-1]) / max(1e-3, 1.0 - rate) + 1e-15
        trajs = [_np(model.iterate(xp.asarray(x0), max_steps=60).trajectory) for x0 in starts]
        for X in trajs:
            e = np.linalg.norm(X - xs, axis=1)
            ok = e[:-1] > max(1e-7 * (1 + inst.m), 1e3 * delta)
            if np.any(ok):
                r = e[1:][ok] / e[:-1][ok]
                j = int(np.argmax(r))
                if r[j] > worst:
                    worst, worst_in = float(r[j]), (e[:-1][ok][j], e[1:][ok][j])
        if worst_in is None:
            return Observation(0.0, rate, applicable=bool(to_numpy(res.hypotheses_hold)),
                               inputs={"Xi": Xn, "beta": beta})
        e0, e1 = worst_in
        return Observation(float(max(0.0, e1 - delta)), float(rate * (e0 + delta)), applicable=bool(to_numpy(res.hypotheses_hold)),
                           inputs={"Xi": Xn, "beta": beta}, note="||x_{t+1} - x*|| vs rate ||x_t - x*||")

    def obs_agree(draw):
        inst, theta = draw
        Xi, Xn = _arrays(inst, xp, False)
        rc = _rc(Xn)
        if rc <= 0:
            return _NA
        beta = theta / rc**2
        model = models.DenseHopfield(Xi, beta)
        rng = np.random.default_rng(inst.seed + 6)
        L = np.array([_np(model.iterate(xp.asarray(rng.normal(size=inst.d) * inst.m * 3), max_steps=3000).final)
                      for _ in range(8)])
        spread["instances"] += 1
        spread["max_limit_spread"] = max(spread["max_limit_spread"], float(np.max(np.linalg.norm(L - L[0], axis=1))))
        xs = ctx.side("global fixed point x*", value=L[0])
        Tm, _ = _mp_T_np(Xn, xs, beta)
        return _identity((float(np.max(np.linalg.norm(L - xs, axis=1))) + float(np.linalg.norm(Tm - xs)))
                         / (1 + inst.m), 1e-9, {"Xi": Xn, "beta": beta, "_draw": draw})

    fam = _fam(*_ALL, "antipodal") + _QDESC + ["contraction: beta = theta / r_c^2, theta in [0.05, 0.9]; 8 starts (60 steps each)"]
    k = _n(ctx, 3)
    ex_n = [(Instance("antipodal", 3, 2, 1.0, b, 0, 0, 0.0), "free", 0.0) for b in (0.5, 5.0)]
    ex_r = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), 0.9)]
    parts = [
        ("||J(x)||_2 <= beta r_c^2",
         inequality_check(cid, ctx, strategy=strat, observe=obs_norm, reevaluate=re_norm, distributions=fam,
                          examples=k, explicit=ex_n)),
        ("||x_{t+1} - x*|| <= beta r_c^2 ||x_t - x*|| (beta r_c^2 < 1)",
         inequality_check(cid, ctx, strategy=cstrat, observe=obs_rate, distributions=fam, examples=k,
                          explicit=ex_r)),
        ("8 starts reach one fixed point x* = T(x*)",
         inequality_check(cid, ctx, strategy=cstrat, observe=obs_agree, reevaluate=_redo(obs_agree),
                          distributions=fam, examples=max(4, min(k // 2, 12)))),
    ]
    return combine(cid, parts, extra={"limits": spread})


# =========================================================================== softmax-concentration


def _mp_value_clipped(bound, params) -> float:
    """The 50-digit value of a scalar bound, clipped to +-1e300; NaN where it is undefined."""
    try:
        with mpmath.workdps(50):
            v = bound.mp(**{k: float(val) for k, val in params.items()})
    except (ArithmeticError, ValueError):
        return math.nan
    if not mpmath.isfinite(v):
        return math.nan
    return float(max(min(v, mpmath.mpf(1e300)), mpmath.mpf(-1e300)))


@check("ramsauer2021/softmax-concentration")
def check_softmax_concentration(ctx):
    r"""Lemma A4: one update concentrates on the pattern with the largest query separation.

    Parts: the published error bound 2 eps m (mu = argmax of the query separation), its
    generalisation to any mu, the weight bound p_mu >= 1 - eps, the competitor bound, and the
    sharp (1 - p_mu) max distance.  Families: the standard ones plus antipodal pairs; queries
    free, in the hull, perturbed, in a ball.  Where e^{-beta Delta} overflows, the bound's
    50-digit value is used (clipped to the floats).  Oracle: mpmath softmax and T.
    """
    cid = "ramsauer2021/softmax-concentration"
    xp = ctx.xp
    strat = st.one_of(_draw_std(_ALL), st.tuples(instances(("antipodal",), M=(2, 2), beta=(1e-1, 1e2)),
                                                 _QKIND, st.floats(-1, 1)))

    def get(draw, which):
        s = _setup(draw, xp)
        if s is None:
            return None
        inst, Xi, Xn, x = s
        if inst.family == "antipodal":
            x = Xn[:, 0] * inst.radius_fraction
        z = Xn.T @ x
        mu = int(np.argmax(z)) if which.startswith("published") else inst.mu % inst.M
        return inst, Xi, Xn, x, mu

    def observe_factory(which):
        def observe(draw):
            g = get(draw, which)
            if g is None:
                return _NA
            inst, Xi, Xn, x, mu = g
            model = models.DenseHopfield(Xi, inst.beta)
            xa = xp.asarray(x)
            p = _np(model.weights(xa))
            M, m = float(inst.M), models.max_norm(Xi)
            dt = _f(models.query_separation(Xi, xa, mu))
            kind, triv = "upper", None
            if which in ("published error", "general error"):
                lhs = _f(model.error(xa, mu))
                b = B.concentration_error_bound_at(Xi, xa, inst.beta, mu=None if which.startswith("published") else mu)
                z = np.sort(Xn.T @ x)[::-1]
                scalar = (B.concentration_error_bound,
                          {"beta": inst.beta, "M": M, "m": m,
                           "Delta_tilde": float(z[0] - z[1]) if which.startswith("published") else dt})
                triv = 2 * m
            elif which == "weight":
                lhs = float(p[mu])
                scalar = (B.concentration_weight_lower_bound, {"beta": inst.beta, "M": M, "Delta_tilde": dt})
                b = scalar[0](**scalar[1])
                kind = "lower"
            elif which == "competitors":
                lhs = float(np.max(np.delete(p, mu)))
                scalar = (B.concentration_competitor_weight_bound, {"beta": inst.beta, "M": M, "Delta_tilde": dt})
                b = scalar[0](**scalar[1])
            else:
                lhs = _f(model.error(xa, mu))
                D = float(np.max(np.linalg.norm(Xn - Xn[:, mu:mu + 1], axis=0)))
                scalar = (B.concentration_error_bound_sharp, {"p_mu": float(p[mu]), "D": D})
                b = scalar[0](**scalar[1])
            value = _f(b.value)
            ill = bool(to_numpy(b.ill_defined))
            if ill or not math.isfinite(value):
                # e^{-beta Delta_tilde} overflows for a strongly negative query separation: the
                # expression is defined there, so its 50-digit value decides (clipped to the floats)
                value = _mp_value_clipped(*scalar)
                ill = not math.isfinite(value)
            rhs = ctx.side(f"Lemma A4 {which}", value=value if not ill else math.nan, kind=kind)
            return Observation(lhs, rhs, applicable=bool(to_numpy(b.hypotheses_hold)), ill_defined=ill, trivial=triv,
                               inputs={"Xi": Xn, "x": x, "beta": inst.beta, "mu": mu, "which": which})
        return observe

    def re(o):
        Xn, x, beta, mu, which = (o.inputs[k] for k in ("Xi", "x", "beta", "mu", "which"))
        Tm, pm = _mp_T_np(Xn, x, beta)
        if which == "weight":
            return float(pm[mu]), o.rhs
        if which == "competitors":
            return float(np.max(np.delete(pm, mu))), o.rhs
        return _mp_error(Xn, x, beta, Xn[:, mu]), o.rhs

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "from hoptheory.bounds.ramsauer2021 import concentration_error_bound_at\n"
                 "Xi, x, beta, mu = np.array(ce['Xi']), np.array(ce['x']), ce['beta'], ce['mu']\n"
                 "lhs = float(DenseHopfield(Xi, beta).error(x, mu))\n"
                 "rhs = float(concentration_error_bound_at(Xi, x, beta, mu=None).value)\n")
    fam = _fam(*_ALL, "antipodal") + _QDESC + ["published: mu = argmax of the query separation; generalised: any mu"]
    k = _n(ctx, 5)
    ex = [(Instance("antipodal", 3, 2, 1.0, b, 0, 0, f), "ball", 0.0) for b, f in ((5.0, 0.9), (30.0, 0.5))]
    parts = []
    for which, kd in (("published error", "upper"), ("general error", "upper"), ("weight", "lower"),
                      ("competitors", "upper"), ("sharp", "upper")):
        parts.append((which, inequality_check(cid, ctx, strategy=strat, observe=observe_factory(which), reevaluate=re,
                                              kind=kd, reproduce=reproduce if which == "published error" else "",
                                              distributions=fam, examples=k, explicit=ex)))
    return combine(cid, parts)


# =========================================================================== spheres S_mu (Lemmas A5-A7)


def _wellsep_f(beta, Delta, M, m):
    return beta * Delta - 2.0 / M - math.log(2 * (M - 1) * M * beta * m * m)


def _wellsep_beta(Xn, mu, factor, branch):
    """A beta at which pattern ``mu`` is well separated (Lemma A5), near the smallest such beta.

    ``f(beta) = beta Delta - 2/M - ln(2(M-1)M beta m^2)`` is convex with minimum at 1/Delta;
    the condition f >= 0 holds beyond the large root (``branch="large"``) and below the small
    root (``"small"``).  Returns the root times ``factor >= 1`` (large) or over it (small).
    """
    M = Xn.shape[1]
    m = float(np.linalg.norm(Xn, axis=0).max())
    Delta = float(np.min(np.delete(Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn), mu)))
    if Delta <= 0:
        return None
    b0 = 1.0 / Delta
    if _wellsep_f(b0, Delta, M, m) >= 0:
        return b0 * factor
    if branch == "large":
        lo, hi = b0, 2 * b0
        while _wellsep_f(hi, Delta, M, m) < 0:
            lo, hi = hi, 2 * hi
    else:
        lo, hi = b0 / 2, b0
        while _wellsep_f(lo, Delta, M, m) < 0:
            lo, hi = lo / 2, lo
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if (_wellsep_f(mid, Delta, M, m) >= 0) == (branch == "large"):
            hi = mid
        else:
            lo = mid
    root = hi if branch == "large" else lo
    return root * factor if branch == "large" else root / factor


_SPH = st.tuples(
    st.one_of(instances(("sphere", "unequal"), d=(2, 6), M=(2, 8), m=(0.5, 2.0)),
              instances(("antipodal",), d=(2, 5), M=(2, 2), m=(0.5, 2.0))),
    st.sampled_from(["large", "large", "small"]), st.floats(0.0, 1.0), st.sampled_from(["towards", "ball"]),
    st.floats(0.0, 1.0))


def _sphere_setup(draw, xp):
    inst, branch, lf, mode, t = draw
    arr = _arrays(inst, xp, True)
    if arr is None:
        return None
    Xi, Xn = arr
    mu = inst.mu % inst.M
    beta = _wellsep_beta(Xn, mu, 10.0 ** (0.5 * lf ** 2), branch)
    if beta is None or not (1e-8 < beta < 1e8):
        return None
    M, m = inst.M, float(np.linalg.norm(Xn, axis=0).max())
    r = 1.0 / (beta * M * m)
    if mode == "towards":
        u = _unit_towards(Xn, mu, _nearest_competitor(Xn, mu))
        x = Xn[:, mu] + (1.0 - 0.5 * t ** 4) * r * u
    else:
        x = _query(Xn, mu, "ball", 0.0, inst.seed)
        x = Xn[:, mu] + (x - Xn[:, mu]) / max(np.linalg.norm(x - Xn[:, mu]), 1e-300) * r * t ** (1 / inst.d)
    return inst, Xi, Xn, mu, beta, r, x


@check("ramsauer2021/sphere-self-map")
def check_sphere_self_map(ctx):
    r"""Definition 3, Lemma A5: well-separation makes S_mu invariant under T.

    Parts: ||xi_mu - T(x)|| <= 2(M-1)e^{-beta(Delta_mu - 2/(beta M))} m; ||xi_mu - T(x)|| <=
    1/(beta M m); the intermediate bound <= 1/(beta M m).  Families (F5): sphere, unequal-norm
    and antipodal memories with beta at the large root of the well-separation condition times
    10^[0, 0.5] or at the small root divided by it; x on the segment towards the smallest-margin
    competitor (boundary and inside) or uniform in S_mu.  Oracle: mpmath T at 40 digits.
    """
    cid = "ramsauer2021/sphere-self-map"
    xp = ctx.xp

    def observe_factory(which):
        def observe(draw):
            s = _sphere_setup(draw, xp)
            if s is None:
                return _NA
            inst, Xi, Xn, mu, beta, r, x = s
            b = B.sphere_self_map_error_bound_at(Xi, beta, mu)
            ok = bool(to_numpy(b.valid))
            err = _f(models.DenseHopfield(Xi, beta).error(xp.asarray(x), mu))
            rad = _f(B.sphere_radius(beta=beta, M=float(inst.M), m=models.max_norm(Xi)).value)
            if which == "intermediate":
                lhs, rhs = err, ctx.side("2(M-1) exp(-beta(Delta - 2/(beta M))) m", value=_f(b.value))
            elif which == "radius":
                lhs, rhs = err, ctx.side("radius 1/(beta M m) (T(x) in S_mu)", value=rad)
            else:
                lhs, rhs = _f(b.value), ctx.side("radius 1/(beta M m) (bound <= radius)", value=rad)
            return Observation(lhs, rhs, applicable=ok, trivial=2 * models.max_norm(Xi) if which != "chain" else None,
                               inputs={"Xi": Xn, "x": x, "beta": beta, "mu": mu, "which": which})
        return observe

    def re(o):
        if o.inputs["which"] == "chain":
            Xn, beta, mu = o.inputs["Xi"], o.inputs["beta"], o.inputs["mu"]
            Dl = float(np.min(np.delete(Xn[:, mu] @ (Xn[:, mu:mu + 1] - Xn), mu)))
            return float(B.sphere_self_map_error_bound.mp(beta=beta, M=Xn.shape[1],
                                                          m=float(np.linalg.norm(Xn, axis=0).max()), Delta=Dl)), o.rhs
        return _mp_error(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"], o.inputs["Xi"][:, o.inputs["mu"]]), o.rhs

    reproduce = ("from hoptheory.models import DenseHopfield\n"
                 "from hoptheory.bounds.ramsauer2021 import sphere_self_map_error_bound_at\n"
                 "Xi, x, beta, mu = np.array(ce['Xi']), np.array(ce['x']), ce['beta'], ce['mu']\n"
                 "lhs = float(DenseHopfield(Xi, beta).error(x, mu))\n"
                 "rhs = float(sphere_self_map_error_bound_at(Xi, beta, mu).value)\n")
    fam = _fam("sphere", "unequal", "antipodal") + [
        "F5: beta = the large root of the well-separation condition times 10^{[0, 0.5]}, or the small root divided",
        "x in S_mu: on the segment towards the smallest-margin competitor (boundary and inside), or uniform"]
    ex = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0, "towards", 0.0)]
    k = _n(ctx, 3)
    parts = [(f"{w}", inequality_check(cid, ctx, strategy=_SPH, observe=observe_factory(w), reevaluate=re,
                                       reproduce=reproduce if w == "intermediate" else "", distributions=fam,
                                       examples=k, explicit=ex))
             for w in ("intermediate", "radius", "chain")]
    parts = [("||xi_mu - T(x)|| <= 2(M-1)e^{-beta(Delta_mu - 2/(beta M))} m", parts[0][1]),
             ("||xi_mu - T(x)|| <= 1/(beta M m) (T maps S_mu into itself)", parts[1][1]),
             ("intermediate bound <= 1/(beta M m)", parts[2][1])]
    return combine(cid, parts)


def _gl(n):
    t, w = np.polynomial.legendre.leggauss(n)
    return (t + 1) / 2, w / 2


def _mean_jacobian(model, xp, x, y, n=16):
    """J^m = int_0^1 J(y + s(x - y)) ds by Gauss-Legendre; returns (J^m with n nodes, with 2n nodes)."""
    out = []
    for k in (n, 2 * n):
        s, w = _gl(k)
        P = y[:, None] + (x - y)[:, None] * s[None, :]
        J = _np(model.jacobian(xp.asarray(P)))
        out.append(np.tensordot(w, J, axes=1))
    return out


def _mp_wellsep_and_a6(Xn, beta, mu):
    """(slack of the well-separation condition, Lemma A6 bound) at 50 digits from the float inputs.

    Slack :math:`\\beta\\Delta_\\mu-2/M-\\ln(2(M-1)M\\beta m^2)` (the hypothesis holds iff >= 0) and
    :math:`1-2(M-1)^2e^{-2\\beta(\\Delta_\\mu+2/(\\beta M))}\\beta Mm^2`, both from the patterns
    directly (not from the package's bound code).
    """
    with mpmath.workdps(50):
        d, M = Xn.shape
        cols = [[mpmath.mpf(float(Xn[i, j])) for i in range(d)] for j in range(M)]
        dot = lambda a, b: mpmath.fsum(u * v for u, v in zip(a, b))  # noqa: E731
        m2 = max(dot(c, c) for c in cols)
        b = mpmath.mpf(float(beta))
        Delta = min(dot(cols[mu], cols[mu]) - dot(cols[mu], cols[j]) for j in range(M) if j != mu)
        slack = b * Delta - mpmath.mpf(2) / M - mpmath.log(2 * (M - 1) * M * b * m2)
        a6 = 1 - 2 * (M - 1) ** 2 * mpmath.exp(-2 * b * (Delta + 2 / (b * M))) * b * M * m2
        return slack, a6, 2 * (M - 1) * M * b * m2


def _small_root_draws(ctx, n):
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


@check("ramsauer2021/sphere-contraction")
def check_sphere_contraction(ctx):
    """Lemmas A6, A7 and Eqs. (180), (183): contraction of T on S_mu and its fixed point.

    Parts: the Lemma A6 bound on the mean-value Jacobian (and the empirical contraction ratio)
    as published, under the well-separation condition of Lemma A5 alone; the same bound in the
    regime :math:`2(M-1)M\\beta m^2\\ge1` (derived: there the bound is at least 1/2); Eq. (180) on
    the segment [x*, x]; the a-posteriori bound; Lemma A7 (x* in S_mu, reached from 8 starts).

    Families: F1 sphere, F2 unequal norms and antipodal pairs with beta at the large root of the
    well-separation condition times 10^[0, 0.5] or at the small root divided by 10^[0, 0.5];
    a seeded family with beta just below the small root and M in 5..8 (where the published
    bound is negative); queries on the segment towards the smallest-margin competitor or
    uniform in S_mu.  Oracles: 50-digit mpmath for T, the Jacobian (central differences,
    32-node Gauss-Legendre along the segment), the well-separation slack and the Lemma A6 bound.
    """
    cid = "ramsauer2021/sphere-contraction"
    xp = ctx.xp
    fixed = {"instances": 0, "starts_disagree": 0, "outside_S_mu": 0}

    def base(draw):
        s = _sphere_setup(draw, xp)
        if s is None:
            return None
        inst, Xi, Xn, mu, beta, r, x = s
        model = models.DenseHopfield(Xi, beta)
        it = model.iterate(xp.asarray(Xn[:, mu]), max_steps=5000)
        if not it.converged:
            return None
        return inst, Xi, Xn, mu, beta, r, x, model, _np(it.final)

    def obs_a6_factory(regime):
        side = ("Lemma A6 contraction bound" if regime == "published"
                else "Lemma A6 contraction bound (2(M-1)M beta m^2 >= 1)")

        def obs_a6(draw):
            b0 = base(draw)
            if b0 is None:
                return _NA
            inst, Xi, Xn, mu, beta, r, x, model, xs = b0
            Delta = float(_np(models.pattern_separation(Xi))[mu])
            m = models.max_norm(Xi)
            b = B.sphere_contraction_bound(beta=beta, M=float(inst.M), m=m, Delta=Delta)
            ok = bool(to_numpy(b.valid))
            if regime == "disjoint":
                ok = ok and 2 * (inst.M - 1) * inst.M * beta * m * m >= 1
            rhs = ctx.side(side, value=_f(b.value))
            rng = np.random.default_rng([inst.seed, 9])
            u = rng.normal(size=inst.d)
            y = x - 1e-3 * r * u / np.linalg.norm(u) if draw[4] < 0.5 else xs
            if np.linalg.norm(y - Xn[:, mu]) > r:
                y = Xn[:, mu] + (y - Xn[:, mu]) * r / np.linalg.norm(y - Xn[:, mu])
            Jm, Jm2 = _mean_jacobian(model, xp, x, y)
            nJ = max(float(np.linalg.norm(Jm, 2)), float(np.linalg.norm(Jm2, 2)))
            dxy = float(np.linalg.norm(x - y))
            emp = float(np.linalg.norm(_np(model.retrieve(xp.asarray(x))) - _np(model.retrieve(xp.asarray(y))))) / dxy \
                if dxy > 1e-9 * (1 + inst.m) else 0.0
            return Observation(max(nJ, emp), rhs, applicable=ok,
                               inputs={"Xi": Xn, "x": x, "y": y, "beta": beta, "mu": mu, "regime": regime})

        def re_a6(o):
            """Both sides at 50 digits; a candidate whose hypotheses fail in exact arithmetic is discarded."""
            Xn, x, y, beta, mu = (o.inputs[k] for k in ("Xi", "x", "y", "beta", "mu"))
            slack, a6, L = _mp_wellsep_and_a6(Xn, beta, mu)
            if slack < 0 or (regime == "disjoint" and L < 1):
                return o.lhs, math.inf
            Tx, _ = _mp_T_np(Xn, x, beta)
            Ty, _ = _mp_T_np(Xn, y, beta)
            s, w = _gl(32)
            Jm = sum(wk * _mp_jacobian_T(Xn, y + sk * (x - y), beta) for sk, wk in zip(s, w))
            emp = float(np.linalg.norm(Tx - Ty) / np.linalg.norm(x - y)) if np.linalg.norm(x - y) > 0 else 0.0
            return max(float(np.linalg.norm(Jm, 2)), emp), ctx.side(side, value=float(a6))

        return obs_a6, re_a6

    def obs_180(draw):
        b0 = base(draw)
        if b0 is None:
            return _NA
        inst, Xi, Xn, mu, beta, r, x, model, xs = b0
        x = Xn[:, mu] + (x - Xn[:, mu]) * (1 + 2 * draw[2])      # also outside S_mu (the bound holds for every x)
        Jm, Jm2 = _mean_jacobian(model, xp, x, xs)
        nJ = max(float(np.linalg.norm(Jm, 2)), float(np.linalg.norm(Jm2, 2)))
        b = B.mean_value_jacobian_bound_at(Xi, xp.asarray(x), mu, beta, x_star=xp.asarray(xs))
        ill = bool(to_numpy(b.ill_defined))
        rhs = ctx.side("Eq. (180) mean-value Jacobian bound", value=_f(b.value) if not ill else math.nan)
        return Observation(nJ, rhs, applicable=bool(to_numpy(b.hypotheses_hold)), ill_defined=ill,
                           trivial=beta * models.max_norm(Xi) ** 2,
                           inputs={"Xi": Xn, "x": x, "x_star": xs, "beta": beta, "mu": mu})

    def re_180(o):
        Xn, x, xs, beta = o.inputs["Xi"], o.inputs["x"], o.inputs["x_star"], o.inputs["beta"]
        s, w = _gl(32)
        Jm = sum(wk * _mp_jacobian_T(Xn, xs + sk * (x - xs), beta) for sk, wk in zip(s, w))
        return float(np.linalg.norm(Jm, 2)), o.rhs

    def obs_post(draw):
        b0 = base(draw)
        if b0 is None:
            return _NA
        inst, Xi, Xn, mu, beta, r, x, model, xs = b0
        Jm, Jm2 = _mean_jacobian(model, xp, x, xs)
        nJ = max(float(np.linalg.norm(Jm, 2)), float(np.linalg.norm(Jm2, 2)))
        Tx = _np(model.retrieve(xp.asarray(x)))
        b = B.a_posteriori_error_bound(jacobian_norm=nJ, step_norm=float(np.linalg.norm(x - Tx)))
        ok = bool(to_numpy(b.hypotheses_hold))
        rhs = ctx.side("a-posteriori ||J^m||/(1 - ||J^m||) ||x - T(x)||", value=_f(b.value) if ok else math.nan)
        lhs = float(np.linalg.norm(Tx - xs))
        # x* itself is known to the iteration tolerance only
        return Observation(max(0.0, lhs - 1e-11 * (1 + inst.m)), rhs, applicable=ok,
                           inputs={"Xi": Xn, "x": x, "x_star": xs, "beta": beta, "mu": mu})

    def obs_fixed(draw):
        b0 = base(draw)
        if b0 is None:
            return _NA
        inst, Xi, Xn, mu, beta, r, x, model, xs = b0
        rng = np.random.default_rng(inst.seed + 12)
        L = [xs]
        for _ in range(8):
            u = rng.normal(size=inst.d)
            x0 = Xn[:, mu] + r * rng.uniform() ** (1 / inst.d) * u / np.linalg.norm(u)
            it = model.iterate(xp.asarray(x0), max_steps=5000)
            L.append(_np(it.final))
        L = np.array(L)
        fixed["instances"] += 1
        spread = float(np.max(np.linalg.norm(L - xs, axis=1)))
        fixed["starts_disagree"] += int(spread > 1e-9 * (1 + inst.m))
        dist = float(np.max(np.linalg.norm(L - Xn[:, mu], axis=1)))
        fixed["outside_S_mu"] += int(dist > r)
        rad = ctx.side("S_mu radius (x* in S_mu, all 8 starts agree)", value=r)
        ok = bool(to_numpy(B.sphere_self_map_error_bound_at(Xi, beta, mu).valid))
        return Observation(dist + spread * 1e6, rad, applicable=ok, inputs={"Xi": Xn, "beta": beta, "mu": mu})

    fam = _fam("sphere", "unequal", "antipodal") + [
        "F5 (beta near the well-separation root); x in S_mu towards the smallest-margin competitor or uniform",
        "mean-value Jacobians: Gauss-Legendre with 16 and 32 nodes (the larger norm is used)"]
    ex = [(Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0, "towards", 0.0),
          (Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0, "towards", 0.9)]
    k = _n(ctx, 5)
    obs_pub, re_pub = obs_a6_factory("published")
    obs_dis, re_dis = obs_a6_factory("disjoint")
    small = _small_root_draws(ctx, 4)
    a6_reproduce = ("import math\nfrom hoptheory.bounds.ramsauer2021 import sphere_contraction_bound, "
                    "sphere_self_map_error_bound_at\n"
                    "Xi, x, y, beta, mu = np.array(ce['Xi']), np.array(ce['x']), np.array(ce['y']), ce['beta'], ce['mu']\n"
                    "G = Xi.T @ Xi; M = Xi.shape[1]; m = float(np.sqrt(np.max(np.diag(G))))\n"
                    "Delta = float(G[mu, mu] - max(G[mu, j] for j in range(M) if j != mu))\n"
                    "assert bool(sphere_self_map_error_bound_at(Xi, beta, mu).valid)  # Lemma A5's hypothesis\n"
                    "t, w = np.polynomial.legendre.leggauss(32)\n"
                    "def jac(z):\n"
                    "    s = beta * (Xi.T @ z); p = np.exp(s - s.max()); p /= p.sum()\n"
                    "    return beta * (Xi @ np.diag(p) @ Xi.T - np.outer(Xi @ p, Xi @ p))\n"
                    "Jm = sum(wk / 2 * jac(y + (tk + 1) / 2 * (x - y)) for tk, wk in zip(t, w))\n"
                    "lhs = float(np.linalg.norm(Jm, 2))\n"
                    "rhs = float(sphere_contraction_bound(beta=beta, M=M, m=m, Delta=Delta).value)\n")
    parts = [
        ("Lemma A6: ||J^m||_2 and ||T(x) - T(y)||/||x - y|| <= 1 - 2(M-1)^2 e^{-2beta(Delta + 2/(beta M))} beta M m^2",
         inequality_check(cid, ctx, strategy=_SPH, observe=obs_pub, reevaluate=re_pub, distributions=fam, examples=k,
                          explicit=ex, families={"beta just below the small well-separation root, M in 5..8": small},
                          reproduce=a6_reproduce)),
        ("Lemma A6 where 2(M-1)M beta m^2 >= 1 (derived regime of disjoint spheres)",
         inequality_check(cid, ctx, strategy=_SPH, observe=obs_dis, reevaluate=re_dis, distributions=fam, examples=k,
                          explicit=ex)),
        ("Eq. (180): ||J^m||_2 on [x*, x] <= 2 beta M m^2 (M-1) e^{-beta(Delta - 2 r m)}",
         inequality_check(cid, ctx, strategy=_SPH, observe=obs_180, reevaluate=re_180, distributions=fam,
                          examples=k, explicit=ex)),
        ("a-posteriori ||T(x) - x*|| <= ||J^m||/(1 - ||J^m||) ||x - T(x)||",
         inequality_check(cid, ctx, strategy=_SPH, observe=obs_post, distributions=fam, examples=k, explicit=ex)),
        ("Lemma A7: x* in S_mu, reached from 8 starts in S_mu",
         inequality_check(cid, ctx, strategy=_SPH, observe=obs_fixed, distributions=fam, examples=max(4, k // 2),
                          explicit=ex[:1])),
    ]
    return combine(cid, parts, extra={"fixed_points": fixed})


# =========================================================================== metastable-states


_META = st.tuples(sizes(d=(2, 6), M=(3, 10)), seeds(), st.floats(0.5, 2.0), st.floats(1.0, 2.0),
                  st.floats(0.05, 0.95), st.integers(2, 9), st.floats(0.0, 1.0))


def _meta_setup(draw, xp):
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
    ok = bool(to_numpy(thr.valid)) and Dmeta >= _f(thr.value)
    R = 1.0 / (beta * r_l)
    u = rng.normal(size=d)
    x = mean + R * q ** (1 / d) * u / np.linalg.norm(u)
    return Xi, Xn, l, beta, r_l, mm, mean, R, x, ok


@check("ramsauer2021/metastable-states")
def check_metastable_states(ctx):
    r"""Lemmas A8-A12: metastable fixed points near the average of similar patterns.

    Parts: Lemma A8's Jacobian bound with the exact gamma and with gamma <= eps; Lemma A12: 8
    starts in S_meta reach one fixed point inside it.  Family F4: l memories around m c with
    spread m 10^{-s} (a symmetric pair, the tight case of Lemma A8, for every third seed) and the
    others opposite; beta = theta / r_l^2, theta in [0.05, 0.95]; x uniform in S_meta or near its
    centre.  Oracle: mpmath Jacobian by central differences.
    """
    cid = "ramsauer2021/metastable-states"
    xp = ctx.xp
    info = {"limits_in_single_pattern_spheres": 0, "instances": 0}

    def obs_a8(which):
        def observe(draw):
            s = _meta_setup(draw, xp)
            if s is None:
                return _NA
            Xi, Xn, l, beta, r_l, mm, mean, R, x, ok = s
            if draw[0][1] % 2 == 0:
                x = mean + (x - mean) * 1e-3     # near the centre: gamma small, J close to beta r_l^2
            model = models.DenseHopfield(Xi, beta)
            p = _np(model.weights(xp.asarray(x)))
            gamma = float(np.sum(p[l:]))
            nJ = float(np.linalg.norm(_np(model.jacobian(xp.asarray(x))), 2))
            if which == "gamma":
                b = B.metastable_jacobian_bound(beta=beta, r_l=r_l, m=mm, gamma=min(gamma, 1.0))
            else:
                eps = min(1.0, gamma + max(float(draw[6]), 0.0) * 1e-3)
                b = B.metastable_jacobian_bound_eps(beta=beta, r_l=r_l, m=mm, gamma=min(gamma, 1.0), epsilon=eps)
            rhs = ctx.side(f"Lemma A8 ({which})", value=_f(b.value))
            return Observation(nJ, rhs, applicable=ok and bool(to_numpy(b.hypotheses_hold)),
                               trivial=beta * mm * mm, inputs={"Xi": Xn, "x": x, "beta": beta, "l": l})
        return observe

    def re_a8(o):
        return float(np.linalg.norm(_mp_jacobian_T(o.inputs["Xi"], o.inputs["x"], o.inputs["beta"]), 2)), o.rhs

    def obs_fix(draw):
        s = _meta_setup(draw, xp)
        if s is None:
            return _NA
        Xi, Xn, l, beta, r_l, mm, mean, R, x, ok = s
        if not ok:
            return _NA
        model = models.DenseHopfield(Xi, beta)
        rng = np.random.default_rng(draw[1] + 3)
        L = []
        for _ in range(8):
            u = rng.normal(size=Xn.shape[0])
            it = model.iterate(xp.asarray(mean + R * rng.uniform() ** (1 / Xn.shape[0]) * u / np.linalg.norm(u)),
                               max_steps=5000)
            if not it.converged:
                return Observation(0.0, 1.0, applicable=False, note="not converged")
            L.append(_np(it.final))
        L = np.array(L)
        spread = float(np.max(np.linalg.norm(L - L[0], axis=1)))
        dist = float(np.max(np.linalg.norm(L - mean, axis=1)))
        info["instances"] += 1
        rs = 1.0 / (beta * Xn.shape[1] * mm)
        info["limits_in_single_pattern_spheres"] += int(np.min(np.linalg.norm(Xn[:, :l] - L[0][:, None], axis=0)) <= rs)
        rad = ctx.side("S_meta radius 1/(beta r_l)", value=R)
        return Observation(dist + 1e6 * spread, rad, inputs={"Xi": Xn, "beta": beta, "l": l})

    fam = ["F4: l memories around m c with spread m 10^{-s}, s in [1, 2] (a symmetric pair for every third seed); "
           "M - l memories around -m c", "beta = theta / r_l^2, theta in [0.05, 0.95]; Lemma A12's condition checked",
           "x uniform in S_meta, or near its centre"]
    k = _n(ctx, 3)
    ex = [((3, 5), 3, 1.0, 1.5, 0.9, 2, 0.0), ((4, 6), 6, 1.0, 2.0, 0.5, 3, 0.5)]
    # the tight case of Lemma A8, drawn from the suite seed: a symmetric pair orthogonal to the
    # cluster's direction (array seed a multiple of 3, q < 0 as the marker), the query at the centre
    # where the pair shares the weight (M even), eps = gamma, so ||J||_2 = beta r_l^2 = the bound
    rng = ctx.rng("tight pair")
    tight = {"symmetric pair orthogonal to the cluster direction, query at the centre, eps = gamma": [
        ((int(rng.integers(2, 7)), 2 * int(rng.integers(2, 5))), 3 * int(rng.integers(1, 2**29)),
         float(rng.uniform(0.5, 2.0)), float(rng.uniform(1.5, 2.0)), float(rng.uniform(0.85, 0.95)), 2, -1.0)
        for _ in range(4)]}
    parts = [
        ("Lemma A8: ||J||_2 <= beta((1 - gamma) r_l^2 + 2 gamma (2 - gamma) m^2), exact gamma",
         inequality_check(cid, ctx, strategy=_META, observe=obs_a8("gamma"), reevaluate=re_a8, distributions=fam,
                          examples=k, explicit=ex, families=tight)),
        ("Lemma A8: ||J||_2 <= beta(r_l^2 + 2 eps (2 - eps) m^2), gamma <= eps",
         inequality_check(cid, ctx, strategy=_META, observe=obs_a8("eps"), reevaluate=re_a8, distributions=fam,
                          examples=k, explicit=ex, families=tight)),
        ("Lemma A12: 8 starts in S_meta reach one fixed point in S_meta",
         inequality_check(cid, ctx, strategy=_META, observe=obs_fix, distributions=fam, examples=max(4, k // 2),
                          explicit=ex)),
    ]
    return combine(cid, parts, extra={"informational": info},
                    notes="Lemma A12 asserted with the corrected strict condition beta r_l^2 < 1")


# =========================================================================== master-inequality


def _master_beta(Xn, factor, branch):
    """A beta at which the master inequality holds (near its root), like :func:`_wellsep_beta`."""
    M = Xn.shape[1]
    m = float(np.linalg.norm(Xn, axis=0).max())
    G = Xn.T @ Xn
    D = np.diag(G)[:, None] - G
    np.fill_diagonal(D, np.inf)
    Dmin = float(D.min())
    if Dmin <= 0:
        return None

    def f(b):
        return b * Dmin - 2.0 / M - math.log(2 * M * M * b * m * m)

    b0 = 1.0 / Dmin
    if f(b0) >= 0:
        return b0 * factor
    lo, hi = (b0, 2 * b0) if branch == "large" else (b0 / 2, b0)
    if branch == "large":
        while f(hi) < 0:
            lo, hi = hi, 2 * hi
    else:
        while f(lo) < 0:
            lo, hi = lo / 2, lo
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if (f(mid) >= 0) == (branch == "large"):
            hi = mid
        else:
            lo = mid
    return hi * factor if branch == "large" else lo / factor


@check("ramsauer2021/master-inequality")
def check_master_inequality(ctx):
    r"""App. Eqs. (302)-(311): the master inequality gives Lemma A5 for every mu and disjoint spheres.

    Parts: master inequality => Lemma A5's threshold <= Delta_mu for every mu; ||xi_mu - xi_nu||^2
    >= Delta_mu + Delta_nu and disjointness ||xi_mu - xi_nu|| > 2/(beta M m) for the closest pair;
    the sphere form m^2(1 - cos alpha_min) equals Delta_min.  Families: sphere, unequal-norm and
    antipodal memories with beta at the large or small root of the master inequality times
    10^[0, 0.3] (inside the region, near its boundary).  Oracle: thresholds at 50 digits.
    """
    cid = "ramsauer2021/master-inequality"
    xp = ctx.xp
    strat = st.tuples(st.one_of(instances(("sphere", "unequal"), d=(2, 8), M=(2, 20)),
                                instances(("antipodal",), M=(2, 2))),
                      st.sampled_from(["large", "small"]), st.floats(0.0, 1.0))

    def setup(draw):
        inst, branch, lf = draw
        arr = _arrays(inst, xp, True)
        if arr is None:
            return None
        Xi, Xn = arr
        beta = _master_beta(Xn, 10.0 ** (0.3 * lf ** 2), branch)
        if beta is None or not (1e-8 < beta < 1e8):
            return None
        thr = B.master_inequality_threshold_at(Xi, beta)
        Dmin = models.min_separation(Xi)
        return inst, Xi, Xn, beta, thr, Dmin

    def obs_imp(draw):
        s = setup(draw)
        if s is None:
            return _NA
        inst, Xi, Xn, beta, thr, Dmin = s
        ok = bool(to_numpy(thr.valid)) and Dmin >= _f(thr.value)
        ws = _f(B.well_separation_threshold_at(Xi, beta).value)
        Delta = _np(models.pattern_separation(Xi))
        mu = int(np.argmin(Delta))
        rhs = ctx.side("Delta_mu (master => Lemma A5 for every mu)", value=float(Delta[mu]), kind="upper")
        return Observation(ws, rhs, applicable=ok, inputs={"Xi": Xn, "beta": beta, "mu": mu})

    def re_imp(o):
        Xn, beta = o.inputs["Xi"], o.inputs["beta"]
        return float(B.well_separation_threshold.mp(beta=beta, M=Xn.shape[1],
                                                    m=float(np.linalg.norm(Xn, axis=0).max()))), o.rhs

    def obs_pair(which):
        def observe(draw):
            s = setup(draw)
            if s is None:
                return _NA
            inst, Xi, Xn, beta, thr, Dmin = s
            disj = _f(B.sphere_disjointness_margin(beta=beta, M=float(inst.M), m=models.max_norm(Xi)).value)
            ok = bool(to_numpy(thr.valid)) and Dmin >= _f(thr.value) and disj > 0
            Dl = np.sqrt(np.sum((Xn[:, :, None] - Xn[:, None, :]) ** 2, axis=0))
            np.fill_diagonal(Dl, np.inf)
            i, j = np.unravel_index(np.argmin(Dl), Dl.shape)
            Delta = _np(models.pattern_separation(Xi))
            if which == "sum":
                rhs = ctx.side("Delta_mu + Delta_nu (<= ||xi_mu - xi_nu||^2)", value=float(Delta[i] + Delta[j]),
                               kind="lower")
                lhs = float(Dl[i, j]) ** 2
            else:
                rhs = ctx.side("2/(beta M m) (disjoint spheres)",
                               value=2 * _f(B.sphere_radius(beta=beta, M=float(inst.M), m=models.max_norm(Xi)).value),
                               kind="lower")
                lhs = float(Dl[i, j])
            return Observation(lhs, rhs, applicable=ok, inputs={"Xi": Xn, "beta": beta, "pair": [int(i), int(j)]})
        return observe

    def obs_sph(draw):
        inst = draw[0]
        if inst.family != "sphere":
            return _NA
        Xi, Xn = _arrays(inst, xp, False)
        G = np.clip(Xn.T @ Xn / inst.m**2, -1.0, 1.0)
        np.fill_diagonal(G, -np.inf)
        amin = float(np.arccos(G.max()))
        beta = 10.0 ** (2 * draw[2] - 1)
        marg = _f(B.master_inequality_margin_sphere(beta=beta, M=float(inst.M), m=inst.m,
                                                    cos_alpha_min=math.cos(amin)).value)
        direct = ctx.side("Delta_min - master threshold (direct)",
                          value=models.min_separation(Xi) - _f(B.master_inequality_threshold_at(Xi, beta).value))
        return _identity(abs(marg - direct) / (1.0 + inst.m**2 + abs(direct)), 1e-10, {"Xi": Xn, "beta": beta})

    fam = _fam("sphere", "unequal", "antipodal") + ["beta at the large or small root of the master inequality times "
                                                    "10^{[0, 0.3]} (inside the region, near its boundary)"]
    ex = [(Instance("sphere", 3, 20, 1.0, 1.0, 2, 0, 0.0), "large", 0.0),
          (Instance("antipodal", 3, 2, 1.0, 1.0, 0, 0, 0.0), "large", 0.0)]
    k = _n(ctx, 4)
    parts = [
        ("master inequality => Lemma A5 threshold <= Delta_mu for every mu",
         inequality_check(cid, ctx, strategy=strat, observe=obs_imp, reevaluate=re_imp, distributions=fam,
                          examples=k, explicit=ex)),
        ("||xi_mu - xi_nu||^2 >= Delta_mu + Delta_nu (closest pair)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_pair("sum"), kind="lower", distributions=fam,
                          examples=k, explicit=ex)),
        ("disjointness ||xi_mu - xi_nu|| > 2/(beta M m) (closest pair)",
         inequality_check(cid, ctx, strategy=strat, observe=obs_pair("disjoint"), kind="lower", distributions=fam,
                          examples=k, explicit=ex)),
        ("sphere form m^2(1 - cos alpha_min) - threshold = Delta_min - threshold",
         inequality_check(cid, ctx, strategy=strat, observe=obs_sph, distributions=fam, examples=k, explicit=ex)),
    ]
    return combine(cid, parts)


# =========================================================================== placed-patterns (Theorems A3, A4)


_PLACED = {"A3 (K=2, d>=4)": (2.0, 4, math.pi / 2, 2), "A3 (K=1.7, d>=50)": (1.7, 50, math.pi / 2, 2),
           "A4 (K=5, d>=3)": (5.0, 3, math.pi / 4, 3), "A4 (K=4, d>=13)": (4.0, 13, math.pi / 4, 3)}


@check("ramsauer2021/placed-patterns")
def check_placed_patterns(ctx):
    r"""Theorems A3, A4: M = 2^{2(d-1)} or 2^{3(d-1)} placed patterns can be stored.

    The premise that (2 pi / alpha_min)^{d-1} points with pairwise angle >= alpha_min exist is
    compared, over the four (K, d) ranges (d up to 60 above the start), with the packing upper
    bounds (2d for pi/2; the spherical-cap bound for pi/4); the first d where the required count
    exceeds the bound refutes.
    """
    cid = "ramsauer2021/placed-patterns"
    strat = st.tuples(st.sampled_from(sorted(_PLACED)), st.integers(0, 60))

    def observe(draw):
        name, k = draw
        K, d0, alpha, e = _PLACED[name]
        d = d0 + k
        req = _f(B.placed_patterns_required_count(d=float(d), alpha_min=alpha).value)
        if alpha == math.pi / 2:
            cap = _f(B.spherical_code_rankin_bound(d=float(d), cos_alpha_min=0.0).value)
        else:
            cap = _f(B.spherical_code_cap_bound(d=float(d), cos_alpha_min=math.cos(alpha)).value)
        cap = ctx.side("largest spherical code with that angle (Rankin 2d / cap bound)", value=cap)
        return Observation(req, cap, applicable=math.isfinite(req) and math.isfinite(cap),
                           inputs={"theorem": name, "d": d, "alpha_min": alpha})

    def re(o):
        d, alpha = o.inputs["d"], o.inputs["alpha_min"]
        req = B.placed_patterns_required_count.mp(d=d, alpha_min=alpha)
        if alpha == math.pi / 2:
            cap = 2 * d
        else:
            with mpmath.workdps(40):
                cap = 2 / mpmath.betainc(mpmath.mpf(d - 1) / 2, mpmath.mpf(1) / 2, 0,
                                         (1 - mpmath.cos(mpmath.mpf(alpha))) / 2, regularized=True)
        return float(req), float(cap)

    reproduce = ("import math\n"
                 "from hoptheory.bounds.ramsauer2021 import (placed_patterns_required_count, spherical_code_cap_bound,\n"
                 "    spherical_code_rankin_bound)\n"
                 "d, a = float(ce['d']), float(ce['alpha_min'])\n"
                 "lhs = float(placed_patterns_required_count(d=d, alpha_min=a).value)\n"
                 "rhs = float((spherical_code_rankin_bound(d=d, cos_alpha_min=0.0) if abs(a - math.pi / 2) < 1e-12\n"
                 "             else spherical_code_cap_bound(d=d, cos_alpha_min=math.cos(a))).value)\n")
    explicit = [(n, 0) for n in sorted(_PLACED)]
    res = inequality_check(cid, ctx, strategy=strat, observe=observe, reevaluate=re, reproduce=reproduce,
                           distributions=["the four (K, d) ranges of Theorems A3/A4, d up to 60 above the start"],
                           explicit=explicit, examples=_n(ctx, 2))
    # the arithmetic of the master inequality at the stated parameters (informational)
    margins = {}
    for name, (K, d0, alpha, e) in _PLACED.items():
        d = d0
        mm = K * math.sqrt(d - 1)
        v = B.master_inequality_margin_sphere.mp(beta=1.0, M=mpmath.mpf(2) ** (e * (d - 1)), m=mm,
                                                 cos_alpha_min=math.cos(alpha))
        margins[f"{name}, d={d}"] = float(v)
    res.evidence["master_margin_at_stated_parameters"] = margins
    first = {}
    for name, (K, d0, alpha, e) in _PLACED.items():
        for d in range(d0, d0 + 200):
            o = observe((name, d - d0))
            if o.lhs > o.rhs:
                first[name] = {"d": d, "required": o.lhs, "largest_code_bound": o.rhs}
                break
    res.evidence["first_d_with_required_count_above_code_bound"] = first
    res.notes = ("the proofs' packing premise (2 pi/alpha_min)^(d-1) points with pairwise angle >= alpha_min "
                 "exceeds the largest spherical code; the storage conclusions are unproven (the master "
                 "inequality's arithmetic itself holds where the margin is >= 0)")
    return res


# =========================================================================== attention-correspondence


def _sym_attention():
    f = S.one_step_attention(S.Shannon(), 2, 3, 2, 2).check()
    return bool(f.holds), {"detail": f.detail, "sizes": "L=2, M=3, d=2, d_v=2"}


@check("ramsauer2021/attention-correspondence")
def check_attention_correspondence(ctx):
    r"""Eq. (10): softmax(beta Q K^T) V equals the Hopfield update, row by row.

    Parts: with Xi = K^T, softmax(beta Q K^T) V = (W_V^T T(Q^T))^T on random matrices with
    pairwise-distinct M, S, d_y, d_r, d_k, d_v in 1..8 (Gaussian Y of scale 10^s, R, W_Q, W_K,
    W_V; beta = 1/sqrt(d_k); W_V = I for the plain update); the symbolic one-step attention of the
    package's SymPy engine.  Oracle: an mpmath softmax/update, independent of the package.
    """
    cid = "ramsauer2021/attention-correspondence"
    xp = ctx.xp
    dims = st.lists(st.integers(1, 7), min_size=6, max_size=6, unique=True)
    strat = st.tuples(dims, seeds(), st.floats(-1.0, 1.0), st.booleans())

    def observe(draw):
        (M, S_, dy, dr, dk, dv), seed, lsc, identity = draw
        M, S_ = M + 1, S_ + 0
        rng = np.random.default_rng([seed, 41])
        Y, R = rng.normal(size=(M, dy)) * 10 ** lsc, rng.normal(size=(S_, dr))
        WQ, WK = rng.normal(size=(dr, dk)), rng.normal(size=(dy, dk))
        WV = np.eye(dk) if identity else rng.normal(size=(dk, dv))
        beta = 1.0 / math.sqrt(dk)
        Q, K = R @ WQ, Y @ WK
        V = Y @ WK @ WV
        Z = _sp_softmax(beta * Q @ K.T, axis=1) @ V                 # transformer attention, rows
        Hop = _np(models.DenseHopfield(xp.asarray(K.T), beta).retrieve(xp.asarray(Q.T)))   # (d_k, S), columns
        out = ctx.side("W_V^T T(X) (Hopfield update, columns)", value=WV.T @ Hop)
        return _identity(float(np.abs(out - Z.T).max()) / (1.0 + float(np.abs(Z).max())), 1e-12,
                         {"Y": Y, "R": R, "W_Q": WQ, "W_K": WK, "W_V": WV, "beta": beta, "_draw": draw})

    def re(o):
        Y, R, WQ, WK, WV, beta = (np.array(o.inputs[k]) for k in ("Y", "R", "W_Q", "W_K", "W_V", "beta"))
        draw = o.inputs["_draw"]
        beta = float(beta)
        Xi = (Y @ WK).T
        cols = [_mp_T_np(Xi, q, beta)[0] for q in (R @ WQ)]
        Z = np.array(cols) @ WV
        Hop = _np(models.DenseHopfield(xp.asarray(Xi), beta).retrieve(xp.asarray((R @ WQ).T)))
        out = ctx.side("W_V^T T(X) (Hopfield update, columns)", value=WV.T @ Hop)
        del draw
        return float(np.abs(out - Z.T).max()) / (1.0 + float(np.abs(Z).max())), 1e-12

    fam = ["pairwise-distinct M, S, d_y, d_r, d_k, d_v in 1..8", "Gaussian Y (scale 10^s), R, W_Q, W_K, W_V; "
           "W_V = I for the plain update", "beta = 1/sqrt(d_k)"]
    ok, detail = _sym_attention()
    parts = [
        ("softmax(beta Q K^T) V = (W_V^T T(Q^T))^T with Xi = K^T",
         inequality_check(cid, ctx, strategy=strat, observe=observe, reevaluate=re, distributions=fam,
                          examples=_n(ctx, 1))),
        ("symbolic one-step attention (SymPy)", symbolic_result(cid, ok, detail)),
    ]
    return combine(cid, parts)
