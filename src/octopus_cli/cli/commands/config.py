"""`config show|set|unset`: the user's settings file."""

from __future__ import annotations

import os
import sys

from ...core.i18n import _
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
    where = printable(str(path))
    if path.exists():
        write(f"# {where}\n")
    else:
        write("# " + _("{path} (not created yet)").format(path=where) + "\n")
    for key, meaning in SETTINGS.items():
        value = settings.get(key)
        shown = printable(value) if value is not None else _("(not set)")
        write(f"{key} = {shown}    # {meaning()}\n")
    for variable, key in (("OCTOPUS_TZ", "tz"), ("OCTOPUS_LANG", "lang")):
        if os.environ.get(variable):
            given = f"{variable}={printable(os.environ[variable])}"
            write("# " + _("{variable} overrides {key}").format(variable=given, key=key) + "\n")


def set_(invocation: Invocation, key: KeyArgument, value: ValueArgument) -> None:
    """Change a setting.

    Example:

      octopus config set tz Asia/Manila
    """
    from ...store.config import config_path, set_setting

    path = config_path(os.environ)
    stored = set_setting(path, key, value)
    line = _("Set {key} = {value} in {path}").format(key=key, value=stored, path=path)
    sys.stderr.write(line + "\n")


def unset(invocation: Invocation, key: KeyArgument) -> None:
    """Remove a setting, going back to the default.

    Example:

      octopus config unset tz
    """
    from ...store.config import config_path, unset_setting

    path = config_path(os.environ)
    removed = unset_setting(path, key)
    line = _("Removed {key} ({path})") if removed else _("Not set: {key} ({path})")
    sys.stderr.write(line.format(key=key, path=path) + "\n")
