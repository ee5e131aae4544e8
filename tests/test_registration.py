"""Registering agents together leaves a Mesa model exactly as registering them one by one does."""

from __future__ import annotations

import mesa
from hypothesis import given, settings
from hypothesis import strategies as st

from deptsim.childwelfare.family import Family
from deptsim.model import DepartmentModel
from deptsim.registration import BatchRegistration, agent_ids


class Client(mesa.Agent):
    pass


class Worker(mesa.Agent):
    pass


def made_unregistered(kind: type[mesa.Agent], model: BatchRegistration) -> mesa.Agent:
    """An agent as `Agent.__init__` makes it, not yet registered (as Family.entering makes families)."""
    agent = kind.__new__(kind)
    agent.model, agent.unique_id, agent.pos = model, next(agent_ids(model)), None
    return agent


def state(model: mesa.Model) -> tuple:
    """Everything Mesa exposes about the agents, by unique id and in Mesa's order."""
    return (
        [agent.unique_id for agent in model.agents],
        [(kind.__name__, [agent.unique_id for agent in agents]) for kind, agents in model.agents_by_type.items()],
        [agent.unique_id for agent in model._agents],
        len(model.agents),
    )


# A week: which of the agents present leave (by position, modulo how many there are), then the kinds of
# the agents created.
weeks = st.lists(
    st.tuples(st.lists(st.integers(0, 1000), max_size=6), st.lists(st.sampled_from([Client, Worker]), max_size=6)),
    max_size=12,
)


@given(weeks)
@settings(max_examples=60, deadline=None)
def test_batches_equal_mesas_own_registration(history):
    one_by_one, together = BatchRegistration(seed=3), BatchRegistration(seed=3)
    present_a: list[mesa.Agent] = []
    present_b: list[mesa.Agent] = []
    for leaving, kinds in history:
        gone = sorted({index % len(present_a) for index in leaving}) if present_a else []
        for index in gone:
            present_a[index].remove()
        together.deregister_all([present_b[index] for index in gone])
        present_a = [agent for index, agent in enumerate(present_a) if index not in gone]
        present_b = [agent for index, agent in enumerate(present_b) if index not in gone]
        present_a += [kind(one_by_one) for kind in kinds]
        made = [made_unregistered(kind, together) for kind in kinds]
        together.register_all(made)
        present_b += made
        assert state(together) == state(one_by_one)
    assert [agent.unique_id for agent in present_b] == [agent.unique_id for agent in present_a]


def test_removed_agents_are_gone_from_every_container():
    model = BatchRegistration(seed=1)
    clients = [Client(model) for _ in range(3)]
    model.deregister_all(clients[:2])
    assert list(model.agents) == clients[2:]
    assert list(model.agents_by_type[Client]) == clients[2:]


def test_entering_families_are_the_agents_their_constructor_makes():
    made, entered = DepartmentModel(seed=4), DepartmentModel(seed=4)
    rows, family_ids = [3, 0, 7], [40, 41, 42]
    by_constructor = [Family(made, made.pathway.table, row, family_id)
                      for row, family_id in zip(rows, family_ids, strict=True)]
    by_entering = Family.entering(entered, entered.pathway.table, rows, family_ids)

    def own_values(agent: Family) -> list:
        return [value for name, value in vars(agent).items() if name not in ("model", "table")]

    # the same attributes set in the same order (so that their dicts share keys) and the same values
    assert [list(vars(agent)) for agent in by_entering] == [list(vars(agent)) for agent in by_constructor]
    assert [own_values(agent) for agent in by_entering] == [own_values(agent) for agent in by_constructor]
    assert all(agent.model is entered and agent.table is entered.pathway.table for agent in by_entering)
    assert state(entered) == state(made)
    # and the next agent made the usual way gets the same Mesa id in both
    assert Family(entered, entered.pathway.table, 0, 43).unique_id == Family(made, made.pathway.table, 0, 43).unique_id
