"""User settings (`octopus config`) and the choice of display zones.

The config file is TOML in the platform's config directory (or `$OCTOPUS_HOME`). It is
never rewritten when it cannot be read: a broken file is reported, not replaced."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.errors import ConfigError, ZoneError
from ..core.timezones import ResolvedZone, resolve_zone
from .fileio import NotRegularError, TooLargeError, megabytes, read_limited, write_atomic

APP_NAME = "octopus"
SETTINGS = {"tz": "default display time zone (an IANA name, e.g. Asia/Manila)"}
MAX_CONFIG_BYTES = 1024 * 1024  # a settings file holds a line or two


class HomeError(ConfigError):
    """No directory to keep octopus's files in: every command that reads them stops (exit 2)."""


def home_dir(environ: Mapping[str, str]) -> Path:
    """Where octopus keeps its files: $OCTOPUS_HOME, else the platform's config directory."""
    if environ.get("OCTOPUS_HOME"):
        value = environ["OCTOPUS_HOME"]
        try:
            return Path(value).expanduser()
        except RuntimeError:  # '~someone' for a user the system does not know
            raise HomeError(
                f"OCTOPUS_HOME: cannot find the home directory in '{value}'",
                "Give OCTOPUS_HOME the path of a directory (a '~user' there must be a user "
                "of this system).",
            ) from None
    if sys.platform == "win32":
        base = environ.get("APPDATA") or str(_user_home() / "AppData" / "Roaming")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return _user_home() / "Library" / "Application Support" / APP_NAME
    return Path(environ.get("XDG_CONFIG_HOME") or _user_home() / ".config") / APP_NAME


def _user_home() -> Path:
    """The user's home directory; HomeError when the system cannot say (HOME unset, and a
    user id without an entry in the password database, as in some containers)."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        raise HomeError(
            "cannot find your home directory: HOME is not set and this user id has no home "
            "in the system's user database",
            "Set HOME, or OCTOPUS_HOME to the directory octopus should keep its settings, "
            "agenda and cache in.",
        ) from None


def data_dir(environ: Mapping[str, str]) -> Path:
    """Where octopus keeps user data (the agenda): $OCTOPUS_HOME, else the platform's data
    directory ($XDG_DATA_HOME/octopus, ~/.local/share/octopus on Linux)."""
    if environ.get("OCTOPUS_HOME") or sys.platform in ("win32", "darwin"):
        return home_dir(environ)
    return Path(environ.get("XDG_DATA_HOME") or _user_home() / ".local" / "share") / APP_NAME


def cache_dir(environ: Mapping[str, str]) -> Path:
    """Where octopus keeps what it can rebuild (validated programmes): $OCTOPUS_HOME/cache,
    else the platform's cache directory (~/.cache/octopus on Linux)."""
    if environ.get("OCTOPUS_HOME"):
        return home_dir(environ) / "cache"
    if sys.platform == "win32":
        base = environ.get("LOCALAPPDATA") or str(_user_home() / "AppData" / "Local")
        return Path(base) / APP_NAME / "cache"
    if sys.platform == "darwin":
        return _user_home() / "Library" / "Caches" / APP_NAME
    return Path(environ.get("XDG_CACHE_HOME") or _user_home() / ".cache") / APP_NAME


def config_path(environ: Mapping[str, str]) -> Path:
    return home_dir(environ) / "config.toml"


def read_config(path: Path) -> dict[str, str]:
    """The settings in the file ({} when there is none); ConfigError when it is unusable."""
    fix = f"Fix or remove {path}; octopus never overwrites a file it cannot read."
    try:
        data = read_limited(path, MAX_CONFIG_BYTES, regular_only=True)
    except FileNotFoundError:
        return {}
    except (NotRegularError, TooLargeError) as error:
        problem = f"too large (over {megabytes(MAX_CONFIG_BYTES)})"
        if isinstance(error, NotRegularError):
            problem = "not a regular file (a FIFO, a device or a socket)"
        raise ConfigError(f"cannot read the config file {path}: {problem}", fix) from None
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}", fix) from None
    import tomllib  # here: most runs have no config file, and the import costs 2 ms

    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"the config file {path} is not UTF-8 text", fix) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the config file {path} is not valid TOML: {error}", fix) from None
    except (RecursionError, ValueError):  # absurd nesting, a number of thousands of digits
        raise ConfigError(f"the config file {path} is not a settings file", fix) from None
    settings: dict[str, str] = {}
    for key, value in document.items():
        if key not in SETTINGS:
            raise ConfigError(
                f"the config file {path} has an unknown setting '{key}'",
                "Known settings: " + ", ".join(SETTINGS) + ". " + fix,
            )
        if not isinstance(value, str):
            raise ConfigError(f"the config file {path}: '{key}' must be a string", fix)
        settings[key] = value
    return settings


def write_config(path: Path, settings: Mapping[str, str]) -> None:
    # JSON string syntax is valid TOML basic-string syntax for these values.
    lines = [f"{key} = {json.dumps(value)}\n" for key, value in sorted(settings.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "".join(lines).encode("utf-8"))


def set_setting(path: Path, key: str, value: str) -> str:
    """Store one setting (validated); returns the value as stored."""
    if key not in SETTINGS:
        raise ConfigError(
            f"unknown setting '{key}'", "Known settings: " + ", ".join(SETTINGS) + "."
        )
    settings = read_config(path)  # refuses to continue over a broken file
    stored = value
    if key == "tz":
        stored = resolve_zone(value).name
    settings[key] = stored
    write_config(path, settings)
    return stored


def unset_setting(path: Path, key: str) -> bool:
    if key not in SETTINGS:
        raise ConfigError(
            f"unknown setting '{key}'", "Known settings: " + ", ".join(SETTINGS) + "."
        )
    settings = read_config(path)
    if key not in settings:
        return False
    del settings[key]
    write_config(path, settings)
    return True


@dataclass(frozen=True)
class ZoneChoice:
    zones: list[ZoneInfo]  # display zones, the primary first
    notes: list[str]  # what the user should know about how names were read


def choose_zones(
    cli_values: Sequence[str], environ: Mapping[str, str], conference_zone: ZoneInfo
) -> ZoneChoice:
    """Display zones, by precedence: --tz, OCTOPUS_TZ, the config file, the conference zone."""
    resolved: list[ResolvedZone] = []
    if cli_values:
        resolved = [resolve_zone(value) for value in cli_values]
    elif environ.get("OCTOPUS_TZ"):
        resolved = [_resolve_from("OCTOPUS_TZ", environ["OCTOPUS_TZ"])]
    else:
        path = config_path(environ)
        configured = read_config(path).get("tz")
        if configured:
            resolved = [_resolve_from(f"the config file {path} (tz)", configured)]
    zones: list[ZoneInfo] = []
    for item in resolved:
        if item.zone not in zones:
            zones.append(item.zone)
    return ZoneChoice(zones or [conference_zone], [r.note for r in resolved if r.note])


def _resolve_from(source: str, value: str) -> ResolvedZone:
    try:
        return resolve_zone(value)
    except ZoneError as error:
        raise ZoneError(f"{source}: {error.message}", error.hint) from None
