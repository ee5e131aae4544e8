"""Running an experiment: plan every run, skip those the folder already holds, execute the rest, and record
each run the moment it finishes.

Because a run's seed depends only on its coordinates and each run is recorded on its own, an experiment
can be stopped at any moment and started again with the same command: it does the missing runs only,
and ends with exactly the table an uninterrupted attempt would have written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deptsim.experiments.executors import Executor, LostRun
from deptsim.experiments.experiment import Experiment
from deptsim.experiments.progress import ExperimentProgress
from deptsim.experiments.storage import ExperimentFolder, results_schema, run_row


@dataclass(frozen=True)
class ExperimentReport:
    """How an attempt went."""

    total: int
    earlier: int
    recorded: int
    failed: int
    seconds: float
    lost: list[LostRun] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.total - self.recorded


def run_experiment(experiment: Experiment, out: str | Path, executor: Executor, *, retry_failed: bool = False,
                   progress: bool = True, on_start: Callable[[str, int, int], None] | None = None) -> ExperimentReport:
    """Do the experiment's missing runs with `executor`, writing each into `out` as it finishes.

    `retry_failed` runs again the runs recorded as failed. `on_start(where, to_do, earlier)` is told where
    the runs execute and how many there are, once the executor is up.
    """
    folder = ExperimentFolder(out)
    folder.prepare(experiment)
    if retry_failed:
        folder.forget(folder.failed_run_ids())
    finished = folder.finished_run_ids()
    runs = experiment.runs()
    to_do = [task for task in runs if task.run_id not in finished]
    tasks = {task.run_id: task for task in to_do}
    schema = results_schema(experiment)
    with_positions = "positions" in schema.names
    bar = ExperimentProgress(len(runs), len(finished), len(folder.failed_run_ids()) if finished else 0, progress)
    lost: list[LostRun] = []
    started = time.perf_counter()
    with executor:
        if on_start is not None:
            on_start(executor.describe(), len(to_do), len(finished))
        for outcome in executor.outcomes(experiment.job(), to_do):
            if isinstance(outcome, LostRun):
                lost.append(outcome)
                continue
            row = run_row(tasks[outcome.run_id], outcome, with_positions=with_positions,
                          summary_keys=experiment.department.summary_keys)
            folder.write_run(row, schema, outcome.weekly)
            bar.advance(failed=bool(outcome.error))
    bar.close()
    results = folder.consolidate()
    return ExperimentReport(total=len(runs), earlier=len(finished), recorded=len(results),
                            failed=int((results.status == "failed").sum()), seconds=time.perf_counter() - started,
                            lost=lost)
