"""Reading published schedules (frab/pentabarf schedule.xml, frab/pretalx schedule.json)
into the programme document: real-world shapes from fixtures written in their image, the
repairs the reader makes, and every bad source refused with a clear ProgrammeError."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from octopus_cli.core.errors import ProgrammeError
from octopus_cli.sources.frab import read_schedule

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str) -> dict[str, Any]:
    return read_schedule(fixture(name), name)


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {session["id"]: session for session in document["sessions"]}


def utc(moment: datetime) -> datetime:
    assert moment.tzinfo is not None, "times must be aware"
    return moment.astimezone(UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def refused(data: bytes | str, source: str = "bad") -> ProgrammeError:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(ProgrammeError) as caught:
        read_schedule(raw, source)
    return caught.value


def everything(error: ProgrammeError) -> str:
    return "\n".join([error.message, *error.problems])


def event(
    ident: str = "1",
    title: str = "A talk",
    when: str = "2024-03-01T10:00:00+00:00",
    duration: str = "01:00",
    extra: str = "",
    attributes: str = "",
) -> str:
    date_element = f"<date>{when}</date>" if when else ""
    duration_element = f"<duration>{duration}</duration>" if duration else ""
    return (
        f'<event id="{ident}" {attributes}>{date_element}{duration_element}'
        f"<title>{title}</title><type>lecture</type>{extra}</event>"
    )


def xml(rooms: str, conference: str = "", day: str = 'date="2024-03-01"', head: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{head}<schedule><version>1</version><conference>'
        f'<title>Test</title>{conference}</conference><day index="1" {day}>{rooms}</day>'
        "</schedule>"
    ).encode()


def room(name: str, *events: str) -> str:
    return f'<room name="{name}">{"".join(events)}</room>'


# ---- A CCC-like frab XML ----


def test_ccc_conference() -> None:
    conference = read("ccc-like.xml")["conference"]
    assert conference["name"] == "37th Chaos Test Congress"
    assert conference["acronym"] == "37c3-test"
    assert conference["timezone"] == "Europe/Berlin"
    assert conference["url"] == "https://events.example.org/37c3-test/fahrplan"
    assert conference["programme_release"] == 'Test 1.3 "Blinkenlichter"'
    # <end> says the 29th; an event filed under day 3 is dated the 30th: widened.
    assert (conference["start_date"], conference["end_date"]) == (
        date(2023, 12, 27),
        date(2023, 12, 30),
    )
    # Room order of first appearance; 'Saal Zuse' holds no event.
    assert conference["tracks"] == ["Saal 1", "Saal Grace", "K.1.105"]
    assert conference["kinds"] == ["ceremony", "film", "meeting"]


def test_ccc_sessions_are_instants_in_rooms() -> None:
    document = read("ccc-like.xml")
    sessions = by_id(document)
    assert list(sessions) == [f"110{n:02}" for n in (1, 3, 2, 4, 5, 6, 7, 8)]
    tracks = document["conference"]["tracks"]
    assert [tracks[sessions[i]["track"] - 1] for i in ("11001", "11002", "11006")] == [
        "Saal 1",
        "Saal Grace",
        "K.1.105",
    ]
    opening = sessions["11001"]
    assert utc(opening["start"]) == at("2023-12-27T09:30:00Z")
    assert utc(opening["end"]) == at("2023-12-27T10:00:00Z")
    assert opening["start"].utcoffset() == timedelta(hours=1)  # on the conference's clock


def test_ccc_after_midnight_is_the_next_calendar_date() -> None:
    sessions = by_id(read("ccc-like.xml"))
    late = sessions["11004"]  # under day 1, dated 01:00 on the 28th
    assert utc(late["start"]) == at("2023-12-28T00:00:00Z")
    assert late["start"].date() == date(2023, 12, 28)
    crossing = sessions["11003"]  # 23:30 for 1:30
    assert utc(crossing["end"]) == at("2023-12-28T00:00:00Z")
    # The event's <date> wins over its <day>'s date.
    assert utc(sessions["11008"]["start"]) == at("2023-12-30T10:00:00Z")


def test_ccc_duration_over_a_day() -> None:
    workshop = by_id(read("ccc-like.xml"))["11006"]
    assert workshop["end"] - workshop["start"] == timedelta(hours=26)
    assert workshop["kind"] == "workshop"


def test_ccc_kinds_and_tags() -> None:
    sessions = by_id(read("ccc-like.xml"))
    kinds = {ident: session["kind"] for ident, session in sessions.items()}
    assert kinds == {
        "11001": "ceremony",
        "11002": "talk",  # lecture
        "11003": "talk",
        "11004": "meeting",
        "11005": "panel",  # Podium
        "11006": "workshop",
        "11007": "lightning-talks",
        "11008": "film",
    }
    assert sessions["11003"]["tags"] == ["security-privacy"]
    assert sessions["11004"]["tags"] == ["ethics-society-politics"]
    assert "tags" not in sessions["11008"]  # an empty <track/>


def test_ccc_non_latin_text() -> None:
    sessions = by_id(read("ccc-like.xml"))
    assert sessions["11002"]["title"] == "量子コンピュータ入門"
    assert sessions["11002"]["persons"] == ["山田 太郎"]
    assert sessions["11002"]["links"] == [{"title": "資料", "url": "https://example.jp/qc"}]
    # A C1 control character (CSI, legal in XML 1.0) is removed.
    assert sessions["11004"]["title"] == "Свобода информации"
    assert sessions["11004"]["persons"] == ["Анна Петрова"]
    assert sessions["11004"]["language"] == "ru"


def test_ccc_html_becomes_text() -> None:
    sessions = by_id(read("ccc-like.xml"))
    crossing = sessions["11003"]
    assert crossing["description"] == "Hello & bye\n\nSecond paragraph."
    assert crossing["details"] == "More on keys\nand locks."
    # Details that repeat the abstract say nothing more; empty fields are left out.
    opening = sessions["11001"]
    assert "details" not in opening
    assert opening["subtitle"] == "Willkommen zum Congress"
    assert "subtitle" not in crossing and "description" not in sessions["11004"]


def test_ccc_links_persons_urls() -> None:
    sessions = by_id(read("ccc-like.xml"))
    # Only http(s) links; a link without text is titled by its address.
    assert sessions["11003"]["links"] == [
        {"title": "Slides", "url": "https://example.org/slides.pdf"},
        {"title": "https://example.org/paper", "url": "https://example.org/paper"},
    ]
    assert sessions["11003"]["persons"] == ["Alice", "Bob"]
    assert sessions["11005"]["persons"] == ["Carol", "Dave"]  # listed twice, kept once
    assert sessions["11001"]["url"] == "https://events.example.org/37c3-test/talk/11001"
    assert "links" not in sessions["11001"] and "persons" not in sessions["11006"]


# ---- A pentabarf-like XML (FOSDEM style) ----


def test_pentabarf_zone_from_the_offsets() -> None:
    conference = read("pentabarf-like.xml")["conference"]
    # No <time_zone_name>: the days' times are all +01:00; IANA's fixed-offset zones
    # invert the sign (POSIX style).
    assert conference["timezone"] == "Etc/GMT-1"
    assert conference["tracks"] == ["Janson", "H.2215 (Ferrer)", "K.1.105 (La Fontaine)"]
    assert conference["kinds"] == ["devroom", "maintrack"]
    assert (conference["start_date"], conference["end_date"]) == (
        date(2019, 2, 2),
        date(2019, 2, 3),
    )
    assert "acronym" not in conference and "programme_release" not in conference


def test_pentabarf_times_without_date() -> None:
    sessions = by_id(read("pentabarf-like.xml"))
    assert utc(sessions["8001"]["start"]) == at("2019-02-02T08:30:00Z")
    # 01:30 under day 1, before the 04:00 day change: the next calendar date.
    party = sessions["8003"]
    assert utc(party["start"]) == at("2019-02-03T00:30:00Z")
    assert party["kind"] == "social"
    # '00:50:00' is HH:MM:SS.
    assert sessions["8002"]["end"] - sessions["8002"]["start"] == timedelta(minutes=50)


def test_pentabarf_descriptions_and_agenda() -> None:
    sessions = by_id(read("pentabarf-like.xml"))
    welcome = sessions["8001"]
    assert welcome["description"] == "The opening."
    assert welcome["details"] == "What to expect:\n\n• talks\n• devrooms"
    assert sessions["8002"]["details"] == "From the PDP-7 on."
    assert "description" not in sessions["8002"]
    # Only '- ' lines: an agenda (as octopus's own export writes one).
    closing = sessions["8004"]
    assert closing["agenda"] == ["Thanks to volunteers", "Next year's dates", "Goodbye"]
    assert "details" not in closing


def test_no_offsets_at_all_is_utc() -> None:
    data = re.sub(rb' (start|end)="[^"]*"', b"", fixture("pentabarf-like.xml"))
    document = read_schedule(data, "old.xml")
    assert document["conference"]["timezone"] == "UTC"
    assert utc(by_id(document)["8003"]["start"]) == at("2019-02-03T01:30:00Z")


def test_day_change_defaults() -> None:
    late = room("R", event("1", when="", extra="<start>03:30</start>"))
    # Without <day_change>, the day's start attribute says when the day begins...
    day = 'date="2024-03-01" start="2024-03-01T02:00:00+00:00" end="2024-03-02T01:00:00+00:00"'
    document = read_schedule(xml(late, day=day), "a.xml")
    assert utc(document["sessions"][0]["start"]) == at("2024-03-01T03:30:00Z")
    # ...else 04:00, when pretalx's days change.
    document = read_schedule(xml(late), "b.xml")
    assert utc(document["sessions"][0]["start"]) == at("2024-03-02T03:30:00Z")
    # <day_change> 00:00 (octopus's own export): the day is the calendar date.
    document = read_schedule(xml(late, "<day_change>00:00</day_change>"), "c.xml")
    assert utc(document["sessions"][0]["start"]) == at("2024-03-01T03:30:00Z")


def test_zone_named_or_worked_out() -> None:
    autumn = room(
        "R",
        event("1", when="2024-10-26T10:00:00+02:00"),
        event("2", when="2024-10-28T10:00:00+01:00"),
    )
    # Offsets that change with daylight saving: a real zone with both, then.
    assert read_schedule(xml(autumn), "a.xml")["conference"]["timezone"] == "Europe/Berlin"
    # An abbreviation is no zone name: worked out the same way.
    named = xml(autumn, "<time_zone_name>CET</time_zone_name>")
    assert read_schedule(named, "b.xml")["conference"]["timezone"] == "Europe/Berlin"
    # Any letter case of an IANA name.
    lower = xml(autumn, "<time_zone_name>europe/amsterdam</time_zone_name>")
    assert read_schedule(lower, "c.xml")["conference"]["timezone"] == "Europe/Amsterdam"
    india = room("R", event("1", when="2024-03-01T10:00:00+05:30"))
    assert read_schedule(xml(india), "d.xml")["conference"]["timezone"] == "Asia/Kolkata"
    west = room("R", event("1", when="2024-03-01T10:00:00-05:00"))
    assert read_schedule(xml(west), "e.xml")["conference"]["timezone"] == "Etc/GMT+5"
    zulu = room("R", event("1", when="2024-03-01T10:00:00Z"))
    assert read_schedule(xml(zulu), "f.xml")["conference"]["timezone"] == "UTC"
    odd = room(
        "R",
        event("1", when="2024-03-01T10:00:00+01:00"),
        event("2", when="2024-03-02T10:00:00+03:00"),
    )
    error = refused(xml(odd))
    assert "no time zone has the UTC offsets" in everything(error)
    assert "+01:00, +03:00" in everything(error)


# ---- A pretalx-like JSON ----


def test_pretalx_conference() -> None:
    conference = read("pretalx-like.json")["conference"]
    assert conference["name"] == "Conferencia de Prueba Bogotá 2024"
    assert conference["timezone"] == "America/Bogota"
    # The "rooms" list's order, not the order of a day's object; an unused room left out.
    assert conference["tracks"] == ["Auditorio Principal", "Sala 2", "Taller A"]
    assert conference["kinds"] == ["charla", "taller"]
    assert conference["programme_release"] == "v2.1"
    assert conference["url"] == "https://pretalx.example.org"
    assert (conference["start_date"], conference["end_date"]) == (
        date(2024, 8, 15),
        date(2024, 8, 16),
    )


def test_pretalx_sessions() -> None:
    sessions = by_id(read("pretalx-like.json"))
    assert sorted(sessions) == ["501", "502", "503", "504"]
    opening = sessions["501"]
    assert utc(opening["start"]) == at("2024-08-15T14:00:00Z")
    assert opening["kind"] == "keynote"
    assert opening["persons"] == ["María José Ñúñez", "Oluwaseun Adébáyọ̀"]
    # HTML in the abstract: text, entities unescaped, scripts dropped.
    assert opening["description"] == "Bienvenida & agenda\n\nSegundo párrafo con enlace."
    assert "tags" not in opening and "subtitle" not in opening  # null track, empty subtitle
    # pretalx writes a day or more as D:HH:MM.
    workshop = sessions["502"]
    assert workshop["end"] - workshop["start"] == timedelta(hours=26)
    assert workshop["persons"] == ["Kenji Sato"]  # only a public_name
    assert workshop["tags"] == ["programacion"]


def test_pretalx_after_midnight_links_and_text() -> None:
    sessions = by_id(read("pretalx-like.json"))
    night = sessions["503"]  # under day 1, at 01:30 on the 16th
    assert utc(night["start"]) == at("2024-08-16T06:30:00Z")
    assert night["start"].date() == date(2024, 8, 16)
    assert night["description"] == "Sin HTML: a < b y c > d."  # not HTML: left alone
    assert night["links"] == [{"title": "Video", "url": "https://media.example.org/noc503"}]
    assert night["url"] == "https://pretalx.example.org/conf-bogota-2024/talk/NOC503/"
    privacy = sessions["504"]
    assert privacy["title"] == "Privacidad[31m en América Latina"  # no ESC
    assert privacy["description"] == "Línea uno.\nLínea dos.\n\nDespués."
    assert privacy["agenda"] == ["punto uno", "punto dos"]


# ---- octopus's own frab export, read back ----


def bundled_programme() -> Any:
    from octopus_cli.sources.loader import load_programme

    return load_programme()


def test_octopus_export_reads_back() -> None:
    from octopus_cli.exports.frab import schedule_bytes

    programme = bundled_programme()
    data = schedule_bytes(programme, programme.sessions, programme.zone)
    document = read_schedule(data, "octopus.xml")
    conference, sessions = document["conference"], document["sessions"]
    assert conference["timezone"] == programme.zone.key
    assert len(conference["tracks"]) == len({s.track for s in programme.sessions})
    assert "kinds" not in conference  # all octopus's own
    assert len(sessions) == len(programme.sessions)

    # The export goes day by day, room by room: compared as sorted lists.
    def summary(title: str, start: datetime, end: datetime, kind: str, agenda: Any, text: str):
        return (utc(start), title, utc(end), kind, tuple(agenda), text)

    expected = sorted(
        summary(s.display_title, s.start, s.end, s.kind, s.agenda, s.description)
        for s in programme.sessions
    )
    found = sorted(
        summary(
            s["title"],
            s["start"],
            s["end"],
            s["kind"],
            s.get("agenda", ()),
            s.get("description", ""),
        )
        for s in sessions
    )
    assert found == expected
    assert any(session.get("agenda") for session in sessions)


@pytest.mark.parametrize(
    "name", ["ccc-like.xml", "pentabarf-like.xml", "pretalx-like.json", "octopus"]
)
def test_documents_validate_as_programmes(name: str) -> None:
    """What the reader returns is a programme the loader takes, whole."""
    from octopus_cli.sources.programme import check_document

    if name == "octopus":
        from octopus_cli.exports.frab import schedule_bytes

        programme = bundled_programme()
        data = schedule_bytes(programme, programme.sessions, programme.zone)
    else:
        data = fixture(name)
    document = read_schedule(data, name)
    checked, problems = check_document(document, name)
    assert problems == []
    assert checked is not None
    assert len(checked.sessions) == len(document["sessions"])


def test_no_type_is_other_and_utf16_reads() -> None:
    source = (
        '<?xml version="1.0" encoding="UTF-16"?><schedule><conference><title>T</title>'
        '</conference><day date="2024-01-01"><room name="R"><event id="1">'
        "<date>2024-01-01T10:00:00+01:00</date><duration>0:30</duration><title>Ü</title>"
        "</event></room></day></schedule>"
    )
    document = read_schedule(("\ufeff" + source).encode("utf-16-le"), "u16.xml")
    assert document["sessions"][0]["kind"] == "other"
    assert document["conference"]["kinds"] == ["other"]
    assert document["sessions"][0]["title"] == "Ü"
