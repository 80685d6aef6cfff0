"""Which language a run speaks: --lang > OCTOPUS_LANG > `config set lang` > the locale
variables (as GNU gettext reads them) > English; and what an unknown one does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run

from octopus_cli.cli.language import given_language, translate_usage
from octopus_cli.core import i18n
from octopus_cli.core.i18n import choose_language, language_from_environment, language_of_locale

OCTOPUS = Path(sys.executable).parent / "octopus"
COMPILED = (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "octopus.mo").is_file()
needs_catalogs = pytest.mark.skipif(not COMPILED, reason="catalogs not compiled")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("fr", "fr"),
        ("fr_CA.UTF-8", "fr"),
        ("fr_FR@euro", "fr"),
        ("es_MX", "es"),
        ("es_419", "es"),
        ("es-AR", "es"),
        ("en_GB.UTF-8", "en"),
        ("C", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("de_DE.UTF-8", None),
        ("pt_BR", None),
        ("", None),
    ],
)
def test_a_locale_names_its_language(value: str, language: str | None) -> None:
    assert language_of_locale(value) == language


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "es_ES", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # not spoken: English, quietly
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "es:fr"}, "es"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "pt:fr"}, "fr"),  # the first spoken one
        ({"LANG": "C.UTF-8", "LANGUAGE": "fr"}, "en"),  # GNU: LANGUAGE ignored under C
        ({"LANGUAGE": "fr"}, "en"),  # no locale at all is the C locale
        ({"LC_ALL": "es_419.UTF-8"}, "es"),
    ],
)
def test_the_locale_variables_are_read_as_gnu_gettext_reads_them(
    environ: dict[str, str], language: str
) -> None:
    assert language_from_environment(environ) == language


def test_the_order_of_choice() -> None:
    environ = {"OCTOPUS_LANG": "es", "LANG": "fr_FR.UTF-8"}
    assert choose_language("en", environ, "fr") == "en"  # --lang
    assert choose_language(None, environ, "fr") == "es"  # OCTOPUS_LANG
    assert choose_language(None, {"LANG": "es_ES.UTF-8"}, "fr") == "fr"  # the setting
    assert choose_language(None, {"LANG": "es_ES.UTF-8"}, None) == "es"  # the locale
    assert choose_language(None, {}, None) == "en"


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["--lang", "fr", "today"], "fr"),
        (["--lang=es", "today"], "es"),
        (["--programme", "x.toml", "--lang", "fr", "now"], "fr"),
        (["--programme", "--lang", "today"], None),  # '--lang' is the programme's path
        (["today", "--lang", "fr"], None),  # after the command: not the global option
        (["--lang"], None),
        ([], None),
    ],
)
def test_the_global_option_is_found_before_parsing(args: list[str], found: str | None) -> None:
    assert given_language(args) == found


def test_an_unknown_lang_is_an_error_listing_the_choices(run: Run) -> None:
    result = run("--lang", "de", "today")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "'de' is not one of 'en', 'fr', 'es'" in result.stderr


def _octopus(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": environ.pop("HOME", "/nonexistent")}
    env |= {"OCTOPUS_NOW": "2021-11-17T10:00", "NO_COLOR": "1", "COLUMNS": "80", **environ}
    return subprocess.run(
        [str(OCTOPUS), *args], capture_output=True, text=True, env=env, check=False, timeout=60
    )


@needs_catalogs
def test_each_way_of_choosing_reaches_the_output(tmp_path: Path) -> None:
    home = str(tmp_path)
    assert "Utilisation" in _octopus("--lang", "fr", "list", "--help", HOME=home).stdout
    assert "Uso" in _octopus("list", "--help", HOME=home, OCTOPUS_LANG="es").stdout
    assert "Uso" in _octopus("list", "--help", HOME=home, LANG="es_MX.UTF-8").stdout
    english = _octopus("list", "--help", HOME=home, LANG="de_DE.UTF-8").stdout
    assert english.startswith("Usage:")
    configured = _octopus("config", "set", "lang", "fr", HOME=home)
    assert configured.returncode == 0, configured.stderr
    assert "Utilisation" in _octopus("list", "--help", HOME=home, LANG="es_ES.UTF-8").stdout
    assert "Uso" in _octopus("list", "--help", HOME=home, OCTOPUS_LANG="es").stdout
    assert _octopus("--lang", "en", "list", "--help", HOME=home).stdout.startswith("Usage:")


@needs_catalogs
def test_an_unsupported_locale_is_english_without_a_word(tmp_path: Path) -> None:
    result = _octopus("today", HOME=str(tmp_path), LANG="de_DE.UTF-8", LANGUAGE="de")
    assert result.returncode == 0
    assert result.stderr == ""
    assert "Wed 17 Nov 2021" in result.stdout


@needs_catalogs
@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("No such option: --bogus", "Option inconnue\u00a0: --bogus"),
        ("Missing argument 'ID...'.", "Argument manquant\u00a0: 'ID...'."),
    ],
)
def test_clicks_words_are_translated(english: str, french: str) -> None:
    i18n.activate("fr")
    assert translate_usage(english) == french
    i18n.activate("en")
    assert translate_usage(english) == english


# ---- edges the review found ---------------------------------------------------------------


@needs_catalogs
@pytest.mark.parametrize("value", ["de", "fr_FR.UTF-8", "es_419"])
def test_octopus_lang_reads_as_a_locale_on_every_path(value: str, tmp_path: Path) -> None:
    """OCTOPUS_LANG is read once, like the locale: the same answer whether the fast path
    or Typer parses the line (`-fjson` goes to Typer), and no error for one not spoken."""
    answers = [
        _octopus("list", *form, HOME=str(tmp_path), OCTOPUS_LANG=value)
        for form in (["-f", "json"], ["-fjson"])
    ]
    assert [a.returncode for a in answers] == [0, 0]
    assert answers[0].stdout == answers[1].stdout


@needs_catalogs
def test_the_last_lang_given_wins_on_every_path(tmp_path: Path) -> None:
    fast = _octopus("--lang", "fr", "--lang", "es", "today", HOME=str(tmp_path))
    typer = _octopus("--lang", "fr", "--lang", "es", "today", "--", HOME=str(tmp_path))
    assert "mié 17 nov 2021" in fast.stdout and "mié 17 nov 2021" in typer.stdout


@needs_catalogs
def test_help_on_a_narrow_terminal_is_translated_too(tmp_path: Path) -> None:
    shown = _octopus("--lang", "fr", "--help", HOME=str(tmp_path), COLUMNS="70").stdout
    assert shown.startswith("Utilisation\u00a0: octopus [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Exemples\u00a0:" in shown and "Show this message" not in shown


@needs_catalogs
def test_clicks_notes_and_a_missing_command_are_translated(tmp_path: Path) -> None:
    missing = _octopus("--lang", "es", HOME=str(tmp_path))
    assert missing.returncode == 2 and "Falta el comando." in missing.stderr
    shown = _octopus("--lang", "fr", "list", "--help", HOME=str(tmp_path)).stdout
    assert "[par défaut\u00a0: include-" in shown
    assert "[default:" not in shown


@needs_catalogs
def test_completion_speaks_the_language_on_the_line(tmp_path: Path) -> None:
    answer = _octopus(
        HOME=str(tmp_path),
        _OCTOPUS_COMPLETE="complete_zsh",
        _TYPER_COMPLETE_ARGS="octopus --lang fr list --no",
    )
    assert "Masquer les pauses" in answer.stdout or "pauses" in answer.stdout


@needs_catalogs
def test_an_ascii_terminal_gets_plain_quotes(tmp_path: Path) -> None:
    shown = _octopus("--lang", "fr", "show", "nope", HOME=str(tmp_path), PYTHONIOENCODING="ascii")
    assert shown.returncode == 2
    assert '"' in shown.stderr and "?" not in shown.stderr.split(":", 1)[1][:20]


def test_a_global_option_after_the_command_says_where_it_goes(run: Run) -> None:
    result = run("today", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No such option: --lang")
    assert "give it before the command, as in 'octopus --lang ... today'" in result.stderr
