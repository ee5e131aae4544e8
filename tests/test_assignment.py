"""The least-loaded trees choose the caseworker a scan over every position would choose."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from deptsim.workforce.assignment import NO_ONE, _empty_trees, build_trees, least_loaded, load_changed


def scanned(held, capacity, in_post, intake_team, absent, team, exclude) -> int:
    """The rule, position by position: the fewest cases per hour of capacity among the role's caseworkers
    at work (all in post if none is), passing over `exclude`; the lowest position on a tie."""
    role = [p for p in range(len(capacity)) if in_post[p] and intake_team[p] == team and capacity[p] > 0]
    at_work = [p for p in role if absent[p] < 1.0]
    candidates = [p for p in (at_work or role) if p != exclude]
    return min(candidates, key=lambda p: (held[p] * (1.0 / capacity[p]), p), default=NO_ONE)


@st.composite
def staff_and_moves(draw):
    n = draw(st.integers(0, 40))
    positions = st.integers(0, max(n - 1, 0))
    staff = {
        "held": np.array(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), dtype=np.int64),
        # few distinct capacities and loads, so that ties are common
        "capacity": np.array(draw(st.lists(st.sampled_from([0.0, 18.5, 37.0, 29.6]), min_size=n, max_size=n))),
        "in_post": np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        "intake_team": np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        "absent": np.array(draw(st.lists(st.sampled_from([0.0, 0.4, 1.0]), min_size=n, max_size=n))),
    }
    moves = draw(st.lists(st.tuples(positions, st.sampled_from([-1, 1]), st.booleans(),
                                    st.one_of(st.just(NO_ONE), positions)), max_size=60)) if n else []
    return staff, moves


@settings(max_examples=300, deadline=None)
@given(staff_and_moves())
def test_the_trees_choose_as_a_scan_would_as_cases_move(case):
    staff, moves = case
    held, capacity, in_post, intake_team, absent = (
        staff["held"], staff["capacity"], staff["in_post"], staff["intake_team"], staff["absent"])
    trees = _empty_trees(len(capacity))
    build_trees(trees, held, capacity, in_post, intake_team, absent)
    for position, change, team, exclude in moves:
        for role in (False, True):
            assert least_loaded(trees, held, capacity, role, exclude) == scanned(
                held, capacity, in_post, intake_team, absent, role, exclude)
        if held[position] + change >= 0:
            held[position] += change
            load_changed(trees, held, capacity, intake_team, position)
        assert least_loaded(trees, held, capacity, team, NO_ONE) == scanned(
            held, capacity, in_post, intake_team, absent, team, NO_ONE)


def test_a_department_without_positions_has_nobody_to_choose():
    trees = _empty_trees(0)
    empty = np.zeros(0)
    build_trees(trees, np.zeros(0, dtype=np.int64), empty, np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), empty)
    assert least_loaded(trees, np.zeros(0, dtype=np.int64), empty, False, NO_ONE) == NO_ONE
