"""Experiment files: a base scenario, the factors to vary, a design, replicates and a horizon, in TOML.

    [experiment]
    name = "Caseload tipping point"
    scenario = "../scenarios/union_guideline.toml"   # the base scenario, relative to this file
    replicates = 10
    years = 10
    warmup_years = 2
    seed = 2024

    [design]
    type = "factorial"            # or latin_hypercube, morris, sobol

    [parameters]                  # fixed changes to the base scenario, for every run
    children = 8000

    [factors.caseload]            # a parameter, `caseload`, or a reform's setting
    range = [20, 70]
    step = 5

    [outputs]
    weekly = false                # true (or a list of columns) also keeps every run's weekly series

docs/experiments.md describes every key. A file is validated completely before anything runs, and a
mistake gets one message naming the file, the key and what is allowed, like a scenario file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deptsim.departments import DEFAULT_KIND, KINDS, DepartmentKind, kind_of
from deptsim.experiments.design import (
    DESIGNS,
    FACTORIAL,
    LATIN_HYPERCUBE,
    MORRIS,
    SAMPLING_DESIGNS,
    SENSITIVITY_DESIGNS,
    SOBOL,
    Design,
    DesignPoints,
    Factor,
    RunTask,
    design_points,
    plan_runs,
    sample_size,
)
from deptsim.experiments.factors import (
    CASELOAD,
    CaseloadTarget,
    InterventionTarget,
    ParameterTarget,
    Target,
    intervention_settings,
    parameter_type,
    run_inputs,
)
from deptsim.experiments.worker import RunJob
from deptsim.interventions import Intervention, SetParameters
from deptsim.paramspec import ASSUMPTION, ParameterError, ParameterSet, did_you_mean
from deptsim.results import WEEKS_PER_YEAR
from deptsim.scenario import INTERVENTION_KINDS, Scenario, load_scenario

TOP_LEVEL_KEYS = ("experiment", "design", "parameters", "factors", "assumptions", "outputs")
EXPERIMENT_KEYS = ("name", "description", "scenario", "replicates", "years", "warmup_years", "seed",
                   "common_random_numbers")
DESIGN_KEYS = {FACTORIAL: (), LATIN_HYPERCUBE: ("samples",), MORRIS: ("trajectories", "grid_levels"),
               SOBOL: ("samples", "second_order")}
FACTOR_KEYS = ("levels", "range", "step", "intervention", "setting")
ASSUMPTION_KEYS = ("spread", "exclude")
OUTPUT_KEYS = ("weekly",)
RUN_COLUMNS = ("run_id", "point", "replicate", "seed", "status", "error")
MAX_YEARS = 200
TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string",
              list: "a list", dict: "a table"}


class ExperimentError(ValueError):
    """An experiment file that cannot be used; the message names the file, the key and what is allowed."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        self.path, self.key = Path(path), key
        super().__init__(f"{path}: {key}: {message}" if key else f"{path}: {message}")


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: what every run starts from, what varies, and every design point."""

    name: str
    description: str
    path: Path
    scenario: Scenario
    fixed: dict[str, Any]
    factors: tuple[Factor, ...]
    design: Design
    replicates: int
    years: float
    warmup_years: float
    seed: int
    common_random_numbers: bool
    weekly: tuple[str, ...]
    points: DesignPoints

    @property
    def department(self) -> DepartmentKind:
        """The kind of department the base scenario describes: its parameters, simulation and headline figures."""
        return kind_of(self.scenario.params)

    @property
    def fixed_changes(self) -> tuple[tuple[Target, Any], ...]:
        return tuple((_fixed_target(name), value) for name, value in self.fixed.items())

    def runs(self) -> list[RunTask]:
        """Every run, with its coordinates and seed."""
        return plan_runs(self.points, replicates=self.replicates, seed=self.seed,
                         common_random_numbers=self.common_random_numbers)

    def job(self) -> RunJob:
        """What the workers need besides each run's coordinates."""
        return RunJob(params=self.scenario.params, interventions=tuple(self.scenario.interventions),
                      fixed=self.fixed_changes, targets={f.name: f.target for f in self.factors},
                      years=self.years, warmup_years=self.warmup_years, weekly=self.weekly)

    def normalised(self) -> dict[str, Any]:
        """The experiment as plain data: what the manifest records and what the digest covers.

        It holds the base scenario's resolved parameters and reforms rather than its file name, so an
        edit to the scenario file counts as a change to the experiment.
        """
        return {
            "name": self.name,
            "description": self.description,
            "scenario": {"name": self.scenario.name, "kind": self.department.name,
                         "parameters": dataclasses.asdict(self.scenario.params),
                         "interventions": [repr(i) for i in self.scenario.interventions]},
            "parameters": dict(self.fixed),
            "factors": [_describe_factor(f) for f in self.factors],
            "design": {k: v for k, v in dataclasses.asdict(self.design).items()
                       if k == "type" or k in DESIGN_KEYS[self.design.type]},
            "replicates": self.replicates,
            "years": self.years,
            "warmup_years": self.warmup_years,
            "seed": self.seed,
            "common_random_numbers": self.common_random_numbers,
            "weekly": list(self.weekly),
        }

    def digest(self) -> str:
        """A hash of everything that decides the results (all but the description; comments and layout
        never count), so a changed experiment is not mixed with the results of the old one."""
        content = {k: v for k, v in self.normalised().items() if k != "description"}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _fixed_target(name: str) -> Target:
    return CaseloadTarget() if name == CASELOAD else ParameterTarget(name)


def _describe_factor(factor: Factor) -> dict[str, Any]:
    target = factor.target
    where: dict[str, Any] = {"target": "parameter"}
    if isinstance(target, CaseloadTarget):
        where = {"target": CASELOAD}
    elif isinstance(target, InterventionTarget):
        where = {"target": "intervention", "intervention": target.index, "setting": target.setting}
    return {"name": factor.name, "type": factor.type.__name__, **where, "levels": list(factor.levels),
            "range": list(factor.bounds) if factor.bounds else None}


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file, its base scenario and every design point."""
    return _Loader(Path(path)).load()


class _Loader:
    """Reads one experiment file; every problem becomes an ExperimentError naming the key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.department: DepartmentKind = KINDS[DEFAULT_KIND]
        """The base scenario's kind of department, once it is read: what parameters and figures it has."""

    def error(self, key: str, message: str) -> ExperimentError:
        return ExperimentError(self.path, key, message)

    def load(self) -> Experiment:
        data = self.read()
        meta = self.table(data, "experiment", EXPERIMENT_KEYS)
        scenario = self.scenario(meta)
        self.department = kind_of(scenario.params)
        replicates = self.value(meta, "experiment.replicates", int, 1)
        if replicates < 1:
            raise self.error("experiment.replicates", f"must be at least 1, not {replicates}")
        years = self.value(meta, "experiment.years", float, 10.0)
        if not 0 < years <= MAX_YEARS:
            raise self.error("experiment.years", f"must be above 0 and at most {MAX_YEARS}, not {years:g}")
        warmup = self.value(meta, "experiment.warmup_years", float, min(2.0, years / 2))
        if not 0 <= warmup < years or round(warmup * WEEKS_PER_YEAR) >= round(years * WEEKS_PER_YEAR):
            raise self.error("experiment.warmup_years", f"must be at least 0 and at least a week less than "
                                                        f"experiment.years ({years:g}), not {warmup:g}")
        seed = self.value(meta, "experiment.seed", int, 1)
        if seed < 0:
            raise self.error("experiment.seed", f"must be at least 0, not {seed}")

        design = self.design(data)
        fixed = self.fixed(data)
        try:
            base = run_inputs(scenario.params, scenario.interventions,
                              [(_fixed_target(k), v) for k, v in fixed.items()]).parameters()
        except ParameterError as error:
            raise self.error("parameters", str(error)) from None
        factors = self.factors(data, design, base, scenario.interventions)
        factors += self.assumptions(data, design, base, fixed, factors)
        self.check_targets(fixed, factors)
        if design.type in SENSITIVITY_DESIGNS and len(factors) < 2:
            raise self.error("factors", f"a {design.type} analysis needs at least 2 factors")
        if design.type in SAMPLING_DESIGNS and not factors:
            raise self.error("factors", f"a {design.type} design needs at least 1 factor with a range")
        points = design_points(design, factors, seed)
        experiment = Experiment(
            name=self.value(meta, "experiment.name", str, self.path.stem),
            description=self.value(meta, "experiment.description", str, ""),
            path=self.path, scenario=scenario, fixed=fixed, factors=factors, design=design,
            replicates=replicates, years=years, warmup_years=warmup, seed=seed,
            common_random_numbers=self.value(meta, "experiment.common_random_numbers", bool, True),
            weekly=self.weekly(data), points=points)
        if design.type in SAMPLING_DESIGNS:
            self.check_points(experiment)
        return experiment

    # --- reading -----------------------------------------------------------------------------------
    def read(self) -> dict[str, Any]:
        if not self.path.is_file():
            raise self.error("", "no such experiment file")
        try:
            with self.path.open("rb") as handle:
                data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise self.error("", f"not valid TOML ({error})") from None
        except (OSError, UnicodeDecodeError) as error:
            raise self.error("", f"cannot be read ({error})") from None
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                raise self.error(key, f"unknown key; allowed at the top: {', '.join(TOP_LEVEL_KEYS)}")
        return data

    def table(self, data: dict[str, Any], key: str, allowed: tuple[str, ...] | None) -> dict[str, Any]:
        """The table at `key` (empty when absent), with its keys checked against `allowed`."""
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise self.error(key, f"must be a table ([{key}])")
        if allowed is not None:
            for name in table:
                if name not in allowed:
                    listed = ", ".join(allowed) if allowed else "none"
                    raise self.error(f"{key}.{name}", f"unknown key; allowed: {listed}")
        return table

    def value(self, table: dict[str, Any], key: str, kind: type, default: Any) -> Any:
        name = key.rsplit(".", 1)[-1]
        if name not in table:
            return default
        return self.typed(key, table[name], kind)

    def typed(self, key: str, value: Any, kind: type) -> Any:
        """The value as `kind`: a whole number is a number; a whole-valued number is a whole number."""
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if kind is int and isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) is not (kind is bool) or not isinstance(value, kind):
            raise self.error(key, f"must be {TYPE_NAMES[kind]}, not {value!r}")
        if kind is float and not math.isfinite(value):
            raise self.error(key, f"must be a finite number, not {value!r}")
        return value

    # --- parts -------------------------------------------------------------------------------------
    def scenario(self, meta: dict[str, Any]) -> Scenario:
        if "scenario" not in meta:
            return Scenario.default()
        relative = self.typed("experiment.scenario", meta["scenario"], str)
        scenario_path = self.path.parent / relative
        if not scenario_path.is_file():
            raise self.error("experiment.scenario", f"no such scenario file: {scenario_path}")
        return load_scenario(scenario_path)

    def design(self, data: dict[str, Any]) -> Design:
        table = self.table(data, "design", None)
        kind = table.get("type", FACTORIAL)
        if kind not in DESIGNS:
            raise self.error("design.type", f"must be one of {', '.join(DESIGNS)}, not {kind!r}")
        for name in table:
            if name != "type" and name not in DESIGN_KEYS[kind]:
                allowed = ", ".join(("type", *DESIGN_KEYS[kind]))
                raise self.error(f"design.{name}", f"unknown key for a {kind} design; allowed: {allowed}")
        for name in DESIGN_KEYS[kind]:
            if name not in table and name not in ("grid_levels", "second_order"):
                raise self.error(f"design.{name}", f"is required for a {kind} design")
        design = Design(type=kind, samples=self.value(table, "design.samples", int, 0),
                        trajectories=self.value(table, "design.trajectories", int, 0),
                        grid_levels=self.value(table, "design.grid_levels", int, 4),
                        second_order=self.value(table, "design.second_order", bool, False))
        if kind == LATIN_HYPERCUBE and design.samples < 2:
            raise self.error("design.samples", f"must be at least 2, not {design.samples}")
        if kind == SOBOL and (design.samples < 2 or design.samples & (design.samples - 1)):
            raise self.error("design.samples",
                             f"must be a power of 2 of at least 2 (Sobol sequences need it), not {design.samples}")
        if kind == MORRIS and design.trajectories < 2:
            raise self.error("design.trajectories", f"must be at least 2, not {design.trajectories}")
        if kind == MORRIS and (design.grid_levels < 2 or design.grid_levels % 2):
            raise self.error("design.grid_levels", f"must be an even number of at least 2, not {design.grid_levels}")
        return design

    def fixed(self, data: dict[str, Any]) -> dict[str, Any]:
        table = self.table(data, "parameters", None)
        known = self.department.parameters.field_names()
        fixed = {}
        for name, value in table.items():
            key = f"parameters.{name}"
            if name == CASELOAD:
                fixed[name] = self.typed(key, value, float)
                if fixed[name] <= 0:
                    raise self.error(key, f"must be above 0, not {value!r}")
            elif name in known:
                fixed[name] = self.typed(key, value, parameter_type(self.department.parameters, name))
            else:
                raise self.error(key, f"{self.unknown_parameter(name)}; see docs/parameters.md for the allowed "
                                      "names (or `caseload`, which sets the positions)")
        if CASELOAD in fixed and "positions" in fixed:
            raise self.error("parameters.caseload", "give either caseload or positions")
        return fixed

    def unknown_parameter(self, name: str) -> str:
        """'unknown parameter' for this kind of department, with the nearest name it has."""
        return (f"unknown parameter of a {self.department.name} department"
                + did_you_mean(name, self.department.parameters.field_names()))

    def factors(self, data: dict[str, Any], design: Design, base: ParameterSet,
                interventions: list[Intervention]) -> tuple[Factor, ...]:
        table = self.table(data, "factors", None)
        factors = []
        for name, spec in table.items():
            key = f"factors.{name}"
            if not isinstance(spec, dict):
                raise self.error(key, f"must be a table ([{key}]) with levels or a range")
            for field_name in spec:
                if field_name not in FACTOR_KEYS:
                    raise self.error(f"{key}.{field_name}", f"unknown key; allowed: {', '.join(FACTOR_KEYS)}")
            target, kind = self.target(key, name, spec, interventions)
            factor = Factor(name, kind, target)
            if design.type == FACTORIAL:
                factor = dataclasses.replace(factor, levels=self.levels(key, spec, kind))
            else:
                factor = dataclasses.replace(factor, bounds=self.bounds(key, spec, kind, design.type))
            factors.append(factor)
        varied = _varied_parameters(factors)
        for factor in factors:
            for field_name, values in (("levels", factor.levels), ("range", factor.bounds or ())):
                for value in values:
                    self.check_level(f"factors.{factor.name}.{field_name}", factor, value, base, interventions,
                                     varied - _varied_parameters([factor]))
        return tuple(factors)

    def target(self, key: str, name: str, spec: dict[str, Any],
               interventions: list[Intervention]) -> tuple[Target, type]:
        if name in RUN_COLUMNS or name in self.department.summary_keys:
            raise self.error(key, f"'{name}' is a column of the results; give the factor another name")
        if "intervention" not in spec:
            if "setting" in spec:
                raise self.error(f"{key}.setting", "needs `intervention`, the number of the base scenario's reform")
            if name == CASELOAD:
                return CaseloadTarget(), float
            if name not in self.department.parameters.field_names():
                raise self.error(key, f"{self.unknown_parameter(name)}; name a parameter (docs/parameters.md) or "
                                      "`caseload`, or give `intervention` and `setting` to vary a reform of the base "
                                      "scenario")
            return ParameterTarget(name), parameter_type(self.department.parameters, name)
        index = self.typed(f"{key}.intervention", spec["intervention"], int)
        if not 0 <= index < len(interventions):
            raise self.error(f"{key}.intervention", f"the base scenario has {len(interventions)} interventions "
                                                    f"(numbered from 0), so {index} is not one of them")
        if "setting" not in spec:
            raise self.error(f"{key}.setting", "is required with `intervention`")
        setting = self.typed(f"{key}.setting", spec["setting"], str)
        settings = intervention_settings(interventions[index], self.department.parameters)
        if setting not in settings:
            raise self.error(f"{key}.setting", f"intervention {index} ({interventions[index].kind}) has the "
                                               f"settings {', '.join(settings)}, not {setting!r}")
        if name in self.department.parameters.field_names() or name == CASELOAD:
            raise self.error(key, "a factor that varies a reform needs a name that is not a parameter's")
        return InterventionTarget(index, setting), settings[setting]

    def levels(self, key: str, spec: dict[str, Any], kind: type) -> tuple[Any, ...]:
        if ("levels" in spec) == ("range" in spec):
            raise self.error(key, "give either `levels` (a list) or `range` and `step`")
        if "levels" in spec:
            if "step" in spec:
                raise self.error(f"{key}.step", "goes with `range`, not with `levels`")
            raw = spec["levels"]
            if not isinstance(raw, list) or not raw:
                raise self.error(f"{key}.levels", f"must be a non-empty list, not {raw!r}")
            levels = tuple(self.typed(f"{key}.levels", value, kind) for value in raw)
            if len(set(levels)) != len(levels):
                raise self.error(f"{key}.levels", "lists a level twice")
            return levels
        low, high = self.range(key, spec, kind)
        if "step" not in spec:
            raise self.error(f"{key}.step", "is required with `range` in a factorial design")
        step = self.typed(f"{key}.step", spec["step"], float)
        if step <= 0:
            raise self.error(f"{key}.step", f"must be above 0, not {step:g}")
        count = math.floor((high - low) / step + 1e-9) + 1
        levels = tuple(round(low + i * step, 10) for i in range(count))
        if kind is int:
            if not all(float(level).is_integer() for level in levels):
                raise self.error(f"{key}.step", "gives levels that are not whole numbers")
            return tuple(int(level) for level in levels)
        return levels

    def bounds(self, key: str, spec: dict[str, Any], kind: type, design: str) -> tuple[float, float]:
        if "range" not in spec or "levels" in spec:
            raise self.error(key, f"a {design} design draws values from a range: give `range = [low, high]`")
        if "step" in spec:
            raise self.error(f"{key}.step", f"is for factorial designs; a {design} design draws from the range")
        if kind not in (int, float):
            raise self.error(key, f"a {design} design varies numbers; this factor is {TYPE_NAMES[kind]}: vary it "
                                  "in a factorial design")
        return self.range(key, spec, kind)

    def range(self, key: str, spec: dict[str, Any], kind: type) -> tuple[float, float]:
        if kind not in (int, float):
            raise self.error(f"{key}.range", f"this factor is {TYPE_NAMES[kind]}: list its `levels` instead")
        raw = spec["range"]
        if not isinstance(raw, list) or len(raw) != 2:
            raise self.error(f"{key}.range", f"must be [low, high], not {raw!r}")
        low, high = (self.typed(f"{key}.range", value, float) for value in raw)
        if not low < high:
            raise self.error(f"{key}.range", f"low must be below high, not [{low:g}, {high:g}]")
        return low, high

    def check_level(self, key: str, factor: Factor, value: Any, base: ParameterSet,
                    interventions: list[Intervention], others: set[str]) -> None:
        """One value of one factor, on its own, must be possible.

        A value that clashes only with a parameter another factor varies (a placement threshold above the
        institution threshold, an intake team larger than the positions) is left to the combination:
        every point of a sampling design is checked before the runs, and in a factorial design the
        impossible combinations are recorded as failed runs.
        """
        value = factor.value(value) if factor.bounds else value
        target = factor.target
        if isinstance(target, CaseloadTarget) and value <= 0:
            raise self.error(key, f"a caseload must be above 0, not {value!r}")
        problem = None
        if isinstance(target, InterventionTarget):
            problem = _reform_problem(interventions[target.index], target.setting, value, base)
        else:
            try:
                run_inputs(base, interventions, [(target, value)]).parameters()
            except ParameterError as error:
                clashes = any(f"'{name}'" in str(error) for name in others)
                problem = None if clashes else str(error)
        if problem:
            raise self.error(key, f"{value!r}: {problem}")

    def assumptions(self, data: dict[str, Any], design: Design, base: ParameterSet, fixed: dict[str, Any],
                    factors: tuple[Factor, ...]) -> tuple[Factor, ...]:
        """Every modelling assumption (docs/parameters.md) as a factor, spread around its value in the base
        scenario (with the experiment's fixed changes)."""
        if "assumptions" not in data:
            return ()
        table = self.table(data, "assumptions", ASSUMPTION_KEYS)
        if design.type not in SAMPLING_DESIGNS:
            raise self.error("assumptions", f"varies many parameters at once: use a {', '.join(SAMPLING_DESIGNS)} "
                                            "design")
        spread = self.value(table, "assumptions.spread", float, 0.25)
        if not 0 < spread <= 1:
            raise self.error("assumptions.spread", f"must be above 0 and at most 1, not {spread:g}")
        exclude = self.value(table, "assumptions.exclude", list, [])
        parameters = self.department.parameters
        fields = {f.name: f for f in dataclasses.fields(parameters)}
        assumptions = [name for name, f in fields.items() if f.metadata["source"].startswith(ASSUMPTION)]
        for name in exclude:
            if name not in assumptions:
                raise self.error("assumptions.exclude", f"{name!r} is not a modelling assumption (see "
                                                        "docs/parameters.md)")
        taken = set(fixed) | {f.target.name for f in factors if isinstance(f.target, ParameterTarget)}
        chosen = []
        for name in assumptions:
            kind = parameter_type(parameters, name)
            if name in exclude or name in taken or kind not in (int, float):
                continue
            value, meta = getattr(base, name), fields[name].metadata
            low = max(value * (1 - spread), meta["lo"] if meta["lo"] is not None else -math.inf)
            high = min(value * (1 + spread), meta["hi"] if meta["hi"] is not None else math.inf)
            if not low < high:
                raise self.error("assumptions", f"{name} ({value} in the base scenario) gives no range to vary; add "
                                                "it to `exclude` or make it a factor with its own range")
            chosen.append(Factor(name, kind, ParameterTarget(name), bounds=(float(low), float(high))))
        return tuple(chosen)

    def check_targets(self, fixed: dict[str, Any], factors: tuple[Factor, ...]) -> None:
        seen: dict[Target, str] = {}
        for factor in factors:
            if factor.target in seen:
                raise self.error(f"factors.{factor.name}", f"varies the same thing as factors.{seen[factor.target]}")
            seen[factor.target] = factor.name
            if isinstance(factor.target, ParameterTarget | CaseloadTarget) and factor.name in fixed:
                raise self.error(f"factors.{factor.name}", "is also fixed in [parameters]; give it in one place")
        targets = {f.target for f in factors} | {_fixed_target(name) for name in fixed}
        if CaseloadTarget() in targets and ParameterTarget("positions") in targets:
            raise self.error("factors", "the caseload sets the positions: vary or fix one of caseload and positions")

    def weekly(self, data: dict[str, Any]) -> tuple[str, ...]:
        table = self.table(data, "outputs", OUTPUT_KEYS)
        weekly = table.get("weekly", False)
        columns = self.department.weekly_columns
        if isinstance(weekly, bool):
            return columns if weekly else ()
        if not isinstance(weekly, list) or not all(isinstance(c, str) for c in weekly):
            raise self.error("outputs.weekly", "must be true, false or a list of weekly column names")
        for column in weekly:
            if column not in columns:
                raise self.error("outputs.weekly", f"{column!r} is not a weekly column of a "
                                                   f"{self.department.name} department; allowed: {', '.join(columns)}")
        return ("week", *(c for c in columns if c in weekly and c != "week"))

    def check_points(self, experiment: Experiment) -> None:
        """A sensitivity analysis needs every run, so every sampled point must be possible before any runs."""
        total = sample_size(experiment.design, len(experiment.factors))
        job = experiment.job()
        for point, values in enumerate(experiment.points.values):
            try:
                job.inputs(values).parameters()
            except ParameterError as error:
                raise self.error("factors", f"design point {point} of {total} is impossible ({error}); narrow the "
                                            "ranges of the factors involved, or exclude one of them") from None


def _varied_parameters(factors: list[Factor] | tuple[Factor, ...]) -> set[str]:
    """The parameters these factors change (the caseload changes the positions)."""
    names = set()
    for factor in factors:
        if isinstance(factor.target, ParameterTarget):
            names.add(factor.target.name)
        elif isinstance(factor.target, CaseloadTarget):
            names.add("positions")
    return names


def _reform_problem(intervention: Intervention, setting: str, value: Any, base: ParameterSet) -> str | None:
    """Why this value of a reform's setting is impossible, or None."""
    if setting == "week":
        return None if value >= 0 else "a week must be at least 0"
    if isinstance(intervention, SetParameters):
        try:
            base.replace(**{setting: value})
        except ParameterError as error:
            return str(error)
        return None
    return INTERVENTION_KINDS[intervention.kind].check({setting: value})
