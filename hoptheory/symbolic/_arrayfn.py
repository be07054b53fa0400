"""Compile SymPy expressions to array-API functions with stable numerics.

``sympy.lambdify`` prints code for one module (NumPy, math, ...) and evaluates
``log(exp(a) + exp(b))`` literally, which overflows for ``a = 1000``.  This module walks
the expression tree once and builds a closure that evaluates it with the namespace of its
array arguments (NumPy, CuPy, array-api-strict).  Two patterns are rewritten:

* ``log(c_1 exp(a_1) + ... + c_k exp(a_k))`` with positive numbers ``c_i`` is evaluated as
  ``m + log(sum_i exp(a_i + log c_i - m))`` with ``m = max_i (a_i + log c_i)`` (log-sum-exp
  with a max shift: no term overflows, and the largest term is exactly ``exp(0) = 1``);
* a product ``exp(b) * (sum of positive exponentials)^(-q)`` (softmax and its derivatives)
  is evaluated in the log domain, ``exp(b - q * lse(...))``, so numerator and denominator
  never overflow separately.

Only arithmetic, ``exp``, ``log``, ``sqrt`` and rational powers, ``Abs``, ``Max``/``Min``,
relations, ``And``/``Or``/``Not`` and ``Piecewise`` are supported; anything else raises
:class:`NotCompilable`.
"""

from __future__ import annotations

import functools
import math

import sympy as sp

from ..backend import get_namespace

__all__ = ["NotCompilable", "array_function"]


class NotCompilable(ValueError):
    """The expression contains a function that has no array-API numeric twin here."""


def _pos_exp_terms(add: sp.Expr):
    """Return [(log c_i, a_i)] if ``add`` is a sum of positive multiples of exponentials."""
    if not isinstance(add, sp.Add):
        return None
    out = []
    for term in add.args:
        coeff, rest = term.as_coeff_Mul()
        if not (coeff.is_Number and coeff > 0):
            return None
        if isinstance(rest, sp.exp):
            out.append((math.log(float(coeff)), rest.args[0]))
        elif rest == 1:
            out.append((math.log(float(coeff)), sp.Integer(0)))
        else:
            return None
    return out


class _Compiler:
    def __init__(self, symbols):
        self.index = {s: i for i, s in enumerate(symbols)}

    def compile(self, expr):
        expr = sp.sympify(expr) if not isinstance(expr, sp.Basic) else expr
        if isinstance(expr, sp.Symbol):
            if expr not in self.index:
                raise NotCompilable(f"free symbol {expr} is not among the arguments")
            i = self.index[expr]
            return lambda env, xp: env[i]
        if expr is sp.true or expr == sp.true:
            return lambda env, xp: True
        if expr is sp.false or expr == sp.false:
            return lambda env, xp: False
        if expr.is_Number:
            if expr in (sp.oo, -sp.oo, sp.zoo, sp.nan):
                v = float(expr) if expr != sp.zoo else math.nan
            else:
                v = float(expr)
            return lambda env, xp: v
        if isinstance(expr, sp.NumberSymbol):
            v = float(expr)
            return lambda env, xp: v
        if isinstance(expr, sp.Add):
            parts = [self.compile(a) for a in expr.args]
            return lambda env, xp: functools.reduce(lambda a, b: a + b, (f(env, xp) for f in parts))
        if isinstance(expr, sp.Mul):
            return self._mul(expr)
        if isinstance(expr, sp.Pow):
            return self._pow(expr)
        if isinstance(expr, sp.exp):
            f = self.compile(expr.args[0])
            return lambda env, xp: _call(xp, "exp", f(env, xp))
        if isinstance(expr, sp.log):
            terms = _pos_exp_terms(expr.args[0])
            if terms is not None:
                return self._lse(terms)
            f = self.compile(expr.args[0])
            return lambda env, xp: _call(xp, "log", f(env, xp))
        if isinstance(expr, sp.Abs):
            f = self.compile(expr.args[0])
            return lambda env, xp: _call(xp, "abs", f(env, xp))
        if isinstance(expr, (sp.Max, sp.Min)):
            name = "maximum" if isinstance(expr, sp.Max) else "minimum"
            parts = [self.compile(a) for a in expr.args]
            return lambda env, xp: functools.reduce(
                lambda a, b: _call2(xp, name, a, b), (f(env, xp) for f in parts)
            )
        if isinstance(expr, sp.Piecewise):
            return self._piecewise(expr)
        if isinstance(expr, sp.core.relational.Relational):
            lhs, rhs = self.compile(expr.lhs), self.compile(expr.rhs)
            op = expr.rel_op
            ops = {
                ">": lambda a, b: a > b,
                ">=": lambda a, b: a >= b,
                "<": lambda a, b: a < b,
                "<=": lambda a, b: a <= b,
                "==": lambda a, b: a == b,
                "!=": lambda a, b: a != b,
            }
            fn = ops[op]
            return lambda env, xp: fn(lhs(env, xp), rhs(env, xp))
        if isinstance(expr, (sp.And, sp.Or)):
            parts = [self.compile(a) for a in expr.args]
            name = "logical_and" if isinstance(expr, sp.And) else "logical_or"
            return lambda env, xp: functools.reduce(
                lambda a, b: _logic(xp, name, a, b), (f(env, xp) for f in parts)
            )
        if isinstance(expr, sp.Not):
            f = self.compile(expr.args[0])
            return lambda env, xp: _not(xp, f(env, xp))
        raise NotCompilable(
            f"{type(expr).__name__} has no array-API numeric twin in hoptheory.symbolic "
            f"(supported: arithmetic, exp, log, sqrt, rational powers, Abs, Max, Min, Piecewise)"
        )

    def _lse(self, terms):
        parts = [(c, self.compile(a)) for c, a in terms]

        def f(env, xp):
            vals = [a(env, xp) + c for c, a in parts]
            m = functools.reduce(lambda a, b: _call2(xp, "maximum", a, b), vals)
            # a max shift: every exponent is <= 0 and the largest equals 0
            s = functools.reduce(lambda a, b: a + b, (_call(xp, "exp", v - m) for v in vals))
            return _call(xp, "log", s) + m

        return f

    def _mul(self, expr):
        # log-domain evaluation of exp(b) * S^(-q) with S a positive sum of exponentials
        exps, denoms, others = [], [], []
        for factor in expr.args:
            if isinstance(factor, sp.exp):
                exps.append(factor.args[0])
            elif (
                isinstance(factor, sp.Pow)
                and factor.exp.is_Number
                and factor.exp < 0
                and _pos_exp_terms(factor.base) is not None
            ):
                denoms.append((float(-factor.exp), _pos_exp_terms(factor.base)))
            else:
                others.append(factor)
        if exps and denoms:
            num = self.compile(sp.Add(*exps))
            lses = [(q, self._lse(t)) for q, t in denoms]
            rest = [self.compile(o) for o in others]

            def f(env, xp):
                logv = num(env, xp)
                for q, lse in lses:
                    logv = logv - q * lse(env, xp)
                out = _call(xp, "exp", logv)
                for r in rest:
                    out = out * r(env, xp)
                return out

            return f
        parts = [self.compile(a) for a in expr.args]
        return lambda env, xp: functools.reduce(lambda a, b: a * b, (g(env, xp) for g in parts))

    def _pow(self, expr):
        base, ex = expr.base, expr.exp
        if isinstance(base, sp.Basic) and base == sp.E:
            f = self.compile(ex)
            return lambda env, xp: _call(xp, "exp", f(env, xp))
        fb = self.compile(base)
        if ex == sp.Rational(1, 2):
            return lambda env, xp: _call(xp, "sqrt", fb(env, xp))
        if ex == sp.Rational(-1, 2):
            return lambda env, xp: 1.0 / _call(xp, "sqrt", fb(env, xp))
        if ex.is_Integer:
            k = int(ex)
            if k >= 0:
                return lambda env, xp: fb(env, xp) ** k
            return lambda env, xp: 1.0 / (fb(env, xp) ** (-k))
        if ex.is_Number:
            v = float(ex)
            return lambda env, xp: _fpow(xp, fb(env, xp), v)
        fe = self.compile(ex)
        return lambda env, xp: _fpow(xp, fb(env, xp), fe(env, xp))


def _fpow(xp, a, b):
    if isinstance(a, float) and isinstance(b, float):
        try:
            return math.pow(a, b)
        except ValueError:
            return math.nan
    if isinstance(a, float):
        return xp.pow(xp.asarray(a, dtype=b.dtype), b)
    return xp.pow(a, b) if not isinstance(b, float) else a ** b


def _call(xp, name, a):
    if isinstance(a, float):
        try:
            return float(getattr(math, {"abs": "fabs"}.get(name, name))(a))
        except (ValueError, OverflowError):
            return float(getattr(__import__("numpy"), name)(a))
    return getattr(xp, name)(a)


def _call2(xp, name, a, b):
    if isinstance(a, float) and isinstance(b, float):
        return max(a, b) if name == "maximum" else min(a, b)
    if isinstance(a, float):
        a = xp.asarray(a, dtype=b.dtype)
    if isinstance(b, float):
        b = xp.asarray(b, dtype=a.dtype)
    return getattr(xp, name)(a, b)


def _logic(xp, name, a, b):
    if isinstance(a, bool) and isinstance(b, bool):
        return (a and b) if name == "logical_and" else (a or b)
    if isinstance(a, bool):
        a, b = b, a
    if isinstance(b, bool):
        if name == "logical_and":
            return a if b else xp.zeros_like(a, dtype=xp.bool)
        return xp.ones_like(a, dtype=xp.bool) if b else a
    return getattr(xp, name)(a, b)


def _not(xp, a):
    if isinstance(a, bool):
        return not a
    return xp.logical_not(a)


def _where(xp, cond, a, b, like):
    if isinstance(cond, bool):
        return a if cond else b
    if isinstance(a, float):
        a = xp.asarray(a, dtype=like.dtype)
    if isinstance(b, float):
        b = xp.asarray(b, dtype=like.dtype)
    return xp.where(cond, a, b)


def _piecewise_impl(self, expr):
    pieces = [(self.compile(e), self.compile(c)) for e, c in expr.args]

    def f(env, xp):
        like = next((v for v in env if not isinstance(v, float)), None)
        out = math.nan
        # walk backwards so that the first true condition wins
        for val, cond in reversed(pieces):
            c = cond(env, xp)
            v = val(env, xp)
            if like is None:
                out = v if c else out
            else:
                out = _where(xp, c, v, out, like)
        return out

    return f


_Compiler._piecewise = _piecewise_impl


def array_function(expr, args):
    """Compile a SymPy expression into a function of arrays (array API, stable numerics).

    .. math::

        f(a_1, \\dots, a_k) = \\mathrm{expr}\\big|_{s_1 = a_1, \\dots, s_k = a_k}

    Parameters
    ----------
    expr : sympy.Expr
        Built from arithmetic, ``exp``, ``log``, rational powers, ``Abs``, ``Max``, ``Min``,
        relations and ``Piecewise``.
    args : sequence of sympy.Symbol
        The symbols ``s_1, ..., s_k``, in the order of the returned function's arguments.

    Returns
    -------
    callable
        ``f(*arrays)``; the arrays broadcast against each other and share one namespace,
        which the result keeps.  ``log`` of a positive sum of exponentials is evaluated as a
        max-shifted log-sum-exp and ``exp(b) / (sum of exponentials)^q`` in the log domain,
        so neither overflows.

    Raises
    ------
    NotCompilable
        For functions without a numeric twin here (for example ``LambertW``).

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> a, b = sp.symbols("a b", real=True)
    >>> f = array_function(sp.log(sp.exp(a) + sp.exp(b)), [a, b])
    >>> float(f(np.asarray(1000.0), np.asarray(1000.0)))  # naive formula overflows
    1000.6931471805599
    """
    if not isinstance(expr, (sp.Basic, int, float)) or isinstance(expr, bool):
        # text is never handed to sympify (which evaluates Python)
        raise TypeError(f"expr must be a SymPy expression; got {type(expr).__name__}")
    args = tuple(args)
    comp = _Compiler(args)
    fn = comp.compile(expr)

    def evaluate(*arrays):
        if len(arrays) != len(args):
            raise TypeError(f"expected {len(args)} arrays ({', '.join(map(str, args))}); got {len(arrays)}")
        xp = get_namespace(*arrays)
        out = fn(list(arrays), xp)
        if isinstance(out, (float, bool)):
            like = next((a for a in arrays if hasattr(a, "shape")), None)
            if like is not None:
                out = xp.full(like.shape, float(out), dtype=like.dtype)
            else:
                out = xp.asarray(float(out))
        return out

    evaluate.__doc__ = f"Array-API evaluation of {expr} in ({', '.join(map(str, args))})."
    return evaluate
