"""How a calibration runs on local worker processes and on a Dask cluster: issue 21's bar.

    python benchmarks/calibrate.py [--population P] [--generations G] [--workers W] [--json FILE]

Runs the shipped calibration's targets and priors (calibration/fit.toml) at a small size (population 20, 2
generations, by default) twice, each in a fresh temporary folder: on W local worker processes (pyabc's
multicore sampler) and on a Dask LocalCluster of W worker processes with one thread each (pyabc's Dask
sampler, exactly as `deptsim calibrate --scheduler` uses it). For each it prints the generations, the
simulations (the sample from the prior included), the acceptance rate of each generation, the wall-clock time
and the seconds per simulation, and from that the time the shipped settings' budget of simulations would take
on as many workers (max_simulations times the seconds per simulation). The exit code is 0 whatever the figures.
Progress goes to stderr, the table to stdout; --json FILE also writes the figures to FILE.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from checkout import ROOT

from deptsim.calibration.calibrate import calibrate, load_settings

SHIPPED = ROOT / "calibration" / "fit.toml"


def run_once(where: str, population: int, generations: int, workers: int) -> dict[str, Any]:
    """One small calibration on `where` ("local" or "dask"); its generations, simulations, acceptance and time."""
    settings = dataclasses.replace(load_settings(SHIPPED), population=population, max_generations=generations,
                                   max_simulations=None, min_acceptance_rate=0.0, choose_from=0)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        if where == "dask":
            from distributed import LocalCluster

            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              silence_logs=logging.ERROR) as cluster:
                report = calibrate(settings, Path(folder) / "out", scheduler=cluster.scheduler_address)
        else:
            report = calibrate(settings, Path(folder) / "out", workers=workers)
        seconds = time.perf_counter() - started
    budget = load_settings(SHIPPED).max_simulations or 0
    return {"where": report.where, "generations": len(report.generations), "simulations": report.simulations,
            "acceptance": [round(float(rate), 3) for rate in report.generations.acceptance_rate],
            "seconds": round(seconds, 1), "seconds_per_simulation": round(seconds / report.simulations, 2),
            "budget_hours": round(budget * seconds / report.simulations / 3600, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=20)
    parser.add_argument("--generations", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = [run_once(where, args.population, args.generations, args.workers) for where in ("local", "dask")]
    print(f"{'where':<48} {'gens':>4} {'sims':>5} {'acceptance':<16} {'time':>8} {'s/sim':>6} {'budget':>8}")
    for row in rows:
        print(f"{row['where']:<48} {row['generations']:>4} {row['simulations']:>5} "
              f"{', '.join(f'{a:.2f}' for a in row['acceptance']):<16} {row['seconds']:>7.0f}s "
              f"{row['seconds_per_simulation']:>6.2f} {row['budget_hours']:>7.2f}h")
    print("budget: the shipped settings' max_simulations at this run's seconds per simulation (2-hour bar)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
