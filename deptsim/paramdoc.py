"""Render docs/parameters.md from the parameter metadata: `python -m deptsim.paramdoc > docs/parameters.md`."""

from __future__ import annotations

import dataclasses

from deptsim.jobcentre.parameters import JobCentreParameters
from deptsim.params import ASSUMPTION, CALIBRATED, Parameters
from deptsim.workforce.parameters import WorkforceParameters


def kind_of(source: str) -> str:
    """Whether a parameter's value is sourced, calibrated (to the targets) or assumed, from its source."""
    if source.startswith(ASSUMPTION):
        return "assumed"
    return "calibrated" if source.startswith(CALIBRATED) else "sourced"


def render_parameter_table() -> str:
    fields = department_fields(Parameters)
    kinds = [kind_of(f.metadata["source"]) for f in fields]
    job_centre = [f for f in department_fields(JobCentreParameters) if _own_or_changed(f)]
    job_kinds = [kind_of(f.metadata["source"]) for f in job_centre]
    lines = [
        "# Parameters",
        "",
        "Every parameter of the model, generated from `deptsim/params.py`, the workforce's",
        "`deptsim/workforce/parameters.py` and the job centre's `deptsim/jobcentre/parameters.py` (do not edit by",
        "hand: run `python -m deptsim.paramdoc > docs/parameters.md`). Sources name the articles as `DOMAIN.md` does.",
        "",
        "## The children-and-family department",
        "",
        f"Of {len(fields)} parameters, {kinds.count('sourced')} are sourced, {kinds.count('calibrated')} are "
        "calibrated to the Danish targets",
        "(`calibration/denmark.toml`, by `calibration/fit.toml`; docs/calibration.md, docs/validation.md) and",
        f"{kinds.count('assumed')} are modelling assumptions, chosen so that the default department lands near the",
        "published figures; experiments should vary the assumptions.",
        "Need is measured on a unitless scale: a referred family's need is drawn from a gamma distribution",
        "and compared with the thresholds below.",
        "",
        *_tables(fields),
        "## The job centre",
        "",
        "The job centre (`deptsim.jobcentre`, docs/jobcentre.md) has the workforce's parameters above, with the",
        f"defaults below where they differ, and {len(job_centre)} of its own or changed: {job_kinds.count('sourced')} "
        f"sourced and {job_kinds.count('assumed')} modelling assumptions (none calibrated yet).",
        "Distance from the labour market is measured on a unitless scale, like need.",
        "",
        *_tables(job_centre),
    ]
    return "\n".join(lines)


def department_fields(parameters: type) -> list[dataclasses.Field]:
    """A department's parameters, its own groups first, the workforce's joining a group of the same name."""
    shared = {f.name for f in dataclasses.fields(WorkforceParameters)}
    fields = dataclasses.fields(parameters)
    groups: dict[str, list[dataclasses.Field]] = {}
    for f in [f for f in fields if f.name not in shared] + [f for f in fields if f.name in shared]:
        groups.setdefault(f.metadata["group"], []).append(f)
    return [f for members in groups.values() for f in members]


def _own_or_changed(f: dataclasses.Field) -> bool:
    """A job-centre parameter that the workforce does not have, or whose default or source the job centre sets."""
    shared = {g.name: g for g in dataclasses.fields(WorkforceParameters)}
    return f.name not in shared or (f.default, f.metadata["source"]) != (shared[f.name].default,
                                                                        shared[f.name].metadata["source"])


def _tables(fields: list[dataclasses.Field]) -> list[str]:
    lines: list[str] = []
    group = None
    for f in fields:
        if f.metadata["group"] != group:
            if group is not None:
                lines.append("")
            group = f.metadata["group"]
            lines += [f"### {group}", "", "| name | default | unit | kind | meaning | source |",
                      "|---|---|---|---|---|---|"]
        default = f.default
        shown = f"`{default}`" if not isinstance(default, float) else f"`{default:g}`"
        lines.append(f"| `{f.name}` | {shown} | {f.metadata['unit']} | {kind_of(f.metadata['source'])} | "
                     f"{f.metadata['meaning']} | {f.metadata['source']} |")
    return [*lines, ""]


if __name__ == "__main__":
    print(render_parameter_table(), end="")
