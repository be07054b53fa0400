"""``hoptheory derive``: print a derivation in paper form, and verify it with ``--check``.

::

    hoptheory derive conjugate gini --n 3 --latex      # Omega*, one block per support
    hoptheory derive steps tsallis --alpha 3/2 --n 2   # Lagrangian, KKT, threshold, closed form
    hoptheory derive energy shannon --n 3 --check      # H_beta(x) = -Omega*(beta Xi^T x)/beta + |x|^2/2
    hoptheory derive update gini --n 2                 # T(x) = Xi p*(beta Xi^T x), p* per support
    hoptheory derive svr-dual --n 2 --d 2              # the epsilon-SVR dual
    hoptheory derive conjugate custom --g "p**2 - p"   # any separable g, read by a restricted parser

Regularisers: ``gini``, ``shannon``, ``tsallis`` (with ``--alpha``, a rational such as 3/2) and
``custom`` (with ``--g``, parsed by :meth:`Separable.from_string`: numbers, p, + - * / ^,
log, exp, sqrt; nothing in the text is evaluated).  Bad input prints one line on stderr and
exits with status 2; a ``--check`` that finds a failing fact exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
import types

__all__ = ["add_parser", "run"]

WHAT = ("conjugate", "steps", "energy", "update", "svr-dual")
FAMILIES = ("gini", "shannon", "tsallis", "custom")


class DeriveInputError(ValueError):
    """Bad input to ``hoptheory derive`` (reported on one line, exit status 2)."""


def _one_line_error(self, message):
    sys.stderr.write(f"hoptheory derive: error: {message}\n")
    sys.exit(2)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``derive`` on the ``hoptheory`` sub-command parsers."""
    p = subparsers.add_parser("derive", help="print a symbolic derivation in paper form (and verify it)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=WHAT, help="what to derive")
    p.add_argument("family", nargs="?", choices=FAMILIES, help="the regulariser (not for svr-dual)")
    p.add_argument("--n", type=int, default=2, help="number of scores / patterns M (default 2)")
    p.add_argument("--d", type=int, default=2, help="pattern dimension (energy, update) or features D (svr-dual)")
    p.add_argument("--alpha", help="Tsallis index, a rational such as 3/2")
    p.add_argument("--g", dest="g_text", help="custom generator g(p), e.g. 'p*log(p) + p**2'")
    p.add_argument("--chamber", choices=("sorted", "all"), default="sorted",
                   help="sorted: z_1 >= ... >= z_n (default); all: every support")
    p.add_argument("--latex", action="store_true", help="print LaTeX (paper style) instead of text")
    p.add_argument("--check", action="store_true", help="run the verified facts; exit 1 if one fails")
    p.error = types.MethodType(_one_line_error, p)
    p.set_defaults(func=run)
    return p


def _regulariser(args):
    from hoptheory import symbolic  # noqa: PLC0415

    if args.family is None:
        raise DeriveInputError(f"'{args.what}' needs a regulariser: one of {', '.join(FAMILIES)}")
    if args.family != "tsallis" and args.alpha is not None:
        raise DeriveInputError(f"--alpha is for 'tsallis' only; got --alpha with '{args.family}'")
    if args.family != "custom" and args.g_text is not None:
        raise DeriveInputError(f"--g is for 'custom' only; got --g with '{args.family}'")
    if args.family == "gini":
        return symbolic.Gini()
    if args.family == "shannon":
        return symbolic.Shannon()
    if args.family == "tsallis":
        if args.alpha is None:
            raise DeriveInputError("tsallis needs --alpha, a rational > 1 such as 3/2")
        return symbolic.Tsallis(str(args.alpha))
    if args.g_text is None:
        raise DeriveInputError("custom needs --g, the generator g(p) as text, e.g. --g 'p**2 - p'")
    return symbolic.Separable.from_string(args.g_text, timeout=10.0)


def _check_sizes(args):
    limit_n = 8 if args.what in ("conjugate", "steps") and args.chamber == "sorted" else 4
    if not 1 <= args.n <= limit_n:
        raise DeriveInputError(f"--n must be an integer in [1, {limit_n}] for '{args.what}'"
                               f"{' with --chamber all' if args.chamber == 'all' else ''}; got {args.n}")
    if not 1 <= args.d <= 4:
        raise DeriveInputError(f"--d must be an integer in [1, 4]; got {args.d}")


def _report(facts) -> int:
    bad = 0
    for f in facts:
        print(f"[{'ok' if f.holds else 'FAILED'}] {f.name} ({f.method}): {f.detail}")
        bad += not f.holds
    print(f"{len(facts) - bad} passed, {bad} failed")
    return 1 if bad else 0


def _conjugate_block(conj, latex: bool) -> str:
    return conj.latex(style="paper") if latex else conj.pretty()


def _energy_head(latex: bool) -> str:
    if latex:
        return (r"H_\beta(x) = -\beta^{-1}\,\Omega^*(\beta\,\Xi^\top x) + \tfrac12\lVert x\rVert^2,"
                r"\quad z = \beta\,\Xi^\top x,\quad \Omega^*(z):")
    return "H_beta(x) = -Omega*(beta Xi^T x)/beta + |x|^2/2, with z = beta Xi^T x and Omega*(z):"


def _update_text(conj, latex: bool) -> str:
    """T(x) = Ξ p*(βΞᵀx) with p* per support: p_i in the threshold τ, τ_S in paper form."""
    import sympy as sp  # noqa: PLC0415

    from hoptheory.symbolic._paper import TAU, _sum_tex, _support_rows, _tau_convention, tex, threshold_form  # noqa: PLC0415

    om = conj.regulariser
    _, to_t = _tau_convention(om)
    zi = sp.Symbol("z_i", real=True)
    p_tau = sp.simplify(om.link_inverse(zi - to_t(TAU)))
    rows = []
    for S, pc in conj.paper().pieces.items():
        d = conj._data[S]
        if d.tau_closed is not None:
            tau_expr, tau_tex = threshold_form(conj, S)
        else:
            tau_expr, tau_tex = None, "implicit: " + tex(d.equation.xreplace({sp.Symbol("t", real=True): to_t(TAU)})) + " = 0"
        off = [j for j in range(1, conj.n + 1) if j not in S]
        if latex:
            rows += _support_rows(S, pc.conditions, 64)
            rows.append(rf"&\quad p^*_i = {_sum_tex(p_tau)}\ (i\in S)" + (r",\ p^*_j = 0\ (j\notin S)" if off else ""))
            rows.append(rf"&\quad \tau = {tau_tex}")
        else:
            cond = ", ".join(f"{sp.sstr(c.lhs)} {c.rel} {sp.sstr(c.rhs)}" for c in pc.conditions)
            rows.append("S = {" + ", ".join(map(str, S)) + "}" + (": " + cond if cond else ""))
            rows.append(f"    p*_i = {sp.sstr(p_tau)} for i in S" + (", p*_j = 0 otherwise" if off else ""))
            rows.append(f"    tau = {sp.sstr(tau_expr)}" if tau_expr is not None else f"    tau {tau_tex}")
    if latex:
        return (r"T(x) = \Xi\,p^*(\beta\,\Xi^\top x),\quad z = \beta\,\Xi^\top x:" + "\n"
                + r"\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}")
    return "T(x) = Xi p*(beta Xi^T x), with z = beta Xi^T x and p*(z):\n" + "\n".join(rows)


def _run(args) -> int:
    from hoptheory import symbolic  # noqa: PLC0415

    if args.what == "svr-dual":
        if args.family is not None or args.alpha is not None or args.g_text is not None:
            raise DeriveInputError("svr-dual takes no regulariser (use --n for M and --d for D)")
        if not 1 <= args.n <= 6 or not 1 <= args.d <= 6:
            raise DeriveInputError(f"svr-dual needs --n (M) and --d (D) in [1, 6]; got {args.n}, {args.d}")
        dual = symbolic.svr_dual(args.n, args.d)
        import sympy as sp  # noqa: PLC0415

        print(dual.latex() if args.latex else f"maximise {sp.sstr(dual.expr)}\nsubject to "
              + ", ".join(sp.sstr(c) for c in dual.constraints))
        return _report([dual.check(), symbolic.svr_kkt(args.n, args.d).check()]) if args.check else 0
    _check_sizes(args)
    om = _regulariser(args)
    conj = symbolic.conjugate(om, args.n, args.chamber)
    if args.what == "conjugate":
        print(_conjugate_block(conj, args.latex))
        if args.check:
            return _report([*conj.verify().values(), conj.paper().check()])
        return 0
    if args.what == "steps":
        der = symbolic.derive_conjugate(om, args.n, args.chamber)
        print(der.latex() if args.latex else der.pretty())
        return _report([s.fact for s in der.steps]) if args.check else 0
    if args.what == "energy":
        print(_energy_head(args.latex))
        print(_conjugate_block(conj, args.latex))
        if args.check:
            return _report([symbolic.energy(om, args.d, args.n, args.chamber).check(),
                            symbolic.published_energy(om, args.d, args.n, args.chamber).check()])
        return 0
    # update
    print(_update_text(conj, args.latex))
    if args.check:
        return _report([conj.check_danskin(), symbolic.cccp_step(om, args.d, args.n, args.chamber).check()])
    return 0


def run(args) -> int:
    """Handler of ``hoptheory derive`` (bad input: one line on stderr, status 2)."""
    from hoptheory.symbolic import UnsupportedRegulariser  # noqa: PLC0415

    try:
        return _run(args)
    except (DeriveInputError, UnsupportedRegulariser, ValueError, TypeError) as exc:
        msg = " ".join(str(exc).split())
        sys.stderr.write(f"hoptheory derive: error: {msg}\n")
        return 2
