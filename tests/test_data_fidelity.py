"""data/programme.toml says everything the seed programme says, and nothing it does not.

The seed is the Council of Europe's draft programme (version of 4 October 2021), kept
outside the repository in ../shared/seed/. Its "Draft programme" grid has one line per
time slot, `07:00 - 08:50 CET<TAB>left cell<TAB>right cell` (with an en dash), under day
headings such as `Wed, 17 November`. The left cell is track 1 (rows spanning the page
are written in it), the right cell track 2. The plenary's cell is HTML whose agenda
items start with ▶.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from octopus_cli.core.choices import Kind
from octopus_cli.core.models import Programme, Session
from octopus_cli.sources.loader import load_programme

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "programme.toml"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "octopus-2021-programme.txt"

pytestmark = pytest.mark.skipif(
    not SEED.is_file(), reason="../shared/seed not present: the seed comparison runs in CI"
)

PARIS = ZoneInfo("Europe/Paris")  # the seed prints "CET": Paris wall clock in November
DASH = "\N{EN DASH}"
ITEM = "\N{BLACK RIGHT-POINTING TRIANGLE}"

DAY_LINE = re.compile(r"(?P<weekday>[A-Z][a-z]{2}), (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+)\t*")
SLOT_LINE = re.compile(rf"(?P<start>\d\d:\d\d) {DASH} (?P<end>\d\d:\d\d) CET\t(?P<cells>.*)")
END_LINE = re.compile(r"(?P<at>\d\d:\d\d)\t<i>End of conference</i>\t*")


@dataclass(frozen=True)
class Cell:
    """One non-empty cell of the seed's grid."""

    start: datetime
    end: datetime
    track: int
    text: str  # as printed (HTML for the plenary)
    label: str | None  # 'WS 2' in 'WS 2: COVID-19 and cybercrime'; None without a colon
    title: str  # 'COVID-19 and cybercrime'; the whole text without a colon
    intro: str = ""  # the plenary's introductory paragraph
    agenda: tuple[str, ...] = ()  # the plenary's ▶ items

    @property
    def id(self) -> str:
        column = "left" if self.track == 1 else "right"
        return f"{self.start:%a%d-%H%M}-{self.end:%H%M}-{column}"

    @property
    def slot(self) -> str:
        return slot(self.start, self.end, self.track)


@dataclass(frozen=True)
class Grid:
    cells: tuple[Cell, ...]
    days: tuple[date, ...]
    end_of_conference: datetime | None


def slot(start: datetime, end: datetime, track: int) -> str:
    """'Wed 17 Nov 09:00-10:50 CET, track 1' (en dash) in Paris wall-clock time."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    return f"{start:%a %d %b %H:%M}{DASH}{end:%H:%M} {start:%Z}, track {track}"


def strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def wall_clock(day: date, hhmm: str) -> datetime:
    moment = datetime.combine(day, datetime.strptime(hhmm, "%H:%M").time(), PARIS)
    assert moment.tzname() == "CET", f"the seed says CET, but Paris is on {moment.tzname()}"
    return moment


def seed_date(text: str) -> date:
    """'20 October 2021' -> date(2021, 10, 20)."""
    return datetime.strptime(text, "%d %B %Y").date()


def parse_cell(day: date, start: str, end: str, track: int, text: str) -> Cell:
    times = {"start": wall_clock(day, start), "end": wall_clock(day, end), "track": track}
    if text.startswith("<p"):
        paragraphs = [strip_tags(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", text)]
        label, intro, heading = paragraphs
        items = tuple(strip_tags(item) for item in text.split(ITEM)[1:])
        label = label.removesuffix(":")
        return Cell(**times, text=text, label=label, title=heading, intro=intro, agenda=items)
    label, colon, title = text.partition(": ")
    if not colon:
        return Cell(**times, text=text, label=None, title=text)
    return Cell(**times, text=text, label=label, title=title)


def parse_grid(seed: str) -> Grid:
    """The cells of the seed's "Draft programme" grid, in reading order."""
    year = re.search(r"^\d+ -\d+ [A-Z][a-z]+ (\d{4})", seed, re.MULTILINE)
    _, found, grid = seed.partition("\nDraft programme\n")
    if year is None or not found:
        raise ValueError("the seed has no cover date or no 'Draft programme' grid")
    cells: list[Cell] = []
    days: list[date] = []
    end_of_conference = None
    for line in grid.splitlines():
        if not line.strip():
            continue
        if match := DAY_LINE.fullmatch(line):
            days.append(seed_date(f"{match['day']} {match['month']} {year[1]}"))
            assert f"{days[-1]:%a}" == match["weekday"], f"wrong weekday in the seed: {line!r}"
        elif match := SLOT_LINE.fullmatch(line):
            columns = match["cells"].split("\t")
            assert days and len(columns) == 2, f"not a two-column row under a day: {line!r}"
            for track, text in enumerate(columns, start=1):
                if text.strip():
                    start, end = match["start"], match["end"]
                    cells.append(parse_cell(days[-1], start, end, track, text.strip()))
        elif match := END_LINE.fullmatch(line):
            end_of_conference = wall_clock(days[-1], match["at"])
        else:
            raise ValueError(f"unexpected line in the seed's programme grid: {line!r}")
    return Grid(tuple(cells), tuple(days), end_of_conference)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def names_cell(session: Session, cell: Cell) -> bool:
    """Whether the session's label and title are the cell's words, exactly."""
    if cell.intro:
        # The plenary's title is its centred heading, optionally prefixed by the name the
        # seed gives the event at the start of its introduction ("Special event: ...").
        name, colon, heading = session.title.partition(": ")
        prefixed = bool(colon) and heading == cell.title and cell.intro.startswith(f"{name} ")
        return session.label == cell.label and (session.title == cell.title or prefixed)
    if cell.label is None:  # 'Break', 'Lightning talks I', 'Conclusions'
        return session.title == cell.text and (
            session.label is None or cell.text.startswith(session.label)
        )
    return session.label == cell.label and session.title == cell.title


def same_slot(session: Session, cell: Cell) -> bool:
    return slot(session.start, session.end, session.track) == cell.slot


def sessions_named(programme: Programme, cell: Cell) -> list[Session]:
    return [s for s in programme.sessions if names_cell(s, cell)]


def plenary_cell() -> Cell:
    (plenary,) = [cell for cell in GRID.cells if cell.agenda]
    return plenary


SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.is_file() else ""
GRID = parse_grid(SEED_TEXT) if SEED_TEXT else Grid((), (), None)
CELL_IDS = [cell.id for cell in GRID.cells]


@pytest.fixture(scope="module")
def programme() -> Programme:
    return load_programme(DATA)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_TEXT


def seed_match(pattern: str, seed: str) -> re.Match[str]:
    match = re.search(pattern, seed, re.MULTILINE)
    assert match is not None, f"the seed no longer says {pattern!r}"
    return match


def seed_list(text: str) -> tuple[str, ...]:
    """'English, French and Spanish' -> ('English', 'French', 'Spanish')."""
    return tuple(re.split(r", | and ", text))


# ---- 1, 2: every seed cell is a session, every session a seed cell ---------------------


def test_the_seed_grid_was_read() -> None:
    assert len(GRID.cells) == 25
    assert GRID.days == (date(2021, 11, 16), date(2021, 11, 17), date(2021, 11, 18))


@pytest.mark.parametrize("cell", GRID.cells, ids=CELL_IDS)
def test_seed_cell_is_a_session_at_its_time_and_track(programme: Programme, cell: Cell) -> None:
    named = sessions_named(programme, cell)
    where = [f"{s.id} at {slot(s.start, s.end, s.track)}" for s in named]
    assert any(same_slot(s, cell) for s in named), (
        f"seed: {cell.slot}: {strip_tags(cell.text)[:80]!r}; "
        f"file: {where or 'no session with that label and title'}"
    )


def test_every_session_is_a_seed_cell(programme: Programme) -> None:
    invented = [
        f"{s.id}: {s.label!r} {s.title!r} at {slot(s.start, s.end, s.track)}"
        for s in programme.sessions
        if not any(same_slot(s, cell) and names_cell(s, cell) for cell in GRID.cells)
    ]
    assert invented == [], "sessions with no seed cell of that label, title, time and track"
    assert len(programme.sessions) == len(GRID.cells) == 25


def test_conference_days_are_the_seed_days(programme: Programme) -> None:
    assert tuple(programme.conference.days) == GRID.days
    assert {s.start.astimezone(PARIS).date() for s in programme.sessions} == set(GRID.days)


KIND_BY_SEED_NAME = {
    "Plenary session": Kind.PLENARY,
    "WS ": Kind.WORKSHOP,
    "Workshop ": Kind.WORKSHOP,
    "Lightning talks ": Kind.LIGHTNING_TALKS,
    "Break": Kind.BREAK,
    "Outlook ": Kind.OUTLOOK,
    "Conclusions": Kind.CONCLUSIONS,
}


@pytest.mark.parametrize("cell", GRID.cells, ids=CELL_IDS)
def test_kind_is_what_the_seed_calls_the_cell(programme: Programme, cell: Cell) -> None:
    name = cell.label or cell.text
    kinds = [kind for prefix, kind in KIND_BY_SEED_NAME.items() if name.startswith(prefix)]
    assert len(kinds) == 1, f"no kind for the seed's {name!r}"
    named = sessions_named(programme, cell)
    assert named, f"no session is {name!r}"
    assert {s.id: s.kind for s in named} == {s.id: kinds[0] for s in named}


# ---- 3: the plenary's agenda --------------------------------------------------------------


def test_plenary_agenda_is_the_seven_seed_items_in_order(programme: Programme) -> None:
    plenary = plenary_cell()
    assert len(plenary.agenda) == 7
    assert plenary.agenda[2] == f"Panel: 20 years of Budapest Convention {DASH} global impact"
    named = sessions_named(programme, plenary)
    assert [s.agenda for s in named] == [plenary.agenda]


def test_only_the_plenary_has_an_agenda(programme: Programme) -> None:
    with_agenda = [s.id for s in programme.sessions if s.agenda]
    assert with_agenda == [s.id for s in sessions_named(programme, plenary_cell())]


# ---- 4: no invented words; conference facts are the seed's --------------------------------


def session_texts(session: Session) -> list[tuple[str, str]]:
    agenda = [(f"agenda[{n}]", item) for n, item in enumerate(session.agenda)]
    return [("title", session.title), ("description", session.description), *agenda]


def test_session_texts_use_only_seed_words(programme: Programme, seed: str) -> None:
    vocabulary = words(strip_tags(seed))
    unknown = [
        f"{s.id}.{field}: {word}"
        for s in programme.sessions
        for field, text in session_texts(s)
        for word in sorted(words(text) - vocabulary)
    ]
    assert unknown == [], "words that the seed does not contain"


def test_conference_identity(programme: Programme, seed: str) -> None:
    conference = programme.conference
    cover = seed_match(rf"^(\d+) -(\d+) ([A-Z][a-z]+) (\d{{4}}) {DASH} (\w+)$", seed)
    first_line = seed.strip().splitlines()[0]
    assert first_line == f"{conference.title} {conference.name}"
    assert conference.start_date == seed_date(f"{cover[1]} {cover[3]} {cover[4]}")
    assert conference.end_date == seed_date(f"{cover[2]} {cover[3]} {cover[4]}")
    assert conference.online is (cover[5] == "Online")
    version = seed_match(r"^Version (\d+ [A-Z][a-z]+ \d{4})$", seed)
    assert conference.programme_version == seed_date(version[1]) == date(2021, 10, 4)
    assert f"\n{(conference.programme_status or '').capitalize()} programme\n" in seed
    assert f"[{conference.project}]" in seed


def test_languages_are_the_seed_working_languages(programme: Programme, seed: str) -> None:
    languages = seed_match(r"Working languages will be ([^.]+)\.", seed)
    assert programme.conference.languages == seed_list(languages[1])


def test_funders_are_the_seed_contributors(programme: Programme, seed: str) -> None:
    funders = seed_match(r"funded by voluntary contributions from ([^.]+)\.$", seed)
    assert programme.conference.funders == seed_list(funders[1])


def test_organiser_is_the_seed_contact(programme: Programme, seed: str) -> None:
    contact = seed_match(r"^Contact\n\n(.+)\n\n(.+)\n(.+)\n\nTel (\S+)\n\nEmail (\S+)$", seed)
    organiser = programme.conference.organiser
    assert organiser is not None
    assert (organiser.name, organiser.directorate, organiser.address) == contact.group(1, 2, 3)
    assert (organiser.phone, organiser.email) == ("+33-3-8841-2175", "cybercrime@coe.int")
    assert (organiser.phone, organiser.email) == contact.group(4, 5)


def test_registration_is_the_seed_period(programme: Programme, seed: str) -> None:
    period = seed_match(
        r"Registration will be open from \*\*(\d+ [A-Z][a-z]+) to (\d+ [A-Z][a-z]+ (\d{4}))\*\* "
        r"at (\S+)\.$",
        seed,
    )
    registration = programme.conference.registration
    assert registration is not None
    assert registration.opens == seed_date(f"{period[1]} {period[3]}") == date(2021, 9, 20)
    assert registration.closes == seed_date(period[2]) == date(2021, 10, 20)
    assert registration.where == period[4]


def test_related_event_is_the_t_cy_plenary(programme: Programme, seed: str) -> None:
    event = seed_match(
        r"preceded by the (.+?) on (\d+ [A-Z][a-z]+)\. Participation in that meeting is (\w+)\.",
        seed,
    )
    (related,) = programme.conference.related_events
    assert related.name.casefold() == event[1].casefold()
    assert "(T-CY)" in related.name
    assert related.date == seed_date(f"{event[2]} 2021") == date(2021, 11, 15)
    assert related.participation == event[3] == "restricted"


def test_end_of_conference_is_the_seed_end(programme: Programme) -> None:
    assert GRID.end_of_conference is not None
    assert programme.ends_at == GRID.end_of_conference
    assert f"{GRID.end_of_conference:%Y-%m-%d %H:%M %Z}" == "2021-11-18 18:00 CET"


def test_themes_are_the_seed_bullets(programme: Programme, seed: str) -> None:
    overview = seed.partition("\nParticipation\n")[0]
    bullets = re.findall(rf"^- {ITEM} (.+)$", overview, re.MULTILINE)
    assert len(bullets) == 11
    assert programme.conference.themes == tuple(bullets)


def test_participation_is_quoted_from_the_seed(programme: Programme, seed: str) -> None:
    participation = " ".join((programme.conference.participation or "").split())
    assert participation
    assert participation in " ".join(seed.split())


# ---- 5: breaks ------------------------------------------------------------------------------


def test_breaks_are_the_seed_breaks(programme: Programme) -> None:
    seed_breaks = [cell.slot for cell in GRID.cells if cell.text == "Break"]
    breaks = [s for s in programme.sessions if s.kind == Kind.BREAK]
    file_breaks = [slot(s.start, s.end, s.track) for s in breaks]
    assert len(seed_breaks) == 4
    assert file_breaks == seed_breaks
    assert all(s.kind == "break" for s in programme.sessions if s.title == "Break")
