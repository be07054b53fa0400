r"""Paper forms of conjugates: one canonical, short, verified expression per support.

For a support S (k = |S|, mean :math:`\bar z_S = \tfrac1k\sum_{i\in S} z_i`), translation
equivariance :math:`\Omega^*(z + c\mathbf 1) = \Omega^*(z) + c` gives

.. math::

    \Omega^*(z) = \bar z_S + G(\text{gaps}),

with G a function of the gaps z_i - z_j (i, j ∈ S) alone.  The canonical form reads G off
the one-parameter family z_S = (w, 0, ..., 0) and keeps it when the identity
Ω*_S(z) = z̄_S + G is proved exactly (a polynomial identity after each square root is
replaced by a symbol r with r² = radicand, :mod:`._radicals`): for k = 2, G = G(z_a - z_b);
for k >= 3, G = G(Q_S) with :math:`Q_S = \sum_{i<j\in S}(z_i-z_j)^2`.  Where no such form
exists (Tsallis α = 3/2 with k >= 3 has a cubic invariant) the piece is printed in the
threshold τ (the package convention, conventions §3), τ defined once per piece.  Regions are
the KKT support tests written as inequalities in the gaps: a test with one gap is
z_a - z_b ⋈ λ_Ω (the margin), linear tests are expanded, and a clamp max(z_l - z_i, 0) is
kept only where the sign of z_l - z_i is not fixed on the region.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import sympy as sp

from ._common import FactResult
from ._radicals import radical_is_zero
from ._regularisers import U, Tsallis

__all__ = ["Condition", "PaperForm", "PaperPiece", "paper_form", "threshold_form"]

_W = sp.Symbol("w", positive=True)
_GAP = sp.Symbol("GAPX", real=True)
_Q = sp.Symbol("QSUM", nonnegative=True)
TAU = sp.Symbol("tau", real=True)

_REL = {"<": sp.StrictLessThan, ">=": sp.GreaterThan, ">": sp.StrictGreaterThan}
_REL_TEX = {"<": "<", ">=": r"\ge", ">": ">"}


def tex(expr) -> str:
    """Compact LaTeX: plain parentheses, z_1 rather than z_{1}, \\ge rather than \\geq."""
    s = expr if isinstance(expr, str) else sp.latex(expr)
    s = s.replace(r"^{\frac{3}{2}}", "^{3/2}").replace(r"\left(", "(").replace(r"\right)", ")").replace(r"\left[", "[").replace(r"\right]", "]")
    s = re.sub(r"_\{(\d|[a-z])\}", r"_\1", s)
    s = s.replace(r"\hat{alp}_", r"\tilde\alpha_").replace("etat_", r"\tilde\eta_").replace("gammat_", r"\tilde\gamma_")
    return s.replace(r"\geq", r"\ge").replace(r"\leq", r"\le")


@dataclass(frozen=True)
class Condition:
    """One inequality of a region: ``lhs rel rhs`` with rel in {"<", ">=", ">"}."""

    lhs: sp.Expr
    rel: str
    rhs: sp.Expr

    @property
    def relation(self) -> sp.Basic:
        return _REL[self.rel](self.lhs, self.rhs, evaluate=False)

    def holds_at(self, point: dict) -> bool:
        return bool(_REL[self.rel](self.lhs.xreplace(point), self.rhs))

    def latex(self) -> str:
        return f"{_sum_tex(self.lhs)} {_REL_TEX[self.rel]} {tex(self.rhs)}"


def _sum_tex(expr) -> str:
    """A sum with its positive terms first and its constant last (z_2 - z_1, not -z_1 + z_2)."""
    terms = sp.Add.make_args(expr)
    if len(terms) == 1:
        return tex(expr)
    terms = sorted(terms, key=lambda t: (not t.free_symbols, t.could_extract_minus_sign()))
    out = tex(terms[0])
    for t in terms[1:]:
        out = _join(out, tex(t))
    return out


@dataclass(frozen=True)
class PaperPiece:
    """Canonical form on one support: ``expression`` (in z, and in ``TAU`` when ``tau`` is set)."""

    support: tuple
    conditions: tuple
    expression: sp.Expr
    tau: sp.Expr | None  # closed form of τ (in z), or None when the expression does not use τ
    tau_equation: sp.Expr | None  # implicit τ: this expression = 0 defines it
    expression_tex: str
    tau_tex: str | None
    form: str  # "gaps", "tau", "implicit" or "as derived"

    @property
    def region(self) -> sp.Basic:
        if not self.conditions:
            return sp.true
        rels = [c.relation for c in self.conditions]
        return rels[0] if len(rels) == 1 else sp.And(*rels, evaluate=False)

    def value(self) -> sp.Expr:
        """The expression with the closed-form τ substituted (in z only)."""
        return self.expression if self.tau is None else self.expression.xreplace({TAU: self.tau})


# ------------------------------------------------------------------------------- regions


def _conditions(conj, S) -> tuple:
    om = conj.regulariser
    z = conj.variables
    if om.dg0 == -sp.oo:
        return ()
    lam = om.margin()
    linear_h = om.h.is_polynomial(U) and sp.Poly(om.h, U).degree() == 1
    out = []
    for i, strict in conj._data[S].region_spec:
        others = [l for l in S if l != i]
        rel = "<" if strict else ">="
        if not others:
            continue  # empty sum 0 < 1
        if len(others) == 1:
            # h(max(x, 0) + g'(0+)) is increasing in x with value 1 at x = lambda
            out.append(Condition(z[others[0] - 1] - z[i - 1], rel, lam))
            continue
        # primal tests in the 'all' chamber compare members of S: the sign of z_l - z_i is not
        # fixed there, so the clamp stays; dual tests have z_l > z_j on the region (a theorem:
        # z_l - t > g'(0+) >= z_j - t), so the clamp is the identity there
        clamp = strict and conj.chamber == "all"
        terms = []
        for l in others:
            x = z[l - 1] - z[i - 1]
            terms.append(sp.factor(om.link_inverse((sp.Max(x, 0) if clamp else x) + om.dg0)))
        lhs = sp.Add(*terms)
        if linear_h:
            lhs = sp.expand(lhs)
        out.append(Condition(lhs, rel, sp.Integer(1)))
        if not strict and conj.chamber == "all" and not linear_h:
            # the unclamped dual test is the clamped one only where z_l > z_j for l in S
            out += [Condition(z[l - 1] - z[i - 1], ">", sp.Integer(0)) for l in others]
    seen, uniq = set(), []
    for c in out:
        key = (sp.srepr(c.lhs), c.rel, sp.srepr(c.rhs))
        if key not in seen:
            seen.add(key)
            uniq.append(c)
    return tuple(uniq)


def _conditions_tex(conds) -> str:
    """Join conditions; x < c together with -x < c prints as |x| < c."""
    parts, used = [], set()
    for a, c in enumerate(conds):
        if a in used:
            continue
        twin = next((b for b in range(a + 1, len(conds)) if b not in used and conds[b].rel == c.rel == "<"
                     and sp.expand(conds[b].lhs + c.lhs) == 0 and conds[b].rhs == c.rhs), None)
        if twin is not None:
            used.add(twin)
            lhs = min(c.lhs, conds[twin].lhs, key=lambda e: _sum_tex(e).startswith("-") or _sum_tex(e) > _sum_tex(-e))
            parts.append(rf"|{_sum_tex(lhs)}| < {tex(c.rhs)}")
        else:
            parts.append(c.latex())
    return r",\ ".join(parts)


# --------------------------------------------------------------------------- expressions


def _is_zero_exact(expr) -> bool:
    ok = radical_is_zero(expr)
    return bool(ok) if ok is not None else sp.simplify(expr) == 0


def _tidy(G):
    """Collect B(w)·√P(w) and write it as (B/P)·P^(3/2) when P divides B."""
    G = sp.expand(G)
    roots = [a for a in G.atoms(sp.Pow) if a.exp == sp.Rational(1, 2) and a.base.has(_W)]
    if not roots:
        return sp.factor_terms(G) if G.is_polynomial(_W) else G
    parts = sp.collect(G, roots, evaluate=False)
    out = parts.get(sp.Integer(1), sp.Integer(0))
    for s in roots:
        B = parts.get(s, sp.Integer(0))
        q, r = sp.div(B, s.base, _W)
        if r == 0 and q != 0:
            out += q * sp.Pow(s.base, sp.Rational(3, 2))
        else:
            out += B * s
    return out


def _gap_fit(R, zs):
    """G with R = G(z_a - z_b) (k = 2) or G(Q_S) (k >= 3), proved exactly; else None."""
    k = len(zs)
    Gw = R.xreplace({zs[0]: _W, **{v: 0 for v in zs[1:]}})
    Gw = sp.expand(Gw) if Gw.is_polynomial(_W) else sp.simplify(Gw)
    if k == 2:
        G = _tidy(Gw)
        cand = G.xreplace({_W: zs[0] - zs[1]})
        return (G.xreplace({_W: _GAP}), cand) if _is_zero_exact(R - cand) else None
    # Q_S = (k - 1) w^2 on the family
    G = _tidy(Gw)
    Gq = G.xreplace({_W: sp.sqrt(_Q / (k - 1))})
    if Gq.has(sp.sqrt(_Q)) or any(a.exp.q != 1 for a in Gq.atoms(sp.Pow) if a.base == _Q):
        return None
    Q = sp.Add(*[(zs[a] - zs[b]) ** 2 for a in range(k) for b in range(a + 1, k)])
    cand = Gq.xreplace({_Q: Q})
    return (Gq, cand) if _is_zero_exact(R - cand) else None


def _gap_tex(G, zs) -> str:
    s = _sum_tex(G)
    if len(zs) == 2:
        return s.replace("GAPX", f"({tex(zs[0] - zs[1])})")
    if len(zs) <= 3:
        qs = " + ".join(f"({tex(zs[a])} - {tex(zs[b])})^2" for a in range(len(zs)) for b in range(a + 1, len(zs)))
    else:
        qs = r"\sum_{i<j\in S}(z_i - z_j)^2"
    s = re.sub(r"\\frac\{QSUM\}", r"\\frac{" + qs.replace("\\", "\\\\") + "}", s)
    return s.replace("QSUM", f"\\big({qs}\\big)")


def _mean_tex(zs) -> str:
    if len(zs) == 1:
        return tex(zs[0])
    return r"\frac{" + " + ".join(tex(v) for v in zs) + "}{" + str(len(zs)) + "}"


def _join(head: str, rest: str) -> str:
    rest = rest.strip()
    if rest in ("", "0"):
        return head
    return head + (" - " + rest[1:].lstrip() if rest.startswith("-") else " + " + rest)


def _tau_convention(om):
    """(t -> τ, τ -> t) for the package threshold, or the identity."""
    t = sp.Symbol("t", real=True)
    conv = om.threshold_convention(t)
    if conv is None:
        return (lambda e: e), (lambda e: e)
    t_of_tau = sp.solve(sp.Eq(conv, TAU), t)[0]
    return (lambda e: conv.xreplace({t: e})), (lambda e: t_of_tau.xreplace({TAU: e}))


def _piece(conj, S) -> PaperPiece:
    om = conj.regulariser
    d = conj._data[S]
    z = conj.variables
    zs = [z[i - 1] for i in S]
    conds = _conditions(conj, S)
    to_tau, to_t = _tau_convention(om)
    t = sp.Symbol("t", real=True)
    base = d.known_t if d.known_t is not None else d.value_t
    in_tau = base.xreplace({t: to_t(TAU)})
    if d.tau_closed is None:
        eq = d.equation.xreplace({t: to_t(TAU)})
        return PaperPiece(S, conds, in_tau, None, eq, tex(in_tau),
                          rf"\tau \text{{ solves }} {tex(eq)} = 0", "implicit")
    E = conj.pieces[S].expression
    algebraic = not E.has(sp.exp, sp.log, sp.LambertW)
    m = sp.Add(*zs) / len(zs)
    if len(zs) == 1 and algebraic:
        v = sp.simplify(E)
        return PaperPiece(S, conds, v, None, None, tex(v), None, "gaps")
    if not algebraic:
        return PaperPiece(S, conds, E, None, None, tex(E), None, "as derived")
    fit = _gap_fit(E - m, zs)
    if fit is not None:
        G, cand = fit
        return PaperPiece(S, conds, m + cand, None, None, _join(_mean_tex(zs), _gap_tex(G, zs)), None, "gaps")
    # τ form: the threshold once, in the mean and the gaps when that form exists
    tau_expr, tt = threshold_form(conj, S)
    return PaperPiece(S, conds, in_tau, tau_expr, None, _in_tau_tex(om, in_tau), r"\tau = " + tt, "tau")


def threshold_form(conj, S):
    """Closed-form threshold τ_S (package convention) as (expression in z, LaTeX of its right side).

    Written as slope·z̄_S + G(gaps) when that identity is proved exactly, else as derived.
    """
    om = conj.regulariser
    d = conj._data[S]
    zs = [conj.variables[i - 1] for i in S]
    to_tau, _ = _tau_convention(om)
    t = sp.Symbol("t", real=True)
    tau_z = sp.expand(to_tau(d.tau_closed))
    k = len(zs)
    if k == 1:
        return tau_z, _sum_tex(tau_z)
    slope = sp.diff(to_tau(t), t)  # tau(z + c1) = tau(z) + slope c
    m = sp.Add(*zs) / k
    tfit = _gap_fit(tau_z - slope * m, zs)
    if tfit is None or not (slope / k).is_Rational:
        return tau_z, tex(tau_z)
    c = slope / k
    head = " + ".join(tex(v) for v in zs)
    head = r"\frac{" + head + "}{" + str(c.q) + "}" if c.q != 1 else f"({head})"
    return slope * m + tfit[1], _join(head if c.p == 1 else tex(c.p) + head, _gap_tex(tfit[0], zs))


def _in_tau_tex(om, in_tau) -> str:
    """Tsallis: (α-1)/α Σ_S z_i p_i + (1+τ)/(α(α-1)), p_i = ((α-1)z_i - τ)^(1/(α-1))."""
    if not isinstance(om, Tsallis) or om.params:
        return tex(in_tau)
    a = om.alpha
    zi = sp.Symbol("z_i", real=True)
    power = "" if 1 / (a - 1) == 1 else f"^{{{tex(1 / (a - 1))}}}"
    return (rf"{tex((a - 1) / a)} \sum_{{i\in S}} z_i p_i + {tex(1 / (a * (a - 1)))}(1 + \tau),\ "
            rf"p_i = ({tex((a - 1) * zi)} - \tau){power}")


# ------------------------------------------------------------------------------ printing


def split_top(s: str, seps=(" + ", " - ")) -> list:
    """Split LaTeX at top-level separators (outside braces and parentheses).

    A separator that starts with a comma stays with the part before it; any other (an
    operator such as ' + ') starts the part after it.
    """
    out, depth, start, a = [], 0, 0, 0
    while a < len(s):
        ch = s[a]
        if s.startswith((r"\left", r"\right"), a):  # \left| ... \right| must stay on one line
            depth += 1 if s.startswith(r"\left", a) else -1
            a += 5 if s.startswith(r"\left", a) else 6
            continue
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        elif depth == 0 and a > start and s.startswith(seps, a):
            sep = next(x for x in seps if s.startswith(x, a))
            cut = a + 1 if sep.startswith(",") else a
            out.append(s[start:cut])
            start = cut
            a += len(sep) - 1
        a += 1
    out.append(s[start:])
    return [x.strip() for x in out if x.strip()]


_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")


def visual_len(s: str) -> int:
    """Rough printed width of LaTeX in characters: a fraction is as wide as its wider part,
    a command counts as one character, braces and sizing commands count nothing."""
    prev = None
    while prev != s:
        prev = s
        s = _FRAC.sub(lambda m: max(m.group(1), m.group(2), key=len), s)
    s = re.sub(r"\\(left|right|big|Big|textstyle|displaystyle)", "", s)
    s = re.sub(r"\\quad|\\qquad", "  ", s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    s = re.sub(r"\^\{([^{}]*)\}|_\{([^{}]*)\}", lambda m: (m.group(1) or m.group(2) or "")[: max(1, len(m.group(1) or m.group(2) or "") * 2 // 3)], s)
    return len(s.replace("{", "").replace("}", "").replace("\\", "").replace("&", ""))


def _wrap(lead: str, body: str, width: int) -> list:
    """Lines of ``lead body`` of at most ~width characters of LaTeX (breaks between terms)."""
    lines, cur = [], lead
    for term in split_top(body):
        term = term.strip()
        if cur != lead and visual_len(cur) + visual_len(term) > width:
            lines.append(cur)
            cur = r"\quad " + term
        else:
            cur += term if cur == lead else " " + term
    lines.append(cur)
    return lines


def _support_rows(S, conditions, width: int) -> list:
    """``S = {..}: cond, cond`` as aligned rows, the conditions packed into lines of ~width characters."""
    parts = _conditions_tex(conditions).split(r",\ ") if conditions else []
    rows, cur = [], "&" + _support_tex(S) + (":" if parts else "")
    for a, part in enumerate(parts):
        sep = r"\ " if a == 0 or cur.endswith(r"\quad") else r",\ "
        if a and visual_len(cur) + visual_len(part) > width:
            rows.append(cur + ",")
            cur = r"&\qquad " + part
        else:
            cur += sep + part
    rows.append(cur)
    return rows


def _support_tex(S) -> str:
    return r"S=\{" + ",".join(map(str, S)) + r"\}"


class PaperForm:
    """Canonical pieces of a :class:`Conjugate` with ``latex()``, ``pretty()`` and ``check()``."""

    def __init__(self, conj):
        self.conjugate = conj
        self.pieces = {S: _piece(conj, S) for S in conj.pieces}

    def _header(self):
        c = self.conjugate
        if c.chamber == "sorted" and len(self.pieces) > 1:
            zs = [tex(v) for v in c.variables]
            order = r" \ge ".join(zs) if c.n <= 4 else rf"{zs[0]} \ge \dots \ge {zs[-1]}"
            return order
        return None

    def latex(self, width: int = 64) -> str:
        """Aligned LaTeX, one block per support (the support, its region, Ω* and τ)."""
        rows = []
        head = self._header()
        if len(self.pieces) == 1:
            pc = next(iter(self.pieces.values()))
            rows += ["&" + ln for ln in _wrap(r"\Omega^*(z) = ", pc.expression_tex, width)]
            if pc.tau_tex:
                rows.append("&" + pc.tau_tex)
            return r"\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}"
        if head:
            rows.append(r"&\text{on } " + head + ":")
        for S, pc in self.pieces.items():
            rows += _support_rows(S, pc.conditions, width)
            rows += [r"&\quad " + ln for ln in _wrap(r"\Omega^* = ", pc.expression_tex, width)]
            if pc.tau_tex:
                rows += [r"&\quad " + ln for ln in _wrap("", pc.tau_tex, width)]
        return r"\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}"

    def pretty(self) -> str:
        """Plain text (SymPy string syntax), one block per support."""
        c = self.conjugate
        lines = []
        head = self._header()
        if head:
            lines.append("on " + " >= ".join(str(v) for v in c.variables) + ":")
        for S, pc in self.pieces.items():
            conds = ", ".join(f"{sp.sstr(x.lhs)} {x.rel} {sp.sstr(x.rhs)}" for x in pc.conditions)
            lines.append("S = {" + ", ".join(map(str, S)) + "}" + (": " + conds if conds else ""))
            lines.append("    Omega*(z) = " + sp.sstr(pc.expression))
            if pc.tau is not None:
                lines.append("    tau = " + sp.sstr(pc.tau))
            elif pc.tau_equation is not None:
                lines.append("    tau solves " + sp.sstr(pc.tau_equation) + " = 0")
        return "\n".join(lines)

    def check(self, points: int = 12, seed: int = 0) -> FactResult:
        """Every printed piece equals the derived piece, and every printed region the derived one.

        Values: at ``points`` random points inside each region (30 digits).  Regions: at random
        rational points of the chamber, membership by the printed conditions equals membership
        by the derived ones (exact rational arithmetic).
        """
        c = self.conjugate
        per, fails = {}, []
        rng = random.Random(seed)
        for S, pc in self.pieces.items():
            ok = True
            if pc.tau_equation is None:
                worst = 0.0
                for point, _ in c._random_interior(S, points, seed):
                    a = complex(sp.N(pc.value().xreplace(point), 30))
                    b = complex(sp.N(c.pieces[S].expression.xreplace(point), 30))
                    worst = max(worst, abs(a - b))
                ok = worst < 1e-20
                if not ok:
                    fails.append(f"S={S}: value differs by {worst:.2e}")
            derived = c._data[S].region_t
            for _ in range(4 * points):
                vals = [sp.Rational(rng.randint(-60, 60), 20) for _ in c.variables]
                if c.chamber == "sorted":
                    vals.sort(reverse=True)
                pt = dict(zip(c.variables, vals))
                a = all(x.holds_at(pt) for x in pc.conditions)
                b = bool(derived.xreplace(pt)) if derived not in (sp.true, sp.false) else bool(derived)
                if a != b:
                    ok = False
                    fails.append(f"S={S}: region differs at {vals}")
                    break
            per[S] = ok
        holds = all(per.values())
        return FactResult("paper_form", holds, "printed pieces and regions equal the derived ones"
                          if holds else "; ".join(fails), per, "numeric")


def paper_form(conj) -> PaperForm:
    """The canonical (paper) form of a :class:`Conjugate`; see the module docstring."""
    return PaperForm(conj)
