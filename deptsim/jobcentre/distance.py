"""Distance from the labour market: it grows a little every week and falls at each meeting, the more so the more
time the caseworker gives it and the better they know the citizen (ODD J.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.workforce.continuity import settling_share

if TYPE_CHECKING:
    from deptsim.jobcentre.model import JobCentreModel


def meeting_gain(time_share: np.ndarray, settled: np.ndarray, *, meeting_effect: float) -> np.ndarray:
    """The fall in distance at a meeting: meeting_effect · f · s, with f the share of its wanted time the case
    got after corners were cut (1: none cut) and s the settling share after a change of caseworker
    (deptsim.workforce.continuity). Assumption informed by the trials in docs/parameters.md."""
    return meeting_effect * time_share * settled


def step(model: JobCentreModel) -> None:
    """Every citizen's distance rises by distance_drift_week; those who met their caseworker this week gain."""
    p, table = model.params, model.citizen_table
    rows, met = model.this_week_rows, model.met
    settled = settling_share(model.week - table.changed_at[rows[met]],
                             handover_settling_weeks=p.handover_settling_weeks)
    distance = table.distance[rows] + p.distance_drift_week
    distance[met] -= meeting_gain(model.time_share[met], settled, meeting_effect=p.meeting_effect)
    table.distance[rows] = np.maximum(distance, 0.0)
