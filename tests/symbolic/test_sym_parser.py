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


# ------------------------------------------------------------------ bounded work

from hoptheory.symbolic import Tsallis  # noqa: E402
from hoptheory.symbolic._common import run_with_timeout  # noqa: E402

#: Inputs that once ran for more than a minute: each must now be refused quickly.
_HANGING = [
    (Separable.from_string, "1e99999999*p^2", "decimal exponent"),
    (Separable.from_string, "1e-99999999", "decimal exponent"),
    (Separable.from_string, "((((((2^64)^64)^64)^64)^64)^64)*p^2", "bits"),
    (Separable.from_string, "(((p^64)^64)^64)^64", "exponent of 262144"),
    (Separable.from_string, "((p^64)^64)^64", "at most 4096"),
    (Tsallis, "1e1000000000", "decimal exponent"),
    (Tsallis, "1/1e99999999", "decimal exponent"),
    (parse_scalar_function, "2^64^64", "exceeds 64"),
    (parse_scalar_function, "(9^64)^64^64", "exceeds 64"),
]


def _refusal(fn, text):
    try:
        fn(text)
    except ValueError as exc:
        return str(exc)
    return "accepted"


@pytest.mark.parametrize("fn, text, words", _HANGING)
def test_once_hanging_inputs_are_refused_at_once(fn, text, words):
    # a forked child under a one-second limit: a hang is reported, not waited for
    status, msg = run_with_timeout(_refusal, (fn, text), 1.0)
    assert status == "ok", f"{text!r}: {status}"
    assert words in msg


def test_power_of_a_power_is_accepted_and_inverted():
    s = Separable.from_string("(p^64)^64")
    assert s.g == P**4096
    assert sp.simplify(s.h.subs(s.u, s.dg.subs(P, sp.Rational(1, 3))) - sp.Rational(1, 3)) == 0


@pytest.mark.parametrize("depth", [1, 30, 60])
def test_nesting_limit_is_the_one_announced(depth):
    assert parse_scalar_function("(" * depth + "p" + ")" * depth, symbol=P) == P
    assert parse_scalar_function("-" * depth + "p", symbol=P) == (-1) ** depth * P


@pytest.mark.parametrize(
    "text", ["(" * 61 + "p" + ")" * 61, "-" * 61 + "p", "p^" * 61 + "2", "exp(" * 61 + "p" + ")" * 61]
)
def test_nesting_beyond_the_limit_is_refused_with_the_limit(text):
    with pytest.raises(ValueError, match="nesting deeper than 60 levels"):
        parse_scalar_function(text)


def test_a_tower_of_exponentials_is_said_to_overflow_not_to_be_infinite():
    from hoptheory.symbolic import UnsupportedRegulariser

    with pytest.raises(UnsupportedRegulariser, match="overflows double precision"):
        Separable.from_string("exp(exp(exp(exp(p))))")


def test_an_undefined_function_is_refused_by_name():
    p = sp.Symbol("p")
    with pytest.raises(TypeError, match=r"f\(p\) is an undefined function"):
        Separable(sp.Function("f")(p), p)


@pytest.mark.parametrize("text", ["__import__('os').system('touch X')", "1e5000", "3/0", "1/2/3", ""])
def test_tsallis_text_is_read_without_evaluation(text, tmp_path, monkeypatch):
    monkeypatch.setattr(sp, "sympify", lambda *a, **k: (_ for _ in ()).throw(AssertionError("sympify")))
    with pytest.raises(ValueError, match="alpha"):
        Tsallis(text.replace("X", str(tmp_path / "canary")))
    assert not (tmp_path / "canary").exists()


# ------------------------------------------------------------------ canaries in every text entry point


def _text_entry_points(payload):
    """Every public entry point that takes text or could hand text to SymPy."""
    from hoptheory.bounds import ramsauer2021
    from hoptheory.symbolic import Regulariser, array_function, conjugate

    return [
        lambda: parse_scalar_function(payload),
        lambda: Separable.from_string(payload),
        lambda: Separable.from_string("p^2", variable=payload),
        lambda: Separable(payload, sp.Symbol("p")),
        lambda: Tsallis(payload),
        lambda: Regulariser(payload, 0, 0, 0, 0),
        lambda: Regulariser(P, payload, 0, 0, 0),
        lambda: array_function(payload, []),
        lambda: ramsauer2021.capacity_constant.sympy(beta=payload),
        lambda: ramsauer2021.capacity_constant.mp(beta=payload, K=3, d=20, p_fail=0.001),
        lambda: ramsauer2021.capacity_constant.certified(beta=payload, K=3, d=20, p_fail=0.001),
        lambda: conjugate(lambda p: payload, 2),
    ]


@pytest.mark.parametrize("i", range(12))
def test_no_entry_point_runs_text_as_code(i, tmp_path, monkeypatch):
    canary = tmp_path / "canary"
    payload = f"__import__('os').system('touch {canary}')"
    real = sp.sympify

    def guarded(a, *args, **kwargs):
        if isinstance(a, str):
            raise AssertionError(f"sympify called on text {a!r}")
        return real(a, *args, **kwargs)

    monkeypatch.setattr(sp, "sympify", guarded)
    with pytest.raises((TypeError, ValueError)):
        _text_entry_points(payload)[i]()
    assert not canary.exists()
