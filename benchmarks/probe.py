"""Time one department run and read its peak memory, in a fresh process.

Run by benchmarks/run.py as `python benchmarks/probe.py --scale K --years Y --repeats R --min-seconds S`;
prints one JSON object. The process does a short untimed warm-up, then the measured run,
reads its peak memory right after that run, then repeats the run for timing only until it has
R timings lasting S seconds together.
"""

from __future__ import annotations

import argparse
import json
import time

from workloads import enough_repeats, family_weeks, high_water_mib, peak_rss_mib, run_department

WARM_UP_YEARS = 0.25


def measure(scale: int, years: float, repeats: int, min_seconds: float = 0.0) -> dict[str, object]:
    """Best time, weeks, family-weeks and peak memory of runs at `scale` for `years` (see enough_repeats)."""
    run_department(1, WARM_UP_YEARS)
    baseline_mib = peak_rss_mib()
    seconds: list[float] = []
    peak_mib = high_water = None
    result = None
    while not enough_repeats(seconds, repeats, min_seconds):
        start = time.perf_counter()
        result = run_department(scale, years)
        seconds.append(time.perf_counter() - start)
        if peak_mib is None:
            peak_mib, high_water = peak_rss_mib(), high_water_mib()
    assert result is not None
    return {
        "scale": scale,
        "years": years,
        "weeks": result.weeks,
        "family_weeks": family_weeks(result),
        "seconds": seconds,
        "best_seconds": min(seconds),
        "baseline_rss_mib": baseline_mib,
        "peak_rss_mib": peak_mib,
        "vm_hwm_mib": high_water,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="department size as a multiple of the default")
    parser.add_argument("--years", type=float, default=10.0, help="simulated years")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs at least (memory is read after the first)")
    parser.add_argument("--min-seconds", type=float, default=0.0, help="total time of the timed runs at least")
    args = parser.parse_args()
    print(json.dumps(measure(args.scale, args.years, max(args.repeats, 1), args.min_seconds)))


if __name__ == "__main__":
    main()
