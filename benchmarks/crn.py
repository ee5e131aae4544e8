"""How much common random numbers tighten a comparison: issue 20, item 8.

    python benchmarks/crn.py [--seeds N] [--workers W] [--years Y] [--from-year F] [--variant-positions P]
                             [--reform-week K] [--json FILE]

Runs the default department and the same department with one more position (by default; --variant-positions
sets it), each for 10 years over seeds 0..N-1 (N = 30), and the variant once more over seeds 1000..1000+N-1.
The variant has its positions from the start (the default); with --reform-week K it starts as the default
department and its extra positions are added in week K, as a reform is (at K = 104, after the warm-up, a
reform leaves the first two years of every family and caseworker alone; from the start, the extra position
changes which caseworker holds every case of the initial state, docs/performance.md).
For each headline figure below (deptsim.SUMMARY_KEYS, from Result.summary(from_year=2)) it prints

    ratio = var(variant[s] - baseline[s]) / var(variant[s + 1000] - baseline[s])

over the seeds s: the variance of the difference with the same seeds over that with independent seeds
(sample variances). With common random numbers working, a reform that changes a few families' or
caseworkers' paths leaves the others' draws alone, the two runs of a seed move together, and the ratio is
small: the interval on a difference is sqrt(ratio) as wide as with independent runs. The aims of issue 20:
at most 0.1 for placements started and total cost, at most 0.3 for turnover and complaints; the caseload
is reported without an aim. The table also shows the ratios issue 20 measured on main before (streams per
decision). Each line says PASS or FAIL against its aim; the exit code is 0 whatever the figures.

Runs take about a second and a half each and go to --workers processes (deptsim.workers.worker_pool;
default: one per CPU). Like benchmarks/run.py it measures the checkout it lives in. --json FILE also
writes the figures and every run's summary to FILE. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from machine import CpuSnapshot
from run import git_commit, share
from workloads import DEFAULT_POSITIONS, summary_task

import deptsim
from deptsim.workers import worker_pool

INDEPENDENT_OFFSET = 1000  # the variant's independent seed for baseline seed s is s + this
FIGURES = (  # figure, its aim (ratio at most; None: reported only), the ratio issue 20 measured on main before
    ("turnover_rate", 0.3, 0.15),
    ("caseload_mean", None, 0.45),
    ("placements_started_per_year", 0.1, 0.11),
    ("total_cost_dkk_per_year", 0.1, 0.22),
    ("complaints_per_year", 0.3, 0.62),
)
assert all(name in deptsim.SUMMARY_KEYS for name, _, _ in FIGURES)


@dataclass(frozen=True)
class Settings:
    seeds: int = 30
    workers: int = os.cpu_count() or 1
    years: float = 10.0
    from_year: float = 2.0
    baseline_positions: int = DEFAULT_POSITIONS
    variant_positions: int = DEFAULT_POSITIONS + 1
    reform_week: int = 0  # 0: the variant has its positions from the start; K: they are added in week K
    json_file: str | None = None


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def runs(settings: Settings) -> list[tuple[str, int, int]]:
    """Every run: (which, seed, positions) for the baseline, the variant on the same seeds, and on independent ones."""
    seeds = range(settings.seeds)
    return [
        *(("baseline", seed, settings.baseline_positions) for seed in seeds),
        *(("variant", seed, settings.variant_positions) for seed in seeds),
        *(("variant", seed + INDEPENDENT_OFFSET, settings.variant_positions) for seed in seeds),
    ]


def simulate_all(settings: Settings) -> tuple[dict[tuple[str, int], dict[str, float]], dict[str, Any]]:
    """The summaries of every run, keyed by (which, seed), and how long they took."""
    todo = runs(settings)
    years, from_year = [settings.years] * len(todo), [settings.from_year] * len(todo)
    seeds, positions = [seed for _, seed, _ in todo], [p for _, _, p in todo]
    added_at = [settings.reform_week if which == "variant" else 0 for which, _, _ in todo]
    progress(f"{len(todo)} runs of {settings.years:g} years on {settings.workers} worker(s)")
    start = CpuSnapshot.take()
    if settings.workers <= 1:
        done = list(map(summary_task, seeds, positions, years, from_year, added_at))
        unseen = 0.0  # in this process: getrusage sees it
    else:
        with worker_pool(settings.workers) as pool:
            done = list(pool.map(summary_task, seeds, positions, years, from_year, added_at))
        unseen = sum(cpu for _, cpu in done)
    end = CpuSnapshot.take()
    timing = {
        "runs": len(todo),
        "seconds": end.wall - start.wall,
        "cpu_seconds_per_run": sum(cpu for _, cpu in done) / len(todo),
        "others_cpu_share": end.others_share_since(start, unseen_own=unseen),
    }
    return {(which, seed): summary for (which, seed, _), (summary, _) in zip(todo, done, strict=True)}, timing


def ratios(summaries: dict[tuple[str, int], dict[str, float]], settings: Settings) -> list[dict[str, Any]]:
    """For each figure: the means, the differences' variances with the same and with independent seeds, the ratio."""
    seeds = range(settings.seeds)
    rows = []
    for name, aim, before in FIGURES:
        baseline = np.array([summaries["baseline", s][name] for s in seeds], dtype=float)
        same = np.array([summaries["variant", s][name] for s in seeds], dtype=float)
        independent = np.array([summaries["variant", s + INDEPENDENT_OFFSET][name] for s in seeds], dtype=float)
        var_same = float(np.var(same - baseline, ddof=1))
        var_independent = float(np.var(independent - baseline, ddof=1))
        ratio = var_same / var_independent if var_independent > 0 else math.nan
        rows.append({
            "figure": name,
            "baseline_mean": float(baseline.mean()),
            "variant_mean": float(same.mean()),
            "difference_mean_same_seeds": float((same - baseline).mean()),
            "difference_mean_independent_seeds": float((independent - baseline).mean()),
            "var_difference_same_seeds": var_same,
            "var_difference_independent_seeds": var_independent,
            "ratio": ratio,
            "aim": aim,
            "before_on_main": before,
            "passed": None if aim is None or not math.isfinite(ratio) else ratio <= aim,
        })
    return rows


def verdict(row: dict[str, Any]) -> str:
    if row["aim"] is None:
        return "(reported)"
    return {True: "PASS", False: "FAIL", None: "n/a"}[row["passed"]]


def number(value: float) -> str:
    """A figure in a table column: compact for large and small magnitudes alike."""
    if not math.isfinite(value):
        return "nan"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def report(rows: list[dict[str, Any]], timing: dict[str, Any], settings: Settings) -> str:
    header = [
        f"Common random numbers (issue 20, item 8): deptsim {deptsim.__version__} "
        f"at {git_commit() or 'unknown commit'}",
        f"  default department ({settings.baseline_positions} positions) against {settings.variant_positions} "
        f"positions{f' added in week {settings.reform_week}' if settings.reform_week else ' from the start'}, "
        f"{settings.years:g} years, summary from year {settings.from_year:g}; "
        f"seeds 0..{settings.seeds - 1}, independent: variant seed s+{INDEPENDENT_OFFSET}",
        "  ratio = var(difference, same seeds) / var(difference, independent seeds); "
        "interval on a difference: sqrt(ratio) as wide",
        "",
        f"  {'figure':<29} {'baseline':>12} {'diff same':>11} {'diff indep':>11} "
        f"{'sd same':>10} {'sd indep':>10} {'ratio':>7} {'aim':>6} {'main':>6}  verdict",
    ]
    lines = []
    for r in rows:
        aim = "" if r["aim"] is None else f"<= {r['aim']:g}"
        ratio = f"{r['ratio']:.3f}" if math.isfinite(r["ratio"]) else "nan"
        lines.append(
            f"  {r['figure']:<29} {number(r['baseline_mean']):>12} {number(r['difference_mean_same_seeds']):>11} "
            f"{number(r['difference_mean_independent_seeds']):>11} "
            f"{number(math.sqrt(r['var_difference_same_seeds'])):>10} "
            f"{number(math.sqrt(r['var_difference_independent_seeds'])):>10} {ratio:>7} {aim:>6} "
            f"{r['before_on_main']:>6.2f}  {verdict(r)}"
        )
    footer = [
        "",
        "  (baseline: mean over the seeds; diff: mean variant minus baseline; sd: standard deviation of the "
        "differences; main: the ratio issue 20 measured before, streams per decision)",
        f"  {timing['runs']} runs in {timing['seconds']:.0f} s on {settings.workers} worker(s), "
        f"CPU per run {timing['cpu_seconds_per_run']:.2f} s; other processes used "
        f"{share(timing['others_cpu_share'])} of the CPUs meanwhile (an overestimate: the fork server's start-up, "
        f"a few CPU seconds, counts as theirs)",
    ]
    return "\n".join([*header, *lines, *footer])


def parse_settings(argv: list[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="seeds of each comparison (default 30)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per CPU; 1 runs in this process)")
    parser.add_argument("--years", type=float, default=10.0, help="simulated years of each run (default 10)")
    parser.add_argument("--from-year", type=float, default=2.0,
                        help="the headline figures count from this year (default 2; below --years)")
    parser.add_argument("--variant-positions", type=int, default=DEFAULT_POSITIONS + 1,
                        help=f"positions of the variant (default {DEFAULT_POSITIONS + 1}: the default department's "
                             f"{DEFAULT_POSITIONS} and one more)")
    parser.add_argument("--reform-week", type=int, default=0,
                        help="add the variant's extra positions in this week (default 0: it has them from the start)")
    parser.add_argument("--json", help="also write the figures and every run's summary to this JSON file")
    args = parser.parse_args(argv)
    if args.seeds < 2:
        parser.error("--seeds must be at least 2 (a variance needs two differences)")
    if not 0 <= args.reform_week < args.years * 52:
        parser.error("--reform-week must be at least 0 and within the run")
    if not 0 <= args.from_year < args.years:
        parser.error("--from-year must be at least 0 and below --years")
    return Settings(seeds=args.seeds, workers=max(args.workers, 1), years=args.years, from_year=args.from_year,
                    variant_positions=args.variant_positions, reform_week=args.reform_week, json_file=args.json)


def main(argv: list[str] | None = None) -> int:
    settings = parse_settings(argv)
    started = datetime.now(UTC)
    summaries, timing = simulate_all(settings)
    rows = ratios(summaries, settings)
    if settings.json_file:
        figures = {
            "meta": {"started": started.isoformat(timespec="seconds"), "deptsim": deptsim.__version__,
                     "commit": git_commit(), "settings": asdict(settings)},
            "timing": timing,
            "figures": rows,
            "runs": [{"run": which, "seed": seed, "summary": summary} for (which, seed), summary in summaries.items()],
        }
        path = Path(settings.json_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=2) + "\n")
    print(report(rows, timing, settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
