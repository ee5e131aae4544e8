"""Resignations: each caseworker's weekly hazard of leaving, higher in the first year and with strain
(ODD 7.13)."""

from __future__ import annotations

import math

WEEKS_PER_YEAR = 52.0


def resignation_hazard(strain: float, tenure_weeks: float, was_mentored: bool, *, resignation_rate_year: float,
                       first_year_resignation_factor: float, mentoring_resignation_factor: float,
                       resignation_strain_factor: float) -> float:
    """Weekly hazard: rate/52 · F · resignation_strain_factor ** strain, where F is the first-year factor (times
    the mentoring factor for a mentored hire) in the first 52 weeks and 1 after.

    Sources: VIVE 2024 (almost one in four leave within a year) for the rate; the first-year and
    strain factors are assumptions (docs/parameters.md).
    """
    first_year = tenure_weeks < WEEKS_PER_YEAR
    factor = first_year_resignation_factor if first_year else 1.0
    if first_year and was_mentored:
        factor *= mentoring_resignation_factor
    return resignation_rate_year / WEEKS_PER_YEAR * factor * resignation_strain_factor**strain


def happens(u: float, hazard: float) -> bool:
    """Whether an event with this weekly hazard happens, given a uniform draw u: u < 1 - exp(-hazard)."""
    return u < -math.expm1(-hazard)
