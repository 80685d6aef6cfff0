"""French and Spanish as a person sees them, at 80 columns: today, now, grid, show, info,
clashes, an error and `list --help`, each compared with a snapshot a translator has read
(`tests/snapshots/i18n/`); layouts stay aligned with accented characters, and on a
terminal that only speaks ASCII. `OCTOPUS_UPDATE_SNAPSHOTS=1` rewrites the snapshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from octopus_cli.core import i18n

OCTOPUS = Path(sys.executable).parent / "octopus"
SNAPSHOTS = Path(__file__).parent / "snapshots" / "i18n"
AT = "2021-11-17T14:30"
COMMANDS = {
    "today": ["today", "--at", AT, "--tz", "Africa/Dakar"],
    "now": ["now", "--at", AT, "--tz", "America/Bogota"],
    "grid": ["grid", "--day", "2", "--tz", "Africa/Abidjan"],
    "show": ["show", "ws6", "--tz", "America/Mexico_City"],
    "info": ["info"],
    "clashes": ["clashes", "ws6", "ws7", "ws8"],
    "error": ["list", "--day", "someday"],
    "help": ["list", "--help"],
}
pytestmark = pytest.mark.skipif(
    not (i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "octopus.mo").is_file(),
    reason="catalogs not compiled",
)


def _run(args: list[str], home: Path, *, ascii_only: bool = False) -> str:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "OCTOPUS_HOME": str(home / "octopus"),
        "COLUMNS": "80",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "ascii" if ascii_only else "utf-8",
    }
    result = subprocess.run(
        [str(OCTOPUS), *args], capture_output=True, text=True, env=env, check=False, timeout=60
    )
    return result.stdout + result.stderr + f"[exit {result.returncode}]\n"


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_snapshot_a_translator_has_read(lang: str, name: str, tmp_path: Path) -> None:
    shown = _run(["--lang", lang, *COMMANDS[name]], tmp_path)
    snapshot = SNAPSHOTS / f"{name}-{lang}.txt"
    if os.environ.get("OCTOPUS_UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(shown, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with OCTOPUS_UPDATE_SNAPSHOTS=1"
    assert shown == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("name", ["grid", "show", "help"])  # plain lists are not wrapped
def test_nothing_is_wider_than_the_terminal(lang: str, name: str, tmp_path: Path) -> None:
    lines = _run(["--lang", lang, *COMMANDS[name]], tmp_path).splitlines()
    assert max(cell_len(line) for line in lines) <= 80


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_grid_keeps_its_columns_with_accented_headers(lang: str, tmp_path: Path) -> None:
    lines = _run(["--lang", lang, *COMMANDS["grid"]], tmp_path).splitlines()
    table = [line for line in lines if line[:1] in "│┌├└╞"]
    assert table and len({cell_len(line) for line in table}) == 1


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("name", ["today", "now", "grid", "error"])
def test_an_ascii_terminal_gets_ascii_and_the_same_words(
    lang: str, name: str, tmp_path: Path
) -> None:
    shown = _run(["--lang", lang, *COMMANDS[name]], tmp_path, ascii_only=True)
    assert "Traceback" not in shown
    assert shown.isascii(), [c for c in shown if not c.isascii()][:5]
