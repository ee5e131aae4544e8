"""The department as a picture: one tile per caseworker position, and its clients: how many, who waits.

A tile's colour is its holder's strain (green none, yellow half, red full), its number the cases
held; a vacant post is an empty dashed tile and a caseworker off sick a striped grey one, so the
room sees cases pile up on the ones left. The tiles are the workforce's, the same in every kind of
department; the clients are each kind's own (`KindPicture`): the children's department shows its
referrals waiting for assessment, the job centre its citizens on benefit and those waiting for a
meeting. `take_picture` reads a model into plain data (under the workshop's lock); `render` turns
that into HTML with data attributes the browser test reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import numpy as np

from deptsim.childwelfare.family import ADVICE
from deptsim.jobcentre.citizens import KIND_NAMES, KINDS
from deptsim.jobcentre.contact import meeting_due
from deptsim.jobcentre.model import JobCentreModel
from deptsim.model import HOURS_PER_WEEK, DepartmentModel
from deptsim.workforce.department import StaffedDepartment
from deptsim.workshop.labels import say

WORKING, SICK, OFF_SICK, VACANT = "working", "sick", "off_sick", "vacant"
NEW_HIRE_WEEKS = 13  # a hire this recent is still learning the job
MAX_DOTS = 240  # one dot per client waiting up to this many, then a count
DAYS_PER_WEEK = 5.0
STRAIN_COLOURS = ((0.0, (102, 187, 106)), (0.5, (255, 238, 88)), (1.0, (229, 57, 53)))


@dataclass(frozen=True)
class Tile:
    """One caseworker position as the room sees it."""

    position: int
    state: str
    caseload: int
    strain: float
    absent: float
    intake_team: bool
    new_hire: bool


@dataclass(frozen=True)
class Queue:
    """The clients waiting (referrals for assessment; citizens for a meeting): `urgent` of them most
    (acute referrals; citizens past the law's interval), the longest for `longest` (days; weeks)."""

    waiting: int
    urgent: int
    longest: float


@dataclass(frozen=True)
class Clients:
    """The department's clients now: open cases in all and by group (label key, count), who waits,
    and the cases with no caseworker."""

    total: int
    groups: tuple[tuple[str, int], ...]
    queue: Queue
    unassigned: int


@dataclass(frozen=True)
class PictureWords:
    """The label keys (deptsim.workshop.labels) a kind of department's picture is told in."""

    cases: str
    clients: str
    queue: str
    queue_empty: str
    no_positions: str
    unassigned: str
    legend: str


@dataclass(frozen=True)
class KindPicture:
    """What the picture shows of one kind of department's clients, and in which words."""

    clients: Callable[[StaffedDepartment], Clients]
    words: PictureWords


@dataclass(frozen=True)
class Picture:
    tiles: tuple[Tile, ...]
    clients: Clients
    words: PictureWords

    @property
    def staff(self) -> int:
        return sum(tile.state != VACANT for tile in self.tiles)


def take_tiles(model: StaffedDepartment) -> tuple[Tile, ...]:
    """A tile per established position, from the roster (every kind of department has the same)."""
    roster = model.roster
    held = roster.held
    tiles = []
    for position in np.flatnonzero(roster.live("established")):
        in_post = bool(roster.in_post[position])
        absent = float(roster.absent[position])
        state = VACANT if not in_post else OFF_SICK if absent >= 1.0 else SICK if absent > 0 else WORKING
        tiles.append(Tile(int(position), state, int(held[position]), float(roster.strain[position]), absent,
                          bool(roster.intake_team[position]),
                          in_post and model.week - roster.hired_week[position] < NEW_HIRE_WEEKS))
    return tuple(tiles)


def take_picture(model: StaffedDepartment, kind: KindPicture) -> Picture:
    """The model's positions and clients now, copied out so the page can draw them while the model runs on."""
    return Picture(take_tiles(model), kind.clients(model), kind.words)


def families_now(model: DepartmentModel) -> Clients:
    """The children's department: its open cases, the referrals waiting for assessment (the acute ones
    urgent, the longest wait in days) and the open cases with no caseworker."""
    table, book = model.family_table, model.referral_book
    rows = table.rows()
    pending = table.pending_referral[rows]
    refs = pending[pending >= 0]
    now = model.week * HOURS_PER_WEEK
    oldest = (now - float(book.arrival[refs].min())) / 24.0 if len(refs) else 0.0
    unassigned = int(np.count_nonzero((table.holder[rows] < 0) & (table.stage[rows] >= ADVICE)))
    queue = Queue(len(refs), int(book.acute[refs].sum()), max(oldest, 0.0))
    return Clients(model.open_cases(), (), queue, unassigned)


def citizens_now(model: JobCentreModel) -> Clients:
    """The job centre: its citizens on benefit by benefit (counted over its Mesa agents), those whose
    planned meeting is due (urgent: past the law's interval, as the weekly record counts them; the longest
    in weeks since the last meeting) and those with no caseworker."""
    p, table = model.params, model.citizen_table
    by_benefit = model.citizens.groupby("kind").count()
    groups = tuple((KIND_NAMES[kind], int(by_benefit.get(kind, 0))) for kind in KINDS)
    rows = table.rows()
    since = model.week - table.last_meeting[rows]
    due = meeting_due(since, meetings_per_year=p.meetings_per_year) | (since > p.legal_meeting_weeks)
    queue = Queue(int(np.count_nonzero(due)), int(np.count_nonzero(since > p.legal_meeting_weeks)),
                  float(since[due].max()) if due.any() else 0.0)
    return Clients(len(rows), groups, queue, int(np.count_nonzero(table.holder[rows] < 0)))


CHILDREN_PICTURE = KindPicture(families_now, PictureWords(
    cases="cases", clients="open_cases", queue="queue", queue_empty="queue_empty", no_positions="no_positions",
    unassigned="unassigned", legend="legend"))
JOB_CENTRE_PICTURE = KindPicture(citizens_now, PictureWords(
    cases="citizens", clients="citizens_on_benefit", queue="meeting_queue", queue_empty="meeting_queue_empty",
    no_positions="no_positions_citizens", unassigned="unassigned_citizens", legend="legend_citizens"))


def strain_colour(strain: float) -> str:
    """Green at no strain, yellow at half, red at full: the colour of a tile."""
    strain = min(max(strain, 0.0), 1.0)
    (lo, low_rgb), (hi, high_rgb) = STRAIN_COLOURS[:2] if strain <= STRAIN_COLOURS[1][0] else STRAIN_COLOURS[1:]
    share = (strain - lo) / (hi - lo)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low_rgb, high_rgb, strict=True))


def _tile_html(tile: Tile, size: int, lang: str, cases: str) -> str:
    tip = [f"{say('position', lang)} {tile.position + 1}"]
    badges = []
    if tile.state == VACANT:
        style = "background:#fff;border:2px dashed #9e9e9e;color:#757575;"
        body = f'<div style="font-size:{size // 6}px">{say("vacant", lang)}</div>'
        tip.append(say("vacant", lang))
    else:
        colour = strain_colour(tile.strain)
        if tile.state == OFF_SICK:
            style = ("background:repeating-linear-gradient(45deg,#bdbdbd 0 6px,#e0e0e0 6px 12px);"
                     f"border:2px solid {colour};color:#424242;")
            tip.append(say("off_sick", lang))
        else:
            style = f"background:{colour};border:2px solid {colour};color:#212121;"
        if tile.state in (SICK, OFF_SICK):
            badges.append(("#6a1b9a", say("sick", lang)))
            if tile.state == SICK:
                tip.append(say("sick_days", lang, days=tile.absent * DAYS_PER_WEEK))
        if tile.intake_team:
            badges.append(("#1565c0", "§ 11"))
            tip.append(say("intake_member", lang))
        if tile.new_hire:
            badges.append(("#2e7d32", say("new", lang)))
        body = (f'<div style="font-size:{size // 3}px;font-weight:700;line-height:1">{tile.caseload}</div>'
                f'<div style="font-size:{max(size // 7, 8)}px">{say(cases, lang)}</div>')
        tip += [f"{tile.caseload} {say(cases, lang)}", f"{say('strain', lang)} {tile.strain:.2f}"]
    badge_html = "".join(
        f'<span style="background:{colour};color:#fff;border-radius:3px;padding:0 2px;margin-right:1px">'
        f"{escape(text)}</span>" for colour, text in badges)
    return (f'<div data-testid="tile" data-state="{tile.state}" data-caseload="{tile.caseload}" '
            f'data-strain="{tile.strain:.3f}" title="{escape(", ".join(tip))}" '
            f'style="{style}width:{size}px;height:{size}px;border-radius:6px;margin:2px;display:inline-flex;'
            f'flex-direction:column;align-items:center;justify-content:center;position:relative;'
            f'box-sizing:border-box;vertical-align:top">'
            f'<div style="position:absolute;top:1px;left:2px;font-size:9px;line-height:1.1">{badge_html}</div>'
            f"{body}</div>")


def _clients_html(clients: Clients, words: PictureWords, lang: str) -> str:
    """The clients in all, and by group when the kind has groups."""
    groups = "".join(f' <span data-testid="client-group" data-group="{group}" data-count="{count}">'
                     f"· {count:,} {escape(say(group, lang))}</span>" for group, count in clients.groups)
    return (f'<div data-testid="clients" data-total="{clients.total}" style="font-size:13px;margin-top:6px">'
            f"{escape(say(words.clients, lang, count=clients.total))}{groups}</div>")


def _queue_html(queue: Queue, words: PictureWords, lang: str) -> str:
    if queue.waiting == 0:
        text = say(words.queue_empty, lang)
    else:
        text = say(words.queue, lang, waiting=queue.waiting, urgent=queue.urgent, longest=queue.longest)
    shown_urgent = min(queue.urgent, MAX_DOTS)
    shown_routine = min(queue.waiting - queue.urgent, MAX_DOTS - shown_urgent)
    dot = '<span style="display:inline-block;width:7px;height:7px;border-radius:50%;margin:1px;background:{}"></span>'
    dots = dot.format("#c62828") * shown_urgent + dot.format("#fb8c00") * shown_routine
    rest = queue.waiting - shown_urgent - shown_routine
    more = f' <span style="font-size:12px">{say("more", lang, count=rest)}</span>' if rest > 0 else ""
    return (f'<div data-testid="queue" data-waiting="{queue.waiting}" data-urgent="{queue.urgent}" '
            f'style="margin-top:6px"><div style="font-size:13px">{escape(text)}</div>'
            f'<div style="line-height:8px">{dots}{more}</div></div>')


def render(picture: Picture, lang: str, copy: str) -> str:
    """The picture as HTML; `copy` ('department', 'baseline' or 'reform') marks which copy it shows."""
    n, words, clients = len(picture.tiles), picture.words, picture.clients
    size = 68 if n <= 40 else 54 if n <= 100 else 40
    lines = [say("in_post", lang, staff=picture.staff, positions=n)]
    if n == 0:
        lines.append(say(words.no_positions, lang))
    if clients.unassigned:
        lines.append(say(words.unassigned, lang, count=clients.unassigned))
    tiles = "".join(_tile_html(tile, size, lang, words.cases) for tile in picture.tiles)
    return (f'<div data-testid="department" data-copy="{copy}" data-positions="{n}" data-staff="{picture.staff}">'
            f'<div style="font-size:13px;margin-bottom:4px">{escape(" · ".join(lines))}</div>'
            f'<div data-testid="tiles" style="display:flex;flex-wrap:wrap">{tiles}</div>'
            f"{_clients_html(clients, words, lang)}{_queue_html(clients.queue, words, lang)}"
            f'<div style="font-size:11px;color:#616161;margin-top:4px">{escape(say(words.legend, lang))}</div></div>')
