"""Who takes a new or handed-over case: the least-loaded caseworker in the right role (ODD 7.10).

Load is cases held per nominal hour. Among those in post with hours above zero, a caseworker at work
this week is preferred to one off sick all week; ties go to the lowest position. § 11 cases go to the
intake team when there is one, other cases to the regular caseworkers.

The choice is read from a heap per role rather than a scan of every position, so that the work grows
with the department's size, not its square: each case moved pushes its caseworker's new load, and a
stale entry (an older load) is dropped when it comes to the top.
"""

from __future__ import annotations

import heapq

from deptsim.workforce.staff import NO_ONE, Roster


class Assignment:
    """The least-loaded caseworker of each role, kept up to date as cases move."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.heaps: dict[bool, list[tuple[bool, float, int, int]]] = {False: [], True: []}
        self.version: list[int] = []
        self.stale = True

    def staff_changed(self) -> None:
        """Who is in post, at work or in the team changed: rebuild before the next choice."""
        self.stale = True

    def load_changed(self, position: int) -> None:
        """A position gained or lost a case."""
        if not self.stale:
            self.version[position] += 1
            self._push(position)

    def _entry(self, position: int) -> tuple[bool, float, int, int]:
        roster = self.roster
        load = roster.held[position] / roster.nominal[position]
        return (bool(roster.absent[position] >= 1.0), float(load), position, self.version[position])

    def _push(self, position: int) -> None:
        roster = self.roster
        if roster.in_post[position] and roster.nominal[position] > 0:
            heapq.heappush(self.heaps[bool(roster.intake_team[position])], self._entry(position))

    def _rebuild(self) -> None:
        roster = self.roster
        self.version = [0] * roster.n
        self.heaps = {False: [], True: []}
        for position in range(roster.n):
            if roster.in_post[position] and roster.nominal[position] > 0:
                self.heaps[bool(roster.intake_team[position])].append(self._entry(position))
        for heap in self.heaps.values():
            heapq.heapify(heap)
        self.stale = False

    def least_loaded(self, team: bool, exclude: int = NO_ONE) -> int:
        """The least-loaded caseworker of the role other than `exclude`, or NO_ONE."""
        if self.stale:
            self._rebuild()
        heap, version, in_post = self.heaps[team], self.version, self.roster.in_post
        passed_over = None
        found = NO_ONE
        while heap:
            entry = heap[0]
            if entry[3] != version[entry[2]] or not in_post[entry[2]]:
                heapq.heappop(heap)  # an older load of this position, or its holder has left
                continue
            if entry[2] == exclude:
                passed_over = heapq.heappop(heap)
                continue
            found = entry[2]
            break
        if passed_over is not None:
            heapq.heappush(heap, passed_over)
        return found

    def pick(self, team: bool, exclude: int = NO_ONE) -> int:
        """Who should take a case: an intake-team case goes to a regular when the team has nobody."""
        position = self.least_loaded(team, exclude)
        if position == NO_ONE and team:
            position = self.least_loaded(False, exclude)
        return position
