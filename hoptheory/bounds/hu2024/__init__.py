r"""Bounds, thresholds and capacity formulas of the nonparametric modern Hopfield models.

Hu, Chen, Wu, Ruan, Liu, *Nonparametric Modern Hopfield Models*, arXiv:2404.03900 (v1, 2024;
ICML 2025) [1]_.  Every formula is a :class:`~hoptheory.bounds.Bound` declared with
:func:`~hoptheory.bounds.bound`: written once, evaluated vectorised on any array-API backend, as
a SymPy twin, at high precision and certified.  Forms marked *published* are reconstructed from
secondary descriptions of the paper (provenance ``reconstructed``; the labels are unconfirmed);
forms marked *derived* are hoptheory's own provable replacements.  Claim IDs are those of
the hu2024 records of ``hoptheory.claims``.  :data:`BOUNDS` maps each bound's name to the bound.

Notes
-----
**Symbols** (parameter names of the bounds):

* ``beta``: inverse temperature :math:`\beta>0`; ``m``: largest memory norm
  :math:`m=\max_\mu\Vert\xi_\mu\Vert`; ``M``: number of memories (integer :math:`\ge2`);
  ``k``: mask size :math:`k=\vert\mathcal M\vert`, integer, :math:`1\le k\le M`; ``rho``: mask
  fraction bound, :math:`k\le\rho M`, :math:`0<\rho\le1`.
* ``Delta``: pattern separation :math:`\Delta_\mu=\Vert\xi_\mu\Vert^2-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`;
  ``query_sep``: query separation :math:`\tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle`;
  ``query_sep_mask``: the same inside the mask, :math:`\tilde\Delta^{\mathcal M}_\mu(x)`;
  ``Delta_pub``: the published exponent
  :math:`\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle` and
  ``Delta_pub_inclusive`` its inclusive reading (maximum over every :math:`\nu\in[M]`).
* ``r``: ball radius of :math:`S_\mu(r)`; ``R``: the storage definition's radius
  :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`; ``delta``: the unexplained
  offset :math:`\delta` of the published capacity (real).
* ``K``, ``d``: sphere-radius factor (:math:`m=K\sqrt{d-1}`) and dimension (integer
  :math:`\ge2`); ``p_fail``: failure probability :math:`p`; ``D_Phi``, ``R_Phi``: feature
  dimension and radius in feature space.
* ``s``: an inner product :math:`\langle u,v\rangle` (real); ``n``: a Taylor order;
  ``inner``: :math:`u^\top v`; ``norm_sum_sq``: :math:`\Vert u+v\Vert^2`; ``n_f``: number of
  random features; ``L``, ``w``: sequence length and sliding-window half-width.
* ``q_mu``: the V2 weight :math:`q_\mu(x)`; ``max_dist_mask``:
  :math:`\max_{\nu\in\mathcal M}\Vert\xi_\mu-\xi_\nu\Vert`; ``eta_norm``: query-noise norm
  :math:`\Vert\eta\Vert`; ``max_dist``: :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`;
  ``m_noisy``: :math:`\tilde m=\max_\nu\Vert\xi_\nu+\eta_\nu\Vert`; ``eta_max``, ``eta_mu``,
  ``x_norm``: :math:`\max_\nu\Vert\eta_\nu\Vert`, :math:`\Vert\eta_\mu\Vert`, :math:`\Vert x\Vert`.

**Functions on data** (``on_data``): the ``*_at`` functions compute these parameters from
memories, queries, a target index and a mask and return the bound's result with the data
hypotheses (``mu in mask``, ``x in S_mu(R)``) added.  :func:`svr_box_feasibility_threshold` is a
function of data in its own right.  The capacity template follows Ramsauer et al.'s Theorem A5 [2]_.

References
----------
.. [1] J. Y.-C. Hu, B.-Y. Chen, D. Wu, F. Ruan, H. Liu, "Nonparametric Modern Hopfield Models",
   arXiv:2404.03900 (v1, 2024); ICML 2025, PMLR 267.
.. [2] H. Ramsauer et al., "Hopfield Networks is All You Need", ICLR 2021, Theorem A5.
"""

from __future__ import annotations

from .._declare import declared_bounds
from . import capacity, capacity_template, convergence, noise, regression, retrieval, structured, variants
from . import well_separation
from ._hypotheses import H_TOPK_AUTO  # noqa: F401  (the top-K inclusion condition, importable as before)
from .capacity import (
    capacity_a_sparse, capacity_b_sparse, capacity_constant_sparse, capacity_sparse_corrected,
    master_threshold_sparse, self_map_threshold_sparse,
)
from .capacity_template import (
    capacity_published, capacity_published_a, capacity_published_b, capacity_published_c,
    capacity_published_feature_space, capacity_published_log_argument, capacity_published_p_prefactor,
)
from .convergence import v1_contraction_bound, v1_jacobian_norm_bound
from .noise import memory_noise_bound, query_noise_bound, query_noise_bound_coarse
from .on_data import (
    memory_noise_bound_at, prf_estimator_variance_at, query_noise_bound_at, retrieval_error_bound_dense_rigorous_at,
    retrieval_error_bound_published_at, retrieval_error_bound_published_inclusive_at,
    retrieval_error_bound_rigorous_at, retrieval_error_bound_v2_at, v1_contraction_bound_at,
    v1_jacobian_norm_bound_at, well_separation_threshold_at, well_separation_threshold_published_at,
)
from .regression import exp_kernel_taylor_remainder, svr_box_feasibility_threshold
from .retrieval import (
    error_constant_dense, error_constant_sparse, retrieval_error_bound_ball, retrieval_error_bound_dense_rigorous,
    retrieval_error_bound_published, retrieval_error_bound_published_dense,
    retrieval_error_bound_published_inclusive, retrieval_error_bound_rigorous, retrieval_error_bound_v2,
    retrieval_error_bound_v2_weight,
)
from .structured import random_mask_inclusion_probability
from .variants import prf_estimator_variance, prf_estimator_variance_performer, sliding_window_score_count
from .well_separation import (
    well_separation_relaxation, well_separation_threshold, well_separation_threshold_dense,
    well_separation_threshold_published,
)

_SECTIONS = (
    ("The regression view", regression),
    ("Sparse-structured models", structured),
    ("Variants of the family", variants),
    ("Retrieval error", retrieval),
    ("Retrieval error: noise", noise),
    ("Retrieval error: well-separation", well_separation),
    ("Convergence without an energy", convergence),
    ("Capacity: the published template", capacity_template),
    ("Capacity: sparse-aware, derived", capacity),
)

#: Every bound of the paper, name → :class:`~hoptheory.bounds.Bound`, section by section in
#: declaration order.
BOUNDS = {name: b for _, module in _SECTIONS for name, b in declared_bounds(module.__name__).items()}

__all__ = [
    "BOUNDS",
    # the regression view
    "exp_kernel_taylor_remainder",
    "svr_box_feasibility_threshold",
    # sparse-structured models and variants
    "random_mask_inclusion_probability",
    "prf_estimator_variance",
    "prf_estimator_variance_performer",
    "sliding_window_score_count",
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
    "well_separation_threshold",
    "well_separation_threshold_published",
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


def _bound_list() -> str:
    """The bounds of :data:`BOUNDS`, section by section, each with the first line of its documentation."""
    lines = ["", "**Bounds**", ""]
    for title, module in _SECTIONS:
        lines += [f"{title} (``{module.__name__.rsplit('.', 1)[-1]}``):", ""]
        lines += [f"* :data:`{name}`: {(b.__doc__ or '').splitlines()[0]}"
                  for name, b in declared_bounds(module.__name__).items()]
        lines.append("")
    return "\n".join(lines)


if __doc__ is not None:  # python -OO strips docstrings
    __doc__ = __doc__.replace("\nReferences\n----------\n", _bound_list() + "\nReferences\n----------\n", 1)
