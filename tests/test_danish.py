"""`--lang da` is Danish throughout (issue 19, item 11): numbers "71,3 %" and "1.234,5", Danish headings and
notes in the terminal table, the HTML report, the display names of the CSV columns and the plots."""

from __future__ import annotations

import contextlib
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from deptsim.cli import main
from deptsim.reports import tables
from deptsim.reports.labels import METRICS, column_label, format_number, format_percent
from deptsim.reports.plots import format_axes

BASE = "[scenario]\nname = \"Basis\"\nstart_date = 2014-01-01\n[parameters]\nchildren = 3000\npositions = 4\n"
REFORM = ("[scenario]\nname = \"Reform\"\nstart_date = 2014-01-01\n[parameters]\nchildren = 3000\npositions = 4\n"
          "[[interventions]]\nkind = \"add_positions\"\ncount = 3\nweek = 52\n")
ENGLISH_NUMBER = re.compile(r"\d\.\d+ ?%|\d\.\d\b")  # "71.3%", "12.0", "0.29"
ENGLISH_WORDS = ("difference", "Break-even year", "Extra staff cost", "Savings on placement", "Cumulative net",
                 "Year", "not within the horizon", "cost and benefit", "MDKK", "none due")


@pytest.fixture(scope="module")
def danish_compare(tmp_path_factory) -> tuple[str, str, pd.DataFrame]:
    """A Danish comparison of two small departments: the terminal output, the report and headlines.csv."""
    folder = tmp_path_factory.mktemp("danish")
    (folder / "base.toml").write_text(BASE, encoding="utf-8")
    (folder / "reform.toml").write_text(REFORM, encoding="utf-8")
    out = folder / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = main(["compare", str(folder / "base.toml"), str(folder / "reform.toml"), "--years", "3",
                       "--from-year", "1", "--replicates", "2", "--workers", "1", "--out", str(out), "--quiet",
                       "--lang", "da"])
    assert status == 0
    return printed.getvalue(), (out / "report.html").read_text(encoding="utf-8"), pd.read_csv(out / "headlines.csv")


def test_numbers_have_a_decimal_comma_and_points_between_thousands():
    assert format_percent(0.713, 1, "da") == "71,3 %"
    assert format_number(1234.5, 1, "da") == "1.234,5"
    assert format_number(-1234567, 0, "da") == "-1.234.567"
    assert format_number(2.5, 1, "da", signed=True) == "+2,5"
    assert METRICS["turnover_rate"].show(0.713, "da") == "71,3 %"
    assert METRICS["total_cost_dkk_per_year"].show(1_234_500_000, "da") == "1.234,5"
    # English is as it was
    assert METRICS["turnover_rate"].show(0.713, "en") == "71.3%"
    assert METRICS["total_cost_dkk_per_year"].show(1_234_500_000, "en") == "1234.5"


def test_the_terminal_table_is_danish(danish_compare):
    printed, _, _ = danish_compare
    table = printed.split("\n", 1)[1]  # after the settings line (printed by the command line itself)
    assert "forskel [90 %]" in table
    assert re.search(r"\d+,\d %", table) and re.search(r"\[[-+]?\d+,\d+ ?%?; [-+]?\d+,\d+ ?%?\]", table)
    assert "Break-even-år" in table and "mio. kr." in table and "Merudgift personale" in table
    assert not ENGLISH_NUMBER.search(table.replace("report.html", "")), table
    for words in ENGLISH_WORDS:
        assert words not in table, words


def test_the_report_is_danish(danish_compare):
    _, html, _ = danish_compare
    body = re.sub(r"data:image/png;base64,[^']*", "", html)
    headline = body.split("<h2>Nøgletal</h2>", 1)[1].split("<h2>Over tid</h2>", 1)[0]
    assert "forskel [90 %]" in headline and "Break-even-år" in headline and "Ekstra personaleudgift" in headline
    assert re.search(r"<td>\d+,\d %", headline)
    assert not ENGLISH_NUMBER.search(headline), headline
    for words in ("difference", "Extra staff cost", "Break-even year", "Cumulative net"):
        assert words not in body, words
    sources = body.split("<h2>Antagelser og kilder</h2>", 1)[1]
    assert "<th>værdi</th>" in sources and "<th>kilde</th>" in sources and "(antagelse)" in sources
    assert "<td>3.000</td>" in sources  # children, with a point between thousands
    assert "children = 3.000" in body


def test_csv_keeps_english_machine_names_with_danish_display_names(danish_compare):
    _, _, headlines = danish_compare
    assert {"scenario", "metric", "mean", "low", "high", "diff"} <= set(headlines.columns)
    assert "turnover_rate" in set(headlines.metric)
    labelled = tables.labelled(headlines, "da")
    assert list(labelled.columns[:3]) == ["scenario", "metric", "label"]
    assert "Personaleomsætning (pr. årsværk)" in set(labelled.label)
    assert column_label("diff", "da") == "Forskel fra basis"
    assert column_label("cumulative_net", "da") == "Akkumuleret netto (kr.)"
    assert column_label("turnover_rate", "da") == METRICS["turnover_rate"].da
    guide = tables.column_guide({"headlines": headlines}, "da")
    assert guide.set_index("column").loc["mean", "label"] == "Gennemsnit"


def test_plot_axes_are_formatted_in_danish_whatever_the_locale():
    figure, axes = plt.subplots()
    axes.plot(2014 + np.arange(104) / 52, np.linspace(0, 1500.5, 104))
    format_axes(axes, "da")
    figure.canvas.draw()
    x_labels = [t.get_text() for t in axes.get_xticklabels() if t.get_text()]
    y_labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    plt.close(figure)
    assert "2014" in x_labels and "2.014" not in x_labels  # years without a thousands point
    assert any(label.startswith("1.") and "," not in label for label in y_labels), y_labels  # "1.000", "1.500"
    figure, axes = plt.subplots()
    axes.plot([0, 1], [0.0, 0.35])
    format_axes(axes, "da")
    figure.canvas.draw()
    shares = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    plt.close(figure)
    assert any("," in label for label in shares) and not any("." in label for label in shares), shares


def test_the_settings_and_heading_lines_have_a_danish_form():
    line = tables.settings_line(20, 1, 10, 2.5, "da")
    assert line == ("20 gentagelser (seeds 1-20), 10 år; nøgletal fra år 2,5; intervallerne er 5.-95. percentil "
                    "over gentagelserne")
    assert tables.settings_line(20, 1, 10, 2, "en") == (
        "20 replicates (seeds 1-20), 10 years; headline figures from year 2; intervals are 5th-95th percentiles "
        "over replicates")
    heading = tables.compare_heading(2, "Assens 2014", line, 4.83, "da")
    assert "samme seeds i hvert" in heading and heading.endswith("4,8 s")
    assert "16.000 børn" in tables.run_heading("Assens", 16000, ("children", "børn"), 27, line, 1.0, "da")
    assert tables.written_line("ud", "da").startswith("resultater skrevet til ud/")
