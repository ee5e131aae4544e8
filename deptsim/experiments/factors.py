"""What an experiment changes in a run: a model parameter, the caseload, or a setting of a reform.

A factor (or a fixed value in the experiment's `[parameters]`) has a *target*:

- a parameter, set from week 0 (`recruitment_weeks`, `mentoring`, `intake_team_size`...);
- the caseload, a derived setting: the positions that give this many open cases per position at the start
  (the same rule as a scenario file's `caseload`), so that a sweep over caseloads keeps every other
  parameter, the number of clients (children, or citizens on benefit) included, as it is;
- a setting of one of the base scenario's interventions (its `week`, an intake team's `size`, the value
  a `parameters` reform sets...), so that a reform's timing or size can be swept.

The changes are applied in that order (parameters, then positions from the caseload, then reforms), and
the parameters are validated once, on the final combination, so that factors that only make sense
together (more positions and a larger intake team) are accepted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from deptsim.departments import kind_of
from deptsim.interventions import Intervention, SetParameters
from deptsim.paramspec import ParameterSet

CASELOAD = "caseload"
VALUE_TYPES: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str}


@dataclass(frozen=True)
class ParameterTarget:
    """A model parameter, set from week 0."""

    name: str


@dataclass(frozen=True)
class CaseloadTarget:
    """Open cases per position at the start: sets `positions`."""


@dataclass(frozen=True)
class InterventionTarget:
    """A setting of the base scenario's intervention number `index` (counted from 0, as in scenario errors)."""

    index: int
    setting: str


Target = ParameterTarget | CaseloadTarget | InterventionTarget


def parameter_type(parameters: type[ParameterSet], name: str) -> type:
    """The Python type of the values of one of these parameters."""
    field = next(f for f in dataclasses.fields(parameters) if f.name == name)
    return VALUE_TYPES[field.type] if isinstance(field.type, str) else field.type


def intervention_settings(intervention: Intervention, parameters: type[ParameterSet]) -> dict[str, type]:
    """The settings an experiment may vary on this intervention, with their types.

    A reform that sets parameters (mentoring, team leaders, a `parameters` reform...) exposes the
    parameters it sets, by their parameter names; the others expose their own fields (`size`, `count`...).
    Every reform exposes its `week`.
    """
    settings: dict[str, type] = {"week": int}
    if isinstance(intervention, SetParameters):
        settings.update({name: parameter_type(parameters, name) for name in intervention.values})
    else:
        for field in dataclasses.fields(intervention):
            if field.name != "week":
                settings[field.name] = VALUE_TYPES[field.type] if isinstance(field.type, str) else field.type
    return settings


def with_setting(intervention: Intervention, setting: str, value: Any) -> Intervention:
    """A copy of the intervention with one setting changed."""
    if isinstance(intervention, SetParameters) and setting != "week":
        return dataclasses.replace(intervention, values={**intervention.values, setting: value})
    return dataclasses.replace(intervention, **{setting: value})


@dataclass(frozen=True)
class RunInputs:
    """A run's parameter values (not yet validated), of which kind of parameter set, and its reforms."""

    values: dict[str, Any]
    interventions: list[Intervention]
    parameter_set: type[ParameterSet]

    def parameters(self) -> ParameterSet:
        """The validated parameters; raises ParameterError for an impossible combination."""
        return self.parameter_set(**self.values)


def run_inputs(params: ParameterSet, interventions: Sequence[Intervention],
               changes: Sequence[tuple[Target, Any]]) -> RunInputs:
    """The base scenario's inputs with the changes applied: parameters, then the caseload, then reforms.
    The caseload sizes the department the way its kind counts open cases (deptsim.departments)."""
    values = {f.name: getattr(params, f.name) for f in dataclasses.fields(params)}
    reforms = list(interventions)
    caseload = None
    for target, value in changes:
        if isinstance(target, ParameterTarget):
            values[target.name] = value
        elif isinstance(target, CaseloadTarget):
            caseload = value
        else:
            reforms[target.index] = with_setting(reforms[target.index], target.setting, value)
    if caseload is not None:
        values["positions"] = kind_of(params).positions_for_caseload(values, caseload)
    return RunInputs(values, reforms, type(params))
