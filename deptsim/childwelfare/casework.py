"""The work on families' cases, event by event, compiled with numba.

A referral arrives, an assessment is acted on, an investigation is decided, a
case is handed over or closed: each is a handful of array updates, but there are
hundreds a week, and as Python calls they were most of a run's time
(docs/performance.md). These functions do that work on the arrays of the case
table, the referral book, the interval books, the event log and the register of
known families, passed together as one `Casework` tuple; `Pathway` decides what
happens when, and these functions carry it out.

Draws made here (a hand-over at a new measure, a complaint after a change of
caseworker) are taken ahead from the model's own streams (`deptsim.streams.Uniforms`),
so each decision gets the number it got when this work was interpreted Python.

Every store must have room for what a call may add: `Pathway` reserves it first.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit
from numba.core import types
from numba.experimental import structref

from deptsim.childwelfare.family import ADVICE, AWAITING, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE
from deptsim.childwelfare.referrals import Outcome
from deptsim.eventlog import Event
from deptsim.workforce.intake import ACUTE, DONE, WAITING, join_line

NO_ONE = -1
HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0
HOURS_PER_YEAR = HOURS_PER_WEEK * WEEKS_PER_YEAR

# Plain ints are compile-time constants in numba; enum members are not.
REFERRAL, ASSESSMENT, ADVICE_START, ADVICE_END = (
    int(Event.REFERRAL), int(Event.ASSESSMENT), int(Event.ADVICE_START), int(Event.ADVICE_END))
INVESTIGATION_START, INVESTIGATION_END, DECISION = (
    int(Event.INVESTIGATION_START), int(Event.INVESTIGATION_END), int(Event.DECISION))
MEASURE_START, MEASURE_END, PLACEMENT_START, PLACEMENT_END = (
    int(Event.MEASURE_START), int(Event.MEASURE_END), int(Event.PLACEMENT_START), int(Event.PLACEMENT_END))
CASEWORKER_CHANGE, COMPLAINT, CLOSURE = int(Event.CASEWORKER_CHANGE), int(Event.COMPLAINT), int(Event.CLOSURE)
SUPERVISION_VISIT = int(Event.SUPERVISION_VISIT)

PENDING, CLOSED_WITHOUT_ACTION, TO_ADVICE, TO_INVESTIGATION = (
    int(Outcome.PENDING), int(Outcome.CLOSED_WITHOUT_ACTION), int(Outcome.ADVICE), int(Outcome.INVESTIGATION))
ADDED_TO_OPEN_CASE, MERGED, ACUTE_PLACEMENT, AGED_OUT = (
    int(Outcome.ADDED_TO_OPEN_CASE), int(Outcome.MERGED), int(Outcome.ACUTE_PLACEMENT), int(Outcome.AGED_OUT))

# Detail codes of a DECISION event (and of PLACEMENT_START: foster or institution).
NO_MEASURE, DECIDED_PREVENTIVE, DECIDED_FOSTER, DECIDED_INSTITUTION = 0, 1, 2, 3

# What happened to families this week: positions in `Casework.counts`.
COUNTS = (
    "referrals_arrived", "referrals_merged", "assessments", "assessments_on_time", "cases_opened",
    "investigations_started", "investigations_completed", "investigations_on_time", "placements_started",
    "acute_placements", "closures", "aged_out", "caseworker_changes", "complaints", "visits_outstanding",
    "visits_done",
)
(N_ARRIVED, N_MERGED, N_ASSESSED, N_ASSESSED_ON_TIME, N_OPENED, N_INV_STARTED, N_INV_COMPLETED, N_INV_ON_TIME,
 N_PLACED, N_ACUTE, N_CLOSED, N_AGED_OUT, N_CHANGES, N_COMPLAINTS, N_VISITS_DUE, N_VISITS_DONE) = range(len(COUNTS))


# The arrays the compiled work reads and writes: the model's stores' own arrays, not copies.
CASEWORK_FIELDS = (
    # the case table: one row per family in the department (deptsim.childwelfare.cases)
    "family_id",
    "stage",
    "need",
    "age",
    "holder",
    "opened",
    "stage_start",
    "waiting_since",
    "work_left",
    "deadline",
    "next_visit",
    "pending_referral",
    "investigation",
    "case",
    "changes",
    "orphaned",
    "active",
    "free_rows",  # a stack: the next row to use is on top
    "row_of",  # row of each family id, -1 when the family is not in the department
    "table_counters",  # [rows on the free stack, next family id]
    # the referral book (deptsim.childwelfare.referrals)
    "ref_arrival",
    "ref_family",
    "ref_acute",
    "ref_deadline",
    "ref_start",
    "ref_done",
    "ref_outcome",
    "ref_work",
    "ref_state",
    "ref_counters",  # [referrals, referrals closed]
    # § 50 investigations and cases (deptsim.childwelfare.pathway.IntervalBook)
    "inv_family",
    "inv_start",
    "inv_deadline",
    "inv_end",
    "inv_count",
    "case_family",
    "case_start",
    "case_deadline",
    "case_end",
    "case_count",
    # the event log (deptsim.eventlog)
    "log_time",
    "log_kind",
    "log_family",
    "log_caseworker",
    "log_detail",
    "log_count",
    # families whose case closed recently (deptsim.childwelfare.referrals.KnownFamilies)
    "known_family",
    "known_age",
    "known_closed",
    "known_count",
    # the staff (deptsim.workforce): cases held, this week's capacity, who is in post, in the team, absent
    "held",
    "capacity",
    "in_post",
    "intake_team",
    "absent",
    "caseworker_id",
    # the intake desks' acute line (deptsim.workforce.intake): a referral that turns acute joins it
    "acute_line",
    "lines",
    # this week's counts
    "counts",
    "wait_hours",  # [hours referrals assessed this week waited]
    # draws ahead from the complaints and hand-over streams (deptsim.streams.Uniforms)
    "complaint_draws",
    "complaint_used",
    "handover_draws",
    "handover_used",
)


@structref.register
class CaseworkType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class Casework(structref.StructRefProxy):
    """The arrays of `CASEWORK_FIELDS` in one compiled object.

    A numba StructRef is handed to compiled functions by reference: a NamedTuple of sixty
    arrays was unpacked at every call and made compiling take a minute.
    """


structref.define_proxy(Casework, CaseworkType, list(CASEWORK_FIELDS))


@njit(cache=True)
def bind(*arrays):
    """A Casework over the given arrays, in the order of CASEWORK_FIELDS (compiled once and cached)."""
    return Casework(*arrays)


class Rules(NamedTuple):
    """The parameter values the compiled work needs, derived once per parameter change."""

    acute_need: float
    acute_deadline_hours: float
    routine_deadline_hours: float
    acute_placement_need: float
    investigate_need: float
    advice_need: float
    measure_need: float
    placement_need: float
    institution_need: float
    investigation_work: float  # hours of a § 50 investigation, after any documentation relief
    investigation_deadline_hours: float
    visit_interval: float
    complaint_per_change: float
    handover_at_transition: float
    continuity: bool
    # the week's need dynamics and moves (Pathway.progress)
    effect: np.ndarray  # effect of a week's full service on need, by stage
    provider_effect_share: float
    natural_recovery_week: float
    need_escalation: bool
    escalation_hazard_week: float
    escalation_wait_slope: float
    escalation_wait_cap_weeks: float
    escalation_referral_prob: float
    age_out_years: float
    advice_course_hours: float
    close_need: float
    investigation_hours_per_week: float
    complaint_chance_week: float  # chance of a complaint in a week, before any deadline is overdue
    complaint_per_overdue_week: float


# --- the stores ------------------------------------------------------------------------
@njit(cache=True)
def log(w, time, kind, family, caseworker=NO_ONE, detail=0):
    i = w.log_count[0]
    w.log_time[i] = time
    w.log_kind[i] = kind
    w.log_family[i] = family
    w.log_caseworker[i] = caseworker
    w.log_detail[i] = detail
    w.log_count[0] = i + 1


@njit(cache=True)
def caseworker_of(w, row):
    holder = w.holder[row]
    return w.caseworker_id[holder] if holder >= 0 else NO_ONE


@njit(cache=True)
def open_family(w, need, age, stage, time, family_id):
    """Bring a family into the department (a new id when `family_id` is -1); returns its row."""
    if family_id < 0:
        family_id = w.table_counters[1]
        w.table_counters[1] = family_id + 1
    top = w.table_counters[0] - 1
    row = w.free_rows[top]
    w.table_counters[0] = top
    w.row_of[family_id] = row
    w.family_id[row] = family_id
    w.stage[row] = stage
    w.need[row] = need
    w.age[row] = age
    w.holder[row] = NO_ONE
    w.opened[row] = time
    w.stage_start[row] = time
    w.waiting_since[row] = time
    w.work_left[row] = 0.0
    w.deadline[row] = np.inf
    w.next_visit[row] = np.inf
    w.pending_referral[row] = -1
    w.investigation[row] = -1
    w.case[row] = -1
    w.changes[row] = 0
    w.orphaned[row] = False
    w.active[row] = True
    return row


@njit(cache=True)
def free_row(w, row):
    """The family leaves the department: its row goes back on the free stack."""
    w.row_of[w.family_id[row]] = -1
    w.active[row] = False
    w.stage[row] = -1
    w.holder[row] = NO_ONE
    w.pending_referral[row] = -1
    top = w.table_counters[0]
    w.free_rows[top] = row
    w.table_counters[0] = top + 1


@njit(cache=True)
def add_referral(w, arrival, family, acute, deadline, work):
    ref = w.ref_counters[0]
    w.ref_arrival[ref] = arrival
    w.ref_family[ref] = family
    w.ref_acute[ref] = acute
    w.ref_deadline[ref] = deadline
    w.ref_work[ref] = work
    w.ref_counters[0] = ref + 1
    return ref


@njit(cache=True)
def close_referral(w, ref, time, outcome):
    w.ref_done[ref] = time
    w.ref_outcome[ref] = outcome
    w.ref_counters[1] += 1


@njit(cache=True)
def add_investigation(w, family, start, deadline):
    i = w.inv_count[0]
    w.inv_family[i] = family
    w.inv_start[i] = start
    w.inv_deadline[i] = deadline
    w.inv_end[i] = -1.0
    w.inv_count[0] = i + 1
    return i


@njit(cache=True)
def add_case(w, family, start):
    i = w.case_count[0]
    w.case_family[i] = family
    w.case_start[i] = start
    w.case_deadline[i] = np.inf
    w.case_end[i] = -1.0
    w.case_count[0] = i + 1
    return i


@njit(cache=True)
def remember(w, family, age, time):
    i = w.known_count[0]
    w.known_family[i] = family
    w.known_age[i] = age
    w.known_closed[i] = time
    w.known_count[0] = i + 1


@njit(cache=True)
def take_known(w, index, now):
    """Remove a known family to reopen it (the last one moves into its place); returns its id and age now."""
    family = w.known_family[index]
    age = w.known_age[index] + (now - w.known_closed[index]) / HOURS_PER_YEAR
    last = w.known_count[0] - 1
    w.known_family[index] = w.known_family[last]
    w.known_age[index] = w.known_age[last]
    w.known_closed[index] = w.known_closed[last]
    w.known_count[0] = last
    return family, age


@njit(cache=True)
def draw(values, used):
    """The next draw taken ahead from a stream (deptsim.streams.Uniforms)."""
    i = used[0]
    used[0] = i + 1
    return values[i]


# --- caseworkers --------------------------------------------------------------------------
@njit(cache=True)
def _least_loaded(w, team, exclude):
    """Fewest cases per hour of capacity among the role's caseworkers at work (all in post if none is)."""
    n = len(w.capacity)
    anyone_at_work = False
    for pos in range(n):
        if w.in_post[pos] and w.intake_team[pos] == team and w.capacity[pos] > 0 and w.absent[pos] < 1.0:
            anyone_at_work = True
            break
    best, best_load = NO_ONE, 0.0
    for pos in range(n):
        if pos == exclude or not (w.in_post[pos] and w.intake_team[pos] == team and w.capacity[pos] > 0):
            continue
        if anyone_at_work and not w.absent[pos] < 1.0:
            continue
        load = w.held[pos] * (1.0 / w.capacity[pos])
        if best == NO_ONE or load < best_load:
            best, best_load = pos, load
    return best


@njit(cache=True)
def pick(w, team, exclude=NO_ONE):
    """The position that should take a case; an intake-team case goes to a regular when there is no team."""
    position = _least_loaded(w, team, exclude)
    if position == NO_ONE and team:
        position = _least_loaded(w, False, exclude)
    return position


@njit(cache=True)
def complain(w, family, time):
    w.counts[N_COMPLAINTS] += 1
    log(w, time, COMPLAINT, family)


@njit(cache=True)
def give(w, q, row, position, time, counts_as_change):
    old = w.holder[row]
    if old >= 0:
        w.held[old] -= 1
    w.holder[row] = position
    if position >= 0:
        w.held[position] += 1
        w.orphaned[row] = False
        if counts_as_change:
            w.changes[row] += 1
            w.counts[N_CHANGES] += 1
            family = w.family_id[row]
            log(w, time, CASEWORKER_CHANGE, family, caseworker_of(w, row))
            if draw(w.complaint_draws, w.complaint_used) < q.complaint_per_change:
                complain(w, family, time)


@njit(cache=True)
def assign(w, q, row, team, time, counts_as_change):
    give(w, q, row, pick(w, team), time, counts_as_change)


@njit(cache=True)
def reassign(w, q, row, time, team):
    """Move a case to another caseworker (a caseworker change for the family)."""
    position = pick(w, team, w.holder[row])
    if position != NO_ONE:
        give(w, q, row, position, time, True)


@njit(cache=True)
def assign_after_transition(w, q, row, time):
    """At a new measure the family changes caseworker unless the department keeps one per family."""
    holder = w.holder[row]
    if holder == NO_ONE:
        assign(w, q, row, False, time, False)
        return
    handed_over = draw(w.handover_draws, w.handover_used) < q.handover_at_transition
    if w.intake_team[holder] or (handed_over and not q.continuity):
        reassign(w, q, row, time, False)


# --- stages -----------------------------------------------------------------------------
@njit(cache=True)
def set_stage(w, row, stage, time):
    w.stage[row] = stage
    w.stage_start[row] = time


@njit(cache=True)
def end_investigation(w, row, time):
    book_row = w.investigation[row]
    if book_row < 0:
        return  # already ended (a decision closes the investigation before the case)
    w.inv_end[book_row] = time
    w.investigation[row] = -1
    log(w, time, INVESTIGATION_END, w.family_id[row], caseworker_of(w, row))


@njit(cache=True)
def end_stage(w, row, time):
    """Log the end of the family's current stage (the stage ends when the next begins)."""
    stage = w.stage[row]
    family, cw = w.family_id[row], caseworker_of(w, row)
    if stage == ADVICE:
        log(w, time, ADVICE_END, family, cw)
    elif stage == PREVENTIVE:
        log(w, time, MEASURE_END, family, cw)
    elif stage in (FOSTER, INSTITUTION):
        log(w, time, PLACEMENT_END, family, cw, stage - 2)
    elif stage == INVESTIGATION:
        end_investigation(w, row, time)


@njit(cache=True)
def start_investigation(w, q, row, time, logged):
    set_stage(w, row, INVESTIGATION, time)
    w.work_left[row] = q.investigation_work
    w.deadline[row] = time + q.investigation_deadline_hours
    w.investigation[row] = add_investigation(w, w.family_id[row], time, w.deadline[row])
    if logged:
        w.counts[N_INV_STARTED] += 1
        log(w, time, INVESTIGATION_START, w.family_id[row], caseworker_of(w, row))


@njit(cache=True)
def to_investigation(w, q, row, time):
    """Start a § 50 investigation; a family held by the intake team moves to a regular caseworker."""
    if w.stage[row] != AWAITING:
        w.waiting_since[row] = time  # help was under way; the wait for a decision starts now
    end_stage(w, row, time)
    start_investigation(w, q, row, time, True)
    holder = w.holder[row]
    if holder == NO_ONE:
        assign(w, q, row, False, time, False)
    elif w.intake_team[holder]:
        reassign(w, q, row, time, False)


@njit(cache=True)
def place(w, q, row, time):
    stage = INSTITUTION if w.need[row] >= q.institution_need else FOSTER
    set_stage(w, row, stage, time)
    w.next_visit[row] = time + q.visit_interval
    w.waiting_since[row] = time
    w.counts[N_PLACED] += 1
    log(w, time, PLACEMENT_START, w.family_id[row], caseworker_of(w, row),
        DECIDED_FOSTER if stage == FOSTER else DECIDED_INSTITUTION)


@njit(cache=True)
def place_acutely(w, q, row, time):
    w.counts[N_ACUTE] += 1
    end_stage(w, row, time)
    assign_after_transition(w, q, row, time)
    place(w, q, row, time)


@njit(cache=True)
def close(w, row, time):
    """The case closes. A family with a referral still waiting stays, awaiting its assessment."""
    family = w.family_id[row]
    if w.stage[row] != AWAITING:
        end_stage(w, row, time)
        w.case_end[w.case[row]] = time
        w.case[row] = -1
    holder = w.holder[row]
    if holder >= 0:
        w.held[holder] -= 1
    w.holder[row] = NO_ONE
    if w.pending_referral[row] >= 0:
        set_stage(w, row, AWAITING, time)
        w.waiting_since[row] = time
        return
    w.counts[N_CLOSED] += 1
    log(w, time, CLOSURE, family)
    remember(w, family, w.age[row], time)
    free_row(w, row)


@njit(cache=True)
def decide(w, q, row, time):
    """The investigation is done: decide on the family's need now."""
    need = w.need[row]
    family = w.family_id[row]
    end_investigation(w, row, time)
    if need < q.measure_need:
        log(w, time, DECISION, family, caseworker_of(w, row), NO_MEASURE)
        close(w, row, time)
        return
    if need < q.placement_need:
        log(w, time, DECISION, family, caseworker_of(w, row), DECIDED_PREVENTIVE)
        set_stage(w, row, PREVENTIVE, time)
        w.waiting_since[row] = time
        assign_after_transition(w, q, row, time)
        log(w, time, MEASURE_START, family, caseworker_of(w, row))
        return
    kind = DECIDED_INSTITUTION if need >= q.institution_need else DECIDED_FOSTER
    log(w, time, DECISION, family, caseworker_of(w, row), kind)
    assign_after_transition(w, q, row, time)
    place(w, q, row, time)


@njit(cache=True)
def close_aged_out(w, row, time):
    """The child turns 18: any waiting referral is closed with it."""
    pending = w.pending_referral[row]
    if pending >= 0:
        w.pending_referral[row] = -1
        w.ref_state[pending] = DONE  # the desks skip it, or drop it if at a desk
        close_referral(w, pending, time, AGED_OUT)
    close(w, row, time)


# --- the week's events ----------------------------------------------------------------------
@njit(cache=True)
def open_initial_cases(w, q, stages, needs, ages, starts, elapsed, work_factor, next_visit):
    """Open the department's stock of cases at the start (draws made by the caller, in its order)."""
    for i in range(len(stages)):
        stage = stages[i]
        row = open_family(w, needs[i], ages[i], stage, 0.0, -1)
        w.case[row] = add_case(w, w.family_id[row], 0.0)
        w.stage_start[row] = starts[i]
        if stage == INVESTIGATION:
            w.stage_start[row] = -elapsed[i]
            start_investigation(w, q, row, -elapsed[i], False)
            w.work_left[row] *= work_factor[i]
        if stage in (FOSTER, INSTITUTION):
            w.next_visit[row] = next_visit[i]
        w.opened[row] = w.stage_start[row]
        assign(w, q, row, stage == ADVICE, 0.0, False)


@njit(cache=True)
def receive_referrals(w, q, times, family_order, about_known, pick_u, needs, ages, work, open_rows, n_known, t0):
    """Register this week's referrals; returns (times, referral ids, acute) of those to assess.

    A referral is about a given family (`family_order`, an escalation), a family known to the
    department (an open case or a recently closed one, by `pick_u`) or a new family. One about a
    family whose referral is still waiting merges into it.
    """
    n = len(times)
    out_time = np.empty(n)
    out_job = np.empty(n, dtype=np.int64)
    out_acute = np.empty(n, dtype=np.bool_)
    n_out = 0
    n_open = len(open_rows)
    for i in range(n):
        time = times[i]
        family = family_order[i]
        row = -1
        if family >= 0:
            row = w.row_of[family]
            if row < 0:
                continue  # the family left the department before the referral came
        if family < 0 and about_known[i] and n_open + n_known > 0:
            k = int(pick_u[i] * (n_open + n_known))
            if k < n_open:
                row = open_rows[k]
                if not w.active[row]:
                    row = -1
            else:
                family, age = take_known(w, k - n_open, t0)
                n_known -= 1
                row = open_family(w, needs[i], age, AWAITING, time, family)
        if row < 0:
            row = open_family(w, needs[i], ages[i], AWAITING, time, -1)
        family = w.family_id[row]
        acute = w.need[row] >= q.acute_need
        deadline = time + (q.acute_deadline_hours if acute else q.routine_deadline_hours)
        ref = add_referral(w, time, family, acute, deadline, work[i])
        w.counts[N_ARRIVED] += 1
        log(w, time, REFERRAL, family, NO_ONE, ref)
        pending = w.pending_referral[row]
        if pending >= 0:
            close_referral(w, ref, time, MERGED)
            w.counts[N_MERGED] += 1
            if acute and not w.ref_acute[pending]:
                w.ref_acute[pending] = True
                w.ref_deadline[pending] = min(w.ref_deadline[pending], deadline)
                if w.ref_state[pending] == WAITING:
                    join_line(w.acute_line, w.lines, ACUTE, pending)
            continue
        w.pending_referral[row] = ref
        out_time[n_out] = time
        out_job[n_out] = ref
        out_acute[n_out] = acute
        n_out += 1
    return out_time[:n_out], out_job[:n_out], out_acute[:n_out]


@njit(cache=True)
def act_on_assessments(w, q, jobs, times):
    """Act on the assessments completed this week, in the order they were completed."""
    for k in range(len(jobs)):
        ref, time = jobs[k], times[k]
        if w.ref_outcome[ref] != PENDING:
            continue  # closed while at the desk (the child aged out)
        row = w.row_of[w.ref_family[ref]]
        w.pending_referral[row] = -1
        w.counts[N_ASSESSED] += 1
        w.wait_hours[0] += time - w.ref_arrival[ref]
        w.counts[N_ASSESSED_ON_TIME] += 1 if time <= w.ref_deadline[ref] else 0
        family = w.family_id[row]
        need = w.need[row]
        stage = w.stage[row]
        helped_at_home = stage in (ADVICE, PREVENTIVE)
        if stage == AWAITING:
            if need >= q.acute_placement_need:
                outcome = ACUTE_PLACEMENT
            elif need >= q.investigate_need:
                outcome = TO_INVESTIGATION
            elif need >= q.advice_need:
                outcome = TO_ADVICE
            else:
                outcome = CLOSED_WITHOUT_ACTION
        elif helped_at_home and need >= q.acute_placement_need:
            outcome = ACUTE_PLACEMENT
        elif helped_at_home and need >= q.investigate_need:
            outcome = TO_INVESTIGATION
        else:
            outcome = ADDED_TO_OPEN_CASE
        close_referral(w, ref, time, outcome)
        log(w, time, ASSESSMENT, family, NO_ONE, outcome)
        new_case = stage == AWAITING
        if new_case and outcome != CLOSED_WITHOUT_ACTION:
            w.case[row] = add_case(w, family, time)
        if outcome == CLOSED_WITHOUT_ACTION:
            close(w, row, time)
        elif outcome == TO_ADVICE:
            w.counts[N_OPENED] += 1
            set_stage(w, row, ADVICE, time)
            log(w, time, ADVICE_START, family)
            assign(w, q, row, True, time, False)
        elif outcome == TO_INVESTIGATION:
            w.counts[N_OPENED] += 1 if new_case else 0
            to_investigation(w, q, row, time)
        elif outcome == ACUTE_PLACEMENT:
            w.counts[N_OPENED] += 1 if new_case else 0
            w.counts[N_ACUTE] += 1
            end_stage(w, row, time)
            assign_after_transition(w, q, row, time)
            place(w, q, row, time)


@njit(cache=True)
def age_and_hazard(w, q, rows, stages, helped, t0):
    """A week older for every family at the start of the week; returns which of them progress this week
    (still in the stage they began it in, and there before it began) and each one's escalation hazard."""
    t1 = t0 + HOURS_PER_WEEK
    progressing = np.zeros(len(rows), dtype=np.bool_)
    hazard = np.zeros(len(rows))
    for i in range(len(rows)):
        row = rows[i]
        if not w.active[row]:
            continue
        w.age[row] += 1.0 / WEEKS_PER_YEAR
        progressing[i] = w.stage[row] == stages[i] and w.opened[row] < t0
        if progressing[i] and q.need_escalation:
            waiting_for_help = stages[i] == AWAITING or stages[i] == INVESTIGATION
            waited = (t1 - w.waiting_since[row]) / HOURS_PER_WEEK if waiting_for_help else 0.0
            waited = min(waited, q.escalation_wait_cap_weeks)
            hazard[i] = q.escalation_hazard_week * (1.0 - helped[i]) * (1.0 + q.escalation_wait_slope * waited)
    return progressing, hazard


@njit(cache=True)
def progress(w, q, rows, stages, demand, service, helped, progressing, escalation_chance, u_escalate, jumps,
             u_refer, u_time, u_visit, u_complain, t0):
    """Advance the families that progress this week: needs improve with help and escalate while
    children wait at home; complaints; then, in this order, children who turned 18 leave, acute
    placements, decisions on finished investigations, the end of § 11 courses, the end of measures
    and placements, and supervision visits. Returns the families whose escalation is referred."""
    t1 = t0 + HOURS_PER_WEEK
    keep = np.flatnonzero(progressing)
    escalates = np.zeros(len(rows), dtype=np.bool_)
    referred = np.empty(len(keep), dtype=np.int64)
    n_referred = 0
    for i in keep:
        row, stage = rows[i], stages[i]
        # Measures and placements are delivered by providers: part of their effect does not hang on follow-up.
        provided = q.provider_effect_share if stage >= PREVENTIVE else 0.0
        need = w.need[row] - q.effect[stage] * (provided + (1.0 - provided) * helped[i])
        need -= q.natural_recovery_week * (1.0 - helped[i]) if stage < FOSTER else 0.0
        # Only children at home escalate: a placement keeps the child safe even when it is under-served.
        escalates[i] = q.need_escalation and u_escalate[i] < escalation_chance[i] and stage < FOSTER
        need = need + (jumps[i] if escalates[i] else 0.0)
        w.need[row] = max(need, 0.0)
    for i in keep:
        row = rows[i]
        pending = w.pending_referral[row]
        overdue = (pending >= 0 and w.ref_deadline[max(pending, 0)] < t1) or (
            stages[i] == INVESTIGATION and w.deadline[row] < t1)
        if u_complain[i] < q.complaint_chance_week + (q.complaint_per_overdue_week if overdue else 0.0):
            complain(w, w.family_id[row], t1)
        if escalates[i] and u_refer[i] < q.escalation_referral_prob:
            referred[n_referred] = w.family_id[row]
            n_referred += 1
    live = np.empty(len(keep), dtype=np.int64)
    n_live = 0
    for i in keep:
        if w.age[rows[i]] >= q.age_out_years:
            w.counts[N_AGED_OUT] += 1
            close_aged_out(w, rows[i], t0 + u_time[i] * HOURS_PER_WEEK)
        else:
            live[n_live] = i
            n_live += 1
    staying = np.empty(n_live, dtype=np.int64)
    n_staying = 0
    for i in live[:n_live]:
        row, stage = rows[i], stages[i]
        if escalates[i] and ADVICE <= stage < FOSTER and w.need[row] >= q.acute_placement_need:
            place_acutely(w, q, row, t0 + u_time[i] * HOURS_PER_WEEK)
        else:
            staying[n_staying] = i
            n_staying += 1
    staying = staying[:n_staying]
    decided = np.empty(n_staying, dtype=np.int64)
    decided_at = np.empty(n_staying)
    n_decided = 0
    for i in staying:
        if stages[i] != INVESTIGATION:
            continue
        row = rows[i]
        done_hours = service[i] * demand[i]
        before = w.work_left[row]
        w.work_left[row] = before - done_hours
        if done_hours > 0 and w.work_left[row] <= 1e-9:
            # Work goes at the investigation's weekly pace (scaled by service), so the last hours end mid-week.
            pace = service[i] * q.investigation_hours_per_week
            time = t0 + HOURS_PER_WEEK * (before / pace if pace > 0 else 1.0)
            decided[n_decided] = row
            decided_at[n_decided] = min(time, t0 + HOURS_PER_WEEK)
            n_decided += 1
    for k in range(n_decided):
        row, time = decided[k], decided_at[k]
        w.counts[N_INV_COMPLETED] += 1
        w.counts[N_INV_ON_TIME] += 1 if time <= w.deadline[row] else 0
        decide(w, q, row, time)
    course_over = np.zeros(n_staying, dtype=np.bool_)
    for k in range(n_staying):
        row = rows[staying[k]]
        course_over[k] = stages[staying[k]] == ADVICE and (
            t1 - w.stage_start[row] >= q.advice_course_hours or w.need[row] < q.close_need)
    no_longer_needed = np.zeros(n_staying, dtype=np.bool_)
    for k in range(n_staying):
        row = rows[staying[k]]
        no_longer_needed[k] = stages[staying[k]] >= PREVENTIVE and w.need[row] < q.close_need
    for k in range(n_staying):
        if course_over[k]:
            row = rows[staying[k]]
            if w.need[row] >= q.investigate_need:
                to_investigation(w, q, row, t1)
            else:
                close(w, row, t1)
    for k in range(n_staying):
        if no_longer_needed[k]:
            close(w, rows[staying[k]], t1)
    for i in staying:
        # A supervision visit that is due happens with the chance that the case is served this week.
        row = rows[i]
        if stages[i] < FOSTER or not w.next_visit[row] < t1:
            continue
        w.counts[N_VISITS_DUE] += 1
        if u_visit[i] < service[i]:
            w.counts[N_VISITS_DONE] += 1
            w.next_visit[row] = max(w.next_visit[row] + q.visit_interval, t1)
            log(w, t1, SUPERVISION_VISIT, w.family_id[row])
    return referred[:n_referred]


@njit(cache=True)
def hand_over_all(w, q, position, time):
    """A caseworker leaves: every case goes to a colleague, or waits unassigned if nobody is in post."""
    team = w.intake_team[position]
    for row in range(len(w.holder)):
        if w.holder[row] != position:
            continue
        w.held[position] -= 1
        w.holder[row] = NO_ONE
        w.orphaned[row] = True
        give(w, q, row, pick(w, team, position), time, True)


@njit(cache=True)
def hand_over_to_regulars(w, q, positions, time):
    """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
    for position in positions:
        for row in range(len(w.holder)):
            if w.holder[row] == position and w.stage[row] > ADVICE:
                reassign(w, q, row, time, False)


@njit(cache=True)
def assign_waiting_cases(w, q, time):
    """Cases left without a caseworker go to the new hires (each a change of caseworker)."""
    for row in range(len(w.holder)):
        if w.holder[row] != NO_ONE or w.stage[row] < ADVICE:
            continue
        position = pick(w, w.stage[row] == ADVICE)
        if position == NO_ONE:
            return
        # a change only for a family whose caseworker left; a first caseworker is not a change
        give(w, q, row, position, time, w.orphaned[row])
