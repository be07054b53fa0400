"""Speed of hoptheory.maps and of the retrieval step on the CPU, against PyTorch and ``entmax``.

Run ``python benchmarks/bench_maps.py [--threads 2] [--repeats 7]``.  It needs ``torch`` and
``entmax`` (installed by hand in a separate environment or target folder; this script
installs nothing).  Everything is measured in one run, interleaved: each round times every
contender once, and the medians over the rounds are reported, so load from other jobs hits
all contenders alike.  The thread count is fixed (BLAS, OpenMP and PyTorch) before NumPy is
imported, and the load average is printed before and after.

Measured, with the goals of the fast-engine issue:

* maps on float64 scores of shape rows x cols (standard normal times a *scale*; the scale
  sets how many entries are within the margin of the maximum), at scales 1, 2 and 4:
  ``sparsemax`` <= 0.2 x ``entmax.sparsemax`` and <= 3 x ``torch.softmax``; also
  ``entmax(z, 1.5)`` against ``entmax.entmax15`` and ``softmax`` against ``torch.softmax``;
* one retrieval step ``T(X) = Xi map(beta Xi^T X)`` for N queries (M patterns of dimension
  d and the queries uniform on the sphere; beta = 2 sqrt(d) gives scores of spread 2): sparse, dense and 1.5-entmax models <= 2 x the
  time of their two GEMMs (``Xi^T X`` and ``Xi P``, NumPy).

Outputs are checked to agree before any time is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cols", type=int, default=1_024)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 2.0, 4.0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds (medians)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--M", type=int, default=10_000, help="patterns of the retrieval step")
    parser.add_argument("--d", type=int, default=256)
    parser.add_argument("--queries", type=int, default=1_024)
    parser.add_argument("--beta", type=float, default=None,
                        help="inverse temperature of the step (default 2 sqrt(d): scores of spread 2)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def _rounds(contenders: dict, repeats: int) -> dict:
    """Median seconds of each callable, timed once per round, rounds interleaved."""
    for fn in contenders.values():
        fn()  # warm-up (allocations, lazy imports, caches)
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(v) for name, v in times.items()}


def _verdict(value, goal):
    return f"{value:7.3f}  (goal <= {goal}: {'met' if value <= goal else 'NOT met'})"


def main(argv=None) -> int:
    args = _parse(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    try:
        import entmax as entmax_pkg
        import torch
    except ImportError as exc:
        print(
            f"bench_maps needs torch and entmax (missing: {exc.name}); install them outside the "
            "project environment, for example: pip install --target /some/dir torch entmax, "
            "then run with PYTHONPATH=/some/dir",
            file=sys.stderr,
        )
        return 2
    import numpy as np

    from hoptheory.maps import entmax, softmax, sparsemax
    from hoptheory.models import DenseHopfield, EntmaxHopfield, SparseHopfield
    from hoptheory.sampling import sphere

    torch.set_num_threads(args.threads)
    load0 = os.getloadavg()
    print(
        f"threads {args.threads} (BLAS/OpenMP/torch); torch {torch.__version__}; numpy "
        f"{np.__version__}; load average before {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}; "
        f"{args.repeats} interleaved rounds, medians"
    )
    rng = np.random.default_rng(args.seed)
    base = rng.standard_normal((args.rows, args.cols))
    failures = []

    for scale in args.scales:
        z = base * scale
        zt = torch.from_numpy(z)
        for name, ours, ref in (
            ("sparsemax", sparsemax(z), entmax_pkg.sparsemax(zt, dim=-1).numpy()),
            ("entmax 1.5", entmax(z, 1.5), entmax_pkg.entmax15(zt, dim=-1).numpy()),
            ("softmax", softmax(z), torch.softmax(zt, dim=-1).numpy()),
        ):
            err = float(np.max(np.abs(ours - ref)))
            if err > 1e-12:
                print(f"outputs disagree for {name} at scale {scale}: {err:.2e}", file=sys.stderr)
                return 1
        nnz = float(np.mean(np.count_nonzero(sparsemax(z), axis=1)))
        t = _rounds(
            {
                "hoptheory sparsemax": lambda: sparsemax(z),
                "entmax.sparsemax": lambda: entmax_pkg.sparsemax(zt, dim=-1),
                "torch.softmax": lambda: torch.softmax(zt, dim=-1),
                "hoptheory entmax 1.5": lambda: entmax(z, 1.5),
                "entmax.entmax15": lambda: entmax_pkg.entmax15(zt, dim=-1),
                "hoptheory softmax": lambda: softmax(z),
            },
            args.repeats,
        )
        print(f"\nscores {args.rows} x {args.cols} float64, scale {scale:g} "
              f"(mean sparsemax support {nnz:.1f}); median seconds:")
        for name, sec in t.items():
            print(f"  {name:24s} {sec:8.4f}")
        r1 = t["hoptheory sparsemax"] / t["entmax.sparsemax"]
        r2 = t["hoptheory sparsemax"] / t["torch.softmax"]
        print(f"  sparsemax / entmax.sparsemax     {_verdict(r1, 0.2)}")
        print(f"  sparsemax / torch.softmax        {_verdict(r2, 3.0)}")
        print(f"  entmax 1.5 / entmax.entmax15     {t['hoptheory entmax 1.5'] / t['entmax.entmax15']:7.3f}")
        print(f"  softmax / torch.softmax          {t['hoptheory softmax'] / t['torch.softmax']:7.3f}")
        failures += [f"sparsemax/entmax.sparsemax at scale {scale}"] * (r1 > 0.2)
        failures += [f"sparsemax/torch.softmax at scale {scale}"] * (r2 > 3.0)

    # ------------------------------------------------------------------ retrieval step
    M, d, N = args.M, args.d, args.queries
    beta = args.beta if args.beta is not None else 2.0 * d**0.5
    Xi = sphere(d, M, seed=args.seed)
    X = sphere(d, N, seed=args.seed + 1)  # queries independent of the patterns
    models = {
        "sparse": SparseHopfield(Xi, beta),
        "dense": DenseHopfield(Xi, beta),
        "entmax 1.5": EntmaxHopfield(Xi, beta, 1.5),
    }
    P = np.empty((M, N))

    def two_gemms():
        np.matmul(Xi.T, X, out=P)
        return Xi @ P

    for name, model in models.items():
        ref = Xi @ model.weights(X)
        err = float(np.max(np.abs(model.retrieve(X) - ref)))
        if err > 1e-12:
            print(f"retrieval step {name} disagrees with Xi @ weights: {err:.2e}", file=sys.stderr)
            return 1
    contenders = {"two GEMMs": two_gemms}
    contenders.update({f"{name} step": (lambda m=model: m.retrieve(X)) for name, model in models.items()})
    t = _rounds(contenders, args.repeats)
    nnz = float(np.mean(np.count_nonzero(models["sparse"].weights(X), axis=0)))
    print(f"\nretrieval step: M = {M}, d = {d}, {N} queries, beta = {beta:g} "
          f"(mean sparse support {nnz:.1f}); median seconds:")
    for name, sec in t.items():
        print(f"  {name:24s} {sec:8.4f}")
    for name in models:
        ratio = t[f"{name} step"] / t["two GEMMs"]
        print(f"  {name + ' step / two GEMMs':32s} {_verdict(ratio, 2.0)}")
        failures += [f"{name} step"] * (ratio > 2.0)
    load1 = os.getloadavg()
    print(f"\nload average after {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    print("all goals met" if not failures else "goals NOT met: " + "; ".join(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
