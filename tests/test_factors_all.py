"""Every parameter that can be a factor of an experiment is run and analysed as one (issue 19, item 2).

Each parameter (and the derived `caseload`) gets a tiny factorial experiment of its own: a department of
a few hundred children, half a year, one replicate, in this process. Every experiment is run for real
and analysed into its tables; one factor of each kind (whole number, number, true/false, named choice,
the caseload) is also drawn, since the plots depend on the kind of the levels, not on the name.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from deptsim.experiments import SerialExecutor, analyse_folder, load_experiment, run_experiment
from deptsim.experiments.factors import CASELOAD, parameter_type
from deptsim.params import ParameterError, Parameters
from deptsim.reports.labels import METRICS
from deptsim.results import SUMMARY_KEYS

FACTORS = [*Parameters.field_names(), CASELOAD]
PLOTTED = {"positions", "recruitment_weeks", "mentoring", "sick_cover", CASELOAD}
CHILDREN = 400
POSITIONS = 3
FIELDS = {f.name: f for f in dataclasses.fields(Parameters)}


def levels_of(name: str) -> list[Any]:
    """Valid levels near the default: both switch positions, every choice, or three numbers."""
    if name == CASELOAD:
        return [20.0, 40.0, 60.0]
    if name == "positions":
        return [2, 3, 4]
    kind, default = parameter_type(Parameters, name), getattr(Parameters(), name)
    if kind is bool:
        return [False, True]
    if kind is str:
        return list(FIELDS[name].metadata["choices"])
    high = FIELDS[name].metadata["hi"]
    if kind is int:
        return [default, default + 1, default + 2] if default + 2 <= high else [default - 2, default - 1, default]
    step = 0.05 * default if default > 0 else 0.05 * min(high, 1.0)
    upward = [round(default + i * step, 6) for i in range(3)]
    return upward if all(_valid(name, level) for level in upward) else [round(default - i * step, 6) for i in (2, 1, 0)]


def _valid(name: str, level: Any) -> bool:
    """Whether the default department allows `level` (its range and the rules between parameters)."""
    try:
        Parameters(**{name: level})
    except ParameterError:
        return False
    return True


def experiment_text(name: str) -> str:
    """A one-factor sweep of a tiny department, with its levels written as TOML values."""
    fixed = {"children": CHILDREN, "positions": POSITIONS}
    if name == CASELOAD:
        del fixed["positions"]
    fixed.pop(name, None)
    values = ", ".join(_toml(level) for level in levels_of(name))
    settings = "\n".join(f"{key} = {value}" for key, value in fixed.items())
    return (f"[experiment]\nname = \"{name}\"\nreplicates = 1\nyears = 0.5\nwarmup_years = 0.25\nseed = 5\n\n"
            f"[parameters]\n{settings}\n\n[factors.{name}]\nlevels = [{values}]\n")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else repr(value)


@pytest.mark.parametrize("name", FACTORS)
def test_every_parameter_can_be_a_factor_of_an_analysed_sweep(name, tmp_path):
    path = tmp_path / "experiment.toml"
    path.write_text(experiment_text(name), encoding="utf-8")
    experiment = load_experiment(path)
    out = tmp_path / "out"
    report = run_experiment(experiment, out, SerialExecutor(), progress=False)
    assert report.recorded == report.total == len(levels_of(name))
    assert report.failed == 0

    analysis = analyse_folder(out, plots=name in PLOTTED)

    response = analysis.tables["response"]
    assert list(response.columns).count(name) == 1
    assert sorted(response[name].unique(), key=str) == sorted(levels_of(name), key=str)
    assert set(response.metric) == set(SUMMARY_KEYS)
    shares = response.metric.map(lambda key: METRICS[key].share)
    assert (response.runs[~shares] == 1).all()
    assert response.runs[shares].isin([0, 1]).all()  # 0: no deadline fell due in the half year
    effects = analysis.tables["main_effects"]
    assert set(effects.factor) == {name}
    written = pd.read_csv(out / "analysis" / "response.csv")
    assert len(written) == len(levels_of(name)) * len(SUMMARY_KEYS)
    if name in PLOTTED:
        assert (out / "analysis" / f"response_{name}.png").stat().st_size > 10_000


def test_positions_as_a_factor_is_analysed_on_the_command_line(tmp_path):
    """The issue's own commands: `deptsim experiment` with positions as a factor, then `deptsim analyse`."""
    (tmp_path / "pos.toml").write_text("[experiment]\nreplicates=1\nyears=1\n[parameters]\nchildren=2000\n"
                                       "[factors.positions]\nlevels=[20,30]\n", encoding="utf-8")
    run = [sys.executable, "-m", "deptsim"]
    done = subprocess.run([*run, "experiment", "pos.toml", "--out", "o_pos", "--workers", "1", "--quiet"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "duplicate" not in done.stderr
    table = done.stdout.split("positions", 2)[-1]
    assert "20" in table and "30" in table
    again = subprocess.run([*run, "analyse", "o_pos"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert Path(tmp_path / "o_pos" / "analysis" / "response_positions.png").is_file()
