"""All model parameters in one typed, documented object.

Every field carries its unit, meaning and source in its metadata, so that
`docs/parameters.md` is generated from this file (and a test keeps the two in
step). A source is an article as DOMAIN.md names it, a publication, the law, or
the words "modelling assumption".
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ASSENS = "Assens children-and-family department 2014-2017 (000_c55b83271097b5ee.txt)"
GLADSAXE = "Gladsaxe free-municipality trial (001_1923e66eadb5423f.txt)"
SLAGELSE = "Slagelse Task Force 2020-2022 (002_4cae94db31368386.txt)"
AALBORG = "Aalborg children-and-family department (004_d6867ab70c0803f1.txt)"
ASSUMPTION = "modelling assumption"
CALIBRATED = "calibrated"
"""Sources that start with this: the value was fitted to calibration/denmark.toml by calibration/fit.toml."""
AGENCY_STAFF = ("England: agency staff 15.5-17.8% of child-and-family social workers 2021-2024, 69% of vacancies "
                "filled by agency staff 2022, about twice the cost of employed staff (DfE workforce statistics via "
                "trade press); Sweden: consultants about twice the cost (Swedish press); no Danish figure (DOMAIN.md)")
OLIVA_STERMAN = ("Oliva and Sterman, 'Cutting corners and working overtime: quality erosion in the service "
                 "industry', Management Science 47(7), 2001")


class ParameterError(ValueError):
    """An impossible parameter value; the message names the parameter and what is allowed."""


def format_number(value: Any) -> str:
    """A number as a message shows it: short, never hundreds of digits (1e+300, not 1000...000).

    Whole numbers below 10**21 are written out; larger ones, and floats, in the
    shortest form that reads back as the same value (`repr`), which Python keeps short.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**21 else _huge_int(value)
    return repr(value)


def _huge_int(value: int) -> str:
    """A whole number too long to write out, as 8.032e+302 (it may be too large for a float)."""
    try:
        return f"{float(value):.4g}"
    except OverflowError:
        pass
    try:
        digits = str(abs(value))
    except ValueError:  # longer than Python writes out (4,300 digits)
        return "a number of more than 4300 digits"
    decimals = digits[1:4].rstrip("0")
    return f"{'-' if value < 0 else ''}{digits[0]}{'.' + decimals if decimals else ''}e+{len(digits) - 1}"


def format_limit(value: float) -> str:
    """A range limit as a message shows it: 0, 1, 0.05, 1000000, 1e+09 (no '.0' on whole numbers)."""
    if float(value).is_integer() and abs(value) < 1e7:
        return str(int(value))
    return f"{value:g}"


def did_you_mean(name: str, allowed: Iterable[str]) -> str:
    """' (did you mean 'positions'?)' when `name` is a near miss of an allowed name, else ''."""
    close = difflib.get_close_matches(str(name), list(allowed), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def param(
    default: Any,
    unit: str,
    meaning: str,
    source: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] | None = None,
    group: str,
) -> Any:
    """Declare one parameter with the metadata that validation and the docs use."""
    return field(
        default=default,
        metadata={
            "unit": unit,
            "meaning": meaning,
            "source": source,
            "lo": lo,
            "hi": hi,
            "choices": choices,
            "group": group,
        },
    )


@dataclass(frozen=True)
class Parameters:
    """The parameters of one children-and-family department.

    Defaults describe a mid-sized Danish municipality (about 80,000 inhabitants,
    16,000 children) at a typical caseload. Build a variant with
    ``dataclasses.replace(params, positions=20)`` or ``Parameters(positions=20)``;
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
        0.847, "share", "Share of referrals that concern a family the department already knows "
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
        1.24, "need units", "Scale of the gamma distribution of a family's need when referred.",
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
        23.9, "work hours", "Caseworker hours to complete a §50 child investigation.",
        CALIBRATED + " to calibration/denmark.toml (§ 50 investigations on time, caseload) by calibration/fit.toml "
        "(ABC-SMC; prior 12-40; before: 20, an assumption; docs/validation.md)",
        lo=0.1, hi=10_000.0, group="Cases and measures")
    investigation_hours_per_week: float = param(
        1.42, "work hours/week", "Most hours an investigation can use in a week (meetings, reports from school).",
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
        4.63, "need units", "An investigation ends in a placement at or above this need (preventive measure between).",
        CALIBRATED + " to calibration/denmark.toml (placement rates) by calibration/fit.toml "
        "(ABC-SMC; prior 3.4-5; before: 4.0, an assumption; docs/validation.md)",
        lo=0.0, hi=1e6, group="Cases and measures")
    institution_need: float = param(
        5.2, "need units", "A placement is in a residential institution at or above this need, else a foster family.",
        ASSUMPTION + " (calibrated so that about half of placements are in foster care: KL 2011)", lo=0.0, hi=1e6,
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
        0.35, "share", "Share of case hours that is documentation rather than contact with the family.",
        ASSUMPTION + " (" + GLADSAXE + " describes documentation as the main load)",
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
        0.08, "1/week", "Relative rise of the escalation hazard per week the family has waited for help.",
        ASSUMPTION, lo=0.0, hi=10.0, group="Family needs")
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
        0.0191, "need units/week", "Fall in need per week of a fully supervised placement.",
        CALIBRATED + " to calibration/denmark.toml (placement rates) by calibration/fit.toml "
        "(ABC-SMC; prior 0.012-0.048; before: 0.024, an assumption; docs/validation.md)",
        lo=0.0, hi=100.0, group="Family needs")

    # --- caseworkers ---------------------------------------------------------------
    positions: int = param(
        27, "positions", "Caseworker positions (regular plus intake team).",
        ASSUMPTION + " (sized for a typical caseload of about 33 families per caseworker, "
        "DOMAIN.md: Aalborg 36-37, union guideline 30-35)", lo=0, hi=1_000_000, group="Caseworkers")
    weekly_hours: float = param(
        37.0, "hours/week", "Contracted weekly hours of a caseworker.",
        "Danish collective agreement, 37 hours (issue 2)", lo=0.0, hi=168.0, group="Caseworkers")
    admin_share: float = param(
        0.15, "share", "Share of hours spent on meetings, training and administration not tied to a case.",
        ASSUMPTION, lo=0.0, hi=1.0, group="Caseworkers")
    strain_feedback: bool = param(
        True, "switch", "Strain builds under overload (off: strain stays 0).",
        "DOMAIN.md mechanism 1 (the workload spiral)", group="Caseworkers")
    strain_build: float = param(
        0.12, "1/week", "Strain gained per week per unit of overload (demand/capacity - 1).",
        ASSUMPTION, lo=0.0, hi=10.0, group="Caseworkers")
    strain_recovery: float = param(
        0.06, "1/week", "Share of strain lost per week when demand does not exceed capacity or when absent.",
        ASSUMPTION, lo=0.0, hi=1.0, group="Caseworkers")
    team_leaders: int = param(
        0, "team leaders", "Team leaders who follow cases closely and back caseworkers up.",
        ASSENS + ": team leaders added 2016", lo=0, hi=100_000, group="Caseworkers")
    team_leader_span: int = param(
        10, "caseworkers", "Caseworkers one team leader can back up.", ASSUMPTION,
        lo=1, hi=1000, group="Caseworkers")
    team_leader_strain_buffer: float = param(
        0.4, "share", "Share of the strain build-up that full team-leader coverage removes.",
        ASSUMPTION, lo=0.0, hi=1.0, group="Caseworkers")
    sick_leave: bool = param(
        True, "switch", "Caseworkers fall sick.", "DOMAIN.md mechanism 1", group="Caseworkers")
    short_spells_per_year: float = param(
        3.0, "spells/year", "Short sick spells per caseworker-year at zero strain.",
        ASSUMPTION + " (with long spells gives 4.5-5% absence; Dansk Socialrådgiverforening 2021: 4.9%)",
        lo=0.0, hi=52.0, group="Caseworkers")
    short_spell_days: float = param(
        2.0, "working days", "Mean length of a short sick spell (1-5 days).",
        ASSUMPTION, lo=0.0, hi=5.0, group="Caseworkers")
    long_spells_per_year: float = param(
        0.15, "spells/year", "Long sick spells (whole weeks) per caseworker-year at zero strain.",
        ASSUMPTION, lo=0.0, hi=52.0, group="Caseworkers")
    long_spell_weeks: float = param(
        8.0, "weeks", "Mean length of a long sick spell (geometric).", ASSUMPTION,
        lo=1.0, hi=520.0, group="Caseworkers")
    sick_strain_factor: float = param(
        3.0, "x", "Sick-leave hazard multiplier at full strain (strain 1).",
        ASSUMPTION + " (direction: burnout predicts sickness absence, Borritz et al. 2006, "
        "Occup Environ Med 63:98-106)", lo=1.0, hi=100.0, group="Caseworkers")
    resignations: bool = param(
        True, "switch", "Caseworkers resign.", "DOMAIN.md mechanism 1", group="Caseworkers")
    resignation_rate_year: float = param(
        0.157, "1/year", "Resignation hazard of an experienced caseworker at zero strain.",
        CALIBRATED + " to calibration/denmark.toml (turnover, sick leave) by calibration/fit.toml "
        "(ABC-SMC; prior 0.08-0.3; before: 0.15, an assumption; docs/validation.md)",
        lo=0.0, hi=52.0, group="Caseworkers")
    first_year_resignation_factor: float = param(
        1.6, "x", "Resignation hazard multiplier in a caseworker's first year.",
        ASSUMPTION + " (VIVE 2024: turnover highest among new caseworkers)", lo=0.0, hi=100.0,
        group="Caseworkers")
    resignation_strain_factor: float = param(
        4.0, "x", "Resignation hazard multiplier at full strain.",
        ASSUMPTION + " (Hillerød 33% in a strained year, 15% after, DOMAIN.md)", lo=1.0, hi=100.0,
        group="Caseworkers")
    sick_cover: str = param(
        "wait", "policy", "While a caseworker is sick, their cases wait ('wait') or are spread over "
        "present colleagues ('spread').", "issue 2 (a policy choice)", choices=("wait", "spread"),
        group="Caseworkers")
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
    handover_settling_weeks: float = param(
        0.0, "weeks", "Weeks after a change of caseworker over which the help reaching the family grows back "
        "from none to full, as the new caseworker gets to know it (0: a change costs the family no help).",
        ASSUMPTION + " (no study separates it from selection: docs/parameters.md, 'Continuity and complaints')",
        lo=0.0, hi=520.0, group="Caseworkers")

    # --- staffing ------------------------------------------------------------------
    recruitment_weeks: float = param(
        13.0, "weeks", "Mean time to fill a vacancy when the department's reputation is neutral.",
        ASSUMPTION + " ('vacancies that take months to fill'; 275 of 471 recruitments failed 2021-22)",
        lo=0.0, hi=520.0, group="Staffing")
    reputation_effect: bool = param(
        True, "switch", "Recruitment takes longer when recent turnover is high.",
        SLAGELSE + "; Silkeborg job centre (003_98f6ac75e8c597d8.txt)", group="Staffing")
    reputation_weight: float = param(
        1.0, "-", "Relative rise of the recruitment time per unit of turnover above the reference.",
        ASSUMPTION, lo=0.0, hi=100.0, group="Staffing")
    reference_turnover: float = param(
        0.2, "1/year", "Turnover at which the department's reputation is neutral.",
        "DOMAIN.md: turnover around 20-25% a year is typical", lo=0.001, hi=10.0, group="Staffing")
    new_hire_productivity: float = param(
        0.5, "share", "Productivity of a new hire in the first week.", ASSUMPTION,
        lo=0.0, hi=1.0, group="Staffing")
    ramp_weeks: float = param(
        26.0, "weeks", "Weeks until a new hire reaches full productivity (linear).", ASSUMPTION,
        lo=0.0, hi=520.0, group="Staffing")
    mentoring: bool = param(
        False, "switch", "Every new hire gets a mentor for the mentoring period.", ASSENS,
        group="Staffing")
    mentoring_weeks: float = param(
        13.0, "weeks", "Length of a mentorship (3 months).", ASSENS, lo=0.0, hi=520.0, group="Staffing")
    mentor_hours_week: float = param(
        2.0, "work hours/week", "Mentor's hours per week for the mentee.", ASSUMPTION,
        lo=0.0, hi=168.0, group="Staffing")
    mentor_supplement_dkk_month: float = param(
        700.0, "DKK/month", "Supplement paid to a mentor.", ASSENS, lo=0.0, hi=1e7, group="Staffing")
    mentoring_resignation_factor: float = param(
        0.6, "x", "First-year resignation hazard multiplier for a mentored hire.", ASSUMPTION,
        lo=0.0, hi=10.0, group="Staffing")
    mentoring_ramp_factor: float = param(
        0.7, "x", "Ramp-up time multiplier for a mentored hire.", ASSUMPTION, lo=0.0, hi=10.0,
        group="Staffing")
    initial_mean_tenure_years: float = param(
        4.0, "years", "Mean tenure of the staff in post at the start (exponential).",
        ASSUMPTION + " (1 / typical turnover)", lo=0.0, hi=50.0, group="Staffing")

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

    # --- costs ---------------------------------------------------------------------
    caseworker_cost_dkk_year: float = param(
        530_000.0, "DKK/FTE-year", "Cost of a caseworker position in post.",
        ASSENS + ": 7 caseworkers for 3.7 MDKK/year; " + AALBORG + ": 16 for 8 MDKK/year",
        lo=0.0, hi=1e9, group="Costs")
    team_leader_cost_dkk_year: float = param(
        650_000.0, "DKK/year", "Cost of a team leader.", ASSUMPTION, lo=0.0, hi=1e9, group="Costs")
    recruitment_cost_dkk: float = param(
        50_000.0, "DKK/hire", "Cost of one recruitment (advertising, interviews, introduction).",
        ASSUMPTION, lo=0.0, hi=1e9, group="Costs")
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

    # --- coping under overload (issue 21; each off by default until calibrated) ------------------
    overtime: bool = param(
        True, "switch", "When their own cases want more hours than they have, caseworkers work extra hours (up "
        "to overtime_max_share), which serve their cases and add to their strain.",
        OLIVA_STERMAN + " (structure: work pressure is met by overtime, which feeds fatigue and turnover)",
        group="Coping under overload")
    overtime_max_share: float = param(
        0.25, "share of weekly hours", "Most extra hours a caseworker works in a week, as a share of the "
        "contracted weekly hours (in proportion to the share of the week at work).",
        ASSUMPTION + " (no Danish figure; England: 45.9 hours worked against 37.2 contracted, 23% more, a 2012 "
        "survey of about 600 social workers, communitycare.co.uk, low reliability, DOMAIN.md)",
        lo=0.0, hi=3.0, group="Coping under overload")
    overtime_paid: bool = param(
        True, "switch", "Overtime is paid at the hourly staff cost, caseworker_cost_dkk_year / (52·weekly_hours) "
        "(off: unpaid).", ASSUMPTION, group="Coping under overload")
    overtime_strain_weight: float = param(
        1.0, "x", "Strain input of an hour of overtime, relative to an hour of overload (case demand over the "
        "contracted case hours).",
        ASSUMPTION + " (direction: " + OLIVA_STERMAN + "; Texas investigators 2004-2007, turnover rose with "
        "overtime, Youth Today 2009, DOMAIN.md)", lo=0.0, hi=100.0, group="Coping under overload")

    temporary_staff: bool = param(
        True, "switch", "A vacancy open for temporary_cover_after_weeks is covered by an agency caseworker until "
        "the permanent hire arrives; the newcomer then takes over the agency caseworker's cases (each a change of "
        "caseworker).", AGENCY_STAFF, group="Coping under overload")
    temporary_cover_after_weeks: float = param(
        8.0, "weeks", "Weeks a vacancy stays open before an agency caseworker covers it.",
        ASSUMPTION + " (with recruitment_weeks = 13, about 60% of vacancies get covered, near England's 69% of "
        "vacancies filled by agency staff in 2022, DOMAIN.md)", lo=0.0, hi=520.0, group="Coping under overload")
    temporary_productivity: float = param(
        0.8, "share", "Productivity of an agency caseworker (they know the work, not the department's families, "
        "partners and systems); no ramp-up.", ASSUMPTION, lo=0.0, hi=2.0, group="Coping under overload")
    temporary_cost_factor: float = param(
        2.0, "x", "Cost of an agency caseworker-week, as a multiple of an employed caseworker's "
        "(caseworker_cost_dkk_year/52).", AGENCY_STAFF, lo=0.0, hi=100.0, group="Coping under overload")

    corner_cutting: bool = param(
        True, "switch", "Under work pressure caseworkers give each case less time (shorter contacts, fewer "
        "visits, thinner investigations) before cases go unserved; the lost quality raises the escalation hazard "
        "and complaints.", OLIVA_STERMAN + " (structure: work pressure cuts the time per task and erodes quality)",
        group="Coping under overload")
    corner_cutting_floor: float = param(
        0.5, "share", "Least share of a case's wanted hours a caseworker gives it by cutting corners; beyond that "
        "pressure, cases go unserved.", ASSUMPTION, lo=0.0, hi=1.0, group="Coping under overload")
    corner_cutting_escalation: float = param(
        1.0, "x", "Rise of a child's escalation hazard per unit of the time share cut from its case: the hazard "
        "is multiplied by 1 + this·(1 - time share).", ASSUMPTION, lo=0.0, hi=100.0, group="Coping under overload")
    corner_cutting_complaint: float = param(
        0.01, "probability/week", "Extra chance of a complaint in a week per unit of the time share cut from the "
        "family's case (half the time: half this).",
        ASSUMPTION + " (of the size of complaint_per_overdue_week)", lo=0.0, hi=1.0, group="Coping under overload")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, _validate(f, getattr(self, f.name)))
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

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    def replace(self, **changes: Any) -> Parameters:
        """A copy with some values changed; unknown names raise a ParameterError."""
        names = self.field_names()
        unknown = sorted(set(changes) - set(names))
        if unknown:
            raise ParameterError("unknown parameter(s): " + ", ".join(name + did_you_mean(name, names)
                                                                    for name in unknown))
        return dataclasses.replace(self, **changes)


def starting_cases(values: Mapping[str, Any]) -> float:
    """Open cases a department starts with, on average, from its initial-state parameter values."""
    per_1000 = (values["initial_placements_per_1000"] + values["initial_preventive_per_1000"]
                + values["initial_advice_per_1000"] + values["initial_investigations_per_1000"])
    return values["children"] / 1000.0 * per_1000


def positions_for_caseload(values: Mapping[str, Any], caseload: float) -> int:
    """The positions that give about `caseload` open cases per position at the start (at least one).

    It takes parameter values, not a Parameters object, so that a scenario file's `caseload` and an
    experiment's caseload factor can size the department before the whole set is validated.
    """
    return max(1, round(starting_cases(values) / caseload))


def _validate(f: dataclasses.Field, value: Any) -> Any:
    """Check one value against its field's metadata; return it in the field's type."""
    meta = f.metadata
    kind = f.type if isinstance(f.type, type) else {"int": int, "float": float, "bool": bool, "str": str}[f.type]
    name = f.name
    if kind is bool:
        if not isinstance(value, bool):
            raise ParameterError(f"parameter '{name}' must be true or false, not {_shown(value)}")
        return value
    if kind is str:
        if value not in meta["choices"]:
            allowed = ", ".join(repr(c) for c in meta["choices"])
            raise ParameterError(f"parameter '{name}' must be one of {allowed}, not {_shown(value)}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter '{name}' must be a number, not {_shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"parameter '{name}' must be a finite number, not {format_number(value)}")
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise ParameterError(f"parameter '{name}' must be a whole number, not {format_number(value)}")
    lo, hi = meta["lo"], meta["hi"]
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ParameterError(f"parameter '{name}' = {format_number(value)} is out of range: allowed "
                             f"{format_limit(lo)} to {format_limit(hi)} {meta['unit']}")
    return int(value) if kind is int else float(value)


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: its repr on one line, cut short if long."""
    text = format_number(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
