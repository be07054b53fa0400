"""Paper forms of conjugates: exact canonical pieces, regions in the gaps, size, and checks."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from hoptheory.symbolic import Gini, Shannon, Tsallis, conjugate
from hoptheory.symbolic._paper import TAU
from hoptheory.symbolic._radicals import radical_is_zero

z1, z2, z3 = sp.symbols("z_1:4", real=True)


def test_gini_n2_exact_pieces():
    pf = conjugate(Gini(), 2).paper()
    one, two = pf.pieces[(1,)], pf.pieces[(1, 2)]
    assert one.expression == z1
    assert sp.expand(two.expression - ((z1 + z2) / 2 + (z1 - z2) ** 2 / 4 + sp.Rational(1, 4))) == 0
    assert [(c.lhs, c.rel, c.rhs) for c in one.conditions] == [(z1 - z2, ">=", 1)]
    assert [(c.lhs, c.rel, c.rhs) for c in two.conditions] == [(z1 - z2, "<", 1)]
    tex = pf.latex()
    assert r"\frac{z_1 + z_2}{2} + \frac{(z_1 - z_2)^{2}}{4} + \frac{1}{4}" in tex
    assert r"S=\{1\}:\ z_1 - z_2 \ge 1" in tex and r"S=\{1,2\}:\ z_1 - z_2 < 1" in tex


def test_tsallis_three_halves_regions_in_the_gap():
    pf = conjugate(Tsallis("3/2"), 2).paper()
    assert [(c.lhs, c.rel, c.rhs) for c in pf.pieces[(1,)].conditions] == [(z1 - z2, ">=", 2)]
    assert [(c.lhs, c.rel, c.rhs) for c in pf.pieces[(1, 2)].conditions] == [(z1 - z2, "<", 2)]
    assert pf.pieces[(1,)].expression == z1
    two = pf.pieces[(1, 2)].expression
    target = (z1 + z2) / 2 - (8 - (z1 - z2) ** 2) ** sp.Rational(3, 2) / 24 + sp.Rational(4, 3)
    assert radical_is_zero(two - target)


def test_gini_and_tsallis_two_print_identically():
    for n in (2, 3):
        for chamber in ("sorted", "all"):
            a, b = conjugate(Gini(), n, chamber), conjugate(Tsallis(2), n, chamber)
            assert a.latex() == b.latex()
            assert a.pretty() == b.pretty()


def _max_arguments(cond):
    return [m for m in cond.lhs.atoms(sp.Max)]


@pytest.mark.parametrize("om", [Gini(), Tsallis("3/2")], ids=["gini", "tsallis32"])
@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("chamber", ["sorted", "all"])
def test_no_max_of_expressions_linear_on_the_region(om, n, chamber):
    """A max(a, 0) left in a condition has an argument a that changes sign on the region."""
    c = conjugate(om, n, chamber)
    pf = c.paper()
    for S, pc in pf.pieces.items():
        maxes = [m for cond in pc.conditions for m in _max_arguments(cond)]
        assert not any(cond.lhs.has(sp.Min) for cond in pc.conditions)
        if n == 2 or chamber == "sorted":
            assert not maxes, (S, pc.conditions)
        for m in maxes:
            arg = [a for a in m.args if a != 0][0]
            signs = {bool(arg.xreplace(pt) > 0) for pt, _ in c._random_interior(S, 40, seed=3)}
            assert signs == {True, False}, (S, m)


@pytest.mark.parametrize(
    "om,n,chamber",
    [(Gini(), 2, "sorted"), (Gini(), 3, "sorted"), (Gini(), 3, "all"), (Tsallis("3/2"), 2, "sorted"),
     (Tsallis("3/2"), 3, "sorted"), (Tsallis("3/2"), 3, "all"), (Tsallis(3), 3, "sorted"), (Shannon(), 3, "sorted")],
)
def test_every_printed_piece_equals_the_derived_one(om, n, chamber):
    c = conjugate(om, n, chamber)
    res = c.paper().check(points=8)
    assert res.holds, res.detail
    # and against the numeric twin (bisection) at random points of R^n
    pf = c.paper()
    rng = np.random.default_rng(1)
    zs = rng.normal(scale=1.5, size=(30, n))
    num = c.numeric(zs)
    for row, ref in zip(zs, num):
        v = np.sort(row)[::-1] if chamber == "sorted" else row
        pt = {s: sp.Float(float(x), 30) for s, x in zip(c.variables, v)}
        hits = [pc for pc in pf.pieces.values() if all(cd.holds_at(pt) for cd in pc.conditions)]
        assert len(hits) == 1
        pc = hits[0]
        if pc.tau_equation is None:
            assert abs(float(sp.N(pc.value().xreplace(pt), 30)) - ref) < 1e-9


def test_check_fails_on_a_wrong_piece():
    c = conjugate(Gini(), 2)
    pf = c.paper()
    import dataclasses

    bad = dataclasses.replace(pf.pieces[(1, 2)], expression=pf.pieces[(1, 2)].expression + sp.Rational(1, 10**6))
    pf.pieces[(1, 2)] = bad
    try:
        assert not pf.check(points=4).holds
    finally:
        c._paper = None


def test_paper_latex_size():
    assert len(conjugate(Gini(), 3).latex(style="paper")) < 450
    assert len(conjugate(Tsallis("3/2"), 2).latex(style="paper")) < 450


def test_paper_uses_tau_once_where_no_gap_form_exists():
    pf = conjugate(Tsallis("3/2"), 3).paper()
    pc = pf.pieces[(1, 2, 3)]
    assert pc.form == "tau" and pc.expression.has(TAU) and not pc.tau.has(TAU)
    tex = pf.latex()
    assert tex.count(r"\tau = ") == 1 and tex.count(r"\sqrt") == 1


def test_latex_lines_wrap():
    tex = conjugate(Gini(), 8).latex()
    for line in tex.split(r"\\"):
        assert len(line) < 130, line


def test_style_argument_is_checked():
    with pytest.raises(ValueError, match="style"):
        conjugate(Gini(), 2).latex(style="fancy")


def test_radical_zero_test_can_fail():
    x = sp.Symbol("x", real=True)
    assert radical_is_zero(sp.sqrt(4 - 4 * x**2) - 2 * sp.sqrt(1 - x**2))
    assert radical_is_zero(sp.sqrt(2 - x**2) - x) is False
    assert radical_is_zero(sp.log(x) - x) is None


def test_readme_prints_what_the_code_prints():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    c = conjugate(Gini(), 2)
    block = readme.split("```latex\n", 1)[1].split("```", 1)[0]
    assert block == f"{c.latex()}\nTrue\n{c.pretty()}\n"
