"""The workshop's words in English and Danish: the room may be Danish social workers or politicians."""

from __future__ import annotations

from deptsim.reports.labels import LANGUAGES

WORDS: dict[str, tuple[str, str]] = {
    # page and controls
    "title": ("deptsim workshop", "deptsim-workshop"),
    "week": ("Week", "Uge"),
    "year": ("Year", "År"),
    "play": ("Play", "Afspil"),
    "pause": ("Pause", "Pause"),
    "step": ("Step", "Et skridt"),
    "reset": ("Reset", "Start forfra"),
    "speed": ("Speed", "Hastighed"),
    "language": ("Language", "Sprog"),
    "scenario": ("Department (scenario)", "Afdeling (scenarie)"),
    "reform_scenario": ("Reform copy follows", "Reformkopien følger"),
    "levers_only": ("the levers only", "kun håndtagene"),
    "default_department": ("Default department", "Standardafdeling"),
    "side_by_side": ("Side by side: without and with the reform", "Side om side: uden og med reformen"),
    "levers": ("Levers", "Håndtag"),
    "levers_hint": ("The levers change the department with the reform; the baseline runs as the scenario says.",
                    "Håndtagene ændrer afdelingen med reformen; basis kører som scenariet siger."),
    "department": ("The department", "Afdelingen"),
    "baseline": ("Without the reform (baseline)", "Uden reformen (basis)"),
    "reform": ("With the reform", "Med reformen"),
    "same_numbers": ("Both copies draw the same random numbers, so the difference is the reform, not chance.",
                     "Begge kopier trækker de samme tilfældige tal, så forskellen er reformen og ikke tilfældigheder."),
    "stopped": ("The simulation stopped at week {week}: {error}", "Simuleringen stoppede i uge {week}: {error}"),
    "refused": ("That scenario cannot be used; the department runs on as before. {error}",
                "Det scenarie kan ikke bruges; afdelingen kører videre som før. {error}"),
    "horizon": ("The end of the horizon ({years} years): press Reset to start again.",
                "Slutningen af perioden ({years} år): tryk Start forfra for at begynde igen."),
    "solid_dashed": ("solid: with the reform   dashed: baseline", "fuldt optrukket: med reformen   stiplet: basis"),
    # speeds
    "speed_week": ("1 week/s", "1 uge/s"),
    "speed_month": ("1 month/s", "1 måned/s"),
    "speed_quarter": ("1 quarter/s", "1 kvartal/s"),
    "speed_year": ("1 year/s", "1 år/s"),
    "speed_full": ("full speed", "fuld fart"),
    # levers
    "positions": ("Caseworker positions", "Rådgiverstillinger"),
    "caseload_target": ("Caseload target: positions follow the cases (0 = off)",
                        "Sagstalsmål: stillinger følger sagerne (0 = fra)"),
    "referrals": ("Referrals per 1,000 children a year", "Underretninger pr. 1.000 børn om året"),
    "intake_team": ("§ 11 intake team (caseworkers)", "§ 11-modtageteam (rådgivere)"),
    "team_leaders": ("Team leaders", "Teamledere"),
    "mentoring": ("Mentoring for new hires", "Mentorordning for nyansatte"),
    "documentation_relief": ("Documentation relief (%)", "Mindre dokumentation (%)"),
    "continuity": ("One caseworker per family", "Én rådgiver pr. familie"),
    "meetings_per_year": ("Meetings a year with each citizen", "Samtaler om året med hver borger"),
    "hiring_freeze": ("Hiring freeze: vacancies stay open", "Ansættelsesstop: ledige stillinger besættes ikke"),
    # the picture
    "cases": ("cases", "sager"),
    "vacant": ("vacant", "ledig"),
    "sick": ("sick", "syg"),
    "new": ("new", "ny"),
    "position": ("Position", "Stilling"),
    "strain": ("strain", "belastning"),
    "off_sick": ("off sick all week", "sygemeldt hele ugen"),
    "sick_days": ("sick {days:.0f} day(s) this week", "syg {days:.0f} dag(e) denne uge"),
    "intake_member": ("§ 11 intake team", "§ 11-modtageteam"),
    "legend": ("Tile colour: strain, green (none) to red (full). Number: cases held.",
               "Farve: belastning, grøn (ingen) til rød (fuld). Tal: sager."),
    "queue": ("Referrals waiting for assessment: {waiting:,} ({urgent:,} acute); the oldest has waited {longest:.0f} "
              "days", "Underretninger der venter på vurdering: {waiting:,} ({urgent:,} akutte); "
              "den ældste har ventet {longest:.0f} dage"),
    "queue_empty": ("No referral is waiting for assessment.", "Ingen underretninger venter på vurdering."),
    "more": ("+{count:,} more", "+{count:,} flere"),
    "no_positions": ("No caseworker positions: nobody assesses referrals or follows the families.",
                     "Ingen rådgiverstillinger: ingen vurderer underretninger eller følger familierne."),
    "unassigned": ("Cases without a caseworker: {count:,}", "Sager uden rådgiver: {count:,}"),
    "open_cases": ("Open cases: {count:,}", "Åbne sager: {count:,}"),
    # the picture of a job centre
    "citizens": ("citizens", "borgere"),
    "citizens_on_benefit": ("Citizens on benefit: {count:,}", "Borgere på ydelse: {count:,}"),
    "education_benefit": ("on education benefit", "på uddannelseshjælp"),
    "cash_benefit": ("on cash benefit", "på kontanthjælp"),
    "rehabilitation": ("in job rehabilitation", "i ressource- og jobafklaringsforløb"),
    "meeting_queue": ("Citizens waiting for a meeting: {waiting:,} ({urgent:,} past the legal interval); the longest "
                      "has waited {longest:.0f} weeks since the last",
                      "Borgere der venter på en samtale: {waiting:,} ({urgent:,} over lovens frist); den længste har "
                      "ventet {longest:.0f} uger siden den sidste"),
    "meeting_queue_empty": ("No citizen is waiting for a meeting.", "Ingen borger venter på en samtale."),
    "no_positions_citizens": ("No caseworker positions: nobody meets the citizens.",
                              "Ingen rådgiverstillinger: ingen holder samtaler med borgerne."),
    "unassigned_citizens": ("Citizens without a caseworker: {count:,}", "Borgere uden sagsbehandler: {count:,}"),
    "legend_citizens": ("Tile colour: strain, green (none) to red (full). Number: citizens held. Dots: citizens "
                        "waiting for a meeting (red: past the legal interval).",
                        "Farve: belastning, grøn (ingen) til rød (fuld). Tal: borgere. Prikker: borgere der venter "
                        "på en samtale (rød: over lovens frist)."),
    "in_post": ("{staff} of {positions} positions filled", "{staff} af {positions} stillinger besat"),
    # the charts
    "strain_mean": ("Strain (mean, 0 none to 1 full)", "Belastning (gennemsnit, 0 ingen til 1 fuld)"),
    "sick_and_vacant": ("Off sick and vacant (positions)", "Sygemeldte og ledige stillinger"),
    "off_sick_series": ("off sick", "sygemeldte"),
    "vacant_series": ("vacant", "ledige"),
    "wait_days": ("Wait for assessment (days, last 4 weeks)", "Ventetid på vurdering (dage, seneste 4 uger)"),
    "meetings_on_time": ("Citizens within the legal meeting interval (share)",
                         "Borgere inden for lovens samtalefrist (andel)"),
    "benefit_cost_mdkk_year": ("Benefit cost (MDKK a year)", "Udgift til ydelser (mio. kr. om året)"),
}


def say(key: str, lang: str, **values: object) -> str:
    """The word or sentence `key` in `lang` ('en' or 'da'), with `values` filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    en, da = WORDS[key]
    words = da if lang == "da" else en
    return words.format(**values) if values else words
