"""The department's books: every referral, every § 50 investigation and case, and the families it
knows from cases closed recently. They are the run's records (Result.referrals, .investigations,
.cases) as well as state the week reads."""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import pandas as pd

from deptsim.columns import Column, Columns
from deptsim.workforce.intake import WAITING

HOURS_PER_WEEK = 168.0
HOURS_PER_YEAR = HOURS_PER_WEEK * 52.0


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


# The outcomes as plain ints, for the per-referral code.
(PENDING, CLOSED_WITHOUT_ACTION, TO_ADVICE, TO_INVESTIGATION, ADDED_TO_OPEN_CASE, MERGED, ACUTE_PLACEMENT,
 AGED_OUT) = (int(outcome) for outcome in Outcome)


def in_weeks(hours: np.ndarray) -> np.ndarray:
    """Times in hours as weeks; -1 (not reached) stays -1."""
    return np.where(hours >= 0, hours / HOURS_PER_WEEK, -1.0)


class ReferralBook(Columns):
    """Every referral of the run: one row each (the row is the referral's id)."""

    arrival: np.ndarray
    family_id: np.ndarray
    acute: np.ndarray
    deadline: np.ndarray
    start: np.ndarray
    done: np.ndarray
    outcome: np.ndarray
    work: np.ndarray
    state: np.ndarray

    def __init__(self) -> None:
        super().__init__({
            "arrival": Column(np.float64, np.nan),
            "family_id": Column(np.int64, -1),
            "acute": Column(bool, False),
            "deadline": Column(np.float64, np.inf),
            "start": Column(np.float64, -1.0),  # the assessment's start (hours), -1 before
            "done": Column(np.float64, -1.0),  # closed at (hours), -1 while pending
            "outcome": Column(np.int8, Outcome.PENDING),
            "work": Column(np.float64, 0.0),  # assessment hours left
            "state": Column(np.int8, WAITING),  # at the intake desks: waiting, in service, done
        }, capacity=1024)
        self.closed = 0

    def add_many(self, arrival: np.ndarray, family_id: np.ndarray, acute: np.ndarray, deadline: np.ndarray,
                 work: np.ndarray) -> np.ndarray:
        """Book referrals together; returns their ids."""
        refs = self.add(len(arrival))
        self.arrival[refs], self.family_id[refs], self.acute[refs] = arrival, family_id, acute
        self.deadline[refs], self.work[refs] = deadline, work
        return refs

    def close(self, referral: int, time: float, outcome: int) -> None:
        self.done[referral] = time
        self.outcome[referral] = outcome
        self.closed += 1

    def frame(self) -> pd.DataFrame:
        """One row per referral; times in weeks, -1 where not (yet) reached."""
        n = self.n
        outcome = self.outcome[:n]
        return pd.DataFrame({
            "referral_id": np.arange(n),
            "family_id": self.family_id[:n].copy(),
            "acute": self.acute[:n].copy(),
            "arrival_weeks": self.arrival[:n] / HOURS_PER_WEEK,
            "deadline_weeks": self.deadline[:n] / HOURS_PER_WEEK,
            "start_weeks": in_weeks(self.start[:n]),
            "assessed_weeks": in_weeks(self.done[:n]),
            "outcome": pd.Categorical.from_codes(
                np.where(outcome < 0, len(Outcome) - 1, outcome),
                categories=[o.name.lower() for o in Outcome if o >= 0] + ["pending"]),
        })


class IntervalBook(Columns):
    """Start, deadline and end (hours) of every case or § 50 investigation; end is -1 while open."""

    family: np.ndarray
    start: np.ndarray
    deadline: np.ndarray
    end: np.ndarray

    def __init__(self) -> None:
        super().__init__({"family": Column(np.int64, 0), "start": Column(np.float64, 0.0),
                          "deadline": Column(np.float64, np.inf), "end": Column(np.float64, -1.0)}, capacity=1024)

    def open(self, family: int, start: float, deadline: float = np.inf) -> int:
        row = self.add_one()
        self.family[row], self.start[row], self.deadline[row] = family, start, deadline
        return row

    def frame(self) -> pd.DataFrame:
        """The book in weeks: family_id, start_weeks, deadline_weeks, end_weeks (-1 while open)."""
        n = self.n
        return pd.DataFrame({"family_id": self.family[:n].copy(), "start_weeks": self.start[:n] / HOURS_PER_WEEK,
                             "deadline_weeks": self.deadline[:n] / HOURS_PER_WEEK,
                             "end_weeks": in_weeks(self.end[:n])})


class KnownFamilies(Columns):
    """Families whose case closed recently, so that a new referral may concern them again."""

    family_id: np.ndarray
    key: np.ndarray
    age: np.ndarray
    closed: np.ndarray

    def __init__(self) -> None:
        super().__init__({"family_id": Column(np.int64, 0), "key": Column(np.uint64, 0),
                          "age": Column(np.float64, 0.0), "closed": Column(np.float64, 0.0)}, capacity=256)

    def remember_many(self, families: np.ndarray, keys: np.ndarray, ages: np.ndarray, time: np.ndarray) -> None:
        rows = self.add(len(families))
        self.family_id[rows], self.key[rows], self.age[rows], self.closed[rows] = families, keys, ages, time

    def forget(self, now: float, *, memory_hours: float, age_out_years: float) -> None:
        """Keep, in order, those closed within memory and not yet grown up."""
        n = self.n
        since = now - self.closed[:n]
        keep = np.flatnonzero((since <= memory_hours) & (self.age[:n] + since / HOURS_PER_YEAR < age_out_years))
        if len(keep) == n:
            return
        for name in ("family_id", "key", "age", "closed"):
            column = getattr(self, name)
            column[:len(keep)] = column[keep]
        self.n = len(keep)

    def take_many(self, indices: np.ndarray, now: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Remove known families (distinct indices) to reopen them; returns their ids, keys and ages at `now`."""
        families, keys = self.family_id[indices].copy(), self.key[indices].copy()
        ages = self.age[indices] + (now - self.closed[indices]) / HOURS_PER_YEAR
        keep = np.ones(self.n, dtype=bool)
        keep[indices] = False
        kept = np.flatnonzero(keep)
        for name in ("family_id", "key", "age", "closed"):
            column = getattr(self, name)
            column[:len(kept)] = column[kept]
        self.n = len(kept)
        return families, keys, ages
