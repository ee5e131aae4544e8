"""Local worker processes: forked ready to run, and gone when the session that started them is killed."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from deptsim.workers import _running as running
from deptsim.workers import start_method, worker_pool

SESSION = textwrap.dedent("""
    import os, sys, time
    from deptsim.workers import worker_pool

    def worker_id(_):
        time.sleep(0.3)
        return os.getpid()

    if __name__ == "__main__":
        pool = worker_pool(2)
        print(" ".join(str(pid) for pid in set(pool.map(worker_id, range(6)))), flush=True)
        time.sleep(600)
""")


def loaded_modules(_: int) -> bool:
    return "deptsim.warm" in sys.modules and "numba" in sys.modules


def test_workers_start_with_deptsim_and_its_compiled_code_loaded():
    assert start_method() == "forkserver"  # on Linux
    with worker_pool(2) as pool:
        assert all(pool.map(loaded_modules, range(4)))


def test_workers_exit_when_the_session_that_started_them_is_killed(tmp_path):
    script = tmp_path / "session.py"
    script.write_text(SESSION)
    session = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in session.stdout.readline().split()]
        assert workers and all(running(pid) for pid in workers)
        os.kill(session.pid, signal.SIGKILL)
        session.wait()
        deadline = time.monotonic() + 30
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(running(pid) for pid in workers), "workers outlived their session"
    finally:
        if session.poll() is None:
            session.kill()
