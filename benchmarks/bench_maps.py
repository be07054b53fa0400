"""Speed of hoptheory.maps against PyTorch and the ``entmax`` package, on one input.

Run ``python benchmarks/bench_maps.py [--rows 10000] [--cols 1024] [--repeats 5]``.  It needs
``torch`` and ``entmax`` (installed by hand in a separate environment; this script installs
nothing).  All maps get the same float64 scores (standard normal, shape rows x cols); the
outputs are checked to agree before any time is reported; times are medians of the repeats.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time


def _median_time(fn, repeats):
    fn()  # warm-up (allocations, lazy imports)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cols", type=int, default=1_024)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--bisect-repeats", type=int, default=1, help="repeats of entmax_bisect (slow)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    try:
        import torch
        import entmax as entmax_pkg
    except ImportError as exc:
        print(
            f"bench_maps needs torch and entmax (missing: {exc.name}); install them in a separate "
            "environment, for example: pip install torch entmax, then pip install --no-deps -e .",
            file=sys.stderr,
        )
        return 2
    import numpy as np

    from hoptheory.maps import entmax, softmax, sparsemax

    rng = np.random.default_rng(args.seed)
    z = rng.standard_normal((args.rows, args.cols))
    zt = torch.from_numpy(z)
    print(
        f"scores {args.rows} x {args.cols} float64; torch {torch.__version__} with "
        f"{torch.get_num_threads()} threads; numpy {np.__version__}"
    )

    # agreement first
    checks = {
        "sparsemax": (sparsemax(z), entmax_pkg.sparsemax(zt, dim=-1).numpy()),
        "entmax 1.5 (bisect route)": (
            entmax(z, 1.5, method="bisect"),
            entmax_pkg.entmax15(zt, dim=-1).numpy(),
        ),
        "softmax": (softmax(z), torch.softmax(zt, dim=-1).numpy()),
    }
    for name, (ours, ref) in checks.items():
        err = float(np.max(np.abs(ours - ref)))
        print(f"  agreement {name:28s} max |diff| = {err:.2e}")
        if err > 1e-12:
            print(f"outputs disagree for {name}", file=sys.stderr)
            return 1

    r = args.repeats
    t = {
        "hoptheory sparsemax": _median_time(lambda: sparsemax(z), r),
        "hoptheory entmax 1.5 bisect route": _median_time(lambda: entmax(z, 1.5, method="bisect"), r),
        "hoptheory entmax 1.5 closed form": _median_time(lambda: entmax(z, 1.5), r),
        "hoptheory softmax": _median_time(lambda: softmax(z), r),
        "torch.softmax": _median_time(lambda: torch.softmax(zt, dim=-1), r),
        "entmax.sparsemax": _median_time(lambda: entmax_pkg.sparsemax(zt, dim=-1), r),
        "entmax.entmax15": _median_time(lambda: entmax_pkg.entmax15(zt, dim=-1), r),
        "entmax.entmax_bisect(1.5)": _median_time(
            lambda: entmax_pkg.entmax_bisect(zt, alpha=1.5, dim=-1), args.bisect_repeats
        ),
    }
    p_bis = entmax_pkg.entmax_bisect(zt, alpha=1.5, dim=-1).numpy()
    print(f"  agreement entmax_bisect vs ours          max |diff| = "
          f"{float(np.max(np.abs(entmax(z, 1.5, method='bisect') - p_bis))):.2e}"
          " (entmax_bisect stops at its own tolerance)")
    print("median times (s):")
    for name, sec in t.items():
        print(f"  {name:36s} {sec:8.4f}")
    ratios = [
        ("sparsemax / entmax.sparsemax", t["hoptheory sparsemax"] / t["entmax.sparsemax"], 0.2),
        ("sparsemax / torch.softmax", t["hoptheory sparsemax"] / t["torch.softmax"], 3.0),
        (
            "entmax 1.5 bisect route / entmax.entmax_bisect",
            t["hoptheory entmax 1.5 bisect route"] / t["entmax.entmax_bisect(1.5)"],
            0.2,
        ),
        ("softmax / torch.softmax", t["hoptheory softmax"] / t["torch.softmax"], None),
    ]
    print("ratios (goal):")
    for name, value, goal in ratios:
        flag = "" if goal is None else (f"  (goal <= {goal}: " + ("met" if value <= goal else "NOT met") + ")")
        print(f"  {name:48s} {value:7.3f}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
