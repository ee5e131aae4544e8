"""Experiments: replicates, sweeps and sensitivity analyses of the model, on one machine or a Dask cluster.

    from deptsim.experiments import DaskExecutor, analyse_folder, load_experiment, run_experiment

    experiment = load_experiment("experiments/tipping_point.toml")
    run_experiment(experiment, "tipping", DaskExecutor(client=client))   # or ProcessExecutor(4), SerialExecutor()
    print(analyse_folder("tipping").text)

See docs/experiments.md for the file format and the results folder.

The names are imported on first use (PEP 562): a worker process that only simulates runs imports
`deptsim.experiments.worker` without SALib, SciPy, Dask or Matplotlib, which saves each Dask worker
(and the fork server local workers fork from, deptsim.workers) most of a second.
"""

from importlib import import_module
from typing import Any

_HOMES = {
    "Analysis": "analysis", "AnalysisError": "analysis", "analyse_folder": "analysis",
    "DaskExecutor": "executors", "ProcessExecutor": "executors", "SerialExecutor": "executors",
    "Experiment": "experiment", "ExperimentError": "experiment", "load_experiment": "experiment",
    "ExperimentReport": "runner", "run_experiment": "runner",
    "ExperimentFolder": "storage", "FolderError": "storage",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
