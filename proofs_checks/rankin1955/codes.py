r"""Check of Rankin's bounds (``rankin1955/simplex-orthoplex-bounds``).

Three inequalities on codes of :math:`M` unit vectors of :math:`\mathbb R^d`:

* pairwise angles :math:`>\pi/2` (all inner products :math:`<0`) :math:`\Rightarrow M\le d+1`
  (``rankin_simplex_size``), attained by the regular simplex;
* pairwise angles :math:`\ge\pi/2` (all inner products :math:`\le0`) :math:`\Rightarrow M\le2d`
  (``rankin_orthoplex_size``), attained by the orthoplex;
* the refinement :math:`M\le1-1/\cos\theta` for :math:`\cos\theta=\max_{i\ne j}\langle\hat u_i,\hat u_j\rangle<0`
  (``rankin_code_size_bound``), equality for the regular simplex on :math:`M` points.

Whether a code is obtuse (or non-acute) is decided in exact rational arithmetic on the floats
as given (:func:`~proofs_checks.hu2024khm._codes.exact_gram`); the refinement is re-evaluated
with the cosine at 50 digits.  Codes: the simplex and the orthoplex (rotated, or with signed
permutations that keep them exact), their subsets, codes found by
:func:`hoptheory.sampling.optimise_code` (whose minimal angles approach the simplex's), and
random codes.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from hoptheory import sampling
from hoptheory.bounds import spherical_codes as S

from .._framework import Context, Observation, check, combine, inequality_check
from .._instances import random_rotation
from ..hu2024khm._codes import exact_gram, host, mp_max_cos

__all__: list[str] = []

_KINDS = ("simplex", "simplex subset", "orthoplex", "orthoplex subset", "orthoplex plus one", "optimiser", "random")


def _signed_permutation(d: int, rng: np.random.Generator) -> np.ndarray:
    """A random signed permutation matrix (it maps the orthoplex to itself exactly)."""
    P = np.zeros((d, d))
    P[np.arange(d), rng.permutation(d)] = rng.choice([-1.0, 1.0], d)
    return P


def _code(kind: str, d: int, M: int, seed: int) -> np.ndarray:
    """A code of the family ``kind`` in ``R^d`` (``M`` is its size where the family has a free size)."""
    rng = np.random.default_rng(seed)
    if kind.startswith("simplex"):
        U = random_rotation(rng, d) @ host(sampling.simplex_code(d))
        return U[:, rng.permutation(d + 1)[: max(2, min(M, d + 1))]] if kind == "simplex subset" else U
    if kind.startswith("orthoplex"):
        U = _signed_permutation(d, rng) @ host(sampling.orthoplex_code(d))
        if kind == "orthoplex subset":
            return U[:, rng.permutation(2 * d)[: max(2, min(M, 2 * d))]]
        if kind == "orthoplex plus one":
            extra = rng.standard_normal((d, 1))
            return np.concatenate([U, extra / np.linalg.norm(extra)], axis=1)
        return U
    if kind == "optimiser":
        return host(sampling.optimise_code(d, M, seed=seed, steps=300))
    return host(sampling.sphere(d, M, seed=seed))


def _draws():
    return st.tuples(st.sampled_from(_KINDS), st.integers(1, 9), st.integers(2, 12), st.integers(0, 2**31 - 1))


def _pinned(ctx: Context, kinds, dims) -> list[tuple]:
    rng = ctx.rng(("pinned", kinds))
    return [(k, d, int(rng.integers(2, 2 * d + 2)), int(rng.integers(0, 2**31 - 1))) for k in kinds for d in dims]


def _size_bound(ctx: Context, *, strict: bool):
    """Part: a code with all inner products < 0 (``strict``) or <= 0 has at most d + 1 (2d) points."""
    name = "rankin_simplex_size" if strict else "rankin_orthoplex_size"
    bnd = S.rankin_simplex_size if strict else S.rankin_orthoplex_size

    def observe(draw):
        kind, d, M, seed = draw
        U = _code(kind, d, M, seed)
        G = exact_gram(U)
        off = [G[i][j] for i in range(len(G)) for j in range(i)]
        ok = all(g < 0 for g in off) if strict else all(g <= 0 for g in off)
        rhs = ctx.side(name, value=float(bnd(d).value))
        return Observation(float(U.shape[1]), rhs, applicable=ok, inputs={"kind": kind, "d": d, "U": U})

    def reevaluate(o):
        return float(np.asarray(o.inputs["U"]).shape[1]), ctx.side(name, value=float(bnd.mp(d=o.inputs["d"])))

    kinds = ("simplex", "simplex subset") if strict else ("orthoplex", "orthoplex subset", "orthoplex plus one")
    word = "< 0" if strict else "<= 0"
    return inequality_check(
        ctx, strategy=_draws(), observe=observe, reevaluate=reevaluate, examples=max(8, ctx.profile.examples // 8),
        families={f"{' and '.join(kinds)}, d = 1..12": _pinned(ctx, kinds, range(1, 13))},
        distributions=[f"codes with every inner product {word} (exact): " + ", ".join(_KINDS)],
        reproduce=("import numpy as np\nfrom hoptheory.bounds.spherical_codes import " + name + "\n"
                   "U = np.array(ce['U'])\nlhs = U.shape[1]\nrhs = float(" + name + "(ce['d']).value)"))


def _refinement(ctx: Context):
    r"""Part: :math:`M\le1-1/\cos\theta` for codes whose largest cosine is negative."""

    def observe(draw):
        kind, d, M, seed = draw
        U = _code(kind, d, M, seed)
        c = math.cos(sampling.minimal_angle(U))
        if not c < 0:
            return Observation(float(U.shape[1]), math.nan, applicable=False, inputs={"kind": kind, "U": U})
        rhs = ctx.side("rankin_code_size_bound", value=float(S.rankin_code_size_bound(c).value))
        return Observation(float(U.shape[1]), rhs, inputs={"kind": kind, "cos_theta": c, "U": U})

    def reevaluate(o):
        c = mp_max_cos(o.inputs["U"])
        return (float(np.asarray(o.inputs["U"]).shape[1]),
                ctx.side("rankin_code_size_bound", value=float(1 - 1 / c)) if c < 0 else math.inf)

    rng = ctx.rng("optimiser codes")
    pinned = [("optimiser", d, M, int(rng.integers(0, 2**31 - 1))) for d in (2, 3, 5, 8) for M in (3, d + 1)]
    pinned += _pinned(ctx, ("simplex", "simplex subset"), range(1, 9))
    return inequality_check(
        ctx, strategy=_draws(), observe=observe, reevaluate=reevaluate, examples=max(8, ctx.profile.examples // 8),
        families={"optimiser-found obtuse codes, simplices and their subsets": pinned},
        distributions=["codes whose largest cosine is negative: " + ", ".join(_KINDS)],
        reproduce=("import numpy as np\nfrom hoptheory.bounds.spherical_codes import rankin_code_size_bound\n"
                   "import math\nfrom hoptheory.sampling import minimal_angle\n"
                   "U = np.array(ce['U'])\nc = math.cos(minimal_angle(U))\n"
                   "lhs = U.shape[1]\nrhs = float(rankin_code_size_bound(c).value)"))


@check("rankin1955/simplex-orthoplex-bounds")
def check_rankin(ctx):
    r"""``rankin1955/simplex-orthoplex-bounds``: obtuse codes have at most :math:`d+1` points, non-acute
    codes at most :math:`2d`, and :math:`M\le1-1/\cos\theta` for :math:`\cos\theta<0`.

    Families: simplices, orthoplexes (rotated or signed-permuted, their subsets, one extra point),
    optimiser-found codes and random codes, :math:`d\le12`.  Oracles: exact rational Gram
    matrices for the signs, 50-digit cosines for the refinement.  Reported: the integer form
    :math:`\lfloor1-1/\cos\theta\rfloor` at the exact simplex cosine :math:`-1/d` (:math:`=d+1`).
    """
    exact = {d: S.rankin_code_size(Fraction(-1, d)) for d in range(1, 13)}
    parts = [("pairwise obtuse: M <= d + 1", _size_bound(ctx, strict=True)),
             ("pairwise non-acute: M <= 2d", _size_bound(ctx, strict=False)),
             ("refinement M <= 1 - 1/cos(theta)", _refinement(ctx)),
             ("integer refinement at cos = -1/d (reported)",
              {"floor(1 - 1/cos) by d": exact, "equals d + 1": all(v == d + 1 for d, v in exact.items())})]
    return combine(ctx, parts)
