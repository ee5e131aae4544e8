"""Case assignment: who gets a new or handed-over case.

A case goes to the least-loaded caseworker in the right role (cases held per
hour of capacity), preferring colleagues who are at work this week.
"""

from __future__ import annotations

import numpy as np

from deptsim.workforce.roster import Roster

NO_ONE = -1


class CaseAssignment:
    """Counts of cases held per position, kept up to date as cases move."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.held = np.zeros(len(roster.in_post), dtype=np.int64)
        self.capacity = np.ones(len(roster.in_post))

    def start_week(self) -> None:
        """Cache this week's capacity per position (hours if present); follow added positions."""
        self.capacity = self.roster.nominal_hours()
        extra = len(self.capacity) - len(self.held)
        if extra > 0:
            self.held = np.concatenate([self.held, np.zeros(extra, dtype=np.int64)])

    def pick(self, team: bool, exclude: int = NO_ONE) -> int:
        """The position that should take a case, or NO_ONE if nobody is in post."""
        roster = self.roster
        role = roster.intake_team if team else ~roster.intake_team
        eligible = roster.in_post & role & (self.capacity > 0)
        if exclude >= 0:
            eligible[exclude] = False
        if not eligible.any() and team:
            return self.pick(False, exclude)
        if not eligible.any():
            return NO_ONE
        at_work = eligible & (roster.absent < 1.0)
        if at_work.any():
            eligible = at_work
        load = np.where(eligible, self.held / np.maximum(self.capacity, 1e-9), np.inf)
        return int(np.argmin(load))

    def take(self, position: int) -> None:
        if position >= 0:
            self.held[position] += 1

    def release(self, position: int) -> None:
        if position >= 0:
            self.held[position] -= 1
