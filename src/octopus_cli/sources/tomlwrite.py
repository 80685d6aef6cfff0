"""Programme documents as TOML text, for `octopus import SOURCE -o programme.toml`.

`dump_programme(document)` writes the dict that `tomllib.loads` gives for a programme file
back as text laid out like `data/programme.toml`: an optional `# header` comment, then
`[conference]` (its plain keys first, then `[conference.registration]`,
`[conference.organiser]`, `[[conference.related_events]]`...), then one `[[sessions]]` block
per session. Keys come in the programme's order (unknown keys after, as given); keys
whose value is None are left out. `tomllib.loads(dump_programme(doc))` equals `doc`, an
aware datetime coming back with a `datetime.timezone` of the same offset.

Layout:
- a table under `[conference]` (or any other top-level table) gets its own `[a.b]` or
  `[[a.b]]` header; inside a `[[sessions]]` block (any top-level array of tables) nested
  tables are inline (`links = [{ title = "...", url = "..." }]`), so that the session's
  keys keep their order and the block stays one block;
- an array is written on one line when `key = [...]` fits in 100 characters, else one
  item per line with a trailing comma;
- a string with a newline is a multi-line basic string (`\"\"\"` + newline + text +
  `\"\"\"`) where it is a table's value, a basic string with `\\n` inside arrays and
  inline tables. Backslashes and control characters are escaped (`\\b \\t \\n \\f \\r`,
  others `\\uXXXX`, DEL too); in multi-line strings newlines stay real newlines, a quote
  is escaped where it would make a third quote in a row, and quotes at the very end
  are escaped so that the closing delimiter is unambiguous;
- keys are bare when they match `[A-Za-z0-9_-]+`, else quoted;
- an aware datetime is an offset date-time (`2021-11-17T09:00:00+01:00`, UTC as
  `+00:00`, microseconds only when not zero), a naive one a local date-time.

Errors: ValueError for a value TOML cannot hold: an offset with seconds (a historic local
mean time such as Paris's +00:09:21 before 1911: TOML offsets are hours and minutes
only), an aware `time`, an integer outside 64 bits, a lone surrogate in a string.
TypeError for a value of a type TOML does not have (None in an array, a set, bytes...).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

TYPE_CHECKING = False  # typing's flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["dump_programme"]

WIDTH = 100  # longest one-line array, `key = [...]` included

# The order of keys in each table of a programme (by path; array indices left out).
_ORDERS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("conference", "sessions"),
    ("conference",): (
        "name",
        "title",
        "edition",
        "timezone",
        "start_date",
        "end_date",
        "ends_at",
        "online",
        "languages",
        "programme_version",
        "programme_status",
        "themes",
        "participation",
        "project",
        "funders",
        "url",
        "registration",
        "organiser",
        "related_events",
    ),
    ("conference", "registration"): ("opens", "closes", "where"),
    ("conference", "organiser"): ("name", "directorate", "address", "phone", "email"),
    ("conference", "related_events"): ("name", "date", "relation", "participation"),
    ("sessions",): (
        "id",
        "label",
        "title",
        "subtitle",
        "kind",
        "track",
        "start",
        "end",
        "tags",
        "persons",
        "language",
        "description",
        "details",
        "agenda",
        "links",
        "url",
    ),
    ("sessions", "links"): ("title", "url"),
}
_RANKS = {path: {key: i for i, key in enumerate(keys)} for path, keys in _ORDERS.items()}

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\\ud800-\udfff]')  # anything a basic string escapes
_SHORT = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
_CONTROLS = {c: _SHORT.get(c, f"\\u{c:04X}") for c in (*range(0x20), 0x7F)}
_BASIC = str.maketrans({**_CONTROLS, ord('"'): '\\"', ord("\\"): "\\\\"})
_MULTILINE = str.maketrans({**_CONTROLS, ord("\n"): "\n", ord("\\"): "\\\\"})
_COMMENT = str.maketrans({c: f"\\u{c:04X}" for c in _CONTROLS if c != 0x09})
_INT64 = (-(2**63), 2**63 - 1)
_MINUTE = timedelta(minutes=1)


def dump_programme(document: dict[str, Any], *, header: str | None = None) -> str:
    """`document` (as `tomllib.loads` gives it) as TOML text; see the module's docstring.

    `header` becomes a comment at the top, each of its lines prefixed with `# `. Raises
    ValueError for a value TOML cannot hold (an offset with seconds...), TypeError for a
    value of a type it does not have."""
    out: list[str] = []
    if header is not None:
        for line in header.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            _check_text(line)
            out.append(f"# {line.translate(_COMMENT)}".rstrip())
        out.append("")
    deferred: list[tuple[str, Any]] = []
    for key, value in _ordered(document, ()):
        if _is_table(value):
            deferred.append((key, value))
        else:
            out.append(_assignment(key, value, (key,)))
    for key, value in deferred:
        if isinstance(value, dict):
            _table(out, (key,), value, array=False, sections=True)
        else:  # a top-level array of tables ([[sessions]]): one block per item
            for item in value:
                _table(out, (key,), item, array=True, sections=False)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _table(
    out: list[str], path: tuple[str, ...], table: dict[str, Any], *, array: bool, sections: bool
) -> None:
    """Append `[path]` (or `[[path]]`) and its keys; with `sections`, nested tables follow
    under their own headers, else they are written inline."""
    name = ".".join(_key(part) for part in path)
    if out and out[-1] != "":
        out.append("")
    out.append(f"[[{name}]]" if array else f"[{name}]")
    deferred: list[tuple[str, Any]] = []
    for key, value in _ordered(table, path):
        if sections and _is_table(value):
            deferred.append((key, value))
        else:
            out.append(_assignment(key, value, (*path, key)))
    for key, value in deferred:
        if isinstance(value, dict):
            _table(out, (*path, key), value, array=False, sections=True)
        else:
            for item in value:
                _table(out, (*path, key), item, array=True, sections=True)


def _is_table(value: object) -> bool:
    """A table, or a non-empty array of tables: what may get a header of its own."""
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _ordered(table: dict[str, Any], path: tuple[str, ...]) -> list[tuple[str, Any]]:
    """The table's items without None values, known keys first in the programme's order."""
    items = [(key, value) for key, value in table.items() if value is not None]
    for key, _ in items:
        if not isinstance(key, str):
            raise TypeError(f"a TOML key must be a string, not {type(key).__name__}: {key!r}")
    ranks = _RANKS.get(path)
    if ranks:
        last = len(ranks)
        items.sort(key=lambda item: ranks.get(item[0], last))  # stable: unknown keys as given
    return items


def _assignment(key: str, value: Any, path: tuple[str, ...]) -> str:
    """`key = value` as one or more lines (multi-line strings, long arrays); `path` (the
    value's, without indices) orders the keys of inline tables."""
    name = _key(key)
    if type(value) is str:
        if "\n" in value:
            return f'{name} = """\n{_multiline(value)}"""'
        return f"{name} = {_string(value)}"
    if isinstance(value, list) and value:
        items = [_inline(item, path) for item in value]
        line = f"{name} = [{', '.join(items)}]"
        if len(line) <= WIDTH:
            return line
        return "\n".join((f"{name} = [", *(f"  {item}," for item in items), "]"))
    return f"{name} = {_inline(value, path)}"


def _inline(value: Any, path: tuple[str, ...] = ()) -> str:
    """A value on one line (strings with newlines escaped, tables as inline tables)."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        if not _INT64[0] <= value <= _INT64[1]:
            raise ValueError(f"the integer {value} does not fit in TOML's 64 bits")
        return str(value)
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        if value.utcoffset() is not None:
            raise ValueError(f"TOML has no times of day with an offset: {value!r}")
        return value.isoformat()
    if isinstance(value, list):
        return f"[{', '.join(_inline(item, path) for item in value)}]"
    if isinstance(value, dict):
        pairs = [
            f"{_key(key)} = {_inline(item, (*path, key))}" for key, item in _ordered(value, path)
        ]
        return f"{{ {', '.join(pairs)} }}" if pairs else "{}"
    if isinstance(value, str):  # a str subclass
        return _string(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _inline(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    raise TypeError(f"TOML has no value of type {kind.__name__}: {value!r}")


def _datetime(value: datetime) -> str:
    """An offset date-time (aware) or a local date-time (naive)."""
    offset = value.utcoffset()
    if offset is None:
        return value.isoformat()
    if offset % _MINUTE:
        raise ValueError(
            f"{value.isoformat()} has an offset with seconds ({value.tzname()}), which a TOML "
            "date-time cannot hold (its offsets are hours and minutes)"
        )
    return value.isoformat()  # seconds always, microseconds when not zero, +HH:MM


@lru_cache(maxsize=4096)
def _key(key: str) -> str:
    """A bare key when it can be one, else a quoted key."""
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    """A basic string: `"..."` with quotes, backslashes and control characters escaped."""
    if not _UNSAFE.search(text):
        return f'"{text}"'
    _check_text(text)
    return f'"{text.translate(_BASIC)}"'


def _multiline(text: str) -> str:
    """The body of a multi-line basic string (after the opening `\"\"\"` and newline)."""
    _check_text(text)
    body = text.rstrip('"')
    quotes = len(text) - len(body)  # escaped, or they would run into the closing quotes
    body = body.translate(_MULTILINE).replace('"""', '""\\"')
    return body + '\\"' * quotes


def _check_text(text: str) -> None:
    if _SURROGATE.search(text):
        raise ValueError(f"a lone surrogate cannot be written as UTF-8 TOML: {text!r}")
