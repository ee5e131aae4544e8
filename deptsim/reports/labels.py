"""Labels and number formats in English and Danish for the headline figures, the tables, the plots and the report.

Numbers are formatted here, never with the machine's locale: English "1234.5" and "71.3%", Danish "1.234,5"
and "71,3 %" (a decimal comma, a point between thousands, a space before the per cent sign). A share of
what fell due (deadlines met) is NaN when nothing fell due, and is shown as "none due" ("ingen forfaldne"),
never as 100%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LANGUAGES = ("en", "da")
DANISH = "da"
_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def format_number(value: float, decimals: int, lang: str, *, signed: bool = False, grouped: bool = True) -> str:
    """A number with `decimals` decimals; Danish gets a decimal comma and points between thousands.

    English keeps the plain form the tables have always had ("1234.5"); `grouped` only applies to Danish,
    where "1.234,5" is how a planner writes it. `signed` puts "+" before positive numbers.
    """
    if lang != DANISH:
        return f"{value:{'+' if signed else ''}.{decimals}f}"
    shown = f"{value:{'+' if signed else ''}{',' if grouped else ''}.{decimals}f}"
    return shown.translate(_SWAP_SEPARATORS)


def format_percent(share: float, decimals: int, lang: str, *, signed: bool = False) -> str:
    """A share as per cent: "71.3%" in English, "71,3 %" in Danish."""
    number = format_number(share * 100, decimals, lang, signed=signed)
    return f"{number} %" if lang == DANISH else f"{number}%"


def format_tick(value: float, lang: str, *, grouped: bool = True) -> str:
    """A plot axis tick: as few decimals as the value needs (at most 4), in the language's format."""
    if not math.isfinite(value):
        return ""
    rounded = round(value, 4)
    decimals = next((d for d in range(5) if abs(rounded - round(rounded, d)) < 1e-9), 4)
    return format_number(0.0 if rounded == 0 else rounded, decimals, lang, grouped=grouped)


@dataclass(frozen=True)
class Metric:
    """A headline figure: its labels, how many decimals it is shown with, and its unit.

    `scale` converts the stored value to the shown one (shares to per cent, DKK to MDKK); `share` marks a
    share of what fell due, which is undefined (NaN) when nothing fell due.
    """

    en: str
    da: str
    decimals: int
    scale: float = 1.0
    better: str = "lower"
    percent: bool = False
    share: bool = False

    def label(self, lang: str) -> str:
        """The figure's name in the language."""
        return self.da if lang == DANISH else self.en

    def show(self, value: float, lang: str = "en", *, signed: bool = False) -> str:
        """The value as shown in tables and reports; NaN as "none due" (shares) or "n/a"."""
        if value is None or not math.isfinite(value):
            return self.missing(lang)
        if self.percent:
            return format_percent(value, self.decimals, lang, signed=signed)
        return format_number(value * self.scale, self.decimals, lang, signed=signed)

    def missing(self, lang: str) -> str:
        """What is shown instead of a value that does not exist."""
        return text("none_due" if self.share else "not_available", lang)


METRICS: dict[str, Metric] = {
    "turnover_rate": Metric("Turnover (resignations per FTE-year)", "Personaleomsætning (pr. årsværk)", 1, 100,
                            percent=True),
    "sick_leave_rate": Metric("Sick leave (share of staff-weeks)", "Sygefravær (andel af arbejdsuger)", 1, 100,
                              percent=True),
    "caseload_mean": Metric("Caseload (open cases per caseworker)", "Sagstal (åbne sager pr. rådgiver)", 1),
    "referral_wait_weeks_mean": Metric("Referral wait for assessment (weeks)", "Ventetid på vurdering (uger)", 2),
    "assessment_deadline_met": Metric("Assessments within deadline", "Vurderinger inden for frist", 1, 100,
                                      "higher", percent=True, share=True),
    "investigation_deadline_met": Metric("§50 investigations within 4 months", "§50-undersøgelser inden 4 mdr.", 1,
                                         100, "higher", percent=True, share=True),
    "placements_started_per_year": Metric("Placements started per year", "Nye anbringelser pr. år", 1),
    "placement_cost_dkk_per_year": Metric("Placement cost (MDKK/year)", "Udgift til anbringelser (mio. kr./år)", 1,
                                          1e-6),
    "total_cost_dkk_per_year": Metric("Total cost (MDKK/year)", "Samlet udgift (mio. kr./år)", 1, 1e-6),
    "complaints_per_year": Metric("Complaints per year", "Klager pr. år", 1),
    "caseworker_changes_per_family": Metric("Caseworker changes per family case", "Rådgiverskift pr. sag", 2),
    # the job centre (deptsim.jobcentre.results)
    "citizens_on_benefit": Metric("Citizens on benefit", "Borgere på ydelse", 0),
    "exits_to_work_per_year": Metric("Exits to work or education per year", "Afgang til job eller uddannelse pr. år",
                                     0, better="higher"),
    "years_on_benefit": Metric("Years on benefit (of those who left)", "År på ydelse (for dem der gik af)", 2),
    "meetings_on_time": Metric("Meetings within the legal interval", "Samtaler inden for lovens frist", 1, 100,
                               "higher", percent=True),
    "benefit_cost_dkk_per_year": Metric("Benefit cost (MDKK/year)", "Udgift til ydelser (mio. kr./år)", 1, 1e-6),
}

# Weekly series shown in the plots: column (or derived name) -> (English, Danish).
SERIES: dict[str, tuple[str, str]] = {
    "staff_in_post": ("Caseworkers in post", "Rådgivere ansat"),
    "sick_share": ("Staff off sick (share)", "Sygemeldte (andel)"),
    "turnover_12m": ("Turnover, last 12 months", "Personaleomsætning, seneste 12 mdr."),
    "caseload_mean": ("Caseload (open cases per caseworker)", "Sagstal (åbne sager pr. rådgiver)"),
    "referrals_waiting": ("Referrals waiting for assessment", "Underretninger der venter på vurdering"),
    "deadline_share": ("Assessments within deadline (share)", "Vurderinger inden for frist (andel)"),
    "placements_active": ("Children placed outside the home", "Anbragte børn"),
    "cumulative_cost_mdkk": ("Cumulative cost (MDKK)", "Akkumuleret udgift (mio. kr.)"),
    "citizens": ("Citizens on benefit", "Borgere på ydelse"),
    "meetings_overdue_share": ("Citizens past the legal meeting interval (share)",
                               "Borgere over lovens samtalefrist (andel)"),
    "distance_mean": ("Mean distance from the labour market", "Gennemsnitlig afstand til arbejdsmarkedet"),
    "exits_work_12m": ("Exits to work or education, last 12 months",
                       "Afgang til job eller uddannelse, seneste 12 mdr."),
}

TEXT: dict[str, tuple[str, str]] = {
    "week": ("Week", "Uge"),
    "year": ("Year", "År"),
    "headline": ("Headline figures", "Nøgletal"),
    "mean": ("mean", "gennemsnit"),
    "interval": ("90% interval", "90 %-interval"),
    "interval_short": ("90%", "90 %"),
    "difference": ("difference", "forskel"),
    "baseline": ("baseline", "basis"),
    "cost_benefit": ("Cost and benefit against the baseline", "Udgifter og gevinster i forhold til basis"),
    "mdkk": ("MDKK", "mio. kr."),
    "investment": ("Extra staff cost", "Ekstra personaleudgift"),
    "savings": ("Savings on placements and measures", "Besparelse på anbringelser og foranstaltninger"),
    "investment_short": ("Extra staff cost", "Merudgift personale"),
    "savings_short": ("Savings on placement", "Besparelse anbr."),
    "savings_benefits": ("Savings on benefits", "Besparelse på ydelser"),
    "savings_benefits_short": ("Savings on benefits", "Besparelse ydelser"),
    "net": ("Net", "Netto"),
    "cumulative": ("Cumulative net", "Akkumuleret netto"),
    "break_even": ("Break-even year", "Break-even-år (investeringen er tjent hjem)"),
    "not_reached": ("not within the horizon", "ikke inden for perioden"),
    "report_title": ("deptsim report", "deptsim-rapport"),
    "question": ("The question", "Spørgsmålet"),
    "scenarios": ("Scenarios", "Scenarier"),
    "plots": ("Over time", "Over tid"),
    "assumptions": ("Assumptions and sources", "Antagelser og kilder"),
    "runs": ("replicates", "gentagelser"),
    "none_due": ("none due", "ingen forfaldne"),
    "not_available": ("n/a", "ikke opgjort"),
    "built_in": ("built-in defaults", "indbyggede standardværdier"),
    "assumption_flag": ("assumption", "antagelse"),
    "parameter": ("parameter", "parameter"),
    "value": ("value", "værdi"),
    "unit": ("unit", "enhed"),
    "source": ("source", "kilde"),
    "sources_note": (
        "Every model parameter with the value used, its unit and its source. Values marked as assumptions were "
        "chosen so that the default department lands near published figures; vary them to see how much the answer "
        "depends on them. Caseload counts open family cases.",
        "Alle modellens parametre med den anvendte værdi, enhed og kilde (kilderne er på engelsk). Værdier markeret "
        "som antagelser er valgt, så standardforvaltningen rammer offentliggjorte tal; varier dem for at se, hvor "
        "meget svaret afhænger af dem. Sagstal tæller åbne familiesager."),
    "none_due_note": (
        "'none due': no assessment or investigation fell due in the period, so there is no share to show.",
        "'ingen forfaldne': ingen vurderinger eller undersøgelser havde frist i perioden, så der er ingen andel "
        "at vise."),
    "written": ("results written to {out}/ (report.html, CSV, Parquet, PNG)",
                "resultater skrevet til {out}/ (report.html, CSV, Parquet, PNG)"),
}

# Display names of the columns of the CSV and Parquet tables (the files keep the English machine names).
COLUMNS: dict[str, tuple[str, str]] = {
    "scenario": ("Scenario", "Scenarie"),
    "seed": ("Seed", "Frø (seed)"),
    "metric": ("Figure (key)", "Nøgletal (nøgle)"),
    "label": ("Figure", "Nøgletal"),
    "mean": ("Mean", "Gennemsnit"),
    "low": ("5th percentile", "5. percentil"),
    "high": ("95th percentile", "95. percentil"),
    "runs": ("Replicates with a value", "Gentagelser med en værdi"),
    "diff": ("Difference from the baseline", "Forskel fra basis"),
    "diff_low": ("Difference, 5th percentile", "Forskel, 5. percentil"),
    "diff_high": ("Difference, 95th percentile", "Forskel, 95. percentil"),
    "year": ("Year", "År"),
    "investment": ("Extra staff cost (DKK)", "Ekstra personaleudgift (kr.)"),
    "savings": ("Savings on placements and measures (DKK)", "Besparelse på anbringelser og foranstaltninger (kr.)"),
    "net": ("Net (DKK)", "Netto (kr.)"),
    "cumulative_net": ("Cumulative net (DKK)", "Akkumuleret netto (kr.)"),
    "cumulative_low": ("Cumulative net, 5th percentile (DKK)", "Akkumuleret netto, 5. percentil (kr.)"),
    "cumulative_high": ("Cumulative net, 95th percentile (DKK)", "Akkumuleret netto, 95. percentil (kr.)"),
    **{key: (metric.en, metric.da) for key, metric in METRICS.items()},
}


def text(key: str, lang: str) -> str:
    """A fixed piece of text in the language."""
    en, da = TEXT[key]
    return da if lang == DANISH else en


def series_label(key: str, lang: str) -> str:
    """The title of a weekly series' plot in the language."""
    en, da = SERIES[key]
    return da if lang == DANISH else en


def column_label(column: str, lang: str) -> str:
    """The display name of a results column in the language (the column's own name if it has none)."""
    if column not in COLUMNS:
        return column
    en, da = COLUMNS[column]
    return da if lang == DANISH else en
