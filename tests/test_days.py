"""Days (issue 14): one `--day` option (also `-d` and `--date`) on `list`, `today`, `grid` and
`export`, and one rule for what a day is: the VIEWER's local calendar date, in the first zone.

Facts about the bundled programme used below, worked out by hand (Europe/Paris is UTC+1 in
November 2021; Asia/Manila UTC+8, Pacific/Auckland UTC+13, America/Los_Angeles UTC-8):
  16 Nov Paris  plenary 13:00-18:00      = Manila 20:00 16 Nov - 01:00 17 Nov
                                         = Auckland 01:00-06:00 17 Nov
                                         = Los Angeles 04:00-09:00 16 Nov
  17 Nov Paris  ws1 07:00 ... ws9 18:00-19:50 = Manila 14:00 17 Nov ... 02:50 18 Nov
                                              = Los Angeles 22:00 16 Nov ... 10:50 17 Nov
  18 Nov Paris  ws10 07:00 ... outlook3 16:30-17:15, conclusions 17:15-18:00
                = Manila ... 23:30 18 Nov - 01:00 19 Nov (a Friday)
                = Auckland ... 06:00 19 Nov
So the viewer's dates with sessions (what day numbers count) are Tue 16 - Thu 18 in Paris and
Los Angeles, Tue 16 - Fri 19 in Manila and Wed 17 - Fri 19 in Auckland.
"""

from __future__ import annotations

import json
import re
import shlex
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO, Run, write_programme
from rich.cells import cell_len

from octopus_cli.core.errors import InputError
from octopus_cli.core.filters import describe_days, programme_days, resolve_day
from octopus_cli.sources.loader import load_programme

PROGRAMME = load_programme()
MANILA, AUCKLAND = ZoneInfo("Asia/Manila"), ZoneInfo("Pacific/Auckland")
GRID_LINE = tuple("┌├│└")  # how each line of a drawn grid starts
TODAY = date(2021, 11, 17)  # the clock, where a test does not care

WEDNESDAY_IN_PARIS = {
    "ws1", "ws2", "ws3", "ws4", "ws5", "break1", "ws6", "ws7", "ws8", "lt1", "ws9",
}  # fmt: skip


def ids(result: object) -> list[str]:
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    document = json.loads(result.stdout)  # type: ignore[attr-defined]
    return [session["id"] for session in document["sessions"]]


def usage_error(result: object) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    return result.stderr  # type: ignore[attr-defined]


# ---- one option, declared once, on every command that selects sessions by day -------------


@pytest.mark.parametrize("command", ["list", "today", "grid", "export"])
def test_one_option_with_three_names_and_one_help(command: str) -> None:
    import typer.main

    from octopus_cli.cli.app import app

    group = typer.main.get_command(app)
    (day,) = [p for p in group.commands[command].params if p.name == "day"]  # type: ignore[attr-defined]
    assert day.opts == ["--day", "-d", "--date"]
    assert day.multiple
    assert "See 'Days' in docs/guides/time-zone.md" in (day.help or "")


def test_the_help_of_every_command_shows_the_option_the_same_way(run: Run) -> None:
    shown = {}
    for command in ("list", "today", "grid", "export"):
        text = run(command, "--help").stdout
        start = text.index("-d, --day, --date DAY")
        shown[command] = " ".join(text[start:].split("\n  -", 1)[0].split())
    assert len(set(shown.values())) == 1, shown
    assert "See 'Days' in docs/guides/time-zone.md" in shown["list"]


# Every form, on every command, with every name: all mean Wednesday 17 November in Paris.
FORMS = [
    ("--day", "2", {}),
    ("-d", "wed", {}),
    ("--date", "Wednesday", {}),
    ("--day", "2021-11-17", {}),
    ("--date", "17 Nov 2021", {}),
    ("-d", "2021/11/17", {}),
    ("--day", "today", {"OCTOPUS_NOW": "2021-11-17T10:00"}),
    ("--date", "tomorrow", {"OCTOPUS_NOW": "2021-11-16T23:30"}),
    ("--day", "yesterday", {"OCTOPUS_NOW": "2021-11-18T00:10"}),
]


@pytest.mark.parametrize(("name", "value", "env"), FORMS)
def test_every_form_means_the_same_day_on_every_command(
    run: Run, name: str, value: str, env: dict[str, str]
) -> None:
    listed = ids(run("list", name, value, "-f", "json", env=env))
    assert set(listed) == WEDNESDAY_IN_PARIS
    assert ids(run("today", name, value, "-f", "json", env=env)) == listed
    exported = ids(run("export", name, value, "-f", "json", "-o", "-", env=env))
    assert exported == [i for i in listed if not i.startswith("break")]  # export: no breaks
    grid = run("grid", name, value, "--width", "120", env=env)
    assert grid.exit_code == 0, grid.stderr
    headings = [line for line in grid.stdout.splitlines() if re.match(r"\w{3} \d+ Nov", line)]
    assert [h.split("  ")[0] for h in headings] == ["Wed 17 Nov 2021"]


# ---- the rule: the viewer's dates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [
        ("Europe/Paris", date(2021, 11, 16), date(2021, 11, 18)),
        ("America/Los_Angeles", date(2021, 11, 16), date(2021, 11, 18)),
        ("America/Bogota", date(2021, 11, 16), date(2021, 11, 18)),
        ("Asia/Manila", date(2021, 11, 16), date(2021, 11, 19)),
        ("Asia/Tokyo", date(2021, 11, 16), date(2021, 11, 19)),
        ("Australia/Sydney", date(2021, 11, 16), date(2021, 11, 19)),
        ("Pacific/Auckland", date(2021, 11, 17), date(2021, 11, 19)),
        ("Pacific/Kiritimati", date(2021, 11, 17), date(2021, 11, 19)),  # UTC+14
        ("Pacific/Pago_Pago", date(2021, 11, 16), date(2021, 11, 18)),  # UTC-11
    ],
)
def test_day_numbers_count_the_viewers_dates_with_sessions(
    zone: str, first: date, last: date
) -> None:
    expected = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert programme_days(PROGRAMME, ZoneInfo(zone)) == expected
    for number, day in enumerate(expected, start=1):
        assert resolve_day(PROGRAMME, str(number), ZoneInfo(zone), TODAY) == day
        assert resolve_day(PROGRAMME, f"{day:%a}", ZoneInfo(zone), TODAY) == day
        assert resolve_day(PROGRAMME, f"{day:%A}".upper(), ZoneInfo(zone), TODAY) == day
        assert resolve_day(PROGRAMME, day.isoformat(), ZoneInfo(zone), TODAY) == day


@pytest.mark.parametrize(
    "zone", ["Asia/Kathmandu", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "UTC"]
)
def test_day_numbers_match_a_minute_by_minute_count(zone: str) -> None:
    """The dates with sessions, found the slow way: every 5 minutes of every session."""
    tz = ZoneInfo(zone)
    seen = set()
    for session in PROGRAMME.sessions:
        moment = session.start
        while moment < session.end:
            seen.add(moment.astimezone(tz).date())
            moment += timedelta(minutes=5)
    assert programme_days(PROGRAMME, tz) == sorted(seen)


def test_a_date_is_itself_even_without_sessions() -> None:
    assert resolve_day(PROGRAMME, "2021-12-01", MANILA, TODAY) == date(2021, 12, 1)
    assert resolve_day(PROGRAMME, "1 Dec 2021", AUCKLAND, TODAY) == date(2021, 12, 1)


def test_relative_days_count_from_the_viewers_today() -> None:
    assert resolve_day(PROGRAMME, "Tomorrow", MANILA, TODAY) == date(2021, 11, 18)
    assert resolve_day(PROGRAMME, " yesterday ", MANILA, TODAY) == date(2021, 11, 16)


def test_today_is_the_date_in_the_viewers_zone(run: Run) -> None:
    # 20:00 in Paris on the 17th is 03:00 on the 18th in Manila.
    env = {"OCTOPUS_NOW": "2021-11-17T20:00+01:00"}
    plain = run(
        "list", "--day", "today", "--tz", "Asia/Manila", "--kind", "lightning-talks", env=env
    )
    assert plain.stdout.splitlines() == [
        "Thu 18 Nov 2021 (Asia/Manila | Europe/Paris)",
        "23:00 -1d–00:50 | 16:00 -1d–17:50 -1d  lt1  Lightning talks I",
        "20:00–20:45 | 13:00–13:45  lt2  Lightning talks II",
    ]


def test_friday_in_manila_is_the_last_paris_evening(run: Run) -> None:
    result = run("list", "--day", "fri", "--tz", "Asia/Manila", "--no-breaks")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Fri 19 Nov 2021 (Asia/Manila | Europe/Paris)",
        "23:30 -1d–00:15 | 16:30 -1d–17:15 -1d  outlook3  Outlook 3: Cooperation against "
        "cybercrime in 2022",
        "00:15–01:00 | 17:15 -1d–18:00 -1d  conclusions  Conclusions – Octopus take-aways",
    ]
    same = ["--tz", "Asia/Manila", "-f", "json"]
    for day in ("4", "2021-11-19", "friday"):
        assert ids(run("list", "--day", day, *same)) == ["outlook3", "conclusions"]
        assert ids(run("today", "--date", day, *same)) == ["outlook3", "conclusions"]
        assert ids(run("export", "-d", day, *same, "-o", "-")) == ["outlook3", "conclusions"]
    grid = run("grid", "--day", "fri", "--tz", "Asia/Manila", "--width", "100")
    assert grid.stdout.startswith("Fri 19 Nov 2021  Asia/Manila · Europe/Paris\n")
    assert "outlook3" in grid.stdout and "conclusions" in grid.stdout
    assert "ws10" not in grid.stdout


def test_day_one_in_auckland_is_the_day_the_conference_opened_there(run: Run) -> None:
    result = run("today", "--day", "1", "--tz", "Pacific/Auckland")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Wed 17 Nov 2021 (Pacific/Auckland | Europe/Paris)",
        "01:00–06:00 | 13:00 -1d–18:00 -1d  plenary  Plenary session: Special event: 20th "
        "anniversary of the Budapest Convention on Cybercrime & 2nd Additional Protocol on "
        "enhanced cooperation and disclosure of electronic evidence",
        "19:00–20:50 | 07:00–08:50  ws1  WS 1: Regional Workshop for Asia",
        "21:00–22:50 | 09:00–10:50  ws2  WS 2: COVID-19 and cybercrime",
        "21:00–22:50 | 09:00–10:50  ws3  WS 3: Regional Workshop for Africa",
        "23:00–00:50 +1d | 11:00–12:50  ws4  WS 4: Crime and crypto currencies",
        "23:00–00:50 +1d | 11:00–12:50  ws5  WS 5: The global state of cybercrime legislation",
    ]
    assert run("list", "--day", "1", "--tz", "Pacific/Auckland").stdout == result.stdout
    assert run("list", "--day", "wed", "--tz", "Pacific/Auckland").stdout == result.stdout


def test_day_one_in_los_angeles_holds_the_asia_workshop_of_the_evening(run: Run) -> None:
    result = run("list", "--day", "1", "--tz", "America/Los_Angeles")
    assert result.stdout.splitlines() == [
        "Tue 16 Nov 2021 (America/Los_Angeles | Europe/Paris)",
        "04:00–09:00 | 13:00–18:00  plenary  Plenary session: Special event: 20th anniversary "
        "of the Budapest Convention on Cybercrime & 2nd Additional Protocol on enhanced "
        "cooperation and disclosure of electronic evidence",
        "22:00–23:50 | 07:00 +1d–08:50 +1d  ws1  WS 1: Regional Workshop for Asia",
    ]
    la = ("--tz", "America/Los_Angeles", "-f", "json")
    # 07:00 in Paris on the 18th is 22:00 on the 17th in Los Angeles: Wednesday's last.
    assert ids(run("list", "--day", "wed", *la))[-1] == "ws10"
    thursday = ids(run("list", "--day", "3", *la))
    assert (thursday[0], thursday[-1]) == ("ws11", "conclusions")


# ---- errors name the days that exist in the viewer's zone ---------------------------------


MANILA_DAYS = "In Asia/Manila the conference runs on Tue 16 – Fri 19 Nov; day numbers 1–4.\n"
AUCKLAND_DAYS = "In Pacific/Auckland the conference runs on Wed 17 – Fri 19 Nov; day numbers 1–3.\n"
EVERY_FORM = (
    "Use a day number (1), a weekday (wed), an ISO date (2021-11-17), a written date "
    "(17 Nov 2021), today, yesterday or tomorrow.\n"
)


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ("list", "--day", "5", "--tz", "Asia/Manila"),
            "Error: --day: there is no day 5 in Asia/Manila\n" + MANILA_DAYS,
        ),
        (
            ("grid", "--day", "4", "--tz", "Pacific/Auckland"),
            "Error: --day: there is no day 4 in Pacific/Auckland\n" + AUCKLAND_DAYS,
        ),
        # Tuesday is the first day in Paris, but the conference opened on a Wednesday there.
        (
            ("today", "--day", "tue", "--tz", "Pacific/Auckland"),
            "Error: --day: the conference has no Tuesday in Pacific/Auckland\n" + AUCKLAND_DAYS,
        ),
        (
            ("export", "--date", "saturday", "--tz", "Asia/Manila", "-o", "-"),
            "Error: --day: the conference has no Saturday in Asia/Manila\n" + MANILA_DAYS,
        ),
        (("list", "--day", "someday"), "Error: --day: not a date: 'someday'\n" + EVERY_FORM),
        (
            ("today", "--day", "wed", "--date", "17 Nov 2021"),
            "Error: --day: 'today' shows one day, and 2 were given (wed, 17 Nov 2021)\n"
            "Give --day once; for several days: octopus list --day wed --day '17 Nov 2021'\n",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_a_day_that_is_not_there_is_refused_naming_the_viewers_days(
    run: Run, args: tuple[str, ...], stderr: str
) -> None:
    assert usage_error(run(*args)) == stderr


def test_a_weekday_that_names_two_dates_asks_for_the_date(run: Run, tmp_path: Path) -> None:
    sessions = "".join(
        f'[[sessions]]\nid = "s{n}"\ntitle = "S{n}"\nkind = "workshop"\ntrack = 1\n'
        f"start = 2021-11-{day}T09:00:00\nend = 2021-11-{day}T10:00:00\n\n"
        for n, day in enumerate(("15", "16", "22"))
    )
    path = write_programme(
        tmp_path,
        '[conference]\nname = "Long"\ntimezone = "Europe/Paris"\n'
        "start_date = 2021-11-15\nend_date = 2021-11-22\n\n" + sessions,
    )
    result = run("--programme", str(path), "list", "--day", "mon")
    assert usage_error(result) == (
        "Error: --day: the conference has 2 Mondays in Europe/Paris: Mon 15 Nov, Mon 22 Nov\n"
        "Give the date (2021-11-15) or the day number.\n"
    )
    # Day numbers skip the dates without sessions.
    assert ids(run("--programme", str(path), "list", "--day", "3", "-f", "json")) == ["s2"]
    assert "day numbers 1–3" in usage_error(run("--programme", str(path), "list", "--day", "4"))


def test_the_days_are_described_in_any_arrangement() -> None:
    paris = ZoneInfo("Europe/Paris")
    one, two = date(2021, 12, 31), date(2022, 1, 1)
    assert describe_days([one, two], paris) == (
        "In Europe/Paris the conference runs on Fri 31 Dec 2021 – Sat 1 Jan 2022; day numbers 1–2."
    )
    assert describe_days([date(2021, 11, 30), date(2021, 12, 1)], paris).endswith(
        "runs on Tue 30 Nov – Wed 1 Dec; day numbers 1–2."
    )
    assert describe_days([one], paris).endswith("runs on Fri 31 Dec; day number 1.")
    with pytest.raises(InputError, match="no day 0"):
        resolve_day(PROGRAMME, "0", paris, TODAY)


# ---- several days: each under its own heading, a session crossing midnight under both -----


def test_several_days_show_each_under_its_heading(run: Run) -> None:
    args = (
        "list",
        "--day",
        "thu",
        "--day",
        "wed",
        "--tz",
        "Asia/Manila",
        "--kind",
        "lightning-talks",
    )
    assert run(*args).stdout.splitlines() == [
        "Wed 17 Nov 2021 (Asia/Manila | Europe/Paris)",
        "23:00–00:50 +1d | 16:00–17:50  lt1  Lightning talks I",
        "",
        "Thu 18 Nov 2021 (Asia/Manila | Europe/Paris)",
        "23:00 -1d–00:50 | 16:00 -1d–17:50 -1d  lt1  Lightning talks I",
        "20:00–20:45 | 13:00–13:45  lt2  Lightning talks II",
    ]
    assert ids(run(*args, "-f", "json")) == ["lt1", "lt2"]  # data: each session once


def test_a_day_named_twice_is_shown_once(run: Run) -> None:
    once = run("list", "--day", "wed", "--tz", "Asia/Manila").stdout
    assert once.startswith("Wed 17 Nov 2021 (Asia/Manila | Europe/Paris)\n")
    twice = run("list", "--day", "2", "-d", "wed", "--date", "17 Nov 2021", "--tz", "Asia/Manila")
    assert twice.stdout == once


# ---- bug 2: the grid's narrow fallback is `list` with the same days -----------------------


@pytest.mark.parametrize(
    "days", [("--day", "wed"), ("--day", "wed", "--day", "fri"), ()], ids=["wed", "wed+fri", "all"]
)
def test_a_narrow_terminal_gets_what_list_shows(run: Run, days: tuple[str, ...]) -> None:
    narrow = {"COLUMNS": "40"}
    args = (*days, "--tz", "Asia/Manila", "--at", "2021-11-17T16:30")
    grid = run("grid", *args, env=narrow)
    assert grid.exit_code == 0, grid.stderr
    assert grid.stderr.startswith("Note: the grid needs ")
    assert grid.stderr.endswith(
        "columns and has 40; showing a list instead (widen the window, or give --width to "
        "draw the grid anyway).\n"
    )
    listed = run("list", *args, "--format", "table", env=narrow)
    assert grid.stdout == listed.stdout
    if days[:2] == ("--day", "wed"):
        assert grid.stdout.startswith("Wed 17 Nov 2021")
        assert "Tue 16 Nov" not in grid.stdout
        assert "plenary" in grid.stdout  # its last hour is Wednesday in Manila


def test_an_explicit_width_draws_the_grid_however_narrow(run: Run) -> None:
    result = run(
        "grid", "--day", "wed", "--tz", "Asia/Manila", "--width", "40", env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Wed 17 Nov 2021", "Asia/Manila · Europe/Paris"]
    assert "Tue 16 Nov" not in result.stdout
    drawn = [line for line in lines if line.startswith(GRID_LINE)]
    assert lines[2:] == drawn
    assert drawn[:6] == [
        "┌────────┬────────────┬────────┬───────┐",
        "│ Manila │ Paris      │ Track  │ Track │",
        "│        │ (conf.)    │ 1      │ 2     │",
        "├────────┼────────────┼────────┴───────┤",
        "│ 00:00  │ 17:00 -1d  │ plenary        │",
        "│ –01:00 │ –18:00 -1d │ Plenary        │",
    ]
    assert_no_overlap(drawn, 40)


@pytest.mark.parametrize("width", [*range(39, 64, 4), 64, 100])
def test_every_width_from_the_least_up_gives_a_grid_without_overlaps(run: Run, width: int) -> None:
    result = run("grid", "--tz", "Asia/Manila", "--at", "2021-11-17T16:30", "-w", str(width))
    assert result.exit_code == 0, result.stderr
    drawn = [line for line in result.stdout.splitlines() if line.startswith(GRID_LINE)]
    assert_no_overlap(drawn, width)
    for session in ("ws1", "ws8", "ws9", "ws14", "lt2"):  # ids that fit the narrowest track
        assert re.search(rf"│ {session} ", result.stdout), session


def test_a_width_too_narrow_for_any_grid_is_an_error(run: Run, tmp_path: Path) -> None:
    message = usage_error(run("grid", "--day", "wed", "--tz", "Asia/Manila", "--width", "38"))
    assert message == (
        "Error: --width 38 is too narrow for this grid: it needs at least 39 columns\n"
        "Give --width 39 or more, or use 'octopus list' with the same options.\n"
    )
    target = tmp_path / "grid.svg"
    assert "at least 27 columns" in usage_error(run("grid", "-w", "26", "-o", str(target)))
    assert not target.exists()
    assert run("grid", "-w", "27", "-o", str(target)).exit_code == 0


def assert_no_overlap(drawn: list[str], width: int) -> None:
    """Every line exactly `width` wide, and every vertical border on a column boundary of
    the top edge: no cell's text runs into its neighbour's."""
    assert drawn, "no grid drawn"
    tops = [n for n, line in enumerate(drawn) if line.startswith("┌")]
    for line in drawn:
        assert cell_len(line) == width, line
    for start, end in zip(tops, [*tops[1:], len(drawn)], strict=True):
        boundaries = {i for i, char in enumerate(drawn[start]) if char in "┌┬┐"}
        for line in drawn[start:end]:
            if line.startswith("│"):
                assert {i for i, char in enumerate(line) if char == "│"} <= boundaries, line


# ---- the documentation's examples are what the commands print -----------------------------

TIME_ZONE_PAGE = REPO / "docs" / "guides" / "time-zone.md"
GRID_PAGE = REPO / "docs" / "guides" / "grid.md"


def _docs_text() -> str:
    """The README and every page of the documentation, one after another."""
    pages = sorted((REPO / "docs").rglob("*.md"))
    return "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *pages])


def _console_examples(section: str) -> list[tuple[list[str], str]]:
    page = TIME_ZONE_PAGE.read_text(encoding="utf-8")
    body = page.split(f"## {section}\n", 1)[1].split("\n#", 1)[0]
    examples = []
    for block in re.findall(r"```console\n(.*?)```", body, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((shlex.split(command), output))
    return examples


def test_the_days_section_is_the_one_place_that_states_the_rule() -> None:
    docs = _docs_text()
    assert docs.count("## Days\n") == 1
    assert "## Days\n" in TIME_ZONE_PAGE.read_text(encoding="utf-8")
    # the filters table and `today` refer to it
    assert len(re.findall(r"\]\((?:guides/)?time-zone\.md#days\)", docs)) >= 2
    assert docs.count("**A day is always your local calendar date**") == 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    _console_examples("Days"),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_the_days_examples_in_the_docs(run: Run, argv: list[str], expected: str) -> None:
    assert argv[0] == "octopus"
    result = run(*argv[1:])
    assert result.stdout + result.stderr == expected
    assert result.exit_code == (2 if expected.startswith("Error:") else 0)


def test_the_grid_section_states_the_width_rule(run: Run) -> None:
    grid_section = GRID_PAGE.read_text(encoding="utf-8")
    quoted = re.search(r"`--width 30` says\s+`(Error: [^`]*)`", grid_section)
    assert quoted is not None
    result = run("grid", "--day", "wed", "--tz", "Asia/Manila", "--width", "30")
    assert usage_error(result).splitlines()[0] == " ".join(quoted.group(1).split())
    assert run("grid", "--day", "wed", "--tz", "Asia/Manila", "--width", "40").exit_code == 0


def test_day_numbers_and_weekdays_do_not_depend_on_the_clock() -> None:
    """Only today/yesterday/tomorrow depend on `today`; the core never reads the clock."""
    for today in (date(2000, 1, 1), date(2030, 6, 1)):
        assert resolve_day(PROGRAMME, "1", AUCKLAND, today) == date(2021, 11, 17)
        assert resolve_day(PROGRAMME, "fri", MANILA, today) == date(2021, 11, 19)


# ---- the fast path (no Typer) parses the one option as Typer does -------------------------

FAST = [
    ["today", "--day", "wed", "-d", "thu"],
    ["today", "--date", "1", "--tz", "Pacific/Auckland"],
    ["list", "-d", "fri", "--tz", "Asia/Manila"],
    ["list", "--date=wed", "--day=thu", "--tz=Asia/Manila", "-f", "json"],
    ["list", "--day", "9", "--tz", "Asia/Manila"],
    ["grid", "--day", "wed", "--tz", "Asia/Manila", "-w", "40"],
    ["grid", "--day", "wed", "--tz", "Asia/Manila", "-w", "30"],
    ["grid", "--day", "wed", "--day", "fri", "--tz", "Asia/Manila", "--at", "2021-11-17T16:30"],
    ["export", "--date", "fri", "--tz", "Asia/Manila", "-o", "-", "-f", "json"],
]


@pytest.mark.parametrize("args", FAST, ids=" ".join)
def test_the_fast_path_answers_as_typer_does(
    run: Run,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    import sys

    from octopus_cli.cli.fast import run_fast

    for name, value in {"OCTOPUS_HOME": str(home), "COLUMNS": "40", "NO_COLOR": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["octopus"])
    status = run_fast(args)
    captured = capsys.readouterr()
    assert status is not None, "the fast path should handle these arguments"
    typer = run(*args, env={"COLUMNS": "40"})
    assert (status, captured.out, captured.err) == (typer.exit_code, typer.stdout, typer.stderr)


# ---- the cramped grid, layer by layer: it fits every width from its least up --------------


@pytest.mark.parametrize(
    "zones",
    [("Asia/Manila",), ("Asia/Kathmandu", "America/St_Johns"), ("Pacific/Auckland", "UTC")],
    ids="+".join,
)
def test_a_cramped_grid_fits_every_width_from_its_least(zones: tuple[str, ...]) -> None:
    import io

    from rich.console import Console

    from octopus_cli.views.formats import zone_columns
    from octopus_cli.views.grid import timetable
    from octopus_cli.views.gridview import grid_view, grid_width_needed

    tzs = zone_columns([ZoneInfo(z) for z in zones], PROGRAMME.zone)
    for grid in timetable(PROGRAMME.sessions, tzs[0]):
        least = grid_width_needed(grid, tzs, PROGRAMME.zone, cramped=True)
        assert least <= grid_width_needed(grid, tzs, PROGRAMME.zone)
        for width in range(least - 3, least + 40):
            console = Console(width=width, color_system=None, file=io.StringIO())
            view = grid_view(grid, tzs, PROGRAMME.zone, console, width=width, cramped=True)
            assert (view is None) == (width < least), (grid.day, width, least)
            if view is None:
                continue
            console.print(view)
            lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
            assert_no_overlap([line for line in lines if line.startswith(GRID_LINE)], width)
