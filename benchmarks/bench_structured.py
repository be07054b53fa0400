"""Time and memory of the sparse-structured and kernelised Hopfield maps against sequence length.

Self-attention setting of Hu et al. 2024 (family appendix): ``L`` queries = ``L`` memories, head
dimension ``d`` (default 64), one retrieval step per query.  For every variant the script prints
wall time (best of a few runs), peak traced memory (``tracemalloc``; NumPy reports its buffers
to it), the exact number of scores :math:`\\langle\\xi_\\mu,x_\\ell\\rangle` the algorithm
evaluates, and the least-squares log-log slopes over ``L`` next to the claimed complexity.

Variants
--------
dense          :math:`\\Xi\\operatorname{softmax}(\\beta\\Xi^\\top x)`, all :math:`L^2` scores.   claim ~2
v1-random      V1 with a random :math:`\\lceil\\sqrt L\\rceil`-subset mask: the normaliser still
               needs all :math:`L^2` scores.                                                   claim ~2
topk           V2 on the top-:math:`\\lceil\\sqrt L\\rceil` scores (selection needs all scores).  claim ~2
window-sqrtL   V2, band :math:`|\\mu-\\ell|\\le\\lceil\\sqrt L\\rceil`, offset-sliced.              claim ~1.5
strided-sqrtL  V2, local band + stride :math:`\\lceil\\sqrt L\\rceil`, offset-sliced.            claim ~1.5
random-sqrtL   V2, random :math:`\\lceil\\sqrt L\\rceil`-subsets, gathered.                     claim ~1.5
linear         elu+1 features, factorised.                                                    claim ~1
prf            positive random features (:math:`n_f` = 64), factorised.                        claim ~1

The quadratic variants are evaluated in blocks of queries (``--block``), so their *memory* grows
like :math:`L\\cdot` block, not :math:`L^2`; their time is quadratic either way.  A variant stops
growing ``L`` once one run exceeds ``--budget`` seconds, which keeps the whole script under two
minutes on two cores.  Slopes are fitted on the points with ``L >= --fit-from`` (small ``L`` is
dominated by Python overhead).

Usage::

    python benchmarks/bench_structured.py                 # L = 256 ... 16384, d = 64
    python benchmarks/bench_structured.py --L-max 4096 --d 32
    python benchmarks/bench_structured.py --backend cupy  # on a machine with a GPU
"""

from __future__ import annotations

import argparse
import math
import time
import tracemalloc

import numpy as np

from hoptheory.backend import get_backend
from hoptheory.maps._masks import (
    random_subset_indices,
    random_subset_mask,
    sqrt_window_width,
    strided_offsets,
    top_k_mask,
    window_offsets,
)
from hoptheory.models._kernel import LinearHopfield, PerformerHopfield
from hoptheory.models._structured import gathered_masked_retrieve, offset_masked_retrieve

CLAIMED = {
    "dense": 2.0,
    "v1-random": 2.0,
    "topk": 2.0,
    "window-sqrtL": 1.5,
    "strided-sqrtL": 1.5,
    "random-sqrtL": 1.5,
    "linear": 1.0,
    "prf": 1.0,
}


def _blocks(L, block):
    for start in range(0, L, block):
        yield start, min(L, start + block)


def _softmax0(xp, theta):
    e = xp.exp(theta - xp.max(theta, axis=0, keepdims=True))
    return e / xp.sum(e, axis=0, keepdims=True)


def run_variant(name, xp, Xi, X, beta, block, seed):
    """Evaluate one variant once; return (output, number of scores evaluated)."""
    d, L = Xi.shape
    s = sqrt_window_width(L)
    if name == "dense":
        outs = [Xi @ _softmax0(xp, beta * (Xi.T @ X[:, a:b])) for a, b in _blocks(L, block)]
        return xp.concat(outs, axis=1), L * L
    if name == "v1-random":
        outs = []
        for a, b in _blocks(L, block):
            mask = random_subset_mask(L, s, n_queries=b - a, seed=seed + a, xp=xp)
            p = _softmax0(xp, beta * (Xi.T @ X[:, a:b]))
            outs.append(Xi @ xp.where(mask, p, xp.zeros_like(p)))
        return xp.concat(outs, axis=1), L * L
    if name == "topk":
        outs = []
        for a, b in _blocks(L, block):
            z = Xi.T @ X[:, a:b]
            mask = top_k_mask(z, s)
            theta = xp.where(mask, beta * z, xp.full_like(z, -math.inf))
            outs.append(Xi @ _softmax0(xp, theta))
        return xp.concat(outs, axis=1), L * L
    if name == "window-sqrtL":
        return offset_masked_retrieve(Xi, X, beta, window_offsets(s))
    if name == "strided-sqrtL":
        return offset_masked_retrieve(Xi, X, beta, strided_offsets(L, s))
    if name == "random-sqrtL":
        outs, count = [], 0
        for a, b in _blocks(L, block):
            idx = random_subset_indices(L, s, n_queries=b - a, seed=seed + a, xp=xp)
            out, c = gathered_masked_retrieve(Xi, X[:, a:b], beta, idx)
            outs.append(out)
            count += c
        return xp.concat(outs, axis=1), count
    if name == "linear":
        return LinearHopfield(Xi).retrieve(X), 0
    if name == "prf":
        return PerformerHopfield(Xi, beta, 64, seed=seed).retrieve(X), 0
    raise ValueError(name)


def _sync(xp, out):
    # force completion on asynchronous devices (CuPy) by reading one number back
    float(xp.sum(out[:, :1]))


def measure(name, xp, L, d, beta, block, seed, repeats):
    rng = np.random.default_rng(seed)
    Xi = xp.asarray(rng.standard_normal((d, L)) / math.sqrt(d))
    X = xp.asarray(rng.standard_normal((d, L)) / math.sqrt(d))
    best, peak, spent, runs = math.inf, 0, 0.0, 0
    # repeat short runs (best of up to `repeats`, within about one second) to tame timer noise
    while runs == 0 or (runs < repeats and spent < 1.0):
        runs += 1
        tracemalloc.start()
        t0 = time.perf_counter()
        out, count = run_variant(name, xp, Xi, X, beta, block, seed)
        _sync(xp, out)
        elapsed = time.perf_counter() - t0
        best, spent = min(best, elapsed), spent + elapsed
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        del out
    return best, peak, count


def slope(Ls, ys):
    pts = [(L, y) for L, y in zip(Ls, ys) if y > 0]
    if len(pts) < 2:
        return math.nan
    a = np.log([p[0] for p in pts])
    b = np.log([p[1] for p in pts])
    return float(np.polyfit(a, b, 1)[0])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--L-min", type=int, default=256)
    ap.add_argument("--L-max", type=int, default=16384)
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--beta", type=float, default=1.0)
    ap.add_argument("--block", type=int, default=1024, help="queries per block for the quadratic variants")
    ap.add_argument("--budget", type=float, default=2.5, help="stop growing L for a variant after a run this long (s)")
    ap.add_argument("--fit-from", type=int, default=1024, help="fit slopes on L >= this")
    ap.add_argument("--backend", default="numpy", choices=["numpy", "array_api_strict", "cupy"])
    ap.add_argument("--variants", default=",".join(CLAIMED))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    xp = get_backend(args.backend)
    Ls = []
    L = args.L_min
    while L <= args.L_max:
        Ls.append(L)
        L *= 2
    print(f"backend={args.backend}  d={args.d}  beta={args.beta}  block={args.block}  L={Ls}")
    print(f"{'variant':<14} {'L':>6} {'time [s]':>10} {'peak [MiB]':>11} {'scores':>12}")
    summary = []
    t_start = time.perf_counter()
    for name in args.variants.split(","):
        rows = []
        for L in Ls:
            repeats = 7
            t, peak, count = measure(name, xp, L, args.d, args.beta, args.block, args.seed, repeats)
            rows.append((L, t, peak, count))
            print(f"{name:<14} {L:>6} {t:>10.4f} {peak / 2**20:>11.2f} {count:>12}")
            if t > args.budget:
                break
        fit = [r for r in rows if r[0] >= args.fit_from] or rows
        st = slope([r[0] for r in fit], [r[1] for r in fit])
        sm = slope([r[0] for r in fit], [r[2] for r in fit])
        sc = slope([r[0] for r in fit], [r[3] for r in fit])
        summary.append((name, CLAIMED[name], st, sm, sc, fit[0][0], fit[-1][0]))
    print()
    print(f"{'variant':<14} {'claimed':>8} {'time slope':>11} {'memory slope':>13} {'score slope':>12}  fitted L range")
    for name, claim, st, sm, sc, lo, hi in summary:
        sc_txt = f"{sc:12.2f}" if not math.isnan(sc) else f"{'-':>12}"
        print(f"{name:<14} {claim:>8.1f} {st:>11.2f} {sm:>13.2f} {sc_txt}  {lo}..{hi}")
    print(f"\ntotal wall time {time.perf_counter() - t_start:.1f} s")


if __name__ == "__main__":
    main()
