"""Run one simulation and gather its result."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from deptsim.compiled import announce_first_compile
from deptsim.interventions import Intervention
from deptsim.model import WEEKLY_COLUMNS, DepartmentModel
from deptsim.params import ParameterError, Parameters
from deptsim.results import WEEKS_PER_YEAR, Result

MAX_SEED = 2**63 - 1


def simulate(params: Parameters | None = None, *, seed: int, years: float,
             interventions: Sequence[Intervention] = (),
             model_class: type[DepartmentModel] = DepartmentModel) -> Result:
    """Simulate the department for `years` from `seed`, with reforms at their weeks (`model_class`: a
    subclass of DepartmentModel with changed rules, docs/changing-the-model.md).

    The same inputs give the same result.
    """
    model = run_model(model_class, params, seed=seed, years=years, interventions=interventions)
    result = collect(model)
    model.release()
    return result


def run_model(model_class: type, params, *, seed: int, years: float, interventions: Sequence[Intervention]):
    """Check the seed and the years, make the model and step it through the weeks (any kind of department)."""
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise ParameterError(f"seed must be a whole number from 0 to {MAX_SEED}, not {seed!r}")
    if isinstance(years, bool) or not isinstance(years, numbers.Real) or not 0 < years <= 200:
        raise ParameterError(f"years must be a number above 0 and at most 200, not {years!r}")
    load_compiled_code()
    model = model_class(params, seed=int(seed), interventions=interventions)
    for _ in range(max(round(years * WEEKS_PER_YEAR), 1)):
        model.step()
    return model


def collect(model: DepartmentModel) -> Result:
    """Turn a model's records into a Result."""
    return Result(
        params=model.params,
        seed=model.seed,
        weeks=model.week,
        weekly=weekly_frame(model.rows),
        events=model.log.frame(),
        referrals=model.referral_book.frame(),
        investigations=model.investigation_book.frame(),
        cases=model.case_book.frame(),
    )


def weekly_frame(rows: list[tuple]) -> pd.DataFrame:
    """The weekly rows as a table, a column at a time."""
    columns = zip(*rows, strict=True) if rows else [()] * len(WEEKLY_COLUMNS)
    return pd.DataFrame({name: np.array(values) for name, values in zip(WEEKLY_COLUMNS, columns, strict=True)})


def load_compiled_code() -> None:
    """Make the compiled kernels ready before a first real run, saying so on the terminal when they must be
    compiled (the first run after installing)."""
    announce_first_compile(lambda: simulate(seed=0, years=1 / WEEKS_PER_YEAR))
