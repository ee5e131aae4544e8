"""Case assignment: who gets a new or handed-over case.

A case goes to the least-loaded caseworker in the right role (cases held per
hour of capacity), preferring colleagues who are at work this week. The choice
is made in the compiled casework (`deptsim.childwelfare.casework.pick`), which
also keeps `held` up to date as cases move; this class holds the counts and
the week's capacities it works from.
"""

from __future__ import annotations

import numpy as np

from deptsim.workforce.roster import Roster


class CaseAssignment:
    """Cases held per position, and each position's hours this week if present."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.held = np.zeros(len(roster.in_post), dtype=np.int64)
        self.capacity = np.ones(len(roster.in_post))

    def start_week(self) -> None:
        """Take this week's capacity per position (updated in place while the positions stay the same)."""
        capacity = self.roster.nominal_hours()
        if len(capacity) == len(self.capacity):
            self.capacity[:] = capacity
        else:
            self.capacity = capacity
        extra = len(capacity) - len(self.held)
        if extra > 0:
            self.held = np.concatenate([self.held, np.zeros(extra, dtype=np.int64)])
