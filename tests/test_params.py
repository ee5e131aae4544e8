"""The parameter object: validation with clear messages, and the documented table kept in step."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from deptsim import ParameterError, Parameters
from deptsim.jobcentre.parameters import JobCentreParameters
from deptsim.paramdoc import render_parameter_table

DOCS = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"positions": -1}, "'positions' = -1 is out of range"),
        ({"rereferral_share": 1.5}, "'rereferral_share' = 1.5 is out of range"),
        ({"positions": 2.5}, "'positions' must be a whole number"),
        ({"weekly_hours": "37"}, "'weekly_hours' must be a number"),
        ({"sick_leave": 1}, "'sick_leave' must be true or false"),
        ({"sick_cover": "share"}, "'sick_cover' must be one of 'wait', 'spread'"),
        ({"children": float("nan")}, "'children' must be a finite number"),
        ({"intake_team_size": 5, "positions": 3}, "'intake_team_size' = 5 must not exceed 'positions' = 3"),
        ({"measure_need": 5.0, "placement_need": 4.0}, "'measure_need' = 5.0 must not exceed 'placement_need'"),
    ],
)
def test_invalid_values_raise_one_clear_error(changes, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Parameters(**changes)


def test_unknown_parameter_is_named():
    with pytest.raises(ParameterError, match="unknown parameter\\(s\\): caseload_target"):
        Parameters().replace(caseload_target=30)


def test_whole_numbers_given_as_floats_become_ints():
    assert Parameters(positions=30.0).positions == 30
    assert isinstance(Parameters(positions=30.0).positions, int)


def test_every_parameter_has_unit_meaning_and_source():
    for f in dataclasses.fields(Parameters) + dataclasses.fields(JobCentreParameters):
        for key in ("unit", "meaning", "source", "group"):
            assert f.metadata.get(key), f"{f.name} lacks {key}"


def test_parameter_doc_is_generated_from_the_code():
    assert DOCS.read_text(encoding="utf-8") == render_parameter_table(), (
        "docs/parameters.md is out of date: run `python -m deptsim.paramdoc > docs/parameters.md`")
