"""The live charts: eight small panels of the weekly figures, the reform copy solid and the baseline dashed.

Four panels are the staff's, the same for every kind of department (caseload, strain, off sick and vacant,
turnover); four are the kind's own clients (`KindCharts`). Drawn with matplotlib's object API (no pyplot: the
page draws from a background thread) into one PNG, a few times a second at most, so a chart costs the same
however fast the weeks go by.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from deptsim.jobcentre.model import WEEKLY_COLUMNS as JOB_CENTRE_COLUMNS
from deptsim.model import WEEKLY_COLUMNS as CHILDREN_COLUMNS
from deptsim.reports.labels import SERIES, series_label
from deptsim.reports.plots import derived_series
from deptsim.workshop.labels import say

WEEKS_PER_YEAR = 52
# panel -> the series drawn in it (each in its own colour)
STAFF_PANELS: dict[str, tuple[str, ...]] = {
    "caseload_mean": ("caseload_mean",),
    "strain_mean": ("strain_mean",),
    "sick_and_vacant": ("off_sick_series", "vacant_series"),
    "turnover_12m": ("turnover_12m",),
}
COLOURS = {"off_sick_series": "#6a1b9a", "vacant_series": "#ef6c00"}
REFORM_COLOUR, BASELINE_COLOUR = "#1565c0", "#616161"


@dataclass(frozen=True)
class KindCharts:
    """What the charts show of one kind of department: its weekly record's columns, the panels of its
    clients, and the series of those panels that are the workshop's own (from the weekly record)."""

    columns: tuple[str, ...]
    client_panels: dict[str, tuple[str, ...]]
    client_series: Callable[[pd.DataFrame], dict[str, pd.Series]]

    @property
    def panels(self) -> dict[str, tuple[str, ...]]:
        return {**STAFF_PANELS, **self.client_panels}


def referral_series(weekly: pd.DataFrame) -> dict[str, pd.Series]:
    """The children's department: the wait for assessment, in days, over the last 4 weeks."""
    waited = weekly.assessment_wait_hours.rolling(4, min_periods=1).sum()
    assessed = weekly.referrals_assessed.rolling(4, min_periods=1).sum()
    return {"wait_days": (waited / assessed.where(assessed > 0)) / 24.0}


def citizen_series(weekly: pd.DataFrame) -> dict[str, pd.Series]:
    """The job centre: the share of citizens within the law's meeting interval, and benefits at the week's
    pace, in MDKK a year."""
    return {"meetings_on_time": 1.0 - weekly.meetings_overdue / weekly.citizens.clip(lower=1),
            "benefit_cost_mdkk_year": weekly.cost_benefits * WEEKS_PER_YEAR / 1e6}


CHILDREN_CHARTS = KindCharts(CHILDREN_COLUMNS, {
    "referrals_waiting": ("referrals_waiting",),
    "wait_days": ("wait_days",),
    "placements_active": ("placements_active",),
    "cumulative_cost_mdkk": ("cumulative_cost_mdkk",),
}, referral_series)
JOB_CENTRE_CHARTS = KindCharts(JOB_CENTRE_COLUMNS, {
    "citizens": ("citizens",),
    "exits_work_12m": ("exits_work_12m",),
    "meetings_on_time": ("meetings_on_time",),
    "benefit_cost_mdkk_year": ("benefit_cost_mdkk_year",),
}, citizen_series)


def chart_frame(charts: KindCharts, rows: Sequence[tuple]) -> pd.DataFrame:
    """The charted series of one copy, one row per simulated week."""
    weekly = pd.DataFrame(list(rows), columns=list(charts.columns))
    frame = derived_series(weekly)
    frame["week"] = weekly.week
    frame["strain_mean"] = weekly.strain_mean
    frame["off_sick_series"] = weekly.staff_sick.rolling(4, min_periods=1).mean()  # a month: less flicker
    frame["vacant_series"] = weekly.vacancies
    for name, series in charts.client_series(weekly).items():
        frame[name] = series
    return frame


def _title(key: str, lang: str) -> str:
    return series_label(key, lang) if key in SERIES else say(key, lang)


def draw(charts: KindCharts, reform_rows: Sequence[tuple], baseline_rows: Sequence[tuple] | None, lang: str,
         first_year: float = 0.0) -> bytes:
    """The eight panels of the kind's `charts` as PNG bytes; the baseline (dashed) only when `baseline_rows` is
    given."""
    figure = Figure(figsize=(15, 5.4), dpi=80)
    figure.subplots_adjust(left=0.04, right=0.99, top=0.86, bottom=0.1, wspace=0.25, hspace=0.5)
    axes = figure.subplots(2, 4).ravel()
    copies = [(chart_frame(charts, reform_rows), "-", REFORM_COLOUR)]
    if baseline_rows is not None:
        copies.append((chart_frame(charts, baseline_rows), "--", BASELINE_COLOUR))
        figure.suptitle(say("solid_dashed", lang), fontsize=10, x=0.04, y=0.99, ha="left")
    weeks = max(len(reform_rows), 1)
    for ax, (panel, series) in zip(axes, charts.panels.items(), strict=True):
        for frame, style, colour in copies:
            x = first_year + frame.week.to_numpy(dtype=float) / WEEKS_PER_YEAR
            for key in series:
                label = say(key, lang) if len(series) > 1 and style == "-" else None
                ax.plot(x, frame[key].to_numpy(dtype=float), style, color=COLOURS.get(key, colour), linewidth=1.4,
                        label=label)
        if len(series) > 1:
            ax.legend(fontsize=8, loc="upper left")
        ax.set_title(_title(panel, lang), fontsize=10)
        ax.set_xlim(first_year, first_year + max(1.0, weeks / WEEKS_PER_YEAR))
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax in axes[4:]:
        ax.set_xlabel(say("year", lang), fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
