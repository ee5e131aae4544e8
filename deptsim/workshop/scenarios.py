"""The scenarios a trainer can pick from: the default department and the shipped scenario files.

The files live in the repository's `scenarios/` folder, not in the installed package, so they are
looked for beside the scenario the workshop was started with, in `./scenarios` and in the source
checkout the package runs from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deptsim.departments import CHILDREN_AND_FAMILY, kind_of
from deptsim.scenario import Scenario, ScenarioError, load_scenario

CHECKOUT_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def scenario_files(started_with: Path | None = None) -> list[Path]:
    """Scenario files to offer, the one the workshop was started with first, without duplicates."""
    folders = [Path.cwd() / "scenarios", CHECKOUT_SCENARIOS]
    if started_with is not None:
        folders.insert(0, started_with.parent)
    found: dict[Path, Path] = {}
    if started_with is not None:
        found[started_with.resolve()] = started_with
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found.setdefault(path.resolve(), path)
    return list(found.values())


@dataclass(frozen=True)
class Choice:
    """One entry of the picker: a scenario's name, file and kind of department ('' and '' for the default
    department)."""

    name: str
    path: str
    kind: str = CHILDREN_AND_FAMILY.name


def catalogue(started_with: Path | None = None) -> list[Choice]:
    """The default department, then every scenario file that loads; a broken file is left out, not fatal."""
    entries = [Choice("", "")]
    for path in scenario_files(started_with):
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue
        name = scenario.name
        if any(entry.name == name for entry in entries):
            name = f"{name} ({path.name})"
        entries.append(Choice(name, str(path), kind_of(scenario.params).name))
    return entries


def reforms_for(choices: list[Choice], kind: str) -> list[Choice]:
    """The scenario files the reform copy may follow: those of the baseline's kind of department."""
    return [choice for choice in choices if choice.path and choice.kind == kind]


def load(path: str) -> Scenario:
    """The scenario in a file, or the default department for ''."""
    return load_scenario(path) if path else Scenario.default()
