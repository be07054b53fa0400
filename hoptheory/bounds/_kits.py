r"""The four evaluation kits of a bound formula.

A published bound is written **once**, as a Python function ``formula(F, **params)`` over a
*kit* ``F`` that supplies the arithmetic and special functions it needs; the same formula is
then evaluated by four kits:

* :class:`ArrayKit`: vectorised floats on any array-API backend (NumPy, CuPy,
  array-api-strict).  Every partial function records where its argument leaves the domain, so
  a formula that is undefined where its hypotheses hold is reported as *ill-defined* instead of
  as an unexplained NaN;
* :class:`SympyKit`: the SymPy twin (an expression, for LaTeX and symbolic comparison);
* :class:`MpmathKit`: high precision (``mpmath.mp``);
* :class:`IntervalKit`: certified evaluation with ``mpmath.iv``: the result contains the exact
  value.

Every kit has the same methods: ``exp``, ``log``, ``log1p`` (:math:`\ln(1+x)`), ``sqrt``,
``pow``, ``div``, ``minimum``, ``maximum``, ``abs``, ``expm1``, ``rational(p, q)``,
``intpow(t, n)``, ``factorial``,
``gamma_ratio(x, y)`` (:math:`\Gamma(x)/\Gamma(y)`), ``lambertw`` (:math:`W_0`),
``lambertw_lower`` (:math:`W_{-1}`), ``wexp`` (:math:`W_0\circ\exp`), ``betainc`` (the
regularised incomplete beta function) and ``cases(s, cases)`` (a piecewise formula selected by
the sign of ``s``; ``cases`` is a sequence of ``(relation, safe, branch)`` with ``relation`` in
``{"<", "<=", "==", ">", ">=", "!="}`` comparing ``s`` with 0, ``branch(K, s)`` the branch
evaluated by kit ``K`` and ``safe`` the value of ``s`` handed to an unselected branch by the
array kit).  A formula never asks which kit it runs on.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import sympy
from scipy.special import betainc as _sp_betainc
from scipy.special import gamma as _sp_gamma
from scipy.special import gammaln as _sp_gammaln
from scipy.special import lambertw as _sp_lambertw

from ..backend import to_numpy

__all__ = ["ArrayKit", "IntervalKit", "MpmathKit", "SympyKit"]

# the relation of a piecewise branch, as a test of s against 0 (floats and mpmath numbers)
_SIGN_TESTS = {
    "<": lambda s: s < 0, "<=": lambda s: s <= 0, "==": lambda s: s == 0,
    ">": lambda s: s > 0, ">=": lambda s: s >= 0, "!=": lambda s: s != 0,
}
_SYMPY_RELATIONS = {
    "<": lambda s: sympy.Lt(s, 0), "<=": lambda s: sympy.Le(s, 0), "==": lambda s: sympy.Eq(s, 0),
    ">": lambda s: sympy.Gt(s, 0), ">=": lambda s: sympy.Ge(s, 0), "!=": lambda s: sympy.Ne(s, 0),
}
# for an interval s = [lo, hi]: could the relation hold somewhere on it?
_INTERVAL_POSSIBLE = {
    "<": lambda lo, hi: lo < 0, "<=": lambda lo, hi: lo <= 0, "==": lambda lo, hi: lo <= 0 <= hi,
    ">": lambda lo, hi: hi > 0, ">=": lambda lo, hi: hi >= 0,
    "!=": lambda lo, hi: not (lo == 0 and hi == 0),
}


def _wm1_near_branch_point(x, w):
    r"""Repair SciPy's :math:`W_{-1}(x)` near the branch point :math:`x=-1/e`.

    SciPy loses accuracy there (relative error 7e-5 at :math:`x=-1/e+10^{-9}`, against the
    problem's own conditioning of about 2e-8 per ulp of :math:`x`).  For
    :math:`x<-1/e+10^{-2}` the branch-point series in :math:`p=-\sqrt{2(1+ex)}`,
    :math:`W=-1+p-p^2/3+\tfrac{11}{72}p^3-\dots` (Corless et al. 1996, Eq. 4.22), gives the
    start; two Halley steps on :math:`we^w-x` finish (where :math:`w\ne-1`).
    """
    near = (x < -1.0 / math.e + 1e-2) & np.isfinite(w)  # NaN below -1/e stays NaN (flagged by the caller)
    if not np.any(near):
        return w
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        p = -np.sqrt(np.maximum(2.0 * (1.0 + math.e * x), 0.0))
        ser = -1 + p * (1 + p * (-1 / 3 + p * (11 / 72 + p * (-43 / 540 + p * (769 / 17280 + p * (-221 / 8505))))))
        v = np.where(near, ser, w)
        for _ in range(2):
            ev = np.exp(v)
            f = v * ev - x
            den = ev * (v + 1) - (v + 2) * f / (2 * v + 2)
            step = f / den
            v = np.where(near & np.isfinite(step) & (v != -1.0), v - step, v)
    return np.where(near & np.isfinite(v), v, w)


class ArrayKit:
    """Array-API evaluation that records domain violations.

    Each partial function evaluates on a safe substitute where its argument is outside the
    domain and ORs the violation into ``undefined``, so results are never silently
    NaN: the caller (``Bound.__call__``) turns the mask into ``ill_defined``.
    """

    name = "array"

    def __init__(self, xp, shape: tuple[int, ...]):
        self.xp = xp
        self.undefined = xp.zeros(shape, dtype=xp.bool)
        self.reasons: dict[str, Any] = {}
        self.pi = math.pi
        self.e = math.e

    def _flag(self, bad, reason: str):
        xp = self.xp
        bad = xp.broadcast_to(bad, self.undefined.shape) if bad.shape != self.undefined.shape else bad
        self.undefined = self.undefined | bad
        prev = self.reasons.get(reason)
        self.reasons[reason] = bad if prev is None else (prev | bad)

    def asarray(self, v):
        xp = self.xp
        if hasattr(v, "dtype") and not isinstance(v, (int, float)):
            return v
        return xp.asarray(v, dtype=xp.float64)

    def exp(self, x):
        return self.xp.exp(self.asarray(x))

    def log(self, x):
        xp = self.xp
        x = self.asarray(x)
        bad = ~(x > 0)
        self._flag(bad, "log of a non-positive number")
        return xp.log(xp.where(bad, xp.ones_like(x), x))

    def log1p(self, x):
        xp = self.xp
        x = self.asarray(x)
        bad = ~(x > -1)
        self._flag(bad, "log of a non-positive number")
        return xp.log1p(xp.where(bad, xp.zeros_like(x), x))

    def sqrt(self, x):
        xp = self.xp
        x = self.asarray(x)
        bad = ~(x >= 0)
        self._flag(bad, "square root of a negative number")
        return xp.sqrt(xp.where(bad, xp.zeros_like(x), x))

    def pow(self, x, y):
        """``x**y`` for x > 0 (or x = 0 with y > 0); other bases are outside the domain."""
        xp = self.xp
        x, y = self.asarray(x), self.asarray(y)
        bad = ~((x > 0) | ((x == 0) & (y > 0)))
        self._flag(bad, "power of a non-positive base")
        return xp.where(bad, xp.ones_like(x * y), x) ** y

    def div(self, x, y):
        xp = self.xp
        x, y = self.asarray(x), self.asarray(y)
        bad = y == 0
        self._flag(bad, "division by zero")
        return x / xp.where(bad, xp.ones_like(y), y)

    def wexp(self, y):
        r""":math:`W_0(e^{y})` for real ``y`` without forming :math:`e^{y}`.

        Solves :math:`w + \log w = y` by Newton's method in :math:`w`,
        :math:`w \leftarrow w\,(1 + y - \log w)/(1 + w)`, from Winitzki's start
        :math:`w_0 = L\,(1 - \log(1+L)/(2+L))` with :math:`L = \log(1 + e^{y})` (computed
        without overflow), whose relative error is below 2 %; three steps then reach about
        1e-15 and a fourth step is taken only where the change is still above 1e-14.  Finite
        from :math:`y = -745` (where :math:`W_0(e^y)` underflows to 0) to :math:`10^{300}`.
        """
        xp = self.xp
        y = self.asarray(y)
        L = xp.maximum(y, xp.zeros_like(y)) + xp.log1p(xp.exp(-xp.abs(y)))
        w = L * (1.0 - xp.log1p(L) / (2.0 + L))
        # w underflows to 0 only where W_0(e^y) itself is below the smallest float
        zero = w == 0
        guard = bool(xp.any(zero))

        def step(w):
            if guard:
                ws = xp.where(zero, xp.ones_like(w), w)
                return xp.where(zero, xp.zeros_like(w), ws * (1.0 + y - xp.log(ws)) / (1.0 + ws))
            return w * (1.0 + y - xp.log(w)) / (1.0 + w)

        for _ in range(3):
            w = step(w)
        for _ in range(20):
            wn = step(w)
            done = not bool(xp.any(xp.abs(wn - w) > 1e-14 * wn))
            w = wn
            if done:
                break
        return w

    def lambertw(self, x):
        """Principal branch W₀(x) for x ≥ −1/e (outside the domain is flagged)."""
        xp = self.xp
        x = self.asarray(x)
        bad = ~(x >= -1.0 / math.e)
        self._flag(bad, "Lambert W argument below -1/e")
        xn = to_numpy(xp.where(bad, xp.zeros_like(x), x))
        w = np.real(_sp_lambertw(xn, 0)).astype(np.float64)
        return xp.asarray(w, dtype=xp.float64) if not isinstance(x, np.ndarray) else w

    def betainc(self, a, b, x):
        """Regularised incomplete beta function I_x(a, b) (SciPy, returned in ``xp``)."""
        xp = self.xp
        a, b, x = self.asarray(a), self.asarray(b), self.asarray(x)
        bad = ~((x >= 0) & (x <= 1) & (a > 0) & (b > 0))
        self._flag(bad, "incomplete beta outside its domain")
        out = _sp_betainc(to_numpy(xp.where(bad, xp.ones_like(a), a)), to_numpy(xp.where(bad, xp.ones_like(b), b)),
                  to_numpy(xp.where(bad, xp.zeros_like(x), x)))
        return xp.asarray(np.asarray(out, dtype=np.float64), dtype=xp.float64)

    def minimum(self, x, y):
        return self.xp.minimum(self.asarray(x), self.asarray(y))

    def maximum(self, x, y):
        return self.xp.maximum(self.asarray(x), self.asarray(y))

    # -- special functions the array API lacks ---------------------------------------------
    def rational(self, p: int, q: int):
        """The rational ``p/q`` as a float."""
        return p / q

    def abs(self, x):
        return self.xp.abs(self.asarray(x))

    def expm1(self, y):
        r""":math:`e^y-1` without cancellation for small :math:`y`."""
        return self.xp.expm1(self.asarray(y))

    def intpow(self, t, n):
        """``t**n`` for an integer exponent ``n >= 1`` and ``t >= 0`` (``t = 0`` allowed)."""
        return self.pow(t, n)

    def factorial(self, n):
        """:math:`n! = \\Gamma(n+1)`, on the host with SciPy (the array API has no Gamma function)."""
        xp = self.xp
        n = self.asarray(n)
        with np.errstate(over="ignore"):
            out = _sp_gamma(to_numpy(n) + 1.0)
        return xp.asarray(np.asarray(out, dtype=np.float64), dtype=xp.float64)

    def gamma_ratio(self, x, y):
        r""":math:`\Gamma(x)/\Gamma(y)` for :math:`x, y > 0`, as :math:`\exp(\ln\Gamma(x)-\ln\Gamma(y))`."""
        xp = self.xp
        x, y = self.asarray(x), self.asarray(y)
        bad = ~((x > 0) & (y > 0))
        self._flag(bad, "gamma function of a non-positive argument")
        one = xp.ones_like(x * y)
        xn = to_numpy(xp.where(bad, one, x * one))
        yn = to_numpy(xp.where(bad, one, y * one))
        out = np.exp(_sp_gammaln(xn) - _sp_gammaln(yn))
        return xp.asarray(np.asarray(out, dtype=np.float64), dtype=xp.float64)

    def lambertw_lower(self, x):
        r"""The lower real branch :math:`W_{-1}(x)` for :math:`-1/e\le x<0` (outside is flagged).

        SciPy's value is repaired near the branch point (``_wm1_near_branch_point``).
        """
        xp = self.xp
        x = self.asarray(x)
        bad = ~((x >= -1.0 / math.e) & (x < 0))
        self._flag(bad, "W_{-1} argument outside [-1/e, 0)")
        xn = np.asarray(to_numpy(xp.where(bad, xp.full_like(x, -0.25), x)), dtype=np.float64)
        w = _wm1_near_branch_point(xn, np.real(_sp_lambertw(xn, -1)).astype(np.float64))
        # a float that rounds to -1/e but lies below it has no real W_{-1}: SciPy returns NaN there
        w = xp.asarray(w, dtype=xp.float64)
        self._flag(~xp.isfinite(w) & ~bad, "W_{-1} argument below -1/e (after rounding)")
        return xp.where(xp.isfinite(w), w, xp.full_like(w, -1.0))

    def cases(self, s, cases):
        """A piecewise expression selected by the sign of ``s`` (see ``piecewise``).

        Each branch is evaluated on a sub-kit with ``s`` replaced by ``safe`` where the branch
        is not selected, so unselected branches never overflow or leave their domain; domain
        violations inside a branch are recorded only where it is selected.
        """
        xp = self.xp
        s = self.asarray(s)
        shape = self.undefined.shape
        out = xp.full(shape, float("nan"), dtype=xp.float64)
        covered = xp.zeros(shape, dtype=xp.bool)
        for rel, safe, branch in cases:
            mask = xp.broadcast_to(_SIGN_TESTS[rel](s), shape) & ~covered
            sub = ArrayKit(xp, shape)
            s_sub = xp.where(mask, s, xp.full_like(s, float(safe)))
            val = xp.asarray(branch(sub, s_sub), dtype=xp.float64)
            for reason, bad in sub.reasons.items():
                bad = xp.broadcast_to(bad, shape) & mask
                if bool(xp.any(bad)):
                    self._flag(bad, reason)
            out = xp.where(mask, val, out)
            covered = covered | mask
        return out


class SympyKit:
    """The SymPy twin: builds an expression."""

    name = "sympy"
    pi = sympy.pi
    e = sympy.E

    @staticmethod
    def exp(x):
        """The exponential as a SymPy expression."""
        return sympy.exp(x)

    @staticmethod
    def log(x):
        """The natural logarithm as a SymPy expression."""
        return sympy.log(x)

    @staticmethod
    def log1p(x):
        r""":math:`\ln(1+x)` as a SymPy expression."""
        return sympy.log(1 + x)

    @staticmethod
    def sqrt(x):
        """The principal square root as a SymPy expression."""
        return sympy.sqrt(x)

    @staticmethod
    def pow(x, y):
        """``x**y``; between two exact numbers with a non-integer exponent it stays unevaluated.

        SymPy would otherwise try exact root extraction, which for rationals such as
        ``Rational(0.37)**Rational(0.21)`` (numerators of 2⁵³ size) runs for minutes; ``evalf``
        evaluates the unevaluated power as usual.
        """
        x, y = sympy.sympify(x), sympy.sympify(y)
        if x.is_Number and y.is_Number and not y.is_Integer:
            return sympy.Pow(x, y, evaluate=False)
        return sympy.Pow(x, y)

    @staticmethod
    def div(x, y):
        # sympify first so that div(1, 2) is the exact Rational 1/2, not the float 0.5
        return sympy.sympify(x) / sympy.sympify(y)

    @staticmethod
    def wexp(y):
        return sympy.LambertW(sympy.exp(y))

    @staticmethod
    def lambertw(x):
        return sympy.LambertW(x)

    @staticmethod
    def betainc(a, b, x):
        return sympy.betainc_regularized(a, b, 0, x)

    @staticmethod
    def minimum(x, y):
        """``Min(x, y)`` as a SymPy expression."""
        return sympy.Min(x, y)

    @staticmethod
    def maximum(x, y):
        """``Max(x, y)`` as a SymPy expression."""
        return sympy.Max(x, y)

    @staticmethod
    def rational(p: int, q: int):
        """The exact ``Rational(p, q)``."""
        return sympy.Rational(p, q)

    @staticmethod
    def abs(x):
        return sympy.Abs(x)

    @staticmethod
    def expm1(y):
        return sympy.exp(y) - 1

    @staticmethod
    def intpow(t, n):
        return sympy.Pow(t, n)

    @staticmethod
    def factorial(n):
        return sympy.factorial(n)

    @staticmethod
    def gamma_ratio(x, y):
        # unevaluated: at exact arguments such as n/2 = 500000 SymPy would otherwise form the
        # integer 499999! and then look for exact roots of it (minutes); evalf handles it
        return sympy.gamma(x, evaluate=False) / sympy.gamma(y, evaluate=False)

    @staticmethod
    def lambertw_lower(x):
        return sympy.LambertW(x, -1)

    @classmethod
    def cases(cls, s, cases):
        """``Piecewise`` with the relations of ``cases`` on ``s`` (the last is the otherwise)."""
        pieces = [(branch(cls, s), _SYMPY_RELATIONS[rel](s)) for rel, _, branch in cases[:-1]]
        pieces.append((cases[-1][2](cls, s), True))
        return sympy.Piecewise(*pieces)


class _MpmathContextKit:
    """What the two mpmath kits share: constants, the exponential and rationals of their context.

    ``_context`` is ``mpmath.mp`` (numbers) or ``mpmath.iv`` (intervals); ``_lift`` turns an
    argument into a number of that context.
    """

    _context: Any

    @property
    def pi(self):
        return self._context.pi

    @property
    def e(self):
        return self._context.e

    def _lift(self, v):
        return v

    def exp(self, x):
        return self._context.exp(self._lift(x))

    def rational(self, p: int, q: int):
        """``p/q`` in the context (for intervals, an enclosure)."""
        return self._context.mpf(p) / q


class MpmathKit(_MpmathContextKit):
    """High-precision evaluation with ``mpmath.mp`` (precision set by the caller)."""

    name = "mpmath"
    _context = mpmath.mp

    @staticmethod
    def _real(v):
        v = mpmath.mpmathify(v)
        if isinstance(v, mpmath.mpc):
            raise ArithmeticError("complex intermediate value: formula outside its domain")
        return v

    def log(self, x):
        if x <= 0:
            raise ArithmeticError("log of a non-positive number")
        return mpmath.log(x)

    def log1p(self, x):
        if x <= -1:
            raise ArithmeticError("log of a non-positive number")
        return mpmath.log1p(x)

    def sqrt(self, x):
        if x < 0:
            raise ArithmeticError("square root of a negative number")
        return mpmath.sqrt(x)

    def pow(self, x, y):
        if not (x > 0 or (x == 0 and y > 0)):
            raise ArithmeticError("power of a non-positive base")
        return mpmath.power(x, y)

    def div(self, x, y):
        if y == 0:
            raise ArithmeticError("division by zero")
        return mpmath.mpf(x) / y

    def wexp(self, y):
        return self._real(mpmath.lambertw(mpmath.exp(y)))

    def lambertw(self, x):
        if x < -1 / mpmath.e:
            raise ArithmeticError("Lambert W argument below -1/e")
        return self._real(mpmath.lambertw(x))

    def betainc(self, a, b, x):
        return mpmath.betainc(a, b, 0, x, regularized=True)

    def minimum(self, x, y):
        return min(mpmath.mpf(x), mpmath.mpf(y))

    def maximum(self, x, y):
        return max(mpmath.mpf(x), mpmath.mpf(y))

    def abs(self, x):
        return abs(mpmath.mpf(x))

    def expm1(self, y):
        return mpmath.expm1(y)

    def intpow(self, t, n):
        return self.pow(t, n)

    def factorial(self, n):
        return mpmath.factorial(n)

    def gamma_ratio(self, x, y):
        if not (x > 0 and y > 0):
            raise ArithmeticError("gamma ratio outside x, y > 0")
        return mpmath.gamma(x) / mpmath.gamma(y)

    def lambertw_lower(self, x):
        if not (-1 / mpmath.e <= x < 0):
            raise ArithmeticError("W_{-1} argument outside [-1/e, 0)")
        return mpmath.re(mpmath.lambertw(x, -1))

    def cases(self, s, cases):
        for rel, _, branch in cases:
            if _SIGN_TESTS[rel](s):
                return branch(self, s)
        raise ArithmeticError("no branch of the piecewise formula applies")


class IntervalKit(_MpmathContextKit):
    """Certified evaluation with ``mpmath.iv`` (outward-rounded interval arithmetic).

    ``exp``, ``log``, ``sqrt`` and arithmetic are mpmath's own interval operations.
    Monotone special functions (W₀, W₀∘exp, I_x(a, b) in x) are enclosed by evaluating the
    endpoints at 32 extra bits and widening outward by 2⁻ᵖʳᵉᶜ relative, which contains the
    exact value because mpmath's point evaluations are accurate to a few ulps of the
    working precision.
    """

    name = "interval"
    _context = mpmath.iv

    @staticmethod
    def iv(v):
        return mpmath.iv.mpf(v) if not isinstance(v, mpmath.iv.mpf) else v

    def _lift(self, v):
        return self.iv(v)

    def log(self, x):
        x = self.iv(x)
        if not x.a > 0:
            raise ArithmeticError("log of an interval that reaches a non-positive number")
        return mpmath.iv.log(x)

    def log1p(self, x):
        x = self.iv(x)
        if not x.a > -1:
            raise ArithmeticError("log of an interval that reaches a non-positive number")
        return self._monotone(mpmath.log1p, x.a, x.b)

    def sqrt(self, x):
        x = self.iv(x)
        if x.a < 0:
            raise ArithmeticError("square root of an interval that reaches a negative number")
        return mpmath.iv.sqrt(x)

    def pow(self, x, y):
        x = self.iv(x)
        if not x.a > 0:
            raise ArithmeticError("power of an interval base that reaches a non-positive number")
        return mpmath.iv.exp(self.iv(y) * mpmath.iv.log(x))

    def div(self, x, y):
        y = self.iv(y)
        if y.a <= 0 <= y.b:
            raise ArithmeticError("division by an interval containing zero")
        return self.iv(x) / y

    def _monotone(self, f, lo, hi):
        """Enclose f over [lo, hi] for increasing f, evaluated at extra precision."""
        prec = mpmath.iv.prec
        with mpmath.mp.workprec(prec + 32):
            flo = mpmath.mpf(f(mpmath.mpf(lo)))
            fhi = mpmath.mpf(f(mpmath.mpf(hi)))
            rel = mpmath.mpf(2) ** (-prec)
            tiny = mpmath.mpf(2) ** (-prec - 1000)
            lo_out = flo - abs(flo) * rel - tiny
            hi_out = fhi + abs(fhi) * rel + tiny
        return mpmath.iv.mpf([lo_out, hi_out])

    def wexp(self, y):
        y = self.iv(y)
        return self._monotone(lambda t: mpmath.re(mpmath.lambertw(mpmath.exp(t))), y.a, y.b)

    def lambertw(self, x):
        x = self.iv(x)
        if x.a < -1 / mpmath.e:
            raise ArithmeticError("Lambert W argument interval reaches below -1/e")
        return self._monotone(lambda t: mpmath.re(mpmath.lambertw(t)), x.a, x.b)

    def betainc(self, a, b, x):
        a, b, x = self.iv(a), self.iv(b), self.iv(x)
        if a.a != a.b or b.a != b.b:
            raise ArithmeticError("certified incomplete beta needs exact a and b")
        if x.a < 0 or x.b > 1:
            raise ArithmeticError("incomplete beta argument outside [0, 1]")
        av, bv = mpmath.mpf(a.a), mpmath.mpf(b.a)
        return self._monotone(lambda t: mpmath.betainc(av, bv, 0, t, regularized=True), x.a, x.b)

    def minimum(self, x, y):
        x, y = self.iv(x), self.iv(y)
        return mpmath.iv.mpf([min(x.a, y.a), min(x.b, y.b)])

    def maximum(self, x, y):
        x, y = self.iv(x), self.iv(y)
        return mpmath.iv.mpf([max(x.a, y.a), max(x.b, y.b)])

    def abs(self, x):
        return self.maximum(x, -self.iv(x))

    def expm1(self, y):
        # outward-rounded, so still certified (no cancellation control is needed for an enclosure)
        return self.exp(y) - 1

    def _exact_int(self, n, what: str) -> int:
        nv = self.iv(n)
        if nv.a != nv.b or mpmath.mpf(nv.a) != mpmath.floor(mpmath.mpf(nv.a)):
            raise ArithmeticError(f"certified {what} needs an exact integer")
        return int(mpmath.mpf(nv.a))

    def intpow(self, t, n):
        return self.iv(t) ** self._exact_int(n, "integer power")

    def factorial(self, n):
        k = self._exact_int(n, "factorial")
        if k < 0:
            raise ArithmeticError("certified factorial needs a non-negative integer")
        return mpmath.iv.mpf(math.factorial(k))

    def gamma_ratio(self, x, y):
        x, y = self.iv(x), self.iv(y)
        if not (x.a > 0 and y.a > 0):
            raise ArithmeticError("gamma ratio interval reaches a non-positive argument")
        return mpmath.iv.gamma(x) / mpmath.iv.gamma(y)

    def lambertw_lower(self, x):
        x = self.iv(x)
        prec = mpmath.iv.prec
        with mpmath.mp.workprec(prec + 32):
            lo_x, hi_x = mpmath.mpf(x.a), mpmath.mpf(x.b)
            if lo_x < -1 / mpmath.e or hi_x >= 0:
                raise ArithmeticError("W_{-1} argument interval leaves [-1/e, 0)")
            # W_{-1} decreases on [-1/e, 0): the enclosure comes from the swapped endpoints
            w_lo = mpmath.re(mpmath.lambertw(hi_x, -1))
            w_hi = mpmath.re(mpmath.lambertw(lo_x, -1))
            rel = mpmath.mpf(2) ** (-prec)
            tiny = mpmath.mpf(2) ** (-prec - 1000)
            return mpmath.iv.mpf([w_lo - abs(w_lo) * rel - tiny, w_hi + abs(w_hi) * rel + tiny])

    def cases(self, s, cases):
        """The one branch possible on the enclosure of ``s``; a straddled branch point raises."""
        s = self.iv(s)
        lo, hi = mpmath.mpf(s.a), mpmath.mpf(s.b)
        possible = [branch for rel, _, branch in cases if _INTERVAL_POSSIBLE[rel](lo, hi)]
        if len(possible) != 1:
            raise ArithmeticError("interval enclosure straddles a branch point of a piecewise formula")
        return possible[0](self, s)

