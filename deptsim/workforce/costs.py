"""What a department's staff cost in a week, in DKK (ODD 7.18): the part of the costs every kind of department
shares; each kind adds what its clients cost (placements, benefits)."""

from __future__ import annotations

from dataclasses import dataclass

from deptsim.workforce.parameters import WorkforceParameters

WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True)
class StaffCosts:
    staff: float
    overtime: float
    temporary: float
    recruitment: float
    mentoring: float

    @property
    def total(self) -> float:
        return self.staff + self.overtime + self.temporary + self.recruitment + self.mentoring


def hourly_staff_cost(*, caseworker_cost_dkk_year: float, weekly_hours: float) -> float:
    """What an hour of a caseworker costs: caseworker_cost_dkk_year / (52·weekly_hours) (0 if no hours are
    contracted)."""
    return caseworker_cost_dkk_year / (WEEKS_PER_YEAR * weekly_hours) if weekly_hours > 0 else 0.0


def staff_costs(p: WorkforceParameters, *, staff_in_post: int, overtime_hours: float, temporary_staff: int,
                hires: int, mentors: int) -> StaffCosts:
    """Employed staff in post (sick staff are paid, vacancies cost nothing) and team leaders at their yearly
    cost/52; overtime hours at the hourly staff cost if overtime_paid; agency caseworkers at
    temporary_cost_factor times an employed caseworker's cost/52; recruitment_cost_dkk per hire; the mentor
    supplement for each active mentor. Sources in docs/parameters.md."""
    week = 1.0 / WEEKS_PER_YEAR
    return StaffCosts(
        staff=(staff_in_post * p.caseworker_cost_dkk_year + p.team_leaders * p.team_leader_cost_dkk_year) * week,
        overtime=overtime_hours * hourly_staff_cost(caseworker_cost_dkk_year=p.caseworker_cost_dkk_year,
                                                    weekly_hours=p.weekly_hours) if p.overtime_paid else 0.0,
        temporary=temporary_staff * p.temporary_cost_factor * p.caseworker_cost_dkk_year * week,
        recruitment=hires * p.recruitment_cost_dkk,
        mentoring=mentors * p.mentor_supplement_dkk_month * 12.0 * week,
    )
