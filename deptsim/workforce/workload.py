"""Workload: how a week's caseworker hours are shared between intake and cases.

Each present caseworker first gives a reserved share of their hours to the
intake desks (the duty rota, or the intake team's main job), then serves their
own cases in order of priority (deadlines first); a case gets the share of its
demand that is left for its priority. While a caseworker is sick their cases
either wait or are spread over the hours colleagues have left after their own
cases. Hours still left over go to the intake desks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Allocation:
    """The outcome of one week's allocation."""

    service: np.ndarray
    """Per case: share of its demanded hours it gets this week (0-1)."""
    overload: np.ndarray
    """Per position: demand placed on the caseworker / their case capacity, minus 1."""
    intake_hours: np.ndarray
    """Per position: hours given to the intake desks this week."""
    case_hours_served: float
    """Hours of casework delivered this week."""


def allocate(available: np.ndarray, nominal: np.ndarray, absent: np.ndarray, duty_share: np.ndarray,
             holder: np.ndarray, demand: np.ndarray, priority: np.ndarray, n_priorities: int, *,
             spread_sick_cases: bool, spare_to_intake: bool, queue_order: np.ndarray | None = None) -> Allocation:
    """Share the week's hours.

    available: hours each position works this week (0 when vacant or sick);
    nominal: hours each would work if present all week; absent: share of the
    week absent; duty_share: reserved intake share; holder, demand, priority:
    per case, its caseworker's position (-1 for none), the hours it wants this
    week and its priority class (0 is served first). Within priority 0 a
    caseworker works through cases in `queue_order` (oldest first, as with
    deadlines) when given; other classes share the hours in proportion.
    """
    n_pos = len(available)
    if n_pos == 0:
        return Allocation(service=np.zeros(len(holder)), overload=np.zeros(0), intake_hours=np.zeros(0),
                          case_hours_served=0.0)
    intake = duty_share * available
    capacity = available - intake
    assigned = holder >= 0
    own_share = (1.0 - absent) if spread_sick_cases else np.ones(n_pos)
    wanted = np.zeros((n_priorities, n_pos))
    for level in range(n_priorities):
        mask = assigned & (priority == level)
        wanted[level] = np.bincount(holder[mask], demand[mask], minlength=n_pos)
    left = capacity.copy()
    own_ratio = np.empty((n_priorities, n_pos))
    for level in range(n_priorities):
        own_ratio[level] = _ratio(left, wanted[level] * own_share)
        left -= wanted[level] * own_share * own_ratio[level]
    first_come = None
    if queue_order is not None:
        first_come = _first_come_first_served(holder, demand * own_share[np.where(holder >= 0, holder, 0)],
                                              priority == 0, queue_order, capacity)
    pool_ratio = np.zeros(n_priorities)
    placed = wanted.sum(axis=0) * own_share
    if spread_sick_cases:
        pooled = wanted @ absent
        spare = left.sum()
        remaining = spare
        for level in range(n_priorities):
            pool_ratio[level] = min(max(remaining, 0.0) / pooled[level], 1.0) if pooled[level] > 0 else 1.0
            remaining -= pooled[level] * pool_ratio[level]
        if spare > 0:
            left *= remaining / spare
        total_capacity = capacity.sum()
        if total_capacity > 0:
            placed = placed + pooled.sum() * capacity / total_capacity
    safe_holder = np.where(assigned, holder, 0)
    service = own_ratio[priority, safe_holder]
    if first_come is not None:
        service = np.where(priority == 0, first_come, service)
    if spread_sick_cases:
        a = absent[safe_holder]
        service = (1.0 - a) * service + a * pool_ratio[priority]
    service = np.where(assigned, service, 0.0)
    if spare_to_intake:
        intake = intake + np.maximum(left, 0.0)
    nominal_capacity = nominal * (1.0 - duty_share)
    overload = np.divide(placed, nominal_capacity, out=np.zeros(n_pos), where=nominal_capacity > 0) - 1.0
    return Allocation(service=service, overload=overload, intake_hours=intake,
                      case_hours_served=float(capacity.sum() - np.maximum(left, 0.0).sum()))


def _first_come_first_served(holder: np.ndarray, demand: np.ndarray, selected: np.ndarray, order: np.ndarray,
                             capacity: np.ndarray) -> np.ndarray:
    """Service share per case when each caseworker serves the selected cases oldest first."""
    service = np.zeros(len(holder))
    rows = np.flatnonzero(selected & (holder >= 0))
    if len(rows) == 0:
        return service
    rows = rows[np.lexsort((order[rows], holder[rows]))]
    who, wanted = holder[rows], demand[rows]
    cumulative = np.cumsum(wanted)
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    before_group = np.repeat(cumulative[starts] - wanted[starts], np.diff(np.r_[starts, len(rows)]))
    used_before = cumulative - wanted - before_group
    left = capacity[who] - used_before
    service[rows] = np.clip(np.divide(left, wanted, out=np.ones_like(left), where=wanted > 0), 0.0, 1.0)
    return service


def _ratio(capacity: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Share of wanted hours that capacity covers, 1 when nothing is wanted."""
    return np.clip(np.divide(capacity, wanted, out=np.ones_like(capacity), where=wanted > 0), 0.0, 1.0)
