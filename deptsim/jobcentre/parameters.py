"""The job centre's parameters: the workforce's (deptsim.workforce.parameters) and the job centre's own.
docs/parameters.md ("The job centre") lists them with their sources; jobcentre sources are collected in
docs/jobcentre.md."""

from __future__ import annotations

from dataclasses import dataclass

from deptsim.paramspec import ASSUMPTION, param
from deptsim.workforce.parameters import WorkforceParameters

SILKEBORG = "Silkeborg job centre (003_98f6ac75e8c597d8.txt)"
RATES_2015 = "Ministry of Employment, benefit rates 2015 (bm.dk 'Satser for 2015'; Vejledning om satser 2015)"
CONTACT_RULE = "STAR, 'Opfølgning på data om samtaler' (2018): activity-ready recipients, at least 4 interviews in " \
               "every 12 months (2014 reform until 2019)"
SILKEBORG_500 = ("Silkeborg's 2015 strategy for its 500 most vulnerable cash-benefit recipients: after about a year "
                 "20 in work or education, 12 in flexjob (cabiweb.dk, 'Silkeborg: Styrket indsats ...')")
NO_INFLOW_FIGURE = (ASSUMPTION + " (no inflow figure was found: set so that the stock stays about level at the "
                    "legal minimum of meetings, docs/jobcentre.md)")


@dataclass(frozen=True)
class JobCentreParameters(WorkforceParameters):
    """The parameters of one job centre: its units for education benefit, cash benefit and job rehabilitation.

    Defaults describe Silkeborg's job centre as article 003 sizes it after its reform (about 40 citizens per
    caseworker) with its 500 most vulnerable cash-benefit recipients.
    """

    # --- the workforce, sized for the job centre ------------------------------------------------
    positions: int = param(
        46, "positions", "Caseworker positions.",
        SILKEBORG + ": 22 social workers in job rehabilitation and 11 in education benefit at 36-45 citizens "
        "each; 13 more for the 500 cash-benefit recipients at the same caseload (an assumption)",
        lo=0, hi=1_000_000, group="Caseworkers")
    handover_settling_weeks: float = param(
        13.0, "weeks", "Weeks after a change of caseworker over which a meeting's effect grows back from none to "
        "full, as the new caseworker gets to know the citizen.",
        ASSUMPTION + " (Væksthusets Forskningscenter, BIP 2017: one change of caseworker goes with a 22% lower "
        "chance of work or education, observational)", lo=0.0, hi=520.0, group="Caseworkers")

    # --- citizens and who comes in ----------------------------------------------------------------
    education_benefit_citizens: int = param(
        420, "citizens", "Citizens on education benefit (uddannelseshjælp, under 30) at the start.",
        SILKEBORG + ": 11 social workers at 36-40 citizens each", lo=0, hi=10_000_000, group="Citizens")
    cash_benefit_citizens: int = param(
        500, "citizens", "Citizens on cash benefit (kontanthjælp, 30 and over, activity-ready) at the start.",
        SILKEBORG_500, lo=0, hi=10_000_000, group="Citizens")
    rehabilitation_citizens: int = param(
        990, "citizens", "Citizens in job rehabilitation (resource and job-clarification courses) at the start.",
        SILKEBORG + ": 22 social workers at about 45 citizens each", lo=0, hi=10_000_000, group="Citizens")
    education_benefit_inflow_year: float = param(
        270.0, "citizens/year", "New citizens on education benefit a year.", NO_INFLOW_FIGURE,
        lo=0.0, hi=1e7, group="Citizens")
    cash_benefit_inflow_year: float = param(
        48.0, "citizens/year", "New citizens on cash benefit a year.", NO_INFLOW_FIGURE,
        lo=0.0, hi=1e7, group="Citizens")
    rehabilitation_inflow_year: float = param(
        370.0, "citizens/year", "New citizens in job rehabilitation a year.", NO_INFLOW_FIGURE,
        lo=0.0, hi=1e7, group="Citizens")
    education_benefit_distance: float = param(
        1.0, "distance units", "Mean distance from the labour market of a citizen entering education benefit.",
        ASSUMPTION + " (with education_benefit_work_rate_year: about half leave for work or education a year)",
        lo=0.0, hi=100.0, group="Citizens")
    cash_benefit_distance: float = param(
        3.0, "distance units", "Mean distance from the labour market of a citizen entering cash benefit.",
        ASSUMPTION + " (with cash_benefit_work_rate_year: about 4% a year to work or education, as " + SILKEBORG_500
        + ")", lo=0.0, hi=100.0, group="Citizens")
    rehabilitation_distance: float = param(
        2.5, "distance units", "Mean distance from the labour market of a citizen entering job rehabilitation.",
        ASSUMPTION + " (with rehabilitation_work_rate_year: 3-4% of resource courses end in ordinary work, "
        "ministry figures via jv.dk 2018 and nb-beskaeftigelse.dk 2019)", lo=0.0, hi=100.0, group="Citizens")
    distance_shape: float = param(
        2.0, "shape", "Shape of the gamma distribution of entering citizens' distance.", ASSUMPTION,
        lo=0.01, hi=100.0, group="Citizens")

    # --- contact ----------------------------------------------------------------------------------
    meetings_per_year: float = param(
        4.0, "meetings/citizen/year", "Meetings the job centre plans with each citizen a year.",
        CONTACT_RULE + "; " + SILKEBORG + ": before its reform meetings were booked 'in a roll every third "
        "month to comply with the law', after it 8 coaching talks a year", lo=0.1, hi=52.0, group="Contact")
    legal_meeting_weeks: float = param(
        13.0, "weeks", "The most weeks the law allows between two meetings (its deadline).", CONTACT_RULE,
        lo=1.0, hi=520.0, group="Contact")
    meeting_hours: float = param(
        2.5, "hours", "Caseworker hours of a meeting: the talk, its preparation and its record.", ASSUMPTION,
        lo=0.0, hi=100.0, group="Contact")
    case_hours_week: float = param(
        0.25, "hours/citizen/week", "Caseworker hours a citizen's case takes a week besides meetings (plans, "
        "offers, coordination with other services, documentation).",
        ASSUMPTION + " (with 4 meetings of 2.5 hours a year, 40 citizens fill 56% of a caseworker's case hours and "
        "95 fill 134%: the union's guideline is 25-40 activity-ready citizens, and a national mean of 82 in 2013 "
        "was called worrying, socialraadgiverne.dk)", lo=0.0, hi=40.0, group="Contact")

    # --- distance from the labour market --------------------------------------------------------------
    meeting_effect: float = param(
        0.05, "distance units", "Fall in a citizen's distance from the labour market at a meeting given its full "
        "time by a caseworker who knows the citizen.",
        ASSUMPTION + " (Hurtigt i gang 1-2, Maibom, Rosholm and Svarer 2017: meetings every two weeks shortened "
        "insured unemployed people's spells by 3-5 weeks; Rosholm 2014: meetings help the most employable most)",
        lo=0.0, hi=100.0, group="Distance from the labour market")
    distance_drift_week: float = param(
        0.004, "distance units/week", "Rise in a citizen's distance from the labour market each week (skills and "
        "contacts fade, problems grow), which meetings work against.",
        ASSUMPTION + " (at the legal minimum of 4 meetings a year it cancels their effect: 52·0.004 = 4·0.05)",
        lo=0.0, hi=100.0, group="Distance from the labour market")

    # --- exits ----------------------------------------------------------------------------------
    education_benefit_work_rate_year: float = param(
        1.5, "1/year", "Hazard of leaving education benefit for work or education at distance 0 (it falls as "
        "exp(-distance)).", ASSUMPTION, lo=0.0, hi=52.0, group="Exits")
    cash_benefit_work_rate_year: float = param(
        0.6, "1/year", "Hazard of leaving cash benefit for work or education at distance 0.",
        ASSUMPTION + " (" + SILKEBORG_500 + ")", lo=0.0, hi=52.0, group="Exits")
    rehabilitation_work_rate_year: float = param(
        0.4, "1/year", "Hazard of leaving job rehabilitation for work or education at distance 0.",
        ASSUMPTION, lo=0.0, hi=52.0, group="Exits")
    education_benefit_other_rate_year: float = param(
        0.05, "1/year", "Hazard of leaving education benefit for another benefit.", ASSUMPTION,
        lo=0.0, hi=52.0, group="Exits")
    cash_benefit_other_rate_year: float = param(
        0.024, "1/year", "Hazard of leaving cash benefit for another benefit (flexjob, disability pension).",
        SILKEBORG_500 + ": 12 of 500 in flexjob after about a year", lo=0.0, hi=52.0, group="Exits")
    rehabilitation_other_rate_year: float = param(
        0.3, "1/year", "Hazard of leaving job rehabilitation for another benefit (disability pension, flexjob).",
        "Resource courses last 1-5 years (cabiweb.dk); 46-56% end on disability pension and 13-25% in flexjob "
        "(ministry figures via jv.dk 2018, nb-beskaeftigelse.dk 2019); the rate is an assumption",
        lo=0.0, hi=52.0, group="Exits")
    moving_rate_year: float = param(
        0.04, "1/year", "Hazard of leaving the job centre by moving to another municipality.",
        ASSUMPTION + " (no figure found)", lo=0.0, hi=52.0, group="Exits")

    # --- benefit costs -----------------------------------------------------------------------------
    education_benefit_dkk_year: float = param(
        71_340.0, "DKK/citizen-year", "Education benefit paid a year (gross).",
        RATES_2015 + ": 5,945 DKK a month, under 30 living away from parents, no children (activity-ready 25-29: "
        "10,968, 2016)", lo=0.0, hi=1e7, group="Costs")
    cash_benefit_dkk_year: float = param(
        130_188.0, "DKK/citizen-year", "Cash benefit paid a year (gross).",
        RATES_2015 + ": 10,849 DKK a month, 30 and over without children (with children: 14,416)",
        lo=0.0, hi=1e7, group="Costs")
    rehabilitation_benefit_dkk_year: float = param(
        130_188.0, "DKK/citizen-year", "Resource-course benefit (ressourceforløbsydelse) paid a year (gross).",
        RATES_2015 + ": 10,849 DKK a month without children (providers: 14,416)", lo=0.0, hi=1e7, group="Costs")
