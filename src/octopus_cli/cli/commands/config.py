"""`config show|set|unset`: the user's settings file."""

from __future__ import annotations

import os
import sys

from ...core.text import printable
from ..runtime import Invocation, write

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (3 ms)
if TYPE_CHECKING:
    from ..options import KeyArgument, ValueArgument


def show(invocation: Invocation) -> None:
    """Show the settings and where they are stored.

    Example:

      octopus config show
    """
    from ...store.config import SETTINGS, config_path, read_config

    path = config_path(os.environ)
    settings = read_config(path)
    write(f"# {printable(str(path))}{'' if path.exists() else ' (not created yet)'}\n")
    for key, meaning in SETTINGS.items():
        value = settings.get(key)
        shown = printable(value) if value is not None else "(not set)"
        write(f"{key} = {shown}    # {meaning}\n")
    if os.environ.get("OCTOPUS_TZ"):
        write(f"# OCTOPUS_TZ={printable(os.environ['OCTOPUS_TZ'])} overrides tz\n")


def set_(invocation: Invocation, key: KeyArgument, value: ValueArgument) -> None:
    """Change a setting.

    Example:

      octopus config set tz Asia/Manila
    """
    from ...store.config import config_path, set_setting

    path = config_path(os.environ)
    stored = set_setting(path, key, value)
    sys.stderr.write(f"Set {key} = {stored} in {path}\n")


def unset(invocation: Invocation, key: KeyArgument) -> None:
    """Remove a setting, going back to the default.

    Example:

      octopus config unset tz
    """
    from ...store.config import config_path, unset_setting

    path = config_path(os.environ)
    removed = unset_setting(path, key)
    sys.stderr.write(f"{'Removed' if removed else 'Not set:'} {key} ({path})\n")
