"""`octopus list`: the JSON contract, CSV, plain text, tables, every filter, and bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_PROGRAMME, Run, write_programme

from octopus_cli.sources.loader import load_programme

ALL_IDS = {
    "plenary",
    *(f"ws{n}" for n in range(1, 15)),
    "lt1",
    "lt2",
    "break1",
    "break2",
    "break3",
    "break4",
    "outlook1",
    "outlook2",
    "outlook3",
    "conclusions",
}
BREAKS = {"break1", "break2", "break3", "break4"}
WORKSHOPS = {f"ws{n}" for n in range(1, 15)}
WEDNESDAY = {"ws1", "ws2", "ws3", "ws4", "ws5", "break1", "ws6", "ws7", "ws8", "lt1", "ws9"}
THURSDAY = {
    "ws10",
    "ws11",
    "ws12",
    "ws13",
    "ws14",
    "lt2",
    "break2",
    "outlook1",
    "break3",
    "outlook2",
    "break4",
    "outlook3",
    "conclusions",
}


def _clean(result: Any) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def list_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("list", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    _clean(result)
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def ids_of(run: Run, *args: str) -> list[str]:
    return [s["id"] for s in list_json(run, *args)["sessions"]]


def assert_usage_error(result: Any, *fragments: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    _clean(result)
    assert result.stderr.startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


# ---- JSON contract ------------------------------------------------------------------------


def test_json_envelope(run: Run) -> None:
    document = list_json(run)
    assert document["version"] == 1
    assert document["programme"] == {"name": "Octopus Conference 2021", "timezone": "Europe/Paris"}
    assert document["timezone"] == "Europe/Paris"
    assert isinstance(document["sessions"], list)


def test_json_sessions_have_every_field_with_aware_times(run: Run) -> None:
    programme = load_programme()
    expected = {s.id: s for s in programme.sessions}
    sessions = list_json(run)["sessions"]
    assert len(sessions) == 25
    assert {s["id"] for s in sessions} == ALL_IDS
    for record in sessions:
        for key in ("id", "title", "kind", "track", "start", "end", "tags", "description"):
            assert key in record, (record["id"], key)
        assert isinstance(record["tags"], list)
        assert isinstance(record["track"], int)
        start = datetime.fromisoformat(record["start"])
        end = datetime.fromisoformat(record["end"])
        assert start.tzinfo is not None and end.tzinfo is not None
        assert start == expected[record["id"]].start
        assert end == expected[record["id"]].end
        assert record["kind"] == expected[record["id"]].kind
        assert record["title"] == expected[record["id"]].title


def test_json_ws1_is_seven_cet(run: Run) -> None:
    ws1 = next(s for s in list_json(run)["sessions"] if s["id"] == "ws1")
    assert ws1["start"] == "2021-11-17T07:00:00+01:00"
    assert ws1["end"] == "2021-11-17T08:50:00+01:00"
    assert ws1["kind"] == "workshop"
    assert ws1["track"] == 1
    assert "asia" in ws1["tags"]


def test_json_in_another_zone_keeps_the_instants(run: Run) -> None:
    document = list_json(run, "--tz", "Asia/Manila")
    assert document["timezone"] == "Asia/Manila"
    assert document["programme"]["timezone"] == "Europe/Paris"
    ws1 = next(s for s in document["sessions"] if s["id"] == "ws1")
    assert ws1["start"] == "2021-11-17T14:00:00+08:00"
    programme = load_programme()
    for record in document["sessions"]:
        start = datetime.fromisoformat(record["start"])
        assert start == programme.get(record["id"]).start  # type: ignore[union-attr]


def test_json_no_breaks_has_21_sessions(run: Run) -> None:
    sessions = list_json(run, "--no-breaks")["sessions"]
    assert len(sessions) == 21
    assert {s["id"] for s in sessions} == ALL_IDS - BREAKS


# ---- CSV ----------------------------------------------------------------------------------


def test_csv_header_and_rows(run: Run) -> None:
    result = run("list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "id",
        "label",
        "title",
        "kind",
        "track",
        "start",
        "end",
        "duration_minutes",
        "tags",
        "description",
    ]
    assert [row[0] for row in rows[1:]] == ids_of(run)
    ws1 = next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == "ws1")
    assert ws1["start"] == "2021-11-17T07:00:00+01:00"
    assert ws1["duration_minutes"] == "110"
    assert ws1["tags"].split(";") == ["regional", "asia", "strategies", "capacity-building"]


def test_csv_formula_cells_are_neutralised(run: Run, tmp_path: Path) -> None:
    text = MINIMAL_PROGRAMME.replace('title = "First"', 'title = "=HYPERLINK(\\"x\\")"')
    path = write_programme(tmp_path, text)
    result = run("--programme", str(path), "list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    a1 = next(row for row in rows if row["id"] == "a1")
    assert a1["title"] == '\'=HYPERLINK("x")'


# ---- plain --------------------------------------------------------------------------------


def test_plain_is_the_default_off_a_terminal(run: Run) -> None:
    result = run("list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Tue 16 Nov 2021 (Europe/Paris)" in lines
    assert "Wed 17 Nov 2021 (Europe/Paris)" in lines
    assert "Thu 18 Nov 2021 (Europe/Paris)" in lines
    assert "07:00–08:50  ws1  WS 1: Regional Workshop for Asia" in lines
    assert "07:00–08:50  ws10  Workshop 10: Regional Workshop for Pacific" in lines
    # Asia's workshop sits under Wednesday, Pacific's under Thursday
    wed, thu = (
        lines.index("Wed 17 Nov 2021 (Europe/Paris)"),
        lines.index("Thu 18 Nov 2021 (Europe/Paris)"),
    )
    assert wed < lines.index("07:00–08:50  ws1  WS 1: Regional Workshop for Asia") < thu
    assert "\x1b" not in result.stdout  # no colour codes in a pipe


def test_plain_format_explicit_equals_default(run: Run) -> None:
    assert run("list", "--format", "plain").stdout == run("list").stdout


# ---- table --------------------------------------------------------------------------------


def test_table_has_headings_ids_and_zone_column(run: Run) -> None:
    result = run("list", "--format", "table")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in ("Tue 16 Nov 2021", "Wed 17 Nov 2021", "Thu 18 Nov 2021"):
        assert heading in out
    assert "Paris (conf.)" in out  # the city of the conference's zone, marked
    assert "Tue 16 Nov 2021  Europe/Paris\n" in out  # its IANA name in the heading
    for session_id in ALL_IDS:
        assert f" {session_id} " in out, session_id


def test_table_puts_parallel_sessions_in_one_slot(run: Run) -> None:
    lines = run("list", "--format", "table").stdout.splitlines()
    ws5 = next(i for i, line in enumerate(lines) if " ws5 " in line)
    ws6 = next(i for i, line in enumerate(lines) if " ws6 " in line)
    ws7 = next(i for i, line in enumerate(lines) if " ws7 " in line)
    assert lines[ws6].lstrip().startswith("14:00–15:50")
    assert lines[ws7].lstrip().startswith("14:00–15:50")
    assert ws5 < ws6 < ws7
    # nothing separates ws6 from ws7 (same slot); a section gap separates earlier slots
    assert all(line.strip() for line in lines[ws6:ws7]), lines[ws6:ws7]
    assert any(not line.strip() for line in lines[ws5:ws6]), lines[ws5:ws6]


# ---- filters ------------------------------------------------------------------------------


def test_day_number(run: Run) -> None:
    assert set(ids_of(run, "--day", "2")) == WEDNESDAY


def test_day_weekday_name(run: Run) -> None:
    assert set(ids_of(run, "--day", "wed")) == WEDNESDAY
    assert set(ids_of(run, "--day", "Thursday")) == THURSDAY


def test_day_date(run: Run) -> None:
    assert set(ids_of(run, "--day", "2021-11-18")) == THURSDAY


def test_day_one_is_the_plenary(run: Run) -> None:
    assert ids_of(run, "--day", "1") == ["plenary"]


def test_kind_workshop(run: Run) -> None:
    found = ids_of(run, "--kind", "workshop")
    assert len(found) == 14
    assert set(found) == WORKSHOPS


def test_kind_break(run: Run) -> None:
    assert set(ids_of(run, "--kind", "break")) == BREAKS
    # asking for breaks wins over --no-breaks
    assert set(ids_of(run, "--kind", "break", "--no-breaks")) == BREAKS


def test_track_two(run: Run) -> None:
    assert ids_of(run, "--track", "2") == ["ws3", "ws5", "ws7", "lt1", "ws12", "ws14", "lt2"]


def test_tag_asia(run: Run) -> None:
    assert ids_of(run, "--tag", "asia") == ["ws1"]


def test_tag_ransomware(run: Run) -> None:
    assert ids_of(run, "--tag", "ransomware") == ["ws4", "ws7"]


def test_search_is_case_insensitive(run: Run) -> None:
    assert ids_of(run, "--search", "budapest") == ["plenary"]
    assert ids_of(run, "--search", "BUDAPEST") == ["plenary"]


def test_search_reads_the_agenda(run: Run) -> None:
    # "senior officials" appears only in the plenary's agenda items
    assert ids_of(run, "--search", "senior officials") == ["plenary"]


def test_search_reads_the_description(run: Run) -> None:
    assert ids_of(run, "--search", "who are the victims") == ["ws12", "ws14"]


def test_id(run: Run) -> None:
    assert ids_of(run, "ws6") == ["ws6"]


def test_label_with_space(run: Run) -> None:
    assert ids_of(run, "WS 6") == ["ws6"]


def test_long_label(run: Run) -> None:
    assert ids_of(run, "Workshop 10") == ["ws10"]


def test_several_ids_in_programme_order(run: Run) -> None:
    assert ids_of(run, "ws9", "plenary") == ["plenary", "ws9"]


def test_pattern_ws1_star(run: Run) -> None:
    assert ids_of(run, "ws1*") == ["ws1", "ws10", "ws11", "ws12", "ws13", "ws14"]


def test_pattern_outlook_star(run: Run) -> None:
    assert ids_of(run, "outlook*") == ["outlook1", "outlook2", "outlook3"]


def test_options_combine_with_and(run: Run) -> None:
    assert ids_of(run, "--day", "2", "--track", "2") == ["ws3", "ws5", "ws7", "lt1"]
    assert ids_of(run, "--kind", "workshop", "--tag", "regional", "--day", "thu") == ["ws10"]
    assert ids_of(run, "ws1*", "--track", "2") == ["ws12", "ws14"]


def test_values_of_one_option_combine_with_or(run: Run) -> None:
    found = ids_of(run, "--kind", "outlook", "--kind", "conclusions")
    assert found == ["outlook1", "outlook2", "outlook3", "conclusions"]
    assert set(ids_of(run, "--tag", "asia", "--tag", "pacific")) == {"ws1", "ws10"}
    assert ids_of(run, "--day", "1", "--day", "3", "--kind", "plenary") == ["plenary"]


def test_no_breaks_and_include_breaks(run: Run) -> None:
    assert set(ids_of(run, "--no-breaks")) == ALL_IDS - BREAKS
    assert set(ids_of(run, "--include-breaks")) == ALL_IDS
    assert set(ids_of(run)) == ALL_IDS
    assert set(ids_of(run, "--day", "3", "--no-breaks")) == THURSDAY - BREAKS


def test_filters_apply_to_plain_output_too(run: Run) -> None:
    result = run("list", "--track", "2", "--day", "3")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "Thu 18 Nov 2021 (Europe/Paris)"
    assert [line.split()[1] for line in lines[1:]] == ["ws12", "ws14", "lt2"]


# ---- bad input ----------------------------------------------------------------------------


def test_unknown_id_suggests_the_nearest(run: Run) -> None:
    result = run("list", "ws66")
    assert_usage_error(result, "ws6")
    assert result.stderr.startswith("Error: unknown session 'ws66'")
    assert "did you mean ws6" in result.stderr.casefold()
    assert result.stdout == ""


def test_pattern_matching_nothing(run: Run) -> None:
    assert_usage_error(run("list", "zz*"), "no session matches", "zz*")


@pytest.mark.parametrize("fmt", ["json", "csv", "plain"])
def test_unknown_id_fails_in_every_format(run: Run, fmt: str) -> None:
    result = run("list", "nosuch", "--format", fmt)
    assert_usage_error(result, "unknown session 'nosuch'")
    assert result.stdout == ""


def test_unknown_kind_lists_the_kinds(run: Run) -> None:
    result = run("list", "--kind", "nonsense")
    assert_usage_error(result, "nonsense", "workshop", "break", "lightning-talks")


def test_unknown_format_lists_the_formats(run: Run) -> None:
    result = run("list", "--format", "xml")
    assert_usage_error(result, "xml", "table", "json", "csv", "plain")


def test_day_beyond_the_conference(run: Run) -> None:
    assert_usage_error(run("list", "--day", "4"), "no day 4")


def test_day_zero(run: Run) -> None:
    assert_usage_error(run("list", "--day", "0"), "no day 0")


def test_weekday_not_in_the_conference(run: Run) -> None:
    result = run("list", "--day", "saturday")
    assert_usage_error(result, "no Saturday in Europe/Paris", "Tue 16 – Thu 18 Nov")


def test_date_not_in_the_conference_is_empty_not_an_error(run: Run) -> None:
    # a real date outside the conference is a valid question with an empty answer
    assert ids_of(run, "--day", "2021-12-01") == []


def test_unknown_tag(run: Run) -> None:
    assert_usage_error(run("list", "--tag", "nosuchtag"), "nosuchtag")


def test_misspelt_tag_gets_a_suggestion(run: Run) -> None:
    assert_usage_error(run("list", "--tag", "ransomwar"), "ransomware")


def test_unknown_track(run: Run) -> None:
    assert_usage_error(run("list", "--track", "9"), "track 9")


def test_unknown_option(run: Run) -> None:
    assert_usage_error(run("list", "--bogus"), "No such option", "--bogus")


def test_misspelt_command_suggests_list(run: Run) -> None:
    result = run("lst")
    assert_usage_error(result, "lst", "'list'")


# ---- hostile data -------------------------------------------------------------------------

HOSTILE = MINIMAL_PROGRAMME.replace(
    'title = "First"', 'title = "[bold red]x[/] \\u001b[31mred\\u001b[0m"'
)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_programme(tmp_path, HOSTILE)


def test_markup_in_data_is_shown_as_text_in_a_table(run: Run, hostile: Path) -> None:
    result = run("--programme", str(hostile), "list", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "[bold red]x[/]" in result.stdout
    assert "\x1b" not in result.stdout


def test_escape_sequences_in_data_are_inert_in_plain(run: Run, hostile: Path) -> None:
    result = run("--programme", str(hostile), "list", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert "[bold red]x[/]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\x1b[31mred" in result.stdout  # made visible, not dropped


def test_escape_sequences_survive_in_json(run: Run, hostile: Path) -> None:
    # JSON is data for programs: the title is kept exactly, escaped by the JSON encoder
    result = run("--programme", str(hostile), "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    titles = {s["id"]: s["title"] for s in json.loads(result.stdout)["sessions"]}
    assert titles["a1"] == "[bold red]x[/] \x1b[31mred\x1b[0m"
