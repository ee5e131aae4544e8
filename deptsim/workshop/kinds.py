"""What the workshop shows and offers for each kind of department (`deptsim.departments`): the model it runs,
the picture of its clients, its charts and its levers. Everything kind-specific on the page comes from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from deptsim.departments import CHILDREN_AND_FAMILY, JOB_CENTRE, DepartmentKind, kind_of
from deptsim.jobcentre.model import JobCentreModel
from deptsim.model import DepartmentModel
from deptsim.scenario import Scenario
from deptsim.workforce.department import StaffedDepartment
from deptsim.workshop.charts import CHILDREN_CHARTS, JOB_CENTRE_CHARTS, KindCharts
from deptsim.workshop.levers import CHILDREN_LEVERS, JOB_CENTRE_LEVERS, Lever
from deptsim.workshop.picture import CHILDREN_PICTURE, JOB_CENTRE_PICTURE, KindPicture


@dataclass(frozen=True)
class WorkshopKind:
    """One kind of department as the workshop runs and shows it."""

    department: DepartmentKind
    model: type[StaffedDepartment]
    picture: KindPicture
    charts: KindCharts
    levers: tuple[Lever, ...]

    @property
    def name(self) -> str:
        return self.department.name

    def lever(self, key: str) -> Lever | None:
        """The lever named `key`, or None if this kind has none of that name."""
        return next((lever for lever in self.levers if lever.key == key), None)

    def build(self, scenario: Scenario, seed: int) -> StaffedDepartment:
        """The scenario's department at week 0."""
        return self.model(scenario.params, seed=seed, interventions=scenario.interventions)


WORKSHOP_KINDS: dict[str, WorkshopKind] = {kind.name: kind for kind in (
    WorkshopKind(CHILDREN_AND_FAMILY, DepartmentModel, CHILDREN_PICTURE, CHILDREN_CHARTS, CHILDREN_LEVERS),
    WorkshopKind(JOB_CENTRE, JobCentreModel, JOB_CENTRE_PICTURE, JOB_CENTRE_CHARTS, JOB_CENTRE_LEVERS),
)}


def workshop_kind(scenario: Scenario) -> WorkshopKind:
    """The workshop's entry for the scenario's kind of department."""
    return WORKSHOP_KINDS[kind_of(scenario.params).name]
