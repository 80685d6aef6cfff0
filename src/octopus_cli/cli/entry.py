"""The console-script entry point. It imports almost nothing before its handlers are in
place, so that Ctrl-C at any moment ends with status 130 and no traceback."""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point: the fast path when it applies (`fast.py`), else Typer."""
    try:
        _prepare_streams()
        from .fast import run_fast

        status = run_fast(sys.argv[1:])
        if status is None:
            from .app import app

            app()  # always ends in SystemExit
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 2
    except KeyboardInterrupt:  # before the group's own handler is in place
        sys.stderr.write("\n")
        status = 130
    _flush_stdout()
    sys.exit(status)


def _flush_stdout() -> None:
    """Flush now, where a reader that went away can be handled quietly (not at exit)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from .runtime import silence_stdout

        silence_stdout()
    except (OSError, ValueError):
        pass


def _prepare_streams() -> None:
    """Never crash on a terminal that cannot show a character: fall back to ASCII look-alikes."""
    from ..core.text import register_ascii_fallback

    handler = register_ascii_fallback()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=handler)
