"""A fingerprint of the model's outputs, to prove that an optimisation changed no result.

Runs the default department (seeds 1-3, 6 years) and every shipped scenario (seed 4,
8 years, with its interventions) and hashes every table of each result: the weekly
figures, the event log, the referral, investigation and case books. Run it before and
after a change; the same digest means bit-identical outputs. A change that reorganises
a random stream changes the digest, and docs/performance.md must say so.

    python benchmarks/fingerprint.py            # one digest per run and one for all
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pandas as pd

import deptsim
from deptsim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def digest(result: deptsim.Result) -> str:
    """SHA-256 over the values of every table of a result."""
    h = hashlib.sha256()
    for table in (result.weekly, result.events, result.referrals, result.investigations, result.cases):
        h.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return h.hexdigest()


def runs():
    """(name, result) for the fingerprinted runs."""
    for seed in (1, 2, 3):
        yield f"default seed {seed}", deptsim.simulate(seed=seed, years=6)
    for path in sorted(SCENARIOS.glob("*.toml")):
        scenario = load_scenario(path)
        yield path.stem, deptsim.simulate(scenario.params, seed=4, years=8, interventions=scenario.interventions)


def main() -> int:
    everything = hashlib.sha256()
    for name, result in runs():
        run_digest = digest(result)
        everything.update(run_digest.encode())
        print(f"  {name:28s} {run_digest[:16]}", file=sys.stderr)
    print(everything.hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main())
