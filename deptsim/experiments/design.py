"""The design of an experiment: its factors, its design points, and every run's coordinates and seed.

A run is identified by its coordinates (design point, replicate) and its seed is derived from the
experiment seed and those coordinates alone, with numpy's SeedSequence. So a run gives the same result
whichever process, machine or Dask worker runs it, in whatever order, and a resumed experiment runs
exactly the runs an uninterrupted one would have.

With common random numbers (the default), replicate r of every design point gets the same seed: the
differences between design points then show the factors, not the noise, as in `deptsim compare`; this
also steadies the elementary effects of a Morris design. Without, every run gets its own seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np

from deptsim.experiments.factors import Target

FACTORIAL = "factorial"
LATIN_HYPERCUBE = "latin_hypercube"
MORRIS = "morris"
SOBOL = "sobol"
DESIGNS = (FACTORIAL, LATIN_HYPERCUBE, MORRIS, SOBOL)
SAMPLING_DESIGNS = (LATIN_HYPERCUBE, MORRIS, SOBOL)
SENSITIVITY_DESIGNS = (MORRIS, SOBOL)


@dataclass(frozen=True)
class Factor:
    """One thing the experiment varies: a name (its column in the results), what it changes, and its values.

    A factorial design takes a factor's `levels`; the sampling designs draw from its `bounds`.
    """

    name: str
    type: type
    target: Target
    levels: tuple[Any, ...] = ()
    bounds: tuple[float, float] | None = None

    def value(self, sampled: float) -> Any:
        """A sampled number as this factor's value: whole-number factors are rounded."""
        return round(float(sampled)) if self.type is int else float(sampled)


@dataclass(frozen=True)
class Design:
    """How design points are chosen, with the options of that kind of design."""

    type: str = FACTORIAL
    samples: int = 0          # latin_hypercube: design points; sobol: base sample size N (a power of 2)
    trajectories: int = 0     # morris: number of trajectories r
    grid_levels: int = 4      # morris: levels of the grid the trajectories move on
    second_order: bool = False  # sobol: also second-order indices (costs about twice the runs)


@dataclass(frozen=True)
class DesignPoints:
    """The design points: each point's factor values, and for sampling designs SALib's sample behind them.

    The sample is kept unrounded: the sensitivity analysis needs the points exactly as SALib drew them.
    """

    values: list[dict[str, Any]]
    sample: np.ndarray | None = None


def salib_problem(factors: tuple[Factor, ...]) -> dict[str, Any]:
    """The factors as SALib's problem definition."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [list(f.bounds) for f in factors]}


def design_points(design: Design, factors: tuple[Factor, ...], seed: int) -> DesignPoints:
    """Every design point of the experiment, in a fixed order (the same seed gives the same points)."""
    if design.type == FACTORIAL:
        combos = product(*(f.levels for f in factors))
        return DesignPoints([dict(zip((f.name for f in factors), combo, strict=True)) for combo in combos])
    # SALib (and SciPy under it) is imported here, not at the top: worker processes import this
    # module for RunTask and would otherwise pay most of a second each for a sampler they never use.
    from SALib.sample import latin as latin_sample
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    problem = salib_problem(factors)
    if design.type == LATIN_HYPERCUBE:
        sample = latin_sample.sample(problem, design.samples, seed=seed)
    elif design.type == MORRIS:
        sample = morris_sample.sample(problem, design.trajectories, num_levels=design.grid_levels, seed=seed)
    else:
        sample = sobol_sample.sample(problem, design.samples, calc_second_order=design.second_order, seed=seed)
    values = [{f.name: f.value(x) for f, x in zip(factors, row, strict=True)} for row in sample]
    return DesignPoints(values, sample)


def sample_size(design: Design, factors: int) -> int:
    """Design points a sampling design will have, before drawing them (for messages)."""
    if design.type == MORRIS:
        return design.trajectories * (factors + 1)
    if design.type == SOBOL:
        return design.samples * (2 * factors + 2 if design.second_order else factors + 2)
    return design.samples


@dataclass(frozen=True)
class RunTask:
    """One run: its coordinates, its seed and its factor values."""

    run_id: str
    point: int
    replicate: int
    seed: int
    values: dict[str, Any]


def run_seed(experiment_seed: int, point: int, replicate: int, common_random_numbers: bool) -> int:
    """The seed of run (point, replicate), from the experiment seed and the run's coordinates only."""
    key = (replicate,) if common_random_numbers else (point, replicate)
    return int(np.random.SeedSequence(experiment_seed, spawn_key=key).generate_state(1)[0])


def plan_runs(points: DesignPoints, *, replicates: int, seed: int, common_random_numbers: bool) -> list[RunTask]:
    """Every run of the experiment, replicate by replicate, so that a partial result covers the whole design."""
    point_width = max(5, len(str(len(points.values) - 1)))
    replicate_width = max(3, len(str(replicates - 1)))
    return [RunTask(f"p{point:0{point_width}d}-r{replicate:0{replicate_width}d}", point, replicate,
                    run_seed(seed, point, replicate, common_random_numbers), values)
            for replicate in range(replicates) for point, values in enumerate(points.values)]
