"""The parameters every kind of department shares: its caseworkers, their strain, sickness and resignations,
hiring and mentoring, staff costs and the ways a department copes under overload (overtime, temporary staff,
cutting corners). A department's own parameters class extends `WorkforceParameters` (deptsim.params for the
children-and-family department, deptsim.jobcentre.parameters for the job centre), and the workforce package reads
only these names."""

from __future__ import annotations

from dataclasses import dataclass

from deptsim.paramspec import (
    AALBORG,
    AGENCY_STAFF,
    ASSENS,
    ASSUMPTION,
    CALIBRATED,
    OLIVA_STERMAN,
    SLAGELSE,
    ParameterSet,
    param,
)


@dataclass(frozen=True)
class WorkforceParameters(ParameterSet):
    """The workforce's parameters (docs/parameters.md)."""

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
        0.177, "1/year", "Resignation hazard of an experienced caseworker at zero strain.",
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
    handover_settling_weeks: float = param(
        0.0, "weeks", "Weeks after a change of caseworker over which the help reaching the client grows back "
        "from none to full, as the new caseworker gets to know them (0: a change costs the client no help).",
        ASSUMPTION + " (no study separates it from selection: docs/continuity-and-complaints.md)",
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

    # --- staff costs -----------------------------------------------------------------
    caseworker_cost_dkk_year: float = param(
        530_000.0, "DKK/FTE-year", "Cost of a caseworker position in post.",
        ASSENS + ": 7 caseworkers for 3.7 MDKK/year; " + AALBORG + ": 16 for 8 MDKK/year",
        lo=0.0, hi=1e9, group="Costs")
    team_leader_cost_dkk_year: float = param(
        650_000.0, "DKK/year", "Cost of a team leader.", ASSUMPTION, lo=0.0, hi=1e9, group="Costs")
    recruitment_cost_dkk: float = param(
        50_000.0, "DKK/hire", "Cost of one recruitment (advertising, interviews, introduction).",
        ASSUMPTION, lo=0.0, hi=1e9, group="Costs")
    # --- coping under overload (issue 21): overtime, temporary staff, cutting corners ------------
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
