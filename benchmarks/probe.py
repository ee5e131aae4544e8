"""Time one department run and read its peak memory, in a fresh process; or time a cold start.

Run by benchmarks/run.py as

    python benchmarks/probe.py --scale K --years Y --repeats R --min-seconds S
    python benchmarks/probe.py --children C [--positions P] --years Y
    python benchmarks/probe.py --cold-start

and prints one JSON object. A department probe does a short untimed warm-up, then the measured run,
reads its peak memory right after that run, then repeats the run for timing only until it has R timings
lasting S seconds together. `--children` sizes the department by its children (positions scaled with
them unless given) instead of a multiple of the default. `--cold-start` runs the first
`deptsim.simulate(seed=1, years=10)` of the process, with no warm-up, and says when it ended (wall
clock, time.time()) and how long compiling took: run.py starts it with an empty compile cache and
counts from the moment it started the process.
"""

from __future__ import annotations

import argparse
import json
import time

from workloads import (
    enough_repeats,
    family_weeks,
    high_water_mib,
    peak_rss_mib,
    run_department,
    scaled_params,
    sized_params,
)

import deptsim
from deptsim import compiled

WARM_UP_YEARS = 0.25


def measure(params: deptsim.Parameters, years: float, repeats: int, min_seconds: float = 0.0) -> dict[str, object]:
    """Best time, weeks, family-weeks and peak memory of runs of `params` for `years` (see enough_repeats)."""
    run_department(1, WARM_UP_YEARS)
    baseline_mib = peak_rss_mib()
    seconds: list[float] = []
    peak_mib = high_water = None
    result = None
    while not enough_repeats(seconds, repeats, min_seconds):
        start = time.perf_counter()
        result = deptsim.simulate(params, seed=1, years=years)
        seconds.append(time.perf_counter() - start)
        if peak_mib is None:
            peak_mib, high_water = peak_rss_mib(), high_water_mib()
    assert result is not None
    return {
        "children": params.children,
        "positions": params.positions,
        "years": years,
        "weeks": result.weeks,
        "family_weeks": family_weeks(result),
        "seconds": seconds,
        "best_seconds": min(seconds),
        "baseline_rss_mib": baseline_mib,
        "peak_rss_mib": peak_mib,
        "vm_hwm_mib": high_water,
    }


def cold_start(years: float = 10.0) -> dict[str, object]:
    """The process's first run (the default department, seed 1), timed from here; the compile time the
    first-compile marker records (None when nothing was compiled: numba off, or the cache was not empty)."""
    imported = time.time()
    marker = compiled._marker()
    compiled_before = marker.exists()
    start = time.perf_counter()
    deptsim.simulate(seed=1, years=years)
    run_seconds = time.perf_counter() - start
    ended = time.time()
    compile_seconds = None
    if not compiled_before and marker.exists():
        text = marker.read_text(encoding="utf-8").split()
        compile_seconds = float(text[2]) if len(text) > 2 and text[:2] == ["compiled", "in"] else None
    return {
        "years": years,
        "imported_at": imported,
        "ended_at": ended,
        "first_run_seconds": run_seconds,  # compiling included
        "compile_seconds": compile_seconds,
        "compiled": compiled.ENABLED,
        "cache_was_empty": not compiled_before,
        "peak_rss_mib": peak_rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="department size as a multiple of the default")
    parser.add_argument("--children", type=int, help="department size in children (instead of --scale)")
    parser.add_argument("--positions", type=int, help="with --children: positions (default: scaled)")
    parser.add_argument("--years", type=float, default=10.0, help="simulated years")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs at least (memory is read after the first)")
    parser.add_argument("--min-seconds", type=float, default=0.0, help="total time of the timed runs at least")
    parser.add_argument("--cold-start", action="store_true", help="time the process's first run, no warm-up")
    args = parser.parse_args()
    if args.cold_start:
        print(json.dumps(cold_start(args.years)))
        return
    params = scaled_params(args.scale) if args.children is None else sized_params(args.children, args.positions)
    figures = measure(params, args.years, max(args.repeats, 1), args.min_seconds)
    print(json.dumps({"scale": args.scale if args.children is None else None, **figures}))


if __name__ == "__main__":
    main()
