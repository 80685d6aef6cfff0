"""Calendar bytes as text: UTF-8, or UTF-16/32 with or without a byte-order mark."""

from __future__ import annotations

import codecs

from ...core.i18n import _
from .errors import calendar_error, export_hint


def decode(data: bytes, source: str) -> str:
    """The text of a calendar file; a CalendarError naming the encoding problem otherwise."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"  # checked before UTF-16: its little-endian BOM starts the same
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif (guess := _utf16_without_bom(data[:400])) is not None:
        encoding = guess
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8-sig":
            raise calendar_error(
                source,
                _("not valid {encoding} text (byte {byte})").format(
                    encoding=encoding.upper(), byte=error.start
                ),
                export_hint(),
            ) from None
        if b"\x00" in data[:200]:
            raise calendar_error(
                source,
                _("not UTF-8 text: it looks like UTF-16 without a byte-order mark"),
                _("Save or export the calendar again as UTF-8."),
            ) from None
        line = data.count(b"\n", 0, error.start) + 1
        raise calendar_error(
            source,
            _("not UTF-8 text (line {line}, byte {byte})").format(line=line, byte=error.start),
            _(
                "Export the calendar again as UTF-8, or convert it: "
                "iconv -f ITS-ENCODING -t UTF-8 old.ics > new.ics (e.g. WINDOWS-1252, SHIFT_JIS)"
            ),
        ) from None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when text without a byte-order mark is plainly UTF-16:
    iCalendar is mostly ASCII, so every other byte is NUL."""
    if len(head) < 4 or head.count(0) * 3 < len(head):
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return "utf-16-le" if odd > even else "utf-16-be"
