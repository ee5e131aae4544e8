"""Parameter uncertainty: each replicate's parameters drawn from a calibrated ensemble (issue 21, item 5).

A calibration (`deptsim calibrate`) ends with an ensemble: parameter sets that all reproduce the targets about
as well, each with a weight (ensemble.csv). Running replicate i of a comparison with set k_i, drawn by weight
from its seed, makes the replicates' spread show both chance and what the targets leave unknown. Every
scenario of one comparison draws the same set for the same seed, so differences stay paired: the reform and
its baseline are run on the same parameter set as well as the same random numbers.

A scenario's own values win: a parameter the scenario sets itself (anything other than the default) keeps its
value, and only the others come from the ensemble.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from deptsim.params import Parameters
from deptsim.scenario import Scenario, describe_parameters

SHIPPED = Path(__file__).with_name("ensemble.csv")
"""The ensemble of the shipped calibration (calibration/fit.toml), which the defaults come from."""
ENSEMBLE_STREAM = 0x656E73  # "ens": keeps the draw of a set apart from every draw the model makes
NOT_PARAMETERS = ("set", "weight", "distance", "seed")


class EnsembleError(ValueError):
    """An ensemble file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Ensemble:
    """Weighted parameter sets, one row each."""

    path: Path
    names: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray

    def __len__(self) -> int:
        return len(self.weights)

    def set_for(self, seed: int) -> dict[str, float]:
        """The set replicate `seed` runs with: drawn by weight, from a stream of its own keyed by the seed."""
        rng = np.random.default_rng([ENSEMBLE_STREAM, seed])
        row = int(rng.choice(len(self.weights), p=self.weights))
        return {name: _as_parameter(name, value) for name, value in zip(self.names, self.values[row], strict=True)}

    def describe(self) -> str:
        """One line for reports: what the intervals include."""
        return (f"each replicate's parameters ({', '.join(self.names)}) drawn from {len(self)} calibrated sets "
                f"({self.path.name}): the intervals include parameter uncertainty")


def load_ensemble(path: Path | str) -> Ensemble:
    """Read an ensemble.csv: a `weight` column and one column per parameter (others such as `model:...` are
    ignored); raise EnsembleError naming the file and the problem."""
    path = Path(path)
    try:
        table = pd.read_csv(path)
    except FileNotFoundError:
        raise EnsembleError(f"{path}: no such ensemble file") from None
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise EnsembleError(f"{path}: cannot be read as a CSV table: {error}") from None
    known = {field.name for field in dataclasses.fields(Parameters)}
    names = tuple(c for c in table.columns if c in known)
    unknown = [c for c in table.columns if c not in known and c not in NOT_PARAMETERS and not c.startswith("model:")]
    if "weight" not in table.columns or not names or unknown:
        problem = f"unknown columns {unknown}" if unknown else "it needs a 'weight' column and parameter columns"
        raise EnsembleError(f"{path}: not an ensemble of parameter sets: {problem}")
    weights = pd.to_numeric(table["weight"], errors="coerce").to_numpy(dtype=float)
    values = table[list(names)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if not (np.isfinite(weights).all() and (weights >= 0).all() and weights.sum() > 0 and np.isfinite(values).all()):
        raise EnsembleError(f"{path}: weights must be numbers from 0 with a positive sum, and every value a number")
    ensemble = Ensemble(path, names, values, weights / weights.sum())
    for row in range(len(ensemble)):  # each set must make a valid department on the defaults
        try:
            Parameters().replace(**dict(zip(names, (_as_parameter(n, v) for n, v in zip(names, values[row],
                                                                                   strict=True)), strict=True)))
        except ValueError as error:
            raise EnsembleError(f"{path}: set in row {row + 2}: {error}") from None
    return ensemble


def with_set(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with the set's values for every parameter it leaves at its default."""
    own = describe_parameters(scenario)
    drawn = {name: value for name, value in values.items() if name not in own}
    return dataclasses.replace(scenario, params=scenario.params.replace(**drawn)) if drawn else scenario


def _as_parameter(name: str, value: float) -> float | int:
    """A value in the parameter's own type (a whole-number parameter stored as 3.0 is 3)."""
    default = getattr(Parameters(), name)
    return round(value) if isinstance(default, int) and not isinstance(default, bool) else float(value)
