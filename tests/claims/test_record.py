"""The one record constructor: normalised LaTeX, hypotheses in $…$ form, validation; the data files
that feed it, their loader and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoptheory.bounds import Bound
from hoptheory.claims import ClaimRecord, Derivation, Paper, claim, load_paper, to_mathtext

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


# --------------------------------------------------------------------------- data files

_HEAD = '[paper]\nkey = "zz2099"\ntitle = "A Paper"\nauthors = "A. Author"\nvenue = "Venue"\nyear = 2099\n'
_CLAIM = ('[[claim]]\nslug = "some-claim"\nname = "Some claim"\nlabel = "Theorem 9"\n'
          "statement = 'For all $x$, $f(x)\\le 1$.'\nprovenance = \"confirmed\"\nstatus = \"holds\"\n")


def test_data_file_builds_the_record_claim_builds():
    text = _HEAD + _CLAIM + (
        "corrected = '''\n    $\\lVert x\\rVert\\ge\n    \\tfrac12$'''\n"
        "hypotheses = ['\\beta>0', 'points i.i.d.']\n"
        'bounds = ["spherical_codes.rankin_simplex_size", "spherical_codes.rankin_orthoplex_size"]\n'
        'check = "symbolic"\nnotes = "Why."\nexample = {c = 2.0, d = 3}\n'
        '[[claim.derivation]]\nlabel = "Energy, $d=2$"\ncode = "symbolic.energy(symbolic.Gini(), 2, 3)"\n'
        + _CLAIM.replace("some-claim", "other") + '[claim.bounds]\nsize = "spherical_codes.rankin_simplex_size"\n')
    paper, (rec, other) = load_paper(text, "zz2099.toml")
    assert paper == PAPER and rec.paper is paper and other.paper is paper
    from hoptheory.bounds import spherical_codes as S
    want = _claim(corrected=r"$\lVert x\rVert\ge \tfrac12$", hypotheses=(r"\beta>0", "points i.i.d."),
                  bounds=[S.rankin_simplex_size, S.rankin_orthoplex_size], check="symbolic", notes="Why.",
                  example={"c": 2.0, "d": 3},
                  derivation=[("Energy, $d=2$", "symbolic.energy(symbolic.Gini(), 2, 3)")])
    assert rec == want and list(rec.bounds) == ["rankin_simplex_size", "rankin_orthoplex_size"]
    assert other.bounds == {"size": S.rankin_simplex_size} and other.id == "zz2099/other"


@pytest.mark.parametrize("extra,match", [
    ('statment = "typo"\n', r"zz\.toml claim 1 \(some-claim\): unknown key\(s\) \['statment'\]"),
    ('bounds = ["spherical_codes.no_such_bound"]\n', r"claim 1 \(some-claim\): unknown bound .*no_such_bound"),
    ('bounds = ["no_such_module.x"]\n', r"claim 1 \(some-claim\): unknown bound .*no_such_module"),
    ('bounds = ["rankin_simplex_size"]\n', r"not of the form"),
    ('bounds = [1]\n', r"bounds must be names"),
    ('hypotheses = "x>0"\n', r"hypotheses = 'x>0' is not of type"),
    ('example = {c = "two"}\n', r"example c = 'two' is not a number"),
    ('example = {c = true}\n', r"example c = True is not a number"),
    ('[[claim.derivation]]\nlabel = "x"\n', r"derivation 0: missing key\(s\) \['code'\]"),
    ('[[claim.derivation]]\nlabel = "x"\ncode = "os.system(1)"\n', r"claim 1 \(some-claim\): derivation"),
])
def test_data_file_errors_name_the_file_and_the_record(extra, match):
    with pytest.raises(ValueError, match=match):
        load_paper(_HEAD + _CLAIM + extra, "zz.toml")


def test_data_file_errors_in_the_paper_and_the_layout():
    with pytest.raises(ValueError, match=r"zz\.toml \[paper\]: unknown key\(s\) \['doi'\]"):
        load_paper(_HEAD + 'doi = "x"\n' + _CLAIM, "zz.toml")
    with pytest.raises(ValueError, match=r"zz\.toml: unknown top-level key\(s\) \['claims'\]"):
        load_paper(_HEAD + _CLAIM.replace("[[claim]]", "[[claims]]"), "zz.toml")
    with pytest.raises(ValueError, match=r"zz\.toml claim 1 \(some-claim\): missing key\(s\) \['status'\]"):
        load_paper(_HEAD + _CLAIM.replace('status = "holds"\n', ""), "zz.toml")
    with pytest.raises(ValueError, match=r"zz\.toml claim 1 \(some-claim\): .*unknown suspected status"):
        load_paper(_HEAD + _CLAIM.replace('"holds"', '"maybe"'), "zz.toml")
    with pytest.raises(ValueError, match=r"zz\.toml: no \[\[claim\]\] tables"):
        load_paper(_HEAD, "zz.toml")
    with pytest.raises(ValueError, match=r"zz\.toml: not valid TOML"):
        load_paper(_HEAD + "key = ", "zz.toml")
    with pytest.raises(ValueError, match=r"year = '2099' is not of type"):
        load_paper(_HEAD.replace("year = 2099", 'year = "2099"') + _CLAIM, "zz.toml")


def test_a_text_over_several_lines_is_folded_into_one():
    _paper, (rec,) = load_paper(_HEAD + _CLAIM + "hypotheses = ['''\n    $x>0$ and\n    $y>0$''']\n"
                                "notes = '''\n    one\n      two\nthree  four'''\n", "zz.toml")
    assert rec.notes == "one two three  four" and rec.hypotheses == ("$x>0$ and $y>0$",)


def test_every_data_file_of_the_package_is_registered_and_shipped():
    """The registry holds the records of each data file, in file order; the build ships them."""
    import sys
    from importlib.resources import files

    from hoptheory import claims

    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    data = sorted((r for r in files("hoptheory.claims").iterdir() if r.name.endswith(".toml")), key=lambda r: r.name)
    assert data
    for res in data:
        paper, recs = load_paper(res.read_text(encoding="utf-8"), res.name)
        assert res.name == f"{paper.key}.toml" and claims.papers()[paper.key] == paper
        assert claims.by_paper(paper.key) == recs
    root = Path(__file__).resolve().parents[2]
    package_data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "*.toml" in package_data["hoptheory.claims"]
