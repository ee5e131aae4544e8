"""The roster: the department's caseworker positions and the state of whoever holds each.

One row per position, in named columns (`deptsim.columns`). A position persists; its holder comes
and goes. The rows are read and written by the behaviour modules (staffing, allocation, intake,
assignment) and by each `Caseworker` agent for its own position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.columns import Column, Columns

if TYPE_CHECKING:
    from deptsim.workforce.caseworker import Caseworker

NO_ONE = -1
WEEKS_PER_YEAR = 52.0

POSITION_COLUMNS = {
    "established": Column(bool, True),  # False once the position is abolished
    "in_post": Column(bool, False),  # someone holds the position: an employed caseworker, or an agency one
    "temporary": Column(bool, False),  # the holder is an agency caseworker covering the vacancy
    "intake_team": Column(bool, False),  # a member of the § 11 intake team
    "caseworker_id": Column(np.int64, NO_ONE),  # the holder, numbered in order of seating
    "key": Column(np.uint64, 0),  # the position's own random-number key (deptsim.draws)
    "hired_week": Column(np.float64, 0.0),
    "strain": Column(np.float64, 0.0),  # 0-1
    "absent": Column(np.float64, 0.0),  # share of this week off sick
    "long_sick_weeks": Column(np.int64, 0),  # weeks left of a long sick spell
    "fill_week": Column(np.float64, np.inf),  # week a vacancy will be filled
    "mentor_of": Column(np.int64, NO_ONE),  # the mentee's position
    "mentored_until": Column(np.float64, -np.inf),
    "was_mentored": Column(bool, False),
    "held": Column(np.int64, 0),  # cases held
    "nominal": Column(np.float64, 0.0),  # hours for casework and intake if present all week
    "duty": Column(np.float64, 0.0),  # share of hours reserved for intake this week
    "overload": Column(np.float64, 0.0),  # demand placed on the caseworker over their case capacity, minus 1
    # (with overtime on: plus the fatigue of the overtime; the strain module's input)
    "overtime": Column(np.float64, 0.0),  # hours worked this week over the contracted hours
    "vacant_since": Column(np.float64, np.inf),  # week the vacancy opened (kept while temporary cover is on)
}


class Roster(Columns):
    """Caseworker positions and their holders (one row per position)."""

    established: np.ndarray
    in_post: np.ndarray
    temporary: np.ndarray
    intake_team: np.ndarray
    caseworker_id: np.ndarray
    key: np.ndarray
    hired_week: np.ndarray
    strain: np.ndarray
    absent: np.ndarray
    long_sick_weeks: np.ndarray
    fill_week: np.ndarray
    mentor_of: np.ndarray
    mentored_until: np.ndarray
    was_mentored: np.ndarray
    held: np.ndarray
    nominal: np.ndarray
    duty: np.ndarray
    overload: np.ndarray
    overtime: np.ndarray
    vacant_since: np.ndarray

    def __init__(self) -> None:
        super().__init__(POSITION_COLUMNS)
        self.agents: list[Caseworker | None] = []
        self.seated = 0  # people seated so far: the next caseworker id
        self.hiring_frozen = False
        self.positions_to_cut = 0  # positions to abolish as they fall vacant (a budget cut)
        self.resignations_by_week: list[int] = []

    @property
    def positions(self) -> int:
        """Positions established (filled or vacant)."""
        return int(np.count_nonzero(self.live("established")))

    @property
    def staff_in_post(self) -> int:
        """Positions held, by employed or agency caseworkers."""
        return int(np.count_nonzero(self.live("in_post")))

    def open_positions(self, count: int) -> np.ndarray:
        """New rows for `count` positions: abolished ones are re-established first, then rows are added."""
        reusable = np.flatnonzero(~self.live("established"))[:count]
        added = self.add(count - len(reusable))
        self.agents.extend([None] * len(added))
        new = np.concatenate([reusable, added]).astype(np.int64)
        self.established[new] = True
        self.intake_team[new] = False
        return new

    def vacant_positions(self) -> np.ndarray:
        return np.flatnonzero(self.live("established") & ~self.live("in_post"))

    def recent_turnover(self) -> float:
        """Resignations in the last 52 weeks per established position."""
        return sum(self.resignations_by_week[-int(WEEKS_PER_YEAR):]) / max(self.positions, 1)

    def set_intake_team(self, size: int) -> np.ndarray:
        """Make `size` established positions the intake team (current members first, then the lowest
        numbered); returns the positions that joined it."""
        established = np.flatnonzero(self.live("established"))
        team_now = self.live("intake_team")
        order = established[np.argsort(~team_now[established], kind="stable")]
        team = np.zeros(self.n, dtype=bool)
        team[order[:size]] = True
        joined = np.flatnonzero(team & ~team_now)
        self.intake_team[:self.n] = team
        return joined

    # --- changes of organisation (deptsim.interventions) -----------------------------------------
    def add_positions(self, count: int) -> np.ndarray:
        """Establish `count` new vacant positions (the model schedules their recruitment); returns them."""
        new = self.open_positions(count)
        self.fill_week[new] = np.inf
        return new

    def abolish_vacancies(self, count: int) -> int:
        """Abolish up to `count` vacant positions; returns how many were abolished."""
        vacant = self.vacant_positions()[:count]
        self.established[vacant] = False
        self.fill_week[vacant] = np.inf
        return len(vacant)

    def abolish_filled(self, count: int, hand_over) -> None:
        """Abolish `count` filled positions, newest hires first; their holders hand their cases over and leave."""
        filled = np.flatnonzero(self.live("in_post"))
        for position in filled[np.argsort(-self.hired_week[filled], kind="stable")][:count].tolist():
            hand_over(position)
            self.vacate(position)
            self.established[position] = False
            self.fill_week[position] = np.inf

    def vacate(self, position: int) -> None:
        """The holder has left (their cases already handed over): their agent goes, the position is vacant."""
        agent = self.agents[position]
        if agent is not None:
            agent.remove()
        self.agents[position] = None
        self.caseworker_id[position] = NO_ONE
        self.in_post[position] = False
        self.temporary[position] = False
        self.strain[position] = 0.0
        self.absent[position] = 0.0
        self.long_sick_weeks[position] = 0
        self.mentor_of[position] = NO_ONE
        self.nominal[position] = 0.0
