"""The levers a trainer pulls while the department runs, each read from and applied to a running model.

A lever shows the model's current value (so a scenario's own reforms, or a caseload target that adds
positions, move the slider too) and applies a change through the same interventions a scenario
file uses, from the current week on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deptsim.interventions import AddPositions, CaseloadTarget, IntakeTeam
from deptsim.model import DepartmentModel

Value = float | bool

SLIDER, SWITCH = "slider", "switch"
MIN_POSITIONS_RANGE = 40  # a small department still gets room to double or triple its staff
REFERRALS_PER = 1000.0  # the slider counts referrals per 1,000 children, as municipal statistics do


@dataclass(frozen=True)
class Lever:
    """One lever: a slider over whole numbers from 0 to `top`, or a switch; `key` names its label in `labels`.

    Sliders step by 1: a slider snaps a value between its steps and sends the snapped value back,
    which would move a scenario's 114 referrals per 1,000 children to 110 before anyone touched it.
    """

    key: str
    kind: str
    read: Callable[[DepartmentModel], Value]
    pull: Callable[[DepartmentModel, Value], None]
    top: Callable[[DepartmentModel, int], float] = lambda model, start_positions: 1.0


def _positions_top(model: DepartmentModel, start_positions: int) -> float:
    """Room to triple the starting staff, and never less than the positions there are now."""
    return float(max(MIN_POSITIONS_RANGE, 3 * start_positions, model.roster.positions))


def _set_positions(model: DepartmentModel, value: Value) -> None:
    AddPositions(model.week, int(value) - model.roster.positions).apply(model)


def _set_parameter(name: str, scale: float = 1.0) -> Callable[[DepartmentModel, Value], None]:
    def pull(model: DepartmentModel, value: Value) -> None:
        model.set_params(**{name: value if isinstance(value, bool) else float(value) / scale})
    return pull


LEVERS: tuple[Lever, ...] = (
    Lever("positions", SLIDER, read=lambda m: m.roster.positions, pull=_set_positions, top=_positions_top),
    Lever("caseload_target", SLIDER, read=lambda m: m.caseload_target,
          pull=lambda m, v: CaseloadTarget(m.week, float(v)).apply(m), top=lambda m, p: 80.0),
    Lever("referrals", SLIDER, read=lambda m: round(m.params.referrals_per_child_year * REFERRALS_PER),
          pull=_set_parameter("referrals_per_child_year", REFERRALS_PER), top=lambda m, p: 2000.0),
    Lever("intake_team", SLIDER, read=lambda m: m.params.intake_team_size,
          pull=lambda m, v: IntakeTeam(m.week, int(v)).apply(m),
          top=lambda m, p: float(max(1, min(m.roster.positions, 30)))),
    Lever("team_leaders", SLIDER, read=lambda m: m.params.team_leaders,
          pull=lambda m, v: m.set_params(team_leaders=int(v)), top=lambda m, p: 10.0),
    Lever("documentation_relief", SLIDER, read=lambda m: round(m.params.documentation_relief * 100),
          pull=_set_parameter("documentation_relief", 100.0), top=lambda m, p: 100.0),
    Lever("mentoring", SWITCH, read=lambda m: m.params.mentoring, pull=_set_parameter("mentoring")),
    Lever("continuity", SWITCH, read=lambda m: m.params.continuity, pull=_set_parameter("continuity")),
)

BY_KEY: dict[str, Lever] = {lever.key: lever for lever in LEVERS}
