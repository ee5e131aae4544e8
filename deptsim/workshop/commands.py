"""`deptsim workshop [SCENARIO] [--port P] [--host H]`: serve the live simulation for a room."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deptsim.arguments import SEED_MAX, count
from deptsim.reports.labels import LANGUAGES
from deptsim.scenario import load_scenario
from deptsim.workshop.server import LOOPBACK, serve
from deptsim.workshop.settings import Settings

DEFAULT_PORT = 8765


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `workshop` command to deptsim's command line."""
    workshop = commands.add_parser(
        "workshop", help="a live simulation in the browser, for trainers in front of a room",
        description="Serve a web page that runs the department live: a tile per caseworker coloured by strain, "
                    "its clients (the referrals waiting for assessment; in a job centre the citizens on benefit "
                    "and those waiting for a meeting), live charts, levers to pull while it runs, and a "
                    "side-by-side mode that runs the department with and without the reform on the same random "
                    "numbers. Open the printed address in a browser; Ctrl-C stops it.",
        epilog="Writes no files: the simulation lives in the page's session only.")
    workshop.add_argument("scenario", nargs="?", metavar="SCENARIO",
                          help="scenario file to start with, of either kind of department (default: the default "
                               "children's department)")
    workshop.add_argument("--port", type=count(0, 65535), default=DEFAULT_PORT,
                          help=f"port to serve on (default {DEFAULT_PORT}; 0 picks a free one)")
    workshop.add_argument("--host", default=LOOPBACK,
                          help=f"address to listen on (default {LOOPBACK}: this machine only; 0.0.0.0 lets "
                               "anyone on the network open the page and pull its levers, and prints this "
                               "machine's addresses for participants)")
    workshop.add_argument("--lang", choices=LANGUAGES, default="en", help="labels in English or Danish (default en)")
    workshop.add_argument("--seed", type=count(0, SEED_MAX), default=1,
                          help=f"seed of the random numbers, 0 to {SEED_MAX} (default 1)")
    workshop.set_defaults(handler=_workshop)


def _workshop(args: argparse.Namespace) -> int:
    scenario = ""
    if args.scenario:
        load_scenario(args.scenario)  # a broken file gets its one message now, not in the browser
        scenario = str(Path(args.scenario).resolve())
    try:
        serve(Settings(scenario=scenario, lang=args.lang, seed=args.seed), host=args.host, port=args.port,
              announce=lambda line: print(line, flush=True),
              warn=lambda line: print(line, file=sys.stderr, flush=True))
    except OSError as error:
        raise ValueError(f"cannot serve on {args.host} port {args.port}: {error.strerror or error}") from None
    except KeyboardInterrupt:
        pass
    print("deptsim workshop: stopped", flush=True)
    return 0
