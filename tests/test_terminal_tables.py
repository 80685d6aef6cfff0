"""The session tables of `list`, `today` and `agenda show` on a terminal: the lines a user sees
at 40, 80 and 200 columns and on a terminal that only speaks ASCII.

Expectations come from data/programme.toml (Europe/Paris, CET = UTC+1; Bogotá UTC-5, Manila
UTC+8): on 17 Nov ws1 07:00-08:50 Paris, ws2/ws3 09:00, ws4/ws5 11:00, break1 13:00-14:00,
ws6/ws7 14:00, ws8/lt1 16:00-17:50, ws9 18:00-19:50. At 10:00 in Bogotá (16:00 Paris) ws8
and lt1 are on."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Run
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.text import Text

from octopus_cli.core.text import register_ascii_fallback
from octopus_cli.sources.loader import load_programme
from octopus_cli.views.formats import PICKED, zone_columns, zone_label, zone_labels
from octopus_cli.views.listview import NOW_MARK, session_list, time_cell, wrap
from octopus_cli.views.render import _zone_header

PROGRAMME = load_programme()
PARIS = ZoneInfo("Europe/Paris")
BOGOTA = ZoneInfo("America/Bogota")
MANILA = ZoneInfo("Asia/Manila")
AT_TEN_IN_BOGOTA = datetime(2021, 11, 17, 10, tzinfo=BOGOTA)
TODAY = ("today", "--at", "2021-11-17T10:00", "--tz", "America/Bogota", "--format", "table")
TIME = re.compile(r"\d\d:\d\d")


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def today(run: Run, columns: int) -> list[str]:
    assert run("agenda", "add", "ws6", "ws8").exit_code == 0
    result = run(*TODAY, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return lines(result.stdout)


def render(renderable: RenderableType, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, emoji=False)
    console.print(renderable)
    return lines(console.file.getvalue())  # type: ignore[attr-defined]


def tables(zones: list[ZoneInfo], width: int, **options: object) -> list[str]:
    shown = zone_columns(zones, PROGRAMME.zone)
    return render(
        session_list(PROGRAMME.sessions, shown, PROGRAMME.zone, width=width, **options), width
    )  # type: ignore[arg-type]


# ---- 80 columns: short headers, titles on one line where they fit ---------------------------


def test_today_at_80_columns(run: Run) -> None:
    assert today(run, 80) == [
        "Wed 17 Nov 2021  America/Bogota · Europe/Paris",
        "Bogotá       Paris (conf.)  ID      Session                                Track",
        "─" * 80,
        "01:00–02:50  07:00–08:50    ws1     WS 1: Regional Workshop for Asia           1",
        "",
        "03:00–04:50  09:00–10:50    ws2     WS 2: COVID-19 and cybercrime              1",
        "03:00–04:50  09:00–10:50    ws3     WS 3: Regional Workshop for Africa         2",
        "",
        "05:00–06:50  11:00–12:50    ws4     WS 4: Crime and crypto currencies          1",
        "05:00–06:50  11:00–12:50    ws5     WS 5: The global state of cybercrime       2",
        "                                    legislation",
        "",
        "07:00–08:00  13:00–14:00    break1  Break",
        "",
        "08:00–09:50  14:00–15:50    ws6     WS 6: Automated detection of child         1",
        "                                    sexual abuse materials  ★",
        "08:00–09:50  14:00–15:50    ws7     WS 7: Ransomware                           2",
        "",
        "10:00–11:50  16:00–17:50    ws8     WS 8: Cybercrime and artificial            1",
        "                                    intelligence  ★  ◀ now",
        "10:00–11:50  16:00–17:50    lt1     Lightning talks I  ◀ now                   2",
        "",
        "12:00–13:50  18:00–19:50    ws9     WS 9: Regional Workshop for Latin          1",
        "                                    America and the Caribbean",
    ]


def test_conference_mark_goes_under_the_city_where_beside_it_would_wrap_a_title() -> None:
    """Manila's list at 80: '(conf.)' beside 'Paris' would take two columns from the titles
    and wrap 'WS 3: Regional Workshop for Africa'; under it, it takes a line of the header.
    Ranges with day marks break after their dash, each time whole, to leave titles room."""
    shown = tables([MANILA], 80, now=datetime(2021, 11, 17, 7, 30, tzinfo=PARIS))
    wednesday = shown.index("Wed 17 Nov 2021  Asia/Manila · Europe/Paris")
    assert shown[wednesday + 1 : wednesday + 9] == [
        "Manila       Paris        ID           Session                             Track",
        "             (conf.)",
        "─" * 80,
        "14:00–15:50  07:00–08:50  ws1          WS 1: Regional Workshop for Asia        1",
        "                                       ◀ now",
        "",
        "16:00–17:50  09:00–10:50  ws2          WS 2: COVID-19 and cybercrime           1",
        "16:00–17:50  09:00–10:50  ws3          WS 3: Regional Workshop for Africa      2",
    ]
    ws9 = next(n for n, line in enumerate(shown) if " ws9 " in line)
    assert shown[ws9 : ws9 + 2] == [
        "01:00–02:50  18:00 -1d    ws9          WS 9: Regional Workshop for Latin       1",
        "             – 19:50 -1d               America and the Caribbean",
    ]


def test_at_120_columns_every_title_has_one_line(run: Run) -> None:
    shown = today(run, 120)
    assert (
        shown[1] == f"Bogotá       Paris (conf.)  ID      Session{' ' * 55}Track"
    )  # ws6 and its ★: 60
    assert shown[-1] == (
        "12:00–13:50  18:00–19:50    ws9     "
        "WS 9: Regional Workshop for Latin America and the Caribbean       1"
    )
    assert "                                    intelligence" not in shown
    assert f"WS 8: Cybercrime and artificial intelligence  {PICKED}  {NOW_MARK}" in shown[-4]


def test_zone_headers_are_cities() -> None:
    assert zone_label(BOGOTA) == "Bogotá"
    assert zone_label(PARIS) == "Paris"
    assert zone_label(MANILA) == "Manila"
    assert zone_label(ZoneInfo("UTC")) == "UTC"
    assert zone_label(ZoneInfo("Etc/UTC")) == "UTC"
    assert zone_label(ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires"
    assert zone_label(ZoneInfo("America/Sao_Paulo")) == "São Paulo"
    assert zone_label(ZoneInfo("Etc/GMT+5")) == "UTC-5"  # the IANA's sign is inverted
    assert zone_label(ZoneInfo("Etc/GMT-14")) == "UTC+14"
    assert zone_label(ZoneInfo("Etc/GMT+0")) == "UTC"
    # Two zones of one name are told apart by their IANA names.
    same = [ZoneInfo("America/Indiana/Indianapolis"), ZoneInfo("America/Indianapolis")]
    assert zone_labels(same) == ["America/Indiana/Indianapolis", "America/Indianapolis"]
    assert zone_labels([BOGOTA, PARIS]) == ["Bogotá", "Paris"]
    # The header `now` and `next` share.
    assert _zone_header(BOGOTA, PARIS) == "Bogotá"
    assert _zone_header(PARIS, PARIS) == "Paris (conf.)"
    assert _zone_header(ZoneInfo("UTC"), ZoneInfo("UTC")) == "UTC"


# ---- marks: '◀ now' and '★' are never split --------------------------------------------------


@pytest.mark.parametrize("width", range(24, 201, 4))
def test_now_mark_is_never_split(width: int) -> None:
    shown = "\n".join(tables([BOGOTA], width, now=AT_TEN_IN_BOGOTA, picked=frozenset({"ws8"})))
    assert shown.count(NOW_MARK) == 2  # ws8 and lt1
    assert shown.count("◀") == 2
    assert shown.count(PICKED) == 1


def test_wrap_keeps_marks_whole() -> None:
    now, star = Text(NOW_MARK), Text(PICKED)
    assert [line.plain for line in wrap(Text("Lightning talks I"), 20, [now])] == [
        "Lightning talks I",
        "◀ now",
    ]
    assert [line.plain for line in wrap(Text("WS 7: Ransomware"), 20, [star])] == [
        "WS 7: Ransomware  ★"
    ]
    assert [line.plain for line in wrap(Text("a b"), 20, [star, now])] == ["a b  ★  ◀ now"]
    # A word longer than the line is folded; nothing else is cut.
    assert [line.plain for line in wrap(Text("Supercalifragilistic talk"), 8)] == [
        "Supercal",
        "ifragili",
        "stic",
        "talk",
    ]


# ---- breaks, and widths shared by the days of one command ------------------------------------


def test_breaks_show_no_track(run: Run) -> None:
    result = run("list", "--day", "thu", "--format", "table", env={"COLUMNS": "100"})
    breaks = [line for line in lines(result.stdout) if re.search(r" break\d ", line)]
    assert [line.split()[-1] for line in breaks] == ["Break"] * 3
    outlook1 = next(line for line in lines(result.stdout) if " outlook1 " in line)
    assert outlook1.endswith(" 1")


@pytest.mark.parametrize("width", [40, 80, 120, 200])
@pytest.mark.parametrize("zone", [PARIS, BOGOTA, MANILA])
def test_every_days_table_has_the_same_columns(width: int, zone: ZoneInfo) -> None:
    shown = tables([zone], width)
    rules = [line for line in shown if line.startswith("──")]
    assert len(rules) >= 3 and len(set(rules)) == 1  # one width for every day...
    assert len(rules[0]) <= width
    # ...and the columns start at the same places: the header is the same line every day.
    headers = [shown[n - 1] for n, line in enumerate(shown) if line.startswith("──")]
    assert len(set(headers)) == 1


def test_at_200_columns_the_plenary_and_wednesday_share_the_width() -> None:
    shown = tables([BOGOTA], 200)
    assert [len(line) for line in shown if line.startswith("──")] == [200, 200, 200]


# ---- 40 columns ------------------------------------------------------------------------------


def test_today_at_40_columns(run: Run) -> None:
    assert today(run, 40) == [
        "Wed 17 Nov 2021",
        "Bogotá       Session",
        "Paris",
        "(conf.)",
        "─" * 40,
        "01:00–02:50  ws1 WS 1: Regional Workshop",
        "07:00–08:50  for Asia",
        "",
        "03:00–04:50  ws2 WS 2: COVID-19 and",
        "09:00–10:50  cybercrime",
        "03:00–04:50  ws3 WS 3: Regional Workshop",
        "09:00–10:50  for Africa",
        "",
        "05:00–06:50  ws4 WS 4: Crime and crypto",
        "11:00–12:50  currencies",
        "05:00–06:50  ws5 WS 5: The global state",
        "11:00–12:50  of cybercrime legislation",
        "",
        "07:00–08:00  break1 Break",
        "13:00–14:00",
        "",
        "08:00–09:50  ws6 WS 6: Automated",
        "14:00–15:50  detection of child sexual",
        "             abuse materials  ★",
        "08:00–09:50  ws7 WS 7: Ransomware",
        "14:00–15:50",
        "",
        "10:00–11:50  ws8 WS 8: Cybercrime and",
        "16:00–17:50  artificial intelligence  ★",
        "             ◀ now",
        "10:00–11:50  lt1 Lightning talks I",
        "16:00–17:50  ◀ now",
        "",
        "12:00–13:50  ws9 WS 9: Regional Workshop",
        "18:00–19:50  for Latin America and the",
        "             Caribbean",
    ]


@pytest.mark.parametrize("width", [30, 40, 50])
@pytest.mark.parametrize("zone", [BOGOTA, MANILA, ZoneInfo("Pacific/Auckland")])
def test_narrow_tables_keep_ids_and_times_whole(width: int, zone: ZoneInfo) -> None:
    shown = "\n".join(tables([zone], width))
    for session in PROGRAMME.sessions:
        assert re.search(rf"(?<!\S){session.id}(?!\S)", shown), session.id
    # Two zones, a start and an end each: not one time cut in two.
    assert len(TIME.findall(shown)) == 4 * len(PROGRAMME.sessions)
    assert all(cell_len(line) <= width for line in shown.splitlines())


def test_a_range_from_the_day_before_keeps_its_dash_apart_from_the_day_mark() -> None:
    (ws9,) = [s for s in PROGRAMME.sessions if s.id == "ws9"]
    thursday = date(2021, 11, 18)
    assert time_cell(ws9, MANILA, thursday) == ["01:00–02:50"]
    assert time_cell(ws9, PARIS, thursday) == ["18:00 -1d – 19:50 -1d"]
    assert time_cell(ws9, PARIS, thursday, split=True) == ["18:00 -1d", "– 19:50 -1d"]
    assert time_cell(ws9, PARIS, thursday - timedelta(days=1)) == ["18:00–19:50"]


# ---- a terminal that only speaks ASCII -------------------------------------------------------


def test_ascii_terminal_gets_distinct_marks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OCTOPUS_", "PYTHON"))}
    env.update(OCTOPUS_HOME=str(tmp_path), COLUMNS="80", NO_COLOR="1", PYTHONIOENCODING="ascii")
    octopus = (sys.executable, "-m", "octopus_cli")
    subprocess.run([*octopus, "agenda", "add", "ws6", "ws8"], env=env, check=True)
    done = subprocess.run([*octopus, *TODAY], env=env, capture_output=True, check=True)
    shown = lines(done.stdout.decode("ascii"))
    assert shown[:3] == [
        "Wed 17 Nov 2021  America/Bogota | Europe/Paris",  # '·' is '|', not the pick's '*'
        "Bogota       Paris (conf.)  ID      Session                                Track",
        "-" * 80,  # a rule, not Rich's ASCII grid of '|' and '+'
    ]
    assert shown[-10:-4] == [
        "08:00-09:50  14:00-15:50    ws6     WS 6: Automated detection of child         1",
        "                                    sexual abuse materials  *",
        "08:00-09:50  14:00-15:50    ws7     WS 7: Ransomware                           2",
        "",
        "10:00-11:50  16:00-17:50    ws8     WS 8: Cybercrime and artificial            1",
        "                                    intelligence  *  < now",
    ]


def test_ascii_look_alikes_of_octopus_marks_are_distinct() -> None:
    handler = register_ascii_fallback()
    marks = {
        "pick": PICKED,
        "now": "◀",
        "range": "–",
        "zone separator": "·",
        "bullet": "•",
        "break shade": "░",
        "dashed rule": "╌╌╌╌",
        "rule": "────",
        "bar": "│",
    }
    shown = {name: mark.encode("ascii", handler).decode() for name, mark in marks.items()}
    assert shown == {
        "pick": "*",
        "now": "<",
        "range": "-",
        "zone separator": "|",
        "bullet": "o",
        "break shade": ".",
        "dashed rule": "- - ",
        "rule": "----",
        "bar": "|",
    }
    # One mark, one form: the zone separator reads as the bar it stands for; all else differ.
    forms = [form for name, form in shown.items() if name not in ("bar", "rule")]
    assert len(set(forms)) == len(forms)
    # Each takes the columns the character took, so tables stay aligned.
    assert all(len(shown[name]) == len(mark) for name, mark in marks.items())


def test_ascii_range_from_the_day_before_reads_apart() -> None:
    (ws9,) = [s for s in PROGRAMME.sessions if s.id == "ws9"]
    (cell,) = time_cell(ws9, PARIS, date(2021, 11, 18))
    assert cell.encode("ascii", register_ascii_fallback()).decode() == "18:00 -1d - 19:50 -1d"
