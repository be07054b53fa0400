"""The bound machinery: four kits agree, domains are reported, certified intervals contain the value."""

import math

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from hoptheory.bounds import Bound, BoundHypothesisError, Hypothesis
from hoptheory.bounds._core import ArrayKit


def _f(F, a, b):
    return F.log(a) * F.sqrt(b) + F.wexp(a - b) / F.exp(b) + F.pow(b, a) - F.div(a, b)


B = Bound("toy", ("a", "b"), _f, hypotheses=(Hypothesis("b<3", "b<3", lambda xp, a, b: b < 3),),
          kind="upper", trivial=lambda F, a, b: 2.0 + 0 * a)


def _direct(a, b):
    w = float(mpmath.lambertw(mpmath.exp(a - b)).real)
    return math.log(a) * math.sqrt(b) + w / math.exp(b) + b ** a - a / b


@given(st.floats(0.01, 30), st.floats(0.01, 5))
def test_four_kits_agree(a, b):
    direct = _direct(a, b)
    r = B(a=a, b=b)
    assert not bool(r.ill_defined)
    assert float(r.value) == pytest.approx(direct, rel=1e-12, abs=1e-12)
    hp = B.mp(dps=40, a=a, b=b)
    assert float(hp) == pytest.approx(direct, rel=1e-12, abs=1e-12)
    iv = B.certified(a=a, b=b)
    assert iv.a <= hp <= iv.b
    assert iv.a <= mpmath.mpf(float(r.value)) + abs(hp) * 1e-14 + 1e-300
    tw = B.sympy().subs({sympy.Symbol("a", positive=True): sympy.Float(a, 30),
                         sympy.Symbol("b", positive=True): sympy.Float(b, 30)})
    assert float(tw.evalf(30)) == pytest.approx(direct, rel=1e-12, abs=1e-12)
    assert bool(r.hypotheses_hold) == (b < 3)


def test_domain_violations_are_ill_defined_not_nan():
    r = B(a=np.array([-1.0, 1.0, 2.0]), b=np.array([1.0, 0.0, 1.0]))
    assert r.ill_defined.tolist() == [True, True, False]
    assert set(r.reasons_ill_defined()) >= {"log of a non-positive number", "division by zero"}
    assert math.isnan(float(r.value[0])) and math.isfinite(float(r.value[2]))
    with pytest.raises(BoundHypothesisError, match="ill-defined"):
        r.require()
    with pytest.raises(BoundHypothesisError, match="b<3"):
        B(a=1.0, b=4.0, strict=True)
    with pytest.raises(ArithmeticError):
        B.certified(a=-1.0, b=1.0)
    with pytest.raises(ArithmeticError):
        B.mp(a=-1.0, b=1.0)


def test_bad_parameters():
    with pytest.raises(TypeError, match="missing"):
        B(a=1.0)
    with pytest.raises(ValueError, match="NaN"):
        B(a=float("nan"), b=1.0)
    with pytest.raises(ValueError, match="broadcast"):
        B(a=np.ones(3), b=np.ones(4))
    with pytest.raises(TypeError):
        B(a=np.ones(2, dtype=complex), b=1.0)


def test_vacuity_and_broadcasting(xp):
    a = xp.asarray([[0.5], [1.0], [2.0]])
    b = xp.asarray([0.5, 1.0])
    r = B(a=a, b=b)
    assert tuple(r.value.shape) == (3, 2)
    assert type(r.value) is type(a)
    ref = np.array([[_direct(float(x), float(y)) for y in (0.5, 1.0)] for x in (0.5, 1.0, 2.0)])
    np.testing.assert_allclose(np.asarray(r.value.tolist() if hasattr(r.value, "tolist") else r.value), ref,
                               rtol=1e-12)
    vac = np.asarray([[bool(r.vacuous[i, j]) for j in range(2)] for i in range(3)])
    assert (vac == (ref >= 2.0)).all()


@pytest.mark.parametrize("y", [-700.0, -30.0, -1.0, 0.0, 0.3, 1.0, 5.0, 80.0, 1e4, 1e12])
def test_wexp_against_mpmath(y):
    import array_api_compat.numpy as xnp

    k = ArrayKit(xnp, ())
    w = float(k.wexp(np.asarray(y)))
    ref = mpmath.lambertw(mpmath.exp(mpmath.mpf(y))).real
    assert w == pytest.approx(float(ref), rel=1e-14)
