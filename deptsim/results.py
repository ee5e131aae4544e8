"""The result of one simulation: weekly series, per-family events, referrals, and headline figures."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from deptsim.params import Parameters

WEEKS_PER_YEAR = 52.0

SUMMARY_KEYS = (
    "turnover_rate",
    "sick_leave_rate",
    "caseload_mean",
    "referral_wait_weeks_mean",
    "assessment_deadline_met",
    "investigation_deadline_met",
    "placements_started_per_year",
    "placement_cost_dkk_per_year",
    "total_cost_dkk_per_year",
    "complaints_per_year",
    "caseworker_changes_per_family",
)


@dataclass
class Result:
    """What a run produced.

    weekly: one row per week (staff, sickness, caseload, referrals, cases by kind, costs).
    events: one row per family event (week, time in weeks, event, family and caseworker ids, detail).
    referrals: one row per referral (arrival, deadline, assessment start and end in weeks, outcome).
    investigations: one row per § 50 investigation (start, deadline, end in weeks; -1 if not ended).
    cases: one row per case, from the assessment that opened it (or the start) to its closure.
    """

    params: Parameters
    seed: int
    weeks: int
    weekly: pd.DataFrame
    events: pd.DataFrame
    referrals: pd.DataFrame
    investigations: pd.DataFrame
    cases: pd.DataFrame

    def summary(self, from_year: float = 0.0) -> dict[str, float]:
        """Headline figures over the weeks from `from_year` (a warm-up before it is left out).

        The shares of deadlines met are NaN when nothing fell due in the period (a share over
        nothing is not full compliance: the reports show it as "none due"); rates are per year of
        the period. Referrals still waiting at the end count with their wait so far.
        """
        from_week = warm_up_weeks(from_year, self.weeks)
        w = self.weekly.iloc[from_week:]
        years = len(w) / WEEKS_PER_YEAR
        end = float(self.weeks)
        staff_weeks = float(w.staff_in_post.sum())

        refs = self.referrals
        assessed_refs = refs[(refs.outcome != "merged")]
        in_period = assessed_refs[assessed_refs.arrival_weeks >= from_week]
        finish = np.where(in_period.assessed_weeks >= 0, in_period.assessed_weeks, end)
        wait = finish - in_period.arrival_weeks

        due = assessed_refs[(assessed_refs.deadline_weeks >= from_week) & (assessed_refs.deadline_weeks < end)]
        # a referral closed because the child turned 18 was never assessed: its deadline was missed
        due_done = due.assessed_weeks.where(due.outcome != "aged_out", -1.0)
        inv = self.investigations
        inv_due = inv[(inv.deadline_weeks >= from_week) & (inv.deadline_weeks < end)]
        families = float(w.open_cases.iloc[0] + w.cases_opened.sum())

        return {
            "turnover_rate": _ratio(w.resignations.sum(), staff_weeks / WEEKS_PER_YEAR, 0.0),
            "sick_leave_rate": _ratio(w.staff_sick.sum(), staff_weeks, 0.0),
            "caseload_mean": float(w.caseload_mean.mean()),
            "referral_wait_weeks_mean": float(wait.mean()) if len(wait) else 0.0,
            "assessment_deadline_met": _share_met(due_done, due.deadline_weeks),
            "investigation_deadline_met": _share_met(inv_due.end_weeks, inv_due.deadline_weeks),
            "placements_started_per_year": float(w.placements_started.sum() / years),
            "placement_cost_dkk_per_year": float(w.cost_placement.sum() / years),
            "total_cost_dkk_per_year": float(w.cost_total.sum() / years),
            "complaints_per_year": float(w.complaints.sum() / years),
            "caseworker_changes_per_family": _ratio(w.caseworker_changes.sum(), families, 0.0),
        }


def warm_up_weeks(from_year: float, weeks: int) -> int:
    """The first week of a summary from `from_year`, checked to lie within a run of `weeks` weeks."""
    from_week = round(from_year * WEEKS_PER_YEAR)
    if not 0 <= from_week < weeks:
        raise ValueError(f"from_year={from_year} must be at least 0 and before the end of the run "
                         f"({weeks / WEEKS_PER_YEAR:g} years)")
    return from_week


def _ratio(numerator: float, denominator: float, empty: float) -> float:
    """numerator / denominator, or `empty` when the denominator is not positive."""
    return float(numerator) / float(denominator) if denominator > 0 else empty


def _share_met(done: pd.Series, deadline: pd.Series) -> float:
    """The share of deadlines met (done, at or before the deadline); NaN when none fell due."""
    if len(done) == 0:
        return math.nan
    return float(((done >= 0) & (done <= deadline)).mean())
