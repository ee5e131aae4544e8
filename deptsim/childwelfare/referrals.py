"""Referrals: the week's referrals arrive and join the intake queue (ODD 7.1).

A referral is about a new family, a family the department knows (an open case, or a case closed
within `known_family_memory_years`) or a family whose escalation was referred last week (7.9). One
about a family whose referral is still waiting merges into it (and may make it acute).

What arrives from outside is drawn from the week's own generator, so it is the same in every
scenario with the seed; a new family's id is its place in that stream of arrivals, and its draws
for the rest of its stay are keyed to that id (deptsim.draws).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare.books import Outcome
from deptsim.childwelfare.casework import open_family
from deptsim.childwelfare.family import AWAITING
from deptsim.eventlog import Event
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


def register(model: DepartmentModel, row: int, time: float, work: float) -> None:
    """Book a referral about the family in `row`; it waits for assessment unless one already does."""
    table, book, p = model.family_table, model.referral_book, model.params
    family = int(table.family_id[row])
    acute = bool(table.need[row] >= p.acute_need)
    deadline = time + (p.acute_deadline_hours if acute else model.rules.routine_deadline)
    ref = book.add_one()
    book.arrival[ref], book.family_id[ref], book.acute[ref] = time, family, acute
    book.deadline[ref], book.work[ref] = deadline, work
    model.counts.referrals_arrived += 1
    model.log.add(time, Event.REFERRAL, family, -1, ref)
    pending = table.pending_referral[row]
    if pending >= 0:
        book.close(ref, time, Outcome.MERGED)
        model.counts.referrals_merged += 1
        if acute and not book.acute[pending]:
            book.acute[pending] = True
            book.deadline[pending] = min(book.deadline[pending], deadline)
            if book.state[pending] == WAITING:
                model.desks.join(int(pending), acute=True)
        return
    table.pending_referral[row] = ref
    model.arrivals.append((time, ref))


def step(model: DepartmentModel) -> None:
    """Draw and register this week's referrals; those to assess are left in `model.arrivals` for the desks."""
    p, table, known, draws = model.params, model.family_table, model.known, model.draws
    t0 = model.t0
    known.forget(t0, memory_hours=model.rules.known_memory, age_out_years=p.age_out_years)
    rng = draws.week_generator("arrivals", model.week)
    outside = draw_arrivals(rng, t0, model)
    first_id = model.next_family_id
    model.next_family_id += len(outside.times)
    new_keys = draws.family_keys(first_id + np.arange(len(outside.times)))
    # escalation referrals: at a time of the family's own week; work from the week's generator after the rest
    escalated = [f for f in model.escalation_referrals if f in table.row_of]
    escalation_keys = np.array([table.key[table.row_of[f]] for f in escalated], dtype=np.uint64)
    escalation_times = t0 + draws.uniform("escalation_referral", escalation_keys, model.week, 1) * HOURS_PER_WEEK
    shape, scale = gamma_parameters(p.assessment_hours, p.assessment_hours_cv)
    escalation_work = rng.gamma(shape, scale, len(escalated))
    model.escalation_referrals = []

    open_rows = table.rows()  # the families in the department as the week begins
    n_open = len(open_rows)
    model.arrivals = []
    order = np.argsort(np.concatenate([outside.times, escalation_times]), kind="stable")
    n_outside = len(outside.times)
    for i in order.tolist():
        if i >= n_outside:
            k = i - n_outside
            row = table.row_of.get(escalated[k])
            if row is not None:
                register(model, row, float(escalation_times[k]), float(escalation_work[k]))
            continue
        time = float(outside.times[i])
        row = None
        if outside.about_known[i] and n_open + known.n > 0:
            k = int(outside.pick[i] * (n_open + known.n))
            if k < n_open:
                row = int(open_rows[k]) if table.active[open_rows[k]] else None
            else:
                family, key, age = known.take(k - n_open, time)
                row = open_family(model, family, key, float(outside.needs[i]), age, AWAITING, time)
        if row is None:
            row = open_family(model, first_id + i, int(new_keys[i]), float(outside.needs[i]),
                              float(outside.ages[i]), AWAITING, time)
        register(model, row, time, float(outside.work[i]))
