"""Time the capacity lower bound of Ramsauer et al. (Theorem A5) over a 10⁶-point grid.

    python benchmarks/bench_bounds.py [--points 1000000] [--repeats 5]

The grid varies β (log-uniform), K, d and p_f at once; the bound returns the value, the
hypothesis masks and the ill-defined mask in one vectorised pass.  Reported next to the
time of the bare NumPy formula (with SciPy's Lambert W) on the same grid, as a ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from scipy.special import lambertw

from hoptheory.bounds import ramsauer2021


def bare(beta, K, d, p):
    a = 2.0 / (d - 1.0) * (1.0 + np.log(2.0 * beta * K**2 * p * (d - 1.0)))
    b = 2.0 * K**2 * beta / 5.0
    c = b / np.real(lambertw(np.exp(a + np.log(b))))
    return np.sqrt(p) * c ** ((d - 1.0) / 4.0)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(0)
    n = args.points
    grid = dict(beta=10 ** rng.uniform(-1, 1, n), K=rng.uniform(0.5, 3.0, n),
                d=rng.integers(5, 60, n).astype(float), p_fail=10 ** rng.uniform(-4, -1, n))
    bound = ramsauer2021.capacity_memories
    times, bare_times = [], []
    for _ in range(args.repeats):
        t = time.perf_counter()
        res = bound(**grid)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        ref = bare(grid["beta"], grid["K"], grid["d"], grid["p_fail"])
        bare_times.append(time.perf_counter() - t)
    v = np.asarray(res.value)
    ok = np.isfinite(v) & np.isfinite(ref)
    rel = float(np.max(np.abs(v[ok] - ref[ok]) / np.abs(ref[ok]))) if ok.any() else float("nan")
    tm, tb = statistics.median(times), statistics.median(bare_times)
    print(f"capacity lower bound (Theorem A5) on {n:,} grid points, median of {args.repeats}:")
    print(f"  hoptheory (value + hypotheses + domain): {tm:.3f} s   goal < 0.5 s")
    print(f"  bare NumPy formula, SciPy lambertw:      {tb:.3f} s   ratio {tm / tb:.2f}")
    print(f"  max relative difference where both finite: {rel:.2e}; "
          f"hypotheses hold at {int(np.sum(np.asarray(res.hypotheses_hold))):,} points")


if __name__ == "__main__":
    main()
