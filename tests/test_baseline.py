"""The engine's headline figures stay where the recorded baseline puts them (tests/baseline/).

The baseline holds, per run and headline figure, the mean and spread over 30 seeds of the engine it
was recorded from. Here the current engine runs other seeds, and each figure's mean must agree with
the baseline's: the difference of the two means within what chance allows, with a Welch z-test at a
familywise 5% level over all the figures compared (Bonferroni). A figure that moved on purpose (a bug
fixed) is re-recorded with `python tests/baseline/record.py --reason "..."`, which keeps the reason.
"""

from __future__ import annotations

import json
import math
from statistics import NormalDist

import numpy as np
import pytest
from baseline.record import BASELINE, RUNS, summaries

RECORD = json.loads(BASELINE.read_text(encoding="utf-8"))
SEEDS = range(1001, 1021)
FAMILYWISE_ALPHA = 0.05
COMPARISONS = sum(len(figures) for figures in RECORD["figures"].values())
Z = NormalDist().inv_cdf(1 - FAMILYWISE_ALPHA / (2 * COMPARISONS))


def disagreement(recorded: dict[str, float], values: np.ndarray) -> float:
    """|difference of means| over its standard error (Welch); inf when it differs and neither varies."""
    difference = abs(float(values.mean()) - recorded["mean"])
    error = math.sqrt(recorded["sd"] ** 2 / recorded["n"] + float(values.var(ddof=1)) / len(values))
    if error == 0:
        return 0.0 if difference < 1e-12 else math.inf
    return difference / error


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_headline_figures_agree_with_the_baseline(name):
    figures = summaries(name, SEEDS)
    off = {key: (round(float(values.mean()), 6), round(RECORD["figures"][name][key]["mean"], 6),
                 round(disagreement(RECORD["figures"][name][key], values), 2))
           for key, values in figures.items() if disagreement(RECORD["figures"][name][key], values) > Z}
    assert not off, f"{name}: figures away from the baseline (now, baseline, z > {Z:.2f}): {off}"
