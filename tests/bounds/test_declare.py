"""The declaration of a bound: name, parameters and documentation from the formula."""

import inspect
import math
import pydoc
from fractions import Fraction

import mpmath
import pytest
import sympy

from hoptheory.bounds import Bound, Hypothesis, bound, declared_bounds

H_BETA = Hypothesis("beta > 0", r"\beta>0", lambda xp, **p: p["beta"] > 0)


@bound(kind="upper", hypotheses=(H_BETA,), trivial=lambda F, m, **_: 2 * m, trivial_latex="2m",
       latex=r"2m(M-1)e^{-\beta q}", source="a toy source", example={"m": 1, "M": 5, "beta": 2, "q": Fraction(3, 10)})
def toy_error_bound(F, m, M, beta, q):
    r"""A toy retrieval-error bound.

    .. math:: 2m(M-1)e^{-\beta q}

    Examples
    --------
    >>> b = toy_error_bound(1.0, 5, 2.0, 0.3)
    >>> math.isclose(float(b.value), 2 * 1.0 * 4 * math.exp(-2.0 * 0.3))
    True
    """
    return 2 * m * (M - 1) * F.exp(-beta * q)


def test_name_parameters_and_registry():
    assert isinstance(toy_error_bound, Bound)
    assert toy_error_bound.name == "toy_error_bound"
    assert toy_error_bound.parameters == ("m", "M", "beta", "q")
    assert declared_bounds(__name__) == {"toy_error_bound": toy_error_bound}


def test_positional_and_keyword_calls_agree():
    a = toy_error_bound(1.0, 5, 2.0, 0.3).value
    b = toy_error_bound(m=1.0, M=5, beta=2.0, q=0.3).value
    c = toy_error_bound(1.0, 5, beta=2.0, q=0.3).value
    assert float(a) == float(b) == float(c) == pytest.approx(8 * math.exp(-0.6), rel=1e-15)
    with pytest.raises(TypeError, match="multiple values"):
        toy_error_bound(1.0, m=1.0, M=5, beta=2.0, q=0.3)
    with pytest.raises(TypeError, match="at most 4"):
        toy_error_bound(1.0, 5, 2.0, 0.3, 7.0)


def test_help_shows_the_bounds_own_documentation():
    text = pydoc.render_doc(toy_error_bound, renderer=pydoc.plaintext)
    assert "A toy retrieval-error bound." in text
    assert r"2m(M-1)e^{-\beta q}" in text and r"\beta>0" in text and "a toy source" in text
    assert str(inspect.signature(toy_error_bound)) == "(m, M, beta, q, *, strict=False, xp=None)"


def test_the_four_kits_agree_at_the_example():
    ex = toy_error_bound.example
    exact = 8 * sympy.exp(-sympy.Rational(3, 5))
    assert sympy.simplify(toy_error_bound.sympy(**ex) - exact) == 0
    with mpmath.workdps(40):
        assert abs(toy_error_bound.mp(40, **ex) - 8 * mpmath.exp(-mpmath.mpf(3) / 5)) < mpmath.mpf(10) ** -38
    iv = toy_error_bound.certified(**ex)
    assert iv.a <= toy_error_bound.mp(40, **ex) <= iv.b and iv.b - iv.a < 1e-20
    v = float(toy_error_bound(**{k: float(v) for k, v in ex.items()}).value)
    assert v == pytest.approx(float(iv.a), rel=1e-14)


def test_a_formula_must_take_the_kit_first_and_plain_parameters():
    with pytest.raises(TypeError, match="kit F first"):
        bound(latex="x", source="s", example={"x": 1})(lambda x: x)
    with pytest.raises(TypeError, match="without defaults"):
        def f(F, x=1):
            return x
        bound(latex="x", source="s", example={"x": 1})(f)
    with pytest.raises(TypeError, match="exactly the parameters"):
        def g(F, x):
            return x
        bound(latex="x", source="s", example={"y": 1})(g)


def test_the_examples_of_a_bound_reach_doctest():
    import doctest
    import sys

    tests = [t for t in doctest.DocTestFinder().find(sys.modules[__name__])
             if t.name.endswith("__test__.toy_error_bound")]
    assert len(tests) == 1 and len(tests[0].examples) == 2
    runner = doctest.DocTestRunner()
    runner.run(tests[0])
    assert (runner.failures, runner.tries) == (0, 2)
