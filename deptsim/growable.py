"""Column arrays that double when full: the stores the compiled casework writes into.

Compiled code cannot grow an array it was handed, so each store makes room before a call
(`reserve`) and the columns are replaced by larger copies here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def grow_columns(owner: object, fills: Mapping[str, object], used: int, extra: int) -> bool:
    """Give the owner's columns (attributes named in `fills`) room for `extra` entries after the
    first `used`, doubling them at least; new slots hold the column's fill. True if they grew."""
    capacity = len(getattr(owner, next(iter(fills))))
    if used + extra <= capacity:
        return False
    size = max(2 * capacity, used + extra)
    for name, fill in fills.items():
        column = getattr(owner, name)
        grown = np.empty(size, dtype=column.dtype)
        grown[:used] = column[:used]
        grown[used:] = fill
        setattr(owner, name, grown)
    return True
