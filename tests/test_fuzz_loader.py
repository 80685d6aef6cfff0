"""Any input given as a programme yields a programme or the project's own error, never a crash.

A longer campaign (the README's "Bad input" section):
    HYPOTHESIS_PROFILE=long uv run pytest tests/test_fuzz_loader.py tests/test_usercal.py -k any
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octopus_cli.core.errors import ProgrammeError
from octopus_cli.core.models import Programme
from octopus_cli.sources.loader import load_programme
from octopus_cli.sources.programme import parse_programme

_scratch = Path(tempfile.mkdtemp(prefix="octopus-fuzz-"))


def _load_bytes(data: bytes) -> Programme | ProgrammeError:
    path = _scratch / "programme.toml"
    path.write_bytes(data)
    try:
        return load_programme(path)
    except ProgrammeError as error:
        return error


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_programme_or_a_clean_error(data: bytes) -> None:
    outcome = _load_bytes(data)
    if isinstance(outcome, ProgrammeError):
        assert outcome.message
        assert str(_scratch) in outcome.message or outcome.problems


# TOML-shaped documents built from the field names the loader knows, with any values.
_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-10, 10_000),
    st.booleans(),
    st.dates(min_value=date(2021, 11, 14), max_value=date(2021, 11, 20)),
    st.datetimes(min_value=datetime(2021, 11, 15), max_value=datetime(2021, 11, 19)),
    st.times(),
    st.just("Europe/Paris"),
    st.just("workshop"),
)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date, time)):
        return value.isoformat() if not isinstance(value, int) else str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'


_session_keys = st.sampled_from(
    ["id", "title", "kind", "track", "start", "end", "tags", "label", "description", "x"]
)
_conference_keys = st.sampled_from(
    ["name", "timezone", "start_date", "end_date", "ends_at", "online", "edition", "y"]
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = ["[conference]"]
    for key, value in draw(st.dictionaries(_conference_keys, _scalars, max_size=8)).items():
        lines.append(f"{key} = {_toml_value(value)}")
    for _ in range(draw(st.integers(0, 4))):
        lines.append("[[sessions]]")
        for key, value in draw(st.dictionaries(_session_keys, _scalars, max_size=9)).items():
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_any_toml_document_gives_a_programme_or_listed_problems(document: str) -> None:
    try:
        programme = parse_programme(document, "fuzz.toml")
    except ProgrammeError as error:
        assert error.problems, "an invalid document must say what is wrong"
        assert all(isinstance(p, str) and p for p in error.problems)
    else:
        assert all(s.start.tzinfo is not None and s.end > s.start for s in programme.sessions)
