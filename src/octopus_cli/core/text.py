"""Making data safe to show: no control characters or escape sequences reach a terminal."""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (ESC among them, so no ANSI sequence survives), and the
# bidirectional overrides and isolates, which can make a title read backwards.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control characters with a visible escape (ESC -> '\\x1b'); newlines and tabs
    become spaces unless kept."""

    def visible(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and keep_newlines:
            return char
        if char in "\t\n\r":
            return " "
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(visible, text)


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def export_text(text: str) -> str:
    """Text for a file format (iCalendar, XML): line ends as '\\n', and the control
    characters that neither format allows replaced with U+FFFD."""
    return _NOT_TEXT.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


# Look-alikes for terminals that only speak ASCII (LANG=C, PYTHONIOENCODING=ascii): one
# character for one, so that tables stay aligned ('…' aside). octopus's own marks each get
# a form no other has: the pick '★' is '*', the zone separator '·' '|' (as in plain
# output), a bullet 'o', the now mark '◀' '<', the range dash '–' '-', a break's shade '░'
# '.', and the grid's dashed rule '╌' (time skipped) '- - -', apart from its solid '─' '---'.
_ASCII = {
    "–": "-",
    "—": "-",
    "‒": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "◀": "<",
    "▶": ">",
    "•": "o",
    "★": "*",
    "·": "|",
    "│": "|",
    "─": "-",
    "░": ".",
    **dict.fromkeys("┌┐└┘├┤┬┴┼", "+"),
    "\u00a0": " ",
    "\u202f": " ",  # the narrow no-break space of French typography
    "«": '"',
    "»": '"',
    "¿": "?",
    "¡": "!",
}
_DASHED = "╌"  # every other one a space: '- - -'
ASCII_FALLBACK = "octopus-ascii"


def register_ascii_fallback() -> str:
    """Register (once) an encode-error handler that writes look-alikes, else '?'."""
    import codecs
    import unicodedata

    def fallback(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        chunk = error.object[error.start : error.end]
        out = []
        for index, char in enumerate(chunk, start=error.start):
            if char == _DASHED:
                out.append(" " if index % 2 else "-")
                continue
            if char in _ASCII:
                out.append(_ASCII[char])
                continue
            # As many columns as the character took, so tables and grids stay aligned:
            # 'é' -> 'e', but '½' -> '?' (not '12') and a wide '東' -> '??'.
            cells = 0 if unicodedata.combining(char) else 1
            if unicodedata.east_asian_width(char) in ("W", "F"):
                cells = 2
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base.ljust(cells) if len(base) <= cells and base else "?" * cells)
        return "".join(out), error.end

    try:
        codecs.lookup_error(ASCII_FALLBACK)
    except LookupError:
        codecs.register_error(ASCII_FALLBACK, fallback)
    return ASCII_FALLBACK


def searchable(text: str) -> str:
    """`text` as a search compares it: casefolded, accents and other marks dropped, so that
    'nunez' finds 'Núñez' and 'seance' finds 'Séance' (and the other way round)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    import unicodedata  # here: most text searched is ASCII

    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
