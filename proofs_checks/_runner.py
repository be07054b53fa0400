"""Running checks: one claim (:func:`run_one`), or many with incremental results (:func:`run`)."""

from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ._framework import PROFILES, CheckResult, Context

__all__ = ["RunInterrupted", "SchedulerError", "result_path", "run", "run_one", "run_one_json"]


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run`; ``results`` holds the checks that finished (in order)."""

    def __init__(self, results: list[dict]):
        super().__init__(f"interrupted after {len(results)} finished checks")
        self.results = results


class SchedulerError(RuntimeError):
    """The Dask scheduler could not be reached or started (the message is one line)."""


def run_one(claim_id: str, *, profile: str = "quick", backend: str = "numpy", seed: int = 20231,
            mutation=None, context: Context | None = None) -> CheckResult:
    """Run the check registered for ``claim_id``; an exception becomes verdict ``error``."""
    from . import checks  # noqa: PLC0415

    registry = checks()
    if claim_id not in registry:
        raise KeyError(f"no check registered for {claim_id!r}")
    ctx = context or Context(profile=PROFILES[profile], backend=backend, seed=seed, mutation=mutation)
    ctx.claim_id = claim_id
    t0 = time.perf_counter()
    try:
        res = registry[claim_id](ctx)
        if not isinstance(res, CheckResult):
            raise TypeError(f"check of {claim_id} returned {type(res).__name__}, not CheckResult")
    except Exception as exc:  # noqa: BLE001  (reported as verdict 'error', with the traceback)
        res = CheckResult(claim_id, "error", {"exception": repr(exc), "traceback": traceback.format_exc()},
                          notes="the check raised an exception")
    res.duration_s = time.perf_counter() - t0
    return res


def run_one_json(claim_id: str, profile: str, backend: str, seed: int) -> dict:
    """:func:`run_one` as a JSON-ready dict (what Dask workers send back)."""
    res = run_one(claim_id, profile=profile, backend=backend, seed=seed)
    return res.to_json()


def result_path(out: Path, claim_id: str) -> Path:
    return out / "claims" / (claim_id.replace("/", "__") + ".json")


def _version() -> str:
    from hoptheory import __version__  # noqa: PLC0415

    return __version__


def _compatible(path: Path, profile: str, backend: str, seed: int) -> dict | None:
    """A stored result that may be reused: same profile, backend, seed and version, not an error."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    run = data.get("run", {})
    same = (run.get("profile") == profile and run.get("backend") == backend and run.get("seed") == seed
            and run.get("version") == _version())
    if same and data.get("verdict") != "error":
        return data
    return None


def run(claim_ids: Sequence[str], *, out: Path, profile: str = "default", backend: str = "numpy",
        seed: int = 20231, resume: bool = False, scheduler: str | None = None,
        progress: Callable[[Iterable], Iterable] | None = None,
        on_result: Callable[[dict], None] | None = None) -> list[dict]:
    """Run checks, writing each result to ``out/claims/<id>.json`` as soon as it finishes.

    With ``resume``, results already on disk for the same profile, backend, seed and
    hoptheory version are reused (marked ``"resumed": True``); stored ``error`` results are
    run again.  Ctrl-C raises :class:`RunInterrupted` carrying the finished results (each is
    on disk already).  With ``scheduler`` (a Dask scheduler address, or the string ``"local"`` for
    an in-process ``LocalCluster``) the checks run on a Dask distributed cluster.
    Returns the results in the order of ``claim_ids``.
    """
    out = Path(out)
    (out / "claims").mkdir(parents=True, exist_ok=True)
    done: dict[str, dict] = {}
    todo = []
    for cid in claim_ids:
        prev = _compatible(result_path(out, cid), profile, backend, seed) if resume else None
        if prev is not None:
            prev["resumed"] = True
            done[cid] = prev
        else:
            todo.append(cid)

    def store(data: dict):
        data["run"] = {"profile": profile, "backend": backend, "seed": seed, "version": _version()}
        path = result_path(out, data["id"])
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=1))
        os.replace(tmp, path)  # atomic: an interrupted run never leaves half a file
        done[data["id"]] = data
        if on_result:
            on_result(data)

    bar = progress(range(len(claim_ids))) if progress else None
    if bar is not None:
        for _ in range(len(done)):
            bar.update(1)

    try:
        if scheduler:
            _run_dask(todo, scheduler, profile, backend, seed, store, bar)
        else:
            for cid in todo:
                store(run_one(cid, profile=profile, backend=backend, seed=seed).to_json())
                if bar is not None:
                    bar.update(1)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        raise RunInterrupted([done[c] for c in claim_ids if c in done]) from None
    if bar is not None:
        bar.close()
    return [done[c] for c in claim_ids]


def _run_dask(todo, scheduler, profile, backend, seed, store, bar):
    from dask.distributed import Client, LocalCluster, as_completed  # noqa: PLC0415

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SchedulerError(f"cannot reach the Dask scheduler {scheduler!r}: {first}") from None
    try:
        futures = [client.submit(run_one_json, cid, profile, backend, seed, pure=False, key=f"check-{cid}")
                   for cid in todo]
        for fut in as_completed(futures):
            store(fut.result())
            if bar is not None:
                bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
