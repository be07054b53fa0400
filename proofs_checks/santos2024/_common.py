"""Pieces shared by the santos2024 checks: host copies, score draws and exact dyadic scores."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from hoptheory.backend import to_numpy

#: Scales of the Gaussian scores.
SCALES = (0.3, 1.0, 3.0)
#: Exact gaps between the top scores and the others (a half down to 2^-10).
GAPS = (Fraction(1, 2), Fraction(1, 16), Fraction(1, 1024))


def host(a) -> np.ndarray:
    """A float64 NumPy copy of an array of any namespace."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def seeds():
    """Array seeds of the draws."""
    return st.integers(0, 2**31 - 1)


def gaussian_scores(p) -> np.ndarray:
    """``p["M"]`` standard Gaussian scores from ``p["seed"]`` times ``p["scale"]``."""
    return p["scale"] * np.random.default_rng(p["seed"]).standard_normal(p["M"])


def dyadic(rng: np.random.Generator, low: int, high: int, size: int) -> list[Fraction]:
    """``size`` exact scores ``n / 64`` with integers ``n`` uniform in ``[low, high)``."""
    return [Fraction(int(v), 64) for v in rng.integers(low, high, size=size)]
