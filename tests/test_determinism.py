"""The same parameters and seed give identical results, in this process or another."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from deptsim import Parameters, simulate


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
