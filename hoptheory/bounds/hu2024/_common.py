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

import inspect
from typing import Callable

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


#: name → (numpydoc type, meaning with its symbol), for the bounds' parameters and the data
#: arguments of the functions on data.  The ranges a bound needs are its hypotheses.
PARAMETERS: dict[str, tuple[str, str]] = {
    # memories, queries, masks
    "beta": ("float", r"Inverse temperature :math:`\beta`."),
    "m": ("float", r"Largest memory norm :math:`m=\max_\nu\Vert\xi_\nu\Vert`."),
    "M": ("int", r"Number of memories :math:`M`."),
    "k": ("int", r"Mask size :math:`k=|\mathcal M|`."),
    "rho": ("float", r"Mask fraction :math:`\rho`: every mask has :math:`k\le\rho M`."),
    "Delta": ("float", r"Separation "
                       r":math:`\Delta_\mu=\Vert\xi_\mu\Vert^2-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`."),
    "query_sep": ("float", r"Query separation "
                           r":math:`\tilde\Delta_\mu(x)=\min_{\nu\ne\mu}\langle x,\xi_\mu-\xi_\nu\rangle`."),
    "query_sep_mask": ("float", r"Query separation inside the mask, :math:`\tilde\Delta^{\mathcal M}_\mu(x)="
                                r"\min_{\nu\in\mathcal M\setminus\{\mu\}}\langle x,\xi_\mu-\xi_\nu\rangle`."),
    "Delta_pub": ("float", r"The published exponent "
                           r":math:`\langle\xi_\mu,x\rangle-\max_{\nu\ne\mu}\langle\xi_\mu,\xi_\nu\rangle`."),
    "Delta_pub_inclusive": ("float", r"The inclusive exponent "
                                     r":math:`\langle\xi_\mu,x\rangle-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle`."),
    "max_dist": ("float", r"Largest distance to the target :math:`D=\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`."),
    "max_dist_mask": ("float", r"Largest distance inside the mask "
                               r":math:`D_\mu=\max_{\nu\in\mathcal M}\Vert\xi_\mu-\xi_\nu\Vert`."),
    "q_mu": ("float", r"The V2 weight of the target, "
                      r":math:`q_\mu(x)=\mathrm{softmax}(\beta\Xi_{\mathcal M}^\top x)_\mu`."),
    "r": ("float", r"Radius :math:`r` of the ball :math:`S_\mu(r)=\{x:\Vert x-\xi_\mu\Vert\le r\}`."),
    "R": ("float", r"The storage radius :math:`R=\tfrac12\min_{\mu\ne\nu}\Vert\xi_\mu-\xi_\nu\Vert`."),
    # noise
    "eta_norm": ("float", r"Query-noise norm :math:`\Vert\eta\Vert`."),
    "m_noisy": ("float", r"Largest noisy memory norm :math:`\tilde m=\max_\nu\Vert\xi_\nu+\eta_\nu\Vert`."),
    "x_norm": ("float", r"Query norm :math:`\Vert x\Vert`."),
    "eta_max": ("float", r"Largest memory noise :math:`\eta_{\max}=\max_\nu\Vert\eta_\nu\Vert`."),
    "eta_mu": ("float", r"Noise of the target memory :math:`\Vert\eta_\mu\Vert`."),
    # capacity
    "K": ("float", r"Sphere-radius factor :math:`K`: the memories lie on the sphere of radius :math:`m=K\sqrt{d-1}`."),
    "d": ("int", r"Dimension :math:`d`."),
    "p_fail": ("float", r"Failure probability :math:`p`."),
    "delta": ("float", r"The published offset :math:`\delta` of the capacity (unexplained in the paper)."),
    "D_Phi": ("int", r"Feature dimension :math:`D_\Phi`."),
    "R_Phi": ("float", r"Radius :math:`R_\Phi` in feature space."),
    # kernels and variants
    "s": ("float", r"An inner product :math:`s=\langle u,v\rangle`."),
    "n": ("int", r"Truncation order :math:`n` of the Taylor series."),
    "inner": ("float", r"The inner product :math:`u^\top v`."),
    "norm_sum_sq": ("float", r"The squared norm :math:`\Vert u+v\Vert^2`."),
    "n_f": ("int", r"Number :math:`n_f` of i.i.d. Gaussian random features."),
    "L": ("int", r"Sequence length :math:`L`."),
    "w": ("int", r"Half-width :math:`w` of the sliding window."),
}


def with_parameters(formula: Callable) -> Callable:
    """Write the ``Parameters`` section of ``formula``'s docstring from :data:`PARAMETERS`.

    The section lists the parameters after the kit ``F`` and goes before ``Examples`` (or at the
    end); a parameter missing from :data:`PARAMETERS` raises ``KeyError``.
    """
    names = list(inspect.signature(formula).parameters)[1:]
    block = "Parameters\n----------\n" + "".join(f"{n} : {PARAMETERS[n][0]}\n    {PARAMETERS[n][1]}\n"
                                                  for n in names)
    doc = inspect.cleandoc(formula.__doc__ or "")
    head, sep, tail = doc.partition("\nExamples\n--------\n")
    formula.__doc__ = head.rstrip() + "\n\n" + block + (("\n" + sep.lstrip("\n") + tail) if sep else "")
    return formula
