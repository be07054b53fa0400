r"""Bounds, thresholds and capacity formulas of Ramsauer et al. (2021), dense Hopfield model.

H. Ramsauer et al., *Hopfield Networks is All You Need*, ICLR 2021, arXiv:2008.02217 (v3).
Every formula is written in hoptheory's notation (``shared/spec/conventions.md``); where the
catalogue gives a corrected or derived form it is a separate object whose name says so.

Symbols
-------
=====================  ===========================================  =========================================
paper                  hoptheory (math)                             code parameter
=====================  ===========================================  =========================================
:math:`N`              :math:`M` (number of memories)               ``M``
:math:`x_i`            :math:`\xi_\mu` (columns)                    ``Xi[:, mu]``, ``Xi`` of shape ``(d, M)``
:math:`\xi`            :math:`x` (query)                            ``x``, shape ``(d,)`` or ``(d, N)``
:math:`M`              :math:`m=\max_\mu\|\xi_\mu\|`                ``m``
:math:`\beta`          :math:`\beta>0`                              ``beta``
:math:`\Delta_i`       :math:`\Delta_\mu`                           ``Delta``
:math:`c` (Lemma A4)   :math:`\tilde\Delta_\mu(x)`                  ``Delta_tilde``
:math:`m` (Lemma A2)   :math:`s=\max_\mu p_\mu(1-p_\mu)`            ``s``
:math:`m_{\max}`       :math:`r_c`, :math:`r_l`                     ``r_c``, ``r_l``
:math:`K`              :math:`K`, with :math:`m=K\sqrt{d-1}`        ``K``
:math:`p`              :math:`p_{\mathrm f}` (failure probability)  ``p_fail``
:math:`a, b, c`        :math:`a, b, c`                              ``a``, ``b``, ``c``
:math:`\alpha_{\min}`  :math:`\alpha_{\min}`                        ``alpha_min`` or ``cos_alpha_min``
=====================  ===========================================  =========================================

Further parameters: ``r`` is :math:`\max\{\|x-\xi_\mu\|,\|x^*_\mu-\xi_\mu\|\}` in the retrieval
theorems (a distance in the separation transfer), ``D`` is
:math:`\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|`, ``epsilon`` and ``gamma`` are the tail masses
:math:`\epsilon`, :math:`\gamma` of Lemmas A2 and A8, ``p_max`` is :math:`\max_\mu p_\mu`,
``l`` is the size of a metastable group, ``n`` the index of :math:`C_n`, ``u`` the argument of
:math:`W_0(e^u)`, ``rho`` the Hamming radius fraction :math:`\varrho` of Theorem A10.
Indices ``mu`` are 0-based in code (:math:`\mu\in[M]` in the text).

How to use
----------
Each bound is a :class:`~hoptheory.bounds.Bound` (precisely :class:`PositionalBound`, which also
accepts its parameters positionally, in the order of ``bound.parameters``)::

    >>> from hoptheory.bounds.ramsauer2021 import capacity_constant
    >>> round(float(capacity_constant(beta=1.0, K=3.0, d=20, p_fail=0.001)), 4)
    3.1546
    >>> round(float(capacity_constant(1.0, 1.0, 75, 0.001)), 4)   # printed as 1.3718 (truncated)
    1.3719

``bound(**params)`` is vectorised over broadcastable arrays of any array-API namespace and
returns a :class:`~hoptheory.bounds.BoundResult` (value, failed hypotheses, ill-definedness,
vacuity against the trivial bound); ``bound.sympy()`` is the SymPy twin, ``bound.mp(...)`` the
50-digit value and ``bound.certified(...)`` an interval that contains the exact value.  The
functions ending in ``_at`` compute the scalar parameters from a memory matrix ``Xi`` and a
query ``x`` and return the bound's result.

Numerical notes
---------------
* Exponentials are evaluated as printed.  Where a bound's exponent is large and positive (the
  separation hypothesis badly fails, large :math:`\beta`) the value overflows; the result then
  reports it as non-finite (``ill_defined`` with the reason "non-finite value"), never as a
  number.  In the well-separated regime the exponentials underflow harmlessly to 0.
* Piecewise formulas (Corollary A1, Theorem A6) and the Gamma-function constants use small
  kit-aware helpers of this module (``_cases``, ``_gamma_ratio``,
  ``_lambertw_lower``, ``_xlogx``) so that each formula is still written once and has
  an array, SymPy, mpmath and interval version.
* In Theorem A7 the logarithm :math:`\ln(2c^{(d-1)/2}\beta(d-1)K^2)` is expanded into
  :math:`\ln2+\frac{d-1}{2}\ln c+\ln(\beta(d-1)K^2)` (the same number) so that large
  :math:`d` does not overflow.

Bounds
------
The list below is generated from the bound objects (formula as printed, hypotheses, trivial
bound, source).
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import numpy as np
import sympy

from ..backend import as_float_array, check_beta, get_namespace, logsumexp, to_numpy, tolerance
from ._core import ArrayKit, Bound, BoundResult, Hypothesis

_ARXIV = "arXiv:2008.02217 (v3)"
_PAPER = "Ramsauer et al., Hopfield Networks is All You Need, ICLR 2021"


def _src(label: str, form: str = "published") -> str:
    return f"{_PAPER}, {_ARXIV}, {label} ({form})"


# =========================================================================== bound class


@dataclass(frozen=True)
class PositionalBound(Bound):
    """A :class:`~hoptheory.bounds.Bound` that also takes its parameters positionally.

    ``b(1.0, 3.0, 20, 0.001)`` is ``b(beta=1.0, K=3.0, d=20, p_fail=0.001)`` when
    ``b.parameters == ("beta", "K", "d", "p_fail")``.  ``description`` is a one-line account of
    what the bound is (used to generate the module documentation).
    """

    description: str = ""
    trivial_latex: str = ""

    def _named(self, args, params):
        if len(args) > len(self.parameters):
            raise TypeError(
                f"{self.name}() takes at most {len(self.parameters)} positional parameters "
                f"{self.parameters}; got {len(args)}"
            )
        params = dict(params)
        for name, v in zip(self.parameters, args):
            if name in params:
                raise TypeError(f"{self.name}() got multiple values for parameter {name!r}")
            params[name] = v
        return params

    def __call__(self, *args, strict: bool = False, xp=None, **params) -> BoundResult:
        return Bound.__call__(self, strict=strict, xp=xp, **self._named(args, params))

    def value(self, *args, **params):
        return self(*args, strict=True, **params).value


def _quiet(f):
    """Run ``f`` with NumPy floating-point warnings silenced for the array kit.

    Overflow and division by zero then yield ``inf``/``nan``, which :class:`Bound` reports as
    *non-finite value* (``ill_defined``) instead of a warning; the other kits raise or are exact.
    """
    if f is None:
        return None

    @functools.wraps(f)
    def quiet(F, *args, **kwargs):
        if getattr(F, "name", None) == "array" or not hasattr(F, "name"):
            with np.errstate(all="ignore"):
                return f(F, *args, **kwargs)
        return f(F, *args, **kwargs)

    return quiet


def _bound(name, parameters, formula, *, description, latex, source, hypotheses=(), kind="upper",
           trivial=None, trivial_latex="", symbols=None) -> PositionalBound:
    return PositionalBound(
        name=name, parameters=tuple(parameters), formula=_quiet(formula), hypotheses=tuple(hypotheses),
        kind=kind, trivial=_quiet(trivial), latex=latex, source=source, symbols=dict(symbols or {}),
        description=description, trivial_latex=trivial_latex,
    )


# =========================================================================== kit helpers


def _q(F, p: int, q: int):
    """The rational p/q in the kit's number type (exact in SymPy, enclosed in intervals)."""
    if F.name == "sympy":
        return sympy.Rational(p, q)
    if F.name == "mpmath":
        return mpmath.mpf(p) / q
    if F.name == "interval":
        return mpmath.iv.mpf(p) / q
    return p / q


_ARRAY_REL = {
    "<": lambda s: s < 0, "<=": lambda s: s <= 0, "==": lambda s: s == 0,
    ">": lambda s: s > 0, ">=": lambda s: s >= 0, "!=": lambda s: s != 0,
}
_SYMPY_REL = {
    "<": lambda s: sympy.Lt(s, 0), "<=": lambda s: sympy.Le(s, 0), "==": lambda s: sympy.Eq(s, 0),
    ">": lambda s: sympy.Gt(s, 0), ">=": lambda s: sympy.Ge(s, 0), "!=": lambda s: sympy.Ne(s, 0),
}
# for an interval s = [lo, hi]: could the relation hold somewhere on it?
_IV_POSSIBLE = {
    "<": lambda lo, hi: lo < 0, "<=": lambda lo, hi: lo <= 0, "==": lambda lo, hi: lo <= 0 <= hi,
    ">": lambda lo, hi: hi > 0, ">=": lambda lo, hi: hi >= 0,
    "!=": lambda lo, hi: not (lo == 0 and hi == 0),
}


def _cases(F, s, cases):
    """A piecewise expression selected by the sign of ``s``.

    ``cases`` is a sequence of ``(relation, safe, branch)``: ``relation`` in
    ``{"<", "<=", "==", ">", ">=", "!="}`` compares ``s`` with 0 (the relations must
    partition the real line; the first that holds is used), ``branch(K, s)`` evaluates the
    branch with kit ``K``, and ``safe`` is the value of ``s`` handed to the branch where the
    branch is *not* selected (array kit only), so unselected branches never overflow or leave
    their domain.  Domain violations inside a branch are recorded only where it is selected.
    In interval arithmetic an enclosure of ``s`` that straddles a branch point raises
    ``ArithmeticError`` (no certified answer is claimed).
    """
    if F.name == "array":
        xp = F.xp
        s = F.asarray(s)
        shape = F.undefined.shape
        out = xp.full(shape, float("nan"), dtype=xp.float64)
        covered = xp.zeros(shape, dtype=xp.bool)
        for rel, safe, branch in cases:
            mask = xp.broadcast_to(_ARRAY_REL[rel](s), shape) & ~covered
            sub = ArrayKit(xp, shape)
            s_sub = xp.where(mask, s, xp.full_like(s, float(safe)))
            val = xp.asarray(branch(sub, s_sub), dtype=xp.float64)
            for reason, bad in sub.reasons.items():
                bad = xp.broadcast_to(bad, shape) & mask
                if bool(xp.any(bad)):
                    F._flag(bad, reason)
            out = xp.where(mask, val, out)
            covered = covered | mask
        return out
    if F.name == "sympy":
        pieces = [(branch(F, s), _SYMPY_REL[rel](s)) for rel, _, branch in cases[:-1]]
        pieces.append((cases[-1][2](F, s), True))
        return sympy.Piecewise(*pieces)
    if F.name == "mpmath":
        for rel, _, branch in cases:
            if _ARRAY_REL[rel](s):
                return branch(F, s)
        raise ArithmeticError("no branch of the piecewise formula applies")
    # interval
    s = mpmath.iv.mpf(s) if not isinstance(s, mpmath.iv.mpf) else s
    lo, hi = mpmath.mpf(s.a), mpmath.mpf(s.b)
    possible = [(rel, branch) for rel, _, branch in cases if _IV_POSSIBLE[rel](lo, hi)]
    if len(possible) != 1:
        raise ArithmeticError("interval enclosure straddles a branch point of a piecewise formula")
    return possible[0][1](F, s)


def _gamma_ratio(F, x, y):
    r""":math:`\Gamma(x)/\Gamma(y)` for :math:`x, y > 0` (log-gamma in floating point)."""
    if F.name == "sympy":
        # unevaluated: at exact arguments such as n/2 = 500000 SymPy would otherwise form the
        # integer 499999! and then look for exact roots of it (minutes); evalf handles it
        return sympy.gamma(x, evaluate=False) / sympy.gamma(y, evaluate=False)
    if F.name == "mpmath":
        if not (x > 0 and y > 0):
            raise ArithmeticError("gamma ratio outside x, y > 0")
        return mpmath.gamma(x) / mpmath.gamma(y)
    if F.name == "interval":
        x, y = mpmath.iv.mpf(x), mpmath.iv.mpf(y)
        if not (x.a > 0 and y.a > 0):
            raise ArithmeticError("gamma ratio interval reaches a non-positive argument")
        return mpmath.iv.gamma(x) / mpmath.iv.gamma(y)
    from scipy.special import gammaln  # noqa: PLC0415

    xp = F.xp
    x, y = F.asarray(x), F.asarray(y)
    bad = ~((x > 0) & (y > 0))
    F._flag(bad, "gamma function of a non-positive argument")
    one = xp.ones_like(x * y)
    xn = to_numpy(xp.where(bad, one, x * one))
    yn = to_numpy(xp.where(bad, one, y * one))
    out = np.exp(gammaln(xn) - gammaln(yn))
    return xp.asarray(np.asarray(out, dtype=np.float64), dtype=xp.float64)


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


def _lambertw_lower(F, x):
    r"""The lower real branch :math:`W_{-1}(x)` for :math:`-1/e\le x<0`."""
    if F.name == "sympy":
        return sympy.LambertW(x, -1)
    if F.name == "mpmath":
        if not (-1 / mpmath.e <= x < 0):
            raise ArithmeticError("W_{-1} argument outside [-1/e, 0)")
        return mpmath.re(mpmath.lambertw(x, -1))
    if F.name == "interval":
        x = mpmath.iv.mpf(x)
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
    from scipy.special import lambertw  # noqa: PLC0415

    xp = F.xp
    x = F.asarray(x)
    bad = ~((x >= -1.0 / math.e) & (x < 0))
    F._flag(bad, "W_{-1} argument outside [-1/e, 0)")
    xn = np.asarray(to_numpy(xp.where(bad, xp.full_like(x, -0.25), x)), dtype=np.float64)
    w = _wm1_near_branch_point(xn, np.real(lambertw(xn, -1)).astype(np.float64))
    # a float that rounds to -1/e but lies below it has no real W_{-1}: SciPy returns NaN there
    w = xp.asarray(w, dtype=xp.float64)
    F._flag(~xp.isfinite(w) & ~bad, "W_{-1} argument below -1/e (after rounding)")
    return xp.where(xp.isfinite(w), w, xp.full_like(w, -1.0))


def _xlogx(F, t):
    r""":math:`t\ln t` with :math:`0\ln0:=0` (a negative ``t`` is outside the domain)."""
    return _cases(F, t, (
        ("==", 1.0, lambda K, s: 0 * s),
        ("!=", 1.0, lambda K, s: s * K.log(s)),
    ))


# =========================================================================== hypotheses

def _H(name, latex, test):
    return Hypothesis(name=name, latex=latex, test=_quiet(test))


def _positive(p, latex):
    return _H(f"{p} > 0", latex + ">0", lambda xp, **k: k[p] > 0)


def _nonneg(p, latex):
    return _H(f"{p} >= 0", latex + r"\geq 0", lambda xp, **k: k[p] >= 0)


def _integer_at_least(p, lo, latex):
    return _H(f"{p} integer >= {lo}", latex + r"\in\mathbb{Z},\ " + latex + rf"\geq {lo}",
              lambda xp, **k: (k[p] >= lo) & (xp.floor(k[p]) == k[p]))


H_BETA = _positive("beta", r"\beta")
H_K = _positive("K", "K")
H_M_NORM = _positive("m", "m")
H_M2 = _integer_at_least("M", 2, "M")
H_M1 = _integer_at_least("M", 1, "M")
H_D2 = _integer_at_least("d", 2, "d")
H_D1 = _integer_at_least("d", 1, "d")
H_D3 = _integer_at_least("d", 3, "d")
H_N1 = _integer_at_least("n", 1, "n")
H_R = _nonneg("r", "r")
H_PFAIL = _H("p_fail in (0, 1]", r"0<p_{\mathrm{f}}\leq 1",
             lambda xp, p_fail, **_: (p_fail > 0) & (p_fail <= 1))
H_C_POS = _positive("c", "c")


def _kit_like(xp, ref) -> ArrayKit:
    return ArrayKit(xp, tuple(ref.shape))


# =========================================================================== Lemma A1: energy

energy_upper_bound_hull = _bound(
    "energy_upper_bound_hull", ("beta", "M", "m"),
    lambda F, beta, M, m: F.log(M) / beta + m**2 / 2,
    description="Upper bound on Ramsauer's energy E (with constants) on the convex hull of the memories.",
    latex=r"E(x)\leq\beta^{-1}\ln M+\frac{1}{2}m^2,\quad x\in\mathrm{conv}\{\xi_\mu\}",
    source=_src("Lemma A1"), hypotheses=(H_BETA, H_M1, H_M_NORM),
)

energy_upper_bound_hull_quadratic = _bound(
    "energy_upper_bound_hull_quadratic", ("m",),
    lambda F, m: 2 * m**2,
    description="Second upper bound of Lemma A1 on the energy E on the hull.",
    latex=r"E(x)\leq 2m^2,\quad x\in\mathrm{conv}\{\xi_\mu\}",
    source=_src("Lemma A1"), hypotheses=(H_M_NORM,),
)

# =========================================================================== Lemma A2: Jacobian

_TRIV_JAC = (lambda F, beta, m, **_: beta * m**2)
_TRIV_JAC_LATEX = r"\|J\|_2\leq\beta m^2\ \text{(variance of }\langle u,\xi\rangle\text{ under }p\text{ is at most }m^2)"

jacobian_norm_bound_spectral = _bound(
    "jacobian_norm_bound_spectral", ("beta", "xi_norm", "s"),
    lambda F, beta, xi_norm, s: 2 * beta * xi_norm**2 * s,
    description="Spectral-norm bound on the Jacobian of T with the spectral norm of Xi.",
    latex=r"\|J\|_2\leq 2\beta\|\Xi\|_2^2\,s,\quad s=\max_\mu p_\mu(1-p_\mu)",
    source=_src("Lemma A2"),
    hypotheses=(H_BETA, _nonneg("xi_norm", r"\|\Xi\|_2"),
                _H("s in [0, 1/4]", r"0\leq s\leq\frac{1}{4}", lambda xp, s, **_: (s >= 0) & (s <= 0.25))),
    trivial=lambda F, beta, xi_norm, **_: beta * xi_norm**2 / 2,
    trivial_latex=r"\|J\|_2\leq\frac{1}{2}\beta\|\Xi\|_2^2\ (\|\mathrm{diag}\,p-pp^\top\|_2\leq\frac{1}{2})",
    symbols={"s": {"nonnegative": True}},
)

jacobian_norm_bound_coarse = _bound(
    "jacobian_norm_bound_coarse", ("beta", "M", "m", "s"),
    lambda F, beta, M, m, s: 2 * beta * M * m**2 * s,
    description="Coarse Jacobian bound 2 beta M m^2 s (||Xi||_2^2 <= M m^2).",
    latex=r"\|J\|_2\leq 2\beta Mm^2s",
    source=_src("Lemma A2"),
    hypotheses=(H_BETA, H_M1, H_M_NORM,
                _H("s in [0, 1/4]", r"0\leq s\leq\frac{1}{4}", lambda xp, s, **_: (s >= 0) & (s <= 0.25))),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX, symbols={"s": {"nonnegative": True}},
)

_H_EPS_TAIL = _H("epsilon >= 1 - p_max", r"p_{\max}\geq 1-\epsilon",
                 lambda xp, epsilon, p_max, **_: epsilon >= 1 - p_max)
_H_PMAX = _H("p_max in (0, 1]", r"0<p_{\max}\leq 1", lambda xp, p_max, **_: (p_max > 0) & (p_max <= 1))
_H_EPS01 = _H("epsilon in [0, 1]", r"0\leq\epsilon\leq 1", lambda xp, epsilon, **_: (epsilon >= 0) & (epsilon <= 1))

jacobian_norm_bound_concentrated = _bound(
    "jacobian_norm_bound_concentrated", ("beta", "M", "m", "epsilon", "p_max"),
    lambda F, beta, M, m, epsilon, p_max: 2 * beta * M * m**2 * epsilon,
    description="Jacobian bound 2 beta M m^2 epsilon when p_max >= 1 - epsilon (valid for every such epsilon).",
    latex=r"\|J\|_2<2\beta Mm^2\epsilon\quad(p_{\max}\geq 1-\epsilon)",
    source=_src("Lemma A2"),
    hypotheses=(H_BETA, H_M1, H_M_NORM, _H_EPS01, _H_PMAX, _H_EPS_TAIL),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX, symbols={"p_max": {"positive": True}},
)

jacobian_norm_bound_refined_published = _bound(
    "jacobian_norm_bound_refined_published", ("beta", "M", "m", "epsilon", "p_max"),
    lambda F, beta, M, m, epsilon, p_max: 2 * beta * M * m**2 * epsilon - 2 * epsilon**2 * beta * M * m**2,
    description="Refined Jacobian bound 2 beta M m^2 (epsilon - epsilon^2) with the published hypothesis only.",
    latex=r"\|J\|_2\leq 2\beta Mm^2\epsilon-2\epsilon^2\beta Mm^2\quad(p_{\max}\geq 1-\epsilon)",
    source=_src("Lemma A2"),
    hypotheses=(H_BETA, H_M1, H_M_NORM, _H_EPS01, _H_PMAX, _H_EPS_TAIL),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX, symbols={"p_max": {"positive": True}},
)

jacobian_norm_bound_refined_corrected = _bound(
    "jacobian_norm_bound_refined_corrected", ("beta", "M", "m", "epsilon", "p_max"),
    lambda F, beta, M, m, epsilon, p_max: 2 * beta * M * m**2 * epsilon - 2 * epsilon**2 * beta * M * m**2,
    description="Refined Jacobian bound with the corrected hypothesis: epsilon <= 1/2 or epsilon = 1 - p_max exactly.",
    latex=r"\|J\|_2\leq 2\beta Mm^2(\epsilon-\epsilon^2)\quad(1-p_{\max}\leq\epsilon\leq\frac{1}{2}\ \text{or}\ \epsilon=1-p_{\max})",
    source=_src("Lemma A2", "corrected, derived"),
    hypotheses=(H_BETA, H_M1, H_M_NORM, _H_EPS01, _H_PMAX, _H_EPS_TAIL,
                _H("epsilon <= 1/2 or epsilon == 1 - p_max",
                   r"\epsilon\leq\frac{1}{2}\ \text{or}\ \epsilon=1-p_{\max}",
                   lambda xp, epsilon, p_max, **_: (epsilon <= 0.5) | (epsilon == 1 - p_max))),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX, symbols={"p_max": {"positive": True}},
)

# =========================================================================== Definition 2: separation transfer

query_separation_lower_bound = _bound(
    "query_separation_lower_bound", ("Delta", "r", "D"),
    lambda F, Delta, r, D: Delta - r * D,
    description="Separation transfer: query separation at distance r from xi_mu (D = max distance to a competitor).",
    latex=r"\tilde\Delta_\mu(x)\geq\Delta_\mu-\|x-\xi_\mu\|\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|",
    source=_src("Definition 2", "derived"), kind="lower",
    hypotheses=(H_R, _nonneg("D", "D")), symbols={"Delta": {"real": True}, "r": {"nonnegative": True}},
)

query_separation_lower_bound_coarse = _bound(
    "query_separation_lower_bound_coarse", ("Delta", "r", "m"),
    lambda F, Delta, r, m: Delta - 2 * m * r,
    description="Coarse separation transfer Delta_mu - 2 m ||x - xi_mu||.",
    latex=r"\tilde\Delta_\mu(x)\geq\Delta_\mu-2m\|x-\xi_\mu\|",
    source=_src("Definition 2", "derived"), kind="lower",
    hypotheses=(H_R, H_M_NORM), symbols={"Delta": {"real": True}, "r": {"nonnegative": True}},
)

# =========================================================================== Lemma A3: global fixed point

global_jacobian_bound = _bound(
    "global_jacobian_bound", ("beta", "r_c"),
    lambda F, beta, r_c: beta * r_c**2,
    description="Jacobian bound beta r_c^2 everywhere (r_c = largest distance of a memory to their mean).",
    latex=r"\|J(x)\|_2\leq\beta r_c^2,\quad r_c=\max_\mu\|\xi_\mu-\bar\xi\|",
    source=_src("Lemma A3"), hypotheses=(H_BETA, _nonneg("r_c", "r_c")),
    symbols={"r_c": {"nonnegative": True}},
)

global_contraction_rate = _bound(
    "global_contraction_rate", ("beta", "r_c"),
    lambda F, beta, r_c: beta * r_c**2,
    description="Contraction rate beta r_c^2 of T, with the hypothesis beta r_c^2 < 1 (unique global fixed point).",
    latex=r"\|T(x)-T(y)\|\leq\beta r_c^2\|x-y\|,\quad\beta r_c^2<1",
    source=_src("Lemma A3"),
    hypotheses=(H_BETA, _nonneg("r_c", "r_c"),
                _H("beta r_c^2 < 1", r"\beta r_c^2<1", lambda xp, beta, r_c, **_: beta * r_c**2 < 1)),
    symbols={"r_c": {"nonnegative": True}},
)

# =========================================================================== Lemma A4: concentration

_SYM_DT = {"Delta_tilde": {"real": True}}

concentration_epsilon = _bound(
    "concentration_epsilon", ("beta", "M", "Delta_tilde"),
    lambda F, beta, M, Delta_tilde: (M - 1) * F.exp(-beta * Delta_tilde),
    description="epsilon = (M-1) exp(-beta Delta_tilde): bound on 1 - p_mu after one update.",
    latex=r"1-p_\mu\leq\epsilon=(M-1)e^{-\beta\tilde\Delta_\mu(x)}",
    source=_src("Lemma A4"), hypotheses=(H_BETA, H_M2),
    trivial=lambda F, **_: 1.0, trivial_latex=r"1-p_\mu\leq 1", symbols=_SYM_DT,
)

concentration_error_bound = _bound(
    "concentration_error_bound", ("beta", "M", "m", "Delta_tilde"),
    lambda F, beta, M, m, Delta_tilde: 2 * (M - 1) * F.exp(-beta * Delta_tilde) * m,
    description="One-step error ||xi_mu - T(x)|| <= 2 epsilon m of Lemma A4 (every mu, derived generalisation).",
    latex=r"\|\xi_\mu-T(x)\|\leq 2\epsilon m,\quad\epsilon=(M-1)e^{-\beta\tilde\Delta_\mu(x)}",
    source=_src("Lemma A4"), hypotheses=(H_BETA, H_M2, H_M_NORM),
    trivial=lambda F, m, **_: 2 * m, trivial_latex=r"\|T(x)-\xi_\mu\|\leq 2m", symbols=_SYM_DT,
)

concentration_weight_lower_bound = _bound(
    "concentration_weight_lower_bound", ("beta", "M", "Delta_tilde"),
    lambda F, beta, M, Delta_tilde: 1 - (M - 1) * F.exp(-beta * Delta_tilde),
    description="Lower bound p_mu >= 1 - epsilon on the target weight.",
    latex=r"p_\mu\geq 1-\epsilon", kind="lower",
    source=_src("Lemma A4"), hypotheses=(H_BETA, H_M2),
    trivial=lambda F, **_: 0.0, trivial_latex=r"p_\mu\geq 0", symbols=_SYM_DT,
)

concentration_competitor_weight_bound = _bound(
    "concentration_competitor_weight_bound", ("beta", "M", "Delta_tilde"),
    lambda F, beta, M, Delta_tilde: F.div((M - 1) * F.exp(-beta * Delta_tilde), M - 1),
    description="Upper bound p_nu <= epsilon/(M-1) on every competitor weight.",
    latex=r"p_\nu\leq\frac{\epsilon}{M-1},\quad\nu\ne\mu",
    source=_src("Lemma A4"), hypotheses=(H_BETA, H_M2),
    trivial=lambda F, **_: 1.0, trivial_latex=r"p_\nu\leq 1", symbols=_SYM_DT,
)

concentration_error_bound_sharp = _bound(
    "concentration_error_bound_sharp", ("p_mu", "D"),
    lambda F, p_mu, D: (1 - p_mu) * D,
    description="Sharper one-step error (1 - p_mu) max_nu ||xi_mu - xi_nu|| (derived; any map).",
    latex=r"\|\xi_\mu-T(x)\|\leq(1-p_\mu)\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|",
    source=_src("Lemma A4", "derived"),
    hypotheses=(_H("p_mu in [0, 1]", r"0\leq p_\mu\leq 1", lambda xp, p_mu, **_: (p_mu >= 0) & (p_mu <= 1)),
                _nonneg("D", "D")),
    symbols={"p_mu": {"nonnegative": True}, "D": {"nonnegative": True}},
)

# =========================================================================== Definition 3, Lemma A5: spheres


def _wellsep_threshold(F, beta, M, m):
    return 2 / (beta * M) + F.log(2 * (M - 1) * M * beta * m**2) / beta


def _wellsep_holds(xp, beta, M, m, Delta, **_):
    return Delta >= _wellsep_threshold(_kit_like(xp, beta), beta, M, m)


H_WELLSEP = _H("well-separated", r"\Delta_\mu\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln(2(M-1)M\beta m^2)",
               _wellsep_holds)

sphere_radius = _bound(
    "sphere_radius", ("beta", "M", "m"),
    lambda F, beta, M, m: F.div(1, beta * M * m),
    description="Radius 1/(beta M m) of the spheres S_mu of Definition 3.",
    latex=r"r_\mu=\frac{1}{\beta Mm}", kind="value",
    source=_src("Definition 3"), hypotheses=(H_BETA, H_M1, H_M_NORM),
)

well_separation_threshold = _bound(
    "well_separation_threshold", ("beta", "M", "m"),
    _wellsep_threshold,
    description="Separation Delta_mu needed for T to map S_mu into itself (Lemma A5).",
    latex=r"\Delta_\mu\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln\left(2(M-1)M\beta m^2\right)", kind="value",
    source=_src("Lemma A5"), hypotheses=(H_BETA, H_M2, H_M_NORM),
)

sphere_self_map_error_bound = _bound(
    "sphere_self_map_error_bound", ("beta", "M", "m", "Delta"),
    lambda F, beta, M, m, Delta: 2 * (M - 1) * F.exp(-beta * (Delta - 2 / (beta * M))) * m,
    description="One-step error bound for x in S_mu under well-separation (Lemma A5 intermediate; it is <= 1/(beta M m)).",
    latex=r"\|\xi_\mu-T(x)\|\leq 2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m\leq\frac{1}{\beta Mm}",
    source=_src("Lemma A5"), hypotheses=(H_BETA, H_M2, H_M_NORM, H_WELLSEP),
    trivial=lambda F, m, **_: 2 * m, trivial_latex=r"\|T(x)-\xi_\mu\|\leq 2m",
    symbols={"Delta": {"real": True}},
)

# =========================================================================== Lemmas A6, A7; Eqs. (180), (183)

sphere_contraction_bound = _bound(
    "sphere_contraction_bound", ("beta", "M", "m", "Delta"),
    lambda F, beta, M, m, Delta: 1 - 2 * (M - 1) ** 2 * F.exp(-2 * beta * (Delta + 2 / (beta * M))) * beta * M * m**2,
    description="Lemma A6 bound on the mean-value Jacobian between points of S_mu (a contraction factor < 1).",
    latex=r"\|J^{\mathrm{m}}\|_2\leq 1-2(M-1)^2e^{-2\beta(\Delta_\mu+2/(\beta M))}\beta Mm^2<1",
    source=_src("Lemma A6"), hypotheses=(H_BETA, H_M2, H_M_NORM, H_WELLSEP),
    symbols={"Delta": {"real": True}},
)

mean_value_jacobian_bound = _bound(
    "mean_value_jacobian_bound", ("beta", "M", "m", "Delta", "r"),
    lambda F, beta, M, m, Delta, r: 2 * beta * M * m**2 * (M - 1) * F.exp(-beta * (Delta - 2 * r * m)),
    description="Mean-value Jacobian bound near the fixed point, r = max{||x - xi_mu||, ||x* - xi_mu||} (Eq. (180), Theorem A8).",
    latex=r"\|J^{\mathrm{m}}\|_2\leq 2\beta Mm^2(M-1)\exp\left(-\beta(\Delta_\mu-2\max\{\|x-\xi_\mu\|,\|x_\mu^*-\xi_\mu\|\}m)\right)",
    source=_src("Eq. (180); Theorem A8"), hypotheses=(H_BETA, H_M2, H_M_NORM, H_R),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX,
    symbols={"Delta": {"real": True}, "r": {"nonnegative": True}},
)

contraction_separation_threshold = _bound(
    "contraction_separation_threshold", ("beta", "M", "m", "r"),
    lambda F, beta, M, m, r: 2 * r * m + F.log(2 * (M - 1) * M * beta * m**2) / beta,
    description="Separation above which the Eq. (180) factor is < 1 (Eq. (183)).",
    latex=r"\Delta_\mu>2\max\{\|x-\xi_\mu\|,\|x_\mu^*-\xi_\mu\|\}m+\beta^{-1}\ln(2(M-1)M\beta m^2)",
    kind="value", source=_src("Eq. (183)"), hypotheses=(H_BETA, H_M2, H_M_NORM, H_R),
    symbols={"r": {"nonnegative": True}},
)

a_posteriori_error_bound = _bound(
    "a_posteriori_error_bound", ("jacobian_norm", "step_norm"),
    lambda F, jacobian_norm, step_norm: F.div(jacobian_norm, 1 - jacobian_norm) * step_norm,
    description="A-posteriori distance to the fixed point from one step, when ||J^m||_2 < 1.",
    latex=r"\|T(x)-x_\mu^*\|\leq\frac{\|J^{\mathrm{m}}\|_2}{1-\|J^{\mathrm{m}}\|_2}\|x-T(x)\|",
    source=_src("Lemma A7 (a-posteriori bound)"),
    hypotheses=(_H("0 <= jacobian_norm < 1", r"0\leq\|J^{\mathrm{m}}\|_2<1",
                   lambda xp, jacobian_norm, **_: (jacobian_norm >= 0) & (jacobian_norm < 1)),
                _nonneg("step_norm", r"\|x-T(x)\|")),
    symbols={"jacobian_norm": {"nonnegative": True}, "step_norm": {"nonnegative": True}},
)

# =========================================================================== Lemmas A8-A12: metastable states

_H_L = _H("l integer, 1 <= l < M", r"l\in\mathbb{Z},\ 1\leq l<M",
          lambda xp, l, M, **_: (l >= 1) & (l < M) & (xp.floor(l) == l))

metastable_jacobian_bound = _bound(
    "metastable_jacobian_bound", ("beta", "r_l", "m", "gamma"),
    lambda F, beta, r_l, m, gamma: beta * ((1 - gamma) * r_l**2 + 2 * gamma * (2 - gamma) * m**2),
    description="Lemma A8 Jacobian bound with the outside mass gamma = sum_{nu > l} p_nu.",
    latex=r"\|J\|_2\leq\beta\left((1-\gamma)r_l^2+2\gamma(2-\gamma)m^2\right)",
    source=_src("Lemma A8"),
    hypotheses=(H_BETA, H_M_NORM, _nonneg("r_l", "r_l"),
                _H("gamma in [0, 1]", r"0\leq\gamma\leq 1", lambda xp, gamma, **_: (gamma >= 0) & (gamma <= 1))),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX,
    symbols={"gamma": {"nonnegative": True}, "r_l": {"nonnegative": True}},
)

metastable_jacobian_bound_eps = _bound(
    "metastable_jacobian_bound_eps", ("beta", "r_l", "m", "gamma", "epsilon"),
    lambda F, beta, r_l, m, gamma, epsilon: beta * (r_l**2 + 2 * epsilon * (2 - epsilon) * m**2),
    description="Lemma A8 Jacobian bound with gamma <= epsilon <= 1.",
    latex=r"\|J\|_2\leq\beta\left(r_l^2+2\epsilon(2-\epsilon)m^2\right),\quad\gamma\leq\epsilon\leq 1",
    source=_src("Lemma A8"),
    hypotheses=(H_BETA, H_M_NORM, _nonneg("r_l", "r_l"),
                _H("0 <= gamma <= epsilon <= 1", r"0\leq\gamma\leq\epsilon\leq 1",
                   lambda xp, gamma, epsilon, **_: (gamma >= 0) & (gamma <= epsilon) & (epsilon <= 1))),
    trivial=_TRIV_JAC, trivial_latex=_TRIV_JAC_LATEX,
    symbols={"gamma": {"nonnegative": True}, "r_l": {"nonnegative": True}},
)

metastable_radius = _bound(
    "metastable_radius", ("beta", "r_l"),
    lambda F, beta, r_l: F.div(1, beta * r_l),
    description="Radius 1/(beta r_l) of the metastable sphere S_meta.",
    latex=r"S_{\mathrm{meta}}=\{x:\|x-\bar\xi_l\|\leq 1/(\beta r_l)\}", kind="value",
    source=_src("Lemma A12"), hypotheses=(H_BETA, _positive("r_l", "r_l")),
)


def _meta_threshold(F, beta, M, m, r_l, l):
    return 2 * m / (beta * r_l) - F.log(
        F.div(1 - beta * r_l**2, 2 * beta * (M - l) * m * F.maximum(r_l, 2 * m))) / beta


metastable_separation_threshold_published = _bound(
    "metastable_separation_threshold_published", ("beta", "M", "m", "r_l", "l"),
    _meta_threshold,
    description="Delta_meta needed for a fixed point in S_meta, with the published hypothesis beta r_l^2 <= 1.",
    latex=r"\Delta_{\mathrm{meta}}\geq\frac{2m}{\beta r_l}-\frac{1}{\beta}\ln\frac{1-\beta r_l^2}{2\beta(M-l)m\max\{r_l,2m\}},\quad\beta r_l^2\leq 1",
    kind="value", source=_src("Lemma A12"),
    hypotheses=(H_BETA, H_M2, H_M_NORM, _positive("r_l", "r_l"), _H_L,
                _H("beta r_l^2 <= 1", r"\beta r_l^2\leq 1", lambda xp, beta, r_l, **_: beta * r_l**2 <= 1)),
)

metastable_separation_threshold_corrected = _bound(
    "metastable_separation_threshold_corrected", ("beta", "M", "m", "r_l", "l"),
    _meta_threshold,
    description="Same threshold with the corrected strict hypothesis beta r_l^2 < 1 (at equality the log argument is 0).",
    latex=r"\Delta_{\mathrm{meta}}\geq\frac{2m}{\beta r_l}-\frac{1}{\beta}\ln\frac{1-\beta r_l^2}{2\beta(M-l)m\max\{r_l,2m\}},\quad\beta r_l^2<1",
    kind="value", source=_src("Lemma A12", "corrected"),
    hypotheses=(H_BETA, H_M2, H_M_NORM, _positive("r_l", "r_l"), _H_L,
                _H("beta r_l^2 < 1", r"\beta r_l^2<1", lambda xp, beta, r_l, **_: beta * r_l**2 < 1)),
)

# =========================================================================== master inequality


def _master(F, beta, M, m):
    return 2 / (beta * M) + F.log(2 * M**2 * beta * m**2) / beta


master_inequality_threshold = _bound(
    "master_inequality_threshold", ("beta", "M", "m"),
    _master,
    description="Delta_min above which every memory is well separated (Lemma A5 for all mu, since M^2 > (M-1)M).",
    latex=r"\Delta_{\min}\geq\frac{2}{\beta M}+\frac{1}{\beta}\ln(2M^2\beta m^2)", kind="value",
    source=_src("App. Eqs. (302)-(311)"), hypotheses=(H_BETA, H_M2, H_M_NORM),
)

master_inequality_margin_sphere = _bound(
    "master_inequality_margin_sphere", ("beta", "M", "m", "cos_alpha_min"),
    lambda F, beta, M, m, cos_alpha_min: m**2 * (1 - cos_alpha_min) - _master(F, beta, M, m),
    description="Left minus right side of the master inequality on the sphere of radius m (>= 0: all stored).",
    latex=r"m^2(1-\cos\alpha_{\min})-\frac{2}{\beta M}-\frac{1}{\beta}\ln(2M^2\beta m^2)", kind="value",
    source=_src("App. Eqs. (302)-(311)"),
    hypotheses=(H_BETA, H_M2, H_M_NORM,
                _H("cos_alpha_min in [-1, 1]", r"-1\leq\cos\alpha_{\min}\leq 1",
                   lambda xp, cos_alpha_min, **_: (cos_alpha_min >= -1) & (cos_alpha_min <= 1))),
    symbols={"cos_alpha_min": {"real": True}},
)

sphere_disjointness_margin = _bound(
    "sphere_disjointness_margin", ("beta", "M", "m"),
    lambda F, beta, M, m: 2 * (M - 1) * M * beta * m**2 - 1,
    description="2(M-1)M beta m^2 - 1; > 0 (with the master inequality) makes the spheres S_mu pairwise disjoint.",
    latex=r"2(M-1)M\beta m^2-1>0", kind="value",
    source=_src("App. Eqs. (302)-(311)"), hypotheses=(H_BETA, H_M2, H_M_NORM),
)

# =========================================================================== Theorems A3, A4: placed patterns

placed_patterns_required_count = _bound(
    "placed_patterns_required_count", ("d", "alpha_min"),
    lambda F, d, alpha_min: F.pow(2 * F.pi / alpha_min, d - 1),
    description="Number (2 pi/alpha_min)^(d-1) of points the proofs of Theorems A3/A4 place with pairwise angle >= alpha_min.",
    latex=r"N_{\mathrm{req}}=\left(\frac{2\pi}{\alpha_{\min}}\right)^{d-1}", kind="value",
    source=_src("Theorems A3, A4 (proof premise)"),
    hypotheses=(H_D2, _H("0 < alpha_min <= pi", r"0<\alpha_{\min}\leq\pi",
                         lambda xp, alpha_min, **_: (alpha_min > 0) & (alpha_min <= math.pi))),
)

_H_COS_CODE = _H("cos_alpha_min in [-1, 1)", r"-1\leq\cos\alpha_{\min}<1",
                 lambda xp, cos_alpha_min, **_: (cos_alpha_min >= -1) & (cos_alpha_min < 1))

spherical_code_cap_bound = _bound(
    "spherical_code_cap_bound", ("d", "cos_alpha_min"),
    lambda F, d, cos_alpha_min: F.div(2, F.betainc((d - 1) / 2, _q(F, 1, 2), (1 - cos_alpha_min) / 2)),
    description="Cap-packing bound 1/sigma_d(alpha/2) on the size of a code on S^{d-1} with minimal angle alpha.",
    latex=r"N\leq\frac{1}{\sigma_d(\alpha_{\min}/2)},\quad\sigma_d(\theta)=\frac{1}{2}I_{\sin^2\theta}\left(\frac{d-1}{2},\frac{1}{2}\right)",
    source=_src("Theorems A3, A4", "derived refutation"),
    hypotheses=(H_D2, _H_COS_CODE), symbols={"cos_alpha_min": {"real": True}},
)

spherical_code_rankin_bound = _bound(
    "spherical_code_rankin_bound", ("d", "cos_alpha_min"),
    lambda F, d, cos_alpha_min: 2 * d + 0 * cos_alpha_min,
    description="Rankin's bound: at most 2d points of S^{d-1} have pairwise angles >= pi/2.",
    latex=r"N\leq 2d\quad(\alpha_{\min}\geq\pi/2)",
    source=_src("Theorem A3", "derived refutation"),
    hypotheses=(H_D2, _H("cos_alpha_min <= 0", r"\cos\alpha_{\min}\leq 0",
                         lambda xp, cos_alpha_min, **_: (cos_alpha_min >= -1) & (cos_alpha_min <= 0))),
    symbols={"cos_alpha_min": {"real": True}},
)

# =========================================================================== Lemmas A13, A14: kappa_d


def _kappa(F, d):
    return _gamma_ratio(F, (d + 1) / 2, d / 2) / (d * F.sqrt(F.pi))


kappa_constant = _bound(
    "kappa_constant", ("d",), _kappa,
    description="kappa_d = Gamma((d+1)/2)/(d sqrt(pi) Gamma(d/2)) of Lemma A13.",
    latex=r"\kappa_d=\frac{\Gamma((d+1)/2)}{d\sqrt{\pi}\,\Gamma(d/2)}", kind="value",
    source=_src("Lemma A13"), hypotheses=(H_D1,),
)

min_angle_tail_bound = _bound(
    "min_angle_tail_bound", ("d", "delta"),
    lambda F, d, delta: 1 - _kappa(F, d - 1) / 2 * F.pow(delta, d - 1),
    description="Lower bound on Pr(M^{2/(d-1)} alpha_min >= delta) for i.i.d. uniform points on S^{d-1}.",
    latex=r"\Pr\left(M^{2/(d-1)}\alpha_{\min}\geq\delta\right)\geq 1-\frac{\kappa_{d-1}}{2}\delta^{d-1}",
    kind="lower", source=_src("Lemma A13"),
    hypotheses=(H_D2, _positive("delta", r"\delta"),
                _H("kappa_{d-1} delta^{d-1} / 2 <= 1", r"\frac{\kappa_{d-1}}{2}\delta^{d-1}\leq 1",
                   lambda xp, d, delta, **_: _kappa(_kit_like(xp, d), xp.where(d >= 2, d - 1, xp.ones_like(d)))
                   / 2 * delta ** (d - 1) <= 1)),
    trivial=lambda F, **_: 0.0, trivial_latex=r"\Pr(\cdot)\geq 0",
)

kappa_lower_bound = _bound(
    "kappa_lower_bound", ("d",),
    lambda F, d: F.div(1, F.exp(_q(F, 1, 6)) * F.sqrt(F.e * F.pi * d)),
    description="Lower bound 1/(e^{1/6} sqrt(e pi d)) on kappa_d.",
    latex=r"\kappa_d\geq\frac{1}{e^{1/6}\sqrt{e\pi d}}", kind="lower",
    source=_src("Lemma A14"), hypotheses=(H_D1,),
)

kappa_upper_bound = _bound(
    "kappa_upper_bound", ("d",),
    lambda F, d: F.exp(_q(F, 1, 12)) / F.sqrt(2 * F.pi * d),
    description="Upper bound e^{1/12}/sqrt(2 pi d) on kappa_d (and it is < 1).",
    latex=r"\kappa_d\leq\frac{e^{1/12}}{\sqrt{2\pi d}}<1",
    source=_src("Lemma A14"), hypotheses=(H_D1,),
)

# =========================================================================== Lemma A15

cosine_upper_bound = _bound(
    "cosine_upper_bound", ("x",),
    lambda F, x: 1 - x**2 / 5,
    description="Quadratic bound cos x <= 1 - x^2/5 on [0, pi].",
    latex=r"\cos x\leq 1-\frac{x^2}{5},\quad x\in[0,\pi]",
    source=_src("Lemma A15"),
    hypotheses=(_H("x in [0, pi]", r"0\leq x\leq\pi", lambda xp, x, **_: (x >= 0) & (x <= math.pi)),),
    trivial=lambda F, **_: 1.0, trivial_latex=r"\cos x\leq 1",
    symbols={"x": {"nonnegative": True}},
)

# =========================================================================== Theorem A5: capacity (Lambert W)


def _cap_a(F, beta, K, d, p_fail):
    return 2 / (d - 1) * (1 + F.log(2 * beta * K**2 * p_fail * (d - 1)))


def _cap_b(F, beta, K):
    return 2 * K**2 * beta / 5


def _cap_c(F, beta, K, d, p_fail):
    b = _cap_b(F, beta, K)
    return b / F.wexp(_cap_a(F, beta, K, d, p_fail) + F.log(b))


def _cap_threshold(F, d, p_fail):
    return F.pow(2 / F.sqrt(p_fail), F.div(4, d - 1))


def _c_hyp(cfun):
    def test(xp, beta, K, d, p_fail, **_):
        with np.errstate(all="ignore"):
            k = _kit_like(xp, beta)
            ok = (beta > 0) & (K > 0) & (d >= 2) & (p_fail > 0)
            one = xp.ones_like(beta)
            sb, sK = xp.where(ok, beta, one), xp.where(ok, K, one)
            sd, sp = xp.where(ok, d, 2 * one), xp.where(ok, p_fail, one)
            c = cfun(k, sb, sK, sd, sp)
            return ok & (c >= _cap_threshold(k, sd, sp))
    return test


_H_CAP_DOMAIN = (H_PFAIL, H_BETA, H_K, H_D2)
_H_CAP_C = _H("c >= (2/sqrt(p_fail))^(4/(d-1))", r"c\geq\left(2/\sqrt{p_{\mathrm{f}}}\right)^{4/(d-1)}",
              _c_hyp(_cap_c))

capacity_a = _bound(
    "capacity_a", ("beta", "K", "d", "p_fail"), _cap_a,
    description="Constant a of Theorem A5.",
    latex=r"a=\frac{2}{d-1}\left(1+\ln(2\beta K^2p_{\mathrm{f}}(d-1))\right)", kind="value",
    source=_src("Theorem 3 (A5)"), hypotheses=_H_CAP_DOMAIN,
)

capacity_b = _bound(
    "capacity_b", ("beta", "K"), _cap_b,
    description="Constant b of Theorem A5.",
    latex=r"b=\frac{2K^2\beta}{5}", kind="value",
    source=_src("Theorem 3 (A5)"), hypotheses=(H_BETA, H_K),
)

capacity_lambert_argument = _bound(
    "capacity_lambert_argument", ("beta", "K", "d", "p_fail"),
    lambda F, beta, K, d, p_fail: _cap_a(F, beta, K, d, p_fail) + F.log(_cap_b(F, beta, K)),
    description="u = a + ln b, the argument of W_0(exp(u)) in Theorem A5 (sign selects the branch of Corollary A1).",
    latex=r"u=a+\ln b", kind="value",
    source=_src("Theorem 3 (A5)"), hypotheses=_H_CAP_DOMAIN,
)

capacity_constant = _bound(
    "capacity_constant", ("beta", "K", "d", "p_fail"), _cap_c,
    description="Capacity constant c = b / W_0(exp(a + ln b)) of Theorem A5 (principal branch).",
    latex=r"c=\frac{b}{W_0(\exp(a+\ln b))}", kind="value",
    source=_src("Theorem 3 (A5)"), hypotheses=_H_CAP_DOMAIN + (_H_CAP_C,),
)

capacity_threshold = _bound(
    "capacity_threshold", ("d", "p_fail"), _cap_threshold,
    description="Smallest admissible c, (2/sqrt(p_fail))^(4/(d-1)); c at least this is exactly sqrt(p) c^((d-1)/4) >= 2.",
    latex=r"\left(\frac{2}{\sqrt{p_{\mathrm{f}}}}\right)^{4/(d-1)}", kind="value",
    source=_src("Theorem 3 (A5)"), hypotheses=(H_PFAIL, H_D2),
)

capacity_memories = _bound(
    "capacity_memories", ("beta", "K", "d", "p_fail"),
    lambda F, beta, K, d, p_fail: F.sqrt(p_fail) * F.pow(_cap_c(F, beta, K, d, p_fail), (d - 1) / 4),
    description="Guaranteed number of stored memories sqrt(p) c^((d-1)/4), with probability 1 - p_fail (Theorem A5).",
    latex=r"M\geq\sqrt{p_{\mathrm{f}}}\,c^{\frac{d-1}{4}}", kind="lower",
    source=_src("Theorem 3 (A5)"), hypotheses=_H_CAP_DOMAIN + (_H_CAP_C,),
    trivial=lambda F, **_: 2.0, trivial_latex=r"M\geq 2\ \text{(a capacity below 2 says nothing)}",
)

# =========================================================================== Corollary A1: Lambert-free


def _omega(F):
    return F.wexp(0)  # W_0(1), the omega constant


def _lambert_free_c(F, beta, K, d, p_fail):
    b = _cap_b(F, beta, K)
    u = _cap_a(F, beta, K, d, p_fail) + F.log(b)

    def nonpos(Kit, s):
        om = _omega(Kit)
        return b / Kit.log((om * Kit.exp(s) + 1) / (om * (1 + om)))

    def pos(Kit, s):
        return b * Kit.pow(s, -s / (s + 1))

    return _cases(F, u, (("<=", -1.0, nonpos), (">", 1.0, pos)))


capacity_constant_lambert_free = _bound(
    "capacity_constant_lambert_free", ("beta", "K", "d", "p_fail"), _lambert_free_c,
    description="Lambert-free capacity constant of Corollary A1 (piecewise in u = a + ln b; a lower bound on c).",
    latex=(r"c=b\left[\ln\frac{\Omega e^{a+\ln b}+1}{\Omega(1+\Omega)}\right]^{-1}\ (a+\ln b\leq 0),\quad"
           r"c=b\,(a+\ln b)^{-\frac{a+\ln b}{a+\ln b+1}}\ (a+\ln b>0),\quad\Omega=W_0(1)"),
    kind="value", source=_src("Corollary A1"),
    hypotheses=_H_CAP_DOMAIN + (_H("c_lf >= (2/sqrt(p_fail))^(4/(d-1))",
                                   r"c\geq\left(2/\sqrt{p_{\mathrm{f}}}\right)^{4/(d-1)}", _c_hyp(_lambert_free_c)),),
)

capacity_memories_lambert_free = _bound(
    "capacity_memories_lambert_free", ("beta", "K", "d", "p_fail"),
    lambda F, beta, K, d, p_fail: F.sqrt(p_fail) * F.pow(_lambert_free_c(F, beta, K, d, p_fail), (d - 1) / 4),
    description="Guaranteed number of memories with the Lambert-free constant (Corollary A1).",
    latex=r"M\geq\sqrt{p_{\mathrm{f}}}\,c^{\frac{d-1}{4}}", kind="lower", source=_src("Corollary A1"),
    hypotheses=capacity_constant_lambert_free.hypotheses,
    trivial=lambda F, **_: 2.0, trivial_latex=r"M\geq 2",
)

lambert_upper_bound_nonpositive = _bound(
    "lambert_upper_bound_nonpositive", ("u",),
    lambda F, u: F.log((F.exp(u) + 1 / _omega(F)) / (1 + F.log(1 / _omega(F)))),
    description="Upper bound on W_0(e^u) for u <= 0 used by Corollary A1 (y = 1/Omega; tight at u = 0).",
    latex=r"W_0(e^u)\leq\ln\frac{e^u+y}{1+\ln y},\quad y=1/\Omega,\ u\leq 0",
    source=_src("Corollary A1"),
    hypotheses=(_H("u <= 0", r"u\leq 0", lambda xp, u, **_: u <= 0),),
    symbols={"u": {"real": True}},
)

lambert_upper_bound_positive = _bound(
    "lambert_upper_bound_positive", ("u",),
    lambda F, u: F.pow(u, u / (1 + u)),
    description="Upper bound u^{u/(1+u)} on W_0(e^u) for u > 0 used by Corollary A1.",
    latex=r"W_0(e^u)\leq u^{u/(1+u)},\quad u>0",
    source=_src("Corollary A1"),
    hypotheses=(_H("u > 0", r"u>0", lambda xp, u, **_: u > 0),),
    symbols={"u": {"real": True}},
)

# =========================================================================== Theorem A6, Corollary A2: dimension


def _dim_a(F, beta, K, c):
    return F.log(c) / 2 - K**2 * beta / (5 * c)


def _dim_b(F, beta, K, p_fail):
    return 1 + F.log(2 * p_fail * beta * K**2)


def _dim_root(F, a, b):
    def pos(Kit, s):
        return 1 + Kit.div(Kit.lambertw(s * Kit.exp(-b)), s)

    def neg(Kit, s):
        return 1 + Kit.div(_lambertw_lower(Kit, s * Kit.exp(-b)), s)

    def zero(Kit, s):
        return 1 + Kit.exp(-b) + 0 * s

    return _cases(F, a, ((">", 1.0, pos), ("<", -1e-300, neg), ("==", 0.0, zero)))


def _dim_paper(F, beta, K, c, p_fail):
    return _dim_root(F, _dim_a(F, beta, K, c), _dim_b(F, beta, K, p_fail))


def _h_branch_arg(xp, a, b):
    with np.errstate(all="ignore"):
        return a * xp.exp(-b) >= -1.0 / math.e


def _h_dim_c(xp, beta, K, c, p_fail, **_):
    with np.errstate(all="ignore"):
        ok = (beta > 0) & (K > 0) & (c > 0) & (p_fail > 0)
        one = xp.ones_like(beta)
        sb, sK, sc, sp = (xp.where(ok, v, one) for v in (beta, K, c, p_fail))
        k = _kit_like(xp, beta)
        a, b = _dim_a(k, sb, sK, sc), _dim_b(k, sb, sK, sp)
        good = ok & _h_branch_arg(xp, a, b)
        d = _dim_root(k, xp.where(good, a, one), xp.where(good, b, one))
        good = good & (d > 1)
        d = xp.where(good, d, 2 * one)
        return good & (c >= _cap_threshold(k, d, sp))


_SYM_AB = {"a": {"real": True}, "b": {"real": True}}
_H_AB = _H("a exp(-b) >= -1/e", r"ae^{-b}\geq -1/e", lambda xp, a, b, **_: _h_branch_arg(xp, a, b))
_H_AB_PAPER = _H("a exp(-b) >= -1/e", r"ae^{-b}\geq -1/e",
                 lambda xp, beta, K, c, p_fail, **_: _h_branch_arg(
                     xp, _dim_a(_kit_like(xp, beta), beta, K, xp.where(c > 0, c, xp.ones_like(c))),
                     _dim_b(_kit_like(xp, beta), beta, K, xp.where(p_fail > 0, p_fail, xp.ones_like(p_fail)))))
_H_DIM_DOMAIN = (H_PFAIL, H_BETA, H_K, H_C_POS)

capacity_dimension_a = _bound(
    "capacity_dimension_a", ("beta", "K", "c"), _dim_a,
    description="Constant a of Theorem A6.",
    latex=r"a=\frac{\ln c}{2}-\frac{K^2\beta}{5c}", kind="value",
    source=_src("Theorem A6"), hypotheses=(H_BETA, H_K, H_C_POS),
)

capacity_dimension_b = _bound(
    "capacity_dimension_b", ("beta", "K", "p_fail"), _dim_b,
    description="Constant b of Theorem A6.",
    latex=r"b=1+\ln(2p_{\mathrm{f}}\beta K^2)", kind="value",
    source=_src("Theorem A6"), hypotheses=(H_PFAIL, H_BETA, H_K),
)

capacity_dimension = _bound(
    "capacity_dimension", ("beta", "K", "c", "p_fail"), _dim_paper,
    description="Dimension d = 1 + W(a e^{-b})/a of Theorem A6 (W_0 for a > 0, W_{-1} for a < 0, 1 + e^{-b} for a = 0).",
    latex=(r"d=1+\frac{1}{a}W(ae^{-b})\ (W_0\ \text{if}\ a>0,\ W_{-1}\ \text{if}\ a<0),"
           r"\quad d=1+e^{-b}\ (a=0)"),
    kind="value", source=_src("Theorem A6"),
    hypotheses=_H_DIM_DOMAIN + (_H_AB_PAPER, _H("c >= (2/sqrt(p_fail))^(4/(d-1))",
                                                 r"c\geq\left(2/\sqrt{p_{\mathrm{f}}}\right)^{4/(d-1)}", _h_dim_c)),
)

capacity_dimension_from_ab = _bound(
    "capacity_dimension_from_ab", ("a", "b"), _dim_root,
    description="Theorem A6's root formula as a function of (a, b).",
    latex=r"d=1+\frac{1}{a}W(ae^{-b})\ (W_0\ \text{if}\ a>0,\ W_{-1}\ \text{if}\ a<0),\quad d=1+e^{-b}\ (a=0)",
    kind="value", source=_src("Theorem A6"), hypotheses=(_H_AB,), symbols=_SYM_AB,
)

capacity_dimension_root_principal = _bound(
    "capacity_dimension_root_principal", ("a", "b"),
    lambda F, a, b: 1 + F.div(F.lambertw(a * F.exp(-b)), a),
    description="Root 1 + W_0(a e^{-b})/a of ln(d-1) + a(d-1) + b = 0 (for a < 0 the smaller root).",
    latex=r"d_0=1+\frac{1}{a}W_0(ae^{-b})", kind="value",
    source=_src("Theorem A6", "derived"),
    hypotheses=(_H_AB, _H("a != 0", r"a\ne 0", lambda xp, a, **_: a != 0)), symbols=_SYM_AB,
)

capacity_dimension_root_lower_branch = _bound(
    "capacity_dimension_root_lower_branch", ("a", "b"),
    lambda F, a, b: 1 + F.div(_lambertw_lower(F, a * F.exp(-b)), a),
    description="Root 1 + W_{-1}(a e^{-b})/a (for a < 0 the larger root).",
    latex=r"d_{-1}=1+\frac{1}{a}W_{-1}(ae^{-b})", kind="value",
    source=_src("Theorem A6", "derived"),
    hypotheses=(_H_AB, _H("a < 0", r"a<0", lambda xp, a, **_: a < 0)), symbols=_SYM_AB,
)

capacity_dimension_residual = _bound(
    "capacity_dimension_residual", ("a", "b", "d"),
    lambda F, a, b, d: F.log(d - 1) + a * (d - 1) + b,
    description="ln(d-1) + a(d-1) + b; <= 0 is Theorem A5's condition a_5 c + c ln c - b_5 <= 0 (derived equivalence).",
    latex=r"\ln(d-1)+a(d-1)+b\leq 0", kind="value",
    source=_src("Theorem A6", "derived"),
    hypotheses=(_H("d > 1", r"d>1", lambda xp, d, **_: d > 1),), symbols=_SYM_AB,
)

capacity_dimension_threshold = _bound(
    "capacity_dimension_threshold", ("c", "p_fail"),
    lambda F, c, p_fail: 1 + 4 * F.log(2 / F.sqrt(p_fail)) / F.log(c),
    description="Smallest real d with c >= (2/sqrt(p_fail))^(4/(d-1)) (derived; the condition bounds d from below).",
    latex=r"d\geq 1+\frac{4\ln(2/\sqrt{p_{\mathrm{f}}})}{\ln c}", kind="value",
    source=_src("Corollary A2 (example)", "derived"),
    hypotheses=(H_PFAIL, _H("c > 1", r"c>1", lambda xp, c, **_: c > 1)),
)


def _dim_bound(F, a, b):
    return 1 + (-F.log(-a) + b) / a


capacity_dimension_bound = _bound(
    "capacity_dimension_bound", ("beta", "K", "c", "p_fail"),
    lambda F, beta, K, c, p_fail: _dim_bound(F, _dim_a(F, beta, K, c), _dim_b(F, beta, K, p_fail)),
    description="Corollary A2's elementary bound d > 1 + (-ln(-a) + b)/a for a < 0.",
    latex=r"d>1+\frac{-\ln(-a)+b}{a}", kind="lower", source=_src("Corollary A2"),
    hypotheses=_H_DIM_DOMAIN + (
        _H("a < 0", r"a<0", lambda xp, beta, K, c, **_: _dim_a(
            _kit_like(xp, beta), beta, K, xp.where(c > 0, c, xp.ones_like(c))) < 0),
        _H_AB_PAPER),
    trivial=lambda F, **_: 2.0, trivial_latex=r"d\geq 2",
)

capacity_dimension_bound_from_ab = _bound(
    "capacity_dimension_bound_from_ab", ("a", "b"), _dim_bound,
    description="Corollary A2's bound as a function of (a, b).",
    latex=r"d>1+\frac{-\ln(-a)+b}{a}", kind="lower", source=_src("Corollary A2"),
    hypotheses=(_H("a < 0", r"a<0", lambda xp, a, **_: a < 0), _H_AB),
    trivial=lambda F, **_: 2.0, trivial_latex=r"d\geq 2", symbols=_SYM_AB,
)

# =========================================================================== Lemmas A16, A17; Theorem A7


def _C(F, n):
    # (kappa_n / 2)^(-1/n) Gamma(1 + 1/n) (n + 1)^(-1/n) / Gamma(2 + 1/n)
    bracket = _gamma_ratio(F, (n + 1) / 2, n / 2) / (2 * n * F.sqrt(F.pi))
    return (F.pow(bracket, -1 / n) * _gamma_ratio(F, 1 + 1 / n, 2 + 1 / n) * F.pow(n + 1, -1 / n))


expected_angle_constant = _bound(
    "expected_angle_constant", ("n",), _C,
    description="C_n of Lemma A16 (the bracket equals kappa_n/2).",
    latex=(r"C_n=\left(\frac{\Gamma((n+1)/2)}{2n\sqrt{\pi}\,\Gamma(n/2)}\right)^{-\frac{1}{n}}"
           r"\frac{\Gamma(1+\frac{1}{n})\,(n+1)^{-1/n}}{\Gamma(2+\frac{1}{n})}"),
    kind="value", source=_src("Lemma A16"), hypotheses=(H_N1,),
)

expected_min_angle_lower_bound = _bound(
    "expected_min_angle_lower_bound", ("d", "M"),
    lambda F, d, M: _C(F, d - 1) * F.pow(M, -2 / (d - 1)),
    description="Lower bound C_{d-1} M^{-2/(d-1)} on the expected minimal angle of M uniform points on S^{d-1}.",
    latex=r"\mathbb{E}[\alpha_{\min}]\geq C_{d-1}M^{-2/(d-1)}", kind="lower",
    source=_src("Lemma A16"), hypotheses=(H_D2, H_M2),
    trivial=lambda F, **_: 0.0, trivial_latex=r"\mathbb{E}[\alpha_{\min}]\geq 0",
)

expected_angle_constant_lower_bound = _bound(
    "expected_angle_constant_lower_bound", ("n",),
    lambda F, n: 1 - F.log(n + 1) / n,
    description="Elementary lower bound 1 - ln(n+1)/n on C_n (Lemma A17).",
    latex=r"C_n\geq 1-\frac{\ln(n+1)}{n}", kind="lower",
    source=_src("Lemma A17"), hypotheses=(H_N1,),
    trivial=lambda F, **_: 0.0, trivial_latex=r"C_n\geq 0",
)


def _a7_rhs(F, beta, K, c, d):
    # ln(2 c^((d-1)/2) beta (d-1) K^2) written as a sum of logarithms (no overflow for large d)
    return (2 / beta * F.pow(c, -(d - 1) / 4)
            + (F.log(2) + (d - 1) / 2 * F.log(c) + F.log(beta * (d - 1) * K**2)) / beta)


def _a7_margin(bracket):
    def formula(F, beta, K, c, d):
        return (d - 1) * K**2 / (5 * c) * bracket(F, d) ** 2 - _a7_rhs(F, beta, K, c, d)
    return formula


_H_A7 = (H_BETA, H_K, _H("c >= 1", r"c\geq 1", lambda xp, c, **_: c >= 1), H_D3)
_A7_RHS_LATEX = r"\frac{2}{\beta c^{(d-1)/4}}+\frac{1}{\beta}\ln\left(2c^{(d-1)/2}\beta(d-1)K^2\right)"

expected_capacity_margin_published = _bound(
    "expected_capacity_margin_published", ("beta", "K", "c", "d"),
    _a7_margin(lambda F, d: 1 - F.log(d - 1) / (d - 1)),
    description="Left minus right side of Theorem A7's condition as printed (>= 0: c^((d-1)/4) memories stored).",
    latex=r"\frac{1}{5}(d-1)K^2c^{-1}\left(1-\frac{\ln(d-1)}{d-1}\right)^2-" + _A7_RHS_LATEX,
    kind="value", source=_src("Theorem A7"), hypotheses=_H_A7,
)

expected_capacity_margin_derived = _bound(
    "expected_capacity_margin_derived", ("beta", "K", "c", "d"),
    _a7_margin(lambda F, d: _C(F, d - 1)),
    description="Theorem A7's condition with C_{d-1} in place of the printed bracket (chain of Lemmas A15, A16 and the master inequality).",
    latex=r"\frac{1}{5}(d-1)K^2c^{-1}C_{d-1}^2-" + _A7_RHS_LATEX,
    kind="value", source=_src("Theorem A7", "derived"), hypotheses=_H_A7,
)

expected_capacity_margin_lemma_a17 = _bound(
    "expected_capacity_margin_lemma_a17", ("beta", "K", "c", "d"),
    _a7_margin(lambda F, d: 1 - F.log(d) / (d - 1)),
    description="Theorem A7's condition with Lemma A17 at n = d-1, i.e. the bracket 1 - ln d/(d-1).",
    latex=r"\frac{1}{5}(d-1)K^2c^{-1}\left(1-\frac{\ln d}{d-1}\right)^2-" + _A7_RHS_LATEX,
    kind="value", source=_src("Theorem A7", "derived"), hypotheses=_H_A7,
)

# =========================================================================== Theorems A8, A9: retrieval

one_step_retrieval_error_bound = _bound(
    "one_step_retrieval_error_bound", ("beta", "M", "m", "Delta", "r", "dist"),
    lambda F, beta, M, m, Delta, r, dist: (
        2 * beta * M * m**2 * (M - 1) * F.exp(-beta * (Delta - 2 * r * m)) * dist),
    description="||T(x) - x*|| <= (Eq. (180) bound) ||x - x*|| of Theorem A8 (dist = ||x - x*||).",
    latex=(r"\|T(x)-x_\mu^*\|\leq 2\beta Mm^2(M-1)\exp\left(-\beta(\Delta_\mu-2\max\{\|x-\xi_\mu\|,"
           r"\|x_\mu^*-\xi_\mu\|\}m)\right)\|x-x_\mu^*\|"),
    source=_src("Theorem 4 (A8)"), hypotheses=(H_BETA, H_M2, H_M_NORM, H_R, _nonneg("dist", r"\|x-x_\mu^*\|")),
    trivial=lambda F, m, **_: 2 * m, trivial_latex=r"\|T(x)-x_\mu^*\|\leq 2m",
    symbols={"Delta": {"real": True}, "r": {"nonnegative": True}, "dist": {"nonnegative": True}},
)

retrieval_error_bound_published = _bound(
    "retrieval_error_bound_published", ("beta", "M", "m", "Delta", "r"),
    lambda F, beta, M, m, Delta, r: 2 * (M - 1) * F.exp(-beta * (Delta - 2 * r * m)) * m,
    description="Exponentially small one-step retrieval error of Theorem A9 (holds for every x, derived).",
    latex=r"\|T(x)-\xi_\mu\|\leq 2(M-1)\exp\left(-\beta(\Delta_\mu-2\max\{\|x-\xi_\mu\|,\|x_\mu^*-\xi_\mu\|\}m)\right)m",
    source=_src("Theorem 5 (A9)"), hypotheses=(H_BETA, H_M2, H_M_NORM, H_R),
    trivial=lambda F, m, **_: 2 * m, trivial_latex=r"\|T(x)-\xi_\mu\|\leq 2m",
    symbols={"Delta": {"real": True}, "r": {"nonnegative": True}},
)

_H_NEAR = _H("r <= 1/(2 beta m)", r"\|\xi_\mu-x_\mu^*\|\leq\frac{1}{2\beta m},\ \|\xi_\mu-x\|\leq\frac{1}{2\beta m}",
             lambda xp, beta, m, r, **_: (r >= 0) & (r <= 1 / (2 * beta * xp.where(m > 0, m, xp.ones_like(m)))))

fixed_point_offset_bound = _bound(
    "fixed_point_offset_bound", ("beta", "M", "m", "Delta", "r"),
    lambda F, beta, M, m, Delta, r: 2 * F.e * (M - 1) * m * F.exp(-beta * Delta) + 0 * r,
    description="Second part of Theorem A9: ||xi_mu - x*|| <= 2e(M-1) m e^{-beta Delta} near xi_mu; the one-step error obeys the same bound (derived).",
    latex=r"\|\xi_\mu-x_\mu^*\|\leq 2e(M-1)m\,e^{-\beta\Delta_\mu}",
    source=_src("Theorem 5 (A9)"), hypotheses=(H_BETA, H_M2, H_M_NORM, _H_NEAR),
    trivial=lambda F, m, **_: 2 * m, trivial_latex=r"\|\xi_\mu-x_\mu^*\|\leq 2m",
    symbols={"Delta": {"real": True}, "r": {"nonnegative": True}},
)

fixed_point_epsilon_bound = _bound(
    "fixed_point_epsilon_bound", ("beta", "M", "m", "Delta", "r"),
    lambda F, beta, M, m, Delta, r: F.e * (M - 1) * F.exp(-beta * Delta) + 0 * (r + m),
    description="Intermediate epsilon <= e(M-1) e^{-beta Delta} of Theorem A9's proof (corrected: without the extra factor m).",
    latex=r"\epsilon\leq e(M-1)e^{-\beta\Delta_\mu}",
    source=_src("Theorem 5 (A9), proof", "corrected"), hypotheses=(H_BETA, H_M2, H_M_NORM, _H_NEAR),
    trivial=lambda F, **_: 1.0, trivial_latex=r"1-p_\mu\leq 1",
    symbols={"Delta": {"real": True}, "r": {"nonnegative": True}},
)

# =========================================================================== remark with Theorem 4: Gaussian moments

gaussian_separation_mean = _bound(
    "gaussian_separation_mean", ("d",), lambda F, d: d,
    description="E[x^T x - x^T y] = d for independent standard Gaussian x, y in R^d.",
    latex=r"\mathbb{E}[x^\top x-x^\top y]=d", kind="value",
    source=_src("remark with Theorem 4"), hypotheses=(H_D1,),
)

gaussian_separation_variance = _bound(
    "gaussian_separation_variance", ("d",), lambda F, d: 3 * d,
    description="Var[x^T x - x^T y] = 3d for independent standard Gaussian x, y in R^d.",
    latex=r"\mathrm{Var}[x^\top x-x^\top y]=3d", kind="value",
    source=_src("remark with Theorem 4"), hypotheses=(H_D1,),
)

# =========================================================================== Theorem A10 (cited): Demircigil et al.


def _rate_I(F, a):
    return (_xlogx(F, 1 + a) + _xlogx(F, 1 - a)) / 2


demircigil_rate_function = _bound(
    "demircigil_rate_function", ("a",), _rate_I,
    description="Rate function I(a) = ((1+a)ln(1+a) + (1-a)ln(1-a))/2 of Theorem A10 (0 ln 0 := 0).",
    latex=r"I(a)=\frac{1}{2}\left((1+a)\ln(1+a)+(1-a)\ln(1-a)\right)", kind="value",
    source=_src("Theorem A10 (cited from Demircigil et al. 2017)"),
    hypotheses=(_H("-1 <= a <= 1", r"-1\leq a\leq 1", lambda xp, a, **_: (a >= -1) & (a <= 1)),),
    symbols={"a": {"real": True}},
)

demircigil_exponent_threshold = _bound(
    "demircigil_exponent_threshold", ("rho",),
    lambda F, rho: _rate_I(F, 1 - 2 * rho) / 2,
    description="Largest exponent I(1 - 2 rho)/2 with M = e^{alpha d} + 1 memories restored from Hamming radius rho d.",
    latex=r"\alpha<\frac{I(1-2\varrho)}{2}", kind="value",
    source=_src("Theorem A10 (cited from Demircigil et al. 2017)"),
    hypotheses=(_H("0 <= rho < 1/2", r"0\leq\varrho<\frac{1}{2}", lambda xp, rho, **_: (rho >= 0) & (rho < 0.5)),),
    symbols={"rho": {"nonnegative": True}},
)

# =========================================================================== quantities from (Xi, x)


def _memories(Xi, min_patterns: int = 2):
    Xi = as_float_array(Xi, "Xi", ndim=2)
    d, M = tuple(Xi.shape)
    if M < min_patterns:
        raise ValueError(f"Xi must hold at least {min_patterns} patterns as columns; got shape {(d, M)}")
    return Xi


def _queries(x, Xi):
    xp = get_namespace(Xi, x) if hasattr(x, "shape") else get_namespace(Xi)
    x = as_float_array(x, "x", xp=xp, ndim=(1, 2))
    if x.shape[0] != Xi.shape[0]:
        raise ValueError(
            f"x must have shape (d,) or (d, N) with d = {Xi.shape[0]} (Xi has shape {tuple(Xi.shape)}); "
            f"got shape {tuple(x.shape)}"
        )
    return x


def _index(mu, M: int) -> int:
    if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
    if not 0 <= int(mu) < M:
        raise ValueError(f"mu must satisfy 0 <= mu < M = {M}; got {mu}")
    return int(mu)


def _scalar(xp, v):
    return xp.asarray(float(v), dtype=xp.float64)


def _max_norm(Xi):
    r""":math:`m=\max_\mu\|\xi_\mu\|` (a 0-d array of ``Xi``'s namespace)."""
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    return xp.max(xp.linalg.vector_norm(Xi, axis=0))


def _others_max(xp, v, mu):
    """max over the first axis of ``v`` excluding row ``mu``."""
    idx = xp.arange(v.shape[0])
    if v.ndim == 2:
        idx = xp.reshape(idx, (-1, 1))
    return xp.max(xp.where(idx == mu, xp.full_like(v, -math.inf), v), axis=0)


def _separation(Xi, mu):
    xp = get_namespace(Xi)
    g = xp.matmul(xp.matrix_transpose(Xi), Xi[:, mu])
    return g[mu] - _others_max(xp, g, mu)


def _max_distance(Xi, mu):
    xp = get_namespace(Xi)
    dist = xp.linalg.vector_norm(Xi - xp.expand_dims(Xi[:, mu], axis=1), axis=0)
    return _others_max(xp, dist, mu)


def _scores(Xi, x):
    xp = get_namespace(Xi)
    return xp.matmul(xp.matrix_transpose(Xi), x)


def _softmax(theta):
    xp = get_namespace(theta)
    return xp.exp(theta - logsumexp(theta, axis=0, keepdims=True))


def _distance(x, y):
    xp = get_namespace(x)
    if x.ndim == 2:
        y = xp.expand_dims(y, axis=1) if y.ndim == 1 else y
    return xp.linalg.vector_norm(x - y, axis=0)


def _dense_fixed_point(Xi, mu: int, beta: float, *, max_iter: int = 10_000):
    r"""The fixed point :math:`x^*_\mu` reached by iterating :math:`T` from :math:`\xi_\mu`.

    .. math:: x_{t+1}=\Xi\,\mathrm{softmax}(\beta\Xi^\top x_t),\quad x_0=\xi_\mu,

    stopped when :math:`\|x_{t+1}-x_t\|\le` ``tolerance("default")`` :math:`\cdot(1+m)`.

    Parameters
    ----------
    Xi : array, shape (d, M)
    mu : int, 0-based index
    beta : float > 0

    Raises
    ------
    RuntimeError
        If the iteration has not converged after ``max_iter`` steps (such instances are to be
        excluded and counted, never used silently).
    """
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    mu = _index(mu, Xi.shape[1])
    beta = check_beta(beta)
    tol = tolerance("float32" if "float32" in str(Xi.dtype) else "float64", "default")
    scale = 1.0 + float(_max_norm(Xi))
    x = Xi[:, mu]
    for _ in range(max_iter):
        x_new = xp.matmul(Xi, _softmax(beta * _scores(Xi, x)))
        step = float(xp.linalg.vector_norm(x_new - x))
        x = x_new
        if step <= tol.atol * scale:
            return x
    raise RuntimeError(f"fixed-point iteration from pattern {mu} did not converge in {max_iter} steps (beta = {beta})")


def _radius_r(Xi, x, mu, beta, x_star):
    xp = get_namespace(Xi)
    if x_star is None:
        x_star = _dense_fixed_point(Xi, mu, beta)
    else:
        x_star = as_float_array(x_star, "x_star", xp=xp, ndim=1)
        if x_star.shape[0] != Xi.shape[0]:
            raise ValueError(f"x_star must have shape ({Xi.shape[0]},); got shape {tuple(x_star.shape)}")
    r_x = _distance(x, Xi[:, mu])
    r_s = xp.linalg.vector_norm(x_star - Xi[:, mu])
    return xp.maximum(r_x, r_s), x_star


def _common(Xi, beta):
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    return Xi, xp, check_beta(beta), _scalar(xp, Xi.shape[1]), _max_norm(Xi)


def query_separation_lower_bound_at(Xi, x, mu: int) -> BoundResult:
    r"""Separation transfer :math:`\Delta_\mu-\|x-\xi_\mu\|\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|` at ``(Xi, x)``."""
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    return query_separation_lower_bound(xp=xp, Delta=_separation(Xi, mu), r=_distance(x, Xi[:, mu]),
                                        D=_max_distance(Xi, mu))


def query_separation_lower_bound_coarse_at(Xi, x, mu: int) -> BoundResult:
    r"""Coarse separation transfer :math:`\Delta_\mu-2m\|x-\xi_\mu\|` at ``(Xi, x)``."""
    Xi = _memories(Xi)
    xp = get_namespace(Xi)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    return query_separation_lower_bound_coarse(xp=xp, Delta=_separation(Xi, mu), r=_distance(x, Xi[:, mu]),
                                               m=_max_norm(Xi))


def jacobian_norm_bound_coarse_at(Xi, x, beta: float) -> BoundResult:
    r""":math:`2\beta Mm^2s` with :math:`s=\max_\mu p_\mu(1-p_\mu)`, :math:`p=\mathrm{softmax}(\beta\Xi^\top x)`."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    p = _softmax(beta * _scores(Xi, x))
    s = xp.max(p * (1 - p), axis=0)
    return jacobian_norm_bound_coarse(xp=xp, beta=_scalar(xp, beta), M=M, m=m, s=s)


def jacobian_norm_bound_refined_at(Xi, x, beta: float, epsilon=None) -> BoundResult:
    r"""Corrected refined bound :math:`2\beta Mm^2(\epsilon-\epsilon^2)`; default :math:`\epsilon=1-p_{\max}`."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    p = _softmax(beta * _scores(Xi, x))
    p_max = xp.max(p, axis=0)
    eps = 1 - p_max if epsilon is None else xp.asarray(epsilon, dtype=xp.float64)
    return jacobian_norm_bound_refined_corrected(xp=xp, beta=_scalar(xp, beta), M=M, m=m, epsilon=eps, p_max=p_max)


def global_contraction_rate_at(Xi, beta: float) -> BoundResult:
    r""":math:`\beta r_c^2` with :math:`r_c=\max_\mu\|\xi_\mu-\bar\xi\|` (hypothesis :math:`\beta r_c^2<1`)."""
    Xi, xp, beta, _, _ = _common(Xi, beta)
    r_c = xp.max(xp.linalg.vector_norm(Xi - xp.mean(Xi, axis=1, keepdims=True), axis=0))
    return global_contraction_rate(xp=xp, beta=_scalar(xp, beta), r_c=r_c)


def concentration_error_bound_at(Xi, x, beta: float, mu: int | None = None) -> BoundResult:
    r"""Lemma A4's :math:`2\epsilon m` at ``(Xi, x)``.

    With ``mu=None`` the published form: the pattern with the largest query separation,
    :math:`\tilde\Delta^\star(x)=z_{(1)}-z_{(2)}`; with an index, the generalised form with
    :math:`\tilde\Delta_\mu(x)`.
    """
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    z = _scores(Xi, x)
    if mu is None:
        zs = xp.sort(z, axis=0, descending=True)
        dt = zs[0, ...] - zs[1, ...]
    else:
        mu = _index(mu, Xi.shape[1])
        dt = z[mu, ...] - _others_max(xp, z, mu)
    return concentration_error_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta_tilde=dt)


def well_separation_threshold_at(Xi, beta: float) -> BoundResult:
    r"""Lemma A5's threshold at ``Xi`` (compare with :math:`\Delta_\mu`)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    return well_separation_threshold(xp=xp, beta=_scalar(xp, beta), M=M, m=m)


def sphere_self_map_error_bound_at(Xi, beta: float, mu: int) -> BoundResult:
    r"""Lemma A5's :math:`2(M-1)e^{-\beta(\Delta_\mu-2/(\beta M))}m` at ``Xi`` (hypothesis: well-separated)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    mu = _index(mu, Xi.shape[1])
    return sphere_self_map_error_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu))


def master_inequality_threshold_at(Xi, beta: float) -> BoundResult:
    r"""Right side of the master inequality at ``Xi`` (compare with :math:`\Delta_{\min}`)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    return master_inequality_threshold(xp=xp, beta=_scalar(xp, beta), M=M, m=m)


def metastable_separation_threshold_at(Xi, beta: float, l: int) -> BoundResult:  # noqa: E741
    r"""Lemma A12's threshold (corrected form) for the group of the first ``l`` memories.

    :math:`r_l=\max_{\mu<l}\|\xi_\mu-\bar\xi_l\|`, :math:`\bar\xi_l` the mean of the first
    ``l`` columns; compare with :math:`\Delta_{\mathrm{meta}}`.
    """
    Xi, xp, beta, M, m = _common(Xi, beta)
    if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not 1 <= int(l) < Xi.shape[1]:
        raise ValueError(f"l must be an integer with 1 <= l < M = {Xi.shape[1]}; got {l!r}")
    G = Xi[:, : int(l)]
    r_l = xp.max(xp.linalg.vector_norm(G - xp.mean(G, axis=1, keepdims=True), axis=0))
    return metastable_separation_threshold_corrected(xp=xp, beta=_scalar(xp, beta), M=M, m=m, r_l=r_l,
                                                     l=_scalar(xp, l))


def mean_value_jacobian_bound_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Eq. (180) at ``(Xi, x)``; ``x_star`` defaults to ``_dense_fixed_point`` from :math:`\xi_\mu`."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, _ = _radius_r(Xi, x, mu, beta, x_star)
    return mean_value_jacobian_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu), r=r)


def one_step_retrieval_error_bound_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Theorem A8's bound on :math:`\|T(x)-x^*_\mu\|` at ``(Xi, x)``."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, x_star = _radius_r(Xi, x, mu, beta, x_star)
    return one_step_retrieval_error_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu),
                                          r=r, dist=_distance(x, x_star))


def retrieval_error_bound_published_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Theorem A9's :math:`2(M-1)e^{-\beta(\Delta_\mu-2rm)}m` at ``(Xi, x)``.

    :math:`r=\max\{\|x-\xi_\mu\|,\|x^*_\mu-\xi_\mu\|\}`; ``x_star`` defaults to
    ``_dense_fixed_point`` from :math:`\xi_\mu`.  ``x`` may be a ``(d, N)`` batch.
    """
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, _ = _radius_r(Xi, x, mu, beta, x_star)
    return retrieval_error_bound_published(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu), r=r)


def fixed_point_offset_bound_at(Xi, x, mu: int, beta: float, x_star=None) -> BoundResult:
    r"""Theorem A9's second part at ``(Xi, x)`` (hypothesis :math:`r\le1/(2\beta m)`)."""
    Xi, xp, beta, M, m = _common(Xi, beta)
    x = _queries(x, Xi)
    mu = _index(mu, Xi.shape[1])
    r, _ = _radius_r(Xi, x, mu, beta, x_star)
    return fixed_point_offset_bound(xp=xp, beta=_scalar(xp, beta), M=M, m=m, Delta=_separation(Xi, mu), r=r)


# =========================================================================== registry and docs

BOUNDS: dict[str, PositionalBound] = {
    name: obj for name, obj in list(globals().items()) if isinstance(obj, PositionalBound)
}

AT_FUNCTIONS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (
        query_separation_lower_bound_at, query_separation_lower_bound_coarse_at, jacobian_norm_bound_coarse_at,
        jacobian_norm_bound_refined_at, global_contraction_rate_at, concentration_error_bound_at,
        well_separation_threshold_at, sphere_self_map_error_bound_at, master_inequality_threshold_at,
        metastable_separation_threshold_at, mean_value_jacobian_bound_at, one_step_retrieval_error_bound_at,
        retrieval_error_bound_published_at, fixed_point_offset_bound_at,
    )
}


def _doc_entry(b: PositionalBound) -> str:
    hyp = "; ".join(f":math:`{h.latex}`" for h in b.hypotheses) or "none"
    triv = f":math:`{b.trivial_latex}`" if b.trivial_latex else "none"
    return (
        f"``{b.name}({', '.join(b.parameters)})``\n"
        f"    {b.description}\n\n"
        f"    .. math:: {b.latex}\n\n"
        f"    Kind: {b.kind}.  Hypotheses: {hyp}.  Trivial bound: {triv}.\n"
        f"    Source: {b.source}.\n"
    )


__doc__ = (__doc__ or "") + "\n" + "\n".join(_doc_entry(b) for b in BOUNDS.values())

__all__ = sorted(BOUNDS) + sorted(AT_FUNCTIONS) + [
    "AT_FUNCTIONS", "BOUNDS", "PositionalBound",
]
