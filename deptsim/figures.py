"""The week's figures about staff and cases, counted in one compiled pass each.

The weekly row needs a dozen counts and sums over positions and families; as numpy calls
they cost more than the week's casework. Sums are added in numpy's order (deptsim.sums),
so the figures equal the numpy ones to the last bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from deptsim.childwelfare.family import ADVICE, Stage
from deptsim.sums import numpy_sum

N_STAGES = len(Stage)


@njit(cache=True)
def staff_figures(in_post, absent, productivity, long_sick_weeks, strain, mentor_of):
    """Staff in post, FTE present, FTE effective (times productivity), FTE off sick, people on long
    sick leave, mean strain of staff in post, mentors active."""
    n = len(in_post)
    present = np.empty(n)
    effective = np.empty(n)
    sick = np.empty(n)
    strain_in_post = np.empty(n)
    staff = long_sick = mentors = 0
    for p in range(n):
        here = 1.0 if in_post[p] else 0.0
        present[p] = (1.0 - absent[p]) * here
        effective[p] = present[p] * productivity[p]
        sick[p] = absent[p] * here
        if in_post[p]:
            strain_in_post[staff] = strain[p]
            staff += 1
        long_sick += long_sick_weeks[p] > 0
        mentors += mentor_of[p] >= 0
    strain_mean = numpy_sum(strain_in_post[:staff]) / staff if staff else 0.0
    return staff, numpy_sum(present), numpy_sum(effective), numpy_sum(sick), long_sick, strain_mean, mentors


@njit(cache=True)
def case_figures(active, stage, pending_referral, holder):
    """Families in each stage, families awaiting an assessment, open cases without a caseworker."""
    stages = np.zeros(N_STAGES, dtype=np.int64)
    waiting = unassigned = 0
    for row in range(len(active)):
        if active[row]:
            stages[stage[row]] += 1
            waiting += pending_referral[row] >= 0
        unassigned += holder[row] < 0 and stage[row] >= ADVICE
    return stages, waiting, unassigned
