"""The job centre (deptsim.jobcentre): its own dynamics in the style of test_spiral (more contact, faster exits;
higher caseloads, slower exits and more strain), conservation of citizens, its Mesa agents, and the workforce
shared with the children-and-family department without depending on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deptsim.jobcentre import JobCentreModel, JobCentreParameters, simulate
from deptsim.workforce.caseworker import Caseworker

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(1, 5)
YEARS = 6


def pooled(params: JobCentreParameters, years: float = YEARS, from_year: float = 1.0) -> pd.DataFrame:
    """Each seed's summary over the years after the first."""
    return pd.DataFrame([simulate(params, seed=seed, years=years).summary(from_year) for seed in SEEDS])


@pytest.fixture(scope="module")
def default() -> pd.DataFrame:
    return pooled(JobCentreParameters())


def test_citizens_are_conserved_week_by_week():
    weekly = simulate(seed=3, years=3).weekly
    flows = weekly.entered - weekly.exits_work - weekly.exits_other - weekly.exits_moved
    start = JobCentreParameters()
    first = start.education_benefit_citizens + start.cash_benefit_citizens + start.rehabilitation_citizens
    assert weekly.citizens.tolist() == (first + flows.cumsum()).tolist()
    assert (weekly.citizens == weekly.citizens_education_benefit + weekly.citizens_cash_benefit
            + weekly.citizens_rehabilitation).all()


def test_every_citizen_has_one_caseworker_whose_load_counts_them():
    model = JobCentreModel(seed=2)
    for _ in range(80):
        model.step()
        table, roster = model.citizen_table, model.roster
        rows = table.rows()
        held = np.bincount(table.holder[rows][table.holder[rows] >= 0], minlength=roster.n)
        assert held.tolist() == roster.held[:roster.n].tolist()
        assert roster.in_post[table.holder[rows][table.holder[rows] >= 0]].all()
    assert len(model.citizens) == len(model.citizen_table.rows())
    assert {type(agent) for agent in model.caseworkers} == {Caseworker}


def test_the_same_seed_gives_the_same_job_centre():
    pd.testing.assert_frame_equal(simulate(seed=5, years=2).weekly, simulate(seed=5, years=2).weekly)


def test_more_meetings_bring_citizens_closer_to_work_and_fewer_on_benefit(default):
    more = pooled(JobCentreParameters(meetings_per_year=8.0))
    assert more.meetings_on_time.mean() > 0.95
    assert (more.exits_to_work_per_year / more.citizens_on_benefit).mean() > \
        (default.exits_to_work_per_year / default.citizens_on_benefit).mean() * 1.05
    assert more.citizens_on_benefit.mean() < default.citizens_on_benefit.mean()
    assert more.benefit_cost_dkk_per_year.mean() < default.benefit_cost_dkk_per_year.mean()


def test_a_caseload_of_90_to_100_strains_the_caseworkers_and_slows_exits_though_the_law_is_kept(default):
    """Silkeborg before its reform: meetings "booked in a roll every third month to comply with the law" at
    90-100 citizens each. The meetings the law requires come first, so they are kept; corners are cut on them."""
    crowded = pooled(JobCentreParameters(positions=20))
    assert crowded.caseload_mean.mean() > 85
    assert crowded.turnover_rate.mean() > 2 * default.turnover_rate.mean()
    assert crowded.sick_leave_rate.mean() > default.sick_leave_rate.mean() * 1.5
    assert crowded.meetings_on_time.mean() > 0.95
    assert (crowded.exits_to_work_per_year / crowded.citizens_on_benefit).mean() < \
        (default.exits_to_work_per_year / default.citizens_on_benefit).mean()


def test_at_the_legal_minimum_of_meetings_the_stock_of_citizens_stays_about_level(default):
    start = JobCentreParameters()
    first = start.education_benefit_citizens + start.cash_benefit_citizens + start.rehabilitation_citizens
    assert 0.85 * first < default.citizens_on_benefit.mean() < 1.1 * first
    assert 0.95 < default.meetings_on_time.mean() <= 1.0


def test_the_workforce_depends_on_no_kind_of_department():
    """No file of deptsim/workforce/ imports the children-and-family department or the job centre."""
    forbidden = ("deptsim.childwelfare", "deptsim.jobcentre", "deptsim.model")
    for path in (ROOT / "deptsim" / "workforce").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            assert not [name for name in names if name.startswith(forbidden)], f"{path.name} imports {names}"


def deptsim_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deptsim", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def test_the_silkeborg_comparison_shows_fewer_citizens_on_benefit_and_a_cost_benefit_table(tmp_path):
    done = deptsim_cli("compare", "scenarios/silkeborg_2014.toml", "scenarios/silkeborg_2015_reform.toml",
                       "--years", "4", "--replicates", "3", "--out", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "fixed parameters" in done.stdout and "Savings on benefits" in done.stdout
    headlines = pd.read_csv(tmp_path / "out" / "headlines.csv").set_index(["scenario", "metric"])
    reform = headlines.loc["Silkeborg 2015 reform"]
    assert reform.loc["citizens_on_benefit", "diff_high"] < 0
    assert reform.loc["benefit_cost_dkk_per_year", "diff_high"] < 0
    assert 36 <= reform.loc["caseload_mean", "mean"] <= 45
    assert 90 <= headlines.loc[("Silkeborg 2014", "caseload_mean"), "mean"] <= 105
    cost_benefit = pd.read_csv(tmp_path / "out" / "cost_benefit.csv")
    assert (cost_benefit[cost_benefit.year >= 1].investment > 5e6).all()  # 18 more caseworkers from 2015
    assert (tmp_path / "out" / "citizens.png").is_file()


@pytest.mark.parametrize(("text", "key", "message"), [
    ('[scenario]\nkind = "jobcenter"', "scenario.kind", "must be one of children_and_family, job_centre"),
    ('[scenario]\nkind = "job_centre"\n[parameters]\nneed_scale = 1.2', "parameters.need_scale",
     "is a parameter of the children and family department"),
    ('[scenario]\nkind = "job_centre"\n[[interventions]]\nkind = "intake_team"\nweek = 1\nsize = 2',
     "interventions[0].kind", "'intake_team' does not apply to a job centre department"),
    ('[parameters]\nmeetings_per_year = 8', "parameters.meetings_per_year", "is a parameter of the job centre"),
])
def test_a_scenario_of_the_wrong_kind_is_one_clear_message(tmp_path, text, key, message):
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    done = deptsim_cli("check", str(tmp_path / "s.toml"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert key in done.stderr and message in done.stderr


def test_a_job_centre_is_not_compared_with_a_childrens_department_nor_given_their_ensemble(tmp_path):
    mixed = deptsim_cli("compare", "scenarios/assens_2014.toml", "scenarios/silkeborg_2014.toml", "--out",
                        str(tmp_path / "m"))
    assert mixed.returncode == 2 and "one kind of department" in mixed.stderr and "Traceback" not in mixed.stderr
    ensemble = deptsim_cli("run", "scenarios/silkeborg_2014.toml", "--ensemble", "deptsim/calibration/ensemble.csv",
                           "--out", str(tmp_path / "e"))
    assert ensemble.returncode == 2 and "fixed parameters" in ensemble.stderr
    assert not (tmp_path / "m").exists() and not (tmp_path / "e").exists()
