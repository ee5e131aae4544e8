"""The departments on the screen: a baseline and a reform copy that draw the same random numbers.

Both copies are built from their scenario with the same seed, and every decision in the model has
its own random numbers keyed to who decides (deptsim.draws), so until a lever is pulled the two run identically, and
after that the difference between them is the reform, not chance. The levers act on the reform copy
only; the baseline runs as its scenario says. In single view the page shows just the reform copy.

Both copies are of one kind of department (`kinds`): the children's department or the job centre, whose
model, picture, charts and levers the page takes from there.

The play loop steps the copies in a background thread while the trainer's clicks arrive on
another, so every change and every reading of the models happens under one lock, and the page
draws from a `Snapshot` copied out under it.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from deptsim.workshop import scenarios
from deptsim.workshop.kinds import WorkshopKind, workshop_kind
from deptsim.workshop.levers import Value
from deptsim.workshop.picture import Picture, take_picture

WEEKS_PER_YEAR = 52
HORIZON_YEARS = 30  # play stops here: the charts stay readable and a forgotten tab does not run for ever


@dataclass(frozen=True)
class Copy:
    """One copy of the department as the page shows it."""

    name: str
    picture: Picture
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything the page draws, copied out of the models at one moment."""

    version: int
    kind: WorkshopKind
    week: int
    start_date: dt.date | None
    baseline: Copy
    reform: Copy
    levers: dict[str, Value]
    tops: dict[str, float]
    error: str | None
    error_week: int
    finished: bool


class Workshop:
    """The baseline and reform copies, and the only way the page changes or reads them."""

    def __init__(self, scenario_path: str, seed: int, reform_path: str = "") -> None:
        self.seed = seed
        self.scenario_path, self.reform_path = scenario_path, reform_path
        self._lock = threading.Lock()
        self._version = 0
        self.reset()

    # --- changes ---------------------------------------------------------------------
    def reset(self, scenario_path: str | None = None, reform_path: str | None = None) -> None:
        """Start both copies again at week 0, from other scenarios if given ('' is the default department;
        a reform path of '' means the reform copy starts from the baseline's scenario). A ScenarioError for a
        file that cannot be used, a ValueError for a reform of another kind of department than the baseline;
        either way the copies running before are kept."""
        with self._lock:
            scenario_path = self.scenario_path if scenario_path is None else scenario_path
            reform_path = self.reform_path if reform_path is None else reform_path
            scenario = scenarios.load(scenario_path)
            reform_scenario = scenarios.load(reform_path) if reform_path else scenario
            kind = workshop_kind(scenario)
            reform_kind = workshop_kind(reform_scenario)
            if reform_kind is not kind:
                wanted, given = kind.name.replace("_", " "), reform_kind.name.replace("_", " ")
                raise ValueError(f"{reform_path}: scenario.kind: the reform copy must be a {wanted} department like "
                                 f"{scenario_path or 'the default department'}, not a {given} one")
            self.scenario_path, self.reform_path = scenario_path, reform_path
            self.scenario, self.reform_scenario, self.kind = scenario, reform_scenario, kind
            self.baseline = kind.build(scenario, self.seed)
            self.reform = kind.build(reform_scenario, self.seed)
            self.error: str | None = None
            self.error_week = 0
            self._version += 1

    def step(self) -> bool:
        """One week for both copies; False (and nothing stepped) once stopped by an error or the horizon."""
        with self._lock:
            if self.error is not None or self.finished:
                return False
            try:
                self.baseline.step()
                self.reform.step()
            except Exception as error:  # the model cannot go on; the page says why instead of a traceback
                self._stop(error)
                return False
            finally:
                self._version += 1
            return True

    def pull(self, key: str, value: Value) -> None:
        """Move one lever of the reform copy, from the current week on; a lever the department does not have
        (one of the kind shown before a reset, still on its way from the page) moves nothing."""
        with self._lock:
            lever = self.kind.lever(key)
            if self.error is not None or lever is None:
                return
            try:
                # as the model's step does before a scenario's intervention: hours for the positions
                # as they are now (a lever may come right after another changed the positions)
                self.reform.prepare_for_change()
                lever.pull(self.reform, value)
            except Exception as error:  # half-applied changes cannot be trusted: stop, say why
                self._stop(error)
            finally:
                self._version += 1

    def _stop(self, error: Exception) -> None:
        self.error = f"{type(error).__name__}: {error}"
        self.error_week = self.reform.week

    # --- readings --------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Goes up with every change, so the page knows when to draw again."""
        return self._version

    @property
    def stopped(self) -> bool:
        """Play cannot go on: an error, or the end of the horizon."""
        return self.error is not None or self.finished

    @property
    def finished(self) -> bool:
        return self.reform.week >= HORIZON_YEARS * WEEKS_PER_YEAR

    def snapshot(self) -> Snapshot:
        with self._lock:
            start_positions = self.reform_scenario.params.positions
            kind = self.kind
            return Snapshot(
                version=self._version, kind=kind, week=self.reform.week, start_date=self.scenario.start_date,
                baseline=Copy(self.scenario.name, take_picture(self.baseline, kind.picture),
                              tuple(self.baseline.rows)),
                reform=Copy(self.reform_scenario.name, take_picture(self.reform, kind.picture),
                            tuple(self.reform.rows)),
                levers={lever.key: lever.read(self.reform) for lever in kind.levers},
                # never below the value: a slider clamps a value above its top and sends the clamped one back
                tops={lever.key: max(lever.top(self.reform, start_positions), float(lever.read(self.reform)))
                      for lever in kind.levers},
                error=self.error, error_week=self.error_week, finished=self.finished)
