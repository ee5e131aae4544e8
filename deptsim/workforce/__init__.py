"""Caseworkers, staffing and workload: the machinery any casework department shares.

Nothing here knows about children or placements: cases are only rows with a holder and a weekly
demand in hours, so a job-centre variant can reuse it.
"""

from deptsim.workforce.caseworker import Caseworker
from deptsim.workforce.intake import IntakeDesks
from deptsim.workforce.staff import Roster

__all__ = ["Caseworker", "IntakeDesks", "Roster"]
