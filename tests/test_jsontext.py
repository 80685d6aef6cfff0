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


def test_a_published_schedule_listed_as_json(run: Run) -> None:
    schedule = Path(__file__).parent / "fixtures" / "schedules" / "ccc-like.xml"
    result = run("--programme", str(schedule), "list", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert result.stdout == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
