"""Each compiled kernel agrees with its numpy twin (deptsim.compiled), on any inputs the model can give it."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from deptsim import compiled
from deptsim.draws import Draws, uniform_compiled, uniform_numpy
from deptsim.workforce.allocation import N_PRIORITIES, allocate_compiled, allocate_numpy

pytestmark = pytest.mark.skipif(not compiled.ENABLED, reason="numba's compiler is off: only the twins run")

hours = st.one_of(st.just(0.0), st.floats(1e-6, 60.0))  # a caseworker's hours: none, or at least a few seconds
shares = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def weeks_of_hours(draw) -> dict:
    """A week's positions and cases as the workload step hands them to the allocation."""
    positions = draw(st.integers(1, 12))
    cases = draw(st.integers(0, 60))
    return {
        "nominal": draw(arrays(float, positions, elements=hours)),
        "absent": draw(arrays(float, positions, elements=st.sampled_from([0.0, 0.2, 0.6, 1.0]))),
        "duty": draw(arrays(float, positions, elements=shares)),
        "holder": draw(arrays(np.int64, cases, elements=st.integers(-1, positions - 1))),
        "demand": draw(arrays(float, cases, elements=st.one_of(st.just(0.0), st.floats(1e-9, 12.0)))),
        "priority": draw(arrays(np.int64, cases, elements=st.integers(0, N_PRIORITIES - 1))),
        "age_order": draw(arrays(float, cases, elements=st.sampled_from([-300.0, 0.0, 5.5, 168.0, 400.0]))),
        "spread_sick_cases": draw(st.booleans()),
        "spare_hours_to_intake": draw(st.booleans()),
    }


@settings(max_examples=300)
@given(weeks_of_hours())
def test_the_compiled_allocation_shares_hours_as_the_numpy_one(week):
    twin = allocate_numpy(**week)
    service, overload, intake, served = allocate_compiled(**week)
    np.testing.assert_allclose(service, twin.service, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(overload, twin.overload, rtol=1e-9, atol=1e-12)
    assert intake == pytest.approx(twin.intake_hours, rel=1e-9, abs=1e-9)
    assert served == pytest.approx(twin.served, rel=1e-9, abs=1e-9)


@settings(max_examples=200)
@given(st.integers(0, 2**40), st.lists(st.integers(0, 2**62), max_size=50), st.sampled_from(["escalation", "visits"]),
       st.integers(0, 2000), st.integers(0, 3))
def test_the_compiled_draws_are_the_numpy_ones(seed, ids, decision, week, k):
    draws = Draws(seed)
    keys = draws.family_keys(np.array(ids, dtype=np.uint64))
    salt = np.uint64(draws.salt(decision, week, k))
    np.testing.assert_array_equal(uniform_compiled(keys, salt), uniform_numpy(keys, salt))
    assert [draws.uniform_one(decision, key, week, k) for key in keys.tolist()] == uniform_numpy(keys, salt).tolist()


def test_the_first_run_after_installing_says_it_compiles_and_the_next_does_not(tmp_path):
    """With an empty compile cache the first run says on the terminal that it compiles; once cached it is quiet."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = "import deptsim; deptsim.simulate(seed=1, years=0.1)"
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                    check=True) for _ in range(2))
    assert "compiling the model's kernels once" in first.stderr
    assert "compiling" not in second.stderr
