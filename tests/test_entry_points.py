"""The installed program as a user runs it: entry point, `python -m`, pipes, odd terminals."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from octopus_cli import __version__


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCTOPUS_")}
    env.update({"OCTOPUS_HOME": str(home), "OCTOPUS_NOW": "2021-11-17T14:30"}, **extra)
    return env


def _octopus() -> list[str]:
    script = Path(sys.executable).parent / "octopus"
    return [str(script)] if script.exists() else [shutil.which("octopus") or "octopus"]


def test_console_script_runs_from_another_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [*_octopus(), "--version"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"octopus {__version__}\n"


def test_python_dash_m_lists_the_programme(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "octopus_cli", "now", "--format", "plain"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ws6" in result.stdout
    assert "1h 20m left" in result.stdout


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # `octopus list | head -1`: the reader goes away after one line.
    producer = subprocess.Popen(
        [*_octopus(), "list", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
    )
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()
    _, stderr = producer.communicate(timeout=30)
    assert producer.returncode == 0
    assert stderr == b""


@pytest.mark.parametrize(
    "variables",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"},
        {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "30"},
    ],
    ids=["ascii", "lang-c", "dumb-30-columns"],
)
def test_odd_terminals_get_readable_output(tmp_path: Path, variables: dict[str, str]) -> None:
    result = subprocess.run(
        [*_octopus(), "list", "--day", "3", "--format", "table"],
        env=_env(tmp_path, **variables),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8")
    assert "outlook1" in out
    assert "\x1b[" not in out  # no colour codes when colour is off or output is piped
    if variables.get("PYTHONIOENCODING") == "ascii":
        out.encode("ascii")  # only ASCII reached the terminal...
        assert "Conclusions - Octopus take-aways" in out  # ...with look-alikes, not '?'
