"""Helpers shared by the tests."""

from __future__ import annotations

import dataclasses

import numpy as np

from deptsim import DepartmentModel, Parameters
from deptsim.childwelfare.family import Family, Stage
from deptsim.departments import CHILDREN_AND_FAMILY
from deptsim.model import WEEKLY_COLUMNS
from deptsim.workforce.caseworker import Caseworker


def positions_for_caseload(caseload: float, params: Parameters | None = None) -> int:
    """Positions that give this caseload for the department's starting case stock."""
    return CHILDREN_AND_FAMILY.positions_for_caseload(dataclasses.asdict(params or Parameters()), caseload)


def check_invariants(model: DepartmentModel) -> None:
    """The bookkeeping that must hold after every week."""
    columns = model.rows[-1]
    row = record = dict(zip(WEEKLY_COLUMNS, columns, strict=True))
    params, roster, table = model.params, model.roster, model.family_table
    # staff in post + vacancies = positions, and the agents are exactly the staff in post
    assert row["staff_in_post"] + row["vacancies"] == params.positions
    assert len(model.agents_by_type.get(Caseworker, [])) == row["staff_in_post"]
    # every referral is accounted for: arrived = closed + waiting
    assert record["referrals_arrived_total"] == record["referrals_closed_total"] + record["referrals_waiting"]
    # every family agent has an active row, and the other way round
    families = list(model.families)
    assert len(families) == int(table.active.sum())
    assert sorted(family.family_id for family in families) == sorted(table.family_id[table.active].tolist())
    assert all(table.active[family.row] and table.family_id[family.row] == family.family_id for family in families)
    assert len(model.agents_by_type.get(Family, [])) == len(families)
    # no case is held by a vacant position; held counts match the cases and are never negative
    rows = table.rows()
    holders = table.holder[rows[table.stage[rows] >= Stage.ADVICE]]
    assigned = holders[holders >= 0]
    assert roster.in_post[assigned].all(), "a case is assigned to a departed caseworker"
    held = roster.live("held")
    assert (held >= 0).all()
    assert np.array_equal(np.bincount(assigned, minlength=len(held)), held)
    # nothing numeric is NaN
    assert not any(isinstance(v, float) and np.isnan(v) for v in columns)
