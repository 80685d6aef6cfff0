"""`core/jsontext.py` writes exactly what `json.dumps(..., ensure_ascii=False, indent=2)`
writes, which every JSON output of octopus is."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import pytest
from conftest import Run

from octopus_cli.core.jsontext import dumps_indented


class _Kind(enum.StrEnum):
    TALK = "talk"


class _Number(enum.IntEnum):
    ONE = 1


CASES = [
    {},
    [],
    (),
    "",
    "plain",
    'é\n\t"\\\u2028\x7f\x00',
    0,
    -7,
    10**40,
    1.5,
    -0.0,
    1e300,
    float("nan"),
    float("inf"),
    True,
    False,
    None,
    {"a": [], "b": {}, "c": [[]], "d": [{}], "e": ()},
    {"x": [1, 2.5, None, True, False, "s", {"y": (1, [2, {"z": []}])}]},
    {"kind": _Kind.TALK, "n": _Number.ONE},
    {1: "one", None: "none", False: "no", 2.5: "x"},
    [[["deep"]]],
]


@pytest.mark.parametrize("value", CASES, ids=range(len(CASES)))
def test_the_same_text_as_json_dumps(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_dumps_refuses_is_refused_alike() -> None:
    for value in ({"set": {1}}, {(1, 2): "tuple key"}, object()):
        with pytest.raises(TypeError):
            json.dumps(value, ensure_ascii=False, indent=2)
        with pytest.raises(TypeError):
            dumps_indented(value)


def test_a_published_schedule_listed_as_json_for_a_program(run: Run) -> None:
    """Piped (as here), JSON is one line of ASCII: what a program reads, smallest."""
    schedule = Path(__file__).parent / "fixtures" / "schedules" / "ccc-like.xml"
    result = run("--programme", str(schedule), "list", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert result.stdout == json.dumps(document) + "\n"
    assert result.stdout.isascii() and result.stdout.count("\n") == 1
    assert "量子コンピュータ入門" in [s["title"] for s in document["sessions"]]


def test_a_published_schedule_listed_as_json_on_a_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, the same document indented, its text as it is."""
    from octopus_cli.views import formats

    monkeypatch.setattr(formats, "_on_terminal", lambda: True)
    schedule = Path(__file__).parent / "fixtures" / "schedules" / "ccc-like.xml"
    result = run("--programme", str(schedule), "list", "--format", "json")
    document = json.loads(result.stdout)
    assert result.stdout == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert "量子コンピュータ入門" in result.stdout


def test_an_exported_json_file_is_the_same_whatever_the_terminal(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export is a file of the user's: indented, and the same bytes always."""
    from octopus_cli.views import formats

    written = []
    for terminal in (False, True):
        monkeypatch.setattr(formats, "_on_terminal", lambda terminal=terminal: terminal)
        target = tmp_path / f"picks-{terminal}.json"
        assert run("export", "ws6", "ws8", "-o", str(target)).exit_code == 0
        written.append(target.read_bytes())
    assert written[0] == written[1]
    assert written[0].startswith(b'{\n  "version": 1,')
