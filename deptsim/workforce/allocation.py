"""Allocation: how a week's caseworker hours are shared between the intake desks and the cases (ODD 7.2, 7.10).

Each position first reserves a share of its hours for intake (the duty rota, or the intake team's
main job), raised when the queue holds more work than the reserved hours cover. The rest goes to its
own cases by priority class: 0 deadline work (investigations, oldest first), 1 placements with a
supervision visit due, 2 § 11 cases, 3 measures and placements. While a caseworker is off sick their
cases either wait (`sick_cover = "wait"`) or the absent share of their demand is pooled and served
from colleagues' spare hours (`"spread"`). Hours still left may go to intake.

Everything here is vectorised over positions and cases; nothing knows what a case is about.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_PRIORITIES = 4


@dataclass
class Allocation:
    """The week's hours, as the rest of the week needs them."""

    service: np.ndarray
    """Per case: the share of its wanted hours it gets (0-1)."""
    overload: np.ndarray
    """Per position: demand placed on the caseworker over their case capacity, minus 1."""
    intake_hours: float
    """Hours given to the intake desks."""
    served: float
    """Hours of casework delivered."""


def duty_shares(team: np.ndarray, available: np.ndarray, intake_work: float, *, intake_team_duty_share: float,
                intake_duty_share: float, intake_max_share: float) -> np.ndarray:
    """Each position's share of hours reserved for intake this week.

    duty = the team's share for members (the rota's share for everyone when there is no team); with
    missing = intake_work − Σ duty·available and room = max(max_share − duty, 0), when hours are missing
    every duty rises by room·min(1, missing / Σ room·available). Source: the Assens and Slagelse intake
    teams (DOMAIN.md); shares assumed (docs/parameters.md).
    """
    rota = 0.0 if team.any() else intake_duty_share
    duty = np.where(team, intake_team_duty_share, rota)
    room = np.maximum(intake_max_share - duty, 0.0)
    missing = intake_work - float((duty * available).sum())
    spare = float((room * available).sum())
    if missing > 0 and spare > 0:
        duty = duty + room * min(1.0, missing / spare)
    return duty


def share_covered(capacity: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Share of wanted hours that capacity covers, within 0-1 (1 when nothing is wanted)."""
    covered = np.divide(capacity, wanted, out=np.ones_like(wanted, dtype=np.float64), where=wanted > 0)
    return np.clip(covered, 0.0, 1.0)


def oldest_first(holder: np.ndarray, demand: np.ndarray, age_order: np.ndarray,
                 capacity: np.ndarray) -> np.ndarray:
    """Service share of each deadline case when every caseworker works through theirs oldest first.

    A case gets clip((capacity − hours of its caseworker's older cases) / demand, 0, 1). `holder` is -1
    for cases that are not deadline work or have no caseworker (they get 0 here).
    """
    service = np.zeros(len(holder))
    cases = np.flatnonzero(holder >= 0)
    if len(cases) == 0:
        return service
    cases = cases[np.lexsort((age_order[cases], holder[cases]))]  # by caseworker, then oldest first
    wanted = demand[cases]
    by = holder[cases]
    total = np.cumsum(wanted)
    group_start = np.r_[True, by[1:] != by[:-1]]
    before_group = np.maximum.accumulate(np.where(group_start, total - wanted, 0.0))
    used_before = total - wanted - before_group
    left = capacity[by] - used_before
    service[cases] = np.where(wanted > 0, np.clip(np.divide(left, wanted, out=np.ones_like(left),
                                                            where=wanted > 0), 0.0, 1.0), 1.0)
    return service


def allocate(*, nominal: np.ndarray, absent: np.ndarray, duty: np.ndarray, holder: np.ndarray,
             demand: np.ndarray, priority: np.ndarray, age_order: np.ndarray, spread_sick_cases: bool,
             spare_hours_to_intake: bool) -> Allocation:
    """Share the week's hours (the rules in the module docstring and ODD 7.10).

    nominal, absent, duty: per position; holder (-1 for none), demand (hours wanted), priority (class,
    0 first) and age_order (oldest first within class 0): per case.
    """
    n_positions = len(nominal)
    if n_positions == 0:
        return Allocation(np.zeros(len(holder)), np.zeros(0), 0.0, 0.0)
    available = nominal * (1.0 - absent)
    intake = duty * available
    capacity = available - intake
    assigned = holder >= 0
    safe_holder = np.where(assigned, holder, 0)
    wanted = np.zeros((N_PRIORITIES, n_positions))
    np.add.at(wanted, (priority[assigned], holder[assigned]), demand[assigned])
    own_share = 1.0 - absent if spread_sick_cases else np.ones(n_positions)

    # each caseworker serves their own cases class by class
    left = capacity.copy()
    own_ratio = np.empty((N_PRIORITIES, n_positions))
    for level in range(N_PRIORITIES):
        want = wanted[level] * own_share
        own_ratio[level] = share_covered(left, want)
        left -= want * own_ratio[level]
    placed = wanted.sum(axis=0) * own_share

    # the sick colleagues' pooled demand, served class by class from what everyone has left
    pool_ratio = np.ones(N_PRIORITIES)
    if spread_sick_cases:
        pooled = (wanted * absent).sum(axis=1)
        spare = float(left.sum())
        remaining = spare
        for level in range(N_PRIORITIES):
            pool_ratio[level] = min(max(remaining, 0.0) / pooled[level], 1.0) if pooled[level] > 0 else 1.0
            remaining -= pooled[level] * pool_ratio[level]
        if spare > 0:
            left *= remaining / spare
        total_capacity = float(capacity.sum())
        if total_capacity > 0:
            placed = placed + pooled.sum() * capacity / total_capacity

    deadline_work = np.where(priority == 0, holder, -1)
    first_come = oldest_first(deadline_work, demand * own_share[safe_holder], age_order, capacity)
    service = np.where(priority == 0, first_come, own_ratio[priority, safe_holder])
    if spread_sick_cases:
        a = absent[safe_holder]
        service = (1.0 - a) * service + a * pool_ratio[priority]
    service = np.where(assigned, service, 0.0)

    if spare_hours_to_intake:
        intake = intake + np.maximum(left, 0.0)
    case_capacity = nominal * (1.0 - duty)
    overload = np.divide(placed, case_capacity, out=np.zeros(n_positions), where=case_capacity > 0) - 1.0
    served = float(capacity.sum() - np.maximum(left, 0.0).sum())
    return Allocation(service, overload, float(intake.sum()), served)
