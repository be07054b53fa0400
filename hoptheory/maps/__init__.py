r"""Probability maps on the simplex and their regularisers (conventions §2–3).

Every map :math:`\hat y_\Omega(\theta) = \arg\max_{p\in\Delta^M}\langle\theta,p\rangle - \Omega(p)`
acts along one axis (``axis``, default the last) of a real floating array of any array-API
namespace (NumPy, CuPy, array-api-strict) and returns an array of the same namespace, shape
and dtype.  Jacobians act along the last axis and return shape ``(..., M, M)``.

=====================  ==========================  ============================
family                 map                         negentropy / conjugate
=====================  ==========================  ============================
Shannon                :func:`softmax`             :func:`shannon_negentropy`,
                       (:func:`masked_softmax`,    :func:`shannon_conjugate`
                       :func:`topk_softmax`)
Tsallis, α > 1         :func:`entmax`              :func:`tsallis_negentropy`,
                                                   :func:`tsallis_conjugate`
Gini (α = 2)           :func:`sparsemax`           :func:`gini_negentropy`,
                                                   :func:`gini_conjugate`
=====================  ==========================  ============================

Each row is bundled as a :class:`Family` (map, Jacobian, negentropy, conjugate, threshold,
margin): :data:`SHANNON`, :data:`GINI`, :func:`tsallis`, and :func:`family` to look one up by
name.  Thresholds :func:`sparsemax_threshold`, :func:`entmax_threshold`; support size
:func:`support_size`; margin :func:`margin`; Jacobians :func:`softmax_jacobian`,
:func:`sparsemax_jacobian`, :func:`entmax_jacobian`.
"""

from ._entmax import (
    entmax,
    entmax_jacobian,
    entmax_threshold,
    margin,
    support_size,
    tsallis_conjugate,
    tsallis_negentropy,
)
from ._family import GINI, SHANNON, Family, family, tsallis
from ._features import (
    elu_plus_one,
    elu_plus_one_derivative,
    exp_taylor_features,
    positive_random_features,
    positive_random_log_features,
    prf_estimator_variance,
    prf_weights,
)
from ._masks import (
    offset_mask,
    random_subset_indices,
    random_subset_mask,
    sliding_window_count,
    sliding_window_mask,
    sqrt_window_mask,
    sqrt_window_width,
    strided_mask,
    strided_offsets,
    top_k_mask,
    window_offsets,
)
from ._softmax import (
    masked_softmax,
    shannon_conjugate,
    shannon_negentropy,
    softmax,
    softmax_jacobian,
    topk_softmax,
)
from ._sparsemax import (
    gini_conjugate,
    gini_negentropy,
    sparsemax,
    sparsemax_jacobian,
    sparsemax_threshold,
)

__all__ = [
    "Family",
    "GINI",
    "SHANNON",
    "elu_plus_one",
    "elu_plus_one_derivative",
    "entmax",
    "entmax_jacobian",
    "entmax_threshold",
    "exp_taylor_features",
    "family",
    "gini_conjugate",
    "gini_negentropy",
    "margin",
    "masked_softmax",
    "offset_mask",
    "positive_random_features",
    "positive_random_log_features",
    "prf_estimator_variance",
    "prf_weights",
    "random_subset_indices",
    "random_subset_mask",
    "shannon_conjugate",
    "shannon_negentropy",
    "sliding_window_count",
    "sliding_window_mask",
    "softmax",
    "softmax_jacobian",
    "sparsemax",
    "sparsemax_jacobian",
    "sparsemax_threshold",
    "sqrt_window_mask",
    "sqrt_window_width",
    "strided_mask",
    "strided_offsets",
    "support_size",
    "top_k_mask",
    "topk_softmax",
    "tsallis",
    "tsallis_conjugate",
    "tsallis_negentropy",
    "window_offsets",
]
