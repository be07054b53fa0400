r"""Hypotheses, trivial bounds, sources and SymPy assumptions shared by the bounds of Hu et al. 2024.

Every hypothesis is a :class:`~hoptheory.bounds.Hypothesis` built with the shared builders of
:mod:`hoptheory.bounds._hypotheses`; its name is the one quoted in reports.
"""

from __future__ import annotations

from .._hypotheses import at_least, greater_than, hypothesis, in_interval, integer_at_least, trivial_2m

__all__ = [
    "DERIVED", "H_BETA", "H_D_DIM", "H_K_MASK", "H_K_MASK_ONLY", "H_K_SPHERE", "H_M_COUNT", "H_M_NORM",
    "H_P_HALF_OPEN", "H_P_OPEN", "H_R", "H_RHO", "H_RR", "H_R_DELTA", "H_TOPK_AUTO", "NONNEG", "NONNEGINT",
    "POSINT", "REAL", "SRC", "nonnegative", "positive", "trivial_2m", "trivial_capacity", "trivial_jacobian",
]

SRC = "Hu et al., Nonparametric Modern Hopfield Models, arXiv:2404.03900 v1 / ICML 2025"
DERIVED = "hoptheory (derived; not in the paper), after " + SRC

# SymPy assumptions of the parameters (default: positive real).
REAL = {"real": True}
POSINT = {"positive": True, "integer": True}
NONNEGINT = {"nonnegative": True, "integer": True}
NONNEG = {"nonnegative": True}


def positive(p: str, latex: str):
    """:math:`p > 0`, named ``"p > 0"``."""
    return greater_than(p, 0, f"{latex} > 0")


def nonnegative(p: str, latex: str):
    """:math:`p \\ge 0`, named ``"p >= 0"``."""
    return at_least(p, 0, f"{latex} \\geq 0")


H_BETA = positive("beta", r"\beta")
H_M_NORM = positive("m", "m")
H_R = positive("r", "r")
H_RR = positive("R", "R")
H_K_SPHERE = positive("K", "K")
H_M_COUNT = integer_at_least("M", 2, r"M \in \mathbb{Z},\ M \geq 2")
H_K_MASK = hypothesis("k integer in [1, M]", r"k \in \mathbb{Z},\ 1 \leq k \leq M",
                      lambda xp, **p: (p["k"] >= 1) & (p["k"] <= p["M"]) & (xp.floor(p["k"]) == p["k"]))
H_K_MASK_ONLY = integer_at_least("k", 1, r"k \in \mathbb{Z},\ k \geq 1")
H_D_DIM = integer_at_least("d", 2, r"d \in \mathbb{Z},\ d \geq 2")
H_P_OPEN = in_interval("p_fail", 0, 1, r"0 < p < 1")
H_P_HALF_OPEN = in_interval("p_fail", 0, 1, r"0 < p \leq 1", closed_high=True)
H_RHO = in_interval("rho", 0, 1, r"0 < \rho \leq 1", closed_high=True)
H_R_DELTA = hypothesis("R + delta > 0", r"R + \delta > 0", lambda xp, **p: p["R"] + p["delta"] > 0)
#: For top-K masks, :math:`\mu` is in the mask of every query of :math:`S_\mu(r)` when this holds.
H_TOPK_AUTO = hypothesis("m(M + k - 2) > r (top-K masks contain mu on the ball)", r"m(M+k-2) > r",
                         lambda xp, **p: p["m"] * (p["M"] + p["k"] - 2) > p["r"])


def trivial_capacity(F, **_):
    """The trivial number of memories, 2."""
    return 2.0


def trivial_jacobian(F, beta, m, **_):
    r"""The trivial Jacobian norm :math:`2\beta m^2`."""
    return 2 * beta * m ** 2
