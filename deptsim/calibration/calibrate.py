"""Calibration: fit chosen parameters to the targets with pyabc's ABC-SMC (approximate Bayesian computation by
sequential Monte Carlo).

A settings file (calibration/fit.toml; docs/calibration.md) names a target file, the parameters to fit with a
uniform prior for each, and how large and how long the calibration is. One evaluation of a candidate set runs
every scenario the targets need with the candidate's values, on seeds drawn for that evaluation, and measures
the targets' figures as `deptsim validate` does. Its distance from the targets counts each target's deviation
in units of its band (`band_deviation`). pyabc keeps the sets whose distance is below a threshold, epsilon,
lowers epsilon generation by generation, and stores every generation in an SQLite database in the out folder.

Each generation is one resumed pyabc run (`ABCSMC.load`, then one population), so an interrupted calibration
continues from its last finished generation exactly as an uninterrupted one would have gone on. After every
generation the out folder gets best.toml, ensemble.csv, history.csv and calibration.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import multiprocessing
import os
import random
import signal
import sys
import threading
import time
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc

from deptsim import __version__
from deptsim.calibration.targets import Target, load_targets
from deptsim.calibration.validate import Runs, measure, measure_runs, number, plan, target_replicates
from deptsim.experiments.executors import CONNECT_TIMEOUT
from deptsim.params import ParameterError, Parameters, did_you_mean, format_limit
from deptsim.scenario import Scenario

CALIBRATION_KEYS = ("targets", "population", "max_generations", "min_epsilon", "min_acceptance_rate",
                    "max_simulations", "replicates", "seed", "choose_from", "choose_replicates")
REQUIRED_KEYS = ("targets", "population", "max_generations")
PRIOR_KEYS = ("low", "high")
MAX_PRIORS = 12
"""The most parameters one calibration fits (its priors' 4,096 corners are checked in every scenario)."""
MAX_SEED = 2**63 - 1
MAX_EVALUATION_SEED = 2**31
"""Evaluation seeds are drawn below this, so that pyabc stores them exactly (as floats)."""
SEED_KEY = "evaluation seed"
"""The summary statistic that records an evaluation's seed (beside one per target, named as the target)."""
MANIFEST = "calibration.json"
DATABASE = "calibration.db"
CHOSEN = "chosen.csv"
"""The best sets of the last generation compared on more seeds, the chosen one first (see `choose`)."""
CHOICE_STREAM = 1_000_000
"""The seeds of that comparison come from this stream of the settings' seed (generation g uses stream g)."""
CUT_OFF = "cut_off.json"
"""The generation that was cut off for using too many simulations (see `generation_cap`), if one was."""
ABC_ID = 1
"""The one pyabc run a calibration database holds."""


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file, the key and what is allowed."""

    def __init__(self, path: Path, key: str, message: str) -> None:
        super().__init__(" ".join((f"{path}: {key}: {message}" if key else f"{path}: {message}").splitlines()))


class FolderError(ValueError):
    """An out folder the calibration may not write to."""


@dataclass(frozen=True)
class Prior:
    """A parameter to fit and its uniform prior [low, high]."""

    name: str
    low: float
    high: float

    @property
    def default(self) -> float:
        return getattr(Parameters(), self.name)


@dataclass(frozen=True)
class Settings:
    """A checked settings file: the targets, the priors, and the size and stopping rules of the calibration."""

    path: Path
    targets_path: Path
    targets: tuple[Target, ...]
    priors: tuple[Prior, ...]
    population: int
    max_generations: int
    min_epsilon: float = 0.0
    min_acceptance_rate: float = 0.0
    max_simulations: int | None = None
    replicates: int = 1
    seed: int = 1
    choose_from: int = 0
    """At the end, re-evaluate this many of the last generation's best sets to choose the best (0: no choice)."""
    choose_replicates: int = 10
    """... each on this many seeds, the same for every set."""

    def observed(self) -> dict[str, float]:
        """The targets' values, as pyabc's observed summary statistics."""
        return {target.name: target.value for target in self.targets}

    def identity(self) -> dict[str, Any]:
        """What makes two calibrations the same one (so that one may resume the other): the targets as loaded
        (with their scenarios' parameters and reforms), the priors, the population, replicates and seed. The
        stopping rules are left out: a finished calibration may be continued with more generations."""
        fitted = {prior.name for prior in self.priors}
        return {
            "targets": [_target_identity(target, fitted) for target in self.targets],
            "parameters": {prior.name: [prior.low, prior.high] for prior in self.priors},
            "population": self.population,
            "replicates": self.replicates,
            "seed": self.seed,
        }


def _target_identity(target: Target, fitted: set[str]) -> dict[str, Any]:
    return {"name": target.name, "figure": target.figure, "value": target.value, "band": list(target.band),
            "weeks": [target.first_week, target.end_week], "scenario": _scenario_identity(target.scenario, fitted),
            "against": _scenario_identity(target.against, fitted) if target.against is not None else None}


def _scenario_identity(scenario: Scenario, fitted: set[str]) -> dict[str, Any]:
    """A target scenario as a calibration sees it: its parameters but the fitted ones (every evaluation sets
    those, so a calibration whose best set became the defaults can still be resumed), and its interventions."""
    return {"parameters": {name: value for name, value in dataclasses.asdict(scenario.params).items()
                           if name not in fitted},
            "interventions": [repr(intervention) for intervention in scenario.interventions]}


# --- the settings file ----------------------------------------------------------------------------------------
def load_settings(path: str | Path) -> Settings:
    """Read and check a settings file and the target file it names (relative to it)."""
    path = Path(path)
    data = _read_toml(path)
    for key in data:
        if key not in ("calibration", "parameters"):
            raise SettingsError(path, key, "unknown key" + did_you_mean(key, ("calibration", "parameters"))
                                + "; a settings file holds [calibration] and [parameters.NAME] tables")
    table = _table(path, data, "calibration")
    for key in table:
        if key not in CALIBRATION_KEYS:
            raise SettingsError(path, f"calibration.{key}", "unknown key" + did_you_mean(key, CALIBRATION_KEYS)
                                + f"; allowed: {', '.join(CALIBRATION_KEYS)}")
    for key in REQUIRED_KEYS:
        if key not in table:
            raise SettingsError(path, f"calibration.{key}", "missing")
    targets_path, targets = _targets(path, table["targets"])
    priors = _priors(path, _table(path, data, "parameters"), targets)

    def whole(key: str, low: int, high: int) -> int:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(path, f"calibration.{key}",
                                f"must be a whole number from {format_limit(low)} to {format_limit(high)}, "
                                f"not {value!r}")
        return value

    def bounded(key: str, below: float) -> float:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < below:
            limit = f" and below {format_limit(below)}" if math.isfinite(below) else ""
            raise SettingsError(path, f"calibration.{key}", f"must be a number of at least 0{limit}, not {value!r}")
        return float(value)

    population = whole("population", 2, 1_000_000)
    optional: dict[str, Any] = {}
    if "min_epsilon" in table:
        optional["min_epsilon"] = bounded("min_epsilon", math.inf)
    if "min_acceptance_rate" in table:
        optional["min_acceptance_rate"] = bounded("min_acceptance_rate", 1.0)
    if "max_simulations" in table:
        optional["max_simulations"] = whole("max_simulations", 2 * population, 10**12)
    if "replicates" in table:
        optional["replicates"] = whole("replicates", 1, 1000)
    if "seed" in table:
        optional["seed"] = whole("seed", 0, MAX_SEED)
    if "choose_from" in table:
        optional["choose_from"] = whole("choose_from", 0, population)
    if "choose_replicates" in table:
        optional["choose_replicates"] = whole("choose_replicates", 1, 1000)
    return Settings(path=path, targets_path=targets_path, targets=tuple(targets), priors=priors,
                    population=population, max_generations=whole("max_generations", 1, 1000),
                    **optional)


def _read_toml(path: Path) -> dict[str, Any]:
    if path.is_dir() or not path.is_file():
        raise SettingsError(path, "", "is a folder, not a settings file" if path.is_dir() else "no such settings file")
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(path, "", f"not valid TOML in UTF-8 ({error})") from None


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        example = "[calibration] with targets, population and max_generations" if key == "calibration" \
            else "one [parameters.NAME] table with low and high per parameter to fit"
        raise SettingsError(path, key, f"missing or empty; expected {example}")
    return table


def _targets(path: Path, name: Any) -> tuple[Path, list[Target]]:
    """The target file the settings name (relative to the settings file), loaded, every band of some width."""
    if not isinstance(name, str) or not name.strip():
        raise SettingsError(path, "calibration.targets", f"must be the path of a target file, not {name!r}")
    targets_path = path.parent / name
    if not targets_path.is_file():
        raise SettingsError(path, "calibration.targets", f"no such target file: {targets_path}")
    targets = load_targets(targets_path)
    for target in targets:
        if target.name == SEED_KEY:
            raise SettingsError(path, "calibration.targets", f"{targets_path} names a target {SEED_KEY!r}, a name "
                                "the calibration keeps for the seed of each evaluation; rename it")
        if target.band[0] == target.band[1]:
            raise SettingsError(path, "calibration.targets", f"target {target.name!r} in {targets_path} has a band "
                                "of no width; the distance measures deviations in units of the band")
    return targets_path, targets


def _priors(path: Path, table: dict[str, Any], targets: Sequence[Target]) -> tuple[Prior, ...]:
    fields = {field.name: field for field in dataclasses.fields(Parameters)}
    if len(table) > MAX_PRIORS:
        raise SettingsError(path, "parameters", f"{len(table)} parameters; a calibration fits at most {MAX_PRIORS} "
                            "(ABC-SMC needs many more simulations for each one more)")
    priors = tuple(_prior(path, name, spec, fields) for name, spec in table.items())
    scenarios = {id(scenario): scenario for target in targets
                 for scenario in filter(None, (target.scenario, target.against))}
    for scenario in scenarios.values():
        _check_scenario(path, priors, scenario)
    return priors


def _prior(path: Path, name: str, spec: Any, fields: dict[str, dataclasses.Field]) -> Prior:
    key = f"parameters.{name}"
    if name not in fields:
        raise SettingsError(path, key, "unknown parameter" + did_you_mean(name, fields)
                            + "; see docs/parameters.md for the names")
    field = fields[name]
    if field.type != "float":
        kind = {"int": "a whole number", "bool": "a switch", "str": "a choice"}.get(str(field.type), str(field.type))
        raise SettingsError(path, key, f"is {kind}; a calibration fits parameters that take any number")
    if not isinstance(spec, dict):
        raise SettingsError(path, key, "must be a table with low and high")
    for item in spec:
        if item not in PRIOR_KEYS:
            raise SettingsError(path, f"{key}.{item}", "unknown key" + did_you_mean(item, PRIOR_KEYS)
                                + "; allowed: low, high (the uniform prior's bounds)")
    lo, hi, unit = field.metadata["lo"], field.metadata["hi"], field.metadata["unit"]
    lo, hi = -math.inf if lo is None else lo, math.inf if hi is None else hi
    bounds = []
    for item in PRIOR_KEYS:
        if item not in spec:
            raise SettingsError(path, f"{key}.{item}", "missing")
        value = spec[item]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
                or not lo <= value <= hi:
            raise SettingsError(path, f"{key}.{item}", f"must be a number from {format_limit(lo)} to "
                                f"{format_limit(hi)} ({unit}, the values the parameter allows), not {value!r}")
        bounds.append(float(value))
    if not bounds[0] < bounds[1]:
        raise SettingsError(path, key, f"low ({bounds[0]:g}) must be below high ({bounds[1]:g})")
    return Prior(name, *bounds)


def _check_scenario(path: Path, priors: Sequence[Prior], scenario: Scenario) -> None:
    """Every candidate the priors allow gives a possible department in `scenario`, and the scenario does not set
    a fitted parameter itself (the calibration would overwrite it).

    The rules between parameters (a threshold not above the next) are linear, so checking the corners of the
    priors' box checks the whole box."""
    default = Parameters()
    for prior in priors:
        value = getattr(scenario.params, prior.name)
        if value != getattr(default, prior.name):
            raise SettingsError(path, f"parameters.{prior.name}", f"the scenario {scenario.name!r} ({scenario.path}) "
                                f"sets it to {value:g}, which the calibration would overwrite; fit it without "
                                "that scenario's targets, or leave it out")
    for corner in range(2 ** len(priors)):
        values = {prior.name: (prior.high if corner >> i & 1 else prior.low) for i, prior in enumerate(priors)}
        try:
            scenario.params.replace(**values)
        except ParameterError as error:
            shown = ", ".join(f"{name} = {value:g}" for name, value in values.items())
            raise SettingsError(path, "parameters", f"the priors allow an impossible department in "
                                f"{scenario.name!r} ({shown}): {error}") from None


# --- the distance ---------------------------------------------------------------------------------------------
def band_deviation(model: float, value: float, low: float, high: float) -> float:
    """The model's deviation from the target's value in units of the band on the model's side: 0 at the value,
    -1 or 1 at the band's edge, beyond 1 outside it. A value on an edge of its band (no room on that side)
    is measured in half band widths there; a figure that could not be measured (NaN) is infinitely far."""
    if math.isnan(model):
        return math.inf
    room = high - value if model >= value else value - low
    return (model - value) / (room if room > 0 else (high - low) / 2)


@dataclass(frozen=True)
class BandDistance:
    """pyabc's distance: the sum over the targets of their squared band deviations. A set whose distance is at
    most 1 lands every target in its band (the converse does not hold)."""

    bands: tuple[tuple[str, float, float], ...]
    """Each target's name and band."""

    @classmethod
    def of(cls, targets: Sequence[Target]) -> BandDistance:
        return cls(tuple((target.name, *target.band) for target in targets))

    def __call__(self, simulated: Mapping[str, float], observed: Mapping[str, float]) -> float:
        return float(sum(band_deviation(simulated[name], observed[name], low, high) ** 2
                         for name, low, high in self.bands))


# --- the model ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetSimulator:
    """pyabc's model: one evaluation of a candidate set. Every scenario the targets need is run with the
    candidate's values, `replicates` times on seeds seed, seed + 1, ... (the same seeds in every scenario, so
    that a target against a baseline compares like with like), and each target's figure is the mean over the
    replicates. The seed is drawn for the evaluation from numpy's global generator, which pyabc seeds."""

    targets: tuple[Target, ...]
    runs: dict[str, Runs]
    replicates: int
    session: int
    """The process that started the calibration (see `_serve_session`)."""

    @classmethod
    def for_targets(cls, targets: Sequence[Target], replicates: int) -> TargetSimulator:
        return cls(tuple(targets), plan(targets), replicates, os.getpid())

    def __call__(self, candidate: Mapping[str, float]) -> dict[str, float]:
        _serve_session(self.session)
        seed = int(np.random.randint(0, MAX_EVALUATION_SEED - self.replicates))
        seeds = [seed + i for i in range(self.replicates)]
        values = {name: float(value) for name, value in candidate.items()}
        measured = {}
        for key, runs in self.runs.items():
            scenario = dataclasses.replace(runs.scenario, params=runs.scenario.params.replace(**values))
            for run_seed in seeds:
                measured[key, run_seed] = measure(scenario, run_seed, runs.years, runs.measures)
        figures = target_replicates(self.targets, self.runs, measured, seeds)
        return {SEED_KEY: float(seed)} | {target.name: float(np.mean(replicates))
                                          for target, replicates in zip(self.targets, figures, strict=True)}


_serving_session = False


def _serve_session(session: int) -> None:
    """In a worker process that pyabc's multicore sampler forked from the session: leave Ctrl-C to the session
    (which stops its workers) and exit when the session is gone (killed, say) instead of running on as an orphan.
    Nothing happens in the session itself or in a Dask worker's threads."""
    global _serving_session
    if _serving_session or os.getpid() == session or threading.current_thread() is not threading.main_thread():
        return
    _serving_session = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == session:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="deptsim-calibration-watch").start()


# --- where the evaluations run --------------------------------------------------------------------------------
@contextmanager
def abc_sampler(workers: int, scheduler: str | None) -> Iterator[tuple[pyabc.sampler.Sampler, str]]:
    """pyabc's sampler and where it runs: this process (1 worker), local processes forked from this one, or
    the Dask cluster whose scheduler is at `scheduler`."""
    if scheduler:
        from distributed import Client  # imported here: only a Dask calibration needs it

        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise ValueError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        try:
            threads = sum(client.ncores().values())
            yield pyabc.sampler.DaskDistributedSampler(dask_client=client), \
                f"on the Dask cluster at {scheduler} ({threads} worker threads)"
        finally:
            client.close()
    elif workers == 1:
        yield pyabc.sampler.SingleCoreSampler(check_max_eval=True), "in this process"
    else:
        yield pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers, check_max_eval=True), \
            f"on {workers} local worker processes"


@contextmanager
def _workers_stopped_on_error() -> Iterator[None]:
    """Stop the processes pyabc's multicore sampler started, when the generation ends by an error or Ctrl-C."""
    before = set(multiprocessing.active_children())
    try:
        yield
    except BaseException:
        for child in set(multiprocessing.active_children()) - before:
            child.terminate()
        raise


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """numpy's and Python's global generators seeded (pyabc draws from them), and restored afterwards."""
    numpy_state, python_state = np.random.get_state(), random.getstate()
    np.random.seed(seed)
    random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(numpy_state)
        random.setstate(python_state)


@contextmanager
def _pyabc_quiet() -> Iterator[None]:
    """pyabc's log (one line per step at INFO) kept to warnings; the calibration reports its own progress."""
    logger = logging.getLogger("ABC")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def generation_seed(seed: int, generation: int) -> int:
    """The seed of generation `generation` (from 0): it depends only on the settings' seed and the generation."""
    return int(np.random.SeedSequence(seed, spawn_key=(generation,)).generate_state(1)[0])


# --- the out folder -------------------------------------------------------------------------------------------
def prepare_folder(out: Path, settings: Settings) -> bool:
    """Make `out` ready for this calibration: a new or empty folder gets its manifest; a folder that holds this
    calibration is resumed (True when its database exists). Any other folder is refused."""
    if out.exists() and not out.is_dir():
        raise FolderError(f"{out}: is a file; give a folder for the calibration's outputs (--out)")
    if out.is_dir() and any(out.iterdir()):
        stored = _manifest(out)
        changed = [key for key, value in settings.identity().items() if stored.get(key) != value]
        if changed:
            raise FolderError(f"{out}: holds a calibration with other {', '.join(changed)}; use another --out, "
                              "or delete the folder to start again")
        return (out / DATABASE).is_file()
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"deptsim": __version__, "pyabc": pyabc.__version__, "settings": str(settings.path),
                "calibration": settings.identity()}
    _write_text(out / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    return False


def _manifest(out: Path) -> dict[str, Any]:
    refused = FolderError(f"{out}: is not empty and is not a calibration's folder (no readable {MANIFEST}); "
                          "deptsim calibrate writes only to a new or empty folder or one of its own")
    try:
        stored = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise refused from None
    if not isinstance(stored, dict) or not isinstance(stored.get("calibration"), dict):
        raise refused
    return stored["calibration"]


def _write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


# --- running --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CalibrationReport:
    """How a calibration stands after an attempt."""

    generations: pd.DataFrame
    """history.csv: one row per generation."""
    ensemble: pd.DataFrame
    """ensemble.csv: the last generation's accepted sets, the best first."""
    new_generations: int
    simulations: int
    """All simulations so far, with the sample from the prior that set the first epsilon."""
    stopped: str
    seconds: float
    """This attempt's wall-clock time."""
    where: str
    chosen: pd.DataFrame | None = None
    """chosen.csv: the best sets compared on more seeds, the chosen first (when the settings say choose_from)."""


def calibrate(settings: Settings, out: str | Path, *, workers: int = 1, scheduler: str | None = None,
              progress: bool = True) -> CalibrationReport:
    """Run (or resume) the calibration into `out` until a stopping rule holds, on `workers` local processes or
    on the Dask cluster at `scheduler`; print a line per generation on standard error when `progress`.

    Ctrl-C (KeyboardInterrupt) leaves every finished generation in the database; the same call resumes."""
    out = Path(out)
    prepare_folder(out, settings)
    database = f"sqlite:///{(out / DATABASE).resolve()}"
    simulator = TargetSimulator.for_targets(settings.targets, settings.replicates)
    started = time.perf_counter()
    history = pyabc.History(database, _id=ABC_ID) if (out / DATABASE).is_file() else None
    generations = generation_table(history, settings) if history is not None else pd.DataFrame()
    done_before = len(generations)
    with _pyabc_quiet(), abc_sampler(workers, scheduler) as (sampler, where):
        _say(progress, _announcement(settings, where, out, done_before))
        while (stopped := stop_reason(generations, _simulations(history), settings, _cut_off(out))) is None:
            cap = generation_cap(settings, _simulations(history), len(generations))
            history = _next_generation(settings, simulator, sampler, database, history, len(generations), cap)
            if history.n_populations == len(generations):
                _record_cut_off(out, settings, len(generations) + 1, cap, sampler.nr_evaluations_)
                continue
            generations = generation_table(history, settings)
            (out / CHOSEN).unlink(missing_ok=True)  # a choice among an earlier generation's sets
            write_outputs(out, settings, history, generations, where)
            _say(progress, _generation_line(generations.iloc[-1], settings))
    ensemble, chosen = pd.DataFrame(), None
    if len(generations):
        if settings.choose_from:
            chosen = _chosen(out, len(generations))
            if chosen is None:
                last = particle_table(history.get_population(history.max_t), settings)
                _say(progress, f"choosing the best set: the {plural(settings.choose_from, 'best set')} of generation "
                               f"{len(generations)}, each on the same {plural(settings.choose_replicates, 'seed')}")
                chosen = choose(settings, last, len(generations), workers=workers, scheduler=scheduler,
                                progress=progress)
                _write_text(out / CHOSEN, chosen.to_csv(index=False))
        ensemble = write_outputs(out, settings, history, generations, where, chosen)
    return CalibrationReport(generations=generations, ensemble=ensemble, new_generations=len(generations) - done_before,
                             simulations=_simulations(history), stopped=stopped,
                             seconds=time.perf_counter() - started, where=where, chosen=chosen)


def _next_generation(settings: Settings, simulator: TargetSimulator, sampler: pyabc.sampler.Sampler, database: str,
                     history: pyabc.History | None, done: int, cap: float) -> pyabc.History:
    """Run one generation (after the sample from the prior, for the first) as a resumed pyabc run, seeded with
    the generation's seed and given at most `cap` simulations (by local samplers; pyabc's Dask sampler has no
    such limit). pyabc keeps the generation only if it finished."""
    abc = pyabc.ABCSMC(simulator, _prior_distribution(settings), BandDistance.of(settings.targets),
                       population_size=settings.population, sampler=sampler, eps=pyabc.MedianEpsilon())
    if history is None:
        abc.new(database, settings.observed())
    else:
        abc.load(database, ABC_ID)
    with _seeded(generation_seed(settings.seed, done)), _workers_stopped_on_error():
        return abc.run(max_nr_populations=1, min_acceptance_rate=settings.population / cap)


def generation_cap(settings: Settings, simulations: int, done: int) -> float:
    """The most simulations the next generation may use: population / min_acceptance_rate, and what is left of
    max_simulations (after the sample from the prior, before the first generation)."""
    caps = [math.inf]
    if settings.min_acceptance_rate > 0:
        caps.append(settings.population / settings.min_acceptance_rate)
    if settings.max_simulations is not None:
        caps.append(settings.max_simulations - simulations - (0 if done else settings.population))
    return min(caps)


def _record_cut_off(out: Path, settings: Settings, generation: int, cap: float, simulations: int) -> None:
    """Keep why a generation was cut off, so that the same command run again stops too (unless its settings now
    allow the generation more simulations)."""
    if settings.min_acceptance_rate > 0 and cap == settings.population / settings.min_acceptance_rate:
        rule = (f"it would have accepted fewer than {settings.min_acceptance_rate:g} of its sets "
                "(min_acceptance_rate)")
    else:
        rule = f"it would have gone beyond max_simulations ({settings.max_simulations})"
    reason = f"generation {generation} was cut off after {simulations} simulations and not kept: {rule}"
    _write_text(out / CUT_OFF, json.dumps({"generation": generation, "cap": cap, "reason": reason}) + "\n")


def _cut_off(out: Path) -> dict[str, Any] | None:
    path = out / CUT_OFF
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _simulations(history: pyabc.History | None) -> int:
    """All simulations the database records, with the sample from the prior that set the first epsilon."""
    return int(history.total_nr_simulations or 0) if history is not None else 0


def _prior_distribution(settings: Settings) -> pyabc.Distribution:
    return pyabc.Distribution(**{prior.name: pyabc.RV("uniform", prior.low, prior.high - prior.low)
                                 for prior in settings.priors})


def stop_reason(generations: pd.DataFrame, simulations: int, settings: Settings,
                cut_off: dict[str, Any] | None = None) -> str | None:
    """Why the calibration stops after its last generation (None: it goes on), by the settings' rules and the
    record of a generation that was cut off."""
    done = len(generations)
    if cut_off is not None and cut_off["generation"] == done + 1 \
            and generation_cap(settings, simulations, done) <= cut_off["cap"]:
        return str(cut_off["reason"])
    if settings.max_simulations is not None and generation_cap(settings, simulations, done) < settings.population:
        return (f"{simulations} simulations: max_simulations ({settings.max_simulations}) leaves too few for "
                "another generation")
    if generations.empty:
        return None
    last = generations.iloc[-1]
    if len(generations) >= settings.max_generations:
        return f"{plural(len(generations), 'generation')}, the most the settings allow (max_generations)"
    if last.epsilon <= settings.min_epsilon:
        return f"epsilon {last.epsilon:.3g} reached min_epsilon ({settings.min_epsilon:g})"
    if last.acceptance_rate < settings.min_acceptance_rate:
        return (f"the acceptance rate {last.acceptance_rate:.3g} fell below min_acceptance_rate "
                f"({settings.min_acceptance_rate:g})")
    return None


def _say(progress: bool, line: str) -> None:
    if progress:
        print(line, file=sys.stderr, flush=True)


def _announcement(settings: Settings, where: str, out: Path, done_before: int) -> str:
    names = ", ".join(prior.name for prior in settings.priors)
    resumed = f"; resuming after generation {done_before} in {out}/" if done_before else ""
    return (f"calibrating {plural(len(settings.priors), 'parameter')} ({names}) to "
            f"{plural(len(settings.targets), 'target')} "
            f"({settings.targets_path}): population {settings.population}, at most "
            f"{plural(settings.max_generations, 'generation')}, {where}{resumed}")


def _generation_line(row: pd.Series, settings: Settings) -> str:
    return (f"generation {row.generation} of at most {settings.max_generations}: epsilon {row.epsilon:.3g}, "
            f"acceptance {row.acceptance_rate:.2f} ({row.accepted} of {row.simulations} simulations), "
            f"{duration(row.seconds)}; best distance {row.best_distance:.3g}")


def plural(count: int, noun: str) -> str:
    """'1 target', '13 targets'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def duration(seconds: float) -> str:
    """A time as people read it: '42 s', '3 min 05 s', '1 h 02 min'."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


# --- choosing the best set -----------------------------------------------------------------------------------
def choice_seeds(settings: Settings) -> list[int]:
    """The seeds on which the best sets are compared: consecutive, from a stream of the settings' seed that no
    generation uses, and so not those `deptsim validate` uses by default (1, 2, ...) either."""
    first = generation_seed(settings.seed, CHOICE_STREAM) % (MAX_EVALUATION_SEED - settings.choose_replicates)
    return [first + i for i in range(settings.choose_replicates)]


def choose(settings: Settings, ensemble: pd.DataFrame, generation: int, *, workers: int = 1,
           scheduler: str | None = None, progress: bool = True) -> pd.DataFrame:
    """Compare the `choose_from` best sets of a generation (`ensemble`, the best first) on the same
    `choose_replicates` seeds each, and rank them as `deptsim validate` judges: most targets whose mean over the
    seeds lies in its band, then the smallest distance of those means. The first row is the chosen set.

    A set's distance in the calibration comes from one evaluation on one seed, so the smallest is partly luck;
    the mean over several seeds, common to every set, compares the sets themselves."""
    seeds = choice_seeds(settings)
    base = plan(settings.targets)
    candidates = ensemble.head(settings.choose_from)
    runs_of: dict[int, dict[str, Runs]] = {}
    for candidate in candidates.itertuples():
        values = {prior.name: float(getattr(candidate, prior.name)) for prior in settings.priors}
        runs_of[candidate.set] = {key: dataclasses.replace(runs, scenario=dataclasses.replace(
            runs.scenario, params=runs.scenario.params.replace(**values))) for key, runs in base.items()}
    measured = measure_runs({(number, key, seed): (runs, seed) for number, all_runs in runs_of.items()
                             for key, runs in all_runs.items() for seed in seeds},
                            workers=workers, scheduler=scheduler, progress=progress)
    distance, observed = BandDistance.of(settings.targets), settings.observed()
    rows = []
    for candidate in candidates.itertuples():
        runs = runs_of[candidate.set]
        figures = target_replicates(settings.targets, runs, {(key, seed): measured[candidate.set, key, seed]
                                                             for key in runs for seed in seeds}, seeds)
        means = {target.name: float(np.mean(values)) for target, values in zip(settings.targets, figures, strict=True)}
        rows.append({"set": candidate.set, "generation": generation, "first_seed": seeds[0], "replicates": len(seeds),
                     "targets_met": sum(target.passes(means[target.name]) for target in settings.targets),
                     "distance": distance(means, observed), "calibration_distance": candidate.distance,
                     **{prior.name: float(getattr(candidate, prior.name)) for prior in settings.priors},
                     **{f"model:{name}": value for name, value in means.items()}})
    return pd.DataFrame(rows).sort_values(["targets_met", "distance"], ascending=[False, True],
                                          kind="stable").reset_index(drop=True)


def _chosen(out: Path, generation: int) -> pd.DataFrame | None:
    """The choice among generation `generation`'s sets, if the folder holds it."""
    path = out / CHOSEN
    if not path.is_file():
        return None
    chosen = pd.read_csv(path)
    return chosen if len(chosen) and int(chosen.generation.iloc[0]) == generation else None


# --- what the database holds ----------------------------------------------------------------------------------
def particle_table(population: pyabc.Population, settings: Settings) -> pd.DataFrame:
    """A generation's accepted sets, the best (smallest distance) first: set, weight, distance, each fitted
    parameter, the evaluation's seed and each target's figure in that evaluation (`model:<target>`)."""
    rows = [{"weight": particle.weight, "distance": particle.distance,
             **{prior.name: float(particle.parameter[prior.name]) for prior in settings.priors},
             "seed": int(particle.sum_stat[SEED_KEY]),
             **{f"model:{target.name}": float(particle.sum_stat[target.name]) for target in settings.targets}}
            for particle in population.particles]
    table = pd.DataFrame(rows).sort_values("distance", kind="stable").reset_index(drop=True)
    table["weight"] /= table.weight.sum()
    table.insert(0, "set", range(1, len(table) + 1))
    return table


def generation_table(history: pyabc.History, settings: Settings) -> pd.DataFrame:
    """One row per finished generation (counted from 1; pyabc's t is one less): epsilon, sets accepted,
    simulations, acceptance rate, seconds, when it finished, best and median distance, effective sample size,
    and each parameter's weighted mean."""
    populations = history.get_all_populations()
    rows = []
    for row in populations[populations.t >= 0].sort_values("t").itertuples():
        particles = particle_table(history.get_population(int(row.t)), settings)
        weights = particles.weight.to_numpy()
        rows.append({
            "generation": int(row.t) + 1, "epsilon": float(row.epsilon), "accepted": int(row.particles),
            "simulations": int(row.samples), "acceptance_rate": row.particles / row.samples,
            "seconds": float(row.wall_time), "finished": pd.Timestamp(row.population_end_time).isoformat(),
            "best_distance": float(particles.distance.min()), "median_distance": float(particles.distance.median()),
            "effective_sample_size": float(1.0 / np.sum(weights ** 2)),
            **{f"mean:{prior.name}": float(np.average(particles[prior.name], weights=weights))
               for prior in settings.priors},
        })
    return pd.DataFrame(rows)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, share: float) -> float:
    """The value below which `share` of the weight lies (the midpoints of the sorted sets' weights)."""
    order = np.argsort(values)
    values, weights = np.asarray(values)[order], np.asarray(weights)[order]
    cumulative = (np.cumsum(weights) - weights / 2) / weights.sum()
    return float(np.interp(share, cumulative, values))


# --- outputs --------------------------------------------------------------------------------------------------
def write_outputs(out: Path, settings: Settings, history: pyabc.History, generations: pd.DataFrame,
                  where: str, chosen: pd.DataFrame | None = None) -> pd.DataFrame:
    """best.toml, ensemble.csv, history.csv and calibration.md from the database's last generation and, when
    given, the choice among its best sets (`choose`); returns the ensemble."""
    ensemble = particle_table(history.get_population(history.max_t), settings)
    simulations = int(history.total_nr_simulations)
    _write_text(out / "ensemble.csv", ensemble.to_csv(index=False))
    _write_text(out / "history.csv", generations.to_csv(index=False))
    best = ensemble.iloc[0] if chosen is None else ensemble[ensemble.set == chosen.set.iloc[0]].iloc[0]
    _write_text(out / "best.toml", best_scenario(settings, best, len(generations), simulations, chosen))
    seconds = float(history.get_all_populations().wall_time.sum())  # with the sample from the prior
    _write_text(out / "calibration.md",
                report(out, settings, generations, ensemble, (simulations, seconds), where, chosen))
    return ensemble


def best_scenario(settings: Settings, best: pd.Series, generation: int, simulations: int,
                  chosen: pd.DataFrame | None = None) -> str:
    """best.toml: the best set as a scenario file whose [parameters] another scenario can `extend`."""
    if chosen is None:
        which = [f"# The accepted set with the smallest distance ({best.distance:.3g}) in generation {generation}, "
                 "the last so far, of an ABC-SMC"]
    else:
        first = chosen.iloc[0]
        which = [f"# Set {int(first.set)} of generation {generation}: of its {len(chosen)} best sets compared on the "
                 f"same {int(first.replicates)} seeds ({CHOSEN}),",
                 f"# the one with most targets met ({int(first.targets_met)} of {len(settings.targets)}), then the "
                 f"smallest distance ({first.distance:.3g}), of an ABC-SMC"]
    lines = [
        "# Calibrated parameters, written by `deptsim calibrate` on " + dt.date.today().isoformat() + ".",
        f"# Settings: {settings.path}; targets: {settings.targets_path}.",
        *which,
        f"# calibration (pyabc {pyabc.__version__}, deptsim {__version__}): population {settings.population}, "
        f"{simulations} simulations in all.",
        f"# Its figures were measured on seed {int(best.seed)} ({plural(settings.replicates, 'replicate')}); "
        "calibration.md beside this file shows them.",
        "# Use it as the base of a scenario file: extends = \"best.toml\" (a path relative to that file).",
        "",
        "[scenario]",
        f"name = {json.dumps(f'calibrated ({settings.path.stem})')}",
        "description = " + json.dumps(f"Parameters calibrated by {settings.path.name} (calibration.md beside it)."),
        "",
        "[parameters]",
    ]
    for prior in settings.priors:
        lines.append(f"{prior.name} = {float(best[prior.name])!r}  "
                     f"# prior {prior.low:g}-{prior.high:g}; default {prior.default:g}")
    return "\n".join(lines) + "\n"


def report(out: Path, settings: Settings, generations: pd.DataFrame, ensemble: pd.DataFrame,
           totals: tuple[int, float], where: str, chosen: pd.DataFrame | None = None) -> str:
    """calibration.md: the settings, how the calibration went (`totals`: all simulations and their seconds), the
    fitted parameters and the targets with the best set's figures."""
    simulations, seconds = totals
    prior_sample = simulations - int(generations.simulations.sum())
    stopped = stop_reason(generations, simulations, settings, _cut_off(out)) \
        or "not yet (run the same command again to go on)"
    lines = [
        "# Calibration", "",
        f"`deptsim calibrate {settings.path}`: ABC-SMC (pyabc {pyabc.__version__}, deptsim {__version__}) of "
        f"{plural(len(settings.priors), 'parameter')} to the {plural(len(settings.targets), 'target')} of "
        f"{settings.targets_path}. "
        f"Written {dt.datetime.now().isoformat(timespec='seconds')}; the last attempt ran {where}.", "",
        f"{plural(len(generations), 'generation')} and {simulations} simulations ({prior_sample} of them the "
        f"sample from the prior that set the first epsilon) in {duration(seconds)} of "
        f"computing. Stopped: {stopped}.", "",
        "A set's distance is the sum over the targets of its squared deviation from the target's value, in units "
        "of the band on that side (1 at the band's edge). An evaluation runs every scenario the targets need "
        f"on {plural(settings.replicates, 'seed')} and compares the means. Reproducible to the last digit only "
        "with one worker (docs/calibration.md).", "",
        "## Settings", "", "| key | value |", "|---|---|",
        f"| population | {settings.population} |", f"| max_generations | {settings.max_generations} |",
        f"| min_epsilon | {settings.min_epsilon:g} |", f"| min_acceptance_rate | {settings.min_acceptance_rate:g} |",
        f"| max_simulations | {settings.max_simulations or 'no limit'} |", f"| replicates | {settings.replicates} |",
        f"| seed | {settings.seed} |", f"| choose_from | {settings.choose_from} |",
        f"| choose_replicates | {settings.choose_replicates} |", "",
        *_parameter_section(settings, ensemble), "",
        *_target_section(settings, ensemble.iloc[0]), "",
        *(_choice_section(settings, chosen) if chosen is not None else []),
        *_generation_section(generations),
    ]
    return "\n".join(lines) + "\n"


def _parameter_section(settings: Settings, ensemble: pd.DataFrame) -> list[str]:
    best, weights = ensemble.iloc[0], ensemble.weight.to_numpy()
    lines = ["## Parameters", "",
             "The best set (best.toml) and the last generation's weighted mean and 5th-95th percentiles "
             f"({len(ensemble)} sets, ensemble.csv).", "",
             "| parameter | default | prior | best | mean [5%, 95%] |", "|---|---|---|---|---|"]
    for prior in settings.priors:
        values = ensemble[prior.name].to_numpy()
        low, high = (weighted_quantile(values, weights, share) for share in (0.05, 0.95))
        lines.append(f"| {prior.name} | {prior.default:.4g} | {prior.low:g}-{prior.high:g} | {best[prior.name]:.4g} "
                     f"| {np.average(values, weights=weights):.4g} [{low:.4g}, {high:.4g}] |")
    return lines


def _target_section(settings: Settings, best: pd.Series) -> list[str]:
    lines = ["## Targets", "",
             f"The best set's figures in its evaluation (seed {int(best.seed)}, "
             f"{plural(settings.replicates, 'replicate')}); "
             "`deptsim validate` with more replicates gives the model's figures with their range.", "",
             "| target | scenario, years | value | band | best set | deviation | |", "|---|---|---|---|---|---|---|"]
    for target in settings.targets:
        figure = float(best[f"model:{target.name}"])
        scenario = target.scenario.name + (f" vs {target.against.name}" if target.against else "")
        lines.append(f"| {target.name} | {scenario}, {target.period} | {number(target.value)} | "
                     f"{number(target.band[0])}-{number(target.band[1])} | {number(figure)} | "
                     f"{band_deviation(figure, target.value, *target.band):+.2f} | "
                     f"{'in band' if target.passes(figure) else '**outside**'} |")
    return lines


def _choice_section(settings: Settings, chosen: pd.DataFrame) -> list[str]:
    first = chosen.iloc[0]
    seeds = f"{int(first.first_seed)}-{int(first.first_seed) + int(first.replicates) - 1}"
    lines = ["## The best set, chosen", "",
             f"The {plural(len(chosen), 'best set')} by distance were run again, each on the same "
             f"{plural(int(first.replicates), 'seed')} ({seeds}), and ranked by the targets whose mean lies in "
             f"its band, then by the distance of the means ({CHOSEN}). Set {int(first.set)} is best.toml.", "",
             "| set | targets met | distance (means) | distance (calibration) | "
             + " | ".join(prior.name for prior in settings.priors) + " |",
             "|---|---|---|---|" + "---|" * len(settings.priors)]
    for row in chosen.itertuples():
        lines.append(f"| {row.set} | {row.targets_met} of {len(settings.targets)} | {row.distance:.3g} | "
                     f"{row.calibration_distance:.3g} | "
                     + " | ".join(f"{getattr(row, prior.name):.4g}" for prior in settings.priors) + " |")
    lines += ["", "| target | value | band | chosen set (mean) | |", "|---|---|---|---|---|"]
    for target in settings.targets:
        figure = float(first[f"model:{target.name}"])
        lines.append(f"| {target.name} | {number(target.value)} | {number(target.band[0])}-{number(target.band[1])} | "
                     f"{number(figure)} | {'in band' if target.passes(figure) else '**outside**'} |")
    return [*lines, ""]


def _generation_section(generations: pd.DataFrame) -> list[str]:
    lines = ["## Generations", "",
             "| generation | epsilon | accepted / simulations | acceptance | time | best distance |",
             "|---|---|---|---|---|---|"]
    for row in generations.itertuples():
        lines.append(f"| {row.generation} | {row.epsilon:.3g} | {row.accepted} / {row.simulations} | "
                     f"{row.acceptance_rate:.3f} | {duration(row.seconds)} | {row.best_distance:.3g} |")
    return lines
