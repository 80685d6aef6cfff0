"""A programme may carry its sessions' text in other languages (title, description,
agenda); a person who chose that language sees it, JSON and exports keep the original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run

PROGRAMME = """\
[conference]
name = "Multilingual Test Meeting"
timezone = "Europe/Madrid"
start_date = 2026-03-10
end_date = 2026-03-10

[[sessions]]
id = "open"
title = "Opening"
kind = "plenary"
start = 2026-03-10T09:00:00
end = 2026-03-10T09:30:00
description = "Welcome words."
agenda = ["Welcome", "Practical matters"]

[sessions.translations.fr]
title = "Ouverture"
description = "Mots de bienvenue."
agenda = ["Accueil", "Questions pratiques"]

[sessions.translations.es]
title = "Apertura"

[[sessions]]
id = "ws1"
label = "WS 1"
title = "Evidence across borders"
kind = "workshop"
start = 2026-03-10T10:00:00
end = 2026-03-10T11:00:00

[sessions.translations.fr]
title = "La preuve au-delà des frontières"
"""
AT = "2026-03-10T09:15"


@pytest.fixture
def programme(tmp_path: Path) -> str:
    path = tmp_path / "multilingual.toml"
    path.write_text(PROGRAMME, encoding="utf-8")
    return str(path)


def test_a_person_sees_the_programmes_own_translation(run: Run, programme: str) -> None:
    french = run("--programme", programme, "--lang", "fr", "list", "--format", "plain")
    assert "Ouverture" in french.stdout and "WS 1: La preuve au-delà" in french.stdout
    spanish = run("--programme", programme, "--lang", "es", "list", "--format", "plain")
    assert "Apertura" in spanish.stdout
    assert "Evidence across borders" in spanish.stdout  # no Spanish title: the original
    english = run("--programme", programme, "--lang", "en", "list", "--format", "plain")
    assert "Opening" in english.stdout and "Ouverture" not in english.stdout


def test_show_now_and_grid_use_it_too(run: Run, programme: str) -> None:
    shown = run("--programme", programme, "--lang", "fr", "show", "open", "--format", "plain")
    assert "Ouverture" in shown.stdout
    assert "Mots de bienvenue." in shown.stdout and "Accueil" in shown.stdout
    now = run("--programme", programme, "--lang", "fr", "now", "--at", AT, "--format", "plain")
    assert "Ouverture" in now.stdout
    grid = run("--programme", programme, "--lang", "fr", "grid", "-o", "-", "--width", "100")
    assert "Ouverture" in grid.stdout


def test_json_and_exports_keep_the_original(run: Run, programme: str) -> None:
    document = json.loads(
        run("--programme", programme, "--lang", "fr", "list", "--format", "json").stdout
    )
    assert [s["title"] for s in document["sessions"]] == [
        "Opening",
        "Evidence across borders",
    ]
    calendar = run("--programme", programme, "--lang", "fr", "export", "-o", "-")
    assert "SUMMARY:Opening" in calendar.stdout and "Ouverture" not in calendar.stdout


def test_a_translation_is_validated(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        PROGRAMME.replace(
            '[sessions.translations.es]\ntitle = "Apertura"',
            '[sessions.translations.Spanish]\nsubtitle = "Apertura"',
        ),
        encoding="utf-8",
    )
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "translations.Spanish" in result.stdout
    assert "unknown field" in result.stdout


def test_it_comes_back_from_the_cache(run: Run, programme: str) -> None:
    for _attempt in range(2):  # validated, then loaded from the cache
        result = run("--programme", programme, "--lang", "fr", "list", "--format", "plain")
        assert "Ouverture" in result.stdout


def test_search_finds_what_people_read(run: Run, programme: str) -> None:
    """`--search` looks at the programme's translations too: a French reader searches in
    French for the title they see."""
    found = run("--programme", programme, "--lang", "fr", "list", "--search", "frontières")
    assert found.exit_code == 0 and "ws1" in found.stdout
    assert "open" not in found.stdout.split()
