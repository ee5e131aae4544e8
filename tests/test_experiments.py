"""Experiments: files, seeds, executors, resume after a kill, failures, and the analyses (with SALib)."""

from __future__ import annotations

import dataclasses
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deptsim import load_scenario
from deptsim.departments import CHILDREN_AND_FAMILY, JOB_CENTRE
from deptsim.experiments import (
    DaskExecutor,
    ExperimentError,
    ExperimentFolder,
    FolderError,
    ProcessExecutor,
    SerialExecutor,
    analyse_folder,
    load_experiment,
    run_experiment,
)
from deptsim.experiments.design import run_seed
from deptsim.experiments.factors import InterventionTarget
from deptsim.experiments.worker import RunOutcome
from deptsim.interventions import IntakeTeam, Mentoring
from deptsim.params import ASSUMPTION, Parameters
from deptsim.results import SUMMARY_KEYS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "experiments").glob("*.toml"))

# 8 runs of a tiny department; an intake team of 2 in a department of 1 position is impossible, so the
# two runs of that design point fail when they start.
SMALL = """
[experiment]
name = "small"
replicates = 2
years = 1
warmup_years = 0.5
seed = 7

[parameters]
children = 1000

[factors.caseload]
levels = [15, 40]

[factors.intake_team_size]
levels = [0, 2]

[outputs]
weekly = ["caseload_mean", "staff_in_post"]
"""

# 4 runs of Silkeborg's job centre (two caseloads), a year each.
JOB_CENTRE_SWEEP = f"""
[experiment]
name = "job centre"
scenario = '{ROOT / "scenarios" / "silkeborg_2014.toml"}'
replicates = 2
years = 1
warmup_years = 0.5
seed = 5

[factors.caseload]
levels = [40, 95]

[outputs]
weekly = ["citizens", "exits_work"]
"""

# 16 runs of about a tenth of a second each, for the kill test.
RESUMABLE = """
[experiment]
name = "resumable"
replicates = 4
years = 2
warmup_years = 1
seed = 11

[parameters]
children = 3000

[factors.recruitment_weeks]
levels = [4, 13, 26, 39]

[outputs]
weekly = ["staff_in_post"]
"""

MORRIS = """
[experiment]
name = "morris"
years = 1
warmup_years = 0.25
seed = 3

[parameters]
children = 1000
positions = 2

[design]
type = "morris"
trajectories = 4

[factors.recruitment_weeks]
range = [2, 40]

[factors.strain_build]
range = [0.02, 0.3]

[factors.need_scale]
range = [1.0, 1.6]
"""


def write(folder: Path, text: str, name: str = "experiment.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def deptsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deptsim", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """The small experiment run once in this process: its folder and its result table."""
    folder = tmp_path_factory.mktemp("small")
    experiment = load_experiment(write(folder, SMALL))
    report = run_experiment(experiment, folder / "serial", SerialExecutor(), progress=False)
    assert report.recorded == report.total == 8
    return folder / "serial", pd.read_parquet(folder / "serial" / "results.parquet")


# --- experiment files ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_experiment_is_valid(path):
    experiment = load_experiment(path)
    assert experiment.points.values
    assert len(experiment.runs()) == len(experiment.points.values) * experiment.replicates


def test_the_tipping_point_sweeps_the_caseload_from_20_to_70_with_replicates():
    experiment = load_experiment(ROOT / "experiments/tipping_point.toml")
    (factor,) = experiment.factors
    assert factor.name == "caseload" and factor.levels[0] == 20 and factor.levels[-1] == 70
    assert experiment.replicates >= 5


def test_the_sensitivity_experiment_varies_the_modelling_assumptions():
    experiment = load_experiment(ROOT / "experiments/assumptions_morris.toml")
    assumptions = {f.name for f in dataclasses.fields(Parameters)
                   if f.metadata["source"].startswith(ASSUMPTION) and f.type in ("int", "float")}
    varied = {f.name for f in experiment.factors}
    assert varied == assumptions - {"positions", "handover_settling_weeks"}
    default = Parameters()
    for factor in experiment.factors:
        low, high = factor.bounds
        assert low < getattr(default, factor.name) < high


@pytest.mark.parametrize("text, key", [
    ("[experiment]\nreplicates = 0", "experiment.replicates"),
    ("[experiment]\nyears = 2\nwarmup_years = 2", "experiment.warmup_years"),
    ("[experiment]\nscenario = 'nowhere.toml'", "experiment.scenario"),
    ("[experment]\n", "experment"),
    ("[design]\ntype = 'taguchi'", "design.type"),
    ("[design]\ntype = 'sobol'\nsamples = 10\n[factors.strain_build]\nrange = [0.1, 0.2]\n"
     "[factors.need_scale]\nrange = [1, 2]", "design.samples"),
    ("[factors.no_such_parameter]\nlevels = [1]", "factors.no_such_parameter"),
    ("[factors.positions]\nlevels = [10, -1]", "factors.positions.levels"),
    ("[factors.mentoring]\nlevels = [1, 2]", "factors.mentoring.levels"),
    ("[factors.caseload]\nrange = [20, 70]", "factors.caseload.step"),
    ("[factors.caseload]\nlevels = [30]\n[parameters]\npositions = 20", "factors"),
    ("[parameters]\nchildren = -5", "parameters"),
    ("[design]\ntype = 'morris'\ntrajectories = 4\n[factors.mentoring]\nlevels = [true, false]",
     "factors.mentoring"),
    ("[assumptions]\nspread = 0.2", "assumptions"),
    ("[design]\ntype = 'morris'\ntrajectories = 4\n[assumptions]\nexclude = ['children']", "assumptions.exclude"),
    ("[design]\ntype = 'latin_hypercube'\nsamples = 4\n[factors.placement_need]\nrange = [3, 6]\n"
     "[factors.institution_need]\nrange = [3, 6]", "factors"),
    ("[outputs]\nweekly = ['no_such_column']", "outputs.weekly"),
])
def test_a_mistake_gets_one_message_naming_the_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    assert f"{path}: {key}:" in str(caught.value)


def test_a_mistake_on_the_command_line_is_one_message_and_exit_status_2(tmp_path):
    done = deptsim("experiment", str(write(tmp_path, "[factors.caseload]\nlevels = [0]")), "--check")
    assert done.returncode == 2
    assert "factors.caseload.levels" in done.stderr and "Traceback" not in done.stderr


def test_a_factor_can_vary_a_reform_of_the_base_scenario(tmp_path):
    scenario = write(tmp_path, "[[interventions]]\nkind = 'intake_team'\nweek = 52\nsize = 3\n"
                               "[[interventions]]\nkind = 'mentoring'\nweek = 10\n", "base.toml")
    experiment = load_experiment(write(tmp_path, f"[experiment]\nscenario = '{scenario.name}'\n"
                                                 "[factors.team]\nintervention = 0\nsetting = 'size'\nlevels = [1, 4]\n"
                                                 "[factors.mentoring_from]\nintervention = 1\nsetting = 'week'\n"
                                                 "levels = [0, 26]\n"))
    assert experiment.factors[0].target == InterventionTarget(0, "size")
    inputs = experiment.job().inputs({"team": 4, "mentoring_from": 26})
    assert inputs.interventions == [IntakeTeam(52, 4), Mentoring(26, {"mentoring": True})]
    with pytest.raises(ExperimentError, match=r"factors\.team\.setting"):
        load_experiment(write(tmp_path, f"[experiment]\nscenario = '{scenario.name}'\n"
                                        "[factors.team]\nintervention = 0\nsetting = 'count'\nlevels = [1]\n"))


def test_caseload_sets_the_positions_as_a_scenario_file_does(tmp_path):
    scenario = load_scenario(write(tmp_path, "[scenario]\ncaseload = 45\n[parameters]\nchildren = 9000", "s.toml"))
    experiment = load_experiment(write(tmp_path, "[parameters]\nchildren = 9000\n[factors.caseload]\nlevels = [45]"))
    assert experiment.job().inputs({"caseload": 45.0}).parameters().positions == scenario.params.positions


def test_comments_and_layout_do_not_change_an_experiment_but_its_content_does(tmp_path):
    digest = load_experiment(write(tmp_path, SMALL)).digest()
    assert load_experiment(write(tmp_path, "# a comment\n" + SMALL.replace("seed = 7", "seed    = 7"))).digest() \
        == digest
    assert load_experiment(write(tmp_path, SMALL.replace("seed = 7", "seed = 8"))).digest() != digest


# --- seeds --------------------------------------------------------------------------------------------------
def test_seeds_depend_only_on_the_experiment_seed_and_the_run_coordinates():
    assert run_seed(1, 3, 2, False) == run_seed(1, 3, 2, False)
    assert len({run_seed(1, p, r, False) for p in range(20) for r in range(5)}) == 100
    assert run_seed(1, 3, 2, True) == run_seed(1, 7, 2, True) != run_seed(1, 7, 3, True)
    assert run_seed(1, 3, 2, True) != run_seed(2, 3, 2, True)


def test_runs_go_replicate_by_replicate_with_ids_from_their_coordinates(tmp_path):
    runs = load_experiment(write(tmp_path, SMALL)).runs()
    assert [r.run_id for r in runs[:5]] == ["p00000-r000", "p00001-r000", "p00002-r000", "p00003-r000",
                                             "p00000-r001"]
    assert runs[0].seed == runs[1].seed != runs[4].seed  # common random numbers by default


# --- executors and results ------------------------------------------------------------------------------------
def test_serial_local_processes_and_dask_give_identical_tables(small, tmp_path):
    serial_folder, serial = small
    experiment = load_experiment(write(tmp_path, SMALL))
    for name, executor in [("local", ProcessExecutor(2)), ("dask", DaskExecutor(workers=2))]:
        report = run_experiment(experiment, tmp_path / name, executor, progress=False)
        assert report.recorded == 8 and not report.lost
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / name / "results.parquet"), serial)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / name / "weekly"),
                                      pd.read_parquet(serial_folder / "weekly"))


def test_results_load_into_pandas_in_one_line_with_one_row_per_run(small):
    folder, _ = small
    results = pd.read_parquet(folder / "results.parquet")
    assert len(results) == 8 and results.run_id.is_unique
    assert {"point", "replicate", "seed", "caseload", "intake_team_size", "positions", "status", "error",
            *SUMMARY_KEYS} <= set(results.columns)
    assert len(pd.read_parquet(folder / "runs")) == 8  # the run files, readable while the experiment runs
    weekly = pd.read_parquet(folder / "weekly")
    assert set(weekly.columns) == {"run_id", "point", "replicate", "week", "caseload_mean", "staff_in_post"}
    assert len(weekly) == 6 * 52  # the six runs that did not fail


def test_a_failing_run_is_recorded_with_its_error_and_the_others_complete(small):
    _, results = small
    failed = results[results.status == "failed"]
    assert list(failed.run_id) == ["p00003-r000", "p00003-r001"]
    assert failed.error.str.contains("intake_team_size").all()
    assert failed[list(SUMMARY_KEYS)].isna().all(axis=None)
    done = results[results.status == "ok"]
    assert len(done) == 6 and (done.error == "").all()
    assert np.isfinite(done[list(SUMMARY_KEYS)].to_numpy()).all()


def test_a_sweep_is_analysed_into_tables_and_plots(small):
    folder, _ = small
    done = deptsim("analyse", str(folder))
    assert done.returncode == 0, done.stderr
    assert "2 runs failed" in done.stdout and "turnover" in done.stdout
    response = pd.read_csv(folder / "analysis" / "response.csv")
    assert set(response.metric) == set(SUMMARY_KEYS)
    assert (response["low"] <= response["mean"] + 1e-9).all() and (response["mean"] <= response["high"] + 1e-9).all()
    assert (folder / "analysis" / "response_caseload.png").stat().st_size > 10_000


# --- resume ---------------------------------------------------------------------------------------------------
def test_an_experiment_killed_mid_way_resumes_to_the_uninterrupted_result(tmp_path):
    path = write(tmp_path, RESUMABLE)
    reference = tmp_path / "reference"
    run_experiment(load_experiment(path), reference, SerialExecutor(), progress=False)
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "deptsim", "experiment", str(path), "--out", str(out), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list((out / "runs").glob("*.parquet"))) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finished = len(list((out / "runs").glob("*.parquet")))
    assert 4 <= finished < 16, "the kill should land mid-way"

    done = deptsim("experiment", str(path), "--out", str(out), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert f"running {16 - finished} runs" in done.stdout
    results = pd.read_parquet(out / "results.parquet")
    assert len(results) == 16 and results.run_id.is_unique
    pd.testing.assert_frame_equal(results, pd.read_parquet(reference / "results.parquet"))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "weekly"), pd.read_parquet(reference / "weekly"))
    assert not list(out.rglob(".*.tmp"))

    again = deptsim("experiment", str(path), "--out", str(out), "--workers", "1", "--no-analysis")
    assert again.returncode == 0 and "running 0 runs" in again.stdout


def test_a_changed_experiment_is_refused_in_the_same_folder(small, tmp_path):
    folder, _ = small
    changed = write(tmp_path, SMALL.replace("replicates = 2", "replicates = 3"))
    done = deptsim("experiment", str(changed), "--out", str(folder))
    assert done.returncode == 2
    assert "different experiment" in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(FolderError, match="not an experiment folder"):
        (tmp_path / "other").mkdir()
        (tmp_path / "other" / "notes.txt").write_text("mine")
        run_experiment(load_experiment(changed), tmp_path / "other", SerialExecutor(), progress=False)


def test_failed_runs_can_be_retried(small, tmp_path):
    experiment = load_experiment(write(tmp_path, SMALL))
    out = tmp_path / "retry"
    run_experiment(experiment, out, SerialExecutor(), progress=False)
    (out / "runs" / "p00000-r000.parquet").unlink()
    report = run_experiment(experiment, out, SerialExecutor(), progress=False, retry_failed=True)
    assert report.earlier == 5 and report.recorded == 8 and report.failed == 2
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), small[1])


# --- sensitivity analysis -------------------------------------------------------------------------------------
class FormulaExecutor(SerialExecutor):
    """Instead of the model, a known function of the factors, so that the sensitivity indices are known."""

    def outcomes(self, job, tasks):
        for task in tasks:
            a, b, _ = task.values.values()
            summary = dict.fromkeys(SUMMARY_KEYS, 1.0)
            summary["turnover_rate"] = 4 * a + b
            yield RunOutcome(task.run_id, 0, "", summary)


def test_sobol_indices_from_salib_find_the_factor_that_matters(tmp_path):
    path = write(tmp_path, "[design]\ntype = 'sobol'\nsamples = 64\n[factors.strain_build]\nrange = [0, 1]\n"
                           "[factors.need_scale]\nrange = [0, 1]\n[factors.advice_weeks]\nrange = [1, 2]\n")
    run_experiment(load_experiment(path), tmp_path / "out", FormulaExecutor(), progress=False)
    analysis = analyse_folder(tmp_path / "out")
    indices = analysis.tables["sensitivity"].set_index("factor")
    assert set(indices.metric) == {"turnover_rate"}  # the other figures never vary
    st = indices.ST
    assert st["strain_build"] > 0.8 and st["need_scale"] < 0.2 and abs(st["advice_weeks"]) < 0.05
    assert ((indices.S1 - indices.S1_conf <= 1) & (indices.S1 + indices.S1_conf >= 0)).all()
    assert (indices.ST_conf >= 0).all()
    assert "the same in every run" in analysis.text
    assert (tmp_path / "out" / "analysis" / "sensitivity_overview.png").is_file()


def test_a_morris_screening_of_the_model_gives_indices_in_range(tmp_path):
    path = write(tmp_path, MORRIS)
    report = run_experiment(load_experiment(path), tmp_path / "out", SerialExecutor(), progress=False)
    assert report.recorded == 16 and report.failed == 0
    indices = analyse_folder(tmp_path / "out").tables["sensitivity"]
    assert set(indices.factor) == {"recruitment_weeks", "strain_build", "need_scale"}
    values = indices[["mu_star", "mu_star_conf", "sigma"]].to_numpy()
    assert np.isfinite(values).all() and (values >= 0).all()
    assert indices.mu_star_relative.between(0, 1).all()
    metrics = set(indices.metric)  # the figures that vary over the design (in a two-person department some may not)
    assert len(metrics) >= 5
    for metric in metrics:
        assert (tmp_path / "out" / "analysis" / f"sensitivity_{metric}.png").is_file()


def test_a_latin_hypercube_sample_gives_rank_correlations(tmp_path):
    path = write(tmp_path, MORRIS.replace("type = \"morris\"\ntrajectories = 4", "type = \"latin_hypercube\"\n"
                                                                               "samples = 6"))
    run_experiment(load_experiment(path), tmp_path / "out", SerialExecutor(), progress=False)
    correlation = analyse_folder(tmp_path / "out").tables["rank_correlation"]
    rho = correlation.spearman.dropna()
    assert len(rho) and rho.between(-1, 1).all()
    assert not math.isnan(correlation.set_index(["factor", "metric"]).spearman["need_scale", "caseload_mean"])


def test_an_incomplete_sensitivity_design_is_not_analysed(tmp_path):
    path = write(tmp_path, MORRIS)
    run_experiment(load_experiment(path), tmp_path / "out", SerialExecutor(), progress=False)
    (tmp_path / "out" / "runs" / "p00005-r000.parquet").unlink()
    done = deptsim("analyse", str(tmp_path / "out"))
    assert done.returncode == 2 and "1 of 16 design points have no successful run" in done.stderr
    assert ExperimentFolder(tmp_path / "out").manifest()["runs"] == 16


# --- a job centre ---------------------------------------------------------------------------------------------
def test_a_job_centre_experiment_runs_the_job_centre_and_stores_its_headline_figures(tmp_path):
    experiment = load_experiment(write(tmp_path, JOB_CENTRE_SWEEP))
    assert experiment.department is JOB_CENTRE
    serial = run_experiment(experiment, tmp_path / "serial", SerialExecutor(), progress=False)
    assert serial.recorded == serial.total == 4 and serial.failed == 0
    results = pd.read_parquet(tmp_path / "serial" / "results.parquet")
    assert set(JOB_CENTRE.summary_keys) <= set(results.columns)
    assert not set(CHILDREN_AND_FAMILY.summary_keys) - set(JOB_CENTRE.summary_keys) & set(results.columns)
    assert results[list(JOB_CENTRE.summary_keys)].notna().all().all()
    silkeborg = load_scenario(ROOT / "scenarios" / "silkeborg_2014.toml")  # sized by its caseload of 95
    positions = results.groupby("caseload").positions.first()
    assert positions[95.0] == silkeborg.params.positions < positions[40.0]
    caseloads = results.groupby("caseload").caseload_mean.mean()
    assert caseloads[95.0] > 2 * caseloads[40.0]
    weekly = pd.read_parquet(tmp_path / "serial" / "weekly")
    assert {"citizens", "exits_work"} <= set(weekly.columns) and (weekly.citizens > 1000).all()

    dask = run_experiment(experiment, tmp_path / "dask", DaskExecutor(workers=2), progress=False)
    assert dask.recorded == 4 and not dask.lost
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dask" / "results.parquet"), results)

    header = analyse_folder(tmp_path / "serial", plots=False).text.splitlines()[1]  # the design points' table
    assert "on benefit" in header and "exits/yr" in header and "place MDKK" not in header


@pytest.mark.parametrize("text, key", [
    ("[parameters]\nchildren = 8000", "parameters.children"),
    ("[factors.placement_need]\nlevels = [4.0, 4.5]", "factors.placement_need"),
    ("[factors.citizens_on_benefit]\nlevels = [1, 2]", "factors.citizens_on_benefit"),
    ("[outputs]\nweekly = ['referrals']", "outputs.weekly"),
])
def test_a_childrens_setting_in_a_job_centre_experiment_is_refused_naming_the_key(tmp_path, text, key):
    scenario = ROOT / "scenarios" / "silkeborg_2014.toml"
    path = write(tmp_path, f"[experiment]\nscenario = '{scenario}'\n{text}\n")
    with pytest.raises(ExperimentError, match=rf"{key.replace('.', '[.]')}: ") as refused:
        load_experiment(path)
    assert "job_centre" in str(refused.value) or "column of the results" in str(refused.value)
    done = deptsim("experiment", str(path), "--out", str(tmp_path / "out"), "--workers", "1")
    assert done.returncode == 2 and key in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_shipped_job_centre_experiment_sweeps_silkeborgs_caseload_at_two_meeting_frequencies():
    experiment = load_experiment(ROOT / "experiments" / "jobcentre_caseload.toml")
    assert experiment.department is JOB_CENTRE and experiment.scenario.name == "Silkeborg 2014"
    levels = {factor.name: factor.levels for factor in experiment.factors}
    assert levels == {"caseload": (35.0, 45.0, 55.0, 65.0, 75.0, 85.0, 95.0), "meetings_per_year": (4.0, 8.0)}
    assert experiment.normalised()["scenario"]["kind"] == "job_centre"


def test_assumptions_are_spread_around_the_base_scenarios_values(tmp_path):
    write(tmp_path, "[parameters]\nnatural_recovery_week = 0.02\n", "base.toml")
    experiment = load_experiment(write(tmp_path, "[experiment]\nscenario = 'base.toml'\n[design]\ntype = 'morris'\n"
                                                 "trajectories = 2\n[assumptions]\nspread = 0.25\n"
                                                 "exclude = ['handover_settling_weeks']\n"))
    bounds = {factor.name: factor.bounds for factor in experiment.factors}
    assert bounds["natural_recovery_week"] == pytest.approx((0.015, 0.025))
    silkeborg = ROOT / "scenarios" / "silkeborg_2014.toml"  # no cash-benefit citizens, so no inflow to vary
    with pytest.raises(ExperimentError, match=r"assumptions: cash_benefit_\w+ \(0(\.0)? in the base scenario\)"):
        load_experiment(write(tmp_path, f"[experiment]\nscenario = '{silkeborg}'\n[design]\ntype = 'morris'\n"
                                        "trajectories = 2\n[assumptions]\nexclude = ['handover_settling_weeks']\n"))
