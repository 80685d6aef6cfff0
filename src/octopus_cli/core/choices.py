"""The closed sets of values options accept. Kept apart from the models so that the command
line can declare its options without loading Pydantic (`--version`, `--help` stay fast)."""

from __future__ import annotations

from enum import StrEnum

from .errors import InputError
from .i18n import _

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from typing import TypeVar

    FileFormat = TypeVar("FileFormat", "ExportFormat", "GridFormat")


class Kind(StrEnum):
    PLENARY = "plenary"
    KEYNOTE = "keynote"
    PANEL = "panel"
    WORKSHOP = "workshop"
    TALK = "talk"
    LIGHTNING_TALKS = "lightning-talks"
    OUTLOOK = "outlook"
    CONCLUSIONS = "conclusions"
    BREAK = "break"
    SOCIAL = "social"


class Language(StrEnum):
    """The languages octopus speaks (`core/i18n.py`)."""

    EN = "en"
    FR = "fr"
    ES = "es"


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    PLAIN = "plain"


class GridFormat(StrEnum):
    TEXT = "text"
    SVG = "svg"

    @classmethod
    def for_path(cls, path: str) -> GridFormat | None:
        """The format a file name asks for: grid.svg, grid.txt."""
        return {"svg": cls.SVG, "txt": cls.TEXT, "text": cls.TEXT}.get(_suffix(path))


class ExportFormat(StrEnum):
    ICS = "ics"
    JSON = "json"
    CSV = "csv"
    XML = "xml"

    @classmethod
    def for_path(cls, path: str) -> ExportFormat | None:
        """The format a file name asks for: octopus.ics, schedule.xml, picks.json."""
        suffix = _suffix(path)
        aliases = {"ical": "ics", "ifb": "ics", "icalendar": "ics"}
        try:
            return cls(aliases.get(suffix, suffix))
        except ValueError:
            return None


def _suffix(path: str) -> str:
    """'ics' for 'out.ICS', '' for 'schedule' or '.hidden' (the name's, not a folder's)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    return suffix.casefold() if dot and stem else ""


def format_for_file(
    requested: FileFormat | None, path: str | None, kind: type[FileFormat], default: FileFormat
) -> FileFormat:
    """--format, else what the file's extension names, else `default` (no file, stdout, or
    no extension). An extension that names no format is an error: octopus does not write
    iCalendar into `x.pdf` or text into `grid.png`."""
    if requested is not None or path is None or path == "-" or not _suffix(path):
        return requested or default
    found = kind.for_path(path)
    if found is None:
        formats = ", ".join(f.value for f in kind)
        if kind is GridFormat:
            hint = _("Name the file .svg or .txt, or give --format ({formats}).")
        else:
            hint = _("Name the file .ics, .json, .csv or .xml, or give --format ({formats}).")
        raise InputError(
            _("-o {path}: '.{suffix}' is not a format octopus writes here").format(
                path=path, suffix=_suffix(path)
            ),
            hint.format(formats=formats),
        )
    return found
