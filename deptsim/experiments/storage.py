"""An experiment's folder: its manifest, one small Parquet file per finished run, and the tidy tables.

    DIR/manifest.json            the experiment as plain data, its digest and the deptsim version
    DIR/design.parquet           the design points, exactly as the design drew them
    DIR/runs/<run id>.parquet    one row per finished run: coordinates, seed, factors, status, headline figures
    DIR/weekly/<run id>.parquet  the run's weekly series, when the experiment keeps them
    DIR/results.parquet (.csv)   every run in one table, sorted, written when the experiment ends
    DIR/analysis/                response tables, sensitivity indices and plots

Every file is written under a temporary name and renamed into place, so a run's file is either complete
or absent whenever the experiment is killed; a run's file is its only record, so resuming (skip the run
ids that have a file) can neither lose nor duplicate a run. Files whose names start with a dot are
invisible to Parquet readers, so a leftover temporary file never shows up in the data.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from deptsim import __version__
from deptsim.experiments.design import RunTask
from deptsim.experiments.experiment import Experiment
from deptsim.experiments.factors import CaseloadTarget
from deptsim.experiments.worker import RunOutcome

ARROW_TYPES = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.string()}
OK, FAILED = "ok", "failed"


class FolderError(ValueError):
    """An output folder that cannot take this experiment's results."""


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(temporary)
    os.replace(temporary, path)


def results_schema(experiment: Experiment) -> pa.Schema:
    """The columns of the run table: the same in every run's file, so the folder reads as one dataset."""
    fields = [pa.field("run_id", pa.string()), pa.field("point", pa.int64()), pa.field("replicate", pa.int64()),
              pa.field("seed", pa.int64())]
    fields += [pa.field(f.name, ARROW_TYPES[f.type]) for f in experiment.factors]
    if any(isinstance(f.target, CaseloadTarget) for f in experiment.factors):
        fields.append(pa.field("positions", pa.int64()))
    fields += [pa.field("status", pa.string()), pa.field("error", pa.string())]
    fields += [pa.field(key, pa.float64()) for key in experiment.department.summary_keys]
    return pa.schema(fields)


class ExperimentFolder:
    """Reads and writes one experiment's folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.manifest_path = self.path / "manifest.json"
        self.design_path = self.path / "design.parquet"
        self.runs_dir = self.path / "runs"
        self.weekly_dir = self.path / "weekly"
        self.results_path = self.path / "results.parquet"
        self.analysis_dir = self.path / "analysis"

    # --- the manifest ------------------------------------------------------------------------------
    def prepare(self, experiment: Experiment) -> None:
        """Start the folder for this experiment, or check that it already holds this very experiment."""
        digest = experiment.digest()
        if self.manifest_path.is_file():
            manifest = self.manifest()
            if manifest["digest"] != digest:
                raise FolderError(
                    f"{self.path} holds the results of a different experiment ({manifest['name']!r} from "
                    f"{manifest['file']}); {experiment.path} has changed since, or is another experiment. Mixing "
                    "them would give wrong tables: use another --out folder, or delete this one to start again")
            if manifest["deptsim_version"] != __version__:
                raise FolderError(
                    f"{self.path} was written by deptsim {manifest['deptsim_version']} and this is deptsim "
                    f"{__version__}; the model may differ, so results are not mixed: use another --out folder")
        elif self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
            raise FolderError(f"{self.path} exists and is not an experiment folder (no manifest.json); "
                              "give an empty or new --out folder")
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            design = pd.DataFrame(experiment.points.sample, columns=[f.name for f in experiment.factors]) \
                if experiment.points.sample is not None else pd.DataFrame(experiment.points.values)
            design.insert(0, "point", range(len(experiment.points.values)))
            _write_atomically(self.design_path, lambda p: design.to_parquet(p, index=False))
            self.write_manifest({
                "name": experiment.name, "file": str(experiment.path), "digest": digest,
                "deptsim_version": __version__, "points": len(experiment.points.values),
                "runs": len(experiment.points.values) * experiment.replicates, "experiment": experiment.normalised(),
            })
        self.runs_dir.mkdir(exist_ok=True)
        if experiment.weekly:
            self.weekly_dir.mkdir(exist_ok=True)

    def manifest(self) -> dict[str, Any]:
        if not self.manifest_path.is_file():
            raise FolderError(f"{self.path} is not an experiment folder: it has no manifest.json")
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        text = json.dumps(manifest, indent=2, sort_keys=False)
        _write_atomically(self.manifest_path, lambda p: p.write_text(text + "\n", encoding="utf-8"))

    def design(self) -> pd.DataFrame:
        return pd.read_parquet(self.design_path)

    # --- runs --------------------------------------------------------------------------------------
    def finished_run_ids(self) -> set[str]:
        """The runs that have their file; leftover temporary files of a killed experiment are removed."""
        for folder in (self.runs_dir, self.weekly_dir):
            for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
                leftover.unlink(missing_ok=True)
        return {path.stem for path in self._run_files()}

    def failed_run_ids(self) -> set[str]:
        table = self.runs()
        return set(table.run_id[table.status == FAILED])

    def forget(self, run_ids: Iterable[str]) -> None:
        """Remove these runs' files, so that they run again."""
        for run_id in run_ids:
            (self.weekly_dir / f"{run_id}.parquet").unlink(missing_ok=True)
            (self.runs_dir / f"{run_id}.parquet").unlink(missing_ok=True)

    def write_run(self, row: dict[str, Any], schema: pa.Schema, weekly: pd.DataFrame | None) -> None:
        """Record one finished run: its weekly series first, so a run's row implies its series."""
        run_id = row["run_id"]
        if weekly is not None:
            keys = pd.DataFrame({"run_id": run_id, "point": row["point"], "replicate": row["replicate"]},
                                index=weekly.index)
            series = pa.Table.from_pandas(pd.concat([keys, weekly], axis=1), preserve_index=False)
            _write_atomically(self.weekly_dir / f"{run_id}.parquet", lambda p: pq.write_table(series, p))
        table = pa.Table.from_pylist([row], schema=schema)
        _write_atomically(self.runs_dir / f"{run_id}.parquet", lambda p: pq.write_table(table, p))

    def runs(self) -> pd.DataFrame:
        """Every finished run, sorted by design point and replicate."""
        files = self._run_files()
        if not files:
            return pd.DataFrame(columns=["run_id", "point", "replicate", "status"])
        table = ds.dataset([str(f) for f in files], format="parquet").to_table().to_pandas()
        return table.sort_values(["point", "replicate"], ignore_index=True)

    def consolidate(self) -> pd.DataFrame:
        """Write every finished run as one table (Parquet and CSV) and return it."""
        results = self.runs()
        _write_atomically(self.results_path, lambda p: results.to_parquet(p, index=False))
        _write_atomically(self.results_path.with_suffix(".csv"), lambda p: results.to_csv(p, index=False))
        return results

    def _run_files(self) -> list[Path]:
        return sorted(self.runs_dir.glob("[!.]*.parquet")) if self.runs_dir.is_dir() else []


def run_row(task: RunTask, outcome: RunOutcome, *, with_positions: bool,
            summary_keys: tuple[str, ...]) -> dict[str, Any]:
    """A run's row: its coordinates and factors, then its status, error and headline figures (`summary_keys`, its
    kind of department's)."""
    row = {"run_id": task.run_id, "point": task.point, "replicate": task.replicate, "seed": task.seed,
           **task.values}
    if with_positions:
        row["positions"] = outcome.positions
    row["status"] = FAILED if outcome.error else OK
    row["error"] = outcome.error
    row.update({key: outcome.summary.get(key, float("nan")) for key in summary_keys})
    return row
