"""The values the week's child-welfare rules read, derived once from the parameters (and again when
a reform changes them): hours and priorities by stage, work and deadlines in hours."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from deptsim.params import Parameters

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0
HOURS_PER_YEAR = HOURS_PER_WEEK * WEEKS_PER_YEAR

# Who is served first when hours are short, by stage: deadline work (investigations, and families awaiting
# assessment, who want no hours), then § 11, then follow-up of measures and placements (ODD 7.10).
PRIORITY_BY_STAGE = np.array([0, 2, 0, 3, 3, 3], dtype=np.int64)
VISIT_PRIORITY = 1


@dataclass(frozen=True)
class Rules:
    """Parameters in the units the rules use."""

    p: Parameters
    documentation_factor: float  # 1 - documentation_share·documentation_relief
    hours_by_stage: np.ndarray  # hours a case wants a week (investigations: their own pace)
    effect_by_stage: np.ndarray  # effect of a week's full service on need
    investigation_work: float
    visit_work: float
    visit_interval: float  # hours between supervision visits
    investigation_deadline: float
    routine_deadline: float
    advice_course: float
    known_memory: float
    complaint_chance_week: float

    @classmethod
    def of(cls, p: Parameters) -> Rules:
        documentation = 1.0 - p.documentation_share * p.documentation_relief
        return cls(
            p=p, documentation_factor=documentation,
            hours_by_stage=np.array([0.0, p.advice_hours_week, 0.0, p.preventive_hours_week,
                                     p.placement_hours_week, p.placement_hours_week]) * documentation,
            effect_by_stage=np.array([0.0, p.advice_effect, p.investigation_effect, p.preventive_effect,
                                      p.placement_effect, p.placement_effect]),
            investigation_work=p.investigation_hours * documentation, visit_work=p.visit_hours * documentation,
            visit_interval=HOURS_PER_YEAR / p.visits_per_year if p.visits_per_year > 0 else math.inf,
            investigation_deadline=p.investigation_deadline_weeks * HOURS_PER_WEEK,
            routine_deadline=p.routine_deadline_days * 24.0, advice_course=p.advice_weeks * HOURS_PER_WEEK,
            known_memory=p.known_family_memory_years * HOURS_PER_YEAR,
            complaint_chance_week=-math.expm1(-p.complaint_rate_year / WEEKS_PER_YEAR),
        )
