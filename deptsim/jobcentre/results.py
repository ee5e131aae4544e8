"""The result of one job-centre run: weekly series and headline figures; `simulate` runs one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from deptsim.jobcentre.model import WEEKLY_COLUMNS, JobCentreModel
from deptsim.jobcentre.parameters import JobCentreParameters
from deptsim.results import warm_up_weeks
from deptsim.simulation import run_model

WEEKS_PER_YEAR = 52.0

SUMMARY_KEYS = (
    "citizens_on_benefit", "exits_to_work_per_year", "years_on_benefit", "meetings_on_time",
    "benefit_cost_dkk_per_year", "turnover_rate", "sick_leave_rate", "caseload_mean", "total_cost_dkk_per_year",
)


@dataclass
class JobCentreResult:
    """What a job-centre run produced: one row per week (staff, citizens by benefit, meetings, exits, costs)."""

    params: JobCentreParameters
    seed: int
    weeks: int
    weekly: pd.DataFrame

    def summary(self, from_year: float = 0.0) -> dict[str, float]:
        """Headline figures over the weeks from `from_year` (a warm-up before it is left out): citizens on
        benefit (the mean), exits to work or education a year, years on benefit (of the citizens who left in the
        period), the share of citizens whose meetings kept to the law, benefits a year, turnover, sick leave,
        caseload and total cost a year."""
        w = self.weekly.iloc[warm_up_weeks(from_year, self.weeks):]
        years = len(w) / WEEKS_PER_YEAR
        staff_weeks = float(w.staff_in_post.sum())
        leavers = float(w.exits_work.sum() + w.exits_other.sum() + w.exits_moved.sum())
        citizen_weeks = float(w.citizens.sum())
        return {
            "citizens_on_benefit": float(w.citizens.mean()),
            "exits_to_work_per_year": float(w.exits_work.sum() / years),
            "years_on_benefit": float(w.weeks_on_benefit_of_leavers.sum() / leavers / WEEKS_PER_YEAR)
            if leavers else float("nan"),
            "meetings_on_time": 1.0 - float(w.meetings_overdue.sum()) / citizen_weeks
            if citizen_weeks else float("nan"),
            "benefit_cost_dkk_per_year": float(w.cost_benefits.sum() / years),
            "turnover_rate": float(w.resignations.sum()) / (staff_weeks / WEEKS_PER_YEAR) if staff_weeks else 0.0,
            "sick_leave_rate": float(w.staff_sick.sum()) / staff_weeks if staff_weeks else 0.0,
            "caseload_mean": float(w.caseload_mean.mean()),
            "total_cost_dkk_per_year": float(w.cost_total.sum() / years),
        }


def simulate(params: JobCentreParameters | None = None, *, seed: int, years: float,
             interventions: Sequence = (), model_class: type[JobCentreModel] = JobCentreModel) -> JobCentreResult:
    """Simulate the job centre for `years` from `seed`, with reforms at their weeks. The same inputs give the
    same result."""
    model = run_model(model_class, params, seed=seed, years=years, interventions=interventions)
    columns = zip(*model.rows, strict=True)
    weekly = pd.DataFrame({name: np.array(values) for name, values in zip(WEEKLY_COLUMNS, columns, strict=True)})
    result = JobCentreResult(params=model.params, seed=model.seed, weeks=model.week, weekly=weekly)
    model.release()
    return result
