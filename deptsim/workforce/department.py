"""A staffed department: what every casework department has, whatever its cases are about.

`StaffedDepartment` is a Mesa model with a roster of positions (`staff.Roster`), caseworkers as Mesa agents
(`caseworker.Caseworker`, stepped through Mesa's AgentSet at the week's end), the choice of who takes a case
(`assignment.Assignment`), keyed random draws (`deptsim.draws`), dated reforms and the weekly record. A kind of
department (the children-and-family department in deptsim.model, the job centre in deptsim.jobcentre.model)
adds its clients and their behaviour, and says what happens to a caseworker's cases when they leave
(`hand_over_all`) or when a permanent hire takes over from an agency caseworker (`hand_to_successor`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import mesa
import numpy as np
from mesa.agent import AgentSet

from deptsim.draws import Draws
from deptsim.workforce import staffing
from deptsim.workforce.assignment import Assignment
from deptsim.workforce.caseworker import Caseworker
from deptsim.workforce.costs import StaffCosts, staff_costs
from deptsim.workforce.parameters import WorkforceParameters
from deptsim.workforce.staff import Roster
from deptsim.workforce.strain import team_leader_buffer

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0
STAFF_DRAWS = ("resignation", "sickness_long", "sickness_length", "sickness_short", "sickness_days")
STAFF_COLUMNS = (
    "staff_in_post", "vacancies", "temporary_staff", "fte_available", "fte_effective", "staff_sick", "staff_long_sick",
    "strain_mean", "caseload_mean", "resignations", "resignations_first_year", "hires", "mentors_active",
    "overtime_hours",
)
"""The weekly record's staff columns, the same in every kind of department (`staff_record`)."""


class StaffedDepartment(mesa.Model):
    """A department of caseworkers (the workforce's part of a model; a kind of department extends it)."""

    caseworker_class: type[Caseworker] = Caseworker
    """The agent a new caseworker is (a subclass changes a caseworker's own behaviour)."""
    weekly_columns: ClassVar[tuple[str, ...]] = ()
    """The names of the weekly record's columns, in order."""

    def __init__(self, params: WorkforceParameters, *, seed: int, interventions: Sequence[Any] = ()) -> None:
        super().__init__(rng=seed)
        self.mesa_state = frozenset(vars(self))  # what Mesa's Model set up; `release` keeps it
        self.seed = seed
        self.params = params
        self.draws = Draws(seed)
        self.week = 0
        self.roster = Roster()
        self.assignment = Assignment(self.roster)
        self.staff_draws: dict[str, Any] = {}  # this week's draws for each position
        self.absence_this_week = (np.zeros(0), np.zeros(0, dtype=np.int64))  # share absent, long-spell weeks left
        self.strain_buffer = 0.0
        self.resigned: list[int] = []  # positions vacated by resignation this week
        self.rows: list[tuple] = []
        self.interventions = sorted(interventions, key=lambda i: i.week)
        self.caseload_target = 0.0
        self.council: Any = None  # deptsim.council: off until an intervention

    # --- time --------------------------------------------------------------------------------------
    @property
    def t0(self) -> float:
        """The week's start in hours."""
        return self.week * HOURS_PER_WEEK

    @property
    def t1(self) -> float:
        """The week's end in hours."""
        return self.t0 + HOURS_PER_WEEK

    # --- the caseworkers ---------------------------------------------------------------------------
    @property
    def caseworkers(self) -> AgentSet:
        """The caseworkers in post (a Mesa AgentSet)."""
        return self.agents_by_type.get(self.caseworker_class, AgentSet([], random=self.random))

    def seat_initial_staff(self, rng: np.random.Generator) -> np.ndarray:
        """Every position filled at the start, by caseworkers whose tenure is exponential with mean
        initial_mean_tenure_years (drawn from `rng`, the initial state's stream); returns the positions."""
        p, roster = self.params, self.roster
        positions = roster.open_positions(p.positions)
        roster.key[positions] = self.draws.position_keys(positions)
        tenure = rng.exponential(p.initial_mean_tenure_years * WEEKS_PER_YEAR, len(positions))
        for position in positions.tolist():
            staffing.seat(self, position)
        roster.hired_week[positions] = -tenure
        return positions

    def staff_week_end(self) -> None:
        """Each caseworker's week end (strain, resignation, next week's sick leave), through Mesa's AgentSet;
        the week's absence is recorded first."""
        p, roster = self.params, self.roster
        self.absence_this_week = (roster.absent[:roster.n].copy(), roster.long_sick_weeks[:roster.n].copy())
        self.strain_buffer = team_leader_buffer(p.team_leaders, roster.staff_in_post,
                                                team_leader_span=p.team_leader_span,
                                                team_leader_strain_buffer=p.team_leader_strain_buffer)
        keys = roster.key[:roster.n]
        # as lists: each caseworker reads single values, and a list gives them faster than an array
        self.staff_draws = {name: self.draws.uniform(name, keys, self.week).tolist() for name in STAFF_DRAWS}
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
        self.hand_over_all(position, self.t1)
        roster.vacate(position)
        self.assignment.staff_changed()
        if roster.positions_to_cut > 0:
            roster.positions_to_cut -= 1
            roster.established[position] = False
            roster.fill_week[position] = np.inf
        else:
            staffing.schedule_recruitment(self, np.array([position]), self.week + 1)

    # --- what a kind of department says --------------------------------------------------------------
    def hand_over_all(self, position: int, time: float) -> None:
        """Every case of the position goes to a colleague at `time` (its holder is leaving)."""
        raise NotImplementedError

    def hand_to_successor(self, position: int) -> None:
        """An agency caseworker's cover ended and the permanent hire is seated: the cases of the position go to
        them, each a change of caseworker."""
        raise NotImplementedError

    def open_cases(self) -> int:
        """The cases open now (what a caseload counts)."""
        raise NotImplementedError

    def position_parameters(self) -> dict[str, Any]:
        """The parameter values that follow the roster after positions were added or abolished."""
        return {"positions": self.roster.positions}

    # --- changes of organisation (deptsim.interventions) -------------------------------------------
    def prepare_for_change(self) -> None:
        """Before a change of organisation: each position's hours as the staff are now, for any case moved."""
        staffing.set_hours(self)
        self.assignment.staff_changed()

    def set_params(self, **changes: Any) -> None:
        """Change parameter values from now on."""
        self.params = self.params.replace(**changes)

    def sync_positions(self) -> None:
        """After positions were added or abolished: new positions get their keys and are recruited for from
        this week, and the parameters follow the roster (`position_parameters`)."""
        roster = self.roster
        n = roster.n
        new = np.flatnonzero(roster.established[:n] & ~roster.in_post[:n] & np.isinf(roster.fill_week[:n]))
        roster.key[new] = self.draws.position_keys(new)
        staffing.schedule_recruitment(self, new, self.week)
        self.set_params(**self.position_parameters())
        self.assignment.staff_changed()

    def hand_over(self, position: int) -> None:
        """Every case of the position goes to a colleague now (its holder is leaving)."""
        self.hand_over_all(position, self.t0)

    def follow_caseload_target(self) -> None:
        """Add positions when open cases per position exceed the target; shed vacancies when well below."""
        roster = self.roster
        wanted = int(np.ceil(self.open_cases() / self.caseload_target))
        if wanted > roster.positions:
            roster.add_positions(wanted - roster.positions)
            self.sync_positions()
        elif wanted < roster.positions - 1 and roster.abolish_vacancies(roster.positions - 1 - wanted):
            self.sync_positions()

    def apply_interventions(self) -> None:
        """The reforms due this week take effect, in order."""
        while self.interventions and self.interventions[0].week <= self.week:
            self.prepare_for_change()
            self.interventions.pop(0).apply(self)

    # --- records -----------------------------------------------------------------------------------
    def staff_record(self, hires: int, open_cases: int) -> tuple[dict[str, Any], StaffCosts]:
        """The week's staff figures by column name (STAFF_COLUMNS) and the staff's costs."""
        p, roster = self.params, self.roster
        n = roster.n
        in_post = roster.in_post[:n]  # employed and agency caseworkers
        employed = in_post & ~roster.temporary[:n]
        absent_now, long_sick_now = self.absence_this_week
        absent = absent_now * in_post
        staff, temporary = int(employed.sum()), int(np.count_nonzero(in_post & roster.temporary[:n]))
        present = (1.0 - absent) * in_post
        mentors = int(np.count_nonzero(roster.mentor_of[:n] >= 0))
        first_year = sum(1 for position in self.resigned if self.week - roster.hired_week[position] < WEEKS_PER_YEAR)
        overtime_hours = float(roster.overtime[:n].sum())
        row = {
            "staff_in_post": staff, "vacancies": p.positions - staff, "temporary_staff": temporary,
            "fte_available": float(present.sum()),
            "fte_effective": float((present * staffing.productivity_this_week(self)).sum()),
            "staff_sick": float(absent.sum()), "staff_long_sick": int(np.count_nonzero((long_sick_now > 0) & in_post)),
            "strain_mean": float(roster.strain[:n][employed].mean()) if staff else 0.0,
            "caseload_mean": open_cases / max(staff + temporary, 1), "resignations": len(self.resigned),
            "resignations_first_year": first_year, "hires": hires, "mentors_active": mentors,
            "overtime_hours": overtime_hours,
        }
        costs = staff_costs(p, staff_in_post=staff, overtime_hours=overtime_hours, temporary_staff=temporary,
                            hires=hires, mentors=mentors)
        return row, costs

    def recent_weeks(self, weeks: int, *names: str) -> dict[str, np.ndarray]:
        """The weekly columns `names` over the last `weeks` recorded weeks (fewer at the start)."""
        recent = self.rows[-weeks:]
        return {name: np.array([row[column] for row in recent])
                for name, column in ((name, self.weekly_columns.index(name)) for name in names)}

    def append_row(self, row: dict[str, Any]) -> None:
        """Append the week's row, its values by the names of `weekly_columns`, kept in that order."""
        self.rows.append(tuple(row[name] for name in self.weekly_columns))  # a missing name fails here, by name

    def release(self) -> None:
        """Drop the department's state once its results are collected (the model cannot step again).

        Mesa 3.3 keeps every model it has seen alive for the life of the process: a class-level counter of
        agent ids keyed by model (mesa/mesa#3179, fixed in Mesa 3.4, which needs Python 3.12). Without this,
        a process that runs many simulations (a calibration, an experiment's worker) keeps every run's tables
        and grows by about 10 MB a run. The agents are removed through Mesa's public API, and the attributes
        the department added are dropped, so what Mesa keeps is an empty model.
        """
        for agent in list(self.agents):
            agent.remove()
        for name in [name for name in vars(self) if name not in self.mesa_state and name != "mesa_state"]:
            delattr(self, name)
