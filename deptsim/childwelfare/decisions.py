"""Decisions: what an assessment concludes about a referral, and what a finished § 50 investigation
decides (ODD 7.3-7.4). Both read the family's need at that moment, without error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare import casework
from deptsim.childwelfare.books import (
    ACUTE_PLACEMENT,
    ADDED_TO_OPEN_CASE,
    CLOSED_WITHOUT_ACTION,
    PENDING,
    TO_ADVICE,
    TO_INVESTIGATION,
    Outcome,
)
from deptsim.childwelfare.family import ADVICE, AWAITING, INVESTIGATION, PREVENTIVE
from deptsim.eventlog import ASSESSMENT, DECISION

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


def assessment_outcomes(stage: np.ndarray, need: np.ndarray, p: Parameters) -> np.ndarray:
    """`assessment_outcome` for many families at once."""
    new = stage == AWAITING
    may_move = new | (stage == ADVICE) | (stage == PREVENTIVE)
    outcome = np.where(new, np.where(need >= p.advice_need, TO_ADVICE, CLOSED_WITHOUT_ACTION), ADDED_TO_OPEN_CASE)
    outcome = np.where(may_move & (need >= p.investigate_need), TO_INVESTIGATION, outcome)
    return np.where(may_move & (need >= p.acute_placement_need), ACUTE_PLACEMENT, outcome)


def act_on_assessment(model: DepartmentModel, row: int, time: float, outcome: int) -> None:
    """An assessment's outcome opens or adds to the family's case (the referral is already closed)."""
    table = model.family_table
    if table.stage[row] == AWAITING:
        table.case[row] = model.case_book.open(int(table.family_id[row]), time)
        model.counts.cases_opened += 1
    if outcome == TO_ADVICE:
        casework.start_advice(model, row, time)
    elif outcome == TO_INVESTIGATION:
        casework.to_investigation(model, row, time)
    elif outcome == ACUTE_PLACEMENT:
        casework.place_acutely(model, row, time)


def step_assessments(model: DepartmentModel) -> None:
    """Act on the week's assessments in the order the desks finished them.

    Every referral assessed is closed with its outcome and counted. The families closed without action
    (most new referrals) leave together; the others' cases open or move one at a time, in order, since
    each may go to the least-loaded caseworker of the moment.
    """
    table, book, counts = model.family_table, model.referral_book, model.counts
    if not model.assessed:
        return
    refs, times = (np.array(values) for values in zip(*model.assessed, strict=True))
    still = book.outcome[refs] == PENDING  # not closed while at the desk (the child turned 18)
    refs, times = refs[still], times[still].astype(np.float64)
    families = book.family_id[refs]
    rows = np.array([table.row_of[f] for f in families.tolist()], dtype=np.int64)
    outcomes = assessment_outcomes(table.stage[rows], table.need[rows], model.params)
    table.pending_referral[rows] = -1
    counts.referrals_assessed += len(refs)
    counts.assessment_wait_hours += float((times - book.arrival[refs]).sum())
    counts.assessments_on_time += int(np.count_nonzero(times <= book.deadline[refs]))
    book.done[refs], book.outcome[refs] = times, outcomes
    book.closed += len(refs)
    model.log.add_many(times, ASSESSMENT, families, -1, outcomes)
    closed = outcomes == CLOSED_WITHOUT_ACTION
    casework.close_many(model, rows[closed], times[closed])
    moving = ~closed & (outcomes != ADDED_TO_OPEN_CASE)  # a referral added to an open case changes nothing else
    for row, time, outcome in zip(rows[moving].tolist(), times[moving].tolist(), outcomes[moving].tolist(),
                                  strict=True):
        act_on_assessment(model, row, time, outcome)


def decide(model: DepartmentModel, row: int, time: float) -> None:
    """The investigation is done: n < measure_need → no measure, the case closes; n < placement_need →
    a preventive measure; else a placement (institution at n ≥ institution_need, else foster care)."""
    table, p = model.family_table, model.params
    need, family = float(table.need[row]), int(table.family_id[row])
    casework.end_investigation(model, row, time)
    if need < p.measure_need:
        model.log.add(time, DECISION, family, casework.caseworker_of(model, row), casework.NO_MEASURE)
        casework.close(model, row, time)
    elif need < p.placement_need:
        model.log.add(time, DECISION, family, casework.caseworker_of(model, row), casework.DECIDED_PREVENTIVE)
        casework.start_measure(model, row, time)
    else:
        kind = casework.DECIDED_INSTITUTION if need >= p.institution_need else casework.DECIDED_FOSTER
        model.log.add(time, DECISION, family, casework.caseworker_of(model, row), kind)
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
