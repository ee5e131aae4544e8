"""Local worker processes for batches of runs, forked ready to run.

Started by Python's default here ('spawn', which importing Mesa forces), every worker imports
deptsim (Mesa, numba, pandas: about a second) and loads the compiled code (half a second) before
its first run. Runs take a fifth of a second, so that start-up capped what a second worker adds
(docs/performance.md). Here the workers fork from a fork server instead: a fresh interpreter,
started once per session, that has loaded deptsim and its compiled code (`deptsim.warm`).
Forking from it, not from the caller, copies none of the caller's threads or state. The fork
server lives as long as the session or any of its workers does, so a worker that must notice its
session's end watches the session's process (deptsim.experiments.executors). It also keeps the
deptsim it loaded: after editing deptsim's code, start a new session (a new Python process or
notebook kernel) before running in parallel again.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

READY_MODULE = "deptsim.warm"


def start_method() -> str:
    """How worker_pool starts its workers: from the fork server where the platform has one (Linux, macOS)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def worker_pool(workers: int, initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from the fork server (spawned where there is none)."""
    context = multiprocessing.get_context(start_method())
    if start_method() == "forkserver":
        context.set_forkserver_preload([READY_MODULE])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs)
