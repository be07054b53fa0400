"""Checks of the claims of Wu et al., *STanHop* (ICLR 2024): the Generalized Sparse Hopfield model.

One check per claim ID of the wu2024 records in ``hoptheory.claims``, registered on import:

* :mod:`.conjugate`: the Tsallis entropy, the conjugate "as an integral" and its exact (p*, tau) formula;
* :mod:`.dynamics`: the GSH energy, its dynamics and one-step attention, monotone decrease and convergence;
* :mod:`.retrieval`: the retrieval-error bounds of both regimes and the monotonicity of the error in alpha;
* :mod:`.sparsity`: the support size non-increasing in alpha;
* :mod:`.capacity`: the margin-based exact-retrieval capacity certificate.

Independent oracles: α-entmax and the conjugate in mpmath (:mod:`._common`, after
``peters2019._oracles``), exact rationals for sparsemax, SLSQP, SymPy, and a transcription of the
``entmax`` library's bisection.
"""

from . import capacity, conjugate, dynamics, retrieval, sparsity  # noqa: F401  (registers the checks)

__all__ = ["capacity", "conjugate", "dynamics", "retrieval", "sparsity"]
