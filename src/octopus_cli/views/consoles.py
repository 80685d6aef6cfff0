"""The consoles octopus draws on: the terminal's (honouring NO_COLOR, COLUMNS and LINES) and
one that records into memory for pictures and files. Apart from `render.py` so that
drawing the grid does not import Rich's tables."""

from __future__ import annotations

from typing import IO

from rich.console import Console


def make_console(
    no_color: bool = False, file: IO[str] | None = None, *, width: int | None = None
) -> Console:
    """The terminal's console; `width` (else $COLUMNS, else the terminal's) in columns."""
    import os

    # markup/emoji/highlight off: nothing in the data is ever interpreted.
    plain = no_color or bool(os.environ.get("NO_COLOR"))
    width = width or _columns(os.environ.get("COLUMNS"))
    return Console(
        file=file,
        # No colour also means no bold or dim: not one escape sequence (no-color.org asks
        # for no colour; a terminal that cannot take colour rarely wants the rest).
        color_system=None if plain else "auto",
        no_color=plain or None,
        # Rich ignores a width without a height on a dumb terminal, so both are given.
        width=width,
        height=(_columns(os.environ.get("LINES")) or 25) if width else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def recording_console(width: int, *, color: bool = True) -> Console:
    """A console that draws into memory at a fixed width, in colour unless told not to, for
    pictures (`export_svg`) and text written to files."""
    import io

    return Console(
        file=io.StringIO(),
        record=True,
        width=width,
        height=25,
        force_terminal=color,
        color_system="truecolor" if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
    )


def export_svg(console: Console, title: str) -> str:
    """What a recording console drew, as an SVG that needs nothing from the network (Rich's
    template fetches its font from a web server; here the viewer's monospace font is used)."""
    import re

    from rich._export_format import CONSOLE_SVG_FORMAT  # the template export_svg uses

    template = re.sub(r"\s*@font-face \{\{.*?\}\}", "", CONSOLE_SVG_FORMAT, flags=re.DOTALL)
    from ..core.text import export_text, printable

    # The title is data (the conference's name): made printable, and XML gets no character
    # it forbids (U+FFFF in a title would make the file unreadable).
    return export_text(console.export_svg(title=printable(title), code_format=template))


def _columns(value: str | None) -> int | None:
    """$COLUMNS (or $LINES) as a number, when it is a sensible one."""
    if value and value.isascii() and value.isdigit() and 0 < int(value) < 10_000:
        return int(value)
    return None
