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
key (a child's `caseload` replaces a parent's `positions` and the other way round),
and adds its interventions after the parent's. Files are data only: nothing in
them is executed.

Every value is checked when the file is loaded: its type, that a number is finite
and in its range, and the interventions in the order they take effect (an
`add_positions` may not remove more positions than the department has then). A
mistake raises one ScenarioError naming the file that holds it (with the files that
extend it), the key and what is allowed. What is allowed but probably not meant (an
intake team larger than the staff, an intervention after the end of the run) is
collected as warnings on the Scenario.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deptsim import interventions as iv
from deptsim.council import ResponseRule
from deptsim.departments import CHILDREN_AND_FAMILY, KINDS, DepartmentKind
from deptsim.params import (
    ParameterError,
    Parameters,
    did_you_mean,
    format_limit,
    format_number,
)
from deptsim.paramspec import ParameterSet

TOP_LEVEL_KEYS = ("extends", "scenario", "parameters", "interventions")
SCENARIO_KEYS = ("name", "description", "kind", "start_date", "caseload")
TIMING_KEYS = ("start", "week", "note")
DEFAULT_YEARS = 10.0
"""The run length `deptsim run` and `compare` use unless given --years; `check` warns against it."""
WEEKS_PER_YEAR = 52
MAX_WEEK = 1_000_000
"""The latest week an intervention may name (about 19,000 years)."""
MAX_EXTENDS_DEPTH = 50
CASELOAD_RANGE = (0.0, 10_000.0)
"""A scenario's `caseload` must be above the first and at most the second (open cases per caseworker)."""
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _one_line(text: str) -> str:
    """The text with line breaks replaced by spaces, so that a message is always one line."""
    return " ".join(str(text).splitlines())


def _key(name: Any) -> str:
    """A key as a message shows it: bare when it is a plain name, quoted otherwise."""
    text = str(name)
    return text if re.fullmatch(r"[A-Za-z0-9_-]{1,60}", text) else _shown(text)


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: short numbers (never 300 digits), one line, cut short if long."""
    text = format_number(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _place(path: Path | str, extended_by: Sequence[Path | str] = ()) -> str:
    """'p.toml', or 'p.toml (extended by c.toml)' when the file is read as the parent of others."""
    if not extended_by:
        return str(path)
    return f"{path} (extended by " + ", in turn extended by ".join(str(p) for p in extended_by) + ")"


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, the key and what is allowed.

    `path` is the file that holds the mistake; `extended_by` the files that extend it, nearest first,
    down to the file that was loaded.
    """

    def __init__(self, path: Path | str, key: str, message: str, extended_by: Sequence[Path | str] = ()) -> None:
        self.path, self.key = Path(path), key
        self.extended_by = [Path(p) for p in extended_by]
        where = _place(path, extended_by)
        super().__init__(_one_line(f"{where}: {key}: {message}" if key else f"{where}: {message}"))


REQUIRED = object()


@dataclass(frozen=True)
class Limit:
    """The range of one numeric intervention field, inclusive, in its unit."""

    lo: float
    hi: float
    unit: str

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` (not a number, not finite, out of range), or None."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number, not {_shown(value)}"
        if not math.isfinite(value):
            return f"must be a finite number, not {_shown(value)}"
        if not self.lo <= value <= self.hi:
            return (f"must be between {format_limit(self.lo)} and {format_limit(self.hi)} ({self.unit}), "
                    f"not {_shown(value)}")
        return None


def _no_rule(values: dict[str, Any]) -> str | None:
    """No rule beyond the fields' types and ranges."""
    return None


@dataclass(frozen=True)
class InterventionKind:
    """The schema of one intervention kind: its fields (name -> type, default), their ranges and how to build it.

    `rule` is a further check on the values given (any subset of the fields), returning a message or None.
    """

    fields: dict[str, tuple[type, Any]]
    build: Callable[[int, dict[str, Any]], iv.Intervention]
    rule: Callable[[dict[str, Any]], str | None] = _no_rule
    help: str = ""
    limits: dict[str, Limit] = field(default_factory=dict)

    def field_problem(self, name: str, value: Any) -> str | None:
        """What is wrong with one field's value against its range, or None (the message does not name it)."""
        limit = self.limits.get(name)
        return limit.problem(value) if limit else None

    def check(self, values: dict[str, Any]) -> str | None:
        """What is wrong with these field values (each named in the message), or None."""
        for name, value in values.items():
            problem = self.field_problem(name, value)
            if problem:
                return f"'{name}' {problem}"
        return self.rule(values)


def _not_zero(name: str) -> Callable[[dict[str, Any]], str | None]:
    """A rule: the field, when given, must not be 0."""
    return lambda v: f"'{name}' must not be 0" if v.get(name, 1) == 0 else None


def _off_or_at_least_one(values: dict[str, Any]) -> str | None:
    """A caseload target is 0 (off) or at least 1 open case per position (below, staffing would explode)."""
    target = values.get("target", 0)
    if isinstance(target, (int, float)) and 0 < target < 1:
        return f"'target' must be 0 (off) or at least 1 open case per position, not {_shown(target)}"
    return None


def _restores_below_overload(values: dict[str, Any]) -> str | None:
    """The municipality's response aims below the caseload it counts as overload."""
    above, to = values.get("caseload_above", 55.0), values.get("caseload_to", 45.0)
    if isinstance(above, (int, float)) and isinstance(to, (int, float)) and to > above:
        return (f"'caseload_to' ({_shown(to)}) must be at most 'caseload_above' ({_shown(above)}): the positions "
                "added are meant to end the overload")
    return None


def _parameter_limit(name: str, unit: str) -> Limit:
    """The range of the model parameter `name`, for an intervention field that sets it."""
    meta = Parameters.__dataclass_fields__[name].metadata
    return Limit(meta["lo"], meta["hi"], unit)


MAX_POSITIONS = _parameter_limit("positions", "positions").hi

INTERVENTION_KINDS: dict[str, InterventionKind] = {
    "add_positions": InterventionKind(
        {"count": (int, REQUIRED)}, lambda w, v: iv.AddPositions(w, v["count"]), _not_zero("count"),
        "add (or, if negative, remove) caseworker positions",
        {"count": Limit(-MAX_POSITIONS, MAX_POSITIONS, "positions; negative removes")}),
    "caseload_target": InterventionKind(
        {"target": (float, REQUIRED)}, lambda w, v: iv.CaseloadTarget(w, v["target"]), _off_or_at_least_one,
        "staffing follows a target of open cases per position (0: off)",
        {"target": Limit(0.0, CASELOAD_RANGE[1], "open cases per position; 0 is off")}),
    "intake_team": InterventionKind(
        {"size": (int, REQUIRED)}, lambda w, v: iv.IntakeTeam(w, v["size"]), _no_rule,
        "a § 11 intake team of this many caseworkers assesses every new referral",
        {"size": _parameter_limit("intake_team_size", "caseworkers")}),
    "team_leaders": InterventionKind(
        {"count": (int, REQUIRED)}, lambda w, v: iv.TeamLeaders(w, {"team_leaders": v["count"]}), _no_rule,
        "team leaders who back caseworkers up", {"count": _parameter_limit("team_leaders", "team leaders")}),
    "mentoring": InterventionKind(
        {"on": (bool, True)}, lambda w, v: iv.Mentoring(w, {"mentoring": v["on"]}),
        help="a 3-month mentorship for every new hire"),
    "documentation_relief": InterventionKind(
        {"share": (float, REQUIRED)}, lambda w, v: iv.DocumentationRelief(w, {"documentation_relief": v["share"]}),
        _no_rule, "remove this share of documentation hours",
        {"share": _parameter_limit("documentation_relief", "share of documentation hours")}),
    "continuity": InterventionKind(
        {"on": (bool, True)}, lambda w, v: iv.Continuity(w, {"continuity": v["on"]}),
        help="one caseworker per family through the whole case"),
    "hiring_freeze": InterventionKind(
        {"on": (bool, True)}, lambda w, v: iv.HiringFreeze(w, v["on"]), help="vacancies are not filled"),
    "budget_cut": InterventionKind(
        {"dkk_per_year": (float, REQUIRED)}, lambda w, v: iv.BudgetCut(w, v["dkk_per_year"]), _no_rule,
        "abolish the positions this saving pays for", {"dkk_per_year": Limit(0.0, 1e12, "DKK a year")}),
    "municipality_responds": InterventionKind(
        {"caseload_above": (float, 55.0), "on_time_below": (float, 0.0), "for_weeks": (int, 26),
         "delay_weeks": (int, 52), "caseload_to": (float, 45.0)},
        lambda w, v: iv.MunicipalityResponds(w, ResponseRule(**v)), _restores_below_overload,
        "positions are added when overload lasts (an enforcement order), after the council's delay",
        {"caseload_above": Limit(1.0, CASELOAD_RANGE[1], "open cases per caseworker"),
         "on_time_below": Limit(0.0, 1.0, "share of § 50 investigations on time; 0 is not judged"),
         "for_weeks": Limit(1, MAX_WEEK, "weeks"), "delay_weeks": Limit(0, MAX_WEEK, "weeks"),
         "caseload_to": Limit(1.0, CASELOAD_RANGE[1], "open cases per position")}),
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
    params: ParameterSet = field(default_factory=Parameters)
    interventions: list[iv.Intervention] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    """One line per intervention, for reports."""
    warnings: list[str] = field(default_factory=list)
    """What the file allows but probably does not mean, one line each, naming file and key (any run length)."""
    origins: list[str] = field(default_factory=list)
    """Where each intervention is written, as 'file: interventions[i]', for messages."""
    whens: list[str] = field(default_factory=list)
    """When each intervention takes effect, as 'week 104' or '2016-01-01 (week 104)', for messages."""

    @classmethod
    def default(cls) -> Scenario:
        return cls(name="default", path=None, description="The default department (docs/parameters.md).")

    def warnings_for(self, years: float | None = None) -> list[str]:
        """The warnings for a run of `years` (None: the default run length), with interventions it never reaches."""
        weeks = max(round((DEFAULT_YEARS if years is None else years) * WEEKS_PER_YEAR), 1)
        run = (f"a {format_limit(DEFAULT_YEARS)}-year run (the default --years; {weeks} weeks)" if years is None
               else f"a {format_limit(years)}-year run ({weeks} weeks)")
        late = [f"{origin}: {when} is after the end of {run}; it takes effect only in runs of more than "
                f"{intervention.week} weeks ({intervention.week / WEEKS_PER_YEAR:.1f} years)"
                for origin, when, intervention in zip(self.origins, self.whens, self.interventions, strict=True)
                if intervention.week >= weeks]
        return [*self.warnings, *late]


def load_scenario(path: str | Path) -> Scenario:
    """Read, merge (`extends`) and validate a scenario file; raise ScenarioError on any problem."""
    path = Path(path)
    merged = _merge_chain(path, [], [])
    return _build(path, merged)


# --- reading and merging -----------------------------------------------------------------------


@dataclass
class _Merged:
    """A file merged over its ancestors, each value with the file that set it."""

    files: list[Path]
    """The chain of files, the first ancestor first and the loaded file last."""
    scenario: dict[str, tuple[Any, Path]]
    parameters: dict[str, tuple[Any, Path]]
    interventions: list[tuple[Path, int, dict[str, Any]]]
    """Each intervention with its file and its place in that file's list."""
    department: DepartmentKind = CHILDREN_AND_FAMILY
    """The kind of department (`[scenario] kind`), set before the values are checked."""

    def extended_by(self, path: Path) -> list[Path]:
        """The files that extend `path`, nearest first, down to the loaded file."""
        return self.files[self.files.index(path) + 1:] if path in self.files else []

    def error(self, path: Path, key: str, message: str) -> ScenarioError:
        """A ScenarioError against `path`, with the chain of files that extend it."""
        return ScenarioError(path, key, message, self.extended_by(path))

    def where(self, path: Path) -> str:
        """'p.toml (extended by c.toml)': the file as messages name it."""
        return _place(path, self.extended_by(path))


def _decode(path: Path, raw: bytes, extended_by: Sequence[Path]) -> str:
    """The file's text: UTF-8, with a leading byte-order mark (as Windows Notepad writes) dropped."""
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    elif raw.startswith(UTF16_BOMS):
        raise ScenarioError(path, "", "is saved as UTF-16; save it as UTF-8", extended_by)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(path, "", f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at position "
                                      f"{error.start}); save it as UTF-8", extended_by) from None


def _file_problem(path: Path) -> str | None:
    """Why `path` cannot be read as a scenario file (missing, a folder, not a file), or None."""
    try:
        if path.is_dir():
            return "is a folder, not a scenario file"
        if not path.exists():
            return "no such scenario file"
        if not path.is_file():
            return "is not a regular file (a scenario file is a TOML text file)"
    except (OSError, ValueError) as error:
        return f"cannot be used as a file name ({_one_line(str(error))})"
    return None


def _read(path: Path, extended_by: Sequence[Path]) -> dict[str, Any]:
    """The TOML content of one file, its top-level keys checked."""
    problem = _file_problem(path)
    if problem:
        raise ScenarioError(path, "", problem, extended_by)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(path, "", f"cannot be read ({error.strerror or error})", extended_by) from None
    text = _decode(path, raw, extended_by)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(path, "", f"not valid TOML ({error})", extended_by) from None
    except RecursionError:
        raise ScenarioError(path, "", "not valid TOML (nested too deeply)", extended_by) from None
    except ValueError as error:  # e.g. a whole number of more than 4,300 digits
        raise ScenarioError(path, "", f"not valid TOML ({error})", extended_by) from None
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ScenarioError(path, _key(key), "unknown key" + did_you_mean(key, TOP_LEVEL_KEYS)
                                + f"; allowed at the top: {', '.join(TOP_LEVEL_KEYS)}", extended_by)
    return data


def _resolved(path: Path) -> Path:
    """The file's absolute path with links followed, for detecting cycles of `extends`."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def _parent(path: Path, data: dict[str, Any], extended_by: Sequence[Path]) -> Path | None:
    """The file `path` extends, checked to be a readable file, or None."""
    if "extends" not in data:
        return None
    extends = data["extends"]
    if not isinstance(extends, str) or not extends.strip():
        raise ScenarioError(path, "extends", "must be the relative path of another scenario file, as a string, "
                                             f"not {_shown(extends)}", extended_by)
    parent = path.parent / extends
    problem = _file_problem(parent)
    if problem:
        message = f"no such scenario file: {parent}" if problem == "no such scenario file" else f"{parent} {problem}"
        raise ScenarioError(path, "extends", message, extended_by)
    return parent


def _merge_chain(path: Path, seen: list[Path], children: list[Path]) -> _Merged:
    """The file's content merged over its ancestors'.

    `seen` holds the resolved paths of the files that extend this one (to detect cycles), `children`
    the same files as given, the loaded file first (for messages).
    """
    extended_by = children[::-1]
    resolved = _resolved(path)
    if resolved in seen:
        chain = " -> ".join(str(p) for p in [*children, path])
        raise ScenarioError(children[-1], "extends", f"cycle of extends: {chain}", extended_by[1:])
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(children[-1], "extends", f"more than {MAX_EXTENDS_DEPTH} files deep", extended_by[1:])
    data = _read(path, extended_by)
    parent_path = _parent(path, data, extended_by)
    merged = (_merge_chain(parent_path, [*seen, resolved], [*children, path]) if parent_path is not None
              else _Merged([], {}, {}, []))
    for table in ("scenario", "parameters"):
        own = data.get(table, {})
        if not isinstance(own, dict):
            raise ScenarioError(path, table, f"must be a table ([{table}]), not {_shown(own)}", extended_by)
        getattr(merged, table).update({key: (value, path) for key, value in own.items()})
    _override_sizing(merged, data, path)
    own_interventions = data.get("interventions", [])
    if not isinstance(own_interventions, list):
        raise ScenarioError(path, "interventions", "must be an array of tables ([[interventions]]), "
                                                   f"not {_shown(own_interventions)}", extended_by)
    for index, spec in enumerate(own_interventions):
        if not isinstance(spec, dict):
            raise ScenarioError(path, f"interventions[{index}]", "must be a table ([[interventions]]), "
                                                                 f"not {_shown(spec)}", extended_by)
        merged.interventions.append((path, index, spec))
    merged.files.append(path)
    return merged


def _override_sizing(merged: _Merged, data: dict[str, Any], path: Path) -> None:
    """A file's `caseload` replaces an inherited `positions`, and its `positions` an inherited `caseload`.

    Only a file that gives both keeps both (an error when built).
    """
    caseload = merged.scenario.get("caseload", (None, None))[1] == path
    positions = merged.parameters.get("positions", (None, None))[1] == path
    if caseload and not positions:
        merged.parameters.pop("positions", None)
    if positions and not caseload:
        merged.scenario.pop("caseload", None)


# --- building and validating ---------------------------------------------------------------------


def _build(path: Path, merged: _Merged) -> Scenario:
    """The Scenario the merged files describe, every value validated."""
    meta = merged.scenario
    _check_scenario_keys(merged)
    merged.department = _department(merged)
    _check_parameter_names(merged)
    name = _typed(merged, "scenario.name", *meta.get("name", (path.stem, path)), str)
    description = _typed(merged, "scenario.description", *meta.get("description", ("", path)), str)
    start_date = _start_date(merged)
    values = {key: value for key, (value, _) in merged.parameters.items()}
    origins = {key: origin for key, (_, origin) in merged.parameters.items()}
    if "caseload" in meta and "positions" in values:
        raise merged.error(meta["caseload"][1], "scenario.caseload",
                           "give either scenario.caseload or parameters.positions, not both")
    if "caseload" in meta:
        values["positions"] = _positions_for_caseload(merged, values)
        origins["positions"] = meta["caseload"][1]
    params = _parameters(merged, values, origins)

    scenario = Scenario(name=name, path=path, description=description, start_date=start_date, params=params)
    for source, index, spec in merged.interventions:
        key = f"interventions[{index}]"
        intervention, change = _intervention(merged, source, key, spec, start_date)
        scenario.interventions.append(intervention)
        scenario.changes.append(change)
        scenario.origins.append(f"{merged.where(source)}: {key}")
        scenario.whens.append(f"{spec['start']} (week {intervention.week})" if "start" in spec
                              else f"week {intervention.week}")
    scenario.warnings = _plan(merged, scenario)
    return scenario


def _department(merged: _Merged) -> DepartmentKind:
    """The kind of department `[scenario] kind` names (the children-and-family department if none)."""
    if "kind" not in merged.scenario:
        return CHILDREN_AND_FAMILY
    value, origin = merged.scenario["kind"]
    if not isinstance(value, str) or value not in KINDS:
        hint = did_you_mean(value, KINDS) if isinstance(value, str) else ""
        raise merged.error(origin, "scenario.kind", f"must be one of {', '.join(KINDS)}, not {_shown(value)}{hint}")
    return KINDS[value]


def _check_scenario_keys(merged: _Merged) -> None:
    """Every key under [scenario] is one of SCENARIO_KEYS."""
    known = {name for kind in KINDS.values() for name in kind.parameters.field_names()}
    for key, (_, origin) in merged.scenario.items():
        if key in SCENARIO_KEYS:
            continue
        if key in known:
            raise merged.error(origin, f"scenario.{_key(key)}", "is a model parameter: set it under [parameters]")
        raise merged.error(origin, f"scenario.{_key(key)}", "unknown key" + did_you_mean(key, SCENARIO_KEYS)
                           + f"; allowed: {', '.join(SCENARIO_KEYS)}")


def _check_parameter_names(merged: _Merged) -> None:
    """Every key under [parameters] names a model parameter."""
    for key, (_, origin) in merged.parameters.items():
        _check_parameter_name(merged, origin, f"parameters.{_key(key)}", key)


def _check_parameter_name(merged: _Merged, origin: Path, where: str, name: str) -> None:
    """`name` is a model parameter; otherwise an error that suggests the nearest one."""
    known = merged.department.parameters.field_names()
    if name in known:
        return
    if name in SCENARIO_KEYS:
        raise merged.error(origin, where, "is not a model parameter: set it under [scenario]")
    others = [kind.name for kind in KINDS.values() if name in kind.parameters.field_names()]
    if others:
        raise merged.error(origin, where, f"is a parameter of the {others[0].replace('_', ' ')} department, not of "
                           f"a {merged.department.name.replace('_', ' ')} one (set [scenario] kind)")
    raise merged.error(origin, where, "unknown parameter" + did_you_mean(name, known)
                       + "; see docs/parameters.md for the allowed names")


def _start_date(merged: _Merged) -> dt.date | None:
    """scenario.start_date, checked to be a date (not a date and time)."""
    if "start_date" not in merged.scenario:
        return None
    start_date, origin = merged.scenario["start_date"]
    if not isinstance(start_date, dt.date) or isinstance(start_date, dt.datetime):
        raise merged.error(origin, "scenario.start_date",
                           f"must be a date such as 2016-01-01, not {_shown(start_date)}")
    return start_date


def _positions_for_caseload(merged: _Merged, values: dict[str, Any]) -> int:
    """The positions scenario.caseload gives, checked to be finite, in range and to need a possible staff."""
    value, origin = merged.scenario["caseload"]
    caseload = _typed(merged, "scenario.caseload", value, origin, float)
    lo, hi = CASELOAD_RANGE
    if not math.isfinite(caseload) or not lo < caseload <= hi:
        raise merged.error(origin, "scenario.caseload", f"must be a finite number above {format_limit(lo)} and at "
                           f"most {format_limit(hi)} (open cases per caseworker), not {_shown(caseload)}")
    base = _parameters(merged, {k: v for k, v in values.items() if k != "positions"},
                       {k: o for k, (_, o) in merged.parameters.items()})
    positions = merged.department.positions_for_caseload(dataclasses.asdict(base), caseload)
    if positions > MAX_POSITIONS:
        raise merged.error(origin, "scenario.caseload", f"{_shown(caseload)} open cases per caseworker needs "
                           f"{_shown(positions)} positions, more than the {format_limit(MAX_POSITIONS)} allowed; "
                           "give a larger caseload")
    return positions


def _parameters(merged: _Merged, values: dict[str, Any], origins: dict[str, Path]) -> ParameterSet:
    """The department's parameters from `values`, a ParameterError reported against the file and key it names
    first."""
    try:
        return merged.department.parameters(**values)
    except ParameterError as error:
        message = str(error)
        named = [(message.find(f"'{name}'"), name) for name in values if f"'{name}'" in message]
        if not named:
            raise merged.error(merged.files[-1], "parameters", message) from None
        key = min(named)[1]
        raise merged.error(origins.get(key, merged.files[-1]), f"parameters.{key}", message) from None


def _typed(merged: _Merged, key: str, value: Any, origin: Path, kind: type) -> Any:
    """`value` checked to be of `kind` (a whole number counts as a number), else an error at `key`."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value) if abs(value) < 2**1023 else math.inf
    if kind is int and isinstance(value, bool):
        raise merged.error(origin, key, f"must be a whole number, not {_shown(value)}")
    if not isinstance(value, kind):
        names = {int: "a whole number", float: "a number", bool: "true or false", str: "a string",
                 dict: "a table"}
        raise merged.error(origin, key, f"must be {names[kind]}, not {_shown(value)}")
    return value


def _intervention(merged: _Merged, path: Path, key: str, spec: dict[str, Any],
                  start_date: dt.date | None) -> tuple[iv.Intervention, str]:
    """One intervention built from its table, each field checked; with its line for reports."""
    kind_name = spec.get("kind")
    if not isinstance(kind_name, str) or kind_name not in INTERVENTION_KINDS:
        allowed = ", ".join(INTERVENTION_KINDS)
        hint = did_you_mean(kind_name, INTERVENTION_KINDS) if isinstance(kind_name, str) else ""
        given = "missing" if kind_name is None else f"not {_shown(kind_name)}"
        raise merged.error(path, f"{key}.kind", f"must be one of {allowed}; {given}{hint}")
    applies = merged.department.interventions
    if applies is not None and kind_name not in applies:
        raise merged.error(path, f"{key}.kind", f"'{kind_name}' does not apply to a "
                           f"{merged.department.name.replace('_', ' ')} department; allowed: {', '.join(applies)}")
    kind = INTERVENTION_KINDS[kind_name]
    allowed_keys = ("kind", *TIMING_KEYS, *kind.fields)
    for name in spec:
        if name not in allowed_keys:
            raise merged.error(path, f"{key}.{_key(name)}", f"unknown key for kind '{kind_name}'"
                               + did_you_mean(name, allowed_keys) + f"; allowed: {', '.join(sorted(allowed_keys))}")
    if "note" in spec:
        _typed(merged, f"{key}.note", spec["note"], path, str)
    week = _week(merged, path, key, spec, start_date)
    values = _field_values(merged, path, key, kind_name, spec)
    if kind_name == "parameters":
        for name in values["values"]:
            _check_parameter_name(merged, path, f"{key}.values.{_key(name)}", name)
    intervention = kind.build(week, values)
    when = spec.get("start", f"week {week}")
    detail = ", ".join(f"{k} = {_shown(v)}" for k, v in values.items())
    return intervention, f"{when}: {kind_name} ({detail})"


def _field_values(merged: _Merged, path: Path, key: str, kind_name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """The kind's field values from the table, defaults filled in, each checked for type and range."""
    kind = INTERVENTION_KINDS[kind_name]
    values = {}
    for name, (type_, default) in kind.fields.items():
        if name not in spec:
            if default is REQUIRED:
                raise merged.error(path, f"{key}.{name}", f"is required for kind '{kind_name}'")
            values[name] = default
            continue
        values[name] = _typed(merged, f"{key}.{name}", spec[name], path, type_)
        problem = kind.field_problem(name, values[name])
        if problem:
            raise merged.error(path, f"{key}.{name}", problem)
    problem = kind.rule(values)
    if problem:
        raise merged.error(path, key, problem)
    return values


def _week(merged: _Merged, path: Path, key: str, spec: dict[str, Any], start_date: dt.date | None) -> int:
    """The week the intervention takes effect, from its `week` or its `start` date."""
    if ("start" in spec) == ("week" in spec):
        raise merged.error(path, key, "give exactly one of 'start' (a date) or 'week' (a week number)")
    if "week" in spec:
        week = _typed(merged, f"{key}.week", spec["week"], path, int)
        if not 0 <= week <= MAX_WEEK:
            raise merged.error(path, f"{key}.week", f"must be between 0 and {MAX_WEEK}, not {_shown(week)}")
        return week
    start = spec["start"]
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise merged.error(path, f"{key}.start", f"must be a date such as 2016-01-01, not {_shown(start)}")
    if start_date is None:
        raise merged.error(path, f"{key}.start", "a dated intervention needs scenario.start_date")
    if start < start_date:
        date_origin = merged.scenario["start_date"][1]
        set_in = "" if date_origin == path else f" (set in {date_origin})"
        raise merged.error(path, f"{key}.start", f"{start} is before scenario.start_date {start_date}{set_in}")
    return (start - start_date).days // 7


# --- the interventions in the order they take effect -------------------------------------------------


@dataclass
class _Plan:
    """The department as the interventions change it, week by week, as far as the file decides it.

    `params.positions` is an upper bound of the positions established: budget cuts only lower it,
    and while a caseload target is on (`follows_cases`) staffing follows the open cases, unknown here.
    """

    params: ParameterSet
    follows_cases: bool = False
    warnings: list[str] = field(default_factory=list)


def _plan(merged: _Merged, scenario: Scenario) -> list[str]:
    """Walk the interventions in the order the model applies them; raise on the impossible, return warnings."""
    plan = _Plan(scenario.params)
    order = sorted(range(len(scenario.interventions)), key=lambda i: scenario.interventions[i].week)
    for i in order:
        source, index, _ = merged.interventions[i]
        _apply_to_plan(merged, plan, source, f"interventions[{index}]", scenario.interventions[i])
    return plan.warnings


def _apply_to_plan(merged: _Merged, plan: _Plan, path: Path, key: str, intervention: iv.Intervention) -> None:
    """Check one intervention against the department as planned when it takes effect, and update the plan."""
    positions = plan.params.positions
    if isinstance(intervention, iv.AddPositions):
        after = positions + intervention.count
        if after < 0 and not plan.follows_cases:
            raise merged.error(path, f"{key}.count", f"{intervention.count} would remove more positions than the "
                               f"{positions} the department has in week {intervention.week}; allowed: "
                               f"{-positions} or more (a department keeps at least 0 positions)")
        if after < 0:
            plan.warnings.append(f"{merged.where(path)}: {key}.count: {intervention.count} may remove more positions "
                                 f"than exist in week {intervention.week}; the department stops at 0 positions")
        if after > MAX_POSITIONS and not plan.follows_cases:
            raise merged.error(path, f"{key}.count", f"{intervention.count} would make {after} positions, more than "
                               f"the {format_limit(MAX_POSITIONS)} allowed")
        after = int(min(max(after, 0), MAX_POSITIONS))
        team = {"intake_team_size": min(plan.params.intake_team_size, after)} \
            if hasattr(plan.params, "intake_team_size") else {}
        plan.params = plan.params.replace(positions=after, **team)
    elif isinstance(intervention, iv.IntakeTeam):
        if intervention.size >= positions > 0 and not plan.follows_cases:
            plan.warnings.append(_intake_warning(merged.where(path), key, intervention, positions))
        plan.params = plan.params.replace(intake_team_size=min(intervention.size, positions))
    elif isinstance(intervention, iv.CaseloadTarget):
        plan.follows_cases = plan.follows_cases or intervention.target > 0
    elif isinstance(intervention, iv.BudgetCut):
        if intervention.dkk_per_year > 0 and plan.params.caseworker_cost_dkk_year <= 0:
            raise merged.error(path, f"{key}.dkk_per_year", "a budget cut needs parameter "
                               "'caseworker_cost_dkk_year' above 0 when it takes effect, to know what a position costs")
    elif isinstance(intervention, iv.SetParameters):
        plan.params = _set_parameters(merged, plan.params, path, key, intervention)


def _intake_warning(where: str, key: str, intervention: iv.IntakeTeam, positions: int) -> str:
    """The warning for an intake team as large as the staff or larger."""
    size = intervention.size
    if size > positions:
        return (f"{where}: {key}.size: an intake team of {size} is larger than the {positions} positions the "
                f"department has in week {intervention.week}; all {positions} go to the intake team, none is left "
                "for the cases beyond § 11")
    return (f"{where}: {key}.size: an intake team of {size} takes all {positions} positions in week "
            f"{intervention.week}; none is left for the cases beyond § 11")


def _set_parameters(merged: _Merged, params: ParameterSet, path: Path, key: str,
                    intervention: iv.SetParameters) -> ParameterSet:
    """The parameters after the intervention's changes, which must be valid with those in force then."""
    try:
        return params.replace(**intervention.values)
    except ParameterError as error:
        message = str(error)
        names = [name for name in intervention.values if f"'{name}'" in message]
        field_key = _field_key(intervention, names)
        where = f"{key}.{field_key}" if field_key else key
        raise merged.error(path, where, f"{message} (in week {intervention.week})") from None


def _field_key(intervention: iv.SetParameters, names: Iterable[str]) -> str:
    """The key, within the intervention's table, of the first parameter named: 'values.x', or its one field."""
    names = list(names)
    if not names:
        return ""
    if intervention.kind == "parameters":
        return f"values.{_key(names[0])}"
    return next(iter(INTERVENTION_KINDS[intervention.kind].fields))


def describe_parameters(scenario: Scenario) -> dict[str, Any]:
    """The parameters this scenario sets differently from the defaults."""
    default = type(scenario.params)()
    return {f.name: getattr(scenario.params, f.name) for f in dataclasses.fields(scenario.params)
            if getattr(scenario.params, f.name) != getattr(default, f.name)}
