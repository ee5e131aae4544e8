"""Run one simulation and gather its result."""

from __future__ import annotations

import gc
import numbers
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
from mesa import Agent

from deptsim.interventions import Intervention
from deptsim.model import WEEKLY_COLUMNS, DepartmentModel
from deptsim.params import ParameterError, Parameters
from deptsim.results import WEEKS_PER_YEAR, Result


def simulate(params: Parameters | None = None, *, seed: int, years: float,
             interventions: Sequence[Intervention] = ()) -> Result:
    """Simulate the department for `years` from `seed`, with reforms at their weeks.

    The same inputs give the same result.
    """
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or seed < 0:
        raise ParameterError(f"seed must be a whole number of at least 0, not {seed!r}")
    if isinstance(years, bool) or not isinstance(years, numbers.Real) or not 0 < years <= 200:
        raise ParameterError(f"years must be a number above 0 and at most 200, not {years!r}")
    weeks = max(round(years * WEEKS_PER_YEAR), 1)
    with collector_set_aside() as set_aside:
        model = DepartmentModel(params, seed=int(seed), interventions=interventions)
        try:
            for _ in range(weeks):
                model.step()
                set_aside()  # what lived through the week: the model's state
            return collect(model)
        finally:
            # Mesa keeps a per-model id counter at class level; drop it so batch runs do not leak models.
            Agent._ids.pop(model, None)


@contextmanager
def collector_set_aside() -> Iterator[Callable[[], None]]:
    """While a run goes on, Python's cyclic garbage collector leaves alone the objects that existed before
    it and, week by week, those the run keeps; yields the call that sets aside the objects alive now.

    A full collection rescans every object the process holds: after importing numpy, pandas, numba and
    Mesa that is about 180,000 objects, 80 ms on the benchmark machine. The family agents that live
    for weeks trigger such collections in a large department (four in a 10-year run of the 16x department, a
    sixth of its time) and none in a default one. Collections of the young objects cost too: the 16x
    department makes about 270 family agents a week, which set off a collection nearly every week (495 a
    run, 124 ms of 1.8 s) that could free none of them.

    `gc.freeze` moves the existing objects out of the collector's generations and `gc.unfreeze` puts them
    back, both at once. A week of the model leaves no cyclic garbage (tests/test_determinism.py checks
    it): what it frees, reference counting frees, including the agents of families that leave. So nothing
    is collected later than it would have been but cycles made outside the model by other threads, and
    those are collected after the run. If something else has frozen objects, this does nothing
    (unfreezing would release theirs too).
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def collect(model: DepartmentModel) -> Result:
    """Turn a model's records into a Result."""
    return Result(
        params=model.params,
        seed=model._seed,
        weeks=model.week,
        weekly=weekly_frame(model.rows),
        events=model.log.frame(),
        referrals=model.pathway.book.frame(),
        investigations=model.pathway.investigations.frame(),
        cases=model.pathway.cases.frame(),
    )


def weekly_frame(rows: list[tuple]) -> pd.DataFrame:
    """The weekly rows as a table, a column at a time (numpy infers each column's type as pandas would)."""
    columns = zip(*rows, strict=True) if rows else [()] * len(WEEKLY_COLUMNS)
    return pd.DataFrame({name: np.array(values) for name, values in zip(WEEKLY_COLUMNS, columns, strict=True)})


def load_compiled_code() -> None:
    """Run one week, so that numba compiles the model's compiled steps now (about 50 s after installing)
    or loads them from its cache (about half a second) rather than in the first real run."""
    simulate(seed=0, years=1 / WEEKS_PER_YEAR)
