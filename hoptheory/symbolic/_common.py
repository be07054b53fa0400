"""Shared pieces of the symbolic engine: errors, fact results, timed SymPy calls, zero tests."""

from __future__ import annotations

import math
import multiprocessing
import random
from dataclasses import dataclass, field
from typing import Any, Callable

import sympy as sp

__all__ = ["FactResult", "UnsupportedRegulariser", "check_sizes", "is_zero", "run_with_timeout"]


def check_sizes(limit: int, what: str, **sizes) -> None:
    """Raise ``ValueError`` unless every size is an int >= 1 and their product is at most ``limit``.

    ``what`` names the derivation in the message (its symbol count grows with the product).
    """
    for name, v in sizes.items():
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be an int >= 1; got {v!r}")
    product = math.prod(sizes.values())
    if product > limit:
        raise ValueError(f"{'*'.join(sizes)} = {product} is too large for {what} (<= {limit})")


class UnsupportedRegulariser(ValueError):
    """The regulariser is outside the reach of the conjugate engine.

    Raised (never a silently wrong conjugate) when Ω is not separable, its generator g is
    not strictly convex on (0, 1], the scalar link g'(p) = u cannot be inverted in closed
    form, or g is not finite where the engine needs it.
    """


@dataclass(frozen=True)
class FactResult:
    """Outcome of one symbolic verification.

    Attributes
    ----------
    name : str
        The fact checked (for example ``"danskin"``).
    holds : bool
        True when the fact was verified; ``bool(result)`` is the same.
    detail : str
        How it was verified, or what failed (with the offending piece or witness).
    per_piece : dict
        Support (tuple of 1-based indices) -> bool, where the fact is checked region by region.
    method : str
        ``"symbolic"`` (proved by SymPy) or ``"numeric"`` (checked in high precision at
        points inside the regions because SymPy could not prove it; the detail says where).
    """

    name: str
    holds: bool
    detail: str
    per_piece: dict = field(default_factory=dict)
    method: str = "symbolic"

    def __bool__(self) -> bool:
        return bool(self.holds)


def _worker(conn, fn, args):  # pragma: no cover - runs in the forked child
    try:
        conn.send(("ok", fn(*args)))
    except Exception as exc:  # noqa: BLE001  (report any failure to the parent)
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_with_timeout(fn: Callable, args: tuple, timeout: float | None) -> tuple[str, Any]:
    """Run ``fn(*args)`` in a forked process and wait at most ``timeout`` seconds.

    Returns ``("ok", value)``, ``("timeout", None)`` or ``("error", message)``.  SymPy's
    ``solve`` can run for hours on equations without closed forms; a forked process can be
    terminated, a thread cannot.  ``timeout=None`` runs in this process.
    """
    if timeout is None:
        try:
            return "ok", fn(*args)
        except Exception as exc:  # noqa: BLE001
            return "error", f"{type(exc).__name__}: {exc}"
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(send, fn, args), daemon=True)
    proc.start()
    send.close()
    try:
        if recv.poll(timeout):
            try:
                status, value = recv.recv()
            except EOFError:
                status, value = "error", "worker exited without a result"
        else:
            status, value = "timeout", None
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(2)
        if proc.is_alive():  # pragma: no cover
            proc.kill()
            proc.join()
        recv.close()
    return status, value


def is_zero(expr: sp.Expr, *, samples: dict | None = None) -> tuple[bool, str]:
    """Decide ``expr == 0`` symbolically (expand, then simplify).

    Returns ``(True, how)`` when SymPy proves it.  Otherwise ``(False, detail)``, where the
    detail reports the largest residual at a few random points drawn from ``samples``
    (symbol -> (low, high)), so that "not proved" and "false" can be told apart.
    """
    expr = sp.sympify(expr)
    if expr == 0:
        return True, "identically zero"
    e = sp.expand(expr)
    if e == 0:
        return True, "zero after expand"
    try:
        e = sp.simplify(e)
    except Exception:  # noqa: BLE001  (simplify may fail on exotic input)
        pass
    if e == 0:
        return True, "zero after simplify"
    detail = f"not proved zero symbolically (remainder {sp.sstr(e)[:200]})"
    if samples:
        rng = random.Random(0)
        worst = 0.0
        for _ in range(5):
            point = {s: sp.Rational(rng.randint(1, 999), 1000) * (hi - lo) + lo for s, (lo, hi) in samples.items()}
            try:
                val = complex(sp.N(expr.subs(point), 30))
                worst = max(worst, abs(val))
            except (TypeError, ValueError):
                worst = float("nan")
        detail += f"; max |residual| at 5 random points: {worst:.3e}"
    return False, detail
