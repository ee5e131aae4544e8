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
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

READY_MODULE = "deptsim.warm"


def start_method() -> str:
    """How worker_pool starts its workers: from the fork server where the platform has one (Linux, macOS)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from the fork server (spawned where there is none), each
    serving this session (`_serve_session`)."""
    context = multiprocessing.get_context(start_method())
    if start_method() == "forkserver":
        context.set_forkserver_preload([READY_MODULE])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_serve_session,
                               initargs=(os.getpid(),))


def _serve_session(session: int) -> None:
    """Set up a worker: Ctrl-C is the session's to handle (it stops the workers cleanly), and the worker
    exits when the session is gone (killed with SIGKILL, say) instead of running on as an orphan.

    A forked worker's parent is the fork server, which lives as long as its workers do, so the watch is
    on the session's process; a spawned worker's parent is the session itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    started_from = os.getppid()

    def watch() -> None:
        while os.getppid() == started_from and _running(session):
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="deptsim-session-watch").start()


def _running(pid: int) -> bool:
    """Whether the process exists and has not exited (a zombie has), on POSIX; elsewhere (spawned workers,
    whose parent is the session) the parent check above does the work."""
    if os.name != "posix":
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        if stat.exists():
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        os.kill(pid, 0)  # no signal: only asks whether the process exists (macOS, no /proc)
    except (ProcessLookupError, FileNotFoundError):
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True
