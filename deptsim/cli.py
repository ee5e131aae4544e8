"""The `deptsim` command line: run, compare and check scenarios."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from deptsim.arguments import count, positive_float
from deptsim.experiments.commands import register as register_experiments
from deptsim.params import ParameterError
from deptsim.replicates import Replicate, run_replicates
from deptsim.reports import tables
from deptsim.reports.html import render_report
from deptsim.reports.labels import LANGUAGES
from deptsim.reports.output import atomic_folder, write_tables
from deptsim.reports.plots import plot_series
from deptsim.scenario import Scenario, ScenarioError, load_scenario
from deptsim.workshop.commands import register as register_workshop

WEEKS_PER_YEAR = 52


def _scenarios(paths: list[str]) -> list[Scenario]:
    scenarios = [load_scenario(p) for p in paths] if paths else [Scenario.default()]
    names = [s.name for s in scenarios]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ScenarioError(paths[names.index(duplicates[0])], "scenario.name",
                            f"two scenarios are named {duplicates[0]!r}; give each a different name")
    return scenarios


def _year_labeller(scenario: Scenario) -> Callable[[int], str]:
    """Simulation year 0, 1, ... as a calendar year when the scenario has a start date."""
    if scenario.start_date is not None:
        return lambda year: str(scenario.start_date.year + year)
    return lambda year: f"{year + 1}"


def _check_horizon(args: argparse.Namespace) -> None:
    if not 0 <= args.from_year < args.years:
        raise ValueError(f"--from-year {args.from_year:g} must be at least 0 and before the end of the run "
                         f"(--years {args.years:g})")


def _settings_line(args: argparse.Namespace) -> str:
    seeds = f"{args.seed}-{args.seed + args.replicates - 1}"
    return (f"{args.replicates} replicates (seeds {seeds}), {args.years:g} years; "
            f"headline figures from year {args.from_year:g}; intervals are 5th-95th percentiles over replicates")


def _weekly_table(runs: dict[str, list[Replicate]]) -> pd.DataFrame:
    return pd.concat([r.weekly.assign(scenario=name, seed=r.seed) for name, reps in runs.items() for r in reps],
                     ignore_index=True)


def _write_outputs(out: Path, *, runs: dict[str, list[Replicate]], scenarios: list[Scenario], baseline: str,
                   comparison: pd.DataFrame, cost_benefit: pd.DataFrame | None, question: str, lang: str,
                   settings: str, label_year) -> None:
    with atomic_folder(out) as folder:
        frames = {"weekly": _weekly_table(runs), "summaries": tables.summaries(runs), "headlines": comparison}
        if cost_benefit is not None:
            frames["cost_benefit"] = cost_benefit
        write_tables(folder, frames)
        first_year = scenarios[0].start_date.year if scenarios[0].start_date else 0.0
        plots = plot_series(runs, folder, lang, first_year=first_year)
        report = render_report(question=question, scenarios=scenarios, comparison=comparison, baseline=baseline,
                               cost_benefit=cost_benefit, plots=plots, lang=lang, settings=settings,
                               label_year=label_year)
        (folder / "report.html").write_text(report, encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    _check_horizon(args)
    scenarios = _scenarios([args.scenario] if args.scenario else [])
    scenario = scenarios[0]
    started = time.perf_counter()
    runs = run_replicates(scenarios, replicates=args.replicates, seed=args.seed, years=args.years,
                          from_year=args.from_year, workers=args.workers, progress=not args.quiet)
    print(f"deptsim: {scenario.name}: {scenario.params.children:,} children, {scenario.params.positions} caseworker "
          f"positions; {_settings_line(args)}; {time.perf_counter() - started:.1f} s")
    comparison = tables.comparison_table(runs, scenario.name)
    print(tables.format_headlines(comparison, scenario.name, args.lang))
    out = Path(args.out or f"deptsim-out/{scenario.path.stem if scenario.path else 'default'}")
    _write_outputs(out, runs=runs, scenarios=scenarios, baseline=scenario.name, comparison=comparison,
                   cost_benefit=None, question=args.question or f"How does {scenario.name} fare?",
                   lang=args.lang, settings=_settings_line(args), label_year=_year_labeller(scenario))
    print(f"results written to {out}/ (report.html, CSV, Parquet, PNG)")
    return 0


def _compare(args: argparse.Namespace) -> int:
    _check_horizon(args)
    scenarios = _scenarios(args.scenarios)
    names = [s.name for s in scenarios]
    baseline = args.baseline or names[0]
    if baseline not in names:
        raise ValueError(f"--baseline {baseline!r} is not one of the scenario names: {', '.join(names)}")
    started = time.perf_counter()
    runs = run_replicates(scenarios, replicates=args.replicates, seed=args.seed, years=args.years,
                          from_year=args.from_year, workers=args.workers, progress=not args.quiet)
    print(f"deptsim: {len(scenarios)} scenarios against {baseline!r}, same seeds in each; {_settings_line(args)}; "
          f"{time.perf_counter() - started:.1f} s")
    comparison = tables.comparison_table(runs, baseline)
    print(tables.format_comparison(comparison, baseline, args.lang))
    label_year = _year_labeller(scenarios[names.index(baseline)])
    cost_benefit = tables.cost_benefit(runs, baseline)
    print()
    print(tables.format_cost_benefit(cost_benefit, args.lang, label_year))
    out = Path(args.out or "deptsim-out/" + "-vs-".join(s.path.stem for s in scenarios))
    others = ", ".join(n for n in names if n != baseline)
    _write_outputs(out, runs=runs, scenarios=scenarios, baseline=baseline, comparison=comparison,
                   cost_benefit=cost_benefit, question=args.question or f"What do {others} change against {baseline}?",
                   lang=args.lang, settings=_settings_line(args), label_year=label_year)
    print(f"\nresults written to {out}/ (report.html, CSV, Parquet, PNG)")
    return 0


def _check(args: argparse.Namespace) -> int:
    for path in args.scenarios:
        scenario = load_scenario(path)
        print(f"{path}: ok ({scenario.name}: {scenario.params.positions} positions, "
              f"{len(scenario.interventions)} interventions)")
    return 0


def _add_run_options(parser: argparse.ArgumentParser, replicates: int, out: str) -> None:
    parser.add_argument("--replicates", type=count(1), default=replicates,
                        help=f"runs per scenario, each with its own seed (default {replicates})")
    parser.add_argument("--seed", type=count(0), default=1, help="seed of the first replicate (default 1)")
    parser.add_argument("--years", type=positive_float, default=10.0, help="years to simulate (default 10)")
    parser.add_argument("--from-year", type=float, default=2.0, dest="from_year",
                        help="headline figures count from this year on; earlier years are warm-up (default 2)")
    parser.add_argument("--workers", type=count(1), default=None,
                        help="worker processes (default: one per core)")
    parser.add_argument("--out", help=f"output folder (default {out}); replaced as a whole when the run ends")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="labels in English or Danish (default en)")
    parser.add_argument("--question", help="the question the report answers, shown at its top")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deptsim",
        description="Simulate a municipal children-and-family department: caseworkers, families, referrals, "
                    "strain, turnover, placements and costs. Scenario files are TOML; see scenarios/.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run one scenario (or the default department) and print its headline figures",
        description="Run a scenario's replicates in parallel and print the headline figures with 90%% intervals.")
    run.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file (default: the default department)")
    _add_run_options(run, replicates=5, out="deptsim-out/<scenario file name>")
    run.set_defaults(handler=_run)

    compare = commands.add_parser(
        "compare", help="compare scenarios against a baseline, with the cost-benefit view",
        description="Run several scenarios with the same seeds; print each against the baseline with differences "
                    "and 90%% intervals, and the extra staff cost against savings, cumulative net and break-even "
                    "year. Writes a report folder.")
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files")
    compare.add_argument("--baseline", help="name of the baseline scenario (default: the first)")
    _add_run_options(compare, replicates=20, out="deptsim-out/<first>-vs-<second>")
    compare.set_defaults(handler=_compare)

    check = commands.add_parser("check", help="validate scenario files without running them",
                                description="Validate scenario files without running them.")
    check.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files")
    check.set_defaults(handler=_check)
    register_workshop(commands)
    register_experiments(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ScenarioError, ParameterError, ValueError) as error:
        print(f"deptsim: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ndeptsim: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
