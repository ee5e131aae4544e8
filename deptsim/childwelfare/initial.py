"""The department at the start: staff in post and a stock of open cases near the model's own steady
state (ODD 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare import casework
from deptsim.childwelfare.family import ADVICE, FOSTER, INSTITUTION, INVESTIGATION, PREVENTIVE
from deptsim.workforce import staffing

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0


def seat_staff(model: DepartmentModel, rng: np.random.Generator) -> None:
    """Every position filled (the workforce's `seat_initial_staff`); the first intake_team_size positions form the
    intake team."""
    positions = model.seat_initial_staff(rng)
    model.roster.intake_team[positions] = positions < model.params.intake_team_size


def stage_stocks(p, rng: np.random.Generator) -> list[tuple[int, int, float, float]]:
    """(stage, count, lowest need, highest need) of the initial cases: Poisson counts of each stage's
    rate per 1,000 children, placements split Binomially between foster care and institutions."""
    per_child = p.children / 1000.0
    placed = rng.poisson(p.initial_placements_per_1000 * per_child)
    foster = rng.binomial(placed, p.initial_foster_share)
    return [
        (FOSTER, foster, p.placement_need, p.institution_need),
        (INSTITUTION, placed - foster, p.institution_need, p.institution_need + 1.0),
        (PREVENTIVE, rng.poisson(p.initial_preventive_per_1000 * per_child), p.close_need, p.placement_need),
        (ADVICE, rng.poisson(p.initial_advice_per_1000 * per_child), p.close_need, p.investigate_need),
        (INVESTIGATION, rng.poisson(p.initial_investigations_per_1000 * per_child), p.investigate_need,
         p.placement_need),
    ]


def open_cases(model: DepartmentModel, rng: np.random.Generator) -> None:
    """Open the stock of cases: needs uniform within the stage's band, ages uniform, each stage begun up to
    26 weeks ago (a § 11 course within its length), investigations up to half their deadline ago with
    30-100% of their work left, placed children's next visit within one interval; each case to the
    least-loaded caseworker (§ 11 cases to the intake team if there is one)."""
    p, rules = model.params, model.rules
    for stage, count, low, high in stage_stocks(p, rng):
        needs = rng.uniform(low, max(high, low), count)
        ages = rng.uniform(0.0, p.age_out_years, count)
        span = p.advice_weeks if stage == ADVICE else 26.0
        starts = -span * rng.random(count) * HOURS_PER_WEEK
        elapsed = 0.5 * rng.random(count) * p.investigation_deadline_weeks * HOURS_PER_WEEK
        work_factor = rng.uniform(0.3, 1.0, count)
        next_visit = rules.visit_interval * rng.random(count)
        ids = model.next_family_id + np.arange(count)
        model.next_family_id += count
        keys = model.draws.family_keys(ids)
        for i in range(count):
            row = casework.open_family(model, int(ids[i]), int(keys[i]), float(needs[i]), float(ages[i]), stage, 0.0)
            model.family_table.case[row] = model.case_book.open(int(ids[i]), 0.0)
            start = float(starts[i])
            if stage == INVESTIGATION:
                start = -float(elapsed[i])
                casework.start_investigation(model, row, start, counted=False)
                model.family_table.work_left[row] *= work_factor[i]
            model.family_table.stage_start[row] = model.family_table.opened[row] = start
            if stage in (FOSTER, INSTITUTION):
                model.family_table.next_visit[row] = next_visit[i]
            casework.assign(model, row, stage == ADVICE, 0.0)


def step(model: DepartmentModel) -> None:
    """Staff and cases at the start, from the run's initial-state generator."""
    rng = model.draws.stream("initial_state")
    seat_staff(model, rng)
    staffing.set_hours(model)
    open_cases(model, rng)
