"""A self-contained HTML report (plots embedded), that a planner can mail to a colleague."""

from __future__ import annotations

import base64
import dataclasses
import html
from pathlib import Path

import pandas as pd

from deptsim.params import ASSUMPTION, Parameters
from deptsim.reports.labels import METRICS, text
from deptsim.reports.tables import break_even_year
from deptsim.results import SUMMARY_KEYS
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
                  label_year) -> str:
    e = html.escape
    parts = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
             f"<title>{e(text('report_title', lang))}</title><style>{STYLE}</style></head><body>",
             f"<h1>{e(text('report_title', lang))}</h1>",
             f"<h2>{e(text('question', lang))}</h2><p>{e(question)}</p><p class='muted'>{e(settings)}</p>",
             f"<h2>{e(text('scenarios', lang))}</h2><ul>"]
    for s in scenarios:
        changed = ", ".join(f"{k} = {v}" for k, v in describe_parameters(s).items())
        items = "".join(f"<li>{e(c)}</li>" for c in s.changes)
        parts.append(f"<li><b>{e(s.name)}</b>: {e(s.description)}<br><span class='muted'>"
                     f"{e(str(s.path) if s.path else 'built-in defaults')}; {e(changed)}</span>"
                     f"{'<ul>' + items + '</ul>' if items else ''}</li>")
    parts.append("</ul>")
    parts.append(f"<h2>{e(text('headline', lang))}</h2>{_comparison_html(comparison, baseline, lang)}")
    if cost_benefit is not None and len(cost_benefit):
        parts.append(f"<h2>{e(text('cost_benefit', lang))}</h2>{_cost_benefit_html(cost_benefit, lang, label_year)}")
    parts.append(f"<h2>{e(text('plots', lang))}</h2>")
    for path in plots:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        parts.append(f"<p><img alt='{e(path.stem)}' src='data:image/png;base64,{data}'></p>")
    parts.append(f"<h2>{e(text('assumptions', lang))}</h2>{_sources_html(scenarios)}</body></html>")
    return "\n".join(parts)


def _comparison_html(table: pd.DataFrame, baseline: str, lang: str) -> str:
    names = list(dict.fromkeys(table.scenario))
    e = html.escape
    head = "".join(f"<th>{e(n)}</th>" for n in names)
    head += "".join(f"<th>{e(n)}: {e(text('difference', lang))} [90%]</th>" for n in names if n != baseline)
    rows = []
    for key in SUMMARY_KEYS:
        m = METRICS[key]
        by = table[table.metric == key].set_index("scenario")
        cells = "".join(f"<td>{m.show(by.loc[n, 'mean'])} <span class='muted'>[{m.show(by.loc[n, 'low'])}, "
                        f"{m.show(by.loc[n, 'high'])}]</span></td>" for n in names)
        cells += "".join(f"<td>{m.show(by.loc[n, 'diff'])} [{m.show(by.loc[n, 'diff_low'])}, "
                         f"{m.show(by.loc[n, 'diff_high'])}]</td>" for n in names if n != baseline)
        rows.append(f"<tr><td>{e(m.label(lang))}</td>{cells}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _cost_benefit_html(table: pd.DataFrame, lang: str, label_year) -> str:
    e = html.escape
    out = []
    for name in dict.fromkeys(table.scenario):
        rows = table[table.scenario == name]
        body = "".join(
            f"<tr><td>{e(label_year(int(r.year)))}</td><td>{r.investment / 1e6:.1f}</td><td>{r.savings / 1e6:.1f}</td>"
            f"<td>{r.net / 1e6:.1f}</td><td>{r.cumulative_net / 1e6:.1f} [{r.cumulative_low / 1e6:.1f}, "
            f"{r.cumulative_high / 1e6:.1f}]</td></tr>" for _, r in rows.iterrows())
        year = break_even_year(table, name)
        shown = label_year(year) if year is not None else text("not_reached", lang)
        out.append(f"<h3>{e(name)} (MDKK)</h3><table><tr><th>{e(text('year', lang))}</th>"
                   f"<th>{e(text('investment', lang))}</th><th>{e(text('savings', lang))}</th>"
                   f"<th>{e(text('net', lang))}</th><th>{e(text('cumulative', lang))} [90%]</th></tr>{body}</table>"
                   f"<p>{e(text('break_even', lang))}: <b>{e(shown)}</b></p>")
    return "".join(out)


def _sources_html(scenarios: list[Scenario]) -> str:
    e = html.escape
    rows = []
    for f in dataclasses.fields(Parameters):
        source = f.metadata["source"]
        flag = " (assumption)" if source.startswith(ASSUMPTION) else ""
        value = ", ".join(sorted({str(getattr(s.params, f.name)) for s in scenarios}))
        rows.append(f"<tr><td>{e(f.name)}{e(flag)}</td><td>{e(value)}</td><td>{e(f.metadata['unit'])}</td>"
                    f"<td style='text-align:left'>{e(source)}</td></tr>")
    note = ("Every model parameter with the value used, its unit and its source. Values marked as assumptions "
            "were chosen so that the default department lands near published figures; vary them to see how much "
            "the answer depends on them. Caseload counts open family cases.")
    return (f"<p>{e(note)}</p><table><tr><th>parameter</th><th>value</th><th>unit</th><th>source</th></tr>"
            f"{''.join(rows)}</table>")
