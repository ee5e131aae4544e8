"""Bookkeeping that must hold every week, for the defaults and for any valid parameters."""

from __future__ import annotations

import math

import numpy as np
from helpers import check_invariants
from hypothesis import given, settings
from hypothesis import strategies as st

from deptsim import DepartmentModel, Parameters, simulate
from deptsim.results import SUMMARY_KEYS


def run_checked(params: Parameters, seed: int, weeks: int) -> DepartmentModel:
    model = DepartmentModel(params, seed=seed)
    for _ in range(weeks):
        model.step()
        check_invariants(model)
    return model


def test_invariants_hold_every_week_at_the_defaults():
    run_checked(Parameters(), seed=3, weeks=156)


def test_invariants_hold_through_a_spiral_with_spread_sick_cover():
    run_checked(Parameters(positions=12, sick_cover="spread", mentoring=True), seed=4, weeks=208)


def test_invariants_hold_with_an_intake_team_and_continuity():
    run_checked(Parameters(intake_team_size=3, continuity=True, team_leaders=2), seed=5, weeks=156)


@st.composite
def parameters(draw) -> Parameters:
    positions = draw(st.integers(0, 30))
    return Parameters(
        children=draw(st.integers(0, 12_000)),
        referrals_per_child_year=draw(st.sampled_from([0.0, 0.05, 0.114, 0.5, 1.0])),
        positions=positions,
        intake_team_size=draw(st.integers(0, min(positions, 4))),
        rereferral_share=draw(st.floats(0.0, 1.0)),
        need_scale=draw(st.floats(0.0, 4.0)),
        assessment_hours=draw(st.floats(0.05, 20.0)),
        assessment_hours_cv=draw(st.floats(0.2, 3.0)),
        sick_leave=draw(st.booleans()),
        short_spells_per_year=draw(st.floats(0.0, 30.0)),
        long_spells_per_year=draw(st.floats(0.0, 5.0)),
        resignations=draw(st.booleans()),
        resignation_rate_year=draw(st.floats(0.0, 3.0)),
        recruitment_weeks=draw(st.floats(0.0, 60.0)),
        strain_feedback=draw(st.booleans()),
        need_escalation=draw(st.booleans()),
        escalation_hazard_week=draw(st.floats(0.0, 1.0)),
        sick_cover=draw(st.sampled_from(["wait", "spread"])),
        continuity=draw(st.booleans()),
        mentoring=draw(st.booleans()),
        documentation_relief=draw(st.floats(0.0, 1.0)),
        spare_hours_to_intake=draw(st.booleans()),
        team_leaders=draw(st.integers(0, 3)),
        admin_share=draw(st.floats(0.0, 1.0)),
        initial_preventive_per_1000=draw(st.floats(0.0, 60.0)),
    )


@settings(max_examples=30)
@given(params=parameters(), seed=st.integers(0, 2**32 - 1))
def test_any_valid_parameters_run_without_error_or_nan(params, seed):
    model = run_checked(params, seed=seed, weeks=40)
    assert model.week == 40


@settings(max_examples=10)
@given(params=parameters(), seed=st.integers(0, 1000))
def test_summary_is_finite_for_any_valid_parameters(params, seed):
    summary = simulate(params, seed=seed, years=0.6).summary()
    assert set(summary) == set(SUMMARY_KEYS)
    for key, value in summary.items():
        if key in ("assessment_deadline_met", "investigation_deadline_met"):
            assert math.isnan(value) or 0.0 <= value <= 1.0, summary  # NaN: nothing fell due
        else:
            assert math.isfinite(value), summary
    assert 0.0 <= summary["sick_leave_rate"] <= 1.0


def test_no_staff_and_a_flood_of_referrals():
    result = simulate(Parameters(positions=0, referrals_per_child_year=1.0, children=5000), seed=1, years=1)
    weekly = result.weekly
    assert (weekly.staff_in_post == 0).all()
    # nobody assesses them: every referral not merged into one already waiting is still waiting, unless its
    # child turned 18
    not_merged = weekly.referrals_arrived.sum() - weekly.referrals_merged.sum()
    assert not_merged - weekly.aged_out.sum() <= weekly.referrals_waiting.iloc[-1] <= not_merged
    assert weekly.referrals_waiting.iloc[-1] > 500
    assert weekly.referrals_assessed.sum() == 0
    assert not weekly.isna().any().any()
    assert result.summary()["assessment_deadline_met"] == 0.0


def test_zero_sick_leave_means_no_absence():
    result = simulate(Parameters(sick_leave=False), seed=2, years=2)
    assert result.weekly.staff_sick.sum() == 0
    assert result.summary()["sick_leave_rate"] == 0.0


def test_outputs_have_the_promised_columns():
    result = simulate(seed=1, years=1)
    for column in ("staff_in_post", "fte_available", "vacancies", "staff_sick", "caseload_mean", "strain_mean",
                   "resignations", "referrals_arrived", "referrals_waiting", "open_advice", "open_investigation",
                   "open_preventive", "open_foster", "open_institution", "placements_active", "cost_total"):
        assert column in result.weekly.columns
    events = set(result.events.event.unique())
    assert {"referral", "assessment", "investigation_start", "investigation_end", "decision", "measure_start",
            "placement_start", "caseworker_change", "closure"} <= events
    assert np.all(np.diff(result.events.time_weeks.to_numpy()) >= 0)


@st.composite
def reforms(draw) -> list:
    """Any sequence of interventions at any weeks: what a trainer might do with the levers live."""
    from deptsim import interventions as iv

    kinds = [
        lambda w: iv.AddPositions(w, draw(st.integers(-30, 30).filter(lambda n: n != 0))),
        lambda w: iv.CaseloadTarget(w, draw(st.sampled_from([0.0, 5.0, 25.0, 60.0]))),
        lambda w: iv.IntakeTeam(w, draw(st.integers(0, 6))),
        lambda w: iv.TeamLeaders(w, {"team_leaders": draw(st.integers(0, 4))}),
        lambda w: iv.Mentoring(w, {"mentoring": draw(st.booleans())}),
        lambda w: iv.DocumentationRelief(w, {"documentation_relief": draw(st.floats(0.0, 1.0))}),
        lambda w: iv.Continuity(w, {"continuity": draw(st.booleans())}),
        lambda w: iv.HiringFreeze(w, draw(st.booleans())),
        lambda w: iv.BudgetCut(w, draw(st.floats(0.0, 5e6))),
        lambda w: iv.SetParameters(w, {"referrals_per_child_year": draw(st.sampled_from([0.0, 0.2, 1.0]))}),
    ]
    chosen = draw(st.lists(st.integers(0, len(kinds) - 1), max_size=6))
    return [kinds[k](draw(st.integers(0, 30))) for k in chosen]


@settings(max_examples=25)
@given(interventions=reforms(), positions=st.integers(0, 20), seed=st.integers(0, 1000))
def test_any_reforms_keep_the_bookkeeping(interventions, positions, seed):
    model = DepartmentModel(Parameters(children=4000, positions=positions), seed=seed, interventions=interventions)
    for _ in range(36):
        model.step()
        check_invariants(model)
