r"""Bounds, thresholds and capacity formulas of Hu et al. 2023, published and corrected.

J. Y.-C. Hu, D. Yang, D. Wu, C. Xu, B.-Y. Chen, H. Liu, *On Sparse Modern Hopfield Model*,
NeurIPS 2023, arXiv:2309.12673 (v2 is the camera-ready version).  Claim IDs ``hu2023/<slug>``.

Every formula is a :class:`~hoptheory.bounds.Bound`: it is written once and evaluated
vectorised on any array-API backend (``bound(**params)`` returns a
:class:`~hoptheory.bounds.BoundResult`), as a SymPy twin (``bound.sympy()``), at high
precision (``bound.mp(dps=50, **params)``) and certified (``bound.certified(prec=80, **params)``).
Each bound object carries its own documentation in ``bound.__doc__``; the list below is
generated from it.  Bounds stated on a memory matrix and a query also have a plain function
``<name>_at(Xi, x, mu, beta)`` that computes the scalar parameters with
:mod:`hoptheory.models` and returns the bound's ``BoundResult``
(a 0-d result in the namespace of ``Xi``).

**Forms.** *published*: the formula as printed (paper's scaling, package notation);
*corrected*: the provable replacement of a published formula; *derived*: a formula that is
not in the paper and that the checks of the claims use.

**Symbols** (conventions §1, §2, §8; the paper's name in brackets where it differs):

* ``d``: pattern dimension; ``M``: number of stored patterns;
  ``m``: :math:`\max_\mu\Vert\xi_\mu\Vert`; ``beta``: inverse temperature :math:`\beta>0`.
* ``score``: :math:`z_\mu=\langle\xi_\mu,x\rangle`; ``max_overlap``:
  :math:`\max_\nu\langle\xi_\mu,\xi_\nu\rangle` (range of :math:`\nu` unconfirmed in the paper).
* ``query_sep``: :math:`\tilde\Delta_\mu(x)=z_\mu-\max_{\nu\ne\mu}z_\nu`; ``Delta``:
  :math:`\Delta_\mu=\min_{\nu\ne\mu}\langle\xi_\mu,\xi_\mu-\xi_\nu\rangle`.
* ``dist``: :math:`\Vert x-\xi_\mu\Vert`; ``R``: radius of :math:`S_\mu` (default half the
  minimum distance); ``r``: a radius used in place of :math:`R`; ``max_dist``:
  :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`.
* ``p_mu``: the weight :math:`p^\star_\mu` of :math:`\xi_\mu`; ``kappa``: sparsemax support
  size :math:`\kappa(\beta z)`; ``gap``: :math:`z_{(1)}-z_{(\kappa)}` [paper:
  :math:`\max_\nu\langle\xi_\nu,x\rangle-[\Xi^\top x]_{(\kappa)}`]; ``gap_sum``:
  :math:`\sum_{j\le\kappa}(z_{(1)}-z_{(j)})`.
* ``delta``: :math:`\delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert`
  [:math:`\delta`]; ``delta_inf``: :math:`\delta_\mu=\inf_{x\in S_\mu}\delta(x)`.
* ``p_fail``: failure probability :math:`p_{\rm f}` [:math:`p`]; ``K``: Ramsauer's radius
  parameter, :math:`m=K\sqrt{d-1}`; ``a``, ``b``: the constants of a Lambert capacity formula.
* ``spectral_norm``: :math:`\Vert\Xi\Vert_2`; ``eta_norm``: :math:`\Vert\eta\Vert`;
  ``energy``, ``energy0``: energy values :math:`H_\beta(x)`, :math:`H_\beta(x_0)`;
  ``step``: :math:`\Vert T(x)-x\Vert`; ``x_norm``: :math:`\Vert x\Vert`; ``alpha``: an angle.

**Numerical notes.**

* Lambert W is evaluated as :math:`W_0(e^{y})` with the kit's ``wexp`` (no overflow of
  :math:`e^{y}`); its argument :math:`e^{y}>0` is always in the principal branch's range.
* Exponential bounds whose value exceeds the float64 range (a huge, vacuous upper bound,
  e.g. :math:`\beta=10^8` with a negative exponent gap) are reported by the array kit as
  non-finite (``ill_defined`` with reason "non-finite value"); evaluate them with
  ``bound.mp`` for the exact magnitude.
* Divisions by parameters go through ``F.div`` so a zero denominator is reported, never
  silently infinite.

**Bounds** (generated from each bound's documentation):

"""

from __future__ import annotations

import math
import numbers
import mpmath
import sympy

from ..backend import as_float_array, check_beta, get_namespace, sort_descending
from ._core import ArrayKit, Bound, BoundResult, Hypothesis

_PAPER = "Hu et al. 2023, On Sparse Modern Hopfield Model (NeurIPS 2023; arXiv:2309.12673v2)"
_DERIVED = "derived (not in the paper)"

_BOUNDS: list[Bound] = []


# --------------------------------------------------------------------------- construction


def _rat(F, n: int, k: int):
    """The rational n/k in the kit's own exact type (SymPy Rational, interval, mpf, float)."""
    if F.name == "sympy":
        return sympy.Rational(n, k)
    if F.name == "interval":
        return mpmath.iv.mpf(n) / k
    if F.name == "mpmath":
        return mpmath.mpf(n) / k
    return n / k


def _gt(name: str, value: float, latex: str, label: str | None = None) -> Hypothesis:
    return Hypothesis(label or f"{name} > {value:g}", latex, lambda xp, **p: p[name] > value)


def _ge(name: str, value: float, latex: str, label: str | None = None) -> Hypothesis:
    return Hypothesis(label or f"{name} >= {value:g}", latex, lambda xp, **p: p[name] >= value)


def _int_ge(name: str, k: int, latex: str) -> Hypothesis:
    def test(xp, **p):
        v = p[name]
        return (v >= k) & (xp.floor(v) == v)

    return Hypothesis(f"{name} >= {k} (integer)", latex, test)


def _open_unit(name: str, latex: str) -> Hypothesis:
    return Hypothesis(f"{name} in (0, 1)", latex, lambda xp, **p: (p[name] > 0) & (p[name] < 1))


_BETA = _gt("beta", 0, r"\beta>0")
_M_POS = _gt("m", 0, r"m>0")
_M2 = _int_ge("M", 2, r"M\geq 2")
_D2 = _int_ge("d", 2, r"d\geq 2")
_R_POS = _gt("R", 0, r"R>0")
_PF = _open_unit("p_fail", r"p_{\rm f}\in(0,1)")
_IN_BALL = Hypothesis("dist <= R (x in S_mu)", r"\Vert x-\xi_\mu\Vert\leq R",
                      lambda xp, **p: (p["dist"] >= 0) & (p["dist"] <= p["R"]))
_TOP = _ge("query_sep", 0, r"\tilde\Delta_\mu(x)\geq 0", "query_sep >= 0 (xi_mu has the top score)")
_REAL = {"real": True}
_INT = {"positive": True, "integer": True}
_NONNEG = {"real": True, "nonnegative": True}


def _trivial_2m(F, m, **_):
    return 2 * m


def _make(name, parameters, formula, *, hypotheses=(), kind="upper", trivial=None, trivial_latex="",
          latex="", source="", form="published", summary="", symbols_doc=None, symbols=None) -> Bound:
    """Build a Bound, attach its documentation and register it for the module docstring."""
    b = Bound(name=name, parameters=tuple(parameters), formula=formula, hypotheses=tuple(hypotheses),
              kind=kind, trivial=trivial, latex=latex, source=source, symbols=dict(symbols or {}))
    what = {"upper": "upper bound", "lower": "lower bound", "value": "value (threshold or constant)"}[kind]
    params = "; ".join(f"``{p}``: {(symbols_doc or {}).get(p, '')}" for p in parameters)
    hyps = "; ".join(f":math:`{h.latex}` (``{h.name}``)" for h in hypotheses) or "none"
    triv = f"; trivial bound it competes with: :math:`{trivial_latex}`" if trivial is not None else ""
    lines = [f"{summary} [{form}]", "", ".. math::", "", f"    {latex}", "",
             f":Parameters: {params}", f":Hypotheses: {hyps}", f":Kind: {what}{triv}", f":Source: {source}"]
    object.__setattr__(b, "__doc__", "\n".join(lines))
    _BOUNDS.append(b)
    return b


# =========================================================================== dense background


def _f_dense_quoted(F, m, M, beta, score, max_overlap, dist, R):
    return 2 * m * (M - 1) * F.exp(-beta * (score - max_overlap))


dense_error_bound_as_quoted = _make(
    "dense_error_bound_as_quoted",
    ("m", "M", "beta", "score", "max_overlap", "dist", "R"),
    _f_dense_quoted,
    hypotheses=(_M_POS, _M2, _BETA, _R_POS, _IN_BALL),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert\mathcal{T}_{\rm Dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle"
          r"-\max_{\nu\in[M]}\langle\xi_\mu,\xi_\nu\rangle)\}",
    source=f"{_PAPER}; restatement of Ramsauer et al.'s retrieval-error theorem (label unconfirmed); "
           "hu2023/dense-error-bound-as-quoted",
    summary="Dense one-step retrieval error bound as restated by Hu et al. (two readings of the maximum: "
            "over all nu, or over nu != mu; pass the corresponding max_overlap).",
    symbols_doc={"m": "largest pattern norm", "M": "number of patterns", "beta": "inverse temperature",
                 "score": "<xi_mu, x>", "max_overlap": "max_nu <xi_mu, xi_nu> (reading-dependent)",
                 "dist": "||x - xi_mu||", "R": "ball radius"},
    symbols={"score": _REAL, "max_overlap": _REAL, "M": _INT},
)


def _f_weight(F, m, p_mu):
    return 2 * m * (1 - p_mu)


retrieval_error_weight_bound = _make(
    "retrieval_error_weight_bound",
    ("m", "p_mu"),
    _f_weight,
    hypotheses=(_M_POS, Hypothesis("p_mu in [0, 1]", r"p^\star_\mu\in[0,1]",
                                   lambda xp, **p: (p["p_mu"] >= 0) & (p["p_mu"] <= 1))),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert T(x)-\xi_\mu\Vert\leq 2m\,(1-p^\star_\mu)",
    source=f"{_DERIVED}; first link of the corrected chain of hu2023/dense-error-bound-as-quoted "
           "(conventions §5); holds for every map (softmax, sparsemax)",
    form="corrected",
    summary="Weight bound on the one-step error: T(x) - xi_mu = sum_{nu != mu} p_nu (xi_nu - xi_mu).",
    symbols_doc={"m": "largest pattern norm", "p_mu": "weight p*_mu of xi_mu (softmax or sparsemax)"},
    symbols={"p_mu": _NONNEG},
)


def _f_dense_query(F, m, M, beta, query_sep):
    return 2 * m * (M - 1) * F.exp(-beta * query_sep)


dense_error_bound_query = _make(
    "dense_error_bound_query",
    ("m", "M", "beta", "query_sep"),
    _f_dense_query,
    hypotheses=(_M_POS, _M2, _BETA),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm soft}_\mu)\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)}",
    source=f"{_DERIVED}; corrected form of hu2023/dense-error-bound-as-quoted (second link of the chain; "
           "equivalent to Ramsauer et al.'s retrieval-error theorem); holds for every x",
    form="corrected",
    summary="Dense error bound in the query separation (exponent compares the query's scores).",
    symbols_doc={"m": "largest pattern norm", "M": "number of patterns", "beta": "inverse temperature",
                 "query_sep": "query separation z_mu - max_{nu != mu} z_nu"},
    symbols={"query_sep": _REAL, "M": _INT},
)


def _f_dense_ball(F, m, M, beta, Delta, dist):
    return 2 * m * (M - 1) * F.exp(-beta * (Delta - 2 * m * dist))


dense_error_bound_ball = _make(
    "dense_error_bound_ball",
    ("m", "M", "beta", "Delta", "dist"),
    _f_dense_ball,
    hypotheses=(_M_POS, _M2, _BETA, _ge("dist", 0, r"\Vert x-\xi_\mu\Vert\geq 0")),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}",
    source=f"{_DERIVED}; corrected form of hu2023/dense-error-bound-as-quoted (third link of the chain)",
    form="corrected",
    summary="Dense error bound in the pattern separation and the distance of the query to xi_mu.",
    symbols_doc={"m": "largest pattern norm", "M": "number of patterns", "beta": "inverse temperature",
                 "Delta": "pattern separation Delta_mu", "dist": "||x - xi_mu||"},
    symbols={"Delta": _REAL, "M": _INT, "dist": _NONNEG},
)

_R_LE_M = Hypothesis("R <= m (implied by ||xi_nu|| <= m)", r"R\leq m", lambda xp, **p: p["R"] <= p["m"])


def _f_dense_ws(F, beta, M, m, R):
    return F.div(F.log(F.div(2 * (M - 1) * m, R)), beta) + 2 * m * R


dense_well_separation_threshold = _make(
    "dense_well_separation_threshold",
    ("beta", "M", "m", "R"),
    _f_dense_ws,
    hypotheses=(_BETA, _M2, _M_POS, _R_POS, _R_LE_M),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R}\right)+2mR",
    source=f"{_PAPER}; dense well-separation condition as restated (label unconfirmed); "
           "hu2023/dense-well-separation-as-quoted; also condition (A) of hu2023/well-separation",
    summary="Right-hand side of the dense well-separation condition: if Delta_mu >= this value, "
            "T_dense maps S_mu(R) into itself (R may be replaced by any radius r <= R).",
    symbols_doc={"beta": "inverse temperature", "M": "number of patterns", "m": "largest pattern norm",
                 "R": "ball radius"},
    symbols={"M": _INT},
)


def _f_dense_ws_beta(F, M, m, R, Delta):
    return F.div(F.log(F.div(2 * (M - 1) * m, R)), Delta - 2 * m * R)


dense_well_separation_min_beta = _make(
    "dense_well_separation_min_beta",
    ("M", "m", "R", "Delta"),
    _f_dense_ws_beta,
    hypotheses=(_M2, _M_POS, _R_POS, _R_LE_M,
                Hypothesis("Delta > 2 m R", r"\Delta_\mu>2mR", lambda xp, **p: p["Delta"] > 2 * p["m"] * p["R"])),
    kind="value",
    latex=r"\beta_{\min}=\frac{\ln(2(M-1)m/R)}{\Delta_\mu-2mR}",
    source=f"{_DERIVED}; solves the condition of hu2023/dense-well-separation-as-quoted for beta",
    form="derived",
    summary="Smallest beta for which the dense well-separation condition holds (no beta works when "
            "Delta_mu <= 2 m R).",
    symbols_doc={"M": "number of patterns", "m": "largest pattern norm", "R": "ball radius",
                 "Delta": "pattern separation Delta_mu"},
    symbols={"M": _INT, "Delta": _REAL},
)


def _f_suff_decrease(F, energy, step):
    return energy - step * step / 2


sufficient_decrease_bound = _make(
    "sufficient_decrease_bound",
    ("energy", "step"),
    _f_suff_decrease,
    hypotheses=(_ge("step", 0, r"\Vert T(x)-x\Vert\geq 0"),),
    latex=r"H_\beta(T(x))\leq H_\beta(x)-\frac{1}{2}\Vert T(x)-x\Vert^2",
    source=f"{_DERIVED}; CCCP with the 1-strongly convex part (1/2)||x||^2; hu2023/dense-model (dense E), "
           "hu2023/sparse-dynamics-monotone and hu2023/convergence (sparse H_beta); not valid for the printed "
           "energy of the paper",
    form="derived",
    summary="Sufficient decrease of the energy along one retrieval step (upper bound on H_beta(T(x))).",
    symbols_doc={"energy": "H_beta(x) (or the dense E(x)) at the current point",
                 "step": "||T(x) - x||"},
    symbols={"energy": _REAL, "step": _NONNEG},
)


# =========================================================================== sparse energy, convergence


def _f_energy_lb(F, beta, m, M, x_norm):
    return x_norm * x_norm / 2 - m * x_norm - F.div(1 - F.div(1, M), 2 * beta)


sparse_energy_lower_bound = _make(
    "sparse_energy_lower_bound",
    ("beta", "m", "M", "x_norm"),
    _f_energy_lb,
    hypotheses=(_BETA, _M_POS, _int_ge("M", 1, r"M\geq 1"), _ge("x_norm", 0, r"\Vert x\Vert\geq 0")),
    kind="lower",
    latex=r"H_\beta(x)\geq\frac{1}{2}\Vert x\Vert^2-m\Vert x\Vert-\frac{1}{2\beta}\left(1-\frac{1}{M}\right)",
    source=f"{_DERIVED}; hu2023/sparse-energy (lower bound of the corrected energy), from "
           "Omega*(theta) <= max theta + (1 - 1/M)/2",
    form="derived",
    summary="Lower bound on the corrected sparse energy H_beta at x.",
    symbols_doc={"beta": "inverse temperature", "m": "largest pattern norm", "M": "number of patterns",
                 "x_norm": "||x||"},
    symbols={"M": _INT, "x_norm": _NONNEG},
)


def _f_energy_inf(F, beta, m):
    return -m * m / 2 - F.div(1, 2 * beta)


sparse_energy_infimum_bound = _make(
    "sparse_energy_infimum_bound",
    ("beta", "m"),
    _f_energy_inf,
    hypotheses=(_BETA, _M_POS),
    kind="lower",
    latex=r"\inf_x H_\beta(x)\geq-\frac{m^2}{2}-\frac{1}{2\beta}",
    source=f"{_DERIVED}; hu2023/sparse-energy and hu2023/convergence",
    form="derived",
    summary="Lower bound on the infimum of the corrected sparse energy H_beta.",
    symbols_doc={"beta": "inverse temperature", "m": "largest pattern norm"},
)


def _f_step_sum(F, energy0, beta, m):
    return 2 * (energy0 + m * m / 2 + F.div(1, 2 * beta))


convergence_step_sum_bound = _make(
    "convergence_step_sum_bound",
    ("energy0", "beta", "m"),
    _f_step_sum,
    hypotheses=(_BETA, _M_POS),
    latex=r"\sum_{t\geq 0}\Vert x_{t+1}-x_t\Vert^2\leq 2\left(H_\beta(x_0)+\frac{m^2}{2}+\frac{1}{2\beta}\right)",
    source=f"{_DERIVED}; corrected form of hu2023/convergence (sufficient decrease summed, with the "
           "infimum bound)",
    form="corrected",
    summary="Summability of the squared steps of x_{t+1} = T_sparse(x_t).",
    symbols_doc={"energy0": "H_beta(x_0)", "beta": "inverse temperature", "m": "largest pattern norm"},
    symbols={"energy0": _REAL},
)


# =========================================================================== retrieval error


_KAPPA = _int_ge("kappa", 1, r"\kappa\geq 1")


def _f_sparsity_pub(F, m, d, beta, kappa, gap, dist, R):
    return m + F.sqrt(d) * m * beta * (kappa * gap + F.div(1, beta))


retrieval_error_sparsity_bound_published = _make(
    "retrieval_error_sparsity_bound_published",
    ("m", "d", "beta", "kappa", "gap", "dist", "R"),
    _f_sparsity_pub,
    hypotheses=(_M_POS, _int_ge("d", 1, r"d\geq 1"), _BETA, _KAPPA,
                _ge("gap", 0, r"z_{(1)}-z_{(\kappa)}\geq 0"),
                Hypothesis("beta * gap < 1 (kappa is the sparsemax support of beta z)",
                           r"\beta(z_{(1)}-z_{(\kappa)})<1", lambda xp, **p: p["beta"] * p["gap"] < 1),
                _R_POS, _IN_BALL),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert\mathcal{T}(x)-\xi_\mu\Vert\leq m+d^{1/2}m\beta\left[\kappa\left(\max_{\nu\in[M]}"
          r"\langle\xi_\nu,x\rangle-[\Xi^\top x]_{(\kappa)}\right)+\frac{1}{\beta}\right]",
    source=f"{_PAPER}; Theorem 'Retrieval Error', part 2 (label unconfirmed; wording confirmed from the "
           "arXiv v2 source); hu2023/retrieval-error-sparsity-bound",
    summary="Sparsity-dependent explicit retrieval-error bound as published (kappa computed on beta z, "
            "order statistics on z).",
    symbols_doc={"m": "largest pattern norm", "d": "pattern dimension", "beta": "inverse temperature",
                 "kappa": "sparsemax support size kappa(beta z)", "gap": "z_(1) - z_(kappa)",
                 "dist": "||x - xi_mu||", "R": "ball radius"},
    symbols={"d": _INT, "kappa": _INT, "gap": _NONNEG},
)


def _f_sparsity_floor(F, m, d):
    return m * (1 + F.sqrt(d))


retrieval_error_sparsity_bound_floor = _make(
    "retrieval_error_sparsity_bound_floor",
    ("m", "d"),
    _f_sparsity_floor,
    hypotheses=(_M_POS, _int_ge("d", 1, r"d\geq 1")),
    kind="value",
    latex=r"m(1+\sqrt{d})\leq\mathrm{RHS}",
    source=f"{_DERIVED}; hu2023/retrieval-error-sparsity-bound (lower end of the sandwich; it is >= 2m, "
           "the trivial bound, for every d >= 1)",
    form="derived",
    summary="Smallest value the published sparsity bound can take (attained at gap = 0).",
    symbols_doc={"m": "largest pattern norm", "d": "pattern dimension"},
    symbols={"d": _INT},
)


def _f_sparsity_ceiling(F, m, d, kappa):
    return m * (1 + F.sqrt(d) * (1 + kappa))


retrieval_error_sparsity_bound_ceiling = _make(
    "retrieval_error_sparsity_bound_ceiling",
    ("m", "d", "kappa"),
    _f_sparsity_ceiling,
    hypotheses=(_M_POS, _int_ge("d", 1, r"d\geq 1"), _KAPPA),
    kind="value",
    latex=r"\mathrm{RHS}<m\left(1+\sqrt{d}(1+\kappa)\right)",
    source=f"{_DERIVED}; hu2023/retrieval-error-sparsity-bound (strict upper end of the sandwich, "
           "from beta (z_(1) - z_(kappa)) < 1)",
    form="derived",
    summary="Strict upper end of the sandwich of the published sparsity bound.",
    symbols_doc={"m": "largest pattern norm", "d": "pattern dimension", "kappa": "sparsemax support size"},
    symbols={"d": _INT, "kappa": _INT},
)


def _f_sparsity_corr(F, m, beta, kappa, gap_sum, query_sep):
    return F.div(2 * m * (kappa - 1 - beta * gap_sum), kappa)


retrieval_error_sparsity_bound_corrected = _make(
    "retrieval_error_sparsity_bound_corrected",
    ("m", "beta", "kappa", "gap_sum", "query_sep"),
    _f_sparsity_corr,
    hypotheses=(_M_POS, _BETA, _KAPPA, _ge("gap_sum", 0, r"\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\geq 0"),
                Hypothesis("beta * gap_sum <= kappa - 1", r"\beta\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\leq\kappa-1",
                           lambda xp, **p: p["beta"] * p["gap_sum"] <= p["kappa"] - 1),
                _TOP),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m(1-p^{\rm sp}_\mu)=\frac{2m}{\kappa}\left(\kappa-1-\beta"
          r"\sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right)",
    source=f"{_DERIVED}; corrected form of hu2023/retrieval-error-sparsity-bound "
           "(p^sp_(1) = (1 + beta sum_j (z_(1) - z_(j)))/kappa); equals 0 at kappa = 1",
    form="corrected",
    summary="Informative sparsity-dependent error bound of the sparse model (xi_mu has the top score).",
    symbols_doc={"m": "largest pattern norm", "beta": "inverse temperature",
                 "kappa": "sparsemax support size kappa(beta z)",
                 "gap_sum": "sum_{j <= kappa} (z_(1) - z_(j))",
                 "query_sep": "z_mu - max_{nu != mu} z_nu (only its sign enters, through a hypothesis)"},
    symbols={"kappa": _INT, "gap_sum": _NONNEG, "query_sep": _REAL},
)


def _f_support(F, m, kappa, query_sep):
    return F.div(2 * m * (kappa - 1), kappa)


retrieval_error_support_bound = _make(
    "retrieval_error_support_bound",
    ("m", "kappa", "query_sep"),
    _f_support,
    hypotheses=(_M_POS, _KAPPA, _TOP),
    trivial=_trivial_2m, trivial_latex="2m",
    latex=r"\Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq 2m\,\frac{\kappa-1}{\kappa}",
    source=f"{_DERIVED}; hu2023/retrieval-error-sparsity-bound (weaker form of the corrected bound)",
    form="corrected",
    summary="Support-size bound of the sparse error (xi_mu has the top score).",
    symbols_doc={"m": "largest pattern norm", "kappa": "sparsemax support size",
                 "query_sep": "z_mu - max_{nu != mu} z_nu (only its sign enters, through a hypothesis)"},
    symbols={"kappa": _INT, "query_sep": _REAL},
)


# =========================================================================== noise robustness


def _f_lip_sparse(F, beta, spectral_norm, eta_norm):
    return beta * spectral_norm * spectral_norm * eta_norm


def _f_lip_dense(F, beta, spectral_norm, eta_norm):
    return beta * spectral_norm * spectral_norm * eta_norm / 2


_LIP_HYP = (_BETA, _ge("spectral_norm", 0, r"\Vert\Xi\Vert_2\geq 0"), _ge("eta_norm", 0, r"\Vert\eta\Vert\geq 0"))

sparse_lipschitz_bound = _make(
    "sparse_lipschitz_bound",
    ("beta", "spectral_norm", "eta_norm"),
    _f_lip_sparse,
    hypotheses=_LIP_HYP,
    latex=r"\Vert T_{\rm sparse}(x+\eta)-T_{\rm sparse}(x)\Vert\leq\beta\Vert\Xi\Vert_2^2\Vert\eta\Vert",
    source=f"{_DERIVED}; corrected form of hu2023/noise-robustness (sparsemax is 1-Lipschitz)",
    form="corrected",
    summary="Lipschitz bound of the sparse retrieval map under query noise.",
    symbols_doc={"beta": "inverse temperature", "spectral_norm": "||Xi||_2", "eta_norm": "||eta||"},
    symbols={"spectral_norm": _NONNEG, "eta_norm": _NONNEG},
)

dense_lipschitz_bound = _make(
    "dense_lipschitz_bound",
    ("beta", "spectral_norm", "eta_norm"),
    _f_lip_dense,
    hypotheses=_LIP_HYP,
    latex=r"\Vert T_{\rm dense}(x+\eta)-T_{\rm dense}(x)\Vert\leq\frac{\beta}{2}\Vert\Xi\Vert_2^2\Vert\eta\Vert",
    source=f"{_DERIVED}; corrected form of hu2023/noise-robustness (the softmax Jacobian has norm <= 1/2)",
    form="corrected",
    summary="Lipschitz bound of the dense retrieval map under query noise.",
    symbols_doc={"beta": "inverse temperature", "spectral_norm": "||Xi||_2", "eta_norm": "||eta||"},
    symbols={"spectral_norm": _NONNEG, "eta_norm": _NONNEG},
)


# =========================================================================== well-separation


def _f_ws(F, beta, M, m, R, delta):
    return F.div(F.log(F.div(2 * (M - 1) * m, R + delta)), beta) + 2 * m * R


well_separation_threshold_published = _make(
    "well_separation_threshold_published",
    ("beta", "M", "m", "R", "delta"),
    _f_ws,
    hypotheses=(_BETA, _M2, _M_POS, _R_POS, _R_LE_M),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta}\right)+2mR,\quad"
          r"\delta:=\Vert\mathcal{T}_{\rm Dense}-\xi_\mu\Vert-\Vert\mathcal{T}-\xi_\mu\Vert",
    source=f"{_PAPER}; lemma on the well-separation condition (label unconfirmed); hu2023/well-separation",
    summary="Right-hand side of the published sparse well-separation condition, with delta = delta(x) "
            "at one query (as printed; ill-defined where R + delta <= 0).",
    symbols_doc={"beta": "inverse temperature", "M": "number of patterns", "m": "largest pattern norm",
                 "R": "ball radius", "delta": "delta(x) = dense error - sparse error at the query x"},
    symbols={"M": _INT, "delta": _REAL},
)


def _f_ws_corr(F, beta, M, m, R, delta_inf):
    return F.div(F.log(F.div(2 * (M - 1) * m, R + delta_inf)), beta) + 2 * m * R


well_separation_threshold_corrected = _make(
    "well_separation_threshold_corrected",
    ("beta", "M", "m", "R", "delta_inf"),
    _f_ws_corr,
    hypotheses=(_BETA, _M2, _M_POS, _R_POS, _R_LE_M,
                Hypothesis("R + delta_inf > 0", r"R+\delta_\mu>0", lambda xp, **p: p["R"] + p["delta_inf"] > 0)),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta_\mu}\right)+2mR,\quad"
          r"\delta_\mu:=\inf_{x\in S_\mu}\delta(x)",
    source=f"{_DERIVED}; corrected form of hu2023/well-separation (uniform delta, 'into' instead of 'onto'); "
           "the condition is circular: delta_mu needs both maps over the whole ball",
    form="corrected",
    summary="Right-hand side of the sparse well-separation condition with the uniform delta_mu; if "
            "Delta_mu >= this value, T_sparse maps S_mu(R) into itself.",
    symbols_doc={"beta": "inverse temperature", "M": "number of patterns", "m": "largest pattern norm",
                 "R": "ball radius", "delta_inf": "delta_mu = inf over S_mu of delta(x)"},
    symbols={"M": _INT, "delta_inf": _REAL},
)


def _f_exact_gap(F, beta):
    return F.div(1, beta)


exact_retrieval_gap_threshold = _make(
    "exact_retrieval_gap_threshold",
    ("beta",),
    _f_exact_gap,
    hypotheses=(_BETA,),
    kind="value",
    latex=r"\tilde\Delta_\mu(x)\geq\frac{1}{\beta}\Rightarrow T_{\rm sparse}(x)=\xi_\mu",
    source=f"{_DERIVED}; hu2023/exact-one-step-retrieval (sparsemax margin 1); also: Delta_mu >= 1/beta "
           "makes xi_mu a fixed point",
    form="derived",
    summary="Score gap beyond which one sparse step retrieves xi_mu exactly.",
    symbols_doc={"beta": "inverse temperature"},
)


def _f_exact_ball(F, beta, m, r):
    return F.div(1, beta) + 2 * m * r


exact_retrieval_ball_threshold = _make(
    "exact_retrieval_ball_threshold",
    ("beta", "m", "r"),
    _f_exact_ball,
    hypotheses=(_BETA, _M_POS, _ge("r", 0, r"r\geq 0")),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}+2mr\Rightarrow T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}",
    source=f"{_DERIVED}; hu2023/exact-one-step-retrieval; condition (B) of hu2023/well-separation",
    form="derived",
    summary="Separation beyond which one sparse step maps the whole ball S_mu(r) to xi_mu.",
    symbols_doc={"beta": "inverse temperature", "m": "largest pattern norm", "r": "ball radius"},
    symbols={"r": _NONNEG},
)


def _f_exact_ball_sharp(F, beta, r, max_dist):
    return F.div(1, beta) + r * max_dist


exact_retrieval_ball_threshold_sharp = _make(
    "exact_retrieval_ball_threshold_sharp",
    ("beta", "r", "max_dist"),
    _f_exact_ball_sharp,
    hypotheses=(_BETA, _ge("r", 0, r"r\geq 0"), _ge("max_dist", 0, r"\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\geq 0")),
    kind="value",
    latex=r"\Delta_\mu\geq\frac{1}{\beta}+r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert\Rightarrow"
          r" T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}",
    source=f"{_DERIVED}; hu2023/exact-one-step-retrieval (sharper ball condition)",
    form="derived",
    summary="Sharper separation threshold for exact one-step retrieval on S_mu(r).",
    symbols_doc={"beta": "inverse temperature", "r": "ball radius",
                 "max_dist": "max_{nu != mu} ||xi_mu - xi_nu||"},
    symbols={"r": _NONNEG, "max_dist": _NONNEG},
)


# =========================================================================== capacity


def _f_lambert(F, a, b):
    return F.div(b, F.wexp(a + F.log(b)))


lambert_capacity_constant = _make(
    "lambert_capacity_constant",
    ("a", "b"),
    _f_lambert,
    hypotheses=(_gt("b", 0, r"b>0"),),
    kind="value",
    latex=r"C=\frac{b}{W_0(\exp\{a+\ln b\})}",
    source=f"{_DERIVED}; the Lambert structure shared by hu2023/capacity and Ramsauer et al.'s Theorem 3: "
           "C is the unique positive root of b/C = a + ln C",
    form="derived",
    summary="Capacity constant C as a function of its two constants a and b (principal branch).",
    symbols_doc={"a": "the constant a (any real)", "b": "the constant b > 0"},
    symbols={"a": _REAL},
)


def _a_pub(F, d, m, p_fail, R, delta):
    return F.div(4, d - 1) * (F.log(F.div(2 * m * (F.sqrt(p_fail) - 1), R + delta)) + 1)


def _b_pub(F, d, m, beta):
    return F.div(4 * m * m * beta, 5 * (d - 1))


def _c_pub(F, beta, d, m, p_fail, R, delta):
    return _f_lambert(F, _a_pub(F, d, m, p_fail, R, delta), _b_pub(F, d, m, beta))


def _n_pub(F, beta, d, m, p_fail, R, delta):
    return F.sqrt(p_fail) * F.pow(_c_pub(F, beta, d, m, p_fail, R, delta), F.div(d - 1, 4))


_CAP_SPARSE_HYP = (_D2, _M_POS, _PF, _R_POS,
                   Hypothesis("R + delta > 0", r"R+\delta>0", lambda xp, **p: p["R"] + p["delta"] > 0))
_CAP_SRC = f"{_PAPER}; memory capacity lower bound (label unconfirmed; the factor 4 vs 2, the '+1' and " \
           "(sqrt p - 1) are unconfirmed); hu2023/capacity"
_CAP_DOC = {"beta": "inverse temperature", "d": "pattern dimension", "m": "radius of the pattern sphere",
            "p_fail": "failure probability p", "R": "ball radius", "delta": "delta of hu2023/well-separation"}
_CAP_SYM = {"d": _INT, "delta": _REAL}

capacity_a_published = _make(
    "capacity_a_published",
    ("d", "m", "p_fail", "R", "delta"),
    _a_pub,
    hypotheses=_CAP_SPARSE_HYP,
    kind="value",
    latex=r"a:=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\}",
    source=_CAP_SRC,
    summary="Constant a of the published sparse capacity bound (the logarithm of a negative number for "
            "every p in (0, 1) when R + delta > 0: ill-defined).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)

capacity_b_published = _make(
    "capacity_b_published",
    ("d", "m", "beta"),
    _b_pub,
    hypotheses=(_D2, _M_POS, _BETA),
    kind="value",
    latex=r"b:=\frac{4m^2\beta}{5(d-1)}",
    source=_CAP_SRC,
    summary="Constant b of the published sparse capacity bound (twice Ramsauer's b in package notation).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)

capacity_constant_published = _make(
    "capacity_constant_published",
    ("beta", "d", "m", "p_fail", "R", "delta"),
    _c_pub,
    hypotheses=(_BETA,) + _CAP_SPARSE_HYP,
    kind="value",
    latex=r"C=\frac{b}{W_0(\exp\{a+\ln b\})}",
    source=_CAP_SRC,
    summary="Constant C of the published sparse capacity bound (ill-defined as printed, through a).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)

capacity_lower_bound_published = _make(
    "capacity_lower_bound_published",
    ("beta", "d", "m", "p_fail", "R", "delta"),
    _n_pub,
    hypotheses=(_BETA,) + _CAP_SPARSE_HYP,
    kind="lower",
    trivial=lambda F, **_: 2.0, trivial_latex="2",
    latex=r"M\geq\sqrt{p}\,C^{(d-1)/4}",
    source=_CAP_SRC,
    summary="Published sparse memory-capacity lower bound (ill-defined as printed).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)


def _a_dense_q(F, d, m, p_fail, R):
    return F.div(4, d - 1) * (F.log(F.div(2 * m * (F.sqrt(p_fail) - 1), R)) + 1)


def _c_dense_q(F, beta, d, m, p_fail, R):
    return _f_lambert(F, _a_dense_q(F, d, m, p_fail, R), _b_pub(F, d, m, beta))


def _n_dense_q(F, beta, d, m, p_fail, R):
    return F.sqrt(p_fail) * F.pow(_c_dense_q(F, beta, d, m, p_fail, R), F.div(d - 1, 4))


_CAP_DENSE_HYP = (_D2, _M_POS, _PF, _R_POS)
_CAP_DENSE_SRC = f"{_PAPER}; dense capacity bound as compared in the capacity result (R in place of " \
                 "R + delta; label unconfirmed); hu2023/capacity-vs-dense"

capacity_a_dense_as_quoted = _make(
    "capacity_a_dense_as_quoted",
    ("d", "m", "p_fail", "R"),
    _a_dense_q,
    hypotheses=_CAP_DENSE_HYP,
    kind="value",
    latex=r"a_{\rm Dense}:=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R}\right]+1\right\}",
    source=_CAP_DENSE_SRC,
    summary="Constant a of the dense capacity bound as the paper compares it (ill-defined for every p in (0, 1)).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)

capacity_constant_dense_as_quoted = _make(
    "capacity_constant_dense_as_quoted",
    ("beta", "d", "m", "p_fail", "R"),
    _c_dense_q,
    hypotheses=(_BETA,) + _CAP_DENSE_HYP,
    kind="value",
    latex=r"C_{\rm Dense}=\frac{b}{W_0(\exp\{a_{\rm Dense}+\ln b\})}",
    source=_CAP_DENSE_SRC,
    summary="Constant C of the dense capacity bound as the paper compares it (ill-defined).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)

capacity_lower_bound_dense_as_quoted = _make(
    "capacity_lower_bound_dense_as_quoted",
    ("beta", "d", "m", "p_fail", "R"),
    _n_dense_q,
    hypotheses=(_BETA,) + _CAP_DENSE_HYP,
    kind="lower",
    trivial=lambda F, **_: 2.0, trivial_latex="2",
    latex=r"M_{\rm Dense}\geq\sqrt{p}\,C_{\rm Dense}^{(d-1)/4}",
    source=_CAP_DENSE_SRC,
    summary="Dense capacity lower bound as the paper compares it (ill-defined).",
    symbols_doc=_CAP_DOC, symbols=_CAP_SYM,
)


# --- Ramsauer et al. 2021, Theorem 3, for comparison (their notation: radius K sqrt(d - 1), p)


def _a_ram(F, beta, K, d, p_fail):
    return F.div(2, d - 1) * (1 + F.log(2 * beta * K * K * p_fail * (d - 1)))


def _b_ram(F, beta, K):
    return 2 * K * K * beta * _rat(F, 1, 5)


def _c_ram(F, beta, K, d, p_fail):
    return _f_lambert(F, _a_ram(F, beta, K, d, p_fail), _b_ram(F, beta, K))


def _n_ram(F, beta, K, d, p_fail):
    return F.sqrt(p_fail) * F.pow(_c_ram(F, beta, K, d, p_fail), F.div(d - 1, 4))


def _ram_requirement(xp, beta, K, d, p_fail):
    """c >= (2/sqrt p)^(4/(d-1)), evaluated without warnings outside the other hypotheses."""
    kit = ArrayKit(xp, tuple(beta.shape))
    ok = (d >= 2) & (p_fail > 0) & (p_fail < 1) & (K > 0) & (beta > 0)
    one = xp.ones_like(beta)
    sb, sK = xp.where(ok, beta, one), xp.where(ok, K, one)
    sd, sp = xp.where(ok, d, 2 * one), xp.where(ok, p_fail, one / 2)
    c = _c_ram(kit, sb, sK, sd, sp)
    need = (2 / xp.sqrt(sp)) ** (4 / (sd - 1))
    return ok & (c >= need)


_RAM_HYP = (_BETA, _gt("K", 0, r"K>0"), _D2, _PF,
            Hypothesis("c >= (2/sqrt(p))^(4/(d-1))", r"c\geq(2/\sqrt{p})^{4/(d-1)}", _ram_requirement))
_RAM_SRC = "Ramsauer et al. 2021, Hopfield Networks is All You Need (ICLR 2021), Theorem 3, as compared in " \
           "hu2023/capacity; published values c = 3.1546 (beta = 1, K = 3, d = 20, p = 0.001) and " \
           "c = 1.3718 (beta = 1, K = 1, d = 75, p = 0.001)"
_RAM_DOC = {"beta": "inverse temperature", "K": "patterns on the sphere of radius K sqrt(d - 1)",
            "d": "pattern dimension", "p_fail": "failure probability p"}

ramsauer_capacity_constant = _make(
    "ramsauer_capacity_constant",
    ("beta", "K", "d", "p_fail"),
    _c_ram,
    hypotheses=_RAM_HYP,
    kind="value",
    latex=r"c=\frac{b}{W_0(\exp\{a+\ln b\})},\ a:=\frac{2}{d-1}\left(1+\ln(2\beta K^2p(d-1))\right),\ "
          r"b:=\frac{2K^2\beta}{5}",
    source=_RAM_SRC,
    summary="Ramsauer et al.'s dense capacity constant c (the comparison the sparse capacity result refers to).",
    symbols_doc=_RAM_DOC, symbols={"d": _INT},
)

ramsauer_capacity_lower_bound = _make(
    "ramsauer_capacity_lower_bound",
    ("beta", "K", "d", "p_fail"),
    _n_ram,
    hypotheses=_RAM_HYP,
    kind="lower",
    trivial=lambda F, **_: 2.0, trivial_latex="2",
    latex=r"N\geq\sqrt{p}\,c^{(d-1)/4}",
    source=_RAM_SRC,
    summary="Ramsauer et al.'s dense capacity lower bound (number of patterns stored and retrieved with "
            "probability 1 - p).",
    symbols_doc=_RAM_DOC, symbols={"d": _INT},
)


# --- the derived exact one-step certificate


def _cert_u(F, beta, m, r):
    """u = 1 - cos(phi*) = (1/beta + 2 m r)/m^2."""
    return F.div(F.div(1, beta) + 2 * m * r, m * m)


def _cert_incbeta(F, d, beta, m, r):
    u = _cert_u(F, beta, m, r)
    return F.betainc(F.div(d - 1, 2), _rat(F, 1, 2), u * (2 - u))  # sin^2 = 1 - (1 - u)^2 = u (2 - u)


def _f_cert_fail(F, M, d, beta, m, r):
    return M * (M - 1) * _cert_incbeta(F, d, beta, m, r) * _rat(F, 1, 4)


def _f_cert_patterns(F, d, beta, m, r, p_fail):
    inc = _cert_incbeta(F, d, beta, m, r)
    return (1 + F.sqrt(1 + F.div(16 * p_fail, inc))) * _rat(F, 1, 2)


_CERT_RANGE = Hypothesis("1/beta + 2 m r <= m^2 (phi* <= pi/2)", r"\beta^{-1}+2mr\leq m^2",
                         lambda xp, **p: (p["beta"] > 0) & (p["m"] * p["m"] * p["beta"] >= 1 + 2 * p["m"] * p["r"] * p["beta"]))
_CERT_SRC = f"{_DERIVED}; provable exponential capacity statement for the sparse model (exact one-step " \
            "retrieval certificate) in hu2023/capacity; patterns i.i.d. uniform on the sphere of radius m"
_CERT_DOC = {"M": "number of patterns", "d": "pattern dimension", "beta": "inverse temperature",
             "m": "radius of the pattern sphere", "r": "certified ball radius", "p_fail": "failure probability"}

capacity_certificate_failure_probability = _make(
    "capacity_certificate_failure_probability",
    ("M", "d", "beta", "m", "r"),
    _f_cert_fail,
    hypotheses=(_M2, _D2, _BETA, _M_POS, _gt("r", 0, r"r>0"), _CERT_RANGE),
    trivial=lambda F, **_: 1.0, trivial_latex="1",
    latex=r"\Pr[\mathrm{some}\ \xi_\mu\ \mathrm{not\ certified}]\leq\frac{M(M-1)}{4}"
          r"I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac{1}{2}\right),\ "
          r"\cos\varphi^\star=1-\frac{\beta^{-1}+2mr}{m^2}",
    source=_CERT_SRC,
    form="derived",
    summary="Union bound on the probability that some pattern fails the exact retrieval certificate "
            "T_sparse(S_mu(r)) = {xi_mu} (with disjoint balls and fixed points).",
    symbols_doc=_CERT_DOC, symbols={"M": _INT, "d": _INT},
)

capacity_certificate_patterns = _make(
    "capacity_certificate_patterns",
    ("d", "beta", "m", "r", "p_fail"),
    _f_cert_patterns,
    hypotheses=(_D2, _BETA, _M_POS, _gt("r", 0, r"r>0"), _PF, _CERT_RANGE),
    kind="lower",
    trivial=lambda F, **_: 2.0, trivial_latex="2",
    latex=r"M(M-1)I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac{1}{2}\right)\leq 4p_{\rm f}"
          r"\Leftrightarrow M\leq\frac{1}{2}\left(1+\sqrt{1+\frac{16p_{\rm f}}{I_{\sin^2\varphi^\star}}}\right)",
    source=_CERT_SRC,
    form="derived",
    summary="Real root bounding the number of patterns the derived certificate admits; the largest "
            "admissible integer M is its floor.",
    symbols_doc=_CERT_DOC, symbols={"d": _INT},
)


# =========================================================================== auxiliary


def _f_angle(F, alpha):
    return alpha * alpha * _rat(F, 1, 5)


angle_cosine_lower_bound = _make(
    "angle_cosine_lower_bound",
    ("alpha",),
    _f_angle,
    hypotheses=(Hypothesis("alpha in [0, pi]", r"\alpha\in[0,\pi]",
                           lambda xp, **p: (p["alpha"] >= 0) & (p["alpha"] <= math.pi)),),
    kind="lower",
    trivial=lambda F, **_: 0.0, trivial_latex="0",
    latex=r"1-\cos\alpha\geq\frac{\alpha^2}{5}",
    source=f"{_PAPER}; appendix of the capacity proof inherited from Ramsauer et al. (label unconfirmed); "
           "hu2023/aux-angle-inequality. (The margin: min over (0, pi] of (1 - cos a)/a^2 is 2/pi^2 > 1/5.)",
    summary="Lower bound on 1 - cos(alpha) used to turn a minimal angle into a separation.",
    symbols_doc={"alpha": "angle in [0, pi]"},
    symbols={"alpha": _NONNEG},
)


# =========================================================================== plain functions on (Xi, x)

_RETURNS = """
    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).
"""


def _instance(Xi, x=None, mu=None, x_name="x"):
    """Validate (Xi, x, mu) and return (xp, Xi, x, mu); errors about x call it ``x_name``."""
    Xi = as_float_array(Xi, "Xi", ndim=2)
    xp = get_namespace(Xi)
    d, M = Xi.shape
    if x is not None:
        x = as_float_array(x, x_name, ndim=1)
        get_namespace(Xi, x)
        if x.shape[0] != d:
            raise ValueError(f"{x_name} must have shape ({d},) to match Xi of shape {(d, M)}; got {tuple(x.shape)}")
    if mu is not None:
        if isinstance(mu, bool) or not isinstance(mu, numbers.Integral):
            raise TypeError(f"mu must be an integer pattern index; got {mu!r}")
        mu = int(mu)
        if not 0 <= mu < M:
            raise ValueError(f"mu must satisfy 0 <= mu < M = {M} (Xi has shape {(d, M)}); got {mu}")
    if M < 2:
        raise ValueError(f"these bounds need M >= 2 patterns; Xi has shape {(d, M)}")
    return xp, Xi, x, mu


def _s(xp, v):
    """A 0-d float64 array of namespace xp."""
    return xp.asarray(float(v), dtype=xp.float64)


def _scores(xp, Xi, x):
    return xp.matmul(xp.matrix_transpose(Xi), x)


def _models():
    from .. import models  # noqa: PLC0415  (models import maps; bounds stay importable without them)

    return models


def _common(Xi, x, mu):
    """m, R and ||x - xi_mu|| with :mod:`hoptheory.models`."""
    mo = _models()
    xp = get_namespace(Xi)
    m = float(mo.max_norm(Xi))
    R = float(mo.separation_radius(Xi))
    dist = float(xp.linalg.vector_norm(x - Xi[:, mu]))
    return m, R, dist


def dense_error_bound_as_quoted_at(Xi, x, mu: int, beta: float, *, reading: str = "all") -> BoundResult:
    r"""The restated dense error bound at a memory matrix and a query.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)\exp\{-\beta(\langle\xi_\mu,x\rangle
        -\max_{\nu}\langle\xi_\mu,\xi_\nu\rangle)\}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    reading : {"all", "others"}
        The maximum runs over all :math:`\nu\in[M]` (as printed) or over :math:`\nu\ne\mu`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`dense_error_bound_as_quoted` with :math:`m`, :math:`R` and
    :math:`\Vert x-\xi_\mu\Vert` from :mod:`hoptheory.models`; the hypothesis
    :math:`x\in S_\mu(R)` uses the separation radius of ``Xi``.  Source: hu2023/dense-error-bound-as-quoted.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    if reading not in ("all", "others"):
        raise ValueError(f"reading must be 'all' or 'others'; got {reading!r}")
    m, R, dist = _common(Xi, x, mu)
    overlaps = xp.matmul(xp.matrix_transpose(Xi), Xi[:, mu])
    if reading == "others":
        mask = xp.arange(Xi.shape[1]) != mu
        overlaps = xp.where(mask, overlaps, xp.full_like(overlaps, -math.inf))
    score = float(xp.vecdot(Xi[:, mu], x))
    return dense_error_bound_as_quoted(m=_s(xp, m), M=_s(xp, Xi.shape[1]), beta=_s(xp, beta), score=_s(xp, score),
                                       max_overlap=_s(xp, float(xp.max(overlaps))), dist=_s(xp, dist), R=_s(xp, R))


def dense_error_bound_query_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The corrected dense error bound in the query separation, at a memory matrix and a query.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta\tilde\Delta_\mu(x)},\qquad
        \tilde\Delta_\mu(x)=z_\mu-\max_{\nu\ne\mu}z_\nu

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`dense_error_bound_query` (derived; holds for every :math:`x`).
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    mo = _models()
    m = float(mo.max_norm(Xi))
    qs = float(mo.query_separation(Xi, x, mu))
    return dense_error_bound_query(m=_s(xp, m), M=_s(xp, Xi.shape[1]), beta=_s(xp, beta), query_sep=_s(xp, qs))


def dense_error_bound_ball_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The corrected dense error bound in the pattern separation, at a memory matrix and a query.

    .. math::

        \Vert T_{\rm dense}(x)-\xi_\mu\Vert\leq 2m(M-1)e^{-\beta(\Delta_\mu-2m\Vert x-\xi_\mu\Vert)}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`dense_error_bound_ball` (derived).
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    m, _, dist = _common(Xi, x, mu)
    Delta = float(_models().pattern_separation(Xi)[mu])
    return dense_error_bound_ball(m=_s(xp, m), M=_s(xp, Xi.shape[1]), beta=_s(xp, beta), Delta=_s(xp, Delta),
                                  dist=_s(xp, dist))


def _weights(Xi, x, beta, map_name):
    mo = _models()
    if map_name == "softmax":
        return mo.DenseHopfield(Xi, beta).weights(x)
    if map_name == "sparsemax":
        return mo.SparseHopfield(Xi, beta).weights(x)
    raise ValueError(f"map must be 'softmax' or 'sparsemax'; got {map_name!r}")


def retrieval_error_weight_bound_at(Xi, x, mu: int, beta: float, *, map: str = "sparsemax") -> BoundResult:  # noqa: A002
    r"""The weight bound on the one-step error, at a memory matrix and a query.

    .. math::

        \Vert T(x)-\xi_\mu\Vert\leq 2m\,(1-p^\star_\mu),\qquad p^\star=\hat y(\beta\Xi^\top x)

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    map : {"sparsemax", "softmax"}
        The weights of the sparse or of the dense model.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`retrieval_error_weight_bound` (derived; conventions §5).
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    p = _weights(Xi, x, beta, map)
    m = float(_models().max_norm(Xi))
    return retrieval_error_weight_bound(m=_s(xp, m), p_mu=_s(xp, float(p[mu])))


def dense_well_separation_threshold_at(Xi, beta: float, *, r: float | None = None) -> BoundResult:
    r"""The right-hand side of the dense well-separation condition for a memory matrix.

    .. math::

        \frac{1}{\beta}\ln\left(\frac{2(M-1)m}{r}\right)+2mr,\qquad r=R\ \text{by default}

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    beta : float
        Inverse temperature :math:`\beta>0`.
    r : float, optional
        Radius in place of :math:`R` (default: the separation radius of ``Xi``).

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Pattern :math:`\mu` satisfies the condition iff its separation
    (``hoptheory.models.pattern_separation(Xi)[mu]``) is at least the value.  Evaluates
    :data:`dense_well_separation_threshold`.
    """
    xp, Xi, _, _ = _instance(Xi)
    beta = check_beta(beta)
    mo = _models()
    m = float(mo.max_norm(Xi))
    R = float(mo.separation_radius(Xi)) if r is None else float(r)
    return dense_well_separation_threshold(beta=_s(xp, beta), M=_s(xp, Xi.shape[1]), m=_s(xp, m), R=_s(xp, R))


def retrieval_error_sparsity_bound_published_at(Xi, x, mu: int, beta: float, *,
                                                kappa_from: str = "scaled") -> BoundResult:
    r"""The published sparsity-dependent error bound at a memory matrix and a query.

    .. math::

        m+d^{1/2}m\beta\left[\kappa\left(z_{(1)}-z_{(\kappa)}\right)+\frac{1}{\beta}\right]

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    kappa_from : {"scaled", "unscaled"}
        :math:`\kappa=\kappa(\beta\Xi^\top x)` (consistent) or :math:`\kappa(\Xi^\top x)`, to show
        what an implementation that mixes them up computes (the hypothesis ``beta * gap < 1``
        then typically fails).  The order statistics are always those of :math:`z=\Xi^\top x`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Evaluates :data:`retrieval_error_sparsity_bound_published`.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    if kappa_from not in ("scaled", "unscaled"):
        raise ValueError(f"kappa_from must be 'scaled' or 'unscaled'; got {kappa_from!r}")
    z = _scores(xp, Xi, x)
    # kappa of beta z, or of z itself (the sparse model at beta = 1 sees theta = z)
    kappa = int(_models().SparseHopfield(Xi, beta if kappa_from == "scaled" else 1.0).support_size(x))
    zs = sort_descending(z)
    gap = float(zs[0] - zs[kappa - 1])
    m, R, dist = _common(Xi, x, mu)
    return retrieval_error_sparsity_bound_published(
        m=_s(xp, m), d=_s(xp, Xi.shape[0]), beta=_s(xp, beta), kappa=_s(xp, kappa), gap=_s(xp, gap),
        dist=_s(xp, dist), R=_s(xp, R))


def retrieval_error_sparsity_bound_corrected_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The corrected sparsity-dependent error bound at a memory matrix and a query.

    .. math::

        \Vert T_{\rm sparse}(x)-\xi_\mu\Vert\leq\frac{2m}{\kappa}\left(\kappa-1-\beta
        \sum_{j\leq\kappa}(z_{(1)}-z_{(j)})\right),\qquad\kappa=\kappa(\beta z)

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Valid when :math:`\xi_\mu` has the top score (hypothesis on :math:`\tilde\Delta_\mu(x)`).
    Evaluates :data:`retrieval_error_sparsity_bound_corrected`.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    mo = _models()
    z = _scores(xp, Xi, x)
    kappa = int(mo.SparseHopfield(Xi, beta).support_size(x))
    zs = sort_descending(z)
    gap_sum = float(xp.sum(zs[0] - zs[:kappa]))
    m = float(mo.max_norm(Xi))
    qs = float(mo.query_separation(Xi, x, mu))
    return retrieval_error_sparsity_bound_corrected(m=_s(xp, m), beta=_s(xp, beta), kappa=_s(xp, kappa),
                                                    gap_sum=_s(xp, gap_sum), query_sep=_s(xp, qs))


def retrieval_error_delta_at(Xi, x, mu: int, beta: float) -> float:
    r"""The difference of the dense and the sparse one-step errors.

    .. math::

        \delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0` (the same for both maps).

    Returns
    -------
    delta : float
        Negative where the sparse error exceeds the dense one.

    Notes
    -----
    The :math:`\delta` of hu2023/well-separation, computed with the models' ``error``.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    mo = _models()
    return float(mo.DenseHopfield(Xi, beta).error(x, mu)) - float(mo.SparseHopfield(Xi, beta).error(x, mu))


def well_separation_threshold_published_at(Xi, x, mu: int, beta: float) -> BoundResult:
    r"""The published sparse well-separation threshold with :math:`\delta=\delta(x)`.

    .. math::

        \frac{1}{\beta}\ln\left(\frac{2(M-1)m}{R+\delta(x)}\right)+2mR

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    x : array, shape (d,)
        One query, in the namespace of ``Xi``.
    mu : int
        Index of the target pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    Ill-defined where :math:`R+\delta(x)\leq 0`.  Evaluates
    :data:`well_separation_threshold_published` with :func:`retrieval_error_delta_at`.
    """
    xp, Xi, x, mu = _instance(Xi, x, mu)
    beta = check_beta(beta)
    delta = retrieval_error_delta_at(Xi, x, mu, beta)
    mo = _models()
    m = float(mo.max_norm(Xi))
    R = float(mo.separation_radius(Xi))
    return well_separation_threshold_published(beta=_s(xp, beta), M=_s(xp, Xi.shape[1]), m=_s(xp, m),
                                               R=_s(xp, R), delta=_s(xp, delta))


def exact_retrieval_ball_threshold_at(Xi, mu: int, beta: float, r: float, *, sharp: bool = False) -> BoundResult:
    r"""The separation threshold for exact one-step sparse retrieval on :math:`S_\mu(r)`.

    .. math::

        \frac{1}{\beta}+2mr\quad\text{or, with}\ \texttt{sharp},\quad
        \frac{1}{\beta}+r\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    mu : int
        Index of the pattern, ``0 <= mu < M``.
    beta : float
        Inverse temperature :math:`\beta>0`.
    r : float
        Ball radius :math:`r\geq 0`.
    sharp : bool
        Use the sharper form.

    Returns
    -------
    BoundResult
        0-d arrays in the namespace of ``Xi`` (value, hypotheses, definedness, vacuity).

    Notes
    -----
    If :math:`\Delta_\mu` (``hoptheory.models.pattern_separation(Xi)[mu]``) is at least the
    value, then :math:`T_{\rm sparse}(S_\mu(r))=\{\xi_\mu\}`.  Evaluates
    :data:`exact_retrieval_ball_threshold` or :data:`exact_retrieval_ball_threshold_sharp`.
    """
    xp, Xi, _, mu = _instance(Xi, None, mu)
    beta = check_beta(beta)
    r = float(r)
    if not (math.isfinite(r) and r >= 0):
        raise ValueError(f"r must be a finite number >= 0; got {r}")
    if sharp:
        dists = xp.linalg.vector_norm(Xi - Xi[:, mu:mu + 1], axis=0)
        dists = xp.where(xp.arange(Xi.shape[1]) != mu, dists, xp.zeros_like(dists))
        return exact_retrieval_ball_threshold_sharp(beta=_s(xp, beta), r=_s(xp, r),
                                                    max_dist=_s(xp, float(xp.max(dists))))
    m = float(_models().max_norm(Xi))
    return exact_retrieval_ball_threshold(beta=_s(xp, beta), m=_s(xp, m), r=_s(xp, r))


def _spectral_norm(xp, Xi):
    return float(xp.max(xp.linalg.svdvals(Xi)))


_LIP_DOC = r"""
    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.
    beta : float
        Inverse temperature :math:`\beta>0`.
    eta : array, shape (d,)
        The noise vector, in the namespace of ``Xi``.
"""


def sparse_lipschitz_bound_at(Xi, beta: float, eta) -> BoundResult:
    xp, Xi, eta, _ = _instance(Xi, eta, x_name="eta")
    beta = check_beta(beta)
    return sparse_lipschitz_bound(beta=_s(xp, beta), spectral_norm=_s(xp, _spectral_norm(xp, Xi)),
                                  eta_norm=_s(xp, float(xp.linalg.vector_norm(eta))))


def dense_lipschitz_bound_at(Xi, beta: float, eta) -> BoundResult:
    xp, Xi, eta, _ = _instance(Xi, eta, x_name="eta")
    beta = check_beta(beta)
    return dense_lipschitz_bound(beta=_s(xp, beta), spectral_norm=_s(xp, _spectral_norm(xp, Xi)),
                                 eta_norm=_s(xp, float(xp.linalg.vector_norm(eta))))


sparse_lipschitz_bound_at.__doc__ = (
    r"""Lipschitz bound of the sparse retrieval map for memories ``Xi`` and query noise ``eta``.

    .. math::

        \Vert T_{\rm sparse}(x+\eta)-T_{\rm sparse}(x)\Vert\leq\beta\Vert\Xi\Vert_2^2\Vert\eta\Vert
""" + _LIP_DOC + _RETURNS + """
    Notes
    -----
    Evaluates :data:`sparse_lipschitz_bound` (:math:`\\Vert\\Xi\\Vert_2` from the singular values).
""")
dense_lipschitz_bound_at.__doc__ = (
    r"""Lipschitz bound of the dense retrieval map for memories ``Xi`` and query noise ``eta``.

    .. math::

        \Vert T_{\rm dense}(x+\eta)-T_{\rm dense}(x)\Vert\leq\frac{\beta}{2}\Vert\Xi\Vert_2^2\Vert\eta\Vert
""" + _LIP_DOC + _RETURNS + """
    Notes
    -----
    Evaluates :data:`dense_lipschitz_bound` (:math:`\\Vert\\Xi\\Vert_2` from the singular values).
""")


def separation_radius_as_printed(Xi) -> float:
    r"""The ball radius as printed, with the minimum over all pairs including :math:`\mu=\nu`.

    .. math::

        R_{\rm printed}=\frac{1}{2}\min_{\mu,\nu\in[M]}\Vert\xi_\mu-\xi_\nu\Vert

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns (real floating, finite), :math:`M\geq 2`.

    Returns
    -------
    R_printed : float
        :math:`0` for every memory matrix (hu2023/stored-retrieved-definition).

    Notes
    -----
    The intended radius is ``hoptheory.models.separation_radius(Xi)`` (minimum over
    :math:`\mu\ne\nu`).  Computed from the differences (no Gram-matrix cancellation).
    """
    xp, Xi, _, _ = _instance(Xi)
    best = math.inf
    for mu in range(Xi.shape[1]):
        best = min(best, float(xp.min(xp.linalg.vector_norm(Xi - Xi[:, mu:mu + 1], axis=0))))
    return 0.5 * best


# --------------------------------------------------------------------------- docstring and exports

BOUNDS: tuple[Bound, ...] = tuple(_BOUNDS)
"""Every bound of this module, in definition order."""

__doc__ += "\n\n".join(
    f"``{b.name}({', '.join(b.parameters)})``\n" + "\n".join("    " + ln if ln else "" for ln in b.__doc__.splitlines())
    for b in BOUNDS
)

__all__ = [b.name for b in BOUNDS] + [
    "BOUNDS",
    "dense_error_bound_as_quoted_at",
    "dense_error_bound_query_at",
    "dense_error_bound_ball_at",
    "retrieval_error_weight_bound_at",
    "dense_well_separation_threshold_at",
    "retrieval_error_sparsity_bound_published_at",
    "retrieval_error_sparsity_bound_corrected_at",
    "retrieval_error_delta_at",
    "well_separation_threshold_published_at",
    "exact_retrieval_ball_threshold_at",
    "sparse_lipschitz_bound_at",
    "dense_lipschitz_bound_at",
    "separation_radius_as_printed",
]
