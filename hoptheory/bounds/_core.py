"""Bounds as data: :class:`Bound`, its :class:`Hypothesis` and the :class:`BoundResult`.

A :class:`Bound` bundles a formula written once over an evaluation kit (:mod:`._kits`) with
its hypotheses (predicates that are data), the trivial bound it competes with, its direction
(``upper``/``lower``/``value``) and its source.  Calling it, with its parameters by position or
by name, returns a :class:`BoundResult` that reports, elementwise, the value, which hypotheses
failed, where the formula is ill-defined, and whether the bound is vacuous.  ``.sympy()``,
``.mp()`` and ``.certified()`` evaluate the same formula with the other three kits.  Bounds are
declared with :func:`~hoptheory.bounds._declare.bound`.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import mpmath
import numpy as np
import sympy

from ..backend import get_backend, get_namespace, resolve_namespace
from ._kits import ArrayKit, IntervalKit, MpmathKit, SympyKit

__all__ = [
    "Bound",
    "BoundHypothesisError",
    "BoundResult",
    "Hypothesis",
]


class BoundHypothesisError(ValueError):
    """Raised with ``strict=True`` when a hypothesis fails or the formula is ill-defined."""


# --------------------------------------------------------------------------- hypotheses


@dataclass(frozen=True)
class Hypothesis:
    """A hypothesis of a bound, as data.

    Attributes
    ----------
    name : str
        Short machine-readable name, quoted in reports (``"p_fail in (0, 1)"``).
    latex : str
        The hypothesis in LaTeX.
    test : callable
        ``test(xp, **params) -> boolean array`` (broadcast over the parameter grid).
    """

    name: str
    latex: str
    test: Callable[..., Any]


@dataclass
class BoundResult:
    """The value of a bound together with everything needed to trust it.

    All array attributes share the broadcast shape of the parameters (``()`` for scalars).

    Attributes
    ----------
    name : str
    value : array
        The bound.  Where the hypotheses fail the formula is still evaluated (so callers can
        see it) unless it is ill-defined there; where it is ill-defined the value is NaN and
        ``ill_defined`` says why.
    hypotheses_hold : bool array
        All hypotheses hold.
    failed : dict[str, bool array]
        For each hypothesis, where it fails.
    ill_defined : bool array
        The formula cannot be evaluated (log of a negative number, …).
    ill_defined_reasons : dict[str, bool array]
    trivial : array or None
        The trivial bound the bound competes with (e.g. 2m for a retrieval error).
    kind : {"upper", "lower"}
    """

    name: str
    value: Any
    hypotheses_hold: Any
    failed: dict[str, Any]
    ill_defined: Any
    ill_defined_reasons: dict[str, Any]
    trivial: Any
    kind: str
    xp: Any = field(repr=False, default=None)

    @property
    def valid(self):
        """Hypotheses hold and the formula is well-defined (elementwise)."""
        return self.hypotheses_hold & ~self.ill_defined

    @property
    def vacuous(self):
        """Elementwise: the bound is no better than its trivial bound (False where no trivial bound)."""
        xp = self.xp
        if self.trivial is None:
            return xp.zeros_like(self.hypotheses_hold)
        # an ill-defined value is neither vacuous nor informative: it is reported as ill-defined
        v = xp.where(self.ill_defined, xp.zeros_like(self.value), self.value)
        vac = (v >= self.trivial) if self.kind == "upper" else (v <= self.trivial)
        return vac & ~self.ill_defined

    def failed_hypotheses(self) -> list[str]:
        """Names of hypotheses that fail at some point of the grid."""
        return [k for k, v in self.failed.items() if bool(self.xp.any(v))]

    def reasons_ill_defined(self) -> list[str]:
        return [k for k, v in self.ill_defined_reasons.items() if bool(self.xp.any(v & self.hypotheses_hold))]

    def require(self) -> "BoundResult":
        """Raise :class:`~hoptheory.bounds.BoundHypothesisError` unless the bound is valid everywhere."""
        xp = self.xp
        if not bool(xp.all(self.hypotheses_hold)):
            raise BoundHypothesisError(
                f"{self.name}: hypotheses fail: {', '.join(self.failed_hypotheses())}"
            )
        if bool(xp.any(self.ill_defined)):
            raise BoundHypothesisError(
                f"{self.name}: ill-defined where its hypotheses hold "
                f"({'; '.join(self.reasons_ill_defined()) or 'non-finite value'})"
            )
        return self

    def __float__(self) -> float:
        if tuple(self.value.shape) != ():
            raise TypeError(f"{self.name}: value has shape {tuple(self.value.shape)}, not a scalar")
        self.require()
        return float(self.value)

    def summary(self) -> str:
        """One line: value, hypotheses, definedness and vacuity (scalar results)."""
        parts = [f"{self.name}"]
        if tuple(self.value.shape) == ():
            parts[0] += f" = {float(self.value):.6g}"
        fh = self.failed_hypotheses()
        parts.append("hypotheses hold" if not fh else "FAILED: " + ", ".join(fh))
        if bool(self.xp.any(self.ill_defined)):
            reasons = [k for k, v in self.ill_defined_reasons.items() if bool(self.xp.any(v))]
            parts.append("ILL-DEFINED: " + ("; ".join(reasons) or "non-finite value"))
        if self.trivial is not None and bool(self.xp.all(self.vacuous)):
            parts.append("vacuous (no better than the trivial bound)")
        return "; ".join(parts)


# --------------------------------------------------------------------------- bounds


@dataclass(frozen=True)
class Bound:
    """A bound, threshold or capacity formula with its hypotheses, written once.

    Parameters
    ----------
    name : str
        Public name (the function name in the paper's module).
    parameters : tuple of str
        The formula's parameters, in order.
    formula : callable
        ``formula(F, **params)`` using only arithmetic and the kit ``F``
        (``F.exp``, ``F.log``, ``F.sqrt``, ``F.pow``, ``F.div``, ``F.wexp``, ``F.lambertw``,
        ``F.betainc``, ``F.minimum``, ``F.maximum``, ``F.pi``).
    hypotheses : tuple of Hypothesis
    kind : {"upper", "lower", "value"}
        Upper bound (vacuous when ≥ trivial), lower bound (vacuous when ≤ trivial) or a value
        (a threshold or constant with no direction).
    trivial : callable, optional
        ``trivial(F, **params)``: the trivial bound the result competes with.
    latex : str
        The formula as printed (LaTeX).
    source : str
        Paper, version, label.
    symbols : mapping, optional
        SymPy assumptions for each parameter (default: positive real).
    trivial_latex : str
        The trivial bound in LaTeX.
    form : str
        ``"published"``, ``"corrected"``, ``"derived"``, ``"as quoted"`` or ``"cited"``.
    example : mapping
        A point where the hypotheses hold and the formula is defined (for tests and examples).
    """

    name: str
    parameters: tuple[str, ...]
    formula: Callable[..., Any]
    hypotheses: tuple[Hypothesis, ...] = ()
    kind: str = "upper"
    trivial: Callable[..., Any] | None = None
    latex: str = ""
    source: str = ""
    symbols: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)
    trivial_latex: str = ""
    form: str = "published"
    example: Mapping[str, Any] = field(default_factory=dict)

    # -- numeric -----------------------------------------------------------------------
    def _arrays(self, params: Mapping[str, Any], xp=None):
        missing = [p for p in self.parameters if p not in params]
        extra = [p for p in params if p not in self.parameters]
        if missing or extra:
            raise TypeError(
                f"{self.name}() takes parameters {self.parameters}; "
                f"missing {missing}, unexpected {extra}"
            )
        if xp is None:
            arrays = [v for v in params.values() if hasattr(v, "shape") and not isinstance(v, (int, float))]
            xp = get_namespace(*arrays) if arrays else get_backend("numpy")
        else:
            xp = resolve_namespace(xp)  # the plain numpy/cupy modules are wrapped
        out = {}
        for k in self.parameters:
            v = params[k]
            if isinstance(v, bool):
                raise TypeError(f"{self.name}: parameter {k} must be a real number, got {v!r}")
            try:
                a = xp.asarray(v, dtype=xp.float64) if not hasattr(v, "dtype") else v
            except (TypeError, ValueError) as exc:
                raise TypeError(f"{self.name}: parameter {k} must be real numbers; got {v!r}") from exc
            if hasattr(a, "dtype") and not xp.isdtype(a.dtype, ("real floating", "integral")):
                raise TypeError(f"{self.name}: parameter {k} must be real; got dtype {a.dtype}")
            if xp.isdtype(a.dtype, "integral"):
                a = xp.astype(a, xp.float64)
            if not bool(xp.all(xp.isfinite(a))):
                raise ValueError(f"{self.name}: parameter {k} contains NaN or inf")
            out[k] = a
        shapes = [tuple(a.shape) for a in out.values()]
        try:
            bshape = np.broadcast_shapes(*shapes)
        except ValueError as exc:
            raise ValueError(
                f"{self.name}: parameter shapes do not broadcast: "
                + ", ".join(f"{k}{tuple(a.shape)}" for k, a in out.items())
            ) from exc
        out = {k: xp.broadcast_to(a, bshape) for k, a in out.items()}
        return xp, out, bshape

    def _named(self, args: tuple, params: Mapping[str, Any]) -> dict[str, Any]:
        """Positional parameters (in the order of :attr:`parameters`) merged with the named ones."""
        if len(args) > len(self.parameters):
            raise TypeError(
                f"{self.name}() takes at most {len(self.parameters)} positional parameters "
                f"{self.parameters}; got {len(args)}"
            )
        out = dict(params)
        for name, v in zip(self.parameters, args):
            if name in out:
                raise TypeError(f"{self.name}() got multiple values for parameter {name!r}")
            out[name] = v
        return out

    def __call__(self, *args, strict: bool = False, xp=None, **params) -> BoundResult:
        """Evaluate on scalars or broadcastable arrays; see :class:`BoundResult`.

        The parameters are given by position (in the order of :attr:`parameters`) or by name.
        """
        xp, arrs, shape = self._arrays(self._named(args, params), xp)
        failed = {}
        hold = xp.ones(shape, dtype=xp.bool)
        for h in self.hypotheses:
            ok = xp.broadcast_to(xp.asarray(h.test(xp, **arrs)), shape)
            failed[h.name] = ~ok
            hold = hold & ok
        kit = ArrayKit(xp, shape)
        # the kit flags domain violations and non-finite results itself, so floating-point
        # warnings of the host library (overflow in exp, …) carry no extra information
        with np.errstate(all="ignore"):
            value = xp.broadcast_to(xp.asarray(self.formula(kit, **arrs), dtype=xp.float64), shape)
        nonfinite = ~xp.isfinite(value)
        if bool(xp.any(nonfinite & ~kit.undefined)):
            kit._flag(nonfinite & ~kit.undefined, "non-finite value (overflow or division by zero)")
        ill = kit.undefined
        value = xp.where(ill, xp.full(shape, float("nan"), dtype=xp.float64), value)
        trivial = None
        if self.trivial is not None:
            tkit = ArrayKit(xp, shape)
            with np.errstate(all="ignore"):
                trivial = xp.broadcast_to(xp.asarray(self.trivial(tkit, **arrs), dtype=xp.float64), shape)
        res = BoundResult(
            name=self.name, value=value, hypotheses_hold=hold, failed=failed,
            ill_defined=ill, ill_defined_reasons=dict(kit.reasons), trivial=trivial,
            kind=self.kind, xp=xp,
        )
        if strict:
            res.require()
        return res

    def value(self, *args, **params):
        """The bound's value only (raises :class:`~hoptheory.bounds.BoundHypothesisError` if not valid everywhere)."""
        return self(*args, strict=True, **params).value

    # -- symbolic ----------------------------------------------------------------------
    def sympy_symbols(self) -> dict[str, sympy.Symbol]:
        out = {}
        for p in self.parameters:
            assumptions = dict(self.symbols.get(p, {"positive": True}))
            out[p] = sympy.Symbol(_SYMBOL_NAMES.get(p, p), **assumptions)
        return out

    def sympy(self, **values) -> sympy.Expr:
        """The SymPy twin of the formula (symbols with assumptions, or given values).

        ``values`` maps parameter names to numbers (int, float, ``Fraction``, mpmath) or SymPy
        expressions.  Text is refused: it is never handed to ``sympify``, which evaluates
        Python.
        """
        syms = self.sympy_symbols()
        unknown = [k for k in values if k not in self.parameters]
        if unknown:
            raise TypeError(f"{self.name}.sympy() takes parameters {self.parameters}; unexpected {unknown}")
        syms.update({k: _sympy_value(self.name, k, v) for k, v in values.items()})
        return self.formula(SympyKit, **syms)

    def latex_twin(self) -> str:
        """LaTeX of the SymPy twin (generated, not the printed form in ``latex``)."""
        return sympy.latex(self.sympy())

    # -- high precision and certified ----------------------------------------------------
    def _scalars(self, params):
        missing = [p for p in self.parameters if p not in params]
        extra = [p for p in params if p not in self.parameters]
        if missing or extra:
            raise TypeError(
                f"{self.name}() takes parameters {self.parameters}; missing {missing}, unexpected {extra}"
            )
        return {k: _exact_scalar(self.name, k, params[k]) for k in self.parameters}

    def mp(self, dps: int = 50, **params):
        """Evaluate at ``dps`` decimal digits with mpmath (scalars; inputs taken as exact).

        ``dps`` is an int from 1 to 100000.  The hypotheses are not checked here: call the
        bound itself (``bound(**params)``) to see which hold.
        """
        dps = _positive_int(self.name, "dps", dps, 100_000)
        vals = self._scalars(params)
        with mpmath.workdps(dps):
            v = self.formula(MpmathKit(), **{k: _to_mp(x) for k, x in vals.items()})
            return +v

    def certified(self, prec: int = 80, *, strict: bool = True, **params):
        """An ``mpmath.iv`` interval that contains the exact value of the formula.

        Inputs are taken as the exact binary numbers given (floats are exact rationals) and
        are checked as by the plain call; ``prec`` is an int from 2 to 1000000 bits.  With
        ``strict=True`` (the default) a failing hypothesis raises
        :class:`~hoptheory.bounds.BoundHypothesisError` naming it, as the interval would
        certify a value the bound does not promise; ``strict=False`` encloses the formula
        anyway.  Raises ``ArithmeticError`` if the formula leaves its domain on the enclosure.
        """
        prec = _positive_int(self.name, "prec", prec, 1_000_000, low=2)
        vals = self._scalars(params)
        if strict and self.hypotheses:
            failed = self._failed_at(vals)
            if failed:
                raise BoundHypothesisError(
                    f"{self.name}: hypotheses fail at "
                    + ", ".join(f"{k}={_show(params[k])}" for k in self.parameters)
                    + ": " + ", ".join(failed) + " (pass strict=False to enclose the formula anyway)"
                )
        old = mpmath.iv.prec
        mpmath.iv.prec = prec
        try:
            return self.formula(IntervalKit(), **{k: _to_iv(x) for k, x in vals.items()})
        finally:
            mpmath.iv.prec = old

    def _failed_at(self, vals) -> list[str]:
        """Names of the hypotheses that fail at the scalar point ``vals`` (exact mpmath values)."""
        xp = get_backend("numpy")
        with np.errstate(over="ignore"):
            arrs = {k: np.asarray(float(_to_mp(v)), dtype=np.float64) for k, v in vals.items()}
        if not all(np.isfinite(a) for a in arrs.values()):
            big = [k for k, a in arrs.items() if not np.isfinite(a)]
            return [f"(cannot test: {', '.join(big)} beyond the float range)"]
        return [h.name for h in self.hypotheses if not bool(np.all(h.test(xp, **arrs)))]

    def hypotheses_latex(self) -> list[str]:
        return [h.latex for h in self.hypotheses]


def _show(v) -> str:
    text = repr(v)
    return text if len(text) <= 30 else text[:27] + "..."


def _positive_int(name: str, what: str, v, high: int, low: int = 1) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"{name}: {what} must be an int from {low} to {high}; got {_show(v)}")
    if not low <= int(v) <= high:
        raise ValueError(f"{name}: {what} must be an int from {low} to {high}; got {int(v)}")
    return int(v)


def _exact_scalar(name: str, k: str, x):
    """A scalar parameter checked and kept exact: an int, a ``Fraction``, a decimal str or an mpf.

    Accepted: int, float (kept as the exact binary number, an mpf of 53 bits), NumPy real
    scalars and 0-d arrays, ``Fraction``, ``mpmath.mpf`` and decimal text such as ``'0.1'``
    (read by mpmath's number parser, never evaluated).  Booleans, complex numbers, NaN and
    infinities are refused with the parameter's name.
    """
    bad = f"{name}: parameter {k} must be a finite real number"
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{bad}, got {x!r}")
    if isinstance(x, np.ndarray):
        if x.shape != () or not np.isdtype(x.dtype, ("real floating", "integral")):
            raise TypeError(f"{bad} (a scalar); got an array of shape {x.shape} and dtype {x.dtype}")
        x = x[()]
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (float, np.floating)):
        f = float(x)
        if not math.isfinite(f):
            raise ValueError(f"{bad}, got {f}")
        with mpmath.workprec(53):
            return mpmath.mpf(f)  # exact: 53 bits hold every double
    if isinstance(x, str):
        text = x.strip()
        if len(text) > 60 or not _DECIMAL_TEXT.fullmatch(text):
            raise ValueError(f"{bad}; the text {_show(x)} is not a decimal number such as '0.1'")
        return text
    if isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise ValueError(f"{bad}, got {x}")
        return x
    raise TypeError(f"{bad}; got {type(x).__name__} {_show(x)}")


def _to_mp(x):
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _to_iv(x):
    return mpmath.iv.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.iv.mpf(x)


def _sympy_value(name: str, k: str, v):
    """A value for the SymPy twin; text is refused (never sympified)."""
    if isinstance(v, sympy.Basic):
        return v
    if isinstance(v, str):
        raise TypeError(
            f"{name}.sympy(): parameter {k} must be a number or a SymPy expression, got the text {_show(v)}; "
            "text is never evaluated (write sympy.Rational(3, 2) or 1.5)"
        )
    if isinstance(v, (bool, np.bool_)):
        raise TypeError(f"{name}.sympy(): parameter {k} must be a number or a SymPy expression, got {v!r}")
    if isinstance(v, (int, np.integer)):
        return sympy.Integer(int(v))
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, (float, np.floating, mpmath.mpf)):
        f = mpmath.mpf(v)
        if not mpmath.isfinite(f):
            raise ValueError(f"{name}.sympy(): parameter {k} must be finite, got {v!r}")
        return sympy.Float(f)
    raise TypeError(f"{name}.sympy(): parameter {k} must be a number or a SymPy expression; got {type(v).__name__}")


_DECIMAL_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,6})?")


# Greek-letter names for the SymPy twins' symbols.
_SYMBOL_NAMES = {
    "beta": "beta",
    "delta": "delta",
    "Delta": "Delta",
    "p_fail": "p_f",
    "kappa": "kappa",
    "alpha": "alpha",
    "epsilon": "epsilon",
}
