"""Strain: how a week's overload wears a caseworker down, and how rest lets it recover (ODD 7.11).

Team leaders who follow cases closely and back caseworkers up remove part of the build-up (7.15).
"""

from __future__ import annotations


def strain_after_week(strain: float, overload: float, absent: float, *, strain_build: float,
                      strain_recovery: float, buffer: float) -> float:
    """Strain at the week's end, kept within 0-1.

    At work and overloaded: S + strain_build·(1 - buffer)·overload·(1 - S); otherwise S - strain_recovery·S.
    Source of the structure: the workload spiral in the Assens and Aalborg articles (DOMAIN.md); the rates
    are assumptions (docs/parameters.md).
    """
    if absent < 1.0 and overload > 0.0:
        strain = strain + strain_build * (1.0 - buffer) * overload * (1.0 - strain)
    else:
        strain = strain - strain_recovery * strain
    return min(max(strain, 0.0), 1.0)


def team_leader_buffer(team_leaders: int, staff_in_post: int, *, team_leader_span: float,
                       team_leader_strain_buffer: float) -> float:
    """Share of strain build-up team leaders remove: buffer·min(1, leaders·span / staff in post).

    Source: Assens 2016 reform (team leaders who follow cases closely), size assumed.
    """
    if team_leaders == 0 or staff_in_post == 0:
        return 0.0
    return team_leader_strain_buffer * min(1.0, team_leaders * team_leader_span / staff_in_post)
