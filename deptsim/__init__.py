"""deptsim: simulate a municipal children-and-family department before reorganising it."""

from deptsim.model import DepartmentModel
from deptsim.params import ParameterError, Parameters
from deptsim.results import SUMMARY_KEYS, Result
from deptsim.scenario import Scenario, ScenarioError, load_scenario
from deptsim.simulation import simulate

__all__ = [
    "SUMMARY_KEYS", "DepartmentModel", "ParameterError", "Parameters", "Result", "Scenario", "ScenarioError",
    "load_scenario", "simulate",
]
__version__ = "0.1.0"
