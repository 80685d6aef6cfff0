"""Writing programme documents as TOML (`sources.tomlwrite`): layout, escaping, datetimes,
and the round trip `tomllib.loads(dump_programme(doc)) == doc` for any document."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from octopus_cli.sources.programme import parse_programme
from octopus_cli.sources.tomlwrite import dump_programme

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "programme.toml"
PARIS = ZoneInfo("Europe/Paris")


def normal(value: Any) -> Any:
    """A value to compare with `==`: None values dropped, scalars tagged with their type
    (True == 1, and 1 == 1.0), aware datetimes as (wall clock, offset): tomllib gives a
    `timezone`, and a ZoneInfo time in a fold never equals one in another zone."""
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return ("aware", value.replace(tzinfo=None), value.utcoffset())
    return (type(value).__name__, value)


def round_trip(document: dict[str, Any], **options: Any) -> dict[str, Any]:
    return tomllib.loads(dump_programme(document, **options))


# ---- the bundled programme ----------------------------------------------------------------


def test_the_bundled_programme_round_trips() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    document = tomllib.loads(text)
    dumped = dump_programme(document, header="The bundled programme, written again.")
    assert normal(tomllib.loads(dumped)) == normal(document)
    assert dumped.startswith("# The bundled programme, written again.\n\n[conference]\n")

    original, again = parse_programme(text, "x"), parse_programme(dumped, "x")
    assert again.conference == original.conference
    assert len(again.sessions) == len(original.sessions)
    for before, after in zip(original.sessions, again.sessions, strict=True):
        assert (after.id, after.title, after.kind, after.track) == (
            before.id,
            before.title,
            before.kind,
            before.track,
        )
        assert after.start == before.start and after.end == before.end
        assert after.start.utcoffset() == before.start.utcoffset()
    assert again.sessions == original.sessions


# ---- layout -------------------------------------------------------------------------------


def test_layout_follows_the_programme_file() -> None:
    document = {
        "sessions": [
            {
                "links": [{"url": "https://example.org/s", "title": "Slides"}],
                "zz-extra": 1,
                "start": datetime(2021, 11, 17, 9, 0, tzinfo=PARIS),
                "title": "First",
                "id": "a1",
                "label": None,
                "tags": ["x", "y"],
                "description": 'Two\nlines"',
            },
            {"id": "b1", "title": "Second", "agenda": ["a" * 45, "b" * 45]},
        ],
        "conference": {
            "related_events": [{"name": "Before", "date": date(2021, 11, 15)}],
            "registration": {"where": "here", "opens": date(2021, 9, 20)},
            "name": "Conf",
            "title": None,
            "online": True,
            "weird key": "v",
        },
    }
    assert dump_programme(document, header="Line one\n\nLine three") == (
        "# Line one\n"
        "#\n"
        "# Line three\n"
        "\n"
        "[conference]\n"
        'name = "Conf"\n'
        "online = true\n"
        '"weird key" = "v"\n'
        "\n"
        "[conference.registration]\n"
        "opens = 2021-09-20\n"
        'where = "here"\n'
        "\n"
        "[[conference.related_events]]\n"
        'name = "Before"\n'
        "date = 2021-11-15\n"
        "\n"
        "[[sessions]]\n"
        'id = "a1"\n'
        'title = "First"\n'
        "start = 2021-11-17T09:00:00+01:00\n"
        'tags = ["x", "y"]\n'
        'description = """\n'
        "Two\n"
        'lines\\""""\n'
        'links = [{ title = "Slides", url = "https://example.org/s" }]\n'
        "zz-extra = 1\n"
        "\n"
        "[[sessions]]\n"
        'id = "b1"\n'
        'title = "Second"\n'
        "agenda = [\n"
        f'  "{"a" * 45}",\n'
        f'  "{"b" * 45}",\n'
        "]\n"
    )


def test_an_array_stays_on_one_line_up_to_100_characters() -> None:
    fits = {"conference": {"k": ["x" * 92]}}  # k = ["xxx..."]: 6 + 92 + 2 = 100 characters
    assert 'k = ["' + "x" * 92 + '"]\n' in dump_programme(fits)
    too_long = {"conference": {"k": ["x" * 93]}}
    assert 'k = [\n  "' + "x" * 93 + '",\n]\n' in dump_programme(too_long)


def test_keys_are_bare_only_when_they_can_be() -> None:
    text = dump_programme({"conference": {"a-B_9": 1, "a.b": 2, "": 3, "é": 4, 'q"': 5}})
    assert 'a-B_9 = 1\n"a.b" = 2\n"" = 3\n"é" = 4\n"q\\"" = 5\n' in text
    nested = {"conference": {"sub table": {"x": 1}}, "odd.name": [{"y": 2}]}
    text = dump_programme(nested)
    assert '[conference."sub table"]' in text and '[["odd.name"]]' in text
    assert tomllib.loads(text) == nested


def test_none_values_are_left_out_and_an_empty_document_is_empty() -> None:
    assert round_trip({"conference": {"name": "C", "url": None}, "sessions": []}) == {
        "conference": {"name": "C"},
        "sessions": [],
    }
    assert dump_programme({}) == ""


def test_a_header_with_control_characters_is_still_a_comment() -> None:
    text = dump_programme({"conference": {"name": "C"}}, header="a\r\nb\rc\x00\x1b\x7f\td")
    assert text.startswith("# a\n# b\n# c\\u0000\\u001B\\u007F\td\n\n")
    assert tomllib.loads(text) == {"conference": {"name": "C"}}


# ---- strings ------------------------------------------------------------------------------

TRICKY = [
    "",
    '"',
    '""',
    '"""',
    '""""""""',
    'ends with a quote"',
    'ends with two""',
    'in"""side',
    "\\",
    "back\\slash\\",
    "line\\\nbreak after a backslash\\",
    "\n",
    "\n\n",
    "\nstarts with a newline",
    "ends with a newline\n",
    "crlf\r\nline\r\n",
    "lone\rcr",
    "\t\b\f\x00\x01\x1b\x1f\x7f\x80\u2028\u2029\ufeff",
    'multi\nline with """ and "" and \\"',
    'multi\nline ending in a quote"',
    'multi\nline ending in quotes""""',
    "emoji 🐙 and 中文 and e\u0301",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_round_trip(text: str) -> None:
    document = {"conference": {"value": text, "items": [text, text]}, "sessions": [{"t": text}]}
    document["sessions"][0]["links"] = [{"title": text, "url": text}]
    assert round_trip(document) == document


def test_escapes() -> None:
    text = dump_programme({"conference": {"a": '\t"\\\x00\x7f\r', "b": 'x\r\ny"'}})
    assert 'a = "\\t\\"\\\\\\u0000\\u007F\\r"\n' in text
    assert 'b = """\nx\\r\ny\\""""\n' in text  # a newline kept, the last quote escaped


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "x\n\udc80"])
def test_a_lone_surrogate_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="surrogate"):
        dump_programme({"conference": {"name": text}})


# ---- numbers and times --------------------------------------------------------------------


def test_datetimes() -> None:
    values = {
        "fixed": datetime(2021, 11, 17, 9, 0, tzinfo=timezone(timedelta(hours=1))),
        "utc": datetime(2021, 11, 17, 8, 0, tzinfo=UTC),
        "negative": datetime(2021, 11, 17, 3, 30, tzinfo=timezone(-timedelta(hours=4, minutes=30))),
        "micro": datetime(2021, 11, 17, 9, 0, 5, 120, tzinfo=PARIS),
        "zone": datetime(2021, 7, 1, 12, 0, tzinfo=PARIS),
        "naive": datetime(2021, 11, 17, 9, 0),
        "day": date(1900, 1, 1),
        "clock": time(9, 30),
    }
    text = dump_programme({"conference": values})
    assert (
        "fixed = 2021-11-17T09:00:00+01:00\n"
        "utc = 2021-11-17T08:00:00+00:00\n"
        "negative = 2021-11-17T03:30:00-04:30\n"
        "micro = 2021-11-17T09:00:05.000120+01:00\n"
        "zone = 2021-07-01T12:00:00+02:00\n"
        "naive = 2021-11-17T09:00:00\n"
        "day = 1900-01-01\n"
        "clock = 09:30:00\n"
    ) in text
    assert normal(tomllib.loads(text)["conference"]) == normal(values)


def test_the_fall_back_hour_keeps_its_two_offsets() -> None:
    first = datetime(2021, 10, 31, 2, 30, tzinfo=PARIS)
    second = first.replace(fold=1)
    loaded = round_trip({"sessions": [{"start": first}, {"start": second}]})["sessions"]
    assert [s["start"].isoformat() for s in loaded] == [
        "2021-10-31T02:30:00+02:00",
        "2021-10-31T02:30:00+01:00",
    ]
    # The same instants (a ZoneInfo time in the fold never equals one in another zone).
    assert [s["start"].timestamp() for s in loaded] == [first.timestamp(), second.timestamp()]


@pytest.mark.parametrize(
    "value",
    [
        datetime(1900, 6, 1, 12, 0, tzinfo=PARIS),  # Paris mean time, +00:09:21
        datetime(2021, 1, 1, tzinfo=timezone(timedelta(seconds=30))),
        datetime(2021, 1, 1, tzinfo=timezone(timedelta(microseconds=1))),
    ],
)
def test_an_offset_with_seconds_is_refused(value: datetime) -> None:
    with pytest.raises(ValueError, match="offset with seconds"):
        dump_programme({"sessions": [{"start": value}]})


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (2**63, ValueError),
        (-(2**63) - 1, ValueError),
        (time(9, 0, tzinfo=UTC), ValueError),
        ([None], TypeError),
        ({1, 2}, TypeError),
        (b"bytes", TypeError),
        ({1: "a"}, TypeError),
    ],
)
def test_values_toml_cannot_hold_are_refused(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        dump_programme({"conference": {"value": value}})


def test_integers_floats_and_booleans() -> None:
    values = {"big": 2**63 - 1, "small": -(2**63), "t": True, "f": False, "x": 1.5, "e": 1e300}
    assert normal(round_trip({"conference": values})) == normal({"conference": values})
    text = dump_programme({"conference": {"inf": float("inf"), "m": float("-inf")}})
    assert "inf = inf\nm = -inf\n" in text


# ---- any document -------------------------------------------------------------------------

PIECES = ['"', '""', '"""', "\\", "\\\n", "\r\n", "\r", "\n", "\t", "\x00", "\x1f", "\x7f", " "]
texts = st.lists(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(PIECES)), max_size=30
).map("".join)
keys = st.one_of(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), texts)
integers = st.integers(-(2**63), 2**63 - 1)
days = st.dates(date(1900, 1, 1), date(2999, 12, 31))
moments = st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30))
fixed_offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware = st.one_of(
    st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30), timezones=fixed_offsets),
    st.datetimes(datetime(1900, 1, 2), datetime(2999, 12, 30), timezones=st.timezones()).filter(
        lambda moment: not moment.utcoffset() % timedelta(minutes=1)
    ),
)
scalars = st.one_of(texts, integers, st.booleans(), days, moments, aware, st.none())


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


conferences = st.fixed_dictionaries(
    {"name": texts, "timezone": texts, "start_date": days, "end_date": days},
    optional={
        "title": optional(texts),
        "edition": integers,
        "ends_at": st.one_of(moments, aware),
        "online": st.booleans(),
        "languages": st.lists(texts, max_size=5),
        "participation": texts,
        "registration": st.fixed_dictionaries({"opens": days, "closes": days, "where": texts}),
        "organiser": st.fixed_dictionaries({"name": texts}, optional={"email": optional(texts)}),
        "related_events": st.lists(
            st.fixed_dictionaries({"name": texts, "date": days}, optional={"relation": texts}),
            max_size=3,
        ),
        "extra": st.dictionaries(keys, scalars, max_size=3),
    },
)
links = st.fixed_dictionaries({"title": texts, "url": texts})
sessions = st.fixed_dictionaries(
    {"id": texts, "title": texts, "kind": texts, "start": aware, "end": aware},
    optional={
        "label": optional(texts),
        "track": integers,
        "tags": st.lists(texts, max_size=6),
        "persons": st.lists(texts, max_size=6),
        "description": texts,
        "details": texts,
        "agenda": st.lists(texts, max_size=6),
        "links": st.lists(links, max_size=3),
        "url": optional(texts),
        "unknown": scalars,
    },
)
programmes = st.fixed_dictionaries(
    {"conference": conferences, "sessions": st.lists(sessions, max_size=4)}
)


@given(document=programmes, header=optional(texts))
def test_any_programme_round_trips(document: dict[str, Any], header: str | None) -> None:
    assert normal(round_trip(document, header=header)) == normal(document)


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4).filter(lambda items: None not in items),
        st.dictionaries(keys, children, max_size=4),
    ),
    max_leaves=20,
)


@given(document=st.dictionaries(keys, values, max_size=4))
def test_any_document_round_trips(document: dict[str, Any]) -> None:
    assert normal(round_trip(document)) == normal(document)
