r"""Ramsauer et al. (2021), retrieval: Theorem A8 (Theorem 4 of the main text, retrieval with one
update), Theorem A9 (Theorem 5, exponentially small retrieval error) and the separation of Gaussian
vectors (remark with Theorem 4).

:math:`r=\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}` is the larger distance of the query
and of the fixed point :math:`x^*_\mu` near :math:`\xi_\mu` to the memory.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import hypothesis, trivial_2m
from ._common import H_BMm, H_D1, H_R, SYM_DELTA_R, nonnegative, src, trivial_one

__all__ = [
    "fixed_point_epsilon_bound",
    "fixed_point_offset_bound",
    "gaussian_separation_mean",
    "gaussian_separation_variance",
    "one_step_retrieval_error_bound",
    "retrieval_error_bound_published",
]

_R_EXAMPLE = {"beta": 2, "M": 4, "m": 3, "Delta": 4, "r": Fraction(1, 8)}
_NEAR_EXAMPLE = dict(_R_EXAMPLE, r=Fraction(1, 16))


@bound(latex=(r"\|T(x)-x_\mu^*\|\leq 2\beta Mm^2(M-1)\exp\left(-\beta(\Delta_\mu-2\max\{\|x-\xi_\mu\|,"
              r"\|x_\mu^*-\xi_\mu\|\}m)\right)\|x-x_\mu^*\|"),
       source=src("Theorem 4 (A8)"), hypotheses=H_BMm + (H_R, nonnegative("fixed_point_dist", r"\|x-x_\mu^*\|")),
       trivial=trivial_2m, trivial_latex=r"\|T(x)-x_\mu^*\|\leq 2m",
       symbols=dict(SYM_DELTA_R, fixed_point_dist={"nonnegative": True}),
       example=dict(_R_EXAMPLE, fixed_point_dist=Fraction(1, 2)))
def one_step_retrieval_error_bound(F, beta, M, m, Delta, r, fixed_point_dist):
    r"""Distance of one update to the fixed point :math:`x^*_\mu` (Theorem A8).

    Eq. (180) times the distance :math:`\lVert x-x^*_\mu\rVert` of the query to the fixed point.

    .. math:: \lVert T(x)-x^*_\mu\rVert\le2\beta Mm^2(M-1)e^{-\beta(\Delta_\mu-2rm)}\lVert x-x^*_\mu\rVert.

    Parameters
    ----------
    beta, M, m : float
        Inverse temperature, number of memories and largest memory norm.
    Delta : float
        Pattern separation of the memory :math:`\xi_\mu` near which :math:`x^*_\mu` lies.
    r : float
        :math:`\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}`.
    fixed_point_dist : float
        :math:`\lVert x-x^*_\mu\rVert`.

    Examples
    --------
    >>> import math
    >>> value = float(one_step_retrieval_error_bound(2.0, 4, 3.0, 4.0, 0.125, 0.5))
    >>> math.isclose(value, 2 * 2.0 * 4 * 9.0 * 3 * math.exp(-2.0 * (4.0 - 2 * 0.125 * 3.0)) * 0.5)
    True
    """
    return 2 * beta * M * m**2 * (M - 1) * F.exp(-beta * (Delta - 2 * r * m)) * fixed_point_dist


@bound(latex=(r"\|T(x)-\xi_\mu\|\leq 2(M-1)\exp\left(-\beta(\Delta_\mu-2\max\{\|x-\xi_\mu\|,"
              r"\|x_\mu^*-\xi_\mu\|\}m)\right)m"),
       source=src("Theorem 5 (A9)"), hypotheses=H_BMm + (H_R,), trivial=trivial_2m,
       trivial_latex=r"\|T(x)-\xi_\mu\|\leq 2m", symbols=SYM_DELTA_R, example=_R_EXAMPLE)
def retrieval_error_bound_published(F, beta, M, m, Delta, r):
    r"""Exponentially small one-step retrieval error of Theorem A9 (it holds for every query, derived).

    .. math:: \lVert T(x)-\xi_\mu\rVert\le2(M-1)e^{-\beta(\Delta_\mu-2rm)}m.

    Parameters
    ----------
    beta : float
        Inverse temperature.
    M, m : float
        Number of memories and largest memory norm.
    Delta, r : float
        Pattern separation :math:`\Delta_\mu` and :math:`r=\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}`.

    Examples
    --------
    >>> import math
    >>> value = float(retrieval_error_bound_published(2.0, 4, 3.0, 4.0, 0.125))
    >>> math.isclose(value, 2 * 3 * math.exp(-2.0 * (4.0 - 2 * 0.125 * 3.0)) * 3.0)
    True
    """
    return 2 * (M - 1) * F.exp(-beta * (Delta - 2 * r * m)) * m


H_NEAR = hypothesis("r <= 1/(2 beta m)",
                    r"\|\xi_\mu-x_\mu^*\|\leq\frac{1}{2\beta m},\ \|\xi_\mu-x\|\leq\frac{1}{2\beta m}",
                    lambda xp, beta, m, r, **_: (r >= 0) & (r <= 1 / (2 * beta * xp.where(m > 0, m, xp.ones_like(m)))))


@bound(latex=r"\|\xi_\mu-x_\mu^*\|\leq 2e(M-1)m\,e^{-\beta\Delta_\mu}", source=src("Theorem 5 (A9)"),
       hypotheses=H_BMm + (H_NEAR,), trivial=trivial_2m, trivial_latex=r"\|\xi_\mu-x_\mu^*\|\leq 2m",
       symbols=SYM_DELTA_R, example=_NEAR_EXAMPLE)
def fixed_point_offset_bound(F, beta, M, m, Delta, r):
    r"""Second part of Theorem A9: the fixed point near :math:`\xi_\mu` is exponentially close to it.

    The one-step error obeys the same bound (derived).

    .. math:: \lVert\xi_\mu-x^*_\mu\rVert\le2e(M-1)m\,e^{-\beta\Delta_\mu},\qquad r\le\frac{1}{2\beta m}.

    Parameters
    ----------
    beta, M, m, Delta : float
        Inverse temperature, number of memories, largest memory norm and pattern separation :math:`\Delta_\mu`.
    r : float
        :math:`\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}\le1/(2\beta m)`; enters the
        hypotheses only.

    Examples
    --------
    >>> import math
    >>> value = float(fixed_point_offset_bound(2.0, 4, 3.0, 4.0, 0.0625))
    >>> math.isclose(value, 2 * math.e * 3 * 3.0 * math.exp(-2.0 * 4.0))
    True
    """
    return 2 * F.e * (M - 1) * m * F.exp(-beta * Delta) + 0 * r


@bound(latex=r"\epsilon\leq e(M-1)e^{-\beta\Delta_\mu}", source=src("Theorem 5 (A9), proof", "corrected"),
       form="corrected", hypotheses=H_BMm + (H_NEAR,), trivial=trivial_one, trivial_latex=r"1-p_\mu\leq 1",
       symbols=SYM_DELTA_R, example=_NEAR_EXAMPLE)
def fixed_point_epsilon_bound(F, beta, M, m, Delta, r):
    r"""The intermediate :math:`\epsilon` of Theorem A9's proof (corrected: without the extra factor :math:`m`).

    .. math:: \epsilon\le e(M-1)e^{-\beta\Delta_\mu}.

    Parameters
    ----------
    beta, M : float
        Inverse temperature and number of memories.
    m, r : float
        Largest memory norm and :math:`\max\{\lVert x-\xi_\mu\rVert,\lVert x^*_\mu-\xi_\mu\rVert\}` (hypotheses only).
    Delta : float
        Pattern separation.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(fixed_point_epsilon_bound(2.0, 4, 3.0, 4.0, 0.0625)), math.e * 3 * math.exp(-8.0))
    True
    """
    return F.e * (M - 1) * F.exp(-beta * Delta) + 0 * (r + m)


# --------------------------------------------------------------------------- remark with Theorem 4


@bound(latex=r"\mathbb{E}[x^\top x-x^\top y]=d", kind="value", source=src("remark with Theorem 4"),
       hypotheses=(H_D1,), example={"d": 3})
def gaussian_separation_mean(F, d):
    r"""Mean of the separation :math:`x^\top x-x^\top y` of independent standard Gaussian :math:`x,y\in\mathbb R^d`.

    .. math:: \mathbb E[x^\top x-x^\top y]=d.

    Parameters
    ----------
    d : int
        Dimension :math:`d\ge1` of the Gaussian vectors.

    Examples
    --------
    >>> float(gaussian_separation_mean(3))
    3.0
    """
    return d


@bound(latex=r"\mathrm{Var}[x^\top x-x^\top y]=3d", kind="value", source=src("remark with Theorem 4"),
       hypotheses=(H_D1,), example={"d": 3})
def gaussian_separation_variance(F, d):
    r"""Variance of the separation :math:`x^\top x-x^\top y` of independent standard Gaussian :math:`x,y\in\mathbb R^d`.

    .. math:: \mathrm{Var}[x^\top x-x^\top y]=3d.

    Parameters
    ----------
    d : int
        Dimension of :math:`x` and :math:`y`.

    Examples
    --------
    >>> float(gaussian_separation_variance(3)) == 3 * 3
    True
    """
    return 3 * d
