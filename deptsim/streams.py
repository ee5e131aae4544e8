"""One random stream per kind of decision (common random numbers).

Each stream is seeded from the run's seed and the stream's fixed index, so
switching a reform on changes the draws of the decisions it touches and leaves
every other stream where it was. Add a new stream at the end of STREAMS: never
reorder, or every result for a given seed changes.
"""

from __future__ import annotations

import numpy as np

STREAMS = (
    "arrivals",
    "rereferral",
    "need",
    "assessment_work",
    "escalation",
    "sickness",
    "resignation",
    "recruitment",
    "handover",
    "visits",
    "complaints",
    "initial_state",
    "age",
)


class RandomStreams:
    """Named numpy generators, all derived from one seed."""

    def __init__(self, seed: int) -> None:
        root = np.random.SeedSequence(seed)
        for index, name in enumerate(STREAMS):
            child = np.random.SeedSequence(root.entropy, spawn_key=(index,))
            setattr(self, name, np.random.default_rng(child))

    arrivals: np.random.Generator
    rereferral: np.random.Generator
    need: np.random.Generator
    assessment_work: np.random.Generator
    escalation: np.random.Generator
    sickness: np.random.Generator
    resignation: np.random.Generator
    recruitment: np.random.Generator
    handover: np.random.Generator
    visits: np.random.Generator
    complaints: np.random.Generator
    initial_state: np.random.Generator
    age: np.random.Generator
