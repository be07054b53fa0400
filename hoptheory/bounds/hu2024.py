r"""Bounds, thresholds and capacity formulas of the nonparametric modern Hopfield models.

Hu, Chen, Wu, Ruan, Liu, *Nonparametric Modern Hopfield Models*, arXiv:2404.03900 (v1, 2024;
ICML 2025) [1]_.  Every formula below is a :class:`~hoptheory.bounds.Bound`: written once, evaluated
vectorised on any array-API backend, as a SymPy twin, at high precision and certified.  Forms
marked *published* are reconstructed from secondary descriptions of the paper (provenance
``reconstructed``; the labels are unconfirmed); forms marked *derived* are hoptheory's own
provable replacements.  Claim IDs are those of ``hoptheory.claims.hu2024``.

Notes
-----
**Symbols** (parameter names of the bounds):

* ``beta``: inverse temperature :math:`\beta>0`; ``m``: largest memory norm
  :math:`m=\max_\mu\Vert\xi_\mu\Vert`; ``M``: number of memories (integer :math:`\ge2`);
  ``k``: mask size :math:`k=\vert\mathcal M\vert`, integer, :math:`1\le k\le M`; ``rho``: mask
  fraction bound, :math:`k\le\rho M`, :math:`0<\rho\le1`.
* ``Delta``: pattern separation :math:`\Delta_\mu=\Vert\xi_\mu\Vert^2-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`;
  ``Delta_q``: query separation :math:`\tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle`;
  ``Delta_qM``: the same inside the mask, :math:`\tilde\Delta^{\mathcal M}_\mu(x)`;
  ``Delta_pub``: the published exponent
  :math:`\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle` (all real).
* ``r``: ball radius of :math:`S_\mu(r)`; ``R``: the storage definition's radius
  :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`; ``delta``: the unexplained
  offset :math:`\delta` of the published capacity (real).
* ``K``, ``d``: sphere-radius factor (:math:`m=K\sqrt{d-1}`) and dimension (integer
  :math:`\ge2`); ``p_fail``: failure probability :math:`p`; ``D_Phi``, ``R_Phi``: feature
  dimension and radius in feature space.
* ``s``: an inner product :math:`\langle u,v\rangle` (real); ``n``: a Taylor order;
  ``inner``: :math:`u^\top v`; ``norm_sum_sq``: :math:`\Vert u+v\Vert^2`; ``n_f``: number of
  random features; ``L``, ``w``: sequence length and sliding-window half-width.
* ``q_mu``: the V2 weight :math:`q_\mu(x)`; ``D_mu``: :math:`\max_{\nu\in\mathcal M}\Vert\xi_\mu-\xi_\nu\Vert`;
  ``eta_norm``: query-noise norm :math:`\Vert\eta\Vert`; ``D``:
  :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`; ``m_noisy``:
  :math:`\tilde m=\max_\nu\Vert\xi_\nu+\eta_\nu\Vert`; ``eta_max``, ``eta_mu``, ``x_norm``:
  :math:`\max_\nu\Vert\eta_\nu\Vert`, :math:`\Vert\eta_\mu\Vert`, :math:`\Vert x\Vert`.

**Bounds**

Retrieval error (trivial bound :math:`2m`; claims ``retrieval-error-*``, ``sparse-vs-dense-*``):

* ``retrieval_error_bound_published(beta, m, M, k, Delta_pub)``, *published* (Theorem 4.1):
  :math:`m(M+k-2)\exp\{-\beta(\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle)\}`.
  Hypotheses :math:`\beta>0`, :math:`M\ge2`, :math:`1\le k\le M` (and, on data,
  :math:`\mu\in\mathcal M`, :math:`x\in S_\mu(R)`).  Suspected ``false-in-general``.
* ``retrieval_error_bound_published_inclusive``: the same with the maximum over all
  :math:`\nu\in[M]` (the inclusive reading).
* ``retrieval_error_bound_published_dense(beta, m, M, Delta_pub)``: the dense case :math:`k=M`,
  :math:`2m(M-1)\exp\{\cdots\}`.
* ``retrieval_error_bound_rigorous(beta, m, M, k, Delta_q)``, *derived*:
  :math:`m(M+k-2)e^{-\beta\tilde\Delta_\mu(x)}` for V1 and V2, every :math:`x`, :math:`\mu\in\mathcal M`.
* ``retrieval_error_bound_v2(beta, m, k, Delta_qM)``, *derived*:
  :math:`2m(k-1)e^{-\beta\tilde\Delta^{\mathcal M}_\mu(x)}` (V2 only).
* ``retrieval_error_bound_v2_weight(q_mu, D_mu)``, *derived*: :math:`(1-q_\mu)D_\mu` (V2 only).
* ``retrieval_error_bound_ball(beta, m, M, k, Delta, r)``, *derived*:
  :math:`m(M+k-2)e^{-\beta(\Delta_\mu-2mr)}` for :math:`x\in S_\mu(r)`; also the fixed-point
  distance bound of ``fixed-point-convergence``.
* ``retrieval_error_bound_dense_rigorous(beta, m, M, Delta_q)``:
  :math:`2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}` (the dense bound, Lemma A4 generalised).
* ``error_constant_sparse(m, M, k)`` :math:`m(M+k-2)` and ``error_constant_dense(m, M)``
  :math:`2m(M-1)` (Corollary 4.1.1 compares them).

Noise (claim ``noise-robustness``, all *derived*; trivial :math:`2m`, resp. :math:`2\tilde m+\Vert\eta_\mu\Vert`):

* ``query_noise_bound(beta, m, M, k, Delta_q, eta_norm, D)``:
  :math:`m(M+k-2)\exp\{-\beta(\tilde\Delta_\mu(x)-\Vert\eta\Vert D)\}`.
* ``query_noise_bound_coarse(beta, m, M, k, Delta_q, eta_norm)``: the same with :math:`D\to2m`.
* ``memory_noise_bound(beta, m_noisy, M, k, Delta_q, x_norm, eta_max, eta_mu)``:
  :math:`\tilde m(M+k-2)e^{-\beta(\tilde\Delta_\mu(x)-2\Vert x\Vert\eta_{\max})}+\Vert\eta_\mu\Vert`.

Well-separation (claim ``well-separation-k``; values, i.e. thresholds on :math:`\Delta_\mu`):

* ``well_separation_threshold_published(beta, m, M, k, R)``, *published (expected form)*:
  :math:`\frac1\beta\ln\frac{m(M+k-2)}{R}+2mR`.
* ``well_separation_threshold(beta, m, M, k, r)``, *derived*, free radius :math:`r`.
* ``well_separation_threshold_dense(beta, m, M, r)``: :math:`\frac1\beta\ln\frac{2m(M-1)}{r}+2mr`.
* ``well_separation_relaxation(beta, M, k)``: :math:`\frac1\beta\ln\frac{2(M-1)}{M+k-2}\ge0`.

Jacobian and contraction (claims ``v1-jacobian``, ``fixed-point-convergence``; *derived*;
trivial :math:`2\beta m^2`):

* ``v1_jacobian_norm_bound(beta, m, M, k, Delta_q)``: :math:`2\beta m^2(M+k-2)e^{-\beta\tilde\Delta_\mu(x)}`.
* ``v1_contraction_bound(beta, m, M, k, Delta, r)``: :math:`2\beta m^2(M+k-2)e^{-\beta(\Delta_\mu-2mr)}`;
  V1 contracts on :math:`S_\mu(r)` when it is :math:`<1`.

Capacity (claims ``capacity-published``, ``capacity-sparse-corrected``; lower bounds on the
number of memories have trivial bound 2):

* ``capacity_published_log_argument(m, p_fail, R, delta)``: :math:`2m(\sqrt p-1)/(R+\delta)`,
  negative for every :math:`p\in(0,1)`.
* ``capacity_published_a``, ``capacity_published_b``, ``capacity_published_c`` and
  ``capacity_published(beta, m, d, p_fail, R, delta)`` (:math:`\sqrt p\,C^{(d-1)/4}`),
  ``capacity_published_p_prefactor`` (:math:`p\,C^{(d-1)/4}`), and
  ``capacity_published_feature_space(beta, D_Phi, p_fail, R_Phi)``: *published template*; each
  is ill-defined (logarithm of a negative number) wherever its hypotheses hold.
* ``capacity_a_sparse``, ``capacity_b_sparse``, ``capacity_constant_sparse(beta, K, d, p_fail, rho)``
  (:math:`c_\rho=b/W_0(e^{a_\rho+\ln b})`) and ``capacity_sparse_corrected(beta, K, d, p_fail, rho)``
  (:math:`\sqrt p\,c_\rho^{(d-1)/4}`; the guaranteed number of memories is its floor), *derived*;
  at :math:`\rho=1` they are Ramsauer et al.'s Theorem A5 constants [2]_ (3.1546, 1.3718).
* ``self_map_threshold_sparse(beta, m, M, k)``: :math:`\frac2{\beta M}+\frac1\beta\ln(\beta M(M+k-2)m^2)`
  and ``master_threshold_sparse(beta, m, M, rho)``:
  :math:`\frac2{\beta M}+\frac1\beta\ln((1+\rho)\beta M^2m^2)`, *derived*.

Kernels, variants, masks (values):

* ``exp_kernel_taylor_remainder(beta, s, n)``, *derived*:
  :math:`\frac{(\beta|s|)^{n+1}}{(n+1)!}e^{\beta|s|}` bounds the tail of
  :math:`e^{\beta s}=\sum_j(\beta s)^j/j!` after order :math:`n`; finite for :math:`n\le169`.
* ``prf_estimator_variance(beta, inner, norm_sum_sq, n_f)``, *derived*:
  :math:`\frac1{n_f}e^{2\beta u^\top v}(e^{\beta\Vert u+v\Vert^2}-1)`, and
  ``prf_estimator_variance_performer(inner, norm_sum_sq, n_f)``, Performer's :math:`\beta=1` form.
* ``sliding_window_score_count(L, w)``, *derived*: :math:`(2w+1)L-w(w+1)`.
* ``random_mask_inclusion_probability(k, M)``, *derived*: :math:`k/M`.
* :func:`svr_box_feasibility_threshold` (a function of data):
  :math:`\max_{\mu,i}|\xi_\mu[i]|\,Z(\xi_\mu+\delta\xi_\mu)`.

**Functions on data**

The ``*_at`` functions compute the scalar parameters from memories ``Xi`` of shape ``(d, M)``,
queries ``x`` of shape ``(d,)`` or ``(d, N)``, a target index ``mu`` and a boolean mask of shape
``(M,)`` (or ``(M, N)``, one mask per query), and return the Bound's
:class:`~hoptheory.bounds.BoundResult` with the data hypotheses (``mu in mask``,
``x in S_mu(R)``) added to ``failed``.  :math:`m`, :math:`\Delta_\mu`, :math:`\tilde\Delta_\mu(x)`
and :math:`R` come from :mod:`hoptheory.models` (``max_norm``, ``pattern_separation``,
``query_separation``, ``separation_radius``); the mask-dependent quantities
(:math:`k`, :math:`\tilde\Delta^{\mathcal M}_\mu(x)`) are computed here from the mask.
Overflow of :math:`e^{-\beta\tilde\Delta}` (a negative separation at large :math:`\beta`) is
reported as ill-defined ("non-finite value"), never returned as a number.

References
----------
.. [1] J. Y.-C. Hu, B.-Y. Chen, D. Wu, F. Ruan, H. Liu, "Nonparametric Modern Hopfield Models",
   arXiv:2404.03900 (v1, 2024); ICML 2025, PMLR 267.
.. [2] H. Ramsauer et al., "Hopfield Networks is All You Need", ICLR 2021, Theorem A5.
"""

from __future__ import annotations

import dataclasses
import math
import numbers

import mpmath
import numpy as np
import sympy

from ..backend import as_float_array, check_beta, get_namespace, logsumexp, to_numpy
from ..models import max_norm, pattern_separation, query_separation, separation_radius
from ._core import ArrayKit, Bound, BoundResult, Hypothesis

__all__ = [
    # retrieval error
    "retrieval_error_bound_published",
    "retrieval_error_bound_published_inclusive",
    "retrieval_error_bound_published_dense",
    "retrieval_error_bound_rigorous",
    "retrieval_error_bound_v2",
    "retrieval_error_bound_v2_weight",
    "retrieval_error_bound_ball",
    "retrieval_error_bound_dense_rigorous",
    "error_constant_sparse",
    "error_constant_dense",
    # noise
    "query_noise_bound",
    "query_noise_bound_coarse",
    "memory_noise_bound",
    # well-separation
    "well_separation_threshold_published",
    "well_separation_threshold",
    "well_separation_threshold_dense",
    "well_separation_relaxation",
    # Jacobian, contraction
    "v1_jacobian_norm_bound",
    "v1_contraction_bound",
    # capacity
    "capacity_published_log_argument",
    "capacity_published_a",
    "capacity_published_b",
    "capacity_published_c",
    "capacity_published",
    "capacity_published_p_prefactor",
    "capacity_published_feature_space",
    "capacity_a_sparse",
    "capacity_b_sparse",
    "capacity_constant_sparse",
    "capacity_sparse_corrected",
    "self_map_threshold_sparse",
    "master_threshold_sparse",
    # kernels, variants, masks
    "exp_kernel_taylor_remainder",
    "prf_estimator_variance",
    "prf_estimator_variance_performer",
    "sliding_window_score_count",
    "random_mask_inclusion_probability",
    "svr_box_feasibility_threshold",
    # functions on data
    "retrieval_error_bound_published_at",
    "retrieval_error_bound_published_inclusive_at",
    "retrieval_error_bound_rigorous_at",
    "retrieval_error_bound_v2_at",
    "retrieval_error_bound_dense_rigorous_at",
    "query_noise_bound_at",
    "memory_noise_bound_at",
    "well_separation_threshold_at",
    "well_separation_threshold_published_at",
    "v1_jacobian_norm_bound_at",
    "v1_contraction_bound_at",
    "prf_estimator_variance_at",
]

_SRC = "Hu et al., Nonparametric Modern Hopfield Models, arXiv:2404.03900 v1 / ICML 2025"
_DERIVED = "hoptheory (derived; not in the paper), after " + _SRC

# SymPy assumptions of the parameters (default: positive real).
_REAL = {"real": True}
_POSINT = {"positive": True, "integer": True}
_NONNEGINT = {"nonnegative": True, "integer": True}
_NONNEG = {"nonnegative": True}


# --------------------------------------------------------------------------- hypotheses


def _is_int(xp, v):
    return xp.floor(v) == v


def _positive(name: str, latex: str) -> Hypothesis:
    return Hypothesis(f"{name} > 0", f"{latex} > 0", lambda xp, **p: p[name] > 0)


def _nonneg(name: str, latex: str) -> Hypothesis:
    return Hypothesis(f"{name} >= 0", f"{latex} \\geq 0", lambda xp, **p: p[name] >= 0)


H_BETA = _positive("beta", r"\beta")
H_M_NORM = _positive("m", "m")
H_R = _positive("r", "r")
H_RR = _positive("R", "R")
H_K_SPHERE = _positive("K", "K")
H_M_COUNT = Hypothesis(
    "M integer >= 2", r"M \in \mathbb{Z},\ M \geq 2", lambda xp, **p: (p["M"] >= 2) & _is_int(xp, p["M"])
)
H_K_MASK = Hypothesis(
    "k integer in [1, M]",
    r"k \in \mathbb{Z},\ 1 \leq k \leq M",
    lambda xp, **p: (p["k"] >= 1) & (p["k"] <= p["M"]) & _is_int(xp, p["k"]),
)
H_K_MASK_ONLY = Hypothesis(
    "k integer >= 1", r"k \in \mathbb{Z},\ k \geq 1", lambda xp, **p: (p["k"] >= 1) & _is_int(xp, p["k"])
)
H_D_DIM = Hypothesis(
    "d integer >= 2", r"d \in \mathbb{Z},\ d \geq 2", lambda xp, **p: (p["d"] >= 2) & _is_int(xp, p["d"])
)
H_P_OPEN = Hypothesis(
    "p_fail in (0, 1)", r"0 < p < 1", lambda xp, **p: (p["p_fail"] > 0) & (p["p_fail"] < 1)
)
H_P_HALF_OPEN = Hypothesis(
    "p_fail in (0, 1]", r"0 < p \leq 1", lambda xp, **p: (p["p_fail"] > 0) & (p["p_fail"] <= 1)
)
H_RHO = Hypothesis("rho in (0, 1]", r"0 < \rho \leq 1", lambda xp, **p: (p["rho"] > 0) & (p["rho"] <= 1))
H_R_DELTA = Hypothesis("R + delta > 0", r"R + \delta > 0", lambda xp, **p: p["R"] + p["delta"] > 0)
H_TOPK_AUTO = Hypothesis(
    "m(M + k - 2) > r (top-K masks contain mu on the ball)",
    r"m(M+k-2) > r",
    lambda xp, **p: p["m"] * (p["M"] + p["k"] - 2) > p["r"],
)


# --------------------------------------------------------------------------- helpers


def _trivial_2m(F, **p):
    return 2 * p["m"]


def _trivial_capacity(F, **p):
    return 2.0


def _trivial_jacobian(F, **p):
    return 2 * p["beta"] * p["m"] ** 2


def _abs(F, v):
    return F.maximum(v, -v)


def _factorial(F, n):
    """:math:`n!` in each kit (the kits have no Gamma function)."""
    kind = getattr(F, "name", "")
    if kind == "sympy":
        return sympy.factorial(n)
    if kind == "mpmath":
        return mpmath.factorial(n)
    if kind == "interval":
        nv = F.iv(n)
        if nv.a != nv.b or mpmath.mpf(nv.a) != mpmath.floor(mpmath.mpf(nv.a)) or nv.a < 0:
            raise ArithmeticError("certified factorial needs an exact non-negative integer")
        return mpmath.iv.mpf(math.factorial(int(mpmath.mpf(nv.a))))
    # array kit: Gamma(n + 1) on the host (the array API has no Gamma function)
    from scipy.special import gamma as _gamma  # noqa: PLC0415

    xp = F.xp
    n = F.asarray(n)
    with np.errstate(over="ignore"):
        out = _gamma(to_numpy(n) + 1.0)
    return xp.asarray(np.asarray(out, dtype=np.float64), dtype=xp.float64)


# --------------------------------------------------------------------------- retrieval error


def _f_err_published(F, beta, m, M, k, Delta_pub):
    return m * (M + k - 2) * F.exp(-beta * Delta_pub)


retrieval_error_bound_published = Bound(
    name="retrieval_error_bound_published",
    parameters=("beta", "m", "M", "k", "Delta_pub"),
    formula=_f_err_published,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK),
    kind="upper",
    trivial=_trivial_2m,
    latex=(
        r"\|T_{\mathrm{Sparse}}(x)-\xi_\mu\| \leq m(M+k-2)\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle"
        r"-\max_{\nu\in[M],\nu\neq\mu}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}"
    ),
    source=_SRC + ", Theorem 4.1 (label unconfirmed; reconstructed); claim hu2024/retrieval-error-published",
    symbols={"Delta_pub": _REAL, "M": _POSINT, "k": _POSINT},
)

retrieval_error_bound_published_inclusive = Bound(
    name="retrieval_error_bound_published_inclusive",
    parameters=("beta", "m", "M", "k", "Delta_pub"),
    formula=_f_err_published,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK),
    kind="upper",
    trivial=_trivial_2m,
    latex=(
        r"\|T_{\mathrm{Sparse}}(x)-\xi_\mu\| \leq m(M+k-2)\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle"
        r"-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}"
    ),
    source=_SRC + ", Theorem 4.1, inclusive-maximum reading; claim hu2024/retrieval-error-published",
    symbols={"Delta_pub": _REAL, "M": _POSINT, "k": _POSINT},
)


def _f_err_published_dense(F, beta, m, M, Delta_pub):
    return 2 * m * (M - 1) * F.exp(-beta * Delta_pub)


retrieval_error_bound_published_dense = Bound(
    name="retrieval_error_bound_published_dense",
    parameters=("beta", "m", "M", "Delta_pub"),
    formula=_f_err_published_dense,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT),
    kind="upper",
    trivial=_trivial_2m,
    latex=(
        r"\|T_{\mathrm{Dense}}(x)-\xi_\mu\| \leq 2m(M-1)\exp\left\{-\beta\left(\langle\xi_\mu,x\rangle"
        r"-\max_{\nu\neq\mu}\langle\xi_\mu,\xi_\nu\rangle\right)\right\}"
    ),
    source=_SRC + ", Theorem 4.1 at k = M (reconstructed); claim hu2024/retrieval-error-published",
    symbols={"Delta_pub": _REAL, "M": _POSINT},
)


def _f_err_rigorous(F, beta, m, M, k, Delta_q):
    return m * (M + k - 2) * F.exp(-beta * Delta_q)


retrieval_error_bound_rigorous = Bound(
    name="retrieval_error_bound_rigorous",
    parameters=("beta", "m", "M", "k", "Delta_q"),
    formula=_f_err_rigorous,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK),
    kind="upper",
    trivial=_trivial_2m,
    latex=r"\|T_{\mathcal{M}}(x)-\xi_\mu\| \leq m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}",
    source=_DERIVED + "; claim hu2024/retrieval-error-rigorous (V1 and V2, every x, mu in the mask)",
    symbols={"Delta_q": _REAL, "M": _POSINT, "k": _POSINT},
)


def _f_err_v2(F, beta, m, k, Delta_qM):
    return 2 * m * (k - 1) * F.exp(-beta * Delta_qM)


retrieval_error_bound_v2 = Bound(
    name="retrieval_error_bound_v2",
    parameters=("beta", "m", "k", "Delta_qM"),
    formula=_f_err_v2,
    hypotheses=(H_BETA, H_M_NORM, H_K_MASK_ONLY),
    kind="upper",
    trivial=_trivial_2m,
    latex=r"\|T^{(2)}_{\mathcal{M}}(x)-\xi_\mu\| \leq 2m(k-1)\,e^{-\beta\tilde\Delta^{\mathcal{M}}_\mu(x)}",
    source=_DERIVED + "; claim hu2024/retrieval-error-rigorous (sharper V2 form)",
    symbols={"Delta_qM": _REAL, "k": _POSINT},
)


def _f_err_v2_weight(F, q_mu, D_mu):
    return (1 - q_mu) * D_mu


retrieval_error_bound_v2_weight = Bound(
    name="retrieval_error_bound_v2_weight",
    parameters=("q_mu", "D_mu"),
    formula=_f_err_v2_weight,
    hypotheses=(
        Hypothesis("q_mu in [0, 1]", r"0 \leq q_\mu \leq 1", lambda xp, **p: (p["q_mu"] >= 0) & (p["q_mu"] <= 1)),
        _nonneg("D_mu", r"D_\mu"),
    ),
    kind="upper",
    trivial=None,
    latex=r"\|T^{(2)}_{\mathcal{M}}(x)-\xi_\mu\| \leq (1-q_\mu(x))\max_{\nu\in\mathcal{M}}\|\xi_\mu-\xi_\nu\|",
    source=_DERIVED + "; claim hu2024/retrieval-error-rigorous (V2 weight form)",
    symbols={"q_mu": _NONNEG, "D_mu": _NONNEG},
)


def _f_err_ball(F, beta, m, M, k, Delta, r):
    return m * (M + k - 2) * F.exp(-beta * (Delta - 2 * m * r))


retrieval_error_bound_ball = Bound(
    name="retrieval_error_bound_ball",
    parameters=("beta", "m", "M", "k", "Delta", "r"),
    formula=_f_err_ball,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, H_R),
    kind="upper",
    trivial=_trivial_2m,
    latex=r"\sup_{x\in S_\mu(r)}\|T_{\mathcal{M}}(x)-\xi_\mu\| \leq m(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}",
    source=_DERIVED + "; claims hu2024/retrieval-error-rigorous (on a ball), hu2024/fixed-point-convergence",
    symbols={"Delta": _REAL, "M": _POSINT, "k": _POSINT},
)


def _f_err_dense_rigorous(F, beta, m, M, Delta_q):
    return 2 * m * (M - 1) * F.exp(-beta * Delta_q)


retrieval_error_bound_dense_rigorous = Bound(
    name="retrieval_error_bound_dense_rigorous",
    parameters=("beta", "m", "M", "Delta_q"),
    formula=_f_err_dense_rigorous,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT),
    kind="upper",
    trivial=_trivial_2m,
    latex=r"\|T_{\mathrm{Dense}}(x)-\xi_\mu\| \leq 2m(M-1)\,e^{-\beta\tilde\Delta_\mu(x)}",
    source="Ramsauer et al. 2021, Lemma A4 (generalised to every x); claim hu2024/sparse-vs-dense-bound",
    symbols={"Delta_q": _REAL, "M": _POSINT},
)


error_constant_sparse = Bound(
    name="error_constant_sparse",
    parameters=("m", "M", "k"),
    formula=lambda F, m, M, k: m * (M + k - 2),
    hypotheses=(H_M_NORM, H_M_COUNT, H_K_MASK),
    kind="value",
    latex=r"m(M+k-2)",
    source=_SRC + ", Corollary 4.1.1 (label unconfirmed; reconstructed); claim hu2024/sparse-vs-dense-bound",
    symbols={"M": _POSINT, "k": _POSINT},
)

error_constant_dense = Bound(
    name="error_constant_dense",
    parameters=("m", "M"),
    formula=lambda F, m, M: 2 * m * (M - 1),
    hypotheses=(H_M_NORM, H_M_COUNT),
    kind="value",
    latex=r"2m(M-1)",
    source=_SRC + ", Corollary 4.1.1 (label unconfirmed; reconstructed); claim hu2024/sparse-vs-dense-bound",
    symbols={"M": _POSINT},
)


# --------------------------------------------------------------------------- noise


def _f_query_noise(F, beta, m, M, k, Delta_q, eta_norm, D):
    return m * (M + k - 2) * F.exp(-beta * (Delta_q - eta_norm * D))


query_noise_bound = Bound(
    name="query_noise_bound",
    parameters=("beta", "m", "M", "k", "Delta_q", "eta_norm", "D"),
    formula=_f_query_noise,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, _nonneg("eta_norm", r"\|\eta\|"), _nonneg("D", "D")),
    kind="upper",
    trivial=_trivial_2m,
    latex=(
        r"\|T_{\mathcal{M}}(x+\eta)-\xi_\mu\| \leq m(M+k-2)\exp\left\{-\beta\left(\tilde\Delta_\mu(x)"
        r"-\|\eta\|\max_{\nu\neq\mu}\|\xi_\mu-\xi_\nu\|\right)\right\}"
    ),
    source=_DERIVED + "; claim hu2024/noise-robustness (query noise)",
    symbols={"Delta_q": _REAL, "M": _POSINT, "k": _POSINT, "eta_norm": _NONNEG, "D": _NONNEG},
)


def _f_query_noise_coarse(F, beta, m, M, k, Delta_q, eta_norm):
    return m * (M + k - 2) * F.exp(-beta * (Delta_q - 2 * m * eta_norm))


query_noise_bound_coarse = Bound(
    name="query_noise_bound_coarse",
    parameters=("beta", "m", "M", "k", "Delta_q", "eta_norm"),
    formula=_f_query_noise_coarse,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, _nonneg("eta_norm", r"\|\eta\|")),
    kind="upper",
    trivial=_trivial_2m,
    latex=r"\|T_{\mathcal{M}}(x+\eta)-\xi_\mu\| \leq m(M+k-2)\,e^{-\beta(\tilde\Delta_\mu(x)-2m\|\eta\|)}",
    source=_DERIVED + "; claim hu2024/noise-robustness (query noise, coarse)",
    symbols={"Delta_q": _REAL, "M": _POSINT, "k": _POSINT, "eta_norm": _NONNEG},
)


def _f_memory_noise(F, beta, m_noisy, M, k, Delta_q, x_norm, eta_max, eta_mu):
    return m_noisy * (M + k - 2) * F.exp(-beta * (Delta_q - 2 * x_norm * eta_max)) + eta_mu


memory_noise_bound = Bound(
    name="memory_noise_bound",
    parameters=("beta", "m_noisy", "M", "k", "Delta_q", "x_norm", "eta_max", "eta_mu"),
    formula=_f_memory_noise,
    hypotheses=(
        H_BETA,
        _positive("m_noisy", r"\tilde m"),
        H_M_COUNT,
        H_K_MASK,
        _nonneg("x_norm", r"\|x\|"),
        _nonneg("eta_max", r"\eta_{\max}"),
        Hypothesis(
            "0 <= eta_mu <= eta_max",
            r"0 \leq \|\eta_\mu\| \leq \eta_{\max}",
            lambda xp, **p: (p["eta_mu"] >= 0) & (p["eta_mu"] <= p["eta_max"]),
        ),
    ),
    kind="upper",
    trivial=lambda F, **p: 2 * p["m_noisy"] + p["eta_mu"],
    latex=(
        r"\|\tilde T_{\mathcal{M}}(x)-\xi_\mu\| \leq \tilde m(M+k-2)\,"
        r"e^{-\beta(\tilde\Delta_\mu(x)-2\|x\|\eta_{\max})}+\|\eta_\mu\|"
    ),
    source=_DERIVED + "; claim hu2024/noise-robustness (memory noise; the separation is of the clean memories)",
    symbols={
        "Delta_q": _REAL, "M": _POSINT, "k": _POSINT, "x_norm": _NONNEG, "eta_max": _NONNEG, "eta_mu": _NONNEG,
    },
)


# --------------------------------------------------------------------------- well-separation


def _f_ws(F, beta, m, M, k, r):
    return F.log(F.div(m * (M + k - 2), r)) / beta + 2 * m * r


well_separation_threshold = Bound(
    name="well_separation_threshold",
    parameters=("beta", "m", "M", "k", "r"),
    formula=_f_ws,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, H_R),
    kind="value",
    latex=r"\Delta_\mu \geq \frac{1}{\beta}\ln\frac{m(M+k-2)}{r}+2mr",
    source=(
        _DERIVED + "; claim hu2024/well-separation-k (free radius r; T_M(S_mu(r)) in S_mu(r) for V1, V2 when "
        "mu is in the mask on the ball; for top-K that holds when m(M+k-2) > r, see H_TOPK_AUTO)"
    ),
    symbols={"M": _POSINT, "k": _POSINT},
)


def _f_ws_pub(F, beta, m, M, k, R):
    return F.log(F.div(m * (M + k - 2), R)) / beta + 2 * m * R


well_separation_threshold_published = Bound(
    name="well_separation_threshold_published",
    parameters=("beta", "m", "M", "k", "R"),
    formula=_f_ws_pub,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, H_RR),
    kind="value",
    latex=r"\Delta_\mu \geq \frac{1}{\beta}\ln\frac{m(M+k-2)}{R}+2mR",
    source=_SRC + ", well-separation corollary (expected form; label unconfirmed); claim hu2024/well-separation-k",
    symbols={"M": _POSINT, "k": _POSINT},
)


def _f_ws_dense(F, beta, m, M, r):
    return F.log(F.div(2 * m * (M - 1), r)) / beta + 2 * m * r


well_separation_threshold_dense = Bound(
    name="well_separation_threshold_dense",
    parameters=("beta", "m", "M", "r"),
    formula=_f_ws_dense,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_R),
    kind="value",
    latex=r"\Delta_\mu \geq \frac{1}{\beta}\ln\frac{2m(M-1)}{r}+2mr",
    source="Hu et al. 2023 (sparse modern Hopfield), dense well-separation condition; claim hu2024/well-separation-k",
    symbols={"M": _POSINT},
)


well_separation_relaxation = Bound(
    name="well_separation_relaxation",
    parameters=("beta", "M", "k"),
    formula=lambda F, beta, M, k: F.log(F.div(2 * (M - 1), M + k - 2)) / beta,
    hypotheses=(H_BETA, H_M_COUNT, H_K_MASK),
    kind="value",
    latex=r"\frac{1}{\beta}\ln\frac{2(M-1)}{M+k-2} \geq 0",
    source=_DERIVED + "; claim hu2024/well-separation-k (dense threshold minus sparse threshold)",
    symbols={"M": _POSINT, "k": _POSINT},
)


# --------------------------------------------------------------------------- Jacobian


def _f_jac(F, beta, m, M, k, Delta_q):
    return 2 * beta * m ** 2 * (M + k - 2) * F.exp(-beta * Delta_q)


v1_jacobian_norm_bound = Bound(
    name="v1_jacobian_norm_bound",
    parameters=("beta", "m", "M", "k", "Delta_q"),
    formula=_f_jac,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK),
    kind="upper",
    trivial=_trivial_jacobian,
    latex=r"\|J^{(1)}(x)\|_2 \leq 2\beta m^2(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}",
    source=_DERIVED + "; claim hu2024/v1-jacobian (mu in the mask)",
    symbols={"Delta_q": _REAL, "M": _POSINT, "k": _POSINT},
)


def _f_contraction(F, beta, m, M, k, Delta, r):
    return 2 * beta * m ** 2 * (M + k - 2) * F.exp(-beta * (Delta - 2 * m * r))


v1_contraction_bound = Bound(
    name="v1_contraction_bound",
    parameters=("beta", "m", "M", "k", "Delta", "r"),
    formula=_f_contraction,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK, H_R),
    kind="upper",
    trivial=_trivial_jacobian,
    latex=r"\sup_{x\in S_\mu(r)}\|J^{(1)}(x)\|_2 \leq 2\beta m^2(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}",
    source=_DERIVED + "; claims hu2024/v1-jacobian, hu2024/fixed-point-convergence (contraction when < 1)",
    symbols={"Delta": _REAL, "M": _POSINT, "k": _POSINT},
)


# --------------------------------------------------------------------------- capacity, published template


def _f_cap_pub_logarg(F, m, p_fail, R, delta):
    return F.div(2 * m * (F.sqrt(p_fail) - 1), R + delta)


capacity_published_log_argument = Bound(
    name="capacity_published_log_argument",
    parameters=("m", "p_fail", "R", "delta"),
    formula=_f_cap_pub_logarg,
    hypotheses=(H_M_NORM, H_P_OPEN, H_RR, H_R_DELTA),
    kind="value",
    latex=r"\frac{2m(\sqrt{p}-1)}{R+\delta}",
    source=_SRC + ", Lemma 4.2 (v1) / Proposition 4.1 (ICML), template constants (reconstructed)",
    symbols={"delta": _REAL},
)


def _f_cap_pub_a(F, m, d, p_fail, R, delta):
    return F.div(4, d - 1) * (F.log(_f_cap_pub_logarg(F, m, p_fail, R, delta)) + 1)


def _f_cap_pub_b(F, beta, m, d):
    return F.div(4 * m ** 2 * beta, 5 * (d - 1))


def _f_cap_pub_c(F, beta, m, d, p_fail, R, delta):
    a = _f_cap_pub_a(F, m, d, p_fail, R, delta)
    b = _f_cap_pub_b(F, beta, m, d)
    return b / F.wexp(a + F.log(b))


_CAP_PUB_HYP = (H_BETA, H_M_NORM, H_D_DIM, H_P_OPEN, H_RR, H_R_DELTA)
_CAP_PUB_SRC = (
    _SRC + ", Lemma 4.2 (v1) / Proposition 4.1 (ICML), label unconfirmed; constants from the template of "
    "Hu et al. 2023 (reconstructed); claim hu2024/capacity-published"
)
_CAP_PUB_LATEX_AB = (
    r"a=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\},\quad "
    r"b=\frac{4m^2\beta}{5(d-1)}"
)

capacity_published_a = Bound(
    name="capacity_published_a",
    parameters=("m", "d", "p_fail", "R", "delta"),
    formula=_f_cap_pub_a,
    hypotheses=(H_M_NORM, H_D_DIM, H_P_OPEN, H_RR, H_R_DELTA),
    kind="value",
    latex=r"a=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\}",
    source=_CAP_PUB_SRC,
    symbols={"delta": _REAL, "d": _POSINT},
)

capacity_published_b = Bound(
    name="capacity_published_b",
    parameters=("beta", "m", "d"),
    formula=_f_cap_pub_b,
    hypotheses=(H_BETA, H_M_NORM, H_D_DIM),
    kind="value",
    latex=r"b=\frac{4m^2\beta}{5(d-1)}",
    source=_CAP_PUB_SRC,
    symbols={"d": _POSINT},
)

capacity_published_c = Bound(
    name="capacity_published_c",
    parameters=("beta", "m", "d", "p_fail", "R", "delta"),
    formula=_f_cap_pub_c,
    hypotheses=_CAP_PUB_HYP,
    kind="value",
    latex=r"C=\frac{b}{W_0(\exp(a+\ln b))},\quad " + _CAP_PUB_LATEX_AB,
    source=_CAP_PUB_SRC,
    symbols={"delta": _REAL, "d": _POSINT},
)

capacity_published = Bound(
    name="capacity_published",
    parameters=("beta", "m", "d", "p_fail", "R", "delta"),
    formula=lambda F, beta, m, d, p_fail, R, delta: F.sqrt(p_fail)
    * F.pow(_f_cap_pub_c(F, beta, m, d, p_fail, R, delta), (d - 1) / 4),
    hypotheses=_CAP_PUB_HYP,
    kind="lower",
    trivial=_trivial_capacity,
    latex=r"M_{\mathrm{Sparse}} \geq \sqrt{p}\,C^{\frac{d-1}{4}},\quad C=\frac{b}{W_0(\exp(a+\ln b))},\quad "
    + _CAP_PUB_LATEX_AB,
    source=_CAP_PUB_SRC,
    symbols={"delta": _REAL, "d": _POSINT},
)

capacity_published_p_prefactor = Bound(
    name="capacity_published_p_prefactor",
    parameters=("beta", "m", "d", "p_fail", "R", "delta"),
    formula=lambda F, beta, m, d, p_fail, R, delta: p_fail
    * F.pow(_f_cap_pub_c(F, beta, m, d, p_fail, R, delta), (d - 1) / 4),
    hypotheses=_CAP_PUB_HYP,
    kind="lower",
    trivial=_trivial_capacity,
    latex=r"M_{\mathrm{Sparse}} \geq p\,C^{\frac{d-1}{4}},\quad C=\frac{b}{W_0(\exp(a+\ln b))},\quad "
    + _CAP_PUB_LATEX_AB,
    source=_CAP_PUB_SRC + " (the prefactor p of one description)",
    symbols={"delta": _REAL, "d": _POSINT},
)


def _f_cap_pub_feature(F, beta, D_Phi, p_fail, R_Phi):
    a = F.div(4, D_Phi - 1) * (F.log(F.div(2 * F.sqrt(p_fail) - 2, R_Phi)) + 1)
    b = F.div(4 * beta, 5 * (D_Phi - 1))
    c = b / F.wexp(a + F.log(b))
    return F.sqrt(p_fail) * F.pow(c, (D_Phi - 1) / 4)


capacity_published_feature_space = Bound(
    name="capacity_published_feature_space",
    parameters=("beta", "D_Phi", "p_fail", "R_Phi"),
    formula=_f_cap_pub_feature,
    hypotheses=(
        H_BETA,
        Hypothesis(
            "D_Phi integer >= 2",
            r"D_\Phi \in \mathbb{Z},\ D_\Phi \geq 2",
            lambda xp, **p: (p["D_Phi"] >= 2) & _is_int(xp, p["D_Phi"]),
        ),
        H_P_OPEN,
        _positive("R_Phi", r"R_\Phi"),
    ),
    kind="lower",
    trivial=_trivial_capacity,
    latex=(
        r"M \geq \sqrt{p}\,C^{\frac{D_\Phi-1}{4}},\quad a=\frac{4}{D_\Phi-1}\left(\ln\frac{2\sqrt{p}-2}{R_\Phi}+1\right),"
        r"\quad b=\frac{4\beta}{5(D_\Phi-1)}"
    ),
    source="Restatement by the same group (NeurIPS 2024), in feature space; claim hu2024/capacity-published",
    symbols={"D_Phi": _POSINT},
)


# --------------------------------------------------------------------------- capacity, derived (rho)


def _f_a_rho(F, beta, K, d, p_fail, rho):
    return F.div(2, d - 1) * (1 + F.log((1 + rho) * beta * K ** 2 * p_fail * (d - 1)))


def _f_b(F, beta, K):
    return 2 * K ** 2 * beta / 5


def _f_c_rho(F, beta, K, d, p_fail, rho):
    b = _f_b(F, beta, K)
    return b / F.wexp(_f_a_rho(F, beta, K, d, p_fail, rho) + F.log(b))


def _c_rho_condition(xp, beta, K, d, p_fail, rho):
    """:math:`c_\\rho \\ge (2/\\sqrt p)^{4/(d-1)}`, evaluated where the domain hypotheses hold."""
    ok = (beta > 0) & (K > 0) & (d >= 2) & (p_fail > 0) & (p_fail <= 1) & (rho > 0)
    one = xp.ones_like(beta)
    sb, sK, sd, sp, sr = (xp.where(ok, v, one) for v in (beta, K, d, p_fail, rho))
    sd = xp.where(ok, sd, 2 * one)
    kit = ArrayKit(xp, tuple(beta.shape))
    c = _f_c_rho(kit, sb, sK, sd, sp, sr)
    # compare logarithms: (2/sqrt(p))^(4/(d-1)) overflows for tiny p
    cpos = c > 0
    logc = xp.log(xp.where(cpos, c, one))
    rhs = 4 / (sd - 1) * (math.log(2.0) - 0.5 * xp.log(sp))
    return ok & cpos & (logc >= rhs)


_CAP_RHO_HYP = (H_BETA, H_K_SPHERE, H_D_DIM, H_P_HALF_OPEN, H_RHO)
_CAP_RHO_LATEX = (
    r"a_\rho=\frac{2}{d-1}\left(1+\ln((1+\rho)\beta K^2p(d-1))\right),\quad b=\frac{2K^2\beta}{5},\quad "
    r"c_\rho=\frac{b}{W_0(e^{a_\rho+\ln b})}"
)
_CAP_RHO_SRC = (
    _DERIVED + "; claim hu2024/capacity-sparse-corrected (Ramsauer et al. 2021 Theorem A5 with "
    "M(M+k-2) <= (1+rho)M^2; rho = 1 gives Theorem A5)"
)

capacity_a_sparse = Bound(
    name="capacity_a_sparse",
    parameters=("beta", "K", "d", "p_fail", "rho"),
    formula=_f_a_rho,
    hypotheses=_CAP_RHO_HYP,
    kind="value",
    latex=r"a_\rho=\frac{2}{d-1}\left(1+\ln((1+\rho)\beta K^2p(d-1))\right)",
    source=_CAP_RHO_SRC,
    symbols={"d": _POSINT},
)

capacity_b_sparse = Bound(
    name="capacity_b_sparse",
    parameters=("beta", "K"),
    formula=_f_b,
    hypotheses=(H_BETA, H_K_SPHERE),
    kind="value",
    latex=r"b=\frac{2K^2\beta}{5}",
    source=_CAP_RHO_SRC,
)

capacity_constant_sparse = Bound(
    name="capacity_constant_sparse",
    parameters=("beta", "K", "d", "p_fail", "rho"),
    formula=_f_c_rho,
    hypotheses=_CAP_RHO_HYP,
    kind="value",
    latex=_CAP_RHO_LATEX,
    source=_CAP_RHO_SRC,
    symbols={"d": _POSINT},
)

capacity_sparse_corrected = Bound(
    name="capacity_sparse_corrected",
    parameters=("beta", "K", "d", "p_fail", "rho"),
    formula=lambda F, beta, K, d, p_fail, rho: F.sqrt(p_fail)
    * F.pow(_f_c_rho(F, beta, K, d, p_fail, rho), (d - 1) / 4),
    hypotheses=_CAP_RHO_HYP
    + (
        Hypothesis(
            "c_rho >= (2/sqrt(p))^(4/(d-1))",
            r"c_\rho \geq (2/\sqrt{p})^{4/(d-1)}",
            lambda xp, **p: _c_rho_condition(xp, p["beta"], p["K"], p["d"], p["p_fail"], p["rho"]),
        ),
    ),
    kind="lower",
    trivial=_trivial_capacity,
    latex=r"M \geq \left\lfloor\sqrt{p}\,c_\rho^{\frac{d-1}{4}}\right\rfloor,\quad " + _CAP_RHO_LATEX,
    source=_CAP_RHO_SRC + "; the value is the real number whose floor is the guaranteed M",
    symbols={"d": _POSINT},
)


def _f_selfmap(F, beta, m, M, k):
    return F.div(2, beta * M) + F.log(beta * M * (M + k - 2) * m ** 2) / beta


self_map_threshold_sparse = Bound(
    name="self_map_threshold_sparse",
    parameters=("beta", "m", "M", "k"),
    formula=_f_selfmap,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_K_MASK),
    kind="value",
    latex=r"\Delta_\mu \geq \frac{2}{\beta M}+\frac{1}{\beta}\ln\left(\beta M(M+k-2)m^2\right)",
    source=_DERIVED + "; claim hu2024/capacity-sparse-corrected (V1 self-map of S_mu(1/(beta M m)); k = M is "
    "Ramsauer's Lemma A5 condition)",
    symbols={"M": _POSINT, "k": _POSINT},
)


def _f_master(F, beta, m, M, rho):
    return F.div(2, beta * M) + F.log((1 + rho) * beta * M ** 2 * m ** 2) / beta


master_threshold_sparse = Bound(
    name="master_threshold_sparse",
    parameters=("beta", "m", "M", "rho"),
    formula=_f_master,
    hypotheses=(H_BETA, H_M_NORM, H_M_COUNT, H_RHO),
    kind="value",
    latex=r"\Delta_{\min} \geq \frac{2}{\beta M}+\frac{1}{\beta}\ln\left((1+\rho)\beta M^2m^2\right)",
    source=_DERIVED + "; claim hu2024/capacity-sparse-corrected (the rho-master inequality; rho = 1 is "
    "Ramsauer's master inequality)",
    symbols={"M": _POSINT},
)


# --------------------------------------------------------------------------- kernels, variants, masks


def _intpow(F, t, n):
    """:math:`t^n` for an integer exponent n >= 1 and t >= 0 (t = 0 allowed in every kit)."""
    if getattr(F, "name", "") == "interval":
        nv = F.iv(n)
        if nv.a != nv.b or mpmath.mpf(nv.a) != mpmath.floor(mpmath.mpf(nv.a)):
            raise ArithmeticError("certified integer power needs an exact integer exponent")
        return F.iv(t) ** int(mpmath.mpf(nv.a))
    return F.pow(t, n)


def _f_taylor(F, beta, s, n):
    t = beta * _abs(F, s)
    return _intpow(F, t, n + 1) / _factorial(F, n + 1) * F.exp(t)


exp_kernel_taylor_remainder = Bound(
    name="exp_kernel_taylor_remainder",
    parameters=("beta", "s", "n"),
    formula=_f_taylor,
    hypotheses=(
        H_BETA,
        Hypothesis("n integer >= 0", r"n \in \mathbb{Z},\ n \geq 0", lambda xp, **p: (p["n"] >= 0) & _is_int(xp, p["n"])),
    ),
    kind="upper",
    latex=(
        r"\left|e^{\beta s}-\sum_{j=0}^{n}\frac{(\beta s)^j}{j!}\right| \leq "
        r"\frac{(\beta|s|)^{n+1}}{(n+1)!}e^{\beta|s|},\quad s=\langle u,v\rangle"
    ),
    source=_DERIVED + "; claim hu2024/exp-kernel-features (truncation of the Taylor feature map)",
    symbols={"s": _REAL, "n": _NONNEGINT},
)


def _expm1(F, y):
    """:math:`e^y-1` without cancellation for small :math:`y` (the kits have no ``expm1``)."""
    kind = getattr(F, "name", "")
    if kind == "array":
        return F.xp.expm1(F.asarray(y))
    if kind == "mpmath":
        return mpmath.expm1(y)
    return F.exp(y) - 1  # SymPy (exact) and intervals (outward-rounded, so still certified)


def _f_prf_var(F, beta, inner, norm_sum_sq, n_f):
    return F.div(F.exp(2 * beta * inner) * _expm1(F, beta * norm_sum_sq), n_f)


prf_estimator_variance = Bound(
    name="prf_estimator_variance",
    parameters=("beta", "inner", "norm_sum_sq", "n_f"),
    formula=_f_prf_var,
    hypotheses=(
        H_BETA,
        _nonneg("norm_sum_sq", r"\|u+v\|^2"),
        Hypothesis("n_f integer >= 1", r"n_f \in \mathbb{Z},\ n_f \geq 1",
                   lambda xp, **p: (p["n_f"] >= 1) & _is_int(xp, p["n_f"])),
    ),
    kind="value",
    latex=(
        r"\mathrm{Var}\left[\phi_+(u)^\top\phi_+(v)\right]=\frac{1}{n_f}e^{2\beta u^\top v}"
        r"\left(e^{\beta\|u+v\|^2}-1\right)"
    ),
    source=_DERIVED + "; claim hu2024/variant-prf (i.i.d. Gaussian features)",
    symbols={"inner": _REAL, "norm_sum_sq": _NONNEG, "n_f": _POSINT},
)


def _f_prf_var_perf(F, inner, norm_sum_sq, n_f):
    sm = F.exp(inner)
    return F.div(F.exp(norm_sum_sq) * sm ** 2 * (-_expm1(F, -norm_sum_sq)), n_f)


prf_estimator_variance_performer = Bound(
    name="prf_estimator_variance_performer",
    parameters=("inner", "norm_sum_sq", "n_f"),
    formula=_f_prf_var_perf,
    hypotheses=prf_estimator_variance.hypotheses[1:],
    kind="value",
    latex=r"\frac{1}{n_f}e^{\|u+v\|^2}\mathrm{SM}(u,v)^2\left(1-e^{-\|u+v\|^2}\right)",
    source="Choromanski et al. (Performer), positive random features at beta = 1; claim hu2024/variant-prf",
    symbols={"inner": _REAL, "norm_sum_sq": _NONNEG, "n_f": _POSINT},
)


sliding_window_score_count = Bound(
    name="sliding_window_score_count",
    parameters=("L", "w"),
    formula=lambda F, L, w: (2 * w + 1) * L - w * (w + 1),
    hypotheses=(
        Hypothesis("L integer >= 1", r"L \in \mathbb{Z},\ L \geq 1", lambda xp, **p: (p["L"] >= 1) & _is_int(xp, p["L"])),
        Hypothesis(
            "w integer in [0, L - 1]",
            r"w \in \mathbb{Z},\ 0 \leq w \leq L-1",
            lambda xp, **p: (p["w"] >= 0) & (p["w"] <= p["L"] - 1) & _is_int(xp, p["w"]),
        ),
    ),
    kind="value",
    latex=r"\sum_{\ell=1}^{L}|\mathcal{M}(x_\ell)|=(2w+1)L-w(w+1)",
    source=_DERIVED + "; claims hu2024/variant-sliding-window, hu2024/variant-efficient",
    symbols={"L": _POSINT, "w": _NONNEGINT},
)


random_mask_inclusion_probability = Bound(
    name="random_mask_inclusion_probability",
    parameters=("k", "M"),
    formula=lambda F, k, M: F.div(k, M),
    hypotheses=(
        Hypothesis("M integer >= 1", r"M \in \mathbb{Z},\ M \geq 1", lambda xp, **p: (p["M"] >= 1) & _is_int(xp, p["M"])),
        H_K_MASK,
    ),
    kind="value",
    latex=r"\Pr(\mu\in\mathcal{M})=\frac{k}{M}",
    source=_DERIVED + "; claim hu2024/mask-coverage (uniform k-subsets)",
    symbols={"M": _POSINT, "k": _POSINT},
)


# --------------------------------------------------------------------------- quantities on data


def _check_index(mu, M: int) -> int:
    if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
        raise TypeError(f"mu must be an integer index; got {mu!r}")
    mu = int(mu)
    if not 0 <= mu < M:
        raise ValueError(f"mu = {mu} is out of range for M = {M} memories (0 <= mu < M)")
    return mu


def _memories(Xi, *, min_M: int = 2):
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    d, M = (int(s) for s in Xi.shape)
    if M < min_M:
        raise ValueError(f"Xi must hold at least {min_M} memories (columns); got shape {tuple(Xi.shape)}")
    return xp, Xi, d, M


def _queries(xp, Xi, x, name="x"):
    get_namespace(Xi, x)  # raises for mixed namespaces
    x = as_float_array(x, name, xp=xp, ndim=(1, 2))
    d = int(Xi.shape[0])
    if int(x.shape[0]) != d:
        raise ValueError(
            f"{name} has shape {tuple(x.shape)}; its first axis must have length d = {d} "
            f"(Xi has shape {tuple(Xi.shape)})"
        )
    return x


def _mask(xp, mask, M: int, x):
    """Boolean mask of shape (M,) or (M, N) matching x; None means the full mask."""
    batch = x is not None and x.ndim == 2
    if mask is None:
        mask = xp.ones((M,), dtype=xp.bool)
    else:
        if not hasattr(mask, "dtype"):
            raise TypeError("mask must be a boolean array of shape (M,) or (M, N)")
        get_namespace(mask, x)
        if not xp.isdtype(mask.dtype, "bool"):
            raise TypeError(f"mask must have a boolean dtype; got {mask.dtype}")
        shape = tuple(mask.shape)
        ok = shape == (M,) or (batch and shape == (M, int(x.shape[1])))
        if not ok:
            want = f"({M},)" + (f" or ({M}, {int(x.shape[1])})" if batch else "")
            raise ValueError(f"mask has shape {shape}; expected {want}")
    if batch and mask.ndim == 1:
        mask = xp.broadcast_to(xp.reshape(mask, (M, 1)), (M, int(x.shape[1])))
    return mask


def _column(xp, v, ndim: int):
    return xp.reshape(v, (-1, 1)) if ndim == 2 else v


def _not_mu(xp, M: int, mu: int, ndim: int):
    return _column(xp, xp.arange(M) != mu, ndim)


def _query_separation_in(xp, Xi, x, mu: int, allowed):
    r""":math:`\min_{\nu\in A\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle` and whether A∖{μ} ≠ ∅.

    The mask-restricted version of :func:`hoptheory.models.query_separation` (computed the same
    way, from the differences, so the two agree when A = [M]).
    """
    M = int(Xi.shape[1])
    diff = Xi[:, mu : mu + 1] - Xi  # (d, M)
    vals = xp.matmul(xp.permute_dims(diff, (1, 0)), x)  # (M,) or (M, N)
    sel = allowed & _not_mu(xp, M, mu, vals.ndim)
    has = xp.any(sel, axis=0)
    low = xp.min(xp.where(sel, vals, xp.full_like(vals, math.inf)), axis=0)
    return xp.where(has, low, xp.zeros_like(low)), has


def _published_exponent(xp, Xi, x, mu: int, inclusive: bool):
    M = int(Xi.shape[1])
    xi_mu = Xi[:, mu]
    g = xp.matmul(xp.permute_dims(Xi, (1, 0)), xi_mu)  # <xi_nu, xi_mu>, (M,)
    if inclusive:
        top = xp.max(g)
    else:
        top = xp.max(xp.where(xp.arange(M) != mu, g, xp.full_like(g, -math.inf)))
    return xp.matmul(xi_mu, x) - top


def _pairwise_distances(xp, Xi):
    diff = xp.reshape(Xi, (Xi.shape[0], Xi.shape[1], 1)) - xp.reshape(Xi, (Xi.shape[0], 1, Xi.shape[1]))
    return xp.linalg.vector_norm(diff, axis=0)  # (M, M)


def _count(xp, mask):
    return xp.sum(xp.astype(mask, xp.float64), axis=0)


def _mu_in(xp, mask, mu: int):
    return mask[mu, ...]


def _with_data_hypotheses(res: BoundResult, extra: dict, strict: bool) -> BoundResult:
    xp = res.xp
    failed = dict(res.failed)
    hold = res.hypotheses_hold
    for name, ok in extra.items():
        ok = xp.broadcast_to(ok, tuple(hold.shape))
        failed[name] = ~ok
        hold = hold & ok
    out = dataclasses.replace(res, failed=failed, hypotheses_hold=hold)
    if strict:
        out.require()
    return out


def _evaluate(bound: Bound, xp, params: dict, extra: dict, strict: bool) -> BoundResult:
    # Overflow of exp(-beta * Delta) for a negative separation is reported as ill-defined
    # (non-finite value) by Bound.__call__; silence NumPy's warning for that case only.
    with np.errstate(over="ignore", invalid="ignore"):
        res = bound(xp=xp, **params)
    return _with_data_hypotheses(res, extra, strict)


def _beta_array(xp, beta):
    """β as given (scalar or array): its hypothesis β > 0 is reported by the Bound."""
    if isinstance(beta, bool):
        raise TypeError(f"beta must be a real number; got {beta!r}")
    return beta


# --------------------------------------------------------------------------- functions on data


def retrieval_error_bound_published_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The published Theorem 4.1 bound evaluated on data.

    .. math::

        m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle
        -\max_{\nu\in[M],\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Memories as columns (:math:`M\ge2`).
    x : array, shape (d,) or (d, N)
        Queries.
    mu : int
        Target index, :math:`0\le\mu<M`.
    beta : float
        Inverse temperature.
    mask : bool array, shape (M,) or (M, N), optional
        The support set :math:`\mathcal M` (default: all memories, :math:`k=M`).
    strict : bool
        Raise :class:`~hoptheory.bounds.BoundHypothesisError` unless valid everywhere.

    Returns
    -------
    BoundResult
        Shape ``()`` or ``(N,)``.  Data hypotheses added to ``failed``: ``"mu in mask"`` and
        ``"x in S_mu(R)"`` (:math:`\Vert x-\xi_\mu\Vert\le R`).

    Notes
    -----
    Claim ``hu2024/retrieval-error-published`` (reconstructed; suspected ``false-in-general``).
    """
    return _published_at(retrieval_error_bound_published, Xi, x, mu, beta, mask, strict, inclusive=False)


def retrieval_error_bound_published_inclusive_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The inclusive-maximum reading of Theorem 4.1 on data (maximum over all :math:`\nu\in[M]`).

    .. math::

        m(M+k-2)\exp\Big\{-\beta\Big(\langle\xi_\mu,x\rangle-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle\Big)\Big\}

    Parameters and returns as :func:`retrieval_error_bound_published_at`.
    """
    return _published_at(retrieval_error_bound_published_inclusive, Xi, x, mu, beta, mask, strict, inclusive=True)


def _published_at(bound, Xi, x, mu, beta, mask, strict, inclusive):
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    R = separation_radius(Xi)
    xi_mu = _column(xp, Xi[:, mu], x.ndim)
    dist = xp.linalg.vector_norm(x - xi_mu, axis=0)
    params = dict(
        beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask),
        Delta_pub=_published_exponent(xp, Xi, x, mu, inclusive),
    )
    extra = {"mu in mask": _mu_in(xp, mask, mu), "x in S_mu(R)": dist <= R}
    return _evaluate(bound, xp, params, extra, strict)


def retrieval_error_bound_rigorous_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The rigorous sparsity-dependent retrieval bound on data (V1 and V2).

    .. math::

        \Vert T_{\mathcal M}(x)-\xi_\mu\Vert\le m(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle

    Parameters
    ----------
    Xi : array, shape (d, M)
    x : array, shape (d,) or (d, N)
    mu : int
    beta : float
    mask : bool array, shape (M,) or (M, N), optional
        :math:`\mathcal M` (default: all memories).  For top-K pass the query's own mask.
    strict : bool

    Returns
    -------
    BoundResult
        With the data hypothesis ``"mu in mask"``.  No condition on :math:`x`.

    Notes
    -----
    Claim ``hu2024/retrieval-error-rigorous`` (derived).
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask), Delta_q=Dq)
    return _evaluate(retrieval_error_bound_rigorous, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def retrieval_error_bound_v2_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The sharper V2 bound on data.

    .. math::

        \Vert T^{(2)}_{\mathcal M}(x)-\xi_\mu\Vert\le2m(k-1)\,e^{-\beta\tilde\Delta^{\mathcal M}_\mu(x)},\qquad
        \tilde\Delta^{\mathcal M}_\mu(x)=\min_{\nu\in\mathcal M\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle

    Parameters as :func:`retrieval_error_bound_rigorous_at`.  Where :math:`k=1` the bound is 0
    (``Delta_qM`` is then set to 0, any finite value gives the same result).

    Notes
    -----
    Claim ``hu2024/retrieval-error-rigorous`` (derived, V2 only).
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    DqM, _ = _query_separation_in(xp, Xi, x, mu, mask)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), k=_count(xp, mask), Delta_qM=DqM)
    return _evaluate(retrieval_error_bound_v2, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def retrieval_error_bound_dense_rigorous_at(Xi, x, mu, beta, *, strict=False) -> BoundResult:
    r"""The dense bound :math:`2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}` on data.

    Parameters
    ----------
    Xi : array, shape (d, M)
    x : array, shape (d,) or (d, N)
    mu : int
    beta : float
    strict : bool

    Notes
    -----
    Ramsauer et al. 2021, Lemma A4, generalised to every :math:`x`; used by claim
    ``hu2024/sparse-vs-dense-bound``.
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    Dq = query_separation(Xi, x, mu)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), Delta_q=Dq)
    return _evaluate(retrieval_error_bound_dense_rigorous, xp, params, {}, strict)


def query_noise_bound_at(Xi, x, eta, mu, beta, mask=None, *, coarse=False, strict=False) -> BoundResult:
    r"""Query-noise robustness bound on data (V1 and V2, :math:`\mu\in\mathcal M`).

    .. math::

        \Vert T_{\mathcal M}(x+\eta)-\xi_\mu\Vert\le m(M+k-2)
        \exp\{-\beta(\tilde\Delta_\mu(x)-\Vert\eta\Vert\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert)\}

    (``coarse=True``: :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\to2m`).

    Parameters
    ----------
    Xi : array, shape (d, M)
    x : array, shape (d,) or (d, N)
        Clean queries.
    eta : array, same shape as ``x``
        Query noise.
    mu : int
    beta : float
    mask : bool array, shape (M,) or (M, N), optional
    coarse : bool
    strict : bool

    Notes
    -----
    Claim ``hu2024/noise-robustness`` (derived form).
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    eta = _queries(xp, Xi, eta, "eta")
    if tuple(eta.shape) != tuple(x.shape):
        raise ValueError(f"eta has shape {tuple(eta.shape)}; expected the shape of x, {tuple(x.shape)}")
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    params = dict(
        beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask), Delta_q=Dq,
        eta_norm=xp.linalg.vector_norm(eta, axis=0),
    )
    if coarse:
        bound = query_noise_bound_coarse
    else:
        bound = query_noise_bound
        params["D"] = xp.max(_pairwise_distances(xp, Xi)[mu, :])
    return _evaluate(bound, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def memory_noise_bound_at(Xi, Xi_noisy, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""Memory-noise robustness bound on data (V1 and V2 on the noisy memories).

    .. math::

        \Vert\tilde T_{\mathcal M}(x)-\xi_\mu\Vert\le\tilde m(M+k-2)
        e^{-\beta(\tilde\Delta_\mu(x)-2\Vert x\Vert\eta_{\max})}+\Vert\eta_\mu\Vert

    with :math:`\tilde\Delta_\mu(x)` of the clean memories, :math:`\eta_\nu=\tilde\xi_\nu-\xi_\nu`,
    :math:`\eta_{\max}=\max_\nu\Vert\eta_\nu\Vert`, :math:`\tilde m=\max_\nu\Vert\tilde\xi_\nu\Vert`.

    Parameters
    ----------
    Xi, Xi_noisy : arrays, shape (d, M)
        Clean and noisy memories.
    x : array, shape (d,) or (d, N)
    mu : int
    beta : float
    mask : bool array, shape (M,) or (M, N), optional
    strict : bool

    Notes
    -----
    Claim ``hu2024/noise-robustness`` (derived form).
    """
    xp, Xi, d, M = _memories(Xi)
    get_namespace(Xi, Xi_noisy)
    Xn = as_float_array(Xi_noisy, "Xi_noisy", xp=xp, ndim=2)
    if tuple(Xn.shape) != tuple(Xi.shape):
        raise ValueError(f"Xi_noisy has shape {tuple(Xn.shape)}; expected the shape of Xi, {tuple(Xi.shape)}")
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    eta = xp.linalg.vector_norm(Xn - Xi, axis=0)
    params = dict(
        beta=_beta_array(xp, beta), m_noisy=max_norm(Xn), M=float(M), k=_count(xp, mask), Delta_q=Dq,
        x_norm=xp.linalg.vector_norm(x, axis=0), eta_max=xp.max(eta), eta_mu=eta[mu],
    )
    return _evaluate(memory_noise_bound, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def well_separation_threshold_at(Xi, beta, k, r=None, *, strict=False) -> BoundResult:
    r"""The derived well-separation threshold for every memory, on data.

    .. math::

        \frac1\beta\ln\frac{m(M+k-2)}{r}+2mr

    Memory :math:`\mu` satisfies the condition when :math:`\Delta_\mu` is at least the value.

    Parameters
    ----------
    Xi : array, shape (d, M)
    beta : float
    k : int or array
        Mask size (broadcast against the memories).
    r : float, optional
        Ball radius (default: :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`).
    strict : bool

    Returns
    -------
    BoundResult
        Shape of ``k`` (scalar ``k`` gives a scalar: the threshold is the same for every memory).

    Notes
    -----
    Claim ``hu2024/well-separation-k``; with ``r = R`` see the vacuity argument there.
    """
    xp, Xi, d, M = _memories(Xi)
    rr = separation_radius(Xi) if r is None else r
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=k, r=rr)
    return _evaluate(well_separation_threshold, xp, params, {}, strict)


def well_separation_threshold_published_at(Xi, beta, k, *, strict=False) -> BoundResult:
    r"""The expected published threshold :math:`\frac1\beta\ln\frac{m(M+k-2)}{R}+2mR` on data.

    Parameters
    ----------
    Xi : array, shape (d, M)
    beta : float
    k : int or array
    strict : bool

    Notes
    -----
    Claim ``hu2024/well-separation-k`` (reconstructed; suspected ``holds-but-vacuous``).
    """
    xp, Xi, d, M = _memories(Xi)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=k, R=separation_radius(Xi))
    return _evaluate(well_separation_threshold_published, xp, params, {}, strict)


def v1_jacobian_norm_bound_at(Xi, x, mu, beta, mask=None, *, strict=False) -> BoundResult:
    r"""The V1 Jacobian norm bound on data.

    .. math::

        \Vert J^{(1)}(x)\Vert_2\le2\beta m^2(M+k-2)\,e^{-\beta\tilde\Delta_\mu(x)}

    Parameters as :func:`retrieval_error_bound_rigorous_at`.

    Notes
    -----
    Claim ``hu2024/v1-jacobian`` (derived); data hypothesis ``"mu in mask"``.
    """
    xp, Xi, d, M = _memories(Xi)
    x = _queries(xp, Xi, x)
    mu = _check_index(mu, M)
    mask = _mask(xp, mask, M, x)
    Dq = query_separation(Xi, x, mu)
    params = dict(beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=_count(xp, mask), Delta_q=Dq)
    return _evaluate(v1_jacobian_norm_bound, xp, params, {"mu in mask": _mu_in(xp, mask, mu)}, strict)


def v1_contraction_bound_at(Xi, mu, beta, k, r, *, strict=False) -> BoundResult:
    r"""The V1 contraction constant on :math:`S_\mu(r)`, on data.

    .. math::

        2\beta m^2(M+k-2)\,e^{-\beta(\Delta_\mu-2mr)}

    V1 with a fixed mask of size :math:`k` containing :math:`\mu` is a contraction on
    :math:`S_\mu(r)` when the value is :math:`<1` (and the well-separation condition makes it a
    self-map).

    Parameters
    ----------
    Xi : array, shape (d, M)
    mu : int
    beta : float
    k : int
    r : float
    strict : bool

    Notes
    -----
    Claims ``hu2024/v1-jacobian``, ``hu2024/fixed-point-convergence`` (derived).
    """
    xp, Xi, d, M = _memories(Xi)
    mu = _check_index(mu, M)
    params = dict(
        beta=_beta_array(xp, beta), m=max_norm(Xi), M=float(M), k=k,
        Delta=pattern_separation(Xi)[mu], r=r,
    )
    return _evaluate(v1_contraction_bound, xp, params, {}, strict)


def prf_estimator_variance_at(u, v, beta, n_f, *, strict=False) -> BoundResult:
    r"""Variance of the positive-random-feature estimator of :math:`e^{\beta u^\top v}`.

    .. math::

        \frac1{n_f}e^{2\beta u^\top v}\left(e^{\beta\Vert u+v\Vert^2}-1\right)

    Parameters
    ----------
    u, v : arrays, shape (d,)
    beta : float
    n_f : int
        Number of i.i.d. Gaussian features.
    strict : bool

    Notes
    -----
    Claim ``hu2024/variant-prf`` (derived).
    """
    u = as_float_array(u, "u", ndim=1)
    xp = get_namespace(u, v)
    v = as_float_array(v, "v", xp=xp, ndim=1)
    if tuple(u.shape) != tuple(v.shape):
        raise ValueError(f"u and v must have the same shape; got {tuple(u.shape)} and {tuple(v.shape)}")
    w = u + v
    params = dict(beta=beta, inner=xp.sum(u * v), norm_sum_sq=xp.sum(w * w), n_f=n_f)
    return _evaluate(prf_estimator_variance, xp, params, {}, strict)


def svr_box_feasibility_threshold(Xi, beta, dXi=None, *, log=False):
    r"""Smallest :math:`C` for which the dense coefficients are box-feasible in the SVR dual.

    .. math::

        C^\star=\max_{\mu\in[M],\,i\in[d]}|\xi_\mu[i]|\,Z(\xi_\mu+\delta\xi_\mu),\qquad
        Z(x)=\sum_{\nu=1}^M e^{\beta\langle\xi_\nu+\delta\xi_\nu,x\rangle}

    With the normalised kernel :math:`\bar{\mathcal K}(u,v)=e^{\beta\langle u,v\rangle}/(Z(u)Z(v))`
    and coefficients :math:`(\alpha-\tilde\alpha)_\mu[i]=\xi_\mu[i]Z(\xi_\mu+\delta\xi_\mu)`, the
    kernel sum is :math:`\Xi\,\mathrm{softmax}(\beta\Xi_\delta^\top x)`; the positive and negative
    parts lie in :math:`[0,C]` iff :math:`C\ge C^\star`.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Memories (the regression targets).
    beta : float
        Inverse temperature, :math:`\beta>0`.
    dXi : array, shape (d, M), optional
        Perturbations :math:`\delta\xi_\mu` of the keys (default 0).
    log : bool
        Return :math:`\log C^\star` (computed with a log-sum-exp; finite where :math:`C^\star`
        itself overflows; :math:`-\infty` when :math:`\Xi=0`).

    Returns
    -------
    array, shape ()
        In the namespace of ``Xi``.

    Notes
    -----
    Claims ``hu2024/dense-recovery`` and ``hu2024/dense-recovery-optimality`` (derived).
    """
    beta = check_beta(beta)
    xp, Xi, d, M = _memories(Xi, min_M=1)
    if dXi is None:
        keys = Xi
    else:
        get_namespace(Xi, dXi)
        dXi = as_float_array(dXi, "dXi", xp=xp, ndim=2)
        if tuple(dXi.shape) != tuple(Xi.shape):
            raise ValueError(f"dXi has shape {tuple(dXi.shape)}; expected the shape of Xi, {tuple(Xi.shape)}")
        keys = Xi + dXi
    scores = beta * xp.matmul(xp.permute_dims(keys, (1, 0)), keys)  # [nu, mu] = beta <key_nu, key_mu>
    logZ = logsumexp(scores, axis=0)  # (M,)
    amax = xp.max(xp.abs(Xi), axis=0)  # (M,)
    pos = amax > 0
    with np.errstate(divide="ignore"):
        logamax = xp.where(pos, xp.log(xp.where(pos, amax, xp.ones_like(amax))), xp.full_like(amax, -math.inf))
    logC = xp.max(logamax + logZ)
    if log:
        return logC
    with np.errstate(over="ignore"):
        return xp.exp(logC)
