"""Backend plumbing: namespaces, validation, tolerances, the CuPy detector."""

import math

import numpy as np
import pytest

from hoptheory.backend import (
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


def test_resolve_namespace_accepts_plain_modules_and_namespaces():
    import array_api_strict

    from hoptheory.backend import resolve_namespace

    wrapped = get_backend("numpy")
    assert resolve_namespace(None) is wrapped
    assert resolve_namespace(np) is wrapped  # the plain module is wrapped
    assert resolve_namespace(wrapped) is wrapped
    assert resolve_namespace(array_api_strict) is array_api_strict
    # the wrapper has the standard's names the plain module lacks
    assert hasattr(resolve_namespace(np), "isdtype")
    for bad in (3, "numpy", "torch", math, object()):
        with pytest.raises(TypeError, match="xp must be an array namespace"):
            resolve_namespace(bad)


def test_resolve_namespace_plain_cupy_module():
    cupy = pytest.importorskip("cupy")
    from hoptheory.backend import resolve_namespace

    ns = resolve_namespace(cupy)  # no device call: works without a GPU
    assert ns.__name__ == "array_api_compat.cupy"
    assert hasattr(ns.linalg, "vector_norm")


def test_every_xp_argument_takes_the_plain_numpy_module():
    import array_api_strict

    from hoptheory.bounds import ramsauer2021
    from hoptheory.maps import prf_weights, random_subset_mask, sliding_window_mask
    from hoptheory.sampling import ball, binary, gaussian, separated, sphere

    makers = [
        lambda xp: sphere(3, 4, seed=0, xp=xp),
        lambda xp: gaussian(3, 4, seed=0, xp=xp),
        lambda xp: binary(3, 4, seed=0, xp=xp),
        lambda xp: separated(3, 4, 0.1, seed=0, xp=xp),
        lambda xp: ball(sphere(3, 4, seed=0), 0, 0.1, 2, seed=0, xp=xp),
        lambda xp: sliding_window_mask(5, 1, xp=xp),
        lambda xp: random_subset_mask(6, 2, seed=0, xp=xp),
        lambda xp: prf_weights(4, 3, seed=0, xp=xp),
    ]
    for make in makers:
        a, b = make(np), make(array_api_strict)
        assert isinstance(a, np.ndarray)
        assert get_namespace(b) is array_api_strict
        np.testing.assert_array_equal(a, to_numpy(b))
    bound = ramsauer2021.capacity_constant
    params = {"beta": 1.0, "K": 3.0, "d": 20.0, "p_fail": 1e-3}
    v_np = float(bound(xp=np, **params).value)
    assert v_np == float(bound(**params).value)
