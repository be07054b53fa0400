"""Backend plumbing: namespaces, validation, tolerances, the CuPy detector."""

import math

import numpy as np
import pytest

from hoptheory._backend import (
    as_float_array,
    backend_name,
    check_alpha,
    check_beta,
    cupy_available,
    get_backend,
    get_namespace,
    logsumexp,
    sort_descending,
    to_numpy,
    tolerance,
)


def test_namespace_roundtrip(xp):
    x = xp.asarray([[1.0, 3.0, 2.0]])
    assert get_namespace(x) is not None
    assert backend_name(get_namespace(x)) == backend_name(xp)
    out = logsumexp(x * 1000.0)
    assert type(out) is type(x)
    assert float(out[0]) == pytest.approx(3000.0 + math.log(1 + math.exp(-1000) + math.exp(-2000)))
    assert to_numpy(sort_descending(x)).tolist() == [[3.0, 2.0, 1.0]]


def test_mixed_namespaces_rejected():
    import array_api_strict as s

    with pytest.raises(TypeError, match="one array-API namespace"):
        get_namespace(np.ones(2), s.ones(2))


def test_validation_messages(xp):
    with pytest.raises(TypeError, match="real floating"):
        as_float_array(xp.asarray([1, 2]), "Xi")
    with pytest.raises(ValueError, match=r"shape \(2, 0\)"):
        as_float_array(xp.zeros((2, 0)), "Xi")
    with pytest.raises(ValueError, match="NaN or infinite"):
        as_float_array(xp.asarray([1.0, float("nan")]), "x")
    with pytest.raises(ValueError, match=r"2 dimension\(s\); got shape \(3,\)"):
        as_float_array(xp.asarray([1.0, 2.0, 3.0]), "Xi", ndim=2)
    with pytest.raises(TypeError, match="integers"):
        as_float_array([1, 2], "x")


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), True, "1", 1j])
def test_beta_rejected(bad):
    with pytest.raises((ValueError, TypeError)):
        check_beta(bad)


def test_alpha_range():
    assert check_alpha(1.0) == 1.0
    assert check_alpha(1.5) == 1.5
    for bad in (0.5, float("nan"), float("inf"), -2.0):
        with pytest.raises(ValueError):
            check_alpha(bad)
    with pytest.raises(ValueError, match="not allowed"):
        check_alpha(1.0, allow_one=False)


def test_tolerances_scale_with_dtype():
    t64, t32 = tolerance(np.float64), tolerance(np.float32)
    assert t32.rtol > 1e5 * t64.rtol
    assert tolerance(None, "tight").rtol < tolerance(None, "default").rtol < tolerance(None, "loose").rtol
    with pytest.raises(ValueError):
        tolerance(np.float64, "whatever")
    with pytest.raises(TypeError):
        tolerance(np.int64)


def test_cupy_detector_is_honest():
    ok = cupy_available()
    assert isinstance(ok, bool)
    if not ok:
        with pytest.raises(RuntimeError, match="no usable CUDA device"):
            get_backend("cupy")
    with pytest.raises(ValueError, match="unknown backend"):
        get_backend("torch")
