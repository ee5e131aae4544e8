"""Caseworkers and families are Mesa agents, made and stepped through Mesa's public API only."""

from __future__ import annotations

import re
from pathlib import Path

import mesa
import numpy as np

from deptsim import DepartmentModel, Parameters, simulate
from deptsim.childwelfare.family import Family
from deptsim.workforce.caseworker import Caseworker

PACKAGE = Path(__file__).resolve().parents[1] / "deptsim"
PRIVATE = re.compile(r"\._agents\b|\._ids\b|_agents_by_type|\._all_agents|\.data\b|_dirty_len|\._seed\b|__new__"
                     r"|gc\.freeze|gc\.disable")


def test_no_private_internals_of_mesa_or_cpython_are_used():
    found = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for path in PACKAGE.rglob("*.py")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if PRIVATE.search(line)]
    assert not found


def test_the_caseworkers_in_post_are_the_mesa_agents_of_their_positions():
    model = DepartmentModel(Parameters(positions=12), seed=3)
    for _ in range(60):
        model.step()
        caseworkers = list(model.caseworkers)
        assert all(isinstance(agent, Caseworker) for agent in caseworkers)
        employed = model.roster.live("in_post") & ~model.roster.live("temporary")  # agency staff have no agent
        assert sorted(agent.position for agent in caseworkers) == np.flatnonzero(employed).tolist()
        assert all(agent in model.agents for agent in caseworkers)


def test_a_caseworkers_week_end_is_their_own_step():
    """Strain and resignations come from Caseworker.step: a subclass whose step does nothing keeps strain at 0
    and loses nobody, in a department that otherwise strains and loses staff."""

    class Idle(Caseworker):
        def step(self) -> None:
            pass

    class IdleDepartment(DepartmentModel):
        caseworker_class = Idle

    params = Parameters(positions=14)
    busy = simulate(params, seed=4, years=1).weekly
    idle = simulate(params, seed=4, years=1, model_class=IdleDepartment).weekly
    assert busy.resignations.sum() > 0 and busy.strain_mean.max() > 0
    assert idle.resignations.sum() == 0 and idle.strain_mean.max() == 0


def test_family_agents_follow_the_families_in_the_department():
    model = DepartmentModel(Parameters(), seed=5)
    model.step()
    first = {agent.family_id: agent for agent in model.families}
    for _ in range(10):
        model.step()
    now = {agent.family_id: agent for agent in model.families}
    table = model.family_table
    assert set(now) == set(table.family_id[table.rows()].tolist())
    assert all(isinstance(agent, Family) and isinstance(agent, mesa.Agent) for agent in now.values())
    stayed = set(first) & set(now)
    assert stayed and all(first[f] is now[f] for f in stayed), "a family keeps its agent while it stays"
    left = set(first) - set(now)
    assert left and not any(first[f] in model.agents for f in left), "the agents of families that left are removed"
    agent = next(iter(now.values()))
    assert agent.stage == int(table.stage[table.row_of[agent.family_id]])


def test_a_process_running_many_simulations_keeps_none_of_their_departments():
    """Mesa 3.3 keeps every model alive (mesa/mesa#3179); simulate releases each department's state, so a
    calibration or an experiment's worker does not grow with every run (it grew by about 10 MB a run)."""
    import gc

    from deptsim.childwelfare.families import Families
    from deptsim.workforce.staff import Roster

    def alive() -> int:
        gc.collect()
        return sum(isinstance(thing, (Families, Roster, Caseworker)) for thing in gc.get_objects())

    simulate(Parameters(positions=10), seed=1, years=0.5)
    before = alive()
    for seed in range(2, 6):
        simulate(Parameters(positions=10), seed=seed, years=0.5)
    assert alive() == before
    model = DepartmentModel(Parameters(positions=10), seed=1)
    model.step()
    model.release()
    assert len(model.agents) == 0 and not hasattr(model, "family_table")
