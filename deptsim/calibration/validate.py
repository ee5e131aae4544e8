"""The model against what is known: run every target's scenarios, measure each target's figure, and show the
model's value beside the source's, with the band it must land in.

Each scenario a target file names is run once per replicate (seeds seed, seed + 1, ...), as long as its
latest target needs, and every figure on it is measured in the worker that ran it, so only numbers travel.
A target with `against` compares two scenarios run with the same seeds: its figure is against's minus the
scenario's, replicate by replicate. The model passes a target when the mean over the replicates lies in
the band; the 90% range of the replicates is shown beside it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from deptsim.calibration.figures import FIGURES
from deptsim.calibration.targets import Target
from deptsim.experiments.executors import CONNECT_TIMEOUT
from deptsim.replicates import ProgressBar
from deptsim.scenario import Scenario
from deptsim.simulation import simulate
from deptsim.workers import worker_pool

WEEKS_PER_YEAR = 52

Measure = tuple[str, int, int]
"""A figure over weeks [first, end) of a run."""


@dataclass(frozen=True)
class Runs:
    """What one scenario is run for: how long, and the figures measured on each of its runs."""

    scenario: Scenario
    years: float
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Verdict:
    """A target, the model's figure on each replicate, and whether their mean lies in the band."""

    target: Target
    replicates: np.ndarray

    @property
    def mean(self) -> float:
        values = self.replicates
        return float(values.mean()) if len(values) and not np.isnan(values).any() else math.nan

    @property
    def range(self) -> tuple[float, float]:
        """The 5th and 95th percentiles of the replicates."""
        if math.isnan(self.mean):
            return math.nan, math.nan
        low, high = np.percentile(self.replicates, [5, 95])
        return float(low), float(high)

    @property
    def passed(self) -> bool:
        return self.target.passes(self.mean)


def measure(scenario: Scenario, seed: int, years: float, measures: Sequence[Measure]) -> list[float]:
    """One run of `scenario` and its figures (runs in a worker process)."""
    result = simulate(scenario.params, seed=seed, years=years, interventions=scenario.interventions)
    return [FIGURES[figure](result, first, end) for figure, first, end in measures]


def plan(targets: Sequence[Target]) -> dict[str, Runs]:
    """The runs the targets need, one entry per scenario (keyed by its file, '' for the default department)."""
    needs: dict[str, tuple[Scenario, int, list[Measure]]] = {}
    for target in targets:
        for scenario in filter(None, (target.scenario, target.against)):
            key = _key(scenario)
            _, weeks, measures = needs.setdefault(key, (scenario, 0, []))
            needed = (target.figure, target.first_week, target.end_week)
            if needed not in measures:
                measures.append(needed)
            needs[key] = (scenario, max(weeks, target.end_week), measures)
    return {key: Runs(scenario, weeks / WEEKS_PER_YEAR, tuple(measures))
            for key, (scenario, weeks, measures) in needs.items()}


def validate(targets: Sequence[Target], *, replicates: int, seed: int, workers: int = 1,
             progress: bool = True) -> list[Verdict]:
    """Run the targets' scenarios (`replicates` runs each, seeds seed...) and judge every target."""
    runs = plan(targets)
    seeds = [seed + i for i in range(replicates)]
    values = measure_runs({(key, run_seed): (runs[key], run_seed) for key in runs for run_seed in seeds},
                          workers=workers, progress=progress)
    figures = target_replicates(targets, runs, values, seeds)
    return [Verdict(target, figure) for target, figure in zip(targets, figures, strict=True)]


def measure_runs(tasks: Mapping[Hashable, tuple[Runs, int]], *, workers: int = 1, scheduler: str | None = None,
                 progress: bool = True) -> dict[Hashable, list[float]]:
    """Each task's run (its scenario on its seed) and figures, in this process (1 worker), on local worker
    processes, or on the Dask cluster whose scheduler is at `scheduler`, with a progress bar."""
    bar = ProgressBar(len(tasks), enabled=progress)
    values: dict[Hashable, list[float]] = {}
    if scheduler:
        from distributed import Client, as_completed  # imported here: only a Dask run needs it

        with Client(scheduler, timeout=CONNECT_TIMEOUT) as client:
            futures = {client.submit(measure, runs.scenario, seed, runs.years, runs.measures, pure=False): key
                       for key, (runs, seed) in tasks.items()}
            for future in as_completed(futures):
                values[futures[future]] = future.result()
                bar.advance()
    elif workers <= 1:
        for key, (runs, seed) in tasks.items():
            values[key] = measure(runs.scenario, seed, runs.years, runs.measures)
            bar.advance()
    else:
        with worker_pool(min(workers, len(tasks))) as pool:
            pending: dict[Future, Hashable] = {pool.submit(measure, runs.scenario, seed, runs.years, runs.measures): key
                                               for key, (runs, seed) in tasks.items()}
            try:
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        values[pending.pop(future)] = future.result()
                        bar.advance()
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
    bar.close()
    return values


def target_replicates(targets: Sequence[Target], runs: dict[str, Runs], values: dict[tuple[str, int], list[float]],
                      seeds: Sequence[int]) -> list[np.ndarray]:
    """Each target's figure on the replicates with `seeds`, from the figures measured on every run
    (`values[key, seed]`, in the order of `runs[key].measures`); a target with `against` gets against's figure
    minus the scenario's, replicate by replicate."""

    def figure(target: Target, scenario: Scenario) -> np.ndarray:
        key = _key(scenario)
        column = runs[key].measures.index((target.figure, target.first_week, target.end_week))
        return np.array([values[key, seed][column] for seed in seeds])

    return [figure(target, target.against) - figure(target, target.scenario) if target.against is not None
            else figure(target, target.scenario) for target in targets]


def _key(scenario: Scenario) -> str:
    return str(scenario.path.resolve()) if scenario.path is not None else ""


# --- showing the verdicts ----------------------------------------------------------------------------------
def number(value: float) -> str:
    """A figure as a reader takes it in: three significant digits, thousands separated; 'none' for NaN."""
    if math.isnan(value):
        return "none"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def table(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    """One row per target: what the source says, the band, the model's mean and 90% range, pass or fail."""
    rows = []
    for verdict in verdicts:
        target, (low, high) = verdict.target, verdict.range
        rows.append({
            "target": target.name,
            "scenario": target.scenario.name + (f" vs {target.against.name}" if target.against else ""),
            "period": target.period,
            "figure": target.figure,
            "value": target.value,
            "band_low": target.band[0],
            "band_high": target.band[1],
            "model_mean": verdict.mean,
            "model_low": low,  # 5th percentile of the replicates
            "model_high": high,  # 95th percentile
            "passed": verdict.passed,
            "source": target.source,
            "note": target.note,
        })
    return pd.DataFrame(rows)


def format_table(frame: pd.DataFrame) -> str:
    """The verdicts as a terminal table."""
    shown = pd.DataFrame({
        "target": frame.target,
        "scenario, years": frame.scenario + ", " + frame.period,
        "source": frame.value.map(number),
        "band": [f"{number(low)}-{number(high)}" for low, high in zip(frame.band_low, frame.band_high, strict=True)],
        "model [90% of runs]": [f"{number(mean)} [{number(low)}, {number(high)}]" for mean, low, high in
                                zip(frame.model_mean, frame.model_low, frame.model_high, strict=True)],
        "": frame.passed.map({True: "pass", False: "FAIL"}),
    })
    return shown.to_string(index=False)


def write_report(folder: Path, frame: pd.DataFrame, verdicts: Sequence[Verdict], *, settings: str) -> None:
    """validation.md (the table, each target's source and a plot of its replicates), validation.csv, PNGs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame.to_csv(folder / "validation.csv", index=False)
    passed = int(frame.passed.sum())
    lines = [
        "# The model against what is known",
        "",
        f"{passed} of {len(frame)} targets met; {settings}. A target is met when the mean of the model's "
        "replicates lies in its band; the 90% range of the replicates is in brackets.",
        "",
        "| target | scenario, years | source | band | model [90% of runs] | |",
        "|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples(index=False):
        lines.append(f"| {row.target} | {row.scenario}, {row.period} | {number(row.value)} | "
                     f"{number(row.band_low)}-{number(row.band_high)} | {number(row.model_mean)} "
                     f"[{number(row.model_low)}, {number(row.model_high)}] | "
                     f"{'met' if row.passed else '**not met**'} |")
    lines += ["", "## Targets", ""]
    for verdict in verdicts:
        target = verdict.target
        lines += [f"### {target.name}", "", f"`{target.figure}`, {target.scenario.name}"
                  + (f" against {target.against.name}" if target.against else "") + f", {target.period}.",
                  "", f"Source: {target.source}." + (f" Note: {target.note}." if target.note else ""),
                  "", f"![{target.name}]({target.name}.png)", ""]
        _plot(verdict, folder / f"{target.name}.png", plt)
    (folder / "validation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _plot(verdict: Verdict, path: Path, plt) -> None:
    target = verdict.target
    figure, axes = plt.subplots(figsize=(6, 1.8))
    axes.axvspan(*target.band, color="tab:green", alpha=0.15, label="band")
    axes.axvline(target.value, color="tab:green", label="source")
    values = verdict.replicates[~np.isnan(verdict.replicates)]
    axes.plot(values, np.zeros_like(values), "o", color="tab:blue", alpha=0.5, label="model runs")
    if not math.isnan(verdict.mean):
        axes.axvline(verdict.mean, color="tab:blue", linestyle="--", label="model mean")
    axes.set_yticks([])
    axes.set_title(f"{target.name}: {target.figure}", fontsize=9)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
