"""The console-script entry point. It imports almost nothing before its handlers are in
place, so that Ctrl-C at any moment ends with status 130 and no traceback."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _quit_while_starting(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C before `main` is running: nothing is written yet, so nothing to clean up."""
    os.write(2, b"\n")
    os._exit(130)


# From the first line of octopus that runs; `main` hands Ctrl-C back to Python.
signal.signal(signal.SIGINT, _quit_while_starting)


def main() -> None:
    """Console-script entry point: the fast path when it applies (`fast.py`), else Typer."""
    try:
        # From here Ctrl-C is a KeyboardInterrupt again: what runs can clean up after itself.
        signal.signal(signal.SIGINT, signal.default_int_handler)
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
    except BaseException as error:
        # Ctrl-C while a class is being made (an import) arrives wrapped, e.g. as
        # "RuntimeError: Error calling __set_name__": still an interrupt, not a bug.
        if not _caused_by_interrupt(error):
            raise
        sys.stderr.write("\n")
        status = 130
    signal.signal(signal.SIGINT, _quit_while_starting)  # all is done: nothing to clean up
    _flush_stdout()
    sys.exit(status)


def _caused_by_interrupt(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


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
