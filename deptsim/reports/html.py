"""A self-contained HTML report (plots embedded), that a planner can mail to a colleague."""

from __future__ import annotations

import base64
import dataclasses
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from deptsim.params import ASSUMPTION
from deptsim.reports.labels import METRICS, Metric, format_number, format_tick, text
from deptsim.reports.tables import break_even_year, savings_text
from deptsim.scenario import Scenario, describe_parameters

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; line-height: 1.4; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; }
.muted { color: #666; font-size: 0.9em; }
"""


def render_report(*, question: str, scenarios: list[Scenario], comparison: pd.DataFrame, baseline: str,
                  cost_benefit: pd.DataFrame | None, plots: list[Path], lang: str, settings: str,
                  label_year: Callable[[int], str]) -> str:
    """The whole report as one HTML page, in the language: numbers, headings and notes alike."""
    e = html.escape
    parts = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
             f"<title>{e(text('report_title', lang))}</title><style>{STYLE}</style></head><body>",
             f"<h1>{e(text('report_title', lang))}</h1>",
             f"<h2>{e(text('question', lang))}</h2><p>{e(question)}</p><p class='muted'>{e(settings)}</p>",
             f"<h2>{e(text('scenarios', lang))}</h2><ul>"]
    for s in scenarios:
        changed = ", ".join(f"{k} = {show_value(v, lang)}" for k, v in describe_parameters(s).items())
        items = "".join(f"<li>{e(c)}</li>" for c in s.changes)
        parts.append(f"<li><b>{e(s.name)}</b>: {e(s.description)}<br><span class='muted'>"
                     f"{e(str(s.path) if s.path else text('built_in', lang))}; {e(changed)}</span>"
                     f"{'<ul>' + items + '</ul>' if items else ''}</li>")
    parts.append("</ul>")
    parts.append(f"<h2>{e(text('headline', lang))}</h2>{_comparison_html(comparison, baseline, lang)}")
    if cost_benefit is not None and len(cost_benefit):
        parts.append(f"<h2>{e(text('cost_benefit', lang))}</h2>{_cost_benefit_html(cost_benefit, lang, label_year)}")
    parts.append(f"<h2>{e(text('plots', lang))}</h2>")
    for path in plots:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        parts.append(f"<p><img alt='{e(path.stem)}' src='data:image/png;base64,{data}'></p>")
    parts.append(f"<h2>{e(text('assumptions', lang))}</h2>{_sources_html(scenarios, lang)}</body></html>")
    return "\n".join(parts)


def show_value(value: Any, lang: str) -> str:
    """A parameter's value as the report shows it: numbers in the language's format, the rest as written."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return format_number(value, 0, lang)
    if value == 0 or abs(value) >= 1e-4:
        return format_tick(value, lang)
    return f"{value:g}".replace(".", ",") if lang == "da" else f"{value:g}"


def _figure_cell(metric: Metric, row: pd.Series, prefix: str, lang: str) -> str:
    """A mean (`prefix` "") or a difference (`prefix` "diff_") with its interval, escaped for HTML."""
    e = html.escape
    signed = bool(prefix)
    value, low, high = row["diff" if prefix else "mean"], row[prefix + "low"], row[prefix + "high"]
    shown = e(metric.show(value, lang, signed=signed))
    if not (pd.notna(low) and pd.notna(high)):
        return shown
    separator = "; " if lang == "da" else ", "
    return (f"{shown} <span class='muted'>[{e(metric.show(low, lang, signed=signed))}{separator}"
            f"{e(metric.show(high, lang, signed=signed))}]</span>")


def _comparison_html(table: pd.DataFrame, baseline: str, lang: str) -> str:
    """The headline figures of every scenario, with the differences from the baseline."""
    names = list(dict.fromkeys(table.scenario))
    e = html.escape
    interval = text("interval_short", lang)
    head = "".join(f"<th>{e(n)}</th>" for n in names)
    head += "".join(f"<th>{e(n)}: {e(text('difference', lang))} [{e(interval)}]</th>" for n in names if n != baseline)
    rows = []
    none_due = False
    for key in dict.fromkeys(table.metric):
        m = METRICS[key]
        by = table[table.metric == key].set_index("scenario")
        none_due |= m.share and bool(by[["mean", "diff"]].isna().any(axis=None))
        cells = "".join(f"<td>{_figure_cell(m, by.loc[n], '', lang)}</td>" for n in names)
        cells += "".join(f"<td>{_figure_cell(m, by.loc[n], 'diff_', lang)}</td>" for n in names if n != baseline)
        rows.append(f"<tr><td>{e(m.label(lang))}</td>{cells}</tr>")
    note = f"<p class='muted'>{e(text('none_due_note', lang))}</p>" if none_due else ""
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>{note}"


def _cost_benefit_html(table: pd.DataFrame, lang: str, label_year: Callable[[int], str]) -> str:
    """Per scenario: the yearly cost-benefit table in MDKK and the break-even year."""
    e = html.escape
    separator = "; " if lang == "da" else ", "

    def mdkk(dkk: float) -> str:
        return format_number(dkk / 1e6, 1, lang)

    out = []
    for name in dict.fromkeys(table.scenario):
        rows = table[table.scenario == name]
        body = "".join(
            f"<tr><td>{e(label_year(int(r.year)))}</td><td>{mdkk(r.investment)}</td><td>{mdkk(r.savings)}</td>"
            f"<td>{mdkk(r.net)}</td><td>{mdkk(r.cumulative_net)} [{mdkk(r.cumulative_low)}{separator}"
            f"{mdkk(r.cumulative_high)}]</td></tr>" for _, r in rows.iterrows())
        year = break_even_year(table, name)
        shown = label_year(year) if year is not None else text("not_reached", lang)
        out.append(f"<h3>{e(name)} ({e(text('mdkk', lang))})</h3><table><tr><th>{e(text('year', lang))}</th>"
                   f"<th>{e(text('investment', lang))}</th><th>{e(text(savings_text(table), lang))}</th>"
                   f"<th>{e(text('net', lang))}</th><th>{e(text('cumulative', lang))} "
                   f"[{e(text('interval_short', lang))}]</th></tr>{body}</table>"
                   f"<p>{e(text('break_even', lang))}: <b>{e(shown)}</b></p>")
    return "".join(out)


def _sources_html(scenarios: list[Scenario], lang: str) -> str:
    """Every parameter with the values used, its unit and its source (the sources are in English)."""
    e = html.escape
    rows = []
    for f in dataclasses.fields(scenarios[0].params):
        source = f.metadata["source"]
        flag = f" ({text('assumption_flag', lang)})" if source.startswith(ASSUMPTION) else ""
        value = ", ".join(sorted({show_value(getattr(s.params, f.name), lang) for s in scenarios}))
        rows.append(f"<tr><td>{e(f.name)}{e(flag)}</td><td>{e(value)}</td><td>{e(f.metadata['unit'])}</td>"
                    f"<td style='text-align:left'>{e(source)}</td></tr>")
    head = "".join(f"<th>{e(text(key, lang))}</th>" for key in ("parameter", "value", "unit", "source"))
    return f"<p>{e(text('sources_note', lang))}</p><table><tr>{head}</tr>{''.join(rows)}</table>"
