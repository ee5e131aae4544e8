"""Referrals (underretninger): the book of every referral, and the families the department knows.

Each referral is one row in growing typed arrays: when it arrived, whether it
is acute, its deadline, when its assessment started and ended, and the outcome.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar

import numpy as np
import pandas as pd

from deptsim.workforce.intake import WAITING

HOURS_PER_WEEK = 168.0


class Outcome(IntEnum):
    """What an assessment decided about a referral."""

    PENDING = -1
    CLOSED_WITHOUT_ACTION = 0
    ADVICE = 1  # § 11
    INVESTIGATION = 2  # § 50
    ADDED_TO_OPEN_CASE = 3
    MERGED = 4  # arrived while another referral about the family was waiting
    ACUTE_PLACEMENT = 5
    AGED_OUT = 6  # the child turned 18 before the referral was assessed


class ReferralBook:
    """All referrals of a run, in arrays that double when full."""

    COLUMNS: ClassVar[dict[str, tuple[type, object]]] = {
        "arrival": (np.float64, np.nan),
        "family_id": (np.int64, -1),
        "acute": (bool, False),
        "deadline": (np.float64, np.inf),
        "start": (np.float64, -1.0),
        "done": (np.float64, -1.0),
        "outcome": (np.int8, Outcome.PENDING),
        "work": (np.float64, 0.0),
        "state": (np.int8, WAITING),
    }

    arrival: np.ndarray
    family_id: np.ndarray
    acute: np.ndarray
    deadline: np.ndarray
    start: np.ndarray
    done: np.ndarray
    outcome: np.ndarray
    work: np.ndarray
    state: np.ndarray

    def __init__(self, capacity: int = 1024) -> None:
        self.n = 0
        self.closed_count = 0
        for name, (dtype, fill) in self.COLUMNS.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))

    def add(self, arrival: float, family_id: int, acute: bool, deadline: float, work: float) -> int:
        if self.n == len(self.arrival):
            for name, (dtype, fill) in self.COLUMNS.items():
                column = np.full(2 * self.n, fill, dtype=dtype)
                column[: self.n] = getattr(self, name)
                setattr(self, name, column)
        ref = self.n
        self.arrival[ref] = arrival
        self.family_id[ref] = family_id
        self.acute[ref] = acute
        self.deadline[ref] = deadline
        self.work[ref] = work
        self.n += 1
        return ref

    def close(self, ref: int, time: float, outcome: Outcome) -> None:
        self.done[ref] = time
        self.outcome[ref] = outcome
        self.closed_count += 1

    def frame(self) -> pd.DataFrame:
        """One row per referral; times in weeks, -1 where not (yet) reached."""
        n = self.n

        def weeks(column: np.ndarray) -> np.ndarray:
            values = column[:n]
            return np.where(values >= 0, values / HOURS_PER_WEEK, -1.0)

        return pd.DataFrame({
            "referral_id": np.arange(n),
            "family_id": self.family_id[:n],
            "acute": self.acute[:n],
            "arrival_weeks": self.arrival[:n] / HOURS_PER_WEEK,
            "deadline_weeks": self.deadline[:n] / HOURS_PER_WEEK,
            "start_weeks": weeks(self.start),
            "assessed_weeks": weeks(self.done),
            "outcome": pd.Categorical.from_codes(
                np.where(self.outcome[:n] < 0, len(Outcome) - 1, self.outcome[:n]),
                categories=[o.name.lower() for o in Outcome if o >= 0] + ["pending"]),
        })


class KnownFamilies:
    """Families whose case closed recently, so that a new referral may concern them again.

    Kept in arrays with a live count: taking a family swaps the last one into its place.
    """

    def __init__(self, memory_hours: float) -> None:
        self.memory_hours = memory_hours
        self.n = 0
        self.family_id = np.zeros(256, dtype=np.int64)
        self.age = np.zeros(256)
        self.closed = np.zeros(256)

    def remember(self, family_id: int, age: float, time: float) -> None:
        if self.n == len(self.family_id):
            self.family_id = np.concatenate([self.family_id, np.zeros(self.n, dtype=np.int64)])
            self.age = np.concatenate([self.age, np.zeros(self.n)])
            self.closed = np.concatenate([self.closed, np.zeros(self.n)])
        self.family_id[self.n] = family_id
        self.age[self.n] = age
        self.closed[self.n] = time
        self.n += 1

    def refresh(self, now: float, age_out: float) -> int:
        """Forget families out of memory or grown up; returns how many are known."""
        n = self.n
        closed = self.closed[:n]
        age_now = self.age[:n] + (now - closed) / (HOURS_PER_WEEK * 52.0)
        keep = np.flatnonzero((now - closed <= self.memory_hours) & (age_now < age_out))
        if len(keep) < n:
            self.n = len(keep)
            self.family_id[: self.n] = self.family_id[keep]
            self.age[: self.n] = self.age[keep]
            self.closed[: self.n] = self.closed[keep]
        return self.n

    def take(self, index: int, now: float) -> tuple[int, float]:
        """Remove a known family to reopen it; returns its id and its age now."""
        family_id = int(self.family_id[index])
        age = float(self.age[index] + (now - self.closed[index]) / (HOURS_PER_WEEK * 52.0))
        last = self.n - 1
        self.family_id[index], self.age[index], self.closed[index] = (
            self.family_id[last], self.age[last], self.closed[last])
        self.n = last
        return family_id, age
