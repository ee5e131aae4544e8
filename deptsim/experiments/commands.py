"""`deptsim experiment FILE` and `deptsim analyse DIR`: run (or resume) an experiment, and analyse its runs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from deptsim.arguments import count, is_interrupt
from deptsim.experiments.executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor
from deptsim.experiments.experiment import Experiment, load_experiment
from deptsim.experiments.runner import run_experiment
from deptsim.reports.output import check_writable

LOCAL, DASK = "local", "dask"


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `experiment` and `analyse` commands to deptsim's command line."""
    experiment = commands.add_parser(
        "experiment", help="run an experiment file: replicates, sweeps, sensitivity analyses",
        description="Run every run of an experiment file (see experiments/ and docs/experiments.md) in parallel, "
                    "locally or on a Dask cluster, writing each run to DIR as it finishes; then analyse them. "
                    "Running the same command again resumes: only the missing runs are done.",
        epilog="Writes only inside DIR: manifest.json, design.parquet, runs/ (a file per finished run), weekly/ "
               "(when kept), results.parquet and .csv, and the analysis (DIR/analysis/, replaced as a whole). DIR "
               "must be new, empty, or this experiment's own folder (it has a manifest.json); any other folder or "
               "file is refused, and nothing outside DIR is touched.")
    experiment.add_argument("file", metavar="FILE", help="experiment file (TOML)")
    experiment.add_argument("--out", metavar="DIR",
                            help="results folder (default deptsim-out/<file name>); the same folder resumes")
    experiment.add_argument("--workers", type=count(1), default=None, metavar="N",
                            help="worker processes, locally or in a Dask LocalCluster (default: one per core; "
                                 "1 runs everything in this process)")
    experiment.add_argument("--executor", choices=(LOCAL, DASK), default=None,
                            help="local processes (default), or a Dask LocalCluster started here")
    experiment.add_argument("--scheduler", metavar="ADDRESS",
                            help="run on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://host:8786")
    experiment.add_argument("--retry-failed", action="store_true", dest="retry_failed",
                            help="run the runs recorded as failed again")
    experiment.add_argument("--check", action="store_true", help="validate the file and show its design; run nothing")
    experiment.add_argument("--no-analysis", action="store_true", dest="no_analysis",
                            help="do not analyse when the runs are done (see `deptsim analyse`)")
    experiment.add_argument("--quiet", action="store_true", help="no progress bar")
    experiment.set_defaults(handler=_experiment)

    analyse = commands.add_parser(
        "analyse", aliases=["analyze"], help="analyse an experiment's results folder",
        description="Tables and plots of an experiment folder: responses with 90% intervals for sweeps, "
                    "SALib sensitivity indices for Morris and Sobol designs. Writes DIR/analysis/.",
        epilog="Writes only DIR/analysis/ (tables as CSV, plots as PNG), replaced as a whole each time; it reads "
               "the rest of DIR and changes nothing else.")
    analyse.add_argument("folder", metavar="DIR", help="the experiment's results folder")
    analyse.set_defaults(handler=_analyse)


def _executor(args: argparse.Namespace) -> Executor:
    if args.scheduler:
        if args.executor == LOCAL:
            raise ValueError("--scheduler runs on a Dask cluster; leave out --executor local")
        return DaskExecutor(address=args.scheduler)
    workers = args.workers or os.cpu_count() or 1
    if args.executor == DASK:
        return DaskExecutor(workers=workers)
    return SerialExecutor() if workers == 1 else ProcessExecutor(workers)


def _describe(experiment: Experiment) -> str:
    points, replicates = len(experiment.points.values), experiment.replicates
    lines = [f"deptsim: experiment {experiment.name!r} on {experiment.scenario.name!r}: {experiment.design.type} "
             f"design, {points} design points x {replicates} replicate{'s' if replicates > 1 else ''} = "
             f"{points * replicates} runs of "
             f"{experiment.years:g} years (headline figures from year {experiment.warmup_years:g})"]
    for factor in experiment.factors[:12]:
        if factor.levels:
            more = ", ..." if len(factor.levels) > 8 else ""
            shown = ", ".join(_level(level) for level in factor.levels[:8]) + more
            lines.append(f"  {factor.name}: {len(factor.levels)} levels ({shown})")
        else:
            lines.append(f"  {factor.name}: {factor.bounds[0]:g} to {factor.bounds[1]:g}")
    if len(experiment.factors) > 12:
        lines.append(f"  ... and {len(experiment.factors) - 12} more factors")
    return "\n".join(lines)


def _level(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _experiment(args: argparse.Namespace) -> int:
    experiment = load_experiment(args.file)
    print(_describe(experiment), flush=True)
    if args.check:
        print(f"{args.file}: ok")
        return 0
    out = Path(args.out or f"deptsim-out/{Path(args.file).stem}")
    check_writable(out)  # before any run, so that a folder that cannot be written costs no time
    executor = _executor(args)

    def announce(where: str, to_do: int, earlier: int) -> None:
        resumed = f" ({earlier} already in {out}/)" if earlier else ""
        print(f"running {to_do} runs {where}{resumed}", flush=True)

    try:
        report = run_experiment(experiment, out, executor, retry_failed=args.retry_failed,
                                progress=not args.quiet, on_start=announce)
    except (KeyboardInterrupt, SystemError) as error:  # compiled code may wrap Ctrl-C in a SystemError
        if not is_interrupt(error):
            raise
        print(f"\ndeptsim: interrupted; every finished run is saved in {out}/: run the same command again to do "
              "the rest", file=sys.stderr)
        return 130
    failed = f", {report.failed} failed (see the 'error' column)" if report.failed else ""
    print(f"{report.recorded} of {report.total} runs recorded{failed}; this attempt took {report.seconds:.1f} s; "
          f"results in {out}/results.parquet")
    if report.missing:
        reason = f" (for example {report.lost[0].run_id}: {report.lost[0].reason})" if report.lost else ""
        print(f"deptsim: {report.missing} runs did not finish{reason}; run the same command again to do them",
              file=sys.stderr)
        return 1
    if not args.no_analysis:
        _print_analysis(out)
    return 0


def _analyse(args: argparse.Namespace) -> int:
    _print_analysis(Path(args.folder))
    return 0


def _print_analysis(folder: Path) -> None:
    from deptsim.experiments.analysis import analyse_folder  # SALib, SciPy, Matplotlib: only when analysing

    analysis = analyse_folder(folder)
    print()
    print(analysis.text)
    print(f"\ntables (CSV) and {len(analysis.plots)} plots (PNG) in {folder / 'analysis'}/")
