"""Energies and retrieval dynamics of modern Hopfield models, derived symbolically.

Notation (conventions §4): memories Ξ ∈ R^{d×M} (patterns as columns), query x ∈ R^d,
β > 0, scores z = Ξ^T x, θ = βz.  The energy is H_β(x) = -β^{-1} Ω*(βΞ^T x) + ½||x||², its
gradient x - T(x) with T(x) = Ξ p*(βΞ^T x), and the CCCP step (convex part ½||x||²) is T.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..backend import as_float_array, check_beta, get_namespace
from ._common import FactResult, check_sizes, is_zero
from ._conjugate import Conjugate, conjugate
from ._radicals import radical_is_zero

__all__ = [
    "Derivation",
    "cccp_step",
    "energy",
    "energy_gradient",
    "one_step_attention",
    "published_energy",
    "retrieval_map",
]


@dataclass
class Derivation:
    """A derived object: ``expr`` (SymPy), the symbols it uses, notes and its checks."""

    name: str
    expr: object
    symbols: dict
    notes: str = ""
    conjugate: Conjugate | None = None
    extra: dict = field(default_factory=dict)
    _numeric: object = None
    _checks: dict = field(default_factory=dict)

    def latex(self) -> str:
        """LaTeX of ``expr``."""
        return sp.latex(self.expr)

    def numeric(self, *args, **kwargs):
        """Numeric twin (array API), with the argument order given in ``notes``."""
        if self._numeric is None:
            raise NotImplementedError(f"{self.name} has no numeric twin")
        return self._numeric(*args, **kwargs)

    def check(self) -> FactResult:
        """Verify the defining identity of this derivation symbolically."""
        if "check" not in self._checks:
            raise NotImplementedError(f"{self.name} has no check")
        return self._checks["check"]()


def _hopfield_symbols(d, M):
    check_sizes(64, "a symbolic derivation", d=d, M=M)
    Xi = sp.Matrix(d, M, lambda i, m: sp.Symbol(f"xi_{i + 1}{m + 1}", real=True))
    x = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
    beta = sp.Symbol("beta", positive=True)
    return Xi, x, beta


def _scores_sub(conj, Xi, x, beta):
    theta = beta * (Xi.T * x)
    return {zv: theta[m] for m, zv in enumerate(conj.variables)}


def _check_hopfield_numeric(Xi, x, beta):
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    x = as_float_array(x, "x", xp=xp, ndim=(1, 2))
    beta = check_beta(beta)
    if x.shape[0] != Xi.shape[0]:
        raise ValueError(f"x must have shape (d,) or (d, N) with d = {Xi.shape[0]} (Xi has shape {tuple(Xi.shape)}); got {tuple(x.shape)}")
    return xp, Xi, x, beta


def _scores_numeric(xp, Xi, x, beta):
    # (d, M)^T (d, [N]) -> (M, [N]); the conjugate wants (..., M)
    s = beta * (xp.matmul(xp.matrix_transpose(Xi), x) if x.ndim == 2 else xp.matmul(xp.matrix_transpose(Xi), x[:, None])[:, 0])
    return xp.matrix_transpose(s) if x.ndim == 2 else s


def energy(Omega, d: int, M: int, chamber: str = "all") -> Derivation:
    r"""Hopfield energy of a regulariser, derived piece by piece.

    .. math::

        H_\beta(x) = -\beta^{-1}\,\Omega^*(\beta\,\Xi^\top x) + \tfrac12\lVert x\rVert^2 .

    Parameters
    ----------
    Omega : Regulariser
    d, M : int
        Pattern dimension and number of patterns (Ξ is a d x M matrix of symbols ξ_{iμ}).
    chamber : {"all", "sorted"}
        ``"all"`` (default) is valid for every x; ``"sorted"`` only where the scores are
        sorted.

    Returns
    -------
    Derivation
        ``expr`` (Piecewise in x, Ξ, β); ``numeric(Xi, x, beta)`` with Xi (d, M) and x (d,)
        or (d, N); ``check()`` verifies ∇H_β = x - T(x) region by region.

    References
    ----------
    Ramsauer et al., ICLR 2021 (dense); Hu et al., NeurIPS 2023 (sparse, corrected with
    β^{-1}); conventions §4.
    """
    Xi, x, beta = _hopfield_symbols(d, M)
    conj = conjugate(Omega, M, chamber)
    sub = _scores_sub(conj, Xi, x, beta)
    H = -conj.expr.xreplace(sub) / beta + (x.T * x)[0] / 2

    def numeric(Xi_, x_, beta_):
        xp, Xi_, x_, b = _check_hopfield_numeric(Xi_, x_, beta_)
        th = _scores_numeric(xp, Xi_, x_, b)
        sq = xp.sum(x_ * x_, axis=0)
        return -conj.numeric(th) / b + sq / 2

    def check():
        return _check_energy_gradient(conj, Xi, x, beta, scale=1 / beta, extra=sp.Integer(1))

    return Derivation(
        "energy", H, {"Xi": Xi, "x": x, "beta": beta}, "numeric(Xi (d, M), x (d,) or (d, N), beta)",
        conj, _numeric=numeric, _checks={"check": check},
    )


def _check_energy_gradient(conj, Xi, x, beta, scale, extra):
    r"""grad of -scale Ω*(βΞᵀx) + extra ½|x|² equals extra x - scale β Ξ p*(βΞᵀx), per piece.

    Exact route in the scores: on each region, (i) ∂Ω*_S/∂z_μ = p*_μ(z) with the closed-form
    threshold substituted, proved as a polynomial identity after each square root is replaced
    by a symbol r with r² = radicand (:func:`radical_is_zero`; ``is_zero`` for logarithms and
    exponentials); (ii) the Jacobian of z = βΞᵀx is βΞᵀ (exact); (iii) the chain rule gives
    ∇_x = extra·x - scale·(βΞᵀ)ᵀ∇_zΩ*, compared with the target entry by entry.
    """
    if not conj.closed_form:
        dk = conj.check_danskin()
        return FactResult(
            "energy_gradient", dk.holds,
            "implicit threshold: grad H = x - Xi grad Omega*(beta Xi^T x) by the chain rule, and "
            f"grad Omega* = p* by Danskin ({dk.detail})", dk.per_piece,
        )
    t = sp.Symbol("t", real=True)
    z = conj.variables
    zx = beta * (Xi.T * x)
    jac = sp.Matrix(len(z), x.shape[0], lambda m, i: sp.diff(zx[m], x[i]))
    jac_ok = sp.expand(jac - beta * Xi.T) == sp.zeros(len(z), x.shape[0])
    per, fails = {}, []
    for S, piece in conj.pieces.items():
        d = conj._data[S]
        p = [pi.xreplace({t: d.tau_closed}) for pi in d.p_t]
        ok_all = True
        for m, zm in enumerate(z):
            diff = sp.diff(piece.expression, zm) - p[m]
            ok = radical_is_zero(diff)
            if ok is None:
                ok, how = is_zero(diff)
            else:
                how = "polynomial identity after r^2 = radicand"
            if not ok:
                ok_all = False
                fails.append(f"S={S}, d/dz_{m + 1}: {how}")
        # chain rule with the exact Jacobian, against the target extra x - scale beta Xi p
        pv = sp.Matrix(p)
        chain = extra * x - scale * jac.T * pv
        target = extra * x - scale * beta * Xi * pv
        ok_all = ok_all and sp.expand(chain - target) == sp.zeros(x.shape[0], 1)
        per[S] = ok_all and jac_ok
    holds = all(per.values())
    detail = ("grad H = x - T(x) on every region: grad_z Omega*_S = p*_S proved exactly per support, "
              "Jacobian of beta Xi^T x is beta Xi^T, chain rule")
    return FactResult("energy_gradient", holds, detail if holds else "; ".join(fails), per)


def energy_gradient(Omega, d: int, M: int, chamber: str = "all") -> Derivation:
    r"""Gradient of the energy: :math:`\nabla H_\beta(x) = x - \Xi\,\hat y_\Omega(\beta\Xi^\top x) = x - T(x)`."""
    T = retrieval_map(Omega, d, M, chamber)
    x = T.symbols["x"]
    return Derivation("energy_gradient", x - T.expr, T.symbols, "x - T(x)", T.conjugate)


def retrieval_map(Omega, d: int, M: int, chamber: str = "all") -> Derivation:
    r"""Retrieval map (one update of the dynamics).

    .. math::

        T(x) = \Xi\,\hat y_\Omega(\beta\,\Xi^\top x), \qquad \hat y_\Omega = \nabla\Omega^* .

    ``expr`` is a d x 1 Matrix (entries Piecewise in x, Ξ, β); ``numeric(Xi, x, beta)``
    returns (d,) or (d, N).  Reference: conventions §4.
    """
    Xi, x, beta = _hopfield_symbols(d, M)
    conj = conjugate(Omega, M, chamber)
    sub = _scores_sub(conj, Xi, x, beta)
    T = Xi * conj.map_expr().xreplace(sub)

    def numeric(Xi_, x_, beta_):
        xp, Xi_, x_, b = _check_hopfield_numeric(Xi_, x_, beta_)
        p = conj.numeric_map(_scores_numeric(xp, Xi_, x_, b))
        return xp.matmul(Xi_, xp.matrix_transpose(p)) if x_.ndim == 2 else xp.matmul(Xi_, p[:, None])[:, 0]

    return Derivation("retrieval_map", T, {"Xi": Xi, "x": x, "beta": beta}, "numeric(Xi, x, beta)", conj, _numeric=numeric)


def cccp_step(Omega, d: int, M: int, chamber: str = "all") -> Derivation:
    r"""CCCP surrogate of H_β at x_t and its minimiser.

    .. math::

        Q(x; x_t) = \tfrac12\lVert x\rVert^2 + v(x_t) + \nabla v(x_t)^\top (x - x_t),

        v(x) = -\beta^{-1}\Omega^*(\beta\Xi^\top x),\qquad
        \arg\min_x Q(x; x_t) = -\nabla v(x_t) = T(x_t).

    v is concave, so Q(·; x_t) >= H_β with equality at x_t; Q is a strictly convex
    quadratic whose stationary point is solved for symbolically.  ``expr`` is the surrogate,
    ``extra["minimiser"]`` the solved minimiser, and ``check()`` verifies minimiser = T(x_t).
    Reference: Yuille & Rangarajan 2003; Ramsauer et al. 2021; conventions §4.
    """
    Xi, x, beta = _hopfield_symbols(d, M)
    xt = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"x_t{i + 1}", real=True))
    conj = conjugate(Omega, M, chamber)
    sub_t = {zv: (beta * (Xi.T * xt))[m] for m, zv in enumerate(conj.variables)}
    p_t = conj.map_expr().xreplace(sub_t)
    grad_v = -Xi * p_t  # Danskin: ∇v(x_t) = -Ξ p*(βΞᵀx_t)
    v_t = -conj.expr.xreplace(sub_t) / beta
    # solve grad_x Q = 0 with the (x-independent) linearisation held as placeholders
    gsym = sp.Matrix(d, 1, lambda i, _: sp.Symbol(f"g_{i + 1}", real=True))
    vsym = sp.Symbol("v_t", real=True)
    Qp = (x.T * x)[0] / 2 + vsym + (gsym.T * (x - xt))[0]
    sol = sp.solve([sp.diff(Qp, xi) for xi in x], list(x), dict=True)
    back = {gsym[i]: grad_v[i] for i in range(d)}
    minimiser = sp.Matrix([sol[0][xi] for xi in x]).xreplace(back)
    Q = Qp.xreplace({**back, vsym: v_t})
    hess = sp.hessian(Qp, list(x))
    T_t = Xi * p_t

    def check():
        ok = all(sp.expand(minimiser[i] - T_t[i]) == 0 for i in range(d))
        convex = hess == sp.eye(d)
        return FactResult(
            "cccp", ok and convex,
            "Hessian of Q is the identity (strictly convex) and argmin Q = Xi p*(beta Xi^T x_t) = T(x_t)"
            if ok and convex else f"minimiser {minimiser} differs from T(x_t) or Q not convex",
        )

    return Derivation(
        "cccp_step", Q, {"Xi": Xi, "x": x, "x_t": xt, "beta": beta}, "surrogate Q(x; x_t)", conj,
        extra={"minimiser": minimiser, "T": T_t}, _checks={"check": check},
    )


def one_step_attention(Omega, L: int, M: int, d: int, d_v: int) -> Derivation:
    r"""One update of the dynamics equals Ω-attention (Hu et al. 2023, sparse attention).

    .. math::

        \big[T(q_\ell)^\top W_V\big]_{\ell=1}^{L} = \hat y_\Omega\big(\beta\,Q K^\top\big)\,V,
        \qquad \Xi = K^\top,\ V = K W_V,

    with the map applied row-wise.  Q ∈ R^{L×d} (query rows), K ∈ R^{M×d} (key rows),
    W_V ∈ R^{d×d_v}.  ``expr`` is the attention output (L x d_v); ``check()`` verifies the
    identity entry by entry.  Holds for one update only (the paper's caveat).
    Reference: Hu et al., NeurIPS 2023, §3 (hu2023/one-step-sparse-attention).
    """
    for name, v in (("L", L), ("M", M), ("d", d), ("d_v", d_v)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be an int >= 1; got {v!r}")
    Qm = sp.Matrix(L, d, lambda l, i: sp.Symbol(f"q_{l + 1}{i + 1}", real=True))
    K = sp.Matrix(M, d, lambda m, i: sp.Symbol(f"k_{m + 1}{i + 1}", real=True))
    WV = sp.Matrix(d, d_v, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}", real=True))
    beta = sp.Symbol("beta", positive=True)
    conj = conjugate(Omega, M, "all")
    pmap = conj.map_expr()
    scores = beta * Qm * K.T  # (L, M)
    P = sp.Matrix(L, M, lambda l, m: pmap[m].xreplace({zv: scores[l, mu] for mu, zv in enumerate(conj.variables)}))
    V = K * WV
    att = P * V
    Xi = K.T

    def check():
        rows = []
        for l in range(L):
            q = Qm[l, :].T
            p = pmap.xreplace({zv: (beta * Xi.T * q)[mu] for mu, zv in enumerate(conj.variables)})
            rows.append(((Xi * p).T * WV))
        hop = sp.Matrix.vstack(*rows)
        ok = all(sp.expand(hop[i, j] - att[i, j]) == 0 for i in range(L) for j in range(d_v))
        return FactResult("one_step_attention", ok, "T(q_l)^T W_V = [map(beta Q K^T) V]_l for every row" if ok else "mismatch")

    return Derivation(
        "one_step_attention", att, {"Q": Qm, "K": K, "W_V": WV, "beta": beta}, "map(beta Q K^T) K W_V", conj,
        _checks={"check": check},
    )


def published_energy(Omega, d: int, M: int, chamber: str = "all") -> Derivation:
    r"""The energy as printed by Hu et al. (2023), without β^{-1}.

    .. math::

        H_{\rm pub}(x) = -\Omega^*(\beta\,\Xi^\top x) + \tfrac12\lVert x\rVert^2
        = \beta H_\beta(x) + \tfrac12(1-\beta)\lVert x\rVert^2,

        \nabla H_{\rm pub}(x) = x - \beta\,T(x).

    Why it differs: the chain rule gives ∇_x Ω*(βΞ^T x) = βΞ p*(βΞ^T x) = βT(x), so the
    stationary points of H_pub are the fixed points of βT, not of T; the two energies agree
    only at β = 1.  ``check()`` verifies both identities symbolically (region by region);
    ``extra["reason"]`` states this.  Reference: Hu et al., NeurIPS 2023 (hu2023/sparse-energy).
    """
    Xi, x, beta = _hopfield_symbols(d, M)
    conj = conjugate(Omega, M, chamber)
    sub = _scores_sub(conj, Xi, x, beta)
    Hpub = -conj.expr.xreplace(sub) + (x.T * x)[0] / 2
    Hb = -conj.expr.xreplace(sub) / beta + (x.T * x)[0] / 2
    reason = (
        "H_pub omits beta^{-1}: grad_x Omega*(beta Xi^T x) = beta Xi p*(beta Xi^T x) = beta T(x), so "
        "grad H_pub = x - beta T(x); H_pub = beta H_beta + (1 - beta)||x||^2/2, and its stationary "
        "points are fixed points of T only when beta = 1"
    )

    def numeric(Xi_, x_, beta_):
        xp, Xi_, x_, b = _check_hopfield_numeric(Xi_, x_, beta_)
        th = _scores_numeric(xp, Xi_, x_, b)
        return -conj.numeric(th) + xp.sum(x_ * x_, axis=0) / 2

    def check():
        rel_ok = all(
            is_zero(
                (-pc.expression.xreplace(sub) + (x.T * x)[0] / 2)
                - beta * (-pc.expression.xreplace(sub) / beta + (x.T * x)[0] / 2)
                - (1 - beta) * (x.T * x)[0] / 2
            )[0]
            for pc in conj.pieces.values()
        )
        grad = _check_energy_gradient(conj, Xi, x, beta, scale=sp.Integer(1), extra=sp.Integer(1))
        return FactResult(
            "published_energy", rel_ok and grad.holds,
            f"H_pub = beta H_beta + (1-beta)|x|^2/2 on every region: {rel_ok}; grad H_pub = x - beta T(x): {grad.detail}",
            grad.per_piece,
        )

    return Derivation(
        "published_energy", Hpub, {"Xi": Xi, "x": x, "beta": beta}, "numeric(Xi, x, beta)", conj,
        extra={"reason": reason, "H_beta": Hb}, _numeric=numeric, _checks={"check": check},
    )
