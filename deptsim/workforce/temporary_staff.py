"""Temporary staff: a vacancy open for long is covered by an agency caseworker until the permanent hire
arrives (ODD 7.20).

The agency caseworker holds the position (`in_post`, marked `temporary` in the roster) and takes cases like
anyone else, at productivity `temporary_productivity` and at `temporary_cost_factor` times an employed
caseworker's cost (`deptsim.costs`). They have no Mesa agent: they do not build strain, fall sick or resign
(the agency replaces its own), they work no overtime, and they neither mentor nor are mentored. The cover ends
when the permanent hire arrives (`staffing.step`): the newcomer takes over every case of the position, each a
change of caseworker for the client (the department's `hand_to_successor`).

Sources: England, agency staff 15.5-17.8% of child-and-family social workers (2021-2024), 69% of vacancies
filled by agency staff (2022), at about twice the cost of employed staff (DfE workforce statistics via trade
press); Sweden, consultants at about twice the cost (DOMAIN.md). No Danish figure was found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from deptsim.workforce.department import StaffedDepartment


def weeks_open(vacant_since: np.ndarray, week: int) -> np.ndarray:
    """Whole weeks a vacancy has been open at the start of `week` (inf where the position is not vacant)."""
    return week - vacant_since


def covered(weeks_open: np.ndarray, awaiting_hire: np.ndarray, *, temporary_cover_after_weeks: float) -> np.ndarray:
    """Which vacancies an agency caseworker covers from this week: those open at least
    temporary_cover_after_weeks whose permanent hire does not arrive this week. Source: the English practice of
    covering vacancies with agency staff (DOMAIN.md); the delay is an assumption."""
    return awaiting_hire & (weeks_open >= temporary_cover_after_weeks)


def cover(model: StaffedDepartment, position: int) -> None:
    """An agency caseworker takes the vacant position (numbered as a person like anyone seated), with no strain,
    no sick leave and no mentoring."""
    roster = model.roster
    roster.in_post[position] = True
    roster.temporary[position] = True
    roster.caseworker_id[position] = roster.seated
    roster.seated += 1
    roster.hired_week[position] = model.week
    roster.strain[position] = roster.absent[position] = 0.0
    roster.long_sick_weeks[position] = 0
    roster.was_mentored[position] = False
    roster.mentored_until[position] = -np.inf


def step(model: StaffedDepartment) -> np.ndarray:
    """Keep each vacancy's opening week, and cover those open long enough (not while hiring is frozen); returns
    the positions covered this week. Runs before `staffing.step`, which sets their hours."""
    p, roster = model.params, model.roster
    if not p.temporary_staff:
        return np.zeros(0, dtype=np.int64)
    n = roster.n
    vacant = roster.established[:n] & ~roster.in_post[:n]
    roster.vacant_since[:n] = np.where(vacant, np.minimum(roster.vacant_since[:n], model.week), np.inf)
    if roster.hiring_frozen:
        return np.zeros(0, dtype=np.int64)
    due = np.flatnonzero(vacant & covered(weeks_open(roster.vacant_since[:n], model.week),
                                          roster.fill_week[:n] > model.week,
                                          temporary_cover_after_weeks=p.temporary_cover_after_weeks))
    for position in due.tolist():
        cover(model, position)
    return due
