"""`octopus config`: the default display zone, its precedence, and broken config files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest


def _config(home: Path) -> Path:
    return home / "config.toml"


def _zone_and_ws1(result) -> tuple[str, str]:
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    ws1 = next(s for s in document["sessions"] if s["id"] == "ws1")
    return document["timezone"], ws1["start"]


def test_set_tz_stores_the_iana_name_and_commands_use_it(run, home) -> None:
    result = run("config", "set", "tz", "tokyo")
    assert result.exit_code == 0, result.stderr
    assert "Asia/Tokyo" in result.stderr
    assert tomllib.loads(_config(home).read_text(encoding="utf-8")) == {"tz": "Asia/Tokyo"}

    shown = run("config", "show")
    assert shown.exit_code == 0, shown.stderr
    assert str(_config(home)) in shown.stdout
    assert "tz = Asia/Tokyo" in shown.stdout

    listed = run("list", "--format", "json")
    assert _zone_and_ws1(listed) == ("Asia/Tokyo", "2021-11-17T15:00:00+09:00")


def test_set_tz_with_accents_and_spaces(run, home) -> None:
    result = run("config", "set", "tz", "São Paulo")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(_config(home).read_text(encoding="utf-8")) == {"tz": "America/Sao_Paulo"}


def test_set_tz_creates_the_home_directory(run, home) -> None:
    nested = home / "not" / "yet"
    result = run("config", "set", "tz", "UTC", env={"OCTOPUS_HOME": str(nested)})
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads((nested / "config.toml").read_text(encoding="utf-8")) == {"tz": "UTC"}


def test_show_without_a_file(run, home) -> None:
    result = run("config", "show")
    assert result.exit_code == 0, result.stderr
    assert "not created yet" in result.stdout
    assert "tz = (not set)" in result.stdout
    assert not _config(home).exists()


def test_show_mentions_an_octopus_tz_override(run) -> None:
    assert run("config", "set", "tz", "Asia/Tokyo").exit_code == 0
    result = run("config", "show", env={"OCTOPUS_TZ": "Africa/Nairobi"})
    assert result.exit_code == 0, result.stderr
    assert "tz = Asia/Tokyo" in result.stdout
    assert "OCTOPUS_TZ=Africa/Nairobi" in result.stdout


# ---- precedence: --tz > OCTOPUS_TZ > config > conference zone -------------------------------


def test_without_any_setting_the_conference_zone_is_used(run) -> None:
    assert _zone_and_ws1(run("list", "--format", "json")) == (
        "Europe/Paris",
        "2021-11-17T07:00:00+01:00",
    )


def test_precedence(run) -> None:
    assert run("config", "set", "tz", "Asia/Tokyo").exit_code == 0
    env = {"OCTOPUS_TZ": "America/Los_Angeles"}

    assert _zone_and_ws1(run("list", "--format", "json"))[0] == "Asia/Tokyo"
    assert _zone_and_ws1(run("list", "--format", "json", env=env)) == (
        "America/Los_Angeles",
        "2021-11-16T22:00:00-08:00",
    )
    assert _zone_and_ws1(run("list", "--format", "json", "--tz", "UTC", env=env)) == (
        "UTC",
        "2021-11-17T06:00:00+00:00",
    )
    assert _zone_and_ws1(run("list", "--format", "json", "--tz", "UTC"))[0] == "UTC"


def test_the_configured_zone_decides_todays_day(run) -> None:
    assert run("config", "set", "tz", "America/Los_Angeles").exit_code == 0
    result = run("today", "--date", "2021-11-16", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {s["id"] for s in json.loads(result.stdout)["sessions"]} == {"plenary", "ws1"}


def test_unset_tz_goes_back_to_the_conference_zone(run, home) -> None:
    assert run("config", "set", "tz", "Asia/Tokyo").exit_code == 0
    result = run("config", "unset", "tz")
    assert result.exit_code == 0, result.stderr
    assert "Removed" in result.stderr
    assert tomllib.loads(_config(home).read_text(encoding="utf-8")) == {}
    assert _zone_and_ws1(run("list", "--format", "json"))[0] == "Europe/Paris"
    assert "tz = (not set)" in run("config", "show").stdout

    again = run("config", "unset", "tz")
    assert again.exit_code == 0, again.stderr
    assert "Not set" in again.stderr


# ---- refused values ---------------------------------------------------------------------------


def test_set_unknown_zone_is_refused_and_no_file_is_created(run, home) -> None:
    result = run("config", "set", "tz", "Nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "Nowhere" in result.stderr
    assert "Traceback" not in result.stderr
    assert not _config(home).exists()


def test_set_unknown_zone_leaves_the_file_unchanged(run, home) -> None:
    assert run("config", "set", "tz", "Asia/Tokyo").exit_code == 0
    before = _config(home).read_bytes()
    for value in ("Nowhere", "IST", "+05:30", ""):
        result = run("config", "set", "tz", value)
        assert result.exit_code == 2, value
        assert "Error:" in result.stderr
        assert _config(home).read_bytes() == before


def test_set_unknown_setting(run, home) -> None:
    result = run("config", "set", "colour", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "unknown setting 'colour'" in result.stderr
    assert "tz" in result.stderr  # the known settings
    assert "Traceback" not in result.stderr
    assert not _config(home).exists()


def test_unset_unknown_setting(run) -> None:
    result = run("config", "unset", "colour")
    assert result.exit_code == 2
    assert "unknown setting 'colour'" in result.stderr


def test_set_cet_stores_the_zone_not_the_abbreviation(run, home) -> None:
    result = run("config", "set", "tz", "CET")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(_config(home).read_text(encoding="utf-8")) == {"tz": "Europe/Paris"}


# ---- broken config files ---------------------------------------------------------------------

BROKEN = {
    "invalid TOML": (b'tz = "Asia/Tokyo\n', "not valid TOML"),
    "wrong type": (b"tz = 5\n", "'tz' must be a string"),
    "unknown key": (b'tz = "Asia/Tokyo"\ncolour = "x"\n', "unknown setting 'colour'"),
    "not UTF-8": (b'tz = "\xff\xfe"\n', "not UTF-8"),
    "unknown zone": (b'tz = "Nowhere/Land"\n', "Nowhere/Land"),
}


@pytest.mark.parametrize("case", list(BROKEN))
@pytest.mark.parametrize(
    "args",
    [
        ("list", "--format", "json"),
        ("today", "--date", "2021-11-17"),
        ("now", "--at", "2021-11-17T14:30"),
    ],
    ids=["list", "today", "now"],
)
def test_a_broken_config_file_is_reported_by_name(run, home, case, args) -> None:
    content, message = BROKEN[case]
    _config(home).write_bytes(content)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert str(_config(home)) in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", [c for c in BROKEN if c != "unknown zone"])
def test_config_show_reports_a_broken_file(run, home, case) -> None:
    content, message = BROKEN[case]
    _config(home).write_bytes(content)
    result = run("config", "show")
    assert result.exit_code == 2
    assert str(_config(home)) in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", [c for c in BROKEN if c != "unknown zone"])
@pytest.mark.parametrize("args", [("set", "tz", "UTC"), ("unset", "tz")], ids=["set", "unset"])
def test_a_broken_config_file_is_never_overwritten(run, home, case, args) -> None:
    content, _ = BROKEN[case]
    _config(home).write_bytes(content)
    result = run("config", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert str(_config(home)) in result.stderr
    assert "Traceback" not in result.stderr
    assert _config(home).read_bytes() == content
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]  # no stray temp file


def test_an_unknown_zone_in_the_file_can_be_replaced(run, home) -> None:
    # The file is valid TOML with a bad value: `config set` may fix it.
    _config(home).write_bytes(b'tz = "Nowhere/Land"\n')
    result = run("config", "set", "tz", "UTC")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads(_config(home).read_text(encoding="utf-8")) == {"tz": "UTC"}
