"""The one record constructor: normalised LaTeX, hypotheses in $…$ form, validation."""

from __future__ import annotations

import pytest

from hoptheory.bounds import Bound
from hoptheory.claims import ClaimRecord, Derivation, Paper, claim, to_mathtext

PAPER = Paper(key="zz2099", title="A Paper", authors="A. Author", venue="Venue", year=2099)


def _claim(**over):
    args = dict(slug="some-claim", name="Some claim", label="Theorem 9", statement=r"For all $x$, $f(x)\le 1$.",
                provenance="confirmed", status="holds")
    args.update(over)
    return claim(PAPER, **args)


def test_id_paper_and_mathtext_normalisation():
    rec = _claim(corrected=r"$\lVert x\rVert\ge\tfrac12$")
    assert isinstance(rec, ClaimRecord) and rec.id == "zz2099/some-claim" and rec.paper is PAPER
    assert rec.statement_latex == r"For all $x$, $f(x)\leq 1$."
    assert rec.corrected_latex == r"$\Vert x\Vert\geq\frac{1}{2}$"
    assert _claim().corrected_latex is None


def test_hypotheses_are_stored_in_dollar_form():
    rec = _claim(hypotheses=(r"\beta>0", "points i.i.d. uniform on the sphere", r"$d\ge 2$ and $M\geq 1$",
                             r"\mathrm{the\ same}\ \beta", "R>0"))
    assert rec.hypotheses == (r"$\beta>0$", "points i.i.d. uniform on the sphere", r"$d\geq 2$ and $M\geq 1$",
                              r"$\mathrm{the\ same}\ \beta$", "$R>0$")


def test_record_rejects_latex_outside_dollars_in_hypotheses():
    rec = _claim(hypotheses=("$x>0$",))
    for bad in (r"\beta>0", r"$x>0$ and \beta", "", "   "):
        with pytest.raises(ValueError, match="hypothesis"):
            ClaimRecord(**{**rec.__dict__, "hypotheses": (bad,)})


@pytest.mark.parametrize("field,value", [("statement", "for $x"), ("name", "a $b"), ("corrected", "$x$ and $y"),
                                         ("hypotheses", ("$x>0",))])
def test_unbalanced_dollar_is_rejected(field, value):
    with pytest.raises(ValueError, match=r"unbalanced \$"):
        _claim(**{field: value})


def test_unknown_status_and_provenance_are_rejected():
    with pytest.raises(ValueError, match="suspected status"):
        _claim(status="maybe")
    with pytest.raises(ValueError, match="provenance"):
        _claim(provenance="rumour")


def test_bounds_as_a_sequence_are_keyed_by_their_public_names():
    a = Bound("bound_a", ("beta",), lambda F, beta: beta)
    b = Bound("bound_b", ("beta",), lambda F, beta: 2 * beta)
    assert list(_claim(bounds=(a, b)).bounds) == ["bound_a", "bound_b"]
    assert _claim(bounds={"published": a}).bounds == {"published": a}
    with pytest.raises(ValueError, match="listed twice"):
        _claim(bounds=(a, a))
    with pytest.raises(ValueError, match="not callable"):
        _claim(bounds={"x": 1.0})


def test_derivation_and_example_live_in_the_record():
    rec = _claim(derivation=[("Energy, $d=2$", "symbolic.energy(symbolic.Gini(), 2, 3)")], example={"c": 2.0})
    assert rec.derivation == (Derivation("Energy, $d=2$", "symbolic.energy(symbolic.Gini(), 2, 3)"),)
    assert rec.example == {"c": 2.0}
    assert _claim().derivation == () and _claim().example == {}
    for bad in ("symbolic.energy(", "energy(symbolic.Gini(), 2)", "symbolic.Gini", "os.system('x')"):
        with pytest.raises(ValueError, match="derivation"):
            Derivation("x", bad)
    with pytest.raises(ValueError, match=r"unbalanced \$"):
        Derivation("n=$3", "symbolic.svr_dual(2, 1)")


def test_mathtext_keeps_mathematics_and_removes_unsupported_macros():
    assert to_mathtext(r"\lVert x\rVert \le \tfrac12 \Big( a \Big) \mathcal M") == r"\Vert x\Vert \leq \frac{1}{2} ( a ) \mathcal{M}"
    assert to_mathtext(r"\left(\geq\right)") == r"\left(\geq\right)"
    s = r"\lVert x\rVert\le\sqrt d\operatorname{elu}"
    assert to_mathtext(to_mathtext(s)) == to_mathtext(s)
