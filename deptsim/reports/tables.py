"""The numbers planners read: headline figures with intervals, differences against a baseline,
and the cost-benefit view (extra staff cost against savings, cumulative net, break-even year)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from deptsim.calibration.ensemble import Ensemble
from deptsim.replicates import Replicate
from deptsim.reports.labels import METRICS, Metric, column_label, format_number, format_tick, text

WEEKS_PER_YEAR = 52
INTERVAL = (5, 95)  # a 90% interval over replicates

STAFF_COSTS = ("cost_staff", "cost_overtime", "cost_temporary", "cost_recruitment", "cost_mentoring")
CLIENT_COSTS = ("cost_placement", "cost_preventive", "cost_benefits")
"""What the clients receive, in the weekly record of each kind of department (deptsim.departments): a reform's
savings are there."""


def summaries(runs: dict[str, list[Replicate]]) -> pd.DataFrame:
    """One row per scenario and replicate: the headline figures."""
    return pd.DataFrame([{"scenario": name, "seed": r.seed, **r.summary}
                         for name, reps in runs.items() for r in reps])


def headline_table(runs: dict[str, list[Replicate]]) -> pd.DataFrame:
    """Per scenario and figure: mean and 90% interval over the replicates where the figure exists
    (a share of deadlines met is NaN in a replicate where nothing fell due), and how many those were."""
    rows = []
    for name, reps in runs.items():
        for key in reps[0].summary:
            mean, low, high, count = spread(np.array([r.summary[key] for r in reps], dtype=float))
            rows.append({"scenario": name, "metric": key, "mean": mean, "low": low, "high": high, "runs": count})
    return pd.DataFrame(rows)


def comparison_table(runs: dict[str, list[Replicate]], baseline: str) -> pd.DataFrame:
    """Each scenario against the baseline, replicate by replicate (same seeds): differences and intervals.

    A figure that does not exist in a replicate (NaN: nothing fell due) is left out of that replicate's
    difference; a difference no replicate pair has is NaN.
    """
    rows = []
    base = runs[baseline]
    for name, reps in runs.items():
        for key in reps[0].summary:
            values = np.array([r.summary[key] for r in reps], dtype=float)
            diffs = values - np.array([r.summary[key] for r in base], dtype=float)
            mean, low, high, count = spread(values)
            diff, diff_low, diff_high, _ = spread(diffs)
            rows.append({"scenario": name, "metric": key, "mean": mean, "low": low, "high": high, "runs": count,
                         "diff": diff, "diff_low": diff_low, "diff_high": diff_high})
    return pd.DataFrame(rows)


def spread(values: np.ndarray) -> tuple[float, float, float, int]:
    """Mean, 5th and 95th percentiles and count of the values that exist (NaN is left out); NaN if none do."""
    present = values[~np.isnan(values)]
    if not len(present):
        return math.nan, math.nan, math.nan, 0
    low, high = np.percentile(present, INTERVAL)
    return float(present.mean()), float(low), float(high), len(present)


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with a `label` column after `metric`: each figure's display name in the language.

    The machine names (`metric` and the other columns) stay in English, so scripts read every report alike.
    """
    labelled_table = table.copy()
    labels = [METRICS[key].label(lang) for key in table["metric"]]
    labelled_table.insert(int(table.columns.get_loc("metric")) + 1, "label", labels)
    return labelled_table


def column_guide(frames: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """One row per table and column: the column's display name in the language (for a columns.csv)."""
    rows = [{"table": name, "column": column, "label": column_label(column, lang)}
            for name, frame in frames.items() for column in frame.columns]
    return pd.DataFrame(rows, columns=["table", "column", "label"])


def yearly_costs(replicate: Replicate) -> pd.DataFrame:
    weekly = replicate.weekly
    year = weekly.week // WEEKS_PER_YEAR
    return pd.DataFrame({
        "staff": weekly[list(STAFF_COSTS)].sum(axis=1).groupby(year).sum(),
        "cases": weekly[[c for c in CLIENT_COSTS if c in weekly]].sum(axis=1).groupby(year).sum(),
    })


def cost_benefit(runs: dict[str, list[Replicate]], baseline: str, first_year: int = 0) -> pd.DataFrame:
    """Per scenario and year: extra staff cost, savings on what the clients receive (placements and measures, or
    benefits), net and cumulative net (means over paired replicates, with a 90% interval on the cumulative net),
    in DKK. `attrs["savings_on"]` says which: "benefits" for a job centre, "placements" otherwise."""
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
    table = pd.DataFrame(rows)
    table.attrs["savings_on"] = "benefits" if "cost_benefits" in runs[baseline][0].weekly else "placements"
    return table


def break_even_year(table: pd.DataFrame, scenario: str) -> int | None:
    """The first year from which the mean cumulative net stays at or above zero, if any."""
    rows = table[table.scenario == scenario].sort_values("year")
    negative = rows.cumulative_net.to_numpy() < 0
    if negative[-1]:
        return None
    last_negative = np.flatnonzero(negative)
    return int(rows.year.iloc[last_negative[-1] + 1] if len(last_negative) else rows.year.iloc[0])


def format_headlines(table: pd.DataFrame, scenario: str, lang: str) -> str:
    """One scenario's headline figures with their 90% intervals, for the terminal."""
    rows = table[table.scenario == scenario].set_index("metric")
    lines = [f"  {'':<44} {text('mean', lang):>15}   {text('interval', lang)}"]
    for key in rows.index:
        m, row = METRICS[key], rows.loc[key]
        lines.append(f"  {m.label(lang):<44} {m.show(row['mean'], lang):>15}   {_interval(m, row, '', lang)}")
    return "\n".join(lines + _none_due_note(table, lang))


def format_comparison(table: pd.DataFrame, baseline: str, lang: str) -> str:
    """Every scenario's headline figures against the baseline's, with the differences and their intervals."""
    names = list(dict.fromkeys(table.scenario))
    others = [n for n in names if n != baseline]
    heading = f"{text('difference', lang)} [{text('interval_short', lang)}]"
    header = f"  {'':<44} {baseline[:22]:>22}"
    for name in others:
        header += f" {name[:22]:>22} {heading:>30}"
    lines = [header]
    for key in dict.fromkeys(table.metric):
        m = METRICS[key]
        rows = table[table.metric == key].set_index("scenario")
        line = f"  {m.label(lang):<44} {m.show(rows.loc[baseline, 'mean'], lang):>22}"
        for name in others:
            r = rows.loc[name]
            line += f" {m.show(r['mean'], lang):>22} {_difference(m, r, lang):>30}"
        lines.append(line)
    return "\n".join(lines + _none_due_note(table, lang))


def _interval(metric: Metric, row: pd.Series, prefix: str, lang: str) -> str:
    """"[low, high]" of a row's columns `<prefix>low` and `<prefix>high`; nothing when they do not exist."""
    low, high = row[f"{prefix}low"], row[f"{prefix}high"]
    if not (np.isfinite(low) and np.isfinite(high)):
        return ""
    signed = bool(prefix)
    separator = "; " if lang == "da" else ", "
    return f"[{metric.show(low, lang, signed=signed)}{separator}{metric.show(high, lang, signed=signed)}]"


def _difference(metric: Metric, row: pd.Series, lang: str) -> str:
    """A scenario's mean difference from the baseline with its interval, or why there is none."""
    if not np.isfinite(row["diff"]):
        return metric.missing(lang)
    return f"{metric.show(row['diff'], lang, signed=True)} {_interval(metric, row, 'diff_', lang)}"


def _none_due_note(table: pd.DataFrame, lang: str) -> list[str]:
    """A note under a table that shows "none due" somewhere."""
    shares = table[table.metric.map(lambda key: METRICS[key].share)]
    undefined = shares["mean"].isna().any() or ("diff" in shares and shares["diff"].isna().any())
    return [f"  {text('none_due_note', lang)}"] if undefined else []


def format_cost_benefit(table: pd.DataFrame, lang: str, label_year: Callable[[int], str]) -> str:
    """Per scenario and year: extra staff cost, savings, net and cumulative net in MDKK; the break-even year."""
    lines = []
    separator = "; " if lang == "da" else ", "
    for name in dict.fromkeys(table.scenario):
        rows = table[table.scenario == name]
        lines.append(f"  {name} ({text('cost_benefit', lang).lower()}, {text('mdkk', lang)})")
        lines.append(f"  {text('year', lang):>8} {text('investment_short', lang)[:20]:>20} "
                     f"{text(savings_text(table, 'short'), lang)[:20]:>20} {text('net', lang):>10} "
                     f"{text('cumulative', lang)[:24]:>24}")
        for _, r in rows.iterrows():
            low, high = _mdkk(r.cumulative_low, lang), _mdkk(r.cumulative_high, lang)
            lines.append(f"  {label_year(int(r.year)):>8} {_mdkk(r.investment, lang):>20} "
                         f"{_mdkk(r.savings, lang):>20} {_mdkk(r.net, lang):>10} "
                         f"{_mdkk(r.cumulative_net, lang):>10} [{low}{separator}{high}]")
        year = break_even_year(table, name)
        shown = label_year(year) if year is not None else text("not_reached", lang)
        lines.append(f"  {text('break_even', lang)}: {shown}")
    return "\n".join(lines)


def savings_text(table: pd.DataFrame, form: str = "") -> str:
    """The TEXT key of the savings column's heading of a cost-benefit table (`form`: "" or "short")."""
    key = "savings_benefits" if table.attrs.get("savings_on") == "benefits" else "savings"
    return f"{key}_{form}" if form else key


def _mdkk(dkk: float, lang: str) -> str:
    """DKK as MDKK with one decimal, in the language's format."""
    return format_number(dkk / 1e6, 1, lang)


# --- the lines around the tables (printed by the command line) ------------------------------------------------
def settings_line(replicates: int, seed: int, years: float, from_year: float, lang: str) -> str:
    """The settings of a run or comparison, in one line: replicates and seeds, horizon, warm-up, intervals."""
    seeds = f"{seed}-{seed + replicates - 1}"
    horizon, start = format_tick(years, lang, grouped=False), format_tick(from_year, lang, grouped=False)
    if lang == "da":
        return (f"{replicates} gentagelser (seeds {seeds}), {horizon} år; nøgletal fra år {start}; "
                "intervallerne er 5.-95. percentil over gentagelserne")
    return (f"{replicates} replicates (seeds {seeds}), {horizon} years; headline figures from year {start}; "
            "intervals are 5th-95th percentiles over replicates")


def parameters_note(ensemble: Ensemble | None, lang: str) -> str:
    """Whether the intervals include parameter uncertainty (replicates drawing from a calibrated ensemble)."""
    if ensemble is None:
        if lang == "da":
            return "faste parametre: intervallerne viser kun tilfældighed"
        return "fixed parameters: the intervals show chance only"
    if lang == "da":
        return (f"hver gentagelses parametre ({', '.join(ensemble.names)}) trukket blandt {len(ensemble)} "
                f"kalibrerede sæt: intervallerne omfatter parameterusikkerhed")
    return ensemble.describe()


def run_heading(name: str, clients: int, called: tuple[str, str], positions: int, settings: str, seconds: float,
                lang: str) -> str:
    """The first line `deptsim run` prints: the department's clients (so many `called`, in English and Danish),
    its positions and the settings."""
    took = format_number(seconds, 1, lang)
    if lang == "da":
        return (f"deptsim: {name}: {format_number(clients, 0, lang)} {called[1]}, {positions} rådgiverstillinger; "
                f"{settings}; {took} s")
    return f"deptsim: {name}: {clients:,} {called[0]}, {positions} caseworker positions; {settings}; {took} s"


def compare_heading(count: int, baseline: str, settings: str, seconds: float, lang: str) -> str:
    """The first line `deptsim compare` prints."""
    took = format_number(seconds, 1, lang)
    if lang == "da":
        return (f"deptsim: {count} scenarier sammenlignet med {baseline!r}, samme seeds i hvert; {settings}; "
                f"{took} s")
    return f"deptsim: {count} scenarios against {baseline!r}, same seeds in each; {settings}; {took} s"


def written_line(out: object, lang: str) -> str:
    """The last line of `deptsim run` and `compare`: where the results are."""
    return text("written", lang).format(out=out)


def run_question(name: str, lang: str) -> str:
    """The report's question when `deptsim run` is given none."""
    return f"Hvordan klarer {name} sig?" if lang == "da" else f"How does {name} fare?"


def compare_question(others: str, baseline: str, lang: str) -> str:
    """The report's question when `deptsim compare` is given none."""
    if lang == "da":
        return f"Hvad ændrer {others} i forhold til {baseline}?"
    return f"What do {others} change against {baseline}?"
