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

from dataclasses import dataclass, replace

import numpy as np

from deptsim.compiled import ENABLED, kernel
from deptsim.workforce import corner_cutting, overtime

N_PRIORITIES = 4


@dataclass
class Allocation:
    """The week's hours, as the rest of the week needs them."""

    service: np.ndarray
    """Per case: the share of its wanted hours it gets (0-1); with corners cut, of its cut hours."""
    overload: np.ndarray
    """Per position: demand placed on the caseworker over their case capacity, minus 1."""
    intake_hours: float
    """Hours given to the intake desks."""
    served: float
    """Hours of casework delivered."""
    overtime: np.ndarray
    """Per position: hours worked over the contracted hours, all on the caseworker's own cases."""
    time_share: np.ndarray
    """Per case: the share of its wanted hours its caseworker gives it after cutting corners (1: none cut)."""


def duty_shares(team: np.ndarray, available: np.ndarray, intake_work: float, *, intake_team_duty_share: float,
                intake_duty_share: float, intake_max_share: float) -> np.ndarray:
    """Each position's share of hours reserved for intake this week.

    duty = the team's share for members (the rota's share for everyone when there is no team); with
    missing = intake_work - Σ duty·available and room = max(max_share - duty, 0), when hours are missing
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
    some = wanted > 0
    return np.where(some, np.minimum(np.maximum(capacity, 0.0) / np.where(some, wanted, 1.0), 1.0), 1.0)


def oldest_first(holder: np.ndarray, demand: np.ndarray, age_order: np.ndarray,
                 capacity: np.ndarray) -> np.ndarray:
    """Service share of each deadline case when every caseworker works through theirs oldest first.

    A case gets clip((capacity - hours of its caseworker's older cases) / demand, 0, 1). `holder` is -1
    for cases that are not deadline work or have no caseworker (they get 0 here).
    """
    service = np.zeros(len(holder))
    cases = np.flatnonzero(holder >= 0)
    if len(cases) == 0:
        return service
    cases = cases[np.lexsort((age_order[cases], holder[cases]))]  # by caseworker, then oldest first
    wanted, by = demand[cases], holder[cases]
    used_before = np.cumsum(wanted) - wanted  # hours of the cases before, over all caseworkers
    first_of_group = np.flatnonzero(np.diff(by, prepend=-1))
    group_start = np.repeat(used_before[first_of_group], np.diff(first_of_group, append=len(by)))
    service[cases] = share_covered(capacity[by] - (used_before - group_start), wanted)
    return service


def own_demand(holder: np.ndarray, demand: np.ndarray, own_share: np.ndarray) -> np.ndarray:
    """Per position: the hours its own cases want, times the share it serves itself (1, or 1 - absent when sick
    colleagues' cases are spread)."""
    assigned = holder >= 0
    return np.bincount(holder[assigned], weights=demand[assigned], minlength=len(own_share)) * own_share


def allocate(*, nominal: np.ndarray, absent: np.ndarray, duty: np.ndarray, holder: np.ndarray,
             demand: np.ndarray, priority: np.ndarray, age_order: np.ndarray, spread_sick_cases: bool,
             spare_hours_to_intake: bool, overtime_limit: np.ndarray | None = None,
             corner_cutting_floor: float | None = None) -> Allocation:
    """Share the week's hours: `allocate_numpy`, or its compiled twin `allocate_compiled` (the same rules in
    loops; it was a sixth of a run as numpy).

    Under pressure, before the kernels share the hours:
    - with `overtime_limit` (per position, hours), each caseworker works the overtime their own cases need
      beyond their case capacity, up to the limit; the kernels share the longer week with the intake hours
      unchanged, and the overload returned is against the contracted hours (ODD 7.19);
    - with `corner_cutting_floor`, each caseworker gives every case the share of its wanted hours that their
      hours (overtime included) cover, but not less than the floor (`time_share`); the kernels share the hours
      over the cut demand, `service` is the share of the cut demand a case gets, and the overload returned is
      that of the full demand (ODD 7.21).
    """
    if overtime_limit is None and corner_cutting_floor is None:
        return share_hours(nominal=nominal, absent=absent, duty=duty, holder=holder, demand=demand,
                           priority=priority, age_order=age_order, spread_sick_cases=spread_sick_cases,
                           spare_hours_to_intake=spare_hours_to_intake)
    own_share = 1.0 - absent if spread_sick_cases else np.ones(len(nominal))
    wanted = own_demand(holder, demand, own_share)
    case_capacity = nominal * (1.0 - absent) * (1.0 - duty)
    extra = np.zeros(len(nominal))
    if overtime_limit is not None:
        extra = overtime.overtime_hours(wanted, case_capacity, overtime_limit)
    time_share = np.ones(len(holder))
    if corner_cutting_floor is not None:
        per_caseworker = corner_cutting.time_per_case(wanted, case_capacity + extra,
                                                      corner_cutting_floor=corner_cutting_floor)
        held = holder >= 0
        time_share[held] = per_caseworker[holder[held]]
    hours_nominal, hours_duty = nominal, duty
    if overtime_limit is not None:
        hours_nominal, hours_duty = overtime.hours_with_overtime(nominal, absent, duty, extra)
    shared = share_hours(nominal=hours_nominal, absent=absent, duty=hours_duty, holder=holder,
                         demand=demand * time_share, priority=priority, age_order=age_order,
                         spread_sick_cases=spread_sick_cases, spare_hours_to_intake=spare_hours_to_intake)
    overload = shared.overload
    if overtime_limit is not None:
        overload = overtime.contracted_overload(overload, hours_nominal * (1.0 - hours_duty), nominal * (1.0 - duty))
    if corner_cutting_floor is not None:
        overload = corner_cutting.full_demand_overload(overload, per_caseworker)
    return replace(shared, overload=overload, overtime=extra, time_share=time_share)


def share_hours(*, nominal: np.ndarray, absent: np.ndarray, duty: np.ndarray, holder: np.ndarray,
                demand: np.ndarray, priority: np.ndarray, age_order: np.ndarray, spread_sick_cases: bool,
                spare_hours_to_intake: bool) -> Allocation:
    """The kernel that runs: `allocate_compiled` when numba compiles, else `allocate_numpy`."""
    if not ENABLED or len(nominal) == 0:
        return allocate_numpy(nominal=nominal, absent=absent, duty=duty, holder=holder, demand=demand,
                              priority=priority, age_order=age_order, spread_sick_cases=spread_sick_cases,
                              spare_hours_to_intake=spare_hours_to_intake)
    service, overload, intake, served = allocate_compiled(
        nominal=nominal, absent=absent, duty=duty, holder=holder, demand=demand, priority=priority,
        age_order=age_order, spread_sick_cases=spread_sick_cases, spare_hours_to_intake=spare_hours_to_intake)
    return Allocation(service, overload, intake, served, np.zeros(len(nominal)), np.ones(len(holder)))


def allocate_numpy(*, nominal: np.ndarray, absent: np.ndarray, duty: np.ndarray, holder: np.ndarray,
                   demand: np.ndarray, priority: np.ndarray, age_order: np.ndarray, spread_sick_cases: bool,
                   spare_hours_to_intake: bool) -> Allocation:
    """Share the week's hours (the rules in the module docstring and ODD 7.10).

    nominal, absent, duty: per position; holder (-1 for none), demand (hours wanted), priority (class,
    0 first) and age_order (oldest first within class 0): per case.
    """
    n_positions = len(nominal)
    if n_positions == 0:
        return Allocation(np.zeros(len(holder)), np.zeros(0), 0.0, 0.0, np.zeros(0), np.ones(len(holder)))
    available = nominal * (1.0 - absent)
    intake = duty * available
    capacity = available - intake
    assigned = holder >= 0
    safe_holder = np.where(assigned, holder, 0)
    wanted = np.bincount(priority[assigned] * n_positions + holder[assigned], weights=demand[assigned],
                         minlength=N_PRIORITIES * n_positions).reshape(N_PRIORITIES, n_positions)
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
    overload = np.where(case_capacity > 0, placed / np.where(case_capacity > 0, case_capacity, 1.0), 0.0) - 1.0
    served = float(capacity.sum() - np.maximum(left, 0.0).sum())
    return Allocation(service, overload, float(intake.sum()), served, np.zeros(n_positions), np.ones(len(holder)))


@kernel
def allocate_compiled(nominal, absent, duty, holder, demand, priority, age_order, spread_sick_cases,
                      spare_hours_to_intake):
    """`allocate_numpy` in loops, compiled: returns (service, overload, intake hours, hours served)."""
    n_positions, n_cases = len(nominal), len(holder)
    available = nominal * (1.0 - absent)
    intake = duty * available
    capacity = available - intake
    wanted = np.zeros((N_PRIORITIES, n_positions))
    for case in range(n_cases):
        if holder[case] >= 0:
            wanted[priority[case], holder[case]] += demand[case]
    own_share = 1.0 - absent if spread_sick_cases else np.ones(n_positions)
    left = capacity.copy()
    own_ratio = np.empty((N_PRIORITIES, n_positions))
    placed = np.zeros(n_positions)
    for level in range(N_PRIORITIES):
        for p in range(n_positions):
            want = wanted[level, p] * own_share[p]
            own_ratio[level, p] = min(max(left[p], 0.0) / want, 1.0) if want > 0 else 1.0
            left[p] -= want * own_ratio[level, p]
            placed[p] += wanted[level, p]
    placed *= own_share
    pool_ratio = np.ones(N_PRIORITIES)
    if spread_sick_cases:
        pooled = np.zeros(N_PRIORITIES)
        for level in range(N_PRIORITIES):
            for p in range(n_positions):
                pooled[level] += wanted[level, p] * absent[p]
        spare = left.sum()
        remaining = spare
        for level in range(N_PRIORITIES):
            pool_ratio[level] = min(max(remaining, 0.0) / pooled[level], 1.0) if pooled[level] > 0 else 1.0
            remaining -= pooled[level] * pool_ratio[level]
        if spare > 0:
            left *= remaining / spare
        total_capacity = capacity.sum()
        if total_capacity > 0:
            placed = placed + pooled.sum() * capacity / total_capacity
    service = np.zeros(n_cases)
    used = np.zeros(n_positions)  # deadline hours of older cases, by caseworker
    for case in np.argsort(age_order, kind="mergesort"):
        p = holder[case]
        if p < 0:
            continue
        if priority[case] == 0:
            want = demand[case] * own_share[p]
            share = min(max(capacity[p] - used[p], 0.0) / want, 1.0) if want > 0 else 1.0
            used[p] += want
        else:
            share = own_ratio[priority[case], p]
        if spread_sick_cases:
            share = (1.0 - absent[p]) * share + absent[p] * pool_ratio[priority[case]]
        service[case] = share
    if spare_hours_to_intake:
        intake = intake + np.maximum(left, 0.0)
    overload = np.empty(n_positions)
    for p in range(n_positions):
        case_capacity = nominal[p] * (1.0 - duty[p])
        overload[p] = (placed[p] / case_capacity if case_capacity > 0 else 0.0) - 1.0
    return service, overload, intake.sum(), capacity.sum() - np.maximum(left, 0.0).sum()
