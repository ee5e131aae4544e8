"""The families the department is working with: one row per family, in named columns.

A family enters with a referral and leaves when its case closes; its row is then reused, so the
table's size follows the number of open families, not the number ever seen. `row_of` finds a
family's row by its id.
"""

from __future__ import annotations

import numpy as np

from deptsim.columns import Column, Columns

NO_ONE = -1

FAMILY_COLUMNS = {
    "family_id": Column(np.int64, -1),
    "key": Column(np.uint64, 0),  # the family's own random-number key (deptsim.draws)
    "active": Column(bool, False),  # the row holds a family in the department
    "stage": Column(np.int8, -1),  # deptsim.childwelfare.family.Stage
    "need": Column(np.float64, 0.0),  # unitless severity, at least 0
    "age": Column(np.float64, 0.0),  # years
    "holder": Column(np.int64, NO_ONE),  # position of the family's caseworker
    "opened": Column(np.float64, 0.0),  # when the family entered the department (hours)
    "stage_start": Column(np.float64, 0.0),
    "waiting_since": Column(np.float64, 0.0),  # since when the family waits for help to start
    "work_left": Column(np.float64, 0.0),  # investigation hours still to do
    "deadline": Column(np.float64, np.inf),  # investigation deadline (hours)
    "next_visit": Column(np.float64, np.inf),  # next supervision visit due (hours)
    "pending_referral": Column(np.int64, -1),  # the referral waiting for assessment
    "investigation": Column(np.int64, -1),  # row in the investigation book
    "case": Column(np.int64, -1),  # row in the case book
    "changes": Column(np.int64, 0),  # changes of caseworker
    "changed_at": Column(np.float64, -np.inf),  # when the family last changed caseworker (hours)
    "orphaned": Column(bool, False),  # lost its caseworker with nobody to take over
}


class Families(Columns):
    """Per-family state (the columns of FAMILY_COLUMNS)."""

    family_id: np.ndarray
    key: np.ndarray
    active: np.ndarray
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
    changed_at: np.ndarray
    orphaned: np.ndarray

    def __init__(self) -> None:
        super().__init__(FAMILY_COLUMNS, capacity=256)
        self.free_rows: list[int] = []
        self.row_of: dict[int, int] = {}

    def enter(self, family_id: int, key: int) -> int:
        """A row for a family entering the department, every column at its fill; returns the row."""
        row = self.free_rows.pop() if self.free_rows else self.add_one()
        for name, column in FAMILY_COLUMNS.items():
            getattr(self, name)[row] = column.fill
        self.family_id[row] = family_id
        self.key[row] = key
        self.active[row] = True
        self.row_of[family_id] = row
        return row

    def enter_many(self, family_ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Rows for families entering together (as `enter` gives them, in order); returns the rows."""
        count = len(family_ids)
        reused = min(count, len(self.free_rows))
        taken = self.free_rows[len(self.free_rows) - reused:][::-1]
        del self.free_rows[len(self.free_rows) - reused:]
        rows = np.concatenate([np.array(taken, dtype=np.int64), self.add(count - reused)])
        for name, column in FAMILY_COLUMNS.items():
            getattr(self, name)[rows] = column.fill
        self.family_id[rows] = family_ids
        self.key[rows] = keys
        self.active[rows] = True
        self.row_of.update(zip(np.asarray(family_ids).tolist(), rows.tolist(), strict=True))
        return rows

    def leave_many(self, rows: np.ndarray) -> None:
        """Families leaving together."""
        for family in self.family_id[rows].tolist():
            del self.row_of[family]
        self.active[rows] = False
        self.stage[rows] = -1
        self.holder[rows] = NO_ONE
        self.pending_referral[rows] = -1
        self.free_rows.extend(rows.tolist())

    def rows(self) -> np.ndarray:
        """The rows of the families in the department, in row order."""
        return np.flatnonzero(self.active[:self.n])
