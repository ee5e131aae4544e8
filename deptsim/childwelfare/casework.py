"""The work on one family's case, compiled with numba: opening and closing it, moving it between
stages, giving it to a caseworker, logging what happened.

Each is a handful of array updates, but there are hundreds a week, and as Python calls they
were most of a run's time (docs/performance.md). These functions work on the arrays of the case
table, the referral book, the interval books, the event log and the register of known
families, passed together as one `Casework` (a numba StructRef); `deptsim.childwelfare.week`
strings them into the week's steps and `Pathway` decides what happens when.

Draws made here (a hand-over at a new measure, a complaint after a change of
caseworker) are taken ahead from the model's own streams (`deptsim.streams.Uniforms`),
so each decision gets the number it got when this work was interpreted Python.

Every store must have room for what a call may add: `Pathway` reserves it first.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.experimental import structref

from deptsim.childwelfare.family import ADVICE, AWAITING, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE
from deptsim.childwelfare.referrals import Outcome
from deptsim.eventlog import Event
from deptsim.structs import FieldsType
from deptsim.workforce.assignment import build_trees, least_loaded, load_changed
from deptsim.workforce.intake import DONE

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
    # the case table, one row per family in the department (deptsim.childwelfare.cases); free_rows is a
    # stack (the next row to use on top), row_of the row of each family id (-1 when not in the department),
    # table_counters [rows on the free stack, next family id]
    "family_id", "stage", "need", "age", "holder", "opened", "stage_start", "waiting_since", "work_left",
    "deadline", "next_visit", "pending_referral", "investigation", "case", "changes", "orphaned", "active",
    "free_rows", "row_of", "table_counters",
    # the referral book (deptsim.childwelfare.referrals); ref_counters [referrals, referrals closed]
    "ref_arrival", "ref_family", "ref_acute", "ref_deadline", "ref_start", "ref_done", "ref_outcome", "ref_work",
    "ref_state", "ref_counters",
    # § 50 investigations and cases (deptsim.childwelfare.pathway.IntervalBook)
    "inv_family", "inv_start", "inv_deadline", "inv_end", "inv_count",
    "case_family", "case_start", "case_deadline", "case_end", "case_count",
    # the event log (deptsim.eventlog)
    "log_time", "log_kind", "log_family", "log_caseworker", "log_detail", "log_count",
    # families whose case closed recently (deptsim.childwelfare.referrals.KnownFamilies)
    "known_family", "known_age", "known_closed", "known_count",
    # the staff (deptsim.workforce): cases held, this week's capacity, who is in post, in the team, absent,
    # and the trees the least loaded is read from (deptsim.workforce.assignment)
    "held", "capacity", "in_post", "intake_team", "absent", "caseworker_id", "pick_trees",
    # the intake desks' lines (deptsim.workforce.intake): a referral that turns acute joins the acute line
    "acute_line", "routine_line", "lines",
    # this week's counts (COUNTS) and the hours the referrals assessed this week waited
    "counts", "wait_hours",
    # draws taken ahead from the complaints and hand-over streams (deptsim.streams.Uniforms)
    "complaint_draws", "complaint_used", "handover_draws", "handover_used",
)


@structref.register
class CaseworkType(FieldsType):
    """The compiled type of `Casework`."""


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


# The parameter values the compiled work needs, derived once per parameter change (Pathway.set_params).
RULES_FIELDS = (
    "acute_need", "acute_deadline_hours", "routine_deadline_hours", "acute_placement_need", "investigate_need",
    "advice_need", "measure_need", "placement_need", "institution_need",
    "investigation_work",  # hours of a § 50 investigation, after any documentation relief
    "investigation_deadline_hours", "visit_interval", "complaint_per_change", "handover_at_transition",
    "continuity",
    # the hours each family wants (week.hours_wanted)
    "hours",  # hours a week a case wants, by stage (investigations: their own pace)
    "priority",  # priority class of a case, by stage (0 is served first)
    "visit_work",  # hours of a supervision visit, after any documentation relief
    # the week's need dynamics and moves (week.progress)
    "effect",  # effect of a week's full service on need, by stage
    "help_returns",  # exponent of the share of its hours a family gets, in the effect of help
    "provider_effect_share", "natural_recovery_week", "need_escalation", "escalation_hazard_week",
    "escalation_wait_slope", "escalation_wait_cap_weeks", "escalation_referral_prob", "age_out_years",
    "advice_course_hours", "close_need", "investigation_hours_per_week",
    "complaint_chance_week",  # chance of a complaint in a week, before any deadline is overdue
    "complaint_per_overdue_week", "escalation_jump",
    # the week's referrals (week.receive_referrals)
    "rereferral_share", "need_shape", "need_scale",
    "known_memory_hours",  # how long a closed family is remembered, so that a new referral may concern it
    "assessment_work_shape", "assessment_work_scale",  # gamma distribution of an assessment's hours
    # the week's hours (deptsim.workforce.workload): the duty share and the allocation
    "assessment_hours", "intake_team_duty_share", "intake_duty_share", "intake_max_share", "spread_sick_cases",
    "spare_to_intake",
)


@structref.register
class RulesType(FieldsType):
    """The compiled type of `Rules`."""


class Rules(structref.StructRefProxy):
    """The values of `RULES_FIELDS` in one compiled object.

    Passed by reference like `Casework`: as a NamedTuple of over thirty fields it was unpacked
    at every call, which cost 5 µs a call, more than most of the calls' own work.
    """


structref.define_proxy(Rules, RulesType, list(RULES_FIELDS))


@njit(cache=True)
def _bind_rules(*values):
    return Rules(*values)


def rules(**values) -> Rules:
    """Rules from the values of every field of RULES_FIELDS, by name."""
    if values.keys() != set(RULES_FIELDS):
        raise TypeError(f"rules need exactly the fields {RULES_FIELDS}, not {sorted(values)}")
    return _bind_rules(*(values[name] for name in RULES_FIELDS))


# --- the stores ------------------------------------------------------------------------
@njit(cache=True)
def has_room(w, families, acts, events, draws, in_line):
    """Whether every store already has room for what a step may add: `families` entering (rows, ids,
    referrals), `acts` in the interval books and the known families, `events` in the log, `draws` taken
    from each stream taken ahead, and `in_line` more referrals in each intake line. One compiled check
    instead of a Python call per store: Pathway reserves (and rebinds) only when it says no."""
    lines = w.lines
    return (w.table_counters[0] >= families and w.table_counters[1] + families <= len(w.row_of)
            and w.ref_counters[0] + families <= len(w.ref_arrival)
            and lines[1] + in_line <= len(w.acute_line) and lines[3] + in_line <= len(w.routine_line)
            and w.log_count[0] + events <= len(w.log_time)
            and w.inv_count[0] + acts <= len(w.inv_family) and w.case_count[0] + acts <= len(w.case_family)
            and w.known_count[0] + acts <= len(w.known_family)
            and w.complaint_used[0] + draws <= len(w.complaint_draws)
            and w.handover_used[0] + draws <= len(w.handover_draws))


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
def ready_to_pick(w):
    """Build the least-loaded trees from the staff as they are now: every compiled step that may give a case
    to someone calls this first (who is in post, at work or on the team changes only between such steps)."""
    build_trees(w.pick_trees, w.held, w.capacity, w.in_post, w.intake_team, w.absent)


@njit(cache=True)
def pick(w, team, exclude=NO_ONE):
    """The position that should take a case; an intake-team case goes to a regular when there is no team."""
    position = least_loaded(w.pick_trees, w.held, w.capacity, team, exclude)
    if position == NO_ONE and team:
        position = least_loaded(w.pick_trees, w.held, w.capacity, False, exclude)
    return position


@njit(cache=True)
def count_held(w, position, change):
    """A position gains (+1) or loses (-1) a case: its count, and its place in the least-loaded trees."""
    w.held[position] += change
    load_changed(w.pick_trees, w.held, w.capacity, w.intake_team, position)


@njit(cache=True)
def complain(w, family, time):
    w.counts[N_COMPLAINTS] += 1
    log(w, time, COMPLAINT, family)


@njit(cache=True)
def give(w, q, row, position, time, counts_as_change):
    old = w.holder[row]
    if old >= 0:
        count_held(w, old, -1)
    w.holder[row] = position
    if position >= 0:
        count_held(w, position, 1)
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
        count_held(w, holder, -1)
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
