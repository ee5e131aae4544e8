"""`run` and `compare` never delete what they did not write, check `--out` before running, and leave nothing
behind on an error or Ctrl-C (issue 19, items 1, 3, 4, 5, 7 and 10)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deptsim.arguments import SEED_MAX
from deptsim.reports.output import MARKER, STAGING_INFIX, STAGING_MARKER, output_folder, remove_stale_staging
from deptsim.workshop.server import announcement

ROOT = Path(__file__).resolve().parents[1]
SMALL = ("--replicates", "1", "--years", "1", "--from-year", "0.5", "--workers", "1", "--quiet")


def deptsim(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deptsim", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A user's folder holding a copy of a shipped scenario, as in the issue."""
    shutil.copy(ROOT / "scenarios" / "union_guideline.toml", tmp_path)
    return tmp_path


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_a_folder_deptsim_did_not_write_is_refused_and_kept(folder):
    """Item 1: the issue's command deleted the scenario and precious.csv with exit 0."""
    out = folder / "d"
    out.mkdir()
    shutil.copy(folder / "union_guideline.toml", out)
    (out / "precious.csv").write_text("x\n")
    before = tree(folder)
    refused(deptsim("run", "d/union_guideline.toml", *SMALL, "--out", "d", cwd=folder), "scenario file")
    (out / "union_guideline.toml").unlink()  # without the scenario inside: still not deptsim's folder
    refused(deptsim("run", "union_guideline.toml", *SMALL, "--out", "d", cwd=folder), "did not write")
    assert (out / "precious.csv").read_text() == "x\n"
    assert tree(folder) == {k: v for k, v in before.items() if k != "d/union_guideline.toml"}


def test_a_file_given_as_out_is_refused_and_kept(folder):
    (folder / "f.txt").write_text("hello\n")
    refused(deptsim("run", "union_guideline.toml", *SMALL, "--out", "f.txt", cwd=folder), "is a file")
    assert (folder / "f.txt").read_text() == "hello\n"
    assert sorted(p.name for p in folder.iterdir()) == ["f.txt", "union_guideline.toml"]


def test_deptsims_own_folder_is_replaced_but_not_with_a_stranger_inside(folder):
    assert deptsim("run", "union_guideline.toml", *SMALL, "--out", "o", cwd=folder).returncode == 0
    marker = json.loads((folder / "o" / MARKER).read_text())
    assert marker["written_by"] == "deptsim run" and {"report.html", "columns.csv"} <= set(marker["files"])
    again = deptsim("run", "union_guideline.toml", *SMALL, "--out", "o", "--seed", "7", cwd=folder)
    assert again.returncode == 0, again.stderr
    assert "(seeds 7-7)" in (folder / "o" / "report.html").read_text(encoding="utf-8")
    (folder / "o" / "notes.txt").write_text("mine\n")
    refused(deptsim("run", "union_guideline.toml", *SMALL, "--out", "o", cwd=folder), "notes.txt")
    assert (folder / "o" / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize("out", [".", "..", "/sys/x", "/proc/deptsim"])
def test_an_out_that_cannot_or_must_not_be_written_is_refused_before_running(folder, out):
    """Item 3: these failed with a traceback after the whole simulation (a 200-year run here would take
    minutes, so a quick answer shows nothing ran)."""
    started = time.perf_counter()
    done = deptsim("run", "union_guideline.toml", "--years", "200", "--replicates", "2", "--workers", "1",
                   "--out", out, cwd=folder)
    refused(done, f"--out {out}")
    assert time.perf_counter() - started < 60
    assert sorted(p.name for p in folder.iterdir()) == ["union_guideline.toml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_refused_before_running(folder):
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        refused(deptsim("run", "union_guideline.toml", *SMALL, "--out", "locked/out", cwd=folder), "cannot write")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_failure_while_writing_leaves_no_staging_folder(tmp_path):
    with pytest.raises(RuntimeError), output_folder(tmp_path / "new" / "out", command="run") as staging:
        (staging / "half.csv").write_text("a\n")
        raise RuntimeError("the disk is full")
    assert list(tmp_path.iterdir()) == []  # neither the staging folder nor the parents made for it


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_during_run_says_nothing_was_written_and_leaves_nothing(folder, workers):
    """Item 4: Ctrl-C printed 43 lines of numba traceback and exited 1."""
    command = [sys.executable, "-m", "deptsim", "run", "union_guideline.toml", "--replicates", "2", "--years",
               "200", "--workers", workers, "--out", "o"]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(STAGING_INFIX in p.name for p in folder.iterdir()):  # checked, staged: now it runs
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.1)
    time.sleep(2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted; nothing was written" in stderr
    assert "Traceback" not in stderr and "Error" not in stderr
    assert sorted(p.name for p in folder.iterdir()) == ["union_guideline.toml"]


def test_compare_with_one_scenario_is_refused_at_once(folder):
    """Item 5: it ran, then crashed with an AttributeError."""
    done = deptsim("compare", "union_guideline.toml", "--years", "200", cwd=folder)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "compare needs at least two scenario files" in done.stderr and "usage:" in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["union_guideline.toml"]


@pytest.mark.parametrize(("seed", "replicates"), [("99999999999999999999", "2"), (str(SEED_MAX), "2")])
def test_a_seed_out_of_range_is_refused_up_front(folder, seed, replicates):
    """Item 7: --seed 99999999999999999999 ended in an OverflowError after the run."""
    done = deptsim("run", "union_guideline.toml", "--replicates", replicates, "--years", "200", "--seed", seed,
                   cwd=folder)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--seed" in done.stderr.splitlines()[-1] and str(SEED_MAX) in done.stderr.splitlines()[-1]
    assert sorted(p.name for p in folder.iterdir()) == ["union_guideline.toml"]


def test_the_largest_seed_runs(folder):
    done = deptsim("run", "union_guideline.toml", *SMALL, "--seed", str(SEED_MAX), "--out", "o", cwd=folder)
    assert done.returncode == 0, done.stderr


def test_check_and_run_print_the_scenarios_warnings(folder):
    """Item 10: accepted without a word: an intervention after the horizon, an intake team larger than the
    staff."""
    (folder / "odd.toml").write_text(
        'extends = "union_guideline.toml"\n[[interventions]]\nkind = "intake_team"\nsize = 200\nweek = 10\n'
        '[[interventions]]\nkind = "add_positions"\ncount = 2\nweek = 600\n', encoding="utf-8")
    checked = deptsim("check", "odd.toml", cwd=folder)
    assert checked.returncode == 0, checked.stderr
    assert "warning" in checked.stderr and "intake team" in checked.stderr and "after the end" in checked.stderr
    ran = deptsim("run", "odd.toml", *SMALL, "--out", "o", cwd=folder)
    assert ran.returncode == 0, ran.stderr
    assert "after the end of a 1-year run" in ran.stderr


def test_staging_folders_of_a_killed_process_are_removed_at_the_next_write(tmp_path):
    """Item 10: kill -9 during the final write left a hidden temporary folder."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    stale = tmp_path / f".out{STAGING_INFIX}{dead.stdout.strip()}-abc"
    stale.mkdir()
    (stale / STAGING_MARKER).write_text("deptsim\n")
    lookalike = tmp_path / f".out{STAGING_INFIX}1-xyz"  # deptsim's name, but not its marker: never touched
    lookalike.mkdir()
    live = tmp_path / f".out{STAGING_INFIX}{os.getpid()}-def"  # this process: still writing
    live.mkdir()
    (live / STAGING_MARKER).write_text("deptsim\n")
    assert remove_stale_staging(tmp_path / "out") == [stale]
    assert not stale.exists() and lookalike.exists() and live.exists()


def test_the_workshop_on_all_interfaces_names_usable_addresses_and_warns():
    """Item 10: --host 0.0.0.0 printed http://0.0.0.0:8765, which participants cannot use."""
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        lines, warning = announcement(sock, "0.0.0.0")
    assert warning is not None and "anyone" in warning
    assert not any("0.0.0.0" in line for line in lines)
    assert "http://127.0.0.1:" in lines[0]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        assert announcement(sock, "127.0.0.1")[1] is None
