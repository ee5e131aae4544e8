"""The workshop page: controls, levers, the department as a picture and the live charts (Solara).

Each browser tab gets its own `Workshop`. While playing, a background thread steps the departments
and publishes a new version after each frame (see `pacing`); every render draws from one snapshot
copied out of the models under the workshop's lock. Elements carry `ws-*` classes and `data-*`
attributes so that the browser test, and anyone styling the page, can find them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import solara

from deptsim.scenario import Scenario
from deptsim.workshop.charts import draw
from deptsim.workshop.labels import say
from deptsim.workshop.levers import SWITCH
from deptsim.workshop.pacing import SPEEDS, FrameGate, Pacer
from deptsim.workshop.picture import render
from deptsim.workshop.scenarios import Choice, catalogue, reforms_for
from deptsim.workshop.settings import Settings
from deptsim.workshop.state import HORIZON_YEARS, Snapshot, Workshop

SETTINGS = Settings.from_environment()
CHOICES: list[Choice] = catalogue(Path(SETTINGS.scenario) if SETTINGS.scenario else None)
START_SPEED = SPEEDS["speed_quarter"]  # a year in four seconds: fast enough to see the spiral, slow enough to follow


def _choice_label(choice: Choice, lang: str) -> str:
    return choice.name or say("default_department", lang)


def _week_label(snapshot: Snapshot, lang: str) -> str:
    if snapshot.start_date is not None:
        date = snapshot.start_date + dt.timedelta(weeks=snapshot.week)
        return f"{say('week', lang)} {snapshot.week} · {date.isoformat()}"
    return f"{say('week', lang)} {snapshot.week} · {say('year', lang)} {snapshot.week // 52 + 1}"


@solara.component
def Controls(workshop: Workshop, snapshot: Snapshot, lang: str, playing: solara.Reactive[bool],
             speed: solara.Reactive[int], side_by_side: solara.Reactive[bool], show: Callable[[], None]) -> None:
    """Play, pause, step, reset, speed, the scenario pickers and the side-by-side switch."""

    def step() -> None:
        workshop.step()
        show()

    refused = solara.use_reactive("")  # a scenario file that can no longer be used (changed since the page began)

    def reset(scenario_path: str | None = None, reform_path: str | None = None) -> None:
        playing.set(False)
        try:
            workshop.reset(scenario_path, reform_path)
            refused.set("")
        except ValueError as error:  # ScenarioError too: one line naming the file, the key and what is allowed
            refused.set(str(error))
        show()

    def pick(choice: Choice) -> None:
        """Another department; a reform copy of another kind of department gives way to the levers only."""
        reform = next((c for c in CHOICES if c.path == workshop.reform_path), None)
        keeps_reform = reform is not None and reform.kind == choice.kind
        reset(scenario_path=choice.path, reform_path=None if keeps_reform else "")

    labels = [_choice_label(choice, lang) for choice in CHOICES]
    paths = [choice.path for choice in CHOICES]
    current = labels[paths.index(workshop.scenario_path)] if workshop.scenario_path in paths else labels[0]
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "6px"}):
        solara.Button(say("play", lang), icon_name="mdi-play", color="primary", classes=["ws-play"],
                      disabled=playing.value or snapshot.error is not None or snapshot.finished,
                      on_click=lambda: playing.set(True))
        solara.Button(say("pause", lang), icon_name="mdi-pause", classes=["ws-pause"], disabled=not playing.value,
                      on_click=lambda: playing.set(False))
        solara.Button(say("step", lang), icon_name="mdi-skip-next", classes=["ws-step"], disabled=playing.value,
                      on_click=step)
        solara.Button(say("reset", lang), icon_name="mdi-restart", classes=["ws-reset"], on_click=lambda: reset())
        solara.Text(say("speed", lang))
        with solara.ToggleButtonsSingle(value=speed, classes=["ws-speed"]):
            for key, weeks_per_second in SPEEDS.items():
                solara.Button(say(key, lang), value=weeks_per_second, classes=[f"ws-{key.replace('_', '-')}"])
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "12px"}):
        with solara.Div(classes=["ws-scenario"], style={"min-width": "280px"}):
            solara.Select(say("scenario", lang), values=labels, value=current,
                          on_value=lambda label: pick(CHOICES[labels.index(label)]))
        with solara.Div(classes=["ws-side-by-side"]):
            solara.Switch(label=say("side_by_side", lang), value=side_by_side)
        if side_by_side.value:
            reforms = reforms_for(CHOICES, snapshot.kind.name)
            reform_labels = [say("levers_only", lang), *(_choice_label(choice, lang) for choice in reforms)]
            reform_paths = ["", *(choice.path for choice in reforms)]
            reform_current = reform_labels[reform_paths.index(workshop.reform_path)]
            with solara.Div(classes=["ws-reform-scenario"], style={"min-width": "280px"}):
                solara.Select(say("reform_scenario", lang), values=reform_labels, value=reform_current,
                              on_value=lambda label: reset(reform_path=reform_paths[reform_labels.index(label)]))
    if refused.value:
        solara.Error(say("refused", lang, error=refused.value), classes=["ws-refused"])


@solara.component
def Levers(workshop: Workshop, snapshot: Snapshot, lang: str, show: Callable[[], None]) -> None:
    """A slider or switch per lever of the kind of department, showing the reform copy's current value."""

    def pull(key: str, value: float | bool) -> None:
        workshop.pull(key, value)
        show()

    with solara.Card(say("levers", lang), classes=["ws-levers"]):
        solara.Text(say("levers_hint", lang), style={"font-size": "12px", "color": "#616161"})
        for lever in snapshot.kind.levers:
            value = snapshot.levers[lever.key]
            with solara.Div(classes=["ws-lever", f"ws-lever-{lever.key.replace('_', '-')}"],
                            attributes={"data-value": str(value)}):
                if lever.kind == SWITCH:
                    solara.Switch(label=say(lever.key, lang), value=bool(value),
                                  on_value=lambda v, key=lever.key: pull(key, v))
                else:  # the label above the slider, with the value: long labels beside it squeeze the slider
                    solara.Text(f"{say(lever.key, lang)}: {value:g}", style={"font-size": "14px"})
                    solara.SliderInt("", value=int(value), min=int(lever.bottom), max=int(snapshot.tops[lever.key]),
                                     on_value=lambda v, key=lever.key: pull(key, v))


@solara.component
def Department(snapshot: Snapshot, lang: str, copy: str) -> None:
    """One copy of the department as tiles and queue, under its heading."""
    shown = snapshot.baseline if copy == "baseline" else snapshot.reform
    name = say("default_department", lang) if shown.name == Scenario.default().name else shown.name
    with solara.Card(f"{say(copy, lang)}: {name}", classes=["ws-department", f"ws-department-{copy}"]):
        solara.HTML(unsafe_innerHTML=render(shown.picture, lang, copy))


@solara.component
def Charts(snapshot: Snapshot, lang: str, side_by_side: bool) -> None:
    """The live charts, drawn again only when the departments or the view have changed."""
    first_year = float(snapshot.start_date.year) if snapshot.start_date is not None else 0.0
    png = solara.use_memo(
        lambda: draw(snapshot.kind.charts, snapshot.reform.rows, snapshot.baseline.rows if side_by_side else None,
                     lang, first_year),
        [snapshot.version, lang, side_by_side])
    with solara.Div(classes=["ws-charts"], attributes={"data-week": str(snapshot.week)}):
        solara.Image(png, width="100%")


@solara.component
def Page() -> None:
    lang = solara.use_reactive(SETTINGS.lang)
    side_by_side = solara.use_reactive(False)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(START_SPEED)
    workshop = solara.use_memo(lambda: Workshop(SETTINGS.scenario, SETTINGS.seed), [])
    gate = solara.use_memo(FrameGate, [])
    _frame, set_frame = solara.use_state(0)
    solara.use_effect(gate.drawn)  # after every render: the play loop may publish the next frame

    def show() -> None:
        set_frame(lambda frame: frame + 1)

    def play(cancel: threading.Event) -> None:
        if not playing.value:
            return
        pacer = Pacer(speed.value)
        while not cancel.is_set():
            pacer.frame(workshop.step)
            gate.publish(show)
            if not gate.wait():  # nobody draws frames any more: the page has gone
                return
            if workshop.stopped:
                playing.set(False)
                return
            cancel.wait(pacer.pause())

    solara.use_thread(play, dependencies=[playing.value, speed.value], intrusive_cancel=False)
    snapshot = workshop.snapshot()

    solara.Title(say("title", lang.value))
    with solara.Column(style={"padding": "12px 20px"}, classes=["ws-page"]):
        with solara.Row(style={"align-items": "center", "gap": "16px"}):
            solara.Text(say("title", lang.value), style={"font-size": "22px", "font-weight": "600"})
            solara.HTML(unsafe_innerHTML=_week_label(snapshot, lang.value), classes=["ws-week"],
                        attributes={"data-week": str(snapshot.week)}, style="font-size:20px")
            with solara.ToggleButtonsSingle(value=lang, classes=["ws-language"]):
                solara.Button("English", value="en", classes=["ws-lang-en"])
                solara.Button("Dansk", value="da", classes=["ws-lang-da"])
        Controls(workshop, snapshot, lang.value, playing, speed, side_by_side, show)
        if snapshot.error is not None:
            solara.Error(say("stopped", lang.value, week=snapshot.error_week, error=snapshot.error),
                         classes=["ws-error"])
        elif snapshot.finished:
            solara.Info(say("horizon", lang.value, years=HORIZON_YEARS), classes=["ws-finished"])
        with solara.Columns([1, 3]):
            Levers(workshop, snapshot, lang.value, show)
            if side_by_side.value:
                with solara.Column():
                    solara.Text(say("same_numbers", lang.value), style={"font-size": "13px"})
                    with solara.Columns([1, 1]):
                        Department(snapshot, lang.value, "baseline")
                        Department(snapshot, lang.value, "reform")
            else:
                Department(snapshot, lang.value, "department")
        Charts(snapshot, lang.value, side_by_side.value)
