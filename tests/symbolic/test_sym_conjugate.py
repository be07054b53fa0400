"""The conjugate engine against independent oracles.

Oracles: (a) points built from the KKT conditions (a chosen p* and multiplier t give z, so
the exact maximum is known); (b) SciPy SLSQP maximisation of <p, z> - Omega(p) over the
simplex from several starts; (c) the numeric core hoptheory.maps; (d) SymPy evaluation of
the Piecewise itself; (e) finite differences for the gradient.  The generators g are
written out below by hand, not taken from the engine.
"""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from hoptheory.backend import backend_name, get_namespace, to_numpy, tolerance
from hoptheory.symbolic import (
    Gini,
    Separable,
    Shannon,
    Tsallis,
    array_function,
    conjugate,
)

try:  # the numeric core (written in parallel); comparisons skip if it is missing
    from hoptheory import maps as _maps
except ImportError:  # pragma: no cover
    _maps = None

ALPHA = sp.Symbol("alpha", positive=True)


def _tsallis_g(a):
    return (
        lambda p: (np.power(p, a) - p) / (a * (a - 1)),
        lambda p: (a * np.power(p, a - 1) - 1) / (a * (a - 1)),
        -1 / (a * (a - 1)),
    )


def _xlogx(p):
    p = np.asarray(p, dtype=float)
    return np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)


# name -> (regulariser, n, chamber, g, g', g'(0+), params, numeric-core conjugate, map)
CASES = {
    "shannon": (Shannon(), 3, "sorted", _xlogx, lambda p: np.log(p) + 1, -math.inf, None,
                lambda z: _maps.shannon_conjugate(z), lambda z: _maps.softmax(z)),
    "gini-sorted-4": (Gini(), 4, "sorted", *_tsallis_g(2.0), None,
                      lambda z: _maps.gini_conjugate(z), lambda z: _maps.sparsemax(z)),
    "gini-all-3": (Gini(), 3, "all", *_tsallis_g(2.0), None,
                   lambda z: _maps.gini_conjugate(z), lambda z: _maps.sparsemax(z)),
    "tsallis-3/2": (Tsallis("3/2"), 3, "sorted", *_tsallis_g(1.5), None,
                    lambda z: _maps.tsallis_conjugate(z, 1.5), lambda z: _maps.entmax(z, 1.5)),
    "tsallis-3-implicit": (Tsallis(3), 3, "sorted", *_tsallis_g(3.0), None,
                           lambda z: _maps.tsallis_conjugate(z, 3.0), lambda z: _maps.entmax(z, 3.0)),
    "tsallis-4/3-all": (Tsallis("4/3"), 3, "all", *_tsallis_g(4 / 3), None,
                        lambda z: _maps.tsallis_conjugate(z, 4 / 3), lambda z: _maps.entmax(z, 4 / 3)),
    "tsallis-symbolic": (Tsallis(ALPHA), 3, "sorted", *_tsallis_g(1.7), {ALPHA: 1.7},
                         lambda z: _maps.tsallis_conjugate(z, 1.7), lambda z: _maps.entmax(z, 1.7)),
    "plogp+p2": (Separable.from_string("p*log(p) + p^2"), 3, "sorted",
                 lambda p: _xlogx(p) + np.asarray(p) ** 2, lambda p: np.log(p) + 1 + 2 * p, -math.inf, None,
                 None, None),
}


def _build(name):
    om, n, chamber, *_ = CASES[name]
    return conjugate(om, n, chamber)


def kkt_points(name, rng):
    """One point per support size k (full support only when g'(0+) = -inf), shuffled.

    Returns Z (K, n), the exact values, the exact maps and the support sizes.
    """
    _, n, _, g, dg, dg0, *_ = CASES[name]
    ks = [n] if math.isinf(dg0) else list(range(1, n + 1))
    Z, vals, Ps = [], [], []
    for k in ks:
        q = rng.uniform(0.2, 1.0, size=k)
        q /= q.sum()
        t = rng.uniform(-1.5, 1.5)
        z = np.empty(n)
        p = np.zeros(n)
        z[:k] = dg(q) + t
        p[:k] = q
        if k < n:
            z[k:] = dg0 + t - rng.uniform(0.05, 1.5, size=n - k)
        value = float(np.sum(q * z[:k] - g(q)) - (n - k) * g(np.zeros(1))[0])
        perm = rng.permutation(n)
        Z.append(z[perm])
        Ps.append(p[perm])
        vals.append(value)
    return np.array(Z), np.array(vals), np.array(Ps), ks


def slsqp_max(z, g):
    """max_{p in simplex} <p, z> - sum g(p_i) by SLSQP from three starts."""
    n = z.size

    def f(p):
        p = np.clip(p, 0.0, 1.0)
        return -(p @ z - np.sum(g(p)))

    starts = [np.full(n, 1.0 / n)]
    top = np.zeros(n) + 0.1 / max(n - 1, 1)
    top[np.argmax(z)] = 0.9
    starts.append(top / top.sum())
    starts.append(np.random.default_rng(0).dirichlet(np.ones(n)))
    best = None
    for s in starts:
        r = minimize(f, s, method="SLSQP", bounds=[(0.0, 1.0)] * n,
                     constraints=[{"type": "eq", "fun": lambda p: np.sum(p) - 1.0}],
                     options={"ftol": 1e-15, "maxiter": 1000})
        p = np.clip(r.x, 0, 1)
        p = p / p.sum()
        v = -f(p)
        if best is None or v > best[0]:
            best = (v, p)
    return best


@pytest.mark.parametrize("name", list(CASES))
@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1))
def test_against_kkt_slsqp_and_core(name, seed):
    om, n, chamber, g, dg, dg0, params, core_conj, core_map = CASES[name]
    c = _build(name)
    rng = np.random.default_rng(seed)
    Z, vals, Ps, ks = kkt_points(name, rng)
    V = c.numeric(Z, params=params)
    P = c.numeric_map(Z, params=params)
    # (a) exact values at the KKT points, every support size
    assert np.allclose(V, vals, rtol=1e-10, atol=1e-10)
    assert np.allclose(P, Ps, atol=1e-9)
    assert [int(np.sum(p > 0)) for p in P] == ks
    loose = tolerance(np.float64, "loose")
    for z, v, p in zip(Z, V, P):
        best, p_slsqp = slsqp_max(z, g)
        obj = float(p @ z - np.sum(g(p)))
        # the engine is the maximum: SLSQP cannot beat it beyond rounding ...
        assert best <= v + 1e-12 * (1 + abs(v))
        # ... and reaches it to its own tolerance (ftol 1e-15 on an O(1) objective)
        assert v - best <= loose.atol * (1 + abs(v))
        # the objective at the engine's argmax is >= the SLSQP optimum and equals Omega*(z)
        assert obj >= best - 1e-12 * (1 + abs(best))
        assert abs(obj - v) <= 1e-10 * (1 + abs(v))
    # (c) the numeric core
    if core_conj is not None and _maps is not None:
        assert np.allclose(to_numpy(core_conj(Z)), V, rtol=1e-10, atol=1e-10)
        assert np.allclose(to_numpy(core_map(Z)), P, atol=1e-9)


@pytest.mark.parametrize("name", list(CASES))
def test_backends(xp, name):
    _, n, _, _, _, _, params, *_ = CASES[name]
    c = _build(name)
    Z, vals, Ps, _ = kkt_points(name, np.random.default_rng(7))
    Zx = xp.asarray(Z)
    V = c.numeric(Zx, params=params)
    P = c.numeric_map(Zx, params=params)
    assert backend_name(get_namespace(V)) == backend_name(xp)
    assert backend_name(get_namespace(P)) == backend_name(xp)
    assert tuple(V.shape) == (Z.shape[0],) and tuple(P.shape) == Z.shape
    assert np.allclose(to_numpy(V), vals, rtol=1e-10, atol=1e-10)
    assert np.allclose(to_numpy(P), Ps, atol=1e-9)
    if name == "plogp+p2":
        return  # numerically inverted link (slow on array-api-strict): one batch is enough
    # a single point and a 3-d batch
    v0 = c.numeric(xp.asarray(Z[0]), params=params)
    assert tuple(v0.shape) == () and abs(float(v0) - vals[0]) < 1e-10 * (1 + abs(vals[0]))
    Z3 = xp.asarray(np.stack([Z, Z]))
    assert tuple(c.numeric(Z3, params=params).shape) == (2, Z.shape[0])


def _sympy_point(c, z, params):
    sub = {v: sp.Float(float(zi), 30) for v, zi in zip(c.variables, z)}
    if c.params:
        sub.update({k: sp.Float(v, 30) for k, v in params.items()})
    if not c.closed_form:
        sub[c.tau_function] = sp.Float(float(c.numeric_threshold(z, params=params)), 30)
    return sub


@pytest.mark.parametrize("name", [k for k in CASES if k != "plogp+p2"])
def test_piecewise_expression_matches_numeric(name):
    """SymPy's own evaluation of .expr, .map_expr() and .gradient() agrees with .numeric."""
    _, n, chamber, _, _, _, params, *_ = CASES[name]
    c = _build(name)
    Z, vals, Ps, _ = kkt_points(name, np.random.default_rng(11))
    for z, v, p in zip(Z, vals, Ps):
        if chamber == "sorted":
            order = np.argsort(-z, kind="stable")
            z, p = z[order], p[order]
        sub = _sympy_point(c, z, params)
        # the implicit tau(z) is a function symbol: replace it before the z's
        expr = c.expr.xreplace({c.tau_function: sub.pop(c.tau_function)}) if not c.closed_form else c.expr
        got = complex(sp.N(expr.xreplace(sub)))
        assert abs(got - v) < 1e-10 * (1 + abs(v))
        m = c.map_expr()
        g = c.gradient()
        if not c.closed_form:
            tau_val = sp.Float(float(c.numeric_threshold(z, params=params)), 30)
            m = m.xreplace({c.tau_function: tau_val})
            g = g.xreplace({c.tau_function: tau_val})
        mv = np.array([complex(sp.N(e.xreplace(sub))).real for e in m])
        gv = np.array([complex(sp.N(e.xreplace(sub))).real for e in g])
        assert np.allclose(mv, p, atol=1e-10)
        assert np.allclose(gv, p, atol=1e-9)


@pytest.mark.parametrize("name", list(CASES))
def test_gradient_finite_differences(name):
    _, n, _, _, _, _, params, *_ = CASES[name]
    c = _build(name)
    Z, _, _, _ = kkt_points(name, np.random.default_rng(3))
    h = 1e-5
    fd = tolerance(np.float64, "fd")
    for z in Z:
        grad = np.array([(c.numeric(z + h * e, params=params) - c.numeric(z - h * e, params=params)) / (2 * h)
                         for e in np.eye(n)])
        assert np.allclose(grad, c.numeric_map(z, params=params), atol=fd.atol, rtol=fd.rtol)


@pytest.mark.parametrize("name", ["shannon", "gini-sorted-4", "gini-all-3", "tsallis-3/2", "tsallis-3-implicit"])
def test_symbolic_facts(name):
    c = _build(name)
    results = c.verify()
    for fact, res in results.items():
        assert res.holds, (fact, res.detail)
    assert results["danskin"].method == "symbolic"


def test_closed_form_flags_and_notes():
    assert conjugate(Gini(), 3).closed_form
    assert conjugate(Tsallis("3/2"), 3).closed_form
    assert conjugate(Shannon(), 3).closed_form
    t3 = conjugate(Tsallis(3), 3)
    assert not t3.closed_form and "IMPLICIT" in t3.notes and "radicals" in t3.notes
    # n = 2 with alpha = 3 still has a closed form
    assert conjugate(Tsallis(3), 2).closed_form
    sym = conjugate(Tsallis(ALPHA), 3)
    assert not sym.closed_form and "symbolic parameter" in sym.notes
    with pytest.raises(ValueError, match="free parameters"):
        sym.numeric(np.zeros(3))
    with pytest.raises(ValueError, match="> 1"):
        sym.numeric(np.zeros(3), params={ALPHA: 0.5})


def test_structure_and_latex():
    c = conjugate(Gini(), 3)
    assert c.variables == tuple(sp.symbols("z_1:4", real=True))
    assert list(c.pieces) == [(1,), (1, 2), (1, 2, 3)]
    expr, region, tau = c.pieces[(1, 2)]
    # sparsemax threshold on the top-2 support: tau = (z1 + z2 - 1)/2 in the package convention
    assert sp.simplify(c.regulariser.threshold_convention(tau) - (c.variables[0] + c.variables[1] - 1) / 2) == 0
    assert isinstance(c.expr, sp.Piecewise) and len(c.expr.args) == 3
    assert c.latex(style="sympy").startswith(r"\Omega^{*}(z) = \begin{cases}")
    assert c.latex().startswith(r"\begin{aligned}")
    assert len(conjugate(Gini(), 3, "all").pieces) == 7
    s = conjugate(Shannon(), 3)
    assert s.expr == sp.log(sum(sp.exp(v) for v in s.variables))
    assert r"e^{z_{1}}" in s.latex(style="sympy") and r"e^{z_1}" in s.latex()
    t = conjugate(Tsallis("3/2"), 2)
    # one-hot region of 3/2-entmax: margin 1/(alpha - 1) = 2
    assert t.check_margin().holds and "2" in t.check_margin().detail


def test_stable_numerics():
    s = conjugate(Shannon(), 3)
    z = np.array([1000.0, 999.0, -1000.0])
    v = s.numeric(z)
    assert np.isfinite(v) and abs(v - (1000 + math.log1p(math.exp(-1.0) + math.exp(-2000.0)))) < 1e-12
    # the compiled expression itself uses log-sum-exp (no shift by the caller)
    f = array_function(s.expr, s.variables)
    assert abs(float(f(*[np.asarray(zi) for zi in z])) - v) < 1e-12
    sm = array_function(s.gradient()[0], s.variables)
    assert abs(float(sm(*[np.asarray(zi) for zi in z])) - 1 / (1 + math.exp(-1))) < 1e-12
    rng = np.random.default_rng(0)
    for name in ("gini-sorted-4", "tsallis-3/2", "tsallis-3-implicit", "shannon"):
        om, n, *_ = CASES[name]
        c = _build(name)
        z = rng.standard_normal(n)
        for beta in (1e8, 1e-8):
            v = c.numeric(beta * z)
            assert np.isfinite(v)
            p = c.numeric_map(beta * z)
            assert np.all(np.isfinite(p)) and abs(p.sum() - 1) < 1e-12
        # beta^{-1} Omega*(beta z) -> max z as beta -> oo
        assert abs(c.numeric(1e8 * z) / 1e8 - z.max()) < 1e-7
    # beta -> 0: Omega*(beta z) -> Omega*(0) = -Omega(uniform)
    g4 = _build("gini-sorted-4")
    assert abs(g4.numeric(1e-8 * np.ones(4)) - (1e-8 + 0.5 * (1 - 1 / 4))) < 1e-12


def test_input_validation():
    c = conjugate(Gini(), 3)
    with pytest.raises(ValueError, match=r"\(\.\.\., 3\).*\(2, 4\)"):
        c.numeric(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="NaN"):
        c.numeric(np.array([0.0, np.nan, 1.0]))
    with pytest.raises(TypeError):
        c.numeric(np.array([1, 2, 3]))
    with pytest.raises(ValueError):
        conjugate(Gini(), 0)
    with pytest.raises(ValueError):
        conjugate(Gini(), 3, chamber="upper")
    with pytest.raises(ValueError):
        conjugate(Gini(), 11, chamber="all")
    with pytest.raises(TypeError):
        conjugate("gini", 3)
