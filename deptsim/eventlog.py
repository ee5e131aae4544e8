"""A columnar log of per-family events.

Events are appended to typed numpy arrays, not kept as Python objects, so that a
30-year run's log costs a few bytes per event.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar

import numpy as np
import pandas as pd

from deptsim.growable import grow_columns

HOURS_PER_WEEK = 168.0


class Event(IntEnum):
    """The kinds of event a family can have."""

    REFERRAL = 0
    ASSESSMENT = 1
    ADVICE_START = 2
    ADVICE_END = 3
    INVESTIGATION_START = 4
    INVESTIGATION_END = 5
    DECISION = 6
    MEASURE_START = 7
    MEASURE_END = 8
    PLACEMENT_START = 9
    PLACEMENT_END = 10
    CASEWORKER_CHANGE = 11
    COMPLAINT = 12
    CLOSURE = 13
    SUPERVISION_VISIT = 14


class EventLog:
    """Append-only event columns: time (hours), kind, family, caseworker, detail code.

    The compiled casework appends to the arrays directly (`deptsim.childwelfare.casework.log`);
    whoever calls it first makes room with `reserve`.
    """

    COLUMNS: ClassVar[dict[str, type]] = {
        "time": np.float64, "kind": np.int8, "family": np.int64, "caseworker": np.int64, "detail": np.int64,
    }
    FILLS: ClassVar[dict[str, object]] = dict.fromkeys(COLUMNS, 0)

    time: np.ndarray
    kind: np.ndarray
    family: np.ndarray
    caseworker: np.ndarray
    detail: np.ndarray

    def __init__(self, capacity: int = 4096) -> None:
        self.count = np.zeros(1, dtype=np.int64)
        for name, dtype in self.COLUMNS.items():
            setattr(self, name, np.zeros(capacity, dtype=dtype))

    def __len__(self) -> int:
        return int(self.count[0])

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more events."""
        grow_columns(self, self.FILLS, len(self), extra)

    def frame(self) -> pd.DataFrame:
        """The log as a DataFrame sorted by time: week, time in weeks, event, ids, detail."""
        n = len(self)
        time = self.time[:n] / HOURS_PER_WEEK
        order = np.argsort(time, kind="stable")
        kinds = self.kind[:n][order]
        names = [e.name.lower() for e in Event]
        return pd.DataFrame({
            "week": np.floor(time[order]).astype(np.int64),
            "time_weeks": time[order],
            "event": pd.Categorical.from_codes(kinds, categories=names),
            "family_id": self.family[:n][order],
            "caseworker_id": self.caseworker[:n][order],
            "detail": self.detail[:n][order],
        }, copy=False)  # the columns are fresh arrays: stacking them into blocks took most of the time
