"""Complaints: each family may complain in a week, more when its referral or investigation is past
its deadline or corners are cut on its case (corner_cutting, 7.21); a change of caseworker may bring one too
(casework.give). Complaints are recorded only (ODD 7.17)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare import casework
from deptsim.childwelfare.family import INVESTIGATION
from deptsim.workforce import corner_cutting

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel


def complaint_chance(overdue: np.ndarray, *, chance_week: float, complaint_per_overdue_week: float) -> np.ndarray:
    """Chance of a complaint this week: 1 - exp(-complaint_rate_year/52), plus complaint_per_overdue_week
    while a deadline is overdue (docs/continuity-and-complaints.md)."""
    return chance_week + np.where(overdue, complaint_per_overdue_week, 0.0)


def step(model: DepartmentModel) -> None:
    """The week's complaints of the families that progress, stamped at the week's end. A complaint whose draw
    falls in the overdue term's part of the chance (above the base chance, below base plus overdue) is
    counted as one about waiting."""
    table, week, book = model.family_table, model.this_week, model.referral_book
    going = model.progressing()
    rows, stage = week.rows[going], week.stages[going]
    pending = table.pending_referral[rows]
    overdue = ((pending >= 0) & (book.deadline[np.maximum(pending, 0)] < model.t1)) | (
        (stage == INVESTIGATION) & (table.deadline[rows] < model.t1))
    base = model.rules.complaint_chance_week
    chance = complaint_chance(overdue, chance_week=base,
                              complaint_per_overdue_week=model.params.complaint_per_overdue_week)
    if model.params.corner_cutting:
        chance = chance + corner_cutting.complaint_chance(
            week.time_share[going], corner_cutting_complaint=model.params.corner_cutting_complaint)
    u = model.draws.uniform("complaints", table.key[rows], model.week)
    complaining = u < chance
    model.counts.complaints_waiting += int(np.count_nonzero(
        complaining & overdue & (u >= base) & (u < base + model.params.complaint_per_overdue_week)))
    for family in table.family_id[rows[complaining]].tolist():
        casework.complain(model, family, model.t1)
