"""A share over nothing is not full compliance (issue 19, item 10): with no caseworkers, no § 50 investigation
starts, none falls due, and the share of them within the deadline is NaN in the data and "none due" in the
terminal, the HTML report, the CSV files and the experiment analysis, never 100%."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deptsim import Parameters, simulate
from deptsim.cli import main
from deptsim.experiments import SerialExecutor, analyse_folder, load_experiment, run_experiment
from deptsim.replicates import Replicate
from deptsim.reports import tables
from deptsim.reports.labels import METRICS

NO_STAFF = "[scenario]\nname = \"No staff\"\n[parameters]\nchildren = 2000\npositions = 0\n"
FIVE = "[scenario]\nname = \"Five\"\n[parameters]\nchildren = 2000\npositions = 5\n"
SHARE = "investigation_deadline_met"


@pytest.fixture(scope="module")
def no_staff_summary() -> dict[str, float]:
    """Three years of a department without caseworkers, counted from year 2: no investigation falls due."""
    return simulate(Parameters(positions=0, children=2000), seed=1, years=3).summary(from_year=2)


def test_a_share_over_nothing_is_nan_not_one(no_staff_summary):
    assert math.isnan(no_staff_summary[SHARE])
    assert no_staff_summary["assessment_deadline_met"] == 0.0  # referrals did fall due, and were missed


def test_tables_leave_out_replicates_where_nothing_fell_due():
    def replicate(seed: int, share: float) -> Replicate:
        summary = dict.fromkeys(METRICS, 0.5) | {SHARE: share}
        return Replicate("s", seed, pd.DataFrame(), summary)

    runs = {"base": [replicate(1, math.nan), replicate(2, 0.4), replicate(3, 0.6)],
            "other": [replicate(1, 0.9), replicate(2, 0.9), replicate(3, math.nan)]}
    table = tables.comparison_table(runs, "base").set_index(["scenario", "metric"])
    base, other = table.loc[("base", SHARE)], table.loc[("other", SHARE)]
    assert base["mean"] == pytest.approx(0.5) and base["runs"] == 2
    assert other["mean"] == pytest.approx(0.9) and other["runs"] == 2
    assert other["diff"] == pytest.approx(0.5)  # only replicate 2 has both
    nothing = {"base": [replicate(1, math.nan)], "other": [replicate(1, math.nan)]}
    empty = tables.comparison_table(nothing, "base").set_index(["scenario", "metric"]).loc[("other", SHARE)]
    assert empty["runs"] == 0 and np.isnan(empty[["mean", "low", "high", "diff"]].to_numpy(dtype=float)).all()


def test_compare_shows_none_due_in_the_terminal_report_and_csv(tmp_path, capsys):
    (tmp_path / "none.toml").write_text(NO_STAFF, encoding="utf-8")
    (tmp_path / "five.toml").write_text(FIVE, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["compare", str(tmp_path / "none.toml"), str(tmp_path / "five.toml"), "--years", "3",
                   "--replicates", "2", "--workers", "1", "--out", str(out), "--quiet"])
    assert status == 0
    printed = capsys.readouterr().out
    line = next(line for line in printed.splitlines() if line.strip().startswith("§50 investigations"))
    # the first column is the department without staff (the five-caseworker one may well meet every deadline)
    assert line.split("4 months", 1)[1].split()[:2] == ["none", "due"]
    html = (out / "report.html").read_text(encoding="utf-8")
    row = html.split("§50 investigations within 4 months", 1)[1].split("</tr>", 1)[0]
    assert re.sub(r"<[^>]+>", " ", row).split()[:2] == ["none", "due"]
    headlines = pd.read_csv(out / "headlines.csv").set_index(["scenario", "metric"])
    assert np.isnan(headlines.loc[("No staff", SHARE), "mean"])
    assert headlines.loc[("No staff", SHARE), "runs"] == 0
    summaries = pd.read_csv(out / "summaries.csv")
    assert summaries[summaries.scenario == "No staff"][SHARE].isna().all()


def test_danish_tables_say_ingen_forfaldne(no_staff_summary):
    runs = {"Ingen": [Replicate("Ingen", 1, pd.DataFrame(), no_staff_summary)]}
    shown = tables.format_headlines(tables.headline_table(runs), "Ingen", "da")
    line = next(line for line in shown.splitlines() if "§50" in line)
    assert "ingen forfaldne" in line and "100" not in line


def test_an_experiment_with_nothing_due_is_analysed_without_a_made_up_share(tmp_path: Path):
    path = tmp_path / "experiment.toml"
    path.write_text("[experiment]\nyears = 3\nwarmup_years = 2\n[parameters]\nchildren = 2000\n"
                    "[factors.positions]\nlevels = [0, 2, 5]\n", encoding="utf-8")
    run_experiment(load_experiment(path), tmp_path / "out", SerialExecutor(), progress=False)
    analysis = analyse_folder(tmp_path / "out", plots=False)
    response = analysis.tables["response"].set_index(["positions", "metric"])
    assert np.isnan(response.loc[(0, SHARE), "mean"]) and response.loc[(0, SHARE), "runs"] == 0
    assert 0 <= response.loc[(5, SHARE), "mean"] <= 1
    steepest = analysis.tables["steepest"].set_index("metric").loc[SHARE]
    assert (steepest.from_level, steepest.to_level) == (2, 5)  # the step from 0 has no share to compare
    zero_row = next(line for line in analysis.text.splitlines() if line.split()[:1] == ["0"])
    assert "none due" in zero_row and "100.0%" not in zero_row
