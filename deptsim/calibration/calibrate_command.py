"""`deptsim calibrate SETTINGS`: fit parameters to the targets (ABC-SMC with pyabc), or resume a calibration."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from pathlib import Path

from deptsim.arguments import count

DESCRIPTION = """\
Fit the parameters a settings file names (calibration/fit.toml; docs/calibration.md) to the targets of its
target file with pyabc's ABC-SMC, in this process, on local worker processes or on a Dask cluster. One line
per generation shows epsilon, the acceptance rate, simulations and time. Ctrl-C keeps every finished
generation: running the same command again resumes, and so does running it with more generations.

Writes to DIR, after every generation:
  best.toml       the best accepted set, as a scenario file to `extends`: the one with the smallest
                  distance, or, once the calibration has stopped and the settings say choose_from,
                  the one that meets most targets among those sets run again on more seeds
  chosen.csv      that comparison (choose_from, choose_replicates)
  ensemble.csv    every accepted set of the last generation, with its weight, distance and figures
  history.csv     one row per generation: epsilon, acceptance, simulations, time, parameter means
  calibration.md  the settings, the time, the seeds, the targets with the best set's figures
  calibration.db  pyabc's database (SQLite), from which a calibration resumes
  calibration.json  what the folder holds: a folder holding another calibration is refused"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `calibrate` command to deptsim's command line."""
    calibrate = commands.add_parser(
        "calibrate", help="fit parameters to the targets (ABC-SMC); resumes when run again",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    calibrate.add_argument("settings", metavar="SETTINGS", help="calibration settings file (TOML)")
    calibrate.add_argument("--out", metavar="DIR",
                           help="output folder (default deptsim-out/<settings file name>); the same folder resumes")
    where = calibrate.add_mutually_exclusive_group()
    where.add_argument("--workers", type=count(1), default=None, metavar="N",
                       help="local worker processes (default: one per core; 1 runs in this process, reproducibly)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://host:8786")
    calibrate.add_argument("--quiet", action="store_true", help="no line per generation")
    calibrate.set_defaults(handler=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    # Imported here: pyabc takes seconds to import, and the other commands do not need it.
    from deptsim.calibration.calibrate import calibrate, duration, load_settings, plural

    settings = load_settings(args.settings)
    out = Path(args.out or f"deptsim-out/{Path(args.settings).stem}")
    try:
        report = calibrate(settings, out, workers=args.workers or os.cpu_count() or 1, scheduler=args.scheduler,
                           progress=not args.quiet)
    except KeyboardInterrupt:
        print(f"\ndeptsim: interrupted; every finished generation is saved in {out}/: run the same command again "
              "to resume", file=sys.stderr)
        return 130
    except multiprocessing.ProcessError as error:  # pyabc's multicore sampler: a worker was killed
        print(f"deptsim: a worker process stopped ({error}: killed, or out of memory); every finished generation "
              f"is saved in {out}/: run the same command again to resume", file=sys.stderr)
        return 1
    print(f"stopped: {report.stopped}")
    if report.generations.empty:
        print("deptsim: no generation finished, so there is no result yet", file=sys.stderr)
        return 1
    best = report.ensemble.iloc[0]
    print(f"{plural(len(report.generations), 'generation')} ({report.new_generations} in this attempt, "
          f"{duration(report.seconds)}), {report.simulations} simulations; best distance {best.distance:.3g}")
    if report.chosen is not None:
        chosen = report.chosen.iloc[0]
        print(f"chosen: set {int(chosen.set)}, {int(chosen.targets_met)} of {len(settings.targets)} targets met over "
              f"{plural(int(chosen.replicates), 'seed')} (distance of the means {chosen.distance:.3g})")
    print(f"best set in {out / 'best.toml'}, {len(report.ensemble)} accepted sets in {out / 'ensemble.csv'}, "
          f"report in {out / 'calibration.md'}")
    return 0
