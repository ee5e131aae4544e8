"""Need dynamics: help reduces a family's need, children at home recover on their own, and needs
escalate while children at home wait or go under-served (ODD 7.7-7.8).

Runs once a week, vectorised over the families that progress this week (in the department before
the week began, and still in the stage they began it in). Each family's draws are its own
(deptsim.draws), so one family's path does not move another's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from deptsim.childwelfare.family import AWAITING, FOSTER, INVESTIGATION, PREVENTIVE
from deptsim.draws import exponential
from deptsim.workforce.continuity import settling_share
from deptsim.workforce.corner_cutting import escalation_factor

if TYPE_CHECKING:
    from deptsim.model import DepartmentModel

HOURS_PER_WEEK = 168.0
WEEKS_PER_YEAR = 52.0


def returns_to_help(service: np.ndarray, *, help_returns: float) -> np.ndarray:
    """How much of the help's effect a family gets from the share `s` of its hours it was served:
    h = s ** help_returns. With help_returns < 1 the first hours matter most. Assumption (docs/parameters.md)."""
    return service**help_returns


def weeks_waited(stage: np.ndarray, waiting_since: np.ndarray, t1: float) -> np.ndarray:
    """Weeks a family has waited for help: since its referral (awaiting assessment) or since its
    investigation began (under investigation); 0 for families already being helped."""
    waiting = (stage == AWAITING) | (stage == INVESTIGATION)
    return np.where(waiting, (t1 - waiting_since) / HOURS_PER_WEEK, 0.0)


def wait_slope(stage: np.ndarray, *, referral_wait_slope: float, escalation_wait_slope: float) -> np.ndarray:
    """How fast the escalation hazard rises with each week waited: referral_wait_slope while a referral awaits
    its assessment (no caseworker has met the family, so nobody sees it worsen), escalation_wait_slope under
    investigation. Assumptions; referral_wait_slope is set by the late-help pattern (docs/validation.md)."""
    return np.where(stage == AWAITING, referral_wait_slope, escalation_wait_slope)


def escalation_hazard(helped: np.ndarray, weeks_waited: np.ndarray, *, escalation_hazard_week: float,
                      escalation_wait_slope: float | np.ndarray, escalation_wait_cap_weeks: float) -> np.ndarray:
    """Weekly hazard that a child at home escalates:
    escalation_hazard_week · (1 - h) · (1 + escalation_wait_slope · min(w, escalation_wait_cap_weeks)),
    with each family's own slope (`wait_slope`). Source of the mechanism: "late help is expensive help"
    (Assens, Aalborg; DOMAIN.md); rates assumed."""
    waited = np.minimum(weeks_waited, escalation_wait_cap_weeks)
    return escalation_hazard_week * (1.0 - helped) * (1.0 + escalation_wait_slope * waited)


def help_effect(stage: np.ndarray, helped: np.ndarray, effect_by_stage: np.ndarray, *,
                provider_effect_share: float) -> np.ndarray:
    """The week's reduction of need by help: e·(p + (1 - p)·h), with e the stage's effect and p the share
    a provider delivers whatever the caseworker's follow-up (measures and placements only)."""
    provided = np.where(stage >= PREVENTIVE, provider_effect_share, 0.0)
    return effect_by_stage[stage] * (provided + (1.0 - provided) * helped)


def natural_recovery(stage: np.ndarray, helped: np.ndarray, *, natural_recovery_week: float) -> np.ndarray:
    """Recovery of a child at home through its own network, shrinking as help replaces it:
    natural_recovery_week · (1 - h); none for placed children."""
    return np.where(stage < FOSTER, natural_recovery_week * (1.0 - helped), 0.0)


def step(model: DepartmentModel) -> None:
    """Age every family a week; update needs and draw escalations for those that progress. Sets
    `model.escalated` (over this week's families: whose need escalated) for the steps after."""
    p, table, week, draws = model.params, model.family_table, model.this_week, model.draws
    still_here = table.active[week.rows]
    table.age[week.rows[still_here]] += 1.0 / WEEKS_PER_YEAR
    going = model.progressing()
    rows, stage = week.rows[going], week.stages[going]
    # help is the hours given against the hours wanted: a case whose corners were cut (7.21) gets less
    helped = returns_to_help(week.service[going] * week.time_share[going], help_returns=p.help_returns)
    helped = helped * settling_share((model.t1 - table.changed_at[rows]) / HOURS_PER_WEEK,
                                     handover_settling_weeks=p.handover_settling_weeks)
    need = table.need[rows] - help_effect(stage, helped, model.rules.effect_by_stage,
                                          provider_effect_share=p.provider_effect_share)
    need -= natural_recovery(stage, helped, natural_recovery_week=p.natural_recovery_week)
    escalates = np.zeros(len(rows), dtype=bool)
    if p.need_escalation:
        slope = wait_slope(stage, referral_wait_slope=p.referral_wait_slope,
                           escalation_wait_slope=p.escalation_wait_slope)
        hazard = escalation_hazard(helped, weeks_waited(stage, table.waiting_since[rows], model.t1),
                                   escalation_hazard_week=p.escalation_hazard_week, escalation_wait_slope=slope,
                                   escalation_wait_cap_weeks=p.escalation_wait_cap_weeks)
        if p.corner_cutting:
            hazard = hazard * escalation_factor(week.time_share[going],
                                                corner_cutting_escalation=p.corner_cutting_escalation)
        keys = table.key[rows]
        escalates = (stage < FOSTER) & (draws.uniform("escalation", keys, model.week) < -np.expm1(-hazard))
        jumps = exponential(draws.uniform("escalation_jump", keys, model.week), p.escalation_jump)
        need = need + np.where(escalates, jumps, 0.0)
    table.need[rows] = np.maximum(need, 0.0)
    model.escalated = np.zeros(len(week.rows), dtype=bool)
    model.escalated[going] = escalates


def refer_escalations(model: DepartmentModel) -> None:
    """A child at home who escalated brings a new referral next week with chance escalation_referral_prob
    (7.9). Assumption (docs/parameters.md)."""
    table = model.family_table
    rows = model.this_week.rows[model.escalated]
    u = model.draws.uniform("escalation_referral", table.key[rows], model.week)
    model.escalation_referrals = table.family_id[rows[u < model.params.escalation_referral_prob]].tolist()
