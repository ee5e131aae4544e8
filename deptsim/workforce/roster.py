"""The roster: positions, who holds them, their strain, sickness, resignations and hiring.

One row per position, in numpy arrays, so that a week's staff updates are a few
vectorised operations whatever the size of the department.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import numpy as np
from numba import njit

from deptsim.params import Parameters
from deptsim.streams import RandomStreams, Uniforms, occurs, poisson_counts
from deptsim.workforce.caseworker import Caseworker

WEEKS_PER_YEAR = 52.0
WORKING_DAYS_PER_WEEK = 5.0


class Roster:
    """Caseworker positions and the state of their holders."""

    def __init__(self, model, params: Parameters, streams: RandomStreams) -> None:
        self.model = model
        self.params = params
        self.streams = streams
        # the sickness stream, taken ahead so that its Poisson counts are drawn by compiled code
        self.sickness_draws = Uniforms(streams.sickness, block=4096)
        self.week = 0
        n = params.positions
        self.intake_team = np.arange(n) < params.intake_team_size
        self.established = np.ones(n, dtype=bool)  # False once a position is abolished
        self.in_post = np.ones(n, dtype=bool)
        self.agents: list[Caseworker | None] = [None] * n
        self.caseworker_id = np.full(n, -1, dtype=np.int64)
        self.caseworkers_seated = 0  # caseworker ids count people in order of seating, apart from Mesa's agent ids
        tenure = streams.initial_state.exponential(params.initial_mean_tenure_years * WEEKS_PER_YEAR, n)
        self.hired_week = -tenure
        self.strain = np.zeros(n)
        self.long_sick_weeks = np.zeros(n, dtype=np.int64)
        self.absent = np.zeros(n)
        self.fill_week = np.full(n, np.inf)
        self.mentored_until = np.full(n, -np.inf)
        self.was_mentored = np.zeros(n, dtype=bool)
        self.mentor_of = np.full(n, -1, dtype=np.int64)
        self.resignations_last_year: deque[int] = deque(maxlen=int(WEEKS_PER_YEAR))
        self.hiring_frozen = False
        self.first_year_leavers = 0  # resignations this week of caseworkers hired less than a year ago
        self.positions_to_cut = 0  # positions to abolish as they fall vacant (a budget cut)
        for position in range(n):
            self._seat(position)

    @property
    def positions(self) -> int:
        return int(np.count_nonzero(self.established))

    # --- changes of organisation -------------------------------------------------------
    def add_positions(self, count: int) -> np.ndarray:
        """Establish `count` new positions as vacancies to be recruited for; returns them."""
        reusable = list(np.flatnonzero(~self.established)[:count])
        extra = count - len(reusable)
        if extra > 0:
            self._grow(extra)
            reusable += list(range(len(self.established) - extra, len(self.established)))
        new = np.array(reusable, dtype=np.int64)
        self.established[new] = True
        self.intake_team[new] = False
        self.fill_week[new] = self.week + self.recruitment_delay(len(new))
        return new

    def _grow(self, extra: int) -> None:
        def pad(array: np.ndarray, fill) -> np.ndarray:
            return np.concatenate([array, np.full(extra, fill, dtype=array.dtype)])

        self.intake_team = pad(self.intake_team, False)
        self.established = pad(self.established, False)
        self.in_post = pad(self.in_post, False)
        self.agents.extend([None] * extra)
        self.caseworker_id = pad(self.caseworker_id, -1)
        self.hired_week = pad(self.hired_week, 0.0)
        self.strain = pad(self.strain, 0.0)
        self.long_sick_weeks = pad(self.long_sick_weeks, 0)
        self.absent = pad(self.absent, 0.0)
        self.fill_week = pad(self.fill_week, np.inf)
        self.mentored_until = pad(self.mentored_until, -np.inf)
        self.was_mentored = pad(self.was_mentored, False)
        self.mentor_of = pad(self.mentor_of, -1)

    def abolish_vacancies(self, count: int) -> int:
        """Abolish up to `count` vacant positions; returns how many were abolished."""
        vacant = np.flatnonzero(self.established & ~self.in_post)[:count]
        self.established[vacant] = False
        self.fill_week[vacant] = np.inf
        return len(vacant)

    def abolish_filled(self, count: int, hand_over: Callable[[int], None]) -> None:
        """Abolish `count` filled positions, newest hires first; their holders leave and hand cases over."""
        filled = np.flatnonzero(self.in_post)
        for position in filled[np.argsort(-self.hired_week[filled], kind="stable")][:count]:
            self._vacate(int(position), hand_over)
            self.established[position] = False
            self.fill_week[position] = np.inf

    def set_intake_team(self, size: int) -> np.ndarray:
        """Make `size` established positions the intake team; returns positions that joined it."""
        established = np.flatnonzero(self.established)
        # keep current members first, then the lowest-numbered positions
        order = established[np.argsort(~self.intake_team[established], kind="stable")]
        team = np.zeros_like(self.intake_team)
        team[order[:size]] = True
        joined = np.flatnonzero(team & ~self.intake_team)
        self.intake_team = team
        return joined

    # --- people -------------------------------------------------------------------
    def _seat(self, position: int) -> None:
        agent = Caseworker(self.model, self, position)
        self.agents[position] = agent
        self.caseworker_id[position] = self.caseworkers_seated
        self.caseworkers_seated += 1
        self.in_post[position] = True
        self.fill_week[position] = np.inf

    def start_week(self, week: int) -> np.ndarray:
        """Fill the vacancies that are due, pair mentors, draw this week's sickness.

        Returns the positions filled this week.
        """
        self.week = week
        p = self.params
        hired = _due(self.in_post, self.established, self.fill_week, float(week))
        if self.hiring_frozen:
            hired = hired[:0]
        for position in hired:
            self._seat(int(position))
            self.hired_week[position] = week
            self.strain[position] = 0.0
            self.long_sick_weeks[position] = 0
            self.was_mentored[position] = False
        if p.mentoring and len(hired):
            self._pair_mentors(hired)
        self._end_finished_mentorships()
        self._draw_sickness()
        return hired

    def _pair_mentors(self, hired: np.ndarray) -> None:
        """Give each new hire an experienced, present colleague who is not already a mentor."""
        week = self.week
        for position in hired:
            free = np.flatnonzero(self.in_post & (week - self.hired_week >= WEEKS_PER_YEAR)
                                  & (self.mentor_of < 0) & (self.long_sick_weeks == 0))
            if len(free) == 0:
                return
            mentor = free[np.argmin(self.strain[free])]
            self.mentor_of[mentor] = position
            self.mentored_until[position] = week + self.params.mentoring_weeks
            self.was_mentored[position] = True

    def _end_finished_mentorships(self) -> None:
        _end_mentorships(self.mentor_of, self.mentored_until, self.in_post, float(self.week))

    def _draw_sickness(self) -> None:
        """This week's sick leave (`_sick_week`), from the sickness stream's draws taken ahead.

        The step uses a varying number of draws; when those taken ahead run out it changes nothing,
        and runs again after a refill, which keeps the draws not yet used in their order.
        """
        p = self.params
        draws = self.sickness_draws
        wanted = 2 * len(self.in_post) + 64
        while True:
            draws.ensure(wanted)
            done = _sick_week(draws.values, draws.used, self.in_post, self.long_sick_weeks, self.strain,
                              self.absent, float(p.sick_strain_factor), float(p.short_spells_per_year / WEEKS_PER_YEAR),
                              float(max(p.short_spell_days - 1.0, 0.0)), float(p.long_spells_per_year / WEEKS_PER_YEAR),
                              float(p.long_spell_weeks), bool(p.sick_leave))
            if done == _SICK_WEEK_DONE:
                return
            if done == _SICK_WEEK_BAD_MEAN:
                raise ValueError("lam < 0, lam too large or lam contains NaNs")  # numpy's own check
            wanted = 2 * (len(draws.values) - int(draws.used[0])) + 64

    def productivity(self) -> np.ndarray:
        """New hires ramp up linearly from their first-week productivity; mentoring shortens the ramp."""
        p = self.params
        return _productivity(float(self.week), self.hired_week, self.was_mentored, float(p.ramp_weeks),
                             float(p.mentoring_ramp_factor), float(p.new_hire_productivity))

    def nominal_hours(self) -> np.ndarray:
        """Hours for casework and intake if present all week: contracted hours less admin, mentoring."""
        p = self.params
        return _nominal_hours(float(p.weekly_hours * (1.0 - p.admin_share)), self.productivity(), self.mentor_of,
                              float(p.mentor_hours_week), self.in_post)

    # --- end of week --------------------------------------------------------------
    def end_week(self, overload: np.ndarray, strain_buffer: float,
                 hand_over: Callable[[int], None]) -> np.ndarray:
        """Update strain, count down sick spells, draw resignations; returns the positions vacated.

        `hand_over(position)` is called for each resignation before the post is
        vacated, so the caller can move the cases to colleagues.
        """
        p = self.params
        vacated, self.first_year_leavers = _strain_and_resignations(
            self.streams.compiled, self.strain, self.absent, overload, self.in_post, self.long_sick_weeks,
            self.hired_week, self.was_mentored, float(self.week), bool(p.strain_feedback),
            float(p.strain_build * (1.0 - strain_buffer)), float(p.strain_recovery), bool(p.resignations),
            float(p.resignation_rate_year / WEEKS_PER_YEAR), float(p.first_year_resignation_factor),
            float(p.mentoring_resignation_factor), float(p.resignation_strain_factor))
        delay = self.recruitment_delay(len(vacated))
        for position, weeks in zip(vacated, delay, strict=True):
            self._vacate(int(position), hand_over)
            self.fill_week[position] = self.week + 1 + weeks
            if self.positions_to_cut > 0:
                self.positions_to_cut -= 1
                self.established[position] = False
                self.fill_week[position] = np.inf
        self.resignations_last_year.append(len(vacated))
        return vacated

    def _vacate(self, position: int, hand_over: Callable[[int], None]) -> None:
        hand_over(position)
        self.agents[position].remove()
        self.agents[position] = None
        self.caseworker_id[position] = -1
        self.in_post[position] = False
        self.strain[position] = 0.0
        self.absent[position] = 0.0
        self.long_sick_weeks[position] = 0
        self.mentor_of[position] = -1

    def recent_turnover(self) -> float:
        """Resignations in the last 52 weeks per position."""
        return sum(self.resignations_last_year) / max(self.positions, 1)

    def recruitment_delay(self, n: int) -> np.ndarray:
        """Whole weeks to fill n new vacancies: gamma (shape 2) around a mean stretched by bad reputation."""
        if n == 0:  # most weeks; no draw is taken either way
            return np.zeros(0, dtype=np.int64)
        p = self.params
        mean = p.recruitment_weeks
        if p.reputation_effect:
            excess = max(self.recent_turnover() - p.reference_turnover, 0.0) / p.reference_turnover
            mean *= 1.0 + p.reputation_weight * excess
        return np.round(self.streams.recruitment.gamma(2.0, mean / 2.0, n)).astype(np.int64)


@njit(cache=True)
def _productivity(week, hired_week, was_mentored, ramp_weeks, mentoring_ramp_factor, new_hire_productivity):
    """Each position's productivity this week (see Roster.productivity), compiled: it is needed twice a week."""
    productivity = np.empty(len(hired_week))
    for p in range(len(hired_week)):
        ramp = ramp_weeks * (mentoring_ramp_factor if was_mentored[p] else 1.0)
        progress = min(max((week - hired_week[p]) / ramp, 0.0), 1.0) if ramp > 0 else 1.0
        productivity[p] = new_hire_productivity + (1.0 - new_hire_productivity) * progress
    return productivity


@njit(cache=True)
def _powers_of(base, exponents):
    """`base ** exponents` with the C library's pow (numpy's AVX-512 pow differs in the last bit, and only
    on some CPUs: docs/performance.md)."""
    powers = np.empty(len(exponents))
    for p in range(len(exponents)):
        powers[p] = base**exponents[p]
    return powers


_SICK_WEEK_DONE, _SICK_WEEK_OUT_OF_DRAWS, _SICK_WEEK_BAD_MEAN = 0, 1, 2


@njit(cache=True)
def _sick_week(values, used, in_post, long_sick_weeks, strain, absent, strain_factor, short_spells_per_week,
               extra_days_per_spell, long_spells_per_week, mean_spell_weeks, sick_leave):
    """This week's sickness, from the draws in values[used[0]:], in the order they have always been taken.

    Every position takes two draws (whether a long spell starts, and its length) and a Poisson count of
    short spells, whose means rise with strain, then a Poisson count of the days beyond each spell's first:
    all used or not, so that the stream stays aligned across reforms. Then long spells start and each
    position's share of the week absent is set (in place). Commits nothing and returns
    _SICK_WEEK_OUT_OF_DRAWS when the draws run out, _SICK_WEEK_BAD_MEAN at a mean numpy's Poisson refuses.
    """
    n = len(in_post)
    start = used[0]
    if len(values) - start < 2 * n:
        return _SICK_WEEK_OUT_OF_DRAWS
    u_long = values[start:start + n]
    u_len = values[start + n:start + 2 * n]
    multiplier = _powers_of(strain_factor, strain)
    at = np.array([start + 2 * n])  # where the Poisson counts read; committed to `used` at the end
    short_spells = np.empty(n, dtype=np.int64)
    reached = poisson_counts(values, at, short_spells_per_week * multiplier, short_spells, 0)
    if reached != n:
        return _SICK_WEEK_BAD_MEAN if reached < 0 else _SICK_WEEK_OUT_OF_DRAWS
    # Each spell lasts at least a day; the days beyond the first are Poisson.
    extra_days = np.empty(n, dtype=np.int64)
    reached = poisson_counts(values, at, extra_days_per_spell * short_spells, extra_days, 0)
    if reached != n:
        return _SICK_WEEK_BAD_MEAN if reached < 0 else _SICK_WEEK_OUT_OF_DRAWS
    used[0] = at[0]
    if not sick_leave:
        absent[:] = 0.0
        long_sick_weeks[:] = 0
        return _SICK_WEEK_DONE
    _take_sick_leave(in_post, long_sick_weeks, u_long, u_len, multiplier, long_spells_per_week, mean_spell_weeks,
                     extra_days + short_spells, absent)
    return _SICK_WEEK_DONE


@njit(cache=True)
def _take_sick_leave(in_post, long_sick_weeks, u_long, u_len, multiplier, spells_per_week, mean_spell_weeks,
                     short_days, absent):
    """Start long spells (geometric length, at least a week) for those present, and set each position's share
    of the week absent: all of it on long leave, the short spells' days otherwise (in place)."""
    q = 1.0 / mean_spell_weeks  # the chance that a spell ends in a given week
    log_stay = math.log1p(-q) if q < 1 else -np.inf
    for p in range(len(in_post)):
        present = in_post[p] and long_sick_weeks[p] == 0
        starts = present and occurs(u_long[p], spells_per_week * multiplier[p])
        if starts:
            long_sick_weeks[p] = 1 + int(np.floor(math.log1p(-u_len[p]) / log_stay)) if q < 1 else 1
        short = min(short_days[p] / WORKING_DAYS_PER_WEEK, 1.0) if present and not starts else 0.0
        absent[p] = (1.0 if long_sick_weeks[p] > 0 else short) * (1.0 if in_post[p] else 0.0)


@njit(cache=True)
def _update_strain(strain, absent, overload, in_post, build_rate, recovery):
    """Strain builds with overload for those at work and recovers otherwise, kept within 0-1 (in place)."""
    for p in range(len(strain)):
        if absent[p] < 1.0 and overload[p] > 0:
            level = strain[p] + build_rate * (overload[p] if overload[p] > 0.0 else 0.0) * (1.0 - strain[p])
        else:
            level = strain[p] - recovery * strain[p]
        level = level * (1.0 if in_post[p] else 0.0)
        level = level if level > 0.0 else 0.0  # numpy's clip: the bound unless strictly beyond it
        strain[p] = level if level < 1.0 else 1.0


@njit(cache=True)
def _due(in_post, established, fill_week, week):
    """Vacant established positions whose filling is due."""
    due = np.empty(len(in_post), dtype=np.int64)
    n = 0
    for p in range(len(in_post)):
        if not in_post[p] and established[p] and fill_week[p] <= week:
            due[n] = p
            n += 1
    return due[:n]


@njit(cache=True)
def _end_mentorships(mentor_of, mentored_until, in_post, week):
    """Free the mentors whose mentee's period is over or who, or whose mentee, left (in place)."""
    for mentor in range(len(mentor_of)):
        mentee = mentor_of[mentor]
        if mentee >= 0 and (mentored_until[mentee] <= week or not in_post[mentee] or not in_post[mentor]):
            mentor_of[mentor] = -1


@njit(cache=True)
def _strain_and_resignations(g, strain, absent, overload, in_post, long_sick_weeks, hired_week, was_mentored, week,
                             strain_feedback, build_rate, recovery, resignations, weekly_rate, first_year_factor,
                             mentoring_factor, strain_factor):
    """The staff's week end: strain follows the week's overload (when it feeds back), long sick spells count
    down a week, and each caseworker in post resigns with the chance of their weekly hazard: higher in the
    first year (less so when mentored) and with strain. One resignation draw per position, used or not.
    Returns the positions vacated and how many of them were in their first year."""
    if strain_feedback:
        _update_strain(strain, absent, overload, in_post, build_rate, recovery)
    u = g.resignation.random(len(in_post))
    if resignations:
        hazard = _resignation_hazard(week, hired_week, was_mentored, weekly_rate, first_year_factor,
                                     mentoring_factor, strain_factor, strain)
    else:
        hazard = np.zeros(len(in_post))
    return _leavers(in_post, long_sick_weeks, u, hazard, week, hired_week)


@njit(cache=True)
def _resignation_hazard(week, hired_week, was_mentored, weekly_rate, first_year_factor, mentoring_factor,
                        strain_factor, strain):
    """Each position's weekly resignation hazard, multiplied in numpy's order."""
    strain_factors = _powers_of(strain_factor, strain)
    hazard = np.empty(len(hired_week))
    for p in range(len(hired_week)):
        first_year = week - hired_week[p] < WEEKS_PER_YEAR
        factor = (first_year_factor if first_year else 1.0) * (
            mentoring_factor if first_year and was_mentored[p] else 1.0)
        hazard[p] = weekly_rate * factor * strain_factors[p]
    return hazard


@njit(cache=True)
def _leavers(in_post, long_sick_weeks, u, hazard, week, hired_week):
    """Count long sick spells down a week; returns the positions whose holders resign (draw below the chance
    of their weekly hazard) and how many of them were in their first year."""
    leaving = np.empty(len(in_post), dtype=np.int64)
    n = first_year = 0
    for p in range(len(in_post)):
        long_sick_weeks[p] = max(long_sick_weeks[p] - 1, 0)
        if in_post[p] and occurs(u[p], hazard[p]):
            leaving[n] = p
            n += 1
            first_year += week - hired_week[p] < WEEKS_PER_YEAR
    return leaving[:n], first_year


@njit(cache=True)
def _nominal_hours(hours_less_admin, productivity, mentor_of, mentor_hours, in_post):
    """Roster.nominal_hours, in numpy's order of operations."""
    hours = np.empty(len(productivity))
    for p in range(len(productivity)):
        h = hours_less_admin * productivity[p] - (mentor_hours if mentor_of[p] >= 0 else 0.0)
        hours[p] = (h if h > 0.0 else 0.0) * (1.0 if in_post[p] else 0.0)
    return hours
