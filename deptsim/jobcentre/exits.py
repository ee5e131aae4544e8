"""Who leaves the benefit, and where to: work or education, another benefit, or another municipality
(ODD J.6). The three are competing hazards, drawn with one number per citizen and week."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.jobcentre.citizens import KIND_NAMES, KINDS

if TYPE_CHECKING:
    from deptsim.jobcentre.model import JobCentreModel

WEEKS_PER_YEAR = 52.0
STAYS, TO_WORK, TO_OTHER_BENEFIT, MOVED = 0, 1, 2, 3


def work_hazard(distance: np.ndarray, *, work_rate_year: np.ndarray) -> np.ndarray:
    """Weekly hazard of leaving for work or education: (work_rate_year / 52) · exp(-distance). Assumption
    (docs/parameters.md)."""
    return work_rate_year / WEEKS_PER_YEAR * np.exp(-distance)


def where_to(u: np.ndarray, work: np.ndarray, other: np.ndarray, moving: np.ndarray) -> np.ndarray:
    """Each citizen's exit this week from one uniform `u` and the three weekly hazards: a citizen leaves with
    probability 1 - exp(-(sum of hazards)), to each destination in proportion to its hazard; STAYS otherwise."""
    total = work + other + moving
    leaves = -np.expm1(-total)
    share = np.divide(u, leaves, out=np.ones_like(u), where=leaves > 0) * total  # where in [0, total) u falls
    return np.where(u >= leaves, STAYS, np.where(share < work, TO_WORK,
                                                 np.where(share < work + other, TO_OTHER_BENEFIT, MOVED)))


def by_kind(model: JobCentreModel, kinds: np.ndarray, suffix: str) -> np.ndarray:
    """The parameter `<kind>_<suffix>` of each citizen's kind."""
    values = np.array([getattr(model.params, f"{KIND_NAMES[kind]}_{suffix}") for kind in KINDS])
    return values[kinds]


def step(model: JobCentreModel) -> None:
    """The week's exits; the leavers' rows are freed and their caseworkers' loads lowered."""
    p, table = model.params, model.citizen_table
    rows = table.rows()
    kinds = table.kind[rows].astype(np.int64)
    exit_to = where_to(model.draws.uniform("citizen_exit", table.key[rows], model.week),
                       work_hazard(table.distance[rows], work_rate_year=by_kind(model, kinds, "work_rate_year")),
                       by_kind(model, kinds, "other_rate_year") / WEEKS_PER_YEAR,
                       np.full(len(rows), p.moving_rate_year / WEEKS_PER_YEAR))
    leaving = rows[exit_to != STAYS]
    model.counts["exits_work"] += int(np.count_nonzero(exit_to == TO_WORK))
    model.counts["exits_other"] += int(np.count_nonzero(exit_to == TO_OTHER_BENEFIT))
    model.counts["exits_moved"] += int(np.count_nonzero(exit_to == MOVED))
    model.counts["weeks_on_benefit_of_leavers"] += float((model.week + 1 - table.entered[leaving]).sum())
    model.release_citizens(leaving)
