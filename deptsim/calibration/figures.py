"""The figures a target compares with the model: each a small function of one run's result over a window of
weeks [first_week, end_week), in the units the source uses.

`FIGURES` names them for target files (calibration/denmark.toml). A figure is NaN when the window holds
nothing to measure (no investigation fell due, nobody in post): a target is then failed, never passed.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from deptsim.results import Result

WEEKS_PER_YEAR = 52.0
CHILDREN_PER_FAMILY_CASE = 1.25
"""Children per family case, to compare the model's caseloads (family cases) with Danish caseload figures
(children). A modelling assumption: the Assens 2014 scenario's 65 children per caseworker at about 52 cases."""


def _weeks(result: Result, first_week: int, end_week: int) -> pd.DataFrame:
    return result.weekly.iloc[first_week:end_week]


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator) / float(denominator) if denominator > 0 else math.nan


def investigation_deadline_met(result: Result, first_week: int, end_week: int) -> float:
    """Share of § 50 investigations due in the window that were finished by their 4-month deadline."""
    inv = result.investigations
    due = inv[(inv.deadline_weeks >= first_week) & (inv.deadline_weeks < end_week)]
    if len(due) == 0:
        return math.nan
    return float(((due.end_weeks >= 0) & (due.end_weeks <= due.deadline_weeks)).mean())


def turnover_rate(result: Result, first_week: int, end_week: int) -> float:
    """Resignations per caseworker-year in post."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.resignations.sum(), w.staff_in_post.sum() / WEEKS_PER_YEAR)


def sick_leave_rate(result: Result, first_week: int, end_week: int) -> float:
    """Share of the staff's weeks in post lost to sick leave."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.staff_sick.sum(), w.staff_in_post.sum())


def caseload_families(result: Result, first_week: int, end_week: int) -> float:
    """Open family cases per caseworker in post, averaged over the weeks."""
    return float(_weeks(result, first_week, end_week).caseload_mean.mean())


def caseload_children(result: Result, first_week: int, end_week: int) -> float:
    """Children per caseworker: family cases per caseworker times CHILDREN_PER_FAMILY_CASE."""
    return caseload_families(result, first_week, end_week) * CHILDREN_PER_FAMILY_CASE


def placed_per_1000_children(result: Result, first_week: int, end_week: int) -> float:
    """Children in a placement (foster care or institution) per 1,000 children of the municipality."""
    return float(_weeks(result, first_week, end_week).placements_active.mean()) / result.params.children * 1000.0


def foster_care_share(result: Result, first_week: int, end_week: int) -> float:
    """Share of the placed children who are in foster care (family or kinship care) rather than an institution."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.open_foster.sum(), w.placements_active.sum())


def referrals_per_child_year(result: Result, first_week: int, end_week: int) -> float:
    """Referrals a year per child of the municipality."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.referrals_arrived.sum() / (len(w) / WEEKS_PER_YEAR), result.params.children)


def referrals_per_referred_family_year(result: Result, first_week: int, end_week: int) -> float:
    """Referrals per family referred, in each whole year of the window (52 weeks from its start), averaged."""
    refs = result.referrals
    shares = []
    for start in range(first_week, end_week - int(WEEKS_PER_YEAR) + 1, int(WEEKS_PER_YEAR)):
        year = refs[(refs.arrival_weeks >= start) & (refs.arrival_weeks < start + WEEKS_PER_YEAR)]
        if len(year):
            shares.append(len(year) / year.family_id.nunique())
    return float(np.mean(shares)) if shares else math.nan


def foster_cost_dkk_per_placement_year(result: Result, first_week: int, end_week: int) -> float:
    """Foster care's cost per placement-year."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.cost_foster.sum(), w.open_foster.sum() / WEEKS_PER_YEAR)


def institution_cost_dkk_per_placement_year(result: Result, first_week: int, end_week: int) -> float:
    """Residential care's cost per placement-year."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.cost_institution.sum(), w.open_institution.sum() / WEEKS_PER_YEAR)


def total_cost_mdkk_per_year(result: Result, first_week: int, end_week: int) -> float:
    """The department's total cost (staff, recruitment, mentoring, measures, placements), MDKK a year."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.cost_total.sum() / 1e6, len(w) / WEEKS_PER_YEAR)


def direct_contact_share(result: Result, first_week: int, end_week: int) -> float:
    """Share of the hours worked (contracted hours of the staff at work, plus overtime) spent in direct contact
    with children and families (`contact_hours`, deptsim.childwelfare.workload.contact_hours)."""
    w = _weeks(result, first_week, end_week)
    worked = w.fte_available.sum() * result.params.weekly_hours + w.overtime_hours.sum()
    return _ratio(w.contact_hours.sum(), worked)


def complaints_per_case_year(result: Result, first_week: int, end_week: int) -> float:
    """Complaints per open family case and year (to the department, its citizens' adviser or the Appeals Board)."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.complaints.sum(), w.open_cases.sum() / WEEKS_PER_YEAR)


def complaints_waiting_share(result: Result, first_week: int, end_week: int) -> float:
    """Share of the complaints made by families whose referral or investigation was past its deadline, for
    the wait (the model's counterpart of complaints about long case-processing times)."""
    w = _weeks(result, first_week, end_week)
    return _ratio(w.complaints_waiting.sum(), w.complaints.sum())


def exits_by_caseworkers(result: Result, first_week: int, end_week: int, *, start: str = "placement_start",
                         end: str = "placement_end", within_weeks: float = 78.0) -> pd.DataFrame:
    """For each spell (a placement, or a measure with start="measure_start", end="measure_end") that began in the
    window and could be followed `within_weeks`: how many caseworkers the family had in it (1 + its changes
    until the spell ended or the follow-up did) and whether it ended within the follow-up. Returns, by the
    number of caseworkers (4 stands for 4 or more), the spells and the share that ended: the comparison of
    Flower, McDonald and Sumski (2005), whose children with one case manager reached permanency within 18
    months far more often than those with two (docs/continuity-and-complaints.md)."""
    events = result.events
    starts = events[(events.event == start) & (events.time_weeks >= first_week) & (events.time_weeks < end_week)
                    & (events.time_weeks <= result.weeks - within_weeks)]
    ends = events[events.event == end].groupby("family_id").time_weeks.apply(np.sort).to_dict()
    changes = events[events.event == "caseworker_change"].groupby("family_id").time_weeks.apply(np.sort).to_dict()
    rows = []
    for spell in starts.itertuples():
        later = ends.get(spell.family_id, np.zeros(0))
        later = later[later > spell.time_weeks]
        ended_at = later[0] if len(later) else math.inf
        followed_to = min(ended_at, spell.time_weeks + within_weeks)
        changed = changes.get(spell.family_id, np.zeros(0))
        caseworkers = 1 + int(((changed > spell.time_weeks) & (changed < followed_to)).sum())
        rows.append((min(caseworkers, 4), ended_at <= spell.time_weeks + within_weeks))
    spells = pd.DataFrame(rows, columns=["caseworkers", "ended"])
    return spells.groupby("caseworkers").ended.agg(spells="size", ended_share="mean")


Figure = Callable[[Result, int, int], float]
FIGURES: dict[str, Figure] = {figure.__name__: figure for figure in (
    investigation_deadline_met, turnover_rate, sick_leave_rate, caseload_families, caseload_children,
    placed_per_1000_children, foster_care_share, referrals_per_child_year, referrals_per_referred_family_year,
    foster_cost_dkk_per_placement_year, institution_cost_dkk_per_placement_year, total_cost_mdkk_per_year,
    direct_contact_share, complaints_per_case_year, complaints_waiting_share,
)}
