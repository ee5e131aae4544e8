"""Make the benchmarks measure the checkout they live in, whatever deptsim is installed.

Imported by every benchmark module before deptsim: it puts this checkout's root first on the module
path of this process and, through PYTHONPATH, of the processes it starts (the fresh-process probes, the
cold start, the fork server and workers of a batch).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_this_checkout() -> None:
    """Put ROOT first on sys.path and on PYTHONPATH (for child processes)."""
    root = str(ROOT)
    if sys.path[:1] != [root]:
        sys.path.insert(0, root)
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry and entry != root]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *inherited])


def child_environment(**overrides: str) -> dict[str, str]:
    """The environment for a child process: this one's (with PYTHONPATH naming ROOT first), plus `overrides`."""
    use_this_checkout()
    return {**os.environ, **overrides}


use_this_checkout()
