"""Scenario files with mistakes (issue 19, items 6, 8, 9 and 10): each refused with one message naming the
file that holds the mistake, the key and what is allowed; what is allowed but probably not meant, warned."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from deptsim import Parameters
from deptsim.scenario import ScenarioError, load_scenario

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def write(folder: Path, name: str, body: str) -> Path:
    """Write a scenario file (dedented) and return its path."""
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    """The one-line message loading `path` gives; fails the test if it loads."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def intervention(kind: str, **fields: str) -> str:
    """An [[interventions]] table in week 10 with the fields written as given (TOML values)."""
    lines = [f'kind = "{kind}"', "week = 10", *(f"{k} = {v}" for k, v in fields.items())]
    return "[[interventions]]\n" + "\n".join(lines) + "\n"


# --- item 6: every number finite and in range -----------------------------------------------------

NOT_FINITE_OR_OUT_OF_RANGE = [
    ("budget_cut_nan", intervention("budget_cut", dkk_per_year="nan"), "interventions[0].dkk_per_year", "finite"),
    ("budget_cut_inf", intervention("budget_cut", dkk_per_year="inf"), "interventions[0].dkk_per_year", "finite"),
    ("caseload_nan", "[scenario]\ncaseload = nan\n", "scenario.caseload", "finite"),
    ("caseload_inf", "[scenario]\ncaseload = inf\n", "scenario.caseload", "finite"),
    ("caseload_huge", "[scenario]\ncaseload = 1e300\n", "scenario.caseload", "at most 10000"),
    ("target_nan", intervention("caseload_target", target="nan"), "interventions[0].target", "finite"),
    ("target_below_one", intervention("caseload_target", target="0.001"), "interventions[0]", "at least 1"),
    ("target_huge", intervention("caseload_target", target="1e12"), "interventions[0].target", "between 0 and"),
    ("share_nan", intervention("documentation_relief", share="nan"), "interventions[0].share", "finite"),
    ("count_huge", intervention("add_positions", count="4611686018427387904"), "interventions[0].count",
     "between -1000000 and 1000000"),
    ("intake_negative", intervention("intake_team", size="-1"), "interventions[0].size", "between 0 and"),
    ("leaders_huge", intervention("team_leaders", count="1000000000"), "interventions[0].count", "between 0 and"),
    ("week_huge", "[[interventions]]\nkind = \"mentoring\"\nweek = 4611686018427387904\n", "interventions[0].week",
     "between 0 and 1000000"),
    ("values_nan", "[[interventions]]\nkind = \"parameters\"\nweek = 1\n[interventions.values]\nadmin_share = nan\n",
     "interventions[0].values.admin_share", "finite"),
    ("note_not_text", "[[interventions]]\nkind = \"mentoring\"\nweek = 1\nnote = nan\n", "interventions[0].note",
     "a string"),
]


@pytest.mark.parametrize(("name", "body", "key", "allowed"), NOT_FINITE_OR_OUT_OF_RANGE,
                         ids=[case[0] for case in NOT_FINITE_OR_OUT_OF_RANGE])
def test_every_number_is_checked_for_finiteness_and_range(tmp_path, name, body, key, allowed):
    path = write(tmp_path, f"{name}.toml", body)
    message = error_of(path)
    assert message.startswith(f"{path}: {key}: ")
    assert allowed in message


def test_an_integer_too_large_for_a_float_is_refused_with_a_short_number(tmp_path):
    path = write(tmp_path, "huge.toml", "[parameters]\nadmin_share = 1" + "0" * 400 + "\n")
    message = error_of(path)
    assert message.startswith(f"{path}: parameters.admin_share: ") and "out of range" in message
    assert "1e+400" in message and len(message) < 200 + len(str(path))


def test_numbers_in_messages_are_short(tmp_path):
    """A caseload of 1e-300 would need about 8e302 positions: the message says so in a few characters."""
    path = write(tmp_path, "tiny.toml", "[scenario]\ncaseload = 1e-300\n")
    message = error_of(path)
    assert message.startswith(f"{path}: scenario.caseload: ")
    assert "1e-300" in message and "e+302 positions" in message
    assert len(message) < 200 + len(str(path))


def test_parameter_changes_are_checked_together_in_the_order_they_take_effect(tmp_path):
    """Each change is valid against the starting values, but together they break advice <= investigation."""
    path = write(tmp_path, "together.toml", """
        [[interventions]]
        kind = "parameters"
        week = 10
        [interventions.values]
        advice_need = 2.0
        [[interventions]]
        kind = "parameters"
        week = 20
        [interventions.values]
        investigate_need = 1.5
    """)
    message = error_of(path)
    assert message.startswith(f"{path}: interventions[1].values.investigate_need: ")
    assert "must not exceed" in message and "week 20" in message


def test_a_budget_cut_needs_a_caseworker_cost(tmp_path):
    path = write(tmp_path, "free.toml", "[parameters]\ncaseworker_cost_dkk_year = 0\n"
                 + intervention("budget_cut", dkk_per_year="1000000"))
    assert error_of(path).startswith(f"{path}: interventions[0].dkk_per_year: a budget cut needs")


# --- item 8: a byte-order mark ----------------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf[scenario]\nname = \"Notepad\"\n[parameters]\npositions = 20\n")
    scenario = load_scenario(path)
    assert scenario.name == "Notepad" and scenario.params.positions == 20


def test_a_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "unicode.toml"
    path.write_bytes("[parameters]\npositions = 20\n".encode("utf-16"))
    assert error_of(path) == f"{path}: is saved as UTF-16; save it as UTF-8"


# --- item 9: the file that holds the mistake, and near-miss names ------------------------------------


def test_a_mistake_in_a_parent_is_reported_against_the_parent_with_the_chain(tmp_path):
    parent = write(tmp_path, "p.toml", "[parameters]\npositons = 20\n")
    child = write(tmp_path, "c.toml", 'extends = "p.toml"\n')
    message = error_of(child)
    assert message.startswith(f"{parent} (extended by {child}): parameters.positons: unknown parameter")
    assert "did you mean 'positions'?" in message
    parent.write_text("[parameters]\npositions = 20\n", encoding="utf-8")
    child.write_text('extends = "p.toml"\n[parameters]\nadmin_share = 2\n', encoding="utf-8")
    assert error_of(child).startswith(f"{child}: parameters.admin_share: ")


def test_a_mistake_two_files_up_names_the_whole_chain(tmp_path):
    grandparent = write(tmp_path, "g.toml", intervention("mentoring") + intervention("add_positions", count="0"))
    parent = write(tmp_path, "p.toml", 'extends = "g.toml"\n' + intervention("mentoring"))
    child = write(tmp_path, "c.toml", 'extends = "p.toml"\n')
    message = error_of(child)
    assert message.startswith(f"{grandparent} (extended by {parent}, in turn extended by {child}): "
                              "interventions[1]: 'count' must not be 0")


def test_unreadable_toml_in_a_parent_names_the_parent(tmp_path):
    parent = write(tmp_path, "p.toml", "[parameters\n")
    child = write(tmp_path, "c.toml", 'extends = "p.toml"\n')
    assert error_of(child).startswith(f"{parent} (extended by {child}): not valid TOML")


NEAR_MISSES = [
    ("top", "[scenarios]\nname = \"x\"\n", "scenarios", "did you mean 'scenario'?"),
    ("scenario_key", "[scenario]\ncaseloads = 30\n", "scenario.caseloads", "did you mean 'caseload'?"),
    ("parameter", "[parameters]\nchildern = 100\n", "parameters.childern", "did you mean 'children'?"),
    ("kind", "[[interventions]]\nkind = \"add_position\"\nweek = 1\ncount = 1\n", "interventions[0].kind",
     "did you mean 'add_positions'?"),
    ("field", "[[interventions]]\nkind = \"add_positions\"\nweek = 1\ncont = 1\n", "interventions[0].cont",
     "did you mean 'count'?"),
    ("values", "[[interventions]]\nkind = \"parameters\"\nweek = 1\n[interventions.values]\nmentorin = true\n",
     "interventions[0].values.mentorin", "did you mean 'mentoring'?"),
    ("wrong_table", "[parameters]\ncaseload = 30\n", "parameters.caseload", "set it under [scenario]"),
    ("wrong_table_2", "[scenario]\npositions = 30\n", "scenario.positions", "set it under [parameters]"),
]


@pytest.mark.parametrize(("name", "body", "key", "hint"), NEAR_MISSES, ids=[case[0] for case in NEAR_MISSES])
def test_near_miss_names_get_a_suggestion(tmp_path, name, body, key, hint):
    path = write(tmp_path, f"{name}.toml", body)
    message = error_of(path)
    assert message.startswith(f"{path}: {key}: ") and hint in message


def test_unknown_parameters_in_code_get_a_suggestion_too():
    with pytest.raises(ValueError, match="positons \\(did you mean 'positions'\\?\\)"):
        Parameters().replace(positons=3)


def test_a_childs_caseload_replaces_its_parents_positions(tmp_path):
    write(tmp_path, "p.toml", "[parameters]\npositions = 20\nchildren = 16000\n")
    child = write(tmp_path, "c.toml", 'extends = "p.toml"\n[scenario]\ncaseload = 25\n')
    positions = load_scenario(child).params.positions
    assert positions != 20 and positions == load_scenario(write(tmp_path, "alone.toml", """
        [scenario]
        caseload = 25
        [parameters]
        children = 16000
    """)).params.positions


def test_an_intervention_before_an_inherited_start_date_names_where_the_date_is_set(tmp_path):
    write(tmp_path, "p.toml", "[scenario]\nstart_date = 2020-01-01\n")
    child = write(tmp_path, "c.toml", 'extends = "p.toml"\n[[interventions]]\nkind = "mentoring"\n'
                  "start = 2019-06-01\n")
    message = error_of(child)
    assert message.startswith(f"{child}: interventions[0].start: 2019-06-01 is before scenario.start_date")
    assert f"(set in {tmp_path / 'p.toml'})" in message


# --- item 10: folders, impossible removals, warnings -------------------------------------------------


def test_a_folder_is_named_as_a_folder(tmp_path):
    folder = tmp_path / "department.toml"
    folder.mkdir()
    assert error_of(folder) == f"{folder}: is a folder, not a scenario file"


def test_extends_naming_a_folder_is_named_as_a_folder(tmp_path):
    (tmp_path / "base").mkdir()
    child = write(tmp_path, "c.toml", 'extends = "base"\n')
    assert error_of(child) == f"{child}: extends: {tmp_path / 'base'} is a folder, not a scenario file"


def test_removing_more_positions_than_exist_is_an_error(tmp_path):
    path = write(tmp_path, "cut.toml", "[parameters]\npositions = 27\n" + intervention("add_positions", count="-300"))
    message = error_of(path)
    assert message.startswith(f"{path}: interventions[0].count: -300 would remove more positions than the 27")
    assert "allowed: -27 or more" in message


def test_removals_count_the_positions_added_before_them(tmp_path):
    body = ("[parameters]\npositions = 27\n" + intervention("add_positions", count="5")
            + "[[interventions]]\nkind = \"add_positions\"\nweek = 20\ncount = -32\n")
    assert load_scenario(write(tmp_path, "ok.toml", body)).warnings == []
    too_many = body.replace("count = -32", "count = -33")
    assert "allowed: -32 or more" in error_of(write(tmp_path, "bad.toml", too_many))


def test_a_removal_under_a_caseload_target_is_only_warned_about(tmp_path):
    """With a caseload target on, staffing follows the cases: the file cannot know the positions then."""
    path = write(tmp_path, "target.toml", "[parameters]\npositions = 27\n"
                 + intervention("caseload_target", target="20")
                 + "[[interventions]]\nkind = \"add_positions\"\nweek = 30\ncount = -40\n")
    (warning,) = load_scenario(path).warnings
    assert warning.startswith(f"{path}: interventions[1].count: -40 may remove more positions than exist")


def test_an_intake_team_larger_than_the_staff_is_warned_about(tmp_path):
    path = write(tmp_path, "team.toml", "[parameters]\npositions = 27\n" + intervention("intake_team", size="30"))
    (warning,) = load_scenario(path).warnings_for()
    assert warning.startswith(f"{path}: interventions[0].size: an intake team of 30 is larger than the 27 positions")


def test_an_intervention_after_the_end_of_the_run_is_warned_about(tmp_path):
    path = write(tmp_path, "late.toml", """
        [scenario]
        start_date = 2024-01-01
        [[interventions]]
        kind = "mentoring"
        start = 2040-01-01
    """)
    scenario = load_scenario(path)
    assert scenario.warnings == []
    (warning,) = scenario.warnings_for()
    assert warning.startswith(f"{path}: interventions[0]: 2040-01-01 (week 834) is after the end of a 10-year run "
                              "(the default --years; 520 weeks)")
    assert warning.endswith("takes effect only in runs of more than 834 weeks (16.0 years)")
    assert scenario.warnings_for(17) == []
    assert "after the end of a 5-year run" in scenario.warnings_for(5)[0]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_give_no_warnings(path):
    assert load_scenario(path).warnings_for() == []
