"""The workshop: its parts without a browser, then the real app, started as a trainer starts it, in Chromium.

The browser tests start `deptsim workshop` in a subprocess on a free port and drive Debian's
Chromium with Playwright (its own browser download does not work on these machines). They save a
screenshot and the measured time of one simulated year at full speed to tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from deptsim.cli import main
from deptsim.departments import KINDS
from deptsim.interventions import AddPositions
from deptsim.jobcentre import simulate as simulate_job_centre
from deptsim.model import WEEKLY_COLUMNS
from deptsim.scenario import ScenarioError
from deptsim.workshop import scenarios
from deptsim.workshop.charts import chart_frame, draw
from deptsim.workshop.kinds import WORKSHOP_KINDS
from deptsim.workshop.labels import WORDS, say
from deptsim.workshop.levers import SWITCH
from deptsim.workshop.pacing import FULL_SPEED, Pacer
from deptsim.workshop.picture import MAX_DOTS, OFF_SICK, SICK, VACANT, render, strain_colour, take_picture
from deptsim.workshop.server import address_of, bind
from deptsim.workshop.settings import Settings
from deptsim.workshop.state import Workshop

ROOT = Path(__file__).resolve().parents[1]
ASSENS = str(ROOT / "scenarios" / "assens_2014.toml")
SILKEBORG = str(ROOT / "scenarios" / "silkeborg_2014.toml")
SILKEBORG_REFORM = str(ROOT / "scenarios" / "silkeborg_2015_reform.toml")
CHILDREN, JOB_CENTRE = WORKSHOP_KINDS["children_and_family"], WORKSHOP_KINDS["job_centre"]
SCENARIO_OF_KIND = {CHILDREN.name: ASSENS, JOB_CENTRE.name: SILKEBORG}
EVERY_LEVER = [(kind.name, lever) for kind in WORKSHOP_KINDS.values() for lever in kind.levers]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 30_000


# --- the parts ------------------------------------------------------------------------------
def test_both_copies_draw_the_same_random_numbers_until_a_lever_is_pulled():
    workshop = Workshop(ASSENS, seed=3)
    for _ in range(20):
        assert workshop.step()
    assert workshop.baseline.rows == workshop.reform.rows
    workshop.pull("positions", 20)
    for _ in range(20):
        workshop.step()
    assert workshop.baseline.params.positions == 8 and workshop.reform.params.positions == 20
    assert workshop.baseline.rows[:20] == workshop.reform.rows[:20]
    assert workshop.baseline.rows[20:] != workshop.reform.rows[20:]


@pytest.mark.parametrize(("kind", "lever"), EVERY_LEVER, ids=[f"{k}-{lever.key}" for k, lever in EVERY_LEVER])
def test_every_lever_moves_the_reform_copy_only_and_reads_back(kind, lever):
    workshop = Workshop(SCENARIO_OF_KIND[kind], seed=1)
    workshop.step()
    before = workshop.snapshot()
    value = (not before.levers[lever.key]) if lever.kind == SWITCH else min(before.tops[lever.key], 6)
    workshop.pull(lever.key, value)
    after = workshop.snapshot()
    assert after.error is None
    assert after.levers[lever.key] == value
    assert lever.read(workshop.baseline) == before.levers[lever.key]
    assert after.version > before.version
    assert workshop.step()


@pytest.mark.parametrize("kind", SCENARIO_OF_KIND)
@pytest.mark.parametrize("positions", [0, 3, 17])
def test_levers_pulled_one_after_another_between_weeks(positions, kind):
    """A trainer moves several levers while paused: each must see the positions the one before left."""
    workshop = Workshop(SCENARIO_OF_KIND[kind], seed=1)
    workshop.step()
    workshop.pull("positions", positions)
    for lever in WORKSHOP_KINDS[kind].levers:
        top = workshop.snapshot().tops[lever.key]
        workshop.pull(lever.key, True if lever.kind == SWITCH else min(top, 3))
        assert workshop.snapshot().error is None, lever.key
    for _ in range(10):
        assert workshop.step()


def test_reset_starts_again_from_week_0_and_can_switch_scenarios():
    workshop = Workshop("", seed=1)
    workshop.step()
    workshop.pull("positions", 3)
    workshop.reset(scenario_path=ASSENS)
    snapshot = workshop.snapshot()
    assert snapshot.week == 0 and snapshot.reform.name == "Assens 2014" and snapshot.levers["positions"] == 8
    workshop.reset(reform_path=str(ROOT / "scenarios" / "assens_2016_reform.toml"))
    assert workshop.snapshot().reform.name == "Assens 2016 reform"
    assert workshop.snapshot().baseline.name == "Assens 2014"


def test_extreme_levers_keep_the_department_running():
    """No staff and a flood of referrals: the queue grows, cases lose their caseworker, nothing fails."""
    workshop = Workshop(ASSENS, seed=1)
    workshop.pull("referrals", CHILDREN.lever("referrals").top(workshop.reform, 8))
    workshop.pull("positions", 0)
    for _ in range(30):
        assert workshop.step()
    snapshot = workshop.snapshot()
    assert snapshot.error is None
    assert snapshot.reform.picture.tiles == ()
    assert snapshot.reform.picture.clients.queue.waiting > 1000
    assert snapshot.reform.picture.clients.unassigned > 0
    html = render(snapshot.reform.picture, "en", "reform")
    assert 'data-positions="0"' in html and say("no_positions", "en") in html
    assert draw(CHILDREN.charts, snapshot.reform.rows, snapshot.baseline.rows, "en").startswith(b"\x89PNG")
    workshop.pull("positions", CHILDREN.lever("positions").top(workshop.reform, 8))
    for _ in range(5):
        assert workshop.step()
    assert workshop.snapshot().reform.picture.tiles


def test_a_model_failure_stops_the_run_with_a_message_not_a_crash(monkeypatch):
    workshop = Workshop(ASSENS, seed=1)

    def broken() -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(workshop.reform, "step", broken)
    assert not workshop.step()
    snapshot = workshop.snapshot()
    assert snapshot.error == "ZeroDivisionError: division by zero" and workshop.stopped
    assert not workshop.step()
    workshop.reset()
    assert workshop.step()


def test_the_picture_shows_vacancies_sickness_caseloads_and_the_queue():
    workshop = Workshop(ASSENS, seed=2)
    AddPositions(0, 4).apply(workshop.reform)
    for _ in range(60):
        workshop.step()
    picture = take_picture(workshop.reform, CHILDREN.picture)
    assert len(picture.tiles) == workshop.reform.roster.positions
    held = workshop.reform.roster.live("held")
    assert sum(tile.caseload for tile in picture.tiles) == int(held.sum())
    assert all(tile.caseload == 0 for tile in picture.tiles if tile.state == VACANT)
    assert picture.clients.queue.waiting == workshop.reform.rows[-1][WEEKLY_COLUMNS.index("referrals_waiting")]
    assert picture.clients.total == workshop.reform.open_cases()
    html = render(picture, "da", "reform")
    assert html.count('data-testid="tile"') == len(picture.tiles)
    assert "sager" in html and 'data-testid="queue"' in html
    states = {tile.state for tile in take_picture(Workshop("", seed=5).baseline, CHILDREN.picture).tiles}
    assert states <= {"working", SICK, OFF_SICK}
    assert (strain_colour(0.0), strain_colour(0.5), strain_colour(1.0)) == ("#66bb6a", "#ffee58", "#e53935")


def test_charts_draw_in_both_languages_with_and_without_the_baseline():
    workshop = Workshop(ASSENS, seed=1)
    for _ in range(10):
        workshop.step()
    snapshot = workshop.snapshot()
    frame = chart_frame(CHILDREN.charts, snapshot.reform.rows)
    assert len(frame) == 10
    assert {series for panel in CHILDREN.charts.panels.values() for series in panel} <= set(frame.columns)
    for lang in ("en", "da"):
        assert draw(CHILDREN.charts, snapshot.reform.rows, None, lang, 2014.0).startswith(b"\x89PNG")
        assert draw(CHILDREN.charts, snapshot.reform.rows, snapshot.baseline.rows, lang, 2014.0).startswith(b"\x89PNG")
    assert draw(CHILDREN.charts, (), None, "en").startswith(b"\x89PNG")  # week 0: empty charts, no error


def test_every_word_is_in_english_and_danish():
    for key, (en, da) in WORDS.items():
        assert en.strip() and da.strip(), key
    for _, lever in EVERY_LEVER:
        assert say(lever.key, "en") != say(lever.key, "da")
    with pytest.raises(ValueError, match="language"):
        say("week", "de")


def test_the_pacer_keeps_time_and_full_speed_fills_a_frame():
    now = [0.0]
    pacer = Pacer(4, clock=lambda: now[0])
    assert pacer.frame(lambda: True) == 1  # the first week at once
    assert pacer.pause() == pytest.approx(0.25)
    now[0] = 1.0
    assert pacer.frame(lambda: True) == 2  # 4 weeks/s for a second, but never a burst beyond one frame
    steps = []

    def step() -> bool:
        now[0] += 0.01
        steps.append(1)
        return len(steps) < 1000

    full = Pacer(FULL_SPEED, clock=lambda: now[0])
    assert full.frame(step) == 25 and full.pause() == 0.0
    stopped = Pacer(FULL_SPEED, clock=lambda: now[0])
    assert stopped.frame(lambda: False) == 0


def test_the_catalogue_lists_the_shipped_scenarios_and_skips_broken_files(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[scenario\n")
    own = tmp_path / "mine.toml"
    own.write_text('[scenario]\nname = "Mine"\n')
    names = [choice.name for choice in scenarios.catalogue(own)]
    assert names[0] == "" and names[1] == "Mine"
    assert "Assens 2014" in names and "Assens 2016 reform" in names
    assert not any("broken" in name for name in names)


def test_settings_travel_through_the_environment():
    settings = Settings(scenario=ASSENS, lang="da", seed=7)
    assert Settings.from_environment(settings.environment()) == settings
    assert Settings.from_environment({}) == Settings()
    with pytest.raises(ValueError):
        Settings(lang="sv")


def test_the_command_refuses_a_broken_scenario_and_a_port_in_use(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["workshop", "--help"])
    assert done.value.code == 0 and "--host" in capsys.readouterr().out
    broken = tmp_path / "broken.toml"
    broken.write_text("[parameters]\npositions = -1\n")
    assert main(["workshop", str(broken), "--port", "0"]) == 2
    assert "positions" in capsys.readouterr().err
    taken = bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        assert main(["workshop", "--port", str(port)]) == 2
        assert f"port {port}" in capsys.readouterr().err
    finally:
        taken.close()


def test_bind_gives_a_free_port_and_a_browser_address():
    sock = bind("127.0.0.1", 0)
    try:
        assert address_of(sock).startswith("http://127.0.0.1:") and sock.getsockname()[1] > 0
    finally:
        sock.close()


# --- the job centre -----------------------------------------------------------------------
def test_every_kind_of_department_has_its_workshop_and_levers_its_scenario_files_allow():
    assert WORKSHOP_KINDS.keys() == KINDS.keys()
    for kind in WORKSHOP_KINDS.values():
        allowed = kind.department.interventions
        assert all(allowed is None or lever.intervention in allowed for lever in kind.levers), kind.name
        assert len({lever.key for lever in kind.levers}) == len(kind.levers)
    assert {lever.key for lever in JOB_CENTRE.levers} >= {"positions", "caseload_target", "meetings_per_year",
                                                           "mentoring"}


def test_a_job_centre_runs_as_deptsim_runs_it_and_its_picture_matches_its_record():
    workshop = Workshop(SILKEBORG, seed=3)
    assert workshop.kind is JOB_CENTRE
    for _ in range(30):
        assert workshop.step()
        workshop.snapshot()  # taking the picture (and the citizens' Mesa agents) changes nothing in the run
    assert workshop.reform.rows == workshop.baseline.rows
    ran = simulate_job_centre(workshop.scenario.params, seed=3, years=30 / 52)
    assert [list(row) for row in workshop.reform.rows] == ran.weekly.to_numpy().tolist()
    picture = workshop.snapshot().reform.picture
    last = dict(zip(JOB_CENTRE.charts.columns, workshop.reform.rows[-1], strict=True))
    clients = picture.clients
    assert len(picture.tiles) == workshop.reform.roster.positions == 15
    assert sum(tile.caseload for tile in picture.tiles) == clients.total == last["citizens"]
    assert dict(clients.groups) == {"education_benefit": last["citizens_education_benefit"],
                                    "cash_benefit": 0, "rehabilitation": last["citizens_rehabilitation"]}
    assert clients.queue.urgent == last["meetings_overdue"] > 0
    assert clients.queue.waiting >= clients.queue.urgent
    assert clients.unassigned == last["unassigned_citizens"]
    html = render(picture, "en", "department")
    assert html.count('data-testid="tile"') == 15 and "citizens" in html
    assert f'data-total="{clients.total}"' in html and say("meeting_queue_empty", "en") not in html
    assert "borgere" in render(picture, "da", "department")


def test_more_positions_lower_the_citizens_per_caseworker_after_some_weeks():
    workshop = Workshop(SILKEBORG, seed=1)
    workshop.step()
    workshop.pull("positions", 33)  # Silkeborg's reform: from 15 caseworkers to 33
    workshop.pull("meetings_per_year", 8)
    for _ in range(30):
        assert workshop.step()
    snapshot = workshop.snapshot()
    assert snapshot.error is None and snapshot.levers["positions"] == 33 and snapshot.levers["meetings_per_year"] == 8
    mean = lambda copy: sum(t.caseload for t in copy.picture.tiles if t.state != VACANT) / copy.picture.staff  # noqa: E731
    assert mean(snapshot.reform) < 0.6 * mean(snapshot.baseline)
    caseload = JOB_CENTRE.charts.columns.index("caseload_mean")
    assert workshop.reform.rows[-1][caseload] < 0.6 * workshop.baseline.rows[-1][caseload]
    held = JOB_CENTRE.charts.columns.index("meetings_held")
    assert sum(row[held] for row in workshop.reform.rows[-10:]) > sum(row[held] for row in workshop.baseline.rows[-10:])


def test_a_job_centre_with_no_caseworkers_shows_every_citizen_waiting_instead_of_an_error():
    workshop = Workshop(SILKEBORG, seed=1)
    workshop.pull("positions", 0)
    for _ in range(20):
        assert workshop.step()
    clients = workshop.snapshot().reform.picture.clients
    assert workshop.snapshot().reform.picture.tiles == () and clients.unassigned == clients.total > 1000
    assert clients.queue.urgent > 1000  # 20 weeks without meetings: past the law's 13 weeks
    html = render(workshop.snapshot().reform.picture, "en", "reform")
    assert say("no_positions_citizens", "en") in html
    assert say("more", "en", count=clients.queue.waiting - MAX_DOTS) in html  # a dot each up to MAX_DOTS
    workshop.pull("positions", 15)
    for _ in range(26):
        assert workshop.step()
    assert workshop.snapshot().error is None and workshop.snapshot().reform.picture.clients.unassigned == 0


def test_job_centre_charts_draw_its_series_in_both_languages():
    workshop = Workshop(SILKEBORG_REFORM, seed=1)
    for _ in range(10):
        workshop.step()
    snapshot = workshop.snapshot()
    frame = chart_frame(JOB_CENTRE.charts, snapshot.reform.rows)
    assert {series for panel in JOB_CENTRE.charts.panels.values() for series in panel} <= set(frame.columns)
    assert frame.meetings_on_time.between(0, 1).all() and (frame.benefit_cost_mdkk_year > 100).all()
    for lang in ("en", "da"):
        png = draw(JOB_CENTRE.charts, snapshot.reform.rows, snapshot.baseline.rows, lang, 2014.0)
        assert png.startswith(b"\x89PNG")
    assert draw(JOB_CENTRE.charts, (), None, "en").startswith(b"\x89PNG")


def test_the_reform_copy_must_be_the_same_kind_of_department():
    workshop = Workshop(SILKEBORG, seed=1)
    workshop.reset(reform_path=SILKEBORG_REFORM)
    assert workshop.snapshot().reform.name == "Silkeborg 2015 reform"
    with pytest.raises(ValueError, match=r"assens_2014.toml: scenario.kind: the reform copy must be a job centre "
                                         r"department like .*silkeborg_2014.toml, not a children and family one"):
        workshop.reset(reform_path=ASSENS)
    assert workshop.reform_path == SILKEBORG_REFORM and workshop.kind is JOB_CENTRE
    workshop.pull("referrals", 500)  # a children's lever, on its way from a page shown before: moves nothing
    assert workshop.snapshot().error is None and workshop.step()
    choices = scenarios.catalogue()
    names = [choice.name for choice in scenarios.reforms_for(choices, JOB_CENTRE.name)]
    assert "Silkeborg 2014" in names and "Silkeborg 2015 reform" in names and "Assens 2014" not in names
    assert "Silkeborg 2014" not in [choice.name for choice in scenarios.reforms_for(choices, CHILDREN.name)]


def test_a_scenario_file_broken_since_the_page_began_is_refused_and_the_department_runs_on(tmp_path):
    changed = tmp_path / "changed.toml"
    changed.write_text('[scenario]\nkind = "job_centre"\n[parameters]\nmeetings_per_year = 0\n')
    workshop = Workshop(SILKEBORG, seed=1)
    workshop.step()
    with pytest.raises(ScenarioError, match=r"changed.toml: parameters.meetings_per_year: .*meetings_per_year"):
        workshop.reset(scenario_path=str(changed))
    assert workshop.scenario_path == SILKEBORG and workshop.snapshot().week == 1 and workshop.step()


@pytest.mark.parametrize(("content", "named"), [
    ('[scenario]\nkind = "jobcentre"\n', ["scenario.kind", "must be one of children_and_family, job_centre",
                                           "did you mean"]),
    ('[scenario]\nkind = "job_centre"\n[[interventions]]\nkind = "intake_team"\nweek = 10\nsize = 3\n',
     ["interventions[0].kind", "does not apply to a job centre department", "allowed: add_positions"]),
    ('[scenario]\nkind = "job_centre"\n[parameters]\nreferrals_per_child_year = 0.2\n',
     ["parameters.referrals_per_child_year", "children and family department"]),
    ('[scenario]\nkind = "job_centre"\n[parameters]\nmeetings_per_year = 0\n',
     ["parameters.meetings_per_year", "meetings_per_year"]),
])
def test_the_command_refuses_a_job_centre_file_it_cannot_use_with_one_line(tmp_path, capsys, content, named):
    bad = tmp_path / "bad.toml"
    bad.write_text(content)
    assert main(["workshop", str(bad), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1
    assert str(bad) in err and all(part in err for part in named), err


# --- the real app -------------------------------------------------------------------------
class Server:
    """`deptsim workshop` running in a subprocess, as a trainer starts it."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "deptsim", "workshop", *args, "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []  # read as it comes, so a full pipe never blocks the server
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.errors.extend(self.process.stderr), daemon=True).start()
        try:
            first = self.lines.get(timeout=60)
        except queue.Empty:
            self.stop()
            raise AssertionError(f"deptsim workshop printed no address; stderr: {''.join(self.errors)}") from None
        assert first.startswith("deptsim workshop: http://"), first
        self.url = first.split(": ", 1)[1].strip()
        self.port = int(self.url.rsplit(":", 1)[1])
        self._wait_until_it_answers()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def _wait_until_it_answers(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
            time.sleep(0.2)

    def stop(self) -> int:
        """Ctrl-C, as a trainer stops it; returns the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server(ASSENS)
    yield running
    assert running.stop() == 0, "".join(running.errors)
    assert "deptsim workshop: stopped" in "".join(running.lines.queue)
    assert "Traceback" not in "".join(running.errors), "".join(running.errors)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run should have installed it (apt-get install -y chromium)")
        pytest.skip("no /usr/bin/chromium: install it with `apt-get install -y chromium` to run the browser tests")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def silkeborg_server() -> Iterator[Server]:
    """`deptsim workshop scenarios/silkeborg_2014.toml`: a job centre."""
    running = Server(SILKEBORG)
    yield running
    assert running.stop() == 0, "".join(running.errors)
    assert "Traceback" not in "".join(running.errors), "".join(running.errors)


def open_tab(browser, server: Server):
    """A fresh tab on the workshop (its own session), with every request it makes recorded."""
    tab = browser.new_page(viewport={"width": 1600, "height": 1250})
    tab.set_default_timeout(WAIT_MS)
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.goto(server.url)
    tab.locator(".ws-step").wait_for()
    return tab


@pytest.fixture
def page(server: Server, browser):
    """A tab on the workshop started with Assens 2014."""
    tab = open_tab(browser, server)
    yield tab
    tab.close(run_before_unload=True)


@pytest.fixture
def silkeborg_page(silkeborg_server: Server, browser):
    """A tab on the workshop started with Silkeborg's job centre."""
    tab = open_tab(browser, silkeborg_server)
    yield tab
    tab.close(run_before_unload=True)


def week(page) -> int:
    return int(page.locator(".ws-week").get_attribute("data-week"))


def wait_for_week(page, at_least: int) -> None:
    page.wait_for_function(f"Number(document.querySelector('.ws-week').dataset.week) >= {at_least}")


def lever_value(page, key: str) -> str:
    return page.locator(f".ws-lever-{key}").get_attribute("data-value")


def pause(page) -> None:
    """Press pause and wait for the last frame: the step button comes back, the rest of its render with it."""
    page.locator(".ws-pause").click()
    page.locator(".ws-step:not([disabled])").wait_for()
    page.wait_for_timeout(300)


def wait_for_lever(page, key: str, value: str) -> None:
    page.wait_for_function(f"document.querySelector('.ws-lever-{key}').dataset.value === '{value}'")


def move_slider(page, key: str, target: int) -> None:
    """Arrow keys, one at a time, each waited for on its way to the server and back; a key pressed while
    the page was redrawing the slider is lost, so a press that changed nothing is repeated."""
    thumb = page.locator(f".ws-lever-{key} [role=slider]")
    for _ in range(3 * abs(target - int(float(lever_value(page, key)))) + 3):
        if (value := int(float(lever_value(page, key)))) == target:
            return
        thumb.press("ArrowRight" if value < target else "ArrowLeft")
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"Number(document.querySelector('.ws-lever-{key}').dataset.value) != {value}",
                                   timeout=3000)
    raise AssertionError(f"the {key} slider did not reach {target}: it shows {lever_value(page, key)}")


def chart_image(page) -> bytes:
    return page.locator(".ws-charts img").screenshot()


def non_loopback_address() -> str | None:
    """An IPv4 address of this machine other than loopback, or None."""
    candidates = []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        candidates += subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            candidates.append(probe.getsockname()[0])
    except OSError:
        pass
    return next((a for a in candidates if "." in a and not a.startswith("127.") and a != "0.0.0.0"), None)


def test_the_app_answers_only_on_loopback_by_default(server):
    assert server.url.startswith("http://127.0.0.1:")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5):
        pass
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback to try")
    with pytest.raises(OSError), socket.create_connection((address, server.port), timeout=5):
        pass


def test_step_and_play_advance_the_week_and_the_charts_offline(page, server):
    assert week(page) == 0
    before = chart_image(page)
    page.locator(".ws-step").click()
    wait_for_week(page, 1)
    assert week(page) == 1
    page.locator(".ws-speed-year").click()
    page.locator(".ws-play").click()
    wait_for_week(page, 20)
    pause(page)
    paused = week(page)
    time.sleep(1.0)
    assert week(page) == paused, "pause must stop the weeks"
    assert chart_image(page) != before
    assert page.locator(".ws-error").count() == 0
    # side by side, with no lever touched, the two copies are the same department week by week
    page.locator(".ws-side-by-side input").click(force=True)
    expect(page.locator("[data-copy=reform] [data-testid=tile]")).to_have_count(8)
    caseloads = {copy: [tile.get_attribute("data-caseload")
                        for tile in page.locator(f"[data-copy={copy}] [data-testid=tile]").all()]
                 for copy in ("baseline", "reform")}
    assert caseloads["baseline"] == caseloads["reform"] and len(caseloads["reform"]) == 8
    # nothing was fetched from anywhere but the workshop itself: it works with no internet
    assert page.requests and all(url.startswith((server.url, "data:", "blob:")) for url in page.requests)


def test_the_positions_slider_and_the_mentoring_switch_change_the_department(page):
    tiles = page.locator(".ws-department-department [data-testid=tile]")
    assert tiles.count() == 8 and lever_value(page, "positions") == "8"
    caseload_before = int(tiles.first.get_attribute("data-caseload"))
    thumb = page.locator(".ws-lever-positions [role=slider]")
    thumb.focus()
    thumb.press("End")  # the slider's top: 40 positions, 32 of them new vacancies
    wait_for_lever(page, "positions", "40")
    expect(tiles).to_have_count(40)
    expect(page.locator(".ws-department-department [data-state=vacant]")).to_have_count(32)
    switch = page.locator(".ws-lever-mentoring input[role=switch]")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click(force=True)
    wait_for_lever(page, "mentoring", "True")
    expect(switch).to_have_attribute("aria-checked", "true")
    before = chart_image(page)
    page.locator(".ws-speed-full").click()
    page.locator(".ws-play").click()
    wait_for_week(page, 30)  # the vacancies have been filled and the cases spread over the new staff
    pause(page)
    assert page.locator(".ws-department-department [data-state=vacant]").count() < 32
    assert int(tiles.first.get_attribute("data-caseload")) < caseload_before
    assert chart_image(page) != before


def test_extreme_levers_show_what_happens_instead_of_an_error(page):
    page.locator(".ws-lever-positions [role=slider]").press("Home")  # no staff at all
    wait_for_lever(page, "positions", "0")
    page.locator(".ws-lever-referrals [role=slider]").press("End")  # a flood of referrals
    wait_for_lever(page, "referrals", "2000")
    page.locator(".ws-speed-full").click()
    page.locator(".ws-play").click()
    wait_for_week(page, 26)
    pause(page)
    department = page.locator("[data-testid=department]")
    assert department.get_attribute("data-positions") == "0"
    assert int(page.locator("[data-testid=queue]").get_attribute("data-waiting")) > 1000
    assert page.get_by_text(say("no_positions", "en")).count() == 1
    assert page.locator(".ws-error").count() == 0


def test_side_by_side_in_danish_and_a_year_at_full_speed(page):
    """The view the room sees: Assens without and with a reform, in Danish; saved as a screenshot."""
    page.locator(".ws-side-by-side input").click(force=True)
    page.locator(".ws-department-baseline").wait_for()
    move_slider(page, "positions", 17)  # Assens' 2016 reform: 9 more caseworkers, an intake team, mentoring
    move_slider(page, "intake-team", 3)
    page.locator(".ws-lever-mentoring input[role=switch]").click(force=True)
    wait_for_lever(page, "mentoring", "True")
    page.locator(".ws-lang-da").click()
    page.get_by_text("Med reformen: Assens 2014").wait_for()
    expect(page.locator(".ws-department-baseline [data-testid=tile]")).to_have_count(8)
    expect(page.locator(".ws-department-reform [data-testid=tile]")).to_have_count(17)
    page.locator(".ws-speed-full").click()
    started = time.perf_counter()
    page.locator(".ws-play").click()
    wait_for_week(page, 52)
    one_year = time.perf_counter() - started
    wait_for_week(page, 5 * 52)
    pause(page)
    baseline = page.locator("[data-copy=baseline] [data-testid=tile]")
    reform = page.locator("[data-copy=reform] [data-testid=tile]")
    mean = lambda tiles: sum(int(t.get_attribute("data-caseload")) for t in tiles.all()) / tiles.count()  # noqa: E731
    assert mean(baseline) > mean(reform), "the reform spreads the cases over more caseworkers"
    assert page.get_by_text("Uden reformen (basis)").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 1420})  # the whole page, charts included
    page.locator(".ws-charts img").wait_for()
    page.screenshot(path=str(ARTIFACTS / "workshop.png"))
    (ARTIFACTS / "workshop-timing.txt").write_text(
        f"one simulated year at full speed, two copies of Assens 2014 side by side: {one_year:.2f} s\n")
    print(f"\none simulated year at full speed: {one_year:.2f} s")
    assert one_year < 20


def test_the_scenario_picker_starts_another_department_at_week_0(page):
    page.locator(".ws-step").click()
    wait_for_week(page, 1)
    page.locator(".ws-scenario .v-select__slot").click()
    page.locator(".v-menu__content .v-list-item").filter(has_text="Union guideline").click()
    page.get_by_text("The department: Union guideline").wait_for()
    assert week(page) == 0
    expect(page.locator("[data-testid=department]")).to_have_attribute("data-positions", "25")
    wait_for_lever(page, "positions", "25")


def test_the_picker_turns_the_page_into_a_job_centre_and_back(page):
    expect(page.locator(".ws-lever-referrals")).to_have_count(1)
    page.locator(".ws-scenario .v-select__slot").click()
    page.locator(".v-menu__content .v-list-item").filter(has_text="Silkeborg 2014").click()
    page.get_by_text("The department: Silkeborg 2014").wait_for()
    expect(page.locator("[data-testid=department]")).to_have_attribute("data-positions", "15")
    expect(page.locator(".ws-lever-meetings-per-year")).to_have_count(1)
    expect(page.locator(".ws-lever-referrals")).to_have_count(0)
    expect(page.locator(".ws-lever-intake-team")).to_have_count(0)
    page.get_by_text("Citizens on benefit: 1,410").wait_for()
    page.locator(".ws-scenario .v-select__slot").click()
    page.locator(".v-menu__content .v-list-item").filter(has_text="Assens 2014").first.click()
    page.get_by_text("The department: Assens 2014").wait_for()
    expect(page.locator(".ws-lever-referrals")).to_have_count(1)
    expect(page.locator(".ws-lever-meetings-per-year")).to_have_count(0)


def test_a_job_centre_shows_its_caseworkers_and_citizens_and_more_positions_spread_them(silkeborg_page):
    """Silkeborg's job centre as `deptsim workshop scenarios/silkeborg_2014.toml` serves it: side by side, the
    reform copy gets Silkeborg's reform by the levers (33 caseworkers, 8 meetings a year); saved as a screenshot."""
    page = silkeborg_page
    page.get_by_text("The department: Silkeborg 2014").wait_for()
    tiles = page.locator("[data-testid=tile]")
    expect(tiles).to_have_count(15)
    assert int(tiles.first.get_attribute("data-caseload")) > 80  # 90-100 citizens per caseworker
    clients = page.locator("[data-testid=clients]")
    assert clients.get_attribute("data-total") == "1410"
    groups = {g.get_attribute("data-group"): int(g.get_attribute("data-count"))
              for g in page.locator("[data-testid=client-group]").all()}
    assert groups == {"education_benefit": 420, "cash_benefit": 0, "rehabilitation": 990}
    assert page.get_by_text("Citizens on benefit: 1,410").count() == 1
    assert page.locator(".ws-lever").count() == len(JOB_CENTRE.levers)
    page.locator(".ws-side-by-side input").click(force=True)
    page.locator(".ws-department-baseline").wait_for()
    page.locator(".ws-reform-scenario .v-select__slot").click()
    offered = page.locator(".v-menu__content .v-list-item").all_inner_texts()
    assert any("Silkeborg 2015 reform" in text for text in offered)
    assert not any("Assens" in text for text in offered), offered
    page.keyboard.press("Escape")
    move_slider(page, "positions", 33)
    move_slider(page, "meetings-per-year", 8)
    expect(page.locator(".ws-department-reform [data-testid=tile]")).to_have_count(33)
    expect(page.locator(".ws-department-reform [data-state=vacant]")).to_have_count(18)
    before = chart_image(page)
    page.locator(".ws-speed-full").click()
    page.locator(".ws-play").click()
    wait_for_week(page, 40)  # the vacancies filled and the citizens spread over the new caseworkers
    pause(page)
    mean = lambda tiles: sum(int(t.get_attribute("data-caseload")) for t in tiles.all()  # noqa: E731
                             if t.get_attribute("data-state") != "vacant") / tiles.count()
    baseline = mean(page.locator("[data-copy=baseline] [data-testid=tile]"))
    reform = mean(page.locator("[data-copy=reform] [data-testid=tile]"))
    assert reform < 0.6 * baseline, (reform, baseline)
    for copy in ("baseline", "reform"):
        waiting = page.locator(f"[data-copy={copy}] [data-testid=queue]")
        assert int(waiting.get_attribute("data-waiting")) >= int(waiting.get_attribute("data-urgent")) >= 0
    assert chart_image(page) != before
    assert page.locator(".ws-error").count() == 0
    page.locator(".ws-lang-da").click()
    page.get_by_text("Med reformen: Silkeborg 2014").wait_for()
    assert page.get_by_text("Borgere på ydelse", exact=False).count() >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 1420})
    page.locator(".ws-charts img").wait_for()
    page.screenshot(path=str(ARTIFACTS / "workshop-jobcentre.png"))
