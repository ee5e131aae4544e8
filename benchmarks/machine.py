"""How busy the machine was with other work while a measurement ran (Linux; None elsewhere).

Timings on a shared machine are only as good as the CPU left to them, so each measurement
records the share of the machine's CPU capacity that processes other than this one and its
waited-for children used meanwhile (steal by the host's other guests included).
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")
BUSY_FIELDS = (0, 1, 2, 5, 6, 7)  # user, nice, system, irq, softirq, steal of the aggregate "cpu" line


def machine_busy_seconds() -> float | None:
    """CPU seconds all CPUs of the machine have been busy since boot; None without /proc/stat."""
    if not PROC_STAT.exists():
        return None
    fields = PROC_STAT.read_text().splitlines()[0].split()[1:]
    ticks = sum(int(fields[i]) for i in BUSY_FIELDS if i < len(fields))
    return ticks / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class CpuSnapshot:
    """Wall clock, machine-wide busy CPU time and own CPU time at one moment."""

    wall: float
    busy: float | None
    own: float

    @classmethod
    def take(cls) -> CpuSnapshot:
        return cls(time.perf_counter(), machine_busy_seconds(), own_cpu_seconds())

    def others_share_since(self, start: CpuSnapshot, unseen_own: float = 0.0) -> float | None:
        """Share (0..1) of the machine's CPU capacity others used between `start` and this snapshot.

        `unseen_own`: CPU seconds of our own work that getrusage cannot see, such as that of workers
        forked by a fork server (children of the server, not of this process).
        """
        capacity = (self.wall - start.wall) * (os.cpu_count() or 1)
        if self.busy is None or start.busy is None or capacity <= 0:
            return None
        others = (self.busy - start.busy) - (self.own - start.own) - unseen_own
        return min(max(others / capacity, 0.0), 1.0)
