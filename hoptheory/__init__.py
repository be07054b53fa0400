"""hoptheory: verify the theory of modern Hopfield models.

Subpackages (data flows one way, left to right):

``maps`` → ``models`` → ``bounds`` → ``claims`` → (``proofs_checks``) → ``cli``

* :mod:`hoptheory.backend`: array namespaces, input validation and dtype tolerances.
* :mod:`hoptheory.maps`: probability maps on the simplex (softmax, sparsemax, α-entmax, …).
* :mod:`hoptheory.models`: Hopfield models (energy, retrieval map, Jacobian, iteration).
* :mod:`hoptheory.sampling`: seeded pattern and query generators on any backend.
* :mod:`hoptheory.symbolic`: SymPy derivations (conjugates, energies, SVR duals).
* :mod:`hoptheory.bounds`: bound calculators, one module per paper.
* :mod:`hoptheory.claims`: the claim registry.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
