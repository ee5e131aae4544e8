"""The week's casework, compiled: referrals registered, assessments acted on, families progressed,
cases handed over when caseworkers come and go.

Each function is one step of `DepartmentModel.step` for all the families it concerns, in the order
the interpreted model took them, built from the operations on single cases in
`deptsim.childwelfare.casework`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from deptsim.childwelfare.casework import (
    ACUTE_PLACEMENT,
    ADDED_TO_OPEN_CASE,
    ADVICE_START,
    ASSESSMENT,
    CLOSED_WITHOUT_ACTION,
    HOURS_PER_WEEK,
    MERGED,
    N_AGED_OUT,
    N_ARRIVED,
    N_ASSESSED,
    N_ASSESSED_ON_TIME,
    N_INV_COMPLETED,
    N_INV_ON_TIME,
    N_MERGED,
    N_OPENED,
    N_VISITS_DONE,
    N_VISITS_DUE,
    NO_ONE,
    PENDING,
    REFERRAL,
    SUPERVISION_VISIT,
    TO_ADVICE,
    TO_INVESTIGATION,
    WEEKS_PER_YEAR,
    add_case,
    add_referral,
    assign,
    close,
    close_aged_out,
    close_referral,
    complain,
    count_held,
    decide,
    give,
    log,
    open_family,
    pick,
    place_acutely,
    ready_to_pick,
    reassign,
    set_stage,
    start_investigation,
    take_known,
    to_investigation,
)
from deptsim.childwelfare.family import ADVICE, AWAITING, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE
from deptsim.streams import occurs
from deptsim.sums import numpy_sum
from deptsim.workforce.intake import ACUTE, WAITING, desk_rates, join_line, serve_week
from deptsim.workforce.workload import allocate_hours, duty_shares


@njit(cache=True)
def open_initial_cases(w, q, stages, needs, ages, starts, elapsed, work_factor, next_visit):
    """Open the department's stock of cases at the start (draws made by the caller, in its order)."""
    ready_to_pick(w)
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
def referral_draws(g, q, n, escalated, t0):
    """The draws for this week's n referrals, stream by stream in the order they have always been taken:
    arrival times (sorted), whether each is about a known family and which, needs, ages, assessment work,
    and the places of the escalation referrals among them (-1 elsewhere in `family_order`)."""
    times = np.sort(t0 + g.arrivals.random(n) * HOURS_PER_WEEK)
    about_known = g.rereferral.random(n) < q.rereferral_share
    pick_u = g.rereferral.random(n)
    needs = g.need.gamma(q.need_shape, q.need_scale, n) if q.need_scale > 0 else np.zeros(n)
    ages = g.age.uniform(0.0, q.age_out_years, n)
    work = g.assessment_work.gamma(q.assessment_work_shape, q.assessment_work_scale, n)
    family_order = np.full(n, -1, dtype=np.int64)
    if len(escalated):
        family_order[g.arrivals.permutation(n)[:len(escalated)]] = escalated
    return times, family_order, about_known, pick_u, needs, ages, work


@njit(cache=True)
def receive_referrals(w, q, g, n, escalated, n_known, t0):
    """Draw and register this week's referrals; returns (times, referral ids, acute) of those to assess.

    A referral is about a given family (an escalation), a family known to the department (an open
    case or a recently closed one) or a new family. One about a family whose referral is still
    waiting merges into it.
    """
    times, family_order, about_known, pick_u, needs, ages, work = referral_draws(g, q, n, escalated, t0)
    out_time = np.empty(n)
    out_job = np.empty(n, dtype=np.int64)
    out_acute = np.empty(n, dtype=np.bool_)
    n_out = 0
    open_rows = np.flatnonzero(w.active)  # the families in the department as the week begins
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
            place_acutely(w, q, row, time)


@njit(cache=True)
def hours_wanted(w, q, t1):
    """Every family in the department (by row), its stage, caseworker, hours wanted this week and priority.

    Families awaiting assessment want no casework (their assessment is the intake queue's job) but are
    included so their needs evolve; a placement with a supervision visit due wants the visit, first.
    """
    # The loops read arrays taken from the Casework once: each read of a field costs a reference count.
    stage_of, holder_of, work_left, next_visit = w.stage, w.holder, w.work_left, w.next_visit
    hours, priority_of = q.hours, q.priority
    rows = np.flatnonzero(w.active)
    n = len(rows)
    stages = np.empty(n, dtype=np.int8)
    holder = np.empty(n, dtype=np.int64)
    demand = np.empty(n)
    priority = np.empty(n, dtype=np.int64)
    for k in range(n):
        row = rows[k]
        stage = stage_of[row]
        stages[k] = stage
        holder[k] = holder_of[row]
        wanted = hours[stage]
        if stage == INVESTIGATION:
            wanted = min(work_left[row], q.investigation_hours_per_week)
        priority[k] = priority_of[stage]
        if stage >= FOSTER and next_visit[row] < t1:
            wanted += q.visit_work
            priority[k] = 1
        demand[k] = wanted
    return rows, stages, holder, demand, priority


@njit(cache=True)
def returns_to_help(service, exponent):
    """Each family's `service ** exponent`, as numpy's `array ** scalar` gives it: numpy takes the square root for
    an exponent of 0.5 (the default) and the square for 2, which differ in the last bit from pow, and the C
    library's pow otherwise. (Its other shortcuts, for -1, 0 and 1, are outside the parameter's range or
    equal to pow.)"""
    helped = np.empty(len(service))
    for i in range(len(service)):
        s = service[i]
        if exponent == 0.5:
            helped[i] = np.sqrt(s)
        elif exponent == 2.0:
            helped[i] = s * s
        else:
            helped[i] = s**exponent
    return helped


@njit(cache=True)
def age_and_hazard(w, q, rows, stages, helped, t0):
    """A week older for every family at the start of the week; returns which of them progress this week
    (still in the stage they began it in, and there before it began) and each one's escalation hazard."""
    active, age, stage_of, opened, waiting_since = w.active, w.age, w.stage, w.opened, w.waiting_since
    t1 = t0 + HOURS_PER_WEEK
    progressing = np.zeros(len(rows), dtype=np.bool_)
    hazard = np.zeros(len(rows))
    for i in range(len(rows)):
        row = rows[i]
        if not active[row]:
            continue
        age[row] += 1.0 / WEEKS_PER_YEAR
        progressing[i] = stage_of[row] == stages[i] and opened[row] < t0
        if progressing[i] and q.need_escalation:
            waiting_for_help = stages[i] == AWAITING or stages[i] == INVESTIGATION
            waited = (t1 - waiting_since[row]) / HOURS_PER_WEEK if waiting_for_help else 0.0
            waited = min(waited, q.escalation_wait_cap_weeks)
            hazard[i] = q.escalation_hazard_week * (1.0 - helped[i]) * (1.0 + q.escalation_wait_slope * waited)
    return progressing, hazard


@njit(cache=True)
def progress(w, q, g, rows, stages, demand, service, u_complain, t0):
    """Advance every family that was in the department at the start of the week (`rows`, in `stages`, with
    their `demand` and the `service` share they got): each is a week older, and those that progress (still in
    that stage, and there before the week began) see their needs improve with help and escalate while children
    wait at home; complaints; then, in this order, children who turned 18 leave, acute placements, decisions on
    finished investigations, the end of § 11 courses, the end of measures and placements, and supervision
    visits. Returns the families whose escalation is referred."""
    helped = returns_to_help(service, q.help_returns)
    progressing, hazard = age_and_hazard(w, q, rows, stages, helped, t0)
    # arrays taken from the Casework once (each read of a field costs a reference count); the casework
    # calls below change them in place, never replace them
    need_of, age, family_id, deadline, work_left = w.need, w.age, w.family_id, w.deadline, w.work_left
    pending_referral, ref_deadline, stage_start = w.pending_referral, w.ref_deadline, w.stage_start
    next_visit, counts = w.next_visit, w.counts
    effect = q.effect
    # one draw of each kind per family, used or not, so a reform does not shift the others' draws
    n = len(rows)
    u_escalate = g.escalation.random(n)
    jumps = g.escalation.exponential(1.0, n) * q.escalation_jump
    u_refer = g.escalation.random(n)
    u_time = g.escalation.random(n)
    u_visit = g.visits.random(n)
    t1 = t0 + HOURS_PER_WEEK
    keep = np.flatnonzero(progressing)
    escalates = np.zeros(len(rows), dtype=np.bool_)
    referred = np.empty(len(keep), dtype=np.int64)
    n_referred = 0
    for i in keep:
        row, stage = rows[i], stages[i]
        # Measures and placements are delivered by providers: part of their effect does not hang on follow-up.
        provided = q.provider_effect_share if stage >= PREVENTIVE else 0.0
        need = need_of[row] - effect[stage] * (provided + (1.0 - provided) * helped[i])
        need -= q.natural_recovery_week * (1.0 - helped[i]) if stage < FOSTER else 0.0
        # Only children at home escalate: a placement keeps the child safe even when it is under-served.
        escalates[i] = q.need_escalation and stage < FOSTER and occurs(u_escalate[i], hazard[i])
        need = need + (jumps[i] if escalates[i] else 0.0)
        need_of[row] = max(need, 0.0)
    for i in keep:
        row = rows[i]
        pending = pending_referral[row]
        overdue = (pending >= 0 and ref_deadline[max(pending, 0)] < t1) or (
            stages[i] == INVESTIGATION and deadline[row] < t1)
        if u_complain[i] < q.complaint_chance_week + (q.complaint_per_overdue_week if overdue else 0.0):
            complain(w, family_id[row], t1)
        if escalates[i] and u_refer[i] < q.escalation_referral_prob:
            referred[n_referred] = family_id[row]
            n_referred += 1
    live = np.empty(len(keep), dtype=np.int64)
    n_live = 0
    for i in keep:
        if age[rows[i]] >= q.age_out_years:
            counts[N_AGED_OUT] += 1
            close_aged_out(w, rows[i], t0 + u_time[i] * HOURS_PER_WEEK)
        else:
            live[n_live] = i
            n_live += 1
    staying = np.empty(n_live, dtype=np.int64)
    n_staying = 0
    for i in live[:n_live]:
        row, stage = rows[i], stages[i]
        if escalates[i] and ADVICE <= stage < FOSTER and need_of[row] >= q.acute_placement_need:
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
        before = work_left[row]
        work_left[row] = before - done_hours
        if done_hours > 0 and work_left[row] <= 1e-9:
            # Work goes at the investigation's weekly pace (scaled by service), so the last hours end mid-week.
            pace = service[i] * q.investigation_hours_per_week
            time = t0 + HOURS_PER_WEEK * (before / pace if pace > 0 else 1.0)
            decided[n_decided] = row
            decided_at[n_decided] = min(time, t0 + HOURS_PER_WEEK)
            n_decided += 1
    for k in range(n_decided):
        row, time = decided[k], decided_at[k]
        counts[N_INV_COMPLETED] += 1
        counts[N_INV_ON_TIME] += 1 if time <= deadline[row] else 0
        decide(w, q, row, time)
    course_over = np.zeros(n_staying, dtype=np.bool_)
    for k in range(n_staying):
        row = rows[staying[k]]
        course_over[k] = stages[staying[k]] == ADVICE and (
            t1 - stage_start[row] >= q.advice_course_hours or need_of[row] < q.close_need)
    no_longer_needed = np.zeros(n_staying, dtype=np.bool_)
    for k in range(n_staying):
        row = rows[staying[k]]
        no_longer_needed[k] = stages[staying[k]] >= PREVENTIVE and need_of[row] < q.close_need
    for k in range(n_staying):
        if course_over[k]:
            row = rows[staying[k]]
            if need_of[row] >= q.investigate_need:
                to_investigation(w, q, row, t1)
            else:
                close(w, row, t1)
    for k in range(n_staying):
        if no_longer_needed[k]:
            close(w, rows[staying[k]], t1)
    for i in staying:
        # A supervision visit that is due happens with the chance that the case is served this week.
        row = rows[i]
        if stages[i] < FOSTER or not next_visit[row] < t1:
            continue
        counts[N_VISITS_DUE] += 1
        if u_visit[i] < service[i]:
            counts[N_VISITS_DONE] += 1
            next_visit[row] = max(next_visit[row] + q.visit_interval, t1)
            log(w, t1, SUPERVISION_VISIT, family_id[row])
    return referred[:n_referred]


@njit(cache=True)
def forget_known(w, now, memory_hours, age_out):
    """Keep, in order, the recently closed families still within memory and not yet grown up; returns how many."""
    family_id, age, closed = w.known_family, w.known_age, w.known_closed
    kept = 0
    for i in range(w.known_count[0]):
        if now - closed[i] <= memory_hours and age[i] + (now - closed[i]) / (HOURS_PER_WEEK * 52.0) < age_out:
            family_id[kept], age[kept], closed[kept] = family_id[i], age[i], closed[i]
            kept += 1
    w.known_count[0] = kept
    return kept


@njit(cache=True)
def casework_week(w, q, g, n, escalated, t0, desk_job, desk_hours, n_priorities):
    """The week's casework in one step (DepartmentModel.step, steps 2-4): this week's `n` referrals
    arrive (`escalated` the families whose escalation is referred), about new families or families
    the department knows; every family asks for its hours; each position gives its duty share
    to intake and serves its cases; the desks assess; the assessments are acted on; and the families
    progress.

    The stores must have room for the referrals and, for each family in the department, one
    assessment, one week's progress and its draws (Pathway.casework_week makes it). Returns the
    positions' overload, the hours given to intake, the hours of casework wanted and served, the
    families whose escalation is referred, and each desk's referral in progress at the week's end.
    """
    ready_to_pick(w)
    n_known = forget_known(w, t0, q.known_memory_hours, q.age_out_years)
    times, jobs, acute = receive_referrals(w, q, g, n, escalated, n_known, t0)
    t1 = t0 + HOURS_PER_WEEK
    rows, stages, holder, demand, priority = hours_wanted(w, q, t1)
    waiting = 0
    for ref in w.pending_referral:
        waiting += ref >= 0
    available = w.capacity * (1.0 - w.absent)
    duty = duty_shares(w.intake_team, available, waiting * q.assessment_hours, q.intake_team_duty_share,
                       q.intake_duty_share, q.intake_max_share)
    service, overload, intake, served = allocate_hours(
        available, w.capacity, w.absent, duty, holder, demand, priority, n_priorities, q.spread_sick_cases,
        q.spare_to_intake, w.stage_start[rows])  # a caseworker takes deadline work oldest first
    intake_hours = numpy_sum(intake)
    done, done_times, desk_job = serve_week(
        t0, desk_rates(intake_hours, desk_hours), desk_job, times, jobs, acute, w.ref_work, w.ref_state,
        w.ref_start, w.ref_acute, w.acute_line, w.routine_line, w.lines)
    act_on_assessments(w, q, done, done_times)
    used = w.complaint_used[0]
    u_complain = w.complaint_draws[used:used + len(rows)].copy()
    w.complaint_used[0] = used + len(rows)
    referred = progress(w, q, g, rows, stages, demand, service, u_complain, t0)
    return overload, intake_hours, numpy_sum(demand), served, referred, desk_job


@njit(cache=True)
def hand_over_all(w, q, position, time):
    """A caseworker leaves: every case goes to a colleague, or waits unassigned if nobody is in post."""
    ready_to_pick(w)
    team = w.intake_team[position]
    for row in range(len(w.holder)):
        if w.holder[row] != position:
            continue
        count_held(w, position, -1)
        w.holder[row] = NO_ONE
        w.orphaned[row] = True
        give(w, q, row, pick(w, team, position), time, True)


@njit(cache=True)
def hand_over_to_regulars(w, q, positions, time):
    """New intake-team members keep their § 11 cases and hand the others to regular colleagues."""
    ready_to_pick(w)
    for position in positions:
        for row in range(len(w.holder)):
            if w.holder[row] == position and w.stage[row] > ADVICE:
                reassign(w, q, row, time, False)


@njit(cache=True)
def assign_waiting_cases(w, q, time):
    """Cases left without a caseworker go to the new hires (each a change of caseworker)."""
    ready_to_pick(w)
    for row in range(len(w.holder)):
        if w.holder[row] != NO_ONE or w.stage[row] < ADVICE:
            continue
        position = pick(w, w.stage[row] == ADVICE)
        if position == NO_ONE:
            return
        # a change only for a family whose caseworker left; a first caseworker is not a change
        give(w, q, row, position, time, w.orphaned[row])
