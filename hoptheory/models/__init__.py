"""Modern Hopfield models and the geometry of pattern sets (conventions §2, §4).

Models (memories Ξ of shape (d, M), patterns as columns; inverse temperature β):

* :class:`HopfieldModel`: the model of a regulariser family (a :class:`hoptheory.maps.Family`
  or its name): H = -β⁻¹Ω*(βΞᵀx) + ½‖x‖², T(x) = Ξ ŷ_Ω(βΞᵀx); scores, weights, retrieve,
  energy, jacobian, iterate, error, support_size.
* :class:`DenseHopfield` (softmax, Shannon), :class:`SparseHopfield` (sparsemax, Gini),
  :class:`EntmaxHopfield` (α-entmax, Tsallis, α > 1): the three families, each with the
  energy printed in its source paper (``energy_published``).
* Nonparametric models (Hu et al. 2024): :class:`StructuredHopfield` and the gather-based
  :func:`offset_masked_retrieve`, :func:`gathered_masked_retrieve`; :class:`LinearHopfield`,
  :class:`PerformerHopfield`, :class:`KeyValueHopfield`, :class:`MultiHeadHopfield`; the ε-SVR
  model :class:`SVRHopfield` with its kernels and the dense-recovery construction.
* Binary associative memories (Hopfield 1982; Krotov and Hopfield 2016; Demircigil et al. 2017)
  on ±1 states: the interactions :func:`polynomial_interaction`,
  :func:`rectified_polynomial_interaction`, :func:`exponential_interaction`; :func:`dense_energy`,
  :func:`dense_async_sweep`, :func:`dense_retrieve`, :func:`is_fixed_point`; the classical network
  :func:`hebbian_weights`, :func:`hebbian_sign_update`.

Every ``iterate`` runs the one fixed-point loop of ``_iterate`` and
returns an :class:`Iteration`.

Quantities of a pattern set: :func:`max_norm` (m), :func:`pattern_separation` (Δ_μ),
:func:`min_separation` (Δ_min), :func:`query_separation` (Δ̃_μ(x)),
:func:`separation_radius` (R).
"""

from hoptheory.models._binary import (  # binary networks: Hebbian (Hopfield 1982), dense (Krotov-Hopfield)
    dense_async_sweep, dense_energy, dense_retrieve, exponential_interaction, hebbian_sign_update,
    hebbian_weights, is_fixed_point, polynomial_interaction, rectified_polynomial_interaction,
)
from hoptheory.models._hopfield import DenseHopfield, EntmaxHopfield, HopfieldModel, SparseHopfield
from hoptheory.models._iterate import Iteration
from hoptheory.models._quantities import (
    max_norm,
    min_separation,
    pattern_separation,
    query_separation,
    separation_radius,
)
from hoptheory.models._kernel import (
    KeyValueHopfield,
    LinearHopfield,
    MultiHeadHopfield,
    PerformerHopfield,
)
from hoptheory.models._structured import (
    StructuredHopfield,
    gathered_masked_retrieve,
    offset_masked_retrieve,
)
from hoptheory.models._svr import (
    Kernel,
    SVRHopfield,
    SVRKKTResiduals,
    dense_recovery_coefficients,
    exponential_kernel,
    feature_kernel,
    normalized_exponential_kernel,
    svr_dual_objective,
    svr_kernel_retrieve,
)

__all__ = [
    "DenseHopfield",
    "EntmaxHopfield",
    "HopfieldModel",
    "Iteration",
    "Kernel",
    "KeyValueHopfield",
    "LinearHopfield",
    "MultiHeadHopfield",
    "PerformerHopfield",
    "SVRHopfield",
    "SVRKKTResiduals",
    "SparseHopfield",
    "StructuredHopfield",
    "dense_recovery_coefficients",
    "exponential_kernel",
    "feature_kernel",
    "gathered_masked_retrieve",
    "max_norm",
    "min_separation",
    "normalized_exponential_kernel",
    "offset_masked_retrieve",
    "pattern_separation",
    "query_separation",
    "separation_radius",
    "svr_dual_objective",
    "svr_kernel_retrieve",
    # binary networks
    "dense_async_sweep", "dense_energy", "dense_retrieve", "exponential_interaction",
    "hebbian_sign_update", "hebbian_weights", "is_fixed_point", "polynomial_interaction",
    "rectified_polynomial_interaction",
]
