"""The console-script entry point. It imports almost nothing before its handlers are in
place, so that Ctrl-C at any moment ends with status 130 and no traceback."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from types import FrameType

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


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
        from .language import start_language

        start_language(sys.argv[1:], os.environ)  # before anything is written
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
    except OSError as error:  # writing to stdout outside a command (help, --version)
        from .runtime import output_error_status

        status = output_error_status(error)
    except BaseException as error:
        # Ctrl-C while a class is being made (an import) arrives wrapped, e.g. as
        # "RuntimeError: Error calling __set_name__": still an interrupt, not a bug.
        if not _caused_by_interrupt(error):
            raise
        sys.stderr.write("\n")
        status = 130
    signal.signal(signal.SIGINT, _quit_while_starting)  # all is done: nothing to clean up
    sys.exit(_flush_stdout(status))


def _caused_by_interrupt(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _flush_stdout(status: int | None) -> int | None:
    """Flush now, where a reader that went away or a full disk can be handled (not at exit)."""
    try:
        sys.stdout.flush()
    except OSError as error:
        from .runtime import output_error_status

        return output_error_status(error) or status
    except ValueError:  # closed by someone: nothing left to write
        pass
    return status


def _prepare_streams() -> None:
    """Standard streams the caller closed become usable ones; never crash on a terminal
    that cannot show a character: fall back to ASCII look-alikes."""
    if sys.stdin is None or sys.stdout is None or sys.stderr is None:
        _reopen_closed_streams()
    from ..core.text import register_ascii_fallback

    handler = register_ascii_fallback()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=handler)


def _reopen_closed_streams() -> None:
    """`octopus list >&-`: Python leaves a closed stream None. Its descriptor is given the
    null device, so that no file octopus opens takes its number; messages to a closed
    stderr go nowhere (the exit status still tells), and output to a closed stdout is an
    error, as on a full disk: the results asked for cannot be delivered."""
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        if getattr(sys, name) is not None:
            continue
        null = os.open(os.devnull, os.O_RDWR)
        if null != number:
            os.dup2(null, number)
            os.close(null)
        if name == "stdout":
            sys.stdout = io.TextIOWrapper(_ClosedOutput(), encoding="utf-8")
        else:
            mode = "r" if name == "stdin" else "w"
            setattr(sys, name, open(number, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


class _ClosedOutput(io.RawIOBase):
    """Standard output the caller closed: the first write fails with EBADF (reported as an
    error), what follows goes nowhere (so nothing fails again at exit)."""

    failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        if not self.failed:
            self.failed = True
            raise OSError(errno.EBADF, "standard output is closed")
        return len(memoryview(data))
