"""The examples of docs/changing-the-model.md, run for real.

(a) The escalation rule replaced as the guide's section 1 does it for an experiment (the formula
`deptsim.childwelfare.needs.escalation_hazard` swapped for one that doubles the hazard while the family
waits) gives measurably more escalation-driven placements and a higher need, over several seeds.
(b) A new per-family column, as the guide's section 2 adds it ("weeks_waited_total", counted by a
small behaviour step run right after `needs.step`), starts at 0 and grows while families wait.

pytest's monkeypatch stands in for the edits the guide makes to the package, and undoes them after
each test.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import positions_for_caseload

import deptsim.childwelfare.families as families
import deptsim.childwelfare.needs as needs
from deptsim import Parameters, simulate
from deptsim.childwelfare.family import AWAITING, INVESTIGATION
from deptsim.columns import Column
from deptsim.model import WEEKLY_COLUMNS, DepartmentModel

SEEDS = range(6)
WEEKS = 4 * 52
# About 65 cases per position (tests/test_spiral.py's Assens 2014): referrals and investigations queue up, so
# how the hazard grows while a family waits matters.
QUEUEING = Parameters(positions=positions_for_caseload(65))
ORIGINAL_HAZARD = needs.escalation_hazard


def faster_while_waiting(helped: np.ndarray, weeks_waited: np.ndarray, **rates: float) -> np.ndarray:
    """The guide's example rule: the hazard of `needs.escalation_hazard`, doubled while the family waits
    (awaiting assessment or under investigation: weeks_waited > 0)."""
    return np.where(weeks_waited > 0, 2.0, 1.0) * ORIGINAL_HAZARD(helped, weeks_waited, **rates)


def outcomes(seed: int) -> tuple[float, float, float]:
    """Acute placements and placements started over the run, and the families' mean need at its end."""
    model = DepartmentModel(QUEUEING, seed=seed)
    for _ in range(WEEKS):
        model.step()
    acute, started = WEEKLY_COLUMNS.index("acute_placements"), WEEKLY_COLUMNS.index("placements_started")
    table = model.family_table
    return (sum(row[acute] for row in model.rows), sum(row[started] for row in model.rows),
            float(table.need[table.rows()].mean()))


def test_the_example_rule_doubles_the_hazard_only_while_a_family_waits():
    rates = dict(escalation_hazard_week=0.02, escalation_wait_slope=0.08, escalation_wait_cap_weeks=26.0)
    helped, waited = np.array([0.0, 0.5, 0.0, 1.0]), np.array([0.0, 0.0, 3.0, 40.0])
    before, after = ORIGINAL_HAZARD(helped, waited, **rates), faster_while_waiting(helped, waited, **rates)
    assert after == pytest.approx(np.where(waited > 0, 2.0, 1.0) * before)
    assert after[0] == pytest.approx(0.02) and after[2] == pytest.approx(2 * 0.02 * (1 + 0.08 * 3))


def test_escalating_faster_while_waiting_brings_more_placements_and_need(monkeypatch):
    before = np.array([outcomes(seed) for seed in SEEDS])
    monkeypatch.setattr(needs, "escalation_hazard", faster_while_waiting)
    after = np.array([outcomes(seed) for seed in SEEDS])
    # paired by seed (common random numbers): each mean difference at least 3 standard errors above 0
    difference = after - before
    mean = difference.mean(axis=0)
    error = difference.std(axis=0, ddof=1) / np.sqrt(len(SEEDS))
    for name, m, e in zip(("acute placements", "placements started", "mean need"), mean, error, strict=True):
        assert m > 3 * e, f"{name}: mean difference {m:.3g} is not 3 standard errors ({e:.3g}) above 0"


# --- (b) a new per-family state ------------------------------------------------------------------
def count_waiting_weeks(model: DepartmentModel) -> None:
    """The guide's new behaviour step: each family that progresses this week while awaiting assessment or
    under investigation has waited one more week."""
    table, week = model.family_table, model.this_week
    waiting = (week.stages == AWAITING) | (week.stages == INVESTIGATION)
    table.weeks_waited_total[week.rows[model.progressing() & waiting]] += 1.0


@pytest.fixture
def with_weeks_waited_total(monkeypatch):
    """The column declared in FAMILY_COLUMNS, and the step run right after `needs.step` (the guide's one
    line in DepartmentModel.step)."""
    monkeypatch.setitem(families.FAMILY_COLUMNS, "weeks_waited_total", Column(np.float64, 0.0))
    needs_step = needs.step

    def needs_then_count(model: DepartmentModel) -> None:
        needs_step(model)
        count_waiting_weeks(model)

    monkeypatch.setattr(needs, "step", needs_then_count)


def snapshot(model: DepartmentModel) -> dict[int, tuple[float, int, float]]:
    """Each family in the department: (weeks waited in all, stage, stage start)."""
    table = model.family_table
    rows = table.rows()
    return dict(zip(table.family_id[rows].tolist(),
                    zip(table.weeks_waited_total[rows].tolist(), table.stage[rows].tolist(),
                        table.stage_start[rows].tolist(), strict=True), strict=True))


def test_a_new_family_column_starts_at_zero_and_grows_while_families_wait(with_weeks_waited_total):
    model = DepartmentModel(QUEUEING, seed=3)
    table = model.family_table
    assert table.weeks_waited_total.dtype == np.float64
    assert not table.weeks_waited_total[:table.n].any()  # the initial cases enter at the column's fill
    grown = 0
    for _ in range(40):
        before = snapshot(model)
        model.step()
        after, week_start = snapshot(model), (model.week - 1) * 168.0
        rows = table.rows()
        new = rows[table.opened[rows] >= week_start]  # entered this week (new or known again): a fresh row
        assert len(new) and not table.weeks_waited_total[new].any()
        for family, (total, stage, start) in after.items():
            if family not in before:
                continue
            old_total, old_stage, old_start = before[family]
            was_waiting = old_stage in (AWAITING, INVESTIGATION)
            if was_waiting and (stage, start) == (old_stage, old_start):  # waited the whole week
                assert total == old_total + 1.0, family
                grown += 1
            elif was_waiting:  # its stage changed this week, before or after the count
                assert total - old_total in (0.0, 1.0), family
            else:
                assert total == old_total, family
    assert grown > 1000  # many families waited whole weeks
    # a family's Mesa agent can read its row's new column
    family = next(iter(model.families))
    assert table.weeks_waited_total[family.row] >= 0


def test_a_caseworker_formula_is_replaced_where_it_lives(monkeypatch):
    """As the guide says: replacing resignation_hazard in its module changes every caseworker's rule."""
    from deptsim.workforce import resignation

    params = Parameters(positions=20)
    before = simulate(params, seed=3, years=2).weekly.resignations.sum()
    monkeypatch.setattr(resignation, "resignation_hazard", lambda *args, **rates: 0.0)
    assert before > 0 and simulate(params, seed=3, years=2).weekly.resignations.sum() == 0
