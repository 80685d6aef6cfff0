"""The one writer and the one reader for files.

The writer replaces atomically, so a failed or interrupted write never leaves a half file
and never destroys the previous one; it refuses what it must not replace (a read-only file,
a directory). The reader takes at most a given number of bytes, and for the files octopus
keeps (settings, agenda, cache) only regular files, so a FIFO or /dev/zero where a file
should be is refused instead of hanging or filling the memory."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..core.errors import OctopusError
from ..core.i18n import _

_NAME_MAX = 255  # bytes in one file name, on every common file system


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` via a temporary file in the same directory and a rename.

    A symbolic link is written through (its target is replaced, the link stays); a FIFO or
    a device such as /dev/stdout cannot be replaced, so it is written to in place. A file
    the user may not write (read-only) is refused, and nothing is written.

    `private` (the cache): whatever is at `path` (a link, a FIFO) is replaced by a new file
    that only the user may read; nothing is ever written through it."""
    info = None if private else _stat(path)  # follows links
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        _write_in_place(path, data)
        return
    target = path if private or not path.is_symlink() else Path(os.path.realpath(path))
    directory = target.parent
    found = _stat(directory, shown=path)
    if found is None or not stat.S_ISDIR(found.st_mode):
        raise OctopusError(
            _("cannot write {path}: the directory {directory} does not exist").format(
                path=path, directory=directory
            ),
            _("Create the directory first, or choose another path."),
        )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OctopusError(
            _("cannot write {path}: it is a directory").format(path=path),
            _("Give the file's name, e.g. -o octopus.ics."),
        )
    if info is not None and not os.access(target, os.W_OK):
        raise OctopusError(
            _("cannot write {path}: it is read-only").format(path=path),
            _(
                "Make it writable first, or write elsewhere: octopus never replaces a file "
                "you may not write."
            ),
        )
    # The name is chosen before the file is made, so that an interrupt at any moment after
    # (even before `open` returns) finds it and removes it: no stray temporary file.
    staged = directory / _staged_name(target.name)
    try:
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            staged.chmod(info.st_mode & 0o777)  # keep the replaced file's permissions
        elif not private:  # (the cache stays 0600: the user's alone)
            umask = os.umask(0)
            os.umask(umask)
            staged.chmod(0o666 & ~umask)  # a new export is as readable as any new file
        staged.replace(target)
    except BaseException as error:
        if not isinstance(error, FileExistsError):  # that name was someone else's: keep it
            with suppress(OSError):
                staged.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise


def _stat(path: Path, shown: Path | None = None) -> os.stat_result | None:
    """What is at `path` (links followed), None when nothing is; an error about writing
    `shown` saying why it cannot be known (a directory one may not enter, a loop of links,
    a name too long)."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _cannot_write(shown or path, error) from None


def _cannot_write(path: Path, error: OSError) -> OctopusError:
    reason = error.strerror or error
    return OctopusError(_("cannot write {path}: {reason}").format(path=path, reason=reason))


def _staged_name(name: str) -> str:
    """'.NAME.xxxxxxxxxxxx', NAME shortened so that the whole fits in one file name."""
    suffix = f".{os.urandom(6).hex()}"
    while len(os.fsencode(f".{name}{suffix}")) > _NAME_MAX and name:
        name = name[:-1]
    return f".{name}{suffix}"


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as handle:
            handle.write(data)
    except OSError as error:
        raise _cannot_write(path, error) from None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`.lock while reading and rewriting `path`, so that
    concurrent runs (50 `octopus agenda add` at once) serialise instead of losing updates."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        reason = error.strerror or error
        raise OctopusError(
            _("cannot lock {path}: {reason}").format(path=path, reason=reason)
        ) from None
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


class NotRegularError(OSError):
    """A FIFO, a device or a socket where octopus keeps a file of its own."""


class TooLargeError(OSError):
    """More bytes than the reader's limit."""


def read_limited(
    path: Path,
    limit: int,
    *,
    regular_only: bool = False,
    mine_only: bool = False,
    follow_links: bool = True,
) -> bytes:
    """The one way octopus reads a file: at most `limit` bytes of it (TooLargeError beyond).

    `regular_only` (the files octopus keeps: settings, agenda, cache) refuses anything but a
    regular file, and opens without waiting, so a FIFO with no writer cannot hang the run;
    the files a user names (`--programme <(...)`, a calendar on a pipe) may be pipes.
    `mine_only` refuses a file of another user; without `follow_links` a link at `path` is
    refused (ELOOP). Raises OSError."""
    if regular_only or not follow_links:
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
        flags |= getattr(os, "O_NONBLOCK", 0) if regular_only else 0
        flags |= 0 if follow_links else getattr(os, "O_NOFOLLOW", 0)
        handle = os.fdopen(os.open(path, flags), "rb", buffering=0)
    else:
        handle = path.open("rb", buffering=0)  # as any program would: a FIFO waits for data
    with handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        regular = stat.S_ISREG(info.st_mode)
        if regular_only and not regular:
            raise NotRegularError(errno.EINVAL, "not a regular file", str(path))
        owner = getattr(os, "geteuid", None)
        if mine_only and owner is not None and info.st_uid != owner():
            raise PermissionError(errno.EPERM, "another user's file", str(path))
        if regular and info.st_size > limit:
            raise TooLargeError(errno.EFBIG, "too large", str(path))
        parts: list[bytes] = []
        remaining = limit + 1
        size = info.st_size + 1 if regular else 1 << 16  # a regular file: one read
        while remaining > 0:
            chunk = handle.read(min(remaining, max(size, 1 << 16)))
            if not chunk:
                break
            parts.append(chunk)
            remaining -= len(chunk)
    if remaining <= 0:
        raise TooLargeError(errno.EFBIG, "too large", str(path))
    return b"".join(parts)


def read_input(path: Path, what: str, option: str, limit: int) -> bytes:
    """The bytes of a file the user gave us (`what`: 'programme' or 'calendar'), at most
    `limit` of them; an OctopusError saying why it cannot be read otherwise."""
    programme = what == "programme"
    try:
        return read_limited(path, limit)
    except FileNotFoundError:
        if programme:
            message = _("programme file not found: {path}")
        else:
            message = _("calendar file not found: {path}")
        raise OctopusError(
            message.format(path=path), _("Check the path given to {option}.").format(option=option)
        ) from None
    except IsADirectoryError:
        if programme:
            message = _("programme path is a directory, not a file: {path}")
        else:
            message = _("calendar path is a directory, not a file: {path}")
        raise OctopusError(
            message.format(path=path), _("Give {option} a file's path.").format(option=option)
        ) from None
    except PermissionError:
        if programme:
            message = _("no permission to read the programme file: {path}")
        else:
            message = _("no permission to read the calendar file: {path}")
        raise OctopusError(message.format(path=path)) from None
    except TooLargeError:
        if programme:
            message = _("programme file too large: {path} is over {size}")
        else:
            message = _("calendar file too large: {path} is over {size}")
        raise OctopusError(
            message.format(path=path, size=megabytes(limit)), _("Is this the right file?")
        ) from None
    except OSError as error:
        if programme:
            message = _("cannot read the programme file {path}: {reason}")
        else:
            message = _("cannot read the calendar file {path}: {reason}")
        raise OctopusError(message.format(path=path, reason=error.strerror)) from None


def megabytes(limit: int) -> str:
    """'20 MB', in the active language ('20 Mo' in French)."""
    return _("{count} MB").format(count=limit // (1024 * 1024))


# ---- the private files octopus keeps for itself (the cache, fetched schedules) ------------


def checksum(data: bytes) -> str:
    """BLAKE2b of `data` (from the C module hashlib wraps: hashlib loads OpenSSL, 3 ms)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=32).hexdigest()


def owned_directory(directory: Path) -> bool:
    """Whether `directory` is a real directory (not a link) of the user's own."""
    try:
        info = os.lstat(directory)
    except OSError:
        return False
    owner = getattr(os, "geteuid", None)
    return stat.S_ISDIR(info.st_mode) and (owner is None or info.st_uid == owner())


def keep_private(directory: Path, path: Path, data: bytes) -> None:
    """Keep `data` at `path` in the private `directory` (made 0700 if need be), readable by
    the user alone; failing to (a read-only home, a directory not the user's) is no error:
    what is kept there only saves time."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if owned_directory(directory):
            write_atomic(path, data, private=True)
    except (OSError, OctopusError):
        pass
