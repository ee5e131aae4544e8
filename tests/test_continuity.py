"""Continuity: a change of caseworker and what follows it (ODD 7.16, docs/parameters.md "Continuity and
complaints").

Flower, McDonald and Sumski (2005, Milwaukee) found that 74.5% of children with one case manager reached
permanency within 18 months and 17.5% of those with two: a ratio of about 4.3. Part of that is selection
(long cases collect more caseworkers), part may be the change itself. The model shows how much selection
alone gives, and `handover_settling_weeks` adds the change's own effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import deptsim
from deptsim.calibration.figures import complaints_per_case_year, exits_by_caseworkers
from deptsim.params import Parameters
from deptsim.workforce.continuity import settling_share

SEEDS = range(1, 7)
YEARS = 10
FLOWER_RATIO = 0.745 / 0.175


def measures_by_caseworkers(params: Parameters) -> pd.DataFrame:
    """Preventive measures started in years 2 to 8.5, pooled over the seeds: spells and the share ended within
    78 weeks, by the number of caseworkers the family had meanwhile."""
    tables = []
    for seed in SEEDS:
        result = deptsim.simulate(params, seed=seed, years=YEARS)
        table = exits_by_caseworkers(result, 104, YEARS * 52, start="measure_start", end="measure_end")
        tables.append(table.assign(ended=table.spells * table.ended_share))
    pooled = pd.concat(tables).groupby(level=0)[["spells", "ended"]].sum()
    return pooled.assign(ended_share=pooled.ended / pooled.spells)


@pytest.fixture(scope="module")
def without_effect() -> pd.DataFrame:
    return measures_by_caseworkers(Parameters())


def ratio(table: pd.DataFrame) -> float:
    """How much more often spells with one caseworker ended than spells with two."""
    return float(table.ended_share[1] / table.ended_share[2])


def test_selection_alone_links_more_caseworkers_to_later_exits_but_less_than_flower_found(without_effect):
    assert without_effect.spells[2] > 300  # enough spells with two caseworkers to compare
    assert without_effect.ended_share[1] > without_effect.ended_share[2] > without_effect.ended_share[3]
    assert 1.05 < ratio(without_effect) < FLOWER_RATIO


def open_cases_and_placements(**changes) -> tuple[float, float]:
    """Open cases and placed children, the mean over years 2-6 and the seeds."""
    rows = [deptsim.simulate(Parameters().replace(**changes), seed=seed, years=6).weekly.iloc[104:] for seed in SEEDS]
    return (sum(w.open_cases.mean() for w in rows) / len(rows),
            sum(w.placements_active.mean() for w in rows) / len(rows))


def test_one_caseworker_per_family_buys_more_when_a_change_costs_the_family_help():
    """With no settling period, continuity saves complaints and little else; with 26 weeks (the new caseworker
    gets to know the family) it keeps fewer cases open and fewer children placed."""
    saved = {}
    for weeks in (0.0, 26.0):
        off = open_cases_and_placements(handover_settling_weeks=weeks)
        on = open_cases_and_placements(handover_settling_weeks=weeks, continuity=True)
        saved[weeks] = (off[0] - on[0], off[1] - on[1])
    assert saved[26.0][0] > saved[0.0][0] + 8
    assert saved[26.0][1] > saved[0.0][1] + 3


def test_the_help_reaching_a_family_grows_back_over_the_settling_weeks():
    weeks = np.array([0.0, 6.5, 13.0, 26.0, 100.0])
    assert settling_share(weeks, handover_settling_weeks=13.0).tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
    assert settling_share(weeks, handover_settling_weeks=0.0).tolist() == [1.0] * 5


def test_complaints_per_open_case_year_are_of_the_size_danish_and_english_figures_give():
    """0.004-0.016 appeals per case-year in Sorø (2017), roughly 0.03-0.08 decided appeals in children's cases
    per child with a measure nationally (Ankestyrelsen 2023) and about 0.07 first-stage complaints per child in
    need in Bradford (2022/23): the model's complaints (to the department, its citizens' adviser or the Board)
    should lie in that range, and fall with continuity."""
    rates = {}
    for continuity in (False, True):
        params = Parameters().replace(continuity=continuity)
        rates[continuity] = sum(complaints_per_case_year(deptsim.simulate(params, seed=seed, years=6), 104, 312)
                                for seed in SEEDS) / len(SEEDS)
    assert 0.02 < rates[False] < 0.10
    assert rates[True] < rates[False] * 0.9


def test_complaints_are_counted_by_their_cause():
    def totals(**changes):
        weekly = deptsim.simulate(Parameters().replace(**changes), seed=3, years=4).weekly
        return weekly[["complaints", "complaints_waiting", "complaints_change"]].sum()

    everything = totals()
    assert 0 < everything.complaints_waiting < everything.complaints
    assert 0 < everything.complaints_change < everything.complaints
    assert totals(complaint_per_overdue_week=0.0).complaints_waiting == 0
    assert totals(complaint_per_change=0.0).complaints_change == 0
    only_waiting = totals(complaint_rate_year=0.0, complaint_per_change=0.0, corner_cutting=False)
    assert only_waiting.complaints == only_waiting.complaints_waiting > 0
