r"""Robustness of the sparse-structured retrieval to query and memory noise.

Claim ``hu2024/noise-robustness`` (catalogue section *Retrieval error*), all in hoptheory's
derived form.  The query-noise bounds compete with the trivial bound :math:`2m`, the
memory-noise bound with :math:`2\tilde m+\Vert\eta_\mu\Vert`.
"""

from __future__ import annotations

from fractions import Fraction

from .._declare import bound
from .._hypotheses import at_least, hypothesis
from ._common import sparse_error, with_parameters
from ._hypotheses import (
    DERIVED, H_BETA, H_K_MASK, H_M_COUNT, H_M_NORM, NONNEG, POSINT, REAL, nonnegative, positive, trivial_2m,
)

__all__ = ["memory_noise_bound", "query_noise_bound", "query_noise_bound_coarse"]

_H_ETA = nonnegative("eta_norm", r"\|\eta\|")
_H_D = at_least("max_dist", 0, r"D \geq 0", name="D >= 0")
_EXAMPLE = {"beta": 1, "m": 2, "M": 5, "k": 3, "query_sep": Fraction(3, 2), "eta_norm": Fraction(1, 10)}


@bound(kind="upper", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, _H_ETA, _H_D),
       trivial=trivial_2m, trivial_latex="2m", form="derived",
       latex=(r"\|T_{\mathcal{M}}(x+\eta)-\xi_\mu\| \leq m(M+k-2)\exp\left\{-\beta\left(\tilde\Delta_\mu(x)"
              r"-\|\eta\|\max_{\nu\neq\mu}\|\xi_\mu-\xi_\nu\|\right)\right\}"),
       source=DERIVED + "; claim hu2024/noise-robustness (query noise)",
       symbols={"query_sep": REAL, "M": POSINT, "k": POSINT, "eta_norm": NONNEG, "max_dist": NONNEG},
       example={**_EXAMPLE, "max_dist": 3})
@with_parameters
def query_noise_bound(F, beta, m, M, k, query_sep, eta_norm, max_dist):
    r"""The retrieval error of V1 and V2 at a noisy query :math:`x+\eta` (:math:`\mu\in\mathcal M`).

    .. math::

        \Vert T_{\mathcal M}(x+\eta)-\xi_\mu\Vert\le m(M+k-2)\exp\Big\{-\beta\Big(\tilde\Delta_\mu(x)
        -\Vert\eta\Vert\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\Big)\Big\}

    Examples
    --------
    >>> import math
    >>> b = query_noise_bound(1.0, 2.0, 5, 3, 1.5, 0.1, 3.0)
    >>> math.isclose(float(b.value), 2.0 * (5 + 3 - 2) * math.exp(-1.0 * (1.5 - 0.1 * 3.0)))
    True
    """
    return sparse_error(F, beta, m, M, k, query_sep - eta_norm * max_dist)


@bound(kind="upper", hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, _H_ETA), trivial=trivial_2m,
       trivial_latex="2m", form="derived",
       latex=r"\|T_{\mathcal{M}}(x+\eta)-\xi_\mu\| \leq m(M+k-2)\,e^{-\beta(\tilde\Delta_\mu(x)-2m\|\eta\|)}",
       source=DERIVED + "; claim hu2024/noise-robustness (query noise, coarse)",
       symbols={"query_sep": REAL, "M": POSINT, "k": POSINT, "eta_norm": NONNEG}, example=_EXAMPLE)
@with_parameters
def query_noise_bound_coarse(F, beta, m, M, k, query_sep, eta_norm):
    r"""The query-noise bound with :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert` replaced by :math:`2m`.

    .. math::

        \Vert T_{\mathcal M}(x+\eta)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta(\tilde\Delta_\mu(x)-2m\Vert\eta\Vert)}

    Examples
    --------
    >>> import math
    >>> b = query_noise_bound_coarse(1.0, 2.0, 5, 3, 1.5, 0.1)
    >>> math.isclose(float(b.value), 12 * math.exp(-(1.5 - 0.4)))  # m(M + k - 2) = 12, 2m|eta| = 0.4
    True
    """
    return sparse_error(F, beta, m, M, k, query_sep - 2 * m * eta_norm)


@bound(kind="upper", form="derived",
       hypotheses=(H_BETA, positive("m_noisy", r"\tilde m"), H_M_COUNT, H_K_MASK, nonnegative("x_norm", r"\|x\|"),
                   nonnegative("eta_max", r"\eta_{\max}"),
                   hypothesis("0 <= eta_mu <= eta_max", r"0 \leq \|\eta_\mu\| \leq \eta_{\max}",
                              lambda xp, **p: (p["eta_mu"] >= 0) & (p["eta_mu"] <= p["eta_max"]))),
       trivial=lambda F, m_noisy, eta_mu, **_: 2 * m_noisy + eta_mu, trivial_latex=r"2\tilde m+\|\eta_\mu\|",
       latex=(r"\|\tilde T_{\mathcal{M}}(x)-\xi_\mu\| \leq \tilde m(M+k-2)\,"
              r"e^{-\beta(\tilde\Delta_\mu(x)-2\|x\|\eta_{\max})}+\|\eta_\mu\|"),
       source=DERIVED + "; claim hu2024/noise-robustness (memory noise; the separation is of the clean memories)",
       symbols={"query_sep": REAL, "M": POSINT, "k": POSINT, "x_norm": NONNEG, "eta_max": NONNEG, "eta_mu": NONNEG},
       example={"beta": 1, "m_noisy": 2, "M": 5, "k": 3, "query_sep": Fraction(3, 2), "x_norm": 2,
                "eta_max": Fraction(1, 10), "eta_mu": Fraction(1, 20)})
@with_parameters
def memory_noise_bound(F, beta, m_noisy, M, k, query_sep, x_norm, eta_max, eta_mu):
    r"""The retrieval error of V1 and V2 on noisy memories :math:`\tilde\xi_\nu=\xi_\nu+\eta_\nu`.

    .. math::

        \Vert\tilde T_{\mathcal M}(x)-\xi_\mu\Vert\le\tilde m(M+k-2)
        \,e^{-\beta(\tilde\Delta_\mu(x)-2\Vert x\Vert\eta_{\max})}+\Vert\eta_\mu\Vert

    Examples
    --------
    >>> import math
    >>> b = memory_noise_bound(1.0, 2.0, 5, 3, 1.5, 2.0, 0.1, 0.05)
    >>> math.isclose(float(b.value), 2.0 * (5 + 3 - 2) * math.exp(-1.0 * (1.5 - 2 * 2.0 * 0.1)) + 0.05)
    True
    """
    return sparse_error(F, beta, m_noisy, M, k, query_sep - 2 * x_norm * eta_max) + eta_mu
