"""Placements and supervision visits: acute placements of children whose need escalated past
acute_placement_need, and the visits placed children are due (ODD 7.6, 7.9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare import casework
from deptsim.childwelfare.family import ADVICE, FOSTER
from deptsim.eventlog import SUPERVISION_VISIT

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

HOURS_PER_WEEK = 168.0


def step_acute(model: DepartmentModel) -> None:
    """A family in § 11, investigation or a preventive measure whose need escalated to acute_placement_need
    or more is placed at once, at a random time in the week."""
    table, week = model.family_table, model.this_week
    going = model.progressing() & model.escalated & (week.stages >= ADVICE) & (week.stages < FOSTER)
    rows = week.rows[going]
    placed = rows[table.need[rows] >= model.params.acute_placement_need]
    times = model.t0 + model.draws.uniform("event_time", table.key[placed], model.week) * HOURS_PER_WEEK
    for row, time in zip(placed.tolist(), times.tolist(), strict=True):
        casework.place_acutely(model, row, time)


def step_visits(model: DepartmentModel) -> None:
    """A placed child's supervision visit that is due happens with the chance that the case was served
    this week; then the next falls due one interval after this one was due (or at the week's end)."""
    table, week, counts = model.family_table, model.this_week, model.counts
    going = model.progressing() & (week.stages >= FOSTER)
    rows, service = week.rows[going], week.service[going]
    due = table.next_visit[rows] < model.t1
    rows, service = rows[due], service[due]
    counts.visits_outstanding += len(rows)
    made = model.draws.uniform("visits", table.key[rows], model.week) < service
    visited = rows[made]
    counts.visits_done += len(visited)
    table.next_visit[visited] = np.maximum(table.next_visit[visited] + model.rules.visit_interval, model.t1)
    for family in table.family_id[visited].tolist():
        model.log.add(model.t1, SUPERVISION_VISIT, family)
