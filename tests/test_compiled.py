"""The compiled parts give numpy's numbers: sums in numpy's order, draws in the streams' own order."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numba import njit

from deptsim.childwelfare.week import returns_to_help
from deptsim.streams import RandomStreams, Uniforms, occurs, poisson_counts
from deptsim.sums import numpy_sum
from deptsim.workforce.roster import _SICK_WEEK_DONE, _SICK_WEEK_OUT_OF_DRAWS, _sick_week

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(arrays(np.float64, st.integers(0, 700), elements=finite))
def test_compiled_sum_equals_numpy_to_the_last_bit(values):
    assert numpy_sum(values) == values.sum()


def draw(ahead: Uniforms, n: int) -> np.ndarray:
    """The next `n` draws taken ahead, as compiled code takes them."""
    ahead.ensure(n)
    used = int(ahead.used[0])
    ahead.used[0] = used + n
    return ahead.values[used:used + n].copy()


def poisson(ahead: Uniforms, lam) -> np.ndarray:
    """Poisson counts from the draws taken ahead, going on after a refill wherever the draws run out."""
    lam = np.asarray(lam, dtype=np.float64)
    counts = np.empty(len(lam), dtype=np.int64)
    done, wanted = 0, 2 * len(lam) + 64
    while done < len(lam):
        ahead.ensure(wanted)
        reached = poisson_counts(ahead.values, ahead.used, lam, counts, done)
        assert reached >= 0
        wanted = 2 * (len(ahead.values) - int(ahead.used[0])) + 2 if reached == done else 2 * (len(lam) - reached) + 64
        done = reached
    return counts


@given(st.lists(st.integers(0, 50), max_size=30), st.integers(1, 64), st.integers(0, 2**32))
def test_draws_taken_ahead_are_the_streams_own(chunks, block, seed):
    ahead = Uniforms(np.random.default_rng(seed), block=block)
    taken = [draw(ahead, n) for n in chunks]
    expected = np.random.default_rng(seed).random(sum(chunks))
    assert np.array_equal(np.concatenate(taken) if taken else np.zeros(0), expected)


means = st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=10.0), st.floats(min_value=10.0, max_value=500.0))


@given(st.lists(st.lists(means, max_size=40), max_size=5), st.integers(1, 64), st.integers(0, 2**32))
def test_compiled_poisson_counts_are_the_streams_own(calls, block, seed):
    """Both of numpy's samplers (below a mean of 10 and from 10), across refills of the draws taken ahead,
    and the stream goes on where numpy's would."""
    ahead, stream = Uniforms(np.random.default_rng(seed), block=block), np.random.default_rng(seed)
    for lam in calls:
        assert np.array_equal(poisson(ahead, lam), stream.poisson(np.array(lam, dtype=np.float64)))
    assert np.array_equal(draw(ahead, 3), stream.random(3))


def test_compiled_poisson_over_many_counts_of_each_sampler():
    means = np.concatenate([np.linspace(0.0, 9.999, 3000), np.linspace(10.0, 1000.0, 3000)])
    for seed in range(3):
        assert np.array_equal(poisson(Uniforms(np.random.default_rng(seed), block=500), means),
                              np.random.default_rng(seed).poisson(means))


@njit
def _compiled_draws(g, n, shape):
    """The draw methods the compiled steps use, from four of the streams."""
    return (g.arrivals.random(n), g.escalation.exponential(1.0, n), g.need.gamma(shape, 1.5, n),
            g.age.uniform(0.0, 18.0, n), g.arrivals.permutation(n))


@given(st.integers(0, 300), st.floats(min_value=0.05, max_value=20.0), st.integers(0, 2**32))
@settings(max_examples=40, deadline=None)
def test_compiled_draws_are_the_streams_own(n, shape, seed):
    """numba's Generator methods give numpy's numbers from the streams' own generators, and move them on."""
    compiled, python = RandomStreams(seed), RandomStreams(seed)
    drawn = _compiled_draws(compiled.compiled, n, shape)
    expected = (python.arrivals.random(n), python.escalation.exponential(1.0, n), python.need.gamma(shape, 1.5, n),
                python.age.uniform(0.0, 18.0, n), python.arrivals.permutation(n))
    for got, want in zip(drawn, expected, strict=True):
        assert np.array_equal(got, want)
    for name in ("arrivals", "escalation", "need", "age"):
        assert getattr(compiled, name).random() == getattr(python, name).random()


def test_compiled_poisson_refuses_the_means_numpy_refuses():
    """numpy raises for these means; the compiled sampler says so (-1) and keeps the draws of the bad count."""
    values = np.random.default_rng(0).random(100)
    for bad in (np.nan, -1.0, 1e19):
        with pytest.raises(ValueError, match="lam"):
            np.random.default_rng(0).poisson([1.0, bad])
        used, counts = np.zeros(1, dtype=np.int64), np.zeros(2, dtype=np.int64)
        assert poisson_counts(values, used, np.array([1.0, bad]), counts, 0) == -1
        first = np.zeros(1, dtype=np.int64)
        poisson_counts(values, first, np.array([1.0]), np.zeros(1, dtype=np.int64), 0)
        assert used[0] == first[0]  # the first count's draws taken, none of the bad one's


# Shares of the hours wanted, as the allocation gives them: anything from 0 to 1 (pow and sqrt differ on
# about one in a thousand such values).
shares = st.integers(0, 2**32).map(lambda seed: np.random.default_rng(seed).random(2000))


@given(shares, st.sampled_from([0.5, 2.0, 0.0, 1.0]))
@settings(max_examples=30)
def test_returns_to_help_take_numpys_shortcuts(service, exponent):
    """numpy's `array ** scalar` takes sqrt, square, ones or a copy for these exponents."""
    assert np.array_equal(returns_to_help(service, exponent), service**exponent)


@given(shares, st.floats(min_value=0.05, max_value=5.0).filter(lambda exponent: exponent not in (0.5, 2.0)))
@settings(max_examples=30)
def test_returns_to_help_use_the_c_librarys_pow_otherwise(service, exponent):
    assert returns_to_help(service, exponent).tolist() == [math.pow(s, exponent) for s in service.tolist()]


@given(st.integers(0, 2**32), st.integers(1, 30), st.booleans())
@settings(max_examples=40, deadline=None)
def test_a_sick_week_short_of_draws_changes_nothing_and_the_same_week_follows_a_refill(seed, n, sick_leave):
    """The sickness step reads a varying number of draws: with too few it must leave everything as it was,
    so that the week run again after a refill is the week it would have been."""
    rng = np.random.default_rng(seed)
    strain, in_post = rng.random(n), rng.random(n) < 0.9
    long_sick = np.where(rng.random(n) < 0.2, rng.integers(1, 5, n), 0)
    values = rng.random(8 * n + 200)

    def week(available: int):
        used, still_sick, absent = np.zeros(1, dtype=np.int64), long_sick.copy(), np.full(n, -1.0)
        done = _sick_week(values[:available], used, in_post, still_sick, strain, absent, 3.0, 1.5, 1.2, 0.3, 8.0,
                          sick_leave)
        return done, int(used[0]), still_sick, absent

    done, needed, still_sick, absent = week(len(values))
    assert done == _SICK_WEEK_DONE and needed > 2 * n
    assert (absent >= 0).all() and (absent <= 1).all()
    for available in range(needed):
        short = week(available)
        assert short[0] == _SICK_WEEK_OUT_OF_DRAWS and short[1] == 0
        assert np.array_equal(short[2], long_sick) and (short[3] == -1.0).all()
    exact = week(needed)
    assert exact[0] == _SICK_WEEK_DONE and exact[1] == needed
    assert np.array_equal(exact[2], still_sick) and np.array_equal(exact[3], absent)


hazards = st.one_of(st.floats(min_value=0.0, max_value=50.0), st.floats(min_value=0.0, max_value=1e-300),
                    st.sampled_from([0.0, 5e-324, 1e-17, 0.5, 0.9999999999999999, 1.0]))
uniforms = st.one_of(st.floats(min_value=0.0, max_value=1.0, exclude_max=True), st.sampled_from([0.0, 5e-324]))


@given(uniforms, hazards)
def test_an_event_occurs_exactly_when_the_draw_is_below_its_chance(u, hazard):
    """The shortcut past expm1 (a draw at or above the hazard) never changes the answer; draws just below a
    hazard, where the shortcut is not taken, are checked too."""
    for draw_ in (u, hazard, np.nextafter(hazard, 0.0), -math.expm1(-hazard), np.nextafter(-math.expm1(-hazard), 0.0)):
        assert occurs(draw_, hazard) == (draw_ < -math.expm1(-hazard))
