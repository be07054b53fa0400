"""The conjugate engine: Ω*(z) = max_{p ∈ Δ^n} ⟨p, z⟩ - Ω(p) as a Piecewise over supports.

Derivation (separable Ω(p) = Σ g(p_i) + c, g strictly convex).  The KKT conditions of the
maximisation are, with a multiplier t for Σ p = 1,

* on the support S:  g'(p_i) = z_i - t, i.e. p_i = h(z_i - t) with h = (g')^{-1};
* off the support:   z_j - t <= g'(0+)  (dual feasibility);
* normalisation:     Σ_{i ∈ S} h(z_i - t) = 1  (the threshold equation, one unknown t);
* primal feasibility z_i - t > g'(0+) for i in S (so that p_i > 0).

On the region where these hold, Ω*(z) = Σ_{i∈S} (p_i z_i - g(p_i)) - (n - |S|) g(0+) - c.
The engine solves the threshold equation once per support (exactly for |S| = 1; with
``solve`` for polynomial equations of degree <= 2 in process, and for other equations in a
forked process with a time limit), keeps the root that is valid on the region (checked at
two points constructed inside it), and otherwise keeps the threshold implicit, τ(z), to be
evaluated numerically by bisection.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import warnings
from fractions import Fraction
from typing import NamedTuple

import numpy as np
import sympy as sp

from ..backend import as_float_array, get_namespace, sort_descending
from ._arrayfn import NotCompilable, array_function
from ._common import FactResult, UnsupportedRegulariser, is_zero, run_with_timeout
from ._paper import paper_form
from ._regularisers import P, U, Regulariser, Separable

__all__ = ["Conjugate", "Piece", "conjugate"]

_T = sp.Symbol("t", real=True)


class Piece(NamedTuple):
    """One region of Ω*: its expression, its region (a SymPy boolean) and the multiplier t_S(z)."""

    expression: sp.Expr
    region: sp.Basic
    tau: sp.Expr


class _PieceData(NamedTuple):
    support: tuple
    value_t: sp.Expr  # ⟨p, z⟩ - Ω(p) at p_i = h(z_i - t)
    known_t: sp.Expr | None  # the family's canonical closed form in (z, t)
    equation: sp.Expr  # Σ_{i∈S} h(z_i - t) - 1
    p_t: tuple  # the map in (z, t)
    region_t: sp.Basic  # conditions in z only (see _region)
    region_spec: tuple  # ((index, strict), ...): z_i - t > g'(0+) if strict else z_i - t <= g'(0+)
    tau_closed: sp.Expr | None
    how: str


def _solve_threshold(omega: Regulariser, S, z, eq, timeout):
    """Closed-form root of the threshold equation valid on the region of S, or None."""
    k = len(S)
    if k == 1:
        return z[S[0] - 1] - omega.dg1, "exact: h(g'(1)) = 1, so t = z_i - g'(1)"
    if omega.params:
        return None, f"symbolic parameter {omega.params}: the threshold equation has no closed form"
    try:
        poly = sp.Poly(eq, _T)
        degree = poly.degree()
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        poly, degree = None, None
    if poly is not None:
        if degree > 2:
            return None, f"polynomial of degree {degree} in t: radical formulas not attempted (implicit)"
        coeffs = [sp.expand(c) for c in poly.all_coeffs()]
        if degree == 1:
            # a linear equation has one root: no selection needed
            return -coeffs[1] / coeffs[0], "linear in t, solved by formula"
        elif degree == 2:
            a, b, c = coeffs
            disc = sp.sqrt(sp.expand(b**2 - 4 * a * c))
            cands = [(-b - disc) / (2 * a), (-b + disc) / (2 * a)]
        else:
            return None, "the threshold equation does not depend on t (implicit)"
        how_solved = f"polynomial of degree {degree} in t, solved by formula"
    else:
        radical = any(
            isinstance(a, sp.Pow) and not a.exp.is_Integer and a.base.has(_T) for a in sp.preorder_traversal(eq)
        )
        if radical and k >= 3:
            return None, f"sum of {k} radicals in t: no closed form in SymPy (implicit)"
        status, cands = run_with_timeout(sp.solve, (eq, _T), timeout)
        if status == "timeout":
            return None, f"solve did not finish within {timeout} s (implicit)"
        if status != "ok":
            return None, f"solve failed ({cands}) (implicit)"
        how_solved = "solve"
    good = [c for c in cands if _root_valid(omega, S, z, c)]
    if not good:
        return None, f"no root valid on the region among {len(cands)} candidates (implicit)"
    return good[0], how_solved + "; the root valid on the region was selected at two interior points"


def _interior_points(omega: Regulariser, S, n):
    """Two points z inside the region of S with known multiplier t*."""
    k = len(S)
    out = []
    for weights, tstar in (
        ([sp.Integer(r + k) for r in range(1, k + 1)], sp.Integer(0)),
        ([sp.Integer((k + 1 - r) ** 2 + 1) for r in range(1, k + 1)], sp.Rational(2, 5)),
    ):
        total = sum(weights)
        ps = [w / total for w in weights]
        point = {}
        for pi, i in zip(ps, S):
            point[i] = omega.dg.subs(P, pi) + tstar
        for j in range(1, n + 1):
            if j not in point:
                point[j] = omega.dg0 + tstar - 1 - sp.Rational(j, 10)
        out.append((point, tstar, dict(zip(S, ps))))
    return out


def _root_valid(omega, S, z, cand):
    """The candidate reproduces the known multiplier at two interior points (float64)."""
    n = len(z)
    try:
        fn = array_function(cand, list(z))
    except NotCompilable:
        fn = None
    for point, tstar, _ in _interior_points(omega, S, n):
        if fn is not None:
            with np.errstate(all="ignore"):
                v = complex(fn(*[np.asarray(float(sp.N(point[i], 20))) for i in range(1, n + 1)]))
            tol = 1e-8
        else:
            fpoint = {z[i - 1]: sp.Float(sp.N(point[i], 50), 50) for i in point}
            try:
                v = complex(sp.N(cand.xreplace(fpoint), 40))
            except (TypeError, ValueError):
                return False
            tol = 1e-20
        if not math.isfinite(v.real) or abs(v - float(tstar)) > tol * (1 + abs(float(tstar))):
            return False
    return True


def _lambertw_inverse(e):
    """W(b e^b) = b for b > 0 (principal branch); other arguments are left alone."""
    arg = sp.powsimp(sp.expand(e.args[0]))
    for f in sp.Mul.make_args(arg):
        if isinstance(f, sp.exp):
            b = f.args[0]
            if b.is_positive and sp.simplify(arg / f - b) == 0:
                return b
    return e


def _region(omega, z, S, spec, clamp):
    """Region of support S as conditions that do not involve the threshold.

    With F_S(t) = Σ_{l∈S} h(max(z_l - t, g'(0+))) (non-increasing, root t_S), primal
    feasibility z_i - t_S > g'(0+) is F_S(z_i - g'(0+)) < 1 and dual feasibility
    z_j - t_S <= g'(0+) is F_S(z_j - g'(0+)) >= 1.  The conditions are real wherever the
    scores are, also where a closed-form t_S would be complex; on the sorted chamber the
    clamp is not needed (z_l >= z_i for the l that matter).  For Gini they are the classical
    sparsemax support tests, e.g. Σ_{l<k}(z_l - z_k) < 1.
    """
    if not spec:
        return sp.true
    dg0 = omega.dg0
    rels = []
    for i, strict in spec:
        terms = []
        for l in S:
            if l == i:
                continue  # h(g'(0+)) = 0
            u = z[l - 1] - z[i - 1] + dg0
            terms.append(omega.link_inverse(sp.Max(u, dg0) if clamp else u))
        lhs = sp.Add(*terms)
        if not lhs.free_symbols:
            if bool(lhs < 1) if strict else bool(lhs >= 1):
                continue
            return sp.false
        rels.append(sp.StrictLessThan(lhs, 1, evaluate=False) if strict else sp.GreaterThan(lhs, 1, evaluate=False))
    if not rels:
        return sp.true
    return rels[0] if len(rels) == 1 else sp.And(*rels, evaluate=False)


def _supports(n, chamber, full_only):
    if full_only:
        return [tuple(range(1, n + 1))]
    if chamber == "sorted":
        return [tuple(range(1, k + 1)) for k in range(1, n + 1)]
    out = []
    for k in range(1, n + 1):
        out.extend(itertools.combinations(range(1, n + 1), k))
    return out


class Conjugate:
    r"""The convex conjugate of a separable Ω on the simplex, piece by piece.

    .. math::

        \Omega^*(z) = \max_{p\in\Delta^n}\ \langle p, z\rangle - \Omega(p)

        \Omega^*(z) = \sum_{i\in S}\big(p_i z_i - g(p_i)\big) - (n-|S|)\,g(0^+) - c
        \quad\text{on the region of } S,

        p_i = (g')^{-1}(z_i - t_S(z)).

    Attributes
    ----------
    regulariser : Regulariser
    n : int
        Dimension of z (number of scores).
    chamber : {"sorted", "all"}
        ``"sorted"``: valid on z_1 >= ... >= z_n, with the n top-k supports (k = 1..n);
        :meth:`numeric` sorts its input.  ``"all"``: all 2^n - 1 supports, valid on R^n.
    variables : tuple of sympy.Symbol
        z_1, ..., z_n (real).
    expr : sympy.Expr
        ``Piecewise`` over the supports (the single expression when there is one piece).
    pieces : dict
        support (tuple of 1-based indices) -> :class:`Piece` (expression, region, tau);
        tau is the multiplier t_S(z) in p_i = (g')^{-1}(z_i - t), or the implicit τ(z).
    closed_form : bool
        True when every threshold was solved in closed form.
    notes : str
        How each threshold was obtained (and why one is implicit).
    known_form : str or None
        The family's classical form recognised on every piece (check: :meth:`check_known_form`).

    References
    ----------
    Blondel, Martins & Niculae, "Learning with Fenchel-Young losses", JMLR 2020, §4.
    """

    def __init__(self, omega: Regulariser, n: int, chamber: str, timeout: float):
        self.regulariser = omega
        self.n = n
        self.chamber = chamber
        self.timeout = timeout
        z = tuple(sp.symbols(f"z_1:{n + 1}", real=True))
        self.variables = z
        self.tau_function = sp.Function("tau")(*z)
        self.params = omega.params
        g0, dg0 = omega.g0, omega.dg0
        full_only = dg0 == -sp.oo
        data = {}
        notes = []
        for S in _supports(n, chamber, full_only):
            inS = set(S)
            p_t = tuple(omega.link_inverse(z[i - 1] - _T) if i in inS else sp.Integer(0) for i in range(1, n + 1))
            eq = sp.Add(*[p_t[i - 1] for i in S]) - 1
            val = sp.Add(*[p_t[i - 1] * z[i - 1] - omega.g.subs(P, p_t[i - 1]) for i in S])
            val = val - (n - len(S)) * g0 - omega.constant
            known = omega.known_value([z[i - 1] for i in S], _T, n)
            if full_only:
                spec = ()
            elif chamber == "sorted":
                k = len(S)
                spec = ((k, True),) + (((k + 1, False),) if k < n else ())
            else:
                spec = tuple((i, True) for i in S) + tuple((j, False) for j in range(1, n + 1) if j not in inS)
            region = _region(omega, z, S, spec, clamp=chamber != "sorted")
            tau_c, how = _solve_threshold(omega, S, z, eq, timeout)
            data[S] = _PieceData(S, val, known, eq, p_t, region, spec, tau_c, how)
            notes.append(f"S={S}: {how}")
        self._data = data
        self.closed_form = all(d.tau_closed is not None for d in data.values())
        self.known_form = {
            "Shannon": "log-sum-exp",
            "Gini": "sparsemax conjugate 1/2||z||^2 - 1/2||sparsemax(z) - z||^2 + 1/2",
            "Tsallis": "Tsallis (p*, tau) form (alpha-1)/alpha <p*, z> + (1 + tau)/(alpha(alpha-1))",
        }.get(omega.name)
        pieces = {}
        for S, d in data.items():
            base = d.known_t if d.known_t is not None else d.value_t
            tau = d.tau_closed if d.tau_closed is not None else self.tau_function
            pieces[S] = Piece(base.xreplace({_T: tau}), d.region_t, tau)
        self.pieces = pieces
        if len(pieces) == 1 and next(iter(pieces.values())).region == sp.true:
            self.expr = next(iter(pieces.values())).expression
        else:
            self.expr = sp.Piecewise(*[(pc.expression, pc.region) for pc in pieces.values()], evaluate=False)
        head = []
        if chamber == "sorted" and not full_only:
            head.append(f"valid on the sorted chamber z_1 >= ... >= z_{n}")
        if full_only:
            head.append("g'(0+) = -oo: the only support is the full one")
        if not self.closed_form:
            head.append("IMPLICIT: some thresholds tau(z) have no closed form; numeric() finds them by bisection")
        if omega.note:
            head.append(omega.note)
        self.notes = "; ".join(head + notes)
        self._compiled = None
        self._paper = None

    # ----------------------------------------------------------------------- exports
    def latex(self, style: str = "paper") -> str:
        """LaTeX of Ω*.

        ``style="paper"`` (default): the canonical form of :meth:`paper`, an ``aligned``
        block per support (S, its region as inequalities in the gaps, Ω* and τ where used);
        ``style="sympy"``: SymPy's LaTeX of the raw ``Piecewise`` ``expr``.
        """
        if style == "sympy":
            return r"\Omega^{*}(z) = " + sp.latex(self.expr)
        if style != "paper":
            raise ValueError(f"style must be 'paper' or 'sympy'; got {style!r}")
        return self.paper().latex()

    def paper(self):
        """The canonical form, piece by piece (:class:`PaperForm`; ``check()`` verifies it)."""
        if self._paper is None:
            self._paper = paper_form(self)
        return self._paper

    def pretty(self) -> str:
        """The canonical form as plain text (support, region, Ω*, τ)."""
        return self.paper().pretty()

    def map_expr(self) -> sp.Matrix:
        """The map p*(z) = argmax (an n x 1 Matrix of Piecewise entries)."""
        entries = []
        for i in range(self.n):
            entries.append(self._piecewise([d.p_t[i] for d in self._data.values()]))
        return sp.Matrix(entries)

    def gradient(self) -> sp.Matrix:
        """∇Ω*(z), differentiated piece by piece (implicitly where t is implicit)."""
        cols = []
        for j in range(self.n):
            exprs = []
            for d in self._data.values():
                base = d.known_t if d.known_t is not None else d.value_t
                exprs.append(self._total_derivative(base, d, j))
            cols.append(self._piecewise(exprs))
        return sp.Matrix(cols)

    def _piecewise(self, exprs_t):
        outs = []
        for e, d in zip(exprs_t, self._data.values()):
            tau = d.tau_closed if d.tau_closed is not None else self.tau_function
            outs.append((e.xreplace({_T: tau}), d.region_t))
        if len(outs) == 1 and outs[0][1] == sp.true:
            return outs[0][0]
        return sp.Piecewise(*outs, evaluate=False)

    def _total_derivative(self, expr_t, d, j):
        zj = self.variables[j]
        if d.tau_closed is not None:
            return sp.diff(expr_t.xreplace({_T: d.tau_closed}), zj)
        dt = -sp.diff(d.equation, zj) / sp.diff(d.equation, _T)
        return sp.diff(expr_t, zj) + sp.diff(expr_t, _T) * dt

    # ----------------------------------------------------------------------- numerics
    def _prepare(self):
        if self._compiled is not None:
            return self._compiled
        om = self.regulariser
        pars = list(self.params)
        try:
            h = array_function(om.h, [U, *pars])
        except NotCompilable:
            h = None
        dg = array_function(om.dg, [P, *pars])
        fns = {}
        for S, d in self._data.items():
            base = d.known_t if d.known_t is not None else d.value_t
            if d.tau_closed is not None:
                fns[S] = ("closed", array_function(base.xreplace({_T: d.tau_closed}), [*self.variables, *pars]))
            else:
                try:
                    fns[S] = ("implicit", array_function(base, [*self.variables, _T, *pars]))
                except NotCompilable:
                    # e.g. LambertW in the link inverse: evaluate sum_S (p_i z_i - g(p_i)) with
                    # p_i from the numerically inverted link instead
                    fns[S] = ("generic", None)
        self._g_fn = array_function(om.g, [P, *pars])
        self._d2g_fn = array_function(om.d2g, [P, *pars])
        self._compiled = (h, dg, fns)
        return self._compiled

    def _param_values(self, params):
        if not self.params:
            if params:
                raise ValueError(f"this conjugate has no free parameters; got params={params}")
            return []
        if params is None:
            raise ValueError(f"this conjugate has free parameters {self.params}; pass params={{symbol: value}}")
        out = []
        for s in self.params:
            v = params.get(s, params.get(str(s)))
            if v is None:
                raise ValueError(f"missing value for parameter {s}")
            v = float(v)
            if not math.isfinite(v) or v <= 1.0:
                raise ValueError(f"parameter {s} must be a finite number > 1; got {v}")
            out.append(v)
        return out

    def _float(self, expr, pars):
        return float(sp.N(expr.subs(dict(zip(self.params, pars)))))

    def _p_of_u(self, u, xp, pars, g0):
        h, dg, _ = self._prepare()
        parr = [xp.asarray(v, dtype=u.dtype) for v in pars]
        if h is not None:
            if math.isinf(g0):
                v = h(u, *parr)
            else:
                v = h(xp.where(u > g0, u, xp.asarray(g0, dtype=u.dtype)), *parr)
        else:
            # numeric inversion of the increasing g' on (0, 1]: 30 bisection steps, then
            # Newton steps (g'' > 0), kept inside the bisection bracket
            lo = xp.zeros_like(u)
            hi = xp.ones_like(u)
            for _ in range(30):
                mid = (lo + hi) / 2
                below = dg(mid, *parr) < u
                lo = xp.where(below, mid, lo)
                hi = xp.where(below, hi, mid)
            v = (lo + hi) / 2
            d2g = self._d2g_fn
            for _ in range(4):
                step = (dg(v, *parr) - u) / d2g(v, *parr)
                v = xp.clip(v - step, lo, hi) if hasattr(xp, "clip") else xp.minimum(xp.maximum(v - step, lo), hi)
        ok = xp.logical_not(xp.isnan(v))
        if not math.isinf(g0):
            ok = xp.logical_and(ok, u > g0)
        return xp.where(ok, v, xp.zeros_like(v))

    def _threshold(self, y, xp, pars):
        """Multiplier t with Σ_i h(max(y_i - t, g'(0+))) = 1, by bisection (y has max 0)."""
        om = self.regulariser
        g0 = self._float(om.dg0, pars) if om.dg0 != -sp.oo else -math.inf
        gp1 = self._float(om.dg1, pars)
        gpn = self._float(om.dg.subs(P, sp.Rational(1, self.n)), pars)
        shape = y.shape[:-1]
        lo = xp.full(shape, -gp1, dtype=y.dtype)
        hi = xp.full(shape, -gpn, dtype=y.dtype)
        # the bracket [max y - g'(1), max y - g'(1/n)] is valid (blondel2020/separable-threshold);
        # its width g'(1) - g'(1/n) does not grow with the scale of z (y is shifted), so 64
        # halvings reach the float64 resolution of t
        for _ in range(64):
            mid = (lo + hi) / 2
            s = xp.sum(self._p_of_u(y - mid[..., None], xp, pars, g0), axis=-1)
            big = s > 1
            lo = xp.where(big, mid, lo)
            hi = xp.where(big, hi, mid)
        t = (lo + hi) / 2
        active = (y - t[..., None]) > g0
        return t, active, g0

    def _check_input(self, z):
        z = as_float_array(z, "z")
        if z.ndim < 1 or z.shape[-1] != self.n:
            raise ValueError(f"z must have shape (..., {self.n}) for this conjugate; got shape {tuple(z.shape)}")
        return z

    def numeric(self, z, params=None):
        """Evaluate Ω*(z) for an array of shape (..., n) (any array-API namespace).

        The input need not be sorted.  Numerics: Ω*(z) = Ω*(z - c1) + c with c = max z (no
        overflow, no cancellation of large squares); the support is identified by bisection
        on the multiplier; then the symbolic piece of that support is evaluated, in closed
        form where it has one and at the bisected threshold where it is implicit.
        ``params`` gives values for free symbols (a symbolic α).
        """
        z = self._check_input(z)
        xp = get_namespace(z)
        pars = self._param_values(params)
        _, _, fns = self._prepare()
        c = xp.max(z, axis=-1, keepdims=True)
        y = z - c
        t, active, _ = self._threshold(y, xp, pars)
        parr = [xp.asarray(v, dtype=z.dtype) for v in pars]
        out = xp.zeros(z.shape[:-1], dtype=z.dtype)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if any(kind == "generic" for kind, _ in fns.values()):
                om = self.regulariser
                g0v = self._float(om.g0, pars) if om.dg0 != -sp.oo else 0.0
                pv = self._p_of_u(y - t[..., None], xp, pars, self._float(om.dg0, pars) if om.dg0 != -sp.oo else -math.inf)
                terms = xp.where(active, pv * y - self._g_fn(pv, *parr), xp.asarray(-g0v, dtype=z.dtype))
                generic = xp.sum(terms, axis=-1) - self._float(om.constant, pars)
                fns = {S: (("generic_value", generic) if kind == "generic" else (kind, fn)) for S, (kind, fn) in fns.items()}
            if self.chamber == "sorted":
                ys = sort_descending(y, axis=-1)
                cols = [ys[..., i] for i in range(self.n)]
                kappa = xp.sum(xp.astype(active, xp.int64), axis=-1)
                for S, (kind, fn) in fns.items():
                    args = cols + ([t] if kind == "implicit" else []) + parr
                    val = fn if kind == "generic_value" else fn(*args)
                    out = xp.where(kappa == len(S), val, out) if len(fns) > 1 else val
            else:
                cols = [y[..., i] for i in range(self.n)]
                for S, (kind, fn) in fns.items():
                    ind = xp.asarray([i + 1 in S for i in range(self.n)], dtype=xp.bool)
                    mask = xp.all(active == ind, axis=-1)
                    args = cols + ([t] if kind == "implicit" else []) + parr
                    val = fn if kind == "generic_value" else fn(*args)
                    out = xp.where(mask, val, out) if len(fns) > 1 else val
        return out + c[..., 0]

    def numeric_map(self, z, params=None):
        """Evaluate p* = ∇Ω*(z) for an array of shape (..., n), in the order of z."""
        z = self._check_input(z)
        xp = get_namespace(z)
        pars = self._param_values(params)
        y = z - xp.max(z, axis=-1, keepdims=True)
        t, _, g0 = self._threshold(y, xp, pars)
        return self._p_of_u(y - t[..., None], xp, pars, g0)

    def numeric_threshold(self, z, params=None):
        """The multiplier t(z) (p_i = (g')^{-1}(z_i - t)) for an array of shape (..., n)."""
        z = self._check_input(z)
        xp = get_namespace(z)
        pars = self._param_values(params)
        c = xp.max(z, axis=-1)
        t, _, _ = self._threshold(z - c[..., None], xp, pars)
        return t + c

    # ----------------------------------------------------------------------- facts
    def _q_subs(self, S):
        qs = {i: sp.Symbol(f"q_{i}", positive=True) for i in S}
        sub = {self.variables[i - 1]: self.regulariser.dg.subs(P, qs[i]) + _T for i in S}
        return qs, sub

    @staticmethod
    def _on_manifold(expr, S, qs):
        """Impose Σ_{i∈S} q_i = 1 (the threshold equation) on an expression in q."""
        last = qs[S[-1]]
        rest = 1 - sp.Add(*[qs[i] for i in S[:-1]])
        expr = expr.replace(lambda e: isinstance(e, sp.LambertW) and len(e.args) == 1, _lambertw_inverse)
        return sp.expand(expr).subs(last, rest)

    def _random_interior(self, S, count, seed=0):
        """Random rational points inside the region of S, with their multiplier t*."""
        rng = random.Random(seed)
        om = self.regulariser
        out = []
        for _ in range(count):
            w = [sp.Integer(rng.randint(1, 50)) for _ in S]
            w = sorted(w, reverse=True) if self.chamber == "sorted" else w
            q = [wi / sum(w) for wi in w]
            tstar = sp.Rational(rng.randint(-100, 100), 37)
            point = {i: om.dg.subs(P, qi) + tstar for i, qi in zip(S, q)}
            for j in range(1, self.n + 1):
                if j not in point:
                    point[j] = om.dg0 + tstar - sp.Rational(rng.randint(0, 100), 17)
            if self.chamber == "sorted":
                # z must be sorted: off-support entries are below every support entry already
                vals = sorted((point[j] for j in range(len(S) + 1, self.n + 1)), reverse=True)
                for j, v in zip(range(len(S) + 1, self.n + 1), vals):
                    point[j] = v
            out.append(({self.variables[i - 1]: v for i, v in point.items()}, tstar))
        return out

    def check_danskin(self) -> FactResult:
        """∇Ω* equals the map on every region (implicit differentiation in t).

        For each support, dΩ*/dz_j = ∂V/∂z_j + ∂V/∂t · dt/dz_j with dt/dz_j = -∂F/∂z_j / ∂F/∂t
        (F the threshold equation) is shown to equal h(z_j - t) after the substitution
        z_i = g'(q_i) + t, q_i > 0 (which makes h(g'(q_i)) = q_i exact).
        """
        per, fails = {}, []
        for S, d in self._data.items():
            base = d.known_t if d.known_t is not None else d.value_t
            qs, sub = self._q_subs(S)
            ok_all = True
            for j in range(self.n):
                zj = self.variables[j]
                dt = -sp.diff(d.equation, zj) / sp.diff(d.equation, _T)
                tot = sp.diff(base, zj) + sp.diff(base, _T) * dt
                diff = self._on_manifold((tot - d.p_t[j]).subs(sub), S, qs)
                ok, how = is_zero(diff)
                if not ok:
                    ok_all = False
                    fails.append(f"S={S}, j={j + 1}: {how}")
            per[S] = ok_all
        holds = all(per.values())
        detail = "dOmega*/dz_j = p*_j on every region" if holds else "; ".join(fails)
        return FactResult("danskin", holds, detail, per)

    def check_threshold(self) -> FactResult:
        """Each closed-form t_S(z) solves its threshold equation on its region.

        Proved symbolically in z, or in the coordinates z_i = g'(q_i) + t (q_i > 0,
        Σ q = 1); when SymPy proves neither (a radical that equals its argument only on the
        region), the identity is checked at 20 random interior points in 40 digits and the
        result says ``method="numeric"``.
        """
        per, notes, numeric = {}, [], []
        for S, d in self._data.items():
            if d.tau_closed is None:
                continue
            ok, how = is_zero(d.equation.xreplace({_T: d.tau_closed}))
            if not ok:
                qs, sub = self._q_subs(S)
                ok, how = is_zero(self._on_manifold((d.tau_closed - _T).subs(sub), S, qs))
            if not ok:
                # the root formula may be valid only on its region (|.| of a radical):
                # check it at random interior points in 40-digit arithmetic
                worst = 0.0
                for point, tstar in self._random_interior(S, 20):
                    v = complex(sp.N(d.tau_closed.xreplace(point), 40))
                    worst = max(worst, abs(v - float(tstar)))
                ok = worst < 1e-25
                how = f"not proved symbolically; |t_S(z) - t*| <= {worst:.1e} at 20 random interior points (40 digits)"
                numeric.append(S)
            per[S] = ok
            notes.append(f"S={S}: {how}")
        if not per:
            return FactResult("threshold", True, "no closed-form thresholds (all implicit)", per)
        holds = all(per.values())
        return FactResult("threshold", holds, "; ".join(notes), per, "numeric" if numeric else "symbolic")

    def check_continuity(self) -> FactResult:
        """Ω* and the threshold are continuous across every boundary between regions.

        Adjacent supports S and S ∪ {j} meet where z_j - t = g'(0+).  There h vanishes, so
        the threshold equations and the values of the two pieces must coincide (checked
        symbolically in (z, t)); closed-form thresholds are also compared at two boundary
        points in 40-digit arithmetic.
        """
        om = self.regulariser
        if len(self._data) == 1:
            return FactResult("continuity", True, "a single region (no boundaries)", {tuple(self._data): True})
        per, fails = {}, []
        for S, d in self._data.items():
            for j in range(1, self.n + 1):
                if j in S:
                    continue
                S2 = tuple(sorted(S + (j,)))
                if S2 not in self._data:
                    continue
                d2 = self._data[S2]
                bsub = {self.variables[j - 1]: _T + om.dg0}
                b1 = d.known_t if d.known_t is not None else d.value_t
                b2 = d2.known_t if d2.known_t is not None else d2.value_t
                qs, sub = self._q_subs(S)
                ok1, how1 = is_zero((b2.subs(bsub) - b1).subs(sub))
                ok2, how2 = is_zero((d2.equation.subs(bsub) - d.equation).subs(sub))
                ok3 = True
                if d.tau_closed is not None and d2.tau_closed is not None:
                    for point, tstar, _ in _interior_points(om, S, self.n):
                        point = dict(point)
                        point[j] = om.dg0 + tstar
                        v = complex(sp.N(d2.tau_closed.xreplace({self.variables[i - 1]: point[i] for i in point}), 40))
                        ok3 = ok3 and abs(v - float(tstar)) < 1e-25
                ok = ok1 and ok2 and ok3
                per[(S, S2)] = ok
                if not ok:
                    fails.append(f"{S}|{S2}: value {how1}; equation {how2}; closed thresholds agree: {ok3}")
        holds = all(per.values())
        return FactResult("continuity", holds, "continuous across every boundary" if holds else "; ".join(fails), per)

    def check_fenchel_young(self) -> FactResult:
        r"""Ω(p) + Ω*(z) >= ⟨p, z⟩ on every region, with equality at p = p*(z).

        With z_i = g'(q_i) + t on S (q = p*), the gap is the identity
        gap = Σ_{i∈S} D_g(p_i, q_i) + Σ_{j∉S} (g(p_j) - g(0) - (z_j - t) p_j) - t(Σp - Σq),
        checked symbolically; D_g >= 0 by convexity, and z_j - t <= g'(0+) on the region makes
        the second sum >= Σ_{j∉S}(g(p_j) - g(0) - g'(0+) p_j) >= 0; Σp = Σq = 1 removes the
        last term, and p = q (zero off S) makes every term vanish.
        """
        om = self.regulariser
        conv = om.check_convexity()
        per, fails = {}, []
        ps = [sp.Symbol(f"p_{i}", positive=True) for i in range(1, self.n + 1)]
        for S, d in self._data.items():
            base = d.known_t if d.known_t is not None else d.value_t
            qs, sub = self._q_subs(S)
            gap = om.omega(ps) + base - sp.Add(*[pi * zi for pi, zi in zip(ps, self.variables)])
            breg = sp.Add(*[
                om.g.subs(P, ps[i - 1]) - om.g.subs(P, qs[i]) - om.dg.subs(P, qs[i]) * (ps[i - 1] - qs[i])
                for i in S
            ])
            off = sp.Add(*[
                om.g.subs(P, ps[j - 1]) - om.g0 - (self.variables[j - 1] - _T) * ps[j - 1]
                for j in range(1, self.n + 1) if j not in S
            ])
            lagr = -_T * (sp.Add(*ps) - sp.Add(*qs.values()))
            # the canonical forms equal <p*, z> - Omega(p*) only where sum q = 1
            last = qs[S[-1]]
            rest = 1 - sp.Add(*[qs[i] for i in S[:-1]])
            expr = sp.expand((gap - breg - off - lagr).subs(sub)).subs(last, rest)
            ok, how = is_zero(expr)
            per[S] = ok and conv.holds
            if not per[S]:
                fails.append(f"S={S}: identity {how}; convexity {conv.detail}")
        holds = all(per.values())
        detail = (
            "gap = sum of Bregman divergences of g + dual-feasible off-support terms on every region; "
            + conv.detail
        )
        return FactResult("fenchel_young", holds, detail if holds else "; ".join(fails), per)

    def check_margin(self) -> FactResult:
        """The one-hot region is z_1 - max_{j>1} z_j >= g'(1) - g'(0+) = λ_Ω."""
        om = self.regulariser
        lam = om.margin()
        if om.dg0 == -sp.oo:
            return FactResult("margin", lam == sp.oo, "g'(0+) = -oo: no one-hot region, lambda = oo")
        if self.n < 2:
            return FactResult("margin", True, "n = 1: the map is constant")
        d = self._data[(1,)]
        z = self.variables
        t1 = d.tau_closed
        oks = []
        for j in range(2, self.n + 1):
            if self.chamber == "sorted" and j > 2:
                break
            ok, _ = is_zero((om.dg0 - (z[j - 1] - t1)) - (z[0] - z[j - 1] - lam))
            oks.append(ok)
        holds = all(oks)
        return FactResult("margin", holds, f"region of e_1: z_1 - z_j >= {lam} (= g'(1) - g'(0+))")

    def check_known_form(self) -> FactResult:
        """The family's classical closed form equals ⟨p*, z⟩ - Ω(p*) on every region."""
        if self.known_form is None:
            return FactResult("known_form", False, "no classical closed form for this regulariser")
        per, fails = {}, []
        for S, d in self._data.items():
            qs, sub = self._q_subs(S)
            expr = sp.expand((d.known_t - d.value_t).subs(sub))
            last = qs[S[-1]]
            expr = expr.subs(last, 1 - sp.Add(*[qs[i] for i in S[:-1]]))
            ok, how = is_zero(expr)
            per[S] = ok
            if not ok:
                fails.append(f"S={S}: {how}")
        holds = all(per.values())
        return FactResult("known_form", holds, f"recognised: {self.known_form}" if holds else "; ".join(fails), per)

    def verify(self) -> dict:
        """Run every check; returns {name: FactResult}."""
        out = {}
        for name in ("danskin", "threshold", "continuity", "fenchel_young", "margin", "known_form"):
            out[name] = getattr(self, f"check_{name}")()
        return out

    def __repr__(self):
        return (
            f"Conjugate({self.regulariser!r}, n={self.n}, chamber={self.chamber!r}, "
            f"pieces={len(self.pieces)}, closed_form={self.closed_form})"
        )


# ------------------------------------------------------------------------ construction


def _from_callable(fn, n, timeout):
    p = [sp.Symbol(f"p_{i}", positive=True) for i in range(1, n + 1)]
    out = fn(p)
    # never sympify what a user callable returns: text would be evaluated as Python
    if isinstance(out, sp.Basic):
        expr = out
    elif isinstance(out, (int, float, Fraction)) and not isinstance(out, bool):
        expr = sp.nsimplify(out) if isinstance(out, float) else sp.Rational(out)
    else:
        raise TypeError(f"Omega(p) must return a SymPy expression, got {type(out).__name__}; for a regulariser "
                        "given as text use Separable.from_string, which parses without evaluating")
    for i in range(n):
        for j in range(i + 1, n):
            mixed = sp.simplify(sp.diff(expr, p[i], p[j]))
            if mixed != 0:
                raise UnsupportedRegulariser(
                    f"Omega is not separable: d^2 Omega / dp_{i + 1} dp_{j + 1} = {mixed} != 0; the conjugate "
                    "engine handles Omega(p) = sum_i g(p_i) only"
                )
    g = expr.subs({pi: P for pi in p}) / n
    if not is_zero(sp.Add(*[g.subs(P, pi) for pi in p]) - expr)[0]:
        raise UnsupportedRegulariser("Omega is not a symmetric sum of one function g(p_i)")
    return Separable(g, P, timeout=timeout)


@functools.lru_cache(maxsize=128)
def _build(omega, n, chamber, timeout):
    return Conjugate(omega, n, chamber, timeout)


def conjugate(Omega, n: int, chamber: str = "sorted", timeout: float = 10.0) -> Conjugate:
    r"""Convex conjugate of a separable regulariser on the simplex, as a Piecewise.

    .. math::

        \Omega^*(z) = \max_{p\in\Delta^n}\ \langle p, z\rangle - \Omega(p),
        \qquad z\in\mathbb R^n .

    Parameters
    ----------
    Omega : Regulariser or callable
        :func:`Shannon`, :func:`Gini`, :func:`Tsallis`, :class:`Separable`, or a callable
        taking a list of n SymPy symbols p_1..p_n and returning Ω(p); the callable is
        accepted only if Ω is a symmetric sum Σ g(p_i) (mixed second derivatives vanish),
        otherwise :class:`UnsupportedRegulariser` is raised.
    n : int
        Number of scores (>= 1).
    chamber : {"sorted", "all"}
        ``"sorted"``: the n top-k supports, valid on z_1 >= ... >= z_n; ``"all"``: the
        2^n - 1 supports (n <= 10).
    timeout : float
        Seconds for each ``solve`` run in a forked process.

    Returns
    -------
    Conjugate
        ``.expr``, ``.variables``, ``.pieces``, ``.closed_form``, ``.notes``, ``.latex()``,
        ``.numeric(z)``, ``.map_expr()``, ``.gradient()`` and the ``check_*`` facts.
        Results are cached per (Omega, n, chamber, timeout).

    Notes
    -----
    **Hypotheses.** Ω separable with g strictly convex on (0, 1] and (g')^{-1} in closed
    form (checked when the regulariser is built).

    References
    ----------
    Blondel, Martins & Niculae, JMLR 2020, Prop. 4; conventions §3 (negentropy, margin).
    """
    if not isinstance(Omega, Regulariser):
        if callable(Omega) and not isinstance(Omega, type):
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise ValueError(f"n must be an int >= 1; got {n!r}")
            Omega = _from_callable(Omega, n, timeout)
        else:
            raise TypeError(
                f"Omega must be a Regulariser (Shannon(), Gini(), Tsallis(alpha), Separable(g, p)) or a "
                f"callable of the list p; got {type(Omega).__name__}"
            )
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1; got {n!r}")
    if chamber not in ("sorted", "all"):
        raise ValueError(f"chamber must be 'sorted' or 'all'; got {chamber!r}")
    if chamber == "all" and n > 10:
        raise ValueError(f"chamber='all' builds 2^n - 1 pieces; n = {n} is too large (use n <= 10 or 'sorted')")
    if chamber == "sorted" and n > 200:
        raise ValueError(f"n = {n} is too large for a symbolic conjugate (n <= 200)")
    timeout = float(timeout)
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0; got {timeout}")
    return _build(Omega, n, chamber, timeout)
