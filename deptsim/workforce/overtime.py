"""Overtime: when a caseworker's cases want more hours than they have, they work extra hours, up to a
limit (ODD 7.19).

The extra hours serve the caseworker's own cases: the allocation (`allocation.allocate`) shares them like
contracted hours, while the hours reserved for intake stay as they were. They wear on the caseworker: the
strain module's input is the overload against the contracted hours plus a term for the hours worked over
them. Paid overtime costs the hourly staff cost (`deptsim.costs`).

Structure: Oliva and Sterman, "Cutting corners and working overtime: quality erosion in the service
industry", Management Science 47(7), 2001 (work pressure is met first by overtime and corner-cutting;
overtime feeds fatigue and turnover). Size: no Danish figure; England 45.9 hours worked against 37.2
contracted (a 2012 survey of about 600 social workers, DOMAIN.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from deptsim.workforce.department import StaffedDepartment


def overtime_limit(nominal: np.ndarray, absent: np.ndarray, temporary: np.ndarray, *, overtime_max_share: float,
                   weekly_hours: float) -> np.ndarray:
    """Most extra hours each position works this week: overtime_max_share·weekly_hours·(1 - absent) for an
    employed caseworker in post (nominal hours above 0), in proportion to the share of the week they are at work;
    0 for a vacancy and for an agency caseworker (`temporary`, paid by the hour agreed, 7.20)."""
    return np.where((nominal > 0) & ~temporary, overtime_max_share * weekly_hours * (1.0 - absent), 0.0)


def overtime_hours(own_demand: np.ndarray, case_capacity: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Extra hours each caseworker works on their own cases: min(limit, max(own demand - case capacity, 0)),
    where the case capacity is the contracted hours at work after intake (ODD 7.10)."""
    return np.minimum(limit, np.maximum(own_demand - case_capacity, 0.0))


def hours_with_overtime(nominal: np.ndarray, absent: np.ndarray, duty: np.ndarray,
                        extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The nominal hours and duty shares to allocate so that `extra` hours go to the cases and the intake hours
    stay as they were: nominal' = nominal + extra/(1 - absent), duty' = duty·nominal/nominal'.

    (Then available' = available + extra, intake' = duty'·available' = duty·available, and the case capacity
    grows by exactly `extra`. `extra` is 0 wherever absent = 1.)
    """
    present = np.where(extra > 0, 1.0 - absent, 1.0)
    longer = nominal + extra / present
    return longer, np.divide(duty * nominal, longer, out=duty.copy(), where=longer > 0)


def contracted_overload(overload: np.ndarray, case_hours: np.ndarray, contracted_case_hours: np.ndarray) -> np.ndarray:
    """Overload against the contracted case hours, from the allocation's overload against the hours with
    overtime: (overload + 1)·case_hours / contracted_case_hours - 1 (-1 where no case hours are contracted,
    as in the allocation)."""
    return np.divide((overload + 1.0) * case_hours, contracted_case_hours, out=np.zeros_like(overload),
                     where=contracted_case_hours > 0) - 1.0


def overtime_strain(overload: np.ndarray, overtime: np.ndarray, contracted_case_hours: np.ndarray, *,
                    overtime_strain_weight: float) -> np.ndarray:
    """The strain module's input with overtime: overload + overtime_strain_weight·overtime / contracted case
    hours. The work still weighs as overload; the extra hours add fatigue on top (Oliva and Sterman 2001;
    the weight is an assumption)."""
    worn = np.divide(overtime, contracted_case_hours, out=np.zeros_like(overtime), where=contracted_case_hours > 0)
    return overload + overtime_strain_weight * worn


def step(model: StaffedDepartment) -> None:
    """The week's overtime (worked during the allocation, `family_workload.step`) adds to each caseworker's
    strain input."""
    p, roster = model.params, model.roster
    if not p.overtime:
        return
    n = roster.n
    contracted = roster.nominal[:n] * (1.0 - roster.duty[:n])
    roster.overload[:n] = overtime_strain(roster.overload[:n], roster.overtime[:n], contracted,
                                          overtime_strain_weight=p.overtime_strain_weight)
