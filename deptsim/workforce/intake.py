"""Intake desks: a multi-server queue in continuous time.

The hours that caseworkers give to intake in a week are pooled into desks, each
working at the pace of one full-time caseworker (the last desk part-time). A
referral waits in one of two first-come-first-served lines, acute before
routine, and is assessed by the first free desk; its assessment needs a random
amount of work. Within a week desks keep their pace, so with constant staff and
exponential work the desks form an M/M/c queue; at a week's end the pace is
set anew and work in progress carries over.

The week's event loop is compiled with numba (a few dozen events a week, each a
few array updates); the lines are ring buffers so that it needs no Python objects.
"""

from __future__ import annotations

import numpy as np
from numba import njit

HOURS_PER_WEEK = 168.0

WAITING, IN_SERVICE, DONE = 0, 1, 2

# The two lines, and their [head, length] in the `lines` counters.
ACUTE, ROUTINE = 0, 1


class IntakeDesks:
    """The lines of referrals waiting for assessment and the desks' pace and work in progress.

    Jobs are referral ids. A week is served by `serve_week` at `desk_rates`, called from the compiled
    casework (deptsim.childwelfare.week.casework_week), which passes in the per-referral arrays
    (`work`, `state`, `start`, `acute`) and updates them in place.
    """

    def __init__(self, desk_hours: float, capacity: int = 64) -> None:
        self.desk_hours = desk_hours
        self.acute_line = np.zeros(capacity, dtype=np.int64)
        self.routine_line = np.zeros(capacity, dtype=np.int64)
        self.lines = np.zeros(4, dtype=np.int64)  # acute head, acute length, routine head, routine length
        self.desk_job = np.zeros(0, dtype=np.int64)

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more referrals in each line (ring buffers unrolled into larger ones)."""
        for which, name in ((ACUTE, "acute_line"), (ROUTINE, "routine_line")):
            line = getattr(self, name)
            head, length = self.lines[2 * which], self.lines[2 * which + 1]
            if length + extra > len(line):
                grown = np.zeros(max(2 * len(line), length + extra), dtype=np.int64)
                grown[:length] = line[(head + np.arange(length)) % len(line)]
                setattr(self, name, grown)
                self.lines[2 * which] = 0


@njit(cache=True)
def desk_rates(intake_hours, desk_hours):
    """The week's desks and their pace (work hours per hour): the intake hours pooled into desks of
    `desk_hours` a week each, the last one part-time (left out below 1e-9 hours)."""
    if desk_hours <= 0:
        return np.zeros(0)
    full, part = divmod(max(intake_hours, 0.0), desk_hours)
    n_full = int(full)
    rates = np.full(n_full + (1 if part > 1e-9 else 0), desk_hours / HOURS_PER_WEEK)
    if part > 1e-9:
        rates[n_full] = part / HOURS_PER_WEEK
    return rates


@njit(cache=True)
def join_line(line, lines, which, job):
    """Put a referral at the back of its line."""
    lines[2 * which + 1] += 1
    line[(lines[2 * which] + lines[2 * which + 1] - 1) % len(line)] = job


@njit(cache=True)
def _join_front(line, lines, which, job):
    lines[2 * which] = (lines[2 * which] - 1) % len(line)
    lines[2 * which + 1] += 1
    line[lines[2 * which]] = job


@njit(cache=True)
def _next_in_line(acute_line, routine_line, lines):
    """The next referral in line, acute first; -1 when both lines are empty."""
    if lines[2 * ACUTE + 1] > 0:
        line, which = acute_line, ACUTE
    elif lines[2 * ROUTINE + 1] > 0:
        line, which = routine_line, ROUTINE
    else:
        return -1
    job = line[lines[2 * which]]
    lines[2 * which] = (lines[2 * which] + 1) % len(line)
    lines[2 * which + 1] -= 1
    return job


@njit(cache=True)
def _take_next(desk, now, rates, desk_job, finish, since, work, state, start, acute_line, routine_line, lines):
    """The free desk takes the next referral in line; False when nobody waits."""
    while True:
        job = _next_in_line(acute_line, routine_line, lines)
        if job < 0:
            return False
        if state[job] != WAITING:
            continue  # a stale entry left by a promotion to the acute line
        state[job] = IN_SERVICE
        if start[job] < 0:
            start[job] = now
        desk_job[desk] = job
        since[desk] = now
        finish[desk] = now + work[job] / rates[desk]
        return True


@njit(cache=True)
def serve_week(t0, rates, previous_jobs, arrival_time, arrival_job, arrival_acute, work, state, start, acute,
               acute_line, routine_line, lines):
    """Serve the week [t0, t0+168) at the desks' `rates` (work hours per hour).

    Returns the referrals assessed and when, in order, and each desk's referral in progress at the
    week's end (-1 for none). Desks that close this week hand their referral back to the front of
    its line. Ties go to the lowest desk; the desk freed last is the first to take the next arrival.
    """
    t1 = t0 + HOURS_PER_WEEK
    n_desks = len(rates)
    for desk in range(n_desks, len(previous_jobs)):
        job = previous_jobs[desk]
        if job >= 0:
            state[job] = WAITING
            if acute[job]:
                _join_front(acute_line, lines, ACUTE, job)
            else:
                _join_front(routine_line, lines, ROUTINE, job)
    desk_job = np.full(n_desks, -1, dtype=np.int64)
    kept = min(n_desks, len(previous_jobs))
    desk_job[:kept] = previous_jobs[:kept]
    finish = np.full(n_desks, np.inf)
    since = np.full(n_desks, t0)
    free = np.empty(n_desks, dtype=np.int64)  # a stack: the desk on top takes the next referral
    n_free = 0
    for desk in range(n_desks - 1, -1, -1):
        if desk_job[desk] >= 0:
            finish[desk] = t0 + work[desk_job[desk]] / rates[desk]
        else:
            free[n_free] = desk
            n_free += 1
    room = lines[2 * ACUTE + 1] + lines[2 * ROUTINE + 1] + n_desks + len(arrival_time)
    done_jobs = np.empty(room, dtype=np.int64)
    done_times = np.empty(room)
    n_done = 0
    while n_free > 0 and _take_next(free[n_free - 1], t0, rates, desk_job, finish, since, work, state, start,
                                    acute_line, routine_line, lines):
        n_free -= 1
    i, n = 0, len(arrival_time)
    while True:
        next_arrival = arrival_time[i] if i < n else np.inf
        desk = np.argmin(finish) if n_desks > 0 else 0
        next_done = finish[desk] if n_desks > 0 else np.inf
        if next_done <= next_arrival and next_done < t1:
            job = desk_job[desk]
            work[job] = 0.0
            state[job] = DONE
            done_jobs[n_done] = job
            done_times[n_done] = next_done
            n_done += 1
            desk_job[desk] = -1
            finish[desk] = np.inf
            if not _take_next(desk, next_done, rates, desk_job, finish, since, work, state, start,
                              acute_line, routine_line, lines):
                free[n_free] = desk
                n_free += 1
        elif next_arrival < t1:
            if arrival_acute[i]:
                join_line(acute_line, lines, ACUTE, arrival_job[i])
            else:
                join_line(routine_line, lines, ROUTINE, arrival_job[i])
            if n_free > 0 and _take_next(free[n_free - 1], next_arrival, rates, desk_job, finish, since, work,
                                         state, start, acute_line, routine_line, lines):
                n_free -= 1
            i += 1
        else:
            break
    for desk in range(n_desks):
        job = desk_job[desk]
        if job >= 0:
            work[job] = max(work[job] - (t1 - since[desk]) * rates[desk], 0.0)
    return done_jobs[:n_done], done_times[:n_done], desk_job
