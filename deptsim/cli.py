"""The `deptsim` command line."""

from __future__ import annotations

import argparse
import sys
import time

from deptsim.params import ParameterError, Parameters
from deptsim.results import SUMMARY_KEYS
from deptsim.simulation import simulate

LABELS = {
    "turnover_rate": ("Turnover (resignations per FTE-year)", "{:.1%}"),
    "sick_leave_rate": ("Sick leave (share of staff-weeks)", "{:.1%}"),
    "caseload_mean": ("Caseload (open cases per caseworker)", "{:.1f}"),
    "referral_wait_weeks_mean": ("Referral wait for assessment (weeks)", "{:.2f}"),
    "assessment_deadline_met": ("Assessments within deadline", "{:.1%}"),
    "investigation_deadline_met": ("§50 investigations within 4 months", "{:.1%}"),
    "placements_started_per_year": ("Placements started per year", "{:.1f}"),
    "placement_cost_dkk_per_year": ("Placement cost (MDKK/year)", "{:.1f}"),
    "total_cost_dkk_per_year": ("Total cost (MDKK/year)", "{:.1f}"),
    "complaints_per_year": ("Complaints per year", "{:.1f}"),
    "caseworker_changes_per_family": ("Caseworker changes per family case", "{:.2f}"),
}


def format_summary(summary: dict[str, float]) -> str:
    lines = []
    for key in SUMMARY_KEYS:
        label, fmt = LABELS[key]
        value = summary[key] / 1e6 if key.endswith("dkk_per_year") else summary[key]
        lines.append(f"  {label:<42} {fmt.format(value):>10}")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    if not 0 <= args.warmup < args.years:
        raise ValueError(f"--warmup {args.warmup:g} must be at least 0 and before the end of the run "
                         f"(--years {args.years:g})")
    params = Parameters()
    started = time.perf_counter()
    result = simulate(params, seed=args.seed, years=args.years)
    elapsed = time.perf_counter() - started
    print(f"deptsim: default department ({params.children:,} children, {params.positions} caseworker positions), "
          f"{args.years:g} years, seed {args.seed}, in {elapsed:.1f} s")
    print(f"Headline figures after a {args.warmup:g}-year warm-up:")
    print(format_summary(result.summary(from_year=args.warmup)))
    return 0


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deptsim",
        description="Simulate a municipal children-and-family department: caseworkers, families, "
                    "referrals, strain, turnover, placements and costs.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="simulate the default department and print its headline figures",
                              description="Simulate the default department and print its headline figures.")
    run.add_argument("--seed", type=_non_negative_int, default=1, help="random seed (default 1)")
    run.add_argument("--years", type=_positive_float, default=10.0, help="years to simulate (default 10)")
    run.add_argument("--warmup", type=float, default=2.0,
                     help="years left out of the headline figures (default 2)")
    run.set_defaults(handler=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ParameterError, ValueError) as error:
        print(f"deptsim: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("deptsim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
