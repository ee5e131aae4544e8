"""Run a scenario's replicates, in parallel processes, with a progress bar.

Replicate i of every scenario uses seed `seed + i`, so scenarios compared in
one call share their random numbers (common random numbers) and their
differences show the reform, not the noise. Each run is seeded on its own, so
the results are identical whatever the number of worker processes. Given an
ensemble of calibrated parameter sets, replicate i of every scenario runs with
the set its seed draws (deptsim.calibration.ensemble), so the spread includes
parameter uncertainty and the differences stay paired.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass

import pandas as pd

from deptsim.calibration.ensemble import Ensemble, with_set
from deptsim.departments import kind_of
from deptsim.scenario import Scenario
from deptsim.workers import worker_pool


@dataclass
class Replicate:
    """One run's weekly series and headline figures."""

    scenario: str
    seed: int
    weekly: pd.DataFrame
    summary: dict[str, float]


def _run_one(scenario: Scenario, seed: int, years: float, from_year: float,
             ensemble: Ensemble | None = None) -> Replicate:
    if ensemble is not None:
        scenario = with_set(scenario, ensemble.set_for(seed))
    result = kind_of(scenario.params).simulate(scenario.params, seed=seed, years=years,
                                               interventions=scenario.interventions)
    return Replicate(scenario.name, seed, result.weekly, result.summary(from_year=from_year))


def run_replicates(scenarios: Sequence[Scenario], *, replicates: int, seed: int, years: float,
                   from_year: float, workers: int | None = None, progress: bool = True,
                   ensemble: Ensemble | None = None) -> dict[str, list[Replicate]]:
    """All replicates of all scenarios (with `ensemble`, each on the parameter set its seed draws); returns them
    by scenario name, in seed order."""
    tasks = [(scenario, seed + i) for scenario in scenarios for i in range(replicates)]
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    bar = ProgressBar(len(tasks), enabled=progress)
    done: dict[tuple[str, int], Replicate] = {}
    if workers == 1:
        for scenario, run_seed in tasks:
            done[(scenario.name, run_seed)] = _run_one(scenario, run_seed, years, from_year, ensemble)
            bar.advance()
    else:
        with worker_pool(workers) as pool:
            pending: set[Future] = {pool.submit(_run_one, s, run_seed, years, from_year, ensemble)
                                    for s, run_seed in tasks}
            try:
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        replicate = future.result()
                        done[(replicate.scenario, replicate.seed)] = replicate
                        bar.advance()
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
    bar.close()
    return {s.name: [done[(s.name, seed + i)] for i in range(replicates)] for s in scenarios}


class ProgressBar:
    """A one-line progress bar on standard error: runs done, time spent, time left."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.count, self.enabled = total, 0, enabled and total > 0
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self._last_percent = -10

    def advance(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        left = elapsed / self.count * (self.total - self.count)
        filled = int(30 * self.count / self.total)
        bar = "#" * filled + "." * (30 - filled)
        line = f"[{bar}] {self.count}/{self.total} runs, {elapsed:.0f} s, ~{left:.0f} s left"
        percent = 100 * self.count // self.total
        if self.tty:
            print("\r" + line, end="", file=sys.stderr, flush=True)
        elif percent >= self._last_percent + 10 or self.count == self.total:
            self._last_percent = percent
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self.tty:
            print(file=sys.stderr)
