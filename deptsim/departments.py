"""The kinds of department deptsim simulates, and what each needs the tools to know: its parameters, how to run
it, its headline figures, which of its weekly costs are its clients' (the savings a reform may bring) and which
reforms apply to it. A scenario file picks one with `[scenario] kind`; the command line, the reports and the
cost-benefit table read the rest from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from deptsim import params as childwelfare_params
from deptsim.jobcentre import model as jobcentre_model
from deptsim.jobcentre import results as jobcentre_results
from deptsim.jobcentre.parameters import JobCentreParameters
from deptsim.model import WEEKLY_COLUMNS
from deptsim.paramspec import ParameterSet
from deptsim.results import SUMMARY_KEYS
from deptsim.simulation import simulate


@dataclass(frozen=True)
class DepartmentKind:
    """One kind of department."""

    name: str
    """As a scenario file names it (`[scenario] kind`)."""
    parameters: type[ParameterSet]
    simulate: Callable[..., Any]
    """simulate(params, *, seed, years, interventions) -> a result with `weekly` and `summary(from_year)`."""
    summary_keys: tuple[str, ...]
    """The headline figures of `result.summary`, in the order tables show them."""
    weekly_columns: tuple[str, ...]
    """The columns of `result.weekly`."""
    client_costs: tuple[str, ...]
    """The weekly cost columns of what the clients receive (placements and measures; benefits)."""
    interventions: tuple[str, ...] | None
    """The reforms (intervention kinds) that apply; None: all."""
    cases: Callable[[Mapping[str, Any]], float]
    """The open cases a department starts with, from its parameter values (to size it by caseload)."""
    clients: tuple[str, str]
    """What its clients are called in a heading, in English and Danish (with the count's parameter below)."""
    client_count: Callable[[Any], int]

    def positions_for_caseload(self, values: Mapping[str, Any], caseload: float) -> int:
        """The positions that give about `caseload` open cases per position at the start (at least one).

        It takes parameter values, not a parameter set, so that a scenario file's `caseload` and an
        experiment's caseload factor can size the department before the whole set is validated."""
        return max(1, round(self.cases(values) / caseload))


def _citizens(values: Mapping[str, Any]) -> float:
    return float(values["education_benefit_citizens"] + values["cash_benefit_citizens"]
                 + values["rehabilitation_citizens"])


CHILDREN_AND_FAMILY = DepartmentKind(
    name="children_and_family", parameters=childwelfare_params.Parameters, simulate=simulate,
    summary_keys=SUMMARY_KEYS, weekly_columns=WEEKLY_COLUMNS, client_costs=("cost_placement", "cost_preventive"),
    interventions=None,
    cases=childwelfare_params.starting_cases, clients=("children", "børn"), client_count=lambda p: p.children)
JOB_CENTRE = DepartmentKind(
    name="job_centre", parameters=JobCentreParameters, simulate=jobcentre_results.simulate,
    summary_keys=jobcentre_results.SUMMARY_KEYS, weekly_columns=jobcentre_model.WEEKLY_COLUMNS,
    client_costs=("cost_benefits",),
    interventions=("add_positions", "caseload_target", "team_leaders", "mentoring", "hiring_freeze", "budget_cut",
                   "parameters"),
    cases=_citizens, clients=("citizens on benefit", "borgere på ydelse"),
    client_count=lambda p: int(_citizens(p.__dict__)))

KINDS: dict[str, DepartmentKind] = {kind.name: kind for kind in (CHILDREN_AND_FAMILY, JOB_CENTRE)}
DEFAULT_KIND = CHILDREN_AND_FAMILY.name


def kind_of(params: ParameterSet) -> DepartmentKind:
    """The kind of department these parameters describe."""
    return next(kind for kind in KINDS.values() if isinstance(params, kind.parameters))
