r"""Sources, hypotheses and SymPy assumptions shared by the sections of Hu et al. 2023."""

from __future__ import annotations

import inspect
from functools import partial

from .._declare import bound as _bound
from .._declare import glossary
from .._hypotheses import at_least, greater_than, hypothesis, in_interval, integer_at_least

PAPER = "Hu et al. 2023, On Sparse Modern Hopfield Model (NeurIPS 2023; arXiv:2309.12673v2)"
DERIVED = "derived (not in the paper)"

# SymPy assumptions of parameters that are not positive reals
REAL = {"real": True}
INT = {"positive": True, "integer": True}
NONNEG = {"real": True, "nonnegative": True}


def integer_ge(p: str, k: int, latex: str):
    """:math:`p\\in\\mathbb Z,\\ p\\ge k`, named ``"p >= k (integer)"`` as in this paper's reports."""
    return integer_at_least(p, k, latex, name=f"{p} >= {k} (integer)")


H_BETA = greater_than("beta", 0, r"\beta>0")
H_M_POS = greater_than("m", 0, r"m>0")
H_M2 = integer_ge("M", 2, r"M\geq 2")
H_D1 = integer_ge("d", 1, r"d\geq 1")
H_D2 = integer_ge("d", 2, r"d\geq 2")
H_R_POS = greater_than("R", 0, r"R>0")
H_KAPPA = integer_ge("kappa", 1, r"\kappa\geq 1")
H_P_FAIL = in_interval("p_fail", 0, 1, r"p_{\rm f}\in(0,1)")
H_IN_BALL = hypothesis("dist <= R (x in S_mu)", r"\Vert x-\xi_\mu\Vert\leq R",
                       lambda xp, **p: (p["dist"] >= 0) & (p["dist"] <= p["R"]))
H_TOP = at_least("query_sep", 0, r"\tilde\Delta_\mu(x)\geq 0", name="query_sep >= 0 (xi_mu has the top score)")
H_R_LE_M = hypothesis("R <= m (implied by ||xi_nu|| <= m)", r"R\leq m", lambda xp, **p: p["R"] <= p["m"])


def constant(value):
    """A trivial bound that is a constant (``2`` patterns, probability ``1``, ``0``)."""

    def trivial(F, **_):
        return value

    return trivial


#: What each parameter name of this paper's formulas means (one meaning per name), for the docstrings.
PARAMETERS = glossary(r"""
    a : float
        The constant :math:`a` of a Lambert capacity formula (any real).
    alpha : float
        An angle :math:`\alpha`.
    b : float
        The constant :math:`b>0` of a Lambert capacity formula.
    beta : float
        Inverse temperature :math:`\beta`.
    d : int
        Pattern dimension :math:`d`.
    delta : float
        The dense minus the sparse one-step error at a query,
        :math:`\delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert`.
    delta_inf : float
        :math:`\delta_\mu=\inf_{x\in S_\mu}\delta(x)`, the smallest :math:`\delta` on the ball.
    dist : float
        Distance of the query to the pattern, :math:`\Vert x-\xi_\mu\Vert`.
    Delta : float
        Pattern separation :math:`\Delta_\mu=\min_{\nu\ne\mu}\langle\xi_\mu,\xi_\mu-\xi_\nu\rangle`.
    energy : float
        The energy :math:`H_\beta(x)` (or the dense :math:`E(x)`) at the current point.
    energy0 : float
        The energy :math:`H_\beta(x_0)` at the start.
    eta_norm : float
        Size of the query noise, :math:`\Vert\eta\Vert`.
    gap : float
        Score gap :math:`z_{(1)}-z_{(\kappa)}` (order statistics of :math:`z=\Xi^\top x`).
    gap_sum : float
        Summed score gaps :math:`\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})`.
    K : float
        Ramsauer et al.'s radius parameter: the patterns lie on the sphere of radius :math:`K\sqrt{d-1}`.
    kappa : int
        Support size :math:`\kappa(\beta z)` of :math:`\mathrm{sparsemax}(\beta\Xi^\top x)`.
    m : float
        Largest pattern norm :math:`m=\max_\nu\Vert\xi_\nu\Vert` (the radius of the pattern sphere in the
        capacity formulas).
    M : int
        Number of patterns :math:`M`.
    max_dist : float
        Largest distance to another pattern, :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`.
    max_overlap : float
        Largest overlap :math:`\max_\nu\langle\xi_\mu,\xi_\nu\rangle` (over the range of :math:`\nu` as read).
    p_fail : float
        Failure probability :math:`p_{\rm f}` (the paper's :math:`p`).
    p_mu : float
        The weight :math:`p^\star_\mu` of :math:`\xi_\mu` (softmax or sparsemax of :math:`\beta\Xi^\top x`).
    query_sep : float
        Query separation :math:`\tilde\Delta_\mu(x)=\langle x,\xi_\mu\rangle-\max_{\nu\ne\mu}\langle x,\xi_\nu\rangle`
        (any sign).
    r : float
        A ball radius :math:`r` (in place of :math:`R`).
    R : float
        Radius of the balls :math:`S_\mu(R)`.
    score : float
        The score :math:`z_\mu=\langle\xi_\mu,x\rangle`.
    spectral_norm : float
        Spectral norm :math:`\Vert\Xi\Vert_2` of the memories.
    step : float
        Length of the retrieval step, :math:`\Vert T(x)-x\Vert`.
    x_norm : float
        Norm of the query, :math:`\Vert x\Vert`.
""")


def parameters_section(names, table) -> str:
    """The numpydoc ``Parameters`` section of the arguments ``names``, from ``table`` (name → (type, text))."""
    lines = ["Parameters", "----------"]
    for p in names:
        kind, text = table[p]
        lines += [f"{p} : {kind}", f"    {text}"]
    return "\n".join(lines)


def with_sections(obj, sections: str):
    """Insert ``sections`` (numpydoc text) into the docstring of ``obj`` before its Returns, Notes or Examples."""
    doc = inspect.cleandoc(obj.__doc__)
    heads = [doc.find(f"\n{h}\n{'-' * len(h)}\n") for h in ("Returns", "Notes", "Examples")]
    cut = min([i for i in heads if i >= 0], default=len(doc))
    obj.__doc__ = f"{doc[:cut].rstrip()}\n\n{sections}\n{doc[cut:]}"
    return obj


#: SymPy assumptions of the parameter names that are not positive reals (``dist`` and ``r`` are
#: positive in some formulas and nonnegative in others, and say so there).
ASSUMPTIONS = {
    **dict.fromkeys(("a", "Delta", "delta", "delta_inf", "energy", "energy0", "max_overlap", "query_sep", "score"),
                    REAL),
    **dict.fromkeys(("d", "kappa", "M"), INT),
    **dict.fromkeys(("alpha", "eta_norm", "gap", "gap_sum", "max_dist", "p_mu", "spectral_norm", "step", "x_norm"),
                    NONNEG),
}

#: :func:`~hoptheory.bounds.bound` with the ``Parameters`` of each formula written from :data:`PARAMETERS`
#: and the SymPy assumptions of its parameters from :data:`ASSUMPTIONS`.
bound = partial(_bound, parameters=PARAMETERS, assumptions=ASSUMPTIONS)
