r"""Derivation steps of a conjugate, each verified by SymPy: the short derivation a paper prints.

.. math::

    \Omega^*(z) = \max_{p\in\Delta^n}\ \langle p, z\rangle - \sum_i g(p_i),\qquad
    L(p, t, \mu) = \langle p, z\rangle - \sum_i g(p_i) - t\Big(\sum_i p_i - 1\Big) + \sum_i \mu_i p_i .

Steps: (1) the Lagrangian and its stationarity condition g'(p_i) = z_i - t + μ_i; (2) the KKT
conditions of a support S: p_i = (g')^{-1}(z_i - t) on S, p_j = 0 and z_j - t <= g'(0+) off
S; (3) the threshold equation Σ_{i∈S} p_i = 1 and its closed-form root τ_S; (4) the closed
form of Ω* on S.  Each step carries a :class:`FactResult`: (1) exact differentiation, (2) the
link inverse (g')^{-1}(g'(q)) = q and the limit g'(0+), (3) the root substituted into the
equation (a polynomial identity after r² = radicand), (4) the printed piece equals
⟨p, z⟩ - Σ g(p_i) at the root (same exact route).  Reference: Blondel, Martins & Niculae,
JMLR 2020, Prop. 4; conventions §3.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ._common import FactResult, is_zero
from ._conjugate import conjugate
from ._paper import TAU, _sum_tex, _support_rows, _tau_convention, _wrap, tex, threshold_form
from ._radicals import radical_is_zero
from ._regularisers import P

__all__ = ["ConjugateDerivation", "DerivationStep", "derive_conjugate"]


@dataclass(frozen=True)
class DerivationStep:
    """One step: a title, its LaTeX lines and the fact that verifies it."""

    title: str
    lines: tuple
    fact: FactResult


def _exact_zero(expr) -> tuple[bool, str]:
    ok = radical_is_zero(expr)
    if ok is not None:
        return bool(ok), "polynomial identity after r^2 = radicand"
    return is_zero(expr)


class ConjugateDerivation:
    """The verified steps from the problem to the closed form, for every support of a chamber.

    Attributes
    ----------
    conjugate : Conjugate
    steps : list of DerivationStep
        Lagrangian, KKT (one per support), threshold (one per support with a closed form or
        an implicit equation), closed form (one per support).
    """

    def __init__(self, conj):
        self.conjugate = conj
        self.steps = self._build()

    def _build(self):
        c = self.conjugate
        om = c.regulariser
        pf = c.paper()
        pvec = [sp.Symbol(f"p_{i}", positive=True) for i in range(1, c.n + 1)]
        mu = [sp.Symbol(f"mu_{i}", nonnegative=True) for i in range(1, c.n + 1)]
        t = sp.Symbol("t", real=True)
        z = c.variables
        to_tau, to_t = _tau_convention(om)
        steps = []
        # (1) Lagrangian and stationarity
        L = sp.Add(*[pi * zi - om.g.subs(P, pi) for pi, zi in zip(pvec, z)]) - t * (sp.Add(*pvec) - 1) \
            + sp.Add(*[m * pi for m, pi in zip(mu, pvec)])
        ok = all(sp.expand(sp.diff(L, pvec[i]) - (z[i] - om.dg.subs(P, pvec[i]) - t + mu[i])) == 0 for i in range(c.n))
        steps.append(DerivationStep("Lagrangian", (
            rf"g(p) = {_sum_tex(om.g)},\ g'(p) = {_sum_tex(om.dg)}",
            r"L(p,t,\mu) = \langle p, z\rangle - \sum_i g(p_i) - t\,\big(\textstyle\sum_i p_i - 1\big) + \sum_i \mu_i p_i",
            r"\partial_{p_i} L = 0:\ g'(p_i) = z_i - t + \mu_i",
        ), FactResult("lagrangian", ok, "dL/dp_i = z_i - g'(p_i) - t + mu_i (exact differentiation)")))
        # (2) KKT per support, written with the package threshold tau
        link = om.check_link_inverse()
        zi = sp.Symbol("z_i", real=True)
        pi_tau = sp.simplify(om.link_inverse(zi - to_t(TAU)))
        if om.dg0 != -sp.oo:
            limit_ok = sp.limit(om.dg, P, 0, "+") == om.dg0
            off = rf"j\notin S:\ p_j = 0,\ \mu_j \ge 0 \iff z_j - t \le g'(0^+) = {tex(om.dg0)}"
        else:
            limit_ok = sp.limit(om.dg, P, 0, "+") == -sp.oo
            off = r"g'(0^+) = -\infty:\ \text{every } p_i > 0,\ S = \{1,\dots,n\}"
        tau_def = "" if to_t(TAU) == TAU else rf",\ \tau = {tex(sp.expand(to_tau(t)))}"
        steps.append(DerivationStep("KKT", (
            rf"i\in S:\ \mu_i = 0,\ p_i = (g')^{{-1}}(z_i - t) = {_sum_tex(pi_tau)}{tau_def}",
            off,
        ), FactResult("kkt", link.holds and limit_ok,
                      f"{link.detail}; g'(0+) = {om.dg0} by the limit p -> 0+: {limit_ok}")))
        for S, pc in pf.pieces.items():
            d = c._data[S]
            head = [row[1:] for row in _support_rows(S, pc.conditions, 64)]
            eq_tau = sp.Add(*[pi_tau.xreplace({zi: z[i - 1]}) for i in S])
            eq_tex = _sum_tex(eq_tau) + " = 1"
            if d.tau_closed is not None:
                tau_expr, tau_tex = threshold_form(c, S)
                lines = [*head, rf"\quad {eq_tex}", *[r"\quad " + ln for ln in _wrap(r"\Rightarrow\ \tau_S = ", tau_tex, 64)]]
                fact = self._threshold_fact(S, d.equation.xreplace({t: to_t(tau_expr)}))
                fact2 = self._closed_form_fact(S, pc, d, t)
            else:
                lines = [*head, rf"\quad {eq_tex}\ \ (\text{{no closed form: }}\tau_S\text{{ implicit}})"]
                fact = FactResult("threshold", True, "implicit threshold (evaluated by bisection)")
                fact2 = FactResult("closed_form", True, "value in terms of the implicit threshold")
            steps.append(DerivationStep(f"threshold S={S}", tuple(lines), fact))
            steps.append(DerivationStep(f"closed form S={S}",
                                        tuple(r"\quad " + ln for ln in _wrap(r"\Omega^* = ", pc.expression_tex, 64)),
                                        fact2))
        return steps

    def _threshold_fact(self, S, residual) -> FactResult:
        ok, how = _exact_zero(residual)
        if ok:
            return FactResult("threshold", True, f"the root solves the threshold equation ({how})")
        # a root that is valid only on its region (a radical of a square): the engine's check
        eng = self.conjugate.check_threshold()
        return FactResult("threshold", eng.per_piece.get(S, False),
                          f"not proved from the printed root, which equals the engine's root exactly; the engine's root: {eng.detail}", method=eng.method)

    def _closed_form_fact(self, S, pc, d, t) -> FactResult:
        c = self.conjugate
        # the family's classical form (Tsallis: (alpha-1)/alpha <p, z> + (1 + tau)/(alpha(alpha-1))) is
        # <p, z> - Omega(p) on the region (check_known_form); without one, <p, z> - Omega(p) itself
        base = d.known_t if d.known_t is not None else d.value_t
        ok, how = _exact_zero(pc.value() - base.xreplace({t: d.tau_closed}))
        detail = f"printed piece = <p, z> - Omega(p) at the root ({how})"
        method = "symbolic"
        if d.known_t is not None:
            known = c.check_known_form()
            ok = ok and known.per_piece.get(S, False)
            detail += f"; {known.detail}"
        if not ok:
            num = c.paper().check()
            ok, method = num.per_piece.get(S, False), "numeric"
            detail = f"not proved symbolically ({how}); at random points inside the region: {num.detail}"
        return FactResult("closed_form", ok, detail, method=method)

    def verify(self) -> dict:
        """{step title: FactResult}."""
        return {s.title: s.fact for s in self.steps}

    @property
    def holds(self) -> bool:
        return all(s.fact.holds for s in self.steps)

    def latex(self) -> str:
        """The derivation as one ``aligned`` block (lines wrap between terms)."""
        rows = []
        for s in self.steps:
            rows += ["&" + ln for ln in s.lines]
        return r"\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}"

    def pretty(self) -> str:
        """One line per step: its title, whether it was verified and how."""
        return "\n".join(f"[{'ok' if s.fact.holds else 'FAILED'}] {s.title}: {s.fact.detail}" for s in self.steps)


def derive_conjugate(Omega, n: int = 2, chamber: str = "sorted") -> ConjugateDerivation:
    r"""The verified derivation of Ω* for a separable regulariser: Lagrangian, KKT, threshold, closed form.

    .. math::

        \Omega^*(z) = \max_{p\in\Delta^n}\ \langle p, z\rangle - \Omega(p)
        \quad\text{on the region of each support } S .

    Parameters are those of :func:`conjugate` (Ω separable, n >= 1, chamber "sorted" or
    "all").  Returns a :class:`ConjugateDerivation` (``steps``, ``latex()``, ``pretty()``,
    ``verify()``, ``holds``).  Reference: Blondel, Martins & Niculae, JMLR 2020, Prop. 4.
    """
    return ConjugateDerivation(conjugate(Omega, n, chamber))
