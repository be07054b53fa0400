"""Checks of blondel2020 (Fenchel–Young machinery, part 2): the threshold form of a separable
regulariser's map and its bisection bracket, the margin, the sparsity criterion."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import mpmath
import numpy as np
import sympy as sp
from hypothesis import strategies as st
from scipy.special import logsumexp

from hoptheory import symbolic
from hoptheory.backend import get_namespace
from hoptheory.bounds import blondel2020 as B
from hoptheory.maps import entmax, entmax_threshold, separable_map, separable_threshold, softmax, sparsemax

from .._framework import Observation, check, combine, inequality_check, symbolic_result
from .._strategies import seeds
from ._oracles import (
    DPS,
    SCORE_SHAPES,
    TOL_OPTIMISER,
    entmax_mp,
    host,
    log_uniform,
    ratio_search,
    scores,
    simplex_max_slsqp,
    softmax_mp,
)

EPS = float(np.finfo(np.float64).eps)


# --------------------------------------------------------------------------- generators


@dataclass(frozen=True)
class Generator:
    r"""A separable generator :math:`g` with :math:`g'`, :math:`(g')^{-1}`, :math:`g'(0^+)`, :math:`g'(1)`."""

    name: str
    alpha: float
    dg: Callable
    dg_inverse: Callable
    dg_zero: float
    dg_one: float
    g: Callable            # NumPy, for objectives
    offset: float          # the generator's threshold is (tau_pkg + offset)/(alpha - 1) (Tsallis)

    @property
    def q(self) -> float:
        return math.inf if self.name == "shannon" else 1.0 / (self.alpha - 1.0)

    def width(self, M: int) -> float:
        """The bracket width g'(1) - g'(1/M), from the declared bounds."""
        if self.name == "shannon":
            return float(B.threshold_bracket_width(dg_one=self.dg_one, dg_one_over_M=1.0 - math.log(M)).value)
        return float(B.tsallis_bracket_width(alpha=self.alpha, M=M).value)

    def tau(self, ctx, theta: np.ndarray) -> float:
        """The generator's threshold from the package (entmax threshold; Shannon: lse - 1)."""
        if self.name == "shannon":
            return float(logsumexp(theta)) - 1.0
        t = float(host(entmax_threshold(ctx.xp.asarray(theta), self.alpha)))
        return (t + self.offset) / (self.alpha - 1.0)

    def tau_mp(self, theta):
        with mpmath.workdps(DPS):
            if self.name == "shannon":
                t = [mpmath.mpf(float(v)) for v in theta]
                top = max(t)
                return top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in t)) - 1
            _, tau = entmax_mp(theta, self.alpha)
            return (tau + mpmath.mpf(self.offset)) / (mpmath.mpf(self.alpha) - 1)

    def exact_map(self, ctx, theta: np.ndarray) -> np.ndarray:
        """The package's exact algorithms: sparsemax, sort-based 1.5-entmax, entmax, softmax."""
        t = ctx.xp.asarray(theta)
        if self.name == "shannon":
            return host(softmax(t))
        if self.alpha == 2.0:
            return host(sparsemax(t))
        return host(entmax(t, self.alpha, method="sort" if self.alpha == 1.5 else "auto"))


def _pos(base):
    """The positive part by operators only (no namespace lookup inside the bisection loop)."""
    return 0.5 * (base + abs(base))


def generator(name: str, alpha: float = 1.0) -> Generator:
    """The package's Tsallis generator, the reference code's, or Shannon's."""
    a = alpha - 1.0
    if name == "shannon":
        return Generator(name, 1.0, lambda t: get_namespace(t).log(t) + 1.0,
                         lambda s: get_namespace(s).exp(s - 1.0), -math.inf, 1.0,
                         lambda t: np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0), 0.0)
    if name == "tsallis":
        return Generator(name, alpha, lambda t: (alpha * t ** a - 1.0) / (alpha * a),
                         lambda s: _pos(a * s + 1.0 / alpha) ** (1.0 / a),
                         -1.0 / (alpha * a), 1.0 / alpha,
                         lambda t: (np.clip(t, 0, None) ** alpha - t) / (alpha * a), 1.0 / alpha)
    return Generator(name, alpha, lambda t: (t ** a - 1.0) / a,
                     lambda s: _pos(1.0 + a * s) ** (1.0 / a), -1.0 / a, 0.0,
                     lambda t: (np.clip(t, 0, None) ** alpha - alpha * t) / (alpha * a), 1.0)


def _threshold_form(ctx, G: Generator, s: np.ndarray) -> np.ndarray:
    """(g')^{-1}(max(s, g'(0))), exactly 0 where s <= g'(0) (the claim's weights at theta - tau = s)."""
    inside = s > G.dg_zero
    return np.where(inside, host(G.dg_inverse(ctx.xp.asarray(np.where(inside, s, 0.0)))), 0.0)


def _alpha():
    return st.one_of(st.sampled_from([1.25, 1.5, 2.0, 3.0]), st.floats(1.05, 4.0, allow_nan=False))


def _theta(d) -> np.ndarray:
    """Scores of a draw moved to min = 1 (objectives of the simplex maps are then positive)."""
    t = scores(d["shape"], d["M"], d["scale"], d["seed"])
    return t - float(np.min(t)) + 1.0


def _delta(theta) -> float:
    """Rounding of one score of this size: 8 eps max(1, |theta|)."""
    return 8.0 * EPS * max(1.0, float(np.max(np.abs(theta))))


def _map_tol(delta: float, q: float) -> float:
    r"""Weights :math:`b^q` of a base :math:`b\in[0,1]` known to :math:`\delta`: error :math:`q\delta` for
    :math:`q\ge1`, :math:`\delta^q` for :math:`q<1` (square-root-like conditioning at the support edge)."""
    q = min(q, 1e3)
    return 4.0 * (delta * max(1.0, q) + delta ** min(1.0, q))


# --------------------------------------------------------------------------- separable-threshold

_GENS = ("tsallis", "tsallis-reference", "shannon")


@st.composite
def _gen_draw(draw):
    name = draw(st.sampled_from(_GENS))
    return dict(gen=name, alpha=1.0 if name == "shannon" else draw(_alpha()), M=draw(st.integers(2, 10)),
                shape=draw(st.sampled_from(SCORE_SHAPES)), scale=draw(log_uniform(0.1, 10.0)),
                k=draw(st.integers(0, 40)), seed=draw(seeds()))


def _gen_pinned():
    return [dict(gen=g, alpha=a, M=M, shape=sh, scale=1.0, k=k, seed=11)
            for g, a in (("tsallis", 2.0), ("tsallis-reference", 1.5), ("tsallis", 3.0), ("shannon", 1.0))
            for sh, M, k in (("uniform", 5, 0), ("one-hot", 4, 1), ("ties", 6, 7), ("spread", 3, 30))]


@functools.lru_cache(maxsize=1)
def _symbolic_generators():
    """SymPy: the two Tsallis generators differ by a linear term; their bracket widths and margins agree."""
    t = sp.Symbol("t", positive=True)
    b, M = sp.symbols("b M", positive=True)
    a = 1 + b
    g = (t ** a - t) / (a * (a - 1))
    gt = (t ** a - a * t) / (a * (a - 1))
    linear = sp.cancel(sp.diff(g - gt, t, 2)) == 0
    dg, dgt = (sp.powsimp(sp.expand(sp.diff(f, t))) for f in (g, gt))
    target = (1 - M ** (-b)) / b
    width = all(sp.cancel(sp.powsimp(sp.expand(d.subs(t, 1) - d.subs(t, 1 / M) - target))) == 0 for d in (dg, dgt))
    m1, m2 = (sp.cancel(d.subs(t, 1) - d.subs(t, 0)) for d in (dg, dgt))  # t**b -> 0 at t = 0 for b > 0
    ok = bool(linear and width and sp.cancel(m1 - m2) == 0 and sp.cancel(m1 - 1 / b) == 0)
    return ok, {"g - g~ linear": bool(linear), "width (1 - M^(1-alpha))/(alpha - 1), both": bool(width),
                "margin g'(1) - g'(0+)": str(m1), "margin of g~": str(m2), "alpha": "1 + b, b > 0"}


@check("blondel2020/separable-threshold")
def check_separable_threshold(ctx):
    """``blondel2020/separable-threshold``: threshold form, bisection bracket and its certified error.

    Generators: the package's Tsallis g, the reference code's g~ (alpha in {1.25, 1.5, 2, 3} and
    random), Shannon's t log t.  Families: all scores equal (the bracket's right end is attained),
    one-hot outputs (the left end), ties, near-ties, large spreads, Gaussian scores; k in 0..40
    halvings.  At every instance, each within its rounding tolerance: the threshold lies in the
    bracket (distances to both ends at most the width) and the normalisation residual has the
    claimed signs at the ends; the bisection map (hoptheory.maps.separable_map) equals the exact
    algorithms (sparsemax, sort-based 1.5-entmax, entmax, softmax) and, for Tsallis, the map of
    the other generator; the left end after k halvings is within width / 2^k below the
    threshold.  Violations are re-evaluated with 50-digit mpmath thresholds.  SLSQP: no simplex
    point beats the bisection map.  SymPy: g - g~ is linear, and the widths and margins agree.
    """
    def ratios(d, theta, tau, p_ex):
        G = generator(d["gen"], d["alpha"])
        M, top = theta.size, float(np.max(theta))
        delta = _delta(theta) * max(1.0, 1.0 / (G.alpha - 1.0) if G.name != "shannon" else 1.0)
        xp = ctx.xp
        W = ctx.side("bracket width g'(1) - g'(1/M)", value=G.width(M))
        lo, hi = top - G.dg_one, top - float(G.dg(np.float64(1.0 / M)))
        r_lo, r_hi = (float(np.sum(_threshold_form(ctx, G, theta - t))) - 1.0 for t in (lo, hi))
        kw = dict(dg=G.dg, dg_inverse=G.dg_inverse, dg_zero=G.dg_zero)
        p_bis = ctx.side("bisection map", value=host(separable_map(xp.asarray(theta), **kw)))
        out = {"bracket": (max(tau - lo, hi - tau) - W) / (16 * delta),
               "residual signs": max(-r_lo, r_hi) / (64 * delta * max(1.0, min(G.q, 1e3))),
               "bisection map = exact algorithm": float(np.max(np.abs(p_bis - p_ex))) / _map_tol(delta, G.q)}
        if G.name != "shannon":
            other = generator("tsallis" if G.name == "tsallis-reference" else "tsallis-reference", G.alpha)
            p_o = host(separable_map(xp.asarray(theta), dg=other.dg, dg_inverse=other.dg_inverse,
                                     dg_zero=other.dg_zero))
            p_o = ctx.side("bisection map of the other Tsallis generator", value=p_o)
            out["either Tsallis generator"] = float(np.max(np.abs(p_o - p_bis))) / _map_tol(delta, G.q)
        tk = float(host(separable_threshold(xp.asarray(theta), n_iter=d["k"], **kw)))
        bound = ctx.side("bisection error bound", value=float(B.bisection_error_bound(width=G.width(M), k=d["k"]).value))
        out["error after k halvings"] = max(tau - tk - bound, tk - tau) / (16 * delta)
        return out

    def measured(d):
        theta = _theta(d)
        G = generator(d["gen"], d["alpha"])
        d["theta"] = theta
        return ratios(d, theta, G.tau(ctx, theta), G.exact_map(ctx, theta))

    def high_precision(d):
        theta = _theta(d)
        G = generator(d["gen"], d["alpha"])
        if G.name == "shannon":
            p = np.array([float(v) for v in softmax_mp(theta)])
        else:
            p = np.array([float(v) for v in entmax_mp(theta, G.alpha)[0]])
        return ratios(d, theta, float(G.tau_mp(theta)), p)

    main = ratio_search(ctx, strategy=_gen_draw(), ratios=measured, reevaluate=high_precision, pinned=_gen_pinned(),
                        examples=max(10, ctx.profile.examples // 2),
                        distributions=["generators: package Tsallis g, reference g~ (alpha in {1.25, 1.5, 2, 3} or "
                                       "uniform on [1.05, 4]), Shannon t log t",
                                       f"scores: families {', '.join(SCORE_SHAPES)}, M in 2..10, scale "
                                       "log-uniform [0.1, 10], min 1", "halvings k in 0..40"])

    def observe_slsqp(d):
        theta = _theta(d)
        G = generator(d["gen"], d["alpha"])
        p = host(separable_map(ctx.xp.asarray(theta), dg=G.dg, dg_inverse=G.dg_inverse, dg_zero=G.dg_zero))
        f = lambda q: float(theta @ q - np.sum(G.g(q)))  # noqa: E731
        M = theta.size
        best, arg = simplex_max_slsqp(f, M, [np.full(M, 1.0 / M), np.random.default_rng(d["seed"]).dirichlet(np.ones(M))])
        return Observation(best, ctx.side("objective at the bisection map", value=f(p)), inputs={**d, "theta": theta})

    slsqp = inequality_check(ctx, strategy=_gen_draw(), observe=observe_slsqp, explicit=_gen_pinned()[::4],
                             examples=max(4, ctx.profile.examples // 10), atol=TOL_OPTIMISER.atol,
                             rtol=TOL_OPTIMISER.rtol, distributions=["as the main part; SLSQP from two starts"])
    ok, detail = _symbolic_generators()
    return combine(ctx, [("threshold form, bracket, residual signs, exact algorithms, k halvings", main),
                         ("no simplex point beats the bisection map (SLSQP)", slsqp),
                         ("two Tsallis generators (SymPy)", symbolic_result(ctx, ok, detail))])


# --------------------------------------------------------------------------- margin

#: Rational Tsallis indices of the exact vertex test (their margins 4, 3, 2, 4/3, 1, 2/3, 1/2).
_RATIONAL_ALPHAS = (Fraction(5, 4), Fraction(4, 3), Fraction(3, 2), Fraction(7, 4), Fraction(2), Fraction(5, 2),
                    Fraction(3))
_GAMMAS = (Fraction(3, 2), Fraction(2), Fraction(3))


@functools.lru_cache(maxsize=None)
def _normmax_vertex_margin(gamma: Fraction) -> Fraction:
    r""":math:`\partial_k\Omega(e_k)-\partial_j\Omega(e_k)` for :math:`\Omega=\lVert p\rVert_\gamma-1` (one-sided
    limits in SymPy): the vertex condition of the margin for a non-separable regulariser."""
    h = sp.Symbol("h", positive=True)
    g = sp.Rational(gamma.numerator, gamma.denominator)
    own = sp.limit(((1 + h) ** g) ** (1 / g) / h - 1 / h, h, 0, "+")
    other = sp.limit(((1 + h ** g) ** (1 / g) - 1) / h, h, 0, "+")
    return Fraction(str(sp.nsimplify(own - other)))


@st.composite
def _vertex_draw(draw):
    fam = draw(st.sampled_from(["tsallis", "tsallis", "normmax"]))
    if fam == "tsallis":
        index = draw(st.one_of(st.sampled_from(_RATIONAL_ALPHAS),
                               st.tuples(st.integers(1, 12), st.integers(1, 8)).map(lambda t: 1 + Fraction(t[1], t[0] + t[1]) * 3)))
    else:
        index = draw(st.sampled_from(_GAMMAS))
    return dict(family=fam, index=index, M=draw(st.integers(2, 8)), eps=draw(st.sampled_from(
        [Fraction(1, 2), Fraction(1, 16), Fraction(1, 1024), Fraction(1, 10**9)])), seed=draw(seeds()))


def _margin_sides(ctx, d):
    """(sufficiency side, minimality side): the claimed margin, exact (a Fraction)."""
    if d["family"] == "normmax":
        lam = _normmax_vertex_margin(d["index"])
        name = "normmax margin from the vertex condition"
    else:
        lam = Fraction(str(B.tsallis_margin.sympy(alpha=d["index"])))
        name = "Tsallis margin 1/(alpha - 1)"
    return (ctx.side(f"{name} (sufficiency)", value=lam), ctx.side(f"{name} (minimality)", value=lam, kind="lower"))


def _vertex_scores(d, top: Fraction) -> list[Fraction]:
    """Rational scores: index 0 at ``top``, a runner-up at exactly 0, the rest in [-3, 0]."""
    rng = np.random.default_rng(d["seed"])
    rest = [Fraction(-int(v), 64) for v in rng.integers(0, 193, size=d["M"] - 2)]
    return [Fraction(top), Fraction(0)] + rest


def _one_hot_exact(d, theta: list[Fraction]) -> bool:
    r"""Whether the map at ``theta`` is :math:`e_0`, exactly: at the vertex threshold the
    normalisation holds iff every other base is :math:`\le0` (Tsallis:
    :math:`\tau=(\alpha-1)\theta_0-1`, bases :math:`(\alpha-1)\theta_j-\tau`; normmax: :math:`\tau=\theta_0-1`,
    bases :math:`\theta_j-\tau`, from :math:`\sum_i[\theta_i-\tau]_+^{\gamma/(\gamma-1)}=1`)."""
    a = Fraction(d["index"]) - 1 if d["family"] == "tsallis" else Fraction(1)
    tau = a * theta[0] - 1
    return all(a * t - tau <= 0 for t in theta[1:])


def _margin_failures(ctx, d, package: bool):
    suff, mini = _margin_sides(ctx, d)
    fails = []
    at = _vertex_scores(d, Fraction(suff))
    below = _vertex_scores(d, Fraction(mini) - Fraction(d["eps"]) * Fraction(mini))
    if not _one_hot_exact(d, at):
        fails.append("not one-hot at gap lambda (exact)")
    if _one_hot_exact(d, below):
        fails.append("one-hot at gap lambda - eps (exact)")
    alpha = float(d["index"])
    if package and d["family"] == "tsallis" and float(Fraction(suff)) == Fraction(suff) and alpha >= 1.25:
        # the package at exactly representable scores (float64 entmax, its own threshold algorithm)
        q = 1.0 / (alpha - 1.0)
        tol = _map_tol(_delta(np.array([float(v) for v in at])), q)
        p = host(entmax(ctx.xp.asarray(np.array([float(v) for v in at])), alpha))
        if np.max(p[1:]) > tol:
            fails.append("package not one-hot at gap lambda")
        if d["eps"] >= Fraction(1, 16):
            pb = host(entmax(ctx.xp.asarray(np.array([float(v) for v in below])), alpha))
            if pb[1] <= tol:
                fails.append("package one-hot at gap lambda - eps")
    return fails


def _margin_from_map(ctx, alpha: float, scaled: bool) -> float:
    """Smallest gap at which the package's map of the single row [gap, 0] is one-hot (bisection, 40 steps).

    Single rows: on batches of such rows the package's entmax was seen to drop a runner-up of
    weight up to 2e-6 (alpha = 3.7), which the mpmath re-evaluation then discards.
    """
    lo, hi = 0.0, 4.0 * alpha / (alpha - 1.0)
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        row = np.array([mid, 0.0]) / (alpha if scaled else 1.0)
        if host(entmax(ctx.xp.asarray(row), alpha))[1] == 0.0:
            hi = mid
        else:
            lo = mid
    return hi


def _margin_from_map_mp(alpha: float, scaled: bool) -> float:
    lo, hi = mpmath.mpf(0), 4 * mpmath.mpf(alpha) / (mpmath.mpf(alpha) - 1)
    with mpmath.workdps(DPS):
        for _ in range(45):
            mid = (lo + hi) / 2
            p, _ = entmax_mp([mid / (alpha if scaled else 1), 0], alpha)
            lo, hi = (lo, mid) if p[1] == 0 else (mid, hi)
    return float(hi)


@functools.lru_cache(maxsize=1)
def _symbolic_margins():
    """SymPy: g'(1) - g'(0+) for the Tsallis family (alpha = 1 + b) and Gini; Shannon has g'(0+) = -oo."""
    t = sp.Symbol("t", positive=True)
    b = sp.Symbol("b", positive=True)
    dg = sp.powsimp(sp.expand(sp.diff((t ** (1 + b) - t) / ((1 + b) * b), t)))
    tsallis = sp.cancel(dg.subs(t, 1) - dg.subs(t, 0))
    gini = sp.diff((t ** 2 - t) / 2, t)
    shannon0 = sp.limit(sp.diff(t * sp.log(t), t), t, 0, "+")
    ok = sp.cancel(tsallis - 1 / b) == 0 and gini.subs(t, 1) - gini.subs(t, 0) == 1 and shannon0 == -sp.oo
    soft = [softmax_mp([G, 0])[1] for G in (1, 10, 100, 1000)]
    ok = ok and all(v > 0 for v in soft)
    return bool(ok), {"Tsallis g'(1) - g'(0+), alpha = 1 + b": str(tsallis), "Gini": str(gini.subs(t, 1) - gini.subs(t, 0)),
                      "Shannon g'(0+)": str(shannon0),
                      "softmax runner-up at gaps 1, 10, 100, 1000 (50 digits)": [mpmath.nstr(v, 5) for v in soft]}


@check("blondel2020/margin")
def check_margin(ctx):
    """``blondel2020/margin``: the margin g'(1) - g'(0) of a separable regulariser; Tsallis 1/(alpha - 1).

    Vertex part, in exact rational arithmetic: Tsallis (rational alpha in (1, 4]) and gamma-normmax
    (a non-separable regulariser, margin 1 from the vertex condition, one-sided derivatives in
    SymPy); scores with the runner-up at gap exactly lambda (the output is e_k: the normalisation
    holds at the vertex threshold with every other base <= 0) and at gap lambda (1 - eps), eps in
    {1/2, 1/16, 2^-10, 1e-9} (it is not); the package's entmax at the same, exactly representable
    scores.  Map part: the smallest one-hot gap of the package's entmax (bisection on single rows, 40 halvings)
    against g'(1) - g'(0) of both generators, 1/(alpha - 1), and alpha/(alpha - 1) for the scaling
    alpha Omega_alpha (map entmax(theta / alpha)), re-evaluated by mpmath bisection.  SymPy:
    g'(1) - g'(0+) = 1/(alpha - 1) for symbolic alpha, 1 for Gini, g'(0+) = -oo for Shannon, and
    the softmax runner-up stays positive at gaps up to 1000 (no finite margin).
    """
    def observe_vertex(d):
        fails = _margin_failures(ctx, d, package=True)
        return Observation(float(len(fails)), 0.5, inputs=dict(d), note="; ".join(fails))

    def reeval_vertex(o):
        return float(len(_margin_failures(ctx, o.inputs, package=False))), 0.5

    pinned = [dict(family=f, index=i, M=M, eps=e, seed=3) for f, i in
              [("tsallis", a) for a in _RATIONAL_ALPHAS] + [("normmax", g) for g in _GAMMAS]
              for M, e in ((2, Fraction(1, 2)), (5, Fraction(1, 10**9)))]
    vertex = inequality_check(ctx, strategy=_vertex_draw(), observe=observe_vertex, reevaluate=reeval_vertex,
                              explicit=pinned, examples=max(10, ctx.profile.examples // 2), atol=0.0, rtol=0.0,
                              distributions=["Tsallis: alpha in {5/4, 4/3, 3/2, 7/4, 2, 5/2, 3} or 1 + 3 j/(i + j); "
                                             "normmax: gamma in {3/2, 2, 3}", "M in 2..8, other scores k/64 in [-3, 0]",
                                             "eps in {1/2, 1/16, 1/1024, 1e-9} (relative)"])

    def sides(alpha):
        gens = [generator("tsallis", alpha), generator("tsallis-reference", alpha)]
        return {"g'(1) - g'(0) (package generator)": ctx.side("g'(1) - g'(0) (package generator)", value=float(
                    B.separable_margin(dg_one=gens[0].dg_one, dg_zero=gens[0].dg_zero).value)),
                "g'(1) - g'(0) (reference generator)": ctx.side("g'(1) - g'(0) (reference generator)", value=float(
                    B.separable_margin(dg_one=gens[1].dg_one, dg_zero=gens[1].dg_zero).value)),
                "1/(alpha - 1)": ctx.side("margin 1/(alpha - 1)", value=float(B.tsallis_margin(alpha=alpha).value))}

    def ratio(alpha, lam, lam_scaled):
        out = {k: abs(lam - v) for k, v in sides(alpha).items()}
        out["alpha/(alpha - 1)"] = abs(lam_scaled - ctx.side("margin alpha/(alpha - 1) of alpha Omega_alpha", value=float(
            B.tsallis_margin_alpha_scaled(alpha=alpha).value)))
        return max(out.values()) / (1e-10 * max(1.0, lam_scaled)), max(out, key=out.get)

    def observe_map(alpha):
        r, which = ratio(alpha, _margin_from_map(ctx, alpha, False), _margin_from_map(ctx, alpha, True))
        return Observation(r, 1.0, inputs={"alpha": alpha}, note=f"largest deviation: {which}")

    def reeval_map(o):
        a = o.inputs["alpha"]
        return ratio(a, _margin_from_map_mp(a, False), _margin_from_map_mp(a, True))[0], 1.0

    from_map = inequality_check(ctx, strategy=_alpha(), observe=observe_map, reevaluate=reeval_map,
                                explicit=[1.5, 3.0], examples=max(2, ctx.profile.examples // 40),
                                atol=0.0, rtol=0.0, distributions=["alpha in {1.25, 1.5, 2, 3} or uniform on [1.05, 4]",
                                                                   "scores [gap, 0] and [gap, 0]/alpha"])
    ok, detail = _symbolic_margins()
    return combine(ctx, [("vertex condition at gap lambda and lambda (1 - eps), exact", vertex),
                         ("margin from the map = g'(1) - g'(0) = 1/(alpha - 1); alpha/(alpha - 1) scaled", from_map),
                         ("g'(1) - g'(0+) in SymPy; softmax has no finite margin", symbolic_result(ctx, ok, detail))])


# --------------------------------------------------------------------------- sparsity-criterion


@functools.lru_cache(maxsize=1)
def _symbolic_dg0():
    """SymPy: g'(0+) as a one-sided limit from g, per family, against the regulariser's recorded g'(0+)."""
    p = symbolic.Shannon().p
    fams = {"Shannon": symbolic.Shannon(), "Tsallis 5/4": symbolic.Tsallis("5/4"), "Tsallis 3/2": symbolic.Tsallis("3/2"),
            "Gini": symbolic.Gini(), "Tsallis 3": symbolic.Tsallis(3)}
    out, ok = {}, True
    for name, reg in fams.items():
        lim = sp.limit(sp.diff(reg.g, p), p, 0, "+")
        finite = bool(lim.is_finite)
        same = lim == reg.dg0 if not finite else sp.simplify(lim - reg.dg0) == 0
        ok = ok and bool(same) and finite == (name != "Shannon")
        out[name] = str(lim)
    b = sp.Symbol("b", positive=True)
    dg = sp.powsimp(sp.expand(sp.diff((p ** (1 + b) - p) / ((1 + b) * b), p)))
    sym = sp.cancel(dg.subs(p, 0))
    ok = ok and bool(sym.is_finite) and sp.cancel(sym + 1 / (b * (b + 1))) == 0
    out["Tsallis alpha = 1 + b"] = str(sym)
    return bool(ok), out


@st.composite
def _sparse_draw(draw):
    fam = draw(st.sampled_from(["tsallis", "tsallis", "shannon"]))
    return dict(family=fam, alpha=1.0 if fam == "shannon" else draw(_alpha()), M=draw(st.integers(2, 12)),
                shape=draw(st.sampled_from(SCORE_SHAPES + ("large-gaps",))), scale=draw(log_uniform(0.1, 10.0)),
                seed=draw(seeds()))


def _sparse_theta(d) -> np.ndarray:
    if d["shape"] == "large-gaps":
        rng = np.random.default_rng(d["seed"])
        lam = 1.0 if d["family"] == "shannon" else 1.0 / (d["alpha"] - 1.0)
        return -np.cumsum(rng.uniform(1.0, 50.0, size=d["M"])) * lam * d["scale"]
    return scores(d["shape"], d["M"], d["scale"], d["seed"])


def _mismatches(ctx, d, theta, p, tau, dg0_tol):
    """Coordinates where 'p_i = 0' and 'theta_i - tau <= g'(0)' disagree (those within the rounding
    tolerance of the boundary are skipped), and the number of zeros."""
    G = generator("tsallis", d["alpha"])
    dg0 = ctx.side("g'(0) of the Tsallis generator", value=G.dg_zero)
    s = theta - tau - dg0
    zero = p == 0
    clear = np.abs(s) > dg0_tol
    return int(np.sum(clear & (zero != (s <= 0)))), int(np.sum(zero))


@check("blondel2020/sparsity-criterion")
def check_sparsity_criterion(ctx):
    """``blondel2020/sparsity-criterion``: the map can output zeros iff g'(0) > -infinity.

    SymPy: g'(0+) as the one-sided limit of g' for Shannon (-oo), Tsallis alpha in {5/4, 3/2, 2, 3}
    and symbolic alpha = 1 + b (finite), against the regulariser's recorded value.  Numeric:
    Tsallis (alpha in {1.25, 1.5, 2, 3} and random) on the score families plus scores with
    gaps of 1 to 50 margins; the package's zeros are exactly the coordinates with
    theta_i - tau <= g'(0) (tau the generator's threshold), re-evaluated with the 50-digit mpmath
    oracle; softmax in 50-digit arithmetic has no zero coordinate at any gap (the float64 zeros
    of underflow are counted apart, as evidence).
    """
    counts = {"tsallis instances with zeros": 0, "tsallis instances": 0, "float64 softmax underflow zeros": 0}

    def observe(d):
        theta = _sparse_theta(d)
        if d["family"] == "shannon":
            counts["float64 softmax underflow zeros"] += int(np.sum(host(softmax(ctx.xp.asarray(theta))) == 0.0))
            return Observation(float(sum(v == 0 for v in softmax_mp(theta))), 0.5, inputs={**d, "theta": theta},
                               note="zero coordinates of softmax in 50-digit arithmetic")
        G = generator("tsallis", d["alpha"])
        p = host(entmax(ctx.xp.asarray(theta), d["alpha"]))
        tol = 64 * _delta(theta) / (d["alpha"] - 1.0)
        bad, zeros = _mismatches(ctx, d, theta, p, G.tau(ctx, theta), tol)
        counts["tsallis instances"] += 1
        counts["tsallis instances with zeros"] += zeros > 0
        return Observation(float(bad), 0.5, inputs={**d, "theta": theta},
                           note="coordinates where p_i = 0 and theta_i - tau <= g'(0) disagree")

    def reevaluate(o):
        d = o.inputs
        theta = np.asarray(d["theta"])
        if d["family"] == "shannon":
            return float(sum(v == 0 for v in softmax_mp(theta))), 0.5
        G = generator("tsallis", d["alpha"])
        p_mp, _ = entmax_mp(theta, d["alpha"])
        p = np.array([0.0 if v == 0 else 1.0 for v in p_mp])
        return float(_mismatches(ctx, d, theta, p, float(G.tau_mp(theta)), 1e-30)[0]), 0.5

    pinned = [dict(family=f, alpha=a, M=M, shape=sh, scale=1.0, seed=5)
              for f, a in (("tsallis", 1.5), ("tsallis", 2.0), ("tsallis", 3.0), ("shannon", 1.0))
              for sh, M in (("large-gaps", 6), ("gaussian", 10), ("ties", 8))]
    numeric = inequality_check(ctx, strategy=_sparse_draw(), observe=observe, reevaluate=reevaluate, explicit=pinned,
                               atol=0.0, rtol=0.0, extra_evidence={"counts": counts},
                               distributions=["Tsallis alpha in {1.25, 1.5, 2, 3} or uniform on [1.05, 4]; Shannon",
                                              f"scores: families {', '.join(SCORE_SHAPES)}, large gaps (1 to 50 "
                                              "margins), M in 2..12, scale log-uniform [0.1, 10]"])
    ok, detail = _symbolic_dg0()
    parts = [("zeros exactly where theta_i - tau <= g'(0); none for softmax (50 digits)", numeric),
             ("g'(0+) per family (SymPy)", symbolic_result(ctx, ok, detail))]
    if counts["tsallis instances with zeros"] == 0:
        parts.append(("sparse outputs occur", ctx.result("inconclusive", {"counts": counts},
                                                         notes="no Tsallis instance had a zero coordinate")))
    return combine(ctx, parts)
