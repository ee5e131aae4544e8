"""Workload: how a week's caseworker hours are shared between intake and cases.

Each present caseworker first gives a reserved share of their hours to the
intake desks (the duty rota, or the intake team's main job), then serves their
own cases in order of priority (deadlines first); a case gets the share of its
demand that is left for its priority. While a caseworker is sick their cases
either wait or are spread over the hours colleagues have left after their own
cases. Hours still left over go to the intake desks.

The arithmetic is compiled with numba, in the order of operations (and numpy's order of summation)
of the numpy version it replaced, so that allocations are the same to the last bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from deptsim.sums import numpy_sum


@njit(cache=True)
def allocate_hours(available, nominal, absent, duty_share, holder, demand, priority, n_priorities, spread_sick_cases,
                   spare_to_intake, queue_order):
    """Share the week's hours: returns per case the share of its demanded hours it gets (0-1), per position its
    overload (demand placed on it over its case capacity, minus 1) and hours given to intake, and the hours of
    casework served.

    available: hours each position works this week (0 when vacant or sick); nominal: hours each would work if
    present all week; absent: share of the week absent; duty_share: reserved intake share; holder, demand,
    priority: per case, its caseworker's position (-1 for none), the hours it wants this week and its priority
    class (0 is served first). Within priority 0 a caseworker works through cases in `queue_order` (oldest
    first, as with deadlines); other classes share the hours in proportion.
    """
    n_pos = len(available)
    if n_pos == 0:
        return np.zeros(len(holder)), np.zeros(0), np.zeros(0), 0.0
    wanted = _wanted(holder, demand, priority, n_priorities, n_pos)
    # The hours wanted by sick colleagues' cases, pooled: numpy's `(wanted * absent).sum(axis=1)`, not BLAS's
    # `wanted @ absent`, whose order of addition depends on the CPU.
    pooled = np.zeros(n_priorities)
    if spread_sick_cases:
        for level in range(n_priorities):
            pooled[level] = numpy_sum(wanted[level] * absent)
    return _share(available, nominal, absent, duty_share, holder, demand, priority, wanted, pooled, spread_sick_cases,
                  spare_to_intake, queue_order)


@njit(cache=True)
def duty_shares(team, available, intake_work, team_share, rota_share, max_share):
    """Share of each position's hours reserved for intake this week.

    The reserved share is the team's for its members; the rota's for everyone when there is no
    team. It rises towards `max_share` when the queue holds more work (`intake_work` hours) than
    the reserved hours cover. The products are summed in numpy's order (`(a * b).sum()`), not as
    BLAS would: BLAS's order of addition depends on the CPU.
    """
    rota = rota_share if not team.any() else 0.0
    duty = np.empty(len(team))
    room = np.empty(len(team))
    for p in range(len(team)):
        duty[p] = team_share if team[p] else rota
        room[p] = max(max_share - duty[p], 0.0)
    missing = intake_work - numpy_sum(duty * available)
    spare = numpy_sum(room * available)
    if missing > 0 and spare > 0:
        duty = duty + room * min(1.0, missing / spare)
    return duty


@njit(cache=True)
def _wanted(holder, demand, priority, n_priorities, n_pos):
    """Hours wanted per priority class and position, summed case by case in order."""
    wanted = np.zeros((n_priorities, n_pos))
    for i in range(len(holder)):
        if holder[i] >= 0:
            wanted[priority[i], holder[i]] += demand[i]
    return wanted


@njit(cache=True)
def _ratio(capacity, wanted):
    """Share of wanted hours that capacity covers (0-1), 1 when nothing is wanted."""
    return min(max(capacity / wanted, 0.0), 1.0) if wanted > 0 else 1.0


@njit(cache=True)
def _by_caseworker(rows, holder, n_pos):
    """`rows` stably sorted by their caseworker's position (a counting sort)."""
    start = np.zeros(n_pos + 1, dtype=np.int64)
    for row in rows:
        start[holder[row] + 1] += 1
    for p in range(n_pos):
        start[p + 1] += start[p]
    ordered = np.empty_like(rows)
    for row in rows:
        ordered[start[holder[row]]] = row
        start[holder[row]] += 1
    return ordered


@njit(cache=True)
def _first_come_first_served(holder, demand, order, capacity):
    """Service share per priority-0 case when each caseworker serves them oldest first (by `order`)."""
    service = np.zeros(len(holder))
    rows = np.flatnonzero(holder >= 0)
    if len(rows) == 0:
        return service
    # by caseworker, then by order, then as listed: a stable sort by order, then a stable counting sort by
    # caseworker (the same permutation as a second stable sort, without its n log n)
    rows = _by_caseworker(rows[np.argsort(order[rows], kind="mergesort")], holder, len(capacity))
    used = 0.0
    group_start = 0.0
    for k in range(len(rows)):
        row = rows[k]
        wanted = demand[row]
        if k == 0 or holder[row] != holder[rows[k - 1]]:
            group_start = (used + wanted) - wanted
        used += wanted
        used_before = used - wanted - group_start
        left = capacity[holder[row]] - used_before
        service[row] = min(max(left / wanted, 0.0), 1.0) if wanted > 0 else 1.0
    return service


@njit(cache=True)
def _share(available, nominal, absent, duty_share, holder, demand, priority, wanted, pooled, spread_sick_cases,
           spare_to_intake, order):
    """The allocation itself: per case its service share; per position overload and intake hours; and the
    hours of casework served. Each step is the numpy code it replaced, in the same order of operations."""
    n_levels, n_pos = wanted.shape
    intake = duty_share * available
    capacity = available - intake
    own_share = 1.0 - absent if spread_sick_cases else np.ones(n_pos)
    left = capacity.copy()
    own_ratio = np.empty((n_levels, n_pos))
    for level in range(n_levels):
        for p in range(n_pos):
            want = wanted[level, p] * own_share[p]
            own_ratio[level, p] = _ratio(left[p], want)
            left[p] -= want * own_ratio[level, p]
    placed = wanted[0].copy()
    for level in range(1, n_levels):
        placed += wanted[level]
    placed *= own_share
    pool_ratio = np.zeros(n_levels)
    if spread_sick_cases:
        spare = numpy_sum(left)
        remaining = spare
        for level in range(n_levels):
            pool_ratio[level] = min(max(remaining, 0.0) / pooled[level], 1.0) if pooled[level] > 0 else 1.0
            remaining -= pooled[level] * pool_ratio[level]
        if spare > 0:
            left *= remaining / spare
        total_capacity = numpy_sum(capacity)
        if total_capacity > 0:
            placed = placed + numpy_sum(pooled) * capacity / total_capacity
    service = np.zeros(len(holder))
    deadline_work = np.where(priority == 0, holder, -1)
    own_demand = np.empty(len(holder))
    for i in range(len(holder)):
        own_demand[i] = demand[i] * own_share[holder[i] if holder[i] >= 0 else 0]
    first_come = _first_come_first_served(deadline_work, own_demand, order, capacity)
    for i in range(len(holder)):
        position = holder[i]
        if position < 0:
            continue
        level = priority[i]
        share = first_come[i] if level == 0 else own_ratio[level, position]
        if spread_sick_cases:
            a = absent[position]
            share = (1.0 - a) * share + a * pool_ratio[level]
        service[i] = share
    if spare_to_intake:
        intake = intake + np.maximum(left, 0.0)
    nominal_capacity = nominal * (1.0 - duty_share)
    overload = np.zeros(n_pos)
    for p in range(n_pos):
        overload[p] = (placed[p] / nominal_capacity[p] if nominal_capacity[p] > 0 else 0.0) - 1.0
    served = numpy_sum(capacity) - numpy_sum(np.maximum(left, 0.0))
    return service, overload, intake, served
