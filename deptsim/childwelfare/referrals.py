"""Referrals: the week's referrals arrive and join the intake queue (ODD 7.1).

A referral is about a new family, a family the department knows (an open case, or a case closed
within `known_family_memory_years`) or a family whose escalation was referred last week (7.9). One
about a family whose referral is still waiting merges into it (and may make it acute).

What arrives from outside is drawn from a stream of its own, the same in every scenario with the
seed; a new family's id is its place in that stream of arrivals, and its draws
for the rest of its stay are keyed to that id (deptsim.draws).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare.books import MERGED
from deptsim.childwelfare.family import AWAITING
from deptsim.eventlog import REFERRAL
from deptsim.workforce.intake import WAITING

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0


@dataclass
class Arrivals:
    """The week's referrals from outside, in order of arrival."""

    times: np.ndarray
    about_known: np.ndarray  # whether the referral concerns a family the department knows
    pick: np.ndarray  # uniform draw choosing which known family
    needs: np.ndarray  # the need of a new family
    ages: np.ndarray  # the age of a new family's child
    work: np.ndarray  # assessment hours


def gamma_parameters(mean: float, cv: float) -> tuple[float, float]:
    """Shape and scale of a gamma distribution with this mean and coefficient of variation."""
    shape = 1.0 / cv**2
    return shape, mean / shape


def draw_arrivals(rng: np.random.Generator, t0: float, model: DepartmentModel) -> Arrivals:
    """The week's referrals from outside: Poisson(children · referrals_per_child_year / 52) arriving uniformly
    over the week; a share rereferral_share about known families; needs Gamma(need_shape, need_scale), ages
    uniform on [0, age_out_years), assessment work Gamma with mean assessment_hours and cv assessment_hours_cv.
    Sources: Statistics Denmark (referrals per child); need and work distributions assumed (docs/parameters.md).
    """
    p = model.params
    n = rng.poisson(p.children * p.referrals_per_child_year / WEEKS_PER_YEAR)
    shape, scale = gamma_parameters(p.assessment_hours, p.assessment_hours_cv)
    return Arrivals(
        times=np.sort(t0 + rng.random(n) * HOURS_PER_WEEK),
        about_known=rng.random(n) < p.rereferral_share,
        pick=rng.random(n),
        needs=rng.gamma(p.need_shape, p.need_scale, n) if p.need_scale > 0 else np.zeros(n),
        ages=rng.uniform(0.0, p.age_out_years, n),
        work=rng.gamma(shape, scale, n),
    )


def deadlines(arrival: np.ndarray, acute: np.ndarray, *, acute_deadline_hours: float,
              routine_deadline_hours: float) -> np.ndarray:
    """When an assessment is due: 24 hours after an acute referral (Serviceloven § 155), within the routine
    deadline otherwise."""
    return arrival + np.where(acute, acute_deadline_hours, routine_deadline_hours)


def enter(model: DepartmentModel, ids: np.ndarray, keys: np.ndarray, needs: np.ndarray, ages: np.ndarray,
          times: np.ndarray) -> np.ndarray:
    """Families entering the department with a referral, awaiting its assessment; returns their rows."""
    table = model.family_table
    rows = table.enter_many(ids, keys)
    table.stage[rows] = AWAITING
    table.need[rows], table.age[rows] = needs, ages
    table.opened[rows] = table.stage_start[rows] = table.waiting_since[rows] = times
    return rows


def families_referred(model: DepartmentModel, outside: Arrivals, ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The row of the family each referral from outside concerns, entering the families that are new or known.

    A share rereferral_share concern a family the department knows, chosen uniformly among the open cases
    and the families closed within memory; a known family referred twice in a week enters once. The rest
    are new families.
    """
    table, known = model.family_table, model.known
    open_rows = table.rows()  # the families in the department as the week begins
    n_open = len(open_rows)
    candidates = n_open + known.n
    rows = np.empty(len(ids), dtype=np.int64)
    about_known = outside.about_known & (candidates > 0)
    pick = (outside.pick * candidates).astype(np.int64)
    to_open = about_known & (pick < n_open)
    rows[to_open] = open_rows[pick[to_open]]
    to_known = np.flatnonzero(about_known & (pick >= n_open))
    chosen, first = np.unique(pick[to_known] - n_open, return_index=True)  # first: the earliest referral of each
    earliest = to_known[first]
    families, family_keys, ages = known.take_many(chosen, outside.times[earliest])
    new = np.flatnonzero(~about_known)
    entering = np.concatenate([earliest, new])
    entered = enter(model, np.concatenate([families, ids[new]]), np.concatenate([family_keys, keys[new]]),
                    outside.needs[entering], np.concatenate([ages, outside.ages[new]]), outside.times[entering])
    rows[to_known] = entered[np.searchsorted(chosen, pick[to_known] - n_open)]
    rows[new] = entered[len(earliest):]
    return rows


def register(model: DepartmentModel, rows: np.ndarray, times: np.ndarray, work: np.ndarray) -> None:
    """Book the week's referrals (about the families in `rows`, in order of arrival). The first about a family
    with no referral waiting waits for assessment; the others merge into the one that waits, and make it acute
    if they are."""
    p, table, book = model.params, model.family_table, model.referral_book
    families = table.family_id[rows]
    acute = table.need[rows] >= p.acute_need
    due = deadlines(times, acute, acute_deadline_hours=p.acute_deadline_hours,
                    routine_deadline_hours=model.rules.routine_deadline)
    refs = book.add_many(times, families, acute, due, work)
    model.counts.referrals_arrived += len(refs)
    model.log.add_many(times, REFERRAL, families, -1, refs)
    order = np.arange(len(rows))
    first_of_row = np.empty(table.n, dtype=np.int64)
    first_of_row[rows[::-1]] = order[::-1]  # the earliest referral about each family wins
    waits = (first_of_row[rows] == order) & (table.pending_referral[rows] < 0)
    table.pending_referral[rows[waits]] = refs[waits]
    merged = np.flatnonzero(~waits)
    book.done[refs[merged]], book.outcome[refs[merged]] = times[merged], MERGED
    book.closed += len(merged)
    model.counts.referrals_merged += len(merged)
    for i in merged[acute[merged]].tolist():
        into = int(table.pending_referral[rows[i]])
        if not book.acute[into]:
            book.acute[into] = True
            book.deadline[into] = min(book.deadline[into], due[i])
            if book.arrival[into] < model.t0 and book.state[into] == WAITING:
                model.desks.join(into, acute=True)  # already in a line: it moves to the acute one
    model.arrivals = list(zip(times[waits].tolist(), refs[waits].tolist(), strict=True))


def step(model: DepartmentModel) -> None:
    """This week's referrals: drawn, their families found or entered, booked; those to assess are left in
    `model.arrivals`, in order of arrival, for the desks."""
    p, table, draws = model.params, model.family_table, model.draws
    t0 = model.t0
    model.known.forget(t0, memory_hours=model.rules.known_memory, age_out_years=p.age_out_years)
    outside = draw_arrivals(draws.stream("arrivals"), t0, model)
    ids = model.next_family_id + np.arange(len(outside.times))
    model.next_family_id += len(ids)
    rows = families_referred(model, outside, ids, draws.family_keys(ids))
    # escalation referrals: at a time of the family's own week, with assessment work from a stream of their own
    escalated = np.array([table.row_of[f] for f in model.escalation_referrals if f in table.row_of], dtype=np.int64)
    model.escalation_referrals = []
    escalation_times = t0 + draws.uniform("escalation_referral", table.key[escalated], model.week, 1) * HOURS_PER_WEEK
    shape, scale = gamma_parameters(p.assessment_hours, p.assessment_hours_cv)
    escalation_work = draws.stream("escalation_referral_work").gamma(shape, scale, len(escalated))
    times = np.concatenate([outside.times, escalation_times])
    order = np.argsort(times, kind="stable")
    register(model, np.concatenate([rows, escalated])[order], times[order],
             np.concatenate([outside.work, escalation_work])[order])
