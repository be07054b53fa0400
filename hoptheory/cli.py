"""The ``hoptheory`` command line.

``hoptheory check``   run the theorem-check suite and write the report (the main job);
``hoptheory claims``  list the claim registry as a table;
``hoptheory demo``    retrieve a pattern with the dense and sparse models.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["main"]


def _cmd_claims(args) -> int:
    from hoptheory import claims  # noqa: PLC0415

    recs = claims.all()
    if args.paper:
        recs = [r for r in recs if r.paper.key == args.paper]
    rows = [("id", "provenance", "suspected status", "bounds", "name")]
    for r in recs:
        rows.append((r.id, r.provenance, r.suspected_status, str(len(r.bounds)), r.name))
    w = [max(len(row[i]) for row in rows) for i in range(4)]
    for i, row in enumerate(rows):
        print("  ".join(row[j].ljust(w[j]) for j in range(4)) + "  " + row[4])
        if i == 0:
            print("  ".join("-" * w[j] for j in range(4)) + "  " + "-" * 4)
    print(f"\n{len(recs)} claims")
    return 0


def _cmd_demo(args) -> int:
    from hoptheory import models, sampling  # noqa: PLC0415

    Xi = sampling.sphere(args.d, args.M, 1.0, seed=args.seed)
    x = sampling.ball(Xi, 0, 0.3 * float(models.separation_radius(Xi)), seed=args.seed + 1)
    print(f"d = {args.d}, M = {args.M}, beta = {args.beta}, query within 0.3 R of pattern 0")
    for name, model in (("dense", models.DenseHopfield(Xi, args.beta)),
                        ("sparse", models.SparseHopfield(Xi, args.beta))):
        err = float(model.error(x, 0))
        kappa = int(model.support_size(x)) if hasattr(model, "support_size") else -1
        print(f"  {name:6s}  ||T(x) - xi_0|| = {err:.3e}   support size = {kappa}")
    return 0


def _cmd_check(args) -> int:
    from tqdm import tqdm  # noqa: PLC0415

    import proofs_checks  # noqa: PLC0415
    from hoptheory import claims  # noqa: PLC0415
    from proofs_checks import _report, _runner  # noqa: PLC0415

    if args.backend == "cupy":
        from hoptheory._backend import cupy_available  # noqa: PLC0415

        if not cupy_available():
            print("error: --backend cupy needs a working CUDA device (none found)", file=sys.stderr)
            return 2
    registry = proofs_checks.checks()
    ids = [r.id for r in claims.all() if r.id in registry]
    ids += [c for c in registry if c not in ids]
    if args.paper:
        known = sorted({c.split("/")[0] for c in ids})
        if args.paper not in known:
            print(f"error: unknown paper {args.paper!r}; known: {', '.join(known)}", file=sys.stderr)
            return 2
        ids = [c for c in ids if c.split("/")[0] == args.paper]
    if args.claim:
        missing = [c for c in args.claim if c not in registry]
        if missing:
            print(f"error: no check for {', '.join(missing)}", file=sys.stderr)
            return 2
        ids = [c for c in ids if c in args.claim]
    out = Path(args.out)
    started = time.time()

    def progress(it):
        return tqdm(total=len(ids), desc=f"checks ({args.profile})", unit="claim", file=sys.stderr,
                    disable=args.no_progress)

    try:
        results = _runner.run(ids, out=out, profile=args.profile, backend=args.backend, seed=args.seed,
                              resume=args.resume, scheduler=args.scheduler, progress=progress)
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = _report.build_report(results, profile=args.profile, backend=args.backend, seed=args.seed,
                                  started=started, finished=time.time())
    jp, ep = _report.write_report(report, out, Path(args.json) if args.json else None)
    figs = [] if args.no_figures else _report.write_figures(results, out / "figures")
    print(_report.summary_table(report))
    print(f"\nreport: {jp}\nerrata: {ep}\nfigures: {len(figs)} in {out / 'figures'}")
    errors = [e["id"] for e in report["claims"] if e["verdict"] == "error"]
    if errors:
        print(f"error: {len(errors)} check(s) raised: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hoptheory", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="run the theorem-check suite")
    c.add_argument("--profile", choices=["quick", "default", "thorough"], default="default")
    c.add_argument("--paper", help="only the claims of this paper (e.g. hu2023)")
    c.add_argument("--claim", action="append", help="only this claim ID (repeatable)")
    c.add_argument("--out", default="hoptheory-report", help="output folder (default: hoptheory-report)")
    c.add_argument("--json", help="path of the JSON report (default: OUT/report.json)")
    c.add_argument("--resume", action="store_true", help="reuse finished results in OUT/claims")
    c.add_argument("--backend", choices=["numpy", "cupy"], default="numpy")
    c.add_argument("--scheduler", help="Dask scheduler address ('local' starts a LocalCluster)")
    c.add_argument("--seed", type=int, default=20231)
    c.add_argument("--no-figures", action="store_true")
    c.add_argument("--no-progress", action="store_true")
    c.set_defaults(func=_cmd_check)

    cl = sub.add_parser("claims", help="list the claim registry")
    cl.add_argument("--paper")
    cl.set_defaults(func=_cmd_claims)

    d = sub.add_parser("demo", help="retrieve a pattern with the dense and sparse models")
    d.add_argument("--d", type=int, default=16)
    d.add_argument("--M", type=int, default=40)
    d.add_argument("--beta", type=float, default=4.0)
    d.add_argument("--seed", type=int, default=0)
    d.set_defaults(func=_cmd_demo)

    from ._derive_cli import add_parser as _add_derive  # noqa: PLC0415
    _add_derive(sub)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
