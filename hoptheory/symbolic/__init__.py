"""Symbolic derivations (SymPy): regularisers, convex conjugates, energies, dynamics, SVR.

Every derived object has ``.expr`` (SymPy) and ``.latex()``; conjugates also print a canonical
paper form (``.latex()``, ``.pretty()``, ``.paper()``) and their verified derivation steps
(:func:`derive_conjugate`); conjugates and energies have a
numeric twin (``.numeric``) that runs on any array-API namespace with stable numerics.
"""

from ._arrayfn import NotCompilable, array_function
from ._common import FactResult, UnsupportedRegulariser
from ._conjugate import Conjugate, Piece, conjugate
from ._energy import (
    Derivation,
    cccp_step,
    energy,
    energy_gradient,
    one_step_attention,
    published_energy,
    retrieval_map,
)
from ._paper import PaperForm, PaperPiece
from ._parser import parse_scalar_function
from ._regularisers import Gini, Regulariser, Separable, Shannon, Tsallis
from ._steps import ConjugateDerivation, DerivationStep, derive_conjugate
from ._svr import SVRDerivation, svr_dual, svr_kkt, svr_lagrangian, svr_primal, svr_representer

__all__ = [
    "Conjugate",
    "ConjugateDerivation",
    "Derivation",
    "DerivationStep",
    "FactResult",
    "Gini",
    "NotCompilable",
    "PaperForm",
    "PaperPiece",
    "Piece",
    "Regulariser",
    "SVRDerivation",
    "Separable",
    "Shannon",
    "Tsallis",
    "UnsupportedRegulariser",
    "array_function",
    "cccp_step",
    "conjugate",
    "derive_conjugate",
    "energy",
    "energy_gradient",
    "one_step_attention",
    "parse_scalar_function",
    "published_energy",
    "retrieval_map",
    "svr_dual",
    "svr_kkt",
    "svr_lagrangian",
    "svr_primal",
    "svr_representer",
]
