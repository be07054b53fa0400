r"""Hu et al. 2023, retrieval error: the sparsity-dependent bound and noise robustness.

The published sparsity bound with the two ends of its sandwich (it is never below the trivial
:math:`2m`), the corrected and the support-size bounds of the sparse error, and the Lipschitz
bounds of the two retrieval maps under query noise.

Order statistics are those of the scores :math:`z=\Xi^\top x` (:math:`z_{(1)}\geq z_{(2)}\geq\dots`);
:math:`\kappa=\kappa(\beta z)` is the support size of :math:`\mathrm{sparsemax}(\beta z)`.
"""

from __future__ import annotations

from fractions import Fraction

from .._hypotheses import at_least, hypothesis, trivial_2m
from ._common import DERIVED, H_BETA, H_D1, H_IN_BALL, H_KAPPA, H_M_POS, H_R_POS, H_TOP, NONNEG, PAPER, bound

__all__ = [
    "retrieval_error_sparsity_bound_published",
    "retrieval_error_sparsity_bound_floor",
    "retrieval_error_sparsity_bound_ceiling",
    "retrieval_error_sparsity_bound_corrected",
    "retrieval_error_support_bound",
    "sparse_lipschitz_bound",
    "dense_lipschitz_bound",
]


@bound(
    hypotheses=(H_M_POS, H_D1, H_BETA, H_KAPPA, at_least("gap", 0, r"z_{(1)}-z_{(\kappa)}\geq 0"),
                hypothesis("beta * gap < 1 (kappa is the sparsemax support of beta z)",
                           r"\beta(z_{(1)}-z_{(\kappa)})<1", lambda xp, **p: p["beta"] * p["gap"] < 1),
                H_R_POS, H_IN_BALL),
    trivial=trivial_2m, trivial_latex="2m",
    latex=r"\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq m+d^{1/2}m\beta\left[\kappa\left(\max_{\nu\in[M]}"
          r"\langle\xi_\nu,x\rangle-[\Xi^\top x]_{(\kappa)}\right)+\frac{1}{\beta}\right]",
    source=f"{PAPER}; Theorem 'Retrieval Error', part 2 (label unconfirmed; wording confirmed from the "
           "arXiv v2 source); hu2023/retrieval-error-sparsity-bound",
    example={"m": 1, "d": 4, "beta": 2, "kappa": 3, "gap": Fraction(1, 4), "dist": Fraction(1, 10),
             "R": Fraction(3, 10)},
)
def retrieval_error_sparsity_bound_published(F, m, d, beta, kappa, gap, dist, R):
    r"""Sparsity-dependent explicit retrieval-error bound of the sparse model, as published.

    .. math::

        \Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq m+\sqrt{d}\,m\beta\left[\kappa\left(z_{(1)}-z_{(\kappa)}\right)
        +\frac{1}{\beta}\right]\quad\text{for } x\in S_\mu(R)

    :math:`\kappa` is computed on :math:`\beta z`, the order statistics on :math:`z`.  The value
    lies in :math:`[m(1+\sqrt d),\,m(1+\sqrt d(1+\kappa)))`, above the trivial :math:`2m`.

    Examples
    --------
    >>> import math
    >>> r = retrieval_error_sparsity_bound_published(1.0, 4, 2.0, 3, 0.25, 0.1, 0.3)
    >>> math.isclose(float(r.value), 1.0 + math.sqrt(4) * 1.0 * 2.0 * (3 * 0.25 + 1 / 2.0))
    True
    >>> bool(r.vacuous)
    True
    """
    return m + F.sqrt(d) * m * beta * (kappa * gap + F.div(1, beta))


@bound(
    hypotheses=(H_M_POS, H_D1),
    kind="value", form="derived",
    latex=r"m(1+\sqrt{d})\leq\mathrm{RHS}",
    source=f"{DERIVED}; hu2023/retrieval-error-sparsity-bound (lower end of the sandwich; it is >= 2m, "
           "the trivial bound, for every d >= 1)",
    example={"m": 1, "d": 4},
)
def retrieval_error_sparsity_bound_floor(F, m, d):
    r"""Smallest value the published sparsity bound can take (attained at a zero gap).

    .. math::

        m(1+\sqrt{d})\leq m+\sqrt{d}\,m\beta\left[\kappa\left(z_{(1)}-z_{(\kappa)}\right)+\frac{1}{\beta}\right]

    Examples
    --------
    >>> import math
    >>> math.isclose(float(retrieval_error_sparsity_bound_floor(1.5, 9).value), 1.5 * (1 + 3))
    True
    """
    return m * (1 + F.sqrt(d))


@bound(
    hypotheses=(H_M_POS, H_D1, H_KAPPA),
    kind="value", form="derived",
    latex=r"\mathrm{RHS}<m\left(1+\sqrt{d}(1+\kappa)\right)",
    source=f"{DERIVED}; hu2023/retrieval-error-sparsity-bound (strict upper end of the sandwich, "
           "from beta (z_(1) - z_(kappa)) < 1)",
    example={"m": 1, "d": 4, "kappa": 3},
)
def retrieval_error_sparsity_bound_ceiling(F, m, d, kappa):
    r"""Strict upper end of the sandwich of the published sparsity bound.

    .. math::

        m+\sqrt{d}\,m\beta\left[\kappa\left(z_{(1)}-z_{(\kappa)}\right)+\frac{1}{\beta}\right]
        <m\left(1+\sqrt{d}(1+\kappa)\right)\quad\text{as }\beta(z_{(1)}-z_{(\kappa)})<1

    Examples
    --------
    >>> import math
    >>> math.isclose(float(retrieval_error_sparsity_bound_ceiling(1.5, 9, 2).value), 1.5 * (1 + 3 * (1 + 2)))
    True
    """
    return m * (1 + F.sqrt(d) * (1 + kappa))


@bound(
    hypotheses=(H_M_POS, H_BETA, H_KAPPA,
                at_least("gap_sum", 0, r"\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\geq 0"),
                hypothesis("beta * gap_sum <= kappa - 1",
                           r"\beta\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\leq\kappa-1",
                           lambda xp, **p: p["beta"] * p["gap_sum"] <= p["kappa"] - 1),
                H_TOP),
    trivial=trivial_2m, trivial_latex="2m", form="corrected",
    latex=r"\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm sp}_\mu)=\frac{2m}{\kappa}\left(\kappa-1-\beta"
          r"\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right)",
    source=f"{DERIVED}; corrected form of hu2023/retrieval-error-sparsity-bound "
           "(p^sp_(1) = (1 + beta sum_j (z_(1) - z_(j)))/kappa); equals 0 at kappa = 1",
    example={"m": 1, "beta": 2, "kappa": 3, "gap_sum": Fraction(1, 2), "query_sep": Fraction(1, 10)},
)
def retrieval_error_sparsity_bound_corrected(F, m, beta, kappa, gap_sum, query_sep):
    r"""Informative sparsity-dependent error bound of the sparse model (where :math:`\xi_\mu` has the top score).

    .. math::

        \Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm sp}_\mu)
        =\frac{2m}{\kappa}\left(\kappa-1-\beta\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right)

    since :math:`p^{\rm sp}_{(1)}=(1+\beta\sum_{j\leq\kappa}(z_{(1)}-z_{(j)}))/\kappa`; it is 0 at
    :math:`\kappa=1`.

    Examples
    --------
    >>> import math
    >>> r = retrieval_error_sparsity_bound_corrected(1.0, 2.0, 3, 0.5, 0.1)
    >>> math.isclose(float(r.value), 2 * 1.0 * (1 - (1 + 2.0 * 0.5) / 3))
    True
    """
    return F.div(2 * m * (kappa - 1 - beta * gap_sum), kappa)


@bound(
    hypotheses=(H_M_POS, H_KAPPA, H_TOP),
    trivial=trivial_2m, trivial_latex="2m", form="corrected",
    latex=r"\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m\,\frac{\kappa-1}{\kappa}",
    source=f"{DERIVED}; hu2023/retrieval-error-sparsity-bound (weaker form of the corrected bound)",
    example={"m": 1, "kappa": 3, "query_sep": Fraction(1, 10)},
)
def retrieval_error_support_bound(F, m, kappa, query_sep):
    r"""Support-size bound of the sparse error (where :math:`\xi_\mu` has the top score).

    .. math::

        \Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m\,\frac{\kappa-1}{\kappa}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(retrieval_error_support_bound(1.0, 3, 0.1).value), 2 * 1.0 * 2 / 3)
    True
    """
    return F.div(2 * m * (kappa - 1), kappa)


def _lipschitz(model: str, factor: str, divisor: int, why: str):
    r"""Declare the Lipschitz bound :math:`\frac{\beta}{c}\Vert\Xi\Vert_2^2\Vert\eta\Vert` of a retrieval map.

    The sparse (:math:`c=1`) and the dense (:math:`c=2`) bounds differ only in the norm of the
    Jacobian of the map (``why``); ``factor`` is :math:`\beta/c` in LaTeX.
    """
    name = f"{model}_lipschitz_bound"
    latex = rf"\Vert T_{{\rm {model}}}(x+\eta)-T_{{\rm {model}}}(x)\Vert\leq{factor}\Vert\Xi\Vert_2^2\Vert\eta\Vert"

    def formula(F, beta, spectral_norm, eta_norm):
        return beta * spectral_norm * spectral_norm * eta_norm / divisor

    formula.__name__ = formula.__qualname__ = name
    formula.__doc__ = f"""Lipschitz bound of the {model} retrieval map under query noise.

    .. math::

        {latex}

    Examples
    --------
    >>> import math
    >>> math.isclose(float({name}(2.0, 1.5, 0.1).value), 2.0 * 1.5 ** 2 * 0.1{" / 2" if divisor == 2 else ""})
    True
    """
    return bound(hypotheses=(H_BETA, at_least("spectral_norm", 0, r"\Vert\Xi\Vert_2\geq 0"),
                             at_least("eta_norm", 0, r"\Vert\eta\Vert\geq 0")),
                 form="corrected", latex=latex, source=f"{DERIVED}; corrected form of hu2023/noise-robustness ({why})",
                 example={"beta": 2, "spectral_norm": Fraction(3, 2), "eta_norm": Fraction(1, 10)})(formula)


sparse_lipschitz_bound = _lipschitz("sparse", r"\beta", 1, "sparsemax is 1-Lipschitz")
dense_lipschitz_bound = _lipschitz("dense", r"\frac{\beta}{2}", 2, "the softmax Jacobian has norm <= 1/2")
