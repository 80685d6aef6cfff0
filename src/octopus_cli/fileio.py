"""The one writer for files: atomic replacement, so a failed or interrupted write never
leaves a half file and never destroys the previous one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OctopusError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory and a rename."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise OctopusError(
            f"cannot write {path}: the directory {directory} does not exist",
            "Create the directory first, or choose another path.",
        )
    if path.is_dir():
        raise OctopusError(f"cannot write {path}: it is a directory")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as error:
        raise OctopusError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        staged = Path(temporary)
        if path.exists():
            staged.chmod(path.stat().st_mode & 0o777)  # keep the replaced file's permissions
        else:
            umask = os.umask(0)
            os.umask(umask)
            staged.chmod(0o666 & ~umask)  # mkstemp's 0600 is too private for an export
        staged.replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OctopusError(f"cannot write {path}: {error.strerror or error}") from None
        raise
