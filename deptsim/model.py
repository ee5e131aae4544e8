"""The department model: one Mesa model that steps a children-and-family department week by week.

`DepartmentModel.step` is the week, in the order the ODD gives (docs/ODD.md, section 3); each line is
one behaviour module's step. The state is in named columns: the roster (`workforce.staff`), the
family table (`childwelfare.families`) and the books (`childwelfare.books`). Caseworkers are Mesa
agents with their own behaviour (`workforce.caseworker`); families' behaviour runs vectorised over
the family table, and their Mesa agents are made when someone reads `model.families`.
"""

from __future__ import annotations

from collections.abc import Sequence

import mesa
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
from deptsim.draws import Draws
from deptsim.eventlog import EventLog
from deptsim.interventions import Intervention
from deptsim.params import Parameters
from deptsim.workforce import overtime, staffing, temporary_staff
from deptsim.workforce.assignment import Assignment
from deptsim.workforce.caseworker import Caseworker
from deptsim.workforce.intake import IntakeDesks, desk_paces
from deptsim.workforce.staff import Roster
from deptsim.workforce.strain import team_leader_buffer

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
    "cost_staff",
    "cost_overtime", "cost_temporary", "cost_recruitment", "cost_mentoring", "cost_preventive", "cost_foster",
    "cost_institution", "cost_placement", "cost_total", "referrals_arrived_total", "referrals_closed_total",
)
STAFF_DRAWS = ("resignation", "sickness_long", "sickness_length", "sickness_short", "sickness_days")


class DepartmentModel(mesa.Model):
    """A municipal children-and-family department with caseworkers and families as agents."""

    caseworker_class: type[Caseworker] = Caseworker
    """The agent a new caseworker is (a subclass changes a caseworker's own behaviour)."""

    def __init__(self, params: Parameters | None = None, *, seed: int,
                 interventions: Sequence[Intervention] = ()) -> None:
        super().__init__(rng=seed)
        self.mesa_state = frozenset(vars(self))  # what Mesa's Model set up; `release` keeps it
        self.seed = seed
        self.params = params if params is not None else Parameters()
        self.rules = Rules.of(self.params)
        self.draws = Draws(seed)
        self.week = 0
        self.roster = Roster()
        self.assignment = Assignment(self.roster)
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
        self.staff_draws: dict[str, np.ndarray] = {}  # this week's draws for each position
        self.absence_this_week = (np.zeros(0), np.zeros(0, dtype=np.int64))  # share absent, long-spell weeks left
        self.strain_buffer = 0.0
        self.intake_hours = self.hours_demanded = self.hours_served = self.hours_cut = 0.0
        self.resigned: list[int] = []  # positions vacated by resignation this week
        self.rows: list[tuple] = []
        self.arrived_total = 0
        self.interventions = sorted(interventions, key=lambda i: i.week)
        self.caseload_target = 0.0
        self.council: council.Council | None = None  # deptsim.council: off until an intervention
        self._family_agents: dict[int, Family] = {}
        initial.step(self)

    # --- time --------------------------------------------------------------------------------------
    @property
    def t0(self) -> float:
        """The week's start in hours."""
        return self.week * HOURS_PER_WEEK

    @property
    def t1(self) -> float:
        """The week's end in hours."""
        return self.t0 + HOURS_PER_WEEK

    def release(self) -> None:
        """Drop the department's state once its results are collected (the model cannot step again).

        Mesa 3.3 keeps every model it has seen alive for the life of the process: a class-level counter of
        agent ids keyed by model (mesa/mesa#3179, fixed in Mesa 3.4, which needs Python 3.12). Without this,
        a process that runs many simulations (a calibration, an experiment's worker) keeps every run's tables
        and grows by about 10 MB a run. The agents are removed through Mesa's public API, and the attributes
        this class added are dropped, so what Mesa keeps is an empty model.
        """
        for agent in list(self.agents):
            agent.remove()
        for name in [name for name in vars(self) if name not in self.mesa_state and name != "mesa_state"]:
            delattr(self, name)

    # --- the agents --------------------------------------------------------------------------------
    @property
    def caseworkers(self) -> AgentSet:
        """The caseworkers in post (a Mesa AgentSet)."""
        return self.agents_by_type.get(self.caseworker_class, AgentSet([], random=self.random))

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
        while self.interventions and self.interventions[0].week <= self.week:
            self.prepare_for_change()
            self.interventions.pop(0).apply(self)
        if self.caseload_target > 0:
            self.follow_caseload_target()
        council.step(self)

    def assess_referrals(self) -> None:
        """The intake desks serve the week with the hours given to intake."""
        p = self.params
        paces = desk_paces(self.intake_hours, p.weekly_hours * (1.0 - p.admin_share))
        self.assessed = self.desks.serve_week(self.t0, paces, self.arrivals, self.referral_book)

    def end_week(self) -> None:
        """Each caseworker's week end (strain, resignation, next week's sick leave), through Mesa's AgentSet;
        the week's absence is recorded first."""
        p, roster = self.params, self.roster
        self.absence_this_week = (roster.absent[:roster.n].copy(), roster.long_sick_weeks[:roster.n].copy())
        self.strain_buffer = team_leader_buffer(p.team_leaders, roster.staff_in_post,
                                                team_leader_span=p.team_leader_span,
                                                team_leader_strain_buffer=p.team_leader_strain_buffer)
        keys = roster.key[:roster.n]
        self.staff_draws = {name: self.draws.uniform(name, keys, self.week) for name in STAFF_DRAWS}
        self.caseworkers.do("step")
        roster.long_sick_weeks[:roster.n][~roster.in_post[:roster.n]] = 0
        roster.resignations_by_week.append(len(self.resigned))
        if roster.positions != self.params.positions:  # a budget cut abolished positions as people left
            self.sync_positions()

    def resign(self, caseworker: Caseworker) -> None:
        """A caseworker leaves: their cases go to colleagues at the week's end, the position falls vacant and
        is recruited for (or abolished, under a budget cut)."""
        roster, position = self.roster, caseworker.position
        self.resigned.append(position)
        casework.hand_over_all(self, position, self.t1)
        roster.vacate(position)
        self.assignment.staff_changed()
        if roster.positions_to_cut > 0:
            roster.positions_to_cut -= 1
            roster.established[position] = False
            roster.fill_week[position] = np.inf
        else:
            staffing.schedule_recruitment(self, np.array([position]), self.week + 1)

    # --- changes of organisation (deptsim.interventions) -------------------------------------------
    def prepare_for_change(self) -> None:
        """Before a change of organisation: each position's hours as the staff are now, for any case moved."""
        staffing.set_hours(self)
        self.assignment.staff_changed()

    def set_params(self, **changes) -> None:
        """Change parameter values from now on."""
        self.params = self.params.replace(**changes)
        self.rules = Rules.of(self.params)

    def sync_positions(self) -> None:
        """After positions were added or abolished: new positions get their keys and are recruited for from
        this week, and `params.positions` follows the roster."""
        roster = self.roster
        n = roster.n
        new = np.flatnonzero(roster.established[:n] & ~roster.in_post[:n] & np.isinf(roster.fill_week[:n]))
        roster.key[new] = self.draws.position_keys(new)
        staffing.schedule_recruitment(self, new, self.week)
        team = int(np.count_nonzero(roster.intake_team[:n] & roster.established[:n]))
        self.set_params(positions=roster.positions, intake_team_size=team)
        self.assignment.staff_changed()

    def hand_to_successor(self, position: int) -> None:
        """The permanent hire takes over every case of the position from the agency caseworker (each a change of
        caseworker for the family)."""
        casework.give_to_successor(self, position, self.t0)

    def hand_over(self, position: int) -> None:
        """Every case of the position goes to a colleague now (its holder is leaving)."""
        casework.hand_over_all(self, position, self.t0)

    def hand_over_to_regulars(self, positions: np.ndarray) -> None:
        """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
        self.assignment.staff_changed()
        casework.hand_over_to_regulars(self, positions, self.t0)

    def open_cases(self) -> int:
        """Families with an open case (advice or beyond) now."""
        table = self.family_table
        return int(np.count_nonzero(table.stage[:table.n] >= ADVICE))

    def follow_caseload_target(self) -> None:
        """Add positions when open cases per position exceed the target; shed vacancies when well below."""
        roster = self.roster
        open_cases = self.open_cases()
        wanted = int(np.ceil(open_cases / self.caseload_target))
        if wanted > roster.positions:
            roster.add_positions(wanted - roster.positions)
            self.sync_positions()
        elif wanted < roster.positions - 1 and roster.abolish_vacancies(roster.positions - 1 - wanted):
            self.sync_positions()

    # --- which families progress this week ----------------------------------------------------------
    def progressing(self) -> np.ndarray:
        """Over this week's families: those in the department before the week began and still in the stage
        they were in when the hours were shared (a family whose stage changed this week waits a week)."""
        week, table = self.this_week, self.family_table
        return table.active[week.rows] & (table.stage[week.rows] == week.stages) & (table.opened[week.rows] < self.t0)

    # --- records -----------------------------------------------------------------------------------
    def recent_weeks(self, weeks: int, *names: str) -> dict[str, np.ndarray]:
        """The weekly columns `names` over the last `weeks` recorded weeks (fewer at the start)."""
        recent = self.rows[-weeks:]
        return {name: np.array([row[column] for row in recent])
                for name, column in ((name, WEEKLY_COLUMNS.index(name)) for name in names)}

    def record(self, hires: int) -> None:
        """Append the week's row: its values by the names of WEEKLY_COLUMNS, kept in that order."""
        p, roster, table, c = self.params, self.roster, self.family_table, self.counts
        n = roster.n
        in_post = roster.in_post[:n]  # employed and agency caseworkers
        employed = in_post & ~roster.temporary[:n]
        absent_now, long_sick_now = self.absence_this_week
        absent = absent_now * in_post
        staff, temporary = int(employed.sum()), int(np.count_nonzero(in_post & roster.temporary[:n]))
        productivity = staffing.productivity_this_week(self)
        present = (1.0 - absent) * in_post
        mentors = int(np.count_nonzero(roster.mentor_of[:n] >= 0))
        rows = table.rows()
        stages = np.bincount(table.stage[rows], minlength=6)
        advice, investigation, preventive, foster, institution = (
            int(stages[s]) for s in (ADVICE, INVESTIGATION, PREVENTIVE, FOSTER, INSTITUTION))
        open_cases = int(stages[ADVICE:].sum())
        waiting = int(np.count_nonzero(table.pending_referral[rows] >= 0))
        unassigned = int(np.count_nonzero((table.holder[rows] < 0) & (table.stage[rows] >= ADVICE)))
        first_year = sum(1 for position in self.resigned if self.week - roster.hired_week[position] < WEEKS_PER_YEAR)
        overtime_hours = float(roster.overtime[:n].sum())
        cost = costs.week_costs(p, staff_in_post=staff, overtime_hours=overtime_hours, temporary_staff=temporary,
                                hires=hires, mentors=mentors, preventive=preventive, foster=foster,
                                institution=institution)
        self.arrived_total += c.referrals_arrived
        row = {
            "week": self.week, "staff_in_post": staff, "vacancies": p.positions - staff, "temporary_staff": temporary,
            "fte_available": float(present.sum()), "fte_effective": float((present * productivity).sum()),
            "staff_sick": float(absent.sum()), "staff_long_sick": int(np.count_nonzero((long_sick_now > 0) & in_post)),
            "strain_mean": float(roster.strain[:n][employed].mean()) if staff else 0.0,
            "caseload_mean": open_cases / max(staff + temporary, 1), "resignations": len(self.resigned),
            "resignations_first_year": first_year, "hires": hires, "mentors_active": mentors,
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
            "case_hours_served": self.hours_served, "overtime_hours": overtime_hours,
            "case_hours_cut": self.hours_cut, "cost_staff": cost.staff,
            "cost_overtime": cost.overtime, "cost_temporary": cost.temporary, "cost_recruitment": cost.recruitment,
            "cost_mentoring": cost.mentoring, "cost_preventive": cost.preventive, "cost_foster": cost.foster,
            "cost_institution": cost.institution, "cost_placement": cost.placement, "cost_total": cost.total,
            "referrals_arrived_total": self.arrived_total, "referrals_closed_total": self.referral_book.closed,
        }
        self.rows.append(tuple(row[name] for name in WEEKLY_COLUMNS))  # a missing name fails here, by name
