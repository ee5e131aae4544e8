"""The family agent and the stages of a family's case.

Families are many (hundreds to hundreds of thousands), so their behaviour runs vectorised over the
family columns (`deptsim.childwelfare.families.Families`) in the behaviour modules, as Starsim runs
its people, rather than one `step` per agent. Their Mesa agents are made through Mesa's public API
when someone reads `model.families` (an AgentSet of the families in the department at that moment),
and each reads its own row.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel


class Stage(IntEnum):
    """Where a family is in the department."""

    AWAITING_ASSESSMENT = 0
    ADVICE = 1  # § 11 advice and short counselling
    INVESTIGATION = 2  # § 50 child investigation
    PREVENTIVE = 3  # a preventive measure (family treatment, contact person, respite)
    FOSTER = 4  # placed in a foster family
    INSTITUTION = 5  # placed in a residential institution


# Plain ints for the per-family code: looking up an IntEnum member costs a call each time.
AWAITING, ADVICE, INVESTIGATION, PREVENTIVE, FOSTER, INSTITUTION = (int(stage) for stage in Stage)
AT_HOME = (AWAITING, ADVICE, INVESTIGATION, PREVENTIVE)
PLACED = (FOSTER, INSTITUTION)


class Family(mesa.Agent):
    """A family the department is working with, from its referral until its case closes."""

    model: DepartmentModel

    def __init__(self, model: DepartmentModel, family_id: int) -> None:
        super().__init__(model)
        self.family_id = family_id

    @property
    def row(self) -> int:
        return self.model.family_table.row_of[self.family_id]

    @property
    def in_department(self) -> bool:
        return self.family_id in self.model.family_table.row_of

    @property
    def stage(self) -> Stage:
        return Stage(int(self.model.family_table.stage[self.row]))

    @property
    def need(self) -> float:
        return float(self.model.family_table.need[self.row])

    @property
    def age(self) -> float:
        return float(self.model.family_table.age[self.row])

    @property
    def caseworker_position(self) -> int:
        """Position of the family's caseworker, or -1 while it has none."""
        return int(self.model.family_table.holder[self.row])

    @property
    def caseworker_changes(self) -> int:
        return int(self.model.family_table.changes[self.row])
