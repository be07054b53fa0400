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

Every input costs bounded work: the text is at most 2000 characters; a literal has at most 40
characters and a decimal exponent of at most 300 in size; nesting (parentheses, function
calls, unary signs and powers, one level each) is at most 60 levels deep; a numeric exponent is
at most 64 in size, the exponent of the variable after SymPy combines powers at most 4096
(so ``(p^64)^64`` is accepted and ``((p^64)^64)^64`` is not); an exact number built from the
text has at most 5000 bits, and a number raised to a non-integer power at most 512 bits.
Each limit raises ``ValueError`` naming it before the costly step is taken.
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
_MAX_DECIMAL_EXPONENT = 300
_MAX_VARIABLE_EXPONENT = 4096
_MAX_NUMBER_BITS = 5000
_MAX_ROOT_BITS = 512

_FUNCTIONS = {"log": sp.log, "exp": sp.exp, "sqrt": sp.sqrt}

_DECIMAL = re.compile(r"(?P<mant>\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?")


def exact_decimal(text: str, what: str = "number") -> sp.Rational:
    """The exact rational value of a decimal literal such as ``'0.1'`` or ``'2.5e-3'``.

    The size of the literal is checked before any arithmetic: at most 40 characters and a
    decimal exponent of at most 300 in size (``Fraction('1e99999999')`` would build a
    hundred-million-digit integer).  Raises ``ValueError`` naming ``what`` otherwise.
    """
    m = _DECIMAL.fullmatch(text)
    if m is None:
        raise ValueError(f"{what} {text[:40]!r} is not a decimal number")
    if len(text) > _MAX_NUMBER_LENGTH:
        raise ValueError(f"{what} has more than {_MAX_NUMBER_LENGTH} characters ({text[:20]}...)")
    exp = int(m.group("exp") or 0)
    if abs(exp) > _MAX_DECIMAL_EXPONENT:
        raise ValueError(
            f"{what} {text!r} has a decimal exponent of {exp}; at most {_MAX_DECIMAL_EXPONENT} in size is allowed"
        )
    frac = Fraction(m.group("mant")) * Fraction(10) ** exp
    return sp.Rational(frac.numerator, frac.denominator)


def _bits(x: sp.Rational) -> int:
    return max(int(x.p).bit_length(), int(x.q).bit_length())


def _check_variable_exponents(expr: sp.Expr) -> None:
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.exp.is_Number and not node.base.is_Number:
            e = node.exp
            if abs(e) > _MAX_VARIABLE_EXPONENT or (e.is_Rational and _bits(e) > 64):
                raise ValueError(
                    f"cannot parse g(p): the power {sp.sstr(node)[:60]} has exponent {sp.sstr(e)[:40]} "
                    f"after combining powers; at most {_MAX_VARIABLE_EXPONENT} in size is allowed"
                )


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

    def enter(self, pos):
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            where = f" at position {pos}" if pos is not None else ""
            raise ValueError(
                f"cannot parse g(p): nesting deeper than {_MAX_DEPTH} levels{where} (each parenthesis, "
                "function call, unary sign and power counts as one level)"
            )

    def leave(self):
        self.depth -= 1

    # -- grammar
    def expr(self):
        out = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            rhs = self.term()
            out = sp.Add(out, rhs) if op == "+" else sp.Add(out, sp.Mul(sp.Integer(-1), rhs))
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
            self.check_number(out)
        return out

    def unary(self):
        # signs are read in a loop (no recursion), each one a level of nesting
        negative, levels = False, 0
        while self.peek()[1] in ("+", "-"):
            kind, op, pos = self.take()
            self.enter(pos)
            levels += 1
            negative ^= op == "-"
        out = self.power()
        for _ in range(levels):
            self.leave()
        return sp.Mul(sp.Integer(-1), out) if negative else out

    def check_number(self, x):
        if x.is_Rational and _bits(x) > _MAX_NUMBER_BITS:
            raise ValueError(f"cannot parse g(p): an exact number in the text exceeds {_MAX_NUMBER_BITS} bits")

    def power(self):
        base = self.atom()
        kind, op, pos = self.peek()
        if op in ("^", "**"):
            self.take()
            self.enter(pos)
            exponent = self.unary()
            self.leave()
            if exponent.is_Number and abs(exponent) > _MAX_NUMERIC_EXPONENT:
                raise ValueError(
                    f"cannot parse g(p): numeric exponent {sp.sstr(exponent)[:40]} at position {pos} exceeds "
                    f"{_MAX_NUMERIC_EXPONENT} in size"
                )
            if exponent.is_Rational and _bits(exponent) > 64:
                raise ValueError(f"cannot parse g(p): the exponent at position {pos} is too long a fraction")
            if base == 0 and exponent.is_Number and exponent <= 0:
                raise ValueError("cannot parse g(p): 0 raised to a non-positive power")
            if base.is_Rational and exponent.is_Number:
                # bound the exact result before SymPy computes it
                if exponent.is_Integer and _bits(base) * abs(int(exponent)) > _MAX_NUMBER_BITS:
                    raise ValueError(
                        f"cannot parse g(p): the power at position {pos} would be an exact number of more "
                        f"than {_MAX_NUMBER_BITS} bits"
                    )
                if not exponent.is_Integer and _bits(base) > _MAX_ROOT_BITS:
                    raise ValueError(
                        f"cannot parse g(p): the power at position {pos} takes a non-integer power of a number "
                        f"of more than {_MAX_ROOT_BITS} bits"
                    )
            elif exponent.is_Number:
                # (p^64)^64 is p^4096 once SymPy combines the powers; check before it does
                for node in sp.preorder_traversal(base):
                    if isinstance(node, sp.Pow) and node.exp.is_Number and not node.base.is_Number:
                        if abs(node.exp * exponent) > _MAX_VARIABLE_EXPONENT:
                            raise ValueError(
                                f"cannot parse g(p): the power at position {pos} makes an exponent of "
                                f"{sp.sstr(node.exp * exponent)[:40]} for the variable; at most "
                                f"{_MAX_VARIABLE_EXPONENT} in size is allowed"
                            )
            out = sp.Pow(base, exponent)
            self.check_number(out)
            _check_variable_exponents(out)
            return out
        return base

    def atom(self):
        kind, text, pos = self.take()
        if kind is None:
            raise ValueError("cannot parse g(p): unexpected end of text")
        if kind == "number":
            try:
                return exact_decimal(text, f"the number at position {pos}")
            except ValueError as exc:
                raise ValueError(f"cannot parse g(p): {exc}") from None
        if kind == "name":
            if text == self.variable:
                return self.symbol
            if text in _FUNCTIONS:
                self.expect("(")
                self.enter(pos)
                arg = self.expr()
                self.leave()
                self.expect(")")
                return _FUNCTIONS[text](arg)
            raise ValueError(
                f"cannot parse g(p): unknown name {text!r} at position {pos} "
                f"(allowed: the variable {self.variable!r} and the functions log, exp, sqrt)"
            )
        if text == "(":
            self.enter(pos)
            out = self.expr()
            self.leave()
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
