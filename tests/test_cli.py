"""The command line: `hoptheory claims`, `hoptheory demo`, argument errors."""

from pathlib import Path

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


@pytest.mark.parametrize("paper", sorted(claims.papers()))
def test_check_runs_each_paper_alone(paper, tmp_path):
    out = tmp_path / "rep"
    assert main(["check", "--paper", paper, "--profile", "quick", "--no-progress", "--no-figures",
                 "--out", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    assert [c["id"] for c in report["claims"]] == [r.id for r in claims.by_paper(paper)]
    assert all(c["verdict"] != "error" for c in report["claims"])


def test_demo_prints_both_errors(capsys):
    assert main(["demo", "--d", "6", "--M", "9", "--beta", "8"]) == 0
    out = capsys.readouterr().out
    assert "dense" in out and "sparse" in out and "||T(x) - xi_0||" in out


def test_bad_arguments_exit_with_usage_error():
    with pytest.raises(SystemExit) as exc:
        main(["check", "--profile", "huge"])
    assert exc.value.code == 2
    assert main(["check", "--paper", "nobody1999", "--no-progress"]) == 2


# ------------------------------------------------------------------ one line, exit code 2

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from hoptheory import __version__  # noqa: E402
from hoptheory.cli import _CHECK_EPILOG  # noqa: E402

#: Bad arguments of each subcommand, one string a case ("--d 1 --M 5": patterns on the 0-sphere coincide).
_BAD_ARGS = {
    "demo": ["--M 1", "--d 0", "--beta -1", "--beta nan", "--beta inf", "--seed -5", "--d 1 --M 5",
             "--M 1000000 --d 1000"],
    "check": ["--seed -5", "--seed x", "--profile huge", "--scheduler bogus", "--scheduler ftp://host:1",
              "--paper bogus", "--claim bogus/claim", "--paper hu2024 --claim hu2023/capacity"],
    "claims": ["--paper bogus"],
    "frobnicate": [""],
}
_BAD = [[command, *args.split()] for command, cases in _BAD_ARGS.items() for args in cases]


@pytest.mark.parametrize("argv", _BAD, ids=" ".join)
def test_every_usage_failure_is_one_line_and_exit_code_2(argv, capsys, tmp_path):
    argv = argv + (["--out", str(tmp_path), "--no-progress"] if argv[0] == "check" else [])
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code
    captured = capsys.readouterr()
    assert rc == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0] and "Traceback" not in captured.err, captured.err
    assert not (tmp_path / "report.json").exists()


def test_json_path_is_checked_before_any_check_runs(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("")
    for path in (str(blocked / "r.json"), str(tmp_path)):
        rc = main(["check", "--claim", "ramsauer2021/kappa-bounds", "--json", path, "--out", str(tmp_path / "o"),
                   "--no-progress"])
        err = capsys.readouterr().err.strip().splitlines()
        assert rc == 2 and len(err) == 1 and "--json" in err[0]
        assert not (tmp_path / "o" / "claims").exists()  # nothing ran


def test_scheduler_without_dask_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    rc = main(["check", "--scheduler", "local", "--out", str(tmp_path), "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "pip install 'hoptheory[dask]'" in err[0]


def test_json_dash_prints_the_report_on_stdout(tmp_path, capsys):
    rc = main(["check", "--profile", "quick", "--claim", "ramsauer2021/kappa-bounds", "--json", "-",
               "--out", str(tmp_path), "--no-progress", "--no-figures"])
    out, err = capsys.readouterr()
    assert rc == 0
    report = json.loads(out)
    assert [e["id"] for e in report["claims"]] == ["ramsauer2021/kappa-bounds"]
    assert "ramsauer2021/kappa-bounds" in err  # the table goes to stderr
    assert not (Path.cwd() / "-").exists()


def test_resume_reruns_errors_and_other_versions_and_lists_reused(tmp_path, capsys):
    ids = ["ramsauer2021/kappa-bounds", "ramsauer2021/capacity-lambert-free"]
    args = ["check", "--profile", "quick", "--out", str(tmp_path), "--no-progress", "--no-figures"]
    for cid in ids:
        args += ["--claim", cid]
    assert main(args) == 0
    stored = {cid: tmp_path / "claims" / (cid.replace("/", "__") + ".json") for cid in ids}
    # one stored result becomes an error, the other comes from another version
    err = json.loads(stored[ids[0]].read_text())
    err["verdict"] = "error"
    stored[ids[0]].write_text(json.dumps(err))
    old = json.loads(stored[ids[1]].read_text())
    old["run"]["version"] = "0.0.0-other"
    stored[ids[1]].write_text(json.dumps(old))
    capsys.readouterr()
    assert main(args + ["--resume"]) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["reused_results"] == []
    assert [e["verdict"] for e in report["claims"]] == ["confirmed", "confirmed"]
    # a third run reuses both, and says so in the report and on the screen
    assert main(args + ["--resume"]) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["reused_results"] == ids and all(e["reused"] for e in report["claims"])
    assert "reused 2 stored result(s)" in capsys.readouterr().out


def test_interrupt_writes_the_partial_report_and_says_how_to_resume(tmp_path, capsys, monkeypatch):
    from proofs_checks import _runner

    real = _runner.run_one
    calls = []

    def interrupted_second(cid, **kw):
        calls.append(cid)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(cid, **kw)

    monkeypatch.setattr(_runner, "run_one", interrupted_second)
    args = ["check", "--profile", "quick", "--out", str(tmp_path), "--no-progress", "--no-figures",
            "--claim", "ramsauer2021/kappa-bounds", "--claim", "ramsauer2021/capacity-lambert-free"]
    assert main(args) == 130
    err = capsys.readouterr().err
    assert "rerun the same command with --resume" in err and "Traceback" not in err
    report = json.loads((tmp_path / "report.json").read_text())
    assert [e["id"] for e in report["claims"]] == ["ramsauer2021/kappa-bounds"]
    assert report["interrupted"]["missing"] == ["ramsauer2021/capacity-lambert-free"]


def test_help_explains_without_markup():
    out = subprocess.run([sys.executable, "-m", "hoptheory", "check", "--help"], capture_output=True, text=True,
                         check=True).stdout
    assert "``" not in out
    for word in ("quick", "thorough", "seed", "inst", "slack", "ratio", "exit codes", "--resume", "130"):
        assert word in out
    top = subprocess.run([sys.executable, "-m", "hoptheory", "--version"], capture_output=True, text=True,
                         check=True).stdout
    assert top.strip() == f"hoptheory {__version__}"


def test_help_profiles_match_the_framework():
    from proofs_checks._framework import PROFILES

    for name, prof in PROFILES.items():
        line = next(ln for ln in _CHECK_EPILOG.splitlines() if ln.strip().startswith(name))
        assert f"{prof.examples} " in line and f"{prof.trials} " in line and f"{prof.restarts} " in line
