"""The municipality responds to a department that stays overloaded (issue 21): an enforcement order, then,
after the council's delay, new positions.

The Working Environment Authority (Arbejdstilsynet) serves an order on a workplace where workload and time
pressure harm health (Assens, March 2014: "to counter health-harming strain from large workload and time
pressure"); 16 family departments had orders within 18 months (DR, DOMAIN.md). The responses seen are single
cases: Randers 2013 capped caseloads at 45 (from 55-56) and added staff, Odense 2016 added 20 FTE, others used
agency staff; Assens answered with the 2016 reform, about two years after its order. The rule below keeps that
structure and nothing more: overload that lasts `for_weeks` is found; `delay_weeks` later (the council's budget
decision) positions are added to bring the caseload to `caseload_to`. Then the watch starts again.

Each week, before the week's work (`DepartmentModel.start_week`), `step` reads the last recorded week:
open cases per caseworker in post (`caseload_mean`) and, when `on_time_below` is set, the share of § 50
investigations finished on time over the last 13 weeks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

COMPLIANCE_WEEKS = 13  # the window over which deadline compliance is judged: a quarter


@dataclass(frozen=True)
class ResponseRule:
    """When the municipality finds the department overloaded, and what it does about it."""

    caseload_above: float  # open cases per caseworker in post that count as overload
    on_time_below: float  # ... or § 50 investigations on time below this share (0: not judged)
    for_weeks: int  # weeks the overload must last before it is found (an inspection, an order)
    delay_weeks: int  # weeks from the finding to the new positions (the council's budget decision)
    caseload_to: float  # the caseload the added positions are meant to restore


@dataclass
class Council:
    """The municipality's watch over the department: weeks of overload so far, and a decision under way."""

    rule: ResponseRule
    weeks_overloaded: int = 0
    decision_week: int | None = None
    positions_added: int = 0


def positions_to_add(open_cases: int, positions: int, caseload_to: float) -> int:
    """Positions that bring open cases per position down to `caseload_to`:
    max(0, ceil(open_cases / caseload_to) - positions)."""
    return max(0, math.ceil(open_cases / caseload_to) - positions)


def overloaded(caseload: float, on_time_share: float, rule: ResponseRule) -> bool:
    """Whether a week counts as overloaded: caseload above `caseload_above`, or (when judged) the share of
    investigations on time below `on_time_below` (a quarter with no investigations finished is not judged)."""
    late = rule.on_time_below > 0 and not math.isnan(on_time_share) and on_time_share < rule.on_time_below
    return caseload > rule.caseload_above or late


def step(model: DepartmentModel) -> None:
    """Watch the last recorded week; find lasting overload; at the decision week, add the positions."""
    council: Council | None = model.council
    if council is None or not model.rows:
        return
    rule = council.rule
    if council.decision_week is not None:
        if model.week >= council.decision_week:
            added = positions_to_add(model.open_cases(), model.roster.positions, rule.caseload_to)
            if added:
                model.roster.add_positions(added)
                model.sync_positions()
            council.positions_added += added
            council.decision_week, council.weeks_overloaded = None, 0
        return
    recent = model.recent_weeks(COMPLIANCE_WEEKS, "caseload_mean", "investigations_completed",
                                "investigations_on_time")
    completed = recent["investigations_completed"].sum()
    on_time = recent["investigations_on_time"].sum() / completed if completed else math.nan
    if overloaded(float(recent["caseload_mean"][-1]), on_time, rule):
        council.weeks_overloaded += 1
    else:
        council.weeks_overloaded = 0
    if council.weeks_overloaded >= rule.for_weeks:
        council.decision_week = model.week + rule.delay_weeks
