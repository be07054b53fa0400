"""The restricted parser of Separable.from_string: accepts arithmetic, rejects everything else."""

import os

import pytest
import sympy as sp

from hoptheory.symbolic import Separable, Shannon, parse_scalar_function
from hoptheory.symbolic._regularisers import P


@pytest.mark.parametrize(
    "text, expected",
    [
        ("p*log(p)", P * sp.log(P)),
        ("(p^2 - p)/2", (P**2 - P) / 2),
        ("(p**2 - p)/2", (P**2 - P) / 2),
        ("-p^2", -(P**2)),
        ("p^-1", 1 / P),
        ("2^3^2", sp.Integer(2) ** 9),  # right associative
        ("1 + 2*p^2", 1 + 2 * P**2),  # ^ binds tighter than * and +
        ("0.1*p", sp.Rational(1, 10) * P),  # decimals are exact
        ("1e-3*exp(p) + sqrt(p)", sp.Rational(1, 1000) * sp.exp(P) + sp.sqrt(P)),
    ],
)
def test_accepts_arithmetic(text, expected):
    assert sp.simplify(parse_scalar_function(text, symbol=P) - expected) == 0


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "p.__class__",
        "exec('1')",
        "eval('p')",
        "lambda p: p",
        "x*log(x)",  # wrong variable
        "p; 1",
        "p[0]",
        "'p'",
        "p if p else 1",
        "log(p, 2)",  # only one argument
        "sin(p)",  # function not on the whitelist
        "p ** ",
        "(p",
        "",
        "9^9^9",  # numeric exponent too large
        "p" + "+p" * 2000,  # too long
    ],
)
def test_rejects(text):
    with pytest.raises(ValueError):
        parse_scalar_function(text)


def test_injection_is_not_executed(tmp_path, monkeypatch):
    canary = tmp_path / "canary"
    payload = f"__import__('os').system('touch {canary}')"
    # the parser must never hand the text to SymPy's string machinery
    def forbidden(*args, **kwargs):
        raise AssertionError("sympify/parse_expr called on user text")

    monkeypatch.setattr(sp, "sympify", forbidden)
    monkeypatch.setattr(sp.parsing.sympy_parser, "parse_expr", forbidden)
    with pytest.raises(ValueError, match="not allowed"):
        Separable.from_string(payload)
    with pytest.raises(ValueError):
        Separable.from_string(f"p + __import__('os').system('touch {canary}')")
    assert not canary.exists()
    assert not os.path.exists(canary)


def test_from_string_gives_the_regulariser():
    s = Separable.from_string("p*log(p)")
    assert sp.simplify(s.g - Shannon().g) == 0
    assert s.dg0 == -sp.oo
    assert sp.simplify(s.h.subs(s.u, 0) - sp.exp(-1)) == 0
    q = Separable.from_string("q^2/2", variable="q")
    assert sp.simplify(q.g - P**2 / 2) == 0
    with pytest.raises(TypeError):
        Separable("p**2", P)  # text only through from_string
