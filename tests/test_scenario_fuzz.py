"""Property (issue 19): any scenario file, however wrong, gives `deptsim check` and `deptsim run` either success
or exit status 2 with one line naming a file; never a traceback, and never a file left behind.

Hypothesis writes random chains of scenario files (random keys, types and values, NaN, infinities, huge and
negative numbers, random interventions, `extends` to a parent, a missing file, a folder or itself) and runs
the real command line on them in a fresh folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from deptsim import Parameters
from deptsim.scenario import ScenarioError, load_scenario

FILES = ("f0.toml", "f1.toml", "f2.toml")
FOLDER = "folder"
OUT = "out"
TIMEOUT_SECONDS = 300

NUMBERS = [0, 1, -1, 3, 27, 0.5, -0.5, 2.2, math.nan, math.inf, -math.inf, 1e300, -1e300, 1e-300, 2**62, -2**62,
           10**30]
OTHERS = [True, False, "", "x", "wait", "a\nb", "ü", dt.date(2024, 1, 1), dt.date(2040, 1, 1), [], [1], {},
          {"a": 1}]
BAD_EXTENDS = ["f0.toml", "missing.toml", FOLDER, "", 3]
DEFAULTS = dataclasses.asdict(Parameters())
BAD_PARAMETER_NAMES = ["positons", "caseload", "childern"]
BAD_SCENARIO_KEYS = ["caseloads", "positions"]
BAD_KINDS = ["add_position", "fire_everyone"]
BAD_FIELDS = ["count", "target", "size", "share", "on", "dkk_per_year", "values", "note", "cont"]
GOOD_FIELDS: dict[str, dict[str, list[Any]]] = {
    "add_positions": {"count": [3, -2]}, "caseload_target": {"target": [30.0, 0.0]}, "intake_team": {"size": [3]},
    "team_leaders": {"count": [2]}, "mentoring": {"on": [True, False]}, "documentation_relief": {"share": [0.3]},
    "continuity": {"on": [True]}, "hiring_freeze": {"on": [True, False]}, "budget_cut": {"dkk_per_year": [1e6]},
}
GOOD_SCENARIO: dict[str, list[Any]] = {"name": ["Fuzzed"], "description": ["", "ü"],
                                       "start_date": [dt.date(2024, 1, 1)], "caseload": [25, 40.5]}

anything = st.sampled_from(NUMBERS + OTHERS)
mistake = st.integers(0, 11).map(lambda n: n == 11)
"""Whether to make this part of the file wrong (about one part in twelve), so that some files run."""


def good_parameter_value(name: str) -> st.SearchStrategy[Any]:
    """The parameter's default or a nearby allowed value."""
    default = DEFAULTS[name]
    if isinstance(default, bool):
        return st.booleans()
    if isinstance(default, str):
        return st.sampled_from(["wait", "spread"])
    return st.sampled_from([default, type(default)(default * 0.9)])


@st.composite
def parameter_tables(draw: st.DrawFn) -> dict[str, Any]:
    """A [parameters] table (or [interventions.values]) of up to three parameters."""
    table = {}
    for _ in range(draw(st.integers(0, 3))):
        if draw(mistake):
            table[draw(st.sampled_from(BAD_PARAMETER_NAMES + list(DEFAULTS)))] = draw(anything)
        else:
            name = draw(st.sampled_from(list(DEFAULTS)))
            table[name] = draw(good_parameter_value(name))
    return table


@st.composite
def interventions(draw: st.DrawFn) -> dict[str, Any]:
    """An [[interventions]] table: a known kind, a week and its own fields, any of them possibly wrong."""
    kind = draw(st.sampled_from([*GOOD_FIELDS, "parameters"]))
    spec: dict[str, Any] = {"kind": draw(st.sampled_from(BAD_KINDS) | anything) if draw(mistake) else kind}
    if draw(mistake):
        timing = draw(st.sampled_from([{}, {"start": dt.date(2024, 6, 1)}, {"start": dt.date(2019, 1, 1)},
                                       {"start": 5}, {"week": 1, "start": dt.date(2030, 1, 1)}]))
    else:
        timing = {"week": draw(st.sampled_from([0, 10, 40]))}
    spec.update(timing)
    if kind == "parameters":
        spec["values"] = draw(anything) if draw(mistake) else draw(parameter_tables())
    for name, choices in GOOD_FIELDS.get(kind, {}).items():
        spec[name] = draw(st.sampled_from(choices))
    for name in list(spec) if draw(mistake) else []:
        spec[name] = draw(anything)
    if draw(mistake):
        spec[draw(st.sampled_from(BAD_FIELDS))] = draw(anything)
    return spec


@st.composite
def scenario_tables(draw: st.DrawFn) -> dict[str, Any]:
    """A [scenario] table: name, description, start date, caseload, any of them possibly wrong."""
    table = {}
    for key in draw(st.lists(st.sampled_from(list(GOOD_SCENARIO)), max_size=3, unique=True)):
        table[key] = draw(anything) if draw(mistake) else draw(st.sampled_from(GOOD_SCENARIO[key]))
    if draw(mistake):
        table[draw(st.sampled_from(BAD_SCENARIO_KEYS))] = draw(anything)
    return table


@st.composite
def documents(draw: st.DrawFn, parent: str | None) -> dict[str, Any]:
    """A scenario file's content as TOML data: `extends` (to `parent`), [scenario], [parameters], [[interventions]]."""
    doc: dict[str, Any] = {}
    if draw(mistake):
        doc["extends"] = draw(st.sampled_from(BAD_EXTENDS))
    elif parent is not None:
        doc["extends"] = parent
    if draw(st.booleans()):
        doc["scenario"] = draw(anything) if draw(mistake) else draw(scenario_tables())
    if draw(st.booleans()):
        doc["parameters"] = draw(anything) if draw(mistake) else draw(parameter_tables())
    if draw(st.booleans()):
        doc["interventions"] = draw(anything) if draw(mistake) else draw(st.lists(interventions(), max_size=3))
    if draw(mistake):
        doc[draw(st.sampled_from(["scenarios", "parameter", "x"]))] = draw(anything)
    return doc


@st.composite
def chains(draw: st.DrawFn) -> list[tuple[dict[str, Any], bool]]:
    """One to three files, f0.toml (the one run) extending f1.toml extending f2.toml; each with its content and
    whether it starts with a UTF-8 byte-order mark."""
    count = draw(st.integers(1, len(FILES)))
    parents = [*FILES[1:count], None]
    return [(draw(documents(parent)), draw(st.booleans())) for parent in parents]


def toml_value(value: Any) -> str:
    """A value as an inline TOML literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_value(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"


def write_chain(folder: Path, chain: list[tuple[dict[str, Any], bool]]) -> set[str]:
    """Write the files (and an empty folder, for `extends` to name); return the names written."""
    (folder / FOLDER).mkdir()
    for name, (doc, bom) in zip(FILES, chain, strict=False):
        text = "".join(f"{toml_value(key)} = {toml_value(value)}\n" for key, value in doc.items())
        (folder / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return {FOLDER, *FILES[:len(chain)]}


def deptsim(folder: Path, *args: str) -> subprocess.Popen[str]:
    """Start `python -m deptsim ARGS` in `folder`."""
    return subprocess.Popen([sys.executable, "-m", "deptsim", *args], cwd=folder, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def assert_success_or_one_line(command: str, process: subprocess.Popen[str], written: set[str]) -> int:
    """The command exited 0, or 2 with one line (besides warnings) naming a file; never a traceback."""
    stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    assert "Traceback" not in stderr and "Traceback" not in stdout, f"{command}:\n{stderr}"
    assert process.returncode in (0, 2), f"{command} exited {process.returncode}:\n{stderr}"
    if process.returncode == 2:
        lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("deptsim: warning:")]
        assert len(lines) == 1, f"{command}:\n{stderr}"
        assert lines[0].startswith("deptsim: ") and any(name in lines[0] for name in written), f"{command}: {stderr}"
    return process.returncode


NAN_BUDGET_CUT = [({"interventions": [{"kind": "budget_cut", "week": 1, "dkk_per_year": math.nan}]}, False)]
FREE_POSITIONS = [({"parameters": {"caseworker_cost_dkk_year": 0},
                    "interventions": [{"kind": "budget_cut", "week": 0, "dkk_per_year": 1e6}]}, False)]
KIND_NOT_TEXT = [({"interventions": [{"kind": [1], "week": 1}]}, False)]
HUGE_WHOLE_NUMBER = [({"extends": "f1.toml"}, True), ({"parameters": {"admin_share": 10**400}}, False)]


@settings(max_examples=300, deadline=None)
@given(chain=chains())
@example(chain=KIND_NOT_TEXT)
@example(chain=HUGE_WHOLE_NUMBER)
def test_loading_any_scenario_file_gives_a_scenario_or_one_scenario_error(chain):
    """The same files in process, many more of them: a Scenario, or one ScenarioError of one line naming a file."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        written = write_chain(folder, chain)
        try:
            scenario = load_scenario(folder / FILES[0])
        except ScenarioError as error:
            message = str(error)
            assert "\n" not in message and any(str(folder / name) in message for name in written), message
            event("refused")
        else:
            assert all("\n" not in warning for warning in scenario.warnings_for(1))
            event("loaded")


@settings(max_examples=15, deadline=None)
@given(chain=chains())
@example(chain=NAN_BUDGET_CUT)
@example(chain=FREE_POSITIONS)
@example(chain=KIND_NOT_TEXT)
@example(chain=HUGE_WHOLE_NUMBER)
def test_any_scenario_file_gives_success_or_one_line_and_leaves_nothing_behind(chain):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        written = write_chain(folder, chain)
        check = deptsim(folder, "check", FILES[0])
        run = deptsim(folder, "run", FILES[0], "--years", "1", "--from-year", "0", "--replicates", "1",
                      "--workers", "1", "--quiet", "--out", OUT)
        checked = assert_success_or_one_line("check", check, written)
        ran = assert_success_or_one_line("run", run, written)
        event(f"check exit {checked}, run exit {ran}")
        left = {p.name for p in folder.iterdir()}
        assert left == written | ({OUT} if ran == 0 else set()), f"left behind: {sorted(left - written)}"
        if checked == 2:
            assert ran == 2, "run accepted a file that check refused"
