"""ε-SVR view of memory storage (Hu et al. 2024, nonparametric Hopfield models), symbolically.

One output coordinate i at a time (the joint problem separates, since ||W||² = Σ_i ||w_i||²).
Training pairs (ξ_μ + δξ_μ, ξ_μ[i]); finite feature map with features φ_μ = Φ(ξ_μ + δξ_μ)
∈ R^D; targets y_μ = ξ_μ[i]; no bias term (catalogue entry hu2024/svr-primal).

Symbols: w (D), φ_{μk} (M x D), y (M), C > 0, ε > 0, slacks η_μ, η̃_μ >= 0, multipliers
α_μ, α̃_μ (of the two tube constraints) and γ_μ, γ̃_μ (of η, η̃ >= 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ._common import FactResult, check_sizes, is_zero

__all__ = ["SVRDerivation", "svr_dual", "svr_kkt", "svr_lagrangian", "svr_primal", "svr_representer"]


@dataclass
class SVRDerivation:
    """A derived SVR object: ``expr``, ``constraints`` (SymPy relations) and ``symbols``."""

    name: str
    expr: object
    constraints: list
    symbols: dict
    extra: dict = field(default_factory=dict)
    _check: object = None

    def latex(self) -> str:
        """LaTeX of the objective/expression followed by the constraints."""
        body = sp.latex(self.expr)
        if self.constraints:
            body += r"\quad\text{s.t.}\quad " + r",\ ".join(sp.latex(c) for c in self.constraints)
        return body

    def check(self) -> FactResult:
        """Verify the derivation symbolically."""
        if self._check is None:
            raise NotImplementedError(f"{self.name} has no check")
        return self._check()


def _svr_symbols(M, D):
    check_sizes(60, "a symbolic SVR derivation", M=M, D=D)
    w = sp.Matrix(D, 1, lambda k, _: sp.Symbol(f"w_{k + 1}", real=True))
    Phi = sp.Matrix(M, D, lambda m, k: sp.Symbol(f"phi_{m + 1}{k + 1}", real=True))
    y = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"y_{m + 1}", real=True))
    eta = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"eta_{m + 1}", nonnegative=True))
    etat = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"etat_{m + 1}", nonnegative=True))
    a = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"alpha_{m + 1}", nonnegative=True))
    at = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"alphat_{m + 1}", nonnegative=True))
    g = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"gamma_{m + 1}", nonnegative=True))
    gt = sp.Matrix(M, 1, lambda m, _: sp.Symbol(f"gammat_{m + 1}", nonnegative=True))
    C = sp.Symbol("C", positive=True)
    eps = sp.Symbol("epsilon", positive=True)
    return dict(w=w, Phi=Phi, y=y, eta=eta, etat=etat, alpha=a, alphat=at, gamma=g, gammat=gt, C=C, epsilon=eps)


def svr_primal(M: int, D: int) -> SVRDerivation:
    r"""Soft-margin ε-SVR primal for one output coordinate (no bias).

    .. math::

        \min_{w,\eta,\tilde\eta}\ \tfrac12\lVert w\rVert^2 + C\sum_{\mu=1}^{M}(\eta_\mu+\tilde\eta_\mu)
        \ \text{s.t.}\ y_\mu - \langle w,\varphi_\mu\rangle \le \epsilon+\eta_\mu,\
        \langle w,\varphi_\mu\rangle - y_\mu \le \epsilon+\tilde\eta_\mu,\ \eta,\tilde\eta\ge0 .

    w ∈ R^D, φ_μ = Φ(ξ_μ + δξ_μ) ∈ R^D (rows of ``Phi``), y_μ = ξ_μ[i].  Reference: Hu et
    al. 2024 §3 (hu2024/svr-primal, reconstructed).
    """
    s = _svr_symbols(M, D)
    w, Phi, y, eta, etat, C, eps = (s[k] for k in ("w", "Phi", "y", "eta", "etat", "C", "epsilon"))
    obj = (w.T * w)[0] / 2 + C * sum(eta[m] + etat[m] for m in range(M))
    f = Phi * w
    cons = []
    for m in range(M):
        cons.append(sp.LessThan(y[m] - f[m], eps + eta[m], evaluate=False))
        cons.append(sp.LessThan(f[m] - y[m], eps + etat[m], evaluate=False))
    cons += [sp.GreaterThan(eta[m], 0, evaluate=False) for m in range(M)]
    cons += [sp.GreaterThan(etat[m], 0, evaluate=False) for m in range(M)]
    return SVRDerivation("svr_primal", obj, cons, s)


def svr_lagrangian(M: int, D: int) -> SVRDerivation:
    r"""Lagrangian of the ε-SVR primal.

    .. math::

        L = \tfrac12\lVert w\rVert^2 + C\sum_\mu(\eta_\mu+\tilde\eta_\mu)
        - \sum_\mu\alpha_\mu(\epsilon+\eta_\mu-y_\mu+\langle w,\varphi_\mu\rangle)
        - \sum_\mu\tilde\alpha_\mu(\epsilon+\tilde\eta_\mu+y_\mu-\langle w,\varphi_\mu\rangle)
        - \sum_\mu(\gamma_\mu\eta_\mu+\tilde\gamma_\mu\tilde\eta_\mu),

    all multipliers >= 0.  Reference: hu2024/svr-dual-kkt (derived).
    """
    s = _svr_symbols(M, D)
    w, Phi, y, eta, etat, a, at, g, gt, C, eps = (
        s[k] for k in ("w", "Phi", "y", "eta", "etat", "alpha", "alphat", "gamma", "gammat", "C", "epsilon")
    )
    f = Phi * w
    L = (w.T * w)[0] / 2 + C * sum(eta[m] + etat[m] for m in range(M))
    L -= sum(a[m] * (eps + eta[m] - y[m] + f[m]) for m in range(M))
    L -= sum(at[m] * (eps + etat[m] + y[m] - f[m]) for m in range(M))
    L -= sum(g[m] * eta[m] + gt[m] * etat[m] for m in range(M))
    cons = [sp.GreaterThan(v, 0, evaluate=False) for v in list(a) + list(at) + list(g) + list(gt)]
    return SVRDerivation("svr_lagrangian", L, cons, s)


def _lagrangian_parts(M, D):
    """``(symbols, L, (w, Phi, y, eta, etat, alpha, alphat, gamma, gammat, C, epsilon))`` of :func:`svr_lagrangian`."""
    lag = svr_lagrangian(M, D)
    s = lag.symbols
    names = ("w", "Phi", "y", "eta", "etat", "alpha", "alphat", "gamma", "gammat", "C", "epsilon")
    return s, lag.expr, tuple(s[k] for k in names)


def svr_dual(M: int, D: int) -> SVRDerivation:
    r"""Dual of the ε-SVR, derived from the Lagrangian by stationarity.

    .. math::

        \max_{\alpha,\tilde\alpha\in[0,C]^M}\ -\tfrac12(\alpha-\tilde\alpha)^\top K(\alpha-\tilde\alpha)
        - \epsilon\,\mathbf 1^\top(\alpha+\tilde\alpha) + y^\top(\alpha-\tilde\alpha),
        \qquad K_{\mu\nu} = \langle\varphi_\mu,\varphi_\nu\rangle .

    Stationarity ∂L/∂w = 0 gives w* = Σ_μ (α_μ - α̃_μ) φ_μ (``extra["w_star"]``), and
    ∂L/∂η_μ = C - α_μ - γ_μ = 0 with γ_μ >= 0 gives the box α_μ <= C (same for α̃).
    ``check()`` substitutes both into L and compares with the catalogue's dual symbolically.
    Reference: hu2024/svr-dual-kkt.
    """
    s, L, (w, Phi, y, eta, etat, a, at, g, gt, C, eps) = _lagrangian_parts(M, D)
    wsol = sp.solve([sp.diff(L, wk) for wk in w], list(w), dict=True)[0]
    w_star = sp.Matrix([wsol[wk] for wk in w])
    gsol = {}
    for m in range(M):
        gsol[g[m]] = sp.solve(sp.diff(L, eta[m]), g[m])[0]
        gsol[gt[m]] = sp.solve(sp.diff(L, etat[m]), gt[m])[0]
    dual = sp.expand(L.xreplace(wsol).xreplace(gsol))
    K = Phi * Phi.T
    beta = a - at
    catalogue = -(beta.T * K * beta)[0] / 2 - eps * sum(a[m] + at[m] for m in range(M)) + (y.T * beta)[0]
    cons = [sp.LessThan(0, v, evaluate=False) for v in list(a) + list(at)]
    cons += [sp.LessThan(v, C, evaluate=False) for v in list(a) + list(at)]

    def check():
        ok1, how1 = is_zero(dual - catalogue)
        ok2 = all(sp.expand(w_star[k] - sum((a[m] - at[m]) * Phi[m, k] for m in range(M))) == 0 for k in range(D))
        ok3 = all(sp.expand(gsol[g[m]] - (C - a[m])) == 0 and sp.expand(gsol[gt[m]] - (C - at[m])) == 0 for m in range(M))
        free_slack = not any(dual.has(v) for v in list(eta) + list(etat) + list(w))
        holds = ok1 and ok2 and ok3 and free_slack
        return FactResult(
            "svr_dual", holds,
            f"L at the stationary point equals the catalogue dual ({how1}); w* = sum (alpha - alphat) phi: {ok2}; "
            f"gamma = C - alpha (box alpha <= C): {ok3}; slacks and w eliminated: {free_slack}",
        )

    return SVRDerivation("svr_dual", dual, cons, s, extra={"w_star": w_star, "kernel": K, "catalogue_form": catalogue}, _check=check)


def svr_kkt(M: int, D: int) -> SVRDerivation:
    r"""KKT conditions of the ε-SVR (stationarity, feasibility, complementary slackness).

    With residuals r_μ = y_μ - ⟨w, φ_μ⟩: w = Σ(α_μ - α̃_μ)φ_μ; C - α_μ - γ_μ = 0,
    C - α̃_μ - γ̃_μ = 0; α_μ(ε + η_μ - r_μ) = 0, α̃_μ(ε + η̃_μ + r_μ) = 0,
    (C - α_μ)η_μ = 0, (C - α̃_μ)η̃_μ = 0; primal and dual feasibility.  ``expr`` is the list
    of equalities (as expressions equal to 0); ``constraints`` the inequalities.
    Reference: hu2024/svr-dual-kkt.
    """
    s, L, (w, Phi, y, eta, etat, a, at, g, gt, C, eps) = _lagrangian_parts(M, D)
    r = y - Phi * w
    stationarity = [sp.expand(sp.diff(L, wk)) for wk in w]
    stationarity += [sp.expand(sp.diff(L, eta[m])) for m in range(M)] + [sp.expand(sp.diff(L, etat[m])) for m in range(M)]
    slack = [a[m] * (eps + eta[m] - r[m]) for m in range(M)] + [at[m] * (eps + etat[m] + r[m]) for m in range(M)]
    slack += [(C - a[m]) * eta[m] for m in range(M)] + [(C - at[m]) * etat[m] for m in range(M)]
    ineq = [sp.LessThan(r[m], eps + eta[m], evaluate=False) for m in range(M)]
    ineq += [sp.LessThan(-r[m], eps + etat[m], evaluate=False) for m in range(M)]
    ineq += [sp.LessThan(0, v, evaluate=False) for v in list(a) + list(at) + list(eta) + list(etat)]
    ineq += [sp.LessThan(v, C, evaluate=False) for v in list(a) + list(at)]

    def check():
        # stationarity in w reproduces w = sum (alpha - alphat) phi
        wsol = sp.solve(stationarity[: len(w)], list(w), dict=True)[0]
        ok = all(sp.expand(wsol[w[k]] - sum((a[m] - at[m]) * Phi[m, k] for m in range(M))) == 0 for k in range(D))
        # the slack-stationarity rows are C - alpha - gamma
        ok2 = all(sp.expand(stationarity[D + m] - (C - a[m] - g[m])) == 0 for m in range(M))
        return FactResult("svr_kkt", ok and ok2, f"stationarity gives w* = sum (alpha - alphat) phi: {ok}; C - alpha - gamma = 0: {ok2}")

    return SVRDerivation(
        "svr_kkt", stationarity + slack, ineq, s,
        extra={"stationarity": stationarity, "complementary_slackness": slack, "residual": r}, _check=check,
    )


def svr_representer(M: int, D: int) -> SVRDerivation:
    r"""Representer form of the SVR retrieval map (one coordinate).

    .. math::

        T_{\rm SVR}(x)[i] = \langle w^\star,\Phi(x)\rangle
        = \sum_{\mu=1}^{M}(\alpha_\mu-\tilde\alpha_\mu)\,\mathcal K(\xi_\mu+\delta\xi_\mu, x),
        \qquad \mathcal K(u, v) = \langle\Phi(u),\Phi(v)\rangle .

    ``expr`` is the kernel sum in the symbols φ_μ (training features) and ψ = Φ(x);
    ``check()`` verifies it equals ⟨w*, ψ⟩ with w* from :func:`svr_dual`.
    Reference: Hu et al. 2024, Theorem 3.1 (hu2024/svr-retrieval-map).
    """
    dual = svr_dual(M, D)
    s = dict(dual.symbols)
    psi = sp.Matrix(D, 1, lambda k, _: sp.Symbol(f"psi_{k + 1}", real=True))
    s["psi"] = psi
    Phi, a, at = s["Phi"], s["alpha"], s["alphat"]
    kern = Phi * psi  # K(xi_mu + dxi_mu, x) for each mu
    expr = sum((a[m] - at[m]) * kern[m] for m in range(M))
    w_star = dual.extra["w_star"]

    def check():
        ok, how = is_zero((w_star.T * psi)[0] - expr)
        return FactResult("svr_representer", ok, f"<w*, Phi(x)> = sum (alpha - alphat) K(., x): {how}")

    return SVRDerivation("svr_representer", expr, [], s, extra={"w_star": w_star}, _check=check)
