"""Registering many agents with Mesa at once.

Mesa registers each agent as it is created (`Agent.__init__` calls
`Model.register_agent`) and deregisters each as it is removed: one update of the
model's dictionary and of two weak-keyed AgentSets per agent, each with a debug
line formatted whether or not anyone logs it. The department gains and loses about
thirty families a week, and one at a time this cost a fifth of a run
(docs/performance.md). Done together, each container is updated once per week,
which halves the cost per family.

The agents get Mesa's ids in the same order (`agent_ids`, the counter
`Agent.__init__` draws from), and the containers end up exactly as Mesa's own
methods leave them; tests/test_registration.py checks that against Mesa's
per-agent path for the Mesa release installed (pinned to 3.3.x in pyproject.toml,
because this writes the containers that `Model.register_agent` writes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from weakref import ref

from mesa import Agent, Model
from mesa.agent import AgentSet


def agent_ids(model: Model) -> Iterator[int]:
    """The model's counter of Mesa agent ids, the one `Agent.__init__` takes each new agent's id from."""
    return Agent._ids[model]


class BatchRegistration(Model):
    """A Mesa model that can register and deregister a batch of agents together."""

    def register_all(self, agents: list[Agent]) -> None:
        """Register agents made without registering them (as `Family.entering` makes them), in their
        order, as `Model.register_agent` registers each."""
        if not agents:
            return
        keys = dict.fromkeys(agents)
        self._agents.update(keys)
        kinds = dict.fromkeys(type(agent) for agent in agents)  # in order of first appearance, as Mesa adds them
        for kind in kinds:
            of_kind = agents if len(kinds) == 1 else [agent for agent in agents if type(agent) is kind]
            if kind in self._agents_by_type:
                self._agents_by_type[kind]._agents.update(dict.fromkeys(of_kind))
            else:
                self._agents_by_type[kind] = AgentSet(of_kind, random=self.random)
        self._all_agents._agents.update(keys)

    def deregister_all(self, agents: Iterable[Agent]) -> None:
        """Remove these agents from the model (as `Agent.remove` does for each, for agents that do not
        extend it).

        The AgentSets' weak-keyed dictionaries are changed as their own `__delitem__` changes them (the
        entry under a weak reference to the agent goes, the length is marked for recount), without a
        Python method call per agent: that halved the cost of a removal.
        """
        registered, by_type, every = self._agents, self._agents_by_type, self._all_agents._agents
        every_entries = every.data
        for agent in agents:
            del registered[agent]
            key = ref(agent)
            of_kind = by_type[type(agent)]._agents
            del of_kind.data[key]
            of_kind._dirty_len = True
            del every_entries[key]
        every._dirty_len = True
