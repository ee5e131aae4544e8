"""The intake desks: referrals assessed in continuous time by a multi-server queue (ODD 7.2).

The hours caseworkers give to intake in a week are pooled into desks of one caseworker's weekly
hours each (the last desk part-time). A desk works at an even pace through the 168 hours of the week,
so a 24-hour deadline is measured against time, not rounded to a week. A referral waits in one of two
first-come-first-served lines, acute before routine, and the first free desk assesses it; its
assessment needs a random amount of work. At the week's end the pace is set anew and work in progress
carries over; if there are fewer desks next week, their referrals go back to the front of their line.
With constant staff and exponential work this is an M/M/c queue (tests/test_queueing.py checks it
against Erlang C).

Jobs are rows of a book with `work` (hours left), `state`, `start` and `acute` columns: nothing here
knows what a referral is about.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

HOURS_PER_WEEK = 168.0
WAITING, IN_SERVICE, DONE = 0, 1, 2
FREE = -1


class JobBook(Protocol):
    """What the desks read and write of each job (by row)."""

    work: np.ndarray
    state: np.ndarray
    start: np.ndarray
    acute: np.ndarray


def desk_paces(intake_hours: float, desk_hours: float) -> list[float]:
    """The week's desks and their pace in work hours per clock hour: full desks of `desk_hours` a week
    and a last part-time desk for the rest (left out below 1e-9 hours)."""
    if desk_hours <= 0 or intake_hours <= 0:
        return []
    full, part = divmod(intake_hours, desk_hours)
    paces = [desk_hours / HOURS_PER_WEEK] * int(full)
    if part > 1e-9:
        paces.append(part / HOURS_PER_WEEK)
    return paces


@dataclass
class IntakeDesks:
    """The two lines of referrals waiting and the referral at each desk."""

    acute_line: deque[int] = field(default_factory=deque)
    routine_line: deque[int] = field(default_factory=deque)
    desk_job: list[int] = field(default_factory=list)

    def join(self, job: int, acute: bool) -> None:
        """A referral joins the back of its line (a routine one that turns acute joins the acute line too;
        its routine entry is skipped when it comes up)."""
        (self.acute_line if acute else self.routine_line).append(job)

    def _next(self, book: JobBook) -> int:
        """The next referral in line still waiting, acute first; FREE when nobody waits."""
        for line in (self.acute_line, self.routine_line):
            while line:
                job = line.popleft()
                if book.state[job] == WAITING:
                    return job
        return FREE

    def _set_desks(self, count: int, book: JobBook) -> None:
        """Open or close desks; a closing desk's referral goes back to the front of its line."""
        for job in reversed(self.desk_job[count:]):
            if job != FREE and book.state[job] == IN_SERVICE:
                book.state[job] = WAITING
                (self.acute_line if book.acute[job] else self.routine_line).appendleft(job)
        self.desk_job = self.desk_job[:count] + [FREE] * (count - len(self.desk_job))

    def serve_week(self, t0: float, paces: list[float], arrivals: list[tuple[float, int]],
                   book: JobBook) -> list[tuple[int, float]]:
        """Serve the week [t0, t0 + 168): `arrivals` are (time, job) in time order, each already in
        the book, joining its line at its time. Returns the jobs assessed and when, in order."""
        t1 = t0 + HOURS_PER_WEEK
        self._set_desks(len(paces), book)
        since = [t0] * len(paces)
        finishing: list[tuple[float, int]] = []  # (finish time, desk)
        free: list[int] = []  # a heap of desks: the lowest (full-time before the part-time one) takes the next
        done: list[tuple[int, float]] = []

        def take(desk: int, now: float) -> None:
            job = self._next(book)
            self.desk_job[desk] = job
            if job == FREE:
                heapq.heappush(free, desk)
                return
            book.state[job] = IN_SERVICE
            if book.start[job] < 0:
                book.start[job] = now
            since[desk] = now
            heapq.heappush(finishing, (now + book.work[job] / paces[desk], desk))

        for desk in range(len(paces)):
            job = self.desk_job[desk]
            if job == FREE:
                take(desk, t0)
            else:
                heapq.heappush(finishing, (t0 + book.work[job] / paces[desk], desk))
        arrival = 0
        while True:
            next_arrival = arrivals[arrival][0] if arrival < len(arrivals) else np.inf
            next_done = finishing[0][0] if finishing else np.inf
            if next_done <= next_arrival and next_done < t1:
                _, desk = heapq.heappop(finishing)
                job = self.desk_job[desk]
                book.work[job] = 0.0
                book.state[job] = DONE
                done.append((job, next_done))
                take(desk, next_done)
            elif next_arrival < t1:
                time, job = arrivals[arrival]
                arrival += 1
                self.join(job, bool(book.acute[job]))
                if free:
                    take(heapq.heappop(free), time)
            else:
                break
        for desk, job in enumerate(self.desk_job):
            if job != FREE:
                book.work[job] = max(book.work[job] - (t1 - since[desk]) * paces[desk], 0.0)
        return done

    def waiting(self) -> int:
        """Entries in the lines (stale entries of referrals promoted to acute included)."""
        return len(self.acute_line) + len(self.routine_line)
