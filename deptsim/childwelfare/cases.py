"""The case table: one row per family the department is working with, in numpy arrays.

Rows are reused after a case closes (a free list), so the table's size follows
the number of open families, not the number ever seen.

The family agents follow the table at the end of each week (`sync_agents`), the
only moments anyone can look at the model: a family that comes and goes within one
week (most referrals closed without action) is never registered with Mesa, which
halves the agent creations and removals that cost a tenth of a run.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from deptsim.childwelfare.family import Family, Stage

NO_ONE = -1


class CaseTable:
    """Per-family state: stage, need, age, caseworker, timing of the current stage."""

    COLUMNS: ClassVar[dict[str, tuple[type, object]]] = {
        "family_id": (np.int64, -1),
        "stage": (np.int8, -1),
        "need": (np.float64, 0.0),
        "age": (np.float64, 0.0),
        "holder": (np.int64, NO_ONE),
        "opened": (np.float64, 0.0),  # time the family entered the department (hours)
        "stage_start": (np.float64, 0.0),
        "waiting_since": (np.float64, 0.0),  # since when the family waits for help to start
        "work_left": (np.float64, 0.0),  # investigation hours still to do
        "deadline": (np.float64, np.inf),  # investigation deadline (hours)
        "next_visit": (np.float64, np.inf),  # next supervision visit due (hours)
        "pending_referral": (np.int64, -1),
        "investigation": (np.int64, -1),  # row in the investigation book
        "case": (np.int64, -1),  # row in the case book
        "changes": (np.int64, 0),
        "orphaned": (bool, False),  # lost its caseworker with nobody to take over
        "active": (bool, False),
    }

    family_id: np.ndarray
    stage: np.ndarray
    need: np.ndarray
    age: np.ndarray
    holder: np.ndarray
    opened: np.ndarray
    stage_start: np.ndarray
    waiting_since: np.ndarray
    work_left: np.ndarray
    deadline: np.ndarray
    next_visit: np.ndarray
    pending_referral: np.ndarray
    investigation: np.ndarray
    case: np.ndarray
    changes: np.ndarray
    orphaned: np.ndarray
    active: np.ndarray

    def __init__(self, model, capacity: int = 256) -> None:
        self.model = model
        self.agents: list[Family | None] = [None] * capacity
        for name, (dtype, fill) in self.COLUMNS.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))
        self.free: list[int] = list(range(capacity - 1, -1, -1))
        self.row_of_family: dict[int, int] = {}
        self._entered: list[int] = []  # rows opened since the last sync
        self._left: list[Family] = []  # agents whose family left since the last sync

    def _grow(self) -> None:
        old = len(self.active)
        new = old * 2
        for name, (dtype, fill) in self.COLUMNS.items():
            column = np.full(new, fill, dtype=dtype)
            column[:old] = getattr(self, name)
            setattr(self, name, column)
        self.agents.extend([None] * (new - old))
        self.free.extend(range(new - 1, old - 1, -1))

    def open(self, family_id: int, need: float, age: float, stage: Stage, time: float) -> int:
        """Bring a family into the department; returns its row."""
        if not self.free:
            self._grow()
        row = self.free.pop()
        self._entered.append(row)
        self.row_of_family[family_id] = row
        self.family_id[row] = family_id
        self.stage[row] = stage
        self.need[row] = need
        self.age[row] = age
        self.holder[row] = NO_ONE
        self.opened[row] = time
        self.stage_start[row] = time
        self.waiting_since[row] = time
        self.work_left[row] = 0.0
        self.deadline[row] = np.inf
        self.next_visit[row] = np.inf
        self.pending_referral[row] = -1
        self.investigation[row] = -1
        self.case[row] = -1
        self.changes[row] = 0
        self.orphaned[row] = False
        self.active[row] = True
        return row

    def close(self, row: int) -> None:
        """The family leaves the department: the row is freed and its agent goes at the next sync."""
        agent = self.agents[row]
        if agent is not None:
            self._left.append(agent)
            self.agents[row] = None
        del self.row_of_family[int(self.family_id[row])]
        self.active[row] = False
        self.stage[row] = -1
        self.holder[row] = NO_ONE
        self.pending_referral[row] = -1
        self.free.append(row)

    def sync_agents(self) -> None:
        """Remove the agents of families that left and create agents for those that entered and stayed."""
        for agent in self._left:
            agent.remove()
        self._left = []
        agents, active, family_id = self.agents, self.active, self.family_id
        for row in self._entered:
            if active[row] and agents[row] is None:
                agents[row] = Family(self.model, self, row, int(family_id[row]))
        self._entered = []

    def rows_in(self, *stages: Stage) -> np.ndarray:
        return np.flatnonzero(np.isin(self.stage, stages))

    def open_case_rows(self) -> np.ndarray:
        return np.flatnonzero(self.stage >= Stage.ADVICE)
