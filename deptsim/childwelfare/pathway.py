"""A family's way through the department: referral, assessment, §11 advice, §50
investigation, decision, measure or placement, follow-up and closure, and how
its need changes week by week on the way.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, fields
from types import SimpleNamespace

import numpy as np
import pandas as pd

from deptsim.childwelfare.cases import NO_ONE, CaseTable
from deptsim.childwelfare.family import ADVICE, AWAITING, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE, Stage
from deptsim.childwelfare.referrals import KnownFamilies, Outcome, ReferralBook
from deptsim.eventlog import Event, EventLog
from deptsim.params import Parameters
from deptsim.streams import RandomStreams
from deptsim.workforce.assignment import CaseAssignment
from deptsim.workforce.intake import DONE, WAITING, IntakeDesks

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0
HOURS_PER_YEAR = HOURS_PER_WEEK * WEEKS_PER_YEAR
PLACED = (FOSTER, INSTITUTION)
# Enum members cost a Python call per lookup; the hot paths use these plain-int namespaces.
EV = SimpleNamespace(**{event.name: int(event) for event in Event})
OUT = SimpleNamespace(**{outcome.name: int(outcome) for outcome in Outcome})
N_PRIORITIES = 4


class Decision:
    """Detail codes of a DECISION event (and of PLACEMENT_START: FOSTER or INSTITUTION)."""

    NO_MEASURE, PREVENTIVE, FOSTER, INSTITUTION = 0, 1, 2, 3


@dataclass
class WeekCounts:
    """What happened to families this week (reset every week)."""

    referrals_arrived: int = 0
    referrals_merged: int = 0
    assessments: int = 0
    assessments_on_time: int = 0
    assessment_wait_hours: float = 0.0
    cases_opened: int = 0
    investigations_started: int = 0
    investigations_completed: int = 0
    investigations_on_time: int = 0
    placements_started: int = 0
    acute_placements: int = 0
    closures: int = 0
    aged_out: int = 0
    caseworker_changes: int = 0
    complaints: int = 0
    visits_outstanding: int = 0
    visits_done: int = 0

    def reset(self) -> None:
        for f in fields(self):
            setattr(self, f.name, f.default)


class IntervalBook:
    """Start, deadline and end (hours) of every case or § 50 investigation; end is -1 while open."""

    def __init__(self) -> None:
        self.family = array("q")
        self.start = array("d")
        self.deadline = array("d")
        self.end = array("d")

    def add(self, family_id: int, start: float, deadline: float = np.inf) -> int:
        self.family.append(family_id)
        self.start.append(start)
        self.deadline.append(deadline)
        self.end.append(-1.0)
        return len(self.family) - 1

    def frame(self) -> pd.DataFrame:
        """The book in weeks: family_id, start_weeks, deadline_weeks, end_weeks (-1 while open)."""
        end = np.frombuffer(self.end, dtype=np.float64)
        return pd.DataFrame({
            "family_id": np.frombuffer(self.family, dtype=np.int64),
            "start_weeks": np.frombuffer(self.start, dtype=np.float64) / HOURS_PER_WEEK,
            "deadline_weeks": np.frombuffer(self.deadline, dtype=np.float64) / HOURS_PER_WEEK,
            "end_weeks": np.where(end >= 0, end / HOURS_PER_WEEK, -1.0),
        })


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
        self.known = KnownFamilies(params.known_family_memory_years * HOURS_PER_YEAR)
        self.next_family_id = 0
        self.escalation_referrals: list[int] = []
        self.counts = WeekCounts()
        self.set_params(params)
        self._rows = np.zeros(0, dtype=np.int64)
        self._stages = np.zeros(0, dtype=np.int8)
        self._demand = np.zeros(0)

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
        for stage, count, low, high in stocks:
            for _ in range(count):
                need = rng.uniform(low, max(high, low))
                age = rng.uniform(0.0, p.age_out_years)
                row = self._new_family(need, age, stage, 0.0)
                table = self.table
                table.case[row] = self.cases.add(int(table.family_id[row]), 0.0)
                # the stage began some time before the start (a § 11 course within its length)
                span = p.advice_weeks if stage == ADVICE else 26.0
                table.stage_start[row] = -rng.uniform(0.0, span) * HOURS_PER_WEEK
                if stage == INVESTIGATION:
                    elapsed = rng.uniform(0.0, 0.5) * p.investigation_deadline_weeks * HOURS_PER_WEEK
                    table.stage_start[row] = -elapsed
                    self._start_investigation(row, -elapsed, log=False)
                    table.work_left[row] *= rng.uniform(0.3, 1.0)
                if stage in PLACED:
                    table.next_visit[row] = rng.uniform(0.0, self.visit_interval)
                table.opened[row] = table.stage_start[row]
                self._assign(row, team=stage == ADVICE, time=0.0, counts_as_change=False)

    # --- referrals ----------------------------------------------------------------
    def arrivals(self, t0: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Draw this week's referrals; returns (times, referral ids, acute) of those to assess."""
        p, s = self.p, self.streams
        n_exo = s.arrivals.poisson(p.children * p.referrals_per_child_year / WEEKS_PER_YEAR)
        escalated = self.escalation_referrals
        self.escalation_referrals = []
        n = n_exo + len(escalated)
        times = np.sort(t0 + s.arrivals.random(n) * HOURS_PER_WEEK)
        about_known = s.rereferral.random(n) < p.rereferral_share
        pick = s.rereferral.random(n)
        needs = s.need.gamma(p.need_shape, p.need_scale, n) if p.need_scale > 0 else np.zeros(n)
        ages = s.age.uniform(0.0, p.age_out_years, n)
        work = self._assessment_work(n)
        n_known = self.known.refresh(t0, p.age_out_years)
        open_rows = np.flatnonzero(self.table.active)
        # escalation referrals are about their own family, spread over the week at random
        family_order = np.full(n, -1, dtype=np.int64)
        if escalated:
            slots = s.arrivals.permutation(n)[: len(escalated)]
            family_order[slots] = escalated
        out_time, out_job, out_acute = [], [], []
        table = self.table
        for i in range(n):
            time = float(times[i])
            family_id = int(family_order[i])
            row = table.row_of_family.get(family_id, -1) if family_id >= 0 else -1
            if family_id >= 0 and row < 0:
                continue  # the family left the department before the referral came
            if family_id < 0 and about_known[i] and len(open_rows) + n_known > 0:
                k = int(pick[i] * (len(open_rows) + n_known))
                if k < len(open_rows):
                    row = int(open_rows[k])
                    if not table.active[row]:
                        row = -1
                else:
                    family_id, age = self.known.take(k - len(open_rows), t0)
                    n_known -= 1
                    row = self._new_family(float(needs[i]), age, AWAITING, time, family_id)
            if row < 0:
                row = self._new_family(float(needs[i]), float(ages[i]), AWAITING, time)
            family_id = int(table.family_id[row])
            acute = bool(table.need[row] >= p.acute_need)
            deadline = time + (p.acute_deadline_hours if acute else p.routine_deadline_days * 24.0)
            ref = self.book.add(time, family_id, acute, deadline, float(work[i]))
            self.counts.referrals_arrived += 1
            self.log.add(time, EV.REFERRAL, family_id, detail=ref)
            pending = int(table.pending_referral[row])
            if pending >= 0:
                self.book.close(ref, time, OUT.MERGED)
                self.counts.referrals_merged += 1
                if acute and not self.book.acute[pending]:
                    self.book.acute[pending] = True
                    self.book.deadline[pending] = min(self.book.deadline[pending], deadline)
                    if self.book.state[pending] == WAITING:
                        self.desks.promote(pending)
                continue
            table.pending_referral[row] = ref
            out_time.append(time)
            out_job.append(ref)
            out_acute.append(acute)
        return np.array(out_time), np.array(out_job, dtype=np.int64), np.array(out_acute, dtype=bool)

    def _assessment_work(self, n: int) -> np.ndarray:
        p = self.p
        shape = 1.0 / p.assessment_hours_cv**2
        return self.streams.assessment_work.gamma(shape, p.assessment_hours / shape, n)

    def _new_family(self, need: float, age: float, stage: Stage, time: float, family_id: int = -1) -> int:
        if family_id < 0:
            family_id = self.next_family_id
            self.next_family_id += 1
        return self.table.open(family_id, need, age, stage, time)

    # --- assessment -----------------------------------------------------------------
    def assessed(self, jobs: list[int], times: list[float]) -> None:
        """Act on the assessments completed this week, in the order they were completed."""
        p, table, book = self.p, self.table, self.book
        for ref, time in zip(jobs, times, strict=True):
            if book.outcome[ref] != OUT.PENDING:
                continue  # closed while at the desk (the child aged out)
            row = table.row_of_family[int(book.family_id[ref])]
            table.pending_referral[row] = -1
            self.counts.assessments += 1
            self.counts.assessment_wait_hours += time - book.arrival[ref]
            self.counts.assessments_on_time += int(time <= book.deadline[ref])
            family_id = int(table.family_id[row])
            need = table.need[row]
            stage = table.stage[row]
            if stage == AWAITING:
                if need >= p.acute_placement_need:
                    outcome = OUT.ACUTE_PLACEMENT
                elif need >= p.investigate_need:
                    outcome = OUT.INVESTIGATION
                elif need >= p.advice_need:
                    outcome = OUT.ADVICE
                else:
                    outcome = OUT.CLOSED_WITHOUT_ACTION
            elif stage in (ADVICE, PREVENTIVE) and need >= p.acute_placement_need:
                outcome = OUT.ACUTE_PLACEMENT
            elif stage in (ADVICE, PREVENTIVE) and need >= p.investigate_need:
                outcome = OUT.INVESTIGATION
            else:
                outcome = OUT.ADDED_TO_OPEN_CASE
            book.close(ref, time, outcome)
            self.log.add(time, EV.ASSESSMENT, family_id, detail=int(outcome))
            new_case = stage == AWAITING
            if new_case and outcome != OUT.CLOSED_WITHOUT_ACTION:
                table.case[row] = self.cases.add(family_id, time)
            if outcome == OUT.CLOSED_WITHOUT_ACTION:
                self._close(row, time)
            elif outcome == OUT.ADVICE:
                self.counts.cases_opened += 1
                self._set_stage(row, ADVICE, time)
                self.log.add(time, EV.ADVICE_START, family_id)
                self._assign(row, team=True, time=time, counts_as_change=False)
            elif outcome == OUT.INVESTIGATION:
                self.counts.cases_opened += int(new_case)
                self._to_investigation(row, time)
            elif outcome == OUT.ACUTE_PLACEMENT:
                self.counts.cases_opened += int(new_case)
                self.counts.acute_placements += 1
                self._end_stage(row, time)
                self._assign_after_transition(row, time)
                self._place(row, time)

    def _to_investigation(self, row: int, time: float) -> None:
        """Start a § 50 investigation; a family held by the intake team moves to a regular caseworker."""
        if self.table.stage[row] != AWAITING:
            self.table.waiting_since[row] = time  # help was under way; the wait for a decision starts now
        self._end_stage(row, time)
        self._start_investigation(row, time, log=True)
        holder = int(self.table.holder[row])
        if holder == NO_ONE:
            self._assign(row, team=False, time=time, counts_as_change=False)
        elif self.model.roster.intake_team[holder]:
            self._reassign(row, time, team=False)

    def _start_investigation(self, row: int, time: float, log: bool) -> None:
        p, table = self.p, self.table
        self._set_stage(row, INVESTIGATION, time)
        table.work_left[row] = p.investigation_hours * self.documentation_factor
        table.deadline[row] = time + p.investigation_deadline_weeks * HOURS_PER_WEEK
        table.investigation[row] = self.investigations.add(int(table.family_id[row]), time, table.deadline[row])
        if log:
            self.counts.investigations_started += 1
            self.log.add(time, EV.INVESTIGATION_START, int(table.family_id[row]), self._cw(row))

    # --- caseworkers ------------------------------------------------------------------
    def _cw(self, row: int) -> int:
        holder = int(self.table.holder[row])
        return int(self.model.roster.caseworker_id[holder]) if holder >= 0 else -1

    def _assign(self, row: int, team: bool, time: float, counts_as_change: bool) -> None:
        position = self.assignment.pick(team=team)
        self._give(row, position, time, counts_as_change)

    def _give(self, row: int, position: int, time: float, counts_as_change: bool) -> None:
        table = self.table
        self.assignment.release(int(table.holder[row]))
        table.holder[row] = position
        self.assignment.take(position)
        if position >= 0:
            table.orphaned[row] = False
        if counts_as_change and position >= 0:
            self._count_change(row, time)

    def _count_change(self, row: int, time: float) -> None:
        table = self.table
        table.changes[row] += 1
        self.counts.caseworker_changes += 1
        family_id = int(table.family_id[row])
        self.log.add(time, EV.CASEWORKER_CHANGE, family_id, self._cw(row))
        if self.streams.complaints.random() < self.p.complaint_per_change:
            self._complaint(family_id, time)

    def _reassign(self, row: int, time: float, team: bool = False) -> None:
        """Move a case to another caseworker (a caseworker change for the family)."""
        current = int(self.table.holder[row])
        position = self.assignment.pick(team=team, exclude=current)
        if position == NO_ONE:
            return
        self._give(row, position, time, counts_as_change=True)

    def _assign_after_transition(self, row: int, time: float) -> None:
        """At a new measure the family changes caseworker unless the department keeps one per family."""
        holder = int(self.table.holder[row])
        if holder == NO_ONE:
            self._assign(row, team=False, time=time, counts_as_change=False)
            return
        handover = self.streams.handover.random() < self.p.handover_at_transition
        if self.model.roster.intake_team[holder] or (handover and not self.p.continuity):
            self._reassign(row, time)

    def hand_over_all(self, position: int, time: float) -> None:
        """A caseworker leaves: every case goes to a colleague, or waits unassigned if nobody is in post."""
        table = self.table
        for row in np.flatnonzero(table.holder == position):
            self.assignment.release(position)
            table.holder[row] = NO_ONE
            table.orphaned[row] = True
            target = self.assignment.pick(team=bool(self.model.roster.intake_team[position]), exclude=position)
            self._give(int(row), target, time, counts_as_change=True)

    def hand_over_to_regulars(self, positions: np.ndarray, time: float) -> None:
        """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
        table = self.table
        for position in positions:
            for row in np.flatnonzero((table.holder == position) & (table.stage > ADVICE)):
                self._reassign(int(row), time, team=False)

    def assign_waiting_cases(self, time: float) -> None:
        """Cases left without a caseworker go to the new hires (each a change of caseworker)."""
        table = self.table
        for row in np.flatnonzero((table.holder == NO_ONE) & (table.stage >= ADVICE)):
            position = self.assignment.pick(team=table.stage[row] == ADVICE)
            if position == NO_ONE:
                return
            # a change only for a family whose caseworker left; a first caseworker is not a change
            self._give(int(row), position, time, counts_as_change=bool(table.orphaned[row]))

    # --- stages -----------------------------------------------------------------------
    def _set_stage(self, row: int, stage: Stage, time: float) -> None:
        table = self.table
        table.stage[row] = stage
        table.stage_start[row] = time

    def _end_stage(self, row: int, time: float) -> None:
        """Log the end of the family's current stage (the stage ends when the next begins)."""
        table = self.table
        stage = table.stage[row]
        family_id, cw = int(table.family_id[row]), self._cw(row)
        if stage == ADVICE:
            self.log.add(time, EV.ADVICE_END, family_id, cw)
        elif stage == PREVENTIVE:
            self.log.add(time, EV.MEASURE_END, family_id, cw)
        elif stage in PLACED:
            self.log.add(time, EV.PLACEMENT_END, family_id, cw, detail=int(stage) - 2)
        elif stage == INVESTIGATION:
            self._end_investigation(row, time)

    def _end_investigation(self, row: int, time: float) -> None:
        table = self.table
        book_row = int(table.investigation[row])
        if book_row < 0:
            return  # already ended (a decision closes the investigation before the case)
        self.investigations.end[book_row] = time
        table.investigation[row] = -1
        self.log.add(time, EV.INVESTIGATION_END, int(table.family_id[row]), self._cw(row))

    def _place(self, row: int, time: float) -> None:
        p, table = self.p, self.table
        stage = INSTITUTION if table.need[row] >= p.institution_need else FOSTER
        self._set_stage(row, stage, time)
        table.next_visit[row] = time + self.visit_interval
        table.waiting_since[row] = time
        self.counts.placements_started += 1
        self.log.add(time, EV.PLACEMENT_START, int(table.family_id[row]), self._cw(row),
                     detail=Decision.FOSTER if stage == FOSTER else Decision.INSTITUTION)

    def _decide(self, row: int, time: float) -> None:
        """The investigation is done: decide on the family's need now."""
        p, table = self.p, self.table
        need = table.need[row]
        family_id = int(table.family_id[row])
        self._end_investigation(row, time)
        if need < p.measure_need:
            self.log.add(time, EV.DECISION, family_id, self._cw(row), Decision.NO_MEASURE)
            self._close(row, time)
            return
        if need < p.placement_need:
            self.log.add(time, EV.DECISION, family_id, self._cw(row), Decision.PREVENTIVE)
            self._set_stage(row, PREVENTIVE, time)
            table.waiting_since[row] = time
            self._assign_after_transition(row, time)
            self.log.add(time, EV.MEASURE_START, family_id, self._cw(row))
            return
        kind = Decision.INSTITUTION if need >= p.institution_need else Decision.FOSTER
        self.log.add(time, EV.DECISION, family_id, self._cw(row), kind)
        self._assign_after_transition(row, time)
        self._place(row, time)

    def _close(self, row: int, time: float) -> None:
        """The case closes. A family with a referral still waiting stays, awaiting its assessment."""
        table = self.table
        family_id = int(table.family_id[row])
        if table.stage[row] != AWAITING:
            self._end_stage(row, time)
            self.cases.end[int(table.case[row])] = time
            table.case[row] = -1
        self.assignment.release(int(table.holder[row]))
        table.holder[row] = NO_ONE
        if table.pending_referral[row] >= 0:
            self._set_stage(row, AWAITING, time)
            table.waiting_since[row] = time
            return
        self.counts.closures += 1
        self.log.add(time, EV.CLOSURE, family_id)
        self.known.remember(family_id, float(table.age[row]), time)
        table.close(row)

    def _complaint(self, family_id: int, time: float) -> None:
        self.counts.complaints += 1
        self.log.add(time, EV.COMPLAINT, family_id)

    # --- the week's casework -------------------------------------------------------------
    def demand(self, t1: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Caseworker, hours wanted this week and priority of every family in the department.

        Families awaiting assessment want no casework (their assessment is the
        intake queue's job) but are included so their needs evolve.
        """
        table = self.table
        rows = np.flatnonzero(table.active)
        stages = table.stage[rows]
        demand = self.hours[stages]
        investigating = stages == INVESTIGATION
        demand[investigating] = np.minimum(table.work_left[rows[investigating]],
                                           self.p.investigation_hours_per_week)
        placed = stages >= FOSTER
        visit_due = placed & (table.next_visit[rows] < t1)
        demand[visit_due] += self.p.visit_hours * self.documentation_factor
        priority = self.priority[stages]
        priority[visit_due] = 1
        self._rows, self._stages, self._demand = rows, stages, demand
        return table.holder[rows], demand, priority

    def queue_order(self) -> np.ndarray:
        """Order in which a caseworker takes their deadline work: the oldest investigation first."""
        return self.table.stage_start[self._rows]

    def progress(self, service: np.ndarray, t0: float) -> None:
        """Advance every family that was in the department at the start of the week."""
        p, table, s = self.p, self.table, self.streams
        t1 = t0 + HOURS_PER_WEEK
        rows, stages, demand = self._rows, self._stages, self._demand
        n = len(rows)
        u_escalate, jumps = s.escalation.random(n), s.escalation.exponential(1.0, n) * p.escalation_jump
        u_refer, u_time = s.escalation.random(n), s.escalation.random(n)
        u_visit, u_complain = s.visits.random(n), s.complaints.random(n)
        table.age[rows[table.active[rows]]] += 1.0 / WEEKS_PER_YEAR
        still = table.active[rows] & (table.stage[rows] == stages) & (table.opened[rows] < t0)
        rows, stages, demand, service = rows[still], stages[still], demand[still], service[still]
        u_escalate, jumps, u_refer = u_escalate[still], jumps[still], u_refer[still]
        u_time, u_visit, u_complain = u_time[still], u_visit[still], u_complain[still]

        # Measures and placements are delivered by providers: part of their effect does not hang on follow-up.
        provided = np.where(stages >= PREVENTIVE, p.provider_effect_share, 0.0)
        helped = service**p.help_returns
        need = table.need[rows] - self.effect[stages] * (provided + (1.0 - provided) * helped)
        at_home = stages < FOSTER
        need -= np.where(at_home, p.natural_recovery_week * (1.0 - helped), 0.0)
        if p.need_escalation:
            # Only children at home escalate: a placement keeps the child safe even when it is under-served.
            waiting_for_help = (stages == AWAITING) | (stages == INVESTIGATION)
            waited = np.where(waiting_for_help, (t1 - table.waiting_since[rows]) / HOURS_PER_WEEK, 0.0)
            waited = np.minimum(waited, p.escalation_wait_cap_weeks)
            hazard = p.escalation_hazard_week * (1.0 - helped) * (1.0 + p.escalation_wait_slope * waited)
            escalates = (u_escalate < -np.expm1(-hazard)) & (stages < FOSTER)
            need = need + np.where(escalates, jumps, 0.0)
        else:
            escalates = np.zeros(len(rows), dtype=bool)
        table.need[rows] = np.maximum(need, 0.0)
        when = t0 + u_time * HOURS_PER_WEEK

        self._complaints_for_overdue(rows, stages, t1, u_complain)
        self.escalation_referrals.extend(
            table.family_id[rows[escalates & (stages < FOSTER) & (u_refer < p.escalation_referral_prob)]]
            .tolist())

        aged = table.age[rows] >= p.age_out_years
        for row, time in zip(rows[aged], when[aged], strict=True):
            self.counts.aged_out += 1
            self._close_aged_out(int(row), float(time))
        live = ~aged
        rows, stages, service, demand = rows[live], stages[live], service[live], demand[live]
        when, u_visit, escalates = when[live], u_visit[live], escalates[live]

        acute = escalates & (stages >= ADVICE) & (stages < FOSTER) & (
            table.need[rows] >= p.acute_placement_need)
        for row, time in zip(rows[acute], when[acute], strict=True):
            self.counts.acute_placements += 1
            self._end_stage(int(row), float(time))
            self._assign_after_transition(int(row), float(time))
            self._place(int(row), float(time))
        keep = ~acute
        rows, stages, service, demand, u_visit = rows[keep], stages[keep], service[keep], demand[keep], u_visit[keep]

        self._investigations(rows[stages == INVESTIGATION], service[stages == INVESTIGATION],
                             demand[stages == INVESTIGATION], t0)
        self._advice_courses(rows[stages == ADVICE], t1)
        self._measure_endings(rows[stages >= PREVENTIVE], t1)
        placed = stages >= FOSTER
        self._visits(rows[placed], service[placed], u_visit[placed], t1)

    def _complaints_for_overdue(self, rows: np.ndarray, stages: np.ndarray, t1: float, u: np.ndarray) -> None:
        p, table = self.p, self.table
        pending = table.pending_referral[rows]
        referral_overdue = (pending >= 0) & (self.book.deadline[np.maximum(pending, 0)] < t1)
        investigation_overdue = (stages == INVESTIGATION) & (table.deadline[rows] < t1)
        overdue = referral_overdue | investigation_overdue
        chance = -np.expm1(-p.complaint_rate_year / WEEKS_PER_YEAR) + overdue * p.complaint_per_overdue_week
        for row in rows[u < chance]:
            self._complaint(int(table.family_id[row]), t1)

    def _close_aged_out(self, row: int, time: float) -> None:
        """The child turns 18: any waiting referral is closed with it."""
        table = self.table
        pending = int(table.pending_referral[row])
        if pending >= 0:
            table.pending_referral[row] = -1
            self.book.state[pending] = DONE  # the desks skip it, or drop it if at a desk
            self.book.close(pending, time, OUT.AGED_OUT)
        self._close(row, time)

    def _investigations(self, rows: np.ndarray, service: np.ndarray, demand: np.ndarray, t0: float) -> None:
        table = self.table
        done_hours = service * demand
        before = table.work_left[rows]
        table.work_left[rows] = before - done_hours
        finished = (done_hours > 0) & (table.work_left[rows] <= 1e-9)
        # Work goes at the investigation's weekly pace (scaled by service), so the last hours end mid-week.
        pace = service * self.p.investigation_hours_per_week
        times = t0 + HOURS_PER_WEEK * np.divide(before, pace, out=np.ones_like(before), where=pace > 0)
        for row, time in zip(rows[finished], np.minimum(times[finished], t0 + HOURS_PER_WEEK), strict=True):
            self.counts.investigations_completed += 1
            self.counts.investigations_on_time += int(time <= table.deadline[row])
            self._decide(int(row), float(time))

    def _advice_courses(self, rows: np.ndarray, t1: float) -> None:
        p, table = self.p, self.table
        ended = (t1 - table.stage_start[rows] >= p.advice_weeks * HOURS_PER_WEEK) | (table.need[rows] < p.close_need)
        for row in rows[ended]:
            if table.need[row] >= p.investigate_need:
                self._to_investigation(int(row), t1)
            else:
                self._close(int(row), t1)

    def _measure_endings(self, rows: np.ndarray, t1: float) -> None:
        for row in rows[self.table.need[rows] < self.p.close_need]:
            self._close(int(row), t1)

    def _visits(self, rows: np.ndarray, service: np.ndarray, u: np.ndarray, t1: float) -> None:
        """A supervision visit that is due happens with the chance that the case is served this week."""
        table = self.table
        due = table.next_visit[rows] < t1
        done = due & (u < service)
        self.counts.visits_outstanding += int(np.count_nonzero(due))
        self.counts.visits_done += int(np.count_nonzero(done))
        visited = rows[done]
        table.next_visit[visited] = np.maximum(table.next_visit[visited] + self.visit_interval, t1)
        self.log.add_many(t1, EV.SUPERVISION_VISIT, table.family_id[visited])
