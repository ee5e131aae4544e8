"""The department model: one Mesa model that steps a children-and-family department week by week.

A week runs in this order:
1. staffing: vacancies due are filled, mentors paired, sickness drawn;
2. workload: each case asks for its hours; caseworkers give their reserved
   intake share to the intake desks and serve their cases;
3. intake: referrals arrive at exact times and the desks assess them in
   continuous time (acute first); each assessment opens, adds to or closes a case;
4. casework: needs improve where families are served and escalate where they
   wait; investigations progress to decisions; measures and placements end
   when needs are resolved; supervision visits; children age out; complaints;
5. staff: strain follows the week's overload; resignations hand cases over;
6. the week's figures and costs are recorded.

Steps 2-4 are one compiled step over the families' arrays (Pathway.casework_week).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from deptsim.childwelfare.casework import (
    N_ACUTE,
    N_AGED_OUT,
    N_ARRIVED,
    N_ASSESSED,
    N_ASSESSED_ON_TIME,
    N_CHANGES,
    N_CLOSED,
    N_COMPLAINTS,
    N_INV_COMPLETED,
    N_INV_ON_TIME,
    N_INV_STARTED,
    N_MERGED,
    N_OPENED,
    N_PLACED,
    N_VISITS_DONE,
    N_VISITS_DUE,
)
from deptsim.childwelfare.family import ADVICE, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE, Family
from deptsim.childwelfare.pathway import HOURS_PER_WEEK, WEEKS_PER_YEAR, Pathway
from deptsim.eventlog import EventLog
from deptsim.figures import case_figures, staff_figures
from deptsim.interventions import Intervention
from deptsim.params import Parameters
from deptsim.registration import BatchRegistration
from deptsim.streams import RandomStreams
from deptsim.workforce.assignment import CaseAssignment
from deptsim.workforce.caseworker import Caseworker
from deptsim.workforce.intake import IntakeDesks
from deptsim.workforce.roster import Roster

WEEKLY_COLUMNS = (
    "week", "staff_in_post", "vacancies", "fte_available", "fte_effective", "staff_sick", "staff_long_sick",
    "strain_mean", "caseload_mean", "resignations", "resignations_first_year", "hires", "mentors_active",
    "referrals_arrived", "referrals_merged", "referrals_assessed", "referrals_waiting", "assessments_on_time",
    "assessment_wait_hours", "cases_opened", "open_advice", "open_investigation", "open_preventive",
    "open_foster", "open_institution", "open_cases", "unassigned_cases", "placements_active",
    "placements_started", "acute_placements", "investigations_started", "investigations_completed",
    "investigations_on_time", "closures", "aged_out", "caseworker_changes", "complaints", "visits_outstanding",
    "visits_done", "intake_hours", "case_hours_demanded", "case_hours_served", "cost_staff",
    "cost_recruitment", "cost_mentoring", "cost_preventive", "cost_foster", "cost_institution",
    "cost_placement", "cost_total", "referrals_arrived_total", "referrals_closed_total",
)


class DepartmentModel(BatchRegistration):
    """A municipal children-and-family department with caseworkers and families as agents."""

    def __init__(self, params: Parameters | None = None, *, seed: int,
                 interventions: Sequence[Intervention] = ()) -> None:
        super().__init__(seed=seed)
        self.params = params = params if params is not None else Parameters()
        self.streams = RandomStreams(seed)
        self.log = EventLog()
        self.week = 0
        self.roster = Roster(self, params, self.streams)
        self.assignment = CaseAssignment(self.roster)
        self.assignment.start_week()
        self.desks = IntakeDesks(desk_hours=params.weekly_hours * (1.0 - params.admin_share))
        self.pathway = Pathway(self, params, self.streams, self.log, self.assignment, self.desks)
        self.pathway.seed_initial_cases()
        self.pathway.table.sync_agents()
        self.rows: list[tuple] = []
        self._arrived_total = 0
        self.interventions = sorted(interventions, key=lambda i: i.week)
        self.caseload_target = 0.0
        self.week_start = 0.0

    @property
    def caseworkers(self):
        """The caseworkers in post (a Mesa AgentSet)."""
        return self.agents_by_type.get(Caseworker, [])

    @property
    def families(self):
        """The families the department is working with (a Mesa AgentSet)."""
        return self.agents_by_type.get(Family, [])

    def step(self) -> None:
        t0 = self.week_start = self.week * HOURS_PER_WEEK
        self.pathway.counts.reset()
        while self.interventions and self.interventions[0].week <= self.week:
            self.assignment.start_week()  # capacities for the positions as they are now
            self.interventions.pop(0).apply(self)
        if self.caseload_target > 0:
            self._follow_caseload_target()
        p, roster, pathway = self.params, self.roster, self.pathway

        hired = roster.start_week(self.week)
        self.assignment.start_week()
        if len(hired):
            pathway.assign_waiting_cases(t0)
        casework = pathway.casework_week(t0)

        t_end = t0 + HOURS_PER_WEEK
        resigned = roster.end_week(casework.overload, self._strain_buffer(),
                                   hand_over=lambda position: pathway.hand_over_all(position, t_end))
        if roster.positions != p.positions:  # a budget cut abolished positions as people left
            self.sync_positions()
        pathway.table.sync_agents()
        self._record(len(hired), len(resigned), casework.intake_hours, casework.demanded, casework.served)
        self.week += 1

    # --- changes of organisation (see deptsim.interventions) ------------------------
    def set_params(self, **changes) -> None:
        """Change parameter values from now on."""
        self.params = self.params.replace(**changes)
        self.roster.params = self.params
        self.pathway.set_params(self.params)
        self.desks.desk_hours = self.params.weekly_hours * (1.0 - self.params.admin_share)

    def sync_positions(self) -> None:
        """Keep `params.positions` equal to the positions established in the roster."""
        team = int(np.count_nonzero(self.roster.intake_team & self.roster.established))
        self.set_params(positions=self.roster.positions, intake_team_size=team)

    def hand_over(self, position: int) -> None:
        self.pathway.hand_over_all(position, self.week_start)

    def _follow_caseload_target(self) -> None:
        """Add positions when open cases per position exceed the target; shed vacancies when well below."""
        table = self.pathway.table
        open_cases = int(np.count_nonzero(table.stage >= ADVICE))
        wanted = int(np.ceil(open_cases / self.caseload_target))
        roster = self.roster
        if wanted > roster.positions:
            roster.add_positions(wanted - roster.positions)
            self.sync_positions()
        elif wanted < roster.positions - 1 and roster.abolish_vacancies(roster.positions - 1 - wanted):
            self.sync_positions()

    def _strain_buffer(self) -> float:
        """Share of strain build-up removed by team leaders, by how much of the staff they cover."""
        p = self.params
        in_post = int(np.count_nonzero(self.roster.in_post))
        if p.team_leaders == 0 or in_post == 0:
            return 0.0
        coverage = min(1.0, p.team_leaders * p.team_leader_span / in_post)
        return p.team_leader_strain_buffer * coverage

    def _record(self, hires: int, resignations: int, intake_hours: float, demanded: float,
                served: float) -> None:
        """Append the week's row of WEEKLY_COLUMNS.

        The week's counts are read by their index in COUNTS, and the established positions from the
        parameters, which `step` has just made equal to the roster's: the row is built every week, and a
        dictionary of the counts and a count over the roster were about a fifth of its cost (1.6% of a run).
        """
        p, roster, table, counts = self.params, self.roster, self.pathway.table, self.pathway.counts
        staff, present, effective, sick, long_sick, strain_mean, mentors = staff_figures(
            roster.in_post, roster.absent, roster.productivity(), roster.long_sick_weeks, roster.strain,
            roster.mentor_of)
        stages, waiting, unassigned = case_figures(table.active, table.stage, table.pending_referral, table.holder)
        in_stage = stages.tolist()  # Python numbers: the row is built from a few dozen of them
        c = counts.values.tolist()
        advice, investigation, preventive, foster, institution = (
            in_stage[ADVICE], in_stage[INVESTIGATION], in_stage[PREVENTIVE], in_stage[FOSTER], in_stage[INSTITUTION])
        open_cases = sum(in_stage[ADVICE:])
        week_share = 1.0 / WEEKS_PER_YEAR
        cost_staff = (staff * p.caseworker_cost_dkk_year + p.team_leaders * p.team_leader_cost_dkk_year) * week_share
        cost_recruitment = hires * p.recruitment_cost_dkk
        cost_mentoring = mentors * p.mentor_supplement_dkk_month * 12.0 * week_share
        cost_preventive = preventive * p.preventive_cost_dkk_year * week_share
        cost_foster = foster * p.foster_cost_dkk_year * week_share
        cost_institution = institution * p.institution_cost_dkk_year * week_share
        cost_placement = cost_foster + cost_institution
        self._arrived_total += c[N_ARRIVED]
        self.rows.append((
            self.week, staff, p.positions - staff, present, effective, sick, long_sick, strain_mean,
            open_cases / max(staff, 1), resignations, roster.first_year_leavers, hires, mentors,
            c[N_ARRIVED], c[N_MERGED], c[N_ASSESSED], waiting, c[N_ASSESSED_ON_TIME],
            counts.assessment_wait_hours, c[N_OPENED], advice, investigation, preventive, foster,
            institution, open_cases, unassigned, foster + institution, c[N_PLACED],
            c[N_ACUTE], c[N_INV_STARTED], c[N_INV_COMPLETED],
            c[N_INV_ON_TIME], c[N_CLOSED], c[N_AGED_OUT], c[N_CHANGES], c[N_COMPLAINTS],
            c[N_VISITS_DUE], c[N_VISITS_DONE], intake_hours, demanded, served, cost_staff, cost_recruitment,
            cost_mentoring,
            cost_preventive, cost_foster, cost_institution, cost_placement,
            cost_staff + cost_recruitment + cost_mentoring + cost_preventive + cost_placement,
            self._arrived_total, self.pathway.book.closed_count,
        ))
