r"""Exact and high-precision views of spherical codes, shared by the spherical-code checks.

The float codes of :mod:`hoptheory.sampling` are checked against oracles that never use the
package's own floating-point geometry:

* :func:`exact_gram`: the Gram matrix of the columns as given (every float is an exact dyadic
  rational) in rational arithmetic: signs of inner products are decided exactly;
* :func:`mp_gram`: the Gram matrix of the *normalised* columns at ``dps`` digits (mpmath), with
  :func:`mp_max_cos` and :func:`mp_min_separation` on top;
* :func:`simplex_gram` and :func:`orthoplex_gram`: the exact rational Gram matrices of the regular
  simplex (:math:`-1/d` off the diagonal) and of the orthoplex in the column order of
  :func:`hoptheory.sampling.orthoplex_code`;

Used by the checks of ``hu2024khm``, ``rankin1955``, ``wyner1965`` and ``kabatiansky1978``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import mpmath
import numpy as np

from hoptheory.backend import to_numpy

__all__ = ["DPS", "exact_gram", "host", "mp_gram", "mp_max_cos", "mp_min_separation", "orthoplex_gram",
           "simplex_gram"]

#: Digits of the high-precision oracles.
DPS = 50


def host(a) -> np.ndarray:
    """A float64 NumPy copy of an array of any namespace."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def exact_gram(U) -> list[list[Fraction]]:
    r"""The Gram matrix :math:`U^\top U` of the columns as given, in exact rational arithmetic.

    Every float is :math:`n/2^k`; with the common denominator :math:`2^E` of all entries the
    inner products are sums of products of Python integers, divided by :math:`2^{2E}` once.
    """
    A = host(U)
    ratios = [[float(v).as_integer_ratio() for v in A[:, j]] for j in range(A.shape[1])]
    E = max((den.bit_length() - 1 for col in ratios for _, den in col), default=0)
    cols = [[num << (E - (den.bit_length() - 1)) for num, den in col] for col in ratios]
    scale = 1 << (2 * E)
    return [[Fraction(sum(a * b for a, b in zip(ci, cj)), scale) for cj in cols] for ci in cols]


def mp_gram(U, dps: int = DPS) -> list[list]:
    r"""The Gram matrix of the normalised columns :math:`\hat u_i=u_i/\lVert u_i\rVert` at ``dps`` digits."""
    A = host(U)
    with mpmath.workdps(dps):
        cols = []
        for j in range(A.shape[1]):
            c = [mpmath.mpf(float(v)) for v in A[:, j]]
            n = mpmath.sqrt(mpmath.fsum(v * v for v in c))
            cols.append([v / n for v in c])
        return [[mpmath.fsum(a * b for a, b in zip(ci, cj)) for cj in cols] for ci in cols]


def _off_diagonal(G: Sequence[Sequence]):
    return [G[i][j] for i in range(len(G)) for j in range(len(G)) if i != j]


def mp_max_cos(U, dps: int = DPS):
    r""":math:`\max_{i\ne j}\langle\hat u_i,\hat u_j\rangle` at ``dps`` digits (the cosine of the minimal angle)."""
    with mpmath.workdps(dps):
        return max(_off_diagonal(mp_gram(U, dps)))


def mp_min_separation(U, dps: int = DPS):
    r""":math:`\Delta_{\min}=1-\max_{i\ne j}\langle\hat u_i,\hat u_j\rangle` at ``dps`` digits."""
    with mpmath.workdps(dps):
        return 1 - mp_max_cos(U, dps)


def simplex_gram(d: int) -> list[list[Fraction]]:
    """The exact Gram matrix of the regular simplex of ``d + 1`` unit vectors: ``-1/d`` off the diagonal."""
    return [[Fraction(1) if i == j else Fraction(-1, d) for j in range(d + 1)] for i in range(d + 1)]


def orthoplex_gram(d: int) -> list[list[Fraction]]:
    r"""The exact Gram matrix of :math:`[e_1,\dots,e_d,-e_1,\dots,-e_d]`."""
    def g(i, j):
        if i == j:
            return Fraction(1)
        return Fraction(-1) if i % d == j % d else Fraction(0)

    return [[g(i, j) for j in range(2 * d)] for i in range(2 * d)]
