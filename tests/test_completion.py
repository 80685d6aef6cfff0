"""Shell completion offers session ids (with titles), tracks, tags and zone names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, write_programme

from octopus_cli.cli import completion


def _complete(words: str, tmp_path: Path, shell: str = "bash") -> list[str]:
    """What the shell would offer for the last word of `words` (Typer's protocol)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCTOPUS_")}
    env["OCTOPUS_HOME"] = str(tmp_path)
    env["_OCTOPUS_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        env["COMP_WORDS"] = words
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    # The installed script: the shell calls `octopus`, and Typer names its variable after it.
    octopus = Path(sys.executable).parent / "octopus"
    result = subprocess.run([str(octopus)], env=env, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_session_ids_complete_in_every_command_that_takes_them(tmp_path: Path) -> None:
    assert _complete("octopus show ws1", tmp_path) == [
        "ws1",
        "ws10",
        "ws11",
        "ws12",
        "ws13",
        "ws14",
    ]
    assert _complete("octopus agenda add out", tmp_path) == ["outlook1", "outlook2", "outlook3"]
    assert "plenary" in _complete("octopus list pl", tmp_path)


def test_zsh_gets_the_titles_as_descriptions(tmp_path: Path) -> None:
    offered = "\n".join(_complete("octopus show ws6", tmp_path, shell="zsh"))
    assert '"ws6":"WS 6\\\\: Automated detection of child sexual abuse materials"' in offered


def test_zones_tracks_tags_and_kinds_complete(tmp_path: Path) -> None:
    zones = _complete("octopus today --tz Asia/Ma", tmp_path)
    assert {"Asia/Manila", "Asia/Magadan", "Asia/Makassar"} <= set(zones)
    assert all(zone.startswith("Asia/Ma") for zone in zones)
    assert _complete("octopus list --track ", tmp_path) == ["1", "2"]
    assert _complete("octopus list --tag reg", tmp_path) == ["regional"]
    assert _complete("octopus list --kind out", tmp_path) == ["outlook"]


@pytest.mark.parametrize("incomplete", ["", "a", "Europe/"])
def test_zone_candidates_are_iana_names_and_bounded(incomplete: str) -> None:
    found = completion.zones(incomplete)
    assert 0 < len(found) <= 200
    assert all(name.casefold().startswith(incomplete.casefold()) for name, _ in found)


def test_a_broken_programme_completes_nothing_quietly(tmp_path: Path) -> None:
    broken = write_programme(tmp_path, "[conference]\nname = 1\n")
    assert completion.session_ids(broken, "") == []
    assert completion.tags(broken, "") == []
    assert completion.tracks(broken, "") == []
