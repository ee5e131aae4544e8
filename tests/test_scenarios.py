"""Scenario files: loading, inheritance, dates, and each kind of intervention acting on its mechanism."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from deptsim import DepartmentModel, Parameters, simulate
from deptsim.childwelfare.family import Stage
from deptsim.interventions import (
    AddPositions,
    BudgetCut,
    CaseloadTarget,
    Continuity,
    DocumentationRelief,
    HiringFreeze,
    IntakeTeam,
    Mentoring,
    SetParameters,
    TeamLeaders,
)
from deptsim.scenario import ScenarioError, load_scenario
from deptsim.workforce.allocation import duty_shares

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_there_are_shipped_scenarios_for_each_article():
    names = {p.stem for p in SCENARIOS}
    assert {"assens_2014", "assens_2016_reform", "gladsaxe_trial", "slagelse_continuity", "aalborg_2020",
            "union_guideline"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_name_their_article(path):
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#") and ("article" in header or "DOMAIN" in header or "union" in header.lower())
    scenario = load_scenario(path)
    assert scenario.description


def test_extends_inherits_overrides_and_adds_interventions(tmp_path):
    write(tmp_path, "base.toml", """
        [scenario]
        name = "base"
        start_date = 2020-01-01
        [parameters]
        children = 9000
        positions = 15
        [[interventions]]
        kind = "mentoring"
        week = 10
    """)
    write(tmp_path, "middle.toml", """
        extends = "base.toml"
        [parameters]
        positions = 18
    """)
    child = write(tmp_path, "child.toml", """
        extends = "middle.toml"
        [scenario]
        name = "child"
        [[interventions]]
        kind = "add_positions"
        start = 2022-01-01
        count = 4
    """)
    scenario = load_scenario(child)
    assert scenario.name == "child"
    assert scenario.params.children == 9000 and scenario.params.positions == 18
    assert [type(i) for i in scenario.interventions] == [Mentoring, AddPositions]
    assert scenario.interventions[1].week == (731 // 7)  # 2020-01-01 to 2022-01-01 is 731 days


def test_caseload_sets_positions_from_the_starting_case_stock(tmp_path):
    path = write(tmp_path, "s.toml", """
        [scenario]
        caseload = 40
        [parameters]
        children = 20000
    """)
    params = load_scenario(path).params
    stock = 20 * (params.initial_placements_per_1000 + params.initial_preventive_per_1000
                  + params.initial_advice_per_1000 + params.initial_investigations_per_1000)
    assert params.positions == round(stock / 40)


BAD_FILES = [
    ("unknown_top.toml", "[departement]\nchildren = 1\n", "departement: unknown key"),
    ("unknown_param.toml", "[parameters]\nchildern = 1\n", "parameters.childern: unknown parameter"),
    ("wrong_type.toml", "[parameters]\npositions = \"many\"\n", "parameters.positions"),
    ("impossible.toml", "[parameters]\nrereferral_share = 1.5\n", "parameters.rereferral_share"),
    ("negative.toml", "[parameters]\npositions = -3\n", "parameters.positions"),
    ("bad_toml.toml", "[parameters\npositions = 3\n", "not valid TOML"),
    ("bad_kind.toml", "[[interventions]]\nkind = \"fire_everyone\"\nweek = 1\n", "interventions[0].kind: must be one"),
    ("missing_field.toml", "[[interventions]]\nkind = \"add_positions\"\nweek = 1\n",
     "interventions[0].count: is required"),
    ("no_date.toml", "[[interventions]]\nkind = \"mentoring\"\nstart = 2020-01-01\n",
     "needs scenario.start_date"),
    ("both_times.toml", "[[interventions]]\nkind = \"mentoring\"\nweek = 1\nstart = 2020-01-01\n",
     "exactly one of 'start'"),
    ("early.toml", "[scenario]\nstart_date = 2020-01-01\n[[interventions]]\nkind = \"mentoring\"\n"
     "start = 2019-01-01\n", "is before scenario.start_date"),
    ("bad_share.toml", "[[interventions]]\nkind = \"documentation_relief\"\nweek = 1\nshare = 2.0\n",
     "interventions[0].share: must be between 0 and 1"),
    ("bad_set.toml", "[[interventions]]\nkind = \"parameters\"\nweek = 1\n[interventions.values]\nadmin_share = 3\n",
     "'admin_share' = 3"),
    ("missing_parent.toml", "extends = \"nowhere.toml\"\n", "extends: no such scenario file"),
    ("both_sizes.toml", "[scenario]\ncaseload = 30\n[parameters]\npositions = 3\n", "give either"),
]


@pytest.mark.parametrize(("name", "body", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_give_one_clear_message(tmp_path, name, body, message):
    path = write(tmp_path, name, body)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_cycles_are_detected(tmp_path):
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="cycle of extends"):
        load_scenario(tmp_path / "a.toml")


def test_missing_file():
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario("does/not/exist.toml")


# --- each intervention acts on its mechanism -------------------------------------------------

def run(params: Parameters, interventions, years: float = 3, seed: int = 1):
    return simulate(params, seed=seed, years=years, interventions=interventions)


def test_add_positions_opens_vacancies_that_are_then_filled():
    start = Parameters().positions
    weekly = run(Parameters(), [AddPositions(52, 6)]).weekly
    positions = weekly.staff_in_post + weekly.vacancies
    assert (positions.iloc[:52] == start).all() and (positions.iloc[52:] == start + 6).all()
    assert weekly.staff_in_post.iloc[100:].mean() > weekly.staff_in_post.iloc[:52].mean() + 3


def test_removing_positions_hands_cases_over():
    weekly = run(Parameters(), [AddPositions(26, -5)], years=1).weekly
    assert ((weekly.staff_in_post + weekly.vacancies).iloc[26:] == Parameters().positions - 5).all()
    assert weekly.caseworker_changes.iloc[26] > 20
    assert weekly.unassigned_cases.max() == 0


def test_caseload_target_makes_staffing_follow_the_cases():
    weekly = run(Parameters(positions=20), [CaseloadTarget(0, 25.0)], years=3).weekly
    positions = weekly.staff_in_post + weekly.vacancies
    # staffing is set at each week's start, on the cases open at the end of the week before
    per_position = weekly.open_cases.shift(1) / positions
    assert positions.iloc[-1] > 25
    assert per_position.iloc[1:].max() <= 25.0


def test_intake_team_assesses_new_referrals_and_keeps_the_advice_cases():
    model = DepartmentModel(Parameters(), seed=2, interventions=[IntakeTeam(10, 3)])
    for _ in range(40):
        model.step()
    roster, table = model.roster, model.family_table
    team = roster.live("intake_team")
    assert team.sum() == 3
    rows = table.rows()
    advice_holders = table.holder[rows[(table.stage[rows] == Stage.ADVICE) & (table.opened[rows] > 10 * 168)]]
    assert len(advice_holders) > 10 and team[advice_holders].all()
    others = table.holder[rows[table.stage[rows] > Stage.ADVICE]]
    assert not team[others[others >= 0]].any()
    p = model.params
    duty = duty_shares(team, roster.live("nominal"), 0.0, intake_team_duty_share=p.intake_team_duty_share,
                       intake_duty_share=p.intake_duty_share, intake_max_share=p.intake_max_share)
    assert (duty[~team] == 0).all() and (duty[team] > 0).all()


def overloaded(**changes) -> Parameters:
    return Parameters(positions=22, **changes)


def test_team_leaders_slow_the_build_up_of_strain():
    plain = [run(overloaded(), [], years=2, seed=s).weekly.strain_mean.mean() for s in range(3)]
    led = [run(overloaded(), [TeamLeaders(0, {"team_leaders": 3})], years=2, seed=s).weekly.strain_mean.mean()
           for s in range(3)]
    assert np.mean(led) < 0.8 * np.mean(plain)


def test_mentoring_lowers_first_year_resignations():
    def first_year_exits_per_hire(interventions) -> float:
        exits = hires = 0
        for seed in range(6):
            weekly = run(Parameters(positions=24, resignation_rate_year=0.3), interventions, years=6, seed=seed).weekly
            exits += weekly.resignations_first_year.iloc[52:].sum()
            hires += weekly.hires.iloc[:-52].sum()
        return exits / hires

    assert first_year_exits_per_hire([Mentoring(0, {"mentoring": True})]) < 0.85 * first_year_exits_per_hire([])


def test_documentation_relief_cuts_the_hours_cases_need():
    weekly = run(Parameters(), [DocumentationRelief(26, {"documentation_relief": 0.5})], years=1).weekly
    per_case = weekly.case_hours_demanded / weekly.open_cases
    assert per_case.iloc[27:].mean() < 0.9 * per_case.iloc[:26].mean()


def test_continuity_means_fewer_caseworker_changes():
    plain = np.mean([run(Parameters(), [], seed=s).summary(1)["caseworker_changes_per_family"] for s in range(3)])
    kept = np.mean([run(Parameters(), [Continuity(0, {"continuity": True})], seed=s).summary(1)[
        "caseworker_changes_per_family"] for s in range(3)])
    assert kept < 0.7 * plain


def test_hiring_freeze_fills_no_vacancy_until_lifted():
    weekly = run(Parameters(resignation_rate_year=0.5), [HiringFreeze(10, True), HiringFreeze(60, False)]).weekly
    assert weekly.hires.iloc[10:60].sum() == 0
    assert weekly.vacancies.iloc[59] > 3
    assert weekly.hires.iloc[60:].sum() > 0


def test_budget_cut_abolishes_the_positions_it_pays_for():
    params = Parameters(resignation_rate_year=0.5)
    weekly = run(params, [BudgetCut(20, 4 * params.caseworker_cost_dkk_year)], years=3).weekly
    positions = weekly.staff_in_post + weekly.vacancies
    assert positions.iloc[19] == params.positions and positions.iloc[-1] == params.positions - 4


def test_parameter_changes_take_effect_at_their_week():
    weekly = run(Parameters(), [SetParameters(52, {"referrals_per_child_year": 0.2})], years=2).weekly
    assert weekly.referrals_arrived.iloc[60:].mean() > 1.5 * weekly.referrals_arrived.iloc[:52].mean()
