"""The command line: `hoptheory claims`, `hoptheory demo`, argument errors."""

import pytest

from hoptheory import claims
from hoptheory.cli import main


def test_claims_table_lists_every_record(capsys):
    assert main(["claims"]) == 0
    out = capsys.readouterr().out
    for rec in claims.all():
        assert rec.id in out
    assert f"{len(claims.all())} claims" in out


def test_claims_table_for_one_paper(capsys):
    assert main(["claims", "--paper", "hu2023"]) == 0
    out = capsys.readouterr().out
    assert "hu2023/capacity" in out and "ramsauer2021/" not in out


def test_demo_prints_both_errors(capsys):
    assert main(["demo", "--d", "6", "--M", "9", "--beta", "8"]) == 0
    out = capsys.readouterr().out
    assert "dense" in out and "sparse" in out and "||T(x) - xi_0||" in out


def test_bad_arguments_exit_with_usage_error():
    with pytest.raises(SystemExit) as exc:
        main(["check", "--profile", "huge"])
    assert exc.value.code == 2
    assert main(["check", "--paper", "nobody1999", "--no-progress"]) == 2
