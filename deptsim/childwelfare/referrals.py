"""Referrals (underretninger): the book of every referral, and the families the department knows.

Each referral is one row in growing typed arrays: when it arrived, whether it
is acute, its deadline, when its assessment started and ended, and the outcome.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar

import numpy as np
import pandas as pd

from deptsim.growable import grow_columns
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
    FILLS: ClassVar[dict[str, object]] = {name: fill for name, (_, fill) in COLUMNS.items()}

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
        self.counters = np.zeros(2, dtype=np.int64)  # referrals, referrals closed
        for name, (dtype, fill) in self.COLUMNS.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))

    @property
    def n(self) -> int:
        return int(self.counters[0])

    @property
    def closed_count(self) -> int:
        return int(self.counters[1])

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more referrals."""
        grow_columns(self, self.FILLS, self.n, extra)

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

    Kept in arrays with a live count; the compiled casework adds a family when its case closes, takes
    one (moving the last into its place) when a referral reopens it, and forgets those out of memory
    or grown up each week (deptsim.childwelfare.week.forget_known).
    """

    FILLS: ClassVar[dict[str, object]] = {"family_id": 0, "age": 0.0, "closed": 0.0}

    def __init__(self, capacity: int = 256) -> None:
        self.count = np.zeros(1, dtype=np.int64)
        self.family_id = np.zeros(capacity, dtype=np.int64)
        self.age = np.zeros(capacity)
        self.closed = np.zeros(capacity)

    @property
    def n(self) -> int:
        return int(self.count[0])

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more families."""
        grow_columns(self, self.FILLS, self.n, extra)
