"""The compiled parts give numpy's numbers: sums in numpy's order, draws taken ahead in the stream's order."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from deptsim.streams import Uniforms
from deptsim.sums import numpy_sum

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(arrays(np.float64, st.integers(0, 700), elements=finite))
def test_compiled_sum_equals_numpy_to_the_last_bit(values):
    assert numpy_sum(values) == values.sum()


@given(st.lists(st.integers(0, 50), max_size=30), st.integers(1, 64), st.integers(0, 2**32))
def test_draws_taken_ahead_are_the_streams_own(chunks, block, seed):
    ahead = Uniforms(np.random.default_rng(seed), block=block)
    taken = [ahead.draw(n) for n in chunks]
    expected = np.random.default_rng(seed).random(sum(chunks))
    assert np.array_equal(np.concatenate(taken) if taken else np.zeros(0), expected)
