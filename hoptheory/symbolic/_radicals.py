"""Exact zero tests for expressions with square roots of polynomials.

An expression A(z) + Σ_k B_k(z) √P_k(z) with polynomial P_k is zero when, after each √P_k is
replaced by a new symbol r_k and the numerator of the rational function is reduced modulo
r_k² - P_k, every coefficient of the remaining monomials in r is the zero polynomial.  This
is exact (a polynomial identity), needs no simplification heuristics, and takes milliseconds
where ``simplify`` on nested radicals takes minutes.  The radicands are first normalised,
√(cP) = √c √P with c > 0 rational and P primitive, so that equal radicals become one symbol.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["normalise_sqrt", "radical_is_zero"]


def _is_sqrt(e) -> bool:
    return isinstance(e, sp.Pow) and e.exp.is_Rational and e.exp.q == 2 and e.base.free_symbols


def normalise_sqrt(expr: sp.Expr) -> sp.Expr:
    """Rewrite every √(c·P) as √c·√P (c > 0 rational content, P primitive and expanded)."""

    def fix(e):
        base = sp.expand(e.base)
        c, prim = base.as_content_primitive()
        if c.is_positive and c != 1:
            return sp.sqrt(c) ** e.exp.p * sp.Pow(prim, e.exp)
        return sp.Pow(base, e.exp)

    return expr.replace(_is_sqrt, fix)


def radical_is_zero(expr: sp.Expr) -> bool | None:
    """True when ``expr`` is identically zero as an algebraic function of its symbols.

    Every √P (P a polynomial in the free symbols) is a symbol r with r² = P.  Returns
    ``None`` when the expression has other non-polynomial parts (logarithms, nested or
    non-square roots), so that the caller can fall back to another method; ``False`` when
    the reduced polynomial identity does not hold.
    """
    expr = normalise_sqrt(sp.sympify(expr))
    roots = sorted({a.base for a in expr.atoms(sp.Pow) if _is_sqrt(a)}, key=sp.default_sort_key)
    syms = sorted(expr.free_symbols, key=sp.default_sort_key)
    rs = [sp.Dummy(f"r{k}") for k in range(len(roots))]
    rel = {}
    for r, base in zip(rs, roots):
        if any(_is_sqrt(a) for a in base.atoms(sp.Pow)):
            return None
        rel[r] = base
    sub = {}
    for r, base in zip(rs, roots):
        sub[sp.sqrt(base)] = r
        sub[1 / sp.sqrt(base)] = 1 / r
    e = expr.xreplace(sub)
    e = e.replace(lambda a: isinstance(a, sp.Pow) and a.base in roots and a.exp.is_Rational and a.exp.q == 2,
                  lambda a: [r for r, b in zip(rs, roots) if b == a.base][0] ** (a.exp * 2))
    num, _ = sp.fraction(sp.together(e))
    num = sp.expand(num)
    if not num.free_symbols:
        return sp.simplify(num) == 0
    try:
        poly = sp.Poly(sp.expand(num), *rs, *syms)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    if not rs:
        return poly.is_zero
    # r_k^m = P_k^(m // 2) r_k^(m mod 2): afterwards every r_k appears to degree <= 1
    red = poly.as_expr()
    for r in rs:
        pr = sp.Poly(red, r)
        red = sp.expand(sp.Add(*[c * rel[r] ** (m // 2) * r ** (m % 2) for (m,), c in pr.terms()]))
    p = sp.Poly(red, *rs)
    return all(sp.expand(c) == 0 for c in p.coeffs())
