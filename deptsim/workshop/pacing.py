"""How fast simulated weeks go by while the workshop plays.

At a chosen speed the simulation keeps time (a year a second is 52 weeks a second however long a
chart takes to draw); at full speed it steps as fast as it can. Either way it stops for a new picture
after at most `FRAME_SECONDS` of stepping, so the room sees the department move rather than jump,
and waits until the picture is drawn before it steps on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

FULL_SPEED = 0  # weeks per second; 0 means as fast as the machine goes
SPEEDS: dict[str, int] = {"speed_week": 1, "speed_month": 4, "speed_quarter": 13, "speed_year": 52,
                          "speed_full": FULL_SPEED}
FRAME_SECONDS = 0.25
DRAW_TIMEOUT_SECONDS = 5.0  # a page that has gone away must not hold the loop for ever


class Pacer:
    """Decides how many weeks to step before each new picture, and how long to wait after it."""

    def __init__(self, weeks_per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = weeks_per_second
        self.clock = clock
        self.last = clock()
        self.credit = 1.0  # the first week is due at once: pressing play shows movement immediately

    @property
    def full_speed(self) -> bool:
        return self.rate == FULL_SPEED

    def frame(self, step: Callable[[], bool]) -> int:
        """Step the weeks that are due (or, at full speed, as many as fit in a frame); returns how many
        were stepped, stopping early when `step` returns False."""
        now = self.clock()
        if not self.full_speed:
            # a slow chart must not make the simulation race afterwards to catch up
            self.credit = min(self.credit + (now - self.last) * self.rate, 1.0 + self.rate * FRAME_SECONDS)
        self.last = now
        deadline = now + FRAME_SECONDS
        stepped = 0
        while (self.full_speed or self.credit >= 1.0) and self.clock() < deadline:
            if not step():
                break
            stepped += 1
            self.credit -= 1.0
        return stepped

    def pause(self) -> float:
        """Seconds until the next week is due."""
        if self.full_speed:
            return 0.0
        return max(0.0, (1.0 - self.credit) / self.rate)


class FrameGate:
    """Lets the play loop wait until the page has drawn the frame it published.

    Solara renders a state change on whichever thread holds the render lock; if the play loop kept
    publishing while a slow frame was being drawn, the thread that handles the trainer's clicks
    would go on drawing frames and never get to the clicks.
    """

    def __init__(self) -> None:
        self._drawn = threading.Event()
        self._drawn.set()

    def publish(self, show: Callable[[], None]) -> None:
        self._drawn.clear()
        show()

    def drawn(self) -> None:
        """Called by the page after every render."""
        self._drawn.set()

    def wait(self, timeout: float = DRAW_TIMEOUT_SECONDS) -> bool:
        return self._drawn.wait(timeout)
