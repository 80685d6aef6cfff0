"""The core's messages in French and Spanish (issue 17): errors and their hints, the
sentence for a day without sessions, durations, `--day` and `--kind` in the active
language's words; and, without any catalog, that English reads exactly as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from octopus_cli.core import i18n
from octopus_cli.core.clock import format_duration, parse_day, parse_duration
from octopus_cli.core.errors import InputError, did_you_mean
from octopus_cli.core.filters import SessionFilter, describe_days, resolve_day, select
from octopus_cli.core.schedule import Span, nothing_on_sentence, until
from octopus_cli.sources.loader import load_programme
from octopus_cli.sources.programme import check_programme_text

PROGRAMME = load_programme()
PARIS, MANILA = ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Manila")
TODAY = date(2021, 11, 16)
AFTER = datetime(2026, 11, 28, 12, tzinfo=PARIS)  # the clock, long after the conference
CATALOG = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
NBSP = "\u00a0"

PROGRAMME_TOML = """\
[conference]
name = "Test"
timezone = "Europe/Paris"
start_date = 2021-11-16
end_date = 2021-11-18

[[sessions]]
id = "a1"
title = "A"
kind = "talk"
track = "2"
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00
"""


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Every test ends in English, whatever it activated."""
    yield
    i18n.activate("en")


def speak(language: str) -> None:
    """Activate `language`, or skip the test while the catalogs lack the core's messages."""
    if not CATALOG.is_file():
        pytest.skip("catalogs not compiled yet")
    i18n.activate(language)
    if i18n._("empty session id") == "empty session id":
        pytest.skip("catalogs not compiled yet")


# ---- English: exactly as before, no catalog needed ---------------------------------------


def test_english_durations_are_unchanged() -> None:
    minutes = [110, 45, 60, 0, 2 * 1440 + 180, 2 * 1440 + 5, 1440 + 123, 1440]
    shown = [format_duration(timedelta(minutes=m)) for m in minutes]
    assert shown == ["1h 50m", "45m", "1h", "0m", "2d 3h", "2d 5m", "1d 2h 3m", "1d"]


def test_english_countdowns_are_unchanged() -> None:
    now = datetime(2021, 11, 16, 9, tzinfo=PARIS)
    assert until(now, now + timedelta(minutes=90), PARIS) == "in 1h 30m"
    assert until(now, now - timedelta(minutes=35), PARIS) == "35m ago"
    assert until(now, now + timedelta(days=1, hours=2), PARIS) == "tomorrow"
    assert until(now, now + timedelta(days=15), PARIS) == "in 15 days"


def test_english_date_ranges_are_unchanged() -> None:
    assert Span(date(2021, 11, 16), date(2021, 11, 18)).describe() == "16–18 Nov 2021"
    assert Span(date(2021, 11, 16), date(2021, 11, 19)).describe(year=False) == "16–19 Nov"
    assert Span(date(2021, 11, 30), date(2021, 12, 2)).describe() == "30 Nov – 2 Dec 2021"
    assert Span(date(2021, 12, 30), date(2022, 1, 2)).describe() == "30 Dec 2021 – 2 Jan 2022"
    assert Span(date(2021, 11, 16), date(2021, 11, 16)).describe() == "16 Nov 2021"


def test_english_empty_day_sentences_are_unchanged() -> None:
    assert nothing_on_sentence(PROGRAMME, date(2026, 11, 28), AFTER, PARIS) == (
        "Nothing on Sat 28 Nov 2026 (Europe/Paris). The conference ran 16–18 Nov 2021 "
        "(Paris), 5 years before this date."
    )
    before = datetime(2021, 11, 1, tzinfo=PARIS)
    assert nothing_on_sentence(PROGRAMME, date(2021, 11, 17), before, MANILA) == (
        "Nothing on Wed 17 Nov 2021 (Asia/Manila). The conference runs 16–18 Nov 2021 "
        "(Paris; 16–19 Nov in Asia/Manila); nothing on this day matches."
    )
    assert nothing_on_sentence(PROGRAMME, date(2021, 11, 2), before, PARIS).endswith(
        "The conference runs 16–18 Nov 2021 (Paris), 2 weeks after this date."
    )


def test_english_errors_and_hints_are_unchanged() -> None:
    with pytest.raises(InputError) as caught:
        parse_duration("1x", "--alarm")
    assert caught.value.message == "--alarm: not a duration: '1x'"
    assert caught.value.hint == (
        "Use a number with a unit: 15m, 1h, 1h30m, 2d (a bare number is minutes)."
    )
    with pytest.raises(InputError) as caught:
        parse_day("17 Nov", TODAY)
    assert caught.value.message == "--day: '17 Nov' has no year"
    assert caught.value.hint == (
        "Use an ISO date (2021-11-17), a written date (17 Nov 2021), today, yesterday or tomorrow."
    )
    assert did_you_mean(["ws6", "ws8"]) == "Did you mean ws6 or ws8?"
    assert did_you_mean(["a", "b", "c"]) == "Did you mean a or b or c?"


def test_english_days_and_kinds_take_only_english_words() -> None:
    assert resolve_day(PROGRAMME, "wed", PARIS, TODAY) == date(2021, 11, 17)
    assert resolve_day(PROGRAMME, "Tomorrow", PARIS, TODAY) == date(2021, 11, 17)
    with pytest.raises(InputError) as caught:
        resolve_day(PROGRAMME, "mercredi", PARIS, TODAY)
    assert caught.value.message == "--day: not a date: 'mercredi'"
    with pytest.raises(InputError) as caught:
        resolve_day(PROGRAMME, "sat", PARIS, TODAY)
    assert caught.value.message == "--day: the conference has no Saturday in Europe/Paris"
    assert caught.value.hint == (
        "In Europe/Paris the conference runs on Tue 16 – Thu 18 Nov; day numbers 1–3."
    )
    assert describe_days([date(2021, 11, 30), date(2021, 12, 1)], MANILA) == (
        "In Asia/Manila the conference runs on Tue 30 Nov – Wed 1 Dec; day numbers 1–2."
    )
    with pytest.raises(InputError, match="no session of kind 'atelier'"):
        select(PROGRAMME, SessionFilter(kinds=("atelier",)), PARIS, TODAY)


def test_english_validation_problems_are_unchanged() -> None:
    _programme, problems = check_programme_text(PROGRAMME_TOML, "test.toml")
    assert problems == ["session 'a1': track: Input should be a valid integer (got \"2\")"]
    text = PROGRAMME_TOML.replace('track = "2"\n', "").replace('title = "A"\n', "")
    _programme, problems = check_programme_text(text, "test.toml")
    assert problems == ["session 'a1': missing field 'title'"]


# ---- French and Spanish (with the compiled catalogs) --------------------------------------


@pytest.mark.parametrize(
    ("language", "message", "hint"),
    [
        (
            "fr",
            f"--alarm{NBSP}: «{NBSP}1x{NBSP}» n'est pas une durée",
            f"Indiquez un nombre suivi d'une unité{NBSP}: 15m, 1h, 1h30m, 2d "
            "(un nombre sans unité s'entend en minutes).",
        ),
        (
            "es",
            "--alarm: «1x» no es una duración",
            "Indique un número con una unidad: 15m, 1h, 1h30m, 2d "
            "(un número sin unidad indica minutos).",
        ),
    ],
)
def test_an_input_error_and_its_hint_are_translated(language: str, message: str, hint: str) -> None:
    speak(language)
    with pytest.raises(InputError) as caught:
        parse_duration("1x", "--alarm")
    assert (caught.value.message, caught.value.hint) == (message, hint)


def test_the_empty_day_sentence_is_translated() -> None:
    speak("fr")
    assert nothing_on_sentence(PROGRAMME, date(2026, 11, 28), AFTER, PARIS) == (
        "Rien au programme le sam. 28 nov. 2026 (Europe/Paris). La conférence a eu lieu "
        "du 16 au 18 nov. 2021 (Paris), soit 5 ans avant cette date."
    )
    speak("es")
    before = datetime(2021, 11, 1, tzinfo=PARIS)
    assert nothing_on_sentence(PROGRAMME, date(2021, 11, 17), before, MANILA) == (
        "No hay nada el mié 17 nov 2021 (Asia/Manila). La conferencia se celebrará del 16 al "
        "18 nov 2021 (Paris; del 16 al 19 nov en la zona Asia/Manila); nada coincide ese día."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["1 h 50", "45 min", "2 j 3 h", "1 h 05", "2 j 5 min", "1 j"]),
        ("es", ["1 h 50 min", "45 min", "2 d 3 h", "1 h 5 min", "2 d 5 min", "1 d"]),
    ],
)  # with no-break spaces: a duration is never cut at the end of a line
def test_durations_are_translated(language: str, expected: list[str]) -> None:
    speak(language)
    minutes = [110, 45, 2 * 1440 + 180, 65, 2 * 1440 + 5, 1440]
    shown = [format_duration(timedelta(minutes=m)) for m in minutes]
    assert shown == [text.replace(" ", "\u00a0") for text in expected]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["mercredi", "Mercredi", "mer.", "mer", "demain", "wed", "tomorrow"]),
        ("es", ["miércoles", "miercoles", "mié", "mañana", "wednesday", "tomorrow"]),
    ],
)
def test_day_takes_the_languages_words(language: str, words: list[str]) -> None:
    speak(language)
    for word in words:
        assert resolve_day(PROGRAMME, word, PARIS, TODAY) == date(2021, 11, 17), word


def test_day_errors_name_the_weekday_in_the_language() -> None:
    speak("fr")
    with pytest.raises(InputError) as caught:
        resolve_day(PROGRAMME, "samedi", PARIS, TODAY)
    assert caught.value.message == (
        f"--day{NBSP}: la conférence n'a aucun samedi dans le fuseau Europe/Paris"
    )
    assert caught.value.hint == (
        f"Dans le fuseau Europe/Paris, jours de la conférence{NBSP}: mar. 16 – jeu. 18 nov."
        f"{NBSP}; numéros de jour 1–3."
    )


@pytest.mark.parametrize(("language", "word"), [("fr", "atelier"), ("es", "Taller")])
def test_kind_takes_the_languages_word(language: str, word: str) -> None:
    speak(language)
    chosen = select(PROGRAMME, SessionFilter(kinds=(word,)), PARIS, TODAY)
    workshops = select(PROGRAMME, SessionFilter(kinds=("workshop",)), PARIS, TODAY)
    assert chosen == workshops
    assert chosen and all(session.kind == "workshop" for session in chosen)


def test_validation_problems_are_translated() -> None:
    speak("fr")
    _programme, problems = check_programme_text(PROGRAMME_TOML, "test.toml")
    assert problems == [
        f"séance «{NBSP}a1{NBSP}»{NBSP}: track{NBSP}: doit être un nombre entier "
        f'(valeur{NBSP}: "2")'
    ]
    speak("es")
    text = PROGRAMME_TOML.replace('track = "2"\n', "").replace('title = "A"\n', "")
    _programme, problems = check_programme_text(text, "test.toml")
    assert problems == ["sesión «a1»: falta el campo «title»"]
