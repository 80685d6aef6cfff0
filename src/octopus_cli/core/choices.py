"""The closed sets of values options accept. Kept apart from the models so that the command
line can declare its options without loading Pydantic (`--version`, `--help` stay fast)."""

from __future__ import annotations

from enum import StrEnum


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


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    PLAIN = "plain"


class GridFormat(StrEnum):
    TEXT = "text"
    SVG = "svg"


class ExportFormat(StrEnum):
    ICS = "ics"
    JSON = "json"
    CSV = "csv"
    XML = "xml"

    @classmethod
    def for_path(cls, path: str) -> ExportFormat | None:
        """The format a file name asks for: octopus.ics, schedule.xml, picks.json."""
        suffix = path.rsplit(".", 1)[-1].casefold() if "." in path else ""
        aliases = {"ical": "ics", "ifb": "ics", "icalendar": "ics"}
        try:
            return cls(aliases.get(suffix, suffix))
        except ValueError:
            return None
