"""The caseworker agent: the public face of one position's holder."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from deptsim.workforce.roster import Roster


class Caseworker(mesa.Agent):
    """A caseworker in post.

    The state lives in the roster's arrays (one row per position) so that the
    weekly updates are vectorised; this agent reads its row. It is created at
    hiring and removed at resignation, so `model.agents_by_type[Caseworker]`
    is always the staff in post.
    """

    def __init__(self, model: mesa.Model, roster: Roster, position: int) -> None:
        super().__init__(model)
        self.roster = roster
        self.position = position

    @property
    def strain(self) -> float:
        return float(self.roster.strain[self.position])

    @property
    def absent_fraction(self) -> float:
        """Share of this week the caseworker is off sick."""
        return float(self.roster.absent[self.position])

    @property
    def tenure_weeks(self) -> float:
        return float(self.roster.week - self.roster.hired_week[self.position])

    @property
    def in_intake_team(self) -> bool:
        return bool(self.roster.intake_team[self.position])
