"""What the views say in French and Spanish: day headings, table headers, durations and
countdowns, kinds, the change and clash reports, `info` and `show`, the labels octopus adds
to an exported event; and what they never translate (JSON, CSV, a programme's own kinds).

The translated tests need the compiled catalogs (`src/octopus_cli/locale/*/LC_MESSAGES/
octopus.mo`) with the views' messages in them; until they are built they are skipped. The
English ones run always: English output is what it was before octopus learnt languages."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console, RenderableType

from octopus_cli.core import i18n
from octopus_cli.core.changes import diff_programmes
from octopus_cli.core.clock import format_duration as duration
from octopus_cli.core.i18n import activate
from octopus_cli.core.models import Programme, Session
from octopus_cli.core.schedule import until as countdown
from octopus_cli.exports.ics import describe
from octopus_cli.sources.loader import load_programme
from octopus_cli.views.changes import Compared, diff_plain
from octopus_cli.views.clash_report import clash_summary
from octopus_cli.views.formats import day_heading, session_detail_plain, sessions_json
from octopus_cli.views.info import info_csv, info_plain
from octopus_cli.views.listview import session_list
from octopus_cli.views.moments import moment_rows, next_heading
from octopus_cli.views.render import now_view
from octopus_cli.views.wording import OWN_KINDS, kind_label, time_left

PROGRAMME = load_programme()
PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")
NBSP = "\u00a0"
PROBE = "◀ now"  # a message of the views: the catalogs have them when they have it


def _compiled(language: str) -> bool:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle).gettext(PROBE) != PROBE
    except OSError:
        return False


def _needs(language: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not _compiled(language), reason="catalogs not compiled yet")


needs_french, needs_spanish = _needs("fr"), _needs("es")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    activate("en")


def session(session_id: str) -> Session:
    found = PROGRAMME.get(session_id)
    assert found is not None
    return found


def render(renderable: RenderableType, width: int = 100) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, emoji=False)
    console.print(renderable)
    return console.file.getvalue().replace(NBSP, " ")  # type: ignore[attr-defined]


def plain(text: str) -> str:
    """The text with its no-break spaces as spaces, to compare with what a person reads."""
    return text.replace(NBSP, " ")


# ---- English stays as it was ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "0m"),
        (1, "1m"),
        (45, "45m"),
        (60, "1h"),
        (65, "1h 5m"),
        (110, "1h 50m"),
        (24 * 60, "1d"),
        (2 * 24 * 60 + 185, "2d 3h 5m"),
        (9000, "6d 6h"),
    ],
)
def test_english_durations_are_as_they_always_were(minutes: int, shown: str) -> None:
    """One implementation (`format_duration`) writes durations for every view."""
    assert duration(timedelta(minutes=minutes)) == shown


def test_english_countdowns_and_headings() -> None:
    now = datetime(2021, 11, 17, 12, tzinfo=PARIS)
    assert countdown(now, now + timedelta(minutes=90), PARIS) == "in 1h 30m"
    assert countdown(now, now - timedelta(minutes=35), PARIS) == "35m ago"
    assert countdown(now, now + timedelta(hours=30), PARIS) == "tomorrow"
    assert countdown(now, now + timedelta(days=15), PARIS) == "in 15 days"
    assert time_left(timedelta(minutes=80)) == "1h 20m left"
    assert next_heading(3, 3, None) == "Next 3 slots"
    assert next_heading(1, 3, "my agenda") == "The last slot: my agenda"
    assert day_heading(date(2021, 11, 17)) == "Wed 17 Nov 2021"
    assert kind_label("workshop") == "workshop"


def test_the_kinds_shown_translated_are_octopus_own() -> None:
    from octopus_cli.core.choices import Kind

    assert {kind.value for kind in Kind} == OWN_KINDS


# ---- French -----------------------------------------------------------------------------------


@needs_french
def test_french_day_headings_and_table_headers() -> None:
    activate("fr")
    assert day_heading(date(2021, 11, 17)) == "mer. 17 nov. 2021"
    shown = render(session_list(PROGRAMME.sessions[1:4], [PARIS], PARIS, width=100))
    heading, header = shown.splitlines()[:2]
    assert heading.startswith("mer. 17 nov. 2021")
    assert header.split() == ["Paris", "(conf.)", "ID", "Séance", "Piste"]


@needs_french
def test_french_durations_and_countdowns() -> None:
    activate("fr")
    assert plain(duration(timedelta(minutes=110))) == "1 h 50"
    assert plain(duration(timedelta(minutes=65))) == "1 h 05"
    assert plain(duration(timedelta(minutes=45))) == "45 min"
    assert plain(duration(timedelta(days=2, hours=3))) == "2 j 3 h"
    assert NBSP in duration(timedelta(minutes=45))  # '45 min' never breaks
    now = datetime(2021, 11, 17, 12, tzinfo=PARIS)
    assert plain(countdown(now, now + timedelta(minutes=90), PARIS)) == "dans 1 h 30"
    assert plain(countdown(now, now - timedelta(minutes=35), PARIS)) == "il y a 35 min"
    assert countdown(now, now + timedelta(hours=30), PARIS) == "demain"
    assert countdown(now, now + timedelta(days=15), PARIS) == "dans 15 jours"
    assert plain(time_left(timedelta(minutes=80))) == "1 h 20 restantes"


@needs_french
def test_french_now_and_next() -> None:
    activate("fr")
    now = datetime(2021, 11, 17, 16, 30, tzinfo=PARIS)
    rows = moment_rows([session("ws8")], [[session("ws9")]], now, PARIS)
    shown = render(now_view(rows, now, [PARIS], PARIS, width=120))
    assert "en cours" in shown and "à suivre" in shown and "Séance" in shown
    assert "1 h 20 restantes" in shown and "dans 1 h 30" in shown
    assert plain(next_heading(2, 3, "mon agenda")) == "Les 2 derniers créneaux : mon agenda"


@needs_french
def test_french_show_translates_octopus_words_not_the_programme() -> None:
    activate("fr")
    workshop = session("ws6")
    text = plain(session_detail_plain(workshop, [PARIS], [session("ws7")]))
    assert "  type : atelier, " in text
    assert "  durée : 1 h 50\n" in text
    assert "  horaire : mer. 17 nov. 2021 14:00–15:50 (Europe/Paris)\n" in text
    assert text.startswith(workshop.display_title + "\n")  # the programme's own text
    assert kind_label("meeting") == "meeting"  # a programme's own kind stays as it is


@needs_french
def test_french_reports() -> None:
    activate("fr")
    assert plain(clash_summary([], PROGRAMME.sessions[:3], PARIS)) == (
        "Aucun conflit d'horaire parmi 3 séances."
    )
    info = plain(info_plain(PROGRAMME))
    assert "\nDates  " in info and "Conférence  " in info
    assert "du mar. 16 nov. 2021 au jeu. 18 nov. 2021, en ligne\n" in info
    assert "le jeu. 18 nov. 2021 à 18:00\n" in info
    assert "25 séances, version du lun. 4 oct. 2021 (draft)\n" in info
    assert "pause, conclusions, présentations éclair, perspectives, plénière, atelier\n" in info


@needs_french
def test_french_change_report() -> None:
    activate("fr")
    ws2 = session("ws2")
    moved = replace(ws2, start=ws2.start + timedelta(hours=1), end=ws2.end + timedelta(hours=1))
    sessions = [moved if s.id == "ws2" else s for s in PROGRAMME.sessions]
    new = Programme(PROGRAMME.conference, PROGRAMME.zone, sessions, PROGRAMME.path)
    compared = Compared(PROGRAMME, new, "a.toml", "b.toml", diff_programmes(PROGRAMME, new))
    text = plain(diff_plain(compared, [PARIS], compared.diff.changes))
    assert "  déplacée : mer. 17 nov. 09:00–10:50 → mer. 17 nov. 10:00–11:50\n" in text
    closing = text.splitlines()[-1]  # (the count of each kind is the core's to word)
    assert closing.startswith("1 séance modifiée entre a.toml et b.toml : 1 ")
    assert closing.endswith(" (horaires : Europe/Paris).")
    assert "[déplacée]" in render(
        session_list(sessions[2:4], [PARIS], PARIS, width=100, changed=compared.diff.marks())
    )


@needs_french
def test_french_labels_in_an_exported_event() -> None:
    activate("fr")
    others = [session("ws3")]
    text = plain(describe(PROGRAMME, session("plenary"), others))
    assert "Ordre du jour :\n- " in text and "En parallèle :\n- " in text
    assert "… et 2 autres" in plain(describe(PROGRAMME, session("ws2"), others, 3))


@needs_french
def test_json_and_csv_are_the_same_in_french() -> None:
    english = sessions_json(PROGRAMME, PROGRAMME.sessions, TOKYO)
    english_csv = info_csv(PROGRAMME)
    activate("fr")
    assert sessions_json(PROGRAMME, PROGRAMME.sessions, TOKYO) == english
    assert info_csv(PROGRAMME) == english_csv
    assert i18n.active_language() == "fr"  # the CSV left the language as it was
    assert kind_label("workshop") == "atelier"


# ---- Spanish ----------------------------------------------------------------------------------


@needs_spanish
def test_spanish_views() -> None:
    english = sessions_json(PROGRAMME, PROGRAMME.sessions, PARIS)
    activate("es")
    assert sessions_json(PROGRAMME, PROGRAMME.sessions, PARIS) == english
    assert day_heading(date(2021, 11, 17)) == "mié 17 nov 2021"
    shown = render(session_list(PROGRAMME.sessions[1:4], [PARIS], PARIS, width=100))
    assert shown.splitlines()[1].split() == ["Paris", "(conf.)", "ID", "Sesión", "Pista"]
    assert plain(duration(timedelta(minutes=110))) == "1 h 50 min"
    assert plain(duration(timedelta(minutes=45))) == "45 min"
    assert plain(duration(timedelta(days=2, hours=3))) == "2 d 3 h"
    assert plain(time_left(timedelta(minutes=80))) == "faltan 1 h 20 min"
    now = datetime(2021, 11, 17, 12, tzinfo=PARIS)
    assert plain(countdown(now, now + timedelta(minutes=90), PARIS)) == "en 1 h 30 min"
    assert kind_label("workshop") == "taller"
    text = plain(session_detail_plain(session("lt1"), [PARIS], []))
    assert "  tipo: charlas relámpago, " in text
    assert "  duración: 1 h 50 min\n" in text
