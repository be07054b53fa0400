"""Code shared by the α-entmax and simplex-projection checks: score draws and row observations.

A check here states its claim as *rows*: ``(side, lhs, rhs, tol)`` meaning ``lhs <= rhs + tol``
(an identity is the row ``|a - b| <= 0 + tol``).  :func:`rows_check` routes every compared
quantity through ``ctx.side`` (the rows' ``compare`` function does), turns the rows of one draw
into one observation ``max_i (lhs_i - rhs_i)/tol_i <= 1`` and confirms a violation by
recomputing the rows from the saved draw.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np
from hypothesis import strategies as st

from .._framework import CheckResult, Context, Observation, inequality_check

__all__ = ["Row", "agree", "rows_check", "scores", "score_draw"]

#: ``(side name, lhs, rhs, tol)``: the row claims ``lhs <= rhs + tol`` (``tol > 0``).
Row = tuple[str, float, float, float]


def agree(name: str, a, b, atol: float, rtol: float = 0.0) -> Row:
    """The identity ``a == b`` (arrays or scalars, any number type) as a row ``max|a - b| <= atol + rtol max|b|``."""
    A = np.asarray([float(v) for v in np.ravel(np.asarray(a, dtype=object))])
    B = np.asarray([float(v) for v in np.ravel(np.asarray(b, dtype=object))])
    if A.shape != B.shape:
        return (name, math.inf, 0.0, 1.0)
    diff = float(np.max(np.abs(A - B))) if A.size else 0.0
    return (name, diff, 0.0, atol + rtol * (float(np.max(np.abs(B))) if B.size else 0.0))


def scores(draw: dict) -> np.ndarray:
    """The score vector of a draw: ``M`` scores of the draw's family, from its seed."""
    if "z" in draw:  # a pinned score vector
        return np.asarray(draw["z"], dtype=np.float64)
    rng = np.random.default_rng(draw["seed"])
    M, scale, fam = draw["M"], draw["scale"], draw["family"]
    if fam == "gaussian":
        return scale * rng.standard_normal(M)
    if fam == "tied":  # integer or half-integer scores: many exact ties
        return scale * np.round(2.0 * rng.standard_normal(M)) / 2.0
    if fam == "spread":  # widely spread: magnitudes over many decades
        return rng.choice([-1.0, 1.0], M) * 10.0 ** rng.uniform(-3.0, 3.0, M)
    if fam == "spike":  # one entry above a block of ties
        z = np.zeros(M)
        z[rng.integers(M)] = scale * rng.uniform(0.5, 3.0)
        return z
    raise ValueError(fam)


def score_draw(M=(2, 12), scale=(0.05, 10.0), families=("gaussian", "tied", "spread", "spike"), **extra):
    """Hypothesis strategy of a score draw (``M``, ``scale``, ``family``, ``seed``) plus ``extra`` fields."""
    return st.fixed_dictionaries({
        "M": st.integers(*M), "scale": st.floats(*scale), "family": st.sampled_from(list(families)),
        "seed": st.integers(0, 2**31 - 1), **extra})


def rows_check(ctx: Context, compare: Callable[[dict, Any], Sequence[Row]], strategy, *,
               families: dict[str, list] | None = None, examples: int | None = None) -> CheckResult:
    """Search for a draw where a row fails: ``compare(draw, side) -> rows``, ``side = ctx.side``.

    Draws that return no rows (hypotheses fail: a support change too close) are not applicable.
    A violation is re-evaluated with the sides' values of the violating run kept (the rows are
    recomputed from the saved draw with the same mutation state).
    """

    def evaluate(draw) -> Observation:
        rows = compare(draw, ctx.side)
        if rows is None:
            return Observation(0.0, 1.0, applicable=False, inputs={"draw": draw})
        worst, which = -math.inf, ""
        for name, lhs, rhs, tol in rows:
            r = (lhs - rhs) / tol if math.isfinite(lhs) and math.isfinite(rhs) else math.inf
            if r > worst:
                worst, which = r, name
        return Observation(float(worst), 1.0, inputs={"draw": draw}, note=f"worst row: {which}")

    def reevaluate(o: Observation):
        o2 = evaluate(o.inputs["draw"])
        return o2.lhs, o2.rhs

    return inequality_check(ctx, strategy=strategy, observe=evaluate, reevaluate=reevaluate,
                            families=families, examples=examples, rtol=0.0, atol=0.0)
