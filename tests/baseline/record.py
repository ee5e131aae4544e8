"""Record the statistical baseline of the model's headline figures (tests/test_baseline.py checks against it).

For each baseline run (the default department and three shipped scenarios), `SEEDS` replicates of
`YEARS` years; per headline figure (deptsim.SUMMARY_KEYS, from year `FROM_YEAR`) the mean, the standard
deviation and the 95% interval of the mean over replicates. The file also says which code produced it
and why it was recorded, so a figure moved on purpose (a bug fixed) leaves a trace:

    python tests/baseline/record.py --reason "why the figures moved"
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

import deptsim

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BASELINE = HERE / "summary_baseline.json"
RUNS = {"default": None, "union_guideline": "union_guideline.toml", "assens_2014": "assens_2014.toml",
        "assens_2016_reform": "assens_2016_reform.toml"}
SEEDS = range(1, 31)
YEARS = 10.0
FROM_YEAR = 2.0


def scenario_of(name: str) -> deptsim.Scenario:
    """The scenario of a baseline run (the default department for 'default')."""
    file = RUNS[name]
    return deptsim.Scenario.default() if file is None else deptsim.load_scenario(ROOT / "scenarios" / file)


def summaries(name: str, seeds) -> dict[str, np.ndarray]:
    """Each headline figure of the run `name`, one value per seed."""
    scenario = scenario_of(name)
    rows = [deptsim.simulate(scenario.params, seed=seed, years=YEARS, interventions=scenario.interventions)
            .summary(from_year=FROM_YEAR) for seed in seeds]
    return {key: np.array([row[key] for row in rows], dtype=float) for key in deptsim.SUMMARY_KEYS}


def describe(values: np.ndarray) -> dict[str, float]:
    """Mean, standard deviation, count and the 95% interval of the mean (normal approximation)."""
    mean, sd, n = float(values.mean()), float(values.std(ddof=1)), len(values)
    half = 1.96 * sd / np.sqrt(n)
    return {"mean": mean, "sd": sd, "n": n, "low": mean - half, "high": mean + half}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reason", required=True, help="why the baseline is (re)recorded")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    figures = {}
    for name in RUNS:
        print(f"recording {name} ({len(SEEDS)} seeds)", file=sys.stderr)
        figures[name] = {key: describe(values) for key, values in summaries(name, SEEDS).items()}
    record = {"recorded_at_commit": commit, "reason": args.reason, "seeds": [SEEDS.start, SEEDS.stop - 1],
              "years": YEARS, "from_year": FROM_YEAR, "figures": figures}
    BASELINE.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"written {BASELINE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
