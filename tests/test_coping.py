"""How a department copes under overload (issue 21): overtime.

Each mechanism is a switch, off by default. Here each is switched on against off over the same seeds in an
overloaded department (about 40 cases per position, against the default's 33): runs with the same seed share
their random numbers agent by agent, so pairing by seed removes most of the noise, and a mean difference must be
more than 3 standard errors from 0. With every switch off the model runs exactly as it did before the mechanisms
were added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import check_invariants, positions_for_caseload

from deptsim import DepartmentModel, Parameters, simulate
from deptsim.costs import hourly_staff_cost
from deptsim.interventions import AddPositions, BudgetCut
from deptsim.workforce import overtime
from deptsim.workforce.allocation import allocate

SEEDS = range(6)
YEARS = 3
OVERLOADED = Parameters(positions=positions_for_caseload(40))


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


def test_the_limit_is_a_share_of_the_weekly_hours_while_at_work_and_zero_for_a_vacancy():
    limit = overtime.overtime_limit(np.array([20.0, 20.0, 20.0, 0.0]), np.array([0.0, 0.4, 1.0, 0.0]),
                                    overtime_max_share=0.25, weekly_hours=37.0)
    assert limit == pytest.approx([9.25, 5.55, 0.0, 0.0])


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
    limit = overtime.overtime_limit(week["nominal"], week["absent"], overtime_max_share=0.25, weekly_hours=37.0)
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
RUNS_BEFORE = {"small": (Parameters(positions=14), ()),
               "reform": (Parameters(positions=16), (AddPositions(30, 6), BudgetCut(60, 1e6)))}


@pytest.mark.parametrize("name", list(RUNS_BEFORE))
def test_with_the_switches_off_the_model_runs_as_before(name):
    params, interventions = RUNS_BEFORE[name]
    result = simulate(params, seed=11, years=2, interventions=interventions)
    totals = {column: int(result.weekly[column].sum()) for column in RECORDED_BEFORE[name] if column != "events"}
    assert totals | {"events": len(result.events)} == RECORDED_BEFORE[name]
    assert (result.weekly[["overtime_hours", "cost_overtime"]] == 0).all().all()


def test_with_overtime_off_its_parameters_make_no_difference():
    plain = simulate(Parameters(positions=16), seed=3, years=2)
    other = simulate(Parameters(positions=16, overtime_max_share=2.0, overtime_strain_weight=50.0,
                                overtime_paid=False), seed=3, years=2)
    pd.testing.assert_frame_equal(plain.weekly, other.weekly)
    pd.testing.assert_frame_equal(plain.events, other.events)


# --- the bookkeeping holds with the mechanisms on --------------------------------------------------------
def test_invariants_hold_every_week_with_overtime():
    model = DepartmentModel(Parameters(positions=14, overtime=True, sick_cover="spread", mentoring=True), seed=4)
    for _ in range(156):
        model.step()
        check_invariants(model)
