"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from deptsim.cli import main
from deptsim.reports.labels import SERIES
from deptsim.reports.plots import derived_series

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def deptsim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deptsim", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["compare", "--help"], ["check", "--help"]])
def test_help(args):
    done = deptsim(*args)
    assert done.returncode == 0
    assert "usage: deptsim" in done.stdout


def test_run_on_the_defaults_prints_headline_figures_with_intervals(tmp_path):
    done = deptsim("run", "--years", "2", "--from-year", "1", "--replicates", "2", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "deptsim-out" / "default" / "report.html").is_file()
    for label in ("Turnover", "Sick leave", "Caseload", "Referral wait", "Placements started", "Total cost"):
        assert label in done.stdout
    assert "90% interval" in done.stdout


def test_compare_prints_the_table_and_cost_benefit_and_writes_the_report(tmp_path):
    out = tmp_path / "report"
    done = deptsim("compare", str(ROOT / "scenarios/assens_2014.toml"), str(ROOT / "scenarios/assens_2016_reform.toml"),
                   "--years", "3", "--replicates", "2", "--out", str(out), "--lang", "da")
    assert done.returncode == 0, done.stderr
    assert "Assens 2016 reform" in done.stdout and "forskel" in done.stdout
    assert "Break-even" in done.stdout
    assert "runs" in done.stderr  # the progress bar
    for name in ("weekly", "summaries", "headlines", "cost_benefit"):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    weekly = pd.read_parquet(out / "weekly.parquet")
    assert set(weekly.scenario) == {"Assens 2014", "Assens 2016 reform"}
    assert weekly.groupby("scenario").seed.nunique().eq(2).all()
    html = (out / "report.html").read_text(encoding="utf-8")
    plotted = derived_series(weekly[weekly.scenario == "Assens 2014"]).columns
    assert html.count("data:image/png;base64,") == len(plotted) and set(plotted) <= set(SERIES)
    assert "Sagstal" in html and "modelling assumption" in html


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs_and_writes_a_complete_report(tmp_path, path, capsys):
    out = tmp_path / "out"
    status = main(["run", str(path), "--years", "1", "--from-year", "0", "--replicates", "2", "--workers", "1",
                   "--out", str(out), "--quiet"])
    assert status == 0
    files = {p.name for p in out.iterdir()}
    assert {"report.html", "weekly.csv", "weekly.parquet", "summaries.csv", "headlines.csv"} <= files
    weekly = pd.read_parquet(out / "weekly.parquet")
    assert {f"{key}.png" for key in derived_series(weekly).columns} <= files
    assert "Turnover" in capsys.readouterr().out


def test_check_validates_without_running():
    done = deptsim("check", *map(str, SCENARIOS))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": ok") == len(SCENARIOS)


def test_a_bad_scenario_file_gives_exit_status_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[parameters]\npositions = -4\n", encoding="utf-8")
    out = tmp_path / "never"
    commands = (["check", str(bad)], ["run", str(bad), "--out", str(out)],
                ["compare", str(bad), str(bad), "--out", str(out)])
    for command in commands:
        done = deptsim(*command)
        assert done.returncode == 2
        assert f"{bad}: parameters.positions" in done.stderr
        assert "Traceback" not in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--years", "-1"], "must be above 0"),
        (["run", "--seed", "x"], "must be a whole number"),
        (["run", "--years", "1", "--from-year", "2"], "before the end of the run"),
        (["run", "missing.toml"], "missing.toml: no such scenario file"),
        (["fly"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_clear_message(args, message):
    done = deptsim(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
