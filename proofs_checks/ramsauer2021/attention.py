r"""Check of Ramsauer et al. (2021): the Hopfield update equals transformer attention (Eq. (10)).

Claim ``ramsauer2021/attention-correspondence``.  Oracle: the update in mpmath, independent of
the package, and the package's SymPy engine for the symbolic one-step attention.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy.special import softmax as _sp_softmax

from hoptheory import models

from .._framework import check, combine, inequality_check, symbolic_result
from .._strategies import seeds
from ._common import host, identity_part, n_examples
from ._oracles import mp_T_np, sym_attention
from ._instances import TOL_SCORES

__all__: list[str] = []


@check("ramsauer2021/attention-correspondence")
def check_attention_correspondence(ctx):
    r"""Eq. (10): softmax(beta Q K^T) V equals the Hopfield update, row by row.

    Parts: with Xi = K^T, softmax(beta Q K^T) V = (W_V^T T(Q^T))^T on random matrices with
    pairwise-distinct M, S, d_y, d_r, d_k, d_v in 1..8 (Gaussian Y of scale 10^s, R, W_Q, W_K,
    W_V; beta = 1/sqrt(d_k); W_V = I for the plain update); the symbolic one-step attention of the
    package's SymPy engine.  Oracle: an mpmath softmax/update, independent of the package.
    """
    xp = ctx.xp
    dims = st.lists(st.integers(1, 7), min_size=6, max_size=6, unique=True)
    strat = st.tuples(dims, seeds(), st.floats(-1.0, 1.0), st.booleans())

    def observe(draw):
        (M, S_, dy, dr, dk, dv), seed, lsc, plain = draw
        M, S_ = M + 1, S_ + 0
        rng = np.random.default_rng([seed, 41])
        Y, R = rng.normal(size=(M, dy)) * 10 ** lsc, rng.normal(size=(S_, dr))
        WQ, WK = rng.normal(size=(dr, dk)), rng.normal(size=(dy, dk))
        WV = np.eye(dk) if plain else rng.normal(size=(dk, dv))
        beta = 1.0 / math.sqrt(dk)
        Q, K = R @ WQ, Y @ WK
        V = Y @ WK @ WV
        Z = _sp_softmax(beta * Q @ K.T, axis=1) @ V                 # transformer attention, rows
        Hop = host(models.DenseHopfield(xp.asarray(K.T), beta).retrieve(xp.asarray(Q.T)))   # (d_k, S), columns
        out = ctx.side("W_V^T T(X) (Hopfield update, columns)", value=WV.T @ Hop)
        return identity_part(float(np.abs(out - Z.T).max()) / (1.0 + float(np.abs(Z).max())), TOL_SCORES,
                             {"Y": Y, "R": R, "W_Q": WQ, "W_K": WK, "W_V": WV, "beta": beta, "_draw": draw})

    def re(o):
        Y, R, WQ, WK, WV, beta = (np.array(o.inputs[k]) for k in ("Y", "R", "W_Q", "W_K", "W_V", "beta"))
        draw = o.inputs["_draw"]
        beta = float(beta)
        Xi = (Y @ WK).T
        cols = [mp_T_np(Xi, q, beta)[0] for q in (R @ WQ)]
        Z = np.array(cols) @ WV
        Hop = host(models.DenseHopfield(xp.asarray(Xi), beta).retrieve(xp.asarray((R @ WQ).T)))
        out = ctx.side("W_V^T T(X) (Hopfield update, columns)", value=WV.T @ Hop)
        del draw
        return float(np.abs(out - Z.T).max()) / (1.0 + float(np.abs(Z).max())), TOL_SCORES

    fam = ["pairwise-distinct M, S, d_y, d_r, d_k, d_v in 1..8", "Gaussian Y (scale 10^s), R, W_Q, W_K, W_V; "
           "W_V = I for the plain update", "beta = 1/sqrt(d_k)"]
    ok, detail = sym_attention()
    parts = [
        ("softmax(beta Q K^T) V = (W_V^T T(Q^T))^T with Xi = K^T",
         inequality_check(ctx, strategy=strat, observe=observe, reevaluate=re, distributions=fam,
                          examples=n_examples(ctx, 1))),
        ("symbolic one-step attention (SymPy)", symbolic_result(ctx, ok, detail)),
    ]
    return combine(ctx, parts)
