r"""Checks of Hu, Lin, Song, Liu, *On Computational Limits of Modern Hopfield Models* (ICML 2024).

Both claims are asymptotic (and the hardness side rests on SETH), so both verdicts are
``unverified``; what is checked are the derived pieces the catalogue names:

* ``hu2024limits/efficiency-criterion``: the mapping to Alman & Song's attention problem — with
  :math:`Q=\sqrt{\beta d}\,(W_QX)^\top` and :math:`K=\sqrt{\beta d}\,(W_K\Xi)^\top`,
  :math:`QK^\top/d=\beta(W_QX)^\top(W_K\Xi)` (re-evaluated at 50 digits) and the entries are bounded by
  ``ahop_entry_bound``; reported: :math:`B/\sqrt{\ln n}` of sampled instances and the side of the
  transition it suggests;
* ``hu2024limits/low-rank-retrieval``: the approximate retrieval map
  :math:`\tilde T_g(x)=\Xi\hat a/\mathbf 1^\top\hat a`, :math:`\hat a=P_g(\beta\Xi^\top x)`, computed in
  factorised (almost-linear) form through the Taylor features equals its direct form, and its
  error against the dense map obeys the derived ``low_rank_retrieval_error_bound`` (oracle: the
  dense map and :math:`P_g` at 50 digits); reported: the errors and the feature dimension.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import numpy as np
from hypothesis import strategies as st

from hoptheory import maps, models, sampling
from hoptheory.bounds import hu2024limits as B

from .._framework import Context, Observation, check, combine, examples_per_search, reproduce_text, shared_search
from .._instances import TOL_IDENTITY, antipodal
from .._oracles import mp_T
from .._strategies import betas

__all__ = ["low_rank_retrieve"]

_DPS = 50


def _mp(v):
    return mpmath.mpf(float(v))


# =========================================================================== efficiency criterion


@dataclass(frozen=True)
class AHopCase:
    d: int
    d_k: int
    M: int
    L: int
    beta: float
    projections: str  # "identity" (d_k = d) or "random"
    seed: int


def _ahop(case: AHopCase):
    """Memories (d, M), queries (d, L) and the projections W_Q, W_K (d_k, d)."""
    rng = np.random.default_rng(case.seed)
    Xi = np.asarray(sampling.sphere(case.d, case.M, seed=case.seed))
    X = Xi[:, rng.integers(0, case.M, case.L)] + 0.1 * rng.standard_normal((case.d, case.L))
    if case.projections == "identity":
        return Xi, X, np.eye(case.d), np.eye(case.d)
    WQ, WK = (rng.standard_normal((case.d_k, case.d)) / math.sqrt(case.d) for _ in range(2))
    return Xi, X, WQ, WK


def _attention_rows(case: AHopCase):
    Xi, X, WQ, WK = _ahop(case)
    dk = WQ.shape[0]
    c = math.sqrt(case.beta * dk)
    return Xi, X, WQ, WK, c * (WQ @ X).T, c * (WK @ Xi).T


def _ahop_cases():
    return st.builds(AHopCase, d=st.integers(2, 8), d_k=st.integers(2, 8), M=st.integers(2, 30), L=st.integers(1, 30),
                     beta=betas(), projections=st.sampled_from(("identity", "random")), seed=st.integers(0, 2**31 - 1))


def _ahop_pinned(ctx: Context) -> list[AHopCase]:
    rng = ctx.rng("ahop cases")
    return [AHopCase(d, d if proj == "identity" else d + 2, 20, 10, beta, proj, int(rng.integers(0, 2**31 - 1)))
            for d, beta, proj in ((3, 0.1, "identity"), (6, 4.0, "random"), (8, 50.0, "identity"))]


def _search(ctx: Context, cases, pinned, distributions):
    """The search of a part over drawn ``cases`` and ``pinned`` ones: a quarter of the budget (at least 10 examples)."""
    return shared_search(ctx, strategy=cases, explicit=pinned, examples=examples_per_search(ctx, 4, floor=10),
                         distributions=distributions)


def _mapping_part(ctx: Context):
    r"""Part: :math:`QK^\top/d=\beta\,(W_QX)^\top(W_K\Xi)` entrywise."""
    name = "beta (W_Q X)^T (W_K Xi)"

    def observe(case):
        Xi, X, WQ, WK, Q, K = _attention_rows(case)
        S = ctx.side(name, value=case.beta * (WQ @ X).T @ (WK @ Xi))
        diff = np.abs(Q @ K.T / WQ.shape[0] - S)
        i, j = np.unravel_index(int(np.argmax(diff)), diff.shape)
        return Observation(float(diff[i, j]), TOL_IDENTITY.atol + TOL_IDENTITY.rtol * float(np.max(np.abs(S))),
                           inputs={"beta": case.beta, "q": (WQ @ X)[:, i], "k": (WK @ Xi)[:, j], "s": float(S[i, j])})

    def reevaluate(o):
        with mpmath.workdps(_DPS):
            q, k = [_mp(v) for v in o.inputs["q"]], [_mp(v) for v in o.inputs["k"]]
            b, dk = _mp(o.inputs["beta"]), len(q)
            lhs = mpmath.fsum((mpmath.sqrt(b * dk) * a) * (mpmath.sqrt(b * dk) * c) for a, c in zip(q, k)) / dk
            return float(abs(lhs - ctx.side(name, value=o.inputs["s"]))), o.rhs

    reproduce = reproduce_text({"math": "sqrt"}, arrays=["q", "k"], scalars=["beta", "s"], lines=["dk = len(q)"],
                               lhs="abs(float((sqrt(beta * dk) * q) @ (sqrt(beta * dk) * k)) / dk - s)",
                               rhs="1.8e-12 * (1 + abs(s))")
    search = _search(ctx, _ahop_cases(), _ahop_pinned(ctx),
                     ["unit-sphere memories, queries near them; W_Q, W_K identity or Gaussian / sqrt(d); "
                      "beta log-uniform on [0.01, 100]"])
    return search(observe=observe, reevaluate=reevaluate, reproduce=reproduce)


def _entry_part(ctx: Context):
    r"""Part: every entry of :math:`Q` and :math:`K` is at most ``ahop_entry_bound`` in absolute value."""
    name = "ahop_entry_bound"

    def observe(case):
        Xi, X, WQ, WK, Q, K = _attention_rows(case)
        top = max(float(np.max(np.abs(WQ @ X))), float(np.max(np.abs(WK @ Xi))))
        bnd = ctx.side(name, value=float(B.ahop_entry_bound(case.beta, WQ.shape[0], top).value))
        return Observation(max(float(np.max(np.abs(Q))), float(np.max(np.abs(K)))), bnd,
                           inputs={"beta": case.beta, "d_k": WQ.shape[0], "max_entry": top})

    def reevaluate(o):
        b, dk, top = o.inputs["beta"], o.inputs["d_k"], o.inputs["max_entry"]
        with mpmath.workdps(_DPS):
            lhs = mpmath.sqrt(_mp(b) * dk) * _mp(top)
        return float(lhs), ctx.side(name, value=float(B.ahop_entry_bound.mp(beta=b, d=dk, max_entry=top)))

    reproduce = reproduce_text({"math": "sqrt", "hoptheory.bounds.hu2024limits": "ahop_entry_bound"},
                               scalars=["beta", "d_k", "max_entry"], lhs="sqrt(beta * d_k) * max_entry",
                               rhs="float(ahop_entry_bound(beta, d_k, max_entry).value)")
    search = _search(ctx, _ahop_cases(), _ahop_pinned(ctx), ["as the mapping part"])
    return search(observe=observe, reevaluate=reevaluate, reproduce=reproduce)


def criterion_table(ctx: Context) -> list[dict]:
    r"""Reported: :math:`B/\sqrt{\ln n}` of unit-sphere memories in :math:`d=\lceil\ln n\rceil` (queries = memories)."""
    rows = []
    for n in (10**3, 10**4, 10**5):
        d = math.ceil(math.log(n))
        Xi = np.asarray(sampling.sphere(d, n, seed=ctx.subseed("criterion", n) % 2**31))
        top = float(np.max(np.abs(Xi)))
        for beta in (0.1, 1.0, 10.0):
            b = float(B.ahop_entry_bound(beta, d, top).value)
            ratio = float(B.criterion_ratio(b, n).value)
            rows.append({"n": n, "d": d, "beta": beta, "B": b, "B_over_sqrt_ln_n": ratio,
                         "side": "below 1 (towards o(sqrt(log n)))" if ratio < 1 else "at or above 1 (Theta(sqrt(log n)))"})
    return rows


@check("hu2024limits/efficiency-criterion")
def check_efficiency_criterion(ctx):
    r"""``hu2024limits/efficiency-criterion`` (derived mapping): :math:`QK^\top/d=\beta(W_QX)^\top(W_K\Xi)` and the
    entry bound :math:`B=\sqrt{\beta d}\max(\max|W_QX|,\max|W_K\Xi|)`.

    Families: unit-sphere memories, queries near them, identity or Gaussian projections,
    :math:`\beta` log-uniform on :math:`[10^{-2},10^2]`.  Oracle: the scaled scores at 50 digits.
    Reported: :math:`B/\sqrt{\ln n}` for :math:`n=10^3..10^5`.  Unverified: the phase transition is
    asymptotic and its hardness side conditional on SETH.
    """
    parts = [("Q K^T / d = beta (W_Q X)^T (W_K Xi)", _mapping_part(ctx)),
             ("entries of Q and K <= B", _entry_part(ctx))]
    return combine(ctx, parts, reported={"B / sqrt(ln n) of sampled instances": criterion_table(ctx)},
                   verdict_if_ok="unverified",
                   notes="asymptotic phase transition (hardness under SETH): the ratio of an instance is a measurement")


# =========================================================================== low-rank retrieval


def low_rank_retrieve(Xi: np.ndarray, X: np.ndarray, beta: float, g: int) -> np.ndarray:
    r"""The polynomial-method retrieval :math:`\tilde T_g(X)=S\Phi(X)/(s^\top\Phi(X))` in factorised form.

    :math:`\Phi` are the degree-:math:`g` Taylor features of :math:`e^{\beta\langle u,v\rangle}`
    (:func:`hoptheory.maps.exp_taylor_features`), :math:`S=\Xi\Phi(\Xi)^\top` and
    :math:`s=\Phi(\Xi)\mathbf 1`, so that :math:`\tilde T_g(x)=\Xi\hat a/\mathbf 1^\top\hat a` with
    :math:`\hat a=P_g(\beta\Xi^\top x)`; cost :math:`O((M+L)Dd)`, :math:`D=\sum_{j\le g}d^j`.
    """
    Fk = np.asarray(maps.exp_taylor_features(Xi, beta, g))
    Fq = np.asarray(maps.exp_taylor_features(X, beta, g))
    return (Xi @ Fk.T) @ Fq / (Fk.sum(axis=1) @ Fq)


def _direct(Xi, X, beta, g):
    T = beta * (Xi.T @ X)
    A = sum(T**j / math.factorial(j) for j in range(g + 1))
    return Xi @ A / A.sum(axis=0)


@dataclass(frozen=True)
class RetrievalCase:
    d: int
    M: int
    m: float
    beta: float
    g: int
    family: str   # "antipodal" (x along xi_1) or "sphere" (x near a memory)
    scale: float  # antipodal: beta s; sphere: the noise of the query
    seed: int


def _retrieval(case: RetrievalCase):
    rng = np.random.default_rng(case.seed)
    if case.family == "antipodal":  # the tight case of the derived bound: two memories, beta s -> 0
        Xi = antipodal(case.d, case.m)
        x = np.zeros(case.d)
        x[0] = case.scale / (case.beta * case.m)
        return Xi, x
    Xi = np.asarray(sampling.sphere(case.d, case.M, m=case.m, seed=case.seed))
    return Xi, Xi[:, int(rng.integers(case.M))] + case.scale * rng.standard_normal(case.d)


def _retrieval_cases():
    return st.builds(RetrievalCase, d=st.integers(1, 5), M=st.integers(2, 16), m=st.floats(0.3, 2.0), beta=betas(),
                     g=st.integers(0, 5), family=st.sampled_from(("antipodal", "sphere")), scale=st.floats(0.01, 1.0),
                     seed=st.integers(0, 2**31 - 1))


def _retrieval_pinned(ctx: Context) -> list[RetrievalCase]:
    rng = ctx.rng("retrieval cases")
    out = [RetrievalCase(int(rng.integers(1, 4)), 2, float(rng.uniform(0.5, 2)), 1.0, g, "antipodal", bs,
                         int(rng.integers(0, 2**31 - 1))) for g, bs in ((2, 0.05), (4, 0.1), (0, 0.02), (2, 0.5))]
    out += [RetrievalCase(4, 12, 1.0, beta, g, "sphere", 0.1, int(rng.integers(0, 2**31 - 1)))
            for beta, g in ((0.5, 2), (1.0, 3), (2.0, 4))]
    return out


def _factorised_part(ctx: Context):
    r"""Part: the factorised :math:`\tilde T_g` equals its direct form :math:`\Xi\hat a/\mathbf 1^\top\hat a`."""
    name = "factorised low-rank retrieval"

    def observe(case):
        Xi, x = _retrieval(case)
        X = x[:, None]
        fact = ctx.side(name, value=low_rank_retrieve(Xi, X, case.beta, case.g)[:, 0])
        direct = _direct(Xi, X, case.beta, case.g)[:, 0]
        ok = bool(B.low_rank_retrieval_error_bound(case.m, case.beta, float(np.max(np.abs(Xi.T @ x))), case.g).valid)
        return Observation(float(np.max(np.abs(fact - direct))), TOL_IDENTITY.atol + TOL_IDENTITY.rtol * case.m, applicable=ok,
                           inputs={"Xi": Xi, "x": x, "beta": case.beta, "g": case.g, "m": case.m})

    def reevaluate(o):
        Xi, x, beta, g = np.asarray(o.inputs["Xi"]), np.asarray(o.inputs["x"]), o.inputs["beta"], o.inputs["g"]
        fact = ctx.side(name, value=low_rank_retrieve(Xi, x[:, None], beta, g)[:, 0])
        return float(np.max(np.abs(fact - np.array(_mp_maps(Xi, x, beta, g)[1], dtype=float)))), o.rhs

    reproduce = reproduce_text(
        {"math": "factorial", "proofs_checks.hu2024limits.limits": "low_rank_retrieve"}, arrays=["Xi", "x"],
        scalars=["beta", "g", "m"], lines=["a = sum((beta * (Xi.T @ x)) ** j / factorial(j) for j in range(g + 1))"],
        lhs="float(np.max(np.abs(low_rank_retrieve(Xi, x[:, None], beta, g)[:, 0] - Xi @ a / a.sum())))",
        rhs="1.8e-12 * (1 + m)")
    search = _search(ctx, _retrieval_cases(), _retrieval_pinned(ctx),
                     ["two antipodal memories with x along them (beta s in [0.01, 1]) and sphere memories with a query "
                      "near one; d = 1..5, M <= 16, beta log-uniform on [0.01, 100], g = 0..5; applicable where the "
                      "relative Taylor error delta < 1"])
    return search(observe=observe, reevaluate=reevaluate, reproduce=reproduce)


def _mp_maps(Xi, x, beta, g):
    """The dense map (:func:`~proofs_checks._oracles.mp_T`) and the direct low-rank map at 50 digits (lists of mpf)."""
    with mpmath.workdps(_DPS):
        dense, _, z = mp_T(Xi, x, beta, "softmax")
        poly = [mpmath.fsum((_mp(beta) * v) ** j / mpmath.factorial(j) for j in range(g + 1)) for v in z]
        s = mpmath.fsum(poly)
        return dense, [mpmath.fsum(poly[j] * _mp(Xi[i, j]) for j in range(len(poly))) / s for i in range(Xi.shape[0])]


def _error_part(ctx: Context):
    r"""Part: :math:`\lVert\tilde T_g(x)-T(x)\rVert\le` ``low_rank_retrieval_error_bound`` where :math:`\delta<1`."""
    name = "low_rank_retrieval_error_bound"

    def bound(case_m, beta, s, g, mp=False):
        b = B.low_rank_retrieval_error_bound
        return float(b.mp(m=case_m, beta=beta, s=s, g=g)) if mp else b(case_m, beta, s, g)

    def observe(case):
        Xi, x = _retrieval(case)
        s = float(np.max(np.abs(Xi.T @ x)))
        res = bound(case.m, case.beta, s, case.g)
        approx = low_rank_retrieve(Xi, x[:, None], case.beta, case.g)[:, 0]
        exact = np.asarray(models.DenseHopfield(Xi, case.beta).retrieve(x))
        inputs = {"Xi": Xi, "x": x, "beta": case.beta, "g": case.g, "m": case.m, "s": s}
        if not bool(res.valid):
            return Observation(math.nan, math.nan, applicable=False, inputs=inputs, note="delta >= 1")
        return Observation(float(np.linalg.norm(approx - exact)), ctx.side(name, value=float(res.value)),
                           trivial=2 * case.m, inputs=inputs)

    def reevaluate(o):
        i = o.inputs
        dense, poly = _mp_maps(np.asarray(i["Xi"]), np.asarray(i["x"]), i["beta"], i["g"])
        with mpmath.workdps(_DPS):
            err = mpmath.sqrt(mpmath.fsum((a - b) ** 2 for a, b in zip(dense, poly)))
        return float(err), ctx.side(name, value=bound(i["m"], i["beta"], i["s"], i["g"], mp=True))

    reproduce = reproduce_text(
        {"hoptheory": "models", "hoptheory.bounds.hu2024limits": "low_rank_retrieval_error_bound",
         "proofs_checks.hu2024limits.limits": "low_rank_retrieve"}, arrays=["Xi", "x"], scalars=["beta", "g", "m", "s"],
        lines=["T = models.DenseHopfield(Xi, beta).retrieve(x)"],
        lhs="float(np.linalg.norm(low_rank_retrieve(Xi, x[:, None], beta, g)[:, 0] - T))",
        rhs="float(low_rank_retrieval_error_bound(m, beta, s, g).value)")
    search = _search(ctx, _retrieval_cases(), _retrieval_pinned(ctx), ["as the factorised part"])
    return search(observe=observe, reevaluate=reevaluate, reproduce=reproduce)


def retrieval_table(ctx: Context) -> list[dict]:
    """Reported: errors of the low-rank map on unit-sphere memories (d = 6, M = 500, beta = 1) by degree."""
    rng = ctx.rng("retrieval table")
    Xi = np.asarray(sampling.sphere(6, 500, seed=ctx.subseed("retrieval table memories") % 2**31))
    mu = rng.integers(0, 500, 50)
    X = Xi[:, mu] + 0.05 * rng.standard_normal((6, 50))
    exact = np.asarray(models.DenseHopfield(Xi, 1.0).retrieve(X))
    rows = []
    for g in (1, 2, 3, 4):
        approx = low_rank_retrieve(Xi, X, 1.0, g)
        err = np.linalg.norm(approx - exact, axis=0)
        res = B.low_rank_retrieval_error_bound(1.0, 1.0, np.max(np.abs(Xi.T @ X), axis=0), g)
        valid = np.asarray(res.valid)
        rows.append({"g": g, "features": sum(6**j for j in range(g + 1)), "M": 500,
                     "max_error_vs_dense": float(np.max(err)),
                     "queries_with_delta_below_1": int(np.sum(valid)),
                     "max_error_over_derived_bound": (float(np.max(err[valid] / np.asarray(res.value)[valid]))
                                                      if bool(np.any(valid)) else None),
                     "median_dense_error_vs_pattern": float(np.median(np.linalg.norm(exact - Xi[:, mu], axis=0)))})
    return rows


@check("hu2024limits/low-rank-retrieval")
def check_low_rank_retrieval(ctx):
    r"""``hu2024limits/low-rank-retrieval``: the polynomial-method retrieval, factorised, and its error against
    the dense map under the derived bound :math:`m\delta/(1-\delta)`.

    Families: two antipodal memories with the query along them (the tight case, :math:`\beta s\to0`)
    and unit-sphere memories with a query near one; :math:`g\le5`.  Oracles: the direct form and the
    dense map at 50 digits.  Unverified: the paper's error bound and capacity are not confirmed.
    """
    parts = [("factorised form = direct form", _factorised_part(ctx)),
             ("error vs dense <= derived bound", _error_part(ctx))]
    return combine(ctx, parts, reported={"errors by degree": retrieval_table(ctx)}, verdict_if_ok="unverified",
                   notes="the paper's retrieval-error bound and capacity are not confirmed; a derived bound is checked")
