r"""Checks of the spherical-code claims of Hu, Wu, Liu (NeurIPS 2024): optimal capacity (reported),
the bounds on the optimal minimal separation and the code-capacity correspondence.

Oracles (never the package's own floating-point geometry):

* the published optima of the minimal separation :math:`\Delta^\star_{\min}(M,d)` — Tammes
  optima in :math:`d=3`, the regular simplex :math:`M/(M-1)` for :math:`M\le d+1`, Rankin's
  orthoplex range :math:`1` for :math:`d+2\le M\le2d`, the regular polygons
  :math:`1-\cos(2\pi/M)` in :math:`d=2` — exact or at 50 digits;
* exact rational Gram matrices of the simplex and the orthoplex, 50-digit Gram matrices of the
  Tammes codes (:mod:`._codes`);
* for the retrieval maps, the one-hot condition of :math:`\alpha`-entmax in exact arithmetic
  (:math:`p=e_\mu` iff :math:`\theta_\mu-\theta_\nu\ge\lambda_\Omega=1/(\alpha-1)` for every :math:`\nu`)
  and :math:`\alpha`-entmax by bisection at 50 digits (:func:`_mp_entmax`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import models, sampling
from hoptheory.bounds import spherical_codes as S

from .._framework import Context, Observation, check, combine, inequality_check
from .._instances import TOL_IDENTITY, random_rotation
from ..kabatiansky1978.rates import rate_table
from ._codes import DPS, host, mp_gram, mp_min_separation, orthoplex_gram, simplex_gram

__all__: list[str] = []

#: Relative distance of the two inverse temperatures around the threshold: ``beta* (1 +- ETA)``.
#: At ``1 - ETA`` the smallest entmax weight that appears is about ``(ETA / M) ** (1 / (alpha - 1))``,
#: far above float64 rounding for the indices ``alpha >= 3/2`` drawn here.
ETA = Fraction(1, 1000)
_ALPHAS = (Fraction(2), Fraction(3, 2), Fraction(3), Fraction(5, 2), Fraction(4))


# =========================================================================== separation bounds


def _golden(family: str, d: int, M: int):
    r"""The published optimum :math:`\Delta^\star_{\min}(M,d)` (Fraction or 50-digit mpf)."""
    if family == "simplex range":  # M <= d + 1: the regular simplex on M points, cos = -1/(M-1)
        return Fraction(M, M - 1)
    if family == "orthoplex range":  # d + 2 <= M <= 2d: Rankin, attained by subsets of the orthoplex
        return Fraction(1)
    with mpmath.workdps(DPS):
        if family == "regular polygons":  # d = 2: the regular M-gon
            return 1 - mpmath.cos(2 * mpmath.pi / M)
        return 1 - mpmath.cos(mpmath.radians(mpmath.mpf(sampling.TAMMES_ANGLES_DEGREES[M])))  # Tammes, d = 3


def _golden_case(draw):
    """(family, d, M) of a draw (family, k1, k2) with d and M in the family's range."""
    family, k1, k2 = draw
    if family == "regular polygons":
        return family, 2, 2 + k2 % 10_000
    if family == "Tammes optima":
        return family, 3, sorted(sampling.TAMMES_ANGLES_DEGREES)[k2 % 5]
    d = 2 + k1 % 10_000
    if family == "simplex range":
        return family, d, 2 + k2 % d
    return family, d, d + 2 + k2 % (d - 1)


def _golden_part(ctx: Context, which: str):
    """Part: lower bound <= published optimum (``which="lower"``) or optimum <= upper bound."""
    bnd = S.khm_separation_lower_bound if which == "lower" else S.khm_separation_upper_bound

    def observe(draw):
        family, d, M = _golden_case(draw)
        b = ctx.side(bnd.name, value=float(bnd(M, d).value), kind=which)
        return Observation(float(_golden(family, d, M)), b, trivial=0.0 if which == "lower" else 2.0,
                           inputs={"family": family, "d": d, "M": M})

    def reevaluate(o):
        d, M = o.inputs["d"], o.inputs["M"]
        return float(_golden(o.inputs["family"], d, M)), ctx.side(bnd.name, value=float(bnd.mp(M=M, d=d)), kind=which)

    pinned = [("Tammes optima", 0, k) for k in range(5)]
    pinned += [(fam, d - 2, k) for fam in ("simplex range", "orthoplex range") for d in (2, 3, 4, 8, 50, 3000)
               for k in (0, d - 2)]
    pinned += [("regular polygons", 0, M - 2) for M in (2, 3, 4, 6, 1000)]
    fam = st.sampled_from(("regular polygons", "Tammes optima", "simplex range", "orthoplex range"))
    return inequality_check(
        ctx, strategy=st.tuples(fam, st.integers(0, 10**6), st.integers(0, 10**6)), observe=observe,
        reevaluate=reevaluate, kind="upper" if which == "upper" else "lower", explicit=pinned,
        examples=max(10, ctx.profile.examples // 4),
        distributions=["published optima: Tammes (d = 3), simplex M <= d + 1, orthoplex range d + 2 <= M <= 2d, "
                       "regular polygons (d = 2); d up to 10^4"],
        reproduce=(f"from hoptheory.bounds.spherical_codes import {bnd.name}\n"
                   "import math\nfrom hoptheory.sampling import TAMMES_ANGLES_DEGREES as T\n"
                   "d, M, fam = ce['d'], ce['M'], ce['family']\n"
                   "lhs = {'simplex range': M / (M - 1), 'orthoplex range': 1.0}.get(fam) or "
                   "(1 - math.cos(2 * math.pi / M) if fam == 'regular polygons' else 1 - math.cos(math.radians(T[M])))\n"
                   f"rhs = float({bnd.name}(M, d).value)"))


@functools.lru_cache(maxsize=32)
def _found_code(d: int, M: int, seed: int) -> np.ndarray:
    return host(sampling.optimise_code(d, M, seed=seed, steps=250))


def _optimiser_part(ctx: Context):
    """Part: codes found by the optimiser never exceed the upper bound (d = 3..8)."""

    def code(draw):
        d, k, seed = draw
        M = d + 2 + k % (3 * d)
        return d, M, _found_code(d, M, seed)

    def observe(draw):
        d, M, U = code(draw)
        up = ctx.side(S.khm_separation_upper_bound.name, value=float(S.khm_separation_upper_bound(M, d).value))
        return Observation(sampling.min_separation_unit(U), up, trivial=2.0, inputs={"d": d, "M": M, "U": U})

    def reevaluate(o):
        d, M = o.inputs["d"], o.inputs["M"]
        up = float(S.khm_separation_upper_bound.mp(M=M, d=d))
        return float(mp_min_separation(o.inputs["U"])), ctx.side(S.khm_separation_upper_bound.name, value=up)

    rng = ctx.rng("optimiser codes")
    pinned = [(d, k, int(rng.integers(0, 2**31 - 1))) for d in (4, 6, 8) for k in (0, 3 * d)]
    rows = []
    for d, k, seed in pinned:
        d, M, U = code((d, k, seed))
        found = sampling.min_separation_unit(U)
        rows.append({"d": d, "M": M, "found": found,
                     "found_over_upper": found / float(S.khm_separation_upper_bound(M, d).value),
                     "found_over_lower": found / float(S.khm_separation_lower_bound(M, d).value)})
    part = inequality_check(
        ctx, strategy=st.tuples(st.integers(3, 8), st.integers(0, 40), st.integers(0, 2**31 - 1)), observe=observe,
        reevaluate=reevaluate, explicit=pinned, examples=max(4, ctx.profile.examples // 20),
        distributions=["optimise_code(d, M), d = 3..8, d + 2 <= M <= 4d + 1"],
        reproduce=("import numpy as np\nfrom hoptheory.sampling import min_separation_unit\n"
                   "from hoptheory.bounds.spherical_codes import khm_separation_upper_bound\n"
                   "lhs = min_separation_unit(np.array(ce['U']))\n"
                   "rhs = float(khm_separation_upper_bound(ce['M'], ce['d']).value)"))
    return part, rows


def _upper_at_least_two() -> dict:
    """Reported: for d = 2..12 the sizes M >= 2 at which the upper bound is at least the trivial 2."""
    out = {}
    for d in range(2, 13):
        Ms = np.arange(2, 64)
        up = np.asarray(S.khm_separation_upper_bound(Ms, d).value)
        out[d] = [int(Ms[0]), int(Ms[up >= 2].max())] if bool(np.any(up >= 2)) else None
    return out


@check("hu2024khm/separation-bounds")
def check_separation_bounds(ctx):
    r"""``hu2024khm/separation-bounds``: lower :math:`\le\Delta^\star_{\min}(M,d)\le` upper at every published optimum.

    Families: Tammes optima (:math:`d=3`), the simplex range :math:`M\le d+1`, Rankin's orthoplex
    range, regular polygons (:math:`d=2`), :math:`d` up to :math:`10^4`; and codes found by the
    optimiser (:math:`d=3..8`) against the upper bound.  Oracles: the optima exact or at 50
    digits, the bounds at 50 digits (``Bound.mp``), 50-digit Gram matrices of the found codes.
    Reported: the gap ratios of the found codes and, for :math:`d=2..12`, the range of :math:`M`
    where the upper bound is at least the trivial value 2.
    """
    opt, rows = _optimiser_part(ctx)
    parts = [("lower bound <= published optimum", _golden_part(ctx, "lower")),
             ("published optimum <= upper bound", _golden_part(ctx, "upper")),
             ("optimiser codes <= upper bound", opt),
             ("gap ratios and vacuity range (reported)",
              {"optimiser codes": rows, "M range with upper bound >= 2, by d": _upper_at_least_two()})]
    return combine(ctx, parts)


# =========================================================================== code-capacity correspondence


@dataclass(frozen=True)
class CodeCase:
    """One instance: a known code, the sphere radius ``m``, the radius fraction ``f`` and the map index."""

    family: str      # "simplex", "orthoplex" (size = d) or "tammes" (size = M in d = 3)
    size: int
    m: Fraction
    f: Fraction      # r = f * m (1 - cos theta) / 2, so that beta* = lambda / (m^2 (1 - cos theta) (1 - f))
    alpha: Fraction  # 2: sparsemax
    seed: int


@functools.lru_cache(maxsize=64)
def _code(family: str, size: int, seed: int):
    """``(G, U, exact)``: the code's Gram matrix (exact Fractions or 50-digit mpf) and its float code, rotated."""
    if family == "tammes" and size in (4, 6):
        family, size = ("simplex", 3) if size == 4 else ("orthoplex", 3)
    if family == "simplex":
        G, U0, exact = simplex_gram(size), host(sampling.simplex_code(size)), True
    elif family == "orthoplex":
        G, U0, exact = orthoplex_gram(size), host(sampling.orthoplex_code(size)), True
    else:
        U0 = host(sampling.tammes_code(size))
        G, exact = mp_gram(U0), False
    return G, random_rotation(np.random.default_rng(seed), U0.shape[0]) @ U0, exact


def _num(x, exact: bool):
    return x if exact else (mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x))


class _Setup:
    """The exact quantities of a :class:`CodeCase`: ``c``, ``lam``, ``r``, ``beta_star`` and ``beta_zero`` (r = 0)."""

    def __init__(self, case: CodeCase):
        self.case = case
        self.G, self.U, self.exact = _code(case.family, case.size, case.seed)
        M = len(self.G)
        with mpmath.workdps(DPS):
            self.c = max(self.G[i][j] for i in range(M) for j in range(M) if i != j)
            m = _num(case.m, self.exact)
            self.lam = _num(1 / (case.alpha - 1), self.exact)
            self.r = _num(case.f, self.exact) * m * (1 - self.c) / 2
            self.beta_star = self.lam / (m * m * (1 - self.c) - 2 * m * self.r)
            self.beta_zero = self.lam / (m * m * (1 - self.c))  # the threshold at r = 0
        self.m = float(case.m)
        self.Xi = self.m * self.U

    def model(self, beta: float):
        a = float(self.case.alpha)
        return models.SparseHopfield(self.Xi, beta) if a == 2.0 else models.EntmaxHopfield(self.Xi, beta, a)

    def inputs(self) -> dict:
        c = self.case
        return {"family": c.family, "size": c.size, "m": str(c.m), "f": str(c.f), "alpha": str(c.alpha),
                "seed": c.seed, "Xi": self.Xi}


def _worst_gap(st_: _Setup, beta, dps: int = DPS):
    r"""Smallest score gap :math:`\beta\min_{x\in S_\mu(r)}(\langle x,\xi_\mu\rangle-\langle x,\xi_\nu\rangle)` over :math:`\mu\ne\nu`.

    For :math:`x=\xi_\mu+rv`, :math:`\lVert v\rVert\le1`, the gap to :math:`\nu` is smallest at
    :math:`v=-(\xi_\mu-\xi_\nu)/\lVert\xi_\mu-\xi_\nu\rVert`:
    :math:`m^2(1-G_{\mu\nu})-rm\sqrt{2(1-G_{\mu\nu})}`, so this is the exact worst case over every
    ball.  Rational when :math:`r=0` and the Gram matrix is exact; else at ``dps`` digits.
    """
    G, M = st_.G, len(st_.G)
    off = [G[i][j] for i in range(M) for j in range(M) if i != j]
    if st_.exact and st_.case.f == 0 and isinstance(beta, Fraction):
        m = st_.case.m
        return min(beta * m * m * (1 - g) for g in off)
    with mpmath.workdps(dps):
        m, r, b = _num(st_.case.m, False), _num(st_.r, False), _num(beta, False)
        return min(b * (m * m * (1 - _num(g, False)) - r * m * mpmath.sqrt(2 * (1 - _num(g, False)))) for g in off)


def _adversarial_queries(st_: _Setup, r: float):
    """Queries (columns) and their targets: every pattern (r = 0) or, for r > 0, the worst point of each ball
    towards every competitor."""
    Xi = st_.Xi
    M = Xi.shape[1]
    if r == 0:
        return Xi, np.arange(M)
    mu, nu = np.nonzero(~np.eye(M, dtype=bool))
    D = Xi[:, mu] - Xi[:, nu]
    return Xi[:, mu] - r * D / np.linalg.norm(D, axis=0), mu


def _retrieval_error(st_: _Setup, beta: float, r: float) -> tuple[float, int]:
    """Largest one-step error of the model's map over the adversarial queries, and the worst query."""
    X, target = _adversarial_queries(st_, r)
    err = np.linalg.norm(host(st_.model(beta).retrieve(X)) - st_.Xi[:, target], axis=0)
    k = int(np.argmax(err))
    return float(err[k]), k


def _mp_entmax(theta, alpha: Fraction, dps: int = DPS):
    r""":math:`\alpha`-entmax of ``theta`` at ``dps`` digits: bisection on :math:`\tau` of :math:`\sum_i[(\alpha-1)\theta_i-\tau]_+^{1/(\alpha-1)}=1`."""
    with mpmath.workdps(dps):
        a1 = mpmath.mpf(alpha.numerator - alpha.denominator) / alpha.denominator
        t = [a1 * mpmath.mpf(v) for v in theta]
        lo, hi = max(t) - 1, max(t)
        for _ in range(4 * dps):
            mid = (lo + hi) / 2
            if mpmath.fsum(max(v - mid, 0) ** (1 / a1) for v in t) > 1:
                lo = mid
            else:
                hi = mid
        p = [max(v - hi, 0) ** (1 / a1) for v in t]
        s = mpmath.fsum(p)
        return [v / s for v in p]


def _mp_error(st_: _Setup, beta: float, r: float, k: int) -> float:
    """The one-step error of query ``k`` of :func:`_adversarial_queries` with the 50-digit entmax."""
    X, target = _adversarial_queries(st_, r)
    Xi = st_.Xi
    with mpmath.workdps(DPS):
        x = [mpmath.mpf(float(v)) for v in X[:, k]]
        cols = [[mpmath.mpf(float(v)) for v in Xi[:, j]] for j in range(Xi.shape[1])]
        theta = [mpmath.mpf(beta) * mpmath.fsum(a * b for a, b in zip(col, x)) for col in cols]
        p = _mp_entmax(theta, st_.case.alpha)
        T = [mpmath.fsum(p[j] * cols[j][i] for j in range(len(cols))) for i in range(len(x))]
        return float(mpmath.sqrt(mpmath.fsum((T[i] - cols[int(target[k])][i]) ** 2 for i in range(len(x)))))


@st.composite
def _cases(draw):
    family = draw(st.sampled_from(("simplex", "orthoplex", "tammes")))
    size = draw(st.sampled_from((4, 5, 6, 12, 24)) if family == "tammes" else st.integers(2, 7))
    m = draw(st.fractions(Fraction(1, 2), 3, max_denominator=16))
    f = draw(st.one_of(st.just(Fraction(0)), st.fractions(0, Fraction(4, 5), max_denominator=20)))
    return CodeCase(family, size, m, f, draw(st.sampled_from(_ALPHAS)), draw(st.integers(0, 2**31 - 1)))


def _pinned_cases(ctx: Context) -> list[CodeCase]:
    rng = ctx.rng("correspondence cases")
    codes = [("simplex", d) for d in (2, 3, 5)] + [("orthoplex", d) for d in (2, 4)] + [("tammes", M) for M in (5, 12, 24)]
    out = []
    for i, (fam, size) in enumerate(codes):
        m = Fraction(int(rng.integers(2, 13)), 4)
        f = Fraction(0) if i % 2 == 0 else Fraction(int(rng.integers(1, 17)), 20)
        out.append(CodeCase(fam, size, m, f, _ALPHAS[i % len(_ALPHAS)], int(rng.integers(0, 2**31 - 1))))
    return out


def _search(ctx, observe, reevaluate, kind, what, reproduce):
    return inequality_check(
        ctx, strategy=_cases(), observe=observe, reevaluate=reevaluate, kind=kind,
        families={"simplex, orthoplex and Tammes codes (pinned)": _pinned_cases(ctx)},
        examples=max(6, ctx.profile.examples // 6), reproduce=reproduce,
        distributions=[f"{what}; codes: simplex and orthoplex d = 2..7 (exact), Tammes M in {{4,5,6,12,24}} "
                       "(50 digits), rotated; m in [1/2, 3], r = f m (1 - cos theta)/2 with f in {0} or [0, 4/5], "
                       "alpha in {3/2, 2, 5/2, 3, 4}"])


# the reproduce snippets: the instance's float code, its cosine and thresholds recomputed in float64
_REPRO_SETUP = ("from fractions import Fraction\nfrom hoptheory import models\n"
                "Xi = np.array(ce['Xi'])\nm, f, a = (float(Fraction(ce[k])) for k in ('m', 'f', 'alpha'))\n"
                "lam = 1 / (a - 1)\nG = (Xi / m).T @ (Xi / m)\noff = G[~np.eye(len(G), dtype=bool)]\n"
                "c = off.max()\nr = f * m * (1 - c) / 2\nbeta_star = lam / (m * m * (1 - c) - 2 * m * r)\n"
                "model = lambda b: models.SparseHopfield(Xi, b) if a == 2 else models.EntmaxHopfield(Xi, b, a)\n")


def _certified_part(ctx: Context):
    r"""Part: at :math:`\beta^\star` every worst query of every ball has score gap :math:`\ge\lambda_\Omega`."""

    def observe(case):
        s = _Setup(case)
        beta = ctx.side("threshold beta*", value=s.beta_star)
        lam = ctx.side("margin lambda_Omega", value=s.lam, kind="lower")
        return Observation(float(_worst_gap(s, beta)), float(lam), inputs=s.inputs())

    def reevaluate(o):
        s = _Setup(_case_of(o.inputs))
        beta = ctx.side("threshold beta*", value=s.beta_star)
        lam = ctx.side("margin lambda_Omega", value=s.lam, kind="lower")
        return float(_worst_gap(s, _num(beta, False), dps=2 * DPS)), float(lam)

    return _search(ctx, observe, reevaluate, "lower", "worst score gap over S_mu(r) at beta* >= lambda_Omega",
                   _REPRO_SETUP + "lhs = float(np.min(beta_star * (m * m * (1 - off) - r * m * np.sqrt(2 * (1 - off)))))\n"
                   "rhs = lam")


def _case_of(inputs: dict) -> CodeCase:
    return CodeCase(inputs["family"], inputs["size"], Fraction(inputs["m"]), Fraction(inputs["f"]),
                    Fraction(inputs["alpha"]), inputs["seed"])


def _map_part(ctx: Context):
    r"""Part: the model's map returns every pattern from every worst query just above the threshold."""

    def observe(case):
        s = _Setup(case)
        beta = float(ctx.side("threshold beta*", value=s.beta_star)) * float(1 + ETA)
        err, k = _retrieval_error(s, beta, float(s.r))
        return Observation(err, TOL_IDENTITY.atol + TOL_IDENTITY.rtol * s.m, inputs={**s.inputs(), "beta": beta, "query": k})

    def reevaluate(o):
        s = _Setup(_case_of(o.inputs))
        return _mp_error(s, o.inputs["beta"], float(s.r), o.inputs["query"]), o.rhs

    return _search(ctx, observe, reevaluate, "upper", "one-step error at beta* (1 + 1/1000) over the worst queries",
                   _REPRO_SETUP + "mu, nu = np.nonzero(~np.eye(Xi.shape[1], dtype=bool))\n"
                   "D = Xi[:, mu] - Xi[:, nu]\nX = Xi[:, mu] - r * D / np.linalg.norm(D, axis=0) if r > 0 else Xi\n"
                   "T = model(ce['beta']).retrieve(X)\n"
                   "lhs = float(np.max(np.linalg.norm(T - Xi[:, mu if r > 0 else slice(None)], axis=0)))\n"
                   "rhs = 1.8e-12 * (1 + m)")


def _sharp_part(ctx: Context):
    r"""Part: at :math:`r=0` and :math:`\beta^\star_0(1-\eta)`, :math:`\beta^\star_0=\lambda_\Omega/(m^2(1-\cos\theta))`, at
    least one pattern is not a fixed point (exactly: its gap to a nearest pattern is below :math:`\lambda_\Omega`)."""

    def count_exact(s: _Setup, beta) -> int:
        G, M = s.G, len(s.G)
        with mpmath.workdps(DPS):
            b, m = _num(beta, s.exact), _num(s.case.m, s.exact)
            return sum(1 for i in range(M) if min(b * m * m * (1 - G[i][j]) for j in range(M) if j != i) < s.lam)

    def observe(case):
        s = _Setup(case)
        beta = ctx.side("beta just below the threshold", value=s.beta_zero * _num(1 - ETA, s.exact), kind="lower")
        X = s.Xi
        err = np.linalg.norm(host(s.model(float(beta)).retrieve(X)) - X, axis=0)
        moved = int(np.sum(err > TOL_IDENTITY.atol + TOL_IDENTITY.rtol * s.m))
        return Observation(float(moved), 1.0, inputs={**s.inputs(), "beta": float(beta)})

    def reevaluate(o):
        s = _Setup(_case_of(o.inputs))
        beta = ctx.side("beta just below the threshold", value=s.beta_zero * _num(1 - ETA, s.exact), kind="lower")
        return float(count_exact(s, beta)), 1.0

    return _search(ctx, observe, reevaluate, "lower", "patterns that are not fixed points at r = 0, beta* (1 - 1/1000)",
                   _REPRO_SETUP + "err = np.linalg.norm(model(ce['beta']).retrieve(Xi) - Xi, axis=0)\n"
                   "lhs = float(np.sum(err > 1.8e-12 * (1 + m)))\nrhs = 1.0")


def _angle_part(ctx: Context):
    r"""Part: ``code_capacity_angle_cos`` at :math:`\beta^\star` is the code's :math:`\cos\theta`; the float code has
    the exact code's minimal angle; and :math:`\Delta_{\min}=m^2(1-\cos\theta)` for it (models against sampling)."""

    def observe(case):
        s = _Setup(case)
        args = dict(lambda_margin=s.lam, beta=s.beta_star, m=_num(s.case.m, s.exact), r=s.r)
        cos_star = S.code_capacity_angle_cos.sympy(**args) if s.exact else S.code_capacity_angle_cos.mp(**args)
        a = ctx.side("cos theta* (code_capacity_angle_cos)", value=cos_star)
        cos_float = math.cos(sampling.minimal_angle(s.U))  # the float code has the exact code's angle
        b = ctx.side("m^2 (1 - cos theta_min)", value=s.m**2 * (1 - cos_float))
        gap = max(abs(float(a - s.c)), abs(models.min_separation(s.Xi) - b) / s.m**2, abs(cos_float - float(s.c)))
        return Observation(gap, TOL_IDENTITY.atol + TOL_IDENTITY.rtol, inputs=s.inputs())

    def reevaluate(o):
        s = _Setup(_case_of(o.inputs))
        with mpmath.workdps(2 * DPS):
            lam, beta, m, r = (_num(v, False) for v in (s.lam, s.beta_star, s.case.m, s.r))
            a = ctx.side("cos theta* (code_capacity_angle_cos)", value=1 - (lam / beta + 2 * m * r) / (m * m))
            b = ctx.side("m^2 (1 - cos theta_min)", value=m * m * mp_min_separation(s.U))
            Gx = mp_gram(s.Xi, 2 * DPS)  # normalised: the separation of m U needs the norms of the columns
            norms = [mpmath.mpf(float(v)) for v in np.linalg.norm(s.Xi, axis=0)]
            dmin = min(norms[i] ** 2 - norms[i] * norms[j] * Gx[i][j] for i in range(len(Gx)) for j in range(len(Gx))
                       if i != j)
            return float(max(abs(a - _num(s.c, False)), abs(dmin - b) / (m * m),
                             abs(mp_min_separation(s.U) - 1 + _num(s.c, False)))), o.rhs

    return _search(ctx, observe, reevaluate, "upper", "|cos theta*(beta*) - cos theta| and |Delta_min - m^2 (1 - cos theta)|",
                   _REPRO_SETUP + "import math\nfrom hoptheory.sampling import minimal_angle\n"
                   "from hoptheory.bounds.spherical_codes import code_capacity_angle_cos\n"
                   "cs = float(code_capacity_angle_cos(lam, beta_star, m, r).value)\n"
                   "b = m * m * (1 - math.cos(minimal_angle(Xi)))\n"
                   "lhs = max(abs(cs - c), abs(models.min_separation(Xi) - b) / m**2)\nrhs = 1.8e-12 * 2")


def _capacity_rows(ctx: Context) -> list[dict]:
    r"""Reported: at :math:`\beta^\star` the certified capacity is :math:`A(d,\theta^\star)` with :math:`\cos\theta^\star=\cos\theta`,
    so the code's size meets Rankin's bounds where :math:`\theta^\star\ge\pi/2` (the simplex and the orthoplex attain
    them); the asymptotic rates are shown where :math:`\theta^\star<\pi/2`."""
    rows = []
    for case in _pinned_cases(ctx):
        s = _Setup(case)
        d, M = s.U.shape
        row = {"code": f"{case.family} {case.size}", "d": d, "M": M, "cos_theta_star": float(s.c)}
        if s.exact and s.c < 0:
            row["rankin_floor_1_minus_1_over_cos"] = S.rankin_code_size(s.c)
        elif s.exact and s.c == 0:
            row["rankin_2d"] = float(S.rankin_orthoplex_size(d).value)
        elif 0 < s.c < 1:
            row.update(csw_exponent=float(S.csw_exponent(float(s.c)).value), kl_exponent=float(S.kl_exponent(float(s.c)).value),
                       rate_log2M_over_d=math.log2(M) / d)
        rows.append(row)
    return rows


@check("hu2024khm/code-capacity-correspondence")
def check_code_capacity(ctx):
    r"""``hu2024khm/code-capacity-correspondence``: a code of minimal angle :math:`\theta` on the sphere of radius
    :math:`m` is retrieved exactly from every :math:`S_\mu(r)` at :math:`\beta^\star=\lambda_\Omega/(m^2(1-\cos\theta)-2mr)`,
    where :math:`\cos\theta^\star=\cos\theta`; at :math:`r=0` the threshold is sharp.

    Families: the regular simplex and the orthoplex (:math:`d=2..7`, exact rational Gram
    matrices), the Tammes codes :math:`M\in\{4,5,6,12,24\}` (50 digits), rotated by a seeded
    rotation; sparsemax and :math:`\alpha`-entmax (:math:`\alpha\in\{3/2,5/2,3,4\}`).  Oracles: the
    exact worst score gap over each ball (rational at :math:`r=0`), the exact one-hot condition
    of entmax, entmax by bisection at 50 digits, ``code_capacity_angle_cos`` in SymPy.
    """
    parts = [("certified at beta* (exact worst gap >= lambda)", _certified_part(ctx)),
             ("the map retrieves every pattern just above beta*", _map_part(ctx)),
             ("sharp: just below beta* some pattern is not fixed (r = 0)", _sharp_part(ctx)),
             ("cos theta*(beta*) = cos theta and Delta_min = m^2 (1 - cos theta)", _angle_part(ctx)),
             ("capacity bounds at theta* (reported)", {"rows": _capacity_rows(ctx)})]
    return combine(ctx, parts)


# =========================================================================== optimal capacity (reported)


@check("hu2024khm/optimal-capacity")
def check_optimal_capacity(ctx):
    r"""``hu2024khm/optimal-capacity`` (reported): rates :math:`\log_2M/D` of optimal and optimiser-found codes
    beside the Chabauty–Shannon–Wyner and Kabatiansky–Levenshtein exponents at their minimal angle.

    Families: the Tammes optima :math:`M=12,24` in :math:`D=3`; codes of :math:`2D+1` points found
    by :func:`hoptheory.sampling.optimise_code` in :math:`D=3..8`.  No assertion: the statement is
    asymptotic with reconstructed constants (its finite derived form is
    ``hu2024khm/code-capacity-correspondence``).
    """
    rows = []
    for M in (12, 24):
        c = math.cos(sampling.minimal_angle(sampling.tammes_code(M)))
        rows.append({"d": 3, "M": M, "angle_degrees": math.degrees(math.acos(c)), "rate_log2M_over_d": math.log2(M) / 3,
                     "csw_exponent": float(S.csw_exponent(c).value), "kl_exponent": float(S.kl_exponent(c).value)})
    rows += rate_table(ctx, dims=(3, 4, 5, 6, 7, 8), factors=(2,))
    return combine(ctx, [("rates of codes (reported)", {"rows": rows})], verdict_if_ok="unverified",
                   notes="asymptotic statement with reconstructed constants: reported, not asserted")
