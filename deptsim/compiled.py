"""The few compiled kernels, and saying so when they are compiled.

A kernel is compiled with numba only where a profile showed that the numpy version cost a large share
of a run (docs/performance.md). Each lives in the module of the behaviour it serves, beside its numpy
twin: the twin is what a reader reads and changes first, what runs when numba's compiler is off
(`NUMBA_DISABLE_JIT=1`, to step through it in a debugger), and what the tests check the kernel against
(tests/test_kernels.py). A kernel calls nothing compiled outside its own module, so numba's cache,
which watches the kernel's own file, never runs stale code.

The first run after installing compiles the kernels (numba caches them on disk); `announce_first_compile`
says so on the terminal before it happens.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numba
from numba import config

ENABLED = not config.DISABLE_JIT
"""Whether kernels run compiled (otherwise their numpy twins run)."""

KERNEL_MODULES = ("deptsim/workforce/allocation.py", "deptsim/draws.py")
PACKAGE = Path(__file__).resolve().parent.parent
SECONDS_TO_COMPILE = 10  # measured on a 2-core machine: docs/performance.md


def kernel(function: Callable) -> Callable:
    """Compile `function` with numba (cached on disk), or leave it plain when compiling is off."""
    return numba.njit(cache=True)(function)


def _marker() -> Path:
    """A file that says the kernels of this source, numba and Python have been compiled here before."""
    digest = hashlib.sha256()
    for module in KERNEL_MODULES:
        digest.update((PACKAGE / module).read_bytes())
    digest.update(f"{numba.__version__} {sys.version}".encode())
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "deptsim"
    return cache / f"compiled-{digest.hexdigest()[:16]}"


_announced = False


def announce_first_compile(warm_up: Callable[[], object], say: Callable[[str], None] | None = None) -> None:
    """Before the first use of the kernels in this process: if they were never compiled here, say so, then
    compile them (`warm_up` runs them once)."""
    global _announced
    if _announced or not ENABLED:
        return
    _announced = True
    marker = _marker()
    if marker.exists():
        return
    say = say or (lambda text: print(text, file=sys.stderr, flush=True))
    say(f"deptsim: compiling the model's kernels once, about {SECONDS_TO_COMPILE} s (cached for later runs)")
    started = time.perf_counter()
    warm_up()
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"compiled in {time.perf_counter() - started:.1f} s\n", encoding="utf-8")
    except OSError:
        pass  # nowhere to note it: the message comes again next time, nothing else changes
