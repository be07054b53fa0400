r"""Builders of the hypotheses that bounds of every paper share (:class:`~hoptheory.bounds.Hypothesis`).

A hypothesis is data: a short name quoted in reports, its LaTeX, and a vectorised test
``test(xp, **params) -> bool array``.  Tests run with floating-point warnings silenced (a
comparison with an overflowed intermediate is simply false).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._core import Hypothesis

__all__ = ["at_least", "greater_than", "hypothesis", "in_interval", "integer_at_least", "trivial_2m"]


def hypothesis(name: str, latex: str, test: Callable[..., Any]) -> Hypothesis:
    """A :class:`~hoptheory.bounds.Hypothesis` whose test runs with NumPy warnings silenced."""

    def quiet(xp, **params):
        with np.errstate(all="ignore"):
            return test(xp, **params)

    return Hypothesis(name=name, latex=latex, test=quiet)


def greater_than(p: str, value: float, latex: str, name: str | None = None) -> Hypothesis:
    """:math:`p > \\text{value}` (``latex`` is the whole condition)."""
    return hypothesis(name or f"{p} > {value:g}", latex, lambda xp, **k: k[p] > value)


def at_least(p: str, value: float, latex: str, name: str | None = None) -> Hypothesis:
    """:math:`p \\ge \\text{value}` (``latex`` is the whole condition)."""
    return hypothesis(name or f"{p} >= {value:g}", latex, lambda xp, **k: k[p] >= value)


def integer_at_least(p: str, k: int, latex: str, name: str | None = None) -> Hypothesis:
    """:math:`p\\in\\mathbb Z,\\ p\\ge k` (``latex`` is the whole condition)."""
    return hypothesis(name or f"{p} integer >= {k}", latex,
                      lambda xp, **q: (q[p] >= k) & (xp.floor(q[p]) == q[p]))


def in_interval(p: str, low: float, high: float, latex: str, *, closed_low: bool = False, closed_high: bool = False,
                name: str | None = None) -> Hypothesis:
    """``p`` in the interval from ``low`` to ``high`` (open ends unless ``closed_*``)."""
    left, right = ("[" if closed_low else "("), ("]" if closed_high else ")")

    def test(xp, **q):
        v = q[p]
        lo_ok = (v >= low) if closed_low else (v > low)
        hi_ok = (v <= high) if closed_high else (v < high)
        return lo_ok & hi_ok

    return hypothesis(name or f"{p} in {left}{low:g}, {high:g}{right}", latex, test)


def trivial_2m(F, m, **_):
    r"""The trivial retrieval error :math:`2m`: two points of the ball of radius :math:`m` are at most :math:`2m` apart."""
    return 2 * m
