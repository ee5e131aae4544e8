"""Costs: what the department spends in a week, in DKK (ODD 7.18)."""

from __future__ import annotations

from dataclasses import dataclass

from deptsim.params import Parameters

WEEKS_PER_YEAR = 52.0


@dataclass(frozen=True)
class WeekCosts:
    staff: float
    overtime: float
    temporary: float
    recruitment: float
    mentoring: float
    preventive: float
    foster: float
    institution: float

    @property
    def placement(self) -> float:
        return self.foster + self.institution

    @property
    def total(self) -> float:
        return (self.staff + self.overtime + self.temporary + self.recruitment + self.mentoring + self.preventive
                + self.placement)


def hourly_staff_cost(*, caseworker_cost_dkk_year: float, weekly_hours: float) -> float:
    """What an hour of a caseworker costs: caseworker_cost_dkk_year / (52·weekly_hours) (0 if no hours are
    contracted)."""
    return caseworker_cost_dkk_year / (WEEKS_PER_YEAR * weekly_hours) if weekly_hours > 0 else 0.0


def week_costs(p: Parameters, *, staff_in_post: int, overtime_hours: float, temporary_staff: int, hires: int,
               mentors: int, preventive: int, foster: int, institution: int) -> WeekCosts:
    """Employed staff in post (sick staff are paid, vacancies cost nothing) and team leaders at their yearly
    cost/52; overtime hours at the hourly staff cost if overtime_paid; agency caseworkers at
    temporary_cost_factor times an employed caseworker's cost/52; recruitment_cost_dkk per hire; the mentor
    supplement for each active mentor; each family in a preventive measure, foster care or an institution at its
    yearly cost/52. Sources in docs/parameters.md."""
    week = 1.0 / WEEKS_PER_YEAR
    return WeekCosts(
        staff=(staff_in_post * p.caseworker_cost_dkk_year + p.team_leaders * p.team_leader_cost_dkk_year) * week,
        overtime=overtime_hours * hourly_staff_cost(caseworker_cost_dkk_year=p.caseworker_cost_dkk_year,
                                                    weekly_hours=p.weekly_hours) if p.overtime_paid else 0.0,
        temporary=temporary_staff * p.temporary_cost_factor * p.caseworker_cost_dkk_year * week,
        recruitment=hires * p.recruitment_cost_dkk,
        mentoring=mentors * p.mentor_supplement_dkk_month * 12.0 * week,
        preventive=preventive * p.preventive_cost_dkk_year * week,
        foster=foster * p.foster_cost_dkk_year * week,
        institution=institution * p.institution_cost_dkk_year * week,
    )
