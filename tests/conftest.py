"""Shared test helpers: run the CLI in-process with an isolated environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from octopus_cli.cli.app import app

# Fuzzing: a quick run in CI; HYPOTHESIS_PROFILE=long for a campaign of thousands of
# inputs per property (the loader, the calendar reader, the clash sweep).
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

Run = Callable[..., Result]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty OCTOPUS_HOME (config and data directory) for one test."""
    path = tmp_path / "octopus-home"
    path.mkdir()
    return path


@pytest.fixture
def run(home: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Invoke `octopus ARGS...` in-process; stdout and stderr are kept apart.

    The environment is isolated: no user config, no OCTOPUS_* from the developer's shell,
    a fixed terminal width and no colour, English unless a test asks for another language.
    Pass env={...} to add variables. The language a run chose ends with it, as it does with
    a process."""
    from octopus_cli.core.i18n import activate

    for name in ("OCTOPUS_TZ", "OCTOPUS_NOW", "OCTOPUS_PROGRAMME", "TZ", "OCTOPUS_LANG"):
        monkeypatch.delenv(name, raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):  # the developer's locale
        monkeypatch.delenv(name, raising=False)

    def invoke(
        *args: str, env: Mapping[str, str] | None = None, input: str | None = None
    ) -> Result:
        runner = CliRunner()
        environment = {"OCTOPUS_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1"}
        environment.update(env or {})
        try:
            return runner.invoke(app, list(args), env=environment, input=input)
        finally:
            activate("en")

    return invoke


def write_programme(directory: Path, text: str, name: str = "programme.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_PROGRAMME = """\
[conference]
name = "Test Conference"
timezone = "Europe/Paris"
start_date = 2021-11-16
end_date = 2021-11-17

[[sessions]]
id = "a1"
title = "First"
kind = "workshop"
track = 1
start = 2021-11-16T09:00:00
end = 2021-11-16T10:00:00

[[sessions]]
id = "b1"
title = "Second"
kind = "workshop"
track = 2
start = 2021-11-16T09:30:00
end = 2021-11-16T10:30:00
"""


# The night the clocks go back in Paris (31 Oct 2021: 02:00-03:00 happens twice): `early`
# runs 02:00-02:30 summer time (00:00-00:30 UTC), `late` 02:30-03:00 winter time
# (01:30-02:00 UTC), an hour apart though their wall clocks touch.
FALL_BACK_PROGRAMME = """\
[conference]
name = "Night Conference"
timezone = "Europe/Paris"
start_date = 2021-10-31
end_date = 2021-10-31

[[sessions]]
id = "early"
title = "Before the clocks go back"
kind = "talk"
start = 2021-10-31T02:00:00+02:00
end = 2021-10-31T02:30:00+02:00

[[sessions]]
id = "late"
title = "After the clocks go back"
kind = "talk"
track = 2
start = 2021-10-31T02:30:00+01:00
end = 2021-10-31T03:00:00
"""
