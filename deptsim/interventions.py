"""Reforms over time: dated changes to the department, each acting on the model's mechanisms.

Each intervention takes effect at the start of its week. They are small classes
with one `apply(model)`, in the spirit of Starsim's interventions, so that a new
kind of reform is one new class here and one entry in the scenario schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from deptsim.council import Council, ResponseRule

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel


@dataclass(frozen=True)
class Intervention:
    """A change that takes effect at the start of `week`."""

    week: int
    kind: ClassVar[str] = ""

    def apply(self, model: DepartmentModel) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class AddPositions(Intervention):
    """Add caseworker positions (recruited for like any vacancy), or remove them if `count` is negative.

    Removal takes vacant positions first; then the newest hires leave and hand their cases over.
    """

    count: int = 0
    kind: ClassVar[str] = "add_positions"

    def apply(self, model: DepartmentModel) -> None:
        roster = model.roster
        if self.count > 0:
            roster.add_positions(self.count)
        elif self.count < 0:
            cut = -self.count
            cut -= roster.abolish_vacancies(cut)
            roster.abolish_filled(cut, model.hand_over)
        model.sync_positions()


@dataclass(frozen=True)
class CaseloadTarget(Intervention):
    """Staffing follows a caseload target: positions are added when open cases per position exceed it,
    and vacant positions are left unfilled when there are more than the target needs. 0 switches it off."""

    target: float = 0.0
    kind: ClassVar[str] = "caseload_target"

    def apply(self, model: DepartmentModel) -> None:
        model.caseload_target = self.target


@dataclass(frozen=True)
class IntakeTeam(Intervention):
    """A § 11 intake team of `size` caseworkers assesses every new referral and keeps the § 11 cases.

    Members come from existing positions; the cases they held that are not § 11 go to colleagues.
    """

    size: int = 0
    kind: ClassVar[str] = "intake_team"

    def apply(self, model: DepartmentModel) -> None:
        size = min(self.size, model.roster.positions)
        joined = model.roster.set_intake_team(size)
        model.hand_over_to_regulars(joined)
        model.set_params(intake_team_size=size)


@dataclass(frozen=True)
class SetParameters(Intervention):
    """Change model parameters by name (team leaders, mentoring, documentation relief, continuity...)."""

    values: dict[str, Any] = field(default_factory=dict)
    kind: ClassVar[str] = "parameters"

    def apply(self, model: DepartmentModel) -> None:
        model.set_params(**self.values)


@dataclass(frozen=True)
class TeamLeaders(SetParameters):
    """Team leaders who follow cases closely and back caseworkers up: they slow the build-up of strain."""

    kind: ClassVar[str] = "team_leaders"


@dataclass(frozen=True)
class Mentoring(SetParameters):
    """Every new hire gets an experienced mentor for three months (ramp-up faster, fewer first-year exits)."""

    kind: ClassVar[str] = "mentoring"


@dataclass(frozen=True)
class DocumentationRelief(SetParameters):
    """Less documentation per case (the free-municipality trial): every case needs fewer hours."""

    kind: ClassVar[str] = "documentation_relief"


@dataclass(frozen=True)
class Continuity(SetParameters):
    """One caseworker per family through the whole case: no handover when a measure starts."""

    kind: ClassVar[str] = "continuity"


@dataclass(frozen=True)
class HiringFreeze(Intervention):
    """Vacancies are not filled while the freeze is on."""

    on: bool = True
    kind: ClassVar[str] = "hiring_freeze"

    def apply(self, model: DepartmentModel) -> None:
        model.roster.hiring_frozen = self.on


@dataclass(frozen=True)
class BudgetCut(Intervention):
    """Save `dkk_per_year` on staff: as many positions as that pays for are abolished, vacant ones now
    and the rest as caseworkers leave."""

    dkk_per_year: float = 0.0
    kind: ClassVar[str] = "budget_cut"

    def apply(self, model: DepartmentModel) -> None:
        cost = model.params.caseworker_cost_dkk_year
        if cost <= 0:  # a position that costs nothing saves nothing (scenario files are refused this)
            return
        roster = model.roster
        count = round(self.dkk_per_year / cost)
        count = min(count, roster.positions)
        roster.positions_to_cut += count - roster.abolish_vacancies(count)
        model.sync_positions()


@dataclass(frozen=True)
class MunicipalityResponds(Intervention):
    """From `week` on, the municipality watches the department: overload that lasts is found (an enforcement
    order), and after the council's delay positions are added (deptsim.council)."""

    rule: ResponseRule | None = None
    kind: ClassVar[str] = "municipality_responds"

    def apply(self, model: DepartmentModel) -> None:
        model.council = Council(self.rule) if self.rule is not None else None
