"""Random numbers keyed to who decides and when: common random numbers per agent.

Every random decision has a name (DECISIONS). A family's or a position's draw for a decision in a
week is a function of the run's seed, the decision, the agent's own key and the week, and of nothing
else: a counter-based generator (SplitMix64's mixing function over those four numbers, as Starsim
and JAX key their draws). So a reform that changes one family's path, or how many draws some decision
takes, leaves every other family's and position's draws where they were, and two scenarios run
with the same seed differ by the reform, not by noise.

What arrives from outside the department (the week's referrals: how many, when, about whom, with
what need) is drawn from a numpy Generator of its own (`stream`), which every scenario with that seed
draws from in the same way, week by week.
"""

from __future__ import annotations

import numpy as np

from deptsim.compiled import ENABLED, kernel

DECISIONS = (
    "arrivals", "initial_state", "escalation", "escalation_jump", "escalation_referral", "event_time",
    "visits", "complaints", "complaint_after_change", "handover", "sickness_long", "sickness_length",
    "sickness_short", "sickness_days", "resignation", "recruitment", "escalation_referral_work",
    "citizen_arrivals", "citizen_initial", "meeting", "citizen_exit",
)
"""Add a new decision at the end: an index once given is never reused, or every result for a seed changes."""

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_TO_UNIT = 2.0**-53
FAMILY, POSITION, CITIZEN = 1, 2, 3  # the kinds of agent a key is made for


def mix(x: int) -> int:
    """SplitMix64's mixing function on a Python int (64 bits)."""
    z = (x + GOLDEN) & MASK
    z = ((z ^ (z >> 30)) * _M1) & MASK
    z = ((z ^ (z >> 27)) * _M2) & MASK
    return z ^ (z >> 31)


def mix_array(x: np.ndarray) -> np.ndarray:
    """SplitMix64's mixing function, element by element, on uint64 (wrapping arithmetic)."""
    z = x + np.uint64(GOLDEN)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
    return z ^ (z >> np.uint64(31))


class Draws:
    """The run's random numbers, by decision, agent and week."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.root = mix(seed & MASK)
        self.streams: dict[str, np.random.Generator] = {}

    # --- keys -------------------------------------------------------------------------------
    def family_keys(self, family_ids: np.ndarray) -> np.ndarray:
        """Each family's own key (kept on the family's row)."""
        return self._keys(FAMILY, np.asarray(family_ids, dtype=np.uint64))

    def citizen_keys(self, citizen_ids: np.ndarray) -> np.ndarray:
        """Each job-centre citizen's own key (kept on the citizen's row)."""
        return self._keys(CITIZEN, np.asarray(citizen_ids, dtype=np.uint64))

    def position_keys(self, positions: np.ndarray) -> np.ndarray:
        """Each position's own key: the draws of its holders, whoever they are."""
        return self._keys(POSITION, np.asarray(positions, dtype=np.uint64))

    def _keys(self, kind: int, ids: np.ndarray) -> np.ndarray:
        return mix_array(ids ^ np.uint64(mix(self.root ^ kind)))

    @staticmethod
    def salt(decision: str, week: int, k: int) -> int:
        return mix((DECISIONS.index(decision) << 48) ^ (int(week) << 8) ^ k)

    # --- draws ------------------------------------------------------------------------------
    def uniform(self, decision: str, keys: np.ndarray, week: int, k: int = 0) -> np.ndarray:
        """One uniform in [0, 1) per agent key for `decision` in `week` (`k`: a second draw of it)."""
        salt = np.uint64(self.salt(decision, week, k))
        return uniform_compiled(keys, salt) if ENABLED else uniform_numpy(keys, salt)

    def uniform_one(self, decision: str, key: int, week: int, k: int = 0) -> float:
        """The same draw as `uniform` for a single agent key."""
        return (mix((int(key) + self.salt(decision, week, k)) & MASK) >> 11) * _TO_UNIT

    def stream(self, decision: str) -> np.random.Generator:
        """The run's numpy Generator for a decision taken outside the agents (the week's referrals from
        outside: the same number of draws every week in every scenario, so the same arrivals)."""
        if decision not in self.streams:
            self.streams[decision] = np.random.default_rng([self.seed, DECISIONS.index(decision)])
        return self.streams[decision]


def uniform_numpy(keys: np.ndarray, salt: np.uint64) -> np.ndarray:
    """The uniforms of keys + salt: the top 53 bits of their mix, over 2**53 (arrays wrap without a warning)."""
    return (mix_array(keys + salt) >> np.uint64(11)).astype(np.float64) * _TO_UNIT


@kernel
def uniform_compiled(keys, salt):
    """`uniform_numpy` in a loop, compiled: the draws were a tenth of a run as numpy calls."""
    out = np.empty(len(keys))
    for i in range(len(keys)):
        z = keys[i] + salt + np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
        z = z ^ (z >> np.uint64(31))
        out[i] = np.float64(z >> np.uint64(11)) * _TO_UNIT
    return out


def exponential(u: np.ndarray, mean: float) -> np.ndarray:
    """Exponential draws with `mean` by inversion: -mean·ln(1 - u)."""
    return -mean * np.log1p(-u)


def gamma_shape_two(u1: np.ndarray, u2: np.ndarray, mean: float) -> np.ndarray:
    """Gamma draws of shape 2 and `mean`: the sum of two exponentials of mean/2."""
    return exponential(u1, mean / 2.0) + exponential(u2, mean / 2.0)


def poisson(u: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Poisson counts by inversion of the distribution function: the least k with F(k) > u.

    For the small weekly means of sick spells (well under 1) a few terms suffice; the loop goes on
    until every draw is covered.
    """
    mean = np.broadcast_to(np.asarray(mean, dtype=np.float64), u.shape)
    term = np.exp(-mean)
    cdf = term.copy()
    counts = np.zeros(u.shape, dtype=np.int64)
    k = 0
    beyond = u >= cdf
    while beyond.any():
        k += 1
        counts += beyond
        term = term * mean / k
        cdf = cdf + term
        beyond = beyond & (u >= cdf) & (term > 0)
    return counts
