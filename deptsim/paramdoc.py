"""Render docs/parameters.md from the parameter metadata: `python -m deptsim.paramdoc > docs/parameters.md`."""

from __future__ import annotations

import dataclasses

from deptsim.params import ASSUMPTION, CALIBRATED, Parameters
from deptsim.workforce.parameters import WorkforceParameters


def kind_of(source: str) -> str:
    """Whether a parameter's value is sourced, calibrated (to the targets) or assumed, from its source."""
    if source.startswith(ASSUMPTION):
        return "assumed"
    return "calibrated" if source.startswith(CALIBRATED) else "sourced"


def render_parameter_table() -> str:
    shared = {f.name for f in dataclasses.fields(WorkforceParameters)}
    fields = [f for f in dataclasses.fields(Parameters) if f.name not in shared] + \
        [f for f in dataclasses.fields(Parameters) if f.name in shared]
    groups: dict[str, list[dataclasses.Field]] = {}
    for f in fields:  # the department's own groups first, the workforce's joining a group of the same name
        groups.setdefault(f.metadata["group"], []).append(f)
    fields = [f for members in groups.values() for f in members]
    kinds = [kind_of(f.metadata["source"]) for f in fields]
    lines = [
        "# Parameters",
        "",
        "Every parameter of the model, generated from `deptsim/params.py` and the workforce's",
        "`deptsim/workforce/parameters.py` (do not edit by hand: run",
        "`python -m deptsim.paramdoc > docs/parameters.md`). Sources name the articles as `DOMAIN.md` does.",
        f"Of {len(fields)} parameters, {kinds.count('sourced')} are sourced, {kinds.count('calibrated')} are "
        "calibrated to the Danish targets",
        "(`calibration/denmark.toml`, by `calibration/fit.toml`; docs/calibration.md, docs/validation.md) and",
        f"{kinds.count('assumed')} are modelling assumptions, chosen so that the default department lands near the",
        "published figures; experiments should vary the assumptions.",
        "Need is measured on a unitless scale: a referred family's need is drawn from a gamma distribution",
        "and compared with the thresholds below.",
        "",
    ]
    group = None
    for f in fields:
        if f.metadata["group"] != group:
            group = f.metadata["group"]
            lines += [f"## {group}", "", "| name | default | unit | kind | meaning | source |",
                      "|---|---|---|---|---|---|"]
        default = f.default
        shown = f"`{default}`" if not isinstance(default, float) else f"`{default:g}`"
        lines.append(f"| `{f.name}` | {shown} | {f.metadata['unit']} | {kind_of(f.metadata['source'])} | "
                     f"{f.metadata['meaning']} | {f.metadata['source']} |")
        next_index = fields.index(f) + 1
        if next_index == len(fields) or fields[next_index].metadata["group"] != group:
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_parameter_table(), end="")
