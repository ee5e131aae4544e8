"""Time-series plots: one PNG per indicator, the median over replicates with a 90% band, scenarios overlaid."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from deptsim.replicates import Replicate
from deptsim.reports.labels import format_tick, series_label, text

WEEKS_PER_YEAR = 52


def derived_series(weekly: pd.DataFrame) -> pd.DataFrame:
    """The plotted indicators of one run, week by week: the staff's, then the clients' (families, or the job
    centre's citizens), then the cumulative cost."""
    staff = weekly.staff_in_post.clip(lower=1)
    positions = (weekly.staff_in_post + weekly.vacancies).clip(lower=1)
    staff_series = {
        "staff_in_post": weekly.staff_in_post,
        "sick_share": weekly.staff_sick / staff,
        "turnover_12m": weekly.resignations.rolling(WEEKS_PER_YEAR, min_periods=1).sum() / positions,
        "caseload_mean": weekly.caseload_mean,
    }
    if "citizens" in weekly:
        clients = {
            "citizens": weekly.citizens,
            "meetings_overdue_share": weekly.meetings_overdue / weekly.citizens.clip(lower=1),
            "distance_mean": weekly.distance_mean,
            "exits_work_12m": weekly.exits_work.rolling(WEEKS_PER_YEAR, min_periods=1).sum(),
        }
    else:
        assessed = weekly.referrals_assessed.rolling(4, min_periods=1).sum()
        on_time = weekly.assessments_on_time.rolling(4, min_periods=1).sum()
        clients = {
            "referrals_waiting": weekly.referrals_waiting,
            "deadline_share": (on_time / assessed).where(assessed > 0),
            "placements_active": weekly.placements_active,
        }
    return pd.DataFrame({**staff_series, **clients, "cumulative_cost_mdkk": weekly.cost_total.cumsum() / 1e6})


def median_band(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per week (column): the median and the 5th and 95th percentiles over the replicates (rows) that have a
    value. A week no replicate has a value for (no assessment fell due) stays NaN: a gap in the line, not a
    share made up from other weeks."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN weeks give NaN, which is what is wanted
        median = np.nanmedian(values, axis=0)
        low, high = np.nanpercentile(values, [5, 95], axis=0)
    return median, low, high


def format_axes(axes: Axes, lang: str) -> None:
    """Tick labels in the language's number format, whatever the machine's locale: years without a
    thousands separator on the x axis, Danish decimal commas and thousands points on the y axis."""
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_tick(value, lang, grouped=False)))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_tick(value, lang)))


def plot_series(runs: dict[str, list[Replicate]], folder: Path, lang: str, first_year: float = 0.0) -> list[Path]:
    """Write one PNG per indicator into `folder`; returns the files in the order `derived_series` gives."""
    derived = {name: [derived_series(r.weekly) for r in reps] for name, reps in runs.items()}
    paths = []
    for key in next(iter(derived.values()))[0].columns:
        figure, axes = plt.subplots(figsize=(8, 4.2), dpi=100)
        for index, (name, frames) in enumerate(derived.items()):
            values = np.vstack([f[key].to_numpy(dtype=float) for f in frames])
            x = first_year + np.arange(values.shape[1]) / WEEKS_PER_YEAR
            color = f"C{index}"
            median, low, high = median_band(values)
            axes.fill_between(x, low, high, color=color, alpha=0.2, linewidth=0)
            axes.plot(x, median, color=color, label=f"{name} ({len(frames)} {text('runs', lang)})")
        axes.set_title(series_label(key, lang))
        axes.set_xlabel(text("year", lang))
        format_axes(axes, lang)
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8, loc="best")
        figure.tight_layout()
        path = folder / f"{key}.png"
        figure.savefig(path)
        plt.close(figure)
        paths.append(path)
    return paths
