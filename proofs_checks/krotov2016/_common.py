"""Pieces shared by the checks of the binary capacity baselines (hopfield1982, mceliece1987, krotov2016,
demircigil2017): random ±1 memories, a formula part against an exact oracle, and the fixed-point
and retrieval experiments in the form :func:`~proofs_checks._framework.binomial_check` runs."""

from __future__ import annotations

from typing import Callable

import numpy as np

from hoptheory.models import dense_async_sweep, dense_retrieve, is_fixed_point

from .._framework import CheckResult, Context
from .._instances import TOL_ROUND
from ..ramsauer2021._common import fact_part, value_of

__all__ = ["BATCH", "binary_patterns", "corrupt", "fixed_point_experiment", "formula_part", "retrieval_experiment"]

#: Networks simulated at once (memory of one batch: BATCH · d · M integers).
BATCH = 250


def binary_patterns(rng: np.random.Generator, B: int, d: int, M: int) -> np.ndarray:
    """``B`` independent sets of ``M`` unbiased i.i.d. ±1 memories of dimension ``d``: shape (B, d, M)."""
    return rng.choice(np.array([-1, 1], dtype=np.int64), size=(B, d, M))


def corrupt(rng: np.random.Generator, sigma: np.ndarray, k: int) -> np.ndarray:
    """Copies of the states ``sigma`` (B, d) with ``k`` distinct units flipped in each, at random."""
    out = sigma.copy()
    B, d = out.shape
    idx = np.argsort(rng.random((B, d)), axis=1)[:, :k]
    np.put_along_axis(out, idx, -np.take_along_axis(out, idx, axis=1), axis=1)
    return out


def formula_part(ctx: Context, name: str, bound, points: list[dict], oracle: Callable[..., float],
                 rtol: float = TOL_ROUND) -> CheckResult:
    """A bound evaluated at ``points`` (through ``ctx.side``) against an exact or 50-digit ``oracle``."""
    got = np.array([value_of(bound(**p)) for p in points])
    got = np.asarray(ctx.side(name, value=got, kind="upper"), dtype=float)
    want = np.array([float(oracle(**p)) for p in points])
    err = np.abs(got - want) / np.maximum(np.abs(want), 1.0)
    worst = int(np.argmax(err))
    return fact_part(ctx, name, bool(np.all(err <= rtol)),
                     {"points": len(points), "max_relative_error": float(err[worst]), "tolerance": rtol,
                      "worst_point": points[worst], "bound": float(got[worst]), "oracle": float(want[worst])})


def _batches(n: int):
    while n > 0:
        b = min(n, BATCH)
        yield b
        n -= b


def fixed_point_experiment(d: int, M: int, F, every: bool = False):
    """Trials: fresh memories; success when the first memory (every memory, if ``every``) is a fixed point."""
    def experiment(seed: int, n: int):
        rng = np.random.default_rng(seed)
        k = 0
        for b in _batches(n):
            X = binary_patterns(rng, b, d, M)
            ok = np.ones(b, dtype=bool)
            for mu in (range(M) if every else (0,)):
                ok &= is_fixed_point(X, X[:, :, mu], F)
            k += int(ok.sum())
        return k, None
    return experiment


def retrieval_experiment(d: int, M: int, F, flipped: int, success: Callable[[np.ndarray], np.ndarray],
                         sweeps: int | None = None):
    """Trials: fresh memories, the first one with ``flipped`` units corrupted, asynchronous dynamics
    (``sweeps`` sweeps, or until a fixed point); ``success(bit_error_fraction)`` per network."""
    def experiment(seed: int, n: int):
        rng = np.random.default_rng(seed)
        k = 0
        for b in _batches(n):
            X = binary_patterns(rng, b, d, M)
            start = corrupt(rng, X[:, :, 0], flipped)
            if sweeps is None:
                s, _ = dense_retrieve(X, start, F)
            else:
                s = start
                for _ in range(sweeps):
                    s, _ = dense_async_sweep(X, s, F)
            k += int(np.sum(success(np.mean(s != X[:, :, 0], axis=1))))
        return k, None
    return experiment
