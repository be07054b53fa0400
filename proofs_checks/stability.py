"""Seed stability of the verdicts: run a profile at several suite seeds and compare.

``python -m proofs_checks.stability --profile quick --seeds 1-10 --out stability``

runs the selected checks once per suite seed (each seed in ``OUT/seed-S/``, resumable like
``hoptheory check --resume``), then writes ``OUT/stability.json`` and ``OUT/stability.md``:
for every claim its verdict at each seed, whether they agree, and for claims refuted at
some seed the *search power* (the fraction of seeds that refute it).  A verdict is only worth
something if it survives a rerun with another seed: a false claim should be refuted at every
seed (power 1.0) and a true one refuted at none.

The exit code is 0 when every claim has one verdict at all seeds and no check raised, 1
otherwise, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Sequence

__all__ = ["parse_seeds", "stability", "summarise"]


def parse_seeds(text: str) -> list[int]:
    """``"1-10"``, ``"1,2,7"`` or ``"1-3,9"`` → a list of distinct non-negative seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                if b < a:
                    raise ValueError
                seeds.extend(range(a, b + 1))
            else:
                seeds.append(int(part))
        except ValueError:
            raise ValueError(f"--seeds: cannot read {part!r} (use e.g. 1-10 or 1,2,7)") from None
    if not seeds or any(s < 0 for s in seeds):
        raise ValueError(f"--seeds: need non-negative seeds, got {text!r}")
    return list(dict.fromkeys(seeds))


def _run_seed(args: tuple) -> list[dict]:
    ids, out, profile, backend, seed = args
    from ._runner import run  # noqa: PLC0415

    return run(ids, out=Path(out), profile=profile, backend=backend, seed=seed, resume=True)


def summarise(verdicts: dict[str, dict[int, str]], suspected: dict[str, str]) -> dict:
    """Per claim: the verdicts by seed, stability and search power (pure function of the table)."""
    rows = {}
    for cid, by_seed in verdicts.items():
        vs = list(by_seed.values())
        refuted = sum(v == "refuted" for v in vs)
        rows[cid] = {
            "suspected_status": suspected.get(cid, ""),
            "verdicts": {str(s): v for s, v in by_seed.items()},
            "stable": len(set(vs)) == 1,
            "errors": sum(v == "error" for v in vs),
            "search_power": refuted / len(vs) if vs else 0.0,
        }
    unstable = sorted(c for c, r in rows.items() if not r["stable"])
    return {"claims": rows, "unstable": unstable,
            "errors": sorted(c for c, r in rows.items() if r["errors"]),
            "refuted_power": {c: r["search_power"] for c, r in rows.items() if r["search_power"] > 0}}


def _markdown(summary: dict, seeds: Sequence[int], profile: str, backend: str) -> str:
    lines = [f"# Verdict stability: profile `{profile}`, backend `{backend}`, seeds {', '.join(map(str, seeds))}",
             "", f"{len(summary['claims'])} claims; {len(summary['unstable'])} with differing verdicts; "
             f"{len(summary['errors'])} with an `error`.", "",
             "| claim | suspected | verdicts | stable | search power |", "| --- | --- | --- | --- | --- |"]
    for cid, r in summary["claims"].items():
        vs = r["verdicts"]
        counts: dict[str, int] = {}
        for v in vs.values():
            counts[v] = counts.get(v, 0) + 1
        shown = ", ".join(f"{v} ×{n}" for v, n in sorted(counts.items()))
        lines.append(f"| `{cid}` | {r['suspected_status']} | {shown} | {'yes' if r['stable'] else '**no**'} | "
                     f"{r['search_power']:.2f} |")
    return "\n".join(lines) + "\n"


def stability(ids: Sequence[str], seeds: Sequence[int], *, out: Path, profile: str = "quick",
              backend: str = "numpy", jobs: int = 1) -> dict:
    """Run ``ids`` at every seed (in ``jobs`` processes) and write the stability report."""
    from hoptheory import claims  # noqa: PLC0415

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(list(ids), str(out / f"seed-{s}"), profile, backend, s) for s in seeds]
    t0 = time.perf_counter()
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_run_seed, tasks))
    else:
        results = [_run_seed(t) for t in tasks]
    verdicts: dict[str, dict[int, str]] = {cid: {} for cid in ids}
    for s, res in zip(seeds, results):
        for r in res:
            verdicts[r["id"]][s] = r["verdict"]
    suspected = {cid: claims.get(cid).suspected_status for cid in ids}
    summary = summarise(verdicts, suspected)
    summary.update({"profile": profile, "backend": backend, "seeds": list(seeds),
                    "seconds": round(time.perf_counter() - t0, 1)})
    (out / "stability.json").write_text(json.dumps(summary, indent=1))
    (out / "stability.md").write_text(_markdown(summary, seeds, profile, backend))
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m proofs_checks.stability", description=__doc__.split("\n\n")[0])
    p.add_argument("--profile", choices=["quick", "default", "thorough"], default="quick")
    p.add_argument("--seeds", default="1-10", help="suite seeds, e.g. 1-10 or 1,2,7 (default 1-10)")
    p.add_argument("--paper", help="only the claims of this paper")
    p.add_argument("--claim", action="append", help="only this claim ID (repeatable)")
    p.add_argument("--backend", choices=["numpy", "cupy"], default="numpy")
    p.add_argument("--jobs", type=int, default=1, help="seeds run in parallel processes (default 1)")
    p.add_argument("--out", default="hoptheory-stability", help="output folder")
    args = p.parse_args(argv)
    from . import checks  # noqa: PLC0415

    try:
        seeds = parse_seeds(args.seeds)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    registry = checks()
    ids = sorted(registry)
    if args.paper:
        ids = [c for c in ids if c.split("/", 1)[0] == args.paper]
    if args.claim:
        unknown = [c for c in args.claim if c not in registry]
        if unknown:
            print(f"error: no check registered for {', '.join(unknown)}", file=sys.stderr)
            return 2
        ids = [c for c in ids if c in args.claim]
    if not ids:
        print("error: no claim selected", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("error: --jobs must be >= 1", file=sys.stderr)
        return 2
    summary = stability(ids, seeds, out=Path(args.out), profile=args.profile, backend=args.backend,
                        jobs=args.jobs)
    print((Path(args.out) / "stability.md").read_text())
    return 0 if not summary["unstable"] and not summary["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
