"""The one zone resolver: what people type as a time zone, and what octopus makes of it."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from octopus_cli.core.errors import ZoneError
from octopus_cli.core.timezones import resolve_zone

# ---- names that resolve -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("asia/tokyo", "Asia/Tokyo"),
        ("ASIA/TOKYO", "Asia/Tokyo"),
        ("america/new_york", "America/New_York"),
        ("America/St_Johns", "America/St_Johns"),
        ("  Europe/Paris  ", "Europe/Paris"),
        ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_iana_names_in_any_case_resolve_to_their_canonical_spelling(typed: str, zone: str) -> None:
    resolved = resolve_zone(typed)
    assert resolved.name == zone
    assert resolved.note is None


@pytest.mark.parametrize("typed", ["UTC", "utc", "GMT", "gmt", "Z", "z", "Etc/UTC", "Zulu"])
def test_utc_spellings_resolve_to_utc(typed: str) -> None:
    resolved = resolve_zone(typed)
    assert resolved.name == "UTC"
    assert resolved.note is None


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("tokyo", "Asia/Tokyo"),
        ("Tokyo", "Asia/Tokyo"),
        ("new york", "America/New_York"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("sao paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("auckland", "Pacific/Auckland"),
        ("manila", "Asia/Manila"),
        ("kathmandu", "Asia/Kathmandu"),
        ("kiritimati", "Pacific/Kiritimati"),
    ],
)
def test_city_names_resolve(typed: str, zone: str) -> None:
    assert resolve_zone(typed).name == zone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("mumbai", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("new delhi", "Asia/Kolkata"),
        ("beijing", "Asia/Shanghai"),
        ("strasbourg", "Europe/Paris"),
    ],
)
def test_well_known_cities_filed_under_another_name_resolve(typed: str, zone: str) -> None:
    assert resolve_zone(typed).name == zone


def test_local_is_the_system_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    assert resolve_zone("local").name == "Asia/Kathmandu"


# ---- abbreviations ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["CET", "cet"])
def test_cet_resolves_to_paris_with_a_note(typed: str) -> None:
    resolved = resolve_zone(typed)
    assert resolved.name == "Europe/Paris"  # never "CET" as a zone id
    assert resolved.note is not None
    assert "abbreviation" in resolved.note
    assert "Europe/Paris" in resolved.note


def test_ist_is_refused_with_its_candidates() -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone("IST")
    error = caught.value
    assert "IST" in error.message
    assert "ambiguous" in error.message
    assert error.hint is not None
    for candidate in ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"):
        assert candidate in error.hint


def test_pst_is_refused_with_its_candidates() -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone("pst")
    assert "ambiguous" in caught.value.message
    assert caught.value.hint is not None
    assert "America/Los_Angeles" in caught.value.hint


# ---- offsets, unknown names, nothing ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "a_zone_there"),
    [
        ("+05:30", "Asia/Kolkata"),
        ("-03:30", "America/St_Johns"),
        ("+14", "Pacific/Kiritimati"),
        ("UTC+5", "Asia/Karachi"),
        ("GMT-3", "America/Argentina/Buenos_Aires"),
        ("utc+05:45", "Asia/Kathmandu"),
    ],
)
def test_utc_offsets_are_refused_with_zones_at_that_offset(typed: str, a_zone_there: str) -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone(typed)
    assert "offset" in caught.value.message
    assert caught.value.hint is not None
    assert a_zone_there in caught.value.hint  # tells what to type instead


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("Asia/Tokio", "Asia/Tokyo"),
        ("Amerika/New_Yrok", "America/New_York"),
        ("Europe/Pari", "Europe/Paris"),
        ("aukland", "Pacific/Auckland"),
    ],
)
def test_unknown_names_get_suggestions(typed: str, suggestion: str) -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone(typed)
    assert f"unknown time zone '{typed}'" in caught.value.message
    assert caught.value.hint is not None
    assert "Did you mean" in caught.value.hint
    assert suggestion in caught.value.hint


def test_unknown_name_without_anything_close_gets_the_accepted_forms() -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone("xyzzy")
    assert caught.value.hint is not None
    assert "Asia/Tokyo" in caught.value.hint  # "Zone names look like Asia/Tokyo ..."


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_name_is_refused(typed: str) -> None:
    with pytest.raises(ZoneError) as caught:
        resolve_zone(typed)
    assert "empty" in caught.value.message


# ---- on the command line ------------------------------------------------------------------


def test_cli_ambiguous_abbreviation_exits_2_with_candidates(run) -> None:
    result = run("list", "--tz", "IST", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error:" in result.stderr
    assert "IST" in result.stderr
    for candidate in ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"):
        assert candidate in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_cet_works_with_a_note_on_stderr(run) -> None:
    result = run("list", "--tz", "CET", "--format", "json")
    assert result.exit_code == 0
    assert "Note:" in result.stderr
    assert "Europe/Paris" in result.stderr
    document = json.loads(result.stdout)  # the note stays out of the JSON
    assert document["timezone"] == "Europe/Paris"
    ws1 = next(s for s in document["sessions"] if s["id"] == "ws1")
    assert ws1["start"] == "2021-11-17T07:00:00+01:00"


@pytest.mark.parametrize(
    ("typed", "closest"),
    [("Asia/Tokio", "Asia/Tokyo"), ("Amerika/New_Yrok", "America/New_York")],
)
def test_cli_garbage_zone_exits_2_with_closest_names(run, typed: str, closest: str) -> None:
    result = run("list", "--tz", typed)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert typed in result.stderr
    assert closest in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_offset_is_refused(run) -> None:
    result = run("today", "--tz", "+05:30", "--date", "2021-11-17")
    assert result.exit_code == 2
    assert "Error:" in result.stderr
    assert "offset" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_city_name_gives_the_iana_zone_in_json(run) -> None:
    result = run("list", "ws1", "--tz", "são paulo", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["timezone"] == "America/Sao_Paulo"
    # 06:00 UTC; Sao Paulo had no DST in 2021: UTC-3
    assert document["sessions"][0]["start"] == "2021-11-17T03:00:00-03:00"


@pytest.mark.parametrize(
    ("typed", "iana"), [("Japan", "Japan"), ("japan", "Japan"), ("NZ", "NZ"), ("Egypt", "Egypt")]
)
def test_bare_iana_link_names_resolve_like_their_target(typed: str, iana: str) -> None:
    # IANA names (links in the tz database's 'backward' file) that zoneinfo loads. The
    # resolver promises "IANA names in any letter case"; these are not abbreviations, so
    # "unknown time zone 'Japan'" is wrong. Any zone with the same rules will do.
    resolved = resolve_zone(typed)
    moment = datetime(2021, 11, 17, 6)
    assert resolved.zone.utcoffset(moment) == ZoneInfo(iana).utcoffset(moment)
