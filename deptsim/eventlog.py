"""A columnar log of per-family events.

Events are appended to typed arrays (`array.array`), not kept as Python objects,
so that a 30-year run's log costs a few bytes per event.
"""

from __future__ import annotations

from array import array
from enum import IntEnum

import numpy as np
import pandas as pd

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
    """Append-only event columns: time (hours), kind, family, caseworker, detail code."""

    def __init__(self) -> None:
        self.time = array("d")
        self.kind = array("b")
        self.family = array("q")
        self.caseworker = array("q")
        self.detail = array("q")

    def add(self, time: float, kind: Event, family: int, caseworker: int = -1, detail: int = 0) -> None:
        self.time.append(time)
        self.kind.append(kind)
        self.family.append(family)
        self.caseworker.append(caseworker)
        self.detail.append(detail)

    def add_many(self, time: np.ndarray | float, kind: Event, family: np.ndarray,
                 caseworker: np.ndarray | int = -1, detail: np.ndarray | int = 0) -> None:
        n = len(family)
        if n == 0:
            return
        self.time.frombytes(np.broadcast_to(np.asarray(time, dtype=np.float64), (n,)).tobytes())
        self.kind.frombytes(np.full(n, int(kind), dtype=np.int8).tobytes())
        self.family.frombytes(np.asarray(family, dtype=np.int64).tobytes())
        self.caseworker.frombytes(np.broadcast_to(np.asarray(caseworker, dtype=np.int64), (n,)).tobytes())
        self.detail.frombytes(np.broadcast_to(np.asarray(detail, dtype=np.int64), (n,)).tobytes())

    def frame(self) -> pd.DataFrame:
        """The log as a DataFrame sorted by time: week, time in weeks, event, ids, detail."""
        time = np.frombuffer(self.time, dtype=np.float64) / HOURS_PER_WEEK
        order = np.argsort(time, kind="stable")
        kinds = np.frombuffer(self.kind, dtype=np.int8)[order]
        names = [e.name.lower() for e in Event]
        return pd.DataFrame({
            "week": np.floor(time[order]).astype(np.int64),
            "time_weeks": time[order],
            "event": pd.Categorical.from_codes(kinds, categories=names),
            "family_id": np.frombuffer(self.family, dtype=np.int64)[order],
            "caseworker_id": np.frombuffer(self.caseworker, dtype=np.int64)[order],
            "detail": np.frombuffer(self.detail, dtype=np.int64)[order],
        })
