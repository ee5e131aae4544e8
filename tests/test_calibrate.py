"""`deptsim calibrate`: settings files are checked; a calibration with real pyabc writes its outputs, moves
toward its target, resumes where it stopped (after Ctrl-C too) exactly as it would have gone on, and runs on
local worker processes and on a Dask cluster. Tiny sizes: one parameter, one target on 3-year runs."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from deptsim.calibration import calibrate as calibration
from deptsim.calibration.calibrate import (
    BandDistance,
    FolderError,
    SettingsError,
    band_deviation,
    calibrate,
    load_settings,
    prepare_folder,
)
from deptsim.calibration.calibrate_command import register
from deptsim.calibration.validate import validate
from deptsim.params import Parameters
from deptsim.scenario import load_scenario

SHIPPED = Path(__file__).resolve().parent.parent / "calibration" / "fit.toml"

TARGET = """
[[target]]
name = "turnover"
figure = "turnover_rate"
value = 0.20
band = [0.18, 0.22]
years = [2, 3]
source = "a test"
"""

SETTINGS = """
[calibration]
targets = "targets.toml"
population = 8
max_generations = 2
seed = 11

[parameters.resignation_rate_year]
low = 0.05
high = 0.65
"""
PRIOR_MEAN = 0.35
RATE_AT_TARGET = 0.15
"""About the resignation rate that gives the target's turnover (docs/parameters.md: 0.15 gives 18-22% a year)."""
TIMES = ["seconds", "finished"]
"""The columns of history.csv that record when, not what."""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def settings_file(folder: Path, generations: int = 2, name: str = "fit.toml") -> Path:
    write(folder, "targets.toml", TARGET)
    return write(folder, name, SETTINGS.replace("max_generations = 2", f"max_generations = {generations}"))


def command(argv: list[str]) -> int:
    """`deptsim calibrate ...` as deptsim's command line runs it (a ValueError is exit status 2)."""
    parser = argparse.ArgumentParser(prog="deptsim")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["calibrate", *argv])
    try:
        return args.handler(args)
    except ValueError:
        return 2


@pytest.fixture(scope="module")
def resumed(tmp_path_factory):
    """A calibration stopped after one generation, then run again with two."""
    folder = tmp_path_factory.mktemp("calibration")
    out = folder / "out"
    one = calibrate(load_settings(settings_file(folder, generations=1)), out, progress=False)
    first = pd.read_csv(out / "history.csv")
    two = calibrate(load_settings(settings_file(folder, generations=2)), out, progress=False)
    return SimpleNamespace(folder=folder, out=out, one=one, two=two, first=first)


@pytest.mark.parametrize(("change", "key", "message"), [
    (("population = 8", "population = 1"), "calibration.population", "must be a whole number from 2"),
    (("population = 8", "populaton = 8"), "calibration.populaton", "did you mean 'population'"),
    (("seed = 11", "seed = 11\nmin_acceptance_rate = 1.5"), "calibration.min_acceptance_rate", "below 1"),
    (("seed = 11", "seed = 11\nmax_simulations = 10"), "calibration.max_simulations", "from 16"),
    (("seed = 11", "seed = 11\nchoose_from = 9"), "calibration.choose_from", "from 0 to 8"),
    (("targets.toml", "missing.toml"), "calibration.targets", "no such target file"),
    (("resignation_rate_year]", "resignation_rate_yaer]"), "parameters.resignation_rate_yaer",
     "did you mean 'resignation_rate_year'"),
    (("high = 0.65", "high = 60"), "parameters.resignation_rate_year.high", "must be a number from 0 to 52"),
    (("high = 0.65", "high = 0.01"), "parameters.resignation_rate_year", "low (0.05) must be below high (0.01)"),
    (("high = 0.65", "hihg = 0.65"), "parameters.resignation_rate_year.hihg", "did you mean 'high'"),
    (("resignation_rate_year]", "positions]"), "parameters.positions", "is a whole number"),
    (("resignation_rate_year]\nlow = 0.05\nhigh = 0.65", "placement_need]\nlow = 3\nhigh = 7"), "parameters",
     "impossible department in 'default' (placement_need = 7)"),
])
def test_a_mistake_in_a_settings_file_is_one_line_naming_the_file_and_the_key(tmp_path, change, key, message):
    path = settings_file(tmp_path)
    write(tmp_path, "fit.toml", path.read_text().replace(*change))
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    text = str(raised.value)
    assert "\n" not in text and f"{path}: {key}: " in text and message in text


def test_the_shipped_settings_fit_a_few_assumptions_to_the_danish_targets_with_an_ensemble_of_50_or_more():
    settings = load_settings(SHIPPED)
    assert settings.targets_path.name == "denmark.toml" and settings.population >= 50
    assert 4 <= len(settings.priors) <= 8
    fields = {field.name: field for field in dataclasses.fields(Parameters)}
    for prior in settings.priors:
        assert fields[prior.name].metadata["source"].startswith(("modelling assumption", "calibrated"))
        assert prior.low < prior.default < prior.high


def test_the_band_deviation_is_one_at_either_edge_of_an_uneven_band():
    assert band_deviation(0.062, 0.05, 0.043, 0.062) == pytest.approx(1.0)
    assert band_deviation(0.043, 0.05, 0.043, 0.062) == pytest.approx(-1.0)
    assert band_deviation(0.10, 0.10, 0.10, 0.20) == 0.0
    assert band_deviation(0.05, 0.10, 0.10, 0.20) == pytest.approx(-1.0)  # no room below: half band widths
    assert band_deviation(float("nan"), 1.0, 0.0, 2.0) == np.inf
    distance = BandDistance((("a", 0.0, 2.0), ("b", 10.0, 30.0)))
    assert distance({"a": 2.0, "b": 30.0}, {"a": 1.0, "b": 20.0}) == pytest.approx(2.0)


def test_a_calibration_writes_the_best_set_as_a_scenario_the_ensemble_and_the_history(resumed):
    out = resumed.out
    ensemble = pd.read_csv(out / "ensemble.csv")
    assert len(ensemble) == 8 and ensemble.weight.sum() == pytest.approx(1.0)
    assert ensemble.distance.is_monotonic_increasing
    assert ensemble.resignation_rate_year.between(0.05, 0.65).all()
    assert {"set", "seed", "model:turnover"} <= set(ensemble.columns)
    child = write(resumed.folder, "child.toml", 'extends = "out/best.toml"\n[parameters]\nchildren = 12000\n')
    scenario = load_scenario(child)
    assert scenario.params.resignation_rate_year == ensemble.resignation_rate_year[0]
    assert scenario.params.children == 12000
    assert "# prior 0.05-0.65" in (out / "best.toml").read_text()
    text = (out / "calibration.md").read_text()
    assert "| turnover | default, years 2-3 | 0.2 | 0.18-0.22 |" in text and "| seed | 11 |" in text


def test_a_calibration_run_again_with_more_generations_continues_where_it_stopped(resumed):
    history = pd.read_csv(resumed.out / "history.csv")
    assert list(history.generation) == [1, 2] and resumed.two.new_generations == 1
    pd.testing.assert_frame_equal(history.iloc[:1], resumed.first)
    assert history.epsilon[1] < history.epsilon[0]
    assert resumed.two.simulations == 8 + history.simulations.sum()  # with the sample from the prior


def test_the_accepted_sets_move_toward_the_target(resumed):
    ensemble = resumed.two.ensemble
    mean = np.average(ensemble.resignation_rate_year, weights=ensemble.weight)
    assert abs(mean - RATE_AT_TARGET) < abs(PRIOR_MEAN - RATE_AT_TARGET) / 2
    assert ensemble.resignation_rate_year.max() < 0.4  # the prior reaches 0.65


def test_an_interrupted_calibration_resumed_is_the_uninterrupted_one(tmp_path, resumed, monkeypatch, capsys):
    path = settings_file(tmp_path)
    into_second = 8 + int(resumed.first.simulations[0]) + 3  # the prior sample, generation 1, then 3 more
    measure, calls = calibration.measure, []

    def interrupted(*args):
        calls.append(1)
        if len(calls) == into_second:
            raise KeyboardInterrupt
        return measure(*args)

    monkeypatch.setattr(calibration, "measure", interrupted)
    assert command([str(path), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]) == 130
    assert "run the same command again" in capsys.readouterr().err
    assert len(pd.read_csv(tmp_path / "out" / "history.csv")) == 1
    monkeypatch.setattr(calibration, "measure", measure)
    assert command([str(path), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]) == 0
    for name in ("history.csv", "ensemble.csv"):
        again, before = (pd.read_csv(folder / name).drop(columns=TIMES, errors="ignore")
                         for folder in (tmp_path / "out", resumed.out))
        pd.testing.assert_frame_equal(again, before)


def test_a_generation_beyond_max_simulations_is_cut_off_and_stays_so_until_the_settings_allow_more(tmp_path, resumed):
    out = tmp_path / "out"
    shutil.copytree(resumed.out, out)
    path = settings_file(tmp_path, generations=3)
    budget = resumed.two.simulations + 10
    write(tmp_path, "fit.toml", path.read_text().replace("seed = 11", f"seed = 11\nmax_simulations = {budget}"))
    cut = calibrate(load_settings(path), out, progress=False)
    assert cut.new_generations == 0 and cut.simulations == resumed.two.simulations
    assert cut.stopped.startswith("generation 3 was cut off after 10 simulations and not kept")
    again = calibrate(load_settings(path), out, progress=False)
    assert again.stopped == cut.stopped and again.simulations == cut.simulations
    write(tmp_path, "fit.toml", path.read_text().replace(f"max_simulations = {budget}", "max_simulations = 1000"))
    more = calibrate(load_settings(path), out, progress=False)
    assert more.new_generations == 1 and len(more.generations) == 3


def test_a_folder_holding_something_else_is_refused(tmp_path, resumed):
    settings = load_settings(settings_file(tmp_path))
    write(tmp_path, "notes.txt", "mine")
    with pytest.raises(FolderError, match="is not a calibration's folder"):
        prepare_folder(tmp_path, settings)
    with pytest.raises(FolderError, match="holds a calibration with other seed"):
        prepare_folder(resumed.out, dataclasses.replace(settings, seed=12))
    assert prepare_folder(resumed.out, settings) is True


def test_a_calibration_whose_best_set_became_the_defaults_can_be_resumed(tmp_path, resumed):
    """The fitted parameters' values in the target scenarios do not make a calibration another one (every
    evaluation sets them); any other parameter does."""
    settings = load_settings(settings_file(tmp_path))

    def with_params(**changes):
        targets = tuple(dataclasses.replace(target, scenario=dataclasses.replace(
            target.scenario, params=target.scenario.params.replace(**changes))) for target in settings.targets)
        return dataclasses.replace(settings, targets=targets)

    assert prepare_folder(resumed.out, with_params(resignation_rate_year=0.4)) is True
    with pytest.raises(FolderError, match="holds a calibration with other targets"):
        prepare_folder(resumed.out, with_params(recruitment_weeks=20.0))


def test_at_the_end_the_best_sets_are_compared_on_more_seeds_and_the_one_meeting_most_targets_is_best_toml(tmp_path):
    path = settings_file(tmp_path, generations=1)
    choice = "seed = 11\nchoose_from = 4\nchoose_replicates = 3"
    write(tmp_path, "fit.toml", path.read_text().replace("seed = 11", choice))
    settings = load_settings(path)
    report = calibrate(settings, tmp_path / "out", progress=False)
    chosen = pd.read_csv(tmp_path / "out" / "chosen.csv")
    assert len(chosen) == 4 and set(chosen.set) == set(report.ensemble.set.head(4))
    ranks = list(zip(-chosen.targets_met, chosen.distance, strict=True))
    assert ranks == sorted(ranks)
    first = chosen.iloc[0]
    rate = float(first.resignation_rate_year)
    assert load_scenario(tmp_path / "out" / "best.toml").params.resignation_rate_year == rate
    # the chosen set's figure is what `deptsim validate` measures with its values on the same seeds
    targets = tuple(dataclasses.replace(target, scenario=dataclasses.replace(
        target.scenario, params=target.scenario.params.replace(resignation_rate_year=rate)))
        for target in settings.targets)
    verdict, = validate(targets, replicates=3, seed=int(first.first_seed), progress=False)
    assert verdict.mean == pytest.approx(first["model:turnover"])
    assert int(first.targets_met) == verdict.passed
    assert "## The best set, chosen" in (tmp_path / "out" / "calibration.md").read_text()
    # run again: the choice is kept, not made anew
    before = (tmp_path / "out" / "chosen.csv").stat().st_mtime_ns
    again = calibrate(settings, tmp_path / "out", progress=False)
    assert (tmp_path / "out" / "chosen.csv").stat().st_mtime_ns == before
    pd.testing.assert_frame_equal(again.chosen, chosen)


def test_a_calibration_runs_on_local_worker_processes(tmp_path):
    settings = dataclasses.replace(load_settings(settings_file(tmp_path)), max_generations=1, choose_from=2,
                                   choose_replicates=2)
    report = calibrate(settings, tmp_path / "out", workers=2, progress=False)
    assert report.where == "on 2 local worker processes" and len(report.ensemble) == 8
    assert len(report.chosen) == 2 and report.chosen["model:turnover"].notna().all()


def test_a_calibration_runs_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    settings = dataclasses.replace(load_settings(settings_file(tmp_path)), max_generations=1, choose_from=2,
                                   choose_replicates=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        report = calibrate(settings, tmp_path / "out", scheduler=cluster.scheduler_address, progress=False)
    assert report.where.startswith("on the Dask cluster") and len(report.generations) == 1
    assert len(pd.read_csv(tmp_path / "out" / "ensemble.csv")) == 8
    assert len(report.chosen) == 2 and report.chosen["model:turnover"].notna().all()  # the choice ran there too


def test_deptsims_command_line_has_calibrate(tmp_path, capsys):
    from deptsim.cli import main

    path = settings_file(tmp_path)
    write(tmp_path, "fit.toml", path.read_text().replace("population = 8", "population = 1"))
    assert main(["calibrate", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "calibration.population" in error[0]
    assert not (tmp_path / "out").exists()


def test_a_killed_worker_is_one_message_and_the_finished_generations_stay(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    path = settings_file(tmp_path, generations=50)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "deptsim", "calibrate", str(path), "--out", str(out),
                                "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while not (out / "history.csv").exists():  # a generation finished: kill a worker of the next one
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.2)
    workers: list[str] = []
    while not workers:
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        workers = [pid for pid in found
                   if "deptsim" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
        time.sleep(0.2)
    os.kill(int(workers[0]), signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and "a worker process stopped" in stderr and "run the same command" in stderr
    assert len(pd.read_csv(out / "history.csv")) >= 1
