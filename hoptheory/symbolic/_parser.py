"""A restricted parser for scalar functions g(p) typed as text.

The text is tokenised with a whitelist and parsed by recursive descent; the SymPy tree is
built from constructors (``Add``, ``Mul``, ``Pow``, ``log``, ``exp``, ``sqrt``, ``Rational``).
Nothing is ever passed to ``eval``, ``sympify`` or ``parse_expr``, so a string such as
``__import__('os').system('...')`` is rejected at the first character outside the
grammar and nothing in it runs.

Grammar (``^`` and ``**`` both mean power; power binds tighter than unary minus and is
right associative, so ``-p^2`` is ``-(p^2)`` and ``p^-1`` is ``1/p``)::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("+" | "-") unary | power
    power  := atom (("^" | "**") unary)?
    atom   := NUMBER | VARIABLE | FUNC "(" expr ")" | "(" expr ")"
    FUNC   := "log" | "exp" | "sqrt"

Numbers are decimal literals (``2``, ``0.5``, ``1e-3``) converted exactly to rationals, so
``0.1`` means 1/10.
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy as sp

__all__ = ["parse_scalar_function"]

_MAX_LENGTH = 2000
_MAX_DEPTH = 60
_MAX_NUMBER_LENGTH = 40
_MAX_NUMERIC_EXPONENT = 64

_FUNCTIONS = {"log": sp.log, "exp": sp.exp, "sqrt": sp.sqrt}

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t]+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9]*)
  | (?P<op>\*\*|[-+*/^()])
    """,
    re.VERBOSE,
)


def _tokenise(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(
                f"cannot parse g(p): character {text[pos]!r} at position {pos} is not allowed "
                "(only numbers, the variable, + - * / ^ ** parentheses and log, exp, sqrt)"
            )
        kind = m.lastgroup
        if kind != "space":
            tokens.append((kind, m.group(), pos))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, tokens, variable: str, symbol: sp.Symbol):
        self.tokens = tokens
        self.i = 0
        self.variable = variable
        self.symbol = symbol
        self.depth = 0

    # -- helpers
    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, value):
        kind, text, pos = self.take()
        if text != value:
            where = f"position {pos}" if pos is not None else "the end"
            raise ValueError(f"cannot parse g(p): expected {value!r} at {where}, found {text!r}")

    def enter(self):
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ValueError(f"cannot parse g(p): nesting deeper than {_MAX_DEPTH} levels")

    def leave(self):
        self.depth -= 1

    # -- grammar
    def expr(self):
        self.enter()
        out = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            rhs = self.term()
            out = sp.Add(out, rhs) if op == "+" else sp.Add(out, sp.Mul(sp.Integer(-1), rhs))
        self.leave()
        return out

    def term(self):
        out = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            rhs = self.unary()
            if op == "*":
                out = sp.Mul(out, rhs)
            else:
                if rhs == 0:
                    raise ValueError("cannot parse g(p): division by zero")
                out = sp.Mul(out, sp.Pow(rhs, sp.Integer(-1)))
        return out

    def unary(self):
        self.enter()
        if self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            arg = self.unary()
            out = arg if op == "+" else sp.Mul(sp.Integer(-1), arg)
        else:
            out = self.power()
        self.leave()
        return out

    def power(self):
        base = self.atom()
        if self.peek()[1] in ("^", "**"):
            self.take()
            exponent = self.unary()
            if exponent.is_Number and abs(exponent) > _MAX_NUMERIC_EXPONENT:
                raise ValueError(
                    f"cannot parse g(p): numeric exponent {exponent} exceeds {_MAX_NUMERIC_EXPONENT} in size"
                )
            if base == 0 and exponent.is_Number and exponent <= 0:
                raise ValueError("cannot parse g(p): 0 raised to a non-positive power")
            return sp.Pow(base, exponent)
        return base

    def atom(self):
        kind, text, pos = self.take()
        if kind is None:
            raise ValueError("cannot parse g(p): unexpected end of text")
        if kind == "number":
            if len(text) > _MAX_NUMBER_LENGTH:
                raise ValueError(f"cannot parse g(p): number at position {pos} is too long")
            frac = Fraction(text)
            return sp.Rational(frac.numerator, frac.denominator)
        if kind == "name":
            if text == self.variable:
                return self.symbol
            if text in _FUNCTIONS:
                self.expect("(")
                arg = self.expr()
                self.expect(")")
                return _FUNCTIONS[text](arg)
            raise ValueError(
                f"cannot parse g(p): unknown name {text!r} at position {pos} "
                f"(allowed: the variable {self.variable!r} and the functions log, exp, sqrt)"
            )
        if text == "(":
            out = self.expr()
            self.expect(")")
            return out
        raise ValueError(f"cannot parse g(p): unexpected {text!r} at position {pos}")


def parse_scalar_function(text: str, variable: str = "p", symbol: sp.Symbol | None = None) -> sp.Expr:
    """Parse ``text`` as a scalar function of one variable (see the module grammar).

    Returns a SymPy expression in ``symbol`` (a positive Symbol named ``variable`` when
    None).  Raises ``ValueError`` for anything outside the grammar; nothing is executed.
    """
    if not isinstance(text, str):
        raise TypeError(f"g must be given as a str; got {type(text).__name__}")
    if not isinstance(variable, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", variable) or variable in _FUNCTIONS:
        raise ValueError(f"variable must be a plain name other than log, exp, sqrt; got {variable!r}")
    if len(text) > _MAX_LENGTH:
        raise ValueError(f"cannot parse g(p): text longer than {_MAX_LENGTH} characters")
    if symbol is None:
        symbol = sp.Symbol(variable, positive=True)
    tokens = _tokenise(text)
    if not tokens:
        raise ValueError("cannot parse g(p): empty text")
    parser = _Parser(tokens, variable, symbol)
    out = parser.expr()
    if parser.i != len(tokens):
        kind, tok, pos = tokens[parser.i]
        raise ValueError(f"cannot parse g(p): unexpected {tok!r} at position {pos}")
    return out
