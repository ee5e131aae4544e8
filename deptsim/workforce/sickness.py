"""Sick leave: long spells of whole weeks and short spells of days, both more frequent under strain
(ODD 7.12). The numbers come from the union's sick-leave statistics (docs/parameters.md)."""

from __future__ import annotations

import math

WEEKS_PER_YEAR = 52.0
WORKING_DAYS_PER_WEEK = 5.0


def strain_multiplier(strain: float, *, sick_strain_factor: float) -> float:
    """How much strain raises the rate of sick spells: sick_strain_factor ** strain."""
    return sick_strain_factor**strain


def long_spell_chance(multiplier: float, *, long_spells_per_year: float) -> float:
    """Chance that a long spell starts this week: 1 - exp(-long_spells_per_year/52 · multiplier)."""
    return -math.expm1(-long_spells_per_year / WEEKS_PER_YEAR * multiplier)


def long_spell_weeks(u: float, *, long_spell_weeks: float) -> int:
    """Length of a long spell, geometric with mean `long_spell_weeks` (at least one week), from a uniform u."""
    end_chance = 1.0 / long_spell_weeks
    if end_chance >= 1.0:
        return 1
    return 1 + math.floor(math.log1p(-u) / math.log1p(-end_chance))


def poisson_count(u: float, mean: float) -> int:
    """A Poisson count by inversion: the least k whose distribution function exceeds u."""
    term = math.exp(-mean)
    cdf, k = term, 0
    while u >= cdf and term > 0.0:
        k += 1
        term *= mean / k
        cdf += term
    return k


def short_spell_absence(u_spells: float, u_days: float, multiplier: float, *, short_spells_per_year: float,
                        short_spell_days: float) -> float:
    """Share of the week off on short spells: spells ~ Poisson(rate/52 · multiplier), days = spells +
    Poisson((short_spell_days - 1)·spells), absent min(days/5, 1)."""
    spells = poisson_count(u_spells, short_spells_per_year / WEEKS_PER_YEAR * multiplier)
    if spells == 0:
        return 0.0
    days = spells + poisson_count(u_days, max(short_spell_days - 1.0, 0.0) * spells)
    return min(days / WORKING_DAYS_PER_WEEK, 1.0)
