"""`deptsim validate [TARGETS]`: the model against every target, as a table, a report folder and an exit code."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from deptsim.arguments import SEED_MAX, count, parameter_setting
from deptsim.calibration.targets import Target, load_targets
from deptsim.calibration.validate import format_table, table, validate, write_report
from deptsim.paramspec import ParameterError
from deptsim.reports.output import output_folder
from deptsim.scenario import Scenario

DEFAULT_TARGETS = "calibration/denmark.toml"


def register(commands: argparse._SubParsersAction) -> None:
    """Add `validate` to the command line."""
    command = commands.add_parser(
        "validate", help="run the model against known Danish figures and show where it lands",
        description="Run the scenarios a target file names (by default the shipped Danish targets, "
                    f"{DEFAULT_TARGETS}) and print, for each target, the source's value, the band the model "
                    "must land in, and the model's mean with the 90% range of its runs. Exits with 1 when a "
                    "target is not met.",
        epilog="Writes one folder, --out: validation.md (the table, the sources and a plot per target), "
               "validation.csv and the plots; an existing --out is replaced only if deptsim wrote it.")
    command.add_argument("targets", nargs="?", default=DEFAULT_TARGETS, metavar="TARGETS",
                         help=f"target file (default {DEFAULT_TARGETS})")
    command.add_argument("--replicates", type=count(1), default=10, help="runs per scenario (default 10)")
    command.add_argument("--seed", type=count(0, SEED_MAX), default=1,
                         help="seed of the first replicate (default 1)")
    command.add_argument("--set", type=parameter_setting, action="append", default=[], metavar="NAME=VALUE",
                         help="run every scenario with this parameter changed (repeatable), to see where a "
                              "candidate value lands, e.g. --set institution_need=6.1; the change comes after the "
                              "scenario files are read, so a scenario sized by its caseload keeps its positions")
    command.add_argument("--workers", type=count(1), default=None, help="worker processes (default: one per core)")
    command.add_argument("--out", metavar="DIR", default="deptsim-out/validation",
                         help="report folder (default deptsim-out/validation)")
    command.add_argument("--quiet", action="store_true", help="no progress bar")
    command.set_defaults(handler=_validate)


def with_changes(targets: list[Target], changes: Mapping[str, Any]) -> list[Target]:
    """The targets with every scenario's parameters changed (a ParameterError names a change that cannot be)."""
    def changed(scenario: Scenario | None) -> Scenario | None:
        if scenario is None or not changes:
            return scenario
        try:
            return dataclasses.replace(scenario, params=scenario.params.replace(**changes))
        except ParameterError as error:
            raise ParameterError(f"--set: {error}") from None

    return [dataclasses.replace(target, scenario=changed(target.scenario), against=changed(target.against))
            for target in targets]


def _validate(args: argparse.Namespace) -> int:
    changes = dict(args.set)
    twice = sorted(name for name, count in Counter(name for name, _ in args.set).items() if count > 1)
    if twice:
        raise ParameterError(f"--set: {', '.join(twice)} given more than once; give each parameter once")
    targets = with_changes(load_targets(args.targets), changes)
    settings = f"{args.replicates} replicates per scenario (seeds {args.seed}-{args.seed + args.replicates - 1})"
    if changes:  # shown as --set reads them (JSON writes numbers, true/false and quoted strings as TOML does)
        settings += "; changed from the scenarios: " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in changes.items())
    print(f"deptsim: {len(targets)} targets from {args.targets}; {settings}", flush=True)
    scenario_files = {target.scenario.path for target in targets} | {t.against.path for t in targets if t.against}
    with output_folder(Path(args.out), command="validate", keep=[p for p in scenario_files if p]) as folder:
        verdicts = validate(targets, replicates=args.replicates, seed=args.seed,
                            workers=args.workers or os.cpu_count() or 1, progress=not args.quiet)
        frame = table(verdicts)
        print(format_table(frame))
        write_report(folder, frame, verdicts, settings=settings)
    met = int(frame.passed.sum())
    print(f"{met} of {len(frame)} targets met; the report is in {args.out}/validation.md")
    return 0 if met == len(frame) else 1
