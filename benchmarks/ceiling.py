"""How far the throughput ratio of benchmarks/run.py could go with the model as it is designed.

    python benchmarks/ceiling.py [--repeats R] [--min-seconds S]

Times the default 10-year run in turns with Mesa's Boltzmann model, as run.py does, in three ways:
- as it is;
- with no family agents: `CaseTable.sync_agents` does nothing, so the families never become Mesa
  agents (the model's results do not depend on them; only what users can look at does);
- as it is, adding up the wall time inside the calls of compiled steps (numba dispatch included).

From these it prints the ratio each would give, and two ceilings: the ratio if every Python line and
numpy call outside the compiled steps cost nothing, with and without the family agents. This is a
diagnosis for docs/performance.md, not a measurement of the model: the second and third ways alter
the run (the third adds about 0.3 microseconds of timing to each of some 12,000 calls).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import time
from collections.abc import Callable

from numba.core.registry import CPUDispatcher
from run import Settings, alternate_timings, run_boltzmann
from workloads import family_weeks, run_department

import deptsim
from deptsim.childwelfare.cases import CaseTable


def compiled_steps() -> list[tuple[object, str, CPUDispatcher]]:
    """Every compiled function that deptsim's modules hold (module, name, dispatcher)."""
    found = []
    for info in pkgutil.walk_packages(deptsim.__path__, "deptsim."):
        if info.name.startswith(("deptsim.workshop", "deptsim.experiments", "deptsim.cli", "deptsim.__main__")):
            continue
        module = importlib.import_module(info.name)
        found += [(module, name, value) for name, value in vars(module).items() if isinstance(value, CPUDispatcher)]
    return found


def timing_compiled_calls(run: Callable[[], object]) -> Callable[[], float]:
    """A run that returns the wall time it spent inside calls of compiled steps made from Python.

    The dispatchers are swapped for timing wrappers during the run only. Compiled steps that call
    each other do so inside compiled code, so nothing is counted twice.
    """
    steps = compiled_steps()
    inside = [0.0]

    def timed(dispatcher: CPUDispatcher) -> Callable[..., object]:
        def call(*args: object) -> object:
            start = time.perf_counter()
            try:
                return dispatcher(*args)
            finally:
                inside[0] += time.perf_counter() - start
        return call

    def measured() -> float:
        inside[0] = 0.0
        for module, name, dispatcher in steps:
            setattr(module, name, timed(dispatcher))
        try:
            run()
        finally:
            for module, name, dispatcher in steps:
                setattr(module, name, dispatcher)
        return inside[0]

    return measured


def without_family_agents(run: Callable[[], object]) -> Callable[[], object]:
    """A run in which families never become Mesa agents."""
    def measured() -> object:
        sync = CaseTable.sync_agents
        CaseTable.sync_agents = lambda table: None
        try:
            return run()
        finally:
            CaseTable.sync_agents = sync
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--min-seconds", type=float, default=5.0)
    args = parser.parse_args()
    settings = Settings(repeats=args.repeats, min_seconds=args.min_seconds)

    def department() -> deptsim.Result:
        return run_department(1, settings.years)

    result = department()
    weeks, fweeks = result.weeks, family_weeks(result)
    agents = round(fweeks / weeks)
    side = max(10, round(agents**0.5))
    inside_compiled = timing_compiled_calls(department)
    inside: list[float] = []

    def instrumented() -> None:
        inside.append(inside_compiled())

    run_boltzmann(agents, weeks, side)
    without_family_agents(department)()
    instrumented()
    inside.clear()
    seconds = alternate_timings({
        "as it is": department,
        "no family agents": without_family_agents(department),
        "timing compiled calls": instrumented,
        "boltzmann": lambda: run_boltzmann(agents, weeks, side),
    }, settings)
    best = {name: min(times) for name, times in seconds.items()}
    boltzmann_rate = agents * weeks / best["boltzmann"]
    compiled = min(inside)
    family_agents = best["as it is"] - best["no family agents"]

    def line(label: str, run_seconds: float) -> None:
        ratio = fweeks / run_seconds / boltzmann_rate
        print(f"  {label:<62} {run_seconds * 1e3:7.1f} ms   ratio {ratio:5.2f}")

    print(f"Default department, {weeks} weeks, {fweeks:,} family-weeks; Boltzmann {agents} agents x {weeks} steps "
          f"{best['boltzmann']:.3f} s ({boltzmann_rate:,.0f} agent-steps/s); best of {len(seconds['boltzmann'])}")
    line("as it is", best["as it is"])
    line("no family agents", best["no family agents"])
    line("only the compiled steps, with family agents (the ceiling)", compiled + family_agents)
    line("only the compiled steps, no family agents", compiled)
    print(f"  family agents {family_agents * 1e3:.1f} ms a run; compiled steps {compiled * 1e3:.1f} ms "
          f"(fewest seen, numba dispatch included); the rest {(best['as it is'] - family_agents - compiled) * 1e3:.1f} "
          "ms is Python and numpy between the compiled steps")


if __name__ == "__main__":
    main()
