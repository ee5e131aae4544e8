"""Labels in English and Danish for the headline figures, the plots and the report."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "da")


@dataclass(frozen=True)
class Metric:
    en: str
    da: str
    fmt: str
    scale: float = 1.0
    better: str = "lower"

    def label(self, lang: str) -> str:
        return self.da if lang == "da" else self.en

    def show(self, value: float) -> str:
        return self.fmt.format(value * self.scale)


METRICS: dict[str, Metric] = {
    "turnover_rate": Metric("Turnover (resignations per FTE-year)", "Personaleomsætning (pr. årsværk)", "{:.1f}%", 100),
    "sick_leave_rate": Metric("Sick leave (share of staff-weeks)", "Sygefravær (andel af arbejdsuger)", "{:.1f}%", 100),
    "caseload_mean": Metric("Caseload (open cases per caseworker)", "Sagstal (åbne sager pr. rådgiver)", "{:.1f}"),
    "referral_wait_weeks_mean": Metric("Referral wait for assessment (weeks)", "Ventetid på vurdering (uger)",
                                       "{:.2f}"),
    "assessment_deadline_met": Metric("Assessments within deadline", "Vurderinger inden for frist", "{:.1f}%", 100,
                                      "higher"),
    "investigation_deadline_met": Metric("§50 investigations within 4 months", "§50-undersøgelser inden 4 mdr.",
                                         "{:.1f}%", 100, "higher"),
    "placements_started_per_year": Metric("Placements started per year", "Nye anbringelser pr. år", "{:.1f}"),
    "placement_cost_dkk_per_year": Metric("Placement cost (MDKK/year)", "Udgift til anbringelser (mio. kr./år)",
                                          "{:.1f}", 1e-6),
    "total_cost_dkk_per_year": Metric("Total cost (MDKK/year)", "Samlet udgift (mio. kr./år)", "{:.1f}", 1e-6),
    "complaints_per_year": Metric("Complaints per year", "Klager pr. år", "{:.1f}"),
    "caseworker_changes_per_family": Metric("Caseworker changes per family case", "Rådgiverskift pr. sag", "{:.2f}"),
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
}

TEXT: dict[str, tuple[str, str]] = {
    "week": ("Week", "Uge"),
    "year": ("Year", "År"),
    "headline": ("Headline figures", "Nøgletal"),
    "mean": ("mean", "gennemsnit"),
    "interval": ("90% interval", "90%-interval"),
    "difference": ("difference", "forskel"),
    "baseline": ("baseline", "basis"),
    "cost_benefit": ("Cost and benefit against the baseline", "Udgifter og gevinster i forhold til basis"),
    "investment": ("Extra staff cost", "Ekstra personaleudgift"),
    "savings": ("Savings on placements and measures", "Besparelse på anbringelser og foranstaltninger"),
    "net": ("Net", "Netto"),
    "cumulative": ("Cumulative net", "Akkumuleret netto"),
    "break_even": ("Break-even year", "Break-even år"),
    "not_reached": ("not within the horizon", "ikke inden for perioden"),
    "report_title": ("deptsim report", "deptsim-rapport"),
    "question": ("The question", "Spørgsmålet"),
    "scenarios": ("Scenarios", "Scenarier"),
    "plots": ("Over time", "Over tid"),
    "assumptions": ("Assumptions and sources", "Antagelser og kilder"),
    "runs": ("replicates", "gentagelser"),
}


def text(key: str, lang: str) -> str:
    en, da = TEXT[key]
    return da if lang == "da" else en


def series_label(key: str, lang: str) -> str:
    en, da = SERIES[key]
    return da if lang == "da" else en
