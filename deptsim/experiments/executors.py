"""Where runs execute: in this process, in local worker processes, or on a Dask distributed cluster.

An executor takes the experiment's shared RunJob and the runs to do, and yields each run's outcome as it
finishes, in whatever order. Scheduling is left to the standard library's ProcessPoolExecutor or to Dask.
A run whose worker died (its process killed; on Dask, after Dask has retried it on other workers) comes
back as a LostRun: it is not recorded, so running the experiment again does it.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from deptsim.experiments.design import RunTask
from deptsim.experiments.worker import RunJob, RunOutcome, simulate_run
from deptsim.workers import worker_pool

CONNECT_TIMEOUT = "20s"


@dataclass(frozen=True)
class LostRun:
    """A run that did not finish because its worker died."""

    run_id: str
    reason: str


class Executor(Protocol):
    """Runs an experiment's runs somewhere; used as a context manager around `outcomes`."""

    def __enter__(self) -> Executor: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None: ...

    def describe(self) -> str: ...

    def outcomes(self, job: RunJob, tasks: Sequence[RunTask]) -> Iterator[RunOutcome | LostRun]: ...


class SerialExecutor:
    """One run after another in this process: no start-up cost, and tracebacks stay readable."""

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        return None

    def describe(self) -> str:
        return "in this process"

    def outcomes(self, job: RunJob, tasks: Sequence[RunTask]) -> Iterator[RunOutcome | LostRun]:
        for task in tasks:
            yield simulate_run(job, task)


class ProcessExecutor:
    """Runs in parallel on this machine, one worker process per core by default."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        self.pool = worker_pool(self.workers)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc_info: Any) -> None:
        assert self.pool is not None
        self.pool.shutdown(wait=kind is None, cancel_futures=True)

    def describe(self) -> str:
        return f"on {self.workers} local worker processes"

    def outcomes(self, job: RunJob, tasks: Sequence[RunTask]) -> Iterator[RunOutcome | LostRun]:
        assert self.pool is not None
        futures = {self.pool.submit(simulate_run, job, task): task.run_id for task in tasks}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    yield LostRun(futures[future], "a worker process died")
        finally:
            for future in futures:
                future.cancel()


class DaskExecutor:
    """Runs on a Dask distributed cluster: a LocalCluster started here, a scheduler at an address
    (`dask scheduler` and `dask worker`, or dask-jobqueue on Slurm/PBS), or a Client you already hold.

    Workers return results to this process, which writes them: the workers need deptsim installed but
    no access to the output folder.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, client: Any = None) -> None:
        self.address, self.workers = address, workers
        self.client, self.cluster = client, None
        self.owns_client = client is None

    def __enter__(self) -> DaskExecutor:
        # Imported here: distributed takes a while to import, and local runs do not need it.
        from distributed import Client, LocalCluster

        if self.client is not None:
            return self
        if self.address:
            try:
                self.client = Client(self.address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as error:
                raise ValueError(f"cannot reach the Dask scheduler at {self.address}: {error}") from None
        else:
            self.cluster = LocalCluster(n_workers=self.workers or os.cpu_count() or 1, threads_per_worker=1,
                                        processes=True, silence_logs=logging.ERROR, dashboard_address=None)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self.owns_client and self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def describe(self) -> str:
        workers = len(self.client.scheduler_info()["workers"])
        where = f"the Dask cluster at {self.client.scheduler.address}" if self.cluster is None \
            else "a Dask LocalCluster"
        return f"on {where} ({workers} workers)"

    def outcomes(self, job: RunJob, tasks: Sequence[RunTask]) -> Iterator[RunOutcome | LostRun]:
        from distributed import as_completed as dask_as_completed

        if not tasks:
            return
        shared = self.client.scatter(job, broadcast=True)
        attempt = uuid.uuid4().hex[:8]  # keys unique per attempt, so a resumed experiment never meets stale ones
        futures = [self.client.submit(simulate_run, shared, task, key=f"deptsim-{task.run_id}-{attempt}")
                   for task in tasks]
        run_ids = {future.key: task.run_id for future, task in zip(futures, tasks, strict=True)}
        try:
            for future in dask_as_completed(futures):
                if future.status == "finished":
                    yield future.result()
                else:
                    error = future.exception()
                    yield LostRun(run_ids[future.key], f"{type(error).__name__}: {error}")
                future.release()
        finally:
            self.client.cancel(futures)
