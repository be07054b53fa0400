r"""Formula pieces and parameter documentation shared by the bounds of Hu et al. 2024.

* :func:`sparse_error`: :math:`m(M+k-2)\,e^{-\beta s}`, the sparse retrieval-error form;
* :func:`dense_error`: :math:`2m(M-1)\,e^{-\beta s}`, the dense one;
* :func:`jacobian_norm`: :math:`2\beta m^2(M+k-2)\,e^{-\beta s}`, the V1 Jacobian form;

here :math:`s` is the exponent's separation (a query separation, the published exponent, or a
separation lowered by a ball radius or a noise level).  :data:`PARAMETERS` says what each
parameter name means (one meaning per name, in every bound and function of the paper) and
:func:`with_parameters` writes the ``Parameters`` section of a docstring from it.
"""

from __future__ import annotations

from typing import Callable

from .._declare import glossary
from .._declare import with_parameters as document_parameters

__all__ = ["PARAMETERS", "dense_error", "jacobian_norm", "sparse_error", "with_parameters"]


def sparse_error(F, beta, m, M, k, s):
    r""":math:`m(M+k-2)\,e^{-\beta s}` in the kit ``F``."""
    return m * (M + k - 2) * F.exp(-beta * s)


def dense_error(F, beta, m, M, s):
    r""":math:`2m(M-1)\,e^{-\beta s}` in the kit ``F``."""
    return 2 * m * (M - 1) * F.exp(-beta * s)


def jacobian_norm(F, beta, m, M, k, s):
    r""":math:`2\beta m^2(M+k-2)\,e^{-\beta s}` in the kit ``F``."""
    return 2 * beta * m ** 2 * (M + k - 2) * F.exp(-beta * s)


#: What each parameter name means (one meaning per name, in every bound and function of the
#: paper), as numpydoc entries ``name : type`` with the meaning on the next lines.  The ranges a
#: bound needs are its hypotheses.
_GLOSSARY = r"""
beta : float
    Inverse temperature :math:`\beta`.
m : float
    Largest memory norm :math:`m=\max_\nu\Vert\xi_\nu\Vert`.
M : int
    Number of memories :math:`M`.
k : int
    Mask size :math:`k=|\mathcal M|`.
rho : float
    Mask fraction :math:`\rho`: every mask has :math:`k\le\rho M`.
Delta : float
    Separation :math:`\Delta_\mu=\Vert\xi_\mu\Vert^2-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`.
query_sep : float
    Query separation :math:`\tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle`.
query_sep_mask : float
    Query separation inside the mask, :math:`\tilde\Delta^{\mathcal M}_\mu(x)=\min_{\nu\in\mathcal
    M\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle`.
Delta_pub : float
    The published exponent :math:`\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`.
Delta_pub_inclusive : float
    The inclusive exponent :math:`\langle\xi_\mu,x\rangle-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle`.
max_dist : float
    Largest distance to the target :math:`D=\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`.
max_dist_mask : float
    Largest distance inside the mask :math:`D_\mu=\max_{\nu\in\mathcal M}\Vert\xi_\mu-\xi_\nu\Vert`.
q_mu : float
    The V2 weight of the target, :math:`q_\mu(x)=\mathrm{softmax}(\beta\Xi_{\mathcal M}^\top x)_\mu`.
r : float
    Radius :math:`r` of the ball :math:`S_\mu(r)=\{x:\Vert x-\xi_\mu\Vert\le r\}`.
R : float
    The storage radius :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`.
eta_norm : float
    Query-noise norm :math:`\Vert\eta\Vert`.
m_noisy : float
    Largest noisy memory norm :math:`\tilde m=\max_\nu\Vert\xi_\nu+\eta_\nu\Vert`.
x_norm : float
    Query norm :math:`\Vert x\Vert`.
eta_max : float
    Largest memory noise :math:`\eta_{\max}=\max_\nu\Vert\eta_\nu\Vert`.
eta_mu : float
    Noise of the target memory :math:`\Vert\eta_\mu\Vert`.
K : float
    Sphere-radius factor :math:`K`: the memories lie on the sphere of radius :math:`m=K\sqrt{d-1}`.
d : int
    Dimension :math:`d`.
p_fail : float
    Failure probability :math:`p`.
delta : float
    The published offset :math:`\delta` of the capacity (unexplained in the paper).
D_Phi : int
    Feature dimension :math:`D_\Phi`.
R_Phi : float
    Radius :math:`R_\Phi` in feature space.
s : float
    An inner product :math:`s=\langle u,v\rangle`.
n : int
    Truncation order :math:`n` of the Taylor series.
inner : float
    The inner product :math:`u^\top v`.
norm_sum_sq : float
    The squared norm :math:`\Vert u+v\Vert^2`.
n_f : int
    Number :math:`n_f` of i.i.d. Gaussian random features.
L : int
    Sequence length :math:`L`.
w : int
    Half-width :math:`w` of the sliding window.
Xi : array, shape (d, M)
    Memories :math:`\xi_1,\dots,\xi_M` as columns.
x : array, shape (d,) or (d, N)
    One query or N queries as columns, in the namespace of ``Xi``.
mu : int
    Index :math:`\mu` of the target memory, :math:`0\le\mu<M`.
mask : bool array, shape (M,) or (M, N)
    The support set :math:`\mathcal M`, one per query for shape (M, N) (default: every memory).
eta : array, shape of x
    Query noise :math:`\eta`: the noisy query is :math:`x+\eta`.
Xi_noisy : array, shape (d, M)
    Noisy memories :math:`\tilde\xi_\nu=\xi_\nu+\eta_\nu`.
coarse : bool
    Bound :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert` by :math:`2m`.
u : array, shape (d,)
    The first argument :math:`u` of the kernel :math:`e^{\beta u^\top v}`.
v : array, shape (d,)
    The second argument :math:`v` of the kernel.
strict : bool
    Raise :class:`~hoptheory.bounds.BoundHypothesisError` unless the result is valid everywhere.
"""


#: name → (numpydoc type, meaning with its symbol), read from the glossary above.
PARAMETERS: dict[str, tuple[str, str]] = glossary(_GLOSSARY)


def with_parameters(f: Callable) -> Callable:
    """Write the ``Parameters`` section of ``f``'s docstring from :data:`PARAMETERS`.

    ``f`` is a bound formula (its kit ``F`` is skipped) or a function on data (a parameter with a
    default is marked optional); see :func:`hoptheory.bounds._declare.with_parameters`.
    """
    return document_parameters(f, PARAMETERS)
