r"""Executable checks of the claims of Hu et al. 2023, *On Sparse Modern Hopfield Model*.

One check per claim ID ``hu2023/<slug>`` of the catalogue, registered on import, in one module
per catalogue section:

* :mod:`.dense`: the dense background as restated by the paper;
* :mod:`.sparse_dynamics`: sparsemax, the conjugate, the energy and its dynamics, attention, layers;
* :mod:`.retrieval`: the retrieval error;
* :mod:`.capacity`: well-separation, capacity and exact one-step retrieval;
* :mod:`.auxiliary`: the auxiliary results;
* :mod:`.scope`: scope, limitations and experiments.

Every compared quantity passes through :meth:`~proofs_checks.Context.side`; instances are
drawn with Hypothesis (small parameters) and generated from a seed with
:mod:`hoptheory.sampling` on the check's backend.

Independent oracles used here (not the package's own code paths):

* an mpmath implementation of sparsemax, softmax and the retrieval maps at 40 digits, used to
  re-evaluate every counterexample;
* an exact rational sparsemax (:class:`fractions.Fraction`, the closed form of Martins &
  Astudillo) and a bisection sparsemax in NumPy;
* SciPy optimisation over the simplex for convex conjugates; finite differences of
  mpmath energies for gradients; ``mpmath.iv`` interval arithmetic for the angle inequality.

A holds-claim with several parts runs one search per part
(:func:`~proofs_checks._framework.combine`): one refuted part refutes the claim.
"""

from . import auxiliary, capacity, dense, retrieval, scope, sparse_dynamics  # noqa: F401  (registers the checks)

__all__ = ["auxiliary", "capacity", "dense", "retrieval", "scope", "sparse_dynamics"]
