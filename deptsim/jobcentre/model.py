"""The job centre model: one Mesa model that steps a job centre week by week.

`JobCentreModel.step` is the week, in the order the ODD gives (docs/ODD.md, "The job centre"); each line is one
behaviour module's step. The workforce's part (staffing, temporary staff, allocation with overtime and cut
corners, the caseworkers' own week end) is the children-and-family department's, through
`deptsim.workforce.department.StaffedDepartment`; the citizens' part is in this package.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from mesa.agent import AgentSet

from deptsim.jobcentre import contact, distance, exits, inflow
from deptsim.jobcentre.citizens import NO_ONE, Citizen, Citizens, Kind
from deptsim.jobcentre.parameters import JobCentreParameters
from deptsim.workforce import overtime, staffing, temporary_staff
from deptsim.workforce.department import STAFF_COLUMNS, WEEKS_PER_YEAR, StaffedDepartment

COUNTED = ("entered", "exits_work", "exits_other", "exits_moved", "weeks_on_benefit_of_leavers", "meetings_held",
           "caseworker_changes", "hours_demanded", "hours_served", "hours_cut")
"""What the week counts as it happens (`model.counts`)."""
WEEKLY_COLUMNS = (
    "week", *STAFF_COLUMNS, "citizens", "citizens_education_benefit", "citizens_cash_benefit",
    "citizens_rehabilitation", "unassigned_citizens", "meetings_overdue", "distance_mean", *COUNTED,
    "cost_staff", "cost_overtime", "cost_temporary", "cost_recruitment", "cost_mentoring", "cost_benefits",
    "cost_total",
)


def benefit_dkk_year(p: JobCentreParameters, kind: Kind) -> float:
    """The benefit a citizen of `kind` is paid a year (the 2015 rates, docs/parameters.md)."""
    return {Kind.EDUCATION_BENEFIT: p.education_benefit_dkk_year, Kind.CASH_BENEFIT: p.cash_benefit_dkk_year,
            Kind.JOB_REHABILITATION: p.rehabilitation_benefit_dkk_year}[kind]


class JobCentreModel(StaffedDepartment):
    """A municipal job centre with caseworkers and citizens on benefit as agents."""

    weekly_columns = WEEKLY_COLUMNS

    def __init__(self, params: JobCentreParameters | None = None, *, seed: int,
                 interventions: Sequence = ()) -> None:
        super().__init__(params if params is not None else JobCentreParameters(), seed=seed,
                         interventions=interventions)
        self.citizen_table = Citizens()
        self.next_citizen_id = 0
        self.counts: Counter[str] = Counter()
        self.this_week_rows = np.zeros(0, dtype=np.int64)
        self.met = np.zeros(0, dtype=bool)
        self.time_share = np.zeros(0)
        self.citizen_agents: dict[int, Citizen] = {}
        rng = self.draws.stream("citizen_initial")
        self.seat_initial_staff(rng)
        staffing.set_hours(self)
        inflow.initial(self, rng)

    # --- the agents --------------------------------------------------------------------------------
    @property
    def citizens(self) -> AgentSet:
        """The citizens on benefit now (a Mesa AgentSet), made and removed through Mesa's public API to match
        the citizen table: a citizen keeps their agent while on benefit."""
        present, agents = self.citizen_table.row_of, self.citizen_agents
        for citizen in [c for c in agents if c not in present]:
            agents.pop(citizen).remove()
        for citizen in present:
            if citizen not in agents:
                agents[citizen] = Citizen(self, citizen)
        return AgentSet(list(agents.values()), random=self.random)

    # --- the week ----------------------------------------------------------------------------------
    def step(self) -> None:
        """One week, in the ODD's order (docs/ODD.md, "The job centre")."""
        self.start_week()
        covered = temporary_staff.step(self)
        hired = staffing.step(self)
        self.assignment.staff_changed()
        if len(hired) or len(covered):
            self.assign_waiting()
        inflow.step(self)
        contact.step(self)
        overtime.step(self)
        distance.step(self)
        exits.step(self)
        self.staff_week_end()
        self.record(len(hired))
        self.week += 1

    def start_week(self) -> None:
        """Reset the week's counts; apply the interventions due; follow a caseload target."""
        self.counts = Counter()
        self.resigned = []
        self.apply_interventions()
        if self.caseload_target > 0:
            self.follow_caseload_target()

    # --- citizens and their caseworkers -------------------------------------------------------------
    def admit(self, kind: Kind, distances: np.ndarray, entered: np.ndarray, last_meeting: np.ndarray) -> None:
        """Citizens come on benefit: rows, keys, and each the least-loaded caseworker (no change of caseworker)."""
        ids = np.arange(self.next_citizen_id, self.next_citizen_id + len(distances), dtype=np.int64)
        self.next_citizen_id += len(ids)
        table = self.citizen_table
        rows = table.enter_many(ids, self.draws.citizen_keys(ids))
        table.kind[rows], table.distance[rows] = kind, distances
        table.entered[rows], table.last_meeting[rows] = entered, last_meeting
        for row in rows.tolist():
            self.give(row, self.assignment.pick(False), counts_as_change=False)

    def give(self, row: int, position: int, counts_as_change: bool) -> None:
        """The citizen's case goes to `position` (NO_ONE: it waits unassigned); a change is counted."""
        table, roster = self.citizen_table, self.roster
        old = int(table.holder[row])
        if old >= 0:
            roster.held[old] -= 1
            self.assignment.load_changed(old)
        table.holder[row] = position
        if position < 0:
            return
        roster.held[position] += 1
        self.assignment.load_changed(position)
        if counts_as_change:
            table.changes[row] += 1
            table.changed_at[row] = self.week
            self.counts["caseworker_changes"] += 1

    def release_citizens(self, rows: np.ndarray) -> None:
        """Citizens leave the benefit: their caseworkers' loads fall and their rows are freed."""
        for row in rows.tolist():
            self.give(row, NO_ONE, counts_as_change=False)
        self.citizen_table.leave(rows)

    def assign_waiting(self) -> None:
        """Citizens left without a caseworker go to the caseworkers in post now (each a change)."""
        table = self.citizen_table
        rows = table.rows()
        for row in rows[table.holder[rows] < 0].tolist():
            position = self.assignment.pick(False)
            if position == NO_ONE:
                return
            self.give(row, position, counts_as_change=True)

    def hand_over_all(self, position: int, time: float) -> None:
        """Every citizen of the position goes to the least-loaded colleague (each a change), or waits
        unassigned when nobody else is in post."""
        table = self.citizen_table
        rows = table.rows()
        for row in rows[table.holder[rows] == position].tolist():
            self.give(row, self.assignment.pick(False, position), counts_as_change=True)

    def hand_to_successor(self, position: int) -> None:
        """The permanent hire takes over every citizen of the position from the agency caseworker."""
        table = self.citizen_table
        rows = table.rows()
        mine = rows[table.holder[rows] == position]
        table.changes[mine] += 1
        table.changed_at[mine] = self.week
        self.counts["caseworker_changes"] += len(mine)

    def open_cases(self) -> int:
        """Citizens on benefit now (each a case)."""
        return len(self.citizen_table.row_of)

    # --- records -----------------------------------------------------------------------------------
    def record(self, hires: int) -> None:
        """Append the week's row: staff, citizens by kind, meetings, the week's counts and costs."""
        p, table = self.params, self.citizen_table
        rows = table.rows()
        kinds = np.bincount(table.kind[rows].astype(np.int64), minlength=len(Kind))
        staff, staff_costs = self.staff_record(hires, len(rows))
        week = 1.0 / WEEKS_PER_YEAR
        benefits = sum(int(kinds[kind]) * benefit_dkk_year(p, kind) for kind in Kind) * week
        overdue = int(np.count_nonzero(self.week + 1 - table.last_meeting[rows] > p.legal_meeting_weeks))
        self.append_row({
            "week": self.week, **staff, "citizens": len(rows),
            "citizens_education_benefit": int(kinds[Kind.EDUCATION_BENEFIT]),
            "citizens_cash_benefit": int(kinds[Kind.CASH_BENEFIT]),
            "citizens_rehabilitation": int(kinds[Kind.JOB_REHABILITATION]),
            "unassigned_citizens": int(np.count_nonzero(table.holder[rows] < 0)),
            "meetings_overdue": overdue,
            "distance_mean": float(table.distance[rows].mean()) if len(rows) else 0.0,
            **{name: self.counts[name] for name in COUNTED},
            "cost_staff": staff_costs.staff, "cost_overtime": staff_costs.overtime,
            "cost_temporary": staff_costs.temporary, "cost_recruitment": staff_costs.recruitment,
            "cost_mentoring": staff_costs.mentoring, "cost_benefits": benefits,
            "cost_total": staff_costs.total + benefits,
        })
