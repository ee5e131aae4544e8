"""The runs the benchmarks time: department sizes, family-weeks, batch tasks, and memory readings."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import checkout  # noqa: F401  (this checkout's deptsim, not an installed one)

import deptsim
from deptsim.interventions import AddPositions

DEFAULT_CHILDREN = deptsim.Parameters().children  # the default department (16,000 children)
DEFAULT_POSITIONS = deptsim.Parameters().positions  # and its positions; scaled departments keep the ratio
COUNTRY_CHILDREN = 1_150_000  # children in Denmark: the whole-country department of issue 20
BATCH_FROM_YEAR = 2.0
MAX_REPEATS = 30  # timed repeats of one run at most, however short it is


def scaled_params(scale: int) -> deptsim.Parameters:
    """The default department `scale` times as large: children (so referrals and case stock) and positions."""
    return deptsim.Parameters().replace(children=DEFAULT_CHILDREN * scale, positions=DEFAULT_POSITIONS * scale)


def sized_params(children: int, positions: int | None = None) -> deptsim.Parameters:
    """The default department with `children`, and `positions` (by default scaled with the children)."""
    if positions is None:
        positions = scaled_positions(children)
    return deptsim.Parameters().replace(children=children, positions=positions)


def scaled_positions(children: int) -> int:
    """Positions for `children`, at the default department's positions per child (at least one)."""
    return max(round(DEFAULT_POSITIONS * children / DEFAULT_CHILDREN), 1)


def family_weeks(result: deptsim.Result) -> int:
    """Families in the department summed over the weeks of a run: open cases plus referrals awaiting assessment."""
    weekly = result.weekly
    return int((weekly.open_cases + weekly.referrals_waiting).sum())


def run_department(scale: int = 1, years: float = 10.0, seed: int = 1) -> deptsim.Result:
    """One run of the department at `scale` times the default size."""
    return deptsim.simulate(scaled_params(scale), seed=seed, years=years)


def summary_task(seed: int, positions: int, years: float, from_year: float,
                 added_at_week: int = 0) -> tuple[dict[str, float], float]:
    """The headline figures (summary from `from_year`) of one run of the default department with `positions`,
    and the CPU seconds the run took in its worker. With `added_at_week` > 0 the department starts with its
    default positions and the others are added in that week (a reform; deptsim.interventions.AddPositions)."""
    start = time.process_time()
    if added_at_week > 0:
        params = deptsim.Parameters()
        reform = [AddPositions(week=added_at_week, count=positions - params.positions)]
    else:
        params, reform = deptsim.Parameters().replace(positions=positions), []
    summary = deptsim.simulate(params, seed=seed, years=years, interventions=reform).summary(from_year=from_year)
    return summary, time.process_time() - start


def batch_task(seed: int, years: float) -> tuple[dict[str, float], float]:
    """One run of a batch: the default department, keeping only the headline figures (as a batch user would).

    Also returns the CPU seconds the run took in its worker, to tell contention from pool overhead.
    """
    start = time.process_time()
    summary = run_department(1, years, seed).summary(from_year=BATCH_FROM_YEAR)
    return summary, time.process_time() - start


def enough_repeats(seconds: list[float], repeats: int, min_seconds: float) -> bool:
    """Whether timings suffice: at least `repeats` of them lasting `min_seconds` together (or MAX_REPEATS).

    A time budget on top of the count spreads short runs over a longer stretch, so a passing
    slow spell of a shared machine does not set the best time of a whole measurement.
    """
    return len(seconds) >= MAX_REPEATS or (len(seconds) >= repeats and sum(seconds) >= min_seconds)


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, from getrusage (KiB on Linux, bytes on macOS), in MiB.

    Linux carries ru_maxrss across exec from the parent's memory, so read it only in a process
    started while its parent was small (the benchmark starts its probes first for that reason).
    """
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def high_water_mib() -> float | None:
    """The kernel's high-water mark of this process's own memory (VmHWM), in MiB; None where there is no /proc.

    Unlike ru_maxrss it starts afresh at exec, so it cross-checks the getrusage reading.
    """
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None
