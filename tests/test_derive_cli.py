"""``hoptheory derive``: paper forms on stdout, verified facts with --check, one-line errors."""

from __future__ import annotations

import pytest

from hoptheory.cli import main


def _run(capsys, *argv):
    rc = main(["derive", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_conjugate_gini_latex_is_the_paper_form(capsys):
    from hoptheory.symbolic import Gini, conjugate

    rc, out, err = _run(capsys, "conjugate", "gini", "--n", "3", "--latex")
    assert rc == 0 and err == ""
    assert out.strip() == conjugate(Gini(), 3).latex(style="paper")
    assert r"\frac{z_1 + z_2}{2} + \frac{(z_1 - z_2)^{2}}{4} + \frac{1}{4}" in out


def test_conjugate_check_runs_the_facts(capsys):
    rc, out, _ = _run(capsys, "conjugate", "tsallis", "--alpha", "3/2", "--n", "2", "--check")
    assert rc == 0
    assert "z_1 - z_2 >= 2" in out
    for name in ("danskin", "threshold", "continuity", "fenchel_young", "margin", "known_form", "paper_form"):
        assert f"[ok] {name}" in out
    assert "7 passed, 0 failed" in out


@pytest.mark.parametrize("argv,needle", [
    (("steps", "gini", "--n", "2", "--check"), "[ok] closed form S=(1, 2)"),
    (("energy", "tsallis", "--alpha", "3/2", "--n", "2", "--check"), "[ok] energy_gradient"),
    (("update", "gini", "--n", "2", "--check"), "p*_i = -tau + z_i for i in S"),
    (("svr-dual", "--n", "2", "--d", "1", "--check"), "[ok] svr_dual"),
    (("steps", "custom", "--g", "p**2 - p", "--n", "2", "--latex"), r"\begin{aligned}"),
])
def test_other_derivations(capsys, argv, needle):
    rc, out, err = _run(capsys, *argv)
    assert rc == 0 and err == ""
    assert needle in out


@pytest.mark.parametrize("argv,needle", [
    (("conjugate",), "needs a regulariser"),
    (("conjugate", "tsallis"), "--alpha"),
    (("conjugate", "tsallis", "--alpha", "1"), "alpha must be > 1"),
    (("conjugate", "tsallis", "--alpha", "one"), "alpha"),
    (("conjugate", "gini", "--n", "0"), "--n must be"),
    (("conjugate", "gini", "--n", "x"), "--n"),
    (("conjugate", "foo"), "invalid choice"),
    (("conjugate", "gini", "--g", "p"), "--g is for 'custom' only"),
    (("conjugate", "custom"), "needs --g"),
    (("conjugate", "custom", "--g", "sin(p)"), "sin"),
    (("conjugate", "custom", "--g", "p"), "convex"),
    (("svr-dual", "gini"), "no regulariser"),
    (("energy", "gini", "--d", "9"), "--d must be"),
])
def test_bad_input_one_line_exit_2(capsys, argv, needle):
    with pytest.raises(SystemExit) as exc:
        rc = main(["derive", *argv])
        raise SystemExit(rc)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hoptheory derive: error:")
    assert needle in err


def test_user_text_is_never_evaluated(capsys, tmp_path):
    marker = tmp_path / "evaluated"
    payload = f"__import__('os').system('touch {marker}')"
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(["derive", "conjugate", "custom", "--g", payload]))
    assert exc.value.code == 2 and not marker.exists()
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(["derive", "conjugate", "tsallis", "--alpha", payload]))
    assert exc.value.code == 2 and not marker.exists()
