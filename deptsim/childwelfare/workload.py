"""The week's workload: what each family asks of its caseworker, and how the hours are shared (ODD 7.10).

Every family in the department states its caseworker, the hours it wants this week and its priority;
the workforce's allocation (deptsim.workforce.allocation) then shares each caseworker's hours between
the intake desks and their cases. The result (each family's service share) drives the rest of the week.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare.family import FOSTER, INVESTIGATION
from deptsim.childwelfare.rules import PRIORITY_BY_STAGE, VISIT_PRIORITY, Rules
from deptsim.workforce.allocation import allocate, duty_shares
from deptsim.workforce.overtime import overtime_limit

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel


@dataclass
class FamiliesThisWeek:
    """The families in the department when the hours were shared, with what they asked and got."""

    rows: np.ndarray
    stages: np.ndarray  # their stage then
    demand: np.ndarray  # hours wanted
    service: np.ndarray  # share of the hours wanted that they got (with corners cut: of the cut hours)
    time_share: np.ndarray  # share of the hours wanted that their caseworker gives them after cutting corners


def hours_wanted(stage: np.ndarray, work_left: np.ndarray, next_visit: np.ndarray, t1: float, rules: Rules,
                 *, investigation_hours_per_week: float) -> tuple[np.ndarray, np.ndarray]:
    """Hours each family wants this week and its priority class.

    By stage (rules.hours_by_stage, after documentation relief); an investigation wants
    min(work left, investigation_hours_per_week); a placed child with a supervision visit due wants the
    visit's hours on top, at priority 1. Families awaiting assessment want none (the desks assess them).
    """
    wanted = rules.hours_by_stage[stage]
    wanted = np.where(stage == INVESTIGATION, np.minimum(work_left, investigation_hours_per_week), wanted)
    priority = PRIORITY_BY_STAGE[stage]
    visit_due = (stage >= FOSTER) & (next_visit < t1)
    return wanted + np.where(visit_due, rules.visit_work, 0.0), np.where(visit_due, VISIT_PRIORITY, priority)


def step(model: DepartmentModel) -> None:
    """Share this week's hours; sets `model.this_week`, each position's duty share, overload and overtime, the
    hours for intake and the hours cut by cutting corners."""
    p, table, roster = model.params, model.family_table, model.roster
    rows = table.rows()
    stages = table.stage[rows].astype(np.int64)
    demand, priority = hours_wanted(stages, table.work_left[rows], table.next_visit[rows], model.t1, model.rules,
                                    investigation_hours_per_week=p.investigation_hours_per_week)
    n = roster.n
    nominal, absent = roster.nominal[:n], roster.absent[:n]
    waiting = int(np.count_nonzero(table.pending_referral[rows] >= 0))
    roster.duty[:n] = duty_shares(roster.intake_team[:n], nominal * (1.0 - absent), waiting * p.assessment_hours,
                                  intake_team_duty_share=p.intake_team_duty_share,
                                  intake_duty_share=p.intake_duty_share, intake_max_share=p.intake_max_share)
    limit = overtime_limit(nominal, absent, roster.temporary[:n], overtime_max_share=p.overtime_max_share,
                           weekly_hours=p.weekly_hours) if p.overtime else None
    hours = allocate(nominal=nominal, absent=absent, duty=roster.duty[:n], holder=table.holder[rows],
                     demand=demand, priority=priority, age_order=table.stage_start[rows],
                     spread_sick_cases=p.sick_cover == "spread", spare_hours_to_intake=p.spare_hours_to_intake,
                     overtime_limit=limit, corner_cutting_floor=p.corner_cutting_floor if p.corner_cutting else None)
    roster.overload[:n], roster.overtime[:n] = hours.overload, hours.overtime
    model.this_week = FamiliesThisWeek(rows, stages, demand, hours.service, hours.time_share)
    model.hours_cut = float((demand * (1.0 - hours.time_share)).sum())
    model.intake_hours, model.hours_demanded, model.hours_served = hours.intake_hours, float(demand.sum()), hours.served


def contact_hours(case_hours_served: float, assessments: int, *, documentation_share: float,
                  documentation_factor: float, assessment_hours: float) -> float:
    """Hours of the week's case work spent in direct contact with children and families.

    contact = (1 - documentation_share) · (case_hours_served / documentation_factor + assessments · assessment_hours)

    A case hour is documentation (and the other indirect work: coordination with schools and health,
    travel) in the share documentation_share, and direct contact in the rest; documentation relief
    removes part of the indirect hours, so an hour served after relief holds more contact
    (documentation_factor = 1 - documentation_share·documentation_relief). Assessments count at their
    mean hours, with the same split. The figure compared with the time-use surveys (15-25% of working
    time, DOMAIN.md) is contact over the hours worked (calibration/figures.py).
    """
    return (1.0 - documentation_share) * (case_hours_served / documentation_factor + assessments * assessment_hours)
