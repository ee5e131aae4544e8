"""A family's way through the department: referral, assessment, §11 advice, §50
investigation, decision, measure or placement, follow-up and closure, and how
its need changes week by week on the way.

`Pathway` decides what happens to whom and when: the week's draws and the
vectorised need dynamics are here; the event-by-event work they lead to (opening
and closing cases, assignments, logging) is compiled in `deptsim.childwelfare.week`
and `deptsim.childwelfare.casework`.
"""

from __future__ import annotations

import math
import operator
from typing import ClassVar, NamedTuple

import numpy as np
import pandas as pd

from deptsim.childwelfare import casework, week
from deptsim.childwelfare.cases import CaseTable
from deptsim.childwelfare.casework import COUNTS, Casework
from deptsim.childwelfare.family import ADVICE, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE
from deptsim.childwelfare.referrals import KnownFamilies, ReferralBook
from deptsim.eventlog import EventLog
from deptsim.growable import grow_columns
from deptsim.params import Parameters
from deptsim.streams import RandomStreams, Uniforms
from deptsim.workforce.assignment import CaseAssignment
from deptsim.workforce.intake import IntakeDesks

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0
HOURS_PER_YEAR = HOURS_PER_WEEK * WEEKS_PER_YEAR
PLACED = (FOSTER, INSTITUTION)
N_PRIORITIES = 4
EVENTS_PER_ACT = 16  # room in the records for what one assessment, transition or hand-over may log (at most 6)
DRAWS_PER_ACT = 4  # draws ahead for what one may take from each of the complaints and hand-over streams (at most 2)


class WeekCounts:
    """What happened to families this week (reset every week); the compiled casework counts into `values`."""

    def __init__(self) -> None:
        self.values = np.zeros(len(COUNTS), dtype=np.int64)
        self.wait_hours = np.zeros(1)  # hours the referrals assessed this week waited, summed

    def reset(self) -> None:
        self.values[:] = 0
        self.wait_hours[0] = 0.0

    @property
    def assessment_wait_hours(self) -> float:
        return float(self.wait_hours[0])


class IntervalBook:
    """Start, deadline and end (hours) of every case or § 50 investigation; end is -1 while open."""

    FILLS: ClassVar[dict[str, object]] = {"family": 0, "start": 0.0, "deadline": np.inf, "end": -1.0}

    def __init__(self, capacity: int = 1024) -> None:
        self.count = np.zeros(1, dtype=np.int64)
        self.family = np.zeros(capacity, dtype=np.int64)
        self.start = np.zeros(capacity)
        self.deadline = np.full(capacity, np.inf)
        self.end = np.full(capacity, -1.0)

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more entries."""
        grow_columns(self, self.FILLS, int(self.count[0]), extra)

    def frame(self) -> pd.DataFrame:
        """The book in weeks: family_id, start_weeks, deadline_weeks, end_weeks (-1 while open)."""
        n = int(self.count[0])
        end = self.end[:n]
        return pd.DataFrame({
            "family_id": self.family[:n].copy(),
            "start_weeks": self.start[:n] / HOURS_PER_WEEK,
            "deadline_weeks": self.deadline[:n] / HOURS_PER_WEEK,
            "end_weeks": np.where(end >= 0, end / HOURS_PER_WEEK, -1.0),
        })


class WeekOfCasework(NamedTuple):
    """What the rest of the week needs from its casework."""

    overload: np.ndarray
    """Per position: demand placed on the caseworker / their case capacity, minus 1."""
    intake_hours: float
    """Hours given to the intake desks."""
    demanded: float
    """Hours of casework the families wanted."""
    served: float
    """Hours of casework delivered."""


class Pathway:
    """The child-welfare process of the department."""

    def __init__(self, model, params: Parameters, streams: RandomStreams, log: EventLog,
                 assignment: CaseAssignment, desks: IntakeDesks) -> None:
        self.model = model
        self.streams = streams
        self.log = log
        self.assignment = assignment
        self.desks = desks
        self.table = CaseTable(model)
        self.book = ReferralBook()
        self.investigations = IntervalBook()
        self.cases = IntervalBook()
        self.known = KnownFamilies()
        self.escalation_referrals: list[int] = []
        self.counts = WeekCounts()
        # the streams the compiled casework draws from, taken ahead in blocks
        self.complaint_draws = Uniforms(streams.complaints)
        self.handover_draws = Uniforms(streams.handover)
        self._bound: tuple[tuple[np.ndarray, ...], Casework] | None = None
        self.set_params(params)

    def set_params(self, params: Parameters) -> None:
        """Take new parameter values (a reform); the per-stage tables are derived here once."""
        self.p = p = params
        self.documentation_factor = 1.0 - params.documentation_share * params.documentation_relief
        self.visit_interval = HOURS_PER_YEAR / params.visits_per_year if params.visits_per_year > 0 else np.inf
        self.effect = np.array([0.0, p.advice_effect, p.investigation_effect, p.preventive_effect,
                                p.placement_effect, p.placement_effect])
        # Who is served first when hours are short: deadlines (investigations, visits), then §11, then follow-up.
        self.priority = np.array([0, 2, 0, 3, 3, 3], dtype=np.int64)
        self.hours = np.array([0.0, p.advice_hours_week, 0.0, p.preventive_hours_week,
                               p.placement_hours_week, p.placement_hours_week]) * self.documentation_factor
        assessment_shape = 1.0 / p.assessment_hours_cv**2
        self.rules = casework.rules(
            acute_need=float(p.acute_need), acute_deadline_hours=float(p.acute_deadline_hours),
            routine_deadline_hours=float(p.routine_deadline_days * 24.0),
            acute_placement_need=float(p.acute_placement_need), investigate_need=float(p.investigate_need),
            advice_need=float(p.advice_need), measure_need=float(p.measure_need),
            placement_need=float(p.placement_need), institution_need=float(p.institution_need),
            investigation_work=float(p.investigation_hours * self.documentation_factor),
            investigation_deadline_hours=float(p.investigation_deadline_weeks * HOURS_PER_WEEK),
            visit_interval=float(self.visit_interval), complaint_per_change=float(p.complaint_per_change),
            handover_at_transition=float(p.handover_at_transition), continuity=bool(p.continuity),
            hours=self.hours, priority=self.priority,
            visit_work=float(p.visit_hours * self.documentation_factor),
            effect=self.effect, help_returns=float(p.help_returns),
            provider_effect_share=float(p.provider_effect_share),
            natural_recovery_week=float(p.natural_recovery_week), need_escalation=bool(p.need_escalation),
            escalation_hazard_week=float(p.escalation_hazard_week),
            escalation_wait_slope=float(p.escalation_wait_slope),
            escalation_wait_cap_weeks=float(p.escalation_wait_cap_weeks),
            escalation_referral_prob=float(p.escalation_referral_prob), age_out_years=float(p.age_out_years),
            advice_course_hours=float(p.advice_weeks * HOURS_PER_WEEK), close_need=float(p.close_need),
            investigation_hours_per_week=float(p.investigation_hours_per_week),
            complaint_chance_week=-math.expm1(-p.complaint_rate_year / WEEKS_PER_YEAR),
            complaint_per_overdue_week=float(p.complaint_per_overdue_week),
            escalation_jump=float(p.escalation_jump), rereferral_share=float(p.rereferral_share),
            known_memory_hours=float(p.known_family_memory_years * HOURS_PER_YEAR),
            need_shape=float(p.need_shape), need_scale=float(p.need_scale),
            assessment_work_shape=float(assessment_shape),
            assessment_work_scale=float(p.assessment_hours / assessment_shape),
            assessment_hours=float(p.assessment_hours), intake_team_duty_share=float(p.intake_team_duty_share),
            intake_duty_share=float(p.intake_duty_share), intake_max_share=float(p.intake_max_share),
            spread_sick_cases=p.sick_cover == "spread", spare_to_intake=bool(p.spare_hours_to_intake),
        )

    def _casework(self, families: int = 0, acts: int = 0) -> Casework:
        """The arrays for the compiled casework, with room for `families` more to enter and `acts` more
        assessments, transitions or hand-overs.

        One compiled check (casework.has_room) tells whether the stores already have that room; they
        are grown only when it says no. Binding sixty arrays costs more than a week's casework, so the
        Casework is bound anew only when one of them was replaced (a store grew, the roster changed its
        positions). The stores grow only here, and the Casework is rebound right after, so the check
        reads the stores as they are.
        """
        # the intake lines may also take back the referrals of desks that close
        events, draws, in_line = families + EVENTS_PER_ACT * acts, DRAWS_PER_ACT * acts, families + len(
            self.desks.desk_job)
        if self._bound is None or not casework.has_room(self._bound[1], families, acts, events, draws, in_line):
            self.table.reserve(families)
            self.book.reserve(families)
            self.desks.reserve(in_line)
            self.log.reserve(events)
            for store in (self.investigations, self.cases, self.known):
                store.reserve(acts)
            for stream in (self.complaint_draws, self.handover_draws):
                stream.ensure(draws)
        arrays = self._arrays()
        if self._bound is None or not all(map(operator.is_, arrays, self._bound[0])):
            self._bound = (arrays, casework.bind(*arrays))
        return self._bound[1]

    def _arrays(self) -> tuple[np.ndarray, ...]:
        """The arrays of casework.CASEWORK_FIELDS, in that order."""
        table, book, desks, roster, counts = self.table, self.book, self.desks, self.model.roster, self.counts
        investigations, cases, log, known, assignment = (self.investigations, self.cases, self.log, self.known,
                                                         self.assignment)
        return (
            table.family_id, table.stage, table.need, table.age, table.holder, table.opened, table.stage_start,
            table.waiting_since, table.work_left, table.deadline, table.next_visit, table.pending_referral,
            table.investigation, table.case, table.changes, table.orphaned, table.active, table.free_rows,
            table.row_of, table.counters,
            book.arrival, book.family_id, book.acute, book.deadline, book.start, book.done, book.outcome, book.work,
            book.state, book.counters,
            investigations.family, investigations.start, investigations.deadline, investigations.end,
            investigations.count, cases.family, cases.start, cases.deadline, cases.end, cases.count,
            log.time, log.kind, log.family, log.caseworker, log.detail, log.count,
            known.family_id, known.age, known.closed, known.count,
            assignment.held, assignment.capacity, roster.in_post, roster.intake_team, roster.absent,
            roster.caseworker_id, assignment.trees, desks.acute_line, desks.routine_line, desks.lines,
            counts.values, counts.wait_hours,
            self.complaint_draws.values, self.complaint_draws.used, self.handover_draws.values,
            self.handover_draws.used,
        )

    # --- the start ----------------------------------------------------------------
    def seed_initial_cases(self) -> None:
        """Open the stock of cases a department of this size carries at the start."""
        p, rng = self.p, self.streams.initial_state
        per_child = p.children / 1000.0
        n_placed = rng.poisson(p.initial_placements_per_1000 * per_child)
        n_foster = rng.binomial(n_placed, p.initial_foster_share)
        stocks = (
            (FOSTER, n_foster, p.placement_need, p.institution_need),
            (INSTITUTION, n_placed - n_foster, p.institution_need, p.institution_need + 1.0),
            (PREVENTIVE, rng.poisson(p.initial_preventive_per_1000 * per_child), p.close_need,
             p.placement_need),
            (ADVICE, rng.poisson(p.initial_advice_per_1000 * per_child), p.close_need, p.investigate_need),
            (INVESTIGATION, rng.poisson(p.initial_investigations_per_1000 * per_child),
             p.investigate_need, p.placement_need),
        )
        # Each family's draws in the order they have always been taken: need, age, when its stage began,
        # then for an investigation how far it is and the work left, for a placement the next visit.
        # They are taken as one block: Generator.uniform(low, high) is low + (high - low) * random().
        counts = [count for _, count, _, _ in stocks]
        stages = np.repeat(np.array([stage for stage, _, _, _ in stocks], dtype=np.int64), counts)
        low = np.repeat(np.array([low for _, _, low, _ in stocks], dtype=np.float64), counts)
        high = np.repeat(np.array([max(high, low) for _, _, low, high in stocks], dtype=np.float64), counts)
        investigating, placed = stages == INVESTIGATION, np.isin(stages, PLACED)
        taken = 3 + 2 * investigating + placed
        first = np.cumsum(taken) - taken
        u = rng.random(int(taken.sum()))

        def draw(k: int) -> np.ndarray:
            """Each family's k-th draw (clipped to the block: read only where the family took one)."""
            return u[np.minimum(first + k, len(u) - 1)]

        needs = low + (high - low) * draw(0)
        ages = p.age_out_years * draw(1)
        span = np.where(stages == ADVICE, float(p.advice_weeks), 26.0)  # a § 11 course began within its length
        starts = -(span * draw(2)) * HOURS_PER_WEEK
        elapsed = np.where(investigating, 0.5 * draw(3) * p.investigation_deadline_weeks * HOURS_PER_WEEK, 0.0)
        work_factor = np.where(investigating, 0.3 + (1.0 - 0.3) * draw(4), 1.0)
        next_visit = np.where(placed, self.visit_interval * draw(3), np.inf)
        week.open_initial_cases(self._casework(families=len(stages), acts=len(stages)), self.rules, stages,
                                    needs, ages, starts, elapsed, work_factor, next_visit)

    # --- caseworkers coming and going ---------------------------------------------------
    def hand_over_all(self, position: int, time: float) -> None:
        """A caseworker leaves: every case goes to a colleague, or waits unassigned if nobody is in post."""
        week.hand_over_all(self._casework(acts=int(self.assignment.held[position])), self.rules, position, time)

    def hand_over_to_regulars(self, positions: np.ndarray, time: float) -> None:
        """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
        positions = np.asarray(positions, dtype=np.int64)
        acts = int(self.assignment.held[positions].sum())
        week.hand_over_to_regulars(self._casework(acts=acts), self.rules, positions, time)

    def assign_waiting_cases(self, time: float) -> None:
        """Cases left without a caseworker go to the new hires (each a change of caseworker)."""
        week.assign_waiting_cases(self._casework(acts=int(np.count_nonzero(self.table.active))), self.rules, time)

    # --- the week's casework -------------------------------------------------------------
    def casework_week(self, t0: float) -> WeekOfCasework:
        """The week's referrals, hours, intake desks, assessments and families' progress (week.casework_week).

        The week's referrals are counted here, and every store the compiled step writes is made room
        for first: for the referrals, and for the families in the department (each may have one
        assessment, be progressed and take its draws).
        """
        p, s, desks = self.p, self.streams, self.desks
        n_exo = s.arrivals.poisson(p.children * p.referrals_per_child_year / WEEKS_PER_YEAR)
        escalated = np.array(self.escalation_referrals, dtype=np.int64)
        self.escalation_referrals = []
        n = n_exo + len(escalated)
        table = self.table
        families = int(np.count_nonzero(table.active)) + n
        waiting = int(np.count_nonzero(table.pending_referral >= 0)) + n
        # Acts: one week's progress for each family, and an assessment for each referral waiting or arriving.
        # Their draws (at most two each) and each family's complaint draw fit in the DRAWS_PER_ACT per act.
        work = self._casework(families=n, acts=families + waiting)
        overload, intake_hours, demanded, served, referred, desks.desk_job = week.casework_week(
            work, self.rules, s.compiled, n, escalated, t0, desks.desk_job,
            float(desks.desk_hours), N_PRIORITIES)
        self.escalation_referrals.extend(referred.tolist())
        return WeekOfCasework(overload, intake_hours, demanded, served)
