"""Closures: children who turn 18 leave, § 11 courses end, and measures and placements end once the
need is resolved (ODD 7.3, 7.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare import casework
from deptsim.childwelfare.family import ADVICE, PREVENTIVE

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

HOURS_PER_WEEK = 168.0


def step_ageing_out(model: DepartmentModel) -> None:
    """A child who has reached age_out_years leaves the department at a random time in the week."""
    table, week = model.family_table, model.this_week
    rows = week.rows[model.progressing()]
    leaving = rows[table.age[rows] >= model.params.age_out_years]
    times = model.t0 + model.draws.uniform("event_time", table.key[leaving], model.week) * HOURS_PER_WEEK
    model.counts.aged_out += len(leaving)
    casework.close_aged_out(model, leaving, times)


def step(model: DepartmentModel) -> None:
    """At the week's end: a § 11 course that has run advice_weeks, or whose family's need fell below
    close_need, ends (in an investigation if the need is at least investigate_need, else the case closes);
    a measure or placement ends, and the case closes, when the need is below close_need."""
    p, table, week = model.params, model.family_table, model.this_week
    going = model.progressing()
    rows, stage = week.rows[going], week.stages[going]
    need = table.need[rows]
    course_over = (stage == ADVICE) & ((model.t1 - table.stage_start[rows] >= model.rules.advice_course)
                                       | (need < p.close_need))
    no_longer_needed = (stage >= PREVENTIVE) & (need < p.close_need)
    for row in rows[course_over & (need >= p.investigate_need)].tolist():
        casework.to_investigation(model, row, model.t1)
    ending = rows[(course_over & (need < p.investigate_need)) | no_longer_needed]
    casework.close_many(model, ending, np.full(len(ending), model.t1))
