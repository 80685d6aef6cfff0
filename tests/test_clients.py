"""Our exports as real clients read them (issue 16): calcurse and khal import the .ics and
show each session on the viewer's day at the viewer's time; libical finds nothing to flag
and reads every instant from the file's own VTIMEZONE; ConfClerk imports the frab XML and
files every session under the <day> the XML puts it in, with its links and tracks.

Each client is a Debian package (`.ci/run` installs them with apt-get where it can); a test
skips, saying which package it needs, where its client is missing. ConfClerk is a Qt GUI:
it runs under Xvfb, xdotool adds the file as a conference (Conferences, +, the file's URL),
and the test reads what ConfClerk stored in its SQLite database."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Run, write_programme
from lxml import etree
from test_export_frab import LINKED_PROGRAMME

from octopus_cli.core.models import Programme, Session
from octopus_cli.exports.frab import session_guid
from octopus_cli.exports.ics import event_uid
from octopus_cli.sources.loader import load_programme

SYSTEM_PYTHON = "/usr/bin/python3"  # the Debian python3-gi bindings live there


@cache
def bundled() -> Programme:
    return load_programme(None)


def export_file(run: Run, target: Path, *args: str) -> Path:
    result = run("export", *args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def shown(session: Session, zone: ZoneInfo) -> tuple[str, str, str]:
    """(start, end, title) as a calendar in `zone` shows the session."""
    start, end = session.start.astimezone(zone), session.end.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}", session.display_title


def needs(program: str, package: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        shutil.which(program) is None,
        reason=f"{program} is not installed (Debian: apt-get install {package})",
    )


# (the zone of the export, the zone of the person reading it)
ZONE_PAIRS = [
    (None, "America/Los_Angeles"),
    ("Asia/Tokyo", "Asia/Tokyo"),
    ("Pacific/Kiritimati", "Europe/Paris"),
    ("Asia/Kathmandu", "America/St_Johns"),
]
PAIR_IDS = ["paris-in-los-angeles", "tokyo", "kiritimati-in-paris", "kathmandu-in-st-johns"]


# ---- calcurse 4.7 -------------------------------------------------------------------------


@needs("calcurse", "calcurse")
@pytest.mark.parametrize(("export_zone", "viewer"), ZONE_PAIRS, ids=PAIR_IDS)
def test_calcurse_shows_every_session_on_the_viewers_day_and_time(
    run: Run, tmp_path: Path, export_zone: str | None, viewer: str
) -> None:
    zone_args = ("--tz", export_zone) if export_zone else ()
    ics = export_file(run, tmp_path / "octopus.ics", "--include-breaks", *zone_args)
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    config.mkdir()
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TZ": viewer}
    calcurse = ["calcurse", "-D", str(data), "-C", str(config)]
    imported = subprocess.run(
        [*calcurse, "-i", str(ics)], capture_output=True, text=True, env=environment, timeout=60
    )
    assert imported.returncode == 0, imported.stderr
    assert "25 apps / 0 events / 0 todos / 0 skipped" in imported.stdout
    window = ["--from", "11/14/2021", "--days", "7"]
    line = "%(start:%Y-%m-%d %H:%M)|%(end:%Y-%m-%d %H:%M)|%m\\n"
    query = subprocess.run(
        [*calcurse, "-Q", "--filter-type", "apt", *window, "--format-apt", line],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert query.returncode == 0, query.stderr
    found = {tuple(line.split("|", 2)) for line in query.stdout.splitlines() if "|" in line}
    zone = ZoneInfo(viewer)
    assert found == {shown(session, zone) for session in bundled().sessions}


# ---- khal ---------------------------------------------------------------------------------

KHAL_CONFIG = """\
[calendars]
[[octopus]]
path = {calendar}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}
[sqlite]
path = {database}
"""


@needs("khal", "khal")
@pytest.mark.parametrize(("export_zone", "viewer"), ZONE_PAIRS, ids=PAIR_IDS)
def test_khal_lists_every_session_once_at_the_viewers_time_with_its_organiser(
    run: Run, tmp_path: Path, export_zone: str | None, viewer: str
) -> None:
    zone_args = ("--tz", export_zone) if export_zone else ()
    ics = export_file(run, tmp_path / "octopus.ics", "--include-breaks", *zone_args)
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        KHAL_CONFIG.format(calendar=calendar, zone=viewer, database=tmp_path / "khal.db")
    )
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    khal = ["khal", "-c", str(config)]
    for _ in range(2):  # importing again updates the events: no duplicates
        imported = subprocess.run(
            [*khal, "import", "--batch", "-a", "octopus", str(ics)],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
        )
        assert imported.returncode == 0, imported.stderr
    line = "{start}|{end}|{title}|{organizer}"
    listed = subprocess.run(
        [*khal, "list", "--once", "--day-format", "", "--format", line, "2021-11-14", "7d"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    lines = [line.split("|") for line in listed.stdout.splitlines() if line]
    assert len(lines) == len(bundled().sessions) == 25
    zone = ZoneInfo(viewer)
    assert {tuple(line[:3]) for line in lines} == {shown(s, zone) for s in bundled().sessions}
    assert {line[3] for line in lines} == {"Cybercrime Division (cybercrime@coe.int)"}


# ---- libical 3 (through its GObject bindings) ----------------------------------------------

LIBICAL = """\
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I
calendar = I.Component.new_from_string(open(sys.argv[1], encoding="utf-8").read())
passed = I.restriction_check(calendar)  # RFC 5546 restrictions, errors as X-LIC-ERROR
errors = []
def walk(component):
    error = component.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while error is not None:
        errors.append(error.get_xlicerror())
        error = component.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while child is not None:
        walk(child)
        child = component.get_next_component(I.ComponentKind.ANY_COMPONENT)
walk(calendar)
instants = {}
event = calendar.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
while event is not None:
    row = []
    for kind, value in ((I.PropertyKind.DTSTART_PROPERTY, "get_dtstart"),
                        (I.PropertyKind.DTEND_PROPERTY, "get_dtend")):
        prop = event.get_first_property(kind)
        tzid = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
        # The zone the file's own VTIMEZONE defines, not libical's built-in one.
        zone = calendar.get_timezone(tzid.get_tzid()) if tzid else I.Timezone.get_utc_timezone()
        row.append(getattr(prop, value)().as_timet_with_zone(zone))
    instants[event.get_uid()] = row
    event = calendar.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
print(json.dumps({"passed": bool(passed), "errors": errors, "instants": instants}))
"""


def libical_missing() -> str | None:
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} not found"
    found = subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, timeout=60)
    if found.returncode != 0:
        return "libical's bindings are not installed (Debian: python3-gi gir1.2-ical-3.0)"
    return None


@pytest.mark.parametrize(
    "args",
    [(), ("--include-breaks", "--alarm", "15m"), ("--tz", "Asia/Tokyo"), ("--utc",)],
    ids=["default", "breaks-alarms", "tokyo", "utc"],
)
def test_libical_flags_nothing_and_reads_every_instant(
    run: Run, tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = libical_missing()
    if missing:
        pytest.skip(missing)
    ics = export_file(run, tmp_path / "octopus.ics", *args)
    result = subprocess.run(
        [SYSTEM_PYTHON, "-c", LIBICAL, str(ics)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []  # before: "Failed iTIP restrictions for ORGANIZER ..."
    assert report["passed"]
    expected = {
        event_uid(bundled(), s): [int(s.start.timestamp()), int(s.end.timestamp())]
        for s in bundled().sessions
        if "--include-breaks" in args or not s.is_break
    }
    assert report["instants"] == expected


# ---- ConfClerk 0.7 --------------------------------------------------------------------------


def confclerk_missing() -> str | None:
    for program, package in (("confclerk", "confclerk"), ("Xvfb", "xvfb"), ("xdotool", "xdotool")):
        if shutil.which(program) is None:
            return f"{program} is not installed (Debian: apt-get install {package})"
    return None


class ConfClerk:
    """ConfClerk on its own X display (Xvfb) with an empty home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        (home / "run").mkdir(mode=0o700)
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as display:
            number = display.readline().strip()
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "DISPLAY": f":{number}",
            "XDG_RUNTIME_DIR": str(home / "run"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "LANG": "C.UTF-8",
        }
        self.app = subprocess.Popen(
            ["confclerk"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.database = home / "data" / "Toastfreeware" / "ConfClerk" / "ConfClerk.sqlite"

    def xdotool(self, *args: str) -> list[str]:
        done = subprocess.run(
            ["xdotool", *args], capture_output=True, text=True, env=self.env, timeout=30
        )
        return done.stdout.split()

    def window(self, name: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--name", name)
            if found:
                return found[0]
            time.sleep(0.2)
        raise AssertionError(f"ConfClerk never showed a window named {name}")

    def add_conference(self, xml: Path, events: int, timeout: float = 60) -> None:
        """Conferences (the menu bar's first entry) → + → the schedule's URL → Return; then
        wait until ConfClerk has stored `events` events."""
        main = self.window("^ConfClerk$")
        self.xdotool("mousemove", "--window", main, "20", "11", "click", "1")
        editor = self.window("^Edit Conferences$")
        time.sleep(0.5)
        self.xdotool("mousemove", "--window", editor, "33", "32", "click", "1")
        url = self.window("^URL Input$")
        time.sleep(0.5)
        self.xdotool("type", "--window", url, xml.resolve().as_uri())
        self.xdotool("key", "--window", url, "Return")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count("SELECT count(*) FROM event") >= events:
                time.sleep(0.5)  # the import commits in one transaction; let it settle
                return
            time.sleep(0.2)
        raise AssertionError(f"ConfClerk stored {self.count('SELECT count(*) FROM event')} events")

    def count(self, query: str) -> int:
        try:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
                return int(connection.execute(query).fetchone()[0])
        except sqlite3.Error:
            return 0

    def rows(self, query: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
            return list(connection.execute(query))

    def close(self) -> None:
        for process in (self.app, self.xvfb):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def confclerk(tmp_path: Path) -> Iterator[ConfClerk]:
    missing = confclerk_missing()
    if missing:
        pytest.skip(missing)
    home = tmp_path / "confclerk-home"
    home.mkdir()
    clerk = ConfClerk(home)
    try:
        yield clerk
    finally:
        clerk.close()


def stored_events(clerk: ConfClerk) -> dict[int, Mapping[str, object]]:
    """ConfClerk's events: id → its wall time (a zone-less timestamp), type and track."""
    query = (
        "SELECT event.id, event.start, event.duration, event.type, track.name, event.title "
        "FROM event JOIN track ON track.id = event.xid_track"
    )
    return {
        int(row[0]): {
            "wall": datetime.fromtimestamp(int(row[1]), UTC).replace(tzinfo=None),
            "duration": row[2],
            "type": row[3],
            "track": row[4],
            "title": row[5],
        }
        for row in clerk.rows(query)
    }


@pytest.mark.parametrize("zone_name", ["Asia/Tokyo", "Pacific/Kiritimati"])
def test_confclerk_files_every_session_under_the_day_the_xml_gives_it(
    run: Run, tmp_path: Path, confclerk: ConfClerk, zone_name: str
) -> None:
    """ConfClerk shows day D the events from D at day_change to D+1 at day_change (the
    04:00 it assumed before put Tokyo's WS 8, LT I and WS 9 under Wednesday, Kiritimati's
    plenary under Tuesday 16, a day on which nothing happens there)."""
    xml = export_file(run, tmp_path / "schedule.xml", "--tz", zone_name, "--include-breaks")
    root = etree.parse(str(xml)).getroot()
    confclerk.add_conference(xml, events=25)
    ((day_change, start, end),) = confclerk.rows("SELECT day_change, start, end FROM conference")
    assert day_change == 0
    first, last = root.findall("day")[0].get("date"), root.findall("day")[-1].get("date")
    assert datetime.fromtimestamp(int(start), UTC).date().isoformat() == first
    assert datetime.fromtimestamp(int(end), UTC).date().isoformat() == last

    zone = ZoneInfo(zone_name)
    by_guid = {session_guid(bundled(), s): s for s in bundled().sessions}
    stored = stored_events(confclerk)
    assert len(stored) == 25
    for day in root.findall("day"):
        for event in day.iterfind("room/event"):
            session = by_guid[event.get("guid")]
            kept = stored[int(event.get("id"))]
            wall = session.start.astimezone(zone).replace(tzinfo=None)
            assert kept["wall"] == wall, session.id
            filed_on: date = (wall - timedelta(seconds=int(day_change))).date()
            assert filed_on.isoformat() == day.get("date"), session.id
            assert kept["track"] == f"Track {session.track}"
            assert kept["type"] == session.kind
            assert kept["duration"] == int((session.end - session.start).total_seconds())
    if zone_name == "Pacific/Kiritimati":
        assert first == "2021-11-17"  # no empty Tuesday


def test_confclerk_shows_a_session_page_as_a_link(
    run: Run, tmp_path: Path, confclerk: ConfClerk
) -> None:
    programme = write_programme(tmp_path, LINKED_PROGRAMME)
    result = run("--programme", str(programme), "export", "-o", str(tmp_path / "linked.xml"))
    assert result.exit_code == 0, result.stderr
    confclerk.add_conference(tmp_path / "linked.xml", events=2)
    page = "https://www.coe.int/en/web/cybercrime/octopus?session=a1&lang=en"
    links = confclerk.rows(
        "SELECT event.title, link.url, link.name FROM link "
        "JOIN event ON event.id = link.xid_event AND event.xid_conference = link.xid_conference"
    )
    assert links == [("With a page", page, page)]


# ---- cancelled sessions (issue 19) ----------------------------------------------------------

HISTORY = Path(__file__).resolve().parent / "readme"
# Sessions of tests/readme/octopus-v2.toml whose events v2 replaces (see tests/test_changes.py),
# new ones included, and the two it cancels: ws7, gone, and conclusions, now 'closing'.
REPLACED_IN_V2 = {"ws6", "ws8", "lt1", "ws12", "ws15", "closing"}
CANCELLED_IN_V2 = {"ws7", "conclusions"}


def event_sequences(text: str) -> dict[str, tuple[int, bool]]:
    """Session id -> (SEQUENCE, cancelled) of each event of iCalendar text."""
    found = {}
    for event in text.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in event.splitlines() if ":" in line)
        ident = fields["UID"].split(".", 1)[0]
        found[ident] = (int(fields["SEQUENCE"]), fields.get("STATUS") == "CANCELLED")
    return found


@needs("khal", "khal")
def test_khal_marks_the_cancelled_sessions_and_leaves_every_other_event(
    run: Run, tmp_path: Path
) -> None:
    """Version 1 imported into khal, then version 2 exported with --include-cancelled:
    WS 7 (gone) and the conclusions (now under the id 'closing') are the same events as
    before, under the same UID, now CANCELLED; the events of the sessions that did not
    change keep their SEQUENCE and show as before; nothing is duplicated. (calcurse 4.7
    reads no UID or STATUS: each import adds every event again, so it shows no update.)"""
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    database = tmp_path / "khal.db"
    config.write_text(KHAL_CONFIG.format(calendar=calendar, zone="Asia/Manila", database=database))
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    khal = ["khal", "-c", str(config)]

    def load(version: str) -> tuple[dict[str, tuple[int, bool]], list[str]]:
        programme = str(HISTORY / f"octopus-{version}.toml")
        ics = tmp_path / f"{version}.ics"
        result = run("--programme", programme, "export", "--include-cancelled", "-o", str(ics))
        assert result.exit_code == 0, result.stderr
        subprocess.run(
            [*khal, "import", "--batch", "-a", "octopus", str(ics)],
            check=True,
            capture_output=True,
            env=environment,
            timeout=60,
        )
        stored = {}
        for path in calendar.iterdir():
            stored.update(event_sequences(path.read_text(encoding="utf-8")))
        line = "{cancelled}|{start}|{end}|{title}"
        window = ["2021-11-14", "7d"]
        listed = subprocess.run(
            [*khal, "list", "--once", "--day-format", "", "--format", line, *window],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
        ).stdout.splitlines()
        return stored, listed

    before, listed_before = load("v1")
    after, listed_after = load("v2")
    assert not any(cancelled for _, cancelled in before.values())
    assert len(before) == len(listed_before) == 21  # the sessions of v1, breaks left out
    assert len(after) == len(listed_after) == 23  # the same events, and v2's two new ones
    assert {ident for ident, (_, cancelled) in after.items() if cancelled} == CANCELLED_IN_V2
    assert sorted(line for line in listed_after if line.startswith("CANCELLED")) == [
        "CANCELLED |2021-11-17 21:00|2021-11-17 22:50|WS 7: Ransomware",
        "CANCELLED |2021-11-19 00:15|2021-11-19 01:00|Conclusions – Octopus take-aways",
    ]
    replaced = {
        ident for ident, (number, _) in after.items() if before.get(ident, (0,))[0] != number
    }
    assert replaced == REPLACED_IN_V2 | CANCELLED_IN_V2
    assert all(after[ident][0] > before[ident][0] for ident in CANCELLED_IN_V2)
    # Every other event shows as it did, not cancelled.
    zone = ZoneInfo("Asia/Manila")
    v1 = load_programme(HISTORY / "octopus-v1.toml")
    others = [s for s in v1.sessions if s.id in before and s.id not in replaced]
    assert len(others) == 21 - 4 - 2  # ws6, ws8, lt1 and ws12 changed; ws7, conclusions gone
    for session in others:
        line = "|" + "|".join(shown(session, zone))
        assert line in listed_before and line in listed_after, session.id
