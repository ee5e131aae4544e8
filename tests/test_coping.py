"""How a department copes under overload (issue 21): overtime, temporary staff and corner-cutting.

Each mechanism is a switch, on by default. Here each is switched on alone against all off over the same seeds
in an overloaded department (about 50 cases per position, against the default's 33): runs with the same seed
share their random numbers agent by agent, so pairing by seed removes most of the noise, and a mean difference
must be more than 3 standard errors from 0. With every switch off the model runs exactly as it did before the
mechanisms were added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import check_invariants, positions_for_caseload

from deptsim import DepartmentModel, Parameters, simulate
from deptsim.interventions import AddPositions, BudgetCut
from deptsim.model import WEEKLY_COLUMNS
from deptsim.workforce import corner_cutting, overtime, temporary_staff
from deptsim.workforce.allocation import allocate
from deptsim.workforce.costs import hourly_staff_cost

SEEDS = range(6)
YEARS = 3
OFF = {"overtime": False, "temporary_staff": False, "corner_cutting": False}
OVERLOADED = Parameters(positions=positions_for_caseload(50), **OFF)


def weekly_runs(params: Parameters) -> list[pd.DataFrame]:
    return [simulate(params, seed=seed, years=YEARS).weekly for seed in SEEDS]


def paired_difference(on: list[pd.DataFrame], off: list[pd.DataFrame], measure) -> tuple[float, float]:
    """Mean and standard error over seeds of measure(on) - measure(off)."""
    difference = np.array([measure(a) - measure(b) for a, b in zip(on, off, strict=True)])
    return float(difference.mean()), float(difference.std(ddof=1) / np.sqrt(len(difference)))


def assert_raises(on, off, measure, name: str) -> None:
    """The measure is higher with the mechanism on, by more than 3 standard errors of the paired difference."""
    mean, error = paired_difference(on, off, measure)
    assert mean > 0 and mean > 3 * error, f"{name}: {mean:.4g} is not 3 standard errors ({error:.3g}) above 0"


@pytest.fixture(scope="module")
def without_coping() -> list[pd.DataFrame]:
    return weekly_runs(OVERLOADED)


# --- overtime: the formulas ------------------------------------------------------------------------------
def test_overtime_covers_the_shortfall_up_to_the_limit():
    demand, capacity, limit = np.array([10.0, 20.0, 5.0, 9.0]), np.array([8.0, 8.0, 8.0, 0.0]), np.full(4, 5.0)
    assert overtime.overtime_hours(demand, capacity, limit).tolist() == [2.0, 5.0, 0.0, 5.0]


def test_the_limit_is_a_share_of_the_weekly_hours_while_at_work_and_zero_for_a_vacancy_or_agency_staff():
    limit = overtime.overtime_limit(np.array([20.0, 20.0, 20.0, 0.0, 20.0]), np.array([0.0, 0.4, 1.0, 0.0, 0.0]),
                                    np.array([False, False, False, False, True]), overtime_max_share=0.25,
                                    weekly_hours=37.0)
    assert limit == pytest.approx([9.25, 5.55, 0.0, 0.0, 0.0])


def test_the_longer_week_adds_the_overtime_to_the_cases_and_leaves_the_intake_hours_alone():
    rng = np.random.default_rng(1)
    nominal, absent, duty = rng.uniform(5, 30, 50), rng.uniform(0, 0.99, 50), rng.uniform(0, 0.9, 50)
    extra = rng.uniform(0, 8, 50)
    longer, longer_duty = overtime.hours_with_overtime(nominal, absent, duty, extra)
    available, longer_available = nominal * (1 - absent), longer * (1 - absent)
    assert longer_duty * longer_available == pytest.approx(duty * available)
    assert longer_available * (1 - longer_duty) == pytest.approx(available * (1 - duty) + extra)
    overload = rng.uniform(-1, 3, 50)
    contracted = overtime.contracted_overload(overload, longer * (1 - longer_duty), nominal * (1 - duty))
    placed = (overload + 1) * longer * (1 - longer_duty)
    assert contracted == pytest.approx(placed / (nominal * (1 - duty)) - 1)


def test_overtime_adds_fatigue_to_the_strain_input():
    strain_input = overtime.overtime_strain(np.array([0.5, -0.2, 0.3]), np.array([4.0, 0.0, 2.0]),
                                            np.array([20.0, 20.0, 0.0]), overtime_strain_weight=2.0)
    assert strain_input == pytest.approx([0.5 + 2 * 4 / 20, -0.2, 0.3])


@pytest.mark.parametrize("spare_hours_to_intake", [False, True])
def test_the_allocation_serves_exactly_the_overtime_more_and_keeps_the_intake_hours(spare_hours_to_intake):
    rng = np.random.default_rng(7)
    positions, cases = 12, 400
    week = dict(nominal=rng.uniform(15, 31, positions), absent=np.where(rng.uniform(size=positions) < 0.3, 0.4, 0.0),
                duty=np.full(positions, 0.12), holder=rng.integers(-1, positions, cases),
                demand=rng.uniform(0, 2.5, cases), priority=rng.integers(0, 4, cases),
                age_order=rng.uniform(0, 1000, cases), spread_sick_cases=False,
                spare_hours_to_intake=spare_hours_to_intake)
    limit = overtime.overtime_limit(week["nominal"], week["absent"], np.zeros(positions, dtype=bool),
                                    overtime_max_share=0.25, weekly_hours=37.0)
    without, with_overtime = allocate(**week), allocate(**week, overtime_limit=limit)
    worked = with_overtime.overtime
    assert worked.sum() > 0 and (worked <= limit + 1e-12).all()
    assert without.overtime.sum() == 0
    assert with_overtime.served == pytest.approx(without.served + worked.sum())
    assert with_overtime.intake_hours == pytest.approx(without.intake_hours)
    assert (with_overtime.service >= without.service - 1e-12).all()
    assert with_overtime.overload == pytest.approx(without.overload)  # against the contracted hours
    assert np.array_equal(allocate(**week, overtime_limit=np.zeros(positions)).service, without.service)


# --- overtime: the behaviour ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def with_overtime() -> list[pd.DataFrame]:
    return weekly_runs(OVERLOADED.replace(overtime=True))


def test_overtime_serves_more_hours_and_strains_the_caseworkers(with_overtime, without_coping):
    assert_raises(with_overtime, without_coping, lambda w: w.case_hours_served.sum(), "hours served")
    assert_raises(with_overtime, without_coping, lambda w: w.strain_mean.mean(), "mean strain")
    for weekly in with_overtime:
        assert weekly.overtime_hours.sum() > 0
        # never more than the limit of everyone in post that week (those who resigned at its end included)
        assert (weekly.overtime_hours <= 0.25 * 37.0 * (weekly.staff_in_post + weekly.resignations) + 1e-9).all()


def test_paid_overtime_costs_the_hourly_staff_cost(with_overtime, without_coping):
    hourly = hourly_staff_cost(caseworker_cost_dkk_year=OVERLOADED.caseworker_cost_dkk_year,
                               weekly_hours=OVERLOADED.weekly_hours)
    for weekly in with_overtime:
        assert weekly.cost_overtime.to_numpy() == pytest.approx(hourly * weekly.overtime_hours.to_numpy())
        components = weekly[["cost_staff", "cost_overtime", "cost_recruitment", "cost_mentoring", "cost_preventive",
                             "cost_placement"]].sum(axis=1)
        assert weekly.cost_total.to_numpy() == pytest.approx(components.to_numpy())
    assert_raises(with_overtime, without_coping, lambda w: (w.cost_staff + w.cost_overtime).sum(), "staff cost")


def test_unpaid_overtime_costs_nothing_and_changes_nothing_else(with_overtime):
    unpaid = simulate(OVERLOADED.replace(overtime=True, overtime_paid=False), seed=SEEDS[0], years=YEARS).weekly
    assert unpaid.cost_overtime.sum() == 0
    same = [c for c in unpaid.columns if c not in ("cost_overtime", "cost_total")]
    pd.testing.assert_frame_equal(unpaid[same], with_overtime[0][same])


# --- temporary staff: the rule and the mechanics ---------------------------------------------------------
def test_a_vacancy_is_covered_once_open_long_enough_unless_its_hire_arrives_now():
    open_weeks = temporary_staff.weeks_open(np.array([10.0, 8.0, 7.0, 2.0, np.inf]), week=15)
    assert open_weeks.tolist() == [5.0, 7.0, 8.0, 13.0, -np.inf]
    awaiting_hire = np.array([True, True, True, False, True])
    assert temporary_staff.covered(open_weeks, awaiting_hire, temporary_cover_after_weeks=7).tolist() == [
        False, True, True, False, False]


def test_an_agency_caseworker_covers_a_long_vacancy_and_hands_every_case_to_the_permanent_hire():
    params = Parameters(children=6000, positions=8, temporary_staff=True, temporary_cover_after_weeks=3,
                        resignations=False, sick_leave=False)
    model = DepartmentModel(params, seed=2)
    model.step()  # week 0
    roster, position = model.roster, 5
    model.resign(roster.agents[position])  # at the end of week 0: vacant from week 1, covered from week 1 + 3
    roster.fill_week[position] = 12  # the permanent hire arrives in week 12
    while model.week < 12:
        week = model.week
        model.step()
        covered = week >= 1 + 3
        assert bool(roster.temporary[position]) == covered and bool(roster.in_post[position]) == covered, week
        check_invariants(model)
    agency_id = int(roster.caseworker_id[position])
    assert roster.agents[position] is None and roster.strain[position] == 0 and roster.absent[position] == 0
    assert model.rows[-1][WEEKLY_COLUMNS.index("temporary_staff")] == 1
    assert roster.nominal[position] == pytest.approx(params.weekly_hours * (1 - params.admin_share) * 0.8)
    rows = model.family_table.rows()
    held = model.family_table.family_id[rows[model.family_table.holder[rows] == position]]
    assert len(held) > 5  # the agency caseworker took cases like anyone else
    model.step()  # week 12: the permanent hire arrives
    assert not roster.temporary[position] and roster.agents[position] is not None
    events = model.log.frame()
    handed = events[(events.week == 12) & (events.event == "caseworker_change")
                    & (events.caseworker_id == roster.caseworker_id[position])]
    assert set(held) <= set(handed.family_id)
    assert roster.caseworker_id[position] != agency_id
    assert model.rows[-1][WEEKLY_COLUMNS.index("caseworker_changes")] >= len(held)
    check_invariants(model)


# --- temporary staff: the behaviour ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def with_temporary_staff() -> list[pd.DataFrame]:
    return weekly_runs(OVERLOADED.replace(temporary_staff=True))


def uncovered_vacancy_weeks(weekly: pd.DataFrame) -> float:
    return float((weekly.vacancies - weekly.temporary_staff).sum())


def test_temporary_staff_cover_vacancies_and_serve_cases(with_temporary_staff, without_coping):
    assert_raises(without_coping, with_temporary_staff, uncovered_vacancy_weeks, "uncovered vacancy-weeks")
    assert_raises(without_coping, with_temporary_staff, lambda w: (w.case_hours_demanded - w.case_hours_served).sum(),
                  "unserved case hours")
    for weekly in with_temporary_staff:
        assert (weekly.temporary_staff <= weekly.vacancies).all()
        assert weekly.temporary_staff.sum() > 0


def test_a_covered_week_costs_the_factor_times_an_employed_week(with_temporary_staff):
    factor = OVERLOADED.temporary_cost_factor
    for weekly in with_temporary_staff:
        employed_week = weekly.cost_staff.sum() / weekly.staff_in_post.sum()
        covered_week = weekly.cost_temporary.sum() / weekly.temporary_staff.sum()
        assert covered_week == pytest.approx(factor * employed_week)
        components = weekly[["cost_staff", "cost_overtime", "cost_temporary", "cost_recruitment", "cost_mentoring",
                             "cost_preventive", "cost_placement"]].sum(axis=1)
        assert weekly.cost_total.to_numpy() == pytest.approx(components.to_numpy())


def test_temporary_staff_bring_more_changes_of_caseworker(with_temporary_staff, without_coping):
    assert_raises(with_temporary_staff, without_coping, lambda w: w.caseworker_changes.sum(), "caseworker changes")


# --- corner-cutting: the formulas -------------------------------------------------------------------------
def test_the_time_per_case_is_the_inverse_of_the_pressure_within_the_floor_and_one():
    share = corner_cutting.time_per_case(np.array([10.0, 10.0, 10.0, 0.0, 10.0]), np.array([8.0, 3.0, 12.0, 5.0, 0.0]),
                                         corner_cutting_floor=0.5)
    assert share.tolist() == [0.8, 0.5, 1.0, 1.0, 0.5]


def test_the_lost_quality_raises_the_hazard_and_the_complaints_in_proportion_to_the_time_cut():
    share = np.array([1.0, 0.8, 0.5])
    assert corner_cutting.escalation_factor(share, corner_cutting_escalation=2.0) == pytest.approx([1.0, 1.4, 2.0])
    assert corner_cutting.complaint_chance(share, corner_cutting_complaint=0.01) == pytest.approx([0.0, 0.002, 0.005])
    overload = np.array([0.0, -0.6, -1.0])
    assert corner_cutting.full_demand_overload(overload, np.array([0.5, 0.8, 0.0])) == pytest.approx([1.0, -0.5, -1.0])


@pytest.mark.parametrize("with_overtime", [False, True])
def test_cutting_corners_shares_the_same_hours_over_every_case_and_keeps_the_full_overload(with_overtime):
    rng = np.random.default_rng(3)
    positions, cases = 10, 500
    week = dict(nominal=rng.uniform(12, 40, positions), absent=np.zeros(positions), duty=np.full(positions, 0.12),
                holder=rng.integers(-1, positions, cases), demand=rng.uniform(0.2, 1.0, cases),
                priority=rng.integers(0, 4, cases), age_order=rng.uniform(0, 1000, cases), spread_sick_cases=False,
                spare_hours_to_intake=True)
    limit = overtime.overtime_limit(week["nominal"], week["absent"], np.zeros(positions, dtype=bool),
                                    overtime_max_share=0.1, weekly_hours=37.0) if with_overtime else None
    plain = allocate(**week, overtime_limit=limit)
    cut = allocate(**week, overtime_limit=limit, corner_cutting_floor=0.5)
    assigned = week["holder"] >= 0
    assert (cut.time_share[~assigned] == 1).all() and (cut.time_share >= 0.5).all()
    # the same hours are worked, to intake and to cases; only their spread over the cases changes
    assert cut.served == pytest.approx(plain.served) and cut.intake_hours == pytest.approx(plain.intake_hours)
    assert cut.overtime == pytest.approx(plain.overtime)
    assert cut.overload == pytest.approx(plain.overload)  # the strain input: the full demand
    # a caseworker under a pressure below 1/floor gives every case its cut hours in full, so none goes unserved
    cutting = assigned & (cut.time_share < 1) & (cut.time_share > 0.5)
    assert cutting.any() and (cut.service[cutting] == pytest.approx(1.0))
    assert (plain.service[cutting] == 0).any()  # without cutting corners, some of these cases got nothing


# --- corner-cutting: the behaviour ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def with_corner_cutting() -> list[pd.DataFrame]:
    return weekly_runs(OVERLOADED.replace(corner_cutting=True))


def test_cutting_corners_cuts_hours_and_brings_complaints(with_corner_cutting, without_coping):
    for weekly in with_corner_cutting:
        assert weekly.case_hours_cut.sum() > 0
        assert (weekly.case_hours_cut <= 0.5 * weekly.case_hours_demanded + 1e-9).all()  # never below the floor
    assert_raises(with_corner_cutting, without_coping, lambda w: w.complaints.sum(), "complaints")
    # thin investigations finish sooner: more of them within the deadline
    assert_raises(with_corner_cutting, without_coping,
                  lambda w: w.investigations_on_time.sum() / w.investigations_completed.sum(),
                  "investigations on time")


def escalations_and_placements(params: Parameters, seed: int) -> tuple[int, int]:
    """Escalations of need over the run, and placements started in its last two years."""
    model = DepartmentModel(params, seed=seed)
    escalations = 0
    for _ in range(YEARS * 52):
        model.step()
        escalations += int(model.escalated.sum())
    started = WEEKLY_COLUMNS.index("placements_started")
    return escalations, sum(row[started] for row in model.rows[52:])


def test_the_lost_quality_brings_escalations_and_later_placements():
    """Corner-cutting on in both arms; only the quality loss on the escalation hazard differs."""
    cutting = OVERLOADED.replace(corner_cutting=True)
    without_loss = np.array([escalations_and_placements(cutting.replace(corner_cutting_escalation=0.0), s)
                             for s in SEEDS])
    with_loss = np.array([escalations_and_placements(cutting, s) for s in SEEDS])
    difference = with_loss - without_loss
    mean, error = difference.mean(axis=0), difference.std(axis=0, ddof=1) / np.sqrt(len(SEEDS))
    assert (mean > 3 * error).all() and (mean > 0).all(), (mean, error)


# --- with the switches off, nothing changes -------------------------------------------------------------
# Totals of two runs recorded at commit 01f98d2, before the coping mechanisms were added.
RECORDED_BEFORE = {
    "small": {"resignations": 15, "hires": 9, "referrals_assessed": 4103, "investigations_completed": 784,
              "placements_started": 108, "caseworker_changes": 1839, "complaints": 157, "closures": 2576,
              "events": 18971},
    "reform": {"resignations": 19, "hires": 18, "referrals_assessed": 3927, "investigations_completed": 819,
               "placements_started": 113, "caseworker_changes": 1673, "complaints": 90, "closures": 2741,
               "events": 18963},
}
BEFORE_CALIBRATION = {"need_scale": 1.25, "placement_need": 4.0, "placement_effect": 0.024,
                      "resignation_rate_year": 0.15, "investigation_hours": 20.0, "investigation_hours_per_week": 2.0,
                      "rereferral_share": 0.35, "institution_need": 5.2,
                      "referral_wait_slope": 0.08}  # the defaults when the totals were recorded
RUNS_BEFORE = {"small": (Parameters(positions=14, **OFF, **BEFORE_CALIBRATION), ()),
               "reform": (Parameters(positions=16, **OFF, **BEFORE_CALIBRATION),
                          (AddPositions(30, 6), BudgetCut(60, 1e6)))}


@pytest.mark.parametrize("name", list(RUNS_BEFORE))
def test_with_the_switches_off_the_model_runs_as_before(name):
    params, interventions = RUNS_BEFORE[name]
    result = simulate(params, seed=11, years=2, interventions=interventions)
    totals = {column: int(result.weekly[column].sum()) for column in RECORDED_BEFORE[name] if column != "events"}
    assert totals | {"events": len(result.events)} == RECORDED_BEFORE[name]
    new = ["overtime_hours", "cost_overtime", "temporary_staff", "cost_temporary", "case_hours_cut"]
    assert (result.weekly[new] == 0).all().all()


def test_with_the_switches_off_their_parameters_make_no_difference():
    plain = simulate(Parameters(positions=16, **OFF), seed=3, years=2)
    other = simulate(Parameters(positions=16, **OFF, overtime_max_share=2.0, overtime_strain_weight=50.0,
                                overtime_paid=False, temporary_cover_after_weeks=0.0, temporary_productivity=2.0,
                                temporary_cost_factor=9.0, corner_cutting_floor=0.0, corner_cutting_escalation=50.0,
                                corner_cutting_complaint=1.0), seed=3, years=2)
    pd.testing.assert_frame_equal(plain.weekly, other.weekly)
    pd.testing.assert_frame_equal(plain.events, other.events)


# --- the bookkeeping holds with the mechanisms on --------------------------------------------------------
@pytest.mark.parametrize("sick_cover", ["wait", "spread"])
def test_invariants_hold_every_week_with_the_mechanisms_on(sick_cover):
    params = Parameters(positions=14, overtime=True, temporary_staff=True, temporary_cover_after_weeks=2,
                        corner_cutting=True, sick_cover=sick_cover, mentoring=True, intake_team_size=2)
    model = DepartmentModel(params, seed=4)
    covered_weeks = 0
    for _ in range(156):
        model.step()
        check_invariants(model)
        agency = model.roster.live("temporary")
        covered_weeks += int(agency.sum())
        # agency caseworkers hold a position, build no strain, take no sick leave, work no overtime, do not mentor
        assert model.roster.live("in_post")[agency].all()
        for column in ("strain", "absent", "overtime"):
            assert (model.roster.live(column)[agency] == 0).all(), column
        assert (model.roster.live("mentor_of")[agency] < 0).all()
    assert covered_weeks > 0


def test_any_reforms_keep_the_bookkeeping_with_the_mechanisms_on():
    """Positions added and abolished while agency caseworkers cover vacancies (they go first when positions are cut)."""
    interventions = [AddPositions(10, -4), AddPositions(20, 5), BudgetCut(30, 2e6), AddPositions(40, -3)]
    model = DepartmentModel(Parameters(children=8000, positions=12, overtime=True, temporary_staff=True,
                                       temporary_cover_after_weeks=1, corner_cutting=True), seed=6,
                            interventions=interventions)
    for _ in range(80):
        model.step()
        check_invariants(model)
