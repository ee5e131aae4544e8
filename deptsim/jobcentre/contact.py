"""Contact: the hours the citizens' cases want, shared by the workforce's allocation, and the meetings they
bring (ODD J.4).

A citizen's meeting is due when the planned interval (52 / meetings_per_year weeks) has passed since the last
one. A meeting due by law (legal_meeting_weeks since the last) is deadline work, a meeting due by plan comes
next, the rest of the casework last (`deptsim.workforce.allocation`, which also works overtime and cuts corners
under pressure). A due meeting is held when the citizen's caseworker gives the case its hours (a draw below
the share served); otherwise it waits for next week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.workforce.allocation import allocate
from deptsim.workforce.overtime import overtime_limit

if TYPE_CHECKING:
    from deptsim.jobcentre.model import JobCentreModel

WEEKS_PER_YEAR = 52.0
DEADLINE, PLANNED, CASEWORK = 0, 1, 3
"""Priority classes of the allocation: a meeting the law requires now, a planned meeting, other casework."""


def meeting_due(weeks_since_meeting: np.ndarray, *, meetings_per_year: float) -> np.ndarray:
    """Whether a citizen's planned meeting is due: at least 52 / meetings_per_year weeks since the last."""
    return weeks_since_meeting >= WEEKS_PER_YEAR / meetings_per_year


def hours_wanted(due: np.ndarray, *, case_hours_week: float, meeting_hours: float) -> np.ndarray:
    """The hours a citizen's case wants this week: case_hours_week, plus meeting_hours when a meeting is due.
    Assumptions (docs/parameters.md)."""
    return case_hours_week + np.where(due, meeting_hours, 0.0)


def priority(due: np.ndarray, weeks_since_meeting: np.ndarray, *, legal_meeting_weeks: float) -> np.ndarray:
    """The allocation's priority class: DEADLINE when the law's interval is reached, PLANNED when the plan's
    is, CASEWORK otherwise."""
    return np.where(weeks_since_meeting >= legal_meeting_weeks, DEADLINE, np.where(due, PLANNED, CASEWORK))


def step(model: JobCentreModel) -> None:
    """Share the week's hours over the citizens' cases and hold the meetings they allow; sets the week's
    `met` (per citizen row of `model.this_week_rows`), `time_share` and the hours in the counts."""
    p, table, roster = model.params, model.citizen_table, model.roster
    rows = table.rows()
    since = model.week - table.last_meeting[rows]
    due = meeting_due(since, meetings_per_year=p.meetings_per_year)
    demand = hours_wanted(due, case_hours_week=p.case_hours_week, meeting_hours=p.meeting_hours)
    n = roster.n
    nominal, absent = roster.nominal[:n], roster.absent[:n]
    limit = overtime_limit(nominal, absent, roster.temporary[:n], overtime_max_share=p.overtime_max_share,
                           weekly_hours=p.weekly_hours) if p.overtime else None
    hours = allocate(nominal=nominal, absent=absent, duty=np.zeros(n), holder=table.holder[rows], demand=demand,
                     priority=priority(due, since, legal_meeting_weeks=p.legal_meeting_weeks),
                     age_order=table.last_meeting[rows], spread_sick_cases=p.sick_cover == "spread",
                     spare_hours_to_intake=False, overtime_limit=limit,
                     corner_cutting_floor=p.corner_cutting_floor if p.corner_cutting else None)
    roster.overload[:n], roster.overtime[:n] = hours.overload, hours.overtime
    met = due & (model.draws.uniform("meeting", table.key[rows], model.week) < hours.service)
    table.last_meeting[rows[met]] = model.week
    model.this_week_rows, model.met, model.time_share = rows, met, hours.time_share
    model.counts["meetings_held"] += int(np.count_nonzero(met))
    model.counts["hours_demanded"] += float(demand.sum())
    model.counts["hours_served"] += hours.served
    model.counts["hours_cut"] += float((demand * (1.0 - hours.time_share)).sum())
