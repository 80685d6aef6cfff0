"""What can be wrong with a snapshot file (`snapshots.py`), each in a whole sentence that
names the file as {path}: apart from `snapshots.py`, which loads it only to report one."""

from __future__ import annotations

from ..core.i18n import _


def problem_sentence(problem: str) -> str:
    """The sentence (translated) for `problem`, a key below."""
    sentences = {
        "directory": _(
            "the file {path}, where octopus notes what you last saw of this programme, is a "
            "directory"
        ),
        "not regular": _(
            "the file {path}, where octopus notes what you last saw of this programme, is not"
            " a regular file"
        ),
        "too large": _(
            "the file {path}, where octopus notes what you last saw of this programme, is too"
            " large (over {size})"
        ),
        "unreadable": _(
            "the file {path}, where octopus notes what you last saw of this programme, cannot"
            " be read: {reason}"
        ),
        "not utf-8": _(
            "the file {path}, where octopus notes what you last saw of this programme, is not"
            " UTF-8 text"
        ),
        "not json": _(
            "the file {path}, where octopus notes what you last saw of this programme, is not"
            " valid JSON ({error}, line {line})"
        ),
        "absurd": _(
            "the file {path}, where octopus notes what you last saw of this programme, is not"
            " a snapshot (nested too deeply or absurd numbers)"
        ),
        "not object": _(
            "the file {path}, where octopus notes what you last saw of this programme, is not"
            " a JSON object"
        ),
        "unknown format": _(
            "the file {path}, where octopus notes what you last saw of this programme, has an"
            " unknown format {found}"
        ),
        "not snapshot": _(
            "the file {path}, where octopus notes what you last saw of this programme, is not"
            " a snapshot octopus can read (fields missing or wrong)"
        ),
        "damaged version": _(
            "the file {path}, where octopus notes what you last saw of this programme, holds "
            "a damaged session in its '{version}' version"
        ),
        "damaged gone": _(
            "the file {path}, where octopus notes what you last saw of this programme, holds "
            "a damaged session among those gone"
        ),
    }
    return sentences[problem]
