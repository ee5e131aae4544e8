"""The case table: one row per family the department is working with, in numpy arrays.

Rows are reused after a case closes (a free list), so the table's size follows
the number of open families, not the number ever seen.

Families enter and leave through the compiled casework
(`deptsim.childwelfare.casework.open_family` and `free_row`). The family agents
follow the table at the end of each week (`sync_agents`), the only moments anyone
can look at the model: a family that comes and goes within one week (most
referrals closed without action) is never registered with Mesa, which halves the
agent creations and removals (docs/performance.md: still the largest single cost).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numba import njit

from deptsim.childwelfare.family import Family
from deptsim.growable import grow_columns

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
    # the columns, and the family id of each row's agent (-1 for none), with what new rows hold
    FILLS: ClassVar[dict[str, object]] = {name: fill for name, (_, fill) in COLUMNS.items()} | {"agent_family": -1}

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
        self.agent_family = np.full(capacity, -1, dtype=np.int64)  # family id of each row's agent, -1 for none
        self.free_rows = np.arange(capacity - 1, -1, -1, dtype=np.int64)  # a stack: row 0 is used first
        self.counters = np.array([capacity, 0], dtype=np.int64)  # rows on the free stack, next family id
        self.row_of = np.full(1024, -1, dtype=np.int64)  # row of each family id, -1 when not in the department

    @property
    def next_family_id(self) -> int:
        return int(self.counters[1])

    def reserve(self, families: int) -> None:
        """Make room for `families` more to enter: free rows, and ids for them.

        New rows go to the bottom of the free stack, so rows are used in the order they would be
        if the table grew only when full (the order of rows decides the order of the weekly work).
        """
        n_free = int(self.counters[0])
        old = len(self.active)
        if n_free < families and grow_columns(self, self.FILLS, old, families - n_free):
            new = len(self.active)
            self.agents.extend([None] * (new - old))
            added = np.arange(new - 1, old - 1, -1, dtype=np.int64)
            self.free_rows = np.concatenate([added, self.free_rows[:n_free], np.zeros(old, dtype=np.int64)])
            self.counters[0] = n_free + len(added)
        needed = self.next_family_id + families
        if needed > len(self.row_of):
            self.row_of = np.concatenate([self.row_of, np.full(max(len(self.row_of), needed), -1, dtype=np.int64)])

    def sync_agents(self) -> None:
        """Remove the agents of families that left; create agents for families that entered and stayed.

        The week's changes are registered with Mesa together (deptsim.registration), the new agents in
        the order of their rows.
        """
        leaving, entering, entered = _changes(self.agent_family, self.active, self.family_id)
        self._remove_agents(leaving.tolist())
        rows = entering.tolist()
        agents = self.agents
        for row, agent in zip(rows, Family.entering(self.model, self, rows, entered.tolist()), strict=True):
            agents[row] = agent
        self.agent_family[leaving] = -1
        self.agent_family[entering] = entered

    def _remove_agents(self, rows: list[int]) -> None:
        """Deregister the agents of these rows.

        Their last references go when this returns, before any agent is made, so that the new agents can
        take the memory the leaving ones free: in the 16x department, where about 270 agents come and go
        a week, holding them until the new ones were made cost 6% of a run (1.61 against 1.51 s, best
        of 3 x 4 in alternating fresh processes).
        """
        agents = self.agents
        gone = [agents[row] for row in rows]
        for row in rows:
            agents[row] = None
        self.model.deregister_all(gone)


@njit(cache=True)
def _changes(agent_family, active, family_id):
    """Rows whose family differs from their agent's: the rows whose agent leaves, the rows a family enters
    (both in order), and the ids of the families entering."""
    leaving = np.empty(len(active), dtype=np.int64)
    entering = np.empty(len(active), dtype=np.int64)
    n_leaving = n_entering = 0
    for row in range(len(active)):
        present = family_id[row] if active[row] else -1
        if agent_family[row] == present:
            continue
        if agent_family[row] >= 0:
            leaving[n_leaving] = row
            n_leaving += 1
        if present >= 0:
            entering[n_entering] = row
            n_entering += 1
    entering = entering[:n_entering]
    return leaving[:n_leaving], entering, family_id[entering]
