"""Named columns: the model's state, one numpy array per attribute and one row per position or family.

A `Columns` store is declared with its columns' names, types and the value a fresh row holds, and
every column is read and written by name (`families.need[row]`), never by position in a list.
Rows are added at the end (`add`) and the arrays double when full, so appending stays cheap;
the live rows are `[:len(store)]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Column:
    """One column: its numpy type and the value a new row holds."""

    dtype: type
    fill: object


class Columns:
    """A growable table of named numpy columns."""

    def __init__(self, columns: Mapping[str, Column], capacity: int = 64) -> None:
        self._columns = dict(columns)  # own attribute names, not Mesa's or numpy's
        self.n = 0
        for name, column in self._columns.items():
            setattr(self, name, np.full(max(capacity, 1), column.fill, dtype=column.dtype))

    def __len__(self) -> int:
        return self.n

    @property
    def capacity(self) -> int:
        return len(getattr(self, next(iter(self._columns))))

    def add(self, count: int = 1) -> np.ndarray:
        """Append `count` rows holding each column's fill; returns their indices."""
        self.reserve(count)
        rows = np.arange(self.n, self.n + count)
        self.n += count
        return rows

    def add_one(self) -> int:
        """Append one row holding each column's fill; returns its index."""
        if self.n == self.capacity:
            self.reserve(1)
        self.n += 1
        return self.n - 1

    def reserve(self, extra: int) -> None:
        """Room for `extra` more rows (the arrays at least double when they grow)."""
        capacity = self.capacity
        if self.n + extra <= capacity:
            return
        size = max(2 * capacity, self.n + extra)
        for name, column in self._columns.items():
            grown = np.full(size, column.fill, dtype=column.dtype)
            grown[:self.n] = getattr(self, name)[:self.n]
            setattr(self, name, grown)

    def names(self) -> list[str]:
        return list(self._columns)

    def live(self, name: str) -> np.ndarray:
        """The live part of a column (a view)."""
        return getattr(self, name)[:self.n]
