"""The command line's own words in French and Spanish (issue 17): the `lang` setting
(`octopus config set lang fr`), read cheaply at start-up by `configured_language`, and the
messages of the commands and of the files octopus keeps (Error/Note/Warning lines, agenda,
config, snapshot) once the catalogs are compiled."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from gettext import GNUTranslations
from pathlib import Path

import pytest
from conftest import Run

from octopus_cli.core import i18n
from octopus_cli.store.config import configured_language, read_config

NBSP = "\u00a0"
# English whatever the developer's locale, where the words are checked in English.
ENGLISH = {"OCTOPUS_LANG": "en"}


def _translated(language: str, message: str) -> bool:
    """Whether the compiled catalog of `language` has a translation of `message` (the
    parts of every area are merged and compiled by the lead, after this area's work)."""
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return GNUTranslations(handle).gettext(message) != message
    except OSError:
        return False


needs_catalogs = pytest.mark.skipif(
    not (_translated("fr", "Error: {message}") and _translated("es", "No sessions match.")),
    reason="catalogs not compiled yet",
)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.activate("en")


def _environ(home: Path) -> dict[str, str]:
    return {"OCTOPUS_HOME": str(home)}


# ---- the setting ----------------------------------------------------------------------------


def test_config_set_show_and_unset_lang(run: Run, home: Path) -> None:
    shown = run("config", "show", env=ENGLISH)
    assert shown.exit_code == 0, shown.stderr
    assert "lang = (not set)    # language octopus speaks: en, fr or es\n" in shown.stdout
    assert shown.stdout.index("tz = ") < shown.stdout.index("lang = ")  # tz stays first

    result = run("config", "set", "lang", "fr", env=ENGLISH)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Set lang = fr in {home / 'config.toml'}\n"
    assert (home / "config.toml").read_text(encoding="utf-8") == 'lang = "fr"\n'
    assert read_config(home / "config.toml") == {"lang": "fr"}
    assert configured_language(_environ(home)) == "fr"

    shown = run("config", "show", env=ENGLISH)
    assert "lang = fr    # language octopus speaks: en, fr or es\n" in shown.stdout
    assert "# OCTOPUS_LANG=en overrides lang\n" in shown.stdout

    removed = run("config", "unset", "lang", env=ENGLISH)
    assert removed.exit_code == 0
    assert removed.stderr == f"Removed lang ({home / 'config.toml'})\n"
    assert configured_language(_environ(home)) is None
    again = run("config", "unset", "lang", env=ENGLISH)
    assert again.stderr == f"Not set: lang ({home / 'config.toml'})\n"


def test_a_language_is_stored_as_its_code(run: Run, home: Path) -> None:
    assert run("config", "set", "lang", " ES ", env=ENGLISH).exit_code == 0
    assert read_config(home / "config.toml") == {"lang": "es"}
    assert run("config", "set", "tz", "Asia/Manila", env=ENGLISH).exit_code == 0
    assert read_config(home / "config.toml") == {"lang": "es", "tz": "Asia/Manila"}
    assert configured_language(_environ(home)) == "es"


@pytest.mark.parametrize("value", ["de", "french", "fr_FR", ""])
def test_an_unknown_language_is_refused_with_the_choices(run: Run, home: Path, value: str) -> None:
    result = run("config", "set", "lang", value, env=ENGLISH)
    assert result.exit_code == 2
    assert result.stderr == f"Error: unknown language '{value}'\nChoose one of: en, fr, es.\n"
    assert not (home / "config.toml").exists()


def test_the_setting_chooses_the_language_of_a_run(run: Run, home: Path) -> None:
    """`config set lang` counts, unless OCTOPUS_LANG says otherwise (the English check
    needs no catalog: an English run is English whatever the setting's catalog)."""
    (home / "config.toml").write_text('lang = "fr"\n', encoding="utf-8")
    result = run("config", "set", "colour", "red", env=ENGLISH)
    assert result.stderr.startswith("Error: unknown setting 'colour'\n")


# ---- configured_language: cheap, and never an error -------------------------------------------


def test_no_config_file_no_language(home: Path) -> None:
    assert configured_language(_environ(home)) is None
    assert configured_language({"OCTOPUS_HOME": str(home / "nowhere" / "at all")}) is None


@pytest.mark.parametrize(
    ("content", "language"),
    [
        (b'lang = "fr"\n', "fr"),
        (b'tz = "Asia/Manila"\nlang = "es"\n', "es"),
        (b'\xef\xbb\xbflang = "EN"\n', "en"),  # a BOM, and capitals
        (b'tz = "Asia/Manila"\n', None),
        (b'lang = "de"\n', None),  # not a language octopus speaks
        (b"lang = 3\n", None),
        (b"lang = [\n", None),  # not TOML
        (b'lang = "fr"\nlang = "es"\n', None),  # a key twice: not TOML
        (b'lang = "\xff"\n', None),  # not UTF-8
        (b'colour = "red"\nlang = "fr"\n', "fr"),  # the rest is judged by `read_config`
        (b"[lang]\nvalue = 1\n", None),
        (b"", None),
    ],
)
def test_the_language_a_config_file_sets(home: Path, content: bytes, language: str | None) -> None:
    (home / "config.toml").write_bytes(content)
    assert configured_language(_environ(home)) == language


def test_a_config_file_octopus_cannot_read_sets_no_language(home: Path) -> None:
    (home / "config.toml").mkdir()
    assert configured_language(_environ(home)) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_for_a_config_file_does_not_hang(home: Path) -> None:
    os.mkfifo(home / "config.toml")
    assert configured_language(_environ(home)) is None


def test_a_huge_config_file_sets_no_language(home: Path) -> None:
    (home / "config.toml").write_bytes(b'lang = "fr"\n' + b"#" * (2 * 1024 * 1024))
    assert configured_language(_environ(home)) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX home directories")
def test_no_home_directory_no_language() -> None:
    assert configured_language({"OCTOPUS_HOME": "~no-such-user-octopus/x"}) is None


# ---- French and Spanish, once the catalogs are compiled ---------------------------------------


@needs_catalogs
def test_an_error_in_french(run: Run, home: Path) -> None:
    result = run("--lang", "fr", "config", "set", "lang", "de")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Erreur{NBSP}: ")
    assert f"«{NBSP}de{NBSP}»" in result.stderr
    assert "en, fr, es" in result.stderr


@needs_catalogs
def test_an_error_in_spanish(run: Run) -> None:
    result = run("--lang", "es", "export")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: indique con -o dónde escribir la exportación\n")
    assert "Por ejemplo: octopus export -o octopus.ics" in result.stderr


@needs_catalogs
def test_the_setting_makes_octopus_speak_french(run: Run, home: Path) -> None:
    assert run("config", "set", "lang", "fr", env=ENGLISH).exit_code == 0
    shown = run("config", "show")
    assert shown.exit_code == 0
    assert "tz = (non défini)" in shown.stdout
    result = run("export")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Erreur{NBSP}: ")
    # OCTOPUS_LANG wins over the setting.
    assert run("export", env=ENGLISH).stderr.startswith("Error: say where")


@needs_catalogs
def test_a_damaged_agenda_in_french(run: Run, home: Path) -> None:
    (home / "agenda.json").write_text("{", encoding="utf-8")
    result = run("--lang", "fr", "agenda", "show")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Erreur{NBSP}: le fichier d'agenda ")
    assert "n'est pas du JSON valide" in result.stderr
    assert f"Corrigez-le ou déplacez-le{NBSP};" in result.stderr


@needs_catalogs
def test_notes_and_plurals_in_french(run: Run, home: Path) -> None:
    added = run("--lang", "fr", "agenda", "add", "ws6", "ws7")
    assert added.exit_code == 0, added.stderr
    assert "Votre agenda comprend désormais ws6, ws7 (2 séances au total)." in added.stderr
    assert f"Remarque{NBSP}: ws6 et ws7 se chevauchent (toutes deux retenues)." in added.stderr
    cleared = run("--lang", "fr", "agenda", "clear")
    assert f"2 séances retirées de votre agenda{NBSP}: ws6, ws7." in cleared.stderr


@needs_catalogs
def test_report_error_in_each_language(capsys: pytest.CaptureFixture[str]) -> None:
    from octopus_cli.cli.runtime import note, report_error, warn

    i18n.activate("fr")
    report_error("quelque chose", "Un conseil.")
    note("une remarque")
    warn("un avertissement")
    assert capsys.readouterr().err == (
        f"Erreur{NBSP}: quelque chose\nUn conseil.\n"
        f"Remarque{NBSP}: une remarque\nAvertissement{NBSP}: un avertissement\n"
    )
    i18n.activate("es")
    report_error("algo")
    note("una nota")
    assert capsys.readouterr().err == "Error: algo\nNota: una nota\n"
    i18n.activate("en")
    report_error("something")
    assert capsys.readouterr().err == "Error: something\n"
