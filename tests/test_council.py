"""The municipality responds (issue 21): lasting overload is found, and after the council's delay positions
are added to bring the caseload to the level aimed at (deptsim.council)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from deptsim import simulate
from deptsim.council import ResponseRule, overloaded, positions_to_add
from deptsim.interventions import MunicipalityResponds
from deptsim.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
RULE = ResponseRule(caseload_above=50.0, on_time_below=0.0, for_weeks=26, delay_weeks=52, caseload_to=40.0)


def positions(result) -> np.ndarray:
    weekly = result.weekly
    return (weekly.staff_in_post + weekly.vacancies).to_numpy()


def test_positions_to_add_restores_the_caseload_aimed_at():
    assert positions_to_add(open_cases=1800, positions=30, caseload_to=45.0) == 10
    assert positions_to_add(open_cases=1801, positions=30, caseload_to=45.0) == 11
    assert positions_to_add(open_cases=900, positions=30, caseload_to=45.0) == 0


def test_overload_is_the_caseload_or_late_investigations_when_judged():
    assert overloaded(60.0, 1.0, RULE) and not overloaded(45.0, 0.1, RULE)
    judged = ResponseRule(55.0, 0.5, 26, 52, 45.0)
    assert overloaded(50.0, 0.4, judged) and not overloaded(50.0, 0.6, judged)
    assert not overloaded(50.0, float("nan"), judged)  # nothing finished this quarter: not judged


@pytest.fixture(scope="module")
def assens() -> dict[str, list]:
    """Assens 2014 with 6 positions instead of 8 (about 60-75 cases per caseworker, strained for years), with
    and without the response."""
    scenario = load_scenario(ROOT / "scenarios" / "assens_2014.toml")
    scenario.params = scenario.params.replace(positions=6)
    runs: dict[str, list] = {"without": [], "with": []}
    for seed in range(1, 5):
        runs["without"].append(simulate(scenario.params, years=5, seed=seed, interventions=scenario.interventions))
        runs["with"].append(simulate(scenario.params, years=5, seed=seed,
                                     interventions=[*scenario.interventions, MunicipalityResponds(0, RULE)]))
    return runs


def test_the_response_comes_after_lasting_overload_and_the_councils_delay(assens):
    start = assens["without"][0].params.positions
    for with_, without in zip(assens["with"], assens["without"], strict=True):
        assert np.array_equal(positions(without), np.full(len(positions(without)), start))
        grown = np.flatnonzero(positions(with_) > start)
        assert len(grown), "no positions were added to a department that stayed overloaded"
        assert grown[0] >= RULE.for_weeks + RULE.delay_weeks  # found after 26 weeks at the earliest, then 52
        first = grown[0]
        open_cases = with_.weekly.open_cases.to_numpy()[first - 1]
        assert positions(with_)[first] >= open_cases / RULE.caseload_to - 1  # enough to aim at 45


def test_the_added_positions_lower_the_caseload(assens):
    def late_caseload(runs) -> float:
        return float(np.mean([r.weekly.caseload_mean.to_numpy()[-52:].mean() for r in runs]))

    assert late_caseload(assens["with"]) < late_caseload(assens["without"]) - 10


def test_a_department_that_is_not_overloaded_gets_nothing():
    scenario = load_scenario(ROOT / "scenarios" / "union_guideline.toml")
    result = simulate(scenario.params, years=4, seed=1,
                      interventions=[*scenario.interventions, MunicipalityResponds(0, RULE)])
    assert (positions(result) == scenario.params.positions).all()


def test_the_scenario_file_takes_it_with_defaults_and_checks_it(tmp_path):
    base = ROOT / "scenarios" / "assens_2014.toml"
    good = tmp_path / "good.toml"
    good.write_text(f'extends = "{base}"\n[[interventions]]\nkind = "municipality_responds"\nweek = 0\n',
                    encoding="utf-8")
    rule = load_scenario(good).interventions[-1].rule
    assert rule == ResponseRule(55.0, 0.0, 26, 52, 45.0)
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{base}"\n[[interventions]]\nkind = "municipality_responds"\nweek = 0\n'
                   "caseload_to = 60\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"caseload_to.*must be at most 'caseload_above'"):
        load_scenario(bad)
