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


class Uniforms:
    """Uniform draws from one stream, taken ahead in blocks for compiled code to use without the Generator.

    `Generator.random(n)` gives the same numbers as n single draws, so as long as every use of the
    stream goes through here each decision gets the number it would have got from the stream itself.
    Compiled code takes `values[used[0]]` and advances `used`; `ensure` must have made room first.
    """

    def __init__(self, rng: np.random.Generator, block: int = 65536) -> None:
        self.rng = rng
        self.block = block
        self.values = np.zeros(0)
        self.used = np.zeros(1, dtype=np.int64)

    def ensure(self, n: int) -> None:
        """Have at least `n` draws ready (the array is replaced when it has to be refilled)."""
        used = int(self.used[0])
        left = len(self.values) - used
        if left < n:
            fresh = np.empty(max(self.block, 4 * n))  # refills, which replace the array, stay rare
            fresh[:left] = self.values[used:]
            fresh[left:] = self.rng.random(len(fresh) - left)
            self.values = fresh
            self.used[0] = 0

    def draw(self, n: int) -> np.ndarray:
        """The next `n` draws."""
        self.ensure(n)
        used = int(self.used[0])
        self.used[0] = used + n
        return self.values[used:used + n].copy()
