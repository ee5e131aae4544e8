"""What happened to families this week: counted as it happens, read into the weekly row, then reset."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class WeekCounts:
    referrals_arrived: int = 0
    referrals_merged: int = 0
    referrals_assessed: int = 0
    assessments_on_time: int = 0
    assessment_wait_hours: float = 0.0
    cases_opened: int = 0
    investigations_started: int = 0
    investigations_completed: int = 0
    investigations_on_time: int = 0
    placements_started: int = 0
    acute_placements: int = 0
    closures: int = 0
    aged_out: int = 0
    caseworker_changes: int = 0
    complaints: int = 0
    complaints_waiting: int = 0  # of them, by a family whose referral or investigation is past its deadline
    complaints_change: int = 0  # of them, at a change of caseworker
    visits_outstanding: int = 0
    visits_done: int = 0

    def reset(self) -> None:
        for f in fields(self):
            setattr(self, f.name, f.default)
