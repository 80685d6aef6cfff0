"""The head of a snapshot file (`snapshots.py`): enough to tell, without parsing the rest,
that nothing changed since the user last looked, which is what most runs find."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

# How `_update` starts a snapshot: what most runs need (nothing changed, nothing to mark)
# read from the first bytes, without parsing the versions a 1,000-session programme fills
# the rest with (5 ms of every run).
_HEAD = re.compile(rb'\{"format":(\d+),"seen":"([0-9a-f]+)","acked":"([0-9a-f]+)",')


def nothing_new(path: Path, current: str, format_: int) -> bool:
    """Whether the snapshot says, in its first line's head, that `current` is the version
    last shown and acknowledged (no marks). Anything else, or any doubt: the full read."""
    try:  # without waiting: a FIFO planted there opens at once and is not read
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        found = _HEAD.match(os.read(descriptor, 256))
    except OSError:
        return False
    finally:
        os.close(descriptor)
    if found is None or int(found[1]) != format_:
        return False
    return found[2].decode() == found[3].decode() == current
