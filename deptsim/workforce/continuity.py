"""Continuity: what a change of caseworker costs the client, in any kind of department (ODD 7.16)."""

from __future__ import annotations

import numpy as np


def settling_share(weeks_since_change: np.ndarray, *, handover_settling_weeks: float) -> np.ndarray:
    """The share of its caseworker's help that reaches a client while the caseworker gets to know them after a
    change of caseworker: min(1, w / handover_settling_weeks) w weeks after the change (1 when
    handover_settling_weeks is 0). Clients must "retell their story" (Slagelse, Gladsaxe; DOMAIN.md); no study
    separates the effect of a change from the longer cases that collect changes, so its length is an assumption
    (docs/continuity-and-complaints.md)."""
    if handover_settling_weeks <= 0:
        return np.ones(len(weeks_since_change))
    return np.minimum(weeks_since_change / handover_settling_weeks, 1.0)
