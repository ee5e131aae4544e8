"""The `deptsim` command line: run, compare and check scenarios."""

from __future__ import annotations

import argparse
import multiprocessing
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from deptsim.arguments import SEED_MAX, count, is_interrupt, positive_float
from deptsim.calibration.calibrate_command import register as register_calibrate
from deptsim.calibration.ensemble import SHIPPED as ENSEMBLE
from deptsim.calibration.ensemble import load_ensemble
from deptsim.calibration.validate_command import register as register_validate
from deptsim.departments import CHILDREN_AND_FAMILY, kind_of
from deptsim.experiments.commands import register as register_experiments
from deptsim.params import ParameterError
from deptsim.replicates import Replicate, run_replicates
from deptsim.reports import tables
from deptsim.reports.html import render_report
from deptsim.reports.labels import LANGUAGES
from deptsim.reports.output import output_folder, output_folder_note, write_tables
from deptsim.reports.plots import plot_series
from deptsim.scenario import Scenario, ScenarioError, load_scenario
from deptsim.workshop.commands import register as register_workshop

WEEKS_PER_YEAR = 52
WRITES = ("Writes one folder, --out: report.html, the weekly series, summaries and headline figures as CSV and "
          "Parquet, columns.csv (each column's display name in --lang), one PNG per indicator, and a "
          ".deptsim-output file listing them. It is written beside the target under a hidden name and renamed "
          "into place only when complete; an error or Ctrl-C leaves nothing. It never deletes or changes anything "
          "else: an existing --out is replaced only if it is empty or an earlier run or compare wrote it and it "
          "holds nothing more (otherwise exit 2, before anything runs); the current folder, its parents and "
          "folders holding the scenario files are refused.")


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


def _check_seeds(args: argparse.Namespace) -> None:
    """The replicates' seeds, --seed to --seed + replicates - 1, must all lie in 0..SEED_MAX."""
    if args.seed + args.replicates - 1 > SEED_MAX:
        raise ValueError(f"--seed {args.seed} is too large: the replicates' seeds run from --seed to --seed + "
                         f"--replicates - 1 and must be at most {SEED_MAX} (2**32 - 1); with --replicates "
                         f"{args.replicates}, --seed can be at most {SEED_MAX - args.replicates + 1}")


def _scenario_files(scenarios: list[Scenario]) -> list[Path]:
    """The files of the scenarios being run: an output folder must never hold them."""
    return [scenario.path for scenario in scenarios if scenario.path is not None]


@contextmanager
def _workers_stop_at_ctrl_c() -> Iterator[None]:
    """Ctrl-C stops the worker processes at once, instead of waiting for the runs they have started (a
    200-year run takes a while). The workers ignore Ctrl-C (deptsim.workers); here they are stopped, their
    pool reports itself broken, and that is turned back into the KeyboardInterrupt it stands for. With no
    workers (--workers 1) Ctrl-C is a KeyboardInterrupt at once, as usual."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    stopped: list[int] = []

    def interrupt(number: int, frame: object) -> None:
        workers = multiprocessing.active_children()  # this process's own workers only
        if not workers:
            raise KeyboardInterrupt
        stopped.append(number)
        for worker in workers:
            worker.terminate()

    signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    except BaseException:
        if stopped:
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if stopped:  # every run had finished as the workers were stopped
        raise KeyboardInterrupt


def _simulate(scenarios: list[Scenario], args: argparse.Namespace) -> dict[str, list[Replicate]]:
    with _workers_stop_at_ctrl_c():
        return run_replicates(scenarios, replicates=args.replicates, seed=args.seed, years=args.years,
                              from_year=args.from_year, workers=args.workers, progress=not args.quiet,
                              ensemble=args.ensemble)


def _settings_line(args: argparse.Namespace) -> str:
    settings = tables.settings_line(args.replicates, args.seed, args.years, args.from_year, args.lang)
    return f"{settings}; {tables.parameters_note(args.ensemble, args.lang)}"


def _ensemble(args: argparse.Namespace, scenarios: list[Scenario]) -> None:
    """Load the ensemble the replicates draw their parameters from (args.ensemble: None for fixed parameters).
    The calibrated ensemble is the children-and-family department's: other kinds run with fixed parameters."""
    calibrated = all(kind_of(scenario.params) is CHILDREN_AND_FAMILY for scenario in scenarios)
    if not calibrated and args.ensemble is not None and not args.fixed_parameters:
        raise ValueError(f"--ensemble {args.ensemble}: an ensemble holds calibrated parameters of the "
                         "children-and-family department; a job centre runs with its fixed parameters")
    if args.fixed_parameters or not calibrated:
        args.ensemble = None
    elif args.ensemble is not None:
        args.ensemble = load_ensemble(args.ensemble)
    elif ENSEMBLE.exists():
        args.ensemble = load_ensemble(ENSEMBLE)


def _warn(scenarios: list[Scenario], years: float | None) -> None:
    """Print each scenario's warnings (accepted, but probably not what was meant) to standard error."""
    for scenario in scenarios:
        for warning in scenario.warnings_for(years):
            print(f"deptsim: warning: {warning}", file=sys.stderr)


def _weekly_table(runs: dict[str, list[Replicate]]) -> pd.DataFrame:
    return pd.concat([r.weekly.assign(scenario=name, seed=r.seed) for name, reps in runs.items() for r in reps],
                     ignore_index=True)


def _write_outputs(folder: Path, *, runs: dict[str, list[Replicate]], scenarios: list[Scenario], baseline: str,
                   comparison: pd.DataFrame, cost_benefit: pd.DataFrame | None, question: str, lang: str,
                   settings: str, label_year) -> None:
    """The tables, plots and report, into `folder` (a staging folder that output_folder puts in place)."""
    frames = {"weekly": _weekly_table(runs), "summaries": tables.summaries(runs), "headlines": comparison}
    if cost_benefit is not None:
        frames["cost_benefit"] = cost_benefit
    write_tables(folder, frames)
    tables.column_guide(frames, lang).to_csv(folder / "columns.csv", index=False)
    first_year = scenarios[0].start_date.year if scenarios[0].start_date else 0.0
    plots = plot_series(runs, folder, lang, first_year=first_year)
    report = render_report(question=question, scenarios=scenarios, comparison=comparison, baseline=baseline,
                           cost_benefit=cost_benefit, plots=plots, lang=lang, settings=settings,
                           label_year=label_year)
    (folder / "report.html").write_text(report, encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    _check_horizon(args)
    _check_seeds(args)
    scenarios = _scenarios([args.scenario] if args.scenario else [])
    _ensemble(args, scenarios)
    _warn(scenarios, args.years)
    scenario = scenarios[0]
    out = Path(args.out or f"deptsim-out/{scenario.path.stem if scenario.path else 'default'}")
    with output_folder(out, command="run", keep=_scenario_files(scenarios)) as folder:
        started = time.perf_counter()
        runs = _simulate(scenarios, args)
        department = kind_of(scenario.params)
        print(tables.run_heading(scenario.name, department.client_count(scenario.params), department.clients,
                                 scenario.params.positions, _settings_line(args), time.perf_counter() - started,
                                 args.lang))
        comparison = tables.comparison_table(runs, scenario.name)
        print(tables.format_headlines(comparison, scenario.name, args.lang))
        _write_outputs(folder, runs=runs, scenarios=scenarios, baseline=scenario.name, comparison=comparison,
                       cost_benefit=None, question=args.question or tables.run_question(scenario.name, args.lang),
                       lang=args.lang, settings=_settings_line(args), label_year=_year_labeller(scenario))
    print(tables.written_line(out, args.lang))
    return 0


def _compare(args: argparse.Namespace) -> int:
    if len(args.scenarios) < 2:
        args.usage_error("compare needs at least two scenario files, a baseline and one to compare with it "
                         "(to run one scenario: deptsim run SCENARIO)")
    _check_horizon(args)
    _check_seeds(args)
    scenarios = _scenarios(args.scenarios)
    if len({kind_of(scenario.params).name for scenario in scenarios}) > 1:
        raise ValueError("compare needs scenarios of one kind of department: "
                         + ", ".join(f"{s.path}: {kind_of(s.params).name}" for s in scenarios))
    _ensemble(args, scenarios)
    _warn(scenarios, args.years)
    names = [s.name for s in scenarios]
    baseline = args.baseline or names[0]
    if baseline not in names:
        raise ValueError(f"--baseline {baseline!r} is not one of the scenario names: {', '.join(names)}")
    out = Path(args.out or "deptsim-out/" + "-vs-".join(s.path.stem for s in scenarios))
    with output_folder(out, command="compare", keep=_scenario_files(scenarios)) as folder:
        started = time.perf_counter()
        runs = _simulate(scenarios, args)
        print(tables.compare_heading(len(scenarios), baseline, _settings_line(args), time.perf_counter() - started,
                                     args.lang))
        comparison = tables.comparison_table(runs, baseline)
        print(tables.format_comparison(comparison, baseline, args.lang))
        label_year = _year_labeller(scenarios[names.index(baseline)])
        cost_benefit = tables.cost_benefit(runs, baseline)
        print()
        print(tables.format_cost_benefit(cost_benefit, args.lang, label_year))
        others = ", ".join(n for n in names if n != baseline)
        _write_outputs(folder, runs=runs, scenarios=scenarios, baseline=baseline, comparison=comparison,
                       cost_benefit=cost_benefit,
                       question=args.question or tables.compare_question(others, baseline, args.lang),
                       lang=args.lang, settings=_settings_line(args), label_year=label_year)
    print()
    print(tables.written_line(out, args.lang))
    return 0


def _check(args: argparse.Namespace) -> int:
    for path in args.scenarios:
        scenario = load_scenario(path)
        department = kind_of(scenario.params)
        print(f"{path}: ok ({scenario.name}: {department.name.replace('_', ' ')} department, "
              f"{scenario.params.positions} positions, {len(scenario.interventions)} interventions)")
        _warn([scenario], years=None)
    return 0


def _add_run_options(parser: argparse.ArgumentParser, replicates: int, out: str) -> None:
    parser.add_argument("--replicates", type=count(1), default=replicates,
                        help=f"runs per scenario, each with its own seed (default {replicates})")
    parser.add_argument("--seed", type=count(0, SEED_MAX), default=1,
                        help=f"seed of the first replicate; replicate i gets --seed + i, and every seed must be "
                             f"at most {SEED_MAX} (2**32 - 1) (default 1)")
    parser.add_argument("--years", type=positive_float, default=10.0, help="years to simulate (default 10)")
    parser.add_argument("--from-year", type=float, default=2.0, dest="from_year",
                        help="headline figures count from this year on; earlier years are warm-up (default 2)")
    parser.add_argument("--workers", type=count(1), default=None,
                        help="worker processes (default: one per core)")
    parser.add_argument("--out", metavar="DIR", help=f"output folder (default {out}): {output_folder_note()}")
    uncertainty = parser.add_mutually_exclusive_group()
    uncertainty.add_argument("--ensemble", metavar="FILE",
                             help="draw each replicate's parameters from this ensemble of calibrated sets (an "
                                  "ensemble.csv of deptsim calibrate; default: the shipped calibration's), so the "
                                  "intervals include parameter uncertainty; a scenario's own values are kept")
    uncertainty.add_argument("--fixed-parameters", action="store_true", dest="fixed_parameters",
                             help="run every replicate on the scenario's parameters (the calibrated defaults): "
                                  "the intervals show chance only")
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
        description="Run a scenario's replicates in parallel and print the headline figures with 90% intervals.",
        epilog=WRITES)
    run.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file (default: the default department)")
    _add_run_options(run, replicates=5, out="deptsim-out/<scenario file name>")
    run.set_defaults(handler=_run)

    compare = commands.add_parser(
        "compare", help="compare scenarios against a baseline, with the cost-benefit view",
        description="Run several scenarios with the same seeds; print each against the baseline with differences "
                    "and 90% intervals, and the extra staff cost against savings, cumulative net and break-even "
                    "year. Writes a report folder.",
        epilog=WRITES)
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files")
    compare.add_argument("--baseline", help="name of the baseline scenario (default: the first)")
    _add_run_options(compare, replicates=20, out="deptsim-out/<first>-vs-<second>")
    compare.set_defaults(handler=_compare, usage_error=compare.error)

    check = commands.add_parser("check", help="validate scenario files without running them",
                                description="Validate scenario files without running them.",
                                epilog="Writes nothing.")
    check.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files")
    check.set_defaults(handler=_check)
    register_workshop(commands)
    register_experiments(commands)
    register_validate(commands)
    register_calibrate(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except (ScenarioError, ParameterError, ValueError) as error:
        print(f"deptsim: {error}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, SystemError) as error:
        if not is_interrupt(error):
            raise
        print("\ndeptsim: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
