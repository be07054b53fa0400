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
    iv = B.certified(a=a, b=b, strict=False)  # the kits agree outside the hypotheses too
    assert iv.a <= hp <= iv.b
    if b >= 3:
        with pytest.raises(BoundHypothesisError, match="b<3"):
            B.certified(a=a, b=b)
    # the float path cancels terms of size ~1, so its error is absolute, ~1e-16
    assert iv.a <= mpmath.mpf(float(r.value)) + (1 + abs(hp)) * 1e-14
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


# ------------------------------------------------------------ text, precision, certified

from hoptheory.bounds import hu2023, ramsauer2021  # noqa: E402

_CAP = dict(beta=1, K=3, d=20, p_fail=0.001)


@pytest.mark.parametrize("text", ["__import__('os').system('touch {canary}')", "1+", "beta", "3/2"])
def test_sympy_twin_never_evaluates_text(text, tmp_path, monkeypatch):
    canary = tmp_path / "canary"

    def forbidden(*args, **kwargs):
        raise AssertionError("sympify called")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    with pytest.raises(TypeError, match="parameter beta .* text is never evaluated"):
        ramsauer2021.capacity_constant.sympy(beta=text.format(canary=canary))
    assert not canary.exists()


def test_sympy_twin_takes_numbers_and_refuses_unknown_names():
    b = ramsauer2021.capacity_constant
    exact = b.sympy(beta=1, K=3, d=20, p_fail=sympy.Rational(1, 1000))
    assert abs(float(exact.evalf(30)) - float(b.mp(**_CAP))) < 1e-12
    with pytest.raises(TypeError, match="unexpected"):
        b.sympy(gamma=1)
    with pytest.raises(TypeError, match="parameter K"):
        b.sympy(K=True)


@pytest.mark.parametrize("dps, error", [(-5, ValueError), (0, ValueError), (True, TypeError), (2.5, TypeError),
                                        ("50", TypeError), (10**6, ValueError)])
def test_mp_refuses_a_bad_precision(dps, error):
    with pytest.raises(error, match="dps must be an int"):
        ramsauer2021.capacity_constant.mp(dps=dps, **_CAP)


def test_mp_value_is_the_certified_one():
    b = ramsauer2021.capacity_constant
    v = b.mp(dps=50, **_CAP)
    iv = b.certified(prec=80, **_CAP)
    assert iv.a <= v <= iv.b
    assert abs(float(v) - 3.1546107697946880698) < 1e-15


def test_certified_checks_the_hypotheses_like_the_plain_call():
    b = ramsauer2021.capacity_constant
    args = dict(_CAP, p_fail=2)
    assert not bool(b(**args).hypotheses_hold)
    with pytest.raises(BoundHypothesisError, match=r"p_fail in \(0, 1\]"):
        b.certified(**args)
    enclosure = b.certified(strict=False, **args)
    assert float(b(**args).value) == pytest.approx(float(enclosure.mid), rel=1e-14)


@pytest.mark.parametrize("method", ["mp", "certified"])
@pytest.mark.parametrize("bad, error", [(True, TypeError), (float("nan"), ValueError), (float("inf"), ValueError),
                                        (1 + 2j, TypeError), ("1+", ValueError)])
def test_scalar_paths_refuse_what_the_plain_call_refuses(method, bad, error):
    b = ramsauer2021.capacity_constant
    with pytest.raises(error, match="parameter K"):
        getattr(b, method)(**dict(_CAP, K=bad))
    with pytest.raises((TypeError, ValueError), match="parameter K"):
        b(**dict(_CAP, K=bad))


@pytest.mark.parametrize("method", ["mp", "certified"])
@pytest.mark.parametrize("bad", [np.ones(2), [3], None, object()])
def test_scalar_paths_refuse_arrays_and_objects(method, bad):
    with pytest.raises(TypeError, match="parameter K must be a finite real number"):
        getattr(ramsauer2021.capacity_constant, method)(**dict(_CAP, K=bad))


@pytest.mark.parametrize("method", ["mp", "certified"])
def test_scalar_paths_name_missing_and_unknown_parameters(method):
    with pytest.raises(TypeError, match=r"missing \['p_fail'\], unexpected \['q'\]"):
        getattr(ramsauer2021.capacity_constant, method)(beta=1, K=3, d=20, q=0.1)


def test_lipschitz_bound_blames_eta_for_eta():
    Xi = np.eye(3)
    with pytest.raises(ValueError, match=r"^eta must have 1 dimension"):
        hu2023.sparse_lipschitz_bound_at(Xi, 1.0, -1.0)
    with pytest.raises(ValueError, match=r"^eta must have shape \(3,\)"):
        hu2023.dense_lipschitz_bound_at(Xi, 1.0, np.ones(2))
