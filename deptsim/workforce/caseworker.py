"""The caseworker agent: one position's holder, with the behaviour that is theirs alone.

Its state is the roster's row for its position (`deptsim.workforce.staff.Roster`), so the department
can read every caseworker's hours, cases and strain at once. Its `step`, run by the model through
Mesa's AgentSet at the end of each week, is the caseworker's own week end: strain follows the week's
overload, a long sick spell counts down, they may resign, and if they stay, their sick leave for the
coming week is drawn (ODD 7.11-7.13). The draws were taken for every position at once
(`deptsim.draws`), keyed to the position and week, so each caseworker's chances do not depend on
what colleagues drew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from deptsim.workforce import resignation, sickness, strain

if TYPE_CHECKING:
    from deptsim.workforce.department import StaffedDepartment


class Caseworker(mesa.Agent):
    """A caseworker in post: created when a position is filled, removed when they leave."""

    model: StaffedDepartment

    def __init__(self, model: StaffedDepartment, position: int) -> None:
        super().__init__(model)
        self.position = position

    # --- the caseworker's state: their row of the roster -------------------------------------------
    @property
    def strain(self) -> float:
        return float(self.model.roster.strain[self.position])

    @property
    def absent_fraction(self) -> float:
        """Share of this week the caseworker is off sick."""
        return float(self.model.roster.absent[self.position])

    @property
    def tenure_weeks(self) -> float:
        return float(self.model.week - self.model.roster.hired_week[self.position])

    @property
    def in_intake_team(self) -> bool:
        return bool(self.model.roster.intake_team[self.position])

    @property
    def cases_held(self) -> int:
        return int(self.model.roster.held[self.position])

    # --- behaviour --------------------------------------------------------------------------------
    def step(self) -> None:
        """The caseworker's week end: strain, a long spell counts down, perhaps a resignation; then next week's
        sick leave."""
        model, roster, p, i = self.model, self.model.roster, self.model.params, self.position
        if p.strain_feedback:
            roster.strain[i] = strain.strain_after_week(
                float(roster.strain[i]), float(roster.overload[i]), float(roster.absent[i]),
                strain_build=p.strain_build, strain_recovery=p.strain_recovery, buffer=model.strain_buffer)
        roster.long_sick_weeks[i] = max(int(roster.long_sick_weeks[i]) - 1, 0)
        if p.resignations:
            hazard = resignation.resignation_hazard(
                float(roster.strain[i]), self.tenure_weeks, bool(roster.was_mentored[i]),
                resignation_rate_year=p.resignation_rate_year,
                first_year_resignation_factor=p.first_year_resignation_factor,
                mentoring_resignation_factor=p.mentoring_resignation_factor,
                resignation_strain_factor=p.resignation_strain_factor)
            if resignation.happens(model.staff_draws["resignation"][i], hazard):
                model.resign(self)
                return
        self.take_sick_leave()

    def take_sick_leave(self) -> None:
        """Next week's absence: a long spell may start (absent all week while it lasts), else short spells."""
        model, roster, p, i = self.model, self.model.roster, self.model.params, self.position
        u = model.staff_draws
        if not p.sick_leave:
            roster.absent[i], roster.long_sick_weeks[i] = 0.0, 0
            return
        multiplier = sickness.strain_multiplier(float(roster.strain[i]), sick_strain_factor=p.sick_strain_factor)
        if roster.long_sick_weeks[i] == 0 and u["sickness_long"][i] < sickness.long_spell_chance(
                multiplier, long_spells_per_year=p.long_spells_per_year):
            roster.long_sick_weeks[i] = sickness.long_spell_weeks(u["sickness_length"][i],
                                                                  long_spell_weeks=p.long_spell_weeks)
        if roster.long_sick_weeks[i] > 0:
            roster.absent[i] = 1.0
        else:
            roster.absent[i] = sickness.short_spell_absence(
                u["sickness_short"][i], u["sickness_days"][i], multiplier,
                short_spells_per_year=p.short_spells_per_year, short_spell_days=p.short_spell_days)
