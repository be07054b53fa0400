"""Regularisers: their data, exact alpha handling, and clear errors outside the engine's reach."""

import pytest
import sympy as sp

from hoptheory.symbolic import Gini, Separable, Shannon, Tsallis, UnsupportedRegulariser, conjugate
from hoptheory.symbolic._common import run_with_timeout
from hoptheory.symbolic._regularisers import P


def test_family_data():
    s, g, t = Shannon(), Gini(), Tsallis("3/2")
    assert s.dg0 == -sp.oo and s.margin() == sp.oo
    assert g.dg0 == -sp.Rational(1, 2) and g.margin() == 1
    assert t.margin() == 2 and t.dg0 == -sp.Rational(4, 3) and t.dg1 == sp.Rational(2, 3)
    # the margin is g'(1) - g'(0+) computed from g itself
    for om in (g, t, Tsallis(3), Tsallis("5/4")):
        assert sp.simplify(sp.diff(om.g, P).subs(P, 1) - om.dg0 - om.margin()) == 0
        assert sp.simplify(om.margin() - 1 / (om.alpha - 1)) == 0
    for om in (s, g, t, Tsallis(3)):
        assert om.check_link_inverse().holds
        assert om.check_convexity().holds
    # Omega on the simplex is the conventions' Omega_alpha
    p = sp.symbols("p1:4", positive=True)
    a = sp.Rational(3, 2)
    om = t.omega(p).subs(p[2], 1 - p[0] - p[1])
    ref = (sum(pi**a for pi in p) - 1) / (a * (a - 1))
    assert sp.simplify(om - ref.subs(p[2], 1 - p[0] - p[1])) == 0
    assert "\\Omega(p)" in g.latex()


@pytest.mark.parametrize("alpha, expected", [(1.5, sp.Rational(3, 2)), ("3/2", sp.Rational(3, 2)), (3, 3),
                                             (sp.Rational(5, 4), sp.Rational(5, 4)), ("1.25", sp.Rational(5, 4)), (2.0, 2)])
def test_alpha_exact(alpha, expected):
    assert Tsallis(alpha).alpha == expected


@pytest.mark.parametrize("alpha, exc", [(1.1, ValueError), (1, ValueError), (0.5, ValueError), ("1", ValueError),
                                        ("abc", ValueError), ("__import__('os')", ValueError), (True, TypeError),
                                        (float("inf"), ValueError), (sp.Symbol("a"), ValueError), ([2], TypeError)])
def test_alpha_rejected(alpha, exc):
    with pytest.raises(exc):
        Tsallis(alpha)


def test_float_not_exactly_rational_names_the_fix():
    with pytest.raises(ValueError, match="11/10"):
        Tsallis(1.1)


def test_non_separable_is_rejected():
    p, q = sp.symbols("p q", positive=True)
    with pytest.raises(UnsupportedRegulariser, match="separable"):
        Separable(p * q, p)
    # a callable Omega(p) is analysed: the 2-norm is not separable
    with pytest.raises(UnsupportedRegulariser, match="not separable"):
        conjugate(lambda ps: sp.sqrt(sum(pi**2 for pi in ps)) - 1, 3)
    # ... while a separable callable is accepted and equals the family
    c = conjugate(lambda ps: sum(pi**2 - pi for pi in ps) / 2, 3)
    assert sp.simplify(c.regulariser.g - Gini().g) == 0


@pytest.mark.parametrize("text", ["p^3 - p^2", "-p^2", "p", "sqrt(p)"])
def test_non_convex_is_rejected(text):
    with pytest.raises(UnsupportedRegulariser, match="not strictly convex"):
        Separable.from_string(text)


def test_link_without_closed_form_inverse_is_rejected():
    # g'(p) = p^5 + p: a quintic with no radical inverse
    with pytest.raises(UnsupportedRegulariser, match="link inverse|inverted"):
        Separable.from_string("p^6/6 + p^2/2")


def test_minus_infinite_slope_other_than_shannon():
    # g = p log p + p^2: g'(0+) = -oo, link inverse via LambertW, threshold implicit
    s = Separable.from_string("p*log(p) + p^2")
    assert s.dg0 == -sp.oo
    assert s.h.has(sp.LambertW)
    c = conjugate(s, 3)
    assert not c.closed_form and "IMPLICIT" in c.notes
    assert len(c.pieces) == 1


def test_timeout_runner():
    import time

    t0 = time.perf_counter()
    status, value = run_with_timeout(time.sleep, (30,), 0.5)
    assert status == "timeout" and value is None
    assert time.perf_counter() - t0 < 10
    assert run_with_timeout(lambda a: a + 1, (1,), 5.0) == ("ok", 2)
    status, msg = run_with_timeout(lambda: 1 / 0, (), 5.0)
    assert status == "error" and "ZeroDivisionError" in msg
