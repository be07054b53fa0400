r"""Independent oracles of the ramsauer2021 checks (never the package's own code paths).

* mpmath at :data:`DPS` = 40 digits (re-evaluations at 60, :func:`at_dps`): scores, softmax,
  log-sum-exp, the update :math:`T(x) = \Xi\,\mathrm{softmax}(\beta\Xi^\top x)` (:func:`mp_T`),
  the energy and its Gaussian-mixture form, and central differences of them (gradients,
  Jacobians of :math:`T`);
* optimisation oracles for the conjugacy of the entropic regulariser and log-sum-exp (SLSQP over
  the simplex polished by Newton on the KKT system at 50 digits, BFGS over the scores);
* mpmath at :data:`DPS_HIGH` = 50 digits for the capacity constants (:math:`\kappa_d`,
  :math:`C_n`, Lambert W), Theorem A7's condition, the well-separation slack and the Lemma A6
  bound, and the 50-digit value of a bound where its float value overflows;
* SymPy derivations of the symbolic identities (log-sum-exp, mixture form, update gradient,
  separation, Gaussian moments) and the package's symbolic engine for one-step attention.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp
from scipy import optimize
from scipy.special import softmax as _sp_softmax

from hoptheory import symbolic as S
from hoptheory.backend import to_numpy

from .._oracles import mp_central_differences

#: Digits of the mpmath oracles of the dynamics (a float64 candidate is far coarser).
DPS = 40
#: Digits of the capacity oracles and of 50-digit re-evaluations of a bound.
DPS_HIGH = 50
#: A residual of a DPS_HIGH-digit root in its own equation is about 10^-48; 10^-30 leaves 18
#: digits for cancellation between the terms.
TOL_MP_RESIDUAL = 10.0 ** (20 - DPS_HIGH)


# --------------------------------------------------------------------------- mpmath: the dynamics (DPS)


MP = {"dps": DPS}


def mpf(v):
    """A 40/50-digit number from a float (exactly the float's value)."""
    return mpmath.mpf(float(v))


def mp_scores(Xn, x):
    r"""The scores :math:`\Xi^\top x` as a list of mpf (``x`` a list of mpf)."""
    d, M = Xn.shape
    return [mpmath.fsum(mpf(Xn[i, j]) * x[i] for i in range(d)) for j in range(M)]


def mp_softmax(theta):
    """softmax of a list of mpf (shifted by its maximum)."""
    mx = max(theta)
    e = [mpmath.exp(t - mx) for t in theta]
    s = mpmath.fsum(e)
    return [v / s for v in e]


def mp_lse(z, beta):
    r""":math:`\mathrm{lse}(\beta, z) = \beta^{-1}\ln\sum_i e^{\beta z_i}` of a list ``z`` (shifted by its maximum)."""
    b = mpf(beta)
    th = [b * v for v in z]
    mx = max(th)
    return (mx + mpmath.log(mpmath.fsum(mpmath.exp(t - mx) for t in th))) / b


def mp_T(Xn, x, beta):
    """T(x) and p(x) in mpmath (x a list of mpf or floats)."""
    d, M = Xn.shape
    x = [v if isinstance(v, mpmath.mpf) else mpf(v) for v in x]
    p = mp_softmax([mpf(beta) * v for v in mp_scores(Xn, x)])
    return [mpmath.fsum(mpf(Xn[i, j]) * p[j] for j in range(M)) for i in range(d)], p


def mp_energy(Xn, x, beta, constants=False):
    """H_beta(x) (or Ramsauer's E with constants) in mpmath."""
    x = [v if isinstance(v, mpmath.mpf) else mpf(v) for v in x]
    H = -mp_lse(mp_scores(Xn, x), beta) + mpmath.fsum(v * v for v in x) / 2
    if constants:
        m = max(mpmath.sqrt(mpmath.fsum(mpf(v) ** 2 for v in Xn[:, j])) for j in range(Xn.shape[1]))
        H = H + mpmath.log(Xn.shape[1]) / mpf(beta) + m * m / 2
    return H


def mp_mixture_energy(Xn, x, beta):
    r"""Ramsauer's E as a Gaussian mixture: -β^{-1} ln((1/M) Σ e^{-β(m²-|ξ|²)/2} e^{-β|ξ-x|²/2})."""
    d, M = Xn.shape
    b = mpf(beta)
    x = [v if isinstance(v, mpmath.mpf) else mpf(v) for v in x]
    n2 = [mpmath.fsum(mpf(v) ** 2 for v in Xn[:, j]) for j in range(M)]
    m2 = max(n2)
    ex = [-b * (m2 - n2[j]) / 2 - b * mpmath.fsum((mpf(Xn[i, j]) - x[i]) ** 2 for i in range(d)) / 2
          for j in range(M)]
    mx = max(ex)
    return -(mx + mpmath.log(mpmath.fsum(mpmath.exp(e - mx) for e in ex) / M)) / b


def fd_step(beta, Xn) -> str:
    """Step of the 40-digit central differences at (beta, Xi): 1e-12, or 1e-16 where the softmax is
    steep (beta max|Xi|^2 >= 1e4), so that the truncation error O(h^2 (beta m^2)^3) stays negligible."""
    return "1e-12" if beta * float(np.abs(Xn).max()) ** 2 < 1e4 else "1e-16"


def mp_grad(fun, x, h="1e-15"):
    """Central differences of an mpmath scalar function (exact to O(h²) at 40 digits), as floats."""
    with mpmath.workdps(MP["dps"]):
        g = mp_central_differences(fun, [mpf(v) for v in x], mpmath.mpf(h))
        return np.array([float(v) for v in g])


def mp_jacobian_T(Xn, x, beta, h="1e-15"):
    """Jacobian of T by central differences of the mpmath T (columns = directions)."""
    with mpmath.workdps(MP["dps"]):
        h = mpmath.mpf(h)
        xx = [mpf(v) for v in x]
        d = len(xx)
        J = np.zeros((d, d))
        for j in range(d):
            a, b = list(xx), list(xx)
            a[j] += h
            b[j] -= h
            Ta, _ = mp_T(Xn, a, beta)
            Tb, _ = mp_T(Xn, b, beta)
            J[:, j] = [float((u - v) / (2 * h)) for u, v in zip(Ta, Tb)]
        return J


def mp_T_np(Xn, x, beta):
    """:func:`mp_T` at the oracle precision, as float64 arrays (T(x), p(x))."""
    with mpmath.workdps(MP["dps"]):
        T, p = mp_T(Xn, list(x), beta)
        return np.array([float(v) for v in T]), np.array([float(v) for v in p])


def mp_error(Xn, x, beta, target, dps=None):
    r""":math:`\lVert T(x) - \text{target}\rVert` at ``dps`` digits (default: the oracle precision)."""
    with mpmath.workdps(dps or MP["dps"]):
        T, _ = mp_T(Xn, list(x), beta)
        return float(mpmath.sqrt(mpmath.fsum((T[i] - mpf(target[i])) ** 2 for i in range(len(T)))))


def at_dps(fn, dps=60):
    """Run ``fn`` with the mpmath oracles at ``dps`` digits (re-evaluation of a candidate)."""
    old = MP["dps"]
    MP["dps"] = dps
    try:
        return fn()
    finally:
        MP["dps"] = old


def mp_wellsep_and_a6(Xn, beta, mu):
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


# --------------------------------------------------------------------------- optimisation: the conjugate of Omega


def slsqp_conjugate(z, beta):
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


def newton_conjugate(z, beta, p0, steps=60):
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


def bfgs_biconjugate(p, beta):
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


# --------------------------------------------------------------------------- mpmath: capacity, bound values (DPS_HIGH)


def mp_kappa(d):
    r""":math:`\kappa_d = \Gamma((d+1)/2) / (d\sqrt\pi\,\Gamma(d/2))` (Lemma A14) at the current precision."""
    d = mpf(d)
    return mpmath.gamma((d + 1) / 2) / (d * mpmath.sqrt(mpmath.pi) * mpmath.gamma(d / 2))


def mp_C(n):
    """The constant :math:`C_n` of Lemma A16 at the current precision."""
    n = mpf(n)
    return ((mp_kappa(n) / 2) ** (-1 / n) * mpmath.gamma(1 + 1 / n) * (n + 1) ** (-1 / n)
            / mpmath.gamma(2 + 1 / n))


def mp_cap_ab(beta, K, d, p):
    r"""(a, b) of Theorem A5: :math:`a = 2(1 + \ln(2\beta K^2 p (d-1)))/(d-1)`, :math:`b = 2K^2\beta/5`."""
    beta, K, d, p = map(mpf, (beta, K, d, p))
    a = 2 / (d - 1) * (1 + mpmath.log(2 * beta * K**2 * p * (d - 1)))
    b = 2 * K**2 * beta / 5
    return a, b


def mp_cap_c(beta, K, d, p):
    r"""The capacity constant :math:`c = b / W_0(e^{a + \ln b})` of Theorem A5 (mpmath Lambert W)."""
    a, b = mp_cap_ab(beta, K, d, p)
    return b / mpmath.re(mpmath.lambertw(mpmath.exp(a + mpmath.log(b))))


def mp_dim_ab(beta, K, c, p):
    r"""(a, b) of Theorem A6: :math:`a = \ln c/2 - K^2\beta/(5c)`, :math:`b = 1 + \ln(2p\beta K^2)`."""
    beta, K, c, p = map(mpf, (beta, K, c, p))
    return mpmath.log(c) / 2 - K**2 * beta / (5 * c), 1 + mpmath.log(2 * p * beta * K**2)


def mp_residual(a, b, d):
    r""":math:`\ln(d-1) + a(d-1) + b` (the capacity condition of Theorem A6) at the current precision."""
    return mpmath.log(mpf(d) - 1) + a * (mpf(d) - 1) + b


def mp_a7_terms(beta, K, c, d, bracket):
    """(left term, right side) of Theorem A7's condition, in mpmath."""
    beta, K, c, d = map(mpf, (beta, K, c, d))
    left = (d - 1) * K**2 / (5 * c) * bracket**2
    right = 2 / (beta * c ** ((d - 1) / 4)) + (mpmath.log(2) + (d - 1) / 2 * mpmath.log(c)
                                               + mpmath.log(beta * (d - 1) * K**2)) / beta
    return left, right


def bound_value(res, bound, **params) -> float:
    """Float value of a bound; where the float overflows, the 50-digit value (capped at 1e300)."""
    v = float(np.asarray(to_numpy(res.value), dtype=np.float64))
    if math.isfinite(v):
        return v
    with mpmath.workdps(DPS_HIGH):
        w = bound.mp(**{k: float(val) for k, val in params.items()})
    return float(min(w, mpmath.mpf(1e300)))


def finite_or_mp(bound, **params) -> float:
    """The float value of ``bound`` at ``params``, or its 50-digit value where the float is not finite.

    NaN if the 50-digit evaluation fails too (the expression is undefined there).
    """
    v = float(np.asarray(to_numpy(bound(**params).value), dtype=np.float64))
    if math.isfinite(v):
        return v
    try:
        with mpmath.workdps(DPS_HIGH):
            return float(bound.mp(**params))
    except (ArithmeticError, ValueError):
        return math.nan


def mp_value_clipped(bound, params) -> float:
    """The 50-digit value of a scalar bound, clipped to +-1e300; NaN where it is undefined."""
    try:
        with mpmath.workdps(50):
            v = bound.mp(**{k: float(val) for k, val in params.items()})
    except (ArithmeticError, ValueError):
        return math.nan
    if not mpmath.isfinite(v):
        return math.nan
    return float(max(min(v, mpmath.mpf(1e300)), mpmath.mpf(-1e300)))


# --------------------------------------------------------------------------- SymPy: symbolic identities


def _sym_lse(M):
    """Symbols z, beta, lse(beta, z) and softmax p for M scores."""
    z = sp.symbols(f"z1:{M + 1}", real=True)
    b = sp.Symbol("beta", positive=True)
    lse = sp.log(sp.Add(*[sp.exp(b * v) for v in z])) / b
    Z = sp.Add(*[sp.exp(b * v) for v in z])
    p = [sp.exp(b * v) / Z for v in z]
    return z, b, lse, p


def _sym_zero(expr) -> bool:
    """Exact zero test for rational functions of exponentials (cancel, then simplify if needed)."""
    e = sp.cancel(sp.together(expr))
    return e == 0 or sp.simplify(e) == 0


@functools.lru_cache(maxsize=None)
def sym_lse_facts():
    r"""SymPy (M = 2, 3, 4): the gradient of lse is softmax, the Hessian is
    :math:`\beta(\mathrm{diag}\,p - pp^\top)`, and :math:`1^\top p = 1`."""
    detail = {}
    ok = True
    for M in (2, 3, 4):
        z, b, lse, p = _sym_lse(M)
        g_ok = all(_sym_zero(sp.diff(lse, z[i]) - p[i]) for i in range(M))
        H = sp.Matrix(M, M, lambda i, j: sp.diff(lse, z[i], z[j]))
        P = sp.Matrix(p)
        Hc = b * (sp.diag(*p) - P * P.T)
        h_ok = all(_sym_zero(H[i, j] - Hc[i, j]) for i in range(M) for j in range(M))
        s_ok = _sym_zero(sp.Add(*p) - 1)
        detail[f"M={M}"] = {"gradient = softmax": g_ok, "Hessian = beta(diag p - pp^T)": h_ok, "1^T p = 1": s_ok}
        ok = ok and g_ok and h_ok and s_ok
    return ok, detail


def sym_mixture_forms(d=2, Ms=(1, 2, 3)):
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


@functools.lru_cache(maxsize=None)
def sym_update_gradient(d=2, M=3):
    r"""SymPy: :math:`\nabla_x \mathrm{lse}(\beta, \Xi^\top x) = T(x) = x - \nabla E(x)` (Eq. (3))."""
    b = sp.Symbol("beta", positive=True)
    Xi = sp.Matrix(d, M, lambda i, j: sp.Symbol(f"xi_{i + 1}{j + 1}", real=True))
    x = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
    z = Xi.T * x
    Z = sp.Add(*[sp.exp(b * z[j]) for j in range(M)])
    lse = sp.log(Z) / b
    p = sp.Matrix([sp.exp(b * z[j]) / Z for j in range(M)])
    T = Xi * p
    E = -lse + (x.T * x)[0] / 2
    ok = all(_sym_zero(sp.diff(lse, x[i]) - T[i]) and _sym_zero(x[i] - sp.diff(E, x[i]) - T[i]) for i in range(d))
    return ok, {"d": d, "M": M, "grad_x lse(beta, Xi^T x) = T(x) = x - grad E": ok}


def sym_separation(d=3):
    r"""SymPy: :math:`|a|^2 - a^\top b = (|a|^2 - |b|^2 + |a - b|^2)/2` (Definition 2)."""
    a = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"a_{i + 1}", real=True))
    b = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"b_{i + 1}", real=True))
    lhs = (a.T * a)[0] - (a.T * b)[0]
    rhs = ((a.T * a)[0] - (b.T * b)[0] + ((a - b).T * (a - b))[0]) / 2
    return sp.expand(lhs - rhs) == 0


@functools.lru_cache(maxsize=1)
def sym_gaussian_moments():
    """sympy.stats for x, y ~ N(0, 1): E and Var of x^2 - xy, Var(x^2), Var(xy), Cov(x^2, xy)."""
    import sympy.stats as stats  # noqa: PLC0415  (slow to import; only this oracle needs it)

    x, y = stats.Normal("x", 0, 1), stats.Normal("y", 0, 1)
    s = x**2 - x * y
    return (sp.simplify(stats.E(s)), sp.simplify(stats.variance(s)), sp.simplify(stats.variance(x**2)),
            sp.simplify(stats.variance(x * y)), sp.simplify(stats.covariance(x**2, x * y)))


def sym_attention():
    """One-step attention = Hopfield update in the package's SymPy engine (L=2, M=3, d=2, d_v=2)."""
    f = S.one_step_attention(S.Shannon(), 2, 3, 2, 2).check()
    return bool(f.holds), {"detail": f.detail, "sizes": "L=2, M=3, d=2, d_v=2"}
