"""Other conferences through the command line (issue 18): a frab schedule.xml and a
pretalx schedule.json, as files and from an http(s) address, with every command a user
runs on them, each test asserting what the user sees.

The schedules are the fixtures in tests/fixtures/schedules/ (modelled on the CCC's frab
and on pretalx) and the ones the README and docs/guides/other-conferences.md show, in
tests/readme/. Addresses are served by a local server on 127.0.0.1 (no other network): the
README's and the guide's command lines that name an http(s) address are skipped by
tests/test_readme_examples.py and run here, against that server, instead."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, Run
from test_fast_path import _completion_env, _fast, _help_names_sorted
from test_readme_examples import EXAMPLES, Example, Place, expected_status, names_url

from octopus_cli.sources.loader import load_programme

SCHEDULES = REPO / "tests" / "fixtures" / "schedules"
README_FILES = REPO / "tests" / "readme"
BUNDLED_KEY = "octopus-conference-2021"


@dataclass(frozen=True)
class Conference:
    """A published schedule and what a user sees of it."""

    file: Path
    key: str  # the programme's key: agenda, UIDs
    zone: str
    rooms: tuple[str, ...]
    at: str  # a moment during its first day
    today: tuple[str, ...]
    now: tuple[str, ...]
    next: tuple[str, ...]
    room: tuple[str, str, str, tuple[str, ...]]  # name, as typed, number: the ids in it
    own_kind: tuple[str, tuple[str, ...]]  # a kind of the schedule's own: its ids
    speaker: tuple[str, tuple[str, ...]]  # part of a speaker's name: the ids
    in_abstract: tuple[str, tuple[str, ...]]  # a word only in an abstract or details
    shown: str  # a session to `show`
    show_lines: tuple[str, ...]  # lines `show` prints for it
    clash: tuple[str, str]  # two sessions that overlap
    apart: tuple[str, str]  # two that do not
    speakers_of: tuple[str, tuple[str, ...]]


CCC = Conference(
    file=SCHEDULES / "ccc-like.xml",
    key="37c3-test",
    zone="Europe/Berlin",
    rooms=("Saal 1", "Saal Grace", "K.1.105"),
    at="2023-12-28T01:10",
    today=(
        "Thu 28 Dec 2023 (Europe/Berlin)",
        "23:30 -1d–01:00  11003  Late Night Crypto",
        "01:00–01:45  11004  Свобода информации",
        "12:00–14:00 +1d  11006  Lockpicking, the long way",
        "16:00–17:00  11005  Who owns the network?",
    ),
    now=(
        "01:00–01:45  11004  Свобода информации  (35m left)",
        "12:00–14:00 +1d  11006  Lockpicking, the long way  (in 10h 50m)",
    ),
    next=(
        "Next 3 slots (Europe/Berlin)",
        "12:00–14:00 +1d  11006  Lockpicking, the long way  (in 10h 50m)",
        "16:00–17:00  11005  Who owns the network?  (in 14h 50m)",
        "Fri 29 Dec 11:00–11:40  11007  Lightning Talks Day 3  (tomorrow)",
    ),
    room=("Saal Grace", "saal GRACE", "2", ("11002", "11004")),
    own_kind=("meeting", ("11004",)),
    speaker=("петрова", ("11004",)),
    in_abstract=("paragraph", ("11003",)),
    shown="11003",
    show_lines=(
        "Late Night Crypto",
        "  kind: talk, Saal 1",
        "  speakers: Alice, Bob",
        "  when: Wed 27 Dec 2023 23:30–01:00 +1d (Europe/Berlin)",
        "  language: en",
        "  details: More on keys and locks.",
        "  link: Slides https://example.org/slides.pdf",
    ),
    clash=("11006", "11005"),
    apart=("11003", "11004"),  # one ends at 01:00 when the other starts
    speakers_of=("11005", ("Carol", "Dave")),
)

PRETALX = Conference(
    file=SCHEDULES / "pretalx-like.json",
    key="conf-bogota-2024",
    zone="America/Bogota",
    rooms=("Auditorio Principal", "Sala 2", "Taller A"),
    at="2024-08-15T09:10",
    today=(
        "Thu 15 Aug 2024 (America/Bogota)",
        "09:00–09:30  501  Apertura",
        "14:00–16:00 +1d  502  Taller de Rust",
    ),
    now=(
        "09:00–09:30  501  Apertura  (20m left)",
        "14:00–16:00 +1d  502  Taller de Rust  (in 4h 50m)",
    ),
    next=(
        "Next 3 slots (America/Bogota)",
        "14:00–16:00 +1d  502  Taller de Rust  (in 4h 50m)",
        "01:30 +1d–02:15 +1d  503  Charla nocturna  (in 16h 20m)",
        "Fri 16 Aug 10:00–10:30  504  Privacidad[31m en América Latina  (tomorrow)",
    ),
    room=("Sala 2", "sala 2", "2", ("503", "504")),
    own_kind=("taller", ("502",)),
    speaker=("ñúÑez", ("501",)),
    in_abstract=("párrafo", ("501",)),
    shown="501",
    show_lines=(
        "Apertura",
        "  kind: keynote, Auditorio Principal",
        "  speakers: María José Ñúñez, Oluwaseun Adébáyọ̀",
        "  when: Thu 15 Aug 2024 09:00–09:30 (America/Bogota)",
        "  about: Bienvenida & agenda  Segundo párrafo con enlace.",
        "  link: https://pretalx.example.org/conf-bogota-2024/talk/APR501/",
    ),
    clash=("502", "503"),  # a workshop of 26 hours, and a talk in its night
    apart=("501", "504"),
    speakers_of=("504", ("Ana Lucía Pérez",)),
)

CONFERENCES = [pytest.param(CCC, id="frab-xml"), pytest.param(PRETALX, id="pretalx-json")]


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").split("\n")] if text else []


def ids_listed(text: str) -> list[str]:
    """The session ids a `list`/`today` table shows, in order: each row is the time, the
    id and the title, two spaces apart (a date's heading has no such gap)."""
    rows = [line.split("  ") for line in lines(text)]
    return [row[1] for row in rows if len(row) >= 3]


def listed(run: Run, schedule: Path, *args: str) -> list[str]:
    """The ids `list` selects from the schedule with these options."""
    result = run("--programme", str(schedule), "list", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [s["id"] for s in json.loads(result.stdout)["sessions"]]


# ---- reading a published schedule: the day, now, next, list, show, grid --------------------


@pytest.mark.parametrize("conference", CONFERENCES)
def test_today_now_and_next_on_the_conference_clock(run: Run, conference: Conference) -> None:
    programme = ("--programme", str(conference.file))
    for command, expected in (
        ("today", conference.today),
        ("now", conference.now),
        ("next", conference.next),
    ):
        result = run(*programme, command, "--at", conference.at)
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert lines(result.stdout) == list(expected), command
    # OCTOPUS_NOW is the same clock as --at.
    result = run(*programme, "now", env={"OCTOPUS_NOW": conference.at})
    assert lines(result.stdout) == list(conference.now)


@pytest.mark.parametrize("conference", CONFERENCES)
def test_list_as_json_names_rooms_speakers_and_kinds(run: Run, conference: Conference) -> None:
    result = run("--programme", str(conference.file), "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["timezone"] == conference.zone
    sessions = {s["id"]: s for s in document["sessions"]}
    # Every session is in a room, the track named after it; rooms in the schedule's order.
    assert {s["track_name"] for s in sessions.values()} == set(conference.rooms)
    for session in sessions.values():
        assert conference.rooms[session["track"] - 1] == session["track_name"]
    identifier, persons = conference.speakers_of
    assert sessions[identifier]["persons"] == list(persons)
    kind, ids = conference.own_kind
    assert [i for i, s in sessions.items() if s["kind"] == kind] == list(ids)


@pytest.mark.parametrize("conference", CONFERENCES)
def test_show_has_the_speakers_the_room_and_the_links(run: Run, conference: Conference) -> None:
    result = run("--programme", str(conference.file), "show", conference.shown)
    assert (result.exit_code, result.stderr) == (0, "")
    shown = lines(result.stdout)
    assert shown[0] == conference.show_lines[0]
    missing = [line for line in conference.show_lines if line not in shown]
    assert not missing, result.stdout


@pytest.mark.parametrize("conference", CONFERENCES)
def test_the_grid_has_the_rooms_as_its_column_headers(run: Run, conference: Conference) -> None:
    result = run("--programme", str(conference.file), "grid", "--day", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    header = lines(result.stdout)[2]  # date line, top rule, then the headers
    columns = [cell.strip() for cell in header.strip("│").split("│")]
    rooms_today = [room for room in conference.rooms if room in columns]
    assert columns[1:] == rooms_today and len(rooms_today) >= 2, result.stdout


def test_a_session_stays_in_its_room_column(run: Run) -> None:
    """Opening (Saal 1) runs alone at 10:30: its block is Saal 1's cell, not the row."""
    schedule = README_FILES / "schedule.xml"
    result = run("--programme", str(schedule), "grid", "--day", "1", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    table = lines(result.stdout)
    opening = next(i for i, line in enumerate(table) if "│ 101 " in line)
    assert table[opening].count("│") == 5  # time, Saal 1, Saal Hopper, Werkstatt K.2, edge


@pytest.mark.parametrize("conference", CONFERENCES)
def test_track_takes_the_room_name_in_any_case_or_its_number(
    run: Run, conference: Conference
) -> None:
    name, typed, number, ids = conference.room
    assert listed(run, conference.file, "--track", name) == list(ids)
    assert listed(run, conference.file, "--track", typed) == list(ids)
    assert listed(run, conference.file, "--track", number) == list(ids)
    # The same in the table a person reads.
    result = run("--programme", str(conference.file), "list", "--track", typed)
    assert ids_listed(result.stdout) == list(ids)


@pytest.mark.parametrize("conference", CONFERENCES)
def test_an_unknown_room_is_an_error_listing_the_rooms(run: Run, conference: Conference) -> None:
    result = run("--programme", str(conference.file), "list", "--track", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "Error: --track: the programme has no track nope",
        f"Its tracks are {', '.join(conference.rooms)}.",
    ]


@pytest.mark.parametrize("conference", CONFERENCES)
def test_kind_takes_the_schedules_own_kinds(run: Run, conference: Conference) -> None:
    kind, ids = conference.own_kind
    assert listed(run, conference.file, "--kind", kind) == list(ids)
    result = run(
        "--programme", str(conference.file), "today", "--kind", "séance", "--at", conference.at
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    first, second = lines(result.stderr)
    assert first == "Error: --kind: the programme has no session of kind 'séance'"
    assert second.startswith("Its kinds are ") and kind in second


@pytest.mark.parametrize("conference", CONFERENCES)
def test_search_finds_speakers_and_words_of_abstracts(run: Run, conference: Conference) -> None:
    for needle, ids in (conference.speaker, conference.in_abstract):
        assert listed(run, conference.file, "--search", needle) == list(ids), needle
    assert listed(run, conference.file, "--search", "no such words anywhere") == []


def test_the_format_is_read_from_the_content_not_the_name(run: Run, tmp_path: Path) -> None:
    """The guide: a schedule saved as `fahrplan`, or XML named .json, is read all the same."""
    (tmp_path / "fahrplan").write_bytes((README_FILES / "schedule.json").read_bytes())
    (tmp_path / "schedule.json").write_bytes((README_FILES / "schedule.xml").read_bytes())
    for name, title in (
        ("fahrplan", "NautilusConf 2025"),
        ("schedule.json", "Kraken Congress 2024"),
    ):
        result = run("--programme", str(tmp_path / name), "info")
        assert result.exit_code == 0, result.stderr
        assert lines(result.stdout)[0] == f"Conference       {title}"


def test_octopus_programme_names_the_schedule_too(run: Run) -> None:
    result = run("today", "--at", CCC.at, env={"OCTOPUS_PROGRAMME": str(CCC.file)})
    assert (result.exit_code, lines(result.stdout)) == (0, list(CCC.today))


def test_search_covers_subtitles_and_details(run: Run) -> None:
    kraken = README_FILES / "schedule.xml"
    assert listed(run, kraken, "--search", "MOON") == ["102"]  # its subtitle
    assert listed(run, kraken, "--search", "lunar tables") == ["102"]  # its details
    assert listed(run, kraken, "--search", "Yuki") == ["201"]  # the second speaker


# ---- agenda, clashes, export ----------------------------------------------------------------


@pytest.mark.parametrize("conference", CONFERENCES)
def test_agenda_and_clashes(run: Run, conference: Conference) -> None:
    programme = ("--programme", str(conference.file))
    first, second = conference.clash
    result = run(*programme, "agenda", "add", first, second)
    assert (result.exit_code, result.stdout) == (0, "")  # what it did is said on stderr
    assert lines(result.stderr) == [
        f"Picked {first}, {second}; 2 in your agenda.",
        f"Note: {first} and {second} overlap (both picked).",
    ]
    result = run(*programme, "agenda", "show")
    assert result.exit_code == 0
    shown = [line for line in lines(result.stdout) if line.endswith("★")]
    assert sorted(ids_listed("\n".join(shown) + "\n")) == sorted(conference.clash)
    result = run(*programme, "clashes")
    assert result.exit_code == 1
    assert f"1 clash among 2 sessions (times in {conference.zone})." in result.stdout
    assert run(*programme, "clashes", *conference.clash).exit_code == 1
    result = run(*programme, "clashes", *conference.apart)
    assert (result.exit_code, lines(result.stdout)) == (0, ["No clashes among 2 sessions."])


@pytest.mark.parametrize("conference", CONFERENCES)
def test_export_names_rooms_and_the_conference(
    run: Run, conference: Conference, tmp_path: Path
) -> None:
    target = tmp_path / "x.ics"
    result = run("--programme", str(conference.file), "export", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_bytes().decode("utf-8").replace("\r\n ", "")  # unfolded
    events = text.split("BEGIN:VEVENT")[1:]
    count = len(
        json.loads(run("--programme", str(conference.file), "list", "-f", "json").stdout)[
            "sessions"
        ]
    )
    assert len(events) == count
    for event in events:
        uid = re.search(r"^UID:(.*)\r$", event, re.MULTILINE)
        location = re.search(r"^LOCATION:(.*)\r$", event, re.MULTILINE)
        assert uid is not None and location is not None
        assert uid.group(1).endswith(f".{conference.key}@octopus-cli")
        assert location.group(1) in conference.rooms
    assert BUNDLED_KEY not in text


def test_the_calendar_events_of_the_guides_example(run: Run, tmp_path: Path) -> None:
    """README and guide: LOCATION is the room, the UID names the session and the conference
    (`102.kraken24@octopus-cli`), URL the session's page."""
    target = tmp_path / "kraken.ics"
    schedule = str(README_FILES / "schedule.xml")
    assert run("--programme", schedule, "export", "102", "-o", str(target)).exit_code == 0
    event = target.read_bytes().decode("utf-8").split("\r\n")
    assert "UID:102.kraken24@octopus-cli" in event
    assert "LOCATION:Saal 1" in event
    assert "URL:https://fahrplan.example.org/kraken24/talk/102" in event


def test_picks_for_two_conferences_are_kept_apart(run: Run, home: Path) -> None:
    assert run("--programme", str(CCC.file), "agenda", "add", "11003").exit_code == 0
    assert run("--programme", str(PRETALX.file), "agenda", "add", "501", "504").exit_code == 0
    assert run("agenda", "add", "ws6").exit_code == 0  # the bundled programme's
    ccc = run("--programme", str(CCC.file), "list", "--agenda", "-f", "json")
    pretalx = run("--programme", str(PRETALX.file), "list", "--agenda", "-f", "json")
    assert [s["id"] for s in json.loads(ccc.stdout)["sessions"]] == ["11003"]
    assert [s["id"] for s in json.loads(pretalx.stdout)["sessions"]] == ["501", "504"]
    # clashes checks a conference's picks, only those.
    result = run("--programme", str(PRETALX.file), "clashes")
    assert (result.exit_code, lines(result.stdout)) == (0, ["No clashes among 2 sessions."])
    stored = json.loads((home / "agenda.json").read_text(encoding="utf-8"))["programmes"]
    assert stored == {CCC.key: ["11003"], PRETALX.key: ["501", "504"], BUNDLED_KEY: ["ws6"]}
    # Clearing one conference's picks leaves the others'.
    assert run("--programme", str(CCC.file), "agenda", "clear").exit_code == 0
    stored = json.loads((home / "agenda.json").read_text(encoding="utf-8"))["programmes"]
    assert stored == {PRETALX.key: ["501", "504"], BUNDLED_KEY: ["ws6"]}


# ---- import ---------------------------------------------------------------------------------

FIELDS = (
    "id",
    "title",
    "start",
    "end",
    "track_name",
    "kind",
    "persons",
    "subtitle",
    "language",
    "description",
    "details",
    "agenda",
    "links",
    "url",
)


def _sessions(path: Path) -> list[dict[str, object]]:
    """What a user sees of each session (times compare as instants)."""
    return [{name: getattr(s, name) for name in FIELDS} for s in load_programme(path).sessions]


@pytest.mark.parametrize(
    "schedule",
    [
        SCHEDULES / "ccc-like.xml",
        SCHEDULES / "pentabarf-like.xml",
        SCHEDULES / "pretalx-like.json",
        README_FILES / "schedule.xml",
        README_FILES / "schedule.json",
    ],
    ids=lambda p: p.name if p.parent == SCHEDULES else f"readme-{p.name}",
)
def test_import_export_import_gives_the_same_sessions(
    run: Run, tmp_path: Path, schedule: Path
) -> None:
    first, exported, again = tmp_path / "a.toml", tmp_path / "b.xml", tmp_path / "c.toml"
    result = run("import", str(schedule), "-o", str(first))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert re.fullmatch(
        rf"Wrote \d+ sessions in \d+ tracks to {re.escape(str(first))} \(times in [\w/+-]+\)\.\n",
        result.stderr,
    )
    result = run("validate", str(first))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{first}: valid, ")
    result = run("--programme", str(first), "export", "-o", str(exported))
    assert result.exit_code == 0, result.stderr
    assert run("import", str(exported), "-o", str(again)).exit_code == 0
    original, imported = load_programme(schedule), load_programme(first)
    assert imported.key == original.key == load_programme(again).key
    assert imported.conference.tracks == load_programme(again).conference.tracks
    assert _sessions(first) == _sessions(again)
    assert _sessions(first) == _sessions(schedule)  # the import itself loses nothing
    # The file holds what the schedule said, tags (frab's topics) included.
    assert [(s.id, s.tags) for s in imported.sessions] == [
        (s.id, s.tags) for s in original.sessions
    ]


def test_import_refuses_an_octopus_programme(run: Run, tmp_path: Path) -> None:
    source = README_FILES / "my-conference.toml"
    result = run("import", str(source), "-o", str(tmp_path / "out.toml"))
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        f"Error: {source} is already an octopus programme file",
        "Use it as it is: octopus --programme FILE today (or 'octopus validate FILE').",
    ]
    assert not (tmp_path / "out.toml").exists()


def test_import_needs_somewhere_to_write(run: Run) -> None:
    result = run("import", str(CCC.file))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "Error: say where to write the programme with -o",
        "For example: octopus import schedule.xml -o programme.toml (or -o - for stdout).",
    ]


def test_import_to_stdout_writes_the_toml(run: Run) -> None:
    result = run("import", str(PRETALX.file), "-o", "-")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"# Imported by octopus from {PRETALX.file}.\n")
    document = tomllib.loads(result.stdout)
    assert document["conference"]["acronym"] == PRETALX.key
    assert document["conference"]["tracks"] == list(PRETALX.rooms)
    assert [s["id"] for s in document["sessions"]] == ["501", "502", "503", "504"]


# ---- addresses: a local server plays the conference's ----------------------------------------


@dataclass
class Site:
    """A local web server publishing schedules, with ETags, counting what it is asked."""

    files: dict[str, bytes]
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # path, If-None-Match
    answers: list[int] = field(default_factory=list)
    failing: bool = False  # the server answers 500 Internal Server Error
    server: ThreadingHTTPServer | None = None
    port: int = 0

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def count(self, name: str) -> int:
        return sum(1 for path, _ in self.requests if path == f"/{name}")

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            asked = self.headers.get("If-None-Match")
            site.requests.append((self.path, asked))
            body = site.files.get(self.path.rsplit("/", 1)[-1])
            if site.failing:
                self._send(500, b"oops", "text/plain")
            elif body is None:
                self._send(404, b"no such page", "text/plain")
            elif asked == (etag := '"' + hashlib.sha256(body).hexdigest()[:16] + '"'):
                self._send(304, b"", None, etag)
            else:
                self._send(200, body, "application/octet-stream", etag)

        def _send(self, status: int, body: bytes, kind: str | None, etag: str = "") -> None:
            site.answers.append(status)
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if kind:
                self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """tests/readme/ and the schedule fixtures, served at http://127.0.0.1:PORT/NAME (any
    path ending in NAME, so the README's addresses map onto it)."""
    files = {p.name: p.read_bytes() for p in [*README_FILES.iterdir(), *SCHEDULES.iterdir()]}
    served = Site(files)
    served.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    served.port = served.server.server_address[1]
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.stop()
    thread.join(5)


KRAKEN_DAY_2 = [
    "Sat 28 Dec 2024 (Europe/Berlin)",
    "23:30 -1d–00:30  103  Lightning talks",
    "12:00–12:40  203  How octopuses think",
    "17:00–17:30  104  Closing",
]


def _age_the_copy(home: Path, by: timedelta) -> None:
    """Make the cached copies look fetched `by` ago (what the clock does in 10 minutes)."""
    metas = list((home / "cache" / "remote").glob("*.json"))
    assert metas
    for meta in metas:
        document = json.loads(meta.read_text(encoding="utf-8"))
        fetched = datetime.fromisoformat(document["fetched_at"])
        document["fetched_at"] = (fetched - by).astimezone(UTC).isoformat()
        meta.write_text(json.dumps(document), encoding="utf-8")


def test_an_address_is_fetched_then_kept_for_ten_minutes(run: Run, site: Site, home: Path) -> None:
    url = site.url("schedule.xml")
    today = ("--programme", url, "today", "--at", "2024-12-28T11:00")
    for attempt in range(2):
        result = run(*today)
        assert (result.exit_code, result.stderr) == (0, ""), attempt
        assert lines(result.stdout) == KRAKEN_DAY_2
    assert site.count("schedule.xml") == 1  # the second run asked nothing
    # --refresh asks at once, with the ETag: the server says 304 and sends nothing.
    result = run("--refresh", *today)
    assert (result.exit_code, lines(result.stdout)) == (0, KRAKEN_DAY_2)
    assert site.count("schedule.xml") == 2
    assert site.requests[-1][1] is not None and site.answers[-1] == 304
    # Ten minutes later the copy is revalidated, once.
    _age_the_copy(home, timedelta(minutes=11))
    for _ in range(2):
        assert lines(run(*today).stdout) == KRAKEN_DAY_2
    assert site.count("schedule.xml") == 3
    assert site.answers[-1] == 304


def test_offline_the_last_copy_is_used_with_a_note(run: Run, site: Site) -> None:
    url = site.url("schedule.json")
    command = ("--programme", url, "now", "--at", "2025-02-14T10:40")
    assert run(*command).exit_code == 0
    site.stop()
    result = run("--refresh", *command)
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        "10:30–11:00  1202  Typing Python at scale  (20m left)",
        "10:30–11:00  1203  Async all the way down  (20m left)",
        "11:30–13:00  1204  Hands-on: data pipelines  (in 50m)",
    ]
    assert re.fullmatch(
        rf"Note: Offline: using the copy of {re.escape(url)} fetched less than a minute ago "
        r"\(\d{4}-\d\d-\d\d \d\d:\d\d UTC\); it could not be refreshed: connection refused\.\n",
        result.stderr,
    )


def test_a_server_error_leaves_the_copy_not_refreshed(run: Run, site: Site) -> None:
    url = site.url("schedule.xml")
    command = ("--programme", url, "today", "--at", "2024-12-28T11:00")
    assert run(*command).exit_code == 0
    site.failing = True
    result = run("--refresh", *command)
    assert (result.exit_code, lines(result.stdout)) == (0, KRAKEN_DAY_2)
    assert result.stderr.startswith(f"Note: Not refreshed: using the copy of {url} fetched ")
    assert result.stderr.endswith("it could not be refreshed: HTTP 500 Internal Server Error.\n")
    assert site.answers == [200, 500]


def test_an_address_never_fetched_and_unreachable_is_an_error(run: Run, site: Site) -> None:
    url = site.url("schedule.xml")
    site.stop()
    result = run("--programme", url, "today")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert lines(result.stderr) == [
        f"Error: cannot fetch {url}: connection refused",
        "Check the address and the connection; once fetched, a copy is kept.",
    ]


def test_an_address_the_server_does_not_have_is_an_error(run: Run, site: Site) -> None:
    url = site.url("missing.xml")
    result = run("--programme", url, "list")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert lines(result.stderr) == [
        f"Error: cannot fetch {url}: HTTP 404 Not Found",
        "Check the address.",
    ]


def test_validate_and_import_take_an_address(run: Run, site: Site, tmp_path: Path) -> None:
    url = site.url("schedule.xml")
    result = run("validate", url)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"{url}: valid, 8 sessions\n",
        "",
    )
    target = tmp_path / "kraken.toml"
    result = run("import", url, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote 8 sessions in 3 tracks to {target} (times in Europe/Berlin).\n"
    assert tomllib.loads(target.read_text(encoding="utf-8"))["conference"]["acronym"] == "kraken24"
    assert site.count("schedule.xml") == 1  # import used the copy validate fetched


def _local(command: str, site: Site) -> str:
    """The command line with each example.org address served by the local server."""
    return re.sub(r"https?://[\w.-]+\.example\.org/", f"http://127.0.0.1:{site.port}/", command)


URL_EXAMPLES = [e for e in EXAMPLES if e.command.startswith("octopus ") and "://" in e.command]


def test_the_readme_and_the_guide_show_addresses() -> None:
    """The README's "Other conferences" and the guide run an example with an address; all
    on example.org, which the local server stands in for."""
    files = {e.file for e in URL_EXAMPLES}
    assert {"README.md", "docs/guides/other-conferences.md"} <= files
    for example in URL_EXAMPLES:
        addresses = re.findall(r"https?://([^/\s]+)", example.command)
        assert addresses and all(a.endswith("example.org") for a in addresses), example.id


@pytest.mark.parametrize("example", URL_EXAMPLES, ids=[e.id for e in URL_EXAMPLES])
def test_readme_url_examples(example: Example, site: Site, tmp_path: Path) -> None:
    """The example's command line, as tests/test_readme_examples.py runs the others (the
    installed `octopus`, 80 columns, no colour), against the local server: it prints what
    the example shows and exits as it says."""
    assert any(names_url(word) for word in example.command.split())
    place = Place(tmp_path)
    outcome = place.run(_local(example.command, site))
    assert "Traceback" not in outcome.output
    output = outcome.output.replace(f"http://127.0.0.1:{site.port}/", "https://example.org/")
    if example.expected:
        assert [line.rstrip() for line in output.rstrip().splitlines()] == list(example.expected)
    assert outcome.status == expected_status(example, EXAMPLES), outcome.output
    assert site.requests, "the example fetched nothing"


# ---- bad sources ----------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE schedule [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<schedule><conference><title>&lol9;</title></conference></schedule>
"""
WRONG_TYPES = json.dumps(
    {
        "schedule": {
            "conference": {
                "title": 37,
                "acronym": "types",
                "days": [
                    {
                        "index": 1,
                        "date": "2024-01-01",
                        "rooms": {
                            "A": [
                                {
                                    "id": 1,
                                    "title": ["not", "text"],
                                    "date": "2024-01-01T10:00:00+00:00",
                                    "duration": 30,
                                }
                            ]
                        },
                    }
                ],
            }
        }
    }
)
BAD = {
    "malformed.xml": ("<schedule><conference><title>Half</title>\n<day>", "is not well-formed XML"),
    "laughs.xml": (BILLION_LAUGHS, "declares XML entities, which octopus does not read"),
    "external.xml": (
        '<!DOCTYPE schedule [<!ENTITY x SYSTEM "file:///etc/passwd">]><schedule>&x;</schedule>',
        "declares XML entities, which octopus does not read",
    ),
    "types.json": (WRONG_TYPES, "cannot read the schedule"),
}


@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize(
    "command",
    [["today"], ["list", "-f", "json"], ["grid"], ["validate"], ["import", "-o"]],
    ids=lambda c: c[0],
)
def test_a_bad_schedule_is_an_error_not_a_traceback(
    run: Run, tmp_path: Path, name: str, command: list[str]
) -> None:
    text, said = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if command[0] == "validate":
        args = ["validate", str(path)]
    elif command[0] == "import":
        args = ["import", str(path), "-o", str(tmp_path / "out.toml")]
    else:
        args = ["--programme", str(path), *command]
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out.toml").exists()
    if command[0] == "validate":  # validate reports problems, exit 1 (exit-codes.md)
        assert result.exit_code == 1
        assert re.match(rf"{re.escape(str(path))}: \d+ problems?\n  - ", result.stdout)
        return
    assert result.exit_code == 2
    assert result.stdout == ""
    first = lines(result.stderr)[0]
    assert first.startswith("Error: ") and said in first and str(path) in first, first


def test_wrong_types_are_listed_by_event_and_field(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "types.json"
    path.write_text(WRONG_TYPES, encoding="utf-8")
    result = run("--programme", str(path), "today")
    assert result.exit_code == 2
    assert "  - conference: title: must be text, not a number" in lines(result.stderr)
    assert "  - event 1: title: must be text, not a list" in lines(result.stderr)


# ---- shell completion: the fast path and Typer agree, and offer ids and rooms ----------------


@pytest.fixture
def isolated(run: Run, home: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """As tests/test_fast_path.py's: the fast path and Typer in the same environment."""
    for name, value in {"OCTOPUS_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["octopus"])
    monkeypatch.setattr("typer.testing.formatting", SimpleNamespace(FORCED_WIDTH=None))
    return run


XML, JSON = CCC.file, PRETALX.file
COMPLETIONS = [
    ("bash", f"octopus --programme {XML} show 1100", ["11001", "11002", "11003", "11004"]),
    ("bash", f"octopus --programme {XML} agenda add 1100", ["11005", "11006"]),
    ("bash", f"octopus --programme {XML} list --track ", list(CCC.rooms)),
    ("bash", f"octopus --programme {XML} list --track Saal", ["Saal 1", "Saal Grace"]),
    ("bash", f"octopus --programme {XML} list --kind me", ["meeting"]),
    ("bash", f"octopus --programme {JSON} show ", ["501", "502", "503", "504"]),
    ("bash", f"octopus --programme {JSON} grid --track ", list(PRETALX.rooms)),
    ("bash", f"octopus --programme {JSON} today --kind ta", ["taller", "talk"]),
    ("zsh", f"octopus --programme {XML} list --track ", ['"Saal 1"', '"Saal Grace"']),
    ("zsh", f"octopus --programme {JSON} show 50", ['"501":"Apertura"']),
    ("fish", f"octopus --programme {JSON} list --track ", ["Sala 2"]),
]


@pytest.mark.parametrize(("shell", "line", "offered"), COMPLETIONS, ids=lambda v: str(v)[-40:])
def test_completion_offers_session_ids_and_rooms(
    isolated: Run,
    shell: str,
    line: str,
    offered: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = _completion_env(shell, line)
    typer_result = isolated(env=env)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, out, err = _fast([], capsys)
    assert (status, err) == (typer_result.exit_code, "") == (0, "")
    assert _help_names_sorted(out) == _help_names_sorted(typer_result.stdout)
    for candidate in offered:
        assert candidate in out, out


def test_completion_for_an_address_uses_the_copy_and_never_the_network(
    run: Run, site: Site
) -> None:
    url = site.url("schedule.xml")
    line = f"octopus --programme {url} show 10"
    before = run(env=_completion_env("bash", line))
    assert (before.exit_code, before.stdout.strip()) == (0, "")  # no copy: nothing, no fetch
    assert site.requests == []
    assert run("--programme", url, "info").exit_code == 0
    site.stop()
    after = run(env=_completion_env("bash", line))
    assert (after.exit_code, lines(after.stdout)) == (0, ["101", "102", "103", "104"])
    assert len(site.requests) == 1


# ---- what the review found --------------------------------------------------------------------


def test_a_login_page_instead_of_the_schedule_replaces_nothing(
    run: Run, site: Site, home: Path
) -> None:
    """A Wi-Fi portal answers 200 with its own page: the copy kept is still the schedule."""
    url = site.url("schedule.xml")
    today = ("--programme", url, "today", "--at", "2024-12-28T11:00")
    assert lines(run(*today).stdout) == KRAKEN_DAY_2
    site.files["schedule.xml"] = b"<!DOCTYPE html><html><body>Log in to the Wi-Fi</body></html>"
    result = run("--refresh", *today)
    assert result.exit_code == 0
    assert lines(result.stdout) == KRAKEN_DAY_2
    assert result.stderr.startswith("Note: Not refreshed: using the copy of ")
    assert "not a schedule (no <schedule>)" in result.stderr
    site.failing = True  # and later, offline: still the schedule, not the page
    assert lines(run("--refresh", *today).stdout) == KRAKEN_DAY_2


def test_a_login_page_never_fetched_before_is_an_error(run: Run, site: Site) -> None:
    site.files["portal.xml"] = b"<html><body>Log in</body></html>"
    result = run("--programme", site.url("portal.xml"), "today")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot fetch {site.url('portal.xml')}: the server")


OVERLAPPING = """<?xml version="1.0" encoding="utf-8"?>
<schedule><version>1</version>
<conference><title>Конференция</title><start>2025-03-01</start><end>2025-03-01</end>
<time_zone_name>Europe/Moscow</time_zone_name></conference>
<day index="1" date="2025-03-01">
<room name="Зал 1">{events}</room>
<room name="Room 2"><event id="4"><date>2025-03-01T10:00:00+03:00</date><start>10:00</start>
<duration>01:00</duration><room>Room 2</room><title>Four</title><type>talk</type></event></room>
</day></schedule>
"""


def _event(number: int, start: str) -> str:
    return (
        f'<event id="{number}"><date>2025-03-01T{start}:00+03:00</date><start>{start}</start>'
        f"<duration>01:00</duration><room>Зал 1</room><title>Talk {number}</title>"
        "<type>talk</type></event>"
    )


def test_a_room_losing_a_lane_moves_no_other_session_in_calendars(run: Run, tmp_path: Path) -> None:
    """Three talks at once in one room take three lanes (tracks named as the room); when
    one is cancelled, the room has a lane less and Room 2's track number changes, but
    nothing moved: only the cancelled talk's event changes."""
    first, second = tmp_path / "v1.xml", tmp_path / "v2.xml"
    three = "".join(_event(n, "10:00") for n in (1, 2, 3))
    first.write_text(OVERLAPPING.format(events=three), encoding="utf-8")
    second.write_text(OVERLAPPING.format(events=three.replace(_event(3, "10:00"), "")))
    sequences = {}
    for version in (first, second):
        calendar = run("--programme", str(version), "export", "-o", "-").stdout
        for block in calendar.split("BEGIN:VEVENT")[1:]:
            uid = next(line for line in block.splitlines() if line.startswith("UID:"))
            seq = next(line for line in block.splitlines() if line.startswith("SEQUENCE:"))
            sequences.setdefault(uid.split(".")[0], []).append(seq)
    assert sequences["UID:4"][0] == sequences["UID:4"][1]
    assert sequences["UID:1"][0] == sequences["UID:1"][1]
    selected = listed(run, first, "--track", "зал 1")
    assert sorted(selected) == ["1", "2", "3"]


def test_export_then_import_keeps_the_programmes_key_and_release(
    run: Run, tmp_path: Path, home: Path
) -> None:
    source = tmp_path / "v1.xml"
    source.write_text(
        OVERLAPPING.format(events=_event(1, "10:00")).replace(
            "<version>1</version>", "<version>v2.1</version>"
        ),
        encoding="utf-8",
    )
    assert run("--programme", str(source), "agenda", "add", "4").exit_code == 0
    exported = tmp_path / "again.xml"
    assert run("--programme", str(source), "export", "-o", str(exported)).exit_code == 0
    assert "<version>v2.1</version>" in exported.read_text(encoding="utf-8")
    shown = run("--programme", str(exported), "agenda", "show", "--format", "plain")
    assert "Four" in shown.stdout  # the same key: the pick is found in the exported file


def test_search_ignores_accents_both_ways(run: Run) -> None:
    schedule = SCHEDULES / "pretalx-like.json"
    plain = listed(run, schedule, "--search", "nunez")
    assert plain and plain == listed(run, schedule, "--search", "NÚÑEZ")
    assert listed(run, REPO / "data" / "programme.toml", "--search", "séance") == listed(
        run, REPO / "data" / "programme.toml", "--search", "seance"
    )


def test_twenty_thousand_sessions_at_once_in_one_room_are_one_error(
    run: Run, tmp_path: Path
) -> None:
    """More tracks than octopus shows (rooms and lanes): one message, quickly."""
    events = "".join(_event(n, "10:00") for n in range(1, 1_502))
    schedule = tmp_path / "crowd.xml"
    schedule.write_text(OVERLAPPING.format(events=events), encoding="utf-8")
    result = run("--programme", str(schedule), "info")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: cannot read the schedule {schedule}: it needs 1502 tracks"
    )
    assert len(result.stderr.splitlines()) == 2


def test_import_refuses_what_is_no_schedule(run: Run, tmp_path: Path) -> None:
    for content in ("", "null", "   \n", "[[["):
        source = tmp_path / "odd.json"
        source.write_text(content, encoding="utf-8")
        result = run("import", str(source), "-o", str(tmp_path / "out.toml"))
        assert result.exit_code == 2, content
        assert "is not a schedule octopus reads" in result.stderr
        assert not (tmp_path / "out.toml").exists()


def test_a_download_cut_short_is_no_copy(run: Run, site: Site) -> None:
    """The server promised more bytes than it sent: nothing is kept or shown."""
    body = site.files["schedule.xml"]
    site.files["short.xml"] = body
    original = site.server.RequestHandlerClass._send  # type: ignore[union-attr]

    def send(self: object, status: int, data: bytes, kind: str | None, etag: str = "") -> None:
        if data is body and self.path.endswith("short.xml"):  # type: ignore[attr-defined]
            site.answers.append(status)
            self.send_response(status)  # type: ignore[attr-defined]
            self.send_header("Content-Length", str(len(data)))  # type: ignore[attr-defined]
            self.end_headers()  # type: ignore[attr-defined]
            self.wfile.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            self.close_connection = True  # type: ignore[attr-defined]
            return
        original(self, status, data, kind, etag)

    site.server.RequestHandlerClass._send = send  # type: ignore[union-attr]
    result = run("--programme", site.url("short.xml"), "info")
    assert result.exit_code == 2
    assert "the response was cut short" in result.stderr
