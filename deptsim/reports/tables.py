"""The numbers planners read: headline figures with intervals, differences against a baseline,
and the cost-benefit view (extra staff cost against savings, cumulative net, break-even year)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from deptsim.replicates import Replicate
from deptsim.reports.labels import METRICS, text
from deptsim.results import SUMMARY_KEYS

WEEKS_PER_YEAR = 52
INTERVAL = (5, 95)  # a 90% interval over replicates

STAFF_COSTS = ("cost_staff", "cost_recruitment", "cost_mentoring")
CASE_COSTS = ("cost_placement", "cost_preventive")


def summaries(runs: dict[str, list[Replicate]]) -> pd.DataFrame:
    """One row per scenario and replicate: the headline figures."""
    return pd.DataFrame([{"scenario": name, "seed": r.seed, **r.summary}
                         for name, reps in runs.items() for r in reps])


def headline_table(runs: dict[str, list[Replicate]]) -> pd.DataFrame:
    """Per scenario and figure: mean and 90% interval over replicates."""
    rows = []
    for name, reps in runs.items():
        for key in SUMMARY_KEYS:
            values = np.array([r.summary[key] for r in reps])
            low, high = np.percentile(values, INTERVAL)
            rows.append({"scenario": name, "metric": key, "mean": values.mean(), "low": low, "high": high})
    return pd.DataFrame(rows)


def comparison_table(runs: dict[str, list[Replicate]], baseline: str) -> pd.DataFrame:
    """Each scenario against the baseline, replicate by replicate (same seeds): differences and intervals."""
    rows = []
    base = runs[baseline]
    for name, reps in runs.items():
        for key in SUMMARY_KEYS:
            values = np.array([r.summary[key] for r in reps])
            diffs = values - np.array([r.summary[key] for r in base])
            low, high = np.percentile(values, INTERVAL)
            dlow, dhigh = np.percentile(diffs, INTERVAL)
            rows.append({"scenario": name, "metric": key, "mean": values.mean(), "low": low, "high": high,
                         "diff": diffs.mean(), "diff_low": dlow, "diff_high": dhigh})
    return pd.DataFrame(rows)


def yearly_costs(replicate: Replicate) -> pd.DataFrame:
    weekly = replicate.weekly
    year = weekly.week // WEEKS_PER_YEAR
    return pd.DataFrame({
        "staff": weekly[list(STAFF_COSTS)].sum(axis=1).groupby(year).sum(),
        "cases": weekly[list(CASE_COSTS)].sum(axis=1).groupby(year).sum(),
    })


def cost_benefit(runs: dict[str, list[Replicate]], baseline: str, first_year: int = 0) -> pd.DataFrame:
    """Per scenario and year: extra staff cost, savings on placements and measures, net and cumulative net
    (means over paired replicates, with a 90% interval on the cumulative net), in DKK."""
    rows = []
    base = [yearly_costs(r) for r in runs[baseline]]
    for name, reps in runs.items():
        if name == baseline:
            continue
        pairs = [(yearly_costs(r), b) for r, b in zip(reps, base, strict=True)]
        investment = np.array([(s.staff - b.staff).to_numpy() for s, b in pairs])
        savings = np.array([(b.cases - s.cases).to_numpy() for s, b in pairs])
        net = savings - investment
        cumulative = net.cumsum(axis=1)
        low, high = np.percentile(cumulative, INTERVAL, axis=0)
        for year in range(net.shape[1]):
            rows.append({"scenario": name, "year": first_year + year, "investment": investment[:, year].mean(),
                         "savings": savings[:, year].mean(), "net": net[:, year].mean(),
                         "cumulative_net": cumulative[:, year].mean(), "cumulative_low": low[year],
                         "cumulative_high": high[year]})
    return pd.DataFrame(rows)


def break_even_year(table: pd.DataFrame, scenario: str) -> int | None:
    """The first year from which the mean cumulative net stays at or above zero, if any."""
    rows = table[table.scenario == scenario].sort_values("year")
    negative = rows.cumulative_net.to_numpy() < 0
    if negative[-1]:
        return None
    last_negative = np.flatnonzero(negative)
    return int(rows.year.iloc[last_negative[-1] + 1] if len(last_negative) else rows.year.iloc[0])


def format_headlines(table: pd.DataFrame, scenario: str, lang: str) -> str:
    rows = table[table.scenario == scenario].set_index("metric")
    lines = [f"  {'':<44} {text('mean', lang):>10}   {text('interval', lang)}"]
    for key in SUMMARY_KEYS:
        m = METRICS[key]
        row = rows.loc[key]
        lines.append(f"  {m.label(lang):<44} {m.show(row['mean']):>10}   [{m.show(row['low'])}, {m.show(row['high'])}]")
    return "\n".join(lines)


def format_comparison(table: pd.DataFrame, baseline: str, lang: str) -> str:
    names = list(dict.fromkeys(table.scenario))
    others = [n for n in names if n != baseline]
    header = f"  {'':<44} {baseline[:22]:>22}"
    for name in others:
        header += f" {name[:22]:>22} {text('difference', lang) + ' [90%]':>30}"
    lines = [header]
    for key in SUMMARY_KEYS:
        m = METRICS[key]
        rows = table[table.metric == key].set_index("scenario")
        line = f"  {m.label(lang):<44} {m.show(rows.loc[baseline, 'mean']):>22}"
        for name in others:
            r = rows.loc[name]
            diff = f"{_signed(m, r['diff'])} [{_signed(m, r['diff_low'])}, {_signed(m, r['diff_high'])}]"
            line += f" {m.show(r['mean']):>22} {diff:>30}"
        lines.append(line)
    return "\n".join(lines)


def _signed(metric, value: float) -> str:
    shown = metric.show(value)
    return shown if shown.startswith("-") else "+" + shown


def format_cost_benefit(table: pd.DataFrame, lang: str, label_year) -> str:
    lines = []
    for name in dict.fromkeys(table.scenario):
        rows = table[table.scenario == name]
        lines.append(f"  {name} ({text('cost_benefit', lang).lower()}, MDKK)")
        lines.append(f"  {text('year', lang):>8} {text('investment', lang)[:20]:>20} {text('savings', lang)[:20]:>20}"
                     f" {text('net', lang):>10} {text('cumulative', lang)[:24]:>24}")
        for _, r in rows.iterrows():
            lines.append(f"  {label_year(int(r.year)):>8} {r.investment / 1e6:>20.1f} {r.savings / 1e6:>20.1f}"
                         f" {r.net / 1e6:>10.1f} {r.cumulative_net / 1e6:>10.1f} [{r.cumulative_low / 1e6:.1f}, "
                         f"{r.cumulative_high / 1e6:.1f}]")
        year = break_even_year(table, name)
        shown = label_year(year) if year is not None else text("not_reached", lang)
        lines.append(f"  {text('break_even', lang)}: {shown}")
    return "\n".join(lines)
