"""A columnar log of per-family events: time, kind, family, caseworker and a detail code.

Events are kept in compact typed arrays, a few bytes an event, and turned into a table at the end of
the run.
"""

from __future__ import annotations

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


# The kinds as plain ints, for the per-event code (an IntEnum member lookup costs microseconds).
(REFERRAL, ASSESSMENT, ADVICE_START, ADVICE_END, INVESTIGATION_START, INVESTIGATION_END, DECISION, MEASURE_START,
 MEASURE_END, PLACEMENT_START, PLACEMENT_END, CASEWORKER_CHANGE, COMPLAINT, CLOSURE, SUPERVISION_VISIT) = (
    int(event) for event in Event)


class EventLog:
    """Append-only event columns, kept in chunks: single events and batches are collected during the week
    and turned into typed arrays at its end (`flush`)."""

    NAMES = ("time", "kind", "family", "caseworker", "detail")
    TYPES = (np.float64, np.int8, np.int64, np.int64, np.int64)

    def __init__(self) -> None:
        self.chunks: list[tuple[np.ndarray, ...]] = []
        self.pending: list[tuple[float, int, int, int, int]] = []
        self.batches: list[tuple] = []

    def __len__(self) -> int:
        return (sum(len(chunk[0]) for chunk in self.chunks) + len(self.pending)
                + sum(len(batch[2]) for batch in self.batches))

    def add(self, time: float, kind: int, family: int, caseworker: int = NO_ONE, detail: int = 0) -> None:
        """One event."""
        self.pending.append((time, kind, family, caseworker, detail))

    def add_many(self, time: np.ndarray, kind: int, family: np.ndarray, caseworker: np.ndarray | int = NO_ONE,
                 detail: np.ndarray | int = 0) -> None:
        """A batch of events of one kind (arrays of equal length, or single values for all); kept as given and
        turned into columns by `flush`."""
        if len(family):
            self.batches.append((time, kind, family, caseworker, detail))

    def flush(self) -> None:
        """Turn the events collected so far into chunks of typed columns."""
        for batch in self.batches:
            n = len(batch[2])
            self.chunks.append(tuple(np.full(n, values, dtype=dtype) if np.isscalar(values) else
                                     np.asarray(values, dtype=dtype) for values, dtype in zip(batch, self.TYPES,
                                                                                           strict=True)))
        self.batches = []
        if self.pending:
            columns = list(zip(*self.pending, strict=True))
            self.chunks.append(tuple(np.array(values, dtype=dtype) for values, dtype in zip(columns, self.TYPES,
                                                                                         strict=True)))
            self.pending = []

    def frame(self) -> pd.DataFrame:
        """The log as a table sorted by time: week, time in weeks, event, ids, detail."""
        self.flush()
        columns = [np.concatenate([chunk[i] for chunk in self.chunks]) if self.chunks else np.zeros(0, dtype=dtype)
                   for i, dtype in enumerate(self.TYPES)]
        time = columns[0] / HOURS_PER_WEEK
        order = np.argsort(time, kind="stable")
        return pd.DataFrame({
            "week": np.floor(time[order]).astype(np.int64),
            "time_weeks": time[order],
            "event": pd.Categorical.from_codes(columns[1][order], categories=[e.name.lower() for e in Event]),
            "family_id": columns[2][order],
            "caseworker_id": columns[3][order],
            "detail": columns[4][order],
        })
