"""Costs: what the children-and-family department spends in a week, in DKK (ODD 7.18): its staff
(deptsim.workforce.costs) and its families' measures and placements."""

from __future__ import annotations

from dataclasses import dataclass

from deptsim.params import Parameters
from deptsim.workforce.costs import staff_costs

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


def week_costs(p: Parameters, *, staff_in_post: int, overtime_hours: float, temporary_staff: int, hires: int,
               mentors: int, preventive: int, foster: int, institution: int) -> WeekCosts:
    """The staff's costs (deptsim.workforce.costs) and each family in a preventive measure, foster care or an
    institution at its yearly cost/52. Sources in docs/parameters.md."""
    staff = staff_costs(p, staff_in_post=staff_in_post, overtime_hours=overtime_hours,
                        temporary_staff=temporary_staff, hires=hires, mentors=mentors)
    week = 1.0 / WEEKS_PER_YEAR
    return WeekCosts(
        staff=staff.staff, overtime=staff.overtime, temporary=staff.temporary, recruitment=staff.recruitment,
        mentoring=staff.mentoring,
        preventive=preventive * p.preventive_cost_dkk_year * week,
        foster=foster * p.foster_cost_dkk_year * week,
        institution=institution * p.institution_cost_dkk_year * week,
    )
