r"""What the sections of Ramsauer et al. (2021) share: the source line, hypotheses and trivial bounds."""

from __future__ import annotations

from .._core import Hypothesis
from .._hypotheses import at_least, greater_than, in_interval, integer_at_least
from .._kits import ArrayKit

_ARXIV = "arXiv:2008.02217 (v3)"
_PAPER = "Ramsauer et al., Hopfield Networks is All You Need, ICLR 2021"


def src(label: str, form: str = "published") -> str:
    """The source line of a bound: paper, version, label and the form the catalogue gives."""
    return f"{_PAPER}, {_ARXIV}, {label} ({form})"


def array_kit(xp, ref) -> ArrayKit:
    """A fresh array kit over the shape of ``ref`` (for hypotheses that evaluate a formula)."""
    return ArrayKit(xp, tuple(ref.shape))


def nonnegative(p: str, latex: str) -> Hypothesis:
    r""":math:`p\ge0` (``latex`` is the symbol)."""
    return at_least(p, 0, latex + r"\geq 0")


def positive(p: str, latex: str) -> Hypothesis:
    r""":math:`p>0` (``latex`` is the symbol)."""
    return greater_than(p, 0, latex + ">0")


def integer(p: str, k: int) -> Hypothesis:
    r""":math:`p\in\mathbb Z,\ p\ge k`."""
    return integer_at_least(p, k, p + r"\in\mathbb{Z},\ " + p + rf"\geq {k}")


H_BETA = positive("beta", r"\beta")
H_K = positive("K", "K")
H_M_NORM = positive("m", "m")
H_C_POS = positive("c", "c")
H_M1 = integer("M", 1)
H_M2 = integer("M", 2)
H_D1 = integer("d", 1)
H_D2 = integer("d", 2)
H_D3 = integer("d", 3)
H_N1 = integer("n", 1)
H_R = nonnegative("r", "r")
H_PFAIL = in_interval("p_fail", 0, 1, r"0<p_{\mathrm{f}}\leq 1", closed_high=True)
H_EPS01 = in_interval("epsilon", 0, 1, r"0\leq\epsilon\leq 1", closed_low=True, closed_high=True)
H_BMm = (H_BETA, H_M2, H_M_NORM)

SYM_DELTA_R = {"Delta": {"real": True}, "r": {"nonnegative": True}}

TRIVIAL_JACOBIAN_LATEX = (r"\|J\|_2\leq\beta m^2\ \text{(variance of }\langle u,\xi\rangle\text{ under }p"
                          r"\text{ is at most }m^2)")


def trivial_jacobian(F, beta, m, **_):
    r"""The trivial Jacobian bound :math:`\beta m^2` (a variance of values in the ball of radius :math:`m`)."""
    return beta * m**2


def trivial_one(F, **_):
    """The trivial bound 1 (a probability, a cosine)."""
    return 1.0


def trivial_zero(F, **_):
    """The trivial lower bound 0 (a probability, an angle)."""
    return 0.0


def trivial_two(F, **_):
    """The trivial lower bound 2 (a capacity or a dimension below 2 says nothing)."""
    return 2.0
