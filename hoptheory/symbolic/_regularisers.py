"""Separable regularisers Ω(p) = Σ_i g(p_i) + c on the probability simplex."""

from __future__ import annotations

import functools
import math
import numbers
import sys
from fractions import Fraction

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from ._common import FactResult, UnsupportedRegulariser, is_zero, run_with_timeout
from ._parser import exact_decimal, parse_scalar_function

__all__ = ["Gini", "Regulariser", "Separable", "Shannon", "Tsallis"]

#: The scalar variable of every generator g(p); p > 0 is declared, so that powers and
#: logarithms simplify on the branch that lives on the simplex.
P = sp.Symbol("p", positive=True)
#: The argument of the link inverse (g')^{-1}(u).
U = sp.Symbol("u", real=True)


class Regulariser:
    """A separable negentropy Ω(p) = Σ_i g(p_i) + c on the simplex (+∞ off it).

    Subclasses set ``g`` (a SymPy expression in the positive symbol ``p``), ``constant`` (c), the link
    inverse ``h`` with g'(h(u)) = u (in the real symbol ``u``), the limits g(0+) and g'(0+), and a name.
    Everything the conjugate engine needs is read from these attributes, so the engine is
    the same for every family.
    """

    name: str = "Omega"
    p = P
    u = U

    def __init__(self, g, constant, h, g0, dg0, params=(), note=""):
        self.g = _as_expr(g, "g")
        self.constant = _as_expr(constant, "constant")
        self.h = _as_expr(h, "h")
        self.g0 = _as_expr(g0, "g0")
        self.dg0 = _as_expr(dg0, "dg0")
        self.params = tuple(params)
        self.note = note

    # -- the data of the regulariser -----------------------------------------------------
    @property
    def dg(self) -> sp.Expr:
        """g'(p)."""
        return sp.diff(self.g, P)

    @property
    def d2g(self) -> sp.Expr:
        """g''(p)."""
        return sp.diff(self.g, P, 2)

    @property
    def dg1(self) -> sp.Expr:
        """g'(1)."""
        return sp.simplify(self.dg.subs(P, 1))

    def link_inverse(self, u=None) -> sp.Expr:
        """(g')^{-1}(u) on the branch with values in (0, 1] (u in (g'(0+), g'(1)])."""
        return self.h if u is None else self.h.subs(U, u)

    def margin(self) -> sp.Expr:
        """λ_Ω = g'(1) - g'(0+) (``oo`` when g'(0+) = -∞, as for Shannon)."""
        if self.dg0 == -sp.oo:
            return sp.oo
        return sp.simplify(self.dg1 - self.dg0)

    def omega(self, p) -> sp.Expr:
        """Ω(p) = Σ_i g(p_i) + c for a sequence of SymPy expressions p (on the simplex)."""
        return sp.Add(*[self.g.subs(P, pi) for pi in p]) + self.constant

    def latex(self) -> str:
        """LaTeX of Ω(p) = Σ_i g(p_i) + c."""
        pi = sp.Symbol("p_i", positive=True)
        body = sp.latex(self.g.subs(P, pi))
        c = "" if self.constant == 0 else " " + ("+ " if self.constant > 0 else "- ") + sp.latex(abs(self.constant))
        return rf"\Omega(p) = \sum_{{i}} \left({body}\right){c}"

    def known_value(self, zS, t, n):
        """Canonical closed form of Ω* on a piece, in the support scores and threshold t.

        ``None`` when the family has none (the generic ⟨p, z⟩ - Ω(p) is used).
        """
        return None

    def threshold_convention(self, t):
        """The package's threshold τ (conventions §3) from the Lagrange multiplier t.

        The engine writes p_i = (g')^{-1}(z_i - t); the package convention for Tsallis is
        p_i = [(α-1) z_i - τ]_+^{1/(α-1)}.  ``None`` for families without that convention.
        """
        return None

    # -- facts ------------------------------------------------------------------------------
    def check_link_inverse(self) -> FactResult:
        """Verify (g')^{-1}(g'(q)) = q for q > 0 symbolically."""
        q = sp.Symbol("q", positive=True)
        ok, how = is_zero(self.h.subs(U, self.dg.subs(P, q)) - q, samples={q: (0, 1)})
        return FactResult("link_inverse", ok, f"(g')^(-1)(g'(q)) - q: {how}")

    def check_convexity(self) -> FactResult:
        """Strict convexity of g on (0, 1) (g'' > 0 except at isolated points)."""
        return _convexity(self.d2g, self.params)

    # -- identity ---------------------------------------------------------------------------
    @property
    def key(self):
        return (type(self).__name__, sp.srepr(self.g), sp.srepr(self.constant))

    def __eq__(self, other):
        return isinstance(other, Regulariser) and self.key == other.key

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return f"{type(self).__name__}(g={sp.sstr(self.g)}, constant={sp.sstr(self.constant)})"


class Shannon(Regulariser):
    r"""Shannon negentropy.

    .. math::

        \Omega(p) = \sum_{i=1}^{n} p_i \log p_i, \qquad g(p) = p\log p,\quad
        g'(p) = \log p + 1,\quad (g')^{-1}(u) = e^{u-1}.

    g'(0^+) = -\infty, so every support is full, :math:`\Omega^*` is log-sum-exp, the map
    is softmax and the margin is infinite.

    References
    ----------
    Blondel, Martins & Niculae, "Learning with Fenchel-Young losses", JMLR 2020, Table 1.
    """

    name = "Shannon"

    def __init__(self):
        super().__init__(P * sp.log(P), 0, sp.exp(U - 1), 0, -sp.oo)

    def known_value(self, zS, t, n):
        return sp.log(sp.Add(*[sp.exp(zi) for zi in zS]))

    def check_convexity(self) -> FactResult:
        return FactResult("convexity", True, "g''(p) = 1/p > 0 on (0, 1]")


class Tsallis(Regulariser):
    r"""Tsallis negentropy with index α > 1.

    .. math::

        \Omega_\alpha(p) = \frac{\sum_{i} p_i^\alpha - 1}{\alpha(\alpha-1)},\qquad
        g(p) = \frac{p^\alpha - p}{\alpha(\alpha-1)},\qquad
        (g')^{-1}(u) = \big((\alpha-1)u + \tfrac1\alpha\big)^{1/(\alpha-1)} .

    On the simplex Σ g(p_i) = Ω_α(p) (the linear term of g sums to a constant).  The map is
    α-entmax, g'(0⁺) = -1/(α(α-1)), g'(1) = 1/α and the margin is 1/(α-1).  The engine's
    multiplier t (p_i = (g')^{-1}(z_i - t)) and the package threshold τ
    (p_i = [(α-1)z_i - τ]_+^{1/(α-1)}) are related by τ = (α-1)t - 1/α.

    Parameters
    ----------
    alpha : int, Rational, str, float or sympy.Symbol
        The index α > 1.  Strings are parsed exactly (``"3/2"``, ``"1.25"``) without any
        evaluation.  A float is accepted only when it equals a simple rational exactly (1.5,
        1.25, 3.0): ``nsimplify`` finds the rational and it must reproduce the float bit
        for bit; 1.1 is rejected (the float is not 11/10) with a request to pass "11/10".
        A Symbol must be declared ``positive=True``; it is then read as a symbolic α > 1
        and every threshold with :math:`|S|\geq 2` is implicit.

    References
    ----------
    Peters, Niculae & Martins, "Sparse sequence-to-sequence models", ACL 2019;
    Blondel et al., JMLR 2020, Prop. 9.
    """

    name = "Tsallis"

    def __init__(self, alpha):
        a = _parse_alpha(alpha)
        self.alpha = a
        g = (P**a - P) / (a * (a - 1))
        h = ((a - 1) * U + 1 / a) ** (1 / (a - 1))
        params = (a,) if isinstance(a, sp.Symbol) else ()
        super().__init__(g, 0, h, 0, -1 / (a * (a - 1)), params=params)

    @property
    def dg1(self):
        return 1 / self.alpha

    def margin(self):
        return sp.simplify(1 / (self.alpha - 1))

    def known_value(self, zS, t, n):
        a = self.alpha
        tau = self.threshold_convention(t)
        ps = [((a - 1) * zi - tau) ** (1 / (a - 1)) for zi in zS]
        return (a - 1) / a * sp.Add(*[pi * zi for pi, zi in zip(ps, zS)]) + (1 + tau) / (a * (a - 1))

    def threshold_convention(self, t):
        return (self.alpha - 1) * t - 1 / self.alpha

    def check_convexity(self) -> FactResult:
        ok, how = is_zero(sp.powsimp(self.d2g - P ** (self.alpha - 2)))
        return FactResult("convexity", ok, f"g''(p) = p^(alpha-2) > 0 on (0, 1] for alpha > 1 ({how})")

    def __repr__(self):
        return f"Tsallis(alpha={self.alpha})"


class Gini(Tsallis):
    r"""Gini negentropy (Tsallis α = 2).

    .. math::

        \Omega(p) = \tfrac12\big(\lVert p\rVert^2 - 1\big),\qquad g(p) = \tfrac12(p^2 - p),\qquad
        (g')^{-1}(u) = u + \tfrac12 .

    The map is sparsemax, the margin 1, and on each support S
    :math:`\Omega^*(z) = \tfrac12\sum_{i\in S}(z_i^2-\tau^2)+\tfrac12 = \tfrac12\lVert z\rVert^2 -
    \tfrac12\lVert\mathrm{sparsemax}(z)-z\rVert^2+\tfrac12` with τ = t - 1/2 the sparsemax
    threshold.

    References
    ----------
    Martins & Astudillo, "From softmax to sparsemax", ICML 2016; Hu et al., "On sparse modern
    Hopfield model", NeurIPS 2023.
    """

    name = "Gini"

    def __init__(self):
        super().__init__(2)

    def known_value(self, zS, t, n):
        tau = self.threshold_convention(t)
        return sp.Rational(1, 2) * sp.Add(*[zi**2 - tau**2 for zi in zS]) + sp.Rational(1, 2)

    def __repr__(self):
        return "Gini()"


class Separable(Regulariser):
    r"""Any separable negentropy given by its generator.

    .. math::

        \Omega(p) = \sum_{i=1}^{n} g(p_i) \quad\text{on } \Delta^n .

    Parameters
    ----------
    g : sympy.Expr
        Expression in ``p`` only (a non-separable Ω cannot be written this way; other free
        symbols raise :class:`UnsupportedRegulariser`).  Text is never converted here; use
        :meth:`from_string`.
    p : sympy.Symbol
        The variable of g.  It is replaced by a positive symbol.
    timeout : float
        Seconds allowed for each SymPy ``solve``/``solveset`` call (run in a forked process).

    Notes
    -----
    **Hypotheses** (checked at construction; failures raise :class:`UnsupportedRegulariser`):

    * g is real and finite on (0, 1], with a finite limit g(0⁺) unless g'(0⁺) = -∞;
    * g is strictly convex on (0, 1): g'' > 0 except at isolated points (proved with
      ``solveset`` when possible, otherwise checked at 999 grid points in 30-digit
      arithmetic and said so in the attribute ``note``);
    * g'(p) = u has a closed-form inverse on (0, 1] found by ``solve`` (the branch is the
      one that reproduces p at sample points).

    References
    ----------
    Blondel, Martins & Niculae, JMLR 2020, Prop. 4 (separable threshold form).
    """

    name = "Separable"

    def __init__(self, g, p, *, timeout: float = 10.0):
        if isinstance(g, str):
            raise TypeError("g must be a SymPy expression; to parse text use Separable.from_string(text)")
        if not isinstance(g, sp.Basic):
            if isinstance(g, numbers.Number):
                g = sp.nsimplify(g) if isinstance(g, float) else sp.Integer(g)
            else:
                raise TypeError(f"g must be a SymPy expression; got {type(g).__name__}")
        if not isinstance(p, sp.Symbol):
            raise TypeError(f"p must be a SymPy Symbol; got {type(p).__name__}")
        if not isinstance(g, sp.Expr):
            raise TypeError(f"g must be a SymPy expression in {p}; got {type(g).__name__} {_short(g)}")
        undefined = g.atoms(AppliedUndef)
        if undefined:
            raise TypeError(
                f"g must be an explicit expression in {p}; {_short(sorted(undefined, key=str)[0])} is an undefined "
                "function (write g out, e.g. p*log(p))"
            )
        extra = g.free_symbols - {p}
        if extra:
            raise UnsupportedRegulariser(
                "Omega must be separable, Omega(p) = sum_i g(p_i) with g a function of one variable "
                f"{p}; g also depends on {sorted(map(str, extra))}. Non-separable regularisers are "
                "outside the reach of the conjugate engine."
            )
        gP = g.subs(p, P)
        h, g0, dg0, note = _analyse(gP, timeout)
        super().__init__(gP, 0, h, g0, dg0, note=note)

    @classmethod
    def from_string(cls, text: str, variable: str = "p", *, timeout: float = 10.0) -> "Separable":
        """Build from text with a restricted parser (nothing is evaluated).

        Accepted: numbers, the variable, ``+ - * / ^ **``, parentheses and ``log``, ``exp``,
        ``sqrt``.  Anything else (names, attributes, strings, calls of other functions)
        raises ``ValueError`` before any SymPy object is built from it.
        """
        g = parse_scalar_function(text, variable=variable, symbol=P)
        return cls(g, P, timeout=timeout)


# ------------------------------------------------------------------------------ helpers


def _as_expr(v, what: str) -> sp.Expr:
    """A SymPy expression from an expression or a number; text is refused, never sympified."""
    if isinstance(v, sp.Basic):
        return v
    if isinstance(v, bool) or not isinstance(v, numbers.Number):
        raise TypeError(
            f"{what} must be a SymPy expression or a number; got {type(v).__name__} "
            "(to read text use Separable.from_string)"
        )
    if isinstance(v, numbers.Integral):
        return sp.Integer(int(v))
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    if isinstance(v, numbers.Real):
        return sp.Float(float(v))
    raise TypeError(f"{what} must be real; got {v!r}")


def _parse_alpha(alpha):
    if isinstance(alpha, sp.Symbol):
        if not alpha.is_positive:
            raise ValueError(
                f"a symbolic alpha must be declared positive, e.g. Symbol('{alpha}', positive=True); "
                f"got {alpha!r} without that assumption"
            )
        return alpha
    if isinstance(alpha, bool):
        raise TypeError("alpha must be a number, a str such as '3/2', or a positive Symbol; got bool")
    if isinstance(alpha, str):
        a = _alpha_from_text(alpha)
    elif isinstance(alpha, sp.Rational):
        a = alpha
    elif isinstance(alpha, numbers.Integral):
        a = sp.Integer(int(alpha))
    elif isinstance(alpha, Fraction):
        a = sp.Rational(alpha.numerator, alpha.denominator)
    elif isinstance(alpha, (float, sp.Float)):
        f = float(alpha)
        if not math.isfinite(f):
            raise ValueError(f"alpha must be finite; got {f}")
        exact = sp.Rational(f)
        simple = sp.nsimplify(f, rational=True)
        if simple != exact:
            raise ValueError(
                f"alpha = {f!r} is not exactly a simple rational in binary floating point "
                f"(the float equals {exact}); pass alpha as a string or Rational, e.g. '{simple}'"
            )
        a = exact
    else:
        raise TypeError(f"alpha must be a number, a str such as '3/2', or a positive Symbol; got {type(alpha).__name__}")
    if a <= 1:
        raise ValueError(f"alpha must be > 1 (alpha = 1 is Shannon(), use that); got {_short(a, 40)}")
    return a


def _alpha_from_text(text: str) -> sp.Rational:
    """``'3/2'``, ``'1.25'`` or ``'2.5e-1'`` read exactly, with the literal sizes bounded."""
    parts = text.strip().split("/")
    hint = "write a rational such as '3/2' or '1.25'"
    if len(parts) > 2 or not all(parts):
        raise ValueError(f"cannot read alpha from {text[:40]!r}; {hint}")
    try:
        num, *den = (exact_decimal(t.strip(), "alpha") for t in parts)
    except ValueError as exc:
        raise ValueError(f"cannot read alpha: {exc}; {hint}") from None
    if den and den[0] == 0:
        raise ValueError(f"cannot read alpha from {text[:40]!r}: division by zero")
    return num / den[0] if den else num


_GRID = [sp.Rational(k, 1000) for k in range(1, 1000)] + [sp.Rational(1, 10**6)]


def _convexity(d2g, params=()) -> FactResult:
    if params:
        return FactResult("convexity", False, "cannot decide convexity with symbolic parameters")
    status, val = run_with_timeout(
        lambda e: sp.solveset(e <= 0, P, sp.Interval.open(0, 1)), (d2g,), 10.0
    )
    if status == "ok" and isinstance(val, sp.Set) and not isinstance(val, sp.ConditionSet):
        if val is sp.S.EmptySet or isinstance(val, sp.FiniteSet):
            return FactResult("convexity", True, f"solveset: {{p in (0,1): g''(p) <= 0}} = {val}")
        # contains an interval: find a witness
        inf, sup = val.inf, val.sup
        w = (inf + sup) / 2 if (inf.is_finite and sup.is_finite) else sp.Rational(1, 2)
        return FactResult(
            "convexity", False,
            f"g''(p) <= 0 on {val} within (0, 1) (for example g''({w}) = {sp.N(d2g.subs(P, w), 6)})",
        )
    # the grid check runs in a child process too: 1000 evaluations of a long g'' take a while
    status, val = run_with_timeout(_grid_convexity, (d2g,), 30.0)
    if status != "ok":
        return FactResult("convexity", False, f"convexity could not be decided ({status}{': ' + val if val else ''})")
    return val


def _grid_convexity(d2g) -> FactResult:
    for x in _GRID:
        try:
            v = sp.N(d2g.subs(P, x), 30)
            v = complex(v)
        except (TypeError, ValueError):
            return FactResult("convexity", False, f"g''({x}) is not a real number")
        if abs(v.imag) > 0 or not v.real > 0:
            return FactResult("convexity", False, f"g''({x}) = {v.real:.6g} <= 0 (not strictly convex)")
    return FactResult(
        "convexity", True,
        "g'' > 0 at 1000 grid points of (0, 1) in 30-digit arithmetic (no symbolic proof found)",
    )


def _short(e, n: int = 80) -> str:
    text = sp.sstr(e)
    return text if len(text) <= n else text[: n - 3] + "..."


def _point_problem(g, dg):
    """Why g or g' is not a finite real number at p = 1/7, 1/2, 1 (``""`` when it is)."""
    for x in (sp.Rational(1, 7), sp.Rational(1, 2), sp.Integer(1)):
        for what, e in (("g", g), ("g'", dg)):
            v = sp.N(e.subs(P, x), 20)
            if v.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
                return f"{what}({x}) = {_short(v)} is not a finite real number; g must be finite on (0, 1]"
            try:
                re_, im_ = (mpmath.mpmathify(t) for t in v.as_real_imag())
            except (TypeError, ValueError, AttributeError) as exc:
                return f"{what}({x}) = {_short(e.subs(P, x))} is not a number ({exc}); g must be an explicit function of p"
            if not (mpmath.isfinite(re_) and mpmath.isfinite(im_)):
                return f"{what}({x}) = {_short(v)} is not a finite real number; g must be finite on (0, 1]"
            if abs(im_) > 1e-15 * max(1, abs(re_)):
                return f"{what}({x}) = {_short(v)} is not real; g must be real on (0, 1]"
            if abs(re_) > sys.float_info.max:
                return (
                    f"{what}({x}) = {mpmath.nstr(re_, 6)} overflows double precision (largest float "
                    f"{sys.float_info.max:.3g}); the engine evaluates g in floating point"
                )
    return ""


def _monomial_link(dg):
    """``[(u/c)^(1/k)]`` when g'(p) = c p^k with numbers c, k ≠ 0 (no ``solve`` needed), else None."""
    coeff, k = dg.as_coeff_exponent(P)
    if coeff.free_symbols or k.free_symbols or k == 0 or coeff == 0:
        return None
    if sp.simplify(coeff * P**k - dg) != 0:
        return None
    return [(U / coeff) ** (1 / k)]


def _solve_link(dg):
    mono = _monomial_link(dg)
    if mono is not None:
        return mono
    return sp.solve(sp.Eq(dg, U), P, dict=False)


@functools.lru_cache(maxsize=64)
def _analyse(g: sp.Expr, timeout: float):
    """Check the hypotheses on g and return (h, g(0+), g'(0+), note)."""
    dg = sp.diff(g, P)
    # finite and real on (0, 1]; evaluated in a child process because a tower such as
    # exp(exp(exp(exp(exp(p))))) cannot be evaluated at all in reasonable time
    status, problem = run_with_timeout(_point_problem, (g, dg), min(timeout, 5.0))
    if status == "timeout":
        raise UnsupportedRegulariser(
            f"g = {_short(g)} could not be evaluated at p = 1/7, 1/2, 1 within {min(timeout, 5.0):g} s "
            "(its values are too large to compute); g must be finite on (0, 1]"
        )
    if status != "ok":
        raise UnsupportedRegulariser(f"g = {_short(g)} could not be evaluated on (0, 1] ({problem})")
    if problem:
        raise UnsupportedRegulariser(problem)
    conv = _convexity(sp.diff(g, P, 2))
    if not conv.holds:
        raise UnsupportedRegulariser(f"g = {g} is not strictly convex on (0, 1): {conv.detail}")
    status, dg0 = run_with_timeout(lambda e: sp.limit(e, P, 0, "+"), (dg,), timeout)
    if status != "ok":
        raise UnsupportedRegulariser(f"could not compute g'(0+) for g = {g} ({status}: {dg0})")
    if dg0 == sp.oo or dg0 is sp.nan or dg0 == sp.zoo or (not dg0.is_real and dg0 != -sp.oo):
        raise UnsupportedRegulariser(f"g'(0+) = {dg0} for g = {g}; a convex g on (0,1] needs g'(0+) < +oo, real")
    status, g0 = run_with_timeout(lambda e: sp.limit(e, P, 0, "+"), (g,), timeout)
    if status != "ok":
        raise UnsupportedRegulariser(f"could not compute g(0+) for g = {g} ({status}: {g0})")
    if dg0 != -sp.oo and not (g0.is_real and g0.is_finite):
        raise UnsupportedRegulariser(f"g(0+) = {g0} is not finite although g'(0+) = {dg0} is")
    status, sols = run_with_timeout(_solve_link, (dg,), timeout)
    if status != "ok":
        raise UnsupportedRegulariser(
            f"the scalar link g'(p) = u, with g'(p) = {dg}, could not be inverted in closed form "
            f"by SymPy ({status}{': ' + str(sols) if sols else ''}); the engine needs (g')^(-1)"
        )
    good = []
    for cand in sols:
        try:
            ok = all(
                abs(complex(sp.N(cand.subs(U, dg.subs(P, x)), 30)) - float(x)) < 1e-20
                for x in (sp.Rational(1, 9), sp.Rational(1, 3), sp.Rational(4, 5), sp.Integer(1))
            )
        except (TypeError, ValueError):
            ok = False
        if ok:
            good.append(cand)
    if not good:
        raise UnsupportedRegulariser(
            f"SymPy found no branch of (g')^(-1) for g'(p) = {dg} that reproduces p on (0, 1] "
            f"(candidates: {sols}); the link inverse is not available in closed form"
        )
    note = "" if "no symbolic proof" not in conv.detail else "convexity checked on a grid only: " + conv.detail
    return good[0], g0, dg0, note
