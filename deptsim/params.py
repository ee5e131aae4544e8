"""The parameters of a children-and-family department: the workforce's (deptsim.workforce.parameters) and the
department's own, in one typed, documented object (docs/parameters.md is generated from them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deptsim.paramspec import (  # noqa: F401  (re-exported: the names the rest of deptsim imports from here)
    AALBORG,
    AGENCY_STAFF,
    ASSENS,
    ASSUMPTION,
    CALIBRATED,
    GLADSAXE,
    OLIVA_STERMAN,
    SLAGELSE,
    ParameterError,
    did_you_mean,
    format_limit,
    format_number,
    param,
)
from deptsim.workforce.parameters import WorkforceParameters


@dataclass(frozen=True)
class Parameters(WorkforceParameters):
    """The parameters of one children-and-family department.

    Defaults describe a mid-sized Danish municipality (about 80,000 inhabitants,
    16,000 children) at a typical caseload. Build a variant with
    ``params.replace(positions=20)`` or ``Parameters(positions=20)``;
    construction validates every value.
    """

    # --- department and referrals -------------------------------------------------
    children: int = param(
        16_000, "children", "Children aged 0-17 living in the municipality.",
        "DOMAIN.md 'Sizes': about a fifth of inhabitants are 0-17; 80,000 inhabitants (Slagelse-sized)",
        lo=0, hi=5_000_000, group="Department and referrals")
    referrals_per_child_year: float = param(
        0.114, "referrals/child/year", "Referrals (underretninger) received per child per year.",
        "Statistics Denmark UND1 2019-2022 via DOMAIN.md: 1,200-1,300 referrals a year per 11,000 children",
        lo=0.0, hi=20.0, group="Department and referrals")
    rereferral_share: float = param(
        0.833, "share", "Share of referrals that concern a family the department already knows "
        "(an open case, or a case closed within the memory window).",
        CALIBRATED + " to calibration/denmark.toml (referrals per referred child, caseload) by calibration/fit.toml "
        "(ABC-SMC; prior 0.2-0.95; before: 0.35, an assumption; docs/validation.md)",
        lo=0.0, hi=1.0, group="Department and referrals")
    known_family_memory_years: float = param(
        2.0, "years", "How long a closed family stays 'known' and can be re-referred as such.",
        ASSUMPTION, lo=0.0, hi=18.0, group="Department and referrals")
    need_shape: float = param(
        1.0, "-", "Shape of the gamma distribution of a family's need when referred.",
        ASSUMPTION + " (calibrated so that about half of referrals close without action)",
        lo=0.05, hi=100.0, group="Department and referrals")
    need_scale: float = param(
        1.4, "need units", "Scale of the gamma distribution of a family's need when referred.",
        CALIBRATED + " to calibration/denmark.toml (caseload, placement rates, the Assens and Aalborg targets) "
        "by calibration/fit.toml "
        "(ABC-SMC; prior 1-1.5; before: 1.25, an assumption; docs/validation.md)",
        lo=0.0, hi=100.0, group="Department and referrals")
    acute_need: float = param(
        3.5, "need units", "A referral is acute when the family's need is at least this.",
        ASSUMPTION, lo=0.0, hi=1e6, group="Department and referrals")

    # --- intake ------------------------------------------------------------------
    assessment_hours: float = param(
        2.0, "work hours", "Mean caseworker hours to assess one referral.",
        ASSUMPTION, lo=0.01, hi=1000.0, group="Intake")
    assessment_hours_cv: float = param(
        1.0, "-", "Coefficient of variation of assessment work (1 = exponential; gamma otherwise).",
        ASSUMPTION, lo=0.05, hi=5.0, group="Intake")
    acute_deadline_hours: float = param(
        24.0, "hours", "Deadline to assess an acute referral.",
        "Serviceloven § 155 / Barnets Lov: acute risk assessed within 24 hours (DOMAIN.md)",
        lo=0.0, hi=1e6, group="Intake")
    routine_deadline_days: float = param(
        6.0, "days", "Deadline to assess a non-acute referral.",
        ASSUMPTION + " (practice norm; the law sets no fixed time beyond the 24-hour screening)",
        lo=0.0, hi=1e6, group="Intake")
    advice_need: float = param(
        1.0, "need units", "Assessment closes the referral without action below this need; §11 advice above.",
        ASSUMPTION, lo=0.0, hi=1e6, group="Intake")
    investigate_need: float = param(
        2.2, "need units", "Assessment opens a §50 child investigation at or above this need.",
        ASSUMPTION, lo=0.0, hi=1e6, group="Intake")
    intake_duty_share: float = param(
        0.12, "share", "Share of a regular caseworker's hours reserved for the intake duty rota "
        "when there is no intake team.", ASSUMPTION, lo=0.0, hi=1.0, group="Intake")
    intake_max_share: float = param(
        0.4, "share", "Share of their hours caseworkers will give to intake when the queue holds more work than "
        "the reserved hours cover (the 24-hour rule puts referrals first).", ASSUMPTION, lo=0.0, hi=1.0,
        group="Intake")
    intake_team_size: int = param(
        0, "caseworkers", "Positions in a §11 intake team that assesses every new referral and keeps the "
        "§11 cases; 0 means a duty rota of all caseworkers.",
        ASSENS + ": a team of 3 from 2016", lo=0, hi=100_000, group="Intake")
    intake_team_duty_share: float = param(
        0.6, "share", "Share of an intake-team member's hours reserved for assessments (the rest goes to §11 cases).",
        ASSUMPTION, lo=0.0, hi=1.0, group="Intake")
    spare_hours_to_intake: bool = param(
        True, "switch", "Hours left over after a caseworker's own cases go to the intake queue.",
        ASSUMPTION, group="Intake")

    # --- cases: §11, investigation, decisions, measures ----------------------------
    advice_weeks: float = param(
        12.0, "weeks", "Length of a §11 advice course; at its end the case closes or, if need is high, "
        "goes on to a §50 investigation.", ASSUMPTION, lo=0.1, hi=520.0, group="Cases and measures")
    investigation_hours: float = param(
        25.2, "work hours", "Caseworker hours to complete a §50 child investigation.",
        CALIBRATED + " to calibration/denmark.toml (§ 50 investigations on time, caseload) by calibration/fit.toml "
        "(ABC-SMC; prior 12-40; before: 20, an assumption; docs/validation.md)",
        lo=0.1, hi=10_000.0, group="Cases and measures")
    investigation_hours_per_week: float = param(
        1.5, "work hours/week", "Most hours an investigation can use in a week (meetings, reports from school).",
        CALIBRATED + " to calibration/denmark.toml (§ 50 investigations on time) by calibration/fit.toml "
        "(ABC-SMC; prior 0.8-2.5; before: 2, an assumption; docs/validation.md)",
        lo=0.01, hi=168.0, group="Cases and measures")
    investigation_deadline_weeks: float = param(
        17.4, "weeks", "Deadline to complete a §50 investigation (4 months).",
        "Serviceloven § 50 stk. 7 (DOMAIN.md: 4 months)", lo=0.0, hi=1e6, group="Cases and measures")
    measure_need: float = param(
        1.6, "need units", "An investigation ends without measure below this need.",
        ASSUMPTION, lo=0.0, hi=1e6, group="Cases and measures")
    placement_need: float = param(
        4.82, "need units", "An investigation ends in a placement at or above this need (preventive measure between).",
        CALIBRATED + " to calibration/denmark.toml (placement rates) by calibration/fit.toml "
        "(ABC-SMC; prior 3.4-5; before: 4.0, an assumption; docs/validation.md)",
        lo=0.0, hi=1e6, group="Cases and measures")
    institution_need: float = param(
        6.1, "need units", "A placement is in a residential institution at or above this need, else a foster family.",
        CALIBRATED + " to calibration/denmark.toml (foster_care_share: 51% of placed children in foster care, "
        "KL 2011) by the one-parameter fit of docs/validation.md ('The placement mix'; grid 6.0-6.4 on seeds "
        "1001-1020); before: 5.2, an assumption set for the earlier placement_need of 4.0, which left 29% in "
        "foster care at the calibrated 4.82",
        lo=0.0, hi=1e6,
        group="Cases and measures")
    acute_placement_need: float = param(
        6.5, "need units", "A family with an open case whose need escalates to this is placed at once "
        "(acute placement).",
        ASSUMPTION, lo=0.0, hi=1e6, group="Cases and measures")
    close_need: float = param(
        0.8, "need units", "A §11 course, preventive measure or placement closes when need falls below this.",
        ASSUMPTION, lo=0.0, hi=1e6, group="Cases and measures")
    age_out_years: float = param(
        18.0, "years", "Cases close when the child reaches this age.",
        "Serviceloven: child until 18 (DOMAIN.md; continued help to 23 is not modelled)",
        lo=0.0, hi=100.0, group="Cases and measures")

    # --- follow-up hours ------------------------------------------------------------
    advice_hours_week: float = param(
        0.7, "work hours/week", "Caseworker hours a §11 case needs each week.", ASSUMPTION,
        lo=0.0, hi=168.0, group="Follow-up")
    preventive_hours_week: float = param(
        0.55, "work hours/week", "Caseworker hours a case with a preventive measure needs each week.",
        ASSUMPTION, lo=0.0, hi=168.0, group="Follow-up")
    placement_hours_week: float = param(
        0.3, "work hours/week", "Caseworker hours a placement case needs each week, besides supervision visits.",
        ASSUMPTION, lo=0.0, hi=168.0, group="Follow-up")
    visit_hours: float = param(
        5.0, "work hours", "Hours for one supervision visit with a child conversation.",
        ASSUMPTION, lo=0.0, hi=168.0, group="Follow-up")
    visits_per_year: float = param(
        2.0, "visits/year", "Supervision visits a placed child must have.",
        "Serviceloven § 148 / § 70: at least twice a year (DOMAIN.md; " + AALBORG + ")",
        lo=0.0, hi=52.0, group="Follow-up")
    documentation_share: float = param(
        0.66, "share", "Share of case hours that is documentation and other indirect work (coordination with "
        "schools, health and providers; travel) rather than direct contact with the child or family.",
        CALIBRATED + " to calibration/denmark.toml (direct_contact: 15-25% of working time in direct contact) "
        "by the one-parameter fit of docs/validation.md (it acts on nothing else while documentation_relief is "
        "0); before: 0.35, an assumption. With the 15% of hours not tied to a case it puts 54% of working time "
        "on paperwork and administration, between the 48% of a Danish diary study and the 64% of BASW 2018 "
        "(DOMAIN.md); " + GLADSAXE + " describes documentation as the main load",
        lo=0.0, hi=1.0, group="Follow-up")
    documentation_relief: float = param(
        0.0, "share", "Share of documentation hours removed (free-municipality trial).",
        GLADSAXE + " (size of the relief is a modelling assumption)", lo=0.0, hi=1.0, group="Follow-up")

    # --- family needs --------------------------------------------------------------
    need_escalation: bool = param(
        True, "switch", "Needs escalate while a family waits or is under-served.",
        "DOMAIN.md mechanism 2 (late help is expensive help)", group="Family needs")
    help_returns: float = param(
        0.5, "exponent", "How a family's progress and protection grow with the share of the caseworker time it "
        "needs (1: in proportion; below 1: the first hours matter most).", ASSUMPTION, lo=0.05, hi=5.0,
        group="Family needs")
    escalation_hazard_week: float = param(
        0.02, "1/week", "Weekly escalation hazard of a family that gets no help, before it has waited.",
        ASSUMPTION, lo=0.0, hi=10.0, group="Family needs")
    escalation_wait_slope: float = param(
        0.08, "1/week", "Relative rise of the escalation hazard per week a family has been under investigation "
        "(a caseworker has met it and can act).", ASSUMPTION, lo=0.0, hi=10.0, group="Family needs")
    referral_wait_slope: float = param(
        0.7, "1/week", "Relative rise of the escalation hazard per week a referred family has waited "
        "for its assessment, with no caseworker yet.",
        ASSUMPTION + " (no figure: set to the smallest value of a grid, 0.5-1.0 in steps of 0.1, at which slow intake "
        "brings at least a fifth more placements than quick intake on seeds 1001-1010, the pattern 'late help is "
        "expensive help' of DOMAIN.md and tests/test_spiral.py; before: escalation_wait_slope, 0.08, served "
        "waiting referrals too; docs/validation.md)", lo=0.0, hi=10.0, group="Family needs")
    escalation_wait_cap_weeks: float = param(
        26.0, "weeks", "Waiting beyond this no longer raises the escalation hazard further.",
        ASSUMPTION, lo=0.0, hi=1e4, group="Family needs")
    escalation_jump: float = param(
        0.5, "need units", "Mean rise in need at an escalation (exponential).",
        ASSUMPTION, lo=0.0, hi=1e3, group="Family needs")
    escalation_referral_prob: float = param(
        0.5, "probability", "Chance that an escalation of a child living at home (waiting, in § 11 advice, under "
        "investigation or with a preventive measure) brings a new referral from school, doctor or police.",
        ASSUMPTION, lo=0.0, hi=1.0, group="Family needs")
    natural_recovery_week: float = param(
        0.01, "need units/week", "Fall in need per week of a family at home without help (its own network, "
        "school and day care); most referrals close without action.", ASSUMPTION, lo=0.0, hi=100.0,
        group="Family needs")
    advice_effect: float = param(
        0.08, "need units/week", "Fall in need per week of full §11 help.", ASSUMPTION,
        lo=0.0, hi=100.0, group="Family needs")
    investigation_effect: float = param(
        0.01, "need units/week", "Fall in need per week of full investigation work.", ASSUMPTION,
        lo=0.0, hi=100.0, group="Family needs")
    preventive_effect: float = param(
        0.02, "need units/week", "Fall in need per week of a fully followed preventive measure.",
        ASSUMPTION, lo=0.0, hi=100.0, group="Family needs")
    provider_effect_share: float = param(
        0.5, "share", "Share of a preventive measure's or placement's effect that the provider (family "
        "treatment, foster family, institution) delivers whatever the caseworker's follow-up.",
        ASSUMPTION, lo=0.0, hi=1.0, group="Family needs")
    placement_effect: float = param(
        0.0198, "need units/week", "Fall in need per week of a fully supervised placement.",
        CALIBRATED + " to calibration/denmark.toml (placement rates) by calibration/fit.toml "
        "(ABC-SMC; prior 0.012-0.048; before: 0.024, an assumption; docs/validation.md)",
        lo=0.0, hi=100.0, group="Family needs")

    # --- continuity and handover ----------------------------------------------------
    continuity: bool = param(
        False, "switch", "One caseworker per family through the whole case (no handover at a new stage).",
        SLAGELSE, group="Caseworkers")
    handover_at_transition: float = param(
        0.67, "probability", "Chance that a family changes caseworker when its case moves to a measure or a "
        "placement (when continuity is off).",
        "VIVE 2024 via DOMAIN.md: two in three municipalities are organised to change caseworker automatically "
        "at a placement or an age; a share of municipalities, used as the chance for the average department "
        "(a municipality with separate teams is 1, one with one caseworker per family sets continuity)",
        lo=0.0, hi=1.0, group="Caseworkers")

    # --- initial state ---------------------------------------------------------------
    initial_placements_per_1000: float = param(
        13.2, "per 1,000 children", "Children placed outside the home at the start.",
        "KREVI 2010 via KL fact sheet 2011: 13.2 placed per 1,000 0-17-year-olds (DOMAIN.md)",
        lo=0.0, hi=1000.0, group="Initial state")
    initial_foster_share: float = param(
        0.51, "share", "Share of the initial placements that are in foster families.",
        "KL fact sheet 2011 citing the National Social Appeals Board: 51% in 2010 (DOMAIN.md)",
        lo=0.0, hi=1.0, group="Initial state")
    initial_preventive_per_1000: float = param(
        27.0, "per 1,000 children", "Families with a preventive measure at the start.",
        ASSUMPTION + " (near the model's own steady state at default values)", lo=0.0, hi=1000.0,
        group="Initial state")
    initial_advice_per_1000: float = param(
        5.0, "per 1,000 children", "Families in a §11 advice course at the start.",
        ASSUMPTION + " (near the model's own steady state at default values)", lo=0.0, hi=1000.0,
        group="Initial state")
    initial_investigations_per_1000: float = param(
        5.0, "per 1,000 children", "§50 investigations under way at the start.",
        ASSUMPTION + " (near the model's own steady state at default values)", lo=0.0, hi=1000.0,
        group="Initial state")

    # --- costs of measures and placements ------------------------------------------
    preventive_cost_dkk_year: float = param(
        120_000.0, "DKK/year", "Cost of a preventive measure (family treatment, contact person).",
        ASSUMPTION, lo=0.0, hi=1e9, group="Costs")
    foster_cost_dkk_year: float = param(
        470_000.0, "DKK/year", "Cost of a placement in a foster family.",
        "Ministry benchmarking unit 2019, via nb-okonomi.dk 7 Oct 2020 (DOMAIN.md)", lo=0.0, hi=1e9,
        group="Costs")
    institution_cost_dkk_year: float = param(
        1_160_000.0, "DKK/year", "Cost of a placement in a residential institution.",
        "Ministry benchmarking unit 2019, via nb-okonomi.dk 7 Oct 2020 (DOMAIN.md)", lo=0.0, hi=1e9,
        group="Costs")

    # --- complaints ----------------------------------------------------------------
    complaint_rate_year: float = param(
        0.01, "1/case-year", "Complaints per open case-year when nothing goes wrong.",
        ASSUMPTION, lo=0.0, hi=52.0, group="Complaints")
    complaint_per_overdue_week: float = param(
        0.01, "probability", "Chance of a complaint for each week a family's assessment or investigation is overdue.",
        ASSUMPTION + " (" + SLAGELSE + ": complaints fell as backlogs cleared)", lo=0.0, hi=1.0,
        group="Complaints")
    complaint_per_change: float = param(
        0.05, "probability", "Chance of a complaint at each change of caseworker.",
        ASSUMPTION + " (" + SLAGELSE + ": one caseworker per family, fewer complaints)", lo=0.0, hi=1.0,
        group="Complaints")

    # --- coping under overload: what cut corners do to families ---------------------
    corner_cutting_escalation: float = param(
        1.0, "x", "Rise of a child's escalation hazard per unit of the time share cut from its case: the hazard "
        "is multiplied by 1 + this·(1 - time share).", ASSUMPTION, lo=0.0, hi=100.0, group="Coping under overload")
    corner_cutting_complaint: float = param(
        0.01, "probability/week", "Extra chance of a complaint in a week per unit of the time share cut from the "
        "family's case (half the time: half this).",
        ASSUMPTION + " (of the size of complaint_per_overdue_week)", lo=0.0, hi=1.0, group="Coping under overload")


    def check_rules(self) -> None:
        for low, high in (("advice_need", "investigate_need"), ("measure_need", "placement_need"),
                          ("placement_need", "institution_need")):
            if getattr(self, low) > getattr(self, high):
                raise ParameterError(
                    f"parameter '{low}' = {format_number(getattr(self, low))} must not exceed "
                    f"'{high}' = {format_number(getattr(self, high))}")
        if self.intake_team_size > self.positions:
            raise ParameterError(
                f"parameter 'intake_team_size' = {format_number(self.intake_team_size)} must not exceed "
                f"'positions' = {format_number(self.positions)}")


def starting_cases(values: Mapping[str, Any]) -> float:
    """Open cases a department starts with, on average, from its initial-state parameter values."""
    per_1000 = (values["initial_placements_per_1000"] + values["initial_preventive_per_1000"]
                + values["initial_advice_per_1000"] + values["initial_investigations_per_1000"])
    return values["children"] / 1000.0 * per_1000

