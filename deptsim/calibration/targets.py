"""Target files: what is known about real departments, each figure with its value, band and source.

A target file (calibration/denmark.toml) holds `[[target]]` tables; the header of the shipped file
explains each key. Every problem is one TargetError naming the file, the target and the key.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deptsim.calibration.figures import FIGURES
from deptsim.params import did_you_mean
from deptsim.scenario import Scenario, ScenarioError, load_scenario

WEEKS_PER_YEAR = 52
TARGET_KEYS = ("name", "figure", "value", "band", "scenario", "against", "years", "source", "note")
REQUIRED_KEYS = ("name", "figure", "value", "band", "years", "source")


class TargetError(ValueError):
    """A target file that cannot be used; the message names the file, the target and the key."""

    def __init__(self, path: Path, where: str, message: str) -> None:
        super().__init__(f"{path}: {where}: {message}" if where else f"{path}: {message}")


@dataclass(frozen=True)
class Target:
    """One known figure and where in which run the model's counterpart is measured."""

    name: str
    figure: str
    value: float
    band: tuple[float, float]
    scenario: Scenario
    against: Scenario | None
    first_week: int
    end_week: int
    period: str
    """The years covered, as written in the file ('2019', '2015-2016', 'years 3-10')."""
    source: str
    note: str = ""

    @property
    def run_years(self) -> float:
        """How long the runs must be to cover the window."""
        return self.end_week / WEEKS_PER_YEAR

    def passes(self, model_value: float) -> bool:
        """Whether the model's figure lies in the band (NaN never does)."""
        low, high = self.band
        return low <= model_value <= high


def load_targets(path: str | Path) -> list[Target]:
    """Read and check a target file, loading the scenarios it names (relative to the file)."""
    path = Path(path)
    if path.is_dir() or not path.is_file():
        raise TargetError(path, "", "is a folder, not a target file" if path.is_dir() else "no such target file")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TargetError(path, "", f"not valid TOML in UTF-8 ({error})") from None
    unknown = [key for key in data if key != "target"]
    if unknown:
        raise TargetError(path, unknown[0], "unknown key; a target file holds only [[target]] tables")
    tables = data.get("target")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise TargetError(path, "target", "expected one or more [[target]] tables")
    scenarios: dict[str, Scenario] = {}
    targets = [_target(path, i, table, scenarios) for i, table in enumerate(tables)]
    names = [target.name for target in targets]
    duplicate = next((name for name in names if names.count(name) > 1), None)
    if duplicate:
        raise TargetError(path, f"target {duplicate!r}", "the name is used twice; each target needs its own")
    return targets


def _target(path: Path, index: int, table: dict[str, Any], scenarios: dict[str, Scenario]) -> Target:
    where = f"target[{index}]" + (f" ({table['name']!r})" if isinstance(table.get("name"), str) else "")

    def error(key: str, message: str) -> TargetError:
        return TargetError(path, f"{where}: {key}", message)

    for key in table:
        if key not in TARGET_KEYS:
            raise error(key, "unknown key" + did_you_mean(key, TARGET_KEYS) + f"; allowed: {', '.join(TARGET_KEYS)}")
    for key in REQUIRED_KEYS:
        if key not in table:
            raise error(key, "missing")
    for key in ("name", "figure", "source", "note", "scenario", "against"):
        if key in table and not (isinstance(table[key], str) and table[key].strip()):
            raise error(key, "must be a text that is not empty")
    if table["figure"] not in FIGURES:
        raise error("figure", f"unknown figure {table['figure']!r}" + did_you_mean(table["figure"], FIGURES)
                    + f"; the figures: {', '.join(FIGURES)}")
    value = _number(table["value"], lambda message: error("value", message))
    band = table["band"]
    if not isinstance(band, list) or len(band) != 2:
        raise error("band", "must be [low, high]")
    low, high = (_number(bound, lambda message: error("band", message)) for bound in band)
    if not low <= value <= high:
        raise error("band", f"[{low:g}, {high:g}] must hold the value {value:g}")
    scenario = _scenario(path, table.get("scenario"), scenarios, lambda message: error("scenario", message))
    against = (_scenario(path, table["against"], scenarios, lambda message: error("against", message))
               if "against" in table else None)
    if against is not None and against.start_date != scenario.start_date:
        raise error("against", "must start on the same date as the scenario, so that their years line up")
    first_week, end_week, period = _window(table["years"], scenario.start_date, lambda message: error("years", message))
    return Target(name=table["name"], figure=table["figure"], value=value, band=(low, high), scenario=scenario,
                  against=against, first_week=first_week, end_week=end_week, period=period,
                  source=table["source"], note=table.get("note", ""))


def _number(value: Any, error) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise error(f"must be a finite number, not {value!r}")
    return float(value)


def _scenario(path: Path, name: str | None, loaded: dict[str, Scenario], error) -> Scenario:
    """The scenario a target names (relative to the target file), or the default department."""
    if name is None:
        return loaded.setdefault("", Scenario.default())
    if name not in loaded:
        try:
            loaded[name] = load_scenario(path.parent / name)
        except ScenarioError as problem:
            raise error(str(problem)) from None
    return loaded[name]


def _window(years: Any, start: dt.date | None, error) -> tuple[int, int, str]:
    """Weeks [first, end) of the years [first, last]: calendar years from the scenario's start date, or years of
    the run counted from 1 when it has none."""
    if (not isinstance(years, list) or len(years) != 2
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years) or years[0] > years[1]):
        raise error("must be [first, last]: two whole years, the first not after the last")
    first, last = years
    if start is None:
        if first < 1:
            raise error(f"years of the run count from 1, not {first} (the scenario has no start_date)")
        weeks = ((first - 1) * WEEKS_PER_YEAR, last * WEEKS_PER_YEAR)
        return weeks[0], weeks[1], f"years {first}-{last}" if last > first else f"year {first}"
    begin = dt.date(first, 1, 1)
    if begin < start:
        raise error(f"{first} begins before the scenario's start date {start.isoformat()}")
    weeks_from_start = round((begin - start).days / 7)
    end = weeks_from_start + (last - first + 1) * WEEKS_PER_YEAR
    return weeks_from_start, end, f"{first}-{last}" if last > first else f"{first}"
