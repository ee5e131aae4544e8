"""The work on one family's case: opening and closing it, moving it between stages, giving it to a
caseworker, and logging what happened (ODD 7.3-7.5, 7.16).

These are the steps the behaviour modules string together: an assessment's outcome, an
investigation's decision, an acute placement, a closure, a caseworker's leaving. Each takes the
model and the family's row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare.books import AGED_OUT
from deptsim.childwelfare.family import ADVICE, AWAITING, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE
from deptsim.eventlog import (
    ADVICE_END,
    ADVICE_START,
    CASEWORKER_CHANGE,
    CLOSURE,
    COMPLAINT,
    INVESTIGATION_END,
    INVESTIGATION_START,
    MEASURE_END,
    MEASURE_START,
    PLACEMENT_END,
    PLACEMENT_START,
)
from deptsim.workforce.intake import DONE
from deptsim.workforce.staff import NO_ONE

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

# Detail codes of a DECISION event (and of PLACEMENT_START: foster or institution).
NO_MEASURE, DECIDED_PREVENTIVE, DECIDED_FOSTER, DECIDED_INSTITUTION = 0, 1, 2, 3


def open_family(model: DepartmentModel, family_id: int, key: int, need: float, age: float, stage: int,
                time: float) -> int:
    """Bring a family into the department; returns its row."""
    table = model.family_table
    row = table.enter(family_id, key)
    table.stage[row] = stage
    table.need[row] = need
    table.age[row] = age
    table.opened[row] = table.stage_start[row] = table.waiting_since[row] = time
    return row


def caseworker_of(model: DepartmentModel, row: int) -> int:
    """The id of the family's caseworker (people, not positions), or -1."""
    holder = model.family_table.holder[row]
    return int(model.roster.caseworker_id[holder]) if holder >= 0 else NO_ONE


def complain(model: DepartmentModel, family: int, time: float) -> None:
    model.counts.complaints += 1
    model.log.add(time, COMPLAINT, family)


# --- caseworkers -----------------------------------------------------------------------------------
def give(model: DepartmentModel, row: int, position: int, time: float, counts_as_change: bool) -> None:
    """The case goes to `position` (NO_ONE: it waits unassigned); a change of caseworker is logged, counted
    and may bring a complaint (chance complaint_per_change)."""
    table, roster, assignment = model.family_table, model.roster, model.assignment
    old = table.holder[row]
    if old >= 0:
        roster.held[old] -= 1
        assignment.load_changed(int(old))
    table.holder[row] = position
    if position < 0:
        return
    roster.held[position] += 1
    assignment.load_changed(position)
    table.orphaned[row] = False
    if counts_as_change:
        table.changes[row] += 1
        table.changed_at[row] = time
        model.counts.caseworker_changes += 1
        family = int(table.family_id[row])
        model.log.add(time, CASEWORKER_CHANGE, family, caseworker_of(model, row))
        u = model.draws.uniform_one("complaint_after_change", table.key[row], model.week, int(table.changes[row]))
        if u < model.params.complaint_per_change:
            complain(model, family, time)
            model.counts.complaints_change += 1


def give_to_successor(model: DepartmentModel, position: int, time: float) -> None:
    """An agency caseworker's cover ended and the permanent hire is seated: each case of the position goes to
    them, a change of caseworker for the family (logged, counted, and perhaps a complaint)."""
    table = model.family_table
    rows = table.rows()
    for row in rows[table.holder[rows] == position].tolist():
        give(model, row, position, time, True)


def assign(model: DepartmentModel, row: int, team: bool, time: float, counts_as_change: bool = False) -> None:
    """Give the case to the least-loaded caseworker of the role."""
    give(model, row, model.assignment.pick(team), time, counts_as_change)


def reassign(model: DepartmentModel, row: int, time: float, team: bool = False) -> None:
    """Move the case to another caseworker (a change for the family), if there is one."""
    position = model.assignment.pick(team, int(model.family_table.holder[row]))
    if position != NO_ONE:
        give(model, row, position, time, True)


def assign_after_transition(model: DepartmentModel, row: int, time: float, new_stage: int) -> None:
    """At a new measure or placement the family changes caseworker with chance handover_at_transition,
    unless the department keeps one caseworker per family; an intake-team holder always hands over."""
    table, p = model.family_table, model.params
    holder = table.holder[row]
    if holder == NO_ONE:
        assign(model, row, False, time)
        return
    u = model.draws.uniform_one("handover", table.key[row], model.week, new_stage)
    if model.roster.intake_team[holder] or (u < p.handover_at_transition and not p.continuity):
        reassign(model, row, time)


def hand_over_all(model: DepartmentModel, position: int, time: float) -> None:
    """A caseworker leaves: each case goes to a colleague of the same role, or waits unassigned."""
    table = model.family_table
    team = bool(model.roster.intake_team[position])
    for row in table.rows()[table.holder[table.rows()] == position]:
        give(model, int(row), NO_ONE, time, False)
        table.orphaned[row] = True
        give(model, int(row), model.assignment.pick(team, position), time, True)


def hand_over_to_regulars(model: DepartmentModel, positions, time: float) -> None:
    """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
    table = model.family_table
    for position in positions:
        rows = table.rows()
        for row in rows[(table.holder[rows] == position) & (table.stage[rows] > ADVICE)]:
            reassign(model, int(row), time)


def assign_waiting_cases(model: DepartmentModel, time: float) -> None:
    """Cases left without a caseworker go to the caseworkers in post now (a change for a family whose
    caseworker left; a first caseworker is not a change)."""
    table = model.family_table
    rows = table.rows()
    for row in rows[(table.holder[rows] == NO_ONE) & (table.stage[rows] >= ADVICE)]:
        position = model.assignment.pick(bool(table.stage[row] == ADVICE))
        if position == NO_ONE:
            return
        give(model, int(row), position, time, bool(table.orphaned[row]))


# --- stages ----------------------------------------------------------------------------------------
def set_stage(model: DepartmentModel, row: int, stage: int, time: float) -> None:
    model.family_table.stage[row] = stage
    model.family_table.stage_start[row] = time


def end_investigation(model: DepartmentModel, row: int, time: float) -> None:
    table = model.family_table
    book_row = table.investigation[row]
    if book_row < 0:
        return  # already ended (a decision ends the investigation before the case moves on)
    model.investigation_book.end[book_row] = time
    table.investigation[row] = -1
    model.log.add(time, INVESTIGATION_END, int(table.family_id[row]), caseworker_of(model, row))


def end_stage(model: DepartmentModel, row: int, time: float) -> None:
    """Log the end of the family's current stage (it ends when the next begins)."""
    table = model.family_table
    stage, family = int(table.stage[row]), int(table.family_id[row])
    if stage == ADVICE:
        model.log.add(time, ADVICE_END, family, caseworker_of(model, row))
    elif stage == PREVENTIVE:
        model.log.add(time, MEASURE_END, family, caseworker_of(model, row))
    elif stage in (FOSTER, INSTITUTION):
        model.log.add(time, PLACEMENT_END, family, caseworker_of(model, row), stage - 2)
    elif stage == INVESTIGATION:
        end_investigation(model, row, time)


def start_investigation(model: DepartmentModel, row: int, time: float, counted: bool = True) -> None:
    """A § 50 investigation begins: its work and its deadline."""
    table, rules = model.family_table, model.rules
    set_stage(model, row, INVESTIGATION, time)
    table.work_left[row] = rules.investigation_work
    table.deadline[row] = time + rules.investigation_deadline
    table.investigation[row] = model.investigation_book.open(int(table.family_id[row]), time, table.deadline[row])
    if counted:
        model.counts.investigations_started += 1
        model.log.add(time, INVESTIGATION_START, int(table.family_id[row]), caseworker_of(model, row))


def to_investigation(model: DepartmentModel, row: int, time: float) -> None:
    """Start a § 50 investigation; a family held by the intake team moves to a regular caseworker."""
    table = model.family_table
    if table.stage[row] != AWAITING:
        table.waiting_since[row] = time  # help was under way; the wait for a decision starts now
    end_stage(model, row, time)
    start_investigation(model, row, time)
    holder = table.holder[row]
    if holder == NO_ONE:
        assign(model, row, False, time)
    elif model.roster.intake_team[holder]:
        reassign(model, row, time)


def start_advice(model: DepartmentModel, row: int, time: float) -> None:
    """A § 11 course begins, with the intake team when there is one."""
    set_stage(model, row, ADVICE, time)
    model.log.add(time, ADVICE_START, int(model.family_table.family_id[row]))
    assign(model, row, True, time)


def place(model: DepartmentModel, row: int, time: float) -> None:
    """The child is placed: in an institution at a need of institution_need or more, else in foster care."""
    table, rules = model.family_table, model.rules
    stage = INSTITUTION if table.need[row] >= model.params.institution_need else FOSTER
    set_stage(model, row, stage, time)
    table.next_visit[row] = time + rules.visit_interval
    table.waiting_since[row] = time
    model.counts.placements_started += 1
    model.log.add(time, PLACEMENT_START, int(table.family_id[row]), caseworker_of(model, row),
                  DECIDED_FOSTER if stage == FOSTER else DECIDED_INSTITUTION)


def place_acutely(model: DepartmentModel, row: int, time: float) -> None:
    """An acute placement, without an investigation or decision."""
    model.counts.acute_placements += 1
    end_stage(model, row, time)
    assign_after_transition(model, row, time, FOSTER)
    place(model, row, time)


def start_measure(model: DepartmentModel, row: int, time: float) -> None:
    table = model.family_table
    set_stage(model, row, PREVENTIVE, time)
    table.waiting_since[row] = time
    assign_after_transition(model, row, time, PREVENTIVE)
    model.log.add(time, MEASURE_START, int(table.family_id[row]), caseworker_of(model, row))


def close_many(model: DepartmentModel, rows: np.ndarray, times: np.ndarray) -> None:
    """Cases close (together: a closure takes no one's time, so their order does not matter). A family with a
    referral still waiting stays, awaiting its assessment; the others leave and are remembered as known."""
    if len(rows) == 0:
        return
    table, roster = model.family_table, model.roster
    families = table.family_id[rows]
    stage = table.stage[rows]
    caseworkers = np.where(table.holder[rows] >= 0, roster.caseworker_id[np.maximum(table.holder[rows], 0)], NO_ONE)
    for kind, ending in ((ADVICE_END, stage == ADVICE), (MEASURE_END, stage == PREVENTIVE)):
        model.log.add_many(times[ending], kind, families[ending], caseworkers[ending])
    placed = stage >= FOSTER
    model.log.add_many(times[placed], PLACEMENT_END, families[placed], caseworkers[placed], stage[placed] - 2)
    for row, time in zip(rows[stage == INVESTIGATION].tolist(), times[stage == INVESTIGATION].tolist(), strict=True):
        end_investigation(model, row, time)
    has_case = stage != AWAITING
    model.case_book.end[table.case[rows[has_case]]] = times[has_case]
    table.case[rows[has_case]] = -1
    for position in table.holder[rows][table.holder[rows] >= 0].tolist():
        roster.held[position] -= 1
        model.assignment.load_changed(position)
    table.holder[rows] = NO_ONE
    waiting = table.pending_referral[rows] >= 0
    table.stage[rows[waiting]] = AWAITING
    table.stage_start[rows[waiting]] = table.waiting_since[rows[waiting]] = times[waiting]
    leaving, when = rows[~waiting], times[~waiting]
    model.counts.closures += len(leaving)
    model.log.add_many(when, CLOSURE, families[~waiting])
    model.known.remember_many(families[~waiting], table.key[leaving], table.age[leaving], when)
    table.leave_many(leaving)


def close(model: DepartmentModel, row: int, time: float) -> None:
    """One case closes (`close_many`)."""
    close_many(model, np.array([row]), np.array([time]))


def close_aged_out(model: DepartmentModel, rows: np.ndarray, times: np.ndarray) -> None:
    """Children who turn 18 leave: any referral still waiting is closed with the case."""
    table, book = model.family_table, model.referral_book
    pending = table.pending_referral[rows]
    for ref, time in zip(pending[pending >= 0].tolist(), times[pending >= 0].tolist(), strict=True):
        book.state[ref] = DONE  # the desks skip it
        book.close(ref, time, AGED_OUT)
    table.pending_referral[rows] = -1
    close_many(model, rows, times)
