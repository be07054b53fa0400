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


@pytest.fixture
def scratch_registry():
    """Declarations made by a test leave the registry as it was."""
    from hoptheory.bounds import _declare

    saved = dict(_declare._REGISTRY)
    yield
    _declare._REGISTRY.clear()
    _declare._REGISTRY.update(saved)


def test_a_glossary_writes_the_parameters_and_assumptions_follow_the_names(scratch_registry):
    from hoptheory.bounds._declare import glossary

    table = glossary(r"""
        s : float
            A real shift :math:`s`,
            of any sign.
        n : int
            A count :math:`n\geq1`.
    """)
    assert table == {"s": ("float", "A real shift :math:`s`, of any sign."), "n": ("int", "A count :math:`n\\geq1`.")}

    @bound(kind="value", latex="n+s", source="a toy source", example={"n": 2, "s": -1}, parameters=table,
           assumptions={"s": {"real": True}, "n": {"positive": True, "integer": True}}, symbols={"n": {"real": True}})
    def toy_shift(F, n, s):
        """A toy value.

        Examples
        --------
        >>> float(toy_shift(2, -1).value)
        1.0
        """
        return n + s

    doc = toy_shift.__doc__
    assert doc.index("Parameters\n----------\nn : int\n    A count") < doc.index("s : float\n    A real shift") \
        < doc.index("Examples")
    # the assumptions by name fill what symbols does not give; symbols wins where both do
    assert toy_shift.symbols == {"s": {"real": True}, "n": {"real": True}}
    assert not toy_shift.sympy_symbols()["s"].is_positive
    with pytest.raises(KeyError):
        bound(kind="value", latex="x", source="a toy source", example={"x": 1}, parameters=table)(lambda F, x: x)


def test_a_capacity_formula_takes_hypotheses_and_assumptions_from_its_parameter_names(scratch_registry):
    from hoptheory.bounds._baselines import H_ALPHA, H_D, H_N, INTEGER, capacity

    @capacity(latex=r"\alpha_n d^{n}", source="a toy source", example={"d": 10, "n": 2, "alpha_n": Fraction(1, 2)})
    def toy_capacity(F, d, n, alpha_n):
        """A toy capacity.

        Examples
        --------
        >>> float(toy_capacity(10, 2, 0.5).value)
        50.0
        """
        return alpha_n * F.intpow(d, n)

    assert toy_capacity.kind == "value" and toy_capacity.hypotheses == (H_D, H_N, H_ALPHA)
    assert toy_capacity.symbols == {"d": INTEGER, "n": INTEGER}
    assert "d : int\n    Number of neurons" in toy_capacity.__doc__
    assert toy_capacity(1, 2, 0.5).failed_hypotheses() == ["d integer >= 2"]
