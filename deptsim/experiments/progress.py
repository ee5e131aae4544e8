"""A one-line progress bar on standard error: runs done, failures, time spent and time left.

Runs already in the folder from an earlier, interrupted attempt count as done but not in the estimate,
which uses only the pace of this attempt.
"""

from __future__ import annotations

import sys
import time

WIDTH = 30


class ExperimentProgress:
    """Counts finished runs and redraws the bar (on a terminal) or prints every tenth (in a log)."""

    def __init__(self, total: int, already_done: int, already_failed: int, enabled: bool = True) -> None:
        self.total, self.done, self.failed = total, already_done, already_failed
        self.this_attempt = 0
        self.enabled = enabled and total > already_done
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self._last_tenth = -1

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.this_attempt += 1
        self.failed += failed
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        left = elapsed / self.this_attempt * (self.total - self.done)
        filled = WIDTH * self.done // self.total
        failures = f", {self.failed} failed" if self.failed else ""
        line = (f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} runs{failures}, "
                f"{elapsed:.0f} s, ~{left:.0f} s left")
        tenth = 10 * self.this_attempt // max(1, self.total - self.done + self.this_attempt)
        if self.tty:
            print("\r" + line, end="", file=sys.stderr, flush=True)
        elif tenth > self._last_tenth or self.done == self.total:
            self._last_tenth = tenth
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self.tty:
            print(file=sys.stderr)
