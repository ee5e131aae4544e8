"""The levers a trainer pulls while the department runs, each read from and applied to a running model.

A lever shows the model's current value (so a scenario's own reforms, or a caseload target that adds
positions, move the slider too) and applies a change through the same interventions a scenario
file uses, from the current week on. Each kind of department has its own set (`CHILDREN_LEVERS`,
`JOB_CENTRE_LEVERS`), of reforms its scenario files allow (`deptsim.departments`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from deptsim.interventions import AddPositions, CaseloadTarget, HiringFreeze, IntakeTeam
from deptsim.workforce.department import StaffedDepartment

Value = float | bool

SLIDER, SWITCH = "slider", "switch"
MIN_POSITIONS_RANGE = 40  # a small department still gets room to double or triple its staff
REFERRALS_PER = 1000.0  # the slider counts referrals per 1,000 children, as municipal statistics do


@dataclass(frozen=True)
class Lever:
    """One lever: a slider over whole numbers from `bottom` to `top`, or a switch; `key` names its label in
    `labels`, `intervention` the scenario files' intervention kind it stands for.

    Sliders step by 1: a slider snaps a value between its steps and sends the snapped value back,
    which would move a scenario's 114 referrals per 1,000 children to 110 before anyone touched it.
    """

    key: str
    kind: str
    intervention: str
    read: Callable[[Any], Value]
    pull: Callable[[Any, Value], None]
    top: Callable[[Any, int], float] = lambda model, start_positions: 1.0
    bottom: float = 0.0


def _positions_top(model: StaffedDepartment, start_positions: int) -> float:
    """Room to triple the starting staff, and never less than the positions there are now."""
    return float(max(MIN_POSITIONS_RANGE, 3 * start_positions, model.roster.positions))


def _set_positions(model: StaffedDepartment, value: Value) -> None:
    AddPositions(model.week, int(value) - model.roster.positions).apply(model)


def _set_parameter(name: str, scale: float = 1.0) -> Callable[[StaffedDepartment, Value], None]:
    def pull(model: StaffedDepartment, value: Value) -> None:
        model.set_params(**{name: value if isinstance(value, bool) else float(value) / scale})
    return pull


def _caseload_target(top: float) -> Lever:
    """Staffing follows open cases per position, up to `top` (0: off)."""
    return Lever("caseload_target", SLIDER, "caseload_target", read=lambda m: m.caseload_target,
                 pull=lambda m, v: CaseloadTarget(m.week, float(v)).apply(m), top=lambda m, p: top)


POSITIONS = Lever("positions", SLIDER, "add_positions", read=lambda m: m.roster.positions, pull=_set_positions,
                  top=_positions_top)
TEAM_LEADERS = Lever("team_leaders", SLIDER, "team_leaders", read=lambda m: m.params.team_leaders,
                     pull=lambda m, v: m.set_params(team_leaders=int(v)), top=lambda m, p: 10.0)
MENTORING = Lever("mentoring", SWITCH, "mentoring", read=lambda m: m.params.mentoring,
                  pull=_set_parameter("mentoring"))

CHILDREN_LEVERS: tuple[Lever, ...] = (
    POSITIONS,
    _caseload_target(80.0),
    Lever("referrals", SLIDER, "parameters", read=lambda m: round(m.params.referrals_per_child_year * REFERRALS_PER),
          pull=_set_parameter("referrals_per_child_year", REFERRALS_PER), top=lambda m, p: 2000.0),
    Lever("intake_team", SLIDER, "intake_team", read=lambda m: m.params.intake_team_size,
          pull=lambda m, v: IntakeTeam(m.week, int(v)).apply(m),
          top=lambda m, p: float(max(1, min(m.roster.positions, 30)))),
    TEAM_LEADERS,
    Lever("documentation_relief", SLIDER, "documentation_relief",
          read=lambda m: round(m.params.documentation_relief * 100),
          pull=_set_parameter("documentation_relief", 100.0), top=lambda m, p: 100.0),
    MENTORING,
    Lever("continuity", SWITCH, "continuity", read=lambda m: m.params.continuity, pull=_set_parameter("continuity")),
)

JOB_CENTRE_LEVERS: tuple[Lever, ...] = (
    POSITIONS,
    _caseload_target(150.0),  # job centres run at 40 to 100 citizens per caseworker
    # from 1 (the law's minimum was 4) to every other week (the Danish trials of frequent meetings)
    Lever("meetings_per_year", SLIDER, "parameters", read=lambda m: round(m.params.meetings_per_year),
          pull=_set_parameter("meetings_per_year"), top=lambda m, p: 26.0, bottom=1.0),
    TEAM_LEADERS,
    MENTORING,
    Lever("hiring_freeze", SWITCH, "hiring_freeze", read=lambda m: m.roster.hiring_frozen,
          pull=lambda m, v: HiringFreeze(m.week, bool(v)).apply(m)),
)
