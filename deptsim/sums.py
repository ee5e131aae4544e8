"""numpy's own summation, compiled: so that compiled code sums to the last bit as numpy does.

numpy adds a float64 array pairwise (eight running sums in blocks of up to 128, halves beyond
that), not left to right; a plain loop would differ in the last bits, and one flipped
comparison later a run would take another path. Checked against numpy on arrays of every
length up to 40 and of 100 to 5,000 elements.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def numpy_sum(values):
    """The sum of a float64 array, added up in numpy's (pairwise) order."""
    n = len(values)
    if n < 8:
        total = 0.0
        for x in values:
            total += x
        return total
    if n <= 128:
        r = values[:8].copy()
        i = 8
        while i < n - n % 8:
            for j in range(8):
                r[j] += values[i + j]
            i += 8
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            total += values[i]
            i += 1
        return total
    half = n // 2
    half -= half % 8
    return numpy_sum(values[:half]) + numpy_sum(values[half:])
