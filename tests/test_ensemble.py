"""Parameter uncertainty (issue 21, item 5): replicates draw their parameters from a calibrated ensemble, paired
across the scenarios of a comparison; the scenario's own values win; a bad ensemble file is one clear error."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from deptsim import simulate
from deptsim.calibration.ensemble import EnsembleError, load_ensemble, with_set
from deptsim.cli import main
from deptsim.replicates import run_replicates
from deptsim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sets_are_drawn_by_weight_from_the_seed(tmp_path):
    path = write(tmp_path, "ensemble.csv", "set,weight,distance,resignation_rate_year,positions,model:turnover\n"
                                           "0,0.75,0.1,0.1,20,0.2\n1,0.25,0.2,0.2,30,0.3\n2,0,0.3,0.3,40,0.4\n")
    ensemble = load_ensemble(path)
    assert ensemble.names == ("resignation_rate_year", "positions") and len(ensemble) == 3
    assert ensemble.set_for(7) == ensemble.set_for(7)  # the seed decides
    drawn = [ensemble.set_for(seed)["resignation_rate_year"] for seed in range(2000)]
    assert 0.3 not in drawn  # weight 0: never
    assert abs(drawn.count(0.1) / len(drawn) - 0.75) < 0.04
    assert isinstance(ensemble.set_for(1)["positions"], int)


@pytest.mark.parametrize(("text", "message"), [
    ("weight,resignation_rate_year\n1,0.1\n", None),
    ("weight,resignaton_rate_year\n1,0.1\n", "unknown columns"),
    ("resignation_rate_year\n0.1\n", "'weight' column"),
    ("weight,resignation_rate_year\n-1,0.1\n", "weights must be numbers from 0"),
    ("weight,resignation_rate_year\n1,x\n", "every value a number"),
    ("weight,placement_need\n1,9\n", "row 2"),
])
def test_a_bad_ensemble_is_one_error_naming_the_file(tmp_path, text, message):
    path = write(tmp_path, "e.csv", text)
    if message is None:
        assert len(load_ensemble(path)) == 1
        return
    with pytest.raises(EnsembleError, match=message) as error:
        load_ensemble(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(EnsembleError, match="no such ensemble file"):
        load_ensemble(tmp_path / "missing.csv")


def test_a_scenarios_own_values_are_kept():
    scenario = load_scenario(ROOT / "scenarios" / "assens_2014.toml")  # sets children and positions
    changed = with_set(scenario, {"positions": 99, "resignation_rate_year": 0.3})
    assert changed.params.positions == scenario.params.positions
    assert changed.params.resignation_rate_year == 0.3


def test_replicates_on_an_ensemble_are_paired_and_run_the_drawn_set(tmp_path):
    path = write(tmp_path, "e.csv", "weight,resignation_rate_year\n0.5,0.05\n0.5,0.6\n")
    ensemble = load_ensemble(path)
    base = Scenario.default()
    more = dataclasses.replace(base, name="more", params=base.params.replace(positions=base.params.positions + 3))
    runs = run_replicates([base, more], replicates=6, seed=1, years=2, from_year=1, workers=1, progress=False,
                          ensemble=ensemble)
    for i, replicate in enumerate(runs[base.name]):
        rate = ensemble.set_for(1 + i)["resignation_rate_year"]
        alone = simulate(base.params.replace(resignation_rate_year=rate), seed=1 + i, years=2)
        assert replicate.summary == alone.summary(from_year=1)
    turnover = {name: np.array([r.summary["turnover_rate"] for r in reps]) for name, reps in runs.items()}
    rates = np.array([ensemble.set_for(1 + i)["resignation_rate_year"] for i in range(6)])
    assert len(set(rates)) == 2  # both sets drawn, and the same one in both scenarios of a replicate
    high, low = turnover[base.name][rates == 0.6].mean(), turnover[base.name][rates == 0.05].mean()
    assert high > low + 0.2


def test_the_command_line_says_whether_intervals_include_parameter_uncertainty(tmp_path, capsys):
    path = write(tmp_path, "e.csv", "weight,resignation_rate_year\n1,0.1\n2,0.2\n")
    common = ["run", "--replicates", "2", "--years", "1", "--from-year", "0.5", "--workers", "1", "--quiet"]
    assert main([*common, "--ensemble", str(path), "--out", str(tmp_path / "a")]) == 0
    printed = capsys.readouterr().out
    assert "drawn from 2 calibrated sets (e.csv): the intervals include parameter uncertainty" in printed
    assert "include parameter uncertainty" in (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert main([*common, "--fixed-parameters", "--out", str(tmp_path / "b")]) == 0
    assert "fixed parameters: the intervals show chance only" in capsys.readouterr().out
    bad = write(tmp_path, "bad.csv", "weight,x\n1,2\n")
    assert main([*common, "--ensemble", str(bad), "--out", str(tmp_path / "c")]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and str(bad) in error[0]
    assert not (tmp_path / "c").exists()
