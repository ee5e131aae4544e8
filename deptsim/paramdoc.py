"""Render docs/parameters.md from the parameter metadata: `python -m deptsim.paramdoc > docs/parameters.md`."""

from __future__ import annotations

import dataclasses

from deptsim.params import ASSUMPTION, Parameters


def render_parameter_table() -> str:
    fields = dataclasses.fields(Parameters)
    assumptions = sum(1 for f in fields if f.metadata["source"].startswith(ASSUMPTION))
    lines = [
        "# Parameters",
        "",
        "Every parameter of the model, generated from `deptsim/params.py` (do not edit by hand: run",
        "`python -m deptsim.paramdoc > docs/parameters.md`). Sources name the articles as `DOMAIN.md` does.",
        f"Of {len(fields)} parameters, {assumptions} are modelling assumptions: their values were chosen so that",
        "the default department lands near the published figures (sick leave about 5%, turnover about 20%,",
        "about 13 placed children per 1,000, half of them in foster care), and experiments should vary them.",
        "Need is measured on a unitless scale: a referred family's need is drawn from a gamma distribution",
        "and compared with the thresholds below.",
        "",
    ]
    group = None
    for f in fields:
        if f.metadata["group"] != group:
            group = f.metadata["group"]
            lines += [f"## {group}", "", "| name | default | unit | meaning | source |", "|---|---|---|---|---|"]
        default = f.default
        shown = f"`{default}`" if not isinstance(default, float) else f"`{default:g}`"
        lines.append(f"| `{f.name}` | {shown} | {f.metadata['unit']} | {f.metadata['meaning']} | "
                     f"{f.metadata['source']} |")
        next_index = fields.index(f) + 1
        if next_index == len(fields) or fields[next_index].metadata["group"] != group:
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_parameter_table(), end="")
