"""Who comes on benefit: the citizens at the start and each week's new ones (ODD J.3).

New citizens arrive from outside the job centre, so how many come and how far from work they are is drawn
from a stream of their own (`Draws.stream`), the same in every scenario with the seed, week by week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.jobcentre.citizens import KIND_NAMES, KINDS

if TYPE_CHECKING:
    from deptsim.jobcentre.model import JobCentreModel

WEEKS_PER_YEAR = 52.0


def entering_distances(rng: np.random.Generator, count: int, *, mean: float, distance_shape: float) -> np.ndarray:
    """Distances from the labour market of `count` citizens coming on benefit: Gamma(shape, mean/shape).
    Assumption (docs/parameters.md)."""
    return rng.gamma(distance_shape, mean / distance_shape, count)


def initial(model: JobCentreModel, rng: np.random.Generator) -> None:
    """The citizens on benefit at the start, of each kind as many as the parameters say, each with a distance
    drawn as for a newcomer, up to two years on benefit and a last meeting spread over the planned interval."""
    p = model.params
    interval = WEEKS_PER_YEAR / p.meetings_per_year
    for kind in KINDS:
        count = getattr(p, f"{KIND_NAMES[kind]}_citizens")
        distances = entering_distances(rng, count, mean=getattr(p, f"{KIND_NAMES[kind]}_distance"),
                                       distance_shape=p.distance_shape)
        entered = -rng.uniform(0.0, 2 * WEEKS_PER_YEAR, count)
        last_meeting = -rng.uniform(0.0, interval, count)
        model.admit(kind, distances, entered, last_meeting)


def step(model: JobCentreModel) -> None:
    """The week's new citizens of each kind: Poisson(inflow_year / 52), assigned to the least-loaded
    caseworker, with their first meeting due at once."""
    p, rng = model.params, model.draws.stream("citizen_arrivals")
    interval = WEEKS_PER_YEAR / p.meetings_per_year
    for kind in KINDS:
        name = KIND_NAMES[kind]
        count = int(rng.poisson(getattr(p, f"{name}_inflow_year") / WEEKS_PER_YEAR))
        distances = entering_distances(rng, count, mean=getattr(p, f"{name}_distance"),
                                       distance_shape=p.distance_shape)
        model.admit(kind, distances, np.full(count, float(model.week)), np.full(count, model.week - interval))
        model.counts["entered"] += count
