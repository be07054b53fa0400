"""Array-backend plumbing shared by every engine of hoptheory.

Every engine function takes arrays of any namespace that follows the Python array API
standard (NumPy, CuPy, ``array-api-strict``) and returns arrays of the same namespace and
device.  This module is the one place that

* resolves the namespace of the inputs (:func:`get_namespace`), named backends
  (:func:`get_backend`) and the ``xp=`` argument of every constructor
  (:func:`resolve_namespace`: the plain ``numpy`` / ``cupy`` modules are accepted and wrapped);
* validates inputs (:func:`as_float_array`, :func:`check_beta`, :func:`check_alpha`,
  :func:`check_positive`), so that bad input raises a clear error instead of producing a
  silently wrong number;
* derives numerical tolerances from the dtype (:func:`tolerance`);
* detects a usable CUDA device for CuPy by really touching it (:func:`cupy_available`);
* provides the small helpers the standard lacks (:func:`logsumexp`, :func:`sort_descending`,
  :func:`to_numpy`).
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass
from typing import Any

import array_api_compat
import numpy as np

__all__ = [
    "BACKENDS",
    "Tolerance",
    "as_float_array",
    "check_alpha",
    "check_beta",
    "check_positive",
    "backend_name",
    "cupy_available",
    "get_backend",
    "get_namespace",
    "logsumexp",
    "resolve_namespace",
    "sort_descending",
    "to_numpy",
    "tolerance",
]

#: Names accepted by :func:`get_backend`.
BACKENDS = ("numpy", "array_api_strict", "cupy")


# --------------------------------------------------------------------------- namespaces


def get_namespace(*arrays: Any):
    """Return the array-API namespace shared by ``arrays``.

    Python scalars are ignored.  Arrays from two different namespaces raise ``TypeError``
    (the standard forbids mixing them, and NumPy + array-api-strict would otherwise silently
    return NumPy).
    """
    arrs = [a for a in arrays if a is not None and not isinstance(a, (numbers.Number, bool))]
    if not arrs:
        return array_api_compat.array_namespace(np.empty(0))
    try:
        return array_api_compat.array_namespace(*arrs)
    except TypeError as exc:
        types = ", ".join(sorted({type(a).__module__ + "." + type(a).__name__ for a in arrs}))
        raise TypeError(
            f"inputs must be arrays of one array-API namespace; got {types}"
        ) from exc


def resolve_namespace(xp: Any = None):
    """Return the array-API namespace meant by an ``xp=`` argument.

    ``None`` means NumPy.  The plain ``numpy`` and ``cupy`` modules (what users import) are
    replaced by their ``array_api_compat`` wrappers, whose functions follow the standard
    (``numpy.linalg`` and ``cupy.linalg`` lack ``vector_norm``, for instance); a namespace
    that already follows the standard (``array_api_strict``, the compat wrappers) is returned
    as it is.  Anything else raises ``TypeError`` naming ``xp``.  Importing CuPy's wrapper
    touches no device, so this never needs a GPU.
    """
    if xp is None:
        return get_backend("numpy")
    name = getattr(xp, "__name__", None)
    if name in ("numpy", "array_api_compat.numpy"):
        return get_backend("numpy")
    if name in ("cupy", "array_api_compat.cupy"):
        import importlib  # noqa: PLC0415

        return importlib.import_module("array_api_compat.cupy")
    if not all(hasattr(xp, attr) for attr in ("asarray", "float64", "isdtype", "matmul")):
        _bad_namespace(xp)
    return xp


def _bad_namespace(xp):
    raise TypeError(
        "xp must be an array namespace: None (NumPy), the numpy or cupy module, or an "
        f"array-API namespace such as array_api_strict; got {xp!r} (a backend name is "
        "turned into a namespace by hoptheory.backend.get_backend)"
    )


@functools.lru_cache(maxsize=1)
def cupy_available() -> bool:
    """Return True only if CuPy imports *and* a CUDA device runs a tiny kernel.

    ``import cupy`` succeeds on machines without a GPU (every device call then raises
    ``CUDARuntimeError``), so importing is not evidence of a device.  The detector counts the
    devices and evaluates a reduction on one of them; any exception means "no".
    """
    try:
        import cupy  # noqa: PLC0415  (optional dependency, imported lazily)

        if cupy.cuda.runtime.getDeviceCount() < 1:
            return False
        value = int((cupy.arange(4, dtype=cupy.int64) ** 2).sum().get())
        return value == 14
    except Exception:  # noqa: BLE001  (any failure means the device is unusable)
        return False


def get_backend(name: str = "numpy"):
    """Return the array-API namespace called ``name`` (one of :data:`BACKENDS`).

    ``"cupy"`` raises ``RuntimeError`` unless :func:`cupy_available` finds a working device.
    """
    if name == "numpy":
        return array_api_compat.array_namespace(np.empty(0))
    if name == "array_api_strict":
        import array_api_strict  # noqa: PLC0415

        return array_api_strict
    if name == "cupy":
        if not cupy_available():
            raise RuntimeError(
                "backend 'cupy' requested but no usable CUDA device was found "
                "(install the 'gpu' extra on a machine with an NVIDIA GPU)"
            )
        import cupy  # noqa: PLC0415

        return array_api_compat.array_namespace(cupy.empty(0))
    raise ValueError(f"unknown backend {name!r}; expected one of {BACKENDS}")


def backend_name(xp) -> str:
    """Return the :data:`BACKENDS` name of namespace ``xp``."""
    if array_api_compat.is_numpy_namespace(xp):
        return "numpy"
    if array_api_compat.is_cupy_namespace(xp):
        return "cupy"
    if getattr(xp, "__name__", "") == "array_api_strict":
        return "array_api_strict"
    return getattr(xp, "__name__", repr(xp))


def to_numpy(x: Any) -> np.ndarray:
    """Copy an array of any supported namespace to a NumPy array (host memory)."""
    if isinstance(x, np.ndarray):
        return x
    if array_api_compat.is_cupy_array(x):
        return x.get()
    if isinstance(x, (numbers.Number, list, tuple)):
        return np.asarray(x)
    try:
        return np.from_dlpack(x)
    except Exception:  # noqa: BLE001  (fall back to the buffer protocol)
        return np.asarray(x)


# --------------------------------------------------------------------------- tolerances


@dataclass(frozen=True)
class Tolerance:
    """Relative and absolute tolerance for comparing floats of one dtype."""

    rtol: float
    atol: float

    def close(self, a: float, b: float, scale: float = 1.0) -> bool:
        """``|a - b| <= atol*scale + rtol*max(|a|, |b|)`` for Python floats."""
        return abs(a - b) <= self.atol * scale + self.rtol * max(abs(a), abs(b))


# multiples of machine epsilon (or powers of it) for each kind of comparison
_TOLERANCE_KINDS = {
    # a quantity computed twice by mathematically identical short formulas
    "tight": lambda eps: (256 * eps, 256 * eps),
    # a quantity computed by different algorithms (sorting vs bisection, sums of M terms)
    "default": lambda eps: (eps ** 0.75, eps ** 0.75),
    # an iterative or optimisation-based oracle (SciPy QP, SLSQP)
    "loose": lambda eps: (eps ** 0.4, eps ** 0.4),
    # central finite differences: truncation h^2 against rounding eps/h, h = eps^(1/3)
    "fd": lambda eps: (eps ** (1.0 / 3.0) * 10, eps ** (1.0 / 3.0) * 10),
}


def tolerance(dtype: Any = None, kind: str = "default") -> Tolerance:
    """Tolerance derived from the machine epsilon of ``dtype`` (float64 when None).

    ``kind`` is one of ``"tight"`` (256 ε), ``"default"`` (ε^¾, 1.8e-12 in float64),
    ``"loose"`` (ε^0.4, for optimisation-based oracles) and ``"fd"`` (10 ε^⅓, for central
    finite differences).  This is the only place in hoptheory where tolerances are chosen.
    """
    if kind not in _TOLERANCE_KINDS:
        raise ValueError(f"unknown tolerance kind {kind!r}; expected one of {sorted(_TOLERANCE_KINDS)}")
    if dtype is None:
        eps = float(np.finfo(np.float64).eps)
    else:
        eps = _eps_of(dtype)
    rtol, atol = _TOLERANCE_KINDS[kind](eps)
    return Tolerance(rtol=float(rtol), atol=float(atol))


def _eps_of(dtype: Any) -> float:
    try:
        return float(np.finfo(dtype).eps)
    except (TypeError, ValueError):
        pass
    text = str(dtype)
    if "float32" in text:
        return float(np.finfo(np.float32).eps)
    if "float16" in text:
        return float(np.finfo(np.float16).eps)
    if "float64" in text:
        return float(np.finfo(np.float64).eps)
    raise TypeError(f"tolerance needs a real floating dtype; got {dtype!r}")


# --------------------------------------------------------------------------- validation


def _is_real_floating(xp, dtype) -> bool:
    try:
        return bool(xp.isdtype(dtype, "real floating"))
    except Exception:  # noqa: BLE001  (namespaces without isdtype)
        return str(dtype) in ("float16", "float32", "float64")


def as_float_array(
    x: Any,
    name: str,
    *,
    xp=None,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
    finite: bool = True,
):
    """Validate ``x`` as a real floating array and return it (in its own namespace).

    Parameters
    ----------
    x : array or nested sequence
        Lists and Python floats are converted with ``xp.asarray`` (NumPy when ``xp`` is None).
    name : str
        The argument's name, quoted in error messages.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    allow_empty : bool
        Whether an axis of length zero is allowed.
    finite : bool
        Reject NaN and ±inf.

    Raises
    ------
    TypeError
        For integer, boolean or complex dtypes (hoptheory never casts them silently).
    ValueError
        For the wrong number of dimensions, empty axes, NaN or inf.
    """
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array or a sequence of real numbers; got {type(x).__name__} {x!r:.40}")
    if xp is None:
        if isinstance(x, (list, tuple, numbers.Number)):
            xp = get_backend("numpy")
            x = np.asarray(x)
            if x.dtype.kind in "iub" and x.dtype != np.bool_:
                raise TypeError(
                    f"{name} must have a real floating dtype (float32 or float64); got {x.dtype} "
                    f"from a Python sequence of integers; write the entries as floats"
                )
        else:
            try:
                xp = get_namespace(x)
            except TypeError:
                raise TypeError(
                    f"{name} must be an array or a sequence of real numbers; got {type(x).__module__}."
                    f"{type(x).__name__}"
                ) from None
    else:
        xp = resolve_namespace(xp)
    if not hasattr(x, "dtype") or isinstance(x, (list, tuple, numbers.Number)):
        x = xp.asarray(x)
    dtype = x.dtype
    if not _is_real_floating(xp, dtype):
        raise TypeError(
            f"{name} must have a real floating dtype (float32 or float64); got {dtype}. "
            f"Cast explicitly (for example x.astype(float64)) if that is what you mean."
        )
    if dtype not in (xp.float32, xp.float64):
        # float16 (and wider or exotic floats) have no tolerances or kernels here
        raise TypeError(
            f"{name} must be float32 or float64; got {dtype}. Cast explicitly "
            f"(for example x.astype(float32)) if that is what you mean."
        )
    shape = tuple(x.shape)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if len(shape) not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must have {want} dimension(s); got shape {shape}")
    if not allow_empty and any(s == 0 for s in shape):
        raise ValueError(f"{name} must not be empty; got shape {shape}")
    if finite and math.prod(shape) > 0 and not bool(xp.all(xp.isfinite(x))):
        raise ValueError(f"{name} contains NaN or infinite entries (shape {shape})")
    return x


def check_positive(value: Any, name: str, *, allow_inf: bool = False) -> float:
    """Return ``value`` as a Python float after checking that it is a real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        # 0-d arrays of any namespace
        try:
            if getattr(value, "shape", None) == () and "float" in str(value.dtype):
                value = float(value)
            else:
                raise TypeError
        except (TypeError, AttributeError):
            raise TypeError(f"{name} must be a real number; got {value!r}") from None
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a real number > 0; got nan")
    if math.isinf(value) and not allow_inf:
        raise ValueError(f"{name} must be finite; got {value}")
    if value <= 0:
        raise ValueError(f"{name} must be > 0; got {value}")
    return value


def check_beta(beta: Any) -> float:
    """Validate the inverse temperature β (a finite real number > 0)."""
    return check_positive(beta, "beta")


def check_alpha(alpha: Any, *, allow_one: bool = True) -> float:
    """Validate the entmax / Tsallis index α.

    α must be a finite real number with α > 1; α = 1 is accepted (meaning softmax, the
    Shannon limit) only when ``allow_one`` is True.  α < 1 is always an error.
    """
    if isinstance(alpha, (bool, str, bytes)):
        # a string is never parsed: entmax(z, "1.5") is a mistake, not a request
        raise TypeError(f"alpha must be a real number; got {alpha!r}")
    if not isinstance(alpha, numbers.Real):
        try:
            alpha = float(alpha)
        except (TypeError, ValueError):
            raise TypeError(f"alpha must be a real number; got {alpha!r}") from None
    alpha = float(alpha)
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be finite; got {alpha}")
    if alpha == 1.0 and allow_one:
        return alpha
    if alpha <= 1.0:
        extra = " (alpha = 1, softmax, is not allowed here)" if alpha == 1.0 else ""
        raise ValueError(f"alpha must be > 1; got {alpha}{extra}")
    return alpha


# --------------------------------------------------------------------------- helpers


def logsumexp(x, axis: int = -1, *, keepdims: bool = False):
    """Numerically stable ``log(sum(exp(x), axis))`` for any array-API namespace.

    The maximum is subtracted before exponentiating so no term overflows; the result is
    exact to rounding for finite input.
    """
    xp = get_namespace(x)
    xmax = xp.max(x, axis=axis, keepdims=True)
    out = xp.log(xp.sum(xp.exp(x - xmax), axis=axis, keepdims=True)) + xmax
    if not keepdims:
        out = xp.squeeze(out, axis=axis)
    return out


def sort_descending(x, axis: int = -1):
    """Sort ``x`` in decreasing order along ``axis`` (stable for ties)."""
    xp = get_namespace(x)
    return xp.sort(x, axis=axis, descending=True, stable=True)
