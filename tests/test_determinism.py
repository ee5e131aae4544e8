"""The same parameters and seed give identical results, in this process or another."""

from __future__ import annotations

import gc
import subprocess
import sys
from dataclasses import dataclass, field

import pandas as pd
import pytest

from deptsim import Parameters, simulate
from deptsim.interventions import Intervention


def fingerprint(result) -> str:
    frames = (result.weekly, result.events, result.referrals, result.investigations, result.cases)
    return "".join(str(pd.util.hash_pandas_object(frame, index=True).sum()) for frame in frames)


def test_same_seed_same_everything():
    params = Parameters(positions=20, mentoring=True, sick_cover="spread")
    first, second = simulate(params, seed=7, years=3), simulate(params, seed=7, years=3)
    pd.testing.assert_frame_equal(first.weekly, second.weekly)
    pd.testing.assert_frame_equal(first.events, second.events)
    pd.testing.assert_frame_equal(first.referrals, second.referrals)
    assert first.summary(from_year=1) == second.summary(from_year=1)


def test_another_seed_gives_another_run():
    assert fingerprint(simulate(seed=1, years=1)) != fingerprint(simulate(seed=2, years=1))


def test_a_fresh_process_gives_the_same_run():
    code = ("import deptsim, pandas as pd; r = deptsim.simulate(seed=5, years=2); "
            "print(''.join(str(pd.util.hash_pandas_object(f, index=True).sum()) for f in "
            "(r.weekly, r.events, r.referrals, r.investigations, r.cases)))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == fingerprint(simulate(seed=5, years=2))


# What numpy and OpenBLAS would run on an older CPU: numpy without its optional vector instructions
# (AVX-512, AVX2; found at run time), OpenBLAS with its kernels for a Pentium 4 (a DYNAMIC_ARCH build, as
# in numpy's wheels; another BLAS ignores the setting).
OLDER_CPU = (
    "import os, subprocess, sys, numpy as np\n"
    "core = np._core if hasattr(np, '_core') else np.core\n"
    "umath = core._multiarray_umath\n"
    "optional = [f for f in umath.__cpu_dispatch__ if umath.__cpu_features__.get(f)]\n"
    "env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=' '.join(optional), OPENBLAS_CORETYPE='Prescott')\n"
    "sys.exit(subprocess.run([sys.executable, '-c', sys.argv[1]], env=env).returncode)\n"
)


def test_results_do_not_depend_on_the_cpu():
    """A seed gives the same results on any x86-64 CPU: nothing is summed by BLAS, whose kernels and order of
    addition differ by CPU, and numpy's vector paths give what its plain ones do for the model's numbers."""
    code = ("import deptsim, pandas as pd\n"
            "from deptsim import Parameters\n"
            "for params in (Parameters(), Parameters(positions=20, sick_cover='spread')):\n"
            "    r = deptsim.simulate(params, seed=5, years=3)\n"
            "    print(''.join(str(pd.util.hash_pandas_object(f, index=True).sum()) for f in "
            "(r.weekly, r.events, r.referrals, r.investigations, r.cases)))\n")
    here = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    older = subprocess.run([sys.executable, "-c", OLDER_CPU, code], capture_output=True, text=True)
    assert older.returncode == 0, older.stderr[-2000:]
    assert older.stdout == here


def test_switching_a_reform_on_leaves_other_streams_alone():
    """Common random numbers: mentoring changes nothing before the first vacancy is filled."""
    plain = simulate(Parameters(), seed=9, years=1)
    mentored = simulate(Parameters(mentoring=True), seed=9, years=1)
    first_hire = int(plain.weekly.hires.to_numpy().nonzero()[0][0])
    pd.testing.assert_frame_equal(plain.weekly.iloc[:first_hire], mentored.weekly.iloc[:first_hire])



@dataclass(frozen=True)
class FreezeProbe(Intervention):
    """Notes, in the middle of a run, how many objects the collector has set aside; fails the run if asked."""

    seen: list = field(default_factory=list)
    fail: bool = False

    def apply(self, model) -> None:
        self.seen.append(gc.get_freeze_count())
        if self.fail:
            raise RuntimeError("a run that fails")


def test_a_run_sets_objects_aside_from_the_collector_and_puts_them_back():
    """During a run the objects from before it are frozen (a full collection does not rescan them), and
    each week what the run keeps joins them; after it, and after a run that fails, the collector is as it
    was."""
    assert gc.get_freeze_count() == 0
    early, late = FreezeProbe(week=2), FreezeProbe(week=8)
    before = len(gc.get_objects())
    simulate(seed=1, years=0.2, interventions=[early, late])
    assert early.seen[0] >= before * 0.9 and gc.get_freeze_count() == 0
    # the agents of the families that entered in weeks 2-7 were set aside as the weeks ended
    assert late.seen[0] > early.seen[0]
    with pytest.raises(RuntimeError):
        simulate(seed=1, years=0.2, interventions=[FreezeProbe(week=2, fail=True)])
    assert gc.get_freeze_count() == 0


# In a fresh process (earlier runs' objects do not come loose in the middle): a department with reforms
# that change the staff and the intake, run once so that every compiled step is loaded, then again,
# counting what only the collector can free from its third week on.
WEEKS_OF_GARBAGE = (
    "import gc\n"
    "from deptsim import interventions as iv\n"
    "from deptsim.model import DepartmentModel\n"
    "def department():\n"
    "    return DepartmentModel(seed=2, interventions=[iv.IntakeTeam(week=10, size=4),\n"
    "        iv.AddPositions(week=20, count=10), iv.AddPositions(week=40, count=-6),\n"
    "        iv.CaseloadTarget(week=50, target=20.0)])\n"
    "warm_up = department()\n"
    "for _ in range(82):\n"
    "    warm_up.step()\n"
    "model = department()\n"
    "model.step(); model.step()\n"
    "gc.collect(); gc.disable()\n"
    "for _ in range(80):\n"
    "    model.step()\n"
    "print(gc.collect())\n"
)


def test_the_weeks_of_a_run_leave_no_cyclic_garbage():
    """What a week frees, reference counting frees, so setting aside from the collector what lived through
    it leaves nothing uncollected."""
    found = subprocess.run([sys.executable, "-c", WEEKS_OF_GARBAGE], capture_output=True, text=True, check=True)
    assert int(found.stdout) == 0


def test_a_run_leaves_objects_frozen_by_someone_else_as_they_are():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        probe = FreezeProbe(week=1)
        simulate(seed=1, years=0.1, interventions=[probe])
        # frozen objects that are freed leave the count, so it may only fall: never rise (a second freeze)
        # and never reach 0 (an unfreeze)
        assert 0 < probe.seen[0] <= frozen and 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
