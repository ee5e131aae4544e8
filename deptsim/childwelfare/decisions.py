"""Decisions: what an assessment concludes about a referral, and what a finished § 50 investigation
decides (ODD 7.3-7.4). Both read the family's need at that moment, without error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare import casework
from deptsim.childwelfare.books import Outcome
from deptsim.childwelfare.family import ADVICE, AWAITING, INVESTIGATION, PREVENTIVE
from deptsim.eventlog import Event

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel
    from deptsim.params import Parameters

HOURS_PER_WEEK = 168.0


def assessment_outcome(stage: int, need: float, p: Parameters) -> Outcome:
    """The outcome of an assessment, by the family's need n and where the family is.

    A new case: n ≥ acute_placement_need → acute placement; n ≥ investigate_need → § 50 investigation;
    n ≥ advice_need → § 11 advice; else closed without action. A family in § 11 advice or a preventive
    measure: acute placement or investigation at the same thresholds. Otherwise the referral is added
    to the open case. Source: Serviceloven §§ 11, 50, 52 and 155 (DOMAIN.md); thresholds assumed.
    """
    if stage == AWAITING:
        if need >= p.acute_placement_need:
            return Outcome.ACUTE_PLACEMENT
        if need >= p.investigate_need:
            return Outcome.INVESTIGATION
        if need >= p.advice_need:
            return Outcome.ADVICE
        return Outcome.CLOSED_WITHOUT_ACTION
    if stage in (ADVICE, PREVENTIVE):
        if need >= p.acute_placement_need:
            return Outcome.ACUTE_PLACEMENT
        if need >= p.investigate_need:
            return Outcome.INVESTIGATION
    return Outcome.ADDED_TO_OPEN_CASE


def act_on_assessment(model: DepartmentModel, ref: int, time: float) -> None:
    """An assessment is done: its outcome opens, adds to or closes the family's case."""
    table, book, counts = model.family_table, model.referral_book, model.counts
    if book.outcome[ref] != Outcome.PENDING:
        return  # closed while at the desk (the child turned 18)
    row = table.row_of[int(book.family_id[ref])]
    table.pending_referral[row] = -1
    counts.referrals_assessed += 1
    counts.assessment_wait_hours += time - book.arrival[ref]
    counts.assessments_on_time += time <= book.deadline[ref]
    stage = int(table.stage[row])
    outcome = assessment_outcome(stage, float(table.need[row]), model.params)
    book.close(ref, time, outcome)
    family = int(table.family_id[row])
    model.log.add(time, Event.ASSESSMENT, family, -1, outcome)
    new_case = stage == AWAITING
    if new_case and outcome != Outcome.CLOSED_WITHOUT_ACTION:
        table.case[row] = model.case_book.open(family, time)
        counts.cases_opened += 1
    if outcome == Outcome.CLOSED_WITHOUT_ACTION:
        casework.close(model, row, time)
    elif outcome == Outcome.ADVICE:
        casework.start_advice(model, row, time)
    elif outcome == Outcome.INVESTIGATION:
        casework.to_investigation(model, row, time)
    elif outcome == Outcome.ACUTE_PLACEMENT:
        casework.place_acutely(model, row, time)


def step_assessments(model: DepartmentModel) -> None:
    """Act on the week's assessments in the order the desks finished them."""
    for ref, time in model.assessed:
        act_on_assessment(model, ref, time)


def decide(model: DepartmentModel, row: int, time: float) -> None:
    """The investigation is done: n < measure_need → no measure, the case closes; n < placement_need →
    a preventive measure; else a placement (institution at n ≥ institution_need, else foster care)."""
    table, p = model.family_table, model.params
    need, family = float(table.need[row]), int(table.family_id[row])
    casework.end_investigation(model, row, time)
    if need < p.measure_need:
        model.log.add(time, Event.DECISION, family, casework.caseworker_of(model, row), casework.NO_MEASURE)
        casework.close(model, row, time)
    elif need < p.placement_need:
        model.log.add(time, Event.DECISION, family, casework.caseworker_of(model, row), casework.DECIDED_PREVENTIVE)
        casework.start_measure(model, row, time)
    else:
        kind = casework.DECIDED_INSTITUTION if need >= p.institution_need else casework.DECIDED_FOSTER
        model.log.add(time, Event.DECISION, family, casework.caseworker_of(model, row), kind)
        casework.assign_after_transition(model, row, time, kind + 2)
        casework.place(model, row, time)


def investigation_finish(work_left: np.ndarray, service: np.ndarray, t0: float, *,
                         investigation_hours_per_week: float) -> np.ndarray:
    """When an investigation whose last `work_left` hours are done this week finishes: work goes at the
    weekly pace investigation_hours_per_week scaled by service, so it ends at t0 + 168·work_left/pace."""
    pace = service * investigation_hours_per_week
    fraction = np.divide(work_left, pace, out=np.ones_like(work_left), where=pace > 0)
    return t0 + HOURS_PER_WEEK * np.minimum(fraction, 1.0)


def step_investigations(model: DepartmentModel) -> None:
    """Investigations progress by the hours served; those finished are decided, in order of rows."""
    table, counts, week = model.family_table, model.counts, model.this_week
    going = model.progressing() & (week.stages == INVESTIGATION)
    rows, done = week.rows[going], (week.service * week.demand)[going]
    before = table.work_left[rows]
    table.work_left[rows] = before - done
    finished = (done > 0) & (before - done <= 1e-9)
    times = investigation_finish(before[finished], week.service[going][finished], model.t0,
                                 investigation_hours_per_week=model.params.investigation_hours_per_week)
    for row, time in zip(rows[finished].tolist(), times.tolist(), strict=True):
        counts.investigations_completed += 1
        counts.investigations_on_time += time <= table.deadline[row]
        decide(model, row, time)
