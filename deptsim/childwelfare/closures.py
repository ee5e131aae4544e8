"""Closures: children who turn 18 leave, § 11 courses end, and measures and placements end once the
need is resolved (ODD 7.3, 7.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    for row, time in zip(leaving.tolist(), times.tolist(), strict=True):
        model.counts.aged_out += 1
        casework.close_aged_out(model, row, time)


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
    for row in rows[course_over].tolist():
        if table.need[row] >= p.investigate_need:
            casework.to_investigation(model, row, model.t1)
        else:
            casework.close(model, row, model.t1)
    for row in rows[no_longer_needed].tolist():
        casework.close(model, row, model.t1)
