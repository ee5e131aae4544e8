"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def deptsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deptsim", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"]])
def test_help(args):
    done = deptsim(*args)
    assert done.returncode == 0
    assert "usage: deptsim" in done.stdout


def test_run_prints_the_headline_figures():
    done = deptsim("run", "--years", "2", "--warmup", "1", "--seed", "3")
    assert done.returncode == 0, done.stderr
    for label in ("Turnover", "Sick leave", "Caseload", "Referral wait", "Placements started", "Total cost"):
        assert label in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--years", "-1"], "must be above 0"),
        (["run", "--seed", "x"], "must be a whole number"),
        (["run", "--years", "1", "--warmup", "2"], "before the end of the run"),
        (["fly"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_clear_message(args, message):
    done = deptsim(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
