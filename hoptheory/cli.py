"""The hoptheory command line.

  hoptheory check    run the theorem-check suite and write the report (the main job)
  hoptheory claims   list the claim registry as a table
  hoptheory demo     retrieve a pattern with the dense and sparse models

'hoptheory check --help' explains the profiles, the seeds, --resume and the terms of the
summary table (inst, slack, ratio).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

__all__ = ["main"]

#: Exit codes (also printed by ``--help``).
EXIT_OK, EXIT_CHECK_RAISED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_EXIT_CODES = """\
exit codes:
  0    the run completed (whatever the verdicts)
  1    a check itself raised (its verdict is 'error'; the traceback is in the report)
  2    bad arguments or an unusable output path (one line on stderr)
  130  interrupted (Ctrl-C); the partial report is written, rerun with --resume
"""

_CHECK_EPILOG = """\
profiles (the search budget of every check):
  quick     40 random examples, 200 trials per statistical part, 2 optimiser restarts (CI)
  default   200 examples, 1000 trials, 6 restarts
  thorough  2000 examples, 5000 trials, 20 restarts

seeds:
  --seed is the suite seed; each claim draws from its own seed, derived from the suite seed
  and the claim ID with SHA-256, so one claim's instances do not depend on the others.
  The same seed, profile and backend reproduce a run; another seed draws other instances.

the summary table:
  suspected  the status the claim catalogue expects; 'ok' when the verdict agrees
  inst       A/N: instances searched (N) and those where the hypotheses hold (A)
  slack      the smallest margin rhs - lhs (upper bounds) or lhs - rhs (lower bounds)
             over the instances; negative means a violation
  ratio      the largest observed/bound ratio (upper bounds) or bound/observed ratio
             (lower bounds); above 1 means a violation
  bound/trivial  the smallest ratio of the bound to its trivial bound (>= 1: vacuous)
  trials     successes/trials of a statistical part, with the Clopper-Pearson lower bound

--resume reuses the results in OUT/claims of the same profile, backend, seed and hoptheory
version; results with verdict 'error' are run again; the report lists the reused ones.
Errata snippets in OUT/errata.md read report.json: run them from inside OUT.

""" + _EXIT_CODES


class _UsageError(Exception):
    """A bad argument found after parsing: one line on stderr, exit code 2."""


def _fail(message: str) -> int:
    print(f"hoptheory: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _bounded_int(low: int, high: int, high_text: str | None = None):
    """An argparse type: an int from low to high (high written as ``high_text`` in messages)."""
    span = f"must be an integer from {low} to {high_text or high}"

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{span}; got {text!r}") from None
        if not low <= v <= high:
            raise argparse.ArgumentTypeError(f"{span}; got {v}")
        return v

    return parse


_seed = _bounded_int(0, 2**63 - 1, "2**63 - 1")


def _positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive finite number; got {text!r}") from None
    if not (math.isfinite(v) and v > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number; got {text!r}")
    return v


def _cmd_claims(args) -> int:
    from hoptheory import claims  # noqa: PLC0415

    recs = claims.all()
    if args.paper:
        known = sorted({r.paper.key for r in recs})
        if args.paper not in known:
            return _fail(f"unknown paper {args.paper!r}; known: {', '.join(known)}")
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

    if args.M * args.d > 10**7:
        return _fail(f"--M times --d must be at most 10**7 for a demo; got {args.M} x {args.d}")
    try:
        return _demo(args, models, sampling)
    except (ValueError, TypeError) as exc:  # an input the library refuses, in its own words
        return _fail(str(exc))


def _demo(args, models, sampling) -> int:
    Xi = sampling.sphere(args.d, args.M, 1.0, seed=args.seed)
    radius = float(models.separation_radius(Xi))
    if radius == 0.0:
        return _fail(f"two of the {args.M} patterns coincide in d = {args.d}; use a larger --d or a smaller --M")
    x = sampling.ball(Xi, 0, 0.3 * radius, seed=args.seed + 1)
    print(f"d = {args.d}, M = {args.M}, beta = {args.beta}, query within 0.3 R of pattern 0")
    for name, model in (("dense", models.DenseHopfield(Xi, args.beta)),
                        ("sparse", models.SparseHopfield(Xi, args.beta))):
        err = float(model.error(x, 0))
        kappa = int(model.support_size(x)) if hasattr(model, "support_size") else -1
        print(f"  {name:6s}  ||T(x) - xi_0|| = {err:.3e}   support size = {kappa}")
    return 0


def _check_json_path(path: str | None) -> Path | None:
    """Fail now, not after every check ran, when the JSON report cannot be written there."""
    if path is None or path == "-":
        return None
    jp = Path(path)
    if jp.is_dir():
        raise _UsageError(f"--json {path}: is a folder; give a file name such as {jp / 'report.json'}")
    existed = jp.exists()
    try:
        jp.parent.mkdir(parents=True, exist_ok=True)
        with open(jp, "a", encoding="utf-8"):
            pass
        if not existed:
            jp.unlink()
    except OSError as exc:
        raise _UsageError(f"--json {path}: cannot write there ({exc.strerror or exc})") from None
    return jp


def _check_scheduler(address: str | None) -> None:
    if address is None:
        return
    try:
        import distributed  # noqa: F401, PLC0415
    except ImportError:
        raise _UsageError(
            "--scheduler needs Dask's distributed scheduler, which is not installed; "
            "install it with: pip install 'hoptheory[dask]'"
        ) from None
    if address == "local":
        return
    rest = address.split("://", 1)[-1]
    host, _, port = rest.rpartition(":")
    if "://" in address and not address.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://", "ucx://")):
        raise _UsageError(f"--scheduler {address!r}: unknown protocol; give 'local' or an address such as tcp://host:8786")
    if not host or not port.isdigit():
        raise _UsageError(f"--scheduler {address!r}: not an address; give 'local' or an address such as tcp://host:8786")


def _select(args, registry, claims) -> list[str]:
    ids = [r.id for r in claims.all() if r.id in registry]
    ids += [c for c in registry if c not in ids]
    if args.paper:
        known = sorted({c.split("/")[0] for c in ids})
        if args.paper not in known:
            raise _UsageError(f"unknown paper {args.paper!r}; known: {', '.join(known)}")
        ids = [c for c in ids if c.split("/")[0] == args.paper]
    if args.claim:
        missing = [c for c in args.claim if c not in registry]
        if missing:
            raise _UsageError(f"no check for {', '.join(missing)} (see: hoptheory claims)")
        outside = [c for c in args.claim if c not in ids]
        if outside:
            raise _UsageError(f"--claim {', '.join(outside)} is not a claim of --paper {args.paper}")
        ids = [c for c in ids if c in args.claim]
    return ids


def _cmd_check(args) -> int:
    from tqdm import tqdm  # noqa: PLC0415

    import proofs_checks  # noqa: PLC0415
    from hoptheory import claims  # noqa: PLC0415
    from proofs_checks import _report, _runner  # noqa: PLC0415

    try:
        if args.backend == "cupy":
            from hoptheory.backend import cupy_available  # noqa: PLC0415

            if not cupy_available():
                raise _UsageError("--backend cupy needs a working CUDA device (none found)")
        ids = _select(args, proofs_checks.checks(), claims)
        json_path = _check_json_path(args.json)
        _check_scheduler(args.scheduler)
        out = Path(args.out)
        try:
            (out / "claims").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _UsageError(f"--out {args.out}: cannot create the report folder ({exc.strerror or exc})") from None
    except _UsageError as exc:
        return _fail(str(exc))
    to_stdout = args.json == "-"
    started = time.time()

    def progress(it):
        return tqdm(total=len(ids), desc=f"checks ({args.profile})", unit="claim", file=sys.stderr,
                    disable=args.no_progress)

    try:
        results = _runner.run(ids, out=out, profile=args.profile, backend=args.backend, seed=args.seed,
                              resume=args.resume, scheduler=args.scheduler, progress=progress)
    except _runner.RunInterrupted as exc:
        results, interrupted = exc.results, True
    except (OSError, _runner.SchedulerError) as exc:
        return _fail(str(exc))
    else:
        interrupted = False
    report = _report.build_report(results, profile=args.profile, backend=args.backend, seed=args.seed,
                                  started=started, finished=time.time())
    if interrupted:
        report["interrupted"] = {"finished": len(results), "selected": len(ids),
                                 "missing": [c for c in ids if c not in {r["id"] for r in results}]}
    try:
        jp, ep = _report.write_report(report, out, json_path)
    except OSError as exc:
        return _fail(f"cannot write the report: {exc}")
    table = sys.stderr if to_stdout else sys.stdout
    if to_stdout:
        sys.stdout.write(json.dumps(report, indent=1) + "\n")
    if interrupted:
        print(_report.summary_table(report), file=table)
        print(f"\ninterrupted: {len(results)} of {len(ids)} checks finished; partial report: {jp}\n"
              "to finish, rerun the same command with --resume (finished results are reused)", file=sys.stderr)
        return EXIT_INTERRUPTED
    figs = [] if args.no_figures else _report.write_figures(results, out / "figures")
    print(_report.summary_table(report), file=table)
    reused = [r["id"] for r in results if r.get("resumed")]
    if reused:
        print(f"\nreused {len(reused)} stored result(s) (--resume): {', '.join(reused)}", file=table)
    print(f"\nreport: {jp}\nerrata: {ep} (run its snippets from inside {out})\n"
          f"figures: {len(figs)} in {out / 'figures'}", file=table)
    errors = [e["id"] for e in report["claims"] if e["verdict"] == "error"]
    if errors:
        print(f"hoptheory: {len(errors)} check(s) raised: {', '.join(errors)}", file=sys.stderr)
        return EXIT_CHECK_RAISED
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from hoptheory import __version__  # noqa: PLC0415

    p = _Parser(prog="hoptheory", description=__doc__, epilog=_EXIT_CODES,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"hoptheory {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="run the theorem-check suite", epilog=_CHECK_EPILOG,
                       description="Run the theorem checks and write OUT/report.json, OUT/errata.md "
                                   "and OUT/figures.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--profile", choices=["quick", "default", "thorough"], default="default",
                   help="search budget (see 'profiles' below; default: default)")
    c.add_argument("--paper", help="only the claims of this paper (e.g. hu2023)")
    c.add_argument("--claim", action="append", help="only this claim ID (repeatable; see: hoptheory claims)")
    c.add_argument("--out", default="hoptheory-report", help="output folder (default: hoptheory-report)")
    c.add_argument("--json", help="path of the JSON report (default: OUT/report.json; '-' prints it on stdout "
                                  "and the table on stderr)")
    c.add_argument("--resume", action="store_true",
                   help="reuse finished results in OUT/claims (same profile, backend, seed and version)")
    c.add_argument("--backend", choices=["numpy", "cupy"], default="numpy")
    c.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 ('local' starts a "
                                       "LocalCluster; needs the dask extra)")
    c.add_argument("--seed", type=_seed, default=20231, help="suite seed, 0 to 2**63 - 1 (default: 20231)")
    c.add_argument("--no-figures", action="store_true", help="do not draw OUT/figures")
    c.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    c.set_defaults(func=_cmd_check)

    cl = sub.add_parser("claims", help="list the claim registry", epilog=_EXIT_CODES,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    cl.add_argument("--paper", help="only the claims of this paper (e.g. hu2023)")
    cl.set_defaults(func=_cmd_claims)

    d = sub.add_parser("demo", help="retrieve a pattern with the dense and sparse models", epilog=_EXIT_CODES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("--d", type=_bounded_int(1, 10**6), default=16, help="dimension (default: 16)")
    d.add_argument("--M", type=_bounded_int(2, 10**6), default=40, help="number of patterns, >= 2 (default: 40)")
    d.add_argument("--beta", type=_positive_float, default=4.0, help="inverse temperature > 0 (default: 4)")
    d.add_argument("--seed", type=_seed, default=0, help="seed of the patterns and the query (default: 0)")
    d.set_defaults(func=_cmd_demo)

    from ._derive_cli import add_parser as _add_derive  # noqa: PLC0415
    _add_derive(sub)
    return p


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line on stderr (exit code 2), without the usage block."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("hoptheory: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
