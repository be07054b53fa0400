r"""Check of Alman & Song, fast attention requires bounded entries (``alman2023/bounded-entries-threshold``).

The theorem is asymptotic in :math:`n` and its hardness side is conditional on SETH: neither is
tested.  Checked, as the catalogue asks, is the error accounting of the polynomial method
behind the algorithmic side (derived):

* entrywise, :math:`|e^{t}-P_g(t)|\le\frac{B^{2(g+1)}}{(g+1)!}e^{B^2}` for :math:`t=\langle q,k\rangle/d` and
  entries of :math:`Q,K` bounded by :math:`B` — the Taylor remainder of the exponential kernel
  (``hu2024.exp_kernel_taylor_remainder`` at :math:`\beta=1/d`, :math:`s=dB^2`), against the errors
  measured on the low-rank product :math:`\phi(Q)\phi(K)^\top` of the Taylor features
  (:func:`hoptheory.maps.exp_taylor_features`), re-evaluated at 50 digits;
* :math:`\operatorname{rank}P_g(QK^\top/d)\le\binom{d+g}{g}` (``polynomial_feature_rank``): the numerical
  rank of the matrix formed entrywise (not through the features); a larger rank is confirmed
  by an exact rank modulo the prime :math:`2^{61}-1` of the rational matrix (a lower bound on
  its rank over :math:`\mathbb Q`).

Reported: the runtime of exact and low-rank attention against :math:`n` and the additive error
of the low-rank attention (an illustration, not evidence for the hardness side).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import maps
from hoptheory.bounds import alman2023 as B
from hoptheory.bounds import hu2024

from .._framework import Context, Observation, check, combine, examples_per_search, inequality_check, reproduce_text
from .._oracles import rank_mod_prime

__all__: list[str] = []

_PRIME = 2**61 - 1
_DPS = 50


@dataclass(frozen=True)
class AttentionCase:
    d: int
    g: int
    B: float
    n: int
    rows: str   # "uniform" entries in [-B, B], or "corners" (entries +-B)
    seed: int


def _rows(case: AttentionCase) -> tuple[np.ndarray, np.ndarray]:
    """Q and K, shape (n, d), entries bounded by B."""
    rng = np.random.default_rng(case.seed)
    if case.rows == "corners":
        Q = case.B * rng.choice([-1.0, 1.0], (case.n, case.d))
        Q[0] = case.B  # q = k = B 1 is the largest score t = B^2
        K = case.B * rng.choice([-1.0, 1.0], (case.n, case.d))
        K[0] = case.B
        return Q, K
    return rng.uniform(-case.B, case.B, (case.n, case.d)), rng.uniform(-case.B, case.B, (case.n, case.d))


def low_rank_scores(Q: np.ndarray, K: np.ndarray, g: int) -> np.ndarray:
    r""":math:`\phi(Q)\phi(K)^\top=P_g(QK^\top/d)` through the Taylor features at :math:`\beta=1/d` (n x n)."""
    d = Q.shape[1]
    return np.asarray(maps.exp_taylor_features(Q.T, 1.0 / d, g)).T @ np.asarray(maps.exp_taylor_features(K.T, 1.0 / d, g))


def _taylor(t, g: int):
    return sum(t**j / math.factorial(j) for j in range(g + 1))


def _error_part(ctx: Context):
    r"""Part: measured :math:`\max|e^{QK^\top/d}-\phi(Q)\phi(K)^\top|\le B^{2(g+1)}e^{B^2}/(g+1)!`."""
    name = "Taylor remainder bound (exp_kernel_taylor_remainder)"

    def bound(case, mp=False):
        args = dict(beta=Fraction(1, case.d), s=case.d * case.B**2, n=case.g)
        return float(hu2024.exp_kernel_taylor_remainder.mp(**args)) if mp else \
            float(hu2024.exp_kernel_taylor_remainder(**args).value)

    def observe(case):
        Q, K = _rows(case)
        err = np.abs(np.exp(Q @ K.T / case.d) - low_rank_scores(Q, K, case.g))
        i, j = np.unravel_index(int(np.argmax(err)), err.shape)
        return Observation(float(err[i, j]), ctx.side(name, value=bound(case)),
                           inputs={"d": case.d, "g": case.g, "B": case.B, "q": Q[i], "k": K[j]})

    def reevaluate(o):
        with mpmath.workdps(_DPS):
            t = mpmath.fsum(mpmath.mpf(float(a)) * mpmath.mpf(float(b)) for a, b in zip(o.inputs["q"], o.inputs["k"]))
            t /= o.inputs["d"]
            err = abs(mpmath.exp(t) - _taylor(t, o.inputs["g"]))
        case = AttentionCase(o.inputs["d"], o.inputs["g"], o.inputs["B"], 1, "uniform", 0)
        return float(err), ctx.side(name, value=bound(case, mp=True))

    rng = ctx.rng("pinned attention")
    pinned = [AttentionCase(d, g, B_, 12, "corners", int(rng.integers(0, 2**31 - 1)))
              for d, g, B_ in ((1, 0, 0.2), (2, 1, 0.3), (3, 2, 0.25), (4, 3, 0.5), (2, 4, 1.0), (3, 1, 1.5))]
    cases = st.builds(AttentionCase, d=st.integers(1, 5), g=st.integers(0, 4), B=st.floats(0.05, 2.0),
                      n=st.integers(2, 24), rows=st.sampled_from(("uniform", "corners")), seed=st.integers(0, 2**31 - 1))
    reproduce = reproduce_text({"math": "exp, factorial", "hoptheory.bounds.hu2024": "exp_kernel_taylor_remainder"},
                               arrays=["q", "k"], scalars=["d", "g", "B"], lines=["t = float(q @ k) / d"],
                               lhs="abs(exp(t) - sum(t**j / factorial(j) for j in range(g + 1)))",
                               rhs="float(exp_kernel_taylor_remainder(1 / d, d * B**2, g).value)")
    return inequality_check(
        ctx, strategy=cases, observe=observe, reevaluate=reevaluate, explicit=pinned, reproduce=reproduce,
        examples=examples_per_search(ctx, 4, floor=10),
        distributions=["Q, K with n = 2..24 rows of d = 1..5 entries uniform in [-B, B] or +-B (q = k = B 1 "
                       "included); B in [0.05, 2], g = 0..4"])


def _rank_mod_p(Q: np.ndarray, K: np.ndarray, g: int) -> int:
    r"""Rank of :math:`P_g(QK^\top/d)` (exact rationals of the floats) modulo :math:`2^{61}-1`: a lower bound on its rank."""
    d = Q.shape[1]
    qs = [[Fraction(float(v)) for v in row] for row in Q]
    ks = [[Fraction(float(v)) for v in row] for row in K]
    T = [[sum((a * b for a, b in zip(q, k)), Fraction(0)) / d for k in ks] for q in qs]
    return rank_mod_prime([[sum((t**j / math.factorial(j) for j in range(g + 1)), Fraction(0)) for t in row]
                           for row in T], _PRIME)


def _rank_part(ctx: Context):
    r"""Part: numerical rank of :math:`P_g(QK^\top/d)` (formed entrywise) :math:`\le\binom{d+g}{g}`."""
    name = "polynomial_feature_rank"

    def observe(case):
        Q, K = _rows(case)
        P = _taylor(Q @ K.T / case.d, case.g)
        s = np.linalg.svd(P, compute_uv=False)
        rank = int(np.sum(s > s[0] * max(P.shape) * np.finfo(float).eps * 16))
        return Observation(float(rank), ctx.side(name, value=float(B.polynomial_feature_rank(case.d, case.g).value)),
                           inputs={"d": case.d, "g": case.g, "Q": Q, "K": K})

    def reevaluate(o):
        Q, K = np.asarray(o.inputs["Q"]), np.asarray(o.inputs["K"])
        return (float(_rank_mod_p(Q, K, o.inputs["g"])),
                ctx.side(name, value=float(B.polynomial_feature_rank.mp(d=o.inputs["d"], g=o.inputs["g"]))))

    def case_of(d, g, seed):
        return AttentionCase(d, g, 1.0, math.comb(d + g, g) + 6, "uniform", seed)

    rng = ctx.rng("pinned rank")
    pinned = [case_of(d, g, int(rng.integers(0, 2**31 - 1))) for d, g in ((1, 3), (2, 2), (3, 2), (2, 4), (4, 2), (3, 3))]
    cases = st.builds(case_of, st.integers(1, 4), st.integers(0, 3), st.integers(0, 2**31 - 1))
    reproduce = reproduce_text({"math": "comb, factorial"}, arrays=["Q", "K"], scalars=["d", "g"],
                               lines=["T = Q @ K.T / d", "P = sum(T**j / factorial(j) for j in range(g + 1))"],
                               lhs="np.linalg.matrix_rank(P)", rhs="comb(d + g, g)")
    return inequality_check(
        ctx, strategy=cases, observe=observe, reevaluate=reevaluate, explicit=pinned, reproduce=reproduce,
        examples=examples_per_search(ctx, 8, floor=6),
        distributions=["Q, K with C(d+g, g) + 6 rows, entries uniform in [-1, 1], d = 1..4, g = 0..4"])


def runtime_illustration(ctx: Context) -> list[dict]:
    """Reported: wall time of exact and low-rank attention (d = 4, g = 3, B = 0.5) and the additive error."""
    rows = []
    rng = ctx.rng("runtime")
    for n in (256, 1024, 2048):
        Q, K, V = (rng.uniform(-0.5, 0.5, (n, 4)) for _ in range(3))
        t0 = time.perf_counter()
        A = np.exp(Q @ K.T / 4)
        exact = (A @ V) / A.sum(axis=1, keepdims=True)
        t1 = time.perf_counter()
        fq, fk = (np.asarray(maps.exp_taylor_features(X.T, 0.25, 3)).T for X in (Q, K))
        approx = (fq @ (fk.T @ V)) / (fq @ fk.sum(axis=0))[:, None]
        t2 = time.perf_counter()
        rows.append({"n": n, "exact_seconds": t1 - t0, "low_rank_seconds": t2 - t1, "features": int(fq.shape[1]),
                     "max_additive_error": float(np.max(np.abs(exact - approx)))})
    return rows


@check("alman2023/bounded-entries-threshold")
def check_bounded_entries(ctx):
    r"""``alman2023/bounded-entries-threshold``: the polynomial method's entrywise error and rank.

    Families: :math:`Q,K` with entries uniform in :math:`[-B,B]` or :math:`\pm B` (the largest score
    :math:`B^2` included), :math:`d\le5`, :math:`g\le4`.  Oracles: :math:`e^t-P_g(t)` at 50 digits;
    the exact rank modulo :math:`2^{61}-1` of the rational matrix.  Unverified overall: the theorem
    (asymptotic in :math:`n`, hardness under SETH) is not tested, only the construction's
    accounting; the runtime crossover is an illustration.
    """
    parts = [("entrywise error <= Taylor remainder", _error_part(ctx)),
             ("rank <= C(d + g, g)", _rank_part(ctx)),
             ("runtime crossover (illustration, reported)", {"rows": runtime_illustration(ctx)})]
    return combine(ctx, parts, verdict_if_ok="unverified",
                   notes="asymptotic theorem (hardness under SETH): only the polynomial method's error accounting "
                         "is checked")
