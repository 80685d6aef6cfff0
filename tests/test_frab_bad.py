"""Bad published schedules: each refused with a clear ProgrammeError naming the file and,
where there is one, the event and the field; never a traceback, never a hang."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from octopus_cli.core.errors import ProgrammeError
from octopus_cli.sources.frab import detect_format, read_schedule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def refused(data: bytes | str, source: str = "bad.xml") -> ProgrammeError:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(ProgrammeError) as caught:
        read_schedule(raw, source)
    return caught.value


def everything(error: ProgrammeError) -> str:
    return "\n".join([error.message, *error.problems])


def event(ident: str = "1", title: str = "A talk", inner: str = "", **fields: str | None) -> str:
    values = {"date": "2024-03-01T10:00:00+01:00", "duration": "01:00"} | fields
    elements = "".join(f"<{k}>{v}</{k}>" for k, v in values.items() if v is not None)
    return f'<event id="{ident}"><title>{title}</title>{elements}{inner}</event>'


def xml(*events: str, room: str = "Saal 1", head: str = "") -> bytes:
    return (
        f"{head}<schedule><conference><title>Test</title></conference>"
        f'<day index="1" date="2024-03-01"><room name="{room}">{"".join(events)}</room></day>'
        "</schedule>"
    ).encode()


def json_event(**fields: Any) -> dict[str, Any]:
    return {
        "id": 1,
        "guid": "6a1f0b3c-0000-4000-8000-000000000001",
        "title": "A talk",
        "date": "2024-03-01T10:00:00-05:00",
        "duration": "01:00",
        "room": "Sala 1",
        "type": "Talk",
    } | fields


def json_schedule(*events: Any, **conference: Any) -> bytes:
    body = {
        "title": "Test",
        "time_zone_name": "America/Bogota",
        "days": [{"index": 1, "date": "2024-03-01", "rooms": {"Sala 1": list(events)}}],
    } | conference
    return json.dumps({"schedule": {"version": "1", "conference": body}}).encode()


# ---- Entities: refused before anything expands or is fetched ----

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE schedule [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<schedule><conference><title>&lol9;</title></conference></schedule>"""

QUADRATIC = (
    '<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY a "'
    + "x" * 50_000
    + '">]><schedule><conference><title>'
    + "&a;" * 50_000
    + "</title></conference></schedule>"
)


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        QUADRATIC,
        '<!DOCTYPE schedule [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<schedule><version>&x;</version></schedule>",
        '<!DOCTYPE schedule [<!ENTITY x SYSTEM "http://127.0.0.1:9/evil.xml">]>'
        "<schedule><version>&x;</version></schedule>",
        '<!DOCTYPE schedule [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]><schedule/>',
        '<!DOCTYPE schedule SYSTEM "http://127.0.0.1:9/schedule.dtd"><schedule/>',
        '<!DOCTYPE schedule [<!ENTITY logo SYSTEM "logo.gif" NDATA gif>]><schedule/>',
    ],
    ids=["billion-laughs", "quadratic", "file", "http", "parameter", "external-dtd", "ndata"],
)
def test_entities_refused(document: str) -> None:
    error = refused(document, "evil.xml")
    assert error.message == "evil.xml declares XML entities, which octopus does not read"
    assert error.hint is not None and "entities" in error.hint.lower()


def test_a_bare_doctype_is_fine() -> None:
    data = xml(event(), head='<?xml version="1.0"?><!DOCTYPE schedule>')
    assert read_schedule(data, "ok.xml")["sessions"][0]["id"] == "1"


# ---- Not a schedule, or not well-formed ----


def test_malformed_xml_names_the_line() -> None:
    error = refused("<schedule>\n<conference>\n<title>x</conference>\n</schedule>", "s.xml")
    assert error.message.startswith("s.xml is not well-formed XML (line 3)")
    assert "mismatched tag" in everything(error)
    assert "line 3, column" in error.problems[0]


def test_undefined_entity_is_malformed() -> None:
    error = refused("<schedule><version>&nbsp;</version></schedule>", "s.xml")
    assert "undefined entity" in error.message


def test_root_must_be_schedule() -> None:
    error = refused('<?xml version="1.0"?><html><body>502 Bad Gateway</body></html>', "s.xml")
    assert error.message == (
        "s.xml is XML but not a frab schedule: its root is <html>, not <schedule>"
    )


def test_malformed_json_names_the_line() -> None:
    error = refused('{"schedule": {\n"conference": {\n"title": "x",,\n}}}', "s.json")
    assert error.message.startswith("s.json is not valid JSON (line 3)")


@pytest.mark.parametrize(
    ("document", "found"),
    [('{"version": "1"}', "an object without"), ('{"schedule": []}', "an object without")],
)
def test_json_without_schedule(document: str, found: str) -> None:
    error = refused(document, "s.json")
    assert error.message == (
        f's.json is JSON but not a frab/pretalx schedule: it is {found} a "schedule" object'
    )


def test_deep_json_nesting() -> None:
    error = refused('{"schedule": ' + "[" * 200_000 + "]" * 200_000 + "}", "deep.json")
    assert error.message == "deep.json is nested too deeply to read"


def test_deep_xml_nesting_is_no_crash() -> None:
    deep = "<a>" * 100_000 + "x" + "</a>" * 100_000  # markup inside an abstract: its text
    session = read_schedule(xml(event(abstract=deep)), "deep.xml")["sessions"][0]
    assert session["description"] == "x"


def test_not_utf8_json() -> None:
    error = refused(b'{"schedule": {"version": "\xff"}}', "s.json")
    assert error.message == "s.json is not UTF-8 text (line 1)"


def test_toml_is_not_a_schedule() -> None:
    error = refused('[conference]\nname = "x"\n', "p.toml")
    assert error.message == "p.toml is not a frab schedule (neither XML nor JSON)"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<?xml version='1.0'?><schedule/>", "frab-xml"),
        (b"\xef\xbb\xbf \n\t<schedule/>", "frab-xml"),
        ("\ufeff<schedule/>".encode("utf-16-le"), "frab-xml"),
        (b'  {"schedule": {}}', "frab-json"),
        (b'\xef\xbb\xbf{"$schema": "x", "schedule": {}}', "frab-json"),
        (b'[conference]\nname = "x"', "toml"),
        (b"# a comment\n[conference]", "toml"),
        (b"", "toml"),
        (b"   ", "toml"),
    ],
)
def test_detect_format(data: bytes, expected: str) -> None:
    assert detect_format(data) == expected


# ---- Wrong types and missing values, each named ----


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": 42}, "event 1: title: must be text, not a number"),
        ({"title": ["a"]}, "event 1: title: must be text, not a list"),
        ({"persons": {"name": "x"}}, 'event 1 ("A talk"): persons: must be a list, not an object'),
        ({"persons": [{"id": 3}]}, "persons: person #1 has no name (name or public_name)"),
        ({"links": "https://x.org"}, 'event 1 ("A talk"): links: must be a list, not text'),
        ({"links": [{"title": "x"}]}, "links: link #1 must be an object with a url"),
        ({"duration": ["01:00"]}, 'event 1 ("A talk"): duration: must be text, not a list'),
        ({"date": 1709305200}, 'event 1 ("A talk"): date: must be text, not a number'),
        ({"abstract": {"en": "x"}}, 'event 1 ("A talk"): abstract: must be text, not an object'),
        ({"id": [1], "title": "T"}, 'event "T": id: must be a number or text, not a list'),
        ({"track": True}, 'event 1 ("A talk"): track: must be text, not true or false'),
    ],
)
def test_json_wrong_types_name_event_and_field(fields: dict[str, Any], expected: str) -> None:
    error = refused(json_schedule(json_event(**fields)), "s.json")
    assert error.message.startswith("cannot read the schedule s.json (")
    assert any(expected in problem for problem in error.problems), error.problems


@pytest.mark.parametrize(
    ("conference", "expected"),
    [
        ({"days": {"1": []}}, "conference: days: must be a list, not an object"),
        ({"days": [[]]}, "day #1: must be an object, not a list"),
        ({"days": [{"index": 1, "rooms": []}]}, "day 1: rooms: must be an object"),
        (
            {"days": [{"index": 2, "rooms": {"R": {}}}]},
            'day 2: room "R": must be a list of events',
        ),
        ({"days": [{"index": 1, "rooms": {"R": [7]}}]}, "event #1 must be an object, not a number"),
        ({"rooms": "Sala 1"}, "conference: rooms: must be a list, not text"),
        ({"time_zone_name": 5}, "conference: time_zone_name: must be text, not a number"),
    ],
)
def test_json_wrong_shapes(conference: dict[str, Any], expected: str) -> None:
    error = refused(json_schedule(json_event(), **conference), "s.json")
    assert any(expected in problem for problem in error.problems), error.problems


def test_json_conference_not_an_object() -> None:
    error = refused(json.dumps({"schedule": {"conference": []}}), "s.json")
    assert "schedule: conference: must be an object, not a list" in error.problems


def test_event_without_room_goes_last() -> None:
    data = xml(event("1"), event("2", date="2024-03-01T12:00:00+01:00"), room="")
    data = data.replace(b"</day>", b'<room name="Saal 2">' + event("3").encode() + b"</room></day>")
    document = read_schedule(data, "s.xml")
    assert document["conference"]["tracks"] == ["Saal 2", "(no room)"]
    assert [s["track"] for s in document["sessions"]] == [2, 2, 1]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"duration": None}, 'event 1 ("A talk"): no duration'),
        ({"duration": "00:00"}, 'event 1 ("A talk"): no duration'),
        ({"duration": "ab:cd"}, "duration: 'ab:cd' is not a duration (HH:MM)"),
        ({"duration": "1:75"}, "duration: '1:75' is not a duration (HH:MM)"),
        ({"date": None}, 'event 1 ("A talk"): no start time (<date> or <start>)'),
        ({"date": "yesterday"}, "start: 'yesterday' is not a date and time"),
        ({"date": "0999-03-01T10:00:00+01:00"}, "outside the years octopus handles"),
    ],
)
def test_times_that_cannot_be_read(fields: dict[str, str | None], expected: str) -> None:
    error = refused(xml(event(**fields)), "s.xml")
    assert any(expected in problem for problem in error.problems), error.problems


def test_unreadable_date_gives_way_to_day_and_start() -> None:
    data = xml(event(date="soon", start="11:15"))
    session = read_schedule(data, "s.xml")["sessions"][0]
    assert session["start"].isoformat() == "2024-03-01T11:15:00+00:00"  # no offsets: UTC


def test_titles() -> None:
    error = refused(xml(event(title=""), event("2", title="x" * 1001)), "s.xml")
    assert "event 1: no title" in error.problems
    assert any("event 2" in p and "longer than 1000 characters" in p for p in error.problems)


def test_an_id_given_again_is_made_unique_in_file_order() -> None:
    # pretalx gives every slot of a talk held twice the talk's id
    data = xml(event("7", "First"), event("7", "Again"), event("7", "Third"), event("7-2", "X"))
    sessions = read_schedule(data, "s.xml")["sessions"]
    assert [(s["id"], s["title"]) for s in sessions] == [
        ("7", "First"),
        ("7-2", "Again"),
        ("7-3", "Third"),
        ("7-2-2", "X"),
    ]


def test_ids_from_guid_then_slug() -> None:
    guid = 'guid="C0FFEE12-3456-4789-abcd-ef0123456789"'
    data = xml(
        event("").replace('id=""', guid),
        event("-3", "By slug", slug="Mon Talk: Über alles"),
        event("Big", "Upper case"),
    )
    ids = [s["id"] for s in read_schedule(data, "s.xml")["sessions"]]
    assert ids == ["c0ffee12", "mon-talk-uber-alles", "big"]
    error = refused(xml(event("", "Nameless")), "s.xml")
    assert error.problems == ['event "Nameless": no id, guid or slug to name it by']


def test_at_most_fifty_problems_listed() -> None:
    error = refused(xml(*(event(str(n), duration="00:00") for n in range(1, 131))), "s.xml")
    assert error.message == "cannot read the schedule s.xml (130 problems)"
    assert len(error.problems) == 51
    assert error.problems[-1] == "and 80 more"


def test_long_description_is_cut() -> None:
    session = read_schedule(xml(event(abstract="word " * 10_000)), "s.xml")["sessions"][0]
    assert len(session["description"]) == 20_000
    assert session["description"].endswith("…")


def test_twenty_megabytes_in_bounded_time() -> None:
    """A schedule as big as octopus takes (20 MB): read whole, in linear time (about two
    seconds here); and a 20 MB abstract built to make a tag stripper backtrack."""
    events = []
    size, number = 0, 0
    while size < 20 * 1024 * 1024:
        number += 1
        day, minute = divmod(number, 20 * 60)
        text = event(
            str(number),
            f"Event {number}",
            date=f"2024-03-{1 + day % 28:02}T{8 + minute // 60 % 12:02}:{minute % 60:02}:00Z",
            duration="00:01",
            abstract="&lt;p&gt;" + "lorem ipsum " * 40 + "&lt;/p&gt;",
        )
        events.append(text)
        size += len(text)
    data = xml(*events)
    document = read_schedule(data, "big.xml")
    assert len(document["sessions"]) == number
    hostile = xml(event(abstract="&lt;a " * 3_000_000))
    assert read_schedule(hostile, "hostile.xml")["sessions"][0]["description"]


@given(st.text(alphabet=string.printable + "<>&;\"'/{}[]:,äé", max_size=300))
def test_any_text_gives_a_document_or_a_clean_error(tail: str) -> None:
    for prefix in ("<schedule>", '{"schedule": ', ""):
        try:
            document = read_schedule((prefix + tail).encode(), "fuzz")
        except ProgrammeError as error:
            assert error.message
        else:
            assert set(document) == {"conference", "sessions"}


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: (
            st.lists(c, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "title",
                        "date",
                        "duration",
                        "rooms",
                        "days",
                        "persons",
                        "links",
                        "name",
                        "url",
                        "start",
                    ]
                ),
                c,
                max_size=4,
            )
        ),
        max_leaves=20,
    )
)
def test_any_json_values_give_a_document_or_a_clean_error(value: Any) -> None:
    for document in (
        {"schedule": {"conference": {"title": "T", "days": [{"rooms": {"R": [value]}}]}}},
        {"schedule": {"conference": {"title": "T", "days": [value]}}},
        {"schedule": {"conference": value}},
        {
            "schedule": {
                "conference": {
                    "title": "T",
                    "days": [{"rooms": {"R": [json_event(persons=value, links=value)]}}],
                }
            }
        },
    ):
        try:
            read_schedule(json.dumps(document).encode(), "fuzz.json")
        except ProgrammeError as error:
            assert error.problems


def test_conference_dates_out_of_range() -> None:
    data = xml(event()).replace(
        b"<title>Test</title>", b"<title>T</title><start>0001-01-01</start>"
    )
    error = refused(data, "s.xml")
    assert "conference: start: 0001-01-01 is outside the years octopus handles" in error.problems


# ---- found by an attack campaign -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["shift_jis", "UTF-7", "utf-32", "x-unknown", "EBCDIC-US"])
def test_an_encoding_octopus_cannot_read_is_said_not_a_traceback(encoding: str) -> None:
    error = refused(f'<?xml version="1.0" encoding="{encoding}"?><schedule/>')
    assert "its XML encoding is one octopus cannot read" in error.message
    assert error.hint is not None and "UTF-8" in error.hint


def test_twenty_thousand_repeats_of_one_id_read_in_linear_time() -> None:
    import time

    events = [event("1", f"Talk {n}", date=None, start="10:00") for n in range(20_000)]
    started = time.perf_counter()
    sessions = read_schedule(xml(*events), "s.xml")["sessions"]
    assert time.perf_counter() - started < 10  # was 19 s: a search from '-2' for each
    assert len({s["id"] for s in sessions}) == 20_000
    assert sessions[-1]["id"] == "1-20000"


def test_a_long_id_given_again_stays_within_64_characters() -> None:
    long = "a" * 64
    ids = [s["id"] for s in read_schedule(xml(event(long), event(long)), "s.xml")["sessions"]]
    assert ids[0] == long and len(ids[1]) <= 64 and ids[1].endswith("-2")


@pytest.mark.parametrize("duration", ["999999:00", "745:00"])
def test_an_event_longer_than_a_month_is_refused(duration: str) -> None:
    error = refused(xml(event(duration=duration)))
    assert any("more than the 31 octopus reads" in p for p in error.problems)


def test_an_event_shorter_than_a_minute_has_no_duration() -> None:
    """Times are kept to the minute: 30 seconds would be written back as 00:00."""
    error = refused(xml(event(duration="0:00:30")))
    assert any(p.endswith("no duration") for p in error.problems)
