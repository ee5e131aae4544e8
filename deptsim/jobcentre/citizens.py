"""The citizens on benefit: one row per citizen in named columns, and the Mesa agent built on request.

Citizens are many, so their behaviour runs vectorised over these columns in the job centre's behaviour modules
(as the children-and-family department runs its families); `JobCentreModel.citizens` makes their Mesa agents
through Mesa's public API when someone reads it. A citizen enters on one of three benefits and leaves for work
or education, for another benefit, or by moving; their row is then reused.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

import mesa
import numpy as np

from deptsim.columns import Column, Columns

if TYPE_CHECKING:
    from deptsim.jobcentre.model import JobCentreModel

NO_ONE = -1


class Kind(IntEnum):
    """The benefit a citizen receives, and so the unit that follows them."""

    EDUCATION_BENEFIT = 0  # uddannelseshjælp: under 30 without a qualifying education
    CASH_BENEFIT = 1  # kontanthjælp: 30 and over
    JOB_REHABILITATION = 2  # resource and job-clarification courses (ressourceforløbsydelse)


KINDS = tuple(Kind)
KIND_NAMES = {Kind.EDUCATION_BENEFIT: "education_benefit", Kind.CASH_BENEFIT: "cash_benefit",
              Kind.JOB_REHABILITATION: "rehabilitation"}
"""The prefix of each kind's parameters (education_benefit_citizens, cash_benefit_inflow_year, ...)."""

CITIZEN_COLUMNS = {
    "citizen_id": Column(np.int64, -1),
    "key": Column(np.uint64, 0),  # the citizen's own random-number key (deptsim.draws)
    "active": Column(bool, False),  # the row holds a citizen on benefit
    "kind": Column(np.int8, -1),  # Kind
    "distance": Column(np.float64, 0.0),  # distance from the labour market, unitless, at least 0
    "holder": Column(np.int64, NO_ONE),  # position of the citizen's caseworker
    "entered": Column(np.float64, 0.0),  # week the citizen came on benefit
    "last_meeting": Column(np.float64, 0.0),  # week of the citizen's last meeting
    "changes": Column(np.int64, 0),  # changes of caseworker
    "changed_at": Column(np.float64, -np.inf),  # week of the last change of caseworker
}


class Citizens(Columns):
    """Per-citizen state (the columns of CITIZEN_COLUMNS)."""

    citizen_id: np.ndarray
    key: np.ndarray
    active: np.ndarray
    kind: np.ndarray
    distance: np.ndarray
    holder: np.ndarray
    entered: np.ndarray
    last_meeting: np.ndarray
    changes: np.ndarray
    changed_at: np.ndarray

    def __init__(self) -> None:
        super().__init__(CITIZEN_COLUMNS, capacity=256)
        self.free_rows: list[int] = []
        self.row_of: dict[int, int] = {}

    def enter_many(self, citizen_ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Rows for citizens coming on benefit, every column at its fill; returns the rows."""
        reused = min(len(citizen_ids), len(self.free_rows))
        rows = np.concatenate([np.array(self.free_rows[len(self.free_rows) - reused:], dtype=np.int64),
                               self.add(len(citizen_ids) - reused)]).astype(np.int64)
        del self.free_rows[len(self.free_rows) - reused:]
        for name, column in CITIZEN_COLUMNS.items():
            getattr(self, name)[rows] = column.fill
        self.citizen_id[rows] = citizen_ids
        self.key[rows] = keys
        self.active[rows] = True
        self.row_of.update(zip(citizen_ids.tolist(), rows.tolist(), strict=True))
        return rows

    def leave(self, rows: np.ndarray) -> None:
        """Citizens leave the job centre; their rows are free for the next."""
        for citizen in self.citizen_id[rows].tolist():
            del self.row_of[citizen]
        self.active[rows] = False
        self.holder[rows] = NO_ONE
        self.free_rows.extend(rows.tolist())

    def rows(self) -> np.ndarray:
        """The rows of the citizens on benefit now."""
        return np.flatnonzero(self.active[:self.n])


class Citizen(mesa.Agent):
    """A citizen on benefit, from coming on it until leaving it."""

    model: JobCentreModel

    def __init__(self, model: JobCentreModel, citizen_id: int) -> None:
        super().__init__(model)
        self.citizen_id = citizen_id

    @property
    def row(self) -> int:
        return self.model.citizen_table.row_of[self.citizen_id]

    @property
    def on_benefit(self) -> bool:
        return self.citizen_id in self.model.citizen_table.row_of

    @property
    def kind(self) -> Kind:
        return Kind(int(self.model.citizen_table.kind[self.row]))

    @property
    def distance(self) -> float:
        """Distance from the labour market."""
        return float(self.model.citizen_table.distance[self.row])

    @property
    def caseworker_changes(self) -> int:
        return int(self.model.citizen_table.changes[self.row])
