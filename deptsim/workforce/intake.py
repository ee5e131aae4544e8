"""Intake desks: a multi-server queue in continuous time.

The hours that caseworkers give to intake in a week are pooled into desks, each
working at the pace of one full-time caseworker (the last desk part-time). A
referral waits in one of two first-come-first-served lines, acute before
routine, and is assessed by the first free desk; its assessment needs a random
amount of work. Within a week desks keep their pace, so with constant staff and
exponential work the desks form an M/M/c queue; at a week's end the pace is
set anew and work in progress carries over.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np

HOURS_PER_WEEK = 168.0

WAITING, IN_SERVICE, DONE = 0, 1, 2


class IntakeDesks:
    """The queue of referrals waiting for assessment and the desks that assess them.

    Jobs are referral ids; the caller owns the per-referral arrays and passes
    them in (`work`, `state`, `start`), which this class updates in place.
    """

    def __init__(self, desk_hours: float) -> None:
        self.desk_hours = desk_hours
        self.acute: deque[int] = deque()
        self.routine: deque[int] = deque()
        self.desk_job: list[int] = []

    def enqueue_front(self, job: int, acute: bool) -> None:
        (self.acute if acute else self.routine).appendleft(job)

    def promote(self, job: int) -> None:
        """Move a waiting routine referral to the acute line (its family's need became acute)."""
        self.acute.append(job)

    def run_week(self, t0: float, intake_hours: float, arrival_time: np.ndarray, arrival_job: np.ndarray,
                 arrival_acute: np.ndarray, refs) -> tuple[list[int], list[float]]:
        """Serve the week [t0, t0+168) with `intake_hours` of work; return jobs done and when.

        `refs` holds per-referral arrays: work (hours left), state, start, acute.
        """
        t1 = t0 + HOURS_PER_WEEK
        full, part = divmod(max(intake_hours, 0.0), self.desk_hours) if self.desk_hours > 0 else (0, 0.0)
        rates = [self.desk_hours / HOURS_PER_WEEK] * int(full)
        if part > 1e-9:
            rates.append(part / HOURS_PER_WEEK)
        # Desks that close this week hand their job back to the front of its line.
        for job in self.desk_job[len(rates):]:
            if job >= 0:
                refs.state[job] = WAITING
                self.enqueue_front(job, bool(refs.acute[job]))
        self.desk_job = (self.desk_job + [-1] * len(rates))[:len(rates)]
        work, state, start = refs.work, refs.state, refs.start
        done_jobs: list[int] = []
        done_times: list[float] = []
        busy: list[tuple[float, int]] = []
        free: list[int] = []
        since = [t0] * len(rates)
        for desk, job in enumerate(self.desk_job):
            if job >= 0:
                busy.append((t0 + work[job] / rates[desk], desk))
            else:
                free.append(desk)
        heapq.heapify(busy)
        free.reverse()

        def take_next(now: float, desk: int) -> bool:
            while self.acute or self.routine:
                job = self.acute.popleft() if self.acute else self.routine.popleft()
                if state[job] != WAITING:
                    continue  # a stale entry left by a promotion
                state[job] = IN_SERVICE
                if start[job] < 0:
                    start[job] = now
                self.desk_job[desk] = job
                since[desk] = now
                heapq.heappush(busy, (now + work[job] / rates[desk], desk))
                return True
            return False

        while free and take_next(t0, free[-1]):
            free.pop()
        i, n = 0, len(arrival_time)
        while True:
            next_arrival = arrival_time[i] if i < n else np.inf
            next_done = busy[0][0] if busy else np.inf
            if next_done <= next_arrival and next_done < t1:
                now, desk = heapq.heappop(busy)
                job = self.desk_job[desk]
                work[job] = 0.0
                state[job] = DONE
                done_jobs.append(job)
                done_times.append(now)
                self.desk_job[desk] = -1
                if not take_next(now, desk):
                    free.append(desk)
            elif next_arrival < t1:
                job = int(arrival_job[i])
                (self.acute if arrival_acute[i] else self.routine).append(job)
                if free and take_next(next_arrival, free[-1]):
                    free.pop()
                i += 1
            else:
                break
        for desk, job in enumerate(self.desk_job):
            if job >= 0:
                work[job] = max(work[job] - (t1 - since[desk]) * rates[desk], 0.0)
        return done_jobs, done_times
