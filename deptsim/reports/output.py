"""Writing an output folder all at once, and never over something deptsim did not write.

The results are written into a hidden staging folder beside the target (`.<name>.deptsim-tmp-<pid>-<random>`,
holding a `.deptsim-staging` file), which is renamed into place when everything is written, so an error or
an interruption never leaves a half-written result. `output_folder` (for `run` and `compare`) first checks
the target: it must be writable, must not be the current folder or hold it or a scenario file being run,
and may only be a new path, an empty folder, or a folder deptsim wrote itself: one carrying its marker file
`.deptsim-output`, which lists the files written, and holding nothing else. Staging folders left behind by a
process that was killed (kill -9 during the final write) are removed at the next write to the same target;
only folders with deptsim's staging name and file, whose process is gone, are ever removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from deptsim import __version__

MARKER = ".deptsim-output"
STAGING_MARKER = ".deptsim-staging"
STAGING_INFIX = ".deptsim-tmp-"
STALE_AFTER_SECONDS = 24 * 3600  # where a process cannot be asked whether it is alive (Windows)


class OutputError(ValueError):
    """The output folder cannot or must not be written; the message says why and how to proceed."""


def output_folder_note() -> str:
    """What `--out` does, for `--help`."""
    return ("a new folder, an empty one, or one an earlier run or compare wrote (it carries a .deptsim-output "
            "file): that one is replaced as a whole when the run ends; any other folder or file is refused, "
            "and nothing else is ever deleted")


@contextmanager
def output_folder(target: Path | str, *, command: str, keep: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Check `target` before any work is done, then yield a staging folder to write into.

    Raises OutputError at once if `target` cannot be written or is not deptsim's to replace (see the module
    docstring); `keep` are files (the scenarios being run) that must not be inside it. When the block ends
    normally the staging folder, with a marker file naming `command` and listing the files, replaces
    `target`; when it fails or is interrupted, the staging folder and any parent folders made for it are
    removed, so nothing is left behind.
    """
    target = Path(target)
    keep = [Path(path) for path in keep]
    check_target(target, keep)
    with _staging(target) as staging:
        yield staging
        _write_marker(staging, command)
        check_target(target, keep)  # again: the run may have taken hours, and someone may have used the folder
        _swap_into_place(staging, target)


@contextmanager
def atomic_folder(target: Path | str) -> Iterator[Path]:
    """Yield a staging folder; on success it replaces `target` (whatever is there), on failure it is removed.

    For folders that belong to deptsim by their place (an experiment's `analysis/`); `output_folder` is the
    careful variant for folders a user names.
    """
    target = Path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} exists and is not a folder; remove it yourself or choose another folder")
    with _staging(target) as staging:
        yield staging
        _swap_into_place(staging, target)


def write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Each DataFrame as CSV and Parquet."""
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
        frame.to_parquet(folder / f"{name}.parquet", index=False)


# --- checking the target ----------------------------------------------------------------------------------
def check_target(target: Path, keep: Iterable[Path] = ()) -> None:
    """Raise OutputError unless `target` may be written (a new path, an empty folder or deptsim's own)."""
    where = target.resolve()
    here = Path.cwd().resolve()
    if where == here or where in here.parents:
        raise OutputError(f"--out {target} is the current folder or holds it, and deptsim replaces its output "
                          "folder as a whole; choose a folder of its own, for example --out results")
    for path in keep:
        held = path.resolve()
        if where == held or where in held.parents:
            raise OutputError(f"--out {target} holds the scenario file {path}; choose another folder for the "
                              "results")
    how = "choose another --out, or move it away or remove it yourself"
    if target.is_symlink():
        raise OutputError(f"--out {target} is a symbolic link; deptsim does not replace links: {how}")
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"--out {target} is a file, and deptsim replaces only folders it wrote: {how}")
    entries = sorted(entry.name for entry in target.iterdir())
    if not entries:
        return
    written = read_marker(target)
    if written is None:
        raise OutputError(f"--out {target} is a folder deptsim did not write (it has no {MARKER} file), and "
                          f"deptsim replaces only its own output folders: {how}")
    foreign = [name for name in entries if name not in written and name not in (MARKER, STAGING_MARKER)]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputError(f"--out {target} holds files deptsim did not write ({shown}), and deptsim would "
                          f"replace the folder as a whole: move them out, or choose another --out")


def check_writable(target: Path) -> None:
    """Raise OutputError unless a folder `target` could be made (or written into, if it exists), by trying it
    in its nearest existing folder: a temporary folder is made there and removed at once."""
    existing = next((folder for folder in [target, *target.parents] if folder.exists()), Path("."))
    if not existing.is_dir():
        raise OutputError(f"cannot write to --out {target}: {existing} is a file, not a folder")
    try:
        probe = tempfile.mkdtemp(prefix=f".deptsim-probe-{os.getpid()}-", dir=existing)
    except OSError as error:
        raise OutputError(f"cannot write to --out {target}: {error.strerror or error}") from None
    os.rmdir(probe)


def read_marker(folder: Path) -> set[str] | None:
    """The files a deptsim output folder's marker lists, or None if it has no valid marker."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(content, dict) or not str(content.get("written_by", "")).startswith("deptsim"):
        return None
    files = content.get("files")
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        return None
    return set(files)


def _write_marker(folder: Path, command: str) -> None:
    files = sorted(entry.name for entry in folder.iterdir() if entry.name not in (MARKER, STAGING_MARKER))
    content = {"written_by": f"deptsim {command}", "version": __version__,
               "note": "deptsim may replace this folder as a whole when told to write here again, "
                       "as long as it holds only these files",
               "files": files}
    (folder / MARKER).write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")


# --- staging and the final rename ---------------------------------------------------------------------
@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside `target` (parents made as needed); removed with those parents on failure."""
    remove_stale_staging(target)
    made = _make_parents(target)
    try:
        staging = _new_staging(target)
    except BaseException:
        _remove_made_folders(made)
        raise
    try:
        yield staging
    except BaseException as error:
        with _interrupts_deferred():
            shutil.rmtree(staging, ignore_errors=True)
            _remove_made_folders(made)
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise OutputError(f"cannot write the results to {target}: {error.strerror or error}; "
                              "nothing was written") from None
        raise


def _make_parents(target: Path) -> list[Path]:
    """Make the missing folders above `target`; returns those made, deepest first."""
    missing = [parent for parent in [target.parent, *target.parent.parents] if not parent.exists()]
    made: list[Path] = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            made.insert(0, folder)
    except OSError as error:
        _remove_made_folders(made)
        raise OutputError(f"cannot write to --out {target}: cannot make {folder}: "
                          f"{error.strerror or error}") from None
    return made


def _remove_made_folders(made: list[Path]) -> None:
    for folder in made:  # deepest first; only while empty, so nothing anyone else put there goes
        with contextlib.suppress(OSError):
            folder.rmdir()


def _new_staging(target: Path) -> Path:
    """A hidden folder beside `target`, named and marked as deptsim's, readable like any new folder."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_INFIX}{os.getpid()}-", dir=target.parent))
    except OSError as error:
        raise OutputError(f"cannot write to --out {target}: {error.strerror or error}") from None
    try:
        (staging / STAGING_MARKER).write_text(f"deptsim {__version__}, process {os.getpid()}\n", encoding="utf-8")
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; results are as readable as any new folder
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write to --out {target}: {error.strerror or error}") from None
    return staging


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename `staging` to `target`; an existing `target` is first moved into a marked staging folder
    (so a kill -9 at this point leaves nothing the next run does not clean), then removed."""
    if target.exists():
        trash = _new_staging(target)
        moved = trash / target.name
        target.rename(moved)
        try:
            staging.rename(target)
        except BaseException:
            _put_back(moved, target)
            raise
        with _interrupts_deferred(reraise=False):  # the results are in place: finish tidying up
            shutil.rmtree(trash, ignore_errors=True)
    else:
        staging.rename(target)
    (target / STAGING_MARKER).unlink(missing_ok=True)


def _put_back(moved: Path, target: Path) -> None:
    """Undo moving the old `target` aside; if even that fails, keep it where it is, out of the stale clean-up."""
    try:
        moved.rename(target)
    except OSError:
        (moved.parent / STAGING_MARKER).unlink(missing_ok=True)
        return
    shutil.rmtree(moved.parent, ignore_errors=True)


# --- stale staging folders ----------------------------------------------------------------------------
def remove_stale_staging(target: Path) -> list[Path]:
    """Remove staging folders for `target` whose process is gone (killed during a run or its final write).

    Only folders beside `target` with deptsim's staging name (`.<name>.deptsim-tmp-<pid>-...`) and a deptsim
    marker file inside are considered; returns those removed.
    """
    pattern = re.compile(re.escape(f".{target.name}{STAGING_INFIX}") + r"(\d+)-[^/\\]+")
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or entry.is_symlink() or not entry.is_dir():
            continue
        if not ((entry / STAGING_MARKER).is_file() or (entry / MARKER).is_file()):
            continue
        if _process_alive(int(found.group(1)), entry):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _process_alive(pid: int, folder: Path) -> bool:
    """Whether process `pid` may still be writing `folder`."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would stop the process on Windows: go by age instead
        try:
            return time.time() - folder.stat().st_mtime < STALE_AFTER_SECONDS
        except OSError:
            return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


@contextmanager
def _interrupts_deferred(reraise: bool = True) -> Iterator[None]:
    """Let a second Ctrl-C not cut a clean-up short: it is held until the block ends, then raised (or, with
    `reraise` False, dropped, when the work it would stop is already done)."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and reraise:
        raise KeyboardInterrupt
