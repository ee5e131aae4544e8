"""Scenario files: a department and its reforms over time, in TOML.

A scenario file has up to four parts (all optional):

    extends = "assens_2014.toml"   # inherit from another file (relative path), any depth

    [scenario]
    name = "Assens 2016 reform"
    description = "..."
    start_date = 2014-01-01        # the calendar date of week 0, for dated interventions
    caseload = 65                  # sets `positions` so the starting caseload is about this

    [parameters]                   # any model parameter by name (see docs/parameters.md)
    children = 8200

    [[interventions]]              # dated changes, applied at the start of their week
    kind = "add_positions"
    start = 2016-01-01             # or: week = 104
    count = 7

A child file overrides its parent's `[scenario]` and `[parameters]` values key by
key, and adds its interventions after the parent's. Files are data only: nothing
in them is executed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deptsim import interventions as iv
from deptsim.params import ParameterError, Parameters, positions_for_caseload

TOP_LEVEL_KEYS = ("extends", "scenario", "parameters", "interventions")
SCENARIO_KEYS = ("name", "description", "start_date", "caseload")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, the key and what is allowed."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        self.path, self.key = Path(path), key
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + message)


@dataclass(frozen=True)
class InterventionKind:
    """The schema of one intervention kind: its fields (name -> type, default) and how to build it."""

    fields: dict[str, tuple[type, Any]]
    build: Callable[[int, dict[str, Any]], iv.Intervention]
    check: Callable[[dict[str, Any]], str | None] = lambda values: None
    help: str = ""


REQUIRED = object()


def _non_negative(name: str) -> Callable[[dict[str, Any]], str | None]:
    return lambda v: f"'{name}' must be at least 0, not {v[name]!r}" if v[name] < 0 else None


INTERVENTION_KINDS: dict[str, InterventionKind] = {
    "add_positions": InterventionKind(
        {"count": (int, REQUIRED)}, lambda w, v: iv.AddPositions(w, v["count"]),
        lambda v: "'count' must not be 0" if v["count"] == 0 else None,
        "add (or, if negative, remove) caseworker positions"),
    "caseload_target": InterventionKind(
        {"target": (float, REQUIRED)}, lambda w, v: iv.CaseloadTarget(w, v["target"]), _non_negative("target"),
        "staffing follows a target of open cases per position (0: off)"),
    "intake_team": InterventionKind(
        {"size": (int, REQUIRED)}, lambda w, v: iv.IntakeTeam(w, v["size"]), _non_negative("size"),
        "a § 11 intake team of this many caseworkers assesses every new referral"),
    "team_leaders": InterventionKind(
        {"count": (int, REQUIRED)}, lambda w, v: iv.TeamLeaders(w, {"team_leaders": v["count"]}),
        _non_negative("count"), "team leaders who back caseworkers up"),
    "mentoring": InterventionKind(
        {"on": (bool, True)}, lambda w, v: iv.Mentoring(w, {"mentoring": v["on"]}),
        help="a 3-month mentorship for every new hire"),
    "documentation_relief": InterventionKind(
        {"share": (float, REQUIRED)}, lambda w, v: iv.DocumentationRelief(w, {"documentation_relief": v["share"]}),
        lambda v: None if 0 <= v["share"] <= 1 else f"'share' must be between 0 and 1, not {v['share']!r}",
        "remove this share of documentation hours"),
    "continuity": InterventionKind(
        {"on": (bool, True)}, lambda w, v: iv.Continuity(w, {"continuity": v["on"]}),
        help="one caseworker per family through the whole case"),
    "hiring_freeze": InterventionKind(
        {"on": (bool, True)}, lambda w, v: iv.HiringFreeze(w, v["on"]), help="vacancies are not filled"),
    "budget_cut": InterventionKind(
        {"dkk_per_year": (float, REQUIRED)}, lambda w, v: iv.BudgetCut(w, v["dkk_per_year"]),
        _non_negative("dkk_per_year"), "abolish the positions this saving pays for"),
    "parameters": InterventionKind(
        {"values": (dict, REQUIRED)}, lambda w, v: iv.SetParameters(w, dict(v["values"])),
        help="change model parameters by name"),
}


@dataclass
class Scenario:
    """A validated scenario: its parameters and its dated interventions."""

    name: str
    path: Path | None
    description: str = ""
    start_date: dt.date | None = None
    params: Parameters = field(default_factory=Parameters)
    interventions: list[iv.Intervention] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    """One line per intervention, for reports."""

    @classmethod
    def default(cls) -> Scenario:
        return cls(name="default", path=None, description="The default department (docs/parameters.md).")


def load_scenario(path: str | Path) -> Scenario:
    """Read, merge (`extends`) and validate a scenario file; raise ScenarioError on any problem."""
    path = Path(path)
    merged = _merge_chain(path, [])
    return _build(path, merged)


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScenarioError(path, "", "no such scenario file")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(path, "", f"not valid TOML ({error})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(path, "", f"cannot be read ({error})") from None
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ScenarioError(path, key, f"unknown key; allowed at the top: {', '.join(TOP_LEVEL_KEYS)}")
    return data


def _merge_chain(path: Path, seen: list[Path]) -> dict[str, Any]:
    """The file's content merged over its ancestors'; `seen` detects cycles."""
    resolved = path.resolve()
    if resolved in seen:
        chain = " -> ".join(str(p) for p in [*seen, resolved])
        raise ScenarioError(seen[-1], "extends", f"cycle of extends: {chain}")
    data = _read(path)
    parent: dict[str, Any] = {"scenario": {}, "parameters": {}, "interventions": []}
    if "extends" in data:
        extends = data["extends"]
        if not isinstance(extends, str) or not extends:
            raise ScenarioError(path, "extends", "must be the relative path of another scenario file, as a string")
        parent_path = path.parent / extends
        if not parent_path.is_file():
            raise ScenarioError(path, "extends", f"no such scenario file: {parent_path}")
        parent = _merge_chain(parent_path, [*seen, resolved])
    merged: dict[str, Any] = {}
    for table in ("scenario", "parameters"):
        own = data.get(table, {})
        if not isinstance(own, dict):
            raise ScenarioError(path, table, "must be a table ([" + table + "])")
        merged[table] = {**parent[table], **own}
    own_interventions = data.get("interventions", [])
    if not isinstance(own_interventions, list) or not all(isinstance(i, dict) for i in own_interventions):
        raise ScenarioError(path, "interventions", "must be an array of tables ([[interventions]])")
    merged["interventions"] = parent["interventions"] + [(path, i) for i in own_interventions]
    merged["files"] = [*parent.get("files", []), path]
    return merged


def _build(path: Path, merged: dict[str, Any]) -> Scenario:
    meta = merged["scenario"]
    for key in meta:
        if key not in SCENARIO_KEYS:
            raise ScenarioError(path, f"scenario.{key}", f"unknown key; allowed: {', '.join(SCENARIO_KEYS)}")
    name = _typed(path, "scenario.name", meta.get("name", path.stem), str)
    description = _typed(path, "scenario.description", meta.get("description", ""), str)
    start_date = meta.get("start_date")
    if start_date is not None and (not isinstance(start_date, dt.date) or isinstance(start_date, dt.datetime)):
        raise ScenarioError(path, "scenario.start_date", f"must be a date such as 2016-01-01, not {start_date!r}")

    values = dict(merged["parameters"])
    known = set(Parameters.field_names())
    for key in values:
        if key not in known:
            raise ScenarioError(path, f"parameters.{key}",
                                "unknown parameter; see docs/parameters.md for the allowed names")
    if "caseload" in meta:
        caseload = _typed(path, "scenario.caseload", meta["caseload"], float)
        if caseload <= 0:
            raise ScenarioError(path, "scenario.caseload", f"must be above 0, not {caseload!r}")
        if "positions" in values:
            raise ScenarioError(path, "scenario.caseload", "give either scenario.caseload or parameters.positions")
        base = _parameters(path, {k: v for k, v in values.items() if k != "positions"}, "parameters")
        values["positions"] = positions_for_caseload(dataclasses.asdict(base), caseload)
    params = _parameters(path, values, "parameters")

    interventions, changes = [], []
    for index, (source, spec) in enumerate(merged["interventions"]):
        intervention, change = _intervention(source, f"interventions[{index}]", spec, start_date, params)
        interventions.append(intervention)
        changes.append(change)
    return Scenario(name=name, path=path, description=description, start_date=start_date, params=params,
                    interventions=interventions, changes=changes)


def _parameters(path: Path, values: dict[str, Any], prefix: str) -> Parameters:
    try:
        return Parameters(**values)
    except ParameterError as error:
        key = next((name for name in values if f"'{name}'" in str(error)), "")
        raise ScenarioError(path, f"{prefix}.{key}" if key else prefix, str(error)) from None


def _typed(path: Path, key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, bool):
        raise ScenarioError(path, key, f"must be a whole number, not {value!r}")
    if not isinstance(value, kind):
        names = {int: "a whole number", float: "a number", bool: "true or false", str: "a string",
                 dict: "a table"}
        raise ScenarioError(path, key, f"must be {names[kind]}, not {value!r}")
    return value


def _intervention(path: Path, key: str, spec: dict[str, Any], start_date: dt.date | None,
                  params: Parameters) -> tuple[iv.Intervention, str]:
    kind_name = spec.get("kind")
    if kind_name not in INTERVENTION_KINDS:
        allowed = ", ".join(INTERVENTION_KINDS)
        raise ScenarioError(path, f"{key}.kind", f"must be one of {allowed}, not {kind_name!r}")
    kind = INTERVENTION_KINDS[kind_name]
    allowed_keys = {"kind", "start", "week", "note", *kind.fields}
    for name in spec:
        if name not in allowed_keys:
            raise ScenarioError(path, f"{key}.{name}",
                                f"unknown key for kind '{kind_name}'; allowed: {', '.join(sorted(allowed_keys))}")
    week = _week(path, key, spec, start_date)
    values = {}
    for name, (type_, default) in kind.fields.items():
        if name not in spec:
            if default is REQUIRED:
                raise ScenarioError(path, f"{key}.{name}", f"is required for kind '{kind_name}'")
            values[name] = default
        else:
            values[name] = _typed(path, f"{key}.{name}", spec[name], type_)
    problem = kind.check(values)
    if problem:
        raise ScenarioError(path, key, problem)
    if kind_name == "parameters":
        known = set(Parameters.field_names())
        for name in values["values"]:
            if name not in known:
                raise ScenarioError(path, f"{key}.values.{name}", "unknown parameter; see docs/parameters.md")
    intervention = kind.build(week, values)
    if isinstance(intervention, iv.SetParameters):
        # check the new values now, so a bad file fails before any run
        try:
            params.replace(**intervention.values)
        except ParameterError as error:
            raise ScenarioError(path, f"{key}", str(error)) from None
    when = spec.get("start", f"week {week}")
    detail = ", ".join(f"{k} = {v}" for k, v in values.items())
    return intervention, f"{when}: {kind_name} ({detail})"


def _week(path: Path, key: str, spec: dict[str, Any], start_date: dt.date | None) -> int:
    if ("start" in spec) == ("week" in spec):
        raise ScenarioError(path, key, "give exactly one of 'start' (a date) or 'week' (a week number)")
    if "week" in spec:
        week = _typed(path, f"{key}.week", spec["week"], int)
        if week < 0:
            raise ScenarioError(path, f"{key}.week", f"must be at least 0, not {week}")
        return week
    start = spec["start"]
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise ScenarioError(path, f"{key}.start", f"must be a date such as 2016-01-01, not {start!r}")
    if start_date is None:
        raise ScenarioError(path, f"{key}.start", "a dated intervention needs scenario.start_date")
    if start < start_date:
        raise ScenarioError(path, f"{key}.start", f"{start} is before scenario.start_date {start_date}")
    return (start - start_date).days // 7


def describe_parameters(scenario: Scenario) -> dict[str, Any]:
    """The parameters this scenario sets differently from the defaults."""
    default = Parameters()
    return {f.name: getattr(scenario.params, f.name) for f in dataclasses.fields(Parameters)
            if getattr(scenario.params, f.name) != getattr(default, f.name)}
