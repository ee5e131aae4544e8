"""Staffing: vacancies filled after a recruitment delay, new hires ramping up, mentoring (ODD 7.14-7.15).

`step` runs at the start of each week: the vacancies due are filled (unless hiring is frozen; a hire at a
position covered by an agency caseworker ends the cover and takes over its cases, 7.20), new hires are paired
with mentors, finished mentorships end, and each position's hours for the week are set from its holder's
productivity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.draws import gamma_shape_two
from deptsim.workforce.staff import NO_ONE, WEEKS_PER_YEAR, Roster

if TYPE_CHECKING:
    from deptsim.workforce.department import StaffedDepartment


def productivity(tenure_weeks: np.ndarray, was_mentored: np.ndarray, *, new_hire_productivity: float,
                 ramp_weeks: float, mentoring_ramp_factor: float) -> np.ndarray:
    """Productivity ramps linearly from `new_hire_productivity` to 1 over R weeks of tenure:
    new + (1 - new)·min(tenure/R, 1), with R = ramp_weeks, times mentoring_ramp_factor for a mentored hire.

    Source: assumption informed by the articles' "new hires are slow at first" (docs/parameters.md).
    """
    ramp = ramp_weeks * np.where(was_mentored, mentoring_ramp_factor, 1.0)
    progress = np.clip(np.divide(tenure_weeks, ramp, out=np.ones_like(ramp), where=ramp > 0), 0.0, 1.0)
    return new_hire_productivity + (1.0 - new_hire_productivity) * progress


def productivity_this_week(model: StaffedDepartment) -> np.ndarray:
    """Each position's productivity this week: the new-hire ramp (`productivity`) for an employed caseworker,
    temporary_productivity for an agency caseworker (7.20)."""
    p, roster = model.params, model.roster
    n = roster.n
    ramp = productivity(model.week - roster.hired_week[:n], roster.was_mentored[:n],
                        new_hire_productivity=p.new_hire_productivity, ramp_weeks=p.ramp_weeks,
                        mentoring_ramp_factor=p.mentoring_ramp_factor)
    return np.where(roster.temporary[:n], p.temporary_productivity, ramp)


def nominal_hours(productivity: np.ndarray, mentoring: np.ndarray, in_post: np.ndarray, *, weekly_hours: float,
                  admin_share: float, mentor_hours_week: float) -> np.ndarray:
    """Hours for casework and intake if present all week:
    max(weekly_hours·(1 - admin_share)·productivity - [mentor]·mentor_hours_week, 0), 0 for a vacancy."""
    hours = weekly_hours * (1.0 - admin_share) * productivity - np.where(mentoring, mentor_hours_week, 0.0)
    return np.where(in_post, np.maximum(hours, 0.0), 0.0)


def recruitment_mean_weeks(recent_turnover: float, *, recruitment_weeks: float, reputation_effect: bool,
                           reputation_weight: float, reference_turnover: float) -> float:
    """Mean weeks to fill a vacancy: recruitment_weeks·(1 + weight·max(T - T_ref, 0)/T_ref) with a bad
    reputation (T: resignations of the last 52 weeks per position), else recruitment_weeks."""
    if not reputation_effect:
        return recruitment_weeks
    return recruitment_weeks * (1.0 + reputation_weight * max(recent_turnover - reference_turnover, 0.0)
                                / reference_turnover)


def schedule_recruitment(model: StaffedDepartment, positions: np.ndarray, from_week: int) -> None:
    """Set when each vacancy in `positions` will be filled: week `from_week` + round(Gamma(2, mean)) weeks,
    drawn from the position's own draws."""
    if len(positions) == 0:
        return
    p, roster = model.params, model.roster
    mean = recruitment_mean_weeks(roster.recent_turnover(), recruitment_weeks=p.recruitment_weeks,
                                  reputation_effect=p.reputation_effect, reputation_weight=p.reputation_weight,
                                  reference_turnover=p.reference_turnover)
    keys = roster.key[positions]
    delay = gamma_shape_two(model.draws.uniform("recruitment", keys, model.week, 0),
                            model.draws.uniform("recruitment", keys, model.week, 1), mean)
    roster.fill_week[positions] = from_week + np.round(delay)


def seat(model: StaffedDepartment, position: int) -> None:
    """A new caseworker takes the position (a Mesa agent is created for them)."""
    roster = model.roster
    roster.agents[position] = model.caseworker_class(model, position)
    roster.caseworker_id[position] = roster.seated
    roster.seated += 1
    roster.in_post[position] = True
    roster.temporary[position] = False
    roster.fill_week[position] = np.inf
    roster.strain[position] = 0.0
    roster.absent[position] = 0.0
    roster.long_sick_weeks[position] = 0
    roster.was_mentored[position] = False
    roster.mentored_until[position] = -np.inf


def pair_mentors(roster: Roster, hired: np.ndarray, week: int, *, mentoring_weeks: float) -> None:
    """Each new hire gets the least-strained employed colleague with a year's tenure who is not already
    mentoring and not on long sick leave (none if nobody qualifies)."""
    for position in hired:
        n = roster.n
        free = np.flatnonzero(roster.in_post[:n] & ~roster.temporary[:n]
                              & (week - roster.hired_week[:n] >= WEEKS_PER_YEAR)
                              & (roster.mentor_of[:n] < 0) & (roster.long_sick_weeks[:n] == 0))
        if len(free) == 0:
            return
        mentor = free[np.argmin(roster.strain[free])]
        roster.mentor_of[mentor] = position
        roster.mentored_until[position] = week + mentoring_weeks
        roster.was_mentored[position] = True


def end_mentorships(roster: Roster, week: int) -> None:
    """Free the mentors whose mentee's period is over, or who or whose mentee left."""
    n = roster.n
    mentee = roster.mentor_of[:n]
    mentoring = mentee >= 0
    safe = np.where(mentoring, mentee, 0)
    over = mentoring & ((roster.mentored_until[safe] <= week) | ~roster.in_post[safe] | ~roster.in_post[:n])
    roster.mentor_of[:n][over] = NO_ONE


def step(model: StaffedDepartment) -> np.ndarray:
    """The week's staffing; returns the positions filled this week (by employed caseworkers)."""
    p, roster, week = model.params, model.roster, model.week
    n = roster.n
    open_to_hire = ~roster.in_post[:n] | roster.temporary[:n]
    due = np.flatnonzero(open_to_hire & roster.established[:n] & (roster.fill_week[:n] <= week))
    hired = due[:0] if roster.hiring_frozen else due
    for position in hired.tolist():
        was_covered = bool(roster.temporary[position])
        seat(model, position)
        roster.hired_week[position] = week
        if was_covered:
            model.hand_to_successor(position)
    if p.mentoring and len(hired):
        pair_mentors(roster, hired, week, mentoring_weeks=p.mentoring_weeks)
    end_mentorships(roster, week)
    set_hours(model)
    return hired


def set_hours(model: StaffedDepartment) -> None:
    """Each position's nominal hours this week, from its holder's productivity and mentoring."""
    p, roster = model.params, model.roster
    n = roster.n
    roster.nominal[:n] = nominal_hours(productivity_this_week(model), roster.mentor_of[:n] >= 0, roster.in_post[:n],
                                       weekly_hours=p.weekly_hours, admin_share=p.admin_share,
                                       mentor_hours_week=p.mentor_hours_week)
