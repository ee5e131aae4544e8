"""`deptsim validate`: target files are checked, figures measure what the headline figures measure, the
verdicts follow the bands, and the command writes its report and says by its exit code whether all were met."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pd_testing
import pytest
from helpers import positions_for_caseload

from deptsim import Parameters, simulate
from deptsim.calibration.figures import FIGURES, caseload_children, caseload_families
from deptsim.calibration.targets import TargetError, load_targets
from deptsim.calibration.validate import plan, validate
from deptsim.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "calibration" / "denmark.toml"

ONE_TARGET = """
[[target]]
name = "sick_leave"
figure = "sick_leave_rate"
value = 0.05
band = [0.0, 1.0]
years = [2, 3]
source = "a test"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_figures_measure_what_the_summary_measures():
    result = simulate(seed=3, years=4)
    summary = result.summary(from_year=1)
    weeks = (52, result.weeks)
    assert FIGURES["turnover_rate"](result, *weeks) == pytest.approx(summary["turnover_rate"])
    assert FIGURES["sick_leave_rate"](result, *weeks) == pytest.approx(summary["sick_leave_rate"])
    assert FIGURES["investigation_deadline_met"](result, *weeks) == pytest.approx(summary["investigation_deadline_met"])
    assert caseload_families(result, *weeks) == pytest.approx(summary["caseload_mean"])
    assert caseload_children(result, *weeks) == pytest.approx(1.25 * summary["caseload_mean"])
    placed = result.weekly.placements_active.iloc[52:].mean()
    assert FIGURES["placed_per_1000_children"](result, *weeks) == pytest.approx(placed / 16_000 * 1000)
    params = Parameters()
    assert FIGURES["foster_cost_dkk_per_placement_year"](result, *weeks) == pytest.approx(params.foster_cost_dkk_year)
    assert 1.0 <= FIGURES["referrals_per_referred_family_year"](result, *weeks) < 3.0


def test_direct_contact_is_the_non_documentation_share_of_the_case_work():
    """While documentation_relief is 0, documentation_share acts on the contact figure only, in proportion to
    1 - documentation_share (docs/validation.md, "Time with families"): same seed, same department."""
    low, high = (simulate(Parameters(documentation_share=share), seed=5, years=3) for share in (0.35, 0.66))
    pd_testing.assert_frame_equal(low.weekly.drop(columns="contact_hours"), high.weekly.drop(columns="contact_hours"))
    contact = [FIGURES["direct_contact_share"](result, 52, 156) for result in (low, high)]
    assert contact[1] / contact[0] == pytest.approx(0.34 / 0.65)
    worked = low.weekly.fte_available.iloc[52:156].sum() * 37.0 + low.weekly.overtime_hours.iloc[52:156].sum()
    case_work = low.weekly.case_hours_served.iloc[52:156].sum() + 2.0 * low.weekly.referrals_assessed.iloc[52:156].sum()
    assert contact[0] == pytest.approx(0.65 * case_work / worked)


def test_documentation_relief_gives_an_overloaded_department_more_time_with_families():
    """Gladsaxe: the hours freed from documentation go to the families, when the cases wanted more than they got."""
    strained = Parameters(positions=positions_for_caseload(45))
    contact = FIGURES["direct_contact_share"]
    before, after = ([contact(simulate(dataclasses.replace(strained, documentation_relief=relief), seed=seed, years=3),
                              52, 156) for seed in (1, 2, 3)] for relief in (0.0, 0.5))
    assert np.mean(after) > 1.1 * np.mean(before)


def test_the_foster_care_share_follows_the_institution_threshold():
    """foster_care_share is the foster share of the placed children's weeks; a higher institution_need leaves more
    of the placements to foster care (docs/validation.md, "the placement mix")."""
    share = FIGURES["foster_care_share"]
    low, high = (simulate(Parameters(institution_need=need), seed=2, years=8) for need in (5.2, 6.4))
    weekly = low.weekly.iloc[208:]  # after the initial state's placements, whose mix is set at the start
    assert share(low, 208, low.weeks) == pytest.approx(weekly.open_foster.sum() / weekly.placements_active.sum())
    assert share(high, 208, high.weeks) > share(low, 208, low.weeks) + 0.1


def test_a_figure_over_nothing_is_not_a_number():
    result = simulate(Parameters(positions=0), seed=1, years=1)
    assert math.isnan(FIGURES["turnover_rate"](result, 0, 52))


def test_the_shipped_targets_load_with_their_scenarios_and_sources():
    targets = load_targets(SHIPPED)
    assert len(targets) >= 10
    assert all(target.source and target.band[0] <= target.value <= target.band[1] for target in targets)
    saving = next(target for target in targets if target.against is not None)
    assert (saving.scenario.name, saving.against.name) == ("Assens 2016 reform", "Assens 2014")
    assert (saving.first_week, saving.end_week) == (261, 313)  # 2019 in weeks from 2014-01-01
    runs = plan(targets)
    assert runs[""].years == 10  # the default department, long enough for its latest window
    assert {len(r.measures) for r in runs.values()} >= {1}


@pytest.mark.parametrize(("change", "message"), [
    (("figure = \"sick_leave_rate\"", "figure = \"sick_leave_rat\""), "did you mean 'sick_leave_rate'"),
    (("band = [0.0, 1.0]", "band = [0.1, 0.0]"), "must hold the value 0.05"),
    (("band = [0.0, 1.0]", "band = [0.0, nan]"), "must be a finite number"),
    (("band = [0.0, 1.0]\n", ""), "band: missing"),
    (("years = [2, 3]", "years = [3, 2]"), "must be [first, last]"),
    (("years = [2, 3]", "years = [0, 3]"), "count from 1"),
    (("source = \"a test\"", "source = \"a test\"\nsorce = 1"), "unknown key (did you mean 'source'?)"),
    (("years = [2, 3]", "years = [2, 3]\nscenario = \"missing.toml\""), "no such scenario file"),
])
def test_a_mistake_in_a_target_file_names_the_file_the_target_and_the_key(tmp_path, change, message):
    path = write(tmp_path, "targets.toml", ONE_TARGET.replace(*change))
    with pytest.raises(TargetError) as raised:
        load_targets(path)
    assert str(path) in str(raised.value) and "'sick_leave'" in str(raised.value)
    assert message in str(raised.value)


def test_a_year_before_the_scenario_starts_is_refused(tmp_path):
    write(tmp_path, "s.toml", "[scenario]\nname = \"S\"\nstart_date = 2014-01-01\n")
    path = write(tmp_path, "targets.toml", ONE_TARGET.replace("years = [2, 3]", "years = [2013, 2014]\n"
                                                                                 "scenario = \"s.toml\""))
    with pytest.raises(TargetError, match="2013 begins before the scenario's start date 2014-01-01"):
        load_targets(path)


def test_a_target_against_a_baseline_is_the_difference_of_the_two_runs_with_the_same_seeds(tmp_path):
    write(tmp_path, "base.toml", "[scenario]\nname = \"base\"\n[parameters]\npositions = 25\n")
    write(tmp_path, "more.toml", "extends = \"base.toml\"\n[scenario]\nname = \"more\"\n[parameters]\npositions = 29\n")
    path = write(tmp_path, "targets.toml", ONE_TARGET.replace("sick_leave_rate", "total_cost_mdkk_per_year")
                 .replace("years = [2, 3]", "years = [2, 3]\nscenario = \"more.toml\"\nagainst = \"base.toml\"")
                 .replace("band = [0.0, 1.0]", "band = [-100.0, 100.0]"))
    [verdict] = validate(load_targets(path), replicates=2, seed=5, workers=1, progress=False)
    expected = []
    for seed in (5, 6):
        costs = [FIGURES["total_cost_mdkk_per_year"](simulate(Parameters(positions=n), seed=seed, years=3), 52, 156)
                 for n in (25, 29)]
        expected.append(costs[0] - costs[1])
    np.testing.assert_allclose(verdict.replicates, expected)


def test_the_verdicts_are_the_same_on_one_worker_and_on_two(tmp_path):
    path = write(tmp_path, "targets.toml", ONE_TARGET)
    one = validate(load_targets(path), replicates=3, seed=1, workers=1, progress=False)
    two = validate(load_targets(path), replicates=3, seed=1, workers=2, progress=False)
    np.testing.assert_array_equal(one[0].replicates, two[0].replicates)


def test_validate_reports_each_target_and_exits_1_when_one_is_not_met(tmp_path, capsys):
    unreachable = """
[[target]]
name = "impossible"
figure = "investigation_deadline_met"
value = 0.05
band = [0.0, 0.1]
years = [2, 3]
source = "a test: the default department meets almost every deadline"
"""
    path = write(tmp_path, "targets.toml", ONE_TARGET + unreachable)
    out = tmp_path / "report"
    code = main(["validate", str(path), "--replicates", "2", "--workers", "1", "--quiet", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 1
    assert "1 of 2 targets met" in printed
    assert "pass" in printed and "FAIL" in printed
    report = (out / "validation.md").read_text(encoding="utf-8")
    assert "| sick_leave |" in report and "**not met**" in report
    assert (out / "sick_leave.png").stat().st_size > 0 and (out / "impossible.png").stat().st_size > 0
    assert (out / "validation.csv").read_text(encoding="utf-8").count("\n") == 3


def test_validate_exits_0_when_every_target_is_met_and_2_on_a_bad_file(tmp_path, capsys):
    path = write(tmp_path, "targets.toml", ONE_TARGET)
    assert main(["validate", str(path), "--replicates", "2", "--workers", "1", "--quiet",
                 "--out", str(tmp_path / "report")]) == 0
    bad = write(tmp_path, "bad.toml", ONE_TARGET.replace("sick_leave_rate", "sickness"))
    assert main(["validate", str(bad), "--quiet", "--out", str(tmp_path / "other")]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and str(bad) in error[0] and "figure" in error[0]
    assert not (tmp_path / "other").exists()


def test_the_shipped_targets_run_at_small_replicates(tmp_path, capsys):
    code = main(["validate", str(SHIPPED), "--replicates", "2", "--quiet", "--out", str(tmp_path / "report")])
    printed = capsys.readouterr().out
    assert code in (0, 1)
    for target in load_targets(SHIPPED):
        assert target.name in printed
        assert (tmp_path / "report" / f"{target.name}.png").exists()


FOSTER_CARE = """
[[target]]
name = "foster_care_share"
figure = "foster_care_share"
value = 0.51
band = [0.40, 0.65]
years = [2, 3]
source = "a test"
"""


def test_set_runs_every_scenario_with_a_candidate_value_and_says_so(tmp_path, capsys):
    path = write(tmp_path, "targets.toml", FOSTER_CARE)
    shares = {}
    for need in ("5.0", "7.5"):
        out = tmp_path / need
        main(["validate", str(path), "--set", f"institution_need={need}", "--replicates", "2", "--workers", "1",
              "--quiet", "--out", str(out)])
        assert f"institution_need = {need}" in capsys.readouterr().out
        assert f"institution_need = {need}" in (out / "validation.md").read_text(encoding="utf-8")
        shares[need] = pd.read_csv(out / "validation.csv").model_mean.iloc[0]
    assert shares["7.5"] > shares["5.0"] + 0.05


def exit_status(args: list[str]) -> int:
    """main's return value, or the status it exits with (argparse exits on a value it cannot read)."""
    try:
        return main(args)
    except SystemExit as exit:
        return int(exit.code)


@pytest.mark.parametrize("sets, message", [
    (["institution_nee=6.1"], "did you mean 'institution_need'"),
    (["institution_need=-1"], "out of range"),
    (["institution_need"], "NAME=VALUE"),
    (["institution_need=six"], "not a number"),
    (["institution_need=[6]"], "not a number"),
    (["institution_need=6.1", "institution_need=6.2"], "given more than once"),
])
def test_a_bad_set_is_one_message_and_nothing_is_written(tmp_path, capsys, sets, message):
    path = write(tmp_path, "targets.toml", FOSTER_CARE)
    settings = [part for setting in sets for part in ("--set", setting)]
    assert exit_status(["validate", str(path), *settings, "--quiet", "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
