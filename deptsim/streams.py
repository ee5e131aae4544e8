"""One random stream per kind of decision (common random numbers).

Each stream is seeded from the run's seed and the stream's fixed index, so
switching a reform on changes the draws of the decisions it touches and leaves
every other stream where it was. Add a new stream at the end of STREAMS: never
reorder, or every result for a given seed changes.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numba.experimental import structref

from deptsim.structs import FieldsType

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


@structref.register
class GeneratorsType(FieldsType):
    """The compiled type of `Generators`."""


class Generators(structref.StructRefProxy):
    """The streams' numpy Generators, by the names of STREAMS, for compiled code to draw from.

    numba's Generator methods follow numpy's algorithms and share the Generator's bit generator, so a
    draw in compiled code gives the number the same draw in Python would, and moves the stream on
    (tests/test_compiled.py). Unboxing a Generator at every call would cost 12 µs; a StructRef
    holds them, unboxed once.
    """


structref.define_proxy(Generators, GeneratorsType, list(STREAMS))


@njit(cache=True)
def _bind_generators(*generators):
    return Generators(*generators)


class RandomStreams:
    """Named numpy generators, all derived from one seed."""

    def __init__(self, seed: int) -> None:
        root = np.random.SeedSequence(seed)
        for index, name in enumerate(STREAMS):
            child = np.random.SeedSequence(root.entropy, spawn_key=(index,))
            setattr(self, name, np.random.default_rng(child))
        self.compiled = _bind_generators(*(getattr(self, name) for name in STREAMS))

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
    Compiled code takes `values[used[0]]` and advances `used`; `ensure` must have made room first. A step that
    reads a varying number (Poisson counts, `poisson_counts`) stops where the draws run out, so that it can
    go on, or run again, after a refill.
    """

    def __init__(self, rng: np.random.Generator, block: int = 16384) -> None:
        self.rng = rng
        self.block = block
        self.values = np.zeros(0)
        self.used = np.zeros(1, dtype=np.int64)

    def ensure(self, n: int) -> None:
        """Have at least `n` draws ready.

        The draws left move to the front and fresh ones fill the rest, in the same array while it can
        hold `n` (compiled code bound to it keeps it), in a larger one otherwise.
        """
        used = int(self.used[0])
        left = len(self.values) - used
        if left < n:
            values = self.values if len(self.values) >= n else np.empty(max(self.block, 4 * n))
            values[:left] = self.values[used:]
            self.rng.random(out=values[left:])
            self.values = values
            self.used[0] = 0


@njit(cache=True)
def occurs(u, hazard):
    """Whether a uniform draw `u` falls below the chance of an event at this weekly `hazard`, 1 - exp(-hazard),
    computed as -expm1(-hazard).

    The chance is at most the hazard (1 - exp(-h) <= h), and the C library's expm1 is accurate to within
    an ulp, which cannot carry the computed chance above a non-negative hazard. So a draw at or above the
    hazard decides the comparison without expm1, with the same answer: most families' draws do, and the
    expm1 was a tenth of the week's compiled casework.
    """
    if hazard >= 0.0 and u >= hazard:
        return False
    return u < -math.expm1(-hazard)


# the largest mean numpy's Generator.poisson accepts (numpy/random/_generator.pyx, POISSON_LAM_MAX)
_POISSON_LAM_MAX = float(np.iinfo(np.int64).max - np.sqrt(np.iinfo(np.int64).max) * 10)

# numpy/random/src/distributions/distributions.c, random_loggam's series
_LOGGAM_SERIES = np.array([8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                           -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
                           6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
                           -1.39243221690590e+00])


@njit(cache=True)
def _loggam(x):
    """log Gamma(x) as numpy's sampler computes it (random_loggam)."""
    if x == 1.0 or x == 2.0:
        return 0.0
    n = int(7 - x) if x < 7.0 else 0
    x0 = x + n
    x2 = (1.0 / x0) * (1.0 / x0)
    gl0 = _LOGGAM_SERIES[9]
    for k in range(8, -1, -1):
        gl0 *= x2
        gl0 += _LOGGAM_SERIES[k]
    gl = gl0 / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * math.log(x0) - x0
    if x < 7.0:
        for _ in range(n):
            gl -= math.log(x0 - 1.0)
            x0 -= 1.0
    return gl


@njit(cache=True)
def poisson_counts(values, used, lam, counts, start):
    """Fill counts[start:] from the draws in values[used[0]:]; returns the index reached, or -1 at a mean
    numpy refuses (negative, NaN or too large).

    A count is written, and its draws consumed, only when it is complete: where the draws run out,
    `used` stays at the start of that count and its index is returned.
    """
    at = used[0]
    end = len(values)
    for i in range(start, len(lam)):
        mean = lam[i]
        k = 0
        taken = at
        if not 0.0 <= mean <= _POISSON_LAM_MAX:
            used[0] = at
            return -1
        if mean == 0.0:
            pass
        elif mean < 10.0:  # random_poisson_mult
            enlam = math.exp(-mean)
            prod = 1.0
            while True:
                if taken == end:
                    used[0] = at
                    return i
                prod *= values[taken]
                taken += 1
                if prod > enlam:
                    k += 1
                else:
                    break
        else:  # random_poisson_ptrs
            slam = math.sqrt(mean)
            loglam = math.log(mean)
            b = 0.931 + 2.53 * slam
            a = -0.059 + 0.02483 * b
            invalpha = 1.1239 + 1.1328 / (b - 3.4)
            vr = 0.9277 - 3.6224 / (b - 2)
            while True:
                if taken + 2 > end:
                    used[0] = at
                    return i
                u = values[taken] - 0.5
                v = values[taken + 1]
                taken += 2
                us = 0.5 - abs(u)
                k = math.floor((2 * a / us + b) * u + mean + 0.43)  # an integer in numba, as in C
                if us >= 0.07 and v <= vr:
                    break
                if k < 0 or (us < 0.013 and v > us):
                    continue
                if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= (
                        -mean + k * loglam - _loggam(k + 1.0)):
                    break
        counts[i] = k
        at = taken
    used[0] = at
    return len(lam)
