"""Corner-cutting: under work pressure caseworkers give each case less time (shorter contacts, fewer visits,
thinner investigations) before cases go unserved, down to a floor; the lost quality shows later (ODD 7.21).

The allocation (`allocation.allocate`) shrinks every case's wanted hours by its caseworker's time share before
sharing the hours. The work done counts at the lower standard: an investigation progresses, and a supervision
visit is made, by the share of its cut hours served. The help a family gets is the hours given against the hours
it wanted, so a case whose corners were cut improves more slowly and its child at home escalates more easily
(`childwelfare.needs`); on top, the lost quality raises the escalation hazard and the chance of a complaint
(`childwelfare.complaints`). The caseworker's strain input stays the overload of the full demand: the work is
still there, done to a lower standard.

Structure: Oliva and Sterman, "Cutting corners and working overtime: quality erosion in the service industry",
Management Science 47(7), 2001 (work pressure cuts the time per task; the lost quality returns later as rework
and more demand). The sizes are assumptions to be calibrated (docs/parameters.md).
"""

from __future__ import annotations

import numpy as np


def time_per_case(own_demand: np.ndarray, hours: np.ndarray, *, corner_cutting_floor: float) -> np.ndarray:
    """Per caseworker: the share of its wanted hours each of their cases is given, the inverse of their work
    pressure (own demand over the hours they have for cases, overtime included), within
    [corner_cutting_floor, 1]: max(floor, min(hours / own demand, 1)); 1 when nothing is wanted."""
    some = own_demand > 0
    share = np.where(some, np.maximum(hours, 0.0) / np.where(some, own_demand, 1.0), 1.0)
    return np.clip(share, corner_cutting_floor, 1.0)


def full_demand_overload(overload: np.ndarray, time_share: np.ndarray) -> np.ndarray:
    """Per caseworker: the overload of their full demand, from the allocation's overload of the cut demand:
    (overload + 1) / time share - 1 (-1 where the time share is 0). Exact when sick colleagues' cases wait; when
    they are spread, the pooled cases count as cut at the caseworker's own time share."""
    return np.divide(overload + 1.0, time_share, out=np.zeros_like(overload), where=time_share > 0) - 1.0


def escalation_factor(time_share: np.ndarray, *, corner_cutting_escalation: float) -> np.ndarray:
    """Multiplier of a child's escalation hazard when corners are cut on its case:
    1 + corner_cutting_escalation·(1 - time share). Assumption (structure: Oliva and Sterman 2001)."""
    return 1.0 + corner_cutting_escalation * (1.0 - time_share)


def complaint_chance(time_share: np.ndarray, *, corner_cutting_complaint: float) -> np.ndarray:
    """Extra chance of a complaint this week when corners are cut on the family's case:
    corner_cutting_complaint·(1 - time share). Assumption."""
    return corner_cutting_complaint * (1.0 - time_share)
