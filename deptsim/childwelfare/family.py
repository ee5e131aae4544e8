"""The family agent and the stages of a family's case."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

import mesa

from deptsim.registration import BatchRegistration, agent_ids

if TYPE_CHECKING:
    from deptsim.childwelfare.cases import CaseTable


class Stage(IntEnum):
    """Where a family is in the department."""

    AWAITING_ASSESSMENT = 0
    ADVICE = 1  # § 11 advice and short counselling
    INVESTIGATION = 2  # § 50 child investigation
    PREVENTIVE = 3  # a preventive measure (family treatment, contact person, respite)
    FOSTER = 4  # placed in a foster family
    INSTITUTION = 5  # placed in a residential institution


# Plain ints for the hot paths: looking up an IntEnum member costs a Python call each time.
AWAITING, ADVICE, INVESTIGATION, PREVENTIVE, FOSTER, INSTITUTION = (int(stage) for stage in Stage)


class Family(mesa.Agent):
    """A family the department is working with, from its referral until its case closes.

    The state lives in the case table's arrays (one row per family in the
    department); this agent reads its row. Agents follow the table at the end
    of each week (`CaseTable.sync_agents`), so between steps the model holds
    exactly the families it is working with.
    """

    def __init__(self, model: mesa.Model, table: CaseTable, row: int, family_id: int) -> None:
        super().__init__(model)
        self.table = table
        self.row = row
        self.family_id = family_id

    @classmethod
    def entering(cls, model: BatchRegistration, table: CaseTable, rows: list[int],
                 family_ids: list[int]) -> list[Family]:
        """The agents of families entering the department, registered with the model together.

        Each is the agent `Family(model, table, row, family_id)` would make: the attributes that
        `mesa.Agent.__init__` and then `__init__` set, in that order, and Mesa's next id. They are
        made without calling `__init__`: its chain of Python calls (this class's, Mesa's, object's,
        then `register_agent` for each agent) was two thirds of the cost of making an agent, and
        about seventeen families enter a week (docs/performance.md). tests/test_registration.py
        checks that these agents equal those `__init__` makes.
        """
        ids, make = agent_ids(model), cls.__new__
        agents = []
        for row, family_id in zip(rows, family_ids, strict=True):
            agent = make(cls)
            agent.model, agent.unique_id, agent.pos = model, next(ids), None
            agent.table, agent.row, agent.family_id = table, row, family_id
            agents.append(agent)
        model.register_all(agents)
        return agents

    @property
    def stage(self) -> Stage:
        return Stage(int(self.table.stage[self.row]))

    @property
    def need(self) -> float:
        return float(self.table.need[self.row])

    @property
    def age(self) -> float:
        return float(self.table.age[self.row])

    @property
    def caseworker_position(self) -> int:
        """Position of the family's caseworker, or -1 while it has none."""
        return int(self.table.holder[self.row])

    @property
    def caseworker_changes(self) -> int:
        return int(self.table.changes[self.row])
