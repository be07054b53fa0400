r"""Ramsauer et al. (2021), log-sum-exp, energy and dynamics: Lemma A1 (energy on the hull),
Lemma A2 (Jacobian of the update) and the separation transfer of Definition 2.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis, in_interval
from ._common import H_BETA, H_EPS01, H_M1, H_M_NORM, TRIVIAL_JACOBIAN_LATEX, nonnegative, src, trivial_jacobian

__all__ = [
    "energy_upper_bound_hull",
    "energy_upper_bound_hull_quadratic",
    "jacobian_norm_bound_coarse",
    "jacobian_norm_bound_concentrated",
    "jacobian_norm_bound_refined_corrected",
    "jacobian_norm_bound_refined_published",
    "jacobian_norm_bound_spectral",
    "query_separation_lower_bound",
    "query_separation_lower_bound_coarse",
]

# --------------------------------------------------------------------------- Lemma A1: energy


@bound(latex=r"E(x)\leq\beta^{-1}\ln M+\frac{1}{2}m^2,\quad x\in\mathrm{conv}\{\xi_\mu\}",
       source=src("Lemma A1"), hypotheses=(H_BETA, H_M1, H_M_NORM), example={"beta": 2, "M": 4, "m": 3})
def energy_upper_bound_hull(F, beta, M, m):
    r"""Upper bound on Ramsauer's energy :math:`E` (with its constants) on the convex hull of the memories.

    .. math:: E(x)\le\frac{\ln M}{\beta}+\frac{m^2}{2},\qquad x\in\mathrm{conv}\{\xi_1,\dots,\xi_M\}.

    Parameters
    ----------
    beta : float
        Inverse temperature :math:`\beta>0`.
    M : int
        Number of memories :math:`M\ge1`.
    m : float
        Largest memory norm :math:`m=\max_\mu\lVert\xi_\mu\rVert` (the hull lies in the ball of radius :math:`m`).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(energy_upper_bound_hull(2.0, 4, 3.0)), math.log(4) / 2 + 3.0**2 / 2)
    True
    """
    return F.log(M) / beta + m**2 / 2


@bound(latex=r"E(x)\leq 2m^2,\quad x\in\mathrm{conv}\{\xi_\mu\}", source=src("Lemma A1"),
       hypotheses=(H_M_NORM,), example={"m": 3})
def energy_upper_bound_hull_quadratic(F, m):
    r"""Second upper bound of Lemma A1 on the energy :math:`E` on the convex hull of the memories.

    .. math:: E(x)\le 2m^2,\qquad x\in\mathrm{conv}\{\xi_1,\dots,\xi_M\}.

    Parameters
    ----------
    m : float
        Largest memory norm :math:`m>0`.

    Examples
    --------
    >>> float(energy_upper_bound_hull_quadratic(3.0)) == 2 * 3.0**2
    True
    """
    return 2 * m**2


# --------------------------------------------------------------------------- Lemma A2: Jacobian

H_S = in_interval("s", 0, 0.25, r"0\leq s\leq\frac{1}{4}", closed_low=True, closed_high=True, name="s in [0, 1/4]")
H_PMAX = in_interval("p_max", 0, 1, r"0<p_{\max}\leq 1", closed_high=True)
H_EPS_TAIL = hypothesis("epsilon >= 1 - p_max", r"p_{\max}\geq 1-\epsilon",
                        lambda xp, epsilon, p_max, **_: epsilon >= 1 - p_max)
H_TAIL = (H_BETA, H_M1, H_M_NORM, H_EPS01, H_PMAX, H_EPS_TAIL)
_SYM_P = {"p_max": {"positive": True}}
_TAIL_EXAMPLE = {"beta": 2, "M": 4, "m": 3, "epsilon": Fraction(1, 4), "p_max": Fraction(3, 4)}


@bound(latex=r"\|J\|_2\leq 2\beta\|\Xi\|_2^2\,s,\quad s=\max_\mu p_\mu(1-p_\mu)", source=src("Lemma A2"),
       hypotheses=(H_BETA, nonnegative("xi_norm", r"\|\Xi\|_2"), H_S),
       trivial=lambda F, beta, xi_norm, **_: beta * xi_norm**2 / 2,
       trivial_latex=r"\|J\|_2\leq\frac{1}{2}\beta\|\Xi\|_2^2\ (\|\mathrm{diag}\,p-pp^\top\|_2\leq\frac{1}{2})",
       symbols={"s": {"nonnegative": True}}, example={"beta": 2, "xi_norm": 3, "s": Fraction(1, 5)})
def jacobian_norm_bound_spectral(F, beta, xi_norm, s):
    r"""Spectral-norm bound on the Jacobian of the update :math:`T`, with the spectral norm of :math:`\Xi`.

    .. math:: \lVert J_T(x)\rVert_2\le 2\beta\lVert\Xi\rVert_2^2\,s,\qquad s=\max_\mu p_\mu(1-p_\mu),\quad
        p=\mathrm{softmax}(\beta\Xi^\top x).

    Parameters
    ----------
    beta : float
        Inverse temperature.
    xi_norm : float
        Spectral norm :math:`\lVert\Xi\rVert_2`.
    s : float
        :math:`\max_\mu p_\mu(1-p_\mu)\in[0,\tfrac14]` for the weights :math:`p` at the query.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(jacobian_norm_bound_spectral(2.0, 3.0, 0.2)), 2 * 2.0 * 3.0**2 * 0.2)
    True
    """
    return 2 * beta * xi_norm**2 * s


@bound(latex=r"\|J\|_2\leq 2\beta Mm^2s", source=src("Lemma A2"), hypotheses=(H_BETA, H_M1, H_M_NORM, H_S),
       trivial=trivial_jacobian, trivial_latex=TRIVIAL_JACOBIAN_LATEX, symbols={"s": {"nonnegative": True}},
       example={"beta": 2, "M": 4, "m": 3, "s": Fraction(1, 5)})
def jacobian_norm_bound_coarse(F, beta, M, m, s):
    r"""Coarse Jacobian bound of Lemma A2 (with :math:`\lVert\Xi\rVert_2^2\le Mm^2`).

    .. math:: \lVert J_T(x)\rVert_2\le 2\beta Mm^2s,\qquad s=\max_\mu p_\mu(1-p_\mu).

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    s : float
        Largest weight variance :math:`\max_\mu p_\mu(1-p_\mu)`, :math:`p=\mathrm{softmax}(\beta\Xi^\top x)`.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(jacobian_norm_bound_coarse(2.0, 4, 3.0, 0.2)), 2 * 2.0 * 4 * 3.0**2 * 0.2)
    True
    """
    return 2 * beta * M * m**2 * s


@bound(latex=r"\|J\|_2<2\beta Mm^2\epsilon\quad(p_{\max}\geq 1-\epsilon)", source=src("Lemma A2"),
       hypotheses=H_TAIL, trivial=trivial_jacobian, trivial_latex=TRIVIAL_JACOBIAN_LATEX, symbols=_SYM_P,
       example=_TAIL_EXAMPLE)
def jacobian_norm_bound_concentrated(F, beta, M, m, epsilon, p_max):
    r"""Jacobian bound of Lemma A2 when the weights concentrate: valid for every :math:`\epsilon\ge1-p_{\max}`.

    .. math:: \lVert J_T(x)\rVert_2<2\beta Mm^2\epsilon,\qquad p_{\max}=\max_\mu p_\mu\ge1-\epsilon.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    epsilon : float
        Tail mass :math:`\epsilon\in[0,1]`.
    p_max : float
        Largest weight :math:`p_{\max}\in(0,1]`; it enters the hypotheses only.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(jacobian_norm_bound_concentrated(2.0, 4, 3.0, 0.25, 0.75)), 2 * 2.0 * 4 * 9.0 * 0.25)
    True
    """
    return 2 * beta * M * m**2 * epsilon


def _refined(F, beta, M, m, epsilon):
    r""":math:`2\beta Mm^2\epsilon-2\epsilon^2\beta Mm^2`, as printed."""
    return 2 * beta * M * m**2 * epsilon - 2 * epsilon**2 * beta * M * m**2


@bound(latex=r"\|J\|_2\leq 2\beta Mm^2\epsilon-2\epsilon^2\beta Mm^2\quad(p_{\max}\geq 1-\epsilon)",
       source=src("Lemma A2"), hypotheses=H_TAIL, trivial=trivial_jacobian, trivial_latex=TRIVIAL_JACOBIAN_LATEX,
       symbols=_SYM_P, example=_TAIL_EXAMPLE)
def jacobian_norm_bound_refined_published(F, beta, M, m, epsilon, p_max):
    r"""Refined Jacobian bound of Lemma A2 with the published hypothesis :math:`p_{\max}\ge1-\epsilon` only.

    .. math:: \lVert J_T(x)\rVert_2\le 2\beta Mm^2\epsilon-2\epsilon^2\beta Mm^2,\qquad p_{\max}\ge1-\epsilon.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    epsilon, p_max : float
        Tail mass :math:`\epsilon\in[0,1]` and largest weight :math:`p_{\max}\ge1-\epsilon`.

    Examples
    --------
    >>> import math
    >>> value = float(jacobian_norm_bound_refined_published(2.0, 4, 3.0, 0.25, 0.75))
    >>> math.isclose(value, 2 * 2.0 * 4 * 9.0 * (0.25 - 0.25**2))
    True
    """
    return _refined(F, beta, M, m, epsilon)


H_REFINED = hypothesis("epsilon <= 1/2 or epsilon == 1 - p_max",
                       r"\epsilon\leq\frac{1}{2}\ \text{or}\ \epsilon=1-p_{\max}",
                       lambda xp, epsilon, p_max, **_: (epsilon <= 0.5) | (epsilon == 1 - p_max))


@bound(latex=(r"\|J\|_2\leq 2\beta Mm^2(\epsilon-\epsilon^2)\quad(1-p_{\max}\leq\epsilon\leq\frac{1}{2}\ "
              r"\text{or}\ \epsilon=1-p_{\max})"),
       source=src("Lemma A2", "corrected, derived"), form="corrected", hypotheses=H_TAIL + (H_REFINED,),
       trivial=trivial_jacobian, trivial_latex=TRIVIAL_JACOBIAN_LATEX, symbols=_SYM_P, example=_TAIL_EXAMPLE)
def jacobian_norm_bound_refined_corrected(F, beta, M, m, epsilon, p_max):
    r"""Refined Jacobian bound of Lemma A2 with the corrected hypothesis.

    :math:`\epsilon\mapsto\epsilon-\epsilon^2` increases only up to :math:`\tfrac12`, so the bound holds for
    :math:`1-p_{\max}\le\epsilon\le\tfrac12` or for :math:`\epsilon=1-p_{\max}` exactly.

    .. math:: \lVert J_T(x)\rVert_2\le 2\beta Mm^2(\epsilon-\epsilon^2).

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    epsilon, p_max : float
        Tail mass and largest weight, with :math:`1-p_{\max}\le\epsilon\le\frac12` or :math:`\epsilon=1-p_{\max}`.

    Examples
    --------
    >>> import math
    >>> value = float(jacobian_norm_bound_refined_corrected(2.0, 4, 3.0, 0.25, 0.75))
    >>> math.isclose(value, 2 * 2.0 * 4 * 9.0 * 0.25 * (1 - 0.25))
    True
    """
    return _refined(F, beta, M, m, epsilon)


# --------------------------------------------------------------------------- Definition 2: separation transfer

_SYM_TRANSFER = {"Delta": {"real": True}, "dist": {"nonnegative": True}}
H_DIST = nonnegative("dist", r"\|x-\xi_\mu\|")


@bound(latex=r"\tilde\Delta_\mu(x)\geq\Delta_\mu-\|x-\xi_\mu\|\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|",
       source=src("Definition 2", "derived"), form="derived", kind="lower",
       hypotheses=(H_DIST, nonnegative("max_dist", r"\max_{\nu\ne\mu}\|\xi_\mu-\xi_\nu\|")),
       symbols=_SYM_TRANSFER, example={"Delta": 3, "dist": Fraction(1, 2), "max_dist": 2})
def query_separation_lower_bound(F, Delta, dist, max_dist):
    r"""Separation transfer: the query separation near :math:`\xi_\mu` from the pattern separation.

    .. math:: \tilde\Delta_\mu(x)\ge\Delta_\mu-\lVert x-\xi_\mu\rVert\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert.

    Parameters
    ----------
    Delta : float
        Pattern separation :math:`\Delta_\mu`.
    dist : float
        Distance :math:`\lVert x-\xi_\mu\rVert` of the query to the memory.
    max_dist : float
        Largest distance :math:`\max_{\nu\ne\mu}\lVert\xi_\mu-\xi_\nu\rVert` to another memory.

    Examples
    --------
    >>> float(query_separation_lower_bound(3.0, 0.5, 2.0)) == 3.0 - 0.5 * 2.0
    True
    """
    return Delta - dist * max_dist


@bound(latex=r"\tilde\Delta_\mu(x)\geq\Delta_\mu-2m\|x-\xi_\mu\|", source=src("Definition 2", "derived"),
       form="derived", kind="lower", hypotheses=(H_DIST, H_M_NORM), symbols=_SYM_TRANSFER,
       example={"Delta": 3, "dist": Fraction(1, 2), "m": 2})
def query_separation_lower_bound_coarse(F, Delta, dist, m):
    r"""Coarse separation transfer (:math:`\lVert\xi_\mu-\xi_\nu\rVert\le2m`).

    .. math:: \tilde\Delta_\mu(x)\ge\Delta_\mu-2m\lVert x-\xi_\mu\rVert.

    Parameters
    ----------
    Delta : float
        Pattern separation :math:`\Delta_\mu`.
    dist : float
        Distance :math:`\lVert x-\xi_\mu\rVert`.
    m : float
        Largest memory norm; :math:`2m` bounds every distance between memories.

    Examples
    --------
    >>> float(query_separation_lower_bound_coarse(3.0, 0.5, 2.0)) == 3.0 - 2 * 2.0 * 0.5
    True
    """
    return Delta - 2 * m * dist
