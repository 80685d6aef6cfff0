"""The one writer for files: atomic replacement, so a failed or interrupted write never
leaves a half file and never destroys the previous one."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import OctopusError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory and a rename.

    A symbolic link is written through (its target is replaced, the link stays); a FIFO or
    a device such as /dev/stdout cannot be replaced, so it is written to in place."""
    if path.exists() and not path.is_file() and not path.is_dir():  # follows links
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except OSError as error:
            raise OctopusError(f"cannot write {path}: {error.strerror or error}") from None
        return
    if path.is_symlink():
        path = path.resolve()
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise OctopusError(
            f"cannot write {path}: the directory {directory} does not exist",
            "Create the directory first, or choose another path.",
        )
    if path.is_dir():
        raise OctopusError(
            f"cannot write {path}: it is a directory", "Give the file's name, e.g. -o octopus.ics."
        )
    # The name is chosen before the file is made, so that an interrupt at any moment after
    # (even before `open` returns) finds it and removes it: no stray temporary file.
    staged = directory / f".{path.name}.{os.urandom(6).hex()}"
    try:
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            staged.chmod(path.stat().st_mode & 0o777)  # keep the replaced file's permissions
        else:
            umask = os.umask(0)
            os.umask(umask)
            staged.chmod(0o666 & ~umask)  # a new export is as readable as any new file
        staged.replace(path)
    except BaseException as error:
        if not isinstance(error, FileExistsError):  # that name was someone else's: keep it
            staged.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OctopusError(f"cannot write {path}: {error.strerror or error}") from None
        raise


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock while reading and rewriting `path`, so that
    concurrent runs (50 `octopus agenda add` at once) serialise instead of losing updates."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise OctopusError(f"cannot lock {path}: {error.strerror or error}") from None
    try:
        _lock(descriptor)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _lock(descriptor: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)  # retries for 10 s, then OSError
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)


def read_input(path: Path, what: str, option: str, limit: int) -> bytes:
    """The bytes of a file the user gave us (`what`: 'programme', 'calendar'), at most
    `limit` of them; an OctopusError saying why it cannot be read otherwise."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise OctopusError(
            f"{what} file not found: {path}", f"Check the path given to {option}."
        ) from None
    except IsADirectoryError:
        raise OctopusError(
            f"{what} path is a directory, not a file: {path}", f"Give {option} a file's path."
        ) from None
    except PermissionError:
        raise OctopusError(f"no permission to read the {what} file: {path}") from None
    except OSError as error:
        raise OctopusError(f"cannot read the {what} file {path}: {error.strerror}") from None
    if len(data) > limit:
        raise OctopusError(
            f"{what} file too large: {path} is over {limit // (1024 * 1024)} MB",
            "Is this the right file?",
        )
    return data
