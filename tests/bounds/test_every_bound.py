"""One test over every declared bound: calls, the four kits and the documentation agree."""

import math
import pydoc

import mpmath
import numpy as np
import pytest

from hoptheory import bounds
from hoptheory.bounds import Bound, declared_bounds

PAPERS = tuple(getattr(bounds, name) for name in bounds.__all__
               if hasattr(getattr(bounds, name), "BOUNDS"))
EVERY = sorted(declared_bounds().items())


def _floats(ex):
    return {k: float(v) for k, v in ex.items()}


def test_every_public_bound_is_declared():
    declared = {id(b) for b in declared_bounds().values()}
    for paper in PAPERS:
        for name in paper.__all__:
            obj = getattr(paper, name)
            if isinstance(obj, Bound):
                assert id(obj) in declared, f"{paper.__name__}.{name} is not declared with @bound"
        assert set(paper.BOUNDS) <= set(paper.__all__)


@pytest.mark.parametrize("key,b", EVERY, ids=[k for k, _ in EVERY])
def test_positional_and_keyword_calls_agree(key, b):
    ex = _floats(b.example)
    by_name = b(**ex)
    by_position = b(*[ex[p] for p in b.parameters])
    # a declared example is a point where the formula is defined (for the few published
    # formulas that are ill-defined wherever their hypotheses hold, it is outside them)
    assert not bool(by_name.ill_defined), f"{key}: the formula is not defined at its example: {by_name.summary()}"
    assert float(by_position.value) == float(by_name.value)
    assert by_position.failed_hypotheses() == by_name.failed_hypotheses()


@pytest.mark.parametrize("key,b", EVERY, ids=[k for k, _ in EVERY])
def test_the_four_kits_agree(key, b):
    ex = b.example
    with mpmath.workdps(60):
        exact = b.mp(60, **ex)
        iv = b.certified(120, strict=False, **ex)
        assert iv.a <= exact <= iv.b, f"{key}: the interval {iv} misses the mpmath value {exact}"
        assert iv.b - iv.a <= mpmath.mpf(10) ** -25 * max(1, abs(exact))
        twin = b.sympy(**ex).evalf(60)
        assert abs(mpmath.mpf(str(twin)) - exact) <= mpmath.mpf(10) ** -40 * max(1, abs(exact))
    value = float(b(**_floats(ex)).value)
    # the float inputs are the exact example rounded once; a well-conditioned example keeps the
    # float evaluation within a few ulps of the exact value (the examples are chosen that way)
    assert value == pytest.approx(float(exact), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("key,b", EVERY, ids=[k for k, _ in EVERY])
def test_help_shows_the_bounds_own_formula(key, b):
    text = pydoc.render_doc(b, renderer=pydoc.plaintext)
    assert b.latex in text and b.source in text
    assert "Examples" in (b.__doc__ or ""), f"{key} has no Examples section"


@pytest.mark.parametrize("key,b", EVERY, ids=[k for k, _ in EVERY])
def test_the_latex_renders_with_mathtext(key, b):
    """The printed formula, its hypotheses and its trivial bound render with matplotlib's mathtext,
    so a plot can be labelled with them; mathtext knows only part of LaTeX (no ``\\tfrac``, no
    ``\\frac12`` without braces, no ``\\le``)."""
    mathtext = pytest.importorskip("matplotlib.mathtext")
    parser = mathtext.MathTextParser("path")
    texts = {"latex": b.latex, "trivial_latex": b.trivial_latex}
    texts.update({f"hypothesis {h.name!r}": h.latex for h in b.hypotheses})
    for what, tex in texts.items():
        if tex:
            try:
                parser.parse(f"${tex}$")
            except ValueError as exc:
                pytest.fail(f"{key}: the {what} {tex!r} does not render with mathtext: {exc}")
