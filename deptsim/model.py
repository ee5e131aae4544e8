"""The department model: one Mesa model that steps a children-and-family department week by week.

`DepartmentModel.step` is the week, in the order the ODD gives (docs/ODD.md, section 3); each line is
one behaviour module's step. The state is in named columns: the roster (`workforce.staff`), the
family table (`childwelfare.families`) and the books (`childwelfare.books`). Caseworkers are Mesa
agents with their own behaviour (`workforce.caseworker`); families' behaviour runs vectorised over
the family table, and their Mesa agents are made when someone reads `model.families`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from mesa.agent import AgentSet

from deptsim import costs, council
from deptsim.childwelfare import casework, closures, complaints, decisions, initial, needs, placements, referrals
from deptsim.childwelfare import workload as family_workload
from deptsim.childwelfare.books import IntervalBook, KnownFamilies, ReferralBook
from deptsim.childwelfare.counts import WeekCounts
from deptsim.childwelfare.families import Families
from deptsim.childwelfare.family import ADVICE, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE, Family
from deptsim.childwelfare.rules import Rules
from deptsim.childwelfare.workload import FamiliesThisWeek
from deptsim.eventlog import EventLog
from deptsim.interventions import Intervention
from deptsim.params import Parameters
from deptsim.workforce import overtime, staffing, temporary_staff
from deptsim.workforce.department import StaffedDepartment
from deptsim.workforce.intake import IntakeDesks, desk_paces

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0

WEEKLY_COLUMNS = (
    "week", "staff_in_post", "vacancies", "temporary_staff", "fte_available", "fte_effective", "staff_sick",
    "staff_long_sick", "strain_mean", "caseload_mean", "resignations", "resignations_first_year", "hires",
    "mentors_active", "referrals_arrived", "referrals_merged", "referrals_assessed", "referrals_waiting",
    "assessments_on_time", "assessment_wait_hours", "cases_opened", "open_advice", "open_investigation",
    "open_preventive", "open_foster", "open_institution", "open_cases", "unassigned_cases", "placements_active",
    "placements_started", "acute_placements", "investigations_started", "investigations_completed",
    "investigations_on_time", "closures", "aged_out", "caseworker_changes", "complaints", "complaints_waiting",
    "complaints_change", "visits_outstanding",
    "visits_done", "intake_hours", "case_hours_demanded", "case_hours_served", "overtime_hours", "case_hours_cut",
    "contact_hours", "cost_staff",
    "cost_overtime", "cost_temporary", "cost_recruitment", "cost_mentoring", "cost_preventive", "cost_foster",
    "cost_institution", "cost_placement", "cost_total", "referrals_arrived_total", "referrals_closed_total",
)


class DepartmentModel(StaffedDepartment):
    """A municipal children-and-family department with caseworkers and families as agents."""

    weekly_columns = WEEKLY_COLUMNS

    def __init__(self, params: Parameters | None = None, *, seed: int,
                 interventions: Sequence[Intervention] = ()) -> None:
        super().__init__(params if params is not None else Parameters(), seed=seed, interventions=interventions)
        self.rules = Rules.of(self.params)
        self.family_table = Families()
        self.referral_book, self.investigation_book, self.case_book = ReferralBook(), IntervalBook(), IntervalBook()
        self.known = KnownFamilies()
        self.desks = IntakeDesks()
        self.log = EventLog()
        self.counts = WeekCounts()
        self.next_family_id = 0  # new families are numbered in order of their first referral
        self.escalation_referrals: list[int] = []  # families whose escalation is referred next week
        self.arrivals: list[tuple[float, int]] = []  # this week's referrals for the desks: (time, referral)
        self.assessed: list[tuple[int, float]] = []  # this week's assessments: (referral, time)
        self.this_week = FamiliesThisWeek(*(np.zeros(0, dtype=t) for t in (np.int64, np.int64, float, float, float)))
        self.escalated = np.zeros(0, dtype=bool)
        self.intake_hours = self.hours_demanded = self.hours_served = self.hours_cut = 0.0
        self.arrived_total = 0
        self._family_agents: dict[int, Family] = {}
        initial.step(self)

    # --- the agents --------------------------------------------------------------------------------
    @property
    def families(self) -> AgentSet:
        """The families the department is working with now (a Mesa AgentSet).

        Their agents are made and removed here, through Mesa's public API, to match the family table:
        a family keeps its agent for as long as it stays in the department.
        """
        present, agents = self.family_table.row_of, self._family_agents
        for family_id in [f for f in agents if f not in present]:
            agents.pop(family_id).remove()
        for family_id in present:
            if family_id not in agents:
                agents[family_id] = Family(self, family_id)
        return AgentSet(list(agents.values()), random=self.random)

    # --- the week ----------------------------------------------------------------------------------
    def step(self) -> None:
        """One week, in the ODD's order (docs/ODD.md, section 3)."""
        self.start_week()
        covered = temporary_staff.step(self)
        hired = staffing.step(self)
        self.assignment.staff_changed()
        if len(hired) or len(covered):
            casework.assign_waiting_cases(self, self.t0)
        referrals.step(self)
        family_workload.step(self)
        overtime.step(self)
        self.assess_referrals()
        decisions.step_assessments(self)
        needs.step(self)
        complaints.step(self)
        needs.refer_escalations(self)
        closures.step_ageing_out(self)
        placements.step_acute(self)
        decisions.step_investigations(self)
        closures.step(self)
        placements.step_visits(self)
        self.end_week()
        self.record(len(hired))
        self.log.flush()
        self.week += 1

    def start_week(self) -> None:
        """Reset the week's counters; apply the interventions due; follow a caseload target."""
        self.counts.reset()
        self.resigned = []
        self.apply_interventions()
        if self.caseload_target > 0:
            self.follow_caseload_target()
        council.step(self)

    def assess_referrals(self) -> None:
        """The intake desks serve the week with the hours given to intake."""
        p = self.params
        paces = desk_paces(self.intake_hours, p.weekly_hours * (1.0 - p.admin_share))
        self.assessed = self.desks.serve_week(self.t0, paces, self.arrivals, self.referral_book)

    def end_week(self) -> None:
        """The caseworkers' week end (deptsim.workforce.department)."""
        self.staff_week_end()

    # --- changes of organisation (deptsim.interventions) -------------------------------------------
    def set_params(self, **changes) -> None:
        """Change parameter values from now on (and the rules derived from them)."""
        super().set_params(**changes)
        self.rules = Rules.of(self.params)

    def position_parameters(self) -> dict[str, int]:
        """Positions and the intake team's size follow the roster after positions were added or abolished."""
        roster = self.roster
        team = int(np.count_nonzero(roster.intake_team[:roster.n] & roster.established[:roster.n]))
        return {"positions": roster.positions, "intake_team_size": team}

    def hand_over_all(self, position: int, time: float) -> None:
        """Every case of the position goes to a colleague (its holder is leaving)."""
        casework.hand_over_all(self, position, time)

    def hand_to_successor(self, position: int) -> None:
        """The permanent hire takes over every case of the position from the agency caseworker (each a change of
        caseworker for the family)."""
        casework.give_to_successor(self, position, self.t0)

    def hand_over_to_regulars(self, positions: np.ndarray) -> None:
        """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
        self.assignment.staff_changed()
        casework.hand_over_to_regulars(self, positions, self.t0)

    def open_cases(self) -> int:
        """Families with an open case (advice or beyond) now."""
        table = self.family_table
        return int(np.count_nonzero(table.stage[:table.n] >= ADVICE))

    # --- which families progress this week ----------------------------------------------------------
    def progressing(self) -> np.ndarray:
        """Over this week's families: those in the department before the week began and still in the stage
        they were in when the hours were shared (a family whose stage changed this week waits a week)."""
        week, table = self.this_week, self.family_table
        return table.active[week.rows] & (table.stage[week.rows] == week.stages) & (table.opened[week.rows] < self.t0)

    # --- records -----------------------------------------------------------------------------------
    def record(self, hires: int) -> None:
        """Append the week's row: the staff's figures (deptsim.workforce.department), the families' and the costs."""
        table, c = self.family_table, self.counts
        rows = table.rows()
        stages = np.bincount(table.stage[rows], minlength=6)
        advice, investigation, preventive, foster, institution = (
            int(stages[s]) for s in (ADVICE, INVESTIGATION, PREVENTIVE, FOSTER, INSTITUTION))
        open_cases = int(stages[ADVICE:].sum())
        staff, _ = self.staff_record(hires, open_cases)
        waiting = int(np.count_nonzero(table.pending_referral[rows] >= 0))
        unassigned = int(np.count_nonzero((table.holder[rows] < 0) & (table.stage[rows] >= ADVICE)))
        cost = costs.week_costs(self.params, staff_in_post=staff["staff_in_post"],
                                overtime_hours=staff["overtime_hours"], temporary_staff=staff["temporary_staff"],
                                hires=hires, mentors=staff["mentors_active"], preventive=preventive, foster=foster,
                                institution=institution)
        self.arrived_total += c.referrals_arrived
        row = {
            "week": self.week, **staff,
            "referrals_arrived": c.referrals_arrived, "referrals_merged": c.referrals_merged,
            "referrals_assessed": c.referrals_assessed, "referrals_waiting": waiting,
            "assessments_on_time": c.assessments_on_time, "assessment_wait_hours": c.assessment_wait_hours,
            "cases_opened": c.cases_opened, "open_advice": advice, "open_investigation": investigation,
            "open_preventive": preventive, "open_foster": foster, "open_institution": institution,
            "open_cases": open_cases, "unassigned_cases": unassigned, "placements_active": foster + institution,
            "placements_started": c.placements_started, "acute_placements": c.acute_placements,
            "investigations_started": c.investigations_started,
            "investigations_completed": c.investigations_completed,
            "investigations_on_time": c.investigations_on_time, "closures": c.closures, "aged_out": c.aged_out,
            "caseworker_changes": c.caseworker_changes, "complaints": c.complaints,
            "complaints_waiting": c.complaints_waiting, "complaints_change": c.complaints_change,
            "visits_outstanding": c.visits_outstanding, "visits_done": c.visits_done,
            "intake_hours": self.intake_hours, "case_hours_demanded": self.hours_demanded,
            "case_hours_served": self.hours_served,
            "case_hours_cut": self.hours_cut,
            "contact_hours": family_workload.contact_hours(
                self.hours_served, c.referrals_assessed, documentation_share=self.params.documentation_share,
                documentation_factor=self.rules.documentation_factor, assessment_hours=self.params.assessment_hours),
            "cost_staff": cost.staff,
            "cost_overtime": cost.overtime, "cost_temporary": cost.temporary, "cost_recruitment": cost.recruitment,
            "cost_mentoring": cost.mentoring, "cost_preventive": cost.preventive, "cost_foster": cost.foster,
            "cost_institution": cost.institution, "cost_placement": cost.placement, "cost_total": cost.total,
            "referrals_arrived_total": self.arrived_total, "referrals_closed_total": self.referral_book.closed,
        }
        self.append_row(row)
