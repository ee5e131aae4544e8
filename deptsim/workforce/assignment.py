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
        self._candidates: dict[bool, tuple[np.ndarray, np.ndarray]] = {}
        self._roster_version = -1

    def start_week(self) -> None:
        """Cache this week's capacity per position (hours if present)."""
        self.capacity = self.roster.nominal_hours()
        extra = len(self.capacity) - len(self.held)
        if extra > 0:
            self.held = np.concatenate([self.held, np.zeros(extra, dtype=np.int64)])
        self._roster_version = -1

    def _refresh_candidates(self) -> None:
        """Who can take cases, recomputed only when the roster has changed (hires, exits, sickness, roles)."""
        roster = self.roster
        self._roster_version = roster.version
        for team in (True, False):
            role = roster.intake_team if team else ~roster.intake_team
            eligible = roster.in_post & role & (self.capacity > 0)
            at_work = eligible & (roster.absent < 1.0)
            chosen = np.flatnonzero(at_work if at_work.any() else eligible)
            self._candidates[team] = (chosen, 1.0 / self.capacity[chosen])

    def pick(self, team: bool, exclude: int = NO_ONE) -> int:
        """The position that should take a case (fewest cases per hour of capacity), or NO_ONE."""
        if self._roster_version != self.roster.version:
            self._refresh_candidates()
        positions, per_hour = self._candidates[team]
        if exclude >= 0 and exclude in positions:
            keep = positions != exclude
            positions, per_hour = positions[keep], per_hour[keep]
        if len(positions) == 0:
            return self.pick(False, exclude) if team else NO_ONE
        return int(positions[np.argmin(self.held[positions] * per_hour)])

    def take(self, position: int) -> None:
        if position >= 0:
            self.held[position] += 1

    def release(self, position: int) -> None:
        if position >= 0:
            self.held[position] -= 1
