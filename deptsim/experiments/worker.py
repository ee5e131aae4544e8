"""What a worker does with one run: build its inputs, simulate, and return its headline figures.

This is the only code that runs in worker processes and on Dask workers. A run that raises is not an
error of the experiment: its error is returned as data, recorded in its row, and the other runs go on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from deptsim.departments import kind_of
from deptsim.experiments.design import RunTask
from deptsim.experiments.factors import RunInputs, Target, run_inputs
from deptsim.interventions import Intervention
from deptsim.paramspec import ParameterSet


@dataclass(frozen=True)
class RunJob:
    """What every run of an experiment shares: the base scenario, the fixed changes and the horizon."""

    params: ParameterSet
    interventions: tuple[Intervention, ...]
    fixed: tuple[tuple[Target, Any], ...]
    targets: Mapping[str, Target]
    years: float
    warmup_years: float
    weekly: tuple[str, ...]

    def inputs(self, values: Mapping[str, Any]) -> RunInputs:
        """The inputs of a run with these factor values."""
        changes = [*self.fixed, *((self.targets[name], value) for name, value in values.items())]
        return run_inputs(self.params, self.interventions, changes)


@dataclass(frozen=True)
class RunOutcome:
    """A finished run: its headline figures, or its error; the weekly series when the experiment keeps them."""

    run_id: str
    positions: int
    error: str
    summary: dict[str, float]
    weekly: pd.DataFrame | None = None


def simulate_run(job: RunJob, task: RunTask) -> RunOutcome:
    """Simulate one run (with its kind of department's simulation); any exception becomes the run's recorded
    error."""
    positions = -1
    try:
        inputs = job.inputs(task.values)
        positions = int(inputs.values["positions"])
        simulate = kind_of(job.params).simulate
        result = simulate(inputs.parameters(), seed=task.seed, years=job.years, interventions=inputs.interventions)
        summary = result.summary(from_year=job.warmup_years)
    except Exception as error:
        return RunOutcome(task.run_id, positions, f"{type(error).__name__}: {error}", {})
    weekly = result.weekly.loc[:, list(job.weekly)] if job.weekly else None
    return RunOutcome(task.run_id, positions, "", summary, weekly)
