"""Hypothesis strategies for the standard instance families (conventions.md §7).

Hypothesis draws only small parameters (sizes, β, α, the family, a seed); the arrays are
generated from the seed by :mod:`hoptheory.sampling` on the check's backend, so they are
sampled on the GPU when the backend is CuPy, and never collapse to one repeated value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import strategies as st

from ._instances import patterns

__all__ = [
    "FAMILIES",
    "Instance",
    "alphas",
    "betas",
    "instances",
    "make_patterns",
    "seeds",
    "sizes",
]

#: Pattern families and how they are described in evidence.
FAMILIES = {
    "sphere": "i.i.d. uniform on the sphere of radius m",
    "gaussian": "i.i.d. standard Gaussian entries",
    "binary": "i.i.d. ±1 entries",
}


def seeds() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=2**31 - 1)


def betas(lo: float = 1e-2, hi: float = 1e2) -> st.SearchStrategy[float]:
    """β log-uniform on [lo, hi] (drawn as an exponent, so shrinking moves towards β = lo)."""
    return st.floats(math.log10(lo), math.log10(hi), allow_nan=False).map(lambda e: float(10.0 ** e))


def alphas() -> st.SearchStrategy[float]:
    """α uniform on (1, 4] plus the special values 1.5, 2, 3."""
    return st.one_of(st.sampled_from([1.5, 2.0, 3.0]),
                     st.floats(1.01, 4.0, allow_nan=False))


def sizes(d=(2, 8), M=(2, 20)) -> st.SearchStrategy[tuple[int, int]]:
    """(d, M) with d ≠ M, so a transposed axis cannot pass.

    Drawn without rejection (a ``.filter`` makes Hypothesis' target phase generate thousands of
    rejected cases that never reach the check, and the search's call cap never applies): a draw
    with d = M moves M to the nearest other allowed value.
    """
    (d_lo, d_hi), (m_lo, m_hi) = d, M
    if d_lo == d_hi == m_lo == m_hi:
        raise ValueError(f"sizes: d = M = {m_lo} is the only choice, but d must differ from M")

    def distinct(t):
        dd, mm = t
        if dd != mm:
            return t
        for alt in (mm + 1, mm - 1):
            if m_lo <= alt <= m_hi:
                return dd, alt
        return (dd + 1, mm) if dd + 1 <= d_hi else (dd - 1, mm)

    return st.tuples(st.integers(*d), st.integers(*M)).map(distinct)


@dataclass(frozen=True)
class Instance:
    """The small parameters of one instance; arrays come from :func:`make_patterns`."""

    family: str
    d: int
    M: int
    m: float
    beta: float
    seed: int
    mu: int
    radius_fraction: float  # query radius as a fraction of R (1 = the default radius R)


def instances(families=("sphere", "gaussian", "binary"), d=(2, 8), M=(2, 20), beta=(1e-2, 1e2),
              m=(0.5, 4.0)) -> st.SearchStrategy[Instance]:
    """Instances of the standard families with a target pattern μ and a query radius."""

    @st.composite
    def build(draw):
        dd, MM = draw(sizes(d, M))
        return Instance(
            family=draw(st.sampled_from(list(families))),
            d=dd, M=MM,
            m=draw(st.floats(*m, allow_nan=False)),
            beta=draw(betas(*beta)),
            seed=draw(seeds()),
            mu=draw(st.integers(0, MM - 1)),
            radius_fraction=draw(st.floats(0.0, 1.0, allow_nan=False)),
        )

    return build()


def make_patterns(inst: Instance, xp=None):
    """The memories Ξ (d, M) of ``inst`` on namespace ``xp`` (:func:`proofs_checks._instances.patterns`)."""
    return patterns(inst.family, inst.d, inst.M, inst.seed, m=inst.m, xp=xp)
