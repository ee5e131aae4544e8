"""Registering agents together leaves a Mesa model exactly as registering them one by one does."""

from __future__ import annotations

import mesa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deptsim.registration import BatchRegistration


class Client(mesa.Agent):
    pass


class Worker(mesa.Agent):
    pass


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
        with together.registering_together():
            present_b += [kind(together) for kind in kinds]
        assert state(together) == state(one_by_one)
    assert [agent.unique_id for agent in present_b] == [agent.unique_id for agent in present_a]


def test_agents_created_inside_the_block_are_registered_only_at_its_end():
    model = BatchRegistration(seed=1)
    with model.registering_together():
        Client(model)
        assert len(model.agents) == 0
    assert len(model.agents) == 1


def test_removed_agents_are_gone_from_every_container():
    model = BatchRegistration(seed=1)
    clients = [Client(model) for _ in range(3)]
    model.deregister_all(clients[:2])
    assert list(model.agents) == clients[2:]
    assert list(model.agents_by_type[Client]) == clients[2:]


def test_blocks_do_not_nest():
    model = BatchRegistration(seed=1)
    with model.registering_together():
        inner = model.registering_together()
        with pytest.raises(RuntimeError, match="nested"):
            inner.__enter__()
