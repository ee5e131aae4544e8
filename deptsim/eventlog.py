"""A columnar log of per-family events: time, kind, family, caseworker and a detail code.

Events are appended to compact typed arrays (the standard library's `array`), a few bytes an event,
and turned into a table at the end of the run.
"""

from __future__ import annotations

from array import array
from enum import IntEnum

import numpy as np
import pandas as pd

HOURS_PER_WEEK = 168.0
NO_ONE = -1


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
    """Append-only event columns."""

    def __init__(self) -> None:
        self.time = array("d")
        self.kind = array("b")
        self.family = array("q")
        self.caseworker = array("q")
        self.detail = array("q")

    def __len__(self) -> int:
        return len(self.time)

    def add(self, time: float, kind: Event, family: int, caseworker: int = NO_ONE, detail: int = 0) -> None:
        self.time.append(time)
        self.kind.append(kind)
        self.family.append(family)
        self.caseworker.append(caseworker)
        self.detail.append(detail)

    def frame(self) -> pd.DataFrame:
        """The log as a table sorted by time: week, time in weeks, event, ids, detail."""
        time = np.frombuffer(self.time, dtype=np.float64) / HOURS_PER_WEEK if len(self) else np.zeros(0)
        order = np.argsort(time, kind="stable")

        def column(values: array, dtype: type) -> np.ndarray:
            return np.frombuffer(values, dtype=dtype)[order] if len(self) else np.zeros(0, dtype=dtype)

        return pd.DataFrame({
            "week": np.floor(time[order]).astype(np.int64),
            "time_weeks": time[order],
            "event": pd.Categorical.from_codes(column(self.kind, np.int8), categories=[e.name.lower() for e in Event]),
            "family_id": column(self.family, np.int64),
            "caseworker_id": column(self.caseworker, np.int64),
            "detail": column(self.detail, np.int64),
        })
