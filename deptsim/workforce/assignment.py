"""Case assignment: who gets a new or handed-over case.

A case goes to the least-loaded caseworker in the right role (cases held per
hour of capacity), preferring colleagues who are at work this week. The choice
is made in the compiled casework (`deptsim.childwelfare.casework.pick`), which
also keeps `held` up to date as cases move; this class holds the counts, the
week's capacities and the trees the choice is read from.

The least loaded is kept in tournament trees, one for each role's caseworkers at
work and one for each role's caseworkers in post: every node holds the less loaded
of its two children. A case that moves updates the two trees of its caseworker's
role, leaf to root, and a choice reads a root, or the siblings along one path when a
caseworker is passed over. A scan over every position for every case that moves made
the casework grow with the square of the department's size (docs/performance.md).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from deptsim.workforce.roster import Roster

NO_ONE = -1
# Rows of the trees: for the regular caseworkers (0) and the intake team (2), those at work this week and all in post.
AT_WORK, IN_POST = 0, 1


class CaseAssignment:
    """Cases held per position, each position's hours this week if present, and the least-loaded trees."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.held = np.zeros(len(roster.in_post), dtype=np.int64)
        self.capacity = np.ones(len(roster.in_post))
        self.trees = _empty_trees(len(self.capacity))

    def start_week(self) -> None:
        """Take this week's capacity per position (updated in place while the positions stay the same)."""
        capacity = self.roster.nominal_hours()
        if len(capacity) == len(self.capacity):
            self.capacity[:] = capacity
        else:
            self.capacity = capacity
            self.trees = _empty_trees(len(capacity))
        extra = len(capacity) - len(self.held)
        if extra > 0:
            self.held = np.concatenate([self.held, np.zeros(extra, dtype=np.int64)])


def _empty_trees(positions: int) -> np.ndarray:
    """Room for the four trees over `positions` leaves (a power of two of them; node 1 is the root)."""
    leaves = 1 << max(positions - 1, 0).bit_length()
    return np.full((4, 2 * leaves), NO_ONE, dtype=np.int64)


@njit(cache=True)
def _less_loaded(a, b, held, capacity):
    """The less loaded of positions a and b (either may be NO_ONE); on a tie the lower position, which is
    the one a scan in order of position would keep."""
    if a < 0:
        return b
    if b < 0:
        return a
    load_a = held[a] * (1.0 / capacity[a])
    load_b = held[b] * (1.0 / capacity[b])
    return b if load_b < load_a or (load_b == load_a and b < a) else a


@njit(cache=True)
def build_trees(trees, held, capacity, in_post, intake_team, absent):
    """Fill the trees from the positions as they are now (whenever who is in post, at work or on the team
    may have changed)."""
    leaves = trees.shape[1] // 2
    trees[:, :] = NO_ONE
    for pos in range(len(capacity)):
        if in_post[pos] and capacity[pos] > 0:
            role = 2 if intake_team[pos] else 0
            trees[role + IN_POST, leaves + pos] = pos
            if absent[pos] < 1.0:
                trees[role + AT_WORK, leaves + pos] = pos
    for tree in range(4):
        for node in range(leaves - 1, 0, -1):
            trees[tree, node] = _less_loaded(trees[tree, 2 * node], trees[tree, 2 * node + 1], held, capacity)


@njit(cache=True)
def load_changed(trees, held, capacity, intake_team, pos):
    """Position `pos` gained or lost a case: update its role's trees from its leaf up."""
    leaves = trees.shape[1] // 2
    role = 2 if intake_team[pos] else 0
    for tree in (role + AT_WORK, role + IN_POST):
        node = (leaves + pos) // 2
        while node >= 1:
            trees[tree, node] = _less_loaded(trees[tree, 2 * node], trees[tree, 2 * node + 1], held, capacity)
            node //= 2


@njit(cache=True)
def least_loaded(trees, held, capacity, team, exclude):
    """Fewest cases per hour of capacity among the role's caseworkers at work (all in post if none is),
    passing over `exclude` (NO_ONE for nobody); NO_ONE when there is nobody."""
    role = 2 if team else 0
    tree = role + AT_WORK if trees[role + AT_WORK, 1] != NO_ONE else role + IN_POST
    if exclude < 0:
        return trees[tree, 1]
    best = NO_ONE
    node = trees.shape[1] // 2 + exclude
    while node > 1:
        best = _less_loaded(best, trees[tree, node ^ 1], held, capacity)
        node //= 2
    return best
